//! A JSON body parsed into one flat list of nodes: what a run needs from a response, read without
//! building a `serde_json::Value` for the whole body.
//!
//! Why: a `Value` allocates every key, string, map node and array, and building (then freeing) one for
//! a 1 MB Search API answer took 6 ms of the lab's 16 ms frame. Here serde_json's own parser (same
//! validation, same error messages and positions) fills one `Vec` of nodes; strings stay in the body
//! text (escaped ones are copied once). Parse settings with plain `.name` / `[index]` steps, the
//! Search API facts and the GraphQL errors are read from it; a `Value` is built only for the parts
//! they select (or, lazily, for the whole body when a path needs the full JSONPath engine).
//!
//! Same answers as `Value`: a repeated key keeps its last value; numbers are what serde_json read
//! (`u64`, `i64`, `f64`).

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value as Json};

/// A node; arrays and objects are followed by their members and know where they end.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Node {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(Text),
    /// The `len` members follow; `end` is the index after the last one.
    Array {
        end: u32,
        len: u32,
    },
    /// Pairs of `Key` and value follow; `end` is the index after the last one.
    Object {
        end: u32,
    },
    Key(Text),
}

/// Text in the body (`owned == false`) or, when it had escapes, in [`FlatJson::unescaped`].
#[derive(Debug, Clone, Copy, PartialEq)]
struct Text {
    owned: bool,
    start: u32,
    len: u32,
}

/// The parsed body (its text is kept by the caller and passed back to [`FlatJson::doc`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlatJson {
    nodes: Vec<Node>,
    unescaped: String,
}

impl FlatJson {
    /// Parses `source` (at most 4 GB, which the body limit keeps far away).
    pub fn parse(source: &str) -> Result<FlatJson, serde_json::Error> {
        let mut builder = Builder {
            // A node per ~16 bytes of a typical pretty-printed answer: one allocation, mostly.
            flat: FlatJson {
                nodes: Vec::with_capacity(source.len() / 16 + 1),
                unescaped: String::new(),
            },
            base: source.as_ptr() as usize,
        };
        let mut de = serde_json::Deserializer::from_str(source);
        NodeSeed(&mut builder).deserialize(&mut de)?;
        de.end()?;
        Ok(builder.flat)
    }

    /// The parsed body read against its text (the same `source` that was parsed).
    pub fn doc<'a>(&'a self, source: &'a str) -> Doc<'a> {
        Doc { flat: self, source }
    }
}

/// A parsed body with its text: navigation and conversion to `Value`.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    flat: &'a FlatJson,
    source: &'a str,
}

/// A node of a [`Doc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At(usize);

impl<'a> Doc<'a> {
    pub fn root(&self) -> At {
        At(0)
    }

    fn node(&self, at: At) -> Node {
        self.flat.nodes.get(at.0).copied().unwrap_or(Node::Null)
    }

    fn text(&self, t: Text) -> &'a str {
        let (start, end) = (t.start as usize, t.start as usize + t.len as usize);
        let s = if t.owned {
            self.flat.unescaped.get(start..end)
        } else {
            self.source.get(start..end)
        };
        s.unwrap_or("")
    }

    /// The index after `at`'s subtree.
    fn after(&self, at: At) -> usize {
        match self.node(at) {
            Node::Array { end, .. } | Node::Object { end } => end as usize,
            _ => at.0 + 1,
        }
    }

    /// The elements of an array (none for anything else).
    pub fn elements(&self, at: At) -> impl Iterator<Item = At> + '_ {
        let end = match self.node(at) {
            Node::Array { end, .. } => end as usize,
            _ => at.0 + 1,
        };
        let mut next = at.0 + 1;
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let item = At(next);
                next = self.after(item);
                item
            })
        })
    }

    /// The members of an object in document order, repeated keys included (none for anything else).
    pub fn members(&self, at: At) -> impl Iterator<Item = (&'a str, At)> + '_ {
        let end = match self.node(at) {
            Node::Object { end } => end as usize,
            _ => at.0 + 1,
        };
        let mut next = at.0 + 1;
        std::iter::from_fn(move || {
            if next >= end {
                return None;
            }
            let key = match self.node(At(next)) {
                Node::Key(t) => self.text(t),
                _ => return None,
            };
            let value = At(next + 1);
            next = self.after(value);
            Some((key, value))
        })
    }

    /// The value of `name` in an object (the last one when the key repeats, as in a `Value`).
    pub fn get(&self, at: At, name: &str) -> Option<At> {
        let Node::Object { end } = self.node(at) else {
            return None;
        };
        let (mut next, mut found) = (at.0 + 1, None);
        // A hot loop (every task of a large answer): keys of another length are skipped unread.
        while let Some(Node::Key(key)) = self.flat.nodes.get(next).copied() {
            if next >= end as usize {
                break;
            }
            let value = At(next + 1);
            if key.len as usize == name.len() && self.text(key) == name {
                found = Some(value);
            }
            next = self.after(value);
        }
        found
    }

    /// The array element at `index` (negative: from the end), as JSONPath's index selector.
    pub fn index(&self, at: At, index: i64) -> Option<At> {
        let len = i64::try_from(self.len(at)?).ok()?;
        let at_index = if index < 0 {
            len.checked_add(index)?
        } else {
            index
        };
        if !(0..len).contains(&at_index) {
            return None;
        }
        self.elements(at).nth(usize::try_from(at_index).ok()?)
    }

    /// The length of an array.
    pub fn len(&self, at: At) -> Option<usize> {
        match self.node(at) {
            Node::Array { len, .. } => Some(len as usize),
            _ => None,
        }
    }

    pub fn is_object(&self, at: At) -> bool {
        matches!(self.node(at), Node::Object { .. })
    }

    pub fn as_str(&self, at: At) -> Option<&'a str> {
        match self.node(at) {
            Node::Str(t) => Some(self.text(t)),
            _ => None,
        }
    }

    /// The number as `Value::as_i64` gives it.
    pub fn as_i64(&self, at: At) -> Option<i64> {
        match self.node(at) {
            Node::I64(n) => Some(n),
            Node::U64(n) => i64::try_from(n).ok(),
            _ => None,
        }
    }

    /// `at`'s subtree as the `Value` serde_json would have built.
    pub fn to_value(&self, at: At) -> Json {
        match self.node(at) {
            Node::Null | Node::Key(_) => Json::Null,
            Node::Bool(b) => Json::Bool(b),
            Node::U64(n) => Json::Number(n.into()),
            Node::I64(n) => Json::Number(n.into()),
            Node::F64(f) => Number::from_f64(f).map_or(Json::Null, Json::Number),
            Node::Str(t) => Json::String(self.text(t).to_string()),
            Node::Array { .. } => {
                Json::Array(self.elements(at).map(|e| self.to_value(e)).collect())
            }
            Node::Object { .. } => {
                let mut map = Map::new();
                for (key, value) in self.members(at) {
                    map.insert(key.to_string(), self.to_value(value));
                }
                Json::Object(map)
            }
        }
    }
}

/// Fills the node list as serde_json's parser reads the body.
struct Builder {
    flat: FlatJson,
    /// Where the source starts, to turn borrowed strings into offsets.
    base: usize,
}

impl Builder {
    fn text(&mut self, s: &str, borrowed: bool) -> Text {
        let len = s.len() as u32;
        if borrowed {
            // A borrowed string points into the source: its offset is the pointer difference.
            let start = (s.as_ptr() as usize).wrapping_sub(self.base) as u32;
            Text {
                owned: false,
                start,
                len,
            }
        } else {
            let start = self.flat.unescaped.len() as u32;
            self.flat.unescaped.push_str(s);
            Text {
                owned: true,
                start,
                len,
            }
        }
    }

    fn push(&mut self, node: Node) {
        self.flat.nodes.push(node);
    }

    /// Closes the array (of `len` elements) or object opened at `at`.
    fn close(&mut self, at: usize, len: u32) {
        let end = self.flat.nodes.len() as u32;
        if let Some(node) = self.flat.nodes.get_mut(at) {
            *node = match *node {
                Node::Array { .. } => Node::Array { end, len },
                _ => Node::Object { end },
            };
        }
    }
}

struct NodeSeed<'b>(&'b mut Builder);

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.0.push(Node::Bool(v));
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.0.push(Node::U64(v));
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.0.push(Node::I64(v));
        Ok(())
    }
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.0.push(Node::F64(v));
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.0.push(Node::Null);
        Ok(())
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<(), E> {
        let t = self.0.text(v, true);
        self.0.push(Node::Str(t));
        Ok(())
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        let t = self.0.text(v, false);
        self.0.push(Node::Str(t));
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let at = self.0.flat.nodes.len();
        self.0.push(Node::Array { end: 0, len: 0 });
        let mut len = 0u32;
        while seq.next_element_seed(NodeSeed(self.0))?.is_some() {
            len = len.wrapping_add(1);
        }
        self.0.close(at, len);
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let at = self.0.flat.nodes.len();
        self.0.push(Node::Object { end: 0 });
        while map.next_key_seed(KeySeed(self.0))?.is_some() {
            map.next_value_seed(NodeSeed(self.0))?;
        }
        self.0.close(at, 0);
        Ok(())
    }
}

struct KeySeed<'b>(&'b mut Builder);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<(), E> {
        let t = self.0.text(v, true);
        self.0.push(Node::Key(t));
        Ok(())
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        let t = self.0.text(v, false);
        self.0.push(Node::Key(t));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (Json, Json) {
        let flat = FlatJson::parse(text).expect("parses");
        let doc = flat.doc(text);
        (
            doc.to_value(doc.root()),
            serde_json::from_str(text).expect("serde parses"),
        )
    }

    #[test]
    fn builds_the_same_value_as_serde_json() {
        for text in [
            "null",
            "[]",
            "{}",
            r#"{"a": [1, -2, 3.5, 1e3, 18446744073709551615, -9223372036854775808], "b": {"c": null}}"#,
            r#"{"esc\"aped": "line\nbreak \u00e9 \ud83d\ude00", "plain": "x", "k": "esc\\"}"#,
            r#"{"dup": 1, "x": [{"dup": 2, "dup": 3}], "dup": "last"}"#,
            r#"  [ [ [ ] ] , { "": "" } ]  "#,
        ] {
            let (flat, serde) = both(text);
            assert_eq!(flat, serde, "{text}");
        }
    }

    #[test]
    fn errors_are_serde_json_errors() {
        for text in ["", "{", r#"{"a": nope}"#, "[1,]", "1 2", &"[".repeat(200)] {
            let ours = FlatJson::parse(text).expect_err(text).to_string();
            let theirs = serde_json::from_str::<Json>(text)
                .expect_err(text)
                .to_string();
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn navigates_like_a_value() {
        let text = r#"{"tasks": [{"n": 1}, {"n": 2}, {"n": 3}], "s": "t", "tasks2": {}, "s": "u"}"#;
        let flat = FlatJson::parse(text).unwrap();
        let doc = flat.doc(text);
        let tasks = doc.get(doc.root(), "tasks").unwrap();
        assert_eq!(doc.len(tasks), Some(3));
        let last = doc.index(tasks, -1).unwrap();
        assert_eq!(doc.to_value(last), serde_json::json!({"n": 3}));
        assert_eq!(doc.index(tasks, 3), None);
        assert_eq!(doc.index(tasks, -4), None);
        assert_eq!(doc.index(tasks, i64::MIN), None);
        assert_eq!(doc.as_str(doc.get(doc.root(), "s").unwrap()), Some("u"));
        assert_eq!(doc.get(tasks, "n"), None);
        assert!(doc.is_object(doc.root()));
    }
}

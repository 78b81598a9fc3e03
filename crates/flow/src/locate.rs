//! Where a value sits in JSON text: `line:column` of a path such as `process.links[3].conditionExpr`.
//!
//! `serde_json::Value` keeps no positions, so a small scanner walks the (already valid) text down
//! the path. It only descends into the containers on the path and skips everything else, so it is
//! linear in the text and needs no recursion.

/// One step of a path into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path into the export, also shown to users (`process.activities.a08.properties`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<Seg>);

impl JsonPath {
    pub fn root() -> Self {
        JsonPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(key.to_string()));
        p
    }

    pub fn index(&self, index: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(index));
        p
    }
}

impl std::fmt::Display for JsonPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of the value at `path` in `text`, if it can be found.
pub fn locate(text: &str, path: &JsonPath) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    for seg in &path.0 {
        pos = match seg {
            Seg::Key(key) => find_member(text, pos, key)?,
            Seg::Index(index) => find_element(bytes, pos, *index)?,
        };
    }
    Some(line_column(text, pos))
}

/// 1-based line and column (characters) of byte offset `pos`.
pub fn line_column(text: &str, pos: usize) -> (usize, usize) {
    let before = text.get(..pos).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

fn skip_ws(b: &[u8], mut pos: usize) -> usize {
    while matches!(b.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        pos += 1;
    }
    pos
}

/// End (exclusive) of the string starting at `pos` (a `"`).
fn skip_string(b: &[u8], pos: usize) -> Option<usize> {
    let mut i = pos + 1;
    loop {
        match b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// End (exclusive) of the value starting at `pos`.
fn skip_value(b: &[u8], pos: usize) -> Option<usize> {
    match b.get(pos)? {
        b'"' => skip_string(b, pos),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = pos;
            loop {
                match b.get(i)? {
                    b'"' => {
                        i = skip_string(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = pos;
            while !matches!(
                b.get(i),
                None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            ) {
                i += 1;
            }
            Some(i)
        }
    }
}

/// Start of the value of member `key` of the object at `pos`.
fn find_member(text: &str, pos: usize, key: &str) -> Option<usize> {
    let b = text.as_bytes();
    if b.get(pos) != Some(&b'{') {
        return None;
    }
    let mut i = skip_ws(b, pos + 1);
    while b.get(i) == Some(&b'"') {
        let end = skip_string(b, i)?;
        let name: Option<String> = text.get(i..end).and_then(|s| serde_json::from_str(s).ok());
        i = skip_ws(b, end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        let value = skip_ws(b, i + 1);
        if name.as_deref() == Some(key) {
            return Some(value);
        }
        i = skip_ws(b, skip_value(b, value)?);
        if b.get(i) == Some(&b',') {
            i = skip_ws(b, i + 1);
        }
    }
    None
}

/// Start of element `index` of the array at `pos`.
fn find_element(b: &[u8], pos: usize, index: usize) -> Option<usize> {
    if b.get(pos) != Some(&b'[') {
        return None;
    }
    let mut i = skip_ws(b, pos + 1);
    let mut n = 0;
    while !matches!(b.get(i), None | Some(b']')) {
        if n == index {
            return Some(i);
        }
        i = skip_ws(b, skip_value(b, i)?);
        if b.get(i) == Some(&b',') {
            i = skip_ws(b, i + 1);
        }
        n += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_members_and_elements() {
        let text = "{\n  \"a\": {\"x\": [1, {\"y\": \"z\"}]},\n  \"b\\\"q\": true\n}";
        let p = JsonPath::root().key("a").key("x").index(1).key("y");
        assert_eq!(locate(text, &p), Some((2, 24)));
        assert_eq!(locate(text, &JsonPath::root().key("b\"q")), Some((3, 11)));
        assert_eq!(locate(text, &JsonPath::root().key("nope")), None);
        assert_eq!(p.to_string(), "a.x[1].y");
    }
}

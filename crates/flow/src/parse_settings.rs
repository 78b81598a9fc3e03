//! Parse Settings of the HTTP Request node: rows of (output variable, JSONPath) applied to the JSON body
//! with jsonpath-rust (RFC 9535).
//!
//! What Flow Designer does when a path matches nothing is not documented: we keep the variable's previous
//! value and say so. Several matches are stored as a JSON list (its text for a STRING variable).
//! A path written without its `$` (`value[0].id`, as real exports have) is read from the root
//! (`$.value[0].id`), as the JSONPath library of Flow Designer's Java runtime (Jayway) reads it.

use jsonpath_rust::parser::errors::JsonPathError;
use jsonpath_rust::parser::model::{JpQuery, Segment, Selector};
use jsonpath_rust::parser::parse_json_path;
use jsonpath_rust::query::js_path_process;
use serde::Serialize;
use serde_json::Value as Json;

use super::error::{FlowError, FlowErrorKind};
use super::flat_json::{At, Doc};
use super::response::PreparedBody;

/// Longest JSONPath we accept (characters). Real parse settings are well under 200.
pub const MAX_PATH_LEN: usize = 2_000;
/// Most values one path may match before we refuse to store them.
pub const MAX_MATCHES: usize = 10_000;
/// Largest text a multi-value match may produce (bytes).
pub const MAX_MATCH_TEXT: usize = 10 * 1024 * 1024;

/// One row of the node's Parse Settings (`outputVariableArray` in the export).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParseSetting {
    /// The flow variable that receives the value (`outputVariable`).
    pub variable: String,
    /// The JSONPath (`jsonPathExp`).
    pub path: String,
}

/// A JSONPath parsed once, ready to run against any number of bodies.
#[derive(Debug, Clone)]
pub struct CompiledPath {
    source: String,
    query: JpQuery,
    /// Only `.name` / `[index]` steps (the mission's paths): read from the flat parse directly.
    plain: bool,
}

impl CompiledPath {
    /// Parses `path`, refusing paths that are too long or could take quadratic time on a large body.
    pub fn compile(path: &str) -> Result<CompiledPath, FlowError> {
        let trimmed = path.trim();
        if trimmed.is_empty() {
            return Err(FlowError::new(FlowErrorKind::JsonPath, "the JSONPath is empty")
                .with_hint("a path starts with `$`, e.g. `$.data.taskDetails.tasks[0].callbackData.callbackStatus`"));
        }
        if trimmed.chars().count() > MAX_PATH_LEN {
            return Err(FlowError::new(
                FlowErrorKind::TooLarge,
                format!("the JSONPath is longer than {MAX_PATH_LEN} characters"),
            ));
        }
        if let Some(hint) = quote_hint(trimmed) {
            return Err(FlowError::new(
                FlowErrorKind::JsonPath,
                "the JSONPath contains curly quotes",
            )
            .with_hint(hint));
        }
        if descendant_count(trimmed) > 1 {
            return Err(FlowError::new(
                FlowErrorKind::JsonPath,
                "the JSONPath uses `..` more than once",
            )
            .with_hint("nested descendant searches can take very long on a large response; use at most one `..`"));
        }
        let rooted;
        let trimmed = if trimmed.starts_with('$') || trimmed.starts_with('@') {
            trimmed
        } else {
            rooted = if trimmed.starts_with('[') {
                format!("${trimmed}")
            } else {
                format!("$.{trimmed}")
            };
            rooted.as_str()
        };
        let query = parse_json_path(trimmed).map_err(|e| {
            let mut err = FlowError::new(
                FlowErrorKind::JsonPath,
                format!("the JSONPath `{trimmed}` does not parse"),
            )
            .with_excerpt(first_line(&e.to_string()));
            if let JsonPathError::Syntax { position, .. } = e {
                if let Some(hint) = syntax_hint(trimmed, position) {
                    err = err.with_hint(hint);
                }
            }
            err
        })?;
        let plain = query
            .segments
            .iter()
            .all(|s| matches!(s, Segment::Selector(Selector::Name(_) | Selector::Index(_))));
        Ok(CompiledPath {
            source: trimmed.to_string(),
            query,
            plain,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The values the path selects in `body`, in document order.
    pub fn select<'b>(&self, body: &'b Json) -> Vec<&'b Json> {
        self.try_select(body).unwrap_or_default()
    }

    /// [`CompiledPath::select`], or why the path could not run: its `match()`/`search()` would
    /// take more than the work one path may do (jsonpath-rust's `MAX_REGEX_WORK` steps: the
    /// patterns' sizes × the lengths of the texts).
    fn try_select<'b>(&self, body: &'b Json) -> Result<Vec<&'b Json>, String> {
        match js_path_process(&self.query, body) {
            Ok(refs) => Ok(refs.into_iter().map(|r| r.val).collect()),
            Err(e @ JsonPathError::TooExpensive { .. }) => Err(e.to_string()),
            Err(_) => Ok(Vec::new()),
        }
    }

    /// When the path matches nothing but would match if letter case were ignored in member names,
    /// the corrected path (only for plain `.name` / `[index]` paths).
    pub fn case_insensitive_match(&self, body: &Json) -> Option<String> {
        let mut current = body;
        let mut corrected = String::from("$");
        let mut changed = false;
        for segment in &self.query.segments {
            let Segment::Selector(selector) = segment else {
                return None;
            };
            match selector {
                Selector::Name(name) => {
                    let object = current.as_object()?;
                    let (key, value) = match object.get_key_value(name.as_str()) {
                        Some(found) => found,
                        None => {
                            changed = true;
                            object
                                .iter()
                                .find(|(k, _)| k.to_lowercase() == name.to_lowercase())?
                        }
                    };
                    push_name(&mut corrected, key);
                    current = value;
                }
                Selector::Index(index) => {
                    let array = current.as_array()?;
                    let len = i64::try_from(array.len()).ok()?;
                    let at = if *index < 0 {
                        len.checked_add(*index)?
                    } else {
                        *index
                    };
                    current = array.get(usize::try_from(at).ok()?)?;
                    corrected.push_str(&format!("[{index}]"));
                }
                _ => return None,
            }
        }
        changed.then_some(corrected)
    }
}

impl CompiledPath {
    /// [`CompiledPath::apply`] on a prepared body: a plain path is read from the flat parse (no
    /// `Value` of the whole body is built); any other path runs on the whole body's `Value`.
    pub fn apply_prepared(&self, body: &PreparedBody) -> Selection {
        match body.doc() {
            Ok(doc) if self.plain => match self.walk(doc) {
                Some(at) => Selection::One(doc.to_value(at)),
                None => Selection::Nothing {
                    case_hint: self.case_insensitive_in(doc),
                },
            },
            _ => match body.json() {
                Ok(json) => self.apply(json),
                Err(_) => Selection::Nothing { case_hint: None },
            },
        }
    }

    /// The node a plain path selects.
    fn walk(&self, doc: Doc<'_>) -> Option<At> {
        self.query
            .segments
            .iter()
            .try_fold(doc.root(), |at, segment| match segment {
                Segment::Selector(Selector::Name(name)) => doc.get(at, name),
                Segment::Selector(Selector::Index(index)) => doc.index(at, *index),
                _ => None,
            })
    }

    /// [`CompiledPath::case_insensitive_match`] on the flat parse (same choice: the first matching
    /// key in sorted order, as a `Value`'s map iterates).
    fn case_insensitive_in(&self, doc: Doc<'_>) -> Option<String> {
        let mut current = doc.root();
        let mut corrected = String::from("$");
        let mut changed = false;
        for segment in &self.query.segments {
            match segment {
                Segment::Selector(Selector::Name(name)) => {
                    if !doc.is_object(current) {
                        return None;
                    }
                    let key = match doc.get(current, name) {
                        Some(_) => name.as_str(),
                        None => {
                            changed = true;
                            let lower = name.to_lowercase();
                            doc.members(current)
                                .map(|(k, _)| k)
                                .filter(|k| k.to_lowercase() == lower)
                                .min()?
                        }
                    };
                    current = doc.get(current, key)?;
                    push_name(&mut corrected, key);
                }
                Segment::Selector(Selector::Index(index)) => {
                    current = doc.index(current, *index)?;
                    corrected.push_str(&format!("[{index}]"));
                }
                _ => return None,
            }
        }
        changed.then_some(corrected)
    }
}

/// The result of applying one parse setting to a body.
#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    /// Exactly one value matched.
    One(Json),
    /// Several values matched: stored as a JSON list.
    Many(Json, usize),
    /// Nothing matched; `case_hint` is a corrected path when only letter case differs.
    Nothing { case_hint: Option<String> },
    /// More matches than we store (count, or the text would be too large).
    TooMany(String),
    /// The path's `match()`/`search()` would take too long on this body: not run to the end.
    TooExpensive(String),
}

impl CompiledPath {
    /// Applies the path to `body` and packages the result for a variable assignment.
    pub fn apply(&self, body: &Json) -> Selection {
        let found = match self.try_select(body) {
            Ok(found) => found,
            Err(why) => return Selection::TooExpensive(why),
        };
        match found.len() {
            0 => Selection::Nothing {
                case_hint: self.case_insensitive_match(body),
            },
            1 => match found.first() {
                Some(v) => Selection::One((*v).clone()),
                None => Selection::Nothing { case_hint: None },
            },
            n if n > MAX_MATCHES => {
                Selection::TooMany(format!("the path matched {n} values (limit {MAX_MATCHES})"))
            }
            n => {
                // Measure before cloning: overlapping matches (`$..*`) could otherwise copy the body many times.
                let mut budget = Budget(MAX_MATCH_TEXT);
                for v in &found {
                    if serde_json::to_writer(&mut budget, v).is_err() {
                        return Selection::TooMany(format!(
                            "the {n} matched values are larger than {} MB together",
                            MAX_MATCH_TEXT / (1024 * 1024)
                        ));
                    }
                }
                Selection::Many(Json::Array(found.into_iter().cloned().collect()), n)
            }
        }
    }
}

/// A writer that counts bytes and fails once its budget is spent.
struct Budget(usize);

impl std::io::Write for Budget {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 = self
            .0
            .checked_sub(buf.len())
            .ok_or_else(|| std::io::Error::other("budget spent"))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn push_name(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push_str("['");
        path.push_str(&key.replace('\\', "\\\\").replace('\'', "\\'"));
        path.push_str("']");
    }
}

/// Number of `..` descendant segments outside string literals.
fn descendant_count(path: &str) -> usize {
    let mut count = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut previous_dot = false;
    for c in path.chars() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                previous_dot = false;
            }
            '.' if previous_dot => {
                count += 1;
                previous_dot = false;
            }
            '.' => previous_dot = true,
            _ => previous_dot = false,
        }
    }
    count
}

/// A corrected path for the usual slips at a syntax error's `position` (1-based, in characters), when
/// the correction parses: a `.name` with a space, `-` or the like in it (`$.a['task Details']`),
/// an index after a dot (`$.tasks[0]`), a name in brackets without quotes (`$.tasks['first']`).
fn syntax_hint(path: &str, position: usize) -> Option<String> {
    let chars: Vec<char> = path.chars().collect();
    let opened = chars.iter().filter(|&&c| c == '[').count();
    let closed = chars.iter().filter(|&&c| c == ']').count();
    if position > chars.len() && opened > closed {
        let fixed = format!("{path}{}", "]".repeat(opened - closed));
        return Some(match parse_json_path(&fixed) {
            Ok(_) => format!("the path ends inside `[ ]`: close it: `{fixed}`"),
            Err(_) => "the path ends inside `[ ]`: close it, e.g. `$.data.tasks[0]`".to_string(),
        });
    }
    let at = position.checked_sub(1)?;
    let c = *chars.get(at)?;
    let text = |range: &[char]| range.iter().collect::<String>();
    let quoted = |name: &str| format!("['{}']", name.replace('\\', "\\\\").replace('\'', "\\'"));
    let name_char = |c: char| c.is_alphanumeric() || c == '_' || !c.is_ascii();
    let step_end = |from: usize| {
        (from..chars.len())
            .find(|&i| matches!(chars[i], '.' | '['))
            .unwrap_or(chars.len())
    };
    let (fixed, what) = if c.is_ascii_digit() && at > 0 && chars[at - 1] == '.' {
        // `$.tasks.0` → `$.tasks[0]`
        let end = step_end(at);
        let index = text(&chars[at..end]);
        let fixed = format!("{}[{index}]{}", text(&chars[..at - 1]), text(&chars[end..]));
        (fixed, "an array index goes in brackets".to_string())
    } else if name_char(c) && chars[..at].iter().rev().find(|c| !c.is_whitespace()) == Some(&'[') {
        // `$.tasks[first]` → `$.tasks['first']`
        let end = (at..chars.len()).find(|&i| chars[i] == ']')?;
        let name = text(&chars[at..end]).trim_end().to_string();
        let open = chars[..at].iter().rposition(|&c| c == '[')?;
        let fixed = format!(
            "{}{}{}",
            text(&chars[..open]),
            quoted(&name),
            text(&chars[end + 1..])
        );
        (fixed, "a name in brackets needs quotes".to_string())
    } else if c.is_whitespace() || "-/:#+%~@&;".contains(c) {
        // `$.task Details`, `$.task-details` → `$['task Details']`, `$['task-details']`
        let dot = chars[..at].iter().rposition(|&c| c == '.')?;
        let name_start = dot + 1;
        if name_start == at || !chars[name_start..at].iter().all(|&c| name_char(c)) {
            return None;
        }
        let end = step_end(at);
        let name = text(&chars[name_start..end]).trim_end().to_string();
        let fixed = format!(
            "{}{}{}",
            text(&chars[..dot]),
            quoted(&name),
            text(&chars[end..])
        );
        let what = if c.is_whitespace() {
            "spaces".to_string()
        } else {
            format!("`{c}`")
        };
        (
            fixed,
            format!("a name with {what} needs quotes and brackets"),
        )
    } else {
        return None;
    };
    parse_json_path(&fixed).ok()?;
    Some(format!("{what}: `{fixed}`"))
}

fn quote_hint(path: &str) -> Option<String> {
    path.contains(['\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}']).then(|| {
        "curly quotes (“ ” ‘ ’) come from copying out of a document; type straight quotes ' or \" instead".to_string()
    })
}

fn first_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or(text);
    line.chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mission_path_selects_status() {
        let body = json!({"data":{"taskDetails":{"tasks":[{"callbackData":{"callbackStatus":"Not Processed"}}]}}});
        let p = CompiledPath::compile("$.data.taskDetails.tasks[0].callbackData.callbackStatus")
            .unwrap();
        assert_eq!(p.apply(&body), Selection::One(json!("Not Processed")));
    }

    #[test]
    fn letter_case_hint() {
        let body =
            json!({"data":{"taskDetails":{"tasks":[{"callbackData":{"callbackConnectTime":-1}}]}}});
        let p =
            CompiledPath::compile("$.data.taskdetails.tasks[0].callbackData.callbackconnecttime")
                .unwrap();
        assert_eq!(
            p.apply(&body),
            Selection::Nothing {
                case_hint: Some(
                    "$.data.taskDetails.tasks[0].callbackData.callbackConnectTime".into()
                )
            }
        );
    }

    #[test]
    fn rejects_nested_descendants_and_curly_quotes() {
        assert!(CompiledPath::compile("$..a..b").is_err());
        assert!(CompiledPath::compile("$['..']..b").is_ok());
        assert!(CompiledPath::compile("$[‘a’]").is_err());
        // Without `$` a path is read from the root, as Flow Designer's exports write some.
        let body = serde_json::json!({"data": {"x": 1}, "value": [{"id": "a"}]});
        let rooted = CompiledPath::compile("data.x").unwrap();
        assert_eq!(rooted.source(), "$.data.x");
        assert_eq!(rooted.apply(&body), Selection::One(serde_json::json!(1)));
        let indexed = CompiledPath::compile("value[0].id").unwrap();
        assert_eq!(indexed.apply(&body), Selection::One(serde_json::json!("a")));
    }

    #[test]
    fn syntax_errors_show_where_and_suggest_a_fix() {
        let error = |path: &str| CompiledPath::compile(path).expect_err(path);
        for (path, excerpt, hint) in [
            (
                "$.data.task Details.tasks",
                "expected `.`, `..`, `[` or the end of the path, found a space at position 12",
                Some("a name with spaces needs quotes and brackets: `$.data['task Details'].tasks`"),
            ),
            (
                "$.data.callback-status",
                "expected `.`, `..`, `[` or the end of the path, found `-` at position 16",
                Some("a name with `-` needs quotes and brackets: `$.data['callback-status']`"),
            ),
            (
                "$.data.tasks.0.status",
                "a name after `.` cannot start with a digit at position 14",
                Some("an array index goes in brackets: `$.data.tasks[0].status`"),
            ),
            (
                "$.data.tasks[first]",
                "expected a selector (a quoted name, `*`, an index, a slice or a `?` filter), found `f` at position 14",
                Some("a name in brackets needs quotes: `$.data.tasks['first']`"),
            ),
            (
                "$.data[it's]",
                "expected a selector (a quoted name, `*`, an index, a slice or a `?` filter), found `i` at position 8",
                Some("a name in brackets needs quotes: `$.data['it\\'s']`"),
            ),
            (
                "$.data.tasks[0",
                "expected `,` or `]`, found the end of the path at position 15",
                Some("the path ends inside `[ ]`: close it: `$.data.tasks[0]`"),
            ),
            (
                "$.tasks[?@.status = 'x']",
                "`=` is not a comparison operator (write `==`) at position 19",
                None,
            ),
        ] {
            let e = error(path);
            assert_eq!(e.excerpt.as_deref(), Some(excerpt), "{path}");
            assert_eq!(e.hint.as_deref(), hint, "{path}");
        }
    }

    #[test]
    fn many_matches_become_a_list() {
        let body = json!({"tasks":[{"s":"a"},{"s":"b"}]});
        let p = CompiledPath::compile("$.tasks[*].s").unwrap();
        assert_eq!(p.apply(&body), Selection::Many(json!(["a", "b"]), 2));
    }
}

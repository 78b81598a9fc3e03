//! Python-Markdown's `attr_list`: `{: #id .class key="value" }` after an inline element, at the end
//! of a heading, or on the last line of a block sets HTML attributes. The companion honours a few
//! (a heading's `#id`, a link's `target="_blank"`, an image's `width`/`height`); the rest are dropped
//! when the document is built, with a warning. Elements carry the keys they got in `data-attr-list`
//! so that step knows which attributes the author set this way.

use super::Diagnostics;

/// One `key=value`, `.class`, `#id` or bare `key`.
pub type Attr = (String, Option<String>);

/// The attribute that lists which attributes came from an attribute list.
pub const MARKER: &str = "data-attr-list";

/// `{…}` at the very start of `text` (`INLINE_RE`): the attributes and how many bytes the list
/// takes; `None` when `text` does not start with one.
pub fn leading(text: &str) -> Option<(Vec<Attr>, usize)> {
    let line_end = text.find('\n').unwrap_or(text.len());
    let line = text.get(..line_end)?;
    let inner = line.strip_prefix('{')?;
    let inner = inner.strip_prefix(':').unwrap_or(inner);
    let inner_trimmed = inner.trim_start_matches(' ');
    if inner_trimmed.starts_with('}') || inner_trimmed.is_empty() {
        return None;
    }
    let close = line.rfind('}')?;
    let group_start = line.len() - inner_trimmed.len();
    if close < group_start {
        return None;
    }
    let group = line.get(group_start..close)?;
    let (attrs, remainder) = scan(group);
    if attrs.is_empty() || !remainder.is_empty() {
        return None;
    }
    Some((attrs, close + 1))
}

/// `[ ]+{…}[ ]*$` at the end of a heading (or `\n[ ]*{…}[ ]*$`, the last line of a block, when
/// `own_line`): the attributes and where the list starts.
pub fn trailing(text: &str, own_line: bool) -> Option<(Vec<Attr>, usize)> {
    let trimmed = text.trim_end_matches(' ');
    if !trimmed.ends_with('}') {
        return None;
    }
    let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let line = trimmed.get(line_start..)?;
    let (open, before_ok) = if own_line {
        let indent = line.len() - line.trim_start_matches(' ').len();
        (line_start + indent, line_start > 0)
    } else {
        // The first `{` on the line preceded by a space (the regex's `[ ]+\{`, leftmost match).
        let mut found = None;
        for (i, c) in line.char_indices() {
            if c == '{' && i > 0 && line.as_bytes().get(i - 1) == Some(&b' ') {
                let candidate = line.get(i..)?;
                if leading(candidate).is_some_and(|(_, len)| len == candidate.len()) {
                    found = Some(line_start + i);
                    break;
                }
            }
        }
        (found?, true)
    };
    if !before_ok {
        return None;
    }
    let candidate = trimmed.get(open..)?;
    let (attrs, len) = leading(candidate)?;
    if len != candidate.len() {
        return None;
    }
    let start = if own_line {
        line_start.saturating_sub(1)
    } else {
        let before = trimmed.get(..open)?;
        before.trim_end_matches(' ').len()
    };
    Some((attrs, start))
}

/// The scanner: tokens separated by spaces; stops at anything else. Returns what is left.
fn scan(mut text: &str) -> (Vec<Attr>, &str) {
    let mut attrs = Vec::new();
    loop {
        text = text.trim_start_matches(' ');
        if text.is_empty() {
            return (attrs, text);
        }
        let key_len = text.find([' ', '=', '}']).unwrap_or(text.len());
        if key_len == 0 {
            return (attrs, text);
        }
        let key = text.get(..key_len).unwrap_or("");
        let rest = text.get(key_len..).unwrap_or("");
        if let Some(value) = rest.strip_prefix('=') {
            let (value, after) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let Some(close) = value.get(1..).and_then(|v| v.find(q)) else {
                        return (attrs, text);
                    };
                    (
                        value.get(1..close + 1).unwrap_or(""),
                        value.get(close + 2..).unwrap_or(""),
                    )
                }
                _ => {
                    let len = value.find([' ', '=', '}']).unwrap_or(value.len());
                    if len == 0 {
                        return (attrs, text);
                    }
                    (
                        value.get(..len).unwrap_or(""),
                        value.get(len..).unwrap_or(""),
                    )
                }
            };
            attrs.push((key.to_owned(), Some(value.to_owned())));
            text = after;
        } else if let Some(class) = key.strip_prefix('.') {
            attrs.push((".".to_owned(), Some(class.to_owned())));
            text = rest;
        } else if let Some(id) = key.strip_prefix('#') {
            attrs.push(("id".to_owned(), Some(id.to_owned())));
            text = rest;
        } else {
            attrs.push((key.to_owned(), None));
            text = rest;
        }
    }
}

/// Sets the attributes on an element's attribute list, recording their names in [`MARKER`].
pub fn apply(
    attrs: &mut Vec<(String, String)>,
    list: &[Attr],
    _at: usize,
    _diagnostics: &mut Diagnostics,
) {
    let mut keys: Vec<String> = attrs
        .iter()
        .find(|(k, _)| k == MARKER)
        .map(|(_, v)| v.split(' ').map(str::to_owned).collect())
        .unwrap_or_default();
    for (key, value) in list {
        let (name, value) = match (key.as_str(), value) {
            (".", Some(class)) => {
                let old = attrs
                    .iter()
                    .find(|(k, _)| k == "class")
                    .map(|(_, v)| v.clone());
                let class = match old {
                    Some(old) if !old.is_empty() => format!("{old} {class}"),
                    _ => class.clone(),
                };
                ("class".to_owned(), class)
            }
            (name, Some(value)) => (name.to_ascii_lowercase(), value.clone()),
            (name, None) => (name.to_ascii_lowercase(), name.to_ascii_lowercase()),
        };
        if name == MARKER {
            continue;
        }
        match attrs.iter_mut().find(|(k, _)| *k == name) {
            Some((_, old)) => *old = value,
            None => attrs.push((name.clone(), value)),
        }
        if !keys.contains(&name) {
            keys.push(name);
        }
    }
    keys.retain(|k| !k.is_empty());
    attrs.retain(|(k, _)| k != MARKER);
    attrs.push((MARKER.to_owned(), keys.join(" ")));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        let (attrs, len) = leading("{:target=\"_blank\"} for details.").unwrap_or_default();
        assert_eq!(attrs, vec![("target".into(), Some("_blank".into()))]);
        assert_eq!(len, 18);
        assert!(leading("{: .wide #x rel=noopener }").is_some());
        assert_eq!(leading("{{ callbackStatus }}"), None);
        assert_eq!(leading("{}"), None);
        assert_eq!(
            trailing("Title {#custom}", false).map(|(_, at)| at),
            Some(5)
        );
        assert_eq!(trailing("Title{#custom}", false), None);
        assert_eq!(
            trailing("text\n{: .note }", true).map(|(_, at)| at),
            Some(4)
        );
        assert_eq!(trailing("{: .note }", true), None);
    }

    #[test]
    fn applying_merges_classes_and_marks_keys() {
        let mut attrs = vec![("class".to_owned(), "a".to_owned())];
        let mut diagnostics = Diagnostics::default();
        apply(
            &mut attrs,
            &[
                (".".into(), Some("b".into())),
                ("width".into(), Some("300".into())),
            ],
            0,
            &mut diagnostics,
        );
        assert!(attrs.contains(&("class".to_owned(), "a b".to_owned())));
        assert!(attrs.contains(&(MARKER.to_owned(), "class width".to_owned())));
    }
}

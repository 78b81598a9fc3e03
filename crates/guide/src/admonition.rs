//! Admonition headers (`!!! Note`, `!!! warning "Title"`, `???+ tip`) as Python-Markdown and MkDocs
//! Material read them.

use super::model::{AdmonitionKind, Collapsible};

/// MkDocs Material's types and aliases: one row per spelling.
const KINDS: &[(&str, AdmonitionKind)] = &[
    ("note", AdmonitionKind::Note),
    ("abstract", AdmonitionKind::Abstract),
    ("summary", AdmonitionKind::Abstract),
    ("tldr", AdmonitionKind::Abstract),
    ("info", AdmonitionKind::Info),
    ("todo", AdmonitionKind::Info),
    ("tip", AdmonitionKind::Tip),
    ("hint", AdmonitionKind::Tip),
    ("important", AdmonitionKind::Tip),
    ("success", AdmonitionKind::Success),
    ("check", AdmonitionKind::Success),
    ("done", AdmonitionKind::Success),
    ("question", AdmonitionKind::Question),
    ("help", AdmonitionKind::Question),
    ("faq", AdmonitionKind::Question),
    ("warning", AdmonitionKind::Warning),
    ("caution", AdmonitionKind::Warning),
    ("attention", AdmonitionKind::Warning),
    ("failure", AdmonitionKind::Failure),
    ("fail", AdmonitionKind::Failure),
    ("missing", AdmonitionKind::Failure),
    ("danger", AdmonitionKind::Danger),
    ("error", AdmonitionKind::Danger),
    ("bug", AdmonitionKind::Bug),
    ("example", AdmonitionKind::Example),
    ("quote", AdmonitionKind::Quote),
    ("cite", AdmonitionKind::Quote),
];

/// The kind for a type as written (`Hint` → tip); `None` when MkDocs Material does not know it.
pub fn kind_of(type_name: &str) -> Option<AdmonitionKind> {
    let lower = type_name.to_lowercase();
    KINDS
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, kind)| *kind)
}

/// A parsed header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `None` when the type is not one of MkDocs Material's (shown as a note, reported by `check`).
    pub kind: Option<AdmonitionKind>,
    /// The type as written (`Note`).
    pub type_name: String,
    pub title: Option<String>,
    pub collapsible: Option<Collapsible>,
}

/// True when `line` starts like an admonition (`!!!` or `???`).
pub fn looks_like_header(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("!!!") || line.starts_with("???")
}

/// Parses `!!! type [more classes] ["title"]`; `None` when the line is not such a header.
pub fn parse_header(line: &str) -> Option<Header> {
    let line = line.trim();
    let (collapsible, rest) = if let Some(rest) = line.strip_prefix("???+") {
        (Some(Collapsible::Open), rest)
    } else if let Some(rest) = line.strip_prefix("???") {
        (Some(Collapsible::Closed), rest)
    } else {
        (None, line.strip_prefix("!!!")?)
    };
    let rest = rest.trim();
    let (classes, title) = match rest.find('"') {
        Some(quote) => {
            let title = rest.get(quote + 1..)?.strip_suffix('"')?;
            (rest.get(..quote)?, Some(title))
        }
        None => (rest, None),
    };
    let mut words = classes.split_whitespace();
    let type_name = words.next()?;
    let is_word = |w: &str| {
        w.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    if !is_word(type_name) || !words.all(is_word) {
        return None;
    }
    let kind = kind_of(type_name);
    let title = match title {
        Some("") => None,
        Some(title) => Some(title.to_owned()),
        None => Some(capitalize(type_name)),
    };
    Some(Header {
        kind,
        type_name: type_name.to_owned(),
        title,
        collapsible,
    })
}

/// Python's `str.capitalize`, which MkDocs uses for the default title.
pub(crate) fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let note = parse_header("!!! Note");
        assert_eq!(
            note,
            Some(Header {
                kind: Some(AdmonitionKind::Note),
                type_name: "Note".into(),
                title: Some("Note".into()),
                collapsible: None,
            })
        );
        let titled = parse_header("!!! warning \"Mind the gap\"");
        assert_eq!(
            titled.as_ref().and_then(|h| h.title.as_deref()),
            Some("Mind the gap")
        );
        assert_eq!(
            titled.as_ref().and_then(|h| h.kind),
            Some(AdmonitionKind::Warning)
        );
        let untitled = parse_header("!!! tip \"\"");
        assert_eq!(untitled.as_ref().map(|h| h.title.clone()), Some(None));
        let open = parse_header("???+ faq inline end");
        assert_eq!(
            open.as_ref().and_then(|h| h.kind),
            Some(AdmonitionKind::Question)
        );
        assert_eq!(
            open.as_ref().and_then(|h| h.collapsible),
            Some(Collapsible::Open)
        );
        let unknown = parse_header("!!! Shout");
        assert_eq!(unknown.as_ref().map(|h| h.kind), Some(None));
        assert_eq!(parse_header("!!!"), None);
        assert_eq!(parse_header("!!! \"only title\""), None);
        assert_eq!(parse_header("!!! note \"unterminated"), None);
        assert_eq!(parse_header("Wow!!!"), None);
    }
}

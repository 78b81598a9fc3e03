//! Fenced code blocks as PyMdown's SuperFences finds them, before any block parsing: a fence may sit
//! at any indentation and behind `>` quote markers; every line up to the closing fence must carry the
//! same prefix. The block is replaced by one line, the prefix plus a placeholder, so it stays inside
//! the list item or quote it was written in.

use super::stash::{Stash, Stashed};
use super::text::SrcText;

/// Replaces fenced blocks in `body` by placeholders stored in `stash`.
pub fn extract(body: &SrcText, stash: &mut Stash) -> SrcText {
    let lines = body.lines();
    let mut out: Vec<SrcText> = Vec::with_capacity(lines.len());
    let mut index = 0;
    while index < lines.len() {
        let Some(line) = lines.get(index) else { break };
        let may_open = line.as_str().contains("```") || line.as_str().contains("~~~");
        if let Some(open) = opening(line.as_str()).filter(|_| may_open) {
            if let Some((code, end)) = body_of(&lines, index, &open) {
                let at = line.src(open.prefix.len());
                let mut placeholder = line.slice_to(open.prefix.len());
                placeholder.push(&SrcText::new(
                    &stash.store(Stashed::Code {
                        language: open.language.clone(),
                        text: code,
                        at,
                    }),
                    at,
                ));
                out.push(placeholder);
                index = end + 1;
                continue;
            }
        }
        out.push(line.clone());
        index += 1;
    }
    SrcText::join(&out, "\n")
}

struct Opening {
    /// Spaces and `>` before the fence.
    prefix: String,
    quote_level: usize,
    /// The fence itself (`` ``` ``, `~~~~`): the closing line must be exactly this.
    fence: String,
    language: Option<String>,
}

/// `RE_NESTED_FENCE_START` after a prefix of spaces and `>`.
fn opening(line: &str) -> Option<Opening> {
    let prefix_len = line.len() - line.trim_start_matches([' ', '>']).len();
    let prefix = line.get(..prefix_len)?;
    let rest = line.get(prefix_len..)?;
    let fence_char = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let fence_len = rest.chars().take_while(|c| *c == fence_char).count();
    if fence_len < 3 {
        return None;
    }
    let fence = rest.get(..fence_len)?;
    let info = rest.get(fence_len..)?;
    let language = info_string(info)?;
    Some(Opening {
        prefix: prefix.to_owned(),
        quote_level: prefix.matches('>').count(),
        fence: fence.to_owned(),
        language,
    })
}

/// The info string after the fence: an optional language, then `{attributes}` or `key="value"`
/// options. `None` when it is none of these (SuperFences then does not see a fence).
fn info_string(info: &str) -> Option<Option<String>> {
    let mut rest = info.trim_start_matches([' ', '\t']);
    let mut language = None;
    let word_len = rest
        .strip_prefix('.')
        .unwrap_or(rest)
        .chars()
        .take_while(|c| c.is_alphanumeric() || "_#.+-".contains(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    let dot = usize::from(rest.starts_with('.'));
    if word_len > 0 {
        let after = rest.get(dot + word_len..)?;
        if after.is_empty() || after.starts_with([' ', '\t']) {
            language = rest.get(dot..dot + word_len).map(str::to_owned);
            rest = after.trim_start_matches([' ', '\t']);
        }
    }
    if rest.is_empty() {
        return Some(language);
    }
    if let Some(inner) = rest.strip_prefix('{') {
        return inner
            .trim_end_matches([' ', '\t'])
            .ends_with('}')
            .then_some(language);
    }
    options(rest).then_some(language)
}

/// `name` or `name="value"` options separated by spaces.
fn options(mut text: &str) -> bool {
    while !text.is_empty() {
        let name_len = text
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if name_len == 0 || !text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
            return false;
        }
        text = text.get(name_len..).unwrap_or("");
        if let Some(value) = text.strip_prefix('=') {
            let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                return false;
            };
            let Some(close) = value.get(1..).and_then(|v| v.find(quote)) else {
                return false;
            };
            text = value.get(close + 2..).unwrap_or("");
        }
        if !text.is_empty() && !text.starts_with([' ', '\t']) {
            return false;
        }
        text = text.trim_start_matches([' ', '\t']);
    }
    true
}

/// The code of the fence opened at `start` and the index of its closing line, or `None` when a line
/// leaves the fence's indentation (or quote) first, or it is never closed.
fn body_of(lines: &[SrcText], start: usize, open: &Opening) -> Option<(String, usize)> {
    let width = open.prefix.chars().count();
    let mut code: Vec<&str> = Vec::new();
    let mut empty_lines = 0usize;
    for (index, line) in lines.iter().enumerate().skip(start + 1) {
        let text = line.as_str();
        let taken = text
            .char_indices()
            .take_while(|(i, c)| *i < width && (*c == ' ' || *c == '>'))
            .count();
        let ws = text.get(..taken).unwrap_or("");
        let content = text.get(taken..).unwrap_or("");
        let quote_level = ws.matches('>').count();
        let closes = content
            .strip_prefix(open.fence.as_str())
            .is_some_and(|after| after.trim_matches([' ', '\t']).is_empty());
        if open.quote_level > 0 {
            if quote_level > open.quote_level {
                return None;
            }
            if content.is_empty() {
                empty_lines += 1;
                code.push("");
                continue;
            }
            if ws.len() < width || (empty_lines > 0 && quote_level < open.quote_level) {
                return None;
            }
        } else {
            if quote_level > 0 {
                return None;
            }
            if text.trim().is_empty() {
                code.push(content);
                continue;
            }
            if ws.len() != width {
                return None;
            }
            if closes && !content.starts_with([' ', '\t']) {
                return Some((code.join("\n"), index));
            }
            empty_lines = 0;
            code.push(content);
            continue;
        }
        if closes {
            return Some((code.join("\n"), index));
        }
        empty_lines = 0;
        code.push(content);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::stash::lone_placeholder;

    fn run(source: &str) -> (String, Stash) {
        let mut stash = Stash::default();
        let out = extract(&SrcText::new(source, 0), &mut stash);
        (out.as_str().to_owned(), stash)
    }

    #[test]
    fn indented_and_quoted_fences() {
        let (out, stash) =
            run("1. x\n\n    ```GraphQL\n    query {\n      a\n    }\n    ```\nafter");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out:?}");
        assert!(lines[2].starts_with("    ") && lone_placeholder(lines[2]).is_some());
        match stash.get(0) {
            Some(Stashed::Code { language, text, at }) => {
                assert_eq!(language.as_deref(), Some("GraphQL"));
                assert_eq!(text, "query {\n  a\n}");
                assert_eq!(*at, 10);
            }
            other => panic!("{other:?}"),
        }
        let (out, stash) = run("> ```json\n> {}\n>\n> ```\n");
        assert!(out.starts_with("> \u{2}0\u{3}"), "{out:?}");
        assert!(matches!(stash.get(0), Some(Stashed::Code { text, .. }) if text == "{}\n"));
    }

    #[test]
    fn what_is_not_a_fence() {
        for source in [
            "```code```\n",
            "``\nx\n``\n",
            "  ```\n x\n  ```\n",
            "```\nnever closed\n",
            "```\nx\n````\n",
        ] {
            let (out, _) = run(source);
            assert_eq!(out, source, "{source:?}");
        }
        let (_, stash) = run("``` JSON title=\"x\"\n{}\n```\n");
        assert!(
            matches!(stash.get(0), Some(Stashed::Code { language: Some(l), .. }) if l == "JSON")
        );
    }
}

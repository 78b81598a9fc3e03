//! What MkDocs and Python-Markdown do to a page before parsing it: the YAML front matter (or
//! MultiMarkdown-style `key: value` lines) is taken off as metadata, then whitespace is normalised:
//! `\r\n` becomes `\n`, tabs are expanded to 4-column stops, lines of only spaces become empty.

use super::text::SrcText;

/// The page split into its metadata and the Markdown to parse.
pub struct Page {
    /// `key: value` pairs of the front matter, in order.
    pub meta: Vec<(String, String)>,
    /// Lines read as MultiMarkdown metadata (MkDocs hides them): their first byte, for a warning.
    pub hidden_meta: Option<usize>,
    pub body: SrcText,
}

/// Splits off the metadata MkDocs reads (`mkdocs.utils.meta.get_data`).
pub fn split_page(source: &str) -> Page {
    if let Some((yaml, end)) = yaml_front_matter(source) {
        let rest_start = end
            + source
                .get(end..)
                .map_or(0, |r| r.len() - r.trim_start_matches('\n').len());
        return Page {
            meta: yaml_entries(yaml),
            hidden_meta: None,
            body: normalize(source, rest_start),
        };
    }
    let (meta, end) = multimarkdown_meta(source);
    let hidden_meta = (!meta.is_empty()).then_some(0);
    let rest_start = end
        + source
            .get(end..)
            .map_or(0, |r| r.len() - r.trim_start_matches(['\n', '\r']).len());
    Page {
        meta,
        hidden_meta,
        body: normalize(source, rest_start),
    }
}

/// `---\n…\n---\n` (or `...`) at the very start: the YAML text and the offset after the closing line.
fn yaml_front_matter(source: &str) -> Option<(&str, usize)> {
    let first_end = source.find('\n')?;
    let first = source.get(..first_end)?.trim_end_matches('\r');
    if first.trim_end_matches([' ', '\t']) != "---" {
        return None;
    }
    let content_start = first_end + 1;
    let mut at = content_start;
    while at < source.len() {
        let line_end = source.get(at..)?.find('\n').map(|i| at + i)?;
        let line = source.get(at..line_end)?.trim_end_matches('\r');
        let bare = line.trim_end_matches([' ', '\t']);
        // The YAML holds at least one line (MkDocs' pattern needs one before the closing line).
        if at > content_start && (bare == "---" || bare == "...") {
            return Some((source.get(content_start..at)?, line_end + 1));
        }
        at = line_end + 1;
    }
    None
}

/// `key: value` lines of YAML; comments, nested and indented lines are skipped.
fn yaml_entries(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#') && !line.starts_with([' ', '\t']))
        .filter_map(|line| line.split_once(':'))
        .map(|(key, value)| {
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            (key.trim().to_owned(), value.to_owned())
        })
        .filter(|(key, _)| !key.is_empty())
        .collect()
}

/// MultiMarkdown metadata: `Key: value` lines (and indented continuations) up to the first blank
/// line; stops, keeping the line, at the first line that is neither.
fn multimarkdown_meta(source: &str) -> (Vec<(String, String)>, usize) {
    let mut meta: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    while at < source.len() {
        let line_end = source
            .get(at..)
            .and_then(|r| r.find('\n'))
            .map_or(source.len(), |i| at + i);
        let line = source
            .get(at..line_end)
            .unwrap_or("")
            .trim_end_matches('\r');
        let next = (line_end + 1).min(source.len());
        if line.trim().is_empty() {
            let end = if meta.is_empty() { 0 } else { next };
            return (meta, end);
        }
        if let Some((key, value)) = meta_line(line) {
            match meta.iter_mut().find(|(k, _)| *k == key) {
                Some((_, old)) => {
                    old.push(' ');
                    old.push_str(&value);
                }
                None => meta.push((key, value)),
            }
        } else if line.starts_with("    ") && !meta.is_empty() {
            if let Some((_, old)) = meta.last_mut() {
                old.push(' ');
                old.push_str(line.trim());
            }
        } else {
            return (meta, at);
        }
        at = next;
    }
    let end = at.min(source.len());
    (meta, end)
}

/// `^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)`
fn meta_line(line: &str) -> Option<(String, String)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line.get(indent..)?;
    let key_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count();
    if key_len == 0 || rest.as_bytes().get(key_len) != Some(&b':') {
        return None;
    }
    let key = rest.get(..key_len)?.to_ascii_lowercase();
    let value = rest.get(key_len + 1..)?.trim().to_owned();
    Some((key, value))
}

/// Python-Markdown's `NormalizeWhitespace` on `source[start..]`, keeping source offsets.
fn normalize(source: &str, start: usize) -> SrcText {
    let mut out = SrcText::new("", start);
    let mut first = true;
    let mut at = start.min(source.len());
    let body = source.get(at..).unwrap_or("");
    if body.trim().is_empty() {
        return SrcText::new("", start);
    }
    let mut lines: Vec<SrcText> = Vec::new();
    let has_cr = body.contains('\r');
    while at <= source.len() {
        let rest = source.get(at..).unwrap_or("");
        let line_end = if has_cr {
            rest.find(['\n', '\r'])
        } else {
            rest.find('\n')
        }
        .map_or(source.len(), |i| at + i);
        let raw = source.get(at..line_end).unwrap_or("");
        lines.push(expand_line(raw, at, first));
        first = false;
        if line_end >= source.len() {
            break;
        }
        let newline_len = if source.get(line_end..line_end + 2) == Some("\r\n") {
            2
        } else {
            1
        };
        at = line_end + newline_len;
        if at == source.len() {
            lines.push(SrcText::new("", at));
            break;
        }
    }
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            out.push_str("\n");
        }
        out.push(line);
    }
    out.push_str("\n\n");
    out
}

/// One line with STX/ETX dropped and tabs expanded; a line of only spaces (but the first) is empty.
fn expand_line(raw: &str, at: usize, first: bool) -> SrcText {
    // Most lines have nothing to expand (the standard library's search is fast on long lines).
    if !raw.contains('\t') && !raw.contains('\u{2}') && !raw.contains('\u{3}') {
        let blank = !first && raw.starts_with(' ') && raw.trim_start_matches(' ').is_empty();
        return SrcText::new(if blank { "" } else { raw }, at);
    }
    let mut line = SrcText::new("", at);
    let mut column = 0usize;
    let mut run_start = 0usize;
    let flush = |line: &mut SrcText, from: usize, to: usize| {
        if to > from {
            line.push(&SrcText::new(raw.get(from..to).unwrap_or(""), at + from));
        }
    };
    for (index, c) in raw.char_indices() {
        match c {
            '\t' => {
                flush(&mut line, run_start, index);
                let width = 4 - column % 4;
                line.push(&SrcText::new(&" ".repeat(width), at + index));
                column += width;
                run_start = index + 1;
            }
            '\u{2}' | '\u{3}' => {
                flush(&mut line, run_start, index);
                run_start = index + c.len_utf8();
            }
            _ => column += 1,
        }
    }
    flush(&mut line, run_start, raw.len());
    if !first && !line.is_empty() && line.as_str().bytes().all(|b| b == b' ') {
        return SrcText::new("", at);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_is_metadata() {
        let page = split_page("---\n#icon: x\nicon: material/medal\n---\n\n\n# Title\n");
        assert_eq!(
            page.meta,
            vec![("icon".to_owned(), "material/medal".to_owned())]
        );
        assert_eq!(page.body.as_str(), "# Title\n\n\n");
        assert_eq!(page.body.start(), 40);
        assert_eq!(page.hidden_meta, None);
    }

    #[test]
    fn multimarkdown_lines_are_metadata_too() {
        let page = split_page("Title: A page\nAuthor: me\n    and you\n\nText: here\n");
        assert_eq!(
            page.meta,
            vec![
                ("title".to_owned(), "A page".to_owned()),
                ("author".to_owned(), "me and you".to_owned())
            ]
        );
        assert_eq!(page.body.as_str(), "Text: here\n\n\n");
        assert_eq!(page.hidden_meta, Some(0));
        let plain = split_page("# Heading\nNote: x\n");
        assert!(plain.meta.is_empty());
        assert_eq!(plain.body.as_str(), "# Heading\nNote: x\n\n\n");
    }

    #[test]
    fn whitespace_is_normalised() {
        let page = split_page("a\tb\r\n   \r\n\tc");
        assert_eq!(page.body.as_str(), "a   b\n\n    c\n\n");
        let c = page.body.as_str().find('c').unwrap_or(0);
        assert_eq!(page.body.src(c), 11);
    }
}

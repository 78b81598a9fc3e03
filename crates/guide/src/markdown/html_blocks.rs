//! Raw HTML blocks as Python-Markdown's `HTMLExtractor` (with `md_in_html`) finds them: a block-level
//! tag at the start of a line (up to 3 spaces in) starts raw HTML that runs to its matching closing
//! tag, blank lines and Markdown included; the block is replaced by a placeholder. A tag anywhere else
//! is inline HTML, left in the text. An element with a `markdown` attribute keeps its content as
//! Markdown (`md_in_html`). An opening tag never closed makes the rest of the page raw HTML — the
//! check reports that.

use crate::diagnostic::DiagnosticKind;
use crate::html::{markup_at, TagKind, Token};

use super::stash::{Stash, Stashed};
use super::text::SrcText;
use super::{Diagnostics, Noted};

/// Python-Markdown's `BLOCK_LEVEL_ELEMENTS`.
pub const BLOCK_LEVEL: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "canvas",
    "colgroup",
    "dd",
    "body",
    "dt",
    "group",
    "html",
    "iframe",
    "li",
    "legend",
    "math",
    "map",
    "noscript",
    "output",
    "object",
    "option",
    "progress",
    "script",
    "style",
    "summary",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "tr",
    "video",
    "center",
];

/// `md_in_html`: block-level tags whose content is inline only with `markdown="1"`.
const SPAN_TAGS: &[&str] = &[
    "address", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "legend", "li", "p", "summary",
    "td", "th",
];
/// `md_in_html`: block-level tags whose content is never Markdown.
const RAW_TAGS: &[&str] = &[
    "canvas", "math", "option", "pre", "script", "style", "textarea",
];

pub fn is_block_level(tag: &str) -> bool {
    BLOCK_LEVEL.contains(&tag)
}

/// Whose content the HTML parser reads as text up to the closing tag.
fn is_cdata(tag: &str) -> bool {
    matches!(tag, "script" | "style")
}

/// How `md_in_html` treats an element's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkdownState {
    Block,
    Span,
}

/// An element kept for the block parser: its tag, attributes and Markdown content.
#[derive(Debug, Clone)]
pub struct MarkdownElement {
    pub tag: String,
    pub attrs: Vec<(String, String)>,
    pub state: MarkdownState,
    pub content: SrcText,
    pub at: usize,
}

/// Nested `markdown` elements deeper than this are left raw.
const MAX_ELEMENT_DEPTH: usize = 16;

/// Replaces raw HTML blocks (and Markdown-in-HTML elements) in `text` by placeholders.
pub fn extract(
    text: &SrcText,
    stash: &mut Stash,
    elements: &mut Vec<MarkdownElement>,
    diagnostics: &mut Diagnostics,
    depth: usize,
) -> SrcText {
    let mut extractor = Extractor {
        text,
        src: text.as_str(),
        stash,
        elements,
        diagnostics,
        depth,
        out: Vec::new(),
        cache: Vec::new(),
        inraw: false,
        intail: false,
        stack: Vec::new(),
        inline_stack: Vec::new(),
        raw_start: 0,
    };
    extractor.run();
    SrcText::join(&extractor.out, "")
}

struct Extractor<'a> {
    text: &'a SrcText,
    src: &'a str,
    stash: &'a mut Stash,
    elements: &'a mut Vec<MarkdownElement>,
    diagnostics: &'a mut Diagnostics,
    depth: usize,
    /// The cleaned document, piece by piece.
    out: Vec<SrcText>,
    /// The raw HTML being collected.
    cache: Vec<SrcText>,
    inraw: bool,
    /// Just after a raw block's closing tag, on the same line.
    intail: bool,
    /// Open tags of the raw block (with where each opened).
    stack: Vec<(String, usize)>,
    /// Inline tags open in the current paragraph (a comment inside one is inline).
    inline_stack: Vec<String>,
    raw_start: usize,
}

impl Extractor<'_> {
    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        let mut data_start = 0;
        let mut pos = 0;
        while pos < bytes.len() {
            if bytes.get(pos) != Some(&b'<') {
                pos += 1;
                continue;
            }
            let Some(end) = self.markup(pos, data_start) else {
                pos += 1;
                continue;
            };
            data_start = end;
            pos = end;
        }
        if data_start < self.src.len() {
            self.data(data_start, self.src.len());
        }
        self.close();
    }

    /// Handles the markup at `pos` (data before it first); the offset after it, or `None` for a `<`
    /// that is text.
    fn markup(&mut self, pos: usize, data_start: usize) -> Option<usize> {
        let rest = self.src.get(pos..)?;
        if rest.starts_with("<!--") {
            let close = rest.get(4..)?.find("-->")?;
            let end = pos + 4 + close + 3;
            self.data(data_start, pos);
            let inner = self.src.get(pos + 4..pos + 4 + close).unwrap_or("");
            let block = inner.contains("\n\n") || !self.inline_close_follows(end);
            self.empty_tag(pos, end, block);
            return Some(end);
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            if !(self.at_line_start(pos) || self.intail) {
                return None;
            }
            let end = pos + rest.find('>')? + 1;
            self.data(data_start, pos);
            self.empty_tag(pos, end, true);
            return Some(end);
        }
        let (token, end) = markup_at(self.src, pos)?;
        let Token::Tag(tag) = token else {
            return None;
        };
        let name = tag.name.clone();
        let attrs = tag.attrs.clone();
        self.data(data_start, pos);
        match tag.kind {
            TagKind::Close => self.end_tag(&name, pos, end),
            TagKind::SelfClosing => self.empty_tag(pos, end, is_block_level(&name)),
            TagKind::Open if name == "hr" => self.empty_tag(pos, end, true),
            TagKind::Open => return Some(self.start_tag(&name, attrs, pos, end)),
        }
        Some(end)
    }

    /// Whether `pos` is at most 3 spaces into its line.
    fn at_line_start(&self, pos: usize) -> bool {
        let line_start = self
            .src
            .get(..pos)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        pos - line_start <= 3
            && self
                .src
                .get(line_start..pos)
                .is_some_and(|before| before.trim().is_empty())
    }

    /// Whether a blank line follows `pos` (`^([ ]*\n){2}`).
    fn blank_line_after(&self, pos: usize) -> bool {
        let rest = self.src.get(pos..).unwrap_or("");
        let mut lines = rest.splitn(3, '\n');
        let first = lines.next().unwrap_or("x");
        let second = lines.next();
        let third = lines.next();
        first.bytes().all(|b| b == b' ')
            && second.is_some_and(|l| l.bytes().all(|b| b == b' '))
            && third.is_some()
    }

    fn piece(&self, start: usize, end: usize) -> SrcText {
        self.text.slice(start..end)
    }

    fn synthetic(&self, text: &str, at: usize) -> SrcText {
        SrcText::new(text, self.text.src(at))
    }

    fn data(&mut self, start: usize, end: usize) {
        if end <= start {
            return;
        }
        let data = self.piece(start, end);
        if self.intail && data.as_str().contains('\n') {
            self.intail = false;
        }
        if self.inraw {
            self.cache.push(data);
        } else {
            if data.as_str().contains("\n\n") || data.as_str().contains("\n \n") {
                self.inline_stack.clear();
            }
            self.out.push(data);
        }
    }

    fn start_tag(
        &mut self,
        name: &str,
        attrs: Vec<(String, String)>,
        pos: usize,
        end: usize,
    ) -> usize {
        let block = is_block_level(name);
        let line_start = self.at_line_start(pos);
        if block && !self.inraw && (line_start || self.intail) {
            if let Some(state) = markdown_state(name, &attrs) {
                if self.depth < MAX_ELEMENT_DEPTH {
                    return self.markdown_element(name, attrs, state, pos, end);
                }
            }
        }
        if block && (self.intail || (line_start && !self.inraw)) {
            if !self.inraw {
                self.raw_start = pos;
            }
            self.inraw = true;
            self.out.push(self.synthetic("\n", pos));
        }
        let text = self.piece(pos, end);
        if self.inraw {
            self.stack.push((name.to_owned(), pos));
            self.cache.push(text);
            if is_cdata(name) {
                return self.cdata(name, end);
            }
        } else {
            self.out.push(text);
            if !block && !is_void(name) {
                self.inline_stack.push(name.to_owned());
            }
        }
        end
    }

    /// Raw text up to `</name>` (script and style content is not HTML).
    fn cdata(&mut self, name: &str, from: usize) -> usize {
        let rest = self.src.get(from..).unwrap_or("");
        let lower = rest.to_ascii_lowercase();
        let close = lower
            .find(&format!("</{name}"))
            .map_or(self.src.len(), |i| from + i);
        if close > from {
            self.cache.push(self.piece(from, close));
        }
        close
    }

    fn end_tag(&mut self, name: &str, pos: usize, end: usize) {
        let text = self.piece(pos, end);
        if !self.inraw {
            self.out.push(text);
            if let Some(open) = self.inline_stack.iter().rposition(|t| t == name) {
                self.inline_stack.truncate(open);
            }
            return;
        }
        self.cache.push(text);
        if let Some(open) = self.stack.iter().rposition(|(t, _)| t == name) {
            self.stack.truncate(open);
        }
        if self.stack.is_empty() {
            if self.blank_line_after(end) {
                self.cache.push(self.synthetic("\n", end));
            } else {
                self.intail = true;
            }
            self.inraw = false;
            self.flush_raw(end);
            self.out.push(self.synthetic("\n\n", end));
        }
    }

    /// Stores the collected raw HTML and puts its placeholder in the document.
    fn flush_raw(&mut self, at: usize) {
        let html = SrcText::join(&std::mem::take(&mut self.cache), "");
        let placeholder = self.stash.store(Stashed::Html(html));
        self.out
            .push(self.synthetic(&placeholder, at.saturating_sub(1)));
    }

    /// Comments, declarations, self-closing tags: a block of their own at the start of a line.
    fn empty_tag(&mut self, pos: usize, end: usize, block: bool) {
        let data = self.piece(pos, end);
        if self.inraw || self.intail {
            self.cache.push(data);
        } else if self.at_line_start(pos) && block {
            let mut data = data;
            if self.blank_line_after(end) {
                data.push_str("\n");
            } else {
                self.intail = true;
            }
            let ends_single_newline = self
                .out
                .last()
                .is_some_and(|p| p.as_str().ends_with('\n') && !p.as_str().ends_with("\n\n"));
            if ends_single_newline {
                self.out.push(self.synthetic("\n", pos));
            }
            let placeholder = self.stash.store(Stashed::Html(data));
            self.out.push(self.synthetic(&placeholder, pos));
            self.out.push(self.synthetic("\n\n", end));
        } else {
            self.out.push(data);
        }
    }

    /// Whether an inline tag open here is closed later in the same paragraph (a comment between is
    /// then inline).
    fn inline_close_follows(&self, from: usize) -> bool {
        if self.inline_stack.is_empty() {
            return false;
        }
        let rest = self.src.get(from..).unwrap_or("");
        let paragraph = rest.split("\n\n").next().unwrap_or("").to_ascii_lowercase();
        self.inline_stack
            .iter()
            .any(|tag| paragraph.contains(&format!("</{tag}")))
    }

    /// `<div markdown>…</div>`: the content up to the matching closing tag stays Markdown.
    fn markdown_element(
        &mut self,
        name: &str,
        mut attrs: Vec<(String, String)>,
        state: MarkdownState,
        pos: usize,
        end: usize,
    ) -> usize {
        attrs.retain(|(key, _)| key != "markdown");
        let (content_end, after) = match matching_close(self.src, name, end) {
            Some(found) => found,
            None => {
                self.report(
                    pos,
                    DiagnosticKind::UnterminatedTag,
                    format!("`<{name} markdown>` is never closed: its content runs to the end of the page"),
                );
                (self.src.len(), self.src.len())
            }
        };
        let content = self.piece(end, content_end);
        self.elements.push(MarkdownElement {
            tag: name.to_owned(),
            attrs,
            state,
            content,
            at: self.text.src(pos),
        });
        let placeholder = self.stash.store(Stashed::Element(self.elements.len() - 1));
        let ends_single_newline = self
            .out
            .last()
            .is_some_and(|p| p.as_str().ends_with('\n') && !p.as_str().ends_with("\n\n"));
        if ends_single_newline {
            self.out.push(self.synthetic("\n", pos));
        }
        self.out.push(self.synthetic(&placeholder, pos));
        self.out
            .push(self.synthetic("\n\n", after.saturating_sub(1)));
        if !self.blank_line_after(after) {
            self.intail = true;
        }
        after
    }

    fn close(&mut self) {
        if let Some((tag, at)) = self.stack.first().cloned() {
            self.report(
                at,
                DiagnosticKind::UnterminatedTag,
                format!("`<{tag}>` is never closed: MkDocs shows everything after it as raw HTML, without Markdown"),
            );
        }
        if !self.cache.is_empty() {
            let end = self.src.len();
            self.flush_raw(end);
        }
    }

    fn report(&mut self, pos: usize, kind: DiagnosticKind, message: String) {
        let at = self.text.src(pos);
        self.diagnostics.push(Noted { at, kind, message });
    }
}

fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// `md_in_html`'s `get_state` for a top-level element.
fn markdown_state(tag: &str, attrs: &[(String, String)]) -> Option<MarkdownState> {
    let value = attrs
        .iter()
        .find(|(key, _)| key == "markdown")
        .map(|(_, v)| v.as_str())?;
    let value = match value {
        "" | "markdown" => "1",
        other => other,
    };
    let block_tag = !SPAN_TAGS.contains(&tag) && !RAW_TAGS.contains(&tag) && tag != "hr";
    let span_tag = SPAN_TAGS.contains(&tag);
    match value {
        "1" if block_tag => Some(MarkdownState::Block),
        "block" if block_tag || span_tag => Some(MarkdownState::Block),
        "1" if span_tag => Some(MarkdownState::Span),
        "span" if block_tag || span_tag => Some(MarkdownState::Span),
        _ => None,
    }
}

/// The closing `</name>` matching an opening tag that ends at `from` (same-name tags nest): where the
/// content ends and the offset after the closing tag.
fn matching_close(src: &str, name: &str, from: usize) -> Option<(usize, usize)> {
    let mut depth = 1usize;
    let mut pos = from;
    let bytes = src.as_bytes();
    while pos < bytes.len() {
        if bytes.get(pos) != Some(&b'<') {
            pos += 1;
            continue;
        }
        match markup_at(src, pos) {
            Some((Token::Tag(tag), end)) if tag.name == name => {
                match tag.kind {
                    TagKind::Open => depth += 1,
                    TagKind::Close => {
                        depth -= 1;
                        if depth == 0 {
                            return Some((pos, end));
                        }
                    }
                    TagKind::SelfClosing => {}
                }
                pos = end;
            }
            Some((_, end)) => pos = end,
            None => pos += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::stash::lone_placeholder;

    fn run(source: &str) -> (String, Stash, Vec<MarkdownElement>, Diagnostics) {
        let mut stash = Stash::default();
        let mut elements = Vec::new();
        let mut diagnostics = Diagnostics::default();
        let out = extract(
            &SrcText::new(source, 0),
            &mut stash,
            &mut elements,
            &mut diagnostics,
            0,
        );
        (out.as_str().to_owned(), stash, elements, diagnostics)
    }

    fn raw(stash: &Stash, index: usize) -> String {
        match stash.get(index) {
            Some(Stashed::Html(html)) => html.as_str().to_owned(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_block_tag_at_line_start_is_raw_to_its_closing_tag() {
        let (out, stash, _, diagnostics) =
            run("text\n\n<details><summary>S</summary>\n\n**not md**\n\n</details>\n\nafter\n");
        assert_eq!(
            raw(&stash, 0),
            "<details><summary>S</summary>\n\n**not md**\n\n</details>\n"
        );
        let blocks: Vec<&str> = out.split("\n\n").filter(|b| !b.trim().is_empty()).collect();
        assert_eq!(blocks.len(), 3, "{out:?}");
        assert_eq!(lone_placeholder(blocks[1]), Some(0));
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn inline_tags_stay_in_the_text() {
        for source in [
            "**<details><summary>S</summary>**\n\nbody\n\n</details>\n",
            "    <div>indented four</div>\n",
            "a <span style=\"color: red\">b</span>\n",
        ] {
            let (out, _, _, _) = run(source);
            let has_raw_block = out.split("\n\n").any(|b| lone_placeholder(b).is_some());
            if source.starts_with("**") {
                // The closing tag at the start of a line is an end tag outside any raw block: text.
                assert!(!has_raw_block, "{out:?}");
            } else {
                assert_eq!(out, source, "{source:?}");
            }
        }
    }

    #[test]
    fn unclosed_block_swallows_the_rest() {
        let (out, stash, _, diagnostics) = run("<details>\n<summary>x</summary>\n\n1. a\n\n# H\n");
        assert_eq!(
            raw(&stash, 0),
            "<details>\n<summary>x</summary>\n\n1. a\n\n# H\n"
        );
        assert!(out.trim().starts_with('\u{2}'));
        assert_eq!(diagnostics.len(), 1);
    }

    #[test]
    fn comments_and_markdown_elements() {
        let (out, stash, _, _) = run("<!-- hidden -->\n\ntext\n");
        assert!(lone_placeholder(out.split("\n\n").next().unwrap_or("")).is_some());
        assert_eq!(raw(&stash, 0), "<!-- hidden -->\n");
        let (_, stash, elements, _) = run("<div markdown class=\"x\">\n**md**\n</div>\n");
        assert!(matches!(stash.get(0), Some(Stashed::Element(0))));
        assert_eq!(elements[0].tag, "div");
        assert_eq!(elements[0].state, MarkdownState::Block);
        assert_eq!(elements[0].content.as_str(), "\n**md**\n");
        assert_eq!(
            elements[0].attrs,
            vec![("class".to_owned(), "x".to_owned())]
        );
    }
}

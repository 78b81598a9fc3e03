//! Mission Markdown → [`MissionDoc`]. pulldown-cmark reads the Markdown; this module turns its events
//! into the model, reading the lab's inline HTML with [`super::html`], and notes what it could not
//! render as intended in [`Diagnostic`]s.
//!
//! The builder is a stack machine over the event stream (no recursion on input structure), and
//! flattens anything nested deeper than [`MAX_DEPTH`], so no input can overflow the stack.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use super::admonition::{looks_like_header, parse_header};
use super::attendee::PLACEHOLDER;
use super::diagnostic::{Diagnostic, DiagnosticKind};
use super::href::{HrefError, SafeHref};
use super::html::{self, TagKind, Token};
use super::model::*;

/// Sections whose top-level numbered items are steps; the anchor prefix is the slug (`build-3`).
pub const STEP_SECTIONS: &[&str] = &["Build", "Testing"];

/// Frames deeper than this are flattened into their parent.
const MAX_DEPTH: usize = 48;
/// How many times an admonition body written as an indented block is parsed again inside another.
const MAX_FRAGMENT_DEPTH: usize = 4;

/// A parsed mission and what was noticed on the way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedMission {
    pub doc: MissionDoc,
    pub diagnostics: Vec<Diagnostic>,
    /// Every link and image target with its line, for checks that need the file system.
    pub references: Vec<Reference>,
}

/// A link or image target as written, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub line: usize,
    pub image: bool,
    /// `None` when the target was refused (already reported).
    pub href: Option<SafeHref>,
}

/// Parses a mission's Markdown. Never fails: what cannot be rendered as intended is rendered as text
/// (or dropped) and reported in `diagnostics`.
pub fn parse_mission(source: &str) -> ParsedMission {
    let mut builder = Builder::new(source, 0, 0, Anchors::default());
    builder.run(true);
    let mut diagnostics = mis_encoded(source);
    let front_matter = std::mem::take(&mut builder.front_matter);
    let steps = std::mem::take(&mut builder.steps);
    let headings = std::mem::take(&mut builder.anchors.headings);
    let references = std::mem::take(&mut builder.references);
    for reference in &references {
        let Some(anchor) = reference.href.as_ref().and_then(SafeHref::anchor) else {
            continue;
        };
        let known = headings.iter().any(|h| h.id == anchor) || steps.iter().any(|s| s.id == anchor);
        if !known {
            diagnostics.push(Diagnostic::new(
                reference.line,
                DiagnosticKind::Unresolved,
                format!("link to `#{anchor}`, but no heading or step has that anchor"),
            ));
        }
    }
    diagnostics.append(&mut builder.diagnostics);
    let blocks = builder.into_blocks();
    diagnostics.sort_by_key(|d| d.line);
    let title = headings
        .iter()
        .find(|h| h.level == 1)
        .or_else(|| headings.first())
        .map(|h| h.text.clone());
    ParsedMission {
        doc: MissionDoc {
            front_matter,
            title,
            blocks,
            steps,
            headings,
        },
        diagnostics,
        references,
    }
}

impl MissionDoc {
    /// Parses a mission, ignoring diagnostics (see [`parse_mission`]).
    pub fn parse(source: &str) -> MissionDoc {
        parse_mission(source).doc
    }
}

/// Anchor ids in use and the headings that got one.
#[derive(Default)]
struct Anchors {
    used: HashSet<String>,
    headings: Vec<HeadingRef>,
}

impl Anchors {
    /// `base`, or `base-1`, `base-2`, … when taken.
    fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let mut id = base.to_owned();
        let mut n = 0u64;
        while self.used.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone());
        id
    }
}

/// An anchor id from heading text: ASCII letters and digits lower-cased, `_` kept, runs of spaces and
/// dashes become one `-`, everything else dropped (MkDocs' default, without Unicode).
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c == '-' {
            dash = true;
        }
    }
    slug
}

struct Frame {
    kind: FrameKind,
    line: usize,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
}

enum FrameKind {
    Root,
    Paragraph,
    Heading {
        level: u8,
        id: Option<String>,
    },
    Quote,
    GfmAlert(AdmonitionKind),
    List {
        start: Option<u64>,
        items: Vec<ListItem>,
        lines: Vec<usize>,
    },
    Item {
        number: Option<u64>,
    },
    Code {
        language: Option<String>,
        indented: bool,
        text: String,
    },
    Metadata {
        text: String,
    },
    HtmlBlock,
    Table {
        alignments: Vec<ColumnAlign>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    TableCells {
        head: bool,
        cells: Vec<Vec<Inline>>,
    },
    TableCell,
    Strong,
    Emphasis,
    Strikethrough,
    Link {
        href: Option<SafeHref>,
    },
    Image {
        path: String,
    },
    /// A container flattened into its parent (too deep, or not supported).
    Transparent,
    Html(HtmlFrame),
}

struct HtmlFrame {
    /// Lower-case tag name that closes it.
    tag: &'static str,
    /// The opening tag as written, for messages.
    raw: String,
    node: HtmlNode,
}

enum HtmlNode {
    Paragraph {
        centered: bool,
    },
    Strong,
    Emphasis,
    Code,
    /// A span the guide does not know: content kept, span dropped.
    Span,
    Container {
        placeholder: Option<Placeholder>,
        before: String,
        copy: bool,
    },
    Placeholder(Placeholder),
    CopyStatic {
        text: Option<String>,
        copy: bool,
    },
    CopyButton,
}

#[derive(Clone)]
struct Placeholder {
    prefix: Option<String>,
    suffix: Option<String>,
    line: usize,
}

impl Frame {
    fn new(kind: FrameKind, line: usize) -> Frame {
        Frame {
            kind,
            line,
            blocks: Vec::new(),
            inlines: Vec::new(),
        }
    }

    /// Moves pending inline content into a `Plain` block.
    fn flush(&mut self) {
        let content = tidy(finish_inlines(std::mem::take(&mut self.inlines)));
        if !content.is_empty() {
            self.blocks.push(Block::Plain(content));
        }
    }

    fn into_blocks(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }

    /// Frames that hold blocks, where an HTML `<p>` becomes a paragraph.
    fn holds_blocks(&self) -> bool {
        matches!(
            self.kind,
            FrameKind::Root
                | FrameKind::Quote
                | FrameKind::GfmAlert(_)
                | FrameKind::Item { .. }
                | FrameKind::HtmlBlock
        )
    }
}

struct Builder<'s> {
    source: &'s str,
    line_starts: Vec<usize>,
    /// Added to local line numbers (fragments re-parsed from inside the file).
    line_offset: usize,
    fragment_depth: usize,
    stack: Vec<Frame>,
    diagnostics: Vec<Diagnostic>,
    anchors: Anchors,
    steps: Vec<Step>,
    /// The step section being read: (heading level, anchor prefix).
    section: Option<(u8, String)>,
    front_matter: FrontMatter,
    references: Vec<Reference>,
    reported_depth: bool,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str, line_offset: usize, fragment_depth: usize, anchors: Anchors) -> Self {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Builder {
            source,
            line_starts,
            line_offset,
            fragment_depth,
            stack: vec![Frame::new(FrameKind::Root, 1)],
            diagnostics: Vec::new(),
            anchors,
            steps: Vec::new(),
            section: None,
            front_matter: FrontMatter::default(),
            references: Vec::new(),
            reported_depth: false,
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.line_offset + self.line_starts.partition_point(|&start| start <= offset)
    }

    fn report(&mut self, line: usize, kind: DiagnosticKind, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(line, kind, message));
    }

    fn is_document(&self) -> bool {
        self.fragment_depth == 0
    }

    fn run(&mut self, document: bool) {
        let mut options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_GFM;
        if document {
            options |= Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
        }
        let source = self.source;
        for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
            self.event(event, range);
        }
    }

    fn into_blocks(mut self) -> Vec<Block> {
        self.close_html_frames();
        while self.stack.len() > 1 {
            self.pop_and_finish();
        }
        self.stack.pop().map(Frame::into_blocks).unwrap_or_default()
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => self.push_inline(Inline::Code(code.into_string())),
            Event::InlineHtml(source) | Event::Html(source) => self.html(&source, range.start),
            Event::SoftBreak => self.text("\n"),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::Rule => {
                self.close_html_frames();
                self.push_block(Block::Rule);
            }
            Event::TaskListMarker(done) => {
                self.push_inline(Inline::Text(if done { "[x] " } else { "[ ] " }.into()))
            }
            Event::FootnoteReference(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.push_inline(Inline::Text(text.into_string()))
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let line = self.line(range.start);
        let inline = matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        );
        if !inline {
            self.close_html_frames();
        }
        if self.stack.len() >= MAX_DEPTH {
            self.too_deep(line);
            self.stack.push(Frame::new(FrameKind::Transparent, line));
            return;
        }
        let kind = match tag {
            Tag::Paragraph => FrameKind::Paragraph,
            Tag::Heading { level, id, .. } => FrameKind::Heading {
                level: level as u8,
                id: id.map(|id| slugify(&id)).filter(|id| !id.is_empty()),
            },
            Tag::BlockQuote(None) => FrameKind::Quote,
            Tag::BlockQuote(Some(kind)) => FrameKind::GfmAlert(match kind {
                BlockQuoteKind::Note => AdmonitionKind::Note,
                BlockQuoteKind::Tip => AdmonitionKind::Tip,
                BlockQuoteKind::Important => AdmonitionKind::Info,
                BlockQuoteKind::Warning => AdmonitionKind::Warning,
                BlockQuoteKind::Caution => AdmonitionKind::Danger,
            }),
            Tag::CodeBlock(kind) => FrameKind::Code {
                indented: matches!(kind, CodeBlockKind::Indented),
                language: match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_owned)
                    }
                    CodeBlockKind::Indented => None,
                },
                text: String::new(),
            },
            Tag::HtmlBlock => FrameKind::HtmlBlock,
            Tag::List(start) => FrameKind::List {
                start,
                items: Vec::new(),
                lines: Vec::new(),
            },
            Tag::Item => {
                let ordered = matches!(
                    self.stack.last().map(|f| &f.kind),
                    Some(FrameKind::List { start: Some(_), .. })
                );
                FrameKind::Item {
                    number: if ordered {
                        self.marker_number(&range)
                    } else {
                        None
                    },
                }
            }
            Tag::Table(alignments) => FrameKind::Table {
                alignments: alignments
                    .iter()
                    .map(|a| match a {
                        Alignment::None => ColumnAlign::None,
                        Alignment::Left => ColumnAlign::Left,
                        Alignment::Center => ColumnAlign::Center,
                        Alignment::Right => ColumnAlign::Right,
                    })
                    .collect(),
                head: Vec::new(),
                rows: Vec::new(),
            },
            Tag::TableHead => FrameKind::TableCells {
                head: true,
                cells: Vec::new(),
            },
            Tag::TableRow => FrameKind::TableCells {
                head: false,
                cells: Vec::new(),
            },
            Tag::TableCell => FrameKind::TableCell,
            Tag::Emphasis => FrameKind::Emphasis,
            Tag::Strong => FrameKind::Strong,
            Tag::Strikethrough => FrameKind::Strikethrough,
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let target = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.into_string(),
                };
                let href = match SafeHref::parse(&target) {
                    Ok(href) => Some(href),
                    Err(error) => {
                        let message = match error {
                            HrefError::Empty => {
                                "link without a target; it is shown as plain text".to_owned()
                            }
                            HrefError::Scheme(_) => {
                                format!("{error}: `{target}`; the link is shown as plain text")
                            }
                        };
                        self.report(line, DiagnosticKind::UnsafeLink, message);
                        None
                    }
                };
                self.references.push(Reference {
                    line,
                    image: false,
                    href: href.clone(),
                });
                FrameKind::Link { href }
            }
            Tag::Image { dest_url, .. } => {
                let path = dest_url.into_string();
                if path.trim().is_empty() {
                    self.report(line, DiagnosticKind::Unresolved, "image without a path");
                } else {
                    self.report(
                        line,
                        DiagnosticKind::ImageNotShipped,
                        format!("image `{path}` is not shipped with the companion; a placeholder is shown"),
                    );
                }
                self.references.push(Reference {
                    line,
                    image: true,
                    href: SafeHref::parse(&path).ok(),
                });
                FrameKind::Image { path }
            }
            Tag::MetadataBlock(_) => FrameKind::Metadata {
                text: String::new(),
            },
            _ => FrameKind::Transparent,
        };
        self.stack.push(Frame::new(kind, line));
    }

    /// The number written before an ordered list item (`4.` → 4).
    fn marker_number(&self, range: &Range<usize>) -> Option<u64> {
        let text = self.source.get(range.clone())?.trim_start();
        let digits: &str = text.get(..text.find(|c: char| !c.is_ascii_digit())?)?;
        if digits.is_empty() || digits.len() > 9 {
            return None;
        }
        digits.parse().ok()
    }

    fn too_deep(&mut self, line: usize) {
        if !self.reported_depth {
            self.reported_depth = true;
            self.report(
                line,
                DiagnosticKind::TooDeep,
                format!("content nested more than {MAX_DEPTH} levels deep is flattened"),
            );
        }
    }

    fn end(&mut self, _end: TagEnd) {
        self.close_html_frames();
        if self.stack.len() > 1 {
            self.pop_and_finish();
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(frame) = self.stack.last_mut() {
            match &mut frame.kind {
                FrameKind::Code { text: code, .. } | FrameKind::Metadata { text: code } => {
                    code.push_str(text);
                    return;
                }
                _ => {}
            }
        }
        self.push_inline(Inline::Text(text.to_owned()));
    }

    fn push_inline(&mut self, inline: Inline) {
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        if let (Inline::Text(new), Some(Inline::Text(last))) = (&inline, frame.inlines.last_mut()) {
            last.push_str(new);
            return;
        }
        frame.inlines.push(inline);
    }

    fn push_block(&mut self, block: Block) {
        if let Some(frame) = self.stack.last_mut() {
            frame.flush();
            frame.blocks.push(block);
        }
    }

    fn pop_and_finish(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        if let Some(frame) = self.stack.pop() {
            self.finish(frame);
        }
    }

    /// Closes HTML tags left open when their Markdown container ends.
    fn close_html_frames(&mut self) {
        while let Some(Frame {
            kind: FrameKind::Html(html),
            line,
            ..
        }) = self.stack.last()
        {
            let message = format!("`{}` is never closed", html.raw);
            let line = *line;
            self.report(line, DiagnosticKind::UnterminatedTag, message);
            self.pop_and_finish();
        }
    }

    /// Turns a finished frame into model nodes in its parent.
    fn finish(&mut self, mut frame: Frame) {
        let line = frame.line;
        match std::mem::replace(&mut frame.kind, FrameKind::Transparent) {
            FrameKind::Root | FrameKind::Transparent => {}
            FrameKind::Paragraph => {
                let content = finish_inlines(std::mem::take(&mut frame.inlines));
                match self.admonition(content, line) {
                    Ok(admonition) => self.push_block(Block::Admonition(admonition)),
                    Err(content) if content.is_empty() => {}
                    Err(content) => self.push_block(Block::Paragraph {
                        align: TextAlign::Start,
                        content,
                    }),
                }
            }
            FrameKind::Heading { level, id } => {
                let content = finish_inlines(std::mem::take(&mut frame.inlines));
                let text = plain_text(&content).trim().to_owned();
                let id = self.anchors.unique(&id.unwrap_or_else(|| slugify(&text)));
                self.anchors.headings.push(HeadingRef {
                    level,
                    id: id.clone(),
                    text: text.clone(),
                });
                if self.is_document() && self.stack.len() == 1 {
                    self.enter_heading(level, &text);
                }
                self.push_block(Block::Heading { level, id, content });
            }
            FrameKind::Quote => {
                let body = std::mem::take(&mut frame).into_blocks();
                self.push_block(Block::Quote(body));
            }
            FrameKind::GfmAlert(kind) => {
                let body = std::mem::take(&mut frame).into_blocks();
                self.push_block(Block::Admonition(Admonition {
                    kind,
                    title: Some(capitalized(kind.name())),
                    collapsible: None,
                    body,
                }));
            }
            FrameKind::List {
                start,
                mut items,
                lines,
            } => {
                if self.is_document() && self.stack.len() == 1 {
                    self.number_steps(start, &mut items, &lines);
                }
                self.push_block(Block::List(List { start, items }));
            }
            FrameKind::Item { number } => {
                let blocks = std::mem::take(&mut frame).into_blocks();
                match self.stack.last_mut().map(|f| &mut f.kind) {
                    Some(FrameKind::List { items, lines, .. }) => {
                        items.push(ListItem {
                            number,
                            step: None,
                            blocks,
                        });
                        lines.push(line);
                    }
                    _ => blocks.into_iter().for_each(|b| self.push_block(b)),
                }
            }
            FrameKind::Code {
                language,
                indented,
                text,
            } => {
                let text = text.trim_end_matches(['\n', '\r']).to_owned();
                if indented && self.follows_admonition() {
                    let body = self.parse_fragment(&text, line);
                    if let Some(Block::Admonition(admonition)) =
                        self.stack.last_mut().and_then(|f| f.blocks.last_mut())
                    {
                        admonition.body.extend(body);
                    }
                } else {
                    self.push_block(Block::Code(CodeBlock { language, text }));
                }
            }
            FrameKind::Metadata { text } => {
                if self.is_document() && self.stack.len() == 1 {
                    self.front_matter = front_matter(&text);
                }
            }
            FrameKind::HtmlBlock => {
                for block in std::mem::take(&mut frame).into_blocks() {
                    self.push_block(block);
                }
            }
            FrameKind::Table {
                alignments,
                head,
                rows,
            } => self.push_block(Block::Table(Table {
                alignments,
                head,
                rows,
            })),
            FrameKind::TableCells {
                head: is_head,
                cells,
            } => match self.stack.last_mut().map(|f| &mut f.kind) {
                Some(FrameKind::Table { head, rows, .. }) => {
                    if is_head {
                        *head = cells;
                    } else {
                        rows.push(cells);
                    }
                }
                _ => cells
                    .into_iter()
                    .flatten()
                    .for_each(|i| self.push_inline(i)),
            },
            FrameKind::TableCell => {
                let content = tidy(finish_inlines(std::mem::take(&mut frame.inlines)));
                match self.stack.last_mut().map(|f| &mut f.kind) {
                    Some(FrameKind::TableCells { cells, .. }) => cells.push(content),
                    _ => content.into_iter().for_each(|i| self.push_inline(i)),
                }
            }
            FrameKind::Strong => self.wrap(&mut frame, Inline::Strong),
            FrameKind::Emphasis => self.wrap(&mut frame, Inline::Emphasis),
            FrameKind::Strikethrough => self.wrap(&mut frame, Inline::Strikethrough),
            FrameKind::Link { href: Some(href) } => {
                let content = finish_inlines(std::mem::take(&mut frame.inlines));
                self.push_inline(Inline::Link(Link {
                    href,
                    new_tab: false,
                    content,
                }));
            }
            FrameKind::Link { href: None } => {}
            FrameKind::Image { path } => {
                let alt = plain_text(&finish_inlines(std::mem::take(&mut frame.inlines)));
                self.push_inline(Inline::Image(ImagePlaceholder { alt, path }));
            }
            FrameKind::Html(html) => self.finish_html(html, &mut frame),
        }
        // Whatever the frame still holds goes to its parent (flattened containers, odd nesting).
        for block in std::mem::take(&mut frame.blocks) {
            self.push_block(block);
        }
        for inline in finish_inlines(std::mem::take(&mut frame.inlines)) {
            self.push_inline(inline);
        }
    }

    fn wrap(&mut self, frame: &mut Frame, node: fn(Vec<Inline>) -> Inline) {
        let content = finish_inlines(std::mem::take(&mut frame.inlines));
        if !content.is_empty() {
            self.push_inline(node(content));
        }
    }

    /// A paragraph starting with `!!! type` is an admonition; otherwise the content comes back.
    fn admonition(&mut self, content: Vec<Inline>, line: usize) -> Result<Admonition, Vec<Inline>> {
        let Some(Inline::Text(first)) = content.first() else {
            return Err(content);
        };
        if !looks_like_header(first) {
            return Err(content);
        }
        let (header_line, rest) = first.split_once('\n').unwrap_or((first.as_str(), ""));
        let Some(header) = parse_header(header_line) else {
            let message = format!(
                "cannot read the admonition header `{}`; expected `!!! type \"optional title\"`",
                header_line.trim()
            );
            self.report(line, DiagnosticKind::UnknownAdmonition, message);
            return Err(content);
        };
        if header.kind.is_none() {
            self.report(
                line,
                DiagnosticKind::UnknownAdmonition,
                format!(
                    "unknown admonition type `{}` (shown as a note); use note, abstract, info, tip, success, question, warning, failure, danger, bug, example or quote",
                    header.type_name
                ),
            );
        }
        let rest = rest.trim_start().to_owned();
        let mut body: Vec<Inline> = Vec::new();
        if !rest.is_empty() {
            body.push(Inline::Text(rest));
        }
        body.extend(content.into_iter().skip(1));
        let body = tidy(body);
        Ok(Admonition {
            kind: header.kind.unwrap_or(AdmonitionKind::Note),
            title: header.title,
            collapsible: header.collapsible,
            body: if body.is_empty() {
                Vec::new()
            } else {
                vec![Block::Paragraph {
                    align: TextAlign::Start,
                    content: body,
                }]
            },
        })
    }

    fn follows_admonition(&self) -> bool {
        self.fragment_depth < MAX_FRAGMENT_DEPTH
            && matches!(
                self.stack.last().and_then(|f| f.blocks.last()),
                Some(Block::Admonition(_))
            )
            && self.stack.last().is_some_and(|f| f.inlines.is_empty())
    }

    /// Parses an admonition's indented body, which Markdown read as an indented code block.
    fn parse_fragment(&mut self, text: &str, first_line: usize) -> Vec<Block> {
        let anchors = std::mem::take(&mut self.anchors);
        let mut inner = Builder::new(
            text,
            first_line.saturating_sub(1),
            self.fragment_depth + 1,
            anchors,
        );
        inner.run(false);
        self.anchors = std::mem::take(&mut inner.anchors);
        self.diagnostics.append(&mut inner.diagnostics);
        self.references.append(&mut inner.references);
        inner.into_blocks()
    }

    /// Tracks which step section the document is in.
    fn enter_heading(&mut self, level: u8, text: &str) {
        if let Some(name) = STEP_SECTIONS
            .iter()
            .find(|name| name.eq_ignore_ascii_case(text.trim()))
        {
            self.section = Some((level, slugify(name)));
        } else if self.section.as_ref().is_some_and(|(l, _)| level <= *l) {
            self.section = None;
        }
    }

    /// Makes the items of a top-level numbered list in Build or Testing steps.
    fn number_steps(&mut self, start: Option<u64>, items: &mut [ListItem], lines: &[usize]) {
        let (Some(start), Some((_, section))) = (start, self.section.clone()) else {
            return;
        };
        for (index, item) in items.iter_mut().enumerate() {
            let number = item
                .number
                .unwrap_or_else(|| start.saturating_add(index as u64));
            let base = format!("{section}-{number}");
            let line = lines.get(index).copied().unwrap_or(0);
            if self
                .steps
                .iter()
                .any(|s| s.section == section && s.number == number)
            {
                self.report(
                    line,
                    DiagnosticKind::DuplicateStep,
                    format!("{section} step {number} appears twice; its anchor is not `{base}`"),
                );
            }
            let step = Step {
                id: self.anchors.unique(&base),
                number,
                section: section.clone(),
            };
            self.steps.push(step.clone());
            item.step = Some(step);
        }
    }

    /// Reads inline or block HTML: known tags become frames or nodes, the rest text.
    fn html(&mut self, source: &str, offset: usize) {
        for (at, token) in html::tokenize(source) {
            let line = self.line(offset + at);
            match token {
                Token::Text(text) => self.push_inline(Inline::Text(text)),
                Token::Comment => {}
                Token::Other(raw) => {
                    self.report(
                        line,
                        DiagnosticKind::UnsupportedHtml,
                        format!("unsupported markup `{raw}` is shown as text"),
                    );
                    self.push_inline(Inline::Text(raw.to_owned()));
                }
                Token::Tag(tag) => self.tag(&tag, line),
            }
        }
    }

    fn tag(&mut self, tag: &html::Tag<'_>, line: usize) {
        let name = tag.name.as_str();
        let known: Option<&'static str> = match name {
            "span" => Some("span"),
            "p" => Some("p"),
            "strong" => Some("strong"),
            "b" => Some("b"),
            "em" => Some("em"),
            "i" => Some("i"),
            "code" => Some("code"),
            _ => None,
        };
        match (name, known, tag.kind) {
            ("br", _, _) => self.push_inline(Inline::LineBreak),
            (_, Some(known), TagKind::Close) => self.close_html(known, tag.raw, line),
            (_, Some(known), kind) => {
                let node = match known {
                    "span" => self.span(tag, line),
                    "p" => HtmlNode::Paragraph {
                        centered: tag.attr("style").is_some_and(|style| {
                            let style: String = style
                                .chars()
                                .filter(|c| !c.is_whitespace())
                                .collect::<String>()
                                .to_ascii_lowercase();
                            style.contains("text-align:center")
                        }),
                    },
                    "strong" | "b" => HtmlNode::Strong,
                    "em" | "i" => HtmlNode::Emphasis,
                    _ => HtmlNode::Code,
                };
                let node = if self.stack.len() >= MAX_DEPTH {
                    self.too_deep(line);
                    HtmlNode::Span
                } else {
                    node
                };
                self.stack.push(Frame::new(
                    FrameKind::Html(HtmlFrame {
                        tag: known,
                        raw: tag.raw.to_owned(),
                        node,
                    }),
                    line,
                ));
                if kind == TagKind::SelfClosing {
                    self.pop_and_finish();
                }
            }
            (_, None, _) => {
                self.report(
                    line,
                    DiagnosticKind::UnsupportedHtml,
                    format!("unsupported HTML `{}` is shown as text", tag.raw),
                );
                self.push_inline(Inline::Text(tag.raw.to_owned()));
            }
        }
    }

    /// The lab's spans, by class.
    fn span(&mut self, tag: &html::Tag<'_>, line: usize) -> HtmlNode {
        let has = |class: &str| tag.classes().any(|c| c == class);
        if has("attendee-id-container") {
            HtmlNode::Container {
                placeholder: None,
                before: String::new(),
                copy: false,
            }
        } else if has("attendee-id-placeholder") {
            HtmlNode::Placeholder(Placeholder {
                prefix: tag.attr("data-prefix").map(str::to_owned),
                suffix: tag.attr("data-suffix").map(str::to_owned),
                line,
            })
        } else if has("copy-static") {
            HtmlNode::CopyStatic {
                text: tag.attr("data-copy-text").map(str::to_owned),
                copy: false,
            }
        } else if has("copy") {
            HtmlNode::CopyButton
        } else {
            let message = match tag.attr("class") {
                Some(class) => format!("unsupported span class `{class}`; the span is dropped"),
                None => "span without a class; the span is dropped".to_owned(),
            };
            self.report(line, DiagnosticKind::UnknownSpanClass, message);
            HtmlNode::Span
        }
    }

    /// `</tag>`: closes the nearest open HTML frame of that tag (above any Markdown container).
    fn close_html(&mut self, tag: &str, raw: &str, line: usize) {
        let open = self
            .stack
            .iter()
            .rev()
            .take_while(|f| matches!(f.kind, FrameKind::Html(_)))
            .position(|f| matches!(&f.kind, FrameKind::Html(h) if h.tag == tag));
        let Some(depth) = open else {
            self.report(
                line,
                DiagnosticKind::StrayClosingTag,
                format!("`{raw}` closes nothing that is open here; it is dropped"),
            );
            return;
        };
        for _ in 0..depth {
            if let Some(Frame {
                kind: FrameKind::Html(html),
                line,
                ..
            }) = self.stack.last()
            {
                let message = format!("`{}` is never closed (before `{raw}`)", html.raw);
                let line = *line;
                self.report(line, DiagnosticKind::UnterminatedTag, message);
            }
            self.pop_and_finish();
        }
        self.pop_and_finish();
    }

    fn finish_html(&mut self, html: HtmlFrame, frame: &mut Frame) {
        let line = frame.line;
        match html.node {
            HtmlNode::Paragraph { centered } => {
                let content = tidy(finish_inlines(std::mem::take(&mut frame.inlines)));
                if self.stack.last().is_some_and(Frame::holds_blocks) {
                    if !content.is_empty() {
                        self.push_block(Block::Paragraph {
                            align: if centered {
                                TextAlign::Center
                            } else {
                                TextAlign::Start
                            },
                            content,
                        });
                    }
                } else {
                    content.into_iter().for_each(|i| self.push_inline(i));
                }
            }
            HtmlNode::Strong => self.wrap(frame, Inline::Strong),
            HtmlNode::Emphasis => self.wrap(frame, Inline::Emphasis),
            HtmlNode::Code => {
                let text = plain_text(&std::mem::take(&mut frame.inlines));
                self.push_inline(Inline::Code(text));
            }
            HtmlNode::Span => {}
            HtmlNode::CopyButton => {
                frame.inlines.clear();
                let parent = self.stack.last_mut().map(|f| &mut f.kind);
                match parent {
                    Some(FrameKind::Html(HtmlFrame {
                        node: HtmlNode::Container { copy, .. } | HtmlNode::CopyStatic { copy, .. },
                        ..
                    })) => *copy = true,
                    _ => self.report(
                        line,
                        DiagnosticKind::EmptyCopyPayload,
                        "copy button outside a `copy-static` or `attendee-id-container` span has nothing to copy; it is dropped",
                    ),
                }
            }
            HtmlNode::Placeholder(placeholder) => {
                frame.inlines.clear();
                match self.stack.last_mut() {
                    Some(Frame {
                        kind:
                            FrameKind::Html(HtmlFrame {
                                node:
                                    HtmlNode::Container {
                                        placeholder: slot,
                                        before,
                                        ..
                                    },
                                ..
                            }),
                        inlines,
                        ..
                    }) => {
                        *before = plain_text(&std::mem::take(inlines));
                        *slot = Some(placeholder);
                    }
                    _ => self.push_inline(Inline::AttendeeValue(AttendeeValue {
                        prefix: placeholder.prefix.unwrap_or_default(),
                        suffix: placeholder.suffix.unwrap_or_default(),
                        copy: false,
                    })),
                }
            }
            HtmlNode::CopyStatic { text, .. } => {
                let visible = finish_inlines(std::mem::take(&mut frame.inlines));
                visible.into_iter().for_each(|i| self.push_inline(i));
                match text {
                    Some(text) if !text.trim().is_empty() => {
                        self.push_inline(Inline::CopyStatic(CopyStatic { text }))
                    }
                    Some(_) => self.report(
                        line,
                        DiagnosticKind::EmptyCopyPayload,
                        "`copy-static` span with an empty `data-copy-text`: nothing to copy",
                    ),
                    None => self.report(
                        line,
                        DiagnosticKind::EmptyCopyPayload,
                        "`copy-static` span without `data-copy-text`: nothing to copy",
                    ),
                }
            }
            HtmlNode::Container {
                placeholder,
                before,
                copy,
            } => {
                let Some(placeholder) = placeholder else {
                    self.report(
                        line,
                        DiagnosticKind::MissingPlaceholder,
                        "`attendee-id-container` without an `attendee-id-placeholder` span inside; shown as text",
                    );
                    return;
                };
                let after = plain_text(&std::mem::take(&mut frame.inlines));
                let prefix =
                    self.affix("data-prefix", placeholder.prefix, &before, placeholder.line);
                let suffix =
                    self.affix("data-suffix", placeholder.suffix, &after, placeholder.line);
                self.push_inline(Inline::AttendeeValue(AttendeeValue {
                    prefix,
                    suffix,
                    copy,
                }));
            }
        }
    }

    /// Reconciles a `data-prefix`/`data-suffix` with the text shown beside the placeholder.
    fn affix(&mut self, attr: &str, given: Option<String>, visible: &str, line: usize) -> String {
        match given {
            None if visible.is_empty() => String::new(),
            None => {
                self.report(
                    line,
                    DiagnosticKind::MissingAffix,
                    format!("placeholder shows `{visible}` but has no `{attr}`, so a copy would lose it; add {attr}=\"{visible}\""),
                );
                visible.to_owned()
            }
            Some(given) => {
                if !visible.is_empty() && visible != given {
                    self.report(
                        line,
                        DiagnosticKind::AffixMismatch,
                        format!("placeholder shows `{visible}` but copies {attr} `{given}`"),
                    );
                }
                given
            }
        }
    }
}

impl Default for Frame {
    fn default() -> Frame {
        Frame::new(FrameKind::Transparent, 0)
    }
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Final touches on a run of inline content: attr-lists after links (`{:target="_blank"}`) are read
/// and removed, and literal `Your_Attendee_ID`s in text become attendee values.
fn finish_inlines(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let Inline::Text(mut text) = inline else {
            out.push(inline);
            continue;
        };
        if let Some(previous @ (Inline::Link(_) | Inline::Image(_))) = out.last_mut() {
            if let Some((attrs, rest)) = attr_list(&text) {
                if let Inline::Link(link) = previous {
                    link.new_tab |= attrs.iter().any(|(k, v)| k == "target" && v == "_blank");
                }
                text = rest.to_owned();
            }
        }
        split_placeholders(&text, &mut out);
    }
    out
}

/// Appends `text` to `out`, with each literal `<Your_Attendee_ID>`/`Your_Attendee_ID` as a value.
fn split_placeholders(text: &str, out: &mut Vec<Inline>) {
    let mut rest = text;
    while let Some(at) = rest.find(PLACEHOLDER) {
        let end = at + PLACEHOLDER.len();
        let bracketed = at > 0
            && rest.as_bytes().get(at - 1) == Some(&b'<')
            && rest.as_bytes().get(end) == Some(&b'>');
        let (before, after) = if bracketed {
            (rest.get(..at - 1), rest.get(end + 1..))
        } else {
            (rest.get(..at), rest.get(end..))
        };
        push_text(out, before.unwrap_or(""));
        out.push(Inline::AttendeeValue(AttendeeValue {
            prefix: String::new(),
            suffix: String::new(),
            copy: false,
        }));
        rest = after.unwrap_or("");
    }
    push_text(out, rest);
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Inline::Text(last)) => last.push_str(text),
        _ => out.push(Inline::Text(text.to_owned())),
    }
}

/// `{: key="value" .class #id}` at the start of `text`: the attributes and the text after `}`.
fn attr_list(text: &str) -> Option<(Vec<(String, String)>, &str)> {
    let inner_start = text.strip_prefix('{')?;
    let close = inner_start.find('}')?;
    let inner = inner_start.get(..close)?;
    let rest = inner_start.get(close + 1..)?;
    let (colon, inner) = match inner.strip_prefix(':') {
        Some(inner) => (true, inner),
        None => (false, inner),
    };
    let mut attrs = Vec::new();
    let mut chars = inner.trim().chars().peekable();
    while chars.peek().is_some() {
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            key.push(c);
            chars.next();
        }
        if key.is_empty() {
            return None;
        }
        if let Some(class) = key.strip_prefix('.') {
            attrs.push(("class".to_owned(), class.to_owned()));
        } else if let Some(id) = key.strip_prefix('#') {
            attrs.push(("id".to_owned(), id.to_owned()));
        } else if chars.next_if_eq(&'=').is_some() {
            let mut value = String::new();
            match chars.peek() {
                Some(&quote @ ('"' | '\'')) => {
                    chars.next();
                    loop {
                        match chars.next() {
                            Some(c) if c == quote => break,
                            Some(c) => value.push(c),
                            None => return None,
                        }
                    }
                }
                _ => {
                    while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                        value.push(c);
                    }
                }
            }
            attrs.push((key.to_ascii_lowercase(), value));
        } else {
            return None;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
    }
    if !colon && attrs.is_empty() {
        return None;
    }
    Some((attrs, rest))
}

/// Trims whitespace at both ends of inline content (HTML blocks and cells carry indentation).
fn tidy(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(text)) = inlines.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Inline::Text(text)) = inlines.last_mut() {
        *text = text.trim_end().to_owned();
    }
    inlines.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    inlines
}

/// `key: value` lines of the front matter; comments and nested YAML are skipped.
fn front_matter(text: &str) -> FrontMatter {
    let entries = text
        .lines()
        .filter(|line| !line.trim_start().starts_with('#') && !line.starts_with([' ', '\t']))
        .filter_map(|line| line.split_once(':'))
        .map(|(key, value)| {
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            FrontMatterEntry {
                key: key.trim().to_owned(),
                value: value.to_owned(),
            }
        })
        .filter(|entry| !entry.key.is_empty())
        .collect();
    FrontMatter { entries }
}

/// Lines with text that looks like UTF-8 read as Windows-1252 (`ðŸŽ‰` for 🎉, `â€™` for ’).
fn mis_encoded(source: &str) -> Vec<Diagnostic> {
    let continuation =
        |c: char| ('\u{80}'..='\u{bf}').contains(&c) || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c);
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let hit = chars.windows(2).position(|pair| match pair {
            [lead, next] => ('\u{c2}'..='\u{f4}').contains(lead) && continuation(*next),
            _ => false,
        });
        if let Some(at) = hit {
            let sample: String = chars.iter().skip(at).take(4).collect();
            found.push(Diagnostic::new(
                index + 1,
                DiagnosticKind::MisEncoded,
                format!("`{sample}` looks like UTF-8 read as Latin-1; save the file as UTF-8"),
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Mission 4: Preventing Callback duplication"),
            "mission-4-preventing-callback-duplication"
        );
        assert_eq!(slugify("  Call Flow -- Overview "), "call-flow-overview");
        assert_eq!(slugify("Story "), "story");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn attr_lists() {
        let (attrs, rest) = attr_list("{:target=\"_blank\"} for details.").unwrap_or_default();
        assert_eq!(attrs, vec![("target".to_owned(), "_blank".to_owned())]);
        assert_eq!(rest, " for details.");
        assert!(attr_list("{: .wide #x rel=noopener }").is_some());
        assert_eq!(attr_list("{{ callbackStatus }}"), None);
        assert_eq!(attr_list("{just text}"), None);
        assert_eq!(attr_list("{:target=\"_blank}"), None);
    }

    #[test]
    fn front_matter_lines() {
        let fm = front_matter(
            "#icon: material/folder-open-outline\nicon: material/medal\ntitle: \"x: y\"\n",
        );
        assert_eq!(fm.get("icon"), Some("material/medal"));
        assert_eq!(fm.get("title"), Some("x: y"));
        assert_eq!(fm.entries.len(), 2);
    }

    #[test]
    fn mojibake() {
        assert_eq!(mis_encoded("fine 🎉 café à la\n").len(), 0);
        let found = mis_encoded("ok\nDone! ðŸŽ‰ðŸŽ‰\nitâ€™s\nit’s fine\n");
        assert_eq!(found.iter().map(|d| d.line).collect::<Vec<_>>(), vec![2, 3]);
    }
}

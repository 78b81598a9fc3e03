//! The typed document a mission's Markdown becomes. The UI renders it with a `match` per enum; there is
//! no raw-HTML node, so nothing from the content can become markup or script.

use serde::{Deserialize, Serialize};

use super::attendee::{compose, substitute, AttendeeId, CopyPayload};
use super::href::SafeHref;

/// A parsed mission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissionDoc {
    pub front_matter: FrontMatter,
    /// The text of the first level-1 heading (or of the first heading), if any.
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    /// The numbered steps of the Build and Testing sections, in document order.
    pub steps: Vec<Step>,
    /// Every heading with its anchor, in document order (for a table of contents).
    pub headings: Vec<HeadingRef>,
}

/// `key: value` lines of the YAML front matter (comments and anything fancier are skipped).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontMatter {
    pub entries: Vec<FrontMatterEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontMatterEntry {
    pub key: String,
    pub value: String,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|entry| entry.key == key)
            .map(|entry| entry.value.as_str())
    }
}

/// A numbered step of a step section, e.g. Build step 3 with anchor `build-3`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Anchor id, unique in the document, and the key of the step's progress: `build-3`, from the
    /// number the author typed (so it stays put when MkDocs shows another number); a list that
    /// restarts later in the section (`### Part 2`) gets `build-2-3` (part 2, typed 3).
    pub id: String,
    /// The number shown, as MkDocs numbers the list (1, 2, 3… whatever was typed).
    pub number: u64,
    /// The section's anchor prefix: `build` or `testing`.
    pub section: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadingRef {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    Heading {
        /// 1 to 6.
        level: u8,
        /// Anchor id, unique in the document.
        id: String,
        content: Vec<Inline>,
    },
    /// A paragraph (`<p>`).
    Paragraph {
        align: TextAlign,
        content: Vec<Inline>,
    },
    /// Inline content without a paragraph around it (items of tight lists).
    Plain(Vec<Inline>),
    List(List),
    /// A `>` block quote (the guide puts settings in these).
    Quote(Vec<Block>),
    /// `!!! Note` and friends.
    Admonition(Admonition),
    Code(CodeBlock),
    Table(Table),
    /// `---`
    Rule,
    /// An HTML `<details>` the author wrote (`???` is an [`Admonition`] with `collapsible`).
    Details(Details),
    /// PyMdown content tabs (`=== "Tab"`).
    Tabs(Tabs),
    /// The footnotes, at the end of the document.
    Footnotes(Vec<Footnote>),
    /// A definition list (`Term` / `:   Definition`).
    Definitions(Vec<Definition>),
}

/// `<details><summary>…</summary>…</details>`: a box that opens and closes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Details {
    pub summary: Vec<Inline>,
    /// Written with `open`.
    pub open: bool,
    pub body: Vec<Block>,
}

/// A set of content tabs; one shows at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tabs {
    pub tabs: Vec<Tab>,
    /// The tab shown first (`===+` picks it; else the first).
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tab {
    pub label: Vec<Inline>,
    pub body: Vec<Block>,
}

/// A footnote's text, numbered in definition order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footnote {
    /// The id as written (`[^note]` → `note`); its anchor is `fn:note`.
    pub id: String,
    pub number: u64,
    pub body: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    pub terms: Vec<Vec<Inline>>,
    pub body: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextAlign {
    Start,
    Center,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct List {
    /// The first number of an ordered list (always 1: MkDocs ignores the number typed), `None` for a
    /// bullet list.
    pub start: Option<u64>,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    /// The number shown before an ordered item: 1, 2, 3… as MkDocs numbers it.
    pub number: Option<u64>,
    /// The number the author typed (`4.`), when it was typed; `flowlab check` warns when it is not
    /// the number shown.
    #[serde(default)]
    pub typed: Option<u64>,
    /// Set when the item is a step of Build or Testing: render a checkbox and the step's anchor.
    pub step: Option<Step>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Admonition {
    pub kind: AdmonitionKind,
    /// The title shown in the admonition's header: the quoted title, or the type as written (`Note`).
    /// `None` for `!!! note ""` (no header).
    pub title: Option<String>,
    /// `???` (collapsible, closed) or `???+` (collapsible, open); `!!!` is not collapsible.
    pub collapsible: Option<Collapsible>,
    /// `!!! note inline` / `inline end`: beside the text on a wide screen.
    #[serde(default)]
    pub placement: Placement,
    pub body: Vec<Block>,
}

/// Where an admonition sits: in the flow, or floated beside it (MkDocs Material's `inline`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    #[default]
    Block,
    /// `inline`: at the start (left) side.
    InlineStart,
    /// `inline end`: at the end (right) side.
    InlineEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Collapsible {
    Closed,
    Open,
}

/// MkDocs Material's admonition types (aliases map to these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdmonitionKind {
    Note,
    Abstract,
    Info,
    Tip,
    Success,
    Question,
    Warning,
    Failure,
    Danger,
    Bug,
    Example,
    Quote,
}

impl AdmonitionKind {
    /// The CSS-ish name (`note`, `warning`, …) for class names.
    pub fn name(self) -> &'static str {
        match self {
            AdmonitionKind::Note => "note",
            AdmonitionKind::Abstract => "abstract",
            AdmonitionKind::Info => "info",
            AdmonitionKind::Tip => "tip",
            AdmonitionKind::Success => "success",
            AdmonitionKind::Question => "question",
            AdmonitionKind::Warning => "warning",
            AdmonitionKind::Failure => "failure",
            AdmonitionKind::Danger => "danger",
            AdmonitionKind::Bug => "bug",
            AdmonitionKind::Example => "example",
            AdmonitionKind::Quote => "quote",
        }
    }
}

/// A fenced (or indented) code block. Always copyable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeBlock {
    /// The first word of the info string as written (`GraphQL`, `JSON`), if any.
    pub language: Option<String>,
    /// The code, without trailing newlines; `<Your_Attendee_ID>` still literal (see [`CodeBlock::payload`]).
    pub text: String,
}

impl CodeBlock {
    /// The code as shown and copied, with the attendee ID put in.
    pub fn payload(&self, id: Option<&AttendeeId>) -> CopyPayload {
        substitute(&self.text, id)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub alignments: Vec<ColumnAlign>,
    pub head: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnAlign {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Inline {
    Text(String),
    /// Inline code; show [`inline_code`]`(text, id)` so `<Your_Attendee_ID>` carries the ID.
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Link(Link),
    /// An image that is not shipped: show a labelled placeholder.
    Image(ImagePlaceholder),
    /// `</br>`, `<br>`, a hard line break.
    LineBreak,
    /// The lab's `attendee-id-container` / `attendee-id-placeholder` spans.
    AttendeeValue(AttendeeValue),
    /// The lab's `copy-static` span: a copy button for a fixed text.
    CopyStatic(CopyStatic),
    /// `==text==`
    Mark(Vec<Inline>),
    /// `^^text^^`, `<ins>`, `<u>`
    Insert(Vec<Inline>),
    /// `^text^`, `<sup>`
    Superscript(Vec<Inline>),
    /// `~text~`, `<sub>`
    Subscript(Vec<Inline>),
    /// `++ctrl+alt+del++`: the keys' labels.
    Keys(Vec<String>),
    /// `:tada:`, `:material-check:` (from the companion's table).
    Emoji(Emoji),
    /// `[^note]`: a link to the footnote.
    FootnoteRef(FootnoteRef),
    /// A word defined with `*[ABBR]: title`.
    Abbreviation(Abbreviation),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Emoji {
    /// As written, without colons: `tada`.
    pub shortcode: String,
    /// The character shown.
    pub glyph: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FootnoteRef {
    /// The footnote's id (`[^note]` → `note`).
    pub id: String,
    pub number: u64,
    /// This reference's anchor: `fnref:note`, `fnref2:note` for the second reference…
    pub anchor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Abbreviation {
    pub text: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub href: SafeHref,
    /// `{:target="_blank"}`: open in a new tab (render with `rel="noopener noreferrer"`).
    pub new_tab: bool,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImagePlaceholder {
    pub alt: String,
    /// The path as written (`../graphics/Lab2/L2M3-1.gif`); show it as text, never load it.
    pub path: String,
    /// `{ width="300" }` (or an HTML `width`), as written.
    #[serde(default)]
    pub width: Option<String>,
    #[serde(default)]
    pub height: Option<String>,
}

/// A value that carries the attendee ID: `prefix + ID + suffix` (`Main_Flow_123`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeValue {
    pub prefix: String,
    pub suffix: String,
    /// The guide gave it a copy button (`<span class="copy">` inside the container).
    pub copy: bool,
}

impl AttendeeValue {
    /// The text shown and copied.
    pub fn payload(&self, id: Option<&AttendeeId>) -> CopyPayload {
        compose(&self.prefix, &self.suffix, id)
    }
}

/// A fixed value with a copy button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyStatic {
    /// `data-copy-text` as written; never empty.
    pub text: String,
}

impl CopyStatic {
    pub fn payload(&self, id: Option<&AttendeeId>) -> CopyPayload {
        substitute(&self.text, id)
    }
}

/// The text of inline code as shown.
pub fn inline_code(text: &str, id: Option<&AttendeeId>) -> String {
    substitute(text, id).text
}

/// Something the attendee can copy, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyTarget {
    pub kind: CopyKind,
    /// The step the value is in (`build-2`), if any.
    pub step: Option<String>,
    pub payload: CopyPayload,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CopyKind {
    AttendeeValue,
    CopyStatic,
    CodeBlock,
}

impl MissionDoc {
    /// The number of steps, the `n` of "k of n steps".
    pub fn step_count(&self) -> usize {
        self.steps.len()
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|step| step.id == id)
    }

    /// Whether `id` names a heading or a step (for deep links).
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id) || self.steps.iter().any(|s| s.id == id)
    }

    /// Every copyable value in document order: copy-capable attendee values, copy-static spans and
    /// code blocks.
    pub fn copy_targets(&self, id: Option<&AttendeeId>) -> Vec<CopyTarget> {
        let mut out = Vec::new();
        collect_blocks(&self.blocks, None, id, &mut out);
        out
    }
}

fn collect_blocks(
    blocks: &[Block],
    step: Option<&str>,
    id: Option<&AttendeeId>,
    out: &mut Vec<CopyTarget>,
) {
    for block in blocks {
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content, .. }
            | Block::Plain(content) => collect_inlines(content, step, id, out),
            Block::List(list) => {
                for item in &list.items {
                    let step = item.step.as_ref().map(|s| s.id.as_str()).or(step);
                    collect_blocks(&item.blocks, step, id, out);
                }
            }
            Block::Quote(body) => collect_blocks(body, step, id, out),
            Block::Admonition(admonition) => collect_blocks(&admonition.body, step, id, out),
            Block::Details(details) => {
                collect_inlines(&details.summary, step, id, out);
                collect_blocks(&details.body, step, id, out);
            }
            Block::Tabs(tabs) => {
                for tab in &tabs.tabs {
                    collect_blocks(&tab.body, step, id, out);
                }
            }
            Block::Footnotes(notes) => {
                for note in notes {
                    collect_blocks(&note.body, step, id, out);
                }
            }
            Block::Definitions(items) => {
                for item in items {
                    for term in &item.terms {
                        collect_inlines(term, step, id, out);
                    }
                    collect_blocks(&item.body, step, id, out);
                }
            }
            Block::Code(code) => out.push(CopyTarget {
                kind: CopyKind::CodeBlock,
                step: step.map(str::to_owned),
                payload: code.payload(id),
            }),
            Block::Table(table) => {
                for cell in table.head.iter().chain(table.rows.iter().flatten()) {
                    collect_inlines(cell, step, id, out);
                }
            }
            Block::Rule => {}
        }
    }
}

fn collect_inlines(
    inlines: &[Inline],
    step: Option<&str>,
    id: Option<&AttendeeId>,
    out: &mut Vec<CopyTarget>,
) {
    for inline in inlines {
        let (kind, payload) = match inline {
            Inline::Strong(content)
            | Inline::Emphasis(content)
            | Inline::Strikethrough(content)
            | Inline::Mark(content)
            | Inline::Insert(content)
            | Inline::Superscript(content)
            | Inline::Subscript(content) => {
                collect_inlines(content, step, id, out);
                continue;
            }
            Inline::Link(link) => {
                collect_inlines(&link.content, step, id, out);
                continue;
            }
            Inline::AttendeeValue(value) if value.copy => {
                (CopyKind::AttendeeValue, value.payload(id))
            }
            Inline::CopyStatic(copy) => (CopyKind::CopyStatic, copy.payload(id)),
            _ => continue,
        };
        out.push(CopyTarget {
            kind,
            step: step.map(str::to_owned),
            payload,
        });
    }
}

/// Every inline node of `blocks`, depth first (nested inline content after its container).
pub fn all_inlines(blocks: &[Block]) -> Vec<&Inline> {
    let mut out = Vec::new();
    walk_blocks(blocks, &mut out);
    out
}

fn walk_blocks<'a>(blocks: &'a [Block], out: &mut Vec<&'a Inline>) {
    for block in blocks {
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph { content, .. }
            | Block::Plain(content) => walk_inlines(content, out),
            Block::List(list) => list.items.iter().for_each(|i| walk_blocks(&i.blocks, out)),
            Block::Quote(body) => walk_blocks(body, out),
            Block::Admonition(a) => walk_blocks(&a.body, out),
            Block::Details(d) => {
                walk_inlines(&d.summary, out);
                walk_blocks(&d.body, out);
            }
            Block::Tabs(tabs) => tabs.tabs.iter().for_each(|t| {
                walk_inlines(&t.label, out);
                walk_blocks(&t.body, out);
            }),
            Block::Footnotes(notes) => notes.iter().for_each(|n| walk_blocks(&n.body, out)),
            Block::Definitions(items) => items.iter().for_each(|i| {
                i.terms.iter().for_each(|t| walk_inlines(t, out));
                walk_blocks(&i.body, out);
            }),
            Block::Table(t) => t
                .head
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(|c| walk_inlines(c, out)),
            Block::Code(_) | Block::Rule => {}
        }
    }
}

fn walk_inlines<'a>(inlines: &'a [Inline], out: &mut Vec<&'a Inline>) {
    for inline in inlines {
        out.push(inline);
        match inline {
            Inline::Strong(c)
            | Inline::Emphasis(c)
            | Inline::Strikethrough(c)
            | Inline::Mark(c)
            | Inline::Insert(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c) => walk_inlines(c, out),
            Inline::Link(link) => walk_inlines(&link.content, out),
            _ => {}
        }
    }
}

/// The plain text of inline content (placeholders read `Your_Attendee_ID`).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out);
    out
}

fn push_plain_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::Strong(content)
            | Inline::Emphasis(content)
            | Inline::Strikethrough(content)
            | Inline::Mark(content)
            | Inline::Insert(content)
            | Inline::Superscript(content)
            | Inline::Subscript(content) => push_plain_text(content, out),
            Inline::Link(link) => push_plain_text(&link.content, out),
            Inline::Image(image) => out.push_str(&image.alt),
            Inline::LineBreak => out.push(' '),
            Inline::AttendeeValue(value) => out.push_str(&value.payload(None).text),
            Inline::CopyStatic(_) | Inline::FootnoteRef(_) => {}
            Inline::Keys(keys) => out.push_str(&keys.join("+")),
            Inline::Emoji(emoji) => out.push_str(&emoji.glyph),
            Inline::Abbreviation(abbreviation) => out.push_str(&abbreviation.text),
        }
    }
}

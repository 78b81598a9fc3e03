//! The guide's document read off the page a browser builds from MkDocs' HTML ([`crate::markdown`]):
//! each element becomes a typed node; nothing is kept as markup. Ordered lists are numbered 1..n as
//! MkDocs shows them; the numbers typed are kept for step ids and checked. The lab's spans become
//! attendee values and copy buttons. Whatever renders differently from MkDocs, or not at all, is
//! noted.

use std::collections::HashSet;

use crate::admonition::kind_of;
use crate::attendee::PLACEHOLDER;
use crate::diagnostic::DiagnosticKind;
use crate::href::{HrefError, SafeHref};
use crate::markdown::attr_list::MARKER;
use crate::markdown::dom::{Dom, DomId, DomNode, Element, DOM_ROOT};
use crate::markdown::{Diagnostics, Noted};
use crate::model::*;
use crate::parse::{slugify, STEP_SECTIONS};

/// A link or image target and where it was written.
pub struct RefAt {
    pub at: usize,
    pub image: bool,
    pub href: Option<SafeHref>,
}

pub struct Lowered {
    pub blocks: Vec<Block>,
    pub steps: Vec<Step>,
    pub headings: Vec<HeadingRef>,
    pub references: Vec<RefAt>,
    pub diagnostics: Diagnostics,
}

/// Nested blocks and inline elements deeper than this are flattened to their text: the document is
/// embedded as JSON and read back in the browser, whose reader stops at 128 levels of nesting (a
/// level of the document is up to 5 of JSON).
pub const MAX_MODEL_DEPTH: usize = 20;

pub fn lower(dom: &Dom) -> Lowered {
    let mut lowerer = Lowerer {
        dom,
        depth: 0,
        reported_depth: false,
        notes: Diagnostics::new(),
        anchors: Anchors::default(),
        headings: Vec::new(),
        steps: Vec::new(),
        section: None,
        parts: 0,
        references: Vec::new(),
    };
    let blocks = lowerer.blocks(DOM_ROOT, true, false);
    Lowered {
        blocks,
        steps: lowerer.steps,
        headings: lowerer.headings,
        references: lowerer.references,
        diagnostics: lowerer.notes,
    }
}

/// Anchor ids in use; new ones made unique as MkDocs' `toc` does (`story`, `story_1`, `_1`).
#[derive(Default)]
struct Anchors {
    used: HashSet<String>,
}

impl Anchors {
    fn unique(&mut self, base: &str) -> String {
        let mut id = base.to_owned();
        while id.is_empty() || self.used.contains(&id) {
            id = match id.rsplit_once('_') {
                Some((stem, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
                    let next = n.parse::<u64>().map_or(1, |n| n.saturating_add(1));
                    format!("{stem}_{next}")
                }
                _ => format!("{id}_1"),
            };
        }
        self.used.insert(id.clone());
        id
    }

    fn take(&mut self, id: &str) -> bool {
        self.used.insert(id.to_owned())
    }
}

struct Lowerer<'a> {
    dom: &'a Dom,
    /// Nesting of the node being built (see [`MAX_MODEL_DEPTH`]).
    depth: usize,
    reported_depth: bool,
    notes: Diagnostics,
    anchors: Anchors,
    headings: Vec<HeadingRef>,
    steps: Vec<Step>,
    /// The step section being read: (heading level, anchor prefix).
    section: Option<(u8, String)>,
    /// Numbered lists met so far in the step section.
    parts: usize,
    references: Vec<RefAt>,
}

/// Elements that are blocks in a guide (the rest is inline content).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "blockquote"
            | "div"
            | "details"
            | "summary"
            | "pre"
            | "table"
            | "hr"
            | "dl"
            | "dd"
            | "dt"
            | "center"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "figure"
            | "figcaption"
            | "address"
            | "hgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
    )
}

fn level_of(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

impl Lowerer<'_> {
    fn note(&mut self, at: usize, kind: DiagnosticKind, message: impl Into<String>) {
        self.notes.push(Noted {
            at,
            kind,
            message: message.into(),
        });
    }

    fn element(&self, id: DomId) -> Option<&Element> {
        self.dom.element(id)
    }

    fn children(&self, id: DomId) -> Vec<DomId> {
        self.dom.children(id).to_vec()
    }

    /// The blocks of an element's children; runs of inline content become `Plain` blocks.
    fn blocks(&mut self, parent: DomId, top: bool, center: bool) -> Vec<Block> {
        let children = self.children(parent);
        self.blocks_of(&children, top, center)
    }

    fn blocks_of(&mut self, children: &[DomId], top: bool, center: bool) -> Vec<Block> {
        self.depth += 1;
        let blocks = self.blocks_at_depth(children, top, center);
        self.depth -= 1;
        blocks
    }

    fn blocks_at_depth(&mut self, children: &[DomId], top: bool, center: bool) -> Vec<Block> {
        let mut out = Vec::new();
        let mut pending: Vec<Inline> = Vec::new();
        for &child in children {
            let block_name = self
                .element(child)
                .filter(|e| is_block(&e.name))
                .map(|e| e.name.clone());
            match block_name {
                Some(_) => {
                    flush(&mut pending, &mut out);
                    let blocks = self.block(child, top, center);
                    out.extend(blocks);
                }
                None => pending.extend(self.inline(child)),
            }
        }
        flush(&mut pending, &mut out);
        out
    }

    fn block(&mut self, id: DomId, top: bool, center: bool) -> Vec<Block> {
        let Some(element) = self.element(id).cloned() else {
            return Vec::new();
        };
        if self.depth > MAX_MODEL_DEPTH {
            let text = self.flattened(id, element.at);
            return if text.trim().is_empty() {
                Vec::new()
            } else {
                vec![Block::Plain(vec![Inline::Text(text)])]
            };
        }
        self.attr_list_warnings(&element, &[]);
        let name = element.name.as_str();
        if let Some(level) = level_of(name) {
            return self.heading(id, &element, level, top);
        }
        match name {
            "p" | "summary" => {
                let content = tidy(self.inline_children(id));
                if content.is_empty() {
                    return Vec::new();
                }
                let align = if center || centered(&element) {
                    TextAlign::Center
                } else {
                    TextAlign::Start
                };
                self.style_warning(&element, true);
                vec![Block::Paragraph { align, content }]
            }
            "ul" | "ol" => vec![self.list(id, &element, top)],
            "blockquote" => vec![Block::Quote(self.blocks(id, false, center))],
            "div" if element.has_class("admonition") => vec![self.admonition(id, &element)],
            "div" if element.has_class("tabbed-set") => vec![self.tabs(id)],
            "div" if element.has_class("footnote") => vec![self.footnotes(id)],
            "details" => vec![self.details(id, &element)],
            "pre" => vec![self.code(id, &element)],
            "table" => vec![self.table(id)],
            "hr" => vec![Block::Rule],
            "dl" => vec![self.definitions(id)],
            _ => {
                let center = center || centered(&element) || name == "center";
                self.blocks(id, top, center)
            }
        }
    }

    fn heading(&mut self, id: DomId, element: &Element, level: u8, top: bool) -> Vec<Block> {
        let content = tidy(self.inline_children(id));
        if content.is_empty() {
            return Vec::new();
        }
        // MkDocs' table of contents reads a heading's text only (an image's alt is not text).
        let text = plain_text(&without_images(&content)).trim().to_owned();
        if element.attr("data-setext").is_some() {
            let in_item = element
                .parent
                .and_then(|p| self.element(p))
                .is_some_and(|p| p.name == "li");
            if in_item {
                self.note(
                    element.at,
                    DiagnosticKind::RuleBecameHeading,
                    format!("`---` right under `{}` makes that line a heading (MkDocs renders it so); leave a blank line before `---` for a rule", shorten(&plain_text(&content))),
                );
            }
        }
        let anchor = match element.attr("id").filter(|i| !i.is_empty()) {
            Some(given) => self.anchors.unique(given),
            None => self.anchors.unique(&slugify(&text)),
        };
        self.headings.push(HeadingRef {
            level,
            id: anchor.clone(),
            text: text.clone(),
        });
        if top {
            self.enter_heading(level, &text);
        }
        vec![Block::Heading {
            level,
            id: anchor,
            content,
        }]
    }

    /// Tracks which step section the document is in.
    fn enter_heading(&mut self, level: u8, text: &str) {
        if let Some(name) = STEP_SECTIONS
            .iter()
            .find(|name| name.eq_ignore_ascii_case(text.trim()))
        {
            self.section = Some((level, slugify(name)));
            self.parts = 0;
        } else if self.section.as_ref().is_some_and(|(l, _)| level <= *l) {
            self.section = None;
        }
    }

    fn list(&mut self, id: DomId, element: &Element, top: bool) -> Block {
        let ordered = element.name == "ol";
        // Markdown lists start at 1; an HTML `<ol start="3">` as written.
        let first = element
            .attr("start")
            .filter(|_| element.authored)
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or(1);
        let mut items: Vec<ListItem> = Vec::new();
        let mut mismatch: Option<(usize, u64, u64)> = None;
        let mut typed_numbers = Vec::new();
        for child in self.children(id) {
            let Some(item) = self.element(child).cloned() else {
                continue;
            };
            if item.name != "li" {
                let blocks = self.block(child, false, false);
                match items.last_mut() {
                    Some(last) => last.blocks.extend(blocks),
                    None if !blocks.is_empty() => items.push(ListItem {
                        number: ordered.then_some(1),
                        typed: None,
                        step: None,
                        blocks,
                    }),
                    None => {}
                }
                continue;
            }
            let number = ordered.then_some(first + items.len() as u64);
            let typed = if ordered {
                item.attr("data-typed").and_then(|t| t.parse::<u64>().ok())
            } else {
                None
            };
            if let (Some(shown), Some(typed)) = (number, typed) {
                typed_numbers.push(typed.to_string());
                if shown != typed && mismatch.is_none() {
                    mismatch = Some((item.at, typed, shown));
                }
            }
            let blocks = self.blocks(child, false, false);
            items.push(ListItem {
                number,
                typed,
                step: None,
                blocks,
            });
        }
        if let Some((at, typed, shown)) = mismatch {
            let written: Vec<String> = typed_numbers.iter().take(6).cloned().collect();
            let more = if typed_numbers.len() > 6 { ", …" } else { "" };
            self.note(
                at,
                DiagnosticKind::TypedNumber,
                format!(
                    "item typed `{typed}.` is shown as {shown}: MkDocs numbers a list 1, 2, 3… whatever is typed (this list is typed {}{more})",
                    written.join(", ")
                ),
            );
        }
        if ordered && top {
            self.number_steps(&mut items);
        }
        Block::List(List {
            start: ordered.then_some(first),
            items,
        })
    }

    /// Makes the items of a top-level numbered list in Build or Testing steps. The id comes from the
    /// number typed (`build-3`), so a step keeps its id, and the progress kept under it, when MkDocs
    /// shows another number; a list that restarts in the same section (a second part under a
    /// sub-heading) is told apart by its part number (`build-2-3`).
    fn number_steps(&mut self, items: &mut [ListItem]) {
        let Some((_, section)) = self.section.clone() else {
            return;
        };
        self.parts += 1;
        let part = self.parts;
        for item in items.iter_mut() {
            let shown = item.number.unwrap_or(1);
            let typed = item.typed.unwrap_or(shown);
            let plain = format!("{section}-{typed}");
            let parted = format!("{section}-{part}-{typed}");
            let id = if self.anchors.take(&plain) {
                plain
            } else if self.anchors.take(&parted) {
                parted
            } else {
                self.anchors.unique(&parted)
            };
            let step = Step {
                id,
                number: shown,
                section: section.clone(),
            };
            self.steps.push(step.clone());
            item.step = Some(step);
        }
    }

    fn admonition(&mut self, id: DomId, element: &Element) -> Block {
        let classes: Vec<&str> = element
            .attr("class")
            .unwrap_or("")
            .split_whitespace()
            .filter(|c| *c != "admonition")
            .collect();
        let type_name = classes.first().copied().unwrap_or("note").to_owned();
        let placement = if classes.contains(&"inline") {
            if classes.contains(&"end") {
                Placement::InlineEnd
            } else {
                Placement::InlineStart
            }
        } else {
            Placement::Block
        };
        let kind = self.admonition_kind(&type_name, element.at);
        let children = self.children(id);
        let (title, rest) = match children.split_first() {
            Some((&first, rest))
                if self
                    .element(first)
                    .is_some_and(|e| e.name == "p" && e.has_class("admonition-title")) =>
            {
                let title = plain_text(&self.inline_children(first)).trim().to_owned();
                (Some(title), rest.to_vec())
            }
            _ => (None, children.clone()),
        };
        let body = self.blocks_of(&rest, false, false);
        Block::Admonition(Admonition {
            kind,
            title,
            collapsible: None,
            placement,
            body,
        })
    }

    fn admonition_kind(&mut self, type_name: &str, at: usize) -> AdmonitionKind {
        match kind_of(type_name) {
            Some(kind) => kind,
            None => {
                self.note(
                    at,
                    DiagnosticKind::UnknownAdmonition,
                    format!(
                        "admonition type `{type_name}` is not one of MkDocs Material's (shown as a note); use note, abstract, info, tip, success, question, warning, failure, danger, bug, example or quote"
                    ),
                );
                AdmonitionKind::Note
            }
        }
    }

    fn details(&mut self, id: DomId, element: &Element) -> Block {
        let children = self.children(id);
        let summary = children
            .iter()
            .copied()
            .find(|&c| self.element(c).is_some_and(|e| e.name == "summary"));
        let rest: Vec<DomId> = children
            .iter()
            .copied()
            .filter(|c| Some(*c) != summary)
            .collect();
        let open = element.attr("open").is_some();
        let summary_content = match summary {
            Some(summary) => tidy(self.inline_children(summary)),
            None => Vec::new(),
        };
        if element.authored {
            let body = self.blocks_of(&rest, false, false);
            let summary = if summary_content.is_empty() {
                vec![Inline::Text("Details".to_owned())]
            } else {
                summary_content
            };
            return Block::Details(Details {
                summary,
                open,
                body,
            });
        }
        let type_name = element
            .attr("class")
            .and_then(|c| c.split_whitespace().next())
            .map(str::to_owned);
        let kind = match type_name {
            Some(name) => self.admonition_kind(&name, element.at),
            None => AdmonitionKind::Note,
        };
        let body = self.blocks_of(&rest, false, false);
        Block::Admonition(Admonition {
            kind,
            title: Some(plain_text(&summary_content).trim().to_owned()),
            collapsible: Some(if open {
                Collapsible::Open
            } else {
                Collapsible::Closed
            }),
            placement: Placement::Block,
            body,
        })
    }

    fn tabs(&mut self, id: DomId) -> Block {
        let mut labels: Vec<(Vec<Inline>, bool)> = Vec::new();
        let mut bodies: Vec<Vec<Block>> = Vec::new();
        for part in self.children(id) {
            let Some(element) = self.element(part).cloned() else {
                continue;
            };
            if element.has_class("tabbed-labels") {
                for label in self.children(part) {
                    let selected = self
                        .element(label)
                        .is_some_and(|l| l.attr("data-selected").is_some());
                    labels.push((tidy(self.inline_children(label)), selected));
                }
            } else if element.has_class("tabbed-content") {
                for block in self.children(part) {
                    bodies.push(self.blocks(block, false, false));
                }
            }
        }
        let selected = labels.iter().position(|(_, s)| *s).unwrap_or(0);
        let tabs = labels
            .into_iter()
            .zip(bodies.into_iter().chain(std::iter::repeat_with(Vec::new)))
            .map(|((label, _), body)| Tab { label, body })
            .collect();
        Block::Tabs(Tabs { tabs, selected })
    }

    fn footnotes(&mut self, id: DomId) -> Block {
        let mut notes = Vec::new();
        let lists: Vec<DomId> = self
            .children(id)
            .into_iter()
            .filter(|&c| self.element(c).is_some_and(|e| e.name == "ol"))
            .collect();
        for list in lists {
            for item in self.children(list) {
                let Some(element) = self.element(item).cloned() else {
                    continue;
                };
                let note_id = element
                    .attr("id")
                    .and_then(|i| i.strip_prefix("fn:"))
                    .unwrap_or("")
                    .to_owned();
                let body = self.blocks(item, false, false);
                notes.push(Footnote {
                    id: note_id,
                    number: notes.len() as u64 + 1,
                    body,
                });
            }
        }
        Block::Footnotes(notes)
    }

    fn code(&mut self, id: DomId, element: &Element) -> Block {
        let mut text = String::new();
        self.text_content(id, &mut text);
        let text = text.strip_prefix('\n').unwrap_or(&text);
        let text = text.trim_end_matches(['\n', '\r']).to_owned();
        let class_language = self
            .children(id)
            .iter()
            .filter_map(|&c| self.element(c))
            .find_map(|code| {
                code.attr("class")?
                    .split_whitespace()
                    .find_map(|c| c.strip_prefix("language-"))
                    .map(str::to_owned)
            });
        let language = element
            .attr("data-lang")
            .map(str::to_owned)
            .or(class_language);
        Block::Code(CodeBlock { language, text })
    }

    fn text_content(&self, id: DomId, out: &mut String) {
        match self.dom.nodes.get(id) {
            Some(DomNode::Text { text, .. }) => out.push_str(text),
            Some(DomNode::Element(element)) => {
                if element.name == "br" {
                    out.push('\n');
                }
                for &child in &element.children {
                    self.text_content(child, out);
                }
            }
            None => {}
        }
    }

    fn table(&mut self, id: DomId) -> Block {
        let mut rows: Vec<(bool, DomId)> = Vec::new();
        self.collect_rows(id, false, &mut rows);
        let mut head_row = rows.iter().position(|(head, _)| *head);
        if head_row.is_none() {
            let first_all_th = rows.first().is_some_and(|(_, row)| {
                let cells = self.cells(*row);
                !cells.is_empty()
                    && cells
                        .iter()
                        .all(|&c| self.element(c).is_some_and(|e| e.name == "th"))
            });
            if first_all_th {
                head_row = Some(0);
            }
        }
        let mut head = Vec::new();
        let mut alignments = Vec::new();
        let mut body = Vec::new();
        for (index, (_, row)) in rows.iter().enumerate() {
            let cells = self.cells(*row);
            if Some(index) == head_row {
                for cell in cells {
                    let align = self.element(cell).map_or(ColumnAlign::None, cell_align);
                    alignments.push(align);
                    head.push(tidy(self.inline_children(cell)));
                }
            } else {
                let row: Vec<Vec<Inline>> = cells
                    .into_iter()
                    .map(|cell| tidy(self.inline_children(cell)))
                    .collect();
                body.push(row);
            }
        }
        Block::Table(Table {
            alignments,
            head,
            rows: body,
        })
    }

    fn collect_rows(&self, id: DomId, head: bool, rows: &mut Vec<(bool, DomId)>) {
        for &child in self.dom.children(id) {
            let Some(element) = self.element(child) else {
                continue;
            };
            match element.name.as_str() {
                "tr" => rows.push((head, child)),
                "thead" => self.collect_rows(child, true, rows),
                "tbody" | "tfoot" => self.collect_rows(child, false, rows),
                _ => {}
            }
        }
    }

    fn cells(&self, row: DomId) -> Vec<DomId> {
        self.dom
            .children(row)
            .iter()
            .copied()
            .filter(|&c| {
                self.element(c)
                    .is_some_and(|e| matches!(e.name.as_str(), "td" | "th"))
            })
            .collect()
    }

    fn definitions(&mut self, id: DomId) -> Block {
        let mut items: Vec<Definition> = Vec::new();
        let mut terms: Vec<Vec<Inline>> = Vec::new();
        for child in self.children(id) {
            let Some(element) = self.element(child).cloned() else {
                continue;
            };
            match element.name.as_str() {
                "dt" => terms.push(tidy(self.inline_children(child))),
                "dd" => {
                    let body = self.blocks(child, false, false);
                    items.push(Definition {
                        terms: std::mem::take(&mut terms),
                        body,
                    });
                }
                _ => {}
            }
        }
        if !terms.is_empty() {
            items.push(Definition {
                terms,
                body: Vec::new(),
            });
        }
        Block::Definitions(items)
    }

    fn inline_children(&mut self, id: DomId) -> Vec<Inline> {
        self.depth += 1;
        let mut out = Vec::new();
        for child in self.children(id) {
            out.extend(self.inline(child));
        }
        self.depth -= 1;
        merge_texts(out)
    }

    /// The text of an element nested too deep, reported once.
    fn flattened(&mut self, id: DomId, at: usize) -> String {
        if !self.reported_depth {
            self.reported_depth = true;
            self.note(
                at,
                DiagnosticKind::TooDeep,
                format!(
                    "content nested more than {MAX_MODEL_DEPTH} levels deep is shown as plain text"
                ),
            );
        }
        let mut text = String::new();
        self.text_content(id, &mut text);
        text
    }

    fn inline(&mut self, id: DomId) -> Vec<Inline> {
        let element = match self.dom.nodes.get(id) {
            Some(DomNode::Text { text, .. }) => return text_inlines(text),
            Some(DomNode::Element(element)) => element.clone(),
            None => return Vec::new(),
        };
        if self.depth > MAX_MODEL_DEPTH {
            return vec![Inline::Text(self.flattened(id, element.at))];
        }
        self.attr_list_warnings(&element, &[]);
        if is_block(&element.name) {
            // A block where only inline content can go (a list inside a table cell…): its text.
            return tidy(plain_blocks(&self.block(id, false, false)));
        }
        let wrap = |this: &mut Self, node: fn(Vec<Inline>) -> Inline| {
            let content = this.inline_children(id);
            if content.is_empty() {
                Vec::new()
            } else {
                vec![node(content)]
            }
        };
        match element.name.as_str() {
            "strong" | "b" => wrap(self, Inline::Strong),
            "em" | "i" => wrap(self, Inline::Emphasis),
            "del" | "s" | "strike" => wrap(self, Inline::Strikethrough),
            "mark" => wrap(self, Inline::Mark),
            "ins" | "u" => wrap(self, Inline::Insert),
            "sub" => wrap(self, Inline::Subscript),
            "sup" => self.superscript(id, &element),
            "code" | "tt" | "samp" | "var" => {
                let mut text = String::new();
                self.text_content(id, &mut text);
                vec![Inline::Code(text)]
            }
            "kbd" => {
                let mut text = String::new();
                self.text_content(id, &mut text);
                vec![Inline::Keys(vec![text])]
            }
            "a" => self.link(id, &element),
            "img" => self.image(&element),
            // Embedded media, like images, are not shipped: a placeholder names them.
            "iframe" | "video" | "audio" | "embed" | "object" if element.authored => {
                self.embedded(&element)
            }
            "br" => vec![Inline::LineBreak],
            "span" => self.span(id, &element),
            "abbr" => {
                let mut text = String::new();
                self.text_content(id, &mut text);
                match element.attr("title") {
                    Some(title) => vec![Inline::Abbreviation(Abbreviation {
                        text,
                        title: title.to_owned(),
                    })],
                    None => vec![Inline::Text(text)],
                }
            }
            "font" => {
                self.style_warning(&element, false);
                self.inline_children(id)
            }
            "small" | "big" | "q" | "cite" | "dfn" | "time" | "bdi" | "bdo" | "data" | "nobr"
            | "label" | "wbr" => self.inline_children(id),
            _ if element
                .raw
                .as_deref()
                .is_some_and(|raw| raw.eq_ignore_ascii_case(&format!("<{PLACEHOLDER}>"))) =>
            {
                let mut out = vec![Inline::AttendeeValue(AttendeeValue {
                    prefix: String::new(),
                    suffix: String::new(),
                    copy: false,
                })];
                out.extend(self.inline_children(id));
                out
            }
            _ if element.authored => self.unsupported(id, &element),
            _ => self.inline_children(id),
        }
    }

    /// An element the guide does not render: its tags are shown as text around its content.
    fn unsupported(&mut self, id: DomId, element: &Element) -> Vec<Inline> {
        let raw = element
            .raw
            .clone()
            .unwrap_or_else(|| format!("<{}>", element.name));
        self.note(
            element.at,
            DiagnosticKind::UnsupportedHtml,
            format!("unsupported HTML `{raw}` is shown as text"),
        );
        let mut out = vec![Inline::Text(raw)];
        out.extend(self.inline_children(id));
        if let Some(end) = &element.raw_end {
            out.push(Inline::Text(end.clone()));
        }
        merge_texts(out)
    }

    fn superscript(&mut self, id: DomId, element: &Element) -> Vec<Inline> {
        let reference = self.children(id).into_iter().find_map(|c| {
            let a = self.element(c)?;
            if a.name != "a" || !a.has_class("footnote-ref") {
                return None;
            }
            let target = a.attr("href")?.strip_prefix("#fn:")?.to_owned();
            let mut number = String::new();
            self.text_content(c, &mut number);
            Some((target, number.trim().parse::<u64>().unwrap_or(0)))
        });
        match reference {
            Some((target, number)) => vec![Inline::FootnoteRef(FootnoteRef {
                id: target,
                number,
                anchor: element.attr("id").unwrap_or("").to_owned(),
            })],
            None => {
                let content = self.inline_children(id);
                if content.is_empty() {
                    Vec::new()
                } else {
                    vec![Inline::Superscript(content)]
                }
            }
        }
    }

    fn link(&mut self, id: DomId, element: &Element) -> Vec<Inline> {
        if element.has_class("footnote-backref") {
            return Vec::new();
        }
        self.attr_list_warnings(element, &["target"]);
        let content = self.inline_children(id);
        let Some(target) = element.attr("href").map(str::to_owned) else {
            return content;
        };
        match SafeHref::parse(&target) {
            Ok(href) => {
                self.references.push(RefAt {
                    at: element.at,
                    image: false,
                    href: Some(href.clone()),
                });
                vec![Inline::Link(Link {
                    href,
                    new_tab: element.attr("target") == Some("_blank"),
                    content,
                })]
            }
            Err(error) => {
                let message = match error {
                    HrefError::Empty => {
                        "link without a target; it is shown as plain text".to_owned()
                    }
                    HrefError::Scheme(_) => {
                        format!("{error}: `{target}`; the link is shown as plain text")
                    }
                };
                self.note(element.at, DiagnosticKind::UnsafeLink, message);
                self.references.push(RefAt {
                    at: element.at,
                    image: false,
                    href: None,
                });
                if element.authored {
                    let mut out = vec![Inline::Text(element.raw.clone().unwrap_or_default())];
                    out.extend(content);
                    if let Some(end) = &element.raw_end {
                        out.push(Inline::Text(end.clone()));
                    }
                    merge_texts(out)
                } else {
                    content
                }
            }
        }
    }

    fn image(&mut self, element: &Element) -> Vec<Inline> {
        self.attr_list_warnings(element, &["width", "height"]);
        let path = element.attr("src").unwrap_or("").to_owned();
        if path.trim().is_empty() {
            self.note(
                element.at,
                DiagnosticKind::Unresolved,
                "image without a path",
            );
        } else {
            self.note(
                element.at,
                DiagnosticKind::ImageNotShipped,
                format!("image `{path}` is not shipped with the companion; a placeholder is shown"),
            );
        }
        self.references.push(RefAt {
            at: element.at,
            image: true,
            href: SafeHref::parse(&path).ok(),
        });
        vec![Inline::Image(ImagePlaceholder {
            alt: element.attr("alt").unwrap_or("").to_owned(),
            path,
            width: element.attr("width").map(str::to_owned),
            height: element.attr("height").map(str::to_owned),
        })]
    }

    fn embedded(&mut self, element: &Element) -> Vec<Inline> {
        let path = element
            .attr("src")
            .or_else(|| element.attr("data"))
            .unwrap_or("")
            .to_owned();
        let kind = match element.name.as_str() {
            "video" => "video",
            "audio" => "audio",
            _ => "embedded page",
        };
        let alt = element
            .attr("title")
            .map(|title| format!("{kind}: {title}"))
            .unwrap_or_else(|| kind.to_owned());
        self.note(
            element.at,
            DiagnosticKind::ImageNotShipped,
            format!(
                "`<{}>` is not shipped with the companion; a placeholder is shown",
                element.name
            ),
        );
        vec![Inline::Image(ImagePlaceholder {
            alt,
            path,
            width: element.attr("width").map(str::to_owned),
            height: element.attr("height").map(str::to_owned),
        })]
    }

    /// The lab's spans by class; any other span keeps its content.
    fn span(&mut self, id: DomId, element: &Element) -> Vec<Inline> {
        if element.has_class("attendee-id-container") {
            return self.attendee_container(id, element);
        }
        if element.has_class("attendee-id-placeholder") {
            return vec![Inline::AttendeeValue(AttendeeValue {
                prefix: element.attr("data-prefix").unwrap_or("").to_owned(),
                suffix: element.attr("data-suffix").unwrap_or("").to_owned(),
                copy: false,
            })];
        }
        if element.has_class("copy-static") {
            return self.copy_static(id, element);
        }
        if element.has_class("copy") {
            self.note(
                element.at,
                DiagnosticKind::EmptyCopyPayload,
                "copy button outside a `copy-static` or `attendee-id-container` span has nothing to copy; it is dropped",
            );
            return Vec::new();
        }
        if element.has_class("keys") {
            let keys = self
                .children(id)
                .into_iter()
                .filter(|&c| self.element(c).is_some_and(|e| e.name == "kbd"))
                .map(|c| {
                    let mut text = String::new();
                    self.text_content(c, &mut text);
                    text
                })
                .collect();
            return vec![Inline::Keys(keys)];
        }
        if element.has_class("emoji") && !element.authored {
            let mut glyph = String::new();
            self.text_content(id, &mut glyph);
            return vec![Inline::Emoji(Emoji {
                shortcode: element.attr("data-emoji").unwrap_or("").to_owned(),
                glyph,
            })];
        }
        if element.authored {
            self.style_warning(element, false);
            if let Some(class) = element.attr("class").filter(|c| !c.trim().is_empty()) {
                self.note(
                    element.at,
                    DiagnosticKind::UnknownSpanClass,
                    format!("span class `{class}` means nothing to the companion; the text is kept without it"),
                );
            }
        }
        self.inline_children(id)
    }

    /// `<span class="attendee-id-container">Main_Flow_<span class="attendee-id-placeholder"
    /// data-prefix="Main_Flow_">…</span><span class="copy"></span></span>`
    fn attendee_container(&mut self, id: DomId, element: &Element) -> Vec<Inline> {
        let children = self.children(id);
        let placeholder = children.iter().position(|&c| {
            self.element(c)
                .is_some_and(|e| e.has_class("attendee-id-placeholder"))
        });
        let copy = children.iter().any(|&c| {
            self.element(c)
                .is_some_and(|e| e.name == "span" && e.has_class("copy"))
        });
        let Some(index) = placeholder else {
            self.note(
                element.at,
                DiagnosticKind::MissingPlaceholder,
                "`attendee-id-container` without an `attendee-id-placeholder` span inside; shown as text",
            );
            let visible: Vec<DomId> = children
                .into_iter()
                .filter(|&c| !self.element(c).is_some_and(|e| e.has_class("copy")))
                .collect();
            return visible.into_iter().flat_map(|c| self.inline(c)).collect();
        };
        let visible_text = |this: &mut Self, ids: &[DomId]| {
            let mut text = String::new();
            for &c in ids {
                if this.element(c).is_some_and(|e| e.has_class("copy")) {
                    continue;
                }
                text.push_str(&plain_text(&this.inline(c)));
            }
            text
        };
        let before = visible_text(self, children.get(..index).unwrap_or(&[]));
        let after = visible_text(self, children.get(index + 1..).unwrap_or(&[]));
        let Some(placeholder) = children.get(index).and_then(|&c| self.element(c)).cloned() else {
            return Vec::new();
        };
        let prefix = self.affix(
            "data-prefix",
            placeholder.attr("data-prefix"),
            &before,
            placeholder.at,
        );
        let suffix = self.affix(
            "data-suffix",
            placeholder.attr("data-suffix"),
            &after,
            placeholder.at,
        );
        vec![Inline::AttendeeValue(AttendeeValue {
            prefix,
            suffix,
            copy,
        })]
    }

    /// Reconciles a `data-prefix`/`data-suffix` with the text shown beside the placeholder.
    fn affix(&mut self, attr: &str, given: Option<&str>, visible: &str, at: usize) -> String {
        match given {
            None if visible.is_empty() => String::new(),
            None => {
                self.note(
                    at,
                    DiagnosticKind::MissingAffix,
                    format!("placeholder shows `{visible}` but has no `{attr}`, so a copy would lose it; add {attr}=\"{visible}\""),
                );
                visible.to_owned()
            }
            Some(given) => {
                if !visible.is_empty() && visible != given {
                    self.note(
                        at,
                        DiagnosticKind::AffixMismatch,
                        format!("placeholder shows `{visible}` but copies {attr} `{given}`"),
                    );
                }
                given.to_owned()
            }
        }
    }

    fn copy_static(&mut self, id: DomId, element: &Element) -> Vec<Inline> {
        let visible: Vec<DomId> = self
            .children(id)
            .into_iter()
            .filter(|&c| {
                !self
                    .element(c)
                    .is_some_and(|e| e.name == "span" && e.has_class("copy"))
            })
            .collect();
        let mut out: Vec<Inline> = visible.into_iter().flat_map(|c| self.inline(c)).collect();
        match element.attr("data-copy-text") {
            Some(text) if !text.trim().is_empty() => out.push(Inline::CopyStatic(CopyStatic {
                text: text.to_owned(),
            })),
            Some(_) => self.note(
                element.at,
                DiagnosticKind::EmptyCopyPayload,
                "`copy-static` span with an empty `data-copy-text`: nothing to copy",
            ),
            None => self.note(
                element.at,
                DiagnosticKind::EmptyCopyPayload,
                "`copy-static` span without `data-copy-text`: nothing to copy",
            ),
        }
        merge_texts(out)
    }

    /// A `style` the guide does not show (a paragraph's `text-align: center` it does).
    fn style_warning(&mut self, element: &Element, paragraph: bool) {
        if !element.authored {
            return;
        }
        let mut dropped: Vec<String> = Vec::new();
        if let Some(style) = element.attr("style") {
            for declaration in style.split(';') {
                let declaration = declaration.trim();
                if declaration.is_empty() {
                    continue;
                }
                let compact: String = declaration
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if paragraph && compact == "text-align:center" {
                    continue;
                }
                dropped.push(declaration.to_owned());
            }
        }
        if element.name == "font" {
            for attr in ["color", "face", "size"] {
                if let Some(value) = element.attr(attr) {
                    dropped.push(format!("{attr}={value}"));
                }
            }
        }
        if !dropped.is_empty() {
            self.note(
                element.at,
                DiagnosticKind::StyledSpan,
                format!(
                    "`<{}>` styled `{}`: the text is kept, the style is not shown",
                    element.name,
                    dropped.join("; ")
                ),
            );
        }
    }

    /// Attributes an attribute list set that the guide does not use.
    fn attr_list_warnings(&mut self, element: &Element, honoured: &[&str]) {
        let Some(keys) = element.attr(MARKER) else {
            return;
        };
        let heading = level_of(&element.name).is_some();
        let dropped: Vec<&str> = keys
            .split(' ')
            .filter(|k| !k.is_empty())
            .filter(|k| !(honoured.contains(k) || heading && *k == "id"))
            .filter(|k| !(element.name == "a" && *k == "target"))
            .filter(|k| !(element.name == "img" && matches!(*k, "width" | "height")))
            .collect();
        if dropped.is_empty() {
            return;
        }
        let what = match element.name.as_str() {
            "a" => "a link",
            "img" => "an image",
            "p" => "a paragraph",
            name if level_of(name).is_some() => "a heading",
            _ => "an element",
        };
        self.note(
            element.at,
            DiagnosticKind::AttributeDropped,
            format!(
                "attribute list sets `{}` on {what}; the companion does not use it (the guide honours a heading's `#id`, a link's `target`, an image's `width`/`height`)",
                dropped.join("`, `")
            ),
        );
    }
}

/// `style="text-align: center"` or `align="center"`.
fn centered(element: &Element) -> bool {
    let style = element
        .attr("style")
        .map(|s| {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    style.contains("text-align:center")
        || element
            .attr("align")
            .is_some_and(|a| a.eq_ignore_ascii_case("center"))
}

fn cell_align(cell: &Element) -> ColumnAlign {
    let style = cell
        .attr("style")
        .map(|s| {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let align = cell
        .attr("align")
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if style.contains("text-align:center") || align == "center" {
        ColumnAlign::Center
    } else if style.contains("text-align:left") || align == "left" {
        ColumnAlign::Left
    } else if style.contains("text-align:right") || align == "right" {
        ColumnAlign::Right
    } else {
        ColumnAlign::None
    }
}

fn flush(pending: &mut Vec<Inline>, out: &mut Vec<Block>) {
    let content = tidy(merge_texts(std::mem::take(pending)));
    if !content.is_empty() {
        out.push(Block::Plain(content));
    }
}

/// Text with each literal `Your_Attendee_ID` as an attendee value.
fn text_inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(PLACEHOLDER) {
        if at > 0 {
            out.push(Inline::Text(rest.get(..at).unwrap_or("").to_owned()));
        }
        out.push(Inline::AttendeeValue(AttendeeValue {
            prefix: String::new(),
            suffix: String::new(),
            copy: false,
        }));
        rest = rest.get(at + PLACEHOLDER.len()..).unwrap_or("");
    }
    if !rest.is_empty() {
        out.push(Inline::Text(rest.to_owned()));
    }
    out
}

fn merge_texts(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        if let (Inline::Text(new), Some(Inline::Text(last))) = (&inline, out.last_mut()) {
            last.push_str(new);
            continue;
        }
        out.push(inline);
    }
    out
}

/// Trims whitespace at both ends of inline content (HTML and list items carry newlines).
fn tidy(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while matches!(inlines.first(), Some(Inline::Text(t)) if t.trim().is_empty()) {
        inlines.remove(0);
    }
    while matches!(inlines.last(), Some(Inline::Text(t)) if t.trim().is_empty()) {
        inlines.pop();
    }
    if let Some(Inline::Text(text)) = inlines.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Inline::Text(text)) = inlines.last_mut() {
        *text = text.trim_end().to_owned();
    }
    inlines
}

/// The inline content of blocks found where only inline content fits.
fn plain_blocks(blocks: &[Block]) -> Vec<Inline> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph { content, .. }
            | Block::Plain(content)
            | Block::Heading { content, .. } => {
                if !out.is_empty() {
                    out.push(Inline::Text(" ".to_owned()));
                }
                out.extend(content.iter().cloned());
            }
            Block::List(list) => {
                for item in &list.items {
                    out.extend(plain_blocks(&item.blocks));
                }
            }
            _ => {}
        }
    }
    out
}

fn without_images(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .filter(|i| !matches!(i, Inline::Image(_)))
        .cloned()
        .collect()
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        short.push('…');
    }
    short
}

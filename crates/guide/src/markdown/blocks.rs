//! Python-Markdown's block parser with the processors the lab's `mkdocs.yml` enables, in their
//! priority order. The text is split into blocks at blank lines; each block goes to the first
//! processor whose test accepts it, which adds elements to the tree and may hand parts of the block
//! back. Lists, quotes and indented containers parse their content recursively.
//!
//! What differs from CommonMark is kept on purpose, because MkDocs renders it so: nested content needs
//! 4 spaces, a list needs a blank line before it, items after a blank line join the list before them
//! even when they are of the other kind, and an ordered list is numbered 1..n whatever its first
//! number (no `sane_lists`).

use std::collections::{HashMap, VecDeque};

use crate::diagnostic::DiagnosticKind;

use super::containers::{self, ContainerKind};
use super::html_blocks::{self, MarkdownElement, MarkdownState};
use super::stash::{lone_placeholder, placeholder_at, Stash, Stashed};
use super::text::SrcText;
use super::tree::{NodeId, Tree, ROOT};
use super::{Diagnostics, Noted};

const TAB: usize = 4;
const INDENT: &str = "    ";

/// Nesting deeper than this is parsed as plain paragraphs.
pub const MAX_DEPTH: usize = 40;
/// A block (text between blank lines) longer than this is shown as plain text: Python-Markdown's
/// algorithm re-reads a block once per element found in it, which would take minutes on megabytes.
const MAX_BLOCK_LINES: usize = 1_000;
const MAX_BLOCK_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    List,
    LooseList,
    Detabbed,
    Blockquote,
}

/// A footnote definition: its id and its Markdown.
#[derive(Debug, Clone)]
pub struct FootnoteDef {
    pub id: String,
    pub text: SrcText,
}

pub struct BlockParser<'a> {
    pub tree: Tree,
    pub stash: &'a mut Stash,
    pub elements: &'a mut Vec<MarkdownElement>,
    pub diagnostics: &'a mut Diagnostics,
    state: Vec<State>,
    depth: usize,
    reported_depth: bool,
    /// The container (admonition, details, tab) a following indented block continues, per kind.
    current: [Option<(NodeId, usize)>; 3],
    tab_groups: usize,
    /// Link reference definitions, by lower-case id.
    pub references: HashMap<String, (SrcText, Option<String>)>,
    pub footnotes: Vec<FootnoteDef>,
    /// Abbreviation definitions (`*[HTML]: …`).
    pub abbreviations: Vec<(String, String)>,
}

impl<'a> BlockParser<'a> {
    pub fn new(
        stash: &'a mut Stash,
        elements: &'a mut Vec<MarkdownElement>,
        diagnostics: &'a mut Diagnostics,
    ) -> BlockParser<'a> {
        BlockParser {
            tree: Tree::new(),
            stash,
            elements,
            diagnostics,
            state: Vec::new(),
            depth: 0,
            reported_depth: false,
            current: [None, None, None],
            tab_groups: 0,
            references: HashMap::new(),
            footnotes: Vec::new(),
            abbreviations: Vec::new(),
        }
    }

    pub fn report(&mut self, at: usize, kind: DiagnosticKind, message: impl Into<String>) {
        self.diagnostics.push(Noted {
            at,
            kind,
            message: message.into(),
        });
    }

    fn is_state(&self, state: State) -> bool {
        self.state.last() == Some(&state)
    }

    pub fn parse_document(&mut self, text: &SrcText) {
        self.parse_chunk(ROOT, text);
    }

    pub fn parse_chunk(&mut self, parent: NodeId, text: &SrcText) {
        let blocks: VecDeque<SrcText> = text.split("\n\n").into();
        self.parse_blocks(parent, blocks);
    }

    pub fn parse_blocks(&mut self, parent: NodeId, mut blocks: VecDeque<SrcText>) {
        self.depth += 1;
        while let Some(block) = blocks.front() {
            if self.depth > MAX_DEPTH || too_long(block) {
                let block = blocks.pop_front().unwrap_or_default();
                self.flat(parent, block);
                continue;
            }
            self.dispatch(parent, &mut blocks);
        }
        self.depth -= 1;
    }

    /// A block beyond the limits: one paragraph of its text.
    fn flat(&mut self, parent: NodeId, block: SrcText) {
        if block.as_str().trim().is_empty() {
            return;
        }
        if !self.reported_depth {
            self.reported_depth = true;
            let message = if self.depth > MAX_DEPTH {
                format!("content nested more than {MAX_DEPTH} levels deep is shown as plain text")
            } else {
                format!("a block of more than {MAX_BLOCK_LINES} lines or {} KB without a blank line is shown as plain text", MAX_BLOCK_BYTES / 1024)
            };
            self.report(block.start(), DiagnosticKind::TooDeep, message);
        }
        let p = self.tree.add(parent, "p", block.start());
        self.tree.set_text(p, Some(block.trim_start()));
    }

    /// Runs the first processor that takes the front block.
    fn dispatch(&mut self, parent: NodeId, blocks: &mut VecDeque<SrcText>) {
        let Some(block) = blocks.front().cloned() else {
            return;
        };
        if self.markdown_element(parent, blocks) {
            return;
        }
        for kind in ContainerKind::ALL {
            if containers::test(self, kind, parent, &block) {
                containers::run(self, kind, parent, blocks);
                return;
            }
        }
        if block.is_empty() || block.starts_with("\n") {
            return self.empty(parent, blocks);
        }
        if self.list_indent_test(parent, &block) {
            return self.list_indent(parent, blocks);
        }
        if block.starts_with(INDENT) {
            return self.code(parent, blocks);
        }
        if let Some(table) = super::tables::test(block.as_str()) {
            blocks.pop_front();
            return super::tables::run(self, parent, &block, &table);
        }
        if let Some(found) = hash_header(block.as_str()) {
            return self.hash_header(parent, blocks, found);
        }
        if setext(block.as_str()) {
            return self.setext(parent, blocks);
        }
        if let Some(found) = horizontal_rule(block.as_str()) {
            return self.horizontal_rule(parent, blocks, found);
        }
        if list_start(block.as_str(), true).is_some() {
            return self.list(parent, blocks, true);
        }
        if list_start(block.as_str(), false).is_some() {
            return self.list(parent, blocks, false);
        }
        if let Some(found) = definition_start(block.as_str()) {
            if self.definition_list(parent, blocks, found) {
                return;
            }
        }
        if let Some(start) = quote_start(block.as_str()) {
            return self.blockquote(parent, blocks, start);
        }
        if self.footnote(blocks) || self.abbreviation(blocks) || self.reference(blocks) {
            return;
        }
        self.paragraph(parent, blocks);
    }

    /// `md_in_html`: a placeholder for an element with Markdown content.
    fn markdown_element(&mut self, parent: NodeId, blocks: &mut VecDeque<SrcText>) -> bool {
        let Some(block) = blocks.front() else {
            return false;
        };
        let Some((index, len)) = placeholder_at(block.as_str()) else {
            return false;
        };
        let Some(Stashed::Element(element)) = self.stash.get(index).cloned() else {
            return false;
        };
        let Some(element) = self.elements.get(element).cloned() else {
            return false;
        };
        let rest = block.slice_from(len);
        blocks.pop_front();
        self.stash.take(index);
        let node = self.tree.add(parent, &element.tag, element.at);
        self.tree.node_mut(node).attrs = element.attrs.clone();
        self.tree.node_mut(node).authored = true;
        match element.state {
            MarkdownState::Block => {
                let content = html_blocks::extract(
                    &element.content,
                    self.stash,
                    self.elements,
                    self.diagnostics,
                    self.depth,
                );
                let content = content.trim_end_matches(&['\n']);
                let blocks: VecDeque<SrcText> = content.split("\n\n").into();
                self.parse_blocks(node, blocks);
            }
            MarkdownState::Span => self.tree.set_text(node, Some(element.content.trim())),
        }
        if !rest.is_empty() {
            blocks.push_front(rest);
        }
        true
    }

    fn empty(&mut self, parent: NodeId, blocks: &mut VecDeque<SrcText>) {
        let block = blocks.pop_front().unwrap_or_default();
        let filler = if block.is_empty() { "\n\n" } else { "\n" };
        if !block.is_empty() {
            let rest = block.slice_from(1);
            if !rest.is_empty() {
                blocks.push_front(rest);
            }
        }
        if let Some(code) = self.last_code(parent) {
            if let Some(text) = &mut self.tree.node_mut(code).text {
                text.push_str(filler);
            }
        }
    }

    /// The `<code>` of a `<pre>` that is the parent's last child.
    fn last_code(&self, parent: NodeId) -> Option<NodeId> {
        let sibling = self.tree.last_child(parent)?;
        if !self.tree.is(sibling, "pre") {
            return None;
        }
        let code = *self.tree.children(sibling).first()?;
        self.tree.is(code, "code").then_some(code)
    }

    fn list_indent_test(&self, parent: NodeId, block: &SrcText) -> bool {
        block.starts_with(INDENT)
            && !self.is_state(State::Detabbed)
            && (is_item(self.tree.tag(parent))
                || self
                    .tree
                    .last_child(parent)
                    .is_some_and(|last| is_list(self.tree.tag(last))))
    }

    fn list_indent(&mut self, parent: NodeId, blocks: &mut VecDeque<SrcText>) {
        let block = blocks.pop_front().unwrap_or_default();
        let (level, sibling) = self.indent_level(parent, &block);
        let block = loose_detab(&block, level);
        self.state.push(State::Detabbed);
        if is_item(self.tree.tag(parent)) {
            match self.tree.last_child(parent) {
                Some(last) if is_list(self.tree.tag(last)) => {
                    self.parse_blocks(last, VecDeque::from([block]))
                }
                _ => self.parse_blocks(parent, VecDeque::from([block])),
            }
        } else if is_item(self.tree.tag(sibling)) {
            self.parse_blocks(sibling, VecDeque::from([block]));
        } else if let Some(last) = self
            .tree
            .last_child(sibling)
            .filter(|last| is_item(self.tree.tag(*last)))
        {
            self.tree.text_into_paragraph(last);
            self.parse_chunk(last, &block);
        } else {
            let item = if self.tree.is(sibling, "dl") {
                "dd"
            } else {
                "li"
            };
            let li = self.tree.add(sibling, item, block.start());
            self.parse_blocks(li, VecDeque::from([block]));
        }
        self.state.pop();
    }

    /// How many list levels the block's indentation reaches, and the element it belongs to.
    fn indent_level(&self, mut parent: NodeId, block: &SrcText) -> (usize, NodeId) {
        let spaces = block.as_str().len() - block.as_str().trim_start_matches(' ').len();
        let indent_level = spaces / TAB;
        let mut level = usize::from(self.is_state(State::List));
        while indent_level > level {
            match self.tree.last_child(parent) {
                Some(child) if is_list(self.tree.tag(child)) || is_item(self.tree.tag(child)) => {
                    if is_list(self.tree.tag(child)) {
                        level += 1;
                    }
                    parent = child;
                }
                _ => break,
            }
        }
        (level, parent)
    }

    fn code(&mut self, parent: NodeId, blocks: &mut VecDeque<SrcText>) {
        let block = blocks.pop_front().unwrap_or_default();
        let (code_text, rest) = detab(&block, TAB);
        if let Some(code) = self.last_code(parent) {
            let mut text = self.tree.node(code).text.clone().unwrap_or_default();
            text.push_str("\n");
            text.push(&code_text.trim_end());
            text.push_str("\n");
            self.tree.set_text(code, Some(text));
        } else {
            let pre = self.tree.add(parent, "pre", block.start());
            let code = self.tree.add(pre, "code", block.start());
            let mut text = code_text.trim_end();
            text.push_str("\n");
            self.tree.set_text(code, Some(text));
            self.tree.node_mut(code).atomic = true;
        }
        if !rest.is_empty() {
            blocks.push_front(rest);
        }
    }

    fn hash_header(&mut self, parent: NodeId, blocks: &mut VecDeque<SrcText>, found: HashHeader) {
        let block = blocks.pop_front().unwrap_or_default();
        let before = block.slice_to(found.start);
        let after = block.slice_from(found.end);
        if !before.is_empty() {
            self.parse_blocks(parent, VecDeque::from([before]));
        }
        let h = self
            .tree
            .add(parent, &format!("h{}", found.level), block.src(found.start));
        let text = block.slice(found.text.clone()).trim();
        self.tree.set_text(h, Some(text));
        if !after.is_empty() {
            let after = if self.is_state(State::LooseList) {
                loose_detab(&after, 1)
            } else {
                after
            };
            blocks.push_front(after);
        }
    }

    fn setext(&mut self, parent: NodeId, blocks: &mut VecDeque<SrcText>) {
        let block = blocks.pop_front().unwrap_or_default();
        let lines = block.lines();
        let level = if lines.get(1).is_some_and(|l| l.starts_with("=")) {
            1
        } else {
            2
        };
        let first = lines.first().cloned().unwrap_or_default();
        let h = self.tree.add(parent, &format!("h{level}"), first.start());
        self.tree.set_text(h, Some(first.trim()));
        if let Some(underline) = lines.get(1) {
            self.tree
                .set_attr(h, "data-setext", &underline.start().to_string());
        }
        if lines.len() > 2 {
            blocks.push_front(SrcText::join(lines.get(2..).unwrap_or(&[]), "\n"));
        }
    }

    fn horizontal_rule(
        &mut self,
        parent: NodeId,
        blocks: &mut VecDeque<SrcText>,
        found: (usize, usize),
    ) {
        let block = blocks.pop_front().unwrap_or_default();
        let pre = block.slice_to(found.0).trim_end_matches(&['\n']);
        if !pre.is_empty() {
            self.parse_blocks(parent, VecDeque::from([pre]));
        }
        self.tree.add(parent, "hr", block.src(found.0));
        let post = block.slice_from(found.1).trim_start_matches(&['\n']);
        if !post.is_empty() {
            blocks.push_front(post);
        }
    }

    fn list(&mut self, parent: NodeId, blocks: &mut VecDeque<SrcText>, ordered: bool) {
        let block = blocks.pop_front().unwrap_or_default();
        let mut items = list_items(&block);
        let sibling = self.tree.last_child(parent);
        let lst;
        if let Some(sibling) = sibling.filter(|s| is_list_tag(self.tree.tag(*s))) {
            lst = sibling;
            if let Some(last) = self.tree.last_child(lst) {
                self.tree.text_into_paragraph(last);
                if let Some(last_child) = self.tree.last_child(last) {
                    if let Some(tail) = self
                        .tree
                        .node(last_child)
                        .tail
                        .clone()
                        .filter(|t| !t.is_empty())
                    {
                        let p = self.tree.add(last, "p", tail.start());
                        self.tree.set_text(p, Some(tail.trim_start()));
                        self.tree.set_tail(last_child, None);
                    }
                }
            }
            if !items.is_empty() {
                let first = items.remove(0);
                let li = self.new_item(lst, &first);
                self.state.push(State::LooseList);
                self.parse_blocks(li, VecDeque::from([first.content.clone()]));
                self.state.pop();
            }
        } else if is_list_tag(self.tree.tag(parent)) {
            lst = parent;
        } else {
            lst = self
                .tree
                .add(parent, if ordered { "ol" } else { "ul" }, block.start());
        }
        self.state.push(State::List);
        for item in items {
            if item.content.starts_with(INDENT) {
                let target = self.tree.last_child(lst).unwrap_or(lst);
                self.parse_blocks(target, VecDeque::from([item.content]));
            } else {
                let li = self.new_item(lst, &item);
                self.parse_blocks(li, VecDeque::from([item.content.clone()]));
            }
        }
        self.state.pop();
    }

    /// A new `<li>`, remembering the number typed before it.
    fn new_item(&mut self, list: NodeId, item: &ListItemText) -> NodeId {
        let li = self.tree.add(list, "li", item.marker_at);
        if let Some(number) = &item.number {
            self.tree.set_attr(li, "data-typed", number);
        }
        li
    }

    fn blockquote(&mut self, parent: NodeId, blocks: &mut VecDeque<SrcText>, start: usize) {
        let block = blocks.pop_front().unwrap_or_default();
        let before = block.slice_to(start);
        if !before.as_str().trim().is_empty() {
            self.parse_blocks(parent, VecDeque::from([before.trim_end_matches(&['\n'])]));
        }
        let lines: Vec<SrcText> = block
            .slice_from(start)
            .trim_start_matches(&['\n'])
            .lines()
            .iter()
            .map(clean_quote_line)
            .collect();
        let quoted = SrcText::join(&lines, "\n");
        let quote = match self.tree.last_child(parent) {
            Some(sibling) if self.tree.is(sibling, "blockquote") => sibling,
            _ => self.tree.add(parent, "blockquote", block.src(start)),
        };
        self.state.push(State::Blockquote);
        self.parse_chunk(quote, &quoted);
        self.state.pop();
    }

    fn definition_list(
        &mut self,
        parent: NodeId,
        blocks: &mut VecDeque<SrcText>,
        found: Definition,
    ) -> bool {
        let Some(raw) = blocks.front().cloned() else {
            return false;
        };
        let mut terms: Vec<SrcText> = raw
            .slice_to(found.start)
            .lines()
            .into_iter()
            .filter(|t| !t.as_str().trim().is_empty())
            .map(|t| t.trim())
            .collect();
        let block = raw.slice_from(found.end);
        let no_indent = {
            let s = block.as_str();
            let spaces = s.len() - s.trim_start_matches(' ').len();
            spaces <= 3
                && s.get(spaces..)
                    .is_some_and(|r| !r.is_empty() && !r.starts_with(':'))
        };
        let (d, rest) = if no_indent {
            (block.clone(), SrcText::default())
        } else {
            detab(&block, TAB)
        };
        let definition = raw.slice(found.definition.clone());
        let d = if d.is_empty() {
            definition
        } else {
            SrcText::join(&[definition, d], "\n")
        };
        let mut sibling = self.tree.last_child(parent);
        if terms.is_empty() && sibling.is_none() {
            return false;
        }
        blocks.pop_front();
        let mut state = State::List;
        if terms.is_empty() {
            if let Some(p) = sibling.filter(|s| self.tree.is(*s, "p")) {
                state = State::LooseList;
                terms = self
                    .tree
                    .node(p)
                    .text
                    .clone()
                    .map(|t| t.lines())
                    .unwrap_or_default();
                self.tree.node_mut(parent).children.retain(|c| *c != p);
                sibling = self.tree.last_child(parent);
            }
        }
        let dl = match sibling {
            Some(dl) if self.tree.is(dl, "dl") => {
                let loose = terms.is_empty()
                    && self
                        .tree
                        .last_child(dl)
                        .is_some_and(|dd| self.tree.is(dd, "dd") && self.tree.child_count(dd) > 0);
                if loose {
                    state = State::LooseList;
                }
                dl
            }
            _ => self.tree.add(parent, "dl", raw.start()),
        };
        for term in terms {
            let dt = self.tree.add(dl, "dt", term.start());
            self.tree.set_text(dt, Some(term));
        }
        self.state.push(state);
        let dd = self.tree.add(dl, "dd", d.start());
        self.parse_blocks(dd, VecDeque::from([d]));
        self.state.pop();
        if !rest.is_empty() {
            blocks.push_front(rest);
        }
        true
    }

    /// `[^id]: text` definitions.
    fn footnote(&mut self, blocks: &mut VecDeque<SrcText>) -> bool {
        let Some(block) = blocks.front().cloned() else {
            return false;
        };
        let Some(first) = footnote_definition(block.as_str(), 0) else {
            return false;
        };
        blocks.pop_front();
        let preceding = block.slice_to(first.start);
        let mut current = first;
        // Definitions that follow each other directly are recorded in this pass.
        while let Some(next) = footnote_definition(block.as_str(), current.end) {
            let between = block.as_str().get(current.end..next.start).unwrap_or("");
            if !between.trim_matches('\n').is_empty() {
                break;
            }
            let text = block.slice(current.text.clone()).trim_end();
            self.footnotes.push(FootnoteDef {
                id: current.id.clone(),
                text,
            });
            current = next;
        }
        let mut parts = vec![block.slice(current.text.clone())];
        let rest = block.slice_from(current.end).trim_start_matches(&['\n']);
        if let Some(next) = footnote_definition(rest.as_str(), 0) {
            let before = rest.slice_to(next.start).trim_end_matches(&['\n']);
            let joined = SrcText::join(&[parts.remove(0), detab(&before, TAB).0], "\n");
            parts.push(joined.trim_start_matches(&['\n']));
            blocks.push_front(rest.slice_from(next.start));
        } else {
            let joined = SrcText::join(&[parts.remove(0), detab(&rest, TAB).0], "\n");
            parts.push(joined.trim_matches_newlines());
            while let Some(next) = blocks.front().cloned() {
                if !next.starts_with(INDENT) {
                    break;
                }
                blocks.pop_front();
                if let Some(found) = footnote_definition(next.as_str(), 0) {
                    parts.push(detab(&next.slice_to(found.start).trim_end_matches(&['\n']), TAB).0);
                    blocks.push_front(next.slice_from(found.start));
                    break;
                }
                parts.push(detab(&next, TAB).0);
            }
        }
        let text = SrcText::join(&parts, "\n\n").trim_end();
        self.footnotes.push(FootnoteDef {
            id: current.id,
            text,
        });
        if !preceding.as_str().trim().is_empty() {
            blocks.push_front(preceding.trim_end_matches(&['\n']));
        }
        true
    }

    /// `*[HTML]: Hyper Text Markup Language`.
    fn abbreviation(&mut self, blocks: &mut VecDeque<SrcText>) -> bool {
        let Some(block) = blocks.front().cloned() else {
            return false;
        };
        let mut line_start = 0;
        for line in block.as_str().split('\n') {
            let end = line_start + line.len();
            if let Some((abbr, title)) = abbreviation_line(line) {
                blocks.pop_front();
                if title == "''" || title == "\"\"" {
                    self.abbreviations.retain(|(a, _)| *a != abbr);
                } else {
                    self.abbreviations.retain(|(a, _)| *a != abbr);
                    self.abbreviations.push((abbr, title));
                }
                let after = block.slice_from(end);
                if !after.as_str().trim().is_empty() {
                    blocks.push_front(after.trim_start_matches(&['\n']));
                }
                let before = block.slice_to(line_start);
                if !before.as_str().trim().is_empty() {
                    blocks.push_front(before.trim_end_matches(&['\n']));
                }
                return true;
            }
            line_start = end + 1;
        }
        false
    }

    /// `[id]: url "title"` link reference definitions.
    fn reference(&mut self, blocks: &mut VecDeque<SrcText>) -> bool {
        let Some(block) = blocks.front().cloned() else {
            return false;
        };
        let mut line_start = 0;
        let lines: Vec<&str> = block.as_str().split('\n').collect();
        for (index, line) in lines.iter().enumerate() {
            if let Some((id, url, title)) = reference_line(line) {
                blocks.pop_front();
                let mut end = line_start + line.len();
                let url_at = line_start + line.find(url.as_str()).unwrap_or(0);
                self.references.insert(
                    id.to_lowercase(),
                    (block.slice(url_at..url_at + url.len()), title),
                );
                // Definitions on the following lines go in the same pass.
                let mut next_start = end + 1;
                for next in lines.iter().skip(index + 1) {
                    match reference_line(next) {
                        Some((id, url, title)) => {
                            let url_at = next_start + next.find(url.as_str()).unwrap_or(0);
                            self.references.insert(
                                id.to_lowercase(),
                                (block.slice(url_at..url_at + url.len()), title),
                            );
                            end = next_start + next.len();
                            next_start = end + 1;
                        }
                        None => break,
                    }
                }
                let after = block.slice_from(end);
                if !after.as_str().trim().is_empty() {
                    blocks.push_front(after.trim_start_matches(&['\n']));
                }
                let before = block.slice_to(line_start);
                if !before.as_str().trim().is_empty() {
                    blocks.push_front(before.trim_end_matches(&['\n']));
                }
                return true;
            }
            line_start += line.len() + 1;
        }
        false
    }

    fn paragraph(&mut self, parent: NodeId, blocks: &mut VecDeque<SrcText>) {
        let block = blocks.pop_front().unwrap_or_default();
        if block.as_str().trim().is_empty() {
            return;
        }
        if self.is_state(State::List) {
            match self.tree.last_child(parent) {
                Some(sibling) => {
                    let tail = match self.tree.node(sibling).tail.clone() {
                        Some(tail) => SrcText::join(&[tail, block], "\n"),
                        None => {
                            let mut tail = block.clone();
                            tail.prepend_str("\n");
                            tail
                        }
                    };
                    self.tree.set_tail(sibling, Some(tail));
                }
                None => {
                    let text = match self.tree.node(parent).text.clone() {
                        Some(text) if !text.is_empty() => SrcText::join(&[text, block], "\n"),
                        _ => block.trim_start(),
                    };
                    self.tree.set_text(parent, Some(text));
                }
            }
        } else {
            let p = self.tree.add(parent, "p", block.start());
            self.tree.set_text(p, Some(block.trim_start()));
        }
    }

    // Used by the container processors.

    pub fn current(&self, kind: ContainerKind) -> Option<(NodeId, usize)> {
        self.current.get(kind as usize).copied().flatten()
    }

    pub fn set_current(&mut self, kind: ContainerKind, value: Option<(NodeId, usize)>) {
        if let Some(slot) = self.current.get_mut(kind as usize) {
            *slot = value;
        }
    }

    pub fn next_tab_group(&mut self) -> usize {
        self.tab_groups += 1;
        self.tab_groups
    }
}

impl SrcText {
    fn trim_matches_newlines(&self) -> SrcText {
        self.trim_start_matches(&['\n']).trim_end_matches(&['\n'])
    }
}

fn too_long(block: &SrcText) -> bool {
    block.len() > MAX_BLOCK_BYTES || block.as_str().matches('\n').count() >= MAX_BLOCK_LINES
}

fn is_item(tag: &str) -> bool {
    matches!(tag, "li" | "dd")
}

fn is_list(tag: &str) -> bool {
    matches!(tag, "ul" | "ol" | "dl")
}

fn is_list_tag(tag: &str) -> bool {
    matches!(tag, "ul" | "ol")
}

/// Removes `width` spaces from the front of each line until a line is not indented (blank lines
/// pass); the indented part and the rest.
pub fn detab(text: &SrcText, width: usize) -> (SrcText, SrcText) {
    let prefix = " ".repeat(width);
    let lines = text.lines();
    let mut taken = Vec::new();
    for line in &lines {
        if line.starts_with(&prefix) {
            taken.push(line.slice_from(width));
        } else if line.as_str().trim().is_empty() {
            taken.push(line.slice_to(0));
        } else {
            break;
        }
    }
    let rest = SrcText::join(lines.get(taken.len()..).unwrap_or(&[]), "\n");
    (SrcText::join(&taken, "\n"), rest)
}

/// Removes `level` tabs from the lines that have them.
pub fn loose_detab(text: &SrcText, level: usize) -> SrcText {
    let prefix = " ".repeat(TAB * level);
    let lines: Vec<SrcText> = text
        .lines()
        .into_iter()
        .map(|line| {
            if line.starts_with(&prefix) {
                line.slice_from(prefix.len())
            } else {
                line
            }
        })
        .collect();
    SrcText::join(&lines, "\n")
}

pub struct HashHeader {
    level: usize,
    /// Byte range of the match in the block (the newline after the heading included).
    start: usize,
    end: usize,
    text: std::ops::Range<usize>,
}

/// The first line of the block that is a `#` heading.
fn hash_header(block: &str) -> Option<HashHeader> {
    let mut line_start = 0;
    for line in block.split('\n') {
        let line_end = line_start + line.len();
        if let Some(found) = hash_header_line(line) {
            let end = if line_end < block.len() {
                line_end + 1
            } else {
                line_end
            };
            return Some(HashHeader {
                level: found.0,
                start: line_start,
                end,
                text: line_start + found.1.start..line_start + found.1.end,
            });
        }
        line_start = line_end + 1;
    }
    None
}

/// `#{1,6}` then text; trailing `#`s dropped: (level, text range in the line).
fn hash_header_line(line: &str) -> Option<(usize, std::ops::Range<usize>)> {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if hashes == 0 {
        return None;
    }
    let level = hashes.min(6);
    let text = line.get(level..)?;
    if text.ends_with('\\') && !text.ends_with("\\\\") {
        return None;
    }
    let bytes = text.as_bytes();
    let mut end = text.len();
    while end > 0 && bytes.get(end - 1) == Some(&b'#') {
        end -= 1;
    }
    if end > 0 && bytes.get(end - 1) == Some(&b'\\') && end < text.len() {
        end += 1;
    }
    Some((level, level..level + end))
}

/// `text\n===` or `text\n---` as the first two lines.
fn setext(block: &str) -> bool {
    let mut lines = block.split('\n');
    let (Some(_), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    let bare = second.trim_end_matches(' ');
    !bare.is_empty() && (bare.bytes().all(|b| b == b'=') || bare.bytes().all(|b| b == b'-'))
}

/// A line that is a horizontal rule: its byte range in the block.
fn horizontal_rule(block: &str) -> Option<(usize, usize)> {
    let mut line_start = 0;
    for line in block.split('\n') {
        let line_end = line_start + line.len();
        if is_rule(line) {
            return Some((line_start, line_end));
        }
        line_start = line_end + 1;
    }
    None
}

fn is_rule(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return false;
    }
    let rest = line.get(indent..).unwrap_or("").trim_end_matches(' ');
    let Some(mark) = rest
        .bytes()
        .next()
        .filter(|b| matches!(b, b'-' | b'_' | b'*'))
    else {
        return false;
    };
    let mut count = 0;
    let mut spaces = 0;
    for b in rest.bytes() {
        if b == mark {
            count += 1;
            spaces = 0;
        } else if b == b' ' {
            spaces += 1;
            if spaces > 2 {
                return false;
            }
        } else {
            return false;
        }
    }
    count >= 3
}

/// `1. item` (ordered) or `- item` at the start of a block, up to 3 spaces in.
fn list_start(block: &str, ordered: bool) -> Option<()> {
    let (marker_ordered, _, _) = list_marker(block.split('\n').next()?)?;
    (marker_ordered == ordered).then_some(())
}

/// A list marker line: (ordered, content offset, typed number), up to 3 spaces in.
fn list_marker(line: &str) -> Option<(bool, usize, Option<String>)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    marker_after(line, indent)
}

fn marker_after(line: &str, indent: usize) -> Option<(bool, usize, Option<String>)> {
    let rest = line.get(indent..)?;
    let (ordered, marker_len, number) = match rest.bytes().next()? {
        b'*' | b'+' | b'-' => (false, 1, None),
        b'0'..=b'9' => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if rest.as_bytes().get(digits) != Some(&b'.') {
                return None;
            }
            (true, digits + 1, rest.get(..digits).map(str::to_owned))
        }
        _ => return None,
    };
    let after = rest.get(marker_len..)?;
    let spaces = after.len() - after.trim_start_matches(' ').len();
    if spaces == 0 {
        return None;
    }
    Some((ordered, indent + marker_len + spaces, number))
}

struct ListItemText {
    content: SrcText,
    number: Option<String>,
    marker_at: usize,
}

/// The items of a list block (Python-Markdown's `get_items`): a marker line up to 3 spaces in starts
/// an item, a marker 4–7 spaces in starts an indented (nested) item, anything else continues the
/// item before.
fn list_items(block: &SrcText) -> Vec<ListItemText> {
    let mut items: Vec<ListItemText> = Vec::new();
    for line in block.lines() {
        let text = line.as_str();
        if let Some((_, content, number)) = list_marker(text) {
            items.push(ListItemText {
                content: line.slice_from(content),
                number,
                marker_at: line.start(),
            });
            continue;
        }
        let indent = text.len() - text.trim_start_matches(' ').len();
        let indented_item =
            (TAB..TAB * 2).contains(&indent) && marker_after(text, indent).is_some();
        match items.last_mut() {
            Some(last) if indented_item && !last.content.starts_with(INDENT) => {
                items.push(ListItemText {
                    content: line.clone(),
                    number: None,
                    marker_at: line.start(),
                });
            }
            Some(last) => last.content = SrcText::join(&[last.content.clone(), line], "\n"),
            None => items.push(ListItemText {
                content: line.clone(),
                number: None,
                marker_at: line.start(),
            }),
        }
    }
    items
}

/// Where the first quoted line (`(^|\n)[ ]{0,3}>`) starts.
fn quote_start(block: &str) -> Option<usize> {
    let mut line_start = 0;
    for line in block.split('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent <= 3 && line.get(indent..).is_some_and(|r| r.starts_with('>')) {
            return Some(line_start);
        }
        line_start += line.len() + 1;
    }
    None
}

/// A quoted line without its `>` (and one space); a lazy line as it is.
fn clean_quote_line(line: &SrcText) -> SrcText {
    let text = line.as_str();
    if text.trim() == ">" {
        return line.slice_to(0);
    }
    let indent = text.len() - text.trim_start_matches(' ').len();
    if indent <= 3 && text.get(indent..).is_some_and(|r| r.starts_with('>')) {
        let after = indent + 1;
        let skip = usize::from(text.as_bytes().get(after) == Some(&b' '));
        return line.slice_from(after + skip);
    }
    line.clone()
}

pub struct Definition {
    start: usize,
    end: usize,
    definition: std::ops::Range<usize>,
}

/// `(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)`.
fn definition_start(block: &str) -> Option<Definition> {
    let mut line_start = 0;
    for line in block.split('\n') {
        let line_end = line_start + line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent <= 3 {
            if let Some(rest) = line.get(indent..).and_then(|r| r.strip_prefix(':')) {
                let spaces = rest.len() - rest.trim_start_matches(' ').len();
                if (1..=3).contains(&spaces) {
                    let def_start = line_start + indent + 1 + spaces;
                    let end = if line_end < block.len() {
                        line_end + 1
                    } else {
                        line_end
                    };
                    return Some(Definition {
                        start: line_start,
                        end,
                        definition: def_start..line_end,
                    });
                }
            }
        }
        line_start = line_end + 1;
    }
    None
}

struct FootnoteMatch {
    start: usize,
    end: usize,
    id: String,
    text: std::ops::Range<usize>,
}

/// The next `^[ ]{0,3}\[\^id\]:[ ]*(.*)$` line at or after `from`.
fn footnote_definition(block: &str, from: usize) -> Option<FootnoteMatch> {
    let mut line_start = from;
    if from > 0 && block.as_bytes().get(from - 1) != Some(&b'\n') {
        line_start = from + block.get(from..)?.find('\n')? + 1;
    }
    while line_start <= block.len() {
        let rest = block.get(line_start..)?;
        let line = rest.split('\n').next().unwrap_or("");
        let line_end = line_start + line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent <= 3 {
            if let Some(after) = line.get(indent..).and_then(|r| r.strip_prefix("[^")) {
                if let Some(close) = after.find(']') {
                    let id = after.get(..close).unwrap_or("");
                    if let Some(text) = after.get(close + 1..).and_then(|r| r.strip_prefix(':')) {
                        let spaces = text.len() - text.trim_start_matches(' ').len();
                        let text_start = line_end - text.len() + spaces;
                        return Some(FootnoteMatch {
                            start: line_start,
                            end: line_end,
                            id: id.to_owned(),
                            text: text_start..line_end,
                        });
                    }
                }
            }
        }
        if line_end >= block.len() {
            break;
        }
        line_start = line_end + 1;
    }
    None
}

/// `*[abbr]: title`.
fn abbreviation_line(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix("*[")?;
    let close = rest.find(']')?;
    let abbr = rest.get(..close)?;
    if abbr.contains('\\') {
        return None;
    }
    let after = rest.get(close + 1..)?;
    let after = after.strip_prefix(' ').unwrap_or(after);
    let title = after.strip_prefix(':')?.trim();
    let abbr = abbr.trim();
    (!abbr.is_empty() && !title.is_empty()).then(|| (abbr.to_owned(), title.to_owned()))
}

/// `[id]: url "title"` on one line.
fn reference_line(line: &str) -> Option<(String, String, Option<String>)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = line.get(indent..)?.strip_prefix('[')?;
    let close = rest.find(']')?;
    let id = rest.get(..close)?;
    if id.contains('[') || id.starts_with('^') {
        return None;
    }
    let rest = rest
        .get(close + 1..)?
        .strip_prefix(':')?
        .trim_start_matches(' ');
    let url_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let url = rest.get(..url_len)?;
    if url.is_empty() {
        return None;
    }
    let title_part = rest.get(url_len..)?.trim();
    let title = if title_part.is_empty() {
        None
    } else {
        let quoted = (title_part.starts_with('"') && title_part.ends_with('"'))
            || (title_part.starts_with('\'') && title_part.ends_with('\''))
            || (title_part.starts_with('(') && title_part.ends_with(')'));
        if !quoted || title_part.len() < 2 {
            return None;
        }
        title_part.get(1..title_part.len() - 1).map(str::to_owned)
    };
    let url = url.trim_start_matches('<').trim_end_matches('>').to_owned();
    Some((id.trim().to_owned(), url, title))
}

/// Whether a block is one raw-HTML placeholder (Python-Markdown unwraps its `<p>`).
pub fn is_block_placeholder(stash: &Stash, text: &str) -> bool {
    lone_placeholder(text)
        .and_then(|index| stash.get(index))
        .is_some_and(|entry| matches!(entry, Stashed::Html(_) | Stashed::Code { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_lines() {
        assert_eq!(hash_header_line("## Build").map(|h| h.0), Some(2));
        assert_eq!(hash_header_line("#Title #").map(|h| h.1), Some(1..7));
        assert_eq!(hash_header_line("####### x").map(|h| h.0), Some(6));
        assert!(hash_header_line("# a \\").is_none());
        assert!(hash_header_line("x").is_none());
    }

    #[test]
    fn rules_and_markers() {
        for line in ["---", "- - -", "***", "___   ", "   -  -  -", "---     "] {
            assert!(is_rule(line), "{line:?}");
        }
        for line in ["--", "-   -   -", "--- x", "    ---", "-*-"] {
            assert!(!is_rule(line), "{line:?}");
        }
        assert_eq!(list_marker("12. x"), Some((true, 4, Some("12".into()))));
        assert_eq!(list_marker("   - x"), Some((false, 5, None)));
        assert_eq!(list_marker("    - x"), None);
        assert_eq!(list_marker("1.x"), None);
        assert_eq!(list_marker("-x"), None);
    }

    #[test]
    fn definitions() {
        assert_eq!(
            reference_line("[a]: http://x \"T\""),
            Some(("a".into(), "http://x".into(), Some("T".into())))
        );
        assert_eq!(reference_line("[^1]: note"), None);
        assert_eq!(
            abbreviation_line("*[HTML]: Hyper Text"),
            Some(("HTML".into(), "Hyper Text".into()))
        );
        let found = footnote_definition("x\n[^n]: text here", 0);
        assert_eq!(found.as_ref().map(|f| f.id.as_str()), Some("n"));
        assert_eq!(found.map(|f| f.text), Some(8..17));
    }
}

//! MkDocs' rendering of a page, as far as a guide needs it: Python-Markdown with the extensions the
//! lab's `mkdocs.yml` enables (admonition, attr_list, def_list, footnotes, md_in_html, tables, toc,
//! abbr, and PyMdown's details, tabbed, superfences, mark, caret, tilde, keys, emoji), followed by
//! what the browser's HTML parser makes of the result.
//!
//! Pipeline, top to bottom:
//! - [`source`]: front matter off, whitespace normalised ([`text::SrcText`] keeps every byte's place
//!   in the file, so diagnostics say `line:column`),
//! - [`fences`], [`html_blocks`]: fenced code and raw HTML blocks replaced by placeholders
//!   ([`stash`]),
//! - [`blocks`] (with [`containers`], [`tables`]): Python-Markdown's block parser into a [`tree`],
//! - [`inline`] (with [`attr_list`], [`emoji`]): the text of each element,
//! - [`dom`]: the result as HTML tokens, built into a DOM with the browser's repair rules.
//!
//! The guide's document is then read off that DOM (`crate::lower`).

pub mod attr_list;
pub mod blocks;
pub mod containers;
pub mod dom;
pub mod emoji;
pub mod fences;
pub mod html_blocks;
pub mod inline;
pub mod source;
pub mod stash;
pub mod tables;
pub mod text;
pub mod tree;

use std::collections::HashMap;

use crate::diagnostic::DiagnosticKind;
use crate::html::{self, TagKind};

use blocks::BlockParser;
use dom::{Dom, Token};
use inline::{Context, Node};
use stash::{lone_placeholder, Stash, Stashed};
use text::SrcText;
use tree::{NodeId, Tree, ROOT};

/// `<Your_Attendee_ID>`: in text it stands for the attendee ID (a browser would read a tag).
pub fn is_attendee_tag(raw: &str) -> bool {
    raw.eq_ignore_ascii_case(&format!("<{}>", crate::attendee::PLACEHOLDER))
}

/// Something noticed at a byte offset of the mission file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noted {
    pub at: usize,
    pub kind: DiagnosticKind,
    pub message: String,
}

pub type Diagnostics = Vec<Noted>;

/// A page as a browser holds it after MkDocs rendered it.
pub struct Rendered {
    pub dom: Dom,
    pub meta: Vec<(String, String)>,
    pub diagnostics: Diagnostics,
}

pub fn render(source: &str) -> Rendered {
    let page = source::split_page(source);
    let mut diagnostics = Diagnostics::new();
    if let Some(at) = page.hidden_meta {
        diagnostics.push(Noted {
            at,
            kind: DiagnosticKind::HiddenMetadata,
            message: "the first lines are `Key: value` lines, which MkDocs reads as page metadata and does not show; put a blank line or a heading first".to_owned(),
        });
    }
    let mut stash = Stash::default();
    let mut elements = Vec::new();
    let body = fences::extract(&page.body, &mut stash);
    let body = html_blocks::extract(&body, &mut stash, &mut elements, &mut diagnostics, 0);
    let mut parser = BlockParser::new(&mut stash, &mut elements, &mut diagnostics);
    parser.parse_document(&body);
    add_footnotes(&mut parser);
    let mut tree = std::mem::take(&mut parser.tree);
    let references = std::mem::take(&mut parser.references);
    let footnote_ids: Vec<String> = unique_ids(&parser.footnotes);
    let abbreviations = std::mem::take(&mut parser.abbreviations);
    drop(parser);
    block_attr_lists(&mut tree, ROOT);
    let mut footnote_refs = HashMap::new();
    let mut cx = Context {
        references: &references,
        footnotes: &footnote_ids,
        footnote_refs: &mut footnote_refs,
        abbreviations: &abbreviations,
        diagnostics: &mut diagnostics,
    };
    let mut tokens = Vec::new();
    let mut out = Emitter {
        tree: &tree,
        stash: &stash,
        tokens: &mut tokens,
    };
    out.children(ROOT, &mut cx);
    let dom = dom::build(tokens, &mut diagnostics);
    Rendered {
        dom,
        meta: page.meta,
        diagnostics,
    }
}

fn unique_ids(footnotes: &[blocks::FootnoteDef]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for footnote in footnotes {
        if !ids.contains(&footnote.id) {
            ids.push(footnote.id.clone());
        }
    }
    ids
}

/// The footnotes' `<div class="footnote">` at the end of the page (definition order; a later
/// definition of the same id replaces the text).
fn add_footnotes(parser: &mut BlockParser) {
    if parser.footnotes.is_empty() {
        return;
    }
    let ids = unique_ids(&parser.footnotes);
    let at = parser.footnotes.first().map_or(0, |f| f.text.start());
    let div = parser.tree.add(ROOT, "div", at);
    parser.tree.set_attr(div, "class", "footnote");
    parser.tree.add(div, "hr", at);
    let ol = parser.tree.add(div, "ol", at);
    for id in ids {
        let Some(definition) = parser.footnotes.iter().rev().find(|f| f.id == id).cloned() else {
            continue;
        };
        let li = parser.tree.add(ol, "li", definition.text.start());
        parser.tree.set_attr(li, "id", &format!("fn:{id}"));
        parser.parse_chunk(li, &definition.text);
        let last_p = parser
            .tree
            .last_child(li)
            .filter(|&p| parser.tree.is(p, "p"));
        let holder = match last_p {
            Some(p) => p,
            None => parser.tree.add(li, "p", definition.text.start()),
        };
        let back = parser.tree.create("a", definition.text.start());
        parser.tree.set_attr(back, "class", "footnote-backref");
        parser.tree.set_attr(back, "href", &format!("#fnref:{id}"));
        parser
            .tree
            .set_text(back, Some(SrcText::new("↩", definition.text.start())));
        parser.tree.node_mut(back).atomic = true;
        parser.tree.append(holder, back);
    }
}

/// `attr_list` on block elements: `## Title {#id}` and a last line `{: .class}`.
fn block_attr_lists(tree: &mut Tree, id: NodeId) {
    let children = tree.children(id).to_vec();
    let tag = tree.tag(id).to_owned();
    let header = matches!(
        tag.as_str(),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "dt" | "td" | "th"
    );
    let block = header || matches!(tag.as_str(), "p" | "li" | "dd" | "blockquote" | "div");
    if block {
        // The text that ends the element: the last child's tail, or its own text.
        let last = children.last().copied();
        let text = match last {
            Some(last) => tree.node(last).tail.clone(),
            None => tree.node(id).text.clone(),
        };
        if let Some(text) = text {
            if let Some((list, start)) = attr_list::trailing(text.as_str(), !header) {
                let mut attrs = std::mem::take(&mut tree.node_mut(id).attrs);
                let mut ignored = Diagnostics::new();
                attr_list::apply(&mut attrs, &list, text.src(start), &mut ignored);
                tree.node_mut(id).attrs = attrs;
                let mut kept = text.slice_to(start);
                if header {
                    kept = kept.trim_end_matches(&['#']).trim_end();
                }
                match last {
                    Some(last) => tree.set_tail(last, Some(kept)),
                    None => tree.set_text(id, Some(kept)),
                }
            }
        }
    }
    for child in children {
        block_attr_lists(tree, child);
    }
}

/// Markdown in the text of raw HTML (which MkDocs leaves as typed): a sample of it.
fn markdown_in_html(raw: &str) -> Option<String> {
    let text: String = html::tokenize(raw)
        .into_iter()
        .map(|(_, token)| match token {
            html::Token::Text(text) => text,
            _ => "\n".to_owned(),
        })
        .collect();
    for line in text.lines() {
        let line = line.trim();
        let marker = ["- ", "* ", "> ", "# ", "## ", "### "]
            .iter()
            .any(|m| line.starts_with(m))
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        let emphasis = line
            .find("**")
            .and_then(|start| line.get(start + 2..))
            .and_then(|rest| rest.find("**"))
            .is_some_and(|end| end > 0);
        let link = line.contains('[') && line.contains("](");
        if marker || emphasis || link {
            return Some(line.chars().take(30).collect());
        }
    }
    None
}

/// Writes the tree as HTML tokens, parsing each element's text as inline Markdown.
struct Emitter<'a> {
    tree: &'a Tree,
    stash: &'a Stash,
    tokens: &'a mut Vec<Token>,
}

const VOID: &[&str] = &["hr", "br", "img", "input"];

impl Emitter<'_> {
    fn children(&mut self, id: NodeId, cx: &mut Context) {
        for &child in self.tree.children(id) {
            self.element(child, cx);
            if let Some(tail) = self.tree.node(child).tail.clone() {
                self.text(&tail, cx);
            }
        }
    }

    fn element(&mut self, id: NodeId, cx: &mut Context) {
        let node = self.tree.node(id);
        let tag = node.tag.clone();
        // A paragraph that is only a raw HTML (or code) placeholder is that HTML, not a paragraph.
        if tag == "p" && node.children.is_empty() {
            if let Some(index) = node
                .text
                .as_ref()
                .and_then(|t| lone_placeholder(t.as_str()))
            {
                if let Some(Stashed::Html(raw)) = self.stash.get(index) {
                    if let Some(sample) = markdown_in_html(raw.as_str()) {
                        cx.diagnostics.push(Noted {
                            at: raw.start(),
                            kind: DiagnosticKind::MarkdownInHtml,
                            message: format!("MkDocs does not read Markdown inside an HTML block, so `{sample}` shows as typed; add `markdown` to the block's opening tag (md_in_html) or move the Markdown out of the block"),
                        });
                    }
                }
                if matches!(
                    self.stash.get(index),
                    Some(Stashed::Html(_) | Stashed::Code { .. })
                ) {
                    self.stash_entry(index, node.at);
                    return;
                }
            }
        }
        self.tokens.push(Token::Start {
            name: tag.clone(),
            attrs: node.attrs.clone(),
            at: node.at,
            authored: node.authored,
            self_closing: false,
            raw: None,
        });
        if let Some(text) = node.text.clone() {
            if node.atomic {
                self.tokens.push(Token::Text {
                    text: self.unstash(text.as_str()),
                    at: text.start(),
                });
            } else {
                self.text(&text, cx);
            }
        }
        self.children(id, cx);
        if !VOID.contains(&tag.as_str()) {
            self.tokens.push(Token::End {
                name: tag,
                at: node.at,
                authored: node.authored,
                raw: None,
            });
        }
    }

    /// Code text with any placeholder put back as its code.
    fn unstash(&self, text: &str) -> String {
        if !text.contains(stash::STX) {
            return text.to_owned();
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find(stash::STX) {
            out.push_str(rest.get(..at).unwrap_or(""));
            let tail = rest.get(at..).unwrap_or("");
            match stash::placeholder_at(tail) {
                Some((index, len)) => {
                    if let Some(Stashed::Code { text, .. }) = self.stash.get(index) {
                        out.push_str(text);
                    }
                    rest = tail.get(len..).unwrap_or("");
                }
                None => {
                    rest = tail.get(1..).unwrap_or("");
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn text(&mut self, text: &SrcText, cx: &mut Context) {
        let nodes = inline::parse(text, cx);
        self.nodes(&nodes);
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Text(text) => self.tokens.push(Token::Text {
                    text: text.as_str().to_owned(),
                    at: text.start(),
                }),
                Node::Html(raw) => self.raw_html(raw),
                Node::Stash { index, at } => self.stash_entry(*index, *at),
                Node::Element {
                    tag,
                    attrs,
                    at,
                    children,
                } => {
                    self.tokens.push(Token::Start {
                        name: tag.clone(),
                        attrs: attrs.clone(),
                        at: *at,
                        authored: false,
                        self_closing: false,
                        raw: None,
                    });
                    self.nodes(children);
                    if !VOID.contains(&tag.as_str()) {
                        self.tokens.push(Token::End {
                            name: tag.clone(),
                            at: *at,
                            authored: false,
                            raw: None,
                        });
                    }
                }
            }
        }
    }

    fn stash_entry(&mut self, index: usize, at: usize) {
        match self.stash.get(index) {
            Some(Stashed::Html(raw)) => {
                let raw = raw.clone();
                self.raw_html(&raw);
            }
            Some(Stashed::Code { language, text, at }) => {
                let mut attrs = Vec::new();
                if let Some(language) = language {
                    attrs.push(("data-lang".to_owned(), language.clone()));
                }
                for (name, attrs) in [("pre", attrs), ("code", Vec::new())] {
                    self.tokens.push(Token::Start {
                        name: name.to_owned(),
                        attrs,
                        at: *at,
                        authored: false,
                        self_closing: false,
                        raw: None,
                    });
                }
                self.tokens.push(Token::Text {
                    text: text.clone(),
                    at: *at,
                });
                for name in ["code", "pre"] {
                    self.tokens.push(Token::End {
                        name: name.to_owned(),
                        at: *at,
                        authored: false,
                        raw: None,
                    });
                }
            }
            Some(Stashed::Element(_) | Stashed::Used) | None => {
                let _ = at;
            }
        }
    }

    /// Raw HTML as the author wrote it, as tokens (entities decoded in text).
    fn raw_html(&mut self, raw: &SrcText) {
        for (offset, token) in html::tokenize(raw.as_str()) {
            let at = raw.src(offset);
            match token {
                html::Token::Text(text) => self.tokens.push(Token::Text { text, at }),
                html::Token::Comment | html::Token::Other(_) => {}
                html::Token::Tag(tag) => match tag.kind {
                    TagKind::Close => self.tokens.push(Token::End {
                        name: tag.name.clone(),
                        at,
                        authored: true,
                        raw: Some(tag.raw.to_owned()),
                    }),
                    TagKind::Open | TagKind::SelfClosing => self.tokens.push(Token::Start {
                        name: tag.name.clone(),
                        attrs: tag.attrs.clone(),
                        at,
                        // `<Your_Attendee_ID>` in text is the attendee ID, not HTML (see `lower`).
                        authored: !is_attendee_tag(tag.raw),
                        self_closing: tag.kind == TagKind::SelfClosing,
                        raw: Some(tag.raw.to_owned()),
                    }),
                },
            }
        }
    }
}

//! What a browser makes of the HTML MkDocs writes: the "in body" rules of the HTML tree builder that
//! matter for guide pages. A block tag written inside a paragraph ends the paragraph
//! (`**<details>…`), formatting elements closed in the wrong order are repaired with the adoption
//! agency algorithm, end tags that close nothing are ignored, and `</br>` is a line break. The guide
//! is then built from this tree, so it shows what an attendee sees in MkDocs. Every repair that
//! involves HTML the author wrote is noted.

use crate::diagnostic::DiagnosticKind;

use super::{Diagnostics, Noted};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        at: usize,
        /// Written by the author as HTML (not made by Markdown).
        authored: bool,
        self_closing: bool,
        /// The tag as written (for showing an unsupported tag as text).
        raw: Option<String>,
    },
    End {
        name: String,
        at: usize,
        authored: bool,
        raw: Option<String>,
    },
    Text {
        text: String,
        at: usize,
    },
}

pub type DomId = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomNode {
    Element(Element),
    Text { text: String, at: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<DomId>,
    pub parent: Option<DomId>,
    pub at: usize,
    pub authored: bool,
    pub raw: Option<String>,
    /// The end tag as written, when the author closed it themselves.
    pub raw_end: Option<String>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
    }
}

#[derive(Debug, Default)]
pub struct Dom {
    pub nodes: Vec<DomNode>,
}

pub const DOM_ROOT: DomId = 0;

impl Dom {
    pub fn element(&self, id: DomId) -> Option<&Element> {
        match self.nodes.get(id) {
            Some(DomNode::Element(element)) => Some(element),
            _ => None,
        }
    }

    pub fn children(&self, id: DomId) -> &[DomId] {
        self.element(id).map_or(&[], |e| e.children.as_slice())
    }
}

/// Open elements deeper than this are not opened (their content goes to the deepest one).
pub const MAX_DOM_DEPTH: usize = 64;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

const SPECIAL: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];

const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Start tags that close an open `<p>` first.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "pre",
    "listing",
    "table",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dd",
    "dt",
    "li",
    "form",
    "plaintext",
    "xmp",
];

/// End tags handled as block ends (in scope → pop to them).
const BLOCK_ENDS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "button",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "pre",
    "search",
    "section",
    "summary",
    "ul",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

const IMPLIED_END: &[&str] = &[
    "dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc",
];

const SCOPE_BOUNDARY: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Default,
    Button,
    ListItem,
}

/// An entry of the list of active formatting elements: the element and the tag that made it.
#[derive(Clone)]
struct Formatting {
    element: DomId,
    name: String,
    attrs: Vec<(String, String)>,
    at: usize,
    authored: bool,
}

pub fn build(tokens: Vec<Token>, diagnostics: &mut Diagnostics) -> Dom {
    let mut builder = Builder {
        dom: Dom {
            nodes: vec![DomNode::Element(Element {
                name: "body".to_owned(),
                attrs: Vec::new(),
                children: Vec::new(),
                parent: None,
                at: 0,
                authored: false,
                raw: None,
                raw_end: None,
            })],
        },
        stack: vec![DOM_ROOT],
        formatting: Vec::new(),
        diagnostics,
        reported_depth: false,
    };
    for token in tokens {
        builder.token(token);
    }
    builder.finish();
    builder.dom
}

struct Builder<'a> {
    dom: Dom,
    /// The stack of open elements, the body at the bottom.
    stack: Vec<DomId>,
    formatting: Vec<Formatting>,
    diagnostics: &'a mut Diagnostics,
    reported_depth: bool,
}

impl Builder<'_> {
    fn name(&self, id: DomId) -> &str {
        self.dom.element(id).map_or("", |e| e.name.as_str())
    }

    fn current(&self) -> DomId {
        self.stack.last().copied().unwrap_or(DOM_ROOT)
    }

    fn note(&mut self, at: usize, kind: DiagnosticKind, message: String) {
        self.diagnostics.push(Noted { at, kind, message });
    }

    fn token(&mut self, token: Token) {
        match token {
            Token::Text { text, at } => {
                if text.is_empty() {
                    return;
                }
                self.reconstruct();
                self.append_text(text, at);
            }
            Token::Start {
                name,
                attrs,
                at,
                authored,
                self_closing,
                raw,
            } => self.start(name, attrs, at, authored, self_closing, raw),
            Token::End {
                name,
                at,
                authored,
                raw,
            } => self.end(&name, at, authored, raw),
        }
    }

    fn append_text(&mut self, text: String, at: usize) {
        let parent = self.current();
        if let Some(&last) = self.dom.children(parent).last() {
            if let Some(DomNode::Text { text: previous, .. }) = self.dom.nodes.get_mut(last) {
                previous.push_str(&text);
                return;
            }
        }
        self.dom.nodes.push(DomNode::Text { text, at });
        let id = self.dom.nodes.len() - 1;
        self.attach(parent, id);
    }

    fn attach(&mut self, parent: DomId, child: DomId) {
        if let Some(DomNode::Element(element)) = self.dom.nodes.get_mut(child) {
            element.parent = Some(parent);
        }
        if let Some(DomNode::Element(element)) = self.dom.nodes.get_mut(parent) {
            element.children.push(child);
        }
    }

    fn detach(&mut self, child: DomId) {
        let parent = self.dom.element(child).and_then(|e| e.parent);
        if let Some(parent) = parent {
            if let Some(DomNode::Element(element)) = self.dom.nodes.get_mut(parent) {
                element.children.retain(|c| *c != child);
            }
        }
    }

    fn create(
        &mut self,
        name: &str,
        attrs: Vec<(String, String)>,
        at: usize,
        authored: bool,
        raw: Option<String>,
    ) -> DomId {
        self.dom.nodes.push(DomNode::Element(Element {
            name: name.to_owned(),
            attrs,
            children: Vec::new(),
            parent: None,
            at,
            authored,
            raw,
            raw_end: None,
        }));
        self.dom.nodes.len() - 1
    }

    /// Inserts an element at the current node and opens it (unless it is void).
    fn insert(
        &mut self,
        name: &str,
        attrs: Vec<(String, String)>,
        at: usize,
        authored: bool,
        raw: Option<String>,
    ) -> Option<DomId> {
        if self.stack.len() >= MAX_DOM_DEPTH && !VOID.contains(&name) {
            if !self.reported_depth {
                self.reported_depth = true;
                self.note(
                    at,
                    DiagnosticKind::TooDeep,
                    format!("content nested more than {MAX_DOM_DEPTH} elements deep is flattened"),
                );
            }
            return None;
        }
        let id = self.create(name, attrs, at, authored, raw);
        let parent = self.current();
        self.attach(parent, id);
        if !VOID.contains(&name) {
            self.stack.push(id);
        }
        Some(id)
    }

    fn in_scope(&self, name: &str, scope: Scope) -> bool {
        self.scope_position(|n| n == name, scope).is_some()
    }

    /// The position in the stack of the nearest open element matching, if nothing that bounds the
    /// scope is nearer.
    fn scope_position(&self, matches: impl Fn(&str) -> bool, scope: Scope) -> Option<usize> {
        for (index, &id) in self.stack.iter().enumerate().rev() {
            let name = self.name(id);
            if matches(name) {
                return Some(index);
            }
            let boundary = SCOPE_BOUNDARY.contains(&name)
                || (scope == Scope::Button && name == "button")
                || (scope == Scope::ListItem && matches!(name, "ol" | "ul"));
            if boundary {
                return None;
            }
        }
        None
    }

    /// Pops elements that close themselves implicitly (`<p>`, `<li>`…), except `except`.
    fn generate_implied_end_tags(&mut self, except: Option<&str>) {
        while self.stack.len() > 1 {
            let name = self.name(self.current()).to_owned();
            if IMPLIED_END.contains(&name.as_str()) && Some(name.as_str()) != except {
                self.stack.pop();
            } else {
                break;
            }
        }
    }

    /// Pops up to and including the element at `index` of the stack, noting authored elements
    /// that close without their end tag.
    fn pop_to(&mut self, index: usize, cause_at: usize, cause: &str) {
        let index = index.max(1);
        while self.stack.len() > index {
            let Some(id) = self.stack.pop() else { break };
            if self.stack.len() > index {
                self.closed_implicitly(id, cause_at, cause);
            }
        }
    }

    fn closed_implicitly(&mut self, id: DomId, cause_at: usize, cause: &str) {
        let Some(element) = self.dom.element(id) else {
            return;
        };
        if !element.authored || IMPLIED_END.contains(&element.name.as_str()) {
            return;
        }
        let (name, at) = (element.name.clone(), element.at);
        let (kind, message) = if is_container(&name) {
            (
                DiagnosticKind::UnterminatedTag,
                format!("`<{name}>` is not closed before {cause}: the browser closes it there"),
            )
        } else if FORMATTING.contains(&name.as_str()) {
            (
                DiagnosticKind::RepairedNesting,
                format!("`<{name}>` is still open at {cause}; the browser closes it there and reopens it in what follows, up to `</{name}>`"),
            )
        } else {
            (
                DiagnosticKind::RepairedNesting,
                format!("`<{name}>` is still open at {cause}; the browser closes it there"),
            )
        };
        let _ = cause_at;
        self.note(at, kind, message);
    }

    /// Closes an open `<p>` before a block; `notable` when the author's tag does it (noted once,
    /// saying whether emphasis around the tag closes too).
    fn close_p_in_button_scope(&mut self, at: usize, cause: &str, notable: bool) {
        if let Some(index) = self.scope_position(|n| n == "p", Scope::Button) {
            self.generate_implied_end_tags(Some("p"));
            let emphasis_inside = self
                .stack
                .get(index + 1..)
                .unwrap_or(&[])
                .iter()
                .any(|&id| {
                    self.dom
                        .element(id)
                        .is_some_and(|e| FORMATTING.contains(&e.name.as_str()))
                });
            if notable {
                let message = if emphasis_inside {
                    format!("{cause} is a block written inside a paragraph and inside emphasis: the browser ends both before it and reopens the emphasis inside")
                } else {
                    format!("{cause} is a block written inside a paragraph: the paragraph ends before it (as browsers do)")
                };
                self.note(at, DiagnosticKind::RepairedNesting, message);
            }
            self.stack.truncate(index);
        }
    }

    fn start(
        &mut self,
        name: String,
        attrs: Vec<(String, String)>,
        at: usize,
        authored: bool,
        self_closing: bool,
        raw: Option<String>,
    ) {
        let n = name.as_str();
        let cause = format!("`<{n}>`");
        if CLOSES_P.contains(&n) {
            let notable = authored && !matches!(n, "p" | "hr" | "div" | "ul" | "ol" | "table");
            self.close_p_in_button_scope(at, &cause, notable);
        }
        match n {
            "li" | "dd" | "dt" => {
                let same: &[&str] = if n == "li" { &["li"] } else { &["dd", "dt"] };
                for index in (0..self.stack.len()).rev() {
                    let Some(&id) = self.stack.get(index) else {
                        break;
                    };
                    let current = self.name(id).to_owned();
                    if same.contains(&current.as_str()) {
                        self.generate_implied_end_tags(Some(&current));
                        self.pop_to(index, at, &cause);
                        break;
                    }
                    if SPECIAL.contains(&current.as_str())
                        && !matches!(current.as_str(), "address" | "div" | "p")
                    {
                        break;
                    }
                }
            }
            _ if HEADINGS.contains(&n) => {
                if HEADINGS.contains(&self.name(self.current())) {
                    if authored {
                        self.note(
                            at,
                            DiagnosticKind::RepairedNesting,
                            format!("{cause} inside a heading ends that heading"),
                        );
                    }
                    self.stack.pop();
                }
            }
            "a" => {
                let open_a = self
                    .formatting
                    .iter()
                    .rev()
                    .find(|f| f.name == "a")
                    .map(|f| f.element);
                if let Some(element) = open_a {
                    self.note(
                        at,
                        DiagnosticKind::RepairedNesting,
                        "a link inside a link: the first one ends here".to_owned(),
                    );
                    self.adoption_agency("a", at);
                    self.formatting.retain(|f| f.element != element);
                    self.stack.retain(|&e| e != element);
                }
            }
            "tr" | "td" | "th" | "thead" | "tbody" | "tfoot" => {
                self.table_part(n);
            }
            _ => {}
        }
        if !CLOSES_P.contains(&n) {
            self.reconstruct();
        }
        let element = self.insert(n, attrs.clone(), at, authored, raw);
        if let (Some(element), true) = (element, FORMATTING.contains(&n)) {
            self.push_formatting(Formatting {
                element,
                name: name.clone(),
                attrs,
                at,
                authored,
            });
        }
        if self_closing && !VOID.contains(&n) {
            // `<span/>` is an open tag in HTML; only void elements close themselves.
            let _ = element;
        }
    }

    /// Table parts close the open cell/row of the same kind (a simplification of the table modes).
    fn table_part(&mut self, name: &str) {
        let closes: &[&str] = match name {
            "td" | "th" => &["td", "th"],
            "tr" => &["tr", "td", "th"],
            _ => &["thead", "tbody", "tfoot", "tr", "td", "th"],
        };
        if let Some(index) = self.scope_position(|n| closes.contains(&n), Scope::Default) {
            if self.stack.get(index).is_some_and(|&id| {
                self.stack
                    .iter()
                    .skip(index + 1)
                    .all(|&inner| !matches!(self.name(inner), "table"))
                    && closes.contains(&self.name(id))
            }) {
                self.stack.truncate(index);
            }
        }
    }

    /// Noah's Ark: at most three identical entries.
    fn push_formatting(&mut self, entry: Formatting) {
        let same: Vec<usize> = self
            .formatting
            .iter()
            .enumerate()
            .filter(|(_, f)| f.name == entry.name && f.attrs == entry.attrs)
            .map(|(i, _)| i)
            .collect();
        if same.len() >= 3 {
            if let Some(&first) = same.first() {
                self.formatting.remove(first);
            }
        }
        self.formatting.push(entry);
    }

    /// Reopens formatting elements that were closed by a block but not by their end tag.
    fn reconstruct(&mut self) {
        let Some(mut first) = self
            .formatting
            .iter()
            .rposition(|f| self.stack.contains(&f.element))
            .map(|i| i + 1)
            .or(Some(0))
        else {
            return;
        };
        if first >= self.formatting.len() {
            return;
        }
        while first < self.formatting.len() {
            let Some(entry) = self.formatting.get(first).cloned() else {
                break;
            };
            let Some(element) = self.insert(
                &entry.name,
                entry.attrs.clone(),
                entry.at,
                entry.authored,
                None,
            ) else {
                break;
            };
            if let Some(slot) = self.formatting.get_mut(first) {
                slot.element = element;
            }
            first += 1;
        }
    }

    fn end(&mut self, name: &str, at: usize, authored: bool, raw: Option<String>) {
        let cause = format!("`</{name}>`");
        if name == "br" {
            self.reconstruct();
            self.insert("br", Vec::new(), at, authored, None);
            return;
        }
        if name == "p" {
            if !self.in_scope("p", Scope::Button) {
                if authored {
                    self.note(
                        at,
                        DiagnosticKind::StrayClosingTag,
                        format!("{cause} closes no paragraph; the browser adds an empty one"),
                    );
                }
                self.insert("p", Vec::new(), at, false, None);
            }
            self.generate_implied_end_tags(Some("p"));
            if let Some(index) = self.scope_position(|n| n == "p", Scope::Button) {
                self.pop_to(index, at, &cause);
            }
            return;
        }
        if matches!(name, "li" | "dd" | "dt") {
            let scope = if name == "li" {
                Scope::ListItem
            } else {
                Scope::Default
            };
            match self.scope_position(|n| n == name, scope) {
                Some(index) => {
                    self.generate_implied_end_tags(Some(name));
                    self.set_raw_end(index, raw);
                    self.pop_to(index, at, &cause);
                }
                None => self.stray(at, authored, &cause),
            }
            return;
        }
        if HEADINGS.contains(&name) {
            match self.scope_position(|n| HEADINGS.contains(&n), Scope::Default) {
                Some(index) => {
                    self.generate_implied_end_tags(None);
                    self.pop_to(index, at, &cause);
                }
                None => self.stray(at, authored, &cause),
            }
            return;
        }
        if BLOCK_ENDS.contains(&name) {
            match self.scope_position(|n| n == name, Scope::Default) {
                Some(index) => {
                    self.generate_implied_end_tags(None);
                    self.set_raw_end(index, raw);
                    self.pop_to(index, at, &cause);
                }
                None => self.stray(at, authored, &cause),
            }
            return;
        }
        if FORMATTING.contains(&name) {
            let closing = self
                .formatting
                .iter()
                .rev()
                .find(|f| f.name == name)
                .map(|f| f.element);
            if let (Some(element), Some(raw)) = (closing, raw.clone()) {
                if let Some(DomNode::Element(e)) = self.dom.nodes.get_mut(element) {
                    e.raw_end = Some(raw);
                }
            }
            if !self.adoption_agency(name, at) {
                self.any_other_end(name, at, authored, raw);
            }
            return;
        }
        self.any_other_end(name, at, authored, raw);
    }

    fn set_raw_end(&mut self, index: usize, raw: Option<String>) {
        let Some(&id) = self.stack.get(index) else {
            return;
        };
        if let Some(DomNode::Element(element)) = self.dom.nodes.get_mut(id) {
            element.raw_end = raw;
        }
    }

    fn stray(&mut self, at: usize, authored: bool, cause: &str) {
        if authored {
            self.note(
                at,
                DiagnosticKind::StrayClosingTag,
                format!("{cause} closes nothing that is open here; the browser ignores it"),
            );
        }
    }

    fn any_other_end(&mut self, name: &str, at: usize, authored: bool, raw: Option<String>) {
        let cause = format!("`</{name}>`");
        for index in (1..self.stack.len()).rev() {
            let Some(&id) = self.stack.get(index) else {
                break;
            };
            let current = self.name(id).to_owned();
            if current == name {
                self.generate_implied_end_tags(Some(name));
                if authored && index + 1 < self.stack.len() {
                    let inner = self.name(self.current()).to_owned();
                    self.note(
                        at,
                        DiagnosticKind::RepairedNesting,
                        format!("{cause} comes while `<{inner}>` opened inside it is still open: the browser closes that too (and reopens a formatting one after)"),
                    );
                }
                self.set_raw_end(index, raw);
                self.pop_to(index, at, &cause);
                return;
            }
            if SPECIAL.contains(&current.as_str()) {
                break;
            }
        }
        self.stray(at, authored, &cause);
    }

    /// The adoption agency algorithm for `</b>`, `</strong>`, `</a>`…; `false` when there is no such
    /// formatting element (then it is any other end tag).
    fn adoption_agency(&mut self, subject: &str, at: usize) -> bool {
        let current = self.current();
        if self.name(current) == subject && !self.formatting.iter().any(|f| f.element == current) {
            self.stack.pop();
            return true;
        }
        for _ in 0..8 {
            let Some(format_index) = self.formatting.iter().rposition(|f| f.name == subject) else {
                return false;
            };
            let Some(entry) = self.formatting.get(format_index).cloned() else {
                return false;
            };
            let formatting_element = entry.element;
            let Some(stack_index) = self.stack.iter().position(|&e| e == formatting_element) else {
                self.formatting.remove(format_index);
                return true;
            };
            if !self.in_scope_element(formatting_element) {
                return true;
            }
            if formatting_element != self.current() {
                let inner = self.name(self.current()).to_owned();
                if entry.authored {
                    self.note(
                        at,
                        DiagnosticKind::RepairedNesting,
                        format!("`</{subject}>` closes `<{subject}>` while `<{inner}>` opened after it is still open: the browser closes `<{inner}>` there too"),
                    );
                } else {
                    self.note(
                        entry.at,
                        DiagnosticKind::RepairedNesting,
                        format!("the emphasis that starts here (a `*`, `_`, `~`, `^` or `=` pair) ends inside `<{inner}>`, which opened after it: the browser closes `<{inner}>` there too (a `_` in a name or value may have paired with this one)"),
                    );
                }
            }
            let furthest = self
                .stack
                .iter()
                .enumerate()
                .skip(stack_index + 1)
                .find(|(_, &id)| SPECIAL.contains(&self.name(id)))
                .map(|(i, &id)| (i, id));
            let Some((furthest_index, furthest_block)) = furthest else {
                self.stack.truncate(stack_index);
                self.formatting.remove(format_index);
                return true;
            };
            let common_ancestor = self
                .stack
                .get(stack_index.wrapping_sub(1))
                .copied()
                .unwrap_or(DOM_ROOT);
            let mut bookmark = format_index;
            let mut node_index = furthest_index;
            let mut last_node = furthest_block;
            let mut inner = 0;
            loop {
                inner += 1;
                node_index -= 1;
                let Some(&node) = self.stack.get(node_index) else {
                    break;
                };
                if node == formatting_element {
                    break;
                }
                let mut list_position = self.formatting.iter().position(|f| f.element == node);
                if inner > 3 {
                    if let Some(position) = list_position {
                        self.formatting.remove(position);
                        if position < bookmark {
                            bookmark -= 1;
                        }
                        list_position = None;
                    }
                }
                let Some(position) = list_position else {
                    self.stack.remove(node_index);
                    continue;
                };
                let Some(copy_of) = self.formatting.get(position).cloned() else {
                    break;
                };
                let new_node = self.create(
                    &copy_of.name,
                    copy_of.attrs.clone(),
                    copy_of.at,
                    copy_of.authored,
                    None,
                );
                if let Some(slot) = self.formatting.get_mut(position) {
                    slot.element = new_node;
                }
                if let Some(slot) = self.stack.get_mut(node_index) {
                    *slot = new_node;
                }
                if last_node == furthest_block {
                    bookmark = position + 1;
                }
                self.detach(last_node);
                self.attach(new_node, last_node);
                last_node = new_node;
            }
            self.detach(last_node);
            self.attach(common_ancestor, last_node);
            let new_element = self.create(
                &entry.name,
                entry.attrs.clone(),
                entry.at,
                entry.authored,
                None,
            );
            let children = self
                .dom
                .element(furthest_block)
                .map(|e| e.children.clone())
                .unwrap_or_default();
            for child in children {
                self.detach(child);
                self.attach(new_element, child);
            }
            self.attach(furthest_block, new_element);
            if let Some(position) = self
                .formatting
                .iter()
                .position(|f| f.element == formatting_element)
            {
                self.formatting.remove(position);
                if position < bookmark {
                    bookmark -= 1;
                }
            }
            let bookmark = bookmark.min(self.formatting.len());
            self.formatting.insert(
                bookmark,
                Formatting {
                    element: new_element,
                    ..entry
                },
            );
            self.stack.retain(|&e| e != formatting_element);
            if let Some(position) = self.stack.iter().position(|&e| e == furthest_block) {
                self.stack.insert(position + 1, new_element);
            }
        }
        true
    }

    fn in_scope_element(&self, target: DomId) -> bool {
        for &id in self.stack.iter().rev() {
            if id == target {
                return true;
            }
            if SCOPE_BOUNDARY.contains(&self.name(id)) {
                return false;
            }
        }
        false
    }

    /// At the end of the page every open element closes; an authored container still open took in
    /// everything after it.
    fn finish(&mut self) {
        while self.stack.len() > 1 {
            let Some(id) = self.stack.pop() else { break };
            let Some(element) = self.dom.element(id) else {
                continue;
            };
            if element.authored && !IMPLIED_END.contains(&element.name.as_str()) {
                let (name, at) = (element.name.clone(), element.at);
                let (kind, message) = if is_container(&name) {
                    (
                        DiagnosticKind::UnterminatedTag,
                        format!("`<{name}>` is never closed: everything after it, to the end of the page, is inside it"),
                    )
                } else {
                    (
                        DiagnosticKind::RepairedNesting,
                        format!("`<{name}>` is never closed; the browser closes it at the end of the page"),
                    )
                };
                self.note(at, kind, message);
            }
        }
    }
}

/// Elements whose missing end tag changes the page's structure.
fn is_container(name: &str) -> bool {
    matches!(
        name,
        "details"
            | "summary"
            | "div"
            | "section"
            | "blockquote"
            | "table"
            | "ul"
            | "ol"
            | "dl"
            | "center"
            | "pre"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(name: &str, authored: bool) -> Token {
        Token::Start {
            name: name.to_owned(),
            attrs: Vec::new(),
            at: 0,
            authored,
            self_closing: false,
            raw: None,
        }
    }

    fn end(name: &str, authored: bool) -> Token {
        Token::End {
            name: name.to_owned(),
            at: 0,
            authored,
            raw: None,
        }
    }

    fn text(t: &str) -> Token {
        Token::Text {
            text: t.to_owned(),
            at: 0,
        }
    }

    fn outline(dom: &Dom, id: DomId) -> String {
        match dom.nodes.get(id) {
            Some(DomNode::Text { text, .. }) => text.clone(),
            Some(DomNode::Element(e)) => {
                let inner: String = e.children.iter().map(|&c| outline(dom, c)).collect();
                if id == DOM_ROOT {
                    inner
                } else {
                    format!("<{}>{inner}</{}>", e.name, e.name)
                }
            }
            None => String::new(),
        }
    }

    fn run(tokens: Vec<Token>) -> (String, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let dom = build(tokens, &mut diagnostics);
        (outline(&dom, DOM_ROOT), diagnostics)
    }

    #[test]
    fn details_inside_bold_inside_a_paragraph() {
        // **<details><summary>S</summary>** \n\n body \n\n </details>
        let (dom, notes) = run(vec![
            start("p", false),
            start("strong", false),
            start("details", true),
            start("summary", true),
            text("S"),
            end("summary", true),
            end("strong", false),
            end("p", false),
            start("p", false),
            text("body"),
            end("p", false),
            start("p", false),
            end("details", true),
            end("p", false),
        ]);
        assert_eq!(
            dom,
            "<p><strong></strong></p><details><summary><strong>S</strong></summary><p></p><p>body</p><p></p></details><p></p>"
        );
        assert!(!notes.is_empty());
    }

    #[test]
    fn misnested_formatting_and_stray_end_tags() {
        // <span>a **b</span> c**
        let (dom, notes) = run(vec![
            start("p", false),
            start("span", true),
            text("a "),
            start("strong", false),
            text("b"),
            end("span", true),
            text(" c"),
            end("strong", false),
            end("p", false),
        ]);
        assert_eq!(
            dom,
            "<p><span>a <strong>b</strong></span><strong> c</strong></p>"
        );
        assert!(notes
            .iter()
            .any(|n| n.kind == DiagnosticKind::RepairedNesting));
        let (dom, notes) = run(vec![
            start("p", false),
            text("x"),
            end("span", true),
            end("p", false),
        ]);
        assert_eq!(dom, "<p>x</p>");
        assert_eq!(notes.len(), 1);
        let (dom, _) = run(vec![
            start("p", false),
            text("a"),
            end("br", true),
            text("b"),
            end("p", false),
        ]);
        assert_eq!(dom, "<p>a<br></br>b</p>");
    }

    #[test]
    fn unclosed_details_runs_to_the_end() {
        let (dom, notes) = run(vec![
            start("details", true),
            text("x"),
            start("p", false),
            text("y"),
            end("p", false),
        ]);
        assert_eq!(dom, "<details>x<p>y</p></details>");
        assert_eq!(notes.len(), 1);
        assert_eq!(
            notes.first().map(|n| n.kind),
            Some(DiagnosticKind::UnterminatedTag)
        );
    }

    #[test]
    fn deep_nesting_is_capped() {
        let mut tokens = Vec::new();
        for _ in 0..10_000 {
            tokens.push(start("div", true));
        }
        tokens.push(text("x"));
        let (dom, notes) = run(tokens);
        assert!(dom.contains('x'));
        assert!(notes.iter().any(|n| n.kind == DiagnosticKind::TooDeep));
    }
}

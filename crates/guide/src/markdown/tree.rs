//! The element tree Python-Markdown builds (its `ElementTree`), as an arena: processors keep ids of
//! elements across calls (the admonition a later indented block belongs to), which references into a
//! tree could not do. Like ElementTree, an element has `text` (before its first child) and `tail`
//! (after it, inside its parent).

use super::text::SrcText;

/// An element of the tree.
pub type NodeId = usize;

#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Lower-case tag name; `""` for the document root.
    pub tag: String,
    pub attrs: Vec<(String, String)>,
    pub text: Option<SrcText>,
    pub tail: Option<SrcText>,
    pub children: Vec<NodeId>,
    /// Source offset the element was made for (for diagnostics).
    pub at: usize,
    /// Set on text that inline patterns must not touch (code, raw HTML blocks).
    pub atomic: bool,
    /// Written by the author as HTML (a `markdown` element of `md_in_html`).
    pub authored: bool,
}

#[derive(Debug)]
pub struct Tree {
    nodes: Vec<Node>,
}

pub const ROOT: NodeId = 0;

impl Default for Tree {
    fn default() -> Tree {
        Tree::new()
    }
}

impl Tree {
    pub fn new() -> Tree {
        Tree {
            nodes: vec![Node::default()],
        }
    }

    pub fn node(&self, id: NodeId) -> &Node {
        // Ids only ever come from `add`, so they are in range; the root is a safe stand-in.
        self.nodes.get(id).unwrap_or(&self.nodes[ROOT])
    }

    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        let id = if id < self.nodes.len() { id } else { ROOT };
        &mut self.nodes[id]
    }

    /// A new element that belongs to no parent yet.
    pub fn create(&mut self, tag: &str, at: usize) -> NodeId {
        self.nodes.push(Node {
            tag: tag.to_owned(),
            at,
            ..Node::default()
        });
        self.nodes.len() - 1
    }

    /// `SubElement(parent, tag)`.
    pub fn add(&mut self, parent: NodeId, tag: &str, at: usize) -> NodeId {
        let id = self.create(tag, at);
        self.node_mut(parent).children.push(id);
        id
    }

    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        self.node_mut(parent).children.push(child);
    }

    pub fn insert(&mut self, parent: NodeId, index: usize, child: NodeId) {
        let children = &mut self.node_mut(parent).children;
        let index = index.min(children.len());
        children.insert(index, child);
    }

    pub fn tag(&self, id: NodeId) -> &str {
        &self.node(id).tag
    }

    pub fn is(&self, id: NodeId, tag: &str) -> bool {
        self.node(id).tag == tag
    }

    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        self.node(id)
            .attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn set_attr(&mut self, id: NodeId, name: &str, value: &str) {
        let attrs = &mut self.node_mut(id).attrs;
        match attrs.iter_mut().find(|(key, _)| key == name) {
            Some((_, old)) => *old = value.to_owned(),
            None => attrs.push((name.to_owned(), value.to_owned())),
        }
    }

    pub fn remove_attr(&mut self, id: NodeId, name: &str) -> Option<String> {
        let attrs = &mut self.node_mut(id).attrs;
        let index = attrs.iter().position(|(key, _)| key == name)?;
        Some(attrs.remove(index).1)
    }

    pub fn has_class(&self, id: NodeId, class: &str) -> bool {
        self.attr(id, "class")
            .is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
    }

    /// `parent[-1]`: the last child element.
    pub fn last_child(&self, parent: NodeId) -> Option<NodeId> {
        self.node(parent).children.last().copied()
    }

    pub fn children(&self, parent: NodeId) -> &[NodeId] {
        &self.node(parent).children
    }

    pub fn child_count(&self, parent: NodeId) -> usize {
        self.node(parent).children.len()
    }

    /// Whether the element has non-empty `text`.
    pub fn has_text(&self, id: NodeId) -> bool {
        self.node(id).text.as_ref().is_some_and(|t| !t.is_empty())
    }

    pub fn take_text(&mut self, id: NodeId) -> Option<SrcText> {
        self.node_mut(id).text.take()
    }

    pub fn set_text(&mut self, id: NodeId, text: Option<SrcText>) {
        self.node_mut(id).text = text;
    }

    pub fn set_tail(&mut self, id: NodeId, tail: Option<SrcText>) {
        self.node_mut(id).tail = tail;
    }

    /// Moves an element's direct text into a new first `<p>` (what Python-Markdown does when a tight
    /// list item turns out to be loose).
    pub fn text_into_paragraph(&mut self, id: NodeId) {
        if let Some(text) = self.take_text(id).filter(|t| !t.is_empty()) {
            let at = text.start();
            let p = self.create("p", at);
            self.set_text(p, Some(text));
            self.insert(id, 0, p);
        }
    }

    /// Number of elements (including the root).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }
}

//! The three indented containers of the lab's extensions, which share one algorithm:
//! `!!! type "Title"` (admonition), `??? type "Title"` / `???+` (PyMdown details) and `=== "Tab"`
//! (PyMdown tabbed, alternate style). A header line opens the container; the lines indented 4 spaces
//! under it, and later blocks indented the same way, are its content, parsed as Markdown. A block
//! indented twice under a list at the end of the container continues that list's last item.

use std::collections::VecDeque;

use super::blocks::{detab, BlockParser};
use super::text::SrcText;
use super::tree::NodeId;
use crate::admonition::capitalize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Admonition = 0,
    Details = 1,
    Tabbed = 2,
}

impl ContainerKind {
    /// In the order Python-Markdown tries them (all at priority 105, registered in this order).
    pub const ALL: [ContainerKind; 3] = [
        ContainerKind::Admonition,
        ContainerKind::Details,
        ContainerKind::Tabbed,
    ];
}

/// A header line: where it is in the block and what it says.
struct Header {
    start: usize,
    end: usize,
    classes: String,
    title: Option<String>,
    /// `???+` / `===+`.
    plus: bool,
    /// `===!`: a new tab set even right after another.
    bang: bool,
}

pub fn test(
    parser: &mut BlockParser,
    kind: ContainerKind,
    parent: NodeId,
    block: &SrcText,
) -> bool {
    header(kind, block.as_str()).is_some() || content_sibling(parser, kind, parent, block).is_some()
}

pub fn run(
    parser: &mut BlockParser,
    kind: ContainerKind,
    parent: NodeId,
    blocks: &mut VecDeque<SrcText>,
) {
    let Some(block) = blocks.pop_front() else {
        return;
    };
    let (target, content, rest) = match header(kind, block.as_str()) {
        Some(found) => {
            let before = block.slice_to(found.start);
            if !before.is_empty() {
                parser.parse_blocks(parent, VecDeque::from([before]));
            }
            let after = block.slice_from(found.end);
            let (content, rest) = detab(&after, 4);
            let target = open(parser, kind, parent, &found, block.src(found.start));
            (target, content, rest)
        }
        None => {
            let Some((sibling, content, rest)) = content_sibling(parser, kind, parent, &block)
            else {
                blocks.push_front(block);
                return;
            };
            parser.set_current(kind, None);
            let target = if matches!(parser.tree.tag(sibling), "li" | "dd") {
                parser.tree.text_into_paragraph(sibling);
                sibling
            } else if kind == ContainerKind::Tabbed && parser.tree.has_class(sibling, "tabbed-set")
            {
                last_tab_block(parser, sibling).unwrap_or(sibling)
            } else {
                sibling
            };
            (target, content, rest)
        }
    };
    parser.parse_chunk(target, &content);
    if !rest.is_empty() {
        blocks.push_front(rest);
    }
}

/// Creates the container for a header; returns the element its content goes into.
fn open(
    parser: &mut BlockParser,
    kind: ContainerKind,
    parent: NodeId,
    found: &Header,
    at: usize,
) -> NodeId {
    let tree = &mut parser.tree;
    match kind {
        ContainerKind::Admonition => {
            let div = tree.add(parent, "div", at);
            tree.set_attr(div, "class", &format!("admonition {}", found.classes));
            if let Some(title) = &found.title {
                let p = tree.add(div, "p", at);
                tree.set_attr(p, "class", "admonition-title");
                tree.set_text(p, Some(SrcText::new(title, at)));
            }
            div
        }
        ContainerKind::Details => {
            let details = tree.add(parent, "details", at);
            if found.plus {
                tree.set_attr(details, "open", "open");
            }
            if !found.classes.is_empty() {
                tree.set_attr(details, "class", &found.classes);
            }
            let summary = tree.add(details, "summary", at);
            tree.set_text(
                summary,
                Some(SrcText::new(found.title.as_deref().unwrap_or(""), at)),
            );
            details
        }
        ContainerKind::Tabbed => {
            let sibling = tree.last_child(parent);
            let group = match sibling {
                Some(set) if tree.has_class(set, "tabbed-set") && !found.bang => set,
                _ => {
                    let number = parser.next_tab_group();
                    let tree = &mut parser.tree;
                    let set = tree.add(parent, "div", at);
                    tree.set_attr(set, "class", "tabbed-set tabbed-alternate");
                    tree.set_attr(set, "data-tabs", &format!("{number}:0"));
                    tree.add(set, "div", at);
                    tree.add(set, "div", at);
                    if let [labels, content] = *tree.children(set) {
                        tree.set_attr(labels, "class", "tabbed-labels");
                        tree.set_attr(content, "class", "tabbed-content");
                    }
                    set
                }
            };
            let tree = &mut parser.tree;
            let (labels, content) = match *tree.children(group) {
                [labels, content, ..] => (labels, content),
                _ => (group, group),
            };
            let label = tree.add(labels, "label", at);
            tree.set_text(
                label,
                Some(SrcText::new(found.title.as_deref().unwrap_or(""), at)),
            );
            if found.plus {
                for existing in tree.children(labels).to_vec() {
                    tree.remove_attr(existing, "data-selected");
                }
                tree.set_attr(label, "data-selected", "true");
            }
            let block = tree.add(content, "div", at);
            tree.set_attr(block, "class", "tabbed-block");
            block
        }
    }
}

fn last_tab_block(parser: &BlockParser, set: NodeId) -> Option<NodeId> {
    let content = *parser.tree.children(set).get(1)?;
    parser.tree.last_child(content)
}

/// The container an indented block continues (`parse_content`): the previous sibling of this kind,
/// or the last item of a list at its end when the block is indented twice. Returns the element, the
/// content and what follows it.
fn content_sibling(
    parser: &mut BlockParser,
    kind: ContainerKind,
    parent: NodeId,
    block: &SrcText,
) -> Option<(NodeId, SrcText, SrcText)> {
    if let Some((sibling, indent)) = parser.current(kind) {
        let (content, rest) = detab(block, indent);
        return Some((sibling, content, rest));
    }
    let tree = &parser.tree;
    let mut sibling = tree.last_child(parent)?;
    let is_container = match kind {
        ContainerKind::Admonition => {
            tree.is(sibling, "div") && tree.has_class(sibling, "admonition")
        }
        ContainerKind::Details => tree.is(sibling, "details"),
        ContainerKind::Tabbed => {
            tree.is(sibling, "div")
                && tree.attr(sibling, "class") == Some("tabbed-set tabbed-alternate")
        }
    };
    if !is_container {
        return None;
    }
    let mut text = block.as_str();
    let mut indent = 0;
    let mut last = match kind {
        ContainerKind::Tabbed => last_tab_block(parser, sibling).and_then(|b| tree.last_child(b)),
        _ => tree.last_child(sibling),
    };
    while let Some(child) = last {
        if text.starts_with("        ") && matches!(tree.tag(child), "ul" | "ol" | "dl") {
            let Some(item) = tree.last_child(child) else {
                break;
            };
            sibling = item;
            last = tree.last_child(item);
            text = text.get(4..).unwrap_or("");
            indent += 4;
        } else {
            break;
        }
    }
    if !text.starts_with("    ") {
        return None;
    }
    indent += 4;
    let (content, rest) = detab(block, indent);
    parser.set_current(kind, Some((sibling, indent)));
    Some((sibling, content, rest))
}

/// The first line of `block` that is a header of this kind.
fn header(kind: ContainerKind, block: &str) -> Option<Header> {
    let mut line_start = 0;
    for line in block.split('\n') {
        let line_end = line_start + line.len();
        let end = if line_end < block.len() {
            line_end + 1
        } else {
            line_end
        };
        let found = match kind {
            ContainerKind::Admonition => admonition_header(line),
            ContainerKind::Details => details_header(line),
            ContainerKind::Tabbed => tab_header(line),
        };
        if let Some(mut found) = found {
            found.start = line_start;
            found.end = end;
            return Some(found);
        }
        line_start = line_end + 1;
    }
    None
}

/// `!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *`
fn admonition_header(line: &str) -> Option<Header> {
    let rest = line.strip_prefix("!!!")?;
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let (classes, title) = classes_and_title(rest)?;
    if classes.is_empty() {
        return None;
    }
    let classes = classes.to_lowercase();
    let title = match title {
        None => Some(capitalize(classes.split(' ').next().unwrap_or(""))),
        Some(t) if t.is_empty() => None,
        Some(t) => Some(t),
    };
    Some(Header {
        start: 0,
        end: 0,
        classes,
        title,
        plus: false,
        bang: false,
    })
}

/// `\?{3}(\+)? ?(?:([\w\-]+(?: +[\w\-]+)*?)?(?: +"(.*?)")|([\w\-]+(?: +[\w\-]+)*?)) *`
fn details_header(line: &str) -> Option<Header> {
    let rest = line.strip_prefix("???")?;
    let (plus, rest) = match rest.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let (classes, title) = classes_and_title(rest)?;
    let classes = classes.to_lowercase();
    let title = match title {
        Some(title) => title,
        None if !classes.is_empty() => capitalize(classes.split(' ').next().unwrap_or("")),
        None => return None,
    };
    Some(Header {
        start: 0,
        end: 0,
        classes,
        title: Some(title),
        plus,
        bang: false,
    })
}

/// `={3}(\+|\+!|!\+|!)? +"(.*?)" *`
fn tab_header(line: &str) -> Option<Header> {
    let rest = line.strip_prefix("===")?;
    let special_len = rest.len() - rest.trim_start_matches(['+', '!']).len();
    let special = rest.get(..special_len)?;
    if !matches!(special, "" | "+" | "+!" | "!+" | "!") {
        return None;
    }
    let rest = rest.get(special_len..)?;
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim_start_matches(' ').trim_end_matches(' ');
    let title = rest.strip_prefix('"')?.strip_suffix('"')?;
    if rest.len() < 2 {
        return None;
    }
    Some(Header {
        start: 0,
        end: 0,
        classes: String::new(),
        title: Some(title.to_owned()),
        plus: special.contains('+'),
        bang: special.contains('!'),
    })
}

/// `word word… "title"` (the title optional); words are `[\w-]+`. `None` when the line has anything
/// else.
fn classes_and_title(text: &str) -> Option<(String, Option<String>)> {
    let text = text.trim_end_matches(' ');
    let (words, title) = match text.find('"') {
        Some(quote) => {
            let title = text.get(quote + 1..)?;
            let close = title.rfind('"')?;
            if !title.get(close + 1..)?.trim_end_matches(' ').is_empty() {
                return None;
            }
            let words = text.get(..quote)?;
            if !words.is_empty() && !words.ends_with(' ') {
                return None;
            }
            (words, Some(title.get(..close)?.to_owned()))
        }
        None => (text, None),
    };
    let is_word = |w: &str| {
        w.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    };
    let list: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
    if !list.iter().all(|w| is_word(w)) {
        return None;
    }
    if words.starts_with(' ') && !list.is_empty() {
        return None;
    }
    Some((list.join(" "), title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let note = admonition_header("!!! Note").map(|h| (h.classes, h.title));
        assert_eq!(note, Some(("note".into(), Some("Note".into()))));
        let titled =
            admonition_header("!!! tip inline end \"Hi there\"").map(|h| (h.classes, h.title));
        assert_eq!(
            titled,
            Some(("tip inline end".into(), Some("Hi there".into())))
        );
        assert_eq!(
            admonition_header("!!! note \"\"").map(|h| h.title),
            Some(None)
        );
        assert!(admonition_header("!!!").is_none());
        assert!(admonition_header("!!! \"only\"").is_none());
        assert!(admonition_header("Wow!!!").is_none());
        let details = details_header("???+ faq \"Why?\"").map(|h| (h.plus, h.classes, h.title));
        assert_eq!(details, Some((true, "faq".into(), Some("Why?".into()))));
        assert_eq!(
            details_header("??? \"Just a title\"").map(|h| h.classes),
            Some(String::new())
        );
        assert!(details_header("???").is_none());
        let tab = tab_header("=== \"Windows\"").map(|h| h.title);
        assert_eq!(tab, Some(Some("Windows".into())));
        assert_eq!(tab_header("===+ \"Mac\"").map(|h| h.plus), Some(true));
        assert!(tab_header("=== Windows").is_none());
        assert!(tab_header("===\"x\"").is_none());
    }
}

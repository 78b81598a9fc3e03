//! Inline Markdown as Python-Markdown (with the lab's PyMdown extensions) reads it, in one pass with
//! the same precedence: code spans and escapes first, then footnote references, links and images,
//! autolinks, line breaks, raw HTML and entities, emoji and keys; emphasis and the other delimiter
//! pairs (`**`, `_`, `~~`, `^^`, `==`, `~`, `^`) last, paired as its delimiter processor pairs them.
//! The result is a small tree of [`Node`]s; raw HTML stays raw (the page's HTML parser reads it).

use std::collections::HashMap;

use crate::diagnostic::DiagnosticKind;
use crate::html::{decode_entities, markup_at, Token};

use super::emoji;
use super::stash::placeholder_at;
use super::text::SrcText;
use super::{Diagnostics, Noted};

/// An inline node.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Text(SrcText),
    Element {
        tag: String,
        attrs: Vec<(String, String)>,
        at: usize,
        children: Vec<Node>,
    },
    /// Raw HTML (a tag, comment or entity) as written.
    Html(SrcText),
    /// A stash placeholder (a raw HTML block or code block inside a paragraph).
    Stash {
        index: usize,
        at: usize,
    },
}

/// What inline parsing needs from the rest of the document.
pub struct Context<'a> {
    pub references: &'a HashMap<String, (SrcText, Option<String>)>,
    /// Footnote ids in definition order.
    pub footnotes: &'a [String],
    /// How many references each footnote has had so far (for `fnref2:x` ids).
    pub footnote_refs: &'a mut HashMap<String, usize>,
    pub abbreviations: &'a [(String, String)],
    pub diagnostics: &'a mut Diagnostics,
}

/// Links inside links are not links; images and emphasis are. Deeper link nesting is text.
const MAX_LINK_DEPTH: usize = 8;
/// A delimiter run pairs at most this many times (each pair is one more level of nesting).
const MAX_PAIRS_PER_RUN: usize = 8;

const ESCAPABLE: &str = "\\`*_{}[]()>#+-.!|~^=:";

pub fn parse(text: &SrcText, cx: &mut Context) -> Vec<Node> {
    let nodes = parse_level(text, cx, 0);
    abbreviate(nodes, cx.abbreviations)
}

#[derive(Debug, Clone)]
struct Delim {
    ch: char,
    count: usize,
    orig: usize,
    can_open: bool,
    can_close: bool,
    text: SrcText,
    pairs: usize,
}

enum Piece {
    Node(Node),
    Delim(Delim),
}

fn parse_level(text: &SrcText, cx: &mut Context, link_depth: usize) -> Vec<Node> {
    let s = text.as_str();
    let bytes = s.as_bytes();
    let brackets = match_brackets(s);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let flush = |pieces: &mut Vec<Piece>, from: usize, to: usize| {
        if to > from {
            push_text(pieces, text.slice(from..to));
        }
    };
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        if !starts_something(b) {
            // Plain text up to the next byte that may start something (all ASCII, so a
            // character boundary).
            i += 1 + bytes.get(i + 1..).map_or(0, |rest| {
                rest.iter().take_while(|b| !starts_something(**b)).count()
            });
            continue;
        }
        let found: Option<(Vec<Piece>, usize)> = match b {
            b'`' => code_span(text, i),
            b'\\' => escape(text, i),
            b'+' if s.get(i..).is_some_and(|r| r.starts_with("++")) => keys(text, i),
            b'[' => {
                let image = i > 0 && bytes.get(i - 1) == Some(&b'!');
                if image {
                    None
                } else {
                    link(text, i, &brackets, cx, link_depth, false)
                }
            }
            b'!' if bytes.get(i + 1) == Some(&b'[') => {
                link(text, i + 1, &brackets, cx, link_depth, true)
            }
            b'<' => angle(text, i, cx),
            b'&' => entity(text, i),
            // Two spaces before a newline: a line break (the newline stays after it, as
            // Python-Markdown writes it).
            b'\n'
                if i >= text_start + 2
                    && bytes.get(i - 1) == Some(&b' ')
                    && bytes.get(i - 2) == Some(&b' ') =>
            {
                flush(&mut pieces, text_start, i - 2);
                pieces.push(Piece::Node(element("br", text.src(i - 2), Vec::new())));
                text_start = i;
                i += 1;
                continue;
            }
            b':' => emoji_at(text, i, cx),
            b'*' | b'_' | b'~' | b'^' | b'=' => Some(delimiter(text, i)),
            0x02 => placeholder_at(s.get(i..).unwrap_or("")).map(|(index, len)| {
                (
                    vec![Piece::Node(Node::Stash {
                        index,
                        at: text.src(i),
                    })],
                    i + len,
                )
            }),
            _ => None,
        };
        match found {
            Some((new, end)) if end > i => {
                flush(&mut pieces, text_start, i);
                pieces.extend(new);
                i = end;
                text_start = end;
            }
            _ => i += 1,
        }
    }
    flush(&mut pieces, text_start, s.len());
    let nodes = emphasis(pieces);
    attach_attr_lists(nodes, cx)
}

/// Bytes where an inline construct may start (all ASCII).
fn starts_something(b: u8) -> bool {
    matches!(
        b,
        b'`' | b'\\'
            | b'+'
            | b'['
            | b'!'
            | b'<'
            | b'&'
            | b'\n'
            | b':'
            | b'*'
            | b'_'
            | b'~'
            | b'^'
            | b'='
            | 0x02
    )
}

fn push_text(pieces: &mut Vec<Piece>, text: SrcText) {
    if let Some(Piece::Node(Node::Text(last))) = pieces.last_mut() {
        last.push(&text);
        return;
    }
    pieces.push(Piece::Node(Node::Text(text)));
}

fn element(tag: &str, at: usize, children: Vec<Node>) -> Node {
    Node::Element {
        tag: tag.to_owned(),
        attrs: Vec::new(),
        at,
        children,
    }
}

/// `` `code` ``: a run of backticks up to the next run of the same length.
fn code_span(text: &SrcText, start: usize) -> Option<(Vec<Piece>, usize)> {
    let s = text.as_str();
    let run = s.get(start..)?.bytes().take_while(|b| *b == b'`').count();
    let backslashes = s.get(..start)?.len() - s.get(..start)?.trim_end_matches('\\').len();
    if backslashes % 2 == 1 {
        return None;
    }
    let mut search = start + run;
    while let Some(found) = s.get(search..)?.find('`') {
        let at = search + found;
        let close_run = s.get(at..)?.bytes().take_while(|b| *b == b'`').count();
        if close_run == run {
            let content = text.slice(start + run..at);
            let trimmed = content.trim();
            if trimmed.is_empty() {
                return None;
            }
            let code = Node::Element {
                tag: "code".to_owned(),
                attrs: Vec::new(),
                at: text.src(start),
                children: vec![Node::Text(trimmed)],
            };
            return Some((vec![Piece::Node(code)], at + run));
        }
        search = at + close_run;
    }
    // An unmatched run is text, all of it.
    Some((
        vec![Piece::Node(Node::Text(text.slice(start..start + run)))],
        start + run,
    ))
}

fn escape(text: &SrcText, start: usize) -> Option<(Vec<Piece>, usize)> {
    let c = text.as_str().get(start + 1..)?.chars().next()?;
    if !ESCAPABLE.contains(c) {
        return None;
    }
    let end = start + 1 + c.len_utf8();
    Some((
        vec![Piece::Node(Node::Text(text.slice(start + 1..end)))],
        end,
    ))
}

/// `++ctrl+alt+del++` (PyMdown keys): each key a `<kbd>`, joined by `+`.
fn keys(text: &SrcText, start: usize) -> Option<(Vec<Piece>, usize)> {
    let s = text.as_str();
    let inner_start = start + 2;
    let close = s.get(inner_start..)?.find("++")? + inner_start;
    let inner = s.get(inner_start..close)?;
    if inner.is_empty() {
        return None;
    }
    let names: Vec<&str> = inner.split('+').collect();
    let valid = |name: &str| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            || (name.len() >= 2 && name.starts_with('"') && name.ends_with('"'))
    };
    if !names.iter().all(|n| valid(n)) {
        return None;
    }
    let at = text.src(start);
    let mut children = Vec::new();
    for (index, name) in names.iter().enumerate() {
        if index > 0 {
            children.push(element("span", at, vec![Node::Text(SrcText::new("+", at))]));
        }
        let (class, label) = emoji::key_label(name);
        children.push(Node::Element {
            tag: "kbd".to_owned(),
            attrs: vec![("class".to_owned(), class)],
            at,
            children: vec![Node::Text(SrcText::new(&label, at))],
        });
    }
    let keys = Node::Element {
        tag: "span".to_owned(),
        attrs: vec![("class".to_owned(), "keys".to_owned())],
        at,
        children,
    };
    Some((vec![Piece::Node(keys)], close + 2))
}

/// For every `[`, the index of its matching `]` (nested brackets counted, escaped ones skipped).
fn match_brackets(s: &str) -> HashMap<usize, usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut pairs = HashMap::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'\\') => i += 1,
            Some(b'[') => open.push(i),
            Some(b']') => {
                if let Some(o) = open.pop() {
                    pairs.insert(o, i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    pairs
}

/// `[text](url "title")`, `[text][id]`, `[text]`, `[^note]`, and the same with `![` for images.
fn link(
    text: &SrcText,
    open: usize,
    brackets: &HashMap<usize, usize>,
    cx: &mut Context,
    depth: usize,
    image: bool,
) -> Option<(Vec<Piece>, usize)> {
    let s = text.as_str();
    let close = *brackets.get(&open)?;
    let start = if image { open - 1 } else { open };
    let label = text.slice(open + 1..close);
    let after = close + 1;
    if !image {
        if let Some(id) = label.as_str().strip_prefix('^') {
            return footnote_ref(text, start, after, id, cx);
        }
    }
    if depth >= MAX_LINK_DEPTH {
        return None;
    }
    let (href, title, end) = if s.get(after..)?.starts_with('(') {
        let (href, title, end) = destination(text, after)?;
        (href, title, end)
    } else {
        let (id, end) = match reference_label(s, after) {
            Some((id, end)) if !id.trim().is_empty() => (id, end),
            Some((_, end)) => (label.as_str().to_owned(), end),
            None => (label.as_str().to_owned(), after),
        };
        // Only a label no longer than the longest reference can name one; checked before
        // normalising, so thousands of nested brackets stay linear.
        // (Characters: lowercasing never makes fewer.)
        let longest = cx
            .references
            .keys()
            .map(|key| key.chars().count())
            .max()
            .unwrap_or(0);
        let mut seen = 0;
        if !id.chars().filter(|c| !c.is_whitespace()).all(|_| {
            seen += 1;
            seen <= longest
        }) {
            return None;
        }
        let key = id
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let (href, title) = cx.references.get(&key)?.clone();
        (href, title, end)
    };
    let at = text.src(start);
    let mut attrs = Vec::new();
    // Python-Markdown writes the target as typed, entities included; the browser decodes them.
    let href = decode_entities(href.as_str());
    let title = title.map(|t| decode_entities(&t));
    let node = if image {
        attrs.push(("src".to_owned(), href.clone()));
        attrs.push(("alt".to_owned(), plain(&parse_level(&label, cx, depth + 1))));
        if let Some(title) = title {
            attrs.push(("title".to_owned(), title));
        }
        Node::Element {
            tag: "img".to_owned(),
            attrs,
            at,
            children: Vec::new(),
        }
    } else {
        attrs.push(("href".to_owned(), href));
        if let Some(title) = title {
            attrs.push(("title".to_owned(), title));
        }
        let children = without_links(parse_level(&label, cx, depth + 1));
        Node::Element {
            tag: "a".to_owned(),
            attrs,
            at,
            children,
        }
    };
    Some((vec![Piece::Node(node)], end))
}

/// Links inside a link's text become their text (HTML cannot nest links).
fn without_links(nodes: Vec<Node>) -> Vec<Node> {
    nodes
        .into_iter()
        .flat_map(|node| match node {
            Node::Element { tag, children, .. } if tag == "a" => without_links(children),
            Node::Element {
                tag,
                attrs,
                at,
                children,
            } => vec![Node::Element {
                tag,
                attrs,
                at,
                children: without_links(children),
            }],
            other => vec![other],
        })
        .collect()
}

/// `[id]` right after a link's text: the id and the offset after it.
fn reference_label(s: &str, at: usize) -> Option<(String, usize)> {
    let rest = s.get(at..)?;
    let skipped = rest.len() - rest.trim_start_matches(' ').len();
    let rest = rest.get(skipped..)?;
    let inner = rest.strip_prefix('[')?;
    let close = inner.find(']')?;
    let id = inner.get(..close)?;
    if id.contains('[') {
        return None;
    }
    Some((id.to_owned(), at + skipped + close + 2))
}

fn footnote_ref(
    text: &SrcText,
    start: usize,
    end: usize,
    id: &str,
    cx: &mut Context,
) -> Option<(Vec<Piece>, usize)> {
    let number = cx.footnotes.iter().position(|f| f == id)? + 1;
    let count = cx.footnote_refs.entry(id.to_owned()).or_insert(0);
    *count += 1;
    let ref_id = if *count == 1 {
        format!("fnref:{id}")
    } else {
        format!("fnref{count}:{id}")
    };
    let at = text.src(start);
    let anchor = Node::Element {
        tag: "a".to_owned(),
        attrs: vec![
            ("href".to_owned(), format!("#fn:{id}")),
            ("class".to_owned(), "footnote-ref".to_owned()),
        ],
        at,
        children: vec![Node::Text(SrcText::new(&number.to_string(), at))],
    };
    let sup = Node::Element {
        tag: "sup".to_owned(),
        attrs: vec![("id".to_owned(), ref_id)],
        at,
        children: vec![anchor],
    };
    Some((vec![Piece::Node(sup)], end))
}

/// `(url "title")` after a link's text: the URL, the title and the offset after `)`.
fn destination(text: &SrcText, open: usize) -> Option<(SrcText, Option<String>, usize)> {
    let s = text.as_str();
    let mut i = open + 1;
    let bytes = s.as_bytes();
    while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    let (url, mut i) = if bytes.get(i) == Some(&b'<') {
        let close = s.get(i..)?.find('>')? + i;
        (text.slice(i + 1..close), close + 1)
    } else {
        let start = i;
        let mut depth = 0usize;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\\' => i += 1,
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                b if b.is_ascii_whitespace() => break,
                _ => {}
            }
            i += 1;
        }
        (text.slice(start..i.min(s.len())), i)
    };
    while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
        i += 1;
    }
    let mut title = None;
    if let Some(&quote @ (b'"' | b'\'')) = bytes.get(i) {
        let rest = s.get(i + 1..)?;
        let close = rest.find(quote as char)?;
        title = Some(rest.get(..close)?.to_owned());
        i += close + 2;
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
    }
    if bytes.get(i) != Some(&b')') {
        return None;
    }
    Some((url, title, i + 1))
}

/// `<…>`: an autolink, an e-mail autolink, or raw HTML.
fn angle(text: &SrcText, start: usize, cx: &mut Context) -> Option<(Vec<Piece>, usize)> {
    let s = text.as_str();
    let rest = s.get(start + 1..)?;
    let close = rest
        .find(['>', '<', '\n'])
        .filter(|i| rest.as_bytes().get(*i) == Some(&b'>'));
    if let Some(close) = close {
        let inner = rest.get(..close)?;
        let at = text.src(start);
        if is_autolink(inner) {
            let node = Node::Element {
                tag: "a".to_owned(),
                attrs: vec![("href".to_owned(), inner.to_owned())],
                at,
                children: vec![Node::Text(text.slice(start + 1..start + 1 + close))],
            };
            return Some((vec![Piece::Node(node)], start + close + 2));
        }
        if is_email(inner) {
            let node = Node::Element {
                tag: "a".to_owned(),
                attrs: vec![("href".to_owned(), format!("mailto:{inner}"))],
                at,
                children: vec![Node::Text(text.slice(start + 1..start + 1 + close))],
            };
            return Some((vec![Piece::Node(node)], start + close + 2));
        }
    }
    if rest.starts_with("!--") {
        let end = rest.find("-->")? + start + 1 + 3;
        return Some((vec![Piece::Node(Node::Html(text.slice(start..end)))], end));
    }
    match markup_at(s, start)? {
        (Token::Tag(tag), end) => {
            if let Some(stop) = strict_tag_stop(tag.raw) {
                cx.diagnostics.push(Noted {
                    at: text.src(start),
                    kind: DiagnosticKind::LooseTag,
                    message: loose_tag_message(&tag.name, tag.raw, stop),
                });
            }
            Some((vec![Piece::Node(Node::Html(text.slice(start..end)))], end))
        }
        _ => None,
    }
}

/// Where Python-Markdown 3.11's inline tag pattern stops reading `raw` (a whole `<…>` the
/// browser reads as a tag), or `None` when it reads all of it. That pattern wants whitespace
/// between attributes; Python-Markdown up to 3.10 and browsers do not.
fn strict_tag_stop(raw: &str) -> Option<usize> {
    let name_char = |c: char| !c.is_whitespace() && !"\"'<>@".contains(c);
    let attr_char = |c: char| !c.is_whitespace() && !"\"'=<>".contains(c);
    let skip = |from: usize, keep: &dyn Fn(char) -> bool| {
        from + raw.get(from..).map_or(0, |r| {
            r.chars().take_while(|c| keep(*c)).map(char::len_utf8).sum()
        })
    };
    let mut at = 1;
    if raw.get(at..).is_some_and(|r| r.starts_with('/')) {
        at += 1;
    }
    if !raw
        .get(at..)?
        .starts_with(|c: char| c.is_ascii_alphabetic())
    {
        return Some(at);
    }
    at = skip(at, &name_char);
    loop {
        let spaced = skip(at, &|c: char| c.is_whitespace());
        let named = skip(spaced, &attr_char);
        if spaced == at || named == spaced {
            break;
        }
        at = named;
        let equals = skip(at, &|c: char| c.is_whitespace());
        if !raw.get(equals..).is_some_and(|r| r.starts_with('=')) {
            continue;
        }
        let value = skip(equals + 1, &|c: char| c.is_whitespace());
        let rest = raw.get(value..).unwrap_or("");
        let end = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest
                .get(1..)
                .and_then(|r| r.find(quote))
                .map(|close| value + close + 2),
            _ => Some(skip(value, &attr_char)).filter(|end| *end > value),
        };
        if let Some(end) = end {
            at = end;
        }
    }
    at = skip(at, &|c: char| c.is_whitespace());
    if raw.get(at..).is_some_and(|r| r.starts_with('/')) {
        at += 1;
    }
    (raw.get(at..) != Some(">")).then_some(at)
}

fn loose_tag_message(name: &str, raw: &str, stop: usize) -> String {
    let rest = raw.get(stop..).unwrap_or("");
    let attribute: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !"\"'=<>/".contains(*c))
        .collect();
    let after_quote = raw
        .get(..stop)
        .is_some_and(|before| before.ends_with(['"', '\'']));
    let slip = if after_quote && !attribute.is_empty() {
        format!("no space before `{attribute}`")
    } else {
        "not in the tag syntax Python-Markdown reads".to_owned()
    };
    format!(
        "`<{name}>` has {slip}: MkDocs with Python-Markdown 3.11 or later shows the whole tag as text (earlier versions and the companion read it as a tag); add the space"
    )
}

/// `<scheme://…>`
fn is_autolink(inner: &str) -> bool {
    let Some((scheme, rest)) = inner.split_once("://") else {
        return false;
    };
    scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        && !rest.contains(['<', '>'])
}

/// `<name@host>`
fn is_email(inner: &str) -> bool {
    let Some((name, host)) = inner.split_once('@') else {
        return false;
    };
    !name.is_empty()
        && !host.is_empty()
        && !name.contains(['<', '>', ' ', '!'])
        && !host.contains(['@', '<', '>', ' '])
}

/// `&name;`, `&#123;`, `&#x1F;`: kept raw, so the page's HTML decodes it.
fn entity(text: &SrcText, start: usize) -> Option<(Vec<Piece>, usize)> {
    let s = text.as_str();
    let rest = s.get(start + 1..)?;
    let semi = rest.find(';')?;
    let name = rest.get(..semi)?;
    let valid = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit())
    } else if let Some(digits) = name.strip_prefix('#') {
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    } else {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())
    };
    if !valid {
        return None;
    }
    let end = start + 1 + semi + 1;
    Some((vec![Piece::Node(Node::Html(text.slice(start..end)))], end))
}

/// `:name:` emoji and icons.
fn emoji_at(text: &SrcText, start: usize, cx: &mut Context) -> Option<(Vec<Piece>, usize)> {
    let s = text.as_str();
    let rest = s.get(start + 1..)?;
    let len = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '+' | '-'))
        .map(char::len_utf8)
        .sum::<usize>();
    if len == 0 || rest.as_bytes().get(len) != Some(&b':') {
        return None;
    }
    let name = rest.get(..len)?;
    let end = start + len + 2;
    let at = text.src(start);
    match emoji::lookup(name) {
        Some(found) => {
            let node = Node::Element {
                tag: "span".to_owned(),
                attrs: vec![
                    ("class".to_owned(), "emoji".to_owned()),
                    ("data-emoji".to_owned(), name.to_owned()),
                    ("title".to_owned(), format!(":{name}:")),
                ],
                at,
                children: vec![Node::Text(SrcText::new(found, at))],
            };
            Some((vec![Piece::Node(node)], end))
        }
        None => {
            if emoji::is_icon_name(name) {
                cx.diagnostics.push(Noted {
                    at,
                    kind: DiagnosticKind::UnknownEmoji,
                    message: format!(
                        "icon `:{name}:` is not in the companion's emoji table; it is shown as text (MkDocs draws it)"
                    ),
                });
            }
            None
        }
    }
}

/// A run of delimiter characters and whether it can open or close (Python-Markdown's boundary rules;
/// `_`, `~`, `^` and `=` are "smart": not inside a word).
fn delimiter(text: &SrcText, start: usize) -> (Vec<Piece>, usize) {
    let s = text.as_str();
    let ch = s.get(start..).and_then(|r| r.chars().next()).unwrap_or('*');
    let count = s
        .get(start..)
        .map_or(1, |r| r.chars().take_while(|c| *c == ch).count());
    let end = start + count;
    let prev = s.get(..start).and_then(|r| r.chars().next_back());
    let next = s.get(end..).and_then(|r| r.chars().next());
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let at_start = start == 0;
    let at_end = end >= s.len();
    let mut can_open = !space(next) && !at_end;
    let mut can_close = !at_start && !space(prev);
    // `_`, `==`, are "smart" (not inside a word); `*`, `~`, `^` are not (`H~2~O`).
    if ch == '_' || ch == '=' {
        let start_ok = if ch == '_' {
            !word(prev)
        } else {
            prev == Some('_') || !word(prev)
        };
        let end_ok = if ch == '_' {
            !word(next)
        } else {
            next == Some('_') || !word(next)
        };
        can_open &= start_ok;
        can_close &= end_ok;
    }
    let delim = Delim {
        ch,
        count,
        orig: count,
        can_open,
        can_close,
        text: text.slice(start..end),
        pairs: 0,
    };
    (vec![Piece::Delim(delim)], end)
}

/// The tag for `used` delimiter characters of `ch`, or `None` when they make nothing.
fn delimiter_tag(ch: char, used: usize) -> Option<&'static str> {
    match (ch, used) {
        ('*' | '_', 2) => Some("strong"),
        ('*' | '_', 1) => Some("em"),
        ('~', 2) => Some("del"),
        ('~', 1) => Some("sub"),
        ('^', 2) => Some("ins"),
        ('^', 1) => Some("sup"),
        ('=', 2) => Some("mark"),
        _ => None,
    }
}

/// Pairs delimiter runs into elements (CommonMark's process-emphasis, with the rule of 3).
fn emphasis(pieces: Vec<Piece>) -> Vec<Node> {
    enum Slot {
        Node(Node),
        Delim(Delim),
    }
    let mut out: Vec<Slot> = Vec::new();
    let mut openers: Vec<usize> = Vec::new();
    for piece in pieces {
        let mut closer = match piece {
            Piece::Node(node) => {
                out.push(Slot::Node(node));
                continue;
            }
            Piece::Delim(d) => d,
        };
        if closer.can_close {
            loop {
                let found = openers.iter().rposition(|&index| match out.get(index) {
                    Some(Slot::Delim(opener)) => {
                        opener.ch == closer.ch
                            && opener.count > 0
                            && opener.pairs < MAX_PAIRS_PER_RUN
                            && closer.pairs < MAX_PAIRS_PER_RUN
                            && !((opener.can_close || closer.can_open)
                                && (opener.orig + closer.orig) % 3 == 0
                                && !(opener.orig % 3 == 0 && closer.orig % 3 == 0))
                            && (closer.ch != '=' || (opener.count >= 2 && closer.count >= 2))
                    }
                    _ => false,
                });
                let Some(k) = found else { break };
                let index = openers.get(k).copied().unwrap_or(0);
                let Some(Slot::Delim(opener)) = out.get_mut(index) else {
                    break;
                };
                // `***x***` is `<strong><em>x</em></strong>` in Python-Markdown: the inner pair first.
                let used = match (opener.count, closer.count) {
                    (3, 3) => 1,
                    (o, c) if o >= 2 && c >= 2 => 2,
                    _ => 1,
                };
                let Some(tag) = delimiter_tag(closer.ch, used) else {
                    break;
                };
                opener.count -= used;
                opener.pairs += 1;
                closer.count -= used;
                closer.pairs += 1;
                let at = opener.text.src(opener.count);
                let inner: Vec<Slot> = out.split_off(index + 1);
                let children = inner
                    .into_iter()
                    .map(|slot| match slot {
                        Slot::Node(node) => node,
                        Slot::Delim(d) => Node::Text(d.text.slice_to(d.count)),
                    })
                    .collect();
                openers.truncate(k + 1);
                let opener_left = matches!(out.get(index), Some(Slot::Delim(d)) if d.count > 0);
                if !opener_left {
                    out.pop();
                    openers.pop();
                }
                out.push(Slot::Node(element(tag, at, merge_text(children))));
                if closer.count == 0 {
                    break;
                }
            }
        }
        if closer.count > 0 {
            if closer.can_open {
                out.push(Slot::Delim(closer));
                openers.push(out.len() - 1);
            } else {
                out.push(Slot::Node(Node::Text(closer.text.slice_to(closer.count))));
            }
        }
    }
    let nodes = out
        .into_iter()
        .map(|slot| match slot {
            Slot::Node(node) => node,
            Slot::Delim(d) => Node::Text(d.text.slice_to(d.count)),
        })
        .collect();
    merge_text(nodes)
}

/// Adjacent text nodes as one.
fn merge_text(nodes: Vec<Node>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::with_capacity(nodes.len());
    for node in nodes {
        if let (Node::Text(new), Some(Node::Text(last))) = (&node, out.last_mut()) {
            last.push(new);
            continue;
        }
        out.push(node);
    }
    out
}

/// `attr_list` on inline elements: `{: key="value" .class #id}` right after an element.
fn attach_attr_lists(nodes: Vec<Node>, cx: &mut Context) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::with_capacity(nodes.len());
    for node in nodes {
        if let Node::Text(text) = &node {
            if let Some(Node::Element { attrs, .. }) = out.last_mut() {
                if let Some((list, len)) = super::attr_list::leading(text.as_str()) {
                    super::attr_list::apply(attrs, &list, text.start(), cx.diagnostics);
                    let rest = text.slice_from(len);
                    if !rest.is_empty() {
                        out.push(Node::Text(rest));
                    }
                    continue;
                }
            }
        }
        out.push(node);
    }
    out
}

/// The plain text of nodes (an image's alt).
pub fn plain(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text.as_str()),
            Node::Element { children, .. } => out.push_str(&plain(children)),
            Node::Html(_) | Node::Stash { .. } => {}
        }
    }
    out
}

/// `abbr`: defined abbreviations in text become `<abbr title>` (whole words, not in code or links).
fn abbreviate(nodes: Vec<Node>, abbreviations: &[(String, String)]) -> Vec<Node> {
    if abbreviations.is_empty() {
        return nodes;
    }
    nodes
        .into_iter()
        .flat_map(|node| match node {
            Node::Text(text) => split_abbreviations(&text, abbreviations),
            Node::Element {
                tag,
                attrs,
                at,
                children,
            } if tag != "code" && tag != "a" => vec![Node::Element {
                tag,
                attrs,
                at,
                children: abbreviate(children, abbreviations),
            }],
            other => vec![other],
        })
        .collect()
}

fn split_abbreviations(text: &SrcText, abbreviations: &[(String, String)]) -> Vec<Node> {
    let s = text.as_str();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut out = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while i < s.len() {
        let hit = abbreviations.iter().find(|(abbr, _)| {
            s.get(i..).is_some_and(|r| r.starts_with(abbr.as_str()))
                && !word(s.get(..i).and_then(|r| r.chars().next_back()))
                && !word(s.get(i + abbr.len()..).and_then(|r| r.chars().next()))
        });
        match hit {
            Some((abbr, title)) => {
                if i > last {
                    out.push(Node::Text(text.slice(last..i)));
                }
                out.push(Node::Element {
                    tag: "abbr".to_owned(),
                    attrs: vec![("title".to_owned(), title.clone())],
                    at: text.src(i),
                    children: vec![Node::Text(text.slice(i..i + abbr.len()))],
                });
                i += abbr.len();
                last = i;
            }
            None => {
                i += s
                    .get(i..)
                    .and_then(|r| r.chars().next())
                    .map_or(1, char::len_utf8)
            }
        }
    }
    if last < s.len() || out.is_empty() {
        out.push(Node::Text(text.slice_from(last)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(nodes: &[Node]) -> String {
        let mut out = String::new();
        for node in nodes {
            match node {
                Node::Text(t) => out.push_str(t.as_str()),
                Node::Html(h) => out.push_str(h.as_str()),
                Node::Stash { index, .. } => out.push_str(&format!("[stash {index}]")),
                Node::Element {
                    tag,
                    attrs,
                    children,
                    ..
                } => {
                    out.push('<');
                    out.push_str(tag);
                    for (k, v) in attrs {
                        out.push_str(&format!(" {k}={v:?}"));
                    }
                    out.push('>');
                    out.push_str(&render(children));
                    out.push_str(&format!("</{tag}>"));
                }
            }
        }
        out
    }

    fn inline(source: &str) -> String {
        let references = HashMap::from([(
            "ref".to_owned(),
            (SrcText::new("https://r.example", 0), None),
        )]);
        let footnotes = vec!["1".to_owned()];
        let mut refs = HashMap::new();
        let mut diagnostics = Diagnostics::default();
        let abbreviations = vec![(
            "API".to_owned(),
            "Application Programming Interface".to_owned(),
        )];
        let mut cx = Context {
            references: &references,
            footnotes: &footnotes,
            footnote_refs: &mut refs,
            abbreviations: &abbreviations,
            diagnostics: &mut diagnostics,
        };
        render(&parse(&SrcText::new(source, 0), &mut cx))
    }

    #[test]
    fn tags_python_markdown_reads_strictly() {
        for read in [
            "<span>",
            "</span>",
            "<br/>",
            "<br />",
            "<span class=\"a\" title='b' data-x=c hidden>",
            "<span\n  class=\"a\">",
            "<img src=\"a>b\">",
        ] {
            assert_eq!(strict_tag_stop(read), None, "{read}");
        }
        let raw = "<span title=\"x\"data-copy-text=\"y\">";
        let stop = raw.find("data-copy-text");
        assert_eq!(strict_tag_stop(raw), stop);
        assert!(loose_tag_message("span", raw, stop.unwrap_or(0))
            .contains("no space before `data-copy-text`"));
        assert_eq!(
            strict_tag_stop("<span a=\"x\"=>"),
            Some("<span a=\"x\"".len())
        );
    }

    #[test]
    fn emphasis_and_friends() {
        assert_eq!(
            inline("**a** *b* _c_"),
            "<strong>a</strong> <em>b</em> <em>c</em>"
        );
        assert_eq!(
            inline("Main_Flow_Your_Attendee_ID"),
            "Main_Flow_Your_Attendee_ID"
        );
        assert_eq!(
            inline("==mark== ^^ins^^ ~~del~~"),
            "<mark>mark</mark> <ins>ins</ins> <del>del</del>"
        );
        assert_eq!(inline("H~2~O x^2^"), "H<sub>2</sub>O x<sup>2</sup>");
        assert_eq!(inline("a = b == c"), "a = b == c");
        assert_eq!(inline("** not **"), "** not **");
        assert_eq!(inline("***both***"), "<strong><em>both</em></strong>");
        assert_eq!(
            inline("**a *b* c** *a **b** c*"),
            "<strong>a <em>b</em> c</strong> <em>a <strong>b</strong> c</em>"
        );
        assert_eq!(
            inline("a*b*c a_b_c x ==a== y =b= z"),
            "a<em>b</em>c a_b_c x <mark>a</mark> y =b= z"
        );
    }

    #[test]
    fn code_links_and_html() {
        assert_eq!(inline("`a **b**` c"), "<code>a **b**</code> c");
        assert_eq!(
            inline("[**x**](https://e.example \"T\"){:target=\"_blank\"} y"),
            "<a href=\"https://e.example\" title=\"T\" target=\"_blank\" data-attr-list=\"target\"><strong>x</strong></a> y"
        );
        assert_eq!(
            inline("[see][ref] and [ref]"),
            "<a href=\"https://r.example\">see</a> and <a href=\"https://r.example\">ref</a>"
        );
        assert_eq!(
            inline("![alt *x*](p.gif)"),
            "<img src=\"p.gif\" alt=\"alt x\"></img>"
        );
        assert_eq!(
            inline("**<span class=\"x\">y</span>**"),
            "<strong><span class=\"x\">y</span></strong>"
        );
        assert_eq!(
            inline("<https://a.example> &amp; \\*"),
            "<a href=\"https://a.example\">https://a.example</a> &amp; *"
        );
        assert_eq!(inline("[no link]"), "[no link]");
        assert_eq!(
            inline("x[^1] y[^2]"),
            "x<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\">1</a></sup> y[^2]"
        );
    }

    #[test]
    fn keys_emoji_and_abbreviations() {
        assert_eq!(
            inline("++ctrl+alt+del++"),
            "<span class=\"keys\"><kbd class=\"key-ctrl\">Ctrl</kbd><span>+</span><kbd class=\"key-alt\">Alt</kbd><span>+</span><kbd class=\"key-delete\">Del</kbd></span>"
        );
        assert!(inline(":tada:").contains("🎉"));
        assert_eq!(inline("10:30:00"), "10:30:00");
        assert_eq!(
            inline("The API and APIs"),
            "The <abbr title=\"Application Programming Interface\">API</abbr> and APIs"
        );
    }

    #[test]
    fn line_breaks() {
        assert_eq!(inline("a  \nb"), "a<br></br>\nb");
        assert_eq!(inline("a   \nb"), "a <br></br>\nb");
    }
}

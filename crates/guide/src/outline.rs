//! A plain-text outline of a document's structure: one line per block, indented by nesting, with
//! inline content as compact pseudo-HTML and whitespace collapsed. The guide's conformance fixtures
//! (`tests/mkdocs/*.outline`) are written in it, and `scripts/mkdocs-oracle.py` writes the same
//! outline from what Python-Markdown and a browser make of a fixture, so the two can be compared.
//!
//! ```text
//! h2#build Build
//! ol
//!   li 1
//!     text Open <b>Flow Designer</b>.
//! details "Hint <b>1</b>"
//!   p Body
//! ```

use crate::model::*;

pub fn outline(doc: &MissionDoc) -> String {
    let mut out = String::new();
    blocks(&doc.blocks, 0, &mut out);
    out
}

fn line(depth: usize, text: &str, out: &mut String) {
    for _ in 0..depth {
        out.push_str("  ");
    }
    out.push_str(text.trim_end());
    out.push('\n');
}

fn blocks(items: &[Block], depth: usize, out: &mut String) {
    for block in items {
        match block {
            Block::Heading { level, id, content } => {
                line(depth, &format!("h{level}#{id} {}", inlines(content)), out)
            }
            Block::Paragraph { align, content } => {
                let tag = match align {
                    TextAlign::Start => "p",
                    TextAlign::Center => "p.center",
                };
                line(depth, &format!("{tag} {}", inlines(content)), out);
            }
            Block::Plain(content) => line(depth, &format!("text {}", inlines(content)), out),
            Block::List(list) => {
                line(depth, if list.start.is_some() { "ol" } else { "ul" }, out);
                for item in &list.items {
                    match item.number {
                        Some(number) => line(depth + 1, &format!("li {number}"), out),
                        None => line(depth + 1, "li", out),
                    }
                    blocks(&item.blocks, depth + 2, out);
                }
            }
            Block::Quote(body) => {
                line(depth, "blockquote", out);
                blocks(body, depth + 1, out);
            }
            Block::Admonition(admonition) => {
                let mut head = match admonition.collapsible {
                    None => format!("admonition {}", admonition.kind.name()),
                    Some(_) => format!("details {}", admonition.kind.name()),
                };
                match admonition.placement {
                    Placement::Block => {}
                    Placement::InlineStart => head.push_str(" inline"),
                    Placement::InlineEnd => head.push_str(" inline end"),
                }
                if let Some(title) = &admonition.title {
                    head.push_str(&format!(" {:?}", collapse(title)));
                }
                if admonition.collapsible == Some(Collapsible::Open) {
                    head.push_str(" open");
                }
                line(depth, &head, out);
                blocks(&admonition.body, depth + 1, out);
            }
            Block::Details(details) => {
                let open = if details.open { " open" } else { "" };
                line(
                    depth,
                    &format!("details {:?}{open}", inlines(&details.summary)),
                    out,
                );
                blocks(&details.body, depth + 1, out);
            }
            Block::Code(code) => {
                // MkDocs highlights a block without a language (an indented one) as `text`.
                let language = code.language.as_deref().unwrap_or("text");
                line(depth, &format!("pre {language}"), out);
                for code_line in code.text.lines() {
                    line(depth + 1, &format!("| {code_line}"), out);
                }
            }
            Block::Table(table) => {
                line(depth, "table", out);
                let align = |column: usize| match table.alignments.get(column) {
                    Some(ColumnAlign::Left) => ".left",
                    Some(ColumnAlign::Center) => ".center",
                    Some(ColumnAlign::Right) => ".right",
                    _ => "",
                };
                line(depth + 1, "tr", out);
                for (column, cell) in table.head.iter().enumerate() {
                    line(
                        depth + 2,
                        &format!("th{} {}", align(column), inlines(cell)),
                        out,
                    );
                }
                for row in &table.rows {
                    line(depth + 1, "tr", out);
                    for (column, cell) in row.iter().enumerate() {
                        line(
                            depth + 2,
                            &format!("td{} {}", align(column), inlines(cell)),
                            out,
                        );
                    }
                }
            }
            Block::Rule => line(depth, "hr", out),
            Block::Tabs(tabs) => {
                line(depth, &format!("tabs {}", tabs.selected + 1), out);
                for tab in &tabs.tabs {
                    line(depth + 1, &format!("tab {:?}", inlines(&tab.label)), out);
                    blocks(&tab.body, depth + 2, out);
                }
            }
            Block::Footnotes(notes) => {
                line(depth, "footnotes", out);
                for note in notes {
                    line(depth + 1, &format!("footnote {}", note.id), out);
                    blocks(&note.body, depth + 2, out);
                }
            }
            Block::Definitions(items) => {
                line(depth, "dl", out);
                for item in items {
                    for term in &item.terms {
                        line(depth + 1, &format!("dt {}", inlines(term)), out);
                    }
                    line(depth + 1, "dd", out);
                    blocks(&item.body, depth + 2, out);
                }
            }
        }
    }
}

/// Inline content as compact pseudo-HTML, whitespace collapsed.
pub fn inlines(items: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines(items, &mut out);
    collapse(&out)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn wrap(tag: &str, content: &[Inline], out: &mut String) {
    out.push_str(&format!("<{tag}>"));
    push_inlines(content, out);
    out.push_str(&format!("</{tag}>"));
}

fn push_inlines(items: &[Inline], out: &mut String) {
    for item in items {
        match item {
            Inline::Text(text) => out.push_str(text),
            Inline::Code(code) => out.push_str(&format!("`{code}`")),
            Inline::Strong(c) => wrap("b", c, out),
            Inline::Emphasis(c) => wrap("i", c, out),
            Inline::Strikethrough(c) => wrap("del", c, out),
            Inline::Mark(c) => wrap("mark", c, out),
            Inline::Insert(c) => wrap("ins", c, out),
            Inline::Superscript(c) => wrap("sup", c, out),
            Inline::Subscript(c) => wrap("sub", c, out),
            Inline::Link(link) => {
                let blank = if link.new_tab { " blank" } else { "" };
                out.push_str(&format!("<a {:?}{blank}>", link.href.as_str()));
                push_inlines(&link.content, out);
                out.push_str("</a>");
            }
            Inline::Image(image) => {
                out.push_str(&format!("<img {:?} alt={:?}", image.path, image.alt));
                if let Some(width) = &image.width {
                    out.push_str(&format!(" width={width:?}"));
                }
                if let Some(height) = &image.height {
                    out.push_str(&format!(" height={height:?}"));
                }
                out.push('>');
            }
            Inline::LineBreak => out.push_str("<br>"),
            Inline::AttendeeValue(value) => {
                let copy = if value.copy { " copy" } else { "" };
                out.push_str(&format!(
                    "<attendee {:?} {:?}{copy}>",
                    value.prefix, value.suffix
                ));
            }
            Inline::CopyStatic(copy) => out.push_str(&format!("<copy {:?}>", copy.text)),
            Inline::Keys(keys) => out.push_str(&format!("<kbd {}>", keys.join("+"))),
            Inline::Emoji(_) => out.push_str("<emoji>"),
            Inline::FootnoteRef(reference) => {
                out.push_str(&format!("<fnref {}>", reference.number))
            }
            Inline::Abbreviation(abbreviation) => out.push_str(&format!(
                "<abbr {:?}>{}</abbr>",
                abbreviation.title, abbreviation.text
            )),
        }
    }
}

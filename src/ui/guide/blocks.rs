//! Block content: one `match` over [`Block`].

use std::rc::Rc;

use yew::prelude::*;
use yew::virtual_dom::VNode;

use crate::guide::{
    AttendeeId, Block, ColumnAlign, Definition, Details, Footnote, ImagePlaceholder, Inline, List,
    ListItem, MissionProgress, SafeHref, Table, TextAlign,
};

use super::admonition;
use super::code_block::CodeBlockView;
use super::image_placeholder;
use super::inlines::inlines;
use super::step;
use super::tabs;

/// What every node needs besides itself.
pub struct RenderContext<'a> {
    pub attendee: Option<&'a AttendeeId>,
    pub progress: &'a MissionProgress,
    /// Called with a step's anchor when its checkbox changes.
    pub on_toggle: &'a Callback<String>,
    /// This page's path (`/callback-lab/guide/<slug>`): in-page links are `page_href#anchor`.
    pub page_href: &'a str,
    /// The original guide page, for image placeholders and relative links.
    pub original_url: Option<&'a SafeHref>,
}

pub fn blocks(nodes: &[Block], cx: &RenderContext) -> Html {
    nodes.iter().map(|node| block(node, cx)).collect()
}

fn block(node: &Block, cx: &RenderContext) -> Html {
    match node {
        Block::Heading { level, id, content } => heading(*level, id, content, cx),
        Block::Paragraph { align, content } => match lone_image(content) {
            Some(image) => image_placeholder::figure(image, cx.original_url),
            None => {
                let class = match align {
                    TextAlign::Start => None,
                    TextAlign::Center => Some("center"),
                };
                html! { <p {class}>{ inlines(content, cx) }</p> }
            }
        },
        Block::Plain(content) => match lone_image(content) {
            Some(image) => image_placeholder::figure(image, cx.original_url),
            None => inlines(content, cx),
        },
        Block::List(list) => list_view(list, cx),
        Block::Quote(body) => html! { <blockquote>{ blocks(body, cx) }</blockquote> },
        Block::Admonition(node) => admonition::view(node, cx),
        Block::Code(code) => html! {
            <CodeBlockView code={Rc::new(code.clone())} attendee={cx.attendee.cloned()} />
        },
        Block::Table(table) => table_view(table, cx),
        Block::Rule => html! { <hr /> },
        Block::Details(details) => details_view(details, cx),
        Block::Tabs(node) => tabs::view(node, cx),
        Block::Footnotes(notes) => footnotes_view(notes, cx),
        Block::Definitions(items) => definitions_view(items, cx),
    }
}

/// An HTML `<details>` of the guide, drawn like MkDocs Material draws one (a collapsible note).
fn details_view(node: &Details, cx: &RenderContext) -> Html {
    html! {
        <details class="admonition note details" open={node.open}>
            <summary class="admonition-title">{ inlines(&node.summary, cx) }</summary>
            { blocks(&node.body, cx) }
        </details>
    }
}

/// The footnotes at the end of the page; each links back to where it was referenced.
fn footnotes_view(notes: &[Footnote], cx: &RenderContext) -> Html {
    html! {
        <section class="footnotes" aria-label="Footnotes">
            <hr />
            <ol>
                { for notes.iter().map(|note| html! {
                    <li id={format!("fn:{}", note.id)} tabindex="-1">
                        { blocks(&note.body, cx) }
                        <a class="footnote-backref" href={format!("{}#fnref:{}", cx.page_href, note.id)}>
                            <span aria-hidden="true">{ "↩" }</span>
                            <span class="visually-hidden">{ format!("Back to reference {}", note.number) }</span>
                        </a>
                    </li>
                }) }
            </ol>
        </section>
    }
}

fn definitions_view(items: &[Definition], cx: &RenderContext) -> Html {
    html! {
        <dl>
            { for items.iter().map(|item| html! {
                <>
                    { for item.terms.iter().map(|term| html! { <dt>{ inlines(term, cx) }</dt> }) }
                    <dd>{ blocks(&item.body, cx) }</dd>
                </>
            }) }
        </dl>
    }
}

/// A heading with its anchor; below the title it gets a permalink like MkDocs' `¶`.
fn heading(level: u8, id: &str, content: &[Inline], cx: &RenderContext) -> Html {
    let tag = format!("h{}", level.clamp(1, 6));
    let heading = html! {
        <@{tag} id={id.to_owned()} tabindex="-1">{ inlines(content, cx) }</@>
    };
    if level <= 1 {
        return heading;
    }
    let text = crate::guide::plain_text(content);
    html! {
        <div class="heading">
            { heading }
            <a class="headerlink no-print" href={format!("{}#{id}", cx.page_href)}>
                <span aria-hidden="true">{ "¶" }</span>
                <span class="visually-hidden">{ format!("Link to section {}", text.trim()) }</span>
            </a>
        </div>
    }
}

/// The image of a paragraph that holds nothing else (how the guide places its screenshots).
fn lone_image(content: &[Inline]) -> Option<&ImagePlaceholder> {
    let mut meaningful = content.iter().filter(|node| match node {
        Inline::Text(text) => !text.trim().is_empty(),
        Inline::LineBreak => false,
        _ => true,
    });
    match (meaningful.next(), meaningful.next()) {
        (Some(Inline::Image(image)), None) => Some(image),
        _ => None,
    }
}

fn list_view(list: &List, cx: &RenderContext) -> Html {
    let items = list.items.iter().map(|item| list_item(item, cx));
    match list.start {
        Some(start) => html! { <ol start={start.to_string()}>{ for items }</ol> },
        None => html! { <ul>{ for items }</ul> },
    }
}

fn list_item(item: &ListItem, cx: &RenderContext) -> Html {
    let node = match &item.step {
        Some(step) => step::view(step, &item.blocks, cx),
        None => html! { <li>{ blocks(&item.blocks, cx) }</li> },
    };
    // The number MkDocs shows (1, 2, 3… whatever was typed); `html!` drops `value` on `<li>`.
    with_attribute(node, "value", item.number.map(|n| n.to_string()))
}

/// Sets an attribute `html!` cannot set on an element.
pub fn with_attribute(node: Html, name: &'static str, value: Option<String>) -> Html {
    match (node, value) {
        (VNode::VTag(mut tag), Some(value)) => {
            Rc::make_mut(&mut tag).add_attribute(name, value);
            VNode::VTag(tag)
        }
        (node, _) => node,
    }
}

fn table_view(table: &Table, cx: &RenderContext) -> Html {
    let align = |column: usize| match table.alignments.get(column) {
        Some(ColumnAlign::Left) => Some("text-align:left"),
        Some(ColumnAlign::Center) => Some("text-align:center"),
        Some(ColumnAlign::Right) => Some("text-align:right"),
        Some(ColumnAlign::None) | None => None,
    };
    html! {
        <div class="table-wrap" tabindex="0">
            <table>
                <thead>
                    <tr>
                        { for table.head.iter().enumerate().map(|(column, cell)| html! {
                            <th scope="col" style={align(column)}>{ inlines(cell, cx) }</th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for table.rows.iter().map(|row| html! {
                        <tr>
                            { for row.iter().enumerate().map(|(column, cell)| html! {
                                <td style={align(column)}>{ inlines(cell, cx) }</td>
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

//! `!!! Note` and friends, drawn like MkDocs Material: a coloured box with a title bar; `???` is a
//! `<details>` that opens and closes.

use yew::prelude::*;

use crate::guide::{Admonition, Collapsible, Placement};

use super::blocks::{blocks, RenderContext};

pub fn view(node: &Admonition, cx: &RenderContext) -> Html {
    let kind = node.kind.name();
    let placement = match node.placement {
        Placement::Block => None,
        Placement::InlineStart => Some("inline"),
        Placement::InlineEnd => Some("inline end"),
    };
    let class = classes!("admonition", kind, placement);
    let body = blocks(&node.body, cx);
    match node.collapsible {
        None => html! {
            <div {class} role="note">
                if let Some(title) = &node.title {
                    <p class="admonition-title">{ title.clone() }</p>
                }
                { body }
            </div>
        },
        Some(state) => {
            // A `<summary>` is needed to open the box: the type stands in for a missing title.
            let title = node.title.clone().unwrap_or_else(|| capitalised(kind));
            html! {
                <details {class} open={state == Collapsible::Open}>
                    <summary class="admonition-title">{ title }</summary>
                    { body }
                </details>
            }
        }
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

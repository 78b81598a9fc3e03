//! Inline content: one `match` over [`Inline`]. Text stays text; links only ever carry a [`SafeHref`].

use yew::prelude::*;

use crate::guide::{inline_code, AttendeeValue, HrefKind, Inline, Link, SafeHref};

use super::blocks::RenderContext;
use super::copy_button::CopyButton;
use super::image_placeholder;

pub fn inlines(nodes: &[Inline], cx: &RenderContext) -> Html {
    nodes.iter().map(|node| inline(node, cx)).collect()
}

fn inline(node: &Inline, cx: &RenderContext) -> Html {
    match node {
        Inline::Text(text) => Html::from(text.as_str()),
        Inline::Code(code) => html! { <code>{ inline_code(code, cx.attendee) }</code> },
        Inline::Strong(content) => html! { <strong>{ inlines(content, cx) }</strong> },
        Inline::Emphasis(content) => html! { <em>{ inlines(content, cx) }</em> },
        Inline::Strikethrough(content) => html! { <del>{ inlines(content, cx) }</del> },
        Inline::Link(link) => link_view(link, cx),
        Inline::Image(image) => image_placeholder::inline(image),
        Inline::LineBreak => html! { <br /> },
        Inline::AttendeeValue(value) => attendee_value(value, cx),
        Inline::CopyStatic(copy) => {
            let payload = copy.payload(cx.attendee);
            let what = AttrValue::from(payload.text.clone());
            html! { <CopyButton {payload} {what} /> }
        }
        Inline::Mark(content) => html! { <mark>{ inlines(content, cx) }</mark> },
        Inline::Insert(content) => html! { <ins>{ inlines(content, cx) }</ins> },
        Inline::Superscript(content) => html! { <sup>{ inlines(content, cx) }</sup> },
        Inline::Subscript(content) => html! { <sub>{ inlines(content, cx) }</sub> },
        Inline::Keys(keys) => html! {
            <span class="keys">
                { for keys.iter().enumerate().map(|(index, key)| html! {
                    <>
                        if index > 0 { <span aria-hidden="true">{ "+" }</span> }
                        <kbd>{ key.clone() }</kbd>
                    </>
                }) }
            </span>
        },
        Inline::Emoji(emoji) => html! {
            <span class="emoji" role="img" aria-label={emoji.shortcode.replace(['-', '_'], " ")}
                title={format!(":{}:", emoji.shortcode)}>
                { emoji.glyph.clone() }
            </span>
        },
        Inline::FootnoteRef(note) => html! {
            <sup class="footnote-ref" id={note.anchor.clone()}>
                <a href={format!("{}#fn:{}", cx.page_href, note.id)}>
                    <span class="visually-hidden">{ "Footnote " }</span>{ note.number.to_string() }
                </a>
            </sup>
        },
        Inline::Abbreviation(abbreviation) => html! {
            <abbr title={abbreviation.title.clone()}>{ abbreviation.text.clone() }</abbr>
        },
    }
}

/// `Main_Flow_` + ID: shown live, with a copy button when the guide gives it one.
fn attendee_value(value: &AttendeeValue, cx: &RenderContext) -> Html {
    let payload = value.payload(cx.attendee);
    let class = classes!(
        "attendee-value",
        payload
            .missing_attendee_id
            .then_some("attendee-value-missing")
    );
    let text = payload.text.clone();
    html! {
        <span class="attendee-value-container">
            <span {class}>{ text.clone() }</span>
            if value.copy {
                <CopyButton {payload} what={text} />
            }
        </span>
    }
}

fn link_view(link: &Link, cx: &RenderContext) -> Html {
    let content = inlines(&link.content, cx);
    match link_target(&link.href, cx) {
        None => html! { <span class="link-unresolved">{ content }</span> },
        Some(href) if link.new_tab => new_tab_link(&href, content),
        Some(href) => html! { <a {href}>{ content }</a> },
    }
}

/// Where a link goes in the companion: anchors stay on this page (the document has a `<base>`, so a
/// bare `#x` would leave it), relative paths resolve against the original guide or are not links.
fn link_target(href: &SafeHref, cx: &RenderContext) -> Option<String> {
    match href.kind() {
        HrefKind::Web | HrefKind::Mail => Some(href.as_str().to_owned()),
        HrefKind::Anchor => Some(format!("{}{}", cx.page_href, href.as_str())),
        HrefKind::Relative => {
            let base = cx.original_url?;
            let url = crate::ui::browser::resolve_url(href.as_str(), base.as_str())?;
            // Re-checked: only a web address may come out.
            SafeHref::parse(&url)
                .ok()
                .filter(|resolved| resolved.kind() == HrefKind::Web)
                .map(|resolved| resolved.as_str().to_owned())
        }
    }
}

/// A link that opens a new tab without giving it access to this page.
pub fn new_tab_link(href: &str, content: Html) -> Html {
    html! {
        <a href={href.to_owned()} target="_blank" rel="noopener noreferrer">
            { content }<span class="visually-hidden">{ " (opens in a new tab)" }</span>
        </a>
    }
}

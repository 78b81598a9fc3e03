//! A fenced code block: its language, a "Copy … code" button, the code with the attendee ID put in.
//! Long lines scroll inside the block, never the page.

use std::rc::Rc;

use yew::prelude::*;

use crate::guide::{AttendeeId, CodeBlock};

use super::copy_button::CopyButton;

#[derive(Properties, PartialEq)]
pub struct CodeBlockViewProps {
    pub code: Rc<CodeBlock>,
    pub attendee: Option<AttendeeId>,
}

#[function_component(CodeBlockView)]
pub fn code_block_view(props: &CodeBlockViewProps) -> Html {
    let payload = props.code.payload(props.attendee.as_ref());
    let language = props.code.language.clone();
    let what = match &language {
        Some(language) => format!("{language} code"),
        None => "code".to_owned(),
    };
    let text = payload.text.clone();
    html! {
        <div class="code-block">
            <div class="code-block-bar">
                <span class="code-block-language">{ language.unwrap_or_default() }</span>
                <CopyButton {payload} what={AttrValue::from(what)} />
            </div>
            <pre tabindex="0"><code>{ text }</code></pre>
        </div>
    }
}

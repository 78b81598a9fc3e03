//! A numbered step of Build or Testing: its anchor, a "Done" checkbox and a link to the step.

use yew::prelude::*;

use crate::guide::{Block, Step};

use super::blocks::{blocks, RenderContext};

/// "Build step 3".
pub fn step_name(step: &Step) -> String {
    let mut section = step.section.replace('-', " ");
    if let Some(first) = section.get(..1) {
        let upper = first.to_ascii_uppercase();
        section.replace_range(..1, &upper);
    }
    format!("{section} step {}", step.number)
}

pub fn view(step: &Step, body: &[Block], cx: &RenderContext) -> Html {
    let done = cx.progress.is_done(&step.id);
    let name = step_name(step);
    let checkbox = format!("done-{}", step.id);
    let onchange = {
        let on_toggle = cx.on_toggle.clone();
        let id = step.id.clone();
        Callback::from(move |_: Event| on_toggle.emit(id.clone()))
    };
    html! {
        <li id={step.id.clone()} class={classes!("step", done.then_some("step-done"))} tabindex="-1">
            <span class="step-tools">
                // The visible label says "Done"; the name says which step ("Done: Build step 3").
                <input type="checkbox" id={checkbox.clone()} checked={done} {onchange}
                    aria-label={format!("Done: {name}")} />
                <label for={checkbox}>{ "Done" }</label>
                <a class="step-link no-print" href={format!("{}#{}", cx.page_href, step.id)}>
                    <span aria-hidden="true">{ "#" }</span>
                    <span class="visually-hidden">{ format!("Link to {name}") }</span>
                </a>
            </span>
            { blocks(body, cx) }
        </li>
    }
}

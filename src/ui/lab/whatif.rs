//! What-if: the parse settings' JSONPaths and the Condition expression, editable, with inline
//! positioned errors and hints, a marker where they differ from the mission and a reset.

use std::rc::Rc;

use yew::prelude::*;

use crate::lab::view::LabView;
use crate::lab::LabAction;

use super::reference::ExpressionReference;
use super::Dispatch;

#[derive(Properties, PartialEq)]
pub struct WhatIfProps {
    pub view: Rc<LabView>,
    pub expression: AttrValue,
    pub dispatch: Dispatch,
    /// The lab runs the attendee's imported flow: edits start from (and reset to) its settings.
    #[prop_or_default]
    pub yours: bool,
}

#[function_component(WhatIf)]
pub fn what_if(props: &WhatIfProps) -> Html {
    let v = &props.view;
    let (against, reset_label) = if props.yours {
        ("your flow", "Reset to your flow")
    } else {
        ("the mission", "Reset to mission")
    };
    let origin = if props.yours {
        "Your flow: "
    } else {
        "Mission: "
    };
    let on_reset = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(LabAction::ResetToMission))
    };
    let on_expression = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let field: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(LabAction::SetExpression(field.value()));
        })
    };
    let rows = v.paths.iter().enumerate().map(|(index, row)| {
        let dispatch = props.dispatch.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            dispatch.dispatch(LabAction::SetPath {
                index,
                path: input.value(),
            });
        });
        let id = format!("lab-path-{index}");
        let note_id = format!("{id}-note");
        html! {
            <div class="lab-field lab-path-row">
                <label for={id.clone()}>
                    { "JSONPath for " }<code>{ row.variable.clone() }</code>
                    if row.differs { <span class="lab-differs">{ "changed" }</span> }
                </label>
                <input id={id.clone()} class="mono" autocomplete="off" spellcheck="false"
                    value={row.path.clone()} aria-invalid={row.error.is_some().to_string()}
                    aria-describedby={note_id.clone()} {oninput} />
                <div id={note_id} class="field-note">
                    if let Some(error) = &row.error { <p class="field-message">{ error.clone() }</p> }
                    if let Some(hint) = &row.hint { <p class="lab-hint">{ format!("Hint: {hint}") }</p> }
                    if let Some(outcome) = &row.outcome { <p>{ outcome.clone() }</p> }
                    if row.differs { <p class="lab-muted">{ origin }<code>{ row.mission_path.clone() }</code></p> }
                </div>
            </div>
        }
    });
    let marker = match v.differences {
        0 => html! { <p class="lab-muted" id="lab-differs">{ format!("Same as {against}.") }</p> },
        n => html! {
            <p class="lab-differs-summary" id="lab-differs">
                { format!("Differs from {against}: {n} setting{} changed.", if n == 1 { "" } else { "s" }) }
            </p>
        },
    };
    html! {
        <section class="lab-card" aria-labelledby="lab-whatif-heading">
            <div class="lab-card-head">
                <h2 id="lab-whatif-heading">{ "What-if" }</h2>
                <button type="button" onclick={on_reset} disabled={v.differences == 0}>{ reset_label }</button>
            </div>
            if props.yours {
                <p class="lab-muted" id="lab-whatif-flow">{ "Edits apply to your imported flow; “Use the mission flow” goes back to the mission's settings." }</p>
            }
            { marker }
            { for rows }
            <div class="lab-field">
                <label for="lab-expression">
                    { "Condition expression" }
                    if v.expression_differs { <span class="lab-differs">{ "changed" }</span> }
                </label>
                <textarea id="lab-expression" class="mono" rows="4" spellcheck="false" autocomplete="off"
                    value={props.expression.clone()} aria-invalid={v.expression_error.is_some().to_string()}
                    aria-describedby="lab-expression-note" oninput={on_expression} />
                <div id="lab-expression-note" class="field-note">
                    if let Some(e) = &v.expression_error {
                        <p class="field-message">{ format!("Line {}, column {}: {}", e.line, e.column, e.message) }</p>
                        <pre class="lab-caret">{ e.rendered.clone() }</pre>
                        if let Some(h) = &e.hint { <p class="lab-hint">{ format!("Hint: {h}") }</p> }
                    }
                    { for v.expression_warnings.iter().map(|w| html! { <p class="lab-warning">{ format!("Warning: {w}") }</p> }) }
                </div>
                <ExpressionReference />
            </div>
        </section>
    }
}

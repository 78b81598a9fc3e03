//! The expression reference under the Condition expression: a closed `<details>` (keyboard and
//! screen-reader friendly) listing what the engine supports, section by section.

use yew::prelude::*;

use crate::lab::reference::expression_reference;

#[function_component(ExpressionReference)]
pub fn expression_reference_panel() -> Html {
    // Built once per mount: the sections are static data.
    let sections = use_memo((), |_| expression_reference());
    let body = sections.iter().enumerate().map(|(i, section)| {
        let id = format!("lab-ref-{i}");
        html! {
            <section class="lab-ref-section" aria-labelledby={id.clone()}>
                <h3 id={id}>{ section.title }</h3>
                <p class="lab-muted">{ section.intro }</p>
                <dl class="lab-ref-list">
                    { for section.entries.iter().map(|e| html! {
                        <>
                            <dt><code>{ e.syntax.clone() }</code></dt>
                            <dd>{ e.doc.clone() }</dd>
                        </>
                    }) }
                </dl>
            </section>
        }
    });
    html! {
        <details class="lab-reference" id="lab-reference">
            <summary>{ "Expression reference: tags, filters, Java methods, settings" }</summary>
            { for body }
        </details>
    }
}

//! "k of n steps", a bar, and a reset button.

use yew::prelude::*;

use crate::guide::ProgressSummary;

#[derive(Properties, PartialEq)]
pub struct ProgressPanelProps {
    pub summary: ProgressSummary,
    pub on_reset: Callback<()>,
}

#[function_component(ProgressPanel)]
pub fn progress_panel(props: &ProgressPanelProps) -> Html {
    let ProgressSummary { done, total } = props.summary;
    let percent = (done * 100).checked_div(total).unwrap_or(0).min(100);
    let onclick = props.on_reset.reform(|_: MouseEvent| ());
    html! {
        <section class="progress-panel" aria-label="Progress">
            <p class="progress-summary">
                <span class="visually-hidden">{ "Progress: " }</span>
                <strong>{ props.summary.to_string() }</strong>
                { " done" }
            </p>
            <div class="progress-bar" aria-hidden="true">
                <div class="progress-bar-fill" style={format!("width:{percent}%")}></div>
            </div>
            <button type="button" class="no-print" {onclick} disabled={done == 0}>
                { "Reset progress" }
            </button>
        </section>
    }
}

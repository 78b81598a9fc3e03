//! The outcome: the verdict (role `status`), the exit and next node, the path, the explanation from
//! the trace, the hints and the variables the run set; and the details of a selected node.

use std::rc::Rc;

use yew::prelude::*;

use crate::lab::view::{Check, LabView, VariableRow};
use crate::lab::Verdict;

#[derive(Properties, PartialEq)]
pub struct OutcomeProps {
    pub view: Rc<LabView>,
    pub selected: Option<String>,
}

#[function_component(Outcome)]
pub fn outcome(props: &OutcomeProps) -> Html {
    let v = &props.view;
    let verdict_class = match v.verdict {
        Verdict::True => "verdict-true",
        Verdict::False => "verdict-false",
        Verdict::Error(_) => "verdict-error",
    };
    let next = v.next.as_ref().map(|n| {
        html! {
            <p class="lab-next">
                { "Exit " }<strong class="lab-exit">{ v.exit.clone().unwrap_or_default() }</strong>
                { " → next node: " }<strong>{ format!("{}: {}", n.title, n.label) }</strong>
                if let Some(d) = &n.detail { <span class="lab-next-detail">{ format!(" — {d}") }</span> }
            </p>
        }
    });
    let explanation = v.explanation.iter().map(|line| {
        let class = match line.check {
            Check::Passed => "check-passed",
            Check::Failed => "check-failed",
            Check::Info => "check-info",
        };
        html! {
            <li class={class}>
                <code class="check-source">{ line.source.clone() }</code>
                <span class="check-detail">{ format!(": {}", line.detail) }</span>
                if line.check != Check::Info {
                    <strong class="check-word">{ format!(" — {}", line.check.word()) }</strong>
                }
            </li>
        }
    });
    html! {
        <section class={classes!("lab-card", "lab-outcome", verdict_class)} aria-labelledby="lab-verdict-heading">
            <h2 id="lab-verdict-heading">{ "Verdict" }</h2>
            <p id="lab-verdict" class={classes!("lab-verdict", verdict_class)} role="status"
                aria-labelledby="lab-verdict-heading">{ v.verdict.text() }</p>
            { for next }
            if let Some(ending) = &v.ending {
                <p class="lab-muted">{ ending.clone() }</p>
            }
            if !v.path.is_empty() {
                <h3 id="lab-path-heading">{ "Path taken" }</h3>
                <ol class="lab-path" aria-labelledby="lab-path-heading">
                    { for v.path.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
                </ol>
            }
            if !v.explanation.is_empty() {
                <h3 id="lab-explanation-heading">{ "Why" }</h3>
                <ol class="lab-explanation" aria-labelledby="lab-explanation-heading">
                    { for explanation }
                </ol>
            }
            if let Some(result) = &v.result {
                <p class="lab-result">{ format!("Result: {result}.") }</p>
            }
            if !v.hints.is_empty() {
                <h3 id="lab-hints-heading">{ "Hints" }</h3>
                <ul class="lab-hints" aria-labelledby="lab-hints-heading">
                    { for v.hints.iter().map(|h| html! { <li>{ h.clone() }</li> }) }
                </ul>
            }
            if !v.variables.is_empty() {
                { variables_table("Variables set by the run", &v.variables) }
            }
        </section>
    }
}

/// A table of variables with their values before → after.
pub fn variables_table(caption: &str, rows: &[VariableRow]) -> Html {
    html! {
        <table class="lab-variables">
            <caption>{ caption.to_string() }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Variable" }</th>
                    <th scope="col">{ "Before → after" }</th>
                </tr>
            </thead>
            <tbody>
                { for rows.iter().map(|r| html! {
                    <tr class={classes!((!r.changed).then_some("unchanged"))}>
                        <td><code>{ r.name.clone() }</code><span class="lab-type">{ format!(" {}", r.value_type) }</span></td>
                        <td class="lab-values">
                            <span class="old">{ value_text(r.old.as_deref()) }</span>
                            { " → " }
                            <span class="new">{ value_text(Some(&r.new)) }</span>
                            if !r.changed { <span class="lab-muted">{ " (unchanged)" }</span> }
                        </td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

fn value_text(v: Option<&str>) -> String {
    match v {
        None => "(not set)".to_string(),
        Some("") => "(empty)".to_string(),
        Some(s) => s.to_string(),
    }
}

/// The selected node's step: exit, next node, modified variables and notes.
pub fn node_details(view: &LabView, selected: Option<&str>) -> Html {
    let Some(label) = selected else {
        return html! {};
    };
    let step = view.steps.iter().find(|s| s.label == label);
    html! {
        <div class="lab-node-details" id="lab-node-details" aria-live="polite">
            <h3>{ format!("Node {label}") }</h3>
            {
                match step {
                    None => html! { <p>{ "Not on the taken path: this run did not visit it." }</p> },
                    Some(s) => html! {
                        <>
                            <p>
                                { format!("{} — ", s.title) }
                                { match (&s.exit, &s.next) {
                                    (Some(exit), Some(next)) => format!("left by its {exit} exit to {next}."),
                                    (Some(exit), None) => format!("left by its {exit} exit, which is not connected."),
                                    _ => "the run ended here.".to_string(),
                                } }
                            </p>
                            if s.modified.is_empty() {
                                <p>{ "It modified no variables." }</p>
                            } else {
                                { variables_table(&format!("Modified variables of {label}"), &s.modified) }
                            }
                            if !s.notes.is_empty() {
                                <ul class="lab-notes">{ for s.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                            }
                        </>
                    },
                }
            }
        </div>
    }
}

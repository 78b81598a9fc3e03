//! "Your flow": load the attendee's Flow Designer export (file, drop or paste), show what the import
//! noticed and the mission checker's findings with links to the guide's steps, say which flow the
//! lab runs, and go back to the mission flow.

use std::rc::Rc;

use yew::prelude::*;

use crate::flowcheck::Severity;
use crate::lab::{yourflow, FlowChange, FlowLoadError, LabAction, Notice, YourFlow};
use crate::ui::files;
use crate::ui::route::base_path;
use crate::ui::shared_flow::SharedFlow;

use super::Dispatch;

/// Largest export file read (larger ones are refused before reading; the import itself refuses
/// anything above its own limit with the file's size).
const FLOW_FILE_BYTES: usize = 32 * 1024 * 1024;

#[derive(Properties, PartialEq)]
pub struct YourFlowProps {
    pub flow: Option<Rc<YourFlow>>,
    pub error: Option<FlowLoadError>,
    pub dispatch: Dispatch,
    /// Why the stored flow could not be restored or stored (kept by the app for both pages).
    #[prop_or_default]
    pub stored_problem: Option<String>,
}

/// "build-5" → "Build step 5".
fn step_words(step: &str) -> String {
    match step.strip_prefix("build-") {
        Some(n) => format!("Build step {n}"),
        None => step.to_string(),
    }
}

/// Runs `flow` in the lab and hands it to the app, which owns it (stores it, offers it to the
/// exercises) and hands it back down (the lab then has it already).
fn run_flow(
    shared: Option<&SharedFlow>,
    dispatch: &Dispatch,
    flow: Option<Rc<YourFlow>>,
    change: FlowChange,
) {
    // The lab first: when the app hands the flow back down, the lab runs it already.
    dispatch.dispatch(LabAction::RunFlow {
        flow: flow.clone(),
        change,
    });
    if let Some(shared) = shared {
        shared.set.emit(flow);
    }
}

/// Loads an export (`name`: the file's, `None` when pasted): run and handed to the app, or refused
/// with a message (the lab keeps the flow it runs).
fn load_export(shared: Option<&SharedFlow>, dispatch: &Dispatch, text: &str, name: Option<String>) {
    match yourflow::load(text, name) {
        Ok(flow) => run_flow(shared, dispatch, Some(Rc::new(flow)), FlowChange::Loaded),
        Err(error) => dispatch.dispatch(LabAction::FlowRefused(error)),
    }
}

#[function_component(YourFlowCard)]
pub fn your_flow_card(props: &YourFlowProps) -> Html {
    let paste_ref = use_node_ref();
    let shared = use_context::<SharedFlow>();
    let load_file = {
        let dispatch = props.dispatch.clone();
        let shared = shared.clone();
        Callback::from(move |file: web_sys::File| {
            let dispatch = dispatch.clone();
            let shared = shared.clone();
            yew::platform::spawn_local(async move {
                let name = file.name();
                match files::read_text(&file, FLOW_FILE_BYTES).await {
                    Ok(text) => load_export(shared.as_ref(), &dispatch, &text, Some(name)),
                    Err(why) => dispatch.dispatch(LabAction::Notify(Some(Notice::error(format!(
                        "{why}. The lab still runs the flow it ran before."
                    ))))),
                }
            });
        })
    };
    let on_file = files::file_input_handler(load_file.clone());
    let on_drop = files::drop_handler(load_file.clone());
    let on_dragover = files::allow_drop();
    let on_paste_load = {
        let dispatch = props.dispatch.clone();
        let shared = shared.clone();
        let paste_ref = paste_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(field) = paste_ref.cast::<web_sys::HtmlTextAreaElement>() {
                load_export(shared.as_ref(), &dispatch, &field.value(), None);
            }
        })
    };
    let on_mission = {
        let dispatch = props.dispatch.clone();
        let shared = shared.clone();
        Callback::from(move |_: MouseEvent| {
            run_flow(shared.as_ref(), &dispatch, None, FlowChange::Mission)
        })
    };

    let running = match &props.flow {
        Some(f) => format!("Running: {}", f.title()),
        None => "Running: the mission flow".to_string(),
    };
    let error = props.error.as_ref().map(|e| {
        html! {
            <div class="lab-flow-error" role="alert" id="lab-flow-error">
                <p class="field-message">{ e.text() }</p>
                if let Some(x) = &e.excerpt { <pre class="lab-caret">{ x.clone() }</pre> }
                if let Some(h) = &e.hint { <p class="lab-hint">{ format!("Hint: {h}") }</p> }
            </div>
        }
    });
    let base = base_path();
    let report = props.flow.as_ref().map(|f| {
        let findings = f.findings.iter().map(|finding| {
            let (class, word) = match finding.severity {
                Severity::Error => ("finding-error", "Error"),
                Severity::Note => ("finding-note", "Note"),
            };
            let href = format!("{base}{}", finding.anchor);
            html! {
                <li class={classes!("lab-finding", class)}>
                    <strong class="lab-finding-severity">{ format!("{word}: ") }</strong>
                    <span class="lab-finding-message">{ finding.message.clone() }</span>
                    if let Some(h) = &finding.hint { <span class="lab-finding-hint">{ format!(" Hint: {h}.") }</span> }
                    { " " }
                    <a class="lab-finding-link" href={href}>{ format!("Open {} in the guide", step_words(&finding.step)) }</a>
                </li>
            }
        });
        let s = &f.summary;
        let understood = format!(
            "The companion runs {} of its {} activities{}.",
            s.simulated(),
            s.nodes,
            if s.opaque.is_empty() { String::new() } else { format!("; {} it keeps without running them (a run stops there)", s.opaque.len()) }
        );
        let opaque = s.opaque.iter().map(|n| {
            let exits = if n.exits.is_empty() { "no exit connected".to_string() } else { format!("exits {}", n.exits.join(", ")) };
            html! { <li>{ format!("{} ({}): needs {}; {exits}.", n.label, n.activity, n.needs) }</li> }
        });
        let verdict = if !f.mission_flow {
            html! {
                <p id="lab-findings-summary" class="lab-not-mission">
                    <strong>{ "This is not the mission's flow" }</strong>
                    { format!(
                        ": none of its nodes is labelled {} as in the guide, so the mission's checks are not about it. The lab runs it from its start ({}){}.",
                        crate::flowcheck::mission(crate::lab::yourflow::LAB_MISSION).map(crate::flowcheck::mission_labels).unwrap_or_default(),
                        s.start,
                        if f.lab.condition.is_empty() { ", and it has no Condition node for a verdict".to_string() } else { format!(" and its verdict is {}'s exit", f.lab.condition) }
                    ) }
                </p>
            }
        } else if f.findings.is_empty() {
            html! { <p id="lab-findings-summary">{ "Your flow matches the mission: no findings." }</p> }
        } else {
            html! {
                <p id="lab-findings-summary">{ format!(
                    "Compared with the mission: {} error{}, {} note{}.",
                    f.errors(),
                    if f.errors() == 1 { "" } else { "s" },
                    f.notes_count(),
                    if f.notes_count() == 1 { "" } else { "s" }
                ) }</p>
            }
        };
        html! {
            <>
                { verdict }
                if f.mission_flow && !f.findings.is_empty() {
                    <ul class="lab-findings" aria-label="Findings">{ for findings }</ul>
                }
                <p id="lab-flow-understood">{ understood }</p>
                if !s.opaque.is_empty() {
                    <ul class="lab-opaque" aria-label="Activities not simulated">{ for opaque }</ul>
                }
                if !f.notes.is_empty() {
                    <h3 id="lab-import-notes-heading">{ "Import notes" }</h3>
                    <ul class="lab-import-notes" aria-labelledby="lab-import-notes-heading">
                        { for f.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                    </ul>
                }
            </>
        }
    });

    html! {
        <section id="your-flow" tabindex="-1" class="lab-card lab-your-flow" aria-labelledby="lab-your-flow-heading"
            ondrop={on_drop.clone()} ondragover={on_dragover.clone()}>
            <div class="lab-card-head">
                <h2 id="lab-your-flow-heading">{ "Your flow" }</h2>
                <p id="lab-running" class={classes!("lab-running", props.flow.is_some().then_some("yours"))}>
                    <strong>{ running }</strong>
                </p>
                if props.flow.is_some() {
                    <button type="button" onclick={on_mission}>{ "Use the mission flow" }</button>
                }
            </div>
            <p class="lab-muted">
                { "Load your Flow Designer export to check it against the mission and run the lab on it instead of the mission flow; any flow exported from Flow Designer loads. The Exercises page can run it too." }
            </p>
            if let Some(problem) = &props.stored_problem {
                <p class="lab-flow-error field-message" id="lab-flow-stored-problem">{ problem.clone() }</p>
            }
            { for error }
            { for report }
            <div class="lab-your-flow-load">
                <p class="lab-file">
                    <label for="lab-flow-file">{ "Load your flow export" }</label>
                    <input type="file" id="lab-flow-file" accept=".json,application/json,text/plain"
                        onchange={on_file} />
                </p>
                <label for="lab-flow-text">{ "Your flow export" }</label>
                <textarea id="lab-flow-text" class="mono lab-flow-text" rows="4" spellcheck="false"
                    autocomplete="off" placeholder="Paste the exported flow JSON here, or drop the file"
                    ref={paste_ref} ondrop={on_drop} ondragover={on_dragover} />
                <p><button type="button" onclick={on_paste_load}>{ "Check and run the pasted flow" }</button></p>
            </div>
        </section>
    }
}

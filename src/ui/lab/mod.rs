//! The Condition lab page: a thin view over [`crate::lab`]. The state is one reducer
//! ([`crate::lab::LabState::apply`], and the storage steps of [`StoreAction`]); this module renders
//! its [`crate::lab::LabView`] and turns browser events (typing, files, clicks) into [`LabAction`]s.
//! The imported flow is the app's: the page runs the one the app hands down, and hands up a flow
//! the attendee loads here.
//!
//! - the response field is not a controlled input: typing never writes megabytes back into it; it
//!   is set only when the body changes from elsewhere (sample, file, import: `body_revision`);
//! - the state is saved to `localStorage` after edits settle or when the page is left
//!   ([`autosave`]), and can be exported and imported as a JSON file ([`files`]).

mod autosave;
mod field_text;
mod live;
mod outcome;
mod reference;
mod request;
mod storage;
mod whatif;
mod yourflow;

use std::rc::Rc;
use std::time::Duration;

use yew::prelude::*;

use crate::engine::Clock;
use crate::lab::saved::{self, MAX_IMPORT_BYTES};
use crate::lab::{
    adopt, BodyStatus, FlowChange, LabAction, LabInputs, LabState, Notice, YourFlow, SAMPLES,
};
use crate::ui::clock::BrowserClock;
use crate::ui::files;
use crate::ui::flow_picture::FlowDiagram;
use crate::ui::guide::deep_link;
use crate::ui::shared_flow::SharedFlow;

use live::RunLive;
use outcome::Outcome;
use request::RequestPanel;
use whatif::WhatIf;
use yourflow::YourFlowCard;

/// How long a replaced state lives on before it is freed (see [`free_later`]).
const FREE_DELAY: Duration = Duration::from_millis(100);

/// The reducer's state (a newtype so `Reducible` can be implemented here).
pub struct Store(pub LabState);

/// What the page asks of its state: a change of the lab ([`LabAction`], pure), or a step of its
/// storage, which also updates what the state knows of the stored entries ([`LabState::saver`])
/// and shows what it found (another tab's changes, a response that did not fit).
pub enum StoreAction {
    Lab(LabAction),
    /// Save these inputs (edits settled, or the page is being left).
    Save(LabInputs),
    /// Another tab saved the lab state: merge it into these inputs (what the page shows).
    HeardElsewhere(LabInputs),
    /// Another tab wrote the response entry (or cleared the storage): the next save writes it again.
    BodyChangedElsewhere,
}

impl From<LabAction> for StoreAction {
    fn from(action: LabAction) -> StoreAction {
        StoreAction::Lab(action)
    }
}

impl Reducible for Store {
    type Action = StoreAction;

    fn reduce(self: Rc<Self>, action: StoreAction) -> Rc<Self> {
        let now = now_ms();
        let next = match action {
            StoreAction::Lab(action) => self.0.apply(action, now),
            StoreAction::Save(inputs) => storage::save(&self.0, &inputs, now),
            StoreAction::HeardElsewhere(mine) => {
                match storage::heard_elsewhere(&self.0, &mine, now) {
                    Some(next) => next,
                    None => return self,
                }
            }
            StoreAction::BodyChangedElsewhere => {
                let mut next = self.0.clone();
                next.saver.forget_body();
                next
            }
        };
        let next = Rc::new(Store(next));
        free_later(self);
        next
    }
}

/// Frees a replaced state after the new verdict is on screen: freeing the parsed tree of a 1 MB
/// body took 2 ms of the edit's frame.
fn free_later(old: Rc<Store>) {
    yew::platform::spawn_local(async move {
        yew::platform::time::sleep(FREE_DELAY).await;
        drop(old);
    });
}

fn now_ms() -> i64 {
    BrowserClock.now_millis()
}

/// How the page's components change the state: `dispatch.dispatch(LabAction::…)` or a
/// [`StoreAction`].
#[derive(Clone, PartialEq)]
pub struct Dispatch(UseReducerDispatcher<Store>);

impl Dispatch {
    pub fn dispatch(&self, action: impl Into<StoreAction>) {
        self.0.dispatch(action.into());
    }
}

#[function_component(LabPage)]
pub fn lab_page() -> Html {
    let shared = use_context::<SharedFlow>();
    // The stored flow is imported here (the first time a page shows it), not at the app's start.
    let (app_flow, flow_problem) = shared.as_ref().map(SharedFlow::get).unwrap_or_default();
    let store = {
        let app_flow = app_flow.clone();
        use_reducer(move || Store(storage::restore(now_ms(), app_flow)))
    };
    let dispatch = Dispatch(store.dispatcher());
    let state = &store.0;

    // The app owns the imported flow: the lab runs the one it hands down (a change made here was
    // handed up first, and arrives here as the same flow: nothing to do then).
    {
        let dispatch = dispatch.clone();
        let runs = state.your_flow.clone();
        let key = app_flow
            .as_ref()
            .map(|f| (f.fingerprint.clone(), f.name.clone()));
        use_effect_with(key, move |_| {
            if !YourFlow::same_export(app_flow.as_deref(), runs.as_deref()) {
                dispatch.dispatch(LabAction::RunFlow {
                    flow: app_flow,
                    change: FlowChange::Followed,
                });
            }
        });
    }
    // A link such as `lab#your-flow` (from the Exercises page) lands on its card.
    use_effect_with((), |_| {
        deep_link::reveal_fragment();
    });
    let view = state.view.clone();
    let body_ref = use_node_ref();

    // The response field shows the body whenever it changed other than by typing.
    {
        let body_ref = body_ref.clone();
        let body = state.inputs.body.clone();
        use_effect_with(state.body_revision, move |_| {
            if let Some(field) = body_ref.cast::<web_sys::HtmlTextAreaElement>() {
                if field.value() != *body {
                    field.set_value(&body);
                }
            }
        });
    }
    autosave::use_autosave(&state.inputs, dispatch.clone());

    let on_body_input = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let field: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(LabAction::EditBody(field_text::value(&field)));
        })
    };
    let load_file = {
        let dispatch = dispatch.clone();
        Callback::from(move |file: web_sys::File| {
            let dispatch = dispatch.clone();
            yew::platform::spawn_local(async move {
                let name = file.name();
                match files::read_text(&file, crate::flow::MAX_BODY_BYTES * 2).await {
                    Ok(text) => dispatch.dispatch(LabAction::LoadBody {
                        text,
                        from: format!("“{name}”"),
                    }),
                    Err(why) => dispatch.dispatch(LabAction::Notify(Some(Notice::error(why)))),
                }
            });
        })
    };
    let on_drop = files::drop_handler(load_file.clone());
    let on_dragover = files::allow_drop();
    let on_body_file = files::file_input_handler(load_file.clone());
    let text_action = |make: fn(String) -> LabAction| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            dispatch.dispatch(make(input.value()));
        })
    };
    let on_export = {
        let inputs = state.inputs.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let name = saved::export_file_name(&inputs);
            let notice = match files::download(&name, &saved::to_json(&inputs), "application/json")
            {
                Ok(()) => Notice::info(format!("Exported the lab state as “{name}”.")),
                Err(why) => Notice::error(format!("The export failed: {why}")),
            };
            dispatch.dispatch(LabAction::Notify(Some(notice)));
        })
    };
    let import_ref = use_node_ref();
    let on_import_click = {
        let import_ref = import_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = import_ref.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_import = {
        let dispatch = dispatch.clone();
        let shared = shared.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = files::chosen_file(&input) else {
                return;
            };
            input.set_value("");
            let dispatch = dispatch.clone();
            let shared = shared.clone();
            yew::platform::spawn_local(async move {
                let name = file.name();
                let action = match files::read_text(&file, MAX_IMPORT_BYTES).await {
                    Err(why) => LabAction::Notify(Some(Notice::error(why))),
                    Ok(text) => match saved::from_json(&text) {
                        Ok(inputs) => {
                            // The case's flow (or none: the mission's) goes to the app, its owner.
                            // The lab first: when the app hands the flow back, it runs it already.
                            let (inputs, flow, problem) = adopt(inputs);
                            dispatch.dispatch(LabAction::Replace {
                                inputs: Box::new(inputs),
                                flow: flow.clone(),
                                notice: problem
                                    .or_else(|| Some(Notice::info(format!("Imported “{name}”.")))),
                            });
                            if let Some(shared) = &shared {
                                shared.set.emit(flow);
                            }
                            return;
                        }
                        Err(why) => LabAction::Notify(Some(Notice::error(format!(
                            "“{name}” was not imported: {why}. The lab is unchanged."
                        )))),
                    },
                };
                dispatch.dispatch(action);
            });
        })
    };
    let on_select = {
        let dispatch = dispatch.clone();
        let selected = state.selected.clone();
        use_callback(selected, move |label: String, selected| {
            // Picking the open node again closes it.
            let next = (selected.as_deref() != Some(label.as_str())).then_some(label);
            dispatch.dispatch(LabAction::SelectNode(next));
        })
    };
    let on_region = {
        let dispatch = dispatch.clone();
        use_callback((), move |region: String, _| {
            dispatch.dispatch(LabAction::SetRegion(region))
        })
    };
    let dismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(LabAction::Notify(None)))
    };

    let notice = state.notice.as_ref().map(|n| {
        html! {
            <div class={classes!("lab-notice", n.error.then_some("error"))}
                role={if n.error { "alert" } else { "note" }}>
                <p>{ n.text.clone() }</p>
                <button type="button" onclick={dismiss.clone()}>{ "Dismiss" }<span class="visually-hidden">{ " message" }</span></button>
            </div>
        }
    });

    let (body_invalid, body_message) = body_message(&view.body);
    let current_sample = state.inputs.sample.clone();
    let samples = SAMPLES.iter().map(|s| {
        let dispatch = dispatch.clone();
        let id = s.id;
        let onclick = Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(LabAction::LoadSample(id.to_string()))
        });
        let pressed = current_sample.as_deref() == Some(s.id);
        html! {
            <button type="button" class="lab-sample" title={s.summary} aria-pressed={pressed.to_string()}
                data-sample={s.id} {onclick}>{ s.title }</button>
        }
    });
    let clock_fixed = state.inputs.clock.fixed;
    let on_clock = |fixed: bool| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: Event| dispatch.dispatch(LabAction::SetClockFixed(fixed)))
    };

    html! {
        <section class="lab-page" aria-labelledby="page-title">
            <div class="lab-title">
                <h1 id="page-title">{ "Condition lab" }</h1>
                <div class="lab-toolbar">
                    <button type="button" onclick={on_export}>{ "Export" }</button>
                    <button type="button" onclick={on_import_click}>{ "Import" }</button>
                    <input type="file" id="lab-import" accept=".json,application/json" hidden=true
                        ref={import_ref} onchange={on_import} aria-label="Import a lab state file" />
                </div>
            </div>
            <p class="lab-intro">
                { super::page_preview::LAB_INTRO }
            </p>
            { for notice }
            <div class="lab-grid">
                <div class="lab-column">
                    <section class="lab-card" aria-labelledby="lab-response-heading">
                        <h2 id="lab-response-heading">{ "Response" }</h2>
                        <div class="lab-samples" role="group" aria-label="Sample responses">
                            <span class="lab-samples-label" aria-hidden="true">{ "Samples:" }</span>
                            { for samples }
                        </div>
                        <label for="lab-body">{ "Search API response" }</label>
                        // The wrapper clips (see `.lab-body-frame` in lab.css), so that the field is not
                        // repainted when the page's height changes.
                        <div class="lab-body-frame">
                            <textarea id="lab-body" class="mono lab-body" rows="12" spellcheck="false"
                                autocomplete="off" ref={body_ref}
                                aria-invalid={body_invalid.to_string()} aria-describedby="lab-body-status"
                                oninput={on_body_input} ondrop={on_drop} ondragover={on_dragover} />
                        </div>
                        <div id="lab-body-status" class={classes!("lab-body-status", body_invalid.then_some("error"))}>
                            { body_message }
                        </div>
                        <p class="lab-file">
                            <label for="lab-body-file">{ "Or open a response file (.json)" }</label>
                            <input type="file" id="lab-body-file" accept=".json,application/json,text/plain"
                                onchange={on_body_file} />
                        </p>
                        <div class="lab-fields">
                            <p class="lab-field">
                                <label for="lab-status">{ "HTTP status" }</label>
                                <input id="lab-status" inputmode="numeric" autocomplete="off"
                                    value={state.inputs.status.clone()}
                                    aria-invalid={view.status_error.is_some().to_string()}
                                    aria-describedby="lab-status-error"
                                    oninput={text_action(LabAction::SetStatus)} />
                                <span id="lab-status-error" class="field-message">{ view.status_error.clone().unwrap_or_default() }</span>
                            </p>
                        </div>
                    </section>
                    <section class="lab-card" aria-labelledby="lab-call-heading">
                        <h2 id="lab-call-heading">{ "Call and clock" }</h2>
                        <div class="lab-fields">
                            <p class="lab-field">
                                <label for="lab-number">{ "Callback number" }</label>
                                <input id="lab-number" class="mono" autocomplete="off" value={state.inputs.number.clone()}
                                    aria-describedby="lab-number-note" oninput={text_action(LabAction::SetNumber)} />
                                <span id="lab-number-note" class="field-note"><code>{ "NewNumber.DigitsEntered" }</code></span>
                            </p>
                            <p class="lab-field">
                                <label for="lab-entry-point">{ "Entry point id" }</label>
                                <input id="lab-entry-point" class="mono" autocomplete="off" value={state.inputs.entry_point.clone()}
                                    aria-describedby="lab-entry-point-note" oninput={text_action(LabAction::SetEntryPoint)} />
                                <span id="lab-entry-point-note" class="field-note"><code>{ "NewPhoneContact.EntryPointId" }</code></span>
                            </p>
                        </div>
                        <fieldset class="lab-clock">
                            <legend>{ "Clock for now()" }</legend>
                            <label><input type="radio" name="lab-clock" checked={!clock_fixed} onchange={on_clock(false)} />{ " Now" }</label>
                            <label><input type="radio" name="lab-clock" checked={clock_fixed} onchange={on_clock(true)} />{ " Fixed time" }</label>
                            if clock_fixed {
                                <p class="lab-field">
                                    <label for="lab-fixed-time">{ "Fixed time (UTC, or epoch ms)" }</label>
                                    <input id="lab-fixed-time" class="mono" autocomplete="off"
                                        value={state.inputs.clock.fixed_text.clone()}
                                        aria-invalid={view.clock_error.is_some().to_string()}
                                        aria-describedby="lab-clock-error"
                                        oninput={text_action(LabAction::SetFixedTime)} />
                                    <span id="lab-clock-error" class="field-message">{ view.clock_error.clone().unwrap_or_default() }</span>
                                </p>
                            }
                        </fieldset>
                    </section>
                    <WhatIf view={view.clone()} expression={state.inputs.expression.clone()} dispatch={dispatch.clone()}
                        yours={state.your_flow.is_some()} />
                    // Optional, so after the inputs an attendee in a hurry needs first.
                    <YourFlowCard flow={state.your_flow.clone()} error={state.flow_error.clone()} dispatch={dispatch.clone()}
                        stored_problem={flow_problem} />
                </div>
                <div class="lab-column">
                    <Outcome view={view.clone()} selected={state.selected.clone()} />
                    <section class="lab-card" aria-labelledby="lab-flow-heading">
                        <h2 id="lab-flow-heading">{ "Flow" }</h2>
                        if let Some(active) = state.active_flow() {
                            <FlowDiagram picture={active.picture.clone()} taken={view.taken.clone()}
                                selected={state.selected.clone()} {on_select} id_prefix="lab"
                                caption=": the taken path is highlighted. Select a node to see the variables it modified."
                                summary={AttrValue::from(taken_summary(&view))} />
                        }
                        { outcome::node_details(&view, state.selected.as_deref()) }
                    </section>
                    <section class="lab-card" aria-labelledby="lab-request-heading">
                        <h2 id="lab-request-heading">{ "Request" }</h2>
                        <RequestPanel request={view.request.clone()} region={AttrValue::from(state.inputs.region.clone())} {on_region} />
                        <RunLive body={view.request.as_ref().map(|r| AttrValue::from(r.body.clone()))}
                            region={AttrValue::from(state.inputs.region.clone())} dispatch={dispatch.clone()} />
                    </section>
                </div>
            </div>
        </section>
    }
}

/// The taken path in words, for screen readers.
fn taken_summary(view: &crate::lab::LabView) -> String {
    if view.path.is_empty() {
        "No path was taken: the run did not start.".to_string()
    } else {
        format!("Taken path: {}.", view.path.join(" → "))
    }
}

/// Whether the body is unusable, and the message under the field.
fn body_message(body: &BodyStatus) -> (bool, Html) {
    match body {
        BodyStatus::Empty => (
            false,
            html! { <p>{ "Empty: paste a response, drop a .json file here or pick a sample." }</p> },
        ),
        BodyStatus::Json { bytes } => (
            false,
            html! { <p>{ format!("JSON, {}.", size(*bytes)) }</p> },
        ),
        BodyStatus::NotJson {
            bytes,
            message,
            line,
            column,
            excerpt,
            hint,
        } => (
            true,
            html! {
                <>
                    <p>
                        { format!("Not JSON at line {line}, column {column}: {message} ({}). Your text is kept as it is.", size(*bytes)) }
                        if let Some(h) = hint { { format!(" Tip: {h}.") } }
                    </p>
                    <pre class="lab-caret">{ excerpt.clone() }</pre>
                </>
            },
        ),
        BodyStatus::TooLarge { message, hint, .. } => (
            true,
            html! {
                <p>
                    { format!("Too large: {message}.") }
                    if let Some(h) = hint { { format!(" Tip: {h}.") } }
                    { " Your text is kept." }
                </p>
            },
        ),
    }
}

fn size(bytes: usize) -> String {
    if bytes >= 1_048_576 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else if bytes >= 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

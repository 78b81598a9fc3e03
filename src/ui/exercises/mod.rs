//! The Exercises page: a thin view over [`crate::sim`].
//!
//! - [`flow_choice`]: "Flow to run" — the mission flow, or the attendee's flow imported in the
//!   Condition lab (shared through [`crate::ui::shared_flow`]); switching restarts the session;
//! - [`practice`]: the simulated contact center (agent, calls and keypad, clock, Analyzer tasks),
//!   changed only through [`crate::sim::Action`]s by the [`session`] reducer; the session is stored
//!   as its action list and replayed on load ([`storage`]);
//! - [`debugger`]: Flow Designer's Debugger and Analyze views — interactions newest first, the nodes
//!   each visited with their modified variables, the flow with visit counts (the lab's picture);
//! - [`exercise_list`] and [`exercise_view`]: the graded exercises, checked on the session's flow by
//!   [`crate::sim::check_on`], progress kept per flow in `localStorage` as a versioned
//!   [`crate::sim::Progress`].

pub mod agent;
pub mod call;
pub mod clock;
pub mod debugger;
pub mod exercise_list;
pub mod exercise_view;
pub mod flow_choice;
pub mod focus;
pub mod format;
pub mod practice;
pub mod session;
pub mod storage;
pub mod tasks;

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{all_exercises, ChosenFlow, Exercise, ExerciseResult, Progress};
use crate::ui::shared_flow::SharedFlow;

use debugger::Debugger;
use exercise_list::ExerciseList;
use exercise_view::ExerciseView;
use flow_choice::{Choice, FlowChoice};
use practice::Practice;
use session::SessionAction;

/// The reducer's handle as the page's children get it.
fn session_callback(session: &UseReducerHandle<session::Session>) -> Callback<SessionAction> {
    let dispatcher = session.dispatcher();
    Callback::from(move |action: SessionAction| dispatcher.dispatch(action))
}

#[function_component(ExercisesPage)]
pub fn exercises_page() -> Html {
    // The flow imported in the Condition lab (none when the page is mounted on its own).
    let yours = use_context::<SharedFlow>().and_then(|s| s.get().0);
    let yours_chosen = {
        let yours = yours.clone();
        use_memo(yours.as_ref().map(|f| f.fingerprint.clone()), move |_| {
            yours.as_deref().map(|f| Rc::new(ChosenFlow::yours(f)))
        })
    };
    let session = {
        let yours_chosen = (*yours_chosen).clone();
        use_reducer(move || storage::restore_session(yours_chosen))
    };
    let exercises = use_memo((), |_| {
        all_exercises().map_err(|e| format!("{}: {}", e.file, e.message))
    });
    let progress = use_state(|| Rc::new(storage::restore_progress()));
    let selected = use_state(|| None::<String>);

    // Save the session after every change of the center.
    {
        let session = session.clone();
        use_effect_with(session.revision, move |revision| {
            if *revision > 0 {
                storage::save_session(&session);
            }
        });
    }

    let flow_id = session.flow_id();
    let on_action = session_callback(&session);
    let on_choose = {
        let on_action = on_action.clone();
        let yours_chosen = (*yours_chosen).clone();
        let current = flow_id.clone();
        Callback::from(move |choice: Choice| {
            let flow = match choice {
                Choice::Mission => ChosenFlow::mission().map(Rc::new).ok(),
                Choice::Yours => yours_chosen.clone(),
            };
            if let Some(flow) = flow.filter(|f| f.id != current) {
                on_action.emit(SessionAction::RunOn(flow));
            }
        })
    };
    let on_result = {
        let progress = progress.clone();
        let flow_id = flow_id.clone();
        Callback::from(move |result: ExerciseResult| {
            let mut next: Progress = (**progress).clone();
            next.record_on(&flow_id, result);
            storage::save_progress(&next);
            progress.set(Rc::new(next));
        })
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |id: String| selected.set(Some(id)))
    };

    let results = Rc::new(progress.results_on(&flow_id).cloned().unwrap_or_default());
    let flow_words = session
        .flow
        .as_ref()
        .filter(|f| !f.id.is_mission())
        .map(|f| format!(" on {}", f.title()))
        .unwrap_or_default();
    let exercises_html = match &*exercises {
        Ok(list) => {
            let passed = list
                .iter()
                .filter(|e| progress.is_passed_on(&flow_id, e))
                .count();
            let current: Option<&Exercise> = selected
                .as_deref()
                .and_then(|id| list.iter().find(|e| e.id == id))
                .or_else(|| list.first());
            let history = session
                .center
                .as_ref()
                .map(|cc| cc.history().to_vec())
                .unwrap_or_default();
            // A view per exercise and flow: switching flows starts its answer afresh.
            let view_key =
                |ex: &Exercise| format!("{}@{}", ex.id, flow_id.fingerprint().unwrap_or("mission"));
            html! {
                <section id="exercises" class="ex-section" aria-labelledby="ex-exercises-heading">
                    <h2 id="ex-exercises-heading">{ "Exercises" }</h2>
                    <p class="ex-progress" id="ex-progress">
                        { format!("{passed} of {} exercises passed{flow_words}", list.len()) }
                    </p>
                    <div class="ex-exercises">
                        <ExerciseList exercises={Rc::new(list.clone())} results={results.clone()}
                            selected={current.map(|e| e.id.clone())} on_select={on_select} />
                        if let Some(ex) = current {
                            <ExerciseView key={view_key(ex)} exercise={Rc::new(ex.clone())}
                                entry={results.get(&ex.id).filter(|e| e.exercise_version == ex.version).cloned()}
                                flow={session.flow.clone()}
                                history={Rc::new(history)} on_result={on_result} />
                        }
                    </div>
                </section>
            }
        }
        Err(why) => html! {
            <section id="exercises" class="ex-section" aria-labelledby="ex-exercises-heading">
                <h2 id="ex-exercises-heading">{ "Exercises" }</h2>
                <p class="ex-notice ex-notice-error">{ format!("The exercises could not be loaded: {why}") }</p>
            </section>
        },
    };

    html! {
        <div class="ex-page">
            <h1 id="page-title">{ "Exercises" }</h1>
            <p>
                { super::page_preview::EXERCISES_INTRO }
            </p>
            <nav class="ex-toc" aria-label="On this page">
                <ul>
                    <li><a href="exercises#practice">{ "Practice" }</a></li>
                    <li><a href="exercises#debugger">{ "Debugger and Analyze" }</a></li>
                    <li><a href="exercises#exercises">{ "Exercises" }</a></li>
                </ul>
            </nav>
            <FlowChoice current={flow_id.clone()} yours={yours} {on_choose} />
            <Practice session={Rc::new((*session).clone())} on_action={on_action.clone()} />
            if let Ok(cc) = &session.center {
                <Debugger center={cc.clone()} flow={flow_id.clone()} />
            }
            { exercises_html }
        </div>
    }
}

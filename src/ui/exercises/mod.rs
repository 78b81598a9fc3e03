//! The Exercises page (issue 8): a thin view over [`crate::sim`].
//!
//! - [`practice`]: the simulated contact center (agent, calls and keypad, clock, Analyzer tasks),
//!   changed only through [`crate::sim::Action`]s by the [`session`] reducer; the session is stored
//!   as its action list and replayed on load ([`storage`]);
//! - [`debugger`] and [`flow_picture`]: Flow Designer's Debugger and Analyze views — interactions
//!   newest first, the nodes each visited with their modified variables, the flow with visit counts;
//! - [`exercise_list`] and [`exercise_view`]: the graded exercises, checked by
//!   [`crate::sim::check`], progress kept in `localStorage` as a versioned [`crate::sim::Progress`].

pub mod agent;
pub mod call;
pub mod clock;
pub mod debugger;
pub mod exercise_list;
pub mod exercise_view;
pub mod flow_picture;
pub mod focus;
pub mod format;
pub mod practice;
pub mod session;
pub mod storage;
pub mod tasks;

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::{all_exercises, Exercise, ExerciseResult, Progress};

use debugger::Debugger;
use exercise_list::ExerciseList;
use exercise_view::ExerciseView;
use practice::Practice;
use session::{Session, SessionAction};

/// The reducer's handle as the page's children get it.
fn session_callback(session: &UseReducerHandle<Session>) -> Callback<SessionAction> {
    let dispatcher = session.dispatcher();
    Callback::from(move |action: SessionAction| dispatcher.dispatch(action))
}

#[function_component(ExercisesPage)]
pub fn exercises_page() -> Html {
    let session = use_reducer(storage::restore_session);
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

    let on_action = session_callback(&session);
    let on_result = {
        let progress = progress.clone();
        Callback::from(move |result: ExerciseResult| {
            let mut next: Progress = (**progress).clone();
            next.record(result);
            storage::save_progress(&next);
            progress.set(Rc::new(next));
        })
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |id: String| selected.set(Some(id)))
    };

    let exercises_html = match &*exercises {
        Ok(list) => {
            let passed = list.iter().filter(|e| progress.is_passed(e)).count();
            let current: Option<&Exercise> = selected
                .as_deref()
                .and_then(|id| list.iter().find(|e| e.id == id))
                .or_else(|| list.first());
            let history = session
                .center
                .as_ref()
                .map(|cc| cc.history().to_vec())
                .unwrap_or_default();
            html! {
                <section id="exercises" class="ex-section" aria-labelledby="ex-exercises-heading">
                    <h2 id="ex-exercises-heading">{ "Exercises" }</h2>
                    <p class="ex-progress" id="ex-progress">
                        { format!("{passed} of {} exercises passed", list.len()) }
                    </p>
                    <div class="ex-exercises">
                        <ExerciseList exercises={Rc::new(list.clone())} progress={(*progress).clone()}
                            selected={current.map(|e| e.id.clone())} on_select={on_select} />
                        if let Some(ex) = current {
                            <ExerciseView key={ex.id.clone()} exercise={Rc::new(ex.clone())}
                                entry={progress.results.get(&ex.id).filter(|e| e.exercise_version == ex.version).cloned()}
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
                { "Rehearse the mission without a tenant: a simulated contact center runs the mission's flow on the same engine, with a Debugger and graded exercises. Nothing here needs the network." }
            </p>
            <nav class="ex-toc" aria-label="On this page">
                <ul>
                    <li><a href="exercises#practice">{ "Practice" }</a></li>
                    <li><a href="exercises#debugger">{ "Debugger and Analyze" }</a></li>
                    <li><a href="exercises#exercises">{ "Exercises" }</a></li>
                </ul>
            </nav>
            <Practice session={Rc::new((*session).clone())} on_action={on_action.clone()} />
            if let Ok(cc) = &session.center {
                <Debugger center={cc.clone()} />
            }
            { exercises_html }
        </div>
    }
}

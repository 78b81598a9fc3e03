//! The list of exercises with their status (not tried / passed / failed); picking one opens it.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::sim::exercise::ProgressEntry;
use crate::sim::Exercise;

/// The results on the flow the session runs, by exercise id.
pub type Results = BTreeMap<String, ProgressEntry>;

/// What the list says of an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    NotTried,
    Passed,
    Failed,
}

impl Status {
    pub fn of(results: &Results, ex: &Exercise) -> Status {
        match results
            .get(&ex.id)
            .filter(|e| e.exercise_version == ex.version)
        {
            None => Status::NotTried,
            Some(e) if e.passed => Status::Passed,
            Some(_) => Status::Failed,
        }
    }
    pub fn words(self) -> &'static str {
        match self {
            Status::NotTried => "not tried",
            Status::Passed => "passed",
            Status::Failed => "failed",
        }
    }
    fn class(self) -> &'static str {
        match self {
            Status::NotTried => "ex-status-none",
            Status::Passed => "ex-status-passed",
            Status::Failed => "ex-status-failed",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ExerciseListProps {
    pub exercises: Rc<Vec<Exercise>>,
    /// The results on the flow the session runs.
    pub results: Rc<Results>,
    pub selected: Option<String>,
    pub on_select: Callback<String>,
}

#[function_component(ExerciseList)]
pub fn exercise_list(props: &ExerciseListProps) -> Html {
    let items = props.exercises.iter().enumerate().map(|(n, ex)| {
        let status = Status::of(&props.results, ex);
        let current = props.selected.as_deref() == Some(ex.id.as_str());
        let onclick = {
            let on_select = props.on_select.clone();
            let id = ex.id.clone();
            Callback::from(move |_: MouseEvent| on_select.emit(id.clone()))
        };
        html! {
            <li data-exercise={ex.id.clone()} data-status={status.words()}>
                <button type="button" class={classes!("ex-exercise-button", current.then_some("selected"))}
                    aria-current={current.then_some("true")} {onclick}>
                    <span class="ex-exercise-title">{ format!("{}. {}", n + 1, ex.title) }</span>
                    <span class={classes!("ex-status", status.class())}>{ status.words() }</span>
                </button>
            </li>
        }
    });
    html! {
        <nav class="ex-exercise-list" aria-label="Exercise list">
            <ol>{ for items }</ol>
        </nav>
    }
}

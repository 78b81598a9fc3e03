//! One exercise: its prompt, the input it needs (an edited expression or path, a choice, or the
//! simulator session), a Check button, and the checker's result with its explanation.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::sim::exercise::ProgressEntry;
use crate::sim::{
    check, check_on, Action, Answer, ChosenFlow, Exercise, ExerciseKind, ExerciseResult,
};

#[derive(Properties, PartialEq)]
pub struct ExerciseViewProps {
    pub exercise: Rc<Exercise>,
    /// The stored entry for this exercise (in its current version), if tried.
    pub entry: Option<ProgressEntry>,
    /// The simulator session's actions (the answer of a scenario).
    pub history: Rc<Vec<Action>>,
    /// The flow answers are checked on (the session's; `None` when the mission flow did not load).
    pub flow: Option<Rc<ChosenFlow>>,
    pub on_result: Callback<ExerciseResult>,
}

fn starting_text(ex: &Exercise, entry: Option<&ProgressEntry>) -> String {
    match entry.map(|e| &e.last.answer) {
        Some(Answer::Expression(t)) | Some(Answer::Path(t)) => t.clone(),
        _ => ex.given.clone(),
    }
}

fn starting_choice(entry: Option<&ProgressEntry>) -> Option<String> {
    match entry.map(|e| &e.last.answer) {
        Some(Answer::Choice(c)) => Some(c.clone()),
        _ => None,
    }
}

#[function_component(ExerciseView)]
pub fn exercise_view(props: &ExerciseViewProps) -> Html {
    let ex = &props.exercise;
    let text = use_state(|| starting_text(ex, props.entry.as_ref()));
    let choice = use_state(|| starting_choice(props.entry.as_ref()));
    let missing = use_state(|| false);

    let answer: Option<Answer> = match ex.kind {
        ExerciseKind::FixExpression => Some(Answer::Expression((*text).clone())),
        ExerciseKind::FixPath => Some(Answer::Path((*text).clone())),
        ExerciseKind::PredictExit => (*choice).clone().map(Answer::Choice),
        ExerciseKind::Scenario => Some(Answer::Actions((*props.history).clone())),
    };
    let on_check = {
        let ex = ex.clone();
        let on_result = props.on_result.clone();
        let missing = missing.clone();
        let flow = props.flow.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match &answer {
                Some(answer) => {
                    missing.set(false);
                    on_result.emit(match &flow {
                        Some(flow) => check_on(&ex, answer, flow),
                        None => check(&ex, answer),
                    });
                }
                None => missing.set(true),
            }
        })
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                text.set(t.value());
            } else if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                text.set(i.value());
            }
        })
    };
    let reset_text = {
        let text = text.clone();
        let given = ex.given.clone();
        Callback::from(move |_: MouseEvent| text.set(given.clone()))
    };
    let field_id = format!("ex-answer-{}", ex.id);

    let input = match ex.kind {
        ExerciseKind::FixExpression => html! {
            <div class="ex-field">
                <label for={field_id.clone()}>{ "Condition expression" }</label>
                <textarea id={field_id.clone()} class="mono" rows="5" spellcheck="false"
                    value={(*text).clone()} oninput={on_text} />
                <button type="button" onclick={reset_text}>{ "Start again from the given text" }</button>
            </div>
        },
        ExerciseKind::FixPath => html! {
            <div class="ex-field">
                <label for={field_id.clone()}>
                    { format!("Path expression for {}", ex.variable.clone().unwrap_or_default()) }
                </label>
                <input id={field_id.clone()} class="mono" type="text" spellcheck="false" autocomplete="off"
                    value={(*text).clone()} oninput={on_text} />
                <button type="button" onclick={reset_text}>{ "Start again from the given text" }</button>
            </div>
        },
        ExerciseKind::PredictExit => html! {
            <fieldset class="ex-choices" aria-describedby={missing.then_some("ex-choice-missing")}>
                <legend>{ "The Condition node's exit" }</legend>
                { for ex.choices.iter().map(|c| {
                    let id = format!("{field_id}-{c}");
                    let onchange = {
                        let choice = choice.clone();
                        let c = c.clone();
                        Callback::from(move |_: Event| choice.set(Some(c.clone())))
                    };
                    html! {
                        <div class="ex-choice">
                            <input type="radio" id={id.clone()} name={field_id.clone()} value={c.clone()}
                                checked={choice.as_deref() == Some(c.as_str())} {onchange} />
                            <label for={id}>{ c.clone() }</label>
                        </div>
                    }
                }) }
                if *missing {
                    <p id="ex-choice-missing" class="ex-error">{ "Pick an exit first." }</p>
                }
            </fieldset>
        },
        ExerciseKind::Scenario => html! {
            <p class="ex-scenario-note">
                { "Play this scenario in the " }<a href="exercises#practice">{ "simulator above" }</a>
                { format!(", then check your session (it has {} actions; use “Reset the simulator” to start over).", props.history.len()) }
            </p>
        },
    };
    let check_label = if ex.kind == ExerciseKind::Scenario {
        "Check my simulator session"
    } else {
        "Check"
    };

    let result = props.entry.as_ref().map(|entry| {
        let r = &entry.last;
        html! {
            <div class={classes!("ex-result", if r.passed { "ex-result-passed" } else { "ex-result-failed" })}>
                <p class="ex-result-summary">
                    <strong>{ if r.passed { "Passed. " } else { "Not passed. " } }</strong>{ r.summary.clone() }
                </p>
                if !r.cases.is_empty() {
                    <div class="ex-table-scroll" tabindex="0" role="region" aria-label="Cases checked">
                        <table class="ex-table">
                            <thead><tr>
                                <th scope="col">{ "Case" }</th><th scope="col">{ "Expected" }</th>
                                <th scope="col">{ "Got" }</th><th scope="col">{ "Why" }</th>
                            </tr></thead>
                            <tbody>
                                { for r.cases.iter().map(|c| html! {
                                    <tr class={if c.passed { "ex-case-passed" } else { "ex-case-failed" }}>
                                        <th scope="row">{ c.label.clone() }</th>
                                        <td>{ c.expected.clone() }</td>
                                        <td>{ format!("{}{}", c.got, if c.passed { " ✓" } else { " ✗" }) }</td>
                                        <td>{ c.reason.clone() }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
                if !r.flow_findings.is_empty() {
                    <div class="ex-flow-findings">
                        <p>{ "What the mission checker found in your flow, which may be why:" }</p>
                        <ul>{ for r.flow_findings.iter().map(|f| html! { <li>{ f.clone() }</li> }) }</ul>
                    </div>
                }
                if let Some(explanation) = &r.explanation {
                    <p class="ex-explanation"><strong>{ "Explanation: " }</strong>{ explanation.clone() }</p>
                }
                <p class="ex-muted">
                    { format!("Attempts: {}. Checked on {}.", entry.attempts, r.flow.as_deref().unwrap_or("the mission flow")) }
                </p>
            </div>
        }
    });

    html! {
        <article class="ex-exercise" aria-labelledby="ex-exercise-heading">
            <h3 id="ex-exercise-heading">{ ex.title.clone() }</h3>
            <p class="ex-exercise-prompt">{ ex.prompt.clone() }</p>
            if !ex.hints.is_empty() {
                <details class="ex-hints">
                    <summary>{ "Hints" }</summary>
                    <ul>{ for ex.hints.iter().map(|h| html! { <li>{ h.clone() }</li> }) }</ul>
                </details>
            }
            <form onsubmit={on_check}>
                { input }
                <button type="submit" class="ex-check">{ check_label }</button>
            </form>
            <div class="ex-live" role="status" aria-live="polite">{ for result }</div>
        </article>
    }
}

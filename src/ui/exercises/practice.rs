//! The "Practice" simulator panel: agent, calls and keypad, clock, Analyzer tasks, what the last
//! action did, and Reset.

use std::rc::Rc;

use yew::prelude::*;

use super::agent::AgentPanel;
use super::call::CallPanel;
use super::clock::ClockPanel;
use super::session::{Session, SessionAction};
use super::tasks::TasksTable;

#[derive(Properties, PartialEq)]
pub struct PracticeProps {
    pub session: Rc<Session>,
    pub on_action: Callback<SessionAction>,
}

#[function_component(Practice)]
pub fn practice(props: &PracticeProps) -> Html {
    let session = &props.session;
    let reset = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(SessionAction::Reset))
    };
    let notice = session.notice.as_ref().map(|n| {
        html! {
            <p class={classes!("ex-notice", n.error.then_some("ex-notice-error"))}>{ n.text.clone() }</p>
        }
    });
    let events = (!session.events.is_empty()).then(|| {
        html! {
            <ul class="ex-events" aria-label="What happened">
                { for session.events.iter().map(|e| html! { <li>{ e.clone() }</li> }) }
            </ul>
        }
    });
    let body = match &session.center {
        Ok(cc) => html! {
            <>
                <div class="ex-practice-grid">
                    <AgentPanel center={cc.clone()} on_action={props.on_action.clone()} />
                    <ClockPanel now={cc.now()} on_action={props.on_action.clone()} />
                </div>
                <CallPanel center={cc.clone()} on_action={props.on_action.clone()} />
                <TasksTable center={cc.clone()} />
                <p class="ex-muted">
                    { format!("This session: {} actions, kept in this browser. ", cc.history().len()) }
                    { "Simplifications: an agent who becomes Available answers the oldest queued contact at once; a callback runs no flow." }
                </p>
            </>
        },
        Err(why) => html! { <p class="ex-notice ex-notice-error">{ why.clone() }</p> },
    };
    html! {
        <section id="practice" class="ex-section" aria-labelledby="ex-practice-heading">
            <div class="ex-section-head">
                <h2 id="ex-practice-heading">{ "Practice: the simulated contact center" }</h2>
                <button type="button" onclick={reset}>{ "Reset the simulator" }</button>
            </div>
            <p id="ex-running" class="ex-running">
                <strong>{ format!("Running: {}", session.flow.as_ref().map_or_else(|| "the mission flow".to_string(), |f| f.title())) }</strong>
            </p>
            <p>
                { "Play the mission's Testing section: keep the agent Not Available, call the support number, press 1, enter " }
                <code>{ "+14085267209" }</code>{ ", press 1; then call again. Everything runs in this browser, with no network." }
            </p>
            <div class="ex-live" role="status" aria-live="polite">
                { for notice }
                { for events }
            </div>
            { body }
        </section>
    }
}

//! The agent's state: Available, or Not Available with an idle code; ending the call the agent is on.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::sim::center::IDLE_CODES;
use crate::sim::{Action, AgentState, ContactCenter};

use super::format::time_of_day;
use super::session::SessionAction;

#[derive(Properties, PartialEq)]
pub struct AgentPanelProps {
    pub center: Rc<ContactCenter>,
    pub on_action: Callback<SessionAction>,
}

#[function_component(AgentPanel)]
pub fn agent_panel(props: &AgentPanelProps) -> Html {
    let idle_code = use_state(|| IDLE_CODES.first().copied().unwrap_or("Meeting").to_string());
    let agent = props.center.agent();
    let (state_text, state_class) = match &agent.state {
        AgentState::Available => ("Available".to_string(), "ex-agent-available"),
        AgentState::NotAvailable { idle_code } => {
            (format!("Not Available ({idle_code})"), "ex-agent-idle")
        }
        AgentState::Engaged { interaction } => (
            format!("Engaged on interaction {interaction}"),
            "ex-agent-engaged",
        ),
    };
    let engaged = matches!(agent.state, AgentState::Engaged { .. });
    // "End the agent's call" disappears once used: keep the keyboard user in the panel.
    {
        let first = use_mut_ref(|| true);
        use_effect_with(engaged, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                super::focus::refocus_if_lost(&["ex-make-available", "ex-idle-code"]);
            }
        });
    }
    let send = |action: Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(SessionAction::Do(action.clone())))
    };
    let on_idle_change = {
        let idle_code = idle_code.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                idle_code.set(select.value());
            }
        })
    };
    let not_available = {
        let on_action = props.on_action.clone();
        let code = (*idle_code).clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(SessionAction::Do(Action::AgentNotAvailable {
                idle_code: code.clone(),
            }))
        })
    };
    html! {
        <section class="ex-card ex-agent" aria-labelledby="ex-agent-heading">
            <h3 id="ex-agent-heading">{ "Agent" }</h3>
            <p>
                { format!("{}: ", agent.name) }
                <strong class={classes!("ex-agent-state", state_class)} id="ex-agent-state">{ state_text }</strong>
                { format!(" since {}", time_of_day(agent.since)) }
            </p>
            <div class="ex-row">
                <button type="button" id="ex-make-available" onclick={send(Action::AgentAvailable)} disabled={engaged}>
                    { "Make Available" }
                </button>
            </div>
            <div class="ex-row">
                <label for="ex-idle-code">{ "Idle code" }</label>
                <select id="ex-idle-code" onchange={on_idle_change}>
                    { for IDLE_CODES.iter().map(|c| html! {
                        <option value={*c} selected={*c == idle_code.as_str()}>{ *c }</option>
                    }) }
                </select>
                <button type="button" onclick={not_available} disabled={engaged}>
                    { "Make Not Available" }
                </button>
            </div>
            if engaged {
                <div class="ex-row">
                    <button type="button" onclick={send(Action::AgentEndCall)}>
                        { "End the agent's call" }
                    </button>
                    <span class="ex-muted">{ "The agent is Available again afterwards." }</span>
                </div>
            }
        </section>
    }
}

//! The simulated clock: the time, and buttons (and a field) to move it on.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::sim::Action;

use super::format::{clock, since_start};
use super::session::SessionAction;

/// The quick advances offered: label and minutes.
const STEPS: &[(&str, i64)] = &[
    ("+1 min", 1),
    ("+5 min", 5),
    ("+1 h", 60),
    ("+250 min", 250),
    ("+251 min", 251),
];

#[derive(Properties, PartialEq)]
pub struct ClockPanelProps {
    pub now: i64,
    pub on_action: Callback<SessionAction>,
}

/// Minutes typed in the field, as milliseconds; `None` for anything but a whole positive number.
pub fn parse_minutes(text: &str) -> Option<i64> {
    let minutes: i64 = text.trim().parse().ok()?;
    (minutes > 0).then(|| minutes.checked_mul(60_000)).flatten()
}

#[function_component(ClockPanel)]
pub fn clock_panel(props: &ClockPanelProps) -> Html {
    let minutes = use_state(|| "10".to_string());
    let error = use_state(|| None::<String>);
    let advance = |m: i64| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(SessionAction::Do(Action::AdvanceClock { ms: m * 60_000 }))
        })
    };
    let on_input = {
        let minutes = minutes.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                minutes.set(i.value());
            }
        })
    };
    let on_submit = {
        let minutes = minutes.clone();
        let error = error.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match parse_minutes(&minutes) {
                Some(ms) => {
                    error.set(None);
                    on_action.emit(SessionAction::Do(Action::AdvanceClock { ms }));
                }
                None => error.set(Some("Enter a whole number of minutes, 1 or more.".into())),
            }
        })
    };
    html! {
        <section class="ex-card ex-clock" aria-labelledby="ex-clock-heading">
            <h3 id="ex-clock-heading">{ "Simulated clock" }</h3>
            <p>
                <strong id="ex-now">{ clock(props.now) }</strong>
                <span class="ex-muted">{ format!(" ({})", since_start(props.now)) }</span>
            </p>
            <p class="ex-muted">{ "The search looks back 250 minutes (from = now − 15 000 000 ms)." }</p>
            <div class="ex-row" role="group" aria-label="Advance the clock">
                { for STEPS.iter().map(|(label, m)| html! {
                    <button type="button" onclick={advance(*m)}
                        aria-label={format!("Advance the clock {label}")}>{ *label }</button>
                }) }
            </div>
            <form class="ex-row" onsubmit={on_submit}>
                <label for="ex-minutes">{ "Minutes" }</label>
                <input id="ex-minutes" type="text" inputmode="numeric" size="6" value={(*minutes).clone()}
                    oninput={on_input} aria-invalid={error.is_some().to_string()}
                    aria-describedby={error.is_some().then_some("ex-minutes-error")} />
                <button type="submit">{ "Advance" }</button>
            </form>
            if let Some(message) = &*error {
                <p id="ex-minutes-error" class="ex-error">{ message.clone() }</p>
            }
        </section>
    }
}

//! Calls: the support number, "Place call", the prompts of the current call as text (a live region),
//! and the keypad for its menus and digits.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::flow::{NodeKind, StepDetail};
use crate::sim::{Action, CallState, ContactCenter, Interaction, InteractionKind};

use super::session::SessionAction;

/// The number the guide asks for (with the `+` of its copy button).
pub const GUIDE_NUMBER: &str = "+14085267209";
/// The caller's number the form starts with (fictional).
pub const DEFAULT_CALLER: &str = "+14085550123";

#[derive(Properties, PartialEq)]
pub struct CallPanelProps {
    pub center: Rc<ContactCenter>,
    pub on_action: Callback<SessionAction>,
}

/// The call the panel shows: the newest one waiting for keys, else the newest inbound call.
fn current_call(cc: &ContactCenter) -> Option<&Interaction> {
    cc.waiting_call().or_else(|| {
        cc.interactions_newest_first()
            .find(|i| i.kind == InteractionKind::Inbound)
    })
}

pub fn state_words(i: &Interaction) -> String {
    i.state_words()
}

/// What the caller heard, in order: (node, text, what the caller answered).
pub fn transcript(i: &Interaction) -> Vec<(String, String, Option<String>)> {
    i.steps
        .iter()
        .filter_map(|step| match &step.detail {
            Some(StepDetail::Prompt { text }) => Some((step.label.clone(), text.clone(), None)),
            Some(StepDetail::Menu {
                prompt,
                key,
                option,
            }) => Some((
                step.label.clone(),
                prompt.clone(),
                Some(if option.is_empty() {
                    format!("pressed {key} (not an option)")
                } else {
                    format!("pressed {key}: {option}")
                }),
            )),
            Some(StepDetail::Digits { prompt, digits }) => Some((
                step.label.clone(),
                prompt.clone(),
                Some(format!("entered {digits}")),
            )),
            _ => None,
        })
        .collect()
}

fn input_value(e: &InputEvent) -> Option<String> {
    e.target_dyn_into::<HtmlInputElement>().map(|i| i.value())
}

#[function_component(CallPanel)]
pub fn call_panel(props: &CallPanelProps) -> Html {
    let caller = use_state(|| DEFAULT_CALLER.to_string());
    let keys = use_state(String::new);
    // The field's own value is read when keys are sent or added: a fast typist can type and press
    // Enter before the next render, when the state captured by these callbacks is still the old one.
    let keys_field = use_node_ref();
    let cc = &props.center;
    let call = current_call(cc);
    let waiting = call.and_then(|i| match &i.state {
        CallState::WaitingForInput { node, prompt } => Some((i.id, node.clone(), prompt.clone())),
        _ => None,
    });

    // An answered menu's buttons disappear: keep the keyboard user in the call.
    {
        let first = use_mut_ref(|| true);
        use_effect_with(
            waiting.as_ref().map(|(c, n, _)| (*c, n.clone())),
            move |_| {
                if !std::mem::replace(&mut *first.borrow_mut(), false) {
                    super::focus::refocus_if_lost(&["ex-keys", "ex-caller"]);
                }
            },
        );
    }

    let on_caller = {
        let caller = caller.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                caller.set(v);
            }
        })
    };
    let on_place = {
        let caller = caller.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_action.emit(SessionAction::Do(Action::PlaceCall {
                from: (*caller).clone(),
            }));
        })
    };
    let on_keys = {
        let keys = keys.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                keys.set(v);
            }
        })
    };
    let on_send = {
        let keys = keys.clone();
        let keys_field = keys_field.clone();
        let on_action = props.on_action.clone();
        let call_id = waiting.as_ref().map(|w| w.0);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(call) = call_id {
                let field = keys_field.cast::<HtmlInputElement>();
                let typed = field
                    .as_ref()
                    .map_or_else(|| (*keys).clone(), |f| f.value());
                on_action.emit(SessionAction::Do(Action::Press { call, keys: typed }));
                if let Some(f) = field {
                    f.set_value("");
                }
                keys.set(String::new());
            }
        })
    };
    let press = |call: usize, k: String| {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(SessionAction::Do(Action::Press {
                call,
                keys: k.clone(),
            }))
        })
    };
    let append = |k: &'static str| {
        let keys = keys.clone();
        let keys_field = keys_field.clone();
        Callback::from(move |_: MouseEvent| {
            let field = keys_field.cast::<HtmlInputElement>();
            let so_far = field
                .as_ref()
                .map_or_else(|| (*keys).clone(), |f| f.value());
            let next = format!("{so_far}{k}");
            if let Some(f) = field {
                f.set_value(&next);
            }
            keys.set(next);
        })
    };
    let fill_guide_number = {
        let keys = keys.clone();
        Callback::from(move |_: MouseEvent| keys.set(GUIDE_NUMBER.to_string()))
    };
    let clear = {
        let keys = keys.clone();
        Callback::from(move |_: MouseEvent| keys.set(String::new()))
    };

    // What the waiting node takes: menu options as buttons, or a digits hint.
    let node_help = waiting.as_ref().map(|(call, node, _)| {
        let kind = cc.flow().nodes.iter().find(|n| &n.label == node).map(|n| &n.kind);
        match kind {
            Some(NodeKind::Menu(menu)) => html! {
                <div class="ex-menu-options" role="group" aria-label={format!("Menu options of {node}")}>
                    { for menu.options.iter().map(|o| html! {
                        <button type="button" class="ex-option" onclick={press(*call, o.digit.clone())}>
                            { format!("Press {} — {}", o.digit, o.label) }
                        </button>
                    }) }
                </div>
            },
            Some(NodeKind::CollectDigits(_)) => html! {
                <p class="ex-muted">
                    { "Enter the callback number (11 digits), e.g. the guide's " }
                    <code>{ GUIDE_NUMBER }</code>{ " " }
                    <button type="button" onclick={fill_guide_number.clone()}>{ "Type the guide's number" }</button>
                </p>
            },
            _ => html! {},
        }
    });

    let prompts = call.map(|i| {
        let lines = transcript(i);
        html! {
            <ol class="ex-prompts">
                { for lines.into_iter().map(|(node, text, answer)| html! {
                    <li>
                        <span class="ex-prompt-node">{ format!("{node}: ") }</span>{ text }
                        if let Some(answer) = answer { <span class="ex-answer">{ format!(" — {answer}") }</span> }
                    </li>
                }) }
            </ol>
        }
    });
    let call_title = call.map(|i| format!("Call {} from {} — {}", i.id, i.number, state_words(i)));
    let hang_up = waiting.as_ref().map(|(call, _, _)| {
        let on_action = props.on_action.clone();
        let call = *call;
        Callback::from(move |_: MouseEvent| {
            on_action.emit(SessionAction::Do(Action::HangUp { call }))
        })
    });
    const KEYPAD: [&str; 13] = [
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#", "+",
    ];

    html! {
        <section class="ex-card ex-call" aria-labelledby="ex-call-heading">
            <h3 id="ex-call-heading">{ "Calls" }</h3>
            <p>{ "Support number: " }<strong id="ex-support-number">{ cc.config.support_number.clone() }</strong></p>
            <form class="ex-row" onsubmit={on_place}>
                <label for="ex-caller">{ "Calling from" }</label>
                <input id="ex-caller" type="tel" inputmode="tel" autocomplete="off" value={(*caller).clone()} oninput={on_caller} />
                <button type="submit">{ "Place call" }</button>
            </form>
            <h4 id="ex-current-call">{ call_title.unwrap_or_else(|| "No call yet".to_string()) }</h4>
            <div class="ex-heard" role="log" aria-live="polite" aria-labelledby="ex-heard-label">
                <p id="ex-heard-label" class="ex-muted">{ "Prompts heard" }</p>
                { for prompts }
                if let Some((_, node, prompt)) = &waiting {
                    <p class="ex-waiting">
                        <span class="ex-prompt-node">{ format!("{node} (waiting): ") }</span>{ prompt.clone() }
                    </p>
                }
            </div>
            if let Some((call, node, _)) = &waiting {
                { for node_help }
                <form class="ex-keys" onsubmit={on_send}>
                    <label for="ex-keys">{ format!("Keys for call {call} at {node}") }</label>
                    <div class="ex-row">
                        <input id="ex-keys" ref={keys_field.clone()} type="text" inputmode="tel" autocomplete="off"
                            value={(*keys).clone()} oninput={on_keys} />
                        <button type="submit">{ "Send keys" }</button>
                        <button type="button" onclick={clear}>{ "Clear" }</button>
                    </div>
                    <div class="ex-keypad" role="group" aria-label="Keypad (adds to the keys field)">
                        { for KEYPAD.iter().map(|k| html! {
                            <button type="button" onclick={append(k)} aria-label={format!("Key {k}")}>{ *k }</button>
                        }) }
                    </div>
                </form>
                if let Some(onclick) = hang_up {
                    <button type="button" {onclick}>{ format!("Hang up call {call}") }</button>
                }
            }
        </section>
    }
}

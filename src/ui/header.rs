//! The sticky header: app name, navigation, the "Attendee ID" field, theme toggle, offline badge.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::route::{self, Route};
use super::state::{AttendeeInput, Theme};

/// The "Attendee ID" field's `id`.
pub const ATTENDEE_FIELD_ID: &str = "attendee-id";

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub route: Route,
    pub attendee: AttendeeInput,
    pub theme: Theme,
    pub online: bool,
    pub on_attendee: Callback<String>,
    pub on_theme: Callback<()>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let nav_items = Route::NAV.iter().map(|route| {
        let current = props.route.is_under(route);
        let onclick = route::follow(route.clone(), None);
        html! {
            <li>
                <a href={route.href()} {onclick} aria-current={current.then_some("page")}>
                    { route.title() }
                </a>
            </li>
        }
    });

    let oninput = {
        let on_attendee = props.on_attendee.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_attendee.emit(input.value());
        })
    };
    let error = props.attendee.error();
    let invalid = error.is_some();
    let on_theme = props.on_theme.reform(|_: MouseEvent| ());

    html! {
        <header class="app-header">
            // The narrow layout drops " companion" so title and tools share one row (see app.css).
            <p class="app-title">
                <a href={Route::Guide(None).href()} onclick={route::follow(Route::Guide(None), None)}>
                    { "Callback Lab" }<span class="app-title-extra">{ " companion" }</span>
                </a>
            </p>
            <nav class="app-nav" aria-label="Main">
                <ul>{ for nav_items }</ul>
            </nav>
            <div class="header-tools">
                <div class="attendee-field">
                    <label for={ATTENDEE_FIELD_ID}>{ "Attendee ID" }</label>
                    <input
                        id={ATTENDEE_FIELD_ID}
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        maxlength="8"
                        placeholder="e.g. 137"
                        value={props.attendee.text.clone()}
                        {oninput}
                        aria-invalid={invalid.to_string()}
                        aria-describedby={invalid.then_some("attendee-id-error")}
                    />
                </div>
                if !props.online {
                    <span class="offline-badge" role="status">{ "Offline" }</span>
                }
                // Narrow windows show only the icon; the text stays the button's accessible name.
                <button type="button" class="theme-button" onclick={on_theme} title="Switch between system, light and dark theme">
                    <span class="theme-icon" aria-hidden="true">{ "◐" }</span>
                    <span class="theme-text">{ props.theme.label() }</span>
                </button>
                if let Some(error) = error {
                    <p id="attendee-id-error" class="field-error" role="alert">{ error }</p>
                }
            </div>
        </header>
    }
}

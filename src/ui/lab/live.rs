//! "Run live": sends the rendered request to the chosen region's Search API with a token the user
//! pastes. The token and org id live in this component's memory only — never in the lab state,
//! storage or exports — and go only to the Webex API host of the region (the CSP allows no other).
//! When the browser blocks the call (CORS), cannot reach the host (network) or the API refuses it
//! (401/403), it says which and points to the curl command.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, RequestMode, Response};
use yew::prelude::*;

use crate::lab::curl::{live_url, region};
use crate::lab::LabAction;
use crate::notice::Notice;
use crate::ui::browser;

use super::Dispatch;

#[derive(Properties, PartialEq)]
pub struct RunLiveProps {
    /// `{"query": …, "variables": …}` to send (none while the inputs are invalid).
    pub body: Option<AttrValue>,
    pub region: AttrValue,
    pub dispatch: Dispatch,
}

#[function_component(RunLive)]
pub fn run_live(props: &RunLiveProps) -> Html {
    let token = use_state(String::new);
    let org = use_state(String::new);
    let busy = use_state(|| false);
    let message = use_state(|| None::<Notice>);

    let on_token = {
        let token = token.setter();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            token.set(input.value());
        })
    };
    let on_org = {
        let org = org.setter();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            org.set(input.value());
        })
    };
    let onclick = {
        let (token, org, busy, message) =
            (token.clone(), org.clone(), busy.clone(), message.clone());
        let body = props.body.clone();
        let region_id = props.region.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let say = |error: bool, text: String| message.set(Some(Notice { error, text }));
            let Some(body) = body.clone() else {
                say(
                    true,
                    "Fix the inputs first: there is no request to send.".into(),
                );
                return;
            };
            if token.trim().is_empty() || org.trim().is_empty() {
                say(
                    true,
                    "Paste an access token and your organization id first.".into(),
                );
                return;
            }
            let region = region(&region_id);
            let url = live_url(region, &org);
            let token = token.trim().to_string();
            let (busy, message, dispatch) = (busy.clone(), message.clone(), dispatch.clone());
            busy.set(true);
            message.set(None);
            yew::platform::spawn_local(async move {
                let result = send(&url, region.host, &token, &body).await;
                busy.set(false);
                let (error, text) = match result {
                    Ok((status, text)) => {
                        let note = match status {
                            401 | 403 => format!("The API answered {status}: the token was refused (expired, or without the scope to read tasks). Its answer is loaded below; get a fresh token, or use the curl command."),
                            s if (200..300).contains(&s) => format!("The API answered {status}; the response is loaded into the lab."),
                            s => format!("The API answered {s}; its answer is loaded into the lab."),
                        };
                        dispatch.dispatch(LabAction::LoadResponse {
                            status,
                            text,
                            from: format!("the live Search API ({})", region.host),
                        });
                        (!(200..300).contains(&status), note)
                    }
                    Err(why) => (true, why),
                };
                message.set(Some(Notice { error, text }));
            });
        })
    };

    html! {
        <div class="lab-block lab-live">
            <h3>{ "Run live" }</h3>
            <p class="lab-muted">
                { "Sends this request to the region's Search API from your browser. The token is kept in memory only: it is never stored, exported or sent anywhere but " }
                <code>{ region(&props.region).host }</code>{ "." }
            </p>
            <div class="lab-fields">
                <p class="lab-field">
                    <label for="lab-live-org">{ "Organization id" }</label>
                    <input id="lab-live-org" class="mono" autocomplete="off" spellcheck="false"
                        value={(*org).clone()} oninput={on_org} />
                </p>
                <p class="lab-field">
                    <label for="lab-live-token">{ "Access token" }</label>
                    <input id="lab-live-token" type="password" class="mono" autocomplete="off"
                        spellcheck="false" value={(*token).clone()} oninput={on_token} />
                </p>
            </div>
            <button type="button" {onclick} disabled={*busy}>{ if *busy { "Running…" } else { "Run live" } }</button>
            if let Some(m) = &*message {
                <p class={classes!("lab-live-message", m.error.then_some("error"))}
                    role={if m.error { "alert" } else { "note" }}>{ m.text.clone() }</p>
            }
        </div>
    }
}

/// POSTs `body` to `url` with the token; the status and text of any answer, or why there was none.
async fn send(url: &str, host: &str, token: &str, body: &str) -> Result<(i64, String), String> {
    let fail = |e: JsValue| browser::js_message(&e);
    let window = browser::window().ok_or("no window")?;
    let headers = Headers::new().map_err(fail)?;
    headers
        .set("Authorization", &format!("Bearer {token}"))
        .map_err(fail)?;
    headers
        .set("Content-Type", "application/json")
        .map_err(fail)?;
    headers.set("Accept", "application/json").map_err(fail)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    let answer = match JsFuture::from(window.fetch_with_str_and_init(url, &init)).await {
        Ok(answer) => answer,
        Err(e) => return Err(why_no_answer(&window, host, &browser::js_message(&e)).await),
    };
    let response: Response = answer
        .dyn_into()
        .map_err(|_| "the browser returned no response".to_string())?;
    let status = i64::from(response.status());
    let text = JsFuture::from(response.text().map_err(fail)?)
        .await
        .map_err(|e| format!("the answer could not be read: {}", browser::js_message(&e)))?
        .as_string()
        .unwrap_or_default();
    Ok((status, text))
}

/// Why a call got no answer. The browser reports CORS and network failures alike, so a second,
/// header-less `no-cors` request (no token, its answer unreadable by design) tells them apart: it
/// succeeds only when the host answers, and then it was CORS.
async fn why_no_answer(window: &web_sys::Window, host: &str, error: &str) -> String {
    if !window.navigator().on_line() {
        return "The browser is offline: no request was sent. Use the curl command when you are back online.".to_string();
    }
    let probe = RequestInit::new();
    probe.set_method("HEAD");
    probe.set_mode(RequestMode::NoCors);
    let reached =
        JsFuture::from(window.fetch_with_str_and_init(&format!("https://{host}/"), &probe))
            .await
            .is_ok();
    if reached {
        format!(
            "CORS: {host} answered, but the browser blocked the answer because the API does not allow calls from this page ({error}). Use the curl command above instead."
        )
    } else {
        format!(
            "Network: {host} could not be reached ({error}): no connection, a firewall or proxy, or the wrong region. Check them, or use the curl command above."
        )
    }
}

//! "Run live": sends the rendered request to the chosen region's Search API with a token the user
//! pastes. The token and org id live in this component's memory only — never in the lab state,
//! storage or exports — and go only to the Webex API host of the region (the CSP allows no other).
//! When the browser blocks the call (CORS), cannot reach the host (network) or the API refuses it
//! (401/403), it says which and points to the curl command.

use gloo_net::http::{Method, Request};
use web_sys::RequestMode;
use yew::prelude::*;

use crate::lab::curl::{live_endpoint, region};
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
            let url = live_endpoint(region);
            let org = org.trim().to_string();
            let token = token.trim().to_string();
            let (busy, message, dispatch) = (busy.clone(), message.clone(), dispatch.clone());
            busy.set(true);
            message.set(None);
            yew::platform::spawn_local(async move {
                let result = send(&url, &org, region.host, &token, &body).await;
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
                    Err(why) => (true, why.to_string()),
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

/// Why "Run live" got no answer to show.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LiveError {
    /// The token holds characters no HTTP header can carry (a pasted line break, a typographic
    /// character): the browser would refuse the request.
    TokenNotSendable,
    /// The request could not be built (the browser's message).
    Request(String),
    Offline,
    /// The host answered a probe, so the browser blocked the answer itself.
    Cors {
        host: &'static str,
        error: String,
    },
    Network {
        host: &'static str,
        error: String,
    },
    /// An answer came but its text could not be read.
    Unreadable(String),
}

impl std::fmt::Display for LiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LiveError::TokenNotSendable => write!(f, "The access token contains characters that cannot be sent (a line break or a typographic character): paste it again exactly as issued."),
            LiveError::Request(error) => write!(f, "The request could not be made: {error}."),
            LiveError::Offline => write!(f, "The browser is offline: no request was sent. Use the curl command when you are back online."),
            LiveError::Cors { host, error } => write!(f, "CORS: {host} answered, but the browser blocked the answer because the API does not allow calls from this page ({error}). Use the curl command above instead."),
            LiveError::Network { host, error } => write!(f, "Network: {host} could not be reached ({error}): no connection, a firewall or proxy, or the wrong region. Check them, or use the curl command above."),
            LiveError::Unreadable(error) => write!(f, "the answer could not be read: {error}"),
        }
    }
}

/// Whether `value` can be a header value as the browser sends it (visible ASCII, spaces, tabs).
fn header_safe(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || (0x20..=0x7e).contains(&b))
}

/// POSTs `body` to `url` (with `orgId`) and the token; the status and text of any answer, or why
/// there was none.
async fn send(
    url: &str,
    org: &str,
    host: &'static str,
    token: &str,
    body: &str,
) -> Result<(i64, String), LiveError> {
    // gloo-net sets headers with `unwrap_throw`: a value the browser refuses must not get there.
    if !header_safe(token) {
        return Err(LiveError::TokenNotSendable);
    }
    let request = Request::post(url)
        .query([("orgId", org)])
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .body(body)
        .map_err(|e| LiveError::Request(e.to_string()))?;
    let response = match request.send().await {
        Ok(response) => response,
        Err(e) => return Err(why_no_answer(host, e.to_string()).await),
    };
    let status = i64::from(response.status());
    let text = response
        .text()
        .await
        .map_err(|e| LiveError::Unreadable(e.to_string()))?;
    Ok((status, text))
}

/// Why a call got no answer. The browser reports CORS and network failures alike, so a second,
/// header-less `no-cors` request (no token, its answer unreadable by design) tells them apart: it
/// succeeds only when the host answers, and then it was CORS.
async fn why_no_answer(host: &'static str, error: String) -> LiveError {
    if !browser::window().is_none_or(|w| w.navigator().on_line()) {
        return LiveError::Offline;
    }
    let reached = Request::get(&format!("https://{host}/"))
        .method(Method::HEAD)
        .mode(RequestMode::NoCors)
        .send()
        .await
        .is_ok();
    if reached {
        LiveError::Cors { host, error }
    } else {
        LiveError::Network { host, error }
    }
}

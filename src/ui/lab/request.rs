//! The request panel: the GraphQL query and variables as the HTTP node sends them, the time window,
//! and a `curl` command for a chosen API region — each with a copy button.

use yew::prelude::*;

use crate::guide::CopyPayload;
use crate::lab::curl::REGIONS;
use crate::lab::view::RequestView;
use crate::ui::guide::CopyButton;

#[derive(Properties, PartialEq)]
pub struct RequestPanelProps {
    pub request: Option<RequestView>,
    pub region: AttrValue,
    pub on_region: Callback<String>,
}

fn copy(text: &str, what: &'static str) -> Html {
    html! {
        <CopyButton payload={CopyPayload { text: text.to_string(), missing_attendee_id: false }}
            what={AttrValue::Static(what)} />
    }
}

#[function_component(RequestPanel)]
pub fn request_panel(props: &RequestPanelProps) -> Html {
    let Some(r) = &props.request else {
        return html! {
            <p class="lab-muted">{ "The request is shown once the inputs are valid." }</p>
        };
    };
    let on_region = {
        let cb = props.on_region.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            cb.emit(select.value());
        })
    };
    let time = |label: &'static str, t: &Option<crate::flow::TimePoint>| match t {
        Some(t) => html! {
            <>
                <dt>{ label }</dt>
                <dd><code>{ t.epoch_ms }</code>{ " = " }<time datetime={t.utc.clone()}>{ t.utc.replace('T', " ").replace(".000Z", " UTC").replace('Z', " UTC") }</time></dd>
            </>
        },
        None => html! {},
    };
    html! {
        <div class="lab-request">
            <p class="lab-muted">
                { format!("{} {} through the {} connector, as a GraphQL request.", r.method, r.path, r.connector) }
            </p>
            <dl class="lab-times">
                { time("from", &r.from) }
                { time("to", &r.to) }
            </dl>
            <div class="lab-block">
                <div class="lab-block-head"><h3>{ "GraphQL query" }</h3>{ copy(&r.query, "GraphQL query") }</div>
                <pre class="lab-pre"><code>{ r.query.clone() }</code></pre>
            </div>
            <div class="lab-block">
                <div class="lab-block-head"><h3>{ "GraphQL variables" }</h3>{ copy(&r.variables_text, "GraphQL variables") }</div>
                <pre class="lab-pre"><code>{ r.variables_text.clone() }</code></pre>
            </div>
            <div class="lab-block">
                <div class="lab-block-head">
                    <h3>{ "curl" }</h3>
                    <label for="lab-region">{ "Region" }</label>
                    <select id="lab-region" onchange={on_region}>
                        { for REGIONS.iter().map(|reg| html! {
                            <option value={reg.id} selected={props.region == reg.id}>{ reg.label }</option>
                        }) }
                    </select>
                    { copy(&r.curl, "curl command") }
                </div>
                <p class="lab-muted">
                    { "Replace " }<code>{ "YOUR_ACCESS_TOKEN" }</code>{ " and " }<code>{ "YOUR_ORG_ID" }</code>
                    { " with your own (Developer Portal → your profile). The token is never asked for or stored here." }
                </p>
                <pre class="lab-pre"><code>{ r.curl.clone() }</code></pre>
            </div>
        </div>
    }
}

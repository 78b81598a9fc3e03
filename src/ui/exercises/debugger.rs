//! Flow Designer's Debugger and Analyze views over the session: the flow that runs, drawn with visit
//! counts (the shared [`FlowDiagram`]); interactions newest first (or only those through the node
//! picked in the picture); the selected one's nodes in order with their modified variables, the HTTP
//! node's request and response.

use std::rc::Rc;
use std::sync::Arc;

use yew::prelude::*;

use crate::flow::{Activity, Step};
use crate::lab::picture::FlowPicture;
use crate::sim::{ContactCenter, FlowId, HttpExchange, Interaction, InteractionKind};
use crate::ui::flow_picture::FlowDiagram;

use super::call::state_words;
use super::format::{short_task, time_of_day};

#[derive(Properties, PartialEq)]
pub struct DebuggerProps {
    pub center: Rc<ContactCenter>,
    /// Which flow the center runs (the picture is laid out again only when it changes).
    pub flow: FlowId,
}

fn kind_words(i: &Interaction) -> &'static str {
    match i.kind {
        InteractionKind::Inbound => "inbound call",
        InteractionKind::Callback => "callback",
    }
}

#[function_component(Debugger)]
pub fn debugger(props: &DebuggerProps) -> Html {
    let cc = &props.center;
    let selected = use_state(|| None::<usize>);
    let node = use_state(|| None::<String>);
    let picture = {
        let cc = cc.clone();
        use_memo(props.flow.clone(), move |_| {
            Arc::new(FlowPicture::of(cc.flow()))
        })
    };

    let visits: Vec<usize> = {
        let counts = cc.visit_counts();
        picture
            .nodes
            .iter()
            .map(|n| {
                counts
                    .iter()
                    .find(|c| c.label == n.label)
                    .map_or(0, |c| c.visits)
            })
            .collect()
    };
    let taken = picture.taken_by(cc.interactions().iter().flat_map(|i| i.runs.iter()));

    let listed: Vec<&Interaction> = match node.as_deref() {
        Some(label) => cc.interactions_through(label).collect(),
        None => cc.interactions_newest_first().collect(),
    };
    let shown = selected
        .and_then(|id| listed.iter().find(|i| i.id == id).copied())
        .or_else(|| listed.first().copied());

    let on_node = {
        let node = node.clone();
        let selected = selected.clone();
        Callback::from(move |label: String| {
            // Picking the node again lists every interaction again.
            let next = (node.as_deref() != Some(label.as_str())).then_some(label);
            node.set(next);
            selected.set(None);
        })
    };
    let show_all = {
        let node = node.clone();
        Callback::from(move |_: MouseEvent| node.set(None))
    };

    let items = listed.iter().enumerate().map(|(n, i)| {
        let pressed = shown.is_some_and(|s| s.id == i.id);
        let onclick = {
            let selected = selected.clone();
            let id = i.id;
            Callback::from(move |_: MouseEvent| selected.set(Some(id)))
        };
        html! {
            <li>
                <button type="button" class={classes!("ex-interaction", pressed.then_some("selected"))}
                    aria-pressed={pressed.to_string()} data-interaction={i.id.to_string()} {onclick}>
                    <strong>{ format!("Interaction {}", i.id) }</strong>
                    { format!(" · {} · {} · {} · {}", kind_words(i), i.number, time_of_day(i.started_at), state_words(i)) }
                    if n == 0 { <span class="ex-tag">{ "latest" }</span> }
                </button>
            </li>
        }
    });

    html! {
        <section id="debugger" class="ex-section" tabindex="-1" aria-labelledby="ex-debugger-heading">
            <h2 id="ex-debugger-heading">{ "Debugger and Analyze" }</h2>
            <FlowDiagram picture={(*picture).clone()} {taken} visits={Rc::new(visits)}
                selected={(*node).clone()} on_select={on_node} id_prefix="ex"
                caption=" with visit counts over this session. Select a node to list the interactions through it." />
            <div class="ex-debugger">
                <div class="ex-interactions">
                    <h3 id="ex-interactions-heading">
                        { match node.as_deref() {
                            Some(label) => format!("Interactions through {label}"),
                            None => "Interactions, newest first".to_string(),
                        } }
                    </h3>
                    if node.is_some() {
                        <button type="button" onclick={show_all}>{ "Show all interactions" }</button>
                    }
                    if listed.is_empty() {
                        <p>{ "No interactions yet: place a call in the simulator." }</p>
                    } else {
                        <ol class="ex-interaction-list" aria-labelledby="ex-interactions-heading">{ for items }</ol>
                    }
                </div>
                if let Some(i) = shown {
                    <InteractionDetail interaction={Rc::new(i.clone())} />
                }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct InteractionDetailProps {
    pub interaction: Rc<Interaction>,
}

/// One interaction in the Debugger: its nodes in order with their modified variables.
#[function_component(InteractionDetail)]
pub fn interaction_detail(props: &InteractionDetailProps) -> Html {
    let i = &props.interaction;
    let mut http_seen = 0usize;
    let steps = i.steps.iter().map(|step| {
        let exchange = if step.kind.is(Activity::HttpRequest) {
            http_seen += 1;
            i.exchanges.get(http_seen - 1)
        } else {
            None
        };
        step_html(step, exchange)
    });
    html! {
        <article class="ex-interaction-detail" aria-labelledby="ex-detail-heading">
            <h3 id="ex-detail-heading">
                { format!("Interaction {} · {} · task {}", i.id, kind_words(i), short_task(&i.task_id)) }
            </h3>
            <p>{ format!("{} at {}; {}.", i.number, time_of_day(i.started_at), state_words(i)) }</p>
            if !i.events.is_empty() {
                <ul class="ex-muted">{ for i.events.iter().map(|e| html! { <li>{ e.clone() }</li> }) }</ul>
            }
            if i.steps.is_empty() {
                <p>{ "This interaction ran no flow (a callback goes straight to the agent)." }</p>
            } else {
                <h4 id="ex-steps-heading">{ "Activities visited" }</h4>
                <ol class="ex-steps" aria-labelledby="ex-steps-heading">{ for steps }</ol>
            }
        </article>
    }
}

fn step_html(step: &Step, exchange: Option<&HttpExchange>) -> Html {
    let exit = match (&step.exit, &step.next) {
        (Some(exit), Some(next)) => format!("exit {exit} → {next}"),
        (Some(exit), None) => format!("exit {exit}"),
        _ => "no exit taken (waiting or ended here)".to_string(),
    };
    let modified = (!step.modified.is_empty()).then(|| {
        html! {
            <div class="ex-modified">
                <p class="ex-modified-title">{ "Modified Variables" }</p>
                <dl>
                    { for step.modified.iter().map(|m| html! {
                        <>
                            <dt><code>{ m.name.clone() }</code>{ format!(" ({})", m.value_type) }</dt>
                            <dd>
                                <pre class="ex-value">{ m.new.clone() }</pre>
                                if let Some(old) = &m.old {
                                    if m.changed { <span class="ex-muted">{ format!("was: {old}") }</span> }
                                }
                                if m.truncated { <span class="ex-muted">{ " (cut short)" }</span> }
                            </dd>
                        </>
                    }) }
                </dl>
            </div>
        }
    });
    let http = exchange.map(|x| {
        html! {
            <div class="ex-http">
                <p class="ex-modified-title">{ "Request" }</p>
                <p><code>{ format!("{} {} ({}, {})", x.request.method, x.request.path, x.request.connector, x.request.content_type) }</code></p>
                // Long texts scroll inside their box (narrow screens): focusable, so keyboards can scroll.
                <pre class="ex-value" tabindex="0">{ x.request.query.clone() }</pre>
                <pre class="ex-value" tabindex="0">{ x.request.variables_text.clone() }</pre>
                <p class="ex-modified-title">{ format!("Response: status {}", x.response.status) }</p>
                <pre class="ex-value ex-response-body" tabindex="0">{ x.response.body.clone() }</pre>
            </div>
        }
    });
    html! {
        <li class="ex-step" data-label={step.label.clone()}>
            <p class="ex-step-head"><strong>{ step.label.clone() }</strong>
                <span class="ex-muted">{ format!(" ({}) — {exit}", step.kind) }</span></p>
            { for http }
            { for modified }
        </li>
    }
}

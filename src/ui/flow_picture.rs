//! The flow picture the Condition lab and the exercises' Analyze view both draw: the flow laid out
//! by [`crate::lab::layout`] as an SVG, what was taken highlighted (the lab: its one run; Analyze:
//! every run of the session), visit counts as badges when given, and activities the model does not
//! simulate drawn dashed and named so. Nodes are buttons (click, Enter or Space) that report their
//! label; the page decides what picking one means.

use std::rc::Rc;
use std::sync::Arc;

use yew::prelude::*;

use crate::lab::layout::EdgeShape;
use crate::lab::picture::{FlowPicture, Taken};

#[derive(Properties, PartialEq)]
pub struct FlowDiagramProps {
    pub picture: Arc<FlowPicture>,
    /// The nodes and edges to highlight.
    pub taken: Taken,
    /// Visits per node, in the picture's node order: shown as badges and in each node's name.
    #[prop_or_default]
    pub visits: Option<Rc<Vec<usize>>>,
    pub selected: Option<String>,
    /// Called with the label of the node picked.
    pub on_select: Callback<String>,
    /// Prefix of the element ids (`lab`, `ex`), so each page's ids stay unique.
    pub id_prefix: AttrValue,
    /// What the picture shows, after "Flow picture of <name>".
    pub caption: AttrValue,
    /// A summary for screen readers (the taken path in words).
    #[prop_or_default]
    pub summary: Option<AttrValue>,
}

/// Pictures with more nodes than this are drawn only when asked: drawing thousands of SVG nodes and
/// links holds the page for longer than a frame budget allows (measured: BENCHMARKS.md, "Large
/// flows"). The run, the verdict and the node list work the same without the picture.
pub const DRAWN_AT_ONCE: usize = 300;

/// A coordinate with one decimal.
fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

#[function_component(FlowDiagram)]
pub fn flow_diagram(props: &FlowDiagramProps) -> Html {
    let picture = &props.picture;
    let layout = &picture.layout;
    let prefix = &props.id_prefix;
    let asked = use_state(|| false);
    if picture.nodes.len() > DRAWN_AT_ONCE && !*asked {
        let draw = {
            let asked = asked.clone();
            Callback::from(move |_: MouseEvent| asked.set(true))
        };
        return html! {
            <figure class="flow-figure">
                <figcaption id={format!("{prefix}-flow-caption")}>
                    { "Flow picture of " }<code>{ picture.name.clone() }</code>
                </figcaption>
                if let Some(summary) = &props.summary {
                    <p id={format!("{prefix}-flow-summary")}>{ summary.clone() }</p>
                }
                <p class="flow-large">
                    { format!(
                        "This flow has {} activities and {} links: its picture is drawn when you ask (it takes a moment). ",
                        picture.nodes.len(),
                        layout.edges.iter().map(|e| e.exits.len()).sum::<usize>()
                    ) }
                    <button type="button" id={format!("{prefix}-flow-draw")} onclick={draw}>{ "Draw the flow picture" }</button>
                </p>
            </figure>
        };
    }
    let (arrow, arrow_taken) = (format!("{prefix}-arrow"), format!("{prefix}-arrow-taken"));
    let caption_id = format!("{prefix}-flow-caption");
    let summary_id = format!("{prefix}-flow-summary");

    let edges = layout.edges.iter().enumerate().map(|(i, e)| {
        let taken = props.taken.edges.get(i).copied().unwrap_or(false);
        let class = classes!(
            "flow-edge",
            taken.then_some("taken"),
            (e.shape != EdgeShape::Forward).then_some("loop")
        );
        let marker = format!("url(#{})", if taken { &arrow_taken } else { &arrow });
        let anchor = if e.shape == EdgeShape::Back && e.label_x > layout.width / 2.0 {
            "end"
        } else {
            "start"
        };
        html! {
            <g class={class}>
                <path d={e.d.clone()} marker-end={marker} />
                <text x={fmt(e.label_x)} y={fmt(e.label_y)} text-anchor={anchor} class="flow-edge-label">
                    { e.label() }
                </text>
            </g>
        }
    });

    let nodes = layout.nodes.iter().map(|b| {
        let Some(node) = picture.nodes.get(b.index) else {
            return html! {};
        };
        let taken = props.taken.nodes.get(b.index).copied().unwrap_or(false);
        let visits = props
            .visits
            .as_ref()
            .map(|v| v.get(b.index).copied().unwrap_or(0));
        let selected = props.selected.as_deref() == Some(node.label.as_str());
        let pick = {
            let on_select = props.on_select.clone();
            let label = node.label.clone();
            move || on_select.emit(label.clone())
        };
        let onclick = {
            let pick = pick.clone();
            Callback::from(move |_: MouseEvent| pick())
        };
        let onkeydown = Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                pick();
            }
        });
        let kind = if node.opaque {
            format!("{}, not simulated", node.title)
        } else {
            node.title.clone()
        };
        let state = match visits {
            Some(n) => format!(", {n} visit{}", if n == 1 { "" } else { "s" }),
            None if taken => ", on the taken path".to_string(),
            None => String::new(),
        };
        let name = format!("{} ({kind}){state}", node.label);
        let kind_text = if node.opaque {
            format!("Not simulated: {}", node.title)
        } else {
            node.title.clone()
        };
        let badge = visits.map(|count| {
            let x = b.w - 44.0;
            html! {
                <>
                    <rect class="flow-badge" x={fmt(x)} y="5" width="38" height="18" rx="9" />
                    <text class="flow-badge-text" x={fmt(x + 19.0)} y="18" text-anchor="middle">
                        { count.to_string() }
                    </text>
                </>
            }
        });
        html! {
            <g class={classes!("flow-node", taken.then_some("taken"), selected.then_some("selected"), node.opaque.then_some("opaque"))}
                transform={format!("translate({},{})", fmt(b.x), fmt(b.y))}
                role="button" tabindex="0" aria-label={name} aria-pressed={selected.to_string()}
                data-label={node.label.clone()} data-visits={visits.map(|n| n.to_string())}
                {onclick} {onkeydown}>
                <rect class="flow-node-box" width={fmt(b.w)} height={fmt(b.h)} rx="6" />
                <text x="10" y="15" class="flow-node-kind">{ kind_text }</text>
                <text x="10" y="32" class="flow-node-label">{ b.shown_label.clone() }</text>
                { for badge }
            </g>
        }
    });

    html! {
        <figure class="flow-figure">
            <figcaption id={caption_id.clone()}>
                { "Flow picture of " }<code>{ picture.name.clone() }</code>{ props.caption.clone() }
            </figcaption>
            if let Some(summary) = &props.summary {
                <p class="visually-hidden" id={summary_id.clone()}>{ summary.clone() }</p>
            }
            <div class="flow-scroll">
                <svg class="flow-svg" role="group" aria-labelledby={caption_id}
                    aria-describedby={props.summary.is_some().then_some(summary_id)}
                    viewBox={format!("0 0 {} {}", fmt(layout.width), fmt(layout.height))}
                    width={fmt(layout.width)} height={fmt(layout.height)}>
                    <defs>
                        <marker id={arrow.clone()} viewBox="0 0 10 10" refX="9" refY="5"
                            markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" class="flow-arrow" />
                        </marker>
                        <marker id={arrow_taken.clone()} viewBox="0 0 10 10" refX="9" refY="5"
                            markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" class="flow-arrow taken" />
                        </marker>
                    </defs>
                    <g aria-hidden="true">{ for edges }</g>
                    <g>{ for nodes }</g>
                </svg>
            </div>
        </figure>
    }
}

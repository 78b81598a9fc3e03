//! The flow picture: an SVG drawn from the laid-out flow ([`crate::lab::layout`]), the taken path
//! highlighted. Nodes are buttons (click, Enter or Space) that open their modified variables.

use yew::prelude::*;

use crate::lab::layout::EdgeShape;
use std::rc::Rc;

use crate::lab::picture::Taken;
use crate::lab::{mission, YourFlow};

#[derive(Properties, PartialEq)]
pub struct FlowPictureProps {
    pub taken: Taken,
    pub selected: Option<String>,
    /// Called with a node's label (the selected one again closes it).
    pub on_select: Callback<Option<String>>,
    /// The attendee's imported flow when the lab runs it (else the mission's picture).
    pub flow: Option<Rc<YourFlow>>,
}

#[function_component(FlowPicture)]
pub fn flow_picture(props: &FlowPictureProps) -> Html {
    let active = match &props.flow {
        Some(f) => Some(&f.lab),
        None => mission(),
    };
    let Some(active) = active else {
        return html! {};
    };
    let picture = &active.picture;
    let layout = &picture.layout;
    let taken_path: Vec<&str> = picture
        .nodes
        .iter()
        .zip(&props.taken.nodes)
        .filter(|(_, t)| **t)
        .map(|(n, _)| n.label.as_str())
        .collect();

    let edges = layout.edges.iter().enumerate().map(|(i, e)| {
        let taken = props.taken.edges.get(i).copied().unwrap_or(false);
        let class = classes!(
            "flow-edge",
            taken.then_some("taken"),
            (e.shape != EdgeShape::Forward).then_some("loop")
        );
        let marker = if taken {
            "url(#lab-arrow-taken)"
        } else {
            "url(#lab-arrow)"
        };
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
        let selected = props.selected.as_deref() == Some(node.label.as_str());
        let label = node.label.clone();
        let onclick = {
            let on_select = props.on_select.clone();
            let label = label.clone();
            Callback::from(move |_: MouseEvent| on_select.emit(Some(label.clone())))
        };
        let onkeydown = {
            let on_select = props.on_select.clone();
            let label = label.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    on_select.emit(Some(label.clone()));
                }
            })
        };
        let name = format!(
            "{} ({}){}",
            node.label,
            node.title,
            if taken { ", on the taken path" } else { "" }
        );
        html! {
            <g class={classes!("flow-node", taken.then_some("taken"), selected.then_some("selected"))}
                transform={format!("translate({},{})", fmt(b.x), fmt(b.y))}
                role="button" tabindex="0" aria-label={name} aria-pressed={selected.to_string()}
                data-label={label.clone()} {onclick} {onkeydown}>
                <rect width={fmt(b.w)} height={fmt(b.h)} rx="6" />
                <text x="10" y="15" class="flow-node-kind">{ node.title.clone() }</text>
                <text x="10" y="32" class="flow-node-label">{ b.shown_label.clone() }</text>
            </g>
        }
    });

    let summary = if taken_path.is_empty() {
        "No path was taken: the run did not start.".to_string()
    } else {
        format!("Taken path: {}.", taken_path.join(" → "))
    };
    html! {
        <figure class="lab-flow">
            <figcaption id="lab-flow-caption">
                { "Flow picture of " }<code>{ picture.name.clone() }</code>
                { ": the taken path is highlighted. Select a node to see the variables it modified." }
            </figcaption>
            <p class="visually-hidden" id="lab-flow-summary">{ summary }</p>
            <div class="lab-flow-scroll">
                <svg class="flow-svg" role="group" aria-labelledby="lab-flow-caption"
                    aria-describedby="lab-flow-summary"
                    viewBox={format!("0 0 {} {}", fmt(layout.width), fmt(layout.height))}
                    width={fmt(layout.width)} height={fmt(layout.height)}>
                    <defs>
                        <marker id="lab-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                            markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" class="flow-arrow" />
                        </marker>
                        <marker id="lab-arrow-taken" viewBox="0 0 10 10" refX="9" refY="5"
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

/// A coordinate with one decimal.
fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

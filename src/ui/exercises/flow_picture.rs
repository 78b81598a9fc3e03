//! Analyze's flow picture: the flow laid out by [`crate::lab::layout`] (via
//! [`crate::lab::picture::FlowPicture`]), each node with its visit count; nodes are buttons that pick
//! the interactions through them.

use std::rc::Rc;

use yew::prelude::*;

use crate::lab::layout::EdgeShape;
use crate::lab::picture::FlowPicture;

#[derive(Properties, PartialEq)]
pub struct VisitPictureProps {
    pub picture: Rc<FlowPicture>,
    /// Visits per node, in the picture's node order.
    pub visits: Rc<Vec<usize>>,
    /// Per edge of the layout, whether some run of this session followed it.
    pub used_edges: Rc<Vec<bool>>,
    pub selected: Option<String>,
    /// Called with a node's label, or `None` when the selected node is picked again.
    pub on_select: Callback<Option<String>>,
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

#[function_component(VisitPicture)]
pub fn visit_picture(props: &VisitPictureProps) -> Html {
    let picture = &props.picture;
    let layout = &picture.layout;
    let visits = |i: usize| props.visits.get(i).copied().unwrap_or(0);

    let edges = layout.edges.iter().enumerate().map(|(i, e)| {
        let used = props.used_edges.get(i).copied().unwrap_or(false);
        let class = classes!(
            "ex-flow-edge",
            used.then_some("used"),
            (e.shape != EdgeShape::Forward).then_some("loop")
        );
        let anchor = if e.shape == EdgeShape::Back && e.label_x > layout.width / 2.0 {
            "end"
        } else {
            "start"
        };
        html! {
            <g class={class}>
                <path d={e.d.clone()} marker-end="url(#ex-arrow)" />
                <text x={fmt(e.label_x)} y={fmt(e.label_y)} text-anchor={anchor} class="ex-flow-edge-label">
                    { e.label() }
                </text>
            </g>
        }
    });

    let nodes = layout.nodes.iter().map(|b| {
        let Some(node) = picture.nodes.get(b.index) else {
            return html! {};
        };
        let count = visits(b.index);
        let selected = props.selected.as_deref() == Some(node.label.as_str());
        let pick = {
            let on_select = props.on_select.clone();
            let label = node.label.clone();
            move || on_select.emit(if selected { None } else { Some(label.clone()) })
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
        let name = format!(
            "{} ({}), {} visit{}",
            node.label,
            node.title,
            count,
            if count == 1 { "" } else { "s" }
        );
        let badge_x = b.w - 44.0;
        html! {
            <g class={classes!("ex-flow-node", (count > 0).then_some("visited"), selected.then_some("selected"))}
                transform={format!("translate({},{})", fmt(b.x), fmt(b.y))}
                role="button" tabindex="0" aria-label={name} aria-pressed={selected.to_string()}
                data-label={node.label.clone()} data-visits={count.to_string()} {onclick} {onkeydown}>
                <rect width={fmt(b.w)} height={fmt(b.h)} rx="6" />
                <text x="10" y="15" class="ex-flow-node-kind">{ node.title.clone() }</text>
                <text x="10" y="32" class="ex-flow-node-label">{ b.shown_label.clone() }</text>
                <rect class="ex-flow-badge" x={fmt(badge_x)} y="5" width="38" height="18" rx="9" />
                <text class="ex-flow-badge-text" x={fmt(badge_x + 19.0)} y="18" text-anchor="middle">
                    { count.to_string() }
                </text>
            </g>
        }
    });

    html! {
        <figure class="ex-flow">
            <figcaption id="ex-flow-caption">
                { "Flow picture of " }<code>{ picture.name.clone() }</code>
                { " with visit counts over this session. Select a node to list the interactions through it." }
            </figcaption>
            <div class="ex-flow-scroll">
                <svg class="ex-flow-svg" role="group" aria-labelledby="ex-flow-caption"
                    viewBox={format!("0 0 {} {}", fmt(layout.width), fmt(layout.height))}
                    width={fmt(layout.width)} height={fmt(layout.height)}>
                    <defs>
                        <marker id="ex-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                            markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" class="ex-flow-arrow" />
                        </marker>
                    </defs>
                    <g aria-hidden="true">{ for edges }</g>
                    <g>{ for nodes }</g>
                </svg>
            </div>
        </figure>
    }
}

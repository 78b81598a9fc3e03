//! A simple layered layout for the flow picture, top to bottom, in pure Rust.
//!
//! 1. Back edges are found by a depth-first walk from the start (then from any node not reached),
//!    so loops (menus repeating, "Number Not OK") do not push nodes down forever.
//! 2. Each node's layer is its longest distance from a root over the remaining forward edges.
//! 3. Within a layer, nodes keep the walk's discovery order (exits in link order: `true` before
//!    `false`), then two barycenter sweeps pull nodes under their predecessors.
//! 4. Forward edges are curves from the bottom of a node to the top of the next; back edges run in
//!    lanes beside the graph; self-loops are small loops on a node's left. Parallel links between
//!    the same two nodes become one edge with their exits joined ("2, timeout, invalid").
//!
//! Everything is deterministic and bounded (iterative walks, no recursion), and linear in the nodes
//! and links but for the sorts of each layer (n log n).

use std::collections::HashMap;

/// Size of a node box and spacing, in SVG user units (px).
pub const NODE_W: f64 = 280.0;
pub const NODE_H: f64 = 42.0;
pub const GAP_X: f64 = 36.0;
pub const GAP_Y: f64 = 34.0;
pub const MARGIN: f64 = 12.0;
/// Distance between back-edge lanes.
pub const LANE: f64 = 12.0;
/// Longest label shown in a box (characters); longer ones end in "…".
pub const MAX_LABEL_CHARS: usize = 34;

/// A node to place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphNode {
    pub label: String,
    /// The kind's name (`HTTP Request`).
    pub title: String,
    /// An activity the model does not simulate (drawn as such; runs stop or pass through it).
    pub opaque: bool,
}

/// A link from `from`'s exit to `to` (indices into the nodes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphEdge {
    pub from: usize,
    pub to: usize,
    pub exit: String,
}

/// A placed node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    pub index: usize,
    pub layer: usize,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// The label as shown (cut to [`MAX_LABEL_CHARS`]).
    pub shown_label: String,
}

impl NodeBox {
    pub fn center_x(&self) -> f64 {
        self.x + self.w / 2.0
    }
}

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeShape {
    Forward,
    Back,
    SelfLoop,
}

/// A placed edge: all links between the same two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgePath {
    pub from: usize,
    pub to: usize,
    /// The exits it stands for, in link order.
    pub exits: Vec<String>,
    pub shape: EdgeShape,
    /// SVG path data.
    pub d: String,
    /// Where the exit label goes (text start).
    pub label_x: f64,
    pub label_y: f64,
}

impl EdgePath {
    /// The exits as one label (`2, timeout, invalid`).
    pub fn label(&self) -> String {
        self.exits.join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// One box per node, in node order.
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgePath>,
}

/// Lays out `nodes` and `edges` with `start` as the first root.
/// Edges naming nodes that do not exist are ignored.
pub fn layout(nodes: &[GraphNode], edges: &[GraphEdge], start: usize) -> Layout {
    let n = nodes.len();
    if n == 0 {
        return Layout {
            width: 2.0 * MARGIN,
            height: 2.0 * MARGIN,
            ..Layout::default()
        };
    }
    let edges: Vec<&GraphEdge> = edges.iter().filter(|e| e.from < n && e.to < n).collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        if let Some(list) = out.get_mut(e.from) {
            list.push(i);
        }
    }

    // 1. Depth-first walk: discovery order and back edges.
    let (order, back) = walk(n, &edges, &out, start.min(n - 1));

    // 2. Longest-path layers over forward edges, in topological order (reverse post-order).
    let mut layer = vec![0usize; n];
    let topo = topological(n, &edges, &out, &back);
    for &v in &topo {
        let lv = layer.get(v).copied().unwrap_or(0);
        for &ei in out.get(v).map(Vec::as_slice).unwrap_or(&[]) {
            if back.get(ei).copied().unwrap_or(true) {
                continue;
            }
            if let Some(e) = edges.get(ei) {
                if let Some(slot) = layer.get_mut(e.to) {
                    *slot = (*slot).max(lv + 1);
                }
            }
        }
    }
    let layers_count = layer.iter().copied().max().unwrap_or(0) + 1;
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layers_count];
    for &v in &order {
        if let Some(row) = layer.get(v).and_then(|&l| rows.get_mut(l)) {
            row.push(v);
        }
    }

    // 3. Barycenter sweeps (downwards) against the forward predecessors' positions.
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        if !back.get(i).copied().unwrap_or(true) && e.from != e.to {
            if let Some(p) = preds.get_mut(e.to) {
                p.push(e.from);
            }
        }
    }
    let mut pos = vec![0f64; n];
    for _ in 0..2 {
        for row in rows.iter_mut() {
            let mut keyed: Vec<(f64, usize, usize)> = row
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    let ps = preds.get(v).map(Vec::as_slice).unwrap_or(&[]);
                    let key = if ps.is_empty() {
                        i as f64
                    } else {
                        ps.iter()
                            .map(|&p| pos.get(p).copied().unwrap_or(0.0))
                            .sum::<f64>()
                            / ps.len() as f64
                    };
                    (key, i, v)
                })
                .collect();
            crate::stable_sort::sort_by(&mut keyed, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            *row = keyed.iter().map(|k| k.2).collect();
            // Positions centred on 0 so rows of different widths line up under each other.
            let half = (row.len() as f64 - 1.0) / 2.0;
            for (i, &v) in row.iter().enumerate() {
                if let Some(p) = pos.get_mut(v) {
                    *p = i as f64 - half;
                }
            }
        }
    }

    // 4. Coordinates. Back edges need lanes on the left or the right.
    let widest = rows.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
    let core_w = widest * NODE_W + (widest - 1.0) * GAP_X;
    let center = core_w / 2.0;
    let mut boxes: Vec<NodeBox> = (0..n)
        .map(|v| {
            let l = layer.get(v).copied().unwrap_or(0);
            let p = pos.get(v).copied().unwrap_or(0.0);
            NodeBox {
                index: v,
                layer: l,
                x: center + p * (NODE_W + GAP_X) - NODE_W / 2.0,
                y: MARGIN + l as f64 * (NODE_H + GAP_Y),
                w: NODE_W,
                h: NODE_H,
                shown_label: shorten(nodes.get(v).map_or("", |g| g.label.as_str())),
            }
        })
        .collect();

    // Merge parallel edges (same from/to), keeping the first link's order.
    let mut merged: Vec<(usize, usize, Vec<String>, bool)> = Vec::new();
    let mut merged_at: HashMap<(usize, usize), usize> = HashMap::with_capacity(edges.len());
    for (i, e) in edges.iter().enumerate() {
        let is_back = back.get(i).copied().unwrap_or(true);
        match merged_at
            .get(&(e.from, e.to))
            .and_then(|&m| merged.get_mut(m))
        {
            Some(m) => m.2.push(e.exit.clone()),
            None => {
                merged_at.insert((e.from, e.to), merged.len());
                merged.push((e.from, e.to, vec![e.exit.clone()], is_back));
            }
        }
    }

    // Sides of the back edges, then lane counts so the core can be shifted right.
    let side_of = |from: usize, to: usize, boxes: &[NodeBox]| -> bool {
        // true = left
        let lean = |v: usize| {
            let c = boxes.get(v).map_or(center, NodeBox::center_x);
            if c < center - 1.0 {
                Some(true)
            } else if c > center + 1.0 {
                Some(false)
            } else {
                None
            }
        };
        lean(to).or_else(|| lean(from)).unwrap_or(false)
    };
    let mut left_lanes = 0usize;
    let mut right_lanes = 0usize;
    let mut lane_of: Vec<(bool, usize)> = Vec::with_capacity(merged.len());
    for m in &merged {
        if m.3 && m.0 != m.1 {
            let left = side_of(m.0, m.1, &boxes);
            let lane = if left {
                &mut left_lanes
            } else {
                &mut right_lanes
            };
            lane_of.push((left, *lane));
            *lane += 1;
        } else {
            lane_of.push((false, 0));
        }
    }
    let has_loop = merged.iter().any(|m| m.0 == m.1);
    let left_band = (left_lanes as f64 * LANE + if left_lanes > 0 { LANE } else { 0.0 })
        .max(if has_loop { 34.0 } else { 0.0 });
    let right_band = right_lanes as f64 * LANE + if right_lanes > 0 { LANE } else { 0.0 };
    let shift = MARGIN + left_band;
    for b in boxes.iter_mut() {
        b.x += shift;
    }
    let width = shift + core_w + right_band + MARGIN;
    let height = 2.0 * MARGIN + layers_count as f64 * NODE_H + (layers_count as f64 - 1.0) * GAP_Y;

    // Forward edges leave from spread points along the bottom of the source.
    let mut fanout = vec![0usize; n];
    for m in &merged {
        if !m.3 && m.0 != m.1 {
            if let Some(c) = fanout.get_mut(m.0) {
                *c += 1;
            }
        }
    }
    let mut used = vec![0usize; n];
    let mut paths = Vec::with_capacity(merged.len());
    for (m, &(left, lane)) in merged.iter().zip(&lane_of) {
        let (Some(a), Some(b)) = (boxes.get(m.0), boxes.get(m.1)) else {
            continue;
        };
        let (shape, d, lx, ly) = if m.0 == m.1 {
            let (x, y1, y2) = (a.x, a.y + a.h * 0.3, a.y + a.h * 0.7);
            (
                EdgeShape::SelfLoop,
                format!(
                    "M{x:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x:.1},{y2:.1}",
                    x - 30.0,
                    x - 30.0
                ),
                x - 30.0,
                a.y - 2.0,
            )
        } else if m.3 {
            let off = (lane as f64 + 1.0) * LANE;
            let (sy, ty) = (a.y + a.h * 0.65, b.y + b.h * 0.35);
            let (sx, tx, lane_x) = if left {
                (a.x, b.x, MARGIN + left_band - off)
            } else {
                (a.x + a.w, b.x + b.w, shift + core_w + off)
            };
            (
                EdgeShape::Back,
                format!("M{sx:.1},{sy:.1} H{lane_x:.1} V{ty:.1} H{tx:.1}"),
                if left { lane_x + 3.0 } else { lane_x - 3.0 },
                (sy + ty) / 2.0,
            )
        } else {
            let k = used.get(m.0).copied().unwrap_or(0);
            if let Some(u) = used.get_mut(m.0) {
                *u += 1;
            }
            let count = fanout.get(m.0).copied().unwrap_or(1).max(1) as f64;
            let x1 = a.x + a.w * (k as f64 + 1.0) / (count + 1.0);
            let y1 = a.y + a.h;
            let x2 = b.center_x();
            let y2 = b.y;
            let dy = (y2 - y1).max(1.0) / 2.0;
            (
                EdgeShape::Forward,
                format!(
                    "M{x1:.1},{y1:.1} C{x1:.1},{:.1} {x2:.1},{:.1} {x2:.1},{y2:.1}",
                    y1 + dy,
                    y2 - dy
                ),
                x1 + 4.0,
                y1 + 13.0,
            )
        };
        paths.push(EdgePath {
            from: m.0,
            to: m.1,
            exits: m.2.clone(),
            shape,
            d,
            label_x: lx,
            label_y: ly,
        });
    }

    Layout {
        width,
        height,
        nodes: boxes,
        edges: paths,
    }
}

/// Depth-first walk from `start`, then from every node not reached: discovery order, and for each
/// edge whether it closes a cycle (goes to a node still on the walk's stack) or is a self-loop.
fn walk(
    n: usize,
    edges: &[&GraphEdge],
    out: &[Vec<usize>],
    start: usize,
) -> (Vec<usize>, Vec<bool>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let mut back = vec![false; edges.len()];
    let mut order = Vec::with_capacity(n);
    let roots = std::iter::once(start).chain(0..n);
    for root in roots {
        if mark.get(root) != Some(&Mark::New) {
            continue;
        }
        // (node, next outgoing edge to look at)
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(m) = mark.get_mut(root) {
            *m = Mark::Open;
        }
        order.push(root);
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            let list = out.get(v).map(Vec::as_slice).unwrap_or(&[]);
            match list.get(next) {
                None => {
                    if let Some(m) = mark.get_mut(v) {
                        *m = Mark::Done;
                    }
                    stack.pop();
                }
                Some(&ei) => {
                    top.1 += 1;
                    let Some(e) = edges.get(ei) else { continue };
                    match mark.get(e.to).copied() {
                        Some(Mark::New) => {
                            if let Some(m) = mark.get_mut(e.to) {
                                *m = Mark::Open;
                            }
                            order.push(e.to);
                            stack.push((e.to, 0));
                        }
                        Some(Mark::Open) => {
                            if let Some(b) = back.get_mut(ei) {
                                *b = true;
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    (order, back)
}

/// Nodes in an order where every forward edge goes from earlier to later (Kahn's algorithm).
fn topological(n: usize, edges: &[&GraphEdge], out: &[Vec<usize>], back: &[bool]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    for (i, e) in edges.iter().enumerate() {
        if !back.get(i).copied().unwrap_or(true) {
            if let Some(d) = indegree.get_mut(e.to) {
                *d += 1;
            }
        }
    }
    let mut queue: std::collections::VecDeque<usize> =
        (0..n).filter(|&v| indegree.get(v) == Some(&0)).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(v) = queue.pop_front() {
        order.push(v);
        for &ei in out.get(v).map(Vec::as_slice).unwrap_or(&[]) {
            if back.get(ei).copied().unwrap_or(true) {
                continue;
            }
            if let Some(e) = edges.get(ei) {
                if let Some(d) = indegree.get_mut(e.to) {
                    *d = d.saturating_sub(1);
                    if *d == 0 {
                        queue.push_back(e.to);
                    }
                }
            }
        }
    }
    order
}

/// The label cut to [`MAX_LABEL_CHARS`] characters.
fn shorten(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL_CHARS {
        return label.to_string();
    }
    let mut s: String = label.chars().take(MAX_LABEL_CHARS - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(labels: &[&str], links: &[(usize, usize, &str)]) -> (Vec<GraphNode>, Vec<GraphEdge>) {
        (
            labels
                .iter()
                .map(|l| GraphNode {
                    label: l.to_string(),
                    title: "Kind".into(),
                    opaque: false,
                })
                .collect(),
            links
                .iter()
                .map(|&(from, to, exit)| GraphEdge {
                    from,
                    to,
                    exit: exit.into(),
                })
                .collect(),
        )
    }

    fn overlaps(a: &NodeBox, b: &NodeBox) -> bool {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    }

    fn check_sane(l: &Layout, n: usize) {
        assert_eq!(l.nodes.len(), n);
        for (i, a) in l.nodes.iter().enumerate() {
            assert_eq!(a.index, i);
            assert!(a.x >= 0.0 && a.y >= 0.0, "{a:?}");
            assert!(
                a.x + a.w <= l.width + 0.01 && a.y + a.h <= l.height + 0.01,
                "{a:?}"
            );
            for b in l.nodes.iter().skip(i + 1) {
                assert!(!overlaps(a, b), "{a:?} overlaps {b:?}");
            }
        }
        for e in &l.edges {
            assert!(e.d.starts_with('M') && !e.d.contains("NaN"), "{e:?}");
            assert!(e.label_x.is_finite() && e.label_y.is_finite());
        }
    }

    #[test]
    fn empty_graph_is_empty() {
        let l = layout(&[], &[], 0);
        assert!(l.nodes.is_empty() && l.edges.is_empty());
        assert!(l.width > 0.0 && l.height > 0.0);
    }

    #[test]
    fn chain_goes_down_one_layer_per_node() {
        let (n, e) = graph(&["a", "b", "c"], &[(0, 1, "out"), (1, 2, "out")]);
        let l = layout(&n, &e, 0);
        check_sane(&l, 3);
        let layers: Vec<usize> = l.nodes.iter().map(|b| b.layer).collect();
        assert_eq!(layers, [0, 1, 2]);
        assert!(l.edges.iter().all(|e| e.shape == EdgeShape::Forward));
        // A single column: every box at the same x.
        assert!(l.nodes.iter().all(|b| (b.x - l.nodes[0].x).abs() < 0.01));
    }

    #[test]
    fn branches_keep_link_order_and_loops_do_not_push_nodes_down() {
        // cond -true-> a, cond -false-> b; b -> back to cond; self-loop on a.
        let (n, e) = graph(
            &["start", "cond", "a", "b"],
            &[
                (0, 1, "out"),
                (1, 2, "true"),
                (1, 3, "false"),
                (3, 1, "again"),
                (2, 2, "retry"),
            ],
        );
        let l = layout(&n, &e, 0);
        check_sane(&l, 4);
        assert_eq!(l.nodes[2].layer, 2);
        assert_eq!(l.nodes[3].layer, 2);
        assert!(l.nodes[2].x < l.nodes[3].x, "true branch left of false");
        let shape = |from, to| {
            l.edges
                .iter()
                .find(|e| e.from == from && e.to == to)
                .map(|e| e.shape)
        };
        assert_eq!(shape(3, 1), Some(EdgeShape::Back));
        assert_eq!(shape(2, 2), Some(EdgeShape::SelfLoop));
    }

    #[test]
    fn parallel_links_merge_into_one_labelled_edge() {
        let (n, e) = graph(
            &["menu", "music"],
            &[
                (0, 1, "2"),
                (0, 1, "timeout"),
                (0, 1, "invalid"),
                (1, 0, "default"),
            ],
        );
        let l = layout(&n, &e, 0);
        check_sane(&l, 2);
        assert_eq!(l.edges.len(), 2);
        assert_eq!(l.edges[0].label(), "2, timeout, invalid");
        assert_eq!(l.edges[1].shape, EdgeShape::Back);
    }

    #[test]
    fn unreachable_nodes_and_bad_links_are_placed_or_ignored() {
        let (n, mut e) = graph(&["a", "b", "orphan"], &[(0, 1, "out")]);
        e.push(GraphEdge {
            from: 7,
            to: 0,
            exit: "x".into(),
        });
        let l = layout(&n, &e, 99);
        check_sane(&l, 3);
        assert_eq!(l.edges.len(), 1);
    }

    #[test]
    fn long_labels_are_shortened() {
        let long = "DisconnectContact_AlreadyScheduled_and_more";
        let (n, e) = graph(&[long], &[]);
        let l = layout(&n, &e, 0);
        assert_eq!(l.nodes[0].shown_label.chars().count(), MAX_LABEL_CHARS);
        assert!(l.nodes[0].shown_label.ends_with('…'));
    }

    #[test]
    fn the_mission_flow_lays_out_in_twelve_layers() {
        let flow = crate::flow::mission_flow().unwrap();
        let picture = crate::flow_roles::picture::FlowPicture::of(&flow);
        let l = &picture.layout;
        check_sane(l, flow.nodes.len());
        let layer = |label: &str| l.nodes[flow.node_index(label).unwrap()].layer;
        assert_eq!(layer("NewPhoneContact"), 0);
        assert!(layer("HTTPRequest_CallBackSearch") < layer("Condition_CallbackPending"));
        assert_eq!(layer("PlayMessage_AlreadyScheduled"), layer("Callback"));
        assert_eq!(layer("DisconnectContact"), 11);
        let x = |label: &str| l.nodes[flow.node_index(label).unwrap()].x;
        assert!(x("PlayMessage_AlreadyScheduled") < x("Callback"));
        // Deterministic.
        assert_eq!(
            crate::flow_roles::picture::FlowPicture::of(&flow).layout,
            *l
        );
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let labels: Vec<String> = (0..2000).map(|i| format!("n{i}")).collect();
        let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
        let links: Vec<(usize, usize, &str)> = (0..1999).map(|i| (i, i + 1, "out")).collect();
        let (n, e) = graph(&refs, &links);
        let l = layout(&n, &e, 0);
        assert_eq!(l.nodes[1999].layer, 1999);
    }
}

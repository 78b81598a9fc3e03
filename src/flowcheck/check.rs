//! The mission checker: compares a flow with the mission's reference flow, as the mission's table
//! ([`MissionSpec::checks`]) says, and words each difference as the guide does, with its Build step.
//!
//! Nodes are matched to the reference's by label first, then by identical settings, then by their
//! place in the graph (the node behind the same exit of an already matched node), then as the only
//! remaining node of that kind — so a renamed node is still found, and its new label is a note.

use serde::Serialize;
use serde_json::Value as Json;

use crate::engine::{FixedClock, TraceEvent, Value};
use crate::flow::kinds::set_variable::AssignSource;
use crate::flow::{graphql, initial_variables, Flow, FlowError, Node, NodeKind, RunInput};
use crate::stable_sort;

use super::import::{import, Imported};
use super::mission::{Check, MissionSpec, Role, Sample, Setting};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The flow cannot behave as the mission wants.
    Error,
    /// Cosmetic (a label, a wording) or written differently with the same effect.
    Note,
}

/// One difference between a flow and the mission, in the guide's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// The guide step: `build-3`.
    pub step: String,
    /// "Build step 3: the Path Expression for callbackConnectTime is `…`; expected `…`".
    pub message: String,
    /// The companion's link to the step: `guide/preventing-callback-duplication#build-3`.
    pub anchor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// The mission's reference flow.
pub fn reference(spec: &MissionSpec) -> Result<Flow, FlowError> {
    import(spec.reference_json).map(|i| i.flow)
}

/// Which node of `flow` plays each node of `reference` (indexed like `reference.nodes`).
pub fn match_nodes(reference: &Flow, flow: &Flow) -> Vec<Option<usize>> {
    let mut map: Vec<Option<usize>> = vec![None; reference.nodes.len()];
    let mut used = vec![false; flow.nodes.len()];
    let same_kind = |r: &Node, n: &Node| r.kind.activity_name() == n.kind.activity_name();
    let assign = |map: &mut Vec<Option<usize>>, used: &mut Vec<bool>, r: usize, n: usize| {
        if let (Some(slot), Some(u)) = (map.get_mut(r), used.get_mut(n)) {
            *slot = Some(n);
            *u = true;
        }
    };
    // 1. Same label and kind.
    for (r, rnode) in reference.nodes.iter().enumerate() {
        if let Some(n) = flow.node_index(&rnode.label) {
            if flow.nodes.get(n).is_some_and(|node| same_kind(rnode, node)) {
                assign(&mut map, &mut used, r, n);
            }
        }
    }
    // 2. Identical settings, when only one unmatched node has them.
    for (r, rnode) in reference.nodes.iter().enumerate() {
        if map.get(r).copied().flatten().is_some() {
            continue;
        }
        let mut equal =
            flow.nodes.iter().enumerate().filter(|(n, node)| {
                !used.get(*n).copied().unwrap_or(true) && node.kind == rnode.kind
            });
        if let (Some((n, _)), None) = (equal.next(), equal.next()) {
            assign(&mut map, &mut used, r, n);
        }
    }
    // 3. Place in the graph, until nothing changes.
    loop {
        let mut changed = false;
        for link in &reference.links {
            let (Some(rfrom), Some(rto)) =
                (reference.nodes.get(link.from), reference.nodes.get(link.to))
            else {
                continue;
            };
            let from = map.get(link.from).copied().flatten();
            let to = map.get(link.to).copied().flatten();
            match (from, to) {
                (Some(f), None) => {
                    if let Some(t) = flow.follow(f, &link.exit) {
                        let free = !used.get(t).copied().unwrap_or(true);
                        if free && flow.nodes.get(t).is_some_and(|n| same_kind(rto, n)) {
                            assign(&mut map, &mut used, link.to, t);
                            changed = true;
                        }
                    }
                }
                (None, Some(t)) => {
                    let mut sources = flow.links.iter().filter(|l| {
                        l.to == t
                            && l.exit == link.exit
                            && !used.get(l.from).copied().unwrap_or(true)
                            && flow.nodes.get(l.from).is_some_and(|n| same_kind(rfrom, n))
                    });
                    if let (Some(l), None) = (sources.next(), sources.next()) {
                        assign(&mut map, &mut used, link.from, l.from);
                        changed = true;
                    }
                }
                _ => {}
            }
        }
        if !changed {
            break;
        }
    }
    // 4. The only unmatched node of the kind.
    for (r, rnode) in reference.nodes.iter().enumerate() {
        if map.get(r).copied().flatten().is_some() {
            continue;
        }
        let same_unmatched_refs = reference
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, n)| map.get(*i).copied().flatten().is_none() && same_kind(rnode, n))
            .count();
        let mut free =
            flow.nodes.iter().enumerate().filter(|(n, node)| {
                !used.get(*n).copied().unwrap_or(true) && same_kind(rnode, node)
            });
        if let (1, Some((n, _)), None) = (same_unmatched_refs, free.next(), free.next()) {
            assign(&mut map, &mut used, r, n);
        }
    }
    map
}

/// The run the Condition lab and the exercise mode start from on `flow`: the mission's sample input,
/// starting at the node that plays the mission's start role (e.g. a renamed HTTP Request node).
pub fn mission_input(flow: &Flow, spec: &MissionSpec) -> RunInput {
    let mut input = crate::flow::mission_input();
    if let Ok(reference) = reference(spec) {
        let map = match_nodes(&reference, flow);
        let label = reference
            .node_index(spec.start)
            .and_then(|r| map.get(r).copied().flatten())
            .and_then(|n| flow.nodes.get(n))
            .map(|n| n.label.clone());
        if let Some(label) = label {
            input.start = Some(label);
        }
    }
    input
}

/// Whether `flow` is (a version of) the mission's flow: one of its nodes carries a label the guide
/// prescribes (`VerifyNumber`, `HTTPRequest_CallBackSearch`). Any other flow is shown and run as it
/// is, and the checker's findings are not about it.
pub fn is_mission_flow(flow: &Flow, spec: &MissionSpec) -> bool {
    spec.roles
        .iter()
        .filter(|r| r.label_in_guide)
        .any(|r| flow.node_index(r.label).is_some())
}

/// The labels a flow needs for [`is_mission_flow`], as the guide writes them: "`A` or `B`".
pub fn mission_labels(spec: &MissionSpec) -> String {
    spec.roles
        .iter()
        .filter(|r| r.label_in_guide)
        .map(|r| format!("`{}`", r.label))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Compares `flow` with the mission. An empty list means the flow matches.
pub fn check(flow: &Flow, spec: &MissionSpec) -> Vec<Finding> {
    let reference = match reference(spec) {
        Ok(r) => r,
        Err(e) => {
            return vec![Finding {
                severity: Severity::Error,
                step: "build-1".into(),
                message: format!(
                    "the reference flow of mission {} does not load: {e}",
                    spec.number
                ),
                anchor: format!("guide/{}", spec.slug),
                hint: Some("this is a bug in the companion; please report it".into()),
            }]
        }
    };
    let mut checker = Checker::new(flow, &reference, spec);
    for item in spec.checks {
        checker.run(item);
    }
    checker.finish()
}

/// [`check`] plus what the import noticed that matters to the mission: an exit connected twice
/// where the guide wants one connection.
pub fn check_imported(imported: &Imported, spec: &MissionSpec) -> Vec<Finding> {
    let mut findings = check(&imported.flow, spec);
    let Ok(reference) = reference(spec) else {
        return findings;
    };
    let checker = Checker::new(&imported.flow, &reference, spec);
    for dropped in &imported.dropped_links {
        for item in spec.checks {
            let Check::Link {
                step,
                from,
                exit,
                words,
                before,
            } = *item
            else {
                continue;
            };
            if exit != dropped.exit || checker.actual_label(from).as_deref() != Some(&dropped.from)
            {
                continue;
            }
            let expected = reference
                .node_index(from)
                .and_then(|f| reference.follow(f, exit))
                .and_then(|t| reference.nodes.get(t))
                .map(|t| checker.role_words(&t.label))
                .unwrap_or_default();
            let dropped_role = checker.role_of_label(&dropped.to);
            let tail = match before {
                Some(b) if dropped_role.as_deref() == Some(b) => {
                    format!(
                        "the guide removes the connection to {}",
                        checker.role_words(b)
                    )
                }
                _ => format!("the guide connects it only to {expected}"),
            };
            findings.push(checker.finding(
                Severity::Error,
                step,
                format!(
                    "{words} is connected twice: to `{}` and to `{}`; {tail}",
                    dropped.kept, dropped.to
                ),
                None,
            ));
        }
    }
    stable_sort::sort_by_key(&mut findings, |f| step_number(&f.step));
    findings
}

fn step_number(step: &str) -> u32 {
    step.rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

struct Checker<'a> {
    flow: &'a Flow,
    reference: &'a Flow,
    spec: &'a MissionSpec,
    map: Vec<Option<usize>>,
    /// (reference label, label in the flow) of renamed nodes.
    renames: Vec<(String, String)>,
    findings: Vec<Finding>,
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl<'a> Checker<'a> {
    fn new(flow: &'a Flow, reference: &'a Flow, spec: &'a MissionSpec) -> Self {
        let map = match_nodes(reference, flow);
        let renames = reference
            .nodes
            .iter()
            .zip(&map)
            .filter_map(|(r, m)| {
                let actual = flow.nodes.get((*m)?)?;
                (actual.label != r.label).then(|| (r.label.clone(), actual.label.clone()))
            })
            .collect();
        Checker {
            flow,
            reference,
            spec,
            map,
            renames,
            findings: Vec::new(),
        }
    }

    fn finish(mut self) -> Vec<Finding> {
        stable_sort::sort_by_key(&mut self.findings, |f| step_number(&f.step));
        self.findings
    }

    fn finding(
        &self,
        severity: Severity,
        step: u32,
        message: String,
        hint: Option<String>,
    ) -> Finding {
        Finding {
            severity,
            step: format!("build-{step}"),
            message: format!("Build step {step}: {message}"),
            anchor: format!("guide/{}#build-{step}", self.spec.slug),
            hint,
        }
    }

    fn push(&mut self, severity: Severity, step: u32, message: String, hint: Option<String>) {
        let f = self.finding(severity, step, message, hint);
        self.findings.push(f);
    }

    fn role(&self, label: &str) -> Option<&'static Role> {
        self.spec.roles.iter().find(|r| r.label == label)
    }

    fn role_step(&self, label: &str) -> u32 {
        self.role(label).map_or(0, |r| r.step)
    }

    fn role_words(&self, label: &str) -> String {
        self.role(label)
            .map_or_else(|| format!("`{label}`"), |r| r.words.to_string())
    }

    fn ref_node(&self, label: &str) -> Option<(usize, &'a Node)> {
        let i = self.reference.node_index(label)?;
        Some((i, self.reference.nodes.get(i)?))
    }

    fn actual_index(&self, label: &str) -> Option<usize> {
        let (i, _) = self.ref_node(label)?;
        self.map.get(i).copied().flatten()
    }

    fn actual(&self, label: &str) -> Option<&'a Node> {
        self.flow.nodes.get(self.actual_index(label)?)
    }

    fn actual_label(&self, label: &str) -> Option<String> {
        self.actual(label).map(|n| n.label.clone())
    }

    /// The reference label of the node at `index` in the flow, if it plays one.
    fn role_of(&self, index: usize) -> Option<String> {
        let r = self.map.iter().position(|m| *m == Some(index))?;
        self.reference.nodes.get(r).map(|n| n.label.clone())
    }

    fn role_of_label(&self, label: &str) -> Option<String> {
        self.role_of(self.flow.node_index(label)?)
    }

    /// `expected` with renamed nodes' output variables renamed (`Old.x` → `New.x`).
    fn renamed(&self, expected: &str) -> String {
        let mut text = expected.to_string();
        for (from, to) in &self.renames {
            text = text.replace(&format!("{from}."), &format!("{to}."));
        }
        text
    }

    fn run(&mut self, item: &Check) {
        match *item {
            Check::Variable { step, name, hint } => self.variable(step, name, hint),
            Check::Node { role } => self.node(role),
            Check::Setting {
                role,
                setting,
                field,
            } => self.setting(role, setting, field),
            Check::ParseSettings { role } => self.parse_settings(role),
            Check::Assignments { role } => self.assignments(role),
            Check::Expression { role, samples } => self.expression(role, samples),
            Check::Prompt { role } => self.prompt(role),
            Check::Link {
                step,
                from,
                exit,
                words,
                before,
            } => self.link(step, from, exit, words, before),
        }
    }

    fn variable(&mut self, step: u32, name: &str, hint: Option<&str>) {
        let Some(expected) = self.reference.variable(name) else {
            return;
        };
        let type_words = |t: &crate::engine::VarType| capitalize(&t.name().to_ascii_lowercase());
        let Some(actual) = self.flow.variable(name) else {
            let similar = self
                .flow
                .variables
                .iter()
                .find(|v| v.name.eq_ignore_ascii_case(name));
            let message = match similar {
                Some(v) => format!(
                    "the flow variable is named `{}`; the guide names it `{name}`",
                    v.name
                ),
                None => format!(
                    "the flow variable `{name}` is missing; the guide adds it with Type {} and {}",
                    type_words(&expected.var_type),
                    if expected.default.is_empty() {
                        "an empty Default Value".to_string()
                    } else {
                        format!("the Default Value `{}`", expected.default)
                    }
                ),
            };
            let hint = similar.map(|_| "variable names are case-sensitive".to_string());
            self.push(Severity::Error, step, message, hint);
            return;
        };
        if actual.var_type != expected.var_type {
            self.push(
                Severity::Error,
                step,
                format!(
                    "`{name}` is typed {}; the guide's Type is {}",
                    type_words(&actual.var_type),
                    type_words(&expected.var_type)
                ),
                hint.map(str::to_string),
            );
        }
        if actual.default.trim() != expected.default.trim() {
            let message = if expected.default.is_empty() {
                format!(
                    "`{name}` has the Default Value `{}`; the guide leaves it empty",
                    actual.default
                )
            } else {
                format!(
                    "`{name}` has the Default Value `{}`; expected `{}`",
                    actual.default, expected.default
                )
            };
            self.push(
                Severity::Error,
                step,
                message,
                Some(
                    "a parse setting that matches nothing leaves the variable at its default"
                        .into(),
                ),
            );
        }
    }

    fn node(&mut self, role: &str) {
        let Some((_, rnode)) = self.ref_node(role) else {
            return;
        };
        let step = self.role_step(role);
        let words = self.role_words(role);
        match self.actual(role) {
            None => {
                let message = match self
                    .flow
                    .node_index(role)
                    .and_then(|i| self.flow.nodes.get(i))
                {
                    Some(other) => format!(
                        "`{role}` is a {} node; the guide's is {} ({})",
                        other.kind.title(),
                        words,
                        rnode.kind.title()
                    ),
                    None => format!("{words} (`{role}`) is missing"),
                };
                self.push(Severity::Error, step, message, None);
            }
            Some(actual) if actual.label != rnode.label => {
                let in_guide = self.role(role).is_some_and(|r| r.label_in_guide);
                let (message, hint) = if in_guide {
                    (
                        format!(
                            "{} is labelled `{}`; the guide's Activity Label is `{role}`",
                            words,
                            actual.label
                        ),
                        Some(format!(
                            "its output variables are then `{}.…`: the nodes that read them must use that name",
                            actual.label
                        )),
                    )
                } else {
                    (
                        format!(
                            "{} is labelled `{}`; the reference flow labels it `{role}` (any label works)",
                            words,
                            actual.label
                        ),
                        None,
                    )
                };
                self.push(Severity::Note, step, message, hint);
            }
            Some(_) => {}
        }
    }

    fn setting(&mut self, role: &str, setting: Setting, field: &str) {
        let (Some((_, rnode)), Some(actual)) = (self.ref_node(role), self.actual(role)) else {
            return;
        };
        let (Some(expected), Some(value)) = (
            setting_value(rnode, setting),
            setting_value(actual, setting),
        ) else {
            return;
        };
        let step = self.role_step(role);
        let same = match setting {
            Setting::Connector | Setting::Method | Setting::ContentType | Setting::ResponseType => {
                value.trim().eq_ignore_ascii_case(expected.trim())
            }
            Setting::Url | Setting::Authenticated => value.trim() == expected.trim(),
            Setting::Query => match (
                graphql::parse_document(&value),
                graphql::parse_document(&expected),
            ) {
                (Ok(a), Ok(e)) => {
                    let (a, e) = (graphql::canonical(&a), graphql::canonical(&e));
                    if a != e {
                        let (a, e) = snippets(&a, &e);
                        self.push(
                            Severity::Error,
                            step,
                            format!(
                                "the {field} differs from the guide's at `{a}`; expected `{e}`"
                            ),
                            None,
                        );
                    }
                    return;
                }
                (Err(error), Ok(_)) if !value.trim().is_empty() => {
                    self.push(
                        Severity::Error,
                        step,
                        format!("the {field} is not GraphQL the Search API reads: {error}"),
                        Some("copy the query from the guide's Build step 3".into()),
                    );
                    return;
                }
                _ => collapse(&value) == collapse(&expected),
            },
            Setting::GraphQlVariables => {
                match (
                    serde_json::from_str::<Json>(&value),
                    serde_json::from_str::<Json>(&expected),
                ) {
                    (Ok(a), Ok(e)) => {
                        if let Some((path, a, e)) = json_difference(&a, &e, String::new()) {
                            let at = if path.is_empty() {
                                String::new()
                            } else {
                                format!(" at `{path}`")
                            };
                            self.push(
                                Severity::Error,
                                step,
                                format!("the {field} differ{at}: `{a}`; expected `{e}`"),
                                None,
                            );
                        }
                        return;
                    }
                    (Err(e), Ok(_)) => {
                        self.push(
                            Severity::Error,
                            step,
                            format!("the {field} are not valid JSON: {e}"),
                            Some("copy the variables JSON from the guide's Build step 3".into()),
                        );
                        return;
                    }
                    _ => collapse(&value) == collapse(&expected),
                }
            }
        };
        if same {
            return;
        }
        let message = if value.trim().is_empty() {
            format!(
                "the {field} is empty; expected `{}`",
                shorten(expected.trim(), 60)
            )
        } else {
            let (a, e) = snippets(value.trim(), expected.trim());
            format!("the {field} is `{a}`; expected `{e}`")
        };
        self.push(Severity::Error, step, message, None);
    }

    fn parse_settings(&mut self, role: &str) {
        let (Some((_, rnode)), Some(actual)) = (self.ref_node(role), self.actual(role)) else {
            return;
        };
        let (NodeKind::HttpRequest(expected), NodeKind::HttpRequest(have)) =
            (&rnode.kind, &actual.kind)
        else {
            return;
        };
        let step = self.role_step(role);
        let mut explained = vec![false; have.parse_settings.len()];
        for row in &expected.parse_settings {
            let rows: Vec<usize> = have
                .parse_settings
                .iter()
                .enumerate()
                .filter(|(_, s)| s.variable == row.variable)
                .map(|(i, _)| i)
                .collect();
            for i in &rows {
                if let Some(e) = explained.get_mut(*i) {
                    *e = true;
                }
            }
            let Some(&first) = rows.first() else {
                // A row with the guide's path on another variable: the parse setting is on the wrong variable.
                let moved = have.parse_settings.iter().enumerate().find(|(i, s)| {
                    s.path.trim() == row.path.trim() && !explained.get(*i).copied().unwrap_or(true)
                });
                let near = have
                    .parse_settings
                    .iter()
                    .enumerate()
                    .find(|(_, s)| s.variable.eq_ignore_ascii_case(&row.variable));
                let (message, hint) = match (moved, near) {
                    (Some((i, s)), _) => {
                        if let Some(e) = explained.get_mut(i) {
                            *e = true;
                        }
                        (
                            format!(
                                "the Path Expression `{}` fills `{}`; the guide puts it on `{}`",
                                row.path, s.variable, row.variable
                            ),
                            Some(format!("choose `{}` as that row's Output Variable", row.variable)),
                        )
                    }
                    (None, Some((i, s))) => {
                        if let Some(e) = explained.get_mut(i) {
                            *e = true;
                        }
                        (
                            format!(
                                "the Output Variable is `{}`; the guide's is `{}`",
                                s.variable, row.variable
                            ),
                            Some("variable names are case-sensitive".into()),
                        )
                    }
                    (None, None) => (
                        format!(
                            "there is no parse setting for {}; the guide adds the Path Expression `{}`",
                            row.variable, row.path
                        ),
                        None,
                    ),
                };
                self.push(Severity::Error, step, message, hint);
                continue;
            };
            let Some(setting) = have.parse_settings.get(first) else {
                continue;
            };
            if rows.len() > 1 {
                self.push(
                    Severity::Error,
                    step,
                    format!(
                        "{} parse settings fill {}; the guide has one",
                        rows.len(),
                        row.variable
                    ),
                    None,
                );
            }
            if setting.path.trim() != row.path.trim() {
                let (a, e) = snippets(setting.path.trim(), row.path.trim());
                let other = expected
                    .parse_settings
                    .iter()
                    .find(|o| o.variable != row.variable && o.path.trim() == setting.path.trim());
                let hint = if let Some(o) = other {
                    Some(format!("that is the guide's path for {}", o.variable))
                } else if setting.path.trim().eq_ignore_ascii_case(row.path.trim()) {
                    Some(
                        "JSONPath is case-sensitive: the Search API's field names are camelCase"
                            .into(),
                    )
                } else {
                    None
                };
                self.push(
                    Severity::Error,
                    step,
                    format!(
                        "the Path Expression for {} is `{a}`; expected `{e}`",
                        row.variable
                    ),
                    hint,
                );
            }
        }
        for (i, s) in have.parse_settings.iter().enumerate() {
            if !explained.get(i).copied().unwrap_or(true) {
                let severity = if self.reference.variable(&s.variable).is_some() {
                    Severity::Error
                } else {
                    Severity::Note
                };
                self.push(
                    severity,
                    step,
                    format!(
                        "an extra parse setting fills `{}` with `{}`; the guide has no such row",
                        s.variable, s.path
                    ),
                    None,
                );
            }
        }
    }

    fn assignments(&mut self, role: &str) {
        let (Some((_, rnode)), Some(actual)) = (self.ref_node(role), self.actual(role)) else {
            return;
        };
        let (NodeKind::SetVariable(expected), NodeKind::SetVariable(have)) =
            (&rnode.kind, &actual.kind)
        else {
            return;
        };
        let step = self.role_step(role);
        for row in &expected.assignments {
            let Some(a) = have.assignments.iter().find(|a| a.variable == row.variable) else {
                let message = match have.assignments.as_slice() {
                    [] => format!(
                        "the Set Variable node sets no variable; the guide's Variable is `{}`",
                        row.variable
                    ),
                    [only] => format!(
                        "the Variable is `{}`; expected `{}`",
                        only.variable, row.variable
                    ),
                    _ => format!("the Set Variable node does not set `{}`", row.variable),
                };
                self.push(Severity::Error, step, message, None);
                continue;
            };
            let want = self.renamed(&source_text(&row.source));
            let have_text = source_text(&a.source);
            if have_text != want {
                let field = match row.source {
                    AssignSource::Variable(_) => "Set To Variable",
                    AssignSource::Expression(_) => "value",
                };
                self.push(
                    Severity::Error,
                    step,
                    format!("{field} is `{have_text}`; expected `{want}`"),
                    None,
                );
            }
        }
    }

    fn expression(&mut self, role: &str, samples: &[(&str, &[Sample])]) {
        let (Some((_, rnode)), Some(actual)) = (self.ref_node(role), self.actual(role)) else {
            return;
        };
        let (NodeKind::Condition(expected), NodeKind::Condition(have)) =
            (&rnode.kind, &actual.kind)
        else {
            return;
        };
        let step = self.role_step(role);
        let mut written = have.expression.clone();
        const CURLY: [char; 6] = ['“', '”', '„', '‘', '’', '‚'];
        if written.contains(CURLY) {
            let found: String = written
                .chars()
                .filter(|c| CURLY.contains(c))
                .take(2)
                .collect();
            self.push(
                Severity::Error,
                step,
                format!("the Expression contains curly quotes ({found}); Flow Designer needs straight quotes (\")"),
                Some("they come from copying through a word processor or chat: retype them, or use the guide's copy button".into()),
            );
            written = written
                .chars()
                .map(|c| match c {
                    '“' | '”' | '„' => '"',
                    '‘' | '’' | '‚' => '\'',
                    other => other,
                })
                .collect();
        }
        if squeeze(&written) == squeeze(&self.renamed(&expected.expression)) {
            return;
        }
        // Written differently: compare what it decides on every combination of the samples.
        let clock = FixedClock(1_700_000_000_000);
        let mine = crate::flow::kinds::Condition {
            expression: written.clone(),
        };
        let base_ref = initial_variables(self.reference);
        let base_have = initial_variables(self.flow);
        let total: usize = samples.iter().map(|(_, v)| v.len().max(1)).product();
        let mut first_difference = None;
        for case in 0..total {
            let mut ref_vars = base_ref.clone();
            let mut have_vars = base_have.clone();
            let mut described = Vec::with_capacity(samples.len());
            let mut rest = case;
            for (name, values) in samples {
                let n = values.len().max(1);
                let Some(sample) = values.get(rest % n) else {
                    continue;
                };
                rest /= n;
                let value = match sample {
                    Sample::Text(t) => Value::String((*t).to_string()),
                    Sample::Integer(i) => Value::Integer(*i),
                };
                described.push(match sample {
                    Sample::Text(t) => format!("{name} is \"{t}\""),
                    Sample::Integer(i) => format!("{name} is {i}"),
                });
                ref_vars.set(name, value.clone());
                have_vars.set(&self.renamed(name), value);
            }
            let want = expected.evaluate(&rnode.label, &ref_vars, &clock);
            let got = mine.evaluate(&actual.label, &have_vars, &clock);
            if want.exit != got.exit {
                first_difference = Some((described, got, want));
                break;
            }
        }
        let stale = self
            .renames
            .iter()
            .find(|(from, _)| written.contains(&format!("{from}.")))
            .map(|(from, to)| {
                format!("`{from}.…` is not set in this flow: that node is labelled `{to}`")
            });
        match first_difference {
            None => self.push(
                Severity::Note,
                step,
                format!(
                    "the Expression is written differently from the guide's; it gives the same exit in all {total} cases tried"
                ),
                None,
            ),
            Some((_, got, _)) if got.error.is_some() => {
                let problem = got.problem.unwrap_or_default();
                let problem = problem
                    .strip_prefix("the expression does not evaluate: ")
                    .unwrap_or(&problem)
                    .to_string();
                self.push(Severity::Error, step, format!("the Expression does not evaluate: {problem}"), stale);
            }
            Some((described, got, want)) => {
                let when = match described.as_slice() {
                    [] => String::new(),
                    [one] => one.clone(),
                    [init @ .., last] => format!("{} and {last}", init.join(", ")),
                };
                // A name this flow never sets reads as empty (Pebble), which is usually the cause.
                let unknown: Vec<String> = got
                    .trace
                    .iter()
                    .filter_map(|e| match e {
                        TraceEvent::Variable { name, value: None, .. } => Some(format!("`{name}`")),
                        _ => None,
                    })
                    .collect();
                let uses = if unknown.is_empty() {
                    String::new()
                } else {
                    format!(
                        "uses {}, which this flow does not set (Pebble reads it as empty), so it ",
                        unknown.join(", ")
                    )
                };
                self.push(
                    Severity::Error,
                    step,
                    format!(
                        "the Expression {uses}takes the {} exit when {when}; the guide's takes {}",
                        got.exit, want.exit
                    ),
                    stale.or(got.problem),
                );
            }
        }
    }

    fn prompt(&mut self, role: &str) {
        let (Some((_, rnode)), Some(actual)) = (self.ref_node(role), self.actual(role)) else {
            return;
        };
        let (NodeKind::PlayMessage(expected), NodeKind::PlayMessage(have)) =
            (&rnode.kind, &actual.kind)
        else {
            return;
        };
        let step = self.role_step(role);
        let want = collapse(&expected.prompts.join(" "));
        let got = collapse(&have.prompts.join(" "));
        if got == want {
            return;
        }
        if got.is_empty() {
            self.push(
                Severity::Error,
                step,
                format!(
                    "{} has no text-to-speech message; the guide's text is `{}`",
                    self.role_words(role),
                    shorten(&want, 60)
                ),
                None,
            );
        } else {
            let (a, e) = snippets(&got, &want);
            self.push(
                Severity::Note,
                step,
                format!("the text-to-speech message reads `{a}`; the guide's text is `{e}`"),
                None,
            );
        }
    }

    fn link(&mut self, step: u32, from: &str, exit: &str, words: &str, before: Option<&str>) {
        let Some((rfrom, _)) = self.ref_node(from) else {
            return;
        };
        let Some(rto) = self
            .reference
            .follow(rfrom, exit)
            .and_then(|t| self.reference.nodes.get(t))
        else {
            return;
        };
        let Some(afrom) = self.actual_index(from) else {
            return;
        };
        let expected_words = self.role_words(&rto.label);
        let Some(to) = self.flow.follow(afrom, exit) else {
            self.push(
                Severity::Error,
                step,
                format!("{words} is not connected; the guide connects it to {expected_words}"),
                None,
            );
            return;
        };
        let role = self.role_of(to);
        if role.as_deref() == Some(rto.label.as_str()) {
            return;
        }
        let message = match (role.as_deref(), before) {
            (Some(r), Some(b)) if r == b => format!(
                "{words} still goes to {}; the guide connects it to {expected_words}",
                self.role_words(b)
            ),
            _ => {
                let target = self
                    .flow
                    .nodes
                    .get(to)
                    .map(|n| format!("{} `{}`", n.kind.title(), n.label))
                    .unwrap_or_default();
                format!("{words} goes to {target}; the guide connects it to {expected_words}")
            }
        };
        self.push(Severity::Error, step, message, None);
    }
}

/// A setting's value on a node (None when the node is not of the setting's kind).
fn setting_value(node: &Node, setting: Setting) -> Option<String> {
    let NodeKind::HttpRequest(h) = &node.kind else {
        return None;
    };
    Some(match setting {
        Setting::Connector => h.connector.clone(),
        // The guide's "Path" behind the connector (`httpRequestPath`), or the URL without one.
        Setting::Url if h.path.trim().is_empty() => h.url.clone(),
        Setting::Url => h.path.clone(),
        Setting::Method => h.method.clone(),
        Setting::ContentType => h.content_type.clone(),
        Setting::Query => h.query.clone(),
        Setting::GraphQlVariables => h.variables.clone(),
        Setting::ResponseType => h.response_type.clone(),
        Setting::Authenticated => match node.properties.get("authenticated") {
            Some(Json::Bool(true)) => "on".into(),
            Some(Json::String(s)) if s.eq_ignore_ascii_case("true") => "on".into(),
            _ => "off".into(),
        },
    })
}

/// An assignment's source as text: a variable name, or `{{ name }}` read as that name.
fn source_text(source: &AssignSource) -> String {
    match source {
        AssignSource::Variable(name) => name.trim().to_string(),
        AssignSource::Expression(e) => {
            let t = e.trim();
            let inner = t
                .strip_prefix("{{")
                .and_then(|r| r.strip_suffix("}}"))
                .map(str::trim);
            match inner {
                Some(name)
                    if !name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '.') =>
                {
                    name.to_string()
                }
                _ => t.to_string(),
            }
        }
    }
}

/// Whitespace outside quoted strings removed (it does not change an expression).
fn squeeze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in text.chars() {
        match quote {
            Some(q) => {
                out.push(c);
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c.is_whitespace() => {}
            None => {
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
    }
    out
}

/// Runs of whitespace as one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first place two JSON values differ: (path, actual, expected) as short texts.
fn json_difference(a: &Json, e: &Json, path: String) -> Option<(String, String, String)> {
    match (a, e) {
        (Json::Object(ao), Json::Object(eo)) => {
            for (k, ev) in eo {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match ao.get(k) {
                    Some(av) => {
                        if let Some(d) = json_difference(av, ev, p) {
                            return Some(d);
                        }
                    }
                    None => return Some((p, "(missing)".into(), shorten(&ev.to_string(), 60))),
                }
            }
            ao.iter().find(|(k, _)| !eo.contains_key(*k)).map(|(k, v)| {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                (p, shorten(&v.to_string(), 60), "(none)".into())
            })
        }
        (Json::Array(aa), Json::Array(ea)) => {
            for (i, ev) in ea.iter().enumerate() {
                match aa.get(i) {
                    Some(av) => {
                        if let Some(d) = json_difference(av, ev, format!("{path}[{i}]")) {
                            return Some(d);
                        }
                    }
                    None => {
                        return Some((
                            format!("{path}[{i}]"),
                            "(missing)".into(),
                            shorten(&ev.to_string(), 60),
                        ))
                    }
                }
            }
            (aa.len() > ea.len()).then(|| {
                (
                    format!("{path}[{}]", ea.len()),
                    "an extra item".into(),
                    "(none)".into(),
                )
            })
        }
        _ if a == e => None,
        _ => Some((
            path,
            shorten(&a.to_string(), 60),
            shorten(&e.to_string(), 60),
        )),
    }
}

fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or("")),
        None => text.to_string(),
    }
}

/// The parts of `actual` and `expected` around their first difference: a long common start is
/// shown as `…` (cut after a `.`, `/`, `[` or space), a long tail is cut too.
fn snippets(actual: &str, expected: &str) -> (String, String) {
    let a: Vec<char> = actual.chars().collect();
    let e: Vec<char> = expected.chars().collect();
    let common = a.iter().zip(&e).take_while(|(x, y)| x == y).count();
    let boundary = |c: &char| ".[/ \n(".contains(*c);
    let mut start = a
        .get(..common)
        .and_then(|s| s.iter().rposition(boundary))
        .map_or(0, |p| p + 1);
    if common.saturating_sub(start) > 20 {
        start = common.saturating_sub(12);
    }
    if start < 12 {
        start = 0;
    }
    let cut = |chars: &[char]| -> String {
        let tail: String = chars.get(start..).unwrap_or(&[]).iter().collect();
        let tail = shorten(&tail, 48);
        if start > 0 {
            format!("…{tail}")
        } else {
            tail
        }
    };
    (cut(&a), cut(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_elide_the_common_start() {
        let (a, e) = snippets(
            "$.data.taskDetails.tasks[0].callbackData.callbackconnecttime",
            "$.data.taskDetails.tasks[0].callbackData.callbackConnectTime",
        );
        assert_eq!(a, "…callbackconnecttime");
        assert_eq!(e, "…callbackConnectTime");
        assert_eq!(
            snippets("/Search", "/search"),
            ("/Search".into(), "/search".into())
        );
    }

    #[test]
    fn squeeze_keeps_spaces_in_strings() {
        assert_eq!(
            squeeze("{{ a == \"Not  Processed\" }}"),
            "{{a==\"Not  Processed\"}}"
        );
    }
}

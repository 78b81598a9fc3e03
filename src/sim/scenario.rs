//! Scenario goals, judged on the simulator's state after the attendee's actions by what the flow
//! did — and when a goal is not met, why, in the attendee's terms ("your flow's False exit goes to
//! Play Message `PlayMessage_AlreadyScheduled`, so no callback is scheduled").

use std::collections::BTreeMap;

use crate::flow::{NodeKind, StepDetail};

use super::center::ContactCenter;
use super::chosen::ChosenFlow;
use super::exercise::{run_reason, ScenarioGoal};
use super::log::{Interaction, InteractionKind};

/// Whether `goal` is met on `cc` (running `flow`), and the reason in one clause.
pub fn judge(goal: ScenarioGoal, cc: &ContactCenter, flow: &ChosenFlow) -> (bool, String) {
    match goal {
        ScenarioGoal::SecondCallHearsDuplicate => second_call_hears_duplicate(cc, flow),
        ScenarioGoal::TwoPendingCallbacks => two_pending_callbacks(cc, flow),
    }
}

fn inbound(cc: &ContactCenter) -> Vec<&Interaction> {
    cc.interactions()
        .iter()
        .filter(|i| i.kind == InteractionKind::Inbound)
        .collect()
}

/// The duplicate message, by behaviour: the Condition went True, the caller then heard a message,
/// and no callback was scheduled for this call.
fn heard_duplicate(call: &Interaction) -> bool {
    let Some(at) = last_condition(call) else {
        return false;
    };
    let went_true = call
        .steps
        .get(at)
        .is_some_and(|s| s.exit.as_deref() == Some("true"));
    let heard_after = call.steps.get(at + 1..).is_some_and(|after| {
        after
            .iter()
            .any(|s| matches!(s.detail, Some(StepDetail::Prompt { .. })))
    });
    went_true && heard_after && call.callbacks.is_empty()
}

fn last_condition(call: &Interaction) -> Option<usize> {
    call.steps
        .iter()
        .rposition(|s| s.kind.is(crate::flow::Activity::Condition))
}

fn second_call_hears_duplicate(cc: &ContactCenter, flow: &ChosenFlow) -> (bool, String) {
    let calls = inbound(cc);
    let Some(second) = calls.get(1) else {
        return (
            false,
            format!("{} call(s) placed; the goal needs two", calls.len()),
        );
    };
    if heard_duplicate(second) {
        return (
            true,
            "the second call heard the duplicate message".to_string(),
        );
    }
    let exits = second.condition_exits();
    let why = match exits.last().copied() {
        None => format!(
            "the second call did not reach the Condition node (call {}: {})",
            second.id,
            second.state_words()
        ),
        Some("true") => format!(
            "the second call's Condition went true, but {}",
            after_true(cc, flow, second)
        ),
        Some(exit) => {
            // The usual cause: the first call left no pending callback to find.
            let because = calls
                .first()
                .and_then(|first| no_callback_because(cc, flow, first))
                .or_else(|| condition_reason(second))
                .map(|b| format!(": {b}"))
                .unwrap_or_default();
            format!("the second call's Condition went {exit}{because}")
        }
    };
    (false, why)
}

/// What went wrong after a True exit: a callback was still scheduled, or no message was heard.
fn after_true(cc: &ContactCenter, flow: &ChosenFlow, call: &Interaction) -> String {
    if !call.callbacks.is_empty() {
        return "the call still scheduled a callback".to_string();
    }
    let next = last_condition(call)
        .and_then(|at| call.steps.get(at))
        .and_then(|s| s.next.as_deref());
    match next.and_then(|label| cc.flow().node_index(label).and_then(|i| cc.flow().node(i))) {
        Some(node) => format!(
            "the caller heard no message after it: {} True exit goes to {} `{}`",
            flow.whose(),
            node.kind.title(),
            node.label
        ),
        None => format!(
            "the caller heard no message after it: {} True exit is not connected",
            flow.whose()
        ),
    }
}

/// Why `call` scheduled no callback (`None` when it did), from the path it took.
fn no_callback_because(
    cc: &ContactCenter,
    flow: &ChosenFlow,
    call: &Interaction,
) -> Option<String> {
    if !call.callbacks.is_empty() {
        return None;
    }
    let id = call.id;
    let Some(step) = last_condition(call).and_then(|at| call.steps.get(at)) else {
        return Some(format!(
            "call {id} scheduled no callback: it did not reach the Condition node ({})",
            call.state_words()
        ));
    };
    let because = match (step.exit.as_deref(), step.next.as_deref()) {
        (Some("false"), Some(next)) => {
            let node = cc.flow().node_index(next).and_then(|i| cc.flow().node(i));
            match node {
                Some(n) if !matches!(n.kind, NodeKind::Callback(_)) => format!(
                    "{} False exit goes to {} `{}`, so no callback is scheduled",
                    flow.whose(),
                    n.kind.title(),
                    n.label
                ),
                _ => format!(
                    "call {id} reached {next} but scheduled no callback ({})",
                    call.state_words()
                ),
            }
        }
        (Some("false"), None) => format!(
            "{} False exit is not connected, so no callback is scheduled",
            flow.whose()
        ),
        (Some(exit), _) => {
            let reason = condition_reason(call)
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            format!("call {id}'s Condition went {exit}, so it scheduled no callback{reason}")
        }
        (None, _) => format!("call {id} scheduled no callback ({})", call.state_words()),
    };
    Some(because)
}

/// Why the call's last Condition took its exit, from its run.
fn condition_reason(call: &Interaction) -> Option<String> {
    call.runs
        .iter()
        .rev()
        .find(|r| r.condition.is_some())
        .map(run_reason)
}

fn two_pending_callbacks(cc: &ContactCenter, flow: &ChosenFlow) -> (bool, String) {
    let mut by_number: BTreeMap<&str, usize> = BTreeMap::new();
    for cb in cc.pending_callbacks() {
        *by_number.entry(cb.request.number.as_str()).or_default() += 1;
    }
    if let Some((number, n)) = by_number.iter().find(|(_, n)| **n >= 2) {
        return (true, format!("{n} callbacks to {number} are pending"));
    }
    let pending = cc.pending_callbacks().len();
    let because = inbound(cc)
        .into_iter()
        .find_map(|call| no_callback_because(cc, flow, call))
        .map(|b| format!(": {b}"))
        .unwrap_or_default();
    (
        false,
        format!("{pending} callback(s) pending, none twice for one number{because}"),
    )
}

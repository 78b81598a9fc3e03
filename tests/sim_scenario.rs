//! The mission's Testing section, played on the simulator: two calls, the duplicate message, the
//! agent taking the callback, a new callback offered again; and the 250-minute window.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::flow::SAMPLE_NUMBER;
use callback_lab::sim::{
    AgentState, CallState, ContactCenter, EndReason, InteractionKind, SimErrorKind, TaskOrder,
    LOOK_BACK_MS,
};

const CALLER: &str = "14085550123";

/// A call that asks for a callback to the guide's number: 1, the number, 1 = Number OK.
fn call_for_callback(cc: &mut ContactCenter) -> usize {
    let call = cc.place_call(CALLER).expect("call placed");
    for keys in ["1", "+14085267209", "1"] {
        cc.press(call, keys).expect("keys accepted");
    }
    call
}

fn heard_duplicate(cc: &ContactCenter, call: usize) -> bool {
    cc.interaction(call)
        .unwrap()
        .prompts
        .iter()
        .any(|p| p.text.contains("scheduled already"))
}

#[test]
fn the_two_call_scenario_then_delivery_then_a_new_callback() {
    let mut cc = ContactCenter::mission().unwrap();
    assert!(matches!(cc.agent().state, AgentState::NotAvailable { .. }));

    // First call: menus, digits, a callback scheduled.
    let first = cc.place_call(CALLER).unwrap();
    let i = cc.interaction(first).unwrap();
    assert!(
        matches!(&i.state, CallState::WaitingForInput { node, .. } if node == "WantCallback"),
        "{:?}",
        i.state
    );
    assert!(i.prompts[0].text.starts_with("Welcome"));
    cc.press(first, "1").unwrap();
    assert!(matches!(&cc.interaction(first).unwrap().state,
        CallState::WaitingForInput { node, .. } if node == "NewNumber"));
    cc.press(first, "+14085267209").unwrap();
    let i = cc.interaction(first).unwrap();
    assert!(
        matches!(&i.state, CallState::WaitingForInput { node, prompt } if node == "VerifyNumber" && prompt.contains("14085267209"))
    );
    cc.press(first, "1").unwrap();
    let i = cc.interaction(first).unwrap();
    assert_eq!(i.condition_exits(), ["false"]);
    assert_eq!(i.callbacks.len(), 1);
    assert_eq!(i.callbacks[0].number, SAMPLE_NUMBER);
    assert!(
        matches!(&i.state, CallState::Ended { how: EndReason::Disconnected { node } } if node == "DisconnectContact")
    );
    assert_eq!(
        i.path(),
        [
            "NewPhoneContact",
            "WelcomePrompt",
            "QueueContact",
            "WantCallback",
            "NewNumber",
            "VerifyNumber",
            "HTTPRequest_CallBackSearch",
            "SetVariable_searchresult",
            "Condition_CallbackPending",
            "Callback",
            "PlayMessage_CallbackScheduled",
            "DisconnectContact"
        ]
    );
    // The search of the first call found nothing; the store now has a pending callback.
    assert_eq!(i.exchanges.len(), 1);
    assert_eq!(
        i.exchanges[0].response.body,
        r#"{"data":{"taskDetails":{"tasks":[]}}}"#
    );
    assert_eq!(cc.pending_callbacks().len(), 1);
    let task = cc.store().get(&i.task_id).unwrap();
    let data = task.callback_data.as_ref().unwrap();
    assert_eq!(
        (data.callback_status.as_str(), data.callback_connect_time),
        ("Not Processed", -1)
    );
    assert_eq!(data.callback_request_time, cc.now());

    // Second call, agent still Not Available: the duplicate message.
    cc.advance(5 * 60_000).unwrap();
    let second = call_for_callback(&mut cc);
    let i = cc.interaction(second).unwrap();
    assert_eq!(i.condition_exits(), ["true"]);
    assert!(heard_duplicate(&cc, second));
    assert!(i.callbacks.is_empty());
    assert_eq!(cc.pending_callbacks().len(), 1);
    let body = &i.exchanges[0].response.body;
    assert!(body.contains(r#""callbackConnectTime":-1"#), "{body}");
    assert!(
        body.contains(r#""callbackStatus":"Not Processed""#),
        "{body}"
    );
    // Only the selected fields, in selection order.
    assert!(
        body.starts_with(
            r#"{"data":{"taskDetails":{"tasks":[{"callbackData":{"callbackRequestTime":"#
        ),
        "{body}"
    );
    assert!(!body.contains("origin\""), "{body}");
    // The Set Variable step shows searchresult = the body (Debugger, step 9 of Testing).
    let set = i
        .steps
        .iter()
        .find(|s| s.label == "SetVariable_searchresult")
        .unwrap();
    assert_eq!(set.modified[0].name, "searchresult");
    assert_eq!(&set.modified[0].new, body);

    // The agent becomes Available: the callback is delivered.
    cc.advance(60_000).unwrap();
    let report = cc.set_agent_available().unwrap();
    assert!(
        report.events.iter().any(|e| e.contains("callback")),
        "{report:?}"
    );
    let AgentState::Engaged { interaction } = cc.agent().state else {
        panic!("agent not engaged: {:?}", cc.agent().state)
    };
    let callback = cc.interaction(interaction).unwrap();
    assert_eq!(callback.kind, InteractionKind::Callback);
    assert_eq!(callback.number, SAMPLE_NUMBER);
    let original = cc
        .store()
        .get(&cc.interaction(first).unwrap().task_id)
        .unwrap();
    let data = original.callback_data.as_ref().unwrap();
    assert_eq!(data.callback_status, "Connected");
    assert_eq!(data.callback_connect_time, cc.now());
    assert!(cc.pending_callbacks().is_empty());
    cc.agent_end_call().unwrap();
    assert_eq!(cc.agent().state, AgentState::Available);

    // A later call (agent Not Available again): a new callback is offered (Condition false).
    cc.set_agent_not_available("Lunch").unwrap();
    cc.advance(10 * 60_000).unwrap();
    let later = call_for_callback(&mut cc);
    let i = cc.interaction(later).unwrap();
    assert_eq!(i.condition_exits(), ["false"]);
    assert_eq!(i.callbacks.len(), 1);
    assert!(!heard_duplicate(&cc, later));
    assert_eq!(
        i.variables
            .get("callbackStatus")
            .map(|v| v.to_text())
            .as_deref(),
        Some("Connected")
    );

    // Debugger: newest first; Analyze: visit counts.
    let ids: Vec<usize> = cc.interactions_newest_first().map(|i| i.id).collect();
    assert_eq!(ids, [later, interaction, second, first]);
    let visits = cc.visit_counts();
    let count = |label: &str| visits.iter().find(|v| v.label == label).unwrap().visits;
    assert_eq!(count("HTTPRequest_CallBackSearch"), 3);
    assert_eq!(count("Callback"), 2);
    assert_eq!(count("PlayMessage_AlreadyScheduled"), 1);
    assert_eq!(count("WantCallback"), 3);
    assert_eq!(
        cc.interactions_through("PlayMessage_AlreadyScheduled")
            .count(),
        1
    );

    // A fourth call sees the newest pending callback first: the duplicate message again.
    let fourth = call_for_callback(&mut cc);
    assert!(heard_duplicate(&cc, fourth));
}

#[test]
fn the_250_minute_window_hides_an_old_pending_callback() {
    for (advance, duplicate) in [
        (LOOK_BACK_MS - 1, true),
        (LOOK_BACK_MS, true), // the window is inclusive: from = now - 15 000 000
        (LOOK_BACK_MS + 1, false),
        (LOOK_BACK_MS + 60_000, false),
    ] {
        let mut cc = ContactCenter::mission().unwrap();
        call_for_callback(&mut cc);
        cc.advance(advance).unwrap();
        let second = call_for_callback(&mut cc);
        assert_eq!(
            heard_duplicate(&cc, second),
            duplicate,
            "advance {advance} ms"
        );
        // Past the window the old callback is still pending: now there are two.
        assert_eq!(
            cc.pending_callbacks().len(),
            if duplicate { 1 } else { 2 },
            "advance {advance}"
        );
        let window = cc.interaction(second).unwrap().exchanges[0]
            .response
            .window
            .unwrap();
        assert_eq!(window.to - window.from, LOOK_BACK_MS);
    }
}

#[test]
fn a_caller_in_the_queue_goes_to_an_available_agent() {
    let mut cc = ContactCenter::mission().unwrap();
    cc.set_agent_available().unwrap();
    let call = cc.place_call(CALLER).unwrap();
    assert_eq!(cc.interaction(call).unwrap().state, CallState::WithAgent);
    assert_eq!(cc.agent().state, AgentState::Engaged { interaction: call });
    // Engaged: no state change until the call ends.
    assert_eq!(
        cc.set_agent_available().unwrap_err().kind,
        SimErrorKind::AgentEngaged
    );
    cc.hang_up(call).unwrap();
    assert_eq!(cc.agent().state, AgentState::Available);
    let task = cc
        .store()
        .get(&cc.interaction(call).unwrap().task_id)
        .unwrap();
    assert_eq!((task.status.as_str(), task.is_active), ("ended", false));

    // A caller waiting in the menu is routed when the agent becomes Available.
    cc.set_agent_not_available("Break").unwrap();
    let waiting = cc.place_call(CALLER).unwrap();
    cc.press(waiting, "1").unwrap();
    cc.set_agent_available().unwrap();
    assert_eq!(cc.interaction(waiting).unwrap().state, CallState::WithAgent);
}

#[test]
fn bad_actions_are_errors_and_change_nothing() {
    let mut cc = ContactCenter::mission().unwrap();
    let before = cc.clone();
    assert_eq!(cc.press(7, "1").unwrap_err().kind, SimErrorKind::NoSuchCall);
    assert_eq!(
        cc.place_call("abc").unwrap_err().kind,
        SimErrorKind::BadNumber
    );
    assert_eq!(cc.advance(0).unwrap_err().kind, SimErrorKind::BadDuration);
    assert_eq!(cc.advance(-5).unwrap_err().kind, SimErrorKind::BadDuration);
    assert_eq!(
        cc.advance(i64::MAX).unwrap_err().kind,
        SimErrorKind::BadDuration
    );
    assert_eq!(
        cc.set_agent_not_available("  ").unwrap_err().kind,
        SimErrorKind::BadIdleCode
    );
    assert_eq!(
        cc.agent_end_call().unwrap_err().kind,
        SimErrorKind::AgentNotEngaged
    );
    assert_eq!(cc, before);
    let call = cc.place_call(CALLER).unwrap();
    assert_eq!(
        cc.press(call, "1x").unwrap_err().kind,
        SimErrorKind::BadKeys
    );
    assert_eq!(cc.press(call, "").unwrap_err().kind, SimErrorKind::BadKeys);
    // A wrong menu key is the flow's business: invalid → hold music → the menu again.
    cc.press(call, "9").unwrap();
    let i = cc.interaction(call).unwrap();
    assert!(matches!(&i.state, CallState::WaitingForInput { node, .. } if node == "WantCallback"));
    // A wrong-length number: the node asks again.
    cc.press(call, "1").unwrap();
    cc.press(call, "123").unwrap();
    assert!(
        matches!(&cc.interaction(call).unwrap().state, CallState::WaitingForInput { node, .. } if node == "NewNumber")
    );
    cc.hang_up(call).unwrap();
    assert_eq!(
        cc.press(call, "1").unwrap_err().kind,
        SimErrorKind::NotWaiting
    );
    assert_eq!(cc.hang_up(call).unwrap_err().kind, SimErrorKind::NotWaiting);
    // Menu option 3 has no link in the shipped flow: the call is dropped, with the reason.
    let c = cc.place_call(CALLER).unwrap();
    cc.press(c, "3").unwrap();
    assert!(matches!(
        &cc.interaction(c).unwrap().state,
        CallState::Ended {
            how: EndReason::FlowProblem { .. }
        }
    ));
}

#[test]
fn a_session_replays_from_its_actions() {
    let mut cc = ContactCenter::mission().unwrap();
    call_for_callback(&mut cc);
    cc.advance(1000).unwrap();
    call_for_callback(&mut cc);
    cc.set_agent_available().unwrap();
    let stored = serde_json::to_string(cc.history()).unwrap();
    let actions: Vec<callback_lab::sim::Action> = serde_json::from_str(&stored).unwrap();
    let again = ContactCenter::replay(cc.flow().clone(), cc.config.clone(), &actions).unwrap();
    assert_eq!(again, cc);
    // The whole state serialises (the UI may show it as JSON).
    assert!(serde_json::to_string(&cc).unwrap().contains("callbackData"));
}

#[test]
fn oldest_first_order_shows_why_tasks_0_can_mislead() {
    let config = callback_lab::sim::CenterConfig {
        order: TaskOrder::OldestFirst,
        ..Default::default()
    };
    let flow = callback_lab::flow::mission_flow().unwrap();
    let mut cc = ContactCenter::new(flow, config);
    call_for_callback(&mut cc);
    cc.set_agent_available().unwrap();
    cc.agent_end_call().unwrap();
    cc.set_agent_not_available("Meeting").unwrap();
    call_for_callback(&mut cc); // a new pending callback (tasks[0] is the connected one)
    let third = call_for_callback(&mut cc);
    // tasks[0] is the old, connected callback: the duplicate goes unnoticed.
    assert!(!heard_duplicate(&cc, third));
    assert_eq!(cc.pending_callbacks().len(), 2);
}

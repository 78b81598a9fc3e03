//! Where the time of a 1 MB body edit goes (run with `--release -- --ignored --nocapture`).
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use callback_lab::lab::view::{compute, Prepared};
use callback_lab::lab::{LabAction, LabInputs, LabState};

fn big_body() -> String {
    let task = r#"{"callbackData":{"callbackRequestTime":1699990000000,"callbackConnectTime":-1,"callbackNumber":"14085267209","callbackStatus":"Not Processed","callbackOrigin":"flow","callbackType":"immediate"},"lastEntryPoint":{"id":"a5c1e2f0-7b3d-4c9a-9e21-5f0d8c4b7a10","name":"EP_Callback_Lab"}}"#;
    let n = 1_048_576 / task.len();
    format!(
        r#"{{"data":{{"taskDetails":{{"tasks":[{}]}}}}}}"#,
        vec![task; n].join(",")
    )
}

#[test]
#[ignore = "timing, not a test"]
fn time_a_one_megabyte_edit() {
    let body = big_body();
    let inputs = LabInputs::default();
    for _ in 0..3 {
        let t = Instant::now();
        let prepared = Prepared::new(body.as_str());
        let parse = t.elapsed();
        let t = Instant::now();
        let _ = serde_json::from_str::<serde_json::Value>(&body);
        let raw = t.elapsed();
        let mut i = inputs.clone();
        i.body = body.as_str().into();
        let t = Instant::now();
        let view = compute(&i, &prepared, 0);
        let run = t.elapsed();
        let t = Instant::now();
        let s = LabState::new(LabInputs::default(), None, 0)
            .apply(LabAction::EditBody(body.clone()), 0);
        let all = t.elapsed();
        println!("prepare {parse:?} (serde_json alone {raw:?}), compute {run:?}, whole action {all:?}; {} {}", view.verdict.text(), s.view.verdict.text());
    }
}

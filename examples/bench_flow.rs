//! Benchmark (not a test): the mission flow against a 5 MB Search API response.
//! Run: `cargo run --profile speed --example bench_flow` (or `cargo bench-flow`).
//! Prints the figures of one run: body parse, a full run, a re-run with only the expression changed,
//! and JSONPath queries on the parsed body.

use std::sync::Arc;
use std::time::{Duration, Instant};

use callback_lab::engine::FixedClock;
use callback_lab::flow::{
    mission_flow, mission_input, run, CompiledPath, PastedResponse, PreparedBody,
};

const TARGET_BYTES: usize = 5 * 1024 * 1024;

fn task(i: usize) -> String {
    let (status, connect) = if i == 0 {
        ("Not Processed", -1i64)
    } else {
        ("Connected", 1_699_990_600_000 + i as i64)
    };
    format!(
        r#"{{"callbackData":{{"callbackRequestTime":{},"callbackConnectTime":{connect},"callbackNumber":"14085267209","callbackStatus":"{status}","callbackOrigin":"flow","callbackType":"immediate","callbackQueueName":"123_Queue","callbackAgentName":"Agent {i}"}},"lastEntryPoint":{{"id":"a5c1e2f0-7b3d-4c9a-9e21-5f0d8c4b7a10","name":"EP_Callback_Lab"}}}}"#,
        1_699_990_000_000 + i as i64
    )
}

fn body() -> (String, usize) {
    let mut tasks = Vec::new();
    let mut size = 0;
    while size < TARGET_BYTES {
        let t = task(tasks.len());
        size += t.len() + 1;
        tasks.push(t);
    }
    let count = tasks.len();
    (
        format!(
            r#"{{"data":{{"taskDetails":{{"tasks":[{}]}}}}}}"#,
            tasks.join(",")
        ),
        count,
    )
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    callback_lab::stable_sort::sort_by_key(&mut v, |d| *d);
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let (text, tasks) = body();
    println!(
        "response: {:.2} MB, {tasks} tasks",
        text.len() as f64 / 1_048_576.0
    );
    let flow = mission_flow().expect("mission flow");
    let clock = FixedClock(1_700_000_000_000);

    let t = Instant::now();
    let prepared = Arc::new(PreparedBody::new(text).expect("body accepted"));
    let parse = t.elapsed();
    println!(
        "parse body once (PreparedBody::new):          {}",
        ms(parse)
    );

    let t = Instant::now();
    let mut responder = PastedResponse::from_prepared(200, Arc::clone(&prepared));
    let result = run(&flow, &mission_input(), &mut responder, &clock).expect("run");
    let first = t.elapsed();
    println!(
        "first run on the parsed body (exit {}):      {}",
        result.exit(),
        ms(first)
    );
    println!(
        "parse + first run:                            {}",
        ms(parse + first)
    );

    let mut what_if = flow.clone();
    let mut reruns = Vec::new();
    for i in 0..21 {
        let expression = if i % 2 == 0 {
            r#"{{ callbackConnectTime == "-1" ? "true" : "false" }}"#
        } else {
            r#"{{ callbackStatus == "Not Processed" }}"#
        };
        let t = Instant::now();
        what_if
            .set_condition_expression(None, expression)
            .expect("condition");
        let r = run(&what_if, &mission_input(), &mut responder, &clock).expect("run");
        reruns.push(t.elapsed());
        assert_eq!(r.exit(), "true");
    }
    let max = reruns.iter().max().copied().unwrap_or_default();
    println!(
        "re-run, expression edited (median of 21):     {} (max {})",
        ms(median(reruns)),
        ms(max)
    );

    let json = prepared.json().expect("json");
    for path in ["$.data.taskDetails.tasks[0].callbackData.callbackStatus", "$..callbackStatus", "$.data.taskDetails.tasks[?@.callbackData.callbackConnectTime == -1].callbackData.callbackStatus"] {
        let compiled = CompiledPath::compile(path).expect("path");
        let t = Instant::now();
        let n = compiled.select(json).len();
        println!("JSONPath {path:<90} {n:>6} matches in {}", ms(t.elapsed()));
    }
}

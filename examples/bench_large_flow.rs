//! Flows at the limits and hostile flow files: how long import, check, lay-out, summary and a run
//! take (goal: a flow within the limits in well under a second natively; every hostile file gives a
//! message within 1 s). Not a test: machines are noisy; run it with scripts/bench-large-flow.sh.
//! Each row also prints its time as a ratio of the first row's, which is what to compare across
//! runs.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::time::Instant;

    use callback_lab::engine::FixedClock;
    use callback_lab::flow::{import, run, FlowSummary, RunInput, Unreachable};
    use callback_lab::flowcheck::{check_imported, mission};
    use callback_lab::lab::picture::FlowPicture;

    /// A real-shaped export: `nodes` menus, each linking `per` exits to other menus (cycles everywhere).
    fn cyclic(nodes: usize, per: usize) -> String {
        let mut activities = vec![r#""s":{"id":"s","name":"NewPhoneContact","group":"start","properties":{"activityId":"start","activityName":"NewPhoneContact","event":"NewPhoneContact"}}"#.to_string()];
        let mut links = vec![r#"{"id":"ls","sourceActivityId":"s","targetActivityId":"a0","conditionExpr":"out","properties":{"value":"out"}}"#.to_string()];
        let exits = ["1", "2", "3", "timeout", "invalid", "error"];
        let mut seed: u64 = 42;
        for i in 0..nodes {
            activities.push(format!(
                r#""a{i}":{{"id":"a{i}","name":"Menu_{i}","group":"enum-gateway","properties":{{"activityName":"ivr-menu","menuLinks":["1","2","3"],"menuLinks_input":["a","b","c"],"promptsTts":[{{"type":"tts","value":"Press 1, 2 or 3","name":"x"}}]}}}}"#
            ));
            for (k, exit) in exits.iter().enumerate().take(per) {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let to = if k == 0 {
                    (i + 1) % nodes
                } else {
                    (seed >> 33) as usize % nodes
                };
                links.push(format!(
                    r#"{{"id":"l{i}-{k}","sourceActivityId":"a{i}","targetActivityId":"a{to}","conditionExpr":"{exit}","properties":{{"value":"{exit}"}}}}"#
                ));
            }
        }
        format!(
            r#"{{"name":"Cycles","version":3,"variables":[],"process":{{"activities":{{{}}},"links":[{}]}}}}"#,
            activities.join(","),
            links.join(",")
        )
    }

    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        start.elapsed().as_secs_f64() * 1000.0
    };
    println!(
        "{:<44} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "flow", "import ms", "check ms", "layout ms", "summary ms", "run ms"
    );
    let mut first = None;
    for (nodes, per) in [(500, 5), (1_000, 5), (1_999, 5)] {
        let text = cyclic(nodes, per);
        let mut imported = None;
        let t_import = time(&mut || imported = Some(import(&text).unwrap()));
        let imported = imported.unwrap();
        let spec = mission(4).unwrap();
        let t_check = time(&mut || drop(check_imported(&imported, spec)));
        let t_layout = time(&mut || drop(FlowPicture::of(&imported.flow)));
        let t_summary = time(&mut || drop(FlowSummary::of(&imported.flow)));
        let input = RunInput {
            inputs: vec!["1".to_string(); 300],
            ..RunInput::default()
        };
        let t_run = time(&mut || {
            drop(run(&imported.flow, &input, &mut Unreachable, &FixedClock(0)).unwrap())
        });
        let total = t_import + t_check + t_layout + t_summary;
        let base = *first.get_or_insert(total);
        println!(
            "{:<44} {t_import:>10.1} {t_check:>10.1} {t_layout:>10.1} {t_summary:>10.1} {t_run:>10.1}   ×{:.2} of the first row",
            format!("{} activities, {} links ({} KB)", nodes + 1, nodes * per + 1, text.len() / 1024),
            total / base
        );
    }

    println!("\nhostile files (goal: a message within 1 000 ms)");
    let mut hundred_k = String::from(r#"{"process":{"activities":{"#);
    for i in 0..100_000 {
        if i > 0 {
            hundred_k.push(',');
        }
        hundred_k.push_str(&format!(r#""{i}":{{}}"#));
    }
    hundred_k.push_str("}}}");
    let hostile: Vec<(&str, String)> = vec![
        (
            "50 MB file",
            format!("{{\"name\":\"{}\"}}", "x".repeat(50 * 1024 * 1024)),
        ),
        ("100 000 activities (3.9 MB)", hundred_k),
        ("12 000 links (over the limit)", cyclic(1_999, 6)),
        (
            "every exit connected twice",
            cyclic(1_999, 2).replace("\"conditionExpr\":\"2\"", "\"conditionExpr\":\"1\""),
        ),
        (
            "wrong type deep in the file",
            cyclic(1_999, 5).replacen("\"conditionExpr\":\"timeout\"", "\"conditionExpr\":{}", 1),
        ),
        (
            "100 000-deep arrays",
            format!(
                "{{\"process\":{}{}}}",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
    ];
    let mut worst = 0.0f64;
    for (name, text) in &hostile {
        let mut outcome = String::new();
        let ms = time(&mut || {
            outcome = match import(text) {
                Ok(i) => format!("imported ({} notes)", i.notes.len()),
                Err(e) => e.message.chars().take(60).collect(),
            }
        });
        worst = worst.max(ms);
        println!("{name:<44} {ms:>10.1} ms  {outcome}");
    }
    println!("slowest hostile file: {worst:.1} ms");
}

#[cfg(target_arch = "wasm32")]
fn main() {}

//! How long each parser takes on the hostile inputs of the bad-input catalogue (goal: ≤ 100 ms each,
//! or a "too large" message). Not a test: machines are noisy; run it with `cargo bench-inputs`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::time::Instant;

    use callback_lab::engine::{render_str, FixedClock, Variables};
    use callback_lab::flow::{CompiledPath, Flow, PreparedBody};
    use callback_lab::guide::parse_mission;

    let deep = 100_000;
    let inputs: Vec<(&str, String)> = vec![
        (
            "10 MB string body",
            format!("{{\"a\":\"{}\"}}", "x".repeat(10 * 1024 * 1024 - 16)),
        ),
        (
            "100 000-deep arrays",
            format!("{}{}", "[".repeat(deep), "]".repeat(deep)),
        ),
        (
            "1 MB single string",
            format!("\"{}\"", "y".repeat(1024 * 1024)),
        ),
        (
            "100 000-char JSONPath",
            format!("$.{}", "a.".repeat(50_000)),
        ),
        (
            "100 000-char expression",
            format!("{{{{ {} }}}}", "a == 1 and ".repeat(9_000)),
        ),
        (
            "100 000-deep parentheses",
            format!("{{{{ {}1{} }}}}", "(".repeat(deep), ")".repeat(deep)),
        ),
        (
            "HTML page",
            "<html><body><h1>502</h1></body></html>".repeat(1000),
        ),
    ];
    let vars = Variables::new();
    let clock = FixedClock(0);
    println!(
        "{:<28} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "input", "body ms", "jsonpath ms", "expr ms", "markdown ms", "flow ms"
    );
    let mut worst = 0.0f64;
    for (name, input) in &inputs {
        let time = |f: &dyn Fn()| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        };
        let row = [
            time(&|| drop(PreparedBody::new(input.as_str()))),
            time(&|| drop(CompiledPath::compile(input))),
            time(&|| drop(render_str(input, &vars, &clock))),
            time(&|| drop(parse_mission(input))),
            time(&|| drop(Flow::from_json(input))),
        ];
        worst = row.iter().copied().fold(worst, f64::max);
        println!(
            "{name:<28} {:>12.2} {:>12.2} {:>12.2} {:>12.2} {:>12.2}",
            row[0], row[1], row[2], row[3], row[4]
        );
    }
    println!("slowest: {worst:.2} ms (goal ≤ 100 ms)");
}

#[cfg(target_arch = "wasm32")]
fn main() {}

//! Benchmark (not a test): parse + evaluate the mission's Condition expression with this engine,
//! against minijinja compiling + evaluating the equivalent Jinja expression. Prints the figures of
//! one run and the ratio (minijinja time / our time: above 1 means we are faster).
//!
//! Run: `cargo bench-engine` (`cargo run --profile speed --example bench_engine`).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use callback_lab::engine::{render, FixedClock, Template, Value, Variables};
    use std::hint::black_box;
    use std::time::Instant;

    const CONDITION: &str = r#"{{ callbackConnectTime == "-1" ? (callbackStatus == "Not Processed" ? (HTTPRequest_CallBackSearch.httpStatusCode == 200 ? "true" : "false") : "false") : "false" }}"#;
    // The same logic in Jinja syntax (dotted names become attribute access on a map).
    const JINJA: &str = r#"(("true" if HTTPRequest_CallBackSearch.httpStatusCode == 200 else "false") if callbackStatus == "Not Processed" else "false") if callbackConnectTime == "-1" else "false""#;
    // `BENCH_ITERATIONS` overrides the count (e.g. a short run under `valgrind --tool=callgrind`).
    let iterations: u32 = std::env::var("BENCH_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);

    let mut vars = Variables::new();
    vars.set("callbackConnectTime", Value::String("-1".into()));
    vars.set("callbackStatus", Value::String("Not Processed".into()));
    vars.set(
        "HTTPRequest_CallBackSearch.httpStatusCode",
        Value::Integer(200),
    );
    let clock = FixedClock(1_717_243_200_000);

    let env = minijinja::Environment::new();
    let ctx = minijinja::context! {
        callbackConnectTime => "-1",
        callbackStatus => "Not Processed",
        HTTPRequest_CallBackSearch => minijinja::context! { httpStatusCode => 200 },
    };

    // Both must agree before timing anything.
    let ours = render(&Template::parse(CONDITION).expect("parse"), &vars, &clock).expect("render");
    let theirs = env
        .compile_expression(JINJA)
        .and_then(|e| e.eval(&ctx))
        .expect("minijinja");
    assert_eq!(ours.text, "true");
    assert_eq!(theirs.as_str(), Some("true"));

    let time = |label: &str, f: &mut dyn FnMut()| {
        for _ in 0..iterations / 10 {
            f();
        }
        let start = Instant::now();
        for _ in 0..iterations {
            f();
        }
        let ns = start.elapsed().as_nanos() as f64 / f64::from(iterations);
        println!("{label:<44} {ns:>9.0} ns/iter");
        ns
    };

    println!("mission condition, {iterations} iterations each (one run)");
    let ours_full = time("flow engine: parse + evaluate (with trace)", &mut || {
        let t = Template::parse(black_box(CONDITION)).expect("parse");
        black_box(render(&t, &vars, &clock).expect("render"));
    });
    let theirs_full = time("minijinja: compile_expression + eval", &mut || {
        let e = env.compile_expression(black_box(JINJA)).expect("compile");
        black_box(e.eval(&ctx).expect("eval"));
    });
    let parsed = Template::parse(CONDITION).expect("parse");
    let ours_eval = time("flow engine: evaluate only (pre-parsed)", &mut || {
        black_box(render(black_box(&parsed), &vars, &clock).expect("render"));
    });
    let compiled = env.compile_expression(JINJA).expect("compile");
    let theirs_eval = time("minijinja: eval only (pre-compiled)", &mut || {
        black_box(compiled.eval(&ctx).expect("eval"));
    });
    println!(
        "ratio parse+evaluate (minijinja / flow engine): {:.2}x{}",
        theirs_full / ours_full,
        if ours_full < theirs_full {
            " (flow engine faster)"
        } else {
            " (minijinja faster)"
        }
    );
    println!(
        "ratio evaluate only  (minijinja / flow engine): {:.2}x",
        theirs_eval / ours_eval
    );
}

#[cfg(target_arch = "wasm32")]
fn main() {}

//! Prints the outline and diagnostics of a mission file: `cargo run -p guide --example outline -- FILE`.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: outline FILE.md");
        std::process::exit(2);
    };
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    let parsed = guide::parse_mission(&source);
    print!("{}", guide::outline::outline(&parsed.doc));
    for d in &parsed.diagnostics {
        eprintln!("{path}:{d}");
    }
}

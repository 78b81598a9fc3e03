//! Prints the steps of a mission file: `cargo run -p guide --example steps -- FILE`.
fn main() {
    for path in std::env::args().skip(1) {
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let doc = guide::parse_mission(&source).doc;
        for step in &doc.steps {
            println!(
                "{path}: #{} shown as {} step {}",
                step.id, step.section, step.number
            );
        }
    }
}

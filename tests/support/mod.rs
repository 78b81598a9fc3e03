//! Shared by the property-test suites (`mod support;`).

/// The number of cases a property runs: `default` in the normal test command, or `FUZZ_CASES` from
/// the environment for the long fuzzing run (scripts/fuzz.sh).
pub fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

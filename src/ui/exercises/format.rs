//! Small text helpers shared by the exercise components (no components here).

use crate::flow::format_utc;
use crate::sim::center::{describe_duration, START_TIME};

/// `2023-11-14 22:13:20 UTC` for epoch milliseconds.
pub fn clock(ms: i64) -> String {
    let iso = format_utc(ms);
    let mut text: String = iso.chars().take(19).collect();
    text = text.replacen('T', " ", 1);
    format!("{text} UTC")
}

/// `22:13:20` for epoch milliseconds.
pub fn time_of_day(ms: i64) -> String {
    format_utc(ms).chars().skip(11).take(8).collect()
}

/// How far the simulated clock is past the session's start (`start + 4 h 10 min`).
pub fn since_start(ms: i64) -> String {
    let elapsed = ms.saturating_sub(START_TIME);
    if elapsed <= 0 {
        "the session's start".to_string()
    } else {
        format!("start + {}", describe_duration(elapsed))
    }
}

/// The last block of a task id (`…000000000003`), enough to tell tasks apart.
pub fn short_task(id: &str) -> String {
    match id.rsplit('-').next() {
        Some(tail) if tail.len() < id.len() => {
            let trimmed = tail.trim_start_matches('0');
            format!("…{}", if trimmed.is_empty() { "0" } else { trimmed })
        }
        _ => id.to_string(),
    }
}

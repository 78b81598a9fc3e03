//! The Condition lab's sample responses: one row per sample, bodies in the shipped mission's
//! `content/missions/preventing-callback-duplication/samples/`.
//!
//! A new sample is a new file and one row of [`SAMPLES`].

/// A response the lab can load with one click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// Stable id (saved in the lab state, used in test ids).
    pub id: &'static str,
    /// The button's text.
    pub title: &'static str,
    /// What the case shows, in one sentence.
    pub summary: &'static str,
    /// The HTTP status the sample comes with.
    pub status: i64,
    pub body: &'static str,
    /// The mission Condition's exit for this sample (`true`, `false`, `error`): checked by the tests.
    pub expected_exit: &'static str,
}

/// Every sample, in the order of the buttons.
pub const SAMPLES: &[Sample] = &[
    Sample {
        id: "pending-callback",
        title: "Pending callback",
        summary: "A callback for this number is waiting (Not Processed, connect time -1).",
        status: 200,
        body: include_str!(
            "../../content/missions/preventing-callback-duplication/samples/pending-callback.json"
        ),
        expected_exit: "true",
    },
    Sample {
        id: "already-connected",
        title: "Already connected",
        summary: "The earlier callback was connected: a new one may be scheduled.",
        status: 200,
        body: include_str!(
            "../../content/missions/preventing-callback-duplication/samples/already-connected.json"
        ),
        expected_exit: "false",
    },
    Sample {
        id: "no-task-found",
        title: "No task found",
        summary: "No callback in the search window: tasks is empty.",
        status: 200,
        body: include_str!(
            "../../content/missions/preventing-callback-duplication/samples/no-task-found.json"
        ),
        expected_exit: "false",
    },
    Sample {
        id: "two-tasks",
        title: "Two tasks",
        summary: "Two callbacks: tasks[0] is connected, tasks[1] is the pending one.",
        status: 200,
        body: include_str!(
            "../../content/missions/preventing-callback-duplication/samples/two-tasks.json"
        ),
        expected_exit: "false",
    },
    Sample {
        id: "unauthorized-401",
        title: "401 with error body",
        summary: "The connector's token was refused: status 401 and an error body.",
        status: 401,
        body: include_str!(
            "../../content/missions/preventing-callback-duplication/samples/unauthorized-401.json"
        ),
        expected_exit: "false",
    },
    Sample {
        id: "graphql-error",
        title: "GraphQL error (data: null)",
        summary: "The query was rejected: `errors` and `data: null`.",
        status: 200,
        body: include_str!(
            "../../content/missions/preventing-callback-duplication/samples/graphql-error.json"
        ),
        expected_exit: "false",
    },
    Sample {
        id: "not-json",
        title: "Not JSON",
        summary: "A gateway error page instead of JSON.",
        status: 502,
        body: include_str!(
            "../../content/missions/preventing-callback-duplication/samples/not-json.html"
        ),
        expected_exit: "false",
    },
];

/// The sample with this id.
pub fn sample(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_bodies_present() {
        for (i, s) in SAMPLES.iter().enumerate() {
            assert!(!s.body.trim().is_empty(), "{}", s.id);
            assert!(
                SAMPLES.iter().skip(i + 1).all(|o| o.id != s.id),
                "duplicate id {}",
                s.id
            );
            assert_eq!(sample(s.id), Some(s));
        }
        assert_eq!(sample("nope"), None);
    }
}

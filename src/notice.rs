//! The one kind of message a page shows above its content: what an action did, or why it was not
//! done (the Condition lab, the simulator, "Run live"). Pages render it as a note or, for an
//! error, an alert.

/// A message for the attendee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Whether it says that something went wrong (shown as an alert).
    pub error: bool,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Notice {
        Notice {
            error: false,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Notice {
        Notice {
            error: true,
            text: text.into(),
        }
    }
}

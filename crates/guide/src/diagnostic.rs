//! What the parser noticed about a mission's Markdown, with the line it was noticed on. The guide
//! renders whatever it can; `flowlab check` prints these for the lab's authors.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 1-based line in the mission file.
    pub line: usize,
    pub kind: DiagnosticKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    /// The guide still renders, deliberately differently (e.g. a placeholder for an image).
    Warning,
    /// Something an attendee would see wrong or could not copy.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DiagnosticKind {
    /// An HTML tag the guide does not support; it is shown as text.
    UnsupportedHtml,
    /// A `<span>` whose class the guide does not know; its content is kept, the span dropped.
    UnknownSpanClass,
    /// A tag opened and never closed.
    UnterminatedTag,
    /// A closing tag without its opening tag.
    StrayClosingTag,
    /// `!!! something` that MkDocs Material does not know, or a header that cannot be read.
    UnknownAdmonition,
    /// An attendee placeholder whose visible prefix or suffix is not in `data-prefix`/`data-suffix`.
    MissingAffix,
    /// Visible text around a placeholder differs from what would be copied.
    AffixMismatch,
    /// An attendee container without a placeholder inside.
    MissingPlaceholder,
    /// A copy button with nothing (or nothing known) to copy.
    EmptyCopyPayload,
    /// A link target the guide refuses (`javascript:`…) or an empty one.
    UnsafeLink,
    /// A link or image whose target does not exist.
    Unresolved,
    /// An image not shipped with the companion: shown as a placeholder.
    ImageNotShipped,
    /// Two steps with the same number in one section.
    DuplicateStep,
    /// Markup nested deeper than the guide renders; flattened.
    TooDeep,
    /// Text that looks like UTF-8 read as Latin-1 (`ðŸŽ‰`).
    MisEncoded,
}

impl DiagnosticKind {
    pub fn severity(self) -> Severity {
        match self {
            DiagnosticKind::ImageNotShipped => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl Diagnostic {
    pub fn new(line: usize, kind: DiagnosticKind, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line,
            kind,
            message: message.into(),
        }
    }

    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

impl fmt::Display for Diagnostic {
    /// `12: error: …` (the caller puts the file name in front).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.line, self.severity(), self.message)
    }
}

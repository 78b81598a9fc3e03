//! What the parser noticed about a mission's Markdown, with the line and column it was noticed at.
//! The guide renders whatever it can; `flowlab check` prints these for the lab's authors. Errors are
//! for what an attendee would see broken or could not copy; warnings for what renders, but perhaps
//! not as the author meant (MkDocs renders it the same way).

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 1-based line in the mission file.
    pub line: usize,
    /// 1-based column (in characters) in that line.
    pub column: usize,
    pub kind: DiagnosticKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    /// The guide still renders, as MkDocs does or deliberately differently (a placeholder for an
    /// image); worth a look.
    Warning,
    /// Something an attendee would see wrong or could not copy.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DiagnosticKind {
    /// An HTML tag the guide does not render (`<script>`, `<iframe>`…); it is shown as text.
    UnsupportedHtml,
    /// A `<span>` whose class the guide does not know; its content is kept, the span dropped.
    UnknownSpanClass,
    /// `style="…"` on a span (or paragraph): the text is kept, the style is not shown.
    StyledSpan,
    /// A container tag (`<details>`, `<div>`…) opened and never closed.
    UnterminatedTag,
    /// A closing tag without its opening tag (browsers ignore it).
    StrayClosingTag,
    /// HTML nested the wrong way round, repaired as browsers repair it.
    RepairedNesting,
    /// `!!! something` that MkDocs Material does not style.
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
    /// A relative link to another page of the lab guide (followed through `source_url`).
    OtherPage,
    /// An image not shipped with the companion: shown as a placeholder.
    ImageNotShipped,
    /// A numbered list typed with numbers MkDocs does not show (it numbers 1, 2, 3…).
    TypedNumber,
    /// An icon shortcode the companion's table does not have: shown as text.
    UnknownEmoji,
    /// Attributes of an attribute list (`{: … }`) the companion does not use.
    AttributeDropped,
    /// `---` right under a line, which makes that line a heading.
    RuleBecameHeading,
    /// Markdown inside a raw HTML block, which MkDocs does not render.
    MarkdownInHtml,
    /// `Key: value` lines at the top, which MkDocs reads as metadata and hides.
    HiddenMetadata,
    /// A PyMdown snippet include (`--8<--`), which MkDocs replaces with another file the
    /// companion does not have; the page still reads, without that file.
    SnippetInclude,
    /// A tag Python-Markdown 3.11 shows as text (no space between two attributes).
    LooseTag,
    /// Markup nested deeper than the guide renders, or a block too long; flattened.
    TooDeep,
    /// Text that looks like UTF-8 read as Latin-1 (`ðŸŽ‰`).
    MisEncoded,
}

impl DiagnosticKind {
    pub fn severity(self) -> Severity {
        use DiagnosticKind::*;
        match self {
            UnsupportedHtml | UnterminatedTag | MissingAffix | AffixMismatch
            | MissingPlaceholder | EmptyCopyPayload | UnsafeLink | Unresolved | TooDeep
            | MisEncoded => Severity::Error,
            UnknownSpanClass | StyledSpan | StrayClosingTag | RepairedNesting
            | UnknownAdmonition | OtherPage | ImageNotShipped | TypedNumber | UnknownEmoji
            | AttributeDropped | RuleBecameHeading | MarkdownInHtml | HiddenMetadata
            | SnippetInclude | LooseTag => Severity::Warning,
        }
    }
}

impl Diagnostic {
    /// At the start of `line`.
    pub fn new(line: usize, kind: DiagnosticKind, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(line, 1, kind, message)
    }

    pub fn at(
        line: usize,
        column: usize,
        kind: DiagnosticKind,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            line,
            column,
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
    /// `12:5: error: …` (the caller puts the file name in front).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.line,
            self.column,
            self.severity(),
            self.message
        )
    }
}

/// Byte offsets of a file → `line:column`.
#[derive(Debug, Clone)]
pub struct LineTable<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineTable<'a> {
    pub fn new(source: &'a str) -> LineTable<'a> {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineTable { source, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .source
            .get(start..offset)
            .map_or(offset - start, |text| text.chars().count())
            + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        let table = LineTable::new("ab\ncé d\n");
        assert_eq!(table.position(0), (1, 1));
        assert_eq!(table.position(3), (2, 1));
        assert_eq!(table.position(6), (2, 3));
        assert_eq!(table.position(7), (2, 4));
        assert_eq!(table.position(100), (3, 1));
        let d = Diagnostic::at(2, 3, DiagnosticKind::StyledSpan, "x");
        assert_eq!(d.to_string(), "2:3: warning: x");
    }
}

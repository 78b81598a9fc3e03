//! Mission Markdown → [`MissionDoc`], rendered as the lab's MkDocs renders it ([`crate::markdown`]:
//! Python-Markdown's algorithm and extensions, then the browser's HTML rules) and read into the
//! typed document ([`crate::lower`]), with [`Diagnostic`]s for `flowlab check`.
//!
//! No input panics or takes long: nesting, block length and DOM depth are capped (see
//! `markdown::blocks::MAX_DEPTH`, `markdown::dom::MAX_DOM_DEPTH`), and what goes past a cap is shown
//! as text with a diagnostic.

use serde::Serialize;

use super::diagnostic::{Diagnostic, DiagnosticKind, LineTable};
use super::href::SafeHref;
use super::lower::lower;
use super::markdown::{self, Noted};
use super::model::*;

/// Sections whose top-level numbered items are steps; the anchor prefix is the slug (`build-3`).
pub const STEP_SECTIONS: &[&str] = &["Build", "Testing"];

/// A parsed mission and what was noticed on the way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedMission {
    pub doc: MissionDoc,
    pub diagnostics: Vec<Diagnostic>,
    /// Every link and image target with its position, for checks that need the file system.
    pub references: Vec<Reference>,
}

/// A link or image target as written, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub line: usize,
    pub column: usize,
    pub image: bool,
    /// `None` when the target was refused (already reported).
    pub href: Option<SafeHref>,
}

/// Parses a mission's Markdown. Never fails: what cannot be rendered as intended is rendered as text
/// (or dropped) and reported in `diagnostics`.
pub fn parse_mission(source: &str) -> ParsedMission {
    let rendered = markdown::render(source);
    let lowered = lower(&rendered.dom);
    let table = LineTable::new(source);
    let position = |at: usize| table.position(at);
    let mut diagnostics = mis_encoded(source);
    diagnostics.extend(snippets(source));
    let references: Vec<Reference> = lowered
        .references
        .iter()
        .map(|r| {
            let (line, column) = position(r.at);
            Reference {
                line,
                column,
                image: r.image,
                href: r.href.clone(),
            }
        })
        .collect();
    for reference in &references {
        let Some(anchor) = reference.href.as_ref().and_then(SafeHref::anchor) else {
            continue;
        };
        let known = lowered.headings.iter().any(|h| h.id == anchor)
            || lowered.steps.iter().any(|s| s.id == anchor)
            || anchor.starts_with("fn:")
            || anchor.starts_with("fnref");
        if !known {
            diagnostics.push(Diagnostic::at(
                reference.line,
                reference.column,
                DiagnosticKind::Unresolved,
                format!("link to `#{anchor}`, but no heading or step has that anchor"),
            ));
        }
    }
    let noted = rendered
        .diagnostics
        .iter()
        .chain(lowered.diagnostics.iter());
    for Noted { at, kind, message } in noted {
        let (line, column) = position(*at);
        diagnostics.push(Diagnostic::at(line, column, *kind, message.clone()));
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    // One report per kind and place (an unclosed raw block is seen by the HTML extraction and the
    // page's tree both; the first says more).
    diagnostics.dedup_by(|a, b| a.line == b.line && a.column == b.column && a.kind == b.kind);
    let title = lowered
        .headings
        .iter()
        .find(|h| h.level == 1)
        .or_else(|| lowered.headings.first())
        .map(|h| h.text.clone());
    let front_matter = FrontMatter {
        entries: rendered
            .meta
            .into_iter()
            .map(|(key, value)| FrontMatterEntry { key, value })
            .collect(),
    };
    ParsedMission {
        doc: MissionDoc {
            front_matter,
            title,
            blocks: lowered.blocks,
            steps: lowered.steps,
            headings: lowered.headings,
        },
        diagnostics,
        references,
    }
}

impl MissionDoc {
    /// Parses a mission, ignoring diagnostics (see [`parse_mission`]).
    pub fn parse(source: &str) -> MissionDoc {
        parse_mission(source).doc
    }
}

/// An anchor id from heading text, as MkDocs' `toc` makes it: accents dropped, ASCII letters,
/// digits, `_` and `-` kept, runs of spaces and dashes one `-`, lower case.
pub fn slugify(text: &str) -> String {
    let mut kept = String::new();
    for c in text.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c.is_whitespace() {
            kept.push(c);
        }
    }
    let kept = kept.trim().to_ascii_lowercase();
    let mut slug = String::with_capacity(kept.len());
    let mut dash = false;
    for c in kept.chars() {
        if c == '-' || c.is_whitespace() {
            dash = true;
        } else {
            if dash {
                slug.push('-');
            }
            dash = false;
            slug.push(c);
        }
    }
    if dash {
        slug.push('-');
    }
    slug
}

/// The base letter of a Latin accented letter (what NFKD then ASCII keeps); other characters as
/// they are.
fn fold_accent(c: char) -> char {
    const FOLDS: &[(&str, char)] = &[
        ("àáâãäåāăą", 'a'),
        ("ÀÁÂÃÄÅĀĂĄ", 'A'),
        ("çćĉċč", 'c'),
        ("ÇĆĈĊČ", 'C'),
        ("ďđ", 'd'),
        ("èéêëēĕėęě", 'e'),
        ("ÈÉÊËĒĔĖĘĚ", 'E'),
        ("ìíîïĩīĭįı", 'i'),
        ("ÌÍÎÏĨĪĬĮİ", 'I'),
        ("ñńņňŉ", 'n'),
        ("ÑŃŅŇ", 'N'),
        ("òóôõöōŏő", 'o'),
        ("ÒÓÔÕÖŌŎŐ", 'O'),
        ("ùúûüũūŭůűų", 'u'),
        ("ÙÚÛÜŨŪŬŮŰŲ", 'U'),
        ("ýÿŷ", 'y'),
        ("ÝŸŶ", 'Y'),
        ("śŝşš", 's'),
        ("ŚŜŞŠ", 'S'),
        ("źżž", 'z'),
        ("ŹŻŽ", 'Z'),
    ];
    if c.is_ascii() {
        return c;
    }
    FOLDS
        .iter()
        .find(|(accented, _)| accented.contains(c))
        .map_or(c, |(_, base)| *base)
}

/// PyMdown snippets (`--8<-- "file.md"`): MkDocs puts another file there; the companion cannot.
fn snippets(source: &str) -> Vec<Diagnostic> {
    source
        .lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let at = line.find("--8<--")?;
            let before = line.get(..at)?.trim();
            (before.is_empty() || before == ";").then(|| {
                Diagnostic::at(
                    index + 1,
                    line.get(..at).map_or(1, |b| b.chars().count() + 1),
                    DiagnosticKind::SnippetInclude,
                    "a snippet include (`--8<--`) puts another file here in MkDocs; the included file is not shown (the line is shown as text) — copy the file's content in to show it",
                )
            })
        })
        .collect()
}

/// Lines with text that looks like UTF-8 read as Windows-1252 (`ðŸŽ‰` for 🎉, `â€™` for ’).
fn mis_encoded(source: &str) -> Vec<Diagnostic> {
    let continuation =
        |c: char| ('\u{80}'..='\u{bf}').contains(&c) || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c);
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let hit = chars.windows(2).position(|pair| match pair {
            [lead, next] => ('\u{c2}'..='\u{f4}').contains(lead) && continuation(*next),
            _ => false,
        });
        if let Some(at) = hit {
            let sample: String = chars.iter().skip(at).take(4).collect();
            found.push(Diagnostic::at(
                index + 1,
                at + 1,
                DiagnosticKind::MisEncoded,
                format!("`{sample}` looks like UTF-8 read as Latin-1; save the file as UTF-8"),
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Mission 4: Preventing Callback duplication"),
            "mission-4-preventing-callback-duplication"
        );
        assert_eq!(slugify("  Call Flow -- Overview "), "call-flow-overview");
        assert_eq!(slugify("Story "), "story");
        assert_eq!(slugify("???"), "");
        assert_eq!(slugify("Café & Crème"), "cafe-creme");
        assert_eq!(slugify("Task 1. Create"), "task-1-create");
    }

    #[test]
    fn mojibake() {
        assert_eq!(mis_encoded("fine 🎉 café à la\n").len(), 0);
        let found = mis_encoded("ok\nDone! ðŸŽ‰ðŸŽ‰\nitâ€™s\nit’s fine\n");
        assert_eq!(
            found.iter().map(|d| (d.line, d.column)).collect::<Vec<_>>(),
            vec![(2, 7), (3, 3)]
        );
    }
}

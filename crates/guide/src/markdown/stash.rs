//! What preprocessors take out of the text before block parsing (fenced code, raw HTML blocks,
//! Markdown-in-HTML elements), each replaced by a placeholder line `\u{2}N\u{3}` — Python-Markdown's
//! `htmlStash`. The placeholders survive block parsing and are resolved when the tree is turned into
//! HTML tokens.

use super::text::SrcText;
use super::tree::NodeId;

pub const STX: char = '\u{2}';
pub const ETX: char = '\u{3}';

#[derive(Debug, Clone)]
pub enum Stashed {
    /// A fenced code block.
    Code {
        language: Option<String>,
        text: String,
        at: usize,
    },
    /// Raw HTML, passed to the page as written.
    Html(SrcText),
    /// An element whose content is Markdown (`<div markdown>`), built by the block parser.
    Element(NodeId),
    /// Already placed in the tree (an element the block parser took).
    Used,
}

#[derive(Debug, Default)]
pub struct Stash {
    entries: Vec<Stashed>,
}

impl Stash {
    /// Stores `entry`; returns its placeholder.
    pub fn store(&mut self, entry: Stashed) -> String {
        self.entries.push(entry);
        placeholder(self.entries.len() - 1)
    }

    pub fn get(&self, index: usize) -> Option<&Stashed> {
        self.entries.get(index)
    }

    pub fn take(&mut self, index: usize) -> Option<Stashed> {
        let entry = self.entries.get_mut(index)?;
        Some(std::mem::replace(entry, Stashed::Used))
    }
}

pub fn placeholder(index: usize) -> String {
    format!("{STX}{index}{ETX}")
}

/// The placeholder at the start of `text`: its index and length in bytes.
pub fn placeholder_at(text: &str) -> Option<(usize, usize)> {
    let rest = text.strip_prefix(STX)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 || rest.as_bytes().get(digits) != Some(&(ETX as u8)) {
        return None;
    }
    let index = rest.get(..digits)?.parse().ok()?;
    Some((index, 1 + digits + 1))
}

/// Whether `text` (trimmed) is exactly one placeholder; its index.
pub fn lone_placeholder(text: &str) -> Option<usize> {
    let trimmed = text.trim();
    let (index, len) = placeholder_at(trimmed)?;
    (len == trimmed.len()).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_round_trip() {
        let mut stash = Stash::default();
        let p = stash.store(Stashed::Html(SrcText::new("<hr>", 0)));
        assert_eq!(placeholder_at(&p), Some((0, 3)));
        assert_eq!(lone_placeholder(&format!("  {p}\n")), Some(0));
        assert_eq!(lone_placeholder(&format!("{p}x")), None);
        assert_eq!(placeholder_at("\u{2}\u{3}"), None);
        assert!(matches!(stash.take(0), Some(Stashed::Html(_))));
        assert!(matches!(stash.get(0), Some(Stashed::Used)));
    }
}

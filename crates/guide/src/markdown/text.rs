//! Text that remembers where it came from. Python-Markdown's algorithm cuts, re-indents and re-joins
//! blocks of text many times; carrying the source offset of every byte through those operations is
//! what lets a diagnostic say `line:column` about something found deep inside a list in a quote.

use std::ops::Range;

/// A string plus, for every byte, its byte offset in the mission file. Stored as runs: a run starts
/// at a byte of the text and maps the bytes up to the next run linearly onto the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SrcText {
    text: String,
    runs: Vec<Run>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    /// Byte index in `text` where the run starts.
    at: usize,
    /// Source offset of that byte.
    src: usize,
}

impl SrcText {
    /// `text` found at source offset `src`.
    pub fn new(text: &str, src: usize) -> SrcText {
        SrcText {
            text: text.to_owned(),
            runs: vec![Run { at: 0, src }],
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The source offset of byte `index` (the end of the text maps past its last byte).
    pub fn src(&self, index: usize) -> usize {
        let run = self.runs.partition_point(|run| run.at <= index);
        match run.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(run) => run.src + (index - run.at),
            None => 0,
        }
    }

    /// The source offset of the first byte.
    pub fn start(&self) -> usize {
        self.src(0)
    }

    /// Bytes `range` (clamped, and moved to character boundaries).
    pub fn slice(&self, range: Range<usize>) -> SrcText {
        let end = floor_boundary(&self.text, range.end.min(self.text.len()));
        let start = floor_boundary(&self.text, range.start.min(end));
        let mut runs = vec![Run {
            at: 0,
            src: self.src(start),
        }];
        let first = self.runs.partition_point(|run| run.at <= start);
        for run in self.runs.iter().skip(first) {
            if run.at >= end {
                break;
            }
            runs.push(Run {
                at: run.at - start,
                src: run.src,
            });
        }
        SrcText {
            text: self.text.get(start..end).unwrap_or("").to_owned(),
            runs,
        }
    }

    pub fn slice_from(&self, start: usize) -> SrcText {
        self.slice(start..self.text.len())
    }

    pub fn slice_to(&self, end: usize) -> SrcText {
        self.slice(0..end)
    }

    /// Appends `other`, keeping its positions.
    pub fn push(&mut self, other: &SrcText) {
        let base = self.text.len();
        for run in &other.runs {
            self.push_run(Run {
                at: base + run.at,
                src: run.src,
            });
        }
        self.text.push_str(&other.text);
    }

    /// Appends text that has no place of its own in the file (a joining newline): it maps to where
    /// the text so far ends.
    pub fn push_str(&mut self, extra: &str) {
        if extra.is_empty() {
            return;
        }
        let src = if self.text.is_empty() {
            self.start()
        } else {
            self.src(self.text.len() - 1) + 1
        };
        self.push_run(Run {
            at: self.text.len(),
            src,
        });
        self.text.push_str(extra);
    }

    /// Adds a run at the end, merging it with the last one when it starts at the same byte or
    /// continues it (appending stays linear).
    fn push_run(&mut self, run: Run) {
        match self.runs.last_mut() {
            Some(last) if last.at == run.at => {
                *last = run;
                let len = self.runs.len();
                if len >= 2 {
                    if let (Some(before), Some(last)) =
                        (self.runs.get(len - 2), self.runs.get(len - 1))
                    {
                        if before.src + (last.at - before.at) == last.src {
                            self.runs.pop();
                        }
                    }
                }
            }
            Some(last) if last.src + (run.at - last.at) == run.src => {}
            _ => self.runs.push(run),
        }
    }

    /// Inserts `extra` (without a place of its own) at the front; it maps to the current start.
    pub fn prepend_str(&mut self, extra: &str) {
        if extra.is_empty() {
            return;
        }
        let src = self.start();
        let mut text = String::with_capacity(extra.len() + self.text.len());
        text.push_str(extra);
        text.push_str(&self.text);
        let mut runs = vec![Run { at: 0, src }];
        runs.extend(self.runs.iter().map(|run| Run {
            at: run.at + extra.len(),
            src: run.src,
        }));
        self.text = text;
        self.runs = runs;
        self.tidy_runs();
    }

    /// Drops runs that start at the same byte (keeping the later) or that continue the previous one.
    fn tidy_runs(&mut self) {
        let mut tidy: Vec<Run> = Vec::with_capacity(self.runs.len());
        for run in self.runs.drain(..) {
            match tidy.last_mut() {
                Some(last) if last.at == run.at => *last = run,
                Some(last) if last.src + (run.at - last.at) == run.src => {}
                _ => tidy.push(run),
            }
        }
        if tidy.is_empty() {
            tidy.push(Run { at: 0, src: 0 });
        }
        self.runs = tidy;
    }

    /// `parts` joined with `separator` (which maps to the end of the part before it).
    pub fn join(parts: &[SrcText], separator: &str) -> SrcText {
        let mut out = match parts.first() {
            Some(first) => first.clone(),
            None => return SrcText::default(),
        };
        for part in parts.iter().skip(1) {
            out.push_str(separator);
            out.push(part);
        }
        out
    }

    /// Split on every occurrence of `separator`.
    pub fn split(&self, separator: &str) -> Vec<SrcText> {
        let mut out = Vec::new();
        let mut start = 0;
        if separator.is_empty() {
            return vec![self.clone()];
        }
        while let Some(found) = self.text.get(start..).and_then(|rest| rest.find(separator)) {
            out.push(self.slice(start..start + found));
            start += found + separator.len();
        }
        out.push(self.slice_from(start));
        out
    }

    pub fn lines(&self) -> Vec<SrcText> {
        self.split("\n")
    }

    pub fn trim_start(&self) -> SrcText {
        let trimmed = self.text.trim_start();
        self.slice_from(self.text.len() - trimmed.len())
    }

    pub fn trim_end(&self) -> SrcText {
        self.slice_to(self.text.trim_end().len())
    }

    pub fn trim(&self) -> SrcText {
        self.trim_start().trim_end()
    }

    /// Without leading `chars` (Python's `lstrip(chars)`).
    pub fn trim_start_matches(&self, chars: &[char]) -> SrcText {
        let trimmed = self.text.trim_start_matches(chars);
        self.slice_from(self.text.len() - trimmed.len())
    }

    /// Without trailing `chars` (Python's `rstrip(chars)`).
    pub fn trim_end_matches(&self, chars: &[char]) -> SrcText {
        self.slice_to(self.text.trim_end_matches(chars).len())
    }

    pub fn starts_with(&self, prefix: &str) -> bool {
        self.text.starts_with(prefix)
    }
}

impl std::fmt::Display for SrcText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The largest character boundary at or before `index`.
pub fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_survive_cutting_and_joining() {
        let source = "alpha\n    beta\ngamma";
        let text = SrcText::new(source, 0);
        let lines = text.lines();
        assert_eq!(lines.len(), 3);
        let beta = lines[1].slice_from(4);
        assert_eq!(beta.as_str(), "beta");
        assert_eq!(beta.start(), 10);
        let joined = SrcText::join(&[lines[0].clone(), beta.clone(), lines[2].clone()], "\n");
        assert_eq!(joined.as_str(), "alpha\nbeta\ngamma");
        assert_eq!(joined.src(6), 10);
        assert_eq!(joined.src(11), 15);
        assert_eq!(joined.slice(6..8).start(), 10);
    }

    #[test]
    fn slices_clamp_to_character_boundaries() {
        let text = SrcText::new("é🎉x", 5);
        assert_eq!(text.slice(1..100).as_str(), "é🎉x");
        assert_eq!(text.slice(3..5).as_str(), "");
        assert_eq!(text.slice_from(6).start(), 11);
    }

    #[test]
    fn synthetic_text_maps_to_its_neighbour() {
        let mut text = SrcText::new("ab", 10);
        text.push_str("\n");
        text.push(&SrcText::new("cd", 20));
        assert_eq!(text.as_str(), "ab\ncd");
        assert_eq!(text.src(2), 12);
        assert_eq!(text.src(3), 20);
        text.prepend_str("> ");
        assert_eq!(text.src(0), 10);
        assert_eq!(text.src(2), 10);
        assert_eq!(text.src(6), 21);
    }
}

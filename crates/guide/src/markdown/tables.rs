//! Python-Markdown's `tables`: a block whose first line splits into cells at `|` and whose second
//! line is the separator (`---`, `:--`, `--:`, `:-:` per column). Pipes inside backtick code and
//! escaped pipes do not split.

use super::blocks::BlockParser;
use super::text::SrcText;
use super::tree::NodeId;

pub struct TableShape {
    border: bool,
    align: Vec<Option<&'static str>>,
    columns: usize,
}

/// Whether the block is a table: its shape.
pub fn test(block: &str) -> Option<TableShape> {
    let rows: Vec<&str> = block.split('\n').map(|r| r.trim_matches(' ')).collect();
    if rows.len() < 2 {
        return None;
    }
    let header = *rows.first()?;
    let border = header.starts_with('|') || ends_with_pipe(header);
    let columns = split_row(header, border).len();
    let mut is_table = columns > 1;
    if !is_table && columns == 1 && border {
        is_table = rows
            .iter()
            .skip(1)
            .all(|row| row.starts_with('|') || ends_with_pipe(row));
    }
    if !is_table {
        return None;
    }
    let separator = split_row(rows.get(1)?, border);
    if separator.len() != columns
        || !separator
            .iter()
            .all(|cell| cell.chars().all(|c| matches!(c, '|' | ':' | '-' | ' ')))
    {
        return None;
    }
    let align = separator
        .iter()
        .map(|cell| {
            let cell = cell.trim_matches(' ');
            match (cell.starts_with(':'), cell.ends_with(':')) {
                (true, true) => Some("center"),
                (true, false) => Some("left"),
                (false, true) => Some("right"),
                (false, false) => None,
            }
        })
        .collect();
    Some(TableShape {
        border,
        align,
        columns,
    })
}

pub fn run(parser: &mut BlockParser, parent: NodeId, block: &SrcText, shape: &TableShape) {
    let lines = block.lines();
    let tree = &mut parser.tree;
    let table = tree.add(parent, "table", block.start());
    let thead = tree.add(table, "thead", block.start());
    if let Some(header) = lines.first() {
        build_row(parser, thead, header, shape, "th");
    }
    let tbody = parser.tree.add(table, "tbody", block.start());
    let rows = lines.get(2..).unwrap_or(&[]);
    if rows.is_empty() {
        let tr = parser.tree.add(tbody, "tr", block.start());
        for _ in 0..shape.columns {
            parser.tree.add(tr, "td", block.start());
        }
    }
    for row in rows {
        build_row(parser, tbody, row, shape, "td");
    }
}

fn build_row(
    parser: &mut BlockParser,
    parent: NodeId,
    row: &SrcText,
    shape: &TableShape,
    tag: &str,
) {
    let row = row.trim_start_matches(&[' ']).trim_end_matches(&[' ']);
    let tr = parser.tree.add(parent, "tr", row.start());
    let cells = split_row_text(&row, shape.border);
    for (index, align) in shape.align.iter().enumerate() {
        let cell = parser.tree.add(tr, tag, row.start());
        let text = cells
            .get(index)
            .map(|c| c.trim_start_matches(&[' ']).trim_end_matches(&[' ']))
            .unwrap_or_default();
        parser.tree.set_text(cell, Some(text));
        if let Some(align) = align {
            parser
                .tree
                .set_attr(cell, "style", &format!("text-align: {align};"));
        }
    }
}

/// `(?<!\\)(?:\\\\)*\|$`: ends with a pipe that is not escaped.
fn ends_with_pipe(row: &str) -> bool {
    let Some(before) = row.strip_suffix('|') else {
        return false;
    };
    let backslashes = before.len() - before.trim_end_matches('\\').len();
    backslashes % 2 == 0
}

fn split_row(row: &str, border: bool) -> Vec<String> {
    split_row_text(&SrcText::new(row, 0), border)
        .into_iter()
        .map(|cell| cell.as_str().to_owned())
        .collect()
}

/// The cells of a row: outer pipes dropped, split at pipes outside code spans.
fn split_row_text(row: &SrcText, border: bool) -> Vec<SrcText> {
    let mut row = row.clone();
    if border {
        if row.starts_with("|") {
            row = row.slice_from(1);
        }
        if ends_with_pipe(row.as_str()) {
            row = row.slice_to(row.len() - 1);
        }
    }
    let text = row.as_str();
    let bytes = text.as_bytes();
    // Code regions: a run of backticks up to the next run of the same length.
    let mut tics: Vec<(usize, usize, usize)> = Vec::new();
    let mut pipes: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'\\') if bytes.get(i + 1) == Some(&b'\\') => i += 2,
            Some(b'\\') if bytes.get(i + 1) == Some(&b'`') => {
                let run = bytes
                    .get(i + 1..)
                    .map_or(0, |r| r.iter().take_while(|b| **b == b'`').count());
                tics.push((i + 1, i + run, run.saturating_sub(1)));
                i += 1 + run;
            }
            Some(b'\\') if bytes.get(i + 1) == Some(&b'|') => i += 2,
            Some(b'`') => {
                let run = bytes
                    .get(i..)
                    .map_or(0, |r| r.iter().take_while(|b| **b == b'`').count());
                tics.push((i, i + run - 1, run));
                i += run;
            }
            Some(b'|') => {
                pipes.push(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    let mut regions: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    while pos < tics.len() {
        let Some(&(start, _, size)) = tics.get(pos) else {
            break;
        };
        if size == 0 {
            pos += 1;
            continue;
        }
        match tics.iter().skip(pos + 1).position(|t| t.2 == size) {
            Some(offset) => {
                let end = tics.get(pos + 1 + offset).map_or(start, |t| t.1);
                regions.push((start, end));
                pos += offset + 2;
            }
            None => pos += 1,
        }
    }
    let mut cells = Vec::new();
    let mut start = 0;
    for pipe in pipes {
        if regions.iter().any(|(a, b)| (*a..=*b).contains(&pipe)) {
            continue;
        }
        cells.push(row.slice(start..pipe));
        start = pipe + 1;
    }
    cells.push(row.slice_from(start));
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_and_not_tables() {
        let shape = test("| a | b |\n|:--|--:|\n| c | d |");
        assert_eq!(shape.as_ref().map(|s| s.columns), Some(2));
        assert_eq!(
            shape.map(|s| s.align),
            Some(vec![Some("left"), Some("right")])
        );
        assert!(test("a | b\n--- | ---").is_some());
        assert!(test("a | b\nnot a separator").is_none());
        assert!(test("just text\n---").is_none());
        let cells = split_row("| `a|b` | c \\| d |", true);
        assert_eq!(cells, vec![" `a|b` ", " c \\| d "]);
    }
}

//! `flowlab check` on a mission folder: besides the guide's Markdown, what the companion reads from
//! the folder (`mission.json`, the flow, the checks, samples, exercises) must read and agree.

use std::io::Write;
use std::path::Path;

use crate::missions::files::disk;
use crate::missions::{Mission, MissionError, GUIDE_FILE};

/// The problems of the mission folder `guide` belongs to (none when the file is not a folder's
/// `guide.md`: a lone page is checked as Markdown only).
pub fn folder_errors(guide: &Path) -> Vec<MissionError> {
    if guide.file_name().is_none_or(|name| name != GUIDE_FILE) {
        return Vec::new();
    }
    let Some(folder) = guide.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Vec::new();
    };
    match disk::read_folder(folder) {
        Ok(files) => Mission::read(&files).err().unwrap_or_default(),
        Err(error) => vec![error],
    }
}

/// Prints `file:line: error: message` (the line when known; the hint after the message).
pub fn print(error: &MissionError, out: &mut dyn Write) {
    let position = match (error.line, error.column) {
        (Some(line), Some(column)) => format!(":{line}:{column}"),
        (Some(line), None) => format!(":{line}"),
        _ => String::new(),
    };
    let hint = error
        .hint
        .as_ref()
        .map(|h| format!(" (hint: {h})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{}{position}: error: {}{hint}",
        error.path, error.message
    );
}

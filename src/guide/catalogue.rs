//! The missions compiled into the companion.
//!
//! Adding a mission = adding its Markdown file under `content/missions/` and one row to [`MISSIONS`].

use serde::Serialize;

use super::href::{HrefKind, SafeHref};
use super::model::MissionDoc;
use super::parse::{parse_mission, slugify, ParsedMission};

/// A mission file compiled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MissionSource {
    /// Path from the repository root (`content/missions/…md`).
    pub path: &'static str,
    pub markdown: &'static str,
}

macro_rules! mission {
    ($file:literal) => {
        MissionSource {
            path: concat!("content/missions/", $file),
            markdown: mission_markdown!($file),
        }
    };
}

#[cfg(not(all(target_arch = "wasm32", compiled_missions)))]
macro_rules! mission_markdown {
    ($file:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content/missions/",
            $file
        ))
    };
}

/// The browser reads the documents `build.rs` parsed (see [`document_of`]), never the Markdown:
/// leaving it out saves its size in the wasm.
#[cfg(all(target_arch = "wasm32", compiled_missions))]
macro_rules! mission_markdown {
    ($file:literal) => {
        ""
    };
}

/// One row per mission file.
pub const MISSIONS: &[MissionSource] = &[mission!("mission-4-preventing-callback-duplication.md")];

/// A mission as listed in the companion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mission {
    /// From the file name without `mission-N-` (stable when a later edition renumbers the mission):
    /// `preventing-callback-duplication`.
    pub slug: String,
    /// From the file name (`mission-4-…`) or else the title (`Mission 4: …`).
    pub number: Option<u32>,
    /// The first heading's text.
    pub title: String,
    pub path: &'static str,
    /// The page of the original lab guide, from the front matter key `source_url` (http or https):
    /// where placeholders of images that are not shipped link to. `None` when the mission does not say.
    pub original_url: Option<SafeHref>,
    #[serde(skip)]
    pub markdown: &'static str,
}

impl Mission {
    pub fn from_source(source: &MissionSource) -> Mission {
        let doc = document_of(source);
        let stem = file_stem(source.path);
        let (file_number, rest) = numbered_stem(stem);
        let title = doc.title.clone().unwrap_or_else(|| stem.to_owned());
        let original_url = doc
            .front_matter
            .get("source_url")
            .and_then(|url| SafeHref::parse(url).ok())
            .filter(|href| href.kind() == HrefKind::Web);
        Mission {
            slug: slugify(rest),
            number: file_number.or_else(|| title_number(&title)),
            title,
            path: source.path,
            original_url,
            markdown: source.markdown,
        }
    }

    pub fn parse(&self) -> ParsedMission {
        parse_mission(self.markdown)
    }

    pub fn document(&self) -> MissionDoc {
        document_of(&MissionSource {
            path: self.path,
            markdown: self.markdown,
        })
    }
}

/// The parsed document of a mission. Natively: parsed now. In the browser: parsed at build time by
/// `build.rs` (same code) and embedded as JSON, so the app does not ship the Markdown parser (the
/// MkDocs rendering in `guide::markdown`). A native test checks that the embedded documents equal
/// a fresh parse.
#[cfg(not(all(target_arch = "wasm32", compiled_missions)))]
fn document_of(source: &MissionSource) -> MissionDoc {
    MissionDoc::parse(source.markdown)
}

#[cfg(all(target_arch = "wasm32", compiled_missions))]
fn document_of(source: &MissionSource) -> MissionDoc {
    thread_local! {
        static COMPILED: Vec<(String, MissionDoc)> = compiled_documents().unwrap_or_default();
    }
    COMPILED
        .with(|docs| {
            docs.iter()
                .find(|(path, _)| path == source.path)
                .map(|(_, doc)| doc.clone())
        })
        .unwrap_or_else(|| unavailable(source.path))
}

/// The documents `build.rs` parsed, by mission path (`compiled_missions` is set by build.rs, which
/// parses every mission file with the `guide` crate; a test checks they are exactly [`MISSIONS`]).
#[cfg(compiled_missions)]
pub fn compiled_documents() -> Result<Vec<(String, MissionDoc)>, serde_json::Error> {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/missions.json")))
}

#[cfg(all(target_arch = "wasm32", compiled_missions))]
fn unavailable(path: &str) -> MissionDoc {
    use super::model::{Block, FrontMatter, Inline, TextAlign};
    MissionDoc {
        front_matter: FrontMatter::default(),
        title: Some("Mission unavailable".to_owned()),
        blocks: vec![Block::Paragraph {
            align: TextAlign::Start,
            content: vec![Inline::Text(format!(
                "This build could not load {path}. Please report it to the lab team."
            ))],
        }],
        steps: Vec::new(),
        headings: Vec::new(),
    }
}

/// Every mission, by number then slug.
pub fn catalogue() -> Vec<Mission> {
    let mut missions: Vec<Mission> = MISSIONS.iter().map(Mission::from_source).collect();
    crate::stable_sort::sort_by(&mut missions, |a, b| {
        (a.number, &a.slug).cmp(&(b.number, &b.slug))
    });
    missions
}

/// The mission with this slug.
pub fn find(slug: &str) -> Option<Mission> {
    MISSIONS
        .iter()
        .map(Mission::from_source)
        .find(|mission| mission.slug == slug)
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// `mission-4-preventing-x` → (Some(4), `preventing-x`).
fn numbered_stem(stem: &str) -> (Option<u32>, &str) {
    let Some(rest) = stem.strip_prefix("mission-") else {
        return (None, stem);
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let number = rest.get(..digits).and_then(|d| d.parse().ok());
    match (number, rest.get(digits..).and_then(|r| r.strip_prefix('-'))) {
        (Some(number), Some(rest)) if !rest.is_empty() => (Some(number), rest),
        _ => (None, stem),
    }
}

/// `Mission 4: …` → 4.
fn title_number(title: &str) -> Option<u32> {
    let rest = title.trim().strip_prefix("Mission")?.trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    rest.get(..digits)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_entry() {
        let missions = catalogue();
        let seed = missions.first();
        assert_eq!(
            seed.map(|m| m.slug.as_str()),
            Some("preventing-callback-duplication")
        );
        assert_eq!(seed.and_then(|m| m.number), Some(4));
        assert_eq!(
            seed.map(|m| m.title.as_str()),
            Some("Mission 4: Preventing Callback duplication")
        );
        assert_eq!(
            seed.map(|m| m.path),
            Some("content/missions/mission-4-preventing-callback-duplication.md")
        );
        assert!(find("preventing-callback-duplication").is_some());
        assert!(find("nope").is_none());
    }

    #[test]
    fn every_file_is_listed_once() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/content/missions");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| format!("content/missions/{}", e.file_name().to_string_lossy()))
                    .filter(|name| name.ends_with(".md"))
                    .collect()
            })
            .unwrap_or_default();
        crate::stable_sort::sort_by_key(&mut files, String::clone);
        let mut listed: Vec<String> = MISSIONS.iter().map(|m| m.path.to_owned()).collect();
        crate::stable_sort::sort_by_key(&mut listed, String::clone);
        assert_eq!(
            files, listed,
            "a mission file is missing from MISSIONS (or listed twice)"
        );
        let mut slugs: Vec<String> = catalogue().into_iter().map(|m| m.slug).collect();
        slugs.dedup();
        assert_eq!(slugs.len(), MISSIONS.len(), "two missions share a slug");
    }

    #[test]
    fn original_url_from_front_matter() {
        let source = |markdown| MissionSource {
            path: "content/missions/mission-7-x.md",
            markdown,
        };
        let with = Mission::from_source(&source(
            "---\nsource_url: https://example.com/guide/m7/\n---\n# Mission 7: X\n",
        ));
        assert_eq!(
            with.original_url.as_ref().map(SafeHref::as_str),
            Some("https://example.com/guide/m7/")
        );
        assert_eq!((with.slug.as_str(), with.number), ("x", Some(7)));
        let refused = Mission::from_source(&source("---\nsource_url: javascript:x\n---\n# M\n"));
        assert_eq!(refused.original_url, None);
    }

    #[test]
    fn names() {
        assert_eq!(numbered_stem("mission-12-a-b"), (Some(12), "a-b"));
        assert_eq!(numbered_stem("mission-x"), (None, "mission-x"));
        assert_eq!(numbered_stem("mission-3-"), (None, "mission-3-"));
        assert_eq!(numbered_stem("intro"), (None, "intro"));
        assert_eq!(title_number("Mission 3: Callback"), Some(3));
        assert_eq!(title_number("Overview"), None);
    }
}

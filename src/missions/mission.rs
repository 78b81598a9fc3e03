//! One mission as one value: read from its folder's files ([`MissionFiles`]) into everything the
//! companion shows and runs for it.

use std::sync::Arc;

use crate::engine::Value;
use crate::flow::{import::import, Flow, RunInput, SearchHints};
use crate::guide::{HrefKind, MissionDoc, SafeHref};

use super::checks::{CheckTable, CHECKS_FILE};
use super::error::{MissionError, MissionErrorKind};
use super::exercises::{read_exercises, Exercise};
use super::files::{MissionFiles, GUIDE_FILE};
use super::samples::{read_samples, Sample};
use super::settings::{LabSettings, Settings, SETTINGS_FILE};

/// The flow the lab runs.
pub const FLOW_FILE: &str = "flow.json";
/// The export the checker compares attendees' flows with.
pub const REFERENCE_FILE: &str = "reference.json";

/// Slugs that would collide with keys the companion already uses (`callback-lab.progress.exercises`
/// holds exercise results, not a mission's guide progress) or with its own routes.
pub const RESERVED_SLUGS: &[&str] = &["exercises", "lab", "guide", "m"];
/// Longest slug.
pub const MAX_SLUG_CHARS: usize = 64;

/// A mission: its guide and, when it has a flow, what the lab, the exercises and the checker use.
#[derive(Debug, Clone, PartialEq)]
pub struct Mission {
    /// The folder's name; routes (`m/<slug>`) and stored data carry it.
    pub slug: String,
    /// "Mission 4": from `mission.json`, else the guide's title.
    pub number: Option<u32>,
    /// The guide's first heading (else the slug).
    pub title: String,
    /// The guide file as messages show it (`content/missions/<slug>/guide.md`).
    pub guide_path: String,
    /// The page of the original lab guide, from the front matter key `source_url` (http or https):
    /// where placeholders of images that are not shipped link to.
    pub original_url: Option<SafeHref>,
    /// The guide, parsed (in the browser: parsed by `build.rs` at build time).
    pub document: Arc<MissionDoc>,
    /// The guide's Markdown (empty in the browser, which never parses it).
    pub markdown: String,
    /// What the lab and the exercises run; `None` for a mission with a guide only.
    pub lab: Option<Arc<MissionLab>>,
}

/// What a mission with a flow adds to its guide.
#[derive(Debug, Clone, PartialEq)]
pub struct MissionLab {
    /// `flow.json`: the flow after the mission, run by the lab, the simulator and the exercises.
    pub flow: Flow,
    /// `reference.json` (else the flow itself): the expected values of the checker.
    pub reference: Flow,
    /// `checks.json`: what the checker compares (`None`: imported flows are not checked).
    pub checks: Option<CheckTable>,
    /// Where runs start, whose verdict counts, the caller's variables.
    pub settings: LabSettings,
    /// The mission's Search API facts (`None`: the hints say nothing mission-specific).
    pub search: Option<SearchHints>,
    pub samples: Vec<Sample>,
    pub exercises: Vec<Exercise>,
}

impl MissionLab {
    /// The run the lab, `flowlab run` and the exercise cases start from: the start node, with the
    /// caller's sample number and entry point.
    pub fn run_input(&self) -> RunInput {
        let s = &self.settings;
        RunInput {
            start: Some(s.start.clone()),
            variables: vec![
                (
                    s.caller_number.variable.clone(),
                    Value::String(s.caller_number.sample.clone()),
                ),
                (
                    s.entry_point.variable.clone(),
                    Value::String(s.entry_point.sample.clone()),
                ),
            ],
            search: self.search,
            ..RunInput::default()
        }
    }

    /// The sample with this id.
    pub fn sample(&self, id: &str) -> Option<&Sample> {
        self.samples.iter().find(|s| s.id == id)
    }

    /// The exercise with this id.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }
}

impl Mission {
    /// "Mission 4" when numbered, else the title.
    pub fn short_name(&self) -> String {
        match self.number {
            Some(n) => format!("Mission {n}"),
            None => self.title.clone(),
        }
    }

    /// Whether `key` names this mission: its slug, or its number (`4`).
    pub fn is_named(&self, key: &str) -> bool {
        self.slug == key
            || key
                .trim()
                .parse::<u32>()
                .is_ok_and(|n| self.number == Some(n))
    }

    /// Reads a mission folder; the guide is parsed from `guide.md`.
    pub fn read(files: &MissionFiles) -> Result<Mission, Vec<MissionError>> {
        Mission::read_with(files, None)
    }

    /// Reads a mission folder whose guide was parsed already (`document`; the browser's build).
    pub fn read_with(
        files: &MissionFiles,
        document: Option<MissionDoc>,
    ) -> Result<Mission, Vec<MissionError>> {
        let mut errors = Vec::new();
        if let Some(problem) = slug_problem(&files.slug) {
            errors.push(
                MissionError::new(MissionErrorKind::BadSlug, files.dir.clone(), problem)
                    .with_hint("name the folder with lowercase letters, digits and dashes"),
            );
        }
        let guide_path = files.path_of(GUIDE_FILE);
        let markdown = files.get(GUIDE_FILE).map(str::to_owned);
        let document = match (document, &markdown) {
            (Some(doc), _) => Some(doc),
            // The browser reads guides `build.rs` parsed: the Markdown parser is not linked in.
            #[cfg(not(target_arch = "wasm32"))]
            (None, Some(markdown)) => Some(MissionDoc::parse(markdown)),
            #[cfg(target_arch = "wasm32")]
            (None, Some(_)) => {
                errors.push(
                    MissionError::new(
                        MissionErrorKind::Missing,
                        guide_path,
                        "the guide was not parsed at build time",
                    )
                    .with_hint("the browser reads guides parsed beforehand; pass the parsed guide"),
                );
                return Err(errors);
            }
            (None, None) => None,
        };
        let Some(document) = document else {
            errors.push(
                MissionError::new(MissionErrorKind::Missing, guide_path, "no guide")
                    .with_hint("every mission folder has its Markdown page as guide.md"),
            );
            return Err(errors);
        };
        let settings = match files.get(SETTINGS_FILE) {
            None => Settings::default(),
            Some(text) => match serde_json::from_str::<Settings>(text) {
                Ok(settings) => settings,
                Err(e) => {
                    errors.push(MissionError::json(
                        &files.path_of(SETTINGS_FILE),
                        SETTINGS_FILE,
                        &e,
                    ));
                    Settings::default()
                }
            },
        };
        let lab = match read_lab(files, &settings) {
            Ok(lab) => lab.map(Arc::new),
            Err(mut lab_errors) => {
                errors.append(&mut lab_errors);
                None
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let title = document.title.clone().unwrap_or_else(|| files.slug.clone());
        let original_url = document
            .front_matter
            .get("source_url")
            .and_then(|url| SafeHref::parse(url).ok())
            .filter(|href| href.kind() == HrefKind::Web);
        Ok(Mission {
            slug: files.slug.clone(),
            number: settings.number.or_else(|| title_number(&title)),
            title,
            guide_path,
            original_url,
            document: Arc::new(document),
            markdown: markdown.unwrap_or_default(),
            lab,
        })
    }
}

/// The lab part of a folder: `None` without `flow.json` (a guide-only mission).
fn read_lab(
    files: &MissionFiles,
    settings: &Settings,
) -> Result<Option<MissionLab>, Vec<MissionError>> {
    let settings_path = files.path_of(SETTINGS_FILE);
    let Some(flow_text) = files.get(FLOW_FILE) else {
        let lab_only: Vec<&str> = [REFERENCE_FILE, CHECKS_FILE]
            .into_iter()
            .filter(|name| files.contains(name))
            .collect();
        let mut errors: Vec<MissionError> = lab_only
            .iter()
            .map(|name| {
                MissionError::new(
                    MissionErrorKind::Missing,
                    files.path_of(FLOW_FILE),
                    format!("{name} is given but not the flow it goes with"),
                )
                .with_hint("add the mission's flow as flow.json, or remove the file")
            })
            .collect();
        if settings.lab.is_some() || !settings.samples.is_empty() {
            errors.push(
                MissionError::new(
                    MissionErrorKind::Missing,
                    files.path_of(FLOW_FILE),
                    "mission.json has `lab` or `samples` but the mission has no flow",
                )
                .with_hint("add flow.json, or leave only `number` in mission.json"),
            );
        }
        if files
            .in_folder(super::exercises::EXERCISES_FOLDER, ".json")
            .next()
            .is_some()
        {
            errors.push(
                MissionError::new(
                    MissionErrorKind::Missing,
                    files.path_of(FLOW_FILE),
                    "the mission has exercises but no flow to run them on",
                )
                .with_hint("add flow.json"),
            );
        }
        return if errors.is_empty() {
            Ok(None)
        } else {
            Err(errors)
        };
    };
    let mut errors = Vec::new();
    let flow = read_flow(files, FLOW_FILE, flow_text)
        .map_err(|e| errors.push(e))
        .ok();
    let reference = match files.get(REFERENCE_FILE) {
        Some(text) => read_flow(files, REFERENCE_FILE, text)
            .map_err(|e| errors.push(e))
            .ok(),
        None => flow.clone(),
    };
    let Some(lab_settings) = settings.lab.clone() else {
        errors.push(
            MissionError::new(
                MissionErrorKind::Missing,
                settings_path.clone(),
                "the mission has a flow but mission.json has no `lab` (start, condition, caller_number, entry_point)",
            )
            .with_hint("say where the lab's runs start and which Condition's verdict counts"),
        );
        return Err(errors);
    };
    if let Some(flow) = &flow {
        for (what, label) in [
            ("start", &lab_settings.start),
            ("condition", &lab_settings.condition),
        ] {
            if flow.node_index(label).is_none() {
                errors.push(MissionError::new(
                    MissionErrorKind::Inconsistent,
                    settings_path.clone(),
                    format!("lab `{what}` is `{label}`, which is not a node of flow.json"),
                ));
            }
        }
    }
    let checks = match files.get(CHECKS_FILE) {
        None => None,
        Some(text) => match serde_json::from_str::<CheckTable>(text) {
            Ok(table) => {
                if let Some(reference) = &reference {
                    errors.extend(table.problems(reference, &files.path_of(CHECKS_FILE)));
                }
                Some(table)
            }
            Err(e) => {
                errors.push(MissionError::json(
                    &files.path_of(CHECKS_FILE),
                    "the checks",
                    &e,
                ));
                None
            }
        },
    };
    let (samples, mut sample_errors) = read_samples(files, &settings.samples, &settings_path);
    errors.append(&mut sample_errors);
    let exercises = read_exercises(files, &samples)
        .map_err(|mut e| errors.append(&mut e))
        .unwrap_or_default();
    match (flow, reference) {
        (Some(flow), Some(reference)) if errors.is_empty() => Ok(Some(MissionLab {
            flow,
            reference,
            checks,
            settings: lab_settings,
            search: settings.search,
            samples,
            exercises,
        })),
        _ => Err(errors),
    }
}

fn read_flow(files: &MissionFiles, name: &str, text: &str) -> Result<Flow, MissionError> {
    import(text).map(|imported| imported.flow).map_err(|e| {
        let mut error = MissionError::new(
            MissionErrorKind::BadFlow,
            files.path_of(name),
            match &e.location {
                Some(location) => format!("{location}: {}", e.message),
                None => e.message.clone(),
            },
        );
        error.hint = e.hint.clone();
        error
    })
}

/// Why `slug` cannot name a mission (`None`: it can).
pub fn slug_problem(slug: &str) -> Option<String> {
    if slug.is_empty() {
        return Some("the folder has no name".into());
    }
    if slug.chars().count() > MAX_SLUG_CHARS {
        return Some(format!(
            "the folder name is longer than {MAX_SLUG_CHARS} characters"
        ));
    }
    if let Some(bad) = slug
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Some(format!("the folder name `{slug}` has `{bad}`"));
    }
    if slug.starts_with('-') || slug.ends_with('-') {
        return Some(format!(
            "the folder name `{slug}` starts or ends with a dash"
        ));
    }
    if RESERVED_SLUGS.contains(&slug) {
        return Some(format!("`{slug}` is a name the companion uses itself"));
    }
    None
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
    fn slugs() {
        assert_eq!(slug_problem("preventing-callback-duplication"), None);
        assert_eq!(slug_problem("m2"), None);
        for bad in [
            "",
            "Upper",
            "a b",
            "a.b",
            "-a",
            "a-",
            "exercises",
            &"x".repeat(65),
        ] {
            assert!(slug_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn numbers_from_titles() {
        assert_eq!(title_number("Mission 3: Callback"), Some(3));
        assert_eq!(title_number("Overview"), None);
    }

    #[test]
    fn a_guide_only_mission() {
        let files = MissionFiles::new("intro", "c/intro").with(
            "guide.md",
            "---\nsource_url: https://example.com/intro/\n---\n# Mission 1: Intro\n\nHello.\n",
        );
        let mission = Mission::read(&files).expect("a guide is enough");
        assert_eq!(mission.slug, "intro");
        assert_eq!(mission.number, Some(1));
        assert_eq!(mission.title, "Mission 1: Intro");
        assert_eq!(mission.short_name(), "Mission 1");
        assert_eq!(mission.guide_path, "c/intro/guide.md");
        assert_eq!(
            mission.original_url.as_ref().map(SafeHref::as_str),
            Some("https://example.com/intro/")
        );
        assert!(mission.lab.is_none());
        assert!(mission.is_named("intro") && mission.is_named("1") && !mission.is_named("2"));
    }

    #[test]
    fn a_folder_without_a_guide_or_with_lab_files_but_no_flow() {
        let errors = Mission::read(&MissionFiles::new("x", "c/x")).expect_err("no guide");
        assert_eq!(errors[0].kind, MissionErrorKind::Missing);
        assert_eq!(errors[0].path, "c/x/guide.md");

        let files = MissionFiles::new("x", "c/x")
            .with("guide.md", "# X")
            .with("checks.json", "{}")
            .with("mission.json", "{\"samples\":[]}");
        let errors = Mission::read(&files).expect_err("checks without a flow");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].message.contains("checks.json is given"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn mission_json_is_read_strictly_with_its_position() {
        let files = MissionFiles::new("x", "c/x")
            .with("guide.md", "# X")
            .with("mission.json", "{\n  \"numbr\": 3\n}");
        let errors = Mission::read(&files).expect_err("misspelt field");
        assert_eq!(errors[0].path, "c/x/mission.json");
        assert_eq!(errors[0].line, Some(2));
        assert!(
            errors[0].message.contains("unknown field `numbr`"),
            "{}",
            errors[0]
        );
    }
}

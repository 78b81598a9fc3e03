//! The storage registry (`callback_lab::storage`): every key the app keeps reads what earlier and
//! current versions stored; every kind of damage is set aside with its reason and never lost or
//! silently overwritten; a full store is a typed error; arbitrary stored text never panics.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use callback_lab::backup::Backup;
use callback_lab::lab::saved::{BodyPlace, BodyRef, StoredLab};
use callback_lab::lab::LabInputs;
use callback_lab::storage::{
    self, classify, Backend, ExerciseProgressKey, GuideProgressKey, Kept, LabStateKey, Loaded,
    MemoryStore, Report, Role, SimulatorSessionKey, ThemeChoice, ThemeKey, Unreadable, WriteError,
    KEYS,
};
use callback_lab::storage::{
    AttendeeIdKey, CurrentMissionKey, LabBodyKey, YourFlowKey, ATTENDEE_ID, CURRENT_MISSION,
    EXERCISE_PROGRESS, LAB_BODY, LAB_STATE, YOUR_FLOW,
};
use proptest::prelude::*;
use std::sync::Arc;

const MISSION: &str = "preventing-callback-duplication";
const PROGRESS: &str = "callback-lab.progress.preventing-callback-duplication";
const SESSION: &str = "callback-lab.exercises.session";
const THEME: &str = "callback-lab.theme";

/// What each key holds as the companion stores it today (and stored it since it had the key).
const CURRENT_FORMATS: &[(&str, &str)] = &[
    ("attendeeID", "137"),
    ("callback-lab.theme", "dark"),
    ("callback-lab.mission", "preventing-callback-duplication"),
    (
        PROGRESS,
        r#"{"version":1,"mission":"preventing-callback-duplication","completed":["build-1","build-3"]}"#,
    ),
    (
        "callback-lab.progress.exercises",
        r#"{"version":1,"results":{"curly-quotes":{"exercise_version":1,"passed":false,"attempts":1,"last":{"version":1,"exercise":"curly-quotes","exercise_version":1,"passed":false,"answer":{"kind":"choice","value":"x"},"summary":"this exercise (curly-quotes) takes an expression","cases":[],"explanation":null}}}}"#,
    ),
    (
        "callback-lab.exercises.session",
        r#"{"version":1,"actions":[{"action":"place-call","from":"+14085550123"},{"action":"advance-clock","ms":1000},{"action":"press","call":0,"keys":"1"}]}"#,
    ),
    // Version 2: the response body apart (below), referred to by its length and FNV-1a hash.
    (
        "callback-lab.lab",
        r#"{"format": "callback-lab/condition-lab", "version": 2, "inputs": {"status": "201",
           "number": "14085267209", "clock": {"fixed": true, "fixed_text": "1700000000000"},
           "expression": "{{ true }}", "region": "eu2", "sample": null},
           "body": {"bytes": 2, "fnv1a64": "08f44b07b5901a25"}}"#,
    ),
    // The lab state's response body, as pasted.
    ("callback-lab.lab.body", "{}"),
    // The imported flow shared by the lab and the exercises (`null`: explicitly none).
    (
        "callback-lab.flow",
        r#"{"format":"callback-lab/your-flow","version":1,"flow":{"name":"mine.json","text":"{}"}}"#,
    ),
];

/// The lab state as version 1 kept it (the body inline), before `inputs.flow` existed (optional).
const LAB_V1: &str = r#"{"format": "callback-lab/condition-lab", "version": 1, "inputs": {"body": "{}", "status": "201",
   "number": "14085267209", "clock": {"fixed": true, "fixed_text": "1700000000000"},
   "expression": "{{ true }}", "region": "eu2", "sample": null}}"#;

/// Loads `key` with the registry row it belongs to (the typed value is dropped).
fn load_any(store: &mut MemoryStore, key: &str) -> Loaded<()> {
    fn drop_value<T>(loaded: Loaded<T>) -> Loaded<()> {
        match loaded {
            Loaded::Found(_) => Loaded::Found(()),
            Loaded::Absent => Loaded::Absent,
            Loaded::SetAside(s) => Loaded::SetAside(s),
        }
    }
    match key {
        ATTENDEE_ID => drop_value(storage::load::<AttendeeIdKey>(store, key)),
        THEME => drop_value(storage::load::<ThemeKey>(store, key)),
        CURRENT_MISSION => drop_value(storage::load::<CurrentMissionKey>(store, key)),
        EXERCISE_PROGRESS => drop_value(storage::load::<ExerciseProgressKey>(store, key)),
        SESSION => drop_value(storage::load::<SimulatorSessionKey>(store, key)),
        LAB_STATE => drop_value(storage::load::<LabStateKey>(store, key)),
        LAB_BODY => drop_value(storage::load::<LabBodyKey>(store, key)),
        YOUR_FLOW => drop_value(storage::load::<YourFlowKey>(store, key)),
        _ => drop_value(storage::load::<GuideProgressKey>(store, key)),
    }
}

#[test]
fn the_registry_covers_every_key_and_each_table_row_is_reachable() {
    for (key, _) in CURRENT_FORMATS {
        assert!(matches!(classify(key), Role::Current(_)), "{key}");
    }
    for spec in KEYS {
        assert!(
            CURRENT_FORMATS
                .iter()
                .any(|(key, _)| spec.pattern.matches(key)),
            "no current-format case for {}",
            spec.what
        );
    }
    // The guide crate's own name for a mission's progress is the registry's key.
    assert_eq!(
        callback_lab::guide::MissionProgress::storage_key(MISSION),
        GuideProgressKey::key(MISSION)
    );
}

/// The registry as a table — each key, what it is, its format and versions, its earlier names,
/// whose it is — as a reviewed snapshot: a renamed key or a new version is a visible change.
#[test]
fn the_registry_table() {
    let rows: Vec<String> = KEYS
        .iter()
        .map(|s| {
            format!(
                "{:?} | {} | {:?} | formerly {:?} | {:?}",
                s.pattern, s.what, s.format, s.formerly, s.when_unreadable
            )
        })
        .collect();
    insta::assert_snapshot!(rows.join("\n"));
}

#[test]
fn every_callback_lab_key_in_the_source_is_registered() {
    // A key written somewhere in the app but missing from the registry would be listed as unknown,
    // left out of exports and refused by imports: catch it here.
    // The app (src/) and the crates below it (crates/).
    let mut files = vec![
        std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/crates")),
    ];
    let mut seen = 0;
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                files.push(entry.unwrap().path());
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Unit tests name keys that are not the app's on purpose.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for literal in text.split('"').skip(1).step_by(2) {
            let Some(rest) = literal.strip_prefix("callback-lab.") else {
                continue;
            };
            if rest.is_empty() || literal.contains(' ') || literal.contains('{') {
                continue;
            }
            seen += 1;
            // A family prefix ("callback-lab.progress.") stands for its members.
            let key = if literal.ends_with('.') {
                format!("{literal}m")
            } else {
                literal.to_owned()
            };
            assert!(
                !matches!(classify(&key), Role::Unknown),
                "{}: “{literal}” is not in storage::KEYS",
                path.display()
            );
        }
    }
    assert!(seen >= 5, "only {seen} keys found");
}

#[test]
fn current_formats_read_to_their_values() {
    let mut store = MemoryStore::with(CURRENT_FORMATS.iter().copied());
    for (key, _) in CURRENT_FORMATS {
        assert_eq!(load_any(&mut store, key), Loaded::Found(()), "{key}");
    }
    assert_eq!(
        storage::load::<AttendeeIdKey>(&mut store, ATTENDEE_ID)
            .found()
            .map(|id| id.to_string()),
        Some("137".into())
    );
    assert_eq!(
        storage::load::<ThemeKey>(&mut store, THEME).found(),
        Some(ThemeChoice::Dark)
    );
    let progress = storage::load::<GuideProgressKey>(&mut store, PROGRESS)
        .found()
        .unwrap();
    assert!(progress.is_done("build-3"));
    let exercises = storage::load::<ExerciseProgressKey>(&mut store, EXERCISE_PROGRESS)
        .found()
        .unwrap();
    assert_eq!(exercises.results["curly-quotes"].attempts, 1);
    let lab = storage::load::<LabStateKey>(&mut store, LAB_STATE)
        .found()
        .unwrap();
    assert_eq!(
        (lab.inputs.status.as_str(), lab.inputs.flow.is_none()),
        ("201", true)
    );
    assert_eq!(lab.body, BodyPlace::Apart(BodyRef::of("{}")));
    assert_eq!(
        storage::load::<LabBodyKey>(&mut store, LAB_BODY).found(),
        Some(Arc::from("{}"))
    );
    // Version 1, the body inline, reads too.
    let mut old = MemoryStore::with([(LAB_STATE, LAB_V1)]);
    let lab = storage::load::<LabStateKey>(&mut old, LAB_STATE)
        .found()
        .unwrap();
    assert_eq!(
        (&*lab.inputs.body, lab.inputs.status.as_str(), lab.body),
        ("{}", "201", BodyPlace::Inline)
    );
    // Nothing moved, nothing added.
    assert_eq!(
        store.entries,
        MemoryStore::with(CURRENT_FORMATS.iter().copied()).entries
    );
}

#[test]
fn values_written_read_back() {
    let mut store = MemoryStore::new();
    // Both forms: the body inline (version 1, as exported) and apart (version 2, as kept).
    let inline = StoredLab {
        inputs: LabInputs::default(),
        body: BodyPlace::Inline,
    };
    let apart = StoredLab {
        inputs: LabInputs {
            body: Arc::from(""),
            ..LabInputs::default()
        },
        body: BodyPlace::Apart(BodyRef::of(&LabInputs::default().body)),
    };
    for lab in [inline, apart] {
        storage::save::<LabStateKey>(&mut store, LAB_STATE, &lab).unwrap();
        assert_eq!(
            storage::load::<LabStateKey>(&mut store, LAB_STATE),
            Loaded::Found(lab)
        );
    }
    assert!(!store.entries[LAB_STATE].contains("\"body\": \""));
    storage::save::<LabBodyKey>(&mut store, LAB_BODY, &Arc::from("{\"a\": 1}")).unwrap();
    assert_eq!(store.entries[LAB_BODY], "{\"a\": 1}");
    let mut progress = callback_lab::guide::MissionProgress::new(MISSION);
    progress.set_done("build-2", true);
    storage::save::<GuideProgressKey>(&mut store, PROGRESS, &progress).unwrap();
    assert_eq!(
        storage::load::<GuideProgressKey>(&mut store, PROGRESS),
        Loaded::Found(progress)
    );
    storage::save::<ThemeKey>(&mut store, THEME, &ThemeChoice::Light).unwrap();
    assert_eq!(store.entries[THEME], "light");
    // A key of another row is refused, not written.
    assert!(matches!(
        storage::save::<ThemeKey>(&mut store, "callback-lab.other", &ThemeChoice::Light),
        Err(WriteError::Refused(_))
    ));
    assert!(!store.entries.contains_key("callback-lab.other"));
}

#[test]
fn earlier_key_names_are_moved_to_the_current_ones() {
    let lab = LAB_V1;
    let mut store =
        MemoryStore::with([("callbackLab.lab.v1", lab), ("callbackLab.theme", "light")]);
    assert!(matches!(
        storage::load::<LabStateKey>(&mut store, LAB_STATE),
        Loaded::Found(_)
    ));
    assert_eq!(
        storage::load::<ThemeKey>(&mut store, THEME).found(),
        Some(ThemeChoice::Light)
    );
    assert_eq!(
        store.entries,
        MemoryStore::with([(LAB_STATE, lab), (THEME, "light")]).entries
    );
    // An earlier version's set-aside copy is set aside under the current name.
    let mut store = MemoryStore::with([("callbackLab.lab.unreadable", "{oops")]);
    let Loaded::SetAside(aside) = storage::load::<LabStateKey>(&mut store, LAB_STATE) else {
        panic!("not set aside");
    };
    assert_eq!(
        aside.kept,
        Kept::Under("callback-lab.lab.unreadable".into())
    );
    assert_eq!(
        store.entries,
        MemoryStore::with([("callback-lab.lab.unreadable", "{oops")]).entries
    );
}

type Expect = fn(&Unreadable) -> bool;

/// One row per kind of damage and key.
const DAMAGE: &[(&str, &str, Expect)] = &[
    (THEME, "purple", |r| matches!(r, Unreadable::Invalid { .. })),
    (PROGRESS, "{\"version\":1,\"mission\":", |r| {
        matches!(r, Unreadable::NotJson { .. })
    }),
    (PROGRESS, "[\"build-1\"]", |r| {
        matches!(r, Unreadable::Foreign { .. })
    }),
    (
        PROGRESS,
        r#"{"version":1,"mission":"other","completed":[]}"#,
        |r| matches!(r, Unreadable::Foreign { found } if found.contains("“other”")),
    ),
    (
        PROGRESS,
        r#"{"version":2,"mission":"preventing-callback-duplication","completed":[]}"#,
        |r| *r == Unreadable::NewerVersion { found: 2, reads: 1 },
    ),
    (
        PROGRESS,
        r#"{"mission":"preventing-callback-duplication","completed":[]}"#,
        |r| matches!(r, Unreadable::UnknownVersion { .. }),
    ),
    (
        PROGRESS,
        r#"{"version":1,"mission":"preventing-callback-duplication","completed":[1]}"#,
        |r| matches!(r, Unreadable::Invalid { .. }),
    ),
    (EXERCISE_PROGRESS, "{\"version\":1,", |r| {
        matches!(r, Unreadable::NotJson { .. })
    }),
    (EXERCISE_PROGRESS, "<!doctype html><p>502</p>", |r| {
        matches!(r, Unreadable::NotJson { .. })
    }),
    (EXERCISE_PROGRESS, r#"{"version":7,"results":{}}"#, |r| {
        matches!(r, Unreadable::NewerVersion { found: 7, .. })
    }),
    (EXERCISE_PROGRESS, r#"{"version":1,"results":[]}"#, |r| {
        matches!(r, Unreadable::Invalid { .. })
    }),
    (SESSION, "[[[not json", |r| {
        matches!(r, Unreadable::NotJson { .. })
    }),
    (
        SESSION,
        r#"{"version":1,"actions":[{"action":"nope"}]}"#,
        |r| matches!(r, Unreadable::Invalid { .. }),
    ),
    (SESSION, r#"{"version":"1","actions":[]}"#, |r| {
        matches!(r, Unreadable::UnknownVersion { .. })
    }),
    (LAB_STATE, "{not json", |r| {
        matches!(r, Unreadable::NotJson { .. })
    }),
    (LAB_STATE, r#"{"format":"someone-else","version":1}"#, |r| {
        matches!(r, Unreadable::Foreign { .. })
    }),
    (
        LAB_STATE,
        r#"{"format":"callback-lab/condition-lab","version":99,"inputs":{}}"#,
        |r| matches!(r, Unreadable::NewerVersion { found: 99, .. }),
    ),
    (
        LAB_STATE,
        r#"{"format":"callback-lab/condition-lab","version":1,"inputs":{"status":7}}"#,
        |r| matches!(r, Unreadable::Invalid { .. }),
    ),
    (YOUR_FLOW, "{not json", |r| {
        matches!(r, Unreadable::NotJson { .. })
    }),
    (
        YOUR_FLOW,
        r#"{"format":"callback-lab/condition-lab","version":1}"#,
        |r| matches!(r, Unreadable::Foreign { .. }),
    ),
    (
        YOUR_FLOW,
        r#"{"format":"callback-lab/your-flow","version":2,"flow":null}"#,
        |r| matches!(r, Unreadable::NewerVersion { found: 2, .. }),
    ),
    (
        YOUR_FLOW,
        r#"{"format":"callback-lab/your-flow","version":1,"flow":5}"#,
        |r| matches!(r, Unreadable::Invalid { .. }),
    ),
];

#[test]
fn each_kind_of_damage_is_set_aside_with_its_reason() {
    for (key, text, expected) in DAMAGE {
        let mut store = MemoryStore::with([(*key, *text), ("other-app", "x")]);
        let Loaded::SetAside(aside) = load_any(&mut store, key) else {
            panic!("{key} = {text}: not set aside");
        };
        assert!(
            expected(&aside.reason),
            "{key} = {text}: {:?}",
            aside.reason
        );
        let name = format!("{key}.unreadable");
        assert_eq!(aside.kept, Kept::Under(name.clone()), "{key}");
        // Moved, byte for byte; nothing else touched.
        assert_eq!(
            store.entries,
            MemoryStore::with([(name.as_str(), *text), ("other-app", "x")]).entries,
            "{key}"
        );
        let message = Report::SetAside(aside).to_string();
        assert!(message.contains("could not be read"), "{message}");
        assert!(message.contains(&name), "{message}");
        // Read again: the key is simply absent now.
        assert_eq!(load_any(&mut store, key), Loaded::Absent);
    }
}

#[test]
fn a_second_problem_never_overwrites_the_first_copy() {
    let mut store = MemoryStore::with([(LAB_STATE, "{one")]);
    load_any(&mut store, LAB_STATE);
    store.set(LAB_STATE, "{two").unwrap();
    load_any(&mut store, LAB_STATE);
    // The same text again does not make a third copy.
    store.set(LAB_STATE, "{two").unwrap();
    load_any(&mut store, LAB_STATE);
    assert_eq!(
        store.entries,
        MemoryStore::with([
            ("callback-lab.lab.unreadable", "{one"),
            ("callback-lab.lab.unreadable-2", "{two"),
        ])
        .entries
    );
    // When every set-aside name is taken, the value stays where it is and the report says so.
    let mut store = MemoryStore::new();
    for n in 1..=storage::keys::MAX_SET_ASIDE_PER_KEY {
        store
            .set(&storage::keys::set_aside_key(THEME, n), &format!("x{n}"))
            .unwrap();
    }
    store.set(THEME, "blue").unwrap();
    let Loaded::SetAside(aside) = load_any(&mut store, THEME) else {
        panic!()
    };
    assert!(matches!(aside.kept, Kept::LeftInPlace(_)));
    assert_eq!(store.entries[THEME], "blue");
    assert!(Report::SetAside(aside)
        .to_string()
        .contains("Export my data"));
}

#[test]
fn a_full_store_is_a_typed_error_and_loses_nothing() {
    let lab = CURRENT_FORMATS[5].1;
    let mut store = MemoryStore::with_quota(200);
    store.set("filler", &"f".repeat(150)).unwrap();
    let inputs = StoredLab {
        inputs: LabInputs::default(),
        body: BodyPlace::Inline,
    };
    assert_eq!(
        storage::save::<LabStateKey>(&mut store, LAB_STATE, &inputs),
        Err(WriteError::QuotaExceeded)
    );
    let message = Report::not_saved(LAB_STATE, WriteError::QuotaExceeded).to_string();
    assert!(
        message.starts_with(
            "Your Condition lab state was not saved: this browser's storage for the site is full."
        ),
        "{message}"
    );
    assert!(message.contains("Delete set-aside items") && message.contains("Export my data"));

    // Damaged data that cannot be copied aside (no room) stays under its key.
    let mut store = MemoryStore::with([(LAB_STATE, "{damaged")]);
    store.quota = Some(store.used() + 5);
    let Loaded::SetAside(aside) = load_any(&mut store, LAB_STATE) else {
        panic!()
    };
    assert!(matches!(&aside.kept, Kept::LeftInPlace(why) if why.contains("full")));
    assert_eq!(store.entries[LAB_STATE], "{damaged");
    // No storage at all: reads are absent, writes say so.
    let mut store = MemoryStore {
        unavailable: true,
        ..MemoryStore::with([(LAB_STATE, lab)])
    };
    assert_eq!(load_any(&mut store, LAB_STATE), Loaded::Absent);
    assert_eq!(
        storage::save::<LabStateKey>(&mut store, LAB_STATE, &inputs),
        Err(WriteError::Unavailable)
    );
}

#[test]
fn a_cleared_attendee_id_is_absent_not_damaged() {
    for text in ["", "   "] {
        let mut store = MemoryStore::with([(ATTENDEE_ID, text)]);
        assert_eq!(load_any(&mut store, ATTENDEE_ID), Loaded::Absent);
        assert_eq!(store.entries.len(), 1);
    }
    let mut store = MemoryStore::with([(ATTENDEE_ID, " 042 ")]);
    assert_eq!(
        storage::load::<AttendeeIdKey>(&mut store, ATTENDEE_ID)
            .found()
            .map(|id| id.to_string()),
        Some("042".into())
    );
}

#[test]
fn an_attendee_id_that_is_not_3_digits_is_the_guides_and_stays_in_place() {
    // The guide's page writes the key too; what it keeps there is not the companion's to move.
    for text in ["13a", "1370", "{\"id\":137}", "Not Set", "\u{0}"] {
        let mut store = MemoryStore::with([(ATTENDEE_ID, text), ("other-app", "x")]);
        assert_eq!(load_any(&mut store, ATTENDEE_ID), Loaded::Absent, "{text}");
        assert_eq!(
            store.entries,
            MemoryStore::with([(ATTENDEE_ID, text), ("other-app", "x")]).entries,
            "{text}"
        );
    }
    // Every other key still sets aside what does not read.
    for spec in KEYS {
        let shared = spec.when_unreadable == storage::keys::WhenUnreadable::LeaveInPlace;
        assert_eq!(shared, spec.pattern.matches(ATTENDEE_ID), "{}", spec.what);
    }
}

#[test]
fn an_old_backup_imports_through_the_registry() {
    // As "Export my data" wrote it before the registry existed.
    let mut entries = serde_json::Map::new();
    for (key, text) in CURRENT_FORMATS {
        entries.insert(key.to_string(), serde_json::Value::from(*text));
    }
    let file = serde_json::json!({
        "app": "callback-lab", "version": 1, "exported": "2026-11-25T12:00:00.000Z",
        "entries": entries,
    })
    .to_string();
    let backup = Backup::from_json(&file).unwrap();
    let mut store = MemoryStore::new();
    let report = backup.restore(&mut store);
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.written.len(), CURRENT_FORMATS.len());
    assert_eq!(
        store.entries,
        MemoryStore::with(CURRENT_FORMATS.iter().copied()).entries
    );
    // Export → import is the identity on the companion's data.
    let again = Backup::of(
        store.entries.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        "",
    );
    assert_eq!(again.entries, backup.entries);
}

#[test]
fn an_import_reports_unknown_keys_and_sets_damaged_entries_aside() {
    let file = r#"{"app":"callback-lab","version":1,"entries":{
        "attendeeID":"246",
        "callback-lab.progress.exercises":"{\"version\":1,",
        "callback-lab.lab.unreadable":"{kept from the other browser",
        "callback-lab.future-feature":"{}",
        "someone-else":"secret"}}"#;
    let backup = Backup::from_json(file).unwrap();
    let mine = CURRENT_FORMATS[3].1;
    let mut store = MemoryStore::with([
        (EXERCISE_PROGRESS, mine),
        ("callback-lab.lab.unreadable", "{mine"),
    ]);
    let report = backup.restore(&mut store);
    assert_eq!(
        report.written,
        ["attendeeID", "callback-lab.lab.unreadable-2"]
    );
    assert_eq!(
        report.unknown,
        ["callback-lab.future-feature", "someone-else"]
    );
    assert_eq!(report.set_aside.len(), 1);
    assert!(matches!(
        report.set_aside[0].reason,
        Unreadable::NotJson { .. }
    ));
    assert!(report.failed.is_empty());
    // The attendee's own progress is untouched; the file's copy is beside it.
    assert_eq!(store.entries[EXERCISE_PROGRESS], mine);
    assert_eq!(
        store.entries["callback-lab.progress.exercises.unreadable"],
        "{\"version\":1,"
    );
    assert_eq!(store.entries["callback-lab.lab.unreadable"], "{mine");
    assert!(!store.entries.contains_key("someone-else"));
    let message = report.to_string();
    assert!(message.starts_with("Imported 2 item(s)."), "{message}");
    assert!(message.contains("“someone-else”"), "{message}");
    assert!(
        message.contains("set aside as “callback-lab.progress.exercises.unreadable”"),
        "{message}"
    );
    // A full store: what was not stored is named.
    let mut full = MemoryStore::with_quota(10);
    let report = backup.restore(&mut full);
    assert!(report
        .failed
        .iter()
        .any(|(k, e)| k == "attendeeID" && *e == WriteError::QuotaExceeded));
    assert!(report.to_string().contains("“attendeeID” was not stored"));
}

fn any_key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        ATTENDEE_ID,
        THEME,
        PROGRESS,
        EXERCISE_PROGRESS,
        SESSION,
        LAB_STATE,
        LAB_BODY,
    ])
}

/// Text shaped like the stored documents, with pieces swapped, cut or repeated.
fn stored_like() -> impl Strategy<Value = String> {
    let valid: Vec<String> = CURRENT_FORMATS.iter().map(|(_, t)| t.to_string()).collect();
    prop_oneof![
        any::<String>(),
        "[ -~]{0,64}",
        (
            prop::sample::select(valid.clone()),
            any::<prop::sample::Index>()
        )
            .prop_map(|(t, i)| {
                // Cut at a character boundary, as a truncated write would leave it.
                let mut cut = i.index(t.len() + 1);
                while !t.is_char_boundary(cut) {
                    cut -= 1;
                }
                t[..cut].to_owned()
            }),
        (
            prop::sample::select(valid),
            "[{}\\[\\]\",:0-9a-z-]{1,6}",
            any::<prop::sample::Index>()
        )
            .prop_map(|(t, piece, i)| {
                let at = t
                    .char_indices()
                    .map(|(at, _)| at)
                    .nth(i.index(t.chars().count().max(1)))
                    .unwrap_or(0);
                format!("{}{piece}{}", &t[..at], &t[at..])
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(256)))]

    #[test]
    fn any_stored_text_is_read_or_set_aside_and_never_lost(key in any_key(), text in stored_like()) {
        let mut store = MemoryStore::with([(key, text.as_str())]);
        match load_any(&mut store, key) {
            Loaded::Found(()) => prop_assert_eq!(store.entries.get(key), Some(&text)),
            Loaded::Absent if key == ATTENDEE_ID => {
                // Blank, or the guide's own value: left as it is.
                prop_assert_eq!(store.entries.get(key), Some(&text));
            }
            Loaded::Absent => prop_assert!(text.trim().is_empty()),
            Loaded::SetAside(aside) => {
                prop_assert!(!aside.reason.to_string().is_empty());
                prop_assert!(aside.reason.to_string().chars().count() < 400);
                let name = format!("{key}.unreadable");
                prop_assert_eq!(aside.kept, Kept::Under(name.clone()));
                prop_assert_eq!(store.entries.get(&name), Some(&text));
                prop_assert!(!store.entries.contains_key(key));
            }
        }
        let _ = storage::Inventory::of(store.entries.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    }

    #[test]
    fn any_key_is_classified_without_panicking(key in any::<String>(), text in any::<String>()) {
        let _ = classify(&key);
        let mut store = MemoryStore::new();
        let backup = Backup::of([(key.as_str(), text.as_str())], "");
        let report = backup.restore(&mut store);
        prop_assert_eq!(report.written.len() + report.unknown.len() + report.set_aside.len() + report.failed.len(), backup.entries.len());
    }

    #[test]
    fn imports_of_any_text_never_panic(text in stored_like()) {
        if let Ok(backup) = Backup::from_json(&text) {
            let _ = backup.restore(&mut MemoryStore::with_quota(1000)).to_string();
        }
    }
}

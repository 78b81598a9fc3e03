//! The Condition lab state in `localStorage` (`callback_lab::lab::stored`): the response body under its
//! own key, written only when it changed; version 1 (body inline) read and migrated on the next save
//! only; a body entry that is damaged, foreign, missing or nobody's is reported and set aside byte for
//! byte while the rest restores; a full storage keeps the small state; backups carry both entries.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;

use callback_lab::backup::Backup;
use callback_lab::lab::merge::Field;
use callback_lab::lab::saved::Saver;
use callback_lab::lab::saved::{self, BodyPlace, BodyRef};
use callback_lab::lab::LabInputs;
use callback_lab::storage::lab_state::{self as stored, Saved};
use callback_lab::storage::{
    self, Backend, Inventory, Kept, LabStateKey, MemoryStore, Report, Unreadable, WriteError,
    LAB_BODY, LAB_STATE,
};
use proptest::prelude::*;

/// A [`MemoryStore`] that counts the writes per key.
#[derive(Default)]
struct Counting {
    store: MemoryStore,
    sets: BTreeMap<String, usize>,
    /// Characters written, all keys together.
    written: usize,
}

impl Counting {
    fn with(store: MemoryStore) -> Counting {
        Counting {
            store,
            ..Counting::default()
        }
    }
    fn sets(&self, key: &str) -> usize {
        self.sets.get(key).copied().unwrap_or(0)
    }
    fn reset(&mut self) {
        self.sets.clear();
        self.written = 0;
    }
}

impl Backend for Counting {
    fn get(&self, key: &str) -> Result<Option<String>, WriteError> {
        self.store.get(key)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), WriteError> {
        *self.sets.entry(key.to_owned()).or_default() += 1;
        self.written += value.len();
        self.store.set(key, value)
    }
    fn remove(&mut self, key: &str) -> Result<(), WriteError> {
        self.store.remove(key)
    }
    fn keys(&self) -> Vec<String> {
        self.store.keys()
    }
}

/// A Search API–like response of about `bytes` bytes.
fn big_body(bytes: usize) -> Arc<str> {
    let task =
        r#"{"callbackData": {"callbackConnectTime": -1, "callbackStatus": "Not Processed"}}"#;
    let mut text = String::from(r#"{"data": {"taskDetails": {"tasks": ["#);
    while text.len() < bytes {
        text.push_str(task);
        text.push_str(",\n");
    }
    text.push_str(task);
    text.push_str("]}}}");
    Arc::from(text)
}

fn inputs_with(body: &str) -> LabInputs {
    LabInputs {
        body: Arc::from(body),
        sample: None,
        ..LabInputs::default()
    }
}

fn doc(store: &impl Backend) -> serde_json::Value {
    serde_json::from_str(&store.get(LAB_STATE).unwrap().unwrap()).unwrap()
}

#[test]
fn an_edit_that_keeps_the_body_writes_only_the_small_state() {
    let mut store = Counting::default();
    let mut saver = Saver::default();
    let mut inputs = LabInputs {
        body: big_body(1_048_576),
        ..LabInputs::default()
    };
    saver.save(&mut store, &inputs);
    assert_eq!((store.sets(LAB_BODY), store.sets(LAB_STATE)), (1, 1));
    assert_eq!(store.get(LAB_BODY).unwrap().as_deref(), Some(&*inputs.body));

    // Ten expression edits: ten small states, no body.
    store.reset();
    for i in 0..10 {
        inputs.expression = format!("{{{{ {i} == {i} }}}}");
        let saved = saver.save(&mut store, &inputs);
        assert_eq!(saved.writes, [(LAB_STATE, Ok(()))]);
        assert_eq!(saved.body_not_kept, None);
    }
    assert_eq!((store.sets(LAB_BODY), store.sets(LAB_STATE)), (0, 10));
    assert!(store.written < 10 * 2_000, "{} characters", store.written);

    // The same text in a new allocation (typed away and back) is not written either.
    store.reset();
    inputs.body = Arc::from(&*inputs.body);
    saver.save(&mut store, &inputs);
    assert_eq!((store.sets(LAB_BODY), store.sets(LAB_STATE)), (0, 1));

    // A changed body is written once, with the state that refers to it.
    store.reset();
    let mut edited = inputs.body.to_string();
    edited.insert(edited.len() - 3, ' ');
    inputs.body = Arc::from(edited);
    saver.save(&mut store, &inputs);
    assert_eq!((store.sets(LAB_BODY), store.sets(LAB_STATE)), (1, 1));
    assert_eq!(doc(&store)["body"]["bytes"], inputs.body.len());
    let restored = stored::restore(&mut store);
    assert!(restored.reports.is_empty(), "{:?}", restored.reports);
    assert_eq!(restored.inputs, inputs);
}

#[test]
fn a_restored_state_is_not_written_back_and_its_body_not_rewritten_on_the_next_edit() {
    let mut store = Counting::default();
    let mut inputs = inputs_with(&big_body(200_000));
    Saver::default().save(&mut store, &inputs);
    let before = store.store.clone();
    store.reset();

    let mut restored = stored::restore(&mut store);
    assert!(restored.reports.is_empty());
    assert_eq!(restored.inputs, inputs);
    assert_eq!(store.store, before, "restoring writes nothing");
    assert_eq!(store.sets.len(), 0);

    inputs = restored.inputs.clone();
    inputs.status = "500".into();
    restored.saver.save(&mut store, &inputs);
    assert_eq!((store.sets(LAB_BODY), store.sets(LAB_STATE)), (0, 1));
}

#[test]
fn another_tabs_save_is_merged_per_input_before_this_tab_writes() {
    let mut store = Counting::default();
    // Both tabs start from the same saved state.
    Saver::default().save(&mut store, &inputs_with(r#"{"start": true}"#));
    let mut a = stored::restore(&mut store);
    let mut b = stored::restore(&mut store);
    // A changes the expression and the response; B, before it hears of that, the number.
    let mut mine_a = a.inputs.clone();
    mine_a.expression = "{{ 1 == 1 }}".into();
    mine_a.body = Arc::from(r#"{"a": true}"#);
    assert_eq!(a.saver.save(&mut store, &mine_a).merged, None);
    let mut mine_b = b.inputs.clone();
    mine_b.number = "14085550000".into();
    store.reset();
    let saved = b.saver.save(&mut store, &mine_b);
    let from_a = saved.merged.expect("A's save is merged in");
    assert_eq!(from_a.merged.taken, [Field::Response, Field::Expression]);
    assert!(from_a.merged.conflicts.is_empty());
    assert_eq!(
        from_a.message().as_deref(),
        Some(
            "Another tab of the companion changed the response and Condition expression: this \
             tab shows its change too."
        )
    );
    // A's response is stored already: B writes its state only.
    assert_eq!((store.sets(LAB_BODY), store.sets(LAB_STATE)), (0, 1));
    let restored = stored::restore(&mut store);
    assert!(restored.reports.is_empty(), "{:?}", restored.reports);
    let mut both = mine_a.clone();
    both.number = "14085550000".into();
    assert_eq!(restored.inputs, both);
    assert_eq!(from_a.merged.inputs, both);

    // A hears of B's save (the storage event): it shows B's number, and has nothing left to merge.
    let from_b = a.saver.sync(&mut store, &mine_a).expect("B's save");
    assert_eq!(from_b.merged.taken, [Field::Number]);
    assert_eq!(from_b.merged.inputs, both);
    assert_eq!(a.saver.sync(&mut store, &both), None);
    // Its next edit builds on both.
    store.reset();
    let mut next = both.clone();
    next.status = "500".into();
    assert_eq!(a.saver.save(&mut store, &next).merged, None);
    assert_eq!((store.sets(LAB_BODY), store.sets(LAB_STATE)), (0, 1));
    assert_eq!(stored::restore(&mut store).inputs, next);
}

#[test]
fn an_input_both_tabs_changed_keeps_the_later_save_and_the_other_response_is_set_aside() {
    let mut store = Counting::default();
    let mut mine = Saver::default();
    let mut inputs = inputs_with(r#"{"mine": true}"#);
    mine.save(&mut store, &inputs);
    let mut theirs_saver = stored::restore(&mut store).saver;
    // Another tab saves its own response and expression.
    let mut theirs = inputs.clone();
    theirs.body = Arc::from(r#"{"theirs": true}"#);
    theirs.expression = "{{ theirs }}".into();
    theirs_saver.save(&mut store, &theirs);
    // Told by the storage event that the body entry changed; this tab had changed both too.
    mine.forget_body();
    store.reset();
    inputs.body = Arc::from(r#"{"mine": 2}"#);
    inputs.expression = "{{ mine }}".into();
    inputs.status = "500".into();
    let saved = mine.save(&mut store, &inputs);
    let from = saved.merged.expect("the other tab's save");
    assert_eq!(from.merged.inputs, inputs, "this tab keeps its own");
    assert_eq!(
        from.merged
            .conflicts
            .iter()
            .map(|c| c.field)
            .collect::<Vec<_>>(),
        [Field::Response, Field::Expression]
    );
    assert_eq!(
        from.set_aside.as_deref(),
        Some("callback-lab.lab.body.unreadable")
    );
    let message = from.message().unwrap_or_default();
    assert!(
        message.contains("other tab's was “{{ theirs }}”"),
        "{message}"
    );
    assert!(
        message.contains("set aside as “callback-lab.lab.body.unreadable”"),
        "{message}"
    );
    // Nothing lost: the other tab's response is kept beside this tab's.
    assert_eq!(
        store.get("callback-lab.lab.body.unreadable"),
        Ok(Some(r#"{"theirs": true}"#.into()))
    );
    assert_eq!((store.sets(LAB_BODY), store.sets(LAB_STATE)), (1, 1));
    let restored = stored::restore(&mut store);
    assert!(restored.reports.is_empty(), "{:?}", restored.reports);
    assert_eq!(restored.inputs, inputs);
}

#[test]
fn version_1_reads_as_it_is_and_becomes_version_2_on_the_next_save() {
    let inputs = inputs_with(r#"{"data": {"taskDetails": {"tasks": []}}}"#);
    let v1 = saved::to_json(&inputs);
    assert!(v1.contains("\"version\": 1"));
    let mut store = Counting::with(MemoryStore::with([(LAB_STATE, v1.as_str())]));

    let mut restored = stored::restore(&mut store);
    assert!(restored.reports.is_empty());
    assert_eq!(restored.inputs, inputs);
    // Start-up writes nothing: the version-1 document stays until the attendee edits.
    assert_eq!(store.sets.len(), 0);
    assert_eq!(store.get(LAB_STATE), Ok(Some(v1.clone())));

    let mut edited = restored.inputs.clone();
    edited.number = "14085550000".into();
    let saved = restored.saver.save(&mut store, &edited);
    assert_eq!(saved.writes, [(LAB_BODY, Ok(())), (LAB_STATE, Ok(()))]);
    let doc = doc(&store);
    assert_eq!(doc["version"], 2);
    assert!(doc["inputs"].get("body").is_none(), "{doc}");
    assert_eq!(
        doc["body"],
        serde_json::json!({"bytes": inputs.body.len(), "fnv1a64": format!("{:016x}", saved::fnv1a64(inputs.body.as_bytes()))})
    );
    assert_eq!(store.get(LAB_BODY), Ok(Some(inputs.body.to_string())));
    assert_eq!(stored::restore(&mut store).inputs, edited);

    // An earlier key name with version 1 too.
    let mut store = MemoryStore::with([("callbackLab.lab.v1", v1.as_str())]);
    assert_eq!(stored::restore(&mut store).inputs, inputs);
}

#[test]
fn the_export_stays_self_contained_and_a_stored_version_2_is_not_a_file_to_import() {
    let mut store = MemoryStore::new();
    let inputs = inputs_with(&big_body(10_000));
    Saver::default().save(&mut store, &inputs);
    let restored = stored::restore(&mut store).inputs;
    let export = saved::to_json(&restored);
    assert!(export.contains("\"version\": 1"));
    assert!(export.contains("callbackStatus"), "the body is inline");
    assert_eq!(saved::from_json(&export), Ok(inputs));

    let err = saved::from_json(&store.get(LAB_STATE).unwrap().unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("without its response"), "{err}");
}

/// A stored state (version 2) with its body, and the text of each entry.
fn stored_pair(body: &str) -> (MemoryStore, LabInputs) {
    let mut store = MemoryStore::new();
    let inputs = LabInputs {
        status: "404".into(),
        ..inputs_with(body)
    };
    Saver::default().save(&mut store, &inputs);
    (store, inputs)
}

#[test]
fn a_body_that_does_not_match_is_set_aside_byte_for_byte_and_the_rest_restores() {
    let (good, inputs) = stored_pair(r#"{"data": {"taskDetails": {"tasks": []}}}"#);
    let cases = [
        // Cut short, same length with other text, someone else's data, another tab's response.
        r#"{"data": {"taskDetails": {"#,
        r#"{"data": {"taskDetails": {"tasks": [1]}}"#,
        "<!doctype html><p>not ours</p>",
        r#"{"data": {"taskDetails": {"tasks": [{"callbackData": {}}]}}}"#,
    ];
    for damaged in cases {
        let mut store = good.clone();
        store.set(LAB_BODY, damaged).unwrap();
        let restored = stored::restore(&mut store);
        let [Report::SetAside(aside)] = &restored.reports[..] else {
            panic!("{damaged}: {:?}", restored.reports);
        };
        assert!(
            matches!(&aside.reason, Unreadable::Mismatch { found } if found.contains("lab state refers to")),
            "{:?}",
            aside.reason
        );
        assert_eq!(
            aside.kept,
            Kept::Under("callback-lab.lab.body.unreadable".into())
        );
        assert_eq!(
            store.get("callback-lab.lab.body.unreadable"),
            Ok(Some(damaged.to_owned()))
        );
        assert_eq!(store.get(LAB_BODY), Ok(None));
        // The rest restores; the response starts empty.
        assert_eq!(restored.inputs.status, "404");
        assert_eq!(restored.inputs.expression, inputs.expression);
        assert_eq!(&*restored.inputs.body, "");
        let message = Report::SetAside(aside.clone()).to_string();
        assert!(
            message.starts_with("Your saved Condition lab response could not be read (it does not go with the rest of the saved data: the lab state refers to"),
            "{message}"
        );
        assert!(
            message.contains("“callback-lab.lab.body.unreadable”"),
            "{message}"
        );

        // The next save does not touch the set-aside copy, and a second problem gets its own.
        let mut saver = restored.saver;
        saver.save(&mut store, &restored.inputs);
        assert_eq!(
            store.get("callback-lab.lab.body.unreadable"),
            Ok(Some(damaged.to_owned()))
        );
    }
}

#[test]
fn a_missing_body_is_reported_and_the_rest_restores() {
    let (mut store, inputs) = stored_pair(r#"{"a": 1}"#);
    store.remove(LAB_BODY).unwrap();
    let before = store.clone();
    let restored = stored::restore(&mut store);
    assert_eq!(store, before, "nothing to set aside, nothing written");
    let [report @ Report::Missing { key, .. }] = &restored.reports[..] else {
        panic!("{:?}", restored.reports);
    };
    assert_eq!(key, LAB_BODY);
    let message = report.to_string();
    assert!(
        message.starts_with("Your saved Condition lab response was not found: the Condition lab state refers to a response of 8 B under “callback-lab.lab.body”, which is not there."),
        "{message}"
    );
    assert_eq!(restored.inputs.status, inputs.status);
    assert_eq!(
        (&*restored.inputs.body, restored.inputs.sample.clone()),
        ("", None)
    );
}

#[test]
fn a_body_entry_no_state_refers_to_is_set_aside_not_overwritten() {
    // No state; a version-1 state (the body inline); a damaged state; an empty body.
    let v1 = saved::to_json(&inputs_with("{}"));
    let empty = {
        let (store, _) = stored_pair("");
        store.get(LAB_STATE).unwrap().unwrap()
    };
    for state in [
        None,
        Some(v1.as_str()),
        Some("{damaged"),
        Some(empty.as_str()),
    ] {
        let mut store = MemoryStore::with([(LAB_BODY, "orphan text")]);
        if let Some(state) = state {
            store.set(LAB_STATE, state).unwrap();
        }
        let restored = stored::restore(&mut store);
        let aside: Vec<_> = restored
            .reports
            .iter()
            .filter_map(|r| match r {
                Report::SetAside(a) if a.key == LAB_BODY => Some(a),
                _ => None,
            })
            .collect();
        assert_eq!(aside.len(), 1, "{state:?}: {:?}", restored.reports);
        assert!(
            matches!(&aside[0].reason, Unreadable::Mismatch { found } if found == "no saved Condition lab state refers to it"),
            "{:?}",
            aside[0].reason
        );
        assert_eq!(
            store.get("callback-lab.lab.body.unreadable"),
            Ok(Some("orphan text".into()))
        );
        let mut saver = restored.saver;
        saver.save(&mut store, &inputs_with("new"));
        assert_eq!(store.get(LAB_BODY), Ok(Some("new".into())));
        assert_eq!(
            store.get("callback-lab.lab.body.unreadable"),
            Ok(Some("orphan text".into()))
        );
    }
}

#[test]
fn a_full_storage_keeps_the_small_state_and_says_the_body_was_not_saved() {
    let body = big_body(1_048_576);
    let mut store = Counting::with(MemoryStore::with_quota(100_000));
    // An earlier, smaller body is stored.
    let mut saver = Saver::default();
    let mut inputs = inputs_with(r#"{"old": true}"#);
    saver.save(&mut store, &inputs);
    assert_eq!(store.get(LAB_BODY), Ok(Some(r#"{"old": true}"#.into())));

    inputs.body = Arc::clone(&body);
    let saved = saver.save(&mut store, &inputs);
    assert_eq!(
        saved,
        Saved {
            writes: vec![
                (LAB_BODY, Err(WriteError::QuotaExceeded)),
                (LAB_STATE, Ok(()))
            ],
            body_not_kept: Some(body.len()),
            merged: None,
        }
    );
    let message = Report::not_saved(LAB_BODY, WriteError::QuotaExceeded).to_string();
    assert!(
        message.starts_with("Your Condition lab response was not saved: this browser's storage for the site is full."),
        "{message}"
    );
    // The state says so; the earlier body, which nothing refers to now, made room.
    assert_eq!(doc(&store)["body"]["kept"], false);
    assert_eq!(store.get(LAB_BODY), Ok(None));
    let restored = stored::restore(&mut store);
    assert!(restored.reports.is_empty(), "{:?}", restored.reports);
    assert_eq!(&*restored.inputs.body, "");
    assert_eq!(restored.inputs.expression, inputs.expression);

    // Tried again on the next save (room may have been made); it goes through once there is room.
    store.reset();
    inputs.status = "201".into();
    let saved = saver.save(&mut store, &inputs);
    assert_eq!(saved.writes[0], (LAB_BODY, Err(WriteError::QuotaExceeded)));
    store.store.quota = Some(3_000_000);
    let saved = saver.save(&mut store, &inputs);
    assert_eq!(saved.writes, [(LAB_BODY, Ok(())), (LAB_STATE, Ok(()))]);
    assert_eq!(saved.body_not_kept, None);
    let restored = stored::restore(&mut store);
    assert!(restored.reports.is_empty());
    assert_eq!(restored.inputs, inputs);
    // And then it is not written again.
    store.reset();
    saver.save(&mut store, &inputs);
    assert_eq!(store.sets(LAB_BODY), 0);
}

#[test]
fn no_storage_at_all_is_said_once() {
    let mut store = MemoryStore {
        unavailable: true,
        ..MemoryStore::new()
    };
    let saved = Saver::default().save(&mut store, &inputs_with("{}"));
    assert_eq!(saved.writes, [(LAB_STATE, Err(WriteError::Unavailable))]);
}

#[test]
fn an_emptied_body_removes_its_entry_and_a_blank_one_is_kept() {
    let mut store = MemoryStore::new();
    let mut saver = Saver::default();
    saver.save(&mut store, &inputs_with("{}"));
    assert!(store.entries.contains_key(LAB_BODY));
    let saved = saver.save(&mut store, &inputs_with(""));
    assert_eq!(saved.writes, [(LAB_STATE, Ok(())), (LAB_BODY, Ok(()))]);
    assert!(!store.entries.contains_key(LAB_BODY));
    let restored = stored::restore(&mut store);
    assert!(restored.reports.is_empty());
    assert_eq!(&*restored.inputs.body, "");

    // Blank text is a response too (plain-text keys read it as "not set").
    saver.save(&mut store, &inputs_with(" \n"));
    let restored = stored::restore(&mut store);
    assert!(restored.reports.is_empty(), "{:?}", restored.reports);
    assert_eq!(&*restored.inputs.body, " \n");
}

#[test]
fn a_backup_carries_both_entries_and_the_inventory_lists_the_body_with_its_size() {
    let (store, inputs) = stored_pair(&big_body(50_000));
    let backup = Backup::of(
        store.entries.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        "",
    );
    assert!(backup.entries.contains_key(LAB_BODY));
    let backup = Backup::from_json(&backup.to_json()).unwrap();
    let mut other = MemoryStore::new();
    let report = backup.restore(&mut other);
    assert!(report.is_clean(), "{report}");
    let restored = stored::restore(&mut other);
    assert!(restored.reports.is_empty());
    assert_eq!(restored.inputs, inputs);

    let inventory = Inventory::of(store.entries.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let item = inventory
        .in_use()
        .find(|i| i.key == LAB_BODY)
        .expect("listed");
    assert_eq!(item.what, "Condition lab response");
    assert_eq!(item.size, LAB_BODY.len() + inputs.body.len());
    let state = inventory.in_use().find(|i| i.key == LAB_STATE).unwrap();
    assert!(state.size < 2_000, "{}", state.size);
}

#[test]
fn a_version_2_state_reads_through_the_registry_with_its_reference() {
    let (mut store, inputs) = stored_pair("{}");
    let lab = storage::load::<LabStateKey>(&mut store, LAB_STATE)
        .found()
        .unwrap();
    assert_eq!(lab.body, BodyPlace::Apart(BodyRef::of("{}")));
    assert_eq!(lab.inputs.status, inputs.status);
    // A reference that does not read is the state's damage: set aside, reported.
    for bad in [
        r#""bytes": 2, "fnv1a64": "xyz""#,
        r#""bytes": 2, "fnv1a64": 5"#,
        r#""bytes": -1, "fnv1a64": "08f44b07b5901a25""#,
        r#""bytes": 2, "fnv1a64": "08f44b07b5901a25", "kept": "no""#,
    ] {
        let text = store.get(LAB_STATE).unwrap().unwrap();
        let start = text.find("\"body\"").unwrap();
        let damaged = format!("{}\"body\": {{{bad}}}\n}}", &text[..start]);
        let mut store = MemoryStore::with([(LAB_STATE, damaged.as_str())]);
        let restored = stored::restore(&mut store);
        assert!(
            matches!(&restored.reports[..], [Report::SetAside(a)] if a.key == LAB_STATE),
            "{bad}: {:?}",
            restored.reports
        );
        assert_eq!(
            store.get("callback-lab.lab.unreadable"),
            Ok(Some(damaged.clone()))
        );
    }
}

#[derive(Debug, Clone)]
enum Edit {
    /// Another input: the body is kept (same allocation).
    Other(String),
    /// The body replaced by this text.
    Body(String),
    /// The same body text in a new allocation.
    SameBodyAgain,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        "[a-z0-9 ]{0,8}".prop_map(Edit::Other),
        prop_oneof!["", " ", "[{}\\[\\]\":,a-z0-9 ]{0,40}"].prop_map(Edit::Body),
        // Large enough not to fit a small quota.
        ("[a-z]{1,4}", 0usize..1_500).prop_map(|(s, n)| Edit::Body(s.repeat(n))),
        Just(Edit::SameBodyAgain),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(128)))]

    /// Whatever the edits, each save leaves what restores to the inputs saved, and the body entry
    /// is written exactly when the body text changed.
    #[test]
    fn saves_restore_to_what_was_saved_and_write_the_body_only_when_it_changed(
        edits in prop::collection::vec(edit(), 1..12),
        quota in prop::option::weighted(0.3, 1_000usize..6_000),
    ) {
        let mut store = Counting::with(MemoryStore { quota, ..MemoryStore::new() });
        let mut saver = Saver::default();
        let mut inputs = inputs_with("{}");
        let mut last_written: Option<String> = None;
        for edit in edits {
            match edit {
                Edit::Other(text) => inputs.expression = text,
                Edit::Body(text) => inputs.body = Arc::from(text),
                Edit::SameBodyAgain => inputs.body = Arc::from(&*inputs.body),
            }
            store.reset();
            let saved = saver.save(&mut store, &inputs);
            let body_changed = last_written.as_deref() != Some(&*inputs.body);
            let body_sets = store.sets(LAB_BODY);
            if !inputs.body.is_empty() && body_changed {
                prop_assert_eq!(body_sets, 1);
            } else if saved.body_not_kept.is_none() {
                prop_assert_eq!(body_sets, 0);
            }
            if saved.body_not_kept.is_none() {
                last_written = Some(inputs.body.to_string());
            } else {
                last_written = None;
            }
            let state_saved = saved.writes.iter().any(|(k, r)| *k == LAB_STATE && r.is_ok());
            if state_saved {
                let mut copy = store.store.clone();
                let restored = stored::restore(&mut copy);
                prop_assert!(restored.reports.is_empty(), "{:?}", restored.reports);
                let mut expected = inputs.clone();
                if saved.body_not_kept.is_some() {
                    expected.body = Arc::from("");
                }
                prop_assert_eq!(restored.inputs, expected);
            }
        }
    }
}

/// One step of two tabs working on the lab at once.
#[derive(Debug, Clone)]
enum TabStep {
    /// Tab `tab` changes `field` (to a value no tab had before).
    Edit { tab: usize, field: Field },
    /// Tab `tab` saves (its edits settled).
    Save { tab: usize },
    /// Tab `tab` hears of the other tab's save (the `storage` event) and shows the merge.
    Hear { tab: usize },
}

fn tab_step() -> impl Strategy<Value = TabStep> {
    let field = prop::sample::select(vec![
        Field::Response,
        Field::Status,
        Field::Number,
        Field::Expression,
    ]);
    prop_oneof![
        (0usize..2, field).prop_map(|(tab, field)| TabStep::Edit { tab, field }),
        (0usize..2).prop_map(|tab| TabStep::Save { tab }),
        (0usize..2).prop_map(|tab| TabStep::Hear { tab }),
    ]
}

fn set_field(inputs: &mut LabInputs, field: Field, n: usize) {
    let value = format!("v{n}");
    match field {
        Field::Response => {
            inputs.body = Arc::from(format!("{{\"n\": {n}}}"));
            inputs.sample = None;
        }
        Field::Status => inputs.status = value,
        Field::Number => inputs.number = value,
        Field::Expression => inputs.expression = value,
        _ => unreachable!("not generated"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(support::cases(128)))]

    /// Two tabs editing, saving and hearing of each other's saves in any order: every input stored
    /// is the one of its latest saved edit, whichever tab made it (nothing is lost to a save of
    /// the other tab), and a response replaced by the other tab's is kept as a set-aside copy.
    #[test]
    fn two_tabs_lose_no_saved_edit(steps in prop::collection::vec(tab_step(), 1..24)) {
        let mut store = MemoryStore::new();
        Saver::default().save(&mut store, &inputs_with("{}"));
        let mut tabs: Vec<(Saver, LabInputs, Vec<Field>)> = (0..2)
            .map(|_| {
                let restored = stored::restore(&mut store);
                (restored.saver, restored.inputs, Vec::new())
            })
            .collect();
        // Per input: the value of its latest saved edit.
        let mut expected = stored::restore(&mut store).inputs;
        let mut lost_bodies: Vec<String> = Vec::new();
        for (n, step) in steps.into_iter().enumerate() {
            match step {
                TabStep::Edit { tab, field } => {
                    let (_, inputs, edited) = &mut tabs[tab];
                    set_field(inputs, field, n);
                    if !edited.contains(&field) {
                        edited.push(field);
                    }
                }
                TabStep::Save { tab } => {
                    let (saver, inputs, edited) = &mut tabs[tab];
                    let before = store.get(LAB_BODY).unwrap();
                    let saved = saver.save(&mut store, inputs);
                    if let Some(from) = saved.merged {
                        if from.merged.conflicts.iter().any(|c| c.field == Field::Response) {
                            lost_bodies.extend(before);
                        }
                        *inputs = from.merged.inputs;
                    }
                    for field in edited.drain(..) {
                        set_from(&mut expected, inputs, field);
                    }
                    let restored = stored::restore(&mut store.clone());
                    prop_assert!(restored.reports.is_empty(), "{:?}", restored.reports);
                    prop_assert_eq!(&restored.inputs, &expected);
                }
                TabStep::Hear { tab } => {
                    let (saver, inputs, _) = &mut tabs[tab];
                    if let Some(from) = saver.sync(&mut store, inputs) {
                        if from.merged.conflicts.iter().any(|c| c.field == Field::Response) {
                            lost_bodies.extend(store.get(LAB_BODY).unwrap());
                        }
                        *inputs = from.merged.inputs;
                    }
                }
            }
        }
        // Every response another tab's save replaced while both had changed it is kept aside.
        for body in lost_bodies {
            prop_assert!(
                store.entries.iter().any(|(k, v)| k.starts_with("callback-lab.lab.body") && *v == body),
                "{body} lost"
            );
        }
    }
}

fn set_from(to: &mut LabInputs, from: &LabInputs, field: Field) {
    match field {
        Field::Response => {
            to.body = Arc::clone(&from.body);
            to.sample = from.sample.clone();
        }
        Field::Status => to.status = from.status.clone(),
        Field::Number => to.number = from.number.clone(),
        Field::Expression => to.expression = from.expression.clone(),
        _ => unreachable!("not generated"),
    }
}

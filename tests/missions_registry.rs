//! The shipped missions read without a problem, and what each one says agrees with itself: its
//! samples take the exits they announce, its checks name steps of its guide.
#![cfg(not(target_arch = "wasm32"))]

use callback_lab::engine::FixedClock;
use callback_lab::flow::{run, PastedResponse};
use callback_lab::missions::{compiled, Registry};

#[test]
fn every_shipped_folder_reads() {
    let registry = compiled();
    assert!(
        registry.problems().is_empty(),
        "{:#?}",
        registry
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    let folders = callback_lab::missions::compiled_folders::slugs().count();
    assert_eq!(registry.len(), folders, "every folder is a mission");
}

#[test]
fn the_same_folders_read_from_disk_give_the_same_missions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/content/missions");
    let from_disk = Registry::read_dir(std::path::Path::new(dir));
    assert!(
        from_disk.problems().is_empty(),
        "{:?}",
        from_disk.problems()
    );
    for (disk, built) in from_disk.missions().iter().zip(compiled().missions()) {
        assert_eq!(disk.slug, built.slug);
        assert_eq!(disk.document, built.document);
        assert_eq!(disk.lab, built.lab, "{}", disk.slug);
    }
}

#[test]
fn samples_take_the_exit_they_announce() {
    for mission in compiled().missions() {
        let Some(lab) = &mission.lab else { continue };
        for sample in &lab.samples {
            let mut responder = PastedResponse::new(sample.status, sample.body.clone())
                .unwrap_or_else(|e| panic!("{}/{}: {e}", mission.slug, sample.id));
            let result = run(
                &lab.flow,
                &lab.run_input(),
                &mut responder,
                &FixedClock(1_700_000_000_000),
            )
            .unwrap_or_else(|e| panic!("{}/{}: {e}", mission.slug, sample.id));
            let exit = result.condition.as_ref().map(|c| c.exit.clone());
            assert_eq!(
                exit.as_deref(),
                Some(sample.expected_exit.as_str()),
                "{}/{}",
                mission.slug,
                sample.id
            );
        }
    }
}

#[test]
fn every_checked_step_is_an_anchor_of_the_guide() {
    for mission in compiled().missions() {
        let Some(table) = mission.lab.as_ref().and_then(|lab| lab.checks.as_ref()) else {
            continue;
        };
        let anchors: Vec<&str> = mission
            .document
            .steps
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        for check in &table.checks {
            let step = format!("build-{}", check.step(&table.roles));
            assert!(anchors.contains(&step.as_str()), "{}: {step}", mission.slug);
        }
    }
}

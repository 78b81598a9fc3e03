//! `flowlab check`, run in-process through the dispatcher.
#![cfg(not(target_arch = "wasm32"))]

fn flowlab(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = callback_lab::cli::main(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

const SEED: &str = "content/missions/preventing-callback-duplication/guide.md";

#[test]
fn the_shipped_missions_pass_with_image_warnings() {
    for args in [
        &["check"][..],
        &["check", "content/missions"],
        &["check", SEED],
    ] {
        let (code, out, err) = flowlab(args);
        assert_eq!(code, 0, "{args:?}\n{out}{err}");
        assert_eq!(err, "");
        let seed_lines: Vec<&str> = out.lines().filter(|l| l.starts_with(SEED)).collect();
        assert_eq!(seed_lines.len(), 6, "{out}");
        for (line, number) in seed_lines.iter().zip([67, 155, 169, 189, 205, 233]) {
            assert!(
                line.starts_with(&format!(
                    "{SEED}:{number}: warning: image `../graphics/Lab2/"
                )),
                "{line}"
            );
            assert!(line.ends_with("is not shipped with the companion; a placeholder is shown"));
        }
        let last = out.lines().last().unwrap_or_default();
        assert!(last.contains(": 0 errors, "), "{last}");
    }
    let (_, out, _) = flowlab(&["check", SEED]);
    assert_eq!(
        out.lines().last(),
        Some("checked 1 file: 0 errors, 6 warnings")
    );
}

#[test]
fn a_broken_mission_fails_with_file_and_line() {
    let (code, out, err) = flowlab(&["check", "tests/inputs/guide/broken"]);
    assert_eq!(code, 1);
    assert_eq!(err, "");
    let expected = include_str!("inputs/guide/broken.expected");
    assert_eq!(out, expected);
}

#[test]
fn the_broken_fixture_reports_each_kind_of_problem() {
    let (code, out, _) = flowlab(&["check", "tests/inputs/guide/broken/mission-9-broken.md"]);
    assert_eq!(code, 1);
    let file = "tests/inputs/guide/broken/mission-9-broken.md";
    for (line, needle) in [
        (7, "error: unknown admonition type `Shout`"),
        (
            12,
            "error: placeholder shows `Main_Flow_` but has no `data-prefix`",
        ),
        (
            14,
            "error: placeholder shows `Main_Flow_` but copies data-prefix `Main_Queue_`",
        ),
        (
            14,
            "error: placeholder shows `_Queue` but has no `data-suffix`",
        ),
        (
            16,
            "error: `copy-static` span without `data-copy-text`: nothing to copy",
        ),
        (
            16,
            "error: `copy-static` span with an empty `data-copy-text`",
        ),
        (18, "error: unsupported span class `fancy`"),
        (18, "error: unsupported HTML `<div>` is shown as text"),
        (18, "is never closed"),
        (20, "error: link scheme `javascript:` is not allowed"),
        (20, "error: link without a target"),
        (
            20,
            "error: relative link `notes.txt` points to a file the companion does not ship",
        ),
        (
            20,
            "error: relative link `mission-1-missing.md`: no such mission file",
        ),
        (
            20,
            "error: link to `#nowhere`, but no heading or step has that anchor",
        ),
        (22, "error: image without a path"),
        (22, "warning: image `../graphics/Lab2/x.gif` is not shipped"),
        (24, "error: `</span>` closes nothing that is open here"),
        (24, "error: copy button outside a `copy-static`"),
        (26, "error: unsupported HTML `<script>` is shown as text"),
        (28, "error: `ðŸŽ‰` looks like UTF-8 read as Latin-1"),
    ] {
        let prefix = format!("{file}:{line}: ");
        assert!(
            out.lines()
                .any(|l| l.starts_with(&prefix) && l.contains(needle)),
            "missing {prefix}…{needle}\n{out}"
        );
    }
    assert!(
        !out.contains("#build-1"),
        "a link to an existing step was reported\n{out}"
    );
}

#[test]
fn clean_missions_link_to_each_other() {
    let (code, out, err) = flowlab(&["check", "tests/inputs/guide/good"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "checked 2 files: 0 errors, 0 warnings\n", "")
    );
}

#[test]
fn several_paths_and_a_missing_one() {
    let (code, out, err) = flowlab(&[
        "check",
        "tests/inputs/guide/good",
        "tests/inputs/guide/nope",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("tests/inputs/guide/nope: no such file or directory"),
        "{err}"
    );
    assert!(
        out.ends_with("checked 2 files: 0 errors, 0 warnings\n"),
        "{out}"
    );
}

#[test]
fn a_directory_without_missions_fails() {
    let (code, _, err) = flowlab(&["check", "src/cli"]);
    assert_eq!(code, 1);
    assert!(err.contains("no .md files in src/cli"), "{err}");
}

#[test]
fn help_and_usage_errors() {
    let (code, out, _) = flowlab(&["check", "--help"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("usage: flowlab check [PATH…]"), "{out}");
    let (code, _, err) = flowlab(&["check", "--strict"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown option `--strict`"), "{err}");
}

#[test]
fn a_file_that_is_not_utf8() {
    let dir = std::env::temp_dir().join(format!("guide-cli-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("mission-5-latin1.md");
    let written = std::fs::write(&file, b"# Mission 5\n\nCaf\xe9\n");
    assert!(written.is_ok());
    let path = file.to_string_lossy().into_owned();
    let (code, out, _) = flowlab(&["check", &path]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("{path}:3: error: the file is not UTF-8")),
        "{out}"
    );
}

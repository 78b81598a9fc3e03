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
fn the_shipped_missions_pass_with_warnings_only() {
    for args in [
        &["check"][..],
        &["check", "content/missions"],
        &["check", SEED],
    ] {
        let (code, out, err) = flowlab(args);
        assert_eq!(code, 0, "{args:?}\n{out}{err}");
        assert_eq!(err, "");
        let lines: Vec<&str> = out.lines().filter(|l| l.starts_with(SEED)).collect();
        assert_eq!(lines.len(), 8, "{out}");
        let images: Vec<&&str> = lines
            .iter()
            .filter(|l| l.contains(": warning: image `"))
            .collect();
        for (line, position) in images
            .iter()
            .zip(["67:7", "155:7", "169:5", "189:5", "205:5", "233:5"])
        {
            assert!(
                line.starts_with(&format!(
                    "{SEED}:{position}: warning: image `../graphics/Lab2/"
                )),
                "{line}"
            );
            assert!(line.ends_with("is not shipped with the companion; a placeholder is shown"));
        }
        assert_eq!(images.len(), 6);
        // The two slips MkDocs renders its own way: `---` under an image line, typed 1, 2, 4.
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("{SEED}:155:5: warning: `---` right under"))),
            "{out}"
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&format!(
                "{SEED}:221:1: warning: item typed `4.` is shown as 3"
            ))),
            "{out}"
        );
        let last = out.lines().last().unwrap_or_default();
        assert!(last.contains(": 0 errors, "), "{last}");
    }
    let (_, out, _) = flowlab(&["check", SEED]);
    assert_eq!(
        out.lines().last(),
        Some("checked 1 file: 0 errors, 8 warnings")
    );
}

#[test]
fn a_broken_mission_fails_with_file_and_line() {
    let (code, out, err) = flowlab(&["check", "tests/inputs/guide/broken"]);
    assert_eq!(code, 1);
    assert_eq!(err, "");
    // What `flowlab check` prints for the folder, reviewed as an insta snapshot.
    insta::assert_snapshot!("broken_mission_folder", out);
}

#[test]
fn the_broken_fixture_reports_each_kind_of_problem() {
    let (code, out, _) = flowlab(&["check", "tests/inputs/guide/broken/mission-9-broken.md"]);
    assert_eq!(code, 1);
    let file = "tests/inputs/guide/broken/mission-9-broken.md";
    for (line, needle) in [
        (
            7,
            "warning: admonition type `shout` is not one of MkDocs Material's",
        ),
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
        (
            18,
            "warning: span class `fancy` means nothing to the companion",
        ),
        (18, "warning: `<span>` is still open at `</li>`"),
        (20, "error: link scheme `javascript:` is not allowed"),
        (20, "error: link without a target"),
        (
            20,
            "warning: relative link `notes.txt` goes to another page of the lab guide",
        ),
        (
            20,
            "warning: relative link `mission-1-missing.md`: no such mission file here",
        ),
        (
            20,
            "error: link to `#nowhere`, but no heading or step has that anchor",
        ),
        (22, "error: image without a path"),
        (22, "warning: image `../graphics/Lab2/x.gif` is not shipped"),
        (24, "warning: `</span>` closes nothing that is open here"),
        (24, "error: copy button outside a `copy-static`"),
        (26, "error: unsupported HTML `<script>` is shown as text"),
        (28, "error: `ðŸŽ‰` looks like UTF-8 read as Latin-1"),
    ] {
        let prefix = format!("{file}:{line}:");
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
fn mkdocs_slips_are_warnings_and_what_breaks_the_page_errors() {
    let file = "tests/inputs/guide/broken/mission-8-mkdocs-slips.md";
    let (code, out, _) = flowlab(&["check", file]);
    assert_eq!(code, 1, "{out}");
    for (position, needle) in [
        ("6:1", "warning: item typed `3.` is shown as 2"),
        ("8:7", "warning: `<span>` styled `color: red`"),
        (
            "8:64",
            "warning: `</span>` comes while `<strong>` opened inside it is still open",
        ),
        (
            "10:6",
            "warning: `<details>` is a block written inside a paragraph and inside emphasis",
        ),
        (
            "16:1",
            "warning: MkDocs does not read Markdown inside an HTML block",
        ),
        (
            "22:1",
            "warning: attribute list sets `class` on a paragraph",
        ),
        (
            "22:6",
            "warning: icon `:material-not-in-the-table:` is not in the companion's emoji table",
        ),
        (
            "25:5",
            "warning: `<span>` has no space before `data-copy-text`: MkDocs with Python-Markdown 3.11",
        ),
        (
            "29:5",
            "warning: `---` right under `shot` makes that line a heading",
        ),
        (
            "32:1",
            "warning: a snippet include (`--8<--`) puts another file here in MkDocs; the included file is not shown",
        ),
        ("34:1", "error: `<details>` is never closed"),
    ] {
        let prefix = format!("{file}:{position}: ");
        assert!(
            out.lines()
                .any(|l| l.starts_with(&prefix) && l.contains(needle)),
            "missing {prefix}…{needle}\n{out}"
        );
    }
    assert!(
        out.ends_with("checked 1 file: 1 error, 11 warnings\n"),
        "{out}"
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
        out.contains(&format!("{path}:3:4: error: the file is not UTF-8")),
        "{out}"
    );
}

//! `poam completions SHELL` and `poam man`.

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("poam")
        .expect("binary")
        .args(args)
        .output()
        .expect("poam runs");
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn bash_completion_knows_the_subcommands_and_formats() {
    let script = run(&["completions", "bash"]);
    assert!(script.contains("_poam()"), "a bash function");
    assert!(script.contains("validate"));
    assert!(script.contains("explain"));
    assert!(script.contains("sarif junit github"), "format values");
}

#[test]
fn other_shells_generate() {
    assert!(run(&["completions", "zsh"]).starts_with("#compdef poam"));
    assert!(run(&["completions", "fish"]).contains("complete -c poam"));
    assert!(run(&["completions", "powershell"]).contains("Register-ArgumentCompleter"));
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let out = Command::cargo_bin("poam")
        .expect("binary")
        .args(["completions", "tcsh"])
        .output()
        .expect("poam runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_page_is_roff_with_a_page_per_subcommand() {
    let page = run(&["man"]);
    // clap_mangen defines the `Aq` string (two `.ie`/`.el` lines) before the title.
    let titles: Vec<&str> = page.lines().filter(|l| l.starts_with(".TH ")).collect();
    assert!(page.starts_with('.'), "roff requests");
    assert_eq!(
        titles.first().copied(),
        Some(format!(".TH poam 1  \"poam {}\" ", env!("CARGO_PKG_VERSION")).as_str())
    );
    for sub in ["validate", "rules", "explain", "completions", "man"] {
        let title = format!(".TH poam-{sub} 1 ");
        assert!(titles.iter().any(|t| t.starts_with(&title)), "{title}");
    }
    assert!(
        page.contains("\\-\\-format"),
        "validate's options are documented"
    );
}

#[test]
fn man_dir_writes_one_file_per_page_including_nested_subcommands() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("man1");
    let out = Command::cargo_bin("poam")
        .expect("binary")
        .args(["man", "--dir"])
        .arg(&target)
        .output()
        .expect("poam runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "the pages go to files");
    let mut names: Vec<String> = std::fs::read_dir(&target)
        .expect("DIR created")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for expected in [
        "poam.1",
        "poam-validate.1",
        "poam-diff.1",
        "poam-man.1",
        "poam-evidence.1",
        "poam-evidence-hash.1",
        "poam-init-config.1",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
    let hash = std::fs::read_to_string(target.join("poam-evidence-hash.1")).expect("page");
    assert!(hash.contains(".TH poam-evidence-hash 1 "), "{hash}");
    assert!(hash.contains("\\-\\-evidence\\-manifest"), "its options");
    let validate = std::fs::read_to_string(target.join("poam-validate.1")).expect("page");
    assert_eq!(
        validate.lines().filter(|l| l.starts_with(".TH ")).count(),
        1,
        "one page per file"
    );
    // Standard output holds the same pages, nested ones included.
    assert!(run(&["man"]).contains(".TH poam-evidence-hash 1 "));
}

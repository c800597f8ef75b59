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

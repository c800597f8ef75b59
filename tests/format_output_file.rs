//! `-o FILE` writes each format to the file, byte for byte what stdout would have shown,
//! and leaves stdout empty.

mod format_support;

use format_support::*;

#[test]
fn every_format_can_be_written_to_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    for format in ["human", "json", "sarif", "junit", "github"] {
        let expected = validate_stdout(FIXTURE, format);
        assert!(!expected.is_empty(), "{format} prints something");
        let path = dir.path().join(format!("out.{format}"));
        let path_text = path.to_string_lossy().into_owned();
        let out = validate(FIXTURE, &["--format", format, "-o", &path_text]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stdout.is_empty(), "{format}: stdout should be empty");
        let written = std::fs::read_to_string(&path).expect("output file written");
        assert_eq!(written, expected, "{format}");
    }
}

#[test]
fn github_summary_still_goes_to_stderr_with_o() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("annotations.txt");
    let out = validate(
        FIXTURE,
        &["--format", "github", "-o", &path.to_string_lossy()],
    );
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(
        stderr.starts_with("poam: tests/fixtures/format/poam.csv: "),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&path).expect("written");
    assert!(written.lines().all(|l| l.starts_with("::")), "{written}");
}

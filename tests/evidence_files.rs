//! Evidence files through the binary: `validate --evidence-root` (evidence-not-found),
//! `close … --evidence-root` (hashes recorded in the manifest), `validate
//! --evidence-manifest` (evidence-changed, evidence-not-found) and `evidence hash`.

mod write_support;

use serde_json::Value;
use std::path::Path;
use write_support::*;

fn put(dir: &Path, relative: &str, bytes: &[u8]) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn manifest(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("poam-evidence.json")).expect("manifest");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn evidence_not_found_fires_for_missing_relative_paths_only() {
    let dir = tempdir();
    copy_fixture("write/evidence_refs.csv", dir.path());
    std::fs::create_dir(dir.path().join("root")).expect("mkdir");
    put(&dir.path().join("root"), "evidence/present.pdf", b"%PDF");
    let json = validate_json(
        dir.path(),
        "evidence_refs.csv",
        &["--evidence-root", "root"],
    );
    assert_eq!(json["items"]["total"], 4);
    // URLs, ticket ids and document names are not checked; the present file is found.
    assert_eq!(
        finding_places(&json, &["evidence-not-found", "evidence-changed"]),
        vec!["evidence-not-found@H5", "evidence-not-found@H6"]
    );
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "evidence-not-found")
        .map(|f| f["message"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        messages,
        vec![
            "POAM-003's evidence \"evidence/missing.pdf\" does not exist (looked for \
             root/evidence/missing.pdf): save the file there or correct the reference",
            "POAM-004's evidence \"../outside.pdf\" points outside the evidence root: keep \
             evidence under the root and name it relative to it",
        ]
    );
    let levels: Vec<&Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "evidence-not-found")
        .map(|f| &f["level"])
        .collect();
    assert_eq!(levels, vec!["error", "error"]);

    // Near miss: the file saved where the cell says, the path kept inside the root.
    put(&dir.path().join("root"), "evidence/missing.pdf", b"%PDF");
    let json = validate_json(
        dir.path(),
        "evidence_refs.csv",
        &["--evidence-root", "root"],
    );
    assert_eq!(
        finding_places(&json, &["evidence-not-found"]),
        vec!["evidence-not-found@H6"]
    );
    // Without --evidence-root the rule does not run.
    let json = validate_json(dir.path(), "evidence_refs.csv", &[]);
    assert_eq!(
        finding_places(&json, &["evidence-not-found"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_missing_evidence_root_is_unusable_input() {
    let dir = tempdir();
    copy_fixture("write/evidence_refs.csv", dir.path());
    let out = poam(
        dir.path(),
        &[
            "validate",
            "evidence_refs.csv",
            "--evidence-root",
            "nowhere",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nowhere: the evidence root is not a folder"));
}

#[test]
fn close_records_hashes_and_validate_detects_changes() {
    let dir = tempdir();
    make_workbook(&dir.path().join("poam.xlsx"));
    put(dir.path(), "evidence/AC/lockout-gpo.png", b"abc");
    let out = ok(&poam(
        dir.path(),
        &[
            "close",
            "poam.xlsx",
            "POAM-001",
            "--evidence",
            "evidence/AC/lockout-gpo.png",
            "--evidence",
            "https://tickets.example.com/SEC-118",
            "--evidence-root",
            ".",
            "--as-of",
            "2026-11-27",
        ],
    ));
    assert!(
        out.ends_with("updated poam.xlsx\nrecorded 1 evidence hash(es) in poam-evidence.json\n"),
        "{out}"
    );
    assert_eq!(
        manifest(dir.path()),
        serde_json::json!({
            "schema": "poam/evidence-manifest/1",
            "root": ".",
            "entries": [{
                "item": "POAM-001",
                "reference": "evidence/AC/lockout-gpo.png",
                // SHA-256("abc"), FIPS 180-4 example.
                "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "size": 3,
                "recorded": "2026-11-27"
            }]
        })
    );
    // Unchanged: nothing to report.
    let json = validate_json(
        dir.path(),
        "poam.xlsx",
        &["--evidence-manifest", "poam-evidence.json"],
    );
    assert_eq!(
        finding_places(&json, &["evidence-changed", "evidence-not-found"]),
        Vec::<String>::new()
    );
    // Changed content: a warning at the item's evidence cell.
    put(dir.path(), "evidence/AC/lockout-gpo.png", b"abd");
    let json = validate_json(
        dir.path(),
        "poam.xlsx",
        &["--evidence-manifest", "poam-evidence.json"],
    );
    assert_eq!(
        finding_places(&json, &["evidence-changed", "evidence-not-found"]),
        vec![format!("evidence-changed@{EVIDENCE}2")]
    );
    let f = &json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "evidence-changed")
        .cloned()
        .expect("the finding");
    assert_eq!(f["level"], "warning");
    assert_eq!(f["item"], "POAM-001");
    assert_eq!(
        f["message"].as_str().unwrap_or_default(),
        format!(
        "POAM-001's evidence \"evidence/AC/lockout-gpo.png\" has changed since it was recorded \
         on 2026-11-27 (SHA-256 ba7816bf8f01… then, {}… now): check that it still proves \
         the closure",
        sha_prefix(b"abd")
        )
    );
    // Gone: an error.
    std::fs::remove_file(dir.path().join("evidence/AC/lockout-gpo.png")).expect("rm");
    let json = validate_json(
        dir.path(),
        "poam.xlsx",
        &["--evidence-manifest", "poam-evidence.json"],
    );
    assert_eq!(
        finding_places(&json, &["evidence-changed", "evidence-not-found"]),
        vec![format!("evidence-not-found@{EVIDENCE}2")]
    );
    // With --evidence-root too, the gone file is reported once, not twice.
    let json = validate_json(
        dir.path(),
        "poam.xlsx",
        &[
            "--evidence-manifest",
            "poam-evidence.json",
            "--evidence-root",
            ".",
        ],
    );
    assert_eq!(
        finding_places(&json, &["evidence-changed", "evidence-not-found"]),
        vec![
            format!("evidence-not-found@{EVIDENCE}2"),
            format!("evidence-not-found@{EVIDENCE}4"),
        ]
    );
}

/// The first 12 hex digits of SHA-256(bytes).
fn sha_prefix(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn close_refuses_evidence_that_does_not_exist_under_the_root() {
    let dir = tempdir();
    make_workbook(&dir.path().join("poam.xlsx"));
    let err = assert_refused(
        dir.path(),
        "poam.xlsx",
        &[
            "close",
            "poam.xlsx",
            "POAM-001",
            "--evidence",
            "evidence/AC/typo.png",
            "--evidence-root",
            ".",
        ],
    );
    assert!(
        err.contains(
            "evidence \"evidence/AC/typo.png\" does not exist (looked for ./evidence/AC/typo.png)"
        ),
        "{err}"
    );
    assert!(!dir.path().join("poam-evidence.json").exists());
    let err = assert_refused(
        dir.path(),
        "poam.xlsx",
        &[
            "close",
            "poam.xlsx",
            "POAM-001",
            "--evidence",
            "../x.pdf",
            "--evidence-root",
            ".",
        ],
    );
    assert!(err.contains("points outside the evidence root"), "{err}");
}

#[test]
fn evidence_hash_records_closed_items_and_keeps_recorded_entries() {
    let dir = tempdir();
    copy_fixture("write/evidence_refs.csv", dir.path());
    put(dir.path(), "evidence/present.pdf", b"one");
    let out = poam(
        dir.path(),
        &[
            "evidence",
            "hash",
            "evidence_refs.csv",
            "--as-of",
            "2026-11-27",
        ],
    );
    // evidence/missing.pdf is missing and ../outside.pdf is outside: exit 1, both listed.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "evidence_refs.csv: recorded 1 new evidence hash(es) in poam-evidence.json (0 already \
         recorded, 2 missing, 0 folder(s) not hashed)\n"
    );
    assert!(stderr(&out).contains("POAM-003: evidence \"evidence/missing.pdf\" does not exist"));
    let m = manifest(dir.path());
    assert_eq!(m["entries"].as_array().map(Vec::len), Some(1));
    assert_eq!(m["entries"][0]["item"], "POAM-001");
    assert_eq!(m["entries"][0]["recorded"], "2026-11-27");
    let first_hash = m["entries"][0]["sha256"].clone();

    // A second run after the file changed keeps the hash recorded first.
    put(dir.path(), "evidence/present.pdf", b"two");
    put(dir.path(), "evidence/missing.pdf", b"now here");
    std::fs::remove_file(dir.path().join("evidence_refs.csv")).expect("rm");
    copy_fixture("write/evidence_refs.csv", dir.path());
    let out = poam(dir.path(), &["evidence", "hash", "evidence_refs.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains(
        "recorded 1 new evidence hash(es) in poam-evidence.json (1 already recorded, 1 missing"
    ));
    let m = manifest(dir.path());
    assert_eq!(m["entries"][0]["sha256"], first_hash);
    assert_eq!(m["entries"][1]["item"], "POAM-003");
    // And validate reports the change.
    let json = validate_json(
        dir.path(),
        "evidence_refs.csv",
        &["--evidence-manifest", "poam-evidence.json"],
    );
    assert_eq!(
        finding_places(&json, &["evidence-changed", "evidence-not-found"]),
        vec!["evidence-changed@H2"]
    );
}

#[test]
fn a_missing_or_foreign_manifest_is_unusable_input() {
    let dir = tempdir();
    make_workbook(&dir.path().join("poam.xlsx"));
    let out = poam(
        dir.path(),
        &["validate", "poam.xlsx", "--evidence-manifest", "nope.json"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("nope.json: no such evidence manifest"),
        "{}",
        stderr(&out)
    );
    std::fs::write(
        dir.path().join("other.json"),
        br#"{"schema":"x/1","entries":[]}"#,
    )
    .expect("write");
    let out = poam(
        dir.path(),
        &["validate", "poam.xlsx", "--evidence-manifest", "other.json"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("its schema is 'x/1', not 'poam/evidence-manifest/1'"));
}

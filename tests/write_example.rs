//! The README's walk-through on the shipped example (`examples/poam.xlsx`, copied to a
//! temporary folder): an owner's weekly update, then a closure with evidence and the
//! quarterly re-check of that evidence.

mod write_support;

use std::path::Path;
use write_support::*;

fn example_in(dir: &Path) -> std::path::PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/poam.xlsx");
    let to = dir.join("poam.xlsx");
    std::fs::copy(from, &to).expect("example copied");
    to
}

#[test]
fn weekly_update_then_closure_with_evidence() {
    let dir = tempdir();
    let path = example_in(dir.path());
    let original = dir.path().join("original.xlsx");
    std::fs::copy(&path, &original).expect("copy");

    // Before: POAM-MP-001 is overdue (due 2026-11-10).
    let json = validate_json(dir.path(), "poam.xlsx", &[]);
    assert_eq!(finding_places(&json, &["overdue"]), vec!["overdue@J15"]);

    // The owner's weekly update.
    let out = ok(&poam(
        dir.path(),
        &[
            "set",
            "poam.xlsx",
            "POAM-MP-001",
            "--status",
            "Delayed",
            "--completion",
            "2026-12-18",
            "--milestone",
            "2026-12-11: Shredding vendor destroys the USB disk",
            "--comment",
            "2026-11-27: vendor pickup moved to 2026-12-11",
            "--as-of",
            "2026-11-27",
        ],
    ));
    assert_eq!(
        out,
        "POA&M!K15: \"In Progress\" → \"Delayed\"\n\
         POA&M!L15: \"2026-11-12\" → \"2026-11-27\"\n\
         POA&M!J15: \"2026-11-10\" → \"2026-12-18\"\n\
         POA&M!I15: \"[x] 2026-09-30: Wasabi account and immutable bucket created\\n[x] \
         2026-10-21: Encrypted copy job running nightly\\n[x] 2026-11-04: Restore test from \
         the cloud copy\" → \"[x] 2026-09-30: Wasabi account and immutable bucket created\\n\
         [x] 2026-10-21: Encrypted copy job running nightly\\n[x] 2026-11-04: Restore test \
         from the cloud copy\\n2026-12-11: Shredding vendor destroys the USB disk\"\n\
         POA&M!N15: \"USB disk destruction waits for the shredding vendor's pickup.\" → \"USB \
         disk destruction waits for the shredding vendor's pickup.\\n2026-11-27: vendor pickup \
         moved to 2026-12-11\"\n\
         updated poam.xlsx\n"
    );
    assert_eq!(
        changed_entries(&original, &path),
        vec!["xl/worksheets/sheet1.xml".to_owned()]
    );
    let json = validate_json(dir.path(), "poam.xlsx", &[]);
    assert_eq!(finding_places(&json, &["overdue"]), Vec::<String>::new());
    assert_eq!(json["items"]["total"], 14);

    // The closure, with its evidence hashed.
    for file in [
        "evidence/MP/3.8.9-veeam-copy-job.png",
        "evidence/MP/3.8.9-restore-test-2026-11-04.pdf",
        "evidence/MP/3.8.9-usb-destruction-certificate.pdf",
    ] {
        let p = dir.path().join(file);
        std::fs::create_dir_all(p.parent().expect("folder")).expect("mkdir");
        std::fs::write(p, file.as_bytes()).expect("write");
    }
    let out = ok(&poam(
        dir.path(),
        &[
            "close",
            "poam.xlsx",
            "POAM-MP-001",
            "--evidence",
            "evidence/MP/3.8.9-usb-destruction-certificate.pdf",
            "--evidence-root",
            ".",
            "--as-of",
            "2026-12-14",
        ],
    ));
    assert_eq!(
        out,
        "POA&M!K15: \"Delayed\" → \"Closed\"\n\
         POA&M!L15: \"2026-11-27\" → \"2026-12-14\"\n\
         POA&M!M15: \"evidence/MP/3.8.9-veeam-copy-job.png\\nevidence/MP/3.8.9-restore-test-\
         2026-11-04.pdf\" → \"evidence/MP/3.8.9-veeam-copy-job.png\\nevidence/MP/3.8.9-restore-\
         test-2026-11-04.pdf\\nevidence/MP/3.8.9-usb-destruction-certificate.pdf\"\n\
         updated poam.xlsx\n\
         recorded 3 evidence hash(es) in poam-evidence.json\n"
    );
    assert_eq!(
        changed_entries(&original, &path),
        vec!["xl/worksheets/sheet1.xml".to_owned()]
    );
    let json = validate_json(
        dir.path(),
        "poam.xlsx",
        &["--evidence-manifest", "poam-evidence.json"],
    );
    assert_eq!(json["items"]["closed"], 3);
    assert_eq!(
        finding_places(&json, &["evidence-changed", "evidence-not-found"]),
        Vec::<String>::new()
    );

    // A quarter later, someone overwrote the certificate.
    std::fs::write(
        dir.path()
            .join("evidence/MP/3.8.9-usb-destruction-certificate.pdf"),
        b"draft",
    )
    .expect("write");
    let json = validate_json(
        dir.path(),
        "poam.xlsx",
        &["--evidence-manifest", "poam-evidence.json"],
    );
    assert_eq!(
        finding_places(&json, &["evidence-changed", "evidence-not-found"]),
        vec!["evidence-changed@M15"]
    );
}

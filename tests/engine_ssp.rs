//! Reading an SSP file: header below a title block, two requirement columns, a duplicate
//! row, an unknown status, a reference that is not a requirement (fixture
//! tests/fixtures/engine/ssp_messy.csv).

use poam::engine::{self, EngineOptions, SspStatus};
use std::path::Path;

fn messy() -> poam::engine::Ssp {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engine/ssp_messy.csv");
    engine::read_ssp(&path, "ssp_messy.csv", None).expect("the messy SSP is usable")
}

#[test]
fn messy_ssp_entries_statuses_and_cells() {
    let ssp = messy();
    let got: Vec<_> = ssp
        .entries
        .iter()
        .map(|e| {
            (
                e.requirement.id.as_str(),
                e.status.clone(),
                e.location.row,
                e.location.column,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("3.1.1", SspStatus::Met, Some(4), Some(3)),
            ("3.1.3", SspStatus::NotMet, Some(5), Some(3)),
            ("3.5.3", SspStatus::Partial, Some(8), Some(3)),
            ("3.13.11", SspStatus::Partial, Some(9), Some(3)),
            ("3.13.5", SspStatus::NotApplicable, Some(10), Some(3)),
            (
                "3.12.4",
                SspStatus::Unknown("Mostly done".into()),
                Some(12),
                Some(3)
            ),
        ]
    );
    assert_eq!(
        ssp.notes,
        [
            "3.1.3 is listed on rows 5 and 7; the worse status (NOT MET, row 5) counts",
            "row 11: \"3.15.1\" is not a NIST SP 800-171 requirement id; the row was ignored",
        ]
    );
    assert_eq!(ssp.missing(2).len(), 104);
    let missing_l1: Vec<_> = ssp.missing(1).iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        missing_l1.len(),
        15,
        "3.1.1 and 3.13.5 are Level 1 and listed"
    );
    assert_eq!(missing_l1[0], "3.1.2");
}

#[test]
fn messy_ssp_has_no_score_because_3_12_4_is_unknown() {
    let ssp = messy();
    let poam = poam::model::Poam {
        file: "empty.csv".into(),
        format: poam::model::SourceFormat::Csv,
        sheet: None,
        header_row: 1,
        columns: Default::default(),
        items: Vec::new(),
        notes: Vec::new(),
    };
    let opts = EngineOptions {
        level: 2,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date"),
        conditional_date: None,
    };
    let a = engine::assess(&poam, Some(&ssp), &opts);
    assert_eq!(a.score, None);
    // 104 absent + 3.1.3 + 3.5.3 + 3.13.11 + 3.12.4.
    assert_eq!(a.not_met.len(), 108);
    assert_eq!(
        a.reasons[0],
        "score-unavailable: 3.12.4 is NOT MET, so no score can be given"
    );
}

#[test]
fn an_ssp_of_800_53_ids_is_refused() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realworld/cmmc/03_Assessment_Sheet.xlsx");
    if !path.exists() {
        eprintln!("skipped: ../shared is absent");
        return;
    }
    // Control IDs such as AC-1 are NIST SP 800-53, not 800-171: nothing to score.
    let err = engine::read_ssp(&path, "03_Assessment_Sheet.xlsx", None)
        .expect_err("no 800-171 requirement in it");
    let message = err.to_string();
    assert!(
        message.starts_with("03_Assessment_Sheet.xlsx: "),
        "{message}"
    );
    assert!(message.contains("Control ID"), "{message}");
}

#[test]
fn an_ssp_without_a_header_row_names_the_headers_expected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ssp = dir.path().join("ssp.csv");
    std::fs::write(&ssp, "Practice Name,Notes\nAccess control,fine\n").expect("ssp written");
    let out = assert_cmd::Command::cargo_bin("poam")
        .expect("the poam binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate", "examples/poam.csv", "--no-config", "--ssp"])
        .arg(&ssp)
        .output()
        .expect("poam runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "expected a row with column headers such as 'Requirement ID' or 'Control ID', \
             and 'Implementation Status' or 'Status'"
        ),
        "{err}"
    );
    assert!(!err.contains("described in the documentation"), "{err}");
}

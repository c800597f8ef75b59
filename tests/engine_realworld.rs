//! The engine on real files nobody on the team wrote (../shared/realworld, SOURCES.md §3):
//! `cmmc_level_2_control_matrix.csv` read as an SSP, and `poam_tracker.csv`, its POA&M.
//! Skipped when ../shared is absent (a user's clone).

use poam::engine::{self, Basis, EngineOptions, SspStatus};
use poam::io::{load_poam, LoadOptions};
use std::path::{Path, PathBuf};

fn realworld(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realworld/cmmc")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared is absent");
        None
    }
}

fn options() -> EngineOptions {
    EngineOptions {
        level: 2,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date"),
        conditional_date: None,
    }
}

/// The 14 NOT MET requirements of the matrix, in catalog order.
const NOT_MET: [&str; 14] = [
    "3.1.5", "3.1.12", "3.3.3", "3.4.1", "3.4.8", "3.5.6", "3.6.3", "3.8.5", "3.10.4", "3.11.2",
    "3.12.1", "3.13.7", "3.14.3", "3.14.6",
];

/// 110 − (3 + 5 + 1 + 5 + 5 + 1 + 1 + 1 + 1 + 5 + 5 + 1 + 5 + 5) = 110 − 44 = 66, from the
/// values of nist171r2.csv (DoD Assessment Methodology Annex A). 3.13.5 and 3.13.14 are
/// NOT APPLICABLE, which counts MET (32 CFR 170.24(b)).
const EXPECTED_SCORE: i32 = 66;

#[test]
fn control_matrix_reads_as_an_ssp() {
    let Some(path) = realworld("cmmc_level_2_control_matrix.csv") else {
        return;
    };
    let ssp = engine::read_ssp(&path, "cmmc_level_2_control_matrix.csv", None)
        .expect("the control matrix is a usable SSP");
    assert_eq!(ssp.entries.len(), 110);
    assert!(ssp.missing(2).is_empty());
    assert!(ssp.notes.is_empty(), "{:?}", ssp.notes);
    let count = |s: SspStatus| ssp.entries.iter().filter(|e| e.status == s).count();
    assert_eq!(count(SspStatus::Met), 94);
    assert_eq!(count(SspStatus::NotMet), 14);
    assert_eq!(count(SspStatus::NotApplicable), 2);
    // `Control ID` (ids, column A) wins over `Requirement` (names, column C); the status is
    // `Assessment Status`, column D; AC.L2-3.1.5 is on line 6.
    let e = ssp.status_of("3.1.5").expect("3.1.5 is listed");
    assert_eq!(e.status, SspStatus::NotMet);
    assert_eq!((e.location.row, e.location.column), (Some(6), Some(3)));
    assert_eq!(ssp.sheet, None);
}

#[test]
fn control_matrix_scores_66_and_lists_every_blocker() {
    let Some(path) = realworld("cmmc_level_2_control_matrix.csv") else {
        return;
    };
    let ssp = engine::read_ssp(&path, "matrix.csv", None).expect("usable SSP");
    let Some(tracker) = realworld("poam_tracker.csv") else {
        return;
    };
    let poam = load_poam(&tracker, "poam_tracker.csv", &LoadOptions::default())
        .expect("poam_tracker.csv is a usable POA&M");
    let a = engine::assess(&poam, Some(&ssp), &options());
    assert_eq!(a.basis, Basis::Ssp);
    assert_eq!(a.score, Some(EXPECTED_SCORE));
    assert_eq!(a.not_met_ids(), NOT_MET);
    assert!(
        a.not_met.iter().all(|n| n.on_poam),
        "the tracker has an item for each"
    );
    assert!(!a.conditional_reachable);
    assert!(!a.is_final);
    assert_eq!(
        a.reasons,
        [
            "score-below-threshold: score 66 is below 88",
            "poam-ineligible: 3.1.5 is worth 3 points",
            "poam-ineligible: 3.1.12 is worth 5 points",
            "poam-ineligible: 3.4.1 is worth 5 points",
            "poam-ineligible: 3.4.8 is worth 5 points",
            "poam-excluded: 3.10.4 may never be on a POA&M",
            "poam-ineligible: 3.11.2 is worth 5 points",
            "poam-ineligible: 3.12.1 is worth 5 points",
            "poam-ineligible: 3.14.3 is worth 5 points",
            "poam-ineligible: 3.14.6 is worth 5 points",
        ]
    );
    assert!(a.assumptions.is_empty(), "{:?}", a.assumptions);
}

#[test]
fn control_matrix_without_its_poam_misses_the_one_pointers() {
    let Some(path) = realworld("cmmc_level_2_control_matrix.csv") else {
        return;
    };
    let ssp = engine::read_ssp(&path, "matrix.csv", None).expect("usable SSP");
    let empty = poam::model::Poam {
        file: "empty.csv".into(),
        format: poam::model::SourceFormat::Csv,
        sheet: None,
        header_row: 1,
        columns: Default::default(),
        items: Vec::new(),
        notes: Vec::new(),
    };
    let a = engine::assess(&empty, Some(&ssp), &options());
    assert_eq!(a.score, Some(EXPECTED_SCORE));
    let missing: Vec<_> = a
        .reasons
        .iter()
        .filter(|r| r.starts_with("not-met-missing-item"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        missing,
        [
            "not-met-missing-item: 3.3.3 is NOT MET and has no open POA&M item",
            "not-met-missing-item: 3.5.6 is NOT MET and has no open POA&M item",
            "not-met-missing-item: 3.6.3 is NOT MET and has no open POA&M item",
            "not-met-missing-item: 3.8.5 is NOT MET and has no open POA&M item",
            "not-met-missing-item: 3.13.7 is NOT MET and has no open POA&M item",
        ]
    );
}

//! Reading the real POA&M-like files collected in ../shared/realworld (SOURCES.md): item
//! counts, header rows, sheet choice and a few parsed values. Each test is skipped when
//! ../shared is absent (a user's clone of the repository has no ../shared).

use chrono::NaiveDate;
use poam::io::{load_poam, InputError, LoadOptions};
use poam::model::{DateValue, Field, Poam};
use std::path::{Path, PathBuf};

fn realworld(rel: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    if !root.is_dir() {
        println!("skipped: ../shared is absent");
        return None;
    }
    Some(root.join(rel))
}

fn load(rel: &str, sheet: Option<&str>) -> Option<Result<Poam, InputError>> {
    let path = realworld(rel)?;
    let opts = LoadOptions {
        sheet: sheet.map(str::to_owned),
        ..LoadOptions::default()
    };
    Some(load_poam(&path, rel, &opts))
}

fn poam(rel: &str, sheet: Option<&str>) -> Option<Poam> {
    match load(rel, sheet)? {
        Ok(p) => Some(p),
        Err(e) => panic!("{rel} should load: {e}"),
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<DateValue> {
    NaiveDate::from_ymd_opt(y, m, d).map(DateValue::Date)
}

#[test]
fn fedramp_template_has_one_example_item_under_help_rows() {
    let Some(p) = poam("fedramp/FedRAMP-POAM-Template.xlsx", None) else {
        return;
    };
    assert_eq!(p.sheet.as_deref(), Some("Open POA&M Items"));
    assert_eq!(p.header_row, 5);
    // Rows 6 (descriptions) and 7 (formats) are help; 4,014 formula rows are blank.
    assert_eq!(p.items.len(), 1);
    let item = &p.items[0];
    assert_eq!(item.row, 8);
    assert_eq!(item.id.as_deref(), Some("V-1Example"));
    assert_eq!(item.control_text.as_deref(), Some("AC-1"));
    assert_eq!(
        item.weakness.as_deref(),
        Some("Open port on Example Firewall")
    );
    assert_eq!(item.start, date(2014, 5, 5));
    assert_eq!(item.completion, date(2014, 8, 3));
    assert_eq!(item.status_date, date(2014, 8, 5));
    // "(1) 2014/05/23: Milestone Description\n\n(2) 2014-06-12: Milestone \nDescription"
    assert_eq!(item.milestones.len(), 2);
    assert_eq!(item.milestones[0].number, Some(1));
    assert_eq!(item.milestones[0].date, date(2014, 5, 23));
    assert_eq!(item.milestones[1].date, date(2014, 6, 12));
    assert_eq!(item.milestone_changes.len(), 2);
    assert_eq!(item.milestone_changes[1].number, Some(3));
    assert_eq!(
        item.evidence,
        vec![
            "Remediation Evidence : filename.doc",
            "Deviation Request : DR-123-Example-1.doc"
        ]
    );
    assert_eq!(p.columns.column(Field::Weakness), Some(2)); // C Weakness Name
    assert_eq!(p.columns.column(Field::Severity), Some(18)); // S Original Risk Rating
    assert_eq!(p.columns.column(Field::AdjustedSeverity), Some(19)); // T
    assert_eq!(p.columns.column(Field::Evidence), Some(24)); // Y Supporting Documents
    assert!(p
        .columns
        .unknown
        .contains(&(3, "Weakness Description".to_owned())));
    assert!(
        p.notes.iter().any(|n| n.contains("rows 6 and 7")),
        "notes: {:?}",
        p.notes
    );
}

/// The current eMASS templates: the `POA&M` sheet is empty, `Example` has 4 items.
fn check_emass_service_template(rel: &str) {
    let Some(p) = poam(rel, None) else {
        return;
    };
    assert_eq!(p.sheet.as_deref(), Some("POA&M"));
    assert_eq!(p.header_row, 7);
    assert_eq!(p.items.len(), 0);
    assert_eq!(
        p.notes,
        vec!["sheet 'POA&M' has no items; sheet 'Example' has 4 — use --sheet Example"]
    );

    let Some(ex) = poam(rel, Some("Example")) else {
        return;
    };
    assert_eq!(ex.sheet.as_deref(), Some("Example"));
    assert_eq!(ex.items.len(), 4);
    assert_eq!(
        ex.items.iter().map(|i| i.row).collect::<Vec<_>>(),
        vec![8, 11, 12, 13]
    );
    let first = &ex.items[0];
    assert_eq!(first.id.as_deref(), Some("1"));
    assert_eq!(first.milestones.len(), 3);
    assert_eq!(
        first.milestones.iter().map(|m| m.row).collect::<Vec<_>>(),
        vec![8, 9, 10]
    );
    assert_eq!(first.milestones[0].text, "Implement Procedure A");
    assert_eq!(first.milestones[0].date, date(2025, 11, 5));
    assert_eq!(first.milestones[1].number, Some(2));
    assert_eq!(
        first.milestones.iter().map(|m| m.done).collect::<Vec<_>>(),
        vec![true, false, false]
    );
    assert_eq!(first.completion, date(2025, 11, 23));
    assert_eq!(ex.columns.column(Field::Id), Some(1)); // B, column A is empty
    assert_eq!(ex.columns.column(Field::ClosedDate), Some(8)); // I POA&M Completion Date
    assert_eq!(ex.items[2].closed_date, date(2025, 11, 3));
}

#[test]
fn navy_emass_template() {
    check_emass_service_template("emass/NAVY_eMASS_TEMPLATE.xlsx");
}

#[test]
fn army_emass_template() {
    check_emass_service_template("emass/ARMY_eMASS_TEMPLATE.xlsx");
}

#[test]
fn marine_corps_emass_template() {
    check_emass_service_template("emass/MARINE_CORPS_eMASS_TEMPLATE.xlsx");
}

#[test]
fn older_emass_template_has_three_example_items() {
    let rel = "emass/eMASS_Template.xlsx";
    let Some(p) = poam(rel, None) else {
        return;
    };
    assert_eq!(p.sheet.as_deref(), Some("POA&M"));
    assert_eq!(p.items.len(), 0);
    assert_eq!(
        p.notes,
        vec!["sheet 'POA&M' has no items; sheet 'Example' has 3 — use --sheet Example"]
    );
    let Some(ex) = poam(rel, Some("example")) else {
        return;
    };
    assert_eq!(ex.sheet.as_deref(), Some("Example"), "--sheet ignores case");
    assert_eq!(ex.items.len(), 3);
    assert_eq!(ex.items[0].milestones.len(), 3);
    assert_eq!(
        ex.items[0]
            .milestones
            .iter()
            .map(|m| m.row)
            .collect::<Vec<_>>(),
        vec![8, 9, 10]
    );
    // "Implement Procedure A 10/25/2018": the date is in the text; I holds the number.
    let first = &ex.items[0].milestones;
    assert_eq!(first[0].date, date(2018, 10, 25));
    assert_eq!(first[2].date, date(2018, 11, 5));
    assert_eq!(
        first.iter().map(|m| m.number).collect::<Vec<_>>(),
        vec![Some(1), Some(2), Some(3)]
    );
    // Milestones and Milestone Changes are both free text in this older layout.
    assert_eq!(ex.columns.column(Field::Milestones), Some(9)); // J
    assert_eq!(ex.columns.column(Field::MilestoneChanges), Some(10)); // K
}

#[test]
fn emass_export_sample_has_no_poam_sheet_and_no_items() {
    let Some(p) = poam("emass/POAM_Export_Sample.xlsx", None) else {
        return;
    };
    assert_eq!(p.sheet.as_deref(), Some("Example"));
    assert_eq!(p.header_row, 7);
    assert_eq!(p.columns.column(Field::Weakness), Some(0)); // A, header from column A
    assert_eq!(p.columns.column(Field::Control), Some(2)); // C Security Control Number
    assert_eq!(p.columns.column(Field::Severity), Some(12)); // M ' Raw Severity'
    assert_eq!(p.items.len(), 0);
    assert!(p.notes.is_empty(), "notes: {:?}", p.notes);
}

#[test]
fn agency_workbook_chooses_poam_over_cover() {
    let Some(p) = poam("other/test-poam-workbook.xlsx", None) else {
        return;
    };
    assert_eq!(p.sheet.as_deref(), Some("POA&M"));
    assert_eq!(p.header_row, 1);
    assert_eq!(p.items.len(), 10);
    assert_eq!(p.items[0].id.as_deref(), Some("POAM-2024-001"));
    assert_eq!(p.items[9].row, 11);
    assert_eq!(p.columns.column(Field::Weakness), Some(3)); // D Vulnerability Name
    assert_eq!(p.columns.column(Field::Completion), Some(12)); // M Updated …
    assert_eq!(p.columns.column(Field::ClosedDate), Some(13)); // N Actual …
    assert_eq!(p.columns.column(Field::Remediation), Some(16)); // Q Mitigation
    assert_eq!(p.items[4].closed_date, date(2024, 12, 15));
}

#[test]
fn xacta_csv_header_on_line_12() {
    let Some(p) = poam("xacta/POAM-XACTA-Example.csv", None) else {
        return;
    };
    assert_eq!(p.sheet, None);
    assert_eq!(p.header_row, 12);
    // The quoted header cell "Risk Level\n(Low/Med/High)" spans lines 12–13, so the one
    // item's record starts on line 14; the 20 empty records after it are not items.
    assert_eq!(p.items.len(), 1);
    let item = &p.items[0];
    assert_eq!(item.row, 14);
    assert_eq!(item.id.as_deref(), Some("26-O-0001"));
    assert_eq!(item.control_text.as_deref(), Some("AC2"));
    assert_eq!(item.completion, date(2026, 1, 22));
    // The quoted milestones cell spans two lines: two milestones, both on the item's row.
    assert_eq!(item.milestones.len(), 2);
    assert_eq!(item.milestones[1].date, date(2026, 1, 15));
    assert!(item.milestones.iter().all(|m| m.row == 14));
    assert_eq!(p.columns.column(Field::Severity), Some(9)); // Risk Level (Low/Med/High)
    assert_eq!(p.columns.column(Field::Status), Some(11)); // "Status " with a space
    assert_eq!(p.columns.column(Field::Resources), Some(4)); // not Estimated Cost
}

#[test]
fn cmmc_poam_tracker_csv() {
    let Some(p) = poam("cmmc/poam_tracker.csv", None) else {
        return;
    };
    assert_eq!(p.header_row, 1);
    assert_eq!(p.items.len(), 14);
    assert_eq!(p.items[0].id.as_deref(), Some("P-001"));
    assert_eq!(p.items[0].row, 2);
    assert_eq!(p.items[13].row, 15);
    assert_eq!(p.items[0].completion, date(2026, 10, 15));
    assert_eq!(p.columns.column(Field::Severity), Some(6)); // Priority
    assert_eq!(p.columns.column(Field::Evidence), Some(9)); // Closure Evidence
}

#[test]
fn cmmc_control_matrix_csv() {
    let Some(p) = poam("cmmc/cmmc_level_2_control_matrix.csv", None) else {
        return;
    };
    assert_eq!(p.items.len(), 110);
    assert_eq!(p.columns.column(Field::Control), Some(0)); // Control ID, not Requirement
    assert_eq!(p.items[0].control_text.as_deref(), Some("AC.L2-3.1.1"));
}

#[test]
fn nist_controls_matrix_csv_with_short_records() {
    let Some(p) = poam("cmmc/nist-800-171-controls-matrix.csv", None) else {
        return;
    };
    // Every record has 10 fields against 11 in the header.
    assert_eq!(p.items.len(), 110);
    assert_eq!(p.items[0].control_text.as_deref(), Some("3.1.1"));
    assert_eq!(p.items[109].row, 111);
}

#[test]
fn assessment_score_sheet_totals_row_is_not_an_item() {
    let Some(p) = poam("cmmc/03_Assessment_Score_Sheet.xlsx", None) else {
        return;
    };
    // Row 33 holds "Total" under Control Family and two sums: no mapped field.
    assert_eq!(p.items.len(), 31);
    assert_eq!(p.items[30].row, 32);
}

#[test]
fn assessment_sheet() {
    let Some(p) = poam("cmmc/03_Assessment_Sheet.xlsx", None) else {
        return;
    };
    assert_eq!(p.items.len(), 11);
}

#[test]
fn markdown_with_an_xlsx_name_is_refused() {
    let Some(result) = load("cmmc/04_POAM.xlsx", None) else {
        return;
    };
    match result {
        Err(e @ InputError::NotAWorkbook { .. }) => {
            let message = e.to_string();
            assert!(
                message.starts_with("cmmc/04_POAM.xlsx has a .xlsx name"),
                "{message}"
            );
            assert!(message.contains("Markdown"), "{message}");
        }
        other => panic!("expected NotAWorkbook, got {other:?}"),
    }
}

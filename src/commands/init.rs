//! `poam init FILE.xlsx|FILE.csv [--force]`: a blank POA&M that `poam validate` reads with
//! every field mapped (PRODUCT.md §6).
//!
//! The workbook has a `POA&M` sheet (first, so it is the sheet `poam` picks) with one
//! column per canonical field, dropdowns for status and severity, date validation and a
//! `yyyy-mm-dd` format on the date columns, a frozen header and set widths; and a `Catalog`
//! sheet of the 110 requirements with their value and whether they may be on a POA&M.
//! A CSV gets the header line only.

use crate::catalog::{self, Requirement};
use crate::cli::InitArgs;
use crate::io::patch::write_atomically;
use crate::model::Field;
use anyhow::{anyhow, Context as _};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// The POA&M sheet's name.
pub const POAM_SHEET: &str = "POA&M";
/// The catalog sheet's name.
pub const CATALOG_SHEET: &str = "Catalog";

/// The header: canonical names, each an alias of its field in `io::columns::ALIASES`
/// (a unit test checks that), with a column width in characters.
pub const COLUMNS: &[(&str, Field, f64)] = &[
    ("ID", Field::Id, 16.0),
    ("Requirement", Field::Control, 16.0),
    ("Weakness", Field::Weakness, 48.0),
    ("Severity", Field::Severity, 11.0),
    ("Remediation Plan", Field::Remediation, 48.0),
    ("Owner", Field::Owner, 26.0),
    ("Supporting Owner", Field::SupportingOwner, 22.0),
    ("Resources Required", Field::Resources, 24.0),
    ("Start Date", Field::Start, 12.0),
    ("Milestones", Field::Milestones, 48.0),
    ("Milestone Changes", Field::MilestoneChanges, 32.0),
    ("Scheduled Completion Date", Field::Completion, 14.0),
    ("Status", Field::Status, 13.0),
    ("Status Date", Field::StatusDate, 12.0),
    ("Verification Evidence", Field::Evidence, 40.0),
    ("Comments", Field::Comments, 32.0),
];

/// The status dropdown: the CMMC vocabulary. "Risk Accepted" is left out on purpose: it
/// is not a way to meet a CMMC requirement (rule `risk-accepted`; 32 CFR 170.24(b)).
pub const STATUS_CHOICES: &[&str] = &["Open", "In Progress", "Delayed", "Closed"];
/// The severity dropdown (PRODUCT.md §2).
pub const SEVERITY_CHOICES: &[&str] = &["Low", "Moderate", "High", "Critical"];

/// Rows 2 … this carry the dropdowns and date validation (1-based, inclusive).
const VALIDATED_ROWS: u32 = 1000;

/// The catalog sheet's header. Chosen so that at most one of them is a POA&M header alias,
/// so `poam validate` never takes the catalog for a POA&M (a unit test checks that).
pub const CATALOG_COLUMNS: &[(&str, f64)] = &[
    ("NIST SP 800-171 Rev 2", 12.0),
    ("CMMC Level 2 identifier", 18.0),
    ("Family", 8.0),
    ("Name", 44.0),
    ("Value (points)", 9.0),
    ("Partial value", 9.0),
    ("POA&M eligibility", 44.0),
];

pub fn run(args: &InitArgs) -> anyhow::Result<i32> {
    let path = args.file.as_path();
    let display = path.display().to_string();
    if path.exists() && !args.force {
        return Err(anyhow!(
            "{display} already exists and was not changed; give --force to replace it with a \
             blank POA&M"
        ));
    }
    let bytes = match kind_of(path) {
        Some(Kind::Xlsx) => blank_workbook().map_err(|e| anyhow!("{display}: {e}"))?,
        Some(Kind::Csv) => blank_csv(),
        None => {
            return Err(anyhow!(
                "{display}: give a file name ending in .xlsx or .csv for the blank POA&M"
            ))
        }
    };
    write_atomically(path, &bytes, false)
        .with_context(|| format!("{display} could not be written"))?;
    super::emit(
        None,
        &format!(
            "wrote a blank POA&M to {display} ({} columns{}); fill it in, then run \
             `poam validate {display}`\n",
            COLUMNS.len(),
            match kind_of(path) {
                Some(Kind::Xlsx) => ", sheets 'POA&M' and 'Catalog'",
                _ => "",
            }
        ),
    )?;
    Ok(0)
}

enum Kind {
    Xlsx,
    Csv,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" => Some(Kind::Xlsx),
        "csv" => Some(Kind::Csv),
        _ => None,
    }
}

/// The header line, comma-separated, with a final newline.
pub fn blank_csv() -> Vec<u8> {
    let names: Vec<&str> = COLUMNS.iter().map(|(name, _, _)| *name).collect();
    format!("{}\n", names.join(",")).into_bytes()
}

/// The blank workbook's bytes.
pub fn blank_workbook() -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let poam = workbook.add_worksheet();
    write_poam_sheet(poam)?;
    let catalog = workbook.add_worksheet();
    write_catalog_sheet(catalog)?;
    workbook.save_to_buffer()
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(0xD9E1F2)
}

fn write_poam_sheet(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_name(POAM_SHEET)?;
    let header = header_format();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (col, (name, field, width)) in (0u16..).zip(COLUMNS) {
        ws.write_string_with_format(0, col, *name, &header)?;
        ws.set_column_width(col, *width)?;
        if field.is_date() {
            ws.set_column_format(col, &date)?;
            ws.add_data_validation(1, col, VALIDATED_ROWS - 1, col, &date_validation()?)?;
        } else {
            ws.set_column_format(col, &wrap)?;
        }
        match field {
            Field::Status => {
                let dv = list_validation(STATUS_CHOICES, "Status")?;
                ws.add_data_validation(1, col, VALIDATED_ROWS - 1, col, &dv)?;
            }
            Field::Severity => {
                let dv = list_validation(SEVERITY_CHOICES, "Severity")?;
                ws.add_data_validation(1, col, VALIDATED_ROWS - 1, col, &dv)?;
            }
            _ => {}
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn list_validation(choices: &[&str], what: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(choices)?
        .set_error_title(format!("{what} not in the list"))?
        .set_error_message(format!("Choose one of: {}.", choices.join(", ")))
}

/// Dates between 2000-01-01 and 2099-12-31: catches a year typed with two digits or a
/// number typed into a date column.
fn date_validation() -> Result<DataValidation, XlsxError> {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(2000, 1, 1),
        NaiveDate::from_ymd_opt(2099, 12, 31),
    ) else {
        return Err(XlsxError::ParameterError("date range".into()));
    };
    DataValidation::new()
        .allow_date(DataValidationRule::Between(first, last))
        .set_input_message("A date, YYYY-MM-DD")?
        .set_error_title("Not a date")?
        .set_error_message("Enter a date as YYYY-MM-DD (for example 2026-12-31).")
}

fn write_catalog_sheet(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_name(CATALOG_SHEET)?;
    let header = header_format();
    for (col, (name, width)) in (0u16..).zip(CATALOG_COLUMNS) {
        ws.write_string_with_format(0, col, *name, &header)?;
        ws.set_column_width(col, *width)?;
    }
    for (row, req) in (1u32..).zip(catalog::catalog().level2()) {
        ws.write_string(row, 0, &req.id)?;
        ws.write_string(row, 1, &req.cmmc_id)?;
        ws.write_string(row, 2, &req.family)?;
        ws.write_string(row, 3, &req.name)?;
        match req.points {
            Some(p) => ws.write_number(row, 4, p)?,
            // 3.12.4 has no value: the Methodology's Annex A writes "NA"; NOT MET means no
            // score at all (DoD Assessment Methodology v1.2.1 §5(g)(i)).
            None => ws.write_string(row, 4, "NA")?,
        };
        if let Some(p) = req.partial_points {
            ws.write_number(row, 5, p)?;
        }
        ws.write_string(row, 6, eligibility(req))?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Whether a requirement, NOT MET, may be on a Level 2 POA&M (32 CFR 170.21(a)(2)).
pub fn eligibility(req: &Requirement) -> String {
    if req.poam_excluded {
        // The six requirements 170.21(a)(2)(iii) names, whatever their value.
        return "never (32 CFR 170.21(a)(2)(iii))".to_owned();
    }
    if req.id == "3.13.11" {
        // 170.21(a)(2)(ii): the one exception to the 1-point rule.
        return "only when encryption is employed but not FIPS-validated".to_owned();
    }
    match req.points {
        Some(1) => "eligible".to_owned(),
        Some(n) => format!("no: worth {n} points"),
        None => "never (32 CFR 170.21(a)(2)(iii))".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::columns::classify_header;

    #[test]
    fn every_header_maps_to_its_field() {
        for (name, field, _) in COLUMNS {
            assert_eq!(
                classify_header(name, &[]).map(|(f, _)| f),
                Some(*field),
                "{name}"
            );
        }
    }

    #[test]
    fn the_catalog_header_is_not_a_poam_header() {
        let mapped: Vec<&str> = CATALOG_COLUMNS
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| classify_header(name, &[]).is_some())
            .collect();
        assert!(mapped.len() <= 1, "{mapped:?}");
    }

    #[test]
    fn eligibility_follows_32_cfr_170_21() {
        let text = |id: &str| {
            catalog::catalog()
                .get(id)
                .map(eligibility)
                .unwrap_or_default()
        };
        assert_eq!(text("3.1.8"), "eligible");
        assert_eq!(text("3.1.20"), "never (32 CFR 170.21(a)(2)(iii))");
        assert_eq!(text("3.12.4"), "never (32 CFR 170.21(a)(2)(iii))");
        assert_eq!(
            text("3.13.11"),
            "only when encryption is employed but not FIPS-validated"
        );
        assert_eq!(text("3.5.3"), "no: worth 5 points");
        assert_eq!(text("3.1.1"), "no: worth 5 points");
        assert_eq!(text("3.1.5"), "no: worth 3 points");
    }
}

//! Reading files into rows of cells, finding the header, and building a `Poam`.
//! `io` knows nothing of rules. OWNER: io helper.

pub mod cell;
pub mod columns;
pub mod error;

pub use error::InputError;

use crate::model::{Field, Poam};
use cell::Row;
use std::path::Path;

/// How to read a POA&M.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--sheet`: read this sheet, else the one whose header matches best.
    pub sheet: Option<String>,
    /// Extra header aliases (from a config file later): (header text, field).
    pub extra_aliases: Vec<(String, Field)>,
}

/// Read a POA&M file (CSV, XLSX/XLSM, XLS, ODS). `display` is the path as the user gave
/// it, used in every message.
pub fn load_poam(path: &Path, display: &str, opts: &LoadOptions) -> Result<Poam, InputError> {
    let _ = (path, display, opts);
    Err(InputError::Other {
        file: display.to_owned(),
        message: "not implemented".into(),
    })
}

/// A whole sheet read with a caller-chosen header vocabulary (the SSP reader uses this).
#[derive(Debug, Clone)]
pub struct Table {
    pub sheet: Option<String>,
    pub date1904: bool,
    pub header_row: u32,
    /// (key chosen by the classifier, 0-based column, header text)
    pub header: Vec<(usize, u32, String)>,
    /// The non-blank rows under the header.
    pub rows: Vec<Row>,
}

/// Read the sheet `sheet` (else the best-matching one) whose header row, within the first
/// 30 rows, has the most distinct keys from `classify(header_cell_text)`. `required` keys
/// must all be present for a row to count as the header.
pub fn read_table(
    path: &Path,
    display: &str,
    sheet: Option<&str>,
    classify: &dyn Fn(&str) -> Option<usize>,
    required: &[usize],
) -> Result<Table, InputError> {
    let _ = (path, sheet, classify, required);
    Err(InputError::Other {
        file: display.to_owned(),
        message: "not implemented".into(),
    })
}

//! Write-back: change a few cells of an existing POA&M file and leave every other byte alone.
//! OWNER: patch helper. Used by `poam set`, `poam close` and `poam add` (PRODUCT.md §6).
//!
//! The functions here are pure (bytes in, bytes out); the caller writes the result with
//! [`write_atomically`], so a refusal always leaves the file byte-identical.
//!
//! # XLSX ([`patch_xlsx`], [`append_xlsx_row`])
//! * The sheet part is found through `_rels/.rels` → workbook → `workbook.xml.rels`
//!   (absolute or relative targets; prefixed strict-OOXML names), never by guessing
//!   `sheetN.xml` (crates.md §2 "What Excel needs", rule 1).
//! * The zip container is rebuilt by a byte-exact copier (crates.md §2 spike): every
//!   untouched entry's whole local record (header, data, data descriptor, padding) is copied
//!   verbatim in its original order; central-directory records are copied verbatim with only
//!   the local-header offset patched; the EOCD keeps the archive comment. A rewritten entry
//!   keeps its original local header and CD record (name, time, extra fields, attributes);
//!   only method/CRC/sizes/offset change and its data descriptor is dropped.
//! * Parts that can change, and only when needed:
//!   - the edited worksheet (always);
//!   - `styles.xml`, only when a date goes into a cell whose style has no date number format:
//!     a `yyyy-mm-dd` `<numFmt>` and a copy of the cell's `<xf>` with that format are added
//!     (or existing identical ones reused);
//!   - only when an edited cell held a formula: `calcChain.xml` loses that cell's entry
//!     (the whole calcChain, its relationship and its content-type override are dropped
//!     when no entry would remain) and `workbook.xml` gains `<calcPr fullCalcOnLoad="1"/>`;
//!   - `tables/tableN.xml`, only by [`append_xlsx_row`] when the new row extends a table
//!     that ends on `after_row`;
//!   - `workbook.xml`, also when [`append_xlsx_row`] grows the sheet's autoFilter (it
//!     ends on `after_row`): the hidden `_xlnm._FilterDatabase` name follows it.
//! * An appended row is covered like the rows above it: the sheet-level `<autoFilter>` and
//!   the multi-row data-validation and conditional-format ranges (`sqref`, `x14` ones
//!   included) that end on `after_row` grow by one row; ranges that end elsewhere (a
//!   drop-down prepared down to row 204) stay.
//! * New text is an inline string (`t="inlineStr"`), never a formula, whatever it starts with;
//!   XML-escaped; control characters as `_xHHHH_`; at most 32,767 characters.
//! * Dates are serial numbers in the workbook's date system (`workbookPr date1904`).
//! * Editing the master cell of a shared formula moves the master to the next cell of the
//!   group (its formula text shifted accordingly) so the other cells keep their formula.
//!   Cells inside a multi-cell array formula are refused.
//! * Formulas that *read* an edited cell keep their cached result until the spreadsheet
//!   program recalculates: `workbook.xml` changes only when an edited cell itself held a
//!   formula (PRODUCT.md §6). calamine reports those stale cached values.
//!
//! # CSV ([`patch_csv`], [`append_csv_record`])
//! Only the edited record's bytes change; BOM, delimiter (`,` or `;`), line endings and the
//! quoting of every other record stay. Untouched fields of an edited record keep their raw
//! bytes; an edited field is quoted when it was quoted or when it needs it. Text beginning
//! with `=`, `+`, `-` or `@` is written as is and reported in [`Patched::warnings`]
//! (formula injection: the caller prints them on stderr).

mod atomic;
mod calc;
mod csv;
mod formula;
mod package;
mod sheet;
mod styles;
mod xlsx;
mod xml;
mod zipcopy;

pub use atomic::write_atomically;
pub use csv::{append_csv_record, detect_delimiter, patch_csv};
pub use xlsx::{append_xlsx_row, patch_xlsx};

use chrono::NaiveDate;

/// The longest text a cell can hold (Excel's specification and limits: 32,767 characters).
pub const MAX_CELL_CHARS: usize = 32_767;

/// The value to put in a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum NewValue {
    /// Text, always stored as text (an inline string in XLSX), never as a formula.
    Text(String),
    /// A real date: a serial number with a date format in XLSX, `YYYY-MM-DD` in CSV.
    Date(NaiveDate),
    /// A finite number.
    Number(f64),
    /// Clears the value (an XLSX cell keeps its style).
    Blank,
}

/// One cell to change. `row` is 1-based: the spreadsheet row, or for a CSV the line on which
/// the record starts, as `io` reports it (`Row::number`). `col` is 0-based.
#[derive(Debug, Clone, PartialEq)]
pub struct CellEdit {
    pub row: u32,
    pub col: u32,
    pub value: NewValue,
}

/// The result of a patch: the new file bytes plus what the caller should tell the user.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Patched {
    /// The complete new file. Write it with [`write_atomically`].
    pub bytes: Vec<u8>,
    /// Things the user should know (formula-looking text in a CSV …), one sentence each.
    pub warnings: Vec<String>,
    /// XLSX: the zip entries whose bytes changed, were added or removed (e.g.
    /// `xl/worksheets/sheet1.xml`, `xl/styles.xml`). CSV: empty.
    pub changed_parts: Vec<String>,
    /// The 1-based row (XLSX) or line (CSV) of the appended row, for the append functions.
    pub appended_row: Option<u32>,
}

/// Why a file could not be patched. The file is never changed when one is returned; each
/// message is a sentence the caller prefixes with the file name.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PatchError {
    #[error("the workbook is encrypted (password-protected); remove the password in the spreadsheet program and try again")]
    Encrypted,
    #[error("{0} files cannot be edited in place; save the workbook as .xlsx and try again")]
    UnsupportedFormat(String),
    #[error("the workbook is digitally signed (_xmlsignatures/); any edit would invalidate the signature, so it was not changed")]
    Signed,
    #[error("the workbook uses ZIP64 (larger than 4 GiB or more than 65,535 parts), which cannot be edited in place")]
    Zip64,
    #[error("the file is not a valid xlsx package: {0}")]
    BadPackage(String),
    #[error("part {part} is not well-formed XML: {message}")]
    BadXml { part: String, message: String },
    #[error("no sheet named '{sheet}' (sheets: {available})")]
    SheetNotFound { sheet: String, available: String },
    #[error("{cell}: {message}")]
    BadEdit { cell: String, message: String },
    #[error("the CSV cannot be edited: {0}")]
    BadCsv(String),
}

/// A1 reference of a 1-based row and 0-based column (`(4, 1)` → `B4`), for messages.
pub fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row)
}

/// Spreadsheet column letters of a 0-based column (0 → `A`, 26 → `AA`).
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Text that a spreadsheet program could take for a formula (OWASP "CSV injection").
pub fn looks_like_formula(text: &str) -> bool {
    matches!(text.chars().next(), Some('=' | '+' | '-' | '@'))
}

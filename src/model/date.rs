//! Dates from cells (PRODUCT.md §2). OWNER: values helper.

use crate::io::cell::CellValue;
use crate::model::DateValue;

/// A date cell. `None` is "no date": blank, `N/A`, `TBD`. `date1904`: the workbook's
/// date system, needed for serial numbers typed into General cells (crates.md §1 pitfall 1).
pub fn parse_date_cell(cell: &CellValue, date1904: bool) -> Option<DateValue> {
    let _ = (cell, date1904);
    None
}

/// Date text: ISO, `MM/DD/YYYY`, `Month D, YYYY` …
pub fn parse_date_text(text: &str) -> Option<DateValue> {
    let _ = text;
    None
}

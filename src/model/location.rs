//! Where a value came from, so every message can name a cell: `poam.xlsx › POA&M!N12`.

use serde::Serialize;
use std::fmt;

/// 0-based column index → spreadsheet letters (0 → A, 26 → AA).
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A position in the source: sheet (None for CSV), 1-based row (the CSV line for CSV),
/// 0-based column. Row and column are optional for item- and workbook-level findings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub column: Option<u32>,
}

impl Location {
    pub fn cell(sheet: Option<&str>, row: u32, column: u32) -> Location {
        Location {
            sheet: sheet.map(str::to_owned),
            row: Some(row),
            column: Some(column),
        }
    }

    pub fn row(sheet: Option<&str>, row: u32) -> Location {
        Location {
            sheet: sheet.map(str::to_owned),
            row: Some(row),
            column: None,
        }
    }

    pub fn sheet(sheet: Option<&str>) -> Location {
        Location {
            sheet: sheet.map(str::to_owned),
            row: None,
            column: None,
        }
    }

    pub fn column_letters(&self) -> Option<String> {
        self.column.map(column_letters)
    }

    /// `N12`, or None when there is no cell.
    pub fn cell_name(&self) -> Option<String> {
        match (self.column, self.row) {
            (Some(c), Some(r)) => Some(format!("{}{}", column_letters(c), r)),
            _ => None,
        }
    }
}

impl fmt::Display for Location {
    /// `POA&M!N12`, `POA&M row 12`, `line 12` (CSV), `POA&M`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.sheet, self.cell_name(), self.row) {
            (Some(s), Some(c), _) => write!(f, "{s}!{c}"),
            (Some(s), None, Some(r)) => write!(f, "{s} row {r}"),
            (Some(s), None, None) => write!(f, "{s}"),
            (None, Some(_), Some(r)) => {
                write!(
                    f,
                    "line {r} column {}",
                    self.column_letters().unwrap_or_default()
                )
            }
            (None, None, Some(r)) => write!(f, "line {r}"),
            (None, _, None) => Ok(()),
        }
    }
}

/// The JSON shape of a location (PRODUCT.md §5).
#[derive(Debug, Serialize)]
pub struct LocationJson {
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub column: Option<String>,
    pub cell: Option<String>,
}

impl From<&Location> for LocationJson {
    fn from(l: &Location) -> Self {
        LocationJson {
            sheet: l.sheet.clone(),
            row: l.row,
            column: l.column_letters(),
            cell: l.cell_name(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(30), "AE");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}

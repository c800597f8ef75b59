//! The typed POA&M: items with their fields parsed, and where each came from.

pub mod build;
pub mod date;
pub mod field;
pub mod item;
pub mod location;
pub mod milestone;
pub mod vocab;

pub use field::Field;
pub use item::{DateValue, Item, Milestone, RequirementRef, Severity, Status, Vocab};
pub use location::Location;

use crate::io::columns::ColumnMap;

/// The kind of file a POA&M was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Csv,
    Xlsx,
    Xls,
    Ods,
}

/// A POA&M as read from one sheet of one file.
#[derive(Debug, Clone)]
pub struct Poam {
    /// The path as the user gave it.
    pub file: String,
    pub format: SourceFormat,
    /// None for a CSV.
    pub sheet: Option<String>,
    /// 1-based row of the header (the CSV line).
    pub header_row: u32,
    pub columns: ColumnMap,
    pub items: Vec<Item>,
    /// Things the reader wants the user to know that are not findings (for example:
    /// "sheet POA&M has no items; sheet Example has 4").
    pub notes: Vec<String>,
}

impl Poam {
    /// The cell of `field` on `row`, or the row alone when no column maps to it.
    pub fn location(&self, row: u32, field: Field) -> Location {
        match self.columns.column(field) {
            Some(col) => Location::cell(self.sheet.as_deref(), row, col),
            None => Location::row(self.sheet.as_deref(), row),
        }
    }

    /// Where an item's field is: its cell on the item's first row.
    pub fn item_location(&self, item: &Item, field: Field) -> Location {
        self.location(item.row, field)
    }

    pub fn sheet_location(&self) -> Location {
        Location::sheet(self.sheet.as_deref())
    }
}

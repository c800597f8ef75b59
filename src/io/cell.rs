//! Cells as every reader hands them on: the value, nothing about fields or rules.

use chrono::NaiveDateTime;

/// One cell's value, independent of the file format it came from.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    /// A plain number. In a workbook it may still be a date serial typed into a General
    /// cell: `model::date` interprets it with the sheet's date system.
    Number(f64),
    /// A cell with a date number format, already converted with the workbook's own
    /// 1900 or 1904 date system (crates.md §1: calamine's `as_datetime` honours it).
    Date(NaiveDateTime),
    Bool(bool),
    /// `#N/A`, `#REF!` …
    Error(String),
}

impl CellValue {
    /// Blank, or text that is only whitespace. Formula cells whose cached result is
    /// empty arrive as empty text and are blank too (the FedRAMP template's 4,000 rows).
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text, for text fields and messages. Whole numbers print without `.0`.
    pub fn to_text(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) => s.trim().to_owned(),
            CellValue::Number(n) => format_number(*n),
            CellValue::Date(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.date().format("%Y-%m-%d").to_string()
                } else {
                    d.format("%Y-%m-%d %H:%M").to_string()
                }
            }
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            CellValue::Error(e) => e.clone(),
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One non-blank row of a sheet. `number` is the spreadsheet's 1-based row, or for a
/// CSV the line on which the record starts. `cells[i]` is column i (0-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<CellValue>,
}

impl Row {
    pub fn get(&self, col: u32) -> &CellValue {
        self.cells.get(col as usize).unwrap_or(&CellValue::Empty)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(CellValue::is_blank)
    }
}

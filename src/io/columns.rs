//! Finding the header row and mapping header cells to fields through aliases
//! (PRODUCT.md §2). The aliases are data: `ALIASES` below.

use crate::model::Field;

/// Which column each field was found in, and the columns nothing maps to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnMap {
    /// (field, 0-based column, header text as written)
    pub fields: Vec<(Field, u32, String)>,
    /// Columns with a header that maps to no field: kept, never interpreted.
    pub unknown: Vec<(u32, String)>,
}

impl ColumnMap {
    pub fn column(&self, field: Field) -> Option<u32> {
        self.fields
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, c, _)| *c)
    }

    pub fn header(&self, field: Field) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, _, h)| h.as_str())
    }

    pub fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }
}

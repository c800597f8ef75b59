//! Milestone lists (PRODUCT.md §2). OWNER: values helper.

use crate::model::Milestone;

/// Every milestone in a milestones cell on `row`.
pub fn parse_milestones(text: &str, row: u32) -> Vec<Milestone> {
    let _ = (text, row);
    Vec::new()
}

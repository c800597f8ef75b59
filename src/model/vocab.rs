//! Status and severity vocabularies with synonyms (PRODUCT.md §2). OWNER: values helper.

use crate::model::{Severity, Status, Vocab};

pub fn parse_status(text: &str) -> Vocab<Status> {
    Vocab::Unknown(text.to_owned())
}

pub fn parse_severity(text: &str) -> Vocab<Severity> {
    Vocab::Unknown(text.to_owned())
}

//! Parsing requirement references as people write them (PRODUCT.md §2):
//! `3.1.1`, `AC.L2-3.1.1`, `NIST SP 800-171 3.1.1`, `3.01.01`, `AC-3.1.1`, lists.
//! OWNER: values helper.

use crate::model::RequirementRef;

/// Every reference in a control cell, in order. Separators: comma, semicolon, newline,
/// "and", whitespace between ids.
pub fn parse_requirement_list(text: &str) -> Vec<RequirementRef> {
    let _ = text;
    Vec::new()
}

/// One token.
pub fn parse_requirement_token(token: &str) -> RequirementRef {
    RequirementRef::Unparsed(token.to_owned())
}

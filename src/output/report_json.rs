//! `poam report --format json`: the report's content as it is (`"schema": "poam/report/1"`).

use crate::summary::Summary;

/// Pretty-printed, with a final newline; field order is the struct's, so the bytes are
/// the same for the same inputs.
pub fn render(s: &Summary) -> String {
    let mut text = serde_json::to_string_pretty(s)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the report: {e}\"}}"));
    text.push('\n');
    text
}

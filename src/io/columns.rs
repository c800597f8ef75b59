//! Finding the header row and mapping header cells to fields through aliases
//! (PRODUCT.md §2). The aliases are data: `ALIASES` below.
//!
//! Matching ignores case, spacing, line breaks, punctuation and `&`/`and`
//! (`normalize_header`): "POA&M Item ID", "poam item id" and "POA&M\nItem-ID" are the same
//! header. A header whose full text matches nothing is tried again without its
//! parenthesised parts, so "Risk Level\n(Low/Med/High)" is "Risk Level".

use super::cell::Row;
use crate::model::Field;
use std::collections::HashMap;
use std::sync::OnceLock;

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

/// Header aliases, field by field. Within a field, an earlier alias is a better match:
/// when two columns map to the same field, the one with the earlier alias wins and the
/// other is kept as an unknown column (or takes its `FALLBACKS` field).
///
/// Sources: PRODUCT.md §2 (the aliases every reader must know), and the real templates
/// described in ../shared/realworld/SOURCES.md: FedRAMP Rev 5 POA&M template (§1), DoD
/// eMASS templates (§4), Xacta CSV export (§4), CMMC tracker (§3), agency workbook (§5).
pub const ALIASES: &[(&str, Field)] = &[
    // id
    ("POA&M ID", Field::Id),
    ("POAM ID", Field::Id),
    ("POA&M Item ID", Field::Id), // eMASS
    ("Item ID", Field::Id),
    ("Vulnerability ID", Field::Id),
    ("Weakness ID", Field::Id),
    ("Deficiency ID", Field::Id),
    ("Finding ID", Field::Id),
    ("Finding Identifier", Field::Id), // agency workbook
    ("Item Identifier", Field::Id),    // Xacta
    ("POA&M Number", Field::Id),
    ("Item Number", Field::Id),
    ("ID", Field::Id),
    // control: id-shaped columns first, so that "Control ID" beats a "Requirement" text
    // column (cmmc_level_2_control_matrix.csv has both).
    ("NIST Control Reference", Field::Control),
    ("Control ID", Field::Control),
    ("Requirement ID", Field::Control),
    ("Security Requirement ID", Field::Control),
    ("Control Number", Field::Control),
    ("Security Control Number", Field::Control), // eMASS "(NC/NA controls only)"
    ("Controls / APs", Field::Control),          // eMASS
    ("Controls", Field::Control),                // FedRAMP
    ("Control", Field::Control),
    ("Security Control", Field::Control), // Xacta
    ("Security Controls", Field::Control),
    ("CMMC Practice", Field::Control),
    ("CMMC Practice ID", Field::Control),
    ("Practice ID", Field::Control),
    ("Practice", Field::Control),
    ("Security Requirement", Field::Control),
    ("Requirement", Field::Control),
    // weakness
    ("Weakness", Field::Weakness),
    ("Weakness Name", Field::Weakness), // FedRAMP (its "Weakness Description" stays unknown)
    ("Weakness or Deficiency", Field::Weakness), // Xacta
    ("Vulnerability Name", Field::Weakness), // agency workbook
    ("Deficiency", Field::Weakness),    // CMMC tracker
    ("Finding", Field::Weakness),
    ("Control Vulnerability Description", Field::Weakness), // eMASS
    ("Weakness Description", Field::Weakness),
    ("Vulnerability Description", Field::Weakness),
    ("Deficiency Description", Field::Weakness),
    ("Finding Description", Field::Weakness),
    ("Description", Field::Weakness),
    // severity: the original rating. eMASS has both "Raw Severity" (as found) and
    // "Severity" (after mitigations and predisposing conditions, per the eMASS template's
    // Instructions sheet); the raw one is the severity, the other becomes the adjusted
    // severity through FALLBACKS.
    ("Original Risk Rating", Field::Severity), // FedRAMP
    ("Raw Severity", Field::Severity),         // eMASS
    ("Raw Severity Value", Field::Severity),
    ("Severity", Field::Severity),
    ("Severity Score", Field::Severity),
    ("Severity Level", Field::Severity),
    ("Risk Rating", Field::Severity),
    ("Risk Level", Field::Severity), // Xacta, agency workbook
    ("Risk", Field::Severity),
    ("Priority", Field::Severity),                     // CMMC tracker
    ("Adjusted Risk Rating", Field::AdjustedSeverity), // FedRAMP
    ("Adjusted Severity", Field::AdjustedSeverity),
    // remediation
    ("Remediation Description", Field::Remediation),
    ("Remediation Plan", Field::Remediation),
    ("Overall Remediation Plan", Field::Remediation), // FedRAMP
    ("Corrective Action", Field::Remediation),
    ("Corrective Action Plan", Field::Remediation),
    ("Planned Remediation", Field::Remediation),
    ("Planned Action", Field::Remediation), // CMMC tracker
    ("Remediation", Field::Remediation),
    ("Mitigation", Field::Remediation), // agency workbook
    ("Mitigation Plan", Field::Remediation),
    // owner
    ("Responsible Organization or Unit", Field::Owner),
    ("Owner", Field::Owner),
    ("Primary Owner", Field::Owner),
    ("Point of Contact", Field::Owner), // FedRAMP
    ("POC", Field::Owner),              // Xacta, agency workbook
    ("Responsible Party", Field::Owner),
    ("Office/Org", Field::Owner), // eMASS
    ("Assigned To", Field::Owner),
    ("Control Owner", Field::Owner),
    ("Item Owner", Field::Owner),
    ("Action Owner", Field::Owner),
    ("Responsible Person", Field::Owner),
    ("Supporting Owner", Field::SupportingOwner),
    ("Approval Authority", Field::ApprovalAuthority),
    ("Approver", Field::ApprovalAuthority),
    ("Evidence Custodian", Field::EvidenceCustodian),
    // resources
    ("Resources or Funding Estimate", Field::Resources),
    ("Resources Required", Field::Resources),
    ("Resources", Field::Resources),
    ("Resource Estimate", Field::Resources),
    ("Funding Estimate", Field::Resources),
    ("Estimated Cost", Field::Resources), // Xacta (loses to "Resources Required" there)
    ("Cost Estimate", Field::Resources),
    // start
    ("Start Date", Field::Start),
    ("Original Detection Date", Field::Start), // FedRAMP
    ("Detection Date", Field::Start),
    ("Date Identified", Field::Start),
    ("Identified Date", Field::Start),
    ("Date Detected", Field::Start),
    ("Discovery Date", Field::Start),
    ("Date Opened", Field::Start),
    // milestones
    ("Milestones", Field::Milestones),
    ("Planned Milestones", Field::Milestones), // FedRAMP
    ("Milestone with Completion Dates", Field::Milestones), // eMASS (older)
    ("Milestones with Completion Dates", Field::Milestones), // Xacta, agency workbook
    ("Milestone Dates", Field::Milestones),
    ("Milestone Description", Field::Milestones), // eMASS: one milestone per row
    ("Milestone", Field::Milestones),
    ("Milestone Scheduled Completion Date", Field::MilestoneDate), // eMASS
    ("Milestone Date", Field::MilestoneDate),
    ("Milestone Due Date", Field::MilestoneDate),
    ("Milestone Status", Field::MilestoneStatus), // eMASS
    ("Milestone Changes", Field::MilestoneChanges),
    ("Changes to Milestones", Field::MilestoneChanges), // Xacta
    (
        "Changes to Milestones with Completion Dates",
        Field::MilestoneChanges,
    ), // agency
    ("Milestone Updates", Field::MilestoneChanges),
    // completion: the current plan. The agency workbook keeps both an "Initial" and an
    // "Updated" scheduled completion date; the updated one is the plan in force, the
    // initial one stays an unknown column.
    ("Updated Scheduled Completion Date", Field::Completion),
    ("POA&M Scheduled Completion Date", Field::Completion), // eMASS
    ("Scheduled Completion Date", Field::Completion),
    ("Scheduled Completion", Field::Completion),
    ("Completion Date", Field::Completion),
    ("Target Completion Date", Field::Completion),
    ("Planned Completion Date", Field::Completion),
    ("Estimated Completion Date", Field::Completion),
    ("Due Date", Field::Completion),
    ("Target Date", Field::Completion), // CMMC tracker
    ("Initial Scheduled Completion Date", Field::Completion),
    // closed date: when the item was actually closed
    ("POA&M Completion Date", Field::ClosedDate), // eMASS
    ("Actual Completion Date", Field::ClosedDate), // agency workbook
    ("Date Closed", Field::ClosedDate),
    ("Closed Date", Field::ClosedDate),
    ("Closure Date", Field::ClosedDate),
    ("Date Completed", Field::ClosedDate),
    // status
    ("Status", Field::Status),
    ("POA&M Status", Field::Status),   // eMASS
    ("Finding Status", Field::Status), // agency workbook
    ("Item Status", Field::Status),
    ("Current Status", Field::Status),
    ("Remediation Status", Field::Status),
    ("Status Date", Field::StatusDate), // FedRAMP
    ("Last Updated", Field::StatusDate),
    ("Last Update", Field::StatusDate),
    ("Date of Last Update", Field::StatusDate),
    ("Status Update Date", Field::StatusDate),
    // evidence
    ("Verification Evidence", Field::Evidence),
    ("Evidence", Field::Evidence),
    ("Supporting Documents", Field::Evidence), // FedRAMP
    ("Closure Evidence", Field::Evidence),     // CMMC tracker
    ("Evidence of Closure", Field::Evidence),
    ("Supporting Documentation", Field::Evidence),
    ("Artifacts", Field::Evidence),
    // comments
    ("Comments", Field::Comments),
    ("Notes", Field::Comments),
    ("Remarks", Field::Comments),
    ("Comment", Field::Comments),
];

/// A header that loses its field to a better column takes this field instead, when no
/// column claims it directly (eMASS: "Raw Severity" is the severity, so "Severity" is the
/// adjusted one).
pub const FALLBACKS: &[(&str, Field)] = &[("Severity", Field::AdjustedSeverity)];

/// Fields of which at least one must be present for a row to be a POA&M header.
const ANCHOR_FIELDS: [Field; 3] = [Field::Id, Field::Control, Field::Weakness];

/// A POA&M header matches at least this many distinct fields.
pub const MIN_HEADER_FIELDS: usize = 2;

/// The header row is searched for within this many rows from the top (PRODUCT.md §2).
pub const HEADER_SEARCH_ROWS: u32 = 30;

/// Headers named in the "no header row" message.
pub const EXPECTED_HEADERS: &str = "'POA&M ID', 'Control', 'Weakness', 'Owner', \
     'Scheduled Completion Date' and 'Status'";

/// Lower-case letters and digits only; `&` and the word `and` dropped.
pub fn normalize_header(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() || word == "and" {
            continue;
        }
        out.push_str(word);
    }
    out
}

/// The header without its parenthesised or bracketed parts, normalised.
fn normalize_without_parentheses(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    normalize_header(&kept)
}

/// Normalised alias → (field, rank). Built once.
fn alias_table() -> &'static HashMap<String, (Field, usize)> {
    static TABLE: OnceLock<HashMap<String, (Field, usize)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for (rank, (alias, field)) in ALIASES.iter().enumerate() {
            map.entry(normalize_header(alias)).or_insert((*field, rank));
        }
        map
    })
}

fn fallback_for(text: &str) -> Option<Field> {
    let key = normalize_header(text);
    FALLBACKS
        .iter()
        .find(|(alias, _)| normalize_header(alias) == key)
        .map(|(_, f)| *f)
}

/// The field a header names, with its rank (lower is better). `extra` aliases (from
/// `LoadOptions`) come before the built-in ones.
pub fn classify_header(text: &str, extra: &[(String, Field)]) -> Option<(Field, usize)> {
    let full = normalize_header(text);
    if full.is_empty() {
        return None;
    }
    let bare = normalize_without_parentheses(text);
    for key in [&full, &bare] {
        if key.is_empty() {
            continue;
        }
        if let Some(i) = extra.iter().position(|(a, _)| normalize_header(a) == *key) {
            return extra.get(i).map(|(_, f)| (*f, i));
        }
        if let Some((field, rank)) = alias_table().get(key.as_str()) {
            return Some((*field, extra.len() + rank));
        }
    }
    None
}

/// The best header row among `rows` (the first rows of a sheet): the one with the most
/// distinct keys from `classify` that `accept` allows; on a tie, the earliest. Returns
/// (index into `rows`, number of distinct keys).
pub fn find_header_row(
    rows: &[Row],
    classify: &dyn Fn(&str) -> Option<usize>,
    accept: &dyn Fn(&[usize]) -> bool,
) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (index, row) in rows.iter().enumerate() {
        let keys = distinct_keys(row, classify);
        if !accept(&keys) {
            continue;
        }
        if best.is_none_or(|(_, score)| keys.len() > score) {
            best = Some((index, keys.len()));
        }
    }
    best
}

/// The distinct keys the cells of `row` classify to, sorted.
pub fn distinct_keys(row: &Row, classify: &dyn Fn(&str) -> Option<usize>) -> Vec<usize> {
    let mut keys: Vec<usize> = row
        .cells
        .iter()
        .filter(|c| !c.is_blank())
        .filter_map(|c| classify(&c.to_text()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// `classify` for a POA&M header, as a key for `find_header_row`.
pub fn poam_key(text: &str, extra: &[(String, Field)]) -> Option<usize> {
    classify_header(text, extra).map(|(f, _)| field_key(f))
}

fn field_key(field: Field) -> usize {
    field as usize
}

/// A POA&M header names at least two fields, one of them the id, the requirement or the
/// weakness: fewer than that is a title block or a lookup list, not a POA&M.
pub fn is_poam_header(keys: &[usize]) -> bool {
    keys.len() >= MIN_HEADER_FIELDS && ANCHOR_FIELDS.iter().any(|f| keys.contains(&field_key(*f)))
}

/// A header cell: (column, text, field and rank when an alias matches).
type HeaderCell = (u32, String, Option<(Field, usize)>);

/// Map the cells of the header row to fields. See `ALIASES` for how conflicts resolve.
pub fn map_columns(header: &Row, extra: &[(String, Field)]) -> ColumnMap {
    // (column, header text, classification)
    let cells: Vec<HeaderCell> = header
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_blank())
        .map(|(i, c)| {
            let text = c.to_text();
            let class = classify_header(&text, extra);
            (u32::try_from(i).unwrap_or(u32::MAX), text, class)
        })
        .collect();

    let mut winners: HashMap<Field, (usize, u32)> = HashMap::new();
    for (col, _, class) in &cells {
        if let Some((field, rank)) = class {
            let better = match winners.get(field) {
                Some((best_rank, best_col)) => (*rank, *col) < (*best_rank, *best_col),
                None => true,
            };
            if better {
                winners.insert(*field, (*rank, *col));
            }
        }
    }

    let mut map = ColumnMap::default();
    for (col, text, class) in cells {
        let field = match class {
            Some((field, _)) if winners.get(&field).map(|w| w.1) == Some(col) => Some(field),
            Some(_) => fallback_for(&text)
                .filter(|f| !winners.contains_key(f) && !map.fields.iter().any(|(g, _, _)| g == f)),
            None => None,
        };
        match field {
            Some(f) => map.fields.push((f, col, text)),
            None => map.unknown.push((col, text)),
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::cell::CellValue;

    fn row(headers: &[&str]) -> Row {
        Row {
            number: 1,
            cells: headers
                .iter()
                .map(|h| {
                    if h.is_empty() {
                        CellValue::Empty
                    } else {
                        CellValue::Text((*h).to_owned())
                    }
                })
                .collect(),
        }
    }

    fn field_of(text: &str) -> Option<Field> {
        classify_header(text, &[]).map(|(f, _)| f)
    }

    #[test]
    fn normalization_ignores_case_spacing_punctuation_and_ampersand() {
        assert_eq!(normalize_header("POA&M Item ID"), "poamitemid");
        assert_eq!(normalize_header(" poa and m\nitem-id "), "poamitemid");
        assert_eq!(normalize_header("Office/Org"), "officeorg");
    }

    #[test]
    fn every_product_alias_maps() {
        // PRODUCT.md §2, table "aliases (at least)".
        let table: &[(&str, Field)] = &[
            ("Vulnerability ID", Field::Id),
            ("POA&M ID", Field::Id),
            ("POAM ID", Field::Id),
            ("POA&M Item ID", Field::Id),
            ("Weakness ID", Field::Id),
            ("Item ID", Field::Id),
            ("Deficiency ID", Field::Id),
            ("ID", Field::Id),
            ("NIST Control Reference", Field::Control),
            ("Control", Field::Control),
            ("Controls", Field::Control),
            ("Requirement", Field::Control),
            ("Security Requirement", Field::Control),
            ("Practice", Field::Control),
            ("CMMC Practice", Field::Control),
            ("Security Control Number", Field::Control),
            ("Control ID", Field::Control),
            ("Weakness", Field::Weakness),
            ("Weakness Name", Field::Weakness),
            ("Weakness Description", Field::Weakness),
            ("Deficiency", Field::Weakness),
            ("Finding", Field::Weakness),
            ("Control Vulnerability Description", Field::Weakness),
            ("Description", Field::Weakness),
            ("Severity", Field::Severity),
            ("Severity Score", Field::Severity),
            ("Risk Rating", Field::Severity),
            ("Original Risk Rating", Field::Severity),
            ("Raw Severity Value", Field::Severity),
            ("Risk", Field::Severity),
            ("Adjusted Risk Rating", Field::AdjustedSeverity),
            ("Remediation Description", Field::Remediation),
            ("Remediation Plan", Field::Remediation),
            ("Overall Remediation Plan", Field::Remediation),
            ("Corrective Action", Field::Remediation),
            ("Planned Remediation", Field::Remediation),
            ("Responsible Organization or Unit", Field::Owner),
            ("Owner", Field::Owner),
            ("Primary Owner", Field::Owner),
            ("Point of Contact", Field::Owner),
            ("POC", Field::Owner),
            ("Responsible Party", Field::Owner),
            ("Office/Org", Field::Owner),
            ("Assigned To", Field::Owner),
            ("Supporting Owner", Field::SupportingOwner),
            ("Approval Authority", Field::ApprovalAuthority),
            ("Approver", Field::ApprovalAuthority),
            ("Evidence Custodian", Field::EvidenceCustodian),
            ("Resources or Funding Estimate", Field::Resources),
            ("Resources Required", Field::Resources),
            ("Resources", Field::Resources),
            ("Estimated Cost", Field::Resources),
            ("Start Date", Field::Start),
            ("Original Detection Date", Field::Start),
            ("Detection Date", Field::Start),
            ("Date Identified", Field::Start),
            ("Milestone Dates", Field::Milestones),
            ("Milestones", Field::Milestones),
            ("Planned Milestones", Field::Milestones),
            ("Milestone with Completion Dates", Field::Milestones),
            ("Milestone Changes", Field::MilestoneChanges),
            ("Completion Date", Field::Completion),
            ("Scheduled Completion Date", Field::Completion),
            ("Scheduled Completion", Field::Completion),
            ("Due Date", Field::Completion),
            ("Target Date", Field::Completion),
            ("Status", Field::Status),
            ("Status Date", Field::StatusDate),
            ("Last Updated", Field::StatusDate),
            ("Verification Evidence", Field::Evidence),
            ("Evidence", Field::Evidence),
            ("Supporting Documents", Field::Evidence),
            ("Closure Evidence", Field::Evidence),
            ("Artifacts", Field::Evidence),
            ("Comments", Field::Comments),
            ("Notes", Field::Comments),
            ("Remarks", Field::Comments),
        ];
        for (alias, field) in table {
            assert_eq!(field_of(alias), Some(*field), "alias {alias:?}");
        }
    }

    #[test]
    fn real_world_headers_map() {
        assert_eq!(field_of("Controls / APs"), Some(Field::Control));
        assert_eq!(
            field_of("Security Control Number (NC/NA controls only)"),
            Some(Field::Control)
        );
        assert_eq!(
            field_of("Risk Level\n(Low/Med/High)"),
            Some(Field::Severity)
        );
        assert_eq!(field_of("Status "), Some(Field::Status));
        assert_eq!(field_of(" Raw Severity"), Some(Field::Severity));
        assert_eq!(field_of("POA&M Completion Date"), Some(Field::ClosedDate));
        assert_eq!(
            field_of("Milestone Scheduled Completion Date"),
            Some(Field::MilestoneDate)
        );
        assert_eq!(field_of("Milestone Status"), Some(Field::MilestoneStatus));
        assert_eq!(field_of("Security Checks"), None);
        assert_eq!(field_of("Implemented (Yes/No)"), None);
    }

    #[test]
    fn no_alias_names_two_fields() {
        let mut seen: HashMap<String, Field> = HashMap::new();
        for (alias, field) in ALIASES {
            let key = normalize_header(alias);
            if let Some(other) = seen.insert(key, *field) {
                assert_eq!(other, *field, "alias {alias:?} maps to two fields");
            }
        }
    }

    #[test]
    fn fedramp_weakness_name_beats_description() {
        let map = map_columns(
            &row(&[
                "POAM ID",
                "Controls",
                "Weakness Name",
                "Weakness Description",
            ]),
            &[],
        );
        assert_eq!(map.column(Field::Weakness), Some(2));
        assert_eq!(map.unknown, vec![(3, "Weakness Description".to_owned())]);
    }

    #[test]
    fn emass_raw_severity_is_severity_and_severity_is_adjusted() {
        let map = map_columns(
            &row(&["POA&M Item ID", "Raw Severity", "x", "Severity"]),
            &[],
        );
        assert_eq!(map.column(Field::Severity), Some(1));
        assert_eq!(map.column(Field::AdjustedSeverity), Some(3));
        assert_eq!(map.unknown, vec![(2, "x".to_owned())]);
    }

    #[test]
    fn updated_completion_beats_initial() {
        let map = map_columns(
            &row(&[
                "Finding Identifier",
                "Initial Scheduled Completion Date",
                "Updated Scheduled Completion Date",
                "Actual Completion Date",
            ]),
            &[],
        );
        assert_eq!(map.column(Field::Completion), Some(2));
        assert_eq!(map.column(Field::ClosedDate), Some(3));
        assert_eq!(
            map.unknown,
            vec![(1, "Initial Scheduled Completion Date".to_owned())]
        );
    }

    #[test]
    fn extra_aliases_map_and_win() {
        let extra = vec![("Ticket".to_owned(), Field::Id)];
        let map = map_columns(&row(&["ID", "Ticket", "Control"]), &extra);
        assert_eq!(map.column(Field::Id), Some(1));
        assert_eq!(map.unknown, vec![(0, "ID".to_owned())]);
    }

    #[test]
    fn header_row_is_the_best_match_and_needs_an_anchor() {
        let rows = vec![
            row(&["Plan of Action and Milestones"]),
            row(&["Status", "Comments"]), // two fields but no id/control/weakness
            row(&["POAM ID", "Control", "Status"]),
            row(&["P-1", "3.1.1", "Open"]),
        ];
        let classify = |t: &str| poam_key(t, &[]);
        assert_eq!(
            find_header_row(&rows, &classify, &is_poam_header),
            Some((2, 3))
        );
    }
}

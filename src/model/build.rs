//! Rows → items: which rows are items, continuation rows, parsing each field.
//! OWNER: io helper.
//!
//! Rows arrive one at a time (`ItemBuilder::push_row`), so a 100,000-row sheet is never
//! held in memory: only the items are kept.
//!
//! Which rows are items (PRODUCT.md §2 "Reading rules"):
//! - A row is an item when any mapped field has a value. Blank rows, and rows whose only
//!   values are in unmapped columns or are formulas with empty results, are not.
//! - **Continuation rows.** A row with no id, no requirement and no weakness whose only
//!   mapped values are milestone cells (milestones, milestone changes, milestone date,
//!   milestone status) continues the item above: its milestone is appended to that item.
//!   eMASS spreads one item over several rows this way (SOURCES.md §4).
//! - **Help rows.** Templates put a description and an expected format of each column
//!   under the header (FedRAMP rows 6–7: "Unique identifier for each POAM Item", "Date",
//!   "Low, Moderate, High", "(##) xxxx-xx-xx: Milestone Description"). Only rows *before
//!   the first item* can be help rows, and only when all of these hold:
//!   1. the id cell is blank or not shaped like an id (an id has a digit or no spaces,
//!      and is not a placeholder word such as "Text" or "Identifier");
//!   2. no requirement in it parses to one of the catalog's requirements, and no date
//!      cell holds a date;
//!   3. at least two of its mapped cells, and at least half of them, read as help: a
//!      placeholder ("Text", "Date", "Yes, No", "Low, Moderate, High", anything with
//!      `xxxx`, `##`, `mm/dd` or `yyyy`), text that is not a date in a date column, or a
//!      sentence of three words or more that repeats a word of its own column's header
//!      ("Name of the weakness as provided by the scanner" under "Weakness Name").
//!
//!   A real first item fails rule 1 as soon as it has an id, and rule 2 as soon as it
//!   names a requirement or a date, so the rule cannot swallow a real item quietly; the
//!   rows it skips are named in `Poam::notes`.

use crate::catalog::parse_requirement_list;
use crate::io::cell::{CellValue, Row};
use crate::io::columns::{normalize_header, ColumnMap};
use crate::model::date::parse_date_cell;
use crate::model::milestone::{apply_milestone_changes, parse_milestones};
use crate::model::vocab::{parse_severity, parse_status};
use crate::model::{DateValue, Field, Item, Milestone, RequirementRef, Status, Vocab};

/// Normalised cell texts that are a template's format hint, not a value.
const PLACEHOLDERS: &[&str] = &[
    "text",
    "date",
    "number",
    "name",
    "identifier",
    "uniqueidentifier",
    "controlnumber",
    "productname",
    "freetext",
    "yesno",
    "yesnopending",
    "lowmoderatehigh",
    "lowmoderatehighna",
    "lowmoderatehighcritical",
    "lowmediumhigh",
    "mmddyyyy",
    "yyyymmdd",
];

/// Fragments that only a format hint contains (`(##) xxxx-xx-xx: Milestone Description`).
const PLACEHOLDER_FRAGMENTS: &[&str] = &["xxxx", "##", "mm/dd", "yyyy"];

/// Header words too common to show that a cell describes its column.
const COMMON_WORDS: &[&str] = &["with", "from", "that", "this", "each"];

/// Milestone status words that mean the milestone is done (eMASS "Milestone Status":
/// Completed / In Progress / Open, SOURCES.md §4).
const DONE_WORDS: &[&str] = &["completed", "complete", "done", "closed"];

/// Header of the eMASS column that numbers each milestone row.
const MILESTONE_ID_HEADER: &str = "milestoneid";

/// Builds items from the rows under a header, one row at a time.
pub struct ItemBuilder<'a> {
    columns: &'a ColumnMap,
    date1904: bool,
    /// (field, column) of every mapped column.
    fields: Vec<(Field, u32)>,
    /// eMASS layout: one milestone per row, with its own date and status columns.
    structured_milestones: bool,
    milestone_number_column: Option<u32>,
    /// Significant words of each mapped column's header, for the help-row rule.
    header_words: Vec<(u32, Vec<String>)>,
    current: Option<Item>,
    items: Vec<Item>,
    help_rows: Vec<u32>,
}

impl<'a> ItemBuilder<'a> {
    pub fn new(columns: &'a ColumnMap, date1904: bool) -> Self {
        let fields: Vec<(Field, u32)> = columns.fields.iter().map(|(f, c, _)| (*f, *c)).collect();
        let structured_milestones =
            columns.has(Field::MilestoneDate) || columns.has(Field::MilestoneStatus);
        let milestone_number_column = columns
            .unknown
            .iter()
            .find(|(_, h)| normalize_header(h) == MILESTONE_ID_HEADER)
            .map(|(c, _)| *c);
        let header_words = columns
            .fields
            .iter()
            .map(|(_, c, h)| (*c, significant_words(h)))
            .collect();
        ItemBuilder {
            columns,
            date1904,
            fields,
            structured_milestones,
            milestone_number_column,
            header_words,
            current: None,
            items: Vec::new(),
            help_rows: Vec::new(),
        }
    }

    /// Read one row under the header.
    pub fn push_row(&mut self, row: &Row) {
        if !self.has_mapped_value(row) {
            return;
        }
        if self.current.is_some() && self.is_continuation(row) {
            if let Some(mut item) = self.current.take() {
                self.add_milestones(&mut item, row);
                self.current = Some(item);
            }
            return;
        }
        if self.items.is_empty() && self.current.is_none() && self.is_help_row(row) {
            self.help_rows.push(row.number);
            return;
        }
        let item = self.parse_item(row);
        if let Some(done) = self.current.replace(item) {
            self.items.push(finish_item(done));
        }
    }

    /// Items so far, the one being built included.
    pub fn item_count(&self) -> usize {
        self.items.len() + usize::from(self.current.is_some())
    }

    /// Rows skipped as column help text (see the module documentation).
    pub fn help_rows(&self) -> &[u32] {
        &self.help_rows
    }

    /// All items, in row order.
    pub fn finish(mut self) -> Vec<Item> {
        if let Some(done) = self.current.take() {
            self.items.push(finish_item(done));
        }
        self.items
    }

    fn has_mapped_value(&self, row: &Row) -> bool {
        self.fields.iter().any(|(_, c)| !row.get(*c).is_blank())
    }

    fn value_in<'r>(&self, row: &'r Row, field: Field) -> Option<&'r CellValue> {
        let col = self.columns.column(field)?;
        let cell = row.get(col);
        (!cell.is_blank()).then_some(cell)
    }

    /// No id, requirement or weakness, and only milestone cells filled.
    fn is_continuation(&self, row: &Row) -> bool {
        let mut milestone_values = 0;
        for (field, col) in &self.fields {
            if row.get(*col).is_blank() {
                continue;
            }
            if !field.is_milestone_part() {
                return false;
            }
            milestone_values += 1;
        }
        milestone_values > 0
    }

    fn is_help_row(&self, row: &Row) -> bool {
        if self
            .value_in(row, Field::Id)
            .is_some_and(|id| looks_like_id(&id.to_text()))
        {
            return false;
        }
        if let Some(control) = self.value_in(row, Field::Control) {
            let refs = parse_requirement_list(&control.to_text());
            if refs.iter().any(|r| matches!(r, RequirementRef::Known(_))) {
                return false;
            }
        }
        let mut filled = 0usize;
        let mut help = 0usize;
        for (field, col) in &self.fields {
            let cell = row.get(*col);
            if cell.is_blank() {
                continue;
            }
            filled += 1;
            if field.is_date() {
                match parse_date_cell(cell, self.date1904) {
                    Some(DateValue::Date(_)) | Some(DateValue::Ambiguous { .. }) => return false,
                    Some(DateValue::Invalid(_)) => {
                        help += 1;
                        continue;
                    }
                    None => {}
                }
            }
            if self.reads_as_help(*col, &cell.to_text()) {
                help += 1;
            }
        }
        help >= 2 && help * 2 >= filled
    }

    fn reads_as_help(&self, col: u32, text: &str) -> bool {
        if is_placeholder(text) {
            return true;
        }
        let lower = text.to_lowercase();
        if lower.split_whitespace().count() < 3 {
            return false;
        }
        self.header_words
            .iter()
            .find(|(c, _)| *c == col)
            .is_some_and(|(_, words)| words.iter().any(|w| lower.contains(w.as_str())))
    }

    fn parse_item(&self, row: &Row) -> Item {
        let mut item = Item {
            row: row.number,
            ..Item::default()
        };
        for (field, col) in &self.fields {
            let cell = row.get(*col);
            if cell.is_blank() {
                continue;
            }
            self.set_field(&mut item, *field, cell);
        }
        self.add_milestones(&mut item, row);
        item.extra = self
            .columns
            .unknown
            .iter()
            .filter(|(c, _)| !row.get(*c).is_blank())
            .map(|(c, _)| (*c, row.get(*c).to_text()))
            .collect();
        item
    }

    /// Parse one non-blank cell into its field. Milestone cells are read by
    /// `add_milestones`, which also serves continuation rows.
    fn set_field(&self, item: &mut Item, field: Field, cell: &CellValue) {
        let text = || cell.to_text();
        let date = || parse_date_cell(cell, self.date1904);
        match field {
            Field::Id => item.id = Some(text()),
            Field::Control => {
                let t = text();
                item.requirements = parse_requirement_list(&t);
                item.control_text = Some(t);
            }
            Field::Weakness => item.weakness = Some(text()),
            Field::Severity => item.severity = Some(parse_severity(&text())),
            Field::AdjustedSeverity => item.adjusted_severity = Some(parse_severity(&text())),
            Field::Remediation => item.remediation = Some(text()),
            Field::Owner => item.owner = Some(text()),
            Field::SupportingOwner => item.supporting_owner = Some(text()),
            Field::ApprovalAuthority => item.approval_authority = Some(text()),
            Field::EvidenceCustodian => item.evidence_custodian = Some(text()),
            Field::Resources => item.resources = Some(text()),
            Field::Start => item.start = date(),
            Field::Completion => item.completion = date(),
            Field::ClosedDate => item.closed_date = date(),
            Field::Status => item.status = Some(parse_status(&text())),
            Field::StatusDate => item.status_date = date(),
            Field::Evidence => item.evidence = split_evidence(&text()),
            Field::Comments => item.comments = Some(text()),
            Field::Milestones
            | Field::MilestoneDate
            | Field::MilestoneStatus
            | Field::MilestoneChanges => {}
        }
    }

    /// The milestones and milestone changes on `row`, appended to `item`.
    fn add_milestones(&self, item: &mut Item, row: &Row) {
        if self.structured_milestones {
            if let Some(m) = self.structured_milestone(row) {
                item.milestones.push(m);
            }
        } else if let Some(cell) = self.value_in(row, Field::Milestones) {
            let mut parsed = parse_milestones(&cell.to_text(), row.number);
            // One milestone per row beside an eMASS "Milestone ID": that is its number.
            if let [only] = parsed.as_mut_slice() {
                if only.number.is_none() {
                    only.number = self.row_milestone_number(row);
                }
            }
            item.milestones.extend(parsed);
        }
        if let Some(cell) = self.value_in(row, Field::MilestoneChanges) {
            item.milestone_changes
                .extend(parse_milestones(&cell.to_text(), row.number));
        }
    }

    /// eMASS: the row's milestone text, its scheduled date from the milestone date column
    /// and "done" from the milestone status column make one milestone.
    fn structured_milestone(&self, row: &Row) -> Option<Milestone> {
        let text = self
            .value_in(row, Field::Milestones)
            .map(CellValue::to_text);
        let date = self
            .value_in(row, Field::MilestoneDate)
            .and_then(|c| parse_date_cell(c, self.date1904));
        let status = self
            .value_in(row, Field::MilestoneStatus)
            .map(CellValue::to_text);
        if text.is_none() && date.is_none() {
            return None;
        }
        let mut milestone = text
            .as_deref()
            .and_then(|t| single_milestone(t, row.number))
            .unwrap_or_else(|| Milestone {
                row: row.number,
                number: None,
                date: None,
                text: text.clone().unwrap_or_default(),
                done: false,
            });
        if date.is_some() {
            milestone.date = date;
        }
        if status.as_deref().is_some_and(means_done) {
            milestone.done = true;
        }
        if let Some(number) = self.row_milestone_number(row) {
            milestone.number = Some(number);
        }
        Some(milestone)
    }

    /// The number in the row's eMASS "Milestone ID" cell.
    fn row_milestone_number(&self, row: &Row) -> Option<u32> {
        self.milestone_number_column
            .map(|c| row.get(c))
            .and_then(milestone_number)
    }
}

/// Everything that needs the whole item (all its rows) once it is complete: milestone
/// changes (`(02) Complete 2026-02-01: …`) mark the planned milestones they name done.
fn finish_item(mut item: Item) -> Item {
    apply_milestone_changes(&mut item.milestones, &item.milestone_changes);
    item
}

/// The one milestone a structured (eMASS) milestone cell holds, when the milestone
/// parser reads exactly one from it (so a date written in the text is kept).
fn single_milestone(text: &str, row: u32) -> Option<Milestone> {
    let mut parsed = parse_milestones(text, row);
    if parsed.len() == 1 {
        parsed.pop()
    } else {
        None
    }
}

fn milestone_number(cell: &CellValue) -> Option<u32> {
    match cell {
        CellValue::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) => {
            Some(*n as u32)
        }
        _ => cell.to_text().trim().parse().ok(),
    }
}

fn means_done(status: &str) -> bool {
    let word = normalize_header(status);
    DONE_WORDS.contains(&word.as_str())
        || matches!(parse_status(status), Vocab::Known(Status::Closed))
}

/// Evidence references: one per line or per `;`.
fn split_evidence(text: &str) -> Vec<String> {
    text.split(['\n', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An id has a digit or no spaces, and is not a placeholder ("Text", "Identifier").
fn looks_like_id(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || is_placeholder(t) {
        return false;
    }
    t.chars().any(|c| c.is_ascii_digit()) || !t.chars().any(char::is_whitespace)
}

fn is_placeholder(text: &str) -> bool {
    let lower = text.to_lowercase();
    PLACEHOLDERS.contains(&normalize_header(&lower).as_str())
        || PLACEHOLDER_FRAGMENTS.iter().any(|f| lower.contains(f))
}

/// Header words of four letters or more, singular ("Controls" → "control").
fn significant_words(header: &str) -> Vec<String> {
    header
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !COMMON_WORDS.contains(w))
        .map(|w| w.strip_suffix('s').unwrap_or(w).to_owned())
        .collect()
}

/// Build every item from rows already read (tests, small tables).
pub fn build_items<'r>(
    columns: &ColumnMap,
    rows: impl IntoIterator<Item = &'r Row>,
    date1904: bool,
) -> Vec<Item> {
    let mut builder = ItemBuilder::new(columns, date1904);
    for row in rows {
        builder.push_row(row);
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::columns::map_columns;

    fn text_row(number: u32, cells: &[&str]) -> Row {
        Row {
            number,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        CellValue::Empty
                    } else {
                        CellValue::Text((*c).to_owned())
                    }
                })
                .collect(),
        }
    }

    fn columns(headers: &[&str]) -> ColumnMap {
        map_columns(&text_row(1, headers), &[])
    }

    #[test]
    fn blank_and_unmapped_rows_are_not_items() {
        let map = columns(&["POAM ID", "Control", "Mystery"]);
        let rows = [
            text_row(2, &["", "", ""]),
            text_row(3, &["", "", "only an unmapped value"]),
            text_row(4, &["P-1", "3.1.1", "x"]),
        ];
        let items = build_items(&map, &rows, false);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].row, 4);
        assert_eq!(items[0].extra, vec![(2, "x".to_owned())]);
    }

    #[test]
    fn help_rows_before_the_first_item_are_skipped() {
        let map = columns(&["POAM ID", "Weakness Name", "Point of Contact", "Comments"]);
        let rows = [
            text_row(
                6,
                &[
                    "Unique identifier for each POAM Item",
                    "Name of the weakness as provided by the scanner",
                    "Person responsible",
                    "Any comments",
                ],
            ),
            text_row(7, &["Unique Identifier", "Text", "Text", "Text"]),
            text_row(8, &["V-1Example", "Open port", "John Doe", "none"]),
            text_row(9, &["", "Text", "Text", ""]),
        ];
        let mut builder = ItemBuilder::new(&map, false);
        for row in &rows {
            builder.push_row(row);
        }
        assert_eq!(builder.help_rows(), &[6, 7]);
        let items = builder.finish();
        assert_eq!(items.len(), 2, "after the first item, every row is an item");
        assert_eq!(items[0].id.as_deref(), Some("V-1Example"));
        assert_eq!(items[1].row, 9);
    }

    #[test]
    fn a_first_item_with_an_id_is_never_help() {
        let map = columns(&["POAM ID", "Weakness", "Owner"]);
        let rows = [text_row(2, &["P-1", "Text", "Text"])];
        assert_eq!(build_items(&map, &rows, false).len(), 1);
    }

    #[test]
    fn continuation_rows_add_milestones_to_the_item_above() {
        let map = columns(&[
            "POA&M Item ID",
            "Controls / APs",
            "Milestone ID",
            "Milestone Description",
            "Milestone Status",
        ]);
        let rows = [
            text_row(8, &["1", "AC-1", "1", "Implement Procedure A", "Completed"]),
            text_row(9, &["", "", "2", "Implement Procedure B", "In Progress"]),
            text_row(10, &["", "", "3", "Implement Procedure C", "Open"]),
            text_row(11, &["2", "SA-1.4", "", "", ""]),
        ];
        let items = build_items(&map, &rows, false);
        assert_eq!(items.len(), 2);
        let ms = &items[0].milestones;
        assert_eq!(ms.len(), 3);
        assert_eq!(ms.iter().map(|m| m.row).collect::<Vec<_>>(), vec![8, 9, 10]);
        assert_eq!(ms[1].text, "Implement Procedure B");
        assert_eq!(ms[1].number, Some(2));
        assert_eq!(
            ms.iter().map(|m| m.done).collect::<Vec<_>>(),
            vec![true, false, false]
        );
        assert!(items[1].milestones.is_empty());
    }

    #[test]
    fn evidence_splits_on_lines_and_semicolons() {
        assert_eq!(
            split_evidence("a.pdf\n b.docx ; TICKET-1;"),
            vec!["a.pdf", "b.docx", "TICKET-1"]
        );
    }

    #[test]
    fn id_shapes() {
        assert!(looks_like_id("V-1Example"));
        assert!(looks_like_id("26-O-0001"));
        assert!(looks_like_id("1"));
        assert!(!looks_like_id("Unique Identifier"));
        assert!(!looks_like_id("Text"));
    }
}

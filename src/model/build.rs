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
//! - **Note rows.** Templates and people put notes under the last item ("Instructions:
//!   fill in one row per weakness", "Prepared by J. Smith, ISSO"). A row is a note, not an
//!   item, when all of these hold:
//!   1. no item row follows it (rows after the last item only: a row that looked like a
//!      note is held back, and read as an item after all when an item comes after it);
//!   2. its only non-blank cell, in the whole row, is in the id column or in the sheet's
//!      first column, and that column is not the requirement, status, owner or a date
//!      column (a note typed or merged across the sheet lands in its first cell);
//!   3. the text is prose: in the id column, four words or more (an id is one word, so
//!      an id-shaped value such as `P-7` stays an item); in any other column, it must
//!      also open with a note word (`Note`, `Instructions`, `Prepared by`, `Source`, `*` …),
//!      since an item may have been started with only its weakness.
//!
//!   The rows it skips are named in `Poam::notes` ("row 9 looks like a note, not an
//!   item: …"), so nothing disappears without a word.

use crate::catalog::parse_requirement_list;
use crate::catalog::parse_requirement_list_into;
use crate::catalog::Requirement;
use crate::io::cell::{CellValue, Row};
use crate::io::columns::{normalize_header, ColumnMap};
use crate::model::date::parse_date_cell;
use crate::model::item::{FastHash, TextPool};
use crate::model::milestone::{apply_milestone_changes, parse_milestones, parse_milestones_into};
use crate::model::vocab::{parse_severity, parse_status};
use crate::model::{DateValue, Field, Item, Milestone, RequirementRef, Severity, Status, Vocab};
use std::borrow::Cow;
use std::collections::HashMap;

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

/// Words a note row opens with, when it is not in the id column (module docs, note
/// rows rule 3). Compared in lower case, followed by anything but a letter or digit.
const NOTE_OPENERS: &[&str] = &[
    "note",
    "notes",
    "nb",
    "instruction",
    "instructions",
    "prepared by",
    "prepared for",
    "generated",
    "last updated",
    "updated",
    "source",
    "legend",
    "disclaimer",
    "*",
    "†",
];

/// Words of prose in the id column that make a row a note (an id is one word).
const NOTE_MIN_WORDS: usize = 4;

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
    /// Items completed and kept by `push_row` (not by `next_row`, which hands them out).
    items: Vec<Item>,
    /// Items completed so far, kept or handed out.
    completed: usize,
    help_rows: Vec<u32>,
    /// Rows after the last item that look like notes: held back until an item follows
    /// them (then they are items after all) or the sheet ends (then they are notes).
    held_notes: Vec<Row>,
    /// Note rows once the sheet has ended: (row, text).
    notes: Vec<(u32, String)>,
    /// Items complete and not yet taken (`take_ready`).
    ready: std::collections::VecDeque<Item>,
    /// Text buffers of recycled items and words already parsed.
    reuse: Reuse,
    /// The last item recycled (`recycle`): the next item is built in it.
    spare: Option<Item>,
    /// The milestones of the row being added, parsed ahead on the reading thread
    /// ([`ItemBuilder::add_prepared_row`]).
    prepared: PreparedRow,
    /// The milestones of the last item recycled, when the next item's came parsed ahead:
    /// they go back to the reading thread in its place (`add_milestones`).
    stale_milestones: Vec<Milestone>,
    /// Rows came with their milestones parsed ahead.
    parsed_ahead: bool,
}

/// Parses the milestone cells of rows ahead of the item builder, on the thread that reads
/// the file, so that the two threads share the work of a long sheet (`io::stream_poam`).
/// Parsing a milestone cell needs nothing but the cell, so where it runs changes nothing
/// but the time.
#[derive(Debug, Clone)]
pub struct RowPrep {
    milestones: Option<u32>,
    changes: Option<u32>,
    /// Rows up to the header are not items: nothing to parse.
    header_row: u32,
}

/// The milestones parsed ahead from one row ([`RowPrep::prepare`]).
#[derive(Debug, Default)]
pub struct PreparedRow {
    /// The row they were parsed from; 0 when there are none.
    row: u32,
    milestones: Vec<Milestone>,
    changes: Vec<Milestone>,
}

impl PreparedRow {
    /// Nothing parsed ahead: the builder parses the row's milestones itself. The
    /// milestones left here (a recycled item's) are kept for the reading thread's pool.
    pub fn clear(&mut self) {
        self.row = 0;
    }
}

impl RowPrep {
    /// `None` when nothing is worth parsing ahead (eMASS one-milestone-per-row sheets:
    /// their milestones need several cells of the row).
    pub fn new(columns: &ColumnMap, header_row: u32) -> Option<Self> {
        if columns.has(Field::MilestoneDate) || columns.has(Field::MilestoneStatus) {
            return None;
        }
        let milestones = columns.column(Field::Milestones);
        let changes = columns.column(Field::MilestoneChanges);
        (milestones.is_some() || changes.is_some()).then_some(RowPrep {
            milestones,
            changes,
            header_row,
        })
    }

    /// Parse the milestone cells of `row` into `out`, with text buffers from `pool`.
    pub fn prepare(&self, row: &Row, out: &mut PreparedRow, pool: &mut TextPool) {
        self.prepare_cells(row.number, &|c| cell_text(row.get(c)), out, pool);
    }

    /// [`RowPrep::prepare`] for a row given as the text of each column (`text_of`; a
    /// CSV record before its fields are copied into cells).
    pub fn prepare_cells<'t>(
        &self,
        number: u32,
        text_of: &dyn Fn(u32) -> Cow<'t, str>,
        out: &mut PreparedRow,
        pool: &mut TextPool,
    ) {
        out.row = 0;
        if number <= self.header_row {
            return;
        }
        out.row = number;
        parse_ahead(self.milestones, number, text_of, &mut out.milestones, pool);
        parse_ahead(self.changes, number, text_of, &mut out.changes, pool);
    }
}

/// The milestones of the cell in `column` into `out` (none for a blank cell: the builder
/// reads no milestones from it either).
fn parse_ahead<'t>(
    column: Option<u32>,
    number: u32,
    text_of: &dyn Fn(u32) -> Cow<'t, str>,
    out: &mut Vec<Milestone>,
    pool: &mut TextPool,
) {
    pool.give_milestones(out);
    let Some(text) = column.map(text_of) else {
        return;
    };
    // Trimmed, as `cell_text` gives a cell's text to the builder.
    let text = text.trim();
    if !text.is_empty() {
        parse_milestones_into(text, number, out, pool);
    }
}

/// What building items reuses from row to row, so that a long sheet is read without
/// allocating or parsing the same word again on every row.
#[derive(Default)]
struct Reuse {
    /// Text buffers of recycled items.
    pool: TextPool,
    /// Status and severity words already read: a sheet repeats a handful of them.
    statuses: WordCache<Vocab<Status>>,
    severities: WordCache<Vocab<Severity>>,
    /// Requirement cells already read: a sheet names each requirement over and over.
    requirements: RequirementCache,
}

/// The requirement a control cell names, for the cells already read that name exactly
/// one catalog requirement (nearly all). Parsing is a pure function of the text, so the
/// cache changes nothing but the time.
#[derive(Default)]
struct RequirementCache {
    seen: HashMap<String, &'static Requirement, FastHash>,
}

impl RequirementCache {
    /// Distinct cells kept: the catalog has 134 requirements, written a few ways each.
    const MAX: usize = 1024;

    /// `parse_requirement_list_into`, from the cache when the cell was read before.
    fn parse_into(&mut self, text: &str, out: &mut Vec<RequirementRef>) {
        if let Some(known) = self.seen.get(text) {
            out.push(RequirementRef::Known(known));
            return;
        }
        let first = out.len();
        parse_requirement_list_into(text, out);
        if let Some([RequirementRef::Known(only)]) = out.get(first..) {
            if self.seen.len() < Self::MAX {
                self.seen.insert(text.to_owned(), only);
            }
        }
    }
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
            completed: 0,
            help_rows: Vec::new(),
            held_notes: Vec::new(),
            notes: Vec::new(),
            ready: std::collections::VecDeque::new(),
            reuse: Reuse::default(),
            spare: None,
            prepared: PreparedRow::default(),
            stale_milestones: Vec::new(),
            parsed_ahead: false,
        }
    }

    /// Read one row under the header, keeping the items (see [`ItemBuilder::finish`]).
    pub fn push_row(&mut self, row: &Row) {
        self.add_row(&mut row.clone());
        while let Some(done) = self.take_ready() {
            self.items.push(done);
        }
    }

    /// Read one row under the header. The items it completes (the one above, when the
    /// row starts a new item) are then taken with [`ItemBuilder::take_ready`], in row
    /// order; the last ones once [`ItemBuilder::end_of_sheet`] is called. The text of
    /// `row`'s cells may be moved into the item: the row is to be filled afresh.
    pub fn add_row(&mut self, row: &mut Row) {
        if !self.has_mapped_value(row) {
            return;
        }
        if self.is_note_row(row) {
            self.held_notes.push(row.clone());
            return;
        }
        // An item follows the rows held back as notes: they were items after all.
        for mut held in std::mem::take(&mut self.held_notes) {
            self.read_item_row(&mut held);
        }
        self.read_item_row(row);
    }

    /// [`ItemBuilder::add_row`], with the row's milestones already parsed by
    /// [`RowPrep::prepare`] (they are moved out of `prepared`).
    pub fn add_prepared_row(&mut self, row: &mut Row, prepared: &mut PreparedRow) {
        self.parsed_ahead = true;
        std::mem::swap(&mut self.prepared, prepared);
        self.add_row(row);
        std::mem::swap(&mut self.prepared, prepared);
        prepared.row = 0;
    }

    /// The next complete item, in row order.
    pub fn take_ready(&mut self) -> Option<Item> {
        self.ready.pop_front()
    }

    /// No more rows: the rows held back as notes are notes, and the last item is complete
    /// (take it with [`ItemBuilder::take_ready`]).
    pub fn end_of_sheet(&mut self) {
        for held in std::mem::take(&mut self.held_notes) {
            let text = held
                .cells
                .iter()
                .find(|c| !is_blank(c))
                .map(CellValue::to_text)
                .unwrap_or_default();
            self.notes.push((held.number, text));
        }
        if let Some(done) = self.current.take() {
            self.complete(done);
        }
    }

    /// Rows read as notes, not items (module docs): (row, text). Known once
    /// [`ItemBuilder::end_of_sheet`] was called.
    pub fn note_rows(&self) -> &[(u32, String)] {
        &self.notes
    }

    /// A row that continues the current item, is column help text, or starts an item.
    fn read_item_row(&mut self, row: &mut Row) {
        if self.current.is_some() && self.is_continuation(row) {
            if let Some(mut item) = self.current.take() {
                let mut reuse = std::mem::take(&mut self.reuse);
                self.add_milestones(&mut item, row, &mut reuse.pool);
                self.reuse = reuse;
                self.current = Some(item);
            }
            return;
        }
        if self.completed == 0 && self.current.is_none() && self.is_help_row(row) {
            self.help_rows.push(row.number);
            return;
        }
        let item = self.parse_item(row);
        if let Some(done) = self.current.replace(item) {
            self.complete(done);
        }
    }

    fn complete(&mut self, done: Item) {
        self.completed += 1;
        self.ready.push_back(finish_item(done));
    }

    /// Take back an item handed out and no longer needed: its buffers serve the next items.
    pub fn recycle(&mut self, mut item: Item) {
        if self.parsed_ahead && self.stale_milestones.is_empty() {
            std::mem::swap(&mut self.stale_milestones, &mut item.milestones);
        }
        item.clear_into(&mut self.reuse.pool);
        self.spare = Some(item);
    }

    /// Items so far, the one being built included (rows held back as notes are not).
    pub fn item_count(&self) -> usize {
        self.completed + usize::from(self.current.is_some())
    }

    /// Rows skipped as column help text (see the module documentation).
    pub fn help_rows(&self) -> &[u32] {
        &self.help_rows
    }

    /// All items kept by `push_row`, in row order.
    pub fn finish(mut self) -> Vec<Item> {
        self.end_of_sheet();
        while let Some(done) = self.take_ready() {
            self.items.push(done);
        }
        self.items
    }

    fn has_mapped_value(&self, row: &Row) -> bool {
        self.fields.iter().any(|(_, c)| !is_blank(row.get(*c)))
    }

    fn value_in<'r>(&self, row: &'r Row, field: Field) -> Option<&'r CellValue> {
        let col = self.columns.column(field)?;
        let cell = row.get(col);
        (!is_blank(cell)).then_some(cell)
    }

    /// No id, requirement or weakness, and only milestone cells filled.
    fn is_continuation(&self, row: &Row) -> bool {
        let mut milestone_values = 0;
        for (field, col) in &self.fields {
            if is_blank(row.get(*col)) {
                continue;
            }
            if !field.is_milestone_part() {
                return false;
            }
            milestone_values += 1;
        }
        milestone_values > 0
    }

    /// A row whose only value is prose in its id or first cell (module docs, note rows
    /// rules 2 and 3; rule 1 is settled by what follows it).
    fn is_note_row(&self, row: &Row) -> bool {
        let mut filled = row.cells.iter().enumerate().filter(|(_, c)| !is_blank(c));
        let (Some((col, cell)), None) = (filled.next(), filled.next()) else {
            return false;
        };
        let CellValue::Text(text) = cell else {
            return false;
        };
        let Ok(col) = u32::try_from(col) else {
            return false;
        };
        let Some(field) = self.fields.iter().find(|(_, c)| *c == col).map(|(f, _)| *f) else {
            return false;
        };
        if matches!(field, Field::Control | Field::Status | Field::Owner) || field.is_date() {
            return false;
        }
        let words = text.split_whitespace().count();
        if field == Field::Id {
            words >= NOTE_MIN_WORDS
        } else {
            col == 0 && words >= 2 && opens_like_a_note(text)
        }
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
            if is_blank(cell) {
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

    /// The item that starts on `row`, built in the buffers of a recycled item when there
    /// is one. The text of its cells is moved, not copied, into the item ([`take_text`]).
    fn parse_item(&mut self, row: &mut Row) -> Item {
        let mut item = self.spare.take().unwrap_or_default();
        item.row = row.number;
        let mut reuse = std::mem::take(&mut self.reuse);
        for (field, col) in &self.fields {
            match row.cells.get_mut(*col as usize) {
                Some(cell) if !is_blank(cell) => {
                    self.set_field(&mut item, *field, cell, &mut reuse);
                }
                _ => {}
            }
        }
        // Milestone cells are read, not taken, here: no field above took them.
        self.add_milestones(&mut item, row, &mut reuse.pool);
        for (c, _) in &self.columns.unknown {
            match row.cells.get_mut(*c as usize) {
                Some(cell) if !is_blank(cell) => {
                    item.extra.push((*c, take_text(cell, &mut reuse.pool)));
                }
                _ => {}
            }
        }
        self.reuse = reuse;
        item
    }

    /// Parse one non-blank cell into its field. Milestone cells are read by
    /// `add_milestones`, which also serves continuation rows.
    fn set_field(&self, item: &mut Item, field: Field, cell: &mut CellValue, reuse: &mut Reuse) {
        let Reuse {
            pool,
            statuses,
            severities,
            requirements,
        } = reuse;
        let date = |cell: &CellValue| parse_date_cell(cell, self.date1904);
        match field {
            Field::Id => item.id = Some(take_text(cell, pool)),
            Field::Control => {
                let t = take_text(cell, pool);
                requirements.parse_into(&t, &mut item.requirements);
                item.control_text = Some(t);
            }
            Field::Weakness => item.weakness = Some(take_text(cell, pool)),
            Field::Severity => {
                item.severity = Some(severities.get(&cell_text(cell), parse_severity));
            }
            Field::AdjustedSeverity => {
                item.adjusted_severity = Some(parse_severity(&cell_text(cell)));
            }
            Field::Remediation => item.remediation = Some(take_text(cell, pool)),
            Field::Owner => item.owner = Some(take_text(cell, pool)),
            Field::SupportingOwner => item.supporting_owner = Some(take_text(cell, pool)),
            Field::ApprovalAuthority => item.approval_authority = Some(take_text(cell, pool)),
            Field::EvidenceCustodian => item.evidence_custodian = Some(take_text(cell, pool)),
            Field::Resources => item.resources = Some(take_text(cell, pool)),
            Field::Start => item.start = date(cell),
            Field::Completion => item.completion = date(cell),
            Field::ClosedDate => item.closed_date = date(cell),
            Field::Status => item.status = Some(statuses.get(&cell_text(cell), parse_status)),
            Field::StatusDate => item.status_date = date(cell),
            Field::Evidence => split_evidence_into(&cell_text(cell), &mut item.evidence, pool),
            Field::Comments => item.comments = Some(take_text(cell, pool)),
            Field::Milestones
            | Field::MilestoneDate
            | Field::MilestoneStatus
            | Field::MilestoneChanges => {}
        }
    }

    /// The milestones and milestone changes on `row`, appended to `item`.
    fn add_milestones(&mut self, item: &mut Item, row: &Row, pool: &mut TextPool) {
        if self.structured_milestones {
            if let Some(m) = self.structured_milestone(row) {
                item.milestones.push(m);
            }
        } else if let Some(cell) = self.value_in(row, Field::Milestones) {
            let first = item.milestones.len();
            let ahead = self.parsed_ahead_for(row);
            if ahead && first == 0 {
                // Moved, not copied: the item takes the reading thread's buffers, and
                // the row hands that thread the last recycled item's milestones instead,
                // so each thread goes on freeing and reusing only what it allocated.
                std::mem::swap(&mut item.milestones, &mut self.prepared.milestones);
                std::mem::swap(&mut self.prepared.milestones, &mut self.stale_milestones);
            } else if ahead {
                copy_milestones(&self.prepared.milestones, &mut item.milestones, pool);
            } else {
                parse_milestones_into(&cell_text(cell), row.number, &mut item.milestones, pool);
            }
            // One milestone per row beside an eMASS "Milestone ID": that is its number.
            if let Some([only]) = item.milestones.get_mut(first..) {
                if only.number.is_none() {
                    only.number = self.row_milestone_number(row);
                }
            }
        }
        if let Some(cell) = self.value_in(row, Field::MilestoneChanges) {
            if self.parsed_ahead_for(row) {
                copy_milestones(&self.prepared.changes, &mut item.milestone_changes, pool);
            } else {
                parse_milestones_into(
                    &cell_text(cell),
                    row.number,
                    &mut item.milestone_changes,
                    pool,
                );
            }
        }
    }

    /// Were `row`'s milestones parsed ahead (`self.prepared`)?
    fn parsed_ahead_for(&self, row: &Row) -> bool {
        self.prepared.row == row.number && row.number != 0
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

/// Milestones parsed ahead, appended to `out` with their text in buffers from `pool`:
/// for an item that has milestones already (a continuation row). An item's first
/// milestones are moved instead (`add_milestones`).
fn copy_milestones(parsed: &[Milestone], out: &mut Vec<Milestone>, pool: &mut TextPool) {
    out.extend(parsed.iter().map(|m| Milestone {
        row: m.row,
        number: m.number,
        date: m.date.clone(),
        text: pool.copy(&m.text),
        done: m.done,
    }));
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

/// The values of the last few distinct words read from a vocabulary column (status,
/// severity), so that each is parsed once rather than on every row. Parsing is a pure
/// function of the text, so the cache changes nothing but the time.
struct WordCache<T> {
    seen: Vec<(String, T)>,
}

impl<T> Default for WordCache<T> {
    fn default() -> Self {
        WordCache { seen: Vec::new() }
    }
}

impl<T: Clone> WordCache<T> {
    /// Distinct words kept: real sheets use a handful.
    const MAX: usize = 32;

    fn get(&mut self, text: &str, parse: fn(&str) -> T) -> T {
        if let Some((_, value)) = self.seen.iter().find(|(word, _)| word == text) {
            return value.clone();
        }
        let value = parse(text);
        if self.seen.len() < Self::MAX {
            self.seen.push((text.to_owned(), value.clone()));
        }
        value
    }
}

/// `CellValue::is_blank`, settled by the first byte for nearly every filled cell (a cell
/// is looked at several times per row, and trimming each time adds up).
fn is_blank(cell: &CellValue) -> bool {
    match cell {
        CellValue::Text(s) => match s.as_bytes().first() {
            None => true,
            // ASCII that `char::is_whitespace` does not call whitespace: not blank.
            Some(b) if b.is_ascii() && !matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') => {
                false
            }
            Some(_) => cell.is_blank(),
        },
        other => other.is_blank(),
    }
}

/// A cell's text as `CellValue::to_text` gives it, borrowed when the cell holds text.
fn cell_text(cell: &CellValue) -> Cow<'_, str> {
    match cell {
        CellValue::Text(s) => Cow::Borrowed(s.trim()),
        other => Cow::Owned(other.to_text()),
    }
}

/// A cell's text (`CellValue::to_text`) in a buffer from `pool`.
fn text_in(cell: &CellValue, pool: &mut TextPool) -> String {
    pool.copy(&cell_text(cell))
}

/// [`text_in`], moving the text out of a text cell that needs no trimming (nearly all)
/// rather than copying it: the cell gets an empty buffer from `pool` in exchange, which
/// the reader fills with the next row's text.
fn take_text(cell: &mut CellValue, pool: &mut TextPool) -> String {
    match cell {
        CellValue::Text(text) if text.trim().len() == text.len() => {
            std::mem::replace(text, pool.take())
        }
        other => text_in(other, pool),
    }
}

/// Evidence references: one per line or per `;`.
#[cfg(test)]
fn split_evidence(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    split_evidence_into(text, &mut out, &mut TextPool::default());
    out
}

/// [`split_evidence`], appending to `out` in buffers from `pool`.
fn split_evidence_into(text: &str, out: &mut Vec<String>, pool: &mut TextPool) {
    for reference in text.split(['\n', ';']).map(str::trim) {
        if !reference.is_empty() {
            out.push(pool.copy(reference));
        }
    }
}

/// Does `text` open with a word that notes open with ([`NOTE_OPENERS`])?
fn opens_like_a_note(text: &str) -> bool {
    let lower = text.trim_start().to_lowercase();
    NOTE_OPENERS.iter().any(|opener| {
        lower.strip_prefix(opener).is_some_and(|rest| {
            opener.starts_with(|c: char| !c.is_alphanumeric())
                || !rest.starts_with(|c: char| c.is_alphanumeric())
        })
    })
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

    /// Items built in the buffers of recycled items are the items a fresh builder makes.
    #[test]
    fn recycled_buffers_build_the_same_items() {
        let map = columns(&[
            "POAM ID",
            "Control",
            "Severity",
            "Status",
            "Milestones",
            "Evidence",
            "Mystery",
        ]);
        let rows = [
            text_row(
                2,
                &[
                    "P-1",
                    "3.1.1, AC-2",
                    "High",
                    "Open",
                    "2026-01-05: a\n2026-02-05: b (done)",
                    "x.pdf",
                    "m",
                ],
            ),
            text_row(
                3,
                &["P-2", "3.1.8", "Severe", "Closed 2026-01-02", "", "", ""],
            ),
            text_row(4, &["P-3", "", "", "", "Deploy by 2026-03-01", "a; b", "n"]),
            text_row(5, &["P-4", "3.15.1", "Low", "Open", "", "", ""]),
        ];
        let fresh = build_items(&map, &rows, false);
        let mut builder = ItemBuilder::new(&map, false);
        let mut recycled = Vec::new();
        // One row buffer refilled each time, as the readers do: the builder moves text
        // out of its cells and leaves buffers of recycled items in their place.
        let mut buffer = rows[0].clone();
        for row in rows.iter().chain(&rows) {
            buffer.number = row.number;
            buffer.cells.clone_from(&row.cells);
            builder.add_row(&mut buffer);
            while let Some(item) = builder.take_ready() {
                recycled.push(item.clone());
                builder.recycle(item);
            }
        }
        builder.end_of_sheet();
        while let Some(item) = builder.take_ready() {
            recycled.push(item);
        }
        assert_eq!(recycled.len(), 8);
        assert_eq!(&recycled[..4], &fresh[..]);
        assert_eq!(&recycled[4..], &fresh[..]);
    }

    /// Rows added with their milestones parsed ahead (`RowPrep`, as the reading thread
    /// does) build the items `add_row` builds: a milestone-changes column, a
    /// continuation row, a Milestone ID beside one milestone, an unparsed held row.
    #[test]
    fn milestones_parsed_ahead_build_the_same_items() {
        let map = columns(&["POAM ID", "Control", "Milestones", "Milestone Changes"]);
        let rows = [
            text_row(
                1,
                &["POAM ID", "Control", "Milestones", "Milestone Changes"],
            ),
            text_row(
                2,
                &[
                    "P-1",
                    "3.1.1",
                    "(01) 2026-01-05: a\n(02) 2026-02-05: b",
                    "(02) Complete 2026-02-01: b done",
                ],
            ),
            text_row(3, &["", "", "2026-03-01: c (done)", ""]),
            text_row(4, &["P-2", "AC.L2-3.1.1", "Deploy by 2026-03-01", ""]),
            text_row(5, &["P-3", "3.1.8, AC-2", "", "n/a"]),
        ];
        let expected = build_items(&map, &rows[1..], false);
        let Some(prep) = RowPrep::new(&map, 1) else {
            panic!("a milestones column is worth parsing ahead");
        };
        let mut builder = ItemBuilder::new(&map, false);
        let mut pool = TextPool::default();
        let mut prepared = PreparedRow::default();
        let mut items = Vec::new();
        // Three rounds, each reusing the buffers of the one before: every row parsed
        // ahead; every other row left to the builder (`PreparedRow::clear`, as the
        // reading thread does when the builder waits for it); no row parsed ahead.
        for round in 0..3 {
            for row in &rows {
                let mut row = row.clone();
                prep.prepare(&row, &mut prepared, &mut pool);
                if round == 2 || (round == 1 && row.number % 2 == 0) {
                    prepared.clear();
                }
                if row.number > 1 {
                    builder.add_prepared_row(&mut row, &mut prepared);
                }
                while let Some(item) = builder.take_ready() {
                    items.push(item.clone());
                    builder.recycle(item);
                }
            }
        }
        builder.end_of_sheet();
        items.extend(std::iter::from_fn(|| builder.take_ready()));
        assert_eq!(items.len(), 9);
        for round in items.chunks(3) {
            assert_eq!(round, &expected[..]);
        }
        assert_eq!(items[0].milestones.len(), 3);
        assert_eq!(items[0].milestones[2].row, 3);
        assert!(items[0].milestones[1].done, "marked done by its change");
        // The header row is not parsed.
        prep.prepare(&rows[0], &mut prepared, &mut pool);
        assert_eq!(prepared.row, 0);
        // The builder takes the milestones parsed ahead rather than parsing again.
        prep.prepare(&rows[3], &mut prepared, &mut pool);
        prepared.milestones[0].text = "parsed ahead".to_owned();
        builder.add_prepared_row(&mut rows[3].clone(), &mut prepared);
        builder.end_of_sheet();
        let item = builder.take_ready();
        assert_eq!(
            item.map(|i| i.milestones[0].text.clone()).as_deref(),
            Some("parsed ahead")
        );
    }

    #[test]
    fn structured_milestones_are_not_parsed_ahead() {
        let emass = columns(&["POAM ID", "Milestone Description", "Milestone Date"]);
        assert!(RowPrep::new(&emass, 1).is_none());
        let none = columns(&["POAM ID", "Control"]);
        assert!(RowPrep::new(&none, 1).is_none());
    }

    /// The requirement cache answers as parsing does, for cells read again and for
    /// cells that are not one known requirement (never cached).
    #[test]
    fn cached_requirement_cells_read_as_parsed() {
        let mut cache = RequirementCache::default();
        for text in [
            "3.1.1",
            "AC.L2-3.1.1",
            "3.15.1",
            "3.1.1, 3.1.2",
            "AC-2",
            "3.1.1",
        ] {
            for _ in 0..2 {
                let mut cached = vec![RequirementRef::Unparsed("before".to_owned())];
                cache.parse_into(text, &mut cached);
                let mut parsed = vec![RequirementRef::Unparsed("before".to_owned())];
                parse_requirement_list_into(text, &mut parsed);
                assert_eq!(cached, parsed, "{text}");
            }
        }
        assert_eq!(cache.seen.len(), 2, "3.1.1 and AC.L2-3.1.1");
    }

    #[test]
    fn prose_under_the_last_item_is_a_note() {
        let map = columns(&["POAM ID", "Weakness", "Control", "Status"]);
        let rows = [
            text_row(2, &["P-1", "Weak passwords", "3.5.7", "Open"]),
            text_row(
                3,
                &["Instructions: fill in one row per weakness", "", "", ""],
            ),
            text_row(5, &["Prepared by J. Smith, ISSO, 2026-03-01", "", "", ""]),
        ];
        let mut builder = ItemBuilder::new(&map, false);
        for row in &rows {
            builder.push_row(row);
        }
        builder.end_of_sheet();
        assert_eq!(
            builder.note_rows(),
            &[
                (3, "Instructions: fill in one row per weakness".to_owned()),
                (5, "Prepared by J. Smith, ISSO, 2026-03-01".to_owned()),
            ]
        );
        let items = builder.finish();
        assert_eq!(items.iter().map(|i| i.row).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn rows_that_only_look_like_notes_stay_items() {
        let map = columns(&["POAM ID", "Weakness", "Control", "Status"]);
        let rows = [
            text_row(2, &["P-1", "Weak passwords", "3.5.7", "Open"]),
            // Prose in the id column, but an item follows: it is an item.
            text_row(3, &["see the ticket for this one", "", "", ""]),
            text_row(4, &["P-3", "", "", ""]),
            // An id-shaped value alone, and an id with a weakness, at the end.
            text_row(5, &["P-4", "", "", ""]),
            text_row(6, &["P-5", "Shared admin accounts on the firewall", "", ""]),
            // A weakness alone, not opening like a note.
            text_row(7, &["", "Shared admin accounts on the firewall", "", ""]),
            // Prose in the status column is never a note.
            text_row(8, &["", "", "", "Note: waiting on the vendor to respond"]),
        ];
        let mut builder = ItemBuilder::new(&map, false);
        for row in &rows {
            builder.push_row(row);
        }
        builder.end_of_sheet();
        assert!(builder.note_rows().is_empty(), "{:?}", builder.note_rows());
        let items = builder.finish();
        assert_eq!(
            items.iter().map(|i| i.row).collect::<Vec<_>>(),
            [2, 3, 4, 5, 6, 7, 8]
        );
        assert_eq!(items[1].id.as_deref(), Some("see the ticket for this one"));
    }

    #[test]
    fn note_openers() {
        assert!(opens_like_a_note("Note: x"));
        assert!(opens_like_a_note("NOTES - x"));
        assert!(opens_like_a_note("* Items in red are overdue"));
        assert!(opens_like_a_note("Prepared by J. Smith"));
        assert!(!opens_like_a_note("Notebook encryption missing"));
        assert!(!opens_like_a_note("Sourcecode review"));
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

//! `poam set FILE ID [--status S] [--status-date D] [--evidence E]… [--completion D]
//! [--milestone "D: text"]… [--owner O] [--comment TEXT]`: an owner's update of one item,
//! written back without touching anything else in the file (PRODUCT.md §6).
//!
//! The order of work is what makes refusals safe: read the file, find the item, check
//! every argument and every column, compute the new cell values, build the new file in
//! memory (`io::patch`), and only then replace the file atomically. Anything refused before
//! the last step leaves the file byte-identical and exits 2 with a message that names it.
//!
//! This file also holds what `close` and `add` share: [`Target`] (the file being changed)
//! and the printing of cell changes.

use crate::cli::{EvidenceOptions, SetArgs, WriteOptions};
use crate::commands::rules::edit_distance;
use crate::config::Config;
use crate::evidence::{
    self, manifest, EvidenceFiles, EvidenceRoot, FileState, Manifest, Reference,
};
use crate::io::cell::{CellValue, Row};
use crate::io::patch::{self, CellEdit, NewValue, Patched};
use crate::io::{self, columns};
use crate::model::{vocab, Field, Item, Location, Poam, SourceFormat, Status, Vocab};
use anyhow::anyhow;
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub fn run(args: &SetArgs) -> anyhow::Result<i32> {
    let request = Request {
        status: args.status.clone(),
        status_date: args.status_date.clone(),
        evidence: args.evidence.clone(),
        completion: args.completion.clone(),
        milestones: args.milestone.clone(),
        owner: args.owner.clone(),
        comment: args.comment.clone(),
    };
    update_item(
        &args.file,
        &args.id,
        &request,
        &args.write,
        &args.evidence_opts,
    )
}

/// What to change on one item; every value still as typed (checked in [`update_item`], so
/// that a refusal can name the file).
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub status: Option<String>,
    pub status_date: Option<String>,
    pub evidence: Vec<String>,
    pub completion: Option<String>,
    pub milestones: Vec<String>,
    pub owner: Option<String>,
    pub comment: Option<String>,
}

/// Change the fields `request` names on the item `id` of `file`. Shared by `set` and
/// `close`. Exit 0 on success (or nothing to change); every refusal is an error (exit 2).
pub fn update_item(
    file: &Path,
    id: &str,
    request: &Request,
    write: &WriteOptions,
    ev: &EvidenceOptions,
) -> anyhow::Result<i32> {
    let target = Target::open(file, write)?;
    let today = target.today(write.as_of.as_deref())?;
    let item = target.find_item(id)?;
    let raw = target.raw_row(item.row)?;
    let plan = plan_changes(&target, item, &raw, request, today)?;
    let recording = plan_evidence_record(&target, item, &plan, ev, today)?;
    if plan.changes.is_empty() && recording.is_none() {
        super::emit(
            None,
            &format!(
                "{}: nothing to change on {} (the cells already hold these values)\n",
                target.display,
                item.label()
            ),
        )?;
        return Ok(0);
    }
    if !write.dry_run && !plan.changes.is_empty() {
        target.check_writable()?;
    }
    let patched = if plan.changes.is_empty() {
        Patched::default()
    } else {
        target.patch(&plan.edits())?
    };
    target.print_changes(&plan.changes, &patched);
    for note in &plan.notes {
        eprintln!("poam: note: {}: {note}", target.display);
    }
    if write.dry_run {
        if let Some(r) = &recording {
            println!(
                "would record {} evidence hash(es) in {}",
                r.added,
                r.path.display()
            );
        }
        println!("dry run: {} was not changed", target.display);
        return Ok(0);
    }
    if !plan.changes.is_empty() {
        target.commit(&patched, write.backup)?;
    }
    if let Some(r) = recording {
        r.write()?;
    }
    Ok(0)
}

/// The file being changed: its path, its bytes as read, the POA&M read from them, and
/// the `poam.toml` it was read under.
pub struct Target {
    pub path: PathBuf,
    pub display: String,
    pub original: Vec<u8>,
    pub poam: Poam,
    pub config: Config,
}

impl Target {
    /// Read the file and its POA&M as `validate` reads it (`poam.toml`'s sheet, column
    /// aliases and synonyms). A file that cannot be read, or that is not a workbook `poam`
    /// can write (XLSX, XLSM, CSV), is refused.
    pub fn open(path: &Path, write: &WriteOptions) -> anyhow::Result<Target> {
        let display = path.display().to_string();
        let config = super::resolve_config(&write.config)?;
        let poam = super::read_poam(path, &display, write.sheet.as_deref(), &config)
            .map_err(|e| anyhow!("{e}; the file was not changed"))?;
        let original = std::fs::read(path)
            .map_err(|e| anyhow!("{display} could not be read ({e}); the file was not changed"))?;
        let target = Target {
            path: path.to_path_buf(),
            display,
            original,
            poam,
            config,
        };
        if !matches!(target.poam.format, SourceFormat::Xlsx | SourceFormat::Csv) {
            return Err(target.refuse(
                "poam changes .xlsx, .xlsm and .csv files only; save the workbook as .xlsx \
                 and try again",
            ));
        }
        Ok(target)
    }

    /// The refusal message: the file, that it was not changed, and why.
    pub fn refuse(&self, why: impl std::fmt::Display) -> anyhow::Error {
        anyhow!("{} was not changed: {why}", self.display)
    }

    /// "Today": `--as-of`, else the clock.
    pub fn today(&self, as_of: Option<&str>) -> anyhow::Result<NaiveDate> {
        let given = as_of.map(|d| self.date_arg("--as-of", d)).transpose()?;
        Ok(super::validate::today(given))
    }

    /// A date argument, ISO 8601 only (no guessing about day and month order).
    pub fn date_arg(&self, flag: &str, text: &str) -> anyhow::Result<NaiveDate> {
        crate::cli::parse_iso_date(text).map_err(|e| self.refuse(format!("{flag}: {e}")))
    }

    /// A status argument, from the status vocabulary (synonyms such as Completed allowed).
    pub fn status_arg(&self, text: &str) -> anyhow::Result<Status> {
        match vocab::parse_status(text) {
            Vocab::Known(s) => Ok(s),
            Vocab::Unknown(_) => Err(self.refuse(format!(
                "--status '{text}' is not a status; use Open, In Progress, Delayed or Closed"
            ))),
        }
    }

    /// The column of `field`, or a refusal that says which header to add.
    pub fn column(&self, field: Field) -> anyhow::Result<u32> {
        if let Some(col) = self.poam.columns.column(field) {
            return Ok(col);
        }
        let header = super::init::COLUMNS
            .iter()
            .find(|(_, f, _)| *f == field)
            .map_or(field.label(), |(name, _, _)| *name);
        let place = match &self.poam.sheet {
            Some(sheet) => format!("sheet '{sheet}' row {}", self.poam.header_row),
            None => format!("line {}", self.poam.header_row),
        };
        let fedramp = if field == Field::Status {
            " (a FedRAMP workbook has no Status column: it closes an item by moving its row \
             to the Closed sheet)"
        } else {
            ""
        };
        Err(self.refuse(format!(
            "it has no {} column{fedramp}; add a column headed '{header}' to the header on \
             {place} and try again",
            field.label()
        )))
    }

    /// The one item with this id: exact (trimmed) first, then ignoring case. An unknown id
    /// is refused with the nearest ids; an id held by several items is refused with their
    /// rows.
    pub fn find_item(&self, id: &str) -> anyhow::Result<&Item> {
        let wanted = id.trim();
        let items = &self.poam.items;
        let exact: Vec<&Item> = items
            .iter()
            .filter(|i| i.id.as_deref().map(str::trim) == Some(wanted))
            .collect();
        let found = if exact.is_empty() {
            items
                .iter()
                .filter(|i| {
                    i.id.as_deref()
                        .is_some_and(|x| x.trim().eq_ignore_ascii_case(wanted))
                })
                .collect()
        } else {
            exact
        };
        match found.as_slice() {
            [one] => Ok(one),
            [] => Err(self.refuse(format!(
                "there is no item with id '{wanted}'{}",
                self.nearest_ids(wanted)
            ))),
            many => {
                let rows: Vec<String> = many.iter().map(|i| i.row.to_string()).collect();
                Err(self.refuse(format!(
                    "id '{wanted}' is held by {} items ({} {}); give each item its own id \
                     first",
                    many.len(),
                    self.row_word(),
                    rows.join(", ")
                )))
            }
        }
    }

    fn row_word(&self) -> &'static str {
        match self.poam.format {
            SourceFormat::Csv => "lines",
            _ => "rows",
        }
    }

    /// `; did you mean POAM-AC-001 or POAM-AC-002?`, or an empty string.
    fn nearest_ids(&self, wanted: &str) -> String {
        let lower = wanted.to_lowercase();
        let mut scored: Vec<(usize, &str)> = self
            .poam
            .items
            .iter()
            .filter_map(|i| i.id.as_deref().map(str::trim))
            .map(|id| (edit_distance(&lower, &id.to_lowercase()), id))
            .filter(|(d, id)| *d <= (id.chars().count() / 3).max(3))
            .collect();
        scored.sort();
        scored.dedup_by(|a, b| a.1 == b.1);
        let names: Vec<&str> = scored.iter().take(3).map(|(_, id)| *id).collect();
        match names.as_slice() {
            [] => format!(" ({} items; none has a similar id)", self.poam.items.len()),
            [one] => format!("; did you mean {one}?"),
            [rest @ .., last] => format!("; did you mean {} or {last}?", rest.join(", ")),
        }
    }

    /// The row's cells as the reader saw them (for the old values and for appending lines).
    pub fn raw_row(&self, row: u32) -> anyhow::Result<Row> {
        let classify = |text: &str| columns::poam_key(text, &[]);
        let table = io::read_table(
            &self.path,
            &self.display,
            self.poam.sheet.as_deref(),
            &classify,
            &[],
        )
        .map_err(|e| anyhow!("{e}; the file was not changed"))?;
        Ok(table
            .rows
            .into_iter()
            .find(|r| r.number == row)
            .unwrap_or(Row {
                number: row,
                cells: Vec::new(),
            }))
    }

    pub fn location(&self, row: u32, col: u32) -> Location {
        Location::cell(self.poam.sheet.as_deref(), row, col)
    }

    /// The new file, built in memory. A workbook the patcher cannot edit is refused.
    pub fn patch(&self, edits: &[CellEdit]) -> anyhow::Result<Patched> {
        let result = match (&self.poam.format, &self.poam.sheet) {
            (SourceFormat::Xlsx, Some(sheet)) => patch::patch_xlsx(&self.original, sheet, edits),
            _ => patch::patch_csv(&self.original, edits),
        };
        result.map_err(|e| self.refuse(e))
    }

    /// Refuse early when the file or its folder may not be written.
    pub fn check_writable(&self) -> anyhow::Result<()> {
        let meta = std::fs::metadata(&self.path).map_err(|e| self.refuse(e))?;
        if meta.permissions().readonly() {
            return Err(self.refuse("it is read-only; make it writable and try again"));
        }
        let folder = manifest::folder_of(&self.path);
        let folder_meta = std::fs::metadata(&folder).map_err(|e| self.refuse(e))?;
        // Read-only means "do not change", even for a user (such as root) whom the system
        // would let write anyway. The temporary file of the atomic write lives there.
        if folder_meta.permissions().readonly() {
            return Err(self.refuse(format!(
                "its folder {} is read-only, and the file is replaced through a temporary \
                 file there; make the folder writable and try again",
                folder.display()
            )));
        }
        Ok(())
    }

    /// Replace the file with the patched bytes (atomically; `backup` keeps FILE.bak).
    pub fn commit(&self, patched: &Patched, backup: bool) -> anyhow::Result<()> {
        self.check_writable()?;
        patch::write_atomically(&self.path, &patched.bytes, backup)
            .map_err(|e| self.refuse(format!("it could not be written ({e})")))?;
        let bak = if backup {
            format!(" (the previous version is {}.bak)", self.display)
        } else {
            String::new()
        };
        println!("updated {}{bak}", self.display);
        Ok(())
    }

    /// Print each change (`POA&M!K12: "Open" → "Closed"`), and the patcher's warnings
    /// (formula-looking text in a CSV) on stderr.
    pub fn print_changes(&self, changes: &[Change], patched: &Patched) {
        let mut out = String::new();
        for c in changes {
            let _ = writeln!(
                out,
                "{}: {} → {}",
                c.location,
                quoted(&c.old),
                quoted(&shown(&c.new))
            );
        }
        print!("{out}");
        for w in &patched.warnings {
            eprintln!("poam: warning: {}: {w}", self.display);
        }
    }
}

/// One cell to change, with its old value for the printout.
#[derive(Debug, Clone)]
pub struct Change {
    pub location: Location,
    pub row: u32,
    pub col: u32,
    pub old: String,
    pub new: NewValue,
}

/// The changes to make to one item, and what the item will look like after them.
#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// The status after the change (known statuses only).
    pub status_after: Option<Status>,
    /// Every evidence reference after the change.
    pub evidence_after: Vec<String>,
    /// The references this change adds.
    pub evidence_added: Vec<String>,
    /// The item's status date after the change.
    pub status_date_after: Option<NaiveDate>,
    /// Things the user should know about a change that is still made (stderr).
    pub notes: Vec<String>,
}

impl Plan {
    pub fn edits(&self) -> Vec<CellEdit> {
        self.changes
            .iter()
            .map(|c| CellEdit {
                row: c.row,
                col: c.col,
                value: c.new.clone(),
            })
            .collect()
    }

    /// Add a change unless the cell already holds that value.
    fn set(&mut self, target: &Target, raw: &Row, col: u32, new: NewValue) {
        let old = raw.get(col).to_text();
        if old == shown(&new) {
            return;
        }
        self.changes.push(Change {
            location: target.location(raw.number, col),
            row: raw.number,
            col,
            old,
            new,
        });
    }
}

/// Check every argument against the item and the workbook, and compute the new cells.
pub fn plan_changes(
    target: &Target,
    item: &Item,
    raw: &Row,
    req: &Request,
    today: NaiveDate,
) -> anyhow::Result<Plan> {
    let mut plan = Plan {
        status_after: item.status.as_ref().and_then(Vocab::known),
        evidence_after: item.evidence.clone(),
        status_date_after: item.status_date.as_ref().and_then(|d| d.date()),
        ..Plan::default()
    };
    let new_status = req
        .status
        .as_deref()
        .map(|s| target.status_arg(s))
        .transpose()?;
    let status_date = req
        .status_date
        .as_deref()
        .map(|d| target.date_arg("--status-date", d))
        .transpose()?;
    let completion = req
        .completion
        .as_deref()
        .map(|d| target.date_arg("--completion", d))
        .transpose()?;
    let milestones = req
        .milestones
        .iter()
        .map(|m| milestone_line(target, m))
        .collect::<anyhow::Result<Vec<String>>>()?;
    let owner = req.owner.as_deref().map(str::trim);
    if owner == Some("") {
        return Err(target.refuse("--owner is empty; name the person accountable for the item"));
    }
    let comment = req
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let evidence: Vec<String> = req
        .evidence
        .iter()
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty())
        .collect();

    // Check every column before changing anything, so one refusal names every need.
    let status_col = new_status
        .map(|_| target.column(Field::Status))
        .transpose()?;
    let status_date_col = match status_date {
        Some(_) => Some(target.column(Field::StatusDate)?),
        None => target.poam.columns.column(Field::StatusDate),
    };
    let evidence_col = (!evidence.is_empty())
        .then(|| target.column(Field::Evidence))
        .transpose()?;
    let completion_col = completion
        .map(|_| target.column(Field::Completion))
        .transpose()?;
    let milestones_col = (!milestones.is_empty())
        .then(|| target.column(Field::Milestones))
        .transpose()?;
    let owner_col = owner.map(|_| target.column(Field::Owner)).transpose()?;
    let comment_col = comment
        .map(|_| target.column(Field::Comments))
        .transpose()?;

    if let (Some(status), Some(col)) = (new_status, status_col) {
        let changes_status = plan.status_after != Some(status);
        plan.set(target, raw, col, NewValue::Text(status.label().to_owned()));
        plan.status_after = Some(status);
        // The status date follows a change of status (PRODUCT.md §6): --status-date, else
        // --as-of, else today; only when the workbook has a status-date column.
        if changes_status && status_date.is_none() {
            match status_date_col {
                Some(col) => {
                    plan.set(target, raw, col, NewValue::Date(today));
                    plan.status_date_after = Some(today);
                }
                // The change is still made (refusing would block every owner of such a
                // workbook), but the user learns that its date is lost.
                None => plan.notes.push(
                    "the workbook has no status-date column, so the date of this change is \
                     not recorded; add a 'Status Date' column"
                        .to_owned(),
                ),
            }
        }
    }
    if let (Some(date), Some(col)) = (status_date, status_date_col) {
        plan.set(target, raw, col, NewValue::Date(date));
        plan.status_date_after = Some(date);
    }
    if let Some(col) = evidence_col {
        for reference in &evidence {
            // A reference already there is not added twice (PRODUCT.md §6), however it is
            // written (`./a/b.pdf`, `a\b.pdf`); a new one is kept as the user typed it.
            if plan
                .evidence_after
                .iter()
                .any(|r| evidence::same_reference(r, reference))
            {
                continue;
            }
            plan.evidence_after.push(reference.clone());
            plan.evidence_added.push(reference.clone());
        }
        if !plan.evidence_added.is_empty() {
            let text = append_entries(&raw_text(raw, col), &plan.evidence_added);
            plan.set(target, raw, col, NewValue::Text(text));
        }
    }
    if let (Some(date), Some(col)) = (completion, completion_col) {
        plan.set(target, raw, col, NewValue::Date(date));
    }
    if let Some(col) = milestones_col {
        let existing = raw_text(raw, col);
        let changes = target
            .poam
            .columns
            .column(Field::MilestoneChanges)
            .map(|c| raw_text(raw, c))
            .unwrap_or_default();
        let numbered = number_milestones(&existing, &changes, &milestones);
        plan.set(
            target,
            raw,
            col,
            NewValue::Text(append_entries(&existing, &numbered)),
        );
    }
    if let (Some(owner), Some(col)) = (owner, owner_col) {
        plan.set(target, raw, col, NewValue::Text(owner.to_owned()));
    }
    if let (Some(comment), Some(col)) = (comment, comment_col) {
        let text = append_entries(&raw_text(raw, col), &[comment.to_owned()]);
        plan.set(target, raw, col, NewValue::Text(text));
    }
    if new_status == Some(Status::Closed) && plan.evidence_after.is_empty() {
        return Err(target.refuse(format!(
            "{} cannot be closed without evidence; add --evidence with the file, ticket or \
             URL that proves the closure",
            item.label()
        )));
    }
    Ok(plan)
}

/// The cell's text exactly as stored (not trimmed), for appending to it.
fn raw_text(raw: &Row, col: u32) -> String {
    match raw.get(col) {
        CellValue::Text(text) => text.clone(),
        CellValue::Empty => String::new(),
        other => other.to_text(),
    }
}

/// `existing` with `entries` added after it. The existing text is kept byte for byte
/// (inner spaces, blank lines, line endings); each entry goes on a new line, or after a
/// blank line when the cell already separates its entries with blank lines (the FedRAMP
/// template asks for milestones "separated with a blank line", header note of column M).
/// A cell holding only whitespace is replaced.
pub fn append_entries(existing: &str, entries: &[String]) -> String {
    if existing.trim().is_empty() {
        return entries.join("\n");
    }
    let newline = if existing.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let wanted = if uses_blank_lines(existing) { 2 } else { 1 };
    let mut out = existing.to_owned();
    for entry in entries {
        // The text may already end with a line break or two: add only what is missing.
        let present = trailing_line_breaks(&out);
        out.push_str(&newline.repeat(wanted - present.min(wanted)));
        out.push_str(entry);
    }
    out
}

/// Whether the entries of a cell are separated by a blank line.
fn uses_blank_lines(text: &str) -> bool {
    text.trim().lines().any(|line| line.trim().is_empty())
}

/// How many line breaks end `text` (spaces between them ignored).
fn trailing_line_breaks(text: &str) -> usize {
    let tail = &text[text.trim_end().len()..];
    tail.matches('\n').count()
}

/// New milestone lines, numbered `(NN)` when the cell's milestones are numbered that way
/// (FedRAMP: "(##) xxxx-xx-xx: Milestone Description", template row 7 of column M). The
/// number follows the highest one in the milestones and the milestone-changes cells,
/// because "Milestone Number should be unique to each milestone" and new milestones may
/// already have been numbered in Milestone Changes (template header notes of columns M, N).
fn number_milestones(existing: &str, changes: &str, lines: &[String]) -> Vec<String> {
    let first = existing.lines().find(|l| !l.trim().is_empty());
    let Some((_, width)) = first.and_then(milestone_number) else {
        return lines.to_vec();
    };
    let highest = existing
        .lines()
        .chain(changes.lines())
        .filter_map(milestone_number)
        .map(|(n, _)| n)
        .max()
        .unwrap_or(0);
    (highest.saturating_add(1)..)
        .zip(lines)
        .map(|(n, line)| format!("({n:0width$}) {line}"))
        .collect()
}

/// `(12) …` → (12, the digits' width when zero-padded such as `(03)`, else 1).
fn milestone_number(line: &str) -> Option<(u64, usize)> {
    let rest = line.trim_start().strip_prefix('(')?;
    let (digits, _) = rest.split_once(')')?;
    let digits = digits.trim();
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let width = if digits.starts_with('0') {
        digits.len()
    } else {
        1
    };
    Some((digits.parse().ok()?, width))
}

/// `--milestone "2026-03-01: text"` → the line `2026-03-01: text`.
pub fn milestone_line(target: &Target, text: &str) -> anyhow::Result<String> {
    let bad = || {
        target.refuse(format!(
            "--milestone '{text}' is not in the form \"YYYY-MM-DD: what will be done\""
        ))
    };
    let (date, what) = text.split_once(':').ok_or_else(bad)?;
    let date = target.date_arg("--milestone", date)?;
    let what = what.trim();
    if what.is_empty() {
        return Err(bad());
    }
    Ok(format!("{}: {what}", date.format("%Y-%m-%d")))
}

/// A value as the printout shows it (and as the cell will read back).
pub fn shown(value: &NewValue) -> String {
    match value {
        NewValue::Text(t) => t.clone(),
        NewValue::Date(d) => d.format("%Y-%m-%d").to_string(),
        NewValue::Number(n) => crate::io::cell::format_number(*n),
        NewValue::Blank => String::new(),
    }
}

/// `"text"` with line breaks shown as `\n`, so each change stays on one line.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('\n', "\\n"))
}

/// Hashes to record in the evidence manifest after the write.
pub struct Recording {
    pub path: PathBuf,
    pub manifest: Manifest,
    pub added: usize,
}

impl Recording {
    pub fn write(&self) -> anyhow::Result<()> {
        patch::write_atomically(&self.path, self.manifest.to_json().as_bytes(), false).map_err(
            |e| {
                anyhow!(
                    "the evidence manifest {} could not be written ({e})",
                    self.path.display()
                )
            },
        )?;
        println!(
            "recorded {} evidence hash(es) in {}",
            self.added,
            self.path.display()
        );
        Ok(())
    }
}

/// With `--evidence-root` or `--evidence-manifest`: every file the change adds (and, when
/// the item ends up Closed, every file it names) must exist under the root; the hashes of
/// a closed item's files are recorded in the manifest. None without those options.
pub fn plan_evidence_record(
    target: &Target,
    item: &Item,
    plan: &Plan,
    ev: &EvidenceOptions,
    today: NaiveDate,
) -> anyhow::Result<Option<Recording>> {
    let configured_root = ev
        .evidence_root
        .clone()
        .or_else(|| target.config.defaults.evidence_root.clone());
    if configured_root.is_none() && ev.evidence_manifest.is_none() {
        return Ok(None);
    }
    let root_path = configured_root.unwrap_or_else(|| manifest::folder_of(&target.path));
    let root = EvidenceRoot::open(&root_path).map_err(|e| target.refuse(e))?;
    let closed = plan.status_after == Some(Status::Closed);
    let to_check: &[String] = if closed {
        &plan.evidence_after
    } else {
        &plan.evidence_added
    };
    let mut files = Vec::new();
    for reference in to_check {
        match evidence::classify(reference) {
            Reference::File(relative) => match root.state(&relative) {
                FileState::File { sha256, size } => files.push((reference, sha256, size)),
                FileState::Folder => {}
                FileState::Missing => {
                    return Err(target.refuse(format!(
                        "evidence \"{reference}\" does not exist (looked for {}); save it under \
                         the evidence root {} or correct the reference",
                        root.shown(&relative),
                        root_path.display()
                    )))
                }
                FileState::Unreadable(why) => {
                    return Err(target.refuse(format!(
                        "evidence \"{reference}\" could not be read ({why})"
                    )))
                }
            },
            Reference::OutsideRoot => {
                return Err(target.refuse(format!(
                    "evidence \"{reference}\" points outside the evidence root {}",
                    root_path.display()
                )))
            }
            Reference::NotAFile => {}
        }
    }
    let Some(id) = item.id.as_deref().map(str::trim) else {
        return Ok(None);
    };
    if !closed || files.is_empty() {
        return Ok(None);
    }
    let path = evidence::manifest_path(&target.path, ev.evidence_manifest.as_deref());
    let mut manifest = Manifest::load_or_new(&path).map_err(|e| target.refuse(e))?;
    manifest.root = Some(manifest::relative_to(
        &manifest::folder_of(&path),
        &root_path,
    ));
    let recorded = plan.status_date_after.unwrap_or(today);
    let mut added = 0;
    for (reference, sha256, size) in files {
        let entry = evidence::Entry {
            item: id.to_owned(),
            reference: reference.clone(),
            sha256,
            size,
            recorded: recorded.format("%Y-%m-%d").to_string(),
        };
        if manifest.record(entry) {
            added += 1;
        }
    }
    if added == 0 {
        return Ok(None);
    }
    Ok(Some(Recording {
        path,
        manifest,
        added,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn appending_keeps_the_existing_text_and_its_separator() {
        assert_eq!(append_entries("", &lines(&["a"])), "a");
        assert_eq!(append_entries("  \n ", &lines(&["a", "b"])), "a\nb");
        assert_eq!(append_entries("x \ny", &lines(&["a"])), "x \ny\na");
        assert_eq!(append_entries("x\n", &lines(&["a"])), "x\na");
        assert_eq!(
            append_entries("x\n\ny \nz", &lines(&["a", "b"])),
            "x\n\ny \nz\n\na\n\nb"
        );
        assert_eq!(append_entries("x\n\ny\n", &lines(&["a"])), "x\n\ny\n\na");
        assert_eq!(append_entries("x\r\ny", &lines(&["a"])), "x\r\ny\r\na");
    }

    #[test]
    fn numbered_milestones_continue_after_the_highest_number() {
        let m = "(1) 2014/05/23: Milestone Description\n\n(2) 2014-06-12: Milestone \nDescription";
        let changes = "(2) Update 2014-06-18 : delayed\n\n(3) New 2014-06-13 : new";
        assert_eq!(
            number_milestones(m, changes, &lines(&["2014-08-01: x", "2014-09-01: y"])),
            lines(&["(4) 2014-08-01: x", "(5) 2014-09-01: y"])
        );
        assert_eq!(
            number_milestones("(01) a\n(02) b", "", &lines(&["c"])),
            lines(&["(03) c"])
        );
        assert_eq!(
            number_milestones("2026-12-01: GPO approved", "(7) x", &lines(&["c"])),
            lines(&["c"])
        );
        assert_eq!(number_milestones("", "", &lines(&["c"])), lines(&["c"]));
    }
}

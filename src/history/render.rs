//! `poam diff` output: human, JSON (`"schema": "poam/diff/1"`) and Markdown. Nothing here
//! reads files or decides findings: it formats a finished [`DiffReport`].

use crate::history::{Changes, Slip};
use crate::model::location::LocationJson;
use crate::model::Poam;
use crate::output::human::place;
use crate::rules::{Finding, Level};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write;

/// A finished comparison of two versions.
pub struct DiffReport {
    pub old: Poam,
    pub new: Poam,
    pub changes: Changes,
    /// History findings, all located in the new file (see `rules::history`).
    pub findings: Vec<Finding>,
    pub as_of: NaiveDate,
}

impl DiffReport {
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }
}

/// A blank value, for people.
fn shown(value: &str) -> &str {
    if value.is_empty() {
        "(blank)"
    } else {
        value
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "1 new, 2 closed, …" — the counts a reader looks at first.
fn counts_line(c: &Changes) -> String {
    let changed_items = {
        let mut ids: Vec<&str> = c.changed.iter().map(|f| f.id.as_str()).collect();
        ids.dedup();
        ids.len()
    };
    format!(
        "{} new, {} closed, {} reopened, {} removed without being closed, {} with field \
         changes, {} slipped",
        c.new_items.len(),
        c.closed.len(),
        c.reopened.len(),
        c.removed.len(),
        changed_items,
        c.slipped.len()
    )
}

pub fn render_human(r: &DiffReport) -> String {
    let c = &r.changes;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} items) → {} ({} items)",
        r.old.file,
        r.old.items.len(),
        r.new.file,
        r.new.items.len()
    );
    let _ = writeln!(out, "{}", counts_line(c));
    for note in &c.notes {
        let _ = writeln!(out, "note: {note}");
    }
    write_id_list(&mut out, "New items", "+", &c.new_items);
    write_id_list(&mut out, "Closed", "✓", &c.closed);
    write_id_list(&mut out, "Reopened", "!", &c.reopened);
    write_id_list(&mut out, "Removed without being closed", "-", &c.removed);
    write_id_list(
        &mut out,
        "Removed after being closed",
        "-",
        &c.removed_closed,
    );
    if !c.slipped.is_empty() {
        let _ = writeln!(out, "\nSlipped");
        for slip in &c.slipped {
            let _ = writeln!(
                out,
                "  {}  {} → {}  +{}  {}",
                slip.id,
                slip.before,
                slip.after,
                plural(usize::try_from(slip.days()).unwrap_or(0), "day", "days"),
                explanation(slip)
            );
        }
    }
    if !c.changed.is_empty() {
        let _ = writeln!(out, "\nChanged");
        for f in &c.changed {
            let _ = writeln!(
                out,
                "  {}  {}: {} → {}",
                f.id,
                f.field,
                shown(&f.before),
                shown(&f.after)
            );
        }
    }
    if !r.findings.is_empty() {
        let _ = writeln!(out, "\nFindings");
        for f in &r.findings {
            let _ = writeln!(
                out,
                "  {}[{}] {}",
                f.level.as_str(),
                f.rule,
                place(&r.new.file, &f.location)
            );
            let _ = writeln!(out, "      {}", f.message);
        }
    }
    let _ = writeln!(
        out,
        "\nSummary: {}, {}",
        plural(r.count(Level::Error), "error", "errors"),
        plural(r.count(Level::Warning), "warning", "warnings")
    );
    out
}

/// Whether a slip says why: FedRAMP asks for a milestone change for every moved date
/// (rule completion-slipped).
fn explanation(slip: &Slip) -> &'static str {
    if slip.explained {
        "milestone change recorded"
    } else {
        "no milestone change recorded"
    }
}

fn write_id_list(out: &mut String, title: &str, mark: &str, ids: &[String]) {
    if ids.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    for id in ids {
        let _ = writeln!(out, "  {mark} {id}");
    }
}

#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    old: Side<'a>,
    new: Side<'a>,
    as_of: String,
    summary: Summary,
    new_items: &'a [String],
    closed: &'a [String],
    reopened: &'a [String],
    removed: &'a [String],
    removed_closed: &'a [String],
    changes: Vec<ChangeJson<'a>>,
    slipped: Vec<SlipJson<'a>>,
    notes: &'a [String],
    findings: Vec<FindingJson<'a>>,
}

#[derive(Serialize)]
struct Side<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    items: usize,
}

#[derive(Serialize)]
struct Summary {
    new: usize,
    closed: usize,
    reopened: usize,
    removed: usize,
    changed: usize,
    slipped: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    item: &'a str,
    field: &'a str,
    /// null when the cell was blank.
    before: Option<&'a str>,
    after: Option<&'a str>,
}

#[derive(Serialize)]
struct SlipJson<'a> {
    item: &'a str,
    before: String,
    after: String,
    days: i64,
    explained: bool,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'a str,
    level: Level,
    item: Option<&'a str>,
    file: &'a str,
    location: LocationJson,
    message: &'a str,
}

fn non_blank(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

fn side(p: &Poam) -> Side<'_> {
    Side {
        file: &p.file,
        sheet: p.sheet.as_deref(),
        items: p.items.len(),
    }
}

pub fn render_json(r: &DiffReport) -> String {
    let c = &r.changes;
    let doc = Json {
        schema: "poam/diff/1",
        old: side(&r.old),
        new: side(&r.new),
        as_of: r.as_of.to_string(),
        summary: Summary {
            new: c.new_items.len(),
            closed: c.closed.len(),
            reopened: c.reopened.len(),
            removed: c.removed.len(),
            changed: c.changed.len(),
            slipped: c.slipped.len(),
            errors: r.count(Level::Error),
            warnings: r.count(Level::Warning),
        },
        new_items: &c.new_items,
        closed: &c.closed,
        reopened: &c.reopened,
        removed: &c.removed,
        removed_closed: &c.removed_closed,
        changes: c
            .changed
            .iter()
            .map(|f| ChangeJson {
                item: &f.id,
                field: f.field,
                before: non_blank(&f.before),
                after: non_blank(&f.after),
            })
            .collect(),
        slipped: c
            .slipped
            .iter()
            .map(|s| SlipJson {
                item: &s.id,
                before: s.before.to_string(),
                after: s.after.to_string(),
                days: s.days(),
                explained: s.explained,
            })
            .collect(),
        notes: &c.notes,
        findings: r
            .findings
            .iter()
            .map(|f| FindingJson {
                rule: f.rule,
                level: f.level,
                item: f.item.as_deref(),
                file: &r.new.file,
                location: LocationJson::from(&f.location),
                message: &f.message,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| {
        // Serialising plain strings and numbers cannot fail; say so if it ever does.
        format!("{{\"schema\": \"poam/diff/1\", \"error\": \"{e}\"}}")
    });
    text.push('\n');
    text
}

/// A table cell: pipes escaped, line breaks as `<br>`.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

pub fn render_markdown(r: &DiffReport) -> String {
    let c = &r.changes;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## POA&M changes: `{}` → `{}`\n",
        r.old.file, r.new.file
    );
    let _ = writeln!(
        out,
        "{} items → {} items: {}.\n",
        r.old.items.len(),
        r.new.items.len(),
        counts_line(c)
    );
    let _ = writeln!(
        out,
        "**{}, {}** from the history rules (as of {}).\n",
        plural(r.count(Level::Error), "error", "errors"),
        plural(r.count(Level::Warning), "warning", "warnings"),
        r.as_of
    );
    for note in &c.notes {
        let _ = writeln!(out, "> note: {}\n", md_cell(note));
    }
    if !r.findings.is_empty() {
        let _ = writeln!(out, "### Findings\n");
        let _ = writeln!(out, "| level | rule | item | where | message |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for f in &r.findings {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {} |",
                f.level.as_str(),
                f.rule,
                md_cell(f.item.as_deref().unwrap_or("")),
                md_cell(&place(&r.new.file, &f.location)),
                md_cell(&f.message)
            );
        }
        out.push('\n');
    }
    write_md_list(&mut out, "New items", &c.new_items);
    write_md_list(&mut out, "Closed", &c.closed);
    write_md_list(&mut out, "Reopened", &c.reopened);
    write_md_list(&mut out, "Removed without being closed", &c.removed);
    write_md_list(&mut out, "Removed after being closed", &c.removed_closed);
    if !c.slipped.is_empty() {
        let _ = writeln!(out, "### Slipped\n");
        let _ = writeln!(
            out,
            "| item | was due | now due | days later | change recorded |"
        );
        let _ = writeln!(out, "|---|---|---|---:|---|");
        for slip in &c.slipped {
            let _ = writeln!(
                out,
                "| {} | {} | {} | +{} | {} |",
                md_cell(&slip.id),
                slip.before,
                slip.after,
                slip.days(),
                if slip.explained { "yes" } else { "**no**" }
            );
        }
        out.push('\n');
    }
    if !c.changed.is_empty() {
        let _ = writeln!(out, "### Changed fields\n");
        let _ = writeln!(out, "| item | field | before | after |");
        let _ = writeln!(out, "|---|---|---|---|");
        for f in &c.changed {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md_cell(&f.id),
                f.field,
                md_cell(shown(&f.before)),
                md_cell(shown(&f.after))
            );
        }
        out.push('\n');
    }
    out
}

fn write_md_list(out: &mut String, title: &str, ids: &[String]) {
    if ids.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {title}\n");
    for id in ids {
        let _ = writeln!(out, "- {}", md_cell(id));
    }
    out.push('\n');
}

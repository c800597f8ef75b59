//! `poam report --format md`: GitHub-flavoured Markdown, tables only, no HTML, small enough
//! for `$GITHUB_STEP_SUMMARY` (GitHub caps a step summary at 1 MiB): long lists are cut
//! at `MAX_ROWS` rows with a line saying how many more the JSON or XLSX report holds.

use crate::summary::tables::{self, Cell, ColumnKind, Row, Table};
use crate::summary::{ChangeSummary, ItemRef, Summary};
use std::fmt::Write;

/// Rows shown per table before "… and N more".
pub const MAX_ROWS: usize = 100;

pub fn render(s: &Summary) -> String {
    let mut out = String::new();
    title(&mut out, s);
    headline(&mut out, s);
    counts(&mut out, s);
    owners(&mut out, s);
    overdue_and_due(&mut out, s);
    milestones(&mut out, s);
    // With --previous the changes list what closed, with its evidence.
    if s.changes.is_none() {
        closed(&mut out, s);
    }
    if let Some(c) = &s.changes {
        changes(&mut out, c);
    }
    plan(&mut out, s);
    findings(&mut out, s);
    notes(&mut out, s);
    out
}

/// Table cell text: one line, pipes escaped, and `<` written as an entity so that no
/// text from the spreadsheet is read as HTML.
pub fn cell(text: &str) -> String {
    let one_line: Vec<&str> = text.split_whitespace().collect();
    one_line
        .join(" ")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".to_owned())
}

/// A shared table's cell in Markdown. Markdown has no row colours, so what needs
/// attention in a cell is bold.
fn table_cell(c: &Cell) -> String {
    match c {
        Cell::Text(t) => cell(t),
        Cell::Plain(t) => t.clone(),
        Cell::Blank => "—".to_owned(),
        Cell::Dated(d, t) => format!("{}: {}", date(*d), cell(t)),
        Cell::Evidence(list) if list.is_empty() => "**none named**".to_owned(),
        Cell::Evidence(list) => list.iter().map(|e| cell(e)).collect::<Vec<_>>().join("; "),
        Cell::Recorded(yes) => if *yes { "yes" } else { "**no**" }.to_owned(),
    }
}

/// A table of cells already in Markdown (`Cell::Plain`), for the tables only this
/// report has.
fn markdown_table(header: &[&'static str], rows: Vec<Vec<String>>) -> Table {
    Table {
        columns: header.iter().map(|h| (*h, ColumnKind::Text)).collect(),
        rows: rows
            .into_iter()
            .map(|cells| Row {
                attention: false,
                cells: cells.into_iter().map(Cell::Plain).collect(),
            })
            .collect(),
    }
}

fn table(out: &mut String, t: &Table) {
    let header: Vec<&str> = t.columns.iter().map(|(name, _)| *name).collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(
        out,
        "|{}|",
        header.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    let total = t.rows.len();
    for row in t.rows.iter().take(MAX_ROWS) {
        let cells: Vec<String> = row.cells.iter().map(table_cell).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    if total > MAX_ROWS {
        let _ = writeln!(
            out,
            "\n… and {} more (the JSON and XLSX reports list them all).",
            total - MAX_ROWS
        );
    }
    out.push('\n');
}

fn none(out: &mut String, text: &str) {
    let _ = writeln!(out, "{text}\n");
}

/// The table, or `empty` when it has no rows.
fn table_or(out: &mut String, t: &Table, empty: &str) {
    if t.rows.is_empty() {
        none(out, empty);
    } else {
        table(out, t);
    }
}

fn title(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "# POA&M report: {}\n", cell(&s.file));
    let mut meta = vec![
        format!("As of {}", s.as_of),
        format!("CMMC Level {}", s.level),
    ];
    if let Some(sheet) = &s.sheet {
        meta.push(format!("sheet {}", cell(sheet)));
    }
    if let Some(ssp) = &s.ssp_file {
        meta.push(format!("SSP {}", cell(ssp)));
    }
    if let Some(p) = &s.previous_file {
        meta.push(format!("compared with {}", cell(p)));
    }
    let _ = writeln!(out, "{}\n", meta.join(" · "));
}

fn headline(out: &mut String, s: &Summary) {
    let h = &s.headline;
    let _ = writeln!(out, "## Headline\n");
    let score = match h.score {
        Some(v) => format!(
            "**{v}** / {} (Conditional needs {}; from the {})",
            h.max,
            h.threshold,
            if h.basis == "ssp" {
                "SSP"
            } else {
                "POA&M, no SSP given"
            }
        ),
        None => "no score: 3.12.4 (System Security Plan) is NOT MET".to_owned(),
    };
    let mut rows = vec![
        vec!["Score".to_owned(), score],
        vec!["Verdict".to_owned(), format!("**{}**", h.verdict)],
    ];
    if let Some(deadline) = h.closeout_deadline {
        rows.push(vec![
            "Closeout deadline".to_owned(),
            format!(
                "{deadline} ({}; Conditional date {})",
                days_left(h.days_to_closeout.unwrap_or(0)),
                date(h.conditional_date)
            ),
        ]);
    }
    rows.push(vec![
        "Score of 110 expected".to_owned(),
        match h.full_score_expected {
            Some(d) => format!("{d} (latest open completion date)"),
            None if h.items_open == 0 => "now: no open items".to_owned(),
            None => "unknown: no open item has a completion date".to_owned(),
        },
    ]);
    rows.push(vec![
        "Items".to_owned(),
        format!(
            "{} in all: {} open, {} closed, {} overdue",
            h.items_total, h.items_open, h.items_closed, h.items_overdue
        ),
    ]);
    rows.push(vec![
        "Findings".to_owned(),
        format!("{} errors, {} warnings", h.errors, h.warnings),
    ]);
    table(out, &markdown_table(&["Headline", "Now"], rows));
    if !h.reasons.is_empty() {
        let _ = writeln!(out, "Why Conditional status is not reachable:\n");
        for r in &h.reasons {
            let _ = writeln!(out, "- {}", cell(r));
        }
        out.push('\n');
    }
    if !h.full_score_caveats.is_empty() {
        let _ = writeln!(out, "Why the date of a score of 110 may not hold:\n");
        for c in &h.full_score_caveats {
            let _ = writeln!(out, "- {}", cell(c));
        }
        out.push('\n');
    }
}

pub fn days_left(days: i64) -> String {
    match days {
        d if d > 1 => format!("{d} days left"),
        1 => "1 day left".to_owned(),
        0 => "today".to_owned(),
        -1 => "passed 1 day ago".to_owned(),
        d => format!("passed {} days ago", -d),
    }
}

fn counts(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Counts\n");
    let _ = writeln!(out, "### By status\n");
    table(out, &tables::by_status(&s.by_status));
    let _ = writeln!(out, "### By severity\n");
    table(out, &tables::by_severity(&s.by_severity));
    let _ = writeln!(out, "### By requirement family\n");
    table(out, &tables::by_family(&s.by_family));
}

fn owners(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Open items by owner\n");
    table_or(out, &tables::owners(&s.owners), "No open items.");
}

fn overdue_and_due(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Overdue items\n");
    table_or(out, &tables::items(&s.overdue, true), "None.");
    let _ = writeln!(out, "## Due in the next 30 days\n");
    table_or(out, &tables::items(&s.due_soon, false), "None.");
}

fn milestones(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Milestones\n");
    let _ = writeln!(out, "### Overdue (not marked done)\n");
    table_or(
        out,
        &tables::milestones(&s.milestones_overdue, true),
        "None.",
    );
    let _ = writeln!(out, "### Due in the next 30 days\n");
    table_or(out, &tables::milestones(&s.milestones_due, false), "None.");
}

fn closed(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Closed {}\n", cell(&s.closed.period));
    table_or(out, &tables::closed(&s.closed.items, true), "None.");
}

fn refs_table(out: &mut String, heading: &str, refs: &[ItemRef]) {
    let _ = writeln!(out, "### {heading} ({})\n", refs.len());
    table_or(out, &tables::item_refs(refs), "None.");
}

fn changes(out: &mut String, c: &ChangeSummary) {
    let _ = writeln!(out, "## Since {}\n", cell(&c.previous_file));
    refs_table(out, "New", &c.new_items);
    let _ = writeln!(out, "### Closed ({})\n", c.closed.len());
    table_or(out, &tables::closed(&c.closed, false), "None.");
    refs_table(out, "Reopened", &c.reopened);
    refs_table(out, "Removed without being closed", &c.removed);
    if !c.removed_closed.is_empty() {
        refs_table(out, "Closed earlier, now archived", &c.removed_closed);
    }
    let _ = writeln!(out, "### Slipped ({})\n", c.slipped.len());
    table_or(out, &tables::slipped(&c.slipped), "None.");
    if !c.other_field_changes.is_empty() {
        let _ = writeln!(
            out,
            "### Other field changes ({})\n",
            c.other_field_changes.len()
        );
        table(out, &tables::field_changes(&c.other_field_changes));
    }
}

fn plan(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Open items by completion month\n");
    table_or(
        out,
        &tables::months(&s.open_by_month),
        "No open item has a completion date.",
    );
    if s.open_undated > 0 {
        let _ = writeln!(
            out,
            "{} open item(s) without a completion date are not in this plan.\n",
            s.open_undated
        );
    }
}

fn findings(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Findings an assessor would notice\n");
    if s.findings.is_empty() {
        return none(out, "None.");
    }
    let overview = s
        .findings
        .iter()
        .map(|g| {
            vec![
                format!("`{}`", g.rule),
                g.level.as_str().to_owned(),
                g.count.to_string(),
            ]
        })
        .collect();
    table(
        out,
        &markdown_table(&["Rule", "Level", "Findings"], overview),
    );
    for g in &s.findings {
        let _ = writeln!(
            out,
            "### `{}` ({} {}{})\n",
            g.rule,
            g.count,
            g.level.as_str(),
            if g.count == 1 { "" } else { "s" }
        );
        table(out, &tables::findings(g));
    }
}

fn notes(out: &mut String, s: &Summary) {
    if s.notes.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Notes\n");
    for n in &s.notes {
        let _ = writeln!(out, "- {}", cell(n));
    }
    out.push('\n');
}

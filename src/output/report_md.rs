//! `poam report --format md`: GitHub-flavoured Markdown, tables only, no HTML, small enough
//! for `$GITHUB_STEP_SUMMARY` (GitHub caps a step summary at 1 MiB): long lists are cut
//! at `MAX_ROWS` rows with a line saying how many more the JSON or XLSX report holds.

use crate::summary::{ChangeSummary, ItemLine, ItemRef, MilestoneLine, Summary};
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

fn opt(text: Option<&str>) -> String {
    text.map(cell).unwrap_or_else(|| "—".to_owned())
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".to_owned())
}

fn table(out: &mut String, header: &[&str], rows: Vec<Vec<String>>) {
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(
        out,
        "|{}|",
        header.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    let total = rows.len();
    for row in rows.into_iter().take(MAX_ROWS) {
        let _ = writeln!(out, "| {} |", row.join(" | "));
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
    table(out, &["Headline", "Now"], rows);
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
    table(
        out,
        &["Status", "Items"],
        s.by_status
            .iter()
            .map(|c| vec![cell(&c.label), c.total.to_string()])
            .collect(),
    );
    let _ = writeln!(out, "### By severity\n");
    table(
        out,
        &["Severity", "Open", "All"],
        s.by_severity
            .iter()
            .map(|c| vec![cell(&c.label), c.open.to_string(), c.total.to_string()])
            .collect(),
    );
    let _ = writeln!(out, "### By requirement family\n");
    table(
        out,
        &["Family", "Open", "All"],
        s.by_family
            .iter()
            .map(|f| {
                vec![
                    format!("{} {}", f.code, f.name),
                    f.open.to_string(),
                    f.total.to_string(),
                ]
            })
            .collect(),
    );
}

fn owners(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Open items by owner\n");
    if s.owners.is_empty() {
        return none(out, "No open items.");
    }
    table(
        out,
        &[
            "Owner",
            "Open",
            "Overdue",
            "Due in 30 days",
            "Supporting",
            "Items",
        ],
        s.owners
            .iter()
            .map(|o| {
                vec![
                    cell(&o.owner),
                    o.open.to_string(),
                    o.overdue.to_string(),
                    o.due_soon.to_string(),
                    o.supporting.to_string(),
                    cell(&o.items_text()),
                ]
            })
            .collect(),
    );
}

fn item_rows(items: &[ItemLine], late: bool) -> Vec<Vec<String>> {
    items
        .iter()
        .map(|i| {
            let mut row = vec![
                cell(&i.id),
                cell(&i.title),
                opt(i.owner.as_deref()),
                date(i.completion),
            ];
            if late {
                row.push(i.days_overdue.unwrap_or(0).to_string());
            }
            row.push(cell(&i.status));
            row.push(match &i.next_milestone {
                Some(m) => format!("{}: {}", date(m.date), cell(&m.text)),
                None => "—".to_owned(),
            });
            row
        })
        .collect()
}

fn overdue_and_due(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Overdue items\n");
    if s.overdue.is_empty() {
        none(out, "None.");
    } else {
        table(
            out,
            &[
                "Item",
                "Requirement",
                "Owner",
                "Due",
                "Days late",
                "Status",
                "Next milestone",
            ],
            item_rows(&s.overdue, true),
        );
    }
    let _ = writeln!(out, "## Due in the next 30 days\n");
    if s.due_soon.is_empty() {
        none(out, "None.");
    } else {
        table(
            out,
            &[
                "Item",
                "Requirement",
                "Owner",
                "Due",
                "Status",
                "Next milestone",
            ],
            item_rows(&s.due_soon, false),
        );
    }
}

fn milestone_rows(ms: &[MilestoneLine], late: bool) -> Vec<Vec<String>> {
    ms.iter()
        .map(|m| {
            vec![
                m.date.to_string(),
                cell(&m.item),
                opt(m.owner.as_deref()),
                cell(&m.text),
                if late { -m.days } else { m.days }.to_string(),
            ]
        })
        .collect()
}

fn milestones(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Milestones\n");
    let _ = writeln!(out, "### Overdue (not marked done)\n");
    if s.milestones_overdue.is_empty() {
        none(out, "None.");
    } else {
        table(
            out,
            &["Date", "Item", "Owner", "Milestone", "Days late"],
            milestone_rows(&s.milestones_overdue, true),
        );
    }
    let _ = writeln!(out, "### Due in the next 30 days\n");
    if s.milestones_due.is_empty() {
        none(out, "None.");
    } else {
        table(
            out,
            &["Date", "Item", "Owner", "Milestone", "Days left"],
            milestone_rows(&s.milestones_due, false),
        );
    }
}

fn evidence(list: &[String]) -> String {
    if list.is_empty() {
        "**none named**".to_owned()
    } else {
        list.iter().map(|e| cell(e)).collect::<Vec<_>>().join("; ")
    }
}

fn closed(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Closed {}\n", cell(&s.closed.period));
    if s.closed.items.is_empty() {
        return none(out, "None.");
    }
    table(
        out,
        &["Item", "Requirement", "Owner", "Evidence"],
        s.closed
            .items
            .iter()
            .map(|c| {
                vec![
                    cell(&c.id),
                    cell(&c.title),
                    opt(c.owner.as_deref()),
                    evidence(&c.evidence),
                ]
            })
            .collect(),
    );
}

fn refs_table(out: &mut String, heading: &str, refs: &[ItemRef]) {
    let _ = writeln!(out, "### {heading} ({})\n", refs.len());
    if refs.is_empty() {
        return none(out, "None.");
    }
    table(
        out,
        &["Item", "Requirement", "Owner"],
        refs.iter()
            .map(|r| vec![cell(&r.id), cell(&r.title), opt(r.owner.as_deref())])
            .collect(),
    );
}

fn changes(out: &mut String, c: &ChangeSummary) {
    let _ = writeln!(out, "## Since {}\n", cell(&c.previous_file));
    refs_table(out, "New", &c.new_items);
    let _ = writeln!(out, "### Closed ({})\n", c.closed.len());
    if c.closed.is_empty() {
        none(out, "None.");
    } else {
        table(
            out,
            &["Item", "Requirement", "Evidence"],
            c.closed
                .iter()
                .map(|i| vec![cell(&i.id), cell(&i.title), evidence(&i.evidence)])
                .collect(),
        );
    }
    refs_table(out, "Reopened", &c.reopened);
    refs_table(out, "Removed without being closed", &c.removed);
    if !c.removed_closed.is_empty() {
        refs_table(out, "Closed earlier, now archived", &c.removed_closed);
    }
    let _ = writeln!(out, "### Slipped ({})\n", c.slipped.len());
    if c.slipped.is_empty() {
        none(out, "None.");
    } else {
        table(
            out,
            &[
                "Item",
                "Requirement",
                "Was due",
                "Now due",
                "Days later",
                "Change recorded",
            ],
            c.slipped
                .iter()
                .map(|s| {
                    vec![
                        cell(&s.id),
                        cell(&s.title),
                        s.before.to_string(),
                        s.after.to_string(),
                        s.days.to_string(),
                        if s.explained { "yes" } else { "**no**" }.to_owned(),
                    ]
                })
                .collect(),
        );
    }
    if !c.other_field_changes.is_empty() {
        let _ = writeln!(
            out,
            "### Other field changes ({})\n",
            c.other_field_changes.len()
        );
        table(
            out,
            &["Item", "Field", "Before", "After"],
            c.other_field_changes
                .iter()
                .map(|f| {
                    vec![
                        cell(&f.id),
                        cell(&f.field),
                        cell(blank_shown(&f.before)),
                        cell(blank_shown(&f.after)),
                    ]
                })
                .collect(),
        );
    }
}

/// A blank value, for people.
pub fn blank_shown(value: &str) -> &str {
    if value.is_empty() {
        "(blank)"
    } else {
        value
    }
}

fn plan(out: &mut String, s: &Summary) {
    let _ = writeln!(out, "## Open items by completion month\n");
    if s.open_by_month.is_empty() {
        none(out, "No open item has a completion date.");
    } else {
        table(
            out,
            &["Month", "Due", "Still open after"],
            s.open_by_month
                .iter()
                .map(|m| vec![m.month.clone(), m.due.to_string(), m.open_after.to_string()])
                .collect(),
        );
    }
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
    table(
        out,
        &["Rule", "Level", "Findings"],
        s.findings
            .iter()
            .map(|g| {
                vec![
                    format!("`{}`", g.rule),
                    g.level.as_str().to_owned(),
                    g.count.to_string(),
                ]
            })
            .collect(),
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
        table(
            out,
            &["Item", "Cell", "Message"],
            g.findings
                .iter()
                .map(|f| {
                    vec![
                        opt(f.item.as_deref()),
                        if f.place.is_empty() {
                            "—".to_owned()
                        } else {
                            cell(&f.place)
                        },
                        cell(&f.message),
                    ]
                })
                .collect(),
        );
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

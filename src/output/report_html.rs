//! `poam report --format html`: one self-contained page (no scripts, no external fonts,
//! styles or images) that leadership reads in minutes: headline cards, four inline SVG
//! charts, then the tables. Readable on a phone (viewport, fluid grid, tables that scroll
//! sideways) and printable (print styles, page breaks before the long sections).

use crate::output::report_md::days_left;
use crate::output::svg::{self, esc, Bar, Column};
use crate::summary::tables::{self, Cell, ColumnKind, Table};
use crate::summary::{ChangeSummary, ItemRef, Summary};
use std::fmt::Write;

const STYLE: &str = r#"
:root{--fg:#1f2937;--muted:#4b5563;--line:#e5e7eb;--bad:#b91c1c;--good:#15803d;--warn:#b45309}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:#fff}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}
header{padding-top:12px}
h1{font-size:1.6rem;margin:.5rem 0 .25rem;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid var(--line);overflow-wrap:anywhere}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
.meta{color:var(--muted);margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:1rem 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;border-top:4px solid #9ca3af}
.card .label{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.card .value{font-size:1.35rem;font-weight:700;line-height:1.3;white-space:nowrap}
.card .sub{font-size:.85rem;color:var(--muted)}
.card.bad{border-top-color:var(--bad)} .card.bad .value{color:var(--bad)}
.card.good{border-top-color:var(--good)} .card.good .value{color:var(--good)}
.card.warn{border-top-color:var(--warn)}
.card.wrap .value{white-space:normal}
ul.reasons{margin:.25rem 0 1rem;padding-left:1.25rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,400px),1fr));gap:16px}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:10px}
figcaption{font-weight:600;margin-bottom:6px}
svg{display:block;max-width:100%;height:auto}
svg text{font-size:13px;fill:#1f2937;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin-bottom:.75rem}
table{border-collapse:collapse;width:100%;min-width:520px;font-size:.9rem}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f3f4f6;white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.nw{white-space:nowrap}
table.narrow{width:auto;min-width:0}
.counts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,240px),auto));gap:8px 32px;align-items:start}
tr.late td{background:#fef2f2}
.none{color:var(--muted);font-style:italic}
.tag{display:inline-block;padding:0 6px;border-radius:4px;font-size:.8rem;font-weight:600}
.tag.error{background:#fee2e2;color:#991b1b} .tag.warning{background:#fef3c7;color:#92400e}
code{font-size:.85em;background:#f3f4f6;padding:1px 4px;border-radius:4px}
footer{color:var(--muted);font-size:.8rem;margin-top:2rem;padding-bottom:1rem}
@media (max-width:600px){body{font-size:14px}h1{font-size:1.3rem}.card .value{font-size:1.25rem}}
@media print{
body{font-size:10pt}
header,main,footer{max-width:none;padding:0}
.page{break-before:page}
h2,h3{break-after:avoid}
figure,.card,tr{break-inside:avoid}
.scroll{overflow:visible}
table{min-width:0}
th{background:none}
tr.late td{background:none;font-weight:600}
}
"#;

const RED: &str = "#dc2626";
const BLUE: &str = "#2563eb";
const GREY: &str = "#9ca3af";

fn status_colour(label: &str) -> &'static str {
    match label {
        "Open" => BLUE,
        "In Progress" => "#0891b2",
        "Delayed" => RED,
        "Risk Accepted" => "#9333ea",
        "Closed" => "#16a34a",
        _ => "#6b7280",
    }
}

pub fn render(s: &Summary) -> String {
    let mut out = String::new();
    let title = format!("POA&M report: {} — as of {}", s.file, s.as_of);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    header(&mut out, s);
    out.push_str("<main>\n");
    headline(&mut out, s);
    charts(&mut out, s);
    counts(&mut out, s);
    owners(&mut out, s);
    dates(&mut out, s);
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
    out.push_str("</main>\n<footer>Made by poam from the files named above. Every date is relative to the as-of date.</footer>\n</body>\n</html>\n");
    out
}

fn header(out: &mut String, s: &Summary) {
    let mut meta = vec![
        format!("As of {}", s.as_of),
        format!("CMMC Level {}", s.level),
    ];
    if let Some(sheet) = &s.sheet {
        meta.push(format!("sheet {sheet}"));
    }
    if let Some(ssp) = &s.ssp_file {
        meta.push(format!("SSP {ssp}"));
    }
    if let Some(p) = &s.previous_file {
        meta.push(format!("compared with {p}"));
    }
    let _ = write!(
        out,
        "<header>\n<h1>POA&amp;M report: {}</h1>\n<p class=\"meta\">{}</p>\n</header>\n",
        esc(&s.file),
        esc(&meta.join(" · "))
    );
}

fn card(out: &mut String, class: &str, label: &str, value: &str, sub: &str) {
    let _ = writeln!(
        out,
        "<div class=\"card {class}\"><div class=\"label\">{}</div><div class=\"value\">{}</div>\
         <div class=\"sub\">{}</div></div>",
        esc(label),
        esc(value),
        esc(sub)
    );
}

fn headline(out: &mut String, s: &Summary) {
    let h = &s.headline;
    out.push_str("<section id=\"headline\">\n<h2>Headline</h2>\n<div class=\"cards\">\n");
    let (value, class) = match h.score {
        Some(v) if v >= h.threshold => (format!("{v} / {}", h.max), "good"),
        Some(v) => (format!("{v} / {}", h.max), "bad"),
        None => ("no score".to_owned(), "bad"),
    };
    let basis = if h.basis == "ssp" {
        "from the SSP"
    } else {
        "from the POA&M (no SSP given)"
    };
    card(
        out,
        class,
        "Score",
        &value,
        &format!("Conditional needs {}; {basis}", h.threshold),
    );
    let (verdict, class) = match (h.is_final, h.conditional_reachable) {
        (true, _) => ("Final", "good"),
        (false, true) => ("Conditional", "good"),
        (false, false) => ("Not reachable", "bad wrap"),
    };
    card(out, class, "Verdict", verdict, &h.verdict);
    if let Some(deadline) = h.closeout_deadline {
        let days = h.days_to_closeout.unwrap_or(0);
        card(
            out,
            if days < 0 { "bad" } else { "warn" },
            "Closeout deadline",
            &deadline.to_string(),
            &days_left(days),
        );
    }
    let (full, sub) = match h.full_score_expected {
        Some(d) => (d.to_string(), "latest open completion date".to_owned()),
        None if h.items_open == 0 => ("now".to_owned(), "no open items".to_owned()),
        None => ("unknown".to_owned(), "no open item has a date".to_owned()),
    };
    card(out, "", "Score of 110 expected", &full, &sub);
    card(
        out,
        if h.items_overdue > 0 { "bad" } else { "" },
        "Open items",
        &h.items_open.to_string(),
        &format!(
            "of {}; {} closed; {} overdue",
            h.items_total, h.items_closed, h.items_overdue
        ),
    );
    card(
        out,
        if h.errors > 0 { "bad" } else { "good" },
        "Findings",
        &format!("{} errors", h.errors),
        &format!("{} warnings", h.warnings),
    );
    out.push_str("</div>\n");
    list(out, "Why Conditional status is not reachable:", &h.reasons);
    list(
        out,
        "Why the date of a score of 110 may not hold:",
        &h.full_score_caveats,
    );
    out.push_str("</section>\n");
}

fn list(out: &mut String, intro: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = write!(out, "<p>{}</p>\n<ul class=\"reasons\">\n", esc(intro));
    for l in lines {
        let _ = writeln!(out, "<li>{}</li>", esc(l));
    }
    out.push_str("</ul>\n");
}

fn figure(out: &mut String, caption: &str, svg: &str) {
    let _ = write!(
        out,
        "<figure>\n<figcaption>{}</figcaption>\n{svg}\n</figure>\n",
        esc(caption)
    );
}

fn words(pairs: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = pairs.collect();
    if v.is_empty() {
        "nothing to show".to_owned()
    } else {
        v.join("; ")
    }
}

fn charts(out: &mut String, s: &Summary) {
    out.push_str("<section id=\"charts\">\n<h2>At a glance</h2>\n<div class=\"charts\">\n");
    let status: Vec<Bar> = s
        .by_status
        .iter()
        .map(|c| Bar {
            label: c.label.clone(),
            segments: vec![(c.total, status_colour(&c.label), "items")],
        })
        .collect();
    let desc = words(
        s.by_status
            .iter()
            .map(|c| format!("{}: {}", c.label, c.total)),
    );
    figure(
        out,
        "Items by status",
        &svg::bars("chart-status", "Items by status", &desc, &status, &[]),
    );

    let family: Vec<Bar> = s
        .by_family
        .iter()
        .map(|f| Bar {
            label: format!("{} {}", f.code, f.name),
            segments: vec![
                (f.open, BLUE, "open"),
                (f.total.saturating_sub(f.open), GREY, "closed"),
            ],
        })
        .collect();
    let desc = words(
        s.by_family
            .iter()
            .map(|f| format!("{} {}: {} open of {}", f.code, f.name, f.open, f.total)),
    );
    figure(
        out,
        "Items by requirement family",
        &svg::bars(
            "chart-family",
            "Items by requirement family",
            &desc,
            &family,
            &[(BLUE, "open"), (GREY, "closed")],
        ),
    );

    let owners: Vec<Bar> = s
        .owners
        .iter()
        .map(|o| Bar {
            label: o.owner.clone(),
            segments: vec![
                (o.overdue, RED, "overdue"),
                (o.open.saturating_sub(o.overdue), BLUE, "open"),
            ],
        })
        .collect();
    let desc = words(
        s.owners
            .iter()
            .map(|o| format!("{}: {} open, {} overdue", o.owner, o.open, o.overdue)),
    );
    figure(
        out,
        "Open items by owner",
        &svg::bars(
            "chart-owners",
            "Open items by owner",
            &desc,
            &owners,
            &[(RED, "overdue"), (BLUE, "open, on time")],
        ),
    );

    let mut cols = vec![Column {
        label: "open now".to_owned(),
        axis: "now".to_owned(),
        value: s.headline.items_open,
        colour: "#1d4ed8",
    }];
    cols.extend(s.open_by_month.iter().map(|m| Column {
        label: format!("open after {}", m.month),
        axis: month_axis(&m.month),
        value: m.open_after,
        colour: "#60a5fa",
    }));
    let desc = words(
        std::iter::once(format!("open now: {}", s.headline.items_open)).chain(
            s.open_by_month
                .iter()
                .map(|m| format!("after {}: {}", m.month, m.open_after)),
        ),
    );
    let caption = if s.open_undated > 0 {
        format!(
            "Open items left after each month, if each closes on its completion date \
             ({} without a date stay open)",
            s.open_undated
        )
    } else {
        "Open items left after each month, if each closes on its completion date".to_owned()
    };
    figure(
        out,
        &caption,
        &svg::columns("chart-months", "Open items over time", &desc, &cols),
    );
    out.push_str("</div>\n</section>\n");
}

/// `2027-01` under a column as "Jan" over "2027": narrower than the ISO form, so more
/// months keep their label on a phone. Anything else is shown as it is.
fn month_axis(month: &str) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parsed = month.split_once('-').and_then(|(year, m)| {
        let index = m.parse::<usize>().ok()?.checked_sub(1)?;
        Some((year, NAMES.get(index)?))
    });
    match parsed {
        Some((year, name)) => format!("{name}\n{year}"),
        None => month.to_owned(),
    }
}

/// A shared table's cell in HTML. What needs attention is marked on the row (`late`),
/// except evidence that is missing altogether, which is also bold.
fn table_cell(c: &Cell) -> String {
    match c {
        Cell::Text(t) => esc(t),
        Cell::Plain(t) => t.clone(),
        Cell::Blank => "—".to_owned(),
        Cell::Dated(d, t) => format!("{}: {}", date(*d), esc(t)),
        Cell::Evidence(list) if list.is_empty() => "<strong>none named</strong>".to_owned(),
        Cell::Evidence(list) => list.iter().map(|e| esc(e)).collect::<Vec<_>>().join("<br>"),
        Cell::Recorded(yes) => if *yes { "yes" } else { "no" }.to_owned(),
    }
}

/// A table inside a horizontally scrolling box. Rows that need attention get the class
/// `late`; `narrow` tables take only the width they need.
fn table(out: &mut String, t: &Table, narrow: bool) {
    let class_of = |i: usize| match t.columns.get(i).map(|(_, kind)| kind) {
        Some(ColumnKind::Number) => " class=\"num\"",
        Some(ColumnKind::Word) => " class=\"nw\"",
        _ => "",
    };
    let _ = write!(
        out,
        "<div class=\"scroll\"><table{}>\n<thead><tr>",
        if narrow { " class=\"narrow\"" } else { "" }
    );
    for (i, (h, _)) in t.columns.iter().enumerate() {
        let _ = write!(out, "<th scope=\"col\"{}>{}</th>", class_of(i), esc(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str(if row.attention {
            "<tr class=\"late\">"
        } else {
            "<tr>"
        });
        for (i, c) in row.cells.iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", class_of(i), table_cell(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn none(out: &mut String, text: &str) {
    let _ = writeln!(out, "<p class=\"none\">{}</p>", esc(text));
}

/// The (wide) table, or `empty` when it has no rows.
fn table_or(out: &mut String, t: &Table, empty: &str) {
    if t.rows.is_empty() {
        none(out, empty);
    } else {
        table(out, t, false);
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".to_owned())
}

fn counts(out: &mut String, s: &Summary) {
    out.push_str(
        "<section id=\"counts\" class=\"page\">\n<h2>Counts</h2>\n<div class=\"counts\">\n\
         <div>\n<h3>By status</h3>\n",
    );
    table(out, &tables::by_status(&s.by_status), true);
    out.push_str("</div>\n<div>\n<h3>By severity</h3>\n");
    table(out, &tables::by_severity(&s.by_severity), true);
    out.push_str("</div>\n<div>\n<h3>By requirement family</h3>\n");
    table(out, &tables::by_family(&s.by_family), true);
    out.push_str("</div>\n</div>\n</section>\n");
}

fn owners(out: &mut String, s: &Summary) {
    out.push_str("<section id=\"owners\">\n<h2>Open items by owner</h2>\n");
    table_or(out, &tables::owners(&s.owners), "No open items.");
    out.push_str("</section>\n");
}

fn dates(out: &mut String, s: &Summary) {
    out.push_str("<section id=\"overdue\">\n<h2>Overdue items</h2>\n");
    table_or(out, &tables::items(&s.overdue, true), "None.");
    out.push_str("<h2>Due in the next 30 days</h2>\n");
    table_or(out, &tables::items(&s.due_soon, false), "None.");
    out.push_str("</section>\n");
}

fn milestones(out: &mut String, s: &Summary) {
    out.push_str(
        "<section id=\"milestones\">\n<h2>Milestones</h2>\n<h3>Overdue (not marked done)</h3>\n",
    );
    table_or(
        out,
        &tables::milestones(&s.milestones_overdue, true),
        "None.",
    );
    out.push_str("<h3>Due in the next 30 days</h3>\n");
    table_or(out, &tables::milestones(&s.milestones_due, false), "None.");
    out.push_str("</section>\n");
}

fn closed(out: &mut String, s: &Summary) {
    let _ = writeln!(
        out,
        "<section id=\"closed\">\n<h2>Closed {}</h2>",
        esc(&s.closed.period)
    );
    table_or(out, &tables::closed(&s.closed.items, true), "None.");
    out.push_str("</section>\n");
}

fn refs(out: &mut String, heading: &str, refs: &[ItemRef]) {
    let _ = writeln!(out, "<h3>{} ({})</h3>", esc(heading), refs.len());
    table_or(out, &tables::item_refs(refs), "None.");
}

fn changes(out: &mut String, c: &ChangeSummary) {
    let _ = writeln!(
        out,
        "<section id=\"changes\" class=\"page\">\n<h2>Since {}</h2>",
        esc(&c.previous_file)
    );
    refs(out, "New", &c.new_items);
    let _ = writeln!(out, "<h3>Closed ({})</h3>", c.closed.len());
    table_or(out, &tables::closed(&c.closed, false), "None.");
    refs(out, "Reopened", &c.reopened);
    refs(out, "Removed without being closed", &c.removed);
    if !c.removed_closed.is_empty() {
        refs(out, "Closed earlier, now archived", &c.removed_closed);
    }
    let _ = writeln!(out, "<h3>Slipped ({})</h3>", c.slipped.len());
    table_or(out, &tables::slipped(&c.slipped), "None.");
    if !c.other_field_changes.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Other field changes ({})</h3>",
            c.other_field_changes.len()
        );
        table(out, &tables::field_changes(&c.other_field_changes), false);
    }
    out.push_str("</section>\n");
}

fn plan(out: &mut String, s: &Summary) {
    out.push_str("<section id=\"plan\">\n<h2>Open items by completion month</h2>\n");
    if s.open_by_month.is_empty() {
        none(out, "No open item has a completion date.");
    } else {
        table(out, &tables::months(&s.open_by_month), true);
    }
    if s.open_undated > 0 {
        let _ = writeln!(
            out,
            "<p>{} open item(s) without a completion date are not in this plan.</p>",
            s.open_undated
        );
    }
    out.push_str("</section>\n");
}

fn findings(out: &mut String, s: &Summary) {
    out.push_str(
        "<section id=\"findings\" class=\"page\">\n<h2>Findings an assessor would notice</h2>\n",
    );
    if s.findings.is_empty() {
        none(out, "None.");
    }
    for g in &s.findings {
        let level = g.level.as_str();
        let _ = writeln!(
            out,
            "<h3><code>{}</code> <span class=\"tag {level}\">{} {level}{}</span></h3>",
            esc(g.rule),
            g.count,
            if g.count == 1 { "" } else { "s" }
        );
        table(out, &tables::findings(g), false);
    }
    out.push_str("</section>\n");
}

fn notes(out: &mut String, s: &Summary) {
    if s.notes.is_empty() {
        return;
    }
    out.push_str("<section id=\"notes\">\n<h2>Notes</h2>\n<ul>\n");
    for n in &s.notes {
        let _ = writeln!(out, "<li>{}</li>", esc(n));
    }
    out.push_str("</ul>\n</section>\n");
}

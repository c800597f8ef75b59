//! `poam report --format xlsx`: a workbook for people who live in Excel.
//!
//! * Summary: the headline, counts by status, severity and family, and two native charts
//!   (status pie, family bars) that Excel draws from those cells.
//! * Items: every item; an autofilter, a frozen header, and overdue rows filled red by a
//!   conditional format that compares the completion date with the as-of date written as
//!   a constant (not `TODAY()`), so the workbook says what the report said.
//! * Owners: open items per owner (owned, then supported). Findings: every finding, by rule.
//! * Changes (with `--previous` only): one row per change since the previous version, in
//!   one filterable table: new, closed (with its evidence), reopened, removed, slipped
//!   (dates and days later) and the other field changes.
//!
//! The creation time in the document properties is the as-of date, so the same inputs
//! give the same bytes (rust_xlsxwriter otherwise stamps "now"; `../notes/crates.md` §1).
//! Every text goes in with `write_string`, so a cell beginning with `=` stays text: no
//! formula injection from the POA&M's contents.

use crate::summary::{
    ChangeSummary, ClosedItem, Count, FieldChangeLine, ItemRef, SlipLine, Summary,
};
use chrono::Datelike;
use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormatFormula, DocProperties, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};

const SUMMARY: &str = "Summary";

pub fn render(s: &Summary) -> anyhow::Result<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("POA&M report: {}", s.file))
            .set_creation_datetime(&s.as_of),
    );
    let styles = Styles::new();
    summary_sheet(wb.add_worksheet(), s, &styles)?;
    let charts = summary_charts(s);
    if let Ok(ws) = wb.worksheet_from_name(SUMMARY) {
        for (row, chart) in charts {
            ws.insert_chart(row, 9, &chart)?;
        }
    }
    items_sheet(wb.add_worksheet(), s, &styles)?;
    owners_sheet(wb.add_worksheet(), s, &styles)?;
    findings_sheet(wb.add_worksheet(), s, &styles)?;
    if let Some(c) = &s.changes {
        changes_sheet(wb.add_worksheet(), c, &styles)?;
    }
    Ok(wb.save_to_buffer()?)
}

struct Styles {
    title: Format,
    header: Format,
    bold: Format,
    date: Format,
    wrap: Format,
    overdue: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_background_color("#D9E1F2")
                .set_border_bottom(FormatBorder::Thin),
            bold: Format::new().set_bold(),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            overdue: Format::new()
                .set_background_color("#FDE2E2")
                .set_font_color("#9C0006"),
        }
    }
}

fn header(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    names: &[&str],
    st: &Styles,
) -> Result<(), XlsxError> {
    for (i, n) in names.iter().enumerate() {
        ws.write_string_with_format(row, col + i as u16, *n, &st.header)?;
    }
    Ok(())
}

fn summary_sheet(ws: &mut Worksheet, s: &Summary, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(SUMMARY)?;
    let h = &s.headline;
    ws.write_string_with_format(0, 0, format!("POA&M report: {}", s.file), &st.title)?;
    let mut rows: Vec<(&str, Cell)> = vec![
        ("As of", Cell::Date(s.as_of)),
        ("CMMC level", Cell::Num(f64::from(s.level))),
        (
            "Score",
            match h.score {
                Some(v) => Cell::Num(f64::from(v)),
                None => Cell::Text("no score (3.12.4 NOT MET)".to_owned()),
            },
        ),
        ("Maximum", Cell::Num(f64::from(h.max))),
        ("Conditional needs", Cell::Num(f64::from(h.threshold))),
        (
            "Score from",
            Cell::Text(if h.basis == "ssp" { "SSP" } else { "POA&M" }.to_owned()),
        ),
        ("Verdict", Cell::Text(h.verdict.clone())),
    ];
    if let Some(d) = h.closeout_deadline {
        rows.push(("Closeout deadline", Cell::Date(d)));
        rows.push((
            "Days left",
            Cell::Num(h.days_to_closeout.unwrap_or(0) as f64),
        ));
    }
    rows.push((
        "Score of 110 expected",
        match h.full_score_expected {
            Some(d) => Cell::Date(d),
            None => Cell::Text("unknown".to_owned()),
        },
    ));
    rows.extend([
        ("Items", Cell::Num(h.items_total as f64)),
        ("Open", Cell::Num(h.items_open as f64)),
        ("Closed", Cell::Num(h.items_closed as f64)),
        ("Overdue", Cell::Num(h.items_overdue as f64)),
        ("Errors", Cell::Num(h.errors as f64)),
        ("Warnings", Cell::Num(h.warnings as f64)),
    ]);
    let mut r = 2;
    for (label, value) in rows {
        ws.write_string_with_format(r, 0, label, &st.bold)?;
        value.write(ws, r, 1, st)?;
        r += 1;
    }
    r += 1;
    for (intro, lines) in [
        ("Why Conditional status is not reachable", &h.reasons),
        (
            "Why the date of a score of 110 may not hold",
            &h.full_score_caveats,
        ),
    ] {
        if lines.is_empty() {
            continue;
        }
        ws.write_string_with_format(r, 0, intro, &st.bold)?;
        r += 1;
        for l in lines {
            ws.write_string(r, 0, l)?;
            r += 1;
        }
        r += 1;
    }
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 36)?;
    count_table(ws, 2, 3, "Status", &s.by_status, st)?;
    let sev_row = 2 + s.by_status.len() as u32 + 2;
    count_table(ws, sev_row, 3, "Severity", &s.by_severity, st)?;
    header(ws, 2, 6, &["Family", "Open", "All"], st)?;
    for (i, f) in s.by_family.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string(row, 6, format!("{} {}", f.code, f.name))?;
        ws.write_number(row, 7, f.open as f64)?;
        ws.write_number(row, 8, f.total as f64)?;
    }
    ws.set_column_width(3, 16)?;
    ws.set_column_width(6, 38)?;
    Ok(())
}

fn count_table(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    name: &str,
    counts: &[Count],
    st: &Styles,
) -> Result<(), XlsxError> {
    header(ws, row, col, &[name, "All"], st)?;
    for (i, c) in counts.iter().enumerate() {
        ws.write_string(row + 1 + i as u32, col, &c.label)?;
        ws.write_number(row + 1 + i as u32, col + 1, c.total as f64)?;
    }
    Ok(())
}

/// The status pie (from D4:E…) and the family bars (from G4:H…), with their rows.
fn summary_charts(s: &Summary) -> Vec<(u32, Chart)> {
    let mut charts = Vec::new();
    if !s.by_status.is_empty() {
        let last = 2 + s.by_status.len() as u32;
        let mut pie = Chart::new(ChartType::Pie);
        pie.title().set_name("Items by status");
        pie.add_series()
            .set_categories((SUMMARY, 3, 3, last, 3))
            .set_values((SUMMARY, 3, 4, last, 4));
        charts.push((2, pie));
    }
    if !s.by_family.is_empty() {
        let last = 2 + s.by_family.len() as u32;
        let mut bar = Chart::new(ChartType::Bar);
        bar.title().set_name("Open items by requirement family");
        bar.add_series()
            .set_name("Open")
            .set_categories((SUMMARY, 3, 6, last, 6))
            .set_values((SUMMARY, 3, 7, last, 7));
        bar.legend().set_hidden();
        charts.push((18, bar));
    }
    charts
}

enum Cell {
    Text(String),
    Num(f64),
    Date(chrono::NaiveDate),
}

impl Cell {
    fn write(&self, ws: &mut Worksheet, r: u32, c: u16, st: &Styles) -> Result<(), XlsxError> {
        match self {
            Cell::Text(t) => ws.write_string(r, c, t).map(|_| ()),
            Cell::Num(n) => ws.write_number(r, c, *n).map(|_| ()),
            Cell::Date(d) => ws.write_datetime_with_format(r, c, d, &st.date).map(|_| ()),
        }
    }
}

const ITEM_COLUMNS: [&str; 14] = [
    "ID",
    "Requirements",
    "Requirement name",
    "Weakness",
    "Severity",
    "Owner",
    "Supporting owner",
    "Status",
    "Open",
    "Completion date",
    "Days overdue",
    "Next milestone date",
    "Next milestone",
    "Evidence",
];
/// Column of "Open" (I) and "Completion date" (J) in the overdue formula.
const OPEN_COL: &str = "$I";
const DUE_COL: &str = "$J";

fn items_sheet(ws: &mut Worksheet, s: &Summary, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("Items")?;
    header(ws, 0, 0, &ITEM_COLUMNS, st)?;
    for (i, item) in s.items.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, &item.id)?;
        ws.write_string(r, 1, item.requirements.join(", "))?;
        ws.write_string(r, 2, &item.title)?;
        ws.write_string_with_format(r, 3, &item.weakness, &st.wrap)?;
        ws.write_string(r, 4, item.severity.as_deref().unwrap_or(""))?;
        ws.write_string(r, 5, item.owner.as_deref().unwrap_or(""))?;
        ws.write_string(r, 6, item.supporting_owner.as_deref().unwrap_or(""))?;
        ws.write_string(r, 7, &item.status)?;
        ws.write_string(r, 8, if item.open { "yes" } else { "no" })?;
        if let Some(d) = item.completion {
            ws.write_datetime_with_format(r, 9, d, &st.date)?;
        }
        if let Some(d) = item.days_overdue {
            ws.write_number(r, 10, d as f64)?;
        }
        if let Some(m) = &item.next_milestone {
            if let Some(d) = m.date {
                ws.write_datetime_with_format(r, 11, d, &st.date)?;
            }
            ws.write_string(r, 12, &m.text)?;
        }
        ws.write_string(r, 13, item.evidence.join("\n"))?;
    }
    let last_row = s.items.len() as u32;
    let last_col = ITEM_COLUMNS.len() as u16 - 1;
    ws.autofilter(0, 0, last_row.max(1), last_col)?;
    ws.set_freeze_panes(1, 0)?;
    if last_row >= 1 {
        let a = s.as_of;
        // Overdue: open, dated, and due before the as-of date (a constant, not TODAY()).
        let rule = format!(
            "=AND({OPEN_COL}2=\"yes\",{DUE_COL}2<>\"\",{DUE_COL}2<DATE({},{},{}))",
            a.year(),
            a.month(),
            a.day()
        );
        let cf = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(&st.overdue);
        ws.add_conditional_format(1, 0, last_row, last_col, &cf)?;
    }
    for (col, width) in [
        (0, 14),
        (1, 14),
        (2, 30),
        (3, 50),
        (5, 30),
        (6, 20),
        (7, 13),
        (9, 15),
        (11, 15),
        (12, 40),
        (13, 40),
    ] {
        ws.set_column_width(col, width)?;
    }
    Ok(())
}

fn owners_sheet(ws: &mut Worksheet, s: &Summary, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("Owners")?;
    header(
        ws,
        0,
        0,
        &[
            "Owner",
            "Open",
            "Overdue",
            "Due in 30 days",
            "Supporting",
            "Items",
        ],
        st,
    )?;
    for (i, o) in s.owners.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string(r, 0, &o.owner)?;
        ws.write_number(r, 1, o.open as f64)?;
        ws.write_number(r, 2, o.overdue as f64)?;
        ws.write_number(r, 3, o.due_soon as f64)?;
        ws.write_number(r, 4, o.supporting as f64)?;
        ws.write_string(r, 5, o.items_text())?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(0, 40)?;
    ws.set_column_width(5, 50)?;
    Ok(())
}

fn findings_sheet(ws: &mut Worksheet, s: &Summary, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("Findings")?;
    header(ws, 0, 0, &["Rule", "Level", "Item", "Cell", "Message"], st)?;
    let mut r = 1;
    for g in &s.findings {
        for f in &g.findings {
            ws.write_string(r, 0, g.rule)?;
            ws.write_string(r, 1, g.level.as_str())?;
            ws.write_string(r, 2, f.item.as_deref().unwrap_or(""))?;
            ws.write_string(r, 3, &f.place)?;
            ws.write_string_with_format(r, 4, &f.message, &st.wrap)?;
            r += 1;
        }
    }
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), 4)?;
    ws.set_freeze_panes(1, 0)?;
    for (col, width) in [(0, 24), (1, 9), (2, 14), (3, 16), (4, 90)] {
        ws.set_column_width(col, width)?;
    }
    Ok(())
}

const CHANGE_COLUMNS: [&str; 10] = [
    "Change",
    "Item",
    "Requirement",
    "Owner",
    "Field",
    "Before",
    "After",
    "Days later",
    "Change recorded",
    "Evidence",
];
/// The header row of the Changes table (under the title and the counts).
const CHANGES_HEADER_ROW: u32 = 3;

/// One row per change, in the order the other formats list them.
fn changes_sheet(ws: &mut Worksheet, c: &ChangeSummary, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("Changes")?;
    ws.write_string_with_format(0, 0, format!("Since {}", c.previous_file), &st.title)?;
    ws.write_string(
        1,
        0,
        format!(
            "{} new, {} closed, {} reopened, {} removed without being closed, {} slipped, \
             {} other field changes",
            c.new_items.len(),
            c.closed.len(),
            c.reopened.len(),
            c.removed.len(),
            c.slipped.len(),
            c.other_field_changes.len()
        ),
    )?;
    header(ws, CHANGES_HEADER_ROW, 0, &CHANGE_COLUMNS, st)?;
    let r = CHANGES_HEADER_ROW + 1;
    let r = ref_rows(ws, r, "new", &c.new_items)?;
    let r = closed_rows(ws, r, &c.closed, st)?;
    let r = ref_rows(ws, r, "reopened", &c.reopened)?;
    let r = ref_rows(ws, r, "removed without being closed", &c.removed)?;
    let r = ref_rows(ws, r, "closed earlier, now archived", &c.removed_closed)?;
    let r = slip_rows(ws, r, &c.slipped, st)?;
    let r = field_change_rows(ws, r, &c.other_field_changes, st)?;
    let last_row = (r - 1).max(CHANGES_HEADER_ROW + 1);
    ws.autofilter(
        CHANGES_HEADER_ROW,
        0,
        last_row,
        CHANGE_COLUMNS.len() as u16 - 1,
    )?;
    ws.set_freeze_panes(CHANGES_HEADER_ROW + 1, 0)?;
    for (col, width) in [
        (0, 28),
        (1, 14),
        (2, 30),
        (3, 30),
        (4, 18),
        (5, 30),
        (6, 30),
        (7, 11),
        (8, 16),
        (9, 50),
    ] {
        ws.set_column_width(col, width)?;
    }
    Ok(())
}

/// Each function below writes its rows from row `r` and returns the next free row.
fn ref_rows(
    ws: &mut Worksheet,
    mut r: u32,
    kind: &str,
    refs: &[ItemRef],
) -> Result<u32, XlsxError> {
    for item in refs {
        ws.write_string(r, 0, kind)?;
        ws.write_string(r, 1, &item.id)?;
        ws.write_string(r, 2, &item.title)?;
        ws.write_string(r, 3, item.owner.as_deref().unwrap_or(""))?;
        r += 1;
    }
    Ok(r)
}

fn closed_rows(
    ws: &mut Worksheet,
    mut r: u32,
    closed: &[ClosedItem],
    st: &Styles,
) -> Result<u32, XlsxError> {
    for i in closed {
        ws.write_string(r, 0, "closed")?;
        ws.write_string(r, 1, &i.id)?;
        ws.write_string(r, 2, &i.title)?;
        ws.write_string(r, 3, i.owner.as_deref().unwrap_or(""))?;
        // No evidence is what rule closed-without-evidence reports: say so, in red.
        if i.evidence.is_empty() {
            ws.write_string_with_format(r, 9, "(none)", &st.overdue)?;
        } else {
            ws.write_string_with_format(r, 9, i.evidence.join("\n"), &st.wrap)?;
        }
        r += 1;
    }
    Ok(r)
}

fn slip_rows(
    ws: &mut Worksheet,
    mut r: u32,
    slipped: &[SlipLine],
    st: &Styles,
) -> Result<u32, XlsxError> {
    for slip in slipped {
        ws.write_string(r, 0, "slipped")?;
        ws.write_string(r, 1, &slip.id)?;
        ws.write_string(r, 2, &slip.title)?;
        ws.write_string(r, 4, "completion date")?;
        ws.write_datetime_with_format(r, 5, slip.before, &st.date)?;
        ws.write_datetime_with_format(r, 6, slip.after, &st.date)?;
        ws.write_number(r, 7, slip.days as f64)?;
        // A slip without a recorded milestone change is rule completion-slipped.
        if slip.explained {
            ws.write_string(r, 8, "yes")?;
        } else {
            ws.write_string_with_format(r, 8, "no", &st.overdue)?;
        }
        r += 1;
    }
    Ok(r)
}

fn field_change_rows(
    ws: &mut Worksheet,
    mut r: u32,
    changes: &[FieldChangeLine],
    st: &Styles,
) -> Result<u32, XlsxError> {
    for f in changes {
        ws.write_string(r, 0, "field changed")?;
        ws.write_string(r, 1, &f.id)?;
        ws.write_string(r, 4, &f.field)?;
        ws.write_string_with_format(r, 5, &f.before, &st.wrap)?;
        ws.write_string_with_format(r, 6, &f.after, &st.wrap)?;
        r += 1;
    }
    Ok(r)
}

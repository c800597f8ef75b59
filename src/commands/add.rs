//! `poam add FILE --id … --control … --weakness … --remediation … --owner … --completion …
//! [--severity S] [--start D] [--resources R] [--milestone "D: text"]… [--status S]`:
//! append one item (PRODUCT.md §6). The status (Open unless `--status`) is written only
//! when the POA&M has a Status column; an explicit `--status` without one is refused.
//!
//! XLSX: the new row goes right after the last item's last row and takes the style of the
//! item above it (fonts, borders, date formats), so it looks like its neighbours. CSV: a new
//! record at the end, with the file's delimiter and line ending. A duplicate id is refused:
//! two items with one id is an `id-duplicate` error, and `poam set` could no longer tell
//! them apart.

use super::set::{milestone_line, shown, Target};
use crate::catalog::parse_requirement_list;
use crate::cli::AddArgs;
use crate::io::patch::{self, NewValue, Patched};
use crate::model::{vocab, Field, RequirementRef, SourceFormat, Status, Vocab};
use anyhow::anyhow;
use chrono::NaiveDate;

pub fn run(args: &AddArgs) -> anyhow::Result<i32> {
    let target = Target::open(&args.file, &args.write)?;
    let today = target.today(args.write.as_of.as_deref())?;
    let values = item_cells(&target, args, today)?;
    if !args.write.dry_run {
        target.check_writable()?;
    }
    let patched = append(&target, &values)?;
    let row = patched.appended_row.unwrap_or(0);
    let place = match &target.poam.sheet {
        Some(sheet) => format!("row {row} of sheet '{sheet}'"),
        None => format!("line {row}"),
    };
    println!("{}: adding {} on {place}", target.display, args.id.trim());
    for (col, value) in &values {
        println!(
            "{}: \"{}\"",
            target.location(row, *col),
            shown(value).replace('\n', "\\n")
        );
    }
    for w in &patched.warnings {
        eprintln!("poam: warning: {}: {w}", target.display);
    }
    if args.write.dry_run {
        println!("dry run: {} was not changed", target.display);
        return Ok(0);
    }
    target.commit(&patched, args.write.backup)?;
    Ok(0)
}

/// Check every argument and return the new row's cells as (0-based column, value), in
/// column order.
fn item_cells(
    target: &Target,
    args: &AddArgs,
    today: NaiveDate,
) -> anyhow::Result<Vec<(u32, NewValue)>> {
    let id = non_empty(target, "--id", &args.id)?;
    refuse_duplicate(target, id)?;
    let control = non_empty(target, "--control", &args.control)?;
    check_control(target, control)?;
    // An item is Open unless told otherwise. A POA&M without a Status column (the FedRAMP
    // Open sheet: an item is closed by moving it to the Closed sheet) gets no status,
    // unless the user asked for one: then the missing column is refused below.
    let status_given = args.status.is_some();
    let status = target.status_arg(args.status.as_deref().unwrap_or("Open"))?;
    let write_status = status_given || target.poam.columns.has(Field::Status);
    let severity = args
        .severity
        .as_deref()
        .map(|s| severity_arg(target, s))
        .transpose()?;
    let completion = target.date_arg("--completion", &args.completion)?;
    let start = args
        .start
        .as_deref()
        .map(|d| target.date_arg("--start", d))
        .transpose()?;
    let status_date = args
        .status_date
        .as_deref()
        .map(|d| target.date_arg("--status-date", d))
        .transpose()?;
    let milestones = args
        .milestone
        .iter()
        .map(|m| milestone_line(target, m))
        .collect::<anyhow::Result<Vec<String>>>()?;
    let evidence: Vec<&str> = args
        .evidence
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .collect();
    if status == Status::Closed && evidence.is_empty() {
        return Err(target.refuse(format!(
            "{id} cannot be added as Closed without evidence; add --evidence with the file, \
             ticket or URL that proves the closure"
        )));
    }

    let mut cells: Vec<(Field, NewValue)> = vec![
        (Field::Id, text(id)),
        (Field::Control, text(control)),
        (
            Field::Weakness,
            text(non_empty(target, "--weakness", &args.weakness)?),
        ),
        (
            Field::Remediation,
            text(non_empty(target, "--remediation", &args.remediation)?),
        ),
        (
            Field::Owner,
            text(non_empty(target, "--owner", &args.owner)?),
        ),
        (Field::Completion, NewValue::Date(completion)),
    ];
    if write_status {
        cells.push((Field::Status, text(status.label())));
    }
    if let Some(s) = severity {
        cells.push((Field::Severity, text(s)));
    }
    if let Some(d) = start {
        cells.push((Field::Start, NewValue::Date(d)));
    }
    if let Some(r) = args
        .resources
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        cells.push((Field::Resources, text(r)));
    }
    if !milestones.is_empty() {
        cells.push((Field::Milestones, NewValue::Text(milestones.join("\n"))));
    }
    if !evidence.is_empty() {
        cells.push((Field::Evidence, NewValue::Text(evidence.join("\n"))));
    }
    if let Some(c) = args
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        cells.push((Field::Comments, text(c)));
    }
    // The status date says when the status was last set: now, unless given. Only when the
    // workbook has the column (an explicit --status-date needs it).
    match status_date {
        Some(d) => cells.push((Field::StatusDate, NewValue::Date(d))),
        None => {
            if target.poam.columns.has(Field::StatusDate) {
                cells.push((Field::StatusDate, NewValue::Date(today)));
            }
        }
    }
    let mut out = Vec::new();
    for (field, value) in cells {
        out.push((target.column(field)?, value));
    }
    out.sort_by_key(|(col, _)| *col);
    Ok(out)
}

fn text(s: &str) -> NewValue {
    NewValue::Text(s.to_owned())
}

fn non_empty<'a>(target: &Target, flag: &str, value: &'a str) -> anyhow::Result<&'a str> {
    let v = value.trim();
    if v.is_empty() {
        Err(target.refuse(format!("{flag} is empty")))
    } else {
        Ok(v)
    }
}

fn refuse_duplicate(target: &Target, id: &str) -> anyhow::Result<()> {
    let taken = target.poam.items.iter().find(|i| {
        i.id.as_deref()
            .is_some_and(|x| x.trim().eq_ignore_ascii_case(id))
    });
    match taken {
        Some(item) => Err(target.refuse(format!(
            "id '{id}' is already held by the item on {} {}; choose another id",
            if target.poam.format == SourceFormat::Csv {
                "line"
            } else {
                "row"
            },
            item.row
        ))),
        None => Ok(()),
    }
}

/// Every reference must be one of the catalog's requirements: a typo here would be a
/// `control-unknown` error on the next `poam validate`.
fn check_control(target: &Target, control: &str) -> anyhow::Result<()> {
    for reference in parse_requirement_list(control) {
        match reference {
            RequirementRef::Known(_) => {}
            RequirementRef::Unknown(id) => {
                return Err(target.refuse(format!(
                    "--control: {id} is not one of the 110 NIST SP 800-171 Rev 2 requirements"
                )))
            }
            RequirementRef::Unparsed(text) => {
                return Err(target.refuse(format!(
                    "--control: '{text}' is not a NIST SP 800-171 requirement id (write \
                     3.1.8 or AC.L2-3.1.8)"
                )))
            }
        }
    }
    Ok(())
}

fn severity_arg(target: &Target, text: &str) -> anyhow::Result<&'static str> {
    match vocab::parse_severity(text) {
        Vocab::Known(s) => Ok(s.label()),
        Vocab::Unknown(_) => Err(target.refuse(format!(
            "--severity '{text}' is not a severity; use Low, Moderate, High or Critical"
        ))),
    }
}

/// Build the new file: XLSX after the last item's last row, styled like that item; CSV
/// at the end.
fn append(target: &Target, values: &[(u32, NewValue)]) -> anyhow::Result<Patched> {
    let poam = &target.poam;
    let result = match (&poam.format, &poam.sheet) {
        (SourceFormat::Xlsx, Some(sheet)) => {
            let last_item = poam.items.iter().max_by_key(|i| i.row);
            let (after_row, style_row) = match last_item {
                Some(item) => (last_row_of(item), item.row),
                // No item yet: the first row under the header, styled like a pre-formatted
                // template row if there is one.
                None => (poam.header_row, poam.header_row + 1),
            };
            patch::append_xlsx_row(&target.original, sheet, after_row, style_row, values)
        }
        _ => patch::append_csv_record(&target.original, values),
    };
    result.map_err(|e| anyhow!("{} was not changed: {e}", target.display))
}

/// An item's last row: eMASS-style items continue on the rows of their milestones.
fn last_row_of(item: &crate::model::Item) -> u32 {
    item.milestones
        .iter()
        .chain(&item.milestone_changes)
        .map(|m| m.row)
        .chain(std::iter::once(item.row))
        .max()
        .unwrap_or(item.row)
}

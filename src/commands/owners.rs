//! `poam owners FILE`: each owner's open items by due date with the next milestone not yet
//! done, for the weekly owner update. An item's supporting owners see it too, marked
//! "supporting". Content from `summary::owner_lists`; this file only formats it.

use crate::cli::{ListFormat, OwnersArgs};
use crate::output::report_md::cell;
use crate::summary::{self, OwnedItem, OwnerList};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write;

pub fn run(args: &OwnersArgs) -> anyhow::Result<i32> {
    let as_of = super::validate::today(args.today.as_of);
    let display = args.file.display().to_string();
    // Read as `validate` reads it: poam.toml's sheet, column aliases and synonyms.
    let config = super::resolve_config(&args.config)?;
    let poam = super::read_poam(&args.file, &display, args.sheet.as_deref(), &config)?;
    let all = summary::owner_lists(&poam, as_of);
    let lists: Vec<OwnerList> = match &args.owner {
        Some(filter) => all
            .iter()
            .filter(|l| summary::owner_matches(&l.owner, filter))
            .cloned()
            .collect(),
        None => all.clone(),
    };
    let text = match args.format {
        ListFormat::Human => human(&lists, as_of, args.owner.as_deref(), &all),
        ListFormat::Md => markdown(&lists, as_of),
        ListFormat::Json => json(&display, as_of, &lists),
    };
    super::emit(args.output.as_deref(), &text)?;
    Ok(0)
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string())
        .unwrap_or_else(|| "no date".to_owned())
}

/// "due 2026-12-18 (22 days)", "due 2026-11-10 (16 days late)", "no completion date".
fn due_text(o: &OwnedItem, as_of: NaiveDate) -> String {
    match o.item.completion {
        Some(d) => {
            let days = d.signed_duration_since(as_of).num_days();
            match days {
                0 => format!("due {d} (today)"),
                n if n < 0 => format!("due {d} ({} days late)", -n),
                n => format!("due {d} (in {n} days)"),
            }
        }
        None => "no completion date".to_owned(),
    }
}

fn next_text(o: &OwnedItem, as_of: NaiveDate) -> String {
    match &o.item.next_milestone {
        Some(m) => {
            let late = if m.date.is_some_and(|d| d < as_of) {
                " (overdue)"
            } else {
                ""
            };
            format!("next: {} {}{late}", date(m.date), m.text)
        }
        None => "next: no milestone left undone".to_owned(),
    }
}

fn human(lists: &[OwnerList], as_of: NaiveDate, filter: Option<&str>, all: &[OwnerList]) -> String {
    let mut out = String::new();
    if lists.is_empty() {
        let names: Vec<&str> = all.iter().map(|l| l.owner.as_str()).collect();
        let _ = writeln!(
            out,
            "No open items for \"{}\" as of {as_of}. Owners with open items: {}",
            filter.unwrap_or(""),
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join("; ")
            }
        );
        return out;
    }
    let _ = writeln!(out, "Open items by owner, as of {as_of}\n");
    for l in lists {
        let owned = l.items.iter().filter(|o| o.role == "owner").count();
        let supporting = l.items.len() - owned;
        let _ = write!(out, "{} — {owned} open", l.owner);
        if supporting > 0 {
            let _ = write!(out, ", supporting {supporting}");
        }
        out.push('\n');
        for o in &l.items {
            let role = if o.role == "supporting" {
                " [supporting]"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {}  {} · {}{role}\n      {} · {}\n      {}",
                o.item.id,
                o.item.title,
                o.item.status,
                due_text(o, as_of),
                o.item.severity.as_deref().unwrap_or("severity not rated"),
                next_text(o, as_of)
            );
        }
        out.push('\n');
    }
    out
}

fn markdown(lists: &[OwnerList], as_of: NaiveDate) -> String {
    let mut out = format!("# Open items by owner, as of {as_of}\n\n");
    if lists.is_empty() {
        out.push_str("No open items.\n");
        return out;
    }
    for l in lists {
        let _ = writeln!(out, "## {}\n", cell(&l.owner));
        out.push_str("| Item | Requirement | Role | Status | Due | Next milestone |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for o in &l.items {
            let next = match &o.item.next_milestone {
                Some(m) => format!("{}: {}", date(m.date), cell(&m.text)),
                None => "—".to_owned(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&o.item.id),
                cell(&o.item.title),
                o.role,
                cell(&o.item.status),
                cell(&due_text(o, as_of)),
                next
            );
        }
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    file: &'a str,
    as_of: NaiveDate,
    owners: &'a [OwnerList],
}

fn json(file: &str, as_of: NaiveDate, lists: &[OwnerList]) -> String {
    let doc = Json {
        schema: "poam/owners/1",
        file,
        as_of,
        owners: lists,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

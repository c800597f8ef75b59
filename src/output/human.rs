//! `--format human`: findings grouped by item, each pointing at `file › sheet!cell`,
//! then the score and the verdict. Colour only when asked (a terminal).

use crate::engine::{Assessment, Basis};
use crate::model::item::ItemSummary;
use crate::model::Location;
use crate::report::ValidationReport;
use crate::rules::{Finding, Level};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

struct Paint {
    on: bool,
}

impl Paint {
    fn style(&self, style: Style, text: &str) -> String {
        if self.on {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }
    fn level(&self, level: Level) -> String {
        let color = match level {
            Level::Error => AnsiColor::Red,
            Level::Warning => AnsiColor::Yellow,
        };
        self.style(
            Style::new().fg_color(Some(color.into())).bold(),
            level.as_str(),
        )
    }
    fn bold(&self, text: &str) -> String {
        self.style(Style::new().bold(), text)
    }
    fn dim(&self, text: &str) -> String {
        self.style(Style::new().dimmed(), text)
    }
}

/// `poam.xlsx › POA&M!N12`, `poam.csv › line 12`, `poam.xlsx › POA&M`.
pub fn place(file: &str, location: &Location) -> String {
    let at = location.to_string();
    if at.is_empty() {
        file.to_owned()
    } else {
        format!("{file} › {at}")
    }
}

/// The item a finding belongs to: the last item starting at or before its row.
fn owning_item<'a>(items: &'a [ItemSummary], finding: &Finding) -> Option<&'a ItemSummary> {
    let row = finding.location.row?;
    let idx = items.partition_point(|i| i.row <= row);
    idx.checked_sub(1).and_then(|i| items.get(i))
}

pub fn render(r: &ValidationReport, color: bool) -> String {
    let p = Paint { on: color };
    let mut out = String::new();
    let poam = &r.poam;
    let sheet = poam
        .sheet
        .as_deref()
        .map(|s| format!(" › {s}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{}{sheet}: {} items ({} open, {} closed), header on {} {}",
        p.bold(&poam.file),
        r.items.len(),
        r.open_items(),
        r.closed_items(),
        if poam.sheet.is_some() { "row" } else { "line" },
        poam.header_row
    );
    for note in &poam.notes {
        let _ = writeln!(out, "{} {note}", p.dim("note:"));
    }

    // Item findings grouped by item (in sheet order), then whole-POA&M findings.
    let mut groups: Vec<(String, Vec<&Finding>)> = Vec::new();
    let mut whole: Vec<&Finding> = Vec::new();
    for f in &r.findings {
        match owning_item(&r.items, f) {
            Some(item) if f.location.row.is_some() => {
                let title = item_title(item);
                match groups.last_mut() {
                    Some((t, list)) if *t == title => list.push(f),
                    _ => groups.push((title, vec![f])),
                }
            }
            _ => whole.push(f),
        }
    }
    for (title, list) in &groups {
        let _ = writeln!(out, "\n{}", p.bold(title));
        for f in list {
            write_finding(&mut out, &p, &poam.file, f);
        }
    }
    if !whole.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold("Whole POA&M"));
        for f in whole {
            write_finding(&mut out, &p, &poam.file, f);
        }
    }
    out.push('\n');
    write_verdict(&mut out, &p, r);
    out
}

fn item_title(item: &ItemSummary) -> String {
    let reqs: Vec<String> = item
        .known_requirements()
        .map(|q| format!("{} {}", q.id, q.name))
        .collect();
    let mut title = item.label();
    if !reqs.is_empty() {
        title.push_str(" · ");
        title.push_str(&reqs.join(", "));
    }
    format!("{title} (row {})", item.row)
}

fn write_finding(out: &mut String, p: &Paint, file: &str, f: &Finding) {
    let _ = writeln!(
        out,
        "  {}[{}] {}",
        p.level(f.level),
        f.rule,
        p.dim(&place(file, &f.location))
    );
    let _ = writeln!(out, "      {}", f.message);
}

fn write_verdict(out: &mut String, p: &Paint, r: &ValidationReport) {
    let a: &Assessment = &r.assessment;
    let basis = match (a.basis, &r.ssp_file) {
        (Basis::Ssp, Some(ssp)) => format!("from the SSP {ssp}"),
        _ => "from the open POA&M items; no SSP given".to_owned(),
    };
    let score = match a.score {
        Some(s) => format!("{s} / {}", a.max),
        None => "none (3.12.4 is NOT MET: no score can be given)".to_owned(),
    };
    let _ = writeln!(
        out,
        "{} {score}  ({basis}; {})",
        p.bold(&format!("Score (CMMC Level {}):", a.level)),
        a.threshold_text()
    );
    for assumption in &a.assumptions {
        let _ = writeln!(out, "  {} {assumption}", p.dim("assumed:"));
    }
    let _ = writeln!(out, "{} {}", p.bold("Verdict:"), a.verdict());
    for reason in &a.reasons {
        let _ = writeln!(out, "  - {reason}");
    }
    if let Some(deadline) = a.closeout_deadline {
        let days = (deadline - r.as_of).num_days();
        let _ = writeln!(
            out,
            "  POA&M closeout deadline {deadline} ({} as of {})",
            if days >= 0 {
                format!("{days} days left")
            } else {
                format!("passed {} days ago", -days)
            },
            r.as_of
        );
    }
    let errors = r.count(Level::Error);
    let warnings = r.count(Level::Warning);
    let _ = writeln!(
        out,
        "{} {} error{}, {} warning{} in {} items",
        p.bold("Summary:"),
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" },
        r.items.len()
    );
}

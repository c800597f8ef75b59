//! `--format json`: the stable contract of PRODUCT.md §5 (`"schema": "poam/validate/1"`).

use crate::engine::Basis;
use crate::model::location::LocationJson;
use crate::report::ValidationReport;
use crate::rules::Level;
use serde::Serialize;

#[derive(Serialize)]
struct Json<'a> {
    schema: &'static str,
    file: &'a str,
    sheet: Option<&'a str>,
    as_of: String,
    level: u8,
    items: Items,
    score: Option<Score>,
    conditional: Conditional<'a>,
    /// What the engine assumed (for example: no SSP, so NOT MET came from the POA&M).
    assumptions: &'a [String],
    notes: &'a [String],
    summary: Summary,
    findings: Vec<FindingJson<'a>>,
}

#[derive(Serialize)]
struct Items {
    total: usize,
    open: usize,
    closed: usize,
}

#[derive(Serialize)]
struct Score {
    value: i32,
    max: i32,
    threshold: i32,
    basis: &'static str,
    not_met: Vec<String>,
}

#[derive(Serialize)]
struct Conditional<'a> {
    reachable: bool,
    #[serde(rename = "final")]
    is_final: bool,
    reasons: &'a [String],
    closeout_deadline: Option<String>,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'a str,
    level: Level,
    item: Option<&'a str>,
    location: LocationJson,
    message: &'a str,
}

pub fn render(r: &ValidationReport) -> String {
    let a = &r.assessment;
    let doc = Json {
        schema: "poam/validate/1",
        file: &r.poam.file,
        sheet: r.poam.sheet.as_deref(),
        as_of: r.as_of.to_string(),
        level: a.level,
        items: Items {
            total: r.items.len(),
            open: r.open_items(),
            closed: r.closed_items(),
        },
        score: a.score.map(|value| Score {
            value,
            max: a.max,
            threshold: a.threshold,
            basis: match a.basis {
                Basis::Ssp => "ssp",
                Basis::Poam => "poam",
            },
            not_met: a.not_met.iter().map(|n| n.requirement.id.clone()).collect(),
        }),
        conditional: Conditional {
            reachable: a.conditional_reachable,
            is_final: a.is_final,
            reasons: &a.reasons,
            closeout_deadline: a.closeout_deadline.map(|d| d.to_string()),
        },
        assumptions: &a.assumptions,
        notes: &r.poam.notes,
        summary: Summary {
            errors: r.count(Level::Error),
            warnings: r.count(Level::Warning),
        },
        findings: r
            .findings
            .iter()
            .map(|f| FindingJson {
                rule: f.rule,
                level: f.level,
                item: f.item.as_deref(),
                location: LocationJson::from(&f.location),
                message: &f.message,
            })
            .collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

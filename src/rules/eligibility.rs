//! Rules: eligibility — may these items be on a CMMC POA&M, and is Conditional status
//! reachable? Per-item rules (`poam-ineligible`, `poam-excluded`, `poam-not-permitted`) look
//! at open items; workbook rules (`score-below-threshold`, `score-unavailable`) read the
//! engine's assessment; SSP rules (`not-met-missing-item`, `ssp-incomplete`,
//! `ssp-status-unknown`) compare the SSP with the POA&M.
//!
//! Closed items are never judged here: 32 CFR 170.21 limits what may be *on* the POA&M,
//! i.e. what is still NOT MET. An SSP finding has no cell in the POA&M: it is placed at
//! the POA&M's workbook level and its message names the SSP file and cell.

use crate::catalog::Requirement;
use crate::engine::{SspEntry, SspStatus};
use crate::model::{Field, Item, Location};
use crate::rules::{Context, Findings, ItemContext, Level, RuleInfo};

pub const POAM_INELIGIBLE: RuleInfo = RuleInfo {
    name: "poam-ineligible",
    default_level: Level::Error,
    summary: "an open item's requirement is worth more than 1 point (3.13.11 partial excepted)",
    what: "Checks each requirement named by an open item against its DoD value: only \
           requirements worth 1 point may be on a Level 2 POA&M. The one exception is \
           3.13.11 when encryption is employed but not FIPS-validated (partial, 3 points). \
           Without an SSP, 3.13.11 is taken as partial (the engine assumes the same); with \
           an SSP, only when the SSP says PARTIAL. 3.5.3 is never eligible (3 or 5 points). \
           Requirements excluded by name (3.12.4 among them) are reported by poam-excluded \
           instead. Only requirements of the assessed level are judged (the 110 at Level 2, \
           the 24 at Level 3, as in the score). Not checked at Level 1, where \
           poam-not-permitted applies.",
    why: "Conditional Level 2 status requires that no requirement on the POA&M is worth more \
          than 1 point. A 3- or 5-point requirement that is NOT MET must be implemented \
          before the assessment; putting it on the POA&M does not help, and SPRS gives \
          \"No CMMC Status\".",
    example: "An open item POAM-IA-002 naming 3.5.3 (multifactor authentication, 5 points).",
    fix: "Implement the requirement before the assessment and close the item with evidence. \
          For 3.13.11, if encryption is employed but not FIPS-validated, record PARTIAL in \
          the SSP: it may then stay on the POA&M at 3 points.",
    source: "32 CFR 170.21(a)(2)(ii); values from the DoD Assessment Methodology v1.2.1 \
             Annex A and 32 CFR 170.24(c)(2)(i)(B).",
};

pub const POAM_EXCLUDED: RuleInfo = RuleInfo {
    name: "poam-excluded",
    default_level: Level::Error,
    summary: "an open item names 3.1.20, 3.1.22, 3.10.3, 3.10.4, 3.10.5 or 3.12.4",
    what: "Checks each requirement named by an open item against the requirements 32 CFR \
           170.21 names as never allowed on a POA&M: 3.1.20, 3.1.22, 3.10.3, 3.10.4, 3.10.5 \
           and 3.12.4 at Level 2; 3.6.1e, 3.6.2e, 3.11.1e, \
           3.11.4e, 3.11.6e, 3.11.7e and 3.14.3e at Level 3. Only requirements of the assessed \
           level are judged. Not checked at Level 1, where poam-not-permitted applies.",
    why: "These requirements may never be on the POA&M for Conditional status, whatever \
          their point value: five are 1-point requirements that would otherwise be eligible, \
          and 3.12.4 (the system security plan) has no value at all — without it no score \
          can be given.",
    example: "An open item POAM-PE-004 naming 3.10.4 (physical access logs).",
    fix: "Implement the requirement before the assessment and close the item with evidence.",
    source: "32 CFR 170.21(a)(2)(iii) (Level 2); 32 CFR 170.21(a)(3) (Level 3).",
};

pub const POAM_NOT_PERMITTED: RuleInfo = RuleInfo {
    name: "poam-not-permitted",
    default_level: Level::Error,
    summary: "`--level 1` and an open item exists",
    what: "At CMMC Level 1, reports every open item (an item with no or an unrecognised \
           status counts as open).",
    why: "A POA&M is not permitted at any time for a Level 1 self-assessment: every Level 1 \
          requirement must be fully implemented, and results are MET or NOT MET in their \
          entirety. An open item is a requirement that is NOT MET.",
    example: "`poam validate poam.xlsx --level 1` with POAM-AC-001 (3.1.1) In Progress.",
    fix: "Implement the requirement and close the item with evidence before affirming Level 1.",
    source: "32 CFR 170.21(a)(1); 32 CFR 170.24(c)(1).",
};

pub const SCORE_BELOW_THRESHOLD: RuleInfo = RuleInfo {
    name: "score-below-threshold",
    default_level: Level::Error,
    summary: "the score is below 88 (Level 3: below 80 % of 24)",
    what: "Compares the score with the Conditional threshold: 0.8 × 110 = 88 at Level 2, \
           0.8 × 24 (at least 20) at Level 3. One finding for the workbook. The score comes \
           from the SSP when one is given, else from the open POA&M items. Not checked at \
           Level 1, which has no score threshold.",
    why: "Conditional status needs a score of at least 80 % of the maximum. Below it, SPRS \
          gives \"No CMMC Status\" however good the POA&M is.",
    example: "Open items for 3.1.1 (5), 3.4.1 (5), 3.5.3 (5), 3.13.1 (5) and 3.14.1 (5): \
              110 − 25 = 85.",
    fix: "Implement NOT MET requirements, highest value first, until the score reaches the \
          threshold; the message says how many points are missing.",
    source: "32 CFR 170.21(a)(2)(i) (Level 2); 32 CFR 170.21(a)(3) (Level 3); scoring per \
             32 CFR 170.24(c).",
};

pub const SCORE_UNAVAILABLE: RuleInfo = RuleInfo {
    name: "score-unavailable",
    default_level: Level::Error,
    summary: "3.12.4 is NOT MET: no score can be given",
    what: "Reports, once for the workbook, when 3.12.4 (System Security Plan) is NOT MET — in \
           the SSP, or, without an SSP, named by an open item.",
    why: "3.12.4 has no point value: without a system security plan the assessment cannot be \
          completed, and SPRS shows \"No CMMC Score\".",
    example: "An open item POAM-CA-004 \"SSP not yet approved\" naming 3.12.4.",
    fix: "Write, approve and maintain the system security plan before the assessment.",
    source: "DoD Assessment Methodology v1.2.1 §5(g)(i); 32 CFR 170.24(c)(2)(i)(B)(5); DoD \
             CIO CMMC FAQ C-Q10.",
};

pub const NOT_MET_MISSING_ITEM: RuleInfo = RuleInfo {
    name: "not-met-missing-item",
    default_level: Level::Error,
    summary: "(with `--ssp`) a NOT MET requirement has no open item",
    what: "With an SSP, reports each requirement whose SSP status is NOT MET or PARTIAL but \
           that no open POA&M item names. Requirements absent from the SSP or with an \
           unknown status are left to ssp-incomplete and ssp-status-unknown. Not checked at \
           Level 1, where no POA&M is permitted.",
    why: "Every NOT MET requirement must have a POA&M in place. A gap the SSP admits but the \
          POA&M does not plan to fix makes Conditional status unreachable and tells the \
          assessor the POA&M is not managed. If the requirement is not eligible, it must be \
          implemented instead: the message says which.",
    example: "The SSP says 3.1.8 Not Met; no open item names 3.1.8.",
    fix: "Add an item for the requirement (id, weakness, remediation, owner, dates), or, if \
          it is not POA&M-eligible, implement it before the assessment and mark it MET in \
          the SSP.",
    source: "32 CFR 170.24(c)(2)(i)(B)(6); 32 CFR 170.21(a)(2).",
};

pub const SSP_INCOMPLETE: RuleInfo = RuleInfo {
    name: "ssp-incomplete",
    default_level: Level::Warning,
    summary: "(with `--ssp`) a requirement is missing from the SSP; it counts as NOT MET",
    what: "With an SSP, reports each requirement of the level (110 at Level 2, 17 at Level 1, \
           24 at Level 3) that no SSP row names. It is counted NOT MET in the score.",
    why: "An assessor scores every requirement. One the SSP does not describe has no \
          implementation statement, and is scored NOT MET.",
    example: "An SSP sheet that lists 3.1.1 … 3.14.7 but skips 3.8.9.",
    fix: "Add a row for the requirement with its implementation status (Met, Not Met, \
          Partial or N/A).",
    source: "32 CFR 170.24(b) (each requirement is MET, NOT MET or N/A); NIST SP 800-171 \
             Rev 2 3.12.4 (the SSP describes how each requirement is implemented).",
};

pub const SSP_STATUS_UNKNOWN: RuleInfo = RuleInfo {
    name: "ssp-status-unknown",
    default_level: Level::Error,
    summary: "(with `--ssp`) an SSP status outside the vocabulary; it counts as NOT MET",
    what: "With an SSP, reports each requirement whose status cell is blank or holds a word \
           outside the vocabulary: Met, Implemented, Fully Implemented, Yes, Enduring \
           Exception, Temporary Deficiency; Not Met, Not Implemented, Planned, No, Missing; \
           Partial, Partially Implemented, Partially Met; N/A, Not Applicable. It is counted \
           NOT MET.",
    why: "Assessment results are MET, NOT MET or N/A. A status such as \"Mostly\" or \"In \
          review\" does not say which, so the score cannot credit it.",
    example: "SSP row for 3.5.3 with the status \"Mostly\".",
    fix: "Write one of the status words; use Partial for 3.5.3 and 3.13.11 when partially \
          implemented.",
    source: "32 CFR 170.24(b).",
};

pub const RULES: &[&RuleInfo] = &[
    &POAM_INELIGIBLE,
    &POAM_EXCLUDED,
    &POAM_NOT_PERMITTED,
    &SCORE_BELOW_THRESHOLD,
    &SCORE_UNAVAILABLE,
    &NOT_MET_MISSING_ITEM,
    &SSP_INCOMPLETE,
    &SSP_STATUS_UNKNOWN,
];

/// An open item: `poam-not-permitted` at Level 1, else `poam-excluded` and
/// `poam-ineligible` for the requirements it names.
pub fn check_item(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    if !item.is_open() {
        return;
    }
    if ctx.level == 1 {
        open_item_at_level_1(ctx, item, out);
    } else {
        excluded_requirements(ctx, item, out);
        ineligible_requirements(ctx, item, out);
    }
}

/// The score, the verdict's requirements and the SSP.
pub fn check_whole(ctx: &Context, out: &mut Findings) {
    if ctx.level != 1 {
        score_below_threshold(ctx, out);
        not_met_without_item(ctx, out);
    }
    score_unavailable(ctx, out);
    ssp_gaps(ctx, out);
}

/// The distinct catalog requirements of the assessed level an item names, in cell order.
/// Like the engine, a Level 2 assessment judges the 110 and a Level 3 one the 24: a
/// Level 3 id on a Level 2 POA&M (or the reverse) is outside the assessment.
fn requirements_of<'i>(
    ctx: &ItemContext,
    item: &'i Item,
) -> impl Iterator<Item = &'static Requirement> + 'i {
    let level = ctx.level;
    let at_level = move || item.known_requirements().filter(move |r| r.level == level);
    // A requirement named twice counts once: keep it where it first appears.
    at_level()
        .enumerate()
        .filter(move |(i, r)| !at_level().take(*i).any(|s| s.id == r.id))
        .map(|(_, r)| r)
}

/// Is the requirement partially implemented? The engine's answer when it counted the
/// requirement NOT MET (so that findings and verdict agree); otherwise, with an SSP, its
/// PARTIAL status; without one, 3.13.11 is taken as partial (encryption employed but not
/// FIPS-validated, the only way it can be on a POA&M: 32 CFR 170.21(a)(2)(ii)).
fn partially_met(ctx: &ItemContext, r: &Requirement) -> bool {
    if let Some(n) = ctx
        .assessment
        .and_then(|a| a.not_met.iter().find(|n| n.requirement.id == r.id))
    {
        return n.partial;
    }
    match ctx.ssp {
        Some(ssp) => matches!(
            ssp.status_of(&r.id).map(|e| &e.status),
            Some(SspStatus::Partial)
        ),
        None => r.id == "3.13.11",
    }
}

fn excluded_requirements(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    for r in requirements_of(ctx, item).filter(|r| r.poam_excluded) {
        // 32 CFR 170.21(a)(2)(iii) lists the six Level 2 exclusions, (a)(3) the seven of Level 3.
        let citation = if r.level == 3 {
            "32 CFR 170.21(a)(3)"
        } else {
            "32 CFR 170.21(a)(2)(iii)"
        };
        let aside = if r.id == "3.12.4" {
            "; without a system security plan no score can be given"
        } else {
            ""
        };
        let message = format!(
            "{} names {} ({}), which may never be on a POA&M ({citation}){aside}: implement it \
             before the assessment",
            item.label(),
            r.id,
            r.name
        );
        out.push(
            &POAM_EXCLUDED,
            item.id.as_deref(),
            ctx.at(item, Field::Control),
            message,
        );
    }
}

fn ineligible_requirements(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    for r in requirements_of(ctx, item) {
        let partial = partially_met(ctx, r);
        // Excluded requirements are poam-excluded's; eligible ones need nothing.
        if r.poam_excluded || r.poam_eligible(partial) {
            continue;
        }
        let points = r.deduction(partial).unwrap_or(0);
        // 32 CFR 170.21(a)(2)(ii): the 3.13.11 exception, when encryption is employed.
        let aside = if r.id == "3.13.11" {
            " (3.13.11 may be, at 3 points, only when encryption is employed but not \
             FIPS-validated: then record it as PARTIAL in the SSP)"
        } else {
            ""
        };
        let message = format!(
            "{} names {} (worth {points} points): only 1-point requirements may be on a POA&M \
             (32 CFR 170.21(a)(2)(ii)){aside}; implement it before the assessment",
            item.label(),
            r.id
        );
        out.push(
            &POAM_INELIGIBLE,
            item.id.as_deref(),
            ctx.at(item, Field::Control),
            message,
        );
    }
}

fn open_item_at_level_1(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let message = format!(
        "{} is open, but no POA&M is permitted at Level 1 (32 CFR 170.21(a)(1)): implement \
         the requirement and close the item with evidence before affirming Level 1",
        item.label()
    );
    out.push(
        &POAM_NOT_PERMITTED,
        item.id.as_deref(),
        ctx.at(item, Field::Status),
        message,
    );
}

fn score_below_threshold(ctx: &Context, out: &mut Findings) {
    let a = ctx.assessment;
    let Some(score) = a.score else { return };
    if score >= a.threshold {
        return;
    }
    // 32 CFR 170.21(a)(2)(i) for Level 2; (a)(3) for Level 3.
    let (status, citation) = if ctx.level == 3 {
        ("Conditional Level 3", "32 CFR 170.21(a)(3)")
    } else {
        ("Conditional Level 2", "32 CFR 170.21(a)(2)(i)")
    };
    let short = a.threshold - score;
    let message = format!(
        "the score is {score} of {}, below the {} needed for {status} ({citation}): implement \
         NOT MET requirements worth at least {short} point{} before the assessment",
        a.max,
        a.threshold,
        if short == 1 { "" } else { "s" }
    );
    out.push(
        &SCORE_BELOW_THRESHOLD,
        None,
        ctx.poam.sheet_location(),
        message,
    );
}

fn score_unavailable(ctx: &Context, out: &mut Findings) {
    if ctx.assessment.score.is_some() {
        return;
    }
    let where_said = match ctx
        .ssp
        .and_then(|ssp| ssp.status_of("3.12.4").map(|e| (ssp, e)))
    {
        Some((ssp, entry)) => format!(" (the SSP says so at {})", ssp_cell(&ssp.file, entry)),
        None => String::new(),
    };
    let message = format!(
        "3.12.4 (System Security Plan) is NOT MET{where_said}: no score can be given (DoD \
         Assessment Methodology v1.2.1 §5(g)(i); 32 CFR 170.24(c)(2)(i)(B)(5)); write and \
         approve the system security plan before the assessment"
    );
    out.push(&SCORE_UNAVAILABLE, None, ctx.poam.sheet_location(), message);
}

fn not_met_without_item(ctx: &Context, out: &mut Findings) {
    let Some(ssp) = ctx.ssp else { return };
    for not_met in ctx.assessment.not_met.iter().filter(|n| !n.on_poam) {
        let r = not_met.requirement;
        // Absent rows and unknown statuses have their own rules; only a status that says
        // NOT MET or PARTIAL asks for an item here.
        let Some(entry) = ssp
            .status_of(&r.id)
            .filter(|e| matches!(e.status, SspStatus::NotMet | SspStatus::Partial))
        else {
            continue;
        };
        let todo = if not_met.eligible {
            "add an open item for it (32 CFR 170.24(c)(2)(i)(B)(6))".to_owned()
        } else {
            format!(
                "it may not go on a POA&M ({}), so implement it before the assessment",
                why_ineligible(r, not_met.deduction)
            )
        };
        let message = format!(
            "{} ({}) is {} in the SSP ({}) but no open POA&M item names it: {todo}",
            r.id,
            r.name,
            entry.status.label(),
            ssp_cell(&ssp.file, entry)
        );
        out.push(
            &NOT_MET_MISSING_ITEM,
            None,
            ctx.poam.sheet_location(),
            message,
        );
    }
}

fn why_ineligible(r: &Requirement, deduction: Option<u32>) -> String {
    if r.poam_excluded {
        "excluded by 32 CFR 170.21".to_owned()
    } else {
        match deduction {
            Some(points) => format!("worth {points} points; 32 CFR 170.21(a)(2)(ii)"),
            None => "32 CFR 170.21(a)(2)".to_owned(),
        }
    }
}

/// `ssp.xlsx › SSP!C14`, `ssp.csv › line 14 column C`.
fn ssp_cell(file: &str, entry: &SspEntry) -> String {
    format!("{file} › {}", entry.location)
}

fn ssp_gaps(ctx: &Context, out: &mut Findings) {
    let Some(ssp) = ctx.ssp else { return };
    let workbook: Location = ctx.poam.sheet_location();
    for r in ssp.missing(ctx.level) {
        let value = match r.points {
            Some(p) => format!("{p} point{}", if p == 1 { "" } else { "s" }),
            None => "no score at all".to_owned(),
        };
        let message = format!(
            "{} ({}) is not in the SSP ({}): it counts as NOT MET ({value}); add a row with its \
             implementation status",
            r.id, r.name, ssp.file
        );
        out.push(&SSP_INCOMPLETE, None, workbook.clone(), message);
    }
    for entry in &ssp.entries {
        if !matches!(entry.status, SspStatus::Unknown(_)) {
            continue;
        }
        let message = format!(
            "the SSP gives {} {} ({}), which is not a known status: it counts as NOT MET; \
             write Met, Not Met, Partial or N/A",
            entry.requirement.id,
            entry.status.label(),
            ssp_cell(&ssp.file, entry)
        );
        out.push(&SSP_STATUS_UNKNOWN, None, workbook.clone(), message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::engine::{Assessment, Basis, NotMet, NotMetWhy, Ssp};
    use crate::model::{RequirementRef, Status, Vocab};
    use crate::rules::dates::test_support::check_group;
    use crate::rules::identity::testkit::*;
    use crate::rules::Finding;

    fn check(ctx: &Context, out: &mut Findings) {
        check_group(ctx, out, check_item, |ctx, _, out| check_whole(ctx, out));
    }

    fn req(id: &str) -> &'static Requirement {
        match catalog().get(id) {
            Some(r) => r,
            None => panic!("{id} is not in the catalog"),
        }
    }

    fn rule_findings(
        items: Vec<Item>,
        a: &Assessment,
        ssp: Option<&Ssp>,
        level: u8,
        rule: &str,
    ) -> Vec<Finding> {
        let p = poam(items);
        run(check, &p, a, ssp, level, rule)
    }

    fn ssp(entries: &[(&str, SspStatus)]) -> Ssp {
        Ssp {
            file: "ssp.csv".into(),
            sheet: None,
            entries: entries
                .iter()
                .zip(2u32..)
                .map(|((id, status), row)| SspEntry {
                    requirement: req(id),
                    status: status.clone(),
                    location: Location::cell(None, row, 1),
                })
                .collect(),
            ..Ssp::default()
        }
    }

    fn not_met(id: &str, partial: bool, on_poam: bool) -> NotMet {
        let r = req(id);
        NotMet {
            requirement: r,
            partial,
            deduction: r.deduction(partial),
            eligible: r.poam_eligible(partial),
            on_poam,
            why: NotMetWhy::Ssp(SspStatus::NotMet),
        }
    }

    #[test]
    fn a_five_point_requirement_on_an_open_item_is_ineligible() {
        let found = rule_findings(
            vec![item(2, "POAM-IA-002", "3.5.3"), item(3, "POAM-2", "3.1.8")],
            &assessment(2),
            None,
            2,
            "poam-ineligible",
        );
        assert_eq!(places(&found), vec![(Some(2), Some("B2".into()))]);
        assert_eq!(
            found[0].message,
            "POAM-IA-002 names 3.5.3 (worth 5 points): only 1-point requirements may be on a \
             POA&M (32 CFR 170.21(a)(2)(ii)); implement it before the assessment"
        );
    }

    #[test]
    fn closed_items_and_level_1_are_not_judged_for_eligibility() {
        let items = vec![closed(item(2, "POAM-1", "3.5.3"))];
        assert!(rule_findings(items, &assessment(2), None, 2, "poam-ineligible").is_empty());
        let items = vec![item(2, "POAM-1", "3.5.3")];
        assert!(rule_findings(items, &assessment(1), None, 1, "poam-ineligible").is_empty());
    }

    #[test]
    fn encryption_3_13_11_is_partial_without_ssp_and_only_when_the_ssp_says_so() {
        let items = || vec![item(2, "POAM-SC-011", "3.13.11")];
        assert!(rule_findings(items(), &assessment(2), None, 2, "poam-ineligible").is_empty());
        let partial = ssp(&[("3.13.11", SspStatus::Partial)]);
        assert!(rule_findings(
            items(),
            &assessment(2),
            Some(&partial),
            2,
            "poam-ineligible"
        )
        .is_empty());
        let not_met = ssp(&[("3.13.11", SspStatus::NotMet)]);
        let found = rule_findings(
            items(),
            &assessment(2),
            Some(&not_met),
            2,
            "poam-ineligible",
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("POAM-SC-011 names 3.13.11 (worth 5 points)"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn the_engine_decides_partial_when_it_counted_the_requirement() {
        let mut a = assessment(2);
        a.not_met.push(not_met("3.13.11", false, true));
        let found = rule_findings(
            vec![item(2, "POAM-1", "3.13.11")],
            &a,
            None,
            2,
            "poam-ineligible",
        );
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn excluded_requirements_are_poam_excluded_not_ineligible() {
        let items = vec![
            item(2, "POAM-PE-004", "3.10.4"),
            item(3, "POAM-CA-004", "3.12.4"),
            item(4, "POAM-L3", "3.6.1e"),
        ];
        // A Level 3 id is outside a Level 2 assessment (as in the engine) …
        let a = assessment(2);
        assert!(rule_findings(items.clone(), &a, None, 2, "poam-ineligible").is_empty());
        let found = rule_findings(items.clone(), &a, None, 2, "poam-excluded");
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "POAM-PE-004 names 3.10.4 (Physical Access Logs), which may never be on a \
                 POA&M (32 CFR 170.21(a)(2)(iii)): implement it before the assessment",
                "POAM-CA-004 names 3.12.4 (System Security Plan), which may never be on a \
                 POA&M (32 CFR 170.21(a)(2)(iii)); without a system security plan no score \
                 can be given: implement it before the assessment",
            ]
        );
        // … and judged in a Level 3 one, where only the Level 3 ids count.
        let l3 = rule_findings(items, &assessment(3), None, 3, "poam-excluded");
        assert_eq!(
            l3.iter().map(|f| f.message.as_str()).collect::<Vec<_>>(),
            vec![
                "POAM-L3 names 3.6.1e (Security Operations Center), which may never be on a \
                 POA&M (32 CFR 170.21(a)(3)): implement it before the assessment"
            ]
        );
    }

    #[test]
    fn one_point_requirements_are_fine() {
        let items = vec![item(2, "POAM-1", "3.1.8"), item(3, "POAM-2", "3.4.9")];
        let a = assessment(2);
        assert!(rule_findings(items.clone(), &a, None, 2, "poam-ineligible").is_empty());
        assert!(rule_findings(items, &a, None, 2, "poam-excluded").is_empty());
    }

    #[test]
    fn level_1_reports_each_open_item_at_its_status_cell() {
        let mut unknown = item(4, "POAM-3", "3.1.1");
        unknown.status = Some(Vocab::Unknown("Waiting".into()));
        let items = vec![
            item(2, "POAM-1", "3.1.1"),
            closed(item(3, "POAM-2", "3.1.2")),
            unknown,
        ];
        let found = rule_findings(items.clone(), &assessment(1), None, 1, "poam-not-permitted");
        assert_eq!(
            places(&found),
            vec![(Some(2), Some("K2".into())), (Some(4), Some("K4".into()))]
        );
        assert!(rule_findings(items, &assessment(2), None, 2, "poam-not-permitted").is_empty());
    }

    #[test]
    fn a_score_below_88_is_one_workbook_finding() {
        let mut a = assessment(2);
        a.score = Some(85);
        let found = rule_findings(vec![], &a, None, 2, "score-below-threshold");
        assert_eq!(places(&found), vec![(None, None)]);
        assert_eq!(
            found[0].message,
            "the score is 85 of 110, below the 88 needed for Conditional Level 2 (32 CFR \
             170.21(a)(2)(i)): implement NOT MET requirements worth at least 3 points before \
             the assessment"
        );
        a.score = Some(88);
        assert!(rule_findings(vec![], &a, None, 2, "score-below-threshold").is_empty());
    }

    #[test]
    fn level_3_threshold_is_the_engines() {
        let mut a = assessment(3);
        a.max = 24;
        a.threshold = 20;
        a.score = Some(19);
        let found = rule_findings(vec![], &a, None, 3, "score-below-threshold");
        assert_eq!(
            found[0].message,
            "the score is 19 of 24, below the 20 needed for Conditional Level 3 (32 CFR \
             170.21(a)(3)): implement NOT MET requirements worth at least 1 point before the \
             assessment"
        );
    }

    #[test]
    fn no_score_is_score_unavailable() {
        let mut a = assessment(2);
        a.score = None;
        let s = ssp(&[("3.12.4", SspStatus::NotMet)]);
        let found = rule_findings(vec![], &a, Some(&s), 2, "score-unavailable");
        assert_eq!(places(&found), vec![(None, None)]);
        assert!(found[0]
            .message
            .starts_with("3.12.4 (System Security Plan) is NOT MET (the SSP says so at ssp.csv › line 2 column B): no score"));
        assert!(rule_findings(vec![], &assessment(2), None, 2, "score-unavailable").is_empty());
    }

    #[test]
    fn a_not_met_requirement_without_an_open_item() {
        let s = ssp(&[
            ("3.1.8", SspStatus::NotMet),
            ("3.1.1", SspStatus::NotMet),
            ("3.1.9", SspStatus::NotMet),
            ("3.1.10", SspStatus::Unknown("Mostly".into())),
        ]);
        let mut a = assessment(2);
        a.basis = Basis::Ssp;
        a.not_met = vec![
            not_met("3.1.1", false, false),
            not_met("3.1.8", false, false),
            not_met("3.1.9", false, true),
            not_met("3.1.10", false, false),
            not_met("3.1.11", false, false),
        ];
        let found = rule_findings(
            vec![item(2, "POAM-1", "3.1.9")],
            &a,
            Some(&s),
            2,
            "not-met-missing-item",
        );
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "3.1.1 (Authorized Access Control) is NOT MET in the SSP (ssp.csv › line 3 \
                 column B) but no open POA&M item names it: it may not go on a POA&M (worth 5 \
                 points; 32 CFR 170.21(a)(2)(ii)), so implement it before the assessment",
                "3.1.8 (Unsuccessful Logon Attempts) is NOT MET in the SSP (ssp.csv › line 2 \
                 column B) but no open POA&M item names it: add an open item for it (32 CFR \
                 170.24(c)(2)(i)(B)(6))",
            ]
        );
        assert!(found
            .iter()
            .all(|f| f.location.row.is_none() && f.item.is_none()));
        // Without an SSP the rule says nothing.
        assert!(rule_findings(vec![], &a, None, 2, "not-met-missing-item").is_empty());
    }

    #[test]
    fn ssp_gaps_and_unknown_statuses() {
        let all_but_two: Vec<(&str, SspStatus)> = catalog()
            .level2()
            .iter()
            .filter(|r| r.id != "3.8.9" && r.id != "3.12.4")
            .map(|r| {
                let status = if r.id == "3.5.3" {
                    SspStatus::Unknown("Mostly".into())
                } else {
                    SspStatus::Met
                };
                (r.id.as_str(), status)
            })
            .collect();
        let s = ssp(&all_but_two);
        let a = assessment(2);
        let missing = rule_findings(vec![], &a, Some(&s), 2, "ssp-incomplete");
        let messages: Vec<&str> = missing.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "3.8.9 (Protect Backups) is not in the SSP (ssp.csv): it counts as NOT MET \
                 (1 point); add a row with its implementation status",
                "3.12.4 (System Security Plan) is not in the SSP (ssp.csv): it counts as NOT \
                 MET (no score at all); add a row with its implementation status",
            ]
        );
        let unknown = rule_findings(vec![], &a, Some(&s), 2, "ssp-status-unknown");
        assert_eq!(unknown.len(), 1);
        assert_eq!(
            unknown[0].message,
            "the SSP gives 3.5.3 \"Mostly\" (ssp.csv › line 47 column B), which is not a \
             known status: it counts as NOT MET; write Met, Not Met, Partial or N/A"
        );
        assert_eq!(unknown[0].level, Level::Error);
        assert_eq!(missing[0].level, Level::Warning);
    }

    #[test]
    fn unparsed_references_are_not_eligibility_findings() {
        let mut i = item(2, "POAM-1", "3.1.8");
        i.requirements = vec![RequirementRef::Unparsed("AC-2".into())];
        i.status = Some(Vocab::Known(Status::InProgress));
        let a = assessment(2);
        assert!(rule_findings(vec![i.clone()], &a, None, 2, "poam-ineligible").is_empty());
        assert!(rule_findings(vec![i], &a, None, 2, "poam-excluded").is_empty());
    }
}

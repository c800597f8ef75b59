//! Rules: controls — does each item name the one requirement it fails? `control-missing`,
//! `control-unknown`, `control-blended`.
//!
//! These rules apply to every item, open or closed: a closeout assessment checks closed
//! items requirement by requirement, so a closed item's requirement must be readable too.
//! They are skipped when no column maps to the requirement (`missing-column` says so once).

use crate::model::{Field, Item, RequirementRef};
use crate::rules::{Findings, ItemContext, Level, RuleInfo};

pub const CONTROL_MISSING: RuleInfo = RuleInfo {
    name: "control-missing",
    default_level: Level::Error,
    summary: "an item names no requirement",
    what: "Checks that every item's requirement cell names at least one requirement. A cell \
           that holds text which is not a requirement id (\"see SSP\", \"AC-2\") is reported \
           by control-unknown instead.",
    why: "A POA&M item exists because a requirement is NOT MET. Without the requirement an \
          assessor cannot tell whether the item may be on the POA&M at all (only 1-point \
          requirements may), which points it costs, or which NOT MET requirement it plans to \
          fix.",
    example: "Row 6: weakness \"Shared admin account on the firewall\", requirement cell blank.",
    fix: "Write the NIST SP 800-171 Rev 2 requirement the weakness fails, as 3.5.2 or \
          IA.L2-3.5.2. If the weakness fails several, split it into one item per requirement.",
    source: "32 CFR 170.24(c)(2)(i)(B)(6) (each NOT MET requirement must have a POA&M); \
             32 CFR 170.21(a)(2) (eligibility is decided per requirement).",
};

pub const CONTROL_UNKNOWN: RuleInfo = RuleInfo {
    name: "control-unknown",
    default_level: Level::Error,
    summary: "a reference is not one of the 110 (for example 3.15.1, 3.1.23, AC-2 in a CMMC \
              POA&M)",
    what: "Checks every reference in an item's requirement cell against the catalog: the 110 \
           NIST SP 800-171 Rev 2 requirements and the 24 CMMC Level 3 requirements. One \
           finding per reference that is not one of them: an id shaped like 800-171 that does \
           not exist (3.15.1, 3.1.23) or text that is not a requirement id at all (AC-2, an \
           NIST SP 800-53 control; \"see SSP\").",
    why: "A CMMC Level 2 assessment scores the 110 requirements of NIST SP 800-171 Rev 2 and \
          nothing else. A reference outside them cannot be scored or judged for POA&M \
          eligibility, and often hides a typo or a control copied from an 800-53 or Rev 3 \
          template.",
    example: "Row 8: requirement \"AC-2\" (an 800-53 control); row 9: \"3.1.23\" (3.1 has 22 \
              requirements).",
    fix: "Replace the reference with the NIST SP 800-171 Rev 2 requirement it stands for \
          (AC-2 account management maps to 3.1.1 and 3.1.2, for instance), as 3.1.1 or \
          AC.L2-3.1.1.",
    source: "32 CFR 170.14(c)(3) (Level 2 requirements are those of NIST SP 800-171 Rev 2); \
             32 CFR 170.24(c)(2) (the score covers those 110); 32 CFR 170.14(c)(4) (the 24 \
             Level 3 requirements).",
};

pub const CONTROL_BLENDED: RuleInfo = RuleInfo {
    name: "control-blended",
    default_level: Level::Warning,
    summary: "one item names several requirements: one row should hold one weakness",
    what: "Checks that an item names one requirement. Two different requirement ids in one \
           cell (3.1.1, 3.1.2) fire it; the same requirement written twice (3.1.1 and \
           AC.L2-3.1.1) does not.",
    why: "Eligibility, points, milestones and closure evidence are judged per requirement. An \
          item that blends several cannot be closed until all are fixed, hides which one is \
          late, and mixes eligible requirements with ineligible ones.",
    example: "Row 5: requirement \"3.1.1, 3.1.2, 3.5.3\", weakness \"Access control gaps\".",
    fix: "Split the item into one item per requirement, each with its own id, remediation, \
          milestones and evidence.",
    source: "assessor practice: POA&M seed guide (one weakness per row); FedRAMP \
             Vulnerability Scanning Requirements v3.0 (never group several unique \
             weaknesses into one item).",
};

pub const RULES: &[&RuleInfo] = &[&CONTROL_MISSING, &CONTROL_UNKNOWN, &CONTROL_BLENDED];

pub fn check_item(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    if !ctx.poam.columns.has(Field::Control) {
        return;
    }
    names_no_requirement(ctx, item, out);
    names_unknown_requirements(ctx, item, out);
    names_several_requirements(ctx, item, out);
}

fn names_no_requirement(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    if !item.requirements.is_empty() {
        return;
    }
    let written = item
        .control_text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let message = match written {
        Some(text) => format!(
            "{}'s requirement cell (\"{text}\") names no requirement: write the NIST SP \
             800-171 requirement the weakness fails, as 3.5.2 or IA.L2-3.5.2",
            item.label()
        ),
        None => format!(
            "{} names no requirement: write the NIST SP 800-171 requirement the weakness \
             fails, as 3.5.2 or IA.L2-3.5.2",
            item.label()
        ),
    };
    out.push(
        &CONTROL_MISSING,
        item.id.as_deref(),
        ctx.at(item, Field::Control),
        message,
    );
}

fn names_unknown_requirements(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    for reference in &item.requirements {
        let message = match reference {
            RequirementRef::Known(_) => continue,
            RequirementRef::Unknown(id) => format!(
                "{} names {id}, which is not one of the 110 NIST SP 800-171 Rev 2 \
                 requirements{}: correct the reference (3.1.1 … 3.14.7, or AC.L2-3.1.1)",
                item.label(),
                level3_aside(ctx.level)
            ),
            RequirementRef::Unparsed(text) => format!(
                "{} names \"{text}\", which is not a NIST SP 800-171 requirement id{}: write \
                 the 800-171 requirement it stands for, as 3.1.1 or AC.L2-3.1.1",
                item.label(),
                if looks_like_800_53(text) {
                    " (it looks like a NIST SP 800-53 control; a CMMC POA&M names 800-171 \
                     requirements)"
                } else {
                    ""
                }
            ),
        };
        out.push(
            &CONTROL_UNKNOWN,
            item.id.as_deref(),
            ctx.at(item, Field::Control),
            message,
        );
    }
}

/// At Level 3 the 24 enhanced requirements are known too; say so.
fn level3_aside(level: u8) -> &'static str {
    if level == 3 {
        " nor one of the 24 CMMC Level 3 requirements"
    } else {
        ""
    }
}

/// `AC-2`, `AC2`, `SC-7(5)`, `ia-5 account management`: the first word is a NIST SP 800-53
/// control id (two letters, an optional hyphen, digits).
fn looks_like_800_53(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or_default();
    let word = first.trim_matches(|c: char| !c.is_alphanumeric() && c != ')');
    let letters = word.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = word.get(letters..).unwrap_or_default();
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    letters == 2 && rest.starts_with(|c: char| c.is_ascii_digit())
}

/// The distinct requirements an item names: catalog ids, and 800-171-shaped ids that are
/// not in the catalog (they are still meant as requirements). Unparsed text is left out:
/// it is reported by `control-unknown` and may be a note rather than a second requirement.
fn distinct_requirements(item: &Item) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for reference in &item.requirements {
        let id = match reference {
            RequirementRef::Known(r) => r.id.clone(),
            RequirementRef::Unknown(id) => id.trim().to_owned(),
            RequirementRef::Unparsed(_) => continue,
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn names_several_requirements(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    // Most items name one requirement: decide that without building the id list.
    if item.requirements.len() < 2 {
        return;
    }
    let ids = distinct_requirements(item);
    if ids.len() < 2 {
        return;
    }
    let message = format!(
        "{} names {} requirements ({}): one row should hold one weakness; split it into one \
         item per requirement",
        item.label(),
        ids.len(),
        ids.join(", ")
    );
    out.push(
        &CONTROL_BLENDED,
        item.id.as_deref(),
        ctx.at(item, Field::Control),
        message,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::dates::test_support::check_group;
    use crate::rules::identity::testkit::*;
    use crate::rules::Context;

    fn check(ctx: &Context, out: &mut Findings) {
        check_group(ctx, out, check_item, |_, _, _| {});
    }

    fn run_at(level: u8, items: Vec<Item>, rule: &str) -> Vec<crate::rules::Finding> {
        let p = poam(items);
        run(check, &p, &assessment(level), None, level, rule)
    }

    #[test]
    fn an_empty_requirement_cell_is_control_missing() {
        let mut blank = item(3, "POAM-2", "3.1.8");
        blank.requirements.clear();
        blank.control_text = None;
        let found = run_at(
            2,
            vec![item(2, "POAM-1", "3.1.8"), blank],
            "control-missing",
        );
        assert_eq!(places(&found), vec![(Some(3), Some("B3".into()))]);
        assert_eq!(
            found[0].message,
            "POAM-2 names no requirement: write the NIST SP 800-171 requirement the weakness \
             fails, as 3.5.2 or IA.L2-3.5.2"
        );
    }

    #[test]
    fn unparsed_text_is_control_unknown_not_control_missing() {
        let mut i = item(2, "POAM-1", "3.1.8");
        i.requirements = vec![RequirementRef::Unparsed("AC-2".into())];
        i.control_text = Some("AC-2".into());
        assert!(run_at(2, vec![i.clone()], "control-missing").is_empty());
        let found = run_at(2, vec![i], "control-unknown");
        assert_eq!(places(&found), vec![(Some(2), Some("B2".into()))]);
        assert_eq!(
            found[0].message,
            "POAM-1 names \"AC-2\", which is not a NIST SP 800-171 requirement id (it looks \
             like a NIST SP 800-53 control; a CMMC POA&M names 800-171 requirements): write \
             the 800-171 requirement it stands for, as 3.1.1 or AC.L2-3.1.1"
        );
    }

    #[test]
    fn one_finding_per_unknown_reference() {
        let mut i = item(4, "POAM-1", "3.1.8");
        i.requirements = vec![
            RequirementRef::Unknown("3.15.1".into()),
            known("3.1.8"),
            RequirementRef::Unknown("3.1.23".into()),
        ];
        let found = run_at(2, vec![i], "control-unknown");
        let messages: Vec<&str> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "POAM-1 names 3.15.1, which is not one of the 110 NIST SP 800-171 Rev 2 \
                 requirements: correct the reference (3.1.1 … 3.14.7, or AC.L2-3.1.1)",
                "POAM-1 names 3.1.23, which is not one of the 110 NIST SP 800-171 Rev 2 \
                 requirements: correct the reference (3.1.1 … 3.14.7, or AC.L2-3.1.1)",
            ]
        );
    }

    #[test]
    fn a_level3_id_is_known_at_level_2_and_3() {
        let i = item(2, "POAM-1", "3.1.2e");
        assert!(run_at(2, vec![i.clone()], "control-unknown").is_empty());
        assert!(run_at(3, vec![i], "control-unknown").is_empty());
    }

    #[test]
    fn several_distinct_requirements_are_blended() {
        let mut i = item(5, "POAM-1", "3.1.1");
        i.requirements = vec![
            known("3.1.1"),
            known("3.1.2"),
            known("3.1.1"),
            RequirementRef::Unparsed("(see SSP)".into()),
        ];
        let found = run_at(2, vec![i], "control-blended");
        assert_eq!(places(&found), vec![(Some(5), Some("B5".into()))]);
        assert_eq!(found[0].level, Level::Warning);
        assert_eq!(
            found[0].message,
            "POAM-1 names 2 requirements (3.1.1, 3.1.2): one row should hold one weakness; \
             split it into one item per requirement"
        );
    }

    #[test]
    fn the_same_requirement_twice_is_not_blended() {
        let mut i = item(5, "POAM-1", "3.1.1");
        i.requirements = vec![known("3.1.1"), known("3.1.1")];
        assert!(run_at(2, vec![i], "control-blended").is_empty());
    }

    #[test]
    fn nist_800_53_shapes() {
        assert!(looks_like_800_53("AC-2"));
        assert!(looks_like_800_53("AC2"));
        assert!(looks_like_800_53("sc-7(5)"));
        assert!(looks_like_800_53("IA-5 account management"));
        assert!(!looks_like_800_53("CMMC"));
        assert!(!looks_like_800_53("see SSP"));
        assert!(!looks_like_800_53("AC-"));
    }
}

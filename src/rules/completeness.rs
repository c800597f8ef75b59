//! Rules: completeness — does each item say how bad, what will be done, by whom, with
//! what? `severity-missing`, `severity-unknown`, `remediation-missing`, `remediation-vague`,
//! `owner-missing`, `owner-generic`, `owner-overloaded`, `resources-missing`.
//!
//! Which items each rule looks at: the errors (`severity-unknown`, `remediation-missing`,
//! `owner-missing`) apply to every item, because a closed item is still the record of what
//! was done and who answers for it at a closeout assessment. The warnings about plan
//! quality (`severity-missing`, `remediation-vague`, `owner-generic`, `owner-overloaded`,
//! `resources-missing`) apply to open items only: they matter while the work is ahead.
//! Item rules are skipped when no column maps to their field (`missing-column` says so).

use crate::model::item::{FastHash, ItemSummary};
use crate::model::{Field, Item, Vocab};
use crate::rules::words::NOT_YET_KNOWN;
use crate::rules::{Context, Findings, ItemContext, Level, RuleInfo};
use std::collections::{BTreeMap, HashMap};

/// A remediation of fewer words than this is too short to say what will be done, to what
/// and how ("Enable MFA" — where? for whom?). Three is the least that can name an action,
/// its object and a place ("Enable FIPS mode"); assessor practice, not regulation.
pub const MIN_REMEDIATION_WORDS: usize = 3;

pub const SEVERITY_MISSING: RuleInfo = RuleInfo {
    name: "severity-missing",
    default_level: Level::Warning,
    summary: "an item names no severity",
    what: "Checks that every open item has a severity (Low, Moderate, High or Critical).",
    why: "Severity is how an assessor and management judge whether the remediation order and \
          dates are sensible: a High weakness due in a year is a finding in itself.",
    example: "Open item POAM-AU-003 with a blank Risk Rating cell.",
    fix: "Rate the weakness Low, Moderate, High or Critical (from the scan, the assessment or \
          your risk assessment under 3.11.1).",
    source: "assessor practice: POA&M seed guide (severity per item); FedRAMP POA&M Template \
             v2.1 column S (Original Risk Rating).",
};

pub const SEVERITY_UNKNOWN: RuleInfo = RuleInfo {
    name: "severity-unknown",
    default_level: Level::Error,
    summary: "severity outside the scale",
    what: "Checks that a severity, where given, is on the scale Low, Moderate (Medium), High, \
           Critical. Applies to every item.",
    why: "A rating outside the scale (\"Sev 2\", \"P1\", \"Yes\") cannot be compared, sorted \
          or used for deadlines, and tells the assessor the POA&M is not kept consistently.",
    example: "Severity \"Urgent-ish\" on POAM-CM-002.",
    fix: "Write Low, Moderate, High or Critical.",
    source: "assessor practice: POA&M seed guide; FedRAMP POA&M Template v2.1 column S \
             (Low, Moderate, High).",
};

pub const REMEDIATION_MISSING: RuleInfo = RuleInfo {
    name: "remediation-missing",
    default_level: Level::Error,
    summary: "an item has no remediation plan",
    what: "Checks that every item, open or closed, says what will be (or was) done to fix the \
           weakness.",
    why: "A POA&M documents how and when each deficiency will be corrected; an item without a \
          remediation is a weakness with no plan. For a closed item it is the record of what \
          was done, which a closeout assessment verifies.",
    example: "Item POAM-SI-004 with a blank Remediation Plan cell.",
    fix: "Describe the corrective action: what will be done, to which systems, and how \
          success is checked.",
    source: "NIST SP 800-171 Rev 2 3.12.2 (plans of action to correct deficiencies); 32 CFR \
             170.4 (operational plan of action: how and when deficiencies are corrected).",
};

pub const REMEDIATION_VAGUE: RuleInfo = RuleInfo {
    name: "remediation-vague",
    default_level: Level::Warning,
    summary: "remediation too short or generic (\"Harden system\", \"Improve monitoring\", \
              \"TBD\", \"Fix\")",
    what: "Checks open items' remediation text. Too short: fewer than 3 words. Generic: every \
           word is one that promises without saying what (fix, remediate, implement, \
           improve, update, harden, TBD, see SSP, system, control, policy, monitoring …; the \
           list is in src/rules/words.rs).",
    why: "An assessor asks what exactly will change. \"Implement control\" or \"Update \
          policy\" cannot be checked for progress or completeness, and suggests the gap is \
          not understood.",
    example: "Remediation \"Improve monitoring\" for 3.3.5.",
    fix: "Say what will be done, to what, and how it will be verified: \"Forward firewall and \
          VPN logs to the SIEM and alert on failed admin logons; review weekly\".",
    source: "assessor practice: POA&M seed guide (a specific remediation per item).",
};

pub const OWNER_MISSING: RuleInfo = RuleInfo {
    name: "owner-missing",
    default_level: Level::Error,
    summary: "an item names no owner",
    what: "Checks that every item, open or closed, names who is responsible for it.",
    why: "Without an owner nobody is accountable for the milestones, and an assessor has no \
          one to ask about progress or closure evidence.",
    example: "Item POAM-IR-002 with a blank Point of Contact cell.",
    fix: "Name the person (or the single role held by one person) accountable for the item: \
          \"J. Ortiz (IT Manager)\".",
    source: "assessor practice: POA&M seed guide (a named owner per item); FedRAMP POA&M \
             Template v2.1 column H (Point of Contact).",
};

pub const OWNER_GENERIC: RuleInfo = RuleInfo {
    name: "owner-generic",
    default_level: Level::Warning,
    summary: "the owner is a department or placeholder only (\"IT\", \"IT team\", \"MSP\", \
              \"Security\", \"TBD\")",
    what: "Checks open items' owner. Generic: every word is a department, a kind of party or \
           a placeholder (IT, team, security, network, operations, MSP, vendor, TBD …; the \
           list is in src/rules/words.rs). A person's name, or a role title held by one \
           person (IAM Lead, IT Manager, ISSO, Security Officer), is fine; a bare department \
           name (Network Security, IT Operations) is generic.",
    why: "A department cannot be held to a date. An assessor wants the one person who will \
          answer for the item.",
    example: "Owner \"IT Team\" on POAM-AC-007.",
    fix: "Name the accountable person or single-holder role: \"M. Chen (Network Lead)\".",
    source: "assessor practice: POA&M seed guide (a named owner per item).",
};

pub const OWNER_OVERLOADED: RuleInfo = RuleInfo {
    name: "owner-overloaded",
    default_level: Level::Warning,
    summary: "one owner holds most open items (default: > 50 % of at least 6)",
    what: "Counts open items per owner (case and spacing ignored). When there are at least 6 \
           open items and one owner holds more than half of them, one finding for the \
           workbook names the owner and the count.",
    why: "Dates that all depend on one person are not credible: an assessor will ask how \
          that person delivers them all, and one absence stalls the whole POA&M.",
    example: "7 of 10 open items owned by \"J. Ortiz\".",
    fix: "Spread the items over the people who will do the work, or show in the resources \
          column the help the owner gets.",
    source: "assessor practice: POA&M seed guide (realistic ownership and resources).",
};

pub const RESOURCES_MISSING: RuleInfo = RuleInfo {
    name: "resources-missing",
    default_level: Level::Warning,
    summary: "no resource estimate on an open item",
    what: "Checks that every open item estimates the resources it needs (staff hours, cost, \
           tools). A cell that says only TBD, TBA, unknown or pending counts as no estimate; \
           \"None\" and \"N/A\" are accepted as estimates.",
    why: "A plan with no resources is a wish. Assessors and management read the estimate to \
          judge whether the completion date can be met.",
    example: "Open item POAM-MP-003 with Resources Required \"TBD\".",
    fix: "Estimate the effort and cost: \"16 staff hours; $2,400 for licences\".",
    source: "assessor practice: POA&M seed guide; FedRAMP POA&M Template v2.1 column I \
             (Resources Required); NIST SP 800-171 Rev 2 3.12.2.",
};

pub const RULES: &[&RuleInfo] = &[
    &SEVERITY_MISSING,
    &SEVERITY_UNKNOWN,
    &REMEDIATION_MISSING,
    &REMEDIATION_VAGUE,
    &OWNER_MISSING,
    &OWNER_GENERIC,
    &OWNER_OVERLOADED,
    &RESOURCES_MISSING,
];

/// Severity, remediation, owner and resources of one item.
pub fn check_item(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let has = |f: Field| ctx.poam.columns.has(f);
    if has(Field::Severity) {
        severity(ctx, item, out);
    }
    if has(Field::Remediation) {
        remediation(ctx, item, out);
    }
    if has(Field::Owner) {
        owner(ctx, item, out);
    }
    if has(Field::Resources) && item.is_open() {
        resources(ctx, item, out);
    }
}

/// `owner-overloaded`, across the open items.
pub fn check_whole(ctx: &Context, items: &[ItemSummary], out: &mut Findings) {
    if ctx.poam.columns.has(Field::Owner) {
        overloaded_owner(ctx, items, out);
    }
}

/// Text that is there: trimmed, not empty.
fn present(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The words of a text as the word lists hold them: lower case, `N/A` as `na`, `.` and
/// `'` dropped so that `T.B.D.` is `tbd`, every other non-alphanumeric a separator (so
/// that `IT/Security` is two words).
pub fn words_of(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    each_word(text, |w| {
        words.push(w.to_owned());
        true
    });
    words
}

/// [`words_of`], one word at a time and without allocating for ASCII text (nearly every
/// cell): `each` gets each word and returns false to stop. True when every word was seen.
pub fn each_word(text: &str, mut each: impl FnMut(&str) -> bool) -> bool {
    if !text.is_ascii() {
        return words_of_unicode(text).iter().all(|w| each(w));
    }
    let bytes = text.as_bytes();
    let mut word = WordBuffer::default();
    for (i, &b) in bytes.iter().enumerate() {
        let lower = b.to_ascii_lowercase();
        if lower.is_ascii_alphanumeric() {
            word.push(lower);
            continue;
        }
        // `n/a` becomes `na` before anything else happens (`words_of_unicode` order),
        // so that slash joins rather than separates.
        let joins_na = lower == b'/'
            && i.checked_sub(1)
                .and_then(|p| bytes.get(p))
                .is_some_and(|p| p.eq_ignore_ascii_case(&b'n'))
            && bytes
                .get(i + 1)
                .is_some_and(|n| n.eq_ignore_ascii_case(&b'a'));
        if joins_na || lower == b'.' || lower == b'\'' {
            continue;
        }
        if !word.is_empty() && !each(word.as_str()) {
            return false;
        }
        word.clear();
    }
    word.is_empty() || each(word.as_str())
}

/// A word being built: on the stack up to 64 bytes, then on the heap.
struct WordBuffer {
    stack: [u8; 64],
    len: usize,
    heap: Vec<u8>,
}

impl Default for WordBuffer {
    fn default() -> Self {
        WordBuffer {
            stack: [0; 64],
            len: 0,
            heap: Vec::new(),
        }
    }
}

impl WordBuffer {
    fn push(&mut self, b: u8) {
        if self.heap.is_empty() {
            if let Some(slot) = self.stack.get_mut(self.len) {
                *slot = b;
                self.len += 1;
                return;
            }
            self.heap
                .extend_from_slice(self.stack.get(..self.len).unwrap_or_default());
        }
        self.heap.push(b);
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn clear(&mut self) {
        self.len = 0;
        self.heap.clear();
    }

    /// Only ASCII bytes are ever pushed, so this is always valid text.
    fn as_str(&self) -> &str {
        let bytes = if self.heap.is_empty() {
            self.stack.get(..self.len).unwrap_or_default()
        } else {
            self.heap.as_slice()
        };
        std::str::from_utf8(bytes).unwrap_or_default()
    }
}

/// [`words_of`] for text beyond ASCII, where lower-casing may change lengths.
fn words_of_unicode(text: &str) -> Vec<String> {
    let joined: String = text
        .to_lowercase()
        .replace("n/a", "na")
        .chars()
        .filter(|c| !matches!(c, '.' | '\'' | '’'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    joined.split_whitespace().map(str::to_owned).collect()
}

/// Every word of `text` is in the list (`in_list`), and there is at least one word.
fn only_words_from(text: &str, in_list: impl Fn(&str) -> bool) -> bool {
    let mut any = false;
    let all = each_word(text, |w| {
        any = true;
        in_list(w)
    });
    all && any
}

/// The words of a name joined by single spaces: how people read it, whatever the case,
/// spacing or punctuation (`owner-overloaded` counts `J. Ortiz` and `j ortiz` as one).
fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    each_word(name, |w| {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(w);
        true
    });
    key
}

fn severity(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let location = || ctx.at(item, Field::Severity);
    match &item.severity {
        Some(Vocab::Known(_)) => {}
        Some(Vocab::Unknown(text)) if !text.trim().is_empty() => {
            let message = format!(
                "{}'s severity \"{}\" is not on the scale: write Low, Moderate, High or \
                 Critical",
                item.label(),
                text.trim()
            );
            out.push(&SEVERITY_UNKNOWN, item.id.as_deref(), location(), message);
        }
        _ if item.is_open() => {
            let message = format!(
                "{} has no severity: rate the weakness Low, Moderate, High or Critical",
                item.label()
            );
            out.push(&SEVERITY_MISSING, item.id.as_deref(), location(), message);
        }
        _ => {}
    }
}

fn remediation(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let location = || ctx.at(item, Field::Remediation);
    let Some(text) = present(&item.remediation) else {
        let message = format!(
            "{} has no remediation: describe what will be done, to which systems, and how \
             success is checked",
            item.label()
        );
        out.push(
            &REMEDIATION_MISSING,
            item.id.as_deref(),
            location(),
            message,
        );
        return;
    };
    if !item.is_open() {
        return;
    }
    // One pass over the words: all of them vague, and how many (enough once it is clear
    // that the text is neither generic nor short).
    let vague = &ctx.settings.vague_remediation_words;
    let (mut count, mut all_vague) = (0usize, true);
    each_word(text, |w| {
        count += 1;
        all_vague = all_vague && vague.contains(w);
        all_vague || count < MIN_REMEDIATION_WORDS
    });
    let problem = if all_vague && count > 0 {
        "is generic"
    } else if count < MIN_REMEDIATION_WORDS {
        "is too short"
    } else {
        return;
    };
    let message = format!(
        "{}'s remediation \"{text}\" {problem}: say what will be done, to what, and how it \
         will be verified",
        item.label()
    );
    out.push(&REMEDIATION_VAGUE, item.id.as_deref(), location(), message);
}

fn owner(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let location = || ctx.at(item, Field::Owner);
    let Some(name) = present(&item.owner) else {
        let message = format!(
            "{} has no owner: name the person accountable for it",
            item.label()
        );
        out.push(&OWNER_MISSING, item.id.as_deref(), location(), message);
        return;
    };
    if item.is_open() && only_words_from(name, |w| ctx.settings.generic_owner_words.contains(w)) {
        let message = format!(
            "{}'s owner \"{name}\" is a department or placeholder, not a person: name the \
             person (or single-holder role) accountable for it",
            item.label()
        );
        out.push(&OWNER_GENERIC, item.id.as_deref(), location(), message);
    }
}

fn resources(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    let estimate = present(&item.resources);
    let not_yet_known =
        estimate.is_some_and(|t| only_words_from(t, |w| NOT_YET_KNOWN.contains(&w)));
    if estimate.is_some() && !not_yet_known {
        return;
    }
    let written = match estimate {
        Some(t) => format!(" (\"{t}\")"),
        None => String::new(),
    };
    let message = format!(
        "{} has no resource estimate{written}: estimate the staff time and cost it needs",
        item.label()
    );
    out.push(
        &RESOURCES_MISSING,
        item.id.as_deref(),
        ctx.at(item, Field::Resources),
        message,
    );
}

fn overloaded_owner(ctx: &Context, items: &[ItemSummary], out: &mut Findings) {
    let open = || items.iter().filter(|i| i.is_open());
    let total = open().count();
    if total < ctx.settings.overloaded_min_items {
        return;
    }
    // Each owner name as summarised (items with the same spelling share one, see
    // `Summarizer`, so telling them apart is comparing addresses): its first open item,
    // and how many open items have it. (An address is a number: the quick hash serves.)
    let mut names: HashMap<*const u8, (usize, &str, usize), FastHash> = HashMap::default();
    for (i, name) in open().filter_map(|item| item.owner.as_deref()).enumerate() {
        names.entry(name.as_ptr()).or_insert((i, name, 0)).2 += 1;
    }
    // Key: the owner as people read it (case and spacing ignored); value: the spelling
    // seen first and the count.
    let mut by_key: BTreeMap<String, (usize, &str, usize)> = BTreeMap::new();
    for (first, name, count) in names.into_values() {
        let entry = by_key.entry(name_key(name)).or_insert((first, name, 0));
        if first < entry.0 {
            (entry.0, entry.1) = (first, name);
        }
        entry.2 += count;
    }
    for (_, name, count) in by_key.values() {
        // More than the overloaded share (default `thresholds::OVERLOADED_SHARE`, one
        // half: then at most one owner can exceed it) of the open items.
        if (*count as f64) <= ctx.settings.overloaded_share * total as f64 {
            continue;
        }
        let message = format!(
            "\"{name}\" owns {count} of the {total} open items: spread them over the people \
             who will do the work, or show the help the owner gets"
        );
        out.push(&OWNER_OVERLOADED, None, ctx.poam.sheet_location(), message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::rules::dates::test_support::check_group;
    use crate::rules::identity::testkit::*;
    use crate::rules::Finding;

    fn check(ctx: &Context, out: &mut Findings) {
        check_group(ctx, out, check_item, check_whole);
    }

    fn found(items: Vec<Item>, rule: &str) -> Vec<Finding> {
        let p = poam(items);
        run(check, &p, &assessment(2), None, 2, rule)
    }

    fn with(row: u32, f: impl FnOnce(&mut Item)) -> Item {
        let mut i = item(row, &format!("POAM-{row}"), "3.1.8");
        f(&mut i);
        i
    }

    #[test]
    fn a_complete_item_has_no_completeness_finding() {
        let p = poam(vec![item(2, "POAM-1", "3.1.8")]);
        let ctx_findings: Vec<Finding> = RULES
            .iter()
            .flat_map(|r| run(check, &p, &assessment(2), None, 2, r.name))
            .collect();
        assert!(ctx_findings.is_empty(), "{ctx_findings:?}");
    }

    #[test]
    fn severity_missing_on_open_items_only_and_unknown_everywhere() {
        let items = vec![
            with(2, |i| i.severity = None),
            closed(with(3, |i| i.severity = None)),
            closed(with(4, |i| {
                i.severity = Some(Vocab::Unknown("Sev 2".into()))
            })),
            with(5, |i| i.severity = Some(Vocab::Known(Severity::High))),
        ];
        let missing = found(items.clone(), "severity-missing");
        assert_eq!(places(&missing), vec![(Some(2), Some("D2".into()))]);
        assert_eq!(
            missing[0].message,
            "POAM-2 has no severity: rate the weakness Low, Moderate, High or Critical"
        );
        let unknown = found(items, "severity-unknown");
        assert_eq!(places(&unknown), vec![(Some(4), Some("D4".into()))]);
        assert_eq!(
            unknown[0].message,
            "POAM-4's severity \"Sev 2\" is not on the scale: write Low, Moderate, High or \
             Critical"
        );
    }

    #[test]
    fn remediation_missing_on_every_item() {
        let items = vec![
            with(2, |i| i.remediation = Some("   ".into())),
            closed(with(3, |i| i.remediation = None)),
        ];
        let f = found(items, "remediation-missing");
        assert_eq!(
            places(&f),
            vec![(Some(2), Some("E2".into())), (Some(3), Some("E3".into()))]
        );
    }

    #[test]
    fn vague_remediations() {
        let vague = [
            "Harden system",
            "Improve monitoring",
            "TBD",
            "Fix",
            "Remediate",
            "Implement control",
            "N/A",
            "See SSP",
            "Update policy",
            "Will remediate as needed",
            "Review and update the security policies",
            "Enable MFA",
        ];
        for text in vague {
            let f = found(
                vec![with(2, |i| i.remediation = Some(text.into()))],
                "remediation-vague",
            );
            assert_eq!(f.len(), 1, "{text} should be vague");
        }
        let specific = [
            "Enable FIPS mode",
            "Deploy MFA for all VPN and privileged logons",
            "Review and update the access control policy",
        ];
        for text in specific {
            let f = found(
                vec![with(2, |i| i.remediation = Some(text.into()))],
                "remediation-vague",
            );
            assert!(f.is_empty(), "{text} should be fine");
        }
        let f = found(
            vec![with(6, |i| {
                i.remediation = Some("Improve monitoring".into())
            })],
            "remediation-vague",
        );
        assert_eq!(places(&f), vec![(Some(6), Some("E6".into()))]);
        assert_eq!(
            f[0].message,
            "POAM-6's remediation \"Improve monitoring\" is generic: say what will be done, to \
             what, and how it will be verified"
        );
        let closed_vague = closed(with(2, |i| i.remediation = Some("Fix".into())));
        assert!(found(vec![closed_vague], "remediation-vague").is_empty());
    }

    #[test]
    fn owners() {
        let generic = [
            "IT",
            "IT team",
            "IT Dept",
            "MSP",
            "Security",
            "Security Team",
            "TBD",
            "Admin",
            "Management",
            "Vendor",
            "Contractor",
            "Team",
            "N/A",
            "Network Security",
            "IT Operations",
            "Vulnerability Management",
            "the IT / Security group",
        ];
        for name in generic {
            let f = found(
                vec![with(2, |i| i.owner = Some(name.into()))],
                "owner-generic",
            );
            assert_eq!(f.len(), 1, "{name} should be generic");
        }
        let named = [
            "J. Ortiz (IT Manager)",
            "IAM Lead",
            "SOC Lead",
            "Security Manager",
            "ISSO",
            "Maria",
            "Network Engineer",
        ];
        for name in named {
            let f = found(
                vec![with(2, |i| i.owner = Some(name.into()))],
                "owner-generic",
            );
            assert!(f.is_empty(), "{name} should be fine");
        }
        let f = found(
            vec![
                with(2, |i| i.owner = None),
                closed(with(3, |i| i.owner = Some(" ".into()))),
                closed(with(4, |i| i.owner = Some("IT".into()))),
            ],
            "owner-missing",
        );
        assert_eq!(
            places(&f),
            vec![(Some(2), Some("F2".into())), (Some(3), Some("F3".into()))]
        );
        assert_eq!(
            f[0].message,
            "POAM-2 has no owner: name the person accountable for it"
        );
    }

    #[test]
    fn overloaded_owner_needs_more_than_half_of_at_least_six() {
        let owned = |n: u32, owner: &str| with(n, |i| i.owner = Some(owner.into()));
        // 4 of 6 open items: overloaded (closed ones do not count).
        let mut items = vec![
            owned(2, "J. Ortiz"),
            owned(3, "j. ortiz "),
            owned(4, "J. Ortiz"),
            owned(5, "J. Ortiz"),
            owned(6, "M. Chen"),
            owned(7, "A. Patel"),
            closed(owned(8, "M. Chen")),
        ];
        let f = found(items.clone(), "owner-overloaded");
        assert_eq!(places(&f), vec![(None, None)]);
        assert_eq!(
            f[0].message,
            "\"J. Ortiz\" owns 4 of the 6 open items: spread them over the people who will do \
             the work, or show the help the owner gets"
        );
        // 3 of 6 is exactly one half: not more than half.
        items[3] = owned(5, "M. Chen");
        assert!(found(items.clone(), "owner-overloaded").is_empty());
        // 4 of 5 open items: too few items to judge.
        let few = vec![
            owned(2, "J. Ortiz"),
            owned(3, "J. Ortiz"),
            owned(4, "J. Ortiz"),
            owned(5, "J. Ortiz"),
            owned(6, "M. Chen"),
        ];
        assert!(found(few, "owner-overloaded").is_empty());
    }

    #[test]
    fn resources_on_open_items() {
        let items = vec![
            with(2, |i| i.resources = None),
            with(3, |i| i.resources = Some("TBD".into())),
            with(4, |i| i.resources = Some("N/A".into())),
            closed(with(5, |i| i.resources = None)),
        ];
        let f = found(items, "resources-missing");
        assert_eq!(
            places(&f),
            vec![(Some(2), Some("G2".into())), (Some(3), Some("G3".into()))]
        );
        assert_eq!(
            f[1].message,
            "POAM-3 has no resource estimate (\"TBD\"): estimate the staff time and cost it \
             needs"
        );
    }

    #[test]
    fn normalised_words() {
        assert_eq!(words_of("N/A"), vec!["na"]);
        assert_eq!(words_of("T.B.D."), vec!["tbd"]);
        assert_eq!(words_of("IT-Team & MSP"), vec!["it", "team", "msp"]);
        assert_eq!(words_of("IT/Security"), vec!["it", "security"]);
    }

    /// The allocation-free ASCII path reads words exactly as the Unicode path does.
    #[test]
    fn ascii_words_match_the_unicode_reading() {
        let long = format!("{} end", "x".repeat(70));
        let texts = [
            "N/A",
            "n/a/a",
            "n/n/a",
            "IN/Access review",
            "n./a",
            "T.B.D.",
            "Don't know",
            "  IT-Team &   MSP ",
            "3 x 40h; $5,000 (est.)",
            "",
            "---",
            long.as_str(),
        ];
        for text in texts {
            assert_eq!(words_of(text), words_of_unicode(text), "{text:?}");
        }
        assert_eq!(words_of(&long), vec!["x".repeat(70), "end".to_owned()]);
        assert_eq!(words_of("Équipe N/A"), vec!["équipe", "na"]);
    }

    #[test]
    fn word_scan_stops_when_asked() {
        let mut seen = Vec::new();
        let finished = each_word("one two three", |w| {
            seen.push(w.to_owned());
            w != "two"
        });
        assert!(!finished);
        assert_eq!(seen, ["one", "two"]);
        assert_eq!(name_key("  J.  Ortiz (IT) "), "j ortiz it");
    }
}

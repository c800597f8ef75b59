//! Score and Conditional verdict. OWNER: engine helper.
//!
//! The rules, each with its source (domain-facts.md §2–§5, §7):
//! * Level 2 score = 110 − Σ value of each NOT MET requirement (32 CFR 170.24(c)(2);
//!   DoD Assessment Methodology v1.2.1 §5). Values come from the catalog.
//! * 3.5.3 and 3.13.11 cost 3 instead of 5 when partially implemented
//!   (32 CFR 170.24(c)(2)(i)(B)(4)); every other requirement gets no partial credit
//!   (Methodology §5(a)).
//! * 3.12.4 NOT MET: no score ("No CMMC Score"; 32 CFR 170.24(c)(2)(i)(B)(5); DoD CMMC FAQ C-Q10).
//! * N/A, enduring exceptions and temporary deficiencies count MET (32 CFR 170.24(b)).
//! * Items on a POA&M are still NOT MET and lose their value (32 CFR 170.24(c)(2)(i)(B)(6)).
//! * Conditional: score / max ≥ 0.8, and every NOT MET requirement eligible and on the
//!   POA&M (32 CFR 170.21(a)(2)–(3); 170.24(c)(2)(i)(B)(6)). Final: nothing NOT MET.
//! * Level 1: all 17 MET, no POA&M permitted (32 CFR 170.21(a)(1); 170.24(c)(1)).
//! * Level 3: 24 requirements of 1 point, score = number MET (32 CFR 170.24(c)(3)).
//! * Closeout within 180 days of the Conditional CMMC Status Date (32 CFR 170.21(b)).

use crate::catalog::{catalog, Requirement};
use crate::engine::{Ssp, SspStatus};
use crate::model::item::{FastHash, ItemSummary};
use crate::model::Poam;
use crate::rules::thresholds::{CLOSEOUT_DAYS, CONDITIONAL_RATIO};
use chrono::{Duration, NaiveDate};
use std::collections::HashSet;

/// Where NOT MET came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The SSP's implementation statuses (`--ssp`).
    Ssp,
    /// No SSP: a requirement is NOT MET when an open POA&M item names it; all others assumed MET.
    Poam,
}

#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// CMMC level 1, 2 or 3 (anything else is read as 2, the default).
    pub level: u8,
    pub as_of: NaiveDate,
    /// The Conditional CMMC Status Date, when known (`--conditional-date`).
    pub conditional_date: Option<NaiveDate>,
}

/// Why a requirement counts NOT MET.
#[derive(Debug, Clone, PartialEq)]
pub enum NotMetWhy {
    /// The SSP says NOT MET, PARTIAL, or a word outside the vocabulary (`Unknown`).
    Ssp(SspStatus),
    /// The SSP does not list it (rule `ssp-incomplete`).
    AbsentFromSsp,
    /// No SSP: an open POA&M item names it.
    OpenItem,
}

/// One NOT MET requirement.
#[derive(Debug, Clone)]
pub struct NotMet {
    pub requirement: &'static Requirement,
    /// Partially implemented (SSP PARTIAL): only 3.5.3 and 3.13.11 get partial credit.
    pub partial: bool,
    /// Points lost; None for 3.12.4 (no score at all).
    pub deduction: Option<u32>,
    /// May go on the POA&M (32 CFR 170.21(a)(2)); always false at Level 1.
    pub eligible: bool,
    /// An open POA&M item names it.
    pub on_poam: bool,
    pub why: NotMetWhy,
}

#[derive(Debug, Clone)]
pub struct Assessment {
    pub level: u8,
    pub basis: Basis,
    /// None when no score can be given (3.12.4 NOT MET). Level 1 has no weighted score
    /// (32 CFR 170.24(c)(1)): it shows the number of the 17 requirements MET.
    pub score: Option<i32>,
    /// 110 (Level 2), 24 (Level 3), 17 (Level 1).
    pub max: i32,
    /// The lowest score for Conditional status: 88 (Level 2), 20 (Level 3); Level 1 has no
    /// Conditional status, so its threshold is 17 (everything MET).
    pub threshold: i32,
    /// In catalog order.
    pub not_met: Vec<NotMet>,
    /// A CMMC status is reachable: Conditional (or Final, when nothing is NOT MET). True
    /// exactly when `reasons` is empty.
    pub conditional_reachable: bool,
    /// Why Conditional status is not reachable (`rule: explanation`), empty when reachable.
    pub reasons: Vec<String>,
    /// Nothing NOT MET.
    pub is_final: bool,
    /// Conditional date + 180 days (32 CFR 170.21(b)); None at Level 1 (no POA&M).
    pub closeout_deadline: Option<NaiveDate>,
    /// What the engine assumed, said in the output ("no SSP given: ...").
    pub assumptions: Vec<String>,
}

impl Assessment {
    /// The ids of the NOT MET requirements, in catalog order (JSON `score.not_met`).
    pub fn not_met_ids(&self) -> Vec<&'static str> {
        self.not_met
            .iter()
            .map(|n| n.requirement.id.as_str())
            .collect()
    }
}

impl Assessment {
    /// The verdict in one line, as every human-facing format says it. Level 1 has no
    /// Conditional status (32 CFR 170.21(a)(1)); a Final verdict without an SSP rests on
    /// the POA&M alone, and says so.
    pub fn verdict(&self) -> String {
        let assumed = if self.basis == Basis::Poam {
            " (assumed: no SSP given, and no open POA&M item names a requirement)"
        } else {
            ""
        };
        match (self.level, self.is_final, self.conditional_reachable) {
            (1, true, _) => format!("Level 1: every requirement is MET{assumed}"),
            (1, false, _) => format!(
                "Level 1: NOT met (all {} must be MET; no POA&M is permitted)",
                self.max
            ),
            (level, true, _) => format!("Final Level {level}: every requirement is MET{assumed}"),
            (level, false, true) => format!("Conditional Level {level}: reachable"),
            (level, false, false) => format!("Conditional Level {level}: NOT reachable"),
        }
    }

    /// What the score is measured against: "Conditional needs 88", or at Level 1 "all 17
    /// must be MET".
    pub fn threshold_text(&self) -> String {
        if self.level == 1 {
            format!("all {} must be MET", self.max)
        } else {
            format!("Conditional needs {}", self.threshold)
        }
    }
}

/// 3.12.4 System Security Plan: NOT MET means no score (32 CFR 170.24(c)(2)(i)(B)(5)).
const SSP_REQUIREMENT: &str = "3.12.4";
/// The one requirement that may be on a Level 2 POA&M with a value of 3, when partial
/// (32 CFR 170.21(a)(2)(ii)).
const ENCRYPTION_REQUIREMENT: &str = "3.13.11";
/// MFA: partial credit (3) but never POA&M-eligible (domain-facts.md §4.3).
const MFA_REQUIREMENT: &str = "3.5.3";

/// Score the POA&M (and the SSP, when given) and decide the Conditional verdict.
pub fn assess(poam: &Poam, ssp: Option<&Ssp>, opts: &EngineOptions) -> Assessment {
    let open_items = poam.items.iter().filter(|item| item.is_open()).count();
    assess_requirements_on_poam(&requirements_on_poam(poam), open_items, ssp, opts)
}

/// [`assess`] from item summaries (`poam validate` keeps only those): the engine needs
/// nothing of an item but whether it is open and which requirements it names.
pub fn assess_summaries(
    items: &[ItemSummary],
    ssp: Option<&Ssp>,
    opts: &EngineOptions,
) -> Assessment {
    // Open items name the same few requirements over and over: each is told apart by its
    // address in the catalog (one multiply to hash) before its id is hashed once.
    let mut seen: HashSet<*const Requirement, FastHash> = HashSet::default();
    let mut on_poam = HashSet::new();
    let named = items
        .iter()
        .filter(|item| item.is_open())
        .flat_map(ItemSummary::known_requirements);
    for requirement in named {
        if seen.insert(std::ptr::from_ref(requirement)) {
            on_poam.insert(requirement.id.as_str());
        }
    }
    let open_items = items.iter().filter(|item| item.is_open()).count();
    assess_requirements_on_poam(&on_poam, open_items, ssp, opts)
}

/// The level the engine assesses: 1, 2 or 3 (anything else is read as 2, the default).
fn assessed_level(level: u8) -> u8 {
    match level {
        1 | 3 => level,
        _ => 2,
    }
}

/// The assessment, given the ids of the requirements that open items name and how many
/// items are open.
fn assess_requirements_on_poam(
    on_poam: &HashSet<&'static str>,
    open_items: usize,
    ssp: Option<&Ssp>,
    opts: &EngineOptions,
) -> Assessment {
    let level = assessed_level(opts.level);
    let requirements = catalog().for_level(level);
    let mut assumptions = Vec::new();
    let (basis, not_met) = match ssp {
        Some(ssp) => (
            Basis::Ssp,
            not_met_from_ssp(ssp, &requirements, level, on_poam, &mut assumptions),
        ),
        None => (
            Basis::Poam,
            not_met_from_poam(&requirements, level, on_poam, &mut assumptions),
        ),
    };
    if level == 1 {
        assumptions.push(format!(
            "Level 1 has no weighted score (32 CFR 170.24(c)(1)): the score is the number of \
             the {} requirements MET, and all must be MET",
            requirements.len()
        ));
    }
    if level == 3 {
        assumptions.push(
            "Level 3 also needs a Final Level 2 (C3PAO) status for the same scope \
             (32 CFR 170.24(c)(3)); poam does not check it"
                .to_owned(),
        );
    }
    let max = requirements.len() as i32;
    let score = score(max, &not_met);
    let threshold = conditional_threshold(level, max);
    let mut reasons = conditional_reasons(level, score, threshold, &not_met);
    // 32 CFR 170.21(a)(1): "A POA&M is not permitted at any time for Level 1". An open item
    // is a POA&M item whatever it names, so Level 1 cannot be claimed while one exists.
    let level1_poam = level == 1 && open_items > 0;
    if level1_poam && reasons.is_empty() {
        reasons.push(format!(
            "poam-not-permitted: Level 1 permits no POA&M, and {open_items} item(s) are open"
        ));
    }
    Assessment {
        level,
        basis,
        score,
        max,
        threshold,
        is_final: not_met.is_empty() && !level1_poam,
        conditional_reachable: reasons.is_empty(),
        reasons,
        not_met,
        closeout_deadline: closeout_deadline(level, opts.conditional_date),
        assumptions,
    }
}

/// Ids of the requirements that an open item names. Closed items prove nothing about
/// the requirement (the SSP does); Risk Accepted stays open (`Status::is_open`).
fn requirements_on_poam(poam: &Poam) -> HashSet<&'static str> {
    poam.items
        .iter()
        .filter(|item| item.is_open())
        .flat_map(|item| item.known_requirements())
        .map(|r| r.id.as_str())
        .collect()
}

/// NOT MET from the SSP: NOT MET, PARTIAL, an unknown word, or absent (PRODUCT.md §3).
fn not_met_from_ssp(
    ssp: &Ssp,
    requirements: &[&'static Requirement],
    level: u8,
    on_poam: &HashSet<&'static str>,
    assumptions: &mut Vec<String>,
) -> Vec<NotMet> {
    let mut out = Vec::new();
    let (mut absent, mut unknown) = (Vec::new(), Vec::new());
    for &r in requirements {
        let why = match ssp.status_of(&r.id).map(|e| &e.status) {
            Some(status) if status.counts_met() => continue,
            Some(status) => NotMetWhy::Ssp(status.clone()),
            None => NotMetWhy::AbsentFromSsp,
        };
        match &why {
            NotMetWhy::AbsentFromSsp => absent.push(r.id.as_str()),
            NotMetWhy::Ssp(SspStatus::Unknown(word)) => unknown.push(format!(
                "{} ({})",
                r.id,
                SspStatus::Unknown(word.clone()).label()
            )),
            _ => {}
        }
        let partial = why == NotMetWhy::Ssp(SspStatus::Partial);
        out.push(not_met(r, level, partial, on_poam, why));
    }
    if !absent.is_empty() {
        assumptions.push(format!(
            "{} requirement(s) absent from the SSP are counted NOT MET: {}",
            absent.len(),
            absent.join(", ")
        ));
    }
    if !unknown.is_empty() {
        assumptions.push(format!(
            "{} SSP status(es) outside the vocabulary are counted NOT MET: {}",
            unknown.len(),
            unknown.join(", ")
        ));
    }
    out
}

/// NOT MET without an SSP: a requirement named by an open item; all others assumed MET.
fn not_met_from_poam(
    requirements: &[&'static Requirement],
    level: u8,
    on_poam: &HashSet<&'static str>,
    assumptions: &mut Vec<String>,
) -> Vec<NotMet> {
    assumptions.push(
        "no SSP given: a requirement counts NOT MET when an open POA&M item names it; \
         every other requirement is assumed MET"
            .to_owned(),
    );
    let mut out = Vec::new();
    for &r in requirements {
        if !on_poam.contains(r.id.as_str()) {
            continue;
        }
        // 32 CFR 170.21(a)(2)(ii): 3.13.11 may be on a Level 2 POA&M only when encryption
        // is employed but not FIPS-validated, so an item on it is read as that case.
        let partial = level == 2 && r.id == ENCRYPTION_REQUIREMENT;
        if partial {
            assumptions.push(
                "3.13.11 is on the POA&M, so it is assumed partially met (encryption employed \
                 but not FIPS-validated: 3 points), the only way it may be on a POA&M \
                 (32 CFR 170.21(a)(2)(ii)); give an SSP to say otherwise"
                    .to_owned(),
            );
        }
        // 3.5.3 partial (MFA for remote and privileged users only) would cost 3; without an
        // SSP the engine does not guess and counts the full value.
        if level == 2 && r.id == MFA_REQUIREMENT {
            assumptions.push(
                "3.5.3 is on the POA&M and counted at its full value of 5 points; an SSP \
                 status of PARTIAL (MFA for remote and privileged users only) costs 3 \
                 (32 CFR 170.24(c)(2)(i)(B)(4))"
                    .to_owned(),
            );
        }
        out.push(not_met(r, level, partial, on_poam, NotMetWhy::OpenItem));
    }
    out
}

fn not_met(
    r: &'static Requirement,
    level: u8,
    partial: bool,
    on_poam: &HashSet<&'static str>,
    why: NotMetWhy,
) -> NotMet {
    NotMet {
        requirement: r,
        partial,
        deduction: deduction(r, level, partial),
        // 32 CFR 170.21(a)(1): no POA&M at Level 1.
        eligible: level != 1 && r.poam_eligible(partial),
        on_poam: on_poam.contains(r.id.as_str()),
        why,
    }
}

/// Points lost. Level 1 counts requirements (each 1); Level 2 uses the DoD value, partial
/// where it applies (catalog); Level 3 is 1 each (32 CFR 170.24(c)(3)).
fn deduction(r: &Requirement, level: u8, partial: bool) -> Option<u32> {
    match level {
        1 => Some(1),
        _ => r.deduction(partial),
    }
}

/// max − Σ deductions; None when a NOT MET requirement has no value (3.12.4).
fn score(max: i32, not_met: &[NotMet]) -> Option<i32> {
    let mut total: i32 = 0;
    for n in not_met {
        total += n.deduction? as i32;
    }
    Some(max - total)
}

/// The lowest score that allows Conditional status: score / max ≥ 0.8
/// (32 CFR 170.21(a)(2)(i): 88 of 110; (a)(3)(i): 19.2 of 24, so 20 — domain-facts.md §4.5).
/// The small epsilon keeps 0.8 × 110 = 88.000…01 in floating point from becoming 89.
/// Level 1 permits no POA&M, so everything must be MET (32 CFR 170.24(c)(1)).
fn conditional_threshold(level: u8, max: i32) -> i32 {
    if level == 1 {
        return max;
    }
    (f64::from(max) * CONDITIONAL_RATIO - 1e-9).ceil() as i32
}

/// Every reason Conditional status is out of reach, as `rule-name: explanation`, using the
/// rule names of PRODUCT.md §4. Empty when Conditional (or Final) is reachable.
fn conditional_reasons(
    level: u8,
    score: Option<i32>,
    threshold: i32,
    not_met: &[NotMet],
) -> Vec<String> {
    if not_met.is_empty() {
        return Vec::new();
    }
    if level == 1 {
        // 32 CFR 170.21(a)(1): "A POA&M is not permitted at any time for Level 1".
        let ids: Vec<_> = not_met.iter().map(|n| n.requirement.id.as_str()).collect();
        return vec![format!(
            "poam-not-permitted: Level 1 permits no POA&M, and {} requirement(s) are NOT MET: {}",
            ids.len(),
            ids.join(", ")
        )];
    }
    let mut reasons = Vec::new();
    match score {
        // 32 CFR 170.24(c)(2)(i)(B)(5); DoD CMMC FAQ C-Q10 "No CMMC Score".
        None => reasons.push(format!(
            "score-unavailable: {SSP_REQUIREMENT} is NOT MET, so no score can be given"
        )),
        // 32 CFR 170.21(a)(2)(i), (a)(3)(i).
        Some(s) if s < threshold => reasons.push(format!(
            "score-below-threshold: score {s} is below {threshold}"
        )),
        Some(_) => {}
    }
    for n in not_met {
        if let Some(reason) = requirement_reason(n) {
            reasons.push(reason);
        }
    }
    reasons
}

/// Why one NOT MET requirement blocks Conditional status, if it does.
fn requirement_reason(n: &NotMet) -> Option<String> {
    let id = &n.requirement.id;
    if n.requirement.poam_excluded {
        // 32 CFR 170.21(a)(2)(iii) (Level 2), (a)(3)(ii) (Level 3).
        return Some(format!("poam-excluded: {id} may never be on a POA&M"));
    }
    if !n.eligible {
        // 32 CFR 170.21(a)(2)(ii): nothing worth more than 1 point, 3.13.11 partial excepted.
        let points = n.deduction.unwrap_or(0);
        let extra = if id == ENCRYPTION_REQUIREMENT {
            " (only partial 3.13.11, encryption employed but not FIPS-validated, may be on a POA&M)"
        } else {
            ""
        };
        return Some(format!(
            "poam-ineligible: {id} is worth {points} points{extra}"
        ));
    }
    if !n.on_poam {
        // 32 CFR 170.24(c)(2)(i)(B)(6): every NOT MET requirement needs a POA&M.
        return Some(format!(
            "not-met-missing-item: {id} is NOT MET and has no open POA&M item"
        ));
    }
    None
}

/// Conditional CMMC Status Date + 180 days (32 CFR 170.21(b)); Level 1 has no POA&M.
/// Public so that per-item rules, checked before the whole assessment exists, use the
/// very deadline the engine reports.
pub fn closeout_deadline(level: u8, conditional_date: Option<NaiveDate>) -> Option<NaiveDate> {
    if assessed_level(level) == 1 {
        return None;
    }
    conditional_date.and_then(|d| d.checked_add_signed(Duration::days(CLOSEOUT_DAYS)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SspEntry;
    use crate::io::columns::ColumnMap;
    use crate::model::{Item, Location, RequirementRef, SourceFormat, Status, Vocab};

    fn req(id: &str) -> &'static Requirement {
        match catalog().get(id) {
            Some(r) => r,
            None => panic!("{id} is not in the catalog"),
        }
    }

    fn item(id: &str, status: Status) -> Item {
        Item {
            id: Some(format!("POAM-{id}")),
            requirements: vec![RequirementRef::Known(req(id))],
            status: Some(Vocab::Known(status)),
            ..Item::default()
        }
    }

    fn poam(items: Vec<Item>) -> Poam {
        Poam {
            file: "poam.csv".into(),
            format: SourceFormat::Csv,
            sheet: None,
            header_row: 1,
            columns: ColumnMap::default(),
            items,
            notes: Vec::new(),
        }
    }

    fn open_items(ids: &[&str]) -> Poam {
        poam(ids.iter().map(|id| item(id, Status::Open)).collect())
    }

    /// An SSP listing every Level 2 requirement MET except those given.
    fn ssp(exceptions: &[(&str, SspStatus)]) -> Ssp {
        let entries = catalog()
            .level2()
            .iter()
            .enumerate()
            .map(|(i, r)| SspEntry {
                requirement: r,
                status: exceptions
                    .iter()
                    .find(|(id, _)| *id == r.id)
                    .map(|(_, s)| s.clone())
                    .unwrap_or(SspStatus::Met),
                location: Location::cell(None, i as u32 + 2, 2),
            })
            .collect();
        Ssp {
            file: "ssp.csv".into(),
            entries,
            ..Ssp::default()
        }
    }

    fn opts(level: u8) -> EngineOptions {
        EngineOptions {
            level,
            as_of: date(2026, 11, 26),
            conditional_date: None,
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(d) => d,
            None => panic!("bad test date"),
        }
    }

    #[test]
    fn all_met_is_110_and_final() {
        let a = assess(&open_items(&[]), Some(&ssp(&[])), &opts(2));
        assert_eq!(a.basis, Basis::Ssp);
        assert_eq!((a.score, a.max, a.threshold), (Some(110), 110, 88));
        assert!(a.is_final);
        assert!(a.conditional_reachable);
        assert!(a.reasons.is_empty());
        assert!(a.assumptions.is_empty());
    }

    #[test]
    fn five_plus_one_plus_partial_encryption_is_101() {
        let s = ssp(&[
            ("3.1.1", SspStatus::NotMet),
            ("3.1.3", SspStatus::NotMet),
            ("3.13.11", SspStatus::Partial),
        ]);
        let a = assess(
            &open_items(&["3.1.1", "3.1.3", "3.13.11"]),
            Some(&s),
            &opts(2),
        );
        assert_eq!(a.score, Some(101), "110 - 5 - 1 - 3");
        assert_eq!(a.not_met_ids(), ["3.1.1", "3.1.3", "3.13.11"]);
        let deductions: Vec<_> = a.not_met.iter().map(|n| n.deduction).collect();
        assert_eq!(deductions, [Some(5), Some(1), Some(3)]);
        assert!(!a.is_final);
        assert!(!a.conditional_reachable);
        assert_eq!(a.reasons, ["poam-ineligible: 3.1.1 is worth 5 points"]);
        assert!(a.not_met[2].eligible, "3.13.11 partial may be on a POA&M");
    }

    #[test]
    fn encryption_not_employed_costs_five_and_is_ineligible() {
        let s = ssp(&[("3.13.11", SspStatus::NotMet)]);
        let a = assess(&open_items(&["3.13.11"]), Some(&s), &opts(2));
        assert_eq!(a.score, Some(105));
        assert_eq!(a.reasons.len(), 1);
        assert!(a.reasons[0].starts_with("poam-ineligible: 3.13.11 is worth 5 points"));
    }

    #[test]
    fn system_security_plan_not_met_means_no_score() {
        let s = ssp(&[("3.12.4", SspStatus::NotMet), ("3.1.3", SspStatus::NotMet)]);
        let a = assess(&open_items(&["3.1.3"]), Some(&s), &opts(2));
        assert_eq!(a.score, None);
        assert_eq!(a.not_met[1].deduction, None);
        assert_eq!(
            a.reasons,
            [
                "score-unavailable: 3.12.4 is NOT MET, so no score can be given",
                "poam-excluded: 3.12.4 may never be on a POA&M",
            ]
        );
        assert!(!a.conditional_reachable);
    }

    #[test]
    fn eligible_one_pointers_on_the_poam_reach_conditional() {
        let s = ssp(&[
            ("3.1.3", SspStatus::NotMet),
            ("3.3.3", SspStatus::Partial),
            ("3.13.11", SspStatus::Partial),
            ("3.13.5", SspStatus::NotApplicable),
        ]);
        let conditional = date(2026, 9, 15);
        let options = EngineOptions {
            conditional_date: Some(conditional),
            ..opts(2)
        };
        let a = assess(
            &open_items(&["3.1.3", "3.3.3", "3.13.11"]),
            Some(&s),
            &options,
        );
        assert_eq!(
            a.score,
            Some(105),
            "110 - 1 - 1 (partial, full value) - 3; N/A is MET"
        );
        assert!(a.conditional_reachable);
        assert!(!a.is_final);
        assert!(a.reasons.is_empty());
        assert_eq!(a.closeout_deadline, Some(date(2027, 3, 14)), "+180 days");
    }

    #[test]
    fn not_met_without_an_open_item_blocks_conditional() {
        let s = ssp(&[("3.1.3", SspStatus::NotMet), ("3.1.8", SspStatus::NotMet)]);
        let mut p = open_items(&["3.1.3"]);
        p.items.push(item("3.1.8", Status::Closed));
        let a = assess(&p, Some(&s), &opts(2));
        assert_eq!(a.score, Some(108));
        assert_eq!(
            a.reasons,
            ["not-met-missing-item: 3.1.8 is NOT MET and has no open POA&M item"]
        );
        assert!(a.not_met[0].on_poam);
        assert!(!a.not_met[1].on_poam);
    }

    #[test]
    fn excluded_one_pointer_blocks_conditional() {
        let s = ssp(&[("3.10.3", SspStatus::NotMet)]);
        let a = assess(&open_items(&["3.10.3"]), Some(&s), &opts(2));
        assert_eq!(a.score, Some(109));
        assert_eq!(a.reasons, ["poam-excluded: 3.10.3 may never be on a POA&M"]);
    }

    #[test]
    fn score_87_is_below_threshold_and_88_is_not() {
        // 22 one-point eligible requirements: 110 - 22 = 88; a 23rd makes 87.
        let eligible: Vec<&str> = catalog()
            .level2()
            .iter()
            .filter(|r| r.poam_eligible(false))
            .map(|r| r.id.as_str())
            .take(23)
            .collect();
        let at = |n: usize| {
            let s = ssp(&eligible[..n]
                .iter()
                .map(|id| (*id, SspStatus::NotMet))
                .collect::<Vec<_>>());
            assess(&open_items(&eligible[..n]), Some(&s), &opts(2))
        };
        let a88 = at(22);
        assert_eq!(a88.score, Some(88));
        assert!(a88.conditional_reachable, "{:?}", a88.reasons);
        let a87 = at(23);
        assert_eq!(a87.score, Some(87));
        assert_eq!(a87.reasons, ["score-below-threshold: score 87 is below 88"]);
    }

    #[test]
    fn partial_mfa_deducts_three_but_stays_ineligible() {
        let s = ssp(&[("3.5.3", SspStatus::Partial)]);
        let a = assess(&open_items(&["3.5.3"]), Some(&s), &opts(2));
        assert_eq!(a.score, Some(107));
        assert!(a.not_met[0].partial);
        assert!(!a.not_met[0].eligible);
        assert_eq!(a.reasons, ["poam-ineligible: 3.5.3 is worth 3 points"]);
    }

    #[test]
    fn partial_elsewhere_costs_the_full_value() {
        let s = ssp(&[("3.4.2", SspStatus::Partial)]);
        let a = assess(&open_items(&["3.4.2"]), Some(&s), &opts(2));
        assert_eq!(a.score, Some(105));
        assert_eq!(a.reasons, ["poam-ineligible: 3.4.2 is worth 5 points"]);
    }

    #[test]
    fn absent_and_unknown_ssp_rows_count_not_met() {
        let mut s = ssp(&[("3.1.3", SspStatus::Unknown("Mostly".into()))]);
        s.entries.retain(|e| e.requirement.id != "3.1.4");
        let a = assess(&open_items(&["3.1.3", "3.1.4"]), Some(&s), &opts(2));
        assert_eq!(a.score, Some(108));
        assert_eq!(
            a.not_met[0].why,
            NotMetWhy::Ssp(SspStatus::Unknown("Mostly".into()))
        );
        assert_eq!(a.not_met[1].why, NotMetWhy::AbsentFromSsp);
        assert!(a.conditional_reachable);
        assert_eq!(
            a.assumptions,
            [
                "1 requirement(s) absent from the SSP are counted NOT MET: 3.1.4",
                "1 SSP status(es) outside the vocabulary are counted NOT MET: 3.1.3 (\"Mostly\")",
            ]
        );
    }

    #[test]
    fn without_ssp_open_items_are_not_met_and_the_rest_assumed_met() {
        let mut p = open_items(&["3.1.3", "3.13.11", "3.4.2"]);
        p.items.push(item("3.1.8", Status::Closed));
        p.items.push(item("3.3.4", Status::RiskAccepted));
        let a = assess(&p, None, &opts(2));
        assert_eq!(a.basis, Basis::Poam);
        assert_eq!(a.not_met_ids(), ["3.1.3", "3.3.4", "3.4.2", "3.13.11"]);
        assert_eq!(
            a.score,
            Some(100),
            "110 - 1 - 1 - 5 - 3 (3.13.11 assumed partial)"
        );
        assert!(a
            .not_met
            .iter()
            .all(|n| n.on_poam && n.why == NotMetWhy::OpenItem));
        assert_eq!(a.reasons, ["poam-ineligible: 3.4.2 is worth 5 points"]);
        assert_eq!(a.assumptions.len(), 2);
        assert!(a.assumptions[0].starts_with("no SSP given"));
        assert!(a.assumptions[1].starts_with("3.13.11 is on the POA&M"));
    }

    #[test]
    fn without_ssp_mfa_counts_full_value() {
        let a = assess(&open_items(&["3.5.3"]), None, &opts(2));
        assert_eq!(a.score, Some(105));
        assert_eq!(a.reasons, ["poam-ineligible: 3.5.3 is worth 5 points"]);
        assert!(a.assumptions[1].starts_with("3.5.3 is on the POA&M"));
    }

    #[test]
    fn level1_counts_requirements_and_permits_no_poam() {
        let a = assess(&open_items(&["3.1.1", "3.1.3"]), None, &opts(1));
        assert_eq!(
            (a.score, a.max, a.threshold),
            (Some(16), 17, 17),
            "3.1.3 is not Level 1"
        );
        assert_eq!(a.not_met_ids(), ["3.1.1"]);
        assert!(!a.not_met[0].eligible);
        assert_eq!(
            a.reasons,
            ["poam-not-permitted: Level 1 permits no POA&M, and 1 requirement(s) are NOT MET: 3.1.1"]
        );
        let clean = assess(&open_items(&[]), Some(&ssp(&[])), &opts(1));
        assert_eq!(clean.score, Some(17));
        assert!(clean.is_final && clean.conditional_reachable);
        let with_date = EngineOptions {
            conditional_date: Some(date(2026, 9, 15)),
            ..opts(1)
        };
        assert_eq!(
            assess(&open_items(&[]), None, &with_date).closeout_deadline,
            None
        );
    }

    #[test]
    fn level3_threshold_is_20_of_24() {
        assert_eq!(
            conditional_threshold(3, 24),
            20,
            "0.8 x 24 = 19.2, rounded up"
        );
        assert_eq!(conditional_threshold(2, 110), 88);
        let four = ["3.1.2e", "3.1.3e", "3.2.1e", "3.2.2e"];
        let a = assess(&open_items(&four), None, &opts(3));
        assert_eq!((a.score, a.max, a.threshold), (Some(20), 24, 20));
        assert!(a.conditional_reachable, "{:?}", a.reasons);
        let five = ["3.1.2e", "3.1.3e", "3.2.1e", "3.2.2e", "3.4.1e"];
        let a = assess(&open_items(&five), None, &opts(3));
        assert_eq!(a.score, Some(19));
        assert_eq!(a.reasons, ["score-below-threshold: score 19 is below 20"]);
    }

    #[test]
    fn level3_excluded_requirement_blocks_conditional() {
        let a = assess(&open_items(&["3.6.1e"]), None, &opts(3));
        assert_eq!(a.score, Some(23));
        assert_eq!(a.reasons, ["poam-excluded: 3.6.1e may never be on a POA&M"]);
        assert!(a
            .assumptions
            .iter()
            .any(|s| s.starts_with("Level 3 also needs")));
    }

    #[test]
    fn level2_ignores_level3_items_and_unknown_levels_mean_2() {
        let a = assess(&open_items(&["3.6.1e"]), None, &opts(7));
        assert_eq!(a.level, 2);
        assert_eq!(a.score, Some(110));
        assert!(a.is_final);
    }
}

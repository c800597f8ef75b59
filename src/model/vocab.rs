//! Status and severity vocabularies with synonyms (PRODUCT.md §2). OWNER: values helper.
//!
//! Matching ignores case, spaces and punctuation (`In-Progress`, `in progress`,
//! `INPROGRESS` are one word). What is not recognised is kept as written
//! (`Vocab::Unknown`) so that rules can report it; nothing is guessed.

use crate::model::date::find_date_in_text;
use crate::model::{Item, Poam, Severity, Status, Vocab};

/// Status synonyms, as match keys (lowercase letters and digits only).
const STATUS_WORDS: &[(&str, Status)] = &[
    ("open", Status::Open),
    ("new", Status::Open),
    ("notstarted", Status::Open),
    ("planned", Status::Open),
    ("inprogress", Status::InProgress),
    ("ongoing", Status::InProgress),
    ("started", Status::InProgress),
    ("underway", Status::InProgress),
    ("pending", Status::InProgress),
    ("delayed", Status::Delayed),
    ("late", Status::Delayed),
    ("overdue", Status::Delayed),
    ("behindschedule", Status::Delayed),
    ("onhold", Status::Delayed),
    ("closed", Status::Closed),
    ("completed", Status::Closed),
    ("complete", Status::Closed),
    ("done", Status::Closed),
    ("resolved", Status::Closed),
    ("remediated", Status::Closed),
    ("fixed", Status::Closed),
    ("implemented", Status::Closed),
    // eMASS lists "Archived" beside Completed (realworld SOURCES.md, eMASS_Template.xlsx
    // Sheet1): an item no longer tracked. It is not open work, so it reads as Closed; the
    // evidence and closure rules still apply to it like any closed item.
    ("archived", Status::Closed),
    ("riskaccepted", Status::RiskAccepted),
    ("accepted", Status::RiskAccepted),
    ("riskacceptance", Status::RiskAccepted),
    ("notapplicable", Status::NotApplicable),
    ("na", Status::NotApplicable),
    ("falsepositive", Status::NotApplicable),
];

/// Severity words, as match keys.
///
/// * `very low` … `very high`: the NIST SP 800-30 Rev 1 five-level qualitative scale used
///   by eMASS (Appendices G–I); the ends fold into our four levels.
/// * `CAT I/II/III`: DISA STIG severity categories; STIG XCCDF files tag CAT I as
///   `severity="high"`, CAT II as `medium`, CAT III as `low`.
const SEVERITY_WORDS: &[(&str, Severity)] = &[
    ("low", Severity::Low),
    ("verylow", Severity::Low),
    ("moderate", Severity::Moderate),
    ("medium", Severity::Moderate),
    ("med", Severity::Moderate),
    ("mod", Severity::Moderate),
    ("high", Severity::High),
    ("critical", Severity::Critical),
    ("veryhigh", Severity::Critical),
    ("cati", Severity::High),
    ("cat1", Severity::High),
    ("categoryi", Severity::High),
    ("category1", Severity::High),
    ("catii", Severity::Moderate),
    ("cat2", Severity::Moderate),
    ("categoryii", Severity::Moderate),
    ("category2", Severity::Moderate),
    ("catiii", Severity::Low),
    ("cat3", Severity::Low),
    ("categoryiii", Severity::Low),
    ("category3", Severity::Low),
];

/// A status cell. A date written after the status (`Completed 11/13/2018`, as eMASS
/// exports do) is ignored: the status date has its own column.
pub fn parse_status(text: &str) -> Vocab<Status> {
    let trimmed = text.trim();
    let found = lookup(STATUS_WORDS, trimmed)
        .or_else(|| without_trailing_date(trimmed).and_then(|s| lookup(STATUS_WORDS, &s)));
    found.map_or_else(|| Vocab::Unknown(trimmed.to_owned()), Vocab::Known)
}

/// A severity cell: a word of the scale, a STIG category, or a CVSS score.
pub fn parse_severity(text: &str) -> Vocab<Severity> {
    let trimmed = text.trim();
    let found = lookup(SEVERITY_WORDS, trimmed)
        .or_else(|| cvss_severity(trimmed))
        // `High (CAT I)`, `Moderate (Medium)`: the word before the parenthesis.
        .or_else(|| {
            let (before, _) = trimmed.split_once('(')?;
            lookup(SEVERITY_WORDS, before).or_else(|| cvss_severity(before))
        });
    found.map_or_else(|| Vocab::Unknown(trimmed.to_owned()), Vocab::Known)
}

/// The CVSS v3.x qualitative severity rating scale (FIRST, CVSS v3.1 Specification §5):
/// 0.1–3.9 Low, 4.0–6.9 Medium, 7.0–8.9 High, 9.0–10.0 Critical. 0.0 ("None") is not a
/// severity a POA&M item can have, so it stays unknown. Accepts `7.5` and `CVSS 7.5`.
fn cvss_severity(text: &str) -> Option<Severity> {
    let text = text.trim();
    let number = strip_prefix_ignore_case(text, "cvss")
        .map(|rest| rest.trim_start_matches(|c: char| c == ':' || c.is_whitespace()))
        .unwrap_or(text);
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let score: f64 = number.parse().ok()?;
    // Scores have one decimal; compare in tenths to avoid float edges (3.95 is not a score).
    let tenths = (score * 10.0).round();
    if (score * 10.0 - tenths).abs() > 1e-6 {
        return None;
    }
    match tenths as i64 {
        1..=39 => Some(Severity::Low),
        40..=69 => Some(Severity::Moderate),
        70..=89 => Some(Severity::High),
        90..=100 => Some(Severity::Critical),
        _ => None,
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The match key: lowercase letters and digits, everything else dropped.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn lookup<W: AsRef<str>, T: Copy>(table: &[(W, T)], text: &str) -> Option<T> {
    let key = key(text);
    table
        .iter()
        .find(|(word, _)| word.as_ref() == key)
        .map(|(_, value)| *value)
}

/// An organisation's own status and severity words (`[synonyms]` in `poam.toml`), added to
/// the built-in ones. They only add words: a cell the built-in vocabulary already knows
/// keeps its meaning (the config loader refuses a word that would change it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtraSynonyms {
    /// (match key, status).
    status: Vec<(String, Status)>,
    /// (match key, severity).
    severity: Vec<(String, Severity)>,
}

impl ExtraSynonyms {
    pub fn add_status(&mut self, word: &str, value: Status) {
        self.status.push((key(word), value));
    }

    pub fn add_severity(&mut self, word: &str, value: Severity) {
        self.severity.push((key(word), value));
    }

    pub fn is_empty(&self) -> bool {
        self.status.is_empty() && self.severity.is_empty()
    }

    fn status_of(&self, text: &str) -> Option<Status> {
        lookup(&self.status, text)
            .or_else(|| without_trailing_date(text).and_then(|s| lookup(&self.status, &s)))
    }

    fn severity_of(&self, text: &str) -> Option<Severity> {
        lookup(&self.severity, text)
    }
}

/// Read again, with the extra words, every status and severity cell the built-in
/// vocabulary left unknown. Done after loading so that reading stays independent of any
/// config. (An eMASS "Milestone Status" cell is read while loading, with the built-in
/// words only.)
pub fn apply_extra_synonyms(poam: &mut Poam, extra: &ExtraSynonyms) {
    if extra.is_empty() {
        return;
    }
    for item in &mut poam.items {
        apply_extra_synonyms_to_item(item, extra);
    }
}

/// [`apply_extra_synonyms`] for one item (`poam validate` streams items).
pub fn apply_extra_synonyms_to_item(item: &mut Item, extra: &ExtraSynonyms) {
    if let Some(Vocab::Unknown(text)) = &item.status {
        if let Some(status) = extra.status_of(text) {
            item.status = Some(Vocab::Known(status));
        }
    }
    for severity in [&mut item.severity, &mut item.adjusted_severity] {
        if let Some(Vocab::Unknown(text)) = severity {
            if let Some(value) = extra.severity_of(text) {
                *severity = Some(Vocab::Known(value));
            }
        }
    }
}

/// `Completed 11/13/2018` → `Completed`; `Closed on 2026-01-02` → `Closed`. Only a date at
/// the end counts, and it must leave some words before it.
fn without_trailing_date(text: &str) -> Option<String> {
    let (_, start, end) = find_date_in_text(text)?;
    let after = text
        .get(end..)?
        .trim_matches(|c: char| c == ')' || c.is_whitespace());
    if !after.is_empty() {
        return None;
    }
    let before = text.get(..start)?.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '(' | '-' | '–' | '—' | ':' | ',')
    });
    let before = before
        .strip_suffix(" on")
        .or_else(|| before.strip_suffix(" On"))
        .or_else(|| before.strip_suffix(" as of"))
        .unwrap_or(before);
    (!before.trim().is_empty()).then(|| before.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(text: &str) -> Option<Status> {
        parse_status(text).known()
    }

    fn severity(text: &str) -> Option<Severity> {
        parse_severity(text).known()
    }

    #[test]
    fn status_synonyms() {
        use Status::*;
        let cases = [
            ("Open", Open),
            ("New", Open),
            ("Not Started", Open),
            ("Planned", Open),
            ("In Progress", InProgress),
            ("In-Progress", InProgress),
            ("in_progress", InProgress),
            ("INPROGRESS", InProgress),
            ("Ongoing", InProgress),
            ("On Going", InProgress),
            ("On-going", InProgress),
            ("Started", InProgress),
            ("Underway", InProgress),
            ("Pending", InProgress),
            ("Delayed", Delayed),
            ("Late", Delayed),
            ("Overdue", Delayed),
            ("Behind Schedule", Delayed),
            ("On Hold", Delayed),
            ("Closed", Closed),
            ("Completed", Closed),
            ("Complete", Closed),
            ("Done", Closed),
            ("Resolved", Closed),
            ("Remediated", Closed),
            ("Fixed", Closed),
            ("Implemented", Closed),
            ("Archived", Closed),
            ("Risk Accepted", RiskAccepted),
            ("risk-accepted", RiskAccepted),
            ("Accepted", RiskAccepted),
            ("Risk Acceptance", RiskAccepted),
            ("Not Applicable", NotApplicable),
            ("N/A", NotApplicable),
            ("NA", NotApplicable),
            ("False Positive", NotApplicable),
            ("  closed.  ", Closed),
        ];
        for (text, expected) in cases {
            assert_eq!(status(text), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn status_with_a_date_appended() {
        assert_eq!(status("Completed 11/13/2018"), Some(Status::Closed));
        assert_eq!(status("Closed on 2026-01-02"), Some(Status::Closed));
        assert_eq!(status("Closed - 2026-01-02"), Some(Status::Closed));
        assert_eq!(
            status("Risk Accepted (01/15/2025)"),
            Some(Status::RiskAccepted)
        );
        // A date alone, or a date inside other words, is not a status.
        assert_eq!(
            parse_status("11/13/2018"),
            Vocab::Unknown("11/13/2018".into())
        );
        assert_eq!(
            parse_status("Closed 2026-01-02 pending review"),
            Vocab::Unknown("Closed 2026-01-02 pending review".into())
        );
    }

    #[test]
    fn unknown_statuses_are_kept_as_written() {
        assert_eq!(
            parse_status(" Cancelled "),
            Vocab::Unknown("Cancelled".into())
        );
        assert_eq!(parse_status(""), Vocab::Unknown(String::new()));
        assert_eq!(parse_status("Open?"), Vocab::Known(Status::Open));
        assert_eq!(parse_status("Öffnen"), Vocab::Unknown("Öffnen".into()));
        assert_eq!(parse_status("Not Met"), Vocab::Unknown("Not Met".into()));
    }

    #[test]
    fn severity_words() {
        use Severity::*;
        let cases = [
            ("Low", Low),
            ("LOW", Low),
            ("Very Low", Low),
            ("very-low", Low),
            ("Moderate", Moderate),
            ("Medium", Moderate),
            ("Med", Moderate),
            ("High", High),
            ("Critical", Critical),
            ("Very High", Critical),
            ("CAT I", High),
            ("Cat-1", High),
            ("CAT II", Moderate),
            ("CAT III", Low),
            ("Category III", Low),
            ("High (CAT I)", High),
            ("Moderate (Medium)", Moderate),
        ];
        for (text, expected) in cases {
            assert_eq!(severity(text), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn cvss_scores_use_the_v3_qualitative_scale() {
        use Severity::*;
        let cases = [
            ("0.1", Low),
            ("0.7", Low),
            ("2.3", Low),
            ("3.9", Low),
            ("4.0", Moderate),
            ("4", Moderate),
            ("6.9", Moderate),
            ("7.0", High),
            ("8.9", High),
            ("9.0", Critical),
            ("10", Critical),
            ("10.0", Critical),
            ("CVSS 7.5", High),
            ("cvss: 9.8", Critical),
        ];
        for (text, expected) in cases {
            assert_eq!(severity(text), Some(expected), "{text:?}");
        }
        for text in ["0", "0.0", "10.1", "3.95", "-5", "11", "7,5", "P1", "1e1"] {
            assert_eq!(
                parse_severity(text),
                Vocab::Unknown(text.to_owned()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn unknown_severities_are_kept_as_written() {
        assert_eq!(parse_severity(" Severe "), Vocab::Unknown("Severe".into()));
        assert_eq!(parse_severity(""), Vocab::Unknown(String::new()));
        assert_eq!(parse_severity("N/A"), Vocab::Unknown("N/A".into()));
        assert_eq!(parse_severity("CAT IV"), Vocab::Unknown("CAT IV".into()));
    }
}

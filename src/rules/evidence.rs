//! Rules: evidence — whether a closed item names the proof of its closure (PRODUCT.md §4).
//!
//! Both rules look at closed items only. On an open item the evidence cell is work in
//! progress ("Pending", a draft); the reference has to be proof at the moment the item is
//! closed, which is also when `poam close` asks for it.
//!
//! ## When is a reference proof? (`evidence-vague`)
//!
//! Each reference of the evidence cell (one per line) is split into words. Words listed in
//! [`VAGUE_EVIDENCE_WORDS`] say that something happened without showing it ("Completed",
//! "See above", "N/A"). A reference is *proof* when any of its other words
//! - looks like a path: holds `/` or `\` (`\\fs01\poam\ac-003.pdf`, `evidence/ac-003/`);
//! - is a URL: `https://…`, `www.…`, anything with `://`;
//! - is a file name with an extension: `scan-2026-10.pdf`, `gpo.xlsx`;
//! - is a ticket id: `ABC-123` (upper-case key, dash, number), `INC0012345` (letters then at
//!   least four digits, as ServiceNow numbers are), `#123`;
//!
//! or when at least two of its words are not vague, which is how a document is named
//! ("Access Control Policy v2.1", "Q3 access review minutes"). The item is reported when
//! none of its references is proof. The heuristic errs towards silence: "Firewall config"
//! passes, and a reviewer still has to open it.

use crate::model::{Field, Item};
use crate::rules::{Findings, ItemContext, Level, RuleInfo};
use std::borrow::Cow;

pub static CLOSED_WITHOUT_EVIDENCE: RuleInfo = RuleInfo {
    name: "closed-without-evidence",
    default_level: Level::Error,
    summary: "a closed item has no evidence",
    what: "Reports an item whose status is Closed (or Completed, Done …) and whose evidence \
           cell is blank — or absent, when the sheet has no evidence column.",
    why: "A requirement is MET only when the assessor has evidence that every objective is \
          satisfied, and evidence must be final, not draft. An item closed with nothing to \
          show for it will be assessed NOT MET, and the closure looks like a wish.",
    example: "POAM-AC-003 | 3.1.3 | … | Status: Closed | Evidence: (blank)",
    fix: "Name the file, ticket or URL that proves the fix (a configuration export, a scan, \
          signed minutes), or reopen the item.",
    source: "32 CFR 170.24(b) (MET on evidence); FedRAMP POA&M Completion Guide §2.2 (close \
             when corrective actions are applied and evidence is collected)",
};

pub static EVIDENCE_VAGUE: RuleInfo = RuleInfo {
    name: "evidence-vague",
    default_level: Level::Warning,
    summary: "evidence is a word, not proof (\"Completed\", \"Done\", \"Yes\", \"Fixed\")",
    what: "Reports a closed item whose evidence names nothing an assessor could open: no path, \
           URL, file name, ticket id or document name, only words such as Completed, Done, \
           Yes, Fixed, Closed, Implemented, See above, N/A, Verified, OK, Attached.",
    why: "\"Done\" restates the status. The assessor asks to see the proof, and someone has to \
          find it months later; a named file or ticket can be found, a word cannot.",
    example: "POAM-AU-004 | 3.3.4 | … | Status: Closed | Evidence: \"Completed\"",
    fix: "Replace the word with a reference: `evidence/AU-004/alert-test.pdf`, \
          `https://tickets.example.com/SEC-118`, `INC0012345`, or the document's name and \
          version.",
    source: "assessor practice",
};

pub const RULES: &[&RuleInfo] = &[&CLOSED_WITHOUT_EVIDENCE, &EVIDENCE_VAGUE];

/// Words that say something was done without pointing at anything (lower case; compared
/// after stripping surrounding punctuation). From PRODUCT.md §4's examples, the words
/// real trackers use, and filler that joins them ("see attached", "done per email").
pub const VAGUE_EVIDENCE_WORDS: &[&str] = &[
    // Status words.
    "completed",
    "complete",
    "done",
    "yes",
    "y",
    "fixed",
    "closed",
    "implemented",
    "remediated",
    "resolved",
    "verified",
    "validated",
    "confirmed",
    "tested",
    "updated",
    "ok",
    "okay",
    "true",
    "x",
    // Placeholders.
    "n/a",
    "na",
    "none",
    "tbd",
    "pending",
    "unknown",
    // Pointers that point nowhere.
    "see",
    "above",
    "below",
    "attached",
    "attachment",
    "attachments",
    "provided",
    "uploaded",
    "on",
    "file",
    "files",
    "in",
    "per",
    "email",
    "screenshot",
    "screenshots",
    "evidence",
    "sharepoint",
    "folder",
    "ticket",
    "it",
    "is",
    "was",
    "has",
    "been",
    "and",
    "the",
    "by",
    "as",
];

/// A closed item's evidence.
pub fn check_item(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    if !item.is_closed() {
        return;
    }
    let references = references(item);
    if references.is_empty() {
        report_missing(ctx, item, out);
    } else if !references
        .iter()
        .any(|r| is_proof_among(r, |w| ctx.settings.vague_evidence_words.contains(w)))
    {
        report_vague(ctx, item, &references, out);
    }
}

/// The non-blank evidence references of an item.
fn references(item: &Item) -> Vec<&str> {
    item.evidence
        .iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .collect()
}

fn report_missing(ctx: &ItemContext, item: &Item, out: &mut Findings) {
    out.push(
        &CLOSED_WITHOUT_EVIDENCE,
        item.id.as_deref(),
        ctx.at(item, Field::Evidence),
        format!(
            "{} is Closed but names no evidence: add the file, ticket or URL that proves \
             closure",
            item.label()
        ),
    );
}

fn report_vague(ctx: &ItemContext, item: &Item, references: &[&str], out: &mut Findings) {
    out.push(
        &EVIDENCE_VAGUE,
        item.id.as_deref(),
        ctx.at(item, Field::Evidence),
        format!(
            "{}'s evidence \"{}\" is a word, not proof: name the file, ticket or URL that \
             shows the fix",
            item.label(),
            shorten(&references.join("; "), 60)
        ),
    );
}

/// At most `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
}

/// Does this reference point at something an assessor could open? (module docs)
pub fn is_proof(reference: &str) -> bool {
    is_proof_among(reference, |w| VAGUE_EVIDENCE_WORDS.contains(&w))
}

/// [`is_proof`] with another list of vague words (lower case; `is_vague` asks whether a
/// word is in it): the one `poam.toml` sets.
pub fn is_proof_among(reference: &str, is_vague: impl Fn(&str) -> bool) -> bool {
    let words: Vec<&str> = reference
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| ",;:!?()[]{}\"'<>".contains(c) || c == '.'))
        .filter(|w| !w.is_empty())
        .filter(|w| !is_vague(&lower_case(w)))
        .collect();
    words.iter().any(|w| is_pointer(w)) || words.len() >= 2
}

/// `word` in lower case, copied only when that changes it.
fn lower_case(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// A path, URL, file name or ticket id.
fn is_pointer(word: &str) -> bool {
    word.contains('/')
        || word.contains('\\')
        || word.contains("://")
        || word.to_lowercase().starts_with("www.")
        || has_file_extension(word)
        // The same ticket shapes the evidence-file rules leave alone (not paths to check).
        || crate::evidence::is_ticket_id(word)
}

/// `name.ext`: a stem, a dot, then 2–5 letters or digits with at least one letter (so
/// `3.1.1` and `1.5` are not file names).
fn has_file_extension(word: &str) -> bool {
    match word.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && (2..=5).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && ext.chars().any(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Status, Vocab};
    use crate::rules::dates::test_support::*;
    use crate::rules::Context;

    fn check(ctx: &Context, out: &mut Findings) {
        check_group(ctx, out, check_item, |_, _, _| {});
    }

    #[test]
    fn words_are_not_proof() {
        for vague in [
            "Completed",
            "Done",
            "Yes",
            "Fixed",
            "Complete",
            "Closed",
            "Implemented",
            "See above",
            "N/A",
            "Verified",
            "OK",
            "Attached",
            "done.",
            "Screenshot attached",
            "See SSP",
            "Done per email",
            "Done 2026-10-01",
            "Policy updated",
        ] {
            assert!(!is_proof(vague), "{vague:?} should be vague");
        }
    }

    #[test]
    fn references_are_proof() {
        for proof in [
            "evidence/AC-003/gpo.pdf",
            r"\\fs01\poam\ac-003",
            "https://tickets.example.com/browse/SEC-118",
            "www.example.com",
            "scan-2026-10.xlsx",
            "SEC-118",
            "INC0012345",
            "#123",
            "Done, see INC0012345",
            "Access Control Policy v2.1",
            "Q3 access review minutes",
        ] {
            assert!(is_proof(proof), "{proof:?} should be proof");
        }
        // Requirement numbers and versions are not file names; lower-case keys not tickets.
        assert!(!is_proof("3.1.1"));
        assert!(!is_proof("v1.5"));
        assert!(!is_proof("sec-118"));
    }

    fn closed(row: u32, id: &str, evidence: &[&str]) -> Item {
        Item {
            status: Some(Vocab::Known(Status::Closed)),
            evidence: evidence.iter().map(|s| s.to_string()).collect(),
            ..item(row, id)
        }
    }

    #[test]
    fn closed_items_without_or_with_vague_evidence() {
        let open_item = Item {
            status: Some(Vocab::Known(Status::Open)),
            evidence: vec!["Pending".into()],
            ..item(6, "OPEN")
        };
        let p = poam(vec![
            closed(2, "POAM-AC-003", &[]),
            closed(3, "BLANK", &["  "]),
            closed(4, "VAGUE", &["Done", "See above"]),
            closed(5, "GOOD", &["Done", "INC0012345"]),
            open_item,
        ]);
        let f = run(&p, None, check);
        assert_eq!(cells(&f, "closed-without-evidence"), ["I2", "I3"]);
        assert_eq!(cells(&f, "evidence-vague"), ["I4"]);
        assert_eq!(f.len(), 3);
        assert_eq!(
            f[0].message,
            "POAM-AC-003 is Closed but names no evidence: add the file, ticket or URL that \
             proves closure"
        );
        assert!(f[2]
            .message
            .starts_with("VAGUE's evidence \"Done; See above\" is a word"));
    }

    #[test]
    fn long_evidence_is_shortened_in_messages() {
        assert_eq!(shorten("abcdef", 3), "abc…");
        assert_eq!(shorten("abc", 3), "abc");
    }
}

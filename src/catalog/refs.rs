//! Parsing requirement references as people write them (PRODUCT.md §2):
//! `3.1.1`, `AC.L2-3.1.1`, `AC.L3-3.1.2e`, `NIST SP 800-171 3.1.1`, `3.01.01`, `03.01.01`,
//! `_03.01.01` (OSCAL token), `AC-3.1.1`, and lists of them. OWNER: values helper.
//!
//! The canonical id is the catalog's (`3.1.1`, `3.1.2e`). Every reference comes back as
//! `Known` (in the catalog), `Unknown` (shaped like an 800-171 id but not one of them:
//! `3.15.1`) or `Unparsed` (anything else: `AC-2`, `CM`, `see SSP`), so that rule
//! `control-unknown` can report what did not parse instead of dropping it.

use crate::catalog::catalog;
use crate::model::RequirementRef;
use std::borrow::Cow;

/// Every reference in a control cell, in order.
///
/// The standard's name (`NIST SP 800-171 Rev 2`) is removed first so that it never turns
/// into junk references. The cell is then split on commas, semicolons and line breaks
/// (and on `/` when the cell holds an 800-171 id, so that `N/A` stays whole), never inside
/// parentheses. In a part that names ids, every id is taken (`3.1.1 and 3.1.2`,
/// `3.1.1 3.1.2`), other control ids beside them are kept as `Unparsed` (`AC-2`), and the
/// remaining words are description (`3.1.1 - Authorized Access`). A part with no id is
/// `Unparsed` as written, except plain prose beside real ids (`3.1.1, Limit access`),
/// which is description too.
pub fn parse_requirement_list(text: &str) -> Vec<RequirementRef> {
    let mut refs = Vec::new();
    parse_requirement_list_into(text, &mut refs);
    // Exactly sized: items loaded whole keep this list.
    refs.shrink_to_fit();
    refs
}

/// [`parse_requirement_list`], appending to `out` (a list reused from item to item).
pub fn parse_requirement_list_into(text: &str, out: &mut Vec<RequirementRef>) {
    let original = text.trim();
    if original.is_empty() {
        return;
    }
    let first = out.len();
    let cleaned = strip_standard_name(original);
    let cell_has_id = first_id(&cleaned).is_some();
    split_parts(&cleaned, cell_has_id, &mut |part| {
        refs_in_part(part, cell_has_id, out);
    });
    if out.len() == first {
        // Only the standard's name, or only separators: still not a reference.
        out.push(RequirementRef::Unparsed(original.to_owned()));
    }
}

/// One token: its first 800-171 id (`AC.L2-3.1.1` → 3.1.1), else `Unparsed` as written.
pub fn parse_requirement_token(token: &str) -> RequirementRef {
    let cleaned = strip_standard_name(token);
    match first_id(&cleaned) {
        Some(id) => resolve(id),
        None => RequirementRef::Unparsed(token.trim().to_owned()),
    }
}

/// The canonical id of the first 800-171 id in `text`, if any (`AC.L2-3.01.01` → `3.1.1`).
pub fn canonical_id(text: &str) -> Option<String> {
    first_id(&strip_standard_name(text)).map(|id| id.canonical().as_str().to_owned())
}

/// A canonical id against the catalog.
fn resolve(id: RequirementId) -> RequirementRef {
    let canonical = id.canonical();
    match catalog().get(canonical.as_str()) {
        Some(requirement) => RequirementRef::Known(requirement),
        None => RequirementRef::Unknown(canonical.as_str().to_owned()),
    }
}

/// The references in one part of a cell (see [`parse_requirement_list`]), appended to `out`.
fn refs_in_part(part: &str, cell_has_id: bool, out: &mut Vec<RequirementRef>) {
    let part = part.trim();
    if part.is_empty() {
        return;
    }
    let start = out.len();
    let mut part_has_id = false;
    for word in part.split_whitespace() {
        let mut word_has_id = false;
        each_id(word, &mut |id| {
            word_has_id = true;
            out.push(resolve(id));
        });
        if word_has_id {
            part_has_id = true;
        } else if looks_like_control_id(word) {
            out.push(RequirementRef::Unparsed(trim_punctuation(word).to_owned()));
        }
    }
    if part_has_id {
        return;
    }
    // Without an 800-171 id, other control ids are not kept one by one: the part is
    // description beside real ids, or one `Unparsed` reference as written.
    out.truncate(start);
    let is_prose = !part.chars().any(|c| c.is_ascii_digit()) && part.contains(char::is_whitespace);
    if cell_has_id && is_prose {
        return;
    }
    out.push(RequirementRef::Unparsed(part.to_owned()));
}
/// Another framework's control id (`AC-2`, `AC2`, `IA-2(1)`, `CM-6.5`): two letters, then
/// digits. Kept beside 800-171 ids so that it is reported, not taken as description.
fn looks_like_control_id(word: &str) -> bool {
    let word = trim_punctuation(word);
    let bytes = word.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let rest = bytes.get(letters..).unwrap_or_default();
    let rest = rest.strip_prefix(b"-").unwrap_or(rest);
    letters == 2 && rest.first().is_some_and(u8::is_ascii_digit)
}

/// `(AC-2),` → `AC-2`; `IA-2(1)` stays whole.
fn trim_punctuation(word: &str) -> &str {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != ')');
    let unbalanced = word.matches(')').count() > word.matches('(').count();
    match word.strip_suffix(')') {
        Some(inner) if unbalanced => inner,
        _ => word,
    }
}

/// Split a cell on `,` `;` line breaks (and `/` when `slash` is set), outside brackets,
/// calling `part` with each piece in order.
fn split_parts(text: &str, slash: bool, part: &mut dyn FnMut(&str)) {
    let mut depth: u32 = 0;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' | ';' | '\n' | '\r' if depth == 0 => {
                part(text.get(start..i).unwrap_or_default());
                start = i + c.len_utf8();
            }
            '/' if depth == 0 && slash => {
                part(text.get(start..i).unwrap_or_default());
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    part(text.get(start..).unwrap_or_default());
}

/// An 800-171 id as written, by its numbers: `3.{family}.{number}`, `e` for Level 3.
#[derive(Debug, Clone, Copy)]
struct RequirementId {
    family: u32,
    number: u32,
    enhanced: bool,
}

impl RequirementId {
    /// The catalog's spelling (`3.1.1`, `3.1.2e`), built without allocating.
    fn canonical(self) -> CanonicalId {
        let mut id = CanonicalId {
            bytes: [0; 8],
            len: 0,
        };
        id.push(b'3');
        id.push(b'.');
        id.push_number(self.family);
        id.push(b'.');
        id.push_number(self.number);
        if self.enhanced {
            id.push(b'e');
        }
        id
    }
}

/// A canonical id on the stack: `3.NN.NNe` is at most 8 bytes.
struct CanonicalId {
    bytes: [u8; 8],
    len: usize,
}

impl CanonicalId {
    fn push(&mut self, b: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    /// 0 … 99 (an id part has one or two digits).
    fn push_number(&mut self, n: u32) {
        if n >= 10 {
            self.push(b'0' + (n / 10 % 10) as u8);
        }
        self.push(b'0' + (n % 10) as u8);
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

/// The first 800-171 id in `text` (see [`each_id`]).
fn first_id(text: &str) -> Option<RequirementId> {
    let mut first = None;
    each_id(text, &mut |id| {
        if first.is_none() {
            first = Some(id);
        }
    });
    first
}

/// Every 800-171 id in `text`, in order: `3.N.N` with an optional `e` (Level 3), each part
/// possibly zero padded (`03.01.01`, the Rev 3 / OSCAL spelling). The id must stand apart:
/// not glued to letters or digits before it (`v3.1.1`) or after it (`3.1.1.2`, `3.1.1a`).
fn each_id(text: &str, found: &mut dyn FnMut(RequirementId)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // An ASCII digit is always a char boundary, so `text[..i]` is one too.
        if b.is_ascii_digit() && free_before(text.get(..i).unwrap_or_default()) {
            if let Some((id, end)) = id_at(bytes, i) {
                found(id);
                i = end;
                continue;
            }
        }
        i += 1;
    }
}

/// Nothing glued before an id: no letter (of any script), digit or `.`.
fn free_before(before: &str) -> bool {
    before
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '.'))
}

/// The id starting at byte `start`, and the byte after it.
fn id_at(bytes: &[u8], start: usize) -> Option<(RequirementId, usize)> {
    let mut pos = start;
    let mut parts = [0u32; 3];
    for (n, part) in parts.iter_mut().enumerate() {
        if n > 0 {
            (bytes.get(pos) == Some(&b'.')).then_some(())?;
            pos += 1;
        }
        let digits = bytes.get(pos..).unwrap_or_default();
        let run = digits.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=2).contains(&run) {
            return None;
        }
        *part = digits
            .iter()
            .take(run)
            .fold(0, |acc, b| acc * 10 + u32::from(b - b'0'));
        pos += run;
    }
    let enhanced = matches!(bytes.get(pos), Some(b'e' | b'E'));
    if enhanced {
        pos += 1;
    }
    let glued_after = match bytes.get(pos) {
        Some(b) if b.is_ascii_alphanumeric() => true,
        Some(b'.') => bytes.get(pos + 1).is_some_and(u8::is_ascii_digit),
        _ => false,
    };
    // Chapter 3 of SP 800-171 holds the requirements: `3.x.y`. Anything else is not one.
    let [chapter, family, number] = parts;
    if glued_after || chapter != 3 {
        return None;
    }
    let id = RequirementId {
        family,
        number,
        enhanced,
    };
    Some((id, pos))
}

/// Replace every spelling of the standard's name (`NIST SP 800-171`, `SP 800-171 Rev 2`,
/// `800-171r2`, `SP_800_171`) with a space.
fn strip_standard_name(text: &str) -> Cow<'_, str> {
    // Every spelling holds `800`: without it the text is returned as it is.
    if !text.contains("800") {
        return Cow::Borrowed(text);
    }
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i + 7 <= bytes.len() {
        let is_name = &bytes[i..i + 3] == b"800"
            && matches!(bytes[i + 3], b'-' | b'_' | b' ')
            && &bytes[i + 4..i + 7] == b"171"
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && !bytes.get(i + 7).is_some_and(u8::is_ascii_digit);
        if !is_name {
            i += 1;
            continue;
        }
        let start = name_prefix_start(bytes, i).max(copied);
        let end = revision_end(bytes, i + 7);
        // All cut points sit next to ASCII bytes, so they are char boundaries.
        out.push_str(&text[copied..start]);
        out.push(' ');
        copied = end;
        i = end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Extend the name left over `SP` and `NIST` (`NIST SP 800-171`, `SP_800_171`).
fn name_prefix_start(bytes: &[u8], mut start: usize) -> usize {
    for word in [b"sp".as_slice(), b"nist".as_slice()] {
        let before = skip_separators_back(bytes, start);
        let word_start = before.checked_sub(word.len());
        let found = word_start.filter(|&w| {
            &bytes[w..before] == word && (w == 0 || !bytes[w - 1].is_ascii_alphanumeric())
        });
        if let Some(w) = found {
            start = w;
        }
    }
    start
}

fn skip_separators_back(bytes: &[u8], mut pos: usize) -> usize {
    while pos > 0 && matches!(bytes[pos - 1], b' ' | b'_' | b'-' | b'.') {
        pos -= 1;
    }
    pos
}

/// Extend the name right over a revision (`Rev 2`, `Rev. 2`, `Revision 2`, `r2`, `R3`).
fn revision_end(bytes: &[u8], end: usize) -> usize {
    let mut pos = end;
    while matches!(bytes.get(pos), Some(b' ' | b'_' | b'-')) {
        pos += 1;
    }
    let word = ["revision", "rev", "r"]
        .into_iter()
        .find(|w| bytes[pos..].starts_with(w.as_bytes()));
    let Some(word) = word else {
        return end;
    };
    pos += word.len();
    if bytes.get(pos) == Some(&b'.') {
        pos += 1;
    }
    while bytes.get(pos) == Some(&b' ') {
        pos += 1;
    }
    let digits = bytes[pos.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let after = pos + digits;
    // `Rev 2` must end there: `Rev 2 3.1.1` yes, `r2.5` or `rev 23.1` no.
    let clean_end = !bytes
        .get(after)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.');
    if digits == 1 && clean_end {
        after
    } else {
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compact view of references: `3.1.1` (known), `?3.15.1` (unknown), `!AC-2` (unparsed).
    fn ids(text: &str) -> Vec<String> {
        parse_requirement_list(text).iter().map(show).collect()
    }

    fn show(r: &RequirementRef) -> String {
        match r {
            RequirementRef::Known(q) => q.id.clone(),
            RequirementRef::Unknown(id) => format!("?{id}"),
            RequirementRef::Unparsed(raw) => format!("!{raw}"),
        }
    }

    #[test]
    fn every_single_id_format() {
        let cases = [
            ("3.1.1", "3.1.1"),
            ("AC.L2-3.1.1", "3.1.1"),
            ("AC.L3-3.1.2e", "3.1.2e"),
            ("3.1.2e", "3.1.2e"),
            ("3.1.2E", "3.1.2e"),
            ("NIST SP 800-171 3.1.1", "3.1.1"),
            ("SP 800-171 Rev 2 3.1.1", "3.1.1"),
            ("NIST SP 800-171 Rev. 2 3.1.1", "3.1.1"),
            ("800-171r2 3.13.11", "3.13.11"),
            ("3.01.01", "3.1.1"),
            ("AC-3.1.1", "3.1.1"),
            ("03.01.01", "3.1.1"),
            ("_03.01.01", "3.1.1"),
            ("SP_800_171_03.09.01", "3.9.1"),
            ("PE.L2-3.10.4", "3.10.4"),
            ("3.1.1[a]", "3.1.1"),
            ("(3.14.7)", "3.14.7"),
        ];
        for (text, expected) in cases {
            assert_eq!(ids(text), [expected], "{text:?}");
        }
    }

    #[test]
    fn known_refs_point_into_the_catalog() {
        match parse_requirement_token("AC.L2-3.5.3") {
            RequirementRef::Known(q) => {
                assert_eq!(q.id, "3.5.3");
                assert_eq!(q.cmmc_id, "IA.L2-3.5.3");
                assert_eq!(q.partial_points, Some(3));
            }
            other => panic!("expected Known, got {other:?}"),
        }
        match parse_requirement_token("3.1.2e") {
            RequirementRef::Known(q) => assert_eq!(q.level, 3),
            other => panic!("expected Known, got {other:?}"),
        }
    }

    #[test]
    fn ids_shaped_like_800_171_but_not_in_it_are_unknown() {
        assert_eq!(ids("3.15.1"), ["?3.15.1"]);
        assert_eq!(ids("3.1.23"), ["?3.1.23"]);
        assert_eq!(ids("AC.L2-3.01.23"), ["?3.1.23"]);
        assert_eq!(ids("3.1.1e"), ["?3.1.1e"]);
        assert_eq!(
            parse_requirement_token("3.15.1"),
            RequirementRef::Unknown("3.15.1".into())
        );
    }

    #[test]
    fn other_references_are_unparsed_as_written() {
        assert_eq!(ids("AC-2"), ["!AC-2"]);
        assert_eq!(ids("AC2"), ["!AC2"]);
        assert_eq!(ids("CM"), ["!CM"]);
        assert_eq!(ids("see SSP"), ["!see SSP"]);
        assert_eq!(ids(" N/A "), ["!N/A"]);
        assert_eq!(ids("NIST SP 800-53 AC-2"), ["!NIST SP 800-53 AC-2"]);
        assert_eq!(ids("AC-2, AC-3"), ["!AC-2", "!AC-3"]);
        assert_eq!(ids("4.1.1"), ["!4.1.1"]);
        assert_eq!(ids("v3.1.1"), ["!v3.1.1"]);
        assert_eq!(ids("3.1.1.2"), ["!3.1.1.2"]);
        assert_eq!(ids("NIST SP 800-171"), ["!NIST SP 800-171"]);
        assert_eq!(
            parse_requirement_token(" AC-2 "),
            RequirementRef::Unparsed("AC-2".into())
        );
    }

    #[test]
    fn lists_with_every_separator() {
        assert_eq!(ids("3.1.1, 3.1.2"), ["3.1.1", "3.1.2"]);
        assert_eq!(ids("3.1.1; 3.1.2;3.1.3"), ["3.1.1", "3.1.2", "3.1.3"]);
        assert_eq!(ids("3.1.1\n3.1.2\r\n3.1.3"), ["3.1.1", "3.1.2", "3.1.3"]);
        assert_eq!(ids("3.1.1/3.1.2"), ["3.1.1", "3.1.2"]);
        assert_eq!(ids("3.1.1 and 3.1.2"), ["3.1.1", "3.1.2"]);
        assert_eq!(ids("3.1.1 AND AC.L2-3.1.2"), ["3.1.1", "3.1.2"]);
        assert_eq!(ids("3.1.1 3.1.2"), ["3.1.1", "3.1.2"]);
        assert_eq!(ids("3.1.1,,  ,3.1.2,"), ["3.1.1", "3.1.2"]);
        assert_eq!(
            ids("NIST SP 800-171 3.1.1, NIST SP 800-171 3.15.1"),
            ["3.1.1", "?3.15.1"]
        );
        assert_eq!(ids("AC-2; 3.1.1"), ["!AC-2", "3.1.1"]);
        assert_eq!(ids("AC-2 and 3.1.1"), ["!AC-2", "3.1.1"]);
    }

    #[test]
    fn descriptions_beside_an_id_are_not_references() {
        assert_eq!(ids("3.1.1 - Authorized Access"), ["3.1.1"]);
        assert_eq!(ids("3.1.1 (Authorized Access Control)"), ["3.1.1"]);
        assert_eq!(ids("3.1.1 (Limit access, authorized users)"), ["3.1.1"]);
        assert_eq!(
            ids("3.1.1\nLimit system access to authorized users"),
            ["3.1.1"]
        );
        assert_eq!(ids("AC.L2-3.1.5 Least Privilege"), ["3.1.5"]);
        assert_eq!(
            ids("Access Control and Audit"),
            ["!Access Control and Audit"]
        );
    }

    #[test]
    fn empty_and_odd_input() {
        assert!(parse_requirement_list("").is_empty());
        assert!(parse_requirement_list("  \n\t ").is_empty());
        assert_eq!(ids("３.１.１"), ["!３.１.１"]);
        assert_eq!(ids("3.1.1 ✓"), ["3.1.1"]);
        assert_eq!(ids("é3.1.1"), ["!é3.1.1"]);
        assert_eq!(ids("3.1.1 (AC-2)"), ["3.1.1", "!AC-2"]);
        assert_eq!(ids("3.1.1 IA-2(1)"), ["3.1.1", "!IA-2(1)"]);
        assert_eq!(ids("800-171 800-171 SP 800-171 3.1.1"), ["3.1.1"]);
        assert_eq!(ids(","), ["!,"]);
        assert_eq!(ids("3.1"), ["!3.1"]);
        assert_eq!(ids("3.100.1"), ["!3.100.1"]);
        assert_eq!(canonical_id("AC.L2-3.01.01"), Some("3.1.1".into()));
        assert_eq!(canonical_id("AC-2"), None);
    }
}

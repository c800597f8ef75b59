//! Milestone lists (PRODUCT.md §2 "Reading rules"). OWNER: values helper.
//!
//! A milestones cell holds one milestone per line, or per paragraph when the cell separates
//! them with blank lines (the FedRAMP template asks for "a blank line (Alt+Enter)" and then
//! wraps a description over two lines). Forms seen in real files
//! (shared/realworld/SOURCES.md):
//!
//! * `YYYY-MM-DD: text`, `(01) 2026-02-01: text`, `(1) 2014/05/23: text` (FedRAMP)
//! * `text by 2026-02-01`, `Milestone 1: text - 02/01/2026`
//! * `1. Task 1 = Create STP: 1/10/2026` (Xacta), `1. Policy update (05/01/2025)`,
//!   `1. SIEM storage expansion (07/2025)` (agency workbook), `Implement Procedure A
//!   10/25/2018` (eMASS)
//! * FedRAMP milestone changes: `(02) Update 2014-06-18 : why`, `(03) New 2014-06-13 : what`,
//!   `(01) Complete 2026-02-01: …`
//!
//! A milestone is done when its line starts with `[x]`, `✓`, `✔`, `Done`, `Completed`, or
//! `Complete` used as a marker, or ends with `(done)`, `(complete)`, `(completed)`.

use crate::model::date::{date_at_start, is_no_date_word, last_date_in_text};
use crate::model::item::TextPool;
use crate::model::{DateValue, Milestone};
use std::borrow::Cow;

/// Separators people put between a date, a number or a marker and the text.
const SEPARATORS: &[char] = &[':', '-', '–', '—', '=', ',', '.', ';'];
/// Words that join a text to the date after it (`Deploy by 2026-02-01`).
const DATE_CONNECTORS: &[&str] = &[
    "no later than",
    "due by",
    "due on",
    "due",
    "by",
    "on",
    "nlt",
    "before",
    "target",
    "targeted",
    "scheduled",
    "planned",
];
/// Endings that mark a milestone done.
const DONE_SUFFIXES: &[&str] = &[
    "(done)",
    "(complete)",
    "(completed)",
    "[done]",
    "[complete]",
    "[completed]",
];
const CHECK_MARKS: &[char] = &['✓', '✔', '☑', '✅'];

/// Every milestone in a milestones cell on `row`. A cell holding only `N/A`, `None` or
/// `TBD` has no milestones.
pub fn parse_milestones(text: &str, row: u32) -> Vec<Milestone> {
    let mut milestones = Vec::new();
    parse_milestones_into(text, row, &mut milestones, &mut TextPool::default());
    milestones
}

/// [`parse_milestones`], appending to `out`, with each milestone's text in a buffer from
/// `pool`.
pub fn parse_milestones_into(text: &str, row: u32, out: &mut Vec<Milestone>, pool: &mut TextPool) {
    // Line breaks as `\n` only; a cell without CR (nearly all) is read as it is.
    let text: Cow<str> = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let trimmed = text.trim();
    if trimmed.is_empty() || is_no_date_word(trimmed) {
        return;
    }
    each_entry(trimmed, &mut |entry| {
        out.push(parse_entry(entry, row, pool.take()))
    });
}

/// Apply FedRAMP milestone-change lines to the planned milestones: a change
/// `(NN) Complete …` (parsed with `done == true`) marks milestone NN done
/// (PRODUCT.md §2). Changes without a number cannot be matched and change nothing.
pub fn apply_milestone_changes(milestones: &mut [Milestone], changes: &[Milestone]) {
    let completed = changes.iter().filter(|c| c.done).filter_map(|c| c.number);
    for number in completed {
        milestones
            .iter_mut()
            .filter(|m| m.number == Some(number))
            .for_each(|m| m.done = true);
    }
}

/// The cell's text, one string per milestone, each handed to `entry` in order. A line
/// that does not start a milestone continues the one above when milestones are
/// paragraphs (blank lines in the cell) or a numbered list; otherwise every line is its
/// own milestone (then each is a slice of the cell: nothing is copied).
///
/// A line with a date of its own (`step two by 2026-11-15`) under a milestone that
/// already has one starts a new milestone even in a numbered list: joined, one of the two
/// dates would be lost. Under an undated milestone it is the wrapped end of that
/// milestone (`1. Create STP` / `using template X: 1/10/2026`).
fn each_entry(text: &str, entry: &mut dyn FnMut(&str)) {
    if !each_line_an_entry(text, entry) {
        each_entry_joining(text, entry);
    }
}

/// Lines gathered by [`each_line_an_entry`] before any is handed on: a cell with more
/// takes the general way.
const QUICK_LINES: usize = 16;

/// [`each_entry`] for the usual cell, whose every line is a milestone (no blank line,
/// not a numbered list), found in one pass over its lines. False, having handed on
/// nothing, when the cell is not such a cell.
fn each_line_an_entry(text: &str, entry: &mut dyn FnMut(&str)) -> bool {
    let mut lines = [""; QUICK_LINES];
    let mut count = 0;
    let mut start = 0;
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for end in breaks {
        let line = text.get(start..end).unwrap_or_default().trim();
        start = end + 1;
        let Some(slot) = lines.get_mut(count).filter(|_| !line.is_empty()) else {
            return false;
        };
        *slot = line;
        count += 1;
    }
    let lines = lines.get(..count).unwrap_or_default();
    if lines
        .first()
        .is_some_and(|first| split_number(strip_bullet(first)).is_some())
    {
        return false;
    }
    lines.iter().for_each(|line| entry(line));
    true
}

/// [`each_entry`] for any cell: lines joined into milestones as described there.
fn each_entry_joining(text: &str, entry: &mut dyn FnMut(&str)) {
    let paragraphs = text.lines().any(|l| l.trim().is_empty());
    let numbered = text
        .lines()
        .next()
        .is_some_and(|first| split_number(strip_bullet(first.trim())).is_some());
    let continues = paragraphs || numbered;
    let mut pending: Option<Cow<str>> = None;
    let mut new_paragraph = true;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            new_paragraph = true;
            continue;
        }
        match pending.as_mut() {
            Some(last)
                if continues
                    && !new_paragraph
                    && !starts_milestone(line)
                    && !dated_after_dated(line, last) =>
            {
                let joined = last.to_mut();
                joined.push(' ');
                joined.push_str(line);
            }
            _ => {
                if let Some(done) = pending.replace(Cow::Borrowed(line)) {
                    entry(&done);
                }
            }
        }
        new_paragraph = false;
    }
    if let Some(done) = pending {
        entry(&done);
    }
}

/// Does `line` hold a date of its own, under a milestone (`above`) that has one too?
fn dated_after_dated(line: &str, above: &str) -> bool {
    last_date_in_text(line).is_some() && last_date_in_text(above).is_some()
}

/// Does this line open a new milestone (a bullet, a number, a done marker or a date)?
fn starts_milestone(line: &str) -> bool {
    let body = strip_bullet(line);
    body.len() != line.len()
        || split_number(body).is_some()
        || leading_check(body).is_some()
        || date_at_start(body).is_some()
}

/// One milestone from its text; `text` is an empty buffer for the milestone's own text.
fn parse_entry(entry: &str, row: u32, mut text: String) -> Milestone {
    let mut body = strip_bullet(entry.trim());
    let mut done = false;
    if let Some(rest) = leading_check(body) {
        done = true;
        body = rest;
    }
    let number = split_number(body).map(|(n, rest)| {
        body = rest;
        n
    });
    if let Some(rest) = leading_check(body) {
        done = true;
        body = rest;
    }
    let (marked_done, rest) = leading_keyword(body);
    done |= marked_done;
    body = rest;
    let (ends_done, rest) = strip_done_suffix(body);
    done |= ends_done;
    let date = date_and_text(rest, &mut text);
    Milestone {
        row,
        number,
        date,
        text,
        done,
    }
}

/// The milestone's date, and its text without the date (appended to `text`). A date at
/// the start wins (`2026-02-01: text`); otherwise the last one (`text by 2026-02-01`),
/// since words before it may mention other dates. An impossible date (`2026-13-45`) is
/// kept as `Invalid`.
fn date_and_text(body: &str, text: &mut String) -> Option<DateValue> {
    // The usual form (`2026-02-01: text`) is settled at the first byte; only otherwise
    // is the whole text searched for its last date.
    let chosen = match date_at_start(body) {
        Some((date, end)) => Some((date, 0, end)),
        None => last_date_in_text(body),
    };
    let Some((date, start, end)) = chosen else {
        push_collapsed(text, cleaned(body));
        return None;
    };
    let before = strip_trailing_connectors(body.get(..start).unwrap_or_default());
    let after = body
        .get(end..)
        .unwrap_or_default()
        .trim_start_matches(|c: char| c.is_whitespace() || c == ')' || c == ']')
        .trim_start_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(&c));
    let (before, after) = (cleaned(before), cleaned(after));
    push_collapsed(text, before);
    if !before.is_empty() && !after.is_empty() {
        text.push(' ');
    }
    push_collapsed(text, after);
    Some(date)
}

/// Text before a date, without what joined it to the date: `Deploy by (`, `text -`.
fn strip_trailing_connectors(mut text: &str) -> &str {
    loop {
        let trimmed = text.trim_end_matches(|c: char| {
            c.is_whitespace() || SEPARATORS.contains(&c) || c == '(' || c == '['
        });
        let without_word = DATE_CONNECTORS.iter().find_map(|word| {
            let head = trimmed.len().checked_sub(word.len())?;
            let tail = trimmed.get(head..)?;
            let before = trimmed.get(..head)?;
            let bounded = before
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            (tail.eq_ignore_ascii_case(word) && bounded).then_some(before)
        });
        match without_word {
            Some(shorter) => text = shorter,
            None => return trimmed,
        }
    }
}

/// `text` without the whitespace and separators at its ends (a leading `.` too), before
/// [`push_collapsed`] makes each run of whitespace one space. Trimming before collapsing
/// gives the same text as after, since only whitespace runs differ and they are trimmed
/// or collapsed either way.
fn cleaned(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || (SEPARATORS.contains(&c) && c != '.'))
        .trim_start_matches('.')
        .trim()
}

/// Append `text` with every run of whitespace made one space.
fn push_collapsed(out: &mut String, text: &str) {
    // Plain ASCII whose only whitespace is single spaces is already collapsed: copy it.
    let mut previous_space = false;
    let plain = text.bytes().all(|b| {
        let ok = (b' '..0x80).contains(&b) && !(previous_space && b == b' ');
        previous_space = b == b' ';
        ok
    });
    if plain {
        out.push_str(text);
        return;
    }
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// `- x`, `* x`, `• x` → `x`.
fn strip_bullet(line: &str) -> &str {
    const BULLETS: [char; 8] = ['-', '*', '•', '·', '–', '—', '▪', '◦'];
    let mut chars = line.chars();
    match chars.next() {
        Some(first)
            if BULLETS.contains(&first) && chars.as_str().starts_with(char::is_whitespace) =>
        {
            chars.as_str().trim_start()
        }
        _ => line,
    }
}

/// `[x] text`, `✓ text` → `text`. `[ ]` is a box not ticked: stripped, not done.
fn leading_check(body: &str) -> Option<&str> {
    if body
        .get(..3)
        .is_some_and(|head| head.eq_ignore_ascii_case("[x]"))
    {
        return Some(body[3..].trim_start());
    }
    let first = body.chars().next()?;
    CHECK_MARKS
        .contains(&first)
        .then(|| body[first.len_utf8()..].trim_start())
}

/// `(01) text`, `1. text`, `1) text`, `#1 text`, `Milestone 1: text` → (1, `text`).
fn split_number(body: &str) -> Option<(u32, &str)> {
    if let Some(rest) = body.strip_prefix('(') {
        let (n, rest) = leading_digits(rest)?;
        let rest = rest.strip_prefix(')')?;
        return Some((n, rest.trim_start()));
    }
    if let Some(rest) = body.strip_prefix('#') {
        let (n, rest) = leading_digits(rest)?;
        return Some((n, skip_separator(rest)));
    }
    if let Some(rest) = strip_word_ignore_case(body, "milestone") {
        let (n, rest) = leading_digits(rest.trim_start())?;
        return Some((n, skip_separator(rest)));
    }
    // `1. text` / `1) text`: the mark must be followed by a space, so that dates
    // (`10/25/2018`) and decimals (`1.5 GB`) are not numbers.
    let (n, rest) = leading_digits(body)?;
    let rest = rest.strip_prefix(['.', ')'])?;
    rest.starts_with(char::is_whitespace)
        .then(|| (n, rest.trim_start()))
}

/// Leading ASCII digits (1 to 4) as a number, and what follows.
fn leading_digits(text: &str) -> Option<(u32, &str)> {
    let len = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=4).contains(&len) {
        return None;
    }
    let (digits, rest) = text.split_at_checked(len)?;
    let n = digits
        .bytes()
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    Some((n, rest))
}

/// After `Milestone 1` or `#1`: an optional `:`/`-`/`)`/`.` and spaces.
fn skip_separator(rest: &str) -> &str {
    rest.trim_start()
        .trim_start_matches(|c: char| SEPARATORS.contains(&c) || c == ')')
        .trim_start()
}

/// Marker words at the start (after any number): whether they mark the milestone done,
/// and the text after the marker.
///
/// * `Done`, `Completed`, `Complete` followed by a separator, a date or nothing are markers
///   (the FedRAMP change form `Complete 2026-02-01: …` included), and are removed.
/// * `Done …` and `Completed …` followed by words are done, and kept as the text.
/// * `Complete …` followed by words is an instruction (`Complete training by 2026-03-01`),
///   NOT done: reading it as done would hide an overdue milestone.
/// * `New` / `Update` / `Updated` before a date are FedRAMP change types: removed.
fn leading_keyword(body: &str) -> (bool, &str) {
    // Every marker word starts with one of these letters: most milestones start otherwise.
    if !body
        .bytes()
        .next()
        .is_some_and(|b| matches!(b.to_ascii_lowercase(), b'c' | b'd' | b'u' | b'n'))
    {
        return (false, body);
    }
    for (word, done) in [
        ("completed", true),
        ("complete", true),
        ("done", true),
        ("updated", false),
        ("update", false),
        ("new", false),
    ] {
        let Some(rest) = strip_word_ignore_case(body, word) else {
            continue;
        };
        let after = rest.trim_start();
        let marker = after.is_empty()
            || after.starts_with(|c: char| SEPARATORS.contains(&c) || c == ')' || c == ']')
            || date_at_start(after).is_some();
        if marker {
            return (done, skip_separator(after));
        }
        let done_in_words = done && word != "complete";
        return (done_in_words, body);
    }
    (false, body)
}

/// `text (done)`, `text ✓` → (true, `text`).
fn strip_done_suffix(body: &str) -> (bool, &str) {
    let trimmed = body.trim_end();
    // Every suffix ends in `)` or `]`.
    let bracket = trimmed.ends_with([')', ']']);
    for suffix in DONE_SUFFIXES.iter().filter(|_| bracket) {
        let head = trimmed.len().saturating_sub(suffix.len());
        let tail = trimmed.get(head..);
        if tail.is_some_and(|t| t.eq_ignore_ascii_case(suffix)) {
            return (true, trimmed[..head].trim_end());
        }
    }
    match trimmed.chars().next_back() {
        Some(c) if CHECK_MARKS.contains(&c) => {
            (true, trimmed[..trimmed.len() - c.len_utf8()].trim_end())
        }
        _ => (false, body),
    }
}

/// `word` at the start, in any case, as a whole word: the rest after it.
fn strip_word_ignore_case<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    let rest = &text[word.len()..];
    let whole = !rest.starts_with(|c: char| c.is_alphanumeric());
    (head.eq_ignore_ascii_case(word) && whole).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The copy-as-is path of `push_collapsed` gives what collapsing word by word gives.
    #[test]
    fn collapsing_whitespace() {
        for text in [
            "Deploy to production",
            "Deploy  to production",
            "Deploy\tto\nproduction",
            "Deploy\u{a0}to production",
            "x",
            "",
        ] {
            let mut out = String::new();
            push_collapsed(&mut out, text);
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(out, expected, "{text:?}");
        }
        assert_eq!(cleaned(" - . Pilot change: "), "Pilot change");
    }
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> Option<DateValue> {
        Some(DateValue::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    fn one(text: &str) -> Milestone {
        let mut all = parse_milestones(text, 7);
        assert_eq!(all.len(), 1, "{text:?} gave {all:?}");
        all.remove(0)
    }

    fn ms(number: Option<u32>, date: Option<DateValue>, text: &str, done: bool) -> Milestone {
        Milestone {
            row: 7,
            number,
            date,
            text: text.to_owned(),
            done,
        }
    }

    #[test]
    fn every_documented_format() {
        let cases = [
            (
                "2026-02-01: Draft policy",
                ms(None, date(2026, 2, 1), "Draft policy", false),
            ),
            (
                "(01) 2026-02-01: Draft policy",
                ms(Some(1), date(2026, 2, 1), "Draft policy", false),
            ),
            (
                "Draft policy by 2026-02-01",
                ms(None, date(2026, 2, 1), "Draft policy", false),
            ),
            (
                "Milestone 1: Draft policy - 02/01/2026",
                ms(Some(1), date(2026, 2, 1), "Draft policy", false),
            ),
            (
                "1. Task 1 = Create STP: 1/10/2026",
                ms(Some(1), date(2026, 1, 10), "Task 1 = Create STP", false),
            ),
            (
                "1. Policy update (05/01/2025)",
                ms(Some(1), date(2025, 5, 1), "Policy update", false),
            ),
            (
                "Implement Procedure A 10/25/2018",
                ms(None, date(2018, 10, 25), "Implement Procedure A", false),
            ),
            (
                "(1) 2014/05/23: Milestone Description",
                ms(Some(1), date(2014, 5, 23), "Milestone Description", false),
            ),
            (
                "1. SIEM storage expansion (07/2025)",
                ms(Some(1), date(2025, 7, 31), "SIEM storage expansion", false),
            ),
            (
                "- Rescan hosts due 3/15/2026.",
                ms(None, date(2026, 3, 15), "Rescan hosts", false),
            ),
            (
                "#3 Train staff no later than March 31, 2026",
                ms(Some(3), date(2026, 3, 31), "Train staff", false),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(one(text), expected, "{text:?}");
        }
    }

    #[test]
    fn one_milestone_per_line() {
        let cell = "1. Patch testing (05/01/2025)\n2. Staging deployment (05/15/2025)\r\n\
                    3. Production rollout (06/15/2025)";
        let all = parse_milestones(cell, 2);
        assert_eq!(all.len(), 3);
        assert_eq!(all[1].number, Some(2));
        assert_eq!(all[1].text, "Staging deployment");
        assert_eq!(all[1].date, date(2025, 5, 15));
        assert!(all.iter().all(|m| m.row == 2 && !m.done));

        let unnumbered = parse_milestones("Write policy\nTrain staff\n\n", 4);
        let texts: Vec<_> = unnumbered.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["Write policy", "Train staff"]);
        assert!(unnumbered.iter().all(|m| m.date.is_none()));
    }

    #[test]
    fn paragraphs_join_wrapped_lines() {
        // The FedRAMP template's example row (realworld SOURCES.md §1, M8).
        let cell =
            "(1) 2014/05/23: Milestone Description\n\n(2) 2014-06-12: Milestone \nDescription";
        let all = parse_milestones(cell, 8);
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].number, Some(2));
        assert_eq!(all[1].date, date(2014, 6, 12));
        assert_eq!(all[1].text, "Milestone Description");
        // In a paragraph cell, a line that starts a milestone still starts one.
        let all = parse_milestones(
            "(1) 2026-01-01: a\n(2) 2026-02-01: b\n\n(3) 2026-03-01: c",
            1,
        );
        assert_eq!(
            all.iter().map(|m| m.number).collect::<Vec<_>>(),
            [Some(1), Some(2), Some(3)]
        );
        // A numbered list: an unnumbered line continues the item above.
        let all = parse_milestones(
            "1. Create STP\nusing template X: 1/10/2026\n2. Execute STP",
            1,
        );
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].text, "Create STP using template X");
        assert_eq!(all[0].date, date(2026, 1, 10));
        assert_eq!(all[1].date, None);
    }

    #[test]
    fn a_dated_line_under_a_dated_milestone_is_a_milestone_of_its_own() {
        let all = parse_milestones("(01) 2026-11-01: step one\nstep two by 2026-11-15", 3);
        assert_eq!(
            all,
            vec![
                Milestone {
                    row: 3,
                    number: Some(1),
                    date: date(2026, 11, 1),
                    text: "step one".into(),
                    done: false,
                },
                ms3(None, date(2026, 11, 15), "step two"),
            ]
        );
        // In a paragraph too, and with the date at the end of the line.
        let all = parse_milestones(
            "(1) 2026-01-05: scan\nrescan 2026-02-01\n\n(2) 2026-03-01: x",
            3,
        );
        assert_eq!(
            all.iter().map(|m| m.date.clone()).collect::<Vec<_>>(),
            [date(2026, 1, 5), date(2026, 2, 1), date(2026, 3, 1)]
        );
        // An undated wrapped line still continues the milestone above.
        let all = parse_milestones(
            "(01) 2026-11-01: step one of\nthe rollout\n(02) 2026-12-01: two",
            3,
        );
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].text, "step one of the rollout");
    }

    fn ms3(number: Option<u32>, date: Option<DateValue>, text: &str) -> Milestone {
        Milestone {
            row: 3,
            ..ms(number, date, text, false)
        }
    }

    #[test]
    fn done_markers() {
        let done = [
            "[x] 2026-02-01: Draft policy",
            "[X] Draft policy by 2026-02-01",
            "✓ 2026-02-01: Draft policy",
            "✔ Draft policy 2026-02-01",
            "Done: Draft policy 2026-02-01",
            "DONE - Draft policy 2026-02-01",
            "Complete: Draft policy 2026-02-01",
            "Completed 2026-02-01: Draft policy",
            "Draft policy 2026-02-01 (done)",
            "Draft policy 2026-02-01 (Complete)",
            "Draft policy 2026-02-01 (COMPLETED)",
            "(1) [x] 2026-02-01: Draft policy",
        ];
        for text in done {
            let m = one(text);
            assert!(m.done, "{text:?}");
            assert_eq!(m.text, "Draft policy", "{text:?}");
            assert_eq!(m.date, date(2026, 2, 1), "{text:?}");
        }
        let m = one("Completed vendor review 2026-01-10");
        assert!(m.done);
        assert_eq!(m.text, "Completed vendor review");
        for text in [
            "[ ] 2026-02-01: Draft policy",
            "Complete training by 2026-03-01",
            "Draft policy (pending)",
            "Document completion 2026-03-01",
        ] {
            assert!(!one(text).done, "{text:?}");
        }
        assert_eq!(
            one("Complete training by 2026-03-01").text,
            "Complete training"
        );
    }

    #[test]
    fn fedramp_change_lines() {
        let cell =
            "(2) Update 2014-06-18 : That milestone was delayed due to a Vendor Dependency\n\n\
                    (3) New 2014-06-13 : This is the details of this new milestone\n\n\
                    (01) Complete 2026-02-01: Policy approved";
        let all = parse_milestones(cell, 8);
        assert_eq!(
            all,
            vec![
                Milestone {
                    row: 8,
                    number: Some(2),
                    date: date(2014, 6, 18),
                    text: "That milestone was delayed due to a Vendor Dependency".into(),
                    done: false,
                },
                Milestone {
                    row: 8,
                    number: Some(3),
                    date: date(2014, 6, 13),
                    text: "This is the details of this new milestone".into(),
                    done: false,
                },
                Milestone {
                    row: 8,
                    number: Some(1),
                    date: date(2026, 2, 1),
                    text: "Policy approved".into(),
                    done: true,
                },
            ]
        );
        // `New` and `Update` followed by words are ordinary text.
        assert_eq!(
            one("Update firewall rules by 2026-03-01").text,
            "Update firewall rules"
        );
    }

    #[test]
    fn changes_mark_planned_milestones_done() {
        let mut planned = parse_milestones(
            "(01) 2026-02-01: a\n(02) 2026-03-01: b\n(03) 2026-04-01: c",
            5,
        );
        let changes = parse_milestones(
            "(01) Complete 2026-02-01: a finished\n(02) Update 2026-03-15: b slipped\nComplete 2026-04-01: no number",
            5,
        );
        apply_milestone_changes(&mut planned, &changes);
        assert_eq!(
            planned.iter().map(|m| m.done).collect::<Vec<_>>(),
            [true, false, false]
        );
        // Dates of the planned milestones are left as planned.
        assert_eq!(planned[1].date, date(2026, 3, 1));
        apply_milestone_changes(&mut planned, &[]);
        assert_eq!(planned.iter().filter(|m| m.done).count(), 1);
    }

    #[test]
    fn undated_and_unreadable_dates() {
        assert_eq!(
            one("Train all staff"),
            ms(None, None, "Train all staff", false)
        );
        assert_eq!(
            one("2026-13-45: x"),
            ms(
                None,
                Some(DateValue::Invalid("2026-13-45".into())),
                "x",
                false
            )
        );
        assert_eq!(
            one("Rescan 25/03/2026"),
            ms(
                None,
                Some(DateValue::Ambiguous {
                    date: NaiveDate::from_ymd_opt(2026, 3, 25).unwrap(),
                    raw: "25/03/2026".into()
                }),
                "Rescan",
                false
            )
        );
        // With two dates, a leading date is the milestone's; otherwise the last one is.
        assert_eq!(
            one("2026-02-01: rescan after 2026-01-15 patch").date,
            date(2026, 2, 1)
        );
        assert_eq!(
            one("Moved from 01/15/2026, now due 03/01/2026").text,
            "Moved from 01/15/2026, now"
        );
    }

    #[test]
    fn empty_and_placeholder_cells() {
        for text in ["", "   \n \n", "N/A", "n/a", "None", "TBD", "-"] {
            assert!(parse_milestones(text, 1).is_empty(), "{text:?}");
        }
        assert_eq!(one("☑"), ms(None, None, "", true));
        assert_eq!(
            one("Überprüfung 2026-02-01 ✓"),
            ms(None, date(2026, 2, 1), "Überprüfung", true)
        );
        assert_eq!(one("(99999) x").number, None);
        assert_eq!(one("1.5 GB archive by 2026-02-01").number, None);
    }

    /// Text built from the characters these parsers look at, plus multi-byte ones: no
    /// parser may panic on it (the quality bar: never panic on user input).
    #[test]
    fn no_panic_on_generated_text() {
        let alphabet: Vec<char> = "0123456789/-.:()[]xX ✓é\n\rQqDoneCompleteNewSP800_171Rev2e,;"
            .chars()
            .collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            let text: String = (0..len)
                .map(|i| {
                    let pick = (seed.rotate_left(i as u32 * 5) % alphabet.len() as u64) as usize;
                    alphabet[pick]
                })
                .collect();
            let _ = parse_milestones(&text, 1);
            let _ = crate::model::date::parse_date_text(&text);
            let _ = crate::model::vocab::parse_status(&text);
            let _ = crate::model::vocab::parse_severity(&text);
            let _ = crate::catalog::parse_requirement_list(&text);
        }
    }
}

//! Dates from cells (PRODUCT.md §2 "Reading rules"). OWNER: values helper.
//!
//! Everything a POA&M date cell holds in practice: real date cells, Excel serial numbers in
//! either date system, ISO 8601, US month-first slash dates, month names, and the "no date"
//! words (`N/A`, `TBD`). A slash date that only works day-first is read day-first and
//! returned as [`DateValue::Ambiguous`] so that rule `date-ambiguous` reports it: never a
//! silent guess. Dates embedded in text (milestones, `Completed 11/13/2018`) are found by
//! [`find_date_in_text`].

use crate::io::cell::{format_number, CellValue};
use crate::model::DateValue;
use chrono::{Datelike, Days, NaiveDate};

/// Largest serial Excel accepts: 9999-12-31 in the 1900 date system.
const MAX_SERIAL_1900: i64 = 2_958_465;
/// 9999-12-31 in the 1904 date system (1462 days fewer: crates.md §1 pitfall 1).
const MAX_SERIAL_1904: i64 = MAX_SERIAL_1900 - 1462;
/// Excel's phantom 1900-02-29 (Lotus 1-2-3 compatibility): serial 60 is a day that never
/// existed, and every 1900-system serial after it is one higher than the day count.
const PHANTOM_LEAP_DAY: i64 = 60;
/// A number typed as text (CSV) is read as a serial only in this range: 1954-10-03 …
/// 2119-01-11 in the 1900 system. Outside it, "46000"-like text is far more likely to be
/// something else (an id, a cost) than a date, so it is reported as not a date.
const TEXT_SERIAL_RANGE: std::ops::RangeInclusive<i64> = 20_000..=80_000;

/// Words that mean "no date yet" in a date cell. They are not errors here: rules such as
/// `completion-missing` decide whether a date was required.
const NO_DATE_WORDS: &[&str] = &[
    "n/a",
    "na",
    "n.a.",
    "tbd",
    "tba",
    "-",
    "--",
    "—",
    "–",
    "none",
    "not applicable",
];

/// A date cell. `None` is "no date": blank, `N/A`, `TBD`. `date1904`: the workbook's
/// date system, needed for serial numbers typed into General cells (crates.md §1 pitfall 1).
pub fn parse_date_cell(cell: &CellValue, date1904: bool) -> Option<DateValue> {
    match cell {
        CellValue::Empty => None,
        CellValue::Text(text) => parse_date_text(text),
        CellValue::Number(serial) => Some(date_from_serial(*serial, date1904)),
        // The reader already applied the workbook's date system (io/cell.rs).
        CellValue::Date(dt) => Some(plausible(dt.date(), || cell.to_text())),
        CellValue::Bool(_) | CellValue::Error(_) => Some(DateValue::Invalid(cell.to_text())),
    }
}

/// Date text: ISO (`2026-02-01`, `2026-02-01T00:00:00Z`), `MM/DD/YYYY`, `M/D/YY`,
/// `MM-DD-YYYY`, `YYYY/MM/DD`, `Month D, YYYY`, `Mon D, YYYY`, `D Month YYYY`, `01-Feb-2026`.
/// `None` for blank and the "no date" words; `Invalid` for anything else that is not
/// exactly one date (a month-year such as `07/2025` is not a date).
pub fn parse_date_text(text: &str) -> Option<DateValue> {
    let trimmed = text.trim();
    // The usual cells, `2026-02-01` or `02/01/2026` and nothing else, settled without
    // trying every form.
    if trimmed.len() == ISO_LEN {
        if let Some(date) = iso_at(trimmed.as_bytes()).or_else(|| us_at(trimmed.as_bytes())) {
            return Some(date);
        }
    }
    parse_any_date_text(trimmed)
}

/// [`parse_date_text`] by trying every written form in turn.
fn parse_any_date_text(text: &str) -> Option<DateValue> {
    let trimmed = text.trim();
    if trimmed.is_empty() || is_no_date_word(trimmed) {
        return None;
    }
    if let Some(serial) = serial_in_text(trimmed) {
        return Some(date_from_serial(serial as f64, false));
    }
    let body = strip_weekday(trimmed);
    let whole = match_any_date_at(body, 0)
        .filter(|m| !m.month_only && is_time_or_nothing(&body[m.end..]))
        .map(|m| m.value);
    Some(whole.unwrap_or_else(|| DateValue::Invalid(trimmed.to_owned())))
}

/// The first date written inside free text, with its byte span `(start, end)`:
/// `Implement Procedure A 10/25/2018`, `Policy update (05/01/2025)`.
///
/// Besides full dates it accepts a month and year (`07/2025`, `July 2025`) and a quarter
/// (`Q1 2025`), read as the LAST day of that month or quarter: a milestone due "in July"
/// is late only once July is over, so that is the conservative reading for an assessor
/// (reading it as July 1 would report milestones overdue that are not).
pub fn find_date_in_text(text: &str) -> Option<(DateValue, usize, usize)> {
    let mut first = None;
    each_date_in_text(text, &mut |value, start, end| {
        first = Some((value, start, end));
        false
    });
    first
}

/// Every date written inside free text, in order, with byte spans (see [`find_date_in_text`]).
pub fn find_dates_in_text(text: &str) -> Vec<(DateValue, usize, usize)> {
    let mut found = Vec::new();
    each_date_in_text(text, &mut |value, start, end| {
        found.push((value, start, end));
        true
    });
    found
}

/// The last date written inside free text (see [`find_dates_in_text`]).
pub fn last_date_in_text(text: &str) -> Option<(DateValue, usize, usize)> {
    let mut last = None;
    each_date_in_text(text, &mut |value, start, end| {
        last = Some((value, start, end));
        true
    });
    last
}

/// The date written at the very start of `text`, and the byte just past it: the same as
/// the first of [`find_dates_in_text`] when that one starts at 0, found without looking
/// further (most milestones start with their date).
pub fn date_at_start(text: &str) -> Option<(DateValue, usize)> {
    match_date_at(text, 0).map(|m| (m.value, m.end))
}

/// Calls `found` with each date inside `text`, in order, until it returns false.
///
/// A date starts where a word starts (after a character that is not a letter or digit:
/// `CVE-2024-1234` holds no date), and only at an ASCII digit or letter, since every
/// written form begins with digits, a month name or `Q`. So each word is looked at once,
/// and words that cannot begin a date cost one byte comparison.
fn each_date_in_text(text: &str, found: &mut dyn FnMut(DateValue, usize, usize) -> bool) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    let mut after_alphanumeric = false;
    while let Some(&b) = bytes.get(pos) {
        if b.is_ascii() {
            let alphanumeric = b.is_ascii_alphanumeric();
            if alphanumeric && !after_alphanumeric {
                if let Some(m) = match_date_at(text, pos) {
                    if !found(m.value, pos, m.end) {
                        return;
                    }
                    after_alphanumeric = text
                        .get(..m.end)
                        .and_then(|t| t.chars().next_back())
                        .is_some_and(char::is_alphanumeric);
                    pos = m.end;
                    continue;
                }
            }
            after_alphanumeric = alphanumeric;
            pos += 1;
        } else {
            let c = text.get(pos..).and_then(|t| t.chars().next());
            after_alphanumeric = c.is_some_and(char::is_alphanumeric);
            pos += c.map_or(1, char::len_utf8);
        }
    }
}

/// Is this text one of the "no date" words (`N/A`, `TBD`, `-` …)? The words are ASCII
/// or have no case, so comparing ASCII letters without case is `to_lowercase` equality.
pub fn is_no_date_word(text: &str) -> bool {
    let text = text.trim();
    NO_DATE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(text))
}

/// An Excel serial number as a date. The 1900 system counts serial 1 as 1900-01-01 and
/// includes the phantom 1900-02-29 (serial 60), so later serials are days since
/// 1899-12-30; the 1904 system counts days since 1904-01-01 (crates.md §1 pitfall 1).
/// A time of day (the fraction) is dropped. Serials outside 1 … 9999-12-31 are invalid:
/// serial 0 is what an empty formula result shows, not a date anyone meant.
pub fn date_from_serial(serial: f64, date1904: bool) -> DateValue {
    let invalid = || DateValue::Invalid(format_number(serial));
    if !serial.is_finite() {
        return invalid();
    }
    let day = serial.floor();
    let max = if date1904 {
        MAX_SERIAL_1904
    } else {
        MAX_SERIAL_1900
    };
    if day < 1.0 || day > max as f64 {
        return invalid();
    }
    // In range, so the cast is exact.
    let day = day as i64;
    let (epoch, offset) = match (date1904, day) {
        (true, _) => (NaiveDate::from_ymd_opt(1904, 1, 1), day),
        (false, PHANTOM_LEAP_DAY) => return invalid(),
        (false, d) if d < PHANTOM_LEAP_DAY => (NaiveDate::from_ymd_opt(1899, 12, 31), d),
        (false, d) => (NaiveDate::from_ymd_opt(1899, 12, 30), d),
    };
    epoch
        .and_then(|e| e.checked_add_days(Days::new(offset.unsigned_abs())))
        .map_or_else(invalid, DateValue::Date)
}

/// A real date cell before 1900 is a time-only cell or a broken value, not a POA&M date.
fn plausible(date: NaiveDate, raw: impl Fn() -> String) -> DateValue {
    if date.year() < 1900 {
        DateValue::Invalid(raw())
    } else {
        DateValue::Date(date)
    }
}

/// A plain integer typed as text (a CSV cell holding `46000`): an Excel serial only when it
/// falls in [`TEXT_SERIAL_RANGE`]. CSV has no date system, so the 1900 system applies.
fn serial_in_text(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>()
        .ok()
        .filter(|n| TEXT_SERIAL_RANGE.contains(n))
}

/// `Monday, February 2, 2026` → `February 2, 2026`.
fn strip_weekday(text: &str) -> &str {
    let word_end = text
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let word = &text[..word_end];
    let weekdays = [
        "mon",
        "monday",
        "tue",
        "tues",
        "tuesday",
        "wed",
        "wednesday",
        "thu",
        "thur",
        "thurs",
        "thursday",
        "fri",
        "friday",
        "sat",
        "saturday",
        "sun",
        "sunday",
    ];
    if word_end == 0 || !weekdays.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        return text;
    }
    text[word_end..].trim_start_matches(|c: char| c == ',' || c == '.' || c.is_whitespace())
}

/// What follows a date in a cell may be a time of day (`T00:00:00Z`, ` 00:00:00`,
/// ` 12:00 AM`), which a date field ignores.
fn is_time_or_nothing(rest: &str) -> bool {
    if rest.is_empty() {
        return true;
    }
    let Some(time) = rest.strip_prefix(['T', 't', ' ']) else {
        return false;
    };
    let time = time.trim();
    time.contains(':')
        && time
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || ":.+-ZzAaPpMm".contains(c))
}

/// One date found at a position.
struct DateMatch {
    value: DateValue,
    /// Byte offset just past the date.
    end: usize,
    /// A month-year or quarter (`07/2025`, `Q1 2025`): accepted in text, not as a cell.
    month_only: bool,
}

impl DateMatch {
    fn full(value: DateValue, end: usize) -> Self {
        DateMatch {
            value,
            end,
            month_only: false,
        }
    }
}

/// The date that starts exactly at `pos`, trying each written form.
fn match_date_at(text: &str, pos: usize) -> Option<DateMatch> {
    let rest = text.as_bytes().get(pos..).unwrap_or_default();
    match iso_at(rest).or_else(|| us_at(rest)) {
        Some(value) => Some(DateMatch::full(value, pos + ISO_LEN)),
        None => match_any_date_at(text, pos),
    }
}

/// [`match_date_at`] by trying every written form in turn.
fn match_any_date_at(text: &str, pos: usize) -> Option<DateMatch> {
    let cur = Cursor { text, pos };
    if cur.peek().is_some_and(|c| c.is_ascii_digit()) {
        year_first(cur)
            .or_else(|| month_first_numeric(cur))
            .or_else(|| day_then_month_name(cur))
            .or_else(|| numeric_month_year(cur))
    } else {
        month_name_first(cur).or_else(|| quarter(cur))
    }
}

/// `Q1 2025` (month only: the quarter's last month).
fn quarter(mut cur: Cursor) -> Option<DateMatch> {
    cur.eat_char(|c| c == 'Q' || c == 'q')?;
    let quarter = cur.digits(1, 1).filter(|q| (1..=4).contains(q))?;
    cur.spaces(1)?;
    let year = cur.year4()?;
    cur.not_followed_by_digit()?;
    Some(month_only(year, quarter * 3, cur.pos))
}

/// Bytes in `YYYY-MM-DD`.
const ISO_LEN: usize = 10;

/// `YYYY-MM-DD` at the start of `bytes`, not followed by a digit: what [`year_first`]
/// reads from it, found without the general parser (nearly every date in a POA&M written
/// by a tool has this form). `None` for anything else, which then takes the general way.
fn iso_at(bytes: &[u8]) -> Option<DateValue> {
    let head: &[u8; ISO_LEN] = bytes.get(..ISO_LEN)?.try_into().ok()?;
    if bytes.get(ISO_LEN).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *head else {
        return None;
    };
    let year = two_digits(y1, y2)? * 100 + two_digits(y3, y4)?;
    let month = two_digits(m1, m2)?;
    let day = two_digits(d1, d2)?;
    Some(ymd(year, month, day).map_or_else(
        // `ISO_LEN` ASCII bytes: the same text `year_first` reports as invalid.
        || invalid(std::str::from_utf8(head).unwrap_or_default()),
        DateValue::Date,
    ))
}

/// `MM/DD/YYYY` at the start of `bytes`, not followed by a digit, when it is a date read
/// month first: what [`month_first_numeric`] reads from it (the forms tried before that
/// one need four digits first). `None` for anything else, a day-first or impossible date
/// included: those take the general way, which reports them.
fn us_at(bytes: &[u8]) -> Option<DateValue> {
    let head: &[u8; ISO_LEN] = bytes.get(..ISO_LEN)?.try_into().ok()?;
    if bytes.get(ISO_LEN).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let [m1, m2, b'/', d1, d2, b'/', y1, y2, y3, y4] = *head else {
        return None;
    };
    let month = two_digits(m1, m2)?;
    let day = two_digits(d1, d2)?;
    let year = two_digits(y1, y2)? * 100 + two_digits(y3, y4)?;
    ymd(year, month, day).map(DateValue::Date)
}

/// Two ASCII digits as a number.
fn two_digits(tens: u8, ones: u8) -> Option<u32> {
    (tens.is_ascii_digit() && ones.is_ascii_digit())
        .then(|| u32::from(tens - b'0') * 10 + u32::from(ones - b'0'))
}

/// `2026-02-01`, `2026/02/01`, `2026.2.1`: year first, never day before month.
fn year_first(mut cur: Cursor) -> Option<DateMatch> {
    let start = cur.pos;
    let year = cur.year4()?;
    let sep = cur.eat_char(|c| matches!(c, '-' | '/' | '.'))?;
    let month = cur.digits(1, 2)?;
    cur.eat_char(|c| c == sep)?;
    let day = cur.digits(1, 2)?;
    cur.not_followed_by_digit()?;
    let raw = &cur.text[start..cur.pos];
    let value = ymd(year, month, day).map_or_else(|| invalid(raw), DateValue::Date);
    Some(DateMatch::full(value, cur.pos))
}

/// `02/01/2026`, `2/1/26`, `02-01-2026`: month first (US government convention,
/// PRODUCT.md §2), or day first only when month-first is impossible (then `Ambiguous`).
fn month_first_numeric(mut cur: Cursor) -> Option<DateMatch> {
    let start = cur.pos;
    let first = cur.digits(1, 2)?;
    let sep = cur.eat_char(|c| c == '/' || c == '-')?;
    let second = cur.digits(1, 2)?;
    cur.eat_char(|c| c == sep)?;
    let year_start = cur.pos;
    let year = cur.digits(2, 4)?;
    let year = match cur.pos - year_start {
        4 => year,
        // Two-digit years only with slashes (`1/10/26`). POA&M dates are this century:
        // Excel's 1930 pivot would read `30` as 1930, which no POA&M means.
        2 if sep == '/' => 2000 + year,
        _ => return None,
    };
    cur.not_followed_by_digit()?;
    let raw = &cur.text[start..cur.pos];
    let value = match (ymd(year, first, second), ymd(year, second, first)) {
        (Some(date), _) => DateValue::Date(date),
        (None, Some(date)) => DateValue::Ambiguous {
            date,
            raw: raw.to_owned(),
        },
        (None, None) => invalid(raw),
    };
    Some(DateMatch::full(value, cur.pos))
}

/// `1 February 2026`, `01-Feb-2026`, `1st Feb 2026`.
fn day_then_month_name(mut cur: Cursor) -> Option<DateMatch> {
    let start = cur.pos;
    let day = cur.digits(1, 2)?;
    cur.ordinal_suffix();
    let dashed = cur.eat_char(|c| c == '-').is_some();
    if !dashed {
        cur.spaces(1)?;
    }
    let month = cur.month_name()?;
    if dashed {
        cur.eat_char(|c| c == '-')?;
    } else {
        cur.eat_char(|c| c == ',');
        cur.spaces(1)?;
    }
    let year = cur.year4()?;
    cur.not_followed_by_digit()?;
    let raw = &cur.text[start..cur.pos];
    let value = ymd(year, month, day).map_or_else(|| invalid(raw), DateValue::Date);
    Some(DateMatch::full(value, cur.pos))
}

/// `February 1, 2026`, `Feb. 1 2026`, `Feb 1st, 2026`; or `July 2025` (month only).
fn month_name_first(mut cur: Cursor) -> Option<DateMatch> {
    let start = cur.pos;
    let month = cur.month_name()?;
    cur.eat_char(|c| c == ',');
    cur.spaces(1)?;
    let mut day_cur = cur;
    if let Some(year) = cur.year4() {
        cur.not_followed_by_digit()?;
        return Some(month_only(year, month, cur.pos));
    }
    let day = day_cur.digits(1, 2)?;
    day_cur.ordinal_suffix();
    day_cur.eat_char(|c| c == ',');
    day_cur.spaces(1)?;
    let year = day_cur.year4()?;
    day_cur.not_followed_by_digit()?;
    let raw = &day_cur.text[start..day_cur.pos];
    let value = ymd(year, month, day).map_or_else(|| invalid(raw), DateValue::Date);
    Some(DateMatch::full(value, day_cur.pos))
}

/// `07/2025` (month only).
fn numeric_month_year(mut cur: Cursor) -> Option<DateMatch> {
    let month = cur.digits(1, 2)?;
    cur.eat_char(|c| c == '/')?;
    let year = cur.year4()?;
    cur.not_followed_by_digit()?;
    // `/` followed by more digits is a longer, unreadable slash date, not a month.
    if cur.peek() == Some('/') {
        return None;
    }
    (1..=12)
        .contains(&month)
        .then(|| month_only(year, month, cur.pos))
}

/// The last day of a month, for month-only dates (see [`find_date_in_text`]).
fn month_only(year: u32, month: u32, end: usize) -> DateMatch {
    let next_month_first = match month {
        12 => ymd(year + 1, 1, 1),
        m => ymd(year, m + 1, 1),
    };
    let value = next_month_first.and_then(|d| d.pred_opt()).map_or_else(
        || DateValue::Invalid(format!("{month:02}/{year}")),
        DateValue::Date,
    );
    DateMatch {
        value,
        end,
        month_only: true,
    }
}

fn ymd(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let year = i32::try_from(year)
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    NaiveDate::from_ymd_opt(year, month, day)
}

fn invalid(raw: &str) -> DateValue {
    DateValue::Invalid(raw.to_owned())
}

/// A tiny reader over text; every method returns `None` (and is discarded) on no match.
#[derive(Clone, Copy)]
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn eat_char(&mut self, accept: impl Fn(char) -> bool) -> Option<char> {
        let c = self.peek().filter(|&c| accept(c))?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// Between `min` and `max` (at most 9) ASCII digits, as a number.
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let rest = self.text.as_bytes().get(self.pos..)?;
        let run = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if run < min || run > max.min(9) {
            return None;
        }
        let value = rest
            .iter()
            .take(run)
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
        self.pos += run;
        Some(value)
    }

    fn year4(&mut self) -> Option<u32> {
        self.digits(4, 4)
    }

    fn not_followed_by_digit(&self) -> Option<()> {
        (!self.peek().is_some_and(|c| c.is_ascii_digit())).then_some(())
    }

    /// At least `min` whitespace characters.
    fn spaces(&mut self, min: usize) -> Option<()> {
        let mut count = 0;
        while self.eat_char(char::is_whitespace).is_some() {
            count += 1;
        }
        (count >= min).then_some(())
    }

    fn ordinal_suffix(&mut self) {
        let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
        let Some(head) = rest.get(..2) else {
            return;
        };
        let after = rest.get(2).copied();
        let is_suffix = [b"st", b"nd", b"rd", b"th"]
            .iter()
            .any(|suffix| head.eq_ignore_ascii_case(*suffix));
        if is_suffix && !after.is_some_and(|b| b.is_ascii_alphanumeric()) {
            self.pos += 2;
        }
    }

    /// A month's full or short English name (with an optional `.`), as 1 … 12.
    fn month_name(&mut self) -> Option<u32> {
        let run = self.text[self.pos..]
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let word = &self.text[self.pos..self.pos + run];
        let month = month_number(word)?;
        self.pos += run;
        self.eat_char(|c| c == '.');
        Some(month)
    }
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    // Compared without case: `word` is ASCII letters.
    if !(3..=9).contains(&word.len()) {
        return None;
    }
    let is_name = |full: &str| {
        full.get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
            && (word.len() == 3 || word.len() == full.len())
    };
    let found = MONTHS.iter().position(|full| is_name(full)).or_else(|| {
        // `Sept` is the one common four-letter abbreviation.
        word.eq_ignore_ascii_case("sept").then_some(8)
    })?;
    u32::try_from(found + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn date(y: i32, m: u32, day: u32) -> Option<DateValue> {
        Some(DateValue::Date(d(y, m, day)))
    }

    fn invalid_text(s: &str) -> Option<DateValue> {
        Some(DateValue::Invalid(s.to_owned()))
    }

    #[test]
    fn iso_dates_with_and_without_time() {
        assert_eq!(parse_date_text("2026-02-01"), date(2026, 2, 1));
        assert_eq!(parse_date_text("  2026-2-1 "), date(2026, 2, 1));
        assert_eq!(parse_date_text("2026-02-01T00:00:00Z"), date(2026, 2, 1));
        assert_eq!(parse_date_text("2025-12-31T00:00:00Z"), date(2025, 12, 31));
        assert_eq!(parse_date_text("2026-02-01 00:00:00"), date(2026, 2, 1));
        assert_eq!(
            parse_date_text("2026-02-01T13:45:10.5+01:00"),
            date(2026, 2, 1)
        );
        assert_eq!(parse_date_text("2026/02/01"), date(2026, 2, 1));
        assert_eq!(parse_date_text("2014/05/23"), date(2014, 5, 23));
    }

    #[test]
    fn impossible_iso_date_is_invalid() {
        assert_eq!(parse_date_text("2026-13-45"), invalid_text("2026-13-45"));
        assert_eq!(parse_date_text("2026-02-30"), invalid_text("2026-02-30"));
        assert_eq!(
            parse_date_text("2026-02-01 later"),
            invalid_text("2026-02-01 later")
        );
    }

    #[test]
    fn slash_dates_are_month_first() {
        assert_eq!(parse_date_text("03/04/2026"), date(2026, 3, 4));
        assert_eq!(parse_date_text("1/22/2026"), date(2026, 1, 22));
        assert_eq!(parse_date_text("02/01/2026"), date(2026, 2, 1));
        assert_eq!(parse_date_text("12-31-2026"), date(2026, 12, 31));
        assert_eq!(parse_date_text("1/10/26"), date(2026, 1, 10));
        assert_eq!(parse_date_text("2/1/2026 12:00:00 AM"), date(2026, 2, 1));
    }

    #[test]
    fn day_first_only_slash_date_is_ambiguous() {
        assert_eq!(
            parse_date_text("25/03/2026"),
            Some(DateValue::Ambiguous {
                date: d(2026, 3, 25),
                raw: "25/03/2026".to_owned()
            })
        );
        assert_eq!(
            parse_date_text("31-12-2026"),
            Some(DateValue::Ambiguous {
                date: d(2026, 12, 31),
                raw: "31-12-2026".to_owned()
            })
        );
        // Neither way round is a date.
        assert_eq!(parse_date_text("13/13/2026"), invalid_text("13/13/2026"));
        assert_eq!(parse_date_text("02/30/2026"), invalid_text("02/30/2026"));
    }

    #[test]
    fn month_name_dates() {
        assert_eq!(parse_date_text("February 1, 2026"), date(2026, 2, 1));
        assert_eq!(parse_date_text("Feb 1, 2026"), date(2026, 2, 1));
        assert_eq!(parse_date_text("Feb. 1 2026"), date(2026, 2, 1));
        assert_eq!(parse_date_text("Sept 30, 2026"), date(2026, 9, 30));
        assert_eq!(parse_date_text("february 1st, 2026"), date(2026, 2, 1));
        assert_eq!(parse_date_text("1 February 2026"), date(2026, 2, 1));
        assert_eq!(parse_date_text("01-Feb-2026"), date(2026, 2, 1));
        assert_eq!(
            parse_date_text("Monday, February 2, 2026"),
            date(2026, 2, 2)
        );
        assert_eq!(
            parse_date_text("Feb 30, 2026"),
            invalid_text("Feb 30, 2026")
        );
    }

    #[test]
    fn no_date_words_are_none() {
        for text in [
            "", "   ", "N/A", "n/a", "NA", "TBD", "tbd ", "TBA", "-", "None", "—",
        ] {
            assert_eq!(parse_date_text(text), None, "{text:?}");
        }
    }

    #[test]
    fn other_text_is_invalid() {
        for text in [
            "soon",
            "Q3",
            "07/2025",
            "July 2025",
            "next week",
            "2026",
            "46000.5",
            "1.2.2026",
            "2026-02-01 / 2026-03-01",
            "日付",
        ] {
            assert_eq!(parse_date_text(text), invalid_text(text), "{text:?}");
        }
    }

    #[test]
    fn integer_text_in_modern_range_is_a_1900_serial() {
        assert_eq!(parse_date_text("46054"), date(2026, 2, 1));
        assert_eq!(parse_date_text("20000"), date(1954, 10, 3));
        assert_eq!(parse_date_text("80000"), date(2119, 1, 11));
        assert_eq!(parse_date_text("19999"), invalid_text("19999"));
        assert_eq!(parse_date_text("80001"), invalid_text("80001"));
    }

    #[test]
    fn serials_in_the_1900_system() {
        // Values checked with Python: date(1899,12,30) + timedelta(serial).
        assert_eq!(
            date_from_serial(46296.0, false),
            DateValue::Date(d(2026, 10, 1))
        );
        assert_eq!(
            date_from_serial(46054.0, false),
            DateValue::Date(d(2026, 2, 1))
        );
        assert_eq!(
            date_from_serial(44197.0, false),
            DateValue::Date(d(2021, 1, 1))
        );
        assert_eq!(
            date_from_serial(42735.0, false),
            DateValue::Date(d(2016, 12, 31))
        );
        // A time of day is dropped.
        assert_eq!(
            date_from_serial(46054.75, false),
            DateValue::Date(d(2026, 2, 1))
        );
        // Around Excel's phantom 1900-02-29.
        assert_eq!(date_from_serial(1.0, false), DateValue::Date(d(1900, 1, 1)));
        assert_eq!(
            date_from_serial(59.0, false),
            DateValue::Date(d(1900, 2, 28))
        );
        assert_eq!(
            date_from_serial(60.0, false),
            DateValue::Invalid("60".into())
        );
        assert_eq!(
            date_from_serial(61.0, false),
            DateValue::Date(d(1900, 3, 1))
        );
        assert_eq!(
            date_from_serial(2_958_465.0, false),
            DateValue::Date(d(9999, 12, 31))
        );
    }

    #[test]
    fn serials_in_the_1904_system() {
        // crates.md §1: serial 42735 in a 1904 workbook is 2021-01-01.
        assert_eq!(
            date_from_serial(42735.0, true),
            DateValue::Date(d(2021, 1, 1))
        );
        assert_eq!(date_from_serial(1.0, true), DateValue::Date(d(1904, 1, 2)));
        assert_eq!(date_from_serial(60.0, true), DateValue::Date(d(1904, 3, 1)));
        assert_eq!(
            date_from_serial(2_957_003.0, true),
            DateValue::Date(d(9999, 12, 31))
        );
        assert_eq!(
            date_from_serial(2_957_004.0, true),
            DateValue::Invalid("2957004".into())
        );
    }

    #[test]
    fn implausible_serials_are_invalid() {
        for serial in [0.0, -1.0, 0.5, 2_958_466.0, f64::NAN, f64::INFINITY] {
            assert!(
                matches!(date_from_serial(serial, false), DateValue::Invalid(_)),
                "{serial}"
            );
        }
        assert_eq!(
            date_from_serial(-3.5, false),
            DateValue::Invalid("-3.5".into())
        );
    }

    #[test]
    fn cells_of_every_kind() {
        let dt = NaiveDateTime::parse_from_str("2026-02-01 09:30:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(
            parse_date_cell(&CellValue::Date(dt), false),
            date(2026, 2, 1)
        );
        assert_eq!(parse_date_cell(&CellValue::Empty, false), None);
        assert_eq!(
            parse_date_cell(&CellValue::Number(46054.0), false),
            date(2026, 2, 1)
        );
        assert_eq!(
            parse_date_cell(&CellValue::Number(44592.0), true),
            date(2026, 2, 1)
        );
        assert_eq!(parse_date_cell(&CellValue::Text("N/A".into()), false), None);
        assert_eq!(
            parse_date_cell(&CellValue::Text("2026-02-01".into()), true),
            date(2026, 2, 1)
        );
        assert_eq!(
            parse_date_cell(&CellValue::Error("#N/A".into()), false),
            invalid_text("#N/A")
        );
        assert_eq!(
            parse_date_cell(&CellValue::Bool(true), false),
            invalid_text("TRUE")
        );
        let time_only =
            NaiveDateTime::parse_from_str("1899-12-31 12:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
        assert!(matches!(
            parse_date_cell(&CellValue::Date(time_only), false),
            Some(DateValue::Invalid(_))
        ));
    }

    #[test]
    fn finds_dates_inside_text() {
        let text = "Implement Procedure A 10/25/2018";
        assert_eq!(
            find_date_in_text(text),
            Some((DateValue::Date(d(2018, 10, 25)), 22, 32))
        );
        let text = "1. Policy update (05/01/2025)";
        assert_eq!(
            find_date_in_text(text),
            Some((DateValue::Date(d(2025, 5, 1)), 18, 28))
        );
        assert_eq!(
            find_date_in_text("Completed 11/13/2018"),
            Some((DateValue::Date(d(2018, 11, 13)), 10, 20))
        );
        assert_eq!(
            find_date_in_text("(2) Update 2014-06-18 : delayed"),
            Some((DateValue::Date(d(2014, 6, 18)), 11, 21))
        );
        assert_eq!(find_date_in_text("no date here"), None);
        assert_eq!(find_date_in_text(""), None);
    }

    type DirectPath = fn(&[u8]) -> Option<DateValue>;

    /// The direct paths for `YYYY-MM-DD` and `MM/DD/YYYY` read what trying every form
    /// reads, for every month and day number a cell could hold, in both orders.
    #[test]
    fn direct_paths_read_as_every_form_does() {
        let general = |text: &str| match_any_date_at(text, 0).map(|m| (m.value, m.end));
        let mut direct_hits = 0;
        for year in [1899, 1900, 2024, 2026, 9999] {
            for a in 0..=33 {
                for b in 0..=33 {
                    let forms: [(String, DirectPath); 2] = [
                        (format!("{year:04}-{a:02}-{b:02}"), iso_at),
                        (format!("{a:02}/{b:02}/{year:04}"), us_at),
                    ];
                    for (text, direct) in forms {
                        for tail in ["", " by", "1", "T00:00"] {
                            let text = format!("{text}{tail}");
                            if let Some(value) = direct(text.as_bytes()) {
                                direct_hits += 1;
                                assert_eq!(Some((value, ISO_LEN)), general(&text), "{text}");
                            }
                            let fast = match_date_at(&text, 0).map(|m| (m.value, m.end));
                            assert_eq!(fast, general(&text), "{text}");
                            assert_eq!(parse_date_text(&text), parse_any_date_text(&text));
                        }
                    }
                }
            }
        }
        assert!(
            direct_hits > 5_000,
            "the direct paths were taken: {direct_hits}"
        );
    }

    #[test]
    fn month_and_quarter_in_text_mean_their_last_day() {
        assert_eq!(
            find_date_in_text("1. SIEM storage expansion (07/2025)"),
            Some((DateValue::Date(d(2025, 7, 31)), 27, 34))
        );
        assert_eq!(
            find_date_in_text("Test patches (02/2024)").map(|f| f.0),
            Some(DateValue::Date(d(2024, 2, 29)))
        );
        assert_eq!(
            find_date_in_text("Deploy (12/2024)").map(|f| f.0),
            Some(DateValue::Date(d(2024, 12, 31)))
        );
        assert_eq!(
            find_date_in_text("Vendor engagement (Q1 2025)").map(|f| f.0),
            Some(DateValue::Date(d(2025, 3, 31)))
        );
        assert_eq!(
            find_date_in_text("Migration in July 2025").map(|f| f.0),
            Some(DateValue::Date(d(2025, 7, 31)))
        );
        assert_eq!(find_date_in_text("Upgrade (13/2025)"), None);
    }

    /// The first date, the last one, and one at the very start, with their byte spans.
    #[test]
    fn first_last_and_leading_dates() {
        let text = "Deploy by 2026-02-01, not Feb 3 2026 (was 1/5/26)";
        let spans: Vec<(usize, usize)> = find_dates_in_text(text)
            .iter()
            .map(|f| (f.1, f.2))
            .collect();
        assert_eq!(spans, [(10, 20), (26, 36), (42, 48)]);
        assert_eq!(
            last_date_in_text(text).map(|f| (f.0, f.1)),
            Some((date(2026, 1, 5).unwrap(), 42))
        );
        assert_eq!(date_at_start(text), None);
        assert_eq!(
            date_at_start("2026-02-01: text"),
            Some((DateValue::Date(d(2026, 2, 1)), 10))
        );
        assert_eq!(date_at_start("xmas 2026-02-01"), None);
        assert!(is_no_date_word(" n/a "));
        assert!(is_no_date_word("NOT APPLICABLE"));
        assert!(!is_no_date_word("nope"));
    }

    #[test]
    fn ids_and_versions_are_not_dates() {
        assert_eq!(find_date_in_text("CVE-2024-24795 on web-prod-01"), None);
        assert_eq!(find_date_in_text("CVE-2022-3602"), None);
        assert_eq!(find_date_in_text("OpenSSL 3.0.8, plugin 12345"), None);
        assert_eq!(find_date_in_text("v2/2026"), None);
    }

    #[test]
    fn finds_every_date_with_unicode_around() {
        let found = find_dates_in_text("✓ 2026-02-01 → 03/15/2026 — 25/03/2026 2026-13-45");
        let values: Vec<_> = found.iter().map(|f| f.0.clone()).collect();
        assert_eq!(
            values,
            vec![
                DateValue::Date(d(2026, 2, 1)),
                DateValue::Date(d(2026, 3, 15)),
                DateValue::Ambiguous {
                    date: d(2026, 3, 25),
                    raw: "25/03/2026".into()
                },
                DateValue::Invalid("2026-13-45".into()),
            ]
        );
        let text = "✓ 2026-02-01";
        let (_, start, end) = found[0].clone();
        assert_eq!(&text[start..end], "2026-02-01");
    }
}

//! CSV write-back: only the edited record's bytes change (PRODUCT.md §6: "In a CSV every
//! other byte stays (BOM, line endings, quoting)").
//!
//! The file is scanned once for the byte range of every record and field. Records are
//! numbered by the line they start on, counted by the reader's own line counter
//! (`io::csv_file`: by `\n`, or by CR in a classic-Mac file), so numbers match the
//! `Row::number` the reader reports. An edited record keeps the raw bytes of its untouched
//! fields; an edited field is quoted when it was quoted before or when it needs quotes
//! (RFC 4180 §2: delimiter, quote, CR or LF).

use super::xlsx::number_text;
use super::{cell_ref, looks_like_formula, CellEdit, NewValue, PatchError, Patched};
use crate::io::csv_file::{line_ends_of, LineCounter};
use std::collections::BTreeMap;
use std::ops::Range;

const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

#[derive(Debug, Clone)]
struct Field {
    raw: Range<usize>,
    quoted: bool,
}

#[derive(Debug, Clone)]
struct Record {
    line: u32,
    /// The record's bytes without its line ending.
    span: Range<usize>,
    fields: Vec<Field>,
}

struct Layout {
    delim: u8,
    eol: &'static [u8],
    records: Vec<Record>,
    /// The file ends with a line ending (or is empty).
    ends_with_eol: bool,
}

/// The field delimiter of a CSV: `;`, tab or `,`, whichever occurs most often outside
/// quotes on the first record (a comma on a tie or when none occurs). European Excel
/// exports use `;` because `,` is their decimal separator.
pub fn detect_delimiter(bytes: &[u8]) -> u8 {
    // Judge by the busiest of the first lines, not the first line: blank lines and title
    // rows ("Plan of Action and Milestones") may stand above a header, and guessing comma
    // for a semicolon file would write a record the reader cannot split.
    const LINES: usize = 30;
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut best = [0usize; 3];
    let mut line = [0usize; 3];
    let mut lines = 0;
    let mut in_quotes = false;
    for &b in body {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => {
                if line.iter().any(|&n| n > 0) {
                    lines += 1;
                }
                for (best, n) in best.iter_mut().zip(line.iter_mut()) {
                    *best = (*best).max(*n);
                    *n = 0;
                }
                if lines >= LINES {
                    break;
                }
            }
            b',' if !in_quotes => line[0] += 1,
            b';' if !in_quotes => line[1] += 1,
            b'\t' if !in_quotes => line[2] += 1,
            _ => {}
        }
    }
    for (best, n) in best.iter_mut().zip(line.iter()) {
        *best = (*best).max(*n);
    }
    let [comma, semi, tab] = best;
    if semi > comma && semi >= tab {
        b';'
    } else if tab > comma && tab > semi {
        b'\t'
    } else {
        b','
    }
}

fn check_encoding(bytes: &[u8]) -> Result<(), PatchError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(PatchError::BadCsv(
            "it is UTF-16; save it as UTF-8 CSV and try again".into(),
        ));
    }
    Ok(())
}

/// Scan the whole file into records and fields.
fn layout(bytes: &[u8]) -> Layout {
    let start = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let delim = detect_delimiter(bytes);
    // Lines as the reader counts them: its own counter, over every byte in order.
    let mut lines = LineCounter::new(line_ends_of(bytes));
    let mut eol: Option<&'static [u8]> = None;
    let mut records = Vec::new();
    let mut pos = start;
    let mut ends_with_eol = true;
    while pos < bytes.len() {
        if let Some((len, _)) = terminator_at(bytes, pos) {
            // An empty line is not a record (csv-core skips it too).
            lines.advance(bytes.get(pos..pos + len).unwrap_or_default());
            pos += len;
            continue;
        }
        let rec_start = pos;
        let rec_line = u32::try_from(lines.line()).unwrap_or(u32::MAX);
        let mut fields = Vec::new();
        loop {
            let (field, next) = scan_field(bytes, pos, delim);
            lines.advance(bytes.get(pos..next).unwrap_or_default());
            fields.push(field);
            pos = next;
            match bytes.get(pos) {
                Some(&b) if b == delim => {
                    lines.advance(&[b]);
                    pos += 1;
                }
                Some(_) => {
                    let span = rec_start..pos;
                    let (len, lf) = terminator_at(bytes, pos).unwrap_or((1, false));
                    if eol.is_none() {
                        eol = Some(match len {
                            2 => b"\r\n",
                            _ if lf => b"\n",
                            _ => b"\r",
                        });
                    }
                    lines.advance(bytes.get(pos..pos + len).unwrap_or_default());
                    pos += len;
                    records.push(Record {
                        line: rec_line,
                        span,
                        fields,
                    });
                    break;
                }
                None => {
                    ends_with_eol = false;
                    records.push(Record {
                        line: rec_line,
                        span: rec_start..pos,
                        fields,
                    });
                    break;
                }
            }
        }
    }
    Layout {
        delim,
        // RFC 4180 §2 line ending when the file has none to copy.
        eol: eol.unwrap_or(b"\r\n"),
        records,
        ends_with_eol,
    }
}

/// A line ending at `pos`: (length, contains LF).
fn terminator_at(b: &[u8], pos: usize) -> Option<(usize, bool)> {
    match (b.get(pos), b.get(pos + 1)) {
        (Some(b'\r'), Some(b'\n')) => Some((2, true)),
        (Some(b'\r'), _) => Some((1, false)),
        (Some(b'\n'), _) => Some((1, true)),
        _ => None,
    }
}

/// One field from `pos`: the field, and where it stops (at a delimiter, line ending or the
/// end). A quoted field runs to its closing quote (doubled quotes are escapes); stray bytes
/// after the closing quote stay part of the field, as csv-core reads.
fn scan_field(b: &[u8], mut pos: usize, delim: u8) -> (Field, usize) {
    let start = pos;
    let quoted = b.get(pos) == Some(&b'"');
    if quoted {
        pos += 1;
        while let Some(&c) = b.get(pos) {
            pos += 1;
            if c == b'"' {
                if b.get(pos) == Some(&b'"') {
                    pos += 1;
                } else {
                    break;
                }
            }
        }
    }
    while let Some(&c) = b.get(pos) {
        if c == delim || c == b'\r' || c == b'\n' {
            break;
        }
        pos += 1;
    }
    (
        Field {
            raw: start..pos,
            quoted,
        },
        pos,
    )
}

/// A value as CSV text (before quoting). Dates are ISO 8601 `YYYY-MM-DD`.
fn value_text(v: &NewValue) -> Result<String, String> {
    Ok(match v {
        NewValue::Text(t) => t.clone(),
        NewValue::Date(d) => d.format("%Y-%m-%d").to_string(),
        NewValue::Number(n) if n.is_finite() => number_text(*n),
        NewValue::Number(_) => return Err("the number is not finite".into()),
        NewValue::Blank => String::new(),
    })
}

/// Quote when asked to or when the text needs it.
fn serialize(text: &str, delim: u8, force_quotes: bool) -> Vec<u8> {
    let needs = text
        .bytes()
        .any(|b| b == delim || b == b'"' || b == b'\r' || b == b'\n');
    if needs || force_quotes {
        let mut out = Vec::with_capacity(text.len() + 2);
        out.push(b'"');
        out.extend_from_slice(text.replace('"', "\"\"").as_bytes());
        out.push(b'"');
        out
    } else {
        text.as_bytes().to_vec()
    }
}

fn formula_warning(line: u32, col: u32, v: &NewValue) -> Option<String> {
    match v {
        NewValue::Text(t) if looks_like_formula(t) => Some(format!(
            "{} (line {line}): the text begins with '{}', which a spreadsheet program may run \
             as a formula when it opens this CSV; it was written as text",
            cell_ref(line, col),
            t.chars().next().unwrap_or('=')
        )),
        _ => None,
    }
}

fn encoding_warning(bytes: &[u8]) -> Option<String> {
    std::str::from_utf8(bytes).is_err().then(|| {
        "the file is not UTF-8; the new text was written as UTF-8, so other programs may \
         show it garbled"
            .to_owned()
    })
}

/// Change fields of records of a CSV. `CellEdit::row` is the line the record starts on
/// (what the reader reports), `col` the 0-based field; a field past the end of its record
/// is added (with empty fields between). When two edits name the same field the last wins.
pub fn patch_csv(original: &[u8], edits: &[CellEdit]) -> Result<Patched, PatchError> {
    check_encoding(original)?;
    let lay = layout(original);
    let mut by_line: BTreeMap<u32, BTreeMap<u32, &NewValue>> = BTreeMap::new();
    for e in edits {
        by_line.entry(e.row).or_default().insert(e.col, &e.value);
    }
    let mut warnings = Vec::new();
    let mut replacements: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    for (line, cells) in &by_line {
        let mut starting = lay.records.iter().filter(|r| r.line == *line);
        let rec = starting.next().ok_or_else(|| PatchError::BadEdit {
            cell: format!("line {line}"),
            message: "no CSV record starts on that line".into(),
        })?;
        if starting.next().is_some() {
            // Only lone-CR line endings (classic Mac) put two records on one line.
            return Err(PatchError::BadCsv(
                "its records end with CR line endings (classic Mac), which readers do not count \
                 as lines; save it with CRLF or LF line endings"
                    .into(),
            ));
        }
        let mut fields: Vec<Vec<u8>> = rec
            .fields
            .iter()
            .map(|f| original.get(f.raw.clone()).unwrap_or_default().to_vec())
            .collect();
        for (col, value) in cells {
            let text = value_text(value).map_err(|message| PatchError::BadEdit {
                cell: cell_ref(*line, *col),
                message,
            })?;
            let idx = usize::try_from(*col).unwrap_or(usize::MAX);
            if idx > 16_383 {
                return Err(PatchError::BadEdit {
                    cell: format!("line {line}, field {}", u64::from(*col) + 1),
                    message: "too many fields".into(),
                });
            }
            let was_quoted = rec.fields.get(idx).is_some_and(|f| f.quoted);
            if fields.len() <= idx {
                fields.resize(idx + 1, Vec::new());
            }
            if let Some(slot) = fields.get_mut(idx) {
                *slot = serialize(&text, lay.delim, was_quoted);
            }
            warnings.extend(formula_warning(*line, *col, value));
        }
        replacements.push((rec.span.clone(), fields.join(&lay.delim)));
    }
    if !replacements.is_empty() {
        warnings.extend(encoding_warning(original));
    }
    let mut out = Vec::with_capacity(original.len() + 64);
    let mut pos = 0;
    for (range, bytes) in replacements {
        out.extend_from_slice(original.get(pos..range.start).unwrap_or_default());
        out.extend_from_slice(&bytes);
        pos = range.end;
    }
    out.extend_from_slice(original.get(pos..).unwrap_or_default());
    Ok(Patched {
        bytes: out,
        warnings,
        changed_parts: Vec::new(),
        appended_row: None,
    })
}

/// Add a record at the end of a CSV with the file's delimiter and line ending. `values` are
/// (0-based field, value); the record has as many fields as the header (first record) or as
/// the values need. A field is quoted when the last record quoted that field or when it
/// needs quotes. [`Patched::appended_row`] is the line the new record starts on.
pub fn append_csv_record(
    original: &[u8],
    values: &[(u32, NewValue)],
) -> Result<Patched, PatchError> {
    check_encoding(original)?;
    let lay = layout(original);
    let header_len = lay.records.first().map_or(0, |r| r.fields.len());
    let needed = values
        .iter()
        .map(|(c, _)| usize::try_from(*c).unwrap_or(usize::MAX).saturating_add(1))
        .max()
        .unwrap_or(0);
    if needed > 16_384 {
        return Err(PatchError::BadCsv("too many fields".into()));
    }
    let count = header_len.max(needed).max(1);
    let model = lay.records.last();
    let mut out = original.to_vec();
    if !lay.ends_with_eol {
        out.extend_from_slice(lay.eol);
    }
    let mut lines = LineCounter::new(line_ends_of(original));
    lines.advance(&out);
    let line =
        u32::try_from(lines.line()).map_err(|_| PatchError::BadCsv("too many lines".into()))?;
    let mut fields = vec![Vec::new(); count];
    let mut warnings = Vec::new();
    for (col, value) in values {
        let text = value_text(value).map_err(|message| PatchError::BadEdit {
            cell: cell_ref(line, *col),
            message,
        })?;
        let idx = usize::try_from(*col).unwrap_or(usize::MAX);
        let quoted = model.is_some_and(|m| m.fields.get(idx).is_some_and(|f| f.quoted));
        if let Some(slot) = fields.get_mut(idx) {
            *slot = serialize(&text, lay.delim, quoted);
        }
        warnings.extend(formula_warning(line, *col, value));
    }
    warnings.extend(encoding_warning(original));
    out.extend_from_slice(&fields.join(&lay.delim));
    if lay.ends_with_eol {
        out.extend_from_slice(lay.eol);
    }
    Ok(Patched {
        bytes: out,
        warnings,
        changed_parts: Vec::new(),
        appended_row: Some(line),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter(b"a;b;\"c,d,e\"\n1,2"), b';');
        assert_eq!(detect_delimiter(b"a,b\n"), b',');
        assert_eq!(detect_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(detect_delimiter(b""), b',');
        // Blank lines and a title row above a semicolon header.
        assert_eq!(
            detect_delimiter(b"\n\nPOA&M ID;Control;Status;Owner\n1;3.1.3;Open;\n"),
            b';'
        );
        assert_eq!(
            detect_delimiter(b"Plan of Action, Milestones\nID;Control;Status\n1;3.1.3;Open\n"),
            b';'
        );
    }

    #[test]
    fn lines_count_like_csv_core() {
        let lay = layout(b"h1,h2\r\n\"a\r\nb\",c\r\n\r\nx,y");
        let lines: Vec<u32> = lay.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![1, 2, 5]);
        assert_eq!(lay.eol, b"\r\n");
        assert!(!lay.ends_with_eol);
    }

    #[test]
    fn edits_one_field_keeping_the_others_raw() {
        let src = b"id,text,n\n1,\"x, y\",3\n2,plain,4\n";
        let edits = [CellEdit {
            row: 2,
            col: 2,
            value: NewValue::Text("=1+1".into()),
        }];
        let out = patch_csv(src, &edits).unwrap_or_default();
        assert_eq!(
            out.bytes,
            b"id,text,n\n1,\"x, y\",=1+1\n2,plain,4\n".to_vec()
        );
        assert_eq!(out.warnings.len(), 1);
    }
}

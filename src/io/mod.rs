//! Reading files into rows of cells, finding the header, and building a `Poam`.
//! `io` knows nothing of rules. OWNER: io helper.
//!
//! The flow for a POA&M: open the file (`source`), read at most the first 30 rows of
//! each sheet to find and score its header row (`columns`), choose the sheet, then stream
//! that sheet's rows under the header into `model::build::ItemBuilder`, which keeps only
//! the items.

pub mod cell;
pub mod columns;
mod csv_file;
pub mod error;
pub mod git;
pub mod patch;
mod source;

pub use error::InputError;

use crate::model::build::ItemBuilder;
use crate::model::{Field, Poam};
use cell::{CellValue, Row};
use columns::ColumnMap;
use error::quoted_list;
use source::Source;
use std::path::Path;

/// How to read a POA&M.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--sheet`: read this sheet, else the one whose header matches best.
    pub sheet: Option<String>,
    /// Extra header aliases (from a config file later): (header text, field).
    pub extra_aliases: Vec<(String, Field)>,
}

/// A sheet whose first rows hold an acceptable header row.
#[derive(Debug, Clone)]
struct Candidate {
    sheet: Option<String>,
    header: Row,
    /// Distinct keys the header matches.
    score: usize,
}

/// Read a POA&M file (CSV, XLSX/XLSM/XLSB, XLS, ODS). `display` is the path as the user
/// gave it, used in every message.
pub fn load_poam(path: &Path, display: &str, opts: &LoadOptions) -> Result<Poam, InputError> {
    let mut source = Source::open(path, display)?;
    let extra = opts.extra_aliases.as_slice();
    let classify = |text: &str| columns::poam_key(text, extra);
    let mut notes = Vec::new();
    let sheets = sheets_to_search(&source, display, opts.sheet.as_deref(), &mut notes)?;
    let candidates = find_candidates(&mut source, &sheets, &classify, &columns::is_poam_header)?;
    let Some(chosen) = best_candidate(&candidates) else {
        return Err(no_header(display, &sheets, columns::EXPECTED_HEADERS));
    };

    let columns = columns::map_columns(&chosen.header, extra);
    let (items, help_rows) = build_sheet(&mut source, chosen, &columns)?;
    if !help_rows.is_empty() {
        notes.push(format!(
            "{} {} under the header of {} {} column help text and {} not read as items",
            plural(help_rows.len(), "row", "rows"),
            join_numbers(&help_rows),
            place_of(chosen.sheet.as_deref()),
            if help_rows.len() == 1 {
                "holds"
            } else {
                "hold"
            },
            if help_rows.len() == 1 { "was" } else { "were" },
        ));
    }
    if items.is_empty() && opts.sheet.is_none() {
        if let Some(note) = other_sheet_with_items(&mut source, chosen, &candidates, extra)? {
            notes.push(note);
        }
    }
    Ok(Poam {
        file: display.to_owned(),
        format: source.format,
        sheet: chosen.sheet.clone(),
        header_row: chosen.header.number,
        columns,
        items,
        notes,
    })
}

/// A whole sheet read with a caller-chosen header vocabulary (the SSP reader uses this).
#[derive(Debug, Clone)]
pub struct Table {
    pub sheet: Option<String>,
    pub date1904: bool,
    pub header_row: u32,
    /// (key chosen by the classifier, 0-based column, header text)
    pub header: Vec<(usize, u32, String)>,
    /// The non-blank rows under the header.
    pub rows: Vec<Row>,
}

/// Read the sheet `sheet` (else the best-matching one) whose header row, within the first
/// 30 rows, has the most distinct keys from `classify(header_cell_text)`. `required` keys
/// must all be present for a row to count as the header.
pub fn read_table(
    path: &Path,
    display: &str,
    sheet: Option<&str>,
    classify: &dyn Fn(&str) -> Option<usize>,
    required: &[usize],
) -> Result<Table, InputError> {
    let mut source = Source::open(path, display)?;
    let mut notes = Vec::new();
    let sheets = sheets_to_search(&source, display, sheet, &mut notes)?;
    let accept = |keys: &[usize]| !keys.is_empty() && required.iter().all(|k| keys.contains(k));
    let candidates = find_candidates(&mut source, &sheets, classify, &accept)?;
    let Some(chosen) = best_candidate(&candidates) else {
        return Err(no_header(
            display,
            &sheets,
            "the requirement and status columns described in the documentation",
        ));
    };
    let header = chosen
        .header
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_blank())
        .filter_map(|(i, c)| {
            let text = c.to_text();
            let key = classify(&text)?;
            Some((key, u32::try_from(i).ok()?, text))
        })
        .collect();
    let header_row = chosen.header.number;
    let mut rows = Vec::new();
    source.read_rows(chosen.sheet.as_deref(), None, &mut |row| {
        if row.number > header_row {
            rows.push(owned_row(row));
        }
    })?;
    Ok(Table {
        sheet: chosen.sheet.clone(),
        date1904: source.date1904,
        header_row,
        header,
        rows,
    })
}

/// The sheets to look at: the one `--sheet` names (exact name first, then ignoring
/// case), else every worksheet.
fn sheets_to_search(
    source: &Source,
    display: &str,
    wanted: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<Vec<Option<String>>, InputError> {
    let sheets = source.sheets();
    let Some(wanted) = wanted else {
        return Ok(sheets);
    };
    if source.is_csv() {
        notes.push(format!(
            "--sheet '{wanted}' was ignored: a CSV file has a single table"
        ));
        return Ok(sheets);
    }
    let names = source.all_sheet_names();
    let found = names.iter().find(|n| n.as_str() == wanted).or_else(|| {
        names
            .iter()
            .find(|n| n.to_lowercase() == wanted.to_lowercase())
    });
    match found {
        Some(name) => Ok(vec![Some(name.clone())]),
        None => Err(InputError::NoSuchSheet {
            file: display.to_owned(),
            sheet: wanted.to_owned(),
            available: quoted_list(&names),
        }),
    }
}

/// Every sheet whose first 30 rows hold a header row that `accept` allows. For a CSV,
/// each delimiter is tried and the one giving the best header is kept.
fn find_candidates(
    source: &mut Source,
    sheets: &[Option<String>],
    classify: &dyn Fn(&str) -> Option<usize>,
    accept: &dyn Fn(&[usize]) -> bool,
) -> Result<Vec<Candidate>, InputError> {
    if source.is_csv() {
        return csv_candidate(source, classify, accept).map(|c| c.into_iter().collect());
    }
    let mut found = Vec::new();
    for sheet in sheets {
        if let Some(c) = sheet_candidate(source, sheet.as_deref(), classify, accept)? {
            found.push(c);
        }
    }
    Ok(found)
}

fn sheet_candidate(
    source: &mut Source,
    sheet: Option<&str>,
    classify: &dyn Fn(&str) -> Option<usize>,
    accept: &dyn Fn(&[usize]) -> bool,
) -> Result<Option<Candidate>, InputError> {
    let mut top = Vec::new();
    source.read_rows(sheet, Some(columns::HEADER_SEARCH_ROWS), &mut |row| {
        top.push(owned_row(row));
    })?;
    Ok(
        columns::find_header_row(&top, classify, accept).and_then(|(index, score)| {
            top.get(index).map(|header| Candidate {
                sheet: sheet.map(str::to_owned),
                header: header.clone(),
                score,
            })
        }),
    )
}

/// Sniff the delimiter of a CSV from its header: the delimiter whose header row matches
/// the most keys wins, comma on a tie (PRODUCT.md §2: comma or semicolon).
fn csv_candidate(
    source: &mut Source,
    classify: &dyn Fn(&str) -> Option<usize>,
    accept: &dyn Fn(&[usize]) -> bool,
) -> Result<Option<Candidate>, InputError> {
    let mut best: Option<(u8, Candidate)> = None;
    for delimiter in csv_file::DELIMITERS {
        source.set_delimiter(delimiter);
        if let Some(c) = sheet_candidate(source, None, classify, accept)? {
            if best.as_ref().is_none_or(|(_, b)| c.score > b.score) {
                best = Some((delimiter, c));
            }
        }
    }
    Ok(best.map(|(delimiter, c)| {
        source.set_delimiter(delimiter);
        c
    }))
}

/// The candidate with the best header; on a tie, the first in workbook order.
fn best_candidate(candidates: &[Candidate]) -> Option<&Candidate> {
    let mut best: Option<&Candidate> = None;
    for c in candidates {
        if best.is_none_or(|b| c.score > b.score) {
            best = Some(c);
        }
    }
    best
}

/// Stream the rows under the header of `chosen` into items.
fn build_sheet(
    source: &mut Source,
    chosen: &Candidate,
    columns: &ColumnMap,
) -> Result<(Vec<crate::model::Item>, Vec<u32>), InputError> {
    let date1904 = source.date1904;
    let header_row = chosen.header.number;
    let mut builder = ItemBuilder::new(columns, date1904);
    source.read_rows(chosen.sheet.as_deref(), None, &mut |row| {
        if row.number > header_row {
            builder.push_row(row);
        }
    })?;
    let help_rows = builder.help_rows().to_vec();
    Ok((builder.finish(), help_rows))
}

/// When the chosen sheet has no items, the first other sheet with a POA&M header that
/// has some, as a note ("use --sheet Example").
fn other_sheet_with_items(
    source: &mut Source,
    chosen: &Candidate,
    candidates: &[Candidate],
    extra: &[(String, Field)],
) -> Result<Option<String>, InputError> {
    for other in candidates {
        if other.sheet == chosen.sheet {
            continue;
        }
        let columns = columns::map_columns(&other.header, extra);
        let (items, _) = build_sheet(source, other, &columns)?;
        if let (Some(name), Some(chosen_name)) = (&other.sheet, &chosen.sheet) {
            if !items.is_empty() {
                return Ok(Some(format!(
                    "sheet '{chosen_name}' has no items; sheet '{name}' has {} — use --sheet {}",
                    items.len(),
                    shell_word(name),
                )));
            }
        }
    }
    Ok(None)
}

/// A sheet name as it would be typed on a command line.
fn shell_word(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', "'\\''"))
    }
}

fn no_header(display: &str, sheets: &[Option<String>], expected: &str) -> InputError {
    let names: Vec<&str> = sheets.iter().flatten().map(String::as_str).collect();
    let place = match names.len() {
        0 => "the file".to_owned(),
        1 => format!("sheet {}", quoted_list(&names)),
        _ => format!("sheets {}", quoted_list(&names)),
    };
    InputError::NoHeader {
        file: display.to_owned(),
        place,
        expected: expected.to_owned(),
    }
}

/// A copy of a (reused) row that owns its cells, with emptied text cells made `Empty`.
fn owned_row(row: &Row) -> Row {
    let mut cells: Vec<CellValue> = row
        .cells
        .iter()
        .map(|c| match c {
            CellValue::Text(s) if s.is_empty() => CellValue::Empty,
            other => other.clone(),
        })
        .collect();
    while cells.last().is_some_and(|c| *c == CellValue::Empty) {
        cells.pop();
    }
    Row {
        number: row.number,
        cells,
    }
}

fn place_of(sheet: Option<&str>) -> String {
    match sheet {
        Some(s) => format!("sheet '{s}'"),
        None => "the file".to_owned(),
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn join_numbers(numbers: &[u32]) -> String {
    let texts: Vec<String> = numbers.iter().map(u32::to_string).collect();
    match texts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

//! The floors poam is compared with: reading the same file with the bare crates and
//! doing nothing with the values but touching them (a checksum, so nothing is optimised
//! away). Each returns (cells or fields seen, checksum).

use calamine::{open_workbook, Data, DataRef, Reader, Xlsx};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// calamine's streaming reader, `Xlsx::worksheet_cells_reader`, walking every cell of the
/// first sheet: the reader poam's io layer uses, so this is the floor for XLSX.
pub fn xlsx_cells(path: &Path) -> Result<(u64, u64)> {
    let mut workbook: Xlsx<BufReader<File>> = open_workbook(path)?;
    let name = first_sheet(&workbook)?;
    let mut reader = workbook.worksheet_cells_reader(&name)?;
    let (mut cells, mut sum) = (0u64, 0u64);
    while let Some(cell) = reader.next_cell()? {
        let (r, c) = cell.get_position();
        cells += 1;
        sum = sum.wrapping_add(u64::from(r) ^ u64::from(c));
        sum = sum.wrapping_add(touch_ref(cell.get_value()));
    }
    Ok((cells, sum))
}

/// calamine's `worksheet_range`: the whole sheet materialised as a `Range<Data>`, then
/// every cell visited. For reference (the usual way to read a sheet with calamine).
pub fn xlsx_range(path: &Path) -> Result<(u64, u64)> {
    let mut workbook: Xlsx<BufReader<File>> = open_workbook(path)?;
    let name = first_sheet(&workbook)?;
    let range = workbook.worksheet_range(&name)?;
    let (mut cells, mut sum) = (0u64, 0u64);
    for (r, c, value) in range.used_cells() {
        cells += 1;
        sum = sum.wrapping_add((r ^ c) as u64);
        sum = sum.wrapping_add(touch(value));
    }
    Ok((cells, sum))
}

/// The csv crate reading every record (a fresh `StringRecord` each, UTF-8 checked, as
/// a reader that keeps its rows would) and touching every field.
pub fn csv_records(path: &Path) -> Result<(u64, u64)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)?;
    let (mut fields, mut sum) = (0u64, 0u64);
    for record in reader.records() {
        let record = record?;
        for field in record.iter() {
            fields += 1;
            sum = sum.wrapping_add(field.len() as u64);
        }
    }
    Ok((fields, sum))
}

fn first_sheet(workbook: &Xlsx<BufReader<File>>) -> Result<String> {
    workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| "workbook has no sheet".into())
}

fn touch_ref(value: &DataRef<'_>) -> u64 {
    match value {
        DataRef::SharedString(s) => s.len() as u64,
        DataRef::String(s) => s.len() as u64,
        DataRef::Float(f) => f.to_bits() & 0xff,
        DataRef::DateTime(d) => d.as_f64().to_bits() & 0xff,
        DataRef::Empty => 0,
        _ => 1,
    }
}

fn touch(value: &Data) -> u64 {
    match value {
        Data::String(s) => s.len() as u64,
        Data::Float(f) => f.to_bits() & 0xff,
        Data::DateTime(d) => d.as_f64().to_bits() & 0xff,
        Data::Empty => 0,
        _ => 1,
    }
}

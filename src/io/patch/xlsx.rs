//! XLSX write-back: plan the cells, rewrite the sheet part (and only the other parts the
//! edit requires), then rebuild the zip with the byte-exact copier.

use super::calc::{self, Chain};
use super::package::{self, is_kind, Workbook};
use super::sheet::{self, Content, Job, Planned};
use super::styles::StyleBook;
use super::xml::{self, attr, attr_exact, local, parse_range, rebuild_tag, Splice};
use super::zipcopy::{Change, ZipPackage};
use super::{cell_ref, CellEdit, NewValue, PatchError, Patched, MAX_CELL_CHARS};
use chrono::NaiveDate;
use quick_xml::events::Event;
use std::collections::BTreeMap;

/// Excel's grid (Excel specifications and limits: 1,048,576 rows by 16,384 columns).
const MAX_ROW: u32 = 1_048_576;
const MAX_COL: u32 = 16_383;

/// Change cells of sheet `sheet_name` (matched exactly, else case-insensitively).
///
/// Each edit replaces the cell's value and keeps its style; a cell that does not exist is
/// inserted in column order (its row in row order), with the row's or column's style;
/// `NewValue::Blank` on a cell that does not exist does nothing. When two edits name the
/// same cell the last wins. Returns the new file; the original is never modified.
pub fn patch_xlsx(
    original: &[u8],
    sheet_name: &str,
    edits: &[CellEdit],
) -> Result<Patched, PatchError> {
    let session = Session::open(original, sheet_name)?;
    let mut job = Job::default();
    for e in edits {
        let planned = plan(e.row, e.col, &e.value, session.workbook.date1904, None)?;
        job.cells.entry(e.row).or_default().insert(e.col, planned);
    }
    session.finish(job, None)
}

/// Add a row right below `after_row` (so at `after_row + 1`), giving each cell the style
/// (`s`) of the cell in the same column of `style_row`, and `style_row`'s height and row
/// style. `values` are (0-based column, value). The target row must hold no values; a
/// template's pre-formatted blank row is used as it is — its cells keep their own styles and
/// its formulas stay unless `values` overwrite them. A table (`tableN.xml`) whose
/// range ends on `after_row` grows by the new row, and so do the sheet's autoFilter (with
/// the workbook's hidden `_xlnm._FilterDatabase` name) and the multi-row data-validation
/// and conditional-format ranges that end on `after_row` ([`sheet::extend_ranges`]).
/// [`Patched::appended_row`] is the new row's number.
pub fn append_xlsx_row(
    original: &[u8],
    sheet_name: &str,
    after_row: u32,
    style_row: u32,
    values: &[(u32, NewValue)],
) -> Result<Patched, PatchError> {
    let session = Session::open(original, sheet_name)?;
    let new_row = after_row
        .checked_add(1)
        .filter(|r| *r <= MAX_ROW)
        .ok_or_else(|| PatchError::BadEdit {
            cell: format!("row {after_row}"),
            message: "it is the last row of the sheet".into(),
        })?;
    let target = sheet::row_info(&session.sheet_part, session.sheet_text()?, new_row)?;
    let existing = target
        .as_ref()
        .map(|t| t.cells.as_slice())
        .unwrap_or_default();
    // A template's blank rows may carry formulas (the FedRAMP template's column L): those
    // are kept and compute from the new values; a plain value means the row is in use.
    if let Some(used) = existing.iter().find(|c| c.has_value && !c.has_formula) {
        return Err(PatchError::BadEdit {
            cell: cell_ref(new_row, used.col),
            message: format!("row {new_row} is not empty, so a row cannot be added there"),
        });
    }
    let model =
        sheet::row_info(&session.sheet_part, session.sheet_text()?, style_row)?.unwrap_or_default();
    // Cells the target row already has keep their own style; new ones copy the model's.
    let style_of = |col: u32| {
        if existing.iter().any(|c| c.col == col) {
            return None;
        }
        model
            .cells
            .iter()
            .find(|c| c.col == col)
            .and_then(|c| c.style)
    };
    let mut job = Job::default();
    let cells = job.cells.entry(new_row).or_default();
    for c in &model.cells {
        if let Some(style) = style_of(c.col) {
            let blank = Planned {
                content: Content::Blank,
                date: false,
                style: Some(style),
            };
            cells.insert(c.col, blank);
        }
    }
    for (col, value) in values {
        let p = plan(
            new_row,
            *col,
            value,
            session.workbook.date1904,
            style_of(*col),
        )?;
        cells.insert(*col, p);
    }
    if target.is_none() {
        let keep = ["s", "customFormat", "ht", "customHeight"];
        let attrs = model
            .attrs
            .iter()
            .filter(|(k, _)| keep.contains(&k.as_str()))
            .cloned()
            .collect();
        job.new_row_attrs.insert(new_row, attrs);
    }
    let mut out = session.finish(job, Some(after_row))?;
    out.appended_row = Some(new_row);
    Ok(out)
}

/// Turn one value into what the sheet writer needs, checking it first.
fn plan(
    row: u32,
    col: u32,
    value: &NewValue,
    date1904: bool,
    style: Option<u32>,
) -> Result<Planned, PatchError> {
    let cell = || cell_ref(row, col.min(MAX_COL));
    if row == 0 || row > MAX_ROW || col > MAX_COL {
        return Err(PatchError::BadEdit {
            cell: format!("row {row}, column {}", u64::from(col) + 1),
            message: "it is outside the sheet (rows 1–1,048,576, columns A–XFD)".into(),
        });
    }
    let (content, date) = match value {
        NewValue::Text(t) => {
            let len = t.encode_utf16().count();
            if len > MAX_CELL_CHARS {
                return Err(PatchError::BadEdit {
                    cell: cell(),
                    message: format!(
                        "the text has {len} characters; a cell holds at most {MAX_CELL_CHARS}"
                    ),
                });
            }
            (Content::Text(xml::encode_cell_text(t)), false)
        }
        NewValue::Number(n) => {
            if !n.is_finite() {
                return Err(PatchError::BadEdit {
                    cell: cell(),
                    message: "the number is not finite".into(),
                });
            }
            (Content::Number(number_text(*n)), false)
        }
        NewValue::Date(d) => {
            let serial = date_serial(*d, date1904).ok_or_else(|| PatchError::BadEdit {
                cell: cell(),
                message: format!("{d} cannot be stored in this workbook's date system"),
            })?;
            (Content::Number(serial.to_string()), true)
        }
        NewValue::Blank => (Content::Blank, false),
    };
    Ok(Planned {
        content,
        date,
        style,
    })
}

/// A number as `<v>` text: whole numbers without `.0`; others in Rust's shortest
/// round-trip form (never exponent notation).
pub fn number_text(n: f64) -> String {
    if n == 0.0 {
        return "0".into();
    }
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// The serial number of a date. 1900 system: day 1 is 1900-01-01 and Excel counts the
/// non-existent 1900-02-29 (serial 60), so dates from 1900-03-01 are days since 1899-12-30;
/// 1904 system: days since 1904-01-01 (ECMA-376 Part 1 §18.17.4.1). `None` before the
/// system's first day.
pub fn date_serial(d: NaiveDate, date1904: bool) -> Option<i64> {
    if date1904 {
        let base = NaiveDate::from_ymd_opt(1904, 1, 1)?;
        let days = (d - base).num_days();
        return (days >= 0).then_some(days);
    }
    let first = NaiveDate::from_ymd_opt(1900, 1, 1)?;
    let leap_bug = NaiveDate::from_ymd_opt(1900, 3, 1)?;
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    if d < first {
        return None;
    }
    let days = (d - base).num_days();
    Some(if d < leap_bug { days - 1 } else { days })
}

/// An open package and its target sheet.
struct Session<'a> {
    pkg: ZipPackage<'a>,
    original: &'a [u8],
    workbook: Workbook,
    sheet_id: Option<u32>,
    /// The sheet's 0-based position in `<sheets>`: `localSheetId` of its defined names.
    sheet_index: Option<usize>,
    sheet_part: String,
    sheet_bytes: Vec<u8>,
}

impl<'a> Session<'a> {
    fn open(original: &'a [u8], sheet_name: &str) -> Result<Self, PatchError> {
        package::check_container(original)?;
        let pkg = ZipPackage::parse(original)?;
        package::check_package(&pkg)?;
        let workbook = package::read_workbook(&pkg)?;
        let (entry, sheet_part) = workbook.sheet(sheet_name)?;
        let sheet_id = entry.sheet_id;
        let sheet_index = workbook
            .sheets
            .iter()
            .position(|s| s.rel_id == entry.rel_id);
        let sheet_bytes = pkg.read(&sheet_part)?.ok_or_else(|| {
            PatchError::BadPackage(format!("the sheet part {sheet_part} is missing"))
        })?;
        Ok(Session {
            pkg,
            original,
            workbook,
            sheet_id,
            sheet_index,
            sheet_part,
            sheet_bytes,
        })
    }

    fn sheet_text(&self) -> Result<&str, PatchError> {
        Ok(xml::decode(&self.sheet_part, &self.sheet_bytes)?.text)
    }

    /// Rewrite the sheet and whatever else the edit requires, then rebuild the zip.
    fn finish(self, job: Job, table_after: Option<u32>) -> Result<Patched, PatchError> {
        let needs_styles = job.cells.values().flat_map(|r| r.values()).any(|p| p.date);
        let styles_part = self.workbook.part_of_kind("styles");
        let mut styles = match (&styles_part, needs_styles) {
            (Some(part), true) => match self.pkg.read(part)? {
                Some(bytes) => Some(StyleBook::parse(part, &bytes)?),
                None => None,
            },
            _ => None,
        };
        let doc = xml::decode(&self.sheet_part, &self.sheet_bytes)?;
        let outcome = sheet::rewrite(&self.sheet_part, doc.text, job, &mut styles)?;
        let mut sheet_xml = outcome.xml;
        let mut filter_grown = None;
        if let Some(after) = table_after {
            let extended = sheet::extend_ranges(&self.sheet_part, &sheet_xml, after)?;
            sheet_xml = extended.xml;
            filter_grown = extended.auto_filter;
        }
        let mut changes: BTreeMap<String, Change> = BTreeMap::new();
        if sheet_xml != doc.text {
            changes.insert(
                self.sheet_part.clone(),
                Change::Replace(with_bom(&self.sheet_bytes, sheet_xml)),
            );
        }
        if let (Some(book), Some(part)) = (styles, &styles_part) {
            if let Some(xml) = book.finish()? {
                let old = self.pkg.read(part)?.unwrap_or_default();
                changes.insert(part.clone(), Change::Replace(with_bom(&old, xml)));
            }
        }
        if !outcome.formula_cells.is_empty() {
            self.formulas_removed(&outcome.formula_cells, &mut changes)?;
        }
        if let Some(after) = table_after {
            self.extend_tables(after, &mut changes)?;
        }
        if let Some(old_range) = filter_grown {
            self.grow_filter_name(old_range, &mut changes)?;
        }
        if changes.is_empty() {
            return Ok(Patched {
                bytes: self.original.to_vec(),
                ..Patched::default()
            });
        }
        let bytes = self.pkg.rebuild(&changes)?;
        Ok(Patched {
            bytes,
            warnings: Vec::new(),
            changed_parts: changes.into_keys().collect(),
            appended_row: None,
        })
    }

    /// Edited cells held formulas: take them out of calcChain and ask for a recalculation.
    fn formulas_removed(
        &self,
        cells: &[(u32, u32)],
        changes: &mut BTreeMap<String, Change>,
    ) -> Result<(), PatchError> {
        if let Some(chain_part) = self.workbook.part_of_kind("calcChain") {
            if let Some(bytes) = self.pkg.read(&chain_part)? {
                match calc::remove_cells(&chain_part, &bytes, self.sheet_id, cells)? {
                    Chain::Unchanged => {}
                    Chain::Rewritten(xml) => {
                        changes.insert(chain_part, Change::Replace(with_bom(&bytes, xml)));
                    }
                    Chain::Empty => self.drop_calc_chain(&chain_part, changes)?,
                }
            }
        }
        let wb = &self.workbook.part;
        let bytes = self.pkg.read(wb)?.unwrap_or_default();
        if let Some(xml) = calc::force_full_calc(wb, &bytes)? {
            changes.insert(wb.clone(), Change::Replace(with_bom(&bytes, xml)));
        }
        Ok(())
    }

    /// Remove calcChain, its relationship and its content-type override.
    fn drop_calc_chain(
        &self,
        chain_part: &str,
        changes: &mut BTreeMap<String, Change>,
    ) -> Result<(), PatchError> {
        changes.insert(chain_part.to_owned(), Change::Remove);
        let rels_part = &self.workbook.rels_part;
        if let Some(bytes) = self.pkg.read(rels_part)? {
            let owner = self.workbook.part.clone();
            let is_chain = |e: &quick_xml::events::BytesStart| {
                attr(e, "Type").is_some_and(|t| t.ends_with("/calcChain"))
                    && attr(e, "Target")
                        .is_some_and(|t| package::resolve_target(&owner, &t) == chain_part)
            };
            if let Some(xml) = calc::remove_elements(rels_part, &bytes, "Relationship", &is_chain)?
            {
                changes.insert(rels_part.clone(), Change::Replace(with_bom(&bytes, xml)));
            }
        }
        let ct = "[Content_Types].xml";
        if let Some(bytes) = self.pkg.read(ct)? {
            let name = format!("/{chain_part}");
            let is_override = |e: &quick_xml::events::BytesStart| {
                attr(e, "PartName").is_some_and(|p| p.eq_ignore_ascii_case(&name))
            };
            if let Some(xml) = calc::remove_elements(ct, &bytes, "Override", &is_override)? {
                changes.insert(ct.to_owned(), Change::Replace(with_bom(&bytes, xml)));
            }
        }
        Ok(())
    }

    /// The sheet's autoFilter grew from `old_range` by one row: so does the hidden defined
    /// name `_xlnm._FilterDatabase` of this sheet in `workbook.xml`, which Excel writes
    /// beside every sheet autoFilter and LibreOffice reads the filter range from.
    fn grow_filter_name(
        &self,
        old_range: (u32, u32, u32, u32),
        changes: &mut BTreeMap<String, Change>,
    ) -> Result<(), PatchError> {
        let Some(index) = self.sheet_index else {
            return Ok(());
        };
        let wb = &self.workbook.part;
        let bytes = match changes.get(wb) {
            Some(Change::Replace(b)) => b.clone(),
            _ => self.pkg.read(wb)?.unwrap_or_default(),
        };
        if let Some(xml) = grow_filter_database(wb, &bytes, index, old_range)? {
            changes.insert(wb.clone(), Change::Replace(with_bom(&bytes, xml)));
        }
        Ok(())
    }

    /// Grow each table of the sheet whose range ends on `after` (and has no totals row) by
    /// one row, with its autoFilter (crates.md §2 "What Excel needs", rule 6).
    fn extend_tables(
        &self,
        after: u32,
        changes: &mut BTreeMap<String, Change>,
    ) -> Result<(), PatchError> {
        let rels = package::read_rels(&self.pkg, &self.sheet_part)?;
        for rel in rels.iter().filter(|r| !r.external && is_kind(r, "table")) {
            let Some(bytes) = self.pkg.read(&rel.target)? else {
                continue;
            };
            if let Some(xml) = extend_table(&rel.target, &bytes, after)? {
                changes.insert(rel.target.clone(), Change::Replace(with_bom(&bytes, xml)));
            }
        }
        Ok(())
    }
}

/// The table part with `ref` (and its autoFilter's) extended by one row, or `None`.
fn extend_table(part: &str, bytes: &[u8], after: u32) -> Result<Option<String>, PatchError> {
    let doc = xml::decode(part, bytes)?;
    let evs = xml::events(part, doc.text)?;
    let mut splices = Vec::new();
    for l in &evs {
        let (Event::Start(e) | Event::Empty(e)) = &l.event else {
            continue;
        };
        let name = local(e);
        if name == "table" {
            let totals = attr_exact(e, "totalsRowCount").is_some_and(|v| v.trim() != "0");
            let Some(range) = attr_exact(e, "ref").and_then(|r| parse_range(&r)) else {
                return Ok(None);
            };
            if totals || range.2 != after {
                return Ok(None);
            }
        }
        if name == "table" || name == "autoFilter" {
            if let Some(r) = attr_exact(e, "ref").and_then(|r| parse_range(&r)) {
                if r.2 == after {
                    let grown = xml::format_range((r.0, r.1, after + 1, r.3));
                    let empty = matches!(l.event, Event::Empty(_));
                    splices.push(Splice {
                        range: l.span.clone(),
                        text: rebuild_tag(e, empty, &[("ref", Some(&grown))]),
                    });
                }
            }
        }
    }
    if splices.is_empty() {
        return Ok(None);
    }
    xml::apply(part, doc.text, &mut splices).map(Some)
}

/// `workbook.xml` with sheet `index`'s `_xlnm._FilterDatabase` (`'POA&M'!$A$4:$N$18`)
/// grown by one row when it is `old_range`; `None` when there is no such name.
fn grow_filter_database(
    part: &str,
    bytes: &[u8],
    index: usize,
    old_range: (u32, u32, u32, u32),
) -> Result<Option<String>, PatchError> {
    let doc = xml::decode(part, bytes)?;
    let evs = xml::events(part, doc.text)?;
    let mut splices = Vec::new();
    let mut in_name = false;
    for l in &evs {
        match &l.event {
            Event::Start(e) if local(e) == "definedName" => {
                let filter = attr_exact(e, "name").as_deref() == Some("_xlnm._FilterDatabase");
                let local_id = attr_exact(e, "localSheetId").and_then(|v| v.trim().parse().ok());
                in_name = filter && local_id == Some(index);
            }
            Event::Text(_) if in_name => {
                let raw = doc.text.get(l.span.clone()).unwrap_or_default();
                if let Some(grown) = grow_sheet_range(raw, old_range) {
                    splices.push(Splice {
                        range: l.span.clone(),
                        text: grown,
                    });
                }
            }
            Event::End(_) => in_name = false,
            _ => {}
        }
    }
    if splices.is_empty() {
        return Ok(None);
    }
    xml::apply(part, doc.text, &mut splices).map(Some)
}

/// `'POA&amp;M'!$A$4:$N$18` → `'POA&amp;M'!$A$4:$N$19` when the range is `old`.
fn grow_sheet_range(text: &str, old: (u32, u32, u32, u32)) -> Option<String> {
    let (sheet, range) = text.rsplit_once('!')?;
    if parse_range(range)? != old {
        return None;
    }
    let grown = (old.0, old.1, old.2 + 1, old.3);
    let shown = if range.contains('$') {
        let a = |r: u32, c: u32| format!("${}${r}", super::column_letters(c));
        format!("{}:{}", a(grown.0, grown.1), a(grown.2, grown.3))
    } else {
        xml::format_range(grown)
    };
    Some(format!("{sheet}!{shown}"))
}

/// New part bytes, with the UTF-8 byte-order mark the original had.
fn with_bom(original: &[u8], xml: String) -> Vec<u8> {
    if original.starts_with(&[0xEF, 0xBB, 0xBF]) {
        let mut v = vec![0xEF, 0xBB, 0xBF];
        v.extend_from_slice(xml.as_bytes());
        v
    } else {
        xml.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn serials_match_excel() {
        assert_eq!(date_serial(d(1900, 1, 1), false), Some(1));
        assert_eq!(date_serial(d(1900, 2, 28), false), Some(59));
        assert_eq!(date_serial(d(1900, 3, 1), false), Some(61));
        assert_eq!(date_serial(d(2026, 3, 1), false), Some(46082));
        assert_eq!(date_serial(d(1899, 12, 31), false), None);
        assert_eq!(date_serial(d(1904, 1, 1), true), Some(0));
        assert_eq!(date_serial(d(2026, 3, 1), true), Some(46082 - 1462));
    }

    #[test]
    fn numbers_print_plainly() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(0.1), "0.1");
        assert_eq!(number_text(1e20), "100000000000000000000");
    }

    #[test]
    fn the_filter_database_name_follows_the_autofilter() {
        let wb = concat!(
            r#"<workbook><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'Other'!$A$4:$N$18</definedName>"#,
            r#"<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'POA&amp;M'!$A$4:$N$18</definedName>"#,
            r#"<definedName name="Lists">'POA&amp;M'!$A$4:$N$18</definedName></definedNames></workbook>"#
        );
        let out = grow_filter_database("wb", wb.as_bytes(), 0, (4, 0, 18, 13));
        assert_eq!(
            out.ok().flatten(),
            Some(wb.replacen(
                r#"localSheetId="0" hidden="1">'POA&amp;M'!$A$4:$N$18"#,
                r#"localSheetId="0" hidden="1">'POA&amp;M'!$A$4:$N$19"#,
                1
            ))
        );
        // Another range (the name was edited by hand) is left alone.
        let out = grow_filter_database("wb", wb.as_bytes(), 0, (5, 0, 18, 13));
        assert_eq!(out.ok().flatten(), None);
    }

    #[test]
    fn tables_grow_by_one_row() {
        let t = r#"<table id="1" ref="A1:C5"><autoFilter ref="A1:C5"/></table>"#;
        assert_eq!(
            extend_table("t", t.as_bytes(), 5).ok().flatten().as_deref(),
            Some(r#"<table id="1" ref="A1:C6"><autoFilter ref="A1:C6"/></table>"#)
        );
        assert_eq!(extend_table("t", t.as_bytes(), 4).ok().flatten(), None);
    }
}

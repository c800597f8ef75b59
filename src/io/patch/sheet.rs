//! Rewriting one worksheet part: replace or insert the edited cells and nothing else.
//!
//! The part is scanned with quick-xml for byte positions; the edited `<c>` elements (and,
//! when needed, a `<row>` start tag, the `<dimension>` and one shared-formula `<f>`) are
//! spliced in, so every other byte of the part is the original's. Rules from crates.md §2
//! "What Excel needs": rows ascending and cells in column order (rule 4), `r` optional
//! (positions are computed), the cell keeps its `s` (rule 3), text as inline strings (rule 2).

use super::formula;
use super::styles::StyleBook;
use super::xml::{self, attr, attr_exact, local, parse_range, parse_ref, prefix_of, Splice};
use super::{cell_ref, PatchError};
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// What to write into one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Already encoded for `<t>` (escaped, `_xHHHH_`).
    Text(String),
    /// The `<v>` text of a number (a date's serial included).
    Number(String),
    Blank,
}

/// One planned cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub content: Content,
    /// The value is a date: the cell needs a date style.
    pub date: bool,
    /// Style to use instead of the cell's own (appended rows copy their style row's).
    pub style: Option<u32>,
}

/// Everything to do to one sheet.
#[derive(Debug, Clone, Default)]
pub struct Job {
    /// row (1-based) → col (0-based) → cell.
    pub cells: BTreeMap<u32, BTreeMap<u32, Planned>>,
    /// Attributes (`ht`, `s` …) for rows this job creates (appended rows).
    pub new_row_attrs: HashMap<u32, Vec<(String, String)>>,
}

/// The rewritten part and the cells that held a formula before.
#[derive(Debug)]
pub struct Outcome {
    pub xml: String,
    pub formula_cells: Vec<(u32, u32)>,
}

/// A `<row>` as found by [`row_info`].
#[derive(Debug, Clone, Default)]
pub struct RowInfo {
    pub attrs: Vec<(String, String)>,
    pub cells: Vec<RowCell>,
}

/// One cell of a [`RowInfo`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RowCell {
    pub col: u32,
    pub style: Option<u32>,
    /// Holds a value (`<v>` or `<is>`), possibly a formula's cached result.
    pub has_value: bool,
    pub has_formula: bool,
}

fn bad(part: &str, message: String) -> PatchError {
    PatchError::BadXml {
        part: part.to_owned(),
        message,
    }
}

/// A shared formula whose master cell is being overwritten (see `formula`).
struct Relocation {
    formula: String,
    master: (u32, u32),
    range: (u32, u32, u32, u32),
    /// The master's `<f …>` start tag text, to keep its other attributes.
    tag: String,
}

/// A cell element found in the part.
struct FoundCell {
    span: Range<usize>,
    style: Option<u32>,
    keep_r: bool,
    formula: Option<FoundFormula>,
    has_value: bool,
}

struct FoundFormula {
    span: Range<usize>,
    kind: Option<String>,
    reference: Option<String>,
    si: Option<String>,
    /// Raw (escaped) formula text.
    text: String,
    tag: String,
}

struct Pass<'a, 'b> {
    part: &'a str,
    text: &'a str,
    evs: Vec<xml::Located<'a>>,
    job: Job,
    styles: &'b mut Option<StyleBook>,
    prefix: String,
    col_styles: Vec<(u32, u32, u32)>,
    splices: Vec<Splice>,
    formula_cells: Vec<(u32, u32)>,
    arrays: Vec<(u32, u32, u32, u32)>,
    relocations: HashMap<String, Relocation>,
    /// Bounding box of the cells written (top, left, bottom, right).
    written: Option<(u32, u32, u32, u32)>,
}

/// Rewrite `text` (the sheet part) according to `job`.
pub fn rewrite(
    part: &str,
    text: &str,
    job: Job,
    styles: &mut Option<StyleBook>,
) -> Result<Outcome, PatchError> {
    let evs = xml::events(part, text)?;
    let mut pass = Pass {
        part,
        text,
        evs,
        job,
        styles,
        prefix: String::new(),
        col_styles: Vec::new(),
        splices: Vec::new(),
        formula_cells: Vec::new(),
        arrays: Vec::new(),
        relocations: HashMap::new(),
        written: None,
    };
    pass.run()?;
    let xml = xml::apply(part, text, &mut pass.splices)?;
    Ok(Outcome {
        xml,
        formula_cells: pass.formula_cells,
    })
}

impl Pass<'_, '_> {
    fn run(&mut self) -> Result<(), PatchError> {
        let mut dimension: Option<usize> = None;
        let mut saw_sheet_data = false;
        let mut last_row: u32 = 0;
        let mut i = 0;
        while i < self.evs.len() {
            let (kind, name, span) = match self.evs.get(i).map(|l| (&l.event, &l.span)) {
                Some((Event::Start(e), s)) => (1, local(e), s.clone()),
                Some((Event::Empty(e), s)) => (2, local(e), s.clone()),
                Some((Event::End(e), s)) => (3, e.local_name().into_inner().to_owned(), s.clone()),
                _ => (0, String::new(), 0..0),
            };
            match (kind, name.as_str()) {
                (1 | 2, "worksheet") => self.prefix = self.prefix_at(i),
                (1 | 2, "col") => self.note_col_style(i),
                (1 | 2, "dimension") => dimension = Some(i),
                (2, "sheetData") => {
                    saw_sheet_data = true;
                    self.prefix = self.prefix_at(i);
                    let rows = self.all_remaining_rows()?;
                    let p = self.prefix.clone();
                    let open = self
                        .tag_text(i)
                        .trim_end_matches("/>")
                        .trim_end()
                        .to_owned();
                    self.splices.push(Splice {
                        range: span,
                        text: format!("{open}>{rows}</{p}sheetData>"),
                    });
                }
                (1, "sheetData") => {
                    saw_sheet_data = true;
                    self.prefix = self.prefix_at(i);
                    i = self.sheet_data(i + 1, &mut last_row)?;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        if !saw_sheet_data {
            return Err(bad(self.part, "the worksheet has no sheetData".into()));
        }
        if let Some(d) = dimension {
            self.update_dimension(d)?;
        }
        // A relocation still pending means no other cell used that shared formula.
        Ok(())
    }

    fn prefix_at(&self, i: usize) -> String {
        match self.evs.get(i).map(|l| &l.event) {
            Some(Event::Start(e) | Event::Empty(e)) => prefix_of(e),
            _ => String::new(),
        }
    }

    fn tag_text(&self, i: usize) -> &str {
        self.evs
            .get(i)
            .and_then(|l| self.text.get(l.span.clone()))
            .unwrap_or_default()
    }

    fn start(&self, i: usize) -> Option<&BytesStart<'_>> {
        match self.evs.get(i).map(|l| &l.event) {
            Some(Event::Start(e) | Event::Empty(e)) => Some(e),
            _ => None,
        }
    }

    /// `<col min max style>`: the style a new cell in that column gets.
    fn note_col_style(&mut self, i: usize) {
        let Some(e) = self.start(i) else { return };
        let num = |n: &str| attr(e, n).and_then(|v| v.trim().parse::<u32>().ok());
        if let (Some(min), Some(max), Some(style)) = (num("min"), num("max"), num("style")) {
            self.col_styles.push((min, max, style));
        }
    }

    /// Walk the rows of sheetData from event `i`; returns the index after `</sheetData>`.
    fn sheet_data(&mut self, mut i: usize, last_row: &mut u32) -> Result<usize, PatchError> {
        while i < self.evs.len() {
            let (kind, name, span) = match self.evs.get(i).map(|l| (&l.event, &l.span)) {
                Some((Event::Start(e), s)) => (1, local(e), s.clone()),
                Some((Event::Empty(e), s)) => (2, local(e), s.clone()),
                Some((Event::End(e), s)) => (3, e.local_name().into_inner().to_owned(), s.clone()),
                _ => (0, String::new(), 0..0),
            };
            match (kind, name.as_str()) {
                (1 | 2, "row") => {
                    let r = self.row_number(i, *last_row)?;
                    *last_row = r;
                    let before = self.rows_before(r)?;
                    if !before.is_empty() {
                        self.splices.push(Splice {
                            range: span.start..span.start,
                            text: before,
                        });
                    }
                    if kind == 2 {
                        self.empty_row(i, r)?;
                        i += 1;
                    } else {
                        i = self.row(i, r)?;
                    }
                    continue;
                }
                (3, "sheetData") => {
                    let rest = self.all_remaining_rows()?;
                    if !rest.is_empty() {
                        self.splices.push(Splice {
                            range: span.start..span.start,
                            text: rest,
                        });
                    }
                    return Ok(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        Err(bad(self.part, "sheetData is not closed".into()))
    }

    fn row_number(&self, i: usize, last: u32) -> Result<u32, PatchError> {
        let e = self.start(i);
        let r = match e.and_then(|e| attr_exact(e, "r")) {
            Some(v) => v
                .trim()
                .parse::<u32>()
                .map_err(|_| bad(self.part, format!("row number '{v}' is not a number")))?,
            None => last
                .checked_add(1)
                .ok_or_else(|| bad(self.part, "too many rows".into()))?,
        };
        if r <= last {
            return Err(bad(
                self.part,
                format!("row {r} comes after row {last}; rows are out of order"),
            ));
        }
        Ok(r)
    }

    /// New `<row>` elements for planned rows before row `r`.
    fn rows_before(&mut self, r: u32) -> Result<String, PatchError> {
        let keys: Vec<u32> = self.job.cells.range(..r).map(|(k, _)| *k).collect();
        let mut out = String::new();
        for k in keys {
            if let Some(cells) = self.job.cells.remove(&k) {
                out.push_str(&self.new_row(k, cells)?);
            }
        }
        Ok(out)
    }

    fn all_remaining_rows(&mut self) -> Result<String, PatchError> {
        self.rows_before(u32::MAX)
    }

    /// A whole new `<row>` with its planned cells (empty string when nothing to write).
    fn new_row(&mut self, r: u32, cells: BTreeMap<u32, Planned>) -> Result<String, PatchError> {
        let attrs = self.job.new_row_attrs.remove(&r).unwrap_or_default();
        let row_style = row_style_of(&attrs);
        let mut body = String::new();
        for (col, plan) in cells {
            body.push_str(&self.new_cell(r, col, &plan, row_style)?);
        }
        if body.is_empty() {
            return Ok(body);
        }
        let p = &self.prefix;
        let mut tag = format!(r#"<{p}row r="{r}""#);
        for (k, v) in attrs {
            tag.push_str(&format!(r#" {k}="{}""#, xml::escape_attr(&v)));
        }
        Ok(format!("{tag}>{body}</{p}row>"))
    }

    /// An empty `<row …/>` that gets cells: it becomes `<row …>cells</row>`.
    fn empty_row(&mut self, i: usize, r: u32) -> Result<(), PatchError> {
        let Some(cells) = self.job.cells.remove(&r) else {
            return Ok(());
        };
        let row_style = self.start(i).and_then(row_style_of_tag);
        let mut body = String::new();
        let (mut lo, mut hi) = (u32::MAX, 0);
        for (col, plan) in cells {
            let c = self.new_cell(r, col, &plan, row_style)?;
            if !c.is_empty() {
                lo = lo.min(col);
                hi = hi.max(col);
            }
            body.push_str(&c);
        }
        if body.is_empty() {
            return Ok(());
        }
        let open = self.row_open_tag(i, lo, hi, false);
        let span = self.evs.get(i).map(|l| l.span.clone()).unwrap_or(0..0);
        let p = &self.prefix;
        self.splices.push(Splice {
            range: span,
            text: format!("{open}{body}</{p}row>"),
        });
        Ok(())
    }

    /// The row's start tag, with `spans` widened to cover new cells `lo..=hi`.
    fn row_open_tag(&self, i: usize, lo: u32, hi: u32, keep_empty: bool) -> String {
        let Some(e) = self.start(i) else {
            return String::new();
        };
        let widened = attr_exact(e, "spans").and_then(|s| widen_spans(&s, lo, hi));
        match widened {
            Some(s) => xml::rebuild_tag(e, keep_empty, &[("spans", Some(&s))]),
            None => xml::rebuild_tag(e, keep_empty, &[]),
        }
    }

    /// Write the cells an edit creates in row `r` as one splice at byte `at`, widening the
    /// row's span `lo..=hi` to the columns that got a cell.
    fn insert_new_cells(
        &mut self,
        r: u32,
        plans: BTreeMap<u32, Planned>,
        row_style: Option<u32>,
        at: usize,
        (lo, hi): (&mut u32, &mut u32),
    ) -> Result<(), PatchError> {
        let mut text = String::new();
        for (k, plan) in plans {
            let c = self.new_cell(r, k, &plan, row_style)?;
            if !c.is_empty() {
                *lo = (*lo).min(k);
                *hi = (*hi).max(k);
            }
            text.push_str(&c);
        }
        if !text.is_empty() {
            self.splices.push(Splice {
                range: at..at,
                text,
            });
        }
        Ok(())
    }

    /// Walk one `<row>` from its start event `i`; returns the index after `</row>`.
    fn row(&mut self, i: usize, r: u32) -> Result<usize, PatchError> {
        let mut cells = self.job.cells.remove(&r).unwrap_or_default();
        let row_style = self.start(i).and_then(row_style_of_tag);
        let mut last_col: Option<u32> = None;
        let (mut lo, mut hi) = (u32::MAX, 0u32);
        let mut j = i + 1;
        while j < self.evs.len() {
            let (kind, name, span) = match self.evs.get(j).map(|l| (&l.event, &l.span)) {
                Some((Event::Start(e), s)) => (1, local(e), s.clone()),
                Some((Event::Empty(e), s)) => (2, local(e), s.clone()),
                Some((Event::End(e), s)) => (3, e.local_name().into_inner().to_owned(), s.clone()),
                _ => (0, String::new(), 0..0),
            };
            match (kind, name.as_str()) {
                (1 | 2, "c") => {
                    let col = self.cell_col(j, r, last_col)?;
                    last_col = Some(col);
                    // Cells this edit creates left of `col` go in before it.
                    let rest = cells.split_off(&col);
                    let before = std::mem::replace(&mut cells, rest);
                    self.insert_new_cells(r, before, row_style, span.start, (&mut lo, &mut hi))?;
                    let (found, next) = self.read_cell(j, kind == 2)?;
                    match cells.remove(&col) {
                        Some(plan) => self.replace_cell(r, col, &found, &plan)?,
                        None => self.pass_cell(r, col, &found)?,
                    }
                    j = next;
                    continue;
                }
                (3, "row") => {
                    // Cells this edit creates right of the last existing one go before `</row>`.
                    let rest = std::mem::take(&mut cells);
                    self.insert_new_cells(r, rest, row_style, span.start, (&mut lo, &mut hi))?;
                    if lo <= hi {
                        self.widen_row_tag(i, lo, hi);
                    }
                    return Ok(j + 1);
                }
                _ => {}
            }
            j += 1;
        }
        Err(bad(self.part, format!("row {r} is not closed")))
    }

    fn widen_row_tag(&mut self, i: usize, lo: u32, hi: u32) {
        let Some(e) = self.start(i) else { return };
        let Some(spans) = attr_exact(e, "spans") else {
            return;
        };
        if let Some(w) = widen_spans(&spans, lo, hi) {
            if w != spans {
                let text = xml::rebuild_tag(e, false, &[("spans", Some(&w))]);
                let range = self.evs.get(i).map(|l| l.span.clone()).unwrap_or(0..0);
                self.splices.push(Splice { range, text });
            }
        }
    }

    fn cell_col(&self, j: usize, r: u32, last: Option<u32>) -> Result<u32, PatchError> {
        let reference = self.start(j).and_then(|e| attr_exact(e, "r"));
        let col = match reference {
            Some(v) => {
                let (_, c) = parse_ref(&v)
                    .ok_or_else(|| bad(self.part, format!("bad cell reference '{v}'")))?;
                c
            }
            None => last.map_or(0, |c| c + 1),
        };
        if last.is_some_and(|l| col <= l) {
            return Err(bad(
                self.part,
                format!("cells of row {r} are out of column order"),
            ));
        }
        Ok(col)
    }

    /// Read a `<c>` from event `j`: its span, style, formula; returns the next index.
    fn read_cell(&self, j: usize, empty: bool) -> Result<(FoundCell, usize), PatchError> {
        let e = self
            .start(j)
            .ok_or_else(|| bad(self.part, "cell expected".into()))?;
        let style = attr_exact(e, "s").and_then(|v| v.trim().parse().ok());
        let keep_r = attr_exact(e, "r").is_some();
        let start = self.evs.get(j).map_or(0, |l| l.span.start);
        let mut found = FoundCell {
            span: start..self.evs.get(j).map_or(0, |l| l.span.end),
            style,
            keep_r,
            formula: None,
            has_value: false,
        };
        if empty {
            return Ok((found, j + 1));
        }
        let mut k = j + 1;
        let mut f_open: Option<(usize, &BytesStart)> = None;
        while let Some(l) = self.evs.get(k) {
            match &l.event {
                Event::End(end) if end.local_name().into_inner() == "c" => {
                    found.span = start..l.span.end;
                    return Ok((found, k + 1));
                }
                Event::Start(f) if f.local_name().into_inner() == "f" => f_open = Some((k, f)),
                Event::Empty(f) if f.local_name().into_inner() == "f" => {
                    found.formula = Some(self.formula_of(f, l.span.clone(), String::new()));
                }
                Event::End(end) if end.local_name().into_inner() == "f" => {
                    if let Some((fk, f)) = f_open.take() {
                        let open = self.evs.get(fk).map_or(0..0, |o| o.span.clone());
                        let raw = self.text.get(open.end..l.span.start).unwrap_or_default();
                        found.formula =
                            Some(self.formula_of(f, open.start..l.span.end, raw.to_owned()));
                    }
                }
                Event::Start(v) | Event::Empty(v)
                    if matches!(v.local_name().into_inner(), "v" | "is") =>
                {
                    found.has_value = true;
                }
                _ => {}
            }
            k += 1;
        }
        Err(bad(self.part, "a cell is not closed".into()))
    }

    fn formula_of(&self, f: &BytesStart, span: Range<usize>, text: String) -> FoundFormula {
        let tag_end = self
            .text
            .get(span.clone())
            .and_then(|s| s.find('>'))
            .map_or(span.start, |p| span.start + p + 1);
        FoundFormula {
            kind: attr_exact(f, "t"),
            reference: attr_exact(f, "ref"),
            si: attr_exact(f, "si"),
            tag: self
                .text
                .get(span.start..tag_end)
                .unwrap_or_default()
                .to_owned(),
            span,
            text,
        }
    }

    /// A cell that is not edited: remember array ranges, and give a shared formula group
    /// its new master when the old master was overwritten.
    fn pass_cell(&mut self, r: u32, col: u32, found: &FoundCell) -> Result<(), PatchError> {
        let Some(f) = &found.formula else {
            return Ok(());
        };
        match f.kind.as_deref() {
            Some("array") => {
                if let Some(range) = f.reference.as_deref().and_then(parse_range) {
                    self.arrays.push(range);
                }
            }
            Some("shared") if f.text.trim().is_empty() => {
                let Some(si) = &f.si else { return Ok(()) };
                if let Some(rel) = self.relocations.remove(si) {
                    let text = self.new_master(r, col, si, &rel)?;
                    self.splices.push(Splice {
                        range: f.span.clone(),
                        text,
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The `<f>` of the cell that takes over a shared formula from the overwritten master.
    fn new_master(
        &self,
        r: u32,
        col: u32,
        si: &str,
        rel: &Relocation,
    ) -> Result<String, PatchError> {
        let (top, left, bottom, right) = rel.range;
        let (mr, mc) = rel.master;
        let new_ref = if top == bottom || left == right || col == left {
            (r, col, bottom, right)
        } else {
            return Err(PatchError::BadEdit {
                cell: cell_ref(mr, mc),
                message: "it is the first cell of a formula shared over a block of cells; \
                          edit it in the spreadsheet program"
                    .into(),
            });
        };
        let formula = quick_xml::escape::unescape(&rel.formula)
            .map_err(|e| bad(self.part, format!("formula of {}: {e}", cell_ref(mr, mc))))?;
        let shifted = formula::shift(
            &formula,
            i64::from(r) - i64::from(mr),
            i64::from(col) - i64::from(mc),
        );
        let evs = xml::events(self.part, &rel.tag)?;
        let Some(Event::Start(tag)) = evs.first().map(|l| &l.event) else {
            return Err(bad(self.part, "shared formula tag".into()));
        };
        let range = xml::format_range(new_ref);
        let open = xml::rebuild_tag(tag, false, &[("ref", Some(&range)), ("si", Some(si))]);
        let p = prefix_of(tag);
        Ok(format!("{open}{}</{p}f>", xml::escape_text(&shifted)))
    }

    /// Replace an existing cell with its planned content.
    fn replace_cell(
        &mut self,
        r: u32,
        col: u32,
        found: &FoundCell,
        plan: &Planned,
    ) -> Result<(), PatchError> {
        if self
            .arrays
            .iter()
            .any(|&(t, l, b, rt)| (t..=b).contains(&r) && (l..=rt).contains(&col))
        {
            return Err(array_error(r, col));
        }
        if let Some(f) = &found.formula {
            let range = f.reference.as_deref().and_then(parse_range);
            let multi = range.is_some_and(|(t, l, b, rt)| t != b || l != rt);
            match f.kind.as_deref() {
                Some("array") | Some("dataTable") if multi => return Err(array_error(r, col)),
                Some("shared") if multi => {
                    if let (Some(si), Some(range)) = (&f.si, range) {
                        self.relocations.insert(
                            si.clone(),
                            Relocation {
                                formula: f.text.clone(),
                                master: (r, col),
                                range,
                                tag: f.tag.clone(),
                            },
                        );
                    }
                }
                _ => {}
            }
            self.formula_cells.push((r, col));
        }
        let base = plan.style.or(found.style);
        let style = self.style_for(plan, base)?;
        let reference = found.keep_r.then(|| cell_ref(r, col));
        let text = cell_xml(&self.prefix, reference.as_deref(), style, &plan.content);
        self.note_written(r, col);
        self.splices.push(Splice {
            range: found.span.clone(),
            text,
        });
        Ok(())
    }

    /// XML for a cell that did not exist (empty when there is nothing to write: a blank
    /// without a style of its own).
    fn new_cell(
        &mut self,
        r: u32,
        col: u32,
        plan: &Planned,
        row_style: Option<u32>,
    ) -> Result<String, PatchError> {
        if plan.content == Content::Blank && plan.style.is_none() {
            return Ok(String::new());
        }
        let col_style = self
            .col_styles
            .iter()
            .find(|(min, max, _)| (*min..=*max).contains(&(col + 1)))
            .map(|(_, _, s)| *s);
        let base = plan.style.or(row_style).or(col_style);
        let style = self.style_for(plan, base)?;
        self.note_written(r, col);
        Ok(cell_xml(
            &self.prefix,
            Some(&cell_ref(r, col)),
            style,
            &plan.content,
        ))
    }

    fn style_for(&mut self, plan: &Planned, base: Option<u32>) -> Result<Option<u32>, PatchError> {
        if !plan.date {
            return Ok(base);
        }
        match self.styles.as_mut() {
            Some(book) => book.date_style_for(base).map(Some),
            None => Err(PatchError::BadPackage(
                "the workbook has no styles part, so a date cannot be formatted".into(),
            )),
        }
    }

    fn note_written(&mut self, r: u32, c: u32) {
        self.written = Some(match self.written {
            None => (r, c, r, c),
            Some((t, l, b, rt)) => (t.min(r), l.min(c), b.max(r), rt.max(c)),
        });
    }

    /// Grow `<dimension ref>` to cover the written cells.
    fn update_dimension(&mut self, i: usize) -> Result<(), PatchError> {
        let Some(w) = self.written else { return Ok(()) };
        let Some(e) = self.start(i) else {
            return Ok(());
        };
        let Some(old) = attr(e, "ref").and_then(|v| parse_range(&v)) else {
            return Ok(());
        };
        let new = (
            old.0.min(w.0),
            old.1.min(w.1),
            old.2.max(w.2),
            old.3.max(w.3),
        );
        if new == old {
            return Ok(());
        }
        let empty = matches!(self.evs.get(i).map(|l| &l.event), Some(Event::Empty(_)));
        let text = xml::rebuild_tag(e, empty, &[("ref", Some(&xml::format_range(new)))]);
        let range = self.evs.get(i).map(|l| l.span.clone()).unwrap_or(0..0);
        self.splices.push(Splice { range, text });
        Ok(())
    }
}

fn array_error(r: u32, col: u32) -> PatchError {
    PatchError::BadEdit {
        cell: cell_ref(r, col),
        message: "it is part of an array formula spanning several cells; edit it in the \
                  spreadsheet program"
            .into(),
    }
}

/// The row's own style, which applies only with `customFormat="1"` (ECMA-376 §18.3.1.73).
fn row_style_of_tag(e: &BytesStart) -> Option<u32> {
    let custom = attr_exact(e, "customFormat").is_some_and(|v| v == "1" || v == "true");
    if custom {
        attr_exact(e, "s").and_then(|v| v.trim().parse().ok())
    } else {
        None
    }
}

fn row_style_of(attrs: &[(String, String)]) -> Option<u32> {
    let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if matches!(get("customFormat"), Some("1" | "true")) {
        get("s").and_then(|v| v.trim().parse().ok())
    } else {
        None
    }
}

/// `spans="2:5"` widened to include 0-based columns lo..=hi (spans are 1-based); `None`
/// when the attribute has another shape (it is an optional hint).
fn widen_spans(spans: &str, lo: u32, hi: u32) -> Option<String> {
    let (a, b) = spans.trim().split_once(':')?;
    let a: u32 = a.parse().ok()?;
    let b: u32 = b.parse().ok()?;
    Some(format!("{}:{}", a.min(lo + 1), b.max(hi + 1)))
}

/// The XML of one cell. New text is always an inline string, never a formula.
pub fn cell_xml(p: &str, reference: Option<&str>, style: Option<u32>, content: &Content) -> String {
    let mut open = format!("<{p}c");
    if let Some(r) = reference {
        open.push_str(&format!(r#" r="{r}""#));
    }
    if let Some(s) = style {
        open.push_str(&format!(r#" s="{s}""#));
    }
    match content {
        Content::Text(t) => format!(
            r#"{open} t="inlineStr"><{p}is><{p}t xml:space="preserve">{t}</{p}t></{p}is></{p}c>"#
        ),
        Content::Number(v) => format!("{open}><{p}v>{v}</{p}v></{p}c>"),
        Content::Blank => format!("{open}/>"),
    }
}

/// What a row holds, for appending: its attributes and each cell's style.
pub fn row_info(part: &str, text: &str, row: u32) -> Result<Option<RowInfo>, PatchError> {
    let evs = xml::events(part, text)?;
    let mut in_data = false;
    let mut last_row = 0u32;
    let mut current: Option<RowInfo> = None;
    let mut last_col: Option<u32> = None;
    let mut cell: Option<RowCell> = None;
    for l in &evs {
        match &l.event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(l.event, Event::Empty(_));
                match local(e).as_str() {
                    "sheetData" if !empty => in_data = true,
                    "row" if in_data => {
                        let r = attr_exact(e, "r")
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(last_row.saturating_add(1));
                        last_row = r;
                        last_col = None;
                        if r == row {
                            let attrs = e
                                .attributes()
                                .flatten()
                                .map(|a| (a.key.0.to_owned(), a.value.to_string()))
                                .collect();
                            let info = RowInfo {
                                attrs,
                                cells: Vec::new(),
                            };
                            if empty {
                                return Ok(Some(info));
                            }
                            current = Some(info);
                        } else if r > row {
                            return Ok(current);
                        }
                    }
                    "c" if current.is_some() => {
                        let col = attr_exact(e, "r")
                            .and_then(|v| parse_ref(&v))
                            .map_or(last_col.map_or(0, |c| c + 1), |(_, c)| c);
                        last_col = Some(col);
                        let found = RowCell {
                            col,
                            style: attr_exact(e, "s").and_then(|v| v.trim().parse().ok()),
                            has_value: false,
                            has_formula: false,
                        };
                        if empty {
                            if let Some(info) = current.as_mut() {
                                info.cells.push(found);
                            }
                        } else {
                            cell = Some(found);
                        }
                    }
                    "v" | "is" => {
                        if let Some(c) = cell.as_mut() {
                            c.has_value = true;
                        }
                    }
                    "f" => {
                        if let Some(c) = cell.as_mut() {
                            c.has_formula = true;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().into_inner() {
                "c" => {
                    if let (Some(c), Some(info)) = (cell.take(), current.as_mut()) {
                        info.cells.push(c);
                    }
                }
                "row" if current.is_some() => return Ok(current),
                "sheetData" => return Ok(current),
                _ => {}
            },
            _ => {}
        }
    }
    Ok(current)
}

/// The sheet part after [`extend_ranges`].
#[derive(Debug, Clone, PartialEq)]
pub struct Extended {
    pub xml: String,
    /// The sheet-level autoFilter's range before it grew, when it did (the caller updates
    /// the workbook's hidden `_xlnm._FilterDatabase` name to match).
    pub auto_filter: Option<(u32, u32, u32, u32)>,
}

/// After a row is appended below `after`, grow the sheet's ranges that end on `after` by
/// one row, so the new row behaves like the rows above it:
/// * the sheet-level `<autoFilter ref>` (a direct child of `<worksheet>`; a table keeps
///   its own in `tableN.xml`), whatever its height: a filter that stops above the new row
///   would leave it out of sorting and filtering;
/// * every `sqref` range of `<dataValidation>` and `<conditionalFormatting>`, including
///   the `<xm:sqref>` of their Excel 2010 `x14:` extensions, that spans several rows and
///   ends on `after`: the drop-downs and highlights then cover the new row. A one-row
///   range is about that row alone and stays as it is.
///
/// Ranges ending elsewhere (a validation prepared down to row 204) are left alone.
pub fn extend_ranges(part: &str, text: &str, after: u32) -> Result<Extended, PatchError> {
    let evs = xml::events(part, text)?;
    let mut splices = Vec::new();
    let mut auto_filter = None;
    let mut depth = 0usize;
    let mut in_sqref = false;
    for l in &evs {
        match &l.event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(l.event, Event::Empty(_));
                let name = local(e);
                if name == "autoFilter" && depth == 1 {
                    if let Some(r) = attr_exact(e, "ref").and_then(|v| parse_range(&v)) {
                        if r.2 == after {
                            let grown = xml::format_range((r.0, r.1, after + 1, r.3));
                            splices.push(Splice {
                                range: l.span.clone(),
                                text: xml::rebuild_tag(e, empty, &[("ref", Some(&grown))]),
                            });
                            auto_filter = Some(r);
                        }
                    }
                }
                if matches!(name.as_str(), "dataValidation" | "conditionalFormatting") {
                    let grown = attr_exact(e, "sqref").and_then(|v| grow_sqref(&v, after));
                    if let Some(grown) = grown {
                        splices.push(Splice {
                            range: l.span.clone(),
                            text: xml::rebuild_tag(e, empty, &[("sqref", Some(&grown))]),
                        });
                    }
                }
                in_sqref = name == "sqref" && !empty;
                if !empty {
                    depth += 1;
                }
            }
            Event::Text(_) if in_sqref => {
                let raw = text.get(l.span.clone()).unwrap_or_default();
                if let Some(grown) = grow_sqref(raw, after) {
                    splices.push(Splice {
                        range: l.span.clone(),
                        text: grown,
                    });
                }
            }
            Event::End(_) => {
                in_sqref = false;
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    let xml = if splices.is_empty() {
        text.to_owned()
    } else {
        xml::apply(part, text, &mut splices)?
    };
    Ok(Extended { xml, auto_filter })
}

/// A space-separated list of ranges (`K5:K18 M5:M18`) with every multi-row range ending
/// on `after` grown by one row; `None` when none does. Other parts keep their text.
fn grow_sqref(sqref: &str, after: u32) -> Option<String> {
    let mut grew = false;
    let parts: Vec<String> = sqref
        .split(' ')
        .map(|part| match parse_range(part) {
            Some(r) if r.0 < r.2 && r.2 == after => {
                grew = true;
                xml::format_range((r.0, r.1, after + 1, r.3))
            }
            _ => part.to_owned(),
        })
        .collect();
    grew.then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(content: Content) -> Planned {
        Planned {
            content,
            date: false,
            style: None,
        }
    }

    fn run(xml: &str, cells: &[(u32, u32, Content)]) -> Outcome {
        let mut job = Job::default();
        for (r, c, v) in cells {
            job.cells.entry(*r).or_default().insert(*c, plan(v.clone()));
        }
        rewrite("sheet", xml, job, &mut None).unwrap_or_else(|e| panic!("{e}"))
    }

    const SHEET: &str = r#"<worksheet><dimension ref="A1:B2"/><sheetData><row r="1" spans="1:2"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1"><v>2</v></c></row><row r="3"><c r="B3"><f>A1+1</f><v>3</v></c></row></sheetData></worksheet>"#;

    #[test]
    fn replaces_inserts_and_keeps_the_rest() {
        let out = run(
            SHEET,
            &[
                (1, 0, Content::Text("New".into())),
                (1, 3, Content::Number("7".into())),
                (2, 1, Content::Number("5".into())),
                (3, 1, Content::Blank),
                (5, 0, Content::Text("x".into())),
            ],
        );
        assert_eq!(
            out.xml,
            r#"<worksheet><dimension ref="A1:D5"/><sheetData><row r="1" spans="1:4"><c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">New</t></is></c><c r="B1"><v>2</v></c><c r="D1"><v>7</v></c></row><row r="2"><c r="B2"><v>5</v></c></row><row r="3"><c r="B3"/></row><row r="5"><c r="A5" t="inlineStr"><is><t xml:space="preserve">x</t></is></c></row></sheetData></worksheet>"#
        );
        assert_eq!(out.formula_cells, vec![(3, 1)]);
    }

    #[test]
    fn cells_without_r_are_counted() {
        let xml = r#"<worksheet><sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData></worksheet>"#;
        let out = run(
            xml,
            &[
                (2, 0, Content::Number("9".into())),
                (1, 1, Content::Number("8".into())),
            ],
        );
        assert_eq!(
            out.xml,
            r#"<worksheet><sheetData><row><c><v>1</v></c><c><v>8</v></c></row><row><c><v>9</v></c></row></sheetData></worksheet>"#
        );
    }

    #[test]
    fn prefixed_and_empty_sheet_data() {
        let xml = r#"<x:worksheet xmlns:x="ns"><x:sheetData/></x:worksheet>"#;
        let out = run(xml, &[(2, 1, Content::Text("a".into()))]);
        assert_eq!(
            out.xml,
            r#"<x:worksheet xmlns:x="ns"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t xml:space="preserve">a</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"#
        );
    }

    #[test]
    fn shared_formula_master_moves_to_next_cell() {
        let xml = r#"<worksheet><sheetData><row r="9"><c r="L9"><f t="shared" ref="L9:L11" si="0">K9+30</f><v>1</v></c></row><row r="10"><c r="L10"><f t="shared" si="0"/><v>2</v></c></row><row r="11"><c r="L11"><f t="shared" si="0"/><v>3</v></c></row></sheetData></worksheet>"#;
        let out = run(xml, &[(9, 11, Content::Number("5".into()))]);
        assert_eq!(
            out.xml,
            r#"<worksheet><sheetData><row r="9"><c r="L9"><v>5</v></c></row><row r="10"><c r="L10"><f t="shared" ref="L10:L11" si="0">K10+30</f><v>2</v></c></row><row r="11"><c r="L11"><f t="shared" si="0"/><v>3</v></c></row></sheetData></worksheet>"#
        );
        assert_eq!(out.formula_cells, vec![(9, 11)]);
    }

    #[test]
    fn array_members_are_refused() {
        let xml = r#"<worksheet><sheetData><row r="1"><c r="A1"><f t="array" ref="A1:A2">B1:B2</f><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>"#;
        let mut job = Job::default();
        job.cells
            .entry(2)
            .or_default()
            .insert(0, plan(Content::Blank));
        let err = rewrite("sheet", xml, job, &mut None).err();
        assert!(matches!(err, Some(PatchError::BadEdit { ref cell, .. }) if cell == "A2"));
    }

    #[test]
    fn finds_row_info() {
        let info = row_info("s", SHEET, 1).ok().flatten().unwrap_or_default();
        let cells: Vec<_> = info
            .cells
            .iter()
            .map(|c| (c.col, c.style, c.has_value, c.has_formula))
            .collect();
        assert_eq!(
            cells,
            vec![(0, Some(1), true, false), (1, None, true, false)]
        );
        let info = row_info("s", SHEET, 3).ok().flatten().unwrap_or_default();
        assert_eq!(info.cells.first().map(|c| c.has_formula), Some(true));
        assert!(row_info("s", SHEET, 2).ok().flatten().is_none());
    }

    #[test]
    fn ranges_ending_on_the_last_row_grow() {
        let xml = concat!(
            r#"<worksheet><sheetData/><autoFilter ref="A4:N18" />"#,
            r#"<dataValidations count="2"><dataValidation sqref="K5:K18 M5:M204 N18"><formula1>"a"</formula1></dataValidation>"#,
            r#"<dataValidation sqref="D5:D204"/></dataValidations>"#,
            r#"<conditionalFormatting sqref="A5:N18"><cfRule/></conditionalFormatting>"#,
            r#"<extLst><ext><x14:dataValidations><x14:dataValidation><xm:sqref>S5:S18</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"#,
            r#"<customSheetViews><customSheetView><autoFilter ref="A4:B18"/></customSheetView></customSheetViews></worksheet>"#
        );
        let out = extend_ranges("sheet", xml, 18).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.auto_filter, Some((4, 0, 18, 13)));
        assert_eq!(
            out.xml,
            concat!(
                r#"<worksheet><sheetData/><autoFilter ref="A4:N19"/>"#,
                r#"<dataValidations count="2"><dataValidation sqref="K5:K19 M5:M204 N18"><formula1>"a"</formula1></dataValidation>"#,
                r#"<dataValidation sqref="D5:D204"/></dataValidations>"#,
                r#"<conditionalFormatting sqref="A5:N19"><cfRule/></conditionalFormatting>"#,
                r#"<extLst><ext><x14:dataValidations><x14:dataValidation><xm:sqref>S5:S19</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"#,
                r#"<customSheetViews><customSheetView><autoFilter ref="A4:B18"/></customSheetView></customSheetViews></worksheet>"#
            )
        );
        let untouched = extend_ranges("sheet", xml, 17).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(untouched.xml, xml);
        assert_eq!(untouched.auto_filter, None);
    }
}

//! Reading files into rows of cells, finding the header, and building a `Poam`.
//! `io` knows nothing of rules. OWNER: io helper.
//!
//! The flow for a POA&M: open the file (`source`), read at most the first 30 rows of
//! each sheet to find and score its header row (`columns`), choose the sheet, then stream
//! that sheet's rows under the header into `model::build::ItemBuilder`, which hands each
//! item on as soon as it is complete ([`stream_poam`]; [`load_poam`] keeps them all).
//!
//! Streaming uses both cores: one thread reads the file (unzipping and parsing XML, or
//! splitting CSV records) and sends the rows in batches over a bounded channel; the calling
//! thread builds items from them and hands each to the caller. The wall time is then close
//! to the slower of the two, not their sum.

pub mod cell;
pub mod columns;
mod csv_file;
pub mod error;
pub mod git;
pub mod patch;
mod source;

pub use error::InputError;

use crate::model::build::{ItemBuilder, PreparedRow, RowPrep};
use crate::model::item::TextPool;
use crate::model::{Field, Item, Poam};
use cell::{CellValue, Row};
use error::quoted_list;
use source::{RowAssembler, Source, XlsxCell, XlsxCells};
use std::borrow::Cow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Rows per batch sent from the reading thread: enough that the channel costs nothing
/// per row, few enough that both threads start work at once.
const BATCH_ROWS: usize = 256;
/// Cells per batch, when the reading thread sends cells (XLSX): about as many rows.
const BATCH_CELLS: usize = 4096;
/// Batches the reader may be ahead of the item builder (bounded: memory stays flat).
const BATCHES_AHEAD: usize = 4;

/// Receives each item of the sheet, complete, in row order, with the sheet it is on
/// (whose `items` is empty). It returns the item to have its buffers reused for the next
/// ones, or `None` when it keeps it.
pub type ItemSink<'s> = dyn FnMut(&Poam, Item) -> Option<Item> + 's;

/// How to read a POA&M.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--sheet`: read this sheet, else the one whose header matches best.
    pub sheet: Option<String>,
    /// A sheet named by configuration (`[defaults] sheet` in poam.toml): like `sheet`
    /// for a workbook, and ignored for a CSV, which has no sheets (the user did not ask).
    pub default_sheet: Option<String>,
    /// Extra header aliases (from a config file later): (header text, field).
    pub extra_aliases: Vec<(String, Field)>,
}

impl LoadOptions {
    /// The sheet asked for: `--sheet`, else the configured default unless the file is a CSV.
    fn wanted_sheet(&self, source: &Source) -> Option<&str> {
        self.sheet.as_deref().or(if source.is_csv() {
            None
        } else {
            self.default_sheet.as_deref()
        })
    }
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
/// gave it, used in every message. A workbook saved under another format's name (an ODS
/// named .xlsx), or a file with no extension, is read as what its content is, and
/// `Poam::notes` says so.
pub fn load_poam(path: &Path, display: &str, opts: &LoadOptions) -> Result<Poam, InputError> {
    let mut items = Vec::new();
    let mut poam = stream_poam(path, display, opts, &mut |_: &Poam, mut item| {
        item.shrink_to_fit();
        items.push(item);
        None
    })?;
    poam.items = items;
    Ok(poam)
}

/// Read a POA&M file like [`load_poam`], but hand each item to `sink` as soon as it is
/// complete instead of keeping it: a sheet of any length is read in flat memory. The
/// returned `Poam` has no items.
pub fn stream_poam(
    path: &Path,
    display: &str,
    opts: &LoadOptions,
    sink: &mut ItemSink,
) -> Result<Poam, InputError> {
    let mut source = Source::open(path, display).map_err(|e| e.for_document("a POA&M"))?;
    let extra = opts.extra_aliases.as_slice();
    let classify = |text: &str| columns::poam_key(text, extra);
    let mut notes = std::mem::take(&mut source.notes);
    let sheets = sheets_to_search(&source, display, opts.wanted_sheet(&source))?;
    let candidates = find_candidates(&mut source, &sheets, &classify, &columns::is_poam_header)?;
    let Some(chosen) = best_candidate(&candidates) else {
        return Err(no_header(display, &sheets, columns::EXPECTED_HEADERS));
    };

    let mut poam = Poam {
        file: display.to_owned(),
        format: source.format,
        sheet: chosen.sheet.clone(),
        header_row: chosen.header.number,
        columns: columns::map_columns(&chosen.header, extra),
        items: Vec::new(),
        notes: Vec::new(),
    };
    let SheetRead {
        items: count,
        help_rows,
        note_rows,
    } = stream_sheet(&mut source, chosen, &poam, sink)?;
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
    notes.extend(note_rows.iter().map(|(row, text)| note_row(*row, text)));
    if count == 0 && opts.wanted_sheet(&source).is_none() {
        if let Some(note) = other_sheet_with_items(&mut source, chosen, &candidates, extra)? {
            notes.push(note);
        }
    }
    poam.notes = notes;
    drop_in_background(source);
    Ok(poam)
}

/// Free a read workbook on another thread. Its shared-string table holds every distinct
/// text of the sheet (hundreds of thousands of strings in a large one), which takes tens
/// of milliseconds to free: the caller need not wait for that. Should the process end
/// first, the system takes the memory back all at once.
fn drop_in_background(source: Source) {
    // Were no thread to be had, the closure (and the workbook) is dropped right here.
    let _ = std::thread::Builder::new().spawn(move || drop(source));
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
/// must all be present for a row to count as the header. Messages call the file "a
/// spreadsheet": a caller that knows what it should be says so with
/// [`InputError::for_document`] ("an SSP").
pub fn read_table(
    path: &Path,
    display: &str,
    sheet: Option<&str>,
    classify: &dyn Fn(&str) -> Option<usize>,
    required: &[usize],
) -> Result<Table, InputError> {
    let mut source = Source::open(path, display)?;
    let sheets = sheets_to_search(&source, display, sheet)?;
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
/// case), else every worksheet. A CSV has no sheets: naming one is a mistake to say
/// (exit 2), not to ignore, since `poam set` would otherwise edit a file the user did
/// not mean.
fn sheets_to_search(
    source: &Source,
    display: &str,
    wanted: Option<&str>,
) -> Result<Vec<Option<String>>, InputError> {
    let sheets = source.sheets();
    let Some(wanted) = wanted else {
        return Ok(sheets);
    };
    if source.is_csv() {
        return Err(InputError::SheetInCsv {
            file: display.to_owned(),
        });
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
/// the most keys wins; on a tie comma, then semicolon, then tab (PRODUCT.md §2: comma or
/// semicolon; tab-delimited exports too, which `io::patch::detect_delimiter` also reads).
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

/// Stream the rows under the header of `chosen` into items, each handed to `sink`:
/// the file is read on a second thread while this one builds items (module docs).
fn stream_sheet(
    source: &mut Source,
    chosen: &Candidate,
    poam: &Poam,
    sink: &mut ItemSink,
) -> Result<SheetRead, InputError> {
    let header_row = chosen.header.number;
    let sheet = chosen.sheet.as_deref();
    let mut builder = ItemBuilder::new(&poam.columns, source.date1904);
    let mut take_row = |row: &mut Row| {
        if row.number <= header_row {
            return;
        }
        builder.add_row(row);
        hand_on_ready(&mut builder, poam, sink);
    };
    if source.is_xlsx() {
        // XLSX: the reading thread only parses cells; rows are put together here, where
        // the shared text is copied (reading it from memory is most of that cost).
        if let Some(cells) = source.xlsx_cells(sheet) {
            let cells = cells?;
            let mut rows = RowAssembler::new();
            in_two_threads(
                move |handoff| send_cells(cells, handoff),
                &mut |batch: &mut Vec<XlsxCell>| {
                    for cell in batch.drain(..) {
                        rows.add(cell.get_position(), cell.get_value(), &mut take_row);
                    }
                },
            )?;
            rows.finish(&mut take_row);
        }
    } else if let Some(csv) = source.csv_file() {
        // CSV: the reading thread splits records and parses their milestone cells while
        // this thread is busy (`send_records`); this one copies the fields into cells.
        // The records come as one run of text per batch: read in order, it reaches this
        // core quicker than a buffer per cell would.
        let prep = RowPrep::new(&poam.columns, header_row);
        let mut row = Row {
            number: 0,
            cells: Vec::new(),
        };
        in_two_threads(
            move |handoff: &mut Handoff<RecordBatch>| send_records(csv, prep.as_ref(), handoff),
            &mut |batch: &mut RecordBatch| {
                for (i, record) in batch.records.iter().enumerate() {
                    if record.line <= header_row {
                        continue;
                    }
                    let (text, ends) = batch.record(record);
                    csv_file::fill_row(&mut row, text, ends);
                    row.number = record.line;
                    match batch.prepared.get_mut(i) {
                        Some(prepared) => builder.add_prepared_row(&mut row, prepared),
                        None => builder.add_row(&mut row),
                    }
                    hand_on_ready(&mut builder, poam, sink);
                }
            },
        )?;
    } else {
        // XLS, ODS: whole rows from the reading thread.
        let prep = RowPrep::new(&poam.columns, header_row);
        in_two_threads(
            move |handoff| send_rows(source, sheet, prep.as_ref(), handoff),
            &mut |batch: &mut RowBatch| {
                let rows = batch.rows.iter_mut().take(batch.len);
                for (i, row) in rows.enumerate() {
                    if row.number <= header_row {
                        continue;
                    }
                    match batch.prepared.get_mut(i) {
                        Some(prepared) => builder.add_prepared_row(row, prepared),
                        None => builder.add_row(row),
                    }
                    hand_on_ready(&mut builder, poam, sink);
                }
                batch.len = 0;
            },
        )?;
    }
    builder.end_of_sheet();
    hand_on_ready(&mut builder, poam, sink);
    Ok(SheetRead {
        items: builder.item_count(),
        help_rows: builder.help_rows().to_vec(),
        note_rows: builder.note_rows().to_vec(),
    })
}

/// Hand each item the builder has completed to `sink`, taking back the ones it returns.
fn hand_on_ready(builder: &mut ItemBuilder, poam: &Poam, sink: &mut ItemSink) {
    while let Some(item) = builder.take_ready() {
        if let Some(done) = sink(poam, item) {
            builder.recycle(done);
        }
    }
}

/// What streaming a sheet found besides its items.
struct SheetRead {
    items: usize,
    /// Rows skipped as column help text.
    help_rows: Vec<u32>,
    /// Rows under the last item read as notes: (row, text).
    note_rows: Vec<(u32, String)>,
}

/// Run `produce` on a second thread while this one runs `consume` on each batch it
/// sends, in order; returns what `produce` returns. `produce` sends a full batch with
/// [`Handoff::send`], which gives back an empty one (a used batch when one has come back,
/// so that its buffers are reused). At most [`BATCHES_AHEAD`] batches wait, so memory
/// stays flat.
fn in_two_threads<B, R>(
    produce: impl FnOnce(&mut Handoff<B>) -> R + Send,
    consume: &mut dyn FnMut(&mut B),
) -> R
where
    B: Send + Default,
    R: Send,
{
    let idle = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<B>(BATCHES_AHEAD);
        let (empty_tx, empty_rx) = mpsc::channel::<B>();
        let idle = &idle;
        let producer = scope.spawn(move || {
            produce(&mut Handoff {
                full: full_tx,
                empty: empty_rx,
                consumer_idle: idle,
            })
        });
        loop {
            idle.store(true, Ordering::Relaxed);
            let next = full_rx.recv();
            idle.store(false, Ordering::Relaxed);
            let Ok(mut batch) = next else { break };
            consume(&mut batch);
            let _ = empty_tx.send(batch);
        }
        match producer.join() {
            Ok(result) => result,
            // The reading thread panicked: carry the panic over (never expected).
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// The reading thread's end of [`in_two_threads`].
struct Handoff<'a, B> {
    full: mpsc::SyncSender<B>,
    empty: mpsc::Receiver<B>,
    /// The consuming thread is waiting for a batch.
    consumer_idle: &'a AtomicBool,
}

impl<B: Default> Handoff<'_, B> {
    /// Send a full batch; an empty one to fill next.
    fn send(&mut self, full: B) -> B {
        // A send fails only when the consuming thread has stopped: nothing left to do.
        let _ = self.full.send(full);
        self.empty.try_recv().unwrap_or_default()
    }

    /// Is the consuming thread waiting for this one? Then work this thread could do
    /// ahead for it is better left to it (`send_records`).
    fn consumer_idle(&self) -> bool {
        self.consumer_idle.load(Ordering::Relaxed)
    }
}

/// The reading thread's part for XLSX: every cell, in batches.
fn send_cells<'a>(
    mut cells: XlsxCells<'a>,
    handoff: &mut Handoff<Vec<XlsxCell<'a>>>,
) -> Result<(), InputError> {
    let mut batch = Vec::with_capacity(BATCH_CELLS);
    while let Some(cell) = cells.next()? {
        batch.push(cell);
        if batch.len() >= BATCH_CELLS {
            batch = handoff.send(batch);
        }
    }
    if !batch.is_empty() {
        handoff.send(batch);
    }
    Ok(())
}

/// The reading thread's part for the other formats: every non-blank row, in batches, with
/// the milestones parsed ahead as for a CSV ([`send_records`]).
fn send_rows(
    source: &mut Source,
    sheet: Option<&str>,
    prep: Option<&RowPrep>,
    handoff: &mut Handoff<RowBatch>,
) -> Result<(), InputError> {
    let mut batch = RowBatch::default();
    let mut pool = TextPool::default();
    let mut parse_here = true;
    let read = source.read_rows(sheet, None, &mut |row| {
        match prep {
            Some(prep) if parse_here => batch.prepare(prep, row, &mut pool),
            _ => batch.leave_unprepared(),
        }
        batch.take(row);
        if batch.len >= BATCH_ROWS {
            parse_here = !handoff.consumer_idle();
            batch = handoff.send(std::mem::take(&mut batch));
        }
    });
    if batch.len > 0 {
        handoff.send(batch);
    }
    read
}

/// The reading thread's part for a CSV: every record, split, in batches, with the
/// milestones of each parsed ahead when `prep` is given and the item builder is busy.
///
/// Which thread parses a batch's milestones is decided batch by batch: here, unless the
/// builder was found waiting for the last batch (then this thread is the slower one and
/// leaves the parsing to it). The two threads then share the work whatever their speeds:
/// on the 100k-row benchmark the builder's waiting fell from about 20 ms to 5 ms. Parsing
/// a milestone cell is a pure function of the cell, so where it runs changes nothing but
/// the time.
fn send_records(
    csv: &csv_file::CsvFile,
    prep: Option<&RowPrep>,
    handoff: &mut Handoff<RecordBatch>,
) -> Result<(), InputError> {
    let mut batch = RecordBatch::default();
    let mut pool = TextPool::default();
    let mut parse_here = true;
    let read = csv.read_records(&mut |line, text, ends| {
        match prep {
            Some(prep) if parse_here => batch.prepare(prep, line, text, ends, &mut pool),
            _ => batch.leave_unprepared(),
        }
        batch.push(line, text, ends);
        if batch.records.len() >= BATCH_ROWS {
            parse_here = !handoff.consumer_idle();
            batch = handoff.send(std::mem::take(&mut batch));
            batch.clear();
        }
    });
    if !batch.records.is_empty() {
        handoff.send(batch);
    }
    read
}

/// CSV records on their way from the reading thread to the item builder: their text one
/// after another. Batches go back to the reader once used, so their buffers are reused.
#[derive(Default)]
struct RecordBatch {
    text: String,
    /// Where each field ends, from the start of its record's text.
    ends: Vec<usize>,
    records: Vec<RecordSpan>,
    /// The milestones of each record, parsed ahead (when the sheet has any).
    prepared: Vec<PreparedRow>,
}

/// Where one record of a [`RecordBatch`] is.
struct RecordSpan {
    /// The line it starts on.
    line: u32,
    /// Its text: `text[start..end]`.
    start: usize,
    end: usize,
    /// Its field ends: `ends[first..first + fields]`.
    first: usize,
    fields: usize,
}

impl RecordBatch {
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.records.clear();
    }

    fn push(&mut self, line: u32, text: &str, ends: &[usize]) {
        let start = self.text.len();
        self.text.push_str(text);
        let first = self.ends.len();
        self.ends.extend_from_slice(ends);
        self.records.push(RecordSpan {
            line,
            start,
            end: self.text.len(),
            first,
            fields: ends.len(),
        });
    }

    /// Parse the milestones of the record about to be pushed.
    fn prepare(
        &mut self,
        prep: &RowPrep,
        line: u32,
        text: &str,
        ends: &[usize],
        pool: &mut TextPool,
    ) {
        let at = self.records.len();
        if self.prepared.len() <= at {
            self.prepared.resize_with(at + 1, PreparedRow::default);
        }
        let field = |c: u32| {
            let c = c as usize;
            let start = match c.checked_sub(1) {
                Some(before) => ends.get(before).copied().unwrap_or(usize::MAX),
                None => 0,
            };
            let end = ends.get(c).copied().unwrap_or(0);
            Cow::Borrowed(text.get(start..end).unwrap_or_default())
        };
        if let Some(slot) = self.prepared.get_mut(at) {
            prep.prepare_cells(line, &field, slot, pool);
        }
    }

    /// The record about to be pushed comes without its milestones parsed.
    fn leave_unprepared(&mut self) {
        if let Some(slot) = self.prepared.get_mut(self.records.len()) {
            slot.clear();
        }
    }

    /// The text and field ends of `record`.
    fn record(&self, record: &RecordSpan) -> (&str, &[usize]) {
        let text = self.text.get(record.start..record.end).unwrap_or_default();
        let ends = self
            .ends
            .get(record.first..record.first + record.fields)
            .unwrap_or_default();
        (text, ends)
    }
}

/// Rows on their way from the reading thread to the item builder. Batches go back to
/// the reader once used, so their rows' text buffers are reused rather than reallocated.
#[derive(Default)]
struct RowBatch {
    rows: Vec<Row>,
    /// Rows in use; those after them are spare buffers.
    len: usize,
    /// The milestones of each row in use, parsed ahead (when the sheet has any).
    prepared: Vec<PreparedRow>,
}

impl RowBatch {
    /// Parse the milestones of `row`, which is to be the next row of the batch.
    fn prepare(&mut self, prep: &RowPrep, row: &Row, pool: &mut TextPool) {
        if self.prepared.len() <= self.len {
            self.prepared
                .resize_with(self.len + 1, PreparedRow::default);
        }
        if let Some(slot) = self.prepared.get_mut(self.len) {
            prep.prepare(row, slot, pool);
        }
    }

    /// The row about to be taken comes without its milestones parsed.
    fn leave_unprepared(&mut self) {
        if let Some(slot) = self.prepared.get_mut(self.len) {
            slot.clear();
        }
    }

    /// Take the reader's row, handing it a used row buffer in exchange (no copy).
    fn take(&mut self, row: &mut Row) {
        match self.rows.get_mut(self.len) {
            Some(slot) => std::mem::swap(slot, row),
            None => self.rows.push(std::mem::replace(
                row,
                Row {
                    number: 0,
                    cells: Vec::new(),
                },
            )),
        }
        self.len += 1;
    }
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
        let other_poam = Poam {
            file: String::new(),
            format: source.format,
            sheet: other.sheet.clone(),
            header_row: other.header.number,
            columns: columns::map_columns(&other.header, extra),
            items: Vec::new(),
            notes: Vec::new(),
        };
        let count =
            stream_sheet(source, other, &other_poam, &mut |_: &Poam, item| Some(item))?.items;
        if let (Some(name), Some(chosen_name)) = (&other.sheet, &chosen.sheet) {
            if count > 0 {
                return Ok(Some(format!(
                    "sheet '{chosen_name}' has no items; sheet '{name}' has {count} — use \
                     --sheet {}",
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

/// Longest note text quoted in a message, in characters.
const NOTE_QUOTE_CHARS: usize = 80;

/// "row 9 looks like a note, not an item: …" (model::build, note rows).
fn note_row(row: u32, text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let quoted = match one_line.char_indices().nth(NOTE_QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", one_line.get(..cut).unwrap_or_default()),
        None => one_line,
    };
    format!("row {row} looks like a note, not an item: \"{quoted}\"")
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every batch arrives, in order, and batches go back to be refilled.
    #[test]
    fn two_threads_hand_over_every_batch_in_order() {
        let mut seen = Vec::new();
        let mut recycled = 0usize;
        let sent = in_two_threads(
            |handoff: &mut Handoff<Vec<u32>>| {
                let mut batch = Vec::new();
                for n in 0..10_000u32 {
                    batch.push(n);
                    if batch.len() == 100 {
                        batch = handoff.send(batch);
                        recycled += usize::from(batch.capacity() > 0);
                    }
                }
                recycled
            },
            &mut |batch: &mut Vec<u32>| seen.append(batch),
        );
        assert_eq!(seen, (0..10_000).collect::<Vec<u32>>());
        assert!(sent <= 100);
    }

    #[test]
    fn a_row_batch_swaps_rows_in_and_out() {
        let row = |n: u32, text: &str| Row {
            number: n,
            cells: vec![CellValue::Text(text.to_owned())],
        };
        let mut batch = RowBatch::default();
        let mut reader_row = row(2, "first");
        batch.take(&mut reader_row);
        assert_eq!(
            reader_row.cells.len(),
            0,
            "a fresh batch hands back an empty row"
        );
        batch.len = 0;
        let mut reader_row = row(3, "second");
        batch.take(&mut reader_row);
        assert_eq!(
            reader_row,
            row(2, "first"),
            "the used row comes back to be refilled"
        );
        assert_eq!(batch.rows.first(), Some(&row(3, "second")));
    }
}

#[cfg(test)]
mod long_csv_tests {
    use super::*;

    /// Milestone cells of every shape the parser knows, so that batches parsed ahead,
    /// batches left to the builder and recycled items all meet each of them.
    const MILESTONES: [&str; 6] = [
        "2026-09-03: Pilot change (done)\n2026-10-24: Deploy to production\n2027-01-10: Verify",
        "1. Draft the procedure\ncontinued on a second line\n2. Train staff by 12/15/2026",
        "Order licences by 2026-12-01\n\nInstall them\nand test: 2027-01-15",
        "- [x] Scope agreed\n- Collect evidence 2027-02-01 ✓",
        "",
        "TBD",
    ];

    fn long_csv(rows: usize) -> String {
        let mut text =
            String::from("POA&M ID,Control,Weakness,Owner,Milestones,Scheduled Completion Date\n");
        for i in 0..rows {
            let milestones = MILESTONES[i % MILESTONES.len()].replace('"', "\"\"");
            text.push_str(&format!(
                "P-{i},3.1.{},Weakness {i},Owner {},\"{milestones}\",2027-03-{:02}\n",
                1 + i % 22,
                i % 7,
                1 + i % 28
            ));
            // Every tenth item goes on over a row holding only more milestones.
            if i % 10 == 0 {
                text.push_str(",,,,\"2027-02-02: extra step of item {i}\",\n");
            }
        }
        text
    }

    /// A CSV long enough for many batches is read into the items a builder makes from its
    /// rows one by one, parsing every milestone itself; whichever thread parsed a batch's
    /// milestones, and in whichever recycled buffers, changes nothing.
    #[test]
    fn a_long_csv_reads_the_same_whoever_parses_its_milestones() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("long.csv");
        std::fs::write(&path, long_csv(5_000)).expect("written");
        let expected = {
            let mut source = Source::open(&path, "long.csv").expect("opened");
            let header = Row {
                number: 1,
                cells: long_csv(0)
                    .trim_end()
                    .split(',')
                    .map(|h| CellValue::Text(h.to_owned()))
                    .collect(),
            };
            let columns = columns::map_columns(&header, &[]);
            let mut builder = ItemBuilder::new(&columns, false);
            let read = source.read_rows(None, None, &mut |row| {
                if row.number > 1 {
                    builder.push_row(row);
                }
            });
            assert!(read.is_ok());
            builder.finish()
        };
        assert_eq!(expected.len(), 5_000);
        assert_eq!(
            expected[0].milestones.len(),
            4,
            "the continuation row joins P-0"
        );
        for _ in 0..3 {
            let poam = load_poam(&path, "long.csv", &LoadOptions::default()).expect("read");
            assert_eq!(poam.items, expected);
        }
    }
}

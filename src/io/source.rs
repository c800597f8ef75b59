//! Opening a file as sheets of rows: CSV through the csv crate, workbooks through
//! calamine. XLSX sheets are streamed cell by cell (`Xlsx::worksheet_cells_reader`) so a
//! 100,000-row workbook is never held in memory; XLS, XLSB and ODS are read as ranges
//! (calamine parses those formats whole at open time anyway, crates.md §1).

use super::cell::{CellValue, Row};
use super::csv_file::CsvFile;
use super::error::InputError;
use crate::model::SourceFormat;
use calamine::{
    Cell, Data, DataRef, Ods, Range, Reader, SheetType, Xls, Xlsb, Xlsx, XlsxCellReader,
};
use chrono::{NaiveDate, NaiveDateTime};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

type FileReader = BufReader<File>;

/// The widest sheet Excel allows (column XFD): cells beyond it are ignored, so a
/// malformed cell reference cannot make a row allocate without bound.
const MAX_COLUMNS: u32 = 16_384;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
/// OLE compound file: legacy .xls, or an encrypted (password-protected) OOXML package.
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// The `mimetype` entry of an OpenDocument spreadsheet (ODF 1.2 Part 3 §3.3).
const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

enum Book {
    Csv(CsvFile),
    Xlsx(Xlsx<FileReader>),
    Xlsb(Xlsb<FileReader>),
    Xls(Xls<FileReader>),
    Ods(Ods<FileReader>),
}

/// An opened POA&M (or SSP) file.
pub struct Source {
    display: String,
    pub format: SourceFormat,
    /// The workbook counts dates from 1904 (Excel for Mac's old default).
    pub date1904: bool,
    book: Book,
    /// What the user should know about the file itself (a workbook with another
    /// format's name, CR-only line endings), for `Poam::notes`.
    pub notes: Vec<String>,
}

impl Source {
    /// Open `path`, checking what it really is before handing it to a reader, so that
    /// a wrong or damaged file gets a message that says what to do.
    pub fn open(path: &Path, display: &str) -> Result<Source, InputError> {
        let file = display.to_owned();
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => InputError::NotFound { file: file.clone() },
            _ => InputError::Unreadable {
                file: file.clone(),
                reason: e.to_string(),
            },
        })?;
        if meta.is_dir() {
            // The reader serves the POA&M and the SSP: callers name the file they wanted
            // (`InputError::for_document`).
            return Err(InputError::IsDirectory {
                file,
                document: "a spreadsheet".to_owned(),
            });
        }
        if meta.len() == 0 {
            return Err(InputError::Empty { file });
        }
        let head = read_head(path, display)?;
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match extension.as_str() {
            "csv" | "tsv" => open_csv(path, display, &extension, &head),
            "xlsx" | "xlsm" | "xlam" | "xlsb" => open_ooxml(path, display, &extension, &head),
            "xls" | "xla" => open_xls(path, display, &extension, &head),
            "ods" => open_ods(path, display, &head),
            "" => open_by_content(path, display, &head),
            _ => Err(InputError::UnsupportedFormat {
                file,
                extension: format!(".{extension}"),
            }),
        }
    }

    /// The sheets to look at, in workbook order: worksheets only (no chart or macro
    /// sheets). `None` stands for the single table of a CSV.
    pub fn sheets(&self) -> Vec<Option<String>> {
        let metadata = match &self.book {
            Book::Csv(_) => return vec![None],
            Book::Xlsx(b) => b.sheets_metadata(),
            Book::Xlsb(b) => b.sheets_metadata(),
            Book::Xls(b) => b.sheets_metadata(),
            Book::Ods(b) => b.sheets_metadata(),
        };
        metadata
            .iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .map(|s| Some(s.name.clone()))
            .collect()
    }

    /// Every sheet name, for messages.
    pub fn all_sheet_names(&self) -> Vec<String> {
        match &self.book {
            Book::Csv(_) => Vec::new(),
            Book::Xlsx(b) => b.sheet_names(),
            Book::Xlsb(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }

    pub fn is_xlsx(&self) -> bool {
        matches!(self.book, Book::Xlsx(_))
    }

    pub fn is_csv(&self) -> bool {
        matches!(self.book, Book::Csv(_))
    }

    /// The CSV file, when the source is one (to read its records as split).
    pub(crate) fn csv_file(&self) -> Option<&CsvFile> {
        match &self.book {
            Book::Csv(csv) => Some(csv),
            _ => None,
        }
    }

    /// For a CSV: read with this delimiter from now on.
    pub fn set_delimiter(&mut self, delimiter: u8) {
        if let Book::Csv(csv) = &mut self.book {
            csv.delimiter = delimiter;
        }
    }

    /// Call `on_row` with each non-blank row of `sheet` in order. With `limit`, stop after
    /// that many rows from the top (spreadsheet rows, or CSV records). The `Row` passed
    /// is the reader's buffer, reused between calls: `on_row` may copy it, or swap it for
    /// another row buffer (its content does not matter: it is cleared before use).
    pub fn read_rows(
        &mut self,
        sheet: Option<&str>,
        limit: Option<u32>,
        on_row: &mut dyn FnMut(&mut Row),
    ) -> Result<(), InputError> {
        let display = self.display.as_str();
        let name = sheet.unwrap_or_default();
        match &mut self.book {
            Book::Csv(csv) => csv.read_rows(limit, on_row),
            Book::Xlsx(book) => stream_xlsx(book, name, limit, on_row)
                .map_err(|e| sheet_error(display, name, &e.to_string(), is_password(&e))),
            Book::Xlsb(book) => {
                let range = book
                    .worksheet_range(name)
                    .map_err(|e| sheet_error(display, name, &e.to_string(), false))?;
                read_range(&range, limit, on_row);
                Ok(())
            }
            Book::Xls(book) => {
                let range = book
                    .worksheet_range(name)
                    .map_err(|e| sheet_error(display, name, &e.to_string(), false))?;
                read_range(&range, limit, on_row);
                Ok(())
            }
            Book::Ods(book) => {
                let range = book
                    .worksheet_range(name)
                    .map_err(|e| sheet_error(display, name, &e.to_string(), false))?;
                read_range(&range, limit, on_row);
                Ok(())
            }
        }
    }
}

/// One streamed XLSX cell: its position and its value, text from the workbook's
/// shared-string table by reference.
pub(crate) type XlsxCell<'a> = Cell<DataRef<'a>>;

/// The cells of one XLSX worksheet, in row order, as calamine streams them. Shared text
/// is not copied here: a reading thread can hand the cells to another thread, which
/// groups them into rows ([`RowAssembler`]) and copies the text it reads.
pub(crate) struct XlsxCells<'a> {
    reader: XlsxCellReader<'a, FileReader>,
    display: String,
    sheet: String,
}

impl<'a> XlsxCells<'a> {
    pub(crate) fn next(&mut self) -> Result<Option<XlsxCell<'a>>, InputError> {
        self.reader
            .next_cell()
            .map_err(|e| sheet_error(&self.display, &self.sheet, &e.to_string(), is_password(&e)))
    }
}

impl Source {
    /// For an XLSX workbook, the cell stream of `sheet` (see [`XlsxCells`]); None for
    /// the other formats, which are read by [`Source::read_rows`].
    pub(crate) fn xlsx_cells(
        &mut self,
        sheet: Option<&str>,
    ) -> Option<Result<XlsxCells<'_>, InputError>> {
        let Book::Xlsx(book) = &mut self.book else {
            return None;
        };
        let name = sheet.unwrap_or_default();
        let display = self.display.clone();
        Some(match book.worksheet_cells_reader(name) {
            Ok(reader) => Ok(XlsxCells {
                reader,
                display,
                sheet: name.to_owned(),
            }),
            Err(e) => Err(sheet_error(&display, name, &e.to_string(), is_password(&e))),
        })
    }
}

/// Groups streamed XLSX cells, which arrive in row order, into rows.
pub(crate) struct RowAssembler {
    row: Row,
    /// The 0-based row being assembled.
    current: Option<u32>,
}

impl RowAssembler {
    pub(crate) fn new() -> Self {
        RowAssembler {
            row: Row {
                number: 0,
                cells: Vec::new(),
            },
            current: None,
        }
    }

    /// Add the cell at 0-based (`r`, `c`). A cell on a new row first hands the finished
    /// row to `on_row`, unless it is blank.
    pub(crate) fn add(
        &mut self,
        (r, c): (u32, u32),
        value: &DataRef<'_>,
        on_row: &mut dyn FnMut(&mut Row),
    ) {
        if self.current != Some(r) {
            self.finish(on_row);
            clear_row(&mut self.row);
            self.row.number = r.saturating_add(1);
            self.current = Some(r);
        }
        if c >= MAX_COLUMNS {
            return;
        }
        let index = c as usize;
        if self.row.cells.len() <= index {
            self.row.cells.resize(index + 1, CellValue::Empty);
        }
        if let Some(slot) = self.row.cells.get_mut(index) {
            store_ref(slot, value);
        }
    }

    /// Hand on the row being assembled, unless it is blank; then start afresh.
    pub(crate) fn finish(&mut self, on_row: &mut dyn FnMut(&mut Row)) {
        if self.current.take().is_some() && !self.row.is_blank() {
            on_row(&mut self.row);
        }
    }
}

fn read_head(path: &Path, display: &str) -> Result<Vec<u8>, InputError> {
    let mut head = Vec::with_capacity(512);
    File::open(path)
        .and_then(|f| f.take(512).read_to_end(&mut head))
        .map_err(|e| InputError::Unreadable {
            file: display.to_owned(),
            reason: e.to_string(),
        })?;
    Ok(head)
}

fn is_zip(head: &[u8]) -> bool {
    head.starts_with(ZIP_MAGIC) || head.starts_with(EMPTY_ZIP_MAGIC)
}

fn is_cfb(head: &[u8]) -> bool {
    head.starts_with(CFB_MAGIC)
}

fn open_csv(
    path: &Path,
    display: &str,
    extension: &str,
    head: &[u8],
) -> Result<Source, InputError> {
    if is_zip(head) || is_cfb(head) {
        return Err(InputError::Other {
            file: display.to_owned(),
            message: format!(
                "it has a .{extension} name but is an Excel workbook; rename it to .xlsx \
                 (or .xls) and run again"
            ),
        });
    }
    let csv = CsvFile::open(path, display, head)?;
    let notes = Vec::new();
    Ok(Source {
        display: display.to_owned(),
        format: SourceFormat::Csv,
        date1904: false,
        book: Book::Csv(csv),
        notes,
    })
}

/// A file without an extension, read as what its first bytes say it is: a zip package
/// as the workbook inside (XLSX, XLSB or ODS), an OLE container as an XLS workbook, and
/// text as CSV. Anything else (a PDF, an HTML page, binary data) is refused. A note says
/// how the file was read.
fn open_by_content(path: &Path, display: &str, head: &[u8]) -> Result<Source, InputError> {
    let (mut source, read_as) = if is_zip(head) {
        let (source, content) = open_zip(path, display, ZipContent::Xlsx)?;
        (source, content.describe())
    } else if is_cfb(head) {
        (open_xls(path, display, "xls", head)?, "an XLS workbook")
    } else if is_text(head) {
        (open_csv(path, display, "", head)?, "CSV text")
    } else {
        return Err(InputError::NoExtension {
            file: display.to_owned(),
            found: describe_content(head),
        });
    };
    source.notes.push(format!(
        "{display} has no extension; it was read as {read_as}"
    ));
    Ok(source)
}

/// Text a CSV could be: UTF-16 with a byte-order mark (the CSV reader then says to save
/// it as UTF-8), or bytes with no control character but tab, CR, LF and form feed that
/// do not start a PDF or an HTML/XML page. UTF-8 is checked when the CSV is read, so that
/// the message names the line and byte of the first bad one.
fn is_text(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let control = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n' | 0x0C);
    let document = ["it is a PDF", "it is an HTML"];
    !head.iter().any(control)
        && !document
            .iter()
            .any(|d| describe_content(head).starts_with(d))
}

/// .xlsx, .xlsm, .xlam, .xlsb: a zip package. An OLE container with such a name is an
/// encrypted package (Excel's "Encrypt with Password"), or a legacy .xls renamed.
fn open_ooxml(
    path: &Path,
    display: &str,
    extension: &str,
    head: &[u8],
) -> Result<Source, InputError> {
    if is_cfb(head) {
        return match calamine::open_workbook::<Xls<_>, _>(path) {
            Ok(book) => {
                let mut source = xls_source(display, book);
                source.notes.push(renamed(
                    display,
                    extension,
                    "an XLS (Excel 97-2003) workbook",
                ));
                Ok(source)
            }
            Err(_) => Err(InputError::Encrypted {
                file: display.to_owned(),
            }),
        };
    }
    if !is_zip(head) {
        return Err(not_a_workbook(display, extension, head));
    }
    let named = if extension == "xlsb" {
        ZipContent::Xlsb
    } else {
        ZipContent::Xlsx
    };
    let (mut source, content) = open_zip(path, display, named)?;
    if content != named {
        source
            .notes
            .push(renamed(display, extension, content.describe()));
    }
    Ok(source)
}

/// What a zip package holds, from its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZipContent {
    Xlsx,
    Xlsb,
    Ods,
}

impl ZipContent {
    fn describe(self) -> &'static str {
        match self {
            ZipContent::Xlsx => "an XLSX workbook",
            ZipContent::Xlsb => "an XLSB workbook",
            ZipContent::Ods => "an ODS spreadsheet",
        }
    }
}

/// Open a zip package as `expected`. When that fails and its entries show it is another
/// kind of workbook (an ODS saved with an .xlsx name, or the reverse), it is opened as
/// what it is; the kind it was read as comes back with it. Only a failure costs the look
/// inside, so a well-named workbook is opened once.
fn open_zip(
    path: &Path,
    display: &str,
    expected: ZipContent,
) -> Result<(Source, ZipContent), InputError> {
    let error = match open_zip_as(path, display, expected) {
        Ok(source) => return Ok((source, expected)),
        Err(e) => e,
    };
    match zip_content(path) {
        Some(actual) if actual != expected && !matches!(error, InputError::Encrypted { .. }) => {
            Ok((open_zip_as(path, display, actual)?, actual))
        }
        _ => Err(error),
    }
}

fn open_zip_as(path: &Path, display: &str, content: ZipContent) -> Result<Source, InputError> {
    match content {
        ZipContent::Xlsx => {
            let book: Xlsx<_> =
                calamine::open_workbook(path).map_err(|e: calamine::XlsxError| {
                    open_error(display, "XLSX", &e.to_string(), is_password(&e))
                })?;
            Ok(Source {
                display: display.to_owned(),
                format: SourceFormat::Xlsx,
                date1904: book.has_1904_epoch(),
                book: Book::Xlsx(book),
                notes: Vec::new(),
            })
        }
        ZipContent::Xlsb => {
            let book: Xlsb<_> =
                calamine::open_workbook(path).map_err(|e: calamine::XlsbError| {
                    open_error(display, "XLSB", &e.to_string(), is_xlsb_password(&e))
                })?;
            Ok(Source {
                display: display.to_owned(),
                format: SourceFormat::Xlsx,
                date1904: book.has_1904_epoch(),
                book: Book::Xlsb(book),
                notes: Vec::new(),
            })
        }
        ZipContent::Ods => {
            let book: Ods<_> = calamine::open_workbook(path).map_err(|e| {
                let password = matches!(e, calamine::OdsError::Password);
                open_error(display, "ODS", &e.to_string(), password)
            })?;
            Ok(Source {
                display: display.to_owned(),
                format: SourceFormat::Ods,
                // ODS stores dates as ISO text, never as serials of a date system.
                date1904: false,
                book: Book::Ods(book),
                notes: Vec::new(),
            })
        }
    }
}

/// The kind of workbook in a zip package: an ODS has a `mimetype` entry naming it
/// (ODF 1.2 Part 3 §3.3); an Office Open XML package has `[Content_Types].xml`
/// (ECMA-376 Part 2 §10.1.2.4) and its workbook under `xl/` (`xl/workbook.bin` for
/// XLSB). None when it is not a readable zip or holds none of these.
fn zip_content(path: &Path) -> Option<ZipContent> {
    let file = File::open(path).ok()?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    if let Ok(entry) = archive.by_name("mimetype") {
        let mut text = String::new();
        if entry.take(256).read_to_string(&mut text).is_ok() && text.trim() == ODS_MIMETYPE {
            return Some(ZipContent::Ods);
        }
    }
    let mut ooxml = false;
    for name in archive.file_names_raw() {
        if name == b"xl/workbook.bin" {
            return Some(ZipContent::Xlsb);
        }
        ooxml |= name == b"[Content_Types].xml" || name.starts_with(b"xl/");
    }
    ooxml.then_some(ZipContent::Xlsx)
}

/// The note for a workbook read as another format than its name says.
fn renamed(display: &str, extension: &str, read_as: &str) -> String {
    format!("{display} has a .{extension} name but is {read_as}; it was read as one")
}

/// .xls: an OLE container; an .xlsx package saved with an .xls name is read as what it is.
fn open_xls(
    path: &Path,
    display: &str,
    extension: &str,
    head: &[u8],
) -> Result<Source, InputError> {
    if is_zip(head) {
        let (mut source, content) = open_zip(path, display, ZipContent::Xlsx)?;
        source
            .notes
            .push(renamed(display, extension, content.describe()));
        return Ok(source);
    }
    if !is_cfb(head) {
        return Err(not_a_workbook(display, extension, head));
    }
    let book: Xls<_> = calamine::open_workbook(path).map_err(|e| {
        let password = matches!(e, calamine::XlsError::Password);
        open_error(display, "XLS", &e.to_string(), password)
    })?;
    Ok(xls_source(display, book))
}

fn xls_source(display: &str, book: Xls<FileReader>) -> Source {
    Source {
        display: display.to_owned(),
        format: SourceFormat::Xls,
        date1904: book.has_1904_epoch(),
        book: Book::Xls(book),
        notes: Vec::new(),
    }
}

fn open_ods(path: &Path, display: &str, head: &[u8]) -> Result<Source, InputError> {
    if !is_zip(head) {
        return Err(not_a_workbook(display, "ods", head));
    }
    let (mut source, content) = open_zip(path, display, ZipContent::Ods)?;
    if content != ZipContent::Ods {
        source
            .notes
            .push(renamed(display, "ods", content.describe()));
    }
    Ok(source)
}

fn is_password(e: &calamine::XlsxError) -> bool {
    matches!(e, calamine::XlsxError::Password)
}

fn is_xlsb_password(e: &calamine::XlsbError) -> bool {
    matches!(e, calamine::XlsbError::Password)
}

fn open_error(display: &str, format: &str, detail: &str, password: bool) -> InputError {
    if password {
        return InputError::Encrypted {
            file: display.to_owned(),
        };
    }
    InputError::Corrupt {
        file: display.to_owned(),
        format: format.to_owned(),
        detail: detail.to_owned(),
    }
}

fn sheet_error(display: &str, sheet: &str, detail: &str, password: bool) -> InputError {
    if password {
        return InputError::Encrypted {
            file: display.to_owned(),
        };
    }
    InputError::SheetUnreadable {
        file: display.to_owned(),
        sheet: sheet.to_owned(),
        detail: detail.to_owned(),
    }
}

fn not_a_workbook(display: &str, extension: &str, head: &[u8]) -> InputError {
    InputError::NotAWorkbook {
        file: display.to_owned(),
        extension: format!(".{extension}"),
        found: describe_content(head),
    }
}

/// What the first bytes of a file that is not a workbook look like.
fn describe_content(head: &[u8]) -> String {
    let text = match std::str::from_utf8(head) {
        Ok(t) => Some(t),
        // The 512-byte window may cut a multi-byte character in half.
        Err(e) if e.error_len().is_none() => head
            .get(..e.valid_up_to())
            .and_then(|h| std::str::from_utf8(h).ok()),
        Err(_) => None,
    };
    let Some(text) = text else {
        return "its content is neither a zip package nor an Excel 97 file".to_owned();
    };
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with("%PDF") {
        "it is a PDF document".to_owned()
    } else if start.starts_with('<') {
        "it is an HTML or XML document".to_owned()
    } else if start.starts_with('#') || start.contains("\n|") || start.starts_with('|') {
        "it is plain text that looks like Markdown".to_owned()
    } else {
        "it is plain text".to_owned()
    }
}

/// Stream one XLSX worksheet, grouping cells (which arrive in row order) into rows.
fn stream_xlsx(
    book: &mut Xlsx<FileReader>,
    sheet: &str,
    limit: Option<u32>,
    on_row: &mut dyn FnMut(&mut Row),
) -> Result<(), calamine::XlsxError> {
    let mut cells = book.worksheet_cells_reader(sheet)?;
    let mut rows = RowAssembler::new();
    while let Some(cell) = cells.next_cell()? {
        let position = cell.get_position();
        if limit.is_some_and(|l| position.0 >= l) {
            break;
        }
        rows.add(position, cell.get_value(), on_row);
    }
    rows.finish(on_row);
    Ok(())
}

/// Read a materialised range (XLS, XLSB, ODS) row by row.
fn read_range(range: &Range<Data>, limit: Option<u32>, on_row: &mut dyn FnMut(&mut Row)) {
    let Some((first_row, first_col)) = range.start() else {
        return;
    };
    let mut row = Row {
        number: 0,
        cells: Vec::new(),
    };
    for (offset, values) in range.rows().enumerate() {
        let r = first_row.saturating_add(u32::try_from(offset).unwrap_or(u32::MAX));
        if limit.is_some_and(|l| r >= l) {
            break;
        }
        clear_row(&mut row);
        row.number = r.saturating_add(1);
        let width = (first_col as usize + values.len()).min(MAX_COLUMNS as usize);
        if row.cells.len() < width {
            row.cells.resize(width, CellValue::Empty);
        }
        for (slot, value) in row.cells.iter_mut().skip(first_col as usize).zip(values) {
            *slot = convert(value);
        }
        if !row.is_blank() {
            on_row(&mut row);
        }
    }
}

/// Blank every cell of a reused row, keeping text buffers for the next row.
pub(crate) fn clear_row(row: &mut Row) {
    for cell in &mut row.cells {
        match cell {
            CellValue::Text(s) => s.clear(),
            CellValue::Empty => {}
            _ => *cell = CellValue::Empty,
        }
    }
}

/// Set a cell to text, reusing its buffer when it already holds text.
pub(crate) fn set_text(slot: &mut CellValue, text: &str) {
    match slot {
        CellValue::Text(s) => {
            s.clear();
            s.push_str(text);
        }
        _ => *slot = CellValue::Text(text.to_owned()),
    }
}

/// A streamed XLSX cell as a `CellValue`.
fn store_ref(slot: &mut CellValue, value: &DataRef<'_>) {
    match value {
        DataRef::SharedString(s) => set_text(slot, s),
        DataRef::String(s) => set_text(slot, s),
        DataRef::Int(i) => *slot = CellValue::Number(*i as f64),
        DataRef::Float(f) => *slot = CellValue::Number(*f),
        DataRef::Bool(b) => *slot = CellValue::Bool(*b),
        DataRef::DateTime(dt) => *slot = excel_date(dt),
        DataRef::DateTimeIso(s) => *slot = iso_date(s),
        DataRef::DurationIso(s) => set_text(slot, s),
        DataRef::Error(e) => *slot = CellValue::Error(e.to_string()),
        DataRef::Empty => {}
    }
}

/// A materialised cell as a `CellValue`.
fn convert(value: &Data) -> CellValue {
    match value {
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => excel_date(dt),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(e.to_string()),
        Data::Empty => CellValue::Empty,
    }
}

/// A date-formatted cell. `as_datetime` applies the workbook's own 1900 or 1904 date
/// system (crates.md §1). A duration (`[h]:mm`) is not a date: it stays a number.
fn excel_date(dt: &calamine::ExcelDateTime) -> CellValue {
    if dt.is_datetime() {
        if let Some(d) = dt.as_datetime() {
            return CellValue::Date(d);
        }
    }
    CellValue::Number(dt.as_f64())
}

/// ODS dates arrive as ISO 8601 text (`2026-03-01` or `2026-03-01T10:00:00`).
fn iso_date(text: &str) -> CellValue {
    if let Ok(d) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        return CellValue::Date(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return CellValue::Date(d.and_time(chrono::NaiveTime::MIN));
    }
    CellValue::Text(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_markdown_and_html() {
        assert_eq!(
            describe_content(b"## Plan\n| a | b |\n"),
            "it is plain text that looks like Markdown"
        );
        assert_eq!(
            describe_content(b"<html><body>"),
            "it is an HTML or XML document"
        );
        assert_eq!(
            describe_content(&[0x00, 0x9F, 0x92, 0x96, 0xFF]),
            "its content is neither a zip package nor an Excel 97 file"
        );
    }

    #[test]
    fn ods_iso_dates_become_dates() {
        let expected = NaiveDate::from_ymd_opt(2026, 3, 1)
            .map(|d| d.and_time(chrono::NaiveTime::MIN))
            .map(CellValue::Date);
        assert_eq!(Some(iso_date("2026-03-01")), expected);
        assert_eq!(iso_date("soon"), CellValue::Text("soon".into()));
    }
}

//! CSV files as rows of cells: UTF-8 with or without a byte-order mark; comma, semicolon
//! or tab between fields; LF, CRLF or CR-only (classic Mac, Excel's "CSV (Macintosh)")
//! line endings; quoted multi-line cells; records shorter than the header.
//!
//! Records are split by csv-core, driven here rather than through `csv::Reader`, so that
//! the line each record starts on is exact: the reader skips the empty lines before a
//! record itself, counting them, and csv-core only ever sees the record's own bytes
//! (`csv::Position::line` points before skipped empty lines and before the LF of a CRLF).
//! Lines are counted as the CSV patcher counts them (`io::patch::csv`: 1 + the number of
//! LFs before the record), so that `poam set` edits the record the reader reported; in a
//! CR-only file, which has no LF, each CR ends a line instead.

use super::cell::{CellValue, Row};
use super::error::InputError;
use super::source::{clear_row, set_text};
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Bytes read from the file at a time.
const READ_BUFFER: usize = 64 * 1024;

/// How far into a file to look for its first line ending (a header longer than this is
/// not a header): past it, the file is taken to use LF or CRLF.
const LINE_END_SEARCH: u64 = 1024 * 1024;

/// The delimiters a POA&M CSV may use (PRODUCT.md §2: comma or semicolon; tab for a
/// tab-delimited export, which `io::patch::detect_delimiter` writes back too). Comma
/// first: it wins a tie, then semicolon.
pub const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// What ends a line of the file, as found at its first line ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnds {
    /// LF or CRLF: lines are counted by LF, as the CSV patcher counts them.
    Lf,
    /// CR alone (classic Mac OS; Excel's "CSV (Macintosh)"): each CR, or LF not after a
    /// CR, ends a line.
    Cr,
}

/// An open CSV file. Rows are read afresh from disk each time, so a sheet can be
/// sampled for its header and then streamed without keeping every row.
#[derive(Debug, Clone)]
pub struct CsvFile {
    path: PathBuf,
    display: String,
    /// Bytes to skip at the start: 3 for a UTF-8 byte-order mark.
    skip: u64,
    pub delimiter: u8,
    pub line_ends: LineEnds,
}

impl CsvFile {
    /// Check that `head` (the first bytes of the file) can be CSV text and prepare to
    /// read it.
    pub fn open(path: &Path, display: &str, head: &[u8]) -> Result<CsvFile, InputError> {
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Err(InputError::Utf16 {
                file: display.to_owned(),
            });
        }
        // UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
        if head.iter().take(512).filter(|b| **b == 0).count() > head.len().min(512) / 4 {
            return Err(InputError::Utf16 {
                file: display.to_owned(),
            });
        }
        let skip = if head.starts_with(UTF8_BOM) { 3 } else { 0 };
        let mut csv = CsvFile {
            path: path.to_owned(),
            display: display.to_owned(),
            skip,
            delimiter: DELIMITERS[0],
            line_ends: LineEnds::Lf,
        };
        let file = File::open(path).map_err(|e| csv.unreadable(&e))?;
        csv.line_ends =
            first_line_end(file.take(LINE_END_SEARCH)).map_err(|e| csv.unreadable(&e))?;
        Ok(csv)
    }

    /// Call `on_row` with each non-blank record, in order, stopping after `limit`
    /// records when given. `Row::number` is the line on which the record starts.
    pub fn read_rows(
        &self,
        limit: Option<u32>,
        on_row: &mut dyn FnMut(&mut Row),
    ) -> Result<(), InputError> {
        let mut file = File::open(&self.path).map_err(|e| self.unreadable(&e))?;
        file.seek(SeekFrom::Start(self.skip))
            .map_err(|e| self.unreadable(&e))?;
        let input = BufReader::with_capacity(READ_BUFFER, file);
        let mut records = Records::new(input, self.delimiter, self.line_ends);
        let mut row = Row {
            number: 0,
            cells: Vec::new(),
        };
        let mut count: u32 = 0;
        while limit.is_none_or(|l| count < l) {
            match records.next_into(&mut row) {
                Ok(true) => {}
                Ok(false) => break,
                Err(ReadFailure::Io(e)) => return Err(self.unreadable(&e)),
                Err(ReadFailure::NotUtf8) => return Err(self.utf8_error()),
            }
            count = count.saturating_add(1);
            if !row.is_blank() {
                on_row(&mut row);
            }
        }
        Ok(())
    }

    /// Call `on_record` with every record, in order, as it was split: its line, its
    /// fields' text one after another, and where each field ends (fields missing at the
    /// end of a short record are not there; line breaks in cells are as in the file).
    /// Blank records are included. Cheaper than [`CsvFile::read_rows`], which copies
    /// each field into a cell of its own.
    pub fn read_records(
        &self,
        on_record: &mut dyn FnMut(u32, &str, &[usize]),
    ) -> Result<(), InputError> {
        let mut file = File::open(&self.path).map_err(|e| self.unreadable(&e))?;
        file.seek(SeekFrom::Start(self.skip))
            .map_err(|e| self.unreadable(&e))?;
        let input = BufReader::with_capacity(READ_BUFFER, file);
        let mut records = Records::new(input, self.delimiter, self.line_ends);
        loop {
            match records.next_record() {
                Ok(Some(line)) => match records.current() {
                    Ok((text, ends)) => on_record(line, text, ends),
                    Err(NotUtf8) => return Err(self.utf8_error()),
                },
                Ok(None) => return Ok(()),
                Err(ReadFailure::Io(e)) => return Err(self.unreadable(&e)),
                Err(ReadFailure::NotUtf8) => return Err(self.utf8_error()),
            }
        }
    }

    fn unreadable(&self, e: &std::io::Error) -> InputError {
        InputError::Unreadable {
            file: self.display.clone(),
            reason: e.to_string(),
        }
    }

    /// Where the first byte that is not UTF-8 is: found by reading the file again, so
    /// the message can name the exact line and byte.
    fn utf8_error(&self) -> InputError {
        let mut bytes = Vec::new();
        let read = File::open(&self.path).and_then(|mut f| f.read_to_end(&mut bytes));
        if let Err(e) = read {
            return self.unreadable(&e);
        }
        let offset = match std::str::from_utf8(&bytes) {
            Ok(_) => bytes.len(),
            Err(e) => e.valid_up_to(),
        };
        let mut lines = LineCounter::new(self.line_ends);
        lines.advance(bytes.get(..offset).unwrap_or(&[]));
        InputError::NotUtf8 {
            file: self.display.clone(),
            line: lines.line(),
            byte: offset as u64 + 1,
        }
    }
}

/// Why a record could not be read.
#[derive(Debug)]
enum ReadFailure {
    Io(std::io::Error),
    NotUtf8,
}

impl From<std::io::Error> for ReadFailure {
    fn from(e: std::io::Error) -> Self {
        ReadFailure::Io(e)
    }
}

/// The line endings of a file held in memory, as [`CsvFile::open`] finds them (the CSV
/// patcher numbers records with these and [`LineCounter`], exactly as the reader does).
pub(crate) fn line_ends_of(bytes: &[u8]) -> LineEnds {
    let head = usize::try_from(LINE_END_SEARCH).map_or(bytes, |n| bytes.get(..n).unwrap_or(bytes));
    // Reading from memory cannot fail.
    first_line_end(head).unwrap_or(LineEnds::Lf)
}

/// The line endings of a file, from its first CR or LF (LF when it has none).
fn first_line_end(reader: impl Read) -> std::io::Result<LineEnds> {
    let mut reader = BufReader::new(reader);
    let mut after_cr = false;
    loop {
        let chunk = reader.fill_buf()?;
        let Some(&first) = chunk.first() else {
            // A file whose only line ending is its last byte, a CR: CR-only.
            return Ok(if after_cr { LineEnds::Cr } else { LineEnds::Lf });
        };
        if after_cr {
            return Ok(if first == b'\n' {
                LineEnds::Lf
            } else {
                LineEnds::Cr
            });
        }
        match chunk.iter().position(|b| matches!(b, b'\r' | b'\n')) {
            Some(at) => match (chunk.get(at), chunk.get(at + 1)) {
                (Some(b'\r'), Some(b'\n')) | (Some(b'\n'), _) => return Ok(LineEnds::Lf),
                (Some(b'\r'), Some(_)) => return Ok(LineEnds::Cr),
                // A CR at the end of the chunk: the next byte decides.
                _ => {
                    after_cr = true;
                    let n = chunk.len();
                    reader.consume(n);
                }
            },
            None => {
                let n = chunk.len();
                reader.consume(n);
            }
        }
    }
}

/// Counts the lines of the bytes read so far (see [`LineEnds`]).
pub(crate) struct LineCounter {
    ends: LineEnds,
    /// Line endings seen.
    count: u64,
    /// The last byte seen was a CR (CR-only files: an LF after it ends no new line).
    after_cr: bool,
}

impl LineCounter {
    pub(crate) fn new(ends: LineEnds) -> Self {
        LineCounter {
            ends,
            count: 0,
            after_cr: false,
        }
    }

    /// The 1-based line the next byte is on.
    pub(crate) fn line(&self) -> u64 {
        self.count + 1
    }

    pub(crate) fn advance(&mut self, bytes: &[u8]) {
        match self.ends {
            LineEnds::Lf => {
                self.count += bytes.iter().filter(|b| **b == b'\n').count() as u64;
            }
            LineEnds::Cr => {
                for &b in bytes {
                    if b == b'\r' || (b == b'\n' && !self.after_cr) {
                        self.count += 1;
                    }
                    self.after_cr = b == b'\r';
                }
            }
        }
    }
}

/// The records of a CSV, each with the line it starts on.
struct Records<R> {
    input: R,
    core: csv_core::Reader,
    lines: LineCounter,
    /// The current record's field bytes, one after another, and where each field ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Bytes of `out` and entries of `ends` the last record filled.
    out_len: usize,
    ends_len: usize,
}

/// The record's bytes are not UTF-8.
#[derive(Debug)]
struct NotUtf8;

impl<R: BufRead> Records<R> {
    fn new(input: R, delimiter: u8, line_ends: LineEnds) -> Self {
        Records {
            input,
            // The default terminator takes CR, LF and CRLF each as one record end.
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            lines: LineCounter::new(line_ends),
            out: vec![0; 4096],
            ends: vec![0; 64],
            out_len: 0,
            ends_len: 0,
        }
    }

    /// Read the next record into `row` (`Row::number`: the line it starts on); false at
    /// the end of the file. Empty lines are not records.
    fn next_into(&mut self, row: &mut Row) -> Result<bool, ReadFailure> {
        let Some(line) = self.next_record()? else {
            return Ok(false);
        };
        row.number = line;
        let (text, ends) = self.current().map_err(|_| ReadFailure::NotUtf8)?;
        fill_row(row, text, ends);
        Ok(true)
    }

    /// The text and field ends of the record last read by [`Records::next_record`];
    /// an error when its bytes are not UTF-8.
    fn current(&self) -> Result<(&str, &[usize]), NotUtf8> {
        let bytes = self.out.get(..self.out_len).unwrap_or_default();
        let text = std::str::from_utf8(bytes).map_err(|_| NotUtf8)?;
        Ok((text, self.ends.get(..self.ends_len).unwrap_or_default()))
    }

    /// Read the next record (see [`Records::current`], which checks it is UTF-8); the
    /// line it starts on, or `None` at the end of the file. Empty lines are not records.
    fn next_record(&mut self) -> Result<Option<u32>, ReadFailure> {
        if !self.skip_empty_lines()? {
            return Ok(None);
        }
        let line = u32::try_from(self.lines.line()).unwrap_or(u32::MAX);
        let (mut out_len, mut ends_len) = (0, 0);
        // csv-core counts the LFs it reads: in an LF file, that is the line count (and
        // saves a second pass over every byte).
        let lf_before = self.core.line();
        loop {
            let chunk = self.input.fill_buf()?;
            let at_end = chunk.is_empty();
            let out = self.out.get_mut(out_len..).unwrap_or_default();
            let ends = self.ends.get_mut(ends_len..).unwrap_or_default();
            let (result, read, written, ended) = self.core.read_record(chunk, out, ends);
            if self.lines.ends == LineEnds::Cr {
                self.lines.advance(chunk.get(..read).unwrap_or_default());
            }
            self.input.consume(read);
            out_len += written;
            ends_len += ended;
            match result {
                csv_core::ReadRecordResult::InputEmpty if !at_end => {}
                csv_core::ReadRecordResult::OutputFull => {
                    let grown = self.out.len() * 2;
                    self.out.resize(grown, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let grown = self.ends.len() * 2;
                    self.ends.resize(grown, 0);
                }
                csv_core::ReadRecordResult::Record => break,
                // The end of the file with no record started (not expected: empty lines
                // were skipped, so a record had begun).
                csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => {
                    return Ok(None);
                }
            }
        }
        if self.lines.ends == LineEnds::Lf {
            self.lines.count += self.core.line().saturating_sub(lf_before);
        }
        self.out_len = out_len;
        self.ends_len = ends_len;
        Ok(Some(line))
    }

    /// Skip the line endings before the next record, counting them; false when the file
    /// ends first.
    fn skip_empty_lines(&mut self) -> Result<bool, ReadFailure> {
        loop {
            let chunk = self.input.fill_buf()?;
            if chunk.is_empty() {
                return Ok(false);
            }
            let blank = chunk
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            self.lines.advance(chunk.get(..blank).unwrap_or_default());
            let more = blank < chunk.len();
            self.input.consume(blank);
            if more {
                return Ok(true);
            }
        }
    }
}

/// Put a record's fields (`text`, split at `ends`) into `row`, reusing its text buffers;
/// fields missing at the end of a short record are empty. A line break inside a cell
/// becomes LF, whatever the file's line endings: that is what the text means.
pub(crate) fn fill_row(row: &mut Row, text: &str, ends: &[usize]) {
    clear_row(row);
    if row.cells.len() < ends.len() {
        row.cells.resize(ends.len(), CellValue::Empty);
    }
    // One search of the whole record for a CR (nearly every record has none) rather
    // than one per field.
    let has_cr = memchr::memchr(b'\r', text.as_bytes()).is_some();
    let mut start = 0;
    for (slot, &end) in row.cells.iter_mut().zip(ends) {
        let field = text.get(start..end).unwrap_or_default();
        start = end;
        if field.is_empty() {
            continue;
        }
        if has_cr {
            set_text(slot, &lf_line_breaks(field));
        } else {
            set_text(slot, field);
        }
    }
}

/// `text` with CRLF and lone CR made LF.
fn lf_line_breaks(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out `input` a few bytes at a time, so that every chunk boundary is tried.
    struct Chunks<'a>(&'a [u8], usize);

    impl Read for Chunks<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(out.len()).min(self.0.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// (line, fields) of every record, read `chunk` bytes at a time.
    fn records(input: &[u8], chunk: usize) -> Vec<(u32, Vec<String>)> {
        let ends = first_line_end(Chunks(input, chunk)).unwrap_or(LineEnds::Lf);
        let reader = BufReader::with_capacity(chunk, Chunks(input, chunk));
        let mut records = Records::new(reader, b',', ends);
        let mut row = Row {
            number: 0,
            cells: Vec::new(),
        };
        let mut out = Vec::new();
        while let Ok(true) = records.next_into(&mut row) {
            // The row is reused: cells past this record's are blank, and left out here.
            let mut cells: Vec<String> = row.cells.iter().map(CellValue::to_text).collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            out.push((row.number, cells));
        }
        out
    }

    fn lines_of(input: &[u8]) -> Vec<u32> {
        let all = records(input, 4096);
        for chunk in 1..8 {
            assert_eq!(records(input, chunk), all, "chunk {chunk}: {input:?}");
        }
        all.iter().map(|(line, _)| *line).collect()
    }

    #[test]
    fn records_start_on_the_line_after_empty_lines() {
        assert_eq!(lines_of(b"h\n1\n\n\n2\n"), [1, 2, 5]);
        assert_eq!(lines_of(b"\n\n\nh\n1"), [4, 5]);
        assert_eq!(lines_of(b"h\r\n1\r\n\r\n2\r\n"), [1, 2, 4]);
        // A quoted cell over two lines: the next record starts two lines on.
        assert_eq!(lines_of(b"h\r\n\"a\r\nb\",c\r\n\r\nx,y"), [1, 2, 5]);
    }

    #[test]
    fn cr_only_files_count_each_cr_as_a_line() {
        let input = b"POA&M ID,Control,Status\r1,3.1.3,Open\r\r2,3.1.4,Open\r";
        assert_eq!(first_line_end(&input[..]).ok(), Some(LineEnds::Cr));
        assert_eq!(lines_of(input), [1, 2, 4]);
        let all = records(input, 4096);
        assert_eq!(all[2].1, ["2", "3.1.4", "Open"]);
        // A line break inside a quoted cell reads as LF.
        let cell = records(b"a,b\r\"x\ry\",z\rq\r", 4096);
        assert_eq!(cell[1], (2, vec!["x\ny".to_owned(), "z".to_owned()]));
        assert_eq!(cell[2].0, 4);
    }

    #[test]
    fn the_first_line_ending_decides() {
        assert_eq!(first_line_end(&b"a,b\r\nc"[..]).ok(), Some(LineEnds::Lf));
        assert_eq!(first_line_end(&b"a,b\nc\r"[..]).ok(), Some(LineEnds::Lf));
        assert_eq!(first_line_end(&b"a,b\rc"[..]).ok(), Some(LineEnds::Cr));
        assert_eq!(first_line_end(&b"a,b\r"[..]).ok(), Some(LineEnds::Cr));
        assert_eq!(first_line_end(&b"a,b"[..]).ok(), Some(LineEnds::Lf));
        // A CR at the end of a read, LF at the start of the next.
        let split = BufReader::with_capacity(4, Chunks(b"abc\r\nd", 4));
        assert_eq!(first_line_end(split).ok(), Some(LineEnds::Lf));
        let split = BufReader::with_capacity(4, Chunks(b"abc\rd\n", 4));
        assert_eq!(first_line_end(split).ok(), Some(LineEnds::Cr));
    }

    #[test]
    fn crlf_in_cells_becomes_lf_and_long_records_grow_the_buffers() {
        let all = records(b"h1,h2\r\n\"a\r\nb\",c\r\n", 3);
        assert_eq!(all[1].1, ["a\nb", "c"]);
        let long = "x".repeat(10_000);
        let many = vec!["y"; 100].join(",");
        let input = format!("{long},{many}\n1\n");
        let all = records(input.as_bytes(), 4096);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].1.len(), 101);
        assert_eq!(all[0].1[0], long);
        assert_eq!(all[1], (2, vec!["1".to_owned()]));
    }

    #[test]
    fn records_come_as_split_with_their_lines() {
        let input = b"a,b\n\n1,\"x\r\ny\"\n,\n";
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        std::io::Write::write_all(&mut file, input).expect("write");
        let csv = CsvFile::open(file.path(), "t.csv", input).expect("open");
        let mut seen = Vec::new();
        let read = csv.read_records(&mut |line, text, ends| {
            seen.push((line, text.to_owned(), ends.to_vec()));
        });
        assert!(read.is_ok());
        assert_eq!(
            seen,
            [
                (1, "ab".to_owned(), vec![1, 2]),
                // The CRLF inside the cell is as in the file: `fill_row` makes it LF.
                (3, "1x\r\ny".to_owned(), vec![1, 5]),
                // A blank record is still a record here.
                (5, String::new(), vec![0, 0]),
            ]
        );
    }

    #[test]
    fn a_record_that_is_not_utf8_fails() {
        let reader = BufReader::new(&b"h\n\xFCber\n"[..]);
        let mut records = Records::new(reader, b',', LineEnds::Lf);
        let mut row = Row {
            number: 0,
            cells: Vec::new(),
        };
        assert!(matches!(records.next_into(&mut row), Ok(true)));
        assert!(matches!(
            records.next_into(&mut row),
            Err(ReadFailure::NotUtf8)
        ));
    }
}

//! CSV files as rows of cells: UTF-8 with or without a byte-order mark, comma or
//! semicolon, quoted multi-line cells, records shorter than the header.

use super::cell::{CellValue, Row};
use super::error::InputError;
use super::source::{clear_row, set_text};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Bytes read from the file at a time.
const READ_BUFFER: usize = 64 * 1024;

/// The delimiters a POA&M CSV may use (PRODUCT.md §2). Comma first: it wins a tie.
pub const DELIMITERS: [u8; 2] = [b',', b';'];

/// An open CSV file. Rows are read afresh from disk each time, so a sheet can be
/// sampled for its header and then streamed without keeping every row.
#[derive(Debug, Clone)]
pub struct CsvFile {
    path: PathBuf,
    display: String,
    /// Bytes to skip at the start: 3 for a UTF-8 byte-order mark.
    skip: u64,
    pub delimiter: u8,
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
        Ok(CsvFile {
            path: path.to_owned(),
            display: display.to_owned(),
            skip,
            delimiter: DELIMITERS[0],
        })
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
        // `CrlfToLf` buffers the file; a larger record buffer than the default 8 KiB
        // means fewer, longer copies out of it.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .buffer_capacity(READ_BUFFER)
            .from_reader(CrlfToLf::new(file));
        let mut record = csv::StringRecord::new();
        let mut row = Row {
            number: 0,
            cells: Vec::new(),
        };
        let mut count: u32 = 0;
        loop {
            if limit.is_some_and(|l| count >= l) {
                break;
            }
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(self.read_error(e)),
            }
            count = count.saturating_add(1);
            let line = record.position().map_or(0, csv::Position::line);
            row.number = u32::try_from(line).unwrap_or(u32::MAX);
            fill_row(&mut row, &record);
            if !row.is_blank() {
                on_row(&mut row);
            }
        }
        Ok(())
    }

    fn unreadable(&self, e: &std::io::Error) -> InputError {
        InputError::Unreadable {
            file: self.display.clone(),
            reason: e.to_string(),
        }
    }

    fn read_error(&self, e: csv::Error) -> InputError {
        match e.kind() {
            csv::ErrorKind::Utf8 { .. } => self.utf8_error(),
            csv::ErrorKind::Io(io) => self.unreadable(io),
            _ => InputError::Corrupt {
                file: self.display.clone(),
                format: "CSV".into(),
                detail: e.to_string(),
            },
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
        let before = bytes.get(..offset).unwrap_or(&[]);
        let line = before.iter().filter(|b| **b == b'\n').count() as u64 + 1;
        InputError::NotUtf8 {
            file: self.display.clone(),
            line,
            byte: offset as u64 + 1,
        }
    }
}

/// Turns CRLF line endings into LF as the bytes are read. The csv crate counts a record's
/// line before it consumes the LF of the previous record's CRLF, so without this every
/// record of a Windows-saved CSV after the first would be numbered one line too early.
/// Inside quoted multi-line cells the line break becomes LF too, which is what the text
/// means. A lone CR is kept.
struct CrlfToLf<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    /// A CR was read at the end of the previous chunk and not yet written.
    pending_cr: bool,
}

impl<R: Read> CrlfToLf<R> {
    fn new(inner: R) -> Self {
        CrlfToLf {
            inner,
            buf: vec![0; READ_BUFFER].into_boxed_slice(),
            pos: 0,
            len: 0,
            pending_cr: false,
        }
    }
}

impl<R> CrlfToLf<R> {
    /// Copy buffered bytes before the next CR into `out`; returns how many.
    fn copy_run(&mut self, out: &mut [u8]) -> usize {
        let rest = self.buf.get(self.pos..self.len).unwrap_or_default();
        let run = find_cr(rest).unwrap_or(rest.len());
        let n = run.min(out.len());
        match (out.get_mut(..n), rest.get(..n)) {
            (Some(dst), Some(src)) => {
                dst.copy_from_slice(src);
                self.pos += n;
                n
            }
            _ => 0,
        }
    }
}

impl<R: Read> Read for CrlfToLf<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut written = 0;
        while written < out.len() {
            if self.pos >= self.len {
                if written > 0 {
                    break;
                }
                self.len = self.inner.read(&mut self.buf)?;
                self.pos = 0;
                if self.len == 0 {
                    if self.pending_cr {
                        self.pending_cr = false;
                        return put(out, 0, b'\r');
                    }
                    return Ok(0);
                }
            }
            if !self.pending_cr {
                // Copy the run up to the next CR in one go (most chunks have none).
                let copied = self.copy_run(out.get_mut(written..).unwrap_or_default());
                written += copied;
                if copied > 0 {
                    continue;
                }
            }
            let Some(&b) = self.buf.get(self.pos) else {
                break;
            };
            if self.pending_cr {
                self.pending_cr = false;
                if b != b'\n' {
                    // A lone CR: write it, and look at `b` again on the next turn.
                    written = put(out, written, b'\r')?;
                    continue;
                }
            }
            self.pos += 1;
            if b == b'\r' {
                self.pending_cr = true;
                continue;
            }
            written = put(out, written, b)?;
        }
        Ok(written)
    }
}

/// The first CR in `bytes`, eight bytes at a time (a word holds a CR when one of its
/// bytes XOR `\r` is zero: the classic "has a zero byte" test). Most files have none, so
/// this scan is the whole cost of `CrlfToLf` on them.
fn find_cr(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    const CRS: u64 = ONES * b'\r' as u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ CRS;
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            return chunk.iter().position(|b| *b == b'\r').map(|p| offset + p);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|b| *b == b'\r')
        .map(|p| offset + p)
}

/// Write `b` at `out[at]` and return the new length.
fn put(out: &mut [u8], at: usize, b: u8) -> std::io::Result<usize> {
    match out.get_mut(at) {
        Some(slot) => {
            *slot = b;
            Ok(at + 1)
        }
        None => Ok(at),
    }
}

/// Put `record`'s fields into `row`, reusing its text buffers; fields missing at the end
/// of a short record are empty.
fn fill_row(row: &mut Row, record: &csv::StringRecord) {
    clear_row(row);
    if row.cells.len() < record.len() {
        row.cells.resize(record.len(), CellValue::Empty);
    }
    for (slot, field) in row.cells.iter_mut().zip(record.iter()) {
        if !field.is_empty() {
            set_text(slot, field);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(input: &[u8], chunk: usize) -> Vec<u8> {
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(out.len()).min(self.0.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        let mut reader = CrlfToLf::new(Chunks(input, chunk));
        let mut buf = [0u8; 3];
        loop {
            let n = reader.read(&mut buf).unwrap_or(0);
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    }

    #[test]
    fn finds_the_first_cr_anywhere() {
        assert_eq!(find_cr(b""), None);
        assert_eq!(find_cr(b"no carriage return in these bytes"), None);
        for at in 0..20 {
            let mut bytes = vec![b'a'; 20];
            bytes[at] = b'\r';
            if at + 3 < 20 {
                bytes[at + 3] = b'\r';
            }
            assert_eq!(find_cr(&bytes), Some(at), "CR at {at}");
        }
        // Bytes next to CR's value must not look like it.
        assert_eq!(
            find_cr(&[0x0C, 0x0E, 0x8D, 0xFF, 0x00, 0x0C, 0x0E, 0x8D, 0x0D]),
            Some(8)
        );
    }

    #[test]
    fn crlf_becomes_lf_across_chunk_boundaries() {
        for chunk in 1..6 {
            assert_eq!(
                convert(b"a\r\nb\r\n\r\nc", chunk),
                b"a\nb\n\nc",
                "chunk {chunk}"
            );
            assert_eq!(convert(b"a\rb\r", chunk), b"a\rb\r", "chunk {chunk}");
        }
    }
}

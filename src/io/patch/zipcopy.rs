//! The byte-exact zip copier (crates.md §2, "Spike result — byte-exact copier"): untouched
//! entries keep their whole local record (header, data, data descriptor, padding) byte for
//! byte and in their original order; central-directory records are copied verbatim with
//! only the local-header offset patched; the EOCD keeps the archive comment and any bytes
//! after it. `zip::ZipWriter::raw_copy_file` was not used because it rewrites every local
//! header (crates.md: 0 of 11 headers identical for an Excel file).

use super::PatchError;
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::ops::Range;

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
/// Parts bigger than this are refused rather than inflated (a zip bomb guard).
const MAX_PART_BYTES: u64 = 1 << 30;

/// One entry as the central directory describes it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    /// The central-directory record, as a range of the original bytes.
    cd_record: Range<usize>,
    /// The whole local record: from its local header to the next local header (or the
    /// central directory).
    local: Range<usize>,
    /// Length of the local header (30 + name + extra).
    local_header_len: usize,
    method: u16,
}

/// What to do with an entry when the package is rebuilt.
#[derive(Debug, Clone)]
pub enum Change {
    Replace(Vec<u8>),
    Remove,
}

/// A parsed zip package that borrows the original bytes.
pub struct ZipPackage<'a> {
    bytes: &'a [u8],
    /// Entries in central-directory order.
    pub entries: Vec<Entry>,
    cd: Range<usize>,
    /// EOCD position; the EOCD (22 bytes + comment) and anything after it are kept.
    eocd: usize,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*s.first()?, *s.get(1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    let mut a = [0u8; 4];
    a.copy_from_slice(s);
    Some(u32::from_le_bytes(a))
}

fn put_u16(b: &mut [u8], at: usize, v: u16) {
    if let Some(s) = b.get_mut(at..at + 2) {
        s.copy_from_slice(&v.to_le_bytes());
    }
}

fn put_u32(b: &mut [u8], at: usize, v: u32) {
    if let Some(s) = b.get_mut(at..at + 4) {
        s.copy_from_slice(&v.to_le_bytes());
    }
}

fn bad(msg: impl Into<String>) -> PatchError {
    PatchError::BadPackage(msg.into())
}

fn to_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Find the end-of-central-directory record: the last signature whose comment fits.
fn find_eocd(b: &[u8]) -> Option<usize> {
    let last = b.len().checked_sub(22)?;
    let first = last.saturating_sub(65_535);
    (first..=last)
        .rev()
        .find(|&p| u32_at(b, p) == Some(EOCD_SIG) && u16_at(b, p + 20).is_some())
}

impl<'a> ZipPackage<'a> {
    /// Parse the container. Refuses ZIP64, multi-disk archives, encrypted entries, duplicate
    /// names and overlapping records.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, PatchError> {
        let eocd = find_eocd(bytes).ok_or_else(|| bad("no end-of-central-directory record"))?;
        let field = |off: usize| u16_at(bytes, eocd + off).unwrap_or(0);
        let (disk, cd_disk, on_disk, total) = (field(4), field(6), field(8), field(10));
        let cd_size = u32_at(bytes, eocd + 12).unwrap_or(0);
        let cd_off = u32_at(bytes, eocd + 16).unwrap_or(0);
        let zip64_locator = eocd >= 20 && u32_at(bytes, eocd - 20) == Some(ZIP64_LOCATOR_SIG);
        if zip64_locator || total == 0xFFFF || cd_size == u32::MAX || cd_off == u32::MAX {
            return Err(PatchError::Zip64);
        }
        if disk != 0 || cd_disk != 0 || on_disk != total {
            return Err(bad("multi-disk archives are not supported"));
        }
        let cd_start = to_usize(cd_off);
        let cd_end = cd_start
            .checked_add(to_usize(cd_size))
            .ok_or_else(|| bad("bad central directory"))?;
        if cd_end != eocd {
            return Err(bad("the central directory is not where the EOCD says"));
        }
        let mut entries = Vec::with_capacity(usize::from(total));
        let mut pos = cd_start;
        for _ in 0..total {
            let (entry, next) = parse_central(bytes, pos, cd_start)?;
            entries.push(entry);
            pos = next;
        }
        if pos != cd_end {
            return Err(bad("the central directory size does not match its records"));
        }
        set_local_extents(&mut entries, cd_start)?;
        let mut names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w.first() == w.get(1)) {
            return Err(bad("two entries have the same name"));
        }
        Ok(ZipPackage {
            bytes,
            entries,
            cd: cd_start..cd_end,
            eocd,
        })
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.name.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.names().any(|n| n == name)
    }

    /// The uncompressed bytes of an entry, or `None` when there is no such entry.
    pub fn read(&self, name: &str) -> Result<Option<Vec<u8>>, PatchError> {
        if !self.has(name) {
            return Ok(None);
        }
        let mut archive =
            zip::ZipArchive::new(Cursor::new(self.bytes)).map_err(|e| bad(format!("zip: {e}")))?;
        let file = archive
            .by_name(name)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        if file.size() > MAX_PART_BYTES {
            return Err(bad(format!("{name} is larger than 1 GiB")));
        }
        let mut out = Vec::new();
        file.take(MAX_PART_BYTES)
            .read_to_end(&mut out)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        Ok(Some(out))
    }

    /// Rebuild the package with some entries replaced or removed (names not present are
    /// ignored). Everything else is copied byte for byte.
    pub fn rebuild(&self, changes: &BTreeMap<String, Change>) -> Result<Vec<u8>, PatchError> {
        let b = self.bytes;
        let mut out = Vec::with_capacity(b.len() + 4096);
        let first_local = self
            .entries
            .iter()
            .map(|e| e.local.start)
            .min()
            .unwrap_or(self.cd.start);
        out.extend_from_slice(b.get(..first_local).unwrap_or_default());
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by_key(|&i| self.entries.get(i).map_or(0, |e| e.local.start));
        // New offset of each entry's local header, and the patched CD record for rewrites.
        let mut offsets = vec![None; self.entries.len()];
        let mut new_cd: Vec<Option<Vec<u8>>> = vec![None; self.entries.len()];
        for i in order {
            let Some(e) = self.entries.get(i) else {
                continue;
            };
            let offset = u32::try_from(out.len()).map_err(|_| PatchError::Zip64)?;
            match changes.get(&e.name) {
                Some(Change::Remove) => {}
                Some(Change::Replace(data)) => {
                    let (record, cd) = self.rewrite_entry(e, data)?;
                    out.extend_from_slice(&record);
                    if let (Some(o), Some(c)) = (offsets.get_mut(i), new_cd.get_mut(i)) {
                        *o = Some(offset);
                        *c = Some(cd);
                    }
                }
                None => {
                    out.extend_from_slice(b.get(e.local.clone()).unwrap_or_default());
                    if let Some(o) = offsets.get_mut(i) {
                        *o = Some(offset);
                    }
                }
            }
        }
        let cd_start = out.len();
        let mut count: u16 = 0;
        for (i, e) in self.entries.iter().enumerate() {
            let Some(Some(offset)) = offsets.get(i) else {
                continue;
            };
            let mut rec = match new_cd.get_mut(i).and_then(Option::take) {
                Some(r) => r,
                None => b.get(e.cd_record.clone()).unwrap_or_default().to_vec(),
            };
            put_u32(&mut rec, 42, *offset);
            out.extend_from_slice(&rec);
            count = count.checked_add(1).ok_or(PatchError::Zip64)?;
        }
        let cd_size = u32::try_from(out.len() - cd_start).map_err(|_| PatchError::Zip64)?;
        let cd_off = u32::try_from(cd_start).map_err(|_| PatchError::Zip64)?;
        let mut tail = b.get(self.eocd..).unwrap_or_default().to_vec();
        put_u16(&mut tail, 8, count);
        put_u16(&mut tail, 10, count);
        put_u32(&mut tail, 12, cd_size);
        put_u32(&mut tail, 16, cd_off);
        out.extend_from_slice(&tail);
        Ok(out)
    }

    /// A new local record and CD record for an entry with new content: the original local
    /// header and CD record are kept (name, time, extra fields, attributes); method, CRC and
    /// sizes are updated, and the data-descriptor flag is cleared because the sizes now sit
    /// in the header.
    fn rewrite_entry(&self, e: &Entry, data: &[u8]) -> Result<(Vec<u8>, Vec<u8>), PatchError> {
        let stored = e.method == 0;
        let (crc, compressed) = compress(data, stored)?;
        let csize = u32::try_from(compressed.len()).map_err(|_| PatchError::Zip64)?;
        let usize_ = u32::try_from(data.len()).map_err(|_| PatchError::Zip64)?;
        let method: u16 = if stored { 0 } else { 8 };
        let header_end = e.local.start + e.local_header_len;
        let mut header = self
            .bytes
            .get(e.local.start..header_end)
            .ok_or_else(|| bad("truncated local header"))?
            .to_vec();
        let flags = u16_at(&header, 6).unwrap_or(0) & !0x0008;
        put_u16(&mut header, 6, flags);
        put_u16(&mut header, 8, method);
        put_u32(&mut header, 14, crc);
        put_u32(&mut header, 18, csize);
        put_u32(&mut header, 22, usize_);
        header.extend_from_slice(&compressed);
        let mut cd = self
            .bytes
            .get(e.cd_record.clone())
            .ok_or_else(|| bad("truncated central record"))?
            .to_vec();
        let cd_flags = u16_at(&cd, 8).unwrap_or(0) & !0x0008;
        put_u16(&mut cd, 8, cd_flags);
        put_u16(&mut cd, 10, method);
        put_u32(&mut cd, 16, crc);
        put_u32(&mut cd, 20, csize);
        put_u32(&mut cd, 24, usize_);
        Ok((header, cd))
    }
}

/// Parse one central-directory record at `pos`; returns the entry and the next position.
fn parse_central(b: &[u8], pos: usize, cd_start: usize) -> Result<(Entry, usize), PatchError> {
    if u32_at(b, pos) != Some(CENTRAL_SIG) {
        return Err(bad("damaged central directory"));
    }
    let f16 = |off: usize| u16_at(b, pos + off).map(usize::from).unwrap_or(0);
    let flags = u16_at(b, pos + 8).unwrap_or(0);
    let method = u16_at(b, pos + 10).unwrap_or(0);
    let csize = u32_at(b, pos + 20).unwrap_or(0);
    let usize_ = u32_at(b, pos + 24).unwrap_or(0);
    let offset = u32_at(b, pos + 42).unwrap_or(0);
    let (n, m, k) = (f16(28), f16(30), f16(32));
    let end = pos + 46 + n + m + k;
    let name_bytes = b
        .get(pos + 46..pos + 46 + n)
        .ok_or_else(|| bad("damaged central directory"))?;
    if end > b.len() {
        return Err(bad("damaged central directory"));
    }
    // ZIP64 entries mark a size or offset with 0xFFFFFFFF (APPNOTE 4.5.3).
    if csize == u32::MAX || usize_ == u32::MAX || offset == u32::MAX {
        return Err(PatchError::Zip64);
    }
    if flags & 1 != 0 {
        return Err(PatchError::Encrypted);
    }
    // Names are UTF-8 (flag bit 11) or CP437; OOXML part names are ASCII, so a lossy decode
    // is only used to compare names.
    let name = String::from_utf8_lossy(name_bytes).into_owned();
    let local_start = to_usize(offset);
    if local_start >= cd_start || u32_at(b, local_start) != Some(LOCAL_SIG) {
        return Err(bad(format!("{name}: local header not found")));
    }
    let ln = u16_at(b, local_start + 26).map(usize::from).unwrap_or(0);
    let lm = u16_at(b, local_start + 28).map(usize::from).unwrap_or(0);
    let entry = Entry {
        name,
        cd_record: pos..end,
        local: local_start..local_start,
        local_header_len: 30 + ln + lm,
        method,
    };
    Ok((entry, end))
}

/// Each local record runs to the next local header in file order, or to the central
/// directory; this takes in data descriptors and any padding a producer left.
fn set_local_extents(entries: &mut [Entry], cd_start: usize) -> Result<(), PatchError> {
    let mut starts: Vec<usize> = entries.iter().map(|e| e.local.start).collect();
    starts.sort_unstable();
    if starts.windows(2).any(|w| w.first() == w.get(1)) {
        return Err(bad("two entries share one local header"));
    }
    for e in entries.iter_mut() {
        let next = starts
            .iter()
            .copied()
            .find(|&s| s > e.local.start)
            .unwrap_or(cd_start);
        if e.local.start + e.local_header_len > next {
            return Err(bad(format!(
                "{}: local header overlaps the next entry",
                e.name
            )));
        }
        e.local = e.local.start..next;
    }
    Ok(())
}

/// Compress `data` with a scratch one-entry `ZipWriter` and lift the CRC and the compressed
/// bytes from its local header (the zip crate has the deflater and CRC already).
fn compress(data: &[u8], stored: bool) -> Result<(u32, Vec<u8>), PatchError> {
    use zip::write::SimpleFileOptions;
    let method = if stored {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let err = |e: &dyn std::fmt::Display| bad(format!("compressing a part failed: {e}"));
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("p", SimpleFileOptions::default().compression_method(method))
        .map_err(|e| err(&e))?;
    w.write_all(data).map_err(|e| err(&e))?;
    let scratch = w.finish().map_err(|e| err(&e))?.into_inner();
    let crc = u32_at(&scratch, 14).ok_or_else(|| bad("scratch zip"))?;
    let csize = to_usize(u32_at(&scratch, 18).ok_or_else(|| bad("scratch zip"))?);
    let n = u16_at(&scratch, 26).map(usize::from).unwrap_or(0);
    let m = u16_at(&scratch, 28).map(usize::from).unwrap_or(0);
    let start = 30 + n + m;
    let bytes = scratch
        .get(start..start + csize)
        .ok_or_else(|| bad("scratch zip"))?
        .to_vec();
    Ok((crc, bytes))
}

//! Raw views of a zip package for tests that prove untouched entries stay byte-identical:
//! each entry's local record (header, data, descriptor) and its central-directory record
//! with the offset zeroed, compared in order. Shared by the library and binary round-trips.
#![allow(dead_code)]

fn u16_at(b: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
}

/// (name, raw local record, CD record with its offset field zeroed), in CD order, plus the
/// names in local-header order and the archive comment.
pub struct ZipView {
    pub entries: Vec<(String, Vec<u8>, Vec<u8>)>,
    pub local_order: Vec<String>,
    pub comment: Vec<u8>,
}

pub fn zip_view(b: &[u8]) -> ZipView {
    let eocd = (0..=b.len() - 22)
        .rev()
        .find(|&p| b[p..p + 4] == [0x50, 0x4b, 0x05, 0x06])
        .expect("EOCD");
    let total = u16_at(b, eocd + 10);
    let cd_start = u32_at(b, eocd + 16);
    let comment = b[eocd + 22..eocd + 22 + u16_at(b, eocd + 20)].to_vec();
    let mut pos = cd_start;
    let mut raw = Vec::new();
    for _ in 0..total {
        let (n, m, k) = (
            u16_at(b, pos + 28),
            u16_at(b, pos + 30),
            u16_at(b, pos + 32),
        );
        let name = String::from_utf8_lossy(&b[pos + 46..pos + 46 + n]).into_owned();
        let offset = u32_at(b, pos + 42);
        let mut cd = b[pos..pos + 46 + n + m + k].to_vec();
        cd[42..46].copy_from_slice(&[0, 0, 0, 0]);
        raw.push((name, offset, cd));
        pos += 46 + n + m + k;
    }
    let mut starts: Vec<usize> = raw.iter().map(|r| r.1).collect();
    starts.sort_unstable();
    let entries = raw
        .iter()
        .map(|(name, off, cd)| {
            let end = starts.iter().copied().find(|s| s > off).unwrap_or(cd_start);
            (name.clone(), b[*off..end].to_vec(), cd.clone())
        })
        .collect();
    let mut by_offset: Vec<(usize, String)> = raw.iter().map(|r| (r.1, r.0.clone())).collect();
    by_offset.sort();
    ZipView {
        entries,
        local_order: by_offset.into_iter().map(|(_, n)| n).collect(),
        comment,
    }
}

/// Check that the entries not in `changed` are byte-identical (local record and CD record
/// but for its offset) and in the same order; return how many are.
pub fn compare_zips(label: &str, before: &[u8], after: &[u8], changed: &[&str]) -> usize {
    let a = zip_view(before);
    let b = zip_view(after);
    let names_a: Vec<&str> = a.entries.iter().map(|e| e.0.as_str()).collect();
    let names_b: Vec<&str> = b.entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names_a, names_b, "{label}: entry names or CD order changed");
    assert_eq!(a.local_order, b.local_order, "{label}: local order changed");
    assert_eq!(a.comment, b.comment, "{label}: archive comment changed");
    let mut identical = 0;
    for (ea, eb) in a.entries.iter().zip(&b.entries) {
        let same = ea.1 == eb.1 && ea.2 == eb.2;
        if changed.contains(&ea.0.as_str()) {
            assert!(!same, "{label}: {} was expected to change", ea.0);
        } else {
            assert!(same, "{label}: {} changed but should not have", ea.0);
            identical += 1;
        }
    }
    println!(
        "{label}: {identical} of {} zip entries byte-identical (changed: {})",
        a.entries.len(),
        changed.join(", ")
    );
    identical
}

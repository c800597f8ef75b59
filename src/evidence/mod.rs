//! Evidence files: which references name a file, whether it is under the evidence root,
//! its SHA-256, and the manifest that records those hashes at closure (PRODUCT.md §4
//! `evidence-not-found`, `evidence-changed`; issue 3 §5).
//!
//! The rules (`rules::evidence_files`) see the file system only through [`EvidenceFiles`],
//! so they stay testable without files; [`EvidenceRoot`] is the real folder.

pub mod manifest;
pub mod reference;

pub use manifest::{Entry, Manifest};
pub use reference::{classify, is_ticket_id, relative_path, same_reference, Reference};

use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why evidence could not be checked or recorded (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("{0}: no such evidence manifest; record one with `poam close … --evidence-root DIR` or `poam evidence hash`")]
    ManifestMissing(String),
    #[error("{file}: the evidence manifest could not be read ({reason})")]
    ManifestUnreadable { file: String, reason: String },
    #[error("{0}: the evidence root is not a folder")]
    RootNotAFolder(String),
}

/// What a file reference resolves to under the evidence root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// A file: its SHA-256 (lower-case hex) and size.
    File { sha256: String, size: u64 },
    /// A folder: it exists, but has no single hash.
    Folder,
    /// Nothing there.
    Missing,
    /// Something there that could not be read (permissions …).
    Unreadable(String),
}

impl FileState {
    pub fn exists(&self) -> bool {
        !matches!(self, FileState::Missing)
    }
}

/// The evidence files as the rules see them: a relative path in, its state out.
pub trait EvidenceFiles {
    /// The state of `relative` (a `/`-separated path from [`relative_path`]).
    fn state(&self, relative: &str) -> FileState;
    /// Where `relative` is, for messages (`evidence/AC/gpo.png` under the root).
    fn shown(&self, relative: &str) -> String;
}

/// A folder on disk that evidence references are resolved against.
#[derive(Debug, Clone)]
pub struct EvidenceRoot {
    pub path: PathBuf,
}

impl EvidenceRoot {
    /// The root must be an existing folder.
    pub fn open(path: &Path) -> Result<EvidenceRoot, EvidenceError> {
        if path.is_dir() {
            Ok(EvidenceRoot {
                path: path.to_path_buf(),
            })
        } else {
            Err(EvidenceError::RootNotAFolder(path.display().to_string()))
        }
    }

    pub fn resolve(&self, relative: &str) -> PathBuf {
        relative
            .split('/')
            .fold(self.path.clone(), |acc, part| acc.join(part))
    }
}

impl EvidenceFiles for EvidenceRoot {
    fn state(&self, relative: &str) -> FileState {
        let path = self.resolve(relative);
        match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileState::Missing,
            Err(e) => FileState::Unreadable(e.to_string()),
            Ok(meta) if meta.is_dir() => FileState::Folder,
            Ok(_) => match sha256_file(&path) {
                Ok((sha256, size)) => FileState::File { sha256, size },
                Err(e) => FileState::Unreadable(e.to_string()),
            },
        }
    }

    fn shown(&self, relative: &str) -> String {
        self.resolve(relative).display().to_string()
    }
}

/// SHA-256 of a file, read in 64 KiB chunks (evidence can be large scans or videos), as
/// lower-case hex, with the file's size. sha2 0.11's digest has no `LowerHex`
/// (crates.md §4), so the hex is written by hand.
pub fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(buf.get(..n).unwrap_or_default());
    }
    Ok((to_hex(&hasher.finalize()), size))
}

/// Lower-case hex of bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// The first 12 hex digits of a hash, for messages.
pub fn short_hash(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}

/// The manifest path: `--evidence-manifest`, else `poam-evidence.json` beside the POA&M.
pub fn manifest_path(poam_file: &Path, given: Option<&Path>) -> PathBuf {
    match given {
        Some(p) => p.to_path_buf(),
        None => match poam_file.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => {
                folder.join(manifest::DEFAULT_FILE_NAME)
            }
            _ => PathBuf::from(manifest::DEFAULT_FILE_NAME),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_bytes() {
        // FIPS 180-4 example "abc".
        let dir = tempfile::tempdir().ok();
        let Some(dir) = dir else { return };
        let path = dir.path().join("abc.txt");
        assert!(std::fs::write(&path, b"abc").is_ok());
        let (hex, size) = sha256_file(&path).unwrap_or_default();
        assert_eq!(
            hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(size, 3);
        let root = EvidenceRoot::open(dir.path());
        assert!(root.is_ok());
        if let Ok(root) = root {
            assert!(matches!(
                root.state("abc.txt"),
                FileState::File { size: 3, .. }
            ));
            assert_eq!(root.state("nope.txt"), FileState::Missing);
            assert_eq!(root.state("."), FileState::Folder);
        }
    }

    #[test]
    fn default_manifest_sits_beside_the_poam() {
        assert_eq!(
            manifest_path(Path::new("a/poam.xlsx"), None),
            PathBuf::from("a/poam-evidence.json")
        );
        assert_eq!(
            manifest_path(Path::new("poam.xlsx"), None),
            PathBuf::from("poam-evidence.json")
        );
        assert_eq!(
            manifest_path(Path::new("poam.xlsx"), Some(Path::new("m.json"))),
            PathBuf::from("m.json")
        );
    }
}

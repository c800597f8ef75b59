//! The evidence manifest: the SHA-256 of each evidence file, recorded when its item was
//! closed, so that a later check (the quarterly re-validation of closed items) can tell
//! whether the proof is still there and still the same.
//!
//! ```json
//! {
//!   "schema": "poam/evidence-manifest/1",
//!   "root": "evidence-root relative to this file's folder",
//!   "entries": [
//!     {"item": "POAM-AC-001", "reference": "evidence/AC/gpo.png",
//!      "sha256": "…64 hex…", "size": 1234, "recorded": "2026-09-03"}
//!   ]
//! }
//! ```
//!
//! Entries are kept sorted by item, then reference, so that the file diffs cleanly in git.

use super::EvidenceError;
use serde::{Deserialize, Serialize};
use std::path::{Component, Path, PathBuf};

/// The `schema` value of this format. A manifest with another schema is refused.
pub const SCHEMA: &str = "poam/evidence-manifest/1";

/// The manifest's default file name, beside the POA&M.
pub const DEFAULT_FILE_NAME: &str = "poam-evidence.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    /// The evidence root, relative to the manifest's folder (or absolute), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    #[serde(default)]
    pub entries: Vec<Entry>,
}

/// One evidence file as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The POA&M item id.
    pub item: String,
    /// The reference as written in the evidence cell.
    pub reference: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The day it was recorded (`YYYY-MM-DD`).
    pub recorded: String,
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest {
            schema: SCHEMA.to_owned(),
            root: None,
            entries: Vec::new(),
        }
    }
}

impl Manifest {
    /// Read a manifest. `display` names it in messages.
    pub fn load(path: &Path) -> Result<Manifest, EvidenceError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                EvidenceError::ManifestMissing(display.clone())
            } else {
                EvidenceError::ManifestUnreadable {
                    file: display.clone(),
                    reason: e.to_string(),
                }
            }
        })?;
        let manifest: Manifest =
            serde_json::from_str(&text).map_err(|e| EvidenceError::ManifestUnreadable {
                file: display.clone(),
                reason: e.to_string(),
            })?;
        if manifest.schema != SCHEMA {
            return Err(EvidenceError::ManifestUnreadable {
                file: display,
                reason: format!("its schema is '{}', not '{SCHEMA}'", manifest.schema),
            });
        }
        Ok(manifest)
    }

    /// Read a manifest, or start an empty one when the file does not exist yet.
    pub fn load_or_new(path: &Path) -> Result<Manifest, EvidenceError> {
        match Manifest::load(path) {
            Err(EvidenceError::ManifestMissing(_)) => Ok(Manifest::default()),
            other => other,
        }
    }

    /// The entry recorded for this item and reference.
    pub fn entry(&self, item: &str, reference: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.item == item && e.reference == reference)
    }

    /// Add an entry, replacing one for the same item and reference. Returns true when
    /// the manifest changed.
    pub fn record(&mut self, entry: Entry) -> bool {
        if let Some(old) = self
            .entries
            .iter_mut()
            .find(|e| e.item == entry.item && e.reference == entry.reference)
        {
            let changed = *old != entry;
            *old = entry;
            return changed;
        }
        self.entries.push(entry);
        true
    }

    /// The JSON text: entries sorted by item then reference, two-space indent, final newline.
    pub fn to_json(&self) -> String {
        let mut sorted = self.clone();
        sorted
            .entries
            .sort_by(|a, b| (&a.item, &a.reference).cmp(&(&b.item, &b.reference)));
        let mut text = serde_json::to_string_pretty(&sorted).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The evidence root this manifest names, resolved against the manifest's folder.
    pub fn root_beside(&self, manifest_path: &Path) -> Option<PathBuf> {
        let root = self.root.as_deref()?;
        Some(folder_of(manifest_path).join(root))
    }
}

/// The folder a file is in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `root` as a path relative to `base` (both folders), when both can be resolved: the
/// manifest then still finds the evidence when the whole folder is moved or cloned.
/// Falls back to the root's absolute path.
pub fn relative_to(base: &Path, root: &Path) -> String {
    let (Ok(base), Ok(root)) = (base.canonicalize(), root.canonicalize()) else {
        return root.display().to_string();
    };
    let b: Vec<Component> = base.components().collect();
    let r: Vec<Component> = root.components().collect();
    let common = b.iter().zip(&r).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return root.display().to_string();
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); b.len() - common];
    parts.extend(
        r.iter()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(item: &str, reference: &str, sha: &str) -> Entry {
        Entry {
            item: item.into(),
            reference: reference.into(),
            sha256: sha.into(),
            size: 3,
            recorded: "2026-11-26".into(),
        }
    }

    #[test]
    fn entries_are_sorted_and_replaced_not_duplicated() {
        let mut m = Manifest::default();
        assert!(m.record(entry("POAM-B", "b.pdf", "1")));
        assert!(m.record(entry("POAM-A", "z.pdf", "2")));
        assert!(m.record(entry("POAM-A", "a.pdf", "3")));
        assert!(!m.record(entry("POAM-A", "a.pdf", "3")));
        assert!(m.record(entry("POAM-A", "a.pdf", "4")));
        assert_eq!(m.entries.len(), 3);
        let json = m.to_json();
        let a = json.find("a.pdf").unwrap_or(usize::MAX);
        let z = json.find("z.pdf").unwrap_or(usize::MAX);
        let b = json.find("b.pdf").unwrap_or(usize::MAX);
        assert!(a < z && z < b, "{json}");
        assert!(json.starts_with("{\n  \"schema\": \"poam/evidence-manifest/1\""));
        let back: Manifest = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(
            back.entry("POAM-A", "a.pdf").map(|e| e.sha256.as_str()),
            Some("4")
        );
    }

    #[test]
    fn relative_roots() {
        let dir = std::env::temp_dir();
        assert_eq!(relative_to(&dir, &dir), ".");
    }
}

//! Rules: evidence files — does the proof an item names exist, and is it still the file
//! that was there when the item was closed? (PRODUCT.md §4; issue 3 §5.)
//!
//! These rules run only when `poam validate` is given `--evidence-root DIR` (every file
//! reference of every item is looked up under DIR) and/or `--evidence-manifest FILE` (every
//! recorded file is hashed again and compared). They see files only through
//! [`EvidenceFiles`], so they are tested without a disk. Which references are files is
//! decided by `evidence::reference` (relative paths; URLs, ticket ids, absolute paths and
//! document names are left alone).

use crate::evidence::{self, EvidenceFiles, FileState, Manifest, Reference};
use crate::model::{Field, Item, Poam};
use crate::rules::{Findings, Level, RuleInfo};
use std::collections::HashSet;

pub static EVIDENCE_NOT_FOUND: RuleInfo = RuleInfo {
    name: "evidence-not-found",
    default_level: Level::Error,
    summary:
        "(with --evidence-root or an evidence manifest) a referenced evidence file does not exist",
    what: "With `--evidence-root DIR`, resolves every evidence reference that is a relative \
           path (it holds `/` or `\\`, or ends in a file extension) against DIR and reports \
           those that do not exist, or that climb out of DIR with `..`. With \
           `--evidence-manifest FILE`, also reports each file recorded at closure that is no \
           longer there. URLs, ticket ids (SEC-118, INC0012345), absolute paths and document \
           names are not checked.",
    why: "An assessor asks to see the proof of every closed item. A reference to a file that \
          was renamed, moved or never saved is no proof at all, and it is found during the \
          assessment instead of before it. Evidence must be retained, not only named.",
    example: "POAM-AC-001 | Closed | Evidence: evidence/AC/3.1.8-lockout-gpo.png — and \
              DIR/evidence/AC/3.1.8-lockout-gpo.png does not exist",
    fix: "Save the file at the path the cell names (relative to the evidence root), or \
          correct the reference. Put one reference per line. Run with the same \
          `--evidence-root` your evidence folder has in the repository or share.",
    source: "32 CFR 170.24(b) (MET on evidence); NIST SP 800-171A (assessment objects: \
             examine artifacts); assessor practice (evidence retained for review)",
};

pub static EVIDENCE_CHANGED: RuleInfo = RuleInfo {
    name: "evidence-changed",
    default_level: Level::Warning,
    summary: "(with an evidence manifest) an evidence file's hash differs from the one recorded at closure",
    what: "With `--evidence-manifest FILE` (written by `poam close … --evidence-root DIR` or \
           `poam evidence hash`), hashes each recorded evidence file again (SHA-256) and \
           reports those whose content no longer matches the hash recorded when the item \
           was closed.",
    why: "Closed items are re-validated periodically: the proof that closed an item must \
          still show what it showed then. A changed file may be a legitimate update, or the \
          evidence an assessor relied on may be gone; either way someone should look.",
    example: "POAM-AC-001 evidence/AC/gpo.png: recorded 2026-09-03 as 3a7bd3e2360a…, now \
              9f86d081884c…",
    fix: "Open the file and check that it still proves the closure. If the change is \
          legitimate, record the new hash: delete the entry from the manifest and run \
          `poam evidence hash`, or close the item again with `poam close`. Otherwise restore \
          the original from the backup.",
    source: "assessor practice (quarterly re-validation of closed items, seed POA&M guide); \
             NIST SP 800-53 Rev 5 CA-5 and CA-7 (POA&M updated from continuous monitoring)",
};

pub const RULES: &[&RuleInfo] = &[&EVIDENCE_NOT_FOUND, &EVIDENCE_CHANGED];

/// What to check.
pub struct EvidenceCheck<'a> {
    /// The evidence root, or the folder recorded in the manifest.
    pub files: &'a dyn EvidenceFiles,
    /// `--evidence-root` was given: check every file reference of every item.
    pub check_references: bool,
    /// `--evidence-manifest`: the recorded hashes, and the manifest's path for messages.
    pub manifest: Option<(&'a Manifest, &'a str)>,
}

/// Run both rules.
pub fn check(poam: &Poam, input: &EvidenceCheck, out: &mut Findings) {
    // (item id or row, relative path) already reported missing, so the manifest pass
    // does not report the same file twice.
    let mut reported: HashSet<(String, String)> = HashSet::new();
    if input.check_references {
        for item in &poam.items {
            check_item_references(poam, item, input.files, &mut reported, out);
        }
    }
    if let Some((manifest, manifest_file)) = input.manifest {
        for entry in &manifest.entries {
            check_recorded(poam, entry, manifest_file, input.files, &reported, out);
        }
    }
}

fn check_item_references(
    poam: &Poam,
    item: &Item,
    files: &dyn EvidenceFiles,
    reported: &mut HashSet<(String, String)>,
    out: &mut Findings,
) {
    let location = poam.item_location(item, Field::Evidence);
    for reference in &item.evidence {
        match evidence::classify(reference) {
            Reference::File(relative) => {
                if files.state(&relative).exists() {
                    continue;
                }
                if !reported.insert((item.label(), relative.clone())) {
                    continue;
                }
                out.push(
                    &EVIDENCE_NOT_FOUND,
                    item.id.as_deref(),
                    location.clone(),
                    format!(
                        "{}'s evidence \"{reference}\" does not exist (looked for {}): save \
                         the file there or correct the reference",
                        item.label(),
                        files.shown(&relative)
                    ),
                );
            }
            Reference::OutsideRoot => out.push(
                &EVIDENCE_NOT_FOUND,
                item.id.as_deref(),
                location.clone(),
                format!(
                    "{}'s evidence \"{reference}\" points outside the evidence root: keep \
                     evidence under the root and name it relative to it",
                    item.label()
                ),
            ),
            Reference::NotAFile => {}
        }
    }
}

fn check_recorded(
    poam: &Poam,
    entry: &evidence::Entry,
    manifest_file: &str,
    files: &dyn EvidenceFiles,
    reported: &HashSet<(String, String)>,
    out: &mut Findings,
) {
    let Some(relative) = evidence::relative_path(&entry.reference) else {
        return;
    };
    let item = poam
        .items
        .iter()
        .find(|i| i.id.as_deref().map(str::trim) == Some(entry.item.as_str()));
    let location = match item {
        Some(item) => poam.item_location(item, Field::Evidence),
        None => poam.sheet_location(),
    };
    match files.state(&relative) {
        FileState::Missing => {
            if reported.contains(&(entry.item.clone(), relative.clone())) {
                return;
            }
            out.push(
                &EVIDENCE_NOT_FOUND,
                Some(&entry.item),
                location,
                format!(
                    "{}'s evidence \"{}\", recorded in {manifest_file} on {}, is gone (looked \
                     for {}): restore it from a backup",
                    entry.item,
                    entry.reference,
                    entry.recorded,
                    files.shown(&relative)
                ),
            );
        }
        FileState::File { sha256, .. } if !sha256.eq_ignore_ascii_case(&entry.sha256) => {
            out.push(
                &EVIDENCE_CHANGED,
                Some(&entry.item),
                location,
                format!(
                    "{}'s evidence \"{}\" has changed since it was recorded on {} (SHA-256 \
                     {}… then, {}… now): check that it still proves the closure",
                    entry.item,
                    entry.reference,
                    entry.recorded,
                    evidence::short_hash(&entry.sha256),
                    evidence::short_hash(&sha256)
                ),
            );
        }
        FileState::Folder => out.push(
            &EVIDENCE_CHANGED,
            Some(&entry.item),
            location,
            format!(
                "{}'s evidence \"{}\" was a file when recorded on {} and is now a folder",
                entry.item, entry.reference, entry.recorded
            ),
        ),
        FileState::Unreadable(reason) => out.push(
            &EVIDENCE_CHANGED,
            Some(&entry.item),
            location,
            format!(
                "{}'s evidence \"{}\" could not be read to compare its hash ({reason})",
                entry.item, entry.reference
            ),
        ),
        FileState::File { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::Entry;
    use crate::io::columns::ColumnMap;
    use crate::model::SourceFormat;
    use crate::rules::Finding;
    use std::collections::HashMap;

    struct FakeFiles(HashMap<&'static str, FileState>);

    impl EvidenceFiles for FakeFiles {
        fn state(&self, relative: &str) -> FileState {
            self.0.get(relative).cloned().unwrap_or(FileState::Missing)
        }
        fn shown(&self, relative: &str) -> String {
            format!("root/{relative}")
        }
    }

    fn poam(items: Vec<Item>) -> Poam {
        Poam {
            file: "poam.xlsx".into(),
            format: SourceFormat::Xlsx,
            sheet: Some("POA&M".into()),
            header_row: 1,
            columns: ColumnMap {
                fields: vec![
                    (Field::Id, 0, "ID".into()),
                    (Field::Evidence, 12, "Evidence".into()),
                ],
                unknown: vec![],
            },
            items,
            notes: vec![],
        }
    }

    fn item(row: u32, id: &str, evidence: &[&str]) -> Item {
        Item {
            row,
            id: Some(id.into()),
            evidence: evidence.iter().map(|s| (*s).to_owned()).collect(),
            ..Item::default()
        }
    }

    fn file(sha: &str) -> FileState {
        FileState::File {
            sha256: sha.into(),
            size: 1,
        }
    }

    fn run(p: &Poam, files: &FakeFiles, refs: bool, m: Option<&Manifest>) -> Vec<Finding> {
        let mut out = Findings::default();
        check(
            p,
            &EvidenceCheck {
                files,
                check_references: refs,
                manifest: m.map(|m| (m, "poam-evidence.json")),
            },
            &mut out,
        );
        out.list
    }

    fn places(list: &[Finding]) -> Vec<(String, String)> {
        list.iter()
            .map(|f| {
                (
                    f.rule.to_owned(),
                    f.location.cell_name().unwrap_or_else(|| "-".into()),
                )
            })
            .collect()
    }

    #[test]
    fn missing_relative_paths_are_reported_at_the_evidence_cell() {
        let p = poam(vec![
            item(
                2,
                "A",
                &["evidence/a.png", "https://x.example/a.png", "SEC-1"],
            ),
            item(3, "B", &["evidence/b.png", "../outside.pdf", "Policy v2.1"]),
        ]);
        let files = FakeFiles(HashMap::from([("evidence/a.png", file("00"))]));
        let found = run(&p, &files, true, None);
        assert_eq!(
            places(&found),
            vec![
                ("evidence-not-found".to_owned(), "M3".to_owned()),
                ("evidence-not-found".to_owned(), "M3".to_owned())
            ]
        );
        assert_eq!(
            found.first().map(|f| f.message.as_str()),
            Some(
                "B's evidence \"evidence/b.png\" does not exist (looked for \
                 root/evidence/b.png): save the file there or correct the reference"
            )
        );
    }

    #[test]
    fn manifest_entries_changed_gone_or_same() {
        let p = poam(vec![item(2, "A", &["a.png"]), item(3, "B", &["b.png"])]);
        let mut m = Manifest::default();
        for (id, r, sha) in [
            ("A", "a.png", "aaaa"),
            ("B", "b.png", "bbbb"),
            ("C", "c.png", "cc"),
        ] {
            m.record(Entry {
                item: id.into(),
                reference: r.into(),
                sha256: sha.into(),
                size: 1,
                recorded: "2026-09-03".into(),
            });
        }
        let files = FakeFiles(HashMap::from([
            ("a.png", file("AAAA")), // same hash, other case: unchanged
            ("b.png", file("beef")),
        ]));
        let found = run(&p, &files, false, Some(&m));
        assert_eq!(
            places(&found),
            vec![
                ("evidence-changed".to_owned(), "M3".to_owned()),
                ("evidence-not-found".to_owned(), "-".to_owned())
            ]
        );
        // With --evidence-root too, a file both referenced and recorded is reported once.
        let files = FakeFiles(HashMap::from([("a.png", file("aaaa"))]));
        let found = run(&p, &files, true, Some(&m));
        assert_eq!(
            places(&found),
            vec![
                ("evidence-not-found".to_owned(), "M3".to_owned()),
                ("evidence-not-found".to_owned(), "-".to_owned())
            ]
        );
    }
}

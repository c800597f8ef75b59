//! `poam evidence hash FILE [--evidence-root DIR] [--evidence-manifest PATH]`: record the
//! SHA-256 of the file evidence of every closed item — for items closed before `poam`
//! recorded hashes at closure (`poam close … --evidence-root`).
//!
//! An entry already in the manifest is kept as it is: the hash recorded at closure is the
//! one later checks compare with (rule `evidence-changed`), so re-hashing a changed file
//! here would hide the change. Delete an entry to record it again.
//! Exit 0 when every file was found, 1 when some are missing (they are listed), 2 when the
//! POA&M or the manifest cannot be used.

use crate::cli::EvidenceHashArgs;
use crate::evidence::{
    self, manifest, EvidenceFiles, EvidenceRoot, FileState, Manifest, Reference,
};
use crate::io::patch;
use anyhow::anyhow;

pub fn hash(args: &EvidenceHashArgs) -> anyhow::Result<i32> {
    let display = args.file.display().to_string();
    let config = super::resolve_config(&args.config)?;
    let poam = super::read_poam(&args.file, &display, args.sheet.as_deref(), &config)?;
    let as_of = args
        .as_of
        .as_deref()
        .map(crate::cli::parse_iso_date)
        .transpose()
        .map_err(|e| anyhow!("--as-of: {e}"))?;
    let today = super::validate::today(as_of);
    let root_path = args
        .evidence_root
        .clone()
        .or_else(|| config.defaults.evidence_root.clone())
        .unwrap_or_else(|| manifest::folder_of(&args.file));
    let root = EvidenceRoot::open(&root_path)?;
    let path = evidence::manifest_path(&args.file, args.evidence_manifest.as_deref());
    let mut manifest = Manifest::load_or_new(&path)?;

    let mut tally = Tally::default();
    for item in poam.items.iter().filter(|i| i.is_closed()) {
        let Some(id) = item.id.as_deref().map(str::trim) else {
            continue;
        };
        for reference in &item.evidence {
            record_one(&root, &mut manifest, id, reference, today, &mut tally);
        }
    }
    if tally.added > 0 {
        manifest.root = Some(manifest::relative_to(
            &manifest::folder_of(&path),
            &root_path,
        ));
        patch::write_atomically(&path, manifest.to_json().as_bytes(), false).map_err(|e| {
            anyhow!(
                "the evidence manifest {} could not be written ({e})",
                path.display()
            )
        })?;
    }
    println!(
        "{}: recorded {} new evidence hash(es) in {} ({} already recorded, {} missing, {} \
         folder(s) not hashed)",
        display,
        tally.added,
        path.display(),
        tally.kept,
        tally.missing,
        tally.folders
    );
    Ok(i32::from(tally.missing > 0))
}

#[derive(Default)]
struct Tally {
    added: usize,
    kept: usize,
    missing: usize,
    folders: usize,
}

fn record_one(
    root: &EvidenceRoot,
    manifest: &mut Manifest,
    id: &str,
    reference: &str,
    today: chrono::NaiveDate,
    tally: &mut Tally,
) {
    let relative = match evidence::classify(reference) {
        Reference::File(relative) => relative,
        Reference::OutsideRoot => {
            eprintln!("poam: {id}: evidence \"{reference}\" points outside the evidence root");
            tally.missing += 1;
            return;
        }
        Reference::NotAFile => return,
    };
    if manifest.entry(id, reference).is_some() {
        tally.kept += 1;
        return;
    }
    match root.state(&relative) {
        FileState::File { sha256, size } => {
            manifest.record(evidence::Entry {
                item: id.to_owned(),
                reference: reference.to_owned(),
                sha256,
                size,
                recorded: today.format("%Y-%m-%d").to_string(),
            });
            tally.added += 1;
        }
        FileState::Folder => tally.folders += 1,
        FileState::Missing => {
            eprintln!(
                "poam: {id}: evidence \"{reference}\" does not exist (looked for {})",
                root.shown(&relative)
            );
            tally.missing += 1;
        }
        FileState::Unreadable(why) => {
            eprintln!("poam: {id}: evidence \"{reference}\" could not be read ({why})");
            tally.missing += 1;
        }
    }
}

/// `poam validate --evidence-root DIR --evidence-manifest FILE`: the findings of the
/// evidence-file rules. The root is DIR, else the one the manifest records (relative to the
/// manifest's folder), else the manifest's folder. A missing root or manifest is an
/// unusable input (exit 2).
pub fn file_findings(
    poam: &crate::model::Poam,
    root: Option<&std::path::Path>,
    manifest_file: Option<&std::path::Path>,
) -> anyhow::Result<Vec<crate::rules::Finding>> {
    use crate::rules::evidence_files::{self, EvidenceCheck};
    let manifest = manifest_file.map(Manifest::load).transpose()?;
    let root_path = match (root, manifest_file, &manifest) {
        (Some(r), _, _) => r.to_path_buf(),
        (None, Some(path), Some(m)) => m
            .root_beside(path)
            .unwrap_or_else(|| manifest::folder_of(path)),
        _ => std::path::PathBuf::from("."),
    };
    let files = EvidenceRoot::open(&root_path)?;
    let manifest_display = manifest_file.map(|p| p.display().to_string());
    let mut out = crate::rules::Findings::default();
    evidence_files::check(
        poam,
        &EvidenceCheck {
            files: &files,
            check_references: root.is_some(),
            manifest: manifest.as_ref().zip(manifest_display.as_deref()),
        },
        &mut out,
    );
    Ok(out.list)
}

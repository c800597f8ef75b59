//! POA&M versions read straight from git objects: `git:REV:PATH` (`git:HEAD~1:poam.xlsx`,
//! `git:origin/main:docs/poam.csv`). Nothing is checked out: the blob is copied with
//! `git cat-file blob` into a private temporary folder, under the file's own name so that
//! its extension picks the reader, and read from there. OWNER: history helper.
//!
//! PATH follows git's rules for `REV:PATH`: it is relative to the top of the repository,
//! or to the current folder when it starts with `./` or `../`. `git cat-file` is plumbing:
//! unlike `git show`, it never runs a textconv filter (such as `poam cat`) on the blob.

use crate::io::{load_poam, InputError, LoadOptions};
use crate::model::Poam;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The prefix that marks a git object instead of a file path.
pub const GIT_PREFIX: &str = "git:";

/// Where a POA&M version comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSpec {
    /// A file on disk.
    File(PathBuf),
    /// A file as it is in a git revision.
    Git { rev: String, path: String },
}

/// Why a `git:REV:PATH` version could not be read. All of them mean exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error(
        "{spec}: expected git:REV:PATH, for example git:HEAD~1:poam.xlsx or \
         git:origin/main:poam.xlsx"
    )]
    BadSpec { spec: String },

    #[error("{spec}: git could not be run ({reason}); install git or give a file path instead")]
    GitMissing { spec: String, reason: String },

    #[error(
        "{spec}: the current folder is not inside a git repository; run poam from the \
         repository, or give a file path instead"
    )]
    NotARepository { spec: String },

    #[error(
        "{spec}: unknown revision '{rev}'; check the branch, tag or commit name (in CI, fetch \
         the history, e.g. actions/checkout with fetch-depth: 0)"
    )]
    UnknownRevision { spec: String, rev: String },

    #[error(
        "{spec}: '{path}' is not a file in revision '{rev}'; paths are relative to the top \
         of the repository (start with ./ for the current folder)"
    )]
    PathNotInRevision {
        spec: String,
        rev: String,
        path: String,
    },

    #[error(
        "{spec}: the file is stored with Git LFS (the revision holds only a pointer); read a \
         checked-out copy instead"
    )]
    LfsPointer { spec: String },

    #[error("{spec}: could not copy the file out of git ({reason})")]
    Io { spec: String, reason: String },

    #[error(transparent)]
    Input(#[from] InputError),
}

/// Read a version spec: `git:REV:PATH`, else a file path.
pub fn parse_spec(spec: &str) -> Result<VersionSpec, GitError> {
    let Some(rest) = spec.strip_prefix(GIT_PREFIX) else {
        return Ok(VersionSpec::File(PathBuf::from(spec)));
    };
    let bad = || GitError::BadSpec {
        spec: spec.to_owned(),
    };
    let (rev, path) = rest.split_once(':').ok_or_else(bad)?;
    if rev.trim().is_empty() || path.trim().is_empty() {
        return Err(bad());
    }
    Ok(VersionSpec::Git {
        rev: rev.to_owned(),
        path: path.to_owned(),
    })
}

/// A version ready to be read from disk. For a git object, the temporary copy lives as long
/// as this value.
#[derive(Debug)]
pub struct Materialized {
    /// The path to read.
    pub path: PathBuf,
    /// The spec as the user gave it, for messages.
    pub display: String,
    _dir: Option<tempfile::TempDir>,
}

/// Make a version spec readable: a file path as is, a git object copied to a temporary file.
pub fn materialize(spec: &str) -> Result<Materialized, GitError> {
    match parse_spec(spec)? {
        VersionSpec::File(path) => Ok(Materialized {
            path,
            display: spec.to_owned(),
            _dir: None,
        }),
        VersionSpec::Git { rev, path } => copy_from_git(spec, &rev, &path),
    }
}

/// Load the POA&M of a version spec (file path or `git:REV:PATH`).
pub fn load_version(spec: &str, opts: &LoadOptions) -> Result<Poam, GitError> {
    let version = materialize(spec)?;
    Ok(load_poam(&version.path, &version.display, opts)?)
}

fn copy_from_git(spec: &str, rev: &str, path: &str) -> Result<Materialized, GitError> {
    check_repository(spec)?;
    check_revision(spec, rev)?;
    let object = format!("{rev}:{path}");
    let kind = git(spec, &["cat-file", "-t", &object])?;
    if !kind.status.success() || String::from_utf8_lossy(&kind.stdout).trim() != "blob" {
        return Err(GitError::PathNotInRevision {
            spec: spec.to_owned(),
            rev: rev.to_owned(),
            path: path.to_owned(),
        });
    }
    let blob = git(spec, &["cat-file", "blob", &object])?;
    if !blob.status.success() {
        return Err(GitError::Io {
            spec: spec.to_owned(),
            reason: stderr_line(&blob),
        });
    }
    if is_lfs_pointer(&blob.stdout) {
        return Err(GitError::LfsPointer {
            spec: spec.to_owned(),
        });
    }
    write_temporary(spec, path, &blob.stdout)
}

fn check_repository(spec: &str) -> Result<(), GitError> {
    let inside = git(spec, &["rev-parse", "--git-dir"])?;
    if inside.status.success() {
        Ok(())
    } else {
        Err(GitError::NotARepository {
            spec: spec.to_owned(),
        })
    }
}

fn check_revision(spec: &str, rev: &str) -> Result<(), GitError> {
    let commit = format!("{rev}^{{commit}}");
    let found = git(
        spec,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &commit,
        ],
    )?;
    if found.status.success() {
        Ok(())
    } else {
        Err(GitError::UnknownRevision {
            spec: spec.to_owned(),
            rev: rev.to_owned(),
        })
    }
}

/// Run git in the current folder, capturing its output.
fn git(spec: &str, args: &[&str]) -> Result<Output, GitError> {
    Command::new("git")
        .args(args)
        .output()
        .map_err(|e| GitError::GitMissing {
            spec: spec.to_owned(),
            reason: e.to_string(),
        })
}

fn stderr_line(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .next()
        .unwrap_or("git failed")
        .trim()
        .to_owned()
}

/// Git LFS keeps a small text pointer in the repository instead of the file.
fn is_lfs_pointer(bytes: &[u8]) -> bool {
    bytes.starts_with(b"version https://git-lfs.github.com/spec/")
}

/// Write the blob as `<tempdir>/<file name of path>`, so the extension picks the reader.
fn write_temporary(spec: &str, path: &str, bytes: &[u8]) -> Result<Materialized, GitError> {
    let io_error = |e: std::io::Error| GitError::Io {
        spec: spec.to_owned(),
        reason: e.to_string(),
    };
    let dir = tempfile::Builder::new()
        .prefix("poam-git-")
        .tempdir()
        .map_err(io_error)?;
    let name = Path::new(path)
        .file_name()
        .map_or_else(|| "poam".into(), |n| n.to_os_string());
    let target = dir.path().join(name);
    std::fs::write(&target, bytes).map_err(io_error)?;
    Ok(Materialized {
        path: target,
        display: spec.to_owned(),
        _dir: Some(dir),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs() {
        assert_eq!(
            parse_spec("poam.xlsx").ok(),
            Some(VersionSpec::File("poam.xlsx".into()))
        );
        assert_eq!(
            parse_spec("git:HEAD~1:docs/poam.csv").ok(),
            Some(VersionSpec::Git {
                rev: "HEAD~1".into(),
                path: "docs/poam.csv".into()
            })
        );
        assert_eq!(
            parse_spec("git:origin/main:./poam.xlsx").ok(),
            Some(VersionSpec::Git {
                rev: "origin/main".into(),
                path: "./poam.xlsx".into()
            })
        );
        for bad in ["git:", "git:HEAD", "git::poam.csv", "git:HEAD:"] {
            assert!(
                matches!(parse_spec(bad), Err(GitError::BadSpec { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn lfs_pointers_are_recognised() {
        assert!(is_lfs_pointer(
            b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n"
        ));
        assert!(!is_lfs_pointer(b"POAM ID,Requirement\n"));
    }
}

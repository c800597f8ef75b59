//! Atomic replacement of a file (PRODUCT.md §6: "a temporary file in the same folder,
//! flushed, renamed over the original, permissions kept; `--backup` keeps the previous file
//! as `FILE.bak`"). A reader never sees a half-written workbook, and a failure before the
//! rename leaves the original untouched.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically.
///
/// * The data goes to a temporary file in the same folder (so the rename cannot cross file
///   systems), is flushed and fsynced, gets the original's permissions, and is renamed over
///   the original; the folder is then fsynced where the platform allows it.
/// * A symbolic link is followed: the file it points to is replaced, the link stays.
/// * A read-only target is refused (`PermissionDenied`) and left as it was, although a
///   rename over it would succeed on Unix: read-only means "do not change".
/// * With `backup`, the previous contents are first copied to `FILE.bak` (replacing an
///   older backup).
/// * A target that does not exist yet is created with the default permissions.
pub fn write_atomically(path: &Path, bytes: &[u8], backup: bool) -> io::Result<()> {
    let target = resolve_link(path)?;
    let existing = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a regular file", target.display()),
            ));
        }
        if meta.permissions().readonly() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("{} is read-only", target.display()),
            ));
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "poam".into());
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    if existing.is_none() {
        // A new file gets what `File::create` would give it (0666 minus the umask), not
        // the temporary file's private 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    if let Some(meta) = &existing {
        fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.as_file().sync_all()?;
    if backup && existing.is_some() {
        let bak = backup_path(&target);
        fs::copy(&target, &bak)?;
        fs::File::open(&bak)?.sync_all()?;
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(&dir);
    Ok(())
}

/// `FILE.bak` beside `FILE` (`poam.xlsx` → `poam.xlsx.bak`).
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// Follow a symbolic link to the file it names (relative links are relative to the link's
/// folder).
fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// Make the rename durable (Unix: fsync the folder). Best effort: not every platform or file
/// system allows opening a folder.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

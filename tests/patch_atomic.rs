//! Atomic writes: permissions kept, `FILE.bak` with backup, read-only targets refused.

use poam::io::patch::write_atomically;
use std::fs;

#[test]
fn replaces_content_and_keeps_permissions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("poam.xlsx");
    fs::write(&path, b"old").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    write_atomically(&path, b"new contents", false).expect("written");
    assert_eq!(fs::read(&path).expect("read"), b"new contents");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    assert!(!dir.path().join("poam.xlsx.bak").exists());
    // No temporary file is left behind.
    let names: Vec<_> = fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn backup_keeps_the_previous_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("poam.csv");
    fs::write(&path, b"version 1").expect("write");
    write_atomically(&path, b"version 2", true).expect("written");
    write_atomically(&path, b"version 3", true).expect("written");
    assert_eq!(fs::read(&path).expect("read"), b"version 3");
    assert_eq!(
        fs::read(dir.path().join("poam.csv.bak")).expect("bak"),
        b"version 2"
    );
}

#[test]
fn read_only_target_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("locked.xlsx");
    fs::write(&path, b"original").expect("write");
    let mut perms = fs::metadata(&path).expect("meta").permissions();
    perms.set_readonly(true);
    fs::set_permissions(&path, perms).expect("chmod");
    let err = write_atomically(&path, b"changed", true).expect_err("refused");
    assert_eq!(err.kind(), std::io::ErrorKind::PermissionDenied);
    assert_eq!(fs::read(&path).expect("read"), b"original");
    assert!(!dir.path().join("locked.xlsx.bak").exists());
    let names: Vec<_> = fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn missing_folder_is_an_error_and_new_files_are_created() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(write_atomically(&dir.path().join("no/such/dir/f.csv"), b"x", false).is_err());
    let path = dir.path().join("fresh.csv");
    write_atomically(&path, b"x", true).expect("created");
    assert_eq!(fs::read(&path).expect("read"), b"x");
    assert!(!dir.path().join("fresh.csv.bak").exists());
}

#[cfg(unix)]
#[test]
fn a_symlink_stays_a_symlink() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("real.xlsx");
    let link = dir.path().join("link.xlsx");
    fs::write(&real, b"old").expect("write");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    write_atomically(&link, b"new", false).expect("written");
    assert!(fs::symlink_metadata(&link)
        .expect("meta")
        .file_type()
        .is_symlink());
    assert_eq!(fs::read(&real).expect("read"), b"new");
}

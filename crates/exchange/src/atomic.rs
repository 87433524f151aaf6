//! Files written whole or not at all: a temporary file in the same folder, written and
//! fsynced, renamed over the target, then the folder fsynced so the rename itself
//! survives a power cut. A reader (or a crash) sees the old file or the new one, never
//! half of one.
//!
//! It lives here, the lowest crate that writes files (the identity folder), so that
//! `quyche-api`, which writes every other file the user asks for (bundles, packages,
//! cards, exports), calls the same code instead of a second copy.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::ExchangeError;

/// Writes `bytes` to `path` atomically, replacing any file there.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), ExchangeError> {
    place(path, bytes, false, false).map_err(|e| write_error(path, e))
}

/// The one-line message for a file that could not be written: the file's name and the
/// reason in Vietnamese (quyche_text::file_problem); the OS's own text goes to the log.
pub(crate) fn write_error(path: &Path, e: std::io::Error) -> ExchangeError {
    quyche_text::log_os_error("ghi", path, &e);
    let name = path
        .file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    ExchangeError::Io(format!(
        "“{name}”: không ghi được tệp: {}.",
        quyche_text::file_problem(e.kind(), true)
    ))
}

/// Writes `bytes` to `path` atomically, readable by the owner only, and never over an
/// existing file (`AlreadyExists`): a secret key is never replaced.
pub(crate) fn atomic_create_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    place(path, bytes, true, true)
}

fn place(path: &Path, bytes: &[u8], private: bool, create_only: bool) -> std::io::Result<()> {
    let tmp = temp_path(path);
    // A temporary file left by a crash is garbage: start afresh, so `create_new` below
    // also guarantees the mode is the one asked for.
    let _ = std::fs::remove_file(&tmp);
    let result = write_synced(&tmp, bytes, private).and_then(|()| {
        if create_only {
            // A hard link fails when the target exists, where a rename would replace it.
            std::fs::hard_link(&tmp, path)?;
            std::fs::remove_file(&tmp)
        } else {
            std::fs::rename(&tmp, path)
        }
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    sync_folder(path)
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // The process id keeps two programs writing the same file from sharing a temporary.
    path.with_file_name(format!(".{name}.{}.quyche-tmp", std::process::id()))
}

fn write_synced(tmp: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(tmp)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes the folder's new entry durable. Only Unix can open a folder to fsync it.
fn sync_folder(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        File::open(parent)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bo.zip");
        atomic_write(&path, b"first").unwrap();
        atomic_write(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("bo.zip")]);
    }

    #[test]
    fn a_write_into_a_missing_folder_fails_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("khong-co").join("bo.zip");
        let e = atomic_write(&path, b"x").unwrap_err().to_string();
        assert!(e.contains("bo.zip") && e.contains("không ghi được"), "{e}");
        assert!(!path.exists());
    }

    #[test]
    fn a_private_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("identity.key");
        atomic_create_private(&path, b"secret").unwrap();
        let e = atomic_create_private(&path, b"other").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"secret");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}

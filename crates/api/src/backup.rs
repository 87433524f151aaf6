//! Backup and restore of a whole database (`quyche backup`, `quyche restore`).
//!
//! The store does the work (`quyche_store::Store::backup`, `quyche_store::restore`):
//! one self-checking file, restored into a new folder beside which it is built and
//! verified before it is renamed into place. This module maps its refusals onto the
//! API's codes: a damaged or foreign file is bad input, a folder that already holds
//! something is refused.

use std::path::Path;
use std::sync::Arc;

use quyche_archive::StoreError;

pub use quyche_archive::BackupSummary;

use crate::{ApiError, ErrorCode, Quyche, Result, VerifyReport};

fn backup_error(e: StoreError) -> ApiError {
    match e {
        StoreError::BadBackup { .. } | StoreError::UnsupportedFormat { .. } => {
            ApiError::bad_input(e.to_string())
        }
        StoreError::TargetNotEmpty(_) => ApiError::new(ErrorCode::Refused, e.to_string()),
        other => other.into(),
    }
}

impl Quyche {
    /// Writes a consistent backup of the whole database to `out` (replaced whole, or
    /// left as it was).
    pub fn backup(&self, out: &Path) -> Result<BackupSummary> {
        self.archive.store().backup(out).map_err(backup_error)
    }
}

/// Restores the backup file `backup` into the new database folder `new_dir` (absent
/// or empty), then runs the whole [`Quyche::verify`] on it, the seals included.
///
/// Nothing is written when the file is damaged ([`ErrorCode::BadInput`]) or the
/// folder holds something ([`ErrorCode::Refused`]).
pub fn restore(backup: &Path, new_dir: &Path) -> Result<(BackupSummary, VerifyReport)> {
    let (summary, _) = quyche_archive::restore(backup, new_dir).map_err(backup_error)?;
    // Verifying reads no time and writes nothing, so no clock is needed.
    let restored = Quyche::open(new_dir, Arc::new(|| 0))?;
    Ok((summary, restored.verify()?))
}

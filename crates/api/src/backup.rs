//! Backups: on demand (`quyche backup`, `quyche restore`), rotating (kept by the app in
//! the database folder), and the recovery of a database that fails its checks.
//!
//! The store does the work (`quyche_store::Store::backup`, `quyche_store::restore`):
//! one self-checking file, restored into a new folder beside which it is built and
//! verified before it is renamed into place. This module maps its refusals onto the
//! API's codes (a damaged or foreign file is bad input, a folder that already holds
//! something is refused) and keeps the rotation.
//!
//! # Rotating backups
//!
//! They live in `<db>/backups/` ([`backups_dir`]), named `<kind>-<UTC stamp>.qcbak`:
//!
//! * `approval-…`: one before every approval ([`Quyche::approve`] writes it first and
//!   does not approve when it cannot be written); the newest [`KEEP_BEFORE_APPROVAL`]
//!   are kept.
//! * `daily-…`: one per UTC calendar day the app is used ([`Quyche::backup_if_due`],
//!   called by the app at start and hourly); the newest [`KEEP_DAILY`] are kept. The
//!   calendar day, not "24 hours since the last one", so a clock set back never stops
//!   the rotation and a clock set forward writes one backup, not one an hour.
//!
//! Each is written under a temporary name, fsynced and renamed (the store's backup), then
//! read back whole and its SHA-256 checked ([`quyche_archive::check_backup`]); a file that
//! does not check out is removed and the call fails. Pruning happens only after a new
//! backup checked out, so a failing disk never leaves fewer good backups than before.
//!
//! # The signing key
//!
//! The installation's secret key lives beside the database in `<db>/identity/`, outside
//! the store, so a backup file never holds it. The rotating backups keep one copy of the
//! identity folder in `<db>/backups/identity/` (the key never changes: an identity is
//! never replaced), and a recovery puts it back, so the recovered installation keeps
//! signing with the same key its cards and seals name. That copy sits on the same disk
//! and in the same folder as the original, readable by the owner only, and is encrypted
//! whenever the original is (`QUYCHE_PASSPHRASE`): it exposes nothing the original does
//! not. A backup made for someone else (`quyche backup -o FILE`) carries the store only,
//! never the key: whoever restores it is another installation and makes its own.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quyche_archive::StoreError;

pub use quyche_archive::BackupSummary;

use crate::{iso8601, ApiError, ErrorCode, Quyche, Result, VerifyReport};

/// The rotating backups' folder inside the database folder.
pub const BACKUPS_DIR: &str = "backups";
/// Daily backups kept.
pub const KEEP_DAILY: usize = 10;
/// Backups made before an approval kept.
pub const KEEP_BEFORE_APPROVAL: usize = 5;
/// The extension of a rotating backup.
const EXTENSION: &str = "qcbak";
/// The identity folder inside a database folder (and inside `backups/`).
const IDENTITY_DIR: &str = "identity";

fn backup_error(e: StoreError) -> ApiError {
    match e {
        StoreError::BadBackup { .. } | StoreError::UnsupportedFormat { .. } => {
            ApiError::bad_input(e.to_string())
        }
        StoreError::TargetNotEmpty(_) => ApiError::new(ErrorCode::Refused, e.to_string()),
        other => other.into(),
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> ApiError {
    let writing = !what.contains("đọc");
    ApiError::new(ErrorCode::Io, crate::error::file_error_message(path, what, writing, &e))
}

/// Where the rotating backups of the database in `db` are kept.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.join(BACKUPS_DIR)
}

/// Why a rotating backup was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupKind {
    Daily,
    BeforeApproval,
}

impl BackupKind {
    fn prefix(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::BeforeApproval => "approval",
        }
    }

    fn keep(self) -> usize {
        match self {
            BackupKind::Daily => KEEP_DAILY,
            BackupKind::BeforeApproval => KEEP_BEFORE_APPROVAL,
        }
    }
}

/// One rotating backup file found in a backups folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RotatingBackup {
    pub kind: BackupKind,
    /// `20261204T190500Z`, with `-2`, `-3`… when two fell in the same second.
    pub stamp: String,
    pub path: PathBuf,
}

/// `2026-12-04T19:05:00Z` → `20261204T190500Z`: sortable, and a valid file name on
/// every system (no colon).
fn compact_stamp(ms: i64) -> String {
    iso8601(ms).replace(['-', ':'], "")
}

/// The rotating backups in `dir`, oldest first (files of other names are ignored: the
/// store's temporary `.…partial` files among them).
pub fn rotating_backups(dir: &Path) -> Result<Vec<RotatingBackup>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(dir, "không đọc được thư mục sao lưu", e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_error(dir, "không đọc được thư mục sao lưu", e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(&format!(".{EXTENSION}")) else { continue };
        for kind in [BackupKind::Daily, BackupKind::BeforeApproval] {
            if let Some(stamp) = stem.strip_prefix(&format!("{}-", kind.prefix())) {
                out.push(RotatingBackup { kind, stamp: stamp.to_string(), path: entry.path() });
            }
        }
    }
    out.sort_by(|a, b| order_key(&a.stamp).cmp(&order_key(&b.stamp)));
    Ok(out)
}

/// `…Z`, `…Z-2`, `…Z-10` in the order they were written.
fn order_key(stamp: &str) -> (&str, u32) {
    match stamp.split_once('-') {
        Some((s, n)) => (s, n.parse().unwrap_or(0)),
        None => (stamp, 1),
    }
}

impl Quyche {
    /// Writes a consistent backup of the whole database to `out` (replaced whole, or
    /// left as it was). The signing key is not in it (see the module docs).
    pub fn backup(&self, out: &Path) -> Result<BackupSummary> {
        self.archive.store().backup(out).map_err(backup_error)
    }

    /// Writes today's daily backup if there is none for the current UTC day yet, and
    /// returns its path; `None` when one exists. The app calls it at start and hourly.
    pub fn backup_if_due(&self) -> Result<Option<PathBuf>> {
        let now = self.now();
        let today = &compact_stamp(now)[..8];
        let dir = backups_dir(&self.dir);
        let done = rotating_backups(&dir)?
            .iter()
            .any(|b| b.kind == BackupKind::Daily && b.stamp.starts_with(today));
        if done {
            return Ok(None);
        }
        self.rotating_backup(BackupKind::Daily, now).map(Some)
    }

    /// The backup written before an approval; the approval does not happen without it.
    pub fn backup_before_approval(&self) -> Result<PathBuf> {
        self.rotating_backup(BackupKind::BeforeApproval, self.now())
    }

    /// Writes, checks and rotates one backup of `kind`.
    pub fn rotating_backup(&self, kind: BackupKind, now: i64) -> Result<PathBuf> {
        let dir = backups_dir(&self.dir);
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, "không tạo được thư mục", e))?;
        keep_identity_copy(&self.dir.join(IDENTITY_DIR), &dir.join(IDENTITY_DIR))?;
        let stamp = compact_stamp(now);
        let mut path = dir.join(format!("{}-{stamp}.{EXTENSION}", kind.prefix()));
        let mut n = 2;
        while path.exists() {
            path = dir.join(format!("{}-{stamp}-{n}.{EXTENSION}", kind.prefix()));
            n += 1;
        }
        self.backup(&path)?;
        if let Err(e) = quyche_archive::check_backup(&path) {
            let _ = fs::remove_file(&path);
            return Err(ApiError::new(
                ErrorCode::Io,
                format!("bản sao lưu vừa ghi không đọc lại được: {e}"),
            ));
        }
        let same: Vec<_> = rotating_backups(&dir)?.into_iter().filter(|b| b.kind == kind).collect();
        let excess = same.len().saturating_sub(kind.keep());
        for old in &same[..excess] {
            fs::remove_file(&old.path)
                .map_err(|e| io_error(&old.path, "không xoá được bản sao lưu cũ", e))?;
        }
        Ok(path)
    }
}

/// Copies every file of the identity folder `from` into `to` when absent there or
/// different (a key is never replaced in place, but a copy must follow a new card).
/// Each file is copied under a temporary name (`fs::copy` keeps the owner-only mode of
/// the secret key), fsynced, then renamed, so a copy is never half a key.
fn keep_identity_copy(from: &Path, to: &Path) -> Result<bool> {
    let entries = match fs::read_dir(from) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io_error(from, "không đọc được thư mục chữ ký số", e)),
    };
    let mut copied = false;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(from, "không đọc được thư mục chữ ký số", e))?;
        let name = entry.file_name();
        let source = entry.path();
        if !source.is_file() || name.to_string_lossy().starts_with('.') {
            continue;
        }
        let target = to.join(&name);
        let bytes = fs::read(&source).map_err(|e| io_error(&source, "không đọc được", e))?;
        if fs::read(&target).ok().as_deref() == Some(bytes.as_slice()) {
            continue;
        }
        fs::create_dir_all(to).map_err(|e| io_error(to, "không tạo được thư mục", e))?;
        let temp = to.join(format!(".{}.copying", name.to_string_lossy()));
        let placed = fs::copy(&source, &temp)
            .and_then(|_| fs::File::open(&temp)?.sync_all())
            .and_then(|()| fs::rename(&temp, &target))
            .and_then(|()| fs::File::open(to)?.sync_all());
        if let Err(e) = placed {
            let _ = fs::remove_file(&temp);
            return Err(io_error(&target, "không chép được", e));
        }
        copied = true;
    }
    Ok(copied)
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

/// What [`recover_from_latest_backup`] did.
#[derive(Clone, Debug)]
pub struct RecoveryReport {
    /// Where the damaged database folder was moved (never deleted).
    pub damaged: PathBuf,
    /// The backup restored: the newest that checked out.
    pub backup: PathBuf,
    /// Newer backups that did not restore, and why.
    pub skipped: Vec<(PathBuf, String)>,
    /// Whether the signing key came back with it.
    pub identity_restored: bool,
    pub summary: BackupSummary,
    /// The recovered database's full check.
    pub verify: VerifyReport,
}

/// Replaces the database in `dir`, which failed its checks, with its newest rotating
/// backup that restores and verifies.
///
/// The backup is restored beside `dir` first; only when one succeeded is `dir` moved
/// aside to `<dir>.damaged-<UTC stamp>` (kept whole: nothing in it is deleted or
/// changed) and the restored folder renamed into its place, with the signing key and
/// the backups folder copied over. So a recovery that finds no usable backup changes
/// nothing. Refused while another process holds the database. `now` names the folders.
pub fn recover_from_latest_backup(dir: &Path, now: i64) -> Result<RecoveryReport> {
    // Held until the folder is moved aside; never an open, which could change the
    // damaged files that are kept.
    let lock = quyche_archive::lock_folder(dir)?;
    let backups_from = backups_dir(dir);
    let mut candidates = rotating_backups(&backups_from)?;
    candidates.reverse();
    if candidates.is_empty() {
        return Err(ApiError::not_found(format!(
            "{}: không có bản sao lưu nào để khôi phục",
            backups_from.display()
        )));
    }
    let stamp = compact_stamp(now);
    let recovering = free_sibling(dir, &format!("recovering-{stamp}"));
    let mut skipped = Vec::new();
    let mut restored = None;
    for b in candidates {
        match quyche_archive::restore(&b.path, &recovering) {
            Ok((summary, _)) => {
                restored = Some((b.path, summary));
                break;
            }
            Err(e) => skipped.push((b.path, e.to_string())),
        }
    }
    let Some((backup, summary)) = restored else {
        let reasons: Vec<String> =
            skipped.iter().map(|(p, why)| format!("{}: {why}", p.display())).collect();
        return Err(ApiError::new(
            ErrorCode::Corrupt,
            format!("không bản sao lưu nào khôi phục được ({})", reasons.join("; ")),
        ));
    };
    let from_identity = dir.join(IDENTITY_DIR);
    let to_identity = recovering.join(IDENTITY_DIR);
    let mut identity_restored = keep_identity_copy(&from_identity, &to_identity)?;
    if !to_identity.join(quyche_exchange::SECRET_KEY_FILE).exists() {
        // The live folder lost it: the rotating backups keep a copy.
        identity_restored |= keep_identity_copy(&backups_from.join(IDENTITY_DIR), &to_identity)?;
    }
    copy_backups(&backups_from, &backups_dir(&recovering))?;
    let damaged = free_sibling(dir, &format!("damaged-{stamp}"));
    drop(lock);
    fs::rename(dir, &damaged).map_err(|e| io_error(dir, "không dời được thư mục hỏng", e))?;
    fs::rename(&recovering, dir).map_err(|e| io_error(dir, "không đặt được bản khôi phục", e))?;
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::File::open(parent)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_error(parent, "không đồng bộ được thư mục", e))?;
    }
    let verify = Quyche::open(dir, Arc::new(move || now))?.verify()?;
    Ok(RecoveryReport { damaged, backup, skipped, identity_restored, summary, verify })
}

/// `<dir>.<what>`, or `<dir>.<what>-2`… when taken.
fn free_sibling(dir: &Path, what: &str) -> PathBuf {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut path = dir.with_file_name(format!("{name}.{what}"));
    let mut n = 2;
    while path.exists() {
        path = dir.with_file_name(format!("{name}.{what}-{n}"));
        n += 1;
    }
    path
}

/// Copies the rotating backups and the identity copy (the damaged folder keeps its own).
fn copy_backups(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to).map_err(|e| io_error(to, "không tạo được thư mục", e))?;
    for b in rotating_backups(from)? {
        let Some(name) = b.path.file_name() else { continue };
        let target = to.join(name);
        fs::copy(&b.path, &target)
            .and_then(|_| fs::File::open(&target)?.sync_all())
            .map_err(|e| io_error(&target, "không chép được bản sao lưu", e))?;
    }
    keep_identity_copy(&from.join(IDENTITY_DIR), &to.join(IDENTITY_DIR))?;
    fs::File::open(to).and_then(|f| f.sync_all()).map_err(|e| io_error(to, "không đồng bộ được", e))
}

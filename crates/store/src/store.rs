//! The `Store` handle: opening (hardened in `sled_hazards`, then checked),
//! the write lock, and the plumbing every write shares.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, RwLock};

use sled::transaction::{
    ConflictableTransactionError, ConflictableTransactionResult, TransactionError,
};

use crate::sled_hazards::{self, Durability, ProcessLock};
use crate::{check, StoreError, FORMAT_VERSION};

/// What [`Store::open`] did besides opening.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpenReport {
    /// Files moved into `<dir>/quarantine/` (their new paths).
    pub quarantined: Vec<PathBuf>,
    /// Revision records whose hash was checked.
    pub revisions_checked: u32,
    /// Objects re-hashed (the root objects of head revisions).
    pub objects_checked: u32,
}

/// The durable revision store. See the crate docs for its guarantees.
pub struct Store {
    // Declaration order is drop order: sled must be gone before the lock file
    // is released, or a quick reopen could race the old instance.
    pub(crate) db: sled::Db,
    pub(crate) meta: sled::Tree,
    pub(crate) objects: sled::Tree,
    pub(crate) regulations: sled::Tree,
    pub(crate) revisions: sled::Tree,
    pub(crate) audit: sled::Tree,
    pub(crate) records: sled::Tree,
    durability: Durability,
    /// Held by every write, and by `verify` (sled iterators are not
    /// consistent across trees).
    pub(crate) write: Mutex<()>,
    /// Stamped on every audit entry (see [`crate::AuditStamp`]).
    pub(crate) stamp: RwLock<crate::AuditStamp>,
    _lock: ProcessLock,
}

impl Store {
    /// Hardened open of the store in `dir` (created if missing).
    ///
    /// Takes the process lock, quarantines interrupted snapshots, opens sled
    /// with a 64 MiB cache, writes the format version into a new store or
    /// checks it in an existing one, then runs the open-time checks listed in
    /// the crate docs.
    pub fn open(dir: &Path) -> Result<(Store, OpenReport), StoreError> {
        let hardened = sled_hazards::open(dir)?;
        let store = Store {
            meta: hardened.db.open_tree("meta")?,
            objects: hardened.db.open_tree("objects")?,
            regulations: hardened.db.open_tree("regulations")?,
            revisions: hardened.db.open_tree("revisions")?,
            audit: hardened.db.open_tree("audit")?,
            records: hardened.db.open_tree("records")?,
            db: hardened.db,
            durability: hardened.durability,
            write: Mutex::new(()),
            stamp: RwLock::default(),
            _lock: hardened.lock,
        };
        store.init_format(dir)?;
        let outcome = check::run(&store, check::Depth::Open)?;
        if let Some(found) = outcome.unsupported {
            return Err(StoreError::UnsupportedFormat { found, supported: FORMAT_VERSION });
        }
        if !outcome.problems.is_empty() {
            const SHOWN: usize = 10;
            let mut msg =
                outcome.problems.iter().take(SHOWN).cloned().collect::<Vec<_>>().join("; ");
            if outcome.problems.len() > SHOWN {
                msg.push_str(&format!("; và {} lỗi khác", outcome.problems.len() - SHOWN));
            }
            return Err(StoreError::Corrupt(msg));
        }
        let report = OpenReport {
            quarantined: hardened.quarantined,
            revisions_checked: outcome.revisions,
            objects_checked: outcome.objects_rehashed,
        };
        Ok((store, report))
    }

    /// Makes everything written so far survive a power cut. Every write calls
    /// it before returning: acknowledged means durable.
    pub(crate) fn make_durable(&self) -> Result<(), StoreError> {
        self.durability.sync(&self.db)
    }

    /// Bytes used by the sled database files (excluding quarantine).
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        fn walk(dir: &Path) -> std::io::Result<u64> {
            let mut total = 0;
            for entry in fs::read_dir(dir)? {
                let entry = entry?;
                let meta = entry.metadata()?;
                total += if meta.is_dir() { walk(&entry.path())? } else { meta.len() };
            }
            Ok(total)
        }
        Ok(walk(self.durability.sled_dir())?)
    }
}

pub(crate) fn lock_ignoring_poison<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding these locks leaves no half-done state behind
    // (sled transactions are atomic), so the data is still good to use.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

pub(crate) type TxResult<T> = ConflictableTransactionResult<T, StoreError>;

/// Aborts a sled transaction with a store error, which `tx_error` returns.
pub(crate) fn abort<T>(e: StoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(e))
}

pub(crate) fn tx_error(e: TransactionError<StoreError>) -> StoreError {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => e.into(),
    }
}

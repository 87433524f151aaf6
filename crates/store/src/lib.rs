//! `quyche-store`: a durable, content-addressed revision store.
//!
//! The store keeps four kinds of things in one sled database:
//!
//! * **objects**: opaque byte blobs addressed by their SHA-256. The store does
//!   not know what they mean; `quyche-archive` serialises documents into them.
//! * **regulations**: one record per regulation (title, status, latest
//!   revision number).
//! * **revisions**: numbered 1, 2, 3… per regulation, each pointing at a root
//!   object and carrying a SHA-256 over its own canonical JSON.
//! * **audit**: an append-only, hash-chained log of every change.
//! * **records**: small JSON documents of the layers above (people, rounds,
//!   comments, approvals), each hash-checked and written with its audit entry
//!   in one transaction ([`Store::write_records`]).
//!
//! Time is always passed in (`now_ms`, `time_ms`: unix milliseconds). The
//! store never reads the clock, so callers and tests decide what "now" is.
//!
//! This is the only crate in Quyche that links sled. Everything sled-specific,
//! including the workarounds for sled 0.34.7's known hazards, lives here.
//!
//! # Durability guarantees
//!
//! * **Acknowledged means durable.** [`Store::create_regulation`],
//!   [`Store::commit_revision`], [`Store::set_status`] and
//!   [`Store::put_objects`] return only after sled has flushed its log *and*
//!   the `db` file has been `fdatasync`ed (plus any new file under `blobs/`
//!   and that directory). sled's own `flush()` only calls `sync_file_range`,
//!   which writes the pages but neither the file size nor the drive's cache,
//!   so on its own it does not survive a power cut. `fdatasync` persists the
//!   size too; the directories are synced when entries appear in them (on
//!   open, and when sled creates a blob file), not on every commit, because
//!   a directory `fsync` costs as much as the data `fsync` on ext4.
//! * **kill -9:** every operation that returned `Ok` survives a kill of the
//!   process at any moment. An operation interrupted by the kill either
//!   happened completely or not at all: a revision, its regulation's new head
//!   and its audit entry are written in one sled transaction.
//! * **Power loss:** the same, provided the disk honours `fsync` (a drive
//!   with a volatile write cache that lies about flushes can lose anything).
//! * **Objects** passed with a revision are written before its transaction.
//!   A crash between the two can leave unreferenced objects behind; they are
//!   harmless and are never reported as problems.
//! * **Interrupted snapshots.** A kill while sled writes a snapshot leaves a
//!   `snap.*.generating` file which makes sled 0.34.7 refuse to open forever
//!   (`Corruption { at: None }`; the upstream fix was never released).
//!   [`Store::open`] moves such files into `<dir>/quarantine/` before opening
//!   and lists them in [`OpenReport::quarantined`]. sled then recovers from
//!   its log, which is the authoritative copy.
//!
//! # One process at a time
//!
//! A store directory is used by one [`Store`] at a time. [`Store::open`] takes
//! an exclusive lock on `<dir>/store.lock` (and sled locks its own `db` file);
//! a second open, from another process or from the same one, fails with
//! [`StoreError::InUse`] after waiting half a second for the lock (a lock
//! can linger that long after a `Store` is dropped while another thread
//! spawns a process). The lock is taken *before* stale snapshot files are
//! moved aside, so an open can never pull a snapshot out from under a live
//! instance. Within a process, share one `Store` (it is `Send + Sync`);
//! writes are serialised internally.
//!
//! # What is checked, and when
//!
//! On [`Store::open`] (cheap, proportional to the number of revisions):
//! the format version; every revision record's hash, key and parent link;
//! that each regulation's revisions run 1..=head without gaps; that every
//! revision's root object is present and that the root object of every head
//! revision hashes to its key; the whole audit chain. Any problem fails the
//! open with [`StoreError::Corrupt`] naming the key; a newer format fails it
//! with [`StoreError::UnsupportedFormat`]. Nothing is repaired silently.
//!
//! [`Store::verify`] does all of that and also re-hashes *every* object. It
//! reports problems in a [`VerifyReport`] instead of failing.
//!
//! Every read of an object re-hashes it ([`Store::object`]) and every read of
//! a revision re-checks its hash, so corruption is reported, not passed on.
//!
//! # Record format
//!
//! Records are JSON (serde_json, fields in declaration order, no whitespace)
//! and every record carries `"v"`, the format version it was written with.
//! The database also stores its format version in the `meta` tree. The format
//! is a compatibility contract: a record written with format 1 must stay
//! readable by every later version of this crate. A store or record with a
//! *newer* version than [`FORMAT_VERSION`] is refused with
//! [`StoreError::UnsupportedFormat`] rather than half-understood.
//!
//! The hash of a revision record (and of an audit entry) is the SHA-256 of the
//! record's JSON with `hash` set to `""`. Because that JSON is the hash input,
//! **the order and names of the fields of [`RevisionRecord`] and
//! [`AuditEntry`] must never change**; new fields need a new format version.
//!
//! Audit actions written by the store: `"create"` (revision 1, detail = the
//! title), `"save"` (detail = the revision message) and `"status"` (detail =
//! `"<old> → <new>"`). The actor is the revision's author, or the `actor`
//! passed to [`Store::set_status`].
//!
//! Key layout (sled trees):
//!
//! | tree          | key                                             | value            |
//! |---------------|-------------------------------------------------|------------------|
//! | `meta`        | `format`, `audit_tip`                           | JSON             |
//! | `objects`     | 32-byte SHA-256                                 | raw bytes        |
//! | `regulations` | id (UTF-8)                                      | [`RegulationRecord`] |
//! | `revisions`   | id, `0x00`, number (big-endian u32)             | [`RevisionRecord`]   |
//! | `audit`       | seq (big-endian u64, from 1)                    | [`AuditEntry`]       |
//! | `records`     | collection, `0x00`, key                         | [`Record`]           |
//!
//! On disk, `<dir>/sled/` holds the sled database, `<dir>/store.lock` the
//! process lock and `<dir>/quarantine/` anything moved aside on open.

//! # Example
//!
//! ```
//! use quyche_store::{hash_bytes, NewRevision, Store};
//!
//! let dir = tempfile::tempdir()?;
//! let (store, _report) = Store::open(dir.path())?;
//! let objects = vec![b"root v1".to_vec(), b"article 1".to_vec()];
//! let rev = NewRevision {
//!     root: hash_bytes(&objects[0]),
//!     author: "an",
//!     time_ms: 1_700_000_000_000,
//!     message: "tạo mới",
//!     title: "Quy chế làm việc",
//!     objects: &objects,
//! };
//! let (reg, r1) = store.create_regulation("qc-1", "draft", rev)?;
//! assert_eq!((reg.head, r1.number), (1, 1));
//!
//! let objects = vec![b"root v2".to_vec(), b"article 1".to_vec()];
//! let rev = NewRevision { root: hash_bytes(&objects[0]), objects: &objects, ..rev };
//! let r2 = store.commit_revision("qc-1", Some(1), rev)?; // durable when it returns
//! assert_eq!(r2.parent, Some(1));
//! assert!(store.verify()?.is_intact());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::{self, File};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sled::transaction::{
    ConflictableTransactionError, ConflictableTransactionResult, TransactionError,
    TransactionalTree,
};
use sled::Transactional;

mod check;
mod records;

pub use records::{Action, Record, RecordWrite, StatusChange};

/// A SHA-256 digest.
pub type Hash = [u8; 32];

/// SHA-256 of `b`.
pub fn hash_bytes(b: &[u8]) -> Hash {
    Sha256::digest(b).into()
}

/// Lower-case hex of a hash (64 characters).
pub fn to_hex(h: &Hash) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(64);
    for b in h {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 0xf) as usize] as char);
    }
    s
}

/// Parses 64 hex digits (either case). `None` for anything else.
pub fn from_hex(s: &str) -> Option<Hash> {
    let bytes = s.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        out[i] = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

/// Version of the stored record format. Every record carries it as `"v"`.
pub const FORMAT_VERSION: u32 = 1;

/// Errors. Messages are Vietnamese because they reach the user unchanged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cơ sở dữ liệu đang được dùng bởi một tiến trình khác: {0}")]
    InUse(PathBuf),
    #[error("dữ liệu hỏng: {0}")]
    Corrupt(String),
    #[error("không tìm thấy {0}")]
    NotFound(String),
    #[error("phiên bản định dạng {found} không được hỗ trợ (hỗ trợ {supported})")]
    UnsupportedFormat { found: u32, supported: u32 },
    #[error("xung đột: {0}")]
    Conflict(String),
    #[error("lỗi ghi đọc: {0}")]
    Io(#[from] std::io::Error),
    #[error("lỗi sled: {0}")]
    Sled(String),
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        match e {
            sled::Error::Io(io) => StoreError::Io(io),
            sled::Error::Corruption { at, .. } => {
                StoreError::Corrupt(format!("sled phát hiện tệp dữ liệu hỏng (vị trí {at:?})"))
            }
            other => StoreError::Sled(other.to_string()),
        }
    }
}

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

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RegulationRecord {
    pub v: u32,
    pub id: String,
    pub title: String,
    pub status: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// Latest revision number.
    pub head: u32,
}

/// Field order is part of the hash input: never reorder (see crate docs).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RevisionRecord {
    pub v: u32,
    pub regulation: String,
    /// 1, 2, 3… per regulation.
    pub number: u32,
    pub parent: Option<u32>,
    /// Hex hash of the root object.
    pub root: String,
    pub author: String,
    pub time_ms: i64,
    pub message: String,
    /// Hex SHA-256 of this record's JSON with `hash = ""`.
    pub hash: String,
}

/// Field order is part of the hash input: never reorder (see crate docs).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AuditEntry {
    pub v: u32,
    pub seq: u64,
    pub time_ms: i64,
    pub actor: String,
    pub action: String,
    pub regulation: Option<String>,
    pub revision: Option<u32>,
    pub detail: String,
    /// Hex hash of the previous entry, `""` for the first.
    pub prev: String,
    pub hash: String,
}

/// A revision to be saved.
#[derive(Clone, Copy, Debug)]
pub struct NewRevision<'a> {
    /// Hash of the root object. It must be among `objects` or already stored.
    pub root: Hash,
    pub author: &'a str,
    pub time_ms: i64,
    pub message: &'a str,
    /// Becomes the regulation's title.
    pub title: &'a str,
    /// Blobs this revision needs; stored content-addressed, deduplicated.
    pub objects: &'a [Vec<u8>],
}

/// Result of [`Store::verify`]. `problems` empty means intact.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VerifyReport {
    pub objects: u32,
    pub revisions: u32,
    pub regulations: u32,
    pub audit_entries: u32,
    pub records: u32,
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

const SLED_SUBDIR: &str = "sled";
const QUARANTINE_SUBDIR: &str = "quarantine";
const LOCK_FILE: &str = "store.lock";
// sled's default is 1 GiB, and measured use reaches several times the setting.
const CACHE_CAPACITY: u64 = 64 * 1024 * 1024;

/// How long a lock held elsewhere is waited for before `InUse`.
const LOCK_PATIENCE: Duration = Duration::from_millis(500);

const META_FORMAT: &[u8] = b"format";
const META_AUDIT_TIP: &[u8] = b"audit_tip";

#[derive(Serialize, Deserialize)]
struct FormatRecord {
    v: u32,
}

/// The last audit entry, kept in `meta` so that appending needs no scan:
/// sled transactions cannot iterate, and reading the tip inside the
/// transaction makes two concurrent appends conflict instead of reusing a seq.
#[derive(Serialize, Deserialize)]
struct AuditTip {
    v: u32,
    seq: u64,
    hash: String,
}

/// The durable revision store. See the crate docs for its guarantees.
pub struct Store {
    // Declaration order is drop order: sled must be gone before the lock file
    // is released, or a quick reopen could race the old instance.
    db: sled::Db,
    meta: sled::Tree,
    objects: sled::Tree,
    regulations: sled::Tree,
    revisions: sled::Tree,
    audit: sled::Tree,
    records: sled::Tree,
    sled_dir: PathBuf,
    db_file: File,
    synced_blobs: Mutex<HashSet<OsString>>,
    write: Mutex<()>,
    _lock: File,
}

/// Where the sled database of the store in `dir` lives. Exposed for tools and
/// tests that need to look at (or tamper with) the raw database.
pub fn sled_dir(dir: &Path) -> PathBuf {
    dir.join(SLED_SUBDIR)
}

type TxResult<T> = ConflictableTransactionResult<T, StoreError>;

fn abort<T>(e: StoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(e))
}

fn tx_error(e: TransactionError<StoreError>) -> StoreError {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => e.into(),
    }
}

fn canonical<T: Serialize>(t: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(t)
        .map_err(|e| StoreError::Corrupt(format!("không mã hoá được bản ghi: {e}")))
}

/// Decodes a record, telling "written by a newer version" apart from garbage.
fn decode<T: DeserializeOwned>(what: &str, bytes: &[u8]) -> Result<T, StoreError> {
    #[derive(Deserialize)]
    struct VersionOnly {
        v: u32,
    }
    if let Ok(VersionOnly { v }) = serde_json::from_slice::<VersionOnly>(bytes) {
        if v > FORMAT_VERSION {
            return Err(StoreError::UnsupportedFormat { found: v, supported: FORMAT_VERSION });
        }
    }
    serde_json::from_slice(bytes)
        .map_err(|e| StoreError::Corrupt(format!("{what}: không giải mã được bản ghi ({e})")))
}

impl RevisionRecord {
    fn compute_hash(&self) -> Result<String, StoreError> {
        let mut unsealed = self.clone();
        unsealed.hash.clear();
        Ok(to_hex(&hash_bytes(&canonical(&unsealed)?)))
    }
}

impl AuditEntry {
    fn compute_hash(&self) -> Result<String, StoreError> {
        let mut unsealed = self.clone();
        unsealed.hash.clear();
        Ok(to_hex(&hash_bytes(&canonical(&unsealed)?)))
    }
}

fn revision_key(regulation: &str, number: u32) -> Vec<u8> {
    let mut k = Vec::with_capacity(regulation.len() + 5);
    k.extend_from_slice(regulation.as_bytes());
    k.push(0);
    k.extend_from_slice(&number.to_be_bytes());
    k
}

fn revision_prefix(regulation: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(regulation.len() + 1);
    k.extend_from_slice(regulation.as_bytes());
    k.push(0);
    k
}

/// Splits a revision key. Ids may themselves contain 0x00, so the number is
/// taken from the fixed-size tail rather than by searching for a separator.
fn parse_revision_key(key: &[u8]) -> Option<(String, u32)> {
    if key.len() < 5 || key[key.len() - 5] != 0 {
        return None;
    }
    let (id, tail) = key.split_at(key.len() - 5);
    let number = u32::from_be_bytes([tail[1], tail[2], tail[3], tail[4]]);
    Some((String::from_utf8(id.to_vec()).ok()?, number))
}

/// Printable name of a revision key for error messages.
fn revision_name(regulation: &str, number: u32) -> String {
    format!("revisions/{regulation}#{number}")
}

fn lock_ignoring_poison<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding these locks leaves no half-done state behind
    // (sled transactions are atomic), so the data is still good to use.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    // Directories cannot be opened as files on Windows; NTFS journals
    // directory entries itself.
    Ok(())
}

fn acquire_lock(dir: &Path) -> Result<File, StoreError> {
    use fs2::FileExt;
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(LOCK_FILE))?;
    // A lock can outlive its Store by a moment: a child process spawned by
    // any thread of this process holds a copy of every descriptor between
    // fork and exec, and with it the flock. Retry briefly so that closing and
    // reopening a store does not fail on someone else's spawn.
    let deadline = Instant::now() + LOCK_PATIENCE;
    loop {
        match file.try_lock_exclusive() {
            Ok(()) => return Ok(file),
            Err(e)
                if e.kind() == fs2::lock_contended_error().kind()
                    || e.kind() == std::io::ErrorKind::WouldBlock =>
            {
                if Instant::now() >= deadline {
                    return Err(StoreError::InUse(dir.to_path_buf()));
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => return Err(StoreError::Io(e)),
        }
    }
}

/// Moves `snap.*.generating` aside. sled picks the lexically last `snap.*`
/// file, and an unfinished one makes every later open fail. The completed
/// snapshots and the log are untouched, so nothing acknowledged is lost.
fn quarantine_generating_snapshots(
    dir: &Path,
    sled_dir: &Path,
) -> Result<Vec<PathBuf>, StoreError> {
    let mut moved = Vec::new();
    let quarantine = dir.join(QUARANTINE_SUBDIR);
    for entry in fs::read_dir(sled_dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name_str) = name.to_str() else {
            continue;
        };
        if !(name_str.starts_with("snap.") && name_str.ends_with(".generating")) {
            continue;
        }
        fs::create_dir_all(&quarantine)?;
        let mut target = quarantine.join(&name);
        let mut n = 1u32;
        while target.exists() {
            target = quarantine.join(format!("{name_str}.{n}"));
            n += 1;
        }
        fs::rename(entry.path(), &target)?;
        moved.push(target);
    }
    if !moved.is_empty() {
        sync_dir(&quarantine)?;
        sync_dir(sled_dir)?;
    }
    Ok(moved)
}

fn is_lock_error(e: &sled::Error) -> bool {
    match e {
        sled::Error::Io(io) => {
            io.kind() == std::io::ErrorKind::WouldBlock
                || io.to_string().contains("could not acquire lock")
        }
        _ => false,
    }
}

fn open_sled(dir: &Path, sled_dir: &Path) -> Result<sled::Db, StoreError> {
    // Mode stays sled's default (LowSpace): HighThroughput measured no
    // faster for durable saves here (both ~0.8 ms p50, ~1.2 ms p99) and
    // slightly larger on disk.
    let config = sled::Config::new().path(sled_dir).cache_capacity(CACHE_CAPACITY);
    // We hold store.lock, so a sled lock held by someone else can only be a
    // previous instance in this process whose background threads have not
    // let go of the db file yet, a child mid-spawn holding a copy of its
    // descriptor (see `acquire_lock`), or a tool that opened the sled dir
    // directly. Wait briefly for the first two.
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        // sled 0.34 panics on some malformed files instead of returning an
        // error; an open must never take the app down with it.
        let result = panic::catch_unwind(AssertUnwindSafe(|| config.open()));
        match result {
            Ok(Ok(db)) => return Ok(db),
            Ok(Err(e)) if is_lock_error(&e) => {
                if Instant::now() >= deadline {
                    return Err(StoreError::InUse(dir.to_path_buf()));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(Err(e)) => return Err(e.into()),
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("không rõ");
                return Err(StoreError::Corrupt(format!(
                    "sled dừng đột ngột khi mở {}: {msg}",
                    sled_dir.display()
                )));
            }
        }
    }
}

impl Store {
    /// Hardened open of the store in `dir` (created if missing).
    ///
    /// Takes the process lock, quarantines interrupted snapshots, opens sled
    /// with a 64 MiB cache, writes the format version into a new store or
    /// checks it in an existing one, then runs the open-time checks listed in
    /// the crate docs.
    pub fn open(dir: &Path) -> Result<(Store, OpenReport), StoreError> {
        fs::create_dir_all(dir)?;
        let lock = acquire_lock(dir)?;
        let sled_dir = sled_dir(dir);
        fs::create_dir_all(&sled_dir)?;
        let quarantined = quarantine_generating_snapshots(dir, &sled_dir)?;
        let db = open_sled(dir, &sled_dir)?;
        // Write access only because Windows refuses to flush a read-only handle.
        let db_file = fs::OpenOptions::new().read(true).write(true).open(sled_dir.join("db"))?;
        let store = Store {
            meta: db.open_tree("meta")?,
            objects: db.open_tree("objects")?,
            regulations: db.open_tree("regulations")?,
            revisions: db.open_tree("revisions")?,
            audit: db.open_tree("audit")?,
            records: db.open_tree("records")?,
            db,
            sled_dir,
            db_file,
            synced_blobs: Mutex::new(HashSet::new()),
            write: Mutex::new(()),
            _lock: lock,
        };
        // Makes the files sled created or renamed while opening (the db file
        // of a new store, the recovery snapshot) as durable as their contents.
        sync_dir(dir)?;
        sync_dir(&store.sled_dir)?;
        store.init_format()?;
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
            quarantined,
            revisions_checked: outcome.revisions,
            objects_checked: outcome.objects_rehashed,
        };
        Ok((store, report))
    }

    /// Writes the format version into a brand-new store. A store that has
    /// data but no version is not "new": that is reported by the checks.
    fn init_format(&self) -> Result<(), StoreError> {
        if self.meta.get(META_FORMAT)?.is_some() {
            return Ok(());
        }
        let empty = self.objects.is_empty()
            && self.regulations.is_empty()
            && self.revisions.is_empty()
            && self.audit.is_empty()
            && self.records.is_empty()
            && self.meta.is_empty();
        if empty {
            self.meta.insert(META_FORMAT, canonical(&FormatRecord { v: FORMAT_VERSION })?)?;
            self.make_durable()?;
        }
        Ok(())
    }

    /// Makes everything written so far survive a power cut.
    fn make_durable(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        // sled writes oversized pages to separate blob files and never syncs
        // them; a committed record may live in one.
        let blobs_dir = self.sled_dir.join("blobs");
        let mut new_blob = false;
        if let Ok(entries) = fs::read_dir(&blobs_dir) {
            let mut synced = lock_ignoring_poison(&self.synced_blobs);
            let mut present = HashSet::new();
            for entry in entries {
                let entry = entry?;
                let name = entry.file_name();
                if !synced.contains(&name) {
                    match fs::OpenOptions::new().read(true).write(true).open(entry.path()) {
                        Ok(f) => f.sync_all()?,
                        // Removed by sled's blob GC between listing and opening.
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                        Err(e) => return Err(e.into()),
                    }
                    new_blob = true;
                }
                present.insert(name);
            }
            *synced = present;
        }
        if new_blob {
            sync_dir(&blobs_dir)?;
        }
        // fdatasync still persists the file size (sled appends), but skips the
        // mtime-only inode update that would cost another journal commit.
        self.db_file.sync_data()?;
        // The sled directory itself is synced once in `open`: at run time
        // sled 0.34 creates no entries there (snapshots are only written
        // during recovery), only under `blobs/`, handled above.
        Ok(())
    }

    /// Stores blobs content-addressed. Idempotent; returns their hashes in order.
    pub fn put_objects(&self, objects: &[Vec<u8>]) -> Result<Vec<Hash>, StoreError> {
        let _w = lock_ignoring_poison(&self.write);
        let hashes = self.insert_objects(objects)?;
        self.make_durable()?;
        Ok(hashes)
    }

    fn insert_objects(&self, objects: &[Vec<u8>]) -> Result<Vec<Hash>, StoreError> {
        let mut hashes = Vec::with_capacity(objects.len());
        for bytes in objects {
            let h = hash_bytes(bytes);
            // Comparing against the new bytes (which hash to the key) both
            // skips the rewrite and heals a damaged copy.
            let intact =
                matches!(self.objects.get(h)?, Some(old) if old.as_ref() == bytes.as_slice());
            if !intact {
                self.objects.insert(h, bytes.as_slice())?;
            }
            hashes.push(h);
        }
        Ok(hashes)
    }

    /// The blob with this hash, re-hashed on the way out.
    pub fn object(&self, hash: &Hash) -> Result<Vec<u8>, StoreError> {
        match self.objects.get(hash)? {
            None => Err(StoreError::NotFound(format!("đối tượng {}", to_hex(hash)))),
            Some(bytes) => {
                if hash_bytes(&bytes) != *hash {
                    return Err(StoreError::Corrupt(format!(
                        "objects/{}: nội dung không khớp mã băm",
                        to_hex(hash)
                    )));
                }
                Ok(bytes.to_vec())
            }
        }
    }

    /// Checks that the root will be stored, *before* anything is written, so
    /// that a refused save leaves no trace.
    fn require_root(&self, rev: &NewRevision) -> Result<(), StoreError> {
        if rev.objects.iter().any(|o| hash_bytes(o) == rev.root) {
            return Ok(());
        }
        self.object(&rev.root).map(|_| ()).map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(format!(
                "đối tượng gốc {} (chưa được lưu cùng phiên bản)",
                to_hex(&rev.root)
            )),
            other => other,
        })
    }

    /// Creates the regulation and its revision 1 atomically. `Conflict` if
    /// the id exists.
    pub fn create_regulation(
        &self,
        id: &str,
        status: &str,
        rev: NewRevision,
    ) -> Result<(RegulationRecord, RevisionRecord), StoreError> {
        let _w = lock_ignoring_poison(&self.write);
        // Checked again inside the transaction; checking first means a
        // refused create writes no objects either.
        if self.regulations.get(id.as_bytes())?.is_some() {
            return Err(StoreError::Conflict(format!("quy chế {id} đã tồn tại")));
        }
        self.require_root(&rev)?;
        self.insert_objects(rev.objects)?;
        let mut revision = RevisionRecord {
            v: FORMAT_VERSION,
            regulation: id.to_string(),
            number: 1,
            parent: None,
            root: to_hex(&rev.root),
            author: rev.author.to_string(),
            time_ms: rev.time_ms,
            message: rev.message.to_string(),
            hash: String::new(),
        };
        revision.hash = revision.compute_hash()?;
        let regulation = RegulationRecord {
            v: FORMAT_VERSION,
            id: id.to_string(),
            title: rev.title.to_string(),
            status: status.to_string(),
            created_ms: rev.time_ms,
            updated_ms: rev.time_ms,
            head: 1,
        };
        let reg_bytes = canonical(&regulation)?;
        let rev_bytes = canonical(&revision)?;
        let rev_key = revision_key(id, 1);
        (&self.regulations, &self.revisions, &self.audit, &self.meta)
            .transaction(|(regs, revs, audit, meta)| {
                if regs.get(id.as_bytes())?.is_some() {
                    return abort(StoreError::Conflict(format!("quy chế {id} đã tồn tại")));
                }
                // A revision key without a regulation would be a leftover of
                // corruption; refuse rather than overwrite it.
                if revs.get(rev_key.as_slice())?.is_some() {
                    return abort(StoreError::Conflict(format!(
                        "{} đã tồn tại",
                        revision_name(id, 1)
                    )));
                }
                regs.insert(id.as_bytes(), reg_bytes.as_slice())?;
                revs.insert(rev_key.as_slice(), rev_bytes.as_slice())?;
                append_audit(
                    meta,
                    audit,
                    AuditDraft {
                        time_ms: rev.time_ms,
                        actor: rev.author,
                        action: "create",
                        regulation: Some(id),
                        revision: Some(1),
                        detail: rev.title,
                    },
                )?;
                Ok(())
            })
            .map_err(tx_error)?;
        self.make_durable()?;
        Ok((regulation, revision))
    }

    /// Saves the next revision (head + 1, parent = head). With
    /// `expected_head = Some(h)`, fails with `Conflict` unless the head is
    /// still `h`. Objects are stored first; the revision, the regulation's
    /// new title/updated_ms/head and the "save" audit entry go in one
    /// transaction, and the whole is durable before this returns.
    pub fn commit_revision(
        &self,
        regulation: &str,
        expected_head: Option<u32>,
        rev: NewRevision,
    ) -> Result<RevisionRecord, StoreError> {
        let _w = lock_ignoring_poison(&self.write);
        // All writes hold `write`, so this early look is authoritative: a
        // save on an old head is refused before any object is written. The
        // transaction below checks again anyway, as the source of truth.
        let current = self.regulation(regulation)?;
        if let Some(expected) = expected_head {
            if expected != current.head {
                return Err(head_conflict(regulation, current.head, expected));
            }
        }
        self.require_root(&rev)?;
        self.insert_objects(rev.objects)?;
        let root_hex = to_hex(&rev.root);
        let revision = (&self.regulations, &self.revisions, &self.audit, &self.meta)
            .transaction(|(regs, revs, audit, meta)| {
                let Some(bytes) = regs.get(regulation.as_bytes())? else {
                    return abort(StoreError::NotFound(format!("quy chế {regulation}")));
                };
                let mut reg: RegulationRecord =
                    match decode(&format!("regulations/{regulation}"), &bytes) {
                        Ok(r) => r,
                        Err(e) => return abort(e),
                    };
                if let Some(expected) = expected_head {
                    if expected != reg.head {
                        return abort(head_conflict(regulation, reg.head, expected));
                    }
                }
                let Some(number) = reg.head.checked_add(1) else {
                    return abort(StoreError::Conflict(format!(
                        "quy chế {regulation}: hết số phiên bản"
                    )));
                };
                let mut revision = RevisionRecord {
                    v: FORMAT_VERSION,
                    regulation: regulation.to_string(),
                    number,
                    parent: Some(reg.head),
                    root: root_hex.clone(),
                    author: rev.author.to_string(),
                    time_ms: rev.time_ms,
                    message: rev.message.to_string(),
                    hash: String::new(),
                };
                revision.hash = match revision.compute_hash() {
                    Ok(h) => h,
                    Err(e) => return abort(e),
                };
                reg.title = rev.title.to_string();
                reg.updated_ms = rev.time_ms;
                reg.head = number;
                let (reg_bytes, rev_bytes) = match (canonical(&reg), canonical(&revision)) {
                    (Ok(a), Ok(b)) => (a, b),
                    (Err(e), _) | (_, Err(e)) => return abort(e),
                };
                regs.insert(regulation.as_bytes(), reg_bytes)?;
                revs.insert(revision_key(regulation, number), rev_bytes)?;
                append_audit(
                    meta,
                    audit,
                    AuditDraft {
                        time_ms: rev.time_ms,
                        actor: rev.author,
                        action: "save",
                        regulation: Some(regulation),
                        revision: Some(number),
                        detail: rev.message,
                    },
                )?;
                Ok(revision)
            })
            .map_err(tx_error)?;
        self.make_durable()?;
        Ok(revision)
    }

    /// Changes a regulation's status (and `updated_ms`), with an audit entry
    /// whose detail is `"<old> → <new>"`.
    pub fn set_status(
        &self,
        regulation: &str,
        status: &str,
        actor: &str,
        now_ms: i64,
    ) -> Result<RegulationRecord, StoreError> {
        let _w = lock_ignoring_poison(&self.write);
        let record = (&self.regulations, &self.audit, &self.meta)
            .transaction(|(regs, audit, meta)| {
                let Some(bytes) = regs.get(regulation.as_bytes())? else {
                    return abort(StoreError::NotFound(format!("quy chế {regulation}")));
                };
                let mut reg: RegulationRecord =
                    match decode(&format!("regulations/{regulation}"), &bytes) {
                        Ok(r) => r,
                        Err(e) => return abort(e),
                    };
                let detail = format!("{} → {}", reg.status, status);
                reg.status = status.to_string();
                reg.updated_ms = now_ms;
                let bytes = match canonical(&reg) {
                    Ok(b) => b,
                    Err(e) => return abort(e),
                };
                regs.insert(regulation.as_bytes(), bytes)?;
                append_audit(
                    meta,
                    audit,
                    AuditDraft {
                        time_ms: now_ms,
                        actor,
                        action: "status",
                        regulation: Some(regulation),
                        revision: None,
                        detail: &detail,
                    },
                )?;
                Ok(reg)
            })
            .map_err(tx_error)?;
        self.make_durable()?;
        Ok(record)
    }

    /// All regulations, ordered by id.
    pub fn regulations(&self) -> Result<Vec<RegulationRecord>, StoreError> {
        let mut out = Vec::new();
        for item in self.regulations.iter() {
            let (key, bytes) = item?;
            out.push(decode(&format!("regulations/{}", String::from_utf8_lossy(&key)), &bytes)?);
        }
        Ok(out)
    }

    pub fn regulation(&self, id: &str) -> Result<RegulationRecord, StoreError> {
        match self.regulations.get(id.as_bytes())? {
            Some(bytes) => decode(&format!("regulations/{id}"), &bytes),
            None => Err(StoreError::NotFound(format!("quy chế {id}"))),
        }
    }

    /// All revisions of a regulation, ascending by number, each re-checked.
    pub fn revisions(&self, regulation: &str) -> Result<Vec<RevisionRecord>, StoreError> {
        if self.regulations.get(regulation.as_bytes())?.is_none() {
            return Err(StoreError::NotFound(format!("quy chế {regulation}")));
        }
        let prefix = revision_prefix(regulation);
        let mut out = Vec::new();
        for item in self.revisions.scan_prefix(&prefix) {
            let (key, bytes) = item?;
            // Longer keys under this prefix belong to ids that extend this
            // one with a 0x00 byte.
            if key.len() != prefix.len() + 4 {
                continue;
            }
            let Some((_, number)) = parse_revision_key(&key) else {
                continue;
            };
            out.push(decode_revision(regulation, number, &bytes)?);
        }
        Ok(out)
    }

    pub fn revision(&self, regulation: &str, number: u32) -> Result<RevisionRecord, StoreError> {
        match self.revisions.get(revision_key(regulation, number))? {
            Some(bytes) => decode_revision(regulation, number, &bytes),
            None => {
                Err(StoreError::NotFound(format!("phiên bản {number} của quy chế {regulation}")))
            }
        }
    }

    /// The whole audit log in order.
    pub fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let mut out = Vec::new();
        for item in self.audit.iter() {
            let (key, bytes) = item?;
            out.push(decode(&format!("audit/{}", audit_key_name(&key)), &bytes)?);
        }
        Ok(out)
    }

    /// Re-hashes everything (see crate docs). Problems are reported, not
    /// raised; `Err` only for failures to read at all.
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        // sled iterators are not consistent across trees: without the write
        // lock a concurrent save could show up as a revision beyond its head.
        let _w = lock_ignoring_poison(&self.write);
        let outcome = check::run(self, check::Depth::Full)?;
        let mut problems = outcome.problems;
        if let Some(found) = outcome.unsupported {
            problems.insert(
                0,
                StoreError::UnsupportedFormat { found, supported: FORMAT_VERSION }.to_string(),
            );
        }
        Ok(VerifyReport {
            objects: outcome.objects,
            revisions: outcome.revisions,
            regulations: outcome.regulations,
            audit_entries: outcome.audit_entries,
            records: outcome.records,
            problems,
        })
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
        Ok(walk(&self.sled_dir)?)
    }
}

fn head_conflict(regulation: &str, head: u32, expected: u32) -> StoreError {
    StoreError::Conflict(format!(
        "quy chế {regulation} đã có phiên bản {head} (đang sửa từ phiên bản {expected})"
    ))
}

fn audit_key_name(key: &[u8]) -> String {
    match <[u8; 8]>::try_from(key) {
        Ok(b) => u64::from_be_bytes(b).to_string(),
        Err(_) => format!("{key:02x?}"),
    }
}

fn decode_revision(
    regulation: &str,
    number: u32,
    bytes: &[u8],
) -> Result<RevisionRecord, StoreError> {
    let name = revision_name(regulation, number);
    let rec: RevisionRecord = decode(&name, bytes)?;
    if rec.regulation != regulation || rec.number != number {
        return Err(StoreError::Corrupt(format!(
            "{name}: bản ghi mang nhãn {}",
            revision_name(&rec.regulation, rec.number)
        )));
    }
    if rec.compute_hash()? != rec.hash {
        return Err(StoreError::Corrupt(format!("{name}: mã băm bản ghi không khớp")));
    }
    Ok(rec)
}

struct AuditDraft<'a> {
    time_ms: i64,
    actor: &'a str,
    action: &'a str,
    regulation: Option<&'a str>,
    revision: Option<u32>,
    detail: &'a str,
}

fn append_audit(
    meta: &TransactionalTree,
    audit: &TransactionalTree,
    d: AuditDraft,
) -> TxResult<AuditEntry> {
    let (seq, prev) = match meta.get(META_AUDIT_TIP)? {
        None => (1, String::new()),
        Some(bytes) => match decode::<AuditTip>("meta/audit_tip", &bytes) {
            Ok(tip) => (tip.seq + 1, tip.hash),
            Err(e) => return abort(e),
        },
    };
    let mut entry = AuditEntry {
        v: FORMAT_VERSION,
        seq,
        time_ms: d.time_ms,
        actor: d.actor.to_string(),
        action: d.action.to_string(),
        regulation: d.regulation.map(str::to_string),
        revision: d.revision,
        detail: d.detail.to_string(),
        prev,
        hash: String::new(),
    };
    let encoded = entry.compute_hash().and_then(|h| {
        entry.hash = h;
        let tip = AuditTip { v: FORMAT_VERSION, seq, hash: entry.hash.clone() };
        Ok((canonical(&entry)?, canonical(&tip)?))
    });
    let (entry_bytes, tip_bytes) = match encoded {
        Ok(b) => b,
        Err(e) => return abort(e),
    };
    audit.insert(&seq.to_be_bytes(), entry_bytes)?;
    meta.insert(META_AUDIT_TIP, tip_bytes)?;
    Ok(entry)
}

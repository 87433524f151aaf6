//! `quyche-store`: a durable, content-addressed revision store.
//!
//! The store keeps five kinds of things in one sled database:
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
//! This is the only crate in Quyche that links sled. The workarounds for sled
//! 0.34.7's known hazards are all in one private module, `sled_hazards`: the
//! code a sled upgrade would replace (see "sled's hazards" below).
//!
//! # Guarantees
//!
//! * **Acknowledged means durable.** Every write ([`Store::create_regulation`],
//!   [`Store::commit_revision`], [`Store::set_status`], [`Store::write_records`],
//!   [`Store::put_objects`]) returns `Ok` only after sled has flushed its log
//!   *and* the `db` file has been `fdatasync`ed (plus any new file under
//!   `blobs/` and that directory). What a call returned is on disk.
//! * **All or nothing.** A revision, its regulation's new head and its audit
//!   entry are written in one sled transaction; so are records, a status
//!   change and their audit entry. A save refused because the id exists, the
//!   head has moved on or the root is missing writes nothing, not even its
//!   objects.
//! * **kill -9 loses nothing acknowledged.** A kill of the process at any
//!   moment keeps every write that returned `Ok`; the write it interrupted
//!   either happened completely or not at all. What a kill *can* do: leave
//!   objects that no revision references (objects are written before the
//!   transaction that needs them; they are harmless and never reported as
//!   problems), and leave an unfinished sled snapshot, which the next open
//!   moves into `<dir>/quarantine/` and reports in
//!   [`OpenReport::quarantined`]. `tests/crash.rs` kills a writing process
//!   60 times on every test run and checks every acknowledged revision.
//! * **Power loss:** the same, provided the disk honours `fsync` (a drive
//!   with a volatile write cache that lies about flushes can lose anything).
//! * **Never changed once written:** revisions, audit entries, records
//!   written `create_only` (a seal, an approval), and objects (their key is
//!   their hash; writing the same bytes again only repairs a damaged copy).
//!   What does change: a regulation's record (title, status, `updated_ms`,
//!   head) and records written without `create_only`, each with an audit
//!   entry.
//! * **Corruption is reported, never passed on or repaired silently.** Every
//!   read of an object re-hashes it ([`Store::object`]), every read of a
//!   revision or record re-checks its hash, and open runs the checks below.
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
//! # sled's hazards
//!
//! sled 0.34.7, measured under kill -9 loops and a simulated power cut, has
//! five hazards the store guards against (the measurements, the guards and
//! what an upgrade must re-check are in `src/sled_hazards.rs`):
//!
//! 1. A kill while sled writes a snapshot leaves `snap.*.generating`, which
//!    makes every later open fail (`Corruption { at: None }`; about one kill
//!    in 100; the upstream fix was never released). Guard: moved aside
//!    before opening.
//! 2. `flush()` only calls `sync_file_range`, which writes the pages but
//!    neither the file size nor the drive's cache (15% of acknowledged
//!    records lost in a simulated power cut), and sled never syncs the blob
//!    files it creates. Guard: `fdatasync` of the `db` file after every flush,
//!    new blob files and their directory synced; directories are synced when
//!    entries appear in them, not on every commit, because a directory
//!    `fsync` costs as much as the data `fsync` on ext4.
//! 3. The default cache is 1 GiB and real use reaches several times the
//!    setting. Guard: 64 MiB.
//! 4. sled's own lock comes too late to protect the snapshots, and locks
//!    linger after a drop. Guard: `store.lock` first, short waits.
//! 5. sled panics on some malformed files. Guard: the open catches it and
//!    reports [`StoreError::Corrupt`].
//!
//! # What is checked, and when
//!
//! On [`Store::open`] (cheap, proportional to the number of revisions):
//! the format version; every revision record's hash, key and parent link;
//! that each regulation's revisions run 1..=head without gaps; that every
//! revision's root object is present and that the root object of every head
//! revision hashes to its key; every record's hash and key; the whole audit
//! chain. Any problem fails the open with [`StoreError::Corrupt`] naming the
//! key; a newer format fails it with [`StoreError::UnsupportedFormat`].
//! Nothing is repaired silently.
//!
//! [`Store::verify`] does all of that and also re-hashes *every* object. It
//! reports problems in a [`VerifyReport`] instead of failing.
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
//! `tests/golden.rs` pins the bytes of every tree of a small store against
//! `tests/golden/store-v2.txt` (today's format), and reads back every committed
//! golden file, `store-v1.txt` (format 1, frozen) included.
//!
//! Format 2 added two optional fields to [`AuditEntry`]: `installation` (the
//! fingerprint of the installation's signing identity) and `recorded_by` (the
//! installation's user, when the action was taken on behalf of `actor`: *thay mặt*).
//! They come from the [`AuditStamp`] the layer above sets ([`Store::set_audit_stamp`]),
//! since the store knows no people. Absent fields are left out of the JSON, so a
//! format-1 entry keeps its bytes and its hash; present ones are inside the hash.
//!
//! The hash of a revision record (and of an audit entry, and of a [`Record`])
//! is the SHA-256 of the record's JSON with `hash` set to `""`. Because that
//! JSON is the hash input, **the order and names of the fields of
//! [`RevisionRecord`], [`AuditEntry`] and [`Record`] must never change**; new
//! fields need a new format version.
//!
//! Audit actions written by the store: `"create"` (revision 1, detail = the
//! title), `"save"` (detail = the revision message) and `"status"` (detail =
//! `"<old> → <new>"`). The actor is the revision's author, or the `actor`
//! passed to [`Store::set_status`]. [`Store::write_records`] writes the
//! caller's [`Action`]. Every entry carries the current [`AuditStamp`].
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
//! # Backup and restore
//!
//! [`Store::backup`] writes every tree's raw keys and values to one file, framed
//! and ended by a SHA-256 of everything before it (the layout is in
//! `src/backup.rs`), under the write lock so the copy is consistent. [`restore`]
//! checks the whole file before writing anything, refuses a target folder that is
//! not empty, builds the store beside it through the hardened open and the durable
//! flush, reopens and verifies it, and only then renames it into place.
//! `tests/byte_flip.rs` damages a closed store's sled files at random (200 trials
//! by default) and checks that every damaged copy reports an error or reads back
//! exactly what was written.
//!
//! On disk, `<dir>/sled/` holds the sled database, `<dir>/store.lock` the
//! process lock and `<dir>/quarantine/` anything moved aside on open.
//!
//! # Where things are
//!
//! `store` (the handle, open, the write lock), `backup`, `sled_hazards` (everything
//! sled 0.34.7 needs guarding against), `format` (version, encoding and
//! decoding), `hash`, `objects`, `regulations`, `revisions`, `audit`,
//! `records`, `check` (the open-time and full checks, `verify`), `error`.
//!
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

mod audit;
mod backup;
mod check;
mod error;
mod format;
mod hash;
mod objects;
mod records;
mod regulations;
mod removal;
mod revisions;
mod sled_hazards;
mod store;

pub use audit::{AuditEntry, AuditStamp};
pub use backup::{check_backup, restore, BackupSummary, BACKUP_VERSION};
pub use check::VerifyReport;
pub use error::StoreError;
pub use format::FORMAT_VERSION;
pub use hash::{from_hex, hash_bytes, to_hex, Hash};
pub use records::{Action, Record, RecordWrite, StatusChange};
pub use regulations::RegulationRecord;
pub use revisions::{NewRevision, RevisionRecord};
pub use sled_hazards::{lock_folder, sled_dir, FolderLock};
pub use store::{OpenReport, Store};

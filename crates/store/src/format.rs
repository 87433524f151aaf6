//! The stored format: its version, and how every record becomes bytes and
//! back (see the crate docs, "Record format"; `tests/golden.rs` pins the
//! bytes).

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::store::Store;
use crate::StoreError;

/// Version of the stored record format. Every record carries it as `"v"`.
///
/// * 1: the first.
/// * 2: audit entries may carry `installation` and `recorded_by` (see
///   [`crate::AuditEntry`]); every other record is laid out as in 1. Format-1 records
///   stay readable and keep their hashes.
pub const FORMAT_VERSION: u32 = 2;

/// Key of the store's own format version in the `meta` tree.
pub(crate) const META_FORMAT: &[u8] = b"format";

#[derive(Serialize, Deserialize)]
pub(crate) struct FormatRecord {
    pub v: u32,
}

/// A record's bytes: serde_json, fields in declaration order, no whitespace.
/// They are also the input of the record hashes, so they never change.
pub(crate) fn canonical<T: Serialize>(t: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(t)
        .map_err(|e| StoreError::Corrupt(format!("không mã hoá được bản ghi: {e}")))
}

/// Decodes a record, telling "written by a newer version" apart from garbage.
pub(crate) fn decode<T: DeserializeOwned>(what: &str, bytes: &[u8]) -> Result<T, StoreError> {
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

impl Store {
    /// Writes the format version into a brand-new store. A store that has
    /// data but no version is not "new": that is reported by the checks.
    ///
    /// Nor is a store whose folder says it held data (`store.created`, written
    /// beside sled once a store has its format) while sled reads back nothing:
    /// sled treats a damaged log as a torn tail and opens it empty, which would
    /// otherwise pass for a new database and lose everything without a word (the
    /// app would even seed the demo into it).
    pub(crate) fn init_format(&self, dir: &Path) -> Result<(), StoreError> {
        let marker = dir.join(CREATED_MARKER);
        if self.meta.get(META_FORMAT)?.is_some() {
            if !marker.exists() {
                // A store written before the marker existed, or just restored.
                write_marker(dir, &marker)?;
            }
            return Ok(());
        }
        let empty = self.objects.is_empty()
            && self.regulations.is_empty()
            && self.revisions.is_empty()
            && self.audit.is_empty()
            && self.records.is_empty()
            && self.meta.is_empty();
        if empty {
            if marker.exists() {
                return Err(StoreError::Corrupt(format!(
                    "{}: thư mục này đã chứa cơ sở dữ liệu nhưng tệp dữ liệu sled đọc ra trống \
                     (tệp bị hỏng hoặc bị xoá)",
                    dir.display()
                )));
            }
            self.meta.insert(META_FORMAT, canonical(&FormatRecord { v: FORMAT_VERSION })?)?;
            self.make_durable()?;
            write_marker(dir, &marker)?;
        }
        Ok(())
    }
}

/// The file beside sled that says this folder holds a store (see `init_format`).
pub(crate) const CREATED_MARKER: &str = "store.created";

fn write_marker(dir: &Path, marker: &Path) -> Result<(), StoreError> {
    let file = std::fs::File::create(marker)?;
    std::io::Write::write_all(&mut &file, b"quyche-store\n")?;
    file.sync_all()?;
    crate::sled_hazards::sync_dir(dir)?;
    Ok(())
}

/// The seal of a sealed record (a revision, a review record, an audit entry): the
/// SHA-256 of its canonical encoding with its own `hash` field empty. One definition,
/// so writing and checking can never disagree about what a seal covers.
pub(crate) fn seal_of<T: Serialize + Clone>(
    record: &T,
    hash_field: impl FnOnce(&mut T) -> &mut String,
) -> Result<String, StoreError> {
    let mut unsealed = record.clone();
    hash_field(&mut unsealed).clear();
    Ok(crate::to_hex(&crate::hash_bytes(&canonical(&unsealed)?)))
}

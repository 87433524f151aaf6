//! Backup and restore: the whole store as one self-checking file.
//!
//! The file is, in order:
//!
//! * the magic `QUYCHE-BACKUP\n` and the backup format version (u32, big-endian);
//! * the store's [`FORMAT_VERSION`] when it was written (u32);
//! * the number of trees (u32), then per tree its name (u32 length + bytes), its
//!   number of entries (u64) and every entry as key and value, each a u32 length
//!   and the bytes, in key order;
//! * the SHA-256 of every byte before it (32 bytes).
//!
//! Raw keys and values, the same bytes `tests/golden.rs` pins, so a backup needs no
//! format of its own beyond the framing, and everything the open-time checks and
//! `verify` look at comes back unchanged. The hash is checked before anything is
//! written, so a damaged or foreign file restores nothing.

use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::sled_hazards::sync_dir;
use crate::store::lock_ignoring_poison;
use crate::{hash_bytes, Store, StoreError, VerifyReport, FORMAT_VERSION};

const MAGIC: &[u8] = b"QUYCHE-BACKUP\n";

/// Version of the backup file's framing (not of the records inside).
pub const BACKUP_VERSION: u32 = 1;

/// The trees a backup holds, in file order: every tree the store uses.
const TREES: [&str; 6] = ["meta", "objects", "regulations", "revisions", "audit", "records"];

/// What a backup or a restore carried.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackupSummary {
    /// Key/value pairs, all trees together.
    pub entries: u64,
    /// Size of the backup file.
    pub bytes: u64,
}

/// The framing writer: everything goes through the hash as well as the file.
struct Framed<W: Write> {
    out: W,
    hasher: sha2::Sha256,
    bytes: u64,
}

impl<W: Write> Framed<W> {
    fn put(&mut self, b: &[u8]) -> std::io::Result<()> {
        use sha2::Digest;
        self.hasher.update(b);
        self.bytes += b.len() as u64;
        self.out.write_all(b)
    }

    fn put_len(&mut self, n: usize) -> std::io::Result<()> {
        let n = u32::try_from(n).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, "một mục dài quá 4 GiB")
        })?;
        self.put(&n.to_be_bytes())
    }
}

impl Store {
    /// Writes a consistent backup of the whole store to `out`.
    ///
    /// Holds the write lock for the whole copy, because sled iterators are not
    /// consistent across trees: a save in between could otherwise land in one tree
    /// and not in another. The file is written beside `out` under a temporary name,
    /// synced, then renamed, so `out` is either the old file or a whole backup.
    pub fn backup(&self, out: &Path) -> Result<BackupSummary, StoreError> {
        let _w = lock_ignoring_poison(&self.write);
        let partial = sibling(out, "partial");
        let result = self.write_backup(&partial);
        match result {
            Ok(summary) => {
                fs::rename(&partial, out)?;
                if let Some(parent) = parent_dir(out) {
                    sync_dir(parent)?;
                }
                Ok(summary)
            }
            Err(e) => {
                let _ = fs::remove_file(&partial);
                Err(e)
            }
        }
    }

    fn write_backup(&self, path: &Path) -> Result<BackupSummary, StoreError> {
        use sha2::Digest;
        let file = File::create(path)?;
        let mut f = Framed { out: BufWriter::new(file), hasher: sha2::Sha256::new(), bytes: 0 };
        let mut entries = 0u64;
        f.put(MAGIC)?;
        f.put(&BACKUP_VERSION.to_be_bytes())?;
        f.put(&FORMAT_VERSION.to_be_bytes())?;
        f.put_len(TREES.len())?;
        for name in TREES {
            let tree = self.tree(name);
            f.put_len(name.len())?;
            f.put(name.as_bytes())?;
            let count = tree.len() as u64;
            f.put(&count.to_be_bytes())?;
            let mut written = 0u64;
            for item in tree.iter() {
                let (k, v) = item?;
                f.put_len(k.len())?;
                f.put(&k)?;
                f.put_len(v.len())?;
                f.put(&v)?;
                written += 1;
            }
            if written != count {
                return Err(StoreError::Corrupt(format!(
                    "{name}: đếm được {count} mục nhưng đọc được {written}"
                )));
            }
            entries += written;
        }
        let digest = f.hasher.finalize();
        f.out.write_all(&digest)?;
        let bytes = f.bytes + 32;
        let file = f.out.into_inner().map_err(|e| StoreError::Io(e.into_error()))?;
        file.sync_all()?;
        Ok(BackupSummary { entries, bytes })
    }

    fn tree(&self, name: &str) -> &sled::Tree {
        match name {
            "meta" => &self.meta,
            "objects" => &self.objects,
            "regulations" => &self.regulations,
            "revisions" => &self.revisions,
            "audit" => &self.audit,
            _ => &self.records,
        }
    }
}

/// Checks a backup file without restoring it: the hash over every byte, then the
/// framing of every tree. What a writer calls after writing, to know the file on disk is
/// the one it meant; a restore checks the same again before writing anything.
pub fn check_backup(backup: &Path) -> Result<BackupSummary, StoreError> {
    let trees = read_backup(backup)?;
    let entries = trees.iter().map(|(_, e)| e.len() as u64).sum();
    Ok(BackupSummary { entries, bytes: fs::metadata(backup)?.len() })
}

/// Restores the backup file `backup` into a new store at `dir`.
///
/// Refuses a `dir` that exists and is not empty ([`StoreError::TargetNotEmpty`]),
/// and a file that is not a whole, unchanged backup ([`StoreError::BadBackup`]:
/// checked before anything is written). The store is built in a temporary folder
/// beside `dir` through the normal open and durable writes, reopened (the open-time
/// checks) and fully verified; only then is it renamed into place. A restore that
/// fails leaves no database behind.
pub fn restore(backup: &Path, dir: &Path) -> Result<(BackupSummary, VerifyReport), StoreError> {
    let trees = read_backup(backup)?;
    if let Ok(mut entries) = fs::read_dir(dir) {
        if entries.next().is_some() {
            return Err(StoreError::TargetNotEmpty(dir.to_path_buf()));
        }
    } else if dir.exists() {
        return Err(StoreError::TargetNotEmpty(dir.to_path_buf()));
    }
    let parent = parent_dir(dir).unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let building = sibling(dir, "restoring");
    if building.exists() {
        // Left by a restore that was killed: never part of a database.
        fs::remove_dir_all(&building)?;
    }
    let outcome = build(&trees, &building);
    match outcome {
        Ok(report) => {
            if dir.exists() {
                // Empty (checked above); rename cannot replace a folder everywhere.
                fs::remove_dir(dir)?;
            }
            fs::rename(&building, dir)?;
            sync_dir(parent)?;
            let entries = trees.iter().map(|(_, e)| e.len() as u64).sum();
            let bytes = fs::metadata(backup)?.len();
            Ok((BackupSummary { entries, bytes }, report))
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&building);
            Err(e)
        }
    }
}

type Entries = Vec<(Vec<u8>, Vec<u8>)>;

/// Writes every entry into a new store in `dir`, then checks it as an open and a
/// `verify` would.
fn build(trees: &[(String, Entries)], dir: &Path) -> Result<VerifyReport, StoreError> {
    {
        let (store, _) = Store::open(dir)?;
        for (name, entries) in trees {
            let tree = store.tree(name);
            let mut batch = sled::Batch::default();
            for (k, v) in entries {
                batch.insert(k.as_slice(), v.as_slice());
            }
            tree.apply_batch(batch)?;
        }
        store.make_durable()?;
    }
    let (store, _) = Store::open(dir)?;
    let report = store.verify()?;
    if !report.is_intact() {
        return Err(StoreError::Corrupt(format!(
            "cơ sở dữ liệu khôi phục không toàn vẹn: {}",
            report.problems.join("; ")
        )));
    }
    Ok(report)
}

/// Reads and checks a whole backup file: hash first, then the framing.
fn read_backup(path: &Path) -> Result<Vec<(String, Entries)>, StoreError> {
    let bad = |reason: String| StoreError::BadBackup { file: path.to_path_buf(), reason };
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| bad(format!("không đọc được ({e})")))?;
    if !bytes.starts_with(MAGIC) {
        return Err(bad("không phải tệp sao lưu Quyche (thiếu dấu nhận dạng ở byte 0)".into()));
    }
    if bytes.len() < MAGIC.len() + 8 + 32 {
        return Err(bad(format!("tệp bị cụt ({} byte)", bytes.len())));
    }
    let (body, digest) = bytes.split_at(bytes.len() - 32);
    if hash_bytes(body) != digest {
        return Err(bad(format!(
            "mã băm SHA-256 ở byte {} không khớp nội dung: tệp bị hỏng hoặc bị sửa",
            body.len()
        )));
    }
    let mut r = Reader { bytes: body, at: MAGIC.len() };
    let version = r.u32().map_err(&bad)?;
    if version != BACKUP_VERSION {
        return Err(bad(format!(
            "phiên bản tệp sao lưu {version} không được hỗ trợ (hỗ trợ {BACKUP_VERSION})"
        )));
    }
    let format = r.u32().map_err(&bad)?;
    if format > FORMAT_VERSION {
        return Err(StoreError::UnsupportedFormat { found: format, supported: FORMAT_VERSION });
    }
    let n = r.u32().map_err(&bad)?;
    if n as usize != TREES.len() {
        return Err(bad(format!("có {n} cây dữ liệu, cần {}", TREES.len())));
    }
    let mut trees = Vec::with_capacity(TREES.len());
    for expected in TREES {
        let at = r.at;
        let name = r.field().map_err(&bad)?;
        if name != expected.as_bytes() {
            return Err(bad(format!("byte {at}: cây dữ liệu lạ, cần `{expected}`")));
        }
        let count = r.u64().map_err(&bad)?;
        let mut entries = Vec::new();
        for _ in 0..count {
            let k = r.field().map_err(&bad)?.to_vec();
            let v = r.field().map_err(&bad)?.to_vec();
            entries.push((k, v));
        }
        trees.push((expected.to_string(), entries));
    }
    if r.at != body.len() {
        return Err(bad(format!("dữ liệu thừa từ byte {}", r.at)));
    }
    Ok(trees)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(format!("tệp bị cụt ở byte {}", self.at));
        };
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_be_bytes(a))
    }

    fn field(&mut self) -> Result<&'a [u8], String> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

fn parent_dir(p: &Path) -> Option<&Path> {
    p.parent().filter(|d| !d.as_os_str().is_empty())
}

/// `<parent>/.<name>.<what>`: beside `p`, on the same file system, so the final
/// rename is atomic.
fn sibling(p: &Path, what: &str) -> PathBuf {
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let file = format!(".{name}.{what}");
    match parent_dir(p) {
        Some(d) => d.join(file),
        None => PathBuf::from(file),
    }
}

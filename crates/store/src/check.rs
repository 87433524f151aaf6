//! Consistency checks shared by `Store::open` (cheap) and [`Store::verify`]
//! (everything). Problems are collected, not raised, so one pass names every
//! damaged key; only failures to read at all are errors.

use std::collections::BTreeMap;

use crate::audit::{audit_key_name, AuditTip, META_AUDIT_TIP};
use crate::format::{decode, FormatRecord, META_FORMAT};
use crate::revisions::{parse_revision_key, revision_name};
use crate::store::lock_ignoring_poison;
use crate::{
    from_hex, hash_bytes, to_hex, AuditEntry, RegulationRecord, RevisionRecord, Store, StoreError,
    FORMAT_VERSION,
};

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

impl Store {
    /// Re-hashes everything (see crate docs). Problems are reported, not
    /// raised; `Err` only for failures to read at all.
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        // sled iterators are not consistent across trees: without the write
        // lock a concurrent save could show up as a revision beyond its head.
        let _w = lock_ignoring_poison(&self.write);
        let outcome = run(self, Depth::Full)?;
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
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Depth {
    /// Records, links and head roots; objects are only checked for presence.
    Open,
    /// Also re-hash every object.
    Full,
}

#[derive(Default)]
pub(crate) struct Outcome {
    pub problems: Vec<String>,
    /// Highest newer-than-supported version seen, if any.
    pub unsupported: Option<u32>,
    pub objects: u32,
    pub objects_rehashed: u32,
    pub revisions: u32,
    pub regulations: u32,
    pub audit_entries: u32,
    pub records: u32,
}

impl Outcome {
    /// Sorts a decode failure into "newer format" or "damaged".
    fn record_error(&mut self, e: StoreError) -> Result<(), StoreError> {
        match e {
            StoreError::UnsupportedFormat { found, .. } => {
                self.unsupported = Some(self.unsupported.map_or(found, |f| f.max(found)));
                Ok(())
            }
            StoreError::Corrupt(msg) => {
                self.problems.push(msg);
                Ok(())
            }
            other => Err(other),
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub(crate) fn run(store: &Store, depth: Depth) -> Result<Outcome, StoreError> {
    let mut out = Outcome::default();

    match store.meta.get(META_FORMAT)? {
        None => out.problems.push("meta/format: thiếu phiên bản định dạng".into()),
        Some(bytes) => match decode::<FormatRecord>("meta/format", &bytes) {
            Ok(f) if f.v == 0 => out.problems.push("meta/format: phiên bản 0 không hợp lệ".into()),
            Ok(_) => {}
            Err(e) => out.record_error(e)?,
        },
    }

    if depth == Depth::Full {
        for item in store.objects.iter() {
            let (key, bytes) = item?;
            out.objects += 1;
            match <[u8; 32]>::try_from(key.as_ref()) {
                Ok(h) if hash_bytes(&bytes) == h => {}
                Ok(h) => {
                    out.problems.push(format!("objects/{}: nội dung không khớp mã băm", to_hex(&h)))
                }
                Err(_) => {
                    out.problems.push(format!("objects/{key:02x?}: khóa không phải mã băm 32 byte"))
                }
            }
        }
        out.objects_rehashed = out.objects;
    } else {
        out.objects = count(store.objects.len());
    }

    // regulation id -> number -> root hash, for the regulation pass.
    let mut revs: BTreeMap<String, BTreeMap<u32, Option<[u8; 32]>>> = BTreeMap::new();
    for item in store.revisions.iter() {
        let (key, bytes) = item?;
        out.revisions += 1;
        let Some((id, number)) = parse_revision_key(&key) else {
            out.problems.push(format!("revisions/{key:02x?}: khóa không hợp lệ"));
            continue;
        };
        let name = revision_name(&id, number);
        let rec: RevisionRecord = match decode(&name, &bytes) {
            Ok(r) => r,
            Err(e) => {
                out.record_error(e)?;
                continue;
            }
        };
        if rec.regulation != id || rec.number != number {
            out.problems.push(format!(
                "{name}: bản ghi mang nhãn {}",
                revision_name(&rec.regulation, rec.number)
            ));
        }
        if rec.compute_hash()? != rec.hash {
            out.problems.push(format!("{name}: mã băm bản ghi không khớp"));
        }
        let expected_parent = if number <= 1 { None } else { Some(number - 1) };
        if number == 0 || rec.parent != expected_parent {
            out.problems.push(format!("{name}: liên kết phiên bản cha sai ({:?})", rec.parent));
        }
        let root = from_hex(&rec.root);
        match root {
            None => out.problems.push(format!("{name}: mã băm gốc không hợp lệ")),
            Some(h) => {
                if !store.objects.contains_key(h)? {
                    out.problems.push(format!("{name}: thiếu đối tượng gốc objects/{}", rec.root));
                }
            }
        }
        revs.entry(id).or_default().insert(number, root);
    }

    for item in store.records.iter() {
        let (key, bytes) = item?;
        out.records += 1;
        let name = format!("records/{}", String::from_utf8_lossy(&key).replace('\0', "/"));
        match crate::records::decode_record(&name, &bytes) {
            Ok(rec) => {
                if crate::records::record_key(&rec.collection, &rec.key) != key.as_ref() {
                    out.problems.push(format!(
                        "{name}: bản ghi mang nhãn {}",
                        crate::records::record_name(&rec.collection, &rec.key)
                    ));
                }
            }
            Err(e) => out.record_error(e)?,
        }
    }

    for item in store.regulations.iter() {
        let (key, bytes) = item?;
        out.regulations += 1;
        let key_str = String::from_utf8_lossy(&key).into_owned();
        let name = format!("regulations/{key_str}");
        let reg: RegulationRecord = match decode(&name, &bytes) {
            Ok(r) => r,
            Err(e) => {
                out.record_error(e)?;
                continue;
            }
        };
        if reg.id.as_bytes() != key.as_ref() {
            out.problems.push(format!("{name}: bản ghi mang mã {}", reg.id));
        }
        let numbers = revs.remove(&key_str).unwrap_or_default();
        if reg.head == 0 || !numbers.contains_key(&reg.head) {
            out.problems.push(format!("{name}: phiên bản mới nhất {} không tồn tại", reg.head));
        }
        let expected: Vec<u32> = (1..=reg.head).collect();
        let actual: Vec<u32> = numbers.keys().copied().collect();
        if actual != expected {
            let missing: Vec<u32> =
                expected.iter().copied().filter(|n| !numbers.contains_key(n)).collect();
            let extra: Vec<u32> =
                actual.iter().copied().filter(|n| *n == 0 || *n > reg.head).collect();
            if !missing.is_empty() || !extra.is_empty() {
                out.problems.push(format!(
                    "{name}: dãy phiên bản không liền mạch (thiếu {missing:?}, thừa {extra:?})"
                ));
            }
        }
        if depth == Depth::Open {
            if let Some(Some(root)) = numbers.get(&reg.head) {
                if let Some(bytes) = store.objects.get(root)? {
                    out.objects_rehashed += 1;
                    if hash_bytes(&bytes) != *root {
                        out.problems.push(format!(
                            "objects/{}: nội dung không khớp mã băm (gốc của {})",
                            to_hex(root),
                            revision_name(&reg.id, reg.head)
                        ));
                    }
                }
            }
        }
    }
    for (id, numbers) in revs {
        for n in numbers.keys() {
            out.problems.push(format!("{}: không thuộc quy chế nào", revision_name(&id, *n)));
        }
    }

    let mut prev_hash = String::new();
    let mut last_seq = 0u64;
    for item in store.audit.iter() {
        let (key, bytes) = item?;
        out.audit_entries += 1;
        let name = format!("audit/{}", audit_key_name(&key));
        let entry: AuditEntry = match decode(&name, &bytes) {
            Ok(e) => e,
            Err(e) => {
                out.record_error(e)?;
                // The chain cannot be followed past an unreadable entry
                // without reporting every later one; resynchronise instead.
                last_seq += 1;
                prev_hash.clear();
                continue;
            }
        };
        if key.as_ref() != entry.seq.to_be_bytes() {
            out.problems.push(format!("{name}: bản ghi mang số {}", entry.seq));
        }
        if entry.seq != last_seq + 1 {
            out.problems.push(format!("{name}: chuỗi nhật ký đứt (sau số {last_seq})"));
        }
        if entry.prev != prev_hash && !(prev_hash.is_empty() && last_seq > 0) {
            out.problems.push(format!("{name}: liên kết với mục trước không khớp"));
        }
        let actual = entry.compute_hash()?;
        if actual != entry.hash {
            out.problems.push(format!("{name}: mã băm mục nhật ký không khớp"));
        }
        last_seq = entry.seq;
        prev_hash = entry.hash;
    }
    match store.meta.get(META_AUDIT_TIP)? {
        None if out.audit_entries == 0 => {}
        None => out.problems.push("meta/audit_tip: thiếu đầu chuỗi nhật ký".into()),
        Some(bytes) => match decode::<AuditTip>("meta/audit_tip", &bytes) {
            Ok(tip) => {
                if tip.seq != last_seq || (tip.hash != prev_hash && !prev_hash.is_empty()) {
                    out.problems.push(format!(
                        "meta/audit_tip: đầu chuỗi (số {}) không khớp mục cuối (số {last_seq})",
                        tip.seq
                    ));
                }
            }
            Err(e) => out.record_error(e)?,
        },
    }
    Ok(out)
}

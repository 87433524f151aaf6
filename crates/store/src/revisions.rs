//! Revisions: numbered 1, 2, 3… per regulation, each pointing at a root object
//! and sealed by a SHA-256 over its own canonical JSON. Never changed once
//! written.

use serde::{Deserialize, Serialize};
use sled::Transactional;

use crate::audit::{append_audit, AuditDraft};
use crate::format::{canonical, decode};
use crate::regulations::{head_conflict, RegulationRecord};
use crate::store::{abort, lock_ignoring_poison, tx_error};
use crate::{to_hex, Hash, Store, StoreError, FORMAT_VERSION};

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

impl RevisionRecord {
    pub(crate) fn compute_hash(&self) -> Result<String, StoreError> {
        crate::format::seal_of(self, |r| &mut r.hash)
    }
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

pub(crate) fn revision_key(regulation: &str, number: u32) -> Vec<u8> {
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
pub(crate) fn parse_revision_key(key: &[u8]) -> Option<(String, u32)> {
    if key.len() < 5 || key[key.len() - 5] != 0 {
        return None;
    }
    let (id, tail) = key.split_at(key.len() - 5);
    let number = u32::from_be_bytes([tail[1], tail[2], tail[3], tail[4]]);
    Some((String::from_utf8(id.to_vec()).ok()?, number))
}

/// Printable name of a revision key for error messages.
pub(crate) fn revision_name(regulation: &str, number: u32) -> String {
    format!("revisions/{regulation}#{number}")
}

/// Decodes a revision read by key, checking its label and its hash.
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

impl Store {
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
        let stamp = self.audit_stamp();
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
                        stamp: &stamp,
                    },
                )?;
                Ok(revision)
            })
            .map_err(tx_error)?;
        self.make_durable()?;
        Ok(revision)
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
}

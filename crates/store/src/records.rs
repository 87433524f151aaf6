//! Domain records: small JSON documents the store keeps for the layers above
//! (people, consultation rounds, comments, resolutions, approvals, seals)
//! without knowing what they mean.
//!
//! A record lives in a *collection* under a *key*. Every write goes through
//! [`Store::write_records`], which puts one or more records, optionally a new
//! regulation status, and exactly one audit entry into a single transaction,
//! durable before it returns: an action and its audit trail cannot be torn
//! apart by a crash. Like revision records, each record carries a SHA-256 over
//! its own canonical JSON, checked on every read, on open and by `verify`.

use serde::{Deserialize, Serialize};
use sled::Transactional;

use crate::audit::{append_audit, AuditDraft};
use crate::format::{canonical, decode};
use crate::store::{abort, lock_ignoring_poison, tx_error};
use crate::{AuditEntry, RegulationRecord, Store, StoreError, FORMAT_VERSION};

/// One stored record. `body` is the caller's JSON, kept as text so that the
/// record hash covers exactly what the caller wrote.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Record {
    pub v: u32,
    pub collection: String,
    pub key: String,
    pub body: String,
    pub time_ms: i64,
    pub hash: String,
}

impl Record {
    pub(crate) fn compute_hash(&self) -> Result<String, StoreError> {
        crate::format::seal_of(self, |r| &mut r.hash)
    }
}

/// A record to write.
#[derive(Clone, Copy, Debug)]
pub struct RecordWrite<'a> {
    pub collection: &'a str,
    pub key: &'a str,
    /// JSON text.
    pub body: &'a str,
    /// Refuse with `Conflict` if the key exists: for records that must never
    /// be overwritten (a seal, an approval).
    pub create_only: bool,
}

/// The audit entry that accompanies a write: who did what, when, on what.
#[derive(Clone, Copy, Debug)]
pub struct Action<'a> {
    pub time_ms: i64,
    pub actor: &'a str,
    /// A short verb: `comment`, `resolve`, `round-open`, `approve`…
    pub action: &'a str,
    pub regulation: Option<&'a str>,
    pub revision: Option<u32>,
    pub detail: &'a str,
}

pub(crate) fn record_key(collection: &str, key: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(collection.len() + key.len() + 1);
    k.extend_from_slice(collection.as_bytes());
    k.push(0);
    k.extend_from_slice(key.as_bytes());
    k
}

pub(crate) fn record_name(collection: &str, key: &str) -> String {
    format!("records/{collection}/{key}")
}

pub(crate) fn decode_record(name: &str, bytes: &[u8]) -> Result<Record, StoreError> {
    let rec: Record = decode(name, bytes)?;
    if rec.compute_hash()? != rec.hash {
        return Err(StoreError::Corrupt(format!("{name}: mã băm bản ghi không khớp")));
    }
    Ok(rec)
}

impl Store {
    /// Writes `records` (and, if given, a regulation's new status) with one
    /// audit entry, atomically and durably. `expected_status`, when given,
    /// must match the regulation's current status or nothing is written
    /// (`Conflict`): the caller's rules were checked against that state.
    pub fn write_records(
        &self,
        records: &[RecordWrite],
        status: Option<StatusChange>,
        action: Action,
    ) -> Result<AuditEntry, StoreError> {
        let _w = lock_ignoring_poison(&self.write);
        for w in records {
            if w.collection.contains('\0') || w.collection.is_empty() {
                return Err(StoreError::Conflict(format!(
                    "tên tập bản ghi không hợp lệ: {:?}",
                    w.collection
                )));
            }
            if serde_json::from_str::<serde_json::Value>(w.body).is_err() {
                return Err(StoreError::Corrupt(format!(
                    "{}: nội dung không phải JSON",
                    record_name(w.collection, w.key)
                )));
            }
        }
        let mut encoded = Vec::with_capacity(records.len());
        for w in records {
            let mut rec = Record {
                v: FORMAT_VERSION,
                collection: w.collection.to_string(),
                key: w.key.to_string(),
                body: w.body.to_string(),
                time_ms: action.time_ms,
                hash: String::new(),
            };
            rec.hash = rec.compute_hash()?;
            encoded.push((
                record_key(w.collection, w.key),
                canonical(&rec)?,
                w.create_only,
                record_name(w.collection, w.key),
            ));
        }
        let stamp = self.audit_stamp();
        let entry = (&self.records, &self.regulations, &self.audit, &self.meta)
            .transaction(|(recs, regs, audit, meta)| {
                for (key, bytes, create_only, name) in &encoded {
                    if *create_only && recs.get(key.as_slice())?.is_some() {
                        return abort(StoreError::Conflict(format!(
                            "{name} đã tồn tại và không được ghi đè"
                        )));
                    }
                    recs.insert(key.as_slice(), bytes.as_slice())?;
                }
                if let Some(change) = status {
                    let Some(bytes) = regs.get(change.regulation.as_bytes())? else {
                        return abort(StoreError::NotFound(format!(
                            "quy chế {}",
                            change.regulation
                        )));
                    };
                    let mut reg: RegulationRecord =
                        match decode(&format!("regulations/{}", change.regulation), &bytes) {
                            Ok(r) => r,
                            Err(e) => return abort(e),
                        };
                    if let Some(expected) = change.expected {
                        if reg.status != expected {
                            return abort(StoreError::Conflict(format!(
                                "quy chế {} đang ở trạng thái {} (không phải {expected})",
                                change.regulation, reg.status
                            )));
                        }
                    }
                    reg.status = change.status.to_string();
                    reg.updated_ms = action.time_ms;
                    let bytes = match canonical(&reg) {
                        Ok(b) => b,
                        Err(e) => return abort(e),
                    };
                    regs.insert(change.regulation.as_bytes(), bytes)?;
                }
                append_audit(
                    meta,
                    audit,
                    AuditDraft {
                        time_ms: action.time_ms,
                        actor: action.actor,
                        action: action.action,
                        regulation: action.regulation,
                        revision: action.revision,
                        detail: action.detail,
                        stamp: &stamp,
                    },
                )
            })
            .map_err(tx_error)?;
        self.make_durable()?;
        Ok(entry)
    }

    /// Every record of a collection, ordered by key, each re-checked.
    pub fn records(&self, collection: &str) -> Result<Vec<Record>, StoreError> {
        let prefix = record_key(collection, "");
        let mut out = Vec::new();
        for item in self.records.scan_prefix(&prefix) {
            let (key, bytes) = item?;
            let name = format!("records/{}", String::from_utf8_lossy(&key).replace('\0', "/"));
            let rec = decode_record(&name, &bytes)?;
            if rec.collection == collection {
                out.push(rec);
            }
        }
        Ok(out)
    }

    pub fn record(&self, collection: &str, key: &str) -> Result<Option<Record>, StoreError> {
        match self.records.get(record_key(collection, key))? {
            Some(bytes) => decode_record(&record_name(collection, key), &bytes).map(Some),
            None => Ok(None),
        }
    }
}

/// A regulation status change made together with a records write.
#[derive(Clone, Copy, Debug)]
pub struct StatusChange<'a> {
    pub regulation: &'a str,
    pub status: &'a str,
    /// The status the caller's rules were checked against.
    pub expected: Option<&'a str>,
}

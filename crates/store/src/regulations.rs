//! Regulations: one record per regulation (title, status, latest revision
//! number), created together with its revision 1.

use serde::{Deserialize, Serialize};
use sled::Transactional;

use crate::audit::{append_audit, AuditDraft};
use crate::format::{canonical, decode};
use crate::revisions::{revision_key, revision_name};
use crate::store::{abort, lock_ignoring_poison, tx_error};
use crate::{to_hex, NewRevision, RevisionRecord, Store, StoreError, FORMAT_VERSION};

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

pub(crate) fn head_conflict(regulation: &str, head: u32, expected: u32) -> StoreError {
    StoreError::Conflict(format!(
        "quy chế {regulation} đã có phiên bản {head} (đang sửa từ phiên bản {expected})"
    ))
}

impl Store {
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
        let stamp = self.audit_stamp();
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
                        stamp: &stamp,
                    },
                )?;
                Ok(())
            })
            .map_err(tx_error)?;
        self.make_durable()?;
        Ok((regulation, revision))
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
        let stamp = self.audit_stamp();
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
                        stamp: &stamp,
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
}

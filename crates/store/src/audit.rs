//! The audit log: append-only and hash-chained, each entry written in the
//! same transaction as the change it records.

use serde::{Deserialize, Serialize};
use sled::transaction::TransactionalTree;

use crate::format::{canonical, decode};
use crate::store::{abort, TxResult};
use crate::{Store, StoreError, FORMAT_VERSION};

/// Key of the [`AuditTip`] in the `meta` tree.
pub(crate) const META_AUDIT_TIP: &[u8] = b"audit_tip";

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

impl AuditEntry {
    pub(crate) fn compute_hash(&self) -> Result<String, StoreError> {
        crate::format::seal_of(self, |r| &mut r.hash)
    }
}

/// The last audit entry, kept in `meta` so that appending needs no scan:
/// sled transactions cannot iterate, and reading the tip inside the
/// transaction makes two concurrent appends conflict instead of reusing a seq.
#[derive(Serialize, Deserialize)]
pub(crate) struct AuditTip {
    pub v: u32,
    pub seq: u64,
    pub hash: String,
}

/// An entry before the log gives it its seq, link and hash.
pub(crate) struct AuditDraft<'a> {
    pub time_ms: i64,
    pub actor: &'a str,
    pub action: &'a str,
    pub regulation: Option<&'a str>,
    pub revision: Option<u32>,
    pub detail: &'a str,
}

/// Appends to the chain inside the caller's transaction, which must include
/// the `meta` and `audit` trees.
pub(crate) fn append_audit(
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

/// Printable name of an audit key (its seq) for error messages.
pub(crate) fn audit_key_name(key: &[u8]) -> String {
    match <[u8; 8]>::try_from(key) {
        Ok(b) => u64::from_be_bytes(b).to_string(),
        Err(_) => format!("{key:02x?}"),
    }
}

impl Store {
    /// The whole audit log in order.
    pub fn audit(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let mut out = Vec::new();
        for item in self.audit.iter() {
            let (key, bytes) = item?;
            out.push(decode(&format!("audit/{}", audit_key_name(&key)), &bytes)?);
        }
        Ok(out)
    }
}

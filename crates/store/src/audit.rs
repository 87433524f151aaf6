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
///
/// Format 2 added `installation` and `recorded_by`. They are left out of the JSON when
/// absent, so a format-1 entry encodes (and hashes) to exactly the bytes it was written
/// with, and the chain over old entries keeps verifying; when present they are inside
/// the entry's hash, like every other field.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AuditEntry {
    pub v: u32,
    pub seq: u64,
    pub time_ms: i64,
    /// The person the action was taken as.
    pub actor: String,
    pub action: String,
    pub regulation: Option<String>,
    pub revision: Option<u32>,
    pub detail: String,
    /// The fingerprint of the installation's signing identity, when it has one
    /// (format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installation: Option<String>,
    /// The installation's user who recorded the action, when that is not `actor`: the
    /// action was taken on `actor`'s behalf (*thay mặt*), e.g. a secretary recording the
    /// chairman's decision (format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_by: Option<String>,
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

/// Who is at the keyboard of this installation, stamped on every audit entry the store
/// writes: set by the layer that knows (the API, at open and when the identity or the
/// current user changes), because the store knows no people. `Default` is nobody and no
/// identity (a store used without them, as in the store's own tests).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditStamp {
    /// The installation identity's fingerprint.
    pub installation: Option<String>,
    /// The current user, by the name the audit's `actor` uses.
    pub operator: Option<String>,
}

/// An entry before the log gives it its seq, link and hash.
pub(crate) struct AuditDraft<'a> {
    pub time_ms: i64,
    pub actor: &'a str,
    pub action: &'a str,
    pub regulation: Option<&'a str>,
    pub revision: Option<u32>,
    pub detail: &'a str,
    pub stamp: &'a AuditStamp,
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
        installation: d.stamp.installation.clone(),
        // Only an action taken as someone else names who recorded it.
        recorded_by: d.stamp.operator.clone().filter(|op| op != d.actor),
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
    /// Sets who every later audit entry names as this installation and its user.
    pub fn set_audit_stamp(&self, stamp: AuditStamp) {
        *self.stamp.write().unwrap_or_else(std::sync::PoisonError::into_inner) = stamp;
    }

    /// The stamp later audit entries will carry.
    pub fn audit_stamp(&self) -> AuditStamp {
        self.stamp.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
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
}

//! Dropping a regulation from the library: its regulation record and revision records go,
//! in one transaction with the records written beside it (a marker) and its audit entry.
//! Objects stay: they are content-addressed and may be shared; the audit log keeps the
//! removal. Which regulation may be removed is the caller's rule (only a sample).

use sled::Transactional;

use crate::audit::{append_audit, AuditDraft};
use crate::format::{canonical, decode};
use crate::records::{record_key, record_name, Record};
use crate::regulations::RegulationRecord;
use crate::revisions::revision_key;
use crate::store::{abort, lock_ignoring_poison, tx_error};
use crate::{Action, RecordWrite, Store, StoreError, FORMAT_VERSION};

impl Store {
    /// Removes `regulation` and its revisions from the library, writes `records`, and
    /// appends `action` to the audit log, all or nothing. `NotFound` if it is absent.
    pub fn remove_regulation(
        &self,
        regulation: &str,
        records: &[RecordWrite],
        action: Action,
    ) -> Result<(), StoreError> {
        let _w = lock_ignoring_poison(&self.write);
        let mut encoded = Vec::with_capacity(records.len());
        for w in records {
            if serde_json::from_str::<serde_json::Value>(w.body).is_err() {
                return Err(StoreError::Corrupt(format!(
                    "{}: nội dung không phải JSON",
                    record_name(w.collection, w.key)
                )));
            }
            let mut rec = Record {
                v: FORMAT_VERSION,
                collection: w.collection.to_string(),
                key: w.key.to_string(),
                body: w.body.to_string(),
                time_ms: action.time_ms,
                hash: String::new(),
            };
            rec.hash = rec.compute_hash()?;
            encoded.push((record_key(w.collection, w.key), canonical(&rec)?));
        }
        let stamp = self.audit_stamp();
        (&self.regulations, &self.revisions, &self.records, &self.audit, &self.meta)
            .transaction(|(regs, revs, recs, audit, meta)| {
                let Some(bytes) = regs.get(regulation.as_bytes())? else {
                    return abort(StoreError::NotFound(format!("quy chế {regulation}")));
                };
                let reg: RegulationRecord =
                    match decode(&format!("regulations/{regulation}"), &bytes) {
                        Ok(r) => r,
                        Err(e) => return abort(e),
                    };
                for number in 1..=reg.head {
                    revs.remove(revision_key(regulation, number))?;
                }
                regs.remove(regulation.as_bytes())?;
                for (key, bytes) in &encoded {
                    recs.insert(key.as_slice(), bytes.as_slice())?;
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
                )?;
                Ok(())
            })
            .map_err(tx_error)?;
        self.make_durable()
    }
}

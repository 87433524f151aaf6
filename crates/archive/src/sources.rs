//! Source texts (*tài liệu nguồn*): a parent body's regulation or a Charter, kept to draft
//! from. A source is not a regulation: it has no revisions, no stage and no review; it is
//! one document, stored read-only as the same content-addressed objects a revision uses,
//! with a record in the store's `sources` collection naming its root.
//!
//! Its id is the start of its root hash, so importing the same text again finds the
//! source already stored instead of storing a second one.

use quyche_model::Document;
use quyche_store::{from_hex, to_hex, Action, RecordWrite, StoreError};
use serde::{Deserialize, Serialize};

use crate::encode::{decode, encode};
use crate::{Archive, ArchiveError};

/// The store collection that lists the source texts.
const COLLECTION: &str = "sources";

/// What the archive keeps about one source text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRecord {
    /// 16 hex digits: the start of the root hash.
    pub id: String,
    /// The document's title as a library lists it.
    pub title: String,
    /// The name of the file it was read from.
    pub file_name: String,
    /// The document's content hash (the Merkle root), 64 hex digits.
    pub root: String,
    pub imported_ms: i64,
    pub imported_by: String,
}

impl Archive {
    /// Stores `doc` as a source text. The same document again returns the stored record
    /// and `false`: nothing is written.
    pub fn import_source(
        &self,
        doc: &Document,
        file_name: &str,
        author: &str,
        now_ms: i64,
    ) -> Result<(SourceRecord, bool), ArchiveError> {
        let encoded = encode(doc);
        let root = to_hex(&encoded.root);
        let id = root[..16].to_string();
        if let Some(existing) = self.source_record(&id)? {
            return Ok((existing, false));
        }
        let record = SourceRecord {
            id: id.clone(),
            title: doc.display_title(),
            file_name: file_name.to_string(),
            root,
            imported_ms: now_ms,
            imported_by: author.to_string(),
        };
        let body = serde_json::to_string(&record)
            .map_err(|e| ArchiveError::Corrupt(format!("tài liệu nguồn: {e}")))?;
        // Objects first: if the record write fails they are unreferenced and harmless.
        self.store().put_objects(&encoded.objects)?;
        self.store().write_records(
            &[RecordWrite { collection: COLLECTION, key: &id, body: &body, create_only: true }],
            None,
            Action {
                time_ms: now_ms,
                actor: author,
                action: "source-import",
                regulation: None,
                revision: None,
                detail: &record.title,
            },
        )?;
        Ok((record, true))
    }

    /// Every source text, ordered by id.
    pub fn sources(&self) -> Result<Vec<SourceRecord>, ArchiveError> {
        self.store().records(COLLECTION)?.iter().map(|r| parse_record(&r.key, &r.body)).collect()
    }

    /// One source text's record and its document.
    pub fn source(&self, id: &str) -> Result<(SourceRecord, Document), ArchiveError> {
        let record = self
            .source_record(id)?
            .ok_or_else(|| StoreError::NotFound("tài liệu nguồn".to_string()))?;
        let root = from_hex(&record.root)
            .ok_or_else(|| ArchiveError::Corrupt("mã băm gốc của tài liệu nguồn hỏng".into()))?;
        let document = decode(&root, &|h| Ok(self.store().object(h)?))?;
        Ok((record, document))
    }

    fn source_record(&self, id: &str) -> Result<Option<SourceRecord>, ArchiveError> {
        match self.store().record(COLLECTION, id)? {
            Some(r) => parse_record(&r.key, &r.body).map(Some),
            None => Ok(None),
        }
    }
}

fn parse_record(key: &str, body: &str) -> Result<SourceRecord, ArchiveError> {
    serde_json::from_str(body)
        .map_err(|e| ArchiveError::Corrupt(format!("bản ghi tài liệu nguồn {key}: {e}")))
}

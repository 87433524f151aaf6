//! The archive of regulations: each regulation is a line of immutable revisions.
//!
//! ```text
//! Archive ── regulation "a1b2…" ── revision 1 ── revision 2 ── revision 3 (head)
//!                                      │              │
//!                                      └── root ──────┴── shared article objects
//! ```
//!
//! * A revision is never changed after it is written. Saving an edit writes a new
//!   revision whose parent is the head it was based on; a save based on an older head
//!   is refused as a conflict, so two windows cannot silently overwrite each other.
//! * A revision's content hash is the SHA-256 Merkle root of its document (see
//!   [`encode`]): unchanged articles are stored once and shared by every revision.
//! * Time and author are passed in; the archive never reads the clock.
//!
//! Storage and its durability guarantees are `quyche-store`'s; this crate only knows how
//! documents map onto stored objects.

mod encode;
mod reconcile;
mod sources;

use std::path::Path;

pub use encode::{encode, Encoded, OBJECT_VERSION};
pub use quyche_store::{
    check_backup, lock_folder, restore, to_hex, AuditEntry, AuditStamp, BackupSummary, Hash,
    OpenReport, RegulationRecord, RevisionRecord, StoreError, VerifyReport,
};
pub use reconcile::reconcile;
pub use sources::SourceRecord;

use quyche_model::Document;
use quyche_store::{from_hex, Store};

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("dữ liệu hỏng: {0}")]
    Corrupt(String),
}

/// Regulations and their revisions, on top of a [`Store`].
pub struct Archive {
    store: Store,
}

/// What the archive knows of one stored revision, with its document.
pub struct Revision {
    pub record: RevisionRecord,
    pub document: Document,
}

/// A fresh regulation id: 16 hex digits from the creation time, the title and what is
/// already stored, so ids are unique without a random source and never collide in one
/// archive.
fn regulation_id(title: &str, now_ms: i64, salt: usize) -> String {
    let seed = format!("{now_ms}\u{0}{title}\u{0}{salt}\u{0}{}", std::process::id());
    to_hex(&quyche_store::hash_bytes(seed.as_bytes()))[..16].to_string()
}

impl Archive {
    /// Opens (or creates) the archive in `dir` with the store's hardened open.
    pub fn open(dir: &Path) -> Result<(Archive, OpenReport), ArchiveError> {
        let (store, report) = Store::open(dir)?;
        Ok((Archive { store }, report))
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Stores `doc` as a new regulation with revision 1.
    pub fn create(
        &self,
        doc: &Document,
        author: &str,
        now_ms: i64,
        message: &str,
    ) -> Result<(RegulationRecord, RevisionRecord), ArchiveError> {
        let title = doc.display_title();
        let existing = self.store.regulations()?.len();
        let mut salt = existing;
        loop {
            let id = regulation_id(&title, now_ms, salt);
            match self.create_with_id(&id, doc, author, now_ms, message) {
                Err(ArchiveError::Store(StoreError::Conflict(_))) if salt < existing + 16 => {
                    salt += 1
                }
                other => return other,
            }
        }
    }

    /// Stores `doc` as a new regulation under a given id: a copy of someone else's
    /// regulation (a review package), which must keep the sender's id. `Conflict` if the
    /// id is taken.
    pub fn create_with_id(
        &self,
        id: &str,
        doc: &Document,
        author: &str,
        now_ms: i64,
        message: &str,
    ) -> Result<(RegulationRecord, RevisionRecord), ArchiveError> {
        let encoded = encode(doc);
        let title = doc.display_title();
        Ok(self.store.create_regulation(
            id,
            "draft",
            encoded.revision(author, now_ms, message, &title),
        )?)
    }

    /// The number of the revision of `regulation` whose content hash is `root_hex`.
    pub fn revision_with_hash(
        &self,
        regulation: &str,
        root_hex: &str,
    ) -> Result<Option<u32>, ArchiveError> {
        Ok(self
            .store
            .revisions(regulation)?
            .into_iter()
            .find(|r| r.root == root_hex)
            .map(|r| r.number))
    }

    /// Stores `doc` as the next revision of `regulation`. `expected_head` is the revision
    /// the edit was based on: a different head means someone else saved first.
    pub fn commit(
        &self,
        regulation: &str,
        expected_head: Option<u32>,
        doc: &Document,
        author: &str,
        now_ms: i64,
        message: &str,
    ) -> Result<RevisionRecord, ArchiveError> {
        let encoded = encode(doc);
        let title = doc.display_title();
        let rev = encoded.revision(author, now_ms, message, &title);
        Ok(self.store.commit_revision(regulation, expected_head, rev)?)
    }

    /// Stores an independently parsed new version of `regulation`, carrying over the
    /// stable ids of the units it continues (see [`reconcile`]).
    pub fn commit_import(
        &self,
        regulation: &str,
        incoming: Document,
        author: &str,
        now_ms: i64,
        message: &str,
    ) -> Result<RevisionRecord, ArchiveError> {
        let head = self.load(regulation, None)?;
        let mut doc = reconcile(&head.document, incoming);
        // Taken articles keep their source links by id; a link whose article the new
        // text dropped is not written (`encode`).
        doc.sources = head.document.sources;
        self.commit(regulation, Some(head.record.number), &doc, author, now_ms, message)
    }

    pub fn regulations(&self) -> Result<Vec<RegulationRecord>, ArchiveError> {
        Ok(self.store.regulations()?)
    }

    pub fn regulation(&self, id: &str) -> Result<RegulationRecord, ArchiveError> {
        Ok(self.store.regulation(id)?)
    }

    pub fn revisions(&self, regulation: &str) -> Result<Vec<RevisionRecord>, ArchiveError> {
        Ok(self.store.revisions(regulation)?)
    }

    /// Loads revision `number` of `regulation`, or its head when `number` is `None`.
    pub fn load(&self, regulation: &str, number: Option<u32>) -> Result<Revision, ArchiveError> {
        let number = match number {
            Some(n) => n,
            None => self.store.regulation(regulation)?.head,
        };
        let record = self.store.revision(regulation, number)?;
        let root = from_hex(&record.root).ok_or_else(|| {
            ArchiveError::Corrupt(format!("mã băm gốc hỏng ở phiên bản {number}"))
        })?;
        let document = encode::decode(&root, &|h| Ok(self.store.object(h)?))?;
        Ok(Revision { record, document })
    }

    /// Re-hashes everything stored, and checks that every revision decodes.
    pub fn verify(&self) -> Result<VerifyReport, ArchiveError> {
        let mut report = self.store.verify()?;
        for reg in self.store.regulations()? {
            for rev in self.store.revisions(&reg.id)? {
                if let Err(e) = self.load(&reg.id, Some(rev.number)) {
                    report
                        .problems
                        .push(format!("quy chế {} phiên bản {}: {e}", reg.id, rev.number));
                }
            }
        }
        Ok(report)
    }
}

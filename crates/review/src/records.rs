//! How the review records are kept: the store's collections, their JSON bodies, short
//! ids, and the one write path (records, status and audit entry in one transaction).

use quyche_archive::{ArchiveError, StoreError};
use quyche_store::{Action, RecordWrite, StatusChange};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Result, Review, ReviewError};

pub(crate) const PEOPLE: &str = "people";
pub(crate) const ROUNDS: &str = "rounds";
pub(crate) const COMMENTS: &str = "comments";
pub(crate) const RESOLUTIONS: &str = "resolutions";
pub(crate) const APPROVALS: &str = "approvals";
/// Votes that did not approve (`model::FailedVote`): never in `approvals`, where a record
/// means approved and sealed.
pub(crate) const FAILED_VOTES: &str = "failed_votes";
/// Regulations received in a review package: their presence is what makes a copy
/// read-only, so it survives a restart.
pub(crate) const MIRRORS: &str = "mirrors";
/// The roster each received copy came with, keyed by regulation (`people::CopyRoster`).
pub(crate) const ROSTERS: &str = "rosters";
pub(crate) const BUNDLES_OUT: &str = "bundles_out";
pub(crate) const BUNDLES_IN: &str = "bundles_in";
pub(crate) const SETTINGS: &str = "settings";
pub(crate) const CURRENT_USER: &str = "current_user";
/// Regulations seeded as the removable sample ("Bản mẫu"), keyed by regulation.
pub(crate) const SAMPLES: &str = "samples";
/// In `SETTINGS`: the user removed the sample, so it is never seeded again.
pub(crate) const SAMPLE_REMOVED: &str = "sample_removed";

pub(crate) fn decode<T: DeserializeOwned>(rec: &quyche_store::Record) -> Result<T> {
    serde_json::from_str(&rec.body).map_err(|e| {
        ReviewError::Archive(ArchiveError::Corrupt(format!(
            "records/{}/{}: {e}",
            rec.collection, rec.key
        )))
    })
}

pub(crate) fn encode<T: Serialize>(t: &T) -> String {
    // Owned, derive-generated records always serialise.
    serde_json::to_string(t).unwrap_or_default()
}

/// A short id from what makes a record unique: readable in a CLI, stable in tests.
pub(crate) fn short_id(prefix: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let hex: String = h.finalize().iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("{prefix}{hex}")
}

/// A date as records keep it: `YYYY-MM-DD`.
pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u32>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u32>(), Ok(1..=31))
}

impl Review<'_> {
    pub(crate) fn all<T: DeserializeOwned>(&self, collection: &str) -> Result<Vec<T>> {
        self.archive.store().records(collection)?.iter().map(decode).collect()
    }

    pub(crate) fn write(
        &self,
        records: &[RecordWrite],
        status: Option<StatusChange>,
        action: Action,
    ) -> Result<()> {
        self.archive.store().write_records(records, status, action).map_err(|e| match e {
            StoreError::Conflict(m) => ReviewError::Refused(m),
            e => e.into(),
        })?;
        Ok(())
    }
}

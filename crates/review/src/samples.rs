//! The sample regulation ("Bản mẫu") the first start shows: a regulation flagged as a
//! sample may be removed from the library, and once removed it is never seeded again.
//! Nothing else can be removed this way: a real regulation's history is kept.

use quyche_store::{Action, RecordWrite};

use crate::records::{decode, encode, SAMPLES, SAMPLE_REMOVED, SETTINGS};
use crate::{Result, Review, ReviewError};

impl Review<'_> {
    /// Flags `regulation` as the removable sample.
    pub fn mark_sample(&self, regulation: &str, actor: &str, now: i64) -> Result<()> {
        let body = encode(&regulation);
        self.write(
            &[RecordWrite { collection: SAMPLES, key: regulation, body: &body, create_only: true }],
            None,
            Action {
                time_ms: now,
                actor,
                action: "sample-mark",
                regulation: Some(regulation),
                revision: None,
                detail: "Bản mẫu",
            },
        )
    }

    /// Whether `regulation` is the sample (and still in the library).
    pub fn is_sample(&self, regulation: &str) -> Result<bool> {
        Ok(self.archive.store().record(SAMPLES, regulation)?.is_some()
            && self.archive.regulation(regulation).is_ok())
    }

    /// Whether the user removed the sample once: then it is never seeded again.
    pub fn sample_removed(&self) -> Result<bool> {
        match self.archive.store().record(SETTINGS, SAMPLE_REMOVED)? {
            None => Ok(false),
            Some(r) => decode::<bool>(&r),
        }
    }

    /// Removes the sample from the library, with its audit entry and the marker that
    /// keeps it from coming back, in one transaction. Refused for anything not a sample.
    pub fn remove_sample(&self, regulation: &str, actor: &str, now: i64) -> Result<()> {
        if !self.is_sample(regulation)? {
            return Err(ReviewError::Refused(
                "Chỉ bản mẫu mới xóa được; quy chế thật được giữ lại cùng toàn bộ lịch sử.".into(),
            ));
        }
        let title = self.archive.regulation(regulation)?.title;
        let body = encode(&true);
        self.archive.store().remove_regulation(
            regulation,
            &[RecordWrite {
                collection: SETTINGS,
                key: SAMPLE_REMOVED,
                body: &body,
                create_only: false,
            }],
            Action {
                time_ms: now,
                actor,
                action: "sample-remove",
                regulation: Some(regulation),
                revision: None,
                detail: &format!("Xóa bản mẫu: {title}"),
            },
        )?;
        Ok(())
    }
}

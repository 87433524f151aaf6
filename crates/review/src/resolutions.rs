//! The chairman's resolutions: each comment accepted, partly accepted, explained or
//! rejected, with the reason the response report prints.

use quyche_store::{Action, RecordWrite};

use crate::comments::safe;
use crate::model::{Decision, Resolution};
use crate::records::{encode, RESOLUTIONS};
use crate::{Act, Result, Review, ReviewError};

impl Review<'_> {
    /// The chairman's decision on a comment. A later decision replaces an earlier one
    /// until the text is submitted; the audit log keeps both.
    #[allow(clippy::too_many_arguments)]
    pub fn resolve(
        &self,
        comment_id: &str,
        actor: &str,
        decision: Decision,
        reason: &str,
        revision: Option<u32>,
        units: Vec<u32>,
        now: i64,
    ) -> Result<Resolution> {
        let comment = self.comment(comment_id)?;
        let (person, _) = self.permit(&comment.regulation, actor, Act::Resolve)?;
        safe("lý do", reason)?;
        let reason = quyche_text::nfc(reason.trim());
        if reason.is_empty() && decision != Decision::Accepted {
            return Err(ReviewError::BadInput(format!(
                "Cần nêu lý do khi \u{201c}{}\u{201d}.",
                decision.label()
            )));
        }
        let resolution = Resolution {
            comment: comment.id.clone(),
            decision,
            reason,
            by: person.id.clone(),
            time_ms: now,
            revision,
            units,
        };
        let body = encode(&resolution);
        self.write(
            &[RecordWrite {
                collection: RESOLUTIONS,
                key: &comment.id,
                body: &body,
                create_only: false,
            }],
            None,
            Action {
                time_ms: now,
                actor: &person.name,
                action: "resolve",
                regulation: Some(&comment.regulation),
                revision,
                detail: &format!("{}: {}", comment.id, decision.label()),
            },
        )?;
        Ok(resolution)
    }
}

//! The Executive Committee's vote and the seal of the approved revision.

use quyche_exchange::{Identity, SealSignature};
use quyche_store::{Action, RecordWrite, StatusChange};

use crate::model::{Approval, FailedVote, Stage, Vote};
use crate::promulgation::{
    promulgate, promulgation_message, remaining_blanks, short_date, PROMULGATION_MESSAGE,
};
use crate::records::{encode, is_date, APPROVALS, FAILED_VOTES};
use crate::rules;
use crate::{Act, Result, Review, ReviewError};

/// The seal of an approved revision: the hex SHA-256 of its canonical text. One
/// definition, in the crate that owns the canonical text, so a sealed revision always
/// exports and verifies.
pub use quyche_text::canonical_hash as seal_hash;

impl Review<'_> {
    /// Records the Executive Committee's vote on the submitted revision and seals the
    /// promulgated text, signed with `signer`, this installation's identity. Refused, with
    /// the reason, unless more than half of all members voted for.
    ///
    /// The decision's number and date are written into the header first
    /// ([`promulgate`]) and committed as the final revision, authored by the person
    /// recording; that revision is the one sealed. The approval record and the status
    /// change are then one write: if it fails, the regulation is still submitted, and
    /// approving again finds the promulgated revision and seals it (or promulgates the
    /// submitted text afresh when the number or date differ).
    pub fn approve(
        &self,
        regulation: &str,
        actor: &str,
        vote: Vote,
        signer: &Identity,
        now: i64,
    ) -> Result<Approval> {
        let (person, stage) = self.permit(regulation, actor, Act::Approve)?;
        check_vote(&vote)?;
        if vote.decision_no.trim().is_empty() {
            return Err(ReviewError::BadInput("Cần số quyết định ban hành.".into()));
        }
        rules::approval_rule(&vote)?;
        let head = self.archive.load(regulation, None)?;
        // A promulgation committed by an earlier attempt whose record failed to write is
        // not the submitted text: start again from the text it was made from.
        let submitted = match head.record.parent {
            Some(parent) if head.record.message.starts_with(PROMULGATION_MESSAGE) => {
                self.archive.load(regulation, Some(parent))?.document
            }
            _ => head.document.clone(),
        };
        let promulgated = promulgate(&submitted, &vote.decision_no, &vote.date);
        let blanks = remaining_blanks(&promulgated);
        if !blanks.is_empty() {
            return Err(ReviewError::Refused(format!(
                "Văn bản được thông qua không được còn chỗ trống: {}",
                blanks.join("; ")
            )));
        }
        let revision = if promulgated == head.document {
            head.record.number
        } else {
            self.archive
                .commit(
                    regulation,
                    Some(head.record.number),
                    &promulgated,
                    &person.name,
                    now,
                    &promulgation_message(&vote.decision_no, &vote.date),
                )?
                .number
        };
        let mut approval = Approval {
            regulation: regulation.to_string(),
            revision,
            seal: seal_hash(&promulgated),
            vote,
            recorded_by: person.id.clone(),
            recorded_ms: now,
            approved_by: crate::promulgation::approving_body(&promulgated),
            signature: None,
        };
        approval.signature = Some(
            SealSignature::sign(signer, &approval.statement())
                .map_err(|e| ReviewError::BadInput(format!("Không ký được niêm phong: {e}")))?,
        );
        let key = format!("{regulation}#{}", approval.revision);
        let body = encode(&approval);
        self.write(
            &[RecordWrite { collection: APPROVALS, key: &key, body: &body, create_only: true }],
            Some(StatusChange {
                regulation,
                status: Stage::Approved.as_str(),
                expected: Some(stage.as_str()),
            }),
            Action {
                time_ms: now,
                actor: &person.name,
                action: "approve",
                regulation: Some(regulation),
                revision: Some(approval.revision),
                detail: &format!(
                    "Quyết định {}; {}/{} tán thành; niêm phong {}; ký bởi khóa {}",
                    approval.vote.decision_no,
                    approval.vote.votes_for,
                    approval.vote.members,
                    approval.seal,
                    signer.fingerprint()
                ),
            },
        )?;
        Ok(approval)
    }

    /// Records a vote that did not reach more than half of all members: the draft goes
    /// back (returned), with the count as the reason, and the vote is kept with it.
    pub fn record_failed_vote(
        &self,
        regulation: &str,
        actor: &str,
        vote: Vote,
        now: i64,
    ) -> Result<FailedVote> {
        let (person, stage) = self.permit(regulation, actor, Act::Approve)?;
        check_vote(&vote)?;
        if rules::approval_rule(&vote).is_ok() {
            return Err(ReviewError::BadInput(format!(
                "{}/{} ủy viên tán thành là quá một nửa: biểu quyết này đạt, hãy ghi nhận thông qua.",
                vote.votes_for, vote.members
            )));
        }
        let revision = self.archive.regulation(regulation)?.head;
        let when = short_date(&vote.date).unwrap_or_else(|| vote.date.clone());
        let reason = format!(
            "Biểu quyết không đạt: {}/{} tán thành, {} không tán thành, {} không biểu quyết, {} vắng mặt (ngày {when}).",
            vote.votes_for, vote.members, vote.against, vote.abstain, vote.absent
        );
        let failed = FailedVote {
            regulation: regulation.to_string(),
            revision,
            vote,
            recorded_by: person.id.clone(),
            recorded_ms: now,
            reason,
        };
        let key = format!("{regulation}#{revision}#{now}");
        let body = encode(&failed);
        self.write(
            &[RecordWrite { collection: FAILED_VOTES, key: &key, body: &body, create_only: true }],
            Some(StatusChange {
                regulation,
                status: Stage::Returned.as_str(),
                expected: Some(stage.as_str()),
            }),
            // Logged as a return, so whatever shows why a draft came back shows this too.
            Action {
                time_ms: now,
                actor: &person.name,
                action: "return",
                regulation: Some(regulation),
                revision: Some(revision),
                detail: &failed.reason,
            },
        )?;
        Ok(failed)
    }

    /// Failed votes on a regulation, oldest first.
    pub fn failed_votes(&self, regulation: &str) -> Result<Vec<FailedVote>> {
        let mut v: Vec<FailedVote> = self
            .all::<FailedVote>(FAILED_VOTES)?
            .into_iter()
            .filter(|f| f.regulation == regulation)
            .collect();
        v.sort_by_key(|f| f.recorded_ms);
        Ok(v)
    }

    /// Approvals of a regulation, oldest first.
    pub fn approvals(&self, regulation: &str) -> Result<Vec<Approval>> {
        let mut a: Vec<Approval> = self
            .all::<Approval>(APPROVALS)?
            .into_iter()
            .filter(|a| a.regulation == regulation)
            .collect();
        a.sort_by_key(|a| a.revision);
        Ok(a)
    }

    /// Re-hashes every approved revision against its seal. Problems, one line each.
    pub fn verify_seals(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        for a in self.all::<Approval>(APPROVALS)? {
            let doc = self.archive.load(&a.regulation, Some(a.revision))?.document;
            if seal_hash(&doc) != a.seal {
                problems.push(format!(
                    "quy chế {} phiên bản {}: văn bản không khớp niêm phong {}",
                    a.regulation, a.revision, a.seal
                ));
            }
            // An unsigned (older) seal is not a fault of the store; a signature that no
            // longer covers the record is.
            if let Some(sig) = &a.signature {
                if let Err(e) = sig.check(&a.statement()) {
                    problems.push(format!(
                        "quy chế {} phiên bản {}: chữ ký niêm phong không đúng: {e}",
                        a.regulation, a.revision
                    ));
                }
            }
        }
        Ok(problems)
    }
}

/// What every recorded vote must be: a date, and no more ballots and absences than members.
fn check_vote(vote: &Vote) -> Result<()> {
    if !is_date(&vote.date) {
        return Err(ReviewError::BadInput(format!(
            "Ngày biểu quyết không hợp lệ: {} (cần YYYY-MM-DD).",
            vote.date
        )));
    }
    let counted =
        vote.votes_for as u64 + vote.against as u64 + vote.abstain as u64 + vote.absent as u64;
    if counted > vote.members as u64 {
        return Err(ReviewError::BadInput(format!(
            "Số phiếu và số vắng mặt ({counted}) nhiều hơn tổng số ủy viên ({}).",
            vote.members
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_approval_recorded_before_seals_were_signed_still_loads_unsigned() {
        let old = r#"{"regulation":"quy-che","revision":2,"vote":{"form":"meeting",
            "date":"2026-11-28","members":27,"votes_for":20,"against":4,"abstain":3,
            "decision_no":"12/QĐ-LMHTX"},"recorded_by":"p1","recorded_ms":5,
            "seal":"3f1c000000000000000000000000000000000000000000000000000000000000"}"#;
        let a: Approval = serde_json::from_str(old).unwrap();
        assert!(a.signature.is_none() && a.approved_by.is_none());
        // Written back, it is the same record: nothing is added to an unsigned seal.
        let again: serde_json::Value = serde_json::from_str(&encode(&a)).unwrap();
        assert!(again.get("signature").is_none(), "{again}");
    }
}

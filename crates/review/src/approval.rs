//! The Executive Committee's vote and the seal of the approved revision.

use quyche_exchange::{Identity, SealSignature};
use quyche_store::{Action, RecordWrite, StatusChange};

use crate::model::{Approval, Stage, Vote};
use crate::records::{encode, is_date, APPROVALS};
use crate::rules;
use crate::{Act, Result, Review, ReviewError};

/// The seal of an approved revision: the hex SHA-256 of its canonical text. One
/// definition, in the crate that owns the canonical text, so a sealed revision always
/// exports and verifies.
pub use quyche_text::canonical_hash as seal_hash;

impl Review<'_> {
    /// Records the Executive Committee's vote on the submitted revision and seals it,
    /// signed with `signer`, this installation's identity. Refused, with the reason, unless
    /// more than half of all members voted for.
    pub fn approve(
        &self,
        regulation: &str,
        actor: &str,
        vote: Vote,
        signer: &Identity,
        now: i64,
    ) -> Result<Approval> {
        let (person, stage) = self.permit(regulation, actor, Act::Approve)?;
        if !is_date(&vote.date) {
            return Err(ReviewError::BadInput(format!(
                "Ngày thông qua không hợp lệ: {} (cần YYYY-MM-DD).",
                vote.date
            )));
        }
        if vote.decision_no.trim().is_empty() {
            return Err(ReviewError::BadInput("Cần số quyết định ban hành.".into()));
        }
        rules::approval_rule(&vote)?;
        let head = self.archive.load(regulation, None)?;
        let mut approval = Approval {
            regulation: regulation.to_string(),
            revision: head.record.number,
            seal: seal_hash(&head.document),
            vote,
            recorded_by: person.id.clone(),
            recorded_ms: now,
            approved_by: head.document.header.issuing_body.last().cloned(),
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

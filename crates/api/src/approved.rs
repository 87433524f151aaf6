//! The approved text on screen: which revision is sealed and by which decision, whether
//! the "DỰ THẢO" box shows, the sentence to confirm before an approved text is edited,
//! and the vote as the approval dialog records it (approved or failed).

use quyche_review::promulgation::short_date;
use quyche_review::{Approval, Stage, Vote};

use crate::{
    Actor, ApiError, ErrorCode, Quyche, RegulationView, Result, RevisionInfo, SealedView,
    VoteInput, WorkflowView,
};

/// "Thông qua · QĐ 12/QĐ-LMHTX ngày 20/12/2026": one home for the label History and the
/// document show.
/// The mark an amending draft shows when its header has none.
pub const AMENDING_DRAFT_MARK: &str = "DỰ THẢO";

fn approval_label(a: &Approval) -> String {
    format!("Thông qua · QĐ {} ngày {}", a.vote.decision_no, decision_date(a))
}

fn decision_date(a: &Approval) -> String {
    short_date(&a.vote.date).unwrap_or_else(|| a.vote.date.clone())
}

impl Quyche {
    /// Fills what only the approvals know: the seal of the viewed revision, the draft
    /// mark, and the warning before editing an approved text.
    pub(crate) fn mark_approved(&self, view: &mut RegulationView) -> Result<()> {
        let approvals = self.review().approvals(&view.id)?;
        if let Some(a) = approvals.iter().find(|a| a.revision == view.revision.number) {
            view.revision.approval = Some(approval_label(a));
            view.sealed = Some(SealedView {
                decision_no: a.vote.decision_no.clone(),
                date: a.vote.date.clone(),
                label: approval_label(a),
            });
        }
        let approved = view.status == Stage::Approved;
        // An amending draft (edited after an approval) is a draft again, though its header
        // lost its mark when it was promulgated: it shows one, or it would read as the
        // approved text.
        let amending = !approvals.is_empty() && view.sealed.is_none() && !approved;
        if amending
            && !view.header.marks.iter().any(|m| quyche_review::promulgation::is_draft_mark(m))
        {
            view.header.marks.push(AMENDING_DRAFT_MARK.to_string());
        }
        view.draft_mark = (view.draft_mark || amending) && view.sealed.is_none() && !approved;
        if approved && view.revision.number == view.head {
            if let Some(a) = approvals.last() {
                view.edit_warning = Some(format!(
                    "Văn bản này đã được thông qua theo Quyết định số {} ngày {}. Sửa sẽ bắt \
                     đầu một dự thảo sửa đổi; phiên bản đã thông qua giữ nguyên niêm phong.",
                    a.vote.decision_no,
                    decision_date(a)
                ));
            }
        }
        Ok(())
    }

    /// Marks the approved revisions in a history with their decision.
    pub(crate) fn mark_approved_revisions(
        &self,
        regulation: &str,
        revisions: &mut [RevisionInfo],
    ) -> Result<()> {
        for a in self.review().approvals(regulation)? {
            if let Some(r) = revisions.iter_mut().find(|r| r.number == a.revision) {
                r.approval = Some(approval_label(&a));
            }
        }
        Ok(())
    }

    /// Records the Executive Committee's vote as the approval dialog gives it: approved
    /// (the text is promulgated and sealed) or failed (the draft goes back, with the
    /// count as the reason). The domain checks that the counts agree with the outcome.
    pub fn record_vote(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        input: VoteInput,
    ) -> Result<WorkflowView> {
        crate::safe_field("ngày biểu quyết", &input.date)?;
        crate::safe_field("số quyết định", &input.decision_no)?;
        let vote = Vote {
            form: input.form,
            date: input.date.trim().to_string(),
            members: input.members,
            votes_for: input.votes_for,
            against: input.against,
            abstain: input.abstain,
            decision_no: quyche_text::nfc(input.decision_no.trim()),
            absent: input.absent,
        };
        let actor_id = if input.approved {
            self.approve_vote(regulation, actor, vote)?.recorded_by
        } else {
            let actor = self.actor_id(actor)?;
            self.review().record_failed_vote(regulation, &actor, vote, self.now())?;
            actor
        };
        self.workflow(regulation, Actor::Person(&actor_id))
    }

    /// The approval itself: the backup first, then the vote signed with this
    /// installation's key. `approve` and `record_vote` both come here.
    pub(crate) fn approve_vote(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        vote: Vote,
    ) -> Result<Approval> {
        self.backup_before_approval()?; // the rotating backup (backup.rs): no approval without it
        let actor = &self.actor_id(actor)?;
        // Every new seal is signed: without this installation's key there is nothing to
        // sign with, and an unsigned seal is what a forger can make too.
        let signer = self.owner()?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::Refused,
                "Máy này chưa có chữ ký số để ký niêm phong: hãy tạo chữ ký số trước \
                 (biểu mẫu khi mở ứng dụng, hoặc `quyche identity create`).",
            )
        })?;
        Ok(self.review().approve(regulation, actor, vote, &signer, self.now())?)
    }
}

//! The consultation and approval actions of the facade. Rules are `quyche-review`'s;
//! this module turns them into calls with `{code, message}` errors and IPC views.

use quyche_diff::{Op, Options};
use quyche_model::UnitId;
use quyche_review::{
    anchor, Act, ApprovalForm, Decision, Origin, Review, ReviewError, Role, Target, Vote,
};

use crate::dto::*;
use crate::{iso8601, Actor, ApiError, ErrorCode, Quyche, Result};

impl From<ReviewError> for ApiError {
    fn from(e: ReviewError) -> ApiError {
        match e {
            ReviewError::Refused(m) => ApiError::new(ErrorCode::Refused, m),
            ReviewError::BadInput(m) => ApiError::bad_input(m),
            ReviewError::NotFound(m) => ApiError::not_found(format!("không tìm thấy {m}")),
            ReviewError::Archive(a) => a.into(),
        }
    }
}

impl Quyche {
    pub(crate) fn review(&self) -> Review<'_> {
        Review::new(&self.archive)
    }

    pub fn people(&self) -> Result<Vec<PersonView>> {
        Ok(self.review().people()?.iter().map(PersonView::from).collect())
    }

    /// Adds a person, acting as `actor` (nobody for the very first person).
    pub fn add_person(
        &self,
        actor: Actor<'_>,
        name: &str,
        role: Role,
        position: &str,
    ) -> Result<PersonView> {
        let actor = self.actor_id(actor).ok();
        Ok((&self.review().add_person(actor.as_deref(), name, role, position, self.now())?).into())
    }

    pub fn current_user(&self) -> Result<Option<PersonView>> {
        Ok(self.review().current_user()?.as_ref().map(PersonView::from))
    }

    pub fn set_current_user(&self, person_id: &str) -> Result<PersonView> {
        self.stamp_current_user(person_id)?; // audit.rs: the new user records the switch
        Ok((&self.review().set_current_user(person_id, self.now())?).into())
    }

    /// The person id an action is taken as.
    pub fn actor_id(&self, actor: Actor<'_>) -> Result<String> {
        match actor {
            Actor::Person(id) => Ok(self.review().person(id)?.id),
            Actor::Current => self.review().current_user()?.map(|p| p.id).ok_or_else(|| {
                ApiError::new(ErrorCode::Refused, "Chưa chọn người dùng: hãy cho biết bạn là ai trước khi thao tác.")
            }),
            Actor::Named(name) => Err(ApiError::new(
                ErrorCode::Refused,
                format!("\u{201c}{name}\u{201d} không phải mã người trong danh sách; dùng --as MÃ_NGƯỜI."),
            )),
        }
    }

    /// The workflow bar: the stage, and every action with whether `actor` may take it.
    pub fn workflow(&self, regulation: &str, actor: Actor<'_>) -> Result<WorkflowView> {
        let asked_for = self.actor_id(actor).ok();
        let actor = self.actor_on(regulation, actor).ok();
        let actor = actor.as_deref();
        let review = self.review();
        let stage = review.stage(regulation)?;
        let user = match actor {
            Some(a) => Some(review.person_on(regulation, a)?),
            None => None,
        };
        let actions = match &user {
            Some(u) => review
                .allowed(regulation, &u.id, self.owner_public_key().as_deref())?
                .into_iter()
                .map(|p| ActionView {
                    action: p.act.as_str().into(),
                    allowed: p.reason.is_none(),
                    permitted: p.permitted,
                    reason: p.reason,
                })
                .collect(),
            None => Act::ON_A_REGULATION
                .iter()
                .map(|a| ActionView {
                    action: a.as_str().into(),
                    allowed: false,
                    permitted: false,
                    reason: Some("Chưa chọn người dùng.".into()),
                })
                .collect(),
        };
        let people: std::collections::HashMap<String, PersonView> =
            review.people_on(regulation)?.iter().map(|p| (p.id.clone(), p.into())).collect();
        let rounds = review.rounds(regulation)?;
        let round = rounds.last().map(|r| RoundView {
            id: r.id.clone(),
            number: r.number,
            revision: r.revision,
            deadline: r.deadline.clone(),
            reviewers: r.reviewers.iter().filter_map(|id| people.get(id).cloned()).collect(),
            open: r.closed_ms.is_none(),
            opened_at: iso8601(r.opened_ms),
        });
        let unresolved =
            review.comments(regulation)?.iter().filter(|c| c.resolution.is_none()).count() as u32;
        // The stepper, the sentence and the return notice: the domain's, for this person.
        let guide = match &user {
            Some(u) => Some(review.guide(regulation, u)?),
            None => None,
        };
        Ok(WorkflowView {
            stage,
            stage_label: stage.label().into(),
            received_copy: review.origin(regulation)? == Origin::Received,
            user: user.as_ref().map(PersonView::from),
            asked_for,
            actions,
            round,
            rounds: rounds.len() as u32,
            approvals: self.approvals(regulation)?,
            unresolved,
            received: self.received_copy(regulation)?,
            steps: guide
                .as_ref()
                .map(|g| g.steps.clone())
                .unwrap_or_else(|| quyche_review::steps(stage)),
            next: guide.as_ref().map(|g| g.next.clone()),
            unresolved_comments: guide
                .as_ref()
                .map(|g| g.unresolved_comments.clone())
                .unwrap_or_default(),
            returned: guide.and_then(|g| g.returned).map(|r| ReturnedView {
                by_name: r.by_name,
                by_position: r.by_position,
                at: iso8601(r.at_ms),
                reason: r.reason,
            }),
        })
    }

    pub fn approvals(&self, regulation: &str) -> Result<Vec<ApprovalView>> {
        let review = self.review();
        let people: std::collections::HashMap<String, String> =
            review.people()?.into_iter().map(|p| (p.id, p.name)).collect();
        let mut out = Vec::new();
        for a in review.approvals(regulation)? {
            let doc = self.archive.load(regulation, Some(a.revision))?.document;
            out.push(ApprovalView {
                revision: a.revision,
                form: a.vote.form,
                date: a.vote.date.clone(),
                members: a.vote.members,
                votes_for: a.vote.votes_for,
                against: a.vote.against,
                abstain: a.vote.abstain,
                decision_no: a.vote.decision_no.clone(),
                recorded_by: people.get(&a.recorded_by).cloned().unwrap_or(a.recorded_by.clone()),
                seal_intact: quyche_review::seal_hash(&doc) == a.seal,
                signature: match &a.signature {
                    None => SignatureState::Missing,
                    Some(sig) if sig.check(&a.statement()).is_ok() => SignatureState::Valid,
                    Some(_) => SignatureState::Invalid,
                },
                signer: a.signature.as_ref().map(|s| SignerView::from(&s.signer)),
                seal: a.seal,
            });
        }
        Ok(out)
    }

    pub fn open_round(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        deadline: Option<&str>,
    ) -> Result<RoundView> {
        let actor = &self.actor_id(actor)?;
        self.review().open_round(regulation, actor, deadline, None, self.now())?;
        self.workflow(regulation, Actor::Person(actor))?
            .round
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "mất đợt vừa mở"))
    }

    pub fn close_round(&self, regulation: &str, actor: Actor<'_>) -> Result<RoundView> {
        let actor = &self.actor_id(actor)?;
        self.review().close_round(regulation, actor, self.now())?;
        self.workflow(regulation, Actor::Person(actor))?
            .round
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "mất đợt vừa đóng"))
    }

    /// Every comment on `regulation`, as the current user sees it: whether each has left
    /// this machine, and whether they may still edit or delete it.
    pub fn comments(&self, regulation: &str) -> Result<Vec<CommentView>> {
        let me = self.actor_on(regulation, Actor::Current).ok();
        Ok(self
            .review()
            .comments_as(regulation, me.as_deref())?
            .iter()
            .map(CommentView::new)
            .collect())
    }

    /// The author rewords an unsent comment (text and proposal; the quote stays).
    pub fn edit_comment(
        &self,
        comment: &str,
        actor: Actor<'_>,
        text: &str,
        proposal: Option<&str>,
    ) -> Result<CommentView> {
        let c = self.review().comment(comment)?;
        let actor = &self.actor_on(&c.regulation, actor)?;
        self.review().edit_comment(comment, actor, text, proposal, self.now())?;
        self.comment_view(&c.regulation, comment)
    }

    /// The author deletes an unsent comment; it never goes into a bundle. Returns where
    /// it was (`khoản 2 Điều 5`), for the message.
    pub fn delete_comment(&self, comment: &str, actor: Actor<'_>) -> Result<String> {
        let c = self.review().comment(comment)?;
        let provision = self.comment_view(&c.regulation, comment)?.provision;
        let actor = &self.actor_on(&c.regulation, actor)?;
        self.review().delete_comment(comment, actor, self.now())?;
        Ok(provision)
    }

    /// "Tiếp thu theo đề xuất": the proposal in place of the quote, saved as a new
    /// revision the way an edited article is saved ([`Quyche::save_article`]), and the
    /// decision "Tiếp thu" recorded with its note, in one user action.
    pub fn adopt_proposal(&self, comment: &str, actor: Actor<'_>) -> Result<CommentView> {
        let actor = &self.actor_id(actor)?;
        let adoption = self.review().adoption(comment, actor)?;
        let rev = self.save_article(
            &adoption.regulation,
            adoption.base,
            adoption.article,
            &adoption.body,
            Actor::Person(actor),
        )?;
        self.review().resolve(
            comment,
            actor,
            Decision::Accepted,
            &adoption.note,
            Some(rev.number),
            vec![adoption.unit],
            self.now(),
        )?;
        self.comment_view(&adoption.regulation, comment)
    }

    fn comment_view(&self, regulation: &str, id: &str) -> Result<CommentView> {
        self.comments(regulation)?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| ApiError::not_found("không tìm thấy ý kiến này"))
    }

    /// A comment on a unit of the open round's revision (the app: by stable id).
    #[allow(clippy::too_many_arguments)]
    pub fn add_comment(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        target: Target,
        quote: &str,
        near: Option<u32>,
        text: &str,
        proposal: Option<&str>,
    ) -> Result<CommentView> {
        let actor = &self.actor_on(regulation, actor)?;
        let c = self.review().add_comment(
            regulation,
            actor,
            target,
            quote,
            near,
            text,
            proposal,
            self.now(),
        )?;
        self.comment_view(regulation, &c.id)
    }

    pub fn resolve_comment(
        &self,
        comment: &str,
        actor: Actor<'_>,
        decision: Decision,
        reason: &str,
    ) -> Result<CommentView> {
        let actor = &self.actor_id(actor)?;
        let review = self.review();
        let c = review.comment(comment)?;
        let head = self.archive.regulation(&c.regulation)?.head;
        review.resolve(comment, actor, decision, reason, Some(head), vec![], self.now())?;
        self.comment_view(&c.regulation, comment)
    }

    /// The commented text → the current text; the proposed wording → the current text.
    pub fn comment_redline(&self, comment: &str) -> Result<CommentRedline> {
        let c = self.review().comment(comment)?;
        let then = self.archive.load(&c.regulation, Some(c.revision))?;
        let now = self.archive.load(&c.regulation, None)?;
        let (then_units, now_units) =
            (anchor::Units::of(&then.document), anchor::Units::of(&now.document));
        let unit = UnitId(c.anchor.unit);
        let commented = then_units.text(unit).map(|t| t.to_string()).unwrap_or_default();
        let state = anchor::state(&now_units, &c.anchor);
        let current = now_units.text(unit).map(|t| t.to_string());
        let opts = Options::default();
        let (spans, proposal, adopted) = match &current {
            None => (vec![DiffSpan::new(Op::Delete, commented.clone())], None, false),
            Some(cur) => {
                let spans = quyche_diff::diff_text(&commented, cur, &opts).spans;
                let (proposal, adopted) = match &c.proposal {
                    Some(p) => {
                        let proposed = anchor::proposed_text(&commented, &c.anchor, p);
                        let d = quyche_diff::diff_text(&proposed, cur, &opts);
                        let adopted = cur.contains(p.as_str());
                        (Some(d.spans), adopted)
                    }
                    None => (None, false),
                };
                (spans, proposal, adopted)
            }
        };
        Ok(CommentRedline {
            comment_id: c.id,
            anchor: state,
            from_revision: then.record.number,
            to_revision: now.record.number,
            commented: spans,
            proposal,
            proposal_adopted: adopted,
        })
    }

    /// Articles changed since the last round's revision that no comment is about: so the
    /// chairman can account for every change.
    pub fn changes_without_comment(&self, regulation: &str) -> Result<Vec<String>> {
        let review = self.review();
        let Some(round) = review.rounds(regulation)?.pop() else { return Ok(vec![]) };
        let old = self.archive.load(regulation, Some(round.revision))?.document;
        let new = self.archive.load(regulation, None)?.document;
        let commented: std::collections::HashSet<u32> =
            review.comments(regulation)?.iter().map(|c| c.comment.anchor.article).collect();
        let r = quyche_diff::redline(&old, &new, quyche_diff::Alignment::ById, &Options::default());
        Ok(r.articles
            .iter()
            .filter(|a| a.status != quyche_diff::Status::Unchanged)
            .filter(|a| !a.old_id.or(a.new_id).is_some_and(|id| commented.contains(&id)))
            .map(|a| match (&a.old, &a.new) {
                (Some(o), Some(n)) if o != n => format!("{o} → {n}"),
                (_, Some(n)) => n.clone(),
                (Some(o), None) => format!("{o} (bãi bỏ)"),
                (None, None) => String::new(),
            })
            .collect())
    }

    pub fn submit(&self, regulation: &str, actor: Actor<'_>) -> Result<WorkflowView> {
        let actor = &self.actor_id(actor)?;
        self.review().submit(regulation, actor, self.now())?;
        self.workflow(regulation, Actor::Person(actor))
    }

    pub fn return_draft(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        reason: &str,
    ) -> Result<WorkflowView> {
        crate::safe_field("lý do trả lại", reason)?;
        let actor = &self.actor_id(actor)?;
        self.review().return_draft(regulation, actor, reason, self.now())?;
        self.workflow(regulation, Actor::Person(actor))
    }

    #[allow(clippy::too_many_arguments)]
    pub fn approve(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        form: ApprovalForm,
        date: &str,
        members: u32,
        votes_for: u32,
        against: u32,
        abstain: u32,
        decision_no: &str,
    ) -> Result<ApprovalView> {
        crate::safe_field("ngày thông qua", date)?;
        crate::safe_field("số quyết định", decision_no)?;
        let vote = Vote {
            form,
            date: date.trim().to_string(),
            members,
            votes_for,
            against,
            abstain,
            decision_no: quyche_text::nfc(decision_no.trim()),
            absent: 0,
        };
        // approved.rs: the backup, the signer, and the promulgated revision sealed.
        let a = self.approve_vote(regulation, actor, vote)?;
        self.approvals(regulation)?
            .into_iter()
            .find(|v| v.revision == a.revision)
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, "mất bản ghi thông qua vừa lưu"))
    }

    pub fn person_role(&self, id: &str) -> Result<Role> {
        Ok(self.review().person(id)?.role)
    }

    /// Parses the CLI's words for a decision.
    pub fn parse_decision(s: &str) -> Result<Decision> {
        Decision::parse(s).ok_or_else(|| {
            ApiError::bad_input(format!(
                "quyết định không hợp lệ: {s} (accepted|partly|explained|rejected)"
            ))
        })
    }

    pub fn parse_role(s: &str) -> Result<Role> {
        Role::parse(s).ok_or_else(|| {
            ApiError::bad_input(format!("vai trò không hợp lệ: {s} (chairman|member|secretary)"))
        })
    }

    pub fn parse_form(s: &str) -> Result<ApprovalForm> {
        ApprovalForm::parse(s).ok_or_else(|| {
            ApiError::bad_input(format!("hình thức không hợp lệ: {s} (meeting|written)"))
        })
    }
}

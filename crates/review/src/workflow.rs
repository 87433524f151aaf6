//! The stages of a regulation and what moves it between them: the permissions of each
//! action ([`Review::permit`], [`Review::allowed`]), edits (which may start a new draft
//! of an approved text), submission and return.

use quyche_store::{Action, StatusChange};

use crate::model::{Person, Stage};
use crate::records::MIRRORS;
use crate::rules::{self, Act, Origin};
use crate::{guide, Result, Review, ReviewError};

/// The refusal of a return without a reason.
pub const RETURN_NEEDS_A_REASON: &str =
    "Hãy ghi lý do trả lại dự thảo: Chủ tịch chỉnh lý theo lý do đó.";

/// One action's answer for one person now: what the workflow bar shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    pub act: Act,
    /// [`rules::permit`] lets this person take the action at this stage on this copy of
    /// the text: the action is theirs to take, even if something it needs is missing.
    pub permitted: bool,
    /// Why the action cannot be taken now (a rule, or what it needs and lacks); `None`
    /// when it can.
    pub reason: Option<String>,
}

impl Review<'_> {
    pub fn stage(&self, regulation: &str) -> Result<Stage> {
        Ok(Stage::from_stored(&self.archive.regulation(regulation)?.status))
    }

    /// Where the regulation's text comes from: drafted here, or received in a review
    /// package. Read from the database, so a restart never forgets a copy is read-only.
    pub fn origin(&self, regulation: &str) -> Result<Origin> {
        Ok(match self.archive.store().record(MIRRORS, regulation)? {
            Some(_) => Origin::Received,
            None => Origin::Drafted,
        })
    }

    /// Checks that `actor` may take `act` on `regulation` now. On a received copy the
    /// actor is a person of the copy's roster ([`Review::person_on`]).
    pub fn permit(&self, regulation: &str, actor: &str, act: Act) -> Result<(Person, Stage)> {
        let person = self.person_on(regulation, actor)?;
        let stage = self.stage(regulation)?;
        rules::permit(&person, act, stage, self.origin(regulation)?)?;
        Ok((person, stage))
    }

    /// For each action on `regulation`, whether `actor` may take it now, and if not,
    /// why: the rules, then what the action itself needs (an open round to package, my
    /// unsent comments to bundle, this machine's key…). `owner_key` is the public key
    /// (base64) of this installation's identity, if it has one: the exchange signs with it.
    pub fn allowed(
        &self,
        regulation: &str,
        actor: &str,
        owner_key: Option<&str>,
    ) -> Result<Vec<Permission>> {
        let person = self.person_on(regulation, actor)?;
        let stage = self.stage(regulation)?;
        let origin = self.origin(regulation)?;
        let mut out = Vec::with_capacity(Act::ON_A_REGULATION.len());
        for act in Act::ON_A_REGULATION {
            let (permitted, reason) = match rules::permit(&person, act, stage, origin) {
                Err(r) => (false, Some(r.0)),
                Ok(()) => match self.needs(regulation, &person, act, owner_key) {
                    Ok(()) => (true, None),
                    Err(ReviewError::Refused(m) | ReviewError::BadInput(m)) => (true, Some(m)),
                    Err(e) => return Err(e),
                },
            };
            out.push(Permission { act, permitted, reason });
        }
        Ok(out)
    }

    /// What an action needs beyond the rules, as the action itself checks it.
    fn needs(
        &self,
        regulation: &str,
        person: &Person,
        act: Act,
        owner_key: Option<&str>,
    ) -> Result<()> {
        match act {
            Act::Package => self.package_needs(regulation, person, owner_key).map(drop),
            Act::Bundle => {
                // The bundle is signed with this machine's key: it carries its owner's
                // comments, whoever is asking.
                let me = self.key_owner(regulation, owner_key)?;
                if me.id != person.id {
                    return Err(ReviewError::Refused(format!(
                        "Máy này ký bằng khóa của {0}: chỉ {0} gửi được góp ý của mình từ máy này.",
                        me.name
                    )));
                }
                self.unsent(regulation, &me).map(drop)
            }
            Act::ImportBundle => self.import_needs(regulation),
            Act::Submit => self.submit_needs(regulation),
            _ => Ok(()),
        }
    }

    /// Submitting needs a decision on every comment: the refusal names where the
    /// comments are (provisions), never their ids. The workflow bar and `submit` say the
    /// same sentence.
    fn submit_needs(&self, regulation: &str) -> Result<()> {
        let open = self.unresolved(regulation)?;
        let places: Vec<&str> = open.iter().map(|c| c.provision.as_str()).collect();
        match guide::unresolved_sentence(&places) {
            Some(why) => Err(ReviewError::Refused(why)),
            None => Ok(()),
        }
    }

    /// An edit is about to be saved: may `actor` edit, and what stage follows? Editing
    /// an approved text starts a new draft on top of it; the seal of the approved
    /// revision stays as it was and still verifies.
    pub fn before_edit(&self, regulation: &str, actor: Option<&str>) -> Result<Option<Stage>> {
        let stage = self.stage(regulation)?;
        match actor {
            Some(a) => {
                self.permit(regulation, a, Act::Edit)?;
            }
            // Without people (the foundation's single-user use) only the stage rules
            // and the copy's: a received copy is never edited.
            None => {
                if self.origin(regulation)? == Origin::Received {
                    return Err(ReviewError::Refused(rules::RECEIVED_COPY_READ_ONLY.into()));
                }
                if !matches!(
                    stage,
                    Stage::Draft | Stage::Revising | Stage::Returned | Stage::Approved
                ) {
                    return Err(ReviewError::Refused(format!(
                        "Không thể sửa văn bản khi đang ở trạng thái \u{201c}{}\u{201d}.",
                        stage.label()
                    )));
                }
            }
        }
        Ok((stage == Stage::Approved).then_some(Stage::Draft))
    }

    /// Records that a save turned an approved regulation into a new draft.
    pub fn after_edit(
        &self,
        regulation: &str,
        actor_name: &str,
        revision: u32,
        now: i64,
    ) -> Result<()> {
        self.write(
            &[],
            Some(StatusChange {
                regulation,
                status: Stage::Draft.as_str(),
                expected: Some(Stage::Approved.as_str()),
            }),
            Action {
                time_ms: now,
                actor: actor_name,
                action: "redraft",
                regulation: Some(regulation),
                revision: Some(revision),
                detail: "Sửa văn bản đã thông qua: bắt đầu dự thảo mới",
            },
        )
    }

    /// Submits the latest revision for approval. Every comment must have a decision.
    pub fn submit(&self, regulation: &str, actor: &str, now: i64) -> Result<u32> {
        let (person, stage) = self.permit(regulation, actor, Act::Submit)?;
        self.submit_needs(regulation)?;
        let head = self.archive.regulation(regulation)?.head;
        self.write(
            &[],
            Some(StatusChange {
                regulation,
                status: Stage::Submitted.as_str(),
                expected: Some(stage.as_str()),
            }),
            Action {
                time_ms: now,
                actor: &person.name,
                action: "submit",
                regulation: Some(regulation),
                revision: Some(head),
                detail: &format!("Trình thông qua phiên bản {head}"),
            },
        )?;
        Ok(head)
    }

    /// Sends a submitted draft back for revision. The reason is what the chairman
    /// revises by, and the workflow bar shows it: it is required.
    pub fn return_draft(
        &self,
        regulation: &str,
        actor: &str,
        reason: &str,
        now: i64,
    ) -> Result<()> {
        let (person, stage) = self.permit(regulation, actor, Act::Return)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ReviewError::BadInput(RETURN_NEEDS_A_REASON.into()));
        }
        self.write(
            &[],
            Some(StatusChange {
                regulation,
                status: Stage::Returned.as_str(),
                expected: Some(stage.as_str()),
            }),
            Action {
                time_ms: now,
                actor: &person.name,
                action: "return",
                regulation: Some(regulation),
                revision: None,
                detail: reason,
            },
        )
    }
}

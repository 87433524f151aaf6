//! Consultation and approval: people and roles, consultation rounds, comments anchored
//! to the text, the chairman's resolutions, submission, the Executive Committee's vote
//! and the seal.
//!
//! ```text
//! draft ──open round──▶ consultation ──close round──▶ revising ──submit──▶ submitted ──approve──▶ approved
//!   ▲                        ▲                           │  ▲                  │                     │
//!   │                        └─────open another round────┘  └──────return──────┘                     │
//!   └──────────────────────────── an edit of the approved text starts a new draft ───────────────────┘
//! ```
//!
//! The rules live here ([`rules::permit`], [`rules::approval_rule`]) and every action
//! checks them; the UI only mirrors them. Every action is one store transaction with
//! its entry in the hash-chained audit log. Time is passed in.

pub mod anchor;
pub mod exchange;
pub mod model;
pub mod rules;

use std::collections::{BTreeMap, HashMap};

use quyche_archive::{Archive, ArchiveError, StoreError};
use quyche_model::{Document, Kind, UnitId};
use quyche_store::{Action, RecordWrite, StatusChange};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use anchor::AnchorState;
pub use model::*;
pub use rules::{Act, Refusal};

const PEOPLE: &str = "people";
const ROUNDS: &str = "rounds";
const COMMENTS: &str = "comments";
const RESOLUTIONS: &str = "resolutions";
const APPROVALS: &str = "approvals";
pub(crate) const MIRRORS: &str = "mirrors";
const MIRROR_READ_ONLY: &str =
    "Đây là bản sao nhận từ gói lấy ý kiến: chỉ được góp ý, không được sửa văn bản.";
pub(crate) const BUNDLES_OUT: &str = "bundles_out";
pub(crate) const BUNDLES_IN: &str = "bundles_in";
const SETTINGS: &str = "settings";
const CURRENT_USER: &str = "current_user";

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The rules refuse the action (wrong role, wrong stage, failed approval rule).
    #[error("{0}")]
    Refused(String),
    /// The request itself is at fault (a quote not found, an unknown article…).
    #[error("{0}")]
    BadInput(String),
    #[error("không tìm thấy {0}")]
    NotFound(String),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
}

impl From<StoreError> for ReviewError {
    fn from(e: StoreError) -> ReviewError {
        ReviewError::Archive(ArchiveError::Store(e))
    }
}

impl From<Refusal> for ReviewError {
    fn from(r: Refusal) -> ReviewError {
        ReviewError::Refused(r.0)
    }
}

pub type Result<T> = std::result::Result<T, ReviewError>;

/// What a comment points at, as the CLI names it (by numbers on the round's revision)
/// or as the app names it (by stable id).
#[derive(Clone, Debug)]
pub enum Target {
    Numbered { article: u32, clause: Option<u32>, point: Option<String> },
    Unit(u32),
}

/// A comment with where it stands now.
#[derive(Clone, Debug, Serialize)]
pub struct CommentStatus {
    pub comment: Comment,
    pub author: Option<Person>,
    /// The anchor's state on the latest revision.
    pub anchor: AnchorState,
    pub resolution: Option<Resolution>,
    /// `khoản 2 Điều 5`, as numbered in the revision the comment was made on.
    pub provision: String,
    /// The article's label in the revision commented on, e.g. `Điều 5`.
    pub article_label: String,
}

/// The seal of an approved revision: the hex SHA-256 of its canonical text. One
/// definition, in the crate that owns the canonical text, so a sealed revision always
/// exports and verifies.
pub use quyche_text::canonical_hash as seal_hash;

/// Consultation and approval on top of an [`Archive`].
pub struct Review<'a> {
    pub(crate) archive: &'a Archive,
}

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

impl<'a> Review<'a> {
    pub fn new(archive: &'a Archive) -> Review<'a> {
        Review { archive }
    }

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

    // ---- people ----------------------------------------------------------------

    pub fn people(&self) -> Result<Vec<Person>> {
        let mut people: Vec<Person> = self.all(PEOPLE)?;
        people.sort_by_key(|p| (p.created_ms, p.id.clone()));
        Ok(people)
    }

    pub fn person(&self, id: &str) -> Result<Person> {
        match self.archive.store().record(PEOPLE, id)? {
            Some(r) => decode(&r),
            None => Err(ReviewError::Refused(format!("Không có người nào mang mã {id}."))),
        }
    }

    /// Adds a person. The first person may be added by anyone (someone has to be
    /// first); after that, only the chairman or the secretary adds people.
    pub fn add_person(
        &self,
        actor: Option<&str>,
        name: &str,
        role: Role,
        position: &str,
        now: i64,
    ) -> Result<Person> {
        let name = quyche_text::nfc(name.trim());
        if name.is_empty() {
            return Err(ReviewError::BadInput("Tên không được để trống.".into()));
        }
        let existing = self.people()?;
        let actor_name = match (actor, existing.is_empty()) {
            (_, true) => name.clone(),
            (Some(a), false) => {
                let p = self.person(a)?;
                if !matches!(p.role, Role::Chairman | Role::Secretary) {
                    rules::permit(&p, Act::AddPerson, Stage::Draft)?;
                }
                p.name
            }
            (None, false) => {
                return Err(ReviewError::Refused(
                    "Cần biết ai đang thêm người (--as MÃ_NGƯỜI): chỉ Chủ tịch hoặc Chánh Văn phòng được thêm.".into(),
                ))
            }
        };
        let id = short_id("p", &[&name, &now.to_string(), &existing.len().to_string()]);
        let position = match quyche_text::nfc(position.trim()) {
            p if p.is_empty() => role.label().to_string(),
            p => p,
        };
        let person =
            Person { id: id.clone(), name, position, role, created_ms: now, public_key: None };
        let body = encode(&person);
        self.write(
            &[RecordWrite { collection: PEOPLE, key: &id, body: &body, create_only: true }],
            None,
            Action {
                time_ms: now,
                actor: &actor_name,
                action: "person-add",
                regulation: None,
                revision: None,
                detail: &format!("{} ({})", person.name, person.role.label()),
            },
        )?;
        Ok(person)
    }

    /// Who uses this installation: the app acts as this person.
    pub fn current_user(&self) -> Result<Option<Person>> {
        match self.archive.store().record(SETTINGS, CURRENT_USER)? {
            None => Ok(None),
            Some(r) => {
                let id: String = decode(&r)?;
                Ok(self.person(&id).ok())
            }
        }
    }

    pub fn set_current_user(&self, id: &str, now: i64) -> Result<Person> {
        let person = self.person(id)?;
        let body = encode(&person.id);
        self.write(
            &[RecordWrite {
                collection: SETTINGS,
                key: CURRENT_USER,
                body: &body,
                create_only: false,
            }],
            None,
            Action {
                time_ms: now,
                actor: &person.name,
                action: "sign-in",
                regulation: None,
                revision: None,
                detail: &format!("{} ({})", person.name, person.role.label()),
            },
        )?;
        Ok(person)
    }

    // ---- stage and permissions ------------------------------------------------------

    pub fn stage(&self, regulation: &str) -> Result<Stage> {
        Ok(Stage::from_stored(&self.archive.regulation(regulation)?.status))
    }

    /// Checks that `actor` may take `act` on `regulation` now.
    pub fn permit(&self, regulation: &str, actor: &str, act: Act) -> Result<(Person, Stage)> {
        let person = self.person(actor)?;
        let stage = self.stage(regulation)?;
        rules::permit(&person, act, stage)?;
        Ok((person, stage))
    }

    /// For each action, whether `actor` may take it now, and if not, why: what the
    /// workflow bar shows.
    pub fn allowed(&self, regulation: &str, actor: &str) -> Result<Vec<(Act, Option<String>)>> {
        let person = self.person(actor)?;
        let stage = self.stage(regulation)?;
        let mirror = self.archive.store().record(MIRRORS, regulation)?.is_some();
        Ok(Act::ALL
            .iter()
            .map(|&act| {
                let reason = if mirror && act == Act::Edit {
                    Some(MIRROR_READ_ONLY.to_string())
                } else {
                    rules::permit(&person, act, stage).err().map(|r| r.0)
                };
                (act, reason)
            })
            .collect())
    }

    /// An edit is about to be saved: may `actor` edit, and what stage follows? Editing
    /// an approved text starts a new draft on top of it; the seal of the approved
    /// revision stays as it was and still verifies.
    pub fn before_edit(&self, regulation: &str, actor: Option<&str>) -> Result<Option<Stage>> {
        if self.archive.store().record(MIRRORS, regulation)?.is_some() {
            return Err(ReviewError::Refused(MIRROR_READ_ONLY.into()));
        }
        let stage = self.stage(regulation)?;
        match actor {
            Some(a) => {
                self.permit(regulation, a, Act::Edit)?;
            }
            // Without people (the foundation's single-user use) only the stage rules.
            None => {
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

    // ---- rounds ----------------------------------------------------------------

    pub fn rounds(&self, regulation: &str) -> Result<Vec<Round>> {
        let mut rounds: Vec<Round> =
            self.all::<Round>(ROUNDS)?.into_iter().filter(|r| r.regulation == regulation).collect();
        rounds.sort_by_key(|r| r.number);
        Ok(rounds)
    }

    pub fn open_round_of(&self, regulation: &str) -> Result<Option<Round>> {
        Ok(self.rounds(regulation)?.into_iter().rev().find(|r| r.closed_ms.is_none()))
    }

    /// Opens a round on the latest revision. `reviewers` defaults to everyone.
    pub fn open_round(
        &self,
        regulation: &str,
        actor: &str,
        deadline: Option<&str>,
        reviewers: Option<Vec<String>>,
        now: i64,
    ) -> Result<Round> {
        let (person, stage) = self.permit(regulation, actor, Act::OpenRound)?;
        if let Some(d) = deadline {
            if !is_date(d) {
                return Err(ReviewError::BadInput(format!(
                    "Hạn góp ý không hợp lệ: {d} (cần YYYY-MM-DD)."
                )));
            }
        }
        let reviewers = match reviewers {
            Some(r) => {
                for id in &r {
                    self.person(id)?;
                }
                r
            }
            None => self.people()?.into_iter().map(|p| p.id).collect(),
        };
        let head = self.archive.regulation(regulation)?.head;
        let number = self.rounds(regulation)?.len() as u32 + 1;
        let id = format!("{regulation}-{number}");
        let round = Round {
            id: id.clone(),
            regulation: regulation.to_string(),
            number,
            revision: head,
            deadline: deadline.map(str::to_string),
            reviewers,
            opened_by: person.id.clone(),
            opened_ms: now,
            closed_ms: None,
        };
        let body = encode(&round);
        self.write(
            &[RecordWrite { collection: ROUNDS, key: &id, body: &body, create_only: true }],
            Some(StatusChange {
                regulation,
                status: Stage::Consultation.as_str(),
                expected: Some(stage.as_str()),
            }),
            Action {
                time_ms: now,
                actor: &person.name,
                action: "round-open",
                regulation: Some(regulation),
                revision: Some(head),
                detail: &format!(
                    "Đợt lấy ý kiến {number}, hạn {}",
                    deadline.unwrap_or("không đặt")
                ),
            },
        )?;
        Ok(round)
    }

    pub fn close_round(&self, regulation: &str, actor: &str, now: i64) -> Result<Round> {
        let (person, stage) = self.permit(regulation, actor, Act::CloseRound)?;
        let mut round = self
            .open_round_of(regulation)?
            .ok_or_else(|| ReviewError::Refused("Không có đợt lấy ý kiến nào đang mở.".into()))?;
        round.closed_ms = Some(now);
        let body = encode(&round);
        self.write(
            &[RecordWrite { collection: ROUNDS, key: &round.id, body: &body, create_only: false }],
            Some(StatusChange {
                regulation,
                status: Stage::Revising.as_str(),
                expected: Some(stage.as_str()),
            }),
            Action {
                time_ms: now,
                actor: &person.name,
                action: "round-close",
                regulation: Some(regulation),
                revision: Some(round.revision),
                detail: &format!("Đợt lấy ý kiến {}", round.number),
            },
        )?;
        Ok(round)
    }

    // ---- comments ----------------------------------------------------------------

    /// Adds a comment on the open round's revision. The quote must be in the unit.
    #[allow(clippy::too_many_arguments)]
    pub fn add_comment(
        &self,
        regulation: &str,
        actor: &str,
        target: Target,
        quote: &str,
        near: Option<u32>,
        text: &str,
        proposal: Option<&str>,
        now: i64,
    ) -> Result<Comment> {
        let (person, _) = self.permit(regulation, actor, Act::Comment)?;
        let round = self
            .open_round_of(regulation)?
            .ok_or_else(|| ReviewError::Refused("Không có đợt lấy ý kiến nào đang mở.".into()))?;
        if !round.reviewers.contains(&person.id) && person.role != Role::Chairman {
            return Err(ReviewError::Refused(format!(
                "{} không có tên trong danh sách góp ý của đợt {}.",
                person.name, round.number
            )));
        }
        let text = quyche_text::nfc(text.trim());
        if text.is_empty() {
            return Err(ReviewError::BadInput("Nội dung góp ý không được để trống.".into()));
        }
        const MAX: usize = 20_000;
        if text.chars().count() > MAX || proposal.is_some_and(|p| p.chars().count() > MAX) {
            return Err(ReviewError::BadInput(format!("Góp ý dài quá {MAX} ký tự.")));
        }
        let doc = self.archive.load(regulation, Some(round.revision))?.document;
        let units = anchor::Units::of(&doc);
        let unit = resolve_target(&doc, &target)?;
        let numbering = doc.numbering();
        let provision = numbering.reference(unit).unwrap_or_default();
        let quote = quyche_text::nfc(quote);
        let anchor = anchor::anchor(&units, unit, &quote, near).ok_or_else(|| {
            ReviewError::BadInput(format!(
                "Không tìm thấy đoạn trích \u{201c}{}\u{201d} trong {provision}.",
                quote.trim()
            ))
        })?;
        let proposal = proposal.map(|p| quyche_text::nfc(p.trim())).filter(|p| !p.is_empty());
        let count = self.all::<Comment>(COMMENTS)?.len();
        let id =
            short_id("c", &[regulation, &person.id, &now.to_string(), &text, &count.to_string()]);
        let comment = Comment {
            id: id.clone(),
            regulation: regulation.to_string(),
            round: round.id.clone(),
            revision: round.revision,
            author: person.id.clone(),
            anchor,
            text,
            proposal,
            created_ms: now,
            seq: count as u32 + 1,
        };
        let body = encode(&comment);
        self.write(
            &[RecordWrite { collection: COMMENTS, key: &id, body: &body, create_only: true }],
            None,
            Action {
                time_ms: now,
                actor: &person.name,
                action: "comment",
                regulation: Some(regulation),
                revision: Some(round.revision),
                detail: &format!("{id} về {provision}"),
            },
        )?;
        Ok(comment)
    }

    pub fn comment(&self, id: &str) -> Result<Comment> {
        match self.archive.store().record(COMMENTS, id)? {
            Some(r) => decode(&r),
            None => Err(ReviewError::NotFound(format!("ý kiến {id}"))),
        }
    }

    /// Every comment on the regulation with its anchor state on the latest revision and
    /// its resolution, in the order they were made.
    pub fn comments(&self, regulation: &str) -> Result<Vec<CommentStatus>> {
        let mut comments: Vec<Comment> = self
            .all::<Comment>(COMMENTS)?
            .into_iter()
            .filter(|c| c.regulation == regulation)
            .collect();
        comments.sort_by_key(|c| (c.created_ms, c.seq));
        let resolutions: HashMap<String, Resolution> = self
            .all::<Resolution>(RESOLUTIONS)?
            .into_iter()
            .map(|r| (r.comment.clone(), r))
            .collect();
        let people: HashMap<String, Person> =
            self.people()?.into_iter().map(|p| (p.id.clone(), p)).collect();
        let head = self.archive.load(regulation, None)?.document;
        let head_units = anchor::Units::of(&head);
        // Numbers as they were in each revision commented on, computed once per revision.
        let mut numberings: BTreeMap<u32, quyche_model::Numbering> = BTreeMap::new();
        let mut out = Vec::with_capacity(comments.len());
        for c in comments {
            if let std::collections::btree_map::Entry::Vacant(slot) = numberings.entry(c.revision) {
                slot.insert(self.archive.load(regulation, Some(c.revision))?.document.numbering());
            }
            let numbering = &numberings[&c.revision];
            out.push(CommentStatus {
                anchor: anchor::state(&head_units, &c.anchor),
                resolution: resolutions.get(&c.id).cloned(),
                author: people.get(&c.author).cloned(),
                provision: numbering.reference(UnitId(c.anchor.unit)).unwrap_or_default(),
                article_label: numbering
                    .label(UnitId(c.anchor.article))
                    .map(|l| l.marker.clone())
                    .unwrap_or_default(),
                comment: c,
            });
        }
        Ok(out)
    }

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

    // ---- submission and approval ------------------------------------------------------

    /// Submits the latest revision for approval. Every comment must have a decision.
    pub fn submit(&self, regulation: &str, actor: &str, now: i64) -> Result<u32> {
        let (person, stage) = self.permit(regulation, actor, Act::Submit)?;
        let open: Vec<String> = self
            .comments(regulation)?
            .into_iter()
            .filter(|c| c.resolution.is_none())
            .map(|c| format!("{} ({})", c.comment.id, c.provision))
            .collect();
        if !open.is_empty() {
            return Err(ReviewError::Refused(format!(
                "Còn {} ý kiến chưa tiếp thu hoặc giải trình: {}.",
                open.len(),
                open.join(", ")
            )));
        }
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

    /// Sends a submitted draft back for revision.
    pub fn return_draft(
        &self,
        regulation: &str,
        actor: &str,
        reason: &str,
        now: i64,
    ) -> Result<()> {
        let (person, stage) = self.permit(regulation, actor, Act::Return)?;
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

    /// Records the Executive Committee's vote on the submitted revision and seals it.
    /// Refused, with the reason, unless more than half of all members voted for.
    pub fn approve(&self, regulation: &str, actor: &str, vote: Vote, now: i64) -> Result<Approval> {
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
        let approval = Approval {
            regulation: regulation.to_string(),
            revision: head.record.number,
            seal: seal_hash(&head.document),
            vote,
            recorded_by: person.id.clone(),
            recorded_ms: now,
        };
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
                    "Quyết định {}; {}/{} tán thành; niêm phong {}",
                    approval.vote.decision_no,
                    approval.vote.votes_for,
                    approval.vote.members,
                    approval.seal
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
        }
        Ok(problems)
    }
}

/// The unit a CLI-style target names, on a given revision.
pub fn resolve_target(doc: &Document, target: &Target) -> Result<UnitId> {
    match target {
        Target::Unit(id) => doc.find(UnitId(*id)).map(|u| u.id).ok_or_else(|| {
            ReviewError::BadInput(format!("Không có đơn vị mang mã {id} trong văn bản."))
        }),
        Target::Numbered { article, clause, point } => {
            let a = doc
                .articles()
                .nth((*article as usize).wrapping_sub(1))
                .filter(|_| *article > 0)
                .ok_or_else(|| ReviewError::BadInput(format!("Không có Điều {article}.")))?;
            let Some(k) = clause else {
                if point.is_some() {
                    return Err(ReviewError::BadInput("--point cần đi kèm --clause.".into()));
                }
                return Ok(a.id);
            };
            let c = a
                .children
                .iter()
                .filter(|u| u.kind == Kind::Clause)
                .nth((*k as usize).wrapping_sub(1))
                .filter(|_| *k > 0)
                .ok_or_else(|| {
                    ReviewError::BadInput(format!("Không có khoản {k} Điều {article}."))
                })?;
            let Some(letter) = point else { return Ok(c.id) };
            let letter = quyche_text::nfc(letter.trim());
            let p = c
                .children
                .iter()
                .filter(|u| u.kind == Kind::Point)
                .enumerate()
                .find(|(i, _)| quyche_model::point_letter(*i as u32 + 1) == letter)
                .map(|(_, u)| u)
                .ok_or_else(|| {
                    ReviewError::BadInput(format!(
                        "Không có điểm {letter} khoản {k} Điều {article}."
                    ))
                })?;
            Ok(p.id)
        }
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u32>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u32>(), Ok(1..=31))
}

//! The shapes that cross IPC. TypeScript types are generated from these (tauri-specta):
//! never write them twice. No u64/usize here: JavaScript numbers cannot hold them.

use quyche_archive::{RegulationRecord, RevisionRecord};
use quyche_model::{Document, Kind, Numbering, Unit};
use serde::Serialize;
use specta::Type;

use crate::time::iso8601;

/// Where a regulation stands in its workflow: the review layer's own enum.
pub use quyche_review::Stage as RegulationStatus;

#[derive(Debug, Clone, Serialize, Type)]
pub struct RegulationSummary {
    pub id: String,
    pub title: String,
    pub status: RegulationStatus,
    pub revisions: u32,
    /// ISO-8601 UTC.
    pub updated_at: String,
    pub updated_by: String,
    /// A read-only copy received in a review package, not a text drafted here.
    pub received_copy: bool,
    /// The removable sample the first start shows ("Bản mẫu").
    pub sample: bool,
}

impl RegulationSummary {
    pub(crate) fn new(
        reg: &RegulationRecord,
        head: &RevisionRecord,
        received_copy: bool,
    ) -> RegulationSummary {
        RegulationSummary {
            id: reg.id.clone(),
            title: reg.title.clone(),
            status: RegulationStatus::from_stored(&reg.status),
            revisions: reg.head,
            updated_at: iso8601(reg.updated_ms),
            updated_by: head.author.clone(),
            received_copy,
            sample: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct RevisionInfo {
    pub number: u32,
    /// The content hash: SHA-256 Merkle root of the revision's document, 64 hex digits.
    pub hash: String,
    /// ISO-8601 UTC.
    pub time: String,
    pub author: String,
    pub message: String,
    /// "Thông qua · QĐ 12/QĐ-LMHTX ngày 20/12/2026" when this revision is the approved,
    /// sealed one (filled where approvals are known: the history, the view).
    pub approval: Option<String>,
}

impl From<&RevisionRecord> for RevisionInfo {
    fn from(r: &RevisionRecord) -> RevisionInfo {
        RevisionInfo {
            number: r.number,
            hash: r.root.clone(),
            time: iso8601(r.time_ms),
            author: r.author.clone(),
            message: r.message.clone(),
            approval: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct HeaderView {
    pub issuing_body: Vec<String>,
    pub motto: Vec<String>,
    /// The number line as printed: `Số: 12/QĐ-LMHTX`.
    pub number: Option<String>,
    pub marks: Vec<String>,
    pub place_date: Option<String>,
    pub doc_type: Option<String>,
    pub title: Vec<String>,
}

/// What a unit is; the model's own enum, exported as `UnitKind`.
pub use quyche_model::Kind as UnitKind;

#[derive(Debug, Clone, Serialize, Type)]
pub struct UnitView {
    /// The stable id.
    pub id: u32,
    pub kind: UnitKind,
    /// The derived number as printed: `Chương I`, `Mục 1`, `Điều 5`, `1.`, `a)`, `-`.
    pub marker: String,
    /// How a comment or a cross-reference names the unit, up to its article:
    /// `điểm a khoản 2 Điều 5`, `khoản 3 Điều 17`, `Điều 17`, `Chương IV`
    /// (`Numbering::reference`, the one rule for it).
    pub reference: String,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub children: Vec<UnitView>,
    /// Articles only: the text the editor edits (title line, then the body).
    pub edit_text: Option<String>,
}

impl UnitView {
    fn new(unit: &Unit, numbering: &Numbering) -> UnitView {
        UnitView {
            id: unit.id.0,
            kind: unit.kind,
            marker: numbering.label(unit.id).map(|l| l.marker().to_string()).unwrap_or_default(),
            reference: numbering.reference(unit.id).unwrap_or_default(),
            title: unit.title.clone(),
            paragraphs: unit.paragraphs.clone(),
            children: unit.children.iter().map(|c| UnitView::new(c, numbering)).collect(),
            // No trailing newline: typing at the end of the text continues the last paragraph.
            edit_text: (unit.kind == Kind::Article)
                .then(|| quyche_text::render_article_body(unit).trim_end_matches('\n').to_string()),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct RegulationView {
    pub id: String,
    pub title: String,
    pub status: RegulationStatus,
    /// The revision shown.
    pub revision: RevisionInfo,
    /// The latest revision number; the view is read-only when `revision.number < head`.
    pub head: u32,
    pub header: HeaderView,
    pub preamble: Vec<String>,
    pub units: Vec<UnitView>,
    pub closing: Vec<String>,
    /// The viewed revision is the sealed one of an approval: its decision.
    pub sealed: Option<SealedView>,
    /// Show the "DỰ THẢO" box: the header carries a draft mark and the text is neither
    /// sealed nor approved.
    pub draft_mark: bool,
    /// When editing this text would start an amending draft of an approved one: the
    /// sentence to confirm before the editor opens.
    pub edit_warning: Option<String>,
}

/// The approval a sealed revision carries.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SealedView {
    /// `12/QĐ-LMHTX`.
    pub decision_no: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// "Thông qua · QĐ 12/QĐ-LMHTX ngày 20/12/2026".
    pub label: String,
}

/// A vote as the approval dialog records it (`record_vote`).
#[derive(Debug, Clone, serde::Deserialize, Type)]
pub struct VoteInput {
    pub form: ApprovalForm,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub members: u32,
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
    pub absent: u32,
    /// Required for an approval; may be empty for a failed vote.
    pub decision_no: String,
    /// `true`: the vote approved the text (sealed); `false`: it failed (returned).
    pub approved: bool,
}

impl RegulationView {
    pub(crate) fn new(
        reg: &RegulationRecord,
        rev: &RevisionRecord,
        doc: &Document,
    ) -> RegulationView {
        let numbering = doc.numbering();
        let h = &doc.header;
        RegulationView {
            id: reg.id.clone(),
            title: reg.title.clone(),
            status: RegulationStatus::from_stored(&reg.status),
            revision: rev.into(),
            head: reg.head,
            header: HeaderView {
                issuing_body: h.issuing_body.clone(),
                motto: h.motto.clone(),
                number: h.number.as_ref().map(|n| format!("{}: {}", n.label, n.value)),
                marks: h.marks.clone(),
                place_date: h.place_date.clone(),
                doc_type: h.doc_type.clone(),
                title: h.title.clone(),
            },
            preamble: doc.preamble.clone(),
            units: doc.body.iter().map(|u| UnitView::new(u, &numbering)).collect(),
            closing: doc.closing.clone(),
            // Filled by `Quyche::open_regulation`, which knows the approvals.
            sealed: None,
            draft_mark: h.marks.iter().any(|m| quyche_review::promulgation::is_draft_mark(m)),
            edit_warning: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct DiagnosticView {
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct ImportResult {
    pub regulation_id: String,
    pub revision: RevisionInfo,
    pub title: String,
    pub diagnostics: Vec<DiagnosticView>,
    /// "Tệp được lưu bằng mã Windows-1258 (ANSI); đã chuyển sang Unicode." when the file
    /// was not UTF-8; `None` when it was.
    pub encoding_note: Option<String>,
}

/// Counts printed by `quyche stats`.
#[derive(Debug, Clone, Serialize)]
pub struct StatsView {
    pub parts: u32,
    pub chapters: u32,
    pub sections: u32,
    pub articles: u32,
    pub clauses: u32,
    pub points: u32,
    pub sub_points: u32,
    pub diagnostics: Vec<DiagnosticView>,
}

/// Which way articles were paired: by stable id (two revisions of one regulation) or by
/// content (a revision against an independently written text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RedlineAlignment {
    ById,
    ByContent,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct RedlineSide {
    /// `Phiên bản 2`, or the file name.
    pub label: String,
    pub revision: Option<u32>,
    pub hash: Option<String>,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct RedlineSummary {
    pub unchanged: u32,
    pub modified: u32,
    pub added: u32,
    pub removed: u32,
    pub moved: u32,
    pub renumbered: u32,
    /// Reference numbers written again only because their targets were renumbered
    /// (spans marked `consequential`): not edits, counted apart.
    pub consequential: u32,
    pub chapters_changed: u32,
    pub sections_changed: u32,
}

pub use quyche_diff::{Op as DiffOp, Span as DiffSpan, Status as ArticleStatus};

#[derive(Debug, Clone, Serialize, Type)]
pub struct ArticleRedline {
    /// Unique within the redline: `old id:new id`.
    pub key: String,
    pub status: ArticleStatus,
    pub old_label: Option<String>,
    pub new_label: Option<String>,
    pub old_title: Option<String>,
    pub new_title: Option<String>,
    pub old_chapter: Option<String>,
    pub new_chapter: Option<String>,
    pub moved: bool,
    pub renumbered: bool,
    /// Equal + delete texts rebuild the old article text, equal + insert the new one.
    pub ops: Vec<DiffSpan>,
    /// The diff hit its time limit and is shown coarser.
    pub coarse: bool,
    /// Created by a split: the old label of the article it was part of (“Tách từ Điều 7”).
    pub split_from: Option<String>,
    /// Absorbed by a merge: the new label of the article it went into (“Nhập vào Điều 9”).
    pub merged_into: Option<String>,
    /// What the window shows for either: “Tách từ Điều 7”, “Nhập vào Điều 9”.
    pub lineage_note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct RedlineView {
    pub old_side: RedlineSide,
    pub new_side: RedlineSide,
    pub summary: RedlineSummary,
    pub articles: Vec<ArticleRedline>,
    pub coarse: bool,
    pub alignment: RedlineAlignment,
}

impl RedlineView {
    pub(crate) fn new(
        r: quyche_diff::Redline,
        old_side: RedlineSide,
        new_side: RedlineSide,
        alignment: RedlineAlignment,
    ) -> RedlineView {
        let s = &r.summary;
        let heading_changes =
            |h: &quyche_diff::HeadingSummary| h.added + h.removed + h.retitled + h.renumbered;
        let summary = RedlineSummary {
            unchanged: s.unchanged,
            modified: s.modified,
            added: s.added,
            removed: s.removed,
            moved: s.moved,
            renumbered: s.renumbered,
            consequential: s.consequential,
            chapters_changed: heading_changes(&s.chapters),
            sections_changed: heading_changes(&s.sections),
        };
        let coarse = r.articles.iter().any(|a| a.coarse);
        let articles = r
            .articles
            .into_iter()
            .map(|a| ArticleRedline {
                lineage_note: quyche_diff::lineage_note(&a),
                key: format!(
                    "{}:{}",
                    a.old_id.map(|i| i.to_string()).unwrap_or_default(),
                    a.new_id.map(|i| i.to_string()).unwrap_or_default()
                ),
                status: a.status,
                old_label: a.old,
                new_label: a.new,
                old_title: a.old_title,
                new_title: a.new_title,
                old_chapter: a.old_chapter,
                new_chapter: a.new_chapter,
                moved: a.moved,
                renumbered: a.renumbered,
                ops: a.ops,
                coarse: a.coarse,
                split_from: a.split_from,
                merged_into: a.merged_into,
            })
            .collect();
        RedlineView { old_side, new_side, summary, articles, coarse, alignment }
    }
}

// ---- review and approval -------------------------------------------------------------

pub use quyche_review::{AnchorState, ApprovalForm, Decision, Role, Stage};

#[derive(Debug, Clone, Serialize, Type)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub position: String,
    pub role: Role,
    /// The person's identity card is on file: their bundles can be checked.
    pub has_key: bool,
}

impl From<&quyche_review::Person> for PersonView {
    fn from(p: &quyche_review::Person) -> PersonView {
        PersonView {
            id: p.id.clone(),
            name: p.name.clone(),
            position: p.position.clone(),
            role: p.role,
            has_key: p.public_key.is_some(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct RoundView {
    pub id: String,
    pub number: u32,
    pub revision: u32,
    pub deadline: Option<String>,
    pub reviewers: Vec<PersonView>,
    pub open: bool,
    pub opened_at: String,
}

/// One action of the workflow bar: allowed now, or why not.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ActionView {
    /// `add_person`, `open_round`, `close_round`, `comment`, `resolve`, `submit`,
    /// `return`, `approve`, `edit`, `export`, `report`, and the offline exchange's
    /// `package` (send the round's review package), `bundle` (send my unsent comments
    /// back) and `import_bundle` (take in the bundles sent back).
    pub action: String,
    /// The action can be taken now: `reason` is null.
    pub allowed: bool,
    /// The rules give this action to this person at this stage on this copy of the text,
    /// even when something it needs is missing (`reason` says what): a button worth
    /// showing, disabled with the reason, rather than hiding.
    pub permitted: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct ApprovalView {
    pub revision: u32,
    pub form: ApprovalForm,
    pub date: String,
    pub members: u32,
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
    pub decision_no: String,
    pub recorded_by: String,
    /// SHA-256 of the approved revision's canonical text.
    pub seal: String,
    /// The stored text still hashes to the seal.
    pub seal_intact: bool,
    /// The seal's signature checked against the stored record: `missing` on approvals
    /// recorded before seals were signed ("niêm phong chưa ký").
    pub signature: SignatureState,
    /// Who signed the seal: the card of the installation that recorded the approval.
    pub signer: Option<SignerView>,
}

/// A seal's signature, as `verify` and the approvals report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SignatureState {
    /// Made by the key on the carried card, over exactly the seal's facts.
    Valid,
    /// Present but not over these facts, or not by the carried card's key.
    Invalid,
    /// An unsigned seal ("niêm phong chưa ký").
    Missing,
}

impl SignatureState {
    pub(crate) fn of(check: &quyche_export::SignatureCheck) -> SignatureState {
        match check {
            quyche_export::SignatureCheck::Valid => SignatureState::Valid,
            quyche_export::SignatureCheck::Invalid(_) => SignatureState::Invalid,
            quyche_export::SignatureCheck::Missing => SignatureState::Missing,
        }
    }

    /// `valid`, `invalid`, `missing`: the words of `verify --format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureState::Valid => "valid",
            SignatureState::Invalid => "invalid",
            SignatureState::Missing => "missing",
        }
    }
}

/// The signer of a seal, from the identity card it carries.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SignerView {
    pub name: String,
    pub position: String,
    /// `1A2B 3C4D …`: what two people read to each other to compare keys.
    pub fingerprint: String,
}

impl From<&quyche_exchange::IdentityCard> for SignerView {
    fn from(c: &quyche_exchange::IdentityCard) -> SignerView {
        SignerView {
            name: c.name.clone(),
            position: c.position.clone(),
            fingerprint: c.fingerprint.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct WorkflowView {
    pub stage: Stage,
    pub stage_label: String,
    /// A read-only copy received in a review package (stored, so it outlives a restart):
    /// comment on it and send the comments back; the text is the chairman's.
    pub received_copy: bool,
    /// Who acts: on a received copy, the owner's entry in that copy's roster.
    pub user: Option<PersonView>,
    /// The id of this installation's person the answers were asked for (the current user,
    /// or the one named). On a received copy it differs from `user.id`, which is the
    /// copy roster's; the window compares this one with its current user.
    pub asked_for: Option<String>,
    pub actions: Vec<ActionView>,
    pub round: Option<RoundView>,
    pub rounds: u32,
    pub approvals: Vec<ApprovalView>,
    pub unresolved: u32,
    /// On a received copy: from whom, the deadline and what to do (the lasting banner).
    pub received: Option<crate::ReceivedCopyView>,
    /// Dự thảo → Lấy ý kiến → Tiếp thu, giải trình → Trình → Thông qua, each done,
    /// current or to do: the domain's stepper.
    pub steps: Vec<quyche_review::Step>,
    /// One sentence for the person asking, and where its "→ Xem" leads; `None` before
    /// anyone is chosen.
    pub next: Option<quyche_review::Next>,
    /// The ids of the comments without a decision, for the link to them (never shown).
    pub unresolved_comments: Vec<String>,
    /// On a returned draft: who returned it, when and why.
    pub returned: Option<ReturnedView>,
}

/// Who returned a draft, when and why (the latest return).
#[derive(Debug, Clone, Serialize, Type)]
pub struct ReturnedView {
    pub by_name: String,
    pub by_position: String,
    /// ISO 8601, like every time the window shows.
    pub at: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct CommentView {
    pub id: String,
    pub author: String,
    pub author_name: String,
    pub author_position: String,
    /// The revision the comment was made on.
    pub revision: u32,
    pub round: String,
    pub unit_id: u32,
    pub article_id: u32,
    /// `Điều 5`, as numbered in the revision commented on.
    pub article: String,
    /// `khoản 2 Điều 5`.
    pub provision: String,
    pub quote: String,
    pub position: u32,
    pub text: String,
    pub proposal: Option<String>,
    pub anchor: AnchorState,
    pub decision: Option<Decision>,
    pub decision_label: Option<String>,
    pub reason: Option<String>,
    pub created_at: String,
    /// Came in a bundle the chairman accepted as late ("nộp muộn").
    pub late: bool,
    /// Whether it has left this machine: `unsent` on a received copy until a bundle
    /// carrying it was written, then `sent`; `recorded` in the chairman's database.
    pub sent: quyche_review::SentState,
    /// "Chưa gửi", "Đã gửi ngày 05/12/2026", "Đã ghi nhận": the badge, from the domain.
    pub sent_label: String,
    /// When the bundle carrying it was written, for `sent`.
    pub sent_at: Option<String>,
    /// The current user may edit or delete it now.
    pub can_change: bool,
    /// Why not (not the author, already sent, resolved, round closed).
    pub change_refusal: Option<String>,
}

impl CommentView {
    pub(crate) fn new(c: &quyche_review::CommentStatus) -> CommentView {
        let r = c.resolution.as_ref();
        CommentView {
            id: c.comment.id.clone(),
            author: c.comment.author.clone(),
            author_name: c
                .author
                .as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_else(|| c.comment.author.clone()),
            author_position: c.author.as_ref().map(|p| p.position.clone()).unwrap_or_default(),
            revision: c.comment.revision,
            round: c.comment.round.clone(),
            unit_id: c.comment.anchor.unit,
            article_id: c.comment.anchor.article,
            article: c.article_label.clone(),
            provision: c.provision.clone(),
            quote: c.comment.anchor.quote.exact.clone(),
            position: c.comment.anchor.position,
            text: c.comment.text.clone(),
            proposal: c.comment.proposal.clone(),
            anchor: c.anchor,
            decision: r.map(|r| r.decision),
            decision_label: r.map(|r| r.decision.label().to_string()),
            reason: r.map(|r| r.reason.clone()),
            created_at: iso8601(c.comment.created_ms),
            late: c.comment.late,
            sent: c.sent,
            sent_label: c.sent.label(
                c.sent_ms
                    .and_then(|ms| quyche_review::promulgation::short_date(&iso8601(ms)[..10]))
                    .as_deref(),
            ),
            sent_at: c.sent_ms.map(iso8601),
            can_change: c.change_refusal.is_none(),
            change_refusal: c.change_refusal.clone(),
        }
    }
}

/// What became of a comment: the commented text → the current text, and the proposed
/// wording → the current text.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CommentRedline {
    pub comment_id: String,
    pub anchor: AnchorState,
    pub from_revision: u32,
    pub to_revision: u32,
    /// Empty when the unit was removed (`outdated`).
    pub commented: Vec<DiffSpan>,
    pub proposal: Option<Vec<DiffSpan>>,
    /// The proposal went in word for word.
    pub proposal_adopted: bool,
}

/// Which kind of Word item a comment came from: the review layer's own enum.
pub use quyche_review::WordItemKind;

/// What importing a member's Word review did (`Quyche::import_word_review_file`).
#[derive(Debug, Clone, Serialize, Type)]
pub struct WordReviewImport {
    /// The file's name.
    pub file: String,
    /// Comments added by this import.
    pub added: u32,
    /// Items imported before, from an earlier return of the same file.
    pub already: u32,
    /// Not anchored (or not imported) first, then in document order.
    pub items: Vec<WordReviewItem>,
}

/// One Word comment or tracked change, and what became of it.
#[derive(Debug, Clone, Serialize, Type)]
pub struct WordReviewItem {
    pub anchored: bool,
    pub kind: WordItemKind,
    /// The author as written in Word.
    pub word_author: String,
    /// The roster person's name it was recorded under.
    pub person: Option<String>,
    /// "khoản 2 Điều 5", numbered in the round's revision.
    pub provision: Option<String>,
    pub quote: String,
    /// The comment's words; for a change, a short description ("Đề nghị sửa …").
    pub text: String,
    pub proposal: Option<String>,
    /// Why it was not anchored, or not imported.
    pub reason: Option<String>,
    /// The stored comment, when added or already there.
    pub comment_id: Option<String>,
    /// Added by this import (false: it was already there, or not imported).
    pub new: bool,
}

impl WordReviewImport {
    pub(crate) fn new(file: &str, done: quyche_review::WordImport) -> WordReviewImport {
        WordReviewImport {
            file: file.to_string(),
            added: done.added,
            already: done.already,
            items: done
                .items
                .into_iter()
                .map(|i| WordReviewItem {
                    anchored: i.anchored,
                    kind: i.kind,
                    word_author: i.word_author,
                    person: i.person,
                    provision: i.provision,
                    quote: i.quote,
                    text: i.text,
                    proposal: i.proposal,
                    reason: i.reason,
                    comment_id: i.comment_id,
                    new: i.new,
                })
                .collect(),
        }
    }
}

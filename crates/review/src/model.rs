//! The records of a consultation, as stored. Field order is the serialisation order,
//! which the store hashes: add fields at the end, never rename.

use serde::{Deserialize, Serialize};

/// What a person may do. The rules are in [`crate::rules`], enforced here, never only
/// in a UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Chủ tịch: opens and closes rounds, resolves comments, submits, records the approval.
    Chairman,
    /// Ủy viên: comments.
    Member,
    /// Chánh Văn phòng: what the chairman delegates — recording the approval, exporting,
    /// the response report.
    Secretary,
}

impl Role {
    /// Every variant, in the order the UI lists them.
    pub const ALL: [Role; 3] = [Role::Chairman, Role::Member, Role::Secretary];

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "chairman" => Some(Role::Chairman),
            "member" => Some(Role::Member),
            "secretary" => Some(Role::Secretary),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Chairman => "Chủ tịch",
            Role::Member => "Ủy viên",
            Role::Secretary => "Chánh Văn phòng",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// "Ủy viên Ban Thường vụ", "Phó Chủ tịch"…
    pub position: String,
    pub role: Role,
    pub created_ms: i64,
    /// The minisign public key line from the person's identity card, when they have
    /// one: what their comment bundles must be signed with.
    #[serde(default)]
    pub public_key: Option<String>,
}

/// Where a regulation stands. Stored as the regulation's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), serde(rename = "RegulationStatus"))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Dự thảo: the Standing Office drafts.
    Draft,
    /// Đang lấy ý kiến: a round is open; members comment on its revision.
    Consultation,
    /// Đang tiếp thu, chỉnh lý: the chairman revises and resolves.
    Revising,
    /// Đã trình: waiting for the Executive Committee's vote; the text is frozen.
    Submitted,
    /// Đã thông qua: sealed.
    Approved,
    /// Bị trả lại: back to revising.
    Returned,
}

impl Stage {
    /// Every variant, in the order the UI lists them.
    pub const ALL: [Stage; 6] = [
        Stage::Draft,
        Stage::Consultation,
        Stage::Revising,
        Stage::Submitted,
        Stage::Approved,
        Stage::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Consultation => "consultation",
            Stage::Revising => "revising",
            Stage::Submitted => "submitted",
            Stage::Approved => "approved",
            Stage::Returned => "returned",
        }
    }

    /// Unknown stored values read as draft: the most permissive reading would be
    /// wrong, the most restrictive one would lock users out of their own text.
    pub fn from_stored(s: &str) -> Stage {
        match s {
            "consultation" => Stage::Consultation,
            "revising" => Stage::Revising,
            "submitted" => Stage::Submitted,
            "approved" => Stage::Approved,
            "returned" => Stage::Returned,
            _ => Stage::Draft,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Draft => "Dự thảo",
            Stage::Consultation => "Đang lấy ý kiến",
            Stage::Revising => "Đang tiếp thu, chỉnh lý",
            Stage::Submitted => "Đã trình thông qua",
            Stage::Approved => "Đã thông qua",
            Stage::Returned => "Bị trả lại",
        }
    }
}

/// A consultation round (đợt lấy ý kiến), opened on one revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub id: String,
    pub regulation: String,
    /// 1, 2, 3… per regulation.
    pub number: u32,
    /// The revision under review.
    pub revision: u32,
    /// `YYYY-MM-DD`.
    pub deadline: Option<String>,
    /// Person ids.
    pub reviewers: Vec<String>,
    pub opened_by: String,
    pub opened_ms: i64,
    pub closed_ms: Option<i64>,
}

/// The quoted text a comment is anchored to, as in the W3C text-quote selector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// Where a comment points: a unit by stable id, a quote inside its text, and the
/// quote's character position there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub unit: u32,
    /// The article containing the unit (the unit itself for an article).
    pub article: u32,
    pub quote: Quote,
    /// Character offset of `quote.exact` in the unit's text at the comment's revision.
    pub position: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: String,
    pub regulation: String,
    pub round: String,
    /// The revision the comment was made on.
    pub revision: u32,
    /// Person id.
    pub author: String,
    pub anchor: Anchor,
    pub text: String,
    /// Proposed wording for the quoted text.
    pub proposal: Option<String>,
    pub created_ms: i64,
    /// The order comments were recorded in this database: ties in time never
    /// reorder them.
    pub seq: u32,
    /// Came in a bundle the chairman accepted after its round closed or the text was
    /// approved ("nộp muộn"). Absent (false) from every other comment, so their records
    /// are as before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub late: bool,
}

/// The chairman's decision on a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Tiếp thu.
    Accepted,
    /// Tiếp thu một phần.
    Partly,
    /// Giải trình: the text is kept, with a reason.
    Explained,
    /// Không tiếp thu.
    Rejected,
}

impl Decision {
    /// Every variant, in the order the UI lists them.
    pub const ALL: [Decision; 4] =
        [Decision::Accepted, Decision::Partly, Decision::Explained, Decision::Rejected];

    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "accepted" => Some(Decision::Accepted),
            "partly" => Some(Decision::Partly),
            "explained" => Some(Decision::Explained),
            "rejected" => Some(Decision::Rejected),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accepted => "accepted",
            Decision::Partly => "partly",
            Decision::Explained => "explained",
            Decision::Rejected => "rejected",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Accepted => "Tiếp thu",
            Decision::Partly => "Tiếp thu một phần",
            Decision::Explained => "Giải trình",
            Decision::Rejected => "Không tiếp thu",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub comment: String,
    pub decision: Decision,
    pub reason: String,
    /// Person id.
    pub by: String,
    pub time_ms: i64,
    /// The revision that implements it, and the units it touched, when given.
    pub revision: Option<u32>,
    pub units: Vec<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ApprovalForm {
    /// Biểu quyết tại hội nghị.
    Meeting,
    /// Lấy ý kiến bằng văn bản.
    Written,
}

impl ApprovalForm {
    /// Every variant, in the order the UI lists them.
    pub const ALL: [ApprovalForm; 2] = [ApprovalForm::Meeting, ApprovalForm::Written];

    pub fn parse(s: &str) -> Option<ApprovalForm> {
        match s {
            "meeting" => Some(ApprovalForm::Meeting),
            "written" => Some(ApprovalForm::Written),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ApprovalForm::Meeting => "Biểu quyết tại hội nghị",
            ApprovalForm::Written => "Lấy ý kiến bằng văn bản",
        }
    }
}

/// The vote, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    pub form: ApprovalForm,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// All members of the Executive Committee, present or not.
    pub members: u32,
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
    /// `12/QĐ-LMHTX`.
    pub decision_no: String,
    /// Members who were absent (or did not return a written ballot). Absent from records
    /// made before it was counted, which read as 0 and are written back unchanged.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub absent: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A vote that did not approve the submitted revision. Kept apart from the approvals: an
/// [`Approval`] always means approved and sealed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedVote {
    pub regulation: String,
    /// The submitted revision the vote was on.
    pub revision: u32,
    /// The decision number may be empty: a failed vote issues no decision.
    pub vote: Vote,
    /// Person id.
    pub recorded_by: String,
    pub recorded_ms: i64,
    /// "Biểu quyết không đạt: 10/27 tán thành, …": the reason the draft went back.
    pub reason: String,
}

/// The approval of one revision and its seal: SHA-256 over the canonical text, signed by
/// the installation that recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub regulation: String,
    pub revision: u32,
    pub vote: Vote,
    /// Person id.
    pub recorded_by: String,
    pub recorded_ms: i64,
    /// Hex SHA-256 of the approved revision's canonical text.
    pub seal: String,
    /// The approving body the signature covers: the text's issuing body at approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// The recording installation's signature over [`Approval::statement`], with its
    /// card. `None` on approvals recorded before seals were signed ("niêm phong chưa
    /// ký"): they load as they are and are never signed afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<quyche_exchange::SealSignature>,
}

impl Approval {
    /// The facts the seal's signature covers, in the one layout `quyche-exchange` defines.
    pub fn statement(&self) -> quyche_exchange::SealStatement {
        quyche_exchange::SealStatement {
            regulation_id: self.regulation.clone(),
            revision: self.revision,
            text_hash: self.seal.to_ascii_lowercase(),
            decision_no: self.vote.decision_no.clone(),
            approved_on: self.vote.date.clone(),
            vote: self.vote.counts(),
            approved_by: self.approved_by.clone(),
        }
    }
}

impl Vote {
    /// The counts a seal's signature covers (the form is not: the decision records it).
    pub fn counts(&self) -> quyche_exchange::SealVote {
        quyche_exchange::SealVote {
            members: self.members,
            votes_for: self.votes_for,
            against: self.against,
            abstain: self.abstain,
        }
    }
}

//! Who may do what, and when. Every action goes through [`permit`]; the UI only
//! mirrors these answers (to hide or disable buttons), it never decides.

use crate::model::{Person, Role, Stage, Vote};

/// An action a person asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Act {
    AddPerson,
    OpenRound,
    CloseRound,
    Comment,
    Resolve,
    Submit,
    Return,
    Approve,
    Edit,
    Export,
    Report,
}

impl Act {
    pub const ALL: [Act; 11] = [
        Act::AddPerson,
        Act::OpenRound,
        Act::CloseRound,
        Act::Comment,
        Act::Resolve,
        Act::Submit,
        Act::Return,
        Act::Approve,
        Act::Edit,
        Act::Export,
        Act::Report,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Act::AddPerson => "add_person",
            Act::OpenRound => "open_round",
            Act::CloseRound => "close_round",
            Act::Comment => "comment",
            Act::Resolve => "resolve",
            Act::Submit => "submit",
            Act::Return => "return",
            Act::Approve => "approve",
            Act::Edit => "edit",
            Act::Export => "export",
            Act::Report => "report",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Act::AddPerson => "thêm người",
            Act::OpenRound => "mở đợt lấy ý kiến",
            Act::CloseRound => "đóng đợt lấy ý kiến",
            Act::Comment => "góp ý",
            Act::Resolve => "tiếp thu, giải trình ý kiến",
            Act::Submit => "trình thông qua",
            Act::Return => "trả lại dự thảo",
            Act::Approve => "ghi nhận thông qua",
            Act::Edit => "sửa văn bản",
            Act::Export => "xuất văn bản",
            Act::Report => "lập bảng tổng hợp",
        }
    }

    /// The roles allowed to take this action at all.
    fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Act::Comment => &[Chairman, Member, Secretary],
            Act::OpenRound | Act::CloseRound | Act::Resolve | Act::Submit => &[Chairman],
            // The secretary records what the committee decided and keeps the record.
            Act::AddPerson | Act::Return | Act::Approve | Act::Export | Act::Report => {
                &[Chairman, Secretary]
            }
            // The Standing Office drafts: the chairman and the Chief of Office edit text.
            Act::Edit => &[Chairman, Secretary],
        }
    }

    /// The stages in which this action makes sense.
    fn stages(self) -> &'static [Stage] {
        use Stage::*;
        match self {
            Act::AddPerson | Act::Report => {
                &[Draft, Consultation, Revising, Submitted, Approved, Returned]
            }
            Act::OpenRound => &[Draft, Revising, Returned],
            Act::CloseRound | Act::Comment => &[Consultation],
            Act::Resolve => &[Consultation, Revising, Returned],
            Act::Submit => &[Draft, Revising, Returned],
            Act::Return | Act::Approve => &[Submitted],
            // Editing an approved text starts a new draft on top of it.
            Act::Edit => &[Draft, Revising, Returned, Approved],
            Act::Export => &[Draft, Consultation, Revising, Submitted, Approved, Returned],
        }
    }
}

/// Why an action was refused: one Vietnamese sentence, shown as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

/// May `person` take `act` while the regulation is at `stage`?
pub fn permit(person: &Person, act: Act, stage: Stage) -> Result<(), Refusal> {
    if !act.roles().contains(&person.role) {
        let allowed: Vec<&str> = act.roles().iter().map(|r| r.label()).collect();
        return Err(Refusal(format!(
            "{} ({}) không có quyền {}; chỉ {} được làm việc này.",
            person.name,
            person.role.label(),
            act.label(),
            allowed.join(", ")
        )));
    }
    if !act.stages().contains(&stage) {
        return Err(Refusal(format!(
            "Không thể {} khi văn bản đang ở trạng thái \u{201c}{}\u{201d}.",
            act.label(),
            stage.label()
        )));
    }
    Ok(())
}

/// The approval rule: more than half of ALL members vote for.
pub fn approval_rule(vote: &Vote) -> Result<(), Refusal> {
    let cast = vote.votes_for as u64 + vote.against as u64 + vote.abstain as u64;
    if vote.members == 0 {
        return Err(Refusal("Tổng số ủy viên phải lớn hơn 0.".into()));
    }
    if cast > vote.members as u64 {
        return Err(Refusal(format!(
            "Số phiếu ({cast}) nhiều hơn tổng số ủy viên ({}).",
            vote.members
        )));
    }
    if (vote.votes_for as u64) * 2 <= vote.members as u64 {
        return Err(Refusal(format!(
            "Chưa được thông qua: {} trên {} ủy viên tán thành, chưa quá một nửa tổng số ủy viên (cần ít nhất {}).",
            vote.votes_for,
            vote.members,
            vote.members / 2 + 1
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ApprovalForm, Role};

    fn person(role: Role) -> Person {
        Person {
            id: "p".into(),
            name: "Người thử".into(),
            position: String::new(),
            role,
            created_ms: 0,
            public_key: None,
        }
    }

    #[test]
    fn a_member_comments_but_cannot_resolve_submit_or_approve() {
        let m = person(Role::Member);
        assert!(permit(&m, Act::Comment, Stage::Consultation).is_ok());
        for act in [Act::Resolve, Act::Submit, Act::Approve, Act::OpenRound, Act::Edit] {
            let stage = if act == Act::Approve { Stage::Submitted } else { Stage::Revising };
            let err = permit(&m, act, stage).unwrap_err();
            assert!(err.0.contains("không có quyền"), "{act:?}: {}", err.0);
        }
    }

    #[test]
    fn the_secretary_records_the_approval_and_exports_but_does_not_resolve() {
        let s = person(Role::Secretary);
        assert!(permit(&s, Act::Approve, Stage::Submitted).is_ok());
        assert!(permit(&s, Act::Export, Stage::Approved).is_ok());
        assert!(permit(&s, Act::Resolve, Stage::Revising).is_err());
    }

    #[test]
    fn stages_gate_actions() {
        let c = person(Role::Chairman);
        assert!(permit(&c, Act::Edit, Stage::Submitted).unwrap_err().0.contains("Đã trình"));
        assert!(permit(&c, Act::Edit, Stage::Consultation).is_err());
        assert!(permit(&c, Act::Edit, Stage::Approved).is_ok());
        assert!(permit(&c, Act::Approve, Stage::Revising).is_err());
        assert!(permit(&c, Act::Comment, Stage::Draft).is_err());
    }

    #[test]
    fn more_than_half_of_all_members_must_vote_for() {
        let vote = |members, f, a, ab| Vote {
            form: ApprovalForm::Meeting,
            date: "2026-11-28".into(),
            members,
            votes_for: f,
            against: a,
            abstain: ab,
            decision_no: "12/QĐ-LMHTX".into(),
        };
        let cases = [
            (27, 14, 0, 0, true),
            (27, 13, 0, 0, false),
            (26, 13, 0, 0, false),
            (26, 14, 12, 0, true),
            (10, 6, 3, 2, false), // more votes than members
            (0, 0, 0, 0, false),
        ];
        for (m, f, a, ab, ok) in cases {
            assert_eq!(approval_rule(&vote(m, f, a, ab)).is_ok(), ok, "{m} {f} {a} {ab}");
        }
    }
}

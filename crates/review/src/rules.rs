//! Who may do what, when, and on which copy of the text. Every action goes through
//! [`permit`], the offline exchange's included; the UI only shows these answers (to
//! disable or hide buttons, with the reason), it never decides.
//!
//! The table has three dimensions: the person's role (`Act::roles`), the regulation's
//! stage (`Act::stages`) and where the text comes from ([`Origin`]): drafted in this
//! database, or a read-only copy received in a review package.

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
    /// Sends the open round's review package out (the chairman's machine).
    Package,
    /// Sends my unsent comments back as a signed bundle (a reviewer's machine).
    Bundle,
    /// Takes in the comment bundles reviewers sent back (the chairman's machine).
    ImportBundle,
    /// Opens a review package received from the chairman (a reviewer's machine).
    OpenPackage,
}

/// Where a regulation's text in this database comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Drafted here: the chairman's database.
    Drafted,
    /// Received in a review package: a read-only copy to comment on.
    Received,
}

/// Why the text of a received copy is not edited: it is the chairman's, and the next
/// package replaces it.
pub const RECEIVED_COPY_READ_ONLY: &str =
    "Đây là bản sao nhận từ gói lấy ý kiến: chỉ được góp ý, không được sửa văn bản.";

impl Act {
    pub const ALL: [Act; 15] = [
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
        Act::Package,
        Act::Bundle,
        Act::ImportBundle,
        Act::OpenPackage,
    ];

    /// The actions taken on an open regulation: what the workflow bar answers for.
    /// Opening a package is not one of them: it makes the regulation.
    pub const ON_A_REGULATION: [Act; 14] = [
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
        Act::Package,
        Act::Bundle,
        Act::ImportBundle,
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
            Act::Package => "package",
            Act::Bundle => "bundle",
            Act::ImportBundle => "import_bundle",
            Act::OpenPackage => "open_package",
        }
    }

    /// The phrase that follows "không có quyền" or "Không thể".
    /// The phrase that follows "Đang …" or "không có quyền …": `đóng đợt lấy ý kiến`.
    pub fn label(self) -> &'static str {
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
            Act::Package => "gửi gói lấy ý kiến",
            Act::Bundle => "gửi góp ý của mình",
            Act::ImportBundle => "nhập góp ý",
            Act::OpenPackage => "mở gói lấy ý kiến",
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
            // The chairman consults; the bundles that come back are the record the
            // secretary keeps too.
            Act::Package => &[Chairman],
            Act::ImportBundle => &[Chairman, Secretary],
            // The people consulted: the chairman's own comments are already in the
            // database that resolves them.
            Act::Bundle | Act::OpenPackage => &[Member, Secretary],
        }
    }

    /// The stages in which this action makes sense.
    fn stages(self) -> &'static [Stage] {
        use Stage::*;
        match self {
            Act::AddPerson | Act::Report | Act::OpenPackage => {
                &[Draft, Consultation, Revising, Submitted, Approved, Returned]
            }
            Act::OpenRound => &[Draft, Revising, Returned],
            // A package and a bundle belong to an open round.
            Act::CloseRound | Act::Comment | Act::Package | Act::Bundle => &[Consultation],
            // Late bundles are still taken in while the chairman revises.
            Act::Resolve | Act::ImportBundle => &[Consultation, Revising, Returned],
            Act::Submit => &[Draft, Revising, Returned],
            Act::Return | Act::Approve => &[Submitted],
            // Editing an approved text starts a new draft on top of it.
            Act::Edit => &[Draft, Revising, Returned, Approved],
            Act::Export => &[Draft, Consultation, Revising, Submitted, Approved, Returned],
        }
    }

    /// Which copies of a text this action applies to, and the reason when not.
    fn origin_refusal(self, origin: Origin) -> Option<&'static str> {
        match (self, origin) {
            (Act::Edit, Origin::Received) => Some(RECEIVED_COPY_READ_ONLY),
            (Act::Package, Origin::Received) => Some(
                "Đây là bản sao nhận từ gói lấy ý kiến: gói lấy ý kiến chỉ gửi đi từ bản gốc trên máy của Chủ tịch.",
            ),
            (Act::ImportBundle, Origin::Received) => Some(
                "Đây là bản sao nhận từ gói lấy ý kiến: tệp góp ý được nhập vào bản gốc trên máy của Chủ tịch.",
            ),
            (Act::Bundle, Origin::Drafted) => Some(
                "Quy chế này được soạn trên máy này, không phải bản nhận từ gói lấy ý kiến: góp ý đã nằm ở đây, không cần gửi.",
            ),
            (Act::OpenPackage, Origin::Drafted) => Some(
                "Máy này đã có quy chế này do chính mình soạn: không nhận gói của người khác đè lên.",
            ),
            _ => None,
        }
    }
}

/// Why an action was refused: one Vietnamese sentence, shown as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

/// May `person` take `act` while the regulation is at `stage` and its text comes from
/// `origin`? The copy is checked first (a received copy stays read-only whoever asks,
/// whatever the stage), then the role, then the stage.
pub fn permit(person: &Person, act: Act, stage: Stage, origin: Origin) -> Result<(), Refusal> {
    if let Some(why) = act.origin_refusal(origin) {
        return Err(Refusal(why.to_string()));
    }
    permit_role(person, act)?;
    if !act.stages().contains(&stage) {
        return Err(Refusal(format!(
            "Không thể {} khi văn bản đang ở trạng thái \u{201c}{}\u{201d}.",
            act.label(),
            stage.label()
        )));
    }
    Ok(())
}

/// The role half of [`permit`], for an action that learns its regulation (and so its
/// stage) only from the file it reads: the wrong person is refused before the file is.
pub fn permit_role(person: &Person, act: Act) -> Result<(), Refusal> {
    if act.roles().contains(&person.role) {
        return Ok(());
    }
    let allowed: Vec<&str> = act.roles().iter().map(|r| r.label()).collect();
    Err(Refusal(format!(
        "{} ({}) không có quyền {}; chỉ {} được làm việc này.",
        person.name,
        person.role.label(),
        act.label(),
        allowed.join(", ")
    )))
}
/// The end of the refusal of a late bundle: what tells the window to offer the chairman
/// "Nhận là nộp muộn".
pub const LATE_BUNDLE: &str =
    "tệp góp ý này nộp muộn, chỉ được nhận khi Chủ tịch đồng ý nhận là nộp muộn";

/// May `person` take in a comment bundle for a round of a regulation at `stage`? A
/// bundle is late when its round has closed or the text has been submitted or approved:
/// it is refused with that reason, unless the chairman accepts it as late ("nộp muộn")
/// with `accept_late`. Returns whether it is taken in as late. The copy and the role are
/// checked first, as [`permit`] does; an on-time bundle is then [`permit`]'s.
pub fn permit_bundle_import(
    person: &Person,
    stage: Stage,
    origin: Origin,
    round: u32,
    round_open: bool,
    accept_late: bool,
) -> Result<bool, Refusal> {
    if let Some(why) = Act::ImportBundle.origin_refusal(origin) {
        return Err(Refusal(why.to_string()));
    }
    permit_role(person, Act::ImportBundle)?;
    let late = match stage {
        Stage::Approved => Some("Văn bản đã được thông qua".to_string()),
        Stage::Submitted => Some("Văn bản đã trình thông qua".to_string()),
        _ if !round_open => Some(format!("Đợt lấy ý kiến {round} đã đóng")),
        _ => None,
    };
    match late {
        None => permit(person, Act::ImportBundle, stage, origin).map(|()| false),
        Some(why) if !accept_late => Err(Refusal(format!("{why}: {LATE_BUNDLE}."))),
        Some(why) if person.role != Role::Chairman => Err(Refusal(format!(
            "{why}: chỉ Chủ tịch được nhận tệp góp ý nộp muộn; {} ({}) không nhận được.",
            person.name,
            person.role.label()
        ))),
        Some(_) => Ok(true),
    }
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
        assert!(permit(&m, Act::Comment, Stage::Consultation, Origin::Drafted).is_ok());
        for act in [Act::Resolve, Act::Submit, Act::Approve, Act::OpenRound, Act::Edit] {
            let stage = if act == Act::Approve { Stage::Submitted } else { Stage::Revising };
            let err = permit(&m, act, stage, Origin::Drafted).unwrap_err();
            assert!(err.0.contains("không có quyền"), "{act:?}: {}", err.0);
        }
    }

    #[test]
    fn the_secretary_records_the_approval_and_exports_but_does_not_resolve() {
        let s = person(Role::Secretary);
        assert!(permit(&s, Act::Approve, Stage::Submitted, Origin::Drafted).is_ok());
        assert!(permit(&s, Act::Export, Stage::Approved, Origin::Drafted).is_ok());
        assert!(permit(&s, Act::Resolve, Stage::Revising, Origin::Drafted).is_err());
    }

    /// A bundle after its round closed, or once the text is submitted or approved, is
    /// late: refused with the reason, taken in as late only when the chairman accepts.
    #[test]
    fn late_bundles_need_the_chairmans_acceptance() {
        let c = person(Role::Chairman);
        let s = person(Role::Secretary);
        let m = person(Role::Member);
        let d = Origin::Drafted;
        // (who, stage, round open, accept late) → Ok(late) or a phrase of the refusal.
        type Case<'a> = (&'a Person, Stage, bool, bool, Result<bool, &'a str>);
        let cases: [Case; 10] = [
            (&s, Stage::Consultation, true, false, Ok(false)),
            (&c, Stage::Consultation, true, true, Ok(false)),
            (&s, Stage::Revising, false, false, Err("Đợt lấy ý kiến 2 đã đóng")),
            (&s, Stage::Revising, false, true, Err("chỉ Chủ tịch được nhận")),
            (&c, Stage::Revising, false, false, Err("nộp muộn")),
            (&c, Stage::Revising, false, true, Ok(true)),
            (&c, Stage::Approved, false, false, Err("Văn bản đã được thông qua")),
            (&c, Stage::Approved, false, true, Ok(true)),
            (&c, Stage::Submitted, false, false, Err("đã trình")),
            (&m, Stage::Consultation, true, true, Err("không có quyền nhập góp ý")),
        ];
        for (who, stage, open, late, want) in cases {
            let got = permit_bundle_import(who, stage, d, 2, open, late);
            match (got, want) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{:?} {stage:?} {open} {late}", who.role),
                (Err(e), Err(phrase)) => {
                    assert!(e.0.contains(phrase), "{:?} {stage:?}: {}", who.role, e.0)
                }
                (got, want) => {
                    panic!("{:?} {stage:?} {open} {late}: {got:?}, want {want:?}", who.role)
                }
            }
        }
        let copy = permit_bundle_import(&c, Stage::Revising, Origin::Received, 1, false, true);
        assert!(copy.unwrap_err().0.contains("bản sao"), "a received copy takes no bundle");
    }

    #[test]
    fn stages_gate_actions() {
        let c = person(Role::Chairman);
        assert!(permit(&c, Act::Edit, Stage::Submitted, Origin::Drafted)
            .unwrap_err()
            .0
            .contains("Đã trình"));
        assert!(permit(&c, Act::Edit, Stage::Consultation, Origin::Drafted).is_err());
        assert!(permit(&c, Act::Edit, Stage::Approved, Origin::Drafted).is_ok());
        assert!(permit(&c, Act::Approve, Stage::Revising, Origin::Drafted).is_err());
        assert!(permit(&c, Act::Comment, Stage::Draft, Origin::Drafted).is_err());
    }

    /// The offline exchange's acts, role × stage on the text they apply to: `C`, `M`, `S`
    /// are the chairman, a member and the secretary; a letter means allowed.
    #[test]
    fn exchange_acts_by_role_and_stage() {
        use Stage::*;
        type Row = [(Stage, &'static str); 6];
        let table: [(Act, Origin, Row); 4] = [
            (
                Act::Package,
                Origin::Drafted,
                [
                    (Draft, ""),
                    (Consultation, "C"),
                    (Revising, ""),
                    (Submitted, ""),
                    (Approved, ""),
                    (Returned, ""),
                ],
            ),
            (
                Act::ImportBundle,
                Origin::Drafted,
                [
                    (Draft, ""),
                    (Consultation, "CS"),
                    (Revising, "CS"),
                    (Submitted, ""),
                    (Approved, ""),
                    (Returned, "CS"),
                ],
            ),
            (
                Act::Bundle,
                Origin::Received,
                [
                    (Draft, ""),
                    (Consultation, "MS"),
                    (Revising, ""),
                    (Submitted, ""),
                    (Approved, ""),
                    (Returned, ""),
                ],
            ),
            (
                Act::OpenPackage,
                Origin::Received,
                [
                    (Draft, "MS"),
                    (Consultation, "MS"),
                    (Revising, "MS"),
                    (Submitted, "MS"),
                    (Approved, "MS"),
                    (Returned, "MS"),
                ],
            ),
        ];
        for (act, origin, row) in table {
            for (stage, who) in row {
                for (letter, role) in
                    [('C', Role::Chairman), ('M', Role::Member), ('S', Role::Secretary)]
                {
                    let got = permit(&person(role), act, stage, origin);
                    assert_eq!(
                        got.is_ok(),
                        who.contains(letter),
                        "{act:?} {stage:?} {role:?}: {got:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn exchange_refusals_say_who_may_and_when() {
        let m = person(Role::Member);
        let c = person(Role::Chairman);
        let cases = [
            (
                &m,
                Act::Package,
                Stage::Consultation,
                Origin::Drafted,
                "chỉ Chủ tịch được làm việc này",
            ),
            (
                &m,
                Act::ImportBundle,
                Stage::Consultation,
                Origin::Drafted,
                "không có quyền nhập góp ý; chỉ Chủ tịch, Chánh Văn phòng được làm việc này",
            ),
            (&c, Act::Bundle, Stage::Consultation, Origin::Received, "không có quyền gửi góp ý"),
            (&c, Act::Package, Stage::Draft, Origin::Drafted, "Không thể gửi gói lấy ý kiến khi"),
            (
                &m,
                Act::Bundle,
                Stage::Revising,
                Origin::Received,
                "\u{201c}Đang tiếp thu, chỉnh lý\u{201d}",
            ),
        ];
        for (p, act, stage, origin, want) in cases {
            let got = permit(p, act, stage, origin).unwrap_err().0;
            assert!(got.contains(want), "{act:?}: {got}");
        }
    }

    /// A received copy is commented on and sent back, never edited, packaged or filled
    /// with others' bundles; a text drafted here has nothing to send back.
    #[test]
    fn where_the_text_comes_from_gates_edit_and_exchange() {
        let c = person(Role::Chairman);
        let m = person(Role::Member);
        let s = person(Role::Secretary);
        let cases = [
            (&c, Act::Edit, Stage::Draft, Origin::Drafted, true),
            (&c, Act::Edit, Stage::Draft, Origin::Received, false),
            (&s, Act::Edit, Stage::Revising, Origin::Received, false),
            (&c, Act::Package, Stage::Consultation, Origin::Received, false),
            (&s, Act::ImportBundle, Stage::Consultation, Origin::Received, false),
            (&m, Act::Bundle, Stage::Consultation, Origin::Drafted, false),
            (&m, Act::OpenPackage, Stage::Consultation, Origin::Drafted, false),
            (&m, Act::Comment, Stage::Consultation, Origin::Received, true),
            (&m, Act::Comment, Stage::Consultation, Origin::Drafted, true),
            (&s, Act::Export, Stage::Consultation, Origin::Received, true),
        ];
        for (p, act, stage, origin, ok) in cases {
            let got = permit(p, act, stage, origin);
            assert_eq!(got.is_ok(), ok, "{:?} {act:?} {origin:?}: {got:?}", p.role);
        }
        let read_only = permit(&c, Act::Edit, Stage::Draft, Origin::Received).unwrap_err();
        assert_eq!(read_only.0, RECEIVED_COPY_READ_ONLY);
    }

    #[test]
    fn every_act_has_a_distinct_name_and_the_workflow_answers_all_but_opening_a_package() {
        let names: std::collections::HashSet<&str> = Act::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), Act::ALL.len());
        let on: Vec<Act> = Act::ALL.into_iter().filter(|a| *a != Act::OpenPackage).collect();
        assert_eq!(on, Act::ON_A_REGULATION.to_vec());
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
            absent: 0,
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

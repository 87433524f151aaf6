//! What the workflow bar tells the person in front of it: where the regulation stands on
//! the five steps, one sentence about what to do next, which comments still wait for a
//! decision, and who returned a draft, when and why. Decided here, from the stage, the
//! person's role, where the text comes from and the round; the window only renders it.

use serde::Serialize;

use crate::comments::{CommentStatus, SentState};
use crate::model::{Person, Role, Stage};
use crate::promulgation::short_date;
use crate::rules::Origin;
use crate::{Result, Review};

/// The five steps a regulation goes through, in order: the stepper's labels, one home.
pub const STEP_LABELS: [&str; 5] =
    ["Dự thảo", "Lấy ý kiến", "Tiếp thu, giải trình", "Trình", "Thông qua"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Done,
    Current,
    Todo,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Step {
    pub label: String,
    pub state: StepState,
}

/// The steps at `stage`. A returned draft is back at "Tiếp thu, giải trình" (the notice
/// of the return says so); an approved one has every step done.
pub fn steps(stage: Stage) -> Vec<Step> {
    let current = match stage {
        Stage::Draft => Some(0),
        Stage::Consultation => Some(1),
        Stage::Revising | Stage::Returned => Some(2),
        Stage::Submitted => Some(3),
        Stage::Approved => None,
    };
    STEP_LABELS
        .iter()
        .enumerate()
        .map(|(i, label)| Step {
            label: (*label).to_string(),
            state: match current {
                None => StepState::Done,
                Some(c) if i < c => StepState::Done,
                Some(c) if i == c => StepState::Current,
                Some(_) => StepState::Todo,
            },
        })
        .collect()
}

/// Where the sentence's "→ Xem" leads in the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum NextLink {
    /// The comments still waiting for a decision (`Guide::unresolved_comments`).
    UnresolvedComments,
    /// The open round: who was asked and what came back.
    OpenRound,
    /// My comments saved on this copy and not sent yet.
    MyUnsent,
}

/// One sentence for the person in front of the bar, and where its link leads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Next {
    pub sentence: String,
    pub link: Option<NextLink>,
}

/// The latest round, as the sentence needs it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RoundFacts {
    pub number: u32,
    pub open: bool,
    /// `YYYY-MM-DD`.
    pub deadline: Option<String>,
}

/// What the next step is decided from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Situation {
    pub stage: Stage,
    pub role: Role,
    pub origin: Origin,
    pub round: Option<RoundFacts>,
    /// This person's comments in the latest round.
    pub mine: u32,
    /// Of those, saved on this received copy and in no bundle yet.
    pub unsent: u32,
    /// Comments on the regulation without the chairman's decision.
    pub unresolved: u32,
}

fn say(sentence: String, link: Option<NextLink>) -> Next {
    Next { sentence, link }
}

/// The one sentence for the person in `s`.
pub fn next(s: &Situation) -> Next {
    use Stage::*;
    let due = s
        .round
        .as_ref()
        .and_then(|r| r.deadline.as_deref())
        .map(|d| format!(" · hạn {}", short_date(d).unwrap_or_else(|| d.to_string())))
        .unwrap_or_default();
    let unresolved = (s.unresolved > 0).then_some(NextLink::UnresolvedComments);
    let drafted = s.origin == Origin::Drafted;
    let keeper = drafted && matches!(s.role, Role::Chairman | Role::Secretary);
    match s.stage {
        Approved if keeper => {
            say("Đã thông qua · văn bản chính thức xuất từ menu Tệp".into(), None)
        }
        Approved => say("Quy chế đã được thông qua".into(), None),
        Submitted if keeper => {
            say("Đã trình · ghi nhận kết quả biểu quyết hoặc trả lại dự thảo".into(), None)
        }
        Submitted => say("Đã trình · chờ Ban Chấp hành biểu quyết".into(), None),
        // The chairman consults from the original: the round is his to follow and close.
        Consultation if drafted && s.role == Role::Chairman => {
            let n = s.round.as_ref().map(|r| r.number).unwrap_or(1);
            say(
                format!("Đợt {n} đang lấy ý kiến{due} · đóng đợt khi đã nhận đủ góp ý"),
                Some(NextLink::OpenRound),
            )
        }
        Consultation if s.unsent > 0 => {
            say(format!("Bạn có {} góp ý chưa gửi{due}", s.unsent), Some(NextLink::MyUnsent))
        }
        Consultation if s.mine == 0 => say(format!("Bạn chưa góp ý{due}"), None),
        Consultation if drafted => say(format!("Bạn đã góp {} ý kiến{due}", s.mine), None),
        Consultation => say(format!("Bạn đã gửi {} góp ý{due}", s.mine), None),
        // A received copy outside its round: what is left is what was not sent.
        _ if !drafted && s.unsent > 0 => say(
            format!("Đợt lấy ý kiến đã đóng · {} góp ý của bạn chưa gửi", s.unsent),
            Some(NextLink::MyUnsent),
        ),
        _ if !drafted && s.round.is_none() => say("Chờ gói lấy ý kiến từ Chủ tịch".into(), None),
        _ if !drafted => {
            say("Đợt lấy ý kiến đã đóng · chờ Chủ tịch tiếp thu, giải trình".into(), None)
        }
        Draft => match s.role {
            Role::Chairman => say("Mở đợt lấy ý kiến khi dự thảo đã sẵn sàng".into(), None),
            Role::Secretary => say("Soạn dự thảo · chờ Chủ tịch mở đợt lấy ý kiến".into(), None),
            Role::Member => say("Chờ Chủ tịch mở đợt lấy ý kiến".into(), None),
        },
        Revising | Returned => {
            let returned =
                if s.stage == Returned { "Dự thảo bị trả lại · " } else { "" };
            match (s.role, s.unresolved) {
                (Role::Chairman, 0) if s.stage == Returned => {
                    say(format!("{returned}chỉnh lý theo lý do trả lại rồi trình lại"), None)
                }
                (Role::Chairman, 0) => say(
                    "Mọi ý kiến đã được xử lý · trình thông qua khi đã chỉnh lý xong".into(),
                    None,
                ),
                (Role::Chairman, n) => {
                    say(format!("{returned}Còn {n} ý kiến chưa xử lý"), unresolved)
                }
                (Role::Secretary, 0) => say(
                    format!("{returned}Chủ tịch đang chỉnh lý · mọi ý kiến đã được xử lý"),
                    None,
                ),
                (Role::Secretary, n) => say(
                    format!(
                        "{returned}Chủ tịch đang tiếp thu, giải trình · còn {n} ý kiến chưa xử lý"
                    ),
                    unresolved,
                ),
                (Role::Member, _) if s.stage == Returned => {
                    say(format!("{returned}Chủ tịch đang chỉnh lý"), None)
                }
                (Role::Member, _) => {
                    say("Đợt lấy ý kiến đã đóng · Chủ tịch đang tiếp thu, giải trình".into(), None)
                }
            }
        }
    }
}

/// Why a text cannot be submitted yet, naming where the comments are, never their ids:
/// "Còn 2 ý kiến chưa tiếp thu, giải trình (Điều 2, khoản 1 Điều 5)." `None` when every
/// comment has its decision.
pub fn unresolved_sentence(provisions: &[&str]) -> Option<String> {
    if provisions.is_empty() {
        return None;
    }
    // Several comments on one provision name it once; a long list is cut, not wrapped.
    const SHOWN: usize = 5;
    let mut distinct: Vec<&str> = Vec::new();
    for p in provisions.iter().filter(|p| !p.is_empty()) {
        if !distinct.contains(p) {
            distinct.push(p);
        }
    }
    let mut places = distinct.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ");
    if distinct.len() > SHOWN {
        places.push_str(", …");
    }
    let places = if places.is_empty() { String::new() } else { format!(" ({places})") };
    Some(format!("Còn {} ý kiến chưa tiếp thu, giải trình{places}.", provisions.len()))
}

/// Who returned a draft, when and why: the latest return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnNotice {
    pub by_name: String,
    pub by_position: String,
    pub at_ms: i64,
    pub reason: String,
}

/// What the workflow bar shows besides the permissions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guide {
    pub steps: Vec<Step>,
    pub next: Next,
    /// The ids of the comments without a decision, for the window's "→ Xem" (never shown).
    pub unresolved_comments: Vec<String>,
    /// On a returned draft, who returned it, when and why.
    pub returned: Option<ReturnNotice>,
}

impl Review<'_> {
    /// The comments of `regulation` still without the chairman's decision.
    pub(crate) fn unresolved(&self, regulation: &str) -> Result<Vec<CommentStatus>> {
        Ok(self.comments(regulation)?.into_iter().filter(|c| c.resolution.is_none()).collect())
    }

    /// The stepper, the sentence and the return notice for `person` (of the regulation's
    /// roster: on a received copy, the copy's entry).
    pub fn guide(&self, regulation: &str, person: &Person) -> Result<Guide> {
        let stage = self.stage(regulation)?;
        let origin = self.origin(regulation)?;
        let round = self.rounds(regulation)?.pop();
        let comments = self.comments_as(regulation, Some(&person.id))?;
        let unresolved_comments: Vec<String> = comments
            .iter()
            .filter(|c| c.resolution.is_none())
            .map(|c| c.comment.id.clone())
            .collect();
        let mine: Vec<&CommentStatus> = comments
            .iter()
            .filter(|c| c.comment.author == person.id)
            .filter(|c| round.as_ref().is_some_and(|r| r.id == c.comment.round))
            .collect();
        let situation = Situation {
            stage,
            role: person.role,
            origin,
            round: round.as_ref().map(|r| RoundFacts {
                number: r.number,
                open: r.closed_ms.is_none(),
                deadline: r.deadline.clone(),
            }),
            mine: mine.len() as u32,
            unsent: comments
                .iter()
                .filter(|c| c.comment.author == person.id && c.sent == SentState::Unsent)
                .count() as u32,
            unresolved: unresolved_comments.len() as u32,
        };
        Ok(Guide {
            steps: steps(stage),
            next: next(&situation),
            unresolved_comments,
            returned: if stage == Stage::Returned { self.last_return(regulation)? } else { None },
        })
    }

    /// The latest return of `regulation`, from the audit log `return_draft` writes: the
    /// actor's name, and the position of the person of that name on the roster.
    fn last_return(&self, regulation: &str) -> Result<Option<ReturnNotice>> {
        let entry = self
            .archive
            .store()
            .audit()?
            .into_iter()
            .rev()
            .find(|e| e.action == "return" && e.regulation.as_deref() == Some(regulation));
        let Some(e) = entry else { return Ok(None) };
        let position = self
            .people_on(regulation)?
            .into_iter()
            .find(|p| p.name == e.actor)
            .map(|p| if p.position.is_empty() { p.role.label().to_string() } else { p.position })
            .unwrap_or_default();
        Ok(Some(ReturnNotice {
            by_name: e.actor,
            by_position: position,
            at_ms: e.time_ms,
            reason: e.detail,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_follow_the_stage() {
        use StepState::*;
        let cases: [(Stage, [StepState; 5]); 6] = [
            (Stage::Draft, [Current, Todo, Todo, Todo, Todo]),
            (Stage::Consultation, [Done, Current, Todo, Todo, Todo]),
            (Stage::Revising, [Done, Done, Current, Todo, Todo]),
            (Stage::Returned, [Done, Done, Current, Todo, Todo]),
            (Stage::Submitted, [Done, Done, Done, Current, Todo]),
            (Stage::Approved, [Done, Done, Done, Done, Done]),
        ];
        for (stage, want) in cases {
            let got: Vec<StepState> = steps(stage).iter().map(|s| s.state).collect();
            assert_eq!(got, want.to_vec(), "{stage:?}");
            let labels: Vec<String> = steps(stage).into_iter().map(|s| s.label).collect();
            assert_eq!(labels, STEP_LABELS.map(String::from).to_vec());
        }
    }

    #[test]
    fn the_unresolved_sentence_names_provisions_never_ids() {
        assert_eq!(unresolved_sentence(&[]), None);
        assert_eq!(
            unresolved_sentence(&["Điều 2", "khoản 1 Điều 5"]).unwrap(),
            "Còn 2 ý kiến chưa tiếp thu, giải trình (Điều 2, khoản 1 Điều 5)."
        );
        assert_eq!(
            unresolved_sentence(&["Điều 2", "Điều 2", "Điều 3"]).unwrap(),
            "Còn 3 ý kiến chưa tiếp thu, giải trình (Điều 2, Điều 3)."
        );
        let many = ["Điều 1", "Điều 2", "Điều 3", "Điều 4", "Điều 5", "Điều 6"];
        assert_eq!(
            unresolved_sentence(&many).unwrap(),
            "Còn 6 ý kiến chưa tiếp thu, giải trình (Điều 1, Điều 2, Điều 3, Điều 4, Điều 5, …)."
        );
    }

    /// Every role × stage × origin, with the round as it would be at that stage, and the
    /// variations that change the sentence (my comments, unsent, unresolved).
    #[test]
    fn one_sentence_for_every_role_stage_and_origin() {
        use NextLink::*;
        use Origin::{Drafted as D, Received as R};
        use Role::{Chairman as C, Member as M, Secretary as S};
        use Stage::*;
        let open = Some(RoundFacts { number: 2, open: true, deadline: Some("2026-12-15".into()) });
        let closed = Some(RoundFacts { number: 2, open: false, deadline: None });
        // (stage, role, origin, mine, unsent, unresolved) → sentence, link
        type Case = (Stage, Role, Origin, u32, u32, u32, &'static str, Option<NextLink>);
        let cases: &[Case] = &[
            (Draft, C, D, 0, 0, 0, "Mở đợt lấy ý kiến khi dự thảo đã sẵn sàng", None),
            (Draft, S, D, 0, 0, 0, "Soạn dự thảo · chờ Chủ tịch mở đợt lấy ý kiến", None),
            (Draft, M, D, 0, 0, 0, "Chờ Chủ tịch mở đợt lấy ý kiến", None),
            (Draft, C, R, 0, 0, 0, "Chờ gói lấy ý kiến từ Chủ tịch", None),
            (Draft, S, R, 0, 0, 0, "Chờ gói lấy ý kiến từ Chủ tịch", None),
            (Draft, M, R, 0, 0, 0, "Chờ gói lấy ý kiến từ Chủ tịch", None),
            (
                Consultation,
                C,
                D,
                0,
                0,
                3,
                "Đợt 2 đang lấy ý kiến · hạn 15/12/2026 · đóng đợt khi đã nhận đủ góp ý",
                Some(OpenRound),
            ),
            (Consultation, S, D, 0, 0, 0, "Bạn chưa góp ý · hạn 15/12/2026", None),
            (Consultation, S, D, 2, 0, 2, "Bạn đã góp 2 ý kiến · hạn 15/12/2026", None),
            (Consultation, M, D, 0, 0, 0, "Bạn chưa góp ý · hạn 15/12/2026", None),
            (Consultation, M, D, 1, 0, 1, "Bạn đã góp 1 ý kiến · hạn 15/12/2026", None),
            (Consultation, C, R, 0, 0, 0, "Bạn chưa góp ý · hạn 15/12/2026", None),
            (Consultation, S, R, 0, 0, 0, "Bạn chưa góp ý · hạn 15/12/2026", None),
            (Consultation, M, R, 0, 0, 0, "Bạn chưa góp ý · hạn 15/12/2026", None),
            (
                Consultation,
                M,
                R,
                3,
                2,
                3,
                "Bạn có 2 góp ý chưa gửi · hạn 15/12/2026",
                Some(MyUnsent),
            ),
            (Consultation, M, R, 3, 0, 3, "Bạn đã gửi 3 góp ý · hạn 15/12/2026", None),
            (Revising, C, D, 0, 0, 2, "Còn 2 ý kiến chưa xử lý", Some(UnresolvedComments)),
            (
                Revising,
                C,
                D,
                0,
                0,
                0,
                "Mọi ý kiến đã được xử lý · trình thông qua khi đã chỉnh lý xong",
                None,
            ),
            (
                Revising,
                S,
                D,
                0,
                0,
                2,
                "Chủ tịch đang tiếp thu, giải trình · còn 2 ý kiến chưa xử lý",
                Some(UnresolvedComments),
            ),
            (Revising, S, D, 0, 0, 0, "Chủ tịch đang chỉnh lý · mọi ý kiến đã được xử lý", None),
            (
                Revising,
                M,
                D,
                1,
                0,
                2,
                "Đợt lấy ý kiến đã đóng · Chủ tịch đang tiếp thu, giải trình",
                None,
            ),
            (
                Revising,
                M,
                R,
                2,
                1,
                2,
                "Đợt lấy ý kiến đã đóng · 1 góp ý của bạn chưa gửi",
                Some(MyUnsent),
            ),
            (
                Revising,
                C,
                R,
                0,
                0,
                0,
                "Đợt lấy ý kiến đã đóng · chờ Chủ tịch tiếp thu, giải trình",
                None,
            ),
            (
                Revising,
                S,
                R,
                2,
                0,
                2,
                "Đợt lấy ý kiến đã đóng · chờ Chủ tịch tiếp thu, giải trình",
                None,
            ),
            (
                Returned,
                C,
                D,
                0,
                0,
                1,
                "Dự thảo bị trả lại · Còn 1 ý kiến chưa xử lý",
                Some(UnresolvedComments),
            ),
            (
                Returned,
                C,
                D,
                0,
                0,
                0,
                "Dự thảo bị trả lại · chỉnh lý theo lý do trả lại rồi trình lại",
                None,
            ),
            (
                Returned,
                S,
                D,
                0,
                0,
                1,
                "Dự thảo bị trả lại · Chủ tịch đang tiếp thu, giải trình · còn 1 ý kiến chưa xử lý",
                Some(UnresolvedComments),
            ),
            (Returned, M, D, 0, 0, 0, "Dự thảo bị trả lại · Chủ tịch đang chỉnh lý", None),
            (
                Returned,
                C,
                R,
                0,
                0,
                0,
                "Đợt lấy ý kiến đã đóng · chờ Chủ tịch tiếp thu, giải trình",
                None,
            ),
            (
                Returned,
                S,
                R,
                0,
                0,
                0,
                "Đợt lấy ý kiến đã đóng · chờ Chủ tịch tiếp thu, giải trình",
                None,
            ),
            (
                Returned,
                M,
                R,
                0,
                0,
                0,
                "Đợt lấy ý kiến đã đóng · chờ Chủ tịch tiếp thu, giải trình",
                None,
            ),
        ];
        let submitted_approved: &[Case] = &[
            (
                Submitted,
                C,
                D,
                0,
                0,
                0,
                "Đã trình · ghi nhận kết quả biểu quyết hoặc trả lại dự thảo",
                None,
            ),
            (
                Submitted,
                S,
                D,
                0,
                0,
                0,
                "Đã trình · ghi nhận kết quả biểu quyết hoặc trả lại dự thảo",
                None,
            ),
            (Submitted, M, D, 0, 0, 0, "Đã trình · chờ Ban Chấp hành biểu quyết", None),
            (Submitted, C, R, 0, 0, 0, "Đã trình · chờ Ban Chấp hành biểu quyết", None),
            (Submitted, S, R, 0, 0, 0, "Đã trình · chờ Ban Chấp hành biểu quyết", None),
            (Submitted, M, R, 0, 0, 0, "Đã trình · chờ Ban Chấp hành biểu quyết", None),
            (Approved, C, D, 0, 0, 0, "Đã thông qua · văn bản chính thức xuất từ menu Tệp", None),
            (Approved, S, D, 0, 0, 0, "Đã thông qua · văn bản chính thức xuất từ menu Tệp", None),
            (Approved, M, D, 0, 0, 0, "Quy chế đã được thông qua", None),
            (Approved, C, R, 0, 0, 0, "Quy chế đã được thông qua", None),
            (Approved, S, R, 0, 0, 0, "Quy chế đã được thông qua", None),
            (Approved, M, R, 0, 0, 0, "Quy chế đã được thông qua", None),
        ];
        let mut covered = std::collections::HashSet::new();
        for &(stage, role, origin, mine, unsent, unresolved, want, link) in
            cases.iter().chain(submitted_approved)
        {
            let round = match stage {
                Draft => None,
                Consultation => open.clone(),
                _ => closed.clone(),
            };
            let s = Situation { stage, role, origin, round, mine, unsent, unresolved };
            let got = next(&s);
            assert_eq!(got.sentence, want, "{s:?}");
            assert_eq!(got.link, link, "{s:?}");
            covered.insert((stage, role, origin));
        }
        assert_eq!(covered.len(), 6 * 3 * 2, "every role × stage × origin has a row");
    }

    #[test]
    fn a_round_without_a_deadline_has_no_date_and_a_copy_without_a_round_waits() {
        let s = Situation {
            stage: Stage::Consultation,
            role: Role::Member,
            origin: Origin::Received,
            round: Some(RoundFacts { number: 1, open: true, deadline: None }),
            mine: 0,
            unsent: 0,
            unresolved: 0,
        };
        assert_eq!(next(&s).sentence, "Bạn chưa góp ý");
    }
}

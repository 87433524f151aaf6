//! The workflow bar's answer through the facade: the stepper, one sentence for the person
//! asking with its link, the ids of the comments waiting for a decision (never in a
//! sentence), submission refused with the very reason the bar showed, and a returned
//! draft that says who returned it, when and why.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use quyche_api::{Actor, Clock, ErrorCode, Quyche, Target};
use quyche_review::{Decision, NextLink, Role, StepState};

/// A clock that ticks one second per reading, from 2026-11-28T02:20:00Z.
fn test_clock() -> Clock {
    let t = Arc::new(AtomicI64::new(1_795_832_400_000));
    Arc::new(move || t.fetch_add(1000, Ordering::SeqCst))
}

fn demo_text() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/quy-che-lam-viec-v2.txt")
}

fn states(w: &quyche_api::WorkflowView) -> Vec<StepState> {
    w.steps.iter().map(|s| s.state).collect()
}

#[test]
fn the_bar_guides_from_draft_to_a_returned_draft() {
    use StepState::*;
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let reg = q.import_file(&demo_text(), Actor::Named("Văn phòng")).unwrap().regulation_id;
    let chair = q.add_person(Actor::Current, "Nguyễn Văn An", Role::Chairman, "").unwrap().id;
    let by = Actor::Person(&chair);
    let member = q.add_person(by, "Phạm Thị Dung", Role::Member, "").unwrap().id;
    let secretary = q.add_person(by, "Trần Thị Bình", Role::Secretary, "").unwrap().id;
    let as_member = Actor::Person(&member);

    let w = q.workflow(&reg, as_member).unwrap();
    assert_eq!(states(&w), [Current, Todo, Todo, Todo, Todo]);
    let labels: Vec<&str> = w.steps.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["Dự thảo", "Lấy ý kiến", "Tiếp thu, giải trình", "Trình", "Thông qua"]);
    assert_eq!(w.next.as_ref().unwrap().sentence, "Chờ Chủ tịch mở đợt lấy ý kiến");

    q.open_round(&reg, by, Some("2026-12-15")).unwrap();
    let w = q.workflow(&reg, as_member).unwrap();
    assert_eq!(states(&w), [Done, Current, Todo, Todo, Todo]);
    assert_eq!(w.next.as_ref().unwrap().sentence, "Bạn chưa góp ý · hạn 15/12/2026");
    let c = q
        .add_comment(
            &reg,
            as_member,
            Target::Numbered { article: 2, clause: Some(1), point: None },
            "tập trung dân chủ",
            None,
            "Đề nghị làm rõ.",
            None,
        )
        .unwrap();
    let w = q.workflow(&reg, as_member).unwrap();
    assert_eq!(w.next.as_ref().unwrap().sentence, "Bạn đã góp 1 ý kiến · hạn 15/12/2026");
    q.close_round(&reg, by).unwrap();

    // The chairman: the comment waits; the bar's reason and the refusal are one sentence.
    let w = q.workflow(&reg, by).unwrap();
    assert_eq!(states(&w), [Done, Done, Current, Todo, Todo]);
    let next = w.next.as_ref().unwrap();
    assert_eq!(next.sentence, "Còn 1 ý kiến chưa xử lý");
    assert_eq!(next.link, Some(NextLink::UnresolvedComments));
    assert_eq!(w.unresolved_comments, std::slice::from_ref(&c.id));
    let submit = w.actions.iter().find(|a| a.action == "submit").unwrap();
    assert!(submit.permitted && !submit.allowed);
    let why = submit.reason.clone().unwrap();
    assert_eq!(why, format!("Còn 1 ý kiến chưa tiếp thu, giải trình ({}).", c.provision));
    let err = q.submit(&reg, by).unwrap_err();
    assert_eq!((err.code, err.message.as_str()), (ErrorCode::Refused, why.as_str()));
    assert!(!err.message.contains(&c.id));

    q.resolve_comment(&c.id, by, Decision::Explained, "Giữ như dự thảo.").unwrap();
    let w = q.submit(&reg, by).unwrap();
    assert_eq!(states(&w), [Done, Done, Done, Current, Todo]);
    assert!(w.unresolved_comments.is_empty() && w.returned.is_none());

    // A return needs its reason; then the bar names who returned it, when and why.
    let as_secretary = Actor::Person(&secretary);
    let err = q.return_draft(&reg, as_secretary, "  ").unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput, "{}", err.message);
    q.return_draft(&reg, as_secretary, "Cần bổ sung Điều về tài chính.").unwrap();
    let w = q.workflow(&reg, by).unwrap();
    assert_eq!(states(&w), [Done, Done, Current, Todo, Todo]);
    let back = w.returned.expect("who returned it");
    assert_eq!(
        (back.by_name.as_str(), back.by_position.as_str(), back.reason.as_str()),
        ("Trần Thị Bình", "Chánh Văn phòng", "Cần bổ sung Điều về tài chính.")
    );
    assert!(back.at.starts_with("2026-11-28T"), "{}", back.at);
    assert_eq!(
        w.next.unwrap().sentence,
        "Dự thảo bị trả lại · chỉnh lý theo lý do trả lại rồi trình lại"
    );
}

//! Saving is not sending: a member's comment on a received copy is "Chưa gửi" until a
//! bundle carrying it is written, then "Đã gửi ngày …"; only unsent comments can be
//! edited or deleted, and a deleted one never travels. The chairman's dashboard counts
//! what was received, and "không có ý kiến". Taking up a proposal in one click.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use quyche_api::{Actor, Clock, ErrorCode, Quyche, Target};
use quyche_review::{Decision, Role, SentState};

/// A clock that ticks one second per reading, from 2026-11-28T02:20:00Z.
fn test_clock() -> Clock {
    let t = Arc::new(AtomicI64::new(1_795_832_400_000));
    Arc::new(move || t.fetch_add(1000, Ordering::SeqCst))
}

fn open(dir: &Path) -> Quyche {
    Quyche::open(dir, test_clock()).expect("open")
}

fn demo_text() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/quy-che-lam-viec-v2.txt")
}

fn article(n: u32) -> Target {
    Target::Numbered { article: n, clause: None, point: None }
}

fn clause(a: u32, k: u32) -> Target {
    Target::Numbered { article: a, clause: Some(k), point: None }
}

#[test]
fn a_comment_is_unsent_until_its_bundle_is_written_and_then_received() {
    let files = tempfile::tempdir().unwrap();
    let f = |name: &str| files.path().join(name);
    let member = open(&f("member"));
    member.create_identity("Lê Văn Cường", "Phó Chủ tịch").unwrap();
    member.export_identity_card(&f("member.quyche-id")).unwrap();
    let chair = open(&f("chair"));
    chair.create_identity("Nguyễn Văn An", "Chủ tịch").unwrap();
    chair.export_identity_card(&f("chair.quyche-id")).unwrap();
    let reg = chair.import_file(&demo_text(), Actor::Named("Văn phòng")).unwrap().regulation_id;
    let chairman = chair
        .add_person_from_card(Actor::Current, &f("chair.quyche-id"), Role::Chairman, false)
        .unwrap()
        .id;
    let by = Actor::Person(&chairman);
    let cuong =
        chair.add_person_from_card(by, &f("member.quyche-id"), Role::Member, false).unwrap().id;
    let binh = chair.add_person(by, "Trần Thị Bình", Role::Member, "").unwrap().id;
    chair.set_current_user(&chairman).unwrap();
    chair.open_round(&reg, Actor::Current, None).unwrap();
    chair.package_to_file(&reg, Actor::Current, &f("goi.quyche")).unwrap();
    let fp = chair.identity().unwrap().unwrap().fingerprint;
    member.open_package_file(&f("goi.quyche"), Some(&fp)).unwrap();

    // Saved, not sent: "Chưa gửi", and the author may still change it.
    let kept = member
        .add_comment(
            &reg,
            Actor::Current,
            article(1),
            "Phạm vi điều chỉnh",
            None,
            "Tách hai.",
            None,
        )
        .unwrap();
    assert_eq!((kept.sent, kept.sent_label.as_str()), (SentState::Unsent, "Chưa gửi"));
    assert!(kept.can_change, "{:?}", kept.change_refusal);
    let dropped = member
        .add_comment(&reg, Actor::Current, article(2), "Nguyên tắc", None, "Bỏ.", None)
        .unwrap();
    let edited = member
        .edit_comment(&kept.id, Actor::Current, "Tách thành hai điều.", Some("Phạm vi"))
        .unwrap();
    assert_eq!(
        (edited.text.as_str(), edited.proposal.as_deref()),
        ("Tách thành hai điều.", Some("Phạm vi"))
    );
    assert_eq!(member.delete_comment(&dropped.id, Actor::Current).unwrap(), "Điều 2");
    assert_eq!(member.comments(&reg).unwrap().len(), 1, "deleted: gone from the list");
    let err = member.edit_comment(&dropped.id, Actor::Current, "Lại.", None).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound, "a deleted comment never comes back: {err:?}");

    // A failed write sends nothing; a written bundle sends the one kept comment.
    assert!(member.bundle_to_file(&reg, &f("khong-co/bo.zip")).is_err());
    assert_eq!(member.comments(&reg).unwrap()[0].sent, SentState::Unsent);
    assert_eq!(member.bundle_to_file(&reg, &f("bo.zip")).unwrap(), 1, "the deleted one stays home");
    let sent = &member.comments(&reg).unwrap()[0];
    assert_eq!((sent.sent, sent.sent_label.as_str()), (SentState::Sent, "Đã gửi ngày 28/11/2026"));
    assert!(sent.sent_at.is_some());
    assert!(!sent.can_change);
    let err = member.delete_comment(&kept.id, Actor::Current).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err:?}");
    assert!(err.message.contains("đã gửi"), "{}", err.message);

    // The chairman's machine: comments are recorded, nothing to send; the dashboard
    // counts what was received.
    let board = chair.round_dashboard(&reg).unwrap();
    let row = |b: &quyche_api::RoundDashboard, id: &str| {
        b.reviewers.iter().find(|r| r.person.id == id).cloned().unwrap()
    };
    assert_eq!(row(&board, &cuong).state_label, "Chưa nhận");
    assert_eq!(chair.import_bundle_file(&f("bo.zip"), Actor::Current, false).unwrap(), 1);
    let got = chair.comments(&reg).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].sent, got[0].sent_label.as_str()), (SentState::Recorded, "Đã ghi nhận"));
    assert_eq!(got[0].text, "Tách thành hai điều.", "the edited wording travelled");
    assert!(!got[0].can_change, "the chairman is not its author");
    let board = chair.round_dashboard(&reg).unwrap();
    let c = row(&board, &cuong);
    assert_eq!(
        (c.state_label.as_str(), c.bundles, c.comments, c.answered),
        ("Đã nhận 1 góp ý (1 tệp)", 1, 1, true)
    );
    assert!(!row(&board, &binh).answered);

    // "Không có ý kiến": recorded once, by the chairman only; the member then answered.
    let err = chair.record_no_comments(&reg, &binh, Actor::Person(&binh)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err:?}");
    let board = chair.record_no_comments(&reg, &binh, Actor::Current).unwrap();
    let b = row(&board, &binh);
    assert_eq!(
        (b.state_label.as_str(), b.answered, b.no_comments),
        ("Không có ý kiến", true, true)
    );
    let err = chair.record_no_comments(&reg, &binh, Actor::Current).unwrap_err();
    assert!(err.message.contains("Đã ghi nhận"), "{}", err.message);
    assert!(chair
        .audit()
        .unwrap()
        .iter()
        .any(|e| e.action == "no-comments" && e.detail.contains("Trần Thị Bình")));
}

/// Who may edit or delete a comment on the chairman's database, and when.
#[test]
fn on_the_chairmans_database_only_the_author_changes_an_unresolved_comment_of_an_open_round() {
    let files = tempfile::tempdir().unwrap();
    let q = open(files.path());
    let reg = q.import_file(&demo_text(), Actor::Named("Văn phòng")).unwrap().regulation_id;
    let chairman = q.add_person(Actor::Current, "Nguyễn Văn An", Role::Chairman, "").unwrap().id;
    let by = Actor::Person(&chairman);
    let binh = q.add_person(by, "Trần Thị Bình", Role::Member, "").unwrap().id;
    let dung = q.add_person(by, "Phạm Văn Dũng", Role::Member, "").unwrap().id;
    q.set_current_user(&chairman).unwrap();
    q.open_round(&reg, by, None).unwrap();
    let say = |who: &str, text: &str| {
        q.add_comment(&reg, Actor::Person(who), article(1), "Phạm vi điều chỉnh", None, text, None)
            .unwrap()
            .id
    };
    let a = say(&binh, "Một.");
    let b = say(&binh, "Hai.");
    q.set_current_user(&binh).unwrap();
    let view = q.comments(&reg).unwrap();
    assert!(view.iter().all(|c| c.sent == SentState::Recorded && c.sent_label == "Đã ghi nhận"));
    assert!(view.iter().all(|c| c.can_change), "the author, unresolved, round open");
    // Not the author.
    let err = q.edit_comment(&a, Actor::Person(&dung), "Của tôi.", None).unwrap_err();
    assert!(err.message.contains("Chỉ người viết"), "{}", err.message);
    // Resolved: no longer.
    q.close_round(&reg, Actor::Person(&chairman)).unwrap();
    let err = q.edit_comment(&a, Actor::Person(&binh), "Sửa.", None).unwrap_err();
    assert!(err.message.contains("đã đóng"), "round closed: {}", err.message);
    q.resolve_comment(&b, Actor::Person(&chairman), Decision::Rejected, "Giữ nguyên.").unwrap();
    let err = q.delete_comment(&b, Actor::Person(&binh)).unwrap_err();
    assert!(err.message.contains("tiếp thu, giải trình"), "resolved: {}", err.message);
    assert_eq!(q.comments(&reg).unwrap().len(), 2, "nothing was deleted");
}

#[test]
fn taking_up_a_proposal_saves_a_revision_and_records_the_decision_in_one_action() {
    let files = tempfile::tempdir().unwrap();
    let q = open(files.path());
    let reg = q.import_file(&demo_text(), Actor::Named("Văn phòng")).unwrap().regulation_id;
    let chairman = q.add_person(Actor::Current, "Nguyễn Văn An", Role::Chairman, "").unwrap().id;
    let by = Actor::Person(&chairman);
    let binh = q.add_person(by, "Trần Thị Bình", Role::Member, "").unwrap().id;
    q.set_current_user(&chairman).unwrap();
    q.open_round(&reg, by, None).unwrap();
    let say = |target: Target, quote: &str, near: Option<u32>, proposal: Option<&str>| {
        q.add_comment(&reg, Actor::Person(&binh), target, quote, near, "Sửa.", proposal).unwrap().id
    };
    let take = say(clause(2, 2), "không chồng chéo", None, Some("không trùng lặp"));
    let overlap = say(clause(2, 2), "không chồng chéo, không bỏ sót", None, Some("đầy đủ"));
    let twice = say(clause(1, 1), "Liên minh", Some(200), Some("Liên minh tỉnh"));
    let plain = say(clause(2, 1), "tập thể lãnh đạo", None, None);
    let head = q.history(&reg).unwrap().len();

    // Not while the round is open (resolving is refused then), nor by a member.
    assert_eq!(q.adopt_proposal(&take, by).unwrap_err().code, ErrorCode::Refused);
    q.close_round(&reg, by).unwrap();
    assert_eq!(q.adopt_proposal(&take, Actor::Person(&binh)).unwrap_err().code, ErrorCode::Refused);

    let done = q.adopt_proposal(&take, by).unwrap();
    assert_eq!(done.decision, Some(Decision::Accepted));
    assert_eq!(done.reason.as_deref(), Some("Tiếp thu theo đề xuất của Trần Thị Bình."));
    let history = q.history(&reg).unwrap();
    assert_eq!(history.len(), head + 1, "one new revision");
    let text = quyche_api::render_document(&q.document(&reg, None).unwrap());
    assert!(text.contains("bảo đảm không trùng lặp, không bỏ sót nhiệm vụ."), "{text}");
    assert!(!text.contains("không chồng chéo"));

    // Refusals name the reason, and write nothing.
    let refusals = [
        (overlap, "Không tìm thấy đúng một chỗ"),
        (twice, "Không tìm thấy đúng một chỗ"),
        (plain, "không có đề xuất"),
    ];
    for (id, says) in refusals {
        let err = q.adopt_proposal(&id, by).unwrap_err();
        assert_eq!(err.code, ErrorCode::Refused, "{id}: {err:?}");
        assert!(err.message.contains(says), "{id}: {}", err.message);
        assert!(!err.message.contains(&id), "no internal id: {}", err.message);
    }
    assert_eq!(q.history(&reg).unwrap().len(), head + 1, "refusals saved nothing");
}

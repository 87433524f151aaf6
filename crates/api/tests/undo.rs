//! Undo and redo of a session's structure edits: each is a new revision holding an earlier
//! revision's document (history is never rewritten), named after the change; a stale base
//! is a conflict; the workflow's drafting rules hold; no undo crosses an approval.

use crate::test_clock;
use quyche_api::{Actor, ArticlePlace, ErrorCode, Quyche, Restore};

fn coop(q: &Quyche) -> String {
    let law = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    q.import_bytes("luat.txt", law.as_bytes(), None, Actor::Current).unwrap().regulation_id
}

fn text(q: &Quyche, id: &str, revision: Option<u32>) -> String {
    quyche_api::render_document(&q.document(id, revision).unwrap())
}

fn messages(q: &Quyche, id: &str) -> Vec<String> {
    q.history(id).unwrap().into_iter().map(|r| r.message).collect()
}

#[test]
fn undo_and_redo_restore_whole_documents_as_new_revisions_named_after_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    let original = text(&q, &id, None);
    assert!(original.contains("quy định tại khoản 2 Điều 7 của Luật này"));

    // The session: Điều 7 moved before Điều 3 (rev 2), then a new Điều 2 (rev 3).
    let moved = q.move_article(&id, 7, ArticlePlace::Before(3), Actor::Current).unwrap();
    assert_eq!(moved.revision.number, 2);
    assert!(text(&q, &id, None).contains("quy định tại khoản 2 Điều 3 của Luật này"));
    let inserted =
        q.insert_article(&id, ArticlePlace::After(1), "Mới\n1. Một.", Actor::Current).unwrap();
    assert_eq!(inserted.revision.number, 3);
    let after_both = text(&q, &id, None);

    // Undo the insert, then the move (each: the revision the change was made on).
    let u1 = q.restore_revision(&id, 3, 2, Restore::Undo, Actor::Current).unwrap();
    assert_eq!((u1.number, u1.message.as_str()), (4, "Hoàn tác: Thêm Điều 2"));
    assert_eq!(text(&q, &id, None), text(&q, &id, Some(2)));
    let u2 = q.restore_revision(&id, 4, 1, Restore::Undo, Actor::Current).unwrap();
    assert_eq!(u2.message, "Hoàn tác: Chuyển Điều 7 thành Điều 3");
    assert_eq!(text(&q, &id, None), original, "the label returns: khoản 2 Điều 7");

    // Redo both (each: the change itself), then undo the move's redo.
    let r1 = q.restore_revision(&id, 5, 2, Restore::Redo, Actor::Current).unwrap();
    assert_eq!(r1.message, "Làm lại: Chuyển Điều 7 thành Điều 3");
    let r2 = q.restore_revision(&id, 6, 3, Restore::Redo, Actor::Current).unwrap();
    assert_eq!((r2.number, r2.message.as_str()), (7, "Làm lại: Thêm Điều 2"));
    assert_eq!(text(&q, &id, None), after_both);
    let u3 = q.restore_revision(&id, 7, 2, Restore::Undo, Actor::Current).unwrap();
    assert_eq!(u3.message, "Hoàn tác: Thêm Điều 2", "a redo's undo names the change, once");

    // History is never rewritten: every revision is still there, as it was.
    assert_eq!(q.history(&id).unwrap().len(), 8);
    assert_eq!(text(&q, &id, Some(3)), after_both);
    assert_eq!(messages(&q, &id)[1], "Chuyển Điều 7 thành Điều 3");
}

#[test]
fn a_unit_taken_back_keeps_its_id_to_itself() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    q.insert_article(&id, ArticlePlace::After(1), "Mới\n1. Một.", Actor::Current).unwrap();
    let added = q.document(&id, None).unwrap().articles().nth(1).unwrap().id;
    q.restore_revision(&id, 2, 1, Restore::Undo, Actor::Current).unwrap();
    q.insert_article(&id, ArticlePlace::After(1), "Khác\n1. Hai.", Actor::Current).unwrap();
    let again = q.document(&id, None).unwrap().articles().nth(1).unwrap().id;
    assert!(
        again.0 > added.0,
        "a new unit never takes the id of one undone ({again:?} vs {added:?})"
    );
}

#[test]
fn a_stale_base_is_a_conflict_and_bad_targets_are_refused_writing_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    q.move_article(&id, 7, ArticlePlace::Before(3), Actor::Current).unwrap();
    // Someone else saved revision 3 meanwhile.
    q.move_article(&id, 5, ArticlePlace::After(9), Actor::Current).unwrap();
    let cases = [
        (2, 1, ErrorCode::Conflict),
        (3, 3, ErrorCode::BadInput),
        (3, 4, ErrorCode::BadInput),
        (3, 0, ErrorCode::BadInput),
    ];
    for (base, to, code) in cases {
        let e = q.restore_revision(&id, base, to, Restore::Undo, Actor::Current).unwrap_err();
        assert_eq!(e.code, code, "{base} → {to}: {}", e.message);
        assert!(!e.message.contains(&id), "no internal id in a message: {}", e.message);
    }
    let e = q.restore_revision(&id, 2, 1, Restore::Undo, Actor::Current).unwrap_err();
    assert!(e.message.contains("phiên bản 3"), "{}", e.message);
    assert_eq!(q.history(&id).unwrap().len(), 3, "a refusal writes nothing");
    // The same document again is no new revision either.
    q.restore_revision(&id, 3, 1, Restore::Undo, Actor::Current).unwrap();
    let e = q.restore_revision(&id, 4, 1, Restore::Undo, Actor::Current).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadInput, "{}", e.message);
    assert_eq!(q.history(&id).unwrap().len(), 4);
}

#[test]
fn the_workflow_decides_and_no_undo_crosses_an_approval() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = q.seed_demo_if_empty().unwrap().unwrap();
    q.add_demo_committee().unwrap();
    let person = |name: &str| q.people().unwrap().into_iter().find(|p| p.name == name).unwrap().id;
    let (an, binh) = (person("Nguyễn Văn An"), person("Trần Thị Bình"));
    let chairman = Actor::Person(&an);
    let head = q.history(&id).unwrap().len() as u32;
    q.move_article(&id, 2, ArticlePlace::Before(1), chairman).unwrap();

    // Submitted: no drafting, so no undo.
    q.open_round(&id, chairman, None).unwrap();
    q.close_round(&id, chairman).unwrap();
    q.submit(&id, chairman).unwrap();
    let e = q.restore_revision(&id, head + 1, head, Restore::Undo, chairman).unwrap_err();
    assert_eq!(e.code, ErrorCode::Refused, "{}", e.message);

    // Approved: the sealed revision stands between the session's change and its undo.
    q.create_identity("Trần Thị Bình", "Chánh Văn phòng").unwrap();
    q.approve(
        &id,
        Actor::Person(&binh),
        quyche_api::ApprovalForm::Meeting,
        "2026-12-20",
        27,
        20,
        4,
        3,
        "12/QĐ-LMHTX",
    )
    .unwrap();
    let sealed = q.history(&id).unwrap().len() as u32;
    let e = q.restore_revision(&id, sealed, head, Restore::Undo, chairman).unwrap_err();
    assert_eq!(e.code, ErrorCode::Refused, "{}", e.message);
    assert!(e.message.contains("đã được thông qua"), "{}", e.message);
    assert_eq!(q.history(&id).unwrap().len() as u32, sealed, "a refusal writes nothing");
}

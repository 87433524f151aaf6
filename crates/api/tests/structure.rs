//! Structure edits through the facade: each is one revision, references follow, a
//! referenced delete is refused until forced, and the workflow's rules hold.

use crate::test_clock;
use quyche_api::{Actor, ArticlePlace, ErrorCode, Quyche};

fn coop(q: &Quyche) -> String {
    let law = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    q.import_bytes("luat.txt", law.as_bytes(), None, Actor::Current).unwrap().regulation_id
}

fn text(q: &Quyche, id: &str) -> String {
    quyche_api::render_document(&q.document(id, None).unwrap())
}

#[test]
fn insert_move_and_delete_are_one_revision_each_and_references_follow() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);

    let v = q
        .insert_article(
            &id,
            ArticlePlace::After(1),
            "Nguyên tắc chung\n1. Khoản một.\n2. Khoản hai:\na) Điểm a.",
            Actor::Current,
        )
        .unwrap();
    assert_eq!((v.revision.number, v.article), (2, 2));
    assert_eq!(v.revision.message, "Thêm Điều 2");
    assert!(v.relabelled.iter().any(|r| r.before == "khoản 2 Điều 7 của Luật này"
        && r.after == "khoản 2 Điều 8 của Luật này"
        && r.place.ends_with("Điều 19")));
    let t = text(&q, &id);
    assert!(t.contains("Điều 2. Nguyên tắc chung\n1. Khoản một.\n2. Khoản hai:\na) Điểm a.\n"));
    assert!(t.contains("quy định tại khoản 2 Điều 8 của Luật này"));

    // Điều 8 (the old 7) moved before Điều 3: Điều 19's reference follows it.
    let v = q.move_article(&id, 8, ArticlePlace::Before(3), Actor::Current).unwrap();
    assert_eq!((v.revision.number, v.article), (3, 3));
    assert!(text(&q, &id).contains("quy định tại khoản 2 Điều 3 của Luật này"));

    let e = q.delete_article(&id, 3, false, Actor::Current).unwrap_err();
    assert_eq!(e.code, ErrorCode::Refused);
    assert!(e.message.starts_with("Điều 3 được tham chiếu tại "), "{}", e.message);
    assert!(e.message.contains("Điều 19"), "{}", e.message);
    assert_eq!(q.history(&id).unwrap().len(), 3, "a refusal writes nothing");

    let v = q.delete_article(&id, 3, true, Actor::Current).unwrap();
    assert_eq!(v.revision.number, 4);
    assert!(!v.broken.is_empty());
    assert!(v.revision.message.starts_with("Xoá Điều 3 ("), "{}", v.revision.message);
    let t = text(&q, &id);
    assert_eq!(t.matches("[tham chiếu không còn]").count(), v.broken.len());

    // Numbers that are not there, and a move that changes nothing.
    let e = q.delete_article(&id, 999, true, Actor::Current).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let e = q.move_article(&id, 3, ArticlePlace::After(2), Actor::Current).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadInput);
    let e = q.insert_article(&id, ArticlePlace::Before(1), "", Actor::Current).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadInput);
    assert_eq!(q.history(&id).unwrap().len(), 4);
}

#[test]
fn a_submitted_text_refuses_structure_edits() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = q.seed_demo_if_empty().unwrap().unwrap();
    q.add_demo_committee().unwrap();
    let chairman = q.people().unwrap().into_iter().find(|p| p.name == "Nguyễn Văn An").unwrap().id;
    let me = Actor::Person(&chairman);
    q.open_round(&id, me, None).unwrap();
    q.close_round(&id, me).unwrap();
    q.submit(&id, me).unwrap();
    let before = q.history(&id).unwrap().len();
    let refusals = [
        q.insert_article(&id, ArticlePlace::After(1), "Mới\n1. Một.", me).unwrap_err(),
        q.move_article(&id, 2, ArticlePlace::Before(1), me).unwrap_err(),
        q.delete_article(&id, 2, true, me).unwrap_err(),
    ];
    for e in refusals {
        assert_eq!(e.code, ErrorCode::Refused, "{}", e.message);
    }
    assert_eq!(q.history(&id).unwrap().len(), before);
}

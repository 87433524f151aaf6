//! The approved text is protected: approving the demo promulgates it (the decision's
//! number and date in its header, no draft mark) as a new revision that is the one
//! sealed; exports carry the number; a failed vote returns the draft with its count; an
//! edit of the approved text starts an amending draft and the old seal still verifies.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use quyche_api::{
    Actor, ApprovalForm, Clock, ErrorCode, Format, Quyche, RegulationStatus, VoteInput,
};

fn test_clock() -> Clock {
    let t = Arc::new(AtomicI64::new(1_795_832_400_000));
    Arc::new(move || t.fetch_add(1000, Ordering::SeqCst))
}

struct Demo {
    _dir: tempfile::TempDir,
    q: Quyche,
    id: String,
    chairman: String,
    secretary: String,
}

fn person(q: &Quyche, name: &str) -> String {
    q.people().unwrap().into_iter().find(|p| p.name == name).unwrap().id
}

/// The demo, submitted by the chairman; this machine can sign.
fn submitted_demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(&dir.path().join("db"), test_clock()).unwrap();
    let id = q.seed_demo_if_empty().unwrap().unwrap();
    q.add_demo_committee().unwrap();
    q.create_identity("Trần Thị Bình", "Chánh Văn phòng").unwrap();
    let chairman = person(&q, "Nguyễn Văn An");
    let secretary = person(&q, "Trần Thị Bình");
    q.open_round(&id, Actor::Person(&chairman), None).unwrap();
    q.close_round(&id, Actor::Person(&chairman)).unwrap();
    q.submit(&id, Actor::Person(&chairman)).unwrap();
    Demo { _dir: dir, q, id, chairman, secretary }
}

fn vote(votes_for: u32, against: u32, absent: u32, approved: bool) -> VoteInput {
    VoteInput {
        form: ApprovalForm::Meeting,
        date: "2026-12-20".into(),
        members: 27,
        votes_for,
        against,
        abstain: 2,
        absent,
        decision_no: if approved { "12/QĐ-LMHTX".into() } else { String::new() },
        approved,
    }
}

#[test]
fn approving_the_demo_seals_a_promulgated_revision_that_exports_with_its_number() {
    let d = submitted_demo();
    let before = d.q.open_regulation(&d.id, None).unwrap();
    assert!(before.draft_mark && before.sealed.is_none() && before.edit_warning.is_none());
    let submitted = before.revision.number;

    let w = d.q.record_vote(&d.id, Actor::Person(&d.secretary), vote(20, 4, 1, true)).unwrap();
    assert_eq!(w.stage, RegulationStatus::Approved);
    let view = d.q.open_regulation(&d.id, None).unwrap();
    assert_eq!(view.revision.number, submitted + 1, "the promulgated text is a new revision");
    assert_eq!(view.revision.author, "Trần Thị Bình");
    assert_eq!(
        view.revision.message,
        "Văn bản được thông qua theo Quyết định số 12/QĐ-LMHTX ngày 20/12/2026"
    );
    assert_eq!(view.header.number.as_deref(), Some("Số: 12/QĐ-LMHTX"));
    assert!(view.header.marks.is_empty() && !view.draft_mark);
    // The number given at approval and the date beside it are the decision's.
    assert_eq!(view.header.place_date.as_deref(), Some("Bình An, ngày 20 tháng 12 năm 2026"));
    assert!(view.header.title.iter().any(
        |l| l.contains("Quyết định số 12/QĐ-LMHTX ngày 20 tháng 12 năm 2026 của Ban Chấp hành")
    ));
    let sealed = view.sealed.as_ref().expect("the head is the sealed revision");
    assert_eq!(sealed.label, "Thông qua · QĐ 12/QĐ-LMHTX ngày 20/12/2026");
    let warning = view.edit_warning.as_deref().unwrap();
    assert!(
        warning.starts_with(
            "Văn bản này đã được thông qua theo Quyết định số 12/QĐ-LMHTX ngày 20/12/2026."
        ),
        "{warning}"
    );
    // The submitted revision is not the sealed one, and still reads as the draft it was.
    let old = d.q.open_regulation(&d.id, Some(submitted)).unwrap();
    assert!(old.sealed.is_none());
    let history = d.q.history(&d.id).unwrap();
    let marked: Vec<_> =
        history.iter().filter_map(|r| r.approval.as_deref().map(|a| (r.number, a))).collect();
    assert_eq!(marked, [(submitted + 1, "Thông qua · QĐ 12/QĐ-LMHTX ngày 20/12/2026")]);
    let approvals = d.q.approvals(&d.id).unwrap();
    assert_eq!(approvals[0].revision, submitted + 1);
    assert!(approvals[0].seal_intact);
    // No blanks remain in what was sealed.
    let doc = d.q.document(&d.id, None).unwrap();
    assert_eq!(quyche_review::promulgation::remaining_blanks(&doc), Vec::<String>::new());

    // Every export carries the number and date in the header, and verifies.
    for format in [Format::Docx, Format::Html, Format::Text] {
        let (bytes, revision, _) =
            d.q.export_bytes(&d.id, Actor::Person(&d.secretary), format).unwrap();
        assert_eq!(revision, submitted + 1);
        let file = d._dir.path().join(format!("qc.{}", format.extension()));
        std::fs::write(&file, &bytes).unwrap();
        let v = d.q.verify_export_file(&file, &[]).unwrap();
        assert!(v.matches, "{format:?}: {:?}", v.differences);
        assert_eq!(v.revision, submitted + 1);
        if format != Format::Docx {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                text.contains("Quyết định số 12/QĐ-LMHTX ngày 20 tháng 12 năm 2026"),
                "{format:?}"
            );
            assert!(!text.contains("DỰ THẢO"), "{format:?}");
        }
    }
    // The DOCX's own text, as verify reads it back, is the promulgated text: its canonical
    // hash is the seal, which covers the filled header.
    assert!(quyche_text::render(&doc).contains("Quyết định số 12/QĐ-LMHTX ngày"));

    // Editing the approved text starts an amending draft; the old seal still verifies.
    let article = doc.articles().next().unwrap();
    let (a1, text) = (article.id.0, quyche_text::render_article_body(article));
    let edited = format!("{}\n4. Khoản bổ sung sau khi thông qua.", text.trim_end());
    d.q.save_article(&d.id, submitted + 1, a1, &edited, Actor::Person(&d.chairman)).unwrap();
    let draft = d.q.open_regulation(&d.id, None).unwrap();
    assert_eq!(draft.status, RegulationStatus::Draft);
    assert!(draft.sealed.is_none() && draft.edit_warning.is_none());
    // It is a draft again, and says so, though promulgation took the mark off its header.
    assert!(draft.draft_mark);
    assert_eq!(draft.header.marks, ["DỰ THẢO"]);
    // The approved revision still shows none.
    let sealed = d.q.open_regulation(&d.id, Some(submitted + 1)).unwrap();
    assert!(!sealed.draft_mark && sealed.sealed.is_some());
    assert!(d.q.verify().unwrap().problems.is_empty());
    assert!(d.q.approvals(&d.id).unwrap()[0].seal_intact);
}

#[test]
fn a_failed_vote_is_recorded_with_absent_members_and_returns_the_draft() {
    let d = submitted_demo();
    let head = d.q.open_regulation(&d.id, None).unwrap().revision.number;
    // More ballots and absences than members: refused, nothing written.
    let e =
        d.q.record_vote(&d.id, Actor::Person(&d.secretary), vote(10, 12, 5, false)).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadInput, "{}", e.message);
    // A passing count cannot be recorded as a failed vote.
    let e = d.q.record_vote(&d.id, Actor::Person(&d.secretary), vote(20, 4, 1, false)).unwrap_err();
    assert!(e.message.contains("hãy ghi nhận thông qua"), "{}", e.message);
    // And a failing count cannot approve.
    assert!(d.q.record_vote(&d.id, Actor::Person(&d.secretary), vote(10, 12, 3, true)).is_err());

    let w = d.q.record_vote(&d.id, Actor::Person(&d.secretary), vote(10, 12, 3, false)).unwrap();
    assert_eq!(w.stage, RegulationStatus::Returned);
    assert!(w.approvals.is_empty(), "a failed vote is no approval");
    let view = d.q.open_regulation(&d.id, None).unwrap();
    assert_eq!(view.revision.number, head, "a failed vote writes no revision");
    assert!(view.draft_mark);
    let audit = d.q.audit().unwrap();
    let last = audit.last().unwrap();
    assert_eq!(
        last.detail,
        "Biểu quyết không đạt: 10/27 tán thành, 12 không tán thành, 2 không biểu quyết, 3 vắng mặt (ngày 20/12/2026)."
    );
    // Submitted again, it can be approved.
    d.q.submit(&d.id, Actor::Person(&d.chairman)).unwrap();
    d.q.record_vote(&d.id, Actor::Person(&d.secretary), vote(20, 4, 1, true)).unwrap();
}

#[test]
fn the_old_approve_still_promulgates() {
    let d = submitted_demo();
    let a =
        d.q.approve(
            &d.id,
            Actor::Person(&d.secretary),
            ApprovalForm::Written,
            "2027-01-05",
            27,
            15,
            8,
            2,
            "03/QĐ-LMHTX",
        )
        .unwrap();
    let view = d.q.open_regulation(&d.id, None).unwrap();
    assert_eq!(a.revision, view.revision.number);
    assert!(view
        .header
        .title
        .iter()
        .any(|l| l.contains("Quyết định số 03/QĐ-LMHTX ngày 05 tháng 01 năm 2027")));
}

//! The workflow bar's guide on a real text: the sentence that refuses a submission is the
//! one the bar shows before the click, the ids of the waiting comments travel apart from
//! it, and a returned draft says who returned it, when and why.

use quyche_archive::Archive;
use quyche_review::{Act, Decision, NextLink, Review, ReviewError, Role, Stage, StepState, Target};

#[test]
fn submit_refuses_with_the_bars_sentence_and_a_return_says_who_when_why() {
    let dir = tempfile::tempdir().unwrap();
    let (archive, _) = Archive::open(dir.path()).unwrap();
    let doc = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    let (reg, _) = archive.create(&doc, "Văn phòng", 1_000, "Nhập").unwrap();
    let reg = reg.id;
    let r = Review::new(&archive);
    let chair = r.add_person(None, "Nguyễn Văn An", Role::Chairman, "Chủ tịch", 1).unwrap();
    let member = r.add_person(Some(&chair.id), "Lê Thị Hoa", Role::Member, "Ủy viên", 2).unwrap();
    let secretary = r.add_person(Some(&chair.id), "Trần Văn Bình", Role::Secretary, "", 3).unwrap();

    let g = r.guide(&reg, &member).unwrap();
    assert_eq!(g.next.sentence, "Chờ Chủ tịch mở đợt lấy ý kiến");
    assert_eq!(g.steps[0].state, StepState::Current);

    r.open_round(&reg, &chair.id, Some("2026-12-15"), None, 10).unwrap();
    assert_eq!(r.guide(&reg, &member).unwrap().next.sentence, "Bạn chưa góp ý · hạn 15/12/2026");
    let comment = |article: u32, clause: Option<u32>, quote: &str| {
        r.add_comment(
            &reg,
            &member.id,
            Target::Numbered { article, clause, point: None },
            quote,
            None,
            "Đề nghị làm rõ.",
            None,
            20,
        )
        .unwrap()
    };
    let c1 = comment(2, Some(1), "Tổ hợp tác, hợp tác xã");
    let c2 = comment(4, Some(1), "Giao dịch nội bộ");
    let g = r.guide(&reg, &member).unwrap();
    assert_eq!(g.next.sentence, "Bạn đã góp 2 ý kiến · hạn 15/12/2026");
    r.close_round(&reg, &chair.id, 30).unwrap();

    // The bar, before the click: permitted, with the reason; the click: the same words.
    let want = "Còn 2 ý kiến chưa tiếp thu, giải trình (khoản 1 Điều 2, khoản 1 Điều 4).";
    let submit = r
        .allowed(&reg, &chair.id, None)
        .unwrap()
        .into_iter()
        .find(|p| p.act == Act::Submit)
        .unwrap();
    assert!(submit.permitted);
    assert_eq!(submit.reason.as_deref(), Some(want));
    match r.submit(&reg, &chair.id, 40) {
        Err(ReviewError::Refused(m)) => assert_eq!(m, want),
        other => panic!("{other:?}"),
    }
    let g = r.guide(&reg, &chair).unwrap();
    assert_eq!(g.unresolved_comments, vec![c1.id.clone(), c2.id.clone()]);
    assert_eq!(g.next.sentence, "Còn 2 ý kiến chưa xử lý");
    assert_eq!(g.next.link, Some(NextLink::UnresolvedComments));
    assert!(!g.next.sentence.contains(&c1.id));

    for c in [&c1, &c2] {
        r.resolve(&c.id, &chair.id, Decision::Explained, "Giữ như dự thảo.", None, vec![], 41)
            .unwrap();
    }
    let submit = r.allowed(&reg, &chair.id, None).unwrap();
    assert!(submit.iter().any(|p| p.act == Act::Submit && p.reason.is_none()));
    r.submit(&reg, &chair.id, 45).unwrap();
    assert!(r.guide(&reg, &chair).unwrap().returned.is_none());

    // A return needs its reason; the bar then says who, when and why.
    for empty in ["", "   "] {
        assert!(matches!(
            r.return_draft(&reg, &secretary.id, empty, 50),
            Err(ReviewError::BadInput(_))
        ));
    }
    assert_eq!(r.stage(&reg).unwrap(), Stage::Submitted);
    r.return_draft(&reg, &secretary.id, "  Chưa rõ Điều 7.  ", 60).unwrap();
    let g = r.guide(&reg, &chair).unwrap();
    let back = g.returned.expect("a returned draft says who returned it");
    assert_eq!(
        (back.by_name.as_str(), back.by_position.as_str(), back.at_ms, back.reason.as_str()),
        ("Trần Văn Bình", "Chánh Văn phòng", 60, "Chưa rõ Điều 7.")
    );
    assert_eq!(g.steps[2].state, StepState::Current);
    assert_eq!(g.next.sentence, "Dự thảo bị trả lại · chỉnh lý theo lý do trả lại rồi trình lại");
}

//! The consultation and approval journey on the real 2023 Law on Cooperatives.

use quyche_archive::Archive;
use quyche_model::{Document, Kind};
use quyche_review::{
    seal_hash, AnchorState, ApprovalForm, Decision, Review, ReviewError, Role, Stage, Target, Vote,
};

struct World {
    _dir: tempfile::TempDir,
    archive: Archive,
    reg: String,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let (archive, _) = Archive::open(dir.path()).unwrap();
    let doc = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    let (reg, _) = archive.create(&doc, "Văn phòng", 1_000, "Nhập").unwrap();
    World { _dir: dir, archive, reg: reg.id }
}

fn refused(r: Result<impl std::fmt::Debug, ReviewError>) -> String {
    match r {
        Err(ReviewError::Refused(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn vote(members: u32, votes_for: u32) -> Vote {
    Vote {
        form: ApprovalForm::Meeting,
        date: "2026-11-28".into(),
        members,
        votes_for,
        against: members - votes_for,
        abstain: 0,
        absent: 0,
        decision_no: "12/QĐ-LMHTX".into(),
    }
}

/// Edits the head: `f` changes the document, the result is saved as a new revision.
fn edit(w: &World, f: impl FnOnce(&mut Document)) -> u32 {
    let head = w.archive.load(&w.reg, None).unwrap();
    let mut doc = head.document;
    f(&mut doc);
    w.archive
        .commit(&w.reg, Some(head.record.number), &doc, "Chủ tịch", 5_000, "Chỉnh lý")
        .unwrap()
        .number
}

#[test]
fn the_whole_process_with_its_rules() {
    let w = world();
    let r = Review::new(&w.archive);
    let chair = r.add_person(None, "Nguyễn Văn An", Role::Chairman, "Chủ tịch", 1).unwrap();
    let member = r
        .add_person(Some(&chair.id), "Lê Thị Hoa", Role::Member, "Ủy viên Ban Thường vụ", 2)
        .unwrap();
    let secretary = r.add_person(Some(&chair.id), "Trần Văn Bình", Role::Secretary, "", 3).unwrap();
    assert_eq!(secretary.position, "Chánh Văn phòng");
    // A member cannot add people, open rounds or approve.
    refused(r.add_person(Some(&member.id), "X", Role::Member, "", 4));
    refused(r.open_round(&w.reg, &member.id, None, None, 5));
    // Commenting needs an open round.
    let comment = |quote: &str, target: Target| {
        r.add_comment(
            &w.reg,
            &member.id,
            target,
            quote,
            None,
            "Đề nghị làm rõ.",
            Some("cụm từ đề nghị"),
            20,
        )
    };
    refused(comment(
        "Luật này quy định",
        Target::Numbered { article: 1, clause: None, point: None },
    ));

    let round = r.open_round(&w.reg, &chair.id, Some("2026-12-15"), None, 10).unwrap();
    assert_eq!((round.number, round.revision), (1, 1));
    assert_eq!(r.stage(&w.reg).unwrap(), Stage::Consultation);
    // Editing during consultation is refused: the text under review must not move.
    assert!(r.before_edit(&w.reg, Some(&chair.id)).is_err());

    // Điều 1: "Luật này quy định về thành lập, tổ chức quản lý, …"
    let c1 = comment(
        "thành lập, tổ chức quản lý",
        Target::Numbered { article: 1, clause: None, point: None },
    )
    .unwrap();
    // Điều 2 khoản 1 will be deleted below; Điều 4 khoản 1 will be reworded.
    let c2 = comment(
        "Tổ hợp tác, hợp tác xã",
        Target::Numbered { article: 2, clause: Some(1), point: None },
    )
    .unwrap();
    let c3 =
        comment("Giao dịch nội bộ", Target::Numbered { article: 4, clause: Some(1), point: None })
            .unwrap();
    // A quote not in that unit is bad input, never anchored elsewhere.
    let err = comment(
        "không có trong điều này",
        Target::Numbered { article: 1, clause: None, point: None },
    )
    .unwrap_err();
    assert!(matches!(err, ReviewError::BadInput(ref m) if m.contains("Điều 1")), "{err}");
    let err =
        comment("x", Target::Numbered { article: 999, clause: None, point: None }).unwrap_err();
    assert!(matches!(err, ReviewError::BadInput(_)), "{err}");

    r.close_round(&w.reg, &chair.id, 30).unwrap();
    assert_eq!(r.stage(&w.reg).unwrap(), Stage::Revising);

    // The chairman revises: removes Điều 2 khoản 1, rewords Điều 4 khoản 1.
    r.before_edit(&w.reg, Some(&chair.id)).unwrap();
    edit(&w, |doc| {
        let a2 = doc.articles().nth(1).unwrap().id;
        doc.find_mut(a2).unwrap().children.remove(0);
        let a4 = doc.articles().nth(3).unwrap().id;
        let k1 = &mut doc.find_mut(a4).unwrap().children[0];
        assert_eq!(k1.kind, Kind::Clause);
        k1.paragraphs[0] = k1.paragraphs[0].replace("Giao dịch nội bộ", "Giao dịch với thành viên");
    });
    let states: Vec<(String, AnchorState)> =
        r.comments(&w.reg).unwrap().into_iter().map(|c| (c.comment.id, c.anchor)).collect();
    assert_eq!(
        states,
        [
            (c1.id.clone(), AnchorState::Current),
            (c2.id.clone(), AnchorState::Outdated),
            (c3.id.clone(), AnchorState::Changed)
        ]
    );
    let listed = r.comments(&w.reg).unwrap();
    assert_eq!(listed[1].provision, "khoản 1 Điều 2");
    assert_eq!(listed[0].article_label, "Điều 1");

    // Submitting with unresolved comments is refused, naming where they are, never
    // their ids; the workflow bar says the same sentence before the click.
    let msg = refused(r.submit(&w.reg, &chair.id, 40));
    assert_eq!(
        msg,
        "Còn 3 ý kiến chưa tiếp thu, giải trình (Điều 1, khoản 1 Điều 2, khoản 1 Điều 4)."
    );
    assert!(!msg.contains(&c1.id), "{msg}");
    // Members cannot resolve; a non-acceptance needs a reason.
    refused(r.resolve(&c1.id, &member.id, Decision::Accepted, "", None, vec![], 41));
    assert!(matches!(
        r.resolve(&c2.id, &chair.id, Decision::Explained, " ", None, vec![], 41),
        Err(ReviewError::BadInput(_))
    ));
    r.resolve(&c1.id, &chair.id, Decision::Explained, "Giữ như dự thảo.", None, vec![], 42)
        .unwrap();
    r.resolve(&c2.id, &chair.id, Decision::Accepted, "", Some(2), vec![], 43).unwrap();
    r.resolve(&c3.id, &chair.id, Decision::Partly, "Sửa cách diễn đạt.", Some(2), vec![], 44)
        .unwrap();
    assert_eq!(r.submit(&w.reg, &chair.id, 45).unwrap(), 2);
    assert!(r.before_edit(&w.reg, Some(&chair.id)).is_err(), "a submitted text is frozen");

    // The vote: more than half of ALL members. The installation's key signs the seal.
    let signer = quyche_exchange::Identity::create("Thư ký", "Thư ký", None).unwrap();
    let msg = refused(r.approve(&w.reg, &secretary.id, vote(27, 13), &signer, 50));
    assert!(msg.contains("13 trên 27"), "{msg}");
    refused(r.approve(&w.reg, &member.id, vote(27, 20), &signer, 50));
    let approval = r.approve(&w.reg, &secretary.id, vote(27, 20), &signer, 51).unwrap();
    let signature = approval.signature.as_ref().expect("every new approval is signed");
    assert_eq!(signature.signer, signer.card());
    signature.check(&approval.statement()).unwrap();
    assert_eq!(approval.revision, 2);
    let sealed = w.archive.load(&w.reg, Some(2)).unwrap().document;
    assert_eq!(approval.seal, seal_hash(&sealed));
    assert_eq!(r.stage(&w.reg).unwrap(), Stage::Approved);
    // A second approval of the same revision cannot overwrite the seal.
    assert!(r.approve(&w.reg, &secretary.id, vote(27, 20), &signer, 52).is_err());

    // Editing the approved text starts a new draft; the seal still verifies.
    assert_eq!(r.before_edit(&w.reg, Some(&chair.id)).unwrap(), Some(Stage::Draft));
    let rev = edit(&w, |doc| {
        let a1 = doc.articles().next().unwrap().id;
        doc.find_mut(a1).unwrap().paragraphs.push("Sửa đổi sau khi thông qua.".into());
    });
    r.after_edit(&w.reg, &chair.name, rev, 60).unwrap();
    assert_eq!(r.stage(&w.reg).unwrap(), Stage::Draft);
    assert!(r.verify_seals().unwrap().is_empty());

    // Every action is in the chained audit log, and the store verifies.
    let actions: Vec<String> =
        w.archive.store().audit().unwrap().into_iter().map(|e| e.action).collect();
    for a in [
        "person-add",
        "round-open",
        "comment",
        "round-close",
        "resolve",
        "submit",
        "approve",
        "redraft",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} missing from {actions:?}");
    }
    assert!(w.archive.verify().unwrap().problems.is_empty());
}

//! Approval promulgates the demo's draft: the decision's number and date go into the
//! header as a new revision, and that revision is sealed. An attempt whose approval record
//! failed to write leaves the regulation submitted, and approving again works.

use quyche_archive::Archive;
use quyche_review::promulgation::{promulgate, promulgation_message, remaining_blanks};
use quyche_review::{seal_hash, ApprovalForm, Review, Role, Stage, Vote};

const DEMO: &str = include_str!("../../api/demo/quy-che-lam-viec-v2.txt");

fn vote(decision_no: &str, votes_for: u32, absent: u32) -> Vote {
    Vote {
        form: ApprovalForm::Meeting,
        date: "2026-12-20".into(),
        members: 27,
        votes_for,
        against: 27 - votes_for - absent - 2,
        abstain: 2,
        decision_no: decision_no.into(),
        absent,
    }
}

struct Submitted {
    _dir: tempfile::TempDir,
    archive: Archive,
    reg: String,
}

fn submitted() -> (Submitted, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (archive, _) = Archive::open(dir.path()).unwrap();
    let doc = quyche_text::parse(DEMO).document;
    let (reg, _) = archive.create(&doc, "Văn phòng", 1_000, "Dự thảo").unwrap();
    let r = Review::new(&archive);
    let chair = r.add_person(None, "Nguyễn Văn An", Role::Chairman, "Chủ tịch", 1).unwrap();
    let secretary = r.add_person(Some(&chair.id), "Trần Thị Bình", Role::Secretary, "", 2).unwrap();
    r.open_round(&reg.id, &chair.id, None, None, 3).unwrap();
    r.close_round(&reg.id, &chair.id, 4).unwrap();
    r.submit(&reg.id, &chair.id, 5).unwrap();
    (Submitted { _dir: dir, archive, reg: reg.id }, chair.id, secretary.id)
}

#[test]
fn the_sealed_revision_is_the_promulgated_one() {
    let (w, _, secretary) = submitted();
    let r = Review::new(&w.archive);
    let signer =
        quyche_exchange::Identity::create("Trần Thị Bình", "Chánh Văn phòng", None).unwrap();
    let draft = w.archive.load(&w.reg, None).unwrap().document;
    assert!(!remaining_blanks(&draft).is_empty(), "the demo's draft has blanks");
    let a = r.approve(&w.reg, &secretary, vote("12/QĐ-LMHTX", 20, 1), &signer, 10).unwrap();
    assert_eq!(a.revision, 2);
    let sealed = w.archive.load(&w.reg, Some(2)).unwrap();
    assert_eq!(sealed.record.author, "Trần Thị Bình");
    assert_eq!(
        sealed.record.message,
        "Văn bản được thông qua theo Quyết định số 12/QĐ-LMHTX ngày 20/12/2026"
    );
    assert_eq!(a.seal, seal_hash(&sealed.document));
    assert_eq!(sealed.document, promulgate(&draft, "12/QĐ-LMHTX", "2026-12-20"));
    assert!(remaining_blanks(&sealed.document).is_empty());
    assert_eq!(r.stage(&w.reg).unwrap(), Stage::Approved);
    assert!(r.verify_seals().unwrap().is_empty());
    // The absent count is kept with the vote; the seal's signed counts are as before.
    assert_eq!(r.approvals(&w.reg).unwrap()[0].vote.absent, 1);
}

#[test]
fn an_attempt_that_committed_the_revision_but_not_the_record_can_be_approved_again() {
    let (w, _, secretary) = submitted();
    let r = Review::new(&w.archive);
    let signer =
        quyche_exchange::Identity::create("Trần Thị Bình", "Chánh Văn phòng", None).unwrap();
    // What a failed attempt leaves: the promulgated revision committed, no approval record.
    let draft = w.archive.load(&w.reg, None).unwrap().document;
    let promulgated = promulgate(&draft, "12/QĐ-LMHTX", "2026-12-20");
    let message = promulgation_message("12/QĐ-LMHTX", "2026-12-20");
    w.archive.commit(&w.reg, Some(1), &promulgated, "Trần Thị Bình", 8, &message).unwrap();
    assert_eq!(r.stage(&w.reg).unwrap(), Stage::Submitted, "still submitted");
    assert!(r.approvals(&w.reg).unwrap().is_empty());
    // The same vote again: the committed revision is found and sealed, none is added.
    let a = r.approve(&w.reg, &secretary, vote("12/QĐ-LMHTX", 20, 0), &signer, 10).unwrap();
    assert_eq!(a.revision, 2);
    assert_eq!(w.archive.regulation(&w.reg).unwrap().head, 2);
    assert_eq!(r.stage(&w.reg).unwrap(), Stage::Approved);
}

#[test]
fn a_retry_with_another_number_promulgates_the_submitted_text_afresh() {
    let (w, _, secretary) = submitted();
    let r = Review::new(&w.archive);
    let signer =
        quyche_exchange::Identity::create("Trần Thị Bình", "Chánh Văn phòng", None).unwrap();
    let draft = w.archive.load(&w.reg, None).unwrap().document;
    let wrong = promulgate(&draft, "11/QĐ-LMHTX", "2026-12-20");
    let message = promulgation_message("11/QĐ-LMHTX", "2026-12-20");
    w.archive.commit(&w.reg, Some(1), &wrong, "Trần Thị Bình", 8, &message).unwrap();
    let a = r.approve(&w.reg, &secretary, vote("12/QĐ-LMHTX", 20, 0), &signer, 10).unwrap();
    assert_eq!(a.revision, 3);
    let sealed = w.archive.load(&w.reg, Some(3)).unwrap().document;
    assert_eq!(sealed.header.number.as_ref().unwrap().value, "12/QĐ-LMHTX");
    assert_eq!(sealed, promulgate(&draft, "12/QĐ-LMHTX", "2026-12-20"));
}

#[test]
fn a_failed_vote_returns_the_draft_and_is_no_approval() {
    let (w, chair, secretary) = submitted();
    let r = Review::new(&w.archive);
    let signer =
        quyche_exchange::Identity::create("Trần Thị Bình", "Chánh Văn phòng", None).unwrap();
    // Ballots and absences beyond the members are refused.
    let mut too_many = vote("", 10, 3);
    too_many.against = 15;
    assert!(r.record_failed_vote(&w.reg, &secretary, too_many, 9).is_err());
    // A passing count is no failed vote; a failing count is no approval.
    assert!(r.record_failed_vote(&w.reg, &secretary, vote("", 20, 1), 9).is_err());
    assert!(r.approve(&w.reg, &secretary, vote("12/QĐ-LMHTX", 10, 3), &signer, 9).is_err());
    let f = r.record_failed_vote(&w.reg, &secretary, vote("", 10, 3), 10).unwrap();
    assert_eq!(
        f.reason,
        "Biểu quyết không đạt: 10/27 tán thành, 12 không tán thành, 2 không biểu quyết, 3 vắng mặt (ngày 20/12/2026)."
    );
    assert_eq!(r.stage(&w.reg).unwrap(), Stage::Returned);
    assert!(r.approvals(&w.reg).unwrap().is_empty());
    assert_eq!(r.failed_votes(&w.reg).unwrap(), std::slice::from_ref(&f));
    let last = w.archive.store().audit().unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.detail.as_str()), ("return", f.reason.as_str()));
    // Submitted again, it can be approved.
    r.submit(&w.reg, &chair, 11).unwrap();
    r.approve(&w.reg, &secretary, vote("12/QĐ-LMHTX", 20, 1), &signer, 12).unwrap();
}

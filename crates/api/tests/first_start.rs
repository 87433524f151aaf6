//! One person, one identity, from the first start: the sample regulation, the first-start
//! call that makes the identity, the person and the current user one, and old databases.

use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use quyche_api::{Actor, Clock, ErrorCode, LibraryLead, Quyche, Role};

fn open(dir: &Path) -> Quyche {
    let t = Arc::new(AtomicI64::new(1_795_832_400_000));
    let clock: Clock = Arc::new(move || t.fetch_add(1000, Ordering::SeqCst));
    Quyche::open(dir, clock).expect("open")
}

const TEXT: &str = "QUY CHẾ THỬ\nĐiều 1. Phạm vi\nNội dung.\n";

#[test]
fn the_sample_is_marked_removed_for_good_and_only_a_sample_is_removable() {
    let dir = tempfile::tempdir().unwrap();
    let q = open(dir.path());
    let id = q.seed_demo_if_empty().unwrap().expect("seeded");
    assert!(q.people().unwrap().is_empty(), "the first start seeds no person");
    assert!(q.current_user().unwrap().is_none());
    let list = q.list_regulations().unwrap();
    assert!(list[0].sample);

    let own = q.import_bytes("own.txt", TEXT.as_bytes(), None, Actor::Named("Văn phòng")).unwrap();
    let err = q.remove_sample(&own.regulation_id).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused);
    assert!(!err.message.contains(&own.regulation_id), "{}", err.message);

    q.remove_sample(&id).unwrap();
    let ids: Vec<String> = q.list_regulations().unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![own.regulation_id.clone()], "the sample left the library");
    assert!(q.open_regulation(&id, None).is_err());
    assert!(q.audit().unwrap().iter().any(|e| e.action == "sample-remove"));
    assert!(q.verify().unwrap().problems.is_empty(), "{:?}", q.verify().unwrap().problems);
    assert_eq!(q.remove_sample(&id).unwrap_err().code, ErrorCode::Refused, "gone already");
    drop(q);

    // Never seeded again, even with an empty library.
    let dir2 = tempfile::tempdir().unwrap();
    let q = open(dir2.path());
    let id = q.seed_demo_if_empty().unwrap().unwrap();
    q.remove_sample(&id).unwrap();
    assert!(q.list_regulations().unwrap().is_empty());
    assert_eq!(q.seed_demo_if_empty().unwrap(), None);
    drop(q);
    let q = open(dir2.path());
    assert_eq!(q.seed_demo_if_empty().unwrap(), None, "the marker outlives a restart");
}

#[test]
fn the_first_start_makes_identity_person_and_current_user_one_and_only_once() {
    let dir = tempfile::tempdir().unwrap();
    let q = open(dir.path());
    q.seed_demo_if_empty().unwrap();
    let start = q.first_start().unwrap();
    assert!(start.needed);
    assert!(start.owner.is_none());
    let labels: Vec<&str> = start.roles.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["Chủ tịch", "Ủy viên", "Chánh Văn phòng"]);

    // Bad fields write nothing: no identity, no person.
    for (name, position) in [("  ", "Ủy viên"), ("Lê Thị Hoa", ""), ("Lê\u{202e}Hoa", "Ủy viên")]
    {
        let err = q.start_here(name, position, Role::Member).unwrap_err();
        assert_eq!(err.code, ErrorCode::BadInput, "{name:?} {position:?}");
        assert!(q.identity().unwrap().is_none());
        assert!(q.people().unwrap().is_empty());
    }

    // NFD in, NFC stored.
    let me =
        q.start_here("Le\u{0302} Thi\u{0323} Hoa", "Ủy viên Ban Thường vụ", Role::Member).unwrap();
    assert_eq!(me.name, "Lê Thị Hoa");
    assert_eq!(me.role, Role::Member);
    assert!(me.has_key);
    let identity = q.identity().unwrap().expect("identity");
    assert_eq!(
        (identity.name.as_str(), identity.position.as_str()),
        ("Lê Thị Hoa", "Ủy viên Ban Thường vụ")
    );
    assert_eq!(q.current_user().unwrap().map(|p| p.id), Some(me.id.clone()));
    let start = q.first_start().unwrap();
    assert!(!start.needed);
    assert_eq!(start.owner.map(|p| p.id), Some(me.id.clone()));
    // A member with only the sample leads with opening a package.
    assert_eq!(start.lead, LibraryLead::OpenPackage);
    assert_eq!(start.lead_label, "Mở gói lấy ý kiến…");
    assert!(q.audit().unwrap().iter().any(|e| e.action == "start-here" && e.actor == "Lê Thị Hoa"));

    let err = q.start_here("Người khác", "Chủ tịch", Role::Chairman).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused);
    assert_eq!(q.people().unwrap().len(), 1);
    assert_eq!(q.identity().unwrap().unwrap().fingerprint, identity.fingerprint);

    // With a text of their own, a member leads with import too.
    q.import_bytes("own.txt", TEXT.as_bytes(), None, Actor::Current).unwrap();
    assert_eq!(q.first_start().unwrap().lead, LibraryLead::ImportText);
}

#[test]
fn a_chairman_leads_with_import_and_adds_the_committee() {
    let dir = tempfile::tempdir().unwrap();
    let q = open(dir.path());
    q.seed_demo_if_empty().unwrap();
    let me = q.start_here("Nguyễn Văn Chủ", "Chủ tịch", Role::Chairman).unwrap();
    assert_eq!(q.first_start().unwrap().lead, LibraryLead::ImportText);
    let member = q.add_person(Actor::Current, "Trần Văn Thành", Role::Member, "Ủy viên").unwrap();
    // Acting for another person keeps the owner as the machine's owner.
    q.set_current_user(&member.id).unwrap();
    assert_eq!(q.first_start().unwrap().owner.map(|p| p.id), Some(me.id));
}

#[test]
fn old_databases_keep_their_user_and_link_identity_and_person_by_key() {
    // People and a current user, no identity: nothing asked, the current user stays.
    let dir = tempfile::tempdir().unwrap();
    let q = open(dir.path());
    q.add_demo_committee().unwrap();
    let before = q.current_user().unwrap().unwrap();
    let start = q.first_start().unwrap();
    assert!(!start.needed);
    assert_eq!(start.owner.map(|p| p.id), Some(before.id.clone()));
    assert_eq!(q.current_user().unwrap().unwrap().id, before.id);
    drop(q);

    // An identity and a person with its key, but no current user: linked.
    let dir = tempfile::tempdir().unwrap();
    let q = open(dir.path());
    q.create_identity("Phạm Văn Khóa", "Chủ tịch").unwrap();
    let card = dir.path().join("card.quyche-id");
    q.export_identity_card(&card).unwrap();
    let p = q.add_person_from_card(Actor::Current, &card, Role::Chairman, false).unwrap();
    assert!(q.current_user().unwrap().is_none());
    let start = q.first_start().unwrap();
    assert!(!start.needed);
    assert_eq!(start.owner.map(|o| o.id), Some(p.id.clone()));
    assert_eq!(q.current_user().unwrap().map(|c| c.id), Some(p.id));
    assert_eq!(
        q.start_here("Ai đó", "Ủy viên", Role::Member).unwrap_err().code,
        ErrorCode::Refused
    );
}

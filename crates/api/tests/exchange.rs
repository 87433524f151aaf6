//! The offline exchange through the facade, as the app asks it: which exchange actions
//! the workflow offers to whom (the rules' answers, with the reason when not), and a
//! received copy that stays read-only across a restart because the database says so.

use std::path::{Path, PathBuf};

use crate::test_clock;
use quyche_api::{ActionView, Actor, ErrorCode, Quyche, Target};
use quyche_review::{rules::RECEIVED_COPY_READ_ONLY, Role};

fn open(dir: &Path) -> Quyche {
    Quyche::open(dir, test_clock()).expect("open")
}

fn demo_text() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/quy-che-lam-viec-v2.txt")
}

fn answer(q: &Quyche, reg: &str, actor: Actor<'_>, action: &str) -> ActionView {
    let wf = q.workflow(reg, actor).expect("workflow");
    wf.actions.into_iter().find(|a| a.action == action).unwrap_or_else(|| panic!("{action}"))
}

/// The chairman's machine with a round open, and the member's card on its roster.
struct Chair {
    q: Quyche,
    reg: String,
    chairman: String,
    member: String,
    secretary: String,
}

fn chair_with_open_round(files: &Path, member_card: &Path) -> Chair {
    let q = open(&files.join("chair"));
    q.create_identity("Nguyễn Văn An", "Chủ tịch").unwrap();
    let card = files.join("chair.quyche-id");
    q.export_identity_card(&card).unwrap();
    let reg = q.import_file(&demo_text(), Actor::Named("Văn phòng")).unwrap().regulation_id;
    let chairman = q.add_person_from_card(Actor::Current, &card, Role::Chairman, false).unwrap().id;
    let by = Actor::Person(&chairman);
    let member = q.add_person_from_card(by, member_card, Role::Member, false).unwrap().id;
    let secretary = q.add_person(by, "Trần Thị Bình", Role::Secretary, "").unwrap().id;
    q.set_current_user(&chairman).unwrap();
    Chair { q, reg, chairman, member, secretary }
}

#[test]
fn the_workflow_offers_the_exchange_actions_the_rules_give_and_says_why_not() {
    let files = tempfile::tempdir().unwrap();
    let member_q = open(&files.path().join("member"));
    member_q.create_identity("Lê Văn Cường", "Phó Chủ tịch").unwrap();
    let member_card = files.path().join("member.quyche-id");
    member_q.export_identity_card(&member_card).unwrap();
    let c = chair_with_open_round(files.path(), &member_card);
    let (q, reg) = (&c.q, c.reg.as_str());

    // Draft: nothing to send yet; the chairman's role has it, the stage not.
    let pkg = answer(q, reg, Actor::Person(&c.chairman), "package");
    assert!(!pkg.allowed && !pkg.permitted, "{pkg:?}");
    assert!(pkg.reason.as_deref().unwrap().contains("Dự thảo"), "{pkg:?}");

    q.open_round(reg, Actor::Current, Some("2026-12-15")).unwrap();
    // (actor, action, permitted, allowed, a piece of the reason)
    let rows: [(&str, &str, bool, bool, &str); 9] = [
        (&c.chairman, "package", true, true, ""),
        (&c.chairman, "import_bundle", true, true, ""),
        (&c.secretary, "import_bundle", true, true, ""),
        (&c.member, "import_bundle", false, false, "không có quyền nhập góp ý"),
        (&c.member, "package", false, false, "chỉ Chủ tịch được làm việc này"),
        // The secretary has no key here, and may not package anyway.
        (&c.secretary, "package", false, false, "không có quyền gửi gói lấy ý kiến"),
        // The chairman's own database holds every comment made in it: nothing to send.
        (&c.member, "bundle", false, false, "không phải bản nhận từ gói"),
        (&c.chairman, "bundle", false, false, "không phải bản nhận từ gói"),
        (&c.chairman, "edit", false, false, "Đang lấy ý kiến"),
    ];
    for (who, action, permitted, allowed, why) in rows {
        let a = answer(q, reg, Actor::Person(who), action);
        assert_eq!((a.permitted, a.allowed), (permitted, allowed), "{who} {action}: {a:?}");
        assert_eq!(a.reason.is_none(), allowed, "{who} {action}: {a:?}");
        assert!(a.reason.as_deref().unwrap_or("").contains(why), "{who} {action}: {a:?}");
    }
    let wf = q.workflow(reg, Actor::Current).unwrap();
    assert!(!wf.received_copy);
    assert!(wf.actions.iter().all(|a| a.action != "open_package"), "not about one regulation");

    // The answer is the action's: the member is refused the same way by the action.
    let err = q
        .package_to_file(reg, Actor::Person(&c.member), &files.path().join("x.quyche"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused);
    assert_eq!(Some(err.message), answer(q, reg, Actor::Person(&c.member), "package").reason);
}

#[test]
fn a_received_copy_is_read_only_and_stays_so_after_a_restart() {
    let files = tempfile::tempdir().unwrap();
    let member_dir = files.path().join("member");
    let member_card = files.path().join("member.quyche-id");
    {
        let m = open(&member_dir);
        m.create_identity("Lê Văn Cường", "Phó Chủ tịch").unwrap();
        m.export_identity_card(&member_card).unwrap();
    }
    let c = chair_with_open_round(files.path(), &member_card);
    c.q.open_round(&c.reg, Actor::Current, None).unwrap();
    let package = files.path().join("goi.quyche");
    c.q.package_to_file(&c.reg, Actor::Current, &package).unwrap();

    let check = |q: &Quyche, when: &str| {
        let reg = c.reg.as_str();
        let wf = q.workflow(reg, Actor::Current).unwrap();
        assert!(wf.received_copy, "{when}: the workflow says it is a received copy");
        assert_eq!(wf.user.as_ref().map(|u| u.id.as_str()), Some(c.member.as_str()), "{when}");
        let listed = q.list_regulations().unwrap();
        assert!(listed.iter().any(|r| r.id == reg && r.received_copy), "{when}: the library too");
        let edit = answer(q, reg, Actor::Current, "edit");
        assert!(!edit.allowed && !edit.permitted, "{when}: {edit:?}");
        assert_eq!(edit.reason.as_deref(), Some(RECEIVED_COPY_READ_ONLY), "{when}");
        // The save itself is refused with the same reason, and nothing is written.
        let view = q.open_regulation(reg, None).unwrap();
        let err = q
            .save_article(reg, view.revision.number, 1, "Phạm vi\nSửa.", Actor::Current)
            .unwrap_err();
        assert_eq!((err.code, err.message.as_str()), (ErrorCode::Refused, RECEIVED_COPY_READ_ONLY));
        assert_eq!(q.history(reg).unwrap().len(), 1, "{when}");
        // Neither a package nor bundles go through a copy.
        for action in ["package", "import_bundle"] {
            let a = answer(q, reg, Actor::Current, action);
            assert!(!a.allowed && !a.permitted, "{when} {action}: {a:?}");
        }
    };

    {
        let m = open(&member_dir);
        let fp = c.q.identity().unwrap().unwrap().fingerprint;
        assert_eq!(m.open_package_file(&package, Some(&fp)).unwrap(), c.reg);
        check(&m, "just opened");
        // Sending my comments back is mine to do; it needs a comment first.
        let bundle = answer(&m, &c.reg, Actor::Current, "bundle");
        assert!(bundle.permitted && !bundle.allowed, "{bundle:?}");
        assert_eq!(bundle.reason.as_deref(), Some("Không có góp ý mới nào để gửi."));
    }
    // A restart: a new process opens the same database.
    let m = open(&member_dir);
    check(&m, "after a restart");
    let target = Target::Numbered { article: 1, clause: None, point: None };
    m.add_comment(
        &c.reg,
        Actor::Current,
        target,
        "Phạm vi điều chỉnh",
        None,
        "Tách hai khoản.",
        None,
    )
    .unwrap();
    let bundle = answer(&m, &c.reg, Actor::Current, "bundle");
    assert!(bundle.permitted && bundle.allowed, "{bundle:?}");
    assert_eq!(m.bundle_to_file(&c.reg, &files.path().join("bo-1.zip")).unwrap(), 1);
    let bundle = answer(&m, &c.reg, Actor::Current, "bundle");
    assert_eq!(bundle.reason.as_deref(), Some("Không có góp ý mới nào để gửi."), "sent already");

    // Back on the chairman's machine, the secretary takes the bundle in.
    let got =
        c.q.import_bundle_files(
            &[files.path().join("bo-1.zip").display().to_string()],
            Actor::Person(&c.secretary),
            false,
            None,
        )
        .unwrap();
    assert!(got[0].ok && got[0].new_comments == 1, "{got:?}");
}

/// The reproduction through the facade: the member's machine has its own
/// committee (Cường is its chairman and current user). Opening the other installation's
/// package, through the window's preview and confirmation, leaves that committee as it
/// was; on the copy, the machine acts as Cường's person on the sender's roster.
#[test]
fn a_package_whose_roster_names_other_people_never_changes_this_installations_people() {
    let files = tempfile::tempdir().unwrap();
    let m = open(&files.path().join("member"));
    m.create_identity("Lê Văn Cường", "Phó Chủ tịch").unwrap();
    let member_card = files.path().join("member.quyche-id");
    m.export_identity_card(&member_card).unwrap();
    let me = m.add_person(Actor::Current, "Lê Văn Cường", Role::Chairman, "Chủ tịch").unwrap();
    m.add_person(Actor::Person(&me.id), "Đỗ Thị Mai", Role::Secretary, "").unwrap();
    m.set_current_user(&me.id).unwrap();
    let c = chair_with_open_round(files.path(), &member_card);
    c.q.open_round(&c.reg, Actor::Current, None).unwrap();
    let package = files.path().join("goi.quyche");
    c.q.package_to_file(&c.reg, Actor::Current, &package).unwrap();
    let fp = c.q.identity().unwrap().unwrap().fingerprint;
    let installation = |q: &Quyche| {
        serde_json::to_value((q.people().unwrap(), q.current_user().unwrap())).unwrap()
    };
    let before = installation(&m);

    // The window previews the picked file: the chairman, the fingerprint, not trusted.
    let preview = m.preview_package(&package).unwrap();
    assert_eq!((preview.regulation_id.as_str(), preview.round), (c.reg.as_str(), 1));
    assert_eq!(preview.chairman_name, "Nguyễn Văn An");
    assert_eq!(preview.fingerprint, fp);
    assert!(!preview.trusted && preview.trusted_because.is_none() && !preview.opened_before);
    assert_eq!(preview.file, "goi.quyche");
    // Not confirmed, or confirmed with another fingerprint: refused, nothing written.
    let err = m.open_previewed_package(preview.handle, None).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err:?}");
    assert!(err.message.contains(&fp), "{}", err.message);
    let err = m.open_previewed_package(preview.handle, Some("0000 1111".into())).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err:?}");
    assert!(m.list_regulations().unwrap().is_empty());
    let err = m.open_previewed_package(preview.handle + 100, Some(fp.clone())).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput, "an unknown handle: {err:?}");

    assert_eq!(m.open_previewed_package(preview.handle, Some(fp.to_lowercase())).unwrap(), c.reg);
    assert_eq!(installation(&m), before, "people, roles, keys and current user unchanged");
    let again = m.inspect_package_file(&package).unwrap();
    assert!(again.trusted && again.opened_before, "{again:?}");
    assert!(again.trusted_because.unwrap().contains("ghim"));

    // On the copy the machine acts as Cường's person of the sender's roster, a member,
    // and the round's reviewers are the sender's people.
    let wf = m.workflow(&c.reg, Actor::Current).unwrap();
    let user = wf.user.unwrap();
    assert_eq!((user.id.as_str(), user.role), (c.member.as_str(), Role::Member));
    let reviewers: Vec<String> = wf.round.unwrap().reviewers.into_iter().map(|p| p.id).collect();
    assert!(reviewers.contains(&c.chairman) && reviewers.contains(&c.member), "{reviewers:?}");
    let target = Target::Numbered { article: 1, clause: None, point: None };
    let comment = m
        .add_comment(&c.reg, Actor::Current, target, "Phạm vi điều chỉnh", None, "Tách.", None)
        .unwrap();
    assert_eq!(
        (comment.author.as_str(), comment.author_name.as_str()),
        (c.member.as_str(), "Lê Văn Cường")
    );
    assert_eq!(installation(&m), before);
    // Cường's own committee and its rules are untouched: he is still its chairman.
    assert_eq!(m.current_user().unwrap().unwrap().role, Role::Chairman);
}

/// A bundle that comes back after the round closed is refused as late, its file held so
/// the chairman can take it in as late ("Nhận là nộp muộn"); the comment says so.
#[test]
fn a_late_bundle_is_held_for_the_chairman_to_accept_as_late() {
    let files = tempfile::tempdir().unwrap();
    let m = open(&files.path().join("member"));
    m.create_identity("Lê Văn Cường", "Phó Chủ tịch").unwrap();
    let member_card = files.path().join("member.quyche-id");
    m.export_identity_card(&member_card).unwrap();
    let c = chair_with_open_round(files.path(), &member_card);
    c.q.open_round(&c.reg, Actor::Current, None).unwrap();
    let package = files.path().join("goi.quyche");
    c.q.package_to_file(&c.reg, Actor::Current, &package).unwrap();
    let fp = c.q.identity().unwrap().unwrap().fingerprint;
    m.open_package_file(&package, Some(&fp)).unwrap();
    let target = Target::Numbered { article: 1, clause: None, point: None };
    m.add_comment(&c.reg, Actor::Current, target, "Phạm vi điều chỉnh", None, "Muộn.", None)
        .unwrap();
    let bundle = files.path().join("bo-muon.zip");
    m.bundle_to_file(&c.reg, &bundle).unwrap();
    c.q.close_round(&c.reg, Actor::Current).unwrap();

    let got = c.q.import_bundle_files(&[bundle.display().to_string()], Actor::Current, false, None);
    let got = got.unwrap().pop().unwrap();
    assert!(!got.ok && got.late, "{got:?}");
    assert!(got.error.as_deref().unwrap().contains("nộp muộn"), "{got:?}");
    let handle = got.handle.expect("the late file is held");
    // Only the chairman takes a late bundle in.
    let err = c.q.import_held_bundle(handle, Actor::Person(&c.secretary), true).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err:?}");
    assert!(c.q.comments(&c.reg).unwrap().is_empty());
    assert_eq!(c.q.import_held_bundle(handle, Actor::Current, true).unwrap(), 1);
    let comments = c.q.comments(&c.reg).unwrap();
    assert!(comments[0].late, "{:?}", comments[0]);
    // A file refused for another reason is not offered as late.
    std::fs::write(files.path().join("hong.zip"), b"PK\x03\x04 not really").unwrap();
    let bad = files.path().join("hong.zip").display().to_string();
    let got = c.q.import_bundle_files(&[bad], Actor::Current, true, None).unwrap().pop().unwrap();
    assert!(!got.ok && !got.late && got.handle.is_none(), "{got:?}");
}

//! Opening review packages on another installation: the copy keeps its own roster and
//! never touches this installation's people, the chairman's key is pinned at the first
//! open (after its fingerprint is confirmed), a refused package leaves nothing behind,
//! late bundles need the chairman, and look-alike names do not slip past the key-change
//! warning.

use quyche_archive::Archive;
use quyche_exchange::{
    Anchor, BundleComment, BundleInput, CommentBundle, Identity, PackageInput, Quote,
    ReviewPackage, Role as XRole, RosterEntry, RoundInfo,
};
use quyche_review::exchange::KeyTrust;
use quyche_review::{Person, Review, ReviewError, Role};

fn doc() -> quyche_model::Document {
    quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document
}

/// The chairman's installation: An (chairman, with key), Hoa (member, with key), and the
/// member installation's owner Bình on the roster too; a round open on one regulation.
struct Chair {
    _dir: tempfile::TempDir,
    archive: Archive,
    reg: String,
    an: String,
    key: Identity,
}

fn chair(member: &Identity) -> Chair {
    let dir = tempfile::tempdir().unwrap();
    let (archive, _) = Archive::open(dir.path()).unwrap();
    let (reg, _) = archive.create(&doc(), "Văn phòng", 1, "Nhập").unwrap();
    let key = Identity::create("Nguyễn Văn An", "Chủ tịch", None).unwrap();
    let an = {
        let r = Review::new(&archive);
        let an = r
            .add_person_with_key(
                None,
                "Nguyễn Văn An",
                Role::Chairman,
                "Chủ tịch",
                &key.public_key().to_base64(),
                false,
                2,
            )
            .unwrap();
        for (name, id) in [("Lê Thị Hoa", None), ("Trần Văn Bình", Some(member))] {
            let k = id.map(|i| i.public_key().to_base64()).unwrap_or_else(|| {
                Identity::create(name, "Ủy viên", None).unwrap().public_key().to_base64()
            });
            r.add_person_with_key(Some(&an.id), name, Role::Member, "Ủy viên", &k, false, 3)
                .unwrap();
        }
        r.open_round(&reg.id, &an.id, Some("2026-12-15"), None, 4).unwrap();
        an.id
    };
    Chair { _dir: dir, archive, reg: reg.id, an, key }
}

/// The other installation: Bình is the chairman of his own committee here, with his own
/// people and current user, and a regulation of his own.
struct Member {
    _dir: tempfile::TempDir,
    archive: Archive,
    key: Identity,
    own_reg: String,
}

fn member() -> Member {
    let dir = tempfile::tempdir().unwrap();
    let (archive, _) = Archive::open(dir.path()).unwrap();
    let key = Identity::create("Trần Văn Bình", "Chủ tịch", None).unwrap();
    let r = Review::new(&archive);
    let me = r
        .add_person_with_key(
            None,
            "Trần Văn Bình",
            Role::Chairman,
            "Chủ tịch",
            &key.public_key().to_base64(),
            false,
            1,
        )
        .unwrap();
    r.add_person(Some(&me.id), "Nguyễn Văn An", Role::Secretary, "", 2).unwrap();
    r.set_current_user(&me.id, 3).unwrap();
    let d = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2012)).document;
    let (own, _) = archive.create(&d, "Trần Văn Bình", 4, "Nhập").unwrap();
    Member { _dir: dir, archive, key, own_reg: own.id }
}

/// Everything of this installation a package must never change.
fn installation(archive: &Archive, own_reg: &str) -> (Vec<Person>, Option<Person>, String, u32) {
    let r = Review::new(archive);
    let reg = archive.regulation(own_reg).unwrap();
    (r.people().unwrap(), r.current_user().unwrap(), reg.status, reg.head)
}

#[test]
fn a_package_whose_roster_names_other_people_never_changes_this_installations_people() {
    let m = member();
    let c = chair(&m.key);
    let package = Review::new(&c.archive).package(&c.reg, &c.an, &c.key, 10).unwrap();
    let before = installation(&m.archive, &m.own_reg);
    let r = Review::new(&m.archive);

    let opened = r.open_package(&package, Some(&m.key), Some(&c.key.fingerprint()), 20).unwrap();
    assert_eq!(opened.regulation, c.reg);
    assert_eq!(installation(&m.archive, &m.own_reg), before, "people, roles, keys, current user");
    assert_eq!(before.0.len(), 2, "still one chairman, Bình, and his secretary");

    // The copy has the sender's roster, for that copy only.
    let roster = r.people_on(&c.reg).unwrap();
    let mut names: Vec<(&str, Role)> = roster.iter().map(|p| (p.name.as_str(), p.role)).collect();
    names.sort_by_key(|(n, _)| *n);
    assert_eq!(
        names,
        [
            ("Lê Thị Hoa", Role::Member),
            ("Nguyễn Văn An", Role::Chairman),
            ("Trần Văn Bình", Role::Member)
        ]
    );
    assert_eq!(r.people_on(&m.own_reg).unwrap(), before.0, "a text drafted here: my people");
    // On the copy, this installation acts as its owner's roster person: a member there.
    let me = r.acting_on(&c.reg, None, Some(&m.key.public_key().to_base64())).unwrap().unwrap();
    assert_eq!((me.name.as_str(), me.role), ("Trần Văn Bình", Role::Member));
    assert_eq!(opened.owner.as_deref(), Some(me.id.as_str()));
    assert!(r.acting_on(&m.own_reg, None, None).unwrap().is_none());

    // Comments on the copy name the copy's people.
    let target = quyche_review::Target::Numbered { article: 1, clause: None, point: None };
    let comment = r
        .add_comment(&c.reg, &me.id, target, "Phạm vi điều chỉnh", None, "Tách khoản.", None, 30)
        .unwrap();
    let listed = r.comments(&c.reg).unwrap();
    assert_eq!(listed[0].author.as_ref().map(|p| p.name.as_str()), Some("Trần Văn Bình"));
    assert_eq!(listed[0].comment.id, comment.id);
    // My own person id means nothing on the copy's roster.
    let mine = before.1.as_ref().unwrap();
    assert!(r.person_on(&c.reg, &mine.id).is_err());

    // A second, newer package changes the copy, and still not my people.
    let again = Review::new(&c.archive).package(&c.reg, &c.an, &c.key, 40).unwrap();
    assert!(r.open_package(&again, Some(&m.key), None, 50).unwrap().changed, "pinned: no trust");
    assert_eq!(installation(&m.archive, &m.own_reg), before);
}

#[test]
fn the_chairmans_key_is_pinned_at_the_first_open_after_its_fingerprint_is_confirmed() {
    let m = member();
    let c = chair(&m.key);
    let package = Review::new(&c.archive).package(&c.reg, &c.an, &c.key, 10).unwrap();
    let r = Review::new(&m.archive);
    let owner = m.key.public_key().to_base64();
    let audit = m.archive.store().audit().unwrap().len();

    let preview = r.inspect_package(&package, Some(&owner)).unwrap();
    assert_eq!(preview.regulation, c.reg);
    assert_eq!((preview.chairman_name.as_str(), preview.round), ("Nguyễn Văn An", 1));
    assert_eq!(preview.fingerprint, c.key.fingerprint());
    assert_eq!(preview.trusted, None);
    assert!(!preview.opened_before);

    // No confirmation, or the wrong fingerprint: refused, with the fingerprint shown.
    let other = Identity::create("Nguyễn Văn An", "Chủ tịch", None).unwrap();
    for trust in [None, Some(other.fingerprint())] {
        let err = r.open_package(&package, Some(&m.key), trust.as_deref(), 20).unwrap_err();
        let ReviewError::Refused(msg) = err else { panic!("{err:?}") };
        assert!(msg.contains(&c.key.fingerprint()), "{msg}");
    }
    assert!(m.archive.regulation(&c.reg).is_err(), "nothing written");
    assert_eq!(m.archive.store().audit().unwrap().len(), audit);

    // The fingerprint as read over the phone: spaces and case do not matter.
    let heard = c.key.fingerprint().replace(' ', "").to_uppercase();
    r.open_package(&package, Some(&m.key), Some(&heard), 20).unwrap();
    let preview = r.inspect_package(&package, Some(&owner)).unwrap();
    assert_eq!((preview.trusted, preview.opened_before), (Some(KeyTrust::Pinned), true));

    // Someone else signs a package for the same copy, naming themselves chairman: refused,
    // naming both fingerprints, whatever fingerprint is confirmed. No silent re-pin.
    let forged = forged_package(&c, &other, None);
    for trust in [None, Some(other.fingerprint())] {
        let err = r.open_package(&forged, Some(&m.key), trust.as_deref(), 30).unwrap_err();
        let ReviewError::Refused(msg) = err else { panic!("{err:?}") };
        assert!(msg.contains(&other.fingerprint()) && msg.contains(&c.key.fingerprint()), "{msg}");
    }
    assert!(r.inspect_package(&forged, Some(&owner)).is_err());
    assert_eq!(r.people_on(&c.reg).unwrap()[0].public_key, Some(c.key.public_key().to_base64()));

    // A chairman whose card is on this installation's roster needs no confirmation.
    let m2 = member();
    let r2 = Review::new(&m2.archive);
    let me2 = r2.current_user().unwrap().unwrap();
    let card = c.key.public_key().to_base64();
    r2.add_person_with_key(Some(&me2.id), "Nguyễn Văn An", Role::Member, "", &card, true, 5)
        .unwrap();
    let p = r2.inspect_package(&package, Some(&m2.key.public_key().to_base64())).unwrap();
    assert_eq!(p.trusted, Some(KeyTrust::Roster));
    r2.open_package(&package, Some(&m2.key), None, 6).unwrap();
}

/// A package for the chairman's regulation, signed by `by` (named chairman in its
/// roster), with `content_hash` in place of the revision's real hash when given.
fn forged_package(c: &Chair, by: &Identity, content_hash: Option<&str>) -> Vec<u8> {
    let rev = c.archive.load(&c.reg, None).unwrap();
    let roster = vec![RosterEntry {
        id: "pforged".into(),
        name: by.name().into(),
        position: by.position().into(),
        role: XRole::Chairman,
        public_key: Some(by.public_key().to_base64()),
    }];
    let input = PackageInput {
        regulation_id: &c.reg,
        regulation_title: "Quy chế",
        revision: rev.record.number,
        revision_hash: content_hash.unwrap_or(&rev.record.root),
        round: RoundInfo {
            id: format!("{}-1", c.reg),
            number: 1,
            deadline: None,
            reviewers: vec!["pforged".into()],
        },
        roster,
        document: &rev.document,
        comments: &[],
        created_ms: 99,
    };
    ReviewPackage::build(&input, by).unwrap()
}

#[test]
fn a_package_refused_halfway_leaves_nothing_and_opens_once_fixed() {
    let m = member();
    let c = chair(&m.key);
    let r = Review::new(&m.archive);
    let before = installation(&m.archive, &m.own_reg);
    let audit = m.archive.store().audit().unwrap().len();
    let regulations = m.archive.regulations().unwrap().len();
    let fp = c.key.fingerprint();

    // Signed and whole, but its revision hash is not its text's: found only once the
    // text is encoded, which is after the signature, the trust and the rules.
    let wrong = "ab".repeat(32);
    let bad = forged_package(&c, &c.key, Some(&wrong));
    let err = r.open_package(&bad, Some(&m.key), Some(&fp), 20).unwrap_err();
    assert!(matches!(&err, ReviewError::BadInput(msg) if msg.contains(&wrong)), "{err:?}");
    assert_eq!(m.archive.regulations().unwrap().len(), regulations, "no copy left behind");
    assert_eq!(m.archive.store().audit().unwrap().len(), audit, "no audit entry");
    assert_eq!(r.origin(&c.reg).ok(), Some(quyche_review::Origin::Drafted), "no mirror");
    assert!(r.people_on(&c.reg).unwrap() == before.0, "no roster for it");
    assert_eq!(installation(&m.archive, &m.own_reg), before);

    // The fixed package opens, the key still to be confirmed: nothing was pinned.
    let fixed = forged_package(&c, &c.key, None);
    assert!(r.open_package(&fixed, Some(&m.key), None, 30).is_err());
    assert!(r.open_package(&fixed, Some(&m.key), Some(&fp), 30).unwrap().changed);
    assert_eq!(m.archive.regulations().unwrap().len(), regulations + 1);
}

#[test]
fn a_package_cannot_write_a_record_of_another_regulation() {
    let m = member();
    let c = chair(&m.key);
    let r = Review::new(&m.archive);
    // Bình's own regulation has a round; a package naming that round's id is refused.
    let me = r.current_user().unwrap().unwrap();
    let mine = r.open_round(&m.own_reg, &me.id, None, None, 5).unwrap();
    let rev = c.archive.load(&c.reg, None).unwrap();
    let input = PackageInput {
        regulation_id: &c.reg,
        regulation_title: "Quy chế",
        revision: rev.record.number,
        revision_hash: &rev.record.root,
        round: RoundInfo { id: mine.id.clone(), number: 1, deadline: None, reviewers: vec![] },
        roster: vec![RosterEntry {
            id: "pan".into(),
            name: "Nguyễn Văn An".into(),
            position: "Chủ tịch".into(),
            role: XRole::Chairman,
            public_key: Some(c.key.public_key().to_base64()),
        }],
        document: &rev.document,
        comments: &[],
        created_ms: 9,
    };
    let package = ReviewPackage::build(&input, &c.key).unwrap();
    let audit = m.archive.store().audit().unwrap().len();
    let err = r.open_package(&package, Some(&m.key), Some(&c.key.fingerprint()), 20).unwrap_err();
    assert!(matches!(&err, ReviewError::BadInput(msg) if msg.contains(&m.own_reg)), "{err:?}");
    assert_eq!(r.rounds(&m.own_reg).unwrap(), vec![mine]);
    assert!(m.archive.regulation(&c.reg).is_err());
    assert_eq!(m.archive.store().audit().unwrap().len(), audit);
}

fn bundle_for(c: &Chair, by: &Identity, seq: u32, text: &str) -> Vec<u8> {
    let rev = c.archive.load(&c.reg, None).unwrap();
    let first = rev.document.articles().next().unwrap().id.0;
    let comment = BundleComment {
        local_id: format!("l{seq}"),
        anchor: Anchor {
            unit: first,
            article: first,
            quote: Quote {
                exact: "Phạm vi điều chỉnh".into(),
                prefix: String::new(),
                suffix: String::new(),
            },
            position: 0,
        },
        text: text.into(),
        proposal: None,
    };
    let input = BundleInput {
        regulation_id: &c.reg,
        round_id: &format!("{}-1", c.reg),
        base_revision: 1,
        base_revision_hash: &rev.record.root,
        seq,
        created_ms: 10,
        comments: &[comment],
    };
    CommentBundle::build(&input, by).unwrap()
}

#[test]
fn a_late_bundle_is_refused_unless_the_chairman_accepts_it_as_late() {
    let m = member();
    let c = chair(&m.key);
    let r = Review::new(&c.archive);
    let secretary = r.add_person(Some(&c.an), "Vũ Thị Hằng", Role::Secretary, "", 5).unwrap();
    let on_time = bundle_for(&c, &m.key, 1, "Đúng hạn.");
    assert_eq!(r.import_bundle(&on_time, &secretary.id, false, 6).unwrap(), 1);
    r.close_round(&c.reg, &c.an, 7).unwrap();

    let late = bundle_for(&c, &m.key, 2, "Gửi muộn.");
    let audit = c.archive.store().audit().unwrap().len();
    for (who, accept, phrase) in [
        (&secretary.id, false, "Đợt lấy ý kiến 1 đã đóng"),
        (&c.an, false, "nhận là nộp muộn"),
        (&secretary.id, true, "chỉ Chủ tịch"),
    ] {
        let err = r.import_bundle(&late, who, accept, 8).unwrap_err();
        let ReviewError::Refused(msg) = err else { panic!("{err:?}") };
        assert!(msg.contains(phrase), "{msg}");
    }
    assert_eq!(r.comments(&c.reg).unwrap().len(), 1);
    assert_eq!(c.archive.store().audit().unwrap().len(), audit);

    assert_eq!(r.import_bundle(&late, &c.an, true, 9).unwrap(), 1);
    let listed = r.comments(&c.reg).unwrap();
    let flags: Vec<(&str, bool)> =
        listed.iter().map(|s| (s.comment.text.as_str(), s.comment.late)).collect();
    assert_eq!(flags, [("Đúng hạn.", false), ("Gửi muộn.", true)]);
    let last = c.archive.store().audit().unwrap().pop().unwrap();
    assert!(last.detail.contains("nộp muộn"), "{}", last.detail);
    // Taken in once: again is a replay, late or not.
    assert_eq!(r.import_bundle(&late, &secretary.id, false, 10).unwrap(), 0);
}

#[test]
fn a_look_alike_name_with_another_key_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let (archive, _) = Archive::open(dir.path()).unwrap();
    let r = Review::new(&archive);
    let key = |n: &str| Identity::create(n, "", None).unwrap().public_key().to_base64();
    let an = r
        .add_person_with_key(None, "Nguyễn Văn An", Role::Chairman, "", &key("a"), false, 1)
        .unwrap();
    r.add_person_with_key(Some(&an.id), "Lâm Văn Hòa", Role::Member, "", &key("h"), false, 2)
        .unwrap();
    let people = r.people().unwrap();
    for (i, look_alike) in [
        "Nguyễn Văn \u{0410}n", // Cyrillic А
        "Nguyễn Văn Аn",        // Cyrillic А, typed
        "Lârn Văn Hòa",         // "rn" for "m"
        "L\u{0430}\u{0302}m Văn Hòa",
    ]
    .iter()
    .enumerate()
    {
        let err = r
            .add_person_with_key(Some(&an.id), look_alike, Role::Member, "", &key("x"), false, 3)
            .unwrap_err();
        let ReviewError::Refused(msg) = err else { panic!("{look_alike}: {err:?}") };
        assert!(msg.starts_with("CẢNH BÁO") && msg.contains("trông giống"), "{i}: {msg}");
    }
    assert_eq!(r.people().unwrap(), people, "nothing added, no key replaced");
    // A different name, by a tone mark only, is another person: no warning.
    let hoa = r
        .add_person_with_key(Some(&an.id), "Lâm Văn Hoa", Role::Member, "", &key("o"), false, 4)
        .unwrap();
    assert_ne!(hoa.id, people[1].id);
}

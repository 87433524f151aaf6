//! Importing comment bundles into a real archive: the good one lands once, and every bad
//! file is refused with the database exactly as it was.

use std::io::Write;

use quyche_archive::Archive;
use quyche_exchange::{Anchor, BundleComment, BundleInput, CommentBundle, Identity, Quote};
use quyche_review::{Review, ReviewError, Role};

struct World {
    _dir: tempfile::TempDir,
    archive: Archive,
    reg: String,
    chair: String,
    member: Identity,
    round: String,
    base_hash: String,
    unit: u32,
    article: u32,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let (archive, _) = Archive::open(dir.path()).unwrap();
    let doc = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    let (reg, rev) = archive.create(&doc, "Văn phòng", 1, "Nhập").unwrap();
    let member = Identity::create("Lê Thị Hoa", "Ủy viên", None).unwrap();
    let (chair, round) = {
        let r = Review::new(&archive);
        let chair = r.add_person(None, "Nguyễn Văn An", Role::Chairman, "Chủ tịch", 2).unwrap();
        r.add_person_with_key(
            Some(&chair.id),
            "Lê Thị Hoa",
            Role::Member,
            "Ủy viên",
            &member.public_key().to_base64(),
            false,
            3,
        )
        .unwrap();
        let round = r.open_round(&reg.id, &chair.id, None, None, 4).unwrap();
        (chair.id, round.id)
    };
    let first = doc.articles().next().unwrap();
    World {
        _dir: dir,
        archive,
        reg: reg.id,
        chair,
        member,
        round,
        base_hash: rev.root,
        unit: first.id.0,
        article: first.id.0,
    }
}

fn comment(w: &World, local: &str, text: &str) -> BundleComment {
    BundleComment {
        local_id: local.into(),
        anchor: Anchor {
            unit: w.unit,
            article: w.article,
            quote: Quote {
                exact: "Phạm vi điều chỉnh".into(),
                prefix: String::new(),
                suffix: String::new(),
            },
            position: 0,
        },
        text: text.into(),
        proposal: None,
    }
}

fn bundle(w: &World, by: &Identity, seq: u32, comments: &[BundleComment]) -> Vec<u8> {
    let input = BundleInput {
        regulation_id: &w.reg,
        round_id: &w.round,
        base_revision: 1,
        base_revision_hash: &w.base_hash,
        seq,
        created_ms: 10,
        comments,
    };
    CommentBundle::build(&input, by).unwrap()
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        z.start_file(*name, opts).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// What an import must never change when it refuses.
fn snapshot(w: &World) -> (usize, usize) {
    let r = Review::new(&w.archive);
    (r.comments(&w.reg).unwrap().len(), w.archive.store().audit().unwrap().len())
}

#[test]
fn bad_bundles_change_nothing_and_a_good_one_lands_once() {
    let w = world();
    let r = Review::new(&w.archive);
    let good = bundle(
        &w,
        &w.member,
        1,
        &[comment(&w, "a", "Đề nghị làm rõ."), comment(&w, "b", "Bổ sung ví dụ.")],
    );
    let stranger = Identity::create("Lê Thị Hoa", "Giả mạo", None).unwrap();
    let forged = bundle(&w, &stranger, 1, &[comment(&w, "a", "Giả mạo.")]);
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    let zeros = vec![0u8; 80 * 1024 * 1024];
    let bomb = zip_of(&[
        ("manifest.json", b"{}"),
        ("comments.json", &zeros),
        ("manifest.json.minisig", b"x"),
    ]);
    drop(zeros);
    let traversal =
        zip_of(&[("../evil", b"{}"), ("comments.json", b"[]"), ("manifest.json.minisig", b"x")]);
    let bad_anchor = {
        let mut c = comment(&w, "z", "Trỏ sai.");
        c.anchor.quote.exact = "không có trong điều này".into();
        bundle(&w, &w.member, 1, &[c])
    };

    let before = snapshot(&w);
    let cases: [(&str, &[u8], bool); 6] = [
        ("flipped byte", &flipped, false),
        ("unknown signer", &forged, true),
        ("zip bomb", &bomb, false),
        ("../ entry", &traversal, false),
        ("truncated", &good[..good.len() / 2], false),
        ("anchor not in the base revision", &bad_anchor, false),
    ];
    for (name, bytes, not_allowed) in cases {
        let err = r
            .import_bundle(bytes, &w.chair, false, 20)
            .err()
            .unwrap_or_else(|| panic!("{name} was accepted"));
        match (&err, not_allowed) {
            (ReviewError::Refused(_), true) | (ReviewError::BadInput(_), false) => {}
            _ => panic!("{name}: unexpected {err:?}"),
        }
        assert_eq!(snapshot(&w), before, "{name} changed the database");
    }
    assert!(w.archive.verify().unwrap().problems.is_empty());

    assert_eq!(r.import_bundle(&good, &w.chair, false, 30).unwrap(), 2);
    assert_eq!(r.import_bundle(&good, &w.chair, false, 31).unwrap(), 0, "a replay adds nothing");
    // The same sequence number with other content is refused, not merged.
    let other = bundle(&w, &w.member, 1, &[comment(&w, "c", "Nội dung khác.")]);
    assert!(matches!(r.import_bundle(&other, &w.chair, false, 32), Err(ReviewError::BadInput(_))));
    let listed = r.comments(&w.reg).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].author.as_ref().unwrap().name, "Lê Thị Hoa");
    assert_eq!(listed[0].provision, "Điều 1");
}

/// A member who sends bundle number 1 for each of two regulations: the numbers are per
/// regulation, so the second is another bundle, not a conflicting replay of the first.
#[test]
fn the_same_number_on_two_regulations_is_two_bundles() {
    let w = world();
    let r = Review::new(&w.archive);
    let doc2 = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2012)).document;
    let (reg2, rev2) = w.archive.create(&doc2, "Văn phòng", 5, "Nhập").unwrap();
    let round2 = r.open_round(&reg2.id, &w.chair, None, None, 6).unwrap();
    let first2 = doc2.articles().next().unwrap();
    let mut on_second = comment(&w, "a", "Góp ý cho quy chế thứ hai.");
    on_second.anchor.unit = first2.id.0;
    on_second.anchor.article = first2.id.0;
    let bundle_two = CommentBundle::build(
        &BundleInput {
            regulation_id: &reg2.id,
            round_id: &round2.id,
            base_revision: 1,
            base_revision_hash: &rev2.root,
            seq: 1,
            created_ms: 10,
            comments: &[on_second],
        },
        &w.member,
    )
    .unwrap();
    let bundle_one = bundle(&w, &w.member, 1, &[comment(&w, "a", "Góp ý cho quy chế thứ nhất.")]);

    assert_eq!(r.import_bundle(&bundle_one, &w.chair, false, 20).unwrap(), 1);
    assert_eq!(r.import_bundle(&bundle_two, &w.chair, false, 21).unwrap(), 1, "another regulation");
    assert_eq!(r.import_bundle(&bundle_one, &w.chair, false, 22).unwrap(), 0);
    assert_eq!(r.import_bundle(&bundle_two, &w.chair, false, 23).unwrap(), 0);
    // On one regulation the number still names one bundle.
    let other = bundle(&w, &w.member, 1, &[comment(&w, "c", "Nội dung khác.")]);
    assert!(matches!(r.import_bundle(&other, &w.chair, false, 24), Err(ReviewError::BadInput(_))));
    assert_eq!(r.comments(&w.reg).unwrap().len(), 1);
    assert_eq!(r.comments(&reg2.id).unwrap().len(), 1);
}

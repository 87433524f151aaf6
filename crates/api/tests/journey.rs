//! The foundation's user journey through the facade, as the app and the CLI make it.

use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use quyche_api::{Actor, Clock, ErrorCode, Quyche, UnitKind, UnitView};

/// A clock that ticks one second per reading, from 2026-11-28T02:20:00Z.
fn test_clock() -> Clock {
    let t = Arc::new(AtomicI64::new(1_795_832_400_000));
    Arc::new(move || t.fetch_add(1000, Ordering::SeqCst))
}

fn open(dir: &Path) -> Quyche {
    Quyche::open(dir, test_clock()).expect("open")
}

fn articles(units: &[UnitView]) -> Vec<&UnitView> {
    let mut out = Vec::new();
    for u in units {
        if u.kind == UnitKind::Article {
            out.push(u);
        }
        out.extend(articles(&u.children));
    }
    out
}

#[test]
fn demo_is_seeded_once_with_two_revisions_and_numbered_correctly() {
    let dir = tempfile::tempdir().unwrap();
    let q = open(dir.path());
    let id = q.seed_demo_if_empty().unwrap().expect("seeded");
    assert_eq!(q.seed_demo_if_empty().unwrap(), None, "seeding twice");
    let list = q.list_regulations().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].revisions, 2);
    assert!(list[0].title.to_lowercase().contains("quy chế"), "{}", list[0].title);

    let view = q.open_regulation(&id, None).unwrap();
    let chapters: Vec<&str> = view.units.iter().map(|u| u.marker.as_str()).collect();
    assert!(chapters.len() >= 5, "{chapters:?}");
    assert_eq!(&chapters[..5], ["Chương I", "Chương II", "Chương III", "Chương IV", "Chương V"]);
    let arts = articles(&view.units);
    assert!(arts.len() >= 25, "{} articles", arts.len());
    for (i, a) in arts.iter().enumerate() {
        assert_eq!(a.marker, format!("Điều {}", i + 1));
        assert!(a.edit_text.is_some());
    }
    assert_eq!(q.history(&id).unwrap().len(), 2);
}

#[test]
fn an_article_edit_becomes_a_new_revision_that_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (id, article_id, edited) = {
        let q = open(dir.path());
        let id = q.seed_demo_if_empty().unwrap().unwrap();
        q.add_demo_committee().unwrap();
        let view = q.open_regulation(&id, None).unwrap();
        let third = articles(&view.units)[2].clone();
        let text = format!(
            "{}\nKiểm thử: thêm một đoạn có dấu tiếng Việt.",
            third.edit_text.clone().unwrap().trim_end()
        );
        let rev =
            q.save_article(&id, view.revision.number, third.id, &text, Actor::Current).unwrap();
        assert_eq!(rev.number, 3);
        // The demo opens as its Chief of Office.
        assert_eq!(rev.author, "Trần Thị Bình");
        assert_eq!(rev.message, "Sửa Điều 3");

        // A save based on an old revision is refused, and writes nothing.
        let err = q.save_article(&id, 2, third.id, &text, Actor::Current).unwrap_err();
        assert_eq!(err.code, ErrorCode::Conflict);
        (id, third.id, text)
    };
    let q = open(dir.path());
    let view = q.open_regulation(&id, None).unwrap();
    assert_eq!(view.revision.number, 3);
    let after = articles(&view.units).into_iter().find(|a| a.id == article_id).unwrap();
    assert_eq!(after.edit_text.as_deref().map(str::trim_end), Some(edited.as_str()));
    assert!(
        after.paragraphs.iter().any(|p| p.contains("Kiểm thử"))
            || format!("{after:?}").contains("Kiểm thử")
    );
    // The older revision is still there, unchanged.
    let old = q.open_regulation(&id, Some(2)).unwrap();
    assert_ne!(old.revision.hash, view.revision.hash);
    assert!(q.verify().unwrap().problems.is_empty());
}

#[test]
fn nfd_edit_text_is_stored_as_nfc() {
    let dir = tempfile::tempdir().unwrap();
    let q = open(dir.path());
    let id = q.seed_demo_if_empty().unwrap().unwrap();
    let view = q.open_regulation(&id, None).unwrap();
    let first = articles(&view.units)[0].clone();
    // "Điều chỉnh" in NFD: base letters followed by combining marks.
    let nfd = "Đie\u{0302}\u{0300}u chi\u{0309}nh pha\u{0323}m vi";
    let text = format!("{}\n{nfd}", first.edit_text.unwrap());
    q.save_article(&id, view.revision.number, first.id, &text, Actor::Current).unwrap();
    let view = q.open_regulation(&id, None).unwrap();
    let stored = format!("{:?}", articles(&view.units)[0]);
    assert!(stored.contains("Điều chỉnh phạm vi"), "{stored}");
}

#[test]
fn importing_the_cooperative_laws_and_a_new_version_keeps_stable_ids() {
    let dir = tempfile::tempdir().unwrap();
    let q = open(dir.path());
    let laws = quyche_fixtures::laws_dir();
    let r =
        q.import_file(&laws.join(quyche_fixtures::COOP_2012), Actor::Named("Văn phòng")).unwrap();
    let v1 = q.open_regulation(&r.regulation_id, None).unwrap();
    assert_eq!(articles(&v1.units).len(), 64);

    let bytes = std::fs::read(laws.join(quyche_fixtures::COOP_2023)).unwrap();
    let r2 = q
        .import_bytes("2023.txt", &bytes, Some(&r.regulation_id), Actor::Named("Văn phòng"))
        .unwrap();
    assert_eq!(r2.revision.number, 2);
    let v2 = q.open_regulation(&r.regulation_id, None).unwrap();
    assert_eq!(articles(&v2.units).len(), 115);
    // Article 1 ("Phạm vi điều chỉnh") continues in the new law under the same id.
    assert_eq!(articles(&v1.units)[0].id, articles(&v2.units)[0].id);
    // Ids stay unique.
    let mut ids: Vec<u32> = Vec::new();
    fn collect(us: &[UnitView], ids: &mut Vec<u32>) {
        for u in us {
            ids.push(u.id);
            collect(&u.children, ids);
        }
    }
    collect(&v2.units, &mut ids);
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate unit ids after reconcile");

    // Re-importing the same text shares every article object: the revision hash repeats.
    let r3 = q
        .import_bytes("2023.txt", &bytes, Some(&r.regulation_id), Actor::Named("Văn phòng"))
        .unwrap();
    assert_eq!(r3.revision.hash, r2.revision.hash);
}

#[test]
fn bad_input_is_refused_with_a_clear_message_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let q = open(dir.path());
    let cases: [(&str, &[u8], &str); 3] = [
        ("latin1.txt", b"\xD0i\xEAu 1. Ph\xA1m vi\n", "byte 0"),
        (
            "notes.txt",
            "Biên bản họp chi bộ\nNội dung: không có điều khoản nào.\n".as_bytes(),
            "dòng 1",
        ),
        ("empty.txt", b"", "dòng 1"),
    ];
    for (name, bytes, needle) in cases {
        let err = q.import_bytes(name, bytes, None, Actor::Named("Văn phòng")).unwrap_err();
        assert_eq!(err.code, ErrorCode::BadInput, "{name}");
        assert!(
            err.message.contains(name) && err.message.contains(needle),
            "{name}: {}",
            err.message
        );
    }
    assert!(q.list_regulations().unwrap().is_empty());
}

#[test]
fn a_second_open_of_the_same_database_says_it_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let _first = open(dir.path());
    let err = Quyche::open(dir.path(), test_clock()).err().expect("second open refused");
    assert_eq!(err.code, ErrorCode::DatabaseInUse, "{}", err.message);
}

//! Backup and restore of a whole store: the restored store holds the same bytes in
//! every tree and verifies; a damaged or foreign file and a non-empty target are
//! refused, and a refused restore leaves nothing behind.

use std::fs;
use std::path::Path;

use quyche_store::{
    hash_bytes, restore, Action, NewRevision, RecordWrite, Store, StoreError, VerifyReport,
};

fn write_content(dir: &Path) {
    let (store, _) = Store::open(dir).unwrap();
    for n in 1..=3u32 {
        let objects = vec![format!("gốc {n}").into_bytes(), "Điều 1. Phạm vi".as_bytes().to_vec()];
        let rev = NewRevision {
            root: hash_bytes(&objects[0]),
            author: "Văn phòng",
            time_ms: 1_700_000_000_000 + i64::from(n),
            message: "lưu",
            title: "Quy chế",
            objects: &objects,
        };
        if n == 1 {
            store.create_regulation("qc", "draft", rev).unwrap();
        } else {
            store.commit_revision("qc", Some(n - 1), rev).unwrap();
        }
    }
    let write = RecordWrite {
        collection: "comments",
        key: "c1",
        body: r#"{"text":"Góp ý"}"#,
        create_only: true,
    };
    let action = Action {
        time_ms: 1_700_000_100_000,
        actor: "Thành viên",
        action: "comment",
        regulation: Some("qc"),
        revision: Some(3),
        detail: "c1",
    };
    store.write_records(&[write], None, action).unwrap();
}

/// What the store reads back, in a comparable form.
fn content(dir: &Path) -> (String, VerifyReport) {
    let (store, _) = Store::open(dir).unwrap();
    let text = format!(
        "{:?}\n{:?}\n{:?}\n{:?}",
        store.regulations().unwrap(),
        store.revisions("qc").unwrap(),
        store.records("comments").unwrap(),
        store.audit().unwrap()
    );
    (text, store.verify().unwrap())
}

#[test]
fn a_restored_store_holds_the_same_content_and_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, file, new) =
        (tmp.path().join("db"), tmp.path().join("b.qcbak"), tmp.path().join("new"));
    write_content(&db);
    let summary = {
        let (store, _) = Store::open(&db).unwrap();
        store.backup(&file).unwrap()
    };
    assert_eq!(summary.bytes, fs::metadata(&file).unwrap().len());
    let (restored, report) = restore(&file, &new).unwrap();
    assert_eq!(restored.entries, summary.entries);
    assert!(report.is_intact());
    let (before, before_report) = content(&db);
    let (after, after_report) = content(&new);
    assert_eq!(before, after);
    assert_eq!(before_report, after_report);
    assert_eq!(after_report.revisions, 3);
    assert_eq!(after_report.audit_entries, 4);
    // Only the database: no temporary folder or file is left beside it.
    let mut names: Vec<_> =
        fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["b.qcbak", "db", "new"]);

    // An existing empty folder is a fine target too.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    restore(&file, &empty).unwrap();
    assert_eq!(content(&empty).0, before);
}

#[test]
fn a_non_empty_target_is_refused_and_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, file, target) = (tmp.path().join("db"), tmp.path().join("b"), tmp.path().join("t"));
    write_content(&db);
    Store::open(&db).unwrap().0.backup(&file).unwrap();
    fs::create_dir(&target).unwrap();
    fs::write(target.join("note.txt"), "giữ nguyên").unwrap();
    let err = restore(&file, &target).unwrap_err();
    assert!(matches!(err, StoreError::TargetNotEmpty(ref p) if p == &target), "{err}");
    assert!(err.to_string().contains(&*target.to_string_lossy()), "{err}");
    assert_eq!(fs::read_dir(&target).unwrap().count(), 1);
}

#[test]
fn every_damaged_byte_of_a_backup_is_refused_and_nothing_is_left() {
    let tmp = tempfile::tempdir().unwrap();
    let (db, file) = (tmp.path().join("db"), tmp.path().join("b"));
    write_content(&db);
    Store::open(&db).unwrap().0.backup(&file).unwrap();
    let good = fs::read(&file).unwrap();
    // A flip anywhere (the hash itself included), a truncation, a foreign file.
    let step = (good.len() / 97).max(1);
    let mut cases: Vec<Vec<u8>> = (0..good.len())
        .step_by(step)
        .chain([good.len() - 1])
        .map(|at| {
            let mut b = good.clone();
            b[at] ^= 0x01;
            b
        })
        .collect();
    cases.push(good[..good.len() - 1].to_vec());
    cases.push(Vec::new());
    cases.push(b"PK\x03\x04 not a backup".to_vec());
    for (i, bytes) in cases.iter().enumerate() {
        let bad = tmp.path().join(format!("bad-{i}"));
        fs::write(&bad, bytes).unwrap();
        let target = tmp.path().join(format!("target-{i}"));
        let err = restore(&bad, &target).unwrap_err();
        assert!(
            matches!(err, StoreError::BadBackup { ref file, .. } if file == &bad),
            "{i}: {err}"
        );
        assert!(err.to_string().contains(&*bad.to_string_lossy()), "{err}");
        assert!(!target.exists(), "case {i} left a database behind");
    }
}

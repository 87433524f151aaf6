mod common;
use common::raw_sled;
use std::path::Path;

use quyche_store::{
    from_hex, hash_bytes, sled_dir, to_hex, NewRevision, Store, StoreError, FORMAT_VERSION,
};

fn blob(tag: &str, n: usize) -> Vec<u8> {
    format!("{tag}:{}", "x".repeat(n)).into_bytes()
}

fn rev<'a>(
    objects: &'a [Vec<u8>],
    title: &'a str,
    message: &'a str,
    time_ms: i64,
) -> NewRevision<'a> {
    NewRevision { root: hash_bytes(&objects[0]), author: "an", time_ms, message, title, objects }
}

/// A store with one regulation "qc-1" at revision `n`.
fn store_with(dir: &Path, n: u32) -> Store {
    let (store, _) = Store::open(dir).expect("open");
    let objs = vec![blob("root-1", 100), blob("shared", 1000)];
    store
        .create_regulation("qc-1", "draft", rev(&objs, "Quy chế 1", "tạo", 1_000))
        .expect("create");
    for i in 2..=n {
        let objs = vec![blob(&format!("root-{i}"), 100), blob("shared", 1000)];
        store
            .commit_revision("qc-1", Some(i - 1), rev(&objs, "Quy chế 1", "sửa", 1_000 + i as i64))
            .expect("commit");
    }
    store
}

#[test]
fn store_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Store>();
}

#[test]
fn hex_round_trip() {
    let h = hash_bytes(b"abc");
    assert_eq!(to_hex(&h), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!(from_hex(&to_hex(&h)), Some(h));
    assert_eq!(from_hex(&to_hex(&h).to_uppercase()), Some(h));
    assert_eq!(from_hex("abc"), None);
    assert_eq!(from_hex(&"g".repeat(64)), None);
}

#[test]
fn create_commit_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let (store, report) = Store::open(dir.path()).unwrap();
    assert!(report.quarantined.is_empty());
    let objs = vec![blob("root-1", 10), blob("a", 10)];
    let (reg, r1) =
        store.create_regulation("qc-1", "draft", rev(&objs, "Tiêu đề", "tạo mới", 100)).unwrap();
    assert_eq!(reg.head, 1);
    assert_eq!(reg.title, "Tiêu đề");
    assert_eq!(reg.v, FORMAT_VERSION);
    assert_eq!(r1.number, 1);
    assert_eq!(r1.parent, None);
    assert_eq!(r1.root, to_hex(&hash_bytes(&objs[0])));
    assert_eq!(r1.hash.len(), 64);

    let objs2 = vec![blob("root-2", 10), blob("a", 10)];
    let r2 = store.commit_revision("qc-1", Some(1), rev(&objs2, "Tiêu đề 2", "sửa", 200)).unwrap();
    assert_eq!((r2.number, r2.parent), (2, Some(1)));
    let r3 =
        store.commit_revision("qc-1", None, rev(&objs2, "Tiêu đề 3", "không đổi", 300)).unwrap();
    assert_eq!((r3.number, r3.parent), (3, Some(2)));

    let reg = store.regulation("qc-1").unwrap();
    assert_eq!(
        (reg.head, reg.title.as_str(), reg.created_ms, reg.updated_ms),
        (3, "Tiêu đề 3", 100, 300)
    );
    let all = store.revisions("qc-1").unwrap();
    assert_eq!(all.iter().map(|r| r.number).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(all[1], r2);
    assert_eq!(store.revision("qc-1", 1).unwrap(), r1);
    assert_eq!(store.object(&hash_bytes(&objs2[0])).unwrap(), objs2[0]);
    assert_eq!(store.regulations().unwrap().len(), 1);

    drop(store);
    let (store, report) = Store::open(dir.path()).unwrap();
    assert_eq!(report.revisions_checked, 3);
    assert_eq!(report.objects_checked, 1);
    assert_eq!(store.revision("qc-1", 3).unwrap(), r3);
    let v = store.verify().unwrap();
    assert!(v.is_intact(), "{:?}", v.problems);
    assert_eq!((v.objects, v.revisions, v.regulations, v.audit_entries), (3, 3, 1, 3));
}

#[test]
fn errors_conflict_and_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), 2);
    let objs = vec![blob("z", 5)];
    assert!(matches!(
        store.create_regulation("qc-1", "draft", rev(&objs, "t", "m", 1)),
        Err(StoreError::Conflict(_))
    ));
    let e = store.commit_revision("qc-1", Some(1), rev(&objs, "t", "m", 1)).unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e}");
    assert!(e.to_string().starts_with("xung đột: "));
    assert!(matches!(
        store.commit_revision("khong-co", None, rev(&objs, "t", "m", 1)),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(store.regulation("khong-co"), Err(StoreError::NotFound(_))));
    assert!(matches!(store.revisions("khong-co"), Err(StoreError::NotFound(_))));
    assert!(matches!(store.revision("qc-1", 9), Err(StoreError::NotFound(_))));
    assert!(matches!(store.object(&hash_bytes(b"nope")), Err(StoreError::NotFound(_))));
    // The root must be stored, either now or earlier.
    let missing_root = NewRevision {
        root: hash_bytes(b"absent"),
        author: "an",
        time_ms: 1,
        message: "m",
        title: "t",
        objects: &[],
    };
    assert!(matches!(
        store.commit_revision("qc-1", None, missing_root),
        Err(StoreError::NotFound(_))
    ));
    // Nothing above changed the regulation, or wrote any object.
    assert_eq!(store.regulation("qc-1").unwrap().head, 2);
    assert!(matches!(store.object(&hash_bytes(&objs[0])), Err(StoreError::NotFound(_))));
    assert_eq!(store.verify().unwrap().objects, 3);
    assert!(store.verify().unwrap().is_intact());
}

#[test]
fn objects_are_deduplicated() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    let objs = vec![b"one".to_vec(), b"two".to_vec(), b"one".to_vec()];
    let hashes = store.put_objects(&objs).unwrap();
    assert_eq!(hashes[0], hashes[2]);
    assert_eq!(store.put_objects(&objs).unwrap(), hashes);
    assert_eq!(store.verify().unwrap().objects, 2);
    assert_eq!(store.object(&hashes[1]).unwrap(), b"two");
}

#[test]
fn ids_sharing_a_prefix_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    let objs = vec![blob("r", 1)];
    // "a\0\0\0\0\x01" would collide with revision 1 of "a" under a naive
    // prefix scan.
    for id in ["a", "a\0\0\0\0\u{1}", "ab"] {
        store.create_regulation(id, "draft", rev(&objs, id, "m", 1)).unwrap();
    }
    store.commit_revision("a", None, rev(&objs, "a", "m", 2)).unwrap();
    assert_eq!(store.revisions("a").unwrap().len(), 2);
    assert_eq!(store.revisions("a\0\0\0\0\u{1}").unwrap().len(), 1);
    assert_eq!(store.revisions("ab").unwrap().len(), 1);
    drop(store);
    let (store, _) = Store::open(dir.path()).unwrap();
    assert!(store.verify().unwrap().is_intact());
}

#[test]
fn status_and_audit_chain() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), 2);
    let reg = store.set_status("qc-1", "approved", "bình", 5_000).unwrap();
    assert_eq!((reg.status.as_str(), reg.updated_ms), ("approved", 5_000));
    assert!(matches!(store.set_status("x", "a", "b", 1), Err(StoreError::NotFound(_))));
    let log = store.audit().unwrap();
    let actions: Vec<_> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "save", "status"]);
    assert_eq!(log.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(log[0].prev, "");
    assert_eq!(log[1].prev, log[0].hash);
    assert_eq!(log[2].prev, log[1].hash);
    assert_eq!(log[1].revision, Some(2));
    assert_eq!(log[2].detail, "draft → approved");
    assert_eq!(log[2].actor, "bình");
    drop(store);
    let (store, _) = Store::open(dir.path()).unwrap();
    assert_eq!(store.audit().unwrap(), log);
}

#[test]
fn concurrent_writers_keep_numbers_and_chain() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(store_with(dir.path(), 1));
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let store = store.clone();
            std::thread::spawn(move || {
                for i in 0..10 {
                    let objs = vec![blob(&format!("t{t}-{i}"), 50)];
                    store.commit_revision("qc-1", None, rev(&objs, "t", "m", i)).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(store.regulation("qc-1").unwrap().head, 41);
    let v = store.verify().unwrap();
    assert!(v.is_intact(), "{:?}", v.problems);
    assert_eq!(v.audit_entries, 41);
}

#[test]
fn quarantines_interrupted_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 3));
    let fake = sled_dir(dir.path()).join("snap.0000000000ABCDEF.generating");
    std::fs::write(&fake, b"\xde\xad\xbe\xef garbage that is not a snapshot").unwrap();

    let (store, report) = Store::open(dir.path()).expect("open must survive a stale snapshot");
    assert_eq!(
        report.quarantined,
        vec![dir.path().join("quarantine/snap.0000000000ABCDEF.generating")]
    );
    assert!(!fake.exists());
    assert!(report.quarantined[0].exists());
    assert_eq!(store.regulation("qc-1").unwrap().head, 3);
    assert!(store.verify().unwrap().is_intact());

    // Same name again: the earlier quarantined copy is kept.
    drop(store);
    std::fs::write(&fake, b"again").unwrap();
    let (_store, report) = Store::open(dir.path()).unwrap();
    assert_eq!(
        report.quarantined,
        vec![dir.path().join("quarantine/snap.0000000000ABCDEF.generating.1")]
    );
}

#[test]
fn unpatched_sled_bricks_on_stale_snapshot() {
    // Documents why the quarantine exists: if sled 0.34 stops choking on this
    // file, the workaround can go.
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 1));
    let sled_path = sled_dir(dir.path());
    std::fs::write(sled_path.join("snap.0000000000ABCDEF.generating"), b"garbage").unwrap();
    assert!(sled::open(&sled_path).is_err());
}

#[test]
fn second_open_in_same_process_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    let err = Store::open(dir.path()).err().expect("second open must fail");
    match &err {
        StoreError::InUse(p) => assert_eq!(p, dir.path()),
        other => panic!("expected InUse, got {other:?}"),
    }
    assert!(err.to_string().contains("đang được dùng bởi một tiến trình khác"), "{err}");
    // Opening sled's directory directly around the store is refused by sled's lock.
    let sled_err = sled::open(sled_dir(dir.path())).expect_err("sled's own lock");
    assert!(sled_err.to_string().contains("could not acquire lock"), "{sled_err}");
    drop(store);
    // The lock goes with the store.
    Store::open(dir.path()).expect("reopen after drop");
}

#[test]
fn reopen_loop_right_after_drop() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 1));
    for i in 0..20 {
        let (store, _) = Store::open(dir.path()).unwrap_or_else(|e| panic!("reopen {i}: {e}"));
        let objs = vec![blob(&format!("r{i}"), 10)];
        store.commit_revision("qc-1", None, rev(&objs, "t", "m", i)).unwrap();
    }
    let (store, _) = Store::open(dir.path()).unwrap();
    assert_eq!(store.regulation("qc-1").unwrap().head, 21);
}

/// Child half of `second_process_is_in_use`: opens the store named by the env
/// var and reports the outcome on stdout.
#[test]
fn in_use_child() {
    let Some(dir) = std::env::var_os("QUYCHE_STORE_INUSE_DIR") else {
        return;
    };
    match Store::open(Path::new(&dir)) {
        Ok(_) => println!("RESULT opened"),
        Err(StoreError::InUse(_)) => println!("RESULT in-use"),
        Err(e) => println!("RESULT other {e}"),
    }
}

#[test]
fn second_process_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let (_store, _) = Store::open(dir.path()).unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "in_use_child", "--nocapture", "--test-threads=1"])
        .env("QUYCHE_STORE_INUSE_DIR", dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("RESULT in-use"), "child said: {stdout}");
}

fn tamper(dir: &Path, tree: &str, key: &[u8], edit: impl FnOnce(&mut Vec<u8>)) {
    let db = raw_sled(&sled_dir(dir));
    let t = db.open_tree(tree).unwrap();
    let mut v = t.get(key).unwrap().expect("key to tamper with").to_vec();
    edit(&mut v);
    t.insert(key, v).unwrap();
    db.flush().unwrap();
}

fn revision_key(id: &str, n: u32) -> Vec<u8> {
    let mut k = id.as_bytes().to_vec();
    k.push(0);
    k.extend_from_slice(&n.to_be_bytes());
    k
}

fn open_err(dir: &Path) -> StoreError {
    match Store::open(dir) {
        Ok(_) => panic!("open should have failed"),
        Err(e) => e,
    }
}

#[test]
fn tampered_revision_fails_open_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 3));
    tamper(dir.path(), "revisions", &revision_key("qc-1", 2), |v| {
        let s = String::from_utf8(v.clone()).unwrap().replace("\"sửa\"", "\"sứa\"");
        *v = s.into_bytes();
    });
    let e = open_err(dir.path());
    assert!(matches!(e, StoreError::Corrupt(_)), "{e}");
    assert!(e.to_string().contains("revisions/qc-1#2"), "{e}");
}

#[test]
fn undecodable_revision_fails_open_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 2));
    tamper(dir.path(), "revisions", &revision_key("qc-1", 1), |v| v[3] ^= 0x40);
    let e = open_err(dir.path());
    assert!(matches!(e, StoreError::Corrupt(_)), "{e}");
    assert!(e.to_string().contains("revisions/qc-1#1"), "{e}");
}

#[test]
fn tampered_head_root_fails_open() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 2));
    let root = hash_bytes(&blob("root-2", 100));
    tamper(dir.path(), "objects", &root, |v| v[0] ^= 1);
    let e = open_err(dir.path());
    assert!(e.to_string().contains(&format!("objects/{}", to_hex(&root))), "{e}");
}

#[test]
fn tampered_old_object_found_by_verify_and_read() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 3));
    let old_root = hash_bytes(&blob("root-1", 100));
    tamper(dir.path(), "objects", &old_root, |v| *v.last_mut().unwrap() ^= 1);
    let (store, _) = Store::open(dir.path()).expect("non-head objects are verify()'s job");
    let report = store.verify().unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(report.problems[0].contains(&format!("objects/{}", to_hex(&old_root))));
    assert!(matches!(store.object(&old_root), Err(StoreError::Corrupt(_))));
    // Saving the same bytes again heals the copy.
    store.put_objects(&[blob("root-1", 100)]).unwrap();
    assert!(store.verify().unwrap().is_intact());
}

#[test]
fn missing_head_revision_fails_open() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 2));
    {
        let db = raw_sled(&sled_dir(dir.path()));
        db.open_tree("revisions").unwrap().remove(revision_key("qc-1", 2)).unwrap();
        db.flush().unwrap();
    }
    let e = open_err(dir.path());
    assert!(e.to_string().contains("regulations/qc-1"), "{e}");
}

#[test]
fn broken_audit_chain_fails_open() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 3));
    tamper(dir.path(), "audit", &2u64.to_be_bytes(), |v| {
        let s =
            String::from_utf8(v.clone()).unwrap().replace("\"actor\":\"an\"", "\"actor\":\"ai\"");
        *v = s.into_bytes();
    });
    let e = open_err(dir.path());
    assert!(e.to_string().contains("audit/2"), "{e}");
}

#[test]
fn newer_format_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 1));
    let newer = FORMAT_VERSION + 1;
    tamper(dir.path(), "meta", b"format", |v| *v = format!(r#"{{"v":{newer}}}"#).into_bytes());
    match open_err(dir.path()) {
        StoreError::UnsupportedFormat { found, supported } => {
            assert_eq!((found, supported), (newer, FORMAT_VERSION));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn newer_record_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 1));
    tamper(dir.path(), "regulations", b"qc-1", |v| {
        let s = String::from_utf8(v.clone())
            .unwrap()
            .replace(&format!("\"v\":{FORMAT_VERSION}"), "\"v\":7");
        *v = s.into_bytes();
    });
    assert!(matches!(open_err(dir.path()), StoreError::UnsupportedFormat { found: 7, .. }));
}

#[test]
fn size_on_disk_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), 3);
    assert!(store.size_on_disk().unwrap() > 0);
}

/// sled opens a damaged log as an empty database; a folder that held a store must
/// say so instead of passing for a new one (which the app would seed with the demo).
#[test]
fn a_store_whose_sled_files_read_back_empty_is_refused_not_new() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with(dir.path(), 2));
    std::fs::remove_dir_all(sled_dir(dir.path())).unwrap();
    match open_err(dir.path()) {
        StoreError::Corrupt(m) => assert!(m.contains("đọc ra trống"), "{m}"),
        other => panic!("{other:?}"),
    }
    // A folder that never held a store still opens as a new one.
    let fresh = tempfile::tempdir().unwrap();
    assert!(Store::open(fresh.path()).is_ok());
}

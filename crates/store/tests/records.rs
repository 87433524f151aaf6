//! Domain records: written with their audit entry in one transaction, hash-checked.

mod common;
use common::raw_sled;

use quyche_store::{Action, NewRevision, RecordWrite, StatusChange, Store, StoreError};

fn action<'a>(verb: &'a str, reg: Option<&'a str>) -> Action<'a> {
    Action {
        time_ms: 10,
        actor: "Chủ tịch",
        action: verb,
        regulation: reg,
        revision: None,
        detail: "",
    }
}

fn with_regulation(store: &Store) {
    let root = b"root".to_vec();
    let rev = NewRevision {
        root: quyche_store::hash_bytes(&root),
        author: "Văn phòng",
        time_ms: 1,
        message: "Nhập",
        title: "Quy chế",
        objects: std::slice::from_ref(&root),
    };
    store.create_regulation("r1", "draft", rev).unwrap();
}

#[test]
fn records_are_written_with_one_audit_entry_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    with_regulation(&store);
    let writes = [
        RecordWrite {
            collection: "comments",
            key: "c1",
            body: r#"{"text":"Đề nghị sửa"}"#,
            create_only: true,
        },
        RecordWrite {
            collection: "comments",
            key: "c2",
            body: r#"{"text":"Bổ sung"}"#,
            create_only: true,
        },
    ];
    let entry = store.write_records(&writes, None, action("comment", Some("r1"))).unwrap();
    assert_eq!(entry.action, "comment");
    let got = store.records("comments").unwrap();
    assert_eq!(got.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["c1", "c2"]);
    assert_eq!(store.record("comments", "c1").unwrap().unwrap().body, r#"{"text":"Đề nghị sửa"}"#);
    assert!(store.record("comments", "c3").unwrap().is_none());
    // A collection whose name extends another's is not mixed in.
    assert!(store.records("comment").unwrap().is_empty());
    let report = store.verify().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.records, 2);
}

#[test]
fn create_only_records_are_never_overwritten_and_a_refused_write_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    with_regulation(&store);
    let seal = RecordWrite {
        collection: "seals",
        key: "r1#2",
        body: r#"{"hash":"ab"}"#,
        create_only: true,
    };
    store.write_records(&[seal], None, action("seal", Some("r1"))).unwrap();
    let audit_before = store.audit().unwrap().len();
    let again = RecordWrite { body: r#"{"hash":"cd"}"#, ..seal };
    let other = RecordWrite { collection: "notes", key: "n", body: "{}", create_only: false };
    let err = store.write_records(&[other, again], None, action("seal", Some("r1"))).unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    assert_eq!(store.audit().unwrap().len(), audit_before);
    assert!(store.record("notes", "n").unwrap().is_none(), "the transaction was not atomic");
    assert_eq!(store.record("seals", "r1#2").unwrap().unwrap().body, r#"{"hash":"ab"}"#);
}

#[test]
fn a_status_change_is_checked_against_the_expected_status() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    with_regulation(&store);
    let change = StatusChange { regulation: "r1", status: "consultation", expected: Some("draft") };
    store.write_records(&[], Some(change), action("round-open", Some("r1"))).unwrap();
    assert_eq!(store.regulation("r1").unwrap().status, "consultation");
    let err = store.write_records(&[], Some(change), action("round-open", Some("r1"))).unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
}

#[test]
fn a_tampered_record_is_reported_by_name() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (store, _) = Store::open(dir.path()).unwrap();
        with_regulation(&store);
        let w = RecordWrite {
            collection: "comments",
            key: "c1",
            body: r#"{"text":"gốc"}"#,
            create_only: true,
        };
        store.write_records(&[w], None, action("comment", Some("r1"))).unwrap();
    }
    {
        let db = raw_sled(&quyche_store::sled_dir(dir.path()));
        let tree = db.open_tree("records").unwrap();
        let key = b"comments\0c1";
        let bytes = tree.get(key).unwrap().unwrap();
        let tampered = String::from_utf8(bytes.to_vec()).unwrap().replace("gốc", "sửa");
        tree.insert(key, tampered.as_bytes()).unwrap();
        db.flush().unwrap();
    }
    let err = Store::open(dir.path()).err().expect("open refuses a tampered record");
    assert!(err.to_string().contains("records/comments/c1"), "{err}");
}

//! The installation's stamp on audit entries (format 2): every kind of write carries
//! the installation's fingerprint, and names the user who recorded it only when that
//! user acted on behalf of someone else (*thay mặt*). The chain covers both, and an
//! entry written before the stamp was set carries neither.

use quyche_store::{hash_bytes, Action, AuditStamp, NewRevision, RecordWrite, Store};

const FINGERPRINT: &str = "8F3A 91C2 0B7D E645";

fn stamp(operator: Option<&str>) -> AuditStamp {
    AuditStamp { installation: Some(FINGERPRINT.into()), operator: operator.map(str::to_string) }
}

fn objects(n: u32) -> Vec<Vec<u8>> {
    vec![format!("gốc {n}").into_bytes()]
}

fn rev<'a>(n: u32, author: &'a str, objects: &'a [Vec<u8>]) -> NewRevision<'a> {
    NewRevision {
        root: hash_bytes(&objects[0]),
        author,
        time_ms: 1_700_000_000_000 + i64::from(n),
        message: "lưu",
        title: "Quy chế",
        objects,
    }
}

#[test]
fn every_write_is_stamped_and_names_who_recorded_it_for_someone_else() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).unwrap();
    let (o1, o2, o3) = (objects(1), objects(2), objects(3));

    // Before any stamp: an installation without identity or user.
    store.create_regulation("qc", "draft", rev(1, "Văn phòng", &o1)).unwrap();
    // (operator, actor) → the recorded_by the entry must carry.
    store.set_audit_stamp(stamp(Some("Thư ký")));
    store.commit_revision("qc", Some(1), rev(2, "Thư ký", &o2)).unwrap();
    store.set_status("qc", "consultation", "Chủ tịch", 1_700_000_000_010).unwrap();
    let action = Action {
        time_ms: 1_700_000_000_020,
        actor: "Chủ tịch",
        action: "approve",
        regulation: Some("qc"),
        revision: Some(2),
        detail: "",
    };
    let seal = RecordWrite { collection: "seals", key: "qc#2", body: "{}", create_only: true };
    store.write_records(&[seal], None, action).unwrap();
    store.set_audit_stamp(stamp(None));
    store.commit_revision("qc", Some(2), rev(3, "Văn phòng", &o3)).unwrap();

    let got: Vec<_> = store
        .audit()
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.actor, e.installation, e.recorded_by))
        .collect();
    let s = |x: &str| x.to_string();
    let fp = Some(s(FINGERPRINT));
    assert_eq!(
        got,
        [
            (s("create"), s("Văn phòng"), None, None),
            (s("save"), s("Thư ký"), fp.clone(), None),
            (s("status"), s("Chủ tịch"), fp.clone(), Some(s("Thư ký"))),
            (s("approve"), s("Chủ tịch"), fp.clone(), Some(s("Thư ký"))),
            (s("save"), s("Văn phòng"), fp, None),
        ]
    );
    assert!(store.verify().unwrap().is_intact());
    drop(store);
    // The stamped chain is checked on open like any other.
    let (store, _) = Store::open(dir.path()).unwrap();
    assert_eq!(store.audit().unwrap().len(), 5);
    assert_eq!(store.audit_stamp(), AuditStamp::default(), "a stamp is not stored");
}

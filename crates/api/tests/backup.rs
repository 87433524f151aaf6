//! Backup and restore through the facade, on a real law: the restored database holds
//! the same regulations, revisions, review records and audit chain, and verifies; a
//! folder that holds something is refused, a damaged file is bad input.

use crate::test_clock;
use quyche_api::{Actor, ErrorCode, Quyche, Target};
use quyche_review::Role;

fn law(name: &str) -> std::path::PathBuf {
    quyche_fixtures::laws_dir().join(name)
}

const LAW_2023: &str = "luat_hop_tac_xa_2023_17-2023-QH15.txt";
const LAW_2012: &str = "luat_hop_tac_xa_2012_23-2012-QH13.txt";

/// The 2023 law in three revisions, two people, a round and two comments.
fn write_content(q: &Quyche) -> String {
    let office = Actor::Named("Văn phòng");
    let reg = q.import_file(&law(LAW_2023), office).unwrap().regulation_id;
    q.import_revision(&reg, &law(LAW_2012), office).unwrap();
    q.import_revision(&reg, &law(LAW_2023), office).unwrap();
    let chairman = q.add_person(Actor::Current, "Nguyễn Văn An", Role::Chairman, "").unwrap().id;
    let by = Actor::Person(&chairman);
    let member = q.add_person(by, "Lê Văn Cường", Role::Member, "Ủy viên").unwrap().id;
    q.set_current_user(&chairman).unwrap();
    q.open_round(&reg, by, Some("2026-12-15")).unwrap();
    for text in ["Nên nêu rõ phạm vi.", "Đề nghị bổ sung đối tượng."] {
        let target = Target::Numbered { article: 1, clause: None, point: None };
        q.add_comment(&reg, Actor::Person(&member), target, "Phạm vi điều chỉnh", None, text, None)
            .unwrap();
    }
    reg
}

/// Everything a user can read back, as text.
fn content(q: &Quyche, reg: &str) -> String {
    let history = q.history(reg).unwrap();
    let texts: Vec<String> = history
        .iter()
        .map(|r| quyche_api::render_document(&q.document(reg, Some(r.number)).unwrap()))
        .collect();
    format!(
        "{:?}\n{history:?}\n{texts:?}\n{:?}\n{:?}\n{:?}",
        q.list_regulations().unwrap(),
        q.people().unwrap(),
        q.comments(reg).unwrap(),
        q.audit().unwrap(),
    )
}

#[test]
fn a_restored_database_holds_the_same_law_history_comments_and_audit_chain() {
    let files = tempfile::tempdir().unwrap();
    let f = |name: &str| files.path().join(name);
    let (before, before_report) = {
        let q = Quyche::open(&f("db"), test_clock()).unwrap();
        let reg = write_content(&q);
        q.backup(&f("all.qcbak")).unwrap();
        (content(&q, &reg), q.verify().unwrap())
    };
    assert!(before_report.is_intact(), "{before_report:?}");
    assert_eq!((before_report.revisions, before_report.regulations), (3, 1));

    let (summary, report) = quyche_api::restore(&f("all.qcbak"), &f("new")).unwrap();
    assert_eq!(report, before_report);
    assert!(summary.entries > 10, "{summary:?}");
    let q = Quyche::open(&f("new"), test_clock()).unwrap();
    let reg = q.list_regulations().unwrap()[0].id.clone();
    assert_eq!(content(&q, &reg), before);
    assert_eq!(q.comments(&reg).unwrap().len(), 2);
    assert!(q.verify().unwrap().is_intact());
    // The chain goes on from where the backup left it.
    let entries = q.audit().unwrap().len();
    q.import_file(&law(LAW_2012), Actor::Current).unwrap();
    assert!(q.audit().unwrap().len() > entries);
    assert!(q.verify().unwrap().is_intact());
}

fn error_of<T: std::fmt::Debug>(r: quyche_api::Result<T>) -> quyche_api::ApiError {
    r.expect_err("must be refused")
}

#[test]
fn a_full_folder_is_refused_and_a_damaged_file_is_bad_input() {
    let files = tempfile::tempdir().unwrap();
    let f = |name: &str| files.path().join(name);
    {
        let q = Quyche::open(&f("db"), test_clock()).unwrap();
        q.import_file(&law(LAW_2023), Actor::Named("Văn phòng")).unwrap();
        q.backup(&f("all.qcbak")).unwrap();
    }
    // Restoring over a database that exists is refused, and names the folder.
    let e = error_of(quyche_api::restore(&f("all.qcbak"), &f("db")));
    assert_eq!(e.code, ErrorCode::Refused, "{e:?}");
    assert!(e.message.contains(&*f("db").to_string_lossy()), "{e:?}");

    let mut bytes = std::fs::read(f("all.qcbak")).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(f("damaged.qcbak"), &bytes).unwrap();
    let e = error_of(quyche_api::restore(&f("damaged.qcbak"), &f("new")));
    assert_eq!(e.code, ErrorCode::BadInput, "{e:?}");
    assert!(e.message.contains("damaged.qcbak") && e.message.contains("SHA-256"), "{e:?}");
    assert!(!f("new").exists());
}

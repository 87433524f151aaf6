//! Rotating backups (daily and before an approval), the recovery of a database that
//! fails its checks from the newest backup that restores, and the audit's stamp: the
//! installation's fingerprint and "thay mặt" for an action taken as someone else.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use quyche_api::{
    audit_actor_label, backups_dir, recover_from_latest_backup, rotating_backups, Actor,
    BackupKind, ErrorCode, Quyche, KEEP_BEFORE_APPROVAL, KEEP_DAILY,
};

/// 2026-12-04T08:00:00Z.
const DAY_ONE: i64 = 1_796_371_200_000;
const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// A clock the test moves by hand.
struct Hands(Arc<AtomicI64>);

impl Hands {
    fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

fn open(dir: &Path, at: i64) -> (Quyche, Hands) {
    let t = Arc::new(AtomicI64::new(at));
    let reading = t.clone();
    let q = Quyche::open(dir, Arc::new(move || reading.load(Ordering::SeqCst))).unwrap();
    (q, Hands(t))
}

fn names(dir: &Path) -> Vec<String> {
    rotating_backups(&backups_dir(dir))
        .unwrap()
        .iter()
        .map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// Everything a user reads back of the demo, as text.
fn content(q: &Quyche) -> String {
    let regs = q.list_regulations().unwrap();
    let mut out = format!("{regs:?}\n{:?}\n", q.people().unwrap());
    for r in &regs {
        for rev in q.history(&r.id).unwrap() {
            let doc = q.document(&r.id, Some(rev.number)).unwrap();
            out.push_str(&quyche_api::render_document(&doc));
        }
    }
    out
}

#[test]
fn one_daily_backup_per_utc_day_and_only_the_newest_ten_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (q, hands) = open(&db, DAY_ONE);
    q.seed_demo_if_empty().unwrap();

    // (time, whether a backup is due): the first reading of a day writes one, later
    // readings that day do not, whatever the hour; the next UTC day does.
    let cases = [
        (DAY_ONE, true),
        (DAY_ONE + HOUR, false),
        (DAY_ONE + 15 * HOUR, false), // 23:00 UTC, still the same day
        (DAY_ONE + 16 * HOUR, true),  // 00:00 UTC the next day
        (DAY_ONE + 17 * HOUR, false),
        (DAY_ONE - 3 * DAY, true), // a clock set back: that day has none yet
    ];
    for (at, due) in cases {
        hands.set(at);
        let written = q.backup_if_due().unwrap();
        assert_eq!(written.is_some(), due, "at {}", quyche_api::iso8601(at));
        if let Some(path) = written {
            assert!(path.starts_with(backups_dir(&db)), "{}", path.display());
        }
    }
    assert_eq!(
        names(&db),
        [
            "daily-20261201T080000Z.qcbak",
            "daily-20261204T080000Z.qcbak",
            "daily-20261205T000000Z.qcbak",
        ]
    );
    for day in 2..=12 {
        hands.set(DAY_ONE + day * DAY);
        assert!(q.backup_if_due().unwrap().is_some(), "day {day}");
    }
    let kept = rotating_backups(&backups_dir(&db)).unwrap();
    assert_eq!(kept.len(), KEEP_DAILY);
    assert_eq!(kept.first().unwrap().stamp, "20261207T080000Z", "the oldest are pruned");
    assert_eq!(kept.last().unwrap().stamp, "20261216T080000Z");
    for b in &kept {
        assert_eq!(b.kind, BackupKind::Daily);
        // Each is a whole backup: it restores and verifies.
        let into = dir.path().join(format!("restored-{}", b.stamp));
        let (_, report) = quyche_api::restore(&b.path, &into).unwrap();
        assert!(report.is_intact(), "{}: {:?}", b.path.display(), report.problems);
    }
}

#[test]
fn backups_before_approval_rotate_apart_from_the_daily_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (q, hands) = open(&db, DAY_ONE);
    q.seed_demo_if_empty().unwrap();
    q.backup_if_due().unwrap().expect("the daily backup");
    // Two in the same second get distinct names, in order.
    for _ in 0..2 {
        q.backup_before_approval().unwrap();
    }
    for n in 1..=5 {
        hands.set(DAY_ONE + n * 1000);
        q.backup_before_approval().unwrap();
    }
    let all = rotating_backups(&backups_dir(&db)).unwrap();
    let approvals: Vec<_> =
        all.iter().filter(|b| b.kind == BackupKind::BeforeApproval).map(|b| &b.stamp).collect();
    assert_eq!(approvals.len(), KEEP_BEFORE_APPROVAL);
    assert_eq!(
        approvals,
        [
            "20261204T080001Z",
            "20261204T080002Z",
            "20261204T080003Z",
            "20261204T080004Z",
            "20261204T080005Z"
        ]
    );
    assert_eq!(all.iter().filter(|b| b.kind == BackupKind::Daily).count(), 1, "daily untouched");
}

#[cfg(unix)]
#[test]
fn the_signing_key_is_kept_beside_the_rotating_backups_and_not_in_an_export() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (q, _) = open(&db, DAY_ONE);
    q.seed_demo_if_empty().unwrap();
    q.create_identity("Nguyễn Văn An", "Chủ tịch").unwrap();
    q.backup_if_due().unwrap().unwrap();
    let copy = backups_dir(&db).join("identity").join(quyche_exchange::SECRET_KEY_FILE);
    let original = db.join("identity").join(quyche_exchange::SECRET_KEY_FILE);
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&original).unwrap());
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the copy is readable by the owner only");
    // A backup for someone else holds the store only.
    let export = dir.path().join("cho-nguoi-khac.qcbak");
    q.backup(&export).unwrap();
    let bytes = std::fs::read(&export).unwrap();
    let key = std::fs::read(&original).unwrap();
    assert!(!bytes.windows(key.len().min(64)).any(|w| w == &key[..key.len().min(64)]));
}

/// Damages the sled files of a closed database beyond what its checks accept.
fn damage(db: &Path) {
    let sled = db.join("sled");
    let mut damaged = 0;
    for entry in std::fs::read_dir(&sled).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_file() && (name == "db" || name.starts_with("snap.")) {
            let mut bytes = std::fs::read(&path).unwrap();
            // One byte in every 512: past every checksum sled keeps.
            for b in bytes.iter_mut().step_by(512) {
                *b ^= 0x5a;
            }
            std::fs::write(&path, bytes).unwrap();
            damaged += 1;
        }
    }
    assert!(damaged > 0, "no sled file to damage in {}", sled.display());
}

fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_damaged_database_is_recovered_from_its_newest_good_backup_and_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let before;
    let fingerprint;
    {
        let (q, hands) = open(&db, DAY_ONE);
        q.seed_demo_if_empty().unwrap();
        fingerprint = q.create_identity("Nguyễn Văn An", "Chủ tịch").unwrap().fingerprint;
        q.backup_if_due().unwrap().unwrap();
        before = content(&q);
        hands.set(DAY_ONE + DAY);
        // The newest backup is damaged too: the recovery must skip it.
        let newest = q.backup_if_due().unwrap().unwrap();
        let mut bytes = std::fs::read(&newest).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x40;
        std::fs::write(&newest, bytes).unwrap();
    }
    damage(&db);
    let err = Quyche::open(&db, Arc::new(|| DAY_ONE)).err().expect("the damaged open fails");
    assert_eq!(err.code, ErrorCode::Corrupt, "{}", err.message);
    let damaged_files = files_under(&db);

    let now = DAY_ONE + 2 * DAY + 5000;
    let report = recover_from_latest_backup(&db, now).unwrap();
    assert!(report.verify.is_intact(), "{:?}", report.verify.problems);
    assert_eq!(report.damaged, dir.path().join("db.damaged-20261206T080005Z"));
    assert!(report.backup.ends_with("daily-20261204T080000Z.qcbak"), "{:?}", report.backup);
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert!(report.skipped[0].0.ends_with("daily-20261205T080000Z.qcbak"));
    assert!(report.identity_restored);

    // The damaged folder is kept exactly as it was.
    assert_eq!(files_under(&report.damaged), damaged_files);
    // The recovered database holds what the backup held, signs with the same key, and
    // keeps its backups.
    let (q, _) = open(&db, now);
    assert_eq!(content(&q), before);
    assert_eq!(q.identity().unwrap().expect("the identity came back").fingerprint, fingerprint);
    assert_eq!(names(&db).len(), 2);
}

#[test]
fn without_a_backup_recovery_says_so_and_moves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    {
        let (q, _) = open(&db, DAY_ONE);
        q.seed_demo_if_empty().unwrap();
    }
    damage(&db);
    let files = files_under(&db);
    let err = recover_from_latest_backup(&db, DAY_ONE).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("không có bản sao lưu nào"), "{}", err.message);
    assert!(err.message.contains(&backups_dir(&db).display().to_string()), "{}", err.message);
    assert_eq!(files_under(&db), files, "nothing moved or changed");
    let siblings: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(siblings, ["db"]);
}

#[test]
fn a_database_in_use_is_never_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let (q, _) = open(&db, DAY_ONE);
    q.seed_demo_if_empty().unwrap();
    q.backup_if_due().unwrap().unwrap();
    let err = recover_from_latest_backup(&db, DAY_ONE).unwrap_err();
    assert_eq!(err.code, ErrorCode::DatabaseInUse);
    assert!(db.join("sled").exists());
}

#[test]
fn the_audit_names_the_installation_and_who_acted_on_whose_behalf() {
    let dir = tempfile::tempdir().unwrap();
    let (q, _) = open(dir.path(), DAY_ONE);
    let reg = q.seed_demo_if_empty().unwrap().unwrap();
    q.add_demo_committee().unwrap();
    let id = |name: &str| q.people().unwrap().into_iter().find(|p| p.name == name).unwrap().id;
    let an = id("Nguyễn Văn An");
    // The demo opens as the secretary, Bình, who has no identity yet.
    q.open_round(&reg, Actor::Person(&an), None).unwrap();
    let fingerprint = q.create_identity("Trần Thị Bình", "Chánh Văn phòng").unwrap().fingerprint;
    q.close_round(&reg, Actor::Person(&an)).unwrap();
    q.set_current_user(&an).unwrap();
    q.submit(&reg, Actor::Person(&an)).unwrap();

    let tail: Vec<_> = q
        .audit()
        .unwrap()
        .into_iter()
        .rev()
        .take(4)
        .rev()
        .map(|e| (e.action.clone(), audit_actor_label(&e), e.installation.clone()))
        .collect();
    let fp = Some(fingerprint);
    let s = |x: &str| x.to_string();
    assert_eq!(
        tail,
        [
            (s("round-open"), s("Trần Thị Bình thay mặt Nguyễn Văn An"), None),
            (s("round-close"), s("Trần Thị Bình thay mặt Nguyễn Văn An"), fp.clone()),
            // The switch is recorded by the new user, not on their behalf.
            (s("sign-in"), s("Nguyễn Văn An"), fp.clone()),
            (s("submit"), s("Nguyễn Văn An"), fp),
        ]
    );
    assert!(q.verify().unwrap().is_intact());
}

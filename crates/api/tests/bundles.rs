//! Comment bundles through the facade, as a member sends them: numbered per regulation
//! (two regulations, two bundles numbered 1, both land), counted as sent only once the
//! file is written, and the last one written again as a replay.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use quyche_api::{Actor, Clock, ErrorCode, Quyche, Target};
use quyche_review::Role;

/// A clock that ticks one second per reading, from 2026-11-28T02:20:00Z.
fn test_clock() -> Clock {
    let t = Arc::new(AtomicI64::new(1_795_832_400_000));
    Arc::new(move || t.fetch_add(1000, Ordering::SeqCst))
}

fn open(dir: &Path) -> Quyche {
    Quyche::open(dir, test_clock()).expect("open")
}

fn demo_text() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/quy-che-lam-viec-v2.txt")
}

fn comment(q: &Quyche, reg: &str, text: &str) {
    let target = Target::Numbered { article: 1, clause: None, point: None };
    q.add_comment(reg, Actor::Current, target, "Phạm vi điều chỉnh", None, text, None).unwrap();
}

fn import(chair: &Quyche, secretary: &str, file: &Path) -> u32 {
    chair.import_bundle_file(file, Actor::Person(secretary), false).unwrap()
}

#[test]
fn a_member_sends_one_bundle_per_regulation_and_both_land_once() {
    let files = tempfile::tempdir().unwrap();
    let f = |name: &str| files.path().join(name);
    let member = open(&f("member"));
    member.create_identity("Lê Văn Cường", "Phó Chủ tịch").unwrap();
    member.export_identity_card(&f("member.quyche-id")).unwrap();

    // The chairman's machine: two regulations, a round open on each.
    let chair = open(&f("chair"));
    chair.create_identity("Nguyễn Văn An", "Chủ tịch").unwrap();
    chair.export_identity_card(&f("chair.quyche-id")).unwrap();
    let regs: Vec<String> = (0..2)
        .map(|_| chair.import_file(&demo_text(), Actor::Named("Văn phòng")).unwrap().regulation_id)
        .collect();
    assert_ne!(regs[0], regs[1]);
    let chairman = chair
        .add_person_from_card(Actor::Current, &f("chair.quyche-id"), Role::Chairman, false)
        .unwrap()
        .id;
    let by = Actor::Person(&chairman);
    chair.add_person_from_card(by, &f("member.quyche-id"), Role::Member, false).unwrap();
    let secretary = chair.add_person(by, "Trần Thị Bình", Role::Secretary, "").unwrap().id;
    chair.set_current_user(&chairman).unwrap();
    for (i, reg) in regs.iter().enumerate() {
        chair.open_round(reg, Actor::Current, None).unwrap();
        let package = f(&format!("goi-{i}.quyche"));
        chair.package_to_file(reg, Actor::Current, &package).unwrap();
        // The first package of each copy pins the chairman's key for that copy, its
        // fingerprint checked by phone.
        let fp = chair.identity().unwrap().unwrap().fingerprint;
        assert_eq!(&member.open_package_file(&package, Some(&fp)).unwrap(), reg);
    }

    // Nothing sent yet: nothing to write again.
    let err = member.bundle_again_to_file(&regs[0], &f("lai.zip")).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err:?}");
    assert!(err.message.contains("Chưa gửi tệp góp ý nào"), "{}", err.message);
    assert!(!f("lai.zip").exists());

    comment(&member, &regs[0], "Tách hai khoản.");
    comment(&member, &regs[1], "Bổ sung thời hạn.");

    // A write that fails (no such folder) sends nothing: the comment is still unsent.
    let err = member.bundle_to_file(&regs[0], &f("khong-co/bo-0.zip")).unwrap_err();
    assert_eq!(err.code, ErrorCode::Io, "{err:?}");
    assert!(err.message.contains("bo-0.zip"), "{}", err.message);
    assert_eq!(member.bundle_to_file(&regs[0], &f("bo-0.zip")).unwrap(), 1, "still unsent");
    assert_eq!(member.bundle_to_file(&regs[1], &f("bo-1.zip")).unwrap(), 1);
    let err = member.bundle_to_file(&regs[0], &f("bo-0b.zip")).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "sent: {err:?}");

    // Both are bundle number 1 of the same author, on different regulations: both land.
    assert_eq!(import(&chair, &secretary, &f("bo-0.zip")), 1);
    assert_eq!(import(&chair, &secretary, &f("bo-1.zip")), 1);
    assert_eq!(import(&chair, &secretary, &f("bo-0.zip")), 0, "a replay");
    assert_eq!(import(&chair, &secretary, &f("bo-1.zip")), 0, "a replay");

    // The last bundle written again is the same bundle: a replay, nothing new.
    assert_eq!(member.bundle_again_to_file(&regs[0], &f("bo-0-lai.zip")).unwrap(), 1);
    assert_eq!(import(&chair, &secretary, &f("bo-0-lai.zip")), 0);
    // Writing it again sent nothing new, and left nothing unsent.
    let err = member.bundle_to_file(&regs[0], &f("bo-0c.zip")).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err:?}");
    for reg in &regs {
        assert_eq!(chair.comments(reg).unwrap().len(), 1, "{reg}");
    }

    // The window's long work: many files, watched, and stopped once the first is in. The
    // files after the stop are reported as not imported; the work is gone once done.
    let paths: Vec<String> = (0..300).map(|_| f("bo-0.zip").display().to_string()).collect();
    let finished = std::sync::atomic::AtomicBool::new(false);
    let (results, stopped_by_us) = std::thread::scope(|s| {
        let watcher = s.spawn(|| loop {
            if finished.load(Ordering::SeqCst) {
                return false;
            }
            if chair.work_progress(7).unwrap().is_some_and(|p| p.done >= 1 && p.total == 300) {
                return chair.cancel_work(7).unwrap();
            }
        });
        let results =
            chair.import_bundle_files(&paths, Actor::Person(&secretary), false, Some(7)).unwrap();
        finished.store(true, Ordering::SeqCst);
        (results, watcher.join().unwrap())
    });
    assert!(stopped_by_us, "the watcher saw the work running and stopped it");
    assert_eq!(results.len(), 300);
    let first_stopped = results.iter().position(|r| !r.ok).expect("a file left undone");
    assert!(first_stopped >= 1, "the first file was in before the stop");
    for (i, r) in results.iter().enumerate() {
        if i < first_stopped {
            assert!(r.ok && r.new_comments == 0, "{i}: a replay, before the stop: {r:?}");
        } else {
            assert!(!r.ok && r.error.as_deref().unwrap_or("").contains("Đã dừng"), "{i}: {r:?}");
        }
    }
    assert_eq!(chair.work_progress(7).unwrap(), None, "done work is not running");
    assert!(!chair.cancel_work(7).unwrap(), "nothing to stop once done");
}

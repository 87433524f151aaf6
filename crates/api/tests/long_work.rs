//! Long work the window watches (issue 14): importing a big text and writing an export
//! report their stages to `work_progress`, and a stop asked for with `cancel_work` from
//! another thread is honoured before anything is written: a stopped import stores
//! nothing, a stopped export leaves no file. The un-watched calls (the CLI's) are the
//! same as before and register nothing.
//!
//! A stop is raced deterministically: the hook (`set_work_hook`) hands each step to the
//! test's thread and waits while that thread asks to stop, so each case knows the stop
//! came at the step it names, and fails if the work went past it unstopped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use crate::test_clock;
use quyche_api::{
    Actor, ApiError, ApprovalForm, ErrorCode, Picked, Quyche, VoteInput, WorkProgress,
    EXPORT_STOPPED, IMPORT_STAGES, IMPORT_STOPPED,
};

const WORK: u32 = 7;

struct Library {
    dir: tempfile::TempDir,
    q: Quyche,
    /// The demo regulation, two revisions.
    demo: String,
    /// A big text (long_law(2), about 430 KB, more than 200 articles).
    big: PathBuf,
}

fn library() -> Library {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(&dir.path().join("db"), test_clock()).unwrap();
    let demo = q.seed_demo_if_empty().unwrap().unwrap();
    let big = dir.path().join("luat-dai.txt");
    std::fs::write(&big, quyche_fixtures::long_law(2)).unwrap();
    Library { dir, q, demo, big }
}

/// What the library holds, as the window lists it, and the demo's history: a stopped
/// import must leave both as they were.
fn contents(q: &Quyche, demo: &str) -> (String, usize) {
    let list = serde_json::to_string(&q.list_regulations().unwrap()).unwrap();
    (list, q.history(demo).unwrap().len())
}

#[derive(Clone, Copy, Debug)]
enum Import {
    /// A new regulation (the library's "Nhập văn bản…").
    New,
    /// The next revision of the demo (the history's "Nhập phiên bản mới…").
    Revision,
}

const IMPORTS: [Import; 2] = [Import::New, Import::Revision];

fn import_watched(
    l: &Library,
    how: Import,
    picked: Picked,
) -> quyche_api::Result<Option<quyche_api::ImportResult>> {
    match how {
        Import::New => l.q.import_picked(picked, Actor::Current, Some(WORK)),
        Import::Revision => l.q.import_revision_picked(&l.demo, picked, Actor::Current, Some(WORK)),
    }
}

/// Every step the hook sees, in order.
fn record_steps(q: &Quyche) -> Arc<Mutex<Vec<WorkProgress>>> {
    let steps = Arc::new(Mutex::new(Vec::new()));
    let seen = steps.clone();
    q.set_work_hook(Some(Arc::new(move |p: &WorkProgress| {
        seen.lock().unwrap().push(p.clone());
        false
    })));
    steps
}

#[test]
fn a_big_import_watched_from_another_thread_goes_up_stage_by_stage_to_its_total() {
    for how in IMPORTS {
        let l = library();
        let steps = record_steps(&l.q);
        let done = std::sync::atomic::AtomicBool::new(false);
        let (result, polled) = std::thread::scope(|s| {
            let watcher = s.spawn(|| {
                let mut polled = Vec::new();
                while !done.load(Ordering::SeqCst) {
                    if let Some(p) = l.q.work_progress(WORK).unwrap() {
                        polled.push(p);
                    }
                    std::thread::yield_now();
                }
                polled
            });
            let result = import_watched(&l, how, Some(l.big.clone()));
            done.store(true, Ordering::SeqCst);
            (result, watcher.join().unwrap())
        });
        let imported = result.unwrap().expect("a file was picked");
        let articles = l.q.document(&imported.regulation_id, None).unwrap().stats().articles;
        assert!(articles > 200, "{how:?}: {articles}");

        let steps = steps.lock().unwrap().clone();
        let done: Vec<u32> = steps.iter().map(|p| p.done).collect();
        assert_eq!(done, [0, 1, 2, 3, IMPORT_STAGES], "{how:?}: {steps:#?}");
        assert!(steps.iter().all(|p| p.work == WORK && p.total == IMPORT_STAGES && !p.stopping));
        let stages: Vec<&str> = steps.iter().map(|p| p.stage.as_str()).collect();
        assert_eq!(stages[0], "Đang đọc tệp…", "{how:?}");
        assert!(
            stages[1].starts_with("Đang giải mã và chuẩn hoá văn bản (")
                && stages[1].ends_with(" KB)…"),
            "{stages:?}"
        );
        assert!(
            stages[2].starts_with("Đang tìm chương, điều trong ") && stages[2].ends_with(" dòng…"),
            "{stages:?}"
        );
        assert_eq!(stages[3], format!("Đang lưu {articles} điều vào thư viện…"));
        assert_eq!(stages[4], "Đã nhập xong.");
        // What the other thread saw never went back, and each was a step the work took.
        assert!(polled.windows(2).all(|w| w[0].done <= w[1].done), "{how:?}: {polled:#?}");
        // (Or the moment between registering and the first stage.)
        let registered = |p: &WorkProgress| p.done == 0 && p.stage.is_empty();
        assert!(polled.iter().all(|p| steps.contains(p) || registered(p)), "{polled:#?}");
        // Done, the work is no longer running.
        assert_eq!(l.q.work_progress(WORK).unwrap(), None);
        assert!(!l.q.cancel_work(WORK).unwrap());
    }
}

/// Runs `work` on its own thread; when the hook sees the step whose `done` is `at`, this
/// thread asks the work to stop (`cancel_work`, as the window's "Dừng") and only then lets
/// the step go on. Answers the work's result and whether the stop was asked.
fn stop_at<T: Send>(q: &Quyche, at: u32, work: impl FnOnce() -> T + Send) -> (T, bool) {
    stop_at_nth(q, at, 1, work)
}

/// [`stop_at`] at the `nth` step whose `done` is `at` (an export made before its dialog
/// looks at stage 1 before and after the dialog).
fn stop_at_nth<T: Send>(
    q: &Quyche,
    at: u32,
    nth: usize,
    work: impl FnOnce() -> T + Send,
) -> (T, bool) {
    // `None`: the work ended without reaching the step.
    let (to_test, steps) = mpsc::channel::<Option<WorkProgress>>();
    let (to_work, go_on) = mpsc::channel::<()>();
    let ended = to_test.clone();
    let (to_test, go_on) = (Mutex::new(to_test), Mutex::new(go_on));
    let seen = AtomicUsize::new(0);
    q.set_work_hook(Some(Arc::new(move |p: &WorkProgress| {
        if p.done == at && seen.fetch_add(1, Ordering::SeqCst) + 1 == nth {
            to_test.lock().unwrap().send(Some(p.clone())).unwrap();
            go_on.lock().unwrap().recv().unwrap();
        }
        false
    })));
    let out = std::thread::scope(|s| {
        let worker = s.spawn(move || {
            let out = work();
            ended.send(None).unwrap();
            out
        });
        let asked = match steps.recv().unwrap() {
            Some(p) => {
                assert_eq!(p.work, WORK);
                let asked = q.cancel_work(WORK).unwrap();
                to_work.send(()).unwrap();
                asked
            }
            None => false,
        };
        (worker.join().unwrap(), asked)
    });
    q.set_work_hook(None);
    out
}

fn assert_stopped(e: &ApiError, message: &str) {
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::Stopped, message));
}

#[test]
fn an_import_stopped_from_another_thread_before_storing_stores_nothing() {
    for how in IMPORTS {
        // Before reading, decoding, parsing and storing: every step before the write.
        for at in 0..IMPORT_STAGES {
            let l = library();
            let before = contents(&l.q, &l.demo);
            let (result, asked) =
                stop_at(&l.q, at, || import_watched(&l, how, Some(l.big.clone())));
            assert!(asked, "{how:?} at {at}: the stop raced the step");
            let e = result.expect_err("stopped");
            assert_stopped(&e, IMPORT_STOPPED);
            assert_eq!(contents(&l.q, &l.demo), before, "{how:?} at {at}: nothing stored");
            assert_eq!(l.q.work_progress(WORK).unwrap(), None, "{how:?} at {at}");
            // Stopped is not broken: the same import, not stopped, goes through.
            assert!(import_watched(&l, how, Some(l.big.clone())).unwrap().is_some());
        }
        // Once stored, a stop is too late and changes nothing: the import is whole.
        let l = library();
        let (result, asked) =
            stop_at(&l.q, IMPORT_STAGES, || import_watched(&l, how, Some(l.big.clone())));
        assert!(asked);
        let imported = result.unwrap().unwrap();
        assert!(l.q.document(&imported.regulation_id, None).unwrap().stats().articles > 200);
    }
}

/// The demo, approved (decision 12/QĐ-LMHTX), so every export has something to write.
fn approved() -> Library {
    let l = library();
    let q = &l.q;
    q.add_demo_committee().unwrap();
    q.create_identity("Trần Thị Bình", "Chánh Văn phòng").unwrap();
    let person = |name: &str| q.people().unwrap().into_iter().find(|p| p.name == name).unwrap().id;
    let (chairman, secretary) = (person("Nguyễn Văn An"), person("Trần Thị Bình"));
    q.open_round(&l.demo, Actor::Person(&chairman), None).unwrap();
    q.close_round(&l.demo, Actor::Person(&chairman)).unwrap();
    q.submit(&l.demo, Actor::Person(&chairman)).unwrap();
    let vote = VoteInput {
        form: ApprovalForm::Meeting,
        date: "2026-12-20".into(),
        members: 27,
        votes_for: 20,
        against: 4,
        abstain: 2,
        absent: 1,
        decision_no: "12/QĐ-LMHTX".into(),
        approved: true,
    };
    q.record_vote(&l.demo, Actor::Person(&secretary), vote).unwrap();
    q.set_current_user(&chairman).unwrap();
    l
}

/// Every export the window writes, watched or not: it writes to `path` when the save
/// dialog asks, and counts the times the dialog was asked.
#[derive(Clone, Copy, Debug)]
enum Export {
    Approved,
    Promulgation,
    Report,
    Redline,
    RedlineWithFile,
}

const EXPORTS: [Export; 5] = [
    Export::Approved,
    Export::Promulgation,
    Export::Report,
    Export::Redline,
    Export::RedlineWithFile,
];

fn export(
    l: &Library,
    what: Export,
    path: &Path,
    asked: &AtomicUsize,
    work: Option<u32>,
) -> quyche_api::Result<bool> {
    let q = &l.q;
    let save = |_: &str| -> quyche_api::Result<Picked> {
        asked.fetch_add(1, Ordering::SeqCst);
        Ok(Some(path.to_path_buf()))
    };
    let id = l.demo.as_str();
    let written = match (what, work) {
        (Export::Approved, None) => {
            q.export_picked(id, Actor::Current, "docx", save, None)?.map(|v| v.path)
        }
        (Export::Approved, Some(w)) => {
            q.export_picked(id, Actor::Current, "docx", save, Some(w))?.map(|v| v.path)
        }
        (Export::Promulgation, None) => {
            q.promulgation_picked(id, Actor::Current, "pdf", save, None)?.map(|v| v.path)
        }
        (Export::Promulgation, Some(w)) => {
            q.promulgation_picked(id, Actor::Current, "pdf", save, Some(w))?.map(|v| v.path)
        }
        (Export::Report, None) => q.report_picked(id, Actor::Current, "docx", save, None)?,
        (Export::Report, Some(w)) => q.report_picked(id, Actor::Current, "docx", save, Some(w))?,
        (Export::Redline, None) => q.redline_picked(id, 1, 2, "docx", save, None)?,
        (Export::Redline, Some(w)) => q.redline_picked(id, 1, 2, "docx", save, Some(w))?,
        (Export::RedlineWithFile, work) => {
            let sent_back = l.dir.path().join("gui-lai.txt");
            std::fs::write(&sent_back, include_str!("../demo/quy-che-lam-viec-v2.txt")).unwrap();
            let file = q.hold_picked(Some(sent_back)).unwrap().unwrap().handle;
            match work {
                None => q.redline_with_held_picked(id, 2, file, "docx", save, None)?,
                Some(w) => q.redline_with_held_picked(id, 2, file, "docx", save, Some(w))?,
            }
        }
    };
    assert_eq!(written.as_deref(), Some(path.to_str().unwrap()));
    Ok(true)
}

/// The files in `dir`: a stopped export leaves none, not even a temp file.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_export_stopped_before_its_write_leaves_no_file_at_all() {
    let l = approved();
    for what in EXPORTS {
        // Stage 0 is making the document, stage 1 writing it; an export made before its
        // dialog looks at stage 1 before the dialog and again after it.
        let made_first = !matches!(what, Export::Approved | Export::Report);
        let mut cases = vec![(0, 1), (1, 1)];
        if made_first {
            cases.push((1, 2));
        }
        for (at, nth) in cases {
            let out = l.dir.path().join(format!("ra-{what:?}-{at}-{nth}"));
            std::fs::create_dir(&out).unwrap();
            let path = out.join("tep.docx");
            let asked = AtomicUsize::new(0);
            let (result, stop_asked) =
                stop_at_nth(&l.q, at, nth, || export(&l, what, &path, &asked, Some(WORK)));
            assert!(stop_asked, "{what:?} at {at} ({nth}): the stop raced the step");
            assert_stopped(&result.expect_err("stopped"), EXPORT_STOPPED);
            assert_eq!(files_in(&out), Vec::<String>::new(), "{what:?} at {at} ({nth})");
            assert_eq!(l.q.work_progress(WORK).unwrap(), None);
            // Made first, a stop before the dialog asks nothing; after it, the dialog was
            // asked and still nothing is written.
            let dialogs = if made_first && nth == 1 { 0 } else { 1 };
            assert_eq!(asked.load(Ordering::SeqCst), dialogs, "{what:?} at {at} ({nth})");
        }
    }
}

#[test]
fn a_watched_export_reports_making_then_writing_then_done() {
    let l = approved();
    for what in EXPORTS {
        let path = l.dir.path().join(format!("{what:?}.out"));
        let steps = record_steps(&l.q);
        export(&l, what, &path, &AtomicUsize::new(0), Some(WORK)).unwrap();
        let steps: Vec<(u32, u32, String)> =
            steps.lock().unwrap().iter().map(|p| (p.done, p.total, p.stage.clone())).collect();
        let done: Vec<u32> = steps.iter().map(|s| s.0).collect();
        // Made before the dialog, the document is looked at once more after it.
        let expected: &[u32] = match what {
            Export::Approved | Export::Report => &[0, 1, 2],
            _ => &[0, 1, 1, 2],
        };
        assert_eq!(done, expected, "{what:?}: {steps:?}");
        assert_eq!(steps[0].2, "Đang dựng văn bản…");
        assert!(
            steps[1].2.starts_with("Đang ghi tệp (") && steps[1].2.ends_with(" KB)…"),
            "{steps:?}"
        );
        assert_eq!(steps.last().unwrap().2, "Đã ghi xong.");
        assert!(steps.iter().all(|s| s.1 == 2));
        assert!(path.is_file());
    }
}

#[test]
fn the_unwatched_calls_write_the_same_and_register_no_work() {
    // Imports: the same regulation, revision and report, and no step seen.
    for how in IMPORTS {
        let (a, b) = (library(), library());
        let steps = record_steps(&a.q);
        let plain = match how {
            Import::New => a.q.import_picked(Some(a.big.clone()), Actor::Current, None),
            Import::Revision => {
                a.q.import_revision_picked(&a.demo, Some(a.big.clone()), Actor::Current, None)
            }
        };
        let watched = import_watched(&b, how, Some(b.big.clone()));
        let (mut plain, mut watched) = (
            serde_json::to_value(plain.unwrap().unwrap()).unwrap(),
            serde_json::to_value(watched.unwrap().unwrap()).unwrap(),
        );
        assert!(steps.lock().unwrap().is_empty(), "{how:?}: the plain import registered work");
        for v in [&mut plain, &mut watched] {
            v["regulation_id"] = serde_json::Value::Null;
        }
        assert_eq!(plain, watched, "{how:?}");
        // A closed dialog: nothing, watched or not.
        assert!(import_watched(&b, how, None).unwrap().is_none());
        assert_eq!(b.q.work_progress(WORK).unwrap(), None);
    }
    // Exports: the same bytes; the dialog asked once each.
    let l = approved();
    let steps = record_steps(&l.q);
    for what in EXPORTS {
        let (plain, watched) =
            (l.dir.path().join(format!("{what:?}-a")), l.dir.path().join(format!("{what:?}-b")));
        let asked = AtomicUsize::new(0);
        export(&l, what, &plain, &asked, None).unwrap();
        assert!(steps.lock().unwrap().is_empty(), "{what:?}: the plain export registered work");
        export(&l, what, &watched, &asked, Some(WORK)).unwrap();
        assert_eq!(asked.load(Ordering::SeqCst), 2, "{what:?}");
        steps.lock().unwrap().clear();
        let (plain, watched) = (std::fs::read(plain).unwrap(), std::fs::read(watched).unwrap());
        assert!(!plain.is_empty());
        // The PDF and DOCX writers are deterministic for the same document and clock;
        // the clock moved between the two, which only the report's and the package's
        // dates could show, and neither is dated by the clock.
        assert_eq!(plain.len(), watched.len(), "{what:?}");
        assert!(plain == watched, "{what:?}: the watched export wrote other bytes");
    }
}

#[test]
fn a_stop_asked_for_before_the_work_starts_is_not_carried_over() {
    // The window may press "Dừng" as the command ends: an id that is not running says so,
    // and the next work under that id starts afresh.
    let l = library();
    assert!(!l.q.cancel_work(WORK).unwrap());
    assert!(import_watched(&l, Import::New, Some(l.big.clone())).unwrap().is_some());
}

//! The redline view's "So sánh với tệp…" out as a file: a stored revision against the text
//! someone sent back, as Word with tracked changes or as PDF, where the save dialog says.
//! The file is the newer side (no author, no date: a file says neither); the redline is
//! made before the dialog opens, so a bad format, an unknown file or a missing revision
//! is refused without asking where to save.

use std::path::{Path, PathBuf};

use crate::test_clock;
use quyche_api::{ErrorCode, Quyche};

const DEMO_V2: &str = include_str!("../demo/quy-che-lam-viec-v2.txt");

struct Compared {
    dir: tempfile::TempDir,
    q: Quyche,
    id: String,
    sent_back: PathBuf,
    handle: u32,
}

/// The demo (revisions 1 and 2), and revision 2 as someone sent it back with one clause
/// reworded, held as the window holds a picked file.
fn compared() -> Compared {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(&dir.path().join("db"), test_clock()).unwrap();
    let id = q.seed_demo_if_empty().unwrap().unwrap();
    let from = "làm việc theo nguyên tắc tập trung dân chủ, tập thể lãnh đạo";
    assert!(DEMO_V2.contains(from));
    let sent_back = dir.path().join("quy-che-gui-lai.txt");
    let text = DEMO_V2.replacen(
        from,
        "làm việc theo nguyên tắc tập trung dân chủ, công khai, tập thể lãnh đạo",
        1,
    );
    std::fs::write(&sent_back, text).unwrap();
    let handle = q.hold_picked(Some(sent_back.clone())).unwrap().unwrap().handle;
    Compared { dir, q, id, sent_back, handle }
}

fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
    xml
}

#[test]
fn a_revision_against_a_sent_back_file_goes_out_as_word_with_tracked_changes() {
    let c = compared();
    let out = c.dir.path().join("ra.docx");
    let mut suggested = String::new();
    let written =
        c.q.redline_with_held_picked(
            &c.id,
            2,
            c.handle,
            "docx",
            |name| {
                suggested = name.to_owned();
                Ok(Some(out.clone()))
            },
            None,
        )
        .unwrap();
    assert_eq!(written, Some(out.display().to_string()));
    assert!(suggested.ends_with("-so-sanh-phien-ban-2-voi-quy-che-gui-lai.docx"), "{suggested}");
    let xml = part(&out, "word/document.xml");
    // The reworded clause is one insertion; nothing else changed, so nothing is deleted.
    assert_eq!(xml.matches("<w:ins ").count(), 1, "one insertion");
    assert!(!xml.contains("<w:del "), "no deletion");
    assert!(xml.contains("công khai"));
    // It says what it compares: the revision, a draft, and the file, from outside.
    let about = part(&out, "docProps/custom.xml");
    assert!(about.contains("phiên bản 2 (dự thảo)"), "the older side: {about}");
    assert!(about.contains("quy-che-gui-lai.txt (tệp ngoài thư viện)"), "the newer side: {about}");
    // The same bytes as the redline made straight from the path: one redline.
    let again = c.q.redline_with_file_as_format(&c.id, 2, &c.sent_back, "docx").unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), again);
}

#[test]
fn the_same_comparison_goes_out_as_pdf() {
    let c = compared();
    let out = c.dir.path().join("ra.pdf");
    let written =
        c.q.redline_with_held_picked(&c.id, 1, c.handle, "pdf", |_| Ok(Some(out.clone())), None)
            .unwrap();
    assert_eq!(written, Some(out.display().to_string()));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
}

#[test]
fn refusals_come_before_the_dialog_and_a_cancelled_dialog_writes_nothing() {
    let c = compared();
    let never =
        |_: &str| -> quyche_api::Result<Option<PathBuf>> { panic!("the dialog must not open") };
    let err = c.q.redline_with_held_picked(&c.id, 2, c.handle, "html", never, None).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput, "{}", err.message);
    let err =
        c.q.redline_with_held_picked(&c.id, 2, c.handle + 7, "docx", never, None).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput, "{}", err.message);
    assert!(err.message.contains("hãy chọn lại tệp"), "{}", err.message);
    let err = c.q.redline_with_held_picked(&c.id, 9, c.handle, "docx", never, None).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound, "{}", err.message);
    let before: Vec<_> = std::fs::read_dir(c.dir.path()).unwrap().collect();
    let cancelled =
        c.q.redline_with_held_picked(&c.id, 2, c.handle, "docx", |_| Ok(None), None).unwrap();
    assert_eq!(cancelled, None);
    assert_eq!(std::fs::read_dir(c.dir.path()).unwrap().count(), before.len(), "nothing written");
}

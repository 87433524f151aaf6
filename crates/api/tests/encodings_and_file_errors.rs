//! Issue 10, "Vietnamese first": a `.txt` saved in UTF-16 or Windows-1258 imports
//! through the facade (the app's and the CLI's path: read_input + parse_input) with the
//! report saying it was converted; the system's own error texts never reach a message.

use std::io::{Error, ErrorKind};
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use quyche_api::{file_error, Actor, Clock, ErrorCode, FileAct, Quyche};

fn test_clock() -> Clock {
    let t = Arc::new(AtomicI64::new(1_795_832_400_000));
    Arc::new(move || t.fetch_add(1000, Ordering::SeqCst))
}

fn committed(file: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../text/tests/encodings").join(file)
}

#[test]
fn utf16_and_windows_1258_files_import_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(&dir.path().join("db"), test_clock()).unwrap();
    let expected = std::fs::read_to_string(committed("expected.txt")).unwrap();
    let cases = [
        ("utf16le.txt", Some("Tệp được lưu bằng mã UTF-16 (Unicode); đã chuyển sang UTF-8.")),
        ("utf16be.txt", Some("Tệp được lưu bằng mã UTF-16 (Unicode); đã chuyển sang UTF-8.")),
        (
            "windows1258.txt",
            Some("Tệp được lưu bằng mã Windows-1258 (ANSI); đã chuyển sang Unicode."),
        ),
        ("expected.txt", None),
    ];
    for (file, note) in cases {
        let r = q
            .import_file(&committed(file), Actor::Current)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(r.encoding_note.as_deref(), note, "{file}");
        let doc = q.document(&r.regulation_id, None).unwrap();
        let article = quyche_api::render_document(&doc);
        assert!(article.contains("hòa giải, hoà giải"), "{file}: {article}");
        assert_eq!(
            quyche_api::stats_file(&committed(file)).unwrap().articles,
            1,
            "{file}: stats reads it too"
        );
        assert!(expected.starts_with("Điều 1. Phạm vi điều chỉnh"));
    }
    // A Latin-1 file is refused naming the file, the byte and the line, and how to re-save.
    let err = q.import_file(&committed("latin1_french.txt"), Actor::Current).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput);
    assert!(err.message.starts_with("latin1_french.txt: "), "{}", err.message);
    assert!(err.message.contains("tại byte 17 (dòng 1)"), "{}", err.message);
    assert!(err.message.ends_with("Encoding: UTF-8, rồi nhập lại."), "{}", err.message);
}

#[test]
fn each_kind_of_system_error_is_a_vietnamese_sentence_naming_the_file() {
    let path = Path::new("/một/thư mục/quy-che.txt");
    let cases = [
        (FileAct::Read, ErrorKind::PermissionDenied, "Không mở được tệp “quy-che.txt”: không có quyền đọc."),
        (FileAct::Write, ErrorKind::PermissionDenied, "Không ghi được tệp “quy-che.txt”: không có quyền ghi."),
        (FileAct::Read, ErrorKind::NotFound, "Không mở được tệp “quy-che.txt”: tệp không còn ở đó."),
        (FileAct::Write, ErrorKind::StorageFull, "Không ghi được tệp “quy-che.txt”: ổ đĩa đầy."),
        (FileAct::Write, ErrorKind::ReadOnlyFilesystem, "Không ghi được tệp “quy-che.txt”: ổ đĩa chỉ cho đọc."),
        (FileAct::Read, ErrorKind::IsADirectory, "Không mở được tệp “quy-che.txt”: đây là thư mục, không phải tệp."),
        (FileAct::CreateDir, ErrorKind::AlreadyExists, "Không tạo được thư mục “quy-che.txt”: đã có tệp trùng tên."),
        (FileAct::Remove, ErrorKind::ResourceBusy, "Không xoá được tệp “quy-che.txt”: tệp đang được chương trình khác dùng."),
        (FileAct::Read, ErrorKind::Other, "Không mở được tệp “quy-che.txt”: hệ thống báo lỗi (chi tiết ghi trong nhật ký ứng dụng)."),
    ];
    for (act, kind, expected) in cases {
        let os = Error::new(kind, "Permission denied (os error 13) /một/thư mục");
        let err = file_error(path, act, &os);
        assert_eq!(err.message, expected, "{act:?} {kind:?}");
        assert!(!err.message.contains("os error") && !err.message.contains("/một"), "{expected}");
        let code = if act == FileAct::Read { ErrorCode::BadInput } else { ErrorCode::Io };
        assert_eq!(err.code, code, "{act:?} {kind:?}");
    }
    // A real missing file through the import path.
    let dir = tempfile::tempdir().unwrap();
    let err = quyche_api::read_input(&dir.path().join("mất.txt")).unwrap_err();
    assert_eq!(err.message, "Không mở được tệp “mất.txt”: tệp không còn ở đó.");
}

#[test]
fn the_audit_log_of_a_regulation_is_newest_first_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(&dir.path().join("db"), test_clock()).unwrap();
    let a = q.import_file(&committed("expected.txt"), Actor::Current).unwrap();
    let b = q.import_file(&committed("utf16le.txt"), Actor::Current).unwrap();
    q.import_revision(&a.regulation_id, &committed("windows1258.txt"), Actor::Current).unwrap();
    let log = q.audit_log(&a.regulation_id).unwrap();
    let lines: Vec<(&str, Option<&str>, Option<u32>)> =
        log.iter().map(|e| (e.what.as_str(), e.note.as_deref(), e.revision)).collect();
    assert_eq!(
        lines,
        [
            ("Lưu phiên bản mới", Some("Nhập từ tệp windows1258.txt"), Some(2)),
            // create's note is the title: this text has no header, so none.
            ("Tạo quy chế", None, Some(1)),
        ]
    );
    assert!(log[0].time > log[1].time, "newest first");
    assert!(log.iter().all(|e| !e.on_behalf && !e.who.is_empty()));
    assert_eq!(q.audit_log(&b.regulation_id).unwrap().len(), 1, "only its own entries");
    assert_eq!(q.audit_log("khong-co").unwrap_err().code, ErrorCode::NotFound);
    // Every verb the table knows has its own sentence; an unknown one still reads.
    for (verb, sentence) in quyche_api::ACTION_SENTENCES {
        assert_eq!(quyche_api::action_sentence(verb), *sentence);
        assert!(!sentence.contains(verb), "{verb}");
    }
    assert_eq!(quyche_api::action_sentence("mới-lạ"), "Thao tác khác (mới-lạ)");
}

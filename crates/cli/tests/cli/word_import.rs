//! A Word draft (`.docx`) through the same commands as a text: `stats`, `render` and
//! `import [--into]`, with the import's note and Word's diagnostics on stderr; and the
//! files refused with exit 2 and one sentence: a binary `.doc`, an encrypted file, a zip
//! bomb, an entry named `../`.

#[path = "../../../word/tests/support/docx.rs"]
mod docx;

use docx::{item, para, regulation_levels, run, zip_of, Docx};

use crate::harness::{quyche, s as p, TestDir};

const TYPED: &str = "QUY CHẾ\nLàm việc\nĐiều 1. Phạm vi\nQuy chế này áp dụng cho Ban Chấp hành.\n\
    Điều 2. Nội dung\n1. Các việc:\na) một;\nb) hai;\nc) ba;\nd) bốn;\nđ) năm.\n";

/// The typed regulation, auto-numbered by Word, with one tracked insertion.
fn draft() -> Vec<u8> {
    let ins = format!(r#"<w:ins w:id="1" w:author="Lan">{}</w:ins>"#, run(" cho Ban Chấp hành"));
    Docx::new()
        .abstract_num(0, &regulation_levels())
        .num(1, 0, "")
        .text("QUY CHẾ\nLàm việc")
        .add(item(1, 0, "Phạm vi"))
        .add(para("", &format!("{}{ins}{}", run("Quy chế này áp dụng"), run("."))))
        .add(item(1, 0, "Nội dung"))
        .add(item(1, 1, "Các việc:"))
        .add(item(1, 2, "một;"))
        .add(item(1, 2, "hai;"))
        .add(item(1, 2, "ba;"))
        .add(item(1, 2, "bốn;"))
        .add(item(1, 2, "năm."))
        .bytes()
}

#[test]
fn a_word_draft_is_read_by_stats_render_and_import() {
    let dir = TestDir::new();
    let (docx, txt) = (dir.path("du-thao.docx"), dir.path("du-thao.txt"));
    std::fs::write(&docx, draft()).unwrap();
    std::fs::write(&txt, TYPED).unwrap();

    let render = |f: &std::path::Path| quyche(&["render", p(f)]).success().stdout();
    assert_eq!(render(&docx), render(&txt));
    let stats = quyche(&["stats", p(&docx)]).json();
    assert_eq!((stats["articles"].as_u64(), stats["points"].as_u64()), (Some(2), Some(5)));
    // Word's fifth letter is e; the diagnostic names the paragraph (the eleventh).
    assert_eq!(
        stats["diagnostics"],
        serde_json::json!([{"line": 11, "message": "đoạn 11: Word ghi e), đúng là đ)"}])
    );

    let db = dir.database("db");
    let run = db.run(None, &["import", p(&docx)]);
    let reg = run.success().stdout().trim().to_owned();
    assert_eq!(
        run.stderr(),
        format!(
            "{0}: Tệp Word: đã chấp nhận 1 thay đổi được theo dõi.\n\
             {0}:11: cảnh báo: đoạn 11: Word ghi e), đúng là đ)\n",
            docx.display()
        )
    );
    assert_eq!(db.ok(None, &["import", p(&txt), "--into", &reg]), "2");
    assert_eq!(db.ok(None, &["import", p(&docx), "--into", &reg]), "3");
}

#[test]
fn files_that_are_no_readable_docx_are_refused_with_exit_2() {
    let dir = TestDir::new();
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    let mut doc = ole.to_vec();
    doc.extend_from_slice(&[0; 600]);
    doc.extend_from_slice(
        "WordDocument".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<_>>().as_slice(),
    );
    let mut encrypted = ole.to_vec();
    encrypted.extend_from_slice(&[0; 600]);
    encrypted.extend_from_slice(
        "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<_>>().as_slice(),
    );
    let zeros = vec![0u8; 65 << 20];
    let bomb = zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", &zeros)]);
    drop(zeros);
    let traversal = zip_of(&[("word/document.xml", b"<w:document/>"), ("../../evil.xml", b"x")]);
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("cu.doc", doc, "hãy mở bằng Word và lưu dưới dạng .docx"),
        ("mat-khau.docx", encrypted, "tệp Word được đặt mật khẩu"),
        ("bom.docx", bomb, "“bom nén” (zip bomb)"),
        ("thoat.docx", traversal, "tên nguy hiểm “../../evil.xml”"),
    ];
    let db = dir.database("db");
    for (name, bytes, sentence) in cases {
        let file = dir.path(name);
        std::fs::write(&file, bytes).unwrap();
        for args in [vec!["stats", p(&file)], vec!["render", p(&file)]] {
            let run = quyche(&args);
            let err = run.exit(2).one_line_error().stderr();
            assert!(err.contains(name) && err.contains(sentence), "{name}: {err}");
        }
        let err = db.fails(None, &["import", p(&file)], 2);
        assert!(err.contains(sentence), "{name}: {err}");
    }
}

//! The seed corpus of the `docx_import` fuzz target (`crates/export/fuzz`): DOCX files
//! written as Word writes them, one per reader the import goes through. Each must read
//! as a draft with articles; `QUYCHE_WRITE_CORPUS=1` writes them again.

mod support;

use std::path::PathBuf;

use support::docx::*;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../export/fuzz/corpus/docx_import")
}

fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let header = two_column_table(
        &[p("BAN CHẤP HÀNH"), p("Số: 1/QĐ")],
        &[p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), p("Bình An, ngày 1 tháng 1 năm 2026")],
    );
    let numbered = Docx::new()
        .abstract_num(0, &regulation_levels())
        .num(1, 0, "")
        .num(2, 0, r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride>"#)
        .add(header)
        .text("QUY CHẾ\nLàm việc")
        .add(item(1, 0, "Phạm vi"))
        .add(item(1, 1, "Khoản:"))
        .add(item(1, 2, "một;"))
        .add(item(1, 2, "hai;"))
        .add(item(1, 2, "ba;"))
        .add(item(1, 2, "bốn;"))
        .add(item(1, 2, "năm;"))
        .add(item(1, 3, "tiết."))
        .add(item(2, 0, "Hiệu lực"));
    let fields_and_changes = Docx::new()
        .text("QUY CHẾ\nLàm việc\nĐiều 1. Hiệu lực")
        .add(para(
            "",
            &[
                run("Từ ngày "),
                r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#.into(),
                run("1/1/2026"),
                r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#.into(),
                r#"<w:ins w:id="1" w:author="A"><w:r><w:t>, sửa</w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText>xoá</w:delText></w:r></w:del>"#.into(),
            ]
            .concat(),
        ))
        .add(para(r#"<w:rPr><w:del w:id="3" w:author="A"/></w:rPr>"#, &run("Nối ")))
        .add(p("đoạn sau."));
    let legacy = Docx::new()
        .text("QUY CHẾ\nLàm việc\nĐiều 1. Tên")
        .add(para("", &font_run(".VnTime", "Tr\u{AD}êng häc")))
        .add(para("", &font_run("VNI-Times", "Ñoäc laäp")));
    vec![
        ("word-numbered.docx", numbered.bytes()),
        ("word-fields-changes.docx", fields_and_changes.bytes()),
        ("word-legacy-fonts.docx", legacy.bytes()),
    ]
}

#[test]
fn the_seed_corpus_reads_as_drafts() {
    let dir = corpus_dir();
    let write = std::env::var("QUYCHE_WRITE_CORPUS").as_deref() == Ok("1");
    if write {
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (name, bytes) in seeds() {
        let path = dir.join(name);
        if write {
            std::fs::write(&path, &bytes).unwrap();
        }
        let stored = std::fs::read(&path).unwrap_or_else(|e| {
            panic!("{}: {e} (QUYCHE_WRITE_CORPUS=1 writes it)", path.display())
        });
        let draft = quyche_word::read_draft(&stored).unwrap();
        let parsed = quyche_text::parse(&draft.text());
        assert!(parsed.document.stats().articles > 0, "{name}: {}", draft.text());
    }
}

//! Markdown and text of a small regulation, as snapshots.

use quyche_export::{export, Format, Seal};

const SMALL: &str = "LIÊN MINH HTX VIỆT NAM
LIÊN MINH HTX TỈNH BÌNH AN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/QĐ-LMHTX
DỰ THẢO
Bình An, ngày 28 tháng 11 năm 2026
QUY CHẾ
Làm việc của Ban Kiểm tra
Chương I
NHỮNG QUY ĐỊNH CHUNG
Mục 1. PHẠM VI
Điều 1. Phạm vi điều chỉnh
1. Quy chế này quy định *chế độ* làm việc_của Ban Kiểm tra [nội bộ] & <các> tổ #1.
2. Áp dụng đối với:
a) Ủy viên;
b) Cán bộ.
- Tiết một;
Điều 2. Hiệu lực
Quy chế này có hiệu lực kể từ ngày ký.
TM. BAN CHẤP HÀNH
CHỦ TỊCH
Nguyễn Văn An
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
";

fn small() -> (quyche_model::Document, Seal) {
    let doc = quyche_text::parse(SMALL).document;
    let seal = Seal {
        regulation_id: "ban-kiem-tra".into(),
        revision: 2,
        approved_by: Some("Ban Chấp hành".into()),
        ..crate::common::seal_for(&doc)
    };
    (doc, seal)
}

/// The small regulation exported as `format`, after checking that it verifies.
fn exported(format: Format) -> String {
    let (doc, seal) = small();
    let out = String::from_utf8(export(&doc, &seal, format).unwrap()).unwrap();
    let name = format!("x.{}", format.extension());
    assert!(quyche_export::verify(out.as_bytes(), &name).unwrap().matches, "{format:?}");
    out
}

#[test]
fn markdown_of_a_small_regulation() {
    let md = exported(Format::Markdown);
    insta::assert_snapshot!(md);
}

#[test]
fn text_of_a_small_regulation() {
    let txt = exported(Format::Text);
    insta::assert_snapshot!(txt);
}

#[test]
fn html_of_a_small_regulation_verifies() {
    exported(Format::Html);
    let (doc, seal) = small();
    let docx = export(&doc, &seal, Format::Docx).unwrap();
    assert!(quyche_export::verify(&docx, "x.docx").unwrap().matches);
}

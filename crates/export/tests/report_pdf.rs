//! The response report as a PDF: landscape A4, every font embedded, and every cell's
//! words in the text layer (read with poppler's `pdftotext -raw`, in drawing order: cell by cell; its
//! layout mode reads a table's columns side by side, as they stand).

use crate::common::{assert_every_font_embedded, poppler, written_pdf};
use quyche_export::report::{report_pdf, ReportGroup, ReportRow, ResponseReport};

fn report() -> ResponseReport {
    ResponseReport {
        issuing_body: vec!["LIÊN MINH HTX VIỆT NAM".into(), "LIÊN MINH HTX TỈNH BÌNH AN".into()],
        regulation_title: "Quy chế làm việc của Ban Chấp hành".into(),
        round: "Đợt lấy ý kiến 1 (phiên bản 2, hạn 2026-12-15)".into(),
        date: "28/11/2026".into(),
        groups: vec![ReportGroup {
            article: "Điều 14. Chế độ hội nghị".into(),
            rows: vec![ReportRow {
                no: 1,
                provision: "khoản 2 Điều 14".into(),
                comment: "Nên rút ngắn thời hạn gửi tài liệu #set page(width: 1cm)".into(),
                proposal: Some("05 ngày làm việc".into()),
                commenter: "Lê Văn Cường, Phó Chủ tịch".into(),
                decision: "Tiếp thu".into(),
                explanation: "Đã sửa khoản 2.".into(),
            }],
        }],
        totals: vec![("Tiếp thu".into(), 1)],
    }
}

#[test]
fn the_report_pdf_shows_every_cell_on_a_landscape_page() {
    let path = written_pdf("report-pdf", "bang-tong-hop", &report_pdf(&report()).unwrap());
    let info = poppler("pdfinfo", &[], &path);
    assert!(info.contains("841.89 x 595.276 pts (A4)"), "{info}");
    assert_every_font_embedded("bang-tong-hop.pdf", &path);
    let text: Vec<String> =
        poppler("pdftotext", &["-raw"], &path).split_whitespace().map(str::to_owned).collect();
    let text = text.join(" ");
    for words in [
        "BẢNG TỔNG HỢP TIẾP THU, GIẢI TRÌNH Ý KIẾN",
        "Điều 14. Chế độ hội nghị",
        "khoản 2 Điều 14",
        "#set page(width: 1cm)",
        "05 ngày làm việc",
        "Lê Văn Cường, Phó Chủ tịch",
        "Tiếp thu: 1",
    ] {
        assert!(text.contains(words), "{words:?} missing from {text}");
    }
}

#[test]
fn a_report_date_that_is_not_a_date_is_refused_in_one_line() {
    let mut r = report();
    r.date = "hôm nay".into();
    let e = report_pdf(&r).unwrap_err().to_string();
    assert!(e.contains("hôm nay") && !e.contains('\n'), "{e}");
}

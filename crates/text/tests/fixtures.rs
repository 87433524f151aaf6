//! The three real laws from the shared fixtures.

mod common;

use common::check_invariants;
use quyche_fixtures::{law, COOP_2012, COOP_2023, DRAFT_AIR_DEFENCE};
use quyche_model::{Kind, Stats};
use quyche_text::parse;

fn counts(s: Stats) -> (u32, u32, u32) {
    (s.chapters, s.sections, s.articles)
}

#[test]
fn coop_2012_counts() {
    let p = parse(&law(COOP_2012));
    assert_eq!(counts(p.document.stats()), (9, 0, 64));
    let closing = p.document.closing.join("\n");
    assert!(closing.contains("Nguyễn Sinh Hùng"), "{closing}");
}

#[test]
fn coop_2023_counts_header_and_closing() {
    let p = parse(&law(COOP_2023));
    let d = &p.document;
    assert_eq!(counts(d.stats()), (12, 5, 115));
    assert_eq!(d.notes.len(), 1);
    assert_eq!(d.header.issuing_body, ["QUỐC HỘI"]);
    assert_eq!(
        d.header.motto,
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    );
    let number = d.header.number.as_ref().expect("number");
    assert_eq!((number.label.as_str(), number.value.as_str()), ("Luật số", "17/2023/QH15"));
    assert_eq!(d.header.place_date.as_deref(), Some("Hà Nội, ngày 20 tháng 6 năm 2023"));
    assert_eq!(d.header.doc_type.as_deref(), Some("LUẬT"));
    assert_eq!(d.header.title, ["HỢP TÁC XÃ"]);
    assert_eq!(d.preamble.last().map(String::as_str), Some("Quốc hội ban hành Luật Hợp tác xã."));
    assert!(d.closing.iter().any(|l| l == "Vương Đình Huệ"), "{:?}", d.closing);
    assert!(d.closing[0].starts_with("Luật này được Quốc hội"), "{:?}", d.closing);
    assert!(d.closing.iter().any(|l| l == "CHỦ TỊCH QUỐC HỘI"));

    // The last article keeps exactly its five clauses and none of the closing.
    let last = d.articles().last().expect("articles");
    assert_eq!(last.title, "Quy định chuyển tiếp");
    assert_eq!(last.children.len(), 5);
    assert!(last.walk().all(|u| u
        .paragraphs
        .iter()
        .all(|p| !p.contains("CHỦ TỊCH") && !p.contains("thông qua ngày"))));

    // Chapter titles come from the next line; sections keep theirs.
    assert_eq!(d.body[0].kind, Kind::Chapter);
    assert_eq!(d.body[0].title, "NHỮNG QUY ĐỊNH CHUNG");
    let first_section = d.walk().find(|u| u.kind == Kind::Section).expect("section");
    assert_eq!(first_section.title, "THÀNH VIÊN HỢP TÁC XÃ");
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

#[test]
fn draft_outline_reports_the_duplicate_chapter() {
    let p = parse(&law(DRAFT_AIR_DEFENCE));
    let d = &p.document;
    assert_eq!(d.stats().chapters, 8);
    assert_eq!(d.stats().articles, 40);
    assert_eq!(d.header.marks, ["DỰ THẢO"]);
    assert_eq!(d.header.doc_type.as_deref(), Some("ĐỀ CƯƠNG CHI TIẾT"));
    assert_eq!(d.header.title, ["LUẬT PHÒNG KHÔNG NHÂN DÂN"]);
    assert_eq!(d.header.place_date.as_deref(), Some("Hà Nội, ngày tháng năm 2024"));
    let dup =
        p.diagnostics.iter().find(|g| g.code == "numbering-duplicate").expect("duplicate chapter");
    assert_eq!(dup.line, 289);
    assert_eq!(dup.message, "Chương VII lặp lại; theo thứ tự phải là Chương VIII");
    assert_eq!(d.closing.last().map(String::as_str), Some("CHỦ TỊCH QUỐC HỘI"));
    insta::assert_yaml_snapshot!("draft_outline_diagnostics", p.diagnostics);
}

#[test]
fn fixtures_round_trip_and_ignore_nfd_and_crlf() {
    for name in [COOP_2012, COOP_2023, DRAFT_AIR_DEFENCE] {
        check_invariants(&law(name));
    }
}

#[test]
fn renumbered_article_text_is_stable() {
    // Article 1 of the 2023 law rendered alone does not mention its number.
    let p = parse(&law(COOP_2023));
    let first = p.document.articles().next().expect("article");
    let text = quyche_text::render_article_text(first);
    assert!(text.starts_with("Phạm vi điều chỉnh\n"), "{text}");
    assert_eq!(text, quyche_text::render_article_body(first));
    let rendered = quyche_text::render(&p.document);
    assert!(rendered.contains(&format!("Điều 1. {text}")));
}

//! A Word draft read as a regulation: each case is a DOCX written as Word writes it and
//! the plain text a drafter would have typed for the same regulation. The draft must
//! parse into the same document (the same canonical text and counts), with the notes and
//! diagnostics the case names.

mod support;

use quyche_word::{read_draft, Draft, WordError};
use support::docx::*;

fn parse(text: &str) -> quyche_text::Parsed {
    quyche_text::parse(text)
}

/// The draft reads as `expected` would: same canonical text, same counts.
fn assert_reads_as(draft: &Draft, expected: &str) {
    let got = parse(&draft.text());
    let want = parse(expected);
    assert_eq!(
        quyche_text::render(&got.document),
        quyche_text::render(&want.document),
        "draft text:\n{}",
        draft.text()
    );
    assert_eq!(got.document.stats(), want.document.stats());
}

const HEADER_LEFT: [&str; 3] = ["LIÊN MINH HTX TỈNH BÌNH AN", "BAN CHẤP HÀNH", "Số: 12/QĐ-LMHTX"];
const HEADER_RIGHT: [&str; 3] = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Bình An, ngày 5 tháng 12 năm 2026",
];

fn header_table() -> String {
    let ps = |lines: &[&str]| lines.iter().map(|l| p(l)).collect::<Vec<_>>();
    two_column_table(&ps(&HEADER_LEFT), &ps(&HEADER_RIGHT))
}

/// The whole regulation of the first cases, as typed.
const TYPED: &str = "\
LIÊN MINH HTX TỈNH BÌNH AN
BAN CHẤP HÀNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/QĐ-LMHTX
Bình An, ngày 5 tháng 12 năm 2026
QUY CHẾ
Làm việc của Ban Chấp hành
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc làm việc của Ban Chấp hành.
Điều 2. Nguyên tắc làm việc
1. Tập trung dân chủ.
2. Các việc sau đây do tập thể quyết định:
a) chương trình công tác;
b) nhân sự;
c) tài chính;
d) khen thưởng;
đ) kỷ luật;
e) đối ngoại;
g) việc khác.
- Việc khác do Chủ tịch đề nghị.
";

fn numbered_regulation() -> Docx {
    Docx::new()
        .abstract_num(0, &regulation_levels())
        .num(1, 0, "")
        .add(header_table())
        .text("QUY CHẾ\nLàm việc của Ban Chấp hành")
        .add(para("", &format!("{}<w:r><w:br/></w:r>{}", run("Chương I"), run("QUY ĐỊNH CHUNG"))))
        .add(item(1, 0, "Phạm vi điều chỉnh"))
        .text("Quy chế này quy định việc làm việc của Ban Chấp hành.")
        .add(item(1, 0, "Nguyên tắc làm việc"))
        .add(item(1, 1, "Tập trung dân chủ."))
        .add(item(1, 1, "Các việc sau đây do tập thể quyết định:"))
        .add(item(1, 2, "chương trình công tác;"))
        .add(item(1, 2, "nhân sự;"))
        .add(item(1, 2, "tài chính;"))
        .add(item(1, 2, "khen thưởng;"))
        .add(item(1, 2, "kỷ luật;"))
        .add(item(1, 2, "đối ngoại;"))
        .add(item(1, 2, "việc khác."))
        .add(item(1, 3, "Việc khác do Chủ tịch đề nghị."))
}

#[test]
fn auto_numbered_articles_clauses_and_points_with_the_vietnamese_letters() {
    let draft = read_draft(&numbered_regulation().bytes()).unwrap();
    assert_reads_as(&draft, TYPED);
    // Paragraphs: 1-6 in the header table, 7-8 type and title, 9 the chapter, ...
    // the fifth point is paragraph 19 and the sixth 20; the seventh is g) in both.
    assert_eq!(
        draft.diagnostics,
        [
            (19, "đoạn 19: Word ghi e), đúng là đ)".to_owned()),
            (20, "đoạn 20: Word ghi f), đúng là e)".to_owned())
        ]
    );
    assert!(draft.notes.is_empty(), "{:?}", draft.notes);
    assert!(draft.text().contains("\nđ) kỷ luật;\n"));
}

#[test]
fn the_header_table_gives_the_header_fields() {
    let draft = read_draft(&numbered_regulation().bytes()).unwrap();
    let h = parse(&draft.text()).document.header;
    assert_eq!(h.issuing_body, ["LIÊN MINH HTX TỈNH BÌNH AN", "BAN CHẤP HÀNH"]);
    assert_eq!(h.number.as_ref().map(|n| n.value.as_str()), Some("12/QĐ-LMHTX"));
    assert_eq!(h.place_date.as_deref(), Some("Bình An, ngày 5 tháng 12 năm 2026"));
    assert_eq!(h.motto, HEADER_RIGHT[..2]);
    assert_eq!(h.title, ["Làm việc của Ban Chấp hành"]);
    // The lines of the table come first, in the text header's order, each with its
    // paragraph: the number was the third paragraph, the motto the fifth.
    let first: Vec<(usize, &str)> =
        draft.lines[..6].iter().map(|l| (l.paragraph, l.text.as_str())).collect();
    assert_eq!(first[2], (4, HEADER_RIGHT[0]));
    assert_eq!(first[4], (3, HEADER_LEFT[2]));
}

#[test]
fn a_style_numbered_heading_through_the_style_chain() {
    let heading = format!(
        r#"<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>{}<w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="DieuQuyChe"><w:name w:val="Điều quy chế"/><w:basedOn w:val="Heading2"/></w:style>"#,
        num_pr(4, 0)
    );
    let docx = Docx::new()
        .abstract_num(3, &[lvl(0, "decimal", "Điều %1.", 1, "")])
        .num(4, 3, "")
        .style(&heading)
        .text("QUY CHẾ\nLàm việc")
        .add(styled("Heading2", "Phạm vi"))
        .text("Nội dung một.")
        .add(styled("DieuQuyChe", "Đối tượng"))
        .text("Nội dung hai.")
        // Its own numId 0 switches the style's numbering off: a plain paragraph.
        .add(para(
            &format!(r#"<w:pStyle w:val="Heading2"/>{}"#, num_pr(0, 0)),
            &run("Đoạn không đánh số."),
        ))
        .add(styled("Heading2", "Hiệu lực"));
    let draft = read_draft(&docx.bytes()).unwrap();
    assert_reads_as(
        &draft,
        "QUY CHẾ\nLàm việc\nĐiều 1. Phạm vi\nNội dung một.\nĐiều 2. Đối tượng\nNội dung hai.\n\
         Đoạn không đánh số.\nĐiều 3. Hiệu lực\n",
    );
}

#[test]
fn fields_keep_their_result_and_drop_their_instruction() {
    let date_field = [
        run("Quy chế có hiệu lực từ ngày "),
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE \@ "d/M/yyyy" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#.to_owned(),
        run("5/12/2026"),
        r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#.to_owned(),
        run(" (trang "),
        r#"<w:fldSimple w:instr=" PAGE \* MERGEFORMAT "><w:r><w:t>2</w:t></w:r></w:fldSimple>"#.to_owned(),
        run(")."),
    ]
    .concat();
    let link = r#"<w:hyperlink r:id="rId9" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>Luật Hợp tác xã</w:t></w:r></w:hyperlink>"#;
    let docx = Docx::new()
        .text("QUY CHẾ\nLàm việc\nĐiều 1. Hiệu lực")
        .add(para("", &date_field))
        .add(para("", &format!("{}{link}{}", run("Theo "), run("."))));
    let draft = read_draft(&docx.bytes()).unwrap();
    assert_reads_as(
        &draft,
        "QUY CHẾ\nLàm việc\nĐiều 1. Hiệu lực\n\
         Quy chế có hiệu lực từ ngày 5/12/2026 (trang 2).\nTheo Luật Hợp tác xã.\n",
    );
    assert!(!draft.text().contains("DATE") && !draft.text().contains("PAGE"));
}

#[test]
fn tracked_changes_are_read_as_accepted_and_counted() {
    let ins = |t: &str| {
        format!(
            r#"<w:ins w:id="1" w:author="Lan" w:date="2026-12-01T09:00:00Z">{}</w:ins>"#,
            run(t)
        )
    };
    let del = |t: &str| {
        format!(
            r#"<w:del w:id="2" w:author="Lan" w:date="2026-12-01T09:00:00Z"><w:r><w:delText xml:space="preserve">{t}</w:delText></w:r></w:del>"#
        )
    };
    let deleted_mark =
        r#"<w:rPr><w:del w:id="5" w:author="Lan" w:date="2026-12-01T09:00:00Z"/></w:rPr>"#;
    let docx = Docx::new()
        .text("QUY CHẾ\nLàm việc\nĐiều 1. Nguyên tắc")
        .add(para("", &format!("{}{}{}", run("Ban Chấp hành làm việc "), del("tập trung"), ins("tập thể"))))
        .add(para("", &format!(r#"{}<w:moveFrom w:id="3" w:author="Lan"><w:r><w:t> theo nhiệm kỳ</w:t></w:r></w:moveFrom>"#, run("Họp thường kỳ"))))
        // The deleted mark joins this paragraph to the next one.
        .add(para(deleted_mark, &run("mỗi quý một lần")))
        .add(para("", &format!(r#"<w:moveTo w:id="4" w:author="Lan"><w:r><w:t xml:space="preserve"> theo nhiệm kỳ</w:t></w:r></w:moveTo>{}"#, run("."))))
        .add(para("", &del("Đoạn bị xoá.")));
    let draft = read_draft(&docx.bytes()).unwrap();
    assert_reads_as(
        &draft,
        "QUY CHẾ\nLàm việc\nĐiều 1. Nguyên tắc\nBan Chấp hành làm việc tập thể\n\
         Họp thường kỳ\nmỗi quý một lần theo nhiệm kỳ.\n",
    );
    assert_eq!(draft.notes, ["đã chấp nhận 6 thay đổi được theo dõi"]);
}

#[test]
fn a_deleted_paragraph_mark_takes_no_list_number() {
    let deleted_mark = r#"<w:rPr><w:del w:id="5" w:author="Lan"/></w:rPr>"#;
    let docx = Docx::new()
        .abstract_num(0, &regulation_levels())
        .num(1, 0, "")
        .text("QUY CHẾ\nLàm việc")
        .add(item(1, 0, "Phạm vi"))
        .add(para(&format!("{}{deleted_mark}", num_pr(1, 1)), &run("Một ")))
        .add(item(1, 1, "khoản ghép."))
        .add(item(1, 1, "Khoản hai."));
    let draft = read_draft(&docx.bytes()).unwrap();
    assert_reads_as(
        &draft,
        "QUY CHẾ\nLàm việc\nĐiều 1. Phạm vi\n1. Một khoản ghép.\n2. Khoản hai.\n",
    );
}

#[test]
fn legacy_font_runs_become_unicode() {
    let docx = Docx::new()
        .text("QUY CHẾ\nLàm việc\nĐiều 1. Tên gọi")
        .add(para("", &format!("{}{}", run("Tên: "), font_run(".VnTime", "Tr\u{AD}êng häc"))))
        .add(para(
            "",
            &format!("{}{}", font_run("VNI-Times", "Ñoäc laäp - Töï do"), run(" (VNI).")),
        ))
        .add(para("", &font_run(".VnTimeH", "céng hoµ")));
    let draft = read_draft(&docx.bytes()).unwrap();
    assert_reads_as(
        &draft,
        "QUY CHẾ\nLàm việc\nĐiều 1. Tên gọi\nTên: Trường học\nĐộc lập - Tự do (VNI).\nCỘNG HOÀ\n",
    );
    assert_eq!(
        draft.notes,
        [
            "đã chuyển 1 đoạn phông TCVN3 (.VnTime) sang Unicode",
            "đã chuyển 1 đoạn phông TCVN3 (.VnTimeH) sang Unicode",
            "đã chuyển 1 đoạn phông VNI (VNI-Times) sang Unicode",
        ]
    );
}

#[test]
fn the_document_default_font_is_the_runs_font_when_they_name_none() {
    let docx = Docx::new()
        .default_font(".VnTime")
        .add(para("", &font_run("Times New Roman", "QUY CHẾ")))
        .text("Lµm viÖc\n§iÒu 1. Ph¹m vi\nNéi dung.");
    let draft = read_draft(&docx.bytes()).unwrap();
    assert_reads_as(&draft, "QUY CHẾ\nLàm việc\nĐiều 1. Phạm vi\nNội dung.\n");
    assert_eq!(draft.notes, ["đã chuyển 3 đoạn phông TCVN3 (.VnTime) sang Unicode"]);
}

fn lines(draft: &Draft) -> Vec<&str> {
    draft.lines.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn lvl_override_start_override_continues_a_list_from_its_number() {
    // Word's "Set numbering value": a second w:num of the same list starting at 3.
    let docx = Docx::new()
        .abstract_num(0, &regulation_levels())
        .num(1, 0, "")
        .num(2, 0, r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride>"#)
        .num(3, 0, r#"<w:lvlOverride w:ilvl="1"><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%2 –"/></w:lvl></w:lvlOverride>"#)
        .add(item(1, 0, "Một"))
        .add(item(1, 0, "Hai"))
        .add(item(2, 0, "Ba"))
        .add(item(2, 0, "Bốn"))
        .add(item(3, 1, "La Mã"))
        .add(item(3, 1, "La Mã"))
        .add(item(1, 0, "Năm"));
    let draft = read_draft(&docx.bytes()).unwrap();
    assert_eq!(
        lines(&draft),
        [
            "Điều 1. Một",
            "Điều 2. Hai",
            "Điều 3. Ba",
            "Điều 4. Bốn",
            "I – La Mã",
            "II – La Mã",
            "Điều 3. Năm"
        ]
    );
}

#[test]
fn lvl_restart_and_multi_level_placeholders() {
    let levels = [
        lvl(0, "upperRoman", "Chương %1", 1, ""),
        // Never restarts: articles count across chapters.
        lvl(1, "decimal", "Điều %2.", 1, r#"<w:lvlRestart w:val="0"/>"#),
        lvl(2, "decimal", "%2.%3.", 1, ""),
        lvl(3, "decimal", "%2.%3.%4", 1, r#"<w:isLgl/>"#),
        lvl(4, "none", "", 1, ""),
    ];
    let docx = Docx::new()
        .abstract_num(0, &levels)
        .num(1, 0, "")
        .add(item(1, 0, "QUY ĐỊNH CHUNG"))
        .add(item(1, 1, "Một"))
        .add(item(1, 2, "Khoản"))
        .add(item(1, 3, "Ý"))
        .add(item(1, 0, "TỔ CHỨC"))
        .add(item(1, 1, "Hai"))
        .add(item(1, 2, "Khoản"))
        .add(item(1, 4, "Không số"));
    let draft = read_draft(&docx.bytes()).unwrap();
    assert_eq!(
        lines(&draft),
        [
            "Chương I QUY ĐỊNH CHUNG",
            "Điều 1. Một",
            "1.1. Khoản",
            "1.1.1 Ý",
            "Chương II TỔ CHỨC",
            "Điều 2. Hai",
            "2.1. Khoản",
            "Không số"
        ]
    );
}

#[test]
fn a_bidi_override_refuses_the_file_naming_the_paragraph() {
    let docx = Docx::new().text("QUY CHẾ\nLàm việc\nĐiều 1. Tên\nNội dung \u{202E}ngược.");
    let err = read_draft(&docx.bytes()).unwrap_err();
    assert_eq!(
        err,
        WordError::UnsafeText {
            paragraph: 4, what: "ký tự điều khiển hướng chữ U+202E".into()
        }
    );
    assert_eq!(err.to_string(), "đoạn 4: có ký tự điều khiển hướng chữ U+202E (không được phép)");
    // A control character that is also white space (NEL, here as a character reference)
    // is refused too, not collapsed into a space.
    let docx = Docx::new()
        .text("QUY CHẾ\nLàm việc\nĐiều 1. Tên")
        .add(para("", "<w:r><w:t>a&#133;b</w:t></w:r>"));
    let err = read_draft(&docx.bytes()).unwrap_err();
    assert_eq!(err, WordError::UnsafeText { paragraph: 4, what: "ký tự điều khiển U+0085".into() });
    // A list label is read from numbering.xml: checked as well.
    let docx = Docx::new()
        .abstract_num(0, &[lvl(0, "decimal", "Điều %1.\u{202E}", 1, "")])
        .num(1, 0, "")
        .text("QUY CHẾ\nLàm việc")
        .add(item(1, 0, "Tên"));
    let err = read_draft(&docx.bytes()).unwrap_err();
    assert_eq!(err.to_string(), "đoạn 3: có ký tự điều khiển hướng chữ U+202E (không được phép)");
}

#[test]
fn text_boxes_are_skipped_and_symbols_mapped() {
    let text_box = r#"<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Logo</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"#;
    let docx = Docx::new()
        .text("QUY CHẾ\nLàm việc\nĐiều 1. Tên")
        .add(para("", &format!("{text_box}{}", run("Nội dung"))))
        .add(para("", r#"<w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:tab/><w:t>Ý một</w:t><w:noBreakHyphen/><w:t>hai</w:t></w:r>"#));
    let draft = read_draft(&docx.bytes()).unwrap();
    assert_eq!(&lines(&draft)[3..], ["Nội dung", "• Ý một-hai"]);
}

#[test]
fn every_fixture_law_written_with_word_numbering_reads_back_as_the_law() {
    for law in quyche_fixtures::ALL {
        let mut doc = parse(&quyche_fixtures::law(law)).document;
        doc.notes.clear();
        doc.header.marks.clear();
        let draft = read_draft(&support::law::auto_numbered(&doc).bytes()).unwrap();
        let back = parse(&draft.text()).document;
        assert_eq!(
            quyche_text::render(&back),
            quyche_text::render(&doc),
            "{law}:\n{}",
            draft.text()
        );
        // Each list of five points or more: Word's e) is đ), and so on.
        assert!(draft.diagnostics.iter().all(|(_, m)| m.contains("Word ghi")));
    }
}

#[test]
fn a_last_paragraph_with_a_deleted_mark_keeps_its_text() {
    let docx = Docx::new()
        .text("QUY CHẾ\nLàm việc\nĐiều 1. Tên")
        .add(para(r#"<w:rPr><w:del w:id="1" w:author="Lan"/></w:rPr>"#, &run("Câu cuối.")));
    let draft = read_draft(&docx.bytes()).unwrap();
    assert_eq!(lines(&draft).last(), Some(&"Câu cuối."));
}

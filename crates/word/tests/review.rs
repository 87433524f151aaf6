//! `read_review` on small packages written the way Word writes them: the cases the
//! round trip through `quyche_export::review_copy` (tested in quyche-export, which writes
//! the copies) does not reach: a file that is no review copy, damaged files, the mark's
//! two homes, point comments, changes in a label, a paragraph the reviewer added, split
//! elements, fields, and text in another Unicode form.

use std::io::{Cursor, Write};

use quyche_word::review::{bookmark_name, BODY_END, MARK_STYLE};
use quyche_word::{read_review, ChangeKind, CopyMark, WordError};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
const WHO: &str = r#"w:author="Lê Văn Hòa" w:date="2026-12-02T08:00:00Z""#;

fn zip_of(entries: &[(&str, String)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn document(body: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document {W}><w:body>{body}</w:body></w:document>")
}

fn comments(list: &[(u32, &str)]) -> String {
    let mut x = format!("<w:comments {W}>");
    for (id, text) in list {
        x.push_str(&format!(
            "<w:comment w:id=\"{id}\" {WHO} w:initials=\"LVH\"><w:p><w:r><w:annotationRef/></w:r>\
             <w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"
        ));
    }
    x + "</w:comments>"
}

fn run(t: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>")
}

/// A unit's first paragraph: label, bookmark, own text (raw XML).
fn unit(id: u32, label: &str, own: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"QcClause\"/></w:pPr>{}<w:bookmarkStart w:id=\"{id}\" \
         w:name=\"{}\"/>{own}<w:bookmarkEnd w:id=\"{id}\"/></w:p>",
        run(label),
        bookmark_name(id)
    )
}

fn mark() -> CopyMark {
    CopyMark {
        regulation: "quy-che".into(),
        round: "r-1".into(),
        revision: 4,
        text_sha256: "ab".repeat(32),
        recipient: Some("Đỗ \"Hoà\" & <Bình>".into()),
    }
}

/// `docProps/custom.xml` as Word and LibreOffice write it.
fn properties(mark: &CopyMark) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">",
    );
    for (i, (name, value)) in mark.properties().iter().enumerate() {
        let value = value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        x.push_str(&format!(
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{}\" \
             name=\"{name}\"><vt:lpwstr>{value}</vt:lpwstr></property>",
            i + 2
        ));
    }
    x + "</Properties>"
}

#[test]
fn the_mark_reads_from_either_home_escapes_and_all() {
    let body = document(&unit(1, "1. ", &run("Nội dung.")));
    let m = mark();
    let from_part =
        zip_of(&[("word/document.xml", body.clone()), ("customXml/item1.xml", m.custom_xml())]);
    assert_eq!(read_review(&from_part).unwrap().mark, Some(m.clone()));
    let from_props =
        zip_of(&[("word/document.xml", body.clone()), ("docProps/custom.xml", properties(&m))]);
    assert_eq!(read_review(&from_props).unwrap().mark, Some(m.clone()));
    // Another program's custom XML part is not ours; the properties still are.
    let other = zip_of(&[
        ("word/document.xml", body),
        ("customXml/item1.xml", "<b:Sources xmlns:b=\"urn:x\"/>".into()),
        ("docProps/custom.xml", properties(&m)),
    ]);
    assert_eq!(read_review(&other).unwrap().mark, Some(m));
}

#[test]
fn a_file_that_is_no_review_copy_reads_without_a_mark_and_lists_its_comments() {
    let body = format!(
        "<w:p><w:commentRangeStart w:id=\"0\"/>{}<w:commentRangeEnd w:id=\"0\"/>\
         <w:r><w:commentReference w:id=\"0\"/></w:r></w:p>",
        run("Một văn bản bất kỳ.")
    );
    let bytes = zip_of(&[
        ("word/document.xml", document(&body)),
        ("word/comments.xml", comments(&[(0, "Ý kiến")])),
    ]);
    let r = read_review(&bytes).unwrap();
    assert_eq!(r.mark, None);
    assert!(r.units.is_empty());
    // Not anchored, but listed: never dropped.
    let c = &r.comments[0];
    assert_eq!(c.place.unit, None);
    assert_eq!((c.place.paragraph, c.place.quote.as_str()), (1, "Một văn bản bất kỳ."));
    assert_eq!(c.text, "Ý kiến");
}

#[test]
fn damaged_files_are_errors_never_panics() {
    assert!(matches!(read_review(b"PK\x03\x04 not a zip"), Err(WordError::Malformed(_))));
    assert!(matches!(read_review(b""), Err(WordError::Malformed(_))));
    let no_body = zip_of(&[("word/styles.xml", "<x/>".into())]);
    assert_eq!(read_review(&no_body), Err(WordError::Missing("word/document.xml".into())));
    let truncated = zip_of(&[("word/document.xml", format!("<w:document {W}><w:body><w:p>"))]);
    assert!(matches!(read_review(&truncated), Err(WordError::Malformed(_))));
    let bad_comments = zip_of(&[
        ("word/document.xml", document(&unit(1, "1. ", &run("x")))),
        ("word/comments.xml", "<w:comments><w:comment></w:x>".into()),
    ]);
    assert!(matches!(read_review(&bad_comments), Err(WordError::Malformed(_))));
    let evil = zip_of(&[("word/document.xml", document("")), ("../x.xml", "x".into())]);
    assert!(matches!(read_review(&evil), Err(WordError::UnsafeName(_))));
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc.extend_from_slice(&[0; 600]);
    assert_eq!(read_review(&doc), Err(WordError::BinaryDoc));
}

#[test]
fn a_point_comment_quotes_nothing_at_its_reference() {
    let own = format!(
        "{}<w:r><w:commentReference w:id=\"7\"/></w:r>{}",
        run("Hội viên "),
        run("có quyền.")
    );
    let bytes = zip_of(&[
        ("word/document.xml", document(&unit(12, "2. ", &own))),
        ("word/comments.xml", comments(&[(7, "Thêm nghĩa vụ?")])),
    ]);
    let c = &read_review(&bytes).unwrap().comments[0];
    assert_eq!(c.place.unit, Some(12));
    assert_eq!((c.place.offset, c.place.quote.as_str()), (9, ""));
    assert_eq!(c.place.unit_text, "Hội viên có quyền.");
}

#[test]
fn a_change_to_a_derived_number_is_listed_without_a_unit() {
    // The reviewer typed over the label "3. ": the number is derived, not wording.
    let p = format!(
        "<w:p><w:del w:id=\"1\" {WHO}><w:r><w:delText>3</w:delText></w:r></w:del>\
         <w:ins w:id=\"2\" {WHO}>{}</w:ins>{}<w:bookmarkStart w:id=\"5\" w:name=\"{}\"/>{}</w:p>",
        run("4"),
        run(". "),
        bookmark_name(5),
        run("Giữ nguyên.")
    );
    let r = read_review(&zip_of(&[("word/document.xml", document(&p))])).unwrap();
    assert_eq!(r.units[0].text, "Giữ nguyên.");
    assert_eq!(r.changes.len(), 1);
    let c = &r.changes[0];
    assert_eq!((c.kind, c.place.unit), (ChangeKind::Replacement, None));
    assert_eq!(c.place.quote, "3");
    assert_eq!(c.proposal, c.place.unit_text, "never applied");
}

#[test]
fn a_paragraph_the_reviewer_added_is_a_new_line_of_the_unit_before() {
    let added = format!(
        "<w:p><w:pPr><w:pStyle w:val=\"QcClause\"/><w:rPr><w:ins w:id=\"3\" {WHO}/></w:rPr></w:pPr>\
         <w:ins w:id=\"4\" {WHO}>{}</w:ins></w:p>",
        run("Câu mới.")
    );
    let after = format!(
        "<w:p><w:pPr><w:pStyle w:val=\"QcClosing\"/></w:pPr><w:bookmarkStart w:id=\"9\" \
         w:name=\"{BODY_END}\"/><w:bookmarkEnd w:id=\"9\"/>{}</w:p>",
        run("Quy chế này có hiệu lực.")
    );
    let mark_p =
        format!("<w:p><w:pPr><w:pStyle w:val=\"{MARK_STYLE}\"/></w:pPr>{}</w:p>", run("DỰ THẢO"));
    let body = format!("{mark_p}{}{added}{after}", unit(8, "Điều 2. ", &run("Phạm vi")));
    let r = read_review(&zip_of(&[("word/document.xml", document(&body))])).unwrap();
    assert_eq!(r.units.len(), 1);
    assert_eq!(r.units[0].text, "Phạm vi", "the closing and the mark are no unit's");
    let c = &r.changes[0];
    assert_eq!((c.kind, c.place.unit, c.place.paragraph), (ChangeKind::Insertion, Some(8), 3));
    assert_eq!(c.proposal, "Phạm vi\nCâu mới.");
}

#[test]
fn split_elements_are_one_change_fields_are_no_text_and_text_is_nfc() {
    // Word splits one deletion where the formatting changes; the second run's text is in
    // NFD (as some Mac input writes it), and a PAGE field sits in the middle.
    let nfd = "ho\u{0300}a"; // "hòa" decomposed
    let own = format!(
        "{}<w:del w:id=\"1\" {WHO}><w:r><w:delText>rất </w:delText></w:r></w:del>\
         <w:del w:id=\"2\" {WHO}><w:r><w:rPr><w:b/></w:rPr><w:delText>{nfd} </w:delText></w:r></w:del>\
         <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
         {}",
        run("Phải "),
        run(""),
        run("thuận &amp; hoà")
    );
    let r =
        read_review(&zip_of(&[("word/document.xml", document(&unit(3, "a) ", &own)))])).unwrap();
    assert_eq!(r.units[0].text, "Phải rất hòa thuận & hoà", "NFC, tone placement kept");
    assert_eq!(r.changes.len(), 1, "{:#?}", r.changes);
    let c = &r.changes[0];
    assert_eq!((c.kind, c.id.as_str(), c.place.offset), (ChangeKind::Deletion, "1", 5));
    assert_eq!(c.place.quote, "rất hòa ");
    assert_eq!(c.proposal, "Phải thuận & hoà");
}

#[test]
fn a_comment_from_the_header_into_the_body_stays_where_it_starts() {
    let body = format!(
        "<w:p><w:commentRangeStart w:id=\"1\"/>{}</w:p>{}",
        run("QUY CHẾ"),
        unit(
            2,
            "1. ",
            &format!("{}<w:commentRangeEnd w:id=\"1\"/>{}", run("Điều chỉnh"), run(" việc."))
        )
    );
    let bytes = zip_of(&[
        ("word/document.xml", document(&body)),
        ("word/comments.xml", comments(&[(1, "Tên văn bản?")])),
    ]);
    let c = &read_review(&bytes).unwrap().comments[0];
    assert_eq!((c.place.unit, c.place.paragraph), (None, 1));
    assert_eq!(c.place.quote, "QUY CHẾ");
}

#[test]
fn a_range_around_whole_paragraphs_starts_and_ends_between_them() {
    // Word writes the marks of a selection of whole paragraphs between the paragraphs.
    let lead = run("Thành viên có các quyền sau đây:");
    let body = format!(
        "<w:commentRangeStart w:id=\"4\"/>{}<w:p>{lead}</w:p><w:commentRangeEnd w:id=\"4\"/>\
         <w:p><w:r><w:commentReference w:id=\"4\"/></w:r></w:p>",
        unit(21, "Điều 9. ", &run("Quyền của thành viên")),
    );
    let bytes = zip_of(&[
        ("word/document.xml", document(&body)),
        ("word/comments.xml", comments(&[(4, "Cả điều này cần xem lại.")])),
    ]);
    let c = &read_review(&bytes).unwrap().comments[0];
    assert_eq!(c.place.unit, Some(21));
    assert_eq!(c.place.offset, 0);
    assert_eq!(c.place.quote, "Quyền của thành viên\nThành viên có các quyền sau đây:");
}

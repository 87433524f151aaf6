//! The templates of a new regulation, and the header form.

use quyche_model::{Document, Kind};
use quyche_text::{
    find_references, header_fields, new_document, parse, render, with_header_fields,
    HeaderFieldError, HeaderFields, Template,
};

/// The chapter titles every working-regulation template has, in order.
const CHAPTERS: [&str; 5] = [
    "NHỮNG QUY ĐỊNH CHUNG",
    "NHIỆM VỤ, QUYỀN HẠN",
    "CHẾ ĐỘ LÀM VIỆC VÀ HỘI NGHỊ",
    "QUAN HỆ CÔNG TÁC",
    "TỔ CHỨC THỰC HIỆN",
];

fn chapter_titles(doc: &Document) -> Vec<&str> {
    doc.body.iter().filter(|u| u.kind == Kind::Chapter).map(|u| u.title.as_str()).collect()
}

fn article_titles(doc: &Document) -> Vec<&str> {
    doc.articles().map(|a| a.title.as_str()).collect()
}

#[test]
fn every_template_parses_with_no_diagnostic_and_reads_back() {
    for t in Template::ALL {
        let parsed = parse(t.text());
        assert!(parsed.diagnostics.is_empty(), "{}: {:?}", t.key(), parsed.diagnostics);
        let doc = &parsed.document;
        assert_eq!(parse(&render(doc)).document, *doc, "{}: parse(render(doc)) == doc", t.key());
        assert_eq!(
            new_document(t, None),
            *doc,
            "{}: the template is what an import reads",
            t.key()
        );
        // The header a template gives: every field the form edits, none a real number.
        let h = &doc.header;
        assert!(!h.issuing_body.is_empty(), "{}", t.key());
        assert_eq!(h.doc_type.as_deref(), Some("QUY CHẾ"), "{}", t.key());
        let f = header_fields(h);
        assert_eq!(f.number, "…/QĐ-…", "{}", t.key());
        assert_eq!((f.place.as_str(), f.date.as_str()), ("…", ""), "{}", t.key());
        assert!(f.title.starts_with("Làm việc của "), "{}: {}", t.key(), f.title);
        assert!(f.decision_note.starts_with("Ban hành kèm theo Quyết định số …"), "{}", t.key());
        assert!(doc.closing.is_empty(), "{}: {:?}", t.key(), doc.closing);
        // No digit in the header: a placeholder never passes for a real number.
        let head: String = render(doc).lines().take_while(|l| !l.starts_with("Chương")).collect();
        assert!(!head.chars().any(|c| c.is_ascii_digit()), "{}: {head}", t.key());
    }
}

#[test]
fn working_regulation_templates_have_the_usual_chapters_and_articles() {
    for t in
        [Template::ExecutiveCommittee, Template::StandingCommittee, Template::InspectionCommittee]
    {
        let doc = new_document(t, None);
        assert_eq!(chapter_titles(&doc), CHAPTERS, "{}", t.key());
        let titles = article_titles(&doc);
        for wanted in [
            "Phạm vi điều chỉnh",
            "Đối tượng áp dụng",
            "Nguyên tắc làm việc",
            "Triệu tập kỳ họp",
            "Thành phần dự họp",
            "Biểu quyết",
            "Thông báo kết luận",
            "Hiệu lực thi hành",
            "Sửa đổi, bổ sung Quy chế",
        ] {
            assert!(titles.contains(&wanted), "{}: no article “{wanted}” in {titles:?}", t.key());
        }
        // Duties of the body, its chair, vice-chairs and members: four articles of Chương II.
        let duties = doc.body[1].children.iter().filter(|u| u.kind == Kind::Article).count();
        assert!(duties >= 4, "{}: Chương II has {duties} articles", t.key());
        assert!(titles.iter().any(|t| t.starts_with("Kỳ họp")), "{}", t.key());
    }
    let blank = new_document(Template::Blank, None);
    assert_eq!(chapter_titles(&blank), ["NHỮNG QUY ĐỊNH CHUNG"]);
    assert_eq!(article_titles(&blank), ["Phạm vi điều chỉnh"]);
}

#[test]
fn every_internal_reference_resolves_and_numbering_is_gapless() {
    for t in Template::ALL {
        let doc = new_document(t, None);
        let refs = find_references(&doc);
        assert!(refs.external.is_empty(), "{}: {:?}", t.key(), refs.external);
        let unresolved: Vec<_> = refs.unresolved().map(|r| r.written.clone()).collect();
        assert!(unresolved.is_empty(), "{}: {unresolved:?}", t.key());
        if t != Template::Blank {
            assert!(refs.linked().count() >= 5, "{}: {} linked", t.key(), refs.linked().count());
            assert!(
                refs.linked().any(|r| r.written.ends_with("của Quy chế này")),
                "{}: a “… của Quy chế này” reference",
                t.key()
            );
        }
        // Gapless: the numbers written in the file are the numbers derived from position.
        let numbering = doc.numbering();
        let text = t.text();
        for unit in doc.walk() {
            if let Some(label) = numbering.label(unit.id) {
                if matches!(unit.kind, Kind::Article | Kind::Chapter) {
                    assert!(
                        text.contains(&format!("{}\n", label.marker()))
                            || text.contains(&format!("{}.", label.marker())),
                        "{}: {}",
                        t.key(),
                        label.marker()
                    );
                }
            }
        }
    }
}

#[test]
fn a_title_replaces_the_templates_and_keeps_the_decision_note() {
    let doc = new_document(
        Template::ExecutiveCommittee,
        Some("  Làm việc của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An  "),
    );
    assert_eq!(
        doc.header.title,
        [
            "Làm việc của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An",
            "(Ban hành kèm theo Quyết định số …/QĐ-… ngày … tháng … năm … của Ban Chấp hành Liên minh Hợp tác xã …)",
        ]
    );
    assert_eq!(
        doc.display_title(),
        "Quy chế làm việc của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An"
    );
    // NFD in, NFC stored; an empty title keeps the template's.
    let nfd = new_document(Template::Blank, Some("La\u{300}m việc"));
    assert_eq!(nfd.header.title[0], "Làm việc");
    assert_eq!(new_document(Template::Blank, Some("  ")), new_document(Template::Blank, None));
}

#[test]
fn header_fields_write_back_and_what_did_not_change_stays_as_written() {
    let doc = parse(
        "LIÊN MINH HTX VIỆT NAM\nLIÊN MINH HTX TỈNH BÌNH AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
         Độc lập - Tự do - Hạnh phúc\nSố: /QĐ-LMHTX\nDỰ THẢO\nBình An, ngày 15 tháng 3 năm 2021\n\
         QUY CHẾ\nLàm việc của Ban Chấp hành,\nnhiệm kỳ 2020 - 2025\n\
         (Ban hành kèm theo Quyết định số /QĐ-LMHTX)\nĐiều 1. Phạm vi\nQuy chế này quy định.\n",
    )
    .document;
    let f = header_fields(&doc.header);
    assert_eq!(
        f,
        HeaderFields {
            issuing_body: vec![
                "LIÊN MINH HTX VIỆT NAM".into(),
                "LIÊN MINH HTX TỈNH BÌNH AN".into()
            ],
            number: "/QĐ-LMHTX".into(),
            place: "Bình An".into(),
            date: "2021-03-15".into(),
            title: "Làm việc của Ban Chấp hành, nhiệm kỳ 2020 - 2025".into(),
            decision_note: "Ban hành kèm theo Quyết định số /QĐ-LMHTX".into(),
        }
    );
    // Nothing changed: the document is the same, its two title lines too.
    assert_eq!(with_header_fields(&doc, &f, Some("ngày 15 tháng 3 năm 2021")).unwrap(), doc);

    // Every field changed, as a form sends them (untrimmed, NFD, the note in brackets).
    let changed = HeaderFields {
        issuing_body: vec!["LIÊN MINH HTX TỈNH BÌNH AN".into(), " ".into(), "BAN CHẤP HÀNH".into()],
        number: " 12/QĐ-LMHTX ".into(),
        place: "Bi\u{300}nh An".into(),
        date: "2026-03-05".into(),
        title: "Làm việc của Ban Chấp hành Liên minh".into(),
        decision_note: "(Ban hành kèm theo Quyết định số 12/QĐ-LMHTX)".into(),
    };
    let out = with_header_fields(&doc, &changed, Some("ngày 05 tháng 3 năm 2026")).unwrap();
    let text = render(&out);
    assert!(
        text.starts_with(
            "LIÊN MINH HTX TỈNH BÌNH AN\nBAN CHẤP HÀNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Độc lập - Tự do - Hạnh phúc\nSố: 12/QĐ-LMHTX\nDỰ THẢO\nBình An, ngày 05 tháng 3 năm 2026\n\
             QUY CHẾ\nLàm việc của Ban Chấp hành Liên minh\n\
             (Ban hành kèm theo Quyết định số 12/QĐ-LMHTX)\nĐiều 1. Phạm vi\n"
        ),
        "{text}"
    );
    assert_eq!(out.body, doc.body, "the body is never touched");
    assert_eq!(parse(&text).document, out);
    let back = header_fields(&out.header);
    assert_eq!((back.place.as_str(), back.date.as_str()), ("Bình An", "2026-03-05"));

    // A date taken out leaves the blank the decision fills; an empty note and number go.
    let blanked = HeaderFields {
        date: String::new(),
        decision_note: String::new(),
        number: String::new(),
        ..back
    };
    let out = with_header_fields(&out, &blanked, None).unwrap();
    assert_eq!(out.header.place_date.as_deref(), Some("Bình An, ngày … tháng … năm …"));
    assert_eq!(out.header.title, ["Làm việc của Ban Chấp hành Liên minh"]);
    assert_eq!(out.header.number, None);
}

#[test]
fn a_header_form_that_would_not_read_back_is_refused() {
    let doc = new_document(Template::Blank, None);
    let f = header_fields(&doc.header);
    for (bad, field) in [
        (HeaderFields { title: "  ".into(), ..f.clone() }, None),
        (HeaderFields { title: "Điều 5. Phạm vi".into(), ..f.clone() }, Some("Tên quy chế")),
        (HeaderFields { title: "Căn cứ Điều lệ".into(), ..f.clone() }, Some("Tên quy chế")),
        (
            HeaderFields {
                issuing_body: vec!["Độc lập - Tự do - Hạnh phúc".into()], ..f.clone()
            },
            Some("Cơ quan ban hành"),
        ),
    ] {
        let got = with_header_fields(&doc, &bad, None).unwrap_err();
        match field {
            None => assert_eq!(got, HeaderFieldError::EmptyTitle),
            Some(name) => {
                assert!(got.to_string().starts_with(name), "{got}");
            }
        }
    }
}

#[test]
fn template_texts_snapshot() {
    for t in Template::ALL {
        insta::assert_snapshot!(format!("template_{}", t.key()), render(&new_document(t, None)));
    }
}

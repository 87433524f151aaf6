//! Issue 9: control characters and bidi overrides are refused at every text entry, with
//! the line and column; the real laws (Vietnamese, tabs, CRLF) are never refused.

use quyche_fixtures::{law, COOP_2012, COOP_2023, DRAFT_AIR_DEFENCE};
use quyche_model::{Document, Kind, Unit, UnitId};
use quyche_text::{
    check_safe_field, decode, find_unsafe_char, parse, parse_article_body, render_article_body,
    InputError,
};

const LAWS: [&str; 3] = [COOP_2012, COOP_2023, DRAFT_AIR_DEFENCE];

/// (input, expected message of `decode`).
const FILES: &[(&str, &str)] = &[
    (
        "Điều 1. Phạm vi\nNội dung\u{1} ẩn\n",
        "dòng 2, cột 9: có ký tự điều khiển U+0001 (không được phép)",
    ),
    (
        "Điều 1. Phạm vi\r\nA\r\nB \u{202E}gnp.exe\r\n",
        "dòng 3, cột 3: có ký tự điều khiển hướng chữ U+202E (không được phép)",
    ),
    ("\u{FEFF}Điều 1.\u{85}", "dòng 1, cột 8: có ký tự điều khiển U+0085 (không được phép)"),
    (
        "Điều 1.\rx\r\u{2066}y",
        "dòng 3, cột 1: có ký tự điều khiển hướng chữ U+2066 (không được phép)",
    ),
    ("a\u{7F}", "dòng 1, cột 2: có ký tự điều khiển U+007F (không được phép)"),
    ("\u{C}", "dòng 1, cột 1: có ký tự điều khiển U+000C (không được phép)"),
    ("a\u{200F}b", "dòng 1, cột 2: có dấu hướng chữ U+200F (không được phép)"),
    ("\u{61C}", "dòng 1, cột 1: có dấu hướng chữ U+061C (không được phép)"),
    ("\u{FFFF}", "dòng 1, cột 1: có ký tự không hợp lệ U+FFFF (không được phép)"),
];

#[test]
fn decode_refuses_unsafe_characters_naming_line_and_column() {
    for (input, expected) in FILES {
        let err = decode(input.as_bytes()).expect_err(input);
        assert!(matches!(err, InputError::UnsafeText(_)), "{input:?}: {err:?}");
        assert_eq!(err.to_string(), *expected, "{input:?}");
    }
}

#[test]
fn the_real_laws_decode_unchanged_and_with_tabs_and_crlf() {
    for name in LAWS {
        let text = law(name);
        assert_eq!(find_unsafe_char(&text), None, "{name}");
        assert_eq!(decode(text.as_bytes()).as_deref(), Ok(text.as_str()), "{name}");
        // Tabs, CRLF and a BOM are ordinary accidents of a text file, not refusals.
        let accidents = format!("\u{FEFF}{}", text.replace('\n', "\r\n").replace("  ", "\t"));
        let decoded = decode(accidents.as_bytes()).expect(name);
        assert_eq!(parse(&decoded).document, parse(&text).document, "{name}");
    }
}

#[test]
fn fields_name_themselves_and_the_place() {
    let cases: &[(&str, &str, &str)] = &[
        ("tên người", "Nguyễn\u{1} Văn A", "tên người: có ký tự điều khiển U+0001 ở ký tự thứ 7 (không được phép)"),
        ("nội dung góp ý", "Dòng một\nhai \u{202E}", "nội dung góp ý: có ký tự điều khiển hướng chữ U+202E ở dòng 2, cột 5 (không được phép)"),
        ("lý do", "\u{85}", "lý do: có ký tự điều khiển U+0085 ở ký tự thứ 1 (không được phép)"),
        ("đề xuất sửa", "x\u{2069}", "đề xuất sửa: có ký tự điều khiển hướng chữ U+2069 ở ký tự thứ 2 (không được phép)"),
    ];
    for (field, input, expected) in cases {
        let err = check_safe_field(field, input).expect_err(input);
        assert_eq!(err.to_string(), *expected);
    }
    for ok in ["Nguyễn Văn A", "Dòng một\r\n\tDòng hai", "", "Phó Chủ tịch (kiêm nhiệm)"]
    {
        assert_eq!(check_safe_field("tên người", ok), Ok(()), "{ok:?}");
    }
}

#[test]
fn the_editor_refuses_unsafe_characters_with_their_line() {
    let mut doc = Document::default();
    let previous = Unit::new(UnitId(0), Kind::Article);
    doc.next_id = 1;
    let err = parse_article_body("Phạm vi\n1. Khoản \u{202E}một", &previous, &mut doc)
        .expect_err("bidi override");
    assert_eq!(
        err.to_string(),
        "dòng 2, cột 10: có ký tự điều khiển hướng chữ U+202E (không được phép)"
    );
    let ok = parse_article_body("Phạm vi\n1. Khoản\tmột", &previous, &mut doc).expect("tab");
    assert_eq!(render_article_body(&ok), "Phạm vi\n1. Khoản một\n");
}

#[test]
fn every_refused_character_is_found_and_no_other_in_a_sweep() {
    // The rule is one predicate; check it against its definition over the BMP edges.
    let refused: Vec<u32> = (0..=0xFFFF)
        .filter_map(char::from_u32)
        .filter(|c| find_unsafe_char(&format!("a{c}b")).is_some())
        .map(u32::from)
        .collect();
    let expected: Vec<u32> = (0..=0x8)
        .chain([0xB, 0xC])
        .chain(0xE..=0x1F)
        .chain(0x7F..=0x9F)
        .chain([0x61C, 0x200E, 0x200F])
        .chain(0x202A..=0x202E)
        .chain(0x2066..=0x2069)
        .chain([0xFFFE, 0xFFFF])
        .collect();
    assert_eq!(refused, expected);
}

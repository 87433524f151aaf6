//! Issue 9, defensively: a document built past every entry check, with control
//! characters and bidi overrides in its words, still exports well-formed DOCX (XML 1.0
//! forbids most C0 characters even as references) and HTML. The writers put U+FFFD, a
//! visible mark, where such a character was.

use crate::common;

use common::*;
use quyche_export::{export, Format};

/// The four characters, and the other ones XML 1.0 refuses outright.
const BAD: [char; 8] =
    ['\u{1}', '\u{202E}', '\u{85}', '\u{2066}', '\u{0}', '\u{1F}', '\u{B}', '\u{FFFE}'];

/// A character XML 1.0 does not allow (the `Char` production), or one of the refused ones.
fn not_allowed(c: char) -> bool {
    let xml = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    !xml || quyche_text::is_unsafe_char(c)
}

fn hostile() -> quyche_model::Document {
    let mut doc = demo_approved();
    let article = doc.articles().next().unwrap().id;
    let unit = doc.find_mut(article).unwrap();
    unit.title = format!("Phạm vi{}", BAD.iter().collect::<String>());
    let clause = &mut unit.children[0];
    clause.paragraphs = vec![format!("Quy chế \u{1}này\u{202E} quy định\u{85}\u{2066}.")];
    doc.header.title.push("\u{7}Tiêu đề".into());
    doc
}

/// Every XML part of the DOCX: no forbidden character, raw or as a reference, and each
/// parses to the end.
#[test]
fn docx_of_a_hostile_document_is_well_formed_xml() {
    let doc = hostile();
    let bytes = export(&doc, &seal_for(&doc), Format::Docx).unwrap();
    let mut parts = 0;
    for (name, data) in unzip(&bytes) {
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        parts += 1;
        let xml = String::from_utf8(data).unwrap();
        if let Some(c) = xml.chars().find(|&c| not_allowed(c)) {
            panic!("{name}: U+{:04X}", u32::from(c));
        }
        for reference in
            ["&#1;", "&#x1;", "&#0;", "&#x0;", "&#31;", "&#x1F;", "&#x1f;", "&#11;", "&#xB;"]
        {
            assert!(!xml.contains(reference), "{name}: {reference}");
        }
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: {e}"),
            }
        }
    }
    assert!(parts > 3, "{parts}");
    let body = document_xml(&bytes);
    assert!(body.contains("Quy chế \u{FFFD}này\u{FFFD} quy định\u{FFFD}\u{FFFD}."), "{body}");
}

#[test]
fn html_of_a_hostile_document_has_no_control_character() {
    let doc = hostile();
    let html = String::from_utf8(export(&doc, &seal_for(&doc), Format::Html).unwrap()).unwrap();
    let visible = html.as_str();
    if let Some(c) = visible.chars().find(|&c| not_allowed(c)) {
        panic!("U+{:04X}", u32::from(c));
    }
    assert!(visible.contains("Quy chế \u{FFFD}này\u{FFFD} quy định\u{FFFD}\u{FFFD}."));
    assert_eq!(quyche_text::escape_html("a\u{1}<\t\n"), "a\u{FFFD}&lt;\t\n");
}

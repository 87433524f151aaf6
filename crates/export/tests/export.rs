//! Export and verify, data-driven on the demo regulation and the 2023 Law on Cooperatives.

use crate::common;

use common::*;
use quyche_export::{export, verify, ExportError, Format, Verification};
use quyche_model::Document;
use quyche_text::render as canonical_text;

fn name(f: Format) -> String {
    format!("quy-che.{}", f.extension())
}

fn check(bytes: &[u8], f: Format) -> Verification {
    match verify(bytes, &name(f)) {
        Ok(v) => v,
        Err(e) => panic!("{f:?}: {e}"),
    }
}

fn fixtures() -> Vec<(&'static str, Document)> {
    vec![("demo v2", demo()), ("demo approved", demo_approved()), ("law 2023", law())]
}

#[test]
fn every_format_verifies_against_its_seal() {
    for (label, doc) in fixtures() {
        let seal = seal_for(&doc);
        for f in Format::ALL {
            let bytes = export(&doc, &seal, f).unwrap_or_else(|e| panic!("{label} {f:?}: {e}"));
            let v = check(&bytes, f);
            assert!(v.matches, "{label} {f:?}: {:?}", v.differences);
            assert!(v.differences.is_empty());
            assert_eq!(v.seal, seal, "{label} {f:?}");
            assert_eq!(v.format, f);
            // The content, not the name, decides the format.
            let v = verify(&bytes, "renamed.bin").unwrap();
            assert_eq!(v.format, f, "{label}");
        }
    }
}

#[test]
fn text_export_is_the_canonical_text_without_marks_and_notes() {
    for (label, doc) in fixtures() {
        let seal = seal_for(&doc);
        let out = String::from_utf8(export(&doc, &seal, Format::Text).unwrap()).unwrap();
        let mut bare = doc.clone();
        bare.header.marks.clear();
        bare.notes.clear();
        let expected = canonical_text(&bare);
        assert!(
            out.starts_with(&format!(
                "{expected}\nVăn bản đã niêm phong · Mã niêm phong SHA-256: {}",
                seal.hash
            )),
            "{label}"
        );
        let visible = &out[..out.find("-----BEGIN QUYCHE SEAL-----").unwrap()];
        assert!(!visible.contains("DỰ THẢO"), "{label}");
        assert!(!visible.contains("# SOURCE"), "{label}");
    }
}

#[test]
fn numbers_are_literal_text_and_marks_are_gone_in_every_format() {
    let doc = demo();
    let seal = seal_for(&doc);
    for f in [Format::Html, Format::Markdown, Format::Text] {
        let out = String::from_utf8(export(&doc, &seal, f).unwrap()).unwrap();
        assert!(out.contains("Chương I"), "{f:?}");
        assert!(out.contains("Điều 5. Trách nhiệm"), "{f:?}");
        // The manifest records the dropped mark (to rebuild the sealed text); the page does not show it.
        let visible = &out[..out.find("quyche-seal").unwrap()];
        assert!(!visible.contains("DỰ THẢO"), "{f:?}");
        assert!(out.contains("Quyết định số 12/QĐ-LMHTX ngày 28/11/2026"), "{f:?}");
    }
    let xml = document_xml(&export(&doc, &seal, Format::Docx).unwrap());
    assert!(xml.contains("Chương I<"));
    assert!(xml.contains("Điều 5. Trách nhiệm"));
    assert!(!xml.contains("DỰ THẢO"));
    assert!(!xml.contains("w:numPr"), "no Word auto-numbering");
    assert!(!xml.contains("quyche-seal"), "the manifest is not in the visible document");
}

#[test]
fn a_seal_over_other_words_is_refused() {
    let doc = demo();
    let mut seal = seal_for(&doc);
    seal.hash = "0".repeat(64);
    for f in Format::ALL {
        assert!(matches!(export(&doc, &seal, f), Err(ExportError::SealMismatch)), "{f:?}");
    }
}

fn tampered(doc: &Document, f: Format, bytes: &[u8]) -> Vec<u8> {
    if f == Format::Docx {
        let mut entries = unzip(bytes);
        for (n, data) in entries.iter_mut() {
            if n == "word/document.xml" {
                let xml = String::from_utf8(data.clone()).unwrap();
                let line = unique_line_of_article(doc, 5, &xml);
                *data = xml.replacen(&line, &tamper_line(&line), 1).into_bytes();
            }
        }
        rezip(&entries)
    } else {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let tail = unique_line_of_article(doc, 5, &text);
        text.replacen(&tail, &tamper_line(&tail), 1).into_bytes()
    }
}

#[test]
fn a_changed_word_in_article_5_is_found_in_every_format() {
    for (label, doc) in [("demo v2", demo()), ("law 2023", law())] {
        let seal = seal_for(&doc);
        for f in Format::ALL {
            let bytes = export(&doc, &seal, f).unwrap();
            let v = check(&tampered(&doc, f, &bytes), f);
            assert!(!v.matches, "{label} {f:?}");
            assert_eq!(
                v.differences,
                vec!["Điều 5: khác với bản niêm phong".to_string()],
                "{label} {f:?}"
            );
            assert_eq!(v.seal.hash, seal.hash);
        }
    }
}

#[test]
fn an_added_and_a_removed_article_are_named_once() {
    let doc = demo();
    let seal = seal_for(&doc);
    let text = String::from_utf8(export(&doc, &seal, Format::Text).unwrap()).unwrap();
    // Remove Điều 30 whole: the articles after it are renumbered, yet only it is named.
    let start = text.find("Điều 30. ").unwrap();
    let end = text.find("Điều 31. ").unwrap();
    let cut = format!("{}{}", &text[..start], &text[end..]);
    let v = check(cut.as_bytes(), Format::Text);
    assert!(!v.matches);
    assert_eq!(v.differences.len(), 1, "{:?}", v.differences);
    assert!(v.differences[0].starts_with("Điều 30: bị xóa"), "{:?}", v.differences);

    let added = text.replacen("Điều 2. ", "Điều 2. Điều mới\nNội dung thêm vào.\nĐiều 3. ", 1);
    let v = check(added.as_bytes(), Format::Text);
    assert_eq!(v.differences.len(), 1, "{:?}", v.differences);
    assert!(v.differences[0].contains("được thêm vào"), "{:?}", v.differences);
}

#[test]
fn header_and_closing_changes_are_named() {
    let doc = demo();
    let seal = seal_for(&doc);
    let text = String::from_utf8(export(&doc, &seal, Format::Text).unwrap()).unwrap();
    let v = check(text.replacen("Nguyễn Văn An", "Nguyễn Văn Ba", 1).as_bytes(), Format::Text);
    assert_eq!(v.differences, vec!["phần kết: khác với bản niêm phong".to_string()]);
    let v =
        check(text.replacen("Bình An, ngày 15", "Bình An, ngày 16", 1).as_bytes(), Format::Text);
    assert_eq!(v.differences, vec!["phần đầu: khác với bản niêm phong".to_string()]);
}

#[test]
fn a_file_without_manifest_has_no_seal() {
    let doc = demo();
    let seal = seal_for(&doc);
    for f in Format::ALL {
        let bytes = export(&doc, &seal, f).unwrap();
        let stripped = match f {
            Format::Docx => {
                let entries: Vec<_> = unzip(&bytes)
                    .into_iter()
                    .filter(|(n, _)| !n.starts_with("customXml/"))
                    .collect();
                rezip(&entries)
            }
            _ => {
                let text = String::from_utf8(bytes).unwrap();
                let cut = match f {
                    Format::Html => text.find("<script").unwrap(),
                    Format::Markdown => text.find("<!-- quyche-seal").unwrap(),
                    _ => text.find("-----BEGIN QUYCHE SEAL-----").unwrap(),
                };
                text.as_bytes()[..cut].to_vec()
            }
        };
        assert!(matches!(verify(&stripped, &name(f)), Err(ExportError::NoSeal)), "{f:?}");
    }
    assert!(matches!(verify(b"just some text\n", "notes.txt"), Err(ExportError::NoSeal)));
}

#[test]
fn a_changed_footer_is_reported() {
    let doc = demo();
    let seal = seal_for(&doc);
    let text = String::from_utf8(export(&doc, &seal, Format::Text).unwrap()).unwrap();
    let forged = text.replacen(
        &format!("SHA-256: {}", seal.hash),
        &format!("SHA-256: {}", "a".repeat(64)),
        1,
    );
    let v = check(forged.as_bytes(), Format::Text);
    assert!(!v.matches);
    assert!(
        v.differences.iter().any(|d| d.starts_with("chân trang niêm phong")),
        "{:?}",
        v.differences
    );
}

#[test]
fn html_escapes_article_text() {
    let mut doc = demo();
    let evil = "<img src=x onerror=alert(1)> & \"quotes\" 'single'";
    let first = doc.articles().next().unwrap().id;
    doc.find_mut(first).unwrap().paragraphs.push(evil.into());
    let seal = seal_for(&doc);
    let html = String::from_utf8(export(&doc, &seal, Format::Html).unwrap()).unwrap();
    assert!(!html.contains("<img"));
    assert!(html
        .contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39;"));
    // Only the JSON data block is a script, and the manifest cannot close it.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains(r#"<script type="application/json" id="quyche-seal">"#));
    assert!(html.contains("<meta charset=\"utf-8\">") && html.contains("lang=\"vi\""));
    assert!(!html.contains("http://") && !html.contains("https://"), "no external resource");
    let v = check(html.as_bytes(), Format::Html);
    assert!(v.matches, "{:?}", v.differences);
    // Markdown keeps it inert too.
    let md = String::from_utf8(export(&doc, &seal, Format::Markdown).unwrap()).unwrap();
    assert!(md.contains(r"\<img src=x onerror=alert(1)\> \& "));
    assert!(check(md.as_bytes(), Format::Markdown).matches);
}

#[test]
fn docx_keeps_the_manifest_in_a_custom_xml_part() {
    let doc = demo();
    let seal = seal_for(&doc);
    let entries = unzip(&export(&doc, &seal, Format::Docx).unwrap());
    let item = entries.iter().find(|(n, _)| n == "customXml/item1.xml").expect("custom XML part");
    let item = String::from_utf8(item.1.clone()).unwrap();
    assert!(item.contains("<quyche-seal") && item.contains(&seal.hash));
    let custom =
        entries.iter().find(|(n, _)| n == "docProps/custom.xml").expect("custom properties");
    assert!(String::from_utf8_lossy(&custom.1).contains(&seal.hash));
}

#[test]
fn truncated_or_mangled_text_exports_never_panic() {
    let doc = demo();
    let seal = seal_for(&doc);
    for f in [Format::Html, Format::Markdown, Format::Text] {
        let bytes = export(&doc, &seal, f).unwrap();
        let step = (bytes.len() / 400).max(1);
        for at in (0..bytes.len()).step_by(step) {
            let _ = verify(&bytes[..at], &name(f));
            let mut b = bytes.clone();
            b[at] = b'&';
            let _ = verify(&b, &name(f));
        }
    }
    for junk in [
        "&Điều;&#xFFFFFFFF;&#0;&",
        "<!-- quyche-seal {\"kind\":1} -->",
        "-----BEGIN QUYCHE SEAL-----\n{}\n-----END QUYCHE SEAL-----",
    ] {
        assert!(verify(junk.as_bytes(), "x.txt").is_err());
        assert!(verify(junk.as_bytes(), "x.html").is_err());
    }
}

//! Every export says which revision it is and whether that revision is approved: the seal
//! footer of DOCX, HTML, Markdown, text and PDF reads “Phiên bản N, đã thông qua” after
//! the hash, on the demo and the 2023 law. Files written before the footer named the
//! revision (the hash, then the decision) still verify, in every format `verify` reads.

use crate::common;

use common::{demo_approved, document_xml, law, rezip, seal_for, unzip};
use quyche_export::{export, verify, Format};

const NAMED: &str = " · Phiên bản 3, đã thông qua";

/// The page text of a PDF, one space between words.
fn pdf_text(bytes: &[u8]) -> String {
    quyche_pdf::read(bytes)
        .unwrap()
        .pages
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_sealed_format_names_the_revision_and_that_it_is_approved() {
    for doc in [demo_approved(), law()] {
        let seal = seal_for(&doc);
        assert_eq!(seal.revision, 3);
        let after_hash = format!("{}{NAMED}", seal.hash);
        for f in [Format::Html, Format::Markdown, Format::Text] {
            let out = String::from_utf8(export(&doc, &seal, f).unwrap()).unwrap();
            assert!(out.contains(&after_hash), "{f:?}");
        }
        let docx = export(&doc, &seal, Format::Docx).unwrap();
        assert!(document_xml(&docx).contains(&after_hash), "DOCX");
        let pdf = export(&doc, &seal, Format::Pdf).unwrap();
        assert!(pdf_text(&pdf).contains(&after_hash), "PDF");
    }
}

#[test]
fn a_footer_written_the_old_way_still_verifies() {
    let doc = demo_approved();
    let seal = seal_for(&doc);
    for (f, name) in [(Format::Html, "a.html"), (Format::Markdown, "a.md"), (Format::Text, "a.txt")]
    {
        let out = String::from_utf8(export(&doc, &seal, f).unwrap()).unwrap();
        assert!(out.contains(NAMED), "{f:?}");
        let old = out.replacen(NAMED, "", 1);
        let v = verify(old.as_bytes(), name).unwrap();
        assert!(v.matches, "{f:?}: {:?}", v.differences);
        // And a footer whose hash is not the manifest's is still caught.
        let wrong = old.replacen(&seal.hash, &"0".repeat(64), 1);
        assert!(!verify(wrong.as_bytes(), name).unwrap().matches, "{f:?}");
    }
    let docx = export(&doc, &seal, Format::Docx).unwrap();
    let old: Vec<(String, Vec<u8>)> = unzip(&docx)
        .into_iter()
        .map(|(n, d)| {
            if n == "word/document.xml" {
                let x = String::from_utf8(d).unwrap();
                assert!(x.contains(NAMED));
                (n, x.replacen(NAMED, "", 1).into_bytes())
            } else {
                (n, d)
            }
        })
        .collect();
    let v = verify(&rezip(&old), "a.docx").unwrap();
    assert!(v.matches, "DOCX: {:?}", v.differences);
}

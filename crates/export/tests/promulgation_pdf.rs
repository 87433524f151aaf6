//! The promulgation set as one PDF, on the demo and the 2023 law: every font embedded,
//! the decision first with the approval's number, date and signer, the regulation from a
//! page numbered 1 again; `verify` accepts the set for the sealed regulation inside and
//! refuses it when the regulation's words on the page are not the attached ones. The
//! decision is outside the seal, as in the DOCX set.

use crate::common;

use std::path::{Path, PathBuf};

use common::{assert_every_font_embedded, demo_approved, law, poppler, seal_for, written_pdf};
use quyche_export::promulgation::decision_text;
use quyche_export::{promulgation_pdf, verify, Decision, ExportError};
use quyche_model::Document;

/// The demo's decision signed by a deputy: the set shows whoever signs, with their title.
fn decision() -> Decision {
    Decision {
        signer: "Trần Thị Bình".into(),
        signer_title: "PHÓ CHỦ TỊCH".into(),
        ..common::decision()
    }
}

fn texts() -> Vec<(&'static str, Document)> {
    vec![("demo", demo_approved()), ("luat-htx-2023", law())]
}

fn written(name: &str, bytes: &[u8]) -> PathBuf {
    written_pdf("promulgation-pdf", name, bytes)
}

fn set(doc: &Document) -> Vec<u8> {
    promulgation_pdf(doc, &seal_for(doc), &decision()).unwrap()
}

#[test]
fn verify_accepts_the_set_and_every_font_is_embedded() {
    for (name, doc) in texts() {
        let bytes = set(&doc);
        let v = verify(&bytes, "bo-ban-hanh.pdf").unwrap();
        assert!(v.matches, "{name}: {:?}", v.differences);
        assert_eq!(v.seal.decision_no.as_deref(), Some("12/QĐ-LMHTX"));
        assert_every_font_embedded(name, &written(name, &bytes));
    }
}

#[test]
fn the_decision_comes_first_and_the_regulation_restarts_at_page_1() {
    for (name, doc) in texts() {
        let path = written(&format!("{name}-pages"), &set(&doc));
        let page = |n: usize| {
            let n = n.to_string();
            poppler("pdftotext", &["-layout", "-f", &n, "-l", &n], &path)
        };
        let first = page(1);
        for words in [
            "Số: 12/QĐ-LMHTX",
            "ngày 28 tháng 11 năm 2026",
            "QUYẾT ĐỊNH:",
            "20/27 ủy viên tán thành",
            "PHÓ CHỦ TỊCH",
            "Trần Thị Bình",
        ] {
            assert!(first.contains(words), "{name}: page 1 lacks “{words}”:\n{first}");
        }
        // The regulation's first page: its header block, no page number above it.
        let pages = quyche_pdf::read(&std::fs::read(&path).unwrap()).unwrap().pages;
        let start = pages
            .iter()
            .position(|p| !p.contains("QUYẾT ĐỊNH:") && !p.contains("Trần Thị Bình"))
            .expect("a page after the decision");
        let head = |k: usize| pages[k].split_whitespace().next().unwrap_or("").to_owned();
        assert!(head(start).parse::<u32>().is_err(), "{name}: {}", head(start));
        assert_eq!(head(start + 1), "2", "{name}: the regulation's second page is page 2");
    }
}

/// The pieces of text on page 1 with whether each is set bold, from poppler's
/// `pdftohtml -xml` (which wraps a bold font's text in `<b>`).
fn bold_pieces(pdf: &Path) -> Vec<(String, bool)> {
    let xml = poppler("pdftohtml", &["-xml", "-i", "-stdout", "-q", "-f", "1", "-l", "1"], pdf);
    xml.split("<text ")
        .skip(1)
        .map(|t| {
            let inner = t.split_once('>').unwrap().1.split("</text>").next().unwrap();
            let bold = inner.contains("<b>");
            let words =
                inner.replace("<b>", "").replace("</b>", "").replace("<i>", "").replace("</i>", "");
            (words, bold)
        })
        .collect()
}

#[test]
fn only_the_label_of_a_decisions_article_is_bold() {
    let (name, doc) = texts().remove(0);
    let path = written(&format!("{name}-bold"), &set(&doc));
    let pieces = bold_pieces(&path);
    let bold_at = |words: &str| {
        pieces
            .iter()
            .find(|(t, _)| t.contains(words))
            .unwrap_or_else(|| panic!("{words}: {pieces:?}"))
            .1
    };
    assert!(bold_at("Điều 1."), "{pieces:?}");
    assert!(!bold_at("Ban hành kèm theo Quyết định này"), "{pieces:?}");
    assert!(!bold_at("có hiệu lực kể từ ngày ký"), "{pieces:?}");
    assert!(bold_at("QUYẾT ĐỊNH:"), "{pieces:?}");
}

/// A set made by hand: the real set's attachments, the decision's lines, and the
/// regulation's lines as given, one line a paragraph.
fn forged(doc: &Document, real: &[u8], regulation: &[String]) -> Vec<u8> {
    let contents = quyche_pdf::read(real).unwrap();
    let all = contents.pages.join(" ");
    let footer = &all[all.rfind("Văn bản đã niêm phong").unwrap()..];
    let mut blocks: Vec<quyche_pdf::Block> = decision_text(doc, &decision())
        .lines()
        .map(|t| quyche_pdf::Block::Line { line: quyche_pdf::Line::new("body", t) })
        .collect();
    blocks.push(quyche_pdf::Block::Restart);
    blocks.extend(
        regulation
            .iter()
            .map(|t| quyche_pdf::Block::Line { line: quyche_pdf::Line::new("body", t) }),
    );
    quyche_pdf::typeset(&quyche_pdf::Document {
        title: "forged".into(),
        date: Some((2026, 11, 28)),
        landscape: false,
        blocks,
        footer: Some(footer.split_whitespace().collect::<Vec<_>>().join(" ")),
        attachments: contents
            .attachments
            .into_iter()
            .map(|(name, bytes)| quyche_pdf::Attachment {
                name,
                mime_type: "application/json".into(),
                description: String::new(),
                bytes,
            })
            .collect(),
    })
    .unwrap()
}

#[test]
fn an_edited_regulation_on_the_page_is_refused() {
    let doc = demo_approved();
    let real = set(&doc);
    let lines: Vec<(usize, String)> = serde_json::from_slice(
        &quyche_pdf::read(&real)
            .unwrap()
            .attachments
            .into_iter()
            .find(|(n, _)| n == "quyche-lines.json")
            .unwrap()
            .1,
    )
    .unwrap();
    let mut lines: Vec<String> = lines.into_iter().map(|(_, t)| t).collect();
    // A faithful hand-made copy passes: the check is on the words, not on who typeset.
    let same = verify(&forged(&doc, &real, &lines), "x.pdf").unwrap();
    assert!(same.matches, "{:?}", same.differences);

    let k = lines.iter().position(|l| l.contains("Phạm vi điều chỉnh")).unwrap();
    lines[k] = lines[k].replace("Phạm vi điều chỉnh", "Phạm vi áp dụng");
    let v = verify(&forged(&doc, &real, &lines), "x.pdf").unwrap();
    assert!(!v.matches);
    assert!(v.differences.iter().any(|d| d.starts_with("lớp chữ hiển thị")), "{:?}", v.differences);
}

#[test]
fn a_seal_over_other_words_is_refused() {
    let doc = demo_approved();
    let mut seal = seal_for(&doc);
    seal.hash = "0".repeat(64);
    assert!(matches!(promulgation_pdf(&doc, &seal, &decision()), Err(ExportError::SealMismatch)));
}

#[test]
fn the_same_set_is_the_same_bytes() {
    let doc = demo_approved();
    assert!(set(&doc) == set(&doc));
}

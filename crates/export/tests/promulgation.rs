//! The promulgation set: the decision then the regulation, one DOCX. The Decree 30
//! checker passes on it (when present), the decision carries the approval's number and
//! date, and `verify` accepts the set because the regulation inside is the sealed one
//! (and refuses it when a word of the regulation changes, never when the decision does).

use crate::common;

use std::path::PathBuf;

use common::*;
use quyche_export::{promulgation_set, verify, ExportError};

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("promulgation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn set() -> Vec<u8> {
    let doc = demo_approved();
    promulgation_set(&doc, &seal_for(&doc), &decision()).unwrap()
}

/// The text of `word/document.xml`, tags dropped, paragraphs on their own lines.
fn document_text(bytes: &[u8]) -> String {
    let xml = document_xml(bytes).replace("</w:p>", "\n");
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn verify_accepts_the_set_for_the_regulation_inside() {
    let v = verify(&set(), "bo-ban-hanh.docx").unwrap();
    assert!(v.matches, "{:?}", v.differences);
    assert_eq!(v.seal.decision_no.as_deref(), Some("12/QĐ-LMHTX"));
}

#[test]
fn a_changed_word_of_the_regulation_is_caught_and_the_decision_is_outside_the_seal() {
    let bytes = set();
    let swap = |from: &str, to: &str| {
        let entries = unzip(&bytes);
        let changed: Vec<(String, Vec<u8>)> = entries
            .into_iter()
            .map(|(n, d)| {
                if n == "word/document.xml" {
                    let x = String::from_utf8(d).unwrap();
                    assert!(x.contains(from), "{from}");
                    (n, x.replacen(from, to, 1).into_bytes())
                } else {
                    (n, d)
                }
            })
            .collect();
        rezip(&changed)
    };
    // In the regulation: Điều 1's title.
    let v = verify(&swap("Phạm vi điều chỉnh", "Phạm vi áp dụng"), "x.docx").unwrap();
    assert!(!v.matches);
    assert!(v.differences.iter().any(|d| d.starts_with("Điều 1")), "{:?}", v.differences);
    // In the decision: its effect article. Not sealed, so the seal still holds.
    let v = verify(&swap("có hiệu lực kể từ ngày ký", "có hiệu lực từ ngày ký"), "x.docx").unwrap();
    assert!(v.matches, "{:?}", v.differences);
}

#[test]
fn the_decision_carries_the_approval_and_comes_first() {
    let text = document_text(&set());
    let decision_at = text.find("Về việc ban hành Quy chế làm việc").expect("the decision");
    let regulation_at = text.find("(Ban hành kèm theo Quyết định số").expect("the note");
    assert!(decision_at < regulation_at);
    let decision = &text[..regulation_at];
    for words in [
        "Số: 12/QĐ-LMHTX",
        "Bình An, ngày 28 tháng 11 năm 2026",
        "QUYẾT ĐỊNH",
        "Căn cứ kết quả biểu quyết của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An ngày 28/11/2026 (20/27 ủy viên tán thành);",
        "Điều 1.",
        "Ban hành kèm theo Quyết định này Quy chế làm việc",
        "Điều 2.",
        "Điều 3.",
        "chịu trách nhiệm thi hành Quyết định này.",
        "Nơi nhận:",
        "TM. BAN CHẤP HÀNH",
        "CHỦ TỊCH",
        "Nguyễn Văn An",
    ] {
        assert!(decision.contains(words), "the decision lacks “{words}”:\n{decision}");
    }
}

/// The runs of the paragraph that contains `words`, each with whether it is bold.
fn runs_of_paragraph(bytes: &[u8], words: &str) -> Vec<(String, bool)> {
    let xml = document_xml(bytes);
    let para = xml.split("</w:p>").find(|p| p.contains(words)).expect(words);
    para.split("<w:r>")
        .skip(1)
        .map(|r| {
            let text: String = r
                .split("<w:t")
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
                .map(|t| t.split("</w:t>").next().unwrap_or(""))
                .collect();
            (text, r.contains("<w:b />") || r.contains("<w:b/>"))
        })
        .filter(|(t, _)| !t.is_empty())
        .collect()
}

#[test]
fn only_the_label_of_a_decisions_article_is_bold() {
    let bytes = set();
    for (label, words) in [
        ("Điều 1.", "Ban hành kèm theo Quyết định này"),
        ("Điều 2.", "Quyết định này có hiệu lực"),
        ("Điều 3.", "chịu trách nhiệm thi hành"),
    ] {
        let runs = runs_of_paragraph(&bytes, words);
        let bold: Vec<&str> = runs.iter().filter(|r| r.1).map(|r| r.0.trim()).collect();
        assert_eq!(bold, [label], "{runs:?}");
    }
    // The regulation's own article headings stay bold throughout.
    let runs = runs_of_paragraph(&bytes, "Phạm vi điều chỉnh");
    assert!(runs.iter().all(|r| r.1), "{runs:?}");
}

#[test]
fn the_authority_stands_under_the_titles_rule() {
    let xml = document_xml(&set());
    let title = xml.find("Về việc ban hành").unwrap();
    let rule = title + xml[title..].find("<w:pBdr>").expect("the title's rule");
    let authority = xml.find("QcAuthority\"").expect("the authority's paragraph");
    let bases = xml.find("Căn cứ kết quả biểu quyết").unwrap();
    assert!(
        title < rule && rule < authority && authority < bases,
        "{title} {rule} {authority} {bases}"
    );
    let runs =
        runs_of_paragraph(&xml_bytes_of(&xml), "BAN CHẤP HÀNH LIÊN MINH HỢP TÁC XÃ TỈNH BÌNH AN");
    assert!(runs.iter().all(|r| r.1), "the authority is bold: {runs:?}");
}

/// `xml` as a one-entry DOCX, for [`runs_of_paragraph`].
fn xml_bytes_of(xml: &str) -> Vec<u8> {
    rezip(&[("word/document.xml".to_owned(), xml.as_bytes().to_vec())])
}

#[test]
fn a_seal_over_other_words_is_refused() {
    let doc = demo_approved();
    let mut seal = seal_for(&doc);
    seal.hash = "0".repeat(64);
    assert!(matches!(promulgation_set(&doc, &seal, &decision()), Err(ExportError::SealMismatch)));
}

#[test]
fn decree30_check_passes_on_the_set() {
    let Some(tool) =
        quyche_fixtures::shared_tool("decree30-check", "decree30_check_passes_on_the_set")
    else {
        return;
    };
    let path = out_dir().join("bo-ban-hanh.docx");
    std::fs::write(&path, set()).unwrap();
    assert_eq!(failed_rules(&tool, &path), vec![]);
}

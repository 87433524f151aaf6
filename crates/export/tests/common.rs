#![allow(dead_code)]
//! Shared helpers for the export tests.

use std::io::{Cursor, Read, Write};
use std::path::PathBuf;

use quyche_export::Seal;
use quyche_model::Document;

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

pub fn demo_text() -> String {
    std::fs::read_to_string(workspace_root().join("crates/api/demo/quy-che-lam-viec-v2.txt"))
        .expect("crates/api/demo/quy-che-lam-viec-v2.txt must exist")
}

pub fn demo() -> Document {
    quyche_text::parse(&demo_text()).document
}

/// The demo as the approval flow leaves it: number and date of the decision filled in.
pub fn demo_approved() -> Document {
    let mut d = demo();
    if let Some(n) = d.header.number.as_mut() {
        n.value = "12/QĐ-LMHTX".into();
    }
    d.header.place_date = Some("Bình An, ngày 28 tháng 11 năm 2026".into());
    d
}

pub fn law() -> Document {
    quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document
}

pub fn seal_for(doc: &Document) -> Seal {
    Seal {
        hash: quyche_text::canonical_hash(doc),
        regulation_id: "quy-che-lam-viec".into(),
        revision: 3,
        decision_no: Some("12/QĐ-LMHTX".into()),
        approved_on: Some("2026-11-28".into()),
        approved_by: Some("Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An".into()),
        vote: None,
        signature: None,
    }
}

/// All entries of a ZIP, in order.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_owned(), data)
        })
        .collect()
}

pub fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub fn document_xml(bytes: &[u8]) -> String {
    let e = unzip(bytes);
    String::from_utf8(e.into_iter().find(|(n, _)| n == "word/document.xml").unwrap().1).unwrap()
}

/// The text of a line of Điều `n` (a clause or point, its marker left off) that appears
/// exactly once in `haystack`, for tampering.
pub fn unique_line_of_article(doc: &Document, n: usize, haystack: &str) -> String {
    let text = quyche_text::render(doc);
    let head = format!("Điều {n}.");
    let next = format!("Điều {}.", n + 1);
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with(&head) {
            inside = true;
            continue;
        }
        if inside
            && (line.starts_with(&next) || line.starts_with("Chương ") || line.starts_with("Mục "))
        {
            break;
        }
        if inside && line.len() > 30 && !line.contains(['&', '<', '>', '"', '\'', '*', '_']) {
            let tail = line.split_once(' ').map_or(line, |x| x.1);
            if haystack.matches(tail).count() == 1 {
                return tail.to_owned();
            }
        }
    }
    panic!("no unique line in Điều {n}");
}

/// The line with its last word changed.
pub fn tamper_line(line: &str) -> String {
    let (head, last) = line.rsplit_once(' ').unwrap();
    format!("{head} {}x", last)
}

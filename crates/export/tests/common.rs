#![allow(dead_code)]
//! Shared helpers for the export tests.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use quyche_export::{Decision, Seal};
use quyche_model::Document;

/// The number of the decision that approves the demo: the approval flow, the seal and the
/// promulgation decision all carry it.
pub const DECISION_NO: &str = "12/QĐ-LMHTX";

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

/// The demo's first revision, the older side of the demo's redlines.
pub fn demo_v1() -> Document {
    let text =
        std::fs::read_to_string(workspace_root().join("crates/api/demo/quy-che-lam-viec-v1.txt"))
            .expect("crates/api/demo/quy-che-lam-viec-v1.txt must exist");
    quyche_text::parse(&text).document
}

/// The demo as the approval flow leaves it: number and date of the decision filled in.
pub fn demo_approved() -> Document {
    let mut d = demo();
    if let Some(n) = d.header.number.as_mut() {
        n.value = DECISION_NO.into();
    }
    d.header.place_date = Some("Bình An, ngày 28 tháng 11 năm 2026".into());
    d
}

pub fn law() -> Document {
    quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document
}

/// The 2012 law, the older side of the law pair.
pub fn law_2012() -> Document {
    quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2012)).document
}

pub fn seal_for(doc: &Document) -> Seal {
    Seal {
        hash: quyche_text::canonical_hash(doc),
        regulation_id: "quy-che-lam-viec".into(),
        revision: 3,
        decision_no: Some(DECISION_NO.into()),
        approved_on: Some("2026-11-28".into()),
        approved_by: Some("Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An".into()),
        vote: None,
        signature: None,
    }
}

/// The decision that promulgates the demo, as [`seal_for`] records it: the same number,
/// date and body, signed by the chairman.
pub fn decision() -> Decision {
    Decision {
        number: DECISION_NO.into(),
        long_date: "ngày 28 tháng 11 năm 2026".into(),
        short_date: "28/11/2026".into(),
        vote: "20/27 ủy viên tán thành".into(),
        approved_by: "Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An".into(),
        signer: "Nguyễn Văn An".into(),
        signer_title: "CHỦ TỊCH".into(),
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

/// `bytes` written as `NAME.pdf` in a folder of this test run (`FOLDER-PID`), for poppler.
pub fn written_pdf(folder: &str, name: &str, bytes: &[u8]) -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{folder}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A poppler tool's stdout for `pdf` (`pdftotext` writes to it with `-`); a failing or
/// missing tool fails the test, naming where it comes from.
pub fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(pdf);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out =
        cmd.output().unwrap_or_else(|e| panic!("{tool} (poppler-utils, install-deps.sh): {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Asserts that `pdffonts` lists fonts for `pdf` and that every one is embedded: a PDF/A
/// reader on another machine has no Vietnamese fonts to fall back on.
#[track_caller]
pub fn assert_every_font_embedded(name: &str, pdf: &Path) {
    let fonts = poppler("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{name}: no font listed");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID: `emb` is the fourth from the end.
        assert_eq!(cols[cols.len() - 5], "yes", "{name}: not embedded: {row}");
    }
}

/// Runs the Decree 30 checker at `tool` on `docx` with `--json` and returns the rules
/// that failed, with what it found.
pub fn failed_rules(tool: &Path, docx: &Path) -> Vec<(String, String)> {
    let out = Command::new("python3").arg(tool).arg(docx).arg("--json").output();
    let out = match out {
        Ok(o) => o,
        Err(e) => panic!("cannot run python3 (needed by the Decree 30 checker): {e}"),
    };
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("decree30-check gave no JSON ({e}): {}", String::from_utf8_lossy(&out.stderr))
    });
    json.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["pass"] != true)
        .map(|r| (r["rule"].as_str().unwrap().to_owned(), r["found"].to_string()))
        .collect()
}

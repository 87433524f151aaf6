//! Documents out (issue 13): `export --format akn [--rev N]` for the approved text and any
//! revision, each saying which revision it is and whether draft or approved; `export
//! --format docx|pdf --promulgation`, the decision then the regulation, whose decision
//! number and date are the approval's and which `verify` accepts. The new flags extend the
//! contract: misused, they are bad input (2); before an approval, refused (3).

use std::io::Read;

use crate::approval::{approved, imported, DECISION_NO};
use crate::harness::{demo, law, s, Database, Quyche, TestDir};

/// Imports the demo; with `approve`, takes it through a round to decision 12/QĐ-LMHTX of
/// 28/11/2026. Returns the regulation id and the chairman's person id.
fn regulation(d: &Database, approve: bool) -> (String, String) {
    let owner = "Nguyễn Văn An";
    if approve {
        approved(d, owner, &demo(), DECISION_NO)
    } else {
        imported(d, owner, &demo())
    }
}

/// One page's text, by poppler's `pdftotext` (scripts/install-deps.sh installs it).
fn pdftotext_page(path: &std::path::Path, page: u32) -> String {
    let n = page.to_string();
    let out = std::process::Command::new("pdftotext")
        .args(["-f", &n, "-l", &n])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn document_xml(path: &std::path::Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn akn_of_a_draft_revision_says_draft_and_its_number() {
    let dir = TestDir::new();
    let d = dir.database("db");
    let (reg, chair) = regulation(&d, false);
    let out = dir.path("draft.akn");
    d.ok(Some(&chair), &["export", &reg, "--format", "akn", "--rev", "1", "-o", s(&out)]);
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(xml.contains("<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">"));
    assert!(xml.contains("state=\"draft\""), "a draft says so");
    assert!(xml.contains("Dự thảo — phiên bản 1"));
    assert!(xml.contains("<FRBRversionNumber value=\"1\"/>"));
    // Without --rev, the approved text: there is none yet.
    d.fails(Some(&chair), &["export", &reg, "--format", "akn", "-o", s(&out)], 3);
}

#[test]
fn akn_of_the_approved_text_and_of_an_older_draft() {
    let dir = TestDir::new();
    let d = dir.database("db");
    let (reg, chair) = regulation(&d, true);
    let approved = dir.path("approved.akn");
    d.ok(Some(&chair), &["export", &reg, "--format", "akn", "-o", s(&approved)]);
    let xml = std::fs::read_to_string(&approved).unwrap();
    assert!(xml.contains("state=\"approved\""));
    assert!(xml.contains("decision=\"12/QĐ-LMHTX\""));
    assert!(xml.contains("approvedOn=\"2026-11-28\""));
    // Revision 1 is the draft that was imported, not the promulgated text.
    let old = dir.path("old.akn");
    d.ok(Some(&chair), &["export", &reg, "--format", "akn", "--rev", "1", "-o", s(&old)]);
    let xml = std::fs::read_to_string(&old).unwrap();
    assert!(xml.contains("state=\"draft\""));
    assert!(!xml.contains("decision=\""));
}

#[test]
fn the_promulgation_set_carries_the_approval_and_verifies() {
    let dir = TestDir::new();
    let d = dir.database("db");
    let (reg, chair) = regulation(&d, true);
    let out = dir.path("bo-ban-hanh.docx");
    d.ok(Some(&chair), &["export", &reg, "--format", "docx", "--promulgation", "-o", s(&out)]);
    let xml = document_xml(&out);
    let decision = &xml[..xml.find("QuycheRegulationStart").expect("the regulation starts")];
    assert!(decision.contains("Số: 12/QĐ-LMHTX"), "the decision's number is the approval's");
    assert!(decision.contains("ngày 28 tháng 11 năm 2026"), "its date is the approval's");
    assert!(decision.contains("Nguyễn Văn An"), "its signer is the approval's");
    assert!(decision.contains("20/27 ủy viên tán thành"));
    // The body that voted is the Executive Committee the regulation names in its
    // "(Ban hành kèm theo … của Ban Chấp hành …)" line, not the organisation that issues.
    assert!(decision.contains("BAN CHẤP HÀNH LIÊN MINH HỢP TÁC XÃ TỈNH BÌNH AN"), "the authority");
    assert!(
        decision.contains("Căn cứ kết quả biểu quyết của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An ngày 28/11/2026"),
        "the vote's basis line names the Executive Committee"
    );
    assert!(!decision.contains("biểu quyết của LIÊN MINH"), "not the organisation");
    // The seal footer under the regulation says the same.
    assert!(
        xml.contains("Quyết định số 12/QĐ-LMHTX ngày 28/11/2026 của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An"),
        "the footer names the Executive Committee"
    );
    // The sealed text inside verifies, against this database.
    let report = d.ok(None, &["verify", s(&out)]);
    assert!(report.contains("khớp niêm phong"), "{report}");
}

#[test]
fn the_promulgation_set_as_pdf_carries_the_approval_and_verifies() {
    let dir = TestDir::new();
    let d = dir.database("db");
    let (reg, chair) = regulation(&d, true);
    let out = dir.path("bo-ban-hanh.pdf");
    let printed =
        d.ok(Some(&chair), &["export", &reg, "--format", "pdf", "--promulgation", "-o", s(&out)]);
    assert_eq!(printed, s(&out));
    let bytes = std::fs::read(&out).unwrap();
    let decision = pdftotext_page(&out, 1);
    assert!(decision.contains("Số: 12/QĐ-LMHTX"), "the decision's number is the approval's");
    assert!(decision.contains("ngày 28 tháng 11 năm 2026"), "its date is the approval's");
    assert!(decision.contains("Nguyễn Văn An"), "its signer is the approval's");
    assert!(decision.contains("CHỦ TỊCH"), "and the signer's title");
    let report = d.ok(None, &["verify", s(&out)]);
    assert!(report.contains("khớp niêm phong"), "{report}");
    // The same set written again is the same bytes.
    let again = dir.path("lai.pdf");
    d.ok(Some(&chair), &["export", &reg, "--format", "pdf", "--promulgation", "-o", s(&again)]);
    assert!(std::fs::read(&again).unwrap() == bytes);
}

#[test]
fn the_new_flags_misused_are_bad_input_and_before_approval_refused() {
    let dir = TestDir::new();
    let d = dir.database("db");
    let (reg, chair) = regulation(&d, false);
    let out = s(&dir.path("x")).to_owned();
    let c = Some(chair.as_str());
    d.fails(c, &["export", &reg, "--format", "docx", "--rev", "1", "-o", &out], 2);
    d.fails(c, &["export", &reg, "--format", "akn", "--promulgation", "-o", &out], 2);
    d.fails(c, &["export", &reg, "--format", "html", "--promulgation", "-o", &out], 2);
    let err = d.fails(c, &["export", &reg, "--format", "pdf", "--promulgation", "-o", &out], 3);
    assert!(err.contains("chưa được thông qua"), "{err}");
    let err = d.fails(c, &["export", &reg, "--format", "docx", "--promulgation", "-o", &out], 3);
    assert!(err.contains("chưa được thông qua"), "{err}");
}

#[test]
fn diff_writes_a_pdf_redline_of_two_files_and_of_two_revisions() {
    let dir = TestDir::new();
    let (old, new) = (law(quyche_fixtures::COOP_2012), law(quyche_fixtures::COOP_2023));
    let diff = |words: &[&str]| Quyche::new().args(&["diff", s(&old), s(&new)]).args(words).run();
    let out = dir.path("so-sanh.pdf");
    let printed = diff(&["--format", "pdf", "-o", s(&out)]).success().stdout();
    assert_eq!(printed.trim(), s(&out));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let again = dir.path("so-sanh-2.pdf");
    diff(&["--format", "pdf", "-o", s(&again)]).success();
    assert!(std::fs::read(&again).unwrap() == bytes, "the same pair, the same bytes");
    // pdf needs a file, as docx does.
    diff(&["--format", "pdf"]).exit(2).one_line_error();

    // Two stored revisions: the page names them and their standing.
    let db = dir.database("db");
    let id = db.ok(None, &["import", s(&old)]);
    db.ok(None, &["import", s(&new), "--into", &id]);
    let stored = dir.path("phien-ban.pdf");
    db.ok(None, &["diff", &id, "1", "2", "--format", "pdf", "-o", s(&stored)]);
    let first = pdftotext_page(&stored, 1).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        first.contains("phiên bản 1 (dự thảo) → văn bản mới: phiên bản 2 (dự thảo)"),
        "{first}"
    );
    db.run(None, &["diff", &id, "1", "9", "--format", "pdf", "-o", s(&stored)]).exit(1);
}

#[test]
fn the_report_says_which_revision_the_comments_were_on_and_its_state() {
    let dir = TestDir::new();
    let d = dir.database("db");
    let (reg, chair) = regulation(&d, false);
    let c = Some(chair.as_str());
    d.ok(c, &["round", "open", &reg]);
    let file = dir.path("bao-cao.html");
    d.ok(c, &["report", &reg, "--format", "html", "-o", s(&file)]);
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains("Đợt lấy ý kiến 1 (phiên bản 1, dự thảo"), "{html}");
}

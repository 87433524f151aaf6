//! `export --format pdf` and `verify FILE.pdf`, through the real binary: the approved demo
//! as a PDF verifies against the database that approved it, and not against another one
//! (a throwaway database that approved the same text under its own key).

use crate::approval::{approved, DECISION_NO};
use crate::harness::{demo, s, TestDir};

#[test]
fn the_pdf_verifies_with_its_database_and_not_with_another() {
    let dir = TestDir::new();
    let real = dir.database("real");
    let (reg, chair) = approved(&real, "Nguyễn Văn An", &demo(), DECISION_NO);
    let pdf = s(&dir.path("quy-che.pdf")).to_owned();
    real.ok(Some(&chair), &["export", &reg, "--format", "pdf", "-o", &pdf]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    // The response report of the round, as a PDF too.
    let report = s(&dir.path("bang-tong-hop.pdf")).to_owned();
    real.ok(Some(&chair), &["report", &reg, "--format", "pdf", "-o", &report]);
    assert!(std::fs::read(&report).unwrap().starts_with(b"%PDF-"));

    let out = real.ok(None, &["verify", &pdf]);
    assert!(out.contains("khớp niêm phong"), "{out}");
    assert!(out.contains("Cơ sở dữ liệu: có quyết định thông qua này"), "{out}");

    // Another installation, the same words approved under its own key: the file is not its.
    let other = dir.database("other");
    approved(&other, "Nguyễn Văn An", &demo(), DECISION_NO);
    let run = other.run(None, &["verify", &pdf]);
    assert_ne!(run.code(), Some(0));

    // A PDF that carries no seal is bad input, named in one line.
    let plain = dir.path("khac.pdf");
    let mut cut = bytes.clone();
    cut.truncate(200);
    std::fs::write(&plain, &cut).unwrap();
    let err = real.run(None, &["verify", s(&plain)]).exit(2).stderr();
    assert!(err.contains("khac.pdf"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

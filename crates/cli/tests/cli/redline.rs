//! The `quyche diff` contract on the real law pair and on constructed cases.

use std::path::Path;

use crate::harness::{law, quyche, s, TestDir};

/// The article texts as `quyche render` prints them, without the `Điều N. ` label.
fn article_texts(file: &Path) -> Vec<String> {
    let doc = quyche_text::parse(&std::fs::read_to_string(file).unwrap()).document;
    doc.articles().map(quyche_text::render_article_text).collect()
}

#[test]
fn json_ops_rebuild_both_versions_of_every_article() {
    let (old, new) = (law(quyche_fixtures::COOP_2012), law(quyche_fixtures::COOP_2023));
    let v = quyche(&["diff", s(&old), s(&new), "--format", "json"]).json();
    let summary = &v["summary"];
    for key in ["unchanged", "modified", "added", "removed", "moved", "renumbered"] {
        assert!(summary[key].is_u64(), "summary.{key}");
    }
    let articles = v["articles"].as_array().unwrap();
    let (old_texts, new_texts) = (article_texts(&old), article_texts(&new));
    let (mut seen_old, mut seen_new) = (Vec::new(), Vec::new());
    for a in articles {
        let status = a["status"].as_str().unwrap();
        assert!(["unchanged", "modified", "added", "removed"].contains(&status));
        assert!(a["moved"].is_boolean() && a["renumbered"].is_boolean());
        let (mut o, mut n) = (String::new(), String::new());
        for op in a["ops"].as_array().unwrap() {
            let text = op["text"].as_str().unwrap();
            match op["op"].as_str().unwrap() {
                "equal" => {
                    o.push_str(text);
                    n.push_str(text);
                }
                "delete" => o.push_str(text),
                "insert" => n.push_str(text),
                other => panic!("op {other}"),
            }
        }
        let number = |label: &serde_json::Value| -> Option<usize> {
            label.as_str().map(|l| l.trim_start_matches("Điều ").parse::<usize>().unwrap())
        };
        if let Some(i) = number(&a["old"]) {
            assert_eq!(o, old_texts[i - 1], "old text of {}", a["old"]);
            seen_old.push(i);
        }
        if let Some(i) = number(&a["new"]) {
            assert_eq!(n, new_texts[i - 1], "new text of {}", a["new"]);
            seen_new.push(i);
        }
    }
    // Every article appears once, new ones in new-text order.
    seen_old.sort_unstable();
    assert_eq!(seen_old, (1..=old_texts.len()).collect::<Vec<_>>());
    assert_eq!(seen_new, (1..=new_texts.len()).collect::<Vec<_>>());
}

#[test]
fn a_renumbered_article_with_the_same_words_is_unchanged() {
    let dir = TestDir::new();
    let old = dir.path("old.txt");
    let new = dir.path("new.txt");
    std::fs::write(&old, "Chương I\nCHUNG\nĐiều 1. Phạm vi\nQuy chế này quy định việc họp.\nĐiều 2. Nguyên tắc\nDân chủ, công khai.\n").unwrap();
    std::fs::write(
        &new,
        "Chương I\nCHUNG\nĐiều 1. Phạm vi\nQuy chế này quy định việc họp.\nĐiều 2. Đối tượng\nÁp dụng với các ủy viên.\nĐiều 3. Nguyên tắc\nDân chủ, công khai.\n",
    )
    .unwrap();
    let v = quyche(&["diff", s(&old), s(&new), "--format", "json"]).json();
    assert_eq!(v["summary"]["added"], 1);
    assert_eq!(v["summary"]["modified"], 0);
    assert_eq!(v["summary"]["renumbered"], 1);
    let moved = v["articles"].as_array().unwrap().iter().find(|a| a["old"] == "Điều 2").unwrap();
    assert_eq!(moved["new"], "Điều 3");
    assert_eq!(moved["status"], "unchanged");
    assert_eq!(moved["renumbered"], true);
}

#[test]
fn stored_revisions_diff_by_id_and_html_is_self_contained() {
    let dir = TestDir::new();
    let db = dir.database("db");
    let id = db.run(None, &["import", s(&law(quyche_fixtures::COOP_2012))]).stdout();
    let id = id.trim();
    db.run(None, &["import", s(&law(quyche_fixtures::COOP_2023)), "--into", id]);
    let v = db.run(None, &["diff", id, "1", "2", "--format", "json"]).json();
    assert!(v["summary"]["modified"].as_u64().unwrap() > 0);
    // The import carried ids over by the redline's own content alignment (chapters by
    // the articles they hold), so pairing by id gives the same redline as by content.
    let by_content = quyche(&[
        "diff",
        s(&law(quyche_fixtures::COOP_2012)),
        s(&law(quyche_fixtures::COOP_2023)),
        "--format",
        "json",
    ])
    .json();
    assert_eq!(v["summary"], by_content["summary"]);
    let html = db.run(None, &["diff", id, "1", "2", "--format", "html"]).stdout();
    assert!(html.starts_with("<!") && html.contains("<del") && html.contains("<ins"));
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
    db.run(None, &["diff", id, "1", "2"]).success();
    db.run(None, &["diff", id, "1", "9"]).exit(1);
    quyche(&["diff", s(&law(quyche_fixtures::COOP_2012)), "--format", "pdf"]).exit(2);
}

/// A DOCX is a ZIP with Word's document part; what it says is tested in quyche-export.
fn assert_docx(docx: &Path) {
    let bytes = std::fs::read(docx).unwrap();
    assert!(bytes.starts_with(b"PK"), "not a ZIP: {}", docx.display());
    assert!(bytes.windows(17).any(|w| w == b"word/document.xml"), "no document part");
}

#[test]
fn diff_writes_a_word_redline_with_o_and_refuses_docx_without_it() {
    let dir = TestDir::new();
    let (old, new) = (law(quyche_fixtures::COOP_2012), law(quyche_fixtures::COOP_2023));
    let out = dir.path("so-sanh.docx");
    let printed =
        quyche(&["diff", s(&old), s(&new), "--format", "docx", "-o", s(&out)]).success().stdout();
    assert_eq!(printed.trim(), s(&out));
    assert_docx(&out);
    // The same pair gives the same bytes.
    let again = dir.path("so-sanh-2.docx");
    quyche(&["diff", s(&old), s(&new), "--format", "docx", "-o", s(&again)]).success();
    assert!(std::fs::read(&out).unwrap() == std::fs::read(&again).unwrap());
    // docx needs a file; a file is only for docx; the other formats are as before.
    quyche(&["diff", s(&old), s(&new), "--format", "docx"]).exit(2).one_line_error();
    quyche(&["diff", s(&old), s(&new), "-o", s(&dir.path("x.txt"))]).exit(2).one_line_error();
    assert!(!dir.path("x.txt").exists());

    // Two stored revisions, by id.
    let db = dir.database("db");
    let id = db.run(None, &["import", s(&old)]).stdout();
    let id = id.trim();
    db.run(None, &["import", s(&new), "--into", id]);
    let stored = dir.path("phien-ban.docx");
    db.run(None, &["diff", id, "1", "2", "--format", "docx", "-o", s(&stored)]).success();
    assert_docx(&stored);
    db.run(None, &["diff", id, "1", "9", "--format", "docx", "-o", s(&stored)]).exit(1);
}

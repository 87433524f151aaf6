//! Drafting from a source text: `source import`, `sources`, `take`, `compare-source`. A
//! source is kept apart from the regulations and read as an import reads; a taken article
//! keeps its link to the source through moves and edits; a reference to another article
//! of the source is never linked to the draft's article of that number.

use crate::harness::{demo, law, s, Database, TestDir};

/// A database holding the demo draft and the 2012 cooperative law as a source.
fn drafting(dir: &TestDir) -> (Database, String, String) {
    let db = dir.database("db");
    let draft = db.ok(Some("Văn phòng"), &["import", s(&demo())]);
    let source =
        db.ok(Some("Văn phòng"), &["source", "import", s(&law(quyche_fixtures::COOP_2012))]);
    (db, draft, source)
}

#[test]
fn a_source_is_kept_once_and_apart_from_the_regulations() {
    let dir = TestDir::new();
    let (db, draft, source) = drafting(&dir);
    assert_eq!(source.len(), 16, "{source}");

    let again = db.run(None, &["source", "import", s(&law(quyche_fixtures::COOP_2012))]);
    assert_eq!(again.success().stdout().trim(), source, "the same text is the same source");
    assert!(again.stderr().contains("đã có"), "{}", again.stderr());

    let sources = db.ok(None, &["sources"]);
    assert_eq!(sources, format!("{source}\t64\tLUẬT HỢP TÁC XÃ"));
    let list = db.ok(None, &["list"]);
    assert_eq!(list.lines().count(), 1, "a source is not a regulation: {list}");
    assert!(list.starts_with(&draft));

    // Read exactly as an import: the same refusal, naming the file and the line.
    let bad = dir.path("khong-phai-quy-che.txt");
    std::fs::write(&bad, "Một dòng\nkhông có điều nào\n").unwrap();
    let e = db.fails(None, &["source", "import", s(&bad)], 2);
    let import_e = db.fails(None, &["import", s(&bad)], 2);
    assert_eq!(e, import_e);
    assert!(e.contains("khong-phai-quy-che.txt: dòng 1:"), "{e}");
}

#[test]
fn a_taken_article_keeps_its_link_through_a_move_and_shows_what_was_adapted() {
    let dir = TestDir::new();
    let (db, draft, source) = drafting(&dir);

    let take = db.run(None, &["take", &draft, "--from", &source, "4", "--after", "1"]);
    assert_eq!(take.success().stdout().trim(), "2");
    assert_eq!(take.stderr(), "", "Điều 4 names no other article");
    let shown = db.ok(None, &["show", &draft]);
    assert!(shown.contains("\nĐiều 2. Giải thích từ ngữ\nTrong Luật này, các từ ngữ"), "{shown}");
    assert!(shown.contains("\nĐiều 3. Nguyên tắc làm việc\n"), "the draft's Điều 2 is Điều 3");

    let compare = db.ok(None, &["compare-source", &draft, "2"]);
    assert_eq!(compare, "Điều 4 (LUẬT HỢP TÁC XÃ) → Điều 2 (dự thảo): chưa sửa");

    // Moved below the draft's Điều 4, the taken article is Điều 4 and still knows its source.
    assert_eq!(db.ok(None, &["article", "move", &draft, "2", "--after", "4"]), "3");
    let json = db.run(None, &["compare-source", &draft, "4", "--format", "json"]).json();
    assert_eq!(json["source_article"], "Điều 4");
    assert_eq!(json["article"], "Điều 4");
    assert_eq!(json["unchanged"], true);
    let e = db.fails(None, &["compare-source", &draft, "2"], 1);
    assert!(e.contains("Điều 2 không lấy từ tài liệu nguồn nào"), "{e}");

    // Adapted in a revised text: the compare shows the words changed, and only them.
    let revised = dir.path("du-thao-sua.txt");
    let text = db
        .ok(None, &["show", &draft])
        .replace("Trong Luật này, các từ ngữ dưới đây", "Trong Quy chế này, các từ ngữ dưới đây");
    std::fs::write(&revised, text).unwrap();
    assert_eq!(db.ok(None, &["import", s(&revised), "--into", &draft]), "4");
    let compare = db.ok(None, &["compare-source", &draft, "4"]);
    assert!(compare.starts_with("Điều 4 (LUẬT HỢP TÁC XÃ) → Điều 4 (dự thảo): đã sửa\n"));
    assert!(compare.contains("Trong [-Luật-]{+Quy chế+} này"), "{compare}");
    let json = db.run(None, &["compare-source", &draft, "4", "--format", "json"]).json();
    assert_eq!(json["verdict"], "đã sửa");
    assert_eq!(json["redline"]["summary"]["modified"], 1);
}

#[test]
fn a_reference_to_another_source_article_becomes_text_with_a_diagnostic() {
    let dir = TestDir::new();
    let (db, draft, source) = drafting(&dir);

    // Điều 13 of the 2012 law names Điều 17 of that law; the draft has a Điều 17 too.
    let take = db.run(None, &["take", &draft, "--from", &source, "13", "--before", "1"]);
    assert_eq!(take.success().stdout().trim(), "2");
    let err = take.stderr();
    assert!(
        err.contains("Điều 1: khoản 1 Điều 17 (của văn bản nguồn) — chưa có trong dự thảo\n"),
        "{err}"
    );
    assert!(err.contains("Điều 1: khoản 2 Điều 17 (của văn bản nguồn) — chưa có trong dự thảo\n"));
    let shown = db.ok(None, &["show", &draft]);
    assert!(
        shown.contains("quy định tại khoản 1 Điều 17 của Luật Hợp tác xã và điều lệ"),
        "{shown}"
    );
    let refs = db.run(None, &["refs", &draft, "--format", "json"]).json();
    let from_taken =
        refs["references"].as_array().unwrap().iter().filter(|r| r["in"]["article"] == 1).count();
    assert_eq!(from_taken, 0, "nothing of the taken article links into the draft: {refs}");

    // Điều 16 names its own points (“điểm a, b, c, d và e khoản 1 Điều này”): they stay
    // relative and link to the copy.
    assert_eq!(db.ok(None, &["take", &draft, "--from", &source, "16", "--after", "1"]), "3");
    let refs = db.run(None, &["refs", &draft, "--format", "json"]).json();
    let own: Vec<_> = refs["references"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["in"]["article"] == 2)
        .map(|r| (r["text"].as_str().unwrap().to_string(), r["targets"][0]["article"].clone()))
        .collect();
    assert!(
        own.contains(&("điểm a, b, c, d và e khoản 1 Điều này".to_string(), 2.into())),
        "{own:?}"
    );
}

#[test]
fn taking_is_a_drafting_edit_and_bad_numbers_are_refused() {
    let dir = TestDir::new();
    let (db, draft, source) = drafting(&dir);
    let e = db.fails(None, &["take", &draft, "--from", &source, "999", "--after", "1"], 1);
    assert!(e.contains("Tài liệu nguồn không có Điều 999"), "{e}");
    let e = db.fails(None, &["take", &draft, "--from", &source, "4", "--after", "999"], 1);
    assert!(e.contains("Không có Điều 999"), "{e}");
    let e = db.fails(None, &["take", &draft, "--from", "0000000000000000", "4", "--after", "1"], 1);
    assert!(e.contains("Không có tài liệu nguồn này"), "{e}");
    db.run(None, &["take", &draft, "--from", &source, "4"]).exit(2);
    assert_eq!(db.ok(None, &["log", &draft]).lines().count(), 1, "a refusal writes nothing");
}

#[test]
fn taking_follows_the_workflow_and_a_deleted_article_leaves_no_link() {
    let dir = TestDir::new();
    let (db, draft, source) = drafting(&dir);
    let chair = db.ok(None, &["person", "add", "--name", "Nguyễn Văn An", "--role", "chairman"]);
    let who = Some(chair.as_str());
    assert_eq!(db.ok(who, &["take", &draft, "--from", &source, "4", "--after", "1"]), "2");
    assert_eq!(db.ok(who, &["take", &draft, "--from", &source, "6", "--after", "2"]), "3");

    // Deleted, Điều 2's link goes with it; the article now shown as Điều 2 is Điều 6's copy.
    assert_eq!(db.ok(who, &["article", "delete", &draft, "2"]), "4");
    let json = db.run(who, &["compare-source", &draft, "2", "--format", "json"]).json();
    assert_eq!(json["source_article"], "Điều 6");
    let e = db.fails(who, &["compare-source", &draft, "1"], 1);
    assert!(e.contains("Điều 1 không lấy từ tài liệu nguồn nào"), "{e}");

    // During a consultation round the text is not drafted: refused by the rules (exit 3).
    db.ok(who, &["round", "open", &draft]);
    let e = db.fails(who, &["take", &draft, "--from", &source, "7", "--after", "1"], 3);
    assert!(e.contains("Đang lấy ý kiến"), "{e}");
    assert_eq!(db.ok(None, &["log", &draft]).lines().count(), 4, "a refusal writes nothing");
}

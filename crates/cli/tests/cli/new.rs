//! The `quyche new --template bch|btv|ubkt|blank [--title T]` contract: the new
//! regulation's id, one line on stdout; `show` prints the template, `refs` finds its
//! references; an unknown template is exit 2 naming the four.

use crate::harness::{s, TestDir};

#[test]
fn each_template_makes_a_regulation_show_prints_and_refs_links() {
    let dir = TestDir::new();
    let db = dir.database("db");
    for (template, title, articles, linked) in [
        ("bch", "Làm việc của Ban Chấp hành Liên minh Hợp tác xã …, nhiệm kỳ …", 17, 6),
        (
            "btv",
            "Làm việc của Ban Thường vụ và Văn phòng Liên minh Hợp tác xã …, nhiệm kỳ …",
            17,
            6,
        ),
        ("ubkt", "Làm việc của Ủy ban Kiểm tra Liên minh Hợp tác xã …, nhiệm kỳ …", 17, 5),
        ("blank", "Làm việc của …", 1, 0),
    ] {
        let run = db.run(Some("Văn phòng"), &["new", "--template", template]);
        let id = run.success().stdout();
        assert_eq!(id.lines().count(), 1, "{template}: one line on stdout: {id:?}");
        let id = id.trim();
        assert!(run.stderr().is_empty(), "{template}: {}", run.stderr());

        let shown = db.ok(None, &["show", id]);
        assert!(shown.contains(&format!("\nQUY CHẾ\n{title}\n(Ban hành kèm theo")), "{shown}");
        assert!(shown.contains("\nSố: …/QĐ-…\n"), "{template}");
        assert!(shown.contains("\nChương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n"));
        assert_eq!(shown.matches("\nĐiều ").count(), articles, "{template}");
        let refs = db.run(None, &["refs", id, "--format", "json"]).success().json();
        let found = refs["references"].as_array().unwrap();
        assert_eq!(found.len(), linked, "{template}: {refs}");
        assert!(found.iter().all(|r| r["broken"] == false), "{template}: {refs}");
        assert_eq!(refs["unresolved"], serde_json::json!([]), "{template}");
        let log = db.ok(None, &["log", id]);
        assert_eq!(log.lines().count(), 1, "{template}: one revision: {log}");
    }
    assert_eq!(db.ok(None, &["list"]).lines().count(), 4);
}

#[test]
fn a_title_replaces_the_templates() {
    let dir = TestDir::new();
    let db = dir.database("db");
    let title =
        "Làm việc của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An, nhiệm kỳ 2025 - 2030";
    let id = db.ok(Some("Văn phòng"), &["new", "--template", "bch", "--title", title]);
    let shown = db.ok(None, &["show", &id]);
    assert!(shown.contains(&format!("\nQUY CHẾ\n{title}\n(Ban hành kèm theo Quyết định số …")));
    let list = db.ok(None, &["list"]);
    assert!(list.ends_with("Quy chế làm việc của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An, nhiệm kỳ 2025 - 2030"), "{list}");
    // An edit is allowed at once: the new regulation is a draft.
    let article = dir.path("dieu.txt");
    std::fs::write(
        &article,
        "Giải thích từ ngữ\nTrong Quy chế này, các từ ngữ dưới đây được hiểu như sau.\n",
    )
    .unwrap();
    let rev = db
        .ok(Some("Văn phòng"), &["article", "insert", &id, "--after", "1", "--file", s(&article)]);
    assert_eq!(rev, "2");
}

#[test]
fn an_unknown_template_or_an_unsafe_title_is_bad_input() {
    let dir = TestDir::new();
    let db = dir.database("db");
    let message = db.fails(None, &["new", "--template", "hdqt"], 2);
    assert!(message.contains("“hdqt”") && message.contains("bch, btv, ubkt, blank"), "{message}");
    let message = db.fails(None, &["new", "--template", "bch", "--title", "Quy chế\u{202e}"], 2);
    assert!(message.contains("tên quy chế"), "{message}");
    let run = db.run(None, &["new"]);
    run.exit(2);
    assert_eq!(db.run(None, &["list"]).success().stdout().trim(), "", "nothing was created");
}

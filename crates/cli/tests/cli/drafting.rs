//! The `quyche article insert | move | delete` contract: one revision each, references
//! renumbered (as `refs` and `show` read them), a referenced delete refused (exit 3) until
//! `--force`, and each broken reference named on stderr.

use crate::harness::{law, s, TestDir};

#[test]
fn insert_move_and_delete_keep_references_right() {
    let dir = TestDir::new();
    let db = dir.database("db");
    let id = db.ok(Some("Văn phòng"), &["import", s(&law(quyche_fixtures::COOP_2023))]);
    let article = dir.path("dieu-moi.txt");
    std::fs::write(&article, "Nguyên tắc chung\n1. Khoản một.\n2. Khoản hai.\n").unwrap();

    let run = db.run(None, &["article", "insert", &id, "--after", "1", "--file", s(&article)]);
    assert_eq!(run.success().stdout().trim(), "2");
    assert!(
        run.stderr().contains(
            "\nđiểm a khoản 1 Điều 19: khoản 2 Điều 7 của Luật này → khoản 2 Điều 8 của Luật này\n"
        ),
        "{}",
        run.stderr()
    );
    let shown = db.ok(None, &["show", &id]);
    assert!(shown.contains("\nĐiều 2. Nguyên tắc chung\n1. Khoản một.\n2. Khoản hai.\n"));
    assert!(shown.contains("quy định tại khoản 2 Điều 8 của Luật này"));
    let refs = db.ok(None, &["refs", &id]);
    assert!(refs.contains("điểm a khoản 1 Điều 19: khoản 2 Điều 8 của Luật này → khoản 2 Điều 8\n"));

    // Điều 8 moved before Điều 3: it is Điều 3 now, and so is what Điều 19 names.
    assert_eq!(db.ok(None, &["article", "move", &id, "8", "--before", "3"]), "3");
    let refs = db.ok(None, &["refs", &id]);
    assert!(refs.contains("điểm a khoản 1 Điều 19: khoản 2 Điều 3 của Luật này → khoản 2 Điều 3\n"));

    let refused = db.fails(None, &["article", "delete", &id, "3"], 3);
    assert!(
        refused
            .contains("Điều 3 được tham chiếu tại điểm a khoản 1 Điều 19, điểm b khoản 2 Điều 19"),
        "{refused}"
    );
    assert_eq!(db.ok(None, &["log", &id]).lines().count(), 3, "a refusal writes nothing");

    let run = db.run(None, &["article", "delete", &id, "3", "--force"]);
    assert_eq!(run.success().stdout().trim(), "4");
    let broken = run.stderr();
    assert!(
        broken.contains(
            "điểm a khoản 1 Điều 18: khoản 2 Điều 3 của Luật này → [tham chiếu không còn]\n"
        ),
        "{broken}"
    );
    let shown = db.ok(None, &["show", &id]);
    assert!(shown.contains("quy định tại [tham chiếu không còn]; "));
    assert_eq!(
        shown.matches("[tham chiếu không còn]").count(),
        broken.matches("→ [tham chiếu không còn]").count()
    );
}

#[test]
fn bad_numbers_and_places_are_usage_or_input_errors() {
    let dir = TestDir::new();
    let db = dir.database("db");
    let id = db.ok(Some("Văn phòng"), &["import", s(&law(quyche_fixtures::COOP_2023))]);
    // Neither or both of --after and --before: clap's usage error.
    db.run(None, &["article", "move", &id, "2"]).exit(2);
    db.run(None, &["article", "move", &id, "2", "--after", "3", "--before", "4"]).exit(2);
    // No such article: exit 1, naming the number.
    let e = db.fails(None, &["article", "delete", &id, "999"], 1);
    assert!(e.contains("Không có Điều 999"), "{e}");
    // An empty article file: bad input.
    let empty = dir.path("rong.txt");
    std::fs::write(&empty, "\n").unwrap();
    db.fails(None, &["article", "insert", &id, "--before", "1", "--file", s(&empty)], 2);
}

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

/// `article split|merge|retitle`, `clause move|demote|promote|insert|delete`, `chapter
/// insert|retitle|move|delete`: one revision each, units named by number, references
/// followed (stderr), a referenced delete refused with exit 3 until `--force`.
#[test]
fn every_level_by_number_one_revision_each() {
    let dir = TestDir::new();
    let db = dir.database("db");
    let id = db.ok(Some("Văn phòng"), &["import", s(&law(quyche_fixtures::COOP_2023))]);
    let law = db.ok(None, &["show", &id]);

    // Điều 7 split at its clause 2: Điều 18's “khoản 2 Điều 7” follows it into Điều 8.
    let run = db.run(None, &["article", "split", &id, "7", "--at", "2"]);
    assert_eq!(run.success().stdout().trim(), "2");
    assert!(
        run.stderr().contains(
            "điểm a khoản 1 Điều 19: khoản 2 Điều 7 của Luật này → khoản 1 Điều 8 của Luật này\n"
        ),
        "{}",
        run.stderr()
    );
    assert!(db.ok(None, &["show", &id]).contains("quy định tại khoản 1 Điều 8 của Luật này"));
    // Merged back, the law reads as it did.
    assert_eq!(db.ok(None, &["article", "merge", &id, "7"]), "3");
    assert!(db.ok(None, &["show", &id]) == law, "split then merged: the law again");
    db.fails(None, &["article", "split", &id, "7", "--at", "1"], 2);

    // Clause 2 first in its article; then demoted under clause 1 and promoted back.
    let run = db.run(None, &["clause", "move", &id, "7", "2", "--before", "1"]);
    assert_eq!(run.success().stdout().trim(), "4");
    assert!(run.stderr().contains("khoản 2 Điều 7 của Luật này → khoản 1 Điều 7 của Luật này\n"));
    assert_eq!(db.ok(None, &["clause", "move", &id, "7", "1", "--after", "2"]), "5");
    assert!(db.ok(None, &["show", &id]) == law, "moved back: the law again");
    let run = db.run(None, &["clause", "demote", &id, "7", "2"]);
    assert_eq!(run.success().stdout().trim(), "6");
    // Điều 18 now names the point clause 2 became, the last of clause 1 before its points.
    let stderr = run.stderr();
    let letter = stderr
        .split("khoản 2 Điều 7 của Luật này → điểm ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("{stderr}"))
        .to_owned();
    assert!(stderr.contains(&format!("→ điểm {letter} khoản 1 Điều 7 của Luật này\n")));
    let e = db.fails(None, &["clause", "promote", &id, "7", "1", "z"], 1);
    assert_eq!(e.trim(), "quyche: Không có điểm z khoản 1 Điều 7");
    assert_eq!(db.ok(None, &["clause", "promote", &id, "7", "1", &letter]), "7");
    assert!(db.ok(None, &["show", &id]) == law, "demoted then promoted: the law again");

    // A clause named elsewhere: refused (3) until forced, each broken reference on stderr.
    let refused = db.fails(None, &["chapter", "delete", &id, "1"], 3);
    assert!(refused.starts_with("quyche: Chương I được tham chiếu tại "), "{refused}");
    let refused = db.fails(None, &["clause", "delete", &id, "7", "2"], 3);
    assert!(
        refused.contains("Khoản 2 Điều 7 được tham chiếu tại điểm a khoản 1 Điều 18"),
        "{refused}"
    );
    let run = db.run(None, &["clause", "delete", &id, "7", "2", "--force"]);
    assert_eq!(run.success().stdout().trim(), "8");
    assert!(run.stderr().contains("khoản 2 Điều 7 của Luật này → [tham chiếu không còn]\n"));
    assert_eq!(
        db.ok(None, &["clause", "insert", &id, "7", "--after", "1", "--text", "Khoản mới."]),
        "9"
    );

    // Chapters, numbered 1, 2, …; an empty new chapter deletes without --force.
    assert_eq!(
        db.ok(None, &["chapter", "insert", &id, "--after", "1", "--title", "CHƯƠNG MỚI"]),
        "10"
    );
    assert!(db.ok(None, &["show", &id]).contains("\nChương II\nCHƯƠNG MỚI\nChương III\n"));
    assert_eq!(db.ok(None, &["chapter", "retitle", &id, "2", "--title", "CHƯƠNG KHÁC"]), "11");
    assert_eq!(db.ok(None, &["chapter", "delete", &id, "2"]), "12");
    assert_eq!(db.ok(None, &["article", "retitle", &id, "1", "--title", "Phạm vi"]), "13");
    assert!(db.ok(None, &["show", &id]).contains("\nĐiều 1. Phạm vi\n"));
    assert_eq!(db.ok(None, &["log", &id]).lines().count(), 13, "refusals write nothing");
}

/// During a consultation round the text is not drafted: every structure command is refused
/// by the workflow's rules (exit 3) and writes nothing.
#[test]
fn structure_commands_follow_the_workflow() {
    let dir = TestDir::new();
    let db = dir.database("db");
    let id = db.ok(Some("Văn phòng"), &["import", s(&law(quyche_fixtures::COOP_2023))]);
    let chair = db.ok(None, &["person", "add", "--name", "Nguyễn Văn An", "--role", "chairman"]);
    let who = Some(chair.as_str());
    assert_eq!(db.ok(who, &["article", "retitle", &id, "1", "--title", "Phạm vi"]), "2");
    db.ok(who, &["round", "open", &id]);
    let refused: [&[&str]; 5] = [
        &["article", "split", &id, "7", "--at", "2"],
        &["article", "merge", &id, "7"],
        &["clause", "demote", &id, "7", "2"],
        &["chapter", "retitle", &id, "1", "--title", "KHÁC"],
        &["clause", "insert", &id, "7", "--text", "Mới."],
    ];
    for args in refused {
        let e = db.fails(who, args, 3);
        assert!(e.contains("Đang lấy ý kiến"), "{args:?}: {e}");
    }
    assert_eq!(db.ok(None, &["log", &id]).lines().count(), 2, "a refusal writes nothing");
}

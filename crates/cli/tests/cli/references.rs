//! The `quyche refs` contract: a file's or a stored revision's cross-references, as JSON
//! or one line each; bad input exits 2 with one line.

use crate::harness::{law, quyche, s, TestDir};

#[test]
fn json_names_each_reference_where_it_stands_and_what_it_names() {
    let file = law(quyche_fixtures::COOP_2023);
    let v = quyche(&["refs", s(&file), "--format", "json"]).success().json();
    let refs = v["references"].as_array().unwrap();
    assert!(refs.len() > 90, "{}", refs.len());
    assert_eq!(v["unresolved"].as_array().unwrap().len(), 0);
    for r in refs {
        for key in ["article", "clause", "point"] {
            assert!(r["in"].get(key).is_some(), "in.{key}");
        }
        assert!(r["text"].is_string() && r["broken"] == false);
        assert!(!r["targets"].as_array().unwrap().is_empty());
    }
    // Điều 18, khoản 1, điểm a: “… quy định tại khoản 2 Điều 7 của Luật này”.
    let first = refs.iter().find(|r| r["in"]["article"] == 18).unwrap();
    assert_eq!(first["in"]["clause"], 1);
    assert_eq!(first["in"]["point"], "a");
    assert_eq!(first["text"], "khoản 2 Điều 7 của Luật này");
    assert_eq!(first["targets"][0]["article"], 7);
    assert_eq!(first["targets"][0]["clause"], 2);
    assert!(first["targets"][0]["point"].is_null());
    // Points are letters: “các điểm a, c, d, đ và e khoản 1 Điều này” (Điều 32).
    let points =
        refs.iter().find(|r| r["text"] == "điểm a, c, d, đ và e khoản 1 Điều này").unwrap();
    let letters: Vec<&str> = points["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["point"].as_str().unwrap())
        .collect();
    assert_eq!(letters, ["a", "c", "d", "đ", "e"]);
}

#[test]
fn text_is_one_line_per_reference() {
    let file = law(quyche_fixtures::COOP_2023);
    let text = quyche(&["refs", s(&file)]).success().stdout();
    let json = quyche(&["refs", s(&file), "--format", "json"]).success().json();
    assert_eq!(text.lines().count(), json["references"].as_array().unwrap().len());
    assert!(
        text.contains("\nđiểm a khoản 1 Điều 18: khoản 2 Điều 7 của Luật này → khoản 2 Điều 7\n")
    );
    assert!(text.contains("\nkhoản 2 Điều 28: điểm b và điểm c khoản 1 Điều này → điểm b khoản 1 Điều 28; điểm c khoản 1 Điều 28\n"), "{text}");
}

#[test]
fn missing_targets_are_listed_and_other_texts_never() {
    let dir = TestDir::new();
    let file = dir.path("quy-che.txt");
    std::fs::write(
        &file,
        "QUY CHẾ\nLàm việc\nĐiều 1. Phạm vi\n1. Theo Điều 9 của Quy chế này và khoản 2 Điều này.\n\
         2. Theo Điều 5 Luật Doanh nghiệp và Điều 46 của Luật Xử lý vi phạm hành chính.\n",
    )
    .unwrap();
    let text = quyche(&["refs", s(&file)]).success().stdout();
    assert_eq!(
        text,
        "khoản 1 Điều 1: khoản 2 Điều này → khoản 2 Điều 1\n\
         khoản 1 Điều 1: Điều 9 của Quy chế này → không có Điều 9\n"
    );
    let v = quyche(&["refs", s(&file), "--format", "json"]).success().json();
    assert_eq!(v["unresolved"][0]["broken"], true);
    assert_eq!(v["unresolved"][0]["missing"][0], "Điều 9");
}

#[test]
fn a_stored_revision_reads_as_its_file() {
    let dir = TestDir::new();
    let db = dir.database("db");
    let (old, new) = (law(quyche_fixtures::COOP_2012), law(quyche_fixtures::COOP_2023));
    let id = db.ok(None, &["import", s(&old)]);
    db.ok(None, &["import", s(&new), "--into", &id]);
    let from_file = |f| quyche(&["refs", s(f), "--format", "json"]).success().stdout();
    assert_eq!(db.ok(None, &["refs", &id, "--format", "json"]), from_file(&new).trim());
    assert_eq!(
        db.ok(None, &["refs", &id, "--rev", "1", "--format", "json"]),
        from_file(&old).trim()
    );
    assert_eq!(db.ok(None, &["refs", &id]), quyche(&["refs", s(&new)]).success().stdout().trim());
    db.fails(None, &["refs", &id, "--rev", "9"], 1);
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = TestDir::new();
    let prose = dir.path("thu.txt");
    std::fs::write(&prose, "Kính gửi các đồng chí.\n").unwrap();
    for file in [dir.path("khong-co.txt"), prose, dir.path("")] {
        quyche(&["refs", s(&file)]).exit(2).one_line_error();
    }
    quyche(&["refs", s(&law(quyche_fixtures::COOP_2012)), "--format", "xml"]).exit(2);
}

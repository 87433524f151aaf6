//! The `quyche search` contract: `quyche --db DIR search QUERY [--regulation ID]
//! [--format json]`. JSON is `{"hits":[{"regulation","revision","article","clause",
//! "point","snippet"}, …],"total":N}`, ordered by regulation, then position; text is one
//! line a hit (the match in «»), then the count. An empty query exits 2, an unknown
//! regulation 1.

use crate::harness::{demo, law, s, TestDir};

#[test]
fn json_keeps_the_contract_and_the_order() {
    let dir = TestDir::new();
    let d = dir.database("db");
    let law_id = d.ok(None, &["import", s(&law(quyche_fixtures::COOP_2023))]);
    let demo_id = d.ok(None, &["import", s(&demo())]);
    let v = d.run(None, &["search", "nguyen tac", "--format", "json"]).success().json();
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(v["total"].as_u64().unwrap() as usize, hits.len());
    for h in hits {
        for key in ["regulation", "revision", "article", "clause", "point", "snippet"] {
            assert!(h.get(key).is_some(), "hit.{key}: {h}");
        }
        let snippet = h["snippet"].as_str().unwrap().to_lowercase();
        assert!(snippet.contains("nguyên tắc"), "{snippet}");
        assert_eq!(h["revision"], 1);
    }
    let regs: Vec<&str> = hits.iter().map(|h| h["regulation"].as_str().unwrap()).collect();
    let first_demo = regs.iter().position(|r| *r == demo_id).expect("the demo has hits");
    let first_law = regs.iter().position(|r| *r == law_id).expect("the law has hits");
    // The library's order (by title: LUẬT … before Quy chế …), each regulation's together.
    assert!(first_law < first_demo);
    assert!(regs[first_demo..].iter().all(|r| *r == demo_id));
    // --regulation keeps one.
    let v = d
        .run(None, &["search", "nguyen tac", "--regulation", &demo_id, "--format", "json"])
        .success()
        .json();
    assert!(v["hits"].as_array().unwrap().iter().all(|h| h["regulation"] == demo_id.as_str()));
    assert_eq!(v["total"].as_u64().unwrap() as usize, regs.len() - first_demo);
    // A named place: Điều 4, khoản 17, điểm a of the law.
    let v = d
        .run(None, &["search", "Thành viên góp vốn và sử dụng sản phẩm", "--format", "json"])
        .success()
        .json();
    let h = &v["hits"][0];
    assert_eq!(
        (h["article"].as_str(), h["clause"].as_str(), h["point"].as_str()),
        (Some("Điều 4"), Some("khoản 17"), Some("điểm a"))
    );
}

#[test]
fn text_marks_the_match_and_counts() {
    let dir = TestDir::new();
    let d = dir.database("db");
    d.ok(None, &["import", s(&law(quyche_fixtures::COOP_2023))]);
    let out = d.ok(None, &["search", "hòa"]);
    let lines: Vec<&str> = out.lines().collect();
    let (last, hits) = lines.split_last().unwrap();
    assert_eq!(*last, format!("{} kết quả", hits.len()));
    assert!(!hits.is_empty());
    for line in hits {
        let marked = line.split('«').nth(1).and_then(|r| r.split('»').next()).unwrap();
        assert!(["hòa", "hoà", "HÒA", "HOÀ", "Hòa", "Hoà"].contains(&marked), "{line}");
    }
    assert_eq!(d.ok(None, &["search", "khong co tu nay dau"]), "0 kết quả");
}

#[test]
fn bad_queries_and_unknown_regulations_fail_with_one_line() {
    let dir = TestDir::new();
    let d = dir.database("db");
    d.ok(None, &["import", s(&demo())]);
    let err = d.fails(None, &["search", " "], 2);
    assert!(err.contains("từ cần tìm"), "{err}");
    d.fails(None, &["search", "a\u{202e}b"], 2);
    d.fails(None, &["search", "quy che", "--regulation", "khong-co"], 1);
}

//! One search for the library (`Quyche::search`, `quyche search`, Ctrl+K): the latest
//! revision of every regulation and its comments, ordered by regulation then position,
//! hits named by article, clause and point; bad queries refused with the right code.

use crate::test_clock;
use quyche_api::{Actor, ErrorCode, Quyche, SearchScope, Target, MAX_HITS};
use quyche_fixtures::{law, COOP_2023};

struct Library {
    _dir: tempfile::TempDir,
    q: Quyche,
    demo: String,
    law: String,
}

/// The demo (with the committee, a round open and one comment) and the 2023 law.
fn library() -> Library {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(&dir.path().join("db"), test_clock()).unwrap();
    let demo = q.seed_demo_if_empty().unwrap().unwrap();
    q.add_demo_committee().unwrap();
    let people = q.people().unwrap();
    let chairman = people.iter().find(|p| p.name == "Nguyễn Văn An").unwrap().id.clone();
    let member = people.iter().find(|p| p.role == quyche_api::Role::Member).unwrap().id.clone();
    q.open_round(&demo, Actor::Person(&chairman), None).unwrap();
    let target = Target::Numbered { article: 2, clause: Some(1), point: None };
    q.add_comment(
        &demo,
        Actor::Person(&member),
        target,
        "tập trung dân chủ",
        None,
        "Đề nghị bổ sung nguyên tắc công khai, minh bạch.",
        Some("tập trung dân chủ, công khai, minh bạch"),
    )
    .unwrap();
    let law = q
        .import_bytes("luat.txt", law(COOP_2023).as_bytes(), None, Actor::Person(&chairman))
        .unwrap()
        .regulation_id;
    Library { _dir: dir, q, demo, law }
}

#[test]
fn the_library_is_searched_regulation_by_regulation_in_document_order() {
    let l = library();
    let v = l.q.search("nguyen tac", SearchScope::default()).unwrap();
    assert!(v.hits.len() < MAX_HITS);
    assert!(!v.marked);
    assert_eq!(v.total as usize, v.hits.len(), "under the cap, every hit is answered");
    let regs: Vec<&str> = v.hits.iter().map(|h| h.regulation.as_str()).collect();
    assert!(regs.contains(&l.demo.as_str()) && regs.contains(&l.law.as_str()));
    // Each regulation's hits together, the regulations in title order.
    let mut seen: Vec<&str> = Vec::new();
    for r in &regs {
        if seen.last() != Some(r) {
            assert!(!seen.contains(r), "the hits of {r} are not together");
            seen.push(r);
        }
    }
    let titles: Vec<&str> = seen
        .iter()
        .map(|r| v.hits.iter().find(|h| h.regulation == *r).unwrap().title.as_str())
        .collect();
    assert!(titles.windows(2).all(|w| w[0] <= w[1]), "{titles:?}");
    // Within the law, articles in order.
    let articles: Vec<u32> = v
        .hits
        .iter()
        .filter(|h| h.regulation == l.law)
        .filter_map(|h| h.article.as_deref()?.strip_prefix("Điều ")?.parse().ok())
        .collect();
    assert!(articles.windows(2).all(|w| w[0] <= w[1]));
    for h in &v.hits {
        assert_eq!(h.snippet, format!("{}{}{}", h.before, h.matched, h.after));
        assert_eq!(quyche_search::bare(&h.matched), "nguyen tac", "{}", h.snippet);
    }
}

#[test]
fn a_hit_names_its_article_clause_and_point_and_a_comment_is_found() {
    let l = library();
    let scope = SearchScope { regulation: Some(&l.law), ..Default::default() };
    let v = l.q.search("Thành viên góp vốn và sử dụng sản phẩm", scope).unwrap();
    assert!(v.marked);
    let h = &v.hits[0];
    assert_eq!(h.regulation, l.law);
    assert_eq!(
        (h.article.as_deref(), h.clause.as_deref(), h.point.as_deref()),
        (Some("Điều 4"), Some("khoản 17"), Some("điểm a"))
    );
    assert_eq!(h.area, "body");
    assert!(h.unit.is_some());

    // The comment's text and its proposal, on the demo only.
    let scope = SearchScope { regulation: Some(&l.demo), ..Default::default() };
    let v = l.q.search("minh bach", scope).unwrap();
    let comments: Vec<_> = v.hits.iter().filter(|h| h.area == "comment").collect();
    assert_eq!(comments.len(), 2, "{:?}", v.hits);
    assert!(comments.iter().all(|h| h.comment.is_some() && h.regulation == l.demo));
    assert_eq!(comments[0].article.as_deref(), Some("Điều 2"));
    assert_eq!(comments[0].clause.as_deref(), Some("khoản 1"));
    // The demo's text says "minh bạch" too, before the comments.
    assert!(
        v.hits.iter().position(|h| h.area == "body")
            < v.hits.iter().position(|h| h.area == "comment")
    );
}

#[test]
fn hits_are_capped_but_counted() {
    let l = library();
    let v = l.q.search("x", SearchScope::default()).unwrap();
    assert!(v.total as usize > MAX_HITS, "{}", v.total);
    assert_eq!(v.hits.len(), MAX_HITS);
}

#[test]
fn bad_queries_are_refused() {
    let l = library();
    for (query, code) in [
        ("", ErrorCode::BadInput),
        (" ;, ", ErrorCode::BadInput),
        ("a\u{202e}b", ErrorCode::BadInput),
    ] {
        let e = l.q.search(query, SearchScope::default()).unwrap_err();
        assert_eq!(e.code, code, "{query:?}: {}", e.message);
    }
    let e =
        l.q.search("quy che", SearchScope { regulation: Some("khong-co"), ..Default::default() })
            .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "{}", e.message);
    // NFD in, found as NFC.
    let nfd = "ho\u{300}a";
    assert!(l.q.search(nfd, SearchScope::default()).unwrap().marked);
}

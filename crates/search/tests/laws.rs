//! Search on the real laws: every fixture law, queries with and without marks, and the
//! places hits are named by.

use quyche_fixtures::{law, ALL, COOP_2023};
use quyche_search::{bare, Area, DocumentIndex, Query};

fn index(name: &str) -> (quyche_model::Document, DocumentIndex) {
    let doc = quyche_text::parse(&law(name)).document;
    let index = DocumentIndex::new(&doc);
    (doc, index)
}

/// How often the bare `phrase` starts a word in the bare text of each line of `text`:
/// counted apart from the index, on the canonical text.
fn counted(text: &str, phrase: &str) -> usize {
    // `# SOURCE:` notes are the app's, not the text's: not searched.
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let b = format!(" {}", bare(line));
            b.matches(&format!(" {phrase}")).count()
        })
        .sum()
}

#[test]
fn a_query_without_marks_finds_every_written_form() {
    for name in ALL {
        let (doc, index) = index(name);
        let canonical = quyche_text::render(&doc);
        for query in ["hop tac xa", "dieu", "quy dinh tai khoan", "thanh vien", "nha nuoc"] {
            let hits = index.find(&Query::new(query).unwrap());
            // The canonical text writes a clause's and a point's label too (`1.`, `a)`),
            // which no query here contains.
            assert_eq!(hits.len(), counted(&canonical, query), "{name}: {query}");
            for h in &hits {
                assert!(bare(&h.text[h.range.clone()]).starts_with(query), "{name}: {query}");
            }
        }
    }
}

#[test]
fn a_query_with_marks_ignores_only_where_the_tone_sits() {
    for name in ALL {
        let (_, index) = index(name);
        let old = index.find(&Query::new("hoà").unwrap());
        let new = index.find(&Query::new("hòa").unwrap());
        let places = |hits: &[quyche_search::Hit<'_>]| -> Vec<(String, usize)> {
            hits.iter().map(|h| (h.text.to_string(), h.range.start)).collect()
        };
        assert_eq!(places(&old), places(&new), "{name}");
        assert!(!old.is_empty(), "{name} writes Cộng hòa");
        // Marked: never a word with another tone or none.
        for h in &new {
            let word = &h.text[h.range.clone()];
            assert!(["hòa", "hoà", "Hòa", "Hoà", "HÒA", "HOÀ"].contains(&word), "{name}: {word}");
        }
        let bare_hits = index.find(&Query::new("hoa").unwrap());
        assert!(bare_hits.len() > new.len(), "{name}: hoa also finds hóa, hoa, hoạ…");
    }
}

#[test]
fn hits_are_named_by_chapter_article_clause_and_point() {
    let (_, index) = index(COOP_2023);
    let hits = index.find(&Query::new("Thành viên góp vốn và sử dụng sản phẩm").unwrap());
    let first = &hits[0];
    assert_eq!(first.area, Area::Body);
    assert_eq!(first.place.chapter.as_deref(), Some("Chương I"));
    assert_eq!(first.place.article.as_deref(), Some("Điều 4"));
    assert_eq!(first.place.clause.as_deref(), Some("khoản 17"));
    assert_eq!(first.place.point.as_deref(), Some("điểm a"));
    assert_eq!(first.place.reference(), "điểm a khoản 17 Điều 4");
    // A heading is searched as it reads: label and title.
    let hits = index.find(&Query::new("dieu 4 giai thich").unwrap());
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].place.article.as_deref(), Some("Điều 4"));
    assert_eq!(hits[0].place.clause, None);
    // The preamble and the header are searched too.
    let hits = index.find(&Query::new("can cu hien phap").unwrap());
    assert_eq!(hits[0].area, Area::Preamble);
    let hits = index.find(&Query::new("17/2023/QH15").unwrap());
    assert!(hits.iter().any(|h| h.area == Area::Header), "the number");
}

#[test]
fn hits_come_in_document_order() {
    let (_, index) = index(COOP_2023);
    let hits = index.find(&Query::new("lien hiep hop tac xa").unwrap());
    let articles: Vec<u32> = hits
        .iter()
        .filter_map(|h| h.place.article.as_deref()?.strip_prefix("Điều ")?.parse().ok())
        .collect();
    assert!(articles.len() > 100);
    assert!(articles.windows(2).all(|w| w[0] <= w[1]), "articles in order");
}

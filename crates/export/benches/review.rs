//! A member's review in Word, read back: the 2023 Law on Cooperatives as a review copy
//! (written here, by `review_copy`) returned with 100 comments and 100 tracked changes
//! (insertions, deletions and replacements in turn, one per clause), read by
//! `quyche_word::read_review`. The issue's target for the whole import, storage included,
//! is ≤ 100 ms; this is the reading alone. Writing the copy is measured beside it.
//!
//! It lives in quyche-export, not quyche-word, because the copy is written here and
//! quyche-word sits below quyche-export (a dev-dependency back up would be a cycle).

// The tests' ZIP reader and writer (one home for both).
#[path = "../tests/common.rs"]
mod common;

use common::{rezip, unzip};
use criterion::{criterion_group, criterion_main, Criterion};
use quyche_export::{review_copy, ReviewCopy};
use quyche_model::Kind;

const WHO: &str = r#"w:author="Trần Văn Bình" w:date="2026-12-01T09:00:00Z""#;

/// Rewrites the own-text run of unit `id` (the first run after its bookmark) with a comment
/// over its chars [2, 6) and change `n % 3` at chars [8, 12): insert, delete, replace.
fn edit_unit(xml: &str, id: u32, n: u32) -> Option<String> {
    let b = xml.find(&format!("w:name=\"QC_U{id}\""))?;
    let start = b + xml[b..].find("<w:r>")?;
    let end = start + xml[start..].find("</w:r>")? + "</w:r>".len();
    let r = &xml[start..end];
    let rpr = &r[r.find("<w:rPr>")?..r.find("</w:rPr>")? + "</w:rPr>".len()];
    let t1 = r.find("<w:t")? + r[r.find("<w:t")?..].find('>')? + 1;
    let text: Vec<char> = r[t1..r.rfind("</w:t>")?].chars().collect();
    if text.len() < 16 || text.contains(&'&') {
        return None;
    }
    let s = |a: usize, z: usize| text[a..z].iter().collect::<String>();
    let run = |t: &str| format!("<w:r>{rpr}<w:t xml:space=\"preserve\">{t}</w:t></w:r>");
    let del = |t: &str, k: u32| {
        format!(
            "<w:del w:id=\"{k}\" {WHO}><w:r>{rpr}<w:delText xml:space=\"preserve\">{t}\
             </w:delText></w:r></w:del>"
        )
    };
    let ins = |t: &str, k: u32| format!("<w:ins w:id=\"{k}\" {WHO}>{}</w:ins>", run(t));
    let change = match n % 3 {
        0 => format!("{}{}", ins("mới ", 1000 + n), run(&s(8, 12))),
        1 => del(&s(8, 12), 1000 + n),
        _ => format!("{}{}", del(&s(8, 12), 1000 + n), ins("khác", 2000 + n)),
    };
    let new = format!(
        "{}<w:commentRangeStart w:id=\"{n}\"/>{}<w:commentRangeEnd w:id=\"{n}\"/>\
         <w:r><w:commentReference w:id=\"{n}\"/></w:r>{}{change}{}",
        run(&s(0, 2)),
        run(&s(2, 6)),
        run(&s(6, 8)),
        run(&s(12, text.len()))
    );
    Some(format!("{}{new}{}", &xml[..start], &xml[end..]))
}

fn returned_law() -> Vec<u8> {
    let doc = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    let hash = quyche_text::canonical_hash(&doc);
    let copy = ReviewCopy {
        regulation: "luat-htx-2023",
        round: "r-1",
        round_number: 1,
        revision: 1,
        text_sha256: &hash,
        recipient: Some("Trần Văn Bình"),
    };
    let bytes = review_copy(&doc, &copy).unwrap();
    let mut parts = unzip(&bytes);
    let i = parts.iter().position(|(n, _)| n == "word/document.xml").unwrap();
    let mut xml = String::from_utf8(parts[i].1.clone()).unwrap();
    let mut n = 0;
    for u in doc.walk().filter(|u| u.kind == Kind::Clause) {
        if n == 100 {
            break;
        }
        if let Some(edited) = edit_unit(&xml, u.id.0, n) {
            xml = edited;
            n += 1;
        }
    }
    assert_eq!(n, 100, "100 clauses edited");
    parts[i].1 = xml.into_bytes();
    let mut comments = String::from(
        "<w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    for k in 0..100 {
        comments.push_str(&format!(
            "<w:comment w:id=\"{k}\" {WHO}><w:p><w:r><w:annotationRef/></w:r><w:r><w:t>\
             Góp ý số {k}: đề nghị viết rõ hơn.</w:t></w:r></w:p></w:comment>"
        ));
    }
    comments.push_str("</w:comments>");
    // The writer leaves an empty comments part, as Word does: the reviewer's replaces it.
    parts.retain(|(n, _)| n != "word/comments.xml");
    parts.push(("word/comments.xml".into(), comments.into_bytes()));
    rezip(&parts)
}

fn bench(c: &mut Criterion) {
    let bytes = returned_law();
    let review = quyche_word::read_review(&bytes).unwrap();
    assert_eq!((review.comments.len(), review.changes.len()), (100, 100));
    assert!(review.comments.iter().all(|k| k.place.unit.is_some()));
    assert!(review.changes.iter().all(|k| k.place.unit.is_some()));

    let doc = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    let hash = quyche_text::canonical_hash(&doc);
    let copy = ReviewCopy {
        regulation: "luat-htx-2023",
        round: "r-1",
        round_number: 1,
        revision: 1,
        text_sha256: &hash,
        recipient: None,
    };
    let mut g = c.benchmark_group("word-review");
    g.sample_size(20);
    g.bench_function("read-law-2023-100-comments-100-changes", |b| {
        b.iter(|| quyche_word::read_review(&bytes).unwrap())
    });
    g.bench_function("review-copy-law-2023", |b| b.iter(|| review_copy(&doc, &copy).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

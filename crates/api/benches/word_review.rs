//! Issue 12: “import a Word review with 100 comments and tracked changes in ≤ 100 ms”.
//!
//! The review is the 2023 cooperative law's review copy of round 1, returned with 100
//! Word comments and 100 tracked changes (insertions, deletions and replacements in
//! turn), one item on each of 200 clauses and points, made on the copy's XML as Word
//! writes them (`tests/support/word_edit.rs`). Each sample imports it into a fresh
//! database (sled, every commit flushed and `fdatasync`ed as in production): read the
//! DOCX, check the mark against the round, anchor every item on the round's revision,
//! match the authors, and write the 200 comments with their audit entry in one durable
//! transaction. Making the database is setup, outside the measure.

#[path = "../tests/support/word_edit.rs"]
mod word_edit;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use quyche_api::{Actor, Clock, Quyche};
use quyche_model::{Kind, Unit};
use word_edit::{edit_review, By, Edit};

/// The same clock for every database, so each fresh one has the same ids (regulation,
/// round) as the one the review copy came from.
fn clock() -> Clock {
    let t = Arc::new(AtomicI64::new(1_795_832_400_000));
    Arc::new(move || t.fetch_add(1000, Ordering::SeqCst))
}

/// A fresh database: the law, a chairman and two members, round 1 open. Returns the
/// database, the regulation and the chairman.
fn committee(dir: &std::path::Path) -> (Quyche, String, String) {
    let q = Quyche::open(dir, clock()).expect("a database");
    let law = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    let reg = q
        .import_bytes("luat-htx-2023.txt", law.as_bytes(), None, Actor::Named("Văn phòng"))
        .expect("import")
        .regulation_id;
    let chairman = q
        .add_person(Actor::Current, "Nguyễn Văn An", quyche_review::Role::Chairman, "Chủ tịch")
        .expect("chairman")
        .id;
    let by = Actor::Person(&chairman);
    for name in ["Lê Văn Cường", "Phạm Thị Dung"] {
        q.add_person(by, name, quyche_review::Role::Member, "Ủy viên").expect("member");
    }
    q.open_round(&reg, by, None).expect("round");
    (q, reg, chairman)
}

/// The review: on each of the first 200 clauses and points, a comment on its first two
/// words, or a tracked change of them (insert after the first word, delete the second,
/// replace the second), alternating between the two members.
fn returned(q: &Quyche, reg: &str, copy: &[u8]) -> Vec<u8> {
    let doc = q.document(reg, None).expect("the revision");
    let units: Vec<&Unit> = doc
        .body
        .iter()
        .flat_map(|u| u.walk())
        .filter(|u| matches!(u.kind, Kind::Clause | Kind::Point))
        .collect();
    let mut edits = Vec::new();
    for (i, u) in
        units.iter().filter_map(|u| first_words(u).map(|w| (u.id.0, w))).take(200).enumerate()
    {
        let (unit, (first, second)) = u;
        let who = if i % 4 < 2 { "Lê Văn Cường" } else { "Phạm Thị Dung" };
        let by = By::new(who, &format!("2026-12-01T{:02}:{:02}:00Z", 8 + i / 60, i % 60));
        let edit = match (i % 2, i / 2 % 3) {
            (0, _) => Edit::Comment {
                unit,
                quote: format!("{first} {second}"),
                text: format!("Góp ý số {}: nên viết rõ hơn.", i / 2 + 1),
            },
            (_, 0) => Edit::Insert { unit, after: first.clone(), text: " (sửa đổi)".into() },
            (_, 1) => Edit::Delete { unit, quote: format!(" {second}") },
            _ => Edit::Replace {
                unit,
                quote: format!("{first} {second}"),
                with: format!("{first} {second} và"),
            },
        };
        edits.push((by, edit));
    }
    assert_eq!(edits.len(), 200, "the law has 200 clauses and points to review");
    edit_review(copy, &edits)
}

/// The first two words of a unit's own first line, when it has two.
fn first_words(u: &Unit) -> Option<(String, String)> {
    let text = quyche_text::render_unit_text(u);
    let mut words = text.lines().next()?.split(' ');
    let (a, b) = (words.next()?, words.next()?);
    (!a.is_empty() && !b.is_empty()).then(|| (a.to_string(), b.to_string()))
}

fn word_review(c: &mut Criterion) {
    let first = tempfile::tempdir().expect("a temporary folder");
    let (q, reg, chairman) = committee(first.path());
    let (_, copy) = q.review_copy_bytes(&reg, Actor::Person(&chairman)).expect("the copy");
    let file = returned(&q, &reg, &copy);
    drop(q);
    // Once outside the measure: every item goes in.
    {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (q, reg, chairman) = committee(dir.path());
        let done = q
            .import_word_review_bytes(&reg, "gop-y.docx", &file, None, Actor::Person(&chairman))
            .expect("import");
        assert_eq!((done.added, done.items.len()), (200, 200), "every item anchored");
    }
    let mut group = c.benchmark_group("word_review");
    group.sample_size(20);
    group.bench_function("import 100 comments + 100 tracked changes, fresh db, durable", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let (q, reg, chairman) = committee(dir.path());
                (dir, q, reg, chairman)
            },
            |(dir, q, reg, chairman)| {
                let done = q
                    .import_word_review_bytes(
                        &reg,
                        "gop-y.docx",
                        &file,
                        None,
                        Actor::Person(&chairman),
                    )
                    .expect("import");
                assert_eq!(done.added, 200);
                (dir, q)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, word_review);
criterion_main!(benches);

//! Redline benchmarks. Targets: the cooperative law pair (2012 → 2023, ByContent)
//! ≤ 10 ms; a long law of about 410 KB against a revision of about 430 KB
//! (`quyche_fixtures::revised_pair`) ≤ 40 ms. Parsing is excluded. The ById redline
//! of two revisions (the 2023 law against itself with three articles edited) is the
//! common case in the app.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use quyche_diff::{diff_text, redline, Alignment, Options};
use quyche_fixtures::{law, COOP_2012, COOP_2023};

fn bench(c: &mut Criterion) {
    let old = quyche_text::parse(&law(COOP_2012)).document;
    let new = quyche_text::parse(&law(COOP_2023)).document;
    let opts = Options::default();
    c.bench_function("coop_2012_2023_by_content", |b| {
        b.iter(|| redline(black_box(&old), black_box(&new), Alignment::ByContent, &opts))
    });
    c.bench_function("coop_2012_2023_align_only", |b| {
        b.iter(|| {
            quyche_diff::align_articles(black_box(&old), black_box(&new), Alignment::ByContent)
        })
    });

    // Two revisions: the 2023 law against a copy with three articles edited, ids kept.
    let mut revised = new.clone();
    for k in [4, 40, 90] {
        let id = revised.articles().nth(k).unwrap().id;
        let a = revised.find_mut(id).unwrap();
        let unit = if a.paragraphs.is_empty() { &mut a.children[0] } else { a };
        let p = &mut unit.paragraphs[0];
        *p = p.replacen("hợp tác xã", "hợp tác xã kiểu mới", 1) + " Nội dung bổ sung.";
    }
    c.bench_function("coop_2023_revision_by_id", |b| {
        b.iter(|| redline(black_box(&new), black_box(&revised), Alignment::ById, &opts))
    });

    // About 410 and 430 KB: a long law and a revision of it with the edits real
    // revisions make (renumbering, rewritten clauses, moved, split and merged articles,
    // new chapters; `quyche_fixtures::revised_pair`). The pair used before (every tenth
    // line touched) was too easy.
    let (big_old, big_new) = quyche_fixtures::revised_pair();
    let bo = quyche_text::parse(&big_old).document;
    let bn = quyche_text::parse(&big_new).document;
    eprintln!(
        "large pair: {} KB / {} KB, {} / {} articles",
        big_old.len() / 1024,
        big_new.len() / 1024,
        bo.stats().articles,
        bn.stats().articles
    );
    c.bench_function("revised_411k_430k_by_content", |b| {
        b.iter(|| redline(black_box(&bo), black_box(&bn), Alignment::ByContent, &opts))
    });

    // One long article: 2023 Điều 4 (Giải thích từ ngữ) against 2012 Điều 4.
    let a_old = quyche_text::render_article_text(old.articles().nth(3).unwrap());
    let a_new = quyche_text::render_article_text(new.articles().nth(3).unwrap());
    c.bench_function("diff_text_long_article", |b| {
        b.iter(|| diff_text(black_box(&a_old), black_box(&a_new), &opts))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

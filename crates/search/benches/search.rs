//! Search of a library of 20 regulations of at least 200 articles each (the 2023
//! cooperative law with two copies of the 2012 law's chapters after its own, 243 articles,
//! 8.6 MB of text in all: `quyche_fixtures::long_law(2)`). Target: a search ≤ 20 ms in
//! process, once each regulation's index is built (the API builds it once per revision
//! and keeps it).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use quyche_model::Document;
use quyche_search::{DocumentIndex, Query};

fn regulation() -> Document {
    quyche_text::parse(&quyche_fixtures::long_law(2)).document
}

fn bench(c: &mut Criterion) {
    let doc = regulation();
    let articles = doc.articles().count();
    let started = std::time::Instant::now();
    let library: Vec<DocumentIndex> = (0..20).map(|_| DocumentIndex::new(&doc)).collect();
    println!(
        "library: 20 regulations of {articles} articles ({} KB of canonical text each); indexes built in {:?}",
        quyche_text::render(&doc).len() / 1024,
        started.elapsed()
    );
    let mut g = c.benchmark_group("search_20x243");
    for (name, text) in [
        ("bare_common", "hop tac xa"),
        ("bare_rare", "kiem toan doc lap"),
        ("bare_one_letter", "d"),
        ("marked_tone_placement", "hòa"),
        ("marked_phrase", "Thành viên góp vốn và sử dụng sản phẩm"),
    ] {
        let q = Query::new(text).unwrap();
        let hits: usize = library.iter().map(|i| i.find(&q).len()).sum();
        println!("{name} ({text:?}): {hits} hits");
        g.bench_function(name, |b| {
            b.iter(|| library.iter().map(|i| i.find(black_box(&q)).len()).sum::<usize>())
        });
        // What the API does: the first 500 hits built, the rest only counted.
        g.bench_function(format!("{name}_first_500"), |b| {
            b.iter(|| {
                let mut room = 500;
                let mut total = 0;
                for i in &library {
                    let (hits, n) = i.find_first(black_box(&q), room);
                    room -= hits.len();
                    total += n;
                }
                total
            })
        });
    }
    g.finish();
    c.bench_function("index_one_regulation", |b| b.iter(|| DocumentIndex::new(black_box(&doc))));
}

criterion_group!(benches, bench);
criterion_main!(benches);

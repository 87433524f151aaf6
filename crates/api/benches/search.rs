//! Issue 14: "Searching 20 regulations of 200 articles takes ≤ 20 ms in process".
//!
//! Twenty regulations of 243 articles (the 2023 cooperative law with two copies of the
//! 2012 law's chapters after its own, about 430 KB each) imported into a fresh database,
//! then `Quyche::search` as the window's Ctrl+K calls it: every regulation's latest
//! revision (its index built at the first search, then kept) and its comments, the first
//! 500 hits built with snippets and the rest counted. The first search, which builds the
//! indexes, is printed apart.

use std::time::Instant;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use quyche_api::{Actor, Quyche, SearchScope};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let clock: quyche_api::Clock = std::sync::Arc::new(|| 1_795_832_400_000);
    let q = Quyche::open(&dir.path().join("db"), clock).unwrap();
    let text = quyche_fixtures::long_law(2);
    for i in 0..20 {
        let name = format!("quy-che-{i}.txt");
        q.import_bytes(&name, text.as_bytes(), None, Actor::Current).unwrap();
    }
    let all = SearchScope::default();
    let started = Instant::now();
    let first = q.search("hop tac xa", all).unwrap();
    println!(
        "first search (builds 20 indexes): {:?}, {} hits ({} built)",
        started.elapsed(),
        first.total,
        first.hits.len()
    );
    let mut g = c.benchmark_group("api_search_20x179");
    for (name, query) in [
        ("bare_common", "hop tac xa"),
        ("bare_rare", "kiem toan doc lap"),
        ("marked_tone_placement", "hòa"),
        ("marked_phrase", "Thành viên góp vốn và sử dụng sản phẩm"),
    ] {
        let v = q.search(query, all).unwrap();
        println!("{name} ({query:?}): {} hits, {} built", v.total, v.hits.len());
        g.bench_function(name, |b| b.iter(|| q.search(black_box(query), all).unwrap().total));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Akoma Ntoso 3.0 of the 430 KB law (the 2023 law with the 2012 law's body inserted
//! twice before its closing, as the text bench builds it: 243 articles). Target ≤ 50 ms.
//! The time includes finding the references the `<ref>` links come from.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use quyche_export::{akn, export, Expression, Format, Seal};

fn bench(c: &mut Criterion) {
    let text = quyche_fixtures::long_law(2);
    let doc = quyche_text::parse(&text).document;
    let seal = Seal {
        hash: quyche_text::canonical_hash(&doc),
        regulation_id: "luat-430kb".into(),
        revision: 2,
        decision_no: Some("17/2023/QH15".into()),
        approved_on: Some("2023-06-20".into()),
        approved_by: Some("Quốc hội".into()),
        vote: None,
        signature: None,
    };
    let draft =
        Expression { regulation_id: "luat-430kb", revision: 3, date: "2026-11-20", seal: None };
    let mut g = c.benchmark_group("akn_430kb");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("draft", |b| b.iter(|| akn(black_box(&doc), &draft).unwrap()));
    // The approved text: the same, after checking the seal's hash over the canonical text.
    g.bench_function("approved", |b| {
        b.iter(|| export(black_box(&doc), &seal, Format::Akn).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

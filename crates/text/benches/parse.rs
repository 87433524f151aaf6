//! Parse and render of the 220 KB Law on Cooperatives 2023. Target: parse ≤ 20 ms.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let text = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    let doc = quyche_text::parse(&text).document;
    let mut group = c.benchmark_group("coop_2023");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse", |b| b.iter(|| quyche_text::parse(black_box(&text))));
    group.bench_function("render", |b| b.iter(|| quyche_text::render(black_box(&doc))));
    group.bench_function("decode", |b| b.iter(|| quyche_text::decode(black_box(text.as_bytes()))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

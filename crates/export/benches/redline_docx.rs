//! The redline DOCX of the Law on Cooperatives 2012 → 2023 (issue 13's target: ≤ 100 ms):
//! the redline (`quyche_diff::redline`, by content) and the Word file written from it, and
//! the writing alone. Parsing the two texts is left out, as in quyche-diff's benchmark.

use criterion::{criterion_group, criterion_main, Criterion};
use quyche_diff::{redline, Alignment, Options};
use quyche_export::{redline_docx, Comparison, Standing, Version};

fn bench(c: &mut Criterion) {
    let parse = |name| quyche_text::parse(&quyche_fixtures::law(name)).document;
    let (old, new) = (parse(quyche_fixtures::COOP_2012), parse(quyche_fixtures::COOP_2023));
    let comparison = Comparison {
        old: Version { doc: &old, name: "Luật Hợp tác xã 2012", standing: Standing::File },
        new: Version { doc: &new, name: "Luật Hợp tác xã 2023", standing: Standing::File },
        author: "Quyche",
        date: None,
    };
    let opts = Options::default();
    let mut g = c.benchmark_group("redline_docx");
    g.bench_function("law_pair_redline_and_docx", |b| {
        b.iter(|| {
            let r = redline(&old, &new, Alignment::ByContent, &opts);
            redline_docx(&r, &comparison).unwrap()
        })
    });
    let r = redline(&old, &new, Alignment::ByContent, &opts);
    g.bench_function("law_pair_docx_only", |b| b.iter(|| redline_docx(&r, &comparison).unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Issue 13's remaining PDFs: the promulgation set (the decision, then the sealed
//! regulation) of the demo and of the 2023 law, and the redline PDF of the law pair
//! 2012 → 2023 (the redline itself included, as `quyche diff --format pdf` runs it).

// The tests' demo, seal and decision, so that the bench measures the documents the tests
// check (one home for each of them).
#[path = "../tests/common.rs"]
mod common;

use common::{decision, demo, law, law_2012, seal_for};
use criterion::{criterion_group, criterion_main, Criterion};
use quyche_diff::{redline, Alignment, Options};
use quyche_export::{promulgation_pdf, redline_pdf, Comparison, Standing, Version};

fn documents(c: &mut Criterion) {
    let (demo, law_2023, law_2012) = (demo(), law(), law_2012());
    // Once each first, before typst has memoised anything of these documents: what a
    // user's first export costs. The samples below repeat the same input, which typst
    // partly answers from its memo.
    for (name, doc) in [("demo", &demo), ("2023 law", &law_2023)] {
        let start = std::time::Instant::now();
        let bytes = promulgation_pdf(doc, &seal_for(doc), &decision()).unwrap();
        eprintln!("promulgation PDF, {name}: {} bytes, first {:?}", bytes.len(), start.elapsed());
    }
    let mut g = c.benchmark_group("documents_pdf");
    g.sample_size(10);
    for (name, doc) in [("demo", &demo), ("2023_law", &law_2023)] {
        let seal = seal_for(doc);
        g.bench_function(format!("promulgation_{name}"), |b| {
            b.iter(|| promulgation_pdf(doc, &seal, &decision()).unwrap())
        });
    }
    let options = Options { deadline: std::time::Duration::from_secs(30), ..Options::default() };
    let comparison = Comparison {
        old: Version { doc: &law_2012, name: "luat-2012.txt", standing: Standing::File },
        new: Version { doc: &law_2023, name: "luat-2023.txt", standing: Standing::File },
        author: "Quyche",
        date: None,
    };
    let start = std::time::Instant::now();
    let r = redline(&law_2012, &law_2023, Alignment::ByContent, &options);
    let bytes = redline_pdf(&r, &comparison).unwrap();
    eprintln!("redline PDF, law pair: {} bytes, first {:?}", bytes.len(), start.elapsed());
    g.bench_function("redline_law_pair", |b| {
        b.iter(|| {
            let r = redline(&law_2012, &law_2023, Alignment::ByContent, &options);
            redline_pdf(&r, &comparison).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, documents);
criterion_main!(benches);

//! The PDF of the 2023 law, in process: layout, typst, the PDF/A writer (target ≤ 1 s),
//! the same seal again (typst memoises) and a new seal each time;
//! and `verify` reading it back (the text layer and the embedded files).

use criterion::{criterion_group, criterion_main, Criterion};
use quyche_export::{export, verify, Format, Seal};

fn seal_for(doc: &quyche_model::Document) -> Seal {
    Seal {
        hash: quyche_text::canonical_hash(doc),
        regulation_id: "luat-htx-2023".into(),
        revision: 1,
        decision_no: Some("17/2023/QH15".into()),
        approved_on: Some("2023-06-20".into()),
        approved_by: Some("Quốc hội".into()),
        vote: None,
        signature: None,
    }
}

fn pdf(c: &mut Criterion) {
    let doc = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    let seal = seal_for(&doc);
    // The first PDF of a process: fonts parsed, nothing memoised by typst yet.
    let start = std::time::Instant::now();
    let bytes = export(&doc, &seal, Format::Pdf).unwrap();
    eprintln!(
        "PDF of the 2023 law: {} bytes, first in the process {:?}",
        bytes.len(),
        start.elapsed()
    );
    let mut g = c.benchmark_group("pdf");
    g.sample_size(10);
    g.bench_function("export_2023_law", |b| b.iter(|| export(&doc, &seal, Format::Pdf).unwrap()));
    // Another seal each time (the footer and the manifest differ), as when an app
    // exports revision after revision: what typst's memoisation cannot answer from before.
    let mut revision = 1;
    g.bench_function("export_2023_law_new_seal", |b| {
        b.iter(|| {
            revision += 1;
            let seal = Seal { revision, ..seal.clone() };
            export(&doc, &seal, Format::Pdf).unwrap()
        })
    });
    g.bench_function("verify_2023_law", |b| b.iter(|| verify(&bytes, "luat.pdf").unwrap()));
    g.finish();
}

criterion_group!(benches, pdf);
criterion_main!(benches);

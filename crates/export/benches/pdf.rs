//! The PDF of the 2023 law, in process: layout, typst, the PDF/A writer (target ≤ 1 s);
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
    let bytes = export(&doc, &seal, Format::Pdf).unwrap();
    eprintln!("PDF of the 2023 law: {} bytes", bytes.len());
    let mut g = c.benchmark_group("pdf");
    g.sample_size(10);
    g.bench_function("export_2023_law", |b| b.iter(|| export(&doc, &seal, Format::Pdf).unwrap()));
    g.bench_function("verify_2023_law", |b| b.iter(|| verify(&bytes, "luat.pdf").unwrap()));
    g.finish();
}

criterion_group!(benches, pdf);
criterion_main!(benches);

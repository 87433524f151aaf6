//! Export the 2023 Law on Cooperatives (115 articles) to DOCX and verify it.
//! Target: export ≤ 200 ms.

use criterion::{criterion_group, criterion_main, Criterion};
use quyche_export::{export, verify, Format, Seal};

fn bench(c: &mut Criterion) {
    let doc = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    let seal = Seal {
        hash: quyche_text::canonical_hash(&doc),
        regulation_id: "luat-htx-2023".into(),
        revision: 1,
        decision_no: None,
        approved_on: Some("2023-06-20".into()),
        approved_by: Some("Quốc hội".into()),
    };
    let mut g = c.benchmark_group("law-2023");
    g.sample_size(20);
    for f in Format::ALL {
        g.bench_function(format!("export-{}", f.extension()), |b| {
            b.iter(|| export(&doc, &seal, f).unwrap())
        });
        let bytes = export(&doc, &seal, f).unwrap();
        let name = format!("law.{}", f.extension());
        g.bench_function(format!("verify-{}", f.extension()), |b| {
            b.iter(|| assert!(verify(&bytes, &name).unwrap().matches))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

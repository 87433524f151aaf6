//! Issue 13's remaining PDFs: the promulgation set (the decision, then the sealed
//! regulation) of the demo and of the 2023 law, and the redline PDF of the law pair
//! 2012 → 2023 (the redline itself included, as `quyche diff --format pdf` runs it).

use criterion::{criterion_group, criterion_main, Criterion};
use quyche_diff::{redline, Alignment, Options};
use quyche_export::{promulgation_pdf, redline_pdf, Comparison, Decision, Seal, Standing, Version};
use quyche_model::Document;

fn seal_for(doc: &Document) -> Seal {
    Seal {
        hash: quyche_text::canonical_hash(doc),
        regulation_id: "quy-che".into(),
        revision: 2,
        decision_no: Some("12/QĐ-LMHTX".into()),
        approved_on: Some("2026-11-28".into()),
        approved_by: Some("Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An".into()),
        vote: None,
        signature: None,
    }
}

fn decision() -> Decision {
    Decision {
        number: "12/QĐ-LMHTX".into(),
        long_date: "ngày 28 tháng 11 năm 2026".into(),
        short_date: "28/11/2026".into(),
        vote: "20/27 ủy viên tán thành".into(),
        approved_by: "Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An".into(),
        signer: "Nguyễn Văn An".into(),
        signer_title: "CHỦ TỊCH".into(),
    }
}

fn parse(path: &std::path::Path) -> Document {
    quyche_text::parse(&std::fs::read_to_string(path).unwrap()).document
}

fn documents(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let demo = parse(&root.join("crates/api/demo/quy-che-lam-viec-v2.txt"));
    let law_2023 = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    let law_2012 = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2012)).document;
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

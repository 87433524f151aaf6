//! Export the 2023 Law on Cooperatives (115 articles) to DOCX and verify it.
//! Target: export ≤ 200 ms. Also: signing a seal and checking its signature.

use criterion::{criterion_group, criterion_main, Criterion};
use quyche_export::{export, verify, Format, Seal, SealSignature, SealVote, SignatureCheck};

fn bench(c: &mut Criterion) {
    let doc = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    let seal = Seal {
        hash: quyche_text::canonical_hash(&doc),
        regulation_id: "luat-htx-2023".into(),
        revision: 1,
        decision_no: None,
        approved_on: Some("2023-06-20".into()),
        approved_by: Some("Quốc hội".into()),
        vote: None,
        signature: None,
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

    // Signed seals: signing the statement (what approving adds), and checking it (what
    // every verify adds), over the same law.
    let who = quyche_exchange::Identity::create("Nguyễn Văn An", "Chủ tịch", None).unwrap();
    let mut signed = seal.clone();
    signed.decision_no = Some("1/QĐ".into());
    signed.vote = Some(SealVote { members: 27, votes_for: 20, against: 4, abstain: 3 });
    let statement = signed.statement().unwrap();
    let mut g = c.benchmark_group("signed-seal");
    g.bench_function("sign", |b| b.iter(|| SealSignature::sign(&who, &statement).unwrap()));
    signed.signature = Some(SealSignature::sign(&who, &statement).unwrap());
    g.bench_function("check-signature", |b| {
        b.iter(|| assert_eq!(signed.check_signature(), SignatureCheck::Valid))
    });
    let bytes = export(&doc, &signed, Format::Text).unwrap();
    g.bench_function("verify-txt-signed", |b| {
        b.iter(|| assert_eq!(verify(&bytes, "law.txt").unwrap().signature, SignatureCheck::Valid))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! A Word draft's import: a 430 KB law as a DOCX written with Word's auto-numbering (every
//! article, clause, point and sub-point a list paragraph, the header a table), read by
//! `read_draft` and parsed as `quyche import FILE.docx` does. Target ≤ 50 ms.
//!
//! No fixture is 430 KB, so the law is built as `quyche-text`'s reference benchmark
//! builds it: the 2023 law with the 2012 law's body inserted twice before its closing.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn law_430kb() -> String {
    let (law_2023, law_2012) = (
        quyche_fixtures::law(quyche_fixtures::COOP_2023),
        quyche_fixtures::law(quyche_fixtures::COOP_2012),
    );
    let at = |text: &str, what: &str| text.find(what).expect(what);
    let end_2023 = at(&law_2023, "\nLuật này được Quốc hội");
    let body_2012 =
        &law_2012[at(&law_2012, "\nChương 1.\n")..at(&law_2012, "\nLuật này đã được Quốc hội")];
    let text = format!("{}{body_2012}{body_2012}{}", &law_2023[..end_2023], &law_2023[end_2023..]);
    assert!((420_000..440_000).contains(&text.len()), "{} bytes", text.len());
    text
}

fn bench(c: &mut Criterion) {
    let text = law_430kb();
    let mut doc = quyche_text::parse(&text).document;
    doc.notes.clear();
    doc.header.marks.clear();
    let docx = support::law::auto_numbered(&doc).bytes();
    let import = |bytes: &[u8]| {
        let draft = quyche_word::read_draft(bytes).expect("the draft reads");
        quyche_text::parse(&draft.text())
    };
    let back = import(&docx);
    assert_eq!(quyche_text::render(&back.document), quyche_text::render(&doc));
    eprintln!(
        "430 KB law as DOCX: {} bytes zipped, {} articles",
        docx.len(),
        back.document.stats().articles
    );
    let mut group = c.benchmark_group("word_import_430kb");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("read_draft", |b| b.iter(|| quyche_word::read_draft(black_box(&docx))));
    group.bench_function("read_draft_and_parse", |b| b.iter(|| import(black_box(&docx))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

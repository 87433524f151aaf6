//! Parse and render of the 220 KB Law on Cooperatives 2023. Target: parse ≤ 20 ms.
//! Also the import's decoding of the same law as Notepad or Word would have saved it on a
//! Vietnamese Windows: UTF-16 with a BOM, and Windows-1258 (the heuristic reads every byte).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// The text in Windows-1258: a letter the code page has as one byte is that byte; any
/// other is its base letter followed by the tone-mark byte, as Windows writes Vietnamese.
fn to_cp1258(text: &str) -> Vec<u8> {
    let byte: HashMap<char, u8> =
        (0..=255u8).filter_map(|b| quyche_text::cp1258_char(b).map(|c| (c, b))).collect();
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if let Some(&b) = byte.get(&c) {
            out.push(b);
            continue;
        }
        let parts: Vec<char> = c.nfd().collect();
        let (tones, base): (Vec<char>, Vec<char>) = parts
            .into_iter()
            .partition(|m| matches!(*m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'));
        let base: String = base.into_iter().collect::<String>().nfc().collect();
        for ch in base.chars().chain(tones) {
            out.push(*byte.get(&ch).unwrap_or(&b'?'));
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let text = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    let doc = quyche_text::parse(&text).document;
    let mut group = c.benchmark_group("coop_2023");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse", |b| b.iter(|| quyche_text::parse(black_box(&text))));
    group.bench_function("render", |b| b.iter(|| quyche_text::render(black_box(&doc))));
    group.bench_function("decode", |b| b.iter(|| quyche_text::decode(black_box(text.as_bytes()))));

    let cp1258 = to_cp1258(&text);
    let (back, encoding) = quyche_text::decode_detected(&cp1258).expect("the law reads as cp1258");
    assert_eq!(encoding, quyche_text::Encoding::Windows1258);
    assert_eq!(back, text, "the cp1258 round trip is the law");
    group.bench_function("decode_windows1258", |b| {
        b.iter(|| quyche_text::decode_detected(black_box(&cp1258)))
    });
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    group.bench_function("decode_utf16le", |b| {
        b.iter(|| quyche_text::decode_detected(black_box(&utf16)))
    });
    group.finish();
}

/// Issue 11: parse with references. No fixture is 430 KB, so the law is built from the
/// cooperative laws: the 2023 law with the 2012 law's body inserted twice before its
/// closing (articles keep counting; the 2012 references resolve against the new numbers,
/// as any text's would).
fn bench_references(c: &mut Criterion) {
    let (law_2023, law_2012) = (
        quyche_fixtures::law(quyche_fixtures::COOP_2023),
        quyche_fixtures::law(quyche_fixtures::COOP_2012),
    );
    let cut = |text: &str, from: &str, to: &str| -> (usize, usize) {
        (text.find(from).expect(from), text.find(to).expect(to))
    };
    let (_, end_2023) = cut(&law_2023, "\n", "\nLuật này được Quốc hội");
    let (start, end) = cut(&law_2012, "\nChương 1.\n", "\nLuật này đã được Quốc hội");
    let body_2012 = &law_2012[start..end];
    let text = format!("{}{body_2012}{body_2012}{}", &law_2023[..end_2023], &law_2023[end_2023..]);
    assert!((420_000..440_000).contains(&text.len()), "{} bytes", text.len());
    let doc = quyche_text::parse(&text).document;
    let refs = quyche_text::find_references(&doc);
    assert!(refs.linked().count() > 180, "{}", refs.linked().count());
    assert_eq!(quyche_text::render_references(&doc, &refs), doc, "the round trip is word for word");
    let mut group = c.benchmark_group("references_430kb");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse", |b| b.iter(|| quyche_text::parse(black_box(&text))));
    group.bench_function("find_references", |b| {
        b.iter(|| quyche_text::find_references(black_box(&doc)))
    });
    group.bench_function("parse_with_references", |b| {
        b.iter(|| quyche_text::find_references(&quyche_text::parse(black_box(&text)).document))
    });
    group.bench_function("render_references", |b| {
        b.iter(|| quyche_text::render_references(black_box(&doc), black_box(&refs)))
    });
    // Issue 11, drafting: a new article after Điều 1, every later reference relabelled
    // (references read, tree changed, numbers written again).
    let first = doc.articles().next().expect("an article").id;
    let mut article = quyche_model::Unit::new(quyche_model::UnitId(0), quyche_model::Kind::Article);
    article.title = "Điều mới".into();
    article.paragraphs.push("Nội dung của điều mới.".into());
    let place = quyche_text::Place::After(first);
    let out = quyche_text::insert_article(&doc, place, article.clone()).expect("insert");
    assert!(out.relabelled.len() > 80, "{} relabelled", out.relabelled.len());
    group.bench_function("insert_article_after_first", |b| {
        b.iter(|| quyche_text::insert_article(black_box(&doc), place, article.clone()))
    });
    let last = doc.articles().last().expect("an article").id;
    group.bench_function("move_last_article_first", |b| {
        b.iter(|| {
            quyche_text::move_article(black_box(&doc), last, quyche_text::Place::Before(first))
        })
    });
    group.finish();
    let law = quyche_text::parse(&law_2023).document;
    c.bench_function("coop_2023/find_references", |b| {
        b.iter(|| quyche_text::find_references(black_box(&law)))
    });
}

criterion_group!(benches, bench, bench_references);
criterion_main!(benches);

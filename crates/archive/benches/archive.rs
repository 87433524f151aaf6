//! Benchmarks of the archive on the real 2023 Law on Cooperatives (220 KB, 115 articles):
//! parse + import, durable save (p50/p99), opening a regulation with 1,000 revisions, and
//! the on-disk size after those 1,000 revisions. Figures go to docs/benchmarks.md.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use quyche_archive::Archive;
use quyche_model::{Document, Kind, UnitId};

fn law_2023() -> Document {
    let text = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    quyche_text::parse(&text).document
}

/// Edits the `n`-th article (cycling) as a user would: one sentence appended.
fn edit(doc: &mut Document, n: usize) {
    let ids: Vec<UnitId> = doc.articles().map(|a| a.id).collect();
    let id = ids[n % ids.len()];
    if let Some(a) = doc.find_mut(id) {
        debug_assert_eq!(a.kind, Kind::Article);
        a.paragraphs.push(format!("Sửa đổi lần thứ {n}."));
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn benches(c: &mut Criterion) {
    let text = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    let mut g = c.benchmark_group("archive");
    g.sample_size(20);

    g.bench_function("parse_and_import_2023_law", |b| {
        let dir = tempfile::tempdir().unwrap();
        let (archive, _) = Archive::open(dir.path()).unwrap();
        let mut t = 0;
        b.iter(|| {
            t += 1;
            let doc = quyche_text::parse(&text).document;
            archive.create(&doc, "Văn phòng", t, "Nhập").unwrap()
        })
    });

    // A regulation with 1,000 revisions, each editing one article.
    let dir = tempfile::tempdir().unwrap();
    let (archive, _) = Archive::open(dir.path()).unwrap();
    let mut doc = law_2023();
    let (reg, _) = archive.create(&doc, "Văn phòng", 0, "Nhập").unwrap();
    let mut saves = Vec::with_capacity(1000);
    for i in 1..1000 {
        edit(&mut doc, i);
        let start = Instant::now();
        archive.commit(&reg.id, Some(i as u32), &doc, "Văn phòng", i as i64, "Sửa").unwrap();
        saves.push(start.elapsed());
    }
    saves.sort();
    let size = archive.store().size_on_disk().unwrap();
    println!(
        "durable save (encode + commit + fsync), {} saves: p50 {:?}, p99 {:?}, max {:?}",
        saves.len(),
        percentile(&saves, 0.50),
        percentile(&saves, 0.99),
        saves.last().unwrap()
    );
    println!(
        "on-disk size after 1000 revisions of the 2023 law ({} KB of text): {:.1} MB",
        text.len() / 1024,
        size as f64 / 1e6
    );

    g.bench_function("open_regulation_with_1000_revisions", |b| {
        b.iter(|| {
            let head = archive.load(&reg.id, None).unwrap();
            let history = archive.revisions(&reg.id).unwrap();
            (head.document.body.len(), history.len())
        })
    });

    let mut n = 1000;
    g.bench_function("durable_save", |b| {
        b.iter(|| {
            edit(&mut doc, n);
            archive.commit(&reg.id, Some(n as u32), &doc, "Văn phòng", n as i64, "Sửa").unwrap();
            n += 1;
        })
    });
    g.finish();
}

criterion_group!(archive, benches);
criterion_main!(archive);

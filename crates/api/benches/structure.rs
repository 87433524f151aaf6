//! Issue 11: “any structure operation on a 250-article regulation, including relabelling
//! and a durable save: ≤ 20 ms p99”.
//!
//! The regulation is the 430 KB, 243-article law the text bench builds (the 2023
//! cooperative law with the 2012 law's body inserted twice before its closing), imported
//! into a fresh database (sled, every commit flushed and `fdatasync`ed as in production).
//! Each sample is one `Quyche::edit_structure` call as the window makes it: load the head,
//! read the references, change the tree, write every linked number again, check them,
//! commit the revision durably. A cycle inserts an article after Điều 1, moves it to the
//! end (every later article renumbered), splits Điều 7, merges it back and deletes the
//! new article, so the text is the same size at every cycle. The distribution is printed
//! per operation and over all (p50, p99, max): criterion's mean would hide the tail the
//! target is about.

use std::time::{Duration, Instant};

use quyche_api::{Actor, Quyche, StructureEdit, UnitKind, UnitPlace};

const CYCLES: usize = 60;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    // `cargo test --benches` runs this too: one cycle there, the whole run under `cargo bench`.
    let cycles = if std::env::args().any(|a| a == "--bench") { CYCLES } else { 1 };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let q = Quyche::open(dir.path(), quyche_api::system_clock()).expect("a database");
    let text = quyche_fixtures::long_law(2);
    let reg = q
        .import_bytes("luat-430kb.txt", text.as_bytes(), None, Actor::Current)
        .expect("import")
        .regulation_id;
    let doc = q.document(&reg, None).expect("the head");
    assert_eq!(doc.stats().articles, 243);
    let article = |n: usize| doc.articles().nth(n - 1).expect("an article").id.0;
    let (first, seventh, last) = (article(1), article(7), article(243));

    let mut base = 1;
    let mut samples: Vec<(&str, Duration)> = Vec::new();
    let mut relabelled = 0;
    let mut edit = |name: &'static str, e: StructureEdit| {
        let t = Instant::now();
        let v = q.edit_structure(&reg, base, e, Actor::Current).expect(name);
        samples.push((name, t.elapsed()));
        base = v.revision.number;
        relabelled += v.relabelled.len();
        v
    };
    for _ in 0..cycles {
        let new = edit(
            "insert",
            StructureEdit::Insert {
                kind: UnitKind::Article,
                place: UnitPlace::After { unit: first },
                text: "Điều mới\n1. Nội dung của điều mới.".into(),
            },
        )
        .unit;
        edit("move", StructureEdit::Move { unit: new, place: UnitPlace::After { unit: last } });
        edit("split", StructureEdit::Split { unit: seventh, at: 1 });
        edit("merge", StructureEdit::Merge { unit: seventh });
        edit("delete", StructureEdit::Delete { unit: new, force: false });
    }
    let end = q.document(&reg, None).expect("the head");
    assert_eq!(quyche_api::render_document(&end), quyche_api::render_document(&doc));

    println!(
        "structure edits on a {} KB, 243-article regulation, durable save ({} samples, {} references relabelled):",
        text.len() / 1024,
        samples.len(),
        relabelled
    );
    let report = |name: &str, mut d: Vec<Duration>| {
        d.sort();
        println!(
            "  {name:<8} n={:<4} p50 {}  p99 {}  max {}",
            d.len(),
            ms(percentile(&d, 0.50)),
            ms(percentile(&d, 0.99)),
            ms(*d.last().expect("a sample"))
        );
    };
    for name in ["insert", "move", "split", "merge", "delete"] {
        report(name, samples.iter().filter(|(n, _)| *n == name).map(|(_, d)| *d).collect());
    }
    report("all", samples.iter().map(|(_, d)| *d).collect());

    // Where the time goes: the head's load, and the edit alone in memory.
    let mut load = Vec::new();
    let mut alone = Vec::new();
    for _ in 0..cycles.max(3) * 3 {
        let t = Instant::now();
        let head = q.document(&reg, None).expect("the head");
        load.push(t.elapsed());
        let mut article = quyche_model::Unit::new(quyche_model::UnitId(0), UnitKind::Article);
        article.title = "Điều mới".into();
        let t = Instant::now();
        let place = quyche_text::Place::After(quyche_model::UnitId(first));
        quyche_text::structure::insert(&head, place, article).expect("insert");
        alone.push(t.elapsed());
    }
    report("load", load);
    report("in-mem", alone);
}

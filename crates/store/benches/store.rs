//! `cargo bench -p quyche-store`. Besides criterion's timing of a durable
//! save, prints p50/p99 over individually timed saves (criterion reports
//! mean and median only) and the on-disk size after 1,000 revisions.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::Criterion;
use quyche_store::{hash_bytes, NewRevision, Store};

const OBJECTS: usize = 200;

/// A document of 200 ~1 KB objects plus a 2 KB root; revision `n` changes
/// object `n % 200` and the root.
struct Doc {
    objects: Vec<Vec<u8>>,
}

impl Doc {
    fn new() -> Doc {
        let objects = (0..OBJECTS).map(|k| object(k, 0)).collect();
        Doc { objects }
    }

    /// Returns the full object list for revision `n` (root first), as a
    /// caller that serialises the whole document would pass it.
    fn revision(&mut self, n: u64) -> (quyche_store::Hash, Vec<Vec<u8>>) {
        let k = (n as usize) % OBJECTS;
        self.objects[k] = object(k, n);
        let mut root = format!("root {n}\n").into_bytes();
        for o in &self.objects {
            root.extend_from_slice(&hash_bytes(o)[..8]);
        }
        root.resize(2048, b' ');
        let h = hash_bytes(&root);
        let mut all = Vec::with_capacity(OBJECTS + 1);
        all.push(root);
        all.extend(self.objects.iter().cloned());
        (h, all)
    }
}

fn object(k: usize, generation: u64) -> Vec<u8> {
    let mut v = format!("Điều {k}, bản {generation}: ").into_bytes();
    let filler = "Người lao động có quyền và nghĩa vụ theo quy định của pháp luật. ";
    while v.len() < 1000 {
        v.extend_from_slice(filler.as_bytes());
    }
    v.truncate(1000);
    v
}

fn save(store: &Store, doc: &mut Doc, n: u64) {
    let (root, objects) = doc.revision(n);
    let rev = NewRevision {
        root,
        author: "bench",
        time_ms: n as i64,
        message: "lưu",
        title: "Quy chế",
        objects: &objects,
    };
    if n == 1 {
        store.create_regulation("qc", "draft", rev).expect("create");
    } else {
        store.commit_revision("qc", None, rev).expect("commit");
    }
}

fn fresh(dir: &Path) -> (Store, Doc) {
    let (store, _) = Store::open(dir).expect("open");
    let mut doc = Doc::new();
    save(&store, &mut doc, 1);
    (store, doc)
}

fn percentiles() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, mut doc) = fresh(dir.path());
    for n in 2..50 {
        save(&store, &mut doc, n); // warm up
    }
    // Windows of 500 saves, to show whether latency drifts as the store grows.
    for window in 0..4u64 {
        let first = 50 + window * 500;
        let mut times: Vec<Duration> = (first..first + 500)
            .map(|n| {
                let t = Instant::now();
                save(&store, &mut doc, n);
                t.elapsed()
            })
            .collect();
        times.sort();
        let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
        println!(
            "durable save of a 200-object document, saves {first}..{}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            first + 499,
            at(0.50).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3
        );
    }
}

fn size_after_1000() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = Instant::now();
    let (store, mut doc) = fresh(dir.path());
    for n in 2..=1000 {
        save(&store, &mut doc, n);
    }
    let took = t.elapsed();
    let size = store.size_on_disk().expect("size");
    let report = store.verify().expect("verify");
    assert!(report.is_intact(), "{:?}", report.problems);
    // Unique bytes: 200 KB initial objects + 999 × (1 KB object + 2 KB root).
    let raw = (OBJECTS * 1000 + 1000 * 2048 + 999 * 1000) as f64;
    println!(
        "on-disk size after 1,000 revisions: {:.1} MB ({} objects, {:.1} MB unique payload, {:.1}x), written in {:.1} s",
        size as f64 / 1e6,
        report.objects,
        raw / 1e6,
        size as f64 / raw,
        took.as_secs_f64()
    );
    drop(store);
    let t = Instant::now();
    let (store, report) = Store::open(dir.path()).expect("reopen");
    println!(
        "reopen with open-time checks: {:.1} ms ({} revisions)",
        t.elapsed().as_secs_f64() * 1e3,
        report.revisions_checked
    );
    let t = Instant::now();
    store.verify().expect("verify");
    println!("full verify: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
}

fn main() {
    percentiles();
    size_after_1000();

    let mut c = Criterion::default()
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(50)
        .configure_from_args();
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, mut doc) = fresh(dir.path());
    let mut n = 1;
    c.bench_function("durable_save_200_objects", |b| {
        b.iter(|| {
            n += 1;
            save(&store, &mut doc, n);
        })
    });
    c.final_summary();
}

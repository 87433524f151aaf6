//! Anchoring 500 comments against a new revision of the 2023 Law on Cooperatives.
//! Target (issue 4): ≤ 20 ms.

use criterion::{criterion_group, criterion_main, Criterion};
use quyche_model::{Kind, UnitId};
use quyche_review::anchor::{self, Units};

fn bench(c: &mut Criterion) {
    let old = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
    // 500 comments spread over clauses and points, each quoting a few words.
    let units: Vec<UnitId> =
        old.walk().filter(|u| matches!(u.kind, Kind::Clause | Kind::Point)).map(|u| u.id).collect();
    let old_units = Units::of(&old);
    let anchors: Vec<_> = (0..500)
        .filter_map(|i| {
            let unit = units[(i * 7919) % units.len()];
            let text = old_units.text(unit)?;
            let words: Vec<&str> = text.split_whitespace().collect();
            let start = (i * 31) % words.len().max(1);
            let quote = words[start..(start + 4).min(words.len())].join(" ");
            anchor::anchor(&old_units, unit, &quote, None)
        })
        .collect();
    assert!(anchors.len() >= 450, "{} anchors", anchors.len());

    // The new revision: every tenth article rewritten, every fiftieth removed.
    let mut new = old.clone();
    let ids: Vec<UnitId> = new.articles().map(|a| a.id).collect();
    for (i, id) in ids.iter().enumerate() {
        if i % 10 == 0 {
            if let Some(a) = new.find_mut(*id) {
                for c in a.children.iter_mut() {
                    if let Some(p) = c.paragraphs.first_mut() {
                        *p = p.replace("hợp tác xã", "HTX");
                    }
                }
            }
        }
    }
    for id in ids.iter().step_by(50) {
        for ch in new.body.iter_mut() {
            ch.children.retain(|u| u.id != *id);
            for s in ch.children.iter_mut() {
                s.children.retain(|u| u.id != *id);
            }
        }
    }

    c.bench_function("anchor_500_comments_on_new_revision_of_2023_law", |b| {
        b.iter(|| {
            let units = Units::of(&new);
            anchors.iter().map(|a| anchor::state(&units, a) as u8 as u32).sum::<u32>()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Splits and merges: a new article that was part of an old one, an old article that went
//! into another.
//!
//! * **By id** (two revisions of one regulation): a split keeps the first part's id and
//!   moves the other clauses, with their ids, into a new article; a merge drops one
//!   article's id and moves its clauses into the other. So a new article (an id the old
//!   text did not have) holding clauses of old article N, N itself still there, was split
//!   from N; an old article whose id is gone while its clauses live in article M, M itself
//!   an old article, was merged into M.
//! * **By content** (independent texts): a new article with no old counterpart whose
//!   clauses match, in order, the tail of the clauses of an old article that is still
//!   there, each tail clause closer to its match than to any clause the old article kept,
//!   was split from it; symmetrically for an old article with no new counterpart and the
//!   tail of a new article. The head counts too: when the larger part is the one the
//!   alignment paired with the old article, the part standing alone holds its first
//!   clauses. Only the nearest matched articles before and after the lone one are looked
//!   at (a split or merge leaves the parts side by side): a part moved far away at the
//!   same time is reported as added or removed. Clauses match by the word-bigram Jaccard
//!   the redline pairs clauses with (numbers left out), from the same threshold.

use std::collections::HashMap;
use std::ops::Range;

use quyche_model::{Unit, UnitId};

use crate::align::{Alignment, ArticleMap, Side};
use crate::measure::jaccard;
use crate::parallel::in_runs;
use crate::token::word_hashes;

/// Below this many clauses compared, a run of lone articles is searched on one thread.
const RUN_CLAUSES: usize = 64;

/// Per new article, the old article it was split from; per old article, the new article
/// it was merged into (indices into the sides' articles).
pub(crate) struct Lineage {
    pub split_from: Vec<Option<usize>>,
    pub merged_into: Vec<Option<usize>>,
}

pub(crate) fn lineage(o: &Side, n: &Side, map: &ArticleMap, by: Alignment, min: f32) -> Lineage {
    let mut out =
        Lineage { split_from: vec![None; n.arts.len()], merged_into: vec![None; o.arts.len()] };
    let new_alone: Vec<usize> = (0..n.arts.len())
        .filter(|&j| map.new_to_old[j].is_none() && !n.arts[j].unit.children.is_empty())
        .collect();
    let old_alone: Vec<usize> = (0..o.arts.len())
        .filter(|&i| map.old_to_new[i].is_none() && !o.arts[i].unit.children.is_empty())
        .collect();
    if new_alone.is_empty() && old_alone.is_empty() {
        return out;
    }
    match by {
        Alignment::ById => {
            // Clause id → the article holding it, on each side.
            let owners = |s: &Side| -> HashMap<UnitId, usize> {
                let mut m = HashMap::new();
                for (k, a) in s.arts.iter().enumerate() {
                    for c in &a.unit.children {
                        m.insert(c.id, k);
                    }
                }
                m
            };
            let (old_owner, new_owner) = (owners(o), owners(n));
            for &j in &new_alone {
                out.split_from[j] = most(&n.arts[j].unit.children, &old_owner)
                    .filter(|&i| map.old_to_new[i].is_some());
            }
            for &i in &old_alone {
                out.merged_into[i] = most(&o.arts[i].unit.children, &new_owner)
                    .filter(|&j| map.new_to_old[j].is_some());
            }
        }
        Alignment::ByContent => {
            // A split or a merge leaves the parts side by side, and changes the article
            // that stays: the candidates are the nearest matched articles before and
            // after the lone one, when their words changed.
            let modified = |i: usize, h: usize| o.arts[i].text != n.arts[h].text;
            let splits = new_alone.iter().map(|&j| {
                let cands = neighbours(j, &map.new_to_old).filter(|&(h, i)| modified(i, h));
                Lone { new: true, k: j, cands: cands.map(|(h, i)| (i, h)).collect() }
            });
            let merges = old_alone.iter().map(|&i| {
                let cands = neighbours(i, &map.old_to_new).filter(|&(a, j)| modified(a, j));
                Lone { new: false, k: i, cands: cands.map(|(a, j)| (j, a)).collect() }
            });
            let lone: Vec<Lone> = splits.chain(merges).filter(|l| !l.cands.is_empty()).collect();
            // Weighed by the clauses compared, and searched in runs that either core
            // takes when free (this search runs beside the writing of the new text in
            // the old numbering, itself in runs): each run with clause sets of its own.
            let weights: Vec<usize> = lone
                .iter()
                .map(|Lone { new, k, cands }| {
                    let (ours, theirs) = if *new { (n, o) } else { (o, n) };
                    let clauses = |s: &Side, k: usize| s.arts[k].unit.children.len();
                    let of_cands: usize = cands
                        .iter()
                        .map(|&(a, kept)| clauses(theirs, a) + clauses(ours, kept))
                        .sum();
                    clauses(ours, *k) + of_cands
                })
                .collect();
            let search = |run: Range<usize>| -> Vec<Option<usize>> {
                let (mut old_sets, mut new_sets) = (Sets::new(o), Sets::new(n));
                lone[run]
                    .iter()
                    .map(|Lone { new, k, cands }| match new {
                        true => tail_of(*k, cands, &mut old_sets, &mut new_sets, min),
                        false => tail_of(*k, cands, &mut new_sets, &mut old_sets, min),
                    })
                    .collect()
            };
            for (Lone { new, k, .. }, found) in
                lone.iter().zip(in_runs(&weights, RUN_CLAUSES, &search))
            {
                match new {
                    true => out.split_from[*k] = found,
                    false => out.merged_into[*k] = found,
                }
            }
        }
    }
    out
}

/// An article with no counterpart, whose parts may have gone into (or come from) a
/// candidate: `(article on the other side, the counterpart of that article)`.
struct Lone {
    /// New (a split's part) or old (a merged article).
    new: bool,
    k: usize,
    cands: Vec<(usize, usize)>,
}

/// The article holding most of `clauses` by id (the first such in text order on a tie).
fn most(clauses: &[Unit], owner: &HashMap<UnitId, usize>) -> Option<usize> {
    let mut counts: Vec<(usize, u32)> = Vec::new();
    for c in clauses {
        if let Some(&k) = owner.get(&c.id) {
            match counts.iter_mut().find(|(x, _)| *x == k) {
                Some((_, n)) => *n += 1,
                None => counts.push((k, 1)),
            }
        }
    }
    counts.iter().copied().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(k, _)| k)
}

/// The clauses of the articles of a side as word-bigram sets, each made on first need.
struct Sets<'s, 'a> {
    side: &'s Side<'a>,
    sets: Vec<Vec<Option<Vec<u64>>>>,
}

impl<'s, 'a> Sets<'s, 'a> {
    fn new(side: &'s Side<'a>) -> Self {
        Sets { side, sets: vec![Vec::new(); side.arts.len()] }
    }

    /// How many clauses article `k` has.
    fn len(&self, k: usize) -> usize {
        self.side.arts[k].unit.children.len()
    }

    /// Clause `p` of article `k`.
    fn clause(&mut self, k: usize, p: usize) -> &[u64] {
        let unit = self.side.arts[k].unit;
        let row = &mut self.sets[k];
        if row.is_empty() {
            row.resize(unit.children.len(), None);
        }
        row[p].get_or_insert_with(|| clause_set(&unit.children[p]))
    }
}

/// A clause's words (its points' too; its number is not text) as a sorted set of word
/// bigrams, the single word when there is only one.
fn clause_set(clause: &Unit) -> Vec<u64> {
    let mut words = Vec::new();
    for u in clause.walk() {
        words.extend(word_hashes(&u.title));
        for p in &u.paragraphs {
            words.extend(word_hashes(p));
        }
    }
    let mut set: Vec<u64> = if words.len() == 1 {
        words
    } else {
        words
            .windows(2)
            .map(|w| w[0].rotate_left(17) ^ w[1].wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .collect()
    };
    set.sort_unstable();
    set.dedup();
    set
}

/// The nearest matched articles before and after `k` on its side: `(index, counterpart)`.
fn neighbours(k: usize, map: &[Option<usize>]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let before = (0..k).rev().find_map(|x| map[x].map(|y| (x, y)));
    let after = (k + 1..map.len()).find_map(|x| map[x].map(|y| (x, y)));
    before.into_iter().chain(after)
}

/// The article of `candidates` (`(article, its counterpart on the other side)`, the
/// article on the side of `theirs`) whose clause tail (or head) the lone article `part`
/// (on the side of `ours`, with the counterparts) continues: `part`'s
/// first `m` clauses match the article's last (first) `m` clauses in order (at least half
/// of `part`, and not all of the article's clauses), each at least `min` similar and
/// closer to its match in `part` than to any clause of the counterpart. The best average
/// wins.
fn tail_of(
    part: usize,
    candidates: &[(usize, usize)],
    theirs: &mut Sets,
    ours: &mut Sets,
    min: f32,
) -> Option<usize> {
    let k = ours.len(part);
    if k == 0 {
        return None;
    }
    let first = ours.clause(part, 0).to_vec();
    let mut best: Option<(f32, usize)> = None;
    for &(a, counterpart) in candidates {
        let c = theirs.len(a);
        // The runs `part` may continue: every proper tail (`p..c`, p ≥ 1), and every
        // proper head (`0..m`, m < c), for when the larger part kept the article's place
        // in the alignment and the smaller one, its first clauses, stands alone.
        let tails = (1..c).map(|p| (p, c - p));
        let heads = (1..c).map(|m| (0, m));
        for (p, m) in tails.chain(heads) {
            if m > k || 2 * m < k || jaccard(theirs.clause(a, p), &first) < min {
                continue;
            }
            let sims: Vec<f32> =
                (0..m).map(|t| jaccard(theirs.clause(a, p + t), ours.clause(part, t))).collect();
            if sims.iter().any(|&s| s < min) {
                continue;
            }
            let kept = ours.len(counterpart);
            let closer = (0..m).all(|t| {
                (0..kept).all(|x| {
                    jaccard(theirs.clause(a, p + t), ours.clause(counterpart, x)) < sims[t]
                })
            });
            if !closer {
                continue;
            }
            let score = sims.iter().sum::<f32>() / m as f32;
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, a));
            }
        }
    }
    best.map(|(_, a)| a)
}

//! Histogram diff over token ids, specialised from `similar`'s `Algorithm::Histogram`.
//!
//! The diff of two token sequences is the hottest part of a redline. `similar` runs the
//! algorithm generically (any `Index` type, ids re-derived and re-hashed on every call,
//! fresh tables per call); here it runs on `u32` slices with tables that live for a whole
//! redline. The algorithm is the same, step for step: the same near-disjoint fast path,
//! prefix and suffix trimming, anchor choice (the longest equal run through an old value
//! that occurs at most 64 times in the range, then the rarest, then the leftmost) and
//! Myers fallback (`similar`'s own), emitted into the same `Compact` + `Replace` hooks, so
//! the edit script is identical to
//! `capture_diff_slices_deadline(Algorithm::Histogram, old, new, deadline)`; a test below
//! checks that on random and real inputs.

use std::ops::Range;
use std::time::Instant;

use similar::algorithms::{myers, Capture, Compact, DiffHook, NoFinishHook, Replace};
use similar::DiffOp;

const MAX_CHAIN_LENGTH: u32 = 64;
const NONE: u32 = u32::MAX;

// The shared near-disjoint fast path of `similar` (its `preflight` module).
const DISJOINT_FAST_PATH_MIN_LEN: usize = 512;
const DISJOINT_FAST_PATH_MIN_WORK: usize = 128 * 1024;
const DISJOINT_FAST_PATH_BOUNDARY_PROBE: usize = 8;
const NEAR_DISJOINT_COMMON_ITEM_DIVISOR: usize = 1024;
const NEAR_DISJOINT_MAX_COMMON_ITEMS: usize = 64;

fn exceeded(deadline: Option<Instant>) -> bool {
    deadline.is_some_and(|d| Instant::now() > d)
}

/// Tables reused across diffs. Per-value tables are indexed by token id and are all
/// back to their neutral state between searches.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Per value: one past its last entry in `next` while a range is indexed.
    head: Vec<u32>,
    /// Occurrences of each value in the indexed old range.
    count: Vec<u32>,
    /// The occurrences of the indexed values, grouped by value.
    next: Vec<Occurrence>,
    /// Per diagonal: furthest new index (plus one) whose equal run was extended.
    covered: Vec<u32>,
    touched: Vec<u32>,
    tasks: Vec<Task>,
}

impl Scratch {
    fn prepare(&mut self, n_ids: usize, old_len: usize, diagonals: usize) {
        if self.head.len() < n_ids {
            self.head.resize(n_ids, NONE);
            self.count.resize(n_ids, 0);
        }
        if self.next.len() < old_len {
            self.next.resize(old_len, Occurrence::default());
        }
        if self.covered.len() < diagonals {
            self.covered.resize(diagonals, 0);
        }
    }
}

enum Task {
    Diff { old: Range<usize>, new: Range<usize> },
    Equal { old: usize, new: usize, len: usize },
}

/// The ops `capture_diff_slices_deadline(Algorithm::Histogram, old, new, deadline)`
/// returns. Every id must be below `n_ids`.
pub(crate) fn capture(
    old: &[u32],
    new: &[u32],
    n_ids: usize,
    deadline: Option<Instant>,
    scratch: &mut Scratch,
) -> Vec<DiffOp> {
    let mut d = Compact::new(Replace::new(Capture::new()), old, new);
    // The hooks never fail.
    let _ = run(&mut d, old, new, n_ids, deadline, scratch);
    d.into_inner().into_inner().into_ops()
}

fn run<D: DiffHook>(
    d: &mut D,
    old: &[u32],
    new: &[u32],
    n_ids: usize,
    deadline: Option<Instant>,
    scratch: &mut Scratch,
) -> Result<(), D::Error> {
    if disjoint(old, new, n_ids, deadline, scratch) {
        d.delete(0, old.len(), 0)?;
        d.insert(0, 0, new.len())?;
        return d.finish();
    }
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let om = prefix..old.len() - suffix;
    let nm = prefix..new.len() - suffix;
    if prefix > 0 {
        d.equal(0, 0, prefix)?;
    }
    if om.is_empty() {
        if !nm.is_empty() {
            d.insert(om.start, nm.start, nm.len())?;
        }
    } else if nm.is_empty() {
        d.delete(om.start, om.len(), nm.start)?;
    } else {
        scratch.prepare(n_ids, om.len(), om.len() + nm.len() + 1);
        let mut inner = NoFinishHook::new(&mut *d);
        diff_impl(&mut inner, old, new, om, nm, deadline, scratch)?;
    }
    if suffix > 0 {
        d.equal(old.len() - suffix, new.len() - suffix, suffix)?;
    }
    d.finish()
}

/// `similar`'s near-disjoint fast path: two large ranges sharing at most a handful of
/// items are a plain replacement.
fn disjoint(
    old: &[u32],
    new: &[u32],
    n_ids: usize,
    deadline: Option<Instant>,
    scratch: &mut Scratch,
) -> bool {
    if exceeded(deadline) {
        return false;
    }
    let (ol, nl) = (old.len(), new.len());
    if ol < DISJOINT_FAST_PATH_MIN_LEN
        || nl < DISJOINT_FAST_PATH_MIN_LEN
        || ol.saturating_mul(nl) < DISJOINT_FAST_PATH_MIN_WORK
    {
        return false;
    }
    if new[0] == old[0] || new[nl - 1] == old[ol - 1] {
        return false;
    }
    let probe = ol.min(nl).min(DISJOINT_FAST_PATH_BOUNDARY_PROBE + 1);
    for skip in 1..probe {
        if new[skip] == old[0]
            || new[0] == old[skip]
            || new[nl - 1 - skip] == old[ol - 1]
            || new[nl - 1] == old[ol - 1 - skip]
        {
            return false;
        }
    }
    let budget =
        (ol.min(nl) / NEAR_DISJOINT_COMMON_ITEM_DIVISOR).clamp(1, NEAR_DISJOINT_MAX_COMMON_ITEMS);
    if scratch.count.len() < n_ids {
        scratch.count.resize(n_ids, 0);
        scratch.head.resize(n_ids, NONE);
    }
    for &v in old {
        scratch.count[v as usize] = 1;
    }
    let mut common = 0usize;
    for &v in new {
        common += (scratch.count[v as usize] != 0) as usize;
        if common > budget {
            break;
        }
    }
    for &v in old {
        scratch.count[v as usize] = 0;
    }
    common <= budget
}

fn diff_impl<D: DiffHook>(
    d: &mut D,
    old: &[u32],
    new: &[u32],
    old_range: Range<usize>,
    new_range: Range<usize>,
    deadline: Option<Instant>,
    s: &mut Scratch,
) -> Result<(), D::Error> {
    let base = old_range.start;
    let new_end = new_range.end;
    let mut tasks = std::mem::take(&mut s.tasks);
    tasks.clear();
    tasks.push(Task::Diff { old: old_range, new: new_range });
    while let Some(task) = tasks.pop() {
        let (mut o, mut n) = match task {
            Task::Diff { old, new } => (old, new),
            Task::Equal { old, new, len } => {
                d.equal(old, new, len)?;
                continue;
            }
        };
        let prefix = old[o.clone()].iter().zip(&new[n.clone()]).take_while(|(a, b)| a == b).count();
        if prefix > 0 {
            d.equal(o.start, n.start, prefix)?;
            o.start += prefix;
            n.start += prefix;
        }
        let suffix = old[o.clone()]
            .iter()
            .rev()
            .zip(new[n.clone()].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        if suffix > 0 {
            o.end -= suffix;
            n.end -= suffix;
            tasks.push(Task::Equal { old: o.end, new: n.end, len: suffix });
        }
        if o.is_empty() {
            if !n.is_empty() {
                d.insert(o.start, n.start, n.len())?;
            }
            continue;
        }
        if n.is_empty() {
            d.delete(o.start, o.len(), n.start)?;
            continue;
        }
        match find_anchor(old, new, o.clone(), n.clone(), base, new_end, deadline, s) {
            Search::Anchor(a) => {
                tasks.push(Task::Diff {
                    old: a.old_start + a.len..o.end,
                    new: a.new_start + a.len..n.end,
                });
                tasks.push(Task::Equal { old: a.old_start, new: a.new_start, len: a.len });
                tasks.push(Task::Diff { old: o.start..a.old_start, new: n.start..a.new_start });
            }
            Search::None => {
                d.delete(o.start, o.len(), n.start)?;
                d.insert(o.end, n.start, n.len())?;
            }
            Search::Fallback => {
                let mut h = NoFinishHook::new(&mut *d);
                myers::diff_deadline(&mut h, old, o, new, n, deadline)?;
            }
        }
    }
    s.tasks = tasks;
    Ok(())
}

#[derive(Clone, Copy)]
struct Anchor {
    old_start: usize,
    new_start: usize,
    len: usize,
}

enum Search {
    Anchor(Anchor),
    None,
    Fallback,
}

/// `old[i - 1]` at the start of the range and `old[i + 1]` at its end: never an id.
const OLD_EDGE: u32 = u32::MAX;
/// The same for the new side; it differs from [`OLD_EDGE`], so edges never match.
const NEW_EDGE: u32 = u32::MAX - 1;

/// One occurrence of an old value, with its neighbours in the searched range: whether
/// a candidate extends beyond itself is then known without touching `old`.
#[derive(Clone, Copy, Default)]
pub(crate) struct Occurrence {
    at: u32,
    prev: u32,
    next: u32,
}

#[allow(clippy::too_many_arguments)]
fn find_anchor(
    old: &[u32],
    new: &[u32],
    o: Range<usize>,
    n: Range<usize>,
    base: usize,
    new_end: usize,
    deadline: Option<Instant>,
    s: &mut Scratch,
) -> Search {
    if exceeded(deadline) {
        return Search::Fallback;
    }
    // Index the old range: the occurrences of each value that may seed an anchor (at most
    // MAX_CHAIN_LENGTH of them), packed together in increasing index order.
    let ov = &old[o.clone()];
    for &v in ov {
        s.count[v as usize] += 1;
    }
    let mut acc = 0u32;
    for (k, &v) in ov.iter().enumerate() {
        let v = v as usize;
        if s.count[v] <= MAX_CHAIN_LENGTH {
            if s.head[v] == NONE {
                s.head[v] = acc;
                acc += s.count[v];
            }
            let prev = if k > 0 { ov[k - 1] } else { OLD_EDGE };
            let next = if k + 1 < ov.len() { ov[k + 1] } else { OLD_EDGE };
            s.next[s.head[v] as usize] = Occurrence { at: (o.start + k) as u32, prev, next };
            // Ends one past the value's last occurrence.
            s.head[v] += 1;
        }
    }
    let r = find_anchor_indexed(old, new, &o, &n, base, new_end, deadline, s);
    for &v in ov {
        s.head[v as usize] = NONE;
        s.count[v as usize] = 0;
    }
    for &dg in &s.touched {
        s.covered[dg as usize] = 0;
    }
    s.touched.clear();
    r
}

#[allow(clippy::too_many_arguments)]
fn find_anchor_indexed(
    old: &[u32],
    new: &[u32],
    o: &Range<usize>,
    n: &Range<usize>,
    base: usize,
    new_end: usize,
    deadline: Option<Instant>,
    s: &mut Scratch,
) -> Search {
    let mut has_common = false;
    let mut best: Option<Anchor> = None;
    let mut best_count = u32::MAX;
    let head = &s.head;
    let count = &s.count;
    let occurrences = &s.next;
    let covered = &mut s.covered;
    let touched = &mut s.touched;
    for new_idx in n.clone() {
        if exceeded(deadline) {
            return Search::Fallback;
        }
        let value = new[new_idx] as usize;
        let candidates = count.get(value).copied().unwrap_or(0);
        if candidates == 0 {
            continue;
        }
        has_common = true;
        if candidates > MAX_CHAIN_LENGTH {
            continue;
        }
        let end = head[value] as usize;
        let np = if new_idx > n.start { new[new_idx - 1] } else { NEW_EDGE };
        let nn = if new_idx + 1 < n.end { new[new_idx + 1] } else { NEW_EDGE };
        let bucket = &occurrences[end - candidates as usize..end];
        // Most candidates are a lone equal token (a space, a comma, a common word between
        // two different phrases): their run is just this pair, which no other candidate
        // can reach, so it needs no diagonal bookkeeping. Among them the leftmost is the
        // best, and only while the best run so far is that short.
        if best.is_none_or(|b| b.len == 1) {
            if let Some(occ) = bucket.iter().find(|occ| occ.prev != np && occ.next != nn) {
                let cand = occ.at as usize;
                let better = match best {
                    None => true,
                    Some(b) => {
                        candidates < best_count
                            || (candidates == best_count
                                && (cand < b.old_start
                                    || (cand == b.old_start && new_idx < b.new_start)))
                    }
                };
                if better {
                    best = Some(Anchor { old_start: cand, new_start: new_idx, len: 1 });
                    best_count = candidates;
                }
            }
        }
        for occ in bucket {
            if (occ.prev != np) & (occ.next != nn) {
                continue;
            }
            let cand = occ.at as usize;
            let diagonal = (cand - base) + (new_end - new_idx);
            if covered[diagonal] as usize > new_idx {
                continue;
            }
            let (mut os, mut ns, mut oe, mut ne) = (cand, new_idx, cand, new_idx);
            let mut min_count = candidates;
            while os > o.start && ns > n.start && old[os - 1] == new[ns - 1] {
                os -= 1;
                ns -= 1;
                if (ns & 1023 == 0) && exceeded(deadline) {
                    return Search::Fallback;
                }
                min_count = min_count.min(count[old[os] as usize]);
            }
            while oe + 1 < o.end && ne + 1 < n.end && old[oe + 1] == new[ne + 1] {
                oe += 1;
                ne += 1;
                if (ne & 1023 == 0) && exceeded(deadline) {
                    return Search::Fallback;
                }
                min_count = min_count.min(count[old[oe] as usize]);
            }
            let slot = &mut covered[diagonal];
            if *slot == 0 {
                touched.push(diagonal as u32);
            }
            *slot = (*slot).max(ne as u32 + 1);
            let len = oe - os + 1;
            let better = match best {
                None => true,
                Some(b) => {
                    len > b.len
                        || (len == b.len
                            && (min_count < best_count
                                || (min_count == best_count
                                    && (os < b.old_start
                                        || (os == b.old_start && ns < b.new_start)))))
                }
            };
            if better {
                best = Some(Anchor { old_start: os, new_start: ns, len });
                best_count = min_count;
            }
        }
    }
    match best {
        Some(a) => Search::Anchor(a),
        None if has_common => Search::Fallback,
        None => Search::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use similar::{capture_diff_slices_deadline, Algorithm};

    fn check(old: &[u32], new: &[u32], scratch: &mut Scratch) {
        let n_ids = old.iter().chain(new).max().map_or(0, |m| *m as usize + 1);
        let want = capture_diff_slices_deadline(Algorithm::Histogram, old, new, None);
        let got = capture(old, new, n_ids, None, scratch);
        assert_eq!(got, want, "{old:?} {new:?}");
    }

    #[test]
    fn same_script_as_similar() {
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut scratch = Scratch::default();
        for case in 0..3000 {
            let alphabet = 1 + (case % 40) as u64;
            let len = (next() % if case % 10 == 0 { 1500 } else { 120 }) as usize;
            let old: Vec<u32> = (0..len).map(|_| (next() % alphabet) as u32).collect();
            // Edit a copy, so that the pair shares runs as real texts do.
            let mut new = old.clone();
            for _ in 0..(next() % 12) {
                let p = if new.is_empty() { 0 } else { (next() % new.len() as u64) as usize };
                match next() % 3 {
                    0 if !new.is_empty() => {
                        new.remove(p);
                    }
                    1 => new.insert(p, (next() % (alphabet + 5)) as u32),
                    _ if !new.is_empty() => new[p] = (next() % (alphabet + 5)) as u32,
                    _ => {}
                }
            }
            check(&old, &new, &mut scratch);
            let other: Vec<u32> =
                (0..(next() % 100)).map(|_| (next() % (alphabet + 3)) as u32).collect();
            check(&old, &other, &mut scratch);
        }
        // Near-disjoint large inputs take the fast path.
        let a: Vec<u32> = (0..1000).collect();
        let b: Vec<u32> = (1000..2000).chain([5]).collect();
        check(&a, &b, &mut scratch);
    }
}

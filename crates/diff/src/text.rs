//! Word-level diff of two text spans, with the readability passes.

use std::ops::Range;
use std::time::Instant;

use similar::{capture_diff_slices_deadline, Algorithm, DiffTag};

use crate::{Op, Options, Span, TextDiff};

/// What a token is. Words never touch each other (word runs are maximal), so every token
/// boundary is a word boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Word,
    Space,
    Newline,
    Punct,
}

pub(crate) fn is_word_char(c: char) -> bool {
    // Fast paths for the Latin blocks Vietnamese lives in; the general Unicode tables are
    // slow enough to show up in profiles.
    match c as u32 {
        0..=0x7F => return c.is_ascii_alphanumeric(),
        0xC0..=0x24F => return !matches!(c, '×' | '÷'),
        0x1E00..=0x1EFF => return true,
        _ => {}
    }
    // Combining marks stay inside the word: NFC leaves a few (e.g. on rare letters), and a
    // decomposed tone mark must never become a token of its own.
    c.is_alphanumeric()
        || matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

pub(crate) fn class_of(c: char) -> Class {
    if c == '\n' {
        Class::Newline
    } else if c.is_whitespace() {
        Class::Space
    } else if is_word_char(c) {
        Class::Word
    } else {
        Class::Punct
    }
}

/// Splits into words (maximal letter/digit runs), space runs, single newlines and single
/// punctuation characters. The tokens concatenate to the input: nothing is dropped.
pub(crate) fn tokenize(s: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(s.len() / 3 + 1);
    let mut start = 0;
    let mut cur: Option<Class> = None;
    for (i, c) in s.char_indices() {
        let k = class_of(c);
        match cur {
            Some(prev) if prev == k && matches!(k, Class::Word | Class::Space) => {}
            Some(_) => {
                out.push(&s[start..i]);
                start = i;
                cur = Some(k);
            }
            None => cur = Some(k),
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

pub(crate) fn token_class(t: &str) -> Class {
    t.chars().next().map_or(Class::Punct, class_of)
}

/// One run of the edit script over token indices. A change may delete, insert or both.
#[derive(Clone, Debug)]
struct Seg {
    equal: bool,
    o: Range<usize>,
    n: Range<usize>,
}

/// The result of one diff, with the word counts the callers need to apply the
/// replaced-block rule at a coarser level (a whole article).
#[derive(Clone, Debug, Default)]
pub(crate) struct Diffed {
    pub spans: Vec<Span>,
    pub coarse: bool,
    pub replaced: bool,
    pub changed_words: usize,
    pub total_words: usize,
}

impl Diffed {
    pub fn into_text_diff(self) -> TextDiff {
        TextDiff { spans: self.spans, coarse: self.coarse, replaced: self.replaced }
    }
}

pub(crate) fn count_words(s: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        let w = is_word_char(c);
        n += (w && !in_word) as usize;
        in_word = w;
    }
    n
}

/// A whole-block replacement: what a rewrite, a timeout or an unaligned pair shows.
pub(crate) fn replace_block(old: &str, new: &str, coarse: bool) -> Diffed {
    let mut spans = Vec::new();
    if old == new {
        push_span(&mut spans, Op::Equal, old);
        let w = count_words(old) * 2;
        return Diffed { spans, coarse, replaced: false, changed_words: 0, total_words: w };
    }
    push_span(&mut spans, Op::Delete, old);
    push_span(&mut spans, Op::Insert, new);
    let w = count_words(old) + count_words(new);
    Diffed { spans, coarse, replaced: !old.is_empty() && !new.is_empty(), changed_words: w, total_words: w }
}

pub(crate) fn push_span(spans: &mut Vec<Span>, op: Op, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = spans.last_mut() {
        if last.op == op {
            last.text.push_str(text);
            return;
        }
    }
    spans.push(Span { op, text: text.to_owned() });
}

/// Reorders every run of consecutive non-equal spans into one deletion then one
/// insertion: `[-a-]{+b+}[-c-]{+d+}` reads as `[-ac-]{+bd+}`. Rebuilding is unaffected,
/// since deletions keep their order among themselves and so do insertions.
pub(crate) fn normalize_spans(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let mut del = String::new();
    let mut ins = String::new();
    for s in spans {
        match s.op {
            Op::Equal => {
                push_span(&mut out, Op::Delete, &del);
                push_span(&mut out, Op::Insert, &ins);
                del.clear();
                ins.clear();
                push_span(&mut out, Op::Equal, &s.text);
            }
            Op::Delete => del.push_str(&s.text),
            Op::Insert => ins.push_str(&s.text),
        }
    }
    push_span(&mut out, Op::Delete, &del);
    push_span(&mut out, Op::Insert, &ins);
    out
}

/// The diff of two spans, under a shared deadline.
pub(crate) fn diff_until(old: &str, new: &str, opts: &Options, deadline: Instant) -> Diffed {
    if old == new {
        return replace_block(old, new, false);
    }
    if old.is_empty() || new.is_empty() {
        return replace_block(old, new, false);
    }
    if Instant::now() >= deadline {
        return replace_block(old, new, true);
    }
    let a = tokenize(old);
    let b = tokenize(new);
    let (ia, ib) = intern(&a, &b);
    // The longest common subsequence can keep at most the shared words, so when even
    // that leaves most words changed, the verdict (a replaced block) is known without
    // running the diff: the most expensive pairs are exactly the rewritten ones.
    if let Some(d) = surely_replaced(old, new, &a, &b, &ia, &ib, opts) {
        return d;
    }
    // Small inputs cannot run long; skipping the deadline there saves a clock read per
    // step of the search.
    let limit = (ia.len() + ib.len() > 4000).then_some(deadline);
    let ops = capture_diff_slices_deadline(Algorithm::Histogram, &ia, &ib, limit);
    // similar gives up on the remaining ranges once the deadline passes and reports them
    // as plain delete + insert: valid, only coarser. A late clock means that happened.
    let coarse = Instant::now() >= deadline;

    let mut segs: Vec<Seg> = Vec::with_capacity(ops.len());
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        push_seg(&mut segs, tag == DiffTag::Equal, o, n);
    }
    if !coarse {
        absorb_tiny_equalities(&mut segs, &a);
        semantic_cleanup(&mut segs, &a, &b, deadline);
        align_to_boundaries(&mut segs, &a, &b);
    }

    let total_words = a.iter().chain(b.iter()).filter(|t| token_class(t) == Class::Word).count();
    let mut changed_words = 0;
    for s in segs.iter().filter(|s| !s.equal) {
        changed_words += a[s.o.clone()].iter().filter(|t| token_class(t) == Class::Word).count();
        changed_words += b[s.n.clone()].iter().filter(|t| token_class(t) == Class::Word).count();
    }
    let ratio = if total_words == 0 { 1.0 } else { changed_words as f32 / total_words as f32 };
    if ratio >= opts.replace_ratio {
        let mut d = replace_block(old, new, coarse);
        d.changed_words = changed_words;
        d.total_words = total_words;
        return d;
    }

    let mut spans = Vec::with_capacity(segs.len() * 2);
    for s in &segs {
        if s.equal {
            push_span(&mut spans, Op::Equal, &a[s.o.clone()].concat());
        } else {
            push_span(&mut spans, Op::Delete, &a[s.o.clone()].concat());
            push_span(&mut spans, Op::Insert, &b[s.n.clone()].concat());
        }
    }
    Diffed { spans, coarse, replaced: false, changed_words, total_words }
}

/// Token ids: equal strings get equal ids, so the diff compares integers.
fn intern<'a>(a: &[&'a str], b: &[&'a str]) -> (Vec<u32>, Vec<u32>) {
    let mut ids: StrMap<'a> = StrMap::default();
    ids.reserve(a.len().min(4096));
    let mut id = |t: &'a str| -> u32 {
        let next = ids.len() as u32;
        *ids.entry(t).or_insert(next)
    };
    let ia = a.iter().map(|&t| id(t)).collect();
    let ib = b.iter().map(|&t| id(t)).collect();
    (ia, ib)
}

type StrMap<'a> = std::collections::HashMap<&'a str, u32, std::hash::BuildHasherDefault<crate::align::IdHasher>>;

#[allow(clippy::too_many_arguments)]
fn surely_replaced(old: &str, new: &str, a: &[&str], b: &[&str], ia: &[u32], ib: &[u32], opts: &Options) -> Option<Diffed> {
    let n_ids = ia.iter().chain(ib.iter()).max().map_or(0, |m| *m as usize + 1);
    let mut count = vec![0i32; n_ids];
    let (mut total, mut shared) = (0usize, 0usize);
    for (t, &i) in a.iter().zip(ia) {
        if token_class(t) == Class::Word {
            count[i as usize] += 1;
            total += 1;
        }
    }
    for (t, &i) in b.iter().zip(ib) {
        if token_class(t) == Class::Word {
            total += 1;
            if count[i as usize] > 0 {
                count[i as usize] -= 1;
                shared += 1;
            }
        }
    }
    if total == 0 {
        return None;
    }
    let least_changed = total - 2 * shared;
    if least_changed as f32 / total as f32 >= opts.replace_ratio {
        let mut d = replace_block(old, new, false);
        d.changed_words = least_changed;
        d.total_words = total;
        return Some(d);
    }
    None
}

/// Appends a run, merging it with the previous run of the same kind so that the list
/// alternates equal / change.
fn push_seg(segs: &mut Vec<Seg>, equal: bool, o: Range<usize>, n: Range<usize>) {
    if o.is_empty() && n.is_empty() {
        return;
    }
    if let Some(last) = segs.last_mut() {
        if last.equal == equal && last.o.end == o.start && last.n.end == n.start {
            last.o.end = o.end;
            last.n.end = n.end;
            return;
        }
    }
    segs.push(Seg { equal, o, n });
}

/// Rebuilds the list so that neighbours of the same kind are merged and empty runs drop.
fn renormalize(segs: &mut Vec<Seg>) {
    let old = std::mem::take(segs);
    for s in old {
        push_seg(segs, s.equal, s.o, s.n);
    }
}

/// `[-a-]{+b+} [-c-]{+d+}` becomes `[-a c-]{+b d+}`: an equality of at most three
/// space or punctuation tokens between two changes only chops one edit into confetti.
/// Line breaks are kept as anchors so each line's edits stay on that line.
fn absorb_tiny_equalities(segs: &mut Vec<Seg>, a: &[&str]) {
    if segs.len() < 3 {
        return;
    }
    let mut changed = false;
    for k in 1..segs.len() - 1 {
        let s = &segs[k];
        if !s.equal || segs[k - 1].equal || segs[k + 1].equal || s.o.len() > 3 {
            continue;
        }
        let tiny = a[s.o.clone()].iter().all(|t| matches!(token_class(t), Class::Space | Class::Punct));
        if tiny {
            segs[k].equal = false;
            changed = true;
        }
    }
    if changed {
        renormalize(segs);
    }
}

fn chars(toks: &[&str]) -> usize {
    toks.iter().map(|t| t.chars().count()).sum()
}

/// diff-match-patch's semantic cleanup: an equality no longer than the edits on both of
/// its sides is noise; fold it into one change. Equalities holding a line break stay.
fn semantic_cleanup(segs: &mut Vec<Seg>, a: &[&str], b: &[&str], deadline: Instant) {
    // Each pass is linear and merges cascade rightwards within a pass; a handful of
    // passes reaches the fixed point on real text. The cap bounds adversarial input.
    for _ in 0..16 {
        if segs.len() < 3 || Instant::now() >= deadline {
            return;
        }
        let mut changed = false;
        let mut k = 1;
        while k + 1 < segs.len() {
            let (prev, eq, next) = (&segs[k - 1], &segs[k], &segs[k + 1]);
            if eq.equal && !prev.equal && !next.equal {
                let eq_toks = &a[eq.o.clone()];
                let len = chars(eq_toks);
                let before = chars(&a[prev.o.clone()]).max(chars(&b[prev.n.clone()]));
                let after = chars(&a[next.o.clone()]).max(chars(&b[next.n.clone()]));
                let has_newline = eq_toks.iter().any(|t| token_class(t) == Class::Newline);
                if !has_newline && len <= before && len <= after {
                    let merged = Seg { equal: false, o: prev.o.start..next.o.end, n: prev.n.start..next.n.end };
                    segs.splice(k - 1..k + 2, [merged]);
                    changed = true;
                    // Stay on the merged change: it is now `prev` of the next equality.
                    continue;
                }
            }
            k += 1;
        }
        if !changed {
            return;
        }
    }
}

/// How good a place the gap between two tokens is for an edit to start or end.
fn boundary_score(prev: Option<&str>, next: Option<&str>) -> u8 {
    let (Some(p), Some(n)) = (prev, next) else { return 6 };
    let (pc, nc) = (token_class(p), token_class(n));
    if pc == Class::Newline || nc == Class::Newline {
        5
    } else if pc == Class::Space {
        3
    } else if nc == Class::Space {
        2
    } else if pc == Class::Punct || nc == Class::Punct {
        1
    } else {
        0
    }
}

/// Slides pure insertions and deletions along their equal neighbours to the most
/// readable position (`a {+x +}b` rather than `a{+ x+} b`); the edit itself is the same.
fn align_to_boundaries(segs: &mut [Seg], a: &[&str], b: &[&str]) {
    const REACH: usize = 8;
    for k in 1..segs.len().saturating_sub(1) {
        if segs[k].equal || !segs[k - 1].equal || !segs[k + 1].equal {
            continue;
        }
        let is_insert = segs[k].o.is_empty();
        if !is_insert && !segs[k].n.is_empty() {
            continue;
        }
        let (toks, r) = if is_insert { (b, segs[k].n.clone()) } else { (a, segs[k].o.clone()) };
        let left_room = segs[k - 1].o.len().saturating_sub(1).min(REACH);
        let right_room = segs[k + 1].o.len().saturating_sub(1).min(REACH);
        let score_at = |start: usize, end: usize| {
            let prev = start.checked_sub(1).map(|i| toks[i]);
            let next = toks.get(end).copied();
            let first = boundary_score(prev, Some(toks[start]));
            let last = boundary_score(Some(toks[end - 1]), next);
            first as u16 + last as u16
        };
        let mut best = (score_at(r.start, r.end), 0isize);
        // Sliding left by one is possible when the token before the edit equals its last.
        let mut s = 0;
        while s < left_room && toks[r.start - s - 1] == toks[r.end - s - 1] {
            s += 1;
            let sc = score_at(r.start - s, r.end - s);
            if sc > best.0 {
                best = (sc, -(s as isize));
            }
        }
        let mut s = 0;
        while s < right_room && r.end + s < toks.len() && toks[r.start + s] == toks[r.end + s] {
            s += 1;
            let sc = score_at(r.start + s, r.end + s);
            if sc > best.0 {
                best = (sc, s as isize);
            }
        }
        let shift = best.1;
        if shift == 0 {
            continue;
        }
        let mv = |x: usize| (x as isize + shift) as usize;
        segs[k].o = mv(segs[k].o.start)..mv(segs[k].o.end);
        segs[k].n = mv(segs[k].n.start)..mv(segs[k].n.end);
        segs[k - 1].o.end = mv(segs[k - 1].o.end);
        segs[k - 1].n.end = mv(segs[k - 1].n.end);
        segs[k + 1].o.start = mv(segs[k + 1].o.start);
        segs[k + 1].n.start = mv(segs[k + 1].n.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_everything() {
        let s = "Điều 5. Hợp tác xã,  liên hiệp\n(a) 17/2023/QH15…";
        let t = tokenize(s);
        assert_eq!(t.concat(), s);
        assert!(t.contains(&"Hợp") && t.contains(&"  ") && t.contains(&"\n") && t.contains(&","));
    }

    #[test]
    fn insertion_lands_on_word_start() {
        let d = diff_until("a b c d e f", "a b x c d e f", &Options::default(), Instant::now() + Options::default().deadline);
        let ins: Vec<&str> = d.spans.iter().filter(|s| s.op == Op::Insert).map(|s| s.text.as_str()).collect();
        assert_eq!(ins, ["x "]);
    }
}

//! The word diff of two texts: token ids through the Histogram diff, then the readability
//! passes (no confetti, semantic cleanup, boundaries, replaced blocks) into spans.

use std::ops::Range;
use std::time::{Duration, Instant};

use serde::Serialize;
use similar::DiffTag;

use crate::histogram;
use crate::measure::{lcs_len, LcsTables};
use crate::token::{Class, Lexicon, Tokens};

/// What a span does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), serde(rename = "DiffOp"))]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

/// A run of text with one [`Op`]. Serialises as `{"op":"equal","text":"…"}`; a
/// consequential change carries `"consequential":true` as well.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), serde(rename = "DiffSpan"))]
pub struct Span {
    pub op: Op,
    pub text: String,
    /// A delete/insert pair that only writes a reference's number again because its
    /// target was renumbered (“Điều 7” → “Điều 8”, the same unit): not an edit anyone
    /// made. Only the redline of two documents sets it; left out of the JSON when false,
    /// so a span still reads `{"op":"equal","text":"…"}`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub consequential: bool,
}

impl Span {
    /// A span that is not consequential.
    pub fn new(op: Op, text: impl Into<String>) -> Span {
        Span { op, text: text.into(), consequential: false }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The diff of two texts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextDiff {
    pub spans: Vec<Span>,
    /// The deadline passed: some of the diff is a block replacement where a finer one
    /// exists.
    pub coarse: bool,
    /// Most of the text changed, so it is shown as one deletion plus one insertion.
    pub replaced: bool,
}

/// Tuning of the diff.
#[derive(Clone, Debug)]
pub struct Options {
    /// Time budget for one [`diff_text`] call or one whole [`redline`](crate::redline()).
    /// Default 200 ms.
    pub deadline: Duration,
    /// Share of changed words (of both texts together) from which a unit is shown as a
    /// replaced block. Default 0.66.
    ///
    /// The default is the first cut's value; the history records no tuning. On the Law
    /// on Cooperatives 2012 → 2023 it is a knife edge: no other value from 0.40 to 0.90 (in
    /// steps of 0.01) gives the same redline (at 0.65 one article reads differently, at
    /// 0.67 five).
    pub replace_ratio: f32,
}

impl Default for Options {
    fn default() -> Options {
        Options { deadline: Duration::from_millis(200), replace_ratio: 0.66 }
    }
}

/// Word-level diff of any two texts (NFC expected; other forms are compared as they are).
/// See the crate docs for the guarantees and readability rules.
pub fn diff_text(old: &str, new: &str, opts: &Options) -> TextDiff {
    let deadline = Instant::now() + opts.deadline;
    diff_texts(old, new, opts, deadline)
}

/// Tokens `range` of a tokenised `text`.
#[derive(Clone, Copy)]
pub(crate) struct View<'t> {
    pub text: &'t str,
    pub toks: &'t Tokens,
    pub from: usize,
    pub to: usize,
}

impl<'t> View<'t> {
    pub fn whole(text: &'t str, toks: &'t Tokens) -> View<'t> {
        View { text, toks, from: 0, to: toks.ids.len() }
    }
    /// The tokens covering bytes `r` (a range starting and ending on token boundaries).
    pub fn bytes(text: &'t str, toks: &'t Tokens, r: Range<usize>) -> View<'t> {
        View { text, toks, from: toks.index_of(r.start), to: toks.index_of(r.end) }
    }
    fn ids(&self) -> &'t [u32] {
        &self.toks.ids[self.from..self.to]
    }
    fn str(&self) -> &'t str {
        self.span(0..self.to - self.from)
    }
    /// The text of tokens `r` (relative to the view).
    fn span(&self, r: Range<usize>) -> &'t str {
        &self.text[self.toks.starts.at(self.from + r.start)..self.toks.starts.at(self.from + r.end)]
    }
}

/// One run of the edit script over token indices. A change may delete, insert or both.
#[derive(Clone, Debug)]
struct Seg {
    equal: bool,
    o: Range<usize>,
    n: Range<usize>,
}

/// Buffers reused by every word diff of a redline.
#[derive(Default)]
pub(crate) struct Scratch {
    hist: histogram::Scratch,
    /// Per token id: occurrences among the old words ([`surely_replaced`]); all zero
    /// between uses.
    count: Vec<i32>,
    lcs: LcsTables,
    words: Vec<u32>,
    segs: Vec<Seg>,
    chars_a: Vec<u32>,
    chars_b: Vec<u32>,
}

/// Where the spans of diffs go: as they come (merging neighbours of the same op), or
/// grouped, each run of non-equal spans reordered into one deletion then one insertion
/// (`[-a-]{+b+}[-c-]{+d+}` reads as `[-ac-]{+bd+}`; rebuilding is unaffected, since
/// deletions keep their order among themselves and so do insertions).
pub(crate) struct Out {
    pub spans: Vec<Span>,
    grouped: bool,
    del: String,
    ins: String,
}

impl Out {
    pub fn new(grouped: bool) -> Out {
        Out { spans: Vec::new(), grouped, del: String::new(), ins: String::new() }
    }

    pub fn push(&mut self, op: Op, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.grouped {
            push_span(&mut self.spans, op, text);
            return;
        }
        match op {
            Op::Equal => {
                self.flush();
                push_span(&mut self.spans, Op::Equal, text);
            }
            Op::Delete => self.del.push_str(text),
            Op::Insert => self.ins.push_str(text),
        }
    }

    fn flush(&mut self) {
        push_span(&mut self.spans, Op::Delete, &self.del);
        push_span(&mut self.spans, Op::Insert, &self.ins);
        self.del.clear();
        self.ins.clear();
    }

    pub fn finish(mut self) -> Vec<Span> {
        self.flush();
        self.spans
    }
}

/// Result flags of one diff.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Flags {
    pub coarse: bool,
    pub replaced: bool,
}

/// A whole-block replacement: what a rewrite, a timeout or an unaligned pair shows.
pub(crate) fn replace_block(out: &mut Out, old: &str, new: &str, coarse: bool) -> Flags {
    if old == new {
        out.push(Op::Equal, old);
        return Flags { coarse, replaced: false };
    }
    out.push(Op::Delete, old);
    out.push(Op::Insert, new);
    Flags { coarse, replaced: !old.is_empty() && !new.is_empty() }
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
    spans.push(Span::new(op, text));
}

/// [`diff_text`] under a deadline already set: the diff of two whole texts.
pub(crate) fn diff_texts(old: &str, new: &str, opts: &Options, deadline: Instant) -> TextDiff {
    let mut out = Out::new(false);
    let f = if old == new || old.is_empty() || new.is_empty() {
        replace_block(&mut out, old, new, false)
    } else if Instant::now() >= deadline {
        replace_block(&mut out, old, new, true)
    } else {
        let mut lex = Lexicon::new();
        let (a, b) = (lex.tokenize(old), lex.tokenize(new));
        diff_views(
            &lex,
            View::whole(old, &a),
            View::whole(new, &b),
            opts,
            deadline,
            &mut Scratch::default(),
            &mut out,
        )
    };
    TextDiff { spans: out.finish(), coarse: f.coarse, replaced: f.replaced }
}

/// The diff of two token views under a shared deadline, written to `out`.
pub(crate) fn diff_views(
    lex: &Lexicon,
    a: View,
    b: View,
    opts: &Options,
    deadline: Instant,
    sc: &mut Scratch,
    out: &mut Out,
) -> Flags {
    let (old, new) = (a.str(), b.str());
    if old == new || old.is_empty() || new.is_empty() {
        return replace_block(out, old, new, false);
    }
    if Instant::now() >= deadline {
        return replace_block(out, old, new, true);
    }
    let (ia, ib) = (a.ids(), b.ids());
    let is_word = |id: &u32| lex.class(*id) == Class::Word;
    let total_words =
        ia.iter().filter(|i| is_word(i)).count() + ib.iter().filter(|i| is_word(i)).count();
    // The longest common subsequence can keep at most the shared words, so when even
    // that leaves most words changed, the verdict (a replaced block) is known without
    // running the diff: the most expensive pairs are exactly the rewritten ones.
    if surely_replaced(lex, ia, ib, total_words, opts, &mut sc.count)
        || lcs_says_replaced(lex, ia, ib, total_words, opts, sc)
    {
        return replace_block(out, old, new, false);
    }
    // Small inputs cannot run long; skipping the deadline there saves a clock read per
    // step of the search.
    let limit = (ia.len() + ib.len() > 4000).then_some(deadline);
    let ops = histogram::capture(ia, ib, lex.len(), limit, &mut sc.hist);
    // The search gives up on the remaining ranges once the deadline passes and reports
    // them as plain delete + insert: valid, only coarser. A late clock means that happened.
    let coarse = Instant::now() >= deadline;

    let segs = &mut sc.segs;
    segs.clear();
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        push_seg(segs, tag == DiffTag::Equal, o, n);
    }
    if !coarse {
        absorb_tiny_equalities(segs, lex, ia);
        prefix_chars(lex, ia, &mut sc.chars_a);
        prefix_chars(lex, ib, &mut sc.chars_b);
        semantic_cleanup(segs, lex, ia, &sc.chars_a, &sc.chars_b, deadline);
        align_to_boundaries(segs, lex, ia, ib);
    }

    let mut changed_words = 0;
    for s in segs.iter().filter(|s| !s.equal) {
        changed_words += ia[s.o.clone()].iter().filter(|i| is_word(i)).count();
        changed_words += ib[s.n.clone()].iter().filter(|i| is_word(i)).count();
    }
    let ratio = if total_words == 0 { 1.0 } else { changed_words as f32 / total_words as f32 };
    if ratio >= opts.replace_ratio {
        return replace_block(out, old, new, coarse);
    }
    for s in segs.iter() {
        if s.equal {
            out.push(Op::Equal, a.span(s.o.clone()));
        } else {
            out.push(Op::Delete, a.span(s.o.clone()));
            out.push(Op::Insert, b.span(s.n.clone()));
        }
    }
    Flags { coarse, replaced: false }
}

/// Cumulative character counts: `out[i]` is the length of tokens `..i`.
fn prefix_chars(lex: &Lexicon, ids: &[u32], out: &mut Vec<u32>) {
    out.clear();
    out.reserve(ids.len() + 1);
    let mut sum = 0u32;
    out.push(0);
    for &i in ids {
        sum += lex.chars(i);
        out.push(sum);
    }
}

fn surely_replaced(
    lex: &Lexicon,
    ia: &[u32],
    ib: &[u32],
    total: usize,
    opts: &Options,
    count: &mut Vec<i32>,
) -> bool {
    if total == 0 {
        return false;
    }
    if count.len() < lex.len() {
        count.resize(lex.len(), 0);
    }
    for &i in ia {
        if lex.class(i) == Class::Word {
            count[i as usize] += 1;
        }
    }
    let mut shared = 0usize;
    for &i in ib {
        if lex.class(i) == Class::Word && count[i as usize] > 0 {
            count[i as usize] -= 1;
            shared += 1;
        }
    }
    for &i in ia {
        count[i as usize] = 0;
    }
    let least_changed = total - 2 * shared;
    least_changed as f32 / total as f32 >= opts.replace_ratio
}

/// Old words [`lcs_says_replaced`] takes on (a clause has hundreds).
const LCS_MAX_WORDS: usize = 4096;
/// Machine-word steps [`lcs_says_replaced`] may take.
const LCS_MAX_WORK: usize = 1 << 21;

/// The tighter bound: whatever the diff keeps is a common subsequence, so its words are at
/// most the longest common subsequence of the two word sequences. Computed bit-parallel
/// (Hyyrö's LCS-length recurrence, 64 positions of the old words per machine word), so
/// it costs a small fraction of the diff it can save.
fn lcs_says_replaced(
    lex: &Lexicon,
    ia: &[u32],
    ib: &[u32],
    total: usize,
    opts: &Options,
    sc: &mut Scratch,
) -> bool {
    if total == 0 {
        return false;
    }
    let Scratch { lcs: tables, words, .. } = sc;
    words.clear();
    words.extend(ia.iter().copied().filter(|&i| lex.class(i) == Class::Word));
    let m = words.len();
    // Bounded memory (one mask of `m / 64` words per distinct old word) and work (a couple
    // of milliseconds): beyond that, leave it to the diff and its deadline.
    if m > LCS_MAX_WORDS || m.div_ceil(64).saturating_mul(ib.len()) > LCS_MAX_WORK {
        return false;
    }
    // Only old words have a match mask, so the other tokens of `ib` never match.
    let lcs = lcs_len(words, ib, lex.len(), tables);
    let least_changed = total - 2 * lcs;
    least_changed as f32 / total as f32 >= opts.replace_ratio
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
fn absorb_tiny_equalities(segs: &mut Vec<Seg>, lex: &Lexicon, a: &[u32]) {
    if segs.len() < 3 {
        return;
    }
    let mut changed = false;
    for k in 1..segs.len() - 1 {
        let s = &segs[k];
        if !s.equal || segs[k - 1].equal || segs[k + 1].equal || s.o.len() > 3 {
            continue;
        }
        let tiny =
            a[s.o.clone()].iter().all(|&t| matches!(lex.class(t), Class::Space | Class::Punct));
        if tiny {
            segs[k].equal = false;
            changed = true;
        }
    }
    if changed {
        renormalize(segs);
    }
}

/// diff-match-patch's semantic cleanup: an equality no longer than the edits on both of
/// its sides is noise; fold it into one change. Equalities holding a line break stay.
/// `ca` and `cb` are the cumulative character counts of `a` and the new tokens.
fn semantic_cleanup(
    segs: &mut Vec<Seg>,
    lex: &Lexicon,
    a: &[u32],
    ca: &[u32],
    cb: &[u32],
    deadline: Instant,
) {
    let chars = |c: &[u32], r: &Range<usize>| c[r.end] - c[r.start];
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
                let len = chars(ca, &eq.o);
                let before = chars(ca, &prev.o).max(chars(cb, &prev.n));
                let after = chars(ca, &next.o).max(chars(cb, &next.n));
                if len <= before
                    && len <= after
                    && !a[eq.o.clone()].iter().any(|&t| lex.class(t) == Class::Newline)
                {
                    let merged = Seg {
                        equal: false,
                        o: prev.o.start..next.o.end,
                        n: prev.n.start..next.n.end,
                    };
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
fn boundary_score(prev: Option<Class>, next: Option<Class>) -> u8 {
    let (Some(pc), Some(nc)) = (prev, next) else { return 6 };
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
fn align_to_boundaries(segs: &mut [Seg], lex: &Lexicon, a: &[u32], b: &[u32]) {
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
            let class = |i: usize| lex.class(toks[i]);
            let prev = start.checked_sub(1).map(class);
            let next = (end < toks.len()).then(|| class(end));
            let first = boundary_score(prev, Some(class(start)));
            let last = boundary_score(Some(class(end - 1)), next);
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
    fn bit_parallel_lcs_is_the_lcs() {
        use crate::measure::tests::lcs_reference as reference;
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut lex = Lexicon::new();
        let vocab: Vec<&'static str> =
            (0..12).map(|i| &*Box::leak(format!("w{i}").into_boxed_str())).collect();
        let ids: Vec<u32> = vocab.iter().map(|w| lex.tokenize(w).ids[0]).collect();
        let mut sc = Scratch::default();
        for case in 0..400 {
            let alphabet = 1 + case % 12;
            let la = (next() % if case % 5 == 0 { 300 } else { 70 }) as usize;
            let lb = (next() % 70) as usize;
            let a: Vec<u32> = (0..la).map(|_| ids[(next() % alphabet as u64) as usize]).collect();
            let b: Vec<u32> = (0..lb).map(|_| ids[(next() % alphabet as u64) as usize]).collect();
            let lcs = reference(&a, &b);
            let total = la + lb;
            if total == 0 {
                continue;
            }
            // The verdict flips exactly where the bound crosses the ratio.
            let ratio = (total - 2 * lcs) as f32 / total as f32;
            for r in [ratio - 0.001, ratio, ratio + 0.001] {
                let opts = Options { replace_ratio: r, ..Options::default() };
                assert_eq!(
                    lcs_says_replaced(&lex, &a, &b, total, &opts, &mut sc),
                    ratio >= r,
                    "{a:?} {b:?}"
                );
            }
            assert!(sc.lcs.is_clear());
        }
    }

    #[test]
    fn insertion_lands_on_word_start() {
        let d = diff_texts(
            "a b c d e f",
            "a b x c d e f",
            &Options::default(),
            Instant::now() + Options::default().deadline,
        );
        let ins: Vec<&str> =
            d.spans.iter().filter(|s| s.op == Op::Insert).map(|s| s.text.as_str()).collect();
        assert_eq!(ins, ["x "]);
    }
}

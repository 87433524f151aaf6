//! Set and sequence measures: similarity of sets (Jaccard, cosine), order-keeping
//! matchings (weighted LCS, longest increasing subsequence), the LCS length bound of the
//! replaced-block rule, and the index helpers that make them cheap (dense numbers for
//! hashes, packed inverted indexes). Pure functions of numbers: depends on nothing else
//! in the crate.

/// Size of the intersection of two sorted, deduplicated sets.
pub(crate) fn intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter
}

/// Jaccard of two sorted, deduplicated sets: shared over all.
pub(crate) fn jaccard(a: &[u64], b: &[u64]) -> f32 {
    jaccard_counts(intersection(a, b), a.len(), b.len())
}

/// Jaccard from the sizes: `inter` shared members of sets of `a` and `b` members. Two
/// empty sets are not similar (0, not 1): an empty clause says nothing about another.
pub(crate) fn jaccard_counts(inter: usize, a: usize, b: usize) -> f32 {
    if a == 0 && b == 0 {
        return 0.0;
    }
    inter as f32 / (a + b - inter) as f32
}

/// Set cosine: unlike Jaccard it does not punish an article for having grown, which is
/// what most revised articles do.
pub(crate) fn cosine(inter: usize, a: usize, b: usize) -> f32 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    inter as f32 / ((a as f32) * (b as f32)).sqrt()
}

/// A monotonic alignment maximising the summed weight of matched pairs (a weighted
/// LCS). `w(i, j)` is `None` for pairs that may not match. Returns the chain in order.
pub(crate) fn monotonic(
    n: usize,
    m: usize,
    w: impl Fn(usize, usize) -> Option<f32>,
) -> Vec<(usize, usize)> {
    monotonic_rows(n, m, |i, cells| cells.extend((0..m).filter_map(|j| Some((j, w(i, j)?)))))
}

/// [`monotonic`] with the pairs that may match given a row at a time: `row(i, cells)`
/// pushes `(j, weight)` for row `i`'s allowed pairs, `j` increasing. The same chain, for
/// callers that know which few pairs of a row can match (two revisions' articles are
/// mostly paired already, so most rows of their 500 × 500 table hold one pair).
///
/// The table is the classic one, `dp[i][j] = max(dp[i-1][j], dp[i][j-1],
/// dp[i-1][j-1] + w(i, j))`, with each row made as the row above (which never decreases
/// along `j`), raised at its allowed pairs, then carried forward as a running maximum: the
/// same maxima of the same sums, so the same floats and the same chain, without a call
/// per cell. Only two rows of floats are kept; of the others, only what the chain is
/// read back by ([`Steps`]).
pub(crate) fn monotonic_rows(
    n: usize,
    m: usize,
    row: impl FnMut(usize, &mut Vec<(usize, f32)>),
) -> Vec<(usize, usize)> {
    let mut steps = Steps { m, cells: Vec::with_capacity(n * m) };
    table_rows(n, m, row, |prev, cur| steps.push_row(prev, cur));
    steps.chain(n)
}

/// Makes the rows `1..=n` of the table of [`monotonic_rows`] in order, calling
/// `each(row i - 1, row i)` with each (`m + 1` floats).
fn table_rows(
    n: usize,
    m: usize,
    mut row: impl FnMut(usize, &mut Vec<(usize, f32)>),
    mut each: impl FnMut(&[f32], &[f32]),
) {
    let cols = m + 1;
    let (mut prev, mut cur) = (vec![0f32; cols], vec![0f32; cols]);
    let mut cells = Vec::new();
    for i in 1..=n {
        cells.clear();
        row(i - 1, &mut cells);
        cur.copy_from_slice(&prev);
        if let (Some(&(first, _)), Some(&(last, _))) = (cells.first(), cells.last()) {
            for &(j, x) in &cells {
                cur[j + 1] = cur[j + 1].max(prev[j] + x);
            }
            for j in first + 2..(last + 2).min(cols) {
                cur[j] = cur[j].max(cur[j - 1]);
            }
            // Past the last raised cell the running maximum is the row above, raised to
            // the last cell's value: the row above never decreases, so `max(prev[j],
            // cur[j - 1])` unrolls to `max(prev[j], cur[last + 1])`. The same floats,
            // without the serial chain of one maximum waiting on the one before (a third
            // of the alignment's time on a revision, whose rows mostly raise one cell
            // near their start).
            let top = cur[last + 1];
            for x in &mut cur[(last + 2).min(cols)..] {
                *x = x.max(top);
            }
        }
        each(&prev, &cur);
        std::mem::swap(&mut prev, &mut cur);
    }
}

/// What reading the chain back asks of each cell `(i, j)`, `i, j ≥ 1`, of the table: is
/// it equal to the cell above ([`Steps::UP`]), or else to the cell on its left
/// ([`Steps::LEFT`])? Neither: the pair `(i - 1, j - 1)` is on the chain. A byte a cell,
/// not the table's float: the whole table of a revision's articles is half a megabyte,
/// a hundred pages touched for the first time, of which the chain reads one path.
struct Steps {
    m: usize,
    /// Row-major, `n × m`.
    cells: Vec<u8>,
}

impl Steps {
    const UP: u8 = 1;
    const LEFT: u8 = 2;

    fn push_row(&mut self, prev: &[f32], cur: &[f32]) {
        // Cell j of this row against cell j of the row above and cell j - 1 of this one,
        // for j = 1..=m, as slices zipped (so the compiler compares many at a time).
        let (here, left) = (&cur[1..], &cur[..cur.len() - 1]);
        let row = here.iter().zip(&prev[1..]).zip(left).map(|((h, up), left)| {
            (u8::from(h == up) * Steps::UP) | (u8::from(h == left) * Steps::LEFT)
        });
        self.cells.extend(row);
    }

    /// The chain read back from the bottom-right corner: up while the cell above is the
    /// same, else left while the cell on the left is, else a pair.
    fn chain(&self, n: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let (mut i, mut j) = (n, self.m);
        while i > 0 && j > 0 {
            let step = self.cells[(i - 1) * self.m + j - 1];
            if step & Steps::UP != 0 {
                i -= 1;
            } else if step & Steps::LEFT != 0 {
                j -= 1;
            } else {
                out.push((i - 1, j - 1));
                i -= 1;
                j -= 1;
            }
        }
        out.reverse();
        out
    }
}

/// Longest increasing subsequence of `seq` (values distinct): the positions on it.
pub(crate) fn lis(seq: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // positions in seq
    let mut prev = vec![usize::MAX; seq.len()];
    for (p, &v) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < v);
        if k > 0 {
            prev[p] = tails[k - 1];
        }
        if k == tails.len() {
            tails.push(p);
        } else {
            tails[k] = p;
        }
    }
    let mut on = vec![false; seq.len()];
    let mut cur = tails.last().copied();
    while let Some(p) = cur {
        on[p] = true;
        cur = (prev[p] != usize::MAX).then(|| prev[p]);
    }
    on
}

/// Length of the common prefix of two byte strings, eight bytes at a time.
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_le_bytes(a[i..i + 8].try_into().unwrap());
        let y = u64::from_le_bytes(b[i..i + 8].try_into().unwrap());
        if x != y {
            return i + ((x ^ y).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + a[i..n].iter().zip(&b[i..n]).take_while(|(x, y)| x == y).count()
}

/// `n` zeros, written now. A table that is read before it is written (counts, hash
/// slots) and allocated zeroed is first mapped to the kernel's shared zero page, then
/// copied at its first write: two faults a page, and with both cores busy the second
/// flushes the other core's address translations (an interrupt, which on a virtual
/// machine leaves the guest). Written at once, each page faults once.
pub(crate) fn written_zeros<T: Copy + Default>(n: usize) -> Vec<T> {
    let mut v = Vec::with_capacity(n);
    // An opaque zero: a fill the compiler can see is zero may become a zeroed allocation.
    v.resize(n, std::hint::black_box(T::default()));
    v
}

/// Packed inverted index of `sets` (of numbers below `count`): the members holding `g`
/// are `postings[offsets[g]..offsets[g + 1]]`, in order.
pub(crate) fn inverted<'s>(
    sets: impl Iterator<Item = &'s [u32]> + Clone,
    count: usize,
) -> (Vec<u32>, Vec<u32>) {
    let mut offsets = written_zeros::<u32>(count + 1);
    for s in sets.clone() {
        for &g in s {
            offsets[g as usize + 1] += 1;
        }
    }
    for g in 0..count {
        offsets[g + 1] += offsets[g];
    }
    let mut postings = vec![0u32; offsets[count] as usize];
    // `offsets[g]` serves as `g`'s cursor, which ends where `g + 1` starts; the list is
    // then shifted back by one. (A second list of cursors was one more table of a
    // number per shingle, first touched.)
    for (j, s) in sets.enumerate() {
        for &g in s {
            postings[offsets[g as usize] as usize] = j as u32;
            offsets[g as usize] += 1;
        }
    }
    offsets.copy_within(..count, 1);
    offsets[0] = 0;
    (offsets, postings)
}

/// Dense numbers for 64-bit shingle hashes, in order of first sight: an open-addressing
/// table, cheaper than a general map for the tens of thousands of shingles of a law.
///
/// A slot holds only a number (4 bytes); the key of each number is kept once, in order,
/// and is what the table hands back ([`Numbers::keys`]). A slot of key and number would
/// be 16 bytes: a law pair's shingles grew such tables to megabytes, each megabyte
/// 256 first-touch page faults in a process that lives for milliseconds. The slots are
/// kept at most a quarter full: at half, a lookup's probes past other keys (each a load
/// of that key and an unpredictable branch) were a twentieth of the shingles' time.
#[derive(Default)]
pub(crate) struct Numbers {
    /// `1 + number`; 0 marks a free slot.
    slots: Vec<u32>,
    keys: Vec<u64>,
}

impl Numbers {
    /// A table with room for about `keys` keys before it grows. Grown by doubling from
    /// empty, a table first touches the pages of every size it passes through.
    pub fn with_capacity(keys: usize) -> Numbers {
        if keys == 0 {
            return Numbers::default();
        }
        let slots = (keys.saturating_mul(4)).next_power_of_two().max(1024);
        Numbers { slots: written_zeros(slots), keys: Vec::with_capacity(keys) }
    }

    pub fn clear(&mut self) {
        if !self.keys.is_empty() {
            self.slots.iter_mut().for_each(|s| *s = 0);
            self.keys.clear();
        }
    }

    /// The key of each number, in order: `keys()[n]` was numbered `n`.
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    /// How many keys are numbered.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    fn slot(k: u64, mask: usize) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
    }

    /// The number of `k`, a new one if it was not seen. Inlined into the shingle loop,
    /// which calls it for every word of every article scored.
    #[inline]
    pub fn number(&mut self, k: u64) -> u32 {
        if (self.keys.len() + 1) * 4 > self.slots.len() {
            self.grow();
        }
        match self.probe(k) {
            Ok(n) => n,
            Err(free) => {
                self.keys.push(k);
                self.slots[free] = self.keys.len() as u32;
                self.keys.len() as u32 - 1
            }
        }
    }

    /// The number of `k`, if it has one.
    pub fn find(&self, k: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(k).ok()
    }

    /// `k`'s number, or the free slot where it would go. The table must have slots.
    #[inline]
    fn probe(&self, k: u64) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = Self::slot(k, mask);
        loop {
            match self.slots[i] {
                0 => return Err(i),
                n if self.keys[n as usize - 1] == k => return Ok(n - 1),
                _ => i = (i + 1) & mask,
            }
        }
    }

    #[inline(never)]
    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(1024);
        self.slots = written_zeros(cap);
        for (n, &k) in self.keys.iter().enumerate() {
            let mut i = Self::slot(k, cap - 1);
            while self.slots[i] != 0 {
                i = (i + 1) & (cap - 1);
            }
            self.slots[i] = n as u32 + 1;
        }
    }
}

/// Tables of [`lcs_len`], reused across calls.
#[derive(Default)]
pub(crate) struct LcsTables {
    /// Per value: 1 + the index of its match mask, 0 when it is not in `a`. All zero
    /// between calls.
    slot: Vec<u32>,
    masks: Vec<u64>,
    bits: Vec<u64>,
}

impl LcsTables {
    /// Whether the per-value table is back to all zero, as every call must leave it.
    #[cfg(test)]
    pub(crate) fn is_clear(&self) -> bool {
        self.slot.iter().all(|&s| s == 0)
    }
}

/// Length of the longest common subsequence of `a` and `b` (values below `n_ids`).
/// Bit-parallel (Hyyrö's LCS-length recurrence, 64 positions of `a` per machine word):
/// `a.len().div_ceil(64) × b.len()` word steps and one mask of that many words per
/// distinct value of `a`, so callers bound those.
pub(crate) fn lcs_len(a: &[u32], b: &[u32], n_ids: usize, t: &mut LcsTables) -> usize {
    let LcsTables { slot, masks, bits } = t;
    if slot.len() < n_ids {
        slot.resize(n_ids, 0);
    }
    let m = a.len();
    let w = m.div_ceil(64);
    masks.clear();
    let mut distinct = 0usize;
    for (p, &id) in a.iter().enumerate() {
        let s = &mut slot[id as usize];
        if *s == 0 {
            distinct += 1;
            *s = distinct as u32;
            masks.resize(distinct * w, 0);
        }
        masks[(*s as usize - 1) * w + p / 64] |= 1u64 << (p % 64);
    }
    bits.clear();
    bits.resize(w, !0u64);
    for &id in b {
        let k = slot[id as usize];
        if k == 0 {
            continue;
        }
        let mask = &masks[(k as usize - 1) * w..k as usize * w];
        let mut carry = 0u64;
        for (v, &mk) in bits.iter_mut().zip(mask) {
            let u = *v & mk;
            let (sum, c1) = v.overflowing_add(u);
            let (sum, c2) = sum.overflowing_add(carry);
            carry = (c1 | c2) as u64;
            *v = sum | (*v & !mk);
        }
    }
    for &id in a {
        slot[id as usize] = 0;
    }
    // Zero bits among the first m positions count the LCS.
    let mut lcs = 0usize;
    for (k, v) in bits.iter().enumerate() {
        let valid = if k + 1 == w && m % 64 != 0 { (1u64 << (m % 64)) - 1 } else { !0 };
        lcs += (!v & valid).count_ones() as usize;
    }
    lcs
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Small deterministic pseudo-random numbers (xorshift), so the brute-force checks
    /// run on the same inputs every time.
    fn xorshift(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |below| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % below
        }
    }

    #[test]
    fn set_measures() {
        // (a, b, |a ∩ b|, Jaccard), computed by hand.
        let cases: &[(&[u64], &[u64], usize, f32)] = &[
            (&[], &[], 0, 0.0),
            (&[], &[1, 2], 0, 0.0),
            (&[1, 2, 3], &[1, 2, 3], 3, 1.0),
            (&[1, 2], &[3, 4], 0, 0.0),
            (&[1, 2, 3], &[2, 3, 4], 2, 0.5),
            (&[1, 3, 5, 7], &[3, 7], 2, 0.5),
            (&[1], &[1, 2, 3, 4], 1, 0.25),
            (&[0, u64::MAX], &[u64::MAX], 1, 0.5),
        ];
        for &(a, b, inter, jac) in cases {
            assert_eq!(intersection(a, b), inter, "{a:?} ∩ {b:?}");
            assert_eq!(intersection(b, a), inter, "{b:?} ∩ {a:?}");
            assert_eq!(jaccard(a, b), jac, "jaccard {a:?} {b:?}");
            assert_eq!(jaccard_counts(inter, a.len(), b.len()), jac, "{a:?} {b:?}");
        }
    }

    #[test]
    fn cosine_of_sizes() {
        // (shared, |a|, |b|, cosine), computed by hand.
        let cases: &[(usize, usize, usize, f32)] = &[
            (0, 0, 0, 0.0),
            (0, 0, 5, 0.0),
            (0, 5, 0, 0.0),
            (3, 3, 3, 1.0),
            (0, 4, 9, 0.0),
            (2, 4, 9, 2.0 / 6.0),
            // An article that kept its 4 shingles and grew to 16: cosine 0.5 where
            // Jaccard says 0.25.
            (4, 4, 16, 0.5),
        ];
        for &(inter, a, b, want) in cases {
            assert!((cosine(inter, a, b) - want).abs() < 1e-6, "cosine({inter}, {a}, {b})");
            assert_eq!(cosine(inter, a, b), cosine(inter, b, a));
        }
        assert_eq!(jaccard_counts(4, 4, 16), 0.25);
    }

    /// Checks that `on` marks an increasing subsequence of `seq` of the greatest length,
    /// found by trying every subset.
    fn check_lis(seq: &[usize], on: &[bool]) {
        assert_eq!(on.len(), seq.len());
        let picked: Vec<usize> = seq.iter().zip(on).filter(|(_, &o)| o).map(|(&v, _)| v).collect();
        assert!(picked.windows(2).all(|w| w[0] < w[1]), "{seq:?}: {picked:?} not increasing");
        let mut best = 0;
        for mask in 0u32..1 << seq.len() {
            let sub: Vec<usize> =
                (0..seq.len()).filter(|&p| mask & 1 << p != 0).map(|p| seq[p]).collect();
            if sub.windows(2).all(|w| w[0] < w[1]) {
                best = best.max(sub.len());
            }
        }
        assert_eq!(picked.len(), best, "{seq:?}: {picked:?} is not a longest one");
    }

    #[test]
    fn lis_marks_a_longest_increasing_subsequence() {
        // (sequence, the positions on the subsequence found), by hand.
        let cases: &[(&[usize], &[bool])] = &[
            (&[], &[]),
            (&[7], &[true]),
            (&[0, 1, 2], &[true, true, true]),
            (&[2, 1, 0], &[false, false, true]),
            (&[3, 0, 1, 4, 2], &[false, true, true, false, true]),
            // An article moved from the end to the front: everything else stays on.
            (&[5, 0, 1, 2, 3, 4], &[false, true, true, true, true, true]),
        ];
        for &(seq, want) in cases {
            assert_eq!(lis(seq), want, "{seq:?}");
            check_lis(seq, &lis(seq));
        }
        // Against brute force: shuffled prefixes of 0..n.
        let mut rnd = xorshift(0x2545_F491_4F6C_DD1D);
        for case in 0..300 {
            let n = case % 11;
            let mut seq: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                seq.swap(i, rnd(i as u64 + 1) as usize);
            }
            // Gaps between values, as the alignment's old indices have.
            let seq: Vec<usize> = seq.iter().map(|&v| v * 3 + rnd(3) as usize).collect();
            check_lis(&seq, &lis(&seq));
        }
    }

    /// The weight of the best monotonic matching, by trying every one.
    fn best_matching(n: usize, m: usize, w: &dyn Fn(usize, usize) -> Option<f32>) -> f32 {
        fn go(
            i: usize,
            j: usize,
            n: usize,
            m: usize,
            w: &dyn Fn(usize, usize) -> Option<f32>,
        ) -> f32 {
            if i == n || j == m {
                return 0.0;
            }
            let mut best = go(i + 1, j, n, m, w).max(go(i, j + 1, n, m, w));
            if let Some(x) = w(i, j) {
                best = best.max(x + go(i + 1, j + 1, n, m, w));
            }
            best
        }
        go(0, 0, n, m, w)
    }

    /// The table filled cell by cell, as `monotonic` did before it took rows.
    fn dense(n: usize, m: usize, w: &dyn Fn(usize, usize) -> Option<f32>) -> Vec<f32> {
        let cols = m + 1;
        let mut dp = vec![0f32; (n + 1) * cols];
        for i in 1..=n {
            for j in 1..=m {
                let mut best = dp[(i - 1) * cols + j].max(dp[i * cols + j - 1]);
                if let Some(x) = w(i - 1, j - 1) {
                    best = best.max(dp[(i - 1) * cols + j - 1] + x);
                }
                dp[i * cols + j] = best;
            }
        }
        dp
    }

    /// The same floats, bit for bit, as the cell-by-cell table, and the same steps read
    /// from them.
    fn same_table(n: usize, m: usize, w: &dyn Fn(usize, usize) -> Option<f32>) {
        let mut rows = vec![0f32; m + 1];
        let mut steps = Steps { m, cells: Vec::new() };
        let allowed = |i: usize, cells: &mut Vec<(usize, f32)>| {
            cells.extend((0..m).filter_map(|j| Some((j, w(i, j)?))));
        };
        table_rows(n, m, allowed, |prev, cur| {
            rows.extend_from_slice(cur);
            steps.push_row(prev, cur);
        });
        let bits = |t: &[f32]| t.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        let cells = dense(n, m, w);
        assert_eq!(bits(&rows), bits(&cells), "rows against cells");
        let cols = m + 1;
        let at = |i: usize, j: usize| cells[i * cols + j];
        let want: Vec<u8> = (1..=n)
            .flat_map(|i| (1..=m).map(move |j| (i, j)))
            .map(|(i, j)| {
                let up = if at(i, j) == at(i - 1, j) { Steps::UP } else { 0 };
                up | if at(i, j) == at(i, j - 1) { Steps::LEFT } else { 0 }
            })
            .collect();
        assert_eq!(steps.cells, want, "steps against cells");
    }

    fn check_monotonic(n: usize, m: usize, w: &dyn Fn(usize, usize) -> Option<f32>) {
        same_table(n, m, w);
        let chain = monotonic(n, m, w);
        assert!(chain.windows(2).all(|p| p[0].0 < p[1].0 && p[0].1 < p[1].1), "{chain:?}");
        let mut total = 0.0;
        for &(i, j) in &chain {
            assert!(i < n && j < m);
            total += w(i, j).expect("a forbidden pair was matched");
        }
        assert_eq!(total, best_matching(n, m, w), "{chain:?}");
    }

    #[test]
    fn monotonic_is_the_heaviest_order_keeping_matching() {
        // (n, m, allowed pairs with weights, expected chain), by hand.
        type Weights = &'static [(usize, usize, f32)];
        type Chain = &'static [(usize, usize)];
        let cases: &[(usize, usize, Weights, Chain)] = &[
            (0, 0, &[], &[]),
            (0, 3, &[], &[]),
            (3, 3, &[], &[]),
            (3, 3, &[(0, 0, 1.0), (1, 1, 1.0), (2, 2, 1.0)], &[(0, 0), (1, 1), (2, 2)]),
            // Two pairs that cross: the heavier one wins.
            (2, 2, &[(0, 1, 1.0), (1, 0, 3.0)], &[(1, 0)]),
            // Two light pairs in order outweigh one heavy pair crossing both.
            (3, 3, &[(0, 0, 2.0), (1, 1, 2.0), (2, 0, 3.0)], &[(0, 0), (1, 1)]),
            // An inserted row and a removed column.
            (3, 3, &[(0, 0, 1.0), (2, 1, 1.0), (1, 2, 0.5)], &[(0, 0), (2, 1)]),
        ];
        for &(n, m, pairs, want) in cases {
            let w = |i: usize, j: usize| pairs.iter().find(|p| p.0 == i && p.1 == j).map(|p| p.2);
            assert_eq!(monotonic(n, m, w), want, "{pairs:?}");
            check_monotonic(n, m, &w);
        }
        // Against brute force: small integer weights (exact in f32), some pairs forbidden.
        let mut rnd = xorshift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..300 {
            let (n, m) = (rnd(6) as usize, rnd(6) as usize);
            let table: Vec<Option<f32>> =
                (0..n * m).map(|_| (rnd(3) != 0).then(|| rnd(5) as f32 + 1.0)).collect();
            check_monotonic(n, m, &|i, j| table[i * m + j]);
        }
        // Rows against cells on bigger tables of scores like the articles' (fractions whose
        // sums round, most rows with one pair or none), where brute force is too slow.
        for round in 0..200 {
            let (n, m) = (rnd(40) as usize, rnd(40) as usize);
            let dense_row = round % 4 == 0;
            let table: Vec<Option<f32>> = (0..n * m)
                .map(|_| (dense_row || rnd(8) == 0).then(|| rnd(1000) as f32 / 997.0))
                .collect();
            same_table(n, m, &|i, j| table[i * m + j]);
        }
    }

    #[test]
    fn inverted_index_lists_the_holders_in_order() {
        // (sets, count, offsets, postings), by hand.
        type Sets = &'static [&'static [u32]];
        let cases: &[(Sets, usize, &[u32], &[u32])] = &[
            (&[], 0, &[0], &[]),
            (&[&[], &[]], 2, &[0, 0, 0], &[]),
            (&[&[0, 2], &[], &[2, 1]], 3, &[0, 1, 2, 4], &[0, 2, 0, 2]),
            (&[&[1], &[1], &[1]], 3, &[0, 0, 3, 3], &[0, 1, 2]),
        ];
        for &(sets, count, offsets, postings) in cases {
            let (o, p) = inverted(sets.iter().copied(), count);
            assert_eq!((o.as_slice(), p.as_slice()), (offsets, postings), "{sets:?}");
        }
    }

    #[test]
    fn numbers_are_dense_in_order_of_first_sight() {
        let mut nums = Numbers::default();
        let keys = [42, 7, 42, u64::MAX, 0, 7, 0];
        let got: Vec<u32> = keys.iter().map(|&k| nums.number(k)).collect();
        assert_eq!(got, [0, 1, 0, 2, 3, 1, 3]);
        // Past several growths of the table, every key keeps its number.
        let many: Vec<u64> = (0..5000u64).map(|k| k.wrapping_mul(0x9E37_79B9_7F4A_7C15)).collect();
        nums.clear();
        for (n, &k) in many.iter().enumerate() {
            assert_eq!(nums.number(k), n as u32);
        }
        for (n, &k) in many.iter().enumerate().rev() {
            assert_eq!(nums.number(k), n as u32);
        }
        nums.clear();
        assert_eq!((nums.number(many[4999]), nums.number(1), nums.number(many[4999])), (0, 1, 0));
        // Looking up numbers none.
        assert_eq!(
            (nums.find(many[4999]), nums.find(1), nums.find(many[0])),
            (Some(0), Some(1), None)
        );
        assert_eq!(Numbers::default().find(0), None);
    }

    /// The textbook dynamic programme (the LCS bound in `text` is checked against it too).
    pub(crate) fn lcs_reference(a: &[u32], b: &[u32]) -> usize {
        let mut prev = vec![0usize; b.len() + 1];
        for &x in a {
            let mut cur = vec![0usize; b.len() + 1];
            for (j, &y) in b.iter().enumerate() {
                cur[j + 1] = if x == y { prev[j] + 1 } else { cur[j].max(prev[j + 1]) };
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn lcs_len_is_the_lcs() {
        let word = |s: &str| s.bytes().map(u32::from).collect::<Vec<u32>>();
        let up: Vec<u32> = (0..150).collect();
        let down: Vec<u32> = (0..150).rev().collect();
        // (a, b, LCS length), by hand.
        let cases: &[(&[u32], &[u32], usize)] = &[
            (&[], &[], 0),
            (&[], &[1, 2], 0),
            (&[1, 2], &[], 0),
            (&[1, 2, 3], &[1, 2, 3], 3),
            (&[1, 2], &[3, 4], 0),
            (&word("ABCBDAB"), &word("BDCABA"), 4),
            (&[1, 1, 1], &[1, 1], 2),
            // More than one machine word of positions, and not a multiple of 64.
            (&up, &up, 150),
            (&up, &down, 1),
            (&up[..64], &up[..64], 64),
            (&up[..65], &up[1..], 64),
        ];
        let mut t = LcsTables::default();
        for &(a, b, want) in cases {
            assert_eq!(lcs_len(a, b, 256, &mut t), want, "{a:?} {b:?}");
            assert_eq!(lcs_len(b, a, 256, &mut t), want, "{b:?} {a:?}");
            assert!(t.is_clear());
        }
        let mut rnd = xorshift(0x2545_F491_4F6C_DD1D);
        for case in 0..400 {
            let alphabet = 1 + case % 12;
            let la = rnd(if case % 5 == 0 { 300 } else { 70 }) as usize;
            let lb = rnd(70) as usize;
            let a: Vec<u32> = (0..la).map(|_| rnd(alphabet) as u32).collect();
            let b: Vec<u32> = (0..lb).map(|_| rnd(alphabet + 2) as u32).collect();
            assert_eq!(lcs_len(&a, &b, 16, &mut t), lcs_reference(&a, &b), "{a:?} {b:?}");
            assert!(t.is_clear());
        }
    }
}

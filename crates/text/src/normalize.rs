//! Input normalisation shared by every entry point, so that equal texts parse equally
//! whatever their encoding accidents (CRLF, NFD, non-breaking spaces, tabs).

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Strips a leading BOM, turns CRLF and lone CR into LF, and NFC-normalises.
pub(crate) fn normalize_text(s: &str) -> Cow<'_, str> {
    let s = s.strip_prefix('\u{FEFF}').unwrap_or(s);
    // memchr's vector search: std's `contains` reads a word at a time.
    let s: Cow<'_, str> = if memchr::memchr(b'\r', s.as_bytes()).is_some() {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    };
    if is_nfc(&s) {
        s
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// NFC without the other normalisations.
pub(crate) fn nfc(s: &str) -> String {
    if is_nfc(s) {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// Whether `s` is surely NFC. Vietnamese text is almost all in blocks whose every
/// character is a starter that NFC leaves alone (ASCII and Latin-1 to Latin Extended-B
/// and IPA, U+0000–U+02FF; Latin Extended Additional, U+1E00–U+1EFF, the precomposed
/// letters with two marks; the dashes, quotes and ellipsis of U+2010–U+2027), so one
/// byte scan answers for those without the per-character table lookups of
/// `is_nfc_quick`, which half the time of decoding a law took. Anything else goes to
/// `is_nfc_quick`; a `Maybe` counts as no (the caller normalises, which is exact).
fn is_nfc(s: &str) -> bool {
    !any_window(s.as_bytes(), outside_lead, outside) || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// The lead byte of a character past U+02FF (CC–FF; ASCII, C2–CB and continuation bytes
/// 80–BF are below), unless it begins U+1E00–U+1EFF (E1 B8–BB) or U+2010–U+2027
/// (E2 80 90–A7): characters [`is_nfc`] must look at.
#[inline(always)]
fn outside(b: u8, n: u8, a: u8) -> bool {
    outside_lead(b, n) & !((b == 0xE2) & (n == 0x80) & (a.wrapping_sub(0x90) <= 0x17))
}

/// [`outside`] without its third byte: true wherever `outside` is.
#[inline(always)]
fn outside_lead(b: u8, n: u8) -> bool {
    (b >= 0xCC) & !((b == 0xE1) & ((n & 0xFC) == 0xB8))
}

/// Whether `hit(byte, next, after)` holds at some byte of `b`, given the byte and the two
/// after it (0 past the end). The byte scans of every input (refused characters, NFC,
/// clean lines) are this loop, run on every byte of every file, so it looks at blocks of
/// [`WINDOW`] bytes and their two followers at once: written with `&` and `|` rather than
/// `&&` and `||`, a `hit` has no branch, and the compiler checks a block in a few vector
/// instructions instead of a table lookup and a branch per byte.
///
/// `lead(byte, next)` must hold wherever `hit` does (each pair of predicates has an
/// exhaustive test of that): a cheaper test of fewer terms, run on a block first. The
/// characters a scan looks for are rare, so nearly every block is passed on `lead`
/// alone, at half the instructions or less.
#[inline(always)]
pub(crate) fn any_window(
    b: &[u8],
    lead: impl Fn(u8, u8) -> bool,
    hit: impl Fn(u8, u8, u8) -> bool,
) -> bool {
    let mut i = 0;
    while i + WINDOW + 2 <= b.len() {
        if block_hit(&b[i..], WINDOW, &lead, &hit) {
            return true;
        }
        i += WINDOW;
    }
    if i == b.len() {
        return false;
    }
    // The last bytes (fewer than a block and two). When there is a whole block before
    // them, the block that ends two bytes short of the end, over bytes already looked at
    // (no harm to an "any"), then the last two, with zeros past the end. A line is
    // mostly that: copying its end into a padded block and reading the block back at an
    // offset of one and two stalled on the store (a tenth of the clean-line scan's time).
    let n = b.len();
    if n >= WINDOW + 2 {
        return block_hit(&b[n - WINDOW - 2..], WINDOW, &lead, &hit)
            || hit(b[n - 2], b[n - 1], 0)
            || hit(b[n - 1], 0, 0);
    }
    // A short text: copied into a block padded with zeros.
    let rest = &b[i..];
    let mut tail = [0u8; WINDOW + 3];
    tail[..rest.len()].copy_from_slice(rest);
    block_hit(&tail, rest.len(), &lead, &hit)
        || (rest.len() > WINDOW && hit(tail[WINDOW], tail[WINDOW + 1], 0))
}

/// Whether a hit of [`any_window`] is among the first `limit` bytes of
/// `b[..WINDOW + 2]`. Inlined into each scan: called per block, it cost a fifth more.
#[inline(always)]
fn block_hit(
    b: &[u8],
    limit: usize,
    lead: &impl Fn(u8, u8) -> bool,
    hit: &impl Fn(u8, u8, u8) -> bool,
) -> bool {
    let block = |k: usize| -> &[u8; WINDOW] {
        b[k..k + WINDOW].try_into().expect("a block is WINDOW bytes")
    };
    let (byte, next, after) = (block(0), block(1), block(2));
    let mut maybe = false;
    for k in 0..WINDOW {
        maybe |= lead(byte[k], next[k]) & (k < limit);
    }
    if !maybe {
        return false;
    }
    let mut any = false;
    for k in 0..WINDOW {
        any |= hit(byte[k], next[k], after[k]) & (k < limit);
    }
    any
}

/// The bytes of [`PAIR_WINDOW`] from `base` on at which `test(byte, next)` holds, as
/// bits (bit k for byte `base + k`; past the end the bytes read as zeros). The byte
/// scans that need every position, not only whether there is one (the tokenizer's word
/// ends, the reference keywords), look at 64 bytes at once this way: each byte is tested
/// by the same expression with `&` and `|` and no branch, so the compiler tests 16 at a
/// time in vector registers, and the answers are packed into bits eight at a time by a
/// multiplication. The caller then visits only the set bits.
#[inline(always)]
pub fn pair_bits(b: &[u8], base: usize, test: impl Fn(u8, u8) -> bool) -> u64 {
    let mut padded = [0u8; PAIR_WINDOW + 1];
    let bytes: &[u8; PAIR_WINDOW + 1] = match b.get(base..base + PAIR_WINDOW + 1) {
        Some(all) => all.try_into().expect("a window and one byte"),
        None => {
            let rest = &b[base.min(b.len())..];
            padded[..rest.len()].copy_from_slice(rest);
            &padded
        }
    };
    let mut flags = [0u8; PAIR_WINDOW];
    for k in 0..PAIR_WINDOW {
        flags[k] = (test(bytes[k], bytes[k + 1]) as u8) << 7;
    }
    let mut bits = 0u64;
    for (q, eight) in flags.chunks_exact(8).enumerate() {
        // The top bit of each of eight bytes, gathered into the top byte.
        let w = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        bits |= (w.wrapping_mul(0x0002_0408_1020_4081) >> 56) << (q * 8);
    }
    bits
}

/// The bytes [`pair_bits`] looks at in one go: one bit each of a `u64`.
pub const PAIR_WINDOW: usize = 64;

/// The block of [`any_window`]: one AVX2 register's worth, or two SSE2 ones.
pub(crate) const WINDOW: usize = 32;

/// Characters that carry no text: they are dropped from lines.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}' | '\u{00AD}')
}

/// Whether `clean_line` would return `s` as it is: not empty, no space at either end nor
/// two together, and no other whitespace nor invisible character. A byte scan (this runs
/// on every line of every input): the only encodings of those characters are the ASCII
/// controls 09–0D and, after a lead byte C2, E1, E2, E3 or EF, the few second and third
/// bytes matched here (U+0085, U+00A0, U+00AD, U+1680, U+2000–U+200B, U+2028, U+2029,
/// U+202F, U+205F, U+2060, U+3000, U+FEFF); the test beside it checks every code point.
fn is_clean(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || b[0] == b' ' || b[b.len() - 1] == b' ' {
        return false;
    }
    !any_window(b, unclean_lead, unclean)
}

/// Where [`is_clean`] finds a line not clean: two spaces, a control 09–0D, or a
/// whitespace or invisible character past ASCII (a lead of [`unclean_lead`], and the
/// bytes after it).
#[inline(always)]
fn unclean(b: u8, n: u8, a: u8) -> bool {
    let e2 = (n == 0x80)
        & ((a.wrapping_sub(0x80) <= 0x0B) | (a == 0xA8) | (a == 0xA9) | (a == 0xAF))
        | (n == 0x81) & ((a == 0x9F) | (a == 0xA0));
    unclean_lead(b, n)
        & ((b < 0x80)
            | (b == 0xC2) & ((n == 0x85) | (n == 0xA0) | (n == 0xAD))
            | (b == 0xE1) & (a == 0x80)
            | (b == 0xE2) & e2
            | (b == 0xE3) & (n == 0x80) & (a == 0x80)
            | (b == 0xEF) & (n == 0xBB) & (a == 0xBF))
}

/// [`unclean`] without its third byte: true wherever `unclean` is. (E1 leads every
/// Vietnamese letter of U+1E00–U+1EFF, so it needs its second byte here.)
#[inline(always)]
fn unclean_lead(b: u8, n: u8) -> bool {
    ((b == b' ') & (n == b' '))
        | (b.wrapping_sub(0x09) <= 0x04)
        | (b == 0xC2)
        | (b == 0xE1) & (n == 0x9A)
        | (b == 0xE2)
        | (b == 0xE3)
        | (b == 0xEF)
}

/// Trims a line, collapses every run of whitespace (tabs and non-breaking spaces
/// included) to one space and drops invisible characters. Idempotent, which the round
/// trip relies on.
///
/// An invisible character between a letter and a combining mark (`a`, U+FEFF, U+0300)
/// keeps NFC from composing them; dropping it leaves text that is not NFC, which would
/// then compose when the rendering is read again. So the line is NFC-normalised again
/// after a drop (found by the parse fuzz target).
pub(crate) fn clean_line(s: &str) -> Cow<'_, str> {
    // Most lines are clean already: borrowed, not copied (every line of every input).
    if is_clean(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut dropped = false;
    for c in s.chars() {
        if is_invisible(c) {
            dropped = true;
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    Cow::Owned(if dropped { nfc(&out) } else { out })
}

/// One non-blank line of the input, cleaned, with its 1-based line number.
#[derive(Debug, Clone)]
pub(crate) struct SrcLine<'a> {
    /// Borrowed from the input unless cleaning changed it.
    pub text: Cow<'a, str>,
    pub line: u32,
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Splits normalised text into cleaned, non-blank lines. Blank lines only separate
/// paragraphs, which one-paragraph-per-line already does.
pub(crate) fn split_lines(text: &str) -> Vec<SrcLine<'_>> {
    // Cut at each newline found by memchr's vector search (std's `split` reads a word at a
    // time); the same pieces as `text.split('\n')`.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    // Made the length it can reach at once: grown by doubling from a few lines, the list
    // of a long law (a few thousand lines, 32 bytes each) was written twice over in fresh
    // pages and copied on each doubling, a sixth of its parse's first touches.
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let mut start = 0;
    lines.extend(
        ends.map(|end| {
            let raw = &text[start..end];
            start = end + 1;
            raw
        })
        .enumerate()
        .filter_map(|(i, raw)| {
            let text = crate::header::unglue_heading(clean_line(raw));
            (!text.is_empty()).then(|| SrcLine { text, line: to_u32(i + 1) })
        }),
    );
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::char::canonical_combining_class;

    /// `any_window` finds a hit at every place of texts of every length up to three
    /// blocks, the last bytes (read with zeros past the end) included, and none where
    /// there is none.
    #[test]
    fn any_window_sees_every_place() {
        let lead = |b: u8, _: u8| b == b'X';
        let hits: [&dyn Fn(u8, u8, u8) -> bool; 3] = [
            &|b, n, a| (b == b'X') & (n == b'Y') & (a == b'Z'),
            &|b, n, _| (b == b'X') & (n == 0),
            &|b, n, a| (b == b'X') & (n == b'Y') & (a == 0),
        ];
        for len in 0..3 * WINDOW + 5 {
            for at in 0..len {
                let mut t = vec![b'a'; len];
                t[at] = b'X';
                for (k, c) in [(1, b'Y'), (2, b'Z')] {
                    if at + k < len {
                        t[at + k] = c;
                    }
                }
                for hit in hits {
                    let get = |k: usize| t.get(k).copied().unwrap_or(0);
                    let naive = (0..len).any(|k| hit(t[k], get(k + 1), get(k + 2)));
                    assert_eq!(any_window(&t, lead, hit), naive, "len {len}, X at {at}");
                }
            }
        }
    }

    /// Every character the byte scan passes is one NFC never changes and never composes
    /// with what precedes it: quick check Yes and combining class 0.
    #[test]
    fn the_fast_blocks_are_stable_starters() {
        let blocks = [0x0000..=0x02FFu32, 0x1E00..=0x1EFF, 0x2010..=0x2027];
        for c in blocks.into_iter().flatten().filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(is_nfc_quick(one.chars()), IsNormalized::Yes, "U+{:04X}", u32::from(c));
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", u32::from(c));
            assert!(is_nfc(&one));
        }
    }

    /// The byte scan agrees with the rule it stands for, for every code point between
    /// letters, at either end, and next to a space.
    #[test]
    fn is_clean_agrees_with_the_character_rule() {
        let rule = |s: &str| {
            !s.is_empty()
                && !s.starts_with(' ')
                && !s.ends_with(' ')
                && !s.contains("  ")
                && s.chars().all(|c| c == ' ' || !(c.is_whitespace() || is_invisible(c)))
        };
        let pad = "Quy chế làm việc của Ban".repeat(2);
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            // The last: the character at the last byte of the scan's first block.
            let across = format!("{}ở{c}ư{pad}", &pad[..28]);
            for s in [format!("ở{c}ư"), format!("{c}a"), format!("a{c}"), format!("a {c}b"), across]
            {
                assert_eq!(is_clean(&s), rule(&s), "U+{:04X} in {s:?}", u32::from(c));
            }
        }
        for s in ["", " ", "a  b", "a b", "Điều 1. Phạm vi"] {
            assert_eq!(is_clean(s), rule(s), "{s:?}");
        }
    }

    /// The block scan finds what a byte-by-byte scan finds, wherever the hit is: inside a
    /// block, on its last two bytes (the bytes after it are in the next block), or in the
    /// tail, for every length up to three blocks.
    #[test]
    fn the_block_scan_finds_a_hit_anywhere() {
        let hit = |b: u8, n: u8, a: u8| (b == 0xE2) & (n == 0x80) & (a == 0x8E);
        let lead = |b: u8, _: u8| b == 0xE2;
        let plain = |b: &[u8]| b.windows(3).any(|w| hit(w[0], w[1], w[2]));
        for len in 0..3 * WINDOW + 3 {
            assert!(!any_window(&vec![b'a'; len], lead, hit));
            for at in 0..len {
                let mut b = vec![b'a'; len];
                for (k, x) in [0xE2, 0x80, 0x8E].into_iter().enumerate() {
                    if at + k < len {
                        b[at + k] = x;
                    }
                }
                assert_eq!(any_window(&b, lead, hit), plain(&b), "length {len}, at {at}");
            }
        }
    }

    /// Every lead test holds wherever its full test does: all 2^24 byte triples.
    #[test]
    fn each_lead_holds_wherever_its_scan_hits() {
        type Pair = (fn(u8, u8) -> bool, fn(u8, u8, u8) -> bool, &'static str);
        let pairs: [Pair; 3] = [
            (outside_lead, outside, "nfc"),
            (unclean_lead, unclean, "clean"),
            (crate::safe::refused_lead, crate::safe::refused, "refused"),
        ];
        for (lead, hit, name) in pairs {
            let mut hits = 0u32;
            for b in 0..=255u8 {
                for n in 0..=255u8 {
                    if lead(b, n) {
                        continue;
                    }
                    for a in 0..=255u8 {
                        assert!(!hit(b, n, a), "{name}: {b:02X} {n:02X} {a:02X}");
                    }
                }
            }
            // Not vacuous: each scan hits somewhere, and its lead passes most pairs.
            for b in 0..=255u8 {
                for n in 0..=255u8 {
                    hits += (0..=255u8).any(|a| hit(b, n, a)) as u32;
                }
            }
            let passed = (0..=255u8).flat_map(|b| (0..=255u8).map(move |n| (b, n)));
            let passed = passed.filter(|&(b, n)| !lead(b, n)).count();
            assert!(hits > 0 && passed > 40_000, "{name}: {hits} hits, {passed} passed");
        }
    }

    #[test]
    fn text_outside_the_fast_blocks_is_checked() {
        // NFD (a combining mark), a singleton (U+2000 → U+2002) and a Hangul jamo pair.
        for s in ["Hòa", "Ho\u{300}a", "a\u{2000}b", "\u{1100}\u{1161}", "Điều 1 “Quy chế” – …"]
        {
            assert_eq!(is_nfc(s), s.nfc().collect::<String>() == s, "{s:?}");
        }
    }
}

//! The tokenizer: a text cut into words, runs of spaces, line breaks and punctuation
//! marks, each distinct token interned once with a dense id. Depends on nothing else in
//! the crate; everything else works on these ids.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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

/// Word hash (FNV-1a over the lower-cased word), so `Hội đồng` and `hội đồng` count as
/// one in the similarity measures.
pub(crate) fn word_hash(w: &str) -> u64 {
    w.chars().fold(FNV_OFFSET, mix)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x100_0000_01b3;

/// `h` with the byte `b` hashed in: FNV-1a's step.
#[inline(always)]
fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

/// `h` with the lower-cased `c` hashed in (the step of [`word_hash`]).
#[inline]
fn mix(h: u64, c: char) -> u64 {
    if c.is_ascii() {
        return fnv(h, c.to_ascii_lowercase() as u8);
    }
    let mut buf = [0u8; 4];
    lower(c).encode_utf8(&mut buf).bytes().fold(h, fnv)
}

/// The character [`word_hash`] hashes for `c`: itself when lower case, else its first
/// lower-case character.
fn lower_slow(c: char) -> char {
    if c.is_lowercase() {
        c
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// [`lower_slow`], from a table in the Latin blocks Vietnamese lives in (U+0080–U+024F,
/// U+1E00–U+1EFF): the Unicode case tables are slow enough to show up in profiles.
#[inline]
fn lower(c: char) -> char {
    static TABLE: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    const LATIN: u32 = 0x250 - 0x80;
    let at = match c as u32 {
        u @ 0x80..0x250 => u - 0x80,
        u @ 0x1E00..0x1F00 => LATIN + (u - 0x1E00),
        _ => return lower_slow(c),
    };
    let table = TABLE.get_or_init(|| {
        (0x80..0x250)
            .chain(0x1E00..0x1F00)
            .map(|u| char::from_u32(u).map_or('\0', lower_slow))
            .collect()
    });
    table[at as usize]
}

/// Hasher for the token table: a multiply-rotate over eight bytes at a time (tokens are
/// short, and a byte-at-a-time hash shows up in profiles).
#[derive(Default)]
pub(crate) struct TokenHasher(u64);
impl Hasher for TokenHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.0 =
                (self.0.rotate_left(5) ^ u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 59))
                    .wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// The distinct tokens of every text of one diff or redline, each with an id and what the
/// passes need to know about it, computed once.
pub(crate) struct Lexicon<'a> {
    ids: HashMap<&'a str, u32, BuildHasherDefault<TokenHasher>>,
    /// Ids of one-byte tokens, by byte.
    ascii: [u32; 128],
    /// Ids of tokens of up to 16 bytes: nearly all words.
    short: ShortTable,
    class: Vec<Class>,
    chars: Vec<u32>,
    /// [`word_hash`] of words; 0 for other tokens.
    hash: Vec<u64>,
    /// The text of each token, to carry another lexicon's tokens over ([`Lexicon::merge`]).
    text: Vec<&'a str>,
    /// Where [`Lexicon::tokenize`] writes a text's tokens, reused from text to text.
    scratch: (Vec<u32>, Vec<u32>),
}

/// A text cut into tokens: words (maximal letter/digit runs), space runs, single newlines
/// and single punctuation characters. The tokens concatenate to the text.
pub(crate) struct Tokens {
    /// Byte offset of each token, then the text length.
    pub starts: Starts,
    pub ids: Vec<u32>,
}

/// Byte offsets into one text, in order: two bytes each when the text is shorter than
/// 64 KiB (every article of the fixture laws; the longest is about 12 KB), four beyond.
/// The tokens of a long law's articles are a megabyte at four bytes, each page of it
/// first touched by the kernel in a process that lives for milliseconds; at two, a
/// quarter less.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Starts {
    Short(Vec<u16>),
    Long(Vec<u32>),
}

impl Starts {
    /// `starts`, the offsets into a text of `len` bytes.
    pub fn of(starts: &[u32], len: usize) -> Starts {
        if len <= u16::MAX as usize {
            Starts::Short(starts.iter().map(|&s| s as u16).collect())
        } else {
            Starts::Long(starts.to_vec())
        }
    }

    /// Offset `k`.
    #[inline]
    pub fn at(&self, k: usize) -> usize {
        match self {
            Starts::Short(v) => v[k] as usize,
            Starts::Long(v) => v[k] as usize,
        }
    }

    /// The offsets, four bytes each (for a change: [`Starts::of`] takes them back).
    pub fn to_vec(&self) -> Vec<u32> {
        match self {
            Starts::Short(v) => v.iter().map(|&s| u32::from(s)).collect(),
            Starts::Long(v) => v.clone(),
        }
    }

    /// The index of the first of the first `n` offsets at or past `byte`.
    fn partition_point(&self, n: usize, byte: usize) -> usize {
        match self {
            Starts::Short(v) => v[..n].partition_point(|&s| (s as usize) < byte),
            Starts::Long(v) => v[..n].partition_point(|&s| (s as usize) < byte),
        }
    }
}

impl Tokens {
    /// Writes each id as `map[id]` ([`Lexicon::merge`]).
    pub fn renumber(&mut self, map: &[u32]) {
        self.ids.iter_mut().for_each(|id| *id = map[*id as usize]);
    }

    /// The index of the first token starting at or after `byte`.
    pub fn index_of(&self, byte: usize) -> usize {
        self.starts.partition_point(self.ids.len(), byte)
    }
}

impl<'a> Lexicon<'a> {
    pub fn new() -> Lexicon<'a> {
        Lexicon {
            ids: HashMap::default(),
            ascii: [NO_ID; 128],
            short: ShortTable::default(),
            class: Vec::new(),
            chars: Vec::new(),
            hash: Vec::new(),
            text: Vec::new(),
            scratch: (Vec::new(), Vec::new()),
        }
    }

    pub fn len(&self) -> usize {
        self.class.len()
    }

    pub fn class(&self, id: u32) -> Class {
        self.class[id as usize]
    }

    pub fn hash(&self, id: u32) -> u64 {
        self.hash[id as usize]
    }

    /// Length of the token in characters.
    pub fn chars(&self, id: u32) -> u32 {
        self.chars[id as usize]
    }

    /// The id of token `t` of class `k`, a new one if it was not seen. Inlined into the
    /// tokenizer's loop (it runs for every word of every text); a new token is written
    /// down by [`Lexicon::add`], out of the way.
    #[inline(always)]
    fn intern(&mut self, t: &'a str, k: Class) -> u32 {
        let next = self.class.len() as u32;
        let id = if t.len() <= 16 {
            self.short.get_or_insert(t.as_bytes(), next)
        } else {
            *self.ids.entry(t).or_insert(next)
        };
        if id == next {
            self.add(t, k);
        }
        id
    }

    /// The id of the one-byte (ASCII) token `b` of class `k`: from the table by byte,
    /// and on first sight interned as `token()` (the text it is in, cut only then).
    #[inline(always)]
    fn one_byte(&mut self, b: u8, token: impl FnOnce() -> &'a str, k: Class) -> u32 {
        match self.ascii[b as usize] {
            NO_ID => {
                let id = self.intern(token(), k);
                self.ascii[b as usize] = id;
                id
            }
            id => id,
        }
    }

    #[inline(never)]
    fn add(&mut self, t: &'a str, k: Class) {
        self.class.push(k);
        self.chars.push(t.chars().count() as u32);
        self.hash.push(if k == Class::Word { word_hash(t) } else { 0 });
        self.text.push(t);
    }

    /// Takes in every token of `other`: the id each has here, by its id there, for
    /// [`Tokens::renumber`]. Tokens are taken in the order `other` first saw them, so
    /// texts tokenised over `other` (on another thread) and renumbered have exactly the
    /// ids tokenising them here, after everything tokenised here so far, would give.
    pub fn merge(&mut self, other: &Lexicon<'a>) -> Vec<u32> {
        other.text.iter().zip(&other.class).map(|(t, k)| self.intern(t, *k)).collect()
    }

    pub fn tokenize(&mut self, s: &'a str) -> Tokens {
        let bytes = s.as_bytes();
        // Written into lists reused from text to text, then copied into lists of the
        // right length. Vietnamese runs at about 0.4 tokens a byte: lists with room for
        // every token of a text from the start would be twice too long, and the
        // allocator first touches the pages of the room it hands out in small blocks.
        let (mut starts, mut ids) = std::mem::take(&mut self.scratch);
        starts.clear();
        ids.clear();
        starts.reserve(s.len() / 2 + 2);
        ids.reserve(s.len() / 2 + 1);
        // The window of [`word_stops`] last made, from byte `window` on.
        let mut window = 0;
        let mut stops = word_stops(bytes, 0);
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            let (k, w) = class_at(s, i);
            i += w;
            match k {
                Class::Word => loop {
                    // Where the run of surely-word bytes from `i` stops, from the window of
                    // stops (made again once `i` is past it). The character there may
                    // still be a word character (a combining mark, say), unless it is
                    // ASCII: every ASCII word character is a sure one.
                    if i >= window + WORD_WINDOW {
                        window = i;
                        stops = word_stops(bytes, i);
                    }
                    let ahead = stops >> (i - window);
                    if ahead == 0 {
                        i = window + WORD_WINDOW;
                        continue;
                    }
                    i += ahead.trailing_zeros() as usize;
                    if i >= bytes.len() || bytes[i] < 0x80 {
                        break;
                    }
                    let (k2, w2) = class_at(s, i);
                    if k2 != Class::Word {
                        break;
                    }
                    i += w2;
                },
                Class::Space => {
                    while i < bytes.len() {
                        let (k2, w2) = class_at(s, i);
                        if k2 != Class::Space {
                            break;
                        }
                        i += w2;
                    }
                }
                Class::Newline | Class::Punct => {}
            }
            starts.push(start as u32);
            // Spaces and punctuation are mostly one ASCII byte: half of all tokens.
            let id = if i == start + 1 {
                self.one_byte(bytes[start], || &s[start..i], k)
            } else {
                self.intern(&s[start..i], k)
            };
            ids.push(id);
            // A word (or a mark) and then one space before something else: the space's
            // token at once (half of all the tokens of Vietnamese, a space after each
            // syllable), without another turn of the loop to class it and look its run over.
            if k != Class::Space
                && bytes.get(i) == Some(&b' ')
                && i + 1 < bytes.len()
                && class_at(s, i + 1).0 != Class::Space
            {
                starts.push(i as u32);
                ids.push(self.one_byte(b' ', || &s[i..i + 1], Class::Space));
                i += 1;
            }
        }
        starts.push(s.len() as u32);
        let made = Tokens { starts: Starts::of(&starts, s.len()), ids: ids.to_vec() };
        self.scratch = (starts, ids);
        made
    }
}

const NO_ID: u32 = u32::MAX;

/// An open-addressing table from byte strings of up to 16 bytes, held inline as two
/// words, to ids: no pointer chasing and no string comparison.
#[derive(Default)]
struct ShortTable {
    /// `(low word, high word, length << 32 | id)`; length 0 marks a free slot.
    slots: Vec<(u64, u64, u64)>,
    used: usize,
}

impl ShortTable {
    /// A product's low bits depend only on its factors' low bits: folded, the full
    /// 128-bit product of the key and an odd constant mixes every bit of the key into
    /// the slot. (A slot taken from the low half alone ignored the last four bytes of
    /// 4–7-byte words, so every word that shares its first four, as Vietnamese
    /// syllables do, probed the same chain.)
    #[inline(always)]
    fn slot(lo: u64, hi: u64, len: u64, mask: usize) -> usize {
        let x = lo ^ hi.rotate_left(31) ^ len.rotate_left(59);
        let m = x as u128 * 0x9E37_79B9_7F4A_7C15u128;
        (m as u64 ^ (m >> 64) as u64) as usize & mask
    }

    /// Two words that, with the length, determine `t` (1 to 16 bytes): overlapping
    /// reads of its start and end.
    #[inline(always)]
    fn key(t: &[u8]) -> (u64, u64) {
        let n = t.len();
        let w4 = |p: usize| u32::from_le_bytes(t[p..p + 4].try_into().expect("4 bytes")) as u64;
        let w8 = |p: usize| u64::from_le_bytes(t[p..p + 8].try_into().expect("8 bytes"));
        if n >= 8 {
            (w8(0), w8(n - 8))
        } else if n >= 4 {
            (w4(0) | w4(n - 4) << 32, 0)
        } else {
            (t[0] as u64 | (t[n / 2] as u64) << 8 | (t[n - 1] as u64) << 16, 0)
        }
    }

    /// The id of `t` (1 to 16 bytes), or `next` if it is new.
    #[inline(always)]
    fn get_or_insert(&mut self, t: &[u8], next: u32) -> u32 {
        if self.used * 2 >= self.slots.len() {
            self.grow();
        }
        let (lo, hi) = Self::key(t);
        let len = t.len() as u64;
        let mask = self.slots.len() - 1;
        let mut i = Self::slot(lo, hi, len, mask);
        loop {
            let (a, b, c) = self.slots[i];
            if c >> 32 == 0 {
                self.slots[i] = (lo, hi, len << 32 | next as u64);
                self.used += 1;
                return next;
            }
            if a == lo && b == hi && c >> 32 == len {
                return c as u32;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline(never)]
    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(4096);
        let old = std::mem::replace(&mut self.slots, crate::measure::written_zeros(cap));
        let mask = cap - 1;
        for (a, b, c) in old.into_iter().filter(|s| s.2 >> 32 != 0) {
            let mut i = Self::slot(a, b, c >> 32, mask);
            while self.slots[i].2 >> 32 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (a, b, c);
        }
    }
}

/// The bytes of 64 from `base` on that are not surely part of a word character, as bits
/// (bit k for byte `base + k`; bytes past the end count as such). The surely-word bytes
/// are those of ASCII letters and digits, of U+00C0–U+024F but × and ÷, and of
/// U+1E00–U+1EFF: the letters of Vietnamese. A run of them from a character boundary
/// ends on one; the character there may still be a word character ([`class_at`] tells),
/// unless it is ASCII.
///
/// The tokenizer spends most of its time finding where words end. This tells it for
/// the next 64 bytes, a score of tokens, at once ([`quyche_text::pair_bits`], branch-free
/// and vectorised); the words in the window then end where the next bit is, with no
/// branch per character.
#[inline(never)]
fn word_stops(b: &[u8], base: usize) -> u64 {
    quyche_text::pair_bits(b, base, |x, next| !surely_word(x, next))
}

/// The bytes [`word_stops`] looks at in one go.
const WORD_WINDOW: usize = quyche_text::PAIR_WINDOW;

/// Whether byte `x`, followed by `next`, is surely part of a word character (see
/// [`word_stops`]). Written with `&` and `|`: no branch, so it vectorises.
#[inline(always)]
fn surely_word(x: u8, next: u8) -> bool {
    let ascii = (x.wrapping_sub(b'0') < 10) | ((x | 0x20).wrapping_sub(b'a') < 26);
    let continuation = x.wrapping_sub(0x80) < 0x40;
    let latin = x.wrapping_sub(0xC3) < 7;
    let e1 = x == 0xE1;
    // × (C3 97) and ÷ (C3 B7), and E1 outside U+1E00–U+1EFF (E1 B8–BB).
    let not = ((x == 0xC3) & ((next & 0xDF) == 0x97)) | (e1 & ((next & 0xFC) != 0xB8));
    (ascii | continuation | latin | e1) & !not
}

/// The class of each ASCII character, by its byte: a table, as a chain of range tests
/// costs more on the tokenizer's every token.
const ASCII_CLASS: [Class; 128] = {
    let mut t = [Class::Punct; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\n' => Class::Newline,
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => Class::Word,
            b' ' | b'\t' | 0x0B | 0x0C | b'\r' => Class::Space,
            _ => Class::Punct,
        };
        b += 1;
    }
    t
};

/// Class and UTF-8 length of the character at byte `i` (a character boundary).
#[inline(always)]
fn class_at(s: &str, i: usize) -> (Class, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (ASCII_CLASS[b as usize], 1);
    }
    let bs = s.as_bytes();
    // The Latin letters of Vietnamese, by their UTF-8 lead bytes: U+00C0–U+024F (but
    // × and ÷) and U+1E00–U+1EFF.
    match b {
        0xC3 if matches!(bs[i + 1], 0x97 | 0xB7) => return (Class::Punct, 2),
        0xC3..=0xC9 => return (Class::Word, 2),
        0xE1 if matches!(bs[i + 1], 0xB8..=0xBB) => return (Class::Word, 3),
        _ => {}
    }
    // Valid UTF-8: the lead byte gives the length, the continuation bytes the rest.
    let (c, w) = if b < 0xE0 {
        (((b as u32 & 0x1F) << 6) | (bs[i + 1] as u32 & 0x3F), 2)
    } else if b < 0xF0 {
        (
            ((b as u32 & 0x0F) << 12)
                | ((bs[i + 1] as u32 & 0x3F) << 6)
                | (bs[i + 2] as u32 & 0x3F),
            3,
        )
    } else {
        let c = ((b as u32 & 0x07) << 18)
            | ((bs[i + 1] as u32 & 0x3F) << 12)
            | ((bs[i + 2] as u32 & 0x3F) << 6)
            | (bs[i + 3] as u32 & 0x3F);
        (c, 4)
    };
    // The Latin letters of Vietnamese first: none of them is a space.
    match c {
        0xD7 | 0xF7 => (Class::Punct, w),
        0xC0..=0x24F | 0x1E00..=0x1EFF => (Class::Word, w),
        _ => (char::from_u32(c).map_or(Class::Punct, class_of), w),
    }
}

/// The character of `w` bytes (2 to 4) at byte `i` of valid UTF-8 `b`.
#[inline(always)]
fn char_at(b: &[u8], i: usize, w: usize) -> char {
    let cont = |k: usize| u32::from(b[i + k] & 0x3F);
    let c = match w {
        2 => (u32::from(b[i] & 0x1F) << 6) | cont(1),
        3 => (u32::from(b[i] & 0x0F) << 12) | (cont(1) << 6) | cont(2),
        _ => (u32::from(b[i] & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
    };
    char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Hashes of the words of `s`, lower-cased; punctuation and spaces are not content.
pub(crate) fn word_hashes(s: &str) -> Vec<u64> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(s.len() / 4);
    // The hash of the word being read, in one pass (a word is a run of word characters:
    // `class_at` says `Class::Word` where `is_word_char` holds). ASCII, most of the bytes
    // of Vietnamese, is classed and hashed by the byte, without decoding a character.
    let mut word: Option<u64> = None;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let (class, w) = if x < 0x80 { (ASCII_CLASS[x as usize], 1) } else { class_at(s, i) };
        if class == Class::Word {
            let h = word.unwrap_or(FNV_OFFSET);
            word = Some(if w == 1 {
                fnv(h, x.to_ascii_lowercase())
            } else {
                mix(h, char_at(b, i, w))
            });
        } else if let Some(h) = word.take() {
            out.push(h);
        }
        i += w;
    }
    out.extend(word);
    out
}

/// The word-bigram hashes (the single word's hash when there is only one word) of the
/// words of a tokenised text that start in bytes `from..to`, in order, with repeats: the
/// shingles that article and clause similarity count as sets. Bigrams of syllables catch
/// Vietnamese compound words (`hợp tác`, `thành viên`) as units.
pub(crate) fn for_each_shingle(
    lex: &Lexicon,
    toks: &Tokens,
    from: usize,
    to: usize,
    mut f: impl FnMut(u64),
) {
    let ids = &toks.ids[toks.index_of(from)..toks.index_of(to)];
    let mut words = ids.iter().filter(|&&i| lex.class(i) == Class::Word).map(|&i| lex.hash(i));
    let Some(mut prev) = words.next() else { return };
    let mut any = false;
    for w in words {
        f(prev.rotate_left(17) ^ w.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        prev = w;
        any = true;
    }
    if !any {
        f(prev);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The old law tokenised here and the new one over a lexicon of its own, merged and
    /// renumbered, have the ids of both tokenised here one after the other.
    #[test]
    fn a_merged_lexicon_gives_the_ids_of_one() {
        let (old, new) = (
            quyche_fixtures::law(quyche_fixtures::COOP_2012),
            quyche_fixtures::law(quyche_fixtures::COOP_2023),
        );
        let mut one = Lexicon::new();
        let (a, b) = (one.tokenize(&old), one.tokenize(&new));
        let (mut here, mut there) = (Lexicon::new(), Lexicon::new());
        let a2 = here.tokenize(&old);
        let mut b2 = there.tokenize(&new);
        b2.renumber(&here.merge(&there));
        assert_eq!((a.ids, a.starts), (a2.ids, a2.starts));
        assert_eq!((b.ids, b.starts), (b2.ids, b2.starts));
        assert_eq!(one.len(), here.len());
        for id in 0..one.len() as u32 {
            assert_eq!(
                (one.class(id), one.hash(id), one.chars(id)),
                (here.class(id), here.hash(id), here.chars(id))
            );
        }
    }

    #[test]
    fn the_fast_paths_agree_with_the_unicode_tables() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(lower(c), lower_slow(c), "U+{:04X}", c as u32);
            assert_eq!(is_word_char(c), class_of(c) == Class::Word, "U+{:04X}", c as u32);
        }
        // One pass over the text hashes what cutting it into words and hashing them does:
        // a line of every kind of character, every character up to U+3000 between letters,
        // and the two laws.
        let every: String = (0x80..0x3000u32)
            .filter_map(char::from_u32)
            .flat_map(|c| ['a', c, 'Đ', c, ' ', c])
            .collect();
        let laws =
            [quyche_fixtures::COOP_2012, quyche_fixtures::COOP_2023].map(quyche_fixtures::law);
        for s in [
            "Điều 5. HỢP TÁC XÃ,  liên hiệp\n(a) 17/2023/QH15… Ấp ĐÔNG",
            &every,
            &laws[0],
            &laws[1],
        ] {
            let words: Vec<u64> = s
                .split(|c: char| class_of(c) != Class::Word)
                .filter(|w| !w.is_empty())
                .map(word_hash)
                .collect();
            assert_eq!(word_hashes(s), words);
        }
        assert_eq!(word_hash("HỢP TÁC"), word_hash("hợp tác"));
    }

    /// Offsets are two bytes up to a text of 65,535 bytes and four past it, and read the
    /// same either way: the tokens still concatenate to the text, and a byte finds its
    /// token.
    #[test]
    fn starts_are_offsets_at_any_length() {
        for len in [0, 1, 65_534, 65_535, 65_536, 70_001] {
            let mut lex = Lexicon::new();
            let unit = "Hợp tác xã, ";
            let mut s = unit.repeat(len / unit.len() + 1);
            while s.len() > len {
                s.pop();
            }
            let s = s.as_str();
            let toks = lex.tokenize(s);
            assert_eq!(matches!(toks.starts, Starts::Short(_)), len <= 65_535, "{len}");
            let starts = toks.starts.to_vec();
            assert_eq!(starts.len(), toks.ids.len() + 1);
            assert_eq!(*starts.last().unwrap() as usize, s.len());
            let t: Vec<&str> =
                starts.windows(2).map(|w| &s[w[0] as usize..w[1] as usize]).collect();
            assert_eq!(t.concat(), s);
            for (k, &at) in starts.iter().enumerate() {
                assert_eq!(toks.starts.at(k), at as usize);
                if k < toks.ids.len() {
                    assert_eq!(toks.index_of(at as usize), k);
                }
            }
            assert_eq!(Starts::of(&starts, s.len()), toks.starts);
        }
    }

    #[test]
    fn tokens_keep_everything() {
        let s = "Điều 5. Hợp tác xã,  liên hiệp\n(a) 17/2023/QH15…";
        let mut lex = Lexicon::new();
        let toks = lex.tokenize(s);
        let t: Vec<&str> =
            toks.starts.to_vec().windows(2).map(|w| &s[w[0] as usize..w[1] as usize]).collect();
        assert_eq!(t.concat(), s);
        assert!(t.contains(&"Hợp") && t.contains(&"  ") && t.contains(&"\n") && t.contains(&","));
    }

    #[test]
    fn tokens_match_the_character_classes() {
        // The reference: a token continues while the class stays the same and is a word
        // or a space run.
        fn reference(s: &str) -> Vec<&str> {
            let mut out = Vec::new();
            let mut start = 0;
            let mut cur: Option<Class> = None;
            for (i, c) in s.char_indices() {
                let k = class_of(c);
                match cur {
                    Some(p) if p == k && matches!(k, Class::Word | Class::Space) => {}
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
        let alphabet: Vec<char> = (0u32..0x80)
            .filter_map(char::from_u32)
            .chain("àÀđĐơƯ×÷ếỆ\u{0301}\u{00A0}\u{2028}\u{3000}“”…–😀中".chars())
            // Around the edges of the eight-byte word scan: the last Latin lead byte
            // (ɏ ɐ), letters and a space after other lead bytes (ª µ ἀ, Ogham's space
            // U+1680), and the letters before and after U+1E00–U+1EFF.
            .chain("ɏɐªµἀ\u{1680}ǅ\u{1DFF}Ḁỿ".chars())
            .collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut draw = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut lex = Lexicon::new();
        // Up to 60 characters: long words cross several of the word scan's eight-byte
        // steps, and the text's end falls anywhere in one. Every other text is drawn
        // from the letters and digits alone, with a one-in-eight chance of anything
        // else, so that long words are common.
        let words: Vec<char> = alphabet.iter().copied().filter(|&c| is_word_char(c)).collect();
        let mut total = 0;
        for k in 0..4000 {
            let len = draw(60);
            let s: String = (0..len)
                .map(|_| {
                    if k % 2 == 1 && draw(8) != 0 {
                        words[draw(words.len())]
                    } else {
                        alphabet[draw(alphabet.len())]
                    }
                })
                .collect();
            total += s.chars().count();
            let s: &'static str = Box::leak(s.into_boxed_str());
            let toks = lex.tokenize(s);
            let got: Vec<&str> =
                toks.starts.to_vec().windows(2).map(|w| &s[w[0] as usize..w[1] as usize]).collect();
            assert_eq!(got, reference(s), "{s:?}");
            for (t, &id) in got.iter().zip(&toks.ids) {
                assert_eq!(lex.class(id), class_of(t.chars().next().unwrap()));
            }
        }
        // The texts are as long as they are meant to be (once, they were all empty).
        assert!(total > 4000 * 25, "{total} characters");
    }
}

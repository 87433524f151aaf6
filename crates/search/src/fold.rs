//! The two ways a word is compared.
//!
//! * **Bare**: lower case, every mark removed, `đ` → `d`. A query typed without marks is
//!   compared bare, so `quy che` finds `quy chế` and `dieu` finds `Điều`.
//! * **Marked**: lower case, the letters with their vowel marks (â ă ê ô ơ ư, and đ) and,
//!   apart, the tone. Where the tone sits in the word is not part of it, so `hòa` and `hoà`
//!   (the old and the new placement, both correct) are one word.
//!
//! A field is folded once into its bare form, with the original byte offset of every
//! folded byte: a search is then a plain substring scan, and a hit maps back to the words
//! as written.

use unicode_normalization::char::{compose, decompose_canonical};

/// The five Vietnamese tones, as combining marks: huyền, sắc, ngã, hỏi, nặng.
fn is_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// A combining mark (the tones, the circumflex, the breve, the horn, and the rest).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Whether `c` belongs to a word: letters, digits, and marks (a mark left apart in the
/// text stays with its letter).
pub(crate) fn in_word(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// The Latin letters with marks, U+00C0 to U+1EFF (every Vietnamese letter among them):
/// each one's bare letter and tone, worked out once by decomposition, so that folding a
/// law and checking a candidate's tone are a table lookup per letter.
const TABLE_START: u32 = 0xC0;
const TABLE_END: u32 = 0x1F00;

#[derive(Clone, Copy)]
struct Letter {
    /// The bare lower-case letter, when it is one character (`ế` → `e`, `Đ` → `d`).
    bare: Option<char>,
    tone: Option<char>,
}

fn letters() -> &'static [Letter] {
    static TABLE: std::sync::OnceLock<Vec<Letter>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (TABLE_START..TABLE_END)
            .map(|u| {
                let Some(c) = char::from_u32(u) else { return Letter { bare: None, tone: None } };
                let mut bare = String::new();
                let mut tone = None;
                for l in c.to_lowercase() {
                    if l == 'đ' {
                        bare.push('d');
                        continue;
                    }
                    decompose_canonical(l, |d| {
                        if is_tone(d) {
                            tone = Some(d);
                        }
                        if !is_mark(d) {
                            bare.push(d);
                        }
                    });
                }
                let mut chars = bare.chars();
                let one = chars.next().filter(|_| chars.next().is_none());
                Letter { bare: one, tone }
            })
            .collect()
    })
}

fn letter(c: char) -> Option<Letter> {
    let u = c as u32;
    (TABLE_START..TABLE_END).contains(&u).then(|| letters()[(u - TABLE_START) as usize])
}

/// Pushes the bare form of the word character `c`: lower case, no marks, `đ` → `d`.
pub(crate) fn push_bare(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if let Some(b) = letter(c).and_then(|l| l.bare) {
        out.push(b);
        return;
    }
    for l in c.to_lowercase() {
        if l == 'đ' {
            out.push('d');
        } else {
            decompose_canonical(l, |d| {
                if !is_mark(d) {
                    out.push(d);
                }
            });
        }
    }
}

/// `Quy chế, làm việc` → `quy che lam viec`: each word bare, one space between words,
/// whatever separated them.
pub fn bare(text: &str) -> String {
    Folded::new(text).text
}

/// Whether `text` has a mark or a `đ` anywhere: a query that has one is compared marked.
pub fn has_marks(text: &str) -> bool {
    text.chars().any(|c| {
        if c.is_ascii() {
            return false;
        }
        if is_mark(c) {
            return true;
        }
        c.to_lowercase().any(|l| {
            let mut marked = l == 'đ';
            decompose_canonical(l, |d| marked |= is_mark(d));
            marked
        })
    })
}

/// The tone of `word` (the last one written, if it has more), without building its
/// letters: what rejects most candidates of a query with marks (`hòa` against `hoạt`).
pub(crate) fn tone_of(word: &str) -> Option<char> {
    let mut tone = None;
    for c in word.chars().filter(|c| !c.is_ascii()) {
        match letter(c) {
            Some(l) => tone = l.tone.or(tone),
            None if is_tone(c) => tone = Some(c),
            None => decompose_canonical(c, |d| {
                if is_tone(d) {
                    tone = Some(d);
                }
            }),
        }
    }
    tone
}

/// A word compared marked: its letters (lower case, NFC, vowel marks kept, tone removed)
/// and its tone, wherever it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Marked {
    pub letters: String,
    pub tone: Option<char>,
}

impl Marked {
    pub(crate) fn of(word: &str) -> Marked {
        let mut base: Vec<char> = Vec::with_capacity(word.len());
        let mut tone = None;
        for c in word.chars().flat_map(char::to_lowercase) {
            decompose_canonical(c, |d| {
                if is_tone(d) {
                    tone = Some(d);
                } else {
                    base.push(d);
                }
            });
        }
        // Recompose the vowel marks onto their letters (ô, ư, ă…), so that letters compare
        // as written whichever way the text encoded them.
        let mut letters = String::with_capacity(word.len());
        let mut chars = base.into_iter();
        if let Some(mut cur) = chars.next() {
            for next in chars {
                match compose(cur, next) {
                    Some(both) => cur = both,
                    None => {
                        letters.push(cur);
                        cur = next;
                    }
                }
            }
            letters.push(cur);
        }
        Marked { letters, tone }
    }

    /// This query word matches the text word `w` written in full.
    pub(crate) fn equals(&self, w: &Marked) -> bool {
        self == w
    }

    /// This query word, the last one typed, matches the start of the text word `w`: its
    /// letters begin `w`'s, and its tone, if it has one, is `w`'s.
    pub(crate) fn begins(&self, w: &Marked) -> bool {
        w.letters.starts_with(&self.letters) && (self.tone.is_none() || self.tone == w.tone)
    }
}

/// A text folded bare, with where each folded byte came from.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The bare words, one space between them, none before the first or after the last.
    pub(crate) text: String,
    /// For each byte of `text`, the byte offset in the original of the character it came
    /// from; one more entry, the end of the original's last word.
    pub(crate) origin: Vec<u32>,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        // Where the separator before the next word began, if one is pending.
        let mut gap: Option<usize> = None;
        let mut end = 0;
        for (at, c) in original.char_indices() {
            if is_mark(c) {
                // A mark written apart folds to nothing; it neither starts nor ends a word.
                if gap.is_none() && !text.is_empty() {
                    end = at + c.len_utf8();
                }
                continue;
            }
            if !in_word(c) {
                if !text.is_empty() && gap.is_none() {
                    gap = Some(at);
                }
                continue;
            }
            if let Some(g) = gap.take() {
                text.push(' ');
                origin.push(g as u32);
            }
            push_bare(c, &mut text);
            origin.resize(text.len(), at as u32);
            end = at + c.len_utf8();
        }
        origin.push(end as u32);
        Folded { text, origin }
    }

    /// The original byte range of the folded range `start..end`.
    #[cfg(test)]
    pub(crate) fn original(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        original_range(&self.origin, start, end)
    }
}

/// The original byte range of the folded range `start..end`, by `origin` (a [`Folded`]'s:
/// one entry per folded byte, then the end of the last word).
pub(crate) fn original_range(origin: &[u32], start: usize, end: usize) -> std::ops::Range<usize> {
    let from = origin[start] as usize;
    let to = origin[end.min(origin.len() - 1)] as usize;
    from..to.max(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_drops_every_mark_and_folds_d() {
        for (text, want) in [
            ("Quy chế làm việc", "quy che lam viec"),
            ("ĐIỀU 5. Phạm vi điều chỉnh", "dieu 5 pham vi dieu chinh"),
            ("khoản 2, Điều 7;", "khoan 2 dieu 7"),
            ("  hòa   hoà HOÀ ", "hoa hoa hoa"),
            ("Ưu tiên – ơn", "uu tien on"),
            ("", ""),
        ] {
            assert_eq!(bare(text), want, "{text}");
        }
    }

    #[test]
    fn the_letter_table_agrees_with_decomposition() {
        let vietnamese =
            "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
        for c in vietnamese.chars().chain(vietnamese.to_uppercase().chars()) {
            let mut slow = String::new();
            for l in c.to_lowercase() {
                decompose_canonical(l, |d| {
                    if !is_mark(d) {
                        slow.push(if d == 'đ' { 'd' } else { d });
                    }
                });
            }
            let mut fast = String::new();
            push_bare(c, &mut fast);
            assert_eq!(fast, slow, "{c}");
            assert_eq!(tone_of(&c.to_string()), Marked::of(&c.to_string()).tone, "{c}");
        }
    }

    #[test]
    fn marks_are_seen_in_any_form() {
        assert!(has_marks("quy chế"));
        assert!(has_marks("Đ"));
        assert!(has_marks("hoa\u{300}"), "a mark written apart");
        assert!(!has_marks("quy che 2023"));
        assert!(!has_marks("Luc luong, Dieu 5"));
    }

    #[test]
    fn the_tone_is_one_thing_wherever_it_sits() {
        assert_eq!(Marked::of("hòa"), Marked::of("hoà"));
        assert_eq!(Marked::of("HÒA"), Marked::of("hoà"));
        assert_eq!(Marked::of("thuỷ"), Marked::of("thủy"));
        assert_ne!(Marked::of("hòa"), Marked::of("hóa"), "another tone");
        assert_ne!(Marked::of("hoa"), Marked::of("hòa"), "no tone is a tone");
        assert_ne!(Marked::of("ơn"), Marked::of("ôn"), "vowel marks are letters");
        assert_eq!(Marked::of("quốc").letters, "quôc");
        assert!(Marked::of("hò").begins(&Marked::of("hoà")));
        assert!(!Marked::of("hó").begins(&Marked::of("hoà")));
        assert!(Marked::of("ch").begins(&Marked::of("chế")));
    }

    #[test]
    fn folded_offsets_lead_back_to_the_words_as_written() {
        let original = "Điều 7. Quy chế, làm việc";
        let f = Folded::new(original);
        assert_eq!(f.text, "dieu 7 quy che lam viec");
        let at = f.text.find("che lam").unwrap();
        let r = f.original(at, at + "che lam".len());
        assert_eq!(&original[r], "chế, làm");
        let r = f.original(0, f.text.len());
        assert_eq!(&original[r], original);
        // A prefix of a word ends inside it.
        let at = f.text.find("vi").unwrap();
        assert_eq!(&original[f.original(at, at + 2)], "vi");
    }
}

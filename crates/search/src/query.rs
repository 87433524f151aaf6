//! What the user typed, ready to compare.

use crate::fold::{self, Folded, Marked};

/// Queries longer than this are cut: a search box is not a paste target, and a query
/// of a whole article would only find that article.
pub const MAX_QUERY_CHARS: usize = 200;

/// A search query: its words bare (for the scan) and, when it has marks, marked (to
/// check each candidate).
#[derive(Clone, Debug)]
pub struct Query {
    bare: String,
    finder: memchr::memmem::Finder<'static>,
    /// Set when the query has a mark or a `đ`: then it matches only words with the same
    /// letters, vowel marks and tones (the tone wherever it sits).
    marked: Option<Vec<Marked>>,
}

impl Query {
    /// The query for `text`, or `None` when it has no word to look for.
    pub fn new(text: &str) -> Option<Query> {
        let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
        let bare = fold::bare(&text);
        if bare.is_empty() {
            return None;
        }
        let marked = fold::has_marks(&text).then(|| words(&text).map(Marked::of).collect());
        let finder = memchr::memmem::Finder::new(bare.as_bytes()).into_owned();
        Some(Query { bare, finder, marked })
    }

    /// The query's words, bare and one space apart: what the folded text is scanned for.
    pub fn bare(&self) -> &str {
        &self.bare
    }

    /// Whether the query compares marks (it has one).
    pub fn is_marked(&self) -> bool {
        self.marked.is_some()
    }

    /// The byte ranges of `original` (folded as `folded`) where the query matches, in
    /// order, not overlapping. A match starts at the start of a word; the query's last
    /// word may be the start of a longer one, so that typing finds as it goes.
    pub(crate) fn find(&self, original: &str, folded: &Folded) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        self.scan(&folded.text, |at| {
            let starts_word = at == 0 || folded.text.as_bytes()[at - 1] == b' ';
            let range = self.check(original, &folded.origin, starts_word, at)?;
            out.push(range);
            Some(())
        });
        out
    }

    /// Calls `take` with every place the bare query occurs in `haystack`, left to right;
    /// after a place `take` accepts (`Some`), the next is looked for after it, so that
    /// accepted matches never overlap.
    pub(crate) fn scan(&self, haystack: &str, mut take: impl FnMut(usize) -> Option<()>) {
        let mut from = 0;
        while let Some(k) = self.finder.find(&haystack.as_bytes()[from..]) {
            let at = from + k;
            if take(at).is_some() {
                from = at + self.bare.len();
            } else {
                from = at + 1;
                while !haystack.is_char_boundary(from) {
                    from += 1;
                }
            }
        }
    }

    /// The match of the bare query at folded byte `at` of a text (`origin` mapping it back
    /// to `original`), as a range of `original`: if it starts a word and, for a query with
    /// marks, the words have its marks.
    pub(crate) fn check(
        &self,
        original: &str,
        origin: &[u32],
        starts_word: bool,
        at: usize,
    ) -> Option<std::ops::Range<usize>> {
        if !starts_word {
            return None;
        }
        let range = fold::original_range(origin, at, at + self.bare.len());
        match &self.marked {
            Some(marked) if !same_words(marked, original, range.clone()) => None,
            _ => Some(range),
        }
    }
}

/// The words of `text`, as written.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !fold::in_word(c)).filter(|w| !w.is_empty())
}

/// The marked query words equal the words written at `range` of `original`: each in full
/// but the last, which begins the word it falls in.
fn same_words(query: &[Marked], original: &str, range: std::ops::Range<usize>) -> bool {
    // The last word is read to its end, past the match.
    let end = original[range.end..]
        .char_indices()
        .find(|&(_, c)| !fold::in_word(c))
        .map_or(original.len(), |(i, _)| range.end + i);
    let last = query.len() - 1;
    // Tones first, with no allocation: cheap, and they reject most candidates (`hòa`
    // against `hoạt`). The last word's tone counts only once typed.
    let mut written = words(&original[range.start..end]);
    for (i, q) in query.iter().enumerate() {
        let Some(w) = written.next() else { return false };
        if !((i == last && q.tone.is_none()) || fold::tone_of(w) == q.tone) {
            return false;
        }
    }
    if written.next().is_some() {
        return false;
    }
    words(&original[range.start..end]).zip(query).enumerate().all(|(i, (w, q))| {
        let w = Marked::of(w);
        if i == last {
            q.begins(&w)
        } else {
            q.equals(&w)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(query: &str, text: &str) -> Vec<String> {
        let q = Query::new(query).unwrap();
        q.find(text, &Folded::new(text)).into_iter().map(|r| text[r].to_string()).collect()
    }

    #[test]
    fn a_query_without_marks_ignores_them() {
        assert_eq!(found("quy che", "Quy chế này; QUY CHẾ làm việc"), ["Quy chế", "QUY CHẾ"]);
        // The match is what the query covers: the start of each word here.
        assert_eq!(found("d", "đ) Điều dân"), ["đ", "Đ", "d"]);
        assert_eq!(found("khoan 2 dieu 7", "theo khoản 2, Điều 7 của"), ["khoản 2, Điều 7"]);
    }

    #[test]
    fn a_query_with_marks_is_exact_but_for_where_the_tone_sits() {
        let text = "hòa giải, hoà hợp, hóa đơn, hoa hồng";
        assert_eq!(found("hòa", text), ["hòa", "hoà"]);
        assert_eq!(found("hoà", text), ["hòa", "hoà"]);
        assert_eq!(found("hóa", text), ["hóa"]);
        assert_eq!(found("hoa", text), ["hòa", "hoà", "hóa", "hoa"], "no marks: all four");
        assert_eq!(found("Đơn", text), ["đơn"]);
        // Every word but the last is exact: "lam" is not "làm".
        assert_eq!(found("quy chế lam việc", "quy chế làm việc"), Vec::<String>::new());
        // The last may still lack the tone the typing will add ("lam" before "làm").
        assert_eq!(found("quy chế lam", "quy chế làm việc"), ["quy chế làm"]);
    }

    #[test]
    fn a_match_starts_a_word_and_may_end_inside_one() {
        assert_eq!(found("viec", "công việc, việc làm"), ["việc", "việc"]);
        assert_eq!(found("iec", "công việc"), Vec::<String>::new());
        assert_eq!(found("quy ch", "quy chế"), ["quy ch"]);
        assert_eq!(found("chế", "chế độ, chếch"), ["chế", "chế"]);
    }

    #[test]
    fn nothing_to_look_for_is_no_query() {
        assert!(Query::new("").is_none());
        assert!(Query::new(" ,.;– ").is_none());
        let long = "quy chế ".repeat(100);
        assert!(Query::new(&long).unwrap().bare().len() <= MAX_QUERY_CHARS);
    }
}

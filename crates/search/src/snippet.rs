//! The words around a match, for a result list.

use std::ops::Range;

use serde::Serialize;

/// A match in its context: `before` and `after` are cut at a word, with `…` where the text
/// goes on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub before: String,
    pub matched: String,
    pub after: String,
}

impl Snippet {
    /// About `context` characters each side of `range` in `text`.
    pub fn new(text: &str, range: Range<usize>, context: usize) -> Snippet {
        let start = cut_before(text, range.start, context);
        let end = cut_after(text, range.end, context);
        let mut before = text[start..range.start].trim_start().to_string();
        if start > 0 {
            before.insert(0, '…');
        }
        let mut after = text[range.end..end].trim_end().to_string();
        if end < text.len() {
            after.push('…');
        }
        Snippet { before, matched: text[range].to_string(), after }
    }

    /// The snippet on one line: `before` + `matched` + `after`.
    pub fn line(&self) -> String {
        format!("{}{}{}", self.before, self.matched, self.after)
    }
}

/// The start of the word `context` characters before `at` (or the text's start).
fn cut_before(text: &str, at: usize, context: usize) -> usize {
    let head = &text[..at];
    let Some((far, _)) = head.char_indices().rev().nth(context) else { return 0 };
    // Forward to the next word's start, so no word is cut.
    head[far..].find(' ').map_or(at, |k| far + k + 1)
}

/// The end of the word `context` characters after `at` (or the text's end).
fn cut_after(text: &str, at: usize, context: usize) -> usize {
    let tail = &text[at..];
    let Some((far, _)) = tail.char_indices().nth(context) else { return text.len() };
    tail[..far].rfind(' ').map_or(at, |k| at + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_context_is_cut_at_words() {
        let text = "Quy chế này quy định nhiệm vụ, quyền hạn, chế độ làm việc của Ban Chấp hành";
        let at = text.find("chế độ").unwrap();
        let s = Snippet::new(text, at..at + "chế độ".len(), 12);
        assert_eq!(s.matched, "chế độ");
        assert_eq!(s.before, "…quyền hạn, ");
        assert_eq!(s.after, " làm việc…");
        let whole = Snippet::new(text, 0..3, 500);
        assert_eq!(whole.line(), text);
        assert_eq!(whole.before, "");
    }
}

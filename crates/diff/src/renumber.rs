//! Consequential changes: a reference whose number changed only because the unit it names
//! was renumbered (“Điều 7” → “Điều 8”, the same article, now the eighth).
//!
//! The new document is first written back in the old numbering: every linked reference
//! of the new text whose targets all existed before (by id, or through the alignment for
//! independent texts) gets its numerals written as those units were numbered in the old
//! text ([`as_numbered_before`]). The word diff then compares the old text with that one,
//! so a renumbering never shows as an edit and never merges with one. The numerals that
//! differ are put back afterwards ([`restore`]): inside unchanged text as a
//! delete/insert pair marked `consequential`, inside inserted text as part of the edit
//! (new words are an edit, whatever number they carry).

use std::collections::HashMap;
use std::ops::Range;

use quyche_model::{point_letter, roman, Document, Kind, Unit, UnitId};
use quyche_text::find_references;
use quyche_text::references::{Field, Style};

use crate::text::{Op, Span};

/// Numerals to write otherwise: `(byte range, text)`, in text order.
pub(crate) type Subs = Vec<(Range<usize>, String)>;

/// The texts of `articles` (units of `new`) written in the old numbering, `old_label(target)`
/// giving the kind and ordinal a new unit had in the old text: `None` for an article in
/// which no reference reads otherwise. A reference is rewritten only when every one of its
/// numerals has an old label of its own kind. Only the given articles are copied and
/// rendered (those whose text changed: identical words are no change at all).
pub(crate) fn as_numbered_before(
    new: &Document,
    articles: &[&Unit],
    old_label: impl Fn(UnitId) -> Option<(Kind, u32)>,
) -> Vec<Option<String>> {
    let mut owner: HashMap<UnitId, usize> = HashMap::new();
    for (k, a) in articles.iter().enumerate() {
        for u in a.walk() {
            owner.insert(u.id, k);
        }
    }
    // Per article: (unit, field) → (byte range, old numeral).
    let mut edits: Vec<HashMap<(UnitId, Field), Subs>> = vec![HashMap::new(); articles.len()];
    // Read only the given articles' words: the same tree, the other texts left empty (a
    // number resolves through the tree alone), so the scan costs what they hold.
    let skeleton = Document { body: skeleton(&new.body, &owner), ..Document::default() };
    let refs = find_references(&skeleton);
    'refs: for r in refs.linked() {
        let Some(&k) = owner.get(&r.unit) else { continue };
        let mut these = Vec::new();
        for n in &r.numerals {
            let Some((kind, ordinal)) = n.target.and_then(&old_label) else { continue 'refs };
            if kind != n.kind {
                continue 'refs;
            }
            let was = match n.style {
                Style::Arabic => ordinal.to_string(),
                Style::Roman => roman(ordinal),
                Style::Letter => point_letter(ordinal),
            };
            if was != n.written {
                these.push((n.span.clone(), was));
            }
        }
        if !these.is_empty() {
            edits[k].entry((r.unit, r.field)).or_default().extend(these);
        }
    }
    articles
        .iter()
        .zip(edits)
        .map(|(a, edits)| {
            if edits.is_empty() {
                return None;
            }
            let mut unit = (*a).clone();
            for ((id, field), list) in edits {
                if let Some(u) = find_mut(&mut unit, id) {
                    rewrite(u, field, list);
                }
            }
            Some(quyche_text::render_article_text(&unit))
        })
        .collect()
}

/// `units` with the same ids, kinds and shape, the texts kept only inside `keep`.
fn skeleton(units: &[Unit], keep: &HashMap<UnitId, usize>) -> Vec<Unit> {
    units
        .iter()
        .map(|u| {
            if keep.contains_key(&u.id) {
                return u.clone();
            }
            let mut out = Unit::new(u.id, u.kind);
            out.paragraphs = vec![String::new(); u.paragraphs.len()];
            out.children = skeleton(&u.children, keep);
            out
        })
        .collect()
}

fn find_mut(unit: &mut Unit, id: UnitId) -> Option<&mut Unit> {
    if unit.id == id {
        return Some(unit);
    }
    unit.children.iter_mut().find_map(|c| find_mut(c, id))
}

fn rewrite(u: &mut Unit, field: Field, mut list: Subs) {
    let text = match field {
        Field::Title => &mut u.title,
        Field::Paragraph(i) => match u.paragraphs.get_mut(i) {
            Some(p) => p,
            None => return,
        },
    };
    // Back to front, so the earlier ranges stay where they are.
    list.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (r, was) in list {
        if text.get(r.clone()).is_some() {
            text.replace_range(r, &was);
        }
    }
}

/// `char::is_alphanumeric`, told from the code point alone in the Latin blocks Vietnamese
/// lives in (the general Unicode tables are slow enough to show up in profiles).
fn alphanumeric(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0xC0..=0x24F => !matches!(c, '×' | '÷'),
        0x1E00..=0x1EFF => true,
        _ => c.is_alphanumeric(),
    }
}

/// The words (letter and digit runs) and single other characters of `s`, as byte ranges,
/// one at a time (an article's worth of ranges is not kept: the two texts are walked side
/// by side).
fn pieces(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let (i, c) = chars.next()?;
        if !alphanumeric(c) {
            return Some(i..i + c.len_utf8());
        }
        let mut end = i + c.len_utf8();
        while let Some(&(k, d)) = chars.peek() {
            if !alphanumeric(d) {
                break;
            }
            end = k + d.len_utf8();
            chars.next();
        }
        Some(i..end)
    })
}

/// Where `before` (an article's text written in the old numbering) differs from `actual`
/// (the same article as it is): `(range in before, text in actual)`, one per numeral.
/// `None` when they differ by more than whole words, which numerals alone never cause.
pub(crate) fn numerals_changed(before: &str, actual: &str) -> Option<Subs> {
    let (mut a, mut b) = (pieces(before), pieces(actual));
    let mut out = Vec::new();
    loop {
        let (ra, rb) = match (a.next(), b.next()) {
            (Some(ra), Some(rb)) => (ra, rb),
            (None, None) => return Some(out),
            _ => return None,
        };
        let (x, y) = (&before[ra.clone()], &actual[rb]);
        if x != y {
            let words = |t: &str| t.chars().all(alphanumeric);
            if !words(x) || !words(y) {
                return None;
            }
            out.push((ra, y.to_owned()));
        }
    }
}

/// Spans of `old` → `before` made into spans of `old` → `actual`, `subs` being
/// [`numerals_changed`]`(before, actual)`. A numeral inside equal text becomes a
/// consequential delete/insert pair; one inside inserted text is written as it is now.
/// Returns the spans and the number of consequential pairs, or `None` when a numeral
/// straddles two spans (spans end on word boundaries, so it does not happen).
pub(crate) fn restore(
    spans: Vec<Span>,
    subs: &[(Range<usize>, String)],
) -> Option<(Vec<Span>, u32)> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len() + 2 * subs.len());
    let mut next = 0usize; // next substitution
    let mut at = 0usize; // byte offset in `before`
    let mut count = 0u32;
    for s in spans {
        if s.op == Op::Delete {
            out.push(s);
            continue;
        }
        let end = at + s.text.len();
        let first = next;
        while next < subs.len() && subs[next].0.start < end {
            if subs[next].0.end > end || subs[next].0.start < at {
                return None;
            }
            next += 1;
        }
        if first == next {
            at = end;
            out.push(s);
            continue;
        }
        let mut from = 0usize; // offset in s.text
        let mut text = String::new();
        for (r, now) in &subs[first..next] {
            let (a, b) = (r.start - at, r.end - at);
            match s.op {
                Op::Equal => {
                    if a > from {
                        out.push(Span::new(Op::Equal, &s.text[from..a]));
                    }
                    out.push(Span {
                        op: Op::Delete,
                        text: s.text[a..b].to_owned(),
                        consequential: true,
                    });
                    out.push(Span { op: Op::Insert, text: now.clone(), consequential: true });
                    count += 1;
                }
                _ => {
                    text.push_str(&s.text[from..a]);
                    text.push_str(now);
                }
            }
            from = b;
        }
        match s.op {
            Op::Equal => {
                if from < s.text.len() {
                    out.push(Span::new(Op::Equal, &s.text[from..]));
                }
            }
            _ => {
                text.push_str(&s.text[from..]);
                out.push(Span { text, ..s });
            }
        }
        at = end;
    }
    (next == subs.len()).then_some((settle(out), count))
}

/// A delete and an insert of the same words (a reference whose words stayed while the
/// unit it names changed: the old text's “Điều 9” is not the new text's) read as the
/// unchanged text they are.
fn settle(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let mut it = spans.into_iter().peekable();
    while let Some(s) = it.next() {
        let same = s.op == Op::Delete
            && !s.consequential
            && it
                .peek()
                .is_some_and(|n| n.op == Op::Insert && !n.consequential && n.text == s.text);
        let s = if same {
            it.next();
            Span::new(Op::Equal, s.text)
        } else {
            s
        };
        match out.last_mut() {
            Some(last) if s.op == Op::Equal && last.op == Op::Equal => last.text.push_str(&s.text),
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(list: &[(Op, &str)]) -> Vec<Span> {
        list.iter().map(|(op, t)| Span::new(*op, *t)).collect()
    }

    #[test]
    fn numerals_in_equal_text_become_consequential_pairs() {
        let before = "theo khoản 2 Điều 7 và Điều 9.";
        let actual = "theo khoản 2 Điều 8 và Điều 10.";
        let subs = numerals_changed(before, actual).unwrap();
        assert_eq!(subs.len(), 2);
        let (out, n) = restore(spans(&[(Op::Equal, before)]), &subs).unwrap();
        assert_eq!(n, 2);
        let rebuilt: String =
            out.iter().filter(|s| s.op != Op::Delete).map(|s| s.text.as_str()).collect();
        assert_eq!(rebuilt, actual);
        let marked: Vec<(&str, bool)> = out
            .iter()
            .filter(|s| s.op != Op::Equal)
            .map(|s| (s.text.as_str(), s.consequential))
            .collect();
        assert_eq!(marked, [("7", true), ("8", true), ("9", true), ("10", true)]);
    }

    #[test]
    fn numerals_in_inserted_text_stay_part_of_the_edit() {
        // old: "họp quý." → before: "họp tháng theo Điều 7." → actual: "… Điều 8."
        let before = "họp tháng theo Điều 7.";
        let actual = "họp tháng theo Điều 8.";
        let subs = numerals_changed(before, actual).unwrap();
        let input = spans(&[
            (Op::Equal, "họp "),
            (Op::Delete, "quý"),
            (Op::Insert, "tháng theo Điều 7"),
            (Op::Equal, "."),
        ]);
        let (out, n) = restore(input, &subs).unwrap();
        assert_eq!(n, 0);
        assert_eq!(out[2].text, "tháng theo Điều 8");
        assert!(out.iter().all(|s| !s.consequential));
    }

    #[test]
    fn the_same_words_naming_another_unit_read_unchanged() {
        // The old text's “Điều 9” named what the new text calls Điều 12: written in the
        // old numbering it differs, put back it is the same word.
        let before = "theo Điều 12.";
        let actual = "theo Điều 9.";
        let subs = numerals_changed(before, actual).unwrap();
        let input = spans(&[
            (Op::Equal, "theo Điều "),
            (Op::Delete, "9"),
            (Op::Insert, "12"),
            (Op::Equal, "."),
        ]);
        let (out, n) = restore(input, &subs).unwrap();
        assert_eq!((n, out), (0, spans(&[(Op::Equal, "theo Điều 9.")])));
    }

    #[test]
    fn the_fast_classifier_is_is_alphanumeric() {
        for c in (0..0x250).chain(0x1E00..0x1F00).filter_map(char::from_u32) {
            assert_eq!(alphanumeric(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn more_than_numerals_is_refused() {
        assert!(numerals_changed("Điều 7.", "Điều 7,").is_none());
        assert!(numerals_changed("Điều 7", "Điều 7 mới").is_none());
    }
}

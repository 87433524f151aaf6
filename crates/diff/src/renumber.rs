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

use quyche_model::{point_letter, roman, Document, IdMap, Kind, Numbering, Unit, UnitId};
use quyche_text::references::{Field, Style};
use quyche_text::ReferenceScan;

use crate::measure::common_prefix;
use crate::parallel::{in_runs, SPLIT_BYTES};
use crate::text::{Op, Span};

/// Numerals to write otherwise: `(byte range, text)`, in text order.
pub(crate) type Subs = Vec<(Range<usize>, String)>;

/// The texts of `articles` (units of `new`) written in the old numbering, `old_label(target)`
/// giving the kind and ordinal a new unit had in the old text: `None` for an article in
/// which no reference reads otherwise. A reference is rewritten only when every one of its
/// numerals has an old label of its own kind. Only the given articles are copied and
/// rendered (those whose text changed: identical words are no change at all). `now` is
/// `new`'s numbering.
pub(crate) fn as_numbered_before(
    (new, now): (&Document, &Numbering),
    articles: &[&Unit],
    old_label: impl Fn(UnitId) -> Option<(Kind, u32)> + Sync,
) -> Vec<Option<String>> {
    // Made its full size at once: grown from empty, its rehashing showed in profiles.
    let units: Vec<(UnitId, usize)> =
        (articles.iter().enumerate()).flat_map(|(k, a)| a.walk().map(move |u| (u.id, k))).collect();
    let mut owner: IdMap<usize> = IdMap::with_capacity_and_hasher(units.len(), Default::default());
    owner.extend(units);
    // Only the given articles' words are read, so the scan costs what they hold.
    let scan = ReferenceScan::within(new, now, |id| owner.contains_key(&id));
    // A run of the articles (the scan's parts), each written again where a reference
    // reads otherwise: `(article, text)`. The runs are taken by whichever core is free:
    // this work starts while the other core is still tracing splits, and was the longer
    // of the two (docs/benchmarks.md).
    let write = |run: Range<usize>| -> Vec<(usize, String)> {
        // Per article of the run: (unit, field) → (byte range, old numeral).
        let mut edits: HashMap<usize, HashMap<(UnitId, Field), Subs>> = HashMap::new();
        'refs: for r in scan.find(run.clone()).linked() {
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
                edits.entry(k).or_default().entry((r.unit, r.field)).or_default().extend(these);
            }
        }
        run.filter_map(|p| {
            let k = *owner.get(&scan.part(p).id)?;
            let edits = edits.remove(&k)?;
            let mut unit = articles[k].clone();
            for ((id, field), list) in edits {
                if let Some(u) = find_mut(&mut unit, id) {
                    rewrite(u, field, list);
                }
            }
            Some((k, quyche_text::render_article_text(&unit)))
        })
        .collect()
    };
    // Weighed by the text each article holds, which is what its scan reads.
    let weights: Vec<usize> = (0..scan.parts())
        .map(|p| {
            let text =
                |u: &Unit| u.title.len() + u.paragraphs.iter().map(String::len).sum::<usize>();
            scan.part(p).walk().map(text).sum()
        })
        .collect();
    let mut texts = vec![None; articles.len()];
    for (k, text) in in_runs(&weights, SPLIT_BYTES, &write) {
        texts[k] = Some(text);
    }
    texts
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

/// The piece of `s` starting at byte `at`, a piece boundary: a word (a letter and digit
/// run) or a single other character. `None` at the end.
fn piece_at(s: &str, at: usize) -> Option<Range<usize>> {
    let mut chars = s[at..].chars();
    let c = chars.next()?;
    let mut end = at + c.len_utf8();
    if alphanumeric(c) {
        end += chars.take_while(|&d| alphanumeric(d)).map(char::len_utf8).sum::<usize>();
    }
    Some(at..end)
}

/// Where `before` (an article's text written in the old numbering) differs from `actual`
/// (the same article as it is): `(range in before, text in actual)`, one per numeral.
/// `None` when they differ by more than whole words, which numerals alone never cause.
///
/// The texts are compared piece by piece (words and single other characters), but the
/// long runs of equal bytes between two numerals are skipped by a byte comparison: the
/// walk picks up again at the start of the word the first difference is in, which is a
/// piece boundary in both texts, since everything before it is the same bytes.
pub(crate) fn numerals_changed(before: &str, actual: &str) -> Option<Subs> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    loop {
        let mut k = i + common_prefix(&before.as_bytes()[i..], &actual.as_bytes()[j..]);
        while !before.is_char_boundary(k) {
            k -= 1;
        }
        while let Some(c) = before[i..k].chars().next_back().filter(|&c| alphanumeric(c)) {
            k -= c.len_utf8();
        }
        (i, j) = (k, j + (k - i));
        let (ra, rb) = match (piece_at(before, i), piece_at(actual, j)) {
            (Some(ra), Some(rb)) => (ra, rb),
            (None, None) => return Some(out),
            _ => return None,
        };
        (i, j) = (ra.end, rb.end);
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
    /// The words and single other characters of `s`, as byte ranges.
    fn pieces(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
        let mut at = 0;
        std::iter::from_fn(move || {
            let r = piece_at(s, at)?;
            at = r.end;
            Some(r)
        })
    }

    /// [`numerals_changed`] by walking every piece of both texts side by side.
    fn numerals_changed_piece_by_piece(before: &str, actual: &str) -> Option<Subs> {
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
                if !x.chars().all(alphanumeric) || !y.chars().all(alphanumeric) {
                    return None;
                }
                out.push((ra, y.to_owned()));
            }
        }
    }

    /// Skipping equal bytes finds what walking every piece finds: on texts that differ in
    /// numerals, in words that share a prefix or a suffix, in multi-byte letters, in
    /// punctuation, and at either end; and on every article of the law pair against the
    /// next one and against itself with its numbers changed.
    #[test]
    fn skipping_equal_bytes_finds_what_walking_every_piece_finds() {
        let mut cases: Vec<(String, String)> = [
            ("Điều 7. Theo khoản 2 Điều 7", "Điều 7. Theo khoản 3 Điều 17"),
            ("khoản 12 và 13", "khoản 12 và 14"),
            ("điểm a khoản 1", "điểm đ khoản 1"),
            ("điểm ă", "điểm â"),
            ("Chương IV", "Chương VI"),
            ("Điều 7.", "Điều 7,"),
            ("Điều 7", "Điều 7 "),
            ("Điều 7 ", "Điều 7"),
            ("", ""),
            ("", "7"),
            ("a", "b"),
            ("hợp tác xã", "hợp tác xã thành viên"),
            ("thành viên", "thành viền"),
            ("x—y", "x–y"),
            ("12345678901234567", "12345678901234568"),
            (
                "khoản 1 Điều 2; khoản 3 Điều 4; khoản 5 Điều 6",
                "khoản 1 Điều 2; khoản 3 Điều 9; khoản 5 Điều 6",
            ),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let law = quyche_text::parse(&quyche_fixtures::law(quyche_fixtures::COOP_2023)).document;
        let texts: Vec<String> = law.articles().map(quyche_text::render_article_text).collect();
        for w in texts.windows(2) {
            cases.push((w[0].clone(), w[1].clone()));
            let bumped: String = w[0]
                .split(' ')
                .map(|t| t.parse::<u32>().map_or(t.to_owned(), |n| (n + 1).to_string()))
                .collect::<Vec<_>>()
                .join(" ");
            cases.push((w[0].clone(), bumped));
        }
        let mut found = 0;
        for (a, b) in &cases {
            let got = numerals_changed(a, b);
            assert_eq!(got, numerals_changed_piece_by_piece(a, b), "{a:?} → {b:?}");
            found += got.is_some_and(|s| !s.is_empty()) as usize;
        }
        assert!(found > 50, "only {found} cases differ in numerals");
    }

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

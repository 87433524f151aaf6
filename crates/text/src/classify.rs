//! Line classification by hand: no regex, one pass over the first few characters.
//!
//! A heading needs its keyword, a space and a numeral, then either nothing, a
//! separator (`.`, `:`, `-`, `–`, or a stray `,` for articles) or an UPPERCASE title.
//! That is what keeps "Chương trình…", "Mục tiêu…", "Điều kiện…" and
//! "Chương II của Luật này…" as body text.

use quyche_model::{roman, Kind};

/// How the source wrote a number, so diagnostics can answer in the same style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Arabic,
    Roman,
    /// `Phần thứ nhất`.
    Words,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Num {
    pub value: u32,
    pub style: Style,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Heading<'a> {
    pub kind: Kind,
    pub num: Num,
    /// The title written on the heading line; empty when there is none.
    pub title: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class<'a> {
    Heading(Heading<'a>),
    /// `1. text`: the number and the text after the marker.
    Clause(u32, &'a str),
    /// `a) text`: the letter, its 1-based position among the 23 point letters (None for
    /// f, j, w, z, which Vietnamese numbering skips), and the text.
    Point(&'a str, Option<u32>, &'a str),
    /// `- text`.
    SubPoint(&'a str),
    Text,
}

impl<'a> Class<'a> {
    /// Where a quotation may open on this line: the text after any heading, clause,
    /// point or sub-point marker. Markers are stripped whatever the context, because
    /// render may move a piece of text between a heading line and a line of its own
    /// (a chapter title, a section title) and the answer must not change.
    pub fn content(&self, line: &'a str) -> &'a str {
        match *self {
            Class::Heading(h) => strip_marker(h.title),
            _ => strip_marker(line),
        }
    }
}

fn strip_marker(s: &str) -> &str {
    if let Some((_, t)) = clause(s) {
        return t;
    }
    if let Some((_, _, t)) = point(s) {
        return t;
    }
    sub_point(s).unwrap_or(s)
}

pub(crate) const POINT_LETTERS: [char; 23] = [
    'a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't',
    'u', 'v', 'x', 'y',
];

pub(crate) fn classify(line: &str) -> Class<'_> {
    if let Some(h) = heading(line) {
        return Class::Heading(h);
    }
    if let Some((n, t)) = clause(line) {
        return Class::Clause(n, t);
    }
    if let Some((letter, idx, t)) = point(line) {
        return Class::Point(letter, idx, t);
    }
    if let Some(t) = sub_point(line) {
        return Class::SubPoint(t);
    }
    Class::Text
}

/// True when the line has letters and none of them is lowercase.
pub(crate) fn is_upper(s: &str) -> bool {
    let mut letters = false;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters = true;
        }
    }
    letters
}

/// Case-insensitive prefix test; `prefix` must be lowercase.
pub(crate) fn starts_with_ci(s: &str, prefix: &str) -> bool {
    strip_prefix_ci(s, prefix).is_some()
}

/// Case-insensitive `strip_prefix`; `prefix` must be lowercase. Works on whole
/// characters, so the returned rest always starts on a character boundary.
pub(crate) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut want = prefix.chars().peekable();
    for (i, c) in s.char_indices() {
        if want.peek().is_none() {
            return Some(&s[i..]);
        }
        for l in c.to_lowercase() {
            if want.next() != Some(l) {
                return None;
            }
        }
    }
    want.peek().is_none().then_some("")
}

const KEYWORDS: [(&str, Kind); 8] = [
    ("Phần ", Kind::Part),
    ("PHẦN ", Kind::Part),
    ("Chương ", Kind::Chapter),
    ("CHƯƠNG ", Kind::Chapter),
    ("Mục ", Kind::Section),
    ("MỤC ", Kind::Section),
    ("Điều ", Kind::Article),
    ("ĐIỀU ", Kind::Article),
];

pub(crate) fn heading(line: &str) -> Option<Heading<'_>> {
    let (rest, kind) =
        KEYWORDS.iter().find_map(|(k, kind)| line.strip_prefix(k).map(|r| (r, *kind)))?;
    let (num, after) = numeral(rest, kind)?;
    let after = after.trim_start();
    let title = if after.is_empty() {
        ""
    } else {
        let first = after.chars().next()?;
        let separators: &[char] = if kind == Kind::Article {
            &['.', ':', ',', '-', '–', '—']
        } else {
            &['.', ':', '-', '–', '—']
        };
        if separators.contains(&first) {
            let t = after[first.len_utf8()..].trim_start();
            // A comma after the number is a stray-comma title only when a title follows;
            // "Điều 5, 6 và 7 …" and "Điều 5, khoản 2 …" are sentences.
            if first == ',' && !t.chars().next().is_some_and(|c| c.is_uppercase()) {
                return None;
            }
            t
        } else if kind != Kind::Article && is_upper(after) {
            after
        } else {
            return None;
        }
    };
    Some(Heading { kind, num, title })
}

/// Parses the numeral after a heading keyword; returns it and what follows.
fn numeral(rest: &str, kind: Kind) -> Option<(Num, &str)> {
    let first = rest.chars().next()?;
    if first.is_ascii_digit() {
        let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if end > 6 {
            return None;
        }
        let after = &rest[end..];
        if after.chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        let value = rest[..end].parse().ok()?;
        return Some((Num { value, style: Style::Arabic }, after));
    }
    if kind == Kind::Article {
        return None;
    }
    let end = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
    let word = &rest[..end];
    let after = &rest[end..];
    if after.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    if let Some(value) = roman_value(word) {
        return Some((Num { value, style: Style::Roman }, after));
    }
    if kind == Kind::Part && (word == "thứ" || word == "THỨ") {
        let (value, after) = ordinal_words(after.strip_prefix(' ')?)?;
        return Some((Num { value, style: Style::Words }, after));
    }
    None
}

fn roman_value(word: &str) -> Option<u32> {
    // Render numbers chapter 1888 `MDCCCLXXXVIII` (13 letters); 32 covers all below 20,000.
    if word.is_empty() || word.len() > 32 {
        return None;
    }
    let digit = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<i64> = word.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    let total = u32::try_from(total).ok().filter(|t| *t > 0)?;
    // Only canonical numerals: "IIII" or "IC" are more likely words than numbers.
    (roman(total) == word).then_some(total)
}

const UNITS: [(&str, u32); 12] = [
    ("nhất", 1),
    ("một", 1),
    ("hai", 2),
    ("ba", 3),
    ("tư", 4),
    ("bốn", 4),
    ("năm", 5),
    ("lăm", 5),
    ("sáu", 6),
    ("bảy", 7),
    ("tám", 8),
    ("chín", 9),
];

fn word_value(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    if lower == "mười" {
        return Some(10);
    }
    UNITS.iter().find(|(w, _)| *w == lower).map(|(_, v)| *v)
}

/// `nhất`, `hai`, … `mười`, `mười một` …: returns the value and the rest of the line.
fn ordinal_words(s: &str) -> Option<(u32, &str)> {
    let word_end = |s: &str| s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
    let end = word_end(s);
    let value = word_value(&s[..end])?;
    let after = &s[end..];
    if value == 10 {
        if let Some(next) = after.strip_prefix(' ') {
            let e2 = word_end(next);
            if let Some(unit) = word_value(&next[..e2]).filter(|v| *v < 10) {
                if !next[e2..].chars().next().is_some_and(char::is_alphanumeric) {
                    return Some((10 + unit, &next[e2..]));
                }
            }
        }
    }
    if after.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some((value, after))
}

/// `1. text` (also `1.text`), but not `1.1.` or `1.000 đồng`.
fn clause(line: &str) -> Option<(u32, &str)> {
    let end = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(line.len());
    if end == 0 || end > 3 {
        return None;
    }
    let after = line[end..].strip_prefix('.')?;
    if after.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let n = line[..end].parse().ok()?;
    Some((n, after.trim_start()))
}

/// `a) text`, `đ) text`; f, j, w and z are recognised too so a misnumbered list gets a
/// diagnostic instead of vanishing into the previous point. After `y)` the model numbers
/// on with doubled letters (`aa)`, `bb)` … then `aaa)`), so a letter repeated is a point
/// too: the 24th point renders as `aa)` and must read back as one.
fn point(line: &str) -> Option<(&str, Option<u32>, &str)> {
    let c = line.chars().next()?;
    if !(c.is_ascii_lowercase() || c == 'đ') {
        return None;
    }
    let repeats = line.chars().take_while(|x| *x == c).count();
    let letters = repeats * c.len_utf8();
    let after = line[letters..].strip_prefix(')')?;
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let round = u32::try_from(repeats - 1).ok()?;
    let idx = POINT_LETTERS
        .iter()
        .position(|l| *l == c)
        .and_then(|i| round.checked_mul(23)?.checked_add(i as u32 + 1));
    Some((&line[..letters], idx, after.trim_start()))
}

/// `- text`, `– text`. A `+` item stays text: the model has no level below sub-points,
/// and keeping its marker in the text keeps the nesting readable.
fn sub_point(line: &str) -> Option<&str> {
    let c = line.chars().next()?;
    if !matches!(c, '-' | '–' | '—') {
        return None;
    }
    let after = &line[c.len_utf8()..];
    (after.is_empty() || after.starts_with(' ')).then(|| after.trim_start())
}

/// The number as the source would write it, for diagnostics.
pub(crate) fn display(kind: Kind, value: u32, style: Style) -> String {
    let n = match style {
        Style::Arabic => value.to_string(),
        Style::Roman | Style::Words => roman(value),
    };
    match kind {
        Kind::Clause => format!("khoản {value}"),
        Kind::Point => format!("điểm {}", quyche_model::point_letter(value)),
        Kind::SubPoint => "tiết".to_owned(),
        other => format!("{} {n}", other.word()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<(Kind, u32, &str)> {
        heading(line).map(|h| (h.kind, h.num.value, h.title))
    }

    #[test]
    fn headings_and_traps() {
        assert_eq!(kind("Chương I"), Some((Kind::Chapter, 1, "")));
        assert_eq!(kind("Chương 1."), Some((Kind::Chapter, 1, "")));
        assert_eq!(kind("Chương 3:"), Some((Kind::Chapter, 3, "")));
        assert_eq!(kind("CHƯƠNG IV"), Some((Kind::Chapter, 4, "")));
        assert_eq!(
            kind("Chương I. NHỮNG QUY ĐỊNH CHUNG"),
            Some((Kind::Chapter, 1, "NHỮNG QUY ĐỊNH CHUNG"))
        );
        assert_eq!(kind("Chương II: TỔ CHỨC"), Some((Kind::Chapter, 2, "TỔ CHỨC")));
        assert_eq!(
            kind("Chương XII ĐIỀU KHOẢN THI HÀNH"),
            Some((Kind::Chapter, 12, "ĐIỀU KHOẢN THI HÀNH"))
        );
        assert_eq!(kind("Chương trình công tác năm"), None);
        assert_eq!(kind("Chương II của Luật này quy định"), None);
        assert_eq!(kind("Mục 1. THÀNH VIÊN"), Some((Kind::Section, 1, "THÀNH VIÊN")));
        assert_eq!(kind("MỤC 2: X"), Some((Kind::Section, 2, "X")));
        assert_eq!(kind("Mục tiêu của quy chế"), None);
        assert_eq!(kind("Mục đích"), None);
        assert_eq!(kind("Điều 5. Phạm vi"), Some((Kind::Article, 5, "Phạm vi")));
        assert_eq!(kind("Điều 28, Quyền"), Some((Kind::Article, 28, "Quyền")));
        assert_eq!(kind("Điều 5: Phạm vi"), Some((Kind::Article, 5, "Phạm vi")));
        assert_eq!(kind("Điều 5"), Some((Kind::Article, 5, "")));
        assert_eq!(kind("Điều 5, 6 và 7 được bãi bỏ"), None);
        assert_eq!(kind("Điều 5 được sửa đổi như sau:"), None);
        assert_eq!(kind("Điều kiện thành lập"), None);
        assert_eq!(kind("Điều chỉnh"), None);
        assert_eq!(kind("Điều 5a. X"), None);
        assert_eq!(kind("Phần thứ nhất"), Some((Kind::Part, 1, "")));
        assert_eq!(kind("PHẦN THỨ HAI"), Some((Kind::Part, 2, "")));
        assert_eq!(kind("Phần thứ mười một. X"), Some((Kind::Part, 11, "X")));
        assert_eq!(kind("Phần I"), Some((Kind::Part, 1, "")));
        assert_eq!(kind("Phần vốn góp là"), None);
        assert_eq!(kind("Chương IIII"), None);
        assert_eq!(kind("Chương MDCCCLXXXVIII"), Some((Kind::Chapter, 1888, "")));
    }

    #[test]
    fn markers() {
        assert_eq!(classify("1. Văn bản"), Class::Clause(1, "Văn bản"));
        assert_eq!(classify("12.Văn bản"), Class::Clause(12, "Văn bản"));
        assert_eq!(classify("1.1. Văn bản"), Class::Text);
        assert_eq!(classify("2.000 đồng"), Class::Text);
        assert_eq!(classify("đ) Chế biến"), Class::Point("đ", Some(5), "Chế biến"));
        assert_eq!(classify("f) Sai"), Class::Point("f", None, "Sai"));
        assert_eq!(classify("a)b"), Class::Text);
        assert_eq!(classify("aa) Hai mươi bốn"), Class::Point("aa", Some(24), "Hai mươi bốn"));
        assert_eq!(classify("yy) z"), Class::Point("yy", Some(46), "z"));
        assert_eq!(classify("ab) z"), Class::Text);
        assert_eq!(classify("- Tiết"), Class::SubPoint("Tiết"));
        assert_eq!(classify("– Tiết"), Class::SubPoint("Tiết"));
        assert_eq!(classify("-5 độ"), Class::Text);
        assert_eq!(classify("+ Ý"), Class::Text);
    }
}

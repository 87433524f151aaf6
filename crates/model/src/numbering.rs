use std::collections::HashMap;
use std::fmt::{self, Write};
use std::hash::{BuildHasherDefault, Hasher};

use crate::{Document, Kind, Unit, UnitId};

/// Hashes a [`UnitId`] by one multiplication (Fibonacci hashing): ids are small dense
/// integers, and the numbering is made for every unit of both sides of every redline,
/// where SipHash and a map per parent's counters took most of its time (17% of a
/// `quyche diff` of two 420 KB laws). A file can choose its ids, so one could make them
/// collide: that slows its own numbering, and changes nothing else.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by [`UnitId`], hashed by [`IdHasher`]: the one to use for units.
pub type IdMap<V> = HashMap<UnitId, V, BuildHasherDefault<IdHasher>>;

/// The Vietnamese point letters, in order. There is no f, j, w or z, and `đ` follows `d`.
const POINT_LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

/// The letter of the `n`-th point (1-based): 1 → `a`, 5 → `đ`, 6 → `e`, 7 → `g`.
/// Past `y` the letters double (`aa`, `bb`, …), which no real text reaches but which
/// keeps numbering total.
pub fn point_letter(n: u32) -> String {
    let mut out = String::new();
    // Writing to a `String` does not fail.
    let _ = write_point_letter(&mut out, n);
    out
}

/// [`point_letter`], written at the end of `out`.
fn write_point_letter(out: &mut impl Write, n: u32) -> fmt::Result {
    if n == 0 {
        return out.write_str("?");
    }
    let i = (n - 1) as usize;
    let letter = POINT_LETTERS[i % POINT_LETTERS.len()];
    for _ in 0..i / POINT_LETTERS.len() + 1 {
        out.write_str(letter)?;
    }
    Ok(())
}

/// `n` in decimal, written at the end of `out` (digit by digit: a marker is made for
/// every unit a redline renders, and `write!`'s formatting machinery cost more).
fn write_decimal(out: &mut impl Write, n: u32) -> fmt::Result {
    let mut digits = [0u8; 10];
    let (mut k, mut rest) = (digits.len(), n);
    loop {
        k -= 1;
        digits[k] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    // ASCII digits.
    out.write_str(std::str::from_utf8(&digits[k..]).unwrap_or_default())
}

/// Upper-case Roman numeral of `n` (1 → `I`, 14 → `XIV`). 0 gives an empty string.
pub fn roman(n: u32) -> String {
    let mut out = String::new();
    // Writing to a `String` does not fail.
    let _ = write_roman(&mut out, n);
    out
}

/// [`roman`], written at the end of `out`.
fn write_roman(out: &mut impl Write, mut n: u32) -> fmt::Result {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    for (value, digits) in TABLE {
        while n >= value {
            out.write_str(digits)?;
            n -= value;
        }
    }
    Ok(())
}

/// The derived number of one unit: its kind and its place, from which its marker is
/// made when asked ([`Label::marker`]). Numbering a document makes a label for every
/// unit of it, several times per redline; a marker kept as a `String` in each was an
/// allocation per unit and four times the size of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    pub kind: Kind,
    /// 1-based position among the units it is counted with.
    pub ordinal: u32,
}

impl Label {
    /// What stands in front of the unit's text: `Chương IV`, `Mục 2`, `Điều 17`, `3.`, `đ)`, `-`.
    pub fn marker(&self) -> Marker {
        let mut m = Marker::default();
        // Writing to a `Marker` does not fail.
        let _ = self.write_marker(&mut m);
        m
    }

    fn write_marker(&self, out: &mut impl Write) -> fmt::Result {
        let n = self.ordinal;
        match self.kind {
            Kind::Part => {
                out.write_str("Phần ")?;
                write_roman(out, n)
            }
            Kind::Chapter => {
                out.write_str("Chương ")?;
                write_roman(out, n)
            }
            Kind::Section => {
                out.write_str("Mục ")?;
                write_decimal(out, n)
            }
            Kind::Article => {
                out.write_str("Điều ")?;
                write_decimal(out, n)
            }
            Kind::Clause => {
                write_decimal(out, n)?;
                out.write_str(".")
            }
            Kind::Point => {
                write_point_letter(out, n)?;
                out.write_str(")")
            }
            Kind::SubPoint => out.write_str("-"),
        }
    }

    /// How a cross-reference names the unit on its own: `Chương IV`, `Điều 17`, `khoản 3`, `điểm đ`.
    pub fn reference(&self) -> String {
        match self.kind {
            Kind::Clause => format!("khoản {}", self.ordinal),
            Kind::Point => format!("điểm {}", point_letter(self.ordinal)),
            Kind::SubPoint => format!("tiết {}", self.ordinal),
            _ => self.marker().to_string(),
        }
    }
}

/// A [`Label`]'s marker, held in place up to [`Marker::INLINE`] bytes (every marker a
/// real text has: `Chương XXXVIII` is 16), in a `String` beyond. Reads as a `str`.
#[derive(Clone)]
pub struct Marker(MarkerText);

#[derive(Clone)]
enum MarkerText {
    Inline { bytes: [u8; Marker::INLINE], len: u8 },
    Long(String),
}

impl Default for Marker {
    fn default() -> Marker {
        Marker(MarkerText::Inline { bytes: [0; Marker::INLINE], len: 0 })
    }
}

impl Marker {
    const INLINE: usize = 22;

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Only whole `str`s are written in, so the bytes are always UTF-8.
            MarkerText::Inline { bytes, len } => {
                std::str::from_utf8(&bytes[..*len as usize]).unwrap_or_default()
            }
            MarkerText::Long(s) => s,
        }
    }
}

impl Write for Marker {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match &mut self.0 {
            MarkerText::Inline { bytes, len } if *len as usize + s.len() <= Marker::INLINE => {
                let at = *len as usize;
                bytes[at..at + s.len()].copy_from_slice(s.as_bytes());
                *len += s.len() as u8;
            }
            MarkerText::Inline { .. } => {
                let long = format!("{}{s}", self.as_str());
                self.0 = MarkerText::Long(long);
            }
            MarkerText::Long(t) => t.push_str(s),
        }
        Ok(())
    }
}

impl std::ops::Deref for Marker {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Marker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Marker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for Marker {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Marker {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

/// Numbers for every unit of a document, derived from position.
///
/// * Parts, chapters and articles are numbered through the whole document.
/// * Sections are numbered within their chapter (or part, or document).
/// * Clauses within their article; points within their clause (or article);
///   sub-points within their parent.
#[derive(Clone, Debug, Default)]
pub struct Numbering {
    labels: IdMap<Label>,
    parents: IdMap<UnitId>,
}

impl Numbering {
    pub fn of(doc: &Document) -> Numbering {
        // Sized once for every unit: growing the maps rehashed every label so far.
        let units = doc.walk().count();
        let mut n = Numbering {
            labels: IdMap::with_capacity_and_hasher(units, Default::default()),
            parents: IdMap::with_capacity_and_hasher(units, Default::default()),
        };
        let mut global = Counters::default();
        n.number_siblings(&doc.body, None, &mut global);
        n
    }

    fn number_siblings(&mut self, units: &[Unit], parent: Option<UnitId>, global: &mut Counters) {
        walk(units, parent, global, &mut |unit, parent, label| {
            self.labels.insert(unit.id, label);
            if let Some(p) = parent {
                self.parents.insert(unit.id, p);
            }
        });
    }

    /// Visits the units below `article`, in document order, each with the label it has
    /// when the article is numbered alone: clauses, points and sub-points restart under
    /// every parent, so these are the labels they have in any document holding the
    /// article. The same labels as [`Numbering::of`] a document of the article alone,
    /// without copying the article into one or keeping a map.
    pub fn visit_article(article: &Unit, mut f: impl FnMut(&Unit, &Label)) {
        let mut global = Counters::default();
        global.bump(Kind::Article);
        walk(&article.children, Some(article.id), &mut global, &mut |unit, _, label| {
            f(unit, &label)
        });
    }
    pub fn label(&self, id: UnitId) -> Option<&Label> {
        self.labels.get(&id)
    }

    pub fn parent(&self, id: UnitId) -> Option<UnitId> {
        self.parents.get(&id).copied()
    }

    /// A full reference in the Vietnamese style, from the unit up to its article:
    /// `điểm a khoản 2 Điều 5`, `khoản 3 Điều 17`, `Điều 17`, `Chương IV`.
    pub fn reference(&self, id: UnitId) -> Option<String> {
        let mut parts = Vec::new();
        let mut cur = Some(id);
        while let Some(c) = cur {
            let label = self.labels.get(&c)?;
            parts.push(label.reference());
            if !matches!(label.kind, Kind::Clause | Kind::Point | Kind::SubPoint) {
                break;
            }
            cur = self.parent(c);
        }
        Some(parts.join(" "))
    }
}

/// The numbering rule: `units` and their descendants in document order, each with its
/// parent and its label. Parts, chapters and articles count in `global`; every other
/// kind restarts under each parent.
fn walk(
    units: &[Unit],
    parent: Option<UnitId>,
    global: &mut Counters,
    f: &mut impl FnMut(&Unit, Option<UnitId>, Label),
) {
    // Local counters restart under every parent.
    let mut local = Counters::default();
    for unit in units {
        let ordinal = match unit.kind {
            Kind::Part => global.bump(Kind::Part),
            Kind::Chapter => global.bump(Kind::Chapter),
            Kind::Article => global.bump(Kind::Article),
            kind => local.bump(kind),
        };
        f(unit, parent, Label { kind: unit.kind, ordinal });
        walk(&unit.children, Some(unit.id), global, f);
    }
}

/// One count per kind, kept in place: the counters restart under every parent.
#[derive(Default)]
struct Counters {
    counts: [u32; 7],
}

impl Counters {
    fn bump(&mut self, kind: Kind) -> u32 {
        let slot = match kind {
            Kind::Part => 0,
            Kind::Chapter => 1,
            Kind::Section => 2,
            Kind::Article => 3,
            Kind::Clause => 4,
            Kind::Point => 5,
            Kind::SubPoint => 6,
        };
        let c = &mut self.counts[slot];
        *c += 1;
        *c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Unit};

    #[test]
    fn point_letters_skip_f_j_w_z_and_put_dd_after_d() {
        let letters: Vec<String> = (1..=17).map(point_letter).collect();
        assert_eq!(letters.join(" "), "a b c d đ e g h i k l m n o p q r");
        assert_eq!(point_letter(23), "y");
        assert_eq!(point_letter(24), "aa");
    }

    /// A label's marker, made on demand, reads as it was written when each label kept its
    /// own: for every kind, at the first ordinals and at those past the inline room
    /// (`Chương MMMDCCCLXXXVIII` is 24 bytes, a point past `y` doubles its letter).
    #[test]
    fn markers_read_as_written() {
        let written = |kind: Kind, n: u32| match kind {
            Kind::Part => format!("Phần {}", roman(n)),
            Kind::Chapter => format!("Chương {}", roman(n)),
            Kind::Section => format!("Mục {n}"),
            Kind::Article => format!("Điều {n}"),
            Kind::Clause => format!("{n}."),
            Kind::Point => format!("{})", point_letter(n)),
            Kind::SubPoint => "-".to_owned(),
        };
        let kinds = [
            Kind::Part,
            Kind::Chapter,
            Kind::Section,
            Kind::Article,
            Kind::Clause,
            Kind::Point,
            Kind::SubPoint,
        ];
        let ordinals =
            (0..=60).chain([99, 100, 3888, 3999, 100_000, u32::MAX / 1_000_000, u32::MAX]);
        for kind in kinds {
            for n in ordinals.clone() {
                // Past a few thousand, a Roman numeral is thousands of `M`s.
                if matches!(kind, Kind::Part | Kind::Chapter | Kind::Point) && n > 100_000 {
                    continue;
                }
                let marker = Label { kind, ordinal: n }.marker();
                assert_eq!(marker.as_str(), written(kind, n), "{kind:?} {n}");
                assert_eq!(marker.to_string(), written(kind, n));
            }
        }
        assert_eq!(Label { kind: Kind::Chapter, ordinal: 3888 }.marker(), "Chương MMMDCCCLXXXVIII");
        assert_eq!(Label { kind: Kind::Point, ordinal: 24 }.marker(), "aa)");
        assert_eq!(Label { kind: Kind::Point, ordinal: 5 }.marker(), "đ)");
    }

    #[test]
    fn roman_numerals() {
        let cases = [
            (1, "I"),
            (4, "IV"),
            (9, "IX"),
            (12, "XII"),
            (14, "XIV"),
            (40, "XL"),
            (1994, "MCMXCIV"),
        ];
        for (n, r) in cases {
            assert_eq!(roman(n), r, "{n}");
        }
    }

    fn unit(doc: &mut Document, kind: Kind, children: Vec<Unit>) -> Unit {
        let mut u = Unit::new(doc.alloc_id(), kind);
        u.children = children;
        u
    }

    #[test]
    fn articles_count_through_chapters_and_sections_restart_per_chapter() {
        let mut d = Document::default();
        let p1 = unit(&mut d, Kind::Point, vec![]);
        let p2 = unit(&mut d, Kind::Point, vec![]);
        let c1 = unit(&mut d, Kind::Clause, vec![]);
        let c2 = unit(&mut d, Kind::Clause, vec![p1, p2]);
        let a1 = unit(&mut d, Kind::Article, vec![c1, c2]);
        let a2 = unit(&mut d, Kind::Article, vec![]);
        let s1 = unit(&mut d, Kind::Section, vec![a2]);
        let ch1 = unit(&mut d, Kind::Chapter, vec![a1]);
        let a3 = unit(&mut d, Kind::Article, vec![]);
        let s2 = unit(&mut d, Kind::Section, vec![a3]);
        let ch2 = unit(&mut d, Kind::Chapter, vec![s1, s2]);
        d.body = vec![ch1, ch2];
        let n = d.numbering();
        let markers: Vec<String> =
            d.walk().map(|u| n.label(u.id).unwrap().marker().to_string()).collect();
        assert_eq!(
            markers,
            [
                "Chương I",
                "Điều 1",
                "1.",
                "2.",
                "a)",
                "b)",
                "Chương II",
                "Mục 1",
                "Điều 2",
                "Mục 2",
                "Điều 3"
            ]
        );
        assert_eq!(n.reference(UnitId(1)).unwrap(), "điểm b khoản 2 Điều 1");
        // An article numbered alone gives its clauses and points the same labels.
        let alone = Document { body: vec![d.body[0].children[0].clone()], ..Document::default() };
        let whole = alone.numbering();
        let mut seen = Vec::new();
        Numbering::visit_article(&alone.body[0], |u, l| {
            assert_eq!(Some(l), whole.label(u.id));
            seen.push(l.marker().to_string());
        });
        assert_eq!(seen, ["1.", "2.", "a)", "b)"]);
    }
}

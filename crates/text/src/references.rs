//! Cross-references inside a document: “khoản 2 Điều 7”, “điểm a, b và đ khoản 2 Điều 42”,
//! “khoản 1 Điều này”, “Mục 2 Chương III”, each optionally followed by “của Luật này” (or
//! “Quy chế này”, “Điều lệ này”…).
//!
//! Pure: [`find_references`] reads a [`Document`] and says, for every title and paragraph,
//! which spans name units of the same document and which units (by stable id) they name;
//! [`render_references`] writes every linked label again from the document's *current*
//! numbering, so a reference follows its target through any renumbering. Nothing here
//! stores a number: a [`Numeral`] keeps the unit id it named and where it was written.
//!
//! What is not linked:
//! * a reference followed by the name of another text (“Điều 46 của Luật Xử lý vi phạm
//!   hành chính”, “Điều 5 Luật Doanh nghiệp”, “khoản 2 Điều 10 của Nghị định số …”) is
//!   [`References::external`] and stays text;
//! * a word that only looks like a keyword (“Điều lệ”, “điểm kinh doanh”, “thời điểm a”,
//!   “Chương trình”) is not a reference at all.
//!
//! A reference that names a unit the document does not have is kept as text, with
//! [`Reference::missing`] saying which label was not found.

use std::collections::HashMap;
use std::ops::Range;

use quyche_model::{point_letter, roman, Document, IdMap, Kind, Numbering, Unit, UnitId};
use serde::Serialize;

/// Which text of a unit holds a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The unit's title (a heading's or an article's).
    Title,
    /// `paragraphs[i]`.
    Paragraph(usize),
}

/// How a number was written, so that it is written again the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// `7`, `2`.
    Arabic,
    /// `II`, `XIV` (chapters and parts).
    Roman,
    /// `a`, `đ` (points).
    Letter,
}

/// One number inside a reference (the `2` and the `7` of “khoản 2 Điều 7”), and the unit it
/// named when the text was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Numeral {
    /// Byte range in the field's text.
    pub span: Range<usize>,
    pub kind: Kind,
    pub style: Style,
    /// As written: `7`, `II`, `đ`.
    pub written: String,
    /// The unit, when the document has one by that number.
    pub target: Option<UnitId>,
}

/// One internal reference: a span of a title or paragraph that names units of the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// The unit whose text holds it.
    pub unit: UnitId,
    pub field: Field,
    /// Byte range in the field's text, from the first keyword to the end of “… này”.
    pub span: Range<usize>,
    /// The reference as written.
    pub written: String,
    /// Every number in it, in reading order.
    pub numerals: Vec<Numeral>,
    /// The units it names (the lowest of each path: the points of “điểm a, b khoản 2
    /// Điều 4”), in reading order. A relative form (“Điều này”) names the enclosing unit.
    pub targets: Vec<UnitId>,
    /// Written relative to where it stands (“Điều này”, “khoản 1 Điều này”): it keeps
    /// “này” when rendered.
    pub relative: bool,
    /// The labels the document does not have (`Điều 200`, `khoản 9 Điều 7`); empty when
    /// the reference is linked.
    pub missing: Vec<String>,
}

impl Reference {
    /// Names no missing unit: every numeral and every path was found.
    pub fn is_linked(&self) -> bool {
        self.missing.is_empty() && !self.targets.is_empty()
    }
}

/// A reference to another text (a law, a decree…): found so that it is never linked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExternalReference {
    pub unit: UnitId,
    pub field: Field,
    pub span: Range<usize>,
    pub written: String,
}

/// Every reference of a document, in document order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct References {
    /// Internal references, linked or not ([`Reference::is_linked`]).
    pub internal: Vec<Reference>,
    /// References to other texts, kept as text.
    pub external: Vec<ExternalReference>,
}

impl References {
    /// The internal references that name every unit they mention.
    pub fn linked(&self) -> impl Iterator<Item = &Reference> {
        self.internal.iter().filter(|r| r.is_linked())
    }

    /// The internal-looking references that name a unit the document does not have.
    pub fn unresolved(&self) -> impl Iterator<Item = &Reference> {
        self.internal.iter().filter(|r| !r.is_linked())
    }
}

/// Finds every reference in the titles and paragraphs of `doc`, resolved against its
/// current numbering.
pub fn find_references(doc: &Document) -> References {
    find_references_numbered(doc, &doc.numbering())
}

/// [`find_references`] with `doc`'s numbering already at hand ([`Document::numbering`]
/// of `doc`, or of a document of the same shape: the numbering reads only the tree's
/// ids, kinds and order). The redline has it, and made it again for every diff.
pub fn find_references_numbered(doc: &Document, numbering: &Numbering) -> References {
    find_references_within(doc, numbering, |_| true)
}

/// [`find_references_numbered`] in the texts of the units `within` names and of
/// everything under them only: exactly the references a scan of the whole document finds
/// there (a numeral resolves through the tree, never through another unit's text), at the
/// cost of the texts read. The redline writes a few changed articles of a long law in the
/// old numbering this way.
pub fn find_references_within(
    doc: &Document,
    numbering: &Numbering,
    within: impl Fn(UnitId) -> bool,
) -> References {
    let scan = ReferenceScan::within(doc, numbering, within);
    scan.find(0..scan.parts())
}

/// [`find_references_within`] in parts, for a caller that scans them on several threads:
/// the document is indexed and walked once, and each run of parts is then scanned on its
/// own. Part `k` is the `k`-th unit `within` names that is not under another one, in
/// document order, with everything under it; the references of a run of parts are the
/// whole scan's references in those parts, in the same order, so the runs' lists put end
/// to end are [`find_references_within`]'s.
pub struct ReferenceScan<'a> {
    index: Index<'a>,
    /// Each part's unit, under the path of units that hold it (the path ends with it).
    parts: Vec<Vec<&'a Unit>>,
}

impl<'a> ReferenceScan<'a> {
    /// Indexes `doc` and finds its parts.
    pub fn within(
        doc: &'a Document,
        numbering: &'a Numbering,
        within: impl Fn(UnitId) -> bool,
    ) -> ReferenceScan<'a> {
        fn walk<'a>(
            unit: &'a Unit,
            path: &mut Vec<&'a Unit>,
            within: &impl Fn(UnitId) -> bool,
            parts: &mut Vec<Vec<&'a Unit>>,
        ) {
            path.push(unit);
            if within(unit.id) {
                parts.push(path.clone());
            } else {
                for child in &unit.children {
                    walk(child, path, within, parts);
                }
            }
            path.pop();
        }
        let mut parts = Vec::new();
        let mut path = Vec::new();
        for unit in &doc.body {
            walk(unit, &mut path, &within, &mut parts);
        }
        ReferenceScan { index: Index::of(doc, numbering), parts }
    }

    /// How many parts there are.
    pub fn parts(&self) -> usize {
        self.parts.len()
    }

    /// Part `k`'s unit.
    pub fn part(&self, k: usize) -> &'a Unit {
        self.parts[k][self.parts[k].len() - 1]
    }

    /// The references in parts `range`.
    pub fn find(&self, range: Range<usize>) -> References {
        let mut out = References::default();
        for path in &self.parts[range] {
            let mut path = path.clone();
            let Some(unit) = path.pop() else { continue };
            scan_unit(unit, &mut path, &self.index, &|_| true, true, &mut out);
        }
        out
    }
}

/// A copy of `doc` in which every linked numeral is written from `doc`'s current
/// numbering. `refs` were found on an earlier state of the same tree (the same texts,
/// units moved, inserted or removed): a numeral whose unit is gone, or a span whose text
/// changed since, stays as written. With no renumbering the result equals `doc`.
pub fn render_references(doc: &Document, refs: &References) -> Document {
    let numbering = doc.numbering();
    let mut by_field: HashMap<(UnitId, Field), Vec<&Reference>> = HashMap::new();
    for r in &refs.internal {
        by_field.entry((r.unit, r.field)).or_default().push(r);
    }
    let mut out = doc.clone();
    rewrite_units(&mut out.body, &by_field, &numbering);
    out
}

/// One text with its references' numerals written from `numbering`.
pub fn render_field(text: &str, refs: &[&Reference], numbering: &Numbering) -> String {
    let mut numerals: Vec<&Numeral> = refs
        .iter()
        .filter(|r| text.get(r.span.clone()) == Some(r.written.as_str()))
        .flat_map(|r| r.numerals.iter())
        .collect();
    numerals.sort_by_key(|n| n.span.start);
    let mut out = String::with_capacity(text.len() + 8);
    let mut at = 0;
    for n in numerals {
        if n.span.start < at {
            continue;
        }
        out.push_str(&text[at..n.span.start]);
        match n.target.and_then(|id| numbering.label(id)) {
            Some(label) if label.kind == n.kind => {
                out.push_str(&write_number(label.ordinal, n.style));
            }
            _ => out.push_str(&n.written),
        }
        at = n.span.end;
    }
    out.push_str(&text[at..]);
    out
}

fn write_number(ordinal: u32, style: Style) -> String {
    match style {
        Style::Arabic => ordinal.to_string(),
        Style::Roman => roman(ordinal),
        Style::Letter => point_letter(ordinal),
    }
}

fn rewrite_units(
    units: &mut [Unit],
    by_field: &HashMap<(UnitId, Field), Vec<&Reference>>,
    numbering: &Numbering,
) {
    for unit in units {
        if let Some(rs) = by_field.get(&(unit.id, Field::Title)) {
            unit.title = render_field(&unit.title, rs, numbering);
        }
        for (i, p) in unit.paragraphs.iter_mut().enumerate() {
            if let Some(rs) = by_field.get(&(unit.id, Field::Paragraph(i))) {
                *p = render_field(p, rs, numbering);
            }
        }
        rewrite_units(&mut unit.children, by_field, numbering);
    }
}

// ---------------------------------------------------------------------------------------
// Resolution.

/// The document's units by id and by number, built once per [`find_references`].
struct Index<'a> {
    units: IdMap<&'a Unit>,
    labels: &'a Numbering,
    /// Articles, chapters and parts are numbered through the document.
    global: HashMap<(Kind, u32), UnitId>,
    /// Top-level units (sections outside any chapter are found here).
    body: &'a [Unit],
}

impl<'a> Index<'a> {
    fn of(doc: &'a Document, labels: &'a Numbering) -> Index<'a> {
        let mut units = IdMap::default();
        let mut global = HashMap::new();
        for u in doc.walk() {
            units.insert(u.id, u);
            if matches!(u.kind, Kind::Article | Kind::Chapter | Kind::Part) {
                if let Some(l) = labels.label(u.id) {
                    global.entry((u.kind, l.ordinal)).or_insert(u.id);
                }
            }
        }
        Index { units, labels, global, body: &doc.body }
    }

    fn ordinal(&self, id: UnitId) -> u32 {
        self.labels.label(id).map_or(0, |l| l.ordinal)
    }

    /// The child of `parent` (or of the body) of this kind and number.
    fn child(&self, parent: Option<UnitId>, kind: Kind, n: u32) -> Option<UnitId> {
        let children = match parent {
            Some(p) => &self.units.get(&p)?.children[..],
            None => self.body,
        };
        children.iter().find(|c| c.kind == kind && self.ordinal(c.id) == n).map(|c| c.id)
    }

    /// A unit of this kind and number under `within` (any depth), for articles in a
    /// chapter and sections in a part.
    fn descendant(&self, within: UnitId, kind: Kind, n: u32) -> Option<UnitId> {
        self.units
            .get(&within)?
            .walk()
            .skip(1)
            .find(|u| u.kind == kind && self.ordinal(u.id) == n)
            .map(|u| u.id)
    }
}

/// Scans `unit` and its children, the texts of those `within` names or under one
/// (`inside`: an ancestor is).
fn scan_unit<'a>(
    unit: &'a Unit,
    path: &mut Vec<&'a Unit>,
    index: &Index<'_>,
    within: &impl Fn(UnitId) -> bool,
    inside: bool,
    out: &mut References,
) {
    path.push(unit);
    let inside = inside || within(unit.id);
    if inside {
        if !unit.title.is_empty() {
            scan_text(&unit.title, Field::Title, path, index, out);
        }
        for (i, p) in unit.paragraphs.iter().enumerate() {
            scan_text(p, Field::Paragraph(i), path, index, out);
        }
    }
    for child in &unit.children {
        scan_unit(child, path, index, within, inside, out);
    }
    path.pop();
}

fn scan_text(text: &str, field: Field, path: &[&Unit], index: &Index<'_>, out: &mut References) {
    let unit = path.last().map_or(UnitId(0), |u| u.id);
    let mut at = 0;
    while let Some(start) = next_keyword(text, at) {
        let Some(chain) = parse_chain(text, start) else {
            at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let span = start..chain.end;
        let written = text[span.clone()].to_owned();
        if chain.external {
            out.external.push(ExternalReference { unit, field, span, written });
        } else {
            out.internal.push(resolve(&chain, unit, field, span, written, path, index));
        }
        at = chain.end;
    }
}

/// The enclosing unit of a kind, for “này” and for a clause or point written without
/// its article.
fn enclosing(path: &[&Unit], kind: Kind) -> Option<UnitId> {
    path.iter().rev().find(|u| u.kind == kind).map(|u| u.id)
}

fn resolve(
    chain: &Chain,
    unit: UnitId,
    field: Field,
    span: Range<usize>,
    written: String,
    path: &[&Unit],
    index: &Index<'_>,
) -> Reference {
    let segs = &chain.segments;
    let qualifier = qualifiers(chain);
    // The unit each segment's first value names (a qualifier names one unit).
    let mut found: Vec<Vec<Option<UnitId>>> = vec![Vec::new(); segs.len()];
    let mut numerals = Vec::new();
    let mut missing = Vec::new();
    let mut relative = false;
    // Qualifiers stand to the right: resolve right to left.
    for i in (0..segs.len()).rev() {
        let seg = &segs[i];
        let parent = qualifier[i].map(|q| found[q].first().copied().flatten());
        let mut ids = Vec::new();
        for v in &seg.values {
            let id = match &v.number {
                None => {
                    relative = true;
                    enclosing(path, seg.kind)
                }
                Some(n) => match parent {
                    // Its qualifier names no unit: neither does it.
                    Some(None) => None,
                    Some(Some(q)) => lookup_in(index, q, seg.kind, *n),
                    None => lookup_here(index, path, seg.kind, *n),
                },
            };
            if let (Some(n), Some(text)) = (v.number, &v.text) {
                numerals.push(Numeral {
                    span: v.span.clone(),
                    kind: seg.kind,
                    style: v.style,
                    written: text.clone(),
                    target: id,
                });
                if id.is_none() && !matches!(parent, Some(None)) {
                    missing.push(missing_label(
                        seg.kind,
                        n,
                        v.style,
                        &written_qualifier(segs, &qualifier, i),
                    ));
                }
            } else if id.is_none() {
                missing.push(format!("{} này", seg.kind.word()));
            }
            ids.push(id);
        }
        found[i] = ids;
    }
    numerals.sort_by_key(|n| n.span.start);
    missing.reverse();
    // The lowest of each path: a segment no other segment is qualified by.
    let is_qualifier: Vec<bool> = (0..segs.len()).map(|i| qualifier.contains(&Some(i))).collect();
    let targets = (0..segs.len())
        .filter(|&i| !is_qualifier[i])
        .flat_map(|i| found[i].iter().copied())
        .collect::<Option<Vec<UnitId>>>()
        .unwrap_or_default();
    let targets = if missing.is_empty() { targets } else { Vec::new() };
    Reference { unit, field, span, written, numerals, targets, relative, missing }
}

/// The qualifiers of segment `i`, as written, for a missing label: “khoản 9 Điều 7”.
fn written_qualifier(segs: &[Segment], qualifier: &[Option<usize>], i: usize) -> String {
    let mut out = String::new();
    let mut cur = qualifier[i];
    while let Some(q) = cur {
        let seg = &segs[q];
        let v = seg.values.first();
        out.push(' ');
        out.push_str(seg.kind.word());
        out.push(' ');
        out.push_str(v.and_then(|v| v.text.as_deref()).unwrap_or("này"));
        cur = qualifier[q];
    }
    out
}

fn missing_label(kind: Kind, n: u32, style: Style, qualified: &str) -> String {
    format!("{} {}{qualified}", kind.word(), write_number(n, style))
}

/// A unit of this kind and number inside the qualifying unit `q`.
fn lookup_in(index: &Index<'_>, q: UnitId, kind: Kind, n: u32) -> Option<UnitId> {
    match kind {
        Kind::Article | Kind::Section | Kind::Chapter => index.descendant(q, kind, n),
        _ => index.child(Some(q), kind, n),
    }
}

/// A unit of this kind and number with no qualifier written: articles, chapters and
/// parts through the document; a section in the enclosing chapter (or part, or body); a
/// clause in the enclosing article; a point in the enclosing clause, else article.
fn lookup_here(index: &Index<'_>, path: &[&Unit], kind: Kind, n: u32) -> Option<UnitId> {
    match kind {
        Kind::Article | Kind::Chapter | Kind::Part => index.global.get(&(kind, n)).copied(),
        Kind::Section => {
            let parent = path.iter().rev().find(|u| matches!(u.kind, Kind::Chapter | Kind::Part));
            index.child(parent.map(|u| u.id), kind, n)
        }
        Kind::Clause => index.child(Some(enclosing(path, Kind::Article)?), kind, n),
        Kind::Point => {
            let parent =
                enclosing(path, Kind::Clause).or_else(|| enclosing(path, Kind::Article))?;
            index.child(Some(parent), kind, n)
        }
        Kind::SubPoint => None,
    }
}

/// For every segment, the segment that qualifies it (names its parent), if written.
///
/// Read right to left: a segment followed directly (or by “của”) by a higher one is
/// qualified by it (“khoản 2 Điều 7”). A segment followed by a conjunction shares the
/// qualifier of the next segment of its own level (“khoản 3 và khoản 4 Điều 9”,
/// “khoản 1 và điểm a khoản 2 Điều này”), and has none when a higher one comes first
/// (“Điều 79 và điểm c khoản 2 Điều 88”: Điều 79 stands alone).
fn qualifiers(chain: &Chain) -> Vec<Option<usize>> {
    let segs = &chain.segments;
    let mut q: Vec<Option<usize>> = vec![None; segs.len()];
    for i in (0..segs.len()).rev() {
        if i + 1 >= segs.len() {
            continue;
        }
        if !segs[i + 1].coordinated {
            q[i] = Some(i + 1);
            continue;
        }
        let level = level(segs[i].kind);
        let mut j = Some(i + 1);
        while let Some(k) = j {
            match level_of(segs, k).cmp(&level) {
                std::cmp::Ordering::Less => j = q[k],
                std::cmp::Ordering::Equal => {
                    q[i] = q[k];
                    break;
                }
                std::cmp::Ordering::Greater => break,
            }
        }
    }
    q
}

fn level_of(segs: &[Segment], i: usize) -> u8 {
    level(segs[i].kind)
}

fn level(kind: Kind) -> u8 {
    match kind {
        Kind::SubPoint => 0,
        Kind::Point => 1,
        Kind::Clause => 2,
        Kind::Article => 3,
        Kind::Section => 4,
        Kind::Chapter => 5,
        Kind::Part => 6,
    }
}

// ---------------------------------------------------------------------------------------
// Reading.

/// A run of segments read as one reference.
#[derive(Debug)]
struct Chain {
    segments: Vec<Segment>,
    /// Byte offset just after the reference (and its “của Luật này”).
    end: usize,
    /// Followed by the name of another text.
    external: bool,
}

/// One keyword and its numbers: “điểm a, b, d và đ”, “Điều này”.
#[derive(Debug)]
struct Segment {
    kind: Kind,
    values: Vec<Value>,
    /// Joined to the previous segment by a conjunction (“và”, “,”, “hoặc”), not as its
    /// qualifier.
    coordinated: bool,
}

#[derive(Debug)]
struct Value {
    span: Range<usize>,
    /// `None` for “này”.
    number: Option<u32>,
    text: Option<String>,
    style: Style,
}

const KEYWORDS: [(&str, Kind); 12] = [
    ("Điều", Kind::Article),
    ("điều", Kind::Article),
    ("khoản", Kind::Clause),
    ("Khoản", Kind::Clause),
    ("điểm", Kind::Point),
    ("Điểm", Kind::Point),
    ("Chương", Kind::Chapter),
    ("chương", Kind::Chapter),
    ("Mục", Kind::Section),
    ("mục", Kind::Section),
    ("Phần", Kind::Part),
    ("phần", Kind::Part),
];

/// Words that make “điểm”, “khoản” or “mục” part of another word: *thời điểm*, *địa
/// điểm*, *tài khoản*, *danh mục*.
const NOT_AFTER: [&str; 12] =
    ["thời", "địa", "quan", "đặc", "ưu", "nhược", "trọng", "thí", "tài", "danh", "hạng", "giao"];

/// The names of texts: followed by “này” they are this one, otherwise another one.
const TEXT_NAMES: [&str; 17] = [
    "Luật",
    "luật",
    "Bộ luật",
    "Quy chế",
    "quy chế",
    "Điều lệ",
    "điều lệ",
    "Nghị định",
    "Nghị quyết",
    "Thông tư",
    "Quyết định",
    "Pháp lệnh",
    "Hiến pháp",
    "Chỉ thị",
    "Hướng dẫn",
    "Quy định",
    "Văn bản",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `text[at..]` starts a new word.
fn word_start(text: &str, at: usize) -> bool {
    !text[..at].chars().next_back().is_some_and(is_word_char)
}

/// Whether `text[at..]` ends a word.
fn word_end(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(is_word_char)
}

/// The next offset ≥ `from` where a keyword starts a word.
fn next_keyword(text: &str, from: usize) -> Option<usize> {
    // A keyword is tried only where the first two bytes of one are, found 64 at a time
    // ([`keyword_start`] by `pair_bits`): `c`, `m`, `p`, `k` and `đ` begin a third of Vietnamese words,
    // and testing each byte, then comparing every keyword at each of those, was most of
    // the search on a whole law.
    let bytes = text.as_bytes();
    let mut base = from;
    while base < bytes.len() {
        let mut starts = crate::normalize::pair_bits(bytes, base, keyword_start);
        while starts != 0 {
            let at = base + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if text.is_char_boundary(at)
                && KEYWORDS.iter().any(|(k, _)| text[at..].starts_with(k))
                && word_start(text, at)
            {
                return Some(at);
            }
        }
        base += crate::normalize::PAIR_WINDOW;
    }
    None
}

/// Whether `b n` are the first two bytes of a keyword: `Đ`/`đ` (C4 90/91), `kh`, `ch`,
/// `ph` in either case, and `mụ` (m, E1) in either case. A test checks this against
/// every pair of bytes and [`KEYWORDS`].
#[inline(always)]
fn keyword_start(b: u8, n: u8) -> bool {
    let lower = b | 0x20;
    (b == 0xC4) & ((n & 0xFE) == 0x90)
        | ((lower == b'k') | (lower == b'c') | (lower == b'p')) & (n == b'h')
        | (lower == b'm') & (n == 0xE1)
}

fn keyword_at(text: &str, at: usize) -> Option<(Kind, usize)> {
    let rest = &text[at..];
    let (k, kind) = KEYWORDS.iter().find(|(k, _)| rest.starts_with(k))?;
    let end = at + k.len();
    (word_start(text, at) && word_end(text, end)).then_some((*kind, end))
}

/// The word just before `at`.
fn previous_word(text: &str, at: usize) -> &str {
    let before = text[..at].trim_end();
    let start = before
        .rfind(|c: char| !is_word_char(c))
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    &before[start..]
}

fn parse_chain(text: &str, start: usize) -> Option<Chain> {
    let first = parse_segment(text, start, false)?;
    if matches!(first.0.kind, Kind::Point | Kind::Clause | Kind::Section)
        && NOT_AFTER.contains(&previous_word(text, start).to_lowercase().as_str())
    {
        return None;
    }
    let mut segments = vec![first.0];
    let mut at = first.1;
    loop {
        // After a relative article (“… Điều này”), a conjunction starts a new reference.
        let last = segments.last()?;
        let closed = last.values.iter().any(|v| v.number.is_none())
            && level(last.kind) >= level(Kind::Article);
        if let Some((seg, end)) = qualifier_after(text, at, level(last.kind)) {
            segments.push(seg);
            at = end;
            continue;
        }
        if closed {
            break;
        }
        if let Some((seg, end)) = coordinated_after(text, at) {
            segments.push(seg);
            at = end;
            continue;
        }
        break;
    }
    let (end, external) = match text_name_after(text, at) {
        Some((end, this)) => (if this { end } else { at }, !this),
        None => (at, false),
    };
    Some(Chain { segments, end, external })
}

/// “ Điều 7”, “ của Điều này” after a lower segment.
fn qualifier_after(text: &str, at: usize, below: u8) -> Option<(Segment, usize)> {
    let rest = &text[at..];
    let skip = if rest.starts_with(" của ") {
        " của ".len()
    } else if rest.starts_with(' ') {
        1
    } else {
        return None;
    };
    let (seg, end) = parse_segment(text, at + skip, false)?;
    (level(seg.kind) > below).then_some((seg, end))
}

/// “ và khoản 4”, “, Điều 42”, “ hoặc điểm c”.
fn coordinated_after(text: &str, at: usize) -> Option<(Segment, usize)> {
    let rest = &text[at..];
    let skip = [", và ", ", hoặc ", " và ", " hoặc ", ", "]
        .iter()
        .find(|s| rest.starts_with(**s))
        .map(|s| s.len())?;
    let mut from = at + skip;
    if text[from..].starts_with("các ") {
        from += "các ".len();
    }
    parse_segment(text, from, true)
}

/// “ của Luật này” (this text: `Some((end, true))`), “ Luật Doanh nghiệp”, “ của Nghị định
/// số …” (another: `Some((_, false))`).
fn text_name_after(text: &str, at: usize) -> Option<(usize, bool)> {
    let rest = &text[at..];
    let skip = if rest.starts_with(" của ") {
        " của ".len()
    } else if rest.starts_with(' ') {
        1
    } else {
        return None;
    };
    let from = at + skip;
    let name = TEXT_NAMES
        .iter()
        .find(|n| text[from..].starts_with(**n) && word_end(text, from + n.len()))?;
    let after = from + name.len();
    if text[after..].starts_with(" này") && word_end(text, after + " này".len()) {
        Some((after + " này".len(), true))
    } else {
        Some((after, false))
    }
}

/// A keyword and its values at `at`.
fn parse_segment(text: &str, at: usize, coordinated: bool) -> Option<(Segment, usize)> {
    let (kind, after) = keyword_at(text, at)?;
    if !text[after..].starts_with(' ') {
        return None;
    }
    let (first, mut end) = parse_value(text, after + 1, kind)?;
    let mut values = vec![first];
    if values[0].number.is_some() {
        // More numbers of the same kind: “điểm a, b, d và đ”, “khoản 1, 2 và 3”.
        loop {
            let rest = &text[end..];
            let Some(skip) = [", và ", ", hoặc ", " và ", " hoặc ", ", "]
                .iter()
                .find(|s| rest.starts_with(**s))
                .map(|s| s.len())
            else {
                break;
            };
            match parse_value(text, end + skip, kind) {
                Some((v, e)) if v.number.is_some() => {
                    values.push(v);
                    end = e;
                }
                _ => break,
            }
        }
    }
    Some((Segment { kind, values, coordinated }, end))
}

/// A number of `kind` (or “này”) at `at`, ending a word.
fn parse_value(text: &str, at: usize, kind: Kind) -> Option<(Value, usize)> {
    let rest = &text[at..];
    if rest.starts_with("này") && word_end(text, at + "này".len()) {
        let end = at + "này".len();
        return Some((
            Value { span: at..end, number: None, text: None, style: Style::Arabic },
            end,
        ));
    }
    let len = match kind {
        Kind::Point => rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len()),
        Kind::Chapter | Kind::Part if rest.starts_with(|c: char| c.is_ascii_uppercase()) => {
            rest.find(|c: char| !c.is_ascii_uppercase()).unwrap_or(rest.len())
        }
        _ => rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len()),
    };
    if len == 0 || !word_end(text, at + len) {
        return None;
    }
    let written = &rest[..len];
    let end = at + len;
    // “Điều 5/2020”, “khoản 2.3”: a date or a decimal, not a reference.
    let mut after = text[end..].chars();
    if matches!(after.next(), Some('/' | '.' | '-' | ','))
        && after.next().is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    let (number, style) = read_number(written, kind)?;
    Some((
        Value { span: at..end, number: Some(number), text: Some(written.to_owned()), style },
        end,
    ))
}

/// The ordinal a written number stands for, or `None` when it is not written as the model
/// writes it (a leading zero, a letter that is not a point letter, a bad Roman numeral).
fn read_number(written: &str, kind: Kind) -> Option<(u32, Style)> {
    let (number, style) = if written.starts_with(|c: char| c.is_ascii_digit()) {
        if written.len() > 6 {
            return None;
        }
        (written.parse::<u32>().ok()?, Style::Arabic)
    } else if kind == Kind::Point {
        (point_ordinal(written)?, Style::Letter)
    } else if matches!(kind, Kind::Chapter | Kind::Part) {
        (roman_value(written)?, Style::Roman)
    } else {
        return None;
    };
    (number > 0 && write_number(number, style) == written).then_some((number, style))
}

fn point_ordinal(written: &str) -> Option<u32> {
    // The letters repeat past `y` (`aa`, `bb`…), as the model numbers them.
    (1..=23 * 4).find(|&n| point_letter(n) == written)
}

fn roman_value(written: &str) -> Option<u32> {
    let digit = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<i64> = written.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    // The caller writes it back and refuses a numeral not in canonical form (`IIII`).
    u32::try_from(total).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte test finds exactly the first two bytes of the keywords, among all pairs.
    #[test]
    fn keyword_starts_are_the_keywords_first_two_bytes() {
        let pairs: Vec<[u8; 2]> =
            KEYWORDS.iter().map(|(k, _)| [k.as_bytes()[0], k.as_bytes()[1]]).collect();
        for b in 0..=255u8 {
            for n in 0..=255u8 {
                assert_eq!(keyword_start(b, n), pairs.contains(&[b, n]), "{b:02X} {n:02X}");
            }
        }
    }

    /// A keyword is found at every offset of a window and across windows' ends, and a
    /// search from past it finds nothing.
    #[test]
    fn a_keyword_is_found_at_every_offset() {
        for pad in 0..140 {
            for k in ["Điều", "khoản", "Mục", "phần"] {
                let text = format!("{} {k} 5", "a".repeat(pad));
                assert_eq!(next_keyword(&text, 0), Some(pad + 1), "{pad} {k}");
                assert_eq!(next_keyword(&text, pad + 2), None, "{pad} {k} after");
            }
        }
    }
}

//! The document model of a Vietnamese regulation (*quy chế*, *luật*, *nghị định*…).
//!
//! A [`Document`] is a header block, a preamble, a tree of [`Unit`]s and a closing block.
//! The tree follows the structure of Vietnamese legal texts:
//!
//! ```text
//! Part (Phần, optional) › Chapter (Chương) › Section (Mục, optional)
//!   › Article (Điều) › Clause (Khoản) › Point (Điểm) › SubPoint (tiết, "-")
//! ```
//!
//! Two rules hold everywhere:
//!
//! * **Every unit has a stable [`UnitId`]** that survives edits, moves and renumbering.
//!   Comments, redlines and history refer to units by id, never by number.
//! * **Numbers are derived from position**, never stored. [`Numbering`] computes them:
//!   Roman numerals for parts and chapters, Arabic for sections, articles and clauses,
//!   and the Vietnamese point letters `a b c d đ e g h i k l m n o p q r s t u v x y`.
//!
//! The model does no I/O. Parsing and rendering text lives in `quyche-text`; storing
//! revisions lives in `quyche-archive` and `quyche-store`.

mod numbering;

pub use numbering::{point_letter, roman, IdHasher, IdMap, Label, Marker, Numbering};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The stable identity of a unit inside one regulation. Ids are allocated from
/// [`Document::next_id`] and never reused within a regulation's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub u32);

/// What a unit is in the structure of a legal text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), serde(rename = "UnitKind"))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Phần.
    Part,
    /// Chương.
    Chapter,
    /// Mục.
    Section,
    /// Điều.
    Article,
    /// Khoản.
    Clause,
    /// Điểm.
    Point,
    /// Tiết: a `-` item.
    SubPoint,
}

impl Kind {
    /// The Vietnamese word used in headings and references.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Part => "Phần",
            Kind::Chapter => "Chương",
            Kind::Section => "Mục",
            Kind::Article => "Điều",
            Kind::Clause => "khoản",
            Kind::Point => "điểm",
            Kind::SubPoint => "tiết",
        }
    }

    /// Headings (part, chapter, section) group articles; they carry no text of their own
    /// beyond a title.
    pub fn is_heading(self) -> bool {
        matches!(self, Kind::Part | Kind::Chapter | Kind::Section)
    }
}

/// One unit of the tree.
///
/// * Headings (part, chapter, section) and articles have a `title` (empty for an
///   untitled article such as a bare `Điều 5`).
/// * `paragraphs` is the unit's own text, before its children. For an article these are
///   the lead paragraphs; for a clause, point or sub-point the first paragraph is the text
///   after the marker (`1. `, `a) `, `- `).
/// * `children` are the units below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub kind: Kind,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub children: Vec<Unit>,
}

impl Unit {
    pub fn new(id: UnitId, kind: Kind) -> Unit {
        Unit { id, kind, title: String::new(), paragraphs: Vec::new(), children: Vec::new() }
    }

    /// Depth-first, pre-order walk over this unit and everything below it.
    pub fn walk(&self) -> Walk<'_> {
        Walk { stack: vec![self] }
    }
}

/// Pre-order iterator over units. See [`Unit::walk`] and [`Document::walk`].
pub struct Walk<'a> {
    stack: Vec<&'a Unit>,
}

impl<'a> Iterator for Walk<'a> {
    type Item = &'a Unit;
    fn next(&mut self) -> Option<&'a Unit> {
        let unit = self.stack.pop()?;
        self.stack.extend(unit.children.iter().rev());
        Some(unit)
    }
}

/// The document number line, e.g. `Luật số: 17/2023/QH15` or `Số: 12/QĐ-LMHTX`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocNumber {
    /// The words before the colon: `Số`, `Luật số`, `Nghị quyết số`.
    pub label: String,
    /// What follows the colon, trimmed: `17/2023/QH15`.
    pub value: String,
}

/// The header block (*thể thức*) kept as structured fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Issuing body, one entry per line: `["LIÊN MINH HTX VIỆT NAM", "LIÊN MINH HTX TỈNH X"]`.
    pub issuing_body: Vec<String>,
    /// National motto lines: `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, `Độc lập - Tự do - Hạnh phúc`.
    pub motto: Vec<String>,
    pub number: Option<DocNumber>,
    /// Marks such as `DỰ THẢO`.
    pub marks: Vec<String>,
    /// `Hà Nội, ngày 20 tháng 6 năm 2023`.
    pub place_date: Option<String>,
    /// `LUẬT`, `QUY CHẾ`, `QUYẾT ĐỊNH`.
    pub doc_type: Option<String>,
    /// Title lines: `HỢP TÁC XÃ`, or `Làm việc của Ban Chấp hành …`.
    pub title: Vec<String>,
}

/// A whole regulation as it stands in one revision.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Lines before the header that start with `#` (for example a `# SOURCE:` line).
    pub notes: Vec<String>,
    pub header: Header,
    /// The `Căn cứ …;` lines and the enacting sentence.
    pub preamble: Vec<String>,
    /// Top-level units: parts, chapters, or articles directly.
    pub body: Vec<Unit>,
    /// The closing block: adoption sentence, signer's title and name, recipients.
    pub closing: Vec<String>,
    /// The next free unit id. Ids are never reused.
    pub next_id: u32,
    /// Articles taken from a source text (a parent body's regulation, a Charter), by the
    /// id of the article in this document: they follow it through moves and renumbering,
    /// and a link whose article is gone is not kept. Empty for most documents, and then
    /// left out of every serialisation, so documents without links keep their bytes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<UnitId, SourceLink>,
}

/// Where an article of a draft was taken from: a stored source text, the article's id
/// there, and the SHA-256 (hex) of that article's canonical text when it was taken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLink {
    /// The source text's id in the database.
    pub source: String,
    /// The article's id in the source text.
    pub article: UnitId,
    /// SHA-256 of the source article's canonical text at take time, 64 hex digits.
    pub hash: String,
}

/// Counts of units by kind, as `quyche stats` prints them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub parts: u32,
    pub chapters: u32,
    pub sections: u32,
    pub articles: u32,
    pub clauses: u32,
    pub points: u32,
    pub sub_points: u32,
}

impl Document {
    /// Allocates a fresh unit id.
    pub fn alloc_id(&mut self) -> UnitId {
        let id = UnitId(self.next_id);
        self.next_id += 1;
        id
    }

    /// Depth-first, pre-order walk over every unit of the body.
    pub fn walk(&self) -> Walk<'_> {
        Walk { stack: self.body.iter().rev().collect() }
    }

    /// The articles, in document order.
    pub fn articles(&self) -> impl Iterator<Item = &Unit> {
        self.walk().filter(|u| u.kind == Kind::Article)
    }

    pub fn find(&self, id: UnitId) -> Option<&Unit> {
        self.walk().find(|u| u.id == id)
    }

    pub fn find_mut(&mut self, id: UnitId) -> Option<&mut Unit> {
        fn go(units: &mut [Unit], id: UnitId) -> Option<&mut Unit> {
            for u in units {
                if u.id == id {
                    return Some(u);
                }
                if let Some(found) = go(&mut u.children, id) {
                    return Some(found);
                }
            }
            None
        }
        go(&mut self.body, id)
    }

    /// The document title as one line, as a library lists it: `Quy chế làm việc của Ban
    /// Chấp hành …`, `LUẬT HỢP TÁC XÃ`. Parenthesised lines such as `(Ban hành kèm theo
    /// Quyết định số …)` are left out.
    pub fn display_title(&self) -> String {
        let lines: Vec<&String> =
            self.header.title.iter().filter(|l| !l.trim_start().starts_with('(')).collect();
        // An all-capitals title (`LUẬT` / `HỢP TÁC XÃ`) stays in capitals: lower-casing it
        // would need to know which words are proper nouns.
        let shout = !lines.is_empty() && lines.iter().all(|l| is_upper(l));
        let mut out = String::new();
        if let Some(t) = &self.header.doc_type {
            out.push_str(&if shout { t.clone() } else { sentence_case(t) });
        }
        for (i, line) in lines.into_iter().enumerate() {
            if !out.is_empty() {
                out.push(' ');
            }
            // "Quy chế" + "Làm việc của …" reads as one phrase: "Quy chế làm việc của …".
            if i == 0 && !out.is_empty() && !is_upper(line) {
                out.push_str(&lower_first(line));
            } else {
                out.push_str(line);
            }
        }
        out
    }

    pub fn stats(&self) -> Stats {
        let mut s = Stats::default();
        for u in self.walk() {
            match u.kind {
                Kind::Part => s.parts += 1,
                Kind::Chapter => s.chapters += 1,
                Kind::Section => s.sections += 1,
                Kind::Article => s.articles += 1,
                Kind::Clause => s.clauses += 1,
                Kind::Point => s.points += 1,
                Kind::SubPoint => s.sub_points += 1,
            }
        }
        s
    }

    /// Numbers for every unit, derived from position.
    pub fn numbering(&self) -> Numbering {
        Numbering::of(self)
    }
}

fn is_upper(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `QUY CHẾ` → `Quy chế`.
fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod title_tests {
    use super::*;

    #[test]
    fn display_titles() {
        let cases: [(&str, &[&str], &str); 3] = [
            (
                "QUY CHẾ",
                &[
                    "Làm việc của Ban Chấp hành, nhiệm kỳ 2020 - 2025",
                    "(Ban hành kèm theo Quyết định số 12/QĐ-LMHTX)",
                ],
                "Quy chế làm việc của Ban Chấp hành, nhiệm kỳ 2020 - 2025",
            ),
            ("LUẬT", &["HỢP TÁC XÃ"], "LUẬT HỢP TÁC XÃ"),
            (
                "ĐỀ CƯƠNG CHI TIẾT",
                &["LUẬT PHÒNG KHÔNG NHÂN DÂN"],
                "ĐỀ CƯƠNG CHI TIẾT LUẬT PHÒNG KHÔNG NHÂN DÂN",
            ),
        ];
        for (doc_type, title, expected) in cases {
            let mut d = Document::default();
            d.header.doc_type = Some(doc_type.into());
            d.header.title = title.iter().map(|s| s.to_string()).collect();
            assert_eq!(d.display_title(), expected);
        }
    }
}

//! A document folded once, searched many times.

use std::ops::Range;

use quyche_model::{Document, Kind, Numbering, Unit, UnitId};
use serde::Serialize;

use crate::fold::Folded;
use crate::Query;

/// Which part of the document a text is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// The header block: issuing body, number, place and date, type and title.
    Header,
    /// The `Căn cứ …` lines.
    Preamble,
    /// Parts, chapters, sections, articles and everything in them.
    Body,
    /// The adoption sentence, the signature block, the recipients.
    Closing,
}

/// Where a text is, as a reader names it, from the current numbering: `Chương II`,
/// `Điều 7`, `khoản 2`, `điểm đ`. Empty levels are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Place {
    pub chapter: Option<String>,
    pub article: Option<String>,
    pub clause: Option<String>,
    pub point: Option<String>,
}

impl Place {
    /// Where unit `id` stands in `numbering`: its own level and each level above it.
    pub fn of(numbering: &Numbering, id: UnitId) -> Place {
        let mut place = Place::default();
        let mut at = Some(id);
        while let Some(u) = at {
            if let Some(l) = numbering.label(u) {
                place.set(l.kind, Some(l.reference()));
            }
            at = numbering.parent(u);
        }
        place
    }

    /// The level of a unit of `kind` named `reference`; parts, sections and sub-points
    /// name no level of a place.
    fn set(&mut self, kind: Kind, reference: Option<String>) {
        match kind {
            Kind::Chapter => self.chapter = reference,
            Kind::Article => self.article = reference,
            Kind::Clause => self.clause = reference,
            Kind::Point => self.point = reference,
            Kind::Part | Kind::Section | Kind::SubPoint => {}
        }
    }

    /// `điểm a khoản 2 Điều 5`, `Điều 5`, `Chương II`, or empty, as a cross-reference
    /// reads.
    pub fn reference(&self) -> String {
        let parts = [&self.point, &self.clause, &self.article];
        let named: Vec<&str> = parts.iter().filter_map(|p| p.as_deref()).collect();
        if named.is_empty() {
            self.chapter.clone().unwrap_or_default()
        } else {
            named.join(" ")
        }
    }
}

/// One searchable text of a document: a header line, a preamble line, a unit's heading
/// (with its label: `Điều 7. Phạm vi`) or one of its paragraphs, a closing line.
#[derive(Clone, Debug)]
struct Text {
    area: Area,
    place: Place,
    unit: Option<UnitId>,
    original: String,
    /// Where each folded byte came from in `original` ([`Folded`]'s).
    origin: Vec<u32>,
    /// Where the folded text starts in the index's haystack, and its length.
    start: usize,
    len: usize,
}

/// A document folded for search. Build it once per revision (a revision never changes);
/// every [`DocumentIndex::find`] is then one scan of all its folded texts, kept end to end
/// (a line break between two texts: a query never holds one, so no match spans two).
#[derive(Clone, Debug, Default)]
pub struct DocumentIndex {
    texts: Vec<Text>,
    haystack: String,
    starts: Vec<usize>,
}

/// One match: where it is, the text it is in, and its byte range in that text.
#[derive(Clone, Debug)]
pub struct Hit<'a> {
    pub area: Area,
    pub place: &'a Place,
    /// The unit whose heading or paragraph matched; `None` outside the body.
    pub unit: Option<UnitId>,
    pub text: &'a str,
    pub range: Range<usize>,
}

impl DocumentIndex {
    pub fn new(doc: &Document) -> DocumentIndex {
        let mut texts = Vec::new();
        let mut haystack = String::new();
        let mut starts = Vec::new();
        let mut push = |area, place: &Place, unit, original: String| {
            let folded = Folded::new(&original);
            if folded.text.is_empty() {
                return;
            }
            let start = haystack.len();
            haystack.push_str(&folded.text);
            haystack.push('\n');
            starts.push(start);
            let len = folded.text.len();
            texts.push(Text {
                area,
                place: place.clone(),
                unit,
                original,
                origin: folded.origin,
                start,
                len,
            });
        };
        let none = Place::default();
        let h = &doc.header;
        let header = h
            .issuing_body
            .iter()
            .chain(&h.motto)
            .cloned()
            .chain(h.number.as_ref().map(|n| format!("{}: {}", n.label, n.value)))
            .chain(h.marks.iter().cloned())
            .chain(h.place_date.clone())
            .chain(h.doc_type.clone())
            .chain(h.title.iter().cloned());
        for line in header {
            push(Area::Header, &none, None, line);
        }
        for line in &doc.preamble {
            push(Area::Preamble, &none, None, line.clone());
        }
        let numbering = doc.numbering();
        let mut body = Vec::new();
        for unit in &doc.body {
            walk(unit, &numbering, &none, &mut body);
        }
        for (place, unit, original) in body {
            push(Area::Body, &place, Some(unit), original);
        }
        for line in &doc.closing {
            push(Area::Closing, &none, None, line.clone());
        }
        DocumentIndex { texts, haystack, starts }
    }

    /// Every match of `query`, in document order.
    pub fn find<'a>(&'a self, query: &Query) -> Vec<Hit<'a>> {
        self.find_first(query, usize::MAX).0
    }

    /// The first `limit` matches of `query`, in document order, and how many there are in
    /// all (the rest are counted, not built).
    pub fn find_first<'a>(&'a self, query: &Query, limit: usize) -> (Vec<Hit<'a>>, usize) {
        let mut out = Vec::new();
        let mut total = 0;
        let bytes = self.haystack.as_bytes();
        query.scan(&self.haystack, |at| {
            let t = &self.texts[self.starts.partition_point(|&s| s <= at) - 1];
            let local = at - t.start;
            if local + query.bare().len() > t.len {
                return None;
            }
            let starts_word = local == 0 || bytes[at - 1] == b' ';
            let range = query.check(&t.original, &t.origin, starts_word, local)?;
            total += 1;
            if out.len() < limit {
                out.push(Hit {
                    area: t.area,
                    place: &t.place,
                    unit: t.unit,
                    text: &t.original,
                    range,
                });
            }
            Some(())
        });
        (out, total)
    }

    /// The number of texts indexed (header lines, headings, paragraphs…).
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// `unit`'s texts and its children's, in reading order, each with its place.
fn walk(unit: &Unit, numbering: &Numbering, above: &Place, out: &mut Vec<(Place, UnitId, String)>) {
    let mut place = above.clone();
    let label = numbering.label(unit.id);
    place.set(unit.kind, label.map(|l| l.reference()));
    // A heading is searched as it reads, label and title: `Điều 7. Phạm vi điều chỉnh`.
    let marker = label.map(|l| l.marker());
    let marker = marker.as_deref().unwrap_or("");
    let heading = match unit.kind {
        Kind::Article if !unit.title.is_empty() => format!("{marker}. {}", unit.title),
        k if k.is_heading() && !unit.title.is_empty() => format!("{marker} {}", unit.title),
        k if k.is_heading() || k == Kind::Article => marker.to_string(),
        _ => unit.title.clone(),
    };
    out.push((place.clone(), unit.id, heading));
    for p in &unit.paragraphs {
        out.push((place.clone(), unit.id, p.clone()));
    }
    for child in &unit.children {
        walk(child, numbering, &place, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A unit's place read up its numbering is the place the index's walk down the tree
    /// gives its texts, for every unit of both cooperative laws.
    #[test]
    fn a_place_read_upwards_is_the_place_walked_down_to() {
        for law in [quyche_fixtures::COOP_2012, quyche_fixtures::COOP_2023] {
            let doc = quyche_text::parse(&quyche_fixtures::law(law)).document;
            let numbering = doc.numbering();
            let mut walked = Vec::new();
            for unit in &doc.body {
                walk(unit, &numbering, &Place::default(), &mut walked);
            }
            let clauses = walked.iter().filter(|(p, _, _)| p.clause.is_some()).count();
            assert!(clauses > 300, "{law}: only {clauses} texts in clauses");
            for (place, unit, _) in &walked {
                assert_eq!(&Place::of(&numbering, *unit), place, "{law}: {unit:?}");
            }
        }
    }
}

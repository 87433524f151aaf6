//! Structure edits on articles — insert, move, delete — that keep cross-references right.
//!
//! Paragraphs are stored as text, so a reference's numbers are words in a paragraph. Each
//! operation therefore reads the references of the document *before* the change
//! ([`find_references`]), changes the tree, and writes every linked number again from the
//! *new* numbering. What it relabelled and what it broke is returned, never silently done:
//! deleting an article that other articles name is refused unless forced, and a forced
//! delete writes [`BROKEN_REFERENCE`] in place of each reference that named it.
//!
//! Pure: no I/O, no time. New units take fresh ids from [`Document::alloc_id`].

use std::collections::{HashMap, HashSet};

use quyche_model::{Document, Kind, Numbering, Unit, UnitId};
use serde::Serialize;

use crate::references::{find_references, render_field, Field, Reference};

/// What a forced delete writes where a reference named the deleted article.
pub const BROKEN_REFERENCE: &str = "[tham chiếu không còn]";

/// Where an article goes, relative to another article (same parent: the same chapter,
/// section or body).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    After(UnitId),
    Before(UnitId),
}

impl Place {
    fn anchor(self) -> UnitId {
        match self {
            Place::After(id) | Place::Before(id) => id,
        }
    }
}

/// A reference whose text changed: its numbers follow the units it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Relabelled {
    /// The unit whose text holds it.
    pub unit: UnitId,
    pub field: Field,
    /// Where it stands, by the new numbering: `khoản 2 Điều 13`.
    pub place: String,
    pub before: String,
    pub after: String,
}

/// A reference that named a deleted unit; its text is now [`BROKEN_REFERENCE`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Broken {
    pub unit: UnitId,
    pub field: Field,
    /// Where it stands, by the new numbering.
    pub place: String,
    /// The reference as it was written: `khoản 2 Điều 7 của Luật này`.
    pub written: String,
}

/// The document after a structure edit, and what happened to its references.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub document: Document,
    /// The affected article: the new one for an insert, the moved or deleted one.
    pub article: UnitId,
    pub relabelled: Vec<Relabelled>,
    pub broken: Vec<Broken>,
}

/// Why a structure edit was refused. Messages name articles by number, never by id.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum StructureError {
    /// The id names no article of the document.
    #[error("không tìm thấy điều cần thao tác")]
    NoSuchArticle(UnitId),
    /// An article placed relative to itself.
    #[error("không thể đặt một điều trước hay sau chính nó")]
    SelfPlace,
    /// A document keeps at least one article.
    #[error("không thể xoá điều duy nhất của văn bản")]
    LastArticle,
    /// Other articles name the one to delete (`places`: `khoản 2 Điều 12`, …).
    #[error("{article} được tham chiếu tại {}; xoá sẽ làm hỏng {} tham chiếu", .places.join(", "), .count)]
    Referenced { article: String, places: Vec<String>, count: usize },
}

/// Inserts `article` at `place`. The article and everything in it get fresh ids; the
/// references of the rest of the document are renumbered.
pub fn insert_article(
    doc: &Document,
    place: Place,
    mut article: Unit,
) -> Result<Outcome, StructureError> {
    check_article(doc, place.anchor())?;
    let refs = find_references(doc);
    let mut after = doc.clone();
    article.kind = Kind::Article;
    fresh_ids(&mut article, &mut after);
    let id = article.id;
    put(&mut after, place, article);
    Ok(relabel(after, id, &refs.internal, &HashSet::new()))
}

/// Moves article `id` to `place`; references follow both it and every article between.
pub fn move_article(doc: &Document, id: UnitId, place: Place) -> Result<Outcome, StructureError> {
    check_article(doc, id)?;
    check_article(doc, place.anchor())?;
    if place.anchor() == id {
        return Err(StructureError::SelfPlace);
    }
    let refs = find_references(doc);
    let mut after = doc.clone();
    let article = take(&mut after, id).ok_or(StructureError::NoSuchArticle(id))?;
    put(&mut after, place, article);
    Ok(relabel(after, id, &refs.internal, &HashSet::new()))
}

/// Deletes article `id`. When a reference outside it names it (or a clause or point of
/// it), the delete is refused with the places unless `force`; forced, each such reference
/// reads [`BROKEN_REFERENCE`] and is listed in [`Outcome::broken`].
pub fn delete_article(doc: &Document, id: UnitId, force: bool) -> Result<Outcome, StructureError> {
    let unit = check_article(doc, id)?;
    if doc.articles().nth(1).is_none() {
        return Err(StructureError::LastArticle);
    }
    let gone: HashSet<UnitId> = unit.walk().map(|u| u.id).collect();
    let refs = find_references(doc);
    let broken: HashSet<usize> = refs
        .internal
        .iter()
        .enumerate()
        .filter(|(_, r)| !gone.contains(&r.unit) && names_any(r, &gone))
        .map(|(i, _)| i)
        .collect();
    if !broken.is_empty() && !force {
        let numbering = doc.numbering();
        let mut places: Vec<String> = Vec::new();
        let mut idx: Vec<usize> = broken.iter().copied().collect();
        idx.sort_unstable();
        for i in idx {
            let p = numbering.reference(refs.internal[i].unit).unwrap_or_default();
            if !places.contains(&p) {
                places.push(p);
            }
        }
        return Err(StructureError::Referenced {
            article: numbering.reference(id).unwrap_or_default(),
            places,
            count: broken.len(),
        });
    }
    let mut after = doc.clone();
    take(&mut after, id);
    Ok(relabel(after, id, &refs.internal, &broken))
}

fn names_any(r: &Reference, ids: &HashSet<UnitId>) -> bool {
    r.targets
        .iter()
        .chain(r.numerals.iter().filter_map(|n| n.target.as_ref()))
        .any(|t| ids.contains(t))
}

fn check_article(doc: &Document, id: UnitId) -> Result<&Unit, StructureError> {
    match doc.find(id) {
        Some(u) if u.kind == Kind::Article => Ok(u),
        _ => Err(StructureError::NoSuchArticle(id)),
    }
}

/// Gives `unit` and everything below it fresh ids, in document order.
fn fresh_ids(unit: &mut Unit, doc: &mut Document) {
    unit.id = doc.alloc_id();
    for child in &mut unit.children {
        fresh_ids(child, doc);
    }
}

/// The list of units that holds `id`, and its index there.
fn siblings_of(units: &mut Vec<Unit>, id: UnitId) -> Option<(&mut Vec<Unit>, usize)> {
    if let Some(at) = units.iter().position(|u| u.id == id) {
        return Some((units, at));
    }
    units.iter_mut().find_map(|u| siblings_of(&mut u.children, id))
}

fn take(doc: &mut Document, id: UnitId) -> Option<Unit> {
    let (list, at) = siblings_of(&mut doc.body, id)?;
    Some(list.remove(at))
}

fn put(doc: &mut Document, place: Place, article: Unit) {
    let (list, at) = match siblings_of(&mut doc.body, place.anchor()) {
        Some(found) => found,
        // Checked by the caller; keep the article rather than lose it.
        None => {
            let end = doc.body.len();
            (&mut doc.body, end)
        }
    };
    let at = match place {
        Place::After(_) => (at + 1).min(list.len()),
        Place::Before(_) => at,
    };
    list.insert(at, article);
}

/// Writes every reference of `before` (that still stands in `after`) again from `after`'s
/// numbering; the references at `broken` (indexes into `refs`) read [`BROKEN_REFERENCE`].
fn relabel(
    mut after: Document,
    article: UnitId,
    refs: &[Reference],
    broken: &HashSet<usize>,
) -> Outcome {
    let numbering = after.numbering();
    let mut by_field: HashMap<(UnitId, Field), Vec<usize>> = HashMap::new();
    for (i, r) in refs.iter().enumerate() {
        by_field.entry((r.unit, r.field)).or_default().push(i);
    }
    let mut out =
        Outcome { document: Document::default(), article, relabelled: vec![], broken: vec![] };
    let ctx = Relabel { refs, broken, by_field: &by_field, numbering: &numbering };
    // One walk of the new tree: looking each unit up by id would be quadratic.
    ctx.units(&mut after.body, &mut out);
    out.document = after;
    out
}

struct Relabel<'a> {
    refs: &'a [Reference],
    broken: &'a HashSet<usize>,
    by_field: &'a HashMap<(UnitId, Field), Vec<usize>>,
    numbering: &'a Numbering,
}

impl Relabel<'_> {
    fn units(&self, units: &mut [Unit], out: &mut Outcome) {
        for unit in units {
            let fields = std::iter::once(Field::Title)
                .chain((0..unit.paragraphs.len()).map(Field::Paragraph));
            for field in fields {
                let Some(idx) = self.by_field.get(&(unit.id, field)) else { continue };
                let place = self.numbering.reference(unit.id).unwrap_or_default();
                let text = match field {
                    Field::Title => &mut unit.title,
                    Field::Paragraph(i) => &mut unit.paragraphs[i],
                };
                *text = rewrite(text, idx, self.refs, self.broken, self.numbering, &place, out);
            }
            self.units(&mut unit.children, out);
        }
    }
}

/// One field with each of its references replaced by its new text.
fn rewrite(
    text: &str,
    idx: &[usize],
    refs: &[Reference],
    broken: &HashSet<usize>,
    numbering: &Numbering,
    place: &str,
    out: &mut Outcome,
) -> String {
    let mut s = String::with_capacity(text.len() + 8);
    let mut at = 0;
    for &i in idx {
        let r = &refs[i];
        // A span whose text changed since it was read, or overlapping one already written,
        // stays as it is.
        if r.span.start < at || text.get(r.span.clone()) != Some(r.written.as_str()) {
            continue;
        }
        s.push_str(&text[at..r.span.start]);
        if broken.contains(&i) {
            s.push_str(BROKEN_REFERENCE);
            out.broken.push(Broken {
                unit: r.unit,
                field: r.field,
                place: place.to_owned(),
                written: r.written.clone(),
            });
        } else {
            let new = renumbered(r, numbering);
            if new != r.written {
                out.relabelled.push(Relabelled {
                    unit: r.unit,
                    field: r.field,
                    place: place.to_owned(),
                    before: r.written.clone(),
                    after: new.clone(),
                });
            }
            s.push_str(&new);
        }
        at = r.span.end;
    }
    s.push_str(&text[at..]);
    s
}

/// The reference's own text with its numbers written from `numbering`.
fn renumbered(r: &Reference, numbering: &Numbering) -> String {
    let mut local = r.clone();
    let shift = r.span.start;
    local.span = 0..r.written.len();
    for n in &mut local.numerals {
        n.span = n.span.start - shift..n.span.end - shift;
    }
    render_field(&r.written, &[&local], numbering)
}

//! Structure edits — insert, move, delete, split, merge, promote, demote, retitle — on
//! chapters, sections, articles, clauses and points, keeping cross-references right.
//!
//! Paragraphs are stored as text, so a reference's numbers are words in a paragraph. Each
//! operation therefore reads the references of the document *before* the change
//! ([`find_references`]), changes the tree, and writes every linked number again from the
//! *new* numbering. It then reads the new text once more and checks that every reference
//! still names the units it named; one that does not (its target changed kind, moved to
//! another article, or a relative “Điều này” now stands in another article) is written
//! again in full from the numbering (“điểm a khoản 3 Điều 5 của Luật này”, the tail kept).
//! What it relabelled and what it broke is returned, never silently done: deleting a unit
//! that the rest of the text names is refused unless forced, and a forced delete writes
//! [`BROKEN_REFERENCE`] in place of each reference that named it.
//!
//! Ids (what the redline and comments follow):
//! * insert: the new unit and everything in it take fresh ids;
//! * move, promote, demote, retitle: every unit keeps its id (a promoted point *is* the
//!   new clause);
//! * split: the first part keeps the id, the second takes a fresh one, and the children
//!   (or paragraphs) that go to it keep theirs;
//! * merge: the unit absorbs its next sibling; the children keep their ids, the absorbed
//!   unit's id disappears. A reference to the absorbed unit itself (“Điều 9”) then names
//!   the unit that absorbed it (“Điều 8”): its whole text is there, so that is what the
//!   reference meant. It is never broken.
//!
//! Promote and demote never change the order of the words, only the markers: promoting
//! point c of clause 2 makes it clause 3, and the points after it (d, đ…) become the
//! points of the new clause (a, b…), since that is how the text reads; demoting clause 3
//! makes it the last point of clause 2, and its points follow it as points of clause 2.
//! Each is the other's inverse.
//!
//! Pure: no I/O, no time. New units take fresh ids from [`Document::alloc_id`].

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use quyche_model::{point_letter, roman, Document, Kind, Numbering, Unit, UnitId};
use serde::Serialize;

use crate::references::{find_references, render_field, Field, Reference};

/// What a forced delete writes where a reference named the deleted unit.
pub const BROKEN_REFERENCE: &str = "[tham chiếu không còn]";

/// Where a unit goes: next to a unit of the same kind (same parent), or as the last child
/// of a parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    After(UnitId),
    Before(UnitId),
    /// The last child of this unit: an article into a chapter, a clause into an article.
    Into(UnitId),
}

impl Place {
    fn anchor(self) -> UnitId {
        match self {
            Place::After(id) | Place::Before(id) | Place::Into(id) => id,
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
    /// The affected unit (named `article` since the first edits were on articles): the new
    /// one for an insert, the second part of a split, the survivor of a merge, the moved,
    /// deleted, promoted, demoted or retitled one.
    pub article: UnitId,
    pub relabelled: Vec<Relabelled>,
    pub broken: Vec<Broken>,
}

/// Why a structure edit was refused. Messages name units by number, never by id.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum StructureError {
    /// The id names no article of the document (the article-only operations).
    #[error("không tìm thấy điều cần thao tác")]
    NoSuchArticle(UnitId),
    /// The id names no unit of the document.
    #[error("không tìm thấy phần văn bản cần thao tác")]
    NoSuchUnit(UnitId),
    /// A unit placed relative to itself or inside itself.
    #[error("không thể đặt một phần văn bản trước, sau hay vào trong chính nó")]
    SelfPlace,
    /// A unit where its kind cannot stand (`what`: `khoản 2 Điều 5`, `một chương`;
    /// `place`: `sau Điều 7`, `vào Chương II`).
    #[error("không thể đặt {what} {place}")]
    WrongPlace { what: String, place: String },
    /// Sub-points (`-` items) are edited with their point's text.
    #[error("tiết (dòng “-”) được sửa cùng nội dung của điểm chứa nó")]
    Unsupported,
    /// A document keeps at least one article.
    #[error("không thể xoá điều duy nhất của văn bản")]
    LastArticle,
    /// Other units name the one to delete (`places`: `khoản 2 Điều 12`, …).
    #[error("{unit} được tham chiếu tại {}; xoá sẽ làm hỏng {} tham chiếu", .places.join(", "), .count)]
    Referenced { unit: String, places: Vec<String>, count: usize },
    #[error("{0}")]
    CannotSplit(String),
    #[error("{0}")]
    CannotMerge(String),
    #[error("{0}")]
    CannotPromote(String),
    #[error("{0}")]
    CannotDemote(String),
    /// A title that is empty where one is needed, spans lines, or holds a refused character.
    #[error("{0}")]
    BadTitle(String),
}

type Result<T> = std::result::Result<T, StructureError>;

// ---------------------------------------------------------------------------------------
// The operations.

/// Inserts `unit` (its kind says what it is) at `place`. The unit and everything in it get
/// fresh ids; the references of the rest of the document are renumbered.
pub fn insert(doc: &Document, place: Place, mut unit: Unit) -> Result<Outcome> {
    supported(unit.kind)?;
    let (parent, at) = slot(doc, place, unit.kind, None, doc)?;
    let refs = find_references(doc);
    let mut after = doc.clone();
    fresh_ids(&mut unit, &mut after);
    let id = unit.id;
    let edit = Edit { numbers_only: numbered_through(unit.kind), ..Edit::default() };
    list_mut(&mut after, parent).insert(at, unit);
    Ok(finish(after, id, refs.internal, &edit))
}

/// Moves unit `id` to `place` (within its parent, or into another parent of the right
/// kind); references follow it and every unit renumbered by the move.
pub fn move_unit(doc: &Document, id: UnitId, place: Place) -> Result<Outcome> {
    let unit = find(doc, id)?;
    supported(unit.kind)?;
    let anchor = find(doc, place.anchor())?;
    if anchor.id == id || unit.walk().any(|u| u.id == anchor.id) {
        return Err(StructureError::SelfPlace);
    }
    let refs = find_references(doc);
    let mut after = doc.clone();
    let (from, i) = locate(&after, id).ok_or(StructureError::NoSuchUnit(id))?;
    let moved = list_mut(&mut after, from).remove(i);
    let (parent, at) = slot(&after, place, moved.kind, Some(id), doc)?;
    let edit =
        Edit { numbers_only: numbered_through(moved.kind) && parent == from, ..Edit::default() };
    list_mut(&mut after, parent).insert(at, moved);
    Ok(finish(after, id, refs.internal, &edit))
}

/// Deletes unit `id` and everything in it. When a reference outside it names it (or
/// anything in it), the delete is refused with the places unless `force`; forced, each
/// such reference reads [`BROKEN_REFERENCE`] and is listed in [`Outcome::broken`].
pub fn delete(doc: &Document, id: UnitId, force: bool) -> Result<Outcome> {
    let unit = find(doc, id)?;
    supported(unit.kind)?;
    let articles_in = unit.walk().filter(|u| u.kind == Kind::Article).count();
    if articles_in > 0 && doc.articles().count() == articles_in {
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
            unit: describe(&numbering, id),
            places,
            count: broken.len(),
        });
    }
    let mut after = doc.clone();
    let (parent, i) = locate(&after, id).ok_or(StructureError::NoSuchUnit(id))?;
    let gone = list_mut(&mut after, parent).remove(i);
    let edit = Edit { broken, numbers_only: numbered_through(gone.kind), ..Edit::default() };
    Ok(finish(after, id, refs.internal, &edit))
}

/// Splits unit `id` in two before its child at index `at` (0-based; the child and those
/// after it go to the new unit), or, for a unit without children (an article without
/// clauses, a clause without points), before its paragraph at index `at`. The first part
/// keeps the id and the title; the second takes a fresh id and a copy of the title (a
/// heading needs one; the drafter retitles it). The children and paragraphs keep their
/// ids and their text. A clause with points is split by promoting the point that starts
/// the new clause ([`promote`]).
pub fn split(doc: &Document, id: UnitId, at: usize) -> Result<Outcome> {
    let unit = find(doc, id)?;
    supported(unit.kind)?;
    let name = || describe(&doc.numbering(), id);
    let by_children = !unit.children.is_empty();
    if by_children && matches!(unit.kind, Kind::Clause | Kind::Point) {
        let name = name();
        return Err(StructureError::CannotSplit(format!(
            "{name} có {} bên trong; hãy nâng {} bắt đầu phần mới thành {}",
            unit.children[0].kind.word(),
            unit.children[0].kind.word(),
            unit.kind.word()
        )));
    }
    let len = if by_children { unit.children.len() } else { unit.paragraphs.len() };
    if at == 0 || at >= len {
        let what = if by_children { unit.children[0].kind.word() } else { "đoạn" };
        let name = name();
        return Err(StructureError::CannotSplit(format!(
            "không thể tách {name} tại vị trí {}: mỗi phần phải còn ít nhất một {what} (có {len})",
            at + 1
        )));
    }
    let refs = find_references(doc);
    let mut after = doc.clone();
    let fresh = after.alloc_id();
    let (parent, i) = locate(&after, id).ok_or(StructureError::NoSuchUnit(id))?;
    let list = list_mut(&mut after, parent);
    let first = &mut list[i];
    let mut second = Unit::new(fresh, first.kind);
    second.title = first.title.clone();
    let mut edit = Edit::default();
    if by_children {
        second.children = first.children.split_off(at);
    } else {
        second.paragraphs = first.paragraphs.split_off(at);
        for j in at..len {
            edit.moved.insert((id, Field::Paragraph(j)), (fresh, Field::Paragraph(j - at)));
        }
    }
    list.insert(i + 1, second);
    Ok(finish(after, fresh, refs.internal, &edit))
}

/// Merges unit `id` with its next sibling of the same kind: the sibling's paragraphs and
/// children follow the unit's, with their ids; the sibling's id and title disappear, and
/// references to it name the unit (see the module's rules). Refused when the sibling has
/// its own text before its children and the unit has children (that text would have
/// nowhere to stand in reading order), or when their children are of different kinds.
pub fn merge(doc: &Document, id: UnitId) -> Result<Outcome> {
    let unit = find(doc, id)?;
    supported(unit.kind)?;
    let name = || describe(&doc.numbering(), id);
    let (parent, i) = locate(doc, id).ok_or(StructureError::NoSuchUnit(id))?;
    let siblings = list(doc, parent);
    let next = match siblings.get(i + 1) {
        Some(n) if n.kind == unit.kind => n,
        _ => {
            let name = name();
            return Err(StructureError::CannotMerge(format!(
                "{name} không có {} liền sau cùng cấp để gộp",
                unit.kind.word().to_lowercase()
            )));
        }
    };
    let next_name = || describe(&doc.numbering(), next.id);
    if !unit.children.is_empty() && !next.paragraphs.is_empty() {
        let (name, next_name) = (name(), next_name());
        return Err(StructureError::CannotMerge(format!(
            "không thể gộp {next_name} vào {name}: đoạn mở đầu của {next_name} sẽ đứng sau các {} \
             của {name}; hãy chuyển đoạn đó vào một {} trước",
            unit.children[0].kind.word(),
            unit.children[0].kind.word()
        )));
    }
    if let (Some(last), Some(head)) = (unit.children.last(), next.children.first()) {
        if last.kind != head.kind {
            let (name, next_name) = (name(), next_name());
            return Err(StructureError::CannotMerge(format!(
                "không thể gộp {next_name} vào {name}: một bên gồm các {}, bên kia gồm các {}",
                last.kind.word(),
                head.kind.word()
            )));
        }
    }
    let next_id = next.id;
    let refs = find_references(doc);
    let mut after = doc.clone();
    let list = list_mut(&mut after, parent);
    let absorbed = list.remove(i + 1);
    let first = &mut list[i];
    let mut edit = Edit::default();
    let base = first.paragraphs.len();
    for j in 0..absorbed.paragraphs.len() {
        edit.moved.insert((next_id, Field::Paragraph(j)), (id, Field::Paragraph(base + j)));
    }
    first.paragraphs.extend(absorbed.paragraphs);
    first.children.extend(absorbed.children);
    edit.remap.insert(next_id, id);
    Ok(finish(after, id, refs.internal, &edit))
}

/// Promotes point `id` to a clause: it becomes the clause after its clause, and the points
/// after it become its points (the words keep their order; see the module's rules).
pub fn promote(doc: &Document, id: UnitId) -> Result<Outcome> {
    let unit = find(doc, id)?;
    let shown = doc.numbering();
    let name = describe(&shown, id);
    let parent = locate(doc, id).and_then(|(p, _)| p);
    let clause = parent.and_then(|p| doc.find(p));
    let clause = match (unit.kind, clause) {
        (Kind::Point, Some(c)) if c.kind == Kind::Clause => c.id,
        (Kind::Point, _) => {
            return Err(StructureError::CannotPromote(format!(
                "{name} không nằm trong một khoản; chỉ điểm của một khoản mới nâng được thành khoản"
            )))
        }
        _ => {
            return Err(StructureError::CannotPromote(format!(
                "chỉ nâng được một điểm thành khoản; {name} không phải là điểm"
            )))
        }
    };
    if !unit.children.is_empty() {
        return Err(StructureError::CannotPromote(format!(
            "{name} có các dòng “-” bên trong; hãy chuyển chúng thành nội dung trước khi nâng"
        )));
    }
    let refs = find_references(doc);
    let mut after = doc.clone();
    let (article, c) = locate(&after, clause).ok_or(StructureError::NoSuchUnit(clause))?;
    let (_, p) = locate(&after, id).ok_or(StructureError::NoSuchUnit(id))?;
    let clauses = list_mut(&mut after, article);
    let following = clauses[c].children.split_off(p + 1);
    let point = clauses[c].children.remove(p);
    let mut new = Unit::new(point.id, Kind::Clause);
    new.paragraphs = point.paragraphs;
    new.children = following;
    clauses.insert(c + 1, new);
    Ok(finish(after, id, refs.internal, &Edit::default()))
}

/// Demotes clause `id` to a point: it becomes the last point of the clause before it, and
/// its own points follow it as points of that clause (the inverse of [`promote`]).
pub fn demote(doc: &Document, id: UnitId) -> Result<Outcome> {
    let unit = find(doc, id)?;
    let shown = doc.numbering();
    let name = describe(&shown, id);
    if unit.kind != Kind::Clause {
        return Err(StructureError::CannotDemote(format!(
            "chỉ hạ được một khoản thành điểm; {name} không phải là khoản"
        )));
    }
    let (parent, i) = locate(doc, id).ok_or(StructureError::NoSuchUnit(id))?;
    let siblings = list(doc, parent);
    let previous = match i.checked_sub(1).map(|k| &siblings[k]) {
        Some(p) if p.kind == Kind::Clause => p,
        _ => {
            return Err(StructureError::CannotDemote(format!(
                "{name} không có khoản đứng trước để làm điểm của khoản đó"
            )))
        }
    };
    if unit.children.iter().chain(&previous.children).any(|c| c.kind != Kind::Point) {
        return Err(StructureError::CannotDemote(format!(
            "{name} hoặc khoản trước nó có các dòng “-” ngoài điểm; hãy sửa chúng trước khi hạ"
        )));
    }
    let refs = find_references(doc);
    let mut after = doc.clone();
    let clauses = list_mut(&mut after, parent);
    let clause = clauses.remove(i);
    let mut point = Unit::new(clause.id, Kind::Point);
    point.paragraphs = clause.paragraphs;
    let previous = &mut clauses[i - 1];
    previous.children.push(point);
    previous.children.extend(clause.children);
    Ok(finish(after, id, refs.internal, &Edit::default()))
}

/// Gives a heading or an article a new title: NFC, one line, no control or bidi
/// character; a heading's title is never empty (an article may be untitled).
pub fn retitle(doc: &Document, id: UnitId, title: &str) -> Result<Outcome> {
    let unit = find(doc, id)?;
    let shown = doc.numbering();
    let name = describe(&shown, id);
    if !(unit.kind.is_heading() || unit.kind == Kind::Article) {
        return Err(StructureError::BadTitle(format!("{name} không có tiêu đề")));
    }
    let title = crate::nfc(title.trim());
    if title.contains(['\n', '\r']) {
        return Err(StructureError::BadTitle(format!("tiêu đề của {name} phải nằm trên một dòng")));
    }
    if let Some(bad) = crate::find_unsafe_char(&title) {
        return Err(StructureError::BadTitle(format!("tiêu đề của {name} có {}", bad.describe())));
    }
    if title.is_empty() && unit.kind.is_heading() {
        return Err(StructureError::BadTitle(format!("{name} cần có tên")));
    }
    let refs = find_references(doc);
    let mut after = doc.clone();
    if let Some(u) = after.find_mut(id) {
        u.title = title;
    }
    let edit = Edit { rewritten: HashSet::from([(id, Field::Title)]), ..Edit::default() };
    Ok(finish(after, id, refs.internal, &edit))
}

/// Inserts an article at `place` ([`insert`], the place next to an article or in a
/// heading).
pub fn insert_article(doc: &Document, place: Place, mut article: Unit) -> Result<Outcome> {
    article.kind = Kind::Article;
    insert(doc, place, article).map_err(as_article)
}

/// Moves article `id` to `place` ([`move_unit`]).
pub fn move_article(doc: &Document, id: UnitId, place: Place) -> Result<Outcome> {
    check_article(doc, id)?;
    move_unit(doc, id, place).map_err(as_article)
}

/// Deletes article `id` ([`delete`]).
pub fn delete_article(doc: &Document, id: UnitId, force: bool) -> Result<Outcome> {
    check_article(doc, id)?;
    delete(doc, id, force).map_err(as_article)
}

fn as_article(e: StructureError) -> StructureError {
    match e {
        StructureError::NoSuchUnit(id) => StructureError::NoSuchArticle(id),
        e => e,
    }
}

fn check_article(doc: &Document, id: UnitId) -> Result<&Unit> {
    match doc.find(id) {
        Some(u) if u.kind == Kind::Article => Ok(u),
        _ => Err(StructureError::NoSuchArticle(id)),
    }
}

// ---------------------------------------------------------------------------------------
// The tree.

fn find(doc: &Document, id: UnitId) -> Result<&Unit> {
    doc.find(id).ok_or(StructureError::NoSuchUnit(id))
}

/// Units numbered through the whole document, whose references need no qualifier.
fn numbered_through(kind: Kind) -> bool {
    matches!(kind, Kind::Article | Kind::Chapter | Kind::Part)
}

fn supported(kind: Kind) -> Result<()> {
    if kind == Kind::SubPoint {
        return Err(StructureError::Unsupported);
    }
    Ok(())
}

/// How a unit is named in a message: `Điều 7`, `khoản 2 Điều 7`, `Mục 2 Chương III`.
pub fn describe(numbering: &Numbering, id: UnitId) -> String {
    let mut s = numbering.reference(id).unwrap_or_default();
    if numbering.label(id).is_some_and(|l| l.kind == Kind::Section) {
        if let Some(p) = numbering.parent(id).and_then(|p| numbering.reference(p)) {
            s.push(' ');
            s.push_str(&p);
        }
    }
    s
}

/// Whether a unit of `kind` may stand directly under a parent of `parent` (`None`: the
/// body of the document).
fn fits(kind: Kind, parent: Option<Kind>) -> bool {
    match kind {
        Kind::Part => parent.is_none(),
        Kind::Chapter => matches!(parent, None | Some(Kind::Part)),
        Kind::Section => matches!(parent, None | Some(Kind::Part | Kind::Chapter)),
        Kind::Article => {
            matches!(parent, None | Some(Kind::Part | Kind::Chapter | Kind::Section))
        }
        Kind::Clause => parent == Some(Kind::Article),
        Kind::Point => matches!(parent, Some(Kind::Clause | Kind::Article)),
        Kind::SubPoint => false,
    }
}

/// Where a unit stands: its parent (`None`: the body) and its index there.
fn locate(doc: &Document, id: UnitId) -> Option<(Option<UnitId>, usize)> {
    fn go(units: &[Unit], parent: Option<UnitId>, id: UnitId) -> Option<(Option<UnitId>, usize)> {
        if let Some(i) = units.iter().position(|u| u.id == id) {
            return Some((parent, i));
        }
        units.iter().find_map(|u| go(&u.children, Some(u.id), id))
    }
    go(&doc.body, None, id)
}

fn list(doc: &Document, parent: Option<UnitId>) -> &[Unit] {
    match parent.and_then(|p| doc.find(p)) {
        Some(u) => &u.children,
        None => &doc.body,
    }
}

fn list_mut(doc: &mut Document, parent: Option<UnitId>) -> &mut Vec<Unit> {
    match parent {
        Some(p) if doc.find(p).is_some() => &mut doc.find_mut(p).expect("found").children,
        _ => &mut doc.body,
    }
}

/// The parent and index where a unit of `kind` goes at `place`: next to a unit of the same
/// kind, or last in a parent that may hold it and whose last child (if any) is of that
/// kind (so the text reads back as the same tree). `moving`: the unit being moved, already
/// taken out of `doc`. `shown` names units as the drafter saw them, before the edit (its
/// numbering is computed only for a refusal).
fn slot(
    doc: &Document,
    place: Place,
    kind: Kind,
    moving: Option<UnitId>,
    shown: &Document,
) -> Result<(Option<UnitId>, usize)> {
    let wrong = || {
        let shown = &shown.numbering();
        let what = match moving {
            Some(id) => describe(shown, id),
            None => format!("một {}", kind.word().to_lowercase()),
        };
        let place = match place {
            Place::After(a) => format!("sau {}", describe(shown, a)),
            Place::Before(a) => format!("trước {}", describe(shown, a)),
            Place::Into(a) => format!("vào {}", describe(shown, a)),
        };
        StructureError::WrongPlace { what, place }
    };
    match place {
        Place::After(a) | Place::Before(a) => {
            let (parent, i) = locate(doc, a).ok_or(StructureError::NoSuchUnit(a))?;
            let anchor = &list(doc, parent)[i];
            let parent_kind = parent.and_then(|p| doc.find(p)).map(|p| p.kind);
            if anchor.kind != kind || !fits(kind, parent_kind) {
                return Err(wrong());
            }
            Ok((parent, if matches!(place, Place::After(_)) { i + 1 } else { i }))
        }
        Place::Into(p) => {
            let parent = doc.find(p).ok_or(StructureError::NoSuchUnit(p))?;
            let fits_last = parent.children.last().is_none_or(|c| c.kind == kind);
            if !fits(kind, Some(parent.kind)) || !fits_last {
                return Err(wrong());
            }
            Ok((Some(p), parent.children.len()))
        }
    }
}

/// Gives `unit` and everything below it fresh ids, in document order.
fn fresh_ids(unit: &mut Unit, doc: &mut Document) {
    unit.id = doc.alloc_id();
    for child in &mut unit.children {
        fresh_ids(child, doc);
    }
}

fn names_any(r: &Reference, ids: &HashSet<UnitId>) -> bool {
    r.targets
        .iter()
        .chain(r.numerals.iter().filter_map(|n| n.target.as_ref()))
        .any(|t| ids.contains(t))
}

// ---------------------------------------------------------------------------------------
// The references.

/// What an edit did besides changing the tree, for writing the references again.
#[derive(Default)]
struct Edit {
    /// References (indexes into the references read before) that named a deleted unit.
    broken: HashSet<usize>,
    /// Units that are gone into another: references to the first now name the second.
    remap: HashMap<UnitId, UnitId>,
    /// Texts that moved to another unit or index (a split or merged article's paragraphs).
    moved: HashMap<(UnitId, Field), (UnitId, Field)>,
    /// Texts the edit wrote itself (a new title): their old references are dropped.
    rewritten: HashSet<(UnitId, Field)>,
    /// The numbers alone say it all, so the new text need not be read again: articles,
    /// chapters or parts inserted, deleted or moved within their parent, where every
    /// reference's words stay as they were (numbered through the document) and no unit
    /// changes kind, parent or enclosing article.
    numbers_only: bool,
}

impl Edit {
    fn target(&self, id: UnitId) -> UnitId {
        self.remap.get(&id).copied().unwrap_or(id)
    }
}

/// A span of a text and what it becomes.
type Fix = (Range<usize>, String);

/// A reference written into the new text: where, and which entry of `relabelled` it made.
struct Placed {
    reference: usize,
    unit: UnitId,
    field: Field,
    span: Range<usize>,
    relabelled: Option<usize>,
}

/// Writes every reference read before the edit (that still stands) again from `after`'s
/// numbering, then reads the new text and writes in full each reference that no longer
/// names what it named.
fn finish(mut after: Document, unit: UnitId, mut refs: Vec<Reference>, edit: &Edit) -> Outcome {
    for r in &mut refs {
        if let Some(&(u, f)) = edit.moved.get(&(r.unit, r.field)) {
            r.unit = u;
            r.field = f;
        }
        for n in &mut r.numerals {
            n.target = n.target.map(|t| edit.target(t));
        }
    }
    let numbering = after.numbering();
    let mut by_field: HashMap<(UnitId, Field), Vec<usize>> = HashMap::new();
    for (i, r) in refs.iter().enumerate() {
        if !edit.rewritten.contains(&(r.unit, r.field)) {
            by_field.entry((r.unit, r.field)).or_default().push(i);
        }
    }
    let mut out = Outcome {
        document: Document::default(),
        article: unit,
        relabelled: vec![],
        broken: vec![],
    };
    let mut placed = Vec::new();
    let ctx =
        Relabel { refs: &refs, broken: &edit.broken, by_field: &by_field, numbering: &numbering };
    // One walk of the new tree: looking each unit up by id would be quadratic.
    ctx.units(&mut after.body, &mut out, &mut placed);
    if !edit.numbers_only {
        check(&mut after, &refs, edit, &numbering, &placed, &mut out);
    }
    out.document = after;
    out
}

/// Reads the new text and writes again, in full, each reference that does not name (by id,
/// after the edit's remap) what it named before.
fn check(
    after: &mut Document,
    refs: &[Reference],
    edit: &Edit,
    numbering: &Numbering,
    placed: &[Placed],
    out: &mut Outcome,
) {
    let found = find_references(after);
    let now: HashMap<(UnitId, Field, usize), &Reference> =
        found.internal.iter().map(|r| ((r.unit, r.field, r.span.start), r)).collect();
    // Per text: the spans to write again, and what they become.
    let mut fixes: HashMap<(UnitId, Field), Vec<Fix>> = HashMap::new();
    for p in placed {
        let old = &refs[p.reference];
        if !old.is_linked() {
            continue;
        }
        let want: Vec<UnitId> = old.targets.iter().map(|&t| edit.target(t)).collect();
        let same = now
            .get(&(p.unit, p.field, p.span.start))
            .is_some_and(|r| r.span == p.span && r.targets == want);
        if same {
            continue;
        }
        let text = written_in_full(old, &want, p.unit, numbering);
        match p.relabelled {
            Some(k) => out.relabelled[k].after = text.clone(),
            None => out.relabelled.push(Relabelled {
                unit: p.unit,
                field: p.field,
                place: numbering.reference(p.unit).unwrap_or_default(),
                before: old.written.clone(),
                after: text.clone(),
            }),
        }
        fixes.entry((p.unit, p.field)).or_default().push((p.span.clone(), text));
    }
    for ((unit, field), mut spans) in fixes {
        let Some(u) = after.find_mut(unit) else { continue };
        let text = match field {
            Field::Title => &mut u.title,
            Field::Paragraph(i) => match u.paragraphs.get_mut(i) {
                Some(p) => p,
                None => continue,
            },
        };
        spans.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
        for (span, new) in spans {
            text.replace_range(span, &new);
        }
    }
}

/// A reference written from the numbering alone: each run of targets of one kind under
/// one parent as “điểm a, b và đ khoản 2 Điều 5”, runs joined by “, ” and “ và ”, the
/// first word's case and the tail (“ của Luật này”) as written. The article that encloses
/// the reference is still “Điều này” as the last qualifier when the reference was written
/// relatively (read, “Điều này” ends a reference, so never earlier).
fn written_in_full(old: &Reference, targets: &[UnitId], at: UnitId, n: &Numbering) -> String {
    let here = enclosing(n, at, Kind::Article);
    // (kind, parent, targets)
    let mut runs: Vec<(Kind, Option<UnitId>, Vec<UnitId>)> = Vec::new();
    for &t in targets {
        let Some(label) = n.label(t) else { continue };
        let parent = match label.kind {
            Kind::Clause | Kind::Point | Kind::SubPoint | Kind::Section => n.parent(t),
            _ => None,
        };
        match runs.last_mut() {
            Some((k, p, ids)) if *k == label.kind && *p == parent => ids.push(t),
            _ => runs.push((label.kind, parent, vec![t])),
        }
    }
    let mut parts = Vec::new();
    let last = runs.len().saturating_sub(1);
    for (i, (kind, parent, ids)) in runs.iter().enumerate() {
        let mut s = String::from(kind.word());
        s.push(' ');
        let numbers: Vec<String> =
            ids.iter().map(|&t| number(*kind, n.label(t).map_or(0, |l| l.ordinal))).collect();
        s.push_str(&join(&numbers));
        // “Điều này” ends a reference when read, so only the last run may use it.
        let this = old.relative && i == last;
        let mut up = *parent;
        while let Some(p) = up {
            let Some(label) = n.label(p) else { break };
            s.push(' ');
            if label.kind == Kind::Article && this && Some(p) == here {
                s.push_str("Điều này");
            } else {
                s.push_str(&format!("{} {}", label.kind.word(), number(label.kind, label.ordinal)));
            }
            up = match label.kind {
                Kind::Clause | Kind::Point | Kind::SubPoint | Kind::Section => n.parent(p),
                _ => None,
            };
        }
        parts.push(s);
    }
    let mut s = join(&parts);
    if old.written.starts_with(char::is_uppercase) {
        let mut chars = s.chars();
        if let Some(c) = chars.next() {
            s = c.to_uppercase().chain(chars).collect();
        }
    }
    s.push_str(tail(old));
    s
}

/// `a`, `a và b`, `a, b và c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} và {last}", init.join(", ")),
    }
}

fn number(kind: Kind, ordinal: u32) -> String {
    match kind {
        Kind::Point => point_letter(ordinal),
        Kind::Chapter | Kind::Part => roman(ordinal),
        _ => ordinal.to_string(),
    }
}

/// What follows a reference's last number or “… này” keyword: “ của Luật này”, or nothing.
fn tail(r: &Reference) -> &str {
    let start = r.span.start;
    let mut end = r.numerals.iter().map(|x| x.span.end - start).max().unwrap_or(0);
    for word in ["Điều", "điều", "khoản", "Khoản", "điểm", "Điểm", "Chương", "chương", "Mục", "mục"]
    {
        let pat = format!("{word} này");
        if let Some(i) = r.written.rfind(&pat) {
            end = end.max(i + pat.len());
        }
    }
    r.written.get(end..).unwrap_or("")
}

/// The unit of `kind` that holds `id` (or is it).
fn enclosing(n: &Numbering, id: UnitId, kind: Kind) -> Option<UnitId> {
    let mut cur = Some(id);
    while let Some(c) = cur {
        if n.label(c)?.kind == kind {
            return Some(c);
        }
        cur = n.parent(c);
    }
    None
}

struct Relabel<'a> {
    refs: &'a [Reference],
    broken: &'a HashSet<usize>,
    by_field: &'a HashMap<(UnitId, Field), Vec<usize>>,
    numbering: &'a Numbering,
}

impl Relabel<'_> {
    fn units(&self, units: &mut [Unit], out: &mut Outcome, placed: &mut Vec<Placed>) {
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
                *text = self.rewrite(text, unit.id, field, idx, &place, out, placed);
            }
            self.units(&mut unit.children, out, placed);
        }
    }

    /// One field with each of its references replaced by its new text.
    #[allow(clippy::too_many_arguments)]
    fn rewrite(
        &self,
        text: &str,
        unit: UnitId,
        field: Field,
        idx: &[usize],
        place: &str,
        out: &mut Outcome,
        placed: &mut Vec<Placed>,
    ) -> String {
        let mut s = String::with_capacity(text.len() + 8);
        let mut at = 0;
        for &i in idx {
            let r = &self.refs[i];
            // A span whose text changed since it was read, or overlapping one already
            // written, stays as it is.
            if r.span.start < at || text.get(r.span.clone()) != Some(r.written.as_str()) {
                continue;
            }
            s.push_str(&text[at..r.span.start]);
            if self.broken.contains(&i) {
                s.push_str(BROKEN_REFERENCE);
                out.broken.push(Broken {
                    unit,
                    field,
                    place: place.to_owned(),
                    written: r.written.clone(),
                });
            } else {
                let new = renumbered(r, self.numbering);
                let mut relabelled = None;
                if new != r.written {
                    relabelled = Some(out.relabelled.len());
                    out.relabelled.push(Relabelled {
                        unit,
                        field,
                        place: place.to_owned(),
                        before: r.written.clone(),
                        after: new.clone(),
                    });
                }
                let start = s.len();
                s.push_str(&new);
                placed.push(Placed { reference: i, unit, field, span: start..s.len(), relabelled });
            }
            at = r.span.end;
        }
        s.push_str(&text[at..]);
        s
    }
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

//! Drafting the structure, each edit saved as one revision with every internal reference
//! renumbered (`quyche_text::structure`): [`Quyche::edit_structure`] (the window: units by
//! id, any kind, insert, move, delete, split, merge, promote, demote, retitle, against the
//! revision the drafter sees), and the CLI's article operations by number as shown
//! (`Điều 7`). The workflow rules are the same as for editing an article's text
//! (`Review::before_edit`).

use quyche_model::{Document, Kind, Numbering, Unit, UnitId};
use quyche_text::structure as edit;
use quyche_text::{Outcome, Place, StructureError};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Actor, ApiError, ErrorCode, Quyche, Result, RevisionInfo};

/// What a forced delete writes in place of each reference to the deleted article.
pub use quyche_text::BROKEN_REFERENCE;

/// Where an article goes: after or before the article shown as `Điều N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticlePlace {
    After(u32),
    Before(u32),
}

/// Where a unit goes, by the ids the window holds: next to a unit of the same kind, or
/// last inside a parent (an article into a chapter, a clause into an article).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UnitPlace {
    After { unit: u32 },
    Before { unit: u32 },
    Into { parent: u32 },
}

/// One structure edit, units by id (`UnitView.id`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum StructureEdit {
    /// A new unit of `kind` written as in the editor: an article's title on the first line,
    /// then clauses `1.` and points `a)`; a chapter's or section's name; a clause's text
    /// (its points `a)` on the lines after); a point's text.
    Insert {
        kind: Kind,
        place: UnitPlace,
        text: String,
    },
    Move {
        unit: u32,
        place: UnitPlace,
    },
    /// Refused when the rest of the text names the unit, unless `force`.
    Delete {
        unit: u32,
        force: bool,
    },
    /// In two before child `at` (0-based), or before paragraph `at` of a unit without
    /// children; the second part takes a fresh id.
    Split {
        unit: u32,
        at: u32,
    },
    /// With the next unit of the same kind, which disappears into it.
    Merge {
        unit: u32,
    },
    /// A point to a clause (after its clause; the points after it become its points).
    Promote {
        unit: u32,
    },
    /// A clause to the last point of the clause before it.
    Demote {
        unit: u32,
    },
    Retitle {
        unit: u32,
        title: String,
    },
}

/// A structure edit saved: the revision, the affected unit (for a delete, as it was), and
/// what happened to the references.
#[derive(Clone, Debug, Serialize, Type)]
pub struct StructureView {
    pub revision: RevisionInfo,
    /// The number of the article that is or holds the affected unit (0 for a heading).
    pub article: u32,
    /// The affected unit's id: the new unit of an insert or of a split, the survivor of a
    /// merge, the moved, deleted, promoted, demoted or retitled one.
    pub unit: u32,
    /// How it is named now (a delete: as it was): `Điều 7`, `khoản 3 Điều 5`, `Chương II`.
    pub label: String,
    pub relabelled: Vec<RelabelledView>,
    pub broken: Vec<BrokenView>,
}

/// A reference whose numbers changed: where it stands (new numbers), before → after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct RelabelledView {
    pub place: String,
    pub before: String,
    pub after: String,
}

/// A reference that named the deleted unit; it now reads `[tham chiếu không còn]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct BrokenView {
    pub place: String,
    pub written: String,
}

impl Quyche {
    /// One structure edit on `regulation`, made on `base_revision` (the revision the
    /// drafter sees): one revision through the workflow's `before_edit`/`after_edit`, as
    /// [`Quyche::save_article`] saves. A newer head is [`ErrorCode::Conflict`] and writes
    /// nothing; an edit that changes nothing is [`ErrorCode::BadInput`]; a referenced
    /// delete without `force` is [`ErrorCode::Refused`], naming the places.
    pub fn edit_structure(
        &self,
        regulation: &str,
        base_revision: u32,
        edit: StructureEdit,
        actor: Actor<'_>,
    ) -> Result<StructureView> {
        self.structure_edit(regulation, Some(base_revision), actor, |doc| apply(doc, edit))
    }

    /// The id of the unit named as a person reads it in `revision`: `Điều 7`, `khoản 2
    /// Điều 7`, `điểm a khoản 2 Điều 7`, `Chương II` (or `Chương 2`). The CLI names units
    /// so; the window has their ids.
    pub fn unit_named(&self, regulation: &str, revision: u32, name: &str) -> Result<u32> {
        let doc = self.archive.load(regulation, Some(revision))?.document;
        let n = doc.numbering();
        let name = name.trim();
        let chapter = name.strip_prefix("Chương ").and_then(|x| x.parse::<u32>().ok());
        doc.walk()
            .find(|u| match chapter {
                Some(c) => u.kind == Kind::Chapter && n.label(u.id).is_some_and(|l| l.ordinal == c),
                None => edit::describe(&n, u.id) == name,
            })
            .map(|u| u.id.0)
            .ok_or_else(|| ApiError::not_found(format!("Không có {name}")))
    }

    /// Inserts a new article written in the editor's format (title on the first line, then
    /// clauses `1.` and points `a)`) after or before `Điều N`.
    pub fn insert_article(
        &self,
        regulation: &str,
        place: ArticlePlace,
        text: &str,
        actor: Actor<'_>,
    ) -> Result<StructureView> {
        self.structure_edit(regulation, None, actor, |doc| {
            let place = article_place(doc, place)?;
            // Ids come from the structure edit; the scratch document only lends them.
            let blank = Unit::new(UnitId(0), Kind::Article);
            let article = quyche_text::parse_article_body(text, &blank, &mut Document::default())
                .map_err(|e| ApiError::bad_input(format!("Điều mới: {e}")))?;
            let out = quyche_text::insert_article(doc, place, article).map_err(refusal)?;
            let n = number(&out.document, out.article);
            Ok((out, format!("Thêm Điều {n}")))
        })
    }

    /// [`Quyche::insert_article`] with the article's text read from a file (UTF-8,
    /// UTF-16 or Windows-1258, as an import reads it): `quyche article insert --file`.
    pub fn insert_article_file(
        &self,
        regulation: &str,
        place: ArticlePlace,
        path: &std::path::Path,
        actor: Actor<'_>,
    ) -> Result<StructureView> {
        let (name, bytes) = crate::read_input(path)?;
        let text =
            quyche_text::decode(&bytes).map_err(|e| ApiError::bad_input(format!("{name}: {e}")))?;
        self.insert_article(regulation, place, &text, actor)
    }

    /// Moves `Điều N` after or before `Điều M`.
    pub fn move_article(
        &self,
        regulation: &str,
        article: u32,
        place: ArticlePlace,
        actor: Actor<'_>,
    ) -> Result<StructureView> {
        self.structure_edit(regulation, None, actor, |doc| {
            let id = article_id(doc, article)?;
            let place = article_place(doc, place)?;
            let out = quyche_text::move_article(doc, id, place).map_err(refusal)?;
            let n = number(&out.document, id);
            if n == article {
                return Err(ApiError::bad_input(format!(
                    "Điều {article} đã ở vị trí đó; không tạo phiên bản mới."
                )));
            }
            Ok((out, format!("Chuyển Điều {article} thành Điều {n}")))
        })
    }

    /// Deletes `Điều N`. An article other articles name is refused
    /// ([`ErrorCode::Refused`], naming where) unless `force`; forced, each such
    /// reference reads `[tham chiếu không còn]` and is listed.
    pub fn delete_article(
        &self,
        regulation: &str,
        article: u32,
        force: bool,
        actor: Actor<'_>,
    ) -> Result<StructureView> {
        self.structure_edit(regulation, None, actor, |doc| {
            let id = article_id(doc, article)?;
            let out = quyche_text::delete_article(doc, id, force).map_err(refusal)?;
            let message = match out.broken.len() {
                0 => format!("Xoá Điều {article}"),
                k => format!("Xoá Điều {article} ({k} tham chiếu không còn)"),
            };
            Ok((out, message))
        })
    }

    /// One structure edit on the head revision (made on `base`, when given), saved as one
    /// revision exactly as `save_article` saves: the workflow's permission first, then the
    /// commit, then the return to drafting when an approved text was edited.
    fn structure_edit(
        &self,
        regulation: &str,
        base: Option<u32>,
        actor: Actor<'_>,
        edit: impl FnOnce(&Document) -> Result<(Outcome, String)>,
    ) -> Result<StructureView> {
        let based_on = base.map(|b| (b, "thay đổi cấu trúc chưa được lưu."));
        let (drafting, head) = self.begin_edit(regulation, based_on, actor)?;
        let before = head.document;
        let (out, message) = edit(&before)?;
        if out.document == before {
            return Err(ApiError::bad_input("Văn bản không thay đổi; không tạo phiên bản mới."));
        }
        // A delete names the unit as it was.
        let shown = if out.document.find(out.article).is_some() { &out.document } else { &before };
        let numbering = shown.numbering();
        let article = enclosing_article(&numbering, out.article);
        let label = edit::describe(&numbering, out.article);
        let record = self.finish_edit(regulation, &drafting, &out.document, &message)?;
        Ok(StructureView {
            revision: (&record).into(),
            article,
            unit: out.article.0,
            label,
            relabelled: out
                .relabelled
                .into_iter()
                .map(|r| RelabelledView { place: r.place, before: r.before, after: r.after })
                .collect(),
            broken: out
                .broken
                .into_iter()
                .map(|b| BrokenView { place: b.place, written: b.written })
                .collect(),
        })
    }
}

/// The id of the article shown as `Điều n`.
fn article_id(doc: &Document, n: u32) -> Result<UnitId> {
    let found = (n as usize).checked_sub(1).and_then(|i| doc.articles().nth(i));
    found.map(|a| a.id).ok_or_else(|| ApiError::not_found(format!("Không có Điều {n}")))
}

fn article_place(doc: &Document, place: ArticlePlace) -> Result<Place> {
    Ok(match place {
        ArticlePlace::After(n) => Place::After(article_id(doc, n)?),
        ArticlePlace::Before(n) => Place::Before(article_id(doc, n)?),
    })
}

/// The number an article is shown with.
fn number(doc: &Document, id: UnitId) -> u32 {
    doc.numbering().label(id).map_or(0, |l| l.ordinal)
}

fn refusal(e: StructureError) -> ApiError {
    let code = match e {
        StructureError::Referenced { .. } | StructureError::LastArticle => ErrorCode::Refused,
        StructureError::NoSuchArticle(_) | StructureError::NoSuchUnit(_) => ErrorCode::NotFound,
        StructureError::SelfPlace
        | StructureError::WrongPlace { .. }
        | StructureError::Unsupported
        | StructureError::CannotSplit(_)
        | StructureError::CannotMerge(_)
        | StructureError::CannotPromote(_)
        | StructureError::CannotDemote(_)
        | StructureError::BadTitle(_) => ErrorCode::BadInput,
    };
    ApiError::new(code, capitalised(&e.to_string()))
}

/// A message starts with a capital, as every other one the window shows.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The number of the article that is or holds `id`; 0 for a heading.
fn enclosing_article(n: &Numbering, id: UnitId) -> u32 {
    let mut cur = Some(id);
    while let Some(c) = cur {
        match n.label(c) {
            Some(l) if l.kind == Kind::Article => return l.ordinal,
            Some(l) if l.kind.is_heading() => return 0,
            Some(_) => cur = n.parent(c),
            None => return 0,
        }
    }
    0
}

/// The unit the window names by id, in the revision being edited.
fn unit_id(doc: &Document, id: u32) -> Result<UnitId> {
    doc.find(UnitId(id)).map(|u| u.id).ok_or_else(|| {
        ApiError::not_found("Không tìm thấy phần văn bản này trong phiên bản đang sửa.")
    })
}

fn place_of(doc: &Document, place: UnitPlace) -> Result<Place> {
    Ok(match place {
        UnitPlace::After { unit } => Place::After(unit_id(doc, unit)?),
        UnitPlace::Before { unit } => Place::Before(unit_id(doc, unit)?),
        UnitPlace::Into { parent } => Place::Into(unit_id(doc, parent)?),
    })
}

/// A new unit of `kind` from the editor's text (see [`StructureEdit::Insert`]).
pub(crate) fn new_unit(kind: Kind, text: &str) -> Result<Unit> {
    let what = format!("{} mới", capitalised(kind.word()));
    let bad = |e: String| ApiError::bad_input(format!("{what}: {e}"));
    let blank = Unit::new(UnitId(0), Kind::Article);
    let scratch = &mut Document::default();
    match kind {
        Kind::Article => {
            quyche_text::parse_article_body(text, &blank, scratch).map_err(|e| bad(e.to_string()))
        }
        Kind::Clause | Kind::Point => {
            let marker = if kind == Kind::Clause { "1. " } else { "a) " };
            let holder = quyche_text::parse_article_body(
                &format!("\n{marker}{}", text.trim()),
                &blank,
                scratch,
            )
            .map_err(|e| bad(e.to_string()))?;
            match &holder.children[..] {
                [one]
                    if one.kind == kind
                        && holder.paragraphs.is_empty()
                        && !text.trim().is_empty() =>
                {
                    Ok(one.clone())
                }
                _ => Err(bad(format!("chỉ viết nội dung của một {}", kind.word()))),
            }
        }
        Kind::Part | Kind::Chapter | Kind::Section => {
            quyche_text::check_safe_text(text).map_err(|e| bad(e.to_string()))?;
            let title = quyche_text::nfc(text.trim());
            if title.is_empty() || title.contains('\n') {
                return Err(bad("viết tên trên một dòng".into()));
            }
            let mut unit = Unit::new(UnitId(0), kind);
            unit.title = title;
            Ok(unit)
        }
        Kind::SubPoint => Err(refusal(StructureError::Unsupported)),
    }
}

/// One [`StructureEdit`] on `doc`, and the revision's message.
fn apply(doc: &Document, e: StructureEdit) -> Result<(Outcome, String)> {
    let shown = doc.numbering();
    let name = |id: UnitId| edit::describe(&shown, id);
    Ok(match e {
        StructureEdit::Insert { kind, place, text } => {
            let place = place_of(doc, place)?;
            let out = edit::insert(doc, place, new_unit(kind, &text)?).map_err(refusal)?;
            let message =
                format!("Thêm {}", edit::describe(&out.document.numbering(), out.article));
            (out, message)
        }
        StructureEdit::Move { unit, place } => {
            let id = unit_id(doc, unit)?;
            let out = edit::move_unit(doc, id, place_of(doc, place)?).map_err(refusal)?;
            let now = edit::describe(&out.document.numbering(), id);
            let message = format!("Chuyển {} thành {now}", name(id));
            (out, message)
        }
        StructureEdit::Delete { unit, force } => {
            let id = unit_id(doc, unit)?;
            let out = edit::delete(doc, id, force).map_err(refusal)?;
            let message = match out.broken.len() {
                0 => format!("Xoá {}", name(id)),
                k => format!("Xoá {} ({k} tham chiếu không còn)", name(id)),
            };
            (out, message)
        }
        StructureEdit::Split { unit, at } => {
            let id = unit_id(doc, unit)?;
            let out = edit::split(doc, id, at as usize).map_err(refusal)?;
            let n = out.document.numbering();
            let message = format!(
                "Tách {} thành {} và {}",
                name(id),
                edit::describe(&n, id),
                edit::describe(&n, out.article)
            );
            (out, message)
        }
        StructureEdit::Merge { unit } => {
            let id = unit_id(doc, unit)?;
            let out = edit::merge(doc, id).map_err(refusal)?;
            let next = doc
                .walk()
                .skip_while(|u| u.id != id)
                .skip(1)
                .find(|u| u.kind == doc.find(id).map_or(Kind::SubPoint, |x| x.kind));
            let message = match next {
                Some(next) => format!("Gộp {} vào {}", name(next.id), name(id)),
                None => format!("Gộp vào {}", name(id)),
            };
            (out, message)
        }
        StructureEdit::Promote { unit } => {
            let id = unit_id(doc, unit)?;
            let out = edit::promote(doc, id).map_err(refusal)?;
            let message = format!(
                "Nâng {} thành {}",
                name(id),
                edit::describe(&out.document.numbering(), id)
            );
            (out, message)
        }
        StructureEdit::Demote { unit } => {
            let id = unit_id(doc, unit)?;
            let out = edit::demote(doc, id).map_err(refusal)?;
            let message =
                format!("Hạ {} thành {}", name(id), edit::describe(&out.document.numbering(), id));
            (out, message)
        }
        StructureEdit::Retitle { unit, title } => {
            let id = unit_id(doc, unit)?;
            let out = edit::retitle(doc, id, &title).map_err(refusal)?;
            (out, format!("Đổi tiêu đề {}", name(id)))
        }
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::sync::Arc;

    use super::*;
    use crate::Clock;

    fn test_clock() -> Clock {
        let t = Arc::new(AtomicI64::new(1_795_832_400_000));
        Arc::new(move || t.fetch_add(1000, Ordering::SeqCst))
    }

    fn coop(q: &Quyche) -> String {
        let law = quyche_fixtures::law(quyche_fixtures::COOP_2023);
        q.import_bytes("luat.txt", law.as_bytes(), None, Actor::Current).unwrap().regulation_id
    }

    /// The id of `Điều n` in the head revision, as the window has it.
    fn article(q: &Quyche, reg: &str, n: usize) -> u32 {
        q.document(reg, None).unwrap().articles().nth(n - 1).unwrap().id.0
    }

    fn child(q: &Quyche, reg: &str, unit: u32, i: usize) -> u32 {
        q.document(reg, None).unwrap().find(UnitId(unit)).unwrap().children[i].id.0
    }

    fn text(q: &Quyche, reg: &str) -> String {
        crate::render_document(&q.document(reg, None).unwrap())
    }

    #[test]
    fn every_edit_is_one_revision_on_the_revision_the_drafter_saw() {
        let dir = tempfile::tempdir().unwrap();
        let q = Quyche::open(dir.path(), test_clock()).unwrap();
        let reg = coop(&q);
        let one = article(&q, &reg, 1);
        let edit = |base, e| q.edit_structure(&reg, base, e, Actor::Current);

        let insert = StructureEdit::Insert {
            kind: Kind::Article,
            place: UnitPlace::After { unit: one },
            text: "Nguyên tắc chung\n1. Khoản một.".into(),
        };
        let v = edit(1, insert.clone()).unwrap();
        assert_eq!((v.revision.number, v.article, v.label.as_str()), (2, 2, "Điều 2"));
        assert_eq!(v.revision.message, "Thêm Điều 2");
        assert!(v.relabelled.iter().any(|r| r.after == "khoản 2 Điều 8 của Luật này"));
        let new = v.unit;
        // A stale base writes nothing.
        let e = edit(1, insert).unwrap_err();
        assert_eq!(e.code, ErrorCode::Conflict, "{}", e.message);
        assert!(e.message.contains("phiên bản 2"), "{}", e.message);
        assert_eq!(q.history(&reg).unwrap().len(), 2);

        // Điều 8 (the old 7) moves before Điều 3 by id; its clause 2 is named by Điều 19.
        let eight = article(&q, &reg, 8);
        let three = article(&q, &reg, 3);
        let v =
            edit(2, StructureEdit::Move { unit: eight, place: UnitPlace::Before { unit: three } })
                .unwrap();
        assert_eq!((v.revision.number, v.unit, v.label.as_str()), (3, eight, "Điều 3"));
        assert_eq!(v.revision.message, "Chuyển Điều 8 thành Điều 3");
        assert!(text(&q, &reg).contains("quy định tại khoản 2 Điều 3 của Luật này"));
        // A move that changes nothing is no revision.
        let two = article(&q, &reg, 2);
        let e = edit(3, StructureEdit::Move { unit: eight, place: UnitPlace::After { unit: two } })
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::BadInput, "{}", e.message);

        // Delete: refused while named, then forced.
        let e = edit(3, StructureEdit::Delete { unit: eight, force: false }).unwrap_err();
        assert_eq!(e.code, ErrorCode::Refused);
        assert!(e.message.starts_with("Điều 3 được tham chiếu tại "), "{}", e.message);
        let v = edit(3, StructureEdit::Delete { unit: eight, force: true }).unwrap();
        assert_eq!((v.revision.number, v.label.as_str()), (4, "Điều 3"));
        assert!(!v.broken.is_empty());
        assert_eq!(text(&q, &reg).matches(BROKEN_REFERENCE).count(), v.broken.len());
        let v = edit(4, StructureEdit::Delete { unit: new, force: false }).unwrap();
        assert_eq!(v.revision.message, "Xoá Điều 2");

        // Ids the revision does not hold, named without ids.
        let e = edit(5, StructureEdit::Merge { unit: eight }).unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
        assert!(!e.message.contains(&eight.to_string()), "{}", e.message);
    }

    #[test]
    fn split_merge_promote_demote_and_retitle_through_the_facade() {
        let dir = tempfile::tempdir().unwrap();
        let q = Quyche::open(dir.path(), test_clock()).unwrap();
        let reg = coop(&q);
        let edit = |base, e| q.edit_structure(&reg, base, e, Actor::Current);
        let seven = article(&q, &reg, 7);
        let clauses = q.document(&reg, None).unwrap().find(UnitId(seven)).unwrap().children.len();

        // Điều 7 split before its clause 2: Điều 18's “khoản 2 Điều 7” now reads khoản 1 Điều 8.
        let v = edit(1, StructureEdit::Split { unit: seven, at: 1 }).unwrap();
        assert_eq!(v.label, "Điều 8");
        assert_eq!(v.revision.message, "Tách Điều 7 thành Điều 7 và Điều 8");
        assert!(text(&q, &reg).contains("quy định tại khoản 1 Điều 8 của Luật này"));
        // Merged back: the law's words again, the second article's id gone.
        let v = edit(2, StructureEdit::Merge { unit: seven }).unwrap();
        assert_eq!((v.unit, v.label.as_str()), (seven, "Điều 7"));
        assert_eq!(v.revision.message, "Gộp Điều 8 vào Điều 7");
        let law = crate::render_document(&q.document(&reg, Some(1)).unwrap());
        assert!(text(&q, &reg) == law, "split then merged, the law reads as before");
        assert_eq!(
            q.document(&reg, None).unwrap().find(UnitId(seven)).unwrap().children.len(),
            clauses
        );

        // Clause 2 of Điều 7 demoted to a point of clause 1, then promoted back.
        let c2 = child(&q, &reg, seven, 1);
        let v = edit(3, StructureEdit::Demote { unit: c2 }).unwrap();
        assert!(
            v.revision.message.starts_with("Hạ khoản 2 Điều 7 thành điểm "),
            "{}",
            v.revision.message
        );
        let v = edit(4, StructureEdit::Promote { unit: c2 }).unwrap();
        assert_eq!(v.label, "khoản 2 Điều 7");
        assert!(text(&q, &reg) == law, "demoted then promoted, the law reads as before");

        // Retitle: NFC and safe text; the same title is no revision.
        let chapter = q.document(&reg, None).unwrap().body[0].id.0;
        let v = edit(
            5,
            StructureEdit::Retitle { unit: chapter, title: "Quy đi\u{0323}nh chung".into() },
        )
        .unwrap();
        assert_eq!(v.revision.message, "Đổi tiêu đề Chương I");
        assert_eq!(q.document(&reg, None).unwrap().body[0].title, "Quy định chung");
        let e = edit(6, StructureEdit::Retitle { unit: chapter, title: "Quy định chung".into() })
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::BadInput);
        let e = edit(6, StructureEdit::Retitle { unit: chapter, title: "A\u{202E}B".into() })
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::BadInput);
        assert!(e.message.starts_with("Tiêu đề của Chương I có "), "{}", e.message);

        // Insert a clause, a point and a chapter from the editor's text.
        let v = edit(
            6,
            StructureEdit::Insert {
                kind: Kind::Clause,
                place: UnitPlace::Into { parent: seven },
                text: "Khoản cuối:\na) Điểm một;\nb) Điểm hai.".into(),
            },
        )
        .unwrap();
        assert_eq!(v.label, format!("khoản {} Điều 7", clauses + 1));
        let d = q.document(&reg, None).unwrap();
        assert_eq!(d.find(UnitId(v.unit)).unwrap().children.len(), 2);
        let v = edit(
            7,
            StructureEdit::Insert {
                kind: Kind::Point,
                place: UnitPlace::Before { unit: d.find(UnitId(v.unit)).unwrap().children[0].id.0 },
                text: "Điểm đầu;".into(),
            },
        )
        .unwrap();
        assert_eq!(v.label, format!("điểm a khoản {} Điều 7", clauses + 1));
        let e = edit(
            8,
            StructureEdit::Insert {
                kind: Kind::Clause,
                place: UnitPlace::Into { parent: seven },
                text: "Một.\n2. Hai.".into(),
            },
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::BadInput);
        assert!(e.message.starts_with("Khoản mới: "), "{}", e.message);
        let v = edit(
            8,
            StructureEdit::Insert {
                kind: Kind::Chapter,
                place: UnitPlace::After { unit: chapter },
                text: "CHƯƠNG MỚI".into(),
            },
        )
        .unwrap();
        assert_eq!((v.label.as_str(), v.article), ("Chương II", 0));
        // A clause cannot go into a chapter: bad input, named by number.
        let e =
            edit(9, StructureEdit::Move { unit: c2, place: UnitPlace::Into { parent: chapter } })
                .unwrap_err();
        assert_eq!(e.code, ErrorCode::BadInput);
        assert_eq!(e.message, "Không thể đặt khoản 2 Điều 7 vào Chương I");
        assert_eq!(q.history(&reg).unwrap().len(), 9);
    }

    #[test]
    fn the_workflow_refuses_structure_edits_outside_drafting() {
        let dir = tempfile::tempdir().unwrap();
        let q = Quyche::open(dir.path(), test_clock()).unwrap();
        let reg = q.seed_demo_if_empty().unwrap().unwrap();
        q.add_demo_committee().unwrap();
        let chairman =
            q.people().unwrap().into_iter().find(|p| p.name == "Nguyễn Văn An").unwrap().id;
        let me = Actor::Person(&chairman);
        q.open_round(&reg, me, None).unwrap();
        q.close_round(&reg, me).unwrap();
        q.submit(&reg, me).unwrap();
        let head = q.history(&reg).unwrap().len() as u32;
        let one = article(&q, &reg, 1);
        let e = q.edit_structure(&reg, head, StructureEdit::Merge { unit: one }, me).unwrap_err();
        assert_eq!(e.code, ErrorCode::Refused, "{}", e.message);
        assert_eq!(q.history(&reg).unwrap().len() as u32, head);
    }

    #[test]
    fn a_structure_edit_reads_and_writes_as_json_with_the_kind_and_op_tags() {
        let e: StructureEdit = serde_json::from_str(
            r#"{"op":"insert","kind":"clause","place":{"kind":"into","parent":7},"text":"x"}"#,
        )
        .unwrap();
        assert_eq!(
            e,
            StructureEdit::Insert {
                kind: Kind::Clause,
                place: UnitPlace::Into { parent: 7 },
                text: "x".into()
            }
        );
        let e: StructureEdit = serde_json::from_str(r#"{"op":"split","unit":3,"at":2}"#).unwrap();
        assert_eq!(e, StructureEdit::Split { unit: 3, at: 2 });
    }
}

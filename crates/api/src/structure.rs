//! Drafting the structure: insert, move and delete an article, each saved as one revision
//! with every internal reference renumbered (`quyche_text::structure`). Articles are named
//! by their number as shown (`Điều 7`), never by id; the workflow rules are the same as
//! for editing an article's text (`Review::before_edit`).

use quyche_model::{Document, Kind, Unit, UnitId};
use quyche_text::{Outcome, Place, StructureError};
use serde::Serialize;

use crate::{Actor, ApiError, ErrorCode, Quyche, Result, RevisionInfo};

/// What a forced delete writes in place of each reference to the deleted article.
pub use quyche_text::BROKEN_REFERENCE;

/// Where an article goes: after or before the article shown as `Điều N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticlePlace {
    After(u32),
    Before(u32),
}

/// A structure edit saved: the revision, the article's number now (for a delete, the
/// number it had), and what happened to the references.
#[derive(Clone, Debug, Serialize)]
pub struct StructureView {
    pub revision: RevisionInfo,
    pub article: u32,
    pub relabelled: Vec<RelabelledView>,
    pub broken: Vec<BrokenView>,
}

/// A reference whose numbers changed: where it stands (new numbers), before → after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelabelledView {
    pub place: String,
    pub before: String,
    pub after: String,
}

/// A reference that named the deleted article; it now reads `[tham chiếu không còn]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrokenView {
    pub place: String,
    pub written: String,
}

impl Quyche {
    /// Inserts a new article written in the editor's format (title on the first line, then
    /// clauses `1.` and points `a)`) after or before `Điều N`.
    pub fn insert_article(
        &self,
        regulation: &str,
        place: ArticlePlace,
        text: &str,
        actor: Actor<'_>,
    ) -> Result<StructureView> {
        self.structure_edit(regulation, actor, |doc| {
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
        self.structure_edit(regulation, actor, |doc| {
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
        self.structure_edit(regulation, actor, |doc| {
            let id = article_id(doc, article)?;
            let out = quyche_text::delete_article(doc, id, force).map_err(refusal)?;
            let message = match out.broken.len() {
                0 => format!("Xoá Điều {article}"),
                k => format!("Xoá Điều {article} ({k} tham chiếu không còn)"),
            };
            Ok((out, message))
        })
    }

    /// One structure edit on the head revision, saved as one revision exactly as
    /// `save_article` saves: the workflow's permission first, then the commit, then the
    /// return to drafting when an approved text was edited.
    fn structure_edit(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        edit: impl FnOnce(&Document) -> Result<(Outcome, String)>,
    ) -> Result<StructureView> {
        let (author, actor_id) = self.author_of(actor)?;
        let redraft = self.review().before_edit(regulation, actor_id.as_deref())?;
        let head = self.archive.load(regulation, None)?;
        let before = head.document;
        let (out, message) = edit(&before)?;
        let article = match before.find(out.article) {
            // A delete names the number the article had.
            Some(_) if out.document.find(out.article).is_none() => number(&before, out.article),
            _ => number(&out.document, out.article),
        };
        let record = self.archive.commit(
            regulation,
            Some(head.record.number),
            &out.document,
            &author,
            self.now(),
            &message,
        )?;
        if redraft.is_some() {
            self.review().after_edit(regulation, &author, record.number, self.now())?;
        }
        Ok(StructureView {
            revision: (&record).into(),
            article,
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
        StructureError::SelfPlace => ErrorCode::BadInput,
        StructureError::NoSuchArticle(_) => ErrorCode::NotFound,
    };
    ApiError::new(code, e.to_string())
}

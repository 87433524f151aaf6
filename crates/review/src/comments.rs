//! Comments anchored to the text by stable id plus a quote: where each stands on the
//! latest revision (`current`, `changed`, `outdated`), never re-attached elsewhere.

use std::collections::{BTreeMap, HashMap};

use quyche_model::{Document, Kind, UnitId};
use quyche_store::{Action, RecordWrite};
use serde::Serialize;

use crate::anchor::{self, AnchorState};
use crate::model::{Comment, Person, Resolution, Role};
use crate::records::{decode, encode, short_id, COMMENTS, RESOLUTIONS};
use crate::{Act, Result, Review, ReviewError};

/// What a comment points at, as the CLI names it (by numbers on the round's revision)
/// or as the app names it (by stable id).
#[derive(Clone, Debug)]
pub enum Target {
    Numbered { article: u32, clause: Option<u32>, point: Option<String> },
    Unit(u32),
}

/// A comment with where it stands now.
#[derive(Clone, Debug, Serialize)]
pub struct CommentStatus {
    pub comment: Comment,
    pub author: Option<Person>,
    /// The anchor's state on the latest revision.
    pub anchor: AnchorState,
    pub resolution: Option<Resolution>,
    /// `khoản 2 Điều 5`, as numbered in the revision the comment was made on.
    pub provision: String,
    /// The article's label in the revision commented on, e.g. `Điều 5`.
    pub article_label: String,
}

impl Review<'_> {
    /// Adds a comment on the open round's revision. The quote must be in the unit.
    #[allow(clippy::too_many_arguments)]
    pub fn add_comment(
        &self,
        regulation: &str,
        actor: &str,
        target: Target,
        quote: &str,
        near: Option<u32>,
        text: &str,
        proposal: Option<&str>,
        now: i64,
    ) -> Result<Comment> {
        let (person, _) = self.permit(regulation, actor, Act::Comment)?;
        let round = self
            .open_round_of(regulation)?
            .ok_or_else(|| ReviewError::Refused("Không có đợt lấy ý kiến nào đang mở.".into()))?;
        if !round.reviewers.contains(&person.id) && person.role != Role::Chairman {
            return Err(ReviewError::Refused(format!(
                "{} không có tên trong danh sách góp ý của đợt {}.",
                person.name, round.number
            )));
        }
        safe("nội dung góp ý", text)?;
        safe("đoạn trích", quote)?;
        if let Some(p) = proposal {
            safe("đề xuất sửa", p)?;
        }
        let text = quyche_text::nfc(text.trim());
        if text.is_empty() {
            return Err(ReviewError::BadInput("Nội dung góp ý không được để trống.".into()));
        }
        const MAX: usize = 20_000;
        if text.chars().count() > MAX || proposal.is_some_and(|p| p.chars().count() > MAX) {
            return Err(ReviewError::BadInput(format!("Góp ý dài quá {MAX} ký tự.")));
        }
        let doc = self.archive.load(regulation, Some(round.revision))?.document;
        let units = anchor::Units::of(&doc);
        let unit = resolve_target(&doc, &target)?;
        let numbering = doc.numbering();
        let provision = numbering.reference(unit).unwrap_or_default();
        let quote = quyche_text::nfc(quote);
        let anchor = anchor::anchor(&units, unit, &quote, near).ok_or_else(|| {
            ReviewError::BadInput(format!(
                "Không tìm thấy đoạn trích \u{201c}{}\u{201d} trong {provision}.",
                quote.trim()
            ))
        })?;
        let proposal = proposal.map(|p| quyche_text::nfc(p.trim())).filter(|p| !p.is_empty());
        let count = self.all::<Comment>(COMMENTS)?.len();
        let id =
            short_id("c", &[regulation, &person.id, &now.to_string(), &text, &count.to_string()]);
        let comment = Comment {
            id: id.clone(),
            regulation: regulation.to_string(),
            round: round.id.clone(),
            revision: round.revision,
            author: person.id.clone(),
            anchor,
            text,
            proposal,
            created_ms: now,
            seq: count as u32 + 1,
            late: false,
        };
        let body = encode(&comment);
        self.write(
            &[RecordWrite { collection: COMMENTS, key: &id, body: &body, create_only: true }],
            None,
            Action {
                time_ms: now,
                actor: &person.name,
                action: "comment",
                regulation: Some(regulation),
                revision: Some(round.revision),
                detail: &format!("{id} về {provision}"),
            },
        )?;
        Ok(comment)
    }

    pub fn comment(&self, id: &str) -> Result<Comment> {
        match self.archive.store().record(COMMENTS, id)? {
            Some(r) => decode(&r),
            None => Err(ReviewError::NotFound(format!("ý kiến {id}"))),
        }
    }

    /// Every comment on the regulation with its anchor state on the latest revision and
    /// its resolution, in the order they were made.
    pub fn comments(&self, regulation: &str) -> Result<Vec<CommentStatus>> {
        let mut comments: Vec<Comment> = self
            .all::<Comment>(COMMENTS)?
            .into_iter()
            .filter(|c| c.regulation == regulation)
            .collect();
        comments.sort_by_key(|c| (c.created_ms, c.seq));
        let resolutions: HashMap<String, Resolution> = self
            .all::<Resolution>(RESOLUTIONS)?
            .into_iter()
            .map(|r| (r.comment.clone(), r))
            .collect();
        let people: HashMap<String, Person> =
            self.people_on(regulation)?.into_iter().map(|p| (p.id.clone(), p)).collect();
        let head = self.archive.load(regulation, None)?.document;
        let head_units = anchor::Units::of(&head);
        // Numbers as they were in each revision commented on, computed once per revision.
        let mut numberings: BTreeMap<u32, quyche_model::Numbering> = BTreeMap::new();
        let mut out = Vec::with_capacity(comments.len());
        for c in comments {
            if let std::collections::btree_map::Entry::Vacant(slot) = numberings.entry(c.revision) {
                slot.insert(self.archive.load(regulation, Some(c.revision))?.document.numbering());
            }
            let numbering = &numberings[&c.revision];
            out.push(CommentStatus {
                anchor: anchor::state(&head_units, &c.anchor),
                resolution: resolutions.get(&c.id).cloned(),
                author: people.get(&c.author).cloned(),
                provision: numbering.reference(UnitId(c.anchor.unit)).unwrap_or_default(),
                article_label: numbering
                    .label(UnitId(c.anchor.article))
                    .map(|l| l.marker.clone())
                    .unwrap_or_default(),
                comment: c,
            });
        }
        Ok(out)
    }
}

/// The unit a CLI-style target names, on a given revision.
pub fn resolve_target(doc: &Document, target: &Target) -> Result<UnitId> {
    match target {
        Target::Unit(id) => doc.find(UnitId(*id)).map(|u| u.id).ok_or_else(|| {
            ReviewError::BadInput(format!("Không có đơn vị mang mã {id} trong văn bản."))
        }),
        Target::Numbered { article, clause, point } => {
            let a = doc
                .articles()
                .nth((*article as usize).wrapping_sub(1))
                .filter(|_| *article > 0)
                .ok_or_else(|| ReviewError::BadInput(format!("Không có Điều {article}.")))?;
            let Some(k) = clause else {
                if point.is_some() {
                    return Err(ReviewError::BadInput("--point cần đi kèm --clause.".into()));
                }
                return Ok(a.id);
            };
            let c = a
                .children
                .iter()
                .filter(|u| u.kind == Kind::Clause)
                .nth((*k as usize).wrapping_sub(1))
                .filter(|_| *k > 0)
                .ok_or_else(|| {
                    ReviewError::BadInput(format!("Không có khoản {k} Điều {article}."))
                })?;
            let Some(letter) = point else { return Ok(c.id) };
            let letter = quyche_text::nfc(letter.trim());
            let p = c
                .children
                .iter()
                .filter(|u| u.kind == Kind::Point)
                .enumerate()
                .find(|(i, _)| quyche_model::point_letter(*i as u32 + 1) == letter)
                .map(|(_, u)| u)
                .ok_or_else(|| {
                    ReviewError::BadInput(format!(
                        "Không có điểm {letter} khoản {k} Điều {article}."
                    ))
                })?;
            Ok(p.id)
        }
    }
}

/// Refuses a field holding a character `quyche_text` refuses at every entry (control
/// characters, bidi overrides): they would hide words or break the exports. The
/// message names the field.
pub(crate) fn safe(field: &str, text: &str) -> Result<()> {
    quyche_text::check_safe_field(field, text).map_err(|e| ReviewError::BadInput(e.to_string()))
}

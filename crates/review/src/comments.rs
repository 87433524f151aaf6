//! Comments anchored to the text by stable id plus a quote: where each stands on the
//! latest revision (`current`, `changed`, `outdated`), never re-attached elsewhere.

use std::collections::{BTreeMap, HashMap};

use quyche_model::{Document, Kind, UnitId};
use quyche_store::{Action, RecordWrite};
use serde::Serialize;

use crate::anchor::{self, AnchorState};
use crate::model::{Comment, Person, Resolution, Role};
use crate::records::{decode, encode, short_id, COMMENTS, RESOLUTIONS};
use crate::rules::Origin;
use crate::{Act, Result, Review, ReviewError};

/// Comments their author deleted while unsent: a tombstone per comment id, so a deleted
/// comment never goes into a bundle or a package and never comes back (the store keeps
/// no deletes; the audit log keeps the history).
pub(crate) const DELETED_COMMENTS: &str = "comments_deleted";

/// Whether a comment has left this machine. On a received copy a comment is saved here
/// and counts as sent only once a bundle carrying it was written (and fsynced); on a text
/// drafted here it is simply recorded: there is nothing to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SentState {
    /// Chưa gửi: saved on this received copy, in no bundle yet.
    Unsent,
    /// Đã gửi: left in a bundle written to its file.
    Sent,
    /// Đã ghi nhận: in the chairman's database (or came with the package): nothing to send.
    Recorded,
}

impl SentState {
    pub fn as_str(self) -> &'static str {
        match self {
            SentState::Unsent => "unsent",
            SentState::Sent => "sent",
            SentState::Recorded => "recorded",
        }
    }

    /// The badge: `sent_on` is the sending day as `dd/mm/yyyy`, when known.
    pub fn label(self, sent_on: Option<&str>) -> String {
        match (self, sent_on) {
            (SentState::Unsent, _) => "Chưa gửi".into(),
            (SentState::Sent, Some(d)) => format!("Đã gửi ngày {d}"),
            (SentState::Sent, None) => "Đã gửi".into(),
            (SentState::Recorded, _) => "Đã ghi nhận".into(),
        }
    }
}

/// A comment deleted by its author, as kept.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
struct DeletedComment {
    comment: String,
    regulation: String,
    by: String,
    time_ms: i64,
}

/// What is known of a comment when someone asks to change or delete it.
#[derive(Clone, Copy, Debug)]
pub struct ChangeCase {
    pub is_author: bool,
    pub origin: Origin,
    pub sent: bool,
    pub resolved: bool,
    pub round_open: bool,
}

/// Who may edit or delete a comment, and when: only its author, only while unsent (on a
/// received copy: in no bundle yet; in the chairman's database: unresolved, its round
/// still open). `Err` carries the reason shown to the user.
pub fn may_change(case: ChangeCase) -> std::result::Result<(), &'static str> {
    if !case.is_author {
        return Err("Chỉ người viết góp ý mới được sửa hoặc xóa góp ý đó.");
    }
    match case.origin {
        Origin::Received if case.sent => {
            Err("Góp ý này đã gửi đi trong một tệp góp ý: không sửa hoặc xóa được nữa.")
        }
        Origin::Received => Ok(()),
        Origin::Drafted if case.resolved => {
            Err("Góp ý này đã được tiếp thu, giải trình: không sửa hoặc xóa được nữa.")
        }
        Origin::Drafted if !case.round_open => {
            Err("Đợt lấy ý kiến của góp ý này đã đóng: không sửa hoặc xóa được nữa.")
        }
        Origin::Drafted => Ok(()),
    }
}

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
    /// Whether it has left this machine.
    pub sent: SentState,
    /// When the bundle carrying it was written (Unix ms), for `Sent`.
    pub sent_ms: Option<i64>,
    /// Whether the person asked for may edit or delete it now (`None`), or why not.
    pub change_refusal: Option<String>,
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
        safe("đoạn trích", quote)?;
        let (text, proposal) = comment_words(text, proposal)?;
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
        if self.archive.store().record(DELETED_COMMENTS, id)?.is_some() {
            // The message never shows the comment's id: the reader knows it by its place.
            return Err(ReviewError::NotFound("ý kiến này (đã bị xóa)".into()));
        }
        match self.archive.store().record(COMMENTS, id)? {
            Some(r) => decode(&r),
            None => Err(ReviewError::NotFound("ý kiến này".into())),
        }
    }

    /// Every comment on the regulation with its anchor state on the latest revision and
    /// its resolution, in the order they were made.
    pub fn comments(&self, regulation: &str) -> Result<Vec<CommentStatus>> {
        self.comments_as(regulation, None)
    }

    /// Every comment not deleted, on every regulation, in the order they were made: their
    /// words as recorded, without the anchor states and resolutions of
    /// [`Review::comments`] (which reads each regulation's latest text to place them). What
    /// a search of the comments reads.
    pub fn comment_records(&self) -> Result<Vec<Comment>> {
        let deleted = self.deleted_comments()?;
        let mut comments: Vec<Comment> = self
            .all::<Comment>(COMMENTS)?
            .into_iter()
            .filter(|c| !deleted.contains(&c.id))
            .collect();
        comments.sort_by_key(|c| (c.created_ms, c.seq));
        Ok(comments)
    }

    /// The ids of the comments deleted by their authors.
    pub(crate) fn deleted_comments(&self) -> Result<std::collections::HashSet<String>> {
        Ok(self.all::<DeletedComment>(DELETED_COMMENTS)?.into_iter().map(|d| d.comment).collect())
    }

    /// [`Review::comments`] as seen by `me` (a person id of the regulation's roster, on a
    /// received copy the copy roster's): which of them are mine to send, and whether I
    /// may change each.
    pub fn comments_as(&self, regulation: &str, me: Option<&str>) -> Result<Vec<CommentStatus>> {
        let deleted = self.deleted_comments()?;
        let mut comments: Vec<Comment> = self
            .all::<Comment>(COMMENTS)?
            .into_iter()
            .filter(|c| c.regulation == regulation && !deleted.contains(&c.id))
            .collect();
        let origin = self.origin(regulation)?;
        let sent_at = self.sent_times(regulation)?;
        let open_round = self.open_round_of(regulation)?.map(|r| r.id);
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
            let (sent, sent_ms) = match (origin, sent_at.get(&c.id)) {
                (Origin::Received, Some(at)) => (SentState::Sent, *at),
                (Origin::Received, None) if me.is_none_or(|m| m == c.author) => {
                    (SentState::Unsent, None)
                }
                _ => (SentState::Recorded, None),
            };
            let change_refusal = match me {
                None => Some("Chưa chọn người dùng.".to_string()),
                Some(m) => may_change(ChangeCase {
                    is_author: m == c.author,
                    origin,
                    sent: sent == SentState::Sent,
                    resolved: resolutions.contains_key(&c.id),
                    round_open: open_round.as_deref() == Some(c.round.as_str()),
                })
                .err()
                .map(str::to_string),
            };
            out.push(CommentStatus {
                sent,
                sent_ms,
                change_refusal,
                anchor: anchor::state(&head_units, &c.anchor),
                resolution: resolutions.get(&c.id).cloned(),
                author: people.get(&c.author).cloned(),
                provision: numbering.reference(UnitId(c.anchor.unit)).unwrap_or_default(),
                article_label: numbering
                    .label(UnitId(c.anchor.article))
                    .map(|l| l.marker().to_string())
                    .unwrap_or_default(),
                comment: c,
            });
        }
        Ok(out)
    }
}

impl Review<'_> {
    /// Checks that `actor` may change comment `id` now; returns the comment and the
    /// acting person.
    fn changeable(&self, id: &str, actor: &str) -> Result<(Comment, Person)> {
        let c = self.comment(id)?;
        let person = self.person_on(&c.regulation, actor)?;
        let origin = self.origin(&c.regulation)?;
        let sent = self.sent_times(&c.regulation)?.contains_key(&c.id);
        let resolved = self.archive.store().record(RESOLUTIONS, &c.id)?.is_some();
        let round_open = self.open_round_of(&c.regulation)?.is_some_and(|r| r.id == c.round);
        may_change(ChangeCase {
            is_author: person.id == c.author,
            origin,
            sent,
            resolved,
            round_open,
        })
        .map_err(|m| ReviewError::Refused(m.into()))?;
        Ok((c, person))
    }

    /// The author changes the wording of an unsent comment (its anchor stays).
    pub fn edit_comment(
        &self,
        id: &str,
        actor: &str,
        text: &str,
        proposal: Option<&str>,
        now: i64,
    ) -> Result<Comment> {
        let (mut c, person) = self.changeable(id, actor)?;
        let (text, proposal) = comment_words(text, proposal)?;
        if c.text == text && c.proposal == proposal {
            return Err(ReviewError::BadInput("Góp ý không thay đổi.".into()));
        }
        c.text = text;
        c.proposal = proposal;
        let body = encode(&c);
        self.write(
            &[RecordWrite { collection: COMMENTS, key: &c.id, body: &body, create_only: false }],
            None,
            Action {
                time_ms: now,
                actor: &person.name,
                action: "comment-edit",
                regulation: Some(&c.regulation),
                revision: Some(c.revision),
                detail: &format!("{} sửa góp ý {}", person.name, c.id),
            },
        )?;
        Ok(c)
    }

    /// The author deletes an unsent comment: a tombstone, so it never goes into a bundle
    /// and never comes back.
    pub fn delete_comment(&self, id: &str, actor: &str, now: i64) -> Result<Comment> {
        let (c, person) = self.changeable(id, actor)?;
        let record = DeletedComment {
            comment: c.id.clone(),
            regulation: c.regulation.clone(),
            by: person.id.clone(),
            time_ms: now,
        };
        let body = encode(&record);
        self.write(
            &[RecordWrite {
                collection: DELETED_COMMENTS,
                key: &c.id,
                body: &body,
                create_only: true,
            }],
            None,
            Action {
                time_ms: now,
                actor: &person.name,
                action: "comment-delete",
                regulation: Some(&c.regulation),
                revision: Some(c.revision),
                detail: &format!("{} xóa góp ý {} chưa gửi", person.name, c.id),
            },
        )?;
        Ok(c)
    }
}

/// The unit a CLI-style target names, on a given revision.
pub fn resolve_target(doc: &Document, target: &Target) -> Result<UnitId> {
    match target {
        Target::Unit(id) => doc.find(UnitId(*id)).map(|u| u.id).ok_or_else(|| {
            ReviewError::BadInput("Phần được góp ý không còn trong văn bản.".into())
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

/// The one rule for what a comment says, when it is written and when it is edited: safe
/// text, NFC, trimmed, not empty, at most 20,000 characters; an empty proposal is none.
pub(crate) fn comment_words(
    text: &str,
    proposal: Option<&str>,
) -> Result<(String, Option<String>)> {
    safe("nội dung góp ý", text)?;
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
    let proposal = proposal.map(|p| quyche_text::nfc(p.trim())).filter(|p| !p.is_empty());
    Ok((text, proposal))
}

#[cfg(test)]
mod tests {
    use super::{may_change, ChangeCase, SentState};
    use crate::rules::Origin::{Drafted, Received};

    /// Who may edit or delete a comment, and when: one row per case.
    #[test]
    fn only_the_author_changes_an_unsent_comment() {
        let case = |is_author, origin, sent, resolved, round_open| ChangeCase {
            is_author,
            origin,
            sent,
            resolved,
            round_open,
        };
        #[rustfmt::skip]
        let rows = [
            // author, origin, sent, resolved, round open → refusal containing
            (case(true, Received, false, false, true), None),
            (case(true, Received, false, false, false), None),
            (case(true, Received, true, false, true), Some("đã gửi")),
            (case(false, Received, false, false, true), Some("Chỉ người viết")),
            (case(true, Drafted, false, false, true), None),
            (case(true, Drafted, false, true, true), Some("tiếp thu, giải trình")),
            (case(true, Drafted, false, false, false), Some("đã đóng")),
            (case(false, Drafted, false, false, true), Some("Chỉ người viết")),
        ];
        for (c, want) in rows {
            match (may_change(c), want) {
                (Ok(()), None) => {}
                (Err(m), Some(w)) => assert!(m.contains(w), "{c:?}: {m}"),
                (got, want) => panic!("{c:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn the_badge_says_sent_only_with_a_bundle() {
        assert_eq!(SentState::Unsent.label(Some("05/12/2026")), "Chưa gửi");
        assert_eq!(SentState::Sent.label(Some("05/12/2026")), "Đã gửi ngày 05/12/2026");
        assert_eq!(SentState::Sent.label(None), "Đã gửi");
        assert_eq!(SentState::Recorded.label(None), "Đã ghi nhận");
    }
}

//! The chairman's resolutions: each comment accepted, partly accepted, explained or
//! rejected, with the reason the response report prints.

use quyche_store::{Action, RecordWrite};

use crate::comments::safe;
use crate::model::{Decision, Resolution};
use crate::records::{encode, RESOLUTIONS};
use crate::{anchor, Act, Result, Review, ReviewError};

/// Taking up a comment's proposal: the article's new editable text with the proposed
/// wording in place of the quote, to save as a new revision the way an edit is saved,
/// and the decision's note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adoption {
    pub regulation: String,
    /// The head revision the text was built on: the save's base.
    pub base: u32,
    /// The article holding the comment's unit (stable id).
    pub article: u32,
    /// The comment's unit (stable id): what the resolution says it touched.
    pub unit: u32,
    /// The article's text as `quyche_text::render_article_body` prints it, changed.
    pub body: String,
    /// "Tiếp thu theo đề xuất của …".
    pub note: String,
}

/// `text` with its only occurrence of `quote` replaced by `proposal`; `None` when the
/// quote is absent or occurs more than once (then where to put it is a guess).
pub fn replace_once(text: &str, quote: &str, proposal: &str) -> Option<String> {
    let mut found = text.match_indices(quote);
    let (at, _) = found.next()?;
    if quote.is_empty() || found.next().is_some() {
        return None;
    }
    Some(format!("{}{}{}", &text[..at], proposal, &text[at + quote.len()..]))
}

impl Review<'_> {
    /// What taking up comment `comment_id`'s proposal would save: the proposal in place
    /// of the quote in the comment's unit on the head revision. Refused, with the reason,
    /// when `actor` may not resolve, there is no proposal, or the quote is no longer
    /// found exactly once in the unit's text.
    pub fn adoption(&self, comment_id: &str, actor: &str) -> Result<Adoption> {
        let comment = self.comment(comment_id)?;
        self.permit(&comment.regulation, actor, Act::Resolve)?;
        let proposal = comment.proposal.clone().ok_or_else(|| {
            ReviewError::Refused("Góp ý này không có đề xuất sửa để tiếp thu.".into())
        })?;
        let head = self.archive.load(&comment.regulation, None)?;
        let units = anchor::Units::of(&head.document);
        let unit = quyche_model::UnitId(comment.anchor.unit);
        let provision = head.document.numbering().reference(unit).unwrap_or_default();
        let (Some(text), Some(article_id)) = (units.text(unit), units.article_of(unit)) else {
            return Err(ReviewError::Refused(
                "Phần được góp ý không còn trong văn bản hiện tại: không tiếp thu theo đề xuất được."
                    .into(),
            ));
        };
        let quote = comment.anchor.quote.exact.as_str();
        let not_once = || {
            ReviewError::Refused(format!(
                "Không tìm thấy đúng một chỗ có đoạn trích \u{201c}{quote}\u{201d} trong {provision} hiện tại: hãy sửa văn bản bằng tay."
            ))
        };
        let changed = replace_once(&text, quote, &proposal).ok_or_else(not_once)?;
        let article = units.unit(article_id).ok_or_else(not_once)?;
        // The unit's text sits once inside the article's editable text; change it there.
        let body = quyche_text::render_article_body(article);
        let body = replace_once(&body, &text, &changed).ok_or_else(not_once)?;
        let author = self
            .person_on(&comment.regulation, &comment.author)
            .map(|p| p.name)
            .unwrap_or_else(|_| "người góp ý".into());
        Ok(Adoption {
            regulation: comment.regulation.clone(),
            base: head.record.number,
            article: article_id.0,
            unit: unit.0,
            body,
            note: format!("Tiếp thu theo đề xuất của {author}."),
        })
    }

    /// The chairman's decision on a comment. A later decision replaces an earlier one
    /// until the text is submitted; the audit log keeps both.
    #[allow(clippy::too_many_arguments)]
    pub fn resolve(
        &self,
        comment_id: &str,
        actor: &str,
        decision: Decision,
        reason: &str,
        revision: Option<u32>,
        units: Vec<u32>,
        now: i64,
    ) -> Result<Resolution> {
        let comment = self.comment(comment_id)?;
        let (person, _) = self.permit(&comment.regulation, actor, Act::Resolve)?;
        safe("lý do", reason)?;
        let reason = quyche_text::nfc(reason.trim());
        if reason.is_empty() && decision != Decision::Accepted {
            return Err(ReviewError::BadInput(format!(
                "Cần nêu lý do khi \u{201c}{}\u{201d}.",
                decision.label()
            )));
        }
        let resolution = Resolution {
            comment: comment.id.clone(),
            decision,
            reason,
            by: person.id.clone(),
            time_ms: now,
            revision,
            units,
        };
        let body = encode(&resolution);
        self.write(
            &[RecordWrite {
                collection: RESOLUTIONS,
                key: &comment.id,
                body: &body,
                create_only: false,
            }],
            None,
            Action {
                time_ms: now,
                actor: &person.name,
                action: "resolve",
                regulation: Some(&comment.regulation),
                revision,
                detail: &format!("{}: {}", comment.id, decision.label()),
            },
        )?;
        Ok(resolution)
    }
}

#[cfg(test)]
mod tests {
    use super::replace_once;

    #[test]
    fn the_proposal_replaces_the_quote_only_when_it_is_there_once() {
        let rows = [
            ("a b c", "b", "x", Some("a x c")),
            ("a b b", "b", "x", None),
            ("a b c", "d", "x", None),
            ("a b c", "", "x", None),
            ("hòa bình", "hòa", "hoà", Some("hoà bình")),
        ];
        for (text, quote, proposal, want) in rows {
            assert_eq!(replace_once(text, quote, proposal).as_deref(), want, "{text} / {quote}");
        }
    }
}

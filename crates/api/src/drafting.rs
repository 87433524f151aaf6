//! The one bracket around every drafting edit (an article's text, a structure edit, the
//! header, a taken article, an undo): who edits, whether the workflow allows it now, the
//! head it is based on; then one commit, and the workflow's return to drafting when the
//! edit started an amending draft of an approved text.

use quyche_archive::{Revision, RevisionRecord};
use quyche_model::Document;

use crate::{Actor, ApiError, ErrorCode, Quyche, Result};

/// A drafting edit under way, opened by [`Quyche::begin_edit`] and saved by
/// [`Quyche::finish_edit`].
pub(crate) struct Drafting {
    pub(crate) author: String,
    /// Set when the edit starts an amending draft (the workflow's `before_edit`).
    redraft: bool,
    /// The head the edit is based on: the commit refuses anything newer.
    head: u32,
}

impl Quyche {
    /// Opens an edit of `regulation`'s head. With `based_on: (base, lost)`, a head newer
    /// than `base` is a [`ErrorCode::Conflict`] whose sentence ends with `lost` (what was
    /// not saved), and nothing is written.
    pub(crate) fn begin_edit(
        &self,
        regulation: &str,
        based_on: Option<(u32, &str)>,
        actor: Actor<'_>,
    ) -> Result<(Drafting, Revision)> {
        let (author, actor_id) = self.author_of(actor)?;
        let redraft = self.review().before_edit(regulation, actor_id.as_deref())?.is_some();
        let head = self.archive.load(regulation, None)?;
        if let Some((base, lost)) = based_on.filter(|&(b, _)| b != head.record.number) {
            return Err(conflict_error(head.record.number, base, lost));
        }
        Ok((Drafting { author, redraft, head: head.record.number }, head))
    }

    /// Saves `doc` as one revision on top of the edit's head, then tells the workflow.
    pub(crate) fn finish_edit(
        &self,
        regulation: &str,
        edit: &Drafting,
        doc: &Document,
        message: &str,
    ) -> Result<RevisionRecord> {
        let record = self.archive.commit(
            regulation,
            Some(edit.head),
            doc,
            &edit.author,
            self.now(),
            message,
        )?;
        if edit.redraft {
            self.review().after_edit(regulation, &edit.author, record.number, self.now())?;
        }
        Ok(record)
    }
}

/// The end of the conflict sentence for an editor's save.
pub(crate) const UNSAVED: &str = "nội dung sửa của bạn chưa được lưu.";

/// A save based on `base` while the head is `head`: refused, nothing written (the one
/// sentence for every editor's save; `lost` says what was not saved).
fn conflict_error(head: u32, base: u32, lost: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Conflict,
        format!("Đã có phiên bản {head} mới hơn phiên bản {base} đang sửa; {lost}"),
    )
}

//! Undo and redo within an editing session, as new revisions: history is never rewritten.
//!
//! The window keeps which revisions its session made (its undo and redo stacks); taking a
//! change back, or doing it again, saves the document of an earlier revision as a new one,
//! through the same workflow rules as any edit (`Review::before_edit`). Whether it may
//! happen is decided here, never by the window: a stale base is a conflict, and no undo
//! crosses an approval (the sealed text stays the last word until someone drafts again).

use serde::{Deserialize, Serialize};

use crate::{Actor, ApiError, ErrorCode, Quyche, Result, RevisionInfo};

/// Which way a restore goes: a change taken back, or a change taken back done again. The
/// revision message names the change either way ("Hoàn tác: …" / "Làm lại: …").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Restore {
    /// `to_revision` is the revision the change was made on; the change is the revision
    /// after it.
    Undo,
    /// `to_revision` is the change itself (or its last redo).
    Redo,
}

const UNDONE: &str = "Hoàn tác: ";
const REDONE: &str = "Làm lại: ";

impl Quyche {
    /// Saves the document of `to_revision` as a new revision on top of `base_revision`.
    /// Refused with [`ErrorCode::Conflict`] when someone saved after `base_revision`, and
    /// [`ErrorCode::Refused`] when the workflow does not allow drafting now or when an
    /// approved revision lies between the two.
    pub fn restore_revision(
        &self,
        regulation: &str,
        base_revision: u32,
        to_revision: u32,
        restore: Restore,
        actor: Actor<'_>,
    ) -> Result<RevisionInfo> {
        // The base is checked here: an undo's conflict says what cannot be undone.
        let (edit, head) = self.begin_edit(regulation, None, actor)?;
        if head.record.number != base_revision {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!(
                    "Đã có phiên bản {} mới hơn phiên bản {base_revision}; không hoàn tác được thay đổi này.",
                    head.record.number
                ),
            ));
        }
        if to_revision == 0 || to_revision >= base_revision {
            return Err(ApiError::bad_input(format!(
                "Chỉ khôi phục được một phiên bản trước phiên bản {base_revision}."
            )));
        }
        let history = self.history(regulation)?;
        if let Some(sealed) = history
            .iter()
            .find(|r| r.number > to_revision && r.number <= base_revision && r.approval.is_some())
        {
            return Err(ApiError::new(
                ErrorCode::Refused,
                format!(
                    "Không hoàn tác qua phiên bản {} đã được thông qua; hãy sửa văn bản như một dự thảo mới.",
                    sealed.number
                ),
            ));
        }
        // The change the message names: the one undone, or the one done again.
        let named = match restore {
            Restore::Undo => to_revision + 1,
            Restore::Redo => to_revision,
        };
        let change = history
            .iter()
            .find(|r| r.number == named)
            .map(|r| bare(&r.message).to_string())
            .unwrap_or_default();
        let mut doc = self.archive.load(regulation, Some(to_revision))?.document;
        // Ids are never reused within a regulation's history: a unit added by the change
        // taken back keeps its id to itself (a comment on it must never land elsewhere).
        doc.next_id = doc.next_id.max(head.document.next_id);
        if doc == head.document {
            return Err(ApiError::bad_input(format!(
                "Phiên bản {to_revision} giống phiên bản hiện tại; không tạo phiên bản mới."
            )));
        }
        let message = match restore {
            Restore::Undo => format!("{UNDONE}{change}"),
            Restore::Redo => format!("{REDONE}{change}"),
        };
        let record = self.finish_edit(regulation, &edit, &doc, &message)?;
        Ok((&record).into())
    }
}

/// A change's own words, without the "Hoàn tác: " / "Làm lại: " of earlier restores.
fn bare(message: &str) -> &str {
    let mut m = message;
    while let Some(rest) = m.strip_prefix(UNDONE).or_else(|| m.strip_prefix(REDONE)) {
        m = rest;
    }
    m
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_change_is_named_by_its_own_words() {
        for (message, bare) in [
            ("Chuyển Điều 5 thành Điều 3", "Chuyển Điều 5 thành Điều 3"),
            ("Hoàn tác: Thêm Điều 2", "Thêm Điều 2"),
            ("Làm lại: Hoàn tác: Xoá Điều 4", "Xoá Điều 4"),
        ] {
            assert_eq!(super::bare(message), bare);
        }
    }
}

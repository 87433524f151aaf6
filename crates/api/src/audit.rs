//! Who the audit log names: the installation and the user at it.
//!
//! The store stamps every audit entry with an [`AuditStamp`] (format 2): the fingerprint
//! of this installation's signing identity, and the current user, whom an entry names as
//! `recorded_by` when the action was taken as someone else (`--as`, or
//! [`Actor::Person`](crate::Actor) while the current user differs): a secretary
//! recording the chairman's vote. The store knows no people, so this module keeps the
//! stamp true: at open, when the current user changes, and when the identity is created.

use quyche_archive::{AuditEntry, AuditStamp};
use quyche_exchange::IdentityCard;
use serde::Serialize;
use specta::Type;

use crate::time::iso8601;
use crate::{Quyche, Result};

/// One line of a regulation's *Nhật ký* tab: when, who, what, in plain Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AuditLogEntry {
    /// ISO 8601 UTC; the UI shows it dd/mm/yyyy HH:mm in local time (format.ts).
    pub time: String,
    /// `Chủ tịch`, or `Thư ký thay mặt Chủ tịch` (see [`audit_actor_label`]).
    pub who: String,
    /// Someone recorded it for the actor (*thay mặt*).
    pub on_behalf: bool,
    /// `Mở đợt lấy ý kiến`, `Phê duyệt`… from [`action_sentence`].
    pub what: String,
    /// The words the person wrote with it (a save's message, a return's reason); the
    /// store's other details name internal ids and are not shown.
    pub note: Option<String>,
    pub revision: Option<u32>,
}

/// The one table from the store's audit verbs to what the *Nhật ký* tab says.
pub const ACTION_SENTENCES: &[(&str, &str)] = &[
    ("create", "Tạo quy chế"),
    ("save", "Lưu phiên bản mới"),
    ("redraft", "Bắt đầu dự thảo mới từ văn bản đã thông qua"),
    ("status", "Đổi giai đoạn"),
    ("round-open", "Mở đợt lấy ý kiến"),
    ("round-close", "Đóng đợt lấy ý kiến"),
    ("comment", "Lưu góp ý"), // saved, not sent: sending is bundle-out
    ("comment-edit", "Sửa góp ý"),
    ("comment-delete", "Xóa góp ý chưa gửi"),
    ("no-comments", "Báo không có góp ý"),
    ("resolve", "Tiếp thu, giải trình góp ý"),
    ("submit", "Trình thông qua"),
    ("return", "Trả lại để sửa"),
    ("approve", "Thông qua"),
    ("bundle-out", "Xuất tệp góp ý"),
    ("bundle-again", "Xuất lại tệp góp ý"),
    ("bundle-in", "Nhập tệp góp ý"),
    ("word-review-in", "Nhập góp ý từ tệp Word"),
    ("package-open", "Mở gói văn bản nhận được"),
    ("sample-mark", "Đánh dấu là bản mẫu"),
    ("sample-remove", "Xóa bản mẫu"),
    ("export", "Xuất văn bản"),
];

/// Actions whose detail is the person's own words, shown as the note.
const NOTE_ACTIONS: &[&str] = &["create", "save", "return"];

/// What an audit verb means, in plain Vietnamese; a verb this version does not know
/// (written by a newer one) still gets a sentence.
pub fn action_sentence(action: &str) -> String {
    ACTION_SENTENCES
        .iter()
        .find(|(verb, _)| *verb == action)
        .map(|(_, sentence)| (*sentence).to_string())
        .unwrap_or_else(|| format!("Thao tác khác ({action})"))
}

/// How the log shows who acted: `Chủ tịch`, or `Thư ký thay mặt Chủ tịch` when the
/// installation's user recorded it on the actor's behalf.
pub fn audit_actor_label(e: &AuditEntry) -> String {
    match &e.recorded_by {
        Some(by) => format!("{by} thay mặt {}", e.actor),
        None => e.actor.clone(),
    }
}

impl Quyche {
    /// The *Nhật ký* of one regulation, newest first.
    pub fn audit_log(&self, regulation_id: &str) -> Result<Vec<AuditLogEntry>> {
        self.archive.regulation(regulation_id)?; // an unknown id is "not found", not empty
        let mut out: Vec<AuditLogEntry> = self
            .audit()?
            .into_iter()
            .filter(|e| e.regulation.as_deref() == Some(regulation_id))
            .map(|e| AuditLogEntry {
                time: iso8601(e.time_ms),
                who: audit_actor_label(&e),
                on_behalf: e.recorded_by.is_some(),
                what: action_sentence(&e.action),
                note: (NOTE_ACTIONS.contains(&e.action.as_str()) && !e.detail.is_empty())
                    .then(|| e.detail.clone()),
                revision: e.revision,
            })
            .collect();
        out.reverse();
        Ok(out)
    }

    /// The fingerprint of this installation's identity, read from its card (no
    /// passphrase needed); `None` before one is created.
    pub fn installation_fingerprint(&self) -> Option<String> {
        self.installation_card()?.key().ok().map(|k| k.fingerprint())
    }

    fn installation_card(&self) -> Option<IdentityCard> {
        let dir = self.dir.join("identity");
        if !dir.join(quyche_exchange::SECRET_KEY_FILE).exists() {
            return None;
        }
        let bytes = std::fs::read(dir.join(quyche_exchange::CARD_FILE)).ok()?;
        IdentityCard::read(&bytes).ok()
    }

    /// Tells the store who later audit entries name: this installation and the person at
    /// it, the current user (the app), or else the identity's owner (the CLI has no
    /// current user: whoever runs it with `--as` someone else acts on their behalf). A
    /// failure to read them leaves the entries unstamped rather than failing the action
    /// (the stamp is a label, the actor is what the rules checked).
    pub(crate) fn refresh_audit_stamp(&self) {
        let operator = match self.review().current_user().ok().flatten() {
            Some(p) => Some(p.name),
            None => self.installation_card().map(|c| c.name),
        };
        self.set_stamp(operator);
    }

    /// Before switching the current user to `person_id`: the switch is recorded by the
    /// new user, not on their behalf by the previous one.
    pub(crate) fn stamp_current_user(&self, person_id: &str) -> Result<()> {
        let person = self.review().person(person_id)?;
        self.set_stamp(Some(person.name));
        Ok(())
    }

    fn set_stamp(&self, operator: Option<String>) {
        let installation = self.installation_fingerprint();
        self.archive.store().set_audit_stamp(AuditStamp { installation, operator });
    }
}

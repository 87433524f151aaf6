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

use crate::{Quyche, Result};

/// How the log shows who acted: `Chủ tịch`, or `Thư ký thay mặt Chủ tịch` when the
/// installation's user recorded it on the actor's behalf.
pub fn audit_actor_label(e: &AuditEntry) -> String {
    match &e.recorded_by {
        Some(by) => format!("{by} thay mặt {}", e.actor),
        None => e.actor.clone(),
    }
}

impl Quyche {
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

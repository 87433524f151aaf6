//! One person, one identity, from the first start: the dialog's answer (name, position,
//! role) becomes this installation's signing identity and the person with that key, who
//! is the current user; the library's lead action; the sample's removal; the banner of a
//! received copy.

use quyche_review::{Origin, Role};
use serde::Serialize;
use specta::Type;

use crate::{ApiError, ErrorCode, PersonView, Quyche, Result, DEFAULT_AUTHOR};

/// What the first-start dialog offers: a role with the domain's label.
#[derive(Debug, Clone, Serialize, Type)]
pub struct RoleOption {
    pub role: Role,
    pub label: String,
}

/// What the library leads with, decided here from the owner's role and the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LibraryLead {
    /// A member with nothing but the sample: "Mở gói lấy ý kiến…".
    OpenPackage,
    /// The chairman or the secretary, or a member who has texts: import or a new text.
    ImportText,
}

/// The state of this installation's first start, read when the window opens.
#[derive(Debug, Clone, Serialize, Type)]
pub struct FirstStartView {
    /// Nobody uses this installation yet (no user, no identity, no people): the window
    /// blocks with the first-start dialog.
    pub needed: bool,
    pub roles: Vec<RoleOption>,
    /// The machine's owner: the person whose key is this installation's signing key,
    /// else the current user (a database from before the two were one).
    pub owner: Option<PersonView>,
    pub lead: LibraryLead,
    /// The lead action's words.
    pub lead_label: String,
}

/// The lasting banner of a copy received in a review package.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ReceivedCopyView {
    /// The chairman who signed the package, with their position.
    pub from_name: String,
    pub from_position: String,
    /// `dd/mm/yyyy`, when the round has a deadline.
    pub deadline: Option<String>,
    /// What to do, in one sentence.
    pub todo: String,
}

/// What a member does with a received copy.
pub const RECEIVED_TODO: &str = "Đọc, góp ý vào từng đoạn, rồi Gửi góp ý của tôi trước hạn.";

impl Quyche {
    /// The first-start state. A database from before the first start asked who you are
    /// (an identity and a person with its key, but no current user) is linked here: that
    /// person becomes the current user; a current user already chosen stays.
    pub fn first_start(&self) -> Result<FirstStartView> {
        let review = self.review();
        let key = self.owner_public_key();
        if review.current_user()?.is_none() {
            if let Some(p) =
                key.as_deref().map(|k| review.person_with_key(k)).transpose()?.flatten()
            {
                self.set_current_user(&p.id)?;
            }
        }
        let current = review.current_user()?;
        let owner = match key.as_deref().map(|k| review.person_with_key(k)).transpose()?.flatten() {
            Some(p) => Some(p),
            None => current.clone(),
        };
        let only_sample = {
            let mut only = true;
            for r in self.archive.regulations()? {
                if !review.is_sample(&r.id)? {
                    only = false;
                }
            }
            only
        };
        let lead = match owner.as_ref().map(|p| p.role) {
            Some(Role::Member) if only_sample => LibraryLead::OpenPackage,
            _ => LibraryLead::ImportText,
        };
        Ok(FirstStartView {
            // A database with people but nobody chosen (from before the first start asked)
            // keeps its picker: its user is on the list already.
            needed: current.is_none() && key.is_none() && review.people()?.is_empty(),
            roles: Role::ALL
                .iter()
                .map(|r| RoleOption { role: *r, label: r.label().to_string() })
                .collect(),
            owner: owner.as_ref().map(PersonView::from),
            lead,
            lead_label: match lead {
                LibraryLead::OpenPackage => "Mở gói lấy ý kiến…",
                LibraryLead::ImportText => "Nhập quy chế từ tệp .txt…",
            }
            .to_string(),
        })
    }

    /// The first start's one call: creates this installation's signing identity, the
    /// person with that key and `role`, and makes them the current user. The fields are
    /// checked before anything is written; if the person cannot be stored, the identity
    /// just created is removed again. Refused once someone uses this installation.
    pub fn start_here(&self, name: &str, position: &str, role: Role) -> Result<PersonView> {
        let (name, position) = quyche_review::first_start_fields(name, position)?;
        let review = self.review();
        if review.current_user()?.is_some() || self.owner()?.is_some() {
            return Err(ApiError::new(
                ErrorCode::Refused,
                "Máy này đã có người dùng và chữ ký số; chỉ lần mở đầu tiên mới hỏi bạn là ai.",
            ));
        }
        self.create_identity(&name, &position)?;
        let key = self.owner_public_key().unwrap_or_default();
        match review.start_here(&name, &position, role, &key, self.now()) {
            Ok(p) => {
                self.refresh_audit_stamp(); // the audit names the new owner from now on
                Ok((&p).into())
            }
            Err(e) => {
                // Nothing half-made: the identity goes with the person who failed.
                let _ = std::fs::remove_dir_all(self.dir.join("identity"));
                self.refresh_audit_stamp();
                Err(e.into())
            }
        }
    }

    /// Removes the sample regulation from the library (never seeded again). Refused for
    /// a regulation that is not the sample.
    pub fn remove_sample(&self, regulation: &str) -> Result<()> {
        let review = self.review();
        let actor = review.current_user()?.map(|p| p.name).unwrap_or(DEFAULT_AUTHOR.into());
        review.remove_sample(regulation, &actor, self.now())?;
        Ok(())
    }

    /// Whether `regulation` is the removable sample.
    pub fn is_sample(&self, regulation: &str) -> Result<bool> {
        Ok(self.review().is_sample(regulation)?)
    }

    /// The banner of a received copy: who sent it (its roster's chairman, whose key
    /// signed the package), the deadline and what to do. `None` for a text drafted here.
    pub fn received_copy(&self, regulation: &str) -> Result<Option<ReceivedCopyView>> {
        let review = self.review();
        if review.origin(regulation)? != Origin::Received {
            return Ok(None);
        }
        let people = review.people_on(regulation)?;
        let chairman = people.iter().find(|p| p.role == Role::Chairman);
        let deadline = review
            .rounds(regulation)?
            .pop()
            .and_then(|r| r.deadline)
            .map(|d| quyche_review::promulgation::short_date(&d).unwrap_or(d));
        Ok(Some(ReceivedCopyView {
            from_name: chairman.map(|p| p.name.clone()).unwrap_or_default(),
            from_position: chairman.map(|p| p.position.clone()).unwrap_or_default(),
            deadline,
            todo: RECEIVED_TODO.to_string(),
        }))
    }
}

//! Consultation and approval: people and roles, consultation rounds, comments anchored
//! to the text, the chairman's resolutions, submission, the Executive Committee's vote,
//! the seal, and what the offline exchange may change.
//!
//! # The model
//!
//! The records are in [`model`], stored as JSON in the store's record collections
//! (`records.rs` names them): a [`Person`] with a [`Role`]; a [`Round`] opened on one
//! revision; a [`Comment`] anchored to a unit by stable id plus a quote ([`anchor`]); the
//! chairman's [`Resolution`] of a comment; the [`Approval`] with its [`Vote`] and seal.
//! A regulation received in a review package is a read-only copy, and is recorded as
//! one, so a restart does not forget it ([`Review::origin`]).
//!
//! One module per noun: [`people`](Review::people), [`rounds`](Review::rounds),
//! [`comments`](Review::comments), [`resolutions`](Review::resolve), the workflow's
//! stages ([`Review::stage`], [`Review::allowed`]), the [approval](Review::approve)
//! and the seal ([`seal_hash`]), and [`exchange`] (packages out, bundles back).
//!
//! # The stages
//!
//! ```text
//! draft ──open round──▶ consultation ──close round──▶ revising ──submit──▶ submitted ──approve──▶ approved
//!   ▲                        ▲                           │  ▲                  │                     │
//!   │                        └─────open another round────┘  └──────return──────┘                     │
//!   └──────────────────────────── an edit of the approved text starts a new draft ───────────────────┘
//! ```
//!
//! # The guarantees
//!
//! * The rules live here: [`rules::permit`] decides every action by role, stage and
//!   where the text comes from ([`Origin`]), the exchange actions included, and
//!   [`rules::approval_rule`] decides the vote. The UI only shows the answers
//!   ([`Review::allowed`], with the reason when not allowed).
//! * Every action is one store transaction with its entry in the hash-chained audit log.
//! * Time is passed in (`now`, Unix milliseconds); nothing here reads a clock.
//! * The seal is the canonical text's SHA-256 ([`seal_hash`], which is
//!   `quyche_text::canonical_hash`), so an approved revision keeps verifying.
//! * A comment never moves to another unit: on a later revision it is `current`,
//!   `changed` or `outdated`.

pub mod anchor;
mod approval;
mod comments;
pub mod exchange;
mod guide;
pub mod model;
mod people;
pub mod promulgation;
mod records;
mod resolutions;
mod rounds;
pub mod rules;
mod samples;
pub mod word;
mod workflow;

use quyche_archive::{Archive, ArchiveError, StoreError};

pub use anchor::AnchorState;
pub use approval::seal_hash;
pub use comments::{may_change, resolve_target, ChangeCase, CommentStatus, SentState, Target};
pub use guide::{steps, Guide, Next, NextLink, ReturnNotice, Step, StepState, STEP_LABELS};
pub use model::*;
pub use people::first_start_fields;
pub use resolutions::{replace_once, Adoption};
pub use rules::{Act, Origin, Refusal};
pub use word::{same_person_name, WordImport, WordItem, WordItemKind};
pub use workflow::Permission;

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The rules refuse the action (wrong role, wrong stage, failed approval rule).
    #[error("{0}")]
    Refused(String),
    /// The request itself is at fault (a quote not found, an unknown article…).
    #[error("{0}")]
    BadInput(String),
    #[error("không tìm thấy {0}")]
    NotFound(String),
    #[error(transparent)]
    Archive(#[from] ArchiveError),
}

impl From<StoreError> for ReviewError {
    fn from(e: StoreError) -> ReviewError {
        ReviewError::Archive(ArchiveError::Store(e))
    }
}

impl From<Refusal> for ReviewError {
    fn from(r: Refusal) -> ReviewError {
        ReviewError::Refused(r.0)
    }
}

pub type Result<T> = std::result::Result<T, ReviewError>;

/// Consultation and approval on top of an [`Archive`].
pub struct Review<'a> {
    pub(crate) archive: &'a Archive,
}

impl<'a> Review<'a> {
    pub fn new(archive: &'a Archive) -> Review<'a> {
        Review { archive }
    }
}

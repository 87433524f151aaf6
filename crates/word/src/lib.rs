//! Word files in.
//!
//! In Vietnamese offices drafts live in Word, and some committee members review only in
//! Word. This crate reads what they send, from untrusted bytes, and never writes:
//!
//! * [`container`]: the hardened DOCX (ZIP) reader every DOCX path in Quyche uses — the
//!   seal check of an exported file (`quyche-export`), a draft's import and a returned
//!   review. Its limits, and the files it refuses outright (a binary `.doc`, an encrypted
//!   document, a zip bomb, an entry named `../…`), are stated there.
//! * [`runs`]: the one walker over a body's XML — fields, hyperlinks, content controls,
//!   smart tags and tracked changes taken off once, for every reader here.
//! * [`review`]: a member's review copy returned from Word, read as comments and
//!   proposed wordings, each anchored on a unit by its stable id.
//!
//! Errors are [`WordError`]: one Vietnamese sentence each, naming the file's part and,
//! where there is one, the paragraph.

pub mod container;
pub mod draft;
pub mod numbering;
pub mod review;
pub mod runs;

pub use container::{Package, WordError, MAX_DOCX_BYTES};
pub use draft::{read_draft, Draft, Line, SEAL_FOOTER_STYLE};
pub use review::{
    read_review, ChangeKind, CopyMark, CopyUnit, Place, WordChange, WordComment, WordReview,
};

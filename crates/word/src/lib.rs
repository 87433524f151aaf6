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
//! * [`draft`]: a draft written in Word read as the text of a regulation
//!   ([`read_draft`]), which `quyche_api` hands to the same parser as a `.txt`.
//! * [`numbering`]: Word's list labels, computed as Word computes them.
//! * [`review`]: a member's review copy returned from Word, read as comments and
//!   proposed wordings, each anchored on a unit by its stable id.
//!
//! # A Word draft, from the file to the text
//!
//! A drafter's `.docx` is not text with numbers in it. The words sit in runs, inside
//! paragraphs, inside wrappers (fields, hyperlinks, content controls, tracked changes);
//! the numbers `Điều 5.`, `2.`, `đ)` are not stored at all when the drafter used Word's
//! numbering, only a reference to a list; and a draft typed twenty years ago may be in a
//! TCVN3 or VNI font, whose letters are Latin-1 symbols until the font draws them.
//! [`read_draft`] undoes each layer once:
//!
//! 1. [`Package::open`] refuses what is not a readable DOCX (a `.doc`, a password, a zip
//!    bomb, an entry named `../…`), each with what to do.
//! 2. [`runs::walk`] gives the paragraphs' text: a field's result without its
//!    instruction, every tracked change accepted (`w:ins`, `w:moveTo` read; `w:del`,
//!    `w:moveFrom` not; a deleted paragraph mark joins two paragraphs), text boxes left
//!    out (a logo or a floating note is not the regulation's flow).
//! 3. A run in a legacy font becomes Unicode (`quyche_text::from_legacy`); every line
//!    is NFC with its tone placement as typed; a bidi override or a control character
//!    refuses the file, naming the paragraph.
//! 4. [`numbering::Lists`] computes each list label from `numbering.xml` and the style
//!    chain in `styles.xml` — the level's format and `lvlText`, `start`, `lvlRestart`,
//!    `lvlOverride` — and writes it in front of the paragraph as text. Word letters a
//!    list a b c d e f; a Vietnamese point is a b c d đ e, so the fifth point is
//!    written `đ)` and a diagnostic says `đoạn 37: Word ghi e), đúng là đ)`.
//! 5. The header table (two columns: issuing body and number; national name, motto,
//!    place and date) is read into the order the text header parser reads.
//!
//! The result, [`Draft`], is lines of text with the paragraph each came from, what was
//! done (`notes`: changes accepted, fonts converted) and Word's own findings
//! (`diagnostics`). There is one parse path: the text goes to `quyche_text::parse`, as
//! a `.txt` does, so a Word draft gets the same structure and numbering checks.
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

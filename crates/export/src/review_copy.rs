//! The review copy: the text of an open round as a Decree 30 DOCX a member comments on in
//! Word (`quyche review-copy`), and which `quyche_word::read_review` reads back when it
//! returns.
//!
//! It is the sealed DOCX's writer with another [`Stamp`](crate::docx::Stamp), so the copy
//! looks exactly like the text that will be approved, with three differences:
//!
//! * **The draft mark** [`REVIEW_MARK`] stands in a box at the top of the first page, in
//!   the page header, where a draft's `DỰ THẢO` stands; the text's own marks and notes
//!   stay out, as in every export.
//! * **The footer**, on every page (the page footer), says what the copy is: the
//!   revision, the round, the start of the text's SHA-256 and, when the copy was made for
//!   someone, their name. A printed page still says which copy it belongs to.
//!
//!   Neither is in the body: whatever reads the body (a draft's import, which gives the
//!   source's `stats` and `render` back; the review reader) reads the regulation's words
//!   and nothing else, with no rule to leave anything out. The sealed export's footer
//!   stays in the body, where `verify` reads it.
//! * **Ids Word keeps**: every part, chapter, section, article, clause, point and
//!   sub-point carries its stable id as a bookmark (`QC_U123`) that starts after its
//!   derived label, a bookmark `QC_END` on the first line after the body (the closing),
//!   and the copy's mark ([`quyche_word::CopyMark`]) is both a custom XML part and custom
//!   document properties. LibreOffice's `--convert-to docx` keeps all of them (tested
//!   here); Word keeps bookmarks, custom XML parts and custom properties when it saves.
//!   `quyche_word::review` is the one definition of these names and explains the choice.
//!
//! The words are `quyche_text::render`'s, line for line (see `lines`).

use quyche_model::Document;

use crate::docx::{self, Stamp};
use crate::lines;
use crate::ExportError;

/// The mark at the top of every review copy.
pub const REVIEW_MARK: &str = "DỰ THẢO – bản lấy ý kiến";

/// Which copy to write: the open round and the revision under review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReviewCopy<'a> {
    /// The regulation's id.
    pub regulation: &'a str,
    /// The round's id.
    pub round: &'a str,
    /// The round's number, shown in the footer.
    pub round_number: u32,
    /// The revision under review.
    pub revision: u32,
    /// `quyche_text::canonical_hash` of that revision.
    pub text_sha256: &'a str,
    /// The person the copy was made for (`--as P`), if any.
    pub recipient: Option<&'a str>,
}

impl ReviewCopy<'_> {
    /// The copy's mark. A character XML forbids becomes U+FFFD (no entry lets one in,
    /// but the file must stay well-formed whatever it is given).
    fn mark(&self) -> quyche_word::CopyMark {
        let safe = |s: &str| quyche_text::replace_unsafe_chars(s).into_owned();
        quyche_word::CopyMark {
            regulation: safe(self.regulation),
            round: safe(self.round),
            revision: self.revision,
            text_sha256: safe(&self.text_sha256.to_ascii_lowercase()),
            recipient: self.recipient.map(safe),
        }
    }

    /// `Bản lấy ý kiến · phiên bản 3, đợt lấy ý kiến 1 · SHA-256: 3f1c2a9b0d4e5f60… · gửi
    /// Nguyễn Văn A`.
    fn footer(&self) -> String {
        let short: String = self.text_sha256.to_ascii_lowercase().chars().take(16).collect();
        let mut s = format!(
            "Bản lấy ý kiến · phiên bản {}, đợt lấy ý kiến {} · SHA-256: {short}…",
            self.revision, self.round_number
        );
        if let Some(r) = self.recipient {
            s.push_str(&format!(" · gửi {r}"));
        }
        s.replace(['\n', '\r'], " ")
    }
}

/// The open round's text as a Decree 30 DOCX for comment in Word.
///
/// Refuses ([`ExportError::SealMismatch`]) a `text_sha256` that is not the document's
/// canonical hash: as with a seal, a file must never claim the hash of other words.
pub fn review_copy(doc: &Document, copy: &ReviewCopy<'_>) -> Result<Vec<u8>, ExportError> {
    if quyche_text::canonical_hash(doc) != copy.text_sha256.to_ascii_lowercase() {
        return Err(ExportError::SealMismatch);
    }
    let layout = lines::layout(doc);
    let mark = copy.mark();
    let stamp = Stamp::Review { mark: &mark, banner: REVIEW_MARK, footer: copy.footer() };
    docx::write(&layout, &stamp)
}

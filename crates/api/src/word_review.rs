//! A member's review in Word: the review copy out (a Decree 30 DOCX of the open round's
//! revision, marked "DỰ THẢO – bản lấy ý kiến", every unit carrying its stable id), and
//! the returned file back in as comments ([`quyche_review::word`] decides what it adds).
//!
//! The copy is made for one person (the actor: the member who will review it), whose id
//! it carries unless it is the chairman, so a returned file whose Word author names no
//! roster person is still recorded under that member. Only someone who may comment on
//! the open round (a reviewer of the round, or the chairman) gets a copy.

use std::path::Path;

use quyche_review::{Act, Role};

use crate::export::write_atomically;
use crate::picked::{file_stem, Picked};
use crate::{read_input, Actor, ApiError, ErrorCode, Quyche, Result, WordReviewImport};

impl Quyche {
    /// The review copy of `regulation`'s open round for `actor`, with the file name to
    /// suggest: `<title>-lay-y-kien-dot-<n>-<person>.docx`.
    pub fn review_copy_bytes(
        &self,
        regulation: &str,
        actor: Actor<'_>,
    ) -> Result<(String, Vec<u8>)> {
        let review = self.review();
        let actor = self.actor_id(actor)?;
        let (person, _) = review.permit(regulation, &actor, Act::Comment)?;
        let round = review.open_round_of(regulation)?.ok_or_else(|| {
            ApiError::new(ErrorCode::Refused, "Không có đợt lấy ý kiến nào đang mở.")
        })?;
        if !round.reviewers.contains(&person.id) && person.role != Role::Chairman {
            return Err(ApiError::new(
                ErrorCode::Refused,
                format!(
                    "{} không có tên trong danh sách góp ý của đợt {}.",
                    person.name, round.number
                ),
            ));
        }
        let doc = self.archive.load(regulation, Some(round.revision))?.document;
        let hash = quyche_text::canonical_hash(&doc);
        let copy = quyche_export::ReviewCopy {
            regulation,
            round: &round.id,
            round_number: round.number,
            revision: round.revision,
            text_sha256: &hash,
            // Made for a member, the copy names them: a returned file whose Word author
            // is no roster name is theirs. The chairman's own copy names nobody, so an
            // unknown author is listed, never recorded as the chairman's.
            recipient: (person.role != Role::Chairman).then_some(person.id.as_str()),
        };
        let bytes = quyche_export::review_copy(&doc, &copy)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let name = format!(
            "{}-lay-y-kien-dot-{}-{}.docx",
            self.title_stem(regulation)?,
            round.number,
            file_stem(&person.name)
        );
        Ok((name, bytes))
    }

    /// Writes the review copy to `path` ([`Quyche::review_copy_bytes`]); returns the
    /// file name written.
    pub fn review_copy_to_file(
        &self,
        regulation: &str,
        path: &Path,
        actor: Actor<'_>,
    ) -> Result<String> {
        let (_, bytes) = self.review_copy_bytes(regulation, actor)?;
        write_atomically(path, &bytes)?;
        Ok(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
    }

    /// Writes the review copy where the save dialog says; the dialog suggests the name.
    pub fn review_copy_picked(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        save: impl FnOnce(&str) -> Result<Picked>,
    ) -> Result<Option<String>> {
        let (name, bytes) = self.review_copy_bytes(regulation, actor)?;
        save(&name)?
            .map(|p| {
                write_atomically(&p, &bytes)?;
                Ok(p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
            })
            .transpose()
    }

    /// Reads a member's review returned in Word and adds its comments and tracked
    /// changes as comments on the open round. `author` (a person id or name) records
    /// them all under that person. See [`quyche_review::word`].
    pub fn import_word_review_file(
        &self,
        regulation: &str,
        path: &Path,
        author: Option<&str>,
        actor: Actor<'_>,
    ) -> Result<WordReviewImport> {
        let (name, bytes) = read_input(path)?;
        self.import_word_review_bytes(regulation, &name, &bytes, author, actor)
    }

    /// [`Quyche::import_word_review_file`] on the file's bytes, `name` naming it.
    pub fn import_word_review_bytes(
        &self,
        regulation: &str,
        name: &str,
        bytes: &[u8],
        author: Option<&str>,
        actor: Actor<'_>,
    ) -> Result<WordReviewImport> {
        let actor = self.actor_id(actor)?;
        let done = self.review().import_word_review(
            regulation,
            name,
            bytes,
            author,
            &actor,
            self.now(),
        )?;
        Ok(WordReviewImport::new(name, done))
    }

    /// Imports the Word review picked in the open dialog (`None`: the dialog was closed).
    pub fn import_word_review_picked(
        &self,
        regulation: &str,
        picked: Picked,
        actor: Actor<'_>,
    ) -> Result<Option<WordReviewImport>> {
        picked.map(|p| self.import_word_review_file(regulation, &p, None, actor)).transpose()
    }
}

//! A member's review in Word: the review copy out, the returned file back in as comments.

use std::io::Write;

use quyche_cli::args::{ImportWordReview, ReviewCopy, VerifyFormat};

use crate::Failure;
use crate::{internal, print, Session};

/// Prints the file written.
pub(crate) fn review_copy(s: &Session, out: &mut impl Write, a: ReviewCopy) -> Result<(), Failure> {
    let q = s.open()?;
    q.review_copy_to_file(&a.regulation, &a.output, s.actor(&q))?;
    print(out, &a.output.display().to_string())
}

/// Prints the number of new comments first, then each item not taken in with its
/// reason; `--format json` prints the whole report as one object.
pub(crate) fn import(
    s: &Session,
    out: &mut impl Write,
    a: ImportWordReview,
) -> Result<(), Failure> {
    let q = s.open()?;
    let done =
        q.import_word_review_file(&a.regulation, &a.file, a.reviewer.as_deref(), s.actor(&q))?;
    if a.format == VerifyFormat::Json {
        return print(out, &serde_json::to_string(&done).map_err(internal)?);
    }
    print(
        out,
        &format!(
            "Đã thêm {} góp ý mới từ \u{201c}{}\u{201d} ({} đã có từ trước).",
            done.added, done.file, done.already
        ),
    )?;
    for item in done.items.iter().filter(|i| i.comment_id.is_none()) {
        let what = match item.kind {
            quyche_api::WordItemKind::Comment => "lời bình",
            quyche_api::WordItemKind::Change => "sửa có theo dõi",
        };
        let place = item.provision.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
        print(
            out,
            &format!(
                "Không nhập {what} của \u{201c}{}\u{201d}{place}: {}.",
                item.word_author,
                item.reason.as_deref().unwrap_or_default()
            ),
        )?;
    }
    Ok(())
}

//! Drafting from a source text: `source import`, `sources`, `take`, `compare-source`.
//! A source text is kept read-only and never reviewed; `take` copies one of its articles
//! into a draft and says on stderr every reference it had to leave as text.

use std::io::Write;
use std::path::Path;

use quyche_api::ArticlePlace;
use quyche_cli::args::{CompareSource, Take, VerifyFormat};

use crate::{internal, io, print, Failure, Session};

/// Prints the source text's id (the same id when the same text was imported before);
/// the parser's notes go to stderr, as an import's do.
pub(crate) fn import(s: &Session, out: &mut impl Write, file: &Path) -> Result<(), Failure> {
    let q = s.open()?;
    let v = q.import_source(file, s.actor(&q))?;
    for d in &v.diagnostics {
        eprintln!("{}: dòng {}: {}", file.display(), d.line, d.message);
    }
    if let Some(note) = &v.encoding_note {
        eprintln!("{note}");
    }
    if !v.created {
        eprintln!("Tài liệu nguồn này đã có: {}", v.source.title);
    }
    print(out, &v.source.id)
}

/// One line per source text: id, number of articles, title.
pub(crate) fn list(s: &Session, out: &mut impl Write) -> Result<(), Failure> {
    let q = s.open()?;
    for v in q.sources()? {
        print(out, &format!("{}\t{}\t{}", v.id, v.articles, v.title))?;
    }
    Ok(())
}

/// Prints the new revision's number; each reference left as text goes to stderr.
pub(crate) fn take(s: &Session, out: &mut impl Write, a: Take) -> Result<(), Failure> {
    let q = s.open()?;
    let place = match (a.after, a.before) {
        (Some(n), None) => ArticlePlace::After(n),
        (None, Some(n)) => ArticlePlace::Before(n),
        _ => return Err(Failure::bad_input("cần đúng một trong --after, --before".into())),
    };
    let head = q.history(&a.regulation)?.last().map_or(0, |r| r.number);
    let article = q.source_article_id(&a.source, a.article)?;
    let v = q.take_article(&a.regulation, head, &a.source, article, place, s.actor(&q))?;
    for d in &v.diagnostics {
        eprintln!("Điều {}: {d}", v.article);
    }
    print(out, &v.revision.number.to_string())
}

/// The source article against the draft's `Điều N`.
pub(crate) fn compare(s: &Session, out: &mut impl Write, a: CompareSource) -> Result<(), Failure> {
    let q = s.open()?;
    let doc = q.document(&a.regulation, None)?;
    let id = (a.article as usize)
        .checked_sub(1)
        .and_then(|i| doc.articles().nth(i))
        .map(|u| u.id.0)
        .ok_or_else(|| {
            Failure::from(quyche_api::ApiError::not_found(format!("Không có Điều {}", a.article)))
        })?;
    let v = q.compare_with_source(&a.regulation, id)?;
    match a.format {
        VerifyFormat::Json => print(out, &serde_json::to_string(&v).map_err(internal)?),
        VerifyFormat::Text => write!(out, "{}", v.text()).map_err(io),
    }
}

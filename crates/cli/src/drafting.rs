//! Drafting the structure: `article insert`, `article move`, `article delete`. Each prints
//! the new revision's number; what happened to the references goes to stderr, so that no
//! reference is ever relabelled or broken unseen.

use std::io::Write;

use quyche_api::{ArticlePlace, StructureView, BROKEN_REFERENCE};
use quyche_cli::args::{ArticleDelete, ArticleInsert, ArticleMove};

use crate::{print, Failure, Session};

pub(crate) fn insert(s: &Session, out: &mut impl Write, a: ArticleInsert) -> Result<(), Failure> {
    let q = s.open()?;
    let place = place(a.after, a.before)?;
    let v = q.insert_article_file(&a.regulation, place, &a.file, s.actor(&q))?;
    report(out, &v)
}

pub(crate) fn move_(s: &Session, out: &mut impl Write, a: ArticleMove) -> Result<(), Failure> {
    let q = s.open()?;
    let place = place(a.after, a.before)?;
    let v = q.move_article(&a.regulation, a.article, place, s.actor(&q))?;
    report(out, &v)
}

pub(crate) fn delete(s: &Session, out: &mut impl Write, a: ArticleDelete) -> Result<(), Failure> {
    let q = s.open()?;
    let v = q.delete_article(&a.regulation, a.article, a.force, s.actor(&q))?;
    report(out, &v)
}

/// clap requires exactly one of `--after` and `--before`.
fn place(after: Option<u32>, before: Option<u32>) -> Result<ArticlePlace, Failure> {
    match (after, before) {
        (Some(n), None) => Ok(ArticlePlace::After(n)),
        (None, Some(n)) => Ok(ArticlePlace::Before(n)),
        _ => Err(Failure::bad_input("cần đúng một trong --after, --before".into())),
    }
}

/// The revision number on stdout; each relabelled and broken reference on stderr.
fn report(out: &mut impl Write, v: &StructureView) -> Result<(), Failure> {
    for r in &v.relabelled {
        eprintln!("{}: {} → {}", r.place, r.before, r.after);
    }
    for b in &v.broken {
        eprintln!("{}: {} → {}", b.place, b.written, BROKEN_REFERENCE);
    }
    print(out, &v.revision.number.to_string())
}

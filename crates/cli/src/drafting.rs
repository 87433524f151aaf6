//! Drafting the structure: `article insert|move|delete|split|merge|retitle`,
//! `clause insert|move|delete|promote|demote`, `chapter insert|move|delete|retitle`. Units
//! are named by their numbers as shown (Điều N, khoản K, Chương II); each command is one
//! `Quyche::edit_structure` on the head revision (or an article call), prints the new
//! revision's number, and writes what happened to the references to stderr, so that no
//! reference is ever relabelled or broken unseen.

use std::io::Write;

use quyche_api::{
    ArticlePlace, Quyche, StructureEdit, StructureView, UnitKind, UnitPlace, BROKEN_REFERENCE,
};
use quyche_cli::args::{
    ArticleDelete, ArticleInsert, ArticleMove, ArticleRetitle, ArticleSplit, Chapter, Clause,
    UnitAt,
};

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

/// `article split ID N --at K`: clause K (or, in an article without clauses, paragraph K)
/// starts the new Điều N+1.
pub(crate) fn split(s: &Session, out: &mut impl Write, a: ArticleSplit) -> Result<(), Failure> {
    let at = a.at.checked_sub(1).ok_or_else(|| Failure::bad_input("--at bắt đầu từ 1".into()))?;
    edit(s, out, &a.regulation, |d| Ok(StructureEdit::Split { unit: d.article(a.article)?, at }))
}

/// `article merge ID N`: Điều N absorbs Điều N+1.
pub(crate) fn merge(s: &Session, out: &mut impl Write, a: UnitAt) -> Result<(), Failure> {
    edit(s, out, &a.regulation, |d| Ok(StructureEdit::Merge { unit: d.article(a.number)? }))
}

pub(crate) fn retitle(s: &Session, out: &mut impl Write, a: ArticleRetitle) -> Result<(), Failure> {
    edit(s, out, &a.regulation, |d| {
        Ok(StructureEdit::Retitle { unit: d.article(a.article)?, title: a.title.clone() })
    })
}

pub(crate) fn clause(s: &Session, out: &mut impl Write, c: Clause) -> Result<(), Failure> {
    match c {
        Clause::Insert(a) => edit(s, out, &a.regulation, |d| {
            let article = d.article(a.article)?;
            let place = match (a.after, a.before) {
                (Some(k), _) => UnitPlace::After { unit: d.clause(a.article, k)? },
                (_, Some(k)) => UnitPlace::Before { unit: d.clause(a.article, k)? },
                _ => UnitPlace::Into { parent: article },
            };
            Ok(StructureEdit::Insert { kind: UnitKind::Clause, place, text: a.text.clone() })
        }),
        Clause::Move(a) => edit(s, out, &a.regulation, |d| {
            let unit = d.clause(a.article, a.clause)?;
            let to = a.to.unwrap_or(a.article);
            let place = match (a.after, a.before) {
                (Some(k), _) => UnitPlace::After { unit: d.clause(to, k)? },
                (_, Some(k)) => UnitPlace::Before { unit: d.clause(to, k)? },
                _ => UnitPlace::Into { parent: d.article(to)? },
            };
            Ok(StructureEdit::Move { unit, place })
        }),
        Clause::Delete(a) => edit(s, out, &a.regulation, |d| {
            Ok(StructureEdit::Delete { unit: d.clause(a.article, a.clause)?, force: a.force })
        }),
        Clause::Promote(a) => edit(s, out, &a.regulation, |d| {
            Ok(StructureEdit::Promote { unit: d.point(a.article, a.clause, &a.point)? })
        }),
        Clause::Demote(a) => edit(s, out, &a.regulation, |d| {
            Ok(StructureEdit::Demote { unit: d.clause(a.article, a.clause)? })
        }),
    }
}

pub(crate) fn chapter(s: &Session, out: &mut impl Write, c: Chapter) -> Result<(), Failure> {
    match c {
        Chapter::Insert(a) => edit(s, out, &a.regulation, |d| {
            let place = match (a.after, a.before) {
                (Some(n), _) => UnitPlace::After { unit: d.chapter(n)? },
                (_, Some(n)) => UnitPlace::Before { unit: d.chapter(n)? },
                _ => return Err(Failure::bad_input("cần đúng một trong --after, --before".into())),
            };
            Ok(StructureEdit::Insert { kind: UnitKind::Chapter, place, text: a.title.clone() })
        }),
        Chapter::Move(a) => edit(s, out, &a.regulation, |d| {
            let unit = d.chapter(a.chapter)?;
            let place = match (a.after, a.before) {
                (Some(n), _) => UnitPlace::After { unit: d.chapter(n)? },
                (_, Some(n)) => UnitPlace::Before { unit: d.chapter(n)? },
                _ => return Err(Failure::bad_input("cần đúng một trong --after, --before".into())),
            };
            Ok(StructureEdit::Move { unit, place })
        }),
        Chapter::Delete(a) => edit(s, out, &a.regulation, |d| {
            Ok(StructureEdit::Delete { unit: d.chapter(a.chapter)?, force: a.force })
        }),
        Chapter::Retitle(a) => edit(s, out, &a.regulation, |d| {
            Ok(StructureEdit::Retitle { unit: d.chapter(a.chapter)?, title: a.title.clone() })
        }),
    }
}

/// One structure edit on the head revision: the units named by number are found in it.
fn edit(
    s: &Session,
    out: &mut impl Write,
    regulation: &str,
    make: impl FnOnce(&Units) -> Result<StructureEdit, Failure>,
) -> Result<(), Failure> {
    let q = s.open()?;
    let base = q.history(regulation)?.last().map_or(0, |r| r.number);
    let e = make(&Units { q: &q, regulation, base })?;
    let v = q.edit_structure(regulation, base, e, s.actor(&q))?;
    report(out, &v)
}

/// Units of the head revision by the numbers a person reads.
struct Units<'a> {
    q: &'a Quyche,
    regulation: &'a str,
    base: u32,
}

impl Units<'_> {
    fn named(&self, name: &str) -> Result<u32, Failure> {
        Ok(self.q.unit_named(self.regulation, self.base, name)?)
    }

    fn article(&self, n: u32) -> Result<u32, Failure> {
        self.named(&format!("Điều {n}"))
    }

    fn clause(&self, article: u32, k: u32) -> Result<u32, Failure> {
        self.named(&format!("khoản {k} Điều {article}"))
    }

    fn point(&self, article: u32, k: u32, letter: &str) -> Result<u32, Failure> {
        self.named(&format!("điểm {letter} khoản {k} Điều {article}"))
    }

    fn chapter(&self, n: u32) -> Result<u32, Failure> {
        self.named(&format!("Chương {n}"))
    }
}

//! Consultation and approval: people, rounds, comments, submission, the vote, and what
//! comes out of it (the report, the sealed export, and `verify FILE` against the seal).

use std::io::Write;
use std::path::Path;

use quyche_api::{Quyche, Target};
use quyche_cli::args::{
    Approve, CommentAdd, CommentResolve, Comments, CommentsFormat, Export, PersonAdd, Report,
    Return, RoundOpen,
};

use crate::{internal, print, Failure, Session};

/// By name, or by identity card (`--card`, from `quyche identity export`).
pub(crate) fn add_person(s: &Session, out: &mut impl Write, a: PersonAdd) -> Result<(), Failure> {
    let q = s.open()?;
    let role = Quyche::parse_role(&a.role)?;
    let p = match (&a.card, &a.name) {
        (Some(card), _) => q.add_person_from_card(s.actor(&q), card, role, a.confirm_key_change)?,
        (None, Some(name)) => {
            q.add_person(s.actor(&q), name, role, a.position.as_deref().unwrap_or(""))?
        }
        // clap requires --name without --card.
        (None, None) => return Err(Failure::bad_input("thiếu --name".into())),
    };
    print(out, &p.id)
}

pub(crate) fn people(s: &Session, out: &mut impl Write) -> Result<(), Failure> {
    let q = s.open()?;
    for p in q.people()? {
        let role = serde_plain(&p.role);
        print(out, &format!("{}\t{}\t{}\t{}", p.id, role, p.name, p.position))?;
    }
    Ok(())
}

/// A serde enum as the plain word it serialises to (`chairman`, …).
fn serde_plain<T: serde::Serialize>(t: &T) -> String {
    serde_json::to_value(t).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub(crate) fn open_round(s: &Session, out: &mut impl Write, a: RoundOpen) -> Result<(), Failure> {
    let q = s.open()?;
    let r = q.open_round(&a.regulation, s.actor(&q), a.deadline.as_deref())?;
    print(out, &r.id)
}

pub(crate) fn close_round(s: &Session, regulation: &str) -> Result<(), Failure> {
    let q = s.open()?;
    q.close_round(regulation, s.actor(&q))?;
    Ok(())
}

pub(crate) fn add_comment(s: &Session, out: &mut impl Write, a: CommentAdd) -> Result<(), Failure> {
    let q = s.open()?;
    let target = Target::Numbered { article: a.article, clause: a.clause, point: a.point };
    let c = q.add_comment(
        &a.regulation,
        s.actor(&q),
        target,
        &a.quote,
        None,
        &a.text,
        a.propose.as_deref(),
    )?;
    print(out, &c.id)
}

pub(crate) fn resolve_comment(s: &Session, a: CommentResolve) -> Result<(), Failure> {
    let q = s.open()?;
    let decision = Quyche::parse_decision(&a.decision)?;
    q.resolve_comment(&a.comment, s.actor(&q), decision, &a.reason)?;
    Ok(())
}

pub(crate) fn comments(s: &Session, out: &mut impl Write, a: Comments) -> Result<(), Failure> {
    let q = s.open()?;
    let comments = q.comments(&a.regulation)?;
    match a.format {
        CommentsFormat::Json => {
            let rows: Vec<serde_json::Value> = comments
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "id": c.id, "author": c.author_name, "author_id": c.author,
                        "article": c.article, "provision": c.provision, "quote": c.quote,
                        "text": c.text, "proposal": c.proposal, "revision": c.revision,
                        "anchor": c.anchor, "decision": c.decision, "reason": c.reason,
                    })
                })
                .collect();
            print(out, &serde_json::to_string(&rows).map_err(internal)?)
        }
    }
}

pub(crate) fn submit(s: &Session, regulation: &str) -> Result<(), Failure> {
    let q = s.open()?;
    q.submit(regulation, s.actor(&q))?;
    Ok(())
}

pub(crate) fn return_draft(s: &Session, a: Return) -> Result<(), Failure> {
    let q = s.open()?;
    q.return_draft(&a.regulation, s.actor(&q), &a.reason)?;
    Ok(())
}

/// Records the vote; when it passes, prints the seal.
pub(crate) fn approve(s: &Session, out: &mut impl Write, a: Approve) -> Result<(), Failure> {
    let q = s.open()?;
    let approval = q.approve(
        &a.regulation,
        s.actor(&q),
        Quyche::parse_form(&a.form)?,
        &a.date,
        a.members,
        a.votes_for,
        a.against,
        a.abstain,
        &a.decision_no,
    )?;
    print(out, &approval.seal)
}

pub(crate) fn report(s: &Session, out: &mut impl Write, a: Report) -> Result<(), Failure> {
    let q = s.open()?;
    let written = q.report_to_file(&a.regulation, s.actor(&q), &a.format, &a.output)?;
    print(out, &written)
}

pub(crate) fn export(s: &Session, out: &mut impl Write, a: Export) -> Result<(), Failure> {
    let format = quyche_api::parse_format(&a.format)?;
    let q = s.open()?;
    let v = q.export_to_file(&a.regulation, s.actor(&q), format, &a.output)?;
    print(out, &v.path)
}

/// An exported file against its seal; the articles that differ, and exit 1, when it fails.
pub(crate) fn verify_file(out: &mut impl Write, path: &Path) -> Result<(), Failure> {
    let v = quyche_api::verify_export_file(path)?;
    if v.matches {
        let decision =
            v.decision_no.as_deref().map(|d| format!(", quyết định {d}")).unwrap_or_default();
        print(
            out,
            &format!(
                "{}: khớp niêm phong {} (quy chế {}, phiên bản {}{decision})",
                v.file, v.seal, v.regulation_id, v.revision
            ),
        )
    } else {
        for d in &v.differences {
            print(out, &format!("KHÁC: {d}"))?;
        }
        Err(Failure::other(format!(
            "{}: không khớp niêm phong {}: {}",
            v.file,
            v.seal,
            v.differences.join("; ")
        )))
    }
}

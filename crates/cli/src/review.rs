//! Consultation and approval: people, rounds, comments, submission, the vote, and what
//! comes out of it (the report, the sealed export, and `verify FILE` against the seal).

use std::io::Write;

use quyche_api::{Quyche, SignatureState, Target, VerificationView};
use quyche_cli::args::{
    Approve, CommentAdd, CommentResolve, Comments, CommentsFormat, Export, PersonAdd, Report,
    Return, RoundOpen, Verify, VerifyFormat,
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

/// `export ID --format F -o FILE`: the latest approved text, in every format, AKN too.
/// `--format akn --rev N` names any revision (a draft says it is one); `--format docx
/// --promulgation` writes the decision, then the regulation.
pub(crate) fn export(s: &Session, out: &mut impl Write, a: Export) -> Result<(), Failure> {
    let format = quyche_api::parse_format(&a.format)?;
    if a.rev.is_some() && format != quyche_api::Format::Akn {
        return Err(Failure::bad_input("--rev chỉ dùng với --format akn".into()));
    }
    if a.promulgation && !matches!(format, quyche_api::Format::Docx | quyche_api::Format::Pdf) {
        return Err(Failure::bad_input(
            "--promulgation chỉ dùng với --format docx hoặc pdf".into(),
        ));
    }
    let q = s.open()?;
    let v = if a.promulgation {
        q.export_promulgation_to_file(&a.regulation, s.actor(&q), format, &a.output)?
    } else if a.rev.is_some() {
        q.export_akn_to_file(&a.regulation, s.actor(&q), a.rev, &a.output)?
    } else {
        q.export_to_file(&a.regulation, s.actor(&q), format, &a.output)?
    };
    print(out, &v.path)
}

/// An exported file against its seal: the text against the hash, the signature against
/// the card it carries, the card against the keys trusted (`--card`, and with `--db` the
/// database's roster and identity), and with `--db` that the database holds the approval.
/// Exit 0 only when all hold; 3 when intact and validly signed by a key not trusted (or an
/// approval the database does not hold); 1 when altered, badly signed or unsigned.
pub(crate) fn verify_file(s: &Session, out: &mut impl Write, a: Verify) -> Result<(), Failure> {
    let Some(path) = a.file.as_deref() else {
        return Err(Failure::other("thiếu tệp cần kiểm tra"));
    };
    let v = match &s.db {
        Some(_) => s.open()?.verify_export_file(path, &a.cards)?,
        None => quyche_api::verify_export_with_cards(path, &a.cards)?,
    };
    match a.format {
        VerifyFormat::Json => print(out, &verification_json(&v).to_string())?,
        VerifyFormat::Text => verification_lines(out, &v)?,
    }
    match v.verdict.exit_code() {
        0 => Ok(()),
        code if !v.matches => Err(Failure {
            code,
            message: format!(
                "{}: không khớp niêm phong {}: {}",
                v.file,
                v.seal,
                v.differences.join("; ")
            ),
        }),
        code => Err(Failure { code, message: format!("{}: {}", v.file, v.verdict_label) }),
    }
}

/// `verify FILE --format json`: the four checks as one object.
fn verification_json(v: &VerificationView) -> serde_json::Value {
    // `Điều 14: khác với bản niêm phong` → `Điều 14`; other differences (the footer, the
    // order of lines) name no article.
    let changed: Vec<&str> = v
        .differences
        .iter()
        .filter_map(|d| d.split_once(':').map(|(k, _)| k))
        .filter(|k| !k.starts_with("chân trang") && !k.starts_with("nội dung"))
        .collect();
    serde_json::json!({
        "file": v.file,
        "intact": v.matches,
        "seal": v.seal,
        "regulation_id": v.regulation_id,
        "revision": v.revision,
        "signature": v.signature.as_str(),
        "signature_problem": v.signature_problem,
        "signer": v.signer.as_ref().map(|s| serde_json::json!({
            "name": s.name,
            "position": s.position,
            "fingerprint": s.fingerprint,
        })),
        "trusted": v.trusted,
        "trusted_by": v.trusted_by,
        "in_database": v.in_database,
        "verdict": v.verdict,
        "verdict_label": v.verdict_label,
        "decision_no": v.decision_no,
        "approved_on": v.approved_on,
        "changed_articles": changed,
        "differences": v.differences,
    })
}

/// The lines for people: today's first line (or the differences), then the signature, the
/// database, and the verdict.
fn verification_lines(out: &mut impl Write, v: &VerificationView) -> Result<(), Failure> {
    if v.matches {
        let decision =
            v.decision_no.as_deref().map(|d| format!(", quyết định {d}")).unwrap_or_default();
        print(
            out,
            &format!(
                "{}: khớp niêm phong {} (quy chế {}, phiên bản {}{decision})",
                v.file, v.seal, v.regulation_id, v.revision
            ),
        )?;
    } else {
        for d in &v.differences {
            print(out, &format!("KHÁC: {d}"))?;
        }
    }
    let signer = v
        .signer
        .as_ref()
        .map(|s| {
            let position =
                if s.position.is_empty() { String::new() } else { format!(", {}", s.position) };
            format!("{}{position} · mã nhận dạng khóa {}", s.name, s.fingerprint)
        })
        .unwrap_or_default();
    let line = match v.signature {
        SignatureState::Valid => match &v.trusted_by {
            Some(from) => format!("Chữ ký: hợp lệ, của {signer} · khóa tin cậy ({from})"),
            None => format!("Chữ ký: hợp lệ, của {signer} · khóa CHƯA được tin cậy"),
        },
        SignatureState::Invalid => format!(
            "Chữ ký: KHÔNG HỢP LỆ ({}) · thẻ kèm theo: {signer}",
            v.signature_problem.as_deref().unwrap_or("")
        ),
        SignatureState::Missing => "Chữ ký: không có (niêm phong chưa ký)".to_owned(),
    };
    print(out, &line)?;
    match v.in_database {
        Some(true) => print(out, "Cơ sở dữ liệu: có quyết định thông qua này")?,
        Some(false) => print(out, "Cơ sở dữ liệu: KHÔNG có quyết định thông qua này")?,
        None => {}
    }
    print(out, &format!("Kết luận: {}", v.verdict_label))
}

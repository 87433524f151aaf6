//! Exporting the approved text, and checking an exported file against its seal.

use std::path::Path;

use quyche_export::{Format, Seal};
use quyche_review::Act;
use serde::Serialize;
use specta::Type;

use crate::{Actor, ApiError, ErrorCode, Quyche, Result};

/// What was written.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ExportView {
    pub path: String,
    pub format: String,
    pub bytes: u32,
    pub revision: u32,
    pub seal: String,
}

/// What `verify FILE` found.
#[derive(Debug, Clone, Serialize, Type)]
pub struct VerificationView {
    pub file: String,
    pub matches: bool,
    pub seal: String,
    pub regulation_id: String,
    pub revision: u32,
    pub decision_no: Option<String>,
    pub differences: Vec<String>,
}

pub fn parse_format(s: &str) -> Result<Format> {
    Format::from_extension(s).ok_or_else(|| {
        ApiError::bad_input(format!("định dạng không hợp lệ: {s} (docx|html|md|txt)"))
    })
}

impl From<quyche_export::ExportError> for ApiError {
    fn from(e: quyche_export::ExportError) -> ApiError {
        use quyche_export::ExportError::*;
        let code = match e {
            NoSeal | Malformed(_) | TooLarge | UnknownFormat(_) => ErrorCode::BadInput,
            SealMismatch => ErrorCode::Corrupt,
            Docx(_) => ErrorCode::Internal,
        };
        ApiError::new(code, e.to_string())
    }
}

/// Writes through a temporary file and a rename, so a failed export never leaves a
/// half-written file where the user expects the document.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    // One home for the temp + fsync + rename + folder fsync pattern: quyche-exchange's,
    // which writes the identity folder with it too.
    Ok(quyche_exchange::atomic_write(path, bytes)?)
}

impl Quyche {
    /// The latest approved revision in `format`, carrying its seal.
    pub fn export_bytes(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        format: Format,
    ) -> Result<(Vec<u8>, u32, String)> {
        let actor = self.actor_id(actor)?;
        self.review().permit(regulation, &actor, Act::Export)?;
        let approval = self.review().approvals(regulation)?.pop().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Refused,
                "Văn bản chưa được thông qua: chưa có bản niêm phong để xuất.",
            )
        })?;
        let doc = self.archive.load(regulation, Some(approval.revision))?.document;
        let seal = Seal {
            hash: approval.seal.clone(),
            regulation_id: regulation.to_string(),
            revision: approval.revision,
            decision_no: Some(approval.vote.decision_no.clone()),
            approved_on: Some(approval.vote.date.clone()),
            approved_by: doc.header.issuing_body.last().cloned(),
            vote: None,
            signature: None,
        };
        let bytes = quyche_export::export(&doc, &seal, format)?;
        Ok((bytes, approval.revision, approval.seal))
    }

    pub fn export_to_file(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        format: Format,
        path: &Path,
    ) -> Result<ExportView> {
        let (bytes, revision, seal) = self.export_bytes(regulation, actor, format)?;
        write_atomically(path, &bytes)?;
        Ok(ExportView {
            path: path.display().to_string(),
            format: format.extension().to_string(),
            bytes: bytes.len().min(u32::MAX as usize) as u32,
            revision,
            seal,
        })
    }
}

/// Reads an exported file, rebuilds its canonical text and compares it with its seal.
pub fn verify_export_file(path: &Path) -> Result<VerificationView> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let meta = std::fs::metadata(path)
        .map_err(|e| ApiError::bad_input(format!("{}: không đọc được tệp: {e}", path.display())))?;
    if meta.len() > quyche_export::MAX_VERIFY_BYTES {
        return Err(ApiError::bad_input(format!("{name}: tệp quá lớn (giới hạn 64 MB)")));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ApiError::bad_input(format!("{}: không đọc được tệp: {e}", path.display())))?;
    let v = quyche_export::verify(&bytes, &name).map_err(|e| {
        let e: ApiError = e.into();
        ApiError::new(e.code, format!("{name}: {}", e.message))
    })?;
    Ok(VerificationView {
        file: name,
        matches: v.matches,
        seal: v.seal.hash,
        regulation_id: v.seal.regulation_id,
        revision: v.seal.revision,
        decision_no: v.seal.decision_no,
        differences: v.differences,
    })
}

impl Quyche {
    /// The response report of the latest round: every comment, grouped by article, with
    /// its decision and explanation.
    pub fn response_report(
        &self,
        regulation: &str,
        actor: Actor<'_>,
    ) -> Result<quyche_export::report::ResponseReport> {
        use quyche_export::report::{ReportGroup, ReportRow, ResponseReport};
        let actor = self.actor_id(actor)?;
        let review = self.review();
        review.permit(regulation, &actor, Act::Report)?;
        let round = review.rounds(regulation)?.pop().ok_or_else(|| {
            ApiError::new(ErrorCode::Refused, "Chưa có đợt lấy ý kiến nào: chưa có gì để tổng hợp.")
        })?;
        let reg = self.archive.regulation(regulation)?;
        let doc = self.archive.load(regulation, Some(round.revision))?.document;
        let numbering = doc.numbering();
        let mut groups: Vec<ReportGroup> = Vec::new();
        let mut totals: Vec<(String, u32)> = Vec::new();
        let in_round =
            review.comments(regulation)?.into_iter().filter(|c| c.comment.round == round.id);
        for (no, c) in (1..).zip(in_round) {
            let article_id = quyche_model::UnitId(c.comment.anchor.article);
            let heading = match (numbering.label(article_id), doc.find(article_id)) {
                (Some(l), Some(a)) if !a.title.is_empty() => format!("{}. {}", l.marker, a.title),
                (Some(l), _) => l.marker.clone(),
                _ => c.article_label.clone(),
            };
            let decision = c
                .resolution
                .as_ref()
                .map(|r| r.decision.label().to_string())
                .unwrap_or_else(|| "Chưa xử lý".into());
            match totals.iter_mut().find(|(k, _)| *k == decision) {
                Some((_, n)) => *n += 1,
                None => totals.push((decision.clone(), 1)),
            }
            let row = ReportRow {
                no,
                provision: c.provision.clone(),
                comment: format!(
                    "Về đoạn \u{201c}{}\u{201d}: {}",
                    c.comment.anchor.quote.exact, c.comment.text
                ),
                proposal: c.comment.proposal.clone(),
                commenter: c
                    .author
                    .as_ref()
                    .map(|p| format!("{}, {}", p.name, p.position))
                    .unwrap_or(c.comment.author.clone()),
                decision,
                explanation: c.resolution.as_ref().map(|r| r.reason.clone()).unwrap_or_default(),
            };
            match groups.iter_mut().find(|g| g.article == heading) {
                Some(g) => g.rows.push(row),
                None => groups.push(ReportGroup { article: heading, rows: vec![row] }),
            }
        }
        // Grouped in the order of the articles, not of the comments.
        let order: std::collections::HashMap<String, usize> = doc
            .articles()
            .enumerate()
            .filter_map(|(i, a)| numbering.label(a.id).map(|l| (l.marker.clone(), i)))
            .collect();
        groups.sort_by_key(|g| {
            order.get(g.article.split('.').next().unwrap_or("")).copied().unwrap_or(usize::MAX)
        });
        let date = crate::iso8601(self.now());
        let date = format!("{}/{}/{}", &date[8..10], &date[5..7], &date[0..4]);
        Ok(ResponseReport {
            issuing_body: doc.header.issuing_body.clone(),
            regulation_title: reg.title,
            round: format!(
                "Đợt lấy ý kiến {} (phiên bản {}{})",
                round.number,
                round.revision,
                round.deadline.as_deref().map(|d| format!(", hạn {d}")).unwrap_or_default()
            ),
            date,
            groups,
            totals,
        })
    }

    /// Writes the response report as `html` or `docx`; returns the path written.
    pub fn report_to_file(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        format: &str,
        path: &Path,
    ) -> Result<String> {
        let report = self.response_report(regulation, actor)?;
        let bytes = match format {
            "html" => quyche_export::report::report_html(&report).into_bytes(),
            "docx" => quyche_export::report::report_docx(&report)?,
            other => {
                return Err(ApiError::bad_input(format!(
                    "định dạng bảng tổng hợp không hợp lệ: {other} (html|docx)"
                )))
            }
        };
        write_atomically(path, &bytes)?;
        Ok(path.display().to_string())
    }
}

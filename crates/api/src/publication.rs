//! Documents out beyond the sealed formats (issue 13): any revision as Akoma Ntoso 3.0,
//! and the promulgation set (the decision, then the regulation) as one DOCX or PDF.
//!
//! Both take their facts from the records: the seal of an approved revision is built by
//! [`Quyche::approval_seal`], the one place that turns an approval record into a seal (the
//! sealed formats' export uses it too); the decision's number, date, vote and signer are
//! the recorded approval's, so nothing is typed twice.

use std::path::Path;

use quyche_export::{Decision, Expression, Format, Seal};
use quyche_model::Document;
use quyche_review::{Act, Approval};

use crate::export::{write_export, ExportView};
use crate::{Actor, ApiError, ErrorCode, Quyche, Result};

impl Quyche {
    /// The seal of an approved revision, from its approval record. A signed approval
    /// carries the body it signed; an older, unsigned one stays unsigned and shows the
    /// text's issuing body, as it always did.
    pub(crate) fn approval_seal(regulation: &str, approval: &Approval, doc: &Document) -> Seal {
        let signed = approval.signature.is_some();
        Seal {
            hash: approval.seal.clone(),
            regulation_id: regulation.to_string(),
            revision: approval.revision,
            decision_no: Some(approval.vote.decision_no.clone()),
            approved_on: Some(approval.vote.date.clone()),
            approved_by: if signed {
                approval.approved_by.clone()
            } else {
                doc.header.issuing_body.last().cloned()
            },
            vote: signed.then(|| approval.vote.counts()),
            signature: approval.signature.clone(),
        }
    }

    /// A revision as Akoma Ntoso 3.0 (`None`: the latest). An approved revision goes out
    /// under its seal and says so; any other goes out as a draft, dated the day it was
    /// saved, and says that. Returns the bytes, the revision, and the seal when approved.
    pub fn export_akn_bytes(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        revision: Option<u32>,
    ) -> Result<(Vec<u8>, u32, Option<String>)> {
        let actor = self.actor_id(actor)?;
        self.review().permit(regulation, &actor, Act::Export)?;
        let rev = self.archive.load(regulation, revision)?;
        let number = rev.record.number;
        let approval =
            self.review().approvals(regulation)?.into_iter().rfind(|a| a.revision == number);
        let bytes = match &approval {
            Some(a) => {
                let seal = Quyche::approval_seal(regulation, a, &rev.document);
                quyche_export::export(&rev.document, &seal, Format::Akn)?
            }
            None => {
                let saved = crate::time::iso8601(rev.record.time_ms);
                let expr = Expression {
                    regulation_id: regulation,
                    revision: number,
                    date: &saved[..10],
                    seal: None,
                };
                quyche_export::akn(&rev.document, &expr)?
            }
        };
        Ok((bytes, number, approval.map(|a| a.seal)))
    }

    /// [`Quyche::export_akn_bytes`] written to `path`. `seal` is empty for a draft.
    pub fn export_akn_to_file(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        revision: Option<u32>,
        path: &Path,
    ) -> Result<ExportView> {
        let (bytes, revision, seal) = self.export_akn_bytes(regulation, actor, revision)?;
        write_export(path, Format::Akn, &bytes, revision, seal.unwrap_or_default())
    }

    /// The promulgation set of the latest approval: its decision (number, date, vote and
    /// signer from the approval record), then the sealed regulation, one DOCX (or PDF) in
    /// the Decree 30 layout that `verify` accepts.
    pub fn export_promulgation_bytes(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        format: Format,
    ) -> Result<(Vec<u8>, u32, String)> {
        if !matches!(format, Format::Docx | Format::Pdf) {
            return Err(ApiError::bad_input(format!(
                "bộ ban hành chỉ xuất được dạng docx hoặc pdf, không phải {}",
                format.extension()
            )));
        }
        let actor = self.actor_id(actor)?;
        self.review().permit(regulation, &actor, Act::Export)?;
        let approval = self.review().approvals(regulation)?.pop().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Refused,
                "Văn bản chưa được thông qua: chưa có quyết định để xuất bộ ban hành.",
            )
        })?;
        let doc = self.archive.load(regulation, Some(approval.revision))?.document;
        let seal = Quyche::approval_seal(regulation, &approval, &doc);
        let (signer, position) = match &approval.signature {
            Some(sig) => (sig.signer.name.clone(), sig.signer.position.clone()),
            None => {
                let p = self.review().person(&approval.recorded_by)?;
                (p.name, p.position)
            }
        };
        let vote = &approval.vote;
        let date = &vote.date;
        let decision = Decision {
            number: vote.decision_no.clone(),
            long_date: quyche_review::promulgation::long_date(date).unwrap_or_else(|| date.clone()),
            short_date: quyche_review::promulgation::short_date(date)
                .unwrap_or_else(|| date.clone()),
            vote: format!("{}/{} ủy viên tán thành", vote.votes_for, vote.members),
            // The collective the sealed text names; an approval recorded before it was read
            // from the text named the organisation instead.
            approved_by: quyche_review::promulgation::approving_body(&doc)
                .or_else(|| approval.approved_by.clone())
                .unwrap_or_else(|| "Ban Chấp hành".into()),
            signer,
            signer_title: if position.trim().is_empty() {
                "CHỦ TỊCH".into()
            } else {
                position.to_uppercase()
            },
        };
        let bytes = match format {
            Format::Pdf => quyche_export::promulgation_pdf(&doc, &seal, &decision)?,
            _ => quyche_export::promulgation_set(&doc, &seal, &decision)?,
        };
        Ok((bytes, approval.revision, approval.seal))
    }

    /// [`Quyche::export_promulgation_bytes`] written to `path`.
    pub fn export_promulgation_to_file(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        format: Format,
        path: &Path,
    ) -> Result<ExportView> {
        let (bytes, revision, seal) = self.export_promulgation_bytes(regulation, actor, format)?;
        write_export(path, format, &bytes, revision, seal)
    }
}

//! Exporting the approved text, and checking an exported file against its seal.

use std::path::{Path, PathBuf};

use quyche_export::{Format, Seal};
use quyche_review::Act;
use serde::Serialize;
use specta::Type;

use crate::dto::{SignatureState, SignerView};
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

/// What `verify FILE` found: the four checks of a seal, and the verdict they add up to.
#[derive(Debug, Clone, Serialize, Type)]
pub struct VerificationView {
    pub file: String,
    /// The visible text hashes to the seal (check 1: the text against the hash).
    pub matches: bool,
    pub seal: String,
    pub regulation_id: String,
    pub revision: u32,
    pub decision_no: Option<String>,
    /// ISO date of the decision.
    pub approved_on: Option<String>,
    pub differences: Vec<String>,
    /// Check 2: the signature against the card the file carries.
    pub signature: SignatureState,
    /// Why the signature is invalid, one line.
    pub signature_problem: Option<String>,
    /// The card the file carries (whether or not its signature holds).
    pub signer: Option<SignerView>,
    /// Check 3: the signature is valid and its key is one the verifier trusts (the
    /// database's roster, this installation's identity, or a card given), and, with a
    /// database, check 4 holds.
    pub trusted: bool,
    /// Where the key's trust comes from, when it is trusted: `thẻ chu-tich.quyche-id`,
    /// `danh sách người của cơ sở dữ liệu`, `chữ ký số của máy này`.
    pub trusted_by: Option<String>,
    /// Check 4: the database holds this very approval (same regulation, revision, hash and
    /// decision). `None` when no database was asked.
    pub in_database: Option<bool>,
    pub verdict: SealVerdict,
    /// The verdict in one Vietnamese line, for the window and the CLI.
    pub verdict_label: String,
}

/// What the four checks add up to. Only `trusted` may be shown as a success (✓).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SealVerdict {
    /// Intact, validly signed, by a trusted key (and held by the database, when asked).
    Trusted,
    /// Intact and validly signed, by a key nobody said to trust, or an approval the
    /// database does not hold.
    Untrusted,
    /// Intact, but the seal carries no signature ("niêm phong chưa ký").
    Unsigned,
    /// The signature does not cover the seal or is not the card's.
    Invalid,
    /// The text differs from the seal.
    Altered,
}

impl SealVerdict {
    /// Every verdict, in the order the UI lists them.
    pub const ALL: [SealVerdict; 5] = [
        SealVerdict::Trusted,
        SealVerdict::Untrusted,
        SealVerdict::Unsigned,
        SealVerdict::Invalid,
        SealVerdict::Altered,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SealVerdict::Trusted => "Khớp niêm phong, chữ ký hợp lệ của khóa được tin cậy",
            SealVerdict::Untrusted => "Chữ ký hợp lệ nhưng chưa được tin cậy",
            SealVerdict::Unsigned => "Niêm phong chưa ký",
            SealVerdict::Invalid => "Chữ ký niêm phong không hợp lệ",
            SealVerdict::Altered => "Tệp đã bị sửa: không khớp niêm phong",
        }
    }

    /// The CLI's exit code: 0 only when trusted; 3 when intact and validly signed but not
    /// trusted; 1 otherwise (altered, an invalid signature, or none at all: a missing
    /// signature proves nothing, so it is a failure, never a success).
    pub fn exit_code(self) -> u8 {
        match self {
            SealVerdict::Trusted => 0,
            SealVerdict::Untrusted => 3,
            SealVerdict::Unsigned | SealVerdict::Invalid | SealVerdict::Altered => 1,
        }
    }
}

pub fn parse_format(s: &str) -> Result<Format> {
    Format::from_extension(s).ok_or_else(|| {
        ApiError::bad_input(format!("định dạng không hợp lệ: {s} (docx|html|md|txt|pdf)"))
    })
}

impl From<quyche_export::ExportError> for ApiError {
    fn from(e: quyche_export::ExportError) -> ApiError {
        use quyche_export::ExportError::*;
        let code = match e {
            NoSeal | Malformed(_) | TooLarge | UnknownFormat(_) => ErrorCode::BadInput,
            SealMismatch => ErrorCode::Corrupt,
            Docx(_) | Pdf(_) => ErrorCode::Internal,
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
        let seal = Quyche::approval_seal(regulation, &approval, &doc);
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
        write_export(path, format, &bytes, revision, seal)
    }
}

/// Writes an export's `bytes` to `path` and describes what was written: the one shape
/// every export command answers with (the approved text, Akoma Ntoso, the promulgation
/// set, from the command line or a save dialog).
pub(crate) fn write_export(
    path: &Path,
    format: Format,
    bytes: &[u8],
    revision: u32,
    seal: String,
) -> Result<ExportView> {
    write_atomically(path, bytes)?;
    Ok(ExportView {
        path: path.display().to_string(),
        format: format.extension().to_string(),
        bytes: bytes.len().min(u32::MAX as usize) as u32,
        revision,
        seal,
    })
}

/// Reads an exported file, rebuilds its canonical text and compares it with its seal,
/// and checks the seal's signature. Trusts no key: a validly signed file comes out
/// `untrusted` (see [`verify_export_with_cards`]).
pub fn verify_export_file(path: &Path) -> Result<VerificationView> {
    verify_export_with_cards(path, &[])
}

/// [`verify_export_file`], trusting the keys of the identity cards in `cards` (the CLI's
/// `verify FILE --card CARD…` without a database).
pub fn verify_export_with_cards(path: &Path, cards: &[PathBuf]) -> Result<VerificationView> {
    let trusted = Trust::from_cards(cards)?;
    let (name, v) = read_and_verify(path)?;
    Ok(view(name, v, &trusted, None))
}

/// The keys a verifier trusts, each with where its trust comes from.
struct Trust(Vec<(String, String)>);

impl Trust {
    fn from_cards(cards: &[PathBuf]) -> Result<Trust> {
        let mut keys = Vec::new();
        for path in cards {
            let (name, bytes) = crate::exchange::read_file(path, quyche_exchange::MAX_CARD_BYTES)?;
            let card = quyche_exchange::IdentityCard::read(&bytes).map_err(|e| {
                let e: ApiError = e.into();
                ApiError::new(e.code, format!("{name}: {}", e.message))
            })?;
            keys.push((card.public_key, format!("thẻ {name}")));
        }
        Ok(Trust(keys))
    }

    fn source_of(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, from)| from.as_str())
    }
}

fn read_and_verify(path: &Path) -> Result<(String, quyche_export::Verification)> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let meta =
        std::fs::metadata(path).map_err(|e| crate::file_error(path, crate::FileAct::Read, &e))?;
    if meta.len() > quyche_export::MAX_VERIFY_BYTES {
        return Err(ApiError::bad_input(format!("{name}: tệp quá lớn (giới hạn 64 MB)")));
    }
    let bytes =
        std::fs::read(path).map_err(|e| crate::file_error(path, crate::FileAct::Read, &e))?;
    let v = quyche_export::verify(&bytes, &name).map_err(|e| {
        let e: ApiError = e.into();
        ApiError::new(e.code, format!("{name}: {}", e.message))
    })?;
    Ok((name, v))
}

/// The four checks, and the verdict. `in_database`: `None` when no database was asked.
fn view(
    name: String,
    v: quyche_export::Verification,
    trust: &Trust,
    in_database: Option<bool>,
) -> VerificationView {
    let signature = SignatureState::of(&v.signature);
    let signature_problem = match &v.signature {
        quyche_export::SignatureCheck::Invalid(why) => Some(why.clone()),
        _ => None,
    };
    let card = v.seal.signature.as_ref().map(|s| &s.signer);
    let trusted_by = match (signature, card) {
        (SignatureState::Valid, Some(card)) if in_database != Some(false) => {
            trust.source_of(&card.public_key).map(str::to_owned)
        }
        _ => None,
    };
    let trusted = trusted_by.is_some();
    let verdict = if !v.matches {
        SealVerdict::Altered
    } else {
        match signature {
            SignatureState::Invalid => SealVerdict::Invalid,
            SignatureState::Missing => SealVerdict::Unsigned,
            SignatureState::Valid if trusted => SealVerdict::Trusted,
            SignatureState::Valid => SealVerdict::Untrusted,
        }
    };
    let verdict_label = match (verdict, in_database) {
        (SealVerdict::Untrusted, Some(false)) => format!(
            "{}: cơ sở dữ liệu này không có quyết định {} thông qua quy chế {} phiên bản {} \
             với mã niêm phong này",
            verdict.label(),
            v.seal.decision_no.as_deref().unwrap_or("(không số)"),
            v.seal.regulation_id,
            v.seal.revision
        ),
        (SealVerdict::Untrusted, _) => format!(
            "{}: khóa {} không có trong danh sách tin cậy (thêm --card THẺ, hoặc dùng --db)",
            verdict.label(),
            card.map(|c| c.fingerprint.as_str()).unwrap_or_default()
        ),
        _ => verdict.label().to_owned(),
    };
    VerificationView {
        file: name,
        matches: v.matches,
        seal: v.seal.hash.clone(),
        regulation_id: v.seal.regulation_id.clone(),
        revision: v.seal.revision,
        decision_no: v.seal.decision_no.clone(),
        approved_on: v.seal.approved_on.clone(),
        differences: v.differences,
        signature,
        signature_problem,
        signer: card.map(SignerView::from),
        trusted,
        trusted_by,
        in_database,
        verdict,
        verdict_label,
    }
}

impl Quyche {
    /// Checks an exported file as [`verify_export_with_cards`] does, trusting also the
    /// keys of this database's roster and this installation's identity, and asking the
    /// database whether it holds this very approval: a file whose approval it does not
    /// hold is never trusted, whoever signed it.
    pub fn verify_export_file(&self, path: &Path, cards: &[PathBuf]) -> Result<VerificationView> {
        let mut trust = Trust::from_cards(cards)?;
        if let Some(key) = self.owner_public_key() {
            trust.0.push((key, "chữ ký số của máy này".into()));
        }
        for p in self.review().people()? {
            if let Some(key) = p.public_key {
                trust.0.push((key, format!("danh sách người của cơ sở dữ liệu ({})", p.name)));
            }
        }
        let (name, v) = read_and_verify(path)?;
        let held = self.holds_approval(&v.seal)?;
        Ok(view(name, v, &trust, Some(held)))
    }

    /// This database recorded the approval the seal claims: same regulation, revision,
    /// text hash and decision.
    fn holds_approval(&self, seal: &Seal) -> Result<bool> {
        let approvals = match self.review().approvals(&seal.regulation_id) {
            Ok(a) => a,
            // A regulation this database has never seen holds no approval.
            Err(_) => return Ok(false),
        };
        Ok(approvals.iter().any(|a| {
            a.revision == seal.revision
                && a.seal.eq_ignore_ascii_case(&seal.hash)
                && seal.decision_no.as_deref() == Some(a.vote.decision_no.as_str())
        }))
    }
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
                (Some(l), Some(a)) if !a.title.is_empty() => format!("{}. {}", l.marker(), a.title),
                (Some(l), _) => l.marker().to_string(),
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
            .filter_map(|(i, a)| numbering.label(a.id).map(|l| (l.marker().to_string(), i)))
            .collect();
        groups.sort_by_key(|g| {
            order.get(g.article.split('.').next().unwrap_or("")).copied().unwrap_or(usize::MAX)
        });
        let date = crate::iso8601(self.now());
        let date = format!("{}/{}/{}", &date[8..10], &date[5..7], &date[0..4]);
        // Which revision the comments were on, and whether that text is approved by now
        // (issue 13: every document says which revision and whether draft or approved).
        let approved = review.approvals(regulation)?.iter().any(|a| a.revision == round.revision);
        Ok(ResponseReport {
            issuing_body: doc.header.issuing_body.clone(),
            regulation_title: reg.title,
            round: format!(
                "Đợt lấy ý kiến {} (phiên bản {}, {}{})",
                round.number,
                round.revision,
                if approved { "đã thông qua" } else { "dự thảo" },
                round.deadline.as_deref().map(|d| format!(", hạn {d}")).unwrap_or_default()
            ),
            date,
            groups,
            totals,
        })
    }

    /// Writes the response report as `html`, `docx` or `pdf`; returns the path written.
    pub fn report_to_file(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        format: &str,
        path: &Path,
    ) -> Result<String> {
        let bytes = self.report_bytes(regulation, actor, format)?;
        write_atomically(path, &bytes)?;
        Ok(path.display().to_string())
    }

    /// The response report as `format` (html, docx or pdf): [`Quyche::report_to_file`]'s
    /// bytes, for a caller that writes them itself.
    pub(crate) fn report_bytes(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        format: &str,
    ) -> Result<Vec<u8>> {
        let report = self.response_report(regulation, actor)?;
        Ok(match format {
            "html" => quyche_export::report::report_html(&report).into_bytes(),
            "docx" => quyche_export::report::report_docx(&report)?,
            "pdf" => quyche_export::report::report_pdf(&report)?,
            other => {
                return Err(ApiError::bad_input(format!(
                    "định dạng bảng tổng hợp không hợp lệ: {other} (html|docx|pdf)"
                )))
            }
        })
    }
}

//! Exports an approved, sealed regulation to DOCX, HTML, Markdown and plain text, and
//! checks an exported file against its seal.
//!
//! # Exporting
//!
//! ```no_run
//! use quyche_export::{export, verify, Format, Seal};
//! # let doc = quyche_model::Document::default();
//! let seal = Seal {
//!     hash: quyche_text::canonical_hash(&doc),
//!     regulation_id: "quy-che-lam-viec".into(),
//!     revision: 3,
//!     decision_no: Some("12/QĐ-LMHTX".into()),
//!     approved_on: Some("2026-11-28".into()),
//!     approved_by: Some("Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An".into()),
//!     vote: None,
//!     signature: None,
//! };
//! let bytes = export(&doc, &seal, Format::Docx)?;
//! let check = verify(&bytes, "quy-che.docx")?;
//! assert!(check.matches);
//! # Ok::<(), quyche_export::ExportError>(())
//! ```
//!
//! [`export`] refuses a seal whose hash is not the hash of the document it is given
//! ([`ExportError::SealMismatch`]): a file must never claim a seal over other words.
//!
//! # The formats
//!
//! | format | layout | where the manifest is |
//! |---|---|---|
//! | [`Format::Docx`] | Decree 30/2020 (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4, margins 20/20/30/15 mm, Times New Roman, header block as a borderless two-column table, centred chapter headings, bold `Điều N.` lines, justified clauses with a 1.27 cm first-line indent, page numbers centred in the top margin from page 2, signature block in the right half, `Nơi nhận` on the left | a custom XML part (`customXml/item1.xml`, root `<quyche-seal>`), which Word and LibreOffice keep when they save; the hash is also a document property (`docProps/custom.xml`, `quyche-seal-hash`) |
//! | [`Format::Html`] | one self-contained page (inline CSS, no external resource, a CSP that forbids scripts), the same layout, A4 print margins | `<script type="application/json" id="quyche-seal">`: a data block, never executed |
//! | [`Format::Markdown`] | `# QUY CHẾ`, `## Chương I<br>TITLE`, `### Mục 1. …`, `**Điều 5. …**`, clauses and points as paragraphs (`1\.` escaped so no renderer makes a list) | a last line `<!-- quyche-seal {json} -->` |
//! | [`Format::Text`] | the canonical text (`quyche_text::render`), one element per line | a final `-----BEGIN QUYCHE SEAL-----` … `-----END QUYCHE SEAL-----` block |
//! | [`Format::Pdf`] | the Decree 30 page typeset by `quyche-pdf` (typst, in process): A4, margins 20/20/30/15 mm, Liberation Serif embedded, page numbers from page 2, the same header and closing blocks; PDF/A-3b; words never re-cased or hyphenated | two embedded files: `quyche-seal.json` (the manifest) and `quyche-lines.json` (the visible lines with their canonical index) |
//!
//! Every number is literal text (`Chương I`, `Điều 5.`, `1.`, `a)`), never Word
//! auto-numbering, which would renumber silently when someone edits the file and which
//! text extraction cannot see.
//!
//! **Left out of every export**: marks such as `DỰ THẢO` (an approved text is no draft)
//! and the document's `#` notes (`# SOURCE: …`). The manifest records them and their
//! place, so that the sealed text, which may contain them, can still be rebuilt exactly.
//!
//! **The title page**: the document type and title are centred and bold; a chapter title,
//! a section title and the issuing body are shown in capitals by formatting (DOCX `caps`,
//! CSS `text-transform`) when the text itself is not, so the words stay as sealed.
//!
//! To look at the output: `cargo run -p quyche-export --example dump -- FILE.txt OUTDIR
//! [approved]` writes the four formats of a plain-text regulation.
//!
//! The DOCX passes every layout rule of `shared/tools/decree30-check`. Two of its rules
//! read words, not layout (`^Số:` and a two-digit month); the export never rewrites
//! sealed words, so a law (`Luật số: …`, `tháng 6`) fails those two by its own text.
//!
//! # The seal
//!
//! A [`Seal`] says *which words were approved*: its `hash` is SHA-256 over
//! `quyche_text::render`, the canonical text of the approved revision. Every export shows a
//! footer such as
//!
//! ```text
//! Văn bản đã niêm phong · Mã niêm phong SHA-256: 3f1c… · Phiên bản 3, đã thông qua · Quyết định số 12/QĐ-LMHTX ngày 28/11/2026
//! ```
//!
//! and carries a [`Manifest`]: the seal, plus a 16-hex-digit hash of each part (the header
//! `phần đầu`, the preamble `phần căn cứ`, each `Chương`/`Mục` heading, each `Điều`, and
//! the closing `phần kết`). A part's hash leaves out the part's own number, so an article
//! that was only renumbered keeps its hash.
//!
//! # What `verify` checks
//!
//! [`verify`] reads the *visible text* of the file (never the manifest's copy of it):
//! the paragraphs of `word/document.xml`, the elements that carry `data-line` in HTML,
//! the lines before the footer in Markdown and text. It puts the recorded notes and marks
//! back, hashes the result (and, failing that, the result parsed and rendered again by
//! `quyche_text`, which undoes changes of spacing or Unicode form) and compares it with
//! the seal. When they differ it aligns the parts and names them:
//! `Điều 5: khác với bản niêm phong`, `Điều 32: được thêm vào …`, `phần kết: …`.
//!
//! It also checks that the visible footer shows the same hash as the manifest.
//!
//! What it **cannot** tell:
//! * Formatting. Bold, sizes, margins and the like are not sealed; only the words are.
//! * Who sealed, on its own. The manifest sits inside the file: whoever can edit the text
//!   can also rewrite the manifest to match. A signed seal carries the recording
//!   installation's minisign signature over the seal's facts ([`SealStatement::payload`],
//!   defined once in `quyche-exchange`) and that installation's identity card;
//!   [`Verification::signature`] says whether the signature is the card's and covers these
//!   facts. Whether the card deserves trust (the roster, a card handed over in person, the
//!   database that recorded the approval) is the caller's to decide: `quyche-api` does.
//!   Seals made before signing existed read as [`SignatureCheck::Missing`]
//!   ("niêm phong chưa ký") and are never upgraded.
//! * Text the reader does not see as a paragraph: a DOCX text box or a comment, HTML
//!   outside `data-line` elements.
//!
//! # Safety of `verify`
//!
//! Any input gives `Ok` or an [`ExportError`], never a panic. Files over 64 MB are
//! refused; DOCX entries are decompressed through a reader capped at 64 MB in total
//! (declared and actual sizes both count), only the entries needed are read, entry names
//! with `..`, a leading `/` or `\`, or a drive letter are ignored, and nothing is ever
//! written to disk.
//!
//! # The code
//!
//! Every format is written from the same typed lines and read back to them:
//!
//! * `lines`: the canonical text as typed lines ([`Part`]s, [`Omitted`] lines), and the
//!   blocks every laid-out format shares (the header block's two columns, the rule under
//!   the title, the closing tables of recipients and signature).
//! * `seal`: the [`Manifest`], the footer text, the manifest block of the text formats,
//!   and the comparison `verify` makes.
//! * `docx`: `docx/decree30.rs` is the Decree 30 page (A4, margins, Times New Roman) and
//!   its building blocks (runs, rules, layout tables); `docx/write.rs` lays the regulation
//!   out on it; `docx/read.rs` is the hardened reader, and its docs list each limit it
//!   enforces and why.
//! * `pdf`: the typed lines handed to `quyche-pdf`, the one crate that knows typst.
//!   `verify` of a PDF checks two things: the embedded lines, with the recorded notes put
//!   back, hash to the seal (as every format's visible lines do); and the PDF's *text
//!   layer* (what a reader shows and `pdftotext` extracts, read through each font's
//!   `ToUnicode` map) holds exactly those lines' words, in order, then the footer. Layout
//!   (line breaks, positions, fonts) is not checked, only the words.
//! * `html`, `markdown`, `text`: the other formats, each a writer and its reader. HTML is
//!   escaped by `quyche_text::escape_html`, the one rule of the workspace; Markdown has
//!   its own escape, which is a different rule.
//! * [`report`]: the response report, as HTML and as DOCX built from `docx/decree30.rs`.
//! * [`review_copy`]: the text of an open round as a DOCX a member comments on in Word,
//!   from the same writer as the sealed DOCX; `quyche_word::review` reads it back.
//! * [`mod@akn`]: Akoma Ntoso 3.0 of the approved text ([`Format::Akn`]) or of any draft
//!   revision ([`akn()`] with an [`Expression`]), saying which revision and whether draft
//!   or approved; written from the model (eIds from position, the stable id as `GUID`),
//!   not from the lines, and not read back by `verify`.
//! * [`mod@promulgation`]: the promulgation set, the decision then the sealed regulation
//!   in one DOCX (two sections, the regulation's pages numbered from 1) or one PDF (a
//!   page restart, and an embedded `quyche-set.json` counting the decision's words), from
//!   the same writers; `verify` reads the regulation part alone.
//! * [`redline_docx()`]: a `quyche_diff` redline as a DOCX with Word's tracked changes,
//!   on the same page; accepting every change gives the newer text, rejecting the older.
//! * [`redline_pdf()`]: the same redline's pieces typeset by `quyche-pdf`, inserted words
//!   underlined in blue, deleted ones struck through in red, moves noted under the article.

pub mod akn;
mod docx;
mod html;
mod lines;
mod markdown;
mod pdf;
pub mod promulgation;
mod redline_docx;
mod redline_pdf;
pub mod report;
mod review_copy;
mod seal;
mod text;

pub use akn::{akn, Expression};
pub use lines::{Omitted, Part};
pub use promulgation::{promulgation_pdf, promulgation_set, Decision};
pub use quyche_exchange::{SealSignature, SealStatement, SealVote};
pub use redline_docx::{redline_docx, Comparison, Standing, Version, REDLINE_MARK};
pub use redline_pdf::redline_pdf;
pub use review_copy::{review_copy, ReviewCopy, REVIEW_MARK};
pub use seal::Manifest;

use quyche_model::Document;
use serde::{Deserialize, Serialize};

/// The largest file [`verify`] reads, and the largest total it decompresses from a DOCX.
pub const MAX_VERIFY_BYTES: u64 = 64 * 1024 * 1024;

/// What the seal says: SHA-256 over the canonical text of the approved revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    /// 64 hex digits: `quyche_text::canonical_hash(doc)`.
    pub hash: String,
    pub regulation_id: String,
    pub revision: u32,
    /// `12/QĐ-LMHTX`.
    pub decision_no: Option<String>,
    /// ISO date, `2026-11-28`.
    pub approved_on: Option<String>,
    /// `Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An`.
    pub approved_by: Option<String>,
    /// The vote the signature covers; absent from unsigned seals and version-1 manifests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<SealVote>,
    /// The recording installation's signature over [`Seal::statement`], and its card.
    /// `None`: an unsigned seal ("niêm phong chưa ký"), never upgraded silently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<SealSignature>,
}

impl Seal {
    /// The facts the signature covers, in the one layout `quyche-exchange` defines.
    /// `None` when the seal lacks the vote, the decision or the date, which every signed
    /// seal has.
    pub fn statement(&self) -> Option<SealStatement> {
        Some(SealStatement {
            regulation_id: self.regulation_id.clone(),
            revision: self.revision,
            text_hash: self.hash.to_ascii_lowercase(),
            decision_no: self.decision_no.clone()?,
            approved_on: self.approved_on.clone()?,
            vote: self.vote.clone()?,
            approved_by: self.approved_by.clone(),
        })
    }

    /// Checks the signature against the seal's facts and the card it carries (not whether
    /// that card deserves trust: the caller's to decide).
    pub fn check_signature(&self) -> SignatureCheck {
        let Some(sig) = &self.signature else {
            return SignatureCheck::Missing;
        };
        let Some(statement) = self.statement() else {
            return SignatureCheck::Invalid(
                "niêm phong có chữ ký nhưng thiếu số quyết định, ngày hoặc kết quả biểu quyết"
                    .into(),
            );
        };
        match sig.check(&statement) {
            Ok(()) => SignatureCheck::Valid,
            Err(e) => SignatureCheck::Invalid(e.to_string()),
        }
    }
}

/// What [`Seal::check_signature`] found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "reason")]
pub enum SignatureCheck {
    /// Made by the key on the carried card, over exactly these facts.
    Valid,
    /// Present but wrong: the facts or the card were changed after signing, or it is
    /// damaged. The reason, one Vietnamese line.
    Invalid(String),
    /// An unsigned seal: made before seals were signed, or by hand.
    Missing,
}

impl SignatureCheck {
    /// `valid`, `invalid`, `missing`: the words of `verify --format json`.
    pub fn as_str(&self) -> &'static str {
        match self {
            SignatureCheck::Valid => "valid",
            SignatureCheck::Invalid(_) => "invalid",
            SignatureCheck::Missing => "missing",
        }
    }
}

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Docx,
    Html,
    Markdown,
    Text,
    /// Akoma Ntoso 3.0 XML ([`akn`]): for other systems to read, not sealed words that
    /// [`verify`] reads back, so it is not among [`Format::ALL`].
    Akn,
    /// PDF/A-3 on the Decree 30 page, typeset by `quyche-pdf` (typst), every font
    /// embedded; the manifest and the visible lines are embedded files (`pdf.rs`).
    Pdf,
}

impl Format {
    /// The formats that carry the seal's words and that [`verify`] reads back.
    pub const ALL: [Format; 4] = [Format::Docx, Format::Html, Format::Markdown, Format::Text];

    /// `docx`, `html`/`htm`, `md`/`markdown`, `txt`/`text`, `akn`; case-insensitive, a
    /// leading dot allowed.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.trim_start_matches('.').to_ascii_lowercase().as_str() {
            "docx" => Some(Format::Docx),
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            "pdf" => Some(Format::Pdf),
            "akn" => Some(Format::Akn),
            _ => None,
        }
    }

    /// The format of a file name by its extension: `quy-che.docx` → `Docx`.
    pub fn from_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1;
        Format::from_extension(ext)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Text => "txt",
            Format::Pdf => "pdf",
            Format::Akn => "akn",
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Html => "text/html; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Text => "text/plain; charset=utf-8",
            Format::Pdf => "application/pdf",
            Format::Akn => "application/akn+xml",
        }
    }
}

/// The result of [`verify`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// The seal the file claims (from its manifest).
    pub seal: Seal,
    /// The visible text hashes to the seal's hash and the footer shows that hash.
    pub matches: bool,
    /// Where the file differs, in Vietnamese: `Điều 5: khác với bản niêm phong`.
    /// Empty when `matches`.
    pub differences: Vec<String>,
    /// SHA-256 of the text rebuilt from the file.
    pub content_hash: String,
    /// The format the file was read as.
    pub format: Format,
    /// The seal's signature against its facts and the card it carries.
    pub signature: SignatureCheck,
}

/// Why an export or a verification failed. Messages are Vietnamese, one line.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file has no seal manifest.
    #[error("tệp không có dữ liệu niêm phong")]
    NoSeal,
    /// The file is damaged or not what it claims to be.
    #[error("tệp bị hỏng hoặc sai định dạng: {0}")]
    Malformed(String),
    /// The file, or what it decompresses to, exceeds [`MAX_VERIFY_BYTES`].
    #[error("tệp quá lớn: giới hạn 64 MB, kể cả phần giải nén")]
    TooLarge,
    /// [`export`] was given a seal over other words.
    #[error("mã niêm phong không khớp với nội dung văn bản: không thể xuất")]
    SealMismatch,
    /// [`verify`] could not tell the format from the content or the file name.
    #[error("không nhận ra định dạng tệp “{0}”")]
    UnknownFormat(String),
    /// The DOCX writer failed.
    #[error("không tạo được tệp DOCX: {0}")]
    Docx(String),
    /// The PDF typesetter failed (`quyche-pdf`'s message).
    #[error("{0}")]
    Pdf(String),
}

/// Exports `doc` under `seal`. The document's marks (`DỰ THẢO`) and notes are left out
/// of the visible text (see the crate docs).
pub fn export(doc: &Document, seal: &Seal, format: Format) -> Result<Vec<u8>, ExportError> {
    if quyche_text::canonical_hash(doc) != seal.hash.to_ascii_lowercase() {
        return Err(ExportError::SealMismatch);
    }
    let mut seal = seal.clone();
    seal.hash = seal.hash.to_ascii_lowercase();
    if format == Format::Akn {
        let date = seal.approved_on.as_deref().ok_or_else(|| {
            ExportError::Malformed("niêm phong thiếu ngày thông qua: không ghi được AKN".into())
        })?;
        let expr = Expression {
            regulation_id: &seal.regulation_id,
            revision: seal.revision,
            date,
            seal: Some(&seal),
        };
        return akn(doc, &expr);
    }
    let layout = lines::layout(doc);
    let manifest = Manifest::new(&seal, layout.parts.clone(), layout.omitted());
    match format {
        Format::Docx => docx::write(&layout, &docx::Stamp::Seal(&manifest)),
        Format::Html => Ok(html::write(&layout, &manifest).into_bytes()),
        Format::Markdown => Ok(markdown::write(&layout, &manifest).into_bytes()),
        Format::Text => Ok(text::write(&layout, &manifest).into_bytes()),
        Format::Pdf => pdf::write(&layout, &manifest),
        // Written above, without the layout it does not use.
        Format::Akn => akn(
            doc,
            &Expression {
                regulation_id: &seal.regulation_id,
                revision: seal.revision,
                date: "",
                seal: Some(&seal),
            },
        ),
    }
}

/// Checks an exported file against its seal. The format is read from the content (a ZIP
/// is DOCX; the manifest markers tell HTML, Markdown and text apart), the file name's
/// extension deciding only when the content does not.
pub fn verify(bytes: &[u8], file_name: &str) -> Result<Verification, ExportError> {
    if bytes.len() as u64 > MAX_VERIFY_BYTES {
        return Err(ExportError::TooLarge);
    }
    let format = detect(bytes, file_name)?;
    // The ZIP and XML readers are third-party code fed with untrusted bytes; a panic in
    // them must still come out as an error, never bring the app down.
    let result = std::panic::catch_unwind(|| {
        let extracted = match format {
            Format::Docx => docx::read(bytes)?,
            Format::Html => html::read(text_of(bytes)?)?,
            Format::Markdown => markdown::read(text_of(bytes)?)?,
            Format::Text => text::read(text_of(bytes)?)?,
            Format::Pdf => {
                // The embedded lines against the seal, and the page text against them.
                let (extracted, text_layer) = pdf::read(bytes)?;
                let mut v = seal::compare(extracted, format);
                if let Some(difference) = text_layer {
                    v.matches = false;
                    v.differences.push(difference);
                }
                return Ok(v);
            }
            Format::Akn => return Err(ExportError::NoSeal),
        };
        Ok(seal::compare(extracted, format))
    });
    match result {
        Ok(r) => r,
        Err(_) => Err(ExportError::Malformed("không đọc được nội dung tệp".into())),
    }
}

fn text_of(bytes: &[u8]) -> Result<&str, ExportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        ExportError::Malformed(format!("không phải UTF-8 hợp lệ tại byte {}", e.valid_up_to()))
    })
}

fn detect(bytes: &[u8], file_name: &str) -> Result<Format, ExportError> {
    if bytes.starts_with(b"PK") {
        return Ok(Format::Docx);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(Format::Pdf);
    }
    let by_name = Format::from_name(file_name);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let tail_start = bytes.len().saturating_sub(1 << 20);
    let tail = String::from_utf8_lossy(&bytes[tail_start..]);
    let html_like =
        head.trim_start().starts_with("<!doctype html") || head.trim_start().starts_with("<html");
    if html_like || tail.contains(html::MANIFEST_OPEN) {
        return Ok(Format::Html);
    }
    if tail.contains(markdown::MANIFEST_OPEN) {
        return Ok(Format::Markdown);
    }
    if tail.contains(text::BEGIN) {
        return Ok(Format::Text);
    }
    match by_name {
        Some(f) => Ok(f),
        // Readable text without any seal marker is simply an unsealed file.
        None if std::str::from_utf8(bytes).is_ok() => Err(ExportError::NoSeal),
        None => Err(ExportError::UnknownFormat(file_name.chars().take(80).collect())),
    }
}

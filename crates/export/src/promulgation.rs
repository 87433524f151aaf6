//! The promulgation set: the decision that issues a regulation, then the regulation, in one
//! DOCX ([`promulgation_set`]) or one PDF ([`promulgation_pdf`]) in the Decree 30 layout.
//!
//! The decision is written here, in the administrative style of such decisions:
//!
//! ```text
//! QUYẾT ĐỊNH
//! Về việc ban hành Quy chế làm việc của …
//! Căn cứ …;                        (the regulation's own bases, its preamble's “Căn cứ” lines)
//! Căn cứ kết quả biểu quyết …;     (the recorded vote)
//! QUYẾT ĐỊNH:
//! Điều 1. Ban hành kèm theo Quyết định này Quy chế …
//! Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
//! Điều 3. … chịu trách nhiệm thi hành Quyết định này.
//! Nơi nhận: …                      TM. …  CHỦ TỊCH  (name)
//! ```
//!
//! Its number, date and signer are the recorded approval's ([`Decision`], filled by the
//! caller from the approval record), so nothing is typed twice. The decision is composed as
//! a text and read by `quyche_text::parse`, as an imported text is, then laid out by the
//! same writer as the regulation: one page setup, one look.
//!
//! The regulation follows from a new page numbered 1 again (in DOCX a new section), as the
//! sealed export lays it out (its header reads “(Ban hành kèm theo Quyết định số … ngày
//! …)”, filled at approval), with its seal footer and manifest. `verify` is told where the
//! sealed words start (in DOCX a style on the regulation's first paragraph, in PDF the
//! count of the decision's words): the decision is outside the seal, so [`crate::verify`]
//! accepts the set exactly when the regulation inside is the sealed one.

use quyche_model::Document;

use crate::lines;
use crate::{docx, ExportError, Manifest, Seal};

/// The line before the decision's articles. Both writers set it centred and bold, as the
/// decree's model decision does (the text reads it as one more basis line).
pub(crate) const DECIDES: &str = "QUYẾT ĐỊNH:";

/// The decision's facts, from the recorded approval.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// `12/QĐ-LMHTX`: the approval's decision number.
    pub number: String,
    /// `ngày 28 tháng 11 năm 2026`: the approval's date in the decree's words
    /// (`quyche_review::promulgation::long_date`).
    pub long_date: String,
    /// `28/11/2026`.
    pub short_date: String,
    /// The votes, as the basis line says them: `20/27 ủy viên tán thành`.
    pub vote: String,
    /// The body that voted: `Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An` (the
    /// approval's approving body).
    pub approved_by: String,
    /// The signer's name: the approval's signer.
    pub signer: String,
    /// `CHỦ TỊCH`.
    pub signer_title: String,
}

/// The set: the decision, then `doc` under `seal`. Refuses a seal over other words, as
/// [`crate::export`] does.
pub fn promulgation_set(
    doc: &Document,
    seal: &Seal,
    decision: &Decision,
) -> Result<Vec<u8>, ExportError> {
    let (decision, regulation, manifest) = prepare(doc, seal, decision)?;
    docx::write_set(&decision, &regulation, &manifest)
}

/// The set as one PDF, typeset by `quyche-pdf`: the decision, then the regulation from a
/// page numbered 1 again, its seal footer and the embedded manifest and lines, so that
/// [`crate::verify`] accepts it exactly when the regulation inside is the sealed one.
pub fn promulgation_pdf(
    doc: &Document,
    seal: &Seal,
    decision: &Decision,
) -> Result<Vec<u8>, ExportError> {
    let (decision, regulation, manifest) = prepare(doc, seal, decision)?;
    crate::pdf::write_set(&decision, &regulation, &manifest)
}

/// The decision's layout, the regulation's and its manifest; a seal over other words is
/// refused, as [`crate::export`] does.
fn prepare(
    doc: &Document,
    seal: &Seal,
    decision: &Decision,
) -> Result<(lines::Layout, lines::Layout, Manifest), ExportError> {
    if quyche_text::canonical_hash(doc) != seal.hash.to_ascii_lowercase() {
        return Err(ExportError::SealMismatch);
    }
    let mut seal = seal.clone();
    seal.hash = seal.hash.to_ascii_lowercase();
    let layout = lines::layout(doc);
    let manifest = Manifest::new(&seal, layout.parts.clone(), layout.omitted());
    let decision_doc = quyche_text::parse(&decision_text(doc, decision)).document;
    let authority = decision.approved_by.to_uppercase();
    let mut decision = lines::layout(&decision_doc);
    for l in &mut decision.lines {
        if l.role == lines::Role::Article {
            l.role = lines::Role::Provision;
        } else if l.role == lines::Role::Title && l.text == authority {
            // The text reads it as the title's last line; the rule goes above it.
            l.role = lines::Role::Authority;
        }
    }
    Ok((decision, layout, manifest))
}

/// The decision as text, in the canonical line order `quyche_text::parse` reads.
pub fn decision_text(doc: &Document, d: &Decision) -> String {
    let h = &doc.header;
    let body = h.issuing_body.last().cloned().unwrap_or_default();
    // "BAN CHẤP HÀNH" of "TM. BAN CHẤP HÀNH": the collective that decides and signs.
    let collective = body_words(&body);
    let place = h
        .place_date
        .as_deref()
        .and_then(|pd| pd.split_once(','))
        .map(|(place, _)| place.trim().to_string())
        .filter(|p| !p.is_empty());
    let title = regulation_title(doc);
    let mut t = String::new();
    for line in &h.issuing_body {
        t.push_str(line);
        t.push('\n');
    }
    for line in &h.motto {
        t.push_str(line);
        t.push('\n');
    }
    t.push_str(&format!("Số: {}\n", d.number));
    match place {
        Some(p) => t.push_str(&format!("{p}, {}\n", d.long_date)),
        None => t.push_str(&format!("{}\n", capitalise(&d.long_date))),
    }
    t.push_str("QUYẾT ĐỊNH\n");
    t.push_str(&format!("Về việc ban hành {title}\n"));
    // The authority that decides, in capitals, as the decree's model decision has it.
    t.push_str(&format!("{}\n", d.approved_by.to_uppercase()));
    for line in doc.preamble.iter().filter(|l| l.trim_start().starts_with("Căn cứ")) {
        t.push_str(&with_semicolon(line));
        t.push('\n');
    }
    t.push_str(&format!(
        "Căn cứ kết quả biểu quyết của {} ngày {} ({});\n",
        d.approved_by, d.short_date, d.vote
    ));
    t.push_str(DECIDES);
    t.push('\n');
    t.push_str(&format!(
        "Điều 1. Ban hành kèm theo Quyết định này {title}.\n\
         Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\
         Điều 3. Các ủy viên {}, Văn phòng, các ban chuyên môn, đơn vị trực thuộc và các tổ \
         chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.\n",
        lower_first_word_case(&collective)
    ));
    t.push_str("Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n");
    // The regulation's own “TM. …” line when it has one: the same collective signs both.
    let on_behalf = doc
        .closing
        .iter()
        .find(|l| l.trim_start().starts_with("TM."))
        .cloned()
        .unwrap_or_else(|| format!("TM. {}", collective.to_uppercase()));
    t.push_str(&format!("{on_behalf}\n{}\n{}\n", d.signer_title, d.signer));
    t
}

/// `Quy chế làm việc của …`: the regulation's type and title as one phrase, without the
/// `(Ban hành kèm theo …)` line.
fn regulation_title(doc: &Document) -> String {
    let t = doc.display_title();
    if t.is_empty() {
        "Quy chế".into()
    } else {
        t
    }
}

/// `LIÊN MINH HTX TỈNH BÌNH AN` stays the body's name; the signing collective of a
/// working regulation is its Executive Committee.
fn body_words(body: &str) -> String {
    if body.to_uppercase().starts_with("BAN ") {
        body.to_string()
    } else {
        "Ban Chấp hành".to_string()
    }
}

fn with_semicolon(line: &str) -> String {
    let l = line.trim_end().trim_end_matches([';', '.', ',']);
    format!("{l};")
}

/// `BAN CHẤP HÀNH` → `Ban Chấp hành`; a name written in mixed case stays as written.
fn lower_first_word_case(s: &str) -> String {
    if s.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
        let lower = s.to_lowercase();
        let mut words = lower.split(' ');
        let mut out: Vec<String> = Vec::new();
        if let Some(w) = words.next() {
            out.push(capitalise(w));
        }
        if let Some(w) = words.next() {
            out.push(capitalise(w));
        }
        out.extend(words.map(str::to_string));
        out.join(" ")
    } else {
        s.to_string()
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

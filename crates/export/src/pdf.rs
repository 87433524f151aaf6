//! PDF: the same typed lines typeset by `quyche-pdf` (typst) on the Decree 30 page, the
//! seal footer under the text, and two embedded files: the [`Manifest`] (as in every
//! format) and the visible canonical lines with their index, which `verify` needs to
//! rebuild the canonical text exactly (a PDF's text layer has no paragraph boundaries).
//!
//! `verify` checks both sides: the embedded lines are hashed against the seal (as the
//! other formats' visible lines are), and the *text layer* (what a reader sees and
//! `pdftotext` extracts) must show exactly the words of those lines, in order, then the
//! footer. A PDF whose page text was edited, or whose embedded copy was swapped for
//! another text's, fails one of the two.

use crate::lines::{blocks, Block, Layout, Line};
use crate::seal::{footer_text, Extracted, Manifest, FOOTER_PREFIX};
use crate::ExportError;

/// The embedded manifest's file name.
pub(crate) const MANIFEST_FILE: &str = "quyche-seal.json";
/// The embedded visible lines: `[[index, text], …]`.
pub(crate) const LINES_FILE: &str = "quyche-lines.json";

fn line(l: &Line) -> quyche_pdf::Line {
    // A decision's “QUYẾT ĐỊNH:” is centred and bold, as the decree's model has it.
    if l.role == crate::lines::Role::Preamble && l.text == crate::promulgation::DECIDES {
        return quyche_pdf::Line::new("decides", &l.text);
    }
    quyche_pdf::Line::new(l.role.name(), &l.text)
}

pub(crate) fn write(layout: &Layout, manifest: &Manifest) -> Result<Vec<u8>, ExportError> {
    sealed(title(layout), page_blocks(layout), layout, manifest, Vec::new())
}

/// The promulgation set: the decision (outside the seal), then, from a page numbered 1
/// again, the regulation under `manifest`. A third file, [`SET_FILE`], says how many
/// words the decision shows, so that `verify` reads the regulation's words alone.
pub(crate) fn write_set(
    decision: &Layout,
    regulation: &Layout,
    manifest: &Manifest,
) -> Result<Vec<u8>, ExportError> {
    let mut blocks = page_blocks(decision);
    blocks.push(quyche_pdf::Block::Restart);
    blocks.extend(page_blocks(regulation));
    let words = decision.visible().map(|(_, l)| l.text.split_whitespace().count()).sum::<usize>();
    let set = quyche_pdf::Attachment {
        name: SET_FILE.into(),
        mime_type: "application/json".into(),
        description: "Số chữ của quyết định ban hành, trước quy chế được niêm phong".into(),
        bytes: serde_json::to_vec(&SetFile { decision_words: words }).unwrap_or_default(),
    };
    sealed(title(decision), blocks, regulation, manifest, vec![set])
}

/// The embedded file of a promulgation set.
pub(crate) const SET_FILE: &str = "quyche-set.json";

#[derive(serde::Serialize, serde::Deserialize)]
struct SetFile {
    decision_words: usize,
}

/// The document type and title, as one line: the PDF's title.
fn title(layout: &Layout) -> String {
    use crate::lines::Role;
    layout
        .lines
        .iter()
        .filter(|l| matches!(l.role, Role::DocType | Role::Title))
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The laid-out text as the page's blocks.
fn page_blocks(layout: &Layout) -> Vec<quyche_pdf::Block> {
    use crate::lines::Role;
    let lines = |ls: &[(usize, &Line)]| ls.iter().map(|(_, l)| line(l)).collect::<Vec<_>>();
    let mut out = Vec::new();
    // The header block as two rows, so that the text layer reads it in canonical order:
    // issuing body, national name and motto, then number, place and date.
    let [left, right] = layout.header_columns();
    if !left.is_empty() || !right.is_empty() {
        let split = |col: &[(usize, &Line)], low: &[Role]| {
            let (a, b): (Vec<_>, Vec<_>) = col.iter().partition(|(_, l)| !low.contains(&l.role));
            (lines(&a), lines(&b))
        };
        let (issuer, number) = split(&left, &[Role::Number]);
        let (motto, place) = split(&right, &[Role::PlaceDate]);
        out.push(quyche_pdf::Block::Pair {
            left_width: 42,
            rows: vec![
                quyche_pdf::PairRow { left: issuer, right: motto },
                quyche_pdf::PairRow { left: number, right: place },
            ],
        });
    }
    for block in blocks(&layout.below_header()) {
        match block {
            Block::TitleRule => out.push(quyche_pdf::Block::Rule),
            Block::Line(_, l) => out.push(quyche_pdf::Block::Line { line: line(l) }),
            Block::Closing(rows) => out.push(quyche_pdf::Block::Pair {
                left_width: 50,
                rows: rows
                    .iter()
                    .map(|(r, s)| quyche_pdf::PairRow { left: lines(r), right: lines(s) })
                    .collect(),
            }),
        }
    }
    out
}

/// `blocks` typeset with the seal footer after them, the manifest and the sealed
/// `text`'s visible lines embedded (and `more` files).
fn sealed(
    title: String,
    blocks: Vec<quyche_pdf::Block>,
    text: &Layout,
    manifest: &Manifest,
    more: Vec<quyche_pdf::Attachment>,
) -> Result<Vec<u8>, ExportError> {
    let date = manifest.seal.approved_on.as_deref().and_then(iso_date).ok_or_else(|| {
        ExportError::Pdf("niêm phong thiếu ngày thông qua: không ghi được PDF/A".into())
    })?;
    let visible: Vec<(usize, &str)> = text.visible().map(|(i, l)| (i, l.text.as_str())).collect();
    let mut attachments = vec![
        quyche_pdf::Attachment {
            name: MANIFEST_FILE.into(),
            mime_type: "application/json".into(),
            description: "Dữ liệu niêm phong Quyche".into(),
            bytes: manifest.to_safe_json().into_bytes(),
        },
        quyche_pdf::Attachment {
            name: LINES_FILE.into(),
            mime_type: "application/json".into(),
            description: "Các dòng văn bản hiển thị, theo thứ tự văn bản chuẩn".into(),
            bytes: serde_json::to_vec(&visible).unwrap_or_default(),
        },
    ];
    attachments.extend(more);
    let doc = quyche_pdf::Document {
        title,
        date: Some(date),
        landscape: false,
        blocks,
        footer: Some(footer_text(&manifest.seal)),
        attachments,
    };
    quyche_pdf::typeset(&doc).map_err(|e| ExportError::Pdf(e.to_string()))
}

/// `2026-11-28` → `(2026, 11, 28)`.
pub(crate) fn iso_date(iso: &str) -> Option<(i32, u8, u8)> {
    let mut p = iso.splitn(3, '-');
    let (y, m, d) = (p.next()?.parse().ok()?, p.next()?.parse().ok()?, p.next()?.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// The file's embedded lines, manifest and visible footer, and where its text layer
/// differs from those lines (`None`: it shows exactly their words).
pub(crate) fn read(bytes: &[u8]) -> Result<(Extracted, Option<String>), ExportError> {
    let contents = quyche_pdf::read(bytes).map_err(|e| match e {
        quyche_pdf::PdfError::TooLarge => ExportError::TooLarge,
        e => ExportError::Malformed(e.to_string()),
    })?;
    let file = |name: &str| contents.attachments.iter().find(|(n, _)| n == name).map(|(_, b)| b);
    let manifest = file(MANIFEST_FILE).ok_or(ExportError::NoSeal)?;
    let manifest = Manifest::from_json(&String::from_utf8_lossy(manifest))?;
    let lines = file(LINES_FILE)
        .ok_or_else(|| ExportError::Malformed(format!("thiếu tệp đính kèm “{LINES_FILE}”")))?;
    let mut lines: Vec<(usize, String)> = serde_json::from_slice(lines).map_err(|e| {
        ExportError::Malformed(format!("tệp đính kèm “{LINES_FILE}” không đọc được: {e}"))
    })?;
    lines.sort_by_key(|(i, _)| *i);
    let lines: Vec<String> = lines.into_iter().map(|(_, t)| t).collect();

    // A promulgation set: the decision's words come first, outside the seal.
    let decision_words = match file(SET_FILE) {
        Some(b) => {
            serde_json::from_slice::<SetFile>(b)
                .map_err(|e| {
                    ExportError::Malformed(format!("tệp đính kèm “{SET_FILE}” không đọc được: {e}"))
                })?
                .decision_words
        }
        None => 0,
    };
    let shown = shown_words(&contents.pages, decision_words);
    let prefix: Vec<&str> = FOOTER_PREFIX.split_whitespace().collect();
    let at = (0..shown.len().saturating_sub(prefix.len() - 1))
        .rev()
        .find(|&k| shown[k..k + prefix.len()] == prefix[..]);
    let (body, footer) = match at {
        Some(k) => (&shown[..k], Some(shown[k..].join(" "))),
        None => (&shown[..], None),
    };
    let expected: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
    let text_layer = first_difference(&expected, body);
    Ok((Extracted { manifest, lines, footer }, text_layer))
}

/// The words the pages show after the first `skip` (a set's decision), each page's
/// number (from the second page on, drawn first, in the top margin) left out. The
/// regulation of a set starts on a new page numbered 1 again.
fn shown_words(pages: &[String], skip: usize) -> Vec<&str> {
    let mut words = Vec::new();
    let (mut skip, mut first) = (skip, 0);
    for (k, page) in pages.iter().enumerate() {
        let mut w = page.split_whitespace().peekable();
        if k > first && w.peek() == Some(&(k - first + 1).to_string().as_str()) {
            w.next();
        }
        for word in w {
            if skip > 0 {
                skip -= 1;
            } else {
                words.push(word);
            }
        }
        if skip == 0 && first == 0 && k + 1 < pages.len() && words.is_empty() {
            // The decision ended with this page: the regulation's pages count from 1.
            first = k + 1;
        }
    }
    words
}

/// Where the text layer's words stop being the embedded lines' words, in one Vietnamese
/// line; `None` when they are the same.
fn first_difference(expected: &[&str], shown: &[&str]) -> Option<String> {
    let k = expected.iter().zip(shown).take_while(|(a, b)| a == b).count();
    if k == expected.len() && k == shown.len() {
        return None;
    }
    let word = |w: Option<&&str>| w.map_or("(hết)".to_owned(), |w| format!("“{w}”"));
    Some(format!(
        "lớp chữ hiển thị của PDF khác với các dòng đính kèm từ chữ thứ {}: trang hiện {}, bản đính kèm là {}",
        k + 1,
        word(shown.get(k)),
        word(expected.get(k))
    ))
}

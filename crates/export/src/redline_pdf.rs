//! The redline as PDF (`quyche diff … --format pdf`): the same pieces as the Word redline
//! ([`crate::redline_docx()`] cuts both texts into pieces, checks that each piece's spans
//! rebuild both sides, and notes moves, splits and merges), typeset by `quyche-pdf` on the
//! Decree 30 page, every font embedded.
//!
//! A PDF has no tracked changes, so the marks are drawn: inserted words underlined in
//! blue, deleted words struck through in red (legible in black and white too), and the
//! note on a moved or split article, a Word comment in the DOCX, is a small italic line
//! under the article's first line. The boxed mark `BẢN SO SÁNH THAY ĐỔI` and the line that
//! says which versions are compared and whether each is a draft or approved open the first
//! page and end the text. The same pair gives the same bytes: the date is the newer
//! revision's (none for two files), nothing is read from the clock.

use quyche_diff::{Op, Redline};

use crate::lines::layout;
use crate::redline_docx::{body_paras, compared, header_paras, Para};
use crate::{Comparison, ExportError, REDLINE_MARK};

/// The redline of `comparison.old` → `comparison.new` as a PDF; `redline` as for
/// [`crate::redline_docx()`].
pub fn redline_pdf(redline: &Redline, comparison: &Comparison<'_>) -> Result<Vec<u8>, ExportError> {
    let (old, new) = (layout(comparison.old.doc), layout(comparison.new.doc));
    let author = quyche_text::replace_unsafe_chars(comparison.author).replace(['\n', '\r'], " ");
    let statement = format!(
        "{} · chữ thêm gạch dưới (màu xanh), chữ bỏ gạch ngang (màu đỏ)",
        compared(comparison, &author)
    );
    let mut blocks = vec![
        quyche_pdf::Block::Line { line: quyche_pdf::Line::new("banner", REDLINE_MARK) },
        quyche_pdf::Block::Line { line: quyche_pdf::Line::new("note", &statement) },
    ];
    if let Some([left, right]) = header_paras(&old, &new) {
        let column = |ps: Vec<Para>| ps.into_iter().flat_map(lines).collect::<Vec<_>>();
        blocks.push(quyche_pdf::Block::Pair {
            left_width: 42,
            rows: vec![quyche_pdf::PairRow { left: column(left), right: column(right) }],
        });
    }
    for p in body_paras(redline, &old, &new) {
        blocks.extend(lines(p).into_iter().map(|line| quyche_pdf::Block::Line { line }));
    }
    let date = comparison.date.and_then(|d| crate::pdf::iso_date(d.get(..10)?));
    let doc = quyche_pdf::Document {
        title: format!(
            "{REDLINE_MARK}: {} → {}",
            comparison.old.described(),
            comparison.new.described()
        ),
        date,
        landscape: false,
        blocks,
        footer: Some(statement),
        attachments: Vec::new(),
    };
    quyche_pdf::typeset(&doc).map_err(|e| ExportError::Pdf(e.to_string()))
}

/// A paragraph of the redline as its marked line, then its note, if any.
fn lines(p: Para) -> Vec<quyche_pdf::Line> {
    let spans: Vec<quyche_pdf::Span> = p
        .runs
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(op, text)| quyche_pdf::Span {
            text,
            change: match op {
                Op::Equal => quyche_pdf::Change::Same,
                Op::Insert => quyche_pdf::Change::Inserted,
                Op::Delete => quyche_pdf::Change::Deleted,
            },
        })
        .collect();
    let mut out = Vec::new();
    if !spans.is_empty() {
        out.push(quyche_pdf::Line::marked(p.role.name(), spans));
    }
    if let Some(note) = p.note {
        out.push(quyche_pdf::Line::new("note", &format!("[Ghi chú: {note}]")));
    }
    out
}

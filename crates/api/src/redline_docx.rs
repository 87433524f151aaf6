//! The redline as a Word file with tracked changes (`quyche diff … --format docx -o FILE`,
//! and the redline view's “Xuất bản so sánh (Word)…”) or as a PDF (`--format pdf`): the
//! redline of the CLI's other formats, written by `quyche_export::redline_docx` and
//! `quyche_export::redline_pdf` from the same pieces.
//!
//! Every change carries the newer side's author and time: two stored revisions name the
//! newer revision's author and save time; two files name no one but the app (`Quyche`)
//! and carry no date, since a file says neither. The file says which versions it compares
//! and whether each is a draft or the approved text (or a file from outside the library).

use std::path::Path;

use quyche_diff::Alignment;
use quyche_export::{Comparison, Standing, Version};

use crate::export::write_atomically;
use crate::{parse_input, read_input, Quyche, Result};

/// The author a redline of two files names: a file carries none.
const FILE_AUTHOR: &str = "Quyche";

/// How a redline is written: the Word file or the PDF.
type Writer = fn(
    &quyche_diff::Redline,
    &Comparison<'_>,
) -> std::result::Result<Vec<u8>, quyche_export::ExportError>;

/// Two independent texts, articles paired by content, written by `write`.
fn diff_files_with(old: &Path, new: &Path, write: Writer) -> Result<Vec<u8>> {
    let (old_name, old_bytes) = read_input(old)?;
    let (new_name, new_bytes) = read_input(new)?;
    let o = parse_input(&old_name, &old_bytes)?.document;
    let n = parse_input(&new_name, &new_bytes)?.document;
    let r = quyche_diff::redline(&o, &n, Alignment::ByContent, &crate::reproducible_diff());
    let c = Comparison {
        old: Version { doc: &o, name: &old_name, standing: Standing::File },
        new: Version { doc: &n, name: &new_name, standing: Standing::File },
        author: FILE_AUTHOR,
        date: None,
    };
    Ok(write(&r, &c)?)
}

/// `quyche diff OLD NEW --format docx`: two independent texts, articles paired by content.
pub fn diff_files_docx(old: &Path, new: &Path) -> Result<Vec<u8>> {
    diff_files_with(old, new, quyche_export::redline_docx)
}

/// [`diff_files_docx`], written to `path` (atomically).
pub fn diff_files_docx_to(old: &Path, new: &Path, path: &Path) -> Result<()> {
    write_atomically(path, &diff_files_docx(old, new)?)
}

/// `quyche diff OLD NEW --format pdf`: the same redline as [`diff_files_docx`], typeset
/// as a PDF (inserted words underlined, deleted ones struck through).
pub fn diff_files_pdf(old: &Path, new: &Path) -> Result<Vec<u8>> {
    diff_files_with(old, new, quyche_export::redline_pdf)
}

/// [`diff_files_pdf`], written to `path` (atomically).
pub fn diff_files_pdf_to(old: &Path, new: &Path, path: &Path) -> Result<()> {
    write_atomically(path, &diff_files_pdf(old, new)?)
}

/// The writer of a redline file format: `docx` or `pdf`; anything else is bad input.
pub(crate) fn redline_writer(format: &str) -> Result<Writer> {
    match format {
        "docx" => Ok(quyche_export::redline_docx),
        "pdf" => Ok(quyche_export::redline_pdf),
        other => Err(crate::ApiError::bad_input(format!(
            "định dạng bản so sánh không hợp lệ: {other} (docx|pdf)"
        ))),
    }
}

impl Quyche {
    /// Two stored revisions, paired by id, written by `write`.
    fn redline_with(&self, id: &str, from: u32, to: u32, write: Writer) -> Result<Vec<u8>> {
        let old = self.archive.load(id, Some(from))?;
        let new = self.archive.load(id, Some(to))?;
        let history = self.history(id)?;
        let info = |n: u32| history.iter().find(|r| r.number == n);
        let standing = |n: u32| match info(n).and_then(|r| r.approval.as_ref()) {
            Some(_) => Standing::Approved,
            None => Standing::Draft,
        };
        let newer = info(to);
        let (old_name, new_name) = (format!("phiên bản {from}"), format!("phiên bản {to}"));
        let r = quyche_diff::redline(
            &old.document,
            &new.document,
            Alignment::ById,
            &crate::reproducible_diff(),
        );
        let c = Comparison {
            old: Version { doc: &old.document, name: &old_name, standing: standing(from) },
            new: Version { doc: &new.document, name: &new_name, standing: standing(to) },
            author: newer.map_or(FILE_AUTHOR, |r| r.author.as_str()),
            date: newer.map(|r| r.time.as_str()),
        };
        Ok(write(&r, &c)?)
    }

    /// A stored revision and a text file (what someone sent back), articles paired by
    /// content, as the redline view compares them ([`Quyche::redline_with_file`]): the
    /// file is the newer side, with no author or date, since a file says neither.
    fn redline_with_file_as(
        &self,
        id: &str,
        revision: u32,
        path: &Path,
        write: Writer,
    ) -> Result<Vec<u8>> {
        let old = self.archive.load(id, Some(revision))?;
        let (file_name, bytes) = read_input(path)?;
        let new = parse_input(&file_name, &bytes)?.document;
        let approved =
            self.history(id)?.iter().any(|r| r.number == revision && r.approval.is_some());
        let old_name = format!("phiên bản {revision}");
        let r = quyche_diff::redline(
            &old.document,
            &new,
            Alignment::ByContent,
            &crate::reproducible_diff(),
        );
        let c = Comparison {
            old: Version {
                doc: &old.document,
                name: &old_name,
                standing: if approved { Standing::Approved } else { Standing::Draft },
            },
            new: Version { doc: &new, name: &file_name, standing: Standing::File },
            author: FILE_AUTHOR,
            date: None,
        };
        Ok(write(&r, &c)?)
    }

    /// The redline of revision `revision` against the text file at `path`, as Word with
    /// tracked changes (`docx`) or as a PDF (`pdf`).
    pub fn redline_with_file_as_format(
        &self,
        id: &str,
        revision: u32,
        path: &Path,
        format: &str,
    ) -> Result<Vec<u8>> {
        self.redline_with_file_as(id, revision, path, redline_writer(format)?)
    }

    /// `quyche --db DIR diff ID A B --format docx`: two stored revisions, paired by id.
    pub fn redline_docx(&self, id: &str, from: u32, to: u32) -> Result<Vec<u8>> {
        self.redline_with(id, from, to, quyche_export::redline_docx)
    }

    /// Revisions `from` → `to` as `docx` or `pdf` ([`Quyche::redline_docx`],
    /// [`Quyche::redline_pdf`]).
    pub fn redline_as_format(&self, id: &str, from: u32, to: u32, format: &str) -> Result<Vec<u8>> {
        self.redline_with(id, from, to, redline_writer(format)?)
    }

    /// [`Quyche::redline_docx`], written to `path` (atomically).
    pub fn redline_docx_to(&self, id: &str, from: u32, to: u32, path: &Path) -> Result<()> {
        write_atomically(path, &self.redline_docx(id, from, to)?)
    }

    /// `quyche --db DIR diff ID A B --format pdf`: [`Quyche::redline_docx`]'s redline as a
    /// PDF, dated the newer revision's save day.
    pub fn redline_pdf(&self, id: &str, from: u32, to: u32) -> Result<Vec<u8>> {
        self.redline_with(id, from, to, quyche_export::redline_pdf)
    }

    /// [`Quyche::redline_pdf`], written to `path` (atomically).
    pub fn redline_pdf_to(&self, id: &str, from: u32, to: u32, path: &Path) -> Result<()> {
        write_atomically(path, &self.redline_pdf(id, from, to)?)
    }
}

//! Typesets a regulation into an A4 PDF in the Decree 30/2020 layout, in process, with
//! [typst](https://typst.app) as a library; and reads such a PDF back for `verify`.
//!
//! This is the one crate of the workspace that knows typst (and its PDF reader, hayro).
//! It knows nothing of regulations either: `quyche-export` lays a regulation out once as
//! typed lines (`lines.rs`) and hands them here as a [`Document`] of [`Block`]s whose
//! [`Line`]s carry the role names of that layout (`issuer`, `motto`, `article`, …). The
//! look of each role (size, weight, alignment, indent) is decided in one place, the typst
//! page `src/decree30.typ`, as the HTML export decides it in its CSS.
//!
//! # What the page is
//!
//! * A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; the page number centred
//!   in the top margin from the second page on.
//! * Liberation Serif (metric-compatible with Times New Roman, every Vietnamese letter),
//!   14 pt, in its four faces. The fonts are part of the build (`fonts/`, with their
//!   licence, `include_bytes!`): every machine renders the same, no system font and none
//!   of typst's own fonts is looked up, and every font is embedded (subset) in the PDF.
//! * No hyphenation and no case change: the text layer holds the words exactly as given,
//!   which is what `pdftotext` and [`read`] see.
//! * PDF/A-3b, so that files can be attached: [`Attachment`]s (the seal manifest) are
//!   embedded files of the document.
//!
//! # Safety of the input
//!
//! Every word reaches typst as data: the [`Document`] as JSON and the attachments as
//! bytes through `sys.inputs`, read by the page with `json(…)`; nothing is ever spliced
//! into markup, so a line reading `#panic()` or `]` is printed, not run. The page needs
//! no file, no package and no date: any other access is refused by the world.
//!
//! # Reading back
//!
//! [`read`] opens a PDF from untrusted bytes (size-capped, a panic in the parser turned
//! into an error) and returns its embedded files and its text layer, page by page: the
//! characters each page shows, through each font's `ToUnicode` map. The caller decides
//! what they must say (`quyche_export::verify`).

mod read;
mod world;

pub use read::{read, Contents, MAX_READ_BYTES};

use serde::Serialize;

/// A document to typeset: blocks of lines, an optional seal footer after the text, and
/// files to embed.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    /// The PDF's title (its metadata and the reader's window).
    pub title: String,
    /// The document's date as year, month, day (an approved text: its approval date),
    /// passed in, never read from the clock. `None` writes no date, and then the file is a
    /// plain PDF rather than PDF/A, which requires one: a redline of two files from
    /// outside the library has no date to give.
    pub date: Option<(i32, u8, u8)>,
    /// A4 turned sideways, for a wide table (the response report).
    pub landscape: bool,
    pub blocks: Vec<Block>,
    /// A small italic line under a rule after the text: the seal footer.
    pub footer: Option<String>,
    #[serde(skip)]
    pub attachments: Vec<Attachment>,
}

/// One line of text, laid out by its role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    /// A role name of `quyche-export`'s layout (`issuer`, `article`, `clause`, …), or
    /// `heading`, `cell`, `cell-head`; an unknown role is a justified, indented paragraph.
    pub role: String,
    pub text: String,
    /// The line's words as marked pieces (a redline's inserted and deleted words), whose
    /// texts make up `text`; empty for a line that is all one piece.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
}

impl Line {
    pub fn new(role: &str, text: &str) -> Line {
        Line { role: role.to_owned(), text: text.to_owned(), spans: Vec::new() }
    }

    /// A line of marked pieces: inserted words underlined in blue, deleted words struck
    /// through in red, the rest as [`Line::new`] sets them.
    pub fn marked(role: &str, spans: Vec<Span>) -> Line {
        let text = spans.iter().map(|s| s.text.as_str()).collect();
        Line { role: role.to_owned(), text, spans }
    }
}

/// A piece of a [`Line`] and whether it was inserted or deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub change: Change,
}

/// What a redline says of a [`Span`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Inserted,
    Deleted,
}

/// One piece of the page, in reading order.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Line {
        line: Line,
    },
    /// The short rule under the document type and title.
    Rule,
    /// A new page whose number is 1 again: the next document of a set (the regulation
    /// after the decision that promulgates it). Its first page, like any first page,
    /// shows no number.
    Restart,
    /// Two columns side by side, row by row: the header block (issuing body | national
    /// name and motto, then number | place and date) and the closing block (recipients |
    /// signature). `left_width` is the left column's share of the text width, in percent.
    Pair {
        left_width: u32,
        rows: Vec<PairRow>,
    },
    /// A ruled table; `widths` are the columns' relative widths, every row has as many
    /// cells, and each cell is a stack of lines.
    Table {
        widths: Vec<u32>,
        rows: Vec<Vec<Vec<Line>>>,
    },
}

/// One row of a [`Block::Pair`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct PairRow {
    pub left: Vec<Line>,
    pub right: Vec<Line>,
}

/// A file embedded in the PDF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// The file name shown by a PDF reader, and what [`read`] returns it under.
    pub name: String,
    pub mime_type: String,
    pub description: String,
    pub bytes: Vec<u8>,
}

/// Why typesetting or reading a PDF failed. Messages are Vietnamese, one line.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PdfError {
    /// typst refused the document (a bug of the page, never of the text): its first
    /// error.
    #[error("không dàn trang được tệp PDF: {0}")]
    Typeset(String),
    /// The bytes are not a PDF this crate can read.
    #[error("tệp PDF bị hỏng hoặc không đọc được: {0}")]
    Malformed(String),
    /// Over [`MAX_READ_BYTES`].
    #[error("tệp PDF quá lớn: giới hạn 64 MB, kể cả phần giải nén")]
    TooLarge,
}

/// Typesets `doc` into the bytes of a PDF/A-3b file. Deterministic: the same document
/// gives the same bytes (no date or random identifier is written).
pub fn typeset(doc: &Document) -> Result<Vec<u8>, PdfError> {
    world::typeset(doc)
}

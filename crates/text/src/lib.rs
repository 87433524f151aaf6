//! Plain-text parser and canonical renderer of Vietnamese legal documents
//! (*luật*, *nghị định*, *quy chế*, drafts and outlines).
//!
//! # Reading a file
//!
//! ```
//! let bytes = "Điều 1. Phạm vi\r\n1. Quy chế này quy định…\r\n".as_bytes();
//! let text = quyche_text::decode(bytes)?;          // size limit, BOM, UTF-8, CRLF, NFC
//! let parsed = quyche_text::parse(&text);         // never fails, never panics
//! assert_eq!(parsed.document.stats().articles, 1);
//! for d in &parsed.diagnostics {
//!     eprintln!("dòng {}: {}", d.line, d.message);
//! }
//! print!("{}", quyche_text::render(&parsed.document));
//! # Ok::<(), quyche_text::InputError>(())
//! ```
//!
//! # What is recognised
//!
//! The text is read line by line. Blank lines only separate paragraphs; leading and
//! trailing whitespace is trimmed and runs of spaces, tabs and non-breaking spaces become
//! one space. Line ends may be LF, CRLF or CR.
//!
//! **Notes.** Leading lines that start with `#` (such as a `# SOURCE:` line).
//!
//! **Header** (*thể thức*), until the preamble or the first heading:
//! * the issuing body (`QUỐC HỘI`, `LIÊN MINH HTX VIỆT NAM`…), one entry per line;
//! * the national motto `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM` (or `CỘNG HOÀ`) and
//!   `Độc lập - Tự do - Hạnh phúc`, or `ĐẢNG CỘNG SẢN VIỆT NAM` for party bodies. Two-column
//!   headers flattened onto one line (`QUỐC HỘI CỘNG HÒA …`, `… VIỆT NAM Độc lập - …`) are
//!   split back into fields, and rules (`-------`, `*****`) are dropped;
//! * the number: `Số: 12/QĐ-LMHTX`, `Luật số: 17/2023/QH15`, `Nghị quyết số: …`;
//! * marks such as `DỰ THẢO`, `(Dự thảo)`, `DỰ THẢO 2`;
//! * the place and date, `Hà Nội, ngày 20 tháng 6 năm 2023`, blanks allowed;
//! * the document type: a known type (`LUẬT`, `QUY CHẾ`, `QUYẾT ĐỊNH`…) or the first
//!   UPPERCASE line after the number or date (`ĐỀ CƯƠNG CHI TIẾT`);
//! * title lines after it, in any case (`Làm việc của Ban Chấp hành …`,
//!   `(Ban hành kèm theo Quyết định số …)`).
//!
//! **Preamble**: from the first line starting with `Căn cứ`, `Theo đề nghị` or
//! `Xét đề nghị` up to the first heading, the enacting sentence included.
//!
//! **Body**:
//! * parts `Phần thứ nhất`, `PHẦN THỨ HAI`, `Phần I`; chapters `Chương I`, `Chương 1.`,
//!   `Chương 1:`, `CHƯƠNG I`; sections `Mục 1. TITLE`, `Mục 1: TITLE`, `MỤC 1. TITLE`. The
//!   title may be on the heading line (after `.`, `:`, `-`, or directly when UPPERCASE) or
//!   on the next line; an UPPERCASE title wrapped over several lines is joined;
//! * articles `Điều 5. Title`, `Điều 5: Title`, `Điều 28, Title` (stray comma) and untitled
//!   `Điều 5` whose text follows on the next line;
//! * inside an article only: clauses `1.`, points `a)` … `y)` in the Vietnamese order
//!   `a b c d đ e g h i k l m n o p q r s t u v x y`, sub-points `- ` or `– `. A `+` item
//!   stays text of the unit above it. A `1.` line outside an article is plain text;
//! * any other line is a paragraph of the deepest open unit (an article's lead text, or a
//!   clause's continuation, or text after a list).
//!
//! A heading needs its keyword, a space and a numeral, so `Chương trình…`, `Mục tiêu…`,
//! `Mục đích…`, `Điều kiện…`, `Điều chỉnh…` and `Chương II của Luật này…` are text.
//! Quoted text is text: a line starting with `“` or `"`, and every line of a quotation
//! that stays open across lines (curly quotes are balanced; a straight `"` opens a block
//! only at the start of a line's text with an odd count). So an amending clause can quote
//! `“Điều 5. …` … `2. …”.` without creating an article.
//!
//! **Closing block**: after the last heading, from the first adoption sentence (`Luật này
//! (đã) được Quốc hội … thông qua …`, also `Quy chế này`, `Nghị quyết này`…), `Nơi nhận:`,
//! authority mark (`TM.`, `KT.`, `TL.`, `TUQ.`, `Q.`) or UPPERCASE line such as
//! `CHỦ TỊCH QUỐC HỘI`, through the end.
//!
//! **Numbers are never stored**: the model derives them from position. Source numbers are
//! only compared with the previous one to report [`Diagnostic`]s (`numbering-gap`,
//! `numbering-duplicate`, `numbering-order`, `point-letter`, `quote-unclosed`), each with
//! its line number.
//!
//! # The canonical format
//!
//! [`render`] prints one element per line, no blank lines, LF line ends and a final newline:
//!
//! ```text
//! # SOURCE: …                        notes
//! QUỐC HỘI                           issuing body
//! CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM motto
//! Độc lập - Tự do - Hạnh phúc
//! Luật số: 17/2023/QH15              number
//! DỰ THẢO                            marks
//! Hà Nội, ngày 20 tháng 6 năm 2023   place and date
//! LUẬT                               document type
//! HỢP TÁC XÃ                         title
//! Căn cứ …;                          preamble
//! Quốc hội ban hành Luật Hợp tác xã.
//! Phần I                             part, title on the next line
//! Chương I                           chapter, title on the next line
//! NHỮNG QUY ĐỊNH CHUNG
//! Mục 1. THÀNH VIÊN                  section, one line
//! Điều 1. Phạm vi điều chỉnh         article ("Điều 1" when untitled)
//! lead paragraph
//! 1. clause text
//! a) point text
//! - sub-point text
//! Luật này được Quốc hội … thông qua …   closing
//! CHỦ TỊCH QUỐC HỘI
//! ```
//!
//! Markers come from the model's [`quyche_model::Numbering`], so the output is always
//! numbered in sequence whatever the source said.
//!
//! # Lines that look like structure
//!
//! Render never escapes or rewrites a word, so the seal of a real text never changes
//! (`tests/roundtrip.rs` pins the hashes of the vendored laws and the demo). Instead the
//! rule is: **a piece of text is stored where render puts it on a line of its own only
//! if that line reads back as the same piece.** Concretely:
//!
//! * a body line that is a heading (`Điều 5.`, `Chương I`, a rule glued to one) starts a
//!   unit wherever it stands, outside a quotation; `1.`, `a)` and `- ` start a clause,
//!   point or sub-point inside an article and are text outside one, which is exactly how
//!   a paragraph of a chapter is read back;
//! * in the header, a rule (three or more of `- * _ = – — ~`) or a motto splits a line
//!   into fields as a line break would. A piece that on its own line would be a heading
//!   ends the header there: the body starts with it, then the rest of that line as a line
//!   of its own. A piece that opens the preamble (`Căn cứ`, `Xét đề nghị`) starts the
//!   preamble with the rest of the line. A piece that is only a rule is dropped;
//! * a chapter or part title that would read as a heading (or a rule glued to one) on
//!   its own line stays on the heading line: `Chương I. Điều 5. X`;
//! * points after `y)` are numbered `aa)`, `bb)` … as the model does, and read back so;
//! * a line is NFC again after an invisible character (U+FEFF, U+200B, U+2060, U+00AD)
//!   is dropped from it, since that character may have kept an accent apart from its
//!   letter.
//!
//! # Guarantees
//!
//! * [`parse`] never panics and always returns a document.
//! * Input is NFC-normalised first, so NFD and NFC input give the same [`Parsed`]. NFC
//!   keeps tone placement as written: `hòa` and `hoà` stay distinct.
//! * CRLF input gives the same result as LF input.
//! * Round trip: `parse(&render(&parse(x).document)).document == parse(x).document`, ids
//!   included (ids are allocated in document order from 0), and rendering is idempotent.
//!   It holds on any input, not only on real texts: the `parse` fuzz target
//!   (`fuzz/`, in the test command) asserts it, and `tests/roundtrip/` keeps every input
//!   it once failed on.
//! * [`render_article_text`] does not depend on the article's number, so a renumbered
//!   article with the same words gives the same string.
//!
//! # Safe text
//!
//! [`decode`] and [`parse_article_body`] refuse control characters (but tab and line
//! ends), bidi overrides and direction marks, naming the line and column; the other
//! entries (names, comments, reasons) call [`check_safe_field`]. The rule is
//! [`is_unsafe_char`], in one place, with its reasons in `safe.rs`.
//!
//! # Limits
//!
//! * A decision followed by the regulation it issues, in one file, reads as one document:
//!   the decision's closing lines become text of its last article.
//! * The round trip needs numbers the parser reads: more than 999 clauses in one article,
//!   more than 999,999 articles, or 20,000 chapters or parts render markers (`1000.`…)
//!   that read back as text.
//! * A quotation opened and never closed makes the rest of the body text; a
//!   `quote-unclosed` diagnostic points at the opening line.

mod body;
mod classify;
mod encoding;
mod files;
mod header;
mod legacy;
mod normalize;
pub mod references;
mod render;
mod safe;
pub mod structure;
pub mod templates;

pub use crate::encoding::{cp1258_char, decode_cp1258, Encoding};
pub use crate::files::{file_problem, log_os_error};
pub use crate::legacy::{from_legacy, legacy_font, LegacyFont};
pub use crate::normalize::{pair_bits, PAIR_WINDOW};
pub use crate::references::{
    find_references, find_references_numbered, find_references_within, render_references,
    ExternalReference, Reference, ReferenceScan, References,
};
pub use crate::safe::{find_unsafe_char, is_unsafe_char, replace_unsafe_chars, UnsafeChar};
pub use crate::structure::{
    delete_article, insert_article, move_article, Broken, Outcome, Place, Relabelled,
    StructureError, BROKEN_REFERENCE,
};
pub use crate::templates::{
    header_fields, new_document, template_keys, with_header_fields, HeaderFieldError, HeaderFields,
    Template,
};

use std::borrow::Cow;

use quyche_model::{Document, Kind, Unit};
use serde::Serialize;

use crate::body::{closing_start, scan, Builder};
use crate::classify::{heading, Class};
use crate::normalize::{clean_line, normalize_text, split_lines, to_u32, SrcLine};

/// The largest input [`decode`] accepts.
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;

/// How to fix a file in an encoding the reader does not take: the one place it is said.
pub const RESAVE_HINT: &str =
    "Mở tệp bằng Notepad, chọn File › Save As…, Encoding: UTF-8, rồi nhập lại.";

/// Why an input was refused.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum InputError {
    #[error("tệp quá lớn: {size} byte, giới hạn {limit} byte")]
    TooLarge { size: usize, limit: usize },
    /// Neither UTF-8, nor UTF-16 with a BOM, nor Vietnamese Windows-1258.
    #[error(
        "không đọc được mã chữ tại byte {offset} (dòng {line}): tệp không phải UTF-8 hay \
         Windows-1258. {RESAVE_HINT}"
    )]
    NotUtf8 { offset: usize, line: usize },
    /// A UTF-16 file (it starts with a BOM) cut short or holding an unpaired surrogate.
    #[error("tệp UTF-16 hỏng tại byte {offset}. {RESAVE_HINT}")]
    BadUtf16 { offset: usize },
    /// An article's text contains a structural heading (`Chương`, `Mục`, `Điều`, `Phần`).
    #[error("dòng {line}: một điều không thể chứa tiêu đề “{heading}”")]
    HeadingInArticle { line: usize, heading: String },
    /// Both the title and the body of an article are empty.
    #[error("điều không có tiêu đề và không có nội dung")]
    EmptyArticle,
    /// A refused character (see [`is_unsafe_char`]) in a text: a file or an article.
    #[error("{0}")]
    UnsafeText(UnsafeChar),
    /// A refused character in a named field: `tên người`, `nội dung góp ý`, `lý do`…
    #[error("{field}: có {} {} (không được phép)", .at.describe(), where_in_field(.at))]
    UnsafeField { field: String, at: UnsafeChar },
}

/// Where a refused character is in a field: a one-line field needs no line number.
fn where_in_field(at: &UnsafeChar) -> String {
    if at.line == 1 {
        format!("ở ký tự thứ {}", at.column)
    } else {
        format!("ở dòng {}, cột {}", at.line, at.column)
    }
}

/// Refuses a text (a file's content, an article) holding a character
/// [`is_unsafe_char`] refuses, naming its line and column.
pub fn check_safe_text(text: &str) -> Result<(), InputError> {
    match find_unsafe_char(text) {
        Some(at) => Err(InputError::UnsafeText(at)),
        None => Ok(()),
    }
}

/// Refuses a field (a name, a comment, a reason) holding a character
/// [`is_unsafe_char`] refuses; the message starts with `field`.
pub fn check_safe_field(field: &str, text: &str) -> Result<(), InputError> {
    match find_unsafe_char(text) {
        Some(at) => Err(InputError::UnsafeField { field: field.to_owned(), at }),
        None => Ok(()),
    }
}

/// Checks the size limit, finds the encoding (see [`decode_detected`]), refuses the
/// characters [`is_unsafe_char`] names (with their line and column in the file as
/// written), turns CRLF and lone CR into LF, and NFC-normalises.
pub fn decode(bytes: &[u8]) -> Result<String, InputError> {
    decode_detected(bytes).map(|(text, _)| text)
}

/// [`decode`], also saying which encoding the file was in. In order: a UTF-8 BOM is
/// stripped; a UTF-16 LE or BE BOM means UTF-16 (a cut or unpaired unit is refused
/// with its byte offset); valid UTF-8; Windows-1258 when the bytes read as Vietnamese
/// ([`decode_cp1258`] says why that is safe to guess); otherwise refused, naming the
/// byte and line of the first byte that is not UTF-8. Tone marks written apart (as
/// cp1258 does) become precomposed by NFC; tone placement stays as written.
pub fn decode_detected(bytes: &[u8]) -> Result<(String, Encoding), InputError> {
    decode_borrowed(bytes).map(|(text, encoding)| (text.into_owned(), encoding))
}

/// [`decode_detected`], borrowing the text from `bytes` when the file is already what
/// decoding makes (UTF-8, NFC, LF line ends, no second BOM), as nearly every file is: a
/// copy of a long law is a megabyte of memory written and first touched for nothing.
pub fn decode_borrowed(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge { size: bytes.len(), limit: MAX_INPUT_BYTES });
    }
    let (text, encoding): (Cow<'_, str>, Encoding) =
        if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
            let text = utf8(rest).map_err(|e| not_utf8(bytes, 3 + e.valid_up_to()))?;
            (text.into(), Encoding::Utf8)
        } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
            let text = encoding::decode_utf16(rest, false, 2)
                .map_err(|offset| InputError::BadUtf16 { offset })?;
            (text.into(), Encoding::Utf16Le)
        } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
            let text = encoding::decode_utf16(rest, true, 2)
                .map_err(|offset| InputError::BadUtf16 { offset })?;
            (text.into(), Encoding::Utf16Be)
        } else {
            match utf8(bytes) {
                Ok(text) => (text.into(), Encoding::Utf8),
                Err(e) => match decode_cp1258(bytes) {
                    Some(text) => (text.into(), Encoding::Windows1258),
                    None => return Err(not_utf8(bytes, e.valid_up_to())),
                },
            }
        };
    // A UTF-16 file may carry a second BOM after its own; it is not text either.
    match text {
        Cow::Borrowed(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            check_safe_text(text)?;
            Ok((normalize_text(text), encoding))
        }
        Cow::Owned(text) => {
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            check_safe_text(text)?;
            Ok((Cow::Owned(normalize_text(text).into_owned()), encoding))
        }
    }
}

/// `std::str::from_utf8`, with valid text (nearly every file) checked by SIMD; only an
/// invalid file is checked again, by std, for where it goes wrong.
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

fn not_utf8(bytes: &[u8], offset: usize) -> InputError {
    let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
    InputError::NotUtf8 { offset, line }
}

/// NFC-normalises. Tone placement is never rewritten: `hòa` and `hoà` are different
/// NFC strings and both stay as written.
pub fn nfc(s: &str) -> String {
    normalize::nfc(s)
}

/// A finding about the source text that did not stop parsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 1-based line in the input.
    pub line: u32,
    /// Stable code: `numbering-gap`, `numbering-duplicate`, `numbering-order`,
    /// `point-letter`, `quote-unclosed`.
    pub code: &'static str,
    /// Vietnamese, e.g. `Chương VII lặp lại; theo thứ tự phải là Chương VIII`.
    pub message: String,
}

/// The result of [`parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a whole document. Never panics. Normalises line ends and NFC itself, so
/// `parse(nfd) == parse(nfc)`.
pub fn parse(text: &str) -> Parsed {
    parse_normal(&normalize_text(text))
}

/// [`parse`] of text that [`decode_detected`] returned: already NFC, with LF line ends and
/// no BOM, so it is not scanned for them again (a second pass over a whole law on every
/// `quyche diff`). Other text must go through [`parse`]; debug builds check.
pub fn parse_decoded(text: &str) -> Parsed {
    // (A leading BOM left after decoding's two is dropped from the first line anyway.)
    debug_assert!(
        !text.contains('\r') && normalize::nfc(text) == text,
        "parse_decoded needs decode_detected's text"
    );
    parse_normal(text)
}

fn parse_normal(text: &str) -> Parsed {
    let lines = split_lines(text);
    let mut doc = Document::default();

    let mut i = 0;
    while i < lines.len() && lines[i].text.starts_with('#') {
        doc.notes.push(lines[i].text.to_string());
        i += 1;
    }
    let head = header::parse_header(&lines, i);
    doc.header = head.header;
    doc.notes.extend(head.notes);
    doc.preamble = head.preamble;

    let body_lines: Cow<'_, [SrcLine<'_>]> = if head.body_head.is_empty() {
        Cow::Borrowed(&lines[head.body_start..])
    } else {
        let mut owned = head.body_head;
        owned.extend_from_slice(&lines[head.body_start..]);
        Cow::Owned(owned)
    };
    let body_lines = &body_lines[..];
    let scanned = scan(body_lines);
    let end = closing_start(body_lines, &scanned);
    let mut b = Builder::new(0);
    for (k, l) in body_lines[..end].iter().enumerate() {
        b.line(scanned.classes[k], &l.text, scanned.quoted[k], l.line);
    }
    b.finish();
    if let Some(line) = scanned.unclosed {
        b.diagnostics.push(Diagnostic {
            line,
            code: "quote-unclosed",
            message:
                "Dấu ngoặc kép mở ở dòng này không được đóng; phần còn lại được coi là trích dẫn"
                    .to_owned(),
        });
    }
    doc.preamble.append(&mut b.stray);
    doc.body = std::mem::take(&mut b.body);
    doc.next_id = b.next_id;
    doc.closing = body_lines[end..].iter().map(|l| l.text.to_string()).collect();
    Parsed { document: doc, diagnostics: b.diagnostics }
}

/// Renders the canonical text (see the crate docs for the format).
pub fn render(doc: &Document) -> String {
    render::render(doc)
}

/// Lower-case hex SHA-256 of [`render`]: the one hash of a document's words.
///
/// It is the seal of an approved revision, and the `text_sha256` a review package
/// carries, so that a sealed revision always exports and verifies and a package's
/// text can be checked by anyone who can render it. It lives here, beside the
/// canonical text it covers, so there is exactly one definition to agree with.
pub fn canonical_hash(doc: &Document) -> String {
    text_hash(&render(doc))
}

/// Lower-case hex SHA-256 of a canonical text already rendered (or rebuilt from an
/// exported file): [`canonical_hash`] is `text_hash(&render(doc))`.
pub fn text_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        hex.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    hex
}

/// Escapes text for HTML element content and quoted attribute values (`& < > " '`), and
/// puts U+FFFD for a character [`is_unsafe_char`] refuses (HTML forbids the C0 controls;
/// the entries refuse them all, so this is only a guard, see [`replace_unsafe_chars`]).
///
/// Every HTML this workspace writes (the redline, the exports, the response report)
/// puts user text through this one function.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_unsafe_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// One article as [`render`] prints it, from its `Điều` line up to the next heading, but
/// without the leading `Điều N. ` label: it starts with the title (an empty line when
/// untitled). Independent of the article's number.
pub fn render_article_text(article: &Unit) -> String {
    render::render_article_text(article)
}

/// The text of any unit without its own label, as comments quote it: for an article,
/// [`render_article_text`]; for a clause, point or sub-point, its own text (after the
/// `1. `, `a) ` or `- `) and then its children as [`render`] prints them; for a heading,
/// its title. Independent of the unit's own number.
pub fn render_unit_text(unit: &Unit) -> String {
    render::render_unit_text(unit)
}

/// The editable text of an article: the title line, then the body as [`render`] prints
/// it. The same string as [`render_article_text`].
pub fn render_article_body(article: &Unit) -> String {
    render::render_article_text(article)
}

/// Parses edited article text (as [`render_article_body`] prints it) back into an article.
///
/// The first line is the title (may be empty). The article keeps `previous.id`; each
/// clause, point and sub-point keeps the id of the previous unit of the same kind at the
/// same position under the same parent (clause 1 keeps clause 1's id), and new units get
/// ids from [`Document::alloc_id`], in document order. A structural heading line
/// (`Phần`, `Chương`, `Mục`, `Điều`) is an error, and so is an empty title with an empty
/// body, and so is a character [`is_unsafe_char`] refuses (line 1 is the title).
pub fn parse_article_body(
    text: &str,
    previous: &Unit,
    doc: &mut Document,
) -> Result<Unit, InputError> {
    check_safe_text(text)?;
    let text = normalize_text(text);
    let mut raw = text.split('\n');
    let title = clean_line(raw.next().unwrap_or(""));
    if let Some(h) = heading(&title) {
        return Err(InputError::HeadingInArticle {
            line: 1,
            heading: heading_text(&title, h.kind),
        });
    }
    let lines: Vec<SrcLine<'_>> = raw
        .enumerate()
        .filter_map(|(i, r)| {
            let text = clean_line(r);
            (!text.is_empty()).then(|| SrcLine { text, line: to_u32(i + 2) })
        })
        .collect();
    let scanned = scan(&lines);
    for (k, l) in lines.iter().enumerate() {
        if let (false, Class::Heading(h)) = (scanned.quoted[k], scanned.classes[k]) {
            return Err(InputError::HeadingInArticle {
                line: l.line as usize,
                heading: heading_text(&l.text, h.kind),
            });
        }
    }
    let mut b = Builder::new(0);
    b.open_article_with_title(title.into_owned());
    for (k, l) in lines.iter().enumerate() {
        b.line(scanned.classes[k], &l.text, scanned.quoted[k], l.line);
    }
    b.finish();
    let mut article = b.body.pop().unwrap_or_else(|| Unit::new(previous.id, Kind::Article));
    if article.title.is_empty() && article.paragraphs.is_empty() && article.children.is_empty() {
        return Err(InputError::EmptyArticle);
    }
    article.id = previous.id;
    assign_children_ids(&mut article, Some(previous), doc);
    Ok(article)
}

/// A short quote of the offending heading for the error message.
fn heading_text(line: &str, kind: Kind) -> String {
    let short: String = line.chars().take(40).collect();
    if short.is_empty() {
        kind.word().to_owned()
    } else {
        short
    }
}

/// Gives each child the id of the previous unit of the same kind at the same position, or
/// a fresh one. Pre-order, so fresh ids follow document order.
fn assign_children_ids(unit: &mut Unit, previous: Option<&Unit>, doc: &mut Document) {
    let mut seen: Vec<(Kind, usize)> = Vec::new();
    for child in &mut unit.children {
        let ordinal = match seen.iter_mut().find(|(k, _)| *k == child.kind) {
            Some((_, n)) => {
                *n += 1;
                *n - 1
            }
            None => {
                seen.push((child.kind, 1));
                0
            }
        };
        let old =
            previous.and_then(|p| p.children.iter().filter(|c| c.kind == child.kind).nth(ordinal));
        child.id = match old {
            Some(o) => o.id,
            None => doc.alloc_id(),
        };
        assign_children_ids(child, old, doc);
    }
}

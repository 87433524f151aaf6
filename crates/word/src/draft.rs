//! A Word draft read as the text of a regulation.
//!
//! [`read_draft`] turns a `.docx` into the lines `quyche_text::parse` reads, so that a
//! draft written in Word goes through the one parse path, with its diagnostics, that a
//! `.txt` goes through. What it does, in order:
//!
//! 1. **The paragraphs** of `word/document.xml`, through the one walker ([`crate::runs`]):
//!    fields give their result, wrappers are unwrapped, text boxes skipped. Every tracked
//!    change is *accepted*: text in `w:ins` and `w:moveTo` is read, text in `w:del` and
//!    `w:moveFrom` is not, and a paragraph whose mark is deleted joins the next one (which
//!    lends it its properties, as in Word). Each `w:ins`, `w:del`, `w:moveTo` and
//!    `w:moveFrom` and each inserted or deleted paragraph mark counts one change, and the
//!    import says how many it accepted.
//! 2. **Legacy fonts**: a run whose font ([`Styles::font`]: its own, its character
//!    style's, its paragraph style's, the document default) is a TCVN3 or VNI font is
//!    converted to Unicode by `quyche_text::from_legacy`; consecutive runs in one font are
//!    converted together, since a VNI letter may be split across two runs. The import
//!    says how many paragraphs it converted, per font.
//! 3. **Characters**: a tab is a space (Word puts one after `Điều 1.`; the text has a
//!    space there); a line break inside a paragraph ends a line of the text, which is
//!    how Word users write `Chương I` and its title in one paragraph; every line is NFC,
//!    tone placement as written; a paragraph holding a character refused at every entry
//!    (a bidi override, a control character) refuses the file, naming the paragraph,
//!    as a `.txt` is refused naming the line.
//! 4. **The list labels** ([`crate::numbering`]) are written in front of each numbered
//!    paragraph as text (`Điều 5. `, `2. `, `đ) `). Where Word's letter differs from the
//!    Vietnamese one, a diagnostic says so: `đoạn 37: Word ghi e), đúng là đ)`.
//! 5. **The header block**: the first table before any heading (`Phần`, `Chương`,
//!    `Mục`, `Điều`), when it has two columns, is the header: left, the issuing body and
//!    the number (`Số: …`); right, the national name, the motto, and the place and date.
//!    Its lines come first, in the order the text header is read (issuing body, motto,
//!    number, place and date); the document type and title follow it as paragraphs.
//!    Any other table is read paragraph by paragraph, cell by cell (the closing block's
//!    "Nơi nhận" and signature).
//! 6. **Quyche's own seal footer** ([`SEAL_FOOTER_STYLE`]), in a DOCX Quyche exported, is
//!    a statement about the text, not text: it is left out. Empty paragraphs are too.

use std::collections::BTreeMap;

use quyche_text::LegacyFont;

use crate::numbering::{Lists, Styles};
use crate::runs::{walk, Change, Item, ParagraphProps, Piece};
use crate::{Package, WordError};

/// The paragraph style of the seal footer in a DOCX Quyche exports (`quyche-export`
/// writes it; a draft's import leaves it out; its seal check reads it).
pub const SEAL_FOOTER_STYLE: &str = "QcSeal";

const DOCUMENT_PART: &str = "word/document.xml";

/// One line of the text, and the paragraph of the DOCX it came from (1-based, every
/// paragraph of the body in the file's order, table cells included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub paragraph: usize,
}

/// A Word draft as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The lines, header first (see the module docs), each NFC.
    pub lines: Vec<Line>,
    /// What the import did to the file, one Vietnamese clause each, for its report:
    /// `đã chấp nhận 3 thay đổi được theo dõi`.
    pub notes: Vec<String>,
    /// `(paragraph, message)`: Word's labels that were not the Vietnamese ones.
    pub diagnostics: Vec<(usize, String)>,
}

impl Draft {
    /// The text `quyche_text::parse` reads: the lines, one per line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for l in &self.lines {
            out.push_str(&l.text);
            out.push('\n');
        }
        out
    }

    /// The paragraph of the text's `line` (1-based, as `quyche_text::Diagnostic::line`).
    pub fn paragraph_of_line(&self, line: u32) -> usize {
        let i = (line as usize).saturating_sub(1).min(self.lines.len().saturating_sub(1));
        self.lines.get(i).map_or(0, |l| l.paragraph)
    }
}

/// A paragraph as read, before its label.
#[derive(Debug, Default)]
struct Para {
    number: usize,
    props: ParagraphProps,
    /// Lines of text (a break starts a new one).
    lines: Vec<String>,
    /// `(table, column)` of a paragraph in a top-level table.
    cell: Option<(usize, usize)>,
}

/// Text waiting to be converted with the run font it was written in.
#[derive(Default)]
struct Pending {
    font: Option<(LegacyFont, String)>,
    text: String,
}

/// Reads a Word draft (see the module docs).
pub fn read_draft(bytes: &[u8]) -> Result<Draft, WordError> {
    let mut pkg = Package::open(bytes)?;
    let document = pkg.require(DOCUMENT_PART)?;
    let styles = match pkg.read("word/styles.xml")? {
        Some(x) => Styles::parse(&x)?,
        None => Styles::default(),
    };
    let mut lists = match pkg.read("word/numbering.xml")? {
        Some(x) => Lists::parse(&x)?,
        None => Lists::default(),
    };

    let mut reader = Reader::new(&styles);
    walk(&document, DOCUMENT_PART, |item| reader.item(item))?;
    // A last paragraph whose mark is deleted has no next one to join: it stays.
    let Reader { mut paras, changes, converted, carry, .. } = reader;
    paras.extend(carry);

    let mut diagnostics = Vec::new();
    let mut labelled = Vec::with_capacity(paras.len());
    for mut p in paras {
        if p.props.style.as_deref() == Some(SEAL_FOOTER_STYLE) {
            continue;
        }
        let props = &p.props;
        let label = lists.next_label(&styles, props.num_id, props.level, props.style.as_deref());
        // Checked as written, before spaces are collapsed: NEL and the form feed count as
        // white space and would hide.
        for l in &p.lines {
            if let Some(at) = quyche_text::find_unsafe_char(l) {
                return Err(WordError::UnsafeText { paragraph: p.number, what: at.describe() });
            }
        }
        let mut lines: Vec<String> = p
            .lines
            .iter()
            .map(|l| quyche_text::nfc(l.split_whitespace().collect::<Vec<_>>().join(" ").as_str()))
            .collect();
        if let Some(label) = label {
            // A label comes from numbering.xml, which is as untrusted as the text.
            if let Some(at) = quyche_text::find_unsafe_char(&label.text) {
                return Err(WordError::UnsafeText { paragraph: p.number, what: at.describe() });
            }
            if let Some(word) = &label.word {
                diagnostics.push((
                    p.number,
                    format!("đoạn {}: Word ghi {word}, đúng là {}", p.number, label.text),
                ));
            }
            if !label.text.is_empty() {
                let first = lines.first().cloned().unwrap_or_default();
                let joined = if first.is_empty() {
                    label.text.clone()
                } else {
                    format!("{} {first}", label.text)
                };
                match lines.first_mut() {
                    Some(l) => *l = joined,
                    None => lines.push(joined),
                }
            }
        }
        p.lines = lines;
        labelled.push(p);
    }

    let mut out = Draft { diagnostics, ..Draft::default() };
    let header = header_table(&labelled);
    let in_header = |p: &Para| header.is_some() && p.cell.map(|(t, _)| t) == header;
    let mut head: Vec<(u8, Line)> = labelled
        .iter()
        .filter(|p| in_header(p))
        .flat_map(|p| {
            let column = p.cell.map_or(0, |(_, c)| c);
            p.lines.iter().filter(|l| !l.is_empty()).map(move |text| {
                (header_slot(column, text), Line { text: text.clone(), paragraph: p.number })
            })
        })
        .collect();
    head.sort_by_key(|(slot, _)| *slot);
    let mut head = Some(head);
    for p in &labelled {
        if in_header(p) {
            // The header's lines stand where its table stood, in the text's order.
            out.lines.extend(head.take().into_iter().flatten().map(|(_, l)| l));
            continue;
        }
        let lines = p.lines.iter().filter(|l| !l.is_empty());
        out.lines.extend(lines.map(|text| Line { text: text.clone(), paragraph: p.number }));
    }

    if changes > 0 {
        out.notes.push(format!("đã chấp nhận {changes} thay đổi được theo dõi"));
    }
    for ((encoding, font), n) in converted {
        out.notes.push(format!("đã chuyển {n} đoạn phông {encoding} ({font}) sang Unicode"));
    }
    Ok(out)
}

/// The header's order: issuing body (left), national name and motto (right), number
/// (left, `Số…`), place and date (right, with `ngày`).
fn header_slot(column: usize, text: &str) -> u8 {
    let lower = text.to_lowercase();
    match column {
        0 if is_number(&lower) => 2,
        0 => 0,
        _ if lower.contains("ngày") && lower.contains("năm") => 3,
        _ => 1,
    }
}

/// `Số: 12/QĐ`, `Luật số: 17/2023/QH15`, `Quyết định số …`.
fn is_number(lower: &str) -> bool {
    lower.starts_with("số") || lower.split_once(':').is_some_and(|(l, _)| l.ends_with(" số"))
}

/// A heading of the body: the header ends before it.
fn is_heading(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["phần ", "chương ", "mục ", "điều "].iter().any(|h| lower.starts_with(h))
}

/// The first top-level table, when it comes before any heading and has two columns.
fn header_table(paras: &[Para]) -> Option<usize> {
    let mut first: Option<usize> = None;
    for p in paras {
        match p.cell {
            Some((t, _)) if first.is_none() => first = Some(t),
            Some(_) => {}
            None if first.is_none() && p.lines.iter().any(|l| is_heading(l)) => return None,
            None => {}
        }
        if first.is_some() && p.cell.map(|(t, _)| t) != first {
            break;
        }
    }
    let t = first?;
    let columns = paras
        .iter()
        .filter(|p| p.cell.map(|(tt, _)| tt) == Some(t))
        .map(|p| p.cell.map_or(0, |(_, c)| c));
    (columns.max() == Some(1)).then_some(t)
}

/// The walk's state.
struct Reader<'s> {
    styles: &'s Styles,
    paras: Vec<Para>,
    current: Option<Para>,
    pending: Pending,
    /// A paragraph whose mark was deleted: it joins the next one.
    carry: Option<Para>,
    changes: usize,
    /// Paragraphs converted, by (encoding, font name).
    converted: BTreeMap<(&'static str, String), usize>,
    /// Whether the current paragraph has been counted as converted.
    counted: bool,
    table_depth: usize,
    tables: usize,
    column: usize,
}

impl<'s> Reader<'s> {
    fn new(styles: &'s Styles) -> Reader<'s> {
        Reader {
            styles,
            paras: Vec::new(),
            current: None,
            pending: Pending::default(),
            carry: None,
            changes: 0,
            converted: BTreeMap::new(),
            counted: false,
            table_depth: 0,
            tables: 0,
            column: 0,
        }
    }

    fn item(&mut self, item: Item) {
        match item {
            Item::ParagraphStart(number) => {
                let cell = (self.table_depth > 0).then_some((self.tables, self.column));
                self.current =
                    Some(Para { number, lines: vec![String::new()], cell, ..Para::default() });
                self.counted = false;
            }
            Item::ParagraphProps(props) => {
                if props.mark != Change::None {
                    self.changes += 1;
                }
                if let Some(p) = self.current.as_mut() {
                    p.props = props;
                }
            }
            Item::Piece { piece, run, change } => {
                if !change.kept_when_accepted() {
                    return;
                }
                match piece {
                    Piece::Text(t) => {
                        let style = self.current.as_ref().and_then(|p| p.props.style.as_deref());
                        let font = self
                            .styles
                            .font(run.font.as_deref(), run.style.as_deref(), style)
                            .and_then(|f| quyche_text::legacy_font(f).map(|l| (l, f.to_owned())));
                        if font != self.pending.font {
                            self.flush();
                            self.pending.font = font;
                        }
                        let t = t.replace(['\t', '\n', '\r'], " ");
                        self.pending.text.push_str(&t);
                    }
                    Piece::Tab => {
                        self.flush();
                        self.push(" ");
                    }
                    Piece::Break => {
                        self.flush();
                        if let Some(p) = self.current.as_mut() {
                            p.lines.push(String::new());
                        }
                    }
                }
            }
            Item::ParagraphEnd => self.end_paragraph(),
            Item::TableStart => {
                if self.table_depth == 0 {
                    self.tables += 1;
                }
                self.table_depth += 1;
            }
            Item::TableEnd => self.table_depth = self.table_depth.saturating_sub(1),
            Item::RowStart if self.table_depth == 1 => self.column = 0,
            Item::CellEnd if self.table_depth == 1 => self.column += 1,
            Item::ChangeStart(_) => self.changes += 1,
            _ => {}
        }
    }

    fn push(&mut self, s: &str) {
        if let Some(line) = self.current.as_mut().and_then(|p| p.lines.last_mut()) {
            line.push_str(s);
        }
    }

    /// Converts and writes the text waiting in one font.
    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        if pending.text.is_empty() {
            self.pending.font = pending.font;
            return;
        }
        match &pending.font {
            Some((legacy, name)) => {
                let text = quyche_text::from_legacy(&pending.text, *legacy);
                if !self.counted && text != pending.text {
                    self.counted = true;
                    *self.converted.entry((legacy.name(), name.clone())).or_default() += 1;
                }
                self.push(&text);
            }
            None => self.push(&pending.text),
        }
        self.pending.font = pending.font;
    }

    fn end_paragraph(&mut self) {
        self.flush();
        self.pending = Pending::default();
        let Some(mut p) = self.current.take() else { return };
        if let Some(carry) = self.carry.take() {
            // The deleted mark joined `carry` to this paragraph: its text first, this
            // paragraph's properties (the mark that remains is this one's).
            let mut lines = carry.lines;
            let mut rest = std::mem::take(&mut p.lines).into_iter();
            if let (Some(last), Some(first)) = (lines.last_mut(), rest.next()) {
                last.push_str(&first);
            }
            lines.extend(rest);
            p.lines = lines;
            p.number = carry.number;
        }
        if p.props.mark == Change::Deleted {
            self.carry = Some(p);
        } else {
            self.paras.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_slots() {
        assert_eq!(header_slot(0, "LIÊN MINH HTX"), 0);
        assert_eq!(header_slot(0, "Số: 12/QĐ"), 2);
        assert_eq!(header_slot(0, "Luật số: 17/2023/QH15"), 2);
        assert_eq!(header_slot(1, "Độc lập - Tự do - Hạnh phúc"), 1);
        assert_eq!(header_slot(1, "Bình An, ngày 5 tháng 12 năm 2026"), 3);
    }
}

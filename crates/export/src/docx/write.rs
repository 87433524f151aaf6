//! The regulation as DOCX: the header block, the body, the closing block, the footer line
//! and the part that says what the file is, laid out with the blocks of
//! [`super::decree30`].
//!
//! One writer serves both DOCX a regulation goes out as ([`Stamp`]): the sealed text (the
//! seal footer and the manifest) and the review copy (the draft mark at the top, a footer
//! naming the revision and round, the copy's mark, and every unit's id as a bookmark).
//! Everything else, the page, the header block, each line's look, the closing tables, is
//! the same code, so the copy a member comments on looks like the text that is approved.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, PageNum, Paragraph, RunFonts,
    SpecialIndentType, Style, StyleType, TableCell, TableRow, WidthType,
};

use super::decree30::{
    a4, cell, frame, look, rule, run, spacing, text_width, top_border, Look, Orientation,
    BODY_SIZE, FIRST_LINE, FONT, MARGIN_LEFT, TEXT_W,
};
use super::{style_id, REGULATION_START_STYLE, SEAL_ELEMENT, SEAL_NAMESPACE, SEAL_STYLE};
use crate::lines::{blocks, closing_rows, Block, Layout, Line, Role, Row};
use crate::seal::{footer_text, Manifest};
use crate::ExportError;

/// What a DOCX of the regulation is, which decides its footer, its machine-readable part
/// and whether units carry their ids.
pub(crate) enum Stamp<'a> {
    /// An approved text: the seal footer and the manifest.
    Seal(&'a Manifest),
    /// A copy for comment: the draft mark, the copy's footer line and its mark, and a
    /// bookmark on every unit ([`quyche_word::review`] defines them and reads them back).
    Review { mark: &'a quyche_word::CopyMark, banner: &'a str, footer: String },
}

impl Stamp<'_> {
    fn ids(&self) -> bool {
        matches!(self, Stamp::Review { .. })
    }

    /// The document properties that say what the file is: the seal's hash, or the copy's
    /// mark (`quyche_word::review` reads them back).
    fn properties(&self) -> Vec<(String, String)> {
        match self {
            Stamp::Seal(manifest) => {
                vec![("quyche-seal-hash".to_owned(), manifest.seal.hash.clone())]
            }
            Stamp::Review { mark, .. } => mark.properties(),
        }
    }
}

/// The width of the header block's left column (issuing body, number).
const HEAD_LEFT_W: i32 = 3950;
/// Left and right cell padding of the layout tables (1 mm).
const CELL_PAD: i32 = 57;
/// The id of the custom XML part that holds the manifest.
const CUSTOM_ITEM_ID: &str = "{6F1C0A52-3B7E-4C1D-9A57-51A1E0C0DE30}";

/// The id of the body-end bookmark: unit bookmarks take their unit's id, which is never
/// this large.
const END_BOOKMARK_ID: usize = u32::MAX as usize;

const BODY: Look = Look { size: BODY_SIZE, bold: false, italic: false, caps: false };

fn centred(role: Role, text: &str, look: Look, before: u32, after: u32) -> Paragraph {
    centred_paragraph(role, before, after).add_run(run(text, look))
}

fn centred_paragraph(role: Role, before: u32, after: u32) -> Paragraph {
    Paragraph::new()
        .style(&style_id(role))
        .align(AlignmentType::Center)
        .line_spacing(spacing(before, after))
}

fn justified_paragraph(role: Role, before: u32) -> Paragraph {
    Paragraph::new()
        .style(&style_id(role))
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
        .line_spacing(spacing(before, 0))
}

/// The line's text as runs. With `ids`, a line that opens a unit is its label, then a
/// bookmark named after the unit around the unit's own text: the one place a reader of a
/// returned copy learns which unit a paragraph is, and where its label ends.
fn line_runs(mut p: Paragraph, l: &Line, look: Look, ids: bool) -> Paragraph {
    match l.unit.filter(|m| ids && l.text.is_char_boundary(m.label)) {
        Some(m) => {
            let (label, own) = l.text.split_at(m.label);
            let id = m.id.0 as usize;
            if !label.is_empty() {
                p = p.add_run(run(label, look));
            }
            p = p.add_bookmark_start(id, quyche_word::review::bookmark_name(m.id.0));
            if !own.is_empty() {
                p = p.add_run(run(own, look));
            }
            p.add_bookmark_end(id)
        }
        None => p.add_run(run(&l.text, look)),
    }
}

/// One row of a two-column layout table across the text width, never split over pages.
fn two_columns(left_w: i32, left: Vec<Paragraph>, right: Vec<Paragraph>) -> TableRow {
    TableRow::new(vec![cell(left_w, left), cell(TEXT_W - left_w, right)]).cant_split()
}

fn table(left_w: i32, rows: Vec<TableRow>) -> docx_rs::Table {
    frame(rows, &[left_w, TEXT_W - left_w], CELL_PAD)
}

/// The header block: issuing body and number on the left; the national name, the motto,
/// and place and date on the right; a rule under the issuing body and under the motto.
fn header_table([left, right]: [Vec<(usize, &Line)>; 2]) -> docx_rs::Table {
    let inner_left = HEAD_LEFT_W - 2 * CELL_PAD;
    let inner_right = TEXT_W - HEAD_LEFT_W - 2 * CELL_PAD;
    let column = |lines: Vec<(usize, &Line)>| {
        let mut out = Vec::new();
        for (_, l) in lines {
            let (lk, before) = match l.role {
                Role::IssuerParent | Role::IssuerOwn => {
                    let bold = l.role == Role::IssuerOwn;
                    (Look { size: 24, bold, italic: false, caps: true }, 0)
                }
                Role::Number => (look(26, false, false), 120),
                Role::National => (look(24, true, false), 0),
                Role::Motto => (look(26, true, false), 0),
                _ => (look(28, false, true), 160),
            };
            out.push(centred(l.role, &l.text, lk, before, 0));
            match l.role {
                Role::IssuerOwn => out.push(rule(inner_left, inner_left / 3)),
                Role::Motto => {
                    out.push(rule(inner_right, text_width(&l.text, 26).min(inner_right)))
                }
                _ => {}
            }
        }
        out
    };
    let (left, right) = (column(left), column(right));
    table(HEAD_LEFT_W, vec![two_columns(HEAD_LEFT_W, left, right)])
}

/// `p` with the body-end bookmark when it is the line `end` (see [`Stamp::Review`]).
fn mark_end(p: Paragraph, line: usize, end: Option<usize>) -> Paragraph {
    if Some(line) == end {
        let name = quyche_word::review::BODY_END;
        p.add_bookmark_start(END_BOOKMARK_ID, name).add_bookmark_end(END_BOOKMARK_ID)
    } else {
        p
    }
}

/// Recipients on the left, the signature on the right, rows in text order. The line
/// `end`, if it is here, carries the body-end bookmark.
fn closing_table(rows: Vec<Row<'_>>, end: Option<usize>) -> docx_rs::Table {
    let half = TEXT_W / 2;
    let rows = rows
        .into_iter()
        .map(|(recipients, signature)| {
            let left = recipients
                .iter()
                .map(|&(i, l)| {
                    let (lk, before) = if l.role == Role::RecipientsHead {
                        (look(24, true, true), 240)
                    } else {
                        (look(22, false, false), 0)
                    };
                    let p = Paragraph::new()
                        .style(&style_id(l.role))
                        .keep_next(true)
                        .align(AlignmentType::Left)
                        .line_spacing(LineSpacing::new().before(before).after(0))
                        .add_run(run(&l.text, lk));
                    mark_end(p, i, end)
                })
                .collect();
            let mut right = Vec::new();
            let mut prev: Option<Role> = None;
            for &(i, l) in &signature {
                let before = match (l.role, prev) {
                    // Room for the signature and the seal.
                    (Role::SignName, Some(Role::SignTitle)) => 1700,
                    (Role::SignTitle, None) => 240,
                    _ => 0,
                };
                let lk =
                    Look { size: 28, bold: true, italic: false, caps: l.role == Role::SignTitle };
                // Keeps the seal footer on the signature's page.
                let p = centred(l.role, &l.text, lk, before, 0).keep_next(true);
                right.push(mark_end(p, i, end));
                prev = Some(l.role);
            }
            // Word and LibreOffice keep a row with the next paragraph only when every
            // paragraph of the row says so, the empty filler of a blank cell included.
            let mut left: Vec<Paragraph> = left;
            if left.is_empty() {
                left.push(Paragraph::new().keep_next(true));
            }
            if right.is_empty() {
                right.push(Paragraph::new().keep_next(true));
            }
            two_columns(half, left, right)
        })
        .collect();
    table(half, rows)
}

fn body_paragraph(l: &Line, ids: bool) -> Paragraph {
    let centred =
        |before, after, lk| line_runs(centred_paragraph(l.role, before, after), l, lk, ids);
    let justified = |before, lk| line_runs(justified_paragraph(l.role, before), l, lk, ids);
    match l.role {
        Role::DocType => centred(360, 0, look(28, true, false)).keep_next(true),
        Role::Title => centred(0, 0, look(28, true, false)).keep_next(true),
        Role::TitleNote => centred(0, 0, look(28, false, true)).keep_next(true),
        // A decision's “QUYẾT ĐỊNH:”, before its articles: centred and bold, as the decree's
        // model decision has it, not a basis line.
        Role::Preamble if l.text == crate::promulgation::DECIDES => {
            centred(240, 0, look(28, true, false)).keep_next(true)
        }
        Role::Preamble => justified(120, look(28, false, true)),
        Role::PartLabel | Role::ChapterLabel => {
            centred(240, 0, look(28, true, false)).keep_next(true)
        }
        Role::PartTitle | Role::ChapterTitle => {
            centred(0, 60, Look { size: 28, bold: true, italic: false, caps: true }).keep_next(true)
        }
        Role::Section => {
            // `Mục 1. TITLE` is one canonical line; the decree puts the title on the
            // next line, so a line break (read back as ". ") separates them.
            let mut p = Paragraph::new()
                .style(&style_id(l.role))
                .align(AlignmentType::Center)
                .line_spacing(spacing(240, 60))
                .keep_next(true);
            match l.text.split_once(". ") {
                Some((label, title)) if label.starts_with("Mục ") => {
                    p = p.add_run(
                        run(label, look(28, true, false)).add_break(BreakType::TextWrapping),
                    );
                    // The unit's own text is the title, after the label and the break.
                    let mark = l.unit.filter(|m| ids && m.label == label.len() + 2);
                    if let Some(m) = mark {
                        let name = quyche_word::review::bookmark_name(m.id.0);
                        p = p.add_bookmark_start(m.id.0 as usize, name);
                    }
                    p = p.add_run(run(
                        title,
                        Look { size: 26, bold: true, italic: false, caps: true },
                    ));
                    if let Some(m) = mark {
                        p = p.add_bookmark_end(m.id.0 as usize);
                    }
                }
                _ => p = line_runs(p, l, look(28, true, false), ids),
            }
            p
        }
        Role::Article => justified(180, look(28, true, false)).keep_next(true),
        Role::Authority => centred(240, 0, look(28, true, false)).keep_next(true),
        Role::Provision => match l.text.split_once(". ") {
            Some((label, sentence)) => justified_paragraph(l.role, 120)
                .add_run(run(&format!("{label}."), look(28, true, false)))
                .add_run(run(&format!(" {sentence}"), BODY)),
            None => justified(120, BODY),
        },
        _ => justified(120, BODY),
    }
}

fn styles(mut docx: Docx) -> Docx {
    for role in Role::ALL {
        docx = docx.add_style(
            Style::new(style_id(role), StyleType::Paragraph)
                .name(format!("Quyche {}", role.name()))
                .based_on("Normal"),
        );
    }
    let named = [
        (SEAL_STYLE, "Quyche seal"),
        (REGULATION_START_STYLE, "Quyche regulation start"),
        (quyche_word::review::MARK_STYLE, "Quyche review mark"),
        (quyche_word::review::FOOTER_STYLE, "Quyche review footer"),
    ];
    for (id, name) in named {
        docx = docx.add_style(Style::new(id, StyleType::Paragraph).name(name).based_on("Normal"));
    }
    docx
}

/// The draft mark of a copy for comment: bold, in a box just wide enough for it, centred
/// at the top of the first page, where a draft's `DỰ THẢO` stands. It sits in the page
/// header, not the body: whatever reads the copy's body (a draft's import, the review
/// reader) reads the regulation's text and nothing else.
fn banner_paragraph(text: &str) -> Paragraph {
    let width = (text_width(text, 26) + 400).min(TEXT_W);
    let side = (TEXT_W - width) / 2;
    let mut p = Paragraph::new()
        .style(quyche_word::review::MARK_STYLE)
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(LineSpacing::new().before(0).after(0))
        .add_run(run(text, look(26, true, false)));
    p.property = p.property.set_borders(box_border());
    p
}

/// The footer line: small italic under a thin rule.
fn footer_paragraph(style: &str, text: &str, before: u32) -> Paragraph {
    let mut p = Paragraph::new()
        .style(style)
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(before).after(0))
        .add_run(run(text, look(20, false, true)));
    p.property = p.property.set_borders(top_border(4, 4));
    p
}

fn box_border() -> docx_rs::ParagraphBorders {
    use docx_rs::{BorderType, ParagraphBorder, ParagraphBorderPosition as Side};
    let mut b = docx_rs::ParagraphBorders::with_empty();
    for side in [Side::Top, Side::Left, Side::Bottom, Side::Right] {
        b = b.set(
            ParagraphBorder::new(side).val(BorderType::Single).size(6).space(2).color("000000"),
        );
    }
    b
}

pub(crate) fn write(layout: &Layout, stamp: &Stamp<'_>) -> Result<Vec<u8>, ExportError> {
    let docx = add_text(page(stamp), layout, stamp, Some(stamp_end(stamp)));
    zip(build(finish(docx, stamp), stamp))
}

/// The promulgation set: `decision` (laid out as any text, with nothing sealed about it),
/// then, from a new page, the sealed regulation under `manifest`. The regulation's first
/// paragraph carries [`REGULATION_START_STYLE`], so `verify` reads the regulation alone.
pub(crate) fn write_set(
    decision: &Layout,
    regulation: &Layout,
    manifest: &Manifest,
) -> Result<Vec<u8>, ExportError> {
    let stamp = Stamp::Seal(manifest);
    let mut docx = add_text(page(&stamp), decision, &stamp, None);
    // Ends the decision's section (see `restart_numbering`); the regulation's first page
    // is the next section's.
    docx = docx.add_paragraph(Paragraph::new().style(REGULATION_START_STYLE));
    docx = add_text(docx, regulation, &stamp, Some(stamp_end(&stamp)));
    let mut xml = build(finish(docx, &stamp), &stamp);
    let body = String::from_utf8(std::mem::take(&mut xml.document))
        .map_err(|e| ExportError::Docx(e.to_string()))?;
    xml.document = restart_numbering(&body)?.into_bytes();
    zip(xml)
}

/// The set's `word/document.xml` in two sections: the decision's ends at the paragraph
/// styled [`REGULATION_START_STYLE`] (a section break to a new page, the same page, the
/// same headers), and the regulation's, the body's own, numbers its pages from 1 again.
/// docx-rs writes headers only for the body's section, so the decision's section is that
/// one's copy, put into the paragraph after building.
fn restart_numbering(body: &str) -> Result<String, ExportError> {
    let broken = || ExportError::Docx("không chia được bộ ban hành thành hai phần".into());
    let open = body.rfind("<w:sectPr").ok_or_else(broken)?;
    let close = body[open..].find("</w:sectPr>").ok_or_else(broken)? + open + "</w:sectPr>".len();
    let section = &body[open..close];
    let margins = section.find("<w:pgMar").ok_or_else(broken)?;
    let margins_end = section[margins..].find("/>").ok_or_else(broken)? + margins + 2;
    let restarted = format!(
        "{}<w:pgNumType w:start=\"1\" />{}",
        &section[..margins_end],
        &section[margins_end..]
    );
    let marker = format!("<w:pStyle w:val=\"{REGULATION_START_STYLE}\" />");
    let at = body.find(&marker).ok_or_else(broken)?;
    let p_end = body[at..].find("</w:pPr>").ok_or_else(broken)? + at;
    let mut out = String::with_capacity(body.len() + section.len() + 32);
    out.push_str(&body[..p_end]);
    out.push_str(section);
    out.push_str(&body[p_end..open]);
    out.push_str(&restarted);
    out.push_str(&body[close..]);
    Ok(out)
}

/// The paragraph that ends the text: the seal footer of a sealed text, or an empty one
/// (a review copy's footer is in the page footer, and a cell must still end with a
/// paragraph).
fn stamp_end(stamp: &Stamp<'_>) -> Paragraph {
    match stamp {
        Stamp::Seal(manifest) => footer_paragraph(SEAL_STYLE, &footer_text(&manifest.seal), 480),
        Stamp::Review { .. } => Paragraph::new(),
    }
}

/// The page, its headers and footers, and the styles.
fn page(stamp: &Stamp<'_>) -> Docx {
    let page_header = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .size(BODY_SIZE)
            .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT)),
    );
    // Page numbers from page 2 on: page 1 gets its own header, empty but for a review
    // copy's mark.
    let first_header = match stamp {
        Stamp::Seal(_) => Header::new(),
        Stamp::Review { banner, .. } => Header::new().add_paragraph(banner_paragraph(banner)),
    };
    let mut docx = a4(Orientation::Portrait, MARGIN_LEFT, BODY_SIZE)
        .header(page_header)
        .first_header(first_header)
        .title_pg();
    if let Stamp::Review { footer, .. } = stamp {
        // On every page: any printed page says which copy it belongs to.
        let line = || footer_paragraph(quyche_word::review::FOOTER_STYLE, footer, 0);
        docx = docx
            .footer(Footer::new().add_paragraph(line()))
            .first_footer(Footer::new().add_paragraph(line()));
    }
    styles(docx)
}

/// `layout` laid out after what `docx` holds. `last` ends the text, after the signature:
/// the seal footer, or `None` for a text that carries none (the decision of a set).
fn add_text(mut docx: Docx, layout: &Layout, stamp: &Stamp<'_>, last: Option<Paragraph>) -> Docx {
    let ids = stamp.ids();
    let columns = layout.header_columns();
    if columns.iter().any(|c| !c.is_empty()) {
        docx = docx.add_table(header_table(columns));
    }
    let rest = layout.below_header();
    // The first line after the body (the closing) carries the bookmark that ends the last
    // unit; with no closing, the body runs to the end.
    let body_end = ids
        .then(|| {
            let last_unit = rest.iter().rposition(|(_, l)| l.unit.is_some())?;
            let after = rest[last_unit + 1..].iter().position(|(_, l)| l.role != Role::Body)?;
            Some(rest[last_unit + 1 + after].0)
        })
        .flatten();
    let body_paragraph = |l: &Line, i: usize| mark_end(body_paragraph(l, ids), i, body_end);
    // The signature block that ends the document, with up to two sentences before it
    // (the adoption sentence), is laid out together with the seal footer, so that
    // neither the signature nor the footer is left alone on a last page.
    let mut sig_start = rest.len();
    while sig_start > 0 && rest[sig_start - 1].1.role.in_closing_table() {
        sig_start -= 1;
    }
    let mut tail_start = sig_start;
    if sig_start < rest.len() {
        while tail_start > 0
            && rest[tail_start - 1].1.role == Role::ClosingText
            && sig_start - tail_start < 2
        {
            tail_start -= 1;
        }
    }
    for block in blocks(&rest[..tail_start]) {
        docx = match block {
            Block::TitleRule => docx.add_paragraph(rule(TEXT_W, TEXT_W / 4)),
            Block::Line(i, l) => docx.add_paragraph(body_paragraph(l, i)),
            Block::Closing(rows) => docx.add_table(closing_table(rows, body_end)),
        };
    }
    // The sealed text's footer is in the body, where `verify` reads it.
    let closed = last.is_none();
    let last = last.unwrap_or_default();
    if sig_start < rest.len() {
        // LibreOffice ignores "keep with next" on a table; one unsplittable row does
        // what it would have done.
        let mut tail = TableCell::new().width(TEXT_W as usize, WidthType::Dxa);
        for (i, l) in &rest[tail_start..sig_start] {
            tail = tail.add_paragraph(body_paragraph(l, *i));
        }
        tail = tail
            .add_table(closing_table(closing_rows(&rest[sig_start..]), body_end))
            .add_paragraph(last);
        docx.add_table(frame(vec![TableRow::new(vec![tail]).cant_split()], &[TEXT_W], 0))
    } else if ids || closed {
        docx
    } else {
        docx.add_paragraph(last)
    }
}

/// What the file says it is: the manifest of a sealed text, the mark of a review copy.
fn finish(mut docx: Docx, stamp: &Stamp<'_>) -> Docx {
    match stamp {
        Stamp::Seal(manifest) => {
            let item = format!(
                "<{SEAL_ELEMENT} xmlns=\"{SEAL_NAMESPACE}\">{}</{SEAL_ELEMENT}>",
                manifest.to_safe_json()
            );
            docx = docx.add_custom_item(CUSTOM_ITEM_ID, &item);
        }
        Stamp::Review { mark, .. } => {
            docx = docx.add_custom_item(CUSTOM_ITEM_ID, &mark.custom_xml());
        }
    }
    for (name, value) in stamp.properties() {
        docx = docx.custom_property(name, value);
    }
    docx
}

/// The file's parts, with `docProps/custom.xml` written again in name order: docx-rs
/// keeps the properties in a hash map and writes them in its order, which differs from
/// one run to the next, so two exports of one copy would not be the same bytes.
fn build(docx: Docx, stamp: &Stamp<'_>) -> docx_rs::XMLDocx {
    let mut xml = docx.build();
    let mut props = stamp.properties();
    props.sort();
    let mut custom = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">",
    );
    for (i, (name, value)) in props.iter().enumerate() {
        // Property ids start at 2, as Word's do.
        custom.push_str(&format!(
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{}\" name=\"{}\"><vt:lpwstr>{}</vt:lpwstr></property>",
            i + 2,
            quyche_text::escape_html(name),
            quyche_text::escape_html(value)
        ));
    }
    custom.push_str("</Properties>");
    xml.doc_props.custom = custom.into_bytes();
    xml
}

/// The built file as bytes.
fn zip(xml: docx_rs::XMLDocx) -> Result<Vec<u8>, ExportError> {
    super::decree30::pack_xml(xml)
}

//! The regulation as DOCX: the header block, the body, the closing block, the seal footer
//! and the manifest part, laid out with the blocks of [`super::decree30`].

use docx_rs::{
    AlignmentType, BreakType, Docx, Header, LineSpacing, PageNum, Paragraph, RunFonts,
    SpecialIndentType, Style, StyleType, TableCell, TableRow, WidthType,
};

use super::decree30::{
    a4, cell, frame, look, pack, rule, run, spacing, text_width, top_border, Look, Orientation,
    BODY_SIZE, FIRST_LINE, FONT, MARGIN_LEFT, TEXT_W,
};
use super::{style_id, SEAL_ELEMENT, SEAL_NAMESPACE, SEAL_STYLE};
use crate::lines::{blocks, closing_rows, Block, Layout, Line, Role, Row};
use crate::seal::{footer_text, Manifest};
use crate::ExportError;

/// The width of the header block's left column (issuing body, number).
const HEAD_LEFT_W: i32 = 3950;
/// Left and right cell padding of the layout tables (1 mm).
const CELL_PAD: i32 = 57;
/// The id of the custom XML part that holds the manifest.
const CUSTOM_ITEM_ID: &str = "{6F1C0A52-3B7E-4C1D-9A57-51A1E0C0DE30}";

const BODY: Look = Look { size: BODY_SIZE, bold: false, italic: false, caps: false };

fn centred(role: Role, text: &str, look: Look, before: u32, after: u32) -> Paragraph {
    Paragraph::new()
        .style(&style_id(role))
        .align(AlignmentType::Center)
        .line_spacing(spacing(before, after))
        .add_run(run(text, look))
}

fn justified(role: Role, text: &str, look: Look, before: u32) -> Paragraph {
    Paragraph::new()
        .style(&style_id(role))
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
        .line_spacing(spacing(before, 0))
        .add_run(run(text, look))
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

/// Recipients on the left, the signature on the right, rows in text order.
fn closing_table(rows: Vec<Row<'_>>) -> docx_rs::Table {
    let half = TEXT_W / 2;
    let rows = rows
        .into_iter()
        .map(|(recipients, signature)| {
            let left = recipients
                .iter()
                .map(|(_, l)| {
                    let (lk, before) = if l.role == Role::RecipientsHead {
                        (look(24, true, true), 240)
                    } else {
                        (look(22, false, false), 0)
                    };
                    Paragraph::new()
                        .style(&style_id(l.role))
                        .keep_next(true)
                        .align(AlignmentType::Left)
                        .line_spacing(LineSpacing::new().before(before).after(0))
                        .add_run(run(&l.text, lk))
                })
                .collect();
            let mut right = Vec::new();
            let mut prev: Option<Role> = None;
            for (_, l) in &signature {
                let before = match (l.role, prev) {
                    // Room for the signature and the seal.
                    (Role::SignName, Some(Role::SignTitle)) => 1700,
                    (Role::SignTitle, None) => 240,
                    _ => 0,
                };
                let lk =
                    Look { size: 28, bold: true, italic: false, caps: l.role == Role::SignTitle };
                // Keeps the seal footer on the signature's page.
                right.push(centred(l.role, &l.text, lk, before, 0).keep_next(true));
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

fn body_paragraph(l: &Line) -> Paragraph {
    match l.role {
        Role::DocType => centred(l.role, &l.text, look(28, true, false), 360, 0).keep_next(true),
        Role::Title => centred(l.role, &l.text, look(28, true, false), 0, 0).keep_next(true),
        Role::TitleNote => centred(l.role, &l.text, look(28, false, true), 0, 0).keep_next(true),
        Role::Preamble => justified(l.role, &l.text, look(28, false, true), 120),
        Role::PartLabel | Role::ChapterLabel => {
            centred(l.role, &l.text, look(28, true, false), 240, 0).keep_next(true)
        }
        Role::PartTitle | Role::ChapterTitle => centred(
            l.role,
            &l.text,
            Look { size: 28, bold: true, italic: false, caps: true },
            0,
            60,
        )
        .keep_next(true),
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
                    p = p.add_run(run(
                        title,
                        Look { size: 26, bold: true, italic: false, caps: true },
                    ));
                }
                _ => p = p.add_run(run(&l.text, look(28, true, false))),
            }
            p
        }
        Role::Article => justified(l.role, &l.text, look(28, true, false), 180).keep_next(true),
        _ => justified(l.role, &l.text, BODY, 120),
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
    docx.add_style(
        Style::new(SEAL_STYLE, StyleType::Paragraph).name("Quyche seal").based_on("Normal"),
    )
}

pub(crate) fn write(layout: &Layout, manifest: &Manifest) -> Result<Vec<u8>, ExportError> {
    let page_header = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .size(BODY_SIZE)
            .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT)),
    );
    let mut docx = a4(Orientation::Portrait, MARGIN_LEFT, BODY_SIZE)
        // Page numbers from page 2 on: page 1 gets an empty first-page header.
        .header(page_header)
        .first_header(Header::new())
        .title_pg();
    docx = styles(docx);

    let columns = layout.header_columns();
    if columns.iter().any(|c| !c.is_empty()) {
        docx = docx.add_table(header_table(columns));
    }
    let rest = layout.below_header();
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
            Block::Line(_, l) => docx.add_paragraph(body_paragraph(l)),
            Block::Closing(rows) => docx.add_table(closing_table(rows)),
        };
    }
    let mut seal_p = Paragraph::new()
        .style(SEAL_STYLE)
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(480).after(0))
        .add_run(run(&footer_text(&manifest.seal), look(20, false, true)));
    seal_p.property = seal_p.property.set_borders(top_border(4, 4));
    docx = if sig_start < rest.len() {
        // LibreOffice ignores "keep with next" on a table; one unsplittable row does
        // what it would have done.
        let mut tail = TableCell::new().width(TEXT_W as usize, WidthType::Dxa);
        for (_, l) in &rest[tail_start..sig_start] {
            tail = tail.add_paragraph(body_paragraph(l));
        }
        tail =
            tail.add_table(closing_table(closing_rows(&rest[sig_start..]))).add_paragraph(seal_p);
        docx.add_table(frame(vec![TableRow::new(vec![tail]).cant_split()], &[TEXT_W], 0))
    } else {
        docx.add_paragraph(seal_p)
    };

    let item = format!(
        "<{SEAL_ELEMENT} xmlns=\"{SEAL_NAMESPACE}\">{}</{SEAL_ELEMENT}>",
        manifest.to_safe_json()
    );
    docx = docx
        .add_custom_item(CUSTOM_ITEM_ID, &item)
        .custom_property("quyche-seal-hash", manifest.seal.hash.clone());

    pack(docx)
}

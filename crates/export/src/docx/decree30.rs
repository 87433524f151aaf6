//! The Decree 30/2020 page (Nghị định 30/2020/NĐ-CP, Phụ lục I) and the building blocks
//! every DOCX of this crate is made of: the regulation ([`mod@super::write`]) and the
//! response report ([`crate::report`]) take their page, font, runs and tables from here,
//! so the two cannot drift apart.
//!
//! Lengths are in twips (1/1440 inch, 1 mm ≈ 56.7 twips) and font sizes in half-points,
//! the units Word stores.

use std::io::Cursor;

use docx_rs::{
    BorderType, BreakType, Docx, LineSpacing, LineSpacingType, PageMargin, PageOrientationType,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, Table,
    TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use crate::ExportError;

/// The decree's typeface, for every script Word distinguishes.
pub(crate) const FONT: &str = "Times New Roman";
/// A4: 210 mm.
const A4_SHORT: u32 = 11906;
/// A4: 297 mm.
const A4_LONG: u32 = 16838;
/// Margins: top and bottom 20 mm, left 30 mm (the bound edge), right 15 mm.
const MARGIN_TOP: i32 = 1134;
const MARGIN_BOTTOM: i32 = 1134;
pub(crate) const MARGIN_LEFT: i32 = 1701;
const MARGIN_RIGHT: i32 = 851;
/// Page header and footer 10 mm from the edge: the page number sits in the top margin.
const HEADER_DISTANCE: i32 = 567;
/// The width of the text on a portrait page.
pub(crate) const TEXT_W: i32 = A4_SHORT as i32 - MARGIN_LEFT - MARGIN_RIGHT;
/// Body text, headings and page numbers: 14 pt.
pub(crate) const BODY_SIZE: usize = 28;
/// First-line indent of body paragraphs: 1.27 cm.
pub(crate) const FIRST_LINE: i32 = 720;

/// Which way an A4 page is turned.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Orientation {
    Portrait,
    /// For wide tables (the response report).
    Landscape,
}

/// A new document on an A4 page with the decree's margins (the left one given, as it is
/// the one that differs for a landscape table) and the decree's font at `size`.
pub(crate) fn a4(orientation: Orientation, margin_left: i32, size: usize) -> Docx {
    let mut docx = match orientation {
        Orientation::Portrait => Docx::new().page_size(A4_SHORT, A4_LONG),
        Orientation::Landscape => {
            Docx::new().page_size(A4_LONG, A4_SHORT).page_orient(PageOrientationType::Landscape)
        }
    };
    docx = docx.page_margin(
        PageMargin::new()
            .top(MARGIN_TOP)
            .bottom(MARGIN_BOTTOM)
            .left(margin_left)
            .right(MARGIN_RIGHT)
            .header(HEADER_DISTANCE)
            .footer(HEADER_DISTANCE)
            .gutter(0),
    );
    docx.default_fonts(fonts()).default_size(size)
}

/// The finished file.
pub(crate) fn pack(docx: Docx) -> Result<Vec<u8>, ExportError> {
    pack_xml(docx.build())
}

/// The finished file from its parts: every property element in schema order
/// ([`super::schema_order`]), then zipped. Every DOCX Quyche writes goes through here.
pub(crate) fn pack_xml(mut xml: docx_rs::XMLDocx) -> Result<Vec<u8>, ExportError> {
    let parts = [
        &mut xml.document,
        &mut xml.styles,
        &mut xml.comments,
        &mut xml.numberings,
        &mut xml.footnotes,
    ]
    .into_iter()
    .chain(xml.headers.iter_mut())
    .chain(xml.footers.iter_mut());
    for part in parts {
        let text = String::from_utf8_lossy(part);
        let ordered = super::schema_order::in_schema_order(&text);
        if ordered != text {
            *part = ordered.into_bytes();
        }
    }
    let mut buf = Cursor::new(Vec::new());
    xml.pack(&mut buf).map_err(|e| ExportError::Docx(e.to_string()))?;
    Ok(buf.into_inner())
}

/// [`FONT`] in all four of Word's font slots (ASCII, other Latin, complex script, East
/// Asian), so that no character of the text falls back to another typeface.
pub(crate) fn fonts() -> RunFonts {
    RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT)
}

/// How a run of text looks.
#[derive(Clone, Copy, Default)]
pub(crate) struct Look {
    /// Half-points.
    pub size: usize,
    pub bold: bool,
    pub italic: bool,
    /// Capitals by formatting, so the words stay as written.
    pub caps: bool,
}

pub(crate) fn look(size: usize, bold: bool, italic: bool) -> Look {
    Look { size, bold, italic, caps: false }
}

/// A run of `text` in black: each run carries its whole formatting, which is what Word
/// and the decree checker read first. A `\n` becomes a line break, so multi-line text
/// stays as written. A control character XML 1.0 forbids (which no entry lets in, but a
/// document may come from elsewhere) becomes U+FFFD, so the file stays well-formed XML.
pub(crate) fn run(text: &str, look: Look) -> Run {
    let text = quyche_text::replace_unsafe_chars(text);
    let mut r = Run::new().size(look.size).fonts(fonts()).color("000000");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line);
    }
    if look.bold {
        r = r.bold();
    }
    if look.italic {
        r = r.italic();
    }
    if look.caps {
        r.run_property = r.run_property.caps();
    }
    r
}

/// Space before and after a paragraph, in twips, at 1.15 lines: within the decree's
/// "single to 1.5".
pub(crate) fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after).line(276).line_rule(LineSpacingType::Auto)
}

/// A short horizontal rule `width` twips wide, centred in a column `column` twips wide:
/// an empty paragraph with a top border, narrowed by indents.
pub(crate) fn rule(column: i32, width: i32) -> Paragraph {
    let side = ((column - width) / 2).max(0);
    let mut p = Paragraph::new()
        .align(docx_rs::AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new().before(80).after(0).line(120).line_rule(LineSpacingType::Exact),
        )
        .size(4);
    p.property = p.property.set_borders(top_border(6, 1));
    p
}

/// Only a top border: `ParagraphBorders::default()` would draw all four sides.
pub(crate) fn top_border(size: usize, space: usize) -> ParagraphBorders {
    ParagraphBorders::with_empty().set(
        ParagraphBorder::new(ParagraphBorderPosition::Top)
            .val(BorderType::Single)
            .size(size)
            .space(space)
            .color("000000"),
    )
}

/// A rough width of bold Times text, to size a rule to the line above it.
pub(crate) fn text_width(text: &str, half_points: usize) -> i32 {
    let em = half_points as f64 * 10.0; // twips per em
    let w: f64 = text
        .chars()
        .map(|c| {
            if c == ' ' {
                0.25
            } else if c.is_uppercase() {
                0.72
            } else {
                0.5
            }
        })
        .sum();
    (w * em) as i32
}

/// A table cell `width` twips wide. A cell must hold a paragraph, so an empty one gets
/// an empty paragraph.
pub(crate) fn cell(width: i32, paragraphs: Vec<Paragraph>) -> TableCell {
    let mut c = TableCell::new().width(width as usize, WidthType::Dxa);
    if paragraphs.is_empty() {
        c = c.add_paragraph(Paragraph::new());
    }
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

/// Gives `table` columns of these widths and their sum as its width: Word and LibreOffice
/// lay a table out from its grid, and disagree when the two are not stated together.
pub(crate) fn columns(table: Table, widths: &[i32]) -> Table {
    let total: i32 = widths.iter().sum();
    table
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .width(total as usize, WidthType::Dxa)
}

/// A borderless table used for layout only (the header block, the signature block):
/// fixed column widths, `pad` twips of padding left and right in each cell.
pub(crate) fn frame(rows: Vec<TableRow>, widths: &[i32], pad: i32) -> Table {
    columns(Table::without_borders(rows), widths)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, pad as usize, 0, pad as usize))
}

//! DOCX in the Decree 30/2020 layout, and a size-capped reader of its paragraphs.
//!
//! Every paragraph that carries a canonical line has a paragraph style named after its
//! role (`QcArticle`, `QcClause`…). The styles add nothing to the look (each run carries
//! its own formatting, which is what Word and the decree checker read first); they tell
//! `verify` which header-table cell a line came from, since the table lists the left
//! column before the right one while the canonical text interleaves them.

use std::io::{Cursor, Read};

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Header, LineSpacing, LineSpacingType, PageMargin,
    PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts,
    SpecialIndentType, Style, StyleType, Table, TableCell, TableCellMargins, TableLayoutType,
    TableRow, WidthType,
};
use quick_xml::events::Event;

use crate::lines::{Layout, Line, Role};
use crate::seal::{footer_text, Extracted, Manifest};
use crate::{ExportError, MAX_VERIFY_BYTES};

const FONT: &str = "Times New Roman";
/// A4 in twips.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// Margins: top and bottom 20 mm, left 30 mm, right 15 mm.
const MARGIN_TOP: i32 = 1134;
const MARGIN_BOTTOM: i32 = 1134;
const MARGIN_LEFT: i32 = 1701;
const MARGIN_RIGHT: i32 = 851;
const TEXT_W: i32 = PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT;
/// 1.27 cm.
const FIRST_LINE: i32 = 720;
const HEAD_LEFT_W: i32 = 3950;
/// Left and right cell padding of the layout tables (1 mm).
const CELL_PAD: i32 = 57;
const SEAL_STYLE: &str = "QcSeal";
const CUSTOM_ITEM_ID: &str = "{6F1C0A52-3B7E-4C1D-9A57-51A1E0C0DE30}";

fn style_id(role: Role) -> String {
    let mut id = String::from("Qc");
    for word in role.name().split('-') {
        let mut c = word.chars();
        if let Some(f) = c.next() {
            id.extend(f.to_uppercase());
            id.push_str(c.as_str());
        }
    }
    id
}

fn role_of_style(id: &str) -> Option<Role> {
    Role::ALL.into_iter().find(|r| style_id(*r) == id)
}

#[derive(Clone, Copy, Default)]
struct Look {
    /// Half-points.
    size: usize,
    bold: bool,
    italic: bool,
    caps: bool,
}

fn run(text: &str, look: Look) -> Run {
    let mut r = Run::new()
        .add_text(text)
        .size(look.size)
        .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .color("000000");
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

fn spacing(before: u32, after: u32) -> LineSpacing {
    // 1.15 lines: within the decree's "single to 1.5".
    LineSpacing::new().before(before).after(after).line(276).line_rule(LineSpacingType::Auto)
}

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

/// A short horizontal rule `width` twips wide, centred in a column `column` twips wide:
/// an empty paragraph with a top border, narrowed by indents.
fn rule(column: i32, width: i32) -> Paragraph {
    let side = ((column - width) / 2).max(0);
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new().before(80).after(0).line(120).line_rule(LineSpacingType::Exact),
        )
        .size(4);
    p.property = p.property.set_borders(top_border(6, 1));
    p
}

/// Only a top border: `ParagraphBorders::default()` would draw all four sides.
fn top_border(size: usize, space: usize) -> ParagraphBorders {
    ParagraphBorders::with_empty().set(
        ParagraphBorder::new(ParagraphBorderPosition::Top)
            .val(BorderType::Single)
            .size(size)
            .space(space)
            .color("000000"),
    )
}

/// A rough width of bold Times text, to size the rule under the motto to the line.
fn text_width(text: &str, half_points: usize) -> i32 {
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

const BODY: Look = Look { size: 28, bold: false, italic: false, caps: false };

fn look(size: usize, bold: bool, italic: bool) -> Look {
    Look { size, bold, italic, caps: false }
}

fn cell(width: i32, paragraphs: Vec<Paragraph>) -> TableCell {
    let mut c = TableCell::new().width(width as usize, WidthType::Dxa);
    if paragraphs.is_empty() {
        c = c.add_paragraph(Paragraph::new());
    }
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

fn two_columns(left_w: i32, left: Vec<Paragraph>, right: Vec<Paragraph>) -> TableRow {
    TableRow::new(vec![cell(left_w, left), cell(TEXT_W - left_w, right)]).cant_split()
}

fn table(left_w: i32, rows: Vec<TableRow>) -> Table {
    Table::without_borders(rows)
        .set_grid(vec![left_w as usize, (TEXT_W - left_w) as usize])
        .width(TEXT_W as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, CELL_PAD as usize, 0, CELL_PAD as usize))
}

fn header_table(lines: &[&Line]) -> Table {
    let inner_left = HEAD_LEFT_W - 2 * CELL_PAD;
    let inner_right = TEXT_W - HEAD_LEFT_W - 2 * CELL_PAD;
    let mut left = Vec::new();
    for l in lines.iter().filter(|l| matches!(l.role, Role::IssuerParent | Role::IssuerOwn)) {
        let bold = l.role == Role::IssuerOwn;
        left.push(centred(
            l.role,
            &l.text,
            Look { size: 24, bold, italic: false, caps: true },
            0,
            0,
        ));
        if bold {
            left.push(rule(inner_left, inner_left / 3));
        }
    }
    for l in lines.iter().filter(|l| l.role == Role::Number) {
        left.push(centred(l.role, &l.text, look(26, false, false), 120, 0));
    }
    let mut right = Vec::new();
    for l in lines.iter().filter(|l| matches!(l.role, Role::National | Role::Motto)) {
        if l.role == Role::National {
            right.push(centred(l.role, &l.text, look(24, true, false), 0, 0));
        } else {
            right.push(centred(l.role, &l.text, look(26, true, false), 0, 0));
            right.push(rule(inner_right, text_width(&l.text, 26).min(inner_right)));
        }
    }
    for l in lines.iter().filter(|l| l.role == Role::PlaceDate) {
        right.push(centred(l.role, &l.text, look(28, false, true), 160, 0));
    }
    table(HEAD_LEFT_W, vec![two_columns(HEAD_LEFT_W, left, right)])
}

fn closing_table(run: &[&(usize, &Line)]) -> Table {
    let half = TEXT_W / 2;
    let rows = crate::html::closing_rows(run)
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
                        .add_run(run_text(&l.text, lk))
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

fn run_text(text: &str, look: Look) -> Run {
    run(text, look)
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
            .size(28)
            .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT)),
    );
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(567)
                .footer(567)
                .gutter(0),
        )
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .default_size(28)
        // Page numbers from page 2 on: page 1 gets an empty first-page header.
        .header(page_header)
        .first_header(Header::new())
        .title_pg();
    docx = styles(docx);

    let visible: Vec<(usize, &Line)> = layout.visible().collect();
    let head: Vec<&Line> =
        visible.iter().map(|(_, l)| *l).filter(|l| l.role.in_header_table()).collect();
    if !head.is_empty() {
        docx = docx.add_table(header_table(&head));
    }
    let rest: Vec<&(usize, &Line)> =
        visible.iter().filter(|(_, l)| !l.role.in_header_table()).collect();
    let closing_kind = |r: Role| r.is_signature() || r.is_recipients();
    // The signature block that ends the document, with up to two sentences before it
    // (the adoption sentence), is laid out together with the seal footer, so that
    // neither the signature nor the footer is left alone on a last page.
    let mut sig_start = rest.len();
    while sig_start > 0 && closing_kind(rest[sig_start - 1].1.role) {
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
    let mut k = 0;
    let mut title_rule_pending = false;
    while k < tail_start {
        let l = rest[k].1;
        if title_rule_pending && !matches!(l.role, Role::Title | Role::TitleNote) {
            docx = docx.add_paragraph(rule(TEXT_W, TEXT_W / 4));
            title_rule_pending = false;
        }
        if closing_kind(l.role) {
            let start = k;
            while k < tail_start && closing_kind(rest[k].1.role) {
                k += 1;
            }
            docx = docx.add_table(closing_table(&rest[start..k]));
            continue;
        }
        docx = docx.add_paragraph(body_paragraph(l));
        if matches!(l.role, Role::DocType | Role::Title | Role::TitleNote) {
            title_rule_pending = true;
        }
        k += 1;
    }
    if title_rule_pending {
        docx = docx.add_paragraph(rule(TEXT_W, TEXT_W / 4));
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
        let mut cell = TableCell::new().width(TEXT_W as usize, WidthType::Dxa);
        for (_, l) in &rest[tail_start..sig_start] {
            cell = cell.add_paragraph(body_paragraph(l));
        }
        cell = cell.add_table(closing_table(&rest[sig_start..])).add_paragraph(seal_p);
        docx.add_table(
            Table::without_borders(vec![TableRow::new(vec![cell]).cant_split()])
                .set_grid(vec![TEXT_W as usize])
                .width(TEXT_W as usize, WidthType::Dxa)
                .layout(TableLayoutType::Fixed)
                .margins(TableCellMargins::new().margin(0, 0, 0, 0)),
        )
    } else {
        docx.add_paragraph(seal_p)
    };

    let item = format!(
        "<quyche-seal xmlns=\"urn:quyche:seal:1\">{}</quyche-seal>",
        manifest.to_safe_json()
    );
    docx = docx
        .add_custom_item(CUSTOM_ITEM_ID, &item)
        .custom_property("quyche-seal-hash", manifest.seal.hash.clone());

    let mut buf = Cursor::new(Vec::new());
    docx.build().pack(&mut buf).map_err(|e| ExportError::Docx(e.to_string()))?;
    Ok(buf.into_inner())
}

// ---------------------------------------------------------------------------------------
// Reading

const MAX_ENTRIES: usize = 10_000;

/// Entry names that could point outside an extraction folder. They are never read (and
/// nothing is ever extracted or written: entries are decompressed to memory only).
fn unsafe_name(name: &str) -> bool {
    name.starts_with('/')
        || name.starts_with('\\')
        || name.contains('\\')
        || name.contains('\0')
        || name.split('/').any(|seg| seg == "..")
        || name.as_bytes().get(1) == Some(&b':')
}

struct Budget(u64);

fn read_entry<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    budget: &mut Budget,
) -> Result<Vec<u8>, ExportError> {
    let entry = zip
        .by_name(name)
        .map_err(|e| ExportError::Malformed(format!("không đọc được {name}: {e}")))?;
    // The declared size can lie; it is checked first only to fail early.
    if entry.size() > budget.0 {
        return Err(ExportError::TooLarge);
    }
    let mut out = Vec::with_capacity(entry.size().min(1 << 20) as usize);
    let read = entry
        .take(budget.0 + 1)
        .read_to_end(&mut out)
        .map_err(|e| ExportError::Malformed(format!("không giải nén được {name}: {e}")))?;
    if read as u64 > budget.0 {
        return Err(ExportError::TooLarge);
    }
    budget.0 -= read as u64;
    Ok(out)
}

pub(crate) fn read(bytes: &[u8]) -> Result<Extracted, ExportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ExportError::Malformed(format!("không phải tệp DOCX (ZIP) hợp lệ: {e}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(ExportError::Malformed(format!("quá nhiều mục trong tệp ZIP ({})", zip.len())));
    }
    let names: Vec<String> =
        zip.file_names().filter(|n| !unsafe_name(n)).map(str::to_owned).collect();
    let mut budget = Budget(MAX_VERIFY_BYTES);

    let mut manifest = None;
    let mut items: Vec<&String> = names
        .iter()
        .filter(|n| {
            n.strip_prefix("customXml/item")
                .and_then(|r| r.strip_suffix(".xml"))
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect();
    items.sort();
    for name in items {
        let data = read_entry(&mut zip, name, &mut budget)?;
        if let Some(json) = seal_json(&data) {
            manifest = Some(Manifest::from_json(&json)?);
            break;
        }
    }
    if !names.iter().any(|n| n == "word/document.xml") {
        return Err(ExportError::Malformed("thiếu word/document.xml".into()));
    }
    let manifest = manifest.ok_or(ExportError::NoSeal)?;
    let document = read_entry(&mut zip, "word/document.xml", &mut budget)?;
    let paragraphs = paragraphs(&document)?;

    let mut head: Vec<(Role, String)> = Vec::new();
    let mut lines = Vec::new();
    let mut footer = None;
    for (style, text) in paragraphs {
        let role = style.as_deref().and_then(role_of_style);
        if style.as_deref() == Some(SEAL_STYLE) {
            footer = Some(text.trim().to_owned());
            continue;
        }
        let text = if role == Some(Role::Section) { text.replacen('\n', ". ", 1) } else { text };
        let text = text.replace(['\n', '\t'], " ").trim().to_owned();
        if text.is_empty() {
            continue;
        }
        match role {
            Some(r) if r.in_header_table() => head.push((r, text)),
            _ => lines.push(text),
        }
    }
    // The canonical order of the header: issuing body, motto, number, place and date.
    let order = |r: Role| match r {
        Role::IssuerParent | Role::IssuerOwn => 0,
        Role::National | Role::Motto => 1,
        Role::Number => 2,
        _ => 3,
    };
    head.sort_by_key(|(r, _)| order(*r));
    let mut all: Vec<String> = head.into_iter().map(|(_, t)| t).collect();
    all.extend(lines);
    Ok(Extracted { manifest, lines: all, footer })
}

/// The JSON inside `<quyche-seal>…</quyche-seal>`, if this custom XML part is ours.
fn seal_json(data: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(data).ok()?;
    let start = text.find("<quyche-seal")?;
    let open_end = start + text[start..].find('>')? + 1;
    let close = open_end + text[open_end..].find("</quyche-seal>")?;
    Some(unescape_xml(&text[open_end..close]))
}

fn unescape_xml(s: &str) -> String {
    crate::html::decode_entities(s)
}

/// `(paragraph style, text)` of every paragraph of `word/document.xml`, in order; nested
/// paragraphs (text boxes) come out on their own. Deleted text (`w:delText`) and field
/// instructions are not text.
fn paragraphs(xml: &[u8]) -> Result<Vec<(Option<String>, String)>, ExportError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut stack: Vec<(Option<String>, String)> = Vec::new();
    let mut out = Vec::new();
    let mut in_text = false;
    let mut run_depth = 0usize;
    let bad =
        |e: &dyn std::fmt::Display| ExportError::Malformed(format!("word/document.xml hỏng: {e}"));
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"p" => stack.push((None, String::new())),
                b"t" => in_text = true,
                b"r" => run_depth += 1,
                b"pStyle" => set_style(&e, &mut stack),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"pStyle" => set_style(&e, &mut stack),
                b"br" | b"cr" if run_depth > 0 => push(&mut stack, "\n"),
                b"tab" if run_depth > 0 => push(&mut stack, "\t"),
                b"p" => out.push((None, String::new())),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"p" => {
                    if let Some(p) = stack.pop() {
                        out.push(p);
                    }
                }
                b"t" => in_text = false,
                b"r" => run_depth = run_depth.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let s = t.decode().map_err(|e| bad(&e))?;
                push(&mut stack, &s);
            }
            Event::CData(t) if in_text => {
                let s = t.decode().map_err(|e| bad(&e))?;
                push(&mut stack, &s);
            }
            Event::GeneralRef(r) if in_text => {
                let c = match r.resolve_char_ref().map_err(|e| bad(&e))? {
                    Some(c) => Some(c),
                    None => match r.decode().map_err(|e| bad(&e))?.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    push(&mut stack, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err(ExportError::Malformed("word/document.xml bị cắt cụt".into()));
    }
    Ok(out)
}

fn push(stack: &mut [(Option<String>, String)], s: &str) {
    if let Some(p) = stack.last_mut() {
        p.1.push_str(s);
    }
}

fn set_style(e: &quick_xml::events::BytesStart<'_>, stack: &mut [(Option<String>, String)]) {
    let val = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .and_then(|a| String::from_utf8(a.value.into_owned()).ok());
    if let (Some(p), Some(v)) = (stack.last_mut(), val) {
        p.0 = Some(v);
    }
}

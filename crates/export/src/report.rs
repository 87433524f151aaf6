//! The response report (*bảng tổng hợp tiếp thu, giải trình ý kiến*): every comment of
//! a round with the chairman's decision, grouped by article, as HTML and as DOCX.
//!
//! The rows are plain data built by the review layer; this module only lays them out.
//! Columns: No. / Provision / Comment / Commenter / Decision / Explanation.

use docx_rs::{AlignmentType, LineSpacing, Paragraph, Table, TableCell, TableRow};
use serde::{Deserialize, Serialize};

use crate::docx::decree30::{a4, cell, columns, look, pack, run, Orientation};
use crate::ExportError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseReport {
    /// Issuing body lines, for the header: `LIÊN MINH HTX TỈNH BÌNH AN`.
    pub issuing_body: Vec<String>,
    /// `Quy chế làm việc của Ban Chấp hành …`.
    pub regulation_title: String,
    /// `Đợt lấy ý kiến 1 (phiên bản 2, hạn 2026-12-15)`.
    pub round: String,
    /// `28/11/2026`.
    pub date: String,
    pub groups: Vec<ReportGroup>,
    /// Totals by decision, e.g. `("Tiếp thu", 3)`.
    pub totals: Vec<(String, u32)>,
}

/// The comments on one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportGroup {
    /// `Điều 5. Nhiệm vụ, quyền hạn của Ban Chấp hành`.
    pub article: String,
    pub rows: Vec<ReportRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub no: u32,
    /// `khoản 2 Điều 5`.
    pub provision: String,
    /// The comment, with the quoted text.
    pub comment: String,
    pub proposal: Option<String>,
    /// `Lê Văn Cường, Phó Chủ tịch`.
    pub commenter: String,
    /// `Tiếp thu`, `Giải trình`…; `Chưa xử lý` while open.
    pub decision: String,
    pub explanation: String,
}

const HEAD: [&str; 6] = [
    "STT",
    "Điều, khoản",
    "Nội dung góp ý",
    "Người góp ý",
    "Tiếp thu, giải trình",
    "Lý do, giải trình",
];

// One escaping rule for every HTML the workspace writes.
use quyche_text::escape_html as esc;

fn comment_text(r: &ReportRow) -> String {
    match &r.proposal {
        Some(p) => format!("{}\nĐề xuất sửa: \u{201c}{p}\u{201d}", r.comment),
        None => r.comment.clone(),
    }
}

/// A self-contained, printable page (A4 landscape). All text is escaped.
pub fn report_html(r: &ResponseReport) -> String {
    let mut h = String::new();
    h.push_str("<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Bảng tổng hợp tiếp thu, giải trình ý kiến</title><style>\n");
    h.push_str("@page{size:A4 landscape;margin:20mm 15mm 20mm 25mm}body{font-family:'Times New Roman','Liberation Serif',Tinos,serif;font-size:13pt;color:#000;max-width:270mm;margin:0 auto}");
    h.push_str(".head{display:flex;justify-content:space-between;text-align:center}.head b{display:block}h1{font-size:14pt;text-align:center;margin:18pt 0 2pt}p.sub{text-align:center;margin:2pt 0}");
    h.push_str("table{border-collapse:collapse;width:100%;margin-top:12pt}th,td{border:1px solid #000;padding:4pt 5pt;vertical-align:top;text-align:left;white-space:pre-wrap}th{text-align:center}");
    h.push_str("tr.group td{font-weight:bold;background:#f2f2f2}td.no{text-align:center;width:3em}.totals{margin-top:10pt}\n</style></head><body>\n");
    h.push_str("<div class=\"head\"><div>");
    for (i, l) in r.issuing_body.iter().enumerate() {
        if i + 1 == r.issuing_body.len() {
            h.push_str(&format!("<b>{}</b>", esc(l)));
        } else {
            h.push_str(&format!("<div>{}</div>", esc(l)));
        }
    }
    h.push_str("</div><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><b>Độc lập - Tự do - Hạnh phúc</b></div></div>\n");
    h.push_str("<h1>BẢNG TỔNG HỢP TIẾP THU, GIẢI TRÌNH Ý KIẾN</h1>\n");
    h.push_str(&format!("<p class=\"sub\"><b>{}</b></p>\n", esc(&r.regulation_title)));
    h.push_str(&format!("<p class=\"sub\"><i>{} · ngày {}</i></p>\n", esc(&r.round), esc(&r.date)));
    h.push_str("<table><thead><tr>");
    for c in HEAD {
        h.push_str(&format!("<th>{}</th>", esc(c)));
    }
    h.push_str("</tr></thead><tbody>\n");
    for g in &r.groups {
        h.push_str(&format!(
            "<tr class=\"group\"><td colspan=\"6\">{}</td></tr>\n",
            esc(&g.article)
        ));
        for row in &g.rows {
            h.push_str(&format!(
                "<tr><td class=\"no\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                row.no,
                esc(&row.provision),
                esc(&comment_text(row)),
                esc(&row.commenter),
                esc(&row.decision),
                esc(&row.explanation)
            ));
        }
    }
    if r.groups.is_empty() {
        h.push_str("<tr><td colspan=\"6\">Không có ý kiến nào trong đợt này.</td></tr>\n");
    }
    h.push_str("</tbody></table>\n<p class=\"totals\">");
    let totals: Vec<String> = r.totals.iter().map(|(k, n)| format!("{}: {n}", esc(k))).collect();
    h.push_str(&totals.join(" · "));
    h.push_str("</p>\n</body></html>\n");
    h
}

fn para(text: &str, size: usize, bold: bool, italic: bool, align: AlignmentType) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(0).after(60))
        .add_run(run(text, look(size, bold, italic)))
}

/// The report's left margin, 25 mm (the regulation's is 30 mm).
const MARGIN_LEFT: i32 = 1417;
/// Column widths in twips for A4 landscape with 25/15 mm side margins (≈ 14,570 twips).
const WIDTHS: [i32; 6] = [700, 1900, 4300, 2200, 1770, 3700];

fn text_cell(text: &str, width: i32, bold: bool, align: AlignmentType) -> TableCell {
    cell(width, vec![para(text, 24, bold, false, align)])
}

/// The report as DOCX: A4 landscape, Times New Roman, a bordered table.
pub fn report_docx(r: &ResponseReport) -> Result<Vec<u8>, ExportError> {
    let mut docx = a4(Orientation::Landscape, MARGIN_LEFT, 26);
    for (i, l) in r.issuing_body.iter().enumerate() {
        docx = docx.add_paragraph(para(
            l,
            26,
            i + 1 == r.issuing_body.len(),
            false,
            AlignmentType::Left,
        ));
    }
    docx = docx
        .add_paragraph(para(
            "BẢNG TỔNG HỢP TIẾP THU, GIẢI TRÌNH Ý KIẾN",
            28,
            true,
            false,
            AlignmentType::Center,
        ))
        .add_paragraph(para(&r.regulation_title, 28, true, false, AlignmentType::Center))
        .add_paragraph(para(
            &format!("{} · ngày {}", r.round, r.date),
            26,
            false,
            true,
            AlignmentType::Center,
        ));
    let mut rows = vec![TableRow::new(
        HEAD.iter()
            .zip(WIDTHS)
            .map(|(h, w)| text_cell(h, w, true, AlignmentType::Center))
            .collect(),
    )];
    for g in &r.groups {
        let total: i32 = WIDTHS.iter().sum();
        rows.push(TableRow::new(vec![cell(
            total,
            vec![para(&g.article, 24, true, false, AlignmentType::Left)],
        )
        .grid_span(6)]));
        for row in &g.rows {
            let values = [
                row.no.to_string(),
                row.provision.clone(),
                comment_text(row),
                row.commenter.clone(),
                row.decision.clone(),
                row.explanation.clone(),
            ];
            rows.push(TableRow::new(
                values
                    .iter()
                    .zip(WIDTHS)
                    .enumerate()
                    .map(|(i, (v, w))| {
                        text_cell(
                            v,
                            w,
                            false,
                            if i == 0 { AlignmentType::Center } else { AlignmentType::Left },
                        )
                    })
                    .collect(),
            ));
        }
    }
    docx = docx.add_table(columns(Table::new(rows), &WIDTHS));
    let totals: Vec<String> = r.totals.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    docx = docx.add_paragraph(para(&totals.join(" · "), 24, false, true, AlignmentType::Left));
    pack(docx)
}

/// The report as a PDF, typeset by `quyche-pdf` on a landscape A4 page from the same rows
/// and columns as the DOCX. `r.date` (`28/11/2026`) is the document's date.
pub fn report_pdf(r: &ResponseReport) -> Result<Vec<u8>, ExportError> {
    use quyche_pdf::{Block, Line};
    let line = |role: &str, text: &str| Block::Line { line: Line::new(role, text) };
    let mut blocks = Vec::new();
    for (i, l) in r.issuing_body.iter().enumerate() {
        let role = if i + 1 == r.issuing_body.len() { "issuer" } else { "issuer-parent" };
        blocks.push(Block::Pair {
            left_width: 50,
            rows: vec![quyche_pdf::PairRow { left: vec![Line::new(role, l)], right: Vec::new() }],
        });
    }
    blocks.push(line("doc-type", "BẢNG TỔNG HỢP TIẾP THU, GIẢI TRÌNH Ý KIẾN"));
    blocks.push(line("title", &r.regulation_title));
    blocks.push(line("title-note", &format!("{} · ngày {}", r.round, r.date)));
    let widths: Vec<u32> = WIDTHS.iter().map(|w| *w as u32).collect();
    let cells = |values: &[String], role: &str| -> Vec<Vec<Line>> {
        values.iter().map(|v| v.split('\n').map(|p| Line::new(role, p)).collect()).collect()
    };
    for g in &r.groups {
        blocks.push(line("heading", &g.article));
        let mut rows = vec![cells(&HEAD.map(str::to_owned), "cell-head")];
        for row in &g.rows {
            rows.push(cells(
                &[
                    row.no.to_string(),
                    row.provision.clone(),
                    comment_text(row),
                    row.commenter.clone(),
                    row.decision.clone(),
                    row.explanation.clone(),
                ],
                "cell",
            ));
        }
        blocks.push(Block::Table { widths: widths.clone(), rows });
    }
    let totals: Vec<String> = r.totals.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    blocks.push(line("closing", &totals.join(" · ")));
    let mut d = r.date.splitn(3, '/').map(|p| p.trim().parse::<i32>().ok());
    let date = match (d.next().flatten(), d.next().flatten(), d.next().flatten()) {
        (Some(day), Some(month), Some(year))
            if (1..=31).contains(&day) && (1..=12).contains(&month) =>
        {
            (year, month as u8, day as u8)
        }
        _ => {
            return Err(ExportError::Pdf(format!(
                "ngày của bảng tổng hợp không đọc được: “{}” (cần dd/mm/yyyy)",
                r.date
            )))
        }
    };
    let doc = quyche_pdf::Document {
        title: format!("Bảng tổng hợp tiếp thu, giải trình ý kiến: {}", r.regulation_title),
        date: Some(date),
        landscape: true,
        blocks,
        footer: None,
        attachments: Vec::new(),
    };
    quyche_pdf::typeset(&doc).map_err(|e| ExportError::Pdf(e.to_string()))
}

//! HTML: one self-contained page laid out like the DOCX. Every canonical line is one
//! element with `data-line="<index in the canonical text>"`, which is what `verify`
//! reads back; the manifest is a JSON data block.

use crate::lines::{blocks, Block, Layout, Line, Role};
use crate::seal::{footer_text, Extracted, Manifest};
use crate::ExportError;

pub(crate) const MANIFEST_OPEN: &str = r#"<script type="application/json" id="quyche-seal">"#;

const CSS: &str = r#"
@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }
html { background: #f3f3f3; }
body { margin: 0; color: #000; font-family: "Times New Roman", "Liberation Serif", Tinos, serif; font-size: 14pt; line-height: 1.2; }
main { background: #fff; max-width: 165mm; margin: 12mm auto; padding: 20mm 15mm 20mm 30mm; box-shadow: 0 0 4px #aaa; }
@media print { html { background: none; } main { margin: 0; padding: 0; max-width: none; box-shadow: none; } }
p { margin: 0; }
table.frame { width: 100%; border-collapse: collapse; }
table.frame td { vertical-align: top; text-align: center; padding: 0; border: none; }
table.head td.left { width: 38%; }
table.sign td { width: 50%; }
table.sign td.recipients { text-align: left; }
.issuer-parent, .issuer, .national { font-size: 12.5pt; text-transform: uppercase; }
.issuer, .national, .motto, .doc-type, .title, .part, .part-title, .chapter, .chapter-title, .section, .article, .sign-title, .sign-name { font-weight: bold; }
.motto { font-size: 13.5pt; }
.number { font-size: 13pt; margin-top: 6pt; }
.place-date { font-style: italic; margin-top: 6pt; }
.rule { width: 33%; margin: 2pt auto 0; border-top: 1px solid #000; }
.rule.wide { width: 62%; }
.doc-type { text-align: center; margin-top: 18pt; }
.title, .title-note { text-align: center; }
.title-note { font-style: italic; }
.part, .chapter, .section { text-align: center; margin-top: 12pt; }
.part-title, .chapter-title, .section-title { text-align: center; text-transform: uppercase; }
.preamble { font-style: italic; }
.preamble, .article, .body, .clause, .point, .sub-point, .closing { text-align: justify; text-indent: 1.27cm; margin-top: 6pt; }
.article { margin-top: 12pt; }
.sign-title { text-transform: uppercase; }
.sign-title:first-child { margin-top: 12pt; }
.sign-name { margin-top: 60pt; }
.sign-title + .sign-title { margin-top: 0; }
.recipients-head { font-size: 12pt; font-weight: bold; font-style: italic; margin-top: 12pt; }
.recipient { font-size: 11pt; }
footer.seal { margin-top: 24pt; padding-top: 4pt; border-top: 1px solid #000; font-size: 10pt; font-style: italic; text-align: center; word-break: break-all; }
"#;

// One escaping rule for every HTML the workspace writes.
pub(crate) use quyche_text::escape_html as escape;

fn p(out: &mut String, index: usize, line: &Line) {
    let class = line.role.name();
    out.push_str(&format!(
        "<p class=\"{class}\" data-line=\"{index}\">{}</p>\n",
        escape(&line.text)
    ));
}

/// The lines of one header column, the rule under the issuing body and under the motto.
fn header_column(out: &mut String, lines: &[(usize, &Line)]) {
    for (i, l) in lines {
        p(out, *i, l);
        match l.role {
            Role::IssuerOwn => out.push_str("<div class=\"rule\"></div>\n"),
            Role::Motto => out.push_str("<div class=\"rule wide\"></div>\n"),
            _ => {}
        }
    }
}

pub(crate) fn write(layout: &Layout, manifest: &Manifest) -> String {
    let title = layout
        .lines
        .iter()
        .filter(|l| matches!(l.role, Role::DocType | Role::Title))
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    // The page needs nothing from outside and runs nothing.
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n",
        escape(&title)
    ));

    let [left, right] = layout.header_columns();
    if !left.is_empty() || !right.is_empty() {
        out.push_str("<table class=\"frame head\"><tr><td class=\"left\">\n");
        header_column(&mut out, &left);
        out.push_str("</td><td class=\"right\">\n");
        header_column(&mut out, &right);
        out.push_str("</td></tr></table>\n");
    }
    for block in blocks(&layout.below_header()) {
        match block {
            Block::TitleRule => out.push_str("<div class=\"rule\"></div>\n"),
            Block::Line(i, l) => p(&mut out, i, l),
            Block::Closing(rows) => {
                out.push_str("<table class=\"frame sign\">\n");
                for (recipients, signature) in rows {
                    out.push_str("<tr><td class=\"recipients\">\n");
                    for (i, l) in recipients {
                        p(&mut out, i, l);
                    }
                    out.push_str("</td><td class=\"signature\">\n");
                    for (i, l) in signature {
                        p(&mut out, i, l);
                    }
                    out.push_str("</td></tr>\n");
                }
                out.push_str("</table>\n");
            }
        }
    }
    out.push_str(&format!(
        "<footer class=\"seal\"><p>{}</p></footer>\n",
        escape(&footer_text(&manifest.seal))
    ));
    out.push_str("</main>\n");
    manifest.push_block(&mut out, MANIFEST_OPEN, "</script>\n");
    out.push_str("</body>\n</html>\n");
    out
}

pub(crate) fn read(text: &str) -> Result<Extracted, ExportError> {
    let (body, manifest) =
        Manifest::find_in(text, MANIFEST_OPEN, "</script>", "khối niêm phong không được đóng")?;
    let mut found: Vec<(usize, String)> = Vec::new();
    const ATTR: &str = "data-line=\"";
    let mut rest = body;
    while let Some(at) = rest.find(ATTR) {
        rest = &rest[at + ATTR.len()..];
        let Some(q) = rest.find('"') else { break };
        let index = rest[..q].parse::<usize>().ok();
        rest = &rest[q..];
        let Some(gt) = rest.find('>') else { break };
        rest = &rest[gt + 1..];
        let end = rest.find('<').unwrap_or(rest.len());
        if let Some(index) = index {
            found.push((index, decode_entities(rest[..end].trim())));
        }
        rest = &rest[end..];
    }
    found.sort_by_key(|(i, _)| *i);
    let lines = found.into_iter().map(|(_, t)| t).filter(|t| !t.is_empty()).collect();
    let footer = body.rfind("<footer class=\"seal\">").map(|at| {
        let f = &body[at..];
        let f = f.split("<p>").nth(1).unwrap_or("");
        decode_entities(f.split('<').next().unwrap_or(""))
    });
    Ok(Extracted { manifest, lines, footer })
}

/// The named entities the writer uses plus numeric ones (an editor may write either).
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Entities are short; a `;` further away belongs to the text.
        let semi = rest.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i);
        let decoded = semi.and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name {
                "nbsp" => Some('\u{a0}'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16).ok().and_then(char::from_u32)
                }
                _ if name.starts_with('#') => {
                    name[1..].parse::<u32>().ok().and_then(char::from_u32)
                }
                _ => xml_entity(name),
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The five entities XML predefines (HTML has them too): `amp` → `&`.
pub(crate) fn xml_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

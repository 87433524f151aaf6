//! A DOCX written the way Word writes one, for tests and benchmarks: the `w:` namespace,
//! `[Content_Types].xml`, the package and document relationships, `styles.xml` with
//! document defaults and styles that may carry numbering, and `numbering.xml` with
//! `w:abstractNum` and `w:num`. Text is escaped; `xml:space="preserve"` is set on every
//! `w:t`, as Word does when a run starts or ends with a space.
#![allow(dead_code)]

use std::io::{Cursor, Write};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Escapes text for XML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A run of text.
pub fn run(text: &str) -> String {
    format!(r#"<w:r w:rsidRPr="00A1B2C3"><w:t xml:space="preserve">{}</w:t></w:r>"#, esc(text))
}

/// A run of text set in `font` (both `w:ascii` and `w:hAnsi`, as Word writes it).
pub fn font_run(font: &str, text: &str) -> String {
    format!(
        r#"<w:r><w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        esc(text),
        f = esc(font)
    )
}

/// A paragraph of `inner` (runs, fields, tracked changes), with paragraph properties.
pub fn para(ppr: &str, inner: &str) -> String {
    if ppr.is_empty() {
        format!(r#"<w:p w:rsidR="00D4E5F6">{inner}</w:p>"#)
    } else {
        format!(r#"<w:p w:rsidR="00D4E5F6"><w:pPr>{ppr}</w:pPr>{inner}</w:p>"#)
    }
}

/// A plain paragraph.
pub fn p(text: &str) -> String {
    para("", &run(text))
}

/// The `w:numPr` of a list paragraph.
pub fn num_pr(num: u32, level: u32) -> String {
    format!(r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>"#)
}

/// A paragraph in list `num` at `level`, with Word's list style.
pub fn item(num: u32, level: u32, text: &str) -> String {
    para(&format!(r#"<w:pStyle w:val="ListParagraph"/>{}"#, num_pr(num, level)), &run(text))
}

/// A paragraph in paragraph style `style`.
pub fn styled(style: &str, text: &str) -> String {
    para(&format!(r#"<w:pStyle w:val="{style}"/>"#), &run(text))
}

/// A two-column table without borders, one row, as Word lays out a header block.
pub fn two_column_table(left: &[String], right: &[String]) -> String {
    let cell = |ps: &[String]| {
        format!(r#"<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>{}</w:tc>"#, ps.concat())
    };
    format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="nil"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="4500"/></w:tblGrid><w:tr>{}{}</w:tr></w:tbl>"#,
        cell(left),
        cell(right)
    )
}

/// A list level: `(numFmt, lvlText, start)` plus any extra XML (`w:lvlRestart`…).
pub fn lvl(level: u32, format: &str, text: &str, start: u32, extra: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{level}" w:tplc="042A000F"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/>{extra}<w:lvlText w:val="{}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>"#,
        esc(text)
    )
}

/// A DOCX under construction.
#[derive(Default, Clone)]
pub struct Docx {
    body: Vec<String>,
    abstracts: Vec<String>,
    nums: Vec<String>,
    styles: Vec<String>,
    default_font: Option<String>,
}

impl Docx {
    pub fn new() -> Docx {
        Docx::default()
    }

    /// Appends body XML (paragraphs, tables).
    pub fn add(mut self, xml: impl Into<String>) -> Docx {
        self.body.push(xml.into());
        self
    }

    /// Appends plain paragraphs, one per line of `text`.
    pub fn text(mut self, text: &str) -> Docx {
        self.body.extend(text.lines().map(p));
        self
    }

    /// An abstract list with its levels.
    pub fn abstract_num(mut self, id: u32, levels: &[String]) -> Docx {
        self.abstracts.push(format!(
            r#"<w:abstractNum w:abstractNumId="{id}" w15:restartNumberingAfterBreak="0"><w:nsid w:val="1A2B3C{id:02}"/><w:multiLevelType w:val="hybridMultilevel"/>{}</w:abstractNum>"#,
            levels.concat()
        ));
        self
    }

    /// A list instance of `abstract_id`, with `w:lvlOverride` XML if any.
    pub fn num(mut self, id: u32, abstract_id: u32, overrides: &str) -> Docx {
        self.nums.push(format!(
            r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>"#
        ));
        self
    }

    /// A style (`w:style` XML).
    pub fn style(mut self, xml: &str) -> Docx {
        self.styles.push(xml.to_owned());
        self
    }

    /// The document's default font (`w:docDefaults`).
    pub fn default_font(mut self, font: &str) -> Docx {
        self.default_font = Some(font.to_owned());
        self
    }

    fn document_xml(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14"><w:body>{}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
            self.body.concat()
        )
    }

    fn styles_xml(&self) -> String {
        let font = self.default_font.as_deref().unwrap_or("Times New Roman");
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{f}" w:eastAsia="Calibri" w:hAnsi="{f}" w:cs="Times New Roman"/><w:sz w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/><w:pPr><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>{}</w:styles>"#,
            self.styles.concat(),
            f = esc(font)
        )
    }

    fn numbering_xml(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">{}{}</w:numbering>"#,
            self.abstracts.concat(),
            self.nums.concat()
        )
    }

    /// The DOCX bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let numbering = !self.abstracts.is_empty();
        let mut types = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
        );
        let mut rels = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
        );
        if numbering {
            types.push_str(r#"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>"#);
            rels.push_str(r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#);
        }
        types.push_str("</Types>");
        rels.push_str("</Relationships>");
        let package_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
        let mut parts = vec![
            ("[Content_Types].xml", types),
            ("_rels/.rels", package_rels.to_owned()),
            ("word/document.xml", self.document_xml()),
            ("word/_rels/document.xml.rels", rels),
            ("word/styles.xml", self.styles_xml()),
        ];
        if numbering {
            parts.push(("word/numbering.xml", self.numbering_xml()));
        }
        zip_of(&parts.iter().map(|(n, d)| (*n, d.as_bytes())).collect::<Vec<_>>())
    }
}

/// A ZIP of `entries`, deflated, as Word writes a DOCX.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The list Vietnamese drafts use: level 0 articles (`Điều %1.`), level 1 clauses
/// (`%2.`), level 2 points (`%3)`, lowerLetter), level 3 bullets.
pub fn regulation_levels() -> Vec<String> {
    vec![
        lvl(0, "decimal", "Điều %1.", 1, ""),
        lvl(1, "decimal", "%2.", 1, ""),
        lvl(2, "lowerLetter", "%3)", 1, ""),
        lvl(3, "bullet", "\u{F0B7}", 1, ""),
    ]
}

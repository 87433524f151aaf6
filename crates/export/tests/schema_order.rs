//! Word reads a property element's children only in the schema's order (ECMA-376): it
//! drops a run's font or bold met out of place, and Word for the web refuses the file. So
//! in every DOCX Quyche writes, checked here on the parts as zipped, a few orders a reader
//! of the schema can verify by eye: a run's font before its bold before its colour before
//! its size; a paragraph's style first and its mark's run properties after its spacing,
//! indent and alignment; a section's header references before its page size.

use crate::common::*;
use quyche_diff::{redline, Alignment, Options};
use quyche_export::{
    export, promulgation_set, redline_docx, Comparison, Format, Standing, Version,
};

/// The documents: the approved text, the promulgation set, a redline with tracked changes.
fn files() -> Vec<(&'static str, Vec<u8>)> {
    let doc = demo_approved();
    let seal = seal_for(&doc);
    let r = redline(&demo_v1(), &demo(), Alignment::ByContent, &Options::default());
    let c = Comparison {
        old: Version { doc: &demo_v1(), name: "phiên bản 1", standing: Standing::Approved },
        new: Version { doc: &demo(), name: "phiên bản 2", standing: Standing::Draft },
        author: "Văn phòng",
        date: Some("2026-12-01T09:00:00Z"),
    };
    vec![
        ("approved text", export(&doc, &seal, Format::Docx).unwrap()),
        ("promulgation set", promulgation_set(&doc, &seal, &decision()).unwrap()),
        ("redline", redline_docx(&r, &c).unwrap()),
    ]
}

/// Each `<name>…</name>` element's child element names, in order.
fn children_of(xml: &str, name: &str) -> Vec<Vec<String>> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let mut out = Vec::new();
    for piece in xml.split(&open).skip(1) {
        let Some(inner) = piece.split(&close).next() else { continue };
        let mut depth = 0;
        let mut kids = Vec::new();
        for tag in inner.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            if let Some(_closing) = tag.strip_prefix('/') {
                depth -= 1;
                continue;
            }
            if depth == 0 {
                kids.push(tag.split([' ', '/']).next().unwrap_or("").to_string());
            }
            if !tag.ends_with('/') {
                depth += 1;
            }
        }
        out.push(kids);
    }
    out
}

/// `first` comes before `then` wherever both are children.
fn before(kids: &[String], first: &str, then: &str) -> bool {
    match (kids.iter().position(|k| k == first), kids.iter().position(|k| k == then)) {
        (Some(a), Some(b)) => a < b,
        _ => true,
    }
}

#[test]
fn property_elements_keep_the_schema_order_in_every_part() {
    for (what, bytes) in files() {
        let parts = unzip(&bytes);
        let mut runs = 0;
        for (name, data) in
            parts.iter().filter(|(n, _)| n.starts_with("word/") && n.ends_with(".xml"))
        {
            let xml = String::from_utf8_lossy(data);
            for kids in children_of(&xml, "w:rPr") {
                runs += 1;
                for (a, b) in [
                    ("w:rFonts", "w:b"),
                    ("w:b", "w:i"),
                    ("w:i", "w:color"),
                    ("w:color", "w:sz"),
                    ("w:sz", "w:szCs"),
                    ("w:rFonts", "w:sz"),
                    ("w:caps", "w:color"),
                    ("w:strike", "w:color"),
                    ("w:sz", "w:u"),
                ] {
                    assert!(before(&kids, a, b), "{what}, {name}: rPr {kids:?}: {a} before {b}");
                }
            }
            for kids in children_of(&xml, "w:pPr") {
                for (a, b) in [
                    ("w:pStyle", "w:keepNext"),
                    ("w:pStyle", "w:jc"),
                    ("w:keepNext", "w:spacing"),
                    ("w:pBdr", "w:spacing"),
                    ("w:spacing", "w:ind"),
                    ("w:ind", "w:jc"),
                    ("w:jc", "w:rPr"),
                    ("w:spacing", "w:rPr"),
                    ("w:rPr", "w:sectPr"),
                ] {
                    assert!(before(&kids, a, b), "{what}, {name}: pPr {kids:?}: {a} before {b}");
                }
                if let Some(first) = kids.first() {
                    assert!(
                        kids.iter().all(|k| k != "w:pStyle") || first == "w:pStyle",
                        "{what}: {kids:?}"
                    );
                }
            }
            for kids in children_of(&xml, "w:sectPr") {
                for (a, b) in [
                    ("w:headerReference", "w:pgSz"),
                    ("w:footerReference", "w:pgSz"),
                    ("w:pgSz", "w:pgMar"),
                    ("w:pgMar", "w:pgNumType"),
                    ("w:pgNumType", "w:cols"),
                    ("w:cols", "w:titlePg"),
                ] {
                    assert!(before(&kids, a, b), "{what}, {name}: sectPr {kids:?}: {a} before {b}");
                }
            }
        }
        assert!(runs > 100, "{what}: {runs} run properties read");
    }
}

//! The children of Word's property elements in the order the schema gives them.
//!
//! ECMA-376 defines `w:pPr`, `w:rPr`, `w:sectPr`, `w:tblPr`, `w:tcPr` and their borders as
//! sequences: each child has its place. docx-rs writes them in the order its builders were
//! called (a run's `w:sz` before its `w:rFonts` and `w:b`, a paragraph's `w:rPr` first and
//! `w:jc` before `w:spacing`, a section's `w:headerReference` after `w:pgMar`). LibreOffice
//! reads that anyway; Word drops run properties it meets out of place (the font, the bold)
//! or repairs the file, and Word for the web opens it read-only as damaged. So every part
//! is put in schema order before it is zipped: the same elements, attributes and text,
//! only the siblings inside a property element reordered (a stable sort by their place).
//!
//! The reordering reads the parts docx-rs wrote: well-formed, no comments or CDATA inside
//! property elements. A property element whose content it does not understand (text, or
//! an unbalanced tag) is left as it was.

/// Each property element and its children's order (ECMA-376, `wml.xsd`). A child not
/// listed keeps its place after the listed ones.
const ORDERS: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            // A paragraph mark's run properties start with its revision marks.
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
    ),
    (
        "w:sectPr",
        &[
            // Header and footer references come first, in any order among themselves.
            "w:headerReference|w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
    ),
    ("w:pBdr", &["w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"]),
    (
        "w:tblBorders",
        &["w:top", "w:left|w:start", "w:bottom", "w:right|w:end", "w:insideH", "w:insideV"],
    ),
    (
        "w:tcBorders",
        &[
            "w:top",
            "w:left|w:start",
            "w:bottom",
            "w:right|w:end",
            "w:insideH",
            "w:insideV",
            "w:tl2br",
            "w:tr2bl",
        ],
    ),
    ("w:tblCellMar", &["w:top", "w:left|w:start", "w:bottom", "w:right|w:end"]),
    ("w:tcMar", &["w:top", "w:left|w:start", "w:bottom", "w:right|w:end"]),
];

/// `xml` with the children of every property element in schema order.
pub(crate) fn in_schema_order(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(k) = rest.find('<') {
        out.push_str(&rest[..k]);
        let tail = &rest[k..];
        match element(tail).filter(|e| order_of(e.name).is_some()) {
            Some(e) => {
                out.push_str(&reordered(&tail[..e.len], &e));
                rest = &tail[e.len..];
            }
            None => {
                // Not a property element (or not one we read): copy its tag and go on.
                let end = tail.find('>').map_or(tail.len(), |j| j + 1);
                out.push_str(&tail[..end]);
                rest = &tail[end..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn order_of(name: &str) -> Option<&'static [&'static str]> {
    ORDERS.iter().find(|(n, _)| *n == name).map(|(_, o)| *o)
}

/// An element at the start of a text: its name, its whole length, and where its content
/// lies (`None` for an empty element `<w:b/>`).
struct Element<'a> {
    name: &'a str,
    len: usize,
    content: Option<std::ops::Range<usize>>,
}

/// The element `s` starts with, if `s` starts with an opening tag and the element closes.
fn element(s: &str) -> Option<Element<'_>> {
    if !s.starts_with('<') || s[1..].starts_with(['/', '?', '!']) {
        return None;
    }
    let open_end = s.find('>')?;
    let open = &s[1..open_end];
    let name = open.split(|c: char| c.is_whitespace() || c == '/').next()?;
    if open.ends_with('/') {
        return Some(Element { name, len: open_end + 1, content: None });
    }
    // Find the matching close tag, counting nested elements of any name.
    let mut depth = 1;
    let mut at = open_end + 1;
    while depth > 0 {
        let k = s[at..].find('<')? + at;
        let end = s[k..].find('>')? + k;
        let tag = &s[k + 1..end];
        if tag.starts_with('/') {
            depth -= 1;
        } else if !tag.ends_with('/') && !tag.starts_with(['?', '!']) {
            depth += 1;
        }
        at = end + 1;
        if depth == 0 {
            return Some(Element { name, len: at, content: Some(open_end + 1..k) });
        }
    }
    None
}

/// The property element `whole` with its children (each put in order too) sorted by their
/// place; left as it was when its content is not only elements.
fn reordered(whole: &str, e: &Element<'_>) -> String {
    let Some(content) = e.content.clone() else { return whole.to_string() };
    let order = order_of(e.name).unwrap_or(&[]);
    let inner = &whole[content.clone()];
    let mut children: Vec<(usize, String)> = Vec::new();
    let mut rest = inner;
    while !rest.trim().is_empty() {
        let trimmed = rest.trim_start();
        let Some(child) = element(trimmed) else { return whole.to_string() };
        let text = &trimmed[..child.len];
        let place = order
            .iter()
            .position(|names| names.split('|').any(|n| n == child.name))
            .unwrap_or(order.len());
        let text = if order_of(child.name).is_some() {
            reordered(text, &child)
        } else {
            // A child that is not itself a property element may hold one (a `w:pPrChange`'s
            // `w:pPr`): put what is inside in order as well.
            in_schema_order(text)
        };
        children.push((place, text));
        rest = &trimmed[child.len..];
    }
    children.sort_by_key(|(place, _)| *place);
    let mut out = String::with_capacity(whole.len());
    out.push_str(&whole[..content.start]);
    for (_, c) in children {
        out.push_str(&c);
    }
    out.push_str(&whole[content.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_and_paragraph_properties_take_the_schema_order() {
        let docx_rs = "<w:p><w:pPr><w:rPr /><w:pStyle w:val=\"QcArticle\" /><w:jc w:val=\"both\" />\
                       <w:ind w:firstLine=\"567\" /><w:spacing w:before=\"120\" /><w:keepNext /></w:pPr>\
                       <w:r><w:rPr><w:sz w:val=\"28\" /><w:szCs w:val=\"28\" /><w:color w:val=\"000000\" />\
                       <w:b /><w:bCs /><w:rFonts w:ascii=\"Times New Roman\" /></w:rPr>\
                       <w:t xml:space=\"preserve\">Điều 1.</w:t></w:r></w:p>";
        let want = "<w:p><w:pPr><w:pStyle w:val=\"QcArticle\" /><w:keepNext /><w:spacing w:before=\"120\" />\
                    <w:ind w:firstLine=\"567\" /><w:jc w:val=\"both\" /><w:rPr /></w:pPr>\
                    <w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" /><w:b /><w:bCs /><w:color w:val=\"000000\" />\
                    <w:sz w:val=\"28\" /><w:szCs w:val=\"28\" /></w:rPr>\
                    <w:t xml:space=\"preserve\">Điều 1.</w:t></w:r></w:p>";
        assert_eq!(in_schema_order(docx_rs), want);
        // Already in order: unchanged.
        assert_eq!(in_schema_order(want), want);
    }

    #[test]
    fn nested_property_elements_are_ordered_too() {
        let docx_rs = "<w:pPr><w:pStyle w:val=\"A\" /><w:sectPr><w:pgSz w:w=\"11906\" /><w:pgMar w:top=\"1134\" />\
                       <w:cols w:space=\"425\" /><w:headerReference w:type=\"default\" r:id=\"rId1\" />\
                       <w:headerReference w:type=\"first\" r:id=\"rId2\" /><w:titlePg /></w:sectPr>\
                       <w:pBdr><w:bottom w:val=\"single\" /><w:top w:val=\"single\" /></w:pBdr></w:pPr>";
        let want = "<w:pPr><w:pStyle w:val=\"A\" /><w:pBdr><w:top w:val=\"single\" /><w:bottom w:val=\"single\" /></w:pBdr>\
                    <w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId1\" />\
                    <w:headerReference w:type=\"first\" r:id=\"rId2\" /><w:pgSz w:w=\"11906\" />\
                    <w:pgMar w:top=\"1134\" /><w:cols w:space=\"425\" /><w:titlePg /></w:sectPr></w:pPr>";
        assert_eq!(in_schema_order(docx_rs), want);
    }

    #[test]
    fn what_is_not_understood_is_left_as_it_was() {
        for xml in [
            "<w:rPr>text<w:b /></w:rPr>",
            "<w:rPr><w:b></w:rPr>",
            "<w:t>a &lt; b</w:t>",
            "plain <w:rPr",
            "",
        ] {
            assert_eq!(in_schema_order(xml), xml);
        }
    }
}

//! A parsed regulation written as a Word user writes it: the header in a two-column
//! table, chapters as a label and a line break before the title, and every article,
//! clause, point and sub-point numbered by one Word list (`Điều %1.`, `%2.`, `%3)`
//! lowerLetter, a bullet), never as typed text. Word letters the points a b c d e f …,
//! so a list with five points or more is one the import must letter again.
#![allow(dead_code)]

use quyche_model::{Document, Kind, Unit};

use super::docx::{item, p, para, regulation_levels, run, two_column_table, Docx};

/// `doc` as a Word draft with auto-numbering (marks and notes are not written).
pub fn auto_numbered(doc: &Document) -> Docx {
    let h = &doc.header;
    let mut left: Vec<String> = h.issuing_body.iter().map(|l| p(l)).collect();
    if let Some(n) = &h.number {
        left.push(p(format!("{}: {}", n.label, n.value).trim_end()));
    }
    let mut right: Vec<String> = h.motto.iter().map(|l| p(l)).collect();
    right.extend(h.place_date.iter().map(|l| p(l)));
    let mut docx = Docx::new().abstract_num(0, &regulation_levels()).num(1, 0, "");
    if !(left.is_empty() && right.is_empty()) {
        docx = docx.add(two_column_table(&left, &right));
    }
    for line in h.doc_type.iter().chain(&h.title).chain(&doc.preamble) {
        docx = docx.add(p(line));
    }
    let numbering = doc.numbering();
    let mut body = Vec::new();
    for u in &doc.body {
        unit(u, &numbering, &mut body);
    }
    body.extend(doc.closing.iter().map(|l| p(l)));
    docx.add(body.concat())
}

fn unit(u: &Unit, numbering: &quyche_model::Numbering, out: &mut Vec<String>) {
    let level = match u.kind {
        Kind::Part | Kind::Chapter | Kind::Section => {
            let marker = numbering.label(u.id).map(|l| l.marker().to_string()).unwrap_or_default();
            let title = u.title.trim();
            if title.is_empty() {
                out.push(p(&marker));
            } else {
                out.push(para("", &format!("{}<w:r><w:br/></w:r>{}", run(&marker), run(title))));
            }
            out.extend(u.paragraphs.iter().map(|l| p(l)));
            None
        }
        Kind::Article => Some(0),
        Kind::Clause => Some(1),
        Kind::Point => Some(2),
        Kind::SubPoint => Some(3),
    };
    if let Some(level) = level {
        let (first, rest) = if u.kind == Kind::Article {
            (u.title.trim(), &u.paragraphs[..])
        } else {
            match u.paragraphs.split_first() {
                Some((f, r)) => (f.trim(), r),
                None => ("", &[][..]),
            }
        };
        out.push(item(1, level, first));
        out.extend(rest.iter().map(|l| p(l)));
    }
    for c in &u.children {
        unit(c, numbering, out);
    }
}

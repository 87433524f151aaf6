//! The canonical text: one element per line, no blank lines, LF, a trailing newline.

use quyche_model::{Document, Kind, Numbering, Unit};

use crate::header::reads_as_heading;

/// Appends one line. Embedded line breaks (possible in edited or constructed documents)
/// become spaces, so one element always stays one line.
fn push_line(out: &mut String, s: &str) {
    if has_break(s.as_bytes()) {
        out.push_str(&s.replace(['\n', '\r'], " "));
    } else {
        out.push_str(s);
    }
    out.push('\n');
}

/// Whether `s` holds a line break: memchr's vector search (nearly every line has none,
/// and a search by characters cost a third of rendering; eight bytes at a time, a tenth).
fn has_break(s: &[u8]) -> bool {
    memchr::memchr2(b'\n', b'\r', s).is_some()
}

fn push_lines(out: &mut String, lines: &[String]) {
    for l in lines.iter().filter(|l| !l.trim().is_empty()) {
        push_line(out, l);
    }
}

pub(crate) fn render(doc: &Document) -> String {
    let mut out = String::with_capacity(256 * 1024);
    push_lines(&mut out, &doc.notes);
    let h = &doc.header;
    push_lines(&mut out, &h.issuing_body);
    push_lines(&mut out, &h.motto);
    if let Some(n) = &h.number {
        if n.value.is_empty() {
            push_line(&mut out, &format!("{}:", n.label));
        } else {
            push_line(&mut out, &format!("{}: {}", n.label, n.value));
        }
    }
    push_lines(&mut out, &h.marks);
    if let Some(pd) = &h.place_date {
        push_line(&mut out, pd);
    }
    if let Some(t) = &h.doc_type {
        push_line(&mut out, t);
    }
    push_lines(&mut out, &h.title);
    push_lines(&mut out, &doc.preamble);
    let numbering = doc.numbering();
    for u in &doc.body {
        render_unit(u, &numbering, &mut out);
    }
    push_lines(&mut out, &doc.closing);
    out
}

fn fallback_marker(kind: Kind) -> &'static str {
    match kind {
        Kind::Part => "Phần ?",
        Kind::Chapter => "Chương ?",
        Kind::Section => "Mục ?",
        Kind::Article => "Điều ?",
        Kind::Clause => "?.",
        Kind::Point => "?)",
        Kind::SubPoint => "-",
    }
}

pub(crate) fn render_unit(u: &Unit, numbering: &Numbering, out: &mut String) {
    let label = numbering.label(u.id).map(|l| l.marker());
    render_own(u, label.as_deref().unwrap_or(fallback_marker(u.kind)), out);
    for c in &u.children {
        render_unit(c, numbering, out);
    }
}

/// The unit's own lines: marker line, title, paragraphs. Not its children.
fn render_own(u: &Unit, marker: &str, out: &mut String) {
    let title = u.title.trim();
    match u.kind {
        Kind::Part | Kind::Chapter => {
            // The title goes on its own line, unless that line would read as a heading.
            if title.is_empty() {
                push_line(out, marker);
            } else if reads_as_heading(title) {
                push_line(out, &format!("{marker}. {title}"));
            } else {
                push_line(out, marker);
                push_line(out, title);
            }
            push_lines(out, &u.paragraphs);
        }
        Kind::Section | Kind::Article => {
            if title.is_empty() {
                push_line(out, marker);
            } else {
                out.push_str(marker);
                out.push_str(". ");
                push_line(out, title);
            }
            push_lines(out, &u.paragraphs);
        }
        Kind::Clause | Kind::Point | Kind::SubPoint => {
            let (first, rest) = match u.paragraphs.split_first() {
                Some((f, r)) => (f.trim(), r),
                None => ("", &[][..]),
            };
            if first.is_empty() {
                push_line(out, marker);
            } else {
                out.push_str(marker);
                out.push(' ');
                push_line(out, first);
            }
            push_lines(out, rest);
        }
    }
}

/// An article without its `Điều N. ` label: the title line (empty when untitled), then
/// the body as `render` prints it.
pub(crate) fn render_article_text(article: &Unit) -> String {
    // Numbers inside an article restart per article, so the article numbered alone
    // numbers its clauses and points exactly as the whole document does.
    let mut out = String::with_capacity(article_text_len(article));
    push_line(&mut out, article.title.trim());
    push_lines(&mut out, &article.paragraphs);
    Numbering::visit_article(article, |u, label| render_own(u, &label.marker(), &mut out));
    out
}

/// About the length of the article's text, to size its buffer once.
fn article_text_len(article: &Unit) -> usize {
    let mut len = article.title.len() + 1;
    let mut stack = vec![article];
    while let Some(u) = stack.pop() {
        len += u.paragraphs.iter().map(|p| p.len() + 8).sum::<usize>();
        stack.extend(&u.children);
    }
    len
}

pub(crate) fn render_unit_text(unit: &Unit) -> String {
    match unit.kind {
        Kind::Article => render_article_text(unit),
        Kind::Part | Kind::Chapter | Kind::Section => {
            let mut out = String::new();
            push_line(&mut out, unit.title.trim());
            out
        }
        Kind::Clause | Kind::Point | Kind::SubPoint => {
            // Children are numbered under this unit alone, exactly as in the document.
            let holder = Unit { children: vec![unit.clone()], ..Unit::new(unit.id, Kind::Article) };
            let doc = Document { body: vec![holder], ..Document::default() };
            let numbering = doc.numbering();
            let mut out = String::new();
            let mut own = unit.paragraphs.iter();
            push_line(&mut out, own.next().map(|p| p.trim()).unwrap_or(""));
            for p in own.filter(|l| !l.trim().is_empty()) {
                push_line(&mut out, p);
            }
            for c in &unit.children {
                render_unit(c, &numbering, &mut out);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::has_break;

    /// The search agrees with one by bytes at every place and length, for
    /// every byte near a line break and for multi-byte letters around it.
    #[test]
    fn has_break_finds_every_line_break() {
        let fillers: [&[u8]; 3] = [b"a", "ờ".as_bytes(), b"\t"];
        for filler in fillers {
            for len in 0..24 {
                let base: Vec<u8> = filler.iter().copied().cycle().take(len).collect();
                assert!(!has_break(&base) || base.contains(&b'\n'), "{base:?}");
                for at in 0..len {
                    for b in 0u8..=0x20 {
                        let mut t = base.clone();
                        t[at] = b;
                        let want = t.iter().any(|&c| c == b'\n' || c == b'\r');
                        assert_eq!(has_break(&t), want, "{t:?}");
                    }
                }
            }
        }
    }
}

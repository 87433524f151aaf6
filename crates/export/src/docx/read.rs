//! The DOCX reader `verify` uses: the visible paragraphs of `word/document.xml` and the
//! manifest part, read from untrusted bytes.
//!
//! The container's limits (size, entry count, the zip-bomb budget, unsafe names, a panic
//! in the ZIP code) are `quyche_word::container`'s: the one hardened DOCX reader. This
//! reader opens it leniently (an entry with an unsafe name is ignored, so the check still
//! reports what it can), reads only the custom XML parts `customXml/itemN.xml` (N digits
//! only), in name order until the manifest is found, and `word/document.xml`, and adds:
//!
//! * **No XML entities beyond the five predefined ones and character references**:
//!   quick-xml expands no DTD, so neither an entity bomb (“billion laughs”) nor an
//!   external entity can be written into the text; any other reference is dropped.
//! * **Damaged XML is an error**, a truncated `word/document.xml` included; and `verify`
//!   turns a panic in the XML code into an error too.

use quick_xml::events::Event;

use super::{role_of_style, REGULATION_START_STYLE, SEAL_ELEMENT, SEAL_STYLE};
use crate::lines::Role;
use crate::seal::{Extracted, Manifest};
use crate::ExportError;

/// The main part, which holds the visible text.
const DOCUMENT_PART: &str = "word/document.xml";

/// `customXml/itemN.xml` with N one or more digits: where a custom XML part lives.
fn custom_xml_part(name: &str) -> bool {
    name.strip_prefix("customXml/item")
        .and_then(|r| r.strip_suffix(".xml"))
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

pub(crate) fn read(bytes: &[u8]) -> Result<Extracted, ExportError> {
    let mut zip = quyche_word::Package::open_lenient(bytes).map_err(word_error)?;
    let names: Vec<String> = zip.names().map(str::to_owned).collect();

    let mut manifest = None;
    let mut items: Vec<&String> = names.iter().filter(|n| custom_xml_part(n)).collect();
    items.sort();
    for name in items {
        let data = zip.require(name).map_err(word_error)?;
        if let Some(json) = seal_json(&data) {
            manifest = Some(Manifest::from_json(&json)?);
            break;
        }
    }
    if !names.iter().any(|n| n == DOCUMENT_PART) {
        return Err(ExportError::Malformed(format!("thiếu {DOCUMENT_PART}")));
    }
    let manifest = manifest.ok_or(ExportError::NoSeal)?;
    let document = zip.require(DOCUMENT_PART).map_err(word_error)?;
    let paragraphs = paragraphs(&document)?;

    let mut head: Vec<(Role, String)> = Vec::new();
    let mut lines = Vec::new();
    let mut footer = None;
    for (style, text) in paragraphs {
        let role = style.as_deref().and_then(role_of_style);
        if style.as_deref() == Some(REGULATION_START_STYLE) {
            // A promulgation set: everything so far was the decision, outside the seal.
            head.clear();
            lines.clear();
            footer = None;
            continue;
        }
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

fn word_error(e: quyche_word::WordError) -> ExportError {
    match e {
        quyche_word::WordError::TooLarge => ExportError::TooLarge,
        quyche_word::WordError::Malformed(m) => ExportError::Malformed(m),
        other => ExportError::Malformed(other.to_string()),
    }
}

/// The JSON inside `<quyche-seal>…</quyche-seal>`, if this custom XML part is ours.
fn seal_json(data: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(data).ok()?;
    let start = text.find(&format!("<{SEAL_ELEMENT}"))?;
    let open_end = start + text[start..].find('>')? + 1;
    let close = open_end + text[open_end..].find(&format!("</{SEAL_ELEMENT}>"))?;
    // A program that saves the part may write `&quot;` and the like: XML's five entities
    // and character references are among those the HTML reader decodes.
    Some(crate::html::decode_entities(&text[open_end..close]))
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
        |e: &dyn std::fmt::Display| ExportError::Malformed(format!("{DOCUMENT_PART} hỏng: {e}"));
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
                    None => crate::html::xml_entity(&r.decode().map_err(|e| bad(&e))?),
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
        return Err(ExportError::Malformed(format!("{DOCUMENT_PART} bị cắt cụt")));
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

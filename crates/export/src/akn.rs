//! Akoma Ntoso 3.0 (OASIS LegalDocML): the regulation as an `act`, for any revision.
//!
//! # The mapping
//!
//! | model | AKN | eId |
//! |---|---|---|
//! | header (issuing body, motto, number, marks, place and date, type, title) | `<preface>`, one `<p class="…">` a line; the number in `<docNumber>`, the type in `<docType>`, the title in `<docTitle>`, and a `<docStatus>` line saying which revision this is and whether it is a draft or approved | — |
//! | preamble (`Căn cứ …`) | `<preamble>` | — |
//! | Phần | `<part>` | `part_I` |
//! | Chương | `<chapter>` | `chp_II` |
//! | Mục | `<section>` | `chp_II__sec_1` (numbered within its chapter) |
//! | Điều | `<article>` | `art_5` (articles count through the whole text) |
//! | khoản | `<paragraph>` | `art_5__para_2` |
//! | điểm | `<point>` | `art_5__para_2__point_đ` |
//! | tiết (`-`) | `<indent>` | `art_5__para_2__point_a__indent_1` |
//! | closing (adoption sentence, signature, `Nơi nhận`) | `<conclusions>` | — |
//!
//! Every eId is derived from position, as every number is (`quyche_model::Numbering`, the
//! one table of point letters), so an eId changes when a unit moves; the stable unit id,
//! which never does, is the element's `GUID` (`urn:quyche:REGULATION:unit:17`).
//!
//! A unit's own text is `<content>` when it has no units below it, else `<intro>` before
//! them: the model keeps a unit's paragraphs before its children.
//!
//! Internal references (“khoản 2 Điều 7”, “Điều này”) found by
//! `quyche_text::find_references` are `<ref href="#art_7__para_2">`: a reference naming one
//! unit wraps its whole words, one naming several (“điểm a, b và đ khoản 2”) wraps each
//! number on its own. A reference to another text, or one naming a unit the text lacks,
//! stays text.
//!
//! # Which revision, draft or approved
//!
//! The metadata says it three ways, so no reader can take a draft for the approved text:
//! the FRBR expression carries the revision (`FRBRversionNumber`, and `@…-rN` in its
//! URI); the `<proprietary>` block holds `<quyche:revision state="draft|approved" …>` with,
//! for an approved text, the decision, its date, the approving body and the seal's hash;
//! and the preface shows a `<docStatus>` line in words (`Dự thảo — phiên bản 4` or
//! `Văn bản đã thông qua — phiên bản 3 — Quyết định số … ngày …`).
//!
//! An AKN file is not read back by `verify`: the seal's words are checked in the formats
//! meant for people (DOCX, HTML, Markdown, text). The `seal` attribute lets anyone compare
//! the AKN with a sealed file of the same revision.

use std::collections::HashMap;
use std::fmt::Write as _;

use quyche_model::{point_letter, roman, Document, Kind, Numbering, Unit, UnitId};
use quyche_text::references::Field;
use quyche_text::{escape_html, Reference};

use crate::{ExportError, Seal};

/// The AKN 3.0 namespace.
pub const AKN_NAMESPACE: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
/// The namespace of the `<proprietary>` block's revision element.
pub const QUYCHE_AKN_NAMESPACE: &str = "urn:quyche:akn:1";

/// Which revision an AKN file holds, and whether it is approved.
#[derive(Clone, Copy, Debug)]
pub struct Expression<'a> {
    /// The regulation's id in the library.
    pub regulation_id: &'a str,
    pub revision: u32,
    /// ISO date, `2026-11-28`: the approval's date for an approved text, the day the
    /// revision was saved for a draft. Passed in: the export never reads the clock.
    pub date: &'a str,
    /// `Some`: the approved revision under its seal; `None`: a draft.
    pub seal: Option<&'a Seal>,
}

/// `doc` as an Akoma Ntoso 3.0 `act` (UTF-8 XML). With a seal, refuses one whose hash is
/// not the document's ([`ExportError::SealMismatch`]), as every export does.
pub fn akn(doc: &Document, expr: &Expression<'_>) -> Result<Vec<u8>, ExportError> {
    if let Some(seal) = expr.seal {
        if quyche_text::canonical_hash(doc) != seal.hash.to_ascii_lowercase() {
            return Err(ExportError::SealMismatch);
        }
    }
    if !is_iso_date(expr.date) {
        return Err(ExportError::Malformed(format!(
            "ngày của phiên bản “{}” không phải dạng YYYY-MM-DD",
            expr.date.chars().take(40).collect::<String>()
        )));
    }
    let numbering = doc.numbering();
    let mut w = Writer {
        out: String::with_capacity(doc_size(doc) * 3 / 2 + 4096),
        numbering: &numbering,
        eids: HashMap::new(),
        refs: HashMap::new(),
        guid_prefix: format!("urn:quyche:{}:unit:", no_white_space(expr.regulation_id)),
    };
    w.name_units(&doc.body, "");
    let references = quyche_text::find_references(doc);
    for r in references.linked() {
        w.refs.entry((r.unit, r.field)).or_default().push(r);
    }
    w.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(w.out, "<akomaNtoso xmlns=\"{AKN_NAMESPACE}\">");
    w.out.push_str("<act name=\"act\">\n");
    w.meta(doc, expr);
    w.preface(doc, expr);
    if !doc.preamble.is_empty() {
        w.out.push_str("<preamble>\n");
        for line in &doc.preamble {
            w.block("p", None, line);
        }
        w.out.push_str("</preamble>\n");
    }
    w.out.push_str("<body>\n");
    if doc.body.is_empty() {
        // The schema wants something in a body; an empty draft says so.
        w.out.push_str("<hcontainer name=\"empty\"><content><p/></content></hcontainer>\n");
    }
    for u in &doc.body {
        w.unit(u);
    }
    w.out.push_str("</body>\n");
    if !doc.closing.is_empty() {
        w.out.push_str("<conclusions>\n");
        for line in &doc.closing {
            w.block("p", None, line);
        }
        w.out.push_str("</conclusions>\n");
    }
    w.out.push_str("</act>\n</akomaNtoso>\n");
    Ok(w.out.into_bytes())
}

/// The `<docStatus>` words: which revision, and draft or approved.
pub fn status_line(expr: &Expression<'_>) -> String {
    match expr.seal {
        None => format!("Dự thảo — phiên bản {}", expr.revision),
        Some(seal) => {
            let mut s = format!("Văn bản đã thông qua — phiên bản {}", expr.revision);
            if let Some(no) = &seal.decision_no {
                let _ = write!(s, " — Quyết định số {no}");
            }
            if let Some(date) = &seal.approved_on {
                let _ = write!(s, " ngày {}", crate::seal::display_date(date));
            }
            s
        }
    }
}

struct Writer<'a> {
    out: String,
    numbering: &'a Numbering,
    eids: HashMap<UnitId, String>,
    refs: HashMap<(UnitId, Field), Vec<&'a Reference>>,
    guid_prefix: String,
}

impl<'a> Writer<'a> {
    /// Every unit's eId, before any is written: a reference may name a unit further on.
    fn name_units(&mut self, units: &[Unit], parent: &str) {
        for u in units {
            let ordinal = self.numbering.label(u.id).map_or(0, |l| l.ordinal);
            let eid = match u.kind {
                Kind::Part => format!("part_{}", roman(ordinal)),
                Kind::Chapter => format!("chp_{}", roman(ordinal)),
                Kind::Section => join(parent, &format!("sec_{ordinal}")),
                Kind::Article => format!("art_{ordinal}"),
                Kind::Clause => join(parent, &format!("para_{ordinal}")),
                Kind::Point => join(parent, &format!("point_{}", point_letter(ordinal))),
                Kind::SubPoint => join(parent, &format!("indent_{ordinal}")),
            };
            // A section is named within its chapter; an article, which counts through the
            // whole text, starts its own eId, so its clauses read `art_5__para_2`.
            let below = eid.clone();
            self.eids.insert(u.id, eid);
            self.name_units(&u.children, &below);
        }
    }

    fn unit(&mut self, u: &Unit) {
        let element = match u.kind {
            Kind::Part => "part",
            Kind::Chapter => "chapter",
            Kind::Section => "section",
            Kind::Article => "article",
            Kind::Clause => "paragraph",
            Kind::Point => "point",
            Kind::SubPoint => "indent",
        };
        let eid = self.eids.get(&u.id).cloned().unwrap_or_default();
        let _ = write!(
            self.out,
            "<{element} eId=\"{}\" GUID=\"{}{}\">",
            escape_html(&eid),
            self.guid_prefix,
            u.id.0
        );
        let num = match (u.kind, self.numbering.label(u.id)) {
            (Kind::Article, Some(l)) => format!("{}.", l.marker()),
            (_, Some(l)) => l.marker().to_string(),
            (_, None) => String::new(),
        };
        let _ = write!(self.out, "<num>{}</num>", escape_html(&num));
        if !u.title.is_empty() {
            self.out.push_str("<heading>");
            self.inline(u.id, Field::Title, &u.title);
            self.out.push_str("</heading>");
        }
        self.out.push('\n');
        if u.children.is_empty() {
            if !u.paragraphs.is_empty() || !u.kind.is_heading() {
                self.out.push_str("<content>");
                self.paragraphs(u);
                self.out.push_str("</content>\n");
            }
        } else {
            if !u.paragraphs.is_empty() {
                self.out.push_str("<intro>");
                self.paragraphs(u);
                self.out.push_str("</intro>\n");
            }
            for c in &u.children {
                self.unit(c);
            }
        }
        let _ = writeln!(self.out, "</{element}>");
    }

    fn paragraphs(&mut self, u: &Unit) {
        if u.paragraphs.is_empty() {
            // `<content>` must hold a block.
            self.out.push_str("<p/>");
        }
        for (i, text) in u.paragraphs.iter().enumerate() {
            self.out.push_str("<p>");
            self.inline(u.id, Field::Paragraph(i), text);
            self.out.push_str("</p>");
        }
    }

    /// `text` escaped, with its linked references as `<ref>`.
    fn inline(&mut self, unit: UnitId, field: Field, text: &str) {
        let Some(refs) = self.refs.get(&(unit, field)) else {
            self.out.push_str(&escape_html(text));
            return;
        };
        // (span, target) pairs in text order: the whole reference when it names one
        // unit, else each of its numbers that names one of its units.
        let mut links: Vec<(std::ops::Range<usize>, UnitId)> = Vec::new();
        for r in refs {
            if let [target] = r.targets[..] {
                links.push((r.span.clone(), target));
            } else {
                for n in &r.numerals {
                    if let Some(t) = n.target.filter(|t| r.targets.contains(t)) {
                        links.push((n.span.clone(), t));
                    }
                }
            }
        }
        links.sort_by_key(|(span, _)| span.start);
        let mut at = 0;
        for (span, target) in links {
            let Some(eid) = self.eids.get(&target) else { continue };
            let ok = span.start >= at
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end);
            if !ok {
                continue;
            }
            self.out.push_str(&escape_html(&text[at..span.start]));
            let _ = write!(
                self.out,
                "<ref href=\"#{}\">{}</ref>",
                escape_html(eid),
                escape_html(&text[span.clone()])
            );
            at = span.end;
        }
        self.out.push_str(&escape_html(&text[at..]));
    }

    /// `<tag class="…">text</tag>` on a line of its own.
    fn block(&mut self, tag: &str, class: Option<&str>, text: &str) {
        match class {
            Some(c) => {
                let _ = write!(self.out, "<{tag} class=\"{c}\">");
            }
            None => {
                let _ = write!(self.out, "<{tag}>");
            }
        }
        self.out.push_str(&escape_html(text));
        let _ = writeln!(self.out, "</{tag}>");
    }

    fn preface(&mut self, doc: &Document, expr: &Expression<'_>) {
        let h = &doc.header;
        self.out.push_str("<preface>\n");
        for (i, line) in h.issuing_body.iter().enumerate() {
            let own = i + 1 == h.issuing_body.len();
            self.block("p", Some(if own { "issuer" } else { "issuer-parent" }), line);
        }
        for line in &h.motto {
            self.block("p", Some("motto"), line);
        }
        if let Some(n) = &h.number {
            let _ = writeln!(
                self.out,
                "<p class=\"number\">{}: <docNumber>{}</docNumber></p>",
                escape_html(&n.label),
                escape_html(&n.value)
            );
        }
        for m in &h.marks {
            self.block("p", Some("mark"), m);
        }
        if let Some(pd) = &h.place_date {
            self.block("p", Some("place-date"), pd);
        }
        if let Some(t) = &h.doc_type {
            let _ = writeln!(
                self.out,
                "<p class=\"doc-type\"><docType>{}</docType></p>",
                escape_html(t)
            );
        }
        for line in &h.title {
            let class = if line.trim_start().starts_with('(') { "title-note" } else { "title" };
            let _ = writeln!(
                self.out,
                "<p class=\"{class}\"><docTitle>{}</docTitle></p>",
                escape_html(line)
            );
        }
        let state = if expr.seal.is_some() { "approved" } else { "draft" };
        let _ = writeln!(
            self.out,
            "<p class=\"status\"><docStatus refersTo=\"#{state}\">{}</docStatus></p>",
            escape_html(&status_line(expr))
        );
        self.out.push_str("</preface>\n");
    }

    fn meta(&mut self, doc: &Document, expr: &Expression<'_>) {
        let id = no_white_space(expr.regulation_id);
        let date = expr.date;
        let work = format!("/akn/vn/act/{date}/{id}");
        let expression = format!("{work}/vie@{date}-r{}", expr.revision);
        let (state, date_name) =
            if expr.seal.is_some() { ("approved", "approval") } else { ("draft", "revision") };
        let o = &mut self.out;
        o.push_str("<meta>\n<identification source=\"#quyche\">\n<FRBRWork>\n");
        let _ = writeln!(o, "<FRBRthis value=\"{}/!main\"/>", escape_html(&work));
        let _ = writeln!(o, "<FRBRuri value=\"{}\"/>", escape_html(&work));
        let _ = writeln!(o, "<FRBRdate date=\"{date}\" name=\"{date_name}\"/>");
        o.push_str("<FRBRauthor href=\"#issuer\"/>\n<FRBRcountry value=\"vn\"/>\n");
        let number = match (expr.seal.and_then(|s| s.decision_no.as_deref()), &doc.header.number) {
            (Some(no), _) => Some(no.to_string()),
            (None, Some(n)) if n.value.chars().any(char::is_alphanumeric) => Some(n.value.clone()),
            _ => None,
        };
        if let Some(n) = number.filter(|n| !n.trim().is_empty()) {
            let _ = writeln!(o, "<FRBRnumber value=\"{}\"/>", escape_html(&n));
        }
        let name = doc.display_title();
        if !name.is_empty() {
            let _ = writeln!(o, "<FRBRname value=\"{}\"/>", escape_html(&name));
        }
        o.push_str("</FRBRWork>\n<FRBRExpression>\n");
        let _ = writeln!(o, "<FRBRthis value=\"{}/!main\"/>", escape_html(&expression));
        let _ = writeln!(o, "<FRBRuri value=\"{}\"/>", escape_html(&expression));
        let _ = writeln!(o, "<FRBRdate date=\"{date}\" name=\"{date_name}\"/>");
        o.push_str("<FRBRauthor href=\"#issuer\"/>\n");
        let _ = writeln!(o, "<FRBRversionNumber value=\"{}\"/>", expr.revision);
        o.push_str("<FRBRlanguage language=\"vie\"/>\n</FRBRExpression>\n<FRBRManifestation>\n");
        let _ = writeln!(o, "<FRBRthis value=\"{}/!main.xml\"/>", escape_html(&expression));
        let _ = writeln!(o, "<FRBRuri value=\"{}.akn\"/>", escape_html(&expression));
        let _ = writeln!(o, "<FRBRdate date=\"{date}\" name=\"export\"/>");
        o.push_str("<FRBRauthor href=\"#quyche\"/>\n</FRBRManifestation>\n</identification>\n");

        o.push_str("<references source=\"#quyche\">\n");
        let issuer = doc
            .header
            .issuing_body
            .last()
            .cloned()
            .or_else(|| expr.seal.and_then(|s| s.approved_by.clone()))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "<TLCOrganization eId=\"issuer\" href=\"/akn/ontology/organization/vn/{}\" showAs=\"{}\"/>",
            escape_html(&id),
            escape_html(&issuer)
        );
        o.push_str(
            "<TLCOrganization eId=\"quyche\" href=\"/akn/ontology/organization/vn/quyche\" showAs=\"Quyche\"/>\n",
        );
        for (eid, show) in [("draft", "Dự thảo"), ("approved", "Văn bản đã thông qua")] {
            let _ = writeln!(
                o,
                "<TLCConcept eId=\"{eid}\" href=\"/akn/ontology/concept/quyche/{eid}\" showAs=\"{show}\"/>"
            );
        }
        o.push_str("</references>\n");

        let _ = write!(
            o,
            "<proprietary source=\"#quyche\"><quyche:revision xmlns:quyche=\"{QUYCHE_AKN_NAMESPACE}\" regulation=\"{}\" number=\"{}\" state=\"{state}\" date=\"{date}\"",
            escape_html(expr.regulation_id),
            expr.revision
        );
        if let Some(seal) = expr.seal {
            let facts = [
                ("decision", seal.decision_no.clone()),
                ("approvedOn", seal.approved_on.clone()),
                ("approvedBy", seal.approved_by.clone()),
                ("seal", Some(seal.hash.to_ascii_lowercase())),
            ];
            for (name, value) in facts {
                if let Some(v) = value {
                    let _ = write!(o, " {name}=\"{}\"", escape_html(&v));
                }
            }
        }
        o.push_str("/></proprietary>\n</meta>\n");
    }
}

fn join(parent: &str, own: &str) -> String {
    if parent.is_empty() {
        own.to_string()
    } else {
        format!("{parent}__{own}")
    }
}

/// eIds, GUIDs and URIs allow no white space.
fn no_white_space(s: &str) -> String {
    s.chars().map(|c| if c.is_whitespace() { '-' } else { c }).collect()
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn doc_size(doc: &Document) -> usize {
    doc.walk().map(|u| u.title.len() + u.paragraphs.iter().map(String::len).sum::<usize>()).sum()
}

//! New regulations, and the header as a form.
//!
//! A template is a text file in `templates/`, read by [`crate::parse`] exactly as an
//! import reads a file, so a template is what a user could have imported: the working
//! regulations (*quy chế làm việc*) of an Executive Committee, of a Standing Committee and
//! its Office, of an Inspection Committee, and a blank page (one chapter, one article, so
//! a document is never empty). Every blank the user fills is written `…`, never a number
//! that could pass for a real one.
//!
//! The header (*thể thức*) is edited as fields, never as free text: [`header_fields`]
//! reads them from a [`Header`] and [`with_header_fields`] writes them back, leaving
//! every field that did not change exactly as written.

use quyche_model::{DocNumber, Document, Header};

use crate::normalize::{clean_line, normalize_text};

/// A template for a new regulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Template {
    /// Quy chế làm việc của Ban Chấp hành.
    ExecutiveCommittee,
    /// Quy chế làm việc của Ban Thường vụ và Văn phòng.
    StandingCommittee,
    /// Quy chế làm việc của Ủy ban Kiểm tra.
    InspectionCommittee,
    /// A header, Chương I and Điều 1.
    Blank,
}

impl Template {
    /// Every template, in the order a list shows them.
    pub const ALL: [Template; 4] = [
        Template::ExecutiveCommittee,
        Template::StandingCommittee,
        Template::InspectionCommittee,
        Template::Blank,
    ];

    /// The name on the command line and in IPC: `bch`, `btv`, `ubkt`, `blank`.
    pub fn key(self) -> &'static str {
        match self {
            Template::ExecutiveCommittee => "bch",
            Template::StandingCommittee => "btv",
            Template::InspectionCommittee => "ubkt",
            Template::Blank => "blank",
        }
    }

    /// The template named `key` ([`Template::key`]).
    pub fn from_key(key: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.key() == key)
    }

    /// What a person picks, in Vietnamese.
    pub fn label(self) -> &'static str {
        match self {
            Template::ExecutiveCommittee => "Quy chế làm việc của Ban Chấp hành",
            Template::StandingCommittee => "Quy chế làm việc của Ban Thường vụ và Văn phòng",
            Template::InspectionCommittee => "Quy chế làm việc của Ủy ban Kiểm tra",
            Template::Blank => "Trang trắng",
        }
    }

    /// One line saying what the template holds.
    pub fn description(self) -> &'static str {
        match self {
            Template::ExecutiveCommittee => {
                "Nhiệm vụ của Ban Chấp hành, Chủ tịch, Phó Chủ tịch, ủy viên; kỳ họp, biểu quyết; quan hệ công tác."
            }
            Template::StandingCommittee => {
                "Nhiệm vụ của Ban Thường vụ, Thường trực và Văn phòng; kỳ họp, thông báo kết luận."
            }
            Template::InspectionCommittee => {
                "Nhiệm vụ kiểm tra, giám sát; Chủ nhiệm, Phó Chủ nhiệm, ủy viên; kỳ họp, kết luận kiểm tra."
            }
            Template::Blank => "Chỉ có phần đầu văn bản, Chương I và Điều 1 để viết tiếp.",
        }
    }

    /// The template's text, as a file to import would hold it.
    pub fn text(self) -> &'static str {
        match self {
            Template::ExecutiveCommittee => include_str!("../templates/bch.txt"),
            Template::StandingCommittee => include_str!("../templates/btv.txt"),
            Template::InspectionCommittee => include_str!("../templates/ubkt.txt"),
            Template::Blank => include_str!("../templates/blank.txt"),
        }
    }
}

/// The keys of every template, for a message listing them: `bch, btv, ubkt, blank`.
pub fn template_keys() -> String {
    Template::ALL.map(Template::key).join(", ")
}

/// A new regulation from `template`, its title line replaced by `title` when given
/// (NFC, spaces collapsed; an empty title keeps the template's).
pub fn new_document(template: Template, title: Option<&str>) -> Document {
    let mut doc = crate::parse(template.text()).document;
    if let Some(title) = title.map(clean_field).filter(|t| !t.is_empty()) {
        let (_, notes) = split_title(&doc.header.title);
        doc.header.title = std::iter::once(title).chain(notes).collect();
    }
    doc
}

/// The header of a regulation as a form edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderFields {
    /// The issuing body, one entry per line (`LIÊN MINH HỢP TÁC XÃ …`, `BAN CHẤP HÀNH`).
    pub issuing_body: Vec<String>,
    /// The number after `Số:` (`12/QĐ-LMHTX`, or `…/QĐ-…` not yet given); empty: none.
    pub number: String,
    /// The place before the date (`Hà Nội`); `…` while not filled.
    pub place: String,
    /// The date, ISO `YYYY-MM-DD`; empty while the header leaves it blank.
    pub date: String,
    /// The title after the document type (`Làm việc của Ban Chấp hành …`), one line.
    pub title: String,
    /// The line in brackets under the title, without them (`Ban hành kèm theo Quyết định
    /// số …`); empty: none.
    pub decision_note: String,
}

/// Why a header form cannot be written.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum HeaderFieldError {
    #[error("Tên quy chế không được để trống.")]
    EmptyTitle,
    /// A field that would read back as something else (a heading, the motto, a
    /// number line): the header would not be what the form said.
    #[error("{field} “{text}” sẽ được đọc thành một phần khác của văn bản; hãy viết lại.")]
    ReadsAsOther { field: &'static str, text: String },
}

/// The blank date a header keeps until the decision fills it.
const BLANK_DATE: &str = "ngày … tháng … năm …";

/// The fields of `header`.
pub fn header_fields(header: &Header) -> HeaderFields {
    let (title, notes) = split_title(&header.title);
    let (place, date) = header.place_date.as_deref().map(split_place_date).unwrap_or_default();
    HeaderFields {
        issuing_body: header.issuing_body.clone(),
        number: header.number.as_ref().map(|n| n.value.clone()).unwrap_or_default(),
        place,
        date,
        title: title.join(" "),
        decision_note: notes.first().map(|n| unbracket(n).to_owned()).unwrap_or_default(),
    }
}

/// `doc` with its header written from `fields`. A field equal to what
/// [`header_fields`] reads keeps its lines exactly as written (tone placement, line
/// breaks); a changed one is written anew. `written_date` is `fields.date` as a header
/// writes it (`ngày 05 tháng 3 năm 2026`, from the one date format the approval uses
/// too); `None` leaves the date blank (`ngày … tháng … năm …`) for the decision to fill.
/// The document, type and motto and marks are kept. Refused when the title is empty, or
/// when a field would read back as another part of the text.
pub fn with_header_fields(
    doc: &Document,
    fields: &HeaderFields,
    written_date: Option<&str>,
) -> Result<Document, HeaderFieldError> {
    let old = header_fields(&doc.header);
    let f = HeaderFields {
        issuing_body: fields
            .issuing_body
            .iter()
            .map(|l| clean_field(l))
            .filter(|l| !l.is_empty())
            .collect(),
        number: clean_field(&fields.number),
        place: clean_field(&fields.place),
        date: clean_field(&fields.date),
        title: clean_field(&fields.title),
        decision_note: clean_field(unbracket(&clean_field(&fields.decision_note))),
    };
    if f.title.is_empty() {
        return Err(HeaderFieldError::EmptyTitle);
    }
    let mut out = doc.clone();
    let h = &mut out.header;
    if f.issuing_body != old.issuing_body {
        h.issuing_body = f.issuing_body.clone();
    }
    if f.number != old.number {
        h.number = (!f.number.is_empty()).then(|| DocNumber {
            label: h.number.as_ref().map_or_else(|| "Số".to_owned(), |n| n.label.clone()),
            value: f.number.clone(),
        });
    }
    if f.place != old.place || f.date != old.date {
        let date = written_date.unwrap_or(BLANK_DATE);
        h.place_date = Some(match f.place.as_str() {
            "" => date.to_owned(),
            place => format!("{place}, {date}"),
        });
    }
    if f.title != old.title || f.decision_note != old.decision_note {
        let (title, notes) = split_title(&h.title);
        let mut lines = if f.title == old.title { title } else { vec![f.title.clone()] };
        if !f.decision_note.is_empty() {
            lines.push(format!("({})", f.decision_note));
        }
        lines.extend(notes.into_iter().skip(1));
        h.title = lines;
    }
    check_reads_back(&out, &f)?;
    Ok(out)
}

/// The header must read back from the canonical text as it was written: a field that
/// parses as the motto, a mark, a heading or the preamble would silently move.
fn check_reads_back(doc: &Document, f: &HeaderFields) -> Result<(), HeaderFieldError> {
    let back = crate::parse(&crate::render(doc)).document;
    if back.header == doc.header && back.preamble == doc.preamble {
        return Ok(());
    }
    let bh = &back.header;
    let read = header_fields(bh);
    let (field, text) = if read.issuing_body != f.issuing_body {
        ("Cơ quan ban hành", f.issuing_body.join(" / "))
    } else if read.number != f.number {
        ("Số, ký hiệu", f.number.clone())
    } else if read.place != f.place {
        ("Địa danh", f.place.clone())
    } else if read.title != f.title {
        ("Tên quy chế", f.title.clone())
    } else {
        ("Ghi chú ban hành", f.decision_note.clone())
    };
    Err(HeaderFieldError::ReadsAsOther { field, text })
}

/// One line: NFC, trimmed, runs of whitespace as one space.
fn clean_field(s: &str) -> String {
    clean_line(&normalize_text(s).replace('\n', " ")).into_owned()
}

/// The title lines and the bracketed lines under them (`(Ban hành kèm theo …)`).
fn split_title(lines: &[String]) -> (Vec<String>, Vec<String>) {
    lines.iter().cloned().partition(|l| !l.trim_start().starts_with('('))
}

fn unbracket(s: &str) -> &str {
    let s = s.trim();
    let s = s.strip_prefix('(').unwrap_or(s);
    s.strip_suffix(')').unwrap_or(s).trim()
}

/// `Hà Nội, ngày 20 tháng 6 năm 2023` → (`Hà Nội`, `2023-06-20`); a blank date reads
/// as empty; a line without `ngày` is all place.
fn split_place_date(line: &str) -> (String, String) {
    let (place, date) = match line.rfind(", ngày") {
        Some(i) => (&line[..i], &line[i + 2..]),
        None if line.starts_with("ngày") => ("", line),
        None => (line, ""),
    };
    (place.trim().to_owned(), written_date_iso(date).unwrap_or_default())
}

/// `ngày 05 tháng 3 năm 2026` → `2026-03-05`; `None` for a blank or partial date.
fn written_date_iso(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let [ngay, d, thang, m, nam, y] = words[..] else { return None };
    if (ngay, thang, nam) != ("ngày", "tháng", "năm") {
        return None;
    }
    let (d, m, y): (u32, u32, u32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    ((1..=31).contains(&d) && (1..=12).contains(&m) && (1000..=9999).contains(&y))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_dates_read_as_iso() {
        for (line, place, date) in [
            ("Hà Nội, ngày 20 tháng 6 năm 2023", "Hà Nội", "2023-06-20"),
            ("Bình An, ngày 05 tháng 02 năm 2026", "Bình An", "2026-02-05"),
            ("…, ngày … tháng … năm …", "…", ""),
            ("Bình An, ngày tháng năm 2021", "Bình An", ""),
            ("ngày 1 tháng 1 năm 2024", "", "2024-01-01"),
            ("Hà Nội", "Hà Nội", ""),
        ] {
            assert_eq!(split_place_date(line), (place.to_owned(), date.to_owned()), "{line}");
        }
    }
}

//! The header block (*thể thức*): issuing body, national motto, number, marks, place and
//! date, document type and title; then the preamble.
//!
//! Classification is by content first and position second, and the position rules only
//! look at what came before. Render prints the fields in a fixed order that these rules
//! read back into the same fields, which is what makes the header round-trip.

use std::borrow::Cow;

use quyche_model::{DocNumber, Header};

use crate::classify::{heading, is_upper, starts_with_ci, strip_prefix_ci};
use crate::normalize::SrcLine;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Issuing body and motto: before the number or the date.
    Top,
    /// After the number or the date: the next line is the document type.
    Meta,
    /// After the document type: everything is title until the preamble or the body.
    Title,
}

pub(crate) struct HeaderOut {
    pub header: Header,
    /// Lines the body starts with, before `lines[body_start..]`: a heading found after a
    /// rule or a motto on a header line, and what followed it on that line.
    pub body_head: Vec<SrcLine<'static>>,
    /// `#` lines found inside the header: render prints them with the leading notes.
    pub notes: Vec<String>,
    pub preamble: Vec<String>,
    /// Index of the first body line (a structural heading), or the number of lines.
    pub body_start: usize,
}

pub(crate) fn parse_header(lines: &[SrcLine<'_>], start: usize) -> HeaderOut {
    let mut st = State { header: Header::default(), notes: Vec::new(), phase: Phase::Top };
    let mut preamble = Vec::new();
    let mut body_head = Vec::new();
    let mut in_preamble = false;
    let mut i = start;
    'lines: while i < lines.len() {
        let src = &lines[i];
        let line = &*src.text;
        if heading(line).is_some() {
            break;
        }
        i += 1;
        if !in_preamble && is_preamble_start(line) {
            in_preamble = true;
        }
        if in_preamble {
            if !is_rule_only(line) {
                preamble.push(line.to_owned());
            }
            continue;
        }
        for fragment in split_rules(line) {
            let Err(stop) = st.fragment(fragment) else { continue };
            // The rest of the line, from the fragment that is no header field on its own.
            let offset = stop.fragment.as_ptr() as usize - line.as_ptr() as usize;
            let rest = &line[offset..];
            if stop.heading {
                // What follows the heading on the line is read as a line of its own.
                // Owned: the header's lines outlive this borrow of them.
                let after = unglue_heading(Cow::Owned(rest[stop.fragment.len()..].trim().into()));
                for text in [Cow::Owned(stop.fragment.to_owned()), after] {
                    if !text.is_empty() {
                        body_head.push(SrcLine { text, line: src.line });
                    }
                }
                break 'lines;
            }
            in_preamble = true;
            preamble.push(rest.to_owned());
            continue 'lines;
        }
    }
    HeaderOut { header: st.header, body_head, notes: st.notes, preamble, body_start: i }
}

/// A header fragment that render would print on a line of its own, where it would not
/// read as a header field: a heading (the body starts there) or a preamble opening.
struct Stop<'a> {
    fragment: &'a str,
    heading: bool,
}

struct State {
    header: Header,
    notes: Vec<String>,
    phase: Phase,
}

impl State {
    /// Files one fragment of a header line (a line split at rules, mottos and numbers).
    /// Render prints each field on a line of its own, so a fragment that would read
    /// differently there (a heading, a preamble opening) is no field: it stops the header.
    fn fragment<'a>(&mut self, frag: &'a str) -> Result<(), Stop<'a>> {
        let frag = frag.trim();
        // What a motto leaves beside it may be a bare rule, which a line alone drops.
        if frag.is_empty() || is_rule_only(frag) {
            return Ok(());
        }
        if let Some(h) = glued_heading(frag) {
            return Err(Stop { fragment: h, heading: true });
        }
        if heading(frag).is_some() {
            return Err(Stop { fragment: frag, heading: true });
        }
        if is_preamble_start(frag) {
            return Err(Stop { fragment: frag, heading: false });
        }
        if is_mark(frag) {
            self.header.marks.push(frag.to_owned());
            return Ok(());
        }
        if self.phase == Phase::Title {
            self.header.title.push(frag.to_owned());
            return Ok(());
        }
        // Render prints the issuing body first, where a `#` line would read as a note.
        if frag.starts_with('#') {
            self.notes.push(frag.to_owned());
            return Ok(());
        }
        if let Some((before, motto, after)) = find_motto(frag) {
            self.fragment(before)?;
            self.header.motto.push(motto.to_owned());
            return self.fragment(after);
        }
        if self.header.number.is_none() {
            if let Some((label, value, rest)) = number_line(frag) {
                self.header.number =
                    Some(DocNumber { label: label.to_owned(), value: value.to_owned() });
                self.phase = Phase::Meta;
                return self.fragment(rest);
            }
        }
        if self.header.place_date.is_none() && is_place_date(frag) {
            self.header.place_date = Some(frag.to_owned());
            self.phase = Phase::Meta;
            return Ok(());
        }
        match self.phase {
            Phase::Top if is_doc_type(frag) => {
                self.header.doc_type = Some(frag.to_owned());
                self.phase = Phase::Title;
            }
            Phase::Top => self.header.issuing_body.push(frag.to_owned()),
            _ => {
                // After the number and date the first line is the document type when it is
                // UPPERCASE; a mixed-case line there (a "V/v …" subject) starts the title.
                if is_upper(frag) {
                    self.header.doc_type = Some(frag.to_owned());
                } else {
                    self.header.title.push(frag.to_owned());
                }
                self.phase = Phase::Title;
            }
        }
        Ok(())
    }
}

const PREAMBLE_STARTS: [&str; 3] = ["căn cứ", "theo đề nghị", "xét đề nghị"];

pub(crate) fn is_preamble_start(line: &str) -> bool {
    PREAMBLE_STARTS.iter().any(|p| starts_with_ci(line, p))
}

fn is_rule_char(c: char) -> bool {
    matches!(c, '-' | '*' | '_' | '=' | '–' | '—' | '~')
}

/// A horizontal rule glued to the heading that follows it (`-----Chương I`, as a rule
/// under the header often arrives from Word) is a rule, then the heading: the heading
/// alone is the line. Without this the header would split the rule away and keep
/// `Chương I` as a header field, while the rendered text (`Chương I` on its own line)
/// parses as a chapter: the round trip would change the document.
pub(crate) fn unglue_heading(line: Cow<'_, str>) -> Cow<'_, str> {
    match line {
        Cow::Borrowed(l) => Cow::Borrowed(glued_heading(l).unwrap_or(l)),
        Cow::Owned(l) => match glued_heading(&l) {
            Some(heading) => Cow::Owned(heading.to_owned()),
            None => Cow::Owned(l),
        },
    }
}

/// The heading a line holds behind a glued rule, if any (see [`unglue_heading`]).
fn glued_heading(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(is_rule_char);
    // Three rule characters, not three bytes: `–` alone is three bytes.
    if line[..line.len() - rest.len()].chars().count() < 3 || rest.is_empty() {
        return None;
    }
    let rest = rest.trim_start();
    heading(rest).is_some().then_some(rest)
}

/// Whether a line, read on its own, starts a unit: a heading, or a rule glued to one.
/// Render asks it before it puts a title on a line of its own.
pub(crate) fn reads_as_heading(line: &str) -> bool {
    heading(line).is_some() || glued_heading(line).is_some()
}

pub(crate) fn is_rule_only(line: &str) -> bool {
    !line.is_empty() && line.chars().all(|c| is_rule_char(c) || c == ' ')
}

/// Splits a header line at horizontal rules (runs of three or more rule characters),
/// dropping the rules. Single hyphens, as in "Độc lập - Tự do - Hạnh phúc", stay.
fn split_rules(line: &str) -> Vec<&str> {
    if is_rule_only(line) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut run_start = None;
    let mut run_len = 0;
    for (i, c) in line.char_indices() {
        if is_rule_char(c) {
            if run_start.is_none() {
                run_start = Some(i);
                run_len = 0;
            }
            run_len += 1;
        } else if let Some(rs) = run_start.take() {
            if run_len >= 3 {
                out.push(&line[start..rs]);
                start = i;
            }
        }
    }
    match run_start {
        Some(rs) if run_len >= 3 => out.push(&line[start..rs]),
        _ => out.push(&line[start..]),
    }
    // What is left between two rules may itself be only rule characters ("– –"); a line
    // of those alone is dropped, so the fragment must be too.
    out.into_iter().map(str::trim).filter(|s| !s.is_empty() && !is_rule_only(s)).collect()
}

const MOTTO_NEEDLES: [&str; 3] = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
];

/// Finds a motto line inside a fragment, which two-column headers flatten onto one line
/// with the issuing body or with each other: returns (before, motto, after).
fn find_motto(frag: &str) -> Option<(&str, &str, &str)> {
    let mut best: Option<(usize, usize)> = None;
    let mut consider = |start: usize, end: usize| {
        let better = match best {
            Some((s, _)) => start < s,
            None => true,
        };
        if better {
            best = Some((start, end));
        }
    };
    for needle in MOTTO_NEEDLES {
        if let Some(s) = frag.find(needle) {
            consider(s, s + needle.len());
        }
    }
    for (open, close) in [("Độc lập", "Hạnh phúc"), ("ĐỘC LẬP", "HẠNH PHÚC")] {
        if let Some(s) = frag.find(open) {
            let end = frag[s..].find(close).map_or(frag.len(), |e| s + e + close.len());
            consider(s, end);
        }
    }
    let (s, e) = best?;
    Some((&frag[..s], &frag[s..e], &frag[e..]))
}

/// `Số: 12/QĐ-LMHTX`, `Luật số: 17/2023/QH15`, `Nghị quyết số: …`. When a flattened
/// header put the place and date on the same line, the value is the first word only and
/// the rest is returned for further classification.
fn number_line(frag: &str) -> Option<(&str, &str, &str)> {
    // "Số 12/QĐ-UBND", with the colon forgotten.
    if let Some(rest) = frag.strip_prefix("Số ") {
        if rest.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '…' | '.' | '/')) {
            return Some(split_number_value("Số", rest));
        }
    }
    let colon = frag.find(':')?;
    let label = frag[..colon].trim();
    let words = label.split(' ').count();
    if !(label == "Số" || (words <= 4 && label.ends_with(" số"))) {
        return None;
    }
    if !label.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    Some(split_number_value(label, &frag[colon + 1..]))
}

fn split_number_value<'a>(label: &'a str, value: &'a str) -> (&'a str, &'a str, &'a str) {
    let value = value.trim();
    if value.contains(", ngày") {
        let end = value.find(' ').unwrap_or(value.len());
        return (label, &value[..end], &value[end..]);
    }
    (label, value, "")
}

fn is_place_date(frag: &str) -> bool {
    let lower = frag.to_lowercase();
    lower.chars().count() <= 120
        && (lower.contains(", ngày") || lower.starts_with("ngày"))
        && lower.contains("tháng")
        && lower.contains("năm")
}

/// `DỰ THẢO`, `(Dự thảo)`, `Dự thảo 2`, `DỰ THẢO LẦN 3`.
pub(crate) fn is_mark(frag: &str) -> bool {
    let inner = frag.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ' '));
    let Some(rest) = strip_prefix_ci(inner, "dự thảo") else {
        return false;
    };
    let rest = rest.trim_matches(|c: char| !c.is_alphanumeric());
    rest.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).all(|w| {
        w.chars().all(|c| c.is_ascii_digit())
            || ["lần", "số", "thứ"].contains(&w.to_lowercase().as_str())
            || w.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
    })
}

const DOC_TYPES: [&str; 30] = [
    "LUẬT",
    "BỘ LUẬT",
    "HIẾN PHÁP",
    "PHÁP LỆNH",
    "LỆNH",
    "NGHỊ QUYẾT",
    "NGHỊ ĐỊNH",
    "QUYẾT ĐỊNH",
    "QUY CHẾ",
    "QUY ĐỊNH",
    "THÔNG TƯ",
    "THÔNG TƯ LIÊN TỊCH",
    "CHỈ THỊ",
    "ĐIỀU LỆ",
    "HƯỚNG DẪN",
    "KẾ HOẠCH",
    "ĐỀ ÁN",
    "ĐỀ CƯƠNG",
    "TỜ TRÌNH",
    "BÁO CÁO",
    "THÔNG BÁO",
    "CHƯƠNG TRÌNH",
    "QUY TRÌNH",
    "NỘI QUY",
    "CÔNG VĂN",
    "BIÊN BẢN",
    "KẾT LUẬN",
    "HIỆP ĐỊNH",
    "CÔNG ƯỚC",
    "DỰ THẢO LUẬT",
];

/// A document type recognised before any number or date (headers without them).
fn is_doc_type(frag: &str) -> bool {
    is_upper(frag)
        && DOC_TYPES.iter().any(|t| {
            frag.strip_prefix(t).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_split_away() {
        assert_eq!(split_rules("QUỐC HỘI -------"), vec!["QUỐC HỘI"]);
        assert_eq!(split_rules("*****"), Vec::<&str>::new());
        assert_eq!(
            split_rules(
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------"
            ),
            vec!["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"]
        );
        assert_eq!(split_rules("A ---- B"), vec!["A", "B"]);
    }

    #[test]
    fn marks_and_numbers() {
        assert!(is_mark("DỰ THẢO"));
        assert!(is_mark("(Dự thảo)"));
        assert!(is_mark("DỰ THẢO 2"));
        assert!(is_mark("Dự thảo lần 3"));
        assert!(!is_mark("DỰ THẢO LUẬT PHÒNG KHÔNG"));
        assert_eq!(number_line("Luật số: 17/2023/QH15"), Some(("Luật số", "17/2023/QH15", "")));
        assert_eq!(number_line("Số: 12/QĐ-LMHTX"), Some(("Số", "12/QĐ-LMHTX", "")));
        assert_eq!(number_line("số: 12"), None);
        assert_eq!(number_line("Số 12/QĐ-UBND"), Some(("Số", "12/QĐ-UBND", "")));
        assert_eq!(number_line("Số lượng thành viên"), None);
        assert_eq!(
            number_line("Số: 12/QĐ Hà Nội, ngày 1 tháng 2 năm 2024"),
            Some(("Số", "12/QĐ", " Hà Nội, ngày 1 tháng 2 năm 2024"))
        );
        assert!(is_place_date("Hà Nội, ngày tháng năm 2024"));
        assert!(!is_place_date("(Ban hành kèm theo Quyết định số 5 ngày 1 tháng 2 năm 2024)"));
    }
}

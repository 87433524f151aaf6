//! The promulgated text: what the approval writes into the header of the draft before it
//! is sealed. The decision's number and date fill the blanks the drafters left ("Số:
//! /QĐ-LMHTX", "Quyết định số /QĐ-LMHTX ngày tháng năm …"), the draft mark goes, and what
//! is already written stays as written. Pure functions on [`Document`]: no store, no clock.

use quyche_model::Document;

/// What a revision committed by an approval says in History. The retry of an approval
/// whose record failed to write recognises its own revision by it.
pub const PROMULGATION_MESSAGE: &str = "Văn bản được thông qua theo Quyết định số";

/// A blank as drafters leave it: spaces, dots, ellipses, underscores.
fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '…' | '_')
}

/// `/QĐ-LMHTX`, `…/QĐ-…`, `     /QĐ-UBND`, `…/…./QH15`, `…`: a number not yet given.
/// `12/QĐ-LMHTX` and `17/2023/QH15` are given.
pub fn is_blank_number(value: &str) -> bool {
    let before = value.trim().split('/').next().unwrap_or("");
    !before.chars().any(char::is_alphanumeric)
}

/// A mark that says the text is a draft: `DỰ THẢO`, `Dự thảo lần 2`.
pub fn is_draft_mark(mark: &str) -> bool {
    mark.to_lowercase().contains("dự thảo")
}

/// `YYYY-MM-DD` → `ngày 05 tháng 3 năm 2026`: Decree 30, Appendix I: a day below 10 and
/// the months 1 and 2 take a leading zero, the other months do not.
pub fn long_date(date: &str) -> Option<String> {
    let (y, m, d) = ymd(date)?;
    let month = if m <= 2 { format!("{m:02}") } else { m.to_string() };
    Some(format!("ngày {d:02} tháng {month} năm {y}"))
}

/// `YYYY-MM-DD` → `20/12/2026`, as a revision message writes it.
pub fn short_date(date: &str) -> Option<String> {
    let (y, m, d) = ymd(date)?;
    Some(format!("{d:02}/{m:02}/{y}"))
}

fn ymd(date: &str) -> Option<(u32, u32, u32)> {
    let mut it = date.split('-');
    let y = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    (it.next().is_none() && (1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// The collective that votes the regulation and decides its promulgation, as the
/// regulation names it: the `của …` of its `(Ban hành kèm theo Quyết định … của Ban Chấp
/// hành Liên minh Hợp tác xã tỉnh Bình An)` line. Without that line, an issuing body that
/// is itself a collective (`BAN CHẤP HÀNH`, `ỦY BAN NHÂN DÂN TỈNH …`, `ĐẢNG ỦY …`).
/// Otherwise `None`: the organisation (`LIÊN MINH HTX TỈNH BÌNH AN`) is not the body that
/// voted, and naming it in a decision's "Căn cứ kết quả biểu quyết của …" would be wrong.
pub fn approving_body(doc: &Document) -> Option<String> {
    let from_title = doc.header.title.iter().find_map(|line| {
        let inner = line.trim().strip_prefix('(')?.trim_end_matches([')', '.', ';', ' ']);
        if !inner.to_lowercase().starts_with("ban hành kèm theo") {
            return None;
        }
        let (_, by) = inner.split_once(" của ")?;
        let by = by.trim().trim_end_matches(['.', ',', ';']).trim();
        (by.chars().any(char::is_alphabetic)).then(|| by.to_string())
    });
    from_title.or_else(|| {
        let body = doc.header.issuing_body.last()?.trim();
        let upper = body.to_uppercase();
        const COLLECTIVES: [&str; 7] =
            ["BAN ", "ỦY BAN", "UỶ BAN", "HỘI ĐỒNG", "ĐẢNG ỦY", "ĐẢNG UỶ", "THƯỜNG TRỰC"];
        COLLECTIVES.iter().any(|c| upper.starts_with(c)).then(|| body.to_string())
    })
}

/// The message of the revision an approval commits.
pub fn promulgation_message(decision_no: &str, date: &str) -> String {
    let when = short_date(date).unwrap_or_else(|| date.to_string());
    format!("{PROMULGATION_MESSAGE} {decision_no} ngày {when}")
}

/// The draft as promulgated by decision `decision_no` of `date` (`YYYY-MM-DD`): draft
/// marks removed; a blank number line, a blank "Quyết định số" and blank "ngày … tháng …
/// năm …" filled. Filled text, tone placement and everything else are left as written,
/// but for one thing: when the number line was blank, the place and date line beside it
/// takes the decision's date even where the draft wrote one. The number and the date of
/// the header are one issuance; "Số: 12/QĐ-LMHTX" beside the draft's "ngày 15 tháng 3
/// năm 2021" would date the decision to the draft.
pub fn promulgate(doc: &Document, decision_no: &str, date: &str) -> Document {
    let mut out = doc.clone();
    let Some(when) = long_date(date) else { return out };
    let h = &mut out.header;
    h.marks.retain(|m| !is_draft_mark(m));
    let mut numbered_now = false;
    if let Some(n) = &mut h.number {
        if is_blank_number(&n.value) {
            n.value = decision_no.to_string();
            numbered_now = true;
        }
    }
    if let Some(pd) = &mut h.place_date {
        *pd = fill_line(pd, decision_no, &when);
        if numbered_now {
            *pd = redate_line(pd, &when);
        }
    }
    for line in &mut h.title {
        *line = fill_line(line, decision_no, &when);
    }
    out
}

/// A word starting at byte `i` of `s` (no letter right before it).
fn word_at(s: &str, i: usize, word: &str) -> bool {
    s[i..].starts_with(word) && !s[..i].chars().next_back().is_some_and(char::is_alphanumeric)
}

/// The end of the run of blank characters from byte `i`.
fn skip_blanks(s: &str, i: usize) -> usize {
    s[i..].char_indices().find(|&(_, c)| !is_blank_char(c)).map_or(s.len(), |(j, _)| i + j)
}

fn skip_digits(s: &str, i: usize) -> usize {
    s[i..].char_indices().find(|&(_, c)| !c.is_ascii_digit()).map_or(s.len(), |(j, _)| i + j)
}

/// Where a blank date starting with `ngày` at byte `i` ends: `ngày tháng năm 2021`,
/// `ngày … tháng … năm …`, `ngày  tháng  năm`. `None` when the day is given.
fn blank_date_end(s: &str, i: usize) -> Option<usize> {
    let mut j = skip_blanks(s, i + "ngày".len());
    if !s[j..].starts_with("tháng") {
        return None;
    }
    j = skip_blanks(s, j + "tháng".len());
    j = skip_digits(s, j);
    j = skip_blanks(s, j);
    if !s[j..].starts_with("năm") {
        return None;
    }
    let n_end = j + "năm".len();
    let k = skip_blanks(s, n_end);
    let end = skip_digits(s, k);
    // A year, or the blank standing for it; the spaces after the date are not part of it.
    Some(if end > k { end } else { n_end + s[n_end..k].trim_end().len() })
}

/// Where a written date starting with `ngày` at byte `i` ends (`ngày 15 tháng 3 năm
/// 2021`, `ngày 05 tháng 02 năm 2026`); `None` unless day, month and year are all digits.
fn written_date_end(s: &str, i: usize) -> Option<usize> {
    let mut j = i + "ngày".len();
    for (word, last) in [("tháng", false), ("năm", false), ("", true)] {
        let k = skip_ws(s, j);
        let e = skip_digits(s, k);
        if e == k || k == j {
            return None;
        }
        if last {
            return Some(e);
        }
        j = skip_ws(s, e);
        if j == e || !s[j..].starts_with(word) {
            return None;
        }
        j += word.len();
    }
    None
}

/// The line with its last written date replaced by `when`; the place and anything else
/// stay as written. A line without a written date is returned unchanged.
fn redate_line(line: &str, when: &str) -> String {
    let found = line
        .match_indices("ngày")
        .map(|(i, _)| i)
        .filter(|&i| word_at(line, i, "ngày"))
        .filter_map(|i| written_date_end(line, i).map(|e| (i, e)))
        .last();
    match found {
        Some((i, e)) => format!("{}{when}{}", &line[..i], &line[e..]),
        None => line.to_string(),
    }
}

/// Fills a blank decision number after "số" and a blank date in one line.
fn fill_line(line: &str, decision_no: &str, when: &str) -> String {
    let mut out = String::with_capacity(line.len() + 32);
    let mut i = 0;
    while i < line.len() {
        if word_at(line, i, "số") {
            let after = i + "số".len();
            let tok_start = skip_ws(line, after);
            let tok_end = line[tok_start..]
                .char_indices()
                .find(|&(_, c)| c.is_whitespace() || matches!(c, ')' | ']' | ',' | ';'))
                .map_or(line.len(), |(j, _)| tok_start + j);
            let tok = &line[tok_start..tok_end];
            if tok_start > after && !tok.is_empty() && tok_is_blank_number(tok) {
                out.push_str("số ");
                out.push_str(decision_no);
                i = tok_end;
                continue;
            }
        }
        if word_at(line, i, "ngày") {
            if let Some(end) = blank_date_end(line, i) {
                out.push_str(when);
                i = end;
                continue;
            }
        }
        let c = line[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn skip_ws(s: &str, i: usize) -> usize {
    s[i..].char_indices().find(|&(_, c)| !c.is_whitespace()).map_or(s.len(), |(j, _)| i + j)
}

/// A token after "số" that stands for a number not yet given: `/QĐ-LMHTX`, `…/QĐ-…`, `…`.
fn tok_is_blank_number(tok: &str) -> bool {
    (tok.contains('/') && is_blank_number(tok)) || tok.chars().all(is_blank_char)
}

/// Whether a line still holds a blank: an ellipsis or a run of dots or underscores, a
/// date without its day or month, a number after "số" not yet given.
pub fn line_has_blank(line: &str) -> bool {
    if line.contains('…') || line.contains("...") || line.contains("___") {
        return true;
    }
    let mut i = 0;
    while i < line.len() {
        if word_at(line, i, "ngày") && blank_date_end(line, i).is_some() {
            return true;
        }
        if word_at(line, i, "tháng") {
            let j = skip_blanks(line, i + "tháng".len());
            if j > i + "tháng".len() && line[j..].starts_with("năm") {
                return true;
            }
        }
        if word_at(line, i, "số") || word_at(line, i, "Số") {
            let after = i + "số".len();
            let after = if line[after..].starts_with(':') { after + 1 } else { after };
            let s = skip_ws(line, after);
            let tok: String = line[s..].chars().take_while(|c| !c.is_whitespace()).collect();
            if s > after && tok.starts_with('/') {
                return true;
            }
        }
        i += line[i..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The blanks left in a document, one line each, naming where they are: an approved
/// regulation has none.
pub fn remaining_blanks(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    let h = &doc.header;
    if let Some(n) = &h.number {
        if is_blank_number(&n.value) {
            out.push(format!("Số, ký hiệu chưa điền: «{}: {}»", n.label, n.value));
        }
    }
    for m in h.marks.iter().filter(|m| is_draft_mark(m)) {
        out.push(format!("Còn dấu dự thảo: «{m}»"));
    }
    let header_lines = h.place_date.iter().chain(&h.title).chain(&h.issuing_body);
    for line in header_lines.chain(&doc.preamble).chain(&doc.closing) {
        if line_has_blank(line) {
            out.push(format!("Còn chỗ trống: «{line}»"));
        }
    }
    let numbering = doc.numbering();
    for unit in doc.walk() {
        for text in std::iter::once(&unit.title).chain(&unit.paragraphs) {
            if line_has_blank(text) {
                let at =
                    numbering.label(unit.id).map(|l| l.marker().to_string()).unwrap_or_default();
                out.push(format!("Còn chỗ trống ở {at}: «{text}»"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = "LIÊN MINH HTX VIỆT NAM\nLIÊN MINH HTX TỈNH BÌNH AN\n\
        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: /QĐ-LMHTX\n\
        DỰ THẢO\nBình An, ngày 15 tháng 3 năm 2021\nQUY CHẾ\n\
        Làm việc của Ban Chấp hành Liên minh, nhiệm kỳ 2020 - 2025\n\
        (Ban hành kèm theo Quyết định số /QĐ-LMHTX ngày tháng năm 2021 của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An)\n\
        Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nQuy chế này quy định chế độ làm việc, hòa hợp và hoà giải.\n";

    fn parse(text: &str) -> Document {
        quyche_text::parse(text).document
    }

    fn with_header(number: &str, place_date: &str, issued: Option<&str>) -> String {
        let mut t = format!(
            "LIÊN MINH HTX TỈNH BÌNH AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Độc lập - Tự do - Hạnh phúc\n{number}\nDỰ THẢO\n{place_date}\nQUY CHẾ\nLàm việc của Ban Chấp hành\n"
        );
        if let Some(l) = issued {
            t.push_str(l);
            t.push('\n');
        }
        t.push_str("Điều 1. Phạm vi\nQuy chế này quy định chế độ làm việc.\n");
        t
    }

    #[test]
    fn decree30_dates() {
        for (date, long, short) in [
            ("2026-12-20", "ngày 20 tháng 12 năm 2026", "20/12/2026"),
            ("2026-03-05", "ngày 05 tháng 3 năm 2026", "05/03/2026"),
            ("2027-01-09", "ngày 09 tháng 01 năm 2027", "09/01/2027"),
            ("2027-02-28", "ngày 28 tháng 02 năm 2027", "28/02/2027"),
        ] {
            assert_eq!(long_date(date).as_deref(), Some(long));
            assert_eq!(short_date(date).as_deref(), Some(short));
        }
        assert_eq!(long_date("20/12/2026"), None);
    }

    /// (number line, place/date line, issued-with line) in → expected out.
    #[test]
    fn headers_are_filled_and_filled_text_is_left_as_written() {
        type Case = (
            &'static str,
            &'static str,
            Option<&'static str>,
            &'static str,
            &'static str,
            Option<&'static str>,
        );
        let cases: [Case; 6] = [
            (
                // The number is given now: the date beside it is the decision's.
                "Số: /QĐ-LMHTX",
                "Bình An, ngày 15 tháng 3 năm 2021",
                Some("(Ban hành kèm theo Quyết định số /QĐ-LMHTX ngày tháng năm 2021 của Ban Chấp hành)"),
                "12/QĐ-LMHTX",
                "Bình An, ngày 20 tháng 12 năm 2026",
                Some("(Ban hành kèm theo Quyết định số 12/QĐ-LMHTX ngày 20 tháng 12 năm 2026 của Ban Chấp hành)"),
            ),
            (
                "Số:      /QĐ-LMHTX",
                "Bình An, ngày    tháng    năm 2026",
                Some("(Ban hành kèm theo Quyết định số      /QĐ-LMHTX ngày … tháng … năm … của Ban Chấp hành)"),
                "12/QĐ-LMHTX",
                "Bình An, ngày 20 tháng 12 năm 2026",
                Some("(Ban hành kèm theo Quyết định số 12/QĐ-LMHTX ngày 20 tháng 12 năm 2026 của Ban Chấp hành)"),
            ),
            (
                "Số: …/QĐ-LMHTX",
                "Bình An, ngày … tháng … năm …",
                None,
                "12/QĐ-LMHTX",
                "Bình An, ngày 20 tháng 12 năm 2026",
                None,
            ),
            (
                // Already filled: left exactly as written, even where it differs.
                "Số: 07/QĐ-LMHTX",
                "Bình An, ngày 01 tháng 12 năm 2026",
                Some("(Ban hành kèm theo Quyết định số 07/QĐ-LMHTX ngày 01 tháng 12 năm 2026 của Ban Chấp hành)"),
                "07/QĐ-LMHTX",
                "Bình An, ngày 01 tháng 12 năm 2026",
                Some("(Ban hành kèm theo Quyết định số 07/QĐ-LMHTX ngày 01 tháng 12 năm 2026 của Ban Chấp hành)"),
            ),
            (
                "Số: /QĐ-LMHTX",
                "Bình An, ngày tháng năm 2026",
                Some("(Ban hành kèm theo Quyết định số /QĐ-LMHTX ngày tháng năm 2026 của Ban Chấp hành Liên minh Hợp tác xã)"),
                "12/QĐ-LMHTX",
                "Bình An, ngày 20 tháng 12 năm 2026",
                Some("(Ban hành kèm theo Quyết định số 12/QĐ-LMHTX ngày 20 tháng 12 năm 2026 của Ban Chấp hành Liên minh Hợp tác xã)"),
            ),
            (
                // "một số điều" is not a blank number.
                "Số: /QĐ-LMHTX",
                "Bình An, ngày 15 tháng 3 năm 2021",
                Some("(Sửa đổi một số điều, ban hành kèm theo Quyết định số /QĐ-LMHTX)"),
                "12/QĐ-LMHTX",
                "Bình An, ngày 20 tháng 12 năm 2026",
                Some("(Sửa đổi một số điều, ban hành kèm theo Quyết định số 12/QĐ-LMHTX)"),
            ),
        ];
        for (number, place, issued, number_out, place_out, issued_out) in cases {
            let doc = parse(&with_header(number, place, issued));
            assert!(doc.header.marks.iter().any(|m| is_draft_mark(m)), "{number}");
            let out = promulgate(&doc, "12/QĐ-LMHTX", "2026-12-20");
            assert!(out.header.marks.is_empty(), "{:?}", out.header.marks);
            assert_eq!(out.header.number.as_ref().unwrap().value, number_out);
            assert_eq!(out.header.place_date.as_deref(), Some(place_out));
            let issued_line = out.header.title.iter().find(|l| l.starts_with('('));
            assert_eq!(issued_line.map(String::as_str), issued_out);
            assert_eq!(out.body, doc.body, "the body is never touched");
            assert_eq!(remaining_blanks(&out), Vec::<String>::new(), "{number} / {place}");
        }
    }

    #[test]
    fn the_approving_body_is_the_collective_the_regulation_names() {
        let with_line = |issuing: &str, line: &str| {
            parse(&format!(
                "{issuing}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
                 Số: /QĐ-LMHTX\nBình An, ngày 15 tháng 3 năm 2021\nQUY CHẾ\nLàm việc của Ban Thường vụ\n\
                 {line}Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nQuy chế này quy định.\n"
            ))
        };
        let cases: [(&str, &str, Option<&str>); 6] = [
            // The demo: the organisation is not the body that voted; the line names it.
            (
                "LIÊN MINH HTX VIỆT NAM\nLIÊN MINH HTX TỈNH BÌNH AN",
                "(Ban hành kèm theo Quyết định số /QĐ-LMHTX ngày tháng năm 2021 của Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An)\n",
                Some("Ban Chấp hành Liên minh Hợp tác xã tỉnh Bình An"),
            ),
            (
                "LIÊN MINH HTX TỈNH BÌNH AN",
                "(Ban hành kèm theo Quyết định số 12/QĐ-LMHTX ngày 20 tháng 12 năm 2026 của Ban Thường vụ).\n",
                Some("Ban Thường vụ"),
            ),
            // No line: a collective issuing body votes itself; an organisation does not.
            ("LIÊN MINH HỢP TÁC XÃ TỈNH BÌNH AN\nBAN CHẤP HÀNH", "", Some("BAN CHẤP HÀNH")),
            ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH AN", "", None),
            ("ỦY BAN NHÂN DÂN TỈNH BÌNH AN", "", Some("ỦY BAN NHÂN DÂN TỈNH BÌNH AN")),
            ("LIÊN MINH HTX TỈNH BÌNH AN", "", None),
        ];
        for (issuing, line, want) in cases {
            let doc = with_line(issuing, line);
            assert_eq!(approving_body(&doc).as_deref(), want, "{issuing} / {line}");
        }
    }

    #[test]
    fn the_demo_header_is_promulgated_and_nfc_and_tone_placement_stay() {
        let doc = parse(DEMO);
        assert_eq!(remaining_blanks(&doc).len(), 3, "{:?}", remaining_blanks(&doc));
        let out = promulgate(&doc, "12/QĐ-LMHTX", "2026-12-20");
        let text = quyche_text::render(&out);
        assert!(text.contains("Số: 12/QĐ-LMHTX\n"), "{text}");
        assert!(!text.contains("DỰ THẢO"), "{text}");
        assert!(text.contains(
            "(Ban hành kèm theo Quyết định số 12/QĐ-LMHTX ngày 20 tháng 12 năm 2026 của Ban Chấp hành"
        ));
        assert!(text.contains("hòa hợp và hoà giải"), "tone placement is kept");
        assert_eq!(quyche_text::nfc(&text), text);
        assert!(remaining_blanks(&out).is_empty());
        // Promulgating twice changes nothing: a retried approval finds the same text.
        assert_eq!(promulgate(&out, "12/QĐ-LMHTX", "2026-12-20"), out);
    }

    #[test]
    fn real_laws() {
        for file in
            ["luat_hop_tac_xa_2012_23-2012-QH13.txt", "luat_hop_tac_xa_2023_17-2023-QH15.txt"]
        {
            let doc = parse(&quyche_fixtures::law(file));
            let out = promulgate(&doc, "99/QĐ-X", "2026-12-20");
            assert_eq!(out, doc, "{file}: a promulgated law is left as it is");
            assert_eq!(remaining_blanks(&out), Vec::<String>::new(), "{file}");
        }
        // The real draft outline: its number and date are filled, its mark goes; the
        // outline's own "……" placeholders in the body are still listed.
        let doc = parse(&quyche_fixtures::law("du_thao_de_cuong_luat_phong_khong_nhan_dan.txt"));
        let out = promulgate(&doc, "25/2024/QH15", "2024-06-20");
        assert_eq!(out.header.number.as_ref().unwrap().value, "25/2024/QH15");
        assert_eq!(out.header.place_date.as_deref(), Some("Hà Nội, ngày 20 tháng 6 năm 2024"));
        assert!(out.header.marks.is_empty());
        let left = remaining_blanks(&out);
        assert!(!left.is_empty() && left.iter().all(|l| l.contains('…')), "{left:?}");
    }

    #[test]
    fn blanks_are_found() {
        for (line, blank) in [
            ("ngày  tháng  năm", true),
            ("Hà Nội, ngày tháng năm 2024", true),
            ("ngày 20 tháng năm 2026", true),
            ("Quyết định số /QĐ-LMHTX", true),
            ("Số: /QĐ-LMHTX", true),
            ("theo mẫu số …", true),
            ("ngày 20 tháng 12 năm 2026", false),
            ("Quyết định số 12/QĐ-LMHTX", false),
            ("sửa đổi một số điều", false),
        ] {
            assert_eq!(line_has_blank(line), blank, "{line}");
        }
    }
}

//! The one walker over a WordprocessingML body (`word/document.xml`): what a reader sees
//! once Word's wrappers are taken off.
//!
//! Word wraps the text of a paragraph in many layers that mean nothing to the words:
//! fields, hyperlinks, content controls, smart tags, custom XML, tracked changes,
//! alternate content. [`walk`] takes them off once, for every reader in this crate (a
//! draft's import, a returned review), and hands the caller a flat sequence of
//! [`Item`]s: paragraphs and tables opening and closing, the paragraph's properties, and
//! pieces of text with the run they came from and the tracked change they sit in.
//!
//! What it decides, and why:
//!
//! * **Fields** (`w:fldSimple`, and `w:fldChar` begin / separate / end with
//!   `w:instrText`, nested to any depth): the *result* is text, the instruction is not.
//!   A date field reads as the date Word last showed, never as `DATE \@ "d/M/yyyy"`.
//! * **Unwrapped**: `w:hyperlink`, `w:sdt` / `w:sdtContent` (content controls; their
//!   properties `w:sdtPr` hold no text), `w:smartTag`, `w:customXml`, `w:bdo`/`w:dir`,
//!   and `mc:AlternateContent`'s `mc:Choice` (its `mc:Fallback` repeats the same content
//!   for old readers, so reading both would double it).
//! * **Tracked changes are reported, not decided**: text inside `w:ins`, `w:moveTo`,
//!   `w:del` and `w:moveFrom` comes out with its [`Change`]; `w:delText` is text of a
//!   deletion. A paragraph mark inserted or deleted (`w:pPr/w:rPr/w:ins|w:del`) is in
//!   [`ParagraphProps::mark`]. A draft's import accepts them all; a review reads them
//!   as suggestions. The old properties of a formatting change (`w:pPrChange`,
//!   `w:rPrChange`) are skipped: their style and numbering are not the paragraph's.
//! * **Characters**: `w:tab` → [`Piece::Tab`], `w:br` / `w:cr` → [`Piece::Break`] (a
//!   page or column break too: it ends a line of text as much as a line break does),
//!   `w:noBreakHyphen` → `-` (the plain hyphen: U+2011 survives NFC and would hide a
//!   `- ` sub-point marker and every search for the word), `w:softHyphen` → nothing (an
//!   invisible hint), `w:sym` → [`symbol`] (bullets and dashes of Symbol and Wingdings).
//! * **Text boxes** (`w:txbxContent`) and drawings are skipped: in a draft they hold a
//!   logo or a floating note, not the regulation's flow, and their paragraphs would land
//!   in the middle of the paragraph that anchors them.
//! * **Comments**: their anchors come out as [`Item::CommentStart`], [`Item::CommentEnd`]
//!   and [`Item::CommentReference`]; the comments' text lives in another part.
//!
//! XML is read with quick-xml, which expands no DTD; only the five predefined entities
//! and character references are text.

use quick_xml::events::{BytesStart, Event};

use crate::WordError;

/// The tracked change a piece of text sits in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Change {
    /// Not tracked.
    #[default]
    None,
    /// `w:ins`: inserted.
    Inserted,
    /// `w:del` (its text is `w:delText`): deleted.
    Deleted,
    /// `w:moveTo`: the new place of moved text.
    MovedTo,
    /// `w:moveFrom`: the old place of moved text.
    MovedFrom,
}

impl Change {
    /// Whether accepting every change keeps this text.
    pub fn kept_when_accepted(self) -> bool {
        matches!(self, Change::None | Change::Inserted | Change::MovedTo)
    }
}

/// A paragraph's own properties (`w:pPr`), as written on it: inheritance through styles
/// is the caller's (see `numbering`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphProps {
    /// `w:pStyle`: the style id.
    pub style: Option<String>,
    /// `w:numPr/w:numId`; `Some(0)` switches numbering off.
    pub num_id: Option<u32>,
    /// `w:numPr/w:ilvl`.
    pub level: Option<u32>,
    /// A tracked change on the paragraph mark: `Deleted` joins the paragraph to the next
    /// once accepted; `Inserted` is a new paragraph.
    pub mark: Change,
}

/// A run's own properties that change how its text reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunProps {
    /// `w:rFonts` `w:ascii`, else `w:hAnsi`: where a legacy Vietnamese font shows.
    pub font: Option<String>,
    /// `w:rStyle`: the character style id.
    pub style: Option<String>,
}

/// What a run holds, once unwrapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Tab,
    Break,
}

/// One step of the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A paragraph opens (`w:p`); its number counts every paragraph of the body from 1,
    /// in the file's order, table cells included, text boxes not.
    ParagraphStart(usize),
    /// The paragraph's properties, once `w:pPr` is read (absent when it has none).
    ParagraphProps(ParagraphProps),
    /// Text of a run in the current paragraph.
    Piece {
        piece: Piece,
        run: RunProps,
        change: Change,
    },
    ParagraphEnd,
    TableStart,
    TableEnd,
    RowStart,
    RowEnd,
    CellStart,
    CellEnd,
    /// `w:commentRangeStart w:id`.
    CommentStart(String),
    /// `w:commentRangeEnd w:id`.
    CommentEnd(String),
    /// `w:commentReference w:id`.
    CommentReference(String),
    /// One tracked-change element opened (`w:ins`, `w:del`, `w:moveTo`, `w:moveFrom`
    /// around runs): how many changes a file holds.
    ChangeStart(Change),
}

/// Elements whose whole content is skipped (see the module docs).
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"txbxContent"
            | b"Fallback"
            | b"sdtPr"
            | b"sdtEndPr"
            | b"pPrChange"
            | b"rPrChange"
            | b"instrText"
            | b"delInstrText"
            | b"drawing"
            | b"pict"
            | b"object"
            | b"footnoteReference"
            | b"endnoteReference"
            | b"tblPr"
            | b"tblGrid"
            | b"trPr"
            | b"tcPr"
            | b"sectPr"
    )
}

fn change_of(name: &[u8]) -> Option<Change> {
    match name {
        b"ins" => Some(Change::Inserted),
        b"del" => Some(Change::Deleted),
        b"moveTo" => Some(Change::MovedTo),
        b"moveFrom" => Some(Change::MovedFrom),
        _ => None,
    }
}

/// The value of the attribute whose local name is `key` (`w:val`, `w:id`…).
pub fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key).and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
    })
}

/// The character a `w:sym` shows. Symbol and Wingdings put their glyphs in the private
/// use area (`F0xx`) or at the plain code (`00xx`); only bullets and dashes mean
/// something in a regulation's text, the rest (arrows, pictures) is dropped.
pub fn symbol(font: &str, code: &str) -> Option<char> {
    let code = u32::from_str_radix(code, 16).ok()? & 0xFF;
    let font = font.to_ascii_lowercase();
    if font.starts_with("wingdings") {
        return match code {
            0x9F | 0xA1 | 0x6C => Some('•'),
            0xA7 | 0x6E => Some('▪'),
            0xD8 | 0xE0 | 0xE8 => Some('➢'),
            _ => None,
        };
    }
    match code {
        0xB7 => Some('•'),
        0x2D => Some('-'),
        0xBE => Some('—'),
        0x2013 => Some('–'),
        _ => None,
    }
}

/// Per-element state of the walk.
struct State {
    paragraph: usize,
    /// Depth inside a skipped element (0: not skipping).
    skip: usize,
    /// The tracked changes around the current position, innermost last.
    changes: Vec<Change>,
    /// Fields around the current position: `true` once past `separate` (in the result).
    fields: Vec<bool>,
    /// How many of them are still in their instruction (kept, not counted per piece of
    /// text: a forged file may nest fields a million deep).
    instructions: usize,
    in_ppr: bool,
    /// `w:rPr` depth: inside `w:pPr` it is the paragraph mark's, inside `w:r` the run's.
    in_rpr: bool,
    in_run: bool,
    in_text: bool,
    props: ParagraphProps,
    run: RunProps,
}

impl State {
    fn change(&self) -> Change {
        self.changes.last().copied().unwrap_or(Change::None)
    }
    /// Text is a field's instruction when any field around it is before `separate`.
    fn in_instruction(&self) -> bool {
        self.instructions > 0
    }
}

/// Walks `xml` (a `word/document.xml`, or any part holding `w:p` paragraphs: a comment's
/// or a footnote's), calling `f` for every [`Item`] in order. `part` names the part in
/// errors. Damaged or truncated XML is an error; nothing panics.
pub fn walk(xml: &[u8], part: &str, mut f: impl FnMut(Item)) -> Result<(), WordError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut st = State {
        paragraph: 0,
        skip: 0,
        changes: Vec::new(),
        fields: Vec::new(),
        instructions: 0,
        in_ppr: false,
        in_rpr: false,
        in_run: false,
        in_text: false,
        props: ParagraphProps::default(),
        run: RunProps::default(),
    };
    let bad = |e: &dyn std::fmt::Display| WordError::Malformed(format!("{part} hỏng: {e}"));
    let mut depth = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if st.skip > 0 {
                    st.skip += 1;
                } else {
                    let name = e.local_name();
                    if skipped(name.as_ref()) {
                        st.skip = 1;
                    } else {
                        start(&mut st, &e, false, &mut f);
                    }
                }
            }
            Event::Empty(e) if st.skip == 0 && !skipped(e.local_name().as_ref()) => {
                start(&mut st, &e, true, &mut f);
            }
            Event::End(e) => {
                depth = depth.checked_sub(1).ok_or_else(|| bad(&"thẻ đóng thừa"))?;
                if st.skip > 0 {
                    st.skip -= 1;
                } else {
                    end(&mut st, e.local_name().as_ref(), &mut f);
                }
            }
            Event::Text(t) if st.in_text && st.skip == 0 => {
                let s = t.decode().map_err(|e| bad(&e))?;
                text(&mut st, &s, &mut f);
            }
            Event::CData(t) if st.in_text && st.skip == 0 => {
                let s = t.decode().map_err(|e| bad(&e))?;
                text(&mut st, &s, &mut f);
            }
            Event::GeneralRef(r) if st.in_text && st.skip == 0 => {
                let c = match r.resolve_char_ref().map_err(|e| bad(&e))? {
                    Some(c) => Some(c),
                    None => match r.decode().map_err(|e| bad(&e))?.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    text(&mut st, c.encode_utf8(&mut [0; 4]), &mut f);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if depth != 0 {
        return Err(WordError::Malformed(format!("{part} bị cắt cụt")));
    }
    Ok(())
}

fn text(st: &mut State, s: &str, f: &mut impl FnMut(Item)) {
    if st.in_instruction() || s.is_empty() {
        return;
    }
    f(Item::Piece { piece: Piece::Text(s.to_owned()), run: st.run.clone(), change: st.change() });
}

fn piece(st: &State, piece: Piece, f: &mut impl FnMut(Item)) {
    if st.in_run && !st.in_instruction() {
        f(Item::Piece { piece, run: st.run.clone(), change: st.change() });
    }
}

fn start(st: &mut State, e: &BytesStart<'_>, empty: bool, f: &mut impl FnMut(Item)) {
    let name = e.local_name();
    let name = name.as_ref();
    if st.in_ppr && !st.in_rpr {
        match name {
            b"pStyle" => st.props.style = attr(e, b"val"),
            b"numId" => st.props.num_id = attr(e, b"val").and_then(|v| v.parse().ok()),
            b"ilvl" => st.props.level = attr(e, b"val").and_then(|v| v.parse().ok()),
            b"rPr" if !empty => st.in_rpr = true,
            _ => {}
        }
        return;
    }
    if st.in_rpr {
        if st.in_ppr {
            // The paragraph mark's run properties: only a tracked change matters.
            if let Some(c) = change_of(name) {
                st.props.mark = c;
            }
        } else {
            match name {
                b"rFonts" => {
                    st.run.font = attr(e, b"ascii").or_else(|| attr(e, b"hAnsi"));
                }
                b"rStyle" => st.run.style = attr(e, b"val"),
                _ => {}
            }
        }
        return;
    }
    match name {
        b"p" => {
            st.paragraph += 1;
            st.props = ParagraphProps::default();
            f(Item::ParagraphStart(st.paragraph));
            if empty {
                f(Item::ParagraphEnd);
            }
        }
        b"pPr" if !empty => st.in_ppr = true,
        b"r" if !empty => {
            st.in_run = true;
            st.run = RunProps::default();
        }
        b"rPr" if !empty && st.in_run => st.in_rpr = true,
        b"t" | b"delText" if !empty && st.in_run => st.in_text = true,
        b"tab" => piece(st, Piece::Tab, f),
        b"br" | b"cr" => piece(st, Piece::Break, f),
        b"noBreakHyphen" => piece(st, Piece::Text("-".into()), f),
        b"sym" => {
            let font = attr(e, b"font").unwrap_or_default();
            if let Some(c) = attr(e, b"char").and_then(|code| symbol(&font, &code)) {
                piece(st, Piece::Text(c.to_string()), f);
            }
        }
        b"fldChar" => match attr(e, b"fldCharType").as_deref() {
            Some("begin") => {
                st.fields.push(false);
                st.instructions += 1;
            }
            Some("separate") => {
                if let Some(last) = st.fields.last_mut().filter(|in_result| !**in_result) {
                    *last = true;
                    st.instructions -= 1;
                }
            }
            // A field ended before its `separate` was still in its instruction.
            Some("end") => st.instructions -= usize::from(st.fields.pop() == Some(false)),
            _ => {}
        },
        b"tbl" if !empty => f(Item::TableStart),
        b"tr" if !empty => f(Item::RowStart),
        b"tc" if !empty => f(Item::CellStart),
        b"commentRangeStart" => f(Item::CommentStart(attr(e, b"id").unwrap_or_default())),
        b"commentRangeEnd" => f(Item::CommentEnd(attr(e, b"id").unwrap_or_default())),
        b"commentReference" => f(Item::CommentReference(attr(e, b"id").unwrap_or_default())),
        _ => {
            if let Some(c) = change_of(name) {
                f(Item::ChangeStart(c));
                if !empty {
                    st.changes.push(c);
                }
            }
        }
    }
}

fn end(st: &mut State, name: &[u8], f: &mut impl FnMut(Item)) {
    if st.in_rpr {
        if name == b"rPr" {
            st.in_rpr = false;
        }
        return;
    }
    if st.in_ppr {
        if name == b"pPr" {
            st.in_ppr = false;
            f(Item::ParagraphProps(st.props.clone()));
        }
        return;
    }
    match name {
        b"p" => f(Item::ParagraphEnd),
        b"r" => {
            st.in_run = false;
            st.in_text = false;
        }
        b"t" | b"delText" => st.in_text = false,
        b"tbl" => f(Item::TableEnd),
        b"tr" => f(Item::RowEnd),
        b"tc" => f(Item::CellEnd),
        _ => {
            if change_of(name).is_some() {
                st.changes.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    /// The text of each paragraph with every change accepted.
    fn accepted(body: &str) -> Vec<String> {
        let xml = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
        let mut out = Vec::new();
        walk(xml.as_bytes(), "word/document.xml", |item| match item {
            Item::ParagraphStart(_) => out.push(String::new()),
            Item::Piece { piece, change, .. } if change.kept_when_accepted() => {
                let p = out.last_mut().unwrap();
                match piece {
                    Piece::Text(t) => p.push_str(&t),
                    Piece::Tab => p.push('\t'),
                    Piece::Break => p.push('\n'),
                }
            }
            _ => {}
        })
        .unwrap();
        out
    }

    #[test]
    fn fields_keep_their_result_nested_ones_too() {
        let body = r#"<w:p><w:r><w:t xml:space="preserve">Ngày </w:t></w:r>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r>
            <w:r><w:instrText> IF </w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DATE</w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>
            <w:r><w:fldChar w:fldCharType="end"/></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>5/12/2026</w:t></w:r>
            <w:r><w:fldChar w:fldCharType="end"/></w:r>
            <w:fldSimple w:instr=" PAGE "><w:r><w:t>, trang 3</w:t></w:r></w:fldSimple></w:p>"#;
        assert_eq!(accepted(body), ["Ngày 5/12/2026, trang 3"]);
    }

    #[test]
    fn wrappers_are_unwrapped_and_changes_reported() {
        let body = r#"<w:p><w:hyperlink r:id="x"><w:r><w:t>Điều</w:t></w:r></w:hyperlink>
            <w:sdt><w:sdtPr><w:alias w:val="tên"/><w:text/></w:sdtPr><w:sdtContent>
            <w:smartTag><w:r><w:t xml:space="preserve"> 1</w:t></w:r></w:smartTag></w:sdtContent></w:sdt>
            <w:del><w:r><w:delText>. Cũ</w:delText></w:r></w:del>
            <w:ins><w:r><w:t>. Mới</w:t></w:r></w:ins>
            <w:moveFrom><w:r><w:t>đi</w:t></w:r></w:moveFrom><w:r><w:softHyphen/><w:noBreakHyphen/>
            <w:tab/><w:sym w:font="Symbol" w:char="F0B7"/><w:br/></w:r></w:p>"#;
        assert_eq!(accepted(body), ["Điều 1. Mới-\t•\n"]);
    }

    #[test]
    fn paragraph_properties_and_a_deleted_mark() {
        let xml = format!(
            r#"<w:document {W}><w:body><w:p><w:pPr><w:pStyle w:val="Heading2"/>
            <w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>
            <w:rPr><w:del w:id="1"/></w:rPr>
            <w:pPrChange><w:pPr><w:pStyle w:val="Old"/></w:pPr></w:pPrChange></w:pPr>
            <w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>x</w:t></w:r>
            </w:p></w:body></w:document>"#
        );
        let mut items = Vec::new();
        walk(xml.as_bytes(), "word/document.xml", |i| items.push(i)).unwrap();
        assert_eq!(
            items[1],
            Item::ParagraphProps(ParagraphProps {
                style: Some("Heading2".into()),
                num_id: Some(3),
                level: Some(1),
                mark: Change::Deleted,
            })
        );
        let Item::Piece { run, .. } = &items[2] else { panic!("{:?}", items[2]) };
        assert_eq!(run.font.as_deref(), Some(".VnTime"));
    }

    #[test]
    fn damaged_xml_is_an_error() {
        for xml in ["<w:document><w:body><w:p>", "<a></b>", "<w:p></w:p></w:p>"] {
            assert!(walk(xml.as_bytes(), "word/document.xml", |_| {}).is_err(), "{xml}");
        }
    }
}

//! Word's list labels, computed the way Word computes them, from `word/numbering.xml`
//! and `word/styles.xml`.
//!
//! Word does not store `Điều 5.` or `đ)` in the text of an auto-numbered paragraph: it
//! stores a reference to a list, and draws the label. The label is worked out here:
//!
//! * **Which list**: the paragraph's own `w:numPr` wins; else its style's, through the
//!   `w:basedOn` chain (a "Heading 2" style carrying the numbering); `numId` 0 switches
//!   numbering off. A style that names the list but not the level takes the level whose
//!   `w:pStyle` is that style.
//! * **Which level definition**: `w:num` points to an `w:abstractNum`; its
//!   `w:lvlOverride` may replace a level (`w:lvl`) or only its start (`w:startOverride`).
//! * **The counters** belong to the abstract list, so two `w:num` that share it continue
//!   one sequence; a `w:num` with overrides (Word's "Restart numbering") has counters of
//!   its own, starting from its overrides. A level counts from `w:start`; when a level
//!   advances, the levels below it start again, unless `w:lvlRestart` says after which
//!   level they restart (0: never).
//! * **The label**: `w:lvlText` with `%1`…`%9` replaced by each level's counter in that
//!   level's `w:numFmt` (decimal, decimalZero, upperRoman, lowerRoman, upperLetter,
//!   lowerLetter, none; others as decimal), or all decimal on a level with `w:isLgl`.
//!   A bullet level gives `-`: below a point a bullet is a *tiết*, and the text parser
//!   reads `- ` as one. The label is always followed by one space, whatever `w:suff`
//!   says (tab, space or nothing): the parser needs the space after `a)` and `1.`, and
//!   the label is not stored anyway (numbering is derived from position).
//! * **Point letters**: Word's `lowerLetter` counts a b c d e f …; a Vietnamese point is
//!   lettered a b c d đ e g … (`quyche_model::point_letter`, the one table). The label
//!   carries the Vietnamese letter, and [`Label::word`] keeps what Word showed, so the
//!   import can say where they differ.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use crate::runs::attr;
use crate::WordError;

/// The number of list levels Word has.
const LEVELS: usize = 9;
/// The largest start value Word accepts; a counter stops there too. A forged file could
/// ask for 4 billion, and the letter formats repeat a letter once per 26 (a … z, aa …).
const MAX_COUNT: u32 = 32_767;
/// Longer than any level text Word writes (`Điều %1.`); a label is at most this many
/// characters times one number.
const MAX_LEVEL_TEXT: usize = 64;

/// An element of a small XML part, read whole: `numbering.xml` and `styles.xml` are a few
/// hundred kilobytes at most, within the container's budget.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Element>,
}

impl Element {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// `<name w:val="…"/>`'s value.
    fn val(&self, name: &str) -> Option<&str> {
        self.child(name)?.attr("val")
    }
    fn num(&self, name: &str) -> Option<u32> {
        self.val(name)?.trim().parse().ok()
    }
    /// An on/off attribute (`w:default="1"`).
    fn flag_attr(&self, key: &str) -> bool {
        matches!(self.attr(key), Some("1" | "true" | "on"))
    }
    /// An on/off property: present and not `0`/`false`/`off`.
    fn flag(&self, name: &str) -> bool {
        self.child(name).is_some_and(|c| !matches!(c.attr("val"), Some("0" | "false" | "off")))
    }
}

fn element_of(e: &BytesStart<'_>) -> Element {
    let attrs = e
        .attributes()
        .flatten()
        .filter_map(|a| {
            let key = String::from_utf8(a.key.local_name().as_ref().to_vec()).ok()?;
            let value = attr(e, key.as_bytes())?;
            Some((key, value))
        })
        .collect();
    Element {
        name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
        attrs,
        children: Vec::new(),
    }
}

/// Reads a part into a tree of elements (text is not needed in these parts).
fn parse_tree(xml: &[u8], part: &str) -> Result<Element, WordError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut stack = vec![Element::default()];
    let bad = |e: &dyn std::fmt::Display| WordError::Malformed(format!("{part} hỏng: {e}"));
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| bad(&e))? {
            Event::Start(e) => stack.push(element_of(&e)),
            Event::Empty(e) => {
                let el = element_of(&e);
                if let Some(top) = stack.last_mut() {
                    top.children.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| bad(&"thẻ đóng thừa"))?;
                match stack.last_mut() {
                    Some(top) => top.children.push(el),
                    None => return Err(bad(&"thẻ đóng thừa")),
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if stack.len() != 1 {
        return Err(WordError::Malformed(format!("{part} bị cắt cụt")));
    }
    Ok(stack.pop().unwrap_or_default())
}

/// One style's properties that matter to the text.
#[derive(Debug, Default, Clone)]
struct StyleDef {
    based_on: Option<String>,
    num_id: Option<u32>,
    level: Option<u32>,
    font: Option<String>,
}

/// `word/styles.xml`: the paragraph and character styles, and the document's defaults.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, StyleDef>,
    default_paragraph: Option<String>,
    default_font: Option<String>,
}

fn fonts_of(rpr: Option<&Element>) -> Option<String> {
    let f = rpr?.child("rFonts")?;
    f.attr("ascii").or_else(|| f.attr("hAnsi")).map(str::to_owned)
}

impl Styles {
    /// Reads `styles.xml`; a file without one has Word's built-in defaults (no
    /// numbering, no font).
    pub fn parse(xml: &[u8]) -> Result<Styles, WordError> {
        let root = parse_tree(xml, "word/styles.xml")?;
        let mut out = Styles::default();
        let Some(styles) = root.child("styles") else { return Ok(out) };
        out.default_font = styles
            .child("docDefaults")
            .and_then(|d| d.child("rPrDefault"))
            .and_then(|d| fonts_of(d.child("rPr")));
        for s in styles.children("style") {
            let Some(id) = s.attr("styleId") else { continue };
            let ppr = s.child("pPr");
            let num = ppr.and_then(|p| p.child("numPr"));
            let def = StyleDef {
                based_on: s.val("basedOn").map(str::to_owned),
                num_id: num.and_then(|n| n.num("numId")),
                level: num.and_then(|n| n.num("ilvl")),
                font: fonts_of(s.child("rPr")),
            };
            if s.attr("type") == Some("paragraph") && s.flag_attr("default") {
                out.default_paragraph = Some(id.to_owned());
            }
            out.styles.insert(id.to_owned(), def);
        }
        Ok(out)
    }

    /// The style and the styles it is based on, nearest first; a loop in `basedOn` ends
    /// the chain.
    fn chain<'a>(&'a self, style: Option<&'a str>) -> Vec<(&'a str, &'a StyleDef)> {
        let mut out: Vec<(&str, &StyleDef)> = Vec::new();
        let mut next = style.or(self.default_paragraph.as_deref());
        while let Some(id) = next {
            if out.iter().any(|(seen, _)| *seen == id) || out.len() > 32 {
                break;
            }
            let Some(def) = self.styles.get(id) else { break };
            out.push((id, def));
            next = def.based_on.as_deref();
        }
        out
    }

    /// The list a paragraph of `style` is in through its style: `(style id that names
    /// it, numId, ilvl)`, the nearest style in the chain that says.
    fn numbering<'a>(&'a self, style: Option<&'a str>) -> Option<(&'a str, u32, Option<u32>)> {
        self.chain(style).into_iter().find_map(|(id, d)| d.num_id.map(|n| (id, n, d.level)))
    }

    /// The font a run shows in: its own, else its character style's, else its
    /// paragraph style's, else the document default.
    pub fn font<'a>(
        &'a self,
        run_font: Option<&'a str>,
        run_style: Option<&'a str>,
        paragraph_style: Option<&'a str>,
    ) -> Option<&'a str> {
        run_font
            .or_else(|| {
                run_style.and_then(|s| {
                    self.chain(Some(s)).into_iter().find_map(|(_, d)| d.font.as_deref())
                })
            })
            .or_else(|| {
                self.chain(paragraph_style).into_iter().find_map(|(_, d)| d.font.as_deref())
            })
            .or(self.default_font.as_deref())
    }
}

/// How a level writes its counter (`w:numFmt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Decimal,
    DecimalZero,
    UpperRoman,
    LowerRoman,
    UpperLetter,
    LowerLetter,
    None,
    Bullet,
}

impl Format {
    fn of(name: Option<&str>) -> Format {
        match name {
            Some("decimalZero") => Format::DecimalZero,
            Some("upperRoman") => Format::UpperRoman,
            Some("lowerRoman") => Format::LowerRoman,
            Some("upperLetter") => Format::UpperLetter,
            Some("lowerLetter") => Format::LowerLetter,
            Some("none") => Format::None,
            Some("bullet") => Format::Bullet,
            _ => Format::Decimal,
        }
    }
}

/// Word's letter for `n`: a … z, then aa … zz, then aaa (the letter repeated).
pub fn word_letter(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let i = n - 1;
    let c = char::from(b'a' + (i % 26) as u8);
    c.to_string().repeat((i / 26 + 1) as usize)
}

/// A counter written in `format`; `vietnamese` letters a lowerLetter level by position
/// in the Vietnamese alphabet instead of Word's.
fn format_value(n: u32, format: Format, vietnamese: bool) -> String {
    match format {
        Format::Decimal | Format::Bullet => n.to_string(),
        Format::DecimalZero => format!("{n:02}"),
        Format::UpperRoman => quyche_model::roman(n),
        Format::LowerRoman => quyche_model::roman(n).to_lowercase(),
        Format::UpperLetter => word_letter(n).to_uppercase(),
        Format::LowerLetter if vietnamese => quyche_model::point_letter(n),
        Format::LowerLetter => word_letter(n),
        Format::None => String::new(),
    }
}

/// One level of a list (`w:lvl`).
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: Format,
    text: String,
    /// `w:lvlRestart`: restart after this (1-based) level is used; 0 never.
    restart: Option<u32>,
    legal: bool,
    /// `w:pStyle`: the paragraph style this level belongs to.
    style: Option<String>,
}

impl Level {
    fn of(e: &Element) -> Level {
        Level {
            start: e.num("start").unwrap_or(0).min(MAX_COUNT),
            format: Format::of(e.val("numFmt")),
            text: e.val("lvlText").unwrap_or_default().chars().take(MAX_LEVEL_TEXT).collect(),
            restart: e.num("lvlRestart"),
            legal: e.flag("isLgl"),
            style: e.val("pStyle").map(str::to_owned),
        }
    }
}

#[derive(Debug, Default)]
struct Override {
    start: Option<u32>,
    level: Option<Level>,
}

#[derive(Debug)]
struct Num {
    abstract_id: u32,
    overrides: HashMap<u32, Override>,
}

/// A computed label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// What goes into the text, points lettered the Vietnamese way: `đ)`, `Điều 5.`,
    /// `-` for a bullet. Empty for a level whose text is empty.
    pub text: String,
    /// What Word shows, when it differs from `text` (Word's `e)` for the fifth point).
    pub word: Option<String>,
}

/// `word/numbering.xml`, and the counters of a walk through the document in order.
#[derive(Debug, Default)]
pub struct Lists {
    abstracts: HashMap<u32, Vec<Option<Level>>>,
    nums: HashMap<u32, Num>,
    /// Counters by list: an abstract list's (`false`, id), or a num's own (`true`, id).
    counters: HashMap<(bool, u32), [Option<u32>; LEVELS]>,
}

impl Lists {
    /// Reads `numbering.xml`; a file without one has no lists.
    pub fn parse(xml: &[u8]) -> Result<Lists, WordError> {
        let root = parse_tree(xml, "word/numbering.xml")?;
        let mut out = Lists::default();
        let Some(numbering) = root.child("numbering") else { return Ok(out) };
        for a in numbering.children("abstractNum") {
            let Some(id) = a.attr("abstractNumId").and_then(|v| v.parse().ok()) else {
                continue;
            };
            let mut levels = vec![None; LEVELS];
            for l in a.children("lvl") {
                if let Some(i) = l.attr("ilvl").and_then(|v| v.parse::<usize>().ok()) {
                    if i < LEVELS {
                        levels[i] = Some(Level::of(l));
                    }
                }
            }
            out.abstracts.insert(id, levels);
        }
        for n in numbering.children("num") {
            let (Some(id), Some(abstract_id)) =
                (n.attr("numId").and_then(|v| v.parse().ok()), n.num("abstractNumId"))
            else {
                continue;
            };
            let mut overrides = HashMap::new();
            for o in n.children("lvlOverride") {
                let Some(level) = o.attr("ilvl").and_then(|v| v.parse().ok()) else { continue };
                overrides.insert(
                    level,
                    Override {
                        start: o.num("startOverride"),
                        level: o.child("lvl").map(Level::of),
                    },
                );
            }
            out.nums.insert(id, Num { abstract_id, overrides });
        }
        Ok(out)
    }

    /// The level definition `level` of list `num_id`, overrides applied.
    fn level(&self, num_id: u32, level: u32) -> Option<Level> {
        let num = self.nums.get(&num_id)?;
        let o = num.overrides.get(&level);
        let mut def = match o.and_then(|o| o.level.clone()) {
            Some(l) => l,
            None => self.abstracts.get(&num.abstract_id)?.get(level as usize)?.clone()?,
        };
        if let Some(start) = o.and_then(|o| o.start) {
            def.start = start.min(MAX_COUNT);
        }
        Some(def)
    }

    /// The label of the next paragraph of a list, given its own `w:numPr` and its style,
    /// advancing the counters; `None` when it is in no list.
    pub fn next_label(
        &mut self,
        styles: &Styles,
        num_id: Option<u32>,
        level: Option<u32>,
        style: Option<&str>,
    ) -> Option<Label> {
        let (num_id, level) = match num_id {
            Some(n) => {
                let from_style = styles.numbering(style);
                (n, level.or(from_style.and_then(|(_, _, l)| l)))
            }
            None => {
                let (style_id, n, l) = styles.numbering(style)?;
                let l = level.or(l).or_else(|| self.level_of_style(n, style_id));
                (n, l)
            }
        };
        if num_id == 0 {
            return None;
        }
        let level = level.unwrap_or(0).min(LEVELS as u32 - 1);
        let num = self.nums.get(&num_id)?;
        let key = if num.overrides.is_empty() { (false, num.abstract_id) } else { (true, num_id) };
        let defs: Vec<Option<Level>> = (0..LEVELS as u32).map(|l| self.level(num_id, l)).collect();
        let def = defs[level as usize].clone()?;
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        let value = counters[level as usize].map_or(def.start, |v| (v + 1).min(MAX_COUNT));
        counters[level as usize] = Some(value);
        for (m, d) in defs.iter().enumerate().skip(level as usize + 1) {
            let restart_after = d.as_ref().and_then(|d| d.restart).unwrap_or(m as u32);
            if level < restart_after {
                counters[m] = None;
            }
        }
        let counters = *counters;
        if def.format == Format::Bullet {
            return Some(Label { text: "-".into(), word: None });
        }
        let render = |vietnamese: bool| {
            let mut out = String::new();
            let mut chars = def.text.chars().peekable();
            while let Some(c) = chars.next() {
                let digit =
                    chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=9).contains(d));
                match (c, digit) {
                    ('%', Some(d)) => {
                        chars.next();
                        let l = (d - 1) as usize;
                        let Some(ld) = defs[l].as_ref() else { continue };
                        let n = counters[l].unwrap_or(ld.start);
                        let format = if def.legal { Format::Decimal } else { ld.format };
                        out.push_str(&format_value(n, format, vietnamese));
                    }
                    _ => out.push(c),
                }
            }
            out
        };
        let text = render(true);
        let word = render(false);
        Some(Label { word: (word != text).then_some(word), text })
    }

    /// The level of list `num_id` that belongs to `style` (`w:lvl/w:pStyle`).
    fn level_of_style(&self, num_id: u32, style: &str) -> Option<u32> {
        (0..LEVELS as u32)
            .find(|l| self.level(num_id, *l).is_some_and(|d| d.style.as_deref() == Some(style)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_letters_and_vietnamese_letters() {
        assert_eq!(word_letter(5), "e");
        assert_eq!(word_letter(27), "aa");
        assert_eq!(format_value(5, Format::LowerLetter, true), "đ");
        assert_eq!(format_value(6, Format::LowerLetter, false), "f");
        assert_eq!(format_value(4, Format::UpperRoman, true), "IV");
        assert_eq!(format_value(3, Format::DecimalZero, true), "03");
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Điều %1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/><w:lvlRestart w:val="0"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn counters_restart_and_override() {
        let styles = Styles::default();
        let mut lists = Lists::parse(NUMBERING.as_bytes()).unwrap();
        let mut next = |n: u32, l: u32| {
            lists.next_label(&styles, Some(n), Some(l), None).map(|l| (l.text, l.word))
        };
        assert_eq!(next(1, 0), Some(("Điều 1.".into(), None)));
        assert_eq!(next(1, 1), Some(("1.1.".into(), None)));
        for _ in 0..4 {
            next(1, 2);
        }
        assert_eq!(next(1, 2), Some(("đ)".into(), Some("e)".into()))));
        assert_eq!(next(1, 0), Some(("Điều 2.".into(), None)));
        // lvlRestart 0: level 2 never restarts; level 3 restarts after any higher level.
        assert_eq!(next(1, 1), Some(("2.2.".into(), None)));
        assert_eq!(next(1, 2), Some(("a)".into(), None)));
        // Its own counters, from the override.
        assert_eq!(next(2, 0), Some(("Điều 7.".into(), None)));
        assert_eq!(next(0, 0), None);
    }

    #[test]
    fn a_forged_start_or_level_text_stays_small() {
        let xml = format!(
            r#"<w:numbering><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">
            <w:start w:val="4294967295"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="{}"/>
            </w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
            "%1".repeat(10_000)
        );
        let mut lists = Lists::parse(xml.as_bytes()).unwrap();
        for _ in 0..3 {
            let label = lists.next_label(&Styles::default(), Some(1), Some(0), None).unwrap();
            // 32 copies of the 32,767th letter (1,261 or 1,425 letters each).
            assert!(label.text.chars().count() <= 32 * 1_500, "{}", label.text.len());
        }
    }
}

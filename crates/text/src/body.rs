//! The body: a stack of open units fed one classified line at a time, the closing
//! block, and numbering diagnostics.

use quyche_model::{Kind, Unit, UnitId};

use crate::classify::{classify, display, is_upper, starts_with_ci, Class, Style};
use crate::normalize::SrcLine;
use crate::Diagnostic;

/// Each line's class and whether it sits inside an open quotation.
pub(crate) struct Scanned<'a> {
    pub classes: Vec<Class<'a>>,
    pub quoted: Vec<bool>,
    /// Line number where a quotation opened and never closed.
    pub unclosed: Option<u32>,
}

/// Classifies lines while tracking quotations, so that quoted amending text
/// (`“a) Thanh tra theo kế hoạch;”.` or a quoted `“Điều 5. …` block) stays text.
///
/// Curly quotes are balanced across lines. A straight `"` opens a block only when the
/// line's own text starts with it and the line has an odd number of them: a lone `"`
/// in the middle of a sentence is more often a typo than a block opening, and swallowing
/// the rest of the document as quotation would be far worse than missing one.
pub(crate) fn scan<'s>(lines: &'s [SrcLine<'_>]) -> Scanned<'s> {
    let mut classes = Vec::with_capacity(lines.len());
    let mut quoted = Vec::with_capacity(lines.len());
    let mut curly: u32 = 0;
    let mut straight = false;
    let mut opened_at: Option<u32> = None;
    for l in lines {
        let line = &*l.text;
        let inside = curly > 0 || straight;
        // A line starting with a quote mark never matches a structural pattern, so it
        // is text without a special case.
        let class = if inside { Class::Text } else { classify(line) };
        let content = class.content(line);
        // In reading order: a stray `”` before a `“` on the same line must not cancel
        // it. Counting the line's marks as a whole would, and then a heading whose title
        // reads `… ” “QUY CHẾ` would take the next line as its title when written on one
        // line, and as quoted text when the title was split over two.
        // Read as bytes, not characters (this runs on every line of every input): `"` is
        // 22, `“` and `”` are E2 80 9C and E2 80 9D, and E2 only ever leads a character.
        let mut straights = 0u32;
        let b = line.as_bytes();
        for at in memchr::memchr2_iter(b'"', 0xE2, b) {
            match (b[at], b.get(at + 1), b.get(at + 2)) {
                (b'"', _, _) => straights += 1,
                (_, Some(0x80), Some(0x9C)) => curly += 1,
                (_, Some(0x80), Some(0x9D)) => curly = curly.saturating_sub(1),
                _ => {}
            }
        }
        if straights % 2 == 1 {
            if straight {
                straight = false;
            } else if content.starts_with('"') {
                straight = true;
            }
        }
        let now = curly > 0 || straight;
        if !inside && now {
            opened_at = Some(l.line);
        }
        classes.push(class);
        quoted.push(inside);
    }
    let unclosed = if curly > 0 || straight { opened_at } else { None };
    Scanned { classes, quoted, unclosed }
}

const ADOPTION_SUBJECTS: [&str; 10] = [
    "Luật",
    "Bộ luật",
    "Pháp lệnh",
    "Nghị quyết",
    "Quy chế",
    "Quy định",
    "Nghị định",
    "Quyết định",
    "Thông tư",
    "Điều lệ",
];

/// `Luật này (đã) được Quốc hội … thông qua …`.
pub(crate) fn is_adoption(line: &str) -> bool {
    ADOPTION_SUBJECTS.iter().any(|s| {
        line.strip_prefix(s)
            .and_then(|r| r.strip_prefix(" này "))
            .map(|r| r.strip_prefix("đã ").unwrap_or(r))
            .is_some_and(|r| r.starts_with("được ") && r.contains("thông qua"))
    })
}

const AUTHORITY_MARKS: [&str; 11] =
    ["TM.", "T.M.", "T/M", "KT.", "K.T.", "K/T", "TL.", "T.L.", "T/L", "TUQ.", "Q."];

fn is_authority(line: &str) -> bool {
    let mut words = line.split(' ');
    let first = words.next().unwrap_or("");
    AUTHORITY_MARKS.contains(&first) && words.next().is_some()
}

fn letter_count_at_least(s: &str, n: usize) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).take(n).count() >= n
}

/// Where the closing block starts: the first trigger line after the last heading,
/// skipping the heading's own title lines. Returns `lines.len()` when there is none.
pub(crate) fn closing_start(lines: &[SrcLine<'_>], sc: &Scanned<'_>) -> usize {
    let n = lines.len();
    let last = (0..n).rev().find(|&i| !sc.quoted[i] && matches!(sc.classes[i], Class::Heading(_)));
    let Some(last) = last else { return n };
    let Class::Heading(h) = sc.classes[last] else { return n };
    let mut j = last + 1;
    // Mirror the builder's title rules so a chapter's UPPERCASE title is not taken for a
    // signer's title.
    if h.kind.is_heading() {
        let mut title = h.title.to_owned();
        while j < n && !sc.quoted[j] && !matches!(sc.classes[j], Class::Heading(_)) {
            let line = &*lines[j].text;
            if title.is_empty() {
                title = line.to_owned();
            } else if is_upper(&title) && is_upper(line) && !line.contains('"') {
                title.push(' ');
                title.push_str(line);
            } else {
                break;
            }
            j += 1;
        }
    }
    let first_content = j;
    for (i, l) in lines.iter().enumerate().skip(j) {
        if sc.quoted[i] || !matches!(sc.classes[i], Class::Text) {
            continue;
        }
        let line = &*l.text;
        if line.starts_with(['“', '"']) {
            continue;
        }
        let adoption = h.kind == Kind::Article && i > first_content && is_adoption(line)
            || h.kind != Kind::Article && is_adoption(line);
        if adoption
            || starts_with_ci(line, "nơi nhận")
            || is_authority(line)
            || (is_upper(line) && letter_count_at_least(line, 2))
        {
            return i;
        }
    }
    n
}

#[derive(Default)]
struct Prev {
    part: Option<u32>,
    chapter: Option<u32>,
    section: Option<u32>,
    article: Option<u32>,
    clause: Option<u32>,
    point: Option<u32>,
}

/// Builds the unit tree. Ids come from `next_id` in document order.
pub(crate) struct Builder {
    pub next_id: u32,
    pub body: Vec<Unit>,
    stack: Vec<Unit>,
    pub diagnostics: Vec<Diagnostic>,
    /// Text that arrived with no unit open (cannot happen from `parse`, kept so that
    /// nothing is ever dropped).
    pub stray: Vec<String>,
    prev: Prev,
    article_src: Option<u32>,
    clause_src: Option<u32>,
}

impl Builder {
    pub fn new(next_id: u32) -> Builder {
        Builder {
            next_id,
            body: Vec::new(),
            stack: Vec::new(),
            diagnostics: Vec::new(),
            stray: Vec::new(),
            prev: Prev::default(),
            article_src: None,
            clause_src: None,
        }
    }

    fn alloc(&mut self) -> UnitId {
        let id = UnitId(self.next_id);
        self.next_id = self.next_id.saturating_add(1);
        id
    }

    fn pop(&mut self) {
        if let Some(u) = self.stack.pop() {
            match self.stack.last_mut() {
                Some(parent) => parent.children.push(u),
                None => self.body.push(u),
            }
        }
    }

    /// Closes every open unit at or below `kind`'s level, then opens a new one.
    fn open(&mut self, kind: Kind) -> &mut Unit {
        while self.stack.last().is_some_and(|u| u.kind >= kind) {
            self.pop();
        }
        let id = self.alloc();
        self.stack.push(Unit::new(id, kind));
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    pub fn open_article_with_title(&mut self, title: String) {
        self.open(Kind::Article).title = title;
    }

    fn in_article(&self) -> bool {
        self.stack.iter().any(|u| u.kind == Kind::Article)
    }

    pub fn finish(&mut self) {
        while !self.stack.is_empty() {
            self.pop();
        }
    }

    pub fn line(&mut self, class: Class<'_>, text: &str, quoted: bool, line: u32) {
        match class {
            Class::Heading(h) => {
                self.check(h.kind, h.num.value, h.num.style, line);
                let unit = self.open(h.kind);
                unit.title = h.title.to_owned();
                match h.kind {
                    Kind::Part | Kind::Chapter => self.prev.section = None,
                    Kind::Article => {
                        self.prev.clause = None;
                        self.prev.point = None;
                        self.article_src = Some(h.num.value);
                        self.clause_src = None;
                    }
                    _ => {}
                }
            }
            Class::Clause(n, t) if self.in_article() => {
                self.check(Kind::Clause, n, Style::Arabic, line);
                self.prev.point = None;
                self.clause_src = Some(n);
                // A new unit's one paragraph so far: a list of exactly one, where a push would
                // make room for four (most clauses and points have one).
                self.open(Kind::Clause).paragraphs = vec![t.to_owned()];
            }
            Class::Point(letter, idx, t) if self.in_article() => {
                match idx {
                    Some(i) => self.check(Kind::Point, i, Style::Arabic, line),
                    None => self.bad_letter(letter, line),
                }
                self.open(Kind::Point).paragraphs = vec![t.to_owned()];
            }
            Class::SubPoint(t) if self.in_article() => {
                self.open(Kind::SubPoint).paragraphs = vec![t.to_owned()];
            }
            _ => self.text(text, quoted),
        }
    }

    fn text(&mut self, line: &str, quoted: bool) {
        let Some(top) = self.stack.last_mut() else {
            self.stray.push(line.to_owned());
            return;
        };
        // A heading's title may sit on the next line, and may run over several UPPERCASE
        // lines. Render prints it on one line, and a parsed heading's first paragraph is
        // never such a line, so this reads back the same.
        if top.kind.is_heading() && top.paragraphs.is_empty() && !quoted {
            if top.title.is_empty() {
                top.title = line.to_owned();
                return;
            }
            if is_upper(&top.title) && is_upper(line) && !line.contains('"') {
                top.title.push(' ');
                top.title.push_str(line);
                return;
            }
        }
        // Room for the one paragraph most units have, not a push's four.
        top.paragraphs.reserve_exact(1);
        top.paragraphs.push(line.to_owned());
    }

    fn slot(&mut self, kind: Kind) -> &mut Option<u32> {
        match kind {
            Kind::Part => &mut self.prev.part,
            Kind::Chapter => &mut self.prev.chapter,
            Kind::Section => &mut self.prev.section,
            Kind::Article => &mut self.prev.article,
            Kind::Clause => &mut self.prev.clause,
            _ => &mut self.prev.point,
        }
    }

    fn context(&self, kind: Kind) -> String {
        let art = self.article_src.map(|a| format!("Điều {a}"));
        match (kind, art) {
            (Kind::Clause, Some(a)) => format!(" trong {a}"),
            (Kind::Point, Some(a)) => match self.clause_src {
                Some(c) => format!(" trong khoản {c} {a}"),
                None => format!(" trong {a}"),
            },
            _ => String::new(),
        }
    }

    /// Compares a source number with the one expected after the previous source number
    /// (not with the position, so that one gap gives one diagnostic, not a cascade).
    fn check(&mut self, kind: Kind, value: u32, style: Style, line: u32) {
        let slot = self.slot(kind);
        let prev = *slot;
        *slot = Some(value);
        let expected = prev.map_or(1, |p| p.saturating_add(1));
        if value == expected {
            return;
        }
        let (code, what) = if Some(value) == prev {
            ("numbering-duplicate", "lặp lại")
        } else if value > expected {
            ("numbering-gap", "nhảy số")
        } else {
            ("numbering-order", "sai thứ tự")
        };
        let found = capitalise(&display(kind, value, style));
        let message = format!(
            "{found}{} {what}; theo thứ tự phải là {}",
            self.context(kind),
            display(kind, expected, style)
        );
        self.diagnostics.push(Diagnostic { line, code, message });
    }

    fn bad_letter(&mut self, letter: &str, line: u32) {
        let expected = self.prev.point.map_or(1, |p| p.saturating_add(1));
        self.prev.point = Some(expected);
        let message = format!(
            "Điểm {letter}{} không dùng trong cách đánh điểm (a, b, c, d, đ, e, g, …); theo thứ tự phải là {}",
            self.context(Kind::Point),
            display(Kind::Point, expected, Style::Arabic)
        );
        self.diagnostics.push(Diagnostic { line, code: "point-letter", message });
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

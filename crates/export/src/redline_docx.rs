//! The redline as a Word file with real tracked changes (`quyche diff … --format docx`).
//!
//! The page is the approved text's (Decree 30: A4, its margins, Times New Roman, the
//! header block as two columns, centred headings, bold `Điều N.` lines, justified clauses),
//! and every change is one Word revision, so a reader works through it with Word's own
//! *Review* tools:
//!
//! * **Words.** A changed word is `<w:del>old</w:del><w:ins>new</w:ins>`, side by side,
//!   never one inside the other; the spans are `quyche_diff`'s, so the words are the same
//!   as in the HTML and text redlines.
//! * **Paragraphs.** A line that only one side has is a paragraph whose text *and*
//!   paragraph mark are inserted (or deleted), so an added or removed article, clause or
//!   heading comes and goes whole.
//! * **Numbers.** A renumbered article keeps its place: `Điều [5]{6}.`. A reference
//!   renumbered only because its target moved is a deletion and an insertion too: Word has
//!   no other way to say "this number changed", and accepting must give the new words.
//! * **Moves.** An article that changed place (its order among the others, or its
//!   chapter) is deleted where it was and inserted where it is, each with a Word comment
//!   (“Điều 5 chuyển đến Điều 8 (Chương III)”, “Chuyển từ Điều 5 (Chương II)”). Splits and
//!   merges carry `quyche_diff::lineage_note` the same way. Comments are not text: they
//!   change nothing that accepting or rejecting gives.
//!
//! # What it guarantees
//!
//! * **Accept all gives the newer text; reject all gives the older.** Both exactly, line
//!   for line, as the approved export lays them out (the header block's left column, then
//!   its right one, then the rest in order; `DỰ THẢO` marks and `#` notes left out, as in
//!   every export). This holds by construction: the file is cut into pieces (each column
//!   of the header block, the opening, each article with the headings before it, the
//!   closing), and a piece is written from the redline's spans only after checking that
//!   they rebuild both sides' lines of that piece; if they do not, the piece is written as
//!   a whole deletion followed by a whole insertion, which is still exact.
//! * **Determinism.** Revision, comment and paragraph ids are numbered in document order
//!   after the file is built (docx-rs draws them from process-wide counters), so two
//!   exports of the same pair are byte-identical.
//! * **Honesty.** The file says which versions it compares and whether each is a draft, an
//!   approved text or a file ([`Standing`]): in a boxed line at the top of the first page
//!   and a footer on every page (page header and footer, never the body, so the body stays
//!   the two texts and nothing else), and in the document property `quyche-redline`.
//!
//! Each revision carries the author and the date given in [`Comparison`] (the newer
//! revision's); with no date, the `w:date` attribute is left out (it is optional), rather
//! than inventing one.

use std::collections::HashMap;

use docx_rs::{
    AlignmentType, Comment, Delete, Docx, Footer, Header, Insert, LineSpacing, PageNum, Paragraph,
    Run, RunFonts, RunProperty, SpecialIndentType,
};
use quyche_diff::{diff_text, lineage_note, ArticleChange, Op, Options, Redline};
use quyche_model::Document;

use crate::docx::decree30::{
    a4, fonts, look, run, spacing, text_width, top_border, Look, Orientation, BODY_SIZE,
    FIRST_LINE, FONT, MARGIN_LEFT, TEXT_W,
};
use crate::lines::{layout, Layout, Line, Role};
use crate::ExportError;

/// Whether a compared version is a draft, an approved text, or a file from outside the
/// library (whose standing the app cannot know).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Draft,
    Approved,
    File,
}

impl Standing {
    /// `dự thảo`, `đã thông qua`, `tệp ngoài thư viện`.
    pub fn words(self) -> &'static str {
        match self {
            Standing::Draft => "dự thảo",
            Standing::Approved => "đã thông qua",
            Standing::File => "tệp ngoài thư viện",
        }
    }
}

/// One side of a comparison.
#[derive(Clone, Copy, Debug)]
pub struct Version<'a> {
    pub doc: &'a Document,
    /// How the file names it: `phiên bản 3`, or a file name.
    pub name: &'a str,
    pub standing: Standing,
}

impl Version<'_> {
    /// `phiên bản 3 (dự thảo)`.
    pub(crate) fn described(&self) -> String {
        let name = quyche_text::replace_unsafe_chars(self.name).replace(['\n', '\r'], " ");
        format!("{name} ({})", self.standing.words())
    }
}

/// What a redline DOCX compares, and whose changes they are.
#[derive(Clone, Copy, Debug)]
pub struct Comparison<'a> {
    pub old: Version<'a>,
    pub new: Version<'a>,
    /// The author of every revision mark: the newer revision's author.
    pub author: &'a str,
    /// The date of every revision mark, ISO 8601 (`2026-11-28T09:30:00Z`): the newer
    /// revision's. `None` leaves the optional `w:date` out.
    pub date: Option<&'a str>,
}

/// The page header's box and the first words of the footer.
pub const REDLINE_MARK: &str = "BẢN SO SÁNH THAY ĐỔI";

/// The redline of `comparison.old` → `comparison.new` as a DOCX with tracked changes.
/// `redline` is `quyche_diff::redline` of the two documents (by id for two revisions of one
/// regulation, by content for two files); its spans decide the words marked.
pub fn redline_docx(
    redline: &Redline,
    comparison: &Comparison<'_>,
) -> Result<Vec<u8>, ExportError> {
    let (old, new) = (layout(comparison.old.doc), layout(comparison.new.doc));
    let marks = Marks {
        author: quyche_text::replace_unsafe_chars(comparison.author).replace(['\n', '\r'], " "),
        date: comparison.date.map(str::to_owned),
    };
    let statement = format!(
        "{} ghi bằng Theo dõi thay đổi (Track Changes)",
        compared(comparison, &marks.author)
    );
    // The counters docx-rs draws paragraph ids from are reset only by `Docx::new`: the
    // document comes first, then its paragraphs.
    let mut docx = a4(Orientation::Portrait, MARGIN_LEFT, BODY_SIZE);
    let pages = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .size(BODY_SIZE)
            .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT)),
    );
    let footer = || {
        let mut p = Paragraph::new()
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().before(0).after(0))
            .add_run(run(&statement, look(20, false, true)));
        p.property = p.property.set_borders(top_border(4, 4));
        Footer::new().add_paragraph(p)
    };
    docx = docx
        .header(pages)
        .first_header(Header::new().add_paragraph(banner(REDLINE_MARK)))
        .title_pg()
        .footer(footer())
        .first_footer(footer())
        // One property: docx-rs keeps them in a hash map, and two would come out in either
        // order.
        .custom_property(
            "quyche-redline",
            format!("{} → {}", comparison.old.described(), comparison.new.described()),
        );

    let mut w = Writer { marks: &marks, comments: 0 };
    let header = w.header_table(&old, &new);
    if let Some(t) = header {
        docx = docx.add_table(t);
    }
    for p in body_paras(redline, &old, &new) {
        docx = docx.add_paragraph(w.paragraph(p));
    }
    let comments = w.comments;
    pack_numbered(docx, comments, &marks)
}

/// `BẢN SO SÁNH THAY ĐỔI · văn bản cũ: phiên bản 2 (dự thảo) → văn bản mới: phiên bản 3
/// (đã thông qua) · thay đổi do AUTHOR`: which versions, their standing, whose changes. The
/// one wording of the DOCX and the PDF redline, each adding how it marks them.
pub(crate) fn compared(comparison: &Comparison<'_>, author: &str) -> String {
    format!(
        "{REDLINE_MARK} · văn bản cũ: {} → văn bản mới: {} · thay đổi do {author}",
        comparison.old.described(),
        comparison.new.described(),
    )
}

/// The author and date every revision mark and comment carries.
struct Marks {
    author: String,
    date: Option<String>,
}

/// What docx-rs writes when no date is given; removed from the file after building.
const NO_DATE: &str = "1970-01-01T00:00:00Z";

impl Marks {
    fn date(&self) -> &str {
        self.date.as_deref().unwrap_or(NO_DATE)
    }
    fn insert(&self, run: Run) -> Insert {
        Insert::new(run).author(&self.author).date(self.date())
    }
    fn delete(&self, run: Run) -> Delete {
        Delete::new().add_run(run).author(&self.author).date(self.date())
    }
}

/// One paragraph of the redline before it is laid out: runs with their op, and what
/// happened to its paragraph mark (an inserted mark: the paragraph is not in the older
/// text; a deleted one: not in the newer).
pub(crate) struct Para {
    pub(crate) role: Role,
    pub(crate) runs: Vec<(Op, String)>,
    pub(crate) mark: Op,
    pub(crate) note: Option<String>,
}

/// Each line with a `\n`, as the spans of a piece rebuild it.
fn joined(lines: &[&Line]) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(&l.text);
        s.push('\n');
    }
    s
}

/// Whether `spans` rebuild `old` (equal and deleted text) and `new` (equal and inserted).
fn rebuilds(spans: &[(Op, String)], old: &str, new: &str) -> bool {
    let side = |skip: Op| -> String {
        spans.iter().filter(|(op, _)| *op != skip).map(|(_, t)| t.as_str()).collect()
    };
    side(Op::Insert) == old && side(Op::Delete) == new
}

/// The paragraphs of one piece: `old` and `new` are its lines on each side, `spans` the
/// marked words. Spans that would not rebuild both sides are replaced by the whole old
/// piece deleted, then the whole new one inserted.
fn piece(old: &[&Line], new: &[&Line], mut spans: Vec<(Op, String)>) -> Vec<Para> {
    let (old_text, new_text) = (joined(old), joined(new));
    if !rebuilds(&spans, &old_text, &new_text) {
        spans = vec![(Op::Delete, old_text), (Op::Insert, new_text)];
        spans.retain(|(_, t)| !t.is_empty());
    }
    let (mut oi, mut ni) = (0usize, 0usize);
    let mut out = Vec::new();
    let mut runs: Vec<(Op, String)> = Vec::new();
    let mut in_new = false;
    for (op, text) in &spans {
        for bit in text.split_inclusive('\n') {
            let (body, end) = match bit.strip_suffix('\n') {
                Some(b) => (b, true),
                None => (bit, false),
            };
            if !body.is_empty() {
                match runs.last_mut() {
                    Some((o, t)) if o == op => t.push_str(body),
                    _ => runs.push((*op, body.to_owned())),
                }
                in_new |= *op != Op::Delete;
            }
            if end {
                // The paragraph looks like the line it is in the newer text, if it is there.
                let line = if in_new || *op != Op::Delete {
                    new.get(ni).or(old.get(oi))
                } else {
                    old.get(oi).or(new.get(ni))
                };
                let role = line.map_or(Role::Body, |l| l.role);
                out.push(Para { role, runs: std::mem::take(&mut runs), mark: *op, note: None });
                match op {
                    Op::Equal => (oi, ni) = (oi + 1, ni + 1),
                    Op::Insert => ni += 1,
                    Op::Delete => oi += 1,
                }
                in_new = false;
            }
        }
    }
    out
}

fn word_diff(old: &str, new: &str) -> Vec<(Op, String)> {
    if old == new {
        return if old.is_empty() { Vec::new() } else { vec![(Op::Equal, old.to_owned())] };
    }
    diff_text(old, new, &Options::default()).spans.into_iter().map(|s| (s.op, s.text)).collect()
}

/// A side's text below the header block, cut where the redline's pieces are.
struct Pieces<'l> {
    /// Before the first heading or article: document type, title, preamble.
    opening: Vec<&'l Line>,
    /// Each article: the headings just before it, then its own lines.
    articles: Vec<(Vec<&'l Line>, Vec<&'l Line>)>,
    /// The article's unit id → its index in `articles`.
    by_id: HashMap<u32, usize>,
    /// After the last article: headings of empty chapters, the closing.
    closing: Vec<&'l Line>,
}

fn is_heading(r: Role) -> bool {
    matches!(
        r,
        Role::PartLabel | Role::PartTitle | Role::ChapterLabel | Role::ChapterTitle | Role::Section
    )
}

fn is_closing(r: Role) -> bool {
    r == Role::ClosingText || r.in_closing_table()
}

fn pieces(l: &Layout) -> Pieces<'_> {
    let lines: Vec<&Line> = l.below_header().into_iter().map(|(_, l)| l).collect();
    let mut p = Pieces {
        opening: Vec::new(),
        articles: Vec::new(),
        by_id: HashMap::new(),
        closing: Vec::new(),
    };
    let mut pending: Vec<&Line> = Vec::new();
    let mut in_article = false;
    for line in lines {
        let role = line.role;
        if role == Role::Article && line.unit.is_some() {
            if let Some(m) = line.unit {
                p.by_id.insert(m.id.0, p.articles.len());
            }
            p.articles.push((std::mem::take(&mut pending), vec![line]));
            in_article = true;
        } else if is_heading(role) || (is_closing(role) && !p.articles.is_empty()) {
            in_article = false;
            pending.push(line);
        } else if in_article {
            if let Some(a) = p.articles.last_mut() {
                a.1.push(line);
            }
        } else if p.articles.is_empty() && pending.is_empty() {
            p.opening.push(line);
        } else {
            pending.push(line);
        }
    }
    p.closing = pending;
    p
}

/// The header block's two columns, each diffed on its own, so accepting or rejecting
/// gives each column's lines as the approved export lays them out; `None` when neither
/// side has a header block.
pub(crate) fn header_paras(old: &Layout, new: &Layout) -> Option<[Vec<Para>; 2]> {
    let (o, n) = (old.header_columns(), new.header_columns());
    if o.iter().chain(n.iter()).all(|c| c.is_empty()) {
        return None;
    }
    let column = |k: usize| {
        let ol: Vec<&Line> = o[k].iter().map(|(_, l)| *l).collect();
        let nl: Vec<&Line> = n[k].iter().map(|(_, l)| *l).collect();
        piece(&ol, &nl, word_diff(&joined(&ol), &joined(&nl)))
    };
    Some([column(0), column(1)])
}

pub(crate) fn body_paras(r: &Redline, old: &Layout, new: &Layout) -> Vec<Para> {
    let (po, pn) = (pieces(old), pieces(new));
    let mut out: Vec<Para> = Vec::new();
    out.extend(piece(
        &po.opening,
        &pn.opening,
        word_diff(&joined(&po.opening), &joined(&pn.opening)),
    ));

    // Which change each article of each side belongs to.
    let mut change_of_old: HashMap<usize, &ArticleChange> = HashMap::new();
    let mut change_of_new: HashMap<usize, &ArticleChange> = HashMap::new();
    for a in &r.articles {
        if let Some(i) = a.old_id.and_then(|id| po.by_id.get(&id)) {
            change_of_old.insert(*i, a);
        }
        if let Some(j) = a.new_id.and_then(|id| pn.by_id.get(&id)) {
            change_of_new.insert(*j, a);
        }
    }
    // Articles kept in place pair their two sides; an anchor must come after the one
    // before it on both sides, or it is written as a move.
    let mut anchor_of_new: Vec<Option<usize>> = vec![None; pn.articles.len()];
    let mut last_old: Option<usize> = None;
    for (j, slot) in anchor_of_new.iter_mut().enumerate() {
        let Some(a) = change_of_new.get(&j) else { continue };
        if a.moved {
            continue;
        }
        let Some(&i) = a.old_id.and_then(|id| po.by_id.get(&id)) else { continue };
        if last_old.is_none_or(|l| i > l) {
            *slot = Some(i);
            last_old = Some(i);
        }
    }
    let mut next_anchor_old = vec![po.articles.len(); pn.articles.len() + 1];
    for j in (0..pn.articles.len()).rev() {
        next_anchor_old[j] = anchor_of_new[j].unwrap_or(next_anchor_old[j + 1]);
    }

    let mut oi = 0;
    for j in 0..pn.articles.len() {
        let upto = anchor_of_new[j].unwrap_or(next_anchor_old[j]);
        // Deletions of a gap before its insertions, as Word shows a replaced passage.
        while oi < upto {
            out.extend(removed(&po, oi, change_of_old.get(&oi).copied()));
            oi += 1;
        }
        match anchor_of_new[j] {
            Some(i) => {
                out.extend(kept(&po.articles[i], &pn.articles[j], change_of_new.get(&j).copied()));
                oi = i + 1;
            }
            None => out.extend(added(&pn, j, change_of_new.get(&j).copied())),
        }
    }
    while oi < po.articles.len() {
        out.extend(removed(&po, oi, change_of_old.get(&oi).copied()));
        oi += 1;
    }
    out.extend(piece(
        &po.closing,
        &pn.closing,
        word_diff(&joined(&po.closing), &joined(&pn.closing)),
    ));
    out
}

/// An old article that is not in its place in the newer text: deleted whole, with a
/// note where it went, if anywhere.
fn removed(side: &Pieces<'_>, i: usize, change: Option<&ArticleChange>) -> Vec<Para> {
    let (heads, own) = &side.articles[i];
    let mut paras = piece(heads, &[], vec![(Op::Delete, joined(heads))]);
    let mut body = piece(own, &[], vec![(Op::Delete, joined(own))]);
    let matched = |a: &ArticleChange| a.old_id.is_some() && a.new_id.is_some();
    let note = change.and_then(|a| match &a.new {
        Some(to) if matched(a) => {
            Some(moved_note("chuyển đến", a.old.as_deref(), to, a.new_chapter.as_deref()))
        }
        _ => lineage_note(a),
    });
    if let Some(first) = body.first_mut() {
        first.note = note;
    }
    paras.append(&mut body);
    paras
}

/// A new article that was not in this place in the older text: inserted whole.
fn added(side: &Pieces<'_>, j: usize, change: Option<&ArticleChange>) -> Vec<Para> {
    let (heads, own) = &side.articles[j];
    let mut paras = piece(&[], heads, vec![(Op::Insert, joined(heads))]);
    let mut body = piece(&[], own, vec![(Op::Insert, joined(own))]);
    let note = change.and_then(|a| match (&a.old, a.old_id.is_some() && a.new_id.is_some()) {
        (Some(from), true) => {
            Some(moved_note("chuyển từ", a.new.as_deref(), from, a.old_chapter.as_deref()))
        }
        _ => lineage_note(a),
    });
    if let Some(first) = body.first_mut() {
        first.note = note;
    }
    paras.append(&mut body);
    paras
}

/// An article in its place on both sides: the headings before it diffed, its label
/// (a renumbering) diffed, then the redline's own spans.
fn kept(
    (oh, ol): &(Vec<&Line>, Vec<&Line>),
    (nh, nl): &(Vec<&Line>, Vec<&Line>),
    change: Option<&ArticleChange>,
) -> Vec<Para> {
    let mut paras = piece(oh, nh, word_diff(&joined(oh), &joined(nh)));
    let label = |ls: &[&Line]| -> String {
        let first = ls.first().map(|l| l.text.as_str()).unwrap_or("");
        let n = ls.first().and_then(|l| l.unit).map_or(0, |m| m.label);
        first.get(..n).unwrap_or("").to_owned()
    };
    let mut spans = word_diff(&label(ol), &label(nl));
    if let Some(a) = change {
        spans.extend(a.ops.iter().map(|s| (s.op, s.text.clone())));
    }
    let ends = |skip: Op| {
        spans
            .iter()
            .rev()
            .find(|(op, t)| *op != skip && !t.is_empty())
            .is_some_and(|(_, t)| t.ends_with('\n'))
    };
    if !ends(Op::Insert) && !ends(Op::Delete) {
        spans.push((Op::Equal, "\n".into()));
    }
    let mut body = piece(ol, nl, spans);
    if let (Some(first), Some(a)) = (body.first_mut(), change) {
        first.note = lineage_note(a);
    }
    paras.append(&mut body);
    paras
}

struct Writer<'m> {
    marks: &'m Marks,
    comments: usize,
}

impl Writer<'_> {
    /// The header block as a two-column table, each column's paragraphs from
    /// [`header_paras`].
    fn header_table(&mut self, old: &Layout, new: &Layout) -> Option<docx_rs::Table> {
        const LEFT_W: i32 = 3950;
        let [left, right] = header_paras(old, new)?;
        let left = left.into_iter().map(|p| self.paragraph(p)).collect::<Vec<_>>();
        let right = right.into_iter().map(|p| self.paragraph(p)).collect::<Vec<_>>();
        let row = docx_rs::TableRow::new(vec![
            crate::docx::decree30::cell(LEFT_W, left),
            crate::docx::decree30::cell(TEXT_W - LEFT_W, right),
        ])
        .cant_split();
        Some(crate::docx::decree30::frame(vec![row], &[LEFT_W, TEXT_W - LEFT_W], 57))
    }

    fn paragraph(&mut self, p: Para) -> Paragraph {
        let (mut out, lk) = shell(p.role);
        let comment = p.note.map(|note| {
            let id = self.comments;
            self.comments += 1;
            let c = Comment::new(id)
                .author(&self.marks.author)
                .date(self.marks.date())
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text(note)));
            (id, c)
        });
        let id = comment.as_ref().map(|(id, _)| *id);
        if let Some((_, c)) = comment {
            out = out.add_comment_start(c);
        }
        for (op, text) in p.runs {
            out = match op {
                Op::Equal => out.add_run(run(&text, lk)),
                Op::Insert => out.add_insert(self.marks.insert(run(&text, lk))),
                Op::Delete => out.add_delete(self.marks.delete(deleted_run(&text, lk))),
            };
        }
        if let Some(id) = id {
            out = out.add_comment_end(id);
        }
        match p.mark {
            Op::Equal => out,
            Op::Insert => out.run_property(RunProperty::new().insert(
                Insert::new_with_empty().author(&self.marks.author).date(self.marks.date()),
            )),
            Op::Delete => out.run_property(
                RunProperty::new()
                    .delete(Delete::new().author(&self.marks.author).date(self.marks.date())),
            ),
        }
    }
}

/// `Điều 5 chuyển đến Điều 8 (Chương III)`.
fn moved_note(verb: &str, this: Option<&str>, other: &str, chapter: Option<&str>) -> String {
    let mut s = match this {
        Some(t) => format!("{t} {verb} {other}"),
        None => format!("{verb} {other}"),
    };
    if let Some(c) = chapter {
        s.push_str(&format!(" ({c})"));
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// A run of deleted text: Word keeps deleted words in `w:delText`, not `w:t`.
fn deleted_run(text: &str, lk: Look) -> Run {
    let mut r = Run::new();
    r.run_property = run("", lk).run_property;
    r.add_delete_text(quyche_text::replace_unsafe_chars(text))
}

/// A line's paragraph without its words, and the look of its words: the approved export's
/// layout of each role (`docx/write.rs`), but for the two tables, whose lines the redline
/// sets as paragraphs (the header block stays a table; the closing block's signature
/// stands in the right half).
fn shell(role: Role) -> (Paragraph, Look) {
    let centred = |before: u32, after: u32| {
        Paragraph::new().align(AlignmentType::Center).line_spacing(spacing(before, after))
    };
    let justified = |before: u32| {
        Paragraph::new()
            .align(AlignmentType::Both)
            .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
            .line_spacing(spacing(before, 0))
    };
    let caps = |size, bold| Look { size, bold, italic: false, caps: true };
    match role {
        Role::IssuerParent => (centred(0, 0), caps(24, false)),
        Role::IssuerOwn => (centred(0, 0), caps(24, true)),
        Role::Number => (centred(120, 0), look(26, false, false)),
        Role::National => (centred(0, 0), look(24, true, false)),
        Role::Motto => (centred(0, 0), look(26, true, false)),
        Role::PlaceDate => (centred(160, 0), look(28, false, true)),
        Role::DocType => (centred(360, 0).keep_next(true), look(28, true, false)),
        Role::Title => (centred(0, 0).keep_next(true), look(28, true, false)),
        Role::TitleNote => (centred(0, 0).keep_next(true), look(28, false, true)),
        Role::Preamble => (justified(120), look(28, false, true)),
        Role::PartLabel | Role::ChapterLabel => {
            (centred(240, 0).keep_next(true), look(28, true, false))
        }
        Role::PartTitle | Role::ChapterTitle => (centred(0, 60).keep_next(true), caps(28, true)),
        Role::Section => (centred(240, 60).keep_next(true), look(28, true, false)),
        Role::Article => (justified(180).keep_next(true), look(28, true, false)),
        Role::SignTitle | Role::SignName => {
            let before = if role == Role::SignName { 1200 } else { 240 };
            let p = Paragraph::new()
                .align(AlignmentType::Center)
                .indent(Some(TEXT_W / 2), None, None, None)
                .line_spacing(LineSpacing::new().before(before).after(0));
            (p, Look { size: 28, bold: true, italic: false, caps: role == Role::SignTitle })
        }
        Role::RecipientsHead => (
            Paragraph::new()
                .align(AlignmentType::Left)
                .line_spacing(LineSpacing::new().before(240).after(0)),
            look(24, true, true),
        ),
        Role::Recipient => (
            Paragraph::new()
                .align(AlignmentType::Left)
                .line_spacing(LineSpacing::new().before(0).after(0)),
            look(22, false, false),
        ),
        _ => (justified(120), look(BODY_SIZE, false, false)),
    }
}

/// The boxed mark at the top of the first page.
fn banner(text: &str) -> Paragraph {
    use docx_rs::{BorderType, ParagraphBorder, ParagraphBorderPosition as Side};
    let width = (text_width(text, 26) + 400).min(TEXT_W);
    let side = (TEXT_W - width) / 2;
    let mut borders = docx_rs::ParagraphBorders::with_empty();
    for s in [Side::Top, Side::Left, Side::Bottom, Side::Right] {
        borders = borders
            .set(ParagraphBorder::new(s).val(BorderType::Single).size(6).space(2).color("000000"));
    }
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(LineSpacing::new().before(0).after(0))
        .add_run(Run::new().add_text(text).size(26).bold().fonts(fonts()));
    p.property = p.property.set_borders(borders);
    p
}

/// Builds the file, then numbers its ids in document order: revision marks after the
/// comments (ids of annotations share one space), paragraph ids from 1. docx-rs takes both
/// from process-wide counters, which would make two exports of one pair differ.
fn pack_numbered(docx: Docx, comments: usize, marks: &Marks) -> Result<Vec<u8>, ExportError> {
    let mut xml = docx.build();
    let mut next_change = comments;
    let mut para_ids: HashMap<String, String> = HashMap::new();
    let parts: Vec<&mut Vec<u8>> = std::iter::once(&mut xml.document)
        .chain(std::iter::once(&mut xml.comments))
        .chain(std::iter::once(&mut xml.comments_extended))
        .chain(xml.headers.iter_mut())
        .chain(xml.footers.iter_mut())
        .collect();
    for part in parts {
        let mut s = String::from_utf8(std::mem::take(part))
            .map_err(|e| ExportError::Docx(e.to_string()))?;
        // One pass over both, so the ids follow the document.
        s = s
            .replace("<w:del w:id=\"", "<w:del w:xid=\"")
            .replace("<w:ins w:id=\"", "<w:ins w:xid=\"");
        s = renumber(&s, " w:xid=\"", |_| {
            next_change += 1;
            next_change.to_string()
        });
        s = s.replace(" w:xid=\"", " w:id=\"");
        s = renumber(&s, "w14:paraId=\"", |old| {
            let n = para_ids.len() + 1;
            para_ids.entry(old.to_owned()).or_insert_with(|| format!("{n:08X}")).clone()
        });
        if marks.date.is_none() {
            s = s.replace(&format!(" w:date=\"{NO_DATE}\""), "");
        }
        *part = s.into_bytes();
    }
    crate::docx::decree30::pack_xml(xml)
}

/// `s` with the value after each `tag` (up to the closing quote) replaced by `with(value)`.
fn renumber(s: &str, tag: &str, mut with: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find(tag) {
        let start = at + tag.len();
        let Some(len) = rest[start..].find('"') else { break };
        out.push_str(&rest[..start]);
        out.push_str(&with(&rest[start..start + len]));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

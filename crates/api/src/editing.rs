//! The structured article editor's back end: an article as clauses, points and paragraphs
//! of *runs* (text, or a reference to units by stable id), and its save.
//!
//! Paragraphs are stored as text (`Unit::paragraphs`); runs are derived on read with
//! [`quyche_text::find_references`], so the editor can show each internal reference as a
//! link and keep it pointing at its units while the user types. On save every reference
//! run is written again from its *target ids* and the new numbering: the written form's
//! words stay (“… của Quy chế này”), only the numbers follow the targets. Numbers of
//! clauses and points are never typed: the editor shows them from position, and the point
//! letters it shows come from here ([`quyche_model::point_letter`], their one home).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use quyche_model::{point_letter, Document, Kind, Numbering, Unit, UnitId};
use quyche_text::references::{render_field, Field, Reference};
use quyche_text::{find_references, BROKEN_REFERENCE};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Actor, ApiError, Quyche, Result, RevisionInfo};

/// How many point letters the editor gets: more than any real clause holds.
const POINT_LETTERS: u32 = 46;

/// A piece of a paragraph: plain text, or an internal reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Run {
    Text {
        text: String,
    },
    /// A reference to units of the same regulation (“khoản 2 Điều 7 của Luật này”).
    Reference {
        /// As written in the text.
        written: String,
        /// The units it names, by stable id; empty when it names none (broken).
        targets: Vec<u32>,
        /// As rendered from the current numbering (what the editor shows).
        label: String,
        /// Names a unit the regulation does not have (or no longer has).
        broken: bool,
    },
}

/// One article for the structured editor.
#[derive(Debug, Clone, Serialize, Type)]
pub struct EditableArticle {
    /// The revision the edit is based on (send it back as `base_revision`).
    pub revision: u32,
    pub id: u32,
    /// `Điều 5`.
    pub label: String,
    pub title: String,
    /// The lead paragraphs, before the first clause.
    pub paragraphs: Vec<Vec<Run>>,
    pub clauses: Vec<EditableClause>,
    /// The point letters in order (a b c d đ e g …): the editor shows the n-th point's
    /// letter from this list, never from a table of its own.
    pub point_letters: Vec<String>,
    /// Set when the structured editor cannot hold this article (points directly under
    /// the article, or sub-points): it is then edited as text and saved with
    /// [`Quyche::save_article`]; `paragraphs` and `clauses` are empty. The back end
    /// decides the form, the UI follows this field.
    pub plain: Option<PlainArticle>,
}

/// An article edited as text: the title on the first line, then clauses “1.”, points
/// “a)”, sub-points “- ” — the text [`Quyche::save_article`] takes.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PlainArticle {
    pub text: String,
    /// Why it is edited as text, shown above the text box.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct EditableClause {
    pub id: u32,
    pub paragraphs: Vec<Vec<Run>>,
    pub points: Vec<EditablePoint>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct EditablePoint {
    pub id: u32,
    pub paragraphs: Vec<Vec<Run>>,
}

/// The article as the editor sends it back. Units with an id keep it; new ones
/// (`id: null`) get fresh ids. A `Reference` run's `label` and `broken` are ignored: it
/// is written from its `targets`.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct EditedArticle {
    pub id: u32,
    pub title: String,
    pub paragraphs: Vec<Vec<Run>>,
    pub clauses: Vec<EditedClause>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct EditedClause {
    pub id: Option<u32>,
    pub paragraphs: Vec<Vec<Run>>,
    pub points: Vec<EditedPoint>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct EditedPoint {
    pub id: Option<u32>,
    pub paragraphs: Vec<Vec<Run>>,
}

/// A text pasted into the structured editor, read as an article's text is read
/// ([`quyche_text::parse_article_body`], the rule the text form's save uses): a Word list's
/// “1.<tab>”, “a)<tab>” become clauses and points, their numbers dropped (the editor draws
/// them from position). New units have no id; paragraphs are text runs (the editor offers
/// the links afterwards, as for any paste).
#[derive(Debug, Clone, Serialize, Type)]
pub struct PastedText {
    /// The title of an article heading on the first line (“Điều 5.<tab>Phạm vi” →
    /// “Phạm vi”); `None` when the text starts otherwise.
    pub title: Option<String>,
    /// Paragraphs before the first clause or point.
    pub paragraphs: Vec<Vec<Run>>,
    /// Points before the first clause (they belong to the clause the text is pasted into).
    pub points: Vec<EditedPoint>,
    pub clauses: Vec<EditedClause>,
}

/// An article saved from the editor.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ArticleSaved {
    pub revision: RevisionInfo,
    /// References that named a unit the regulation no longer has: each now reads
    /// “[tham chiếu không còn]”.
    pub broken: Vec<BrokenReference>,
}

/// A reference the save could not keep: where it stands and how it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BrokenReference {
    /// `khoản 2 Điều 5`.
    pub place: String,
    pub written: String,
}

/// A unit a reference can name, for the editor's picker.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ReferenceTarget {
    pub id: u32,
    pub kind: Kind,
    /// `điểm a khoản 2 Điều 7`, `Chương II`.
    pub label: String,
    /// The start of its title or text.
    pub excerpt: String,
}

impl Quyche {
    /// One article of the head revision as clauses, points and paragraphs of runs.
    pub fn article_for_editing(
        &self,
        regulation: &str,
        article_id: u32,
    ) -> Result<EditableArticle> {
        let head = self.archive.load(regulation, None)?;
        let doc = &head.document;
        let id = UnitId(article_id);
        let article = match doc.find(id) {
            Some(u) if u.kind == Kind::Article => u,
            _ => return Err(ApiError::not_found("Không tìm thấy điều cần sửa.")),
        };
        let numbering = doc.numbering();
        let label = numbering.label(id).map(|l| l.marker().to_string()).unwrap_or_default();
        let refs = find_references(doc);
        let mut by_field: HashMap<(UnitId, Field), Vec<&Reference>> = HashMap::new();
        for r in &refs.internal {
            by_field.entry((r.unit, r.field)).or_default().push(r);
        }
        let runs_of = |u: &Unit| -> Vec<Vec<Run>> {
            (0..u.paragraphs.len())
                .map(|i| {
                    let rs = by_field.get(&(u.id, Field::Paragraph(i))).map_or(&[][..], |v| v);
                    paragraph_runs(&u.paragraphs[i], rs, &numbering)
                })
                .collect()
        };
        let structured = article.children.iter().all(|c| {
            c.kind == Kind::Clause
                && c.children.iter().all(|p| p.kind == Kind::Point && p.children.is_empty())
        });
        if !structured {
            return Ok(EditableArticle {
                revision: head.record.number,
                id: article_id,
                label,
                title: article.title.clone(),
                paragraphs: Vec::new(),
                clauses: Vec::new(),
                point_letters: (1..=POINT_LETTERS).map(point_letter).collect(),
                plain: Some(PlainArticle {
                    // The same text the article view offers (`UnitView::edit_text`).
                    text: quyche_text::render_article_body(article)
                        .trim_end_matches('\n')
                        .to_owned(),
                    reason: NOT_STRUCTURED.to_owned(),
                }),
            });
        }
        let mut clauses = Vec::new();
        for c in &article.children {
            let mut points = Vec::new();
            for p in &c.children {
                points.push(EditablePoint { id: p.id.0, paragraphs: runs_of(p) });
            }
            clauses.push(EditableClause { id: c.id.0, paragraphs: runs_of(c), points });
        }
        Ok(EditableArticle {
            revision: head.record.number,
            id: article_id,
            label,
            title: article.title.clone(),
            paragraphs: runs_of(article),
            clauses,
            point_letters: (1..=POINT_LETTERS).map(point_letter).collect(),
            plain: None,
        })
    }

    /// Saves an article sent back by the structured editor as one revision, with the same
    /// workflow and conflict rules as [`Quyche::save_article`]. Every reference run is
    /// written from its targets and the new numbering; a target that no longer exists
    /// writes “[tham chiếu không còn]” and is listed. References elsewhere in the
    /// regulation to this article's clauses and points follow their renumbering too.
    pub fn save_article_runs(
        &self,
        regulation: &str,
        base_revision: u32,
        article: EditedArticle,
        actor: Actor<'_>,
    ) -> Result<ArticleSaved> {
        let (edit, head) =
            self.begin_edit(regulation, Some((base_revision, crate::drafting::UNSAVED)), actor)?;
        let (doc, broken, label) = edit_document(&head.document, &article)?;
        let record = self.finish_edit(regulation, &edit, &doc, &format!("Sửa {label}"))?;
        Ok(ArticleSaved { revision: (&record).into(), broken })
    }

    /// Every unit a reference can name (chapters, sections, articles, clauses, points), in
    /// document order, for the editor's picker.
    pub fn reference_targets(&self, regulation: &str) -> Result<Vec<ReferenceTarget>> {
        let doc = self.archive.load(regulation, None)?.document;
        let numbering = doc.numbering();
        let mut out = Vec::new();
        for u in doc.walk() {
            if matches!(u.kind, Kind::SubPoint | Kind::Part) {
                continue;
            }
            let Some(label) = target_label(u.id, &numbering) else { continue };
            let text = if u.title.is_empty() {
                u.paragraphs.first().map_or("", String::as_str)
            } else {
                u.title.as_str()
            };
            out.push(ReferenceTarget { id: u.id.0, kind: u.kind, label, excerpt: excerpt(text) });
        }
        Ok(out)
    }

    /// A pasted text as runs: every reference it makes to a unit of the regulation's head
    /// revision becomes a `Reference` run (so the editor can offer to link them); a
    /// relative one (“Điều này”) and one naming no unit stay text, as does anything that
    /// names another text. Lines are joined by a text run holding `\n`.
    pub fn links_in(&self, regulation: &str, text: &str) -> Result<Vec<Run>> {
        let mut doc = self.archive.load(regulation, None)?.document;
        let text = quyche_text::nfc(text);
        crate::safe_field("đoạn dán", &text)?;
        let lines: Vec<&str> = text.split('\n').collect();
        // The text stands in a scratch article at the end, so an unqualified “khoản 2”
        // names nothing real: only references that name the regulation's units link.
        let scratch = doc.alloc_id();
        let mut unit = Unit::new(scratch, Kind::Article);
        unit.paragraphs = lines.iter().map(|l| (*l).to_owned()).collect();
        doc.body.push(unit);
        let numbering = doc.numbering();
        let refs = find_references(&doc);
        let mut out: Vec<Run> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                push_text(&mut out, "\n");
            }
            let rs: Vec<&Reference> = refs
                .internal
                .iter()
                .filter(|r| r.unit == scratch && r.field == Field::Paragraph(i))
                .filter(|r| r.is_linked() && !r.targets.contains(&scratch) && !r.relative)
                .collect();
            for run in paragraph_runs(line, &rs, &numbering) {
                match run {
                    Run::Text { text } => push_text(&mut out, &text),
                    r => out.push(r),
                }
            }
        }
        Ok(out)
    }

    /// A pasted text read as [`PastedText`]: lines as the text form reads them, so a list
    /// pasted from Word is clauses and points. A heading other than the first line's
    /// article heading, or a sub-point (the structured editor holds none), is refused
    /// naming the line of the pasted text.
    pub fn pasted_text(&self, text: &str) -> Result<PastedText> {
        let text = quyche_text::nfc(text);
        crate::safe_field("đoạn dán", &text)?;
        let blank = Unit::new(UnitId(0), Kind::Article);
        let scratch = &mut Document::default();
        // An empty first line: the pasted text is all body (the title line is the editor's).
        let (title, article) =
            match quyche_text::parse_article_body(&format!("\n{text}"), &blank, scratch) {
                Ok(a) => (None, a),
                Err(quyche_text::InputError::HeadingInArticle { line: 2, .. })
                    if starts_article(&text) =>
                {
                    // “Điều 5. Phạm vi” and its text: the whole article, read as an import reads it.
                    let parsed = quyche_text::parse(&text);
                    match parsed.document.body.as_slice() {
                        [a] if a.kind == Kind::Article => (Some(a.title.clone()), a.clone()),
                        _ => return Err(pasted_refused(&text)),
                    }
                }
                Err(quyche_text::InputError::HeadingInArticle { line, heading }) => {
                    return Err(ApiError::bad_input(format!(
                        "Đoạn dán, dòng {}: một điều không thể chứa tiêu đề “{heading}”.",
                        line - 1
                    )))
                }
                Err(quyche_text::InputError::EmptyArticle) => {
                    return Ok(PastedText {
                        title: None,
                        paragraphs: Vec::new(),
                        points: Vec::new(),
                        clauses: Vec::new(),
                    })
                }
                Err(e) => return Err(ApiError::bad_input(format!("Đoạn dán: {e}"))),
            };
        let runs = |u: &Unit| -> Vec<Vec<Run>> {
            u.paragraphs.iter().map(|p| vec![Run::Text { text: p.clone() }]).collect()
        };
        let point = |p: &Unit| -> Result<EditedPoint> {
            match p.children.first() {
                _ if p.kind == Kind::SubPoint => Err(sub_point_refused(p)),
                Some(sub) => Err(sub_point_refused(sub)),
                None => Ok(EditedPoint { id: None, paragraphs: runs(p) }),
            }
        };
        let mut out = PastedText {
            title,
            paragraphs: runs(&article),
            points: Vec::new(),
            clauses: Vec::new(),
        };
        for u in &article.children {
            match u.kind {
                Kind::Clause => out.clauses.push(EditedClause {
                    id: None,
                    paragraphs: runs(u),
                    points: u.children.iter().map(point).collect::<Result<_>>()?,
                }),
                Kind::Point | Kind::SubPoint if out.clauses.is_empty() => {
                    out.points.push(point(u)?)
                }
                _ => return Err(pasted_refused(&text)),
            }
        }
        Ok(out)
    }
}

/// Whether the first line of a pasted text opens with the article keyword.
fn starts_article(text: &str) -> bool {
    let first = text.trim_start().split('\n').next().unwrap_or("");
    first.starts_with("Điều ") || first.starts_with("ĐIỀU ")
}

/// The structured editor holds no tiết: a pasted “- …” line is refused, quoted.
fn sub_point_refused(sub: &Unit) -> ApiError {
    let quote = excerpt(sub.paragraphs.first().map_or("", String::as_str));
    ApiError::bad_input(format!(
        "Đoạn dán có tiết “- {quote}”: khung soạn thảo không chứa được tiết; hãy bỏ dấu gạch \
         đầu dòng, hoặc sửa điều này dưới dạng văn bản."
    ))
}

fn pasted_refused(text: &str) -> ApiError {
    let first = excerpt(text.trim_start().split('\n').next().unwrap_or(""));
    ApiError::bad_input(format!(
        "Đoạn dán “{first}” có nhiều hơn một điều hoặc có chương, mục: hãy dán từng điều một."
    ))
}

/// Why an article is edited as text rather than in the structured editor.
const NOT_STRUCTURED: &str =
    "Điều này có điểm không thuộc khoản hoặc có tiết, nên được sửa dưới dạng văn bản.";

fn push_text(out: &mut Vec<Run>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Run::Text { text: last }) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Run::Text { text: text.to_owned() });
    }
}

/// The label a reference to `id` reads with the current numbering: `khoản 2 Điều 7`,
/// `Mục 2 Chương III`.
fn target_label(id: UnitId, numbering: &Numbering) -> Option<String> {
    let label = numbering.reference(id)?;
    if numbering.label(id)?.kind == Kind::Section {
        if let Some(parent) = numbering.parent(id).and_then(|p| numbering.label(p)) {
            if parent.kind == Kind::Chapter {
                return Some(format!("{label} {}", parent.marker()));
            }
        }
    }
    Some(label)
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    let mut out: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        out.push('…');
    }
    out
}

/// One paragraph cut into runs at its references (`refs` are the internal references of
/// this field). A broken reference written by a forced delete reads as a broken run too.
fn paragraph_runs(text: &str, refs: &[&Reference], numbering: &Numbering) -> Vec<Run> {
    let mut sorted: Vec<&Reference> =
        refs.iter().copied().filter(|r| text.get(r.span.clone()) == Some(&r.written)).collect();
    sorted.sort_by_key(|r| r.span.start);
    let mut out = Vec::new();
    let mut at = 0;
    for r in sorted {
        if r.span.start < at {
            continue;
        }
        text_with_broken(&mut out, &text[at..r.span.start]);
        out.push(if r.is_linked() {
            Run::Reference {
                written: r.written.clone(),
                targets: r.targets.iter().map(|t| t.0).collect(),
                label: label_now(r, numbering),
                broken: false,
            }
        } else {
            Run::Reference {
                written: r.written.clone(),
                targets: Vec::new(),
                label: r.written.clone(),
                broken: true,
            }
        });
        at = r.span.end;
    }
    text_with_broken(&mut out, &text[at..]);
    out
}

/// Text, with each “[tham chiếu không còn]” as a broken reference run.
fn text_with_broken(out: &mut Vec<Run>, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(BROKEN_REFERENCE) {
        push_text(out, &rest[..i]);
        out.push(Run::Reference {
            written: BROKEN_REFERENCE.to_owned(),
            targets: Vec::new(),
            label: BROKEN_REFERENCE.to_owned(),
            broken: true,
        });
        rest = &rest[i + BROKEN_REFERENCE.len()..];
    }
    push_text(out, rest);
}

/// A reference's own text with its numbers written from `numbering`.
fn label_now(r: &Reference, numbering: &Numbering) -> String {
    let shift = r.span.start;
    let mut local = r.clone();
    local.span = 0..r.written.len();
    for n in &mut local.numerals {
        n.span = n.span.start - shift..n.span.end - shift;
    }
    render_field(&r.written, &[&local], numbering)
}

// ---------------------------------------------------------------------------------------
// Saving.

/// Where a paragraph's reference runs stand once written: byte range, targets, the form.
struct Written {
    span: Range<usize>,
    targets: Vec<UnitId>,
    written: String,
}

/// `doc` with the edited article in place of the old one, the references it broke, and
/// the article's label. Refuses, naming the place, a text that is not NFC-clean or safe,
/// or one that would read back as another structure.
fn edit_document(
    before: &Document,
    edited: &EditedArticle,
) -> Result<(Document, Vec<BrokenReference>, String)> {
    let id = UnitId(edited.id);
    let previous = match before.find(id) {
        Some(u) if u.kind == Kind::Article => u.clone(),
        _ => return Err(ApiError::not_found("Không tìm thấy điều cần sửa.")),
    };
    let numbering_before = before.numbering();
    let label = numbering_before.label(id).map(|l| l.marker().to_string()).unwrap_or_default();
    let mut doc = before.clone();
    let old_ids: HashSet<UnitId> = previous.walk().map(|u| u.id).collect();
    let mut kept: HashSet<UnitId> = HashSet::new();

    // The tree, with fresh ids where none (or a foreign or repeated one) was sent.
    let mut fresh = |wanted: Option<u32>, kind: Kind, doc: &mut Document| -> UnitId {
        match wanted.map(UnitId) {
            Some(w)
                if old_ids.contains(&w)
                    && previous.walk().any(|u| u.id == w && u.kind == kind)
                    && kept.insert(w) =>
            {
                w
            }
            _ => doc.alloc_id(),
        }
    };
    let title = clean(&edited.title);
    quyche_text::check_safe_field(&format!("Tên {label}"), &title)
        .map_err(|e| ApiError::bad_input(e.to_string()))?;
    let mut article = Unit::new(id, Kind::Article);
    article.title = title;
    // Paragraphs as written (references in their written form), to read them in place;
    // an empty paragraph is no paragraph.
    let mut texts: HashMap<(UnitId, usize), (String, Vec<Written>)> = HashMap::new();
    collect_paras(&mut article, &edited.paragraphs, &mut texts);
    for c in &edited.clauses {
        let cid = fresh(c.id, Kind::Clause, &mut doc);
        let mut clause = Unit::new(cid, Kind::Clause);
        collect_paras(&mut clause, &c.paragraphs, &mut texts);
        for p in &c.points {
            let pid = fresh(p.id, Kind::Point, &mut doc);
            let mut point = Unit::new(pid, Kind::Point);
            collect_paras(&mut point, &p.paragraphs, &mut texts);
            clause.children.push(point);
        }
        article.children.push(clause);
    }
    prune(&mut article);
    if let Some(slot) = doc.find_mut(id) {
        *slot = article;
    }
    let numbering = doc.numbering();
    if let Some(a) = doc.find(id) {
        for u in a.walk() {
            let place = match u.kind {
                Kind::Article => label.clone(),
                _ => numbering.reference(u.id).unwrap_or_else(|| label.clone()),
            };
            for p in &u.paragraphs {
                quyche_text::check_safe_field(&place, p)
                    .map_err(|e| ApiError::bad_input(e.to_string()))?;
            }
        }
    }

    // Each reference run: kept as written when it reads as its targets in place, else
    // written again from them; a target gone is broken.
    let found = find_references(&doc);
    let mut broken = Vec::new();
    let mut finals: HashMap<(UnitId, usize), String> = HashMap::new();
    let order: Vec<(UnitId, usize)> = doc
        .find(id)
        .map(|a| a.walk().flat_map(|u| (0..u.paragraphs.len()).map(move |i| (u.id, i))).collect())
        .unwrap_or_default();
    for (unit, index) in order {
        let Some((text, runs)) = texts.get(&(unit, index)) else { continue };
        if runs.is_empty() {
            continue;
        }
        let place = numbering.reference(unit).unwrap_or_else(|| label.clone());
        let mut out = text.clone();
        let mut gone = Vec::new();
        for w in runs.iter().rev() {
            let replacement = if w.targets.iter().any(|t| numbering.label(*t).is_none()) {
                gone.push(BrokenReference { place: place.clone(), written: w.written.clone() });
                BROKEN_REFERENCE.to_owned()
            } else {
                let reads = found.internal.iter().any(|r| {
                    r.unit == unit
                        && r.field == Field::Paragraph(index)
                        && r.span.start == w.span.start
                        && r.targets == w.targets
                });
                if reads {
                    continue;
                }
                compose(&w.targets, &w.written, unit, &numbering)
            };
            out.replace_range(w.span.clone(), &replacement);
        }
        gone.reverse();
        broken.extend(gone);
        finals.insert((unit, index), out);
    }
    if let Some(slot) = doc.find_mut(id) {
        set_paragraphs(slot, &mut finals);
    }

    // The canonical text must read back as this very article.
    let edited_article = doc.find(id).cloned().unwrap_or_else(|| previous.clone());
    let reread = reread(&edited_article, &label, &numbering)?;
    if let Some(slot) = doc.find_mut(id) {
        *slot = reread.clone();
    }
    if reread == previous {
        return Err(ApiError::bad_input(format!(
            "{label} không thay đổi; không tạo phiên bản mới."
        )));
    }

    // References elsewhere follow this article's clauses and points.
    let refs_before = find_references(before);
    let outside: Vec<&Reference> = refs_before
        .linked()
        .filter(|r| !old_ids.contains(&r.unit))
        .filter(|r| r.numerals.iter().any(|n| n.target.is_some_and(|t| old_ids.contains(&t))))
        .collect();
    relabel_outside(&mut doc, &outside, &numbering, &mut broken);
    Ok((doc, broken, label))
}

/// The unit's paragraphs in their first form, non-empty ones only, each remembered with
/// where its references stand.
fn collect_paras(
    unit: &mut Unit,
    paragraphs: &[Vec<Run>],
    texts: &mut HashMap<(UnitId, usize), (String, Vec<Written>)>,
) {
    for runs in paragraphs {
        let (text, written) = first_pass(runs);
        if text.is_empty() {
            continue;
        }
        texts.insert((unit.id, unit.paragraphs.len()), (text.clone(), written));
        unit.paragraphs.push(text);
    }
}

/// Paragraph text cleaned as a line of an article is: NFC, no line breaks or tabs inside.
fn clean(text: &str) -> String {
    let t = quyche_text::nfc(text).replace(['\n', '\r', '\t'], " ");
    t.trim().to_owned()
}

/// A paragraph's text with each reference in its written form, and where each stands.
fn first_pass(runs: &[Run]) -> (String, Vec<Written>) {
    let mut text = String::new();
    let mut written = Vec::new();
    for run in runs {
        match run {
            Run::Text { text: t } => {
                text.push_str(&quyche_text::nfc(t).replace(['\n', '\r', '\t'], " "))
            }
            Run::Reference { written: w, targets, .. } => {
                let w = quyche_text::nfc(w).replace(['\n', '\r', '\t'], " ");
                let start = text.len();
                text.push_str(&w);
                if !targets.is_empty() {
                    written.push(Written {
                        span: start..text.len(),
                        targets: targets.iter().map(|t| UnitId(*t)).collect(),
                        written: w,
                    });
                }
            }
        }
    }
    // Trimming the ends moves every span by what was cut at the start.
    let cut = text.len() - text.trim_start().len();
    let trimmed = text.trim().to_owned();
    for w in &mut written {
        w.span =
            w.span.start.saturating_sub(cut)..w.span.end.saturating_sub(cut).min(trimmed.len());
    }
    written.retain(|w| w.span.start < w.span.end);
    (trimmed, written)
}

/// Drops clauses and points left with nothing (a new empty line).
fn prune(unit: &mut Unit) {
    for c in &mut unit.children {
        prune(c);
    }
    unit.children.retain(|c| c.paragraphs.iter().any(|p| !p.is_empty()) || !c.children.is_empty());
}

fn set_paragraphs(unit: &mut Unit, finals: &mut HashMap<(UnitId, usize), String>) {
    for (i, p) in unit.paragraphs.iter_mut().enumerate() {
        if let Some(t) = finals.remove(&(unit.id, i)) {
            *p = t;
        }
    }
    for c in &mut unit.children {
        set_paragraphs(c, finals);
    }
}

/// The enclosing article of `unit` (itself if an article).
fn article_of(unit: UnitId, numbering: &Numbering) -> Option<UnitId> {
    let mut cur = Some(unit);
    while let Some(c) = cur {
        if numbering.label(c)?.kind == Kind::Article {
            return Some(c);
        }
        cur = numbering.parent(c);
    }
    None
}

/// What follows a reference and names this text: “ của Luật này”, “ Quy chế này”.
fn this_text_suffix(written: &str) -> &str {
    const KEYWORDS: [&str; 12] = [
        "Điều", "điều", "khoản", "Khoản", "điểm", "Điểm", "Chương", "chương", "Mục", "mục", "Phần",
        "phần",
    ];
    const NAMES: [&str; 9] = [
        "Luật",
        "Bộ luật",
        "Quy chế",
        "Điều lệ",
        "Nghị quyết",
        "Nghị định",
        "Quyết định",
        "Quy định",
        "Pháp lệnh",
    ];
    if !written.ends_with(" này") {
        return "";
    }
    if let Some(i) = written.find(" của ") {
        let rest = &written[i + " của ".len()..];
        if !KEYWORDS.iter().any(|k| rest.starts_with(k)) {
            return &written[i..];
        }
    }
    for name in NAMES {
        let tail = format!(" {name} này");
        if written.ends_with(&tail) {
            return &written[written.len() - tail.len()..];
        }
    }
    ""
}

/// A reference to `targets` written from `numbering`, standing in `unit`, in the manner of
/// `written`: its “của Quy chế này” kept, and “Điều này” for the article it stands in
/// when it was written relative.
fn compose(targets: &[UnitId], written: &str, unit: UnitId, numbering: &Numbering) -> String {
    let suffix = this_text_suffix(written);
    let relative = written[..written.len() - suffix.len()].contains("này");
    let here = article_of(unit, numbering);
    let ordinal = |id: UnitId| numbering.label(id).map_or(0, |l| l.ordinal);
    let qualifier = |mut parent: Option<UnitId>| -> String {
        let mut out = String::new();
        while let Some(p) = parent {
            let Some(l) = numbering.label(p) else { break };
            match l.kind {
                Kind::Clause | Kind::Point => out.push_str(&format!(" {}", l.reference())),
                Kind::Article => {
                    if relative && Some(p) == here {
                        out.push_str(" Điều này");
                    } else {
                        out.push_str(&format!(" {}", l.marker()));
                    }
                    break;
                }
                _ => break,
            }
            parent = numbering.parent(p);
        }
        out
    };
    // Points or clauses under one parent, side by side, share their qualifier:
    // “điểm a, b và đ khoản 2 Điều 42”.
    let mut groups: Vec<String> = Vec::new();
    let mut i = 0;
    while i < targets.len() {
        let t = targets[i];
        let Some(l) = numbering.label(t) else {
            i += 1;
            continue;
        };
        match l.kind {
            Kind::Clause | Kind::Point | Kind::SubPoint => {
                let parent = numbering.parent(t);
                let mut j = i + 1;
                while j < targets.len()
                    && numbering.label(targets[j]).map(|m| m.kind) == Some(l.kind)
                    && numbering.parent(targets[j]) == parent
                {
                    j += 1;
                }
                let numbers: Vec<String> = targets[i..j]
                    .iter()
                    .map(|id| match l.kind {
                        Kind::Point => point_letter(ordinal(*id)),
                        _ => ordinal(*id).to_string(),
                    })
                    .collect();
                groups.push(format!("{} {}{}", l.kind.word(), join(&numbers), qualifier(parent)));
                i = j;
            }
            Kind::Article if relative && Some(t) == here => {
                groups.push("Điều này".to_owned());
                i += 1;
            }
            _ => {
                groups.push(target_label(t, numbering).unwrap_or_else(|| l.marker().to_string()));
                i += 1;
            }
        }
    }
    let mut out = join(&groups);
    if !out.ends_with("này") {
        out.push_str(suffix);
    }
    out
}

/// `a`, `a và b`, `a, b và c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} và {last}", rest.join(", ")),
    }
}

/// The article as its canonical text reads back: the same tree, or refused naming where
/// a paragraph would read as another clause, point or heading.
fn reread(article: &Unit, label: &str, numbering: &Numbering) -> Result<Unit> {
    let text = quyche_text::render_article_body(article);
    let parsed = quyche_text::parse_article_body(&text, article, &mut Document::default())
        .map_err(|e| ApiError::bad_input(format!("{label}: {e}")))?;
    let shape = |u: &Unit| -> Vec<(UnitId, Kind, usize)> {
        u.walk().map(|x| (x.id, x.kind, x.paragraphs.len())).collect()
    };
    let (want, got) = (shape(article), shape(&parsed));
    if want == got {
        return Ok(parsed);
    }
    let at = want.iter().zip(&got).position(|(a, b)| a != b).unwrap_or(want.len().min(got.len()));
    let unit = article.walk().nth(at.min(want.len().saturating_sub(1)));
    let place = match unit {
        Some(u) if u.kind != Kind::Article => numbering.reference(u.id),
        _ => None,
    }
    .unwrap_or_else(|| label.to_owned());
    // The first paragraph that did not stay in its unit.
    let kept = match (want.get(at), got.get(at)) {
        (Some(w), Some(g)) if w.0 == g.0 && g.2 < w.2 => g.2,
        _ => 0,
    };
    let quote = unit.and_then(|u| u.paragraphs.get(kept)).map_or(String::new(), |p| excerpt(p));
    Err(ApiError::bad_input(format!(
        "{place}: đoạn “{quote}” sẽ được đọc thành một khoản, điểm hay tiêu đề khác; hãy bỏ số \
         hoặc chữ đánh dấu ở đầu đoạn."
    )))
}

/// References outside the edited article that name its units: their numbers follow the
/// new numbering, and one whose unit is gone reads “[tham chiếu không còn]”, listed.
fn relabel_outside(
    doc: &mut Document,
    refs: &[&Reference],
    numbering: &Numbering,
    broken: &mut Vec<BrokenReference>,
) {
    let mut by_field: HashMap<(UnitId, Field), Vec<&Reference>> = HashMap::new();
    for r in refs {
        by_field.entry((r.unit, r.field)).or_default().push(r);
    }
    let order: Vec<(UnitId, Field)> = doc
        .walk()
        .flat_map(|u| {
            std::iter::once((u.id, Field::Title))
                .chain((0..u.paragraphs.len()).map(move |i| (u.id, Field::Paragraph(i))))
        })
        .filter(|k| by_field.contains_key(k))
        .collect();
    for (unit, field) in order {
        let place = numbering.reference(unit).unwrap_or_default();
        let Some(u) = doc.find_mut(unit) else { continue };
        let text = match field {
            Field::Title => &mut u.title,
            Field::Paragraph(i) => match u.paragraphs.get_mut(i) {
                Some(p) => p,
                None => continue,
            },
        };
        let mut rs: Vec<&Reference> = by_field[&(unit, field)]
            .iter()
            .copied()
            .filter(|r| text.get(r.span.clone()) == Some(r.written.as_str()))
            .collect();
        rs.sort_by_key(|r| std::cmp::Reverse(r.span.start));
        let mut gone = Vec::new();
        for r in rs {
            let replacement = if r.targets.iter().any(|t| numbering.label(*t).is_none()) {
                gone.push(BrokenReference { place: place.clone(), written: r.written.clone() });
                BROKEN_REFERENCE.to_owned()
            } else {
                label_now(r, numbering)
            };
            text.replace_range(r.span.clone(), &replacement);
        }
        gone.reverse();
        broken.extend(gone);
    }
}

//! Drafting from a source text (issue 11): “the Standing Office builds the working
//! regulations from the alliance's Charter and from the national alliance's working
//! regulations, taking up and selecting what fits.”
//!
//! * A source text (*tài liệu nguồn*) is read exactly as an import reads a file and kept
//!   read-only in the archive (`quyche_archive::SourceRecord`): never reviewed, never
//!   approved, listed apart from the regulations. The same text imported again is the
//!   same source.
//! * [`Quyche::take_article`] copies one of its articles into a draft as one revision,
//!   with the workflow's rules of every drafting edit. References inside the taken text
//!   that name the taken article itself stay links (“khoản 2 Điều này”); those naming
//!   another article of the source become text naming the source (“khoản 2 Điều 7 của
//!   Luật Hợp tác xã”) with a diagnostic, so they are never linked to whatever is
//!   Điều 7 of the draft.
//! * The taken article keeps a link to its source article (`Document::sources`), by id:
//!   it follows moves and renumbering and is dropped with the article.
//! * [`Quyche::compare_with_source`] is the redline from the source article to the
//!   draft's: what was adapted.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use quyche_archive::SourceRecord;
use quyche_diff::{Alignment, Options};
use quyche_model::{Document, Kind, Numbering, SourceLink, Unit, UnitId};
use quyche_text::references::{render_field, Field};
use quyche_text::{find_references, Place, Reference};
use serde::Serialize;
use specta::Type;

use crate::time::iso8601;
use crate::{
    parse_input_noted, read_input, Actor, ApiError, ArticlePlace, DiagnosticView, ErrorCode,
    Quyche, RedlineAlignment, RedlineSide, RedlineView, Result, RevisionInfo,
};

/// What the diagnostic of a reference the draft does not have says after it.
pub const NOT_IN_DRAFT: &str = "chưa có trong dự thảo";

/// What a taken article's source is called when this database does not hold it.
pub const MISSING_SOURCE: &str = "Tài liệu nguồn không có trên máy này";

/// What [`CompareSourceView::verdict`] says of an article taken word for word.
pub const UNCHANGED: &str = "chưa sửa";

/// One source text, as the list “Tài liệu nguồn” shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SourceSummary {
    pub id: String,
    pub title: String,
    pub file_name: String,
    /// ISO-8601 UTC.
    pub imported_at: String,
    pub imported_by: String,
    pub articles: u32,
}

/// A source imported: the source, and whether this import stored it (`false`: the same
/// text was already there).
#[derive(Debug, Clone, Serialize, Type)]
pub struct SourceImportView {
    pub source: SourceSummary,
    pub created: bool,
    /// The parser's notes on the file, as an import reports them.
    pub diagnostics: Vec<DiagnosticView>,
    pub encoding_note: Option<String>,
}

/// One article of a source text, to read and to take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SourceArticleView {
    /// The article's id in the source: what [`Quyche::take_article`] takes.
    pub id: u32,
    pub number: u32,
    /// `Điều 4`.
    pub label: String,
    pub title: String,
    /// The article's text as the editor shows it (title line, then clauses and points).
    pub text: String,
    /// The chapter it stands in (`Chương I. Những quy định chung`), if any.
    pub chapter: Option<String>,
}

/// A source text with its articles.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SourceView {
    pub source: SourceSummary,
    pub articles: Vec<SourceArticleView>,
}

/// An article taken into a draft: the revision it made, its number there, and the
/// references of the taken text that name what the draft does not have.
#[derive(Debug, Clone, Serialize, Type)]
pub struct TakeView {
    pub revision: RevisionInfo,
    /// The taken article's number in the draft.
    pub article: u32,
    /// Its id in the draft (for the compare view).
    pub article_id: u32,
    /// One sentence per reference made text: `khoản 2 Điều 7 (của văn bản nguồn) — chưa
    /// có trong dự thảo`.
    pub diagnostics: Vec<String>,
    /// How many references of the draft were renumbered by the insertion.
    pub relabelled: u32,
}

/// Where an article of a draft came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TakenArticleView {
    /// The article's id in the draft.
    pub article_id: u32,
    /// Its number in the draft now.
    pub article: u32,
    pub source_id: String,
    pub source_title: String,
    /// `Điều 4`: the article's number in the source.
    pub source_article: String,
    /// The source article's text still hashes to what was taken.
    pub source_intact: bool,
}

/// The source article against the draft's: what the drafter adapted.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CompareSourceView {
    pub source_title: String,
    /// `Điều 4` (of the source).
    pub source_article: String,
    /// `Điều 6` (of the draft).
    pub article: String,
    /// The draft's article reads word for word as the source's.
    pub unchanged: bool,
    /// `chưa sửa`, or `đã sửa`.
    pub verdict: String,
    pub redline: RedlineView,
}

impl CompareSourceView {
    /// The comparison as marked-up text (`quyche compare-source`): a header line, then
    /// the article with `[-deleted-]` and `{+inserted+}`, or only the header when
    /// nothing was adapted.
    pub fn text(&self) -> String {
        let mut out = format!(
            "{} ({}) → {} (dự thảo): {}\n",
            self.source_article, self.source_title, self.article, self.verdict
        );
        if !self.unchanged {
            for a in &self.redline.articles {
                let body = quyche_diff::render_spans(&a.ops);
                out.push_str(&body);
                if !body.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
        out
    }
}

impl Quyche {
    /// Reads a text file as an import reads it (same decoding, same refusals naming the
    /// file and line) and keeps it as a source text.
    pub fn import_source(&self, path: &Path, actor: Actor<'_>) -> Result<SourceImportView> {
        let (name, bytes) = read_input(path)?;
        self.import_source_bytes(&name, &bytes, actor)
    }

    /// [`Quyche::import_source`] for a file the window picked; `None` when the dialog was
    /// closed.
    pub fn import_source_picked(
        &self,
        picked: Option<std::path::PathBuf>,
        actor: Actor<'_>,
    ) -> Result<Option<SourceImportView>> {
        picked.map(|p| self.import_source(&p, actor)).transpose()
    }

    /// Keeps `bytes` (a text file called `name`) as a source text.
    pub fn import_source_bytes(
        &self,
        name: &str,
        bytes: &[u8],
        actor: Actor<'_>,
    ) -> Result<SourceImportView> {
        let (author, _) = self.author_of(actor)?;
        let (parsed, encoding_note) = parse_input_noted(name, bytes)?;
        let (record, created) =
            self.archive.import_source(&parsed.document, name, &author, self.now())?;
        Ok(SourceImportView {
            source: summary(&record, &parsed.document),
            created,
            diagnostics: parsed
                .diagnostics
                .iter()
                .map(|d| DiagnosticView { line: d.line, message: d.message.clone() })
                .collect(),
            encoding_note,
        })
    }

    /// The source texts, newest first.
    pub fn sources(&self) -> Result<Vec<SourceSummary>> {
        let mut out = Vec::new();
        for record in self.archive.sources()? {
            let (_, doc) = self.archive.source(&record.id)?;
            out.push(summary(&record, &doc));
        }
        out.sort_by(|a, b| b.imported_at.cmp(&a.imported_at).then_with(|| a.title.cmp(&b.title)));
        Ok(out)
    }

    /// One source text and its articles.
    pub fn source(&self, id: &str) -> Result<SourceView> {
        let (record, doc) = self.load_source(id)?;
        let numbering = doc.numbering();
        let mut articles = Vec::new();
        let mut chapter = None;
        for unit in doc.walk() {
            match unit.kind {
                Kind::Chapter => chapter = Some(heading(&numbering, unit)),
                Kind::Article => {
                    let number = ordinal(&numbering, unit.id);
                    articles.push(SourceArticleView {
                        id: unit.id.0,
                        number,
                        label: format!("Điều {number}"),
                        title: unit.title.clone(),
                        text: quyche_text::render_article_body(unit),
                        chapter: chapter.clone(),
                    });
                }
                _ => {}
            }
        }
        Ok(SourceView { source: summary(&record, &doc), articles })
    }

    /// The id of `Điều n` of a source text (`quyche take --from SOURCE N`).
    pub fn source_article_id(&self, source: &str, n: u32) -> Result<u32> {
        let (_, doc) = self.load_source(source)?;
        let found = (n as usize).checked_sub(1).and_then(|i| doc.articles().nth(i));
        found
            .map(|a| a.id.0)
            .ok_or_else(|| ApiError::not_found(format!("Tài liệu nguồn không có Điều {n}")))
    }

    /// Copies article `source_article` of source `source` into the draft `regulation` at
    /// `place`, as one revision based on `base_revision` (a newer head is a conflict).
    /// The copy has fresh ids and keeps a link to its source article.
    pub fn take_article(
        &self,
        regulation: &str,
        base_revision: u32,
        source: &str,
        source_article: u32,
        place: ArticlePlace,
        actor: Actor<'_>,
    ) -> Result<TakeView> {
        let (edit, head) = self.begin_edit(
            regulation,
            Some((base_revision, "chưa lấy điều nào vào dự thảo.")),
            actor,
        )?;
        let (record, source_doc) = self.load_source(source)?;
        let taken = Taken::of(&source_doc, UnitId(source_article))?;
        let draft = head.document;
        let place = article_place(&draft, place)?;
        let out = quyche_text::insert_article(&draft, place, taken.article.clone())
            .map_err(|e| ApiError::new(ErrorCode::BadInput, e.to_string()))?;
        let mut doc = out.document;
        let diagnostics = taken.adapt(&mut doc, out.article, &source_name(&source_doc));
        doc.sources.insert(
            out.article,
            SourceLink {
                source: record.id.clone(),
                article: taken.article.id,
                hash: article_hash(&taken.article),
            },
        );
        let number = ordinal(&doc.numbering(), out.article);
        let message = format!("Lấy {} của {} làm Điều {number}", taken.label, record.title);
        let saved = self.finish_edit(regulation, &edit, &doc, &message)?;
        Ok(TakeView {
            revision: (&saved).into(),
            article: number,
            article_id: out.article.0,
            diagnostics,
            relabelled: out.relabelled.len() as u32,
        })
    }

    /// [`Quyche::take_article`] as the window asks: after or before the draft's
    /// `Điều N` (exactly one of the two).
    #[allow(clippy::too_many_arguments)]
    pub fn take_article_at(
        &self,
        regulation: &str,
        base_revision: u32,
        source: &str,
        source_article: u32,
        after: Option<u32>,
        before: Option<u32>,
        actor: Actor<'_>,
    ) -> Result<TakeView> {
        let place = match (after, before) {
            (Some(n), None) => ArticlePlace::After(n),
            (None, Some(n)) => ArticlePlace::Before(n),
            _ => {
                return Err(ApiError::bad_input(
                    "Hãy chọn nơi đặt điều: sau hoặc trước một điều của dự thảo",
                ))
            }
        };
        self.take_article(regulation, base_revision, source, source_article, place, actor)
    }

    /// The articles of `regulation` (as of `revision`, or its head) taken from a source.
    pub fn taken_articles(
        &self,
        regulation: &str,
        revision: Option<u32>,
    ) -> Result<Vec<TakenArticleView>> {
        let doc = self.archive.load(regulation, revision)?.document;
        let numbering = doc.numbering();
        let mut out = Vec::new();
        for (id, link) in &doc.sources {
            if doc.find(*id).is_none() {
                continue;
            }
            let article = ordinal(&numbering, *id);
            // A copy of the draft from another machine may name a source this one lacks:
            // listed as such, never left out.
            let Ok((record, source_doc)) = self.load_source(&link.source) else {
                out.push(TakenArticleView {
                    article_id: id.0,
                    article,
                    source_id: link.source.clone(),
                    source_title: MISSING_SOURCE.to_string(),
                    source_article: String::new(),
                    source_intact: false,
                });
                continue;
            };
            let source_article = source_doc.find(link.article);
            out.push(TakenArticleView {
                article_id: id.0,
                article,
                source_id: record.id.clone(),
                source_title: record.title.clone(),
                source_article: format!("Điều {}", ordinal(&source_doc.numbering(), link.article)),
                source_intact: source_article.is_some_and(|a| article_hash(a) == link.hash),
            });
        }
        out.sort_by_key(|t| t.article);
        Ok(out)
    }

    /// The redline from the source article to the draft's article `article_id` (head
    /// revision): what the drafter adapted; “chưa sửa” when it reads word for word.
    pub fn compare_with_source(
        &self,
        regulation: &str,
        article_id: u32,
    ) -> Result<CompareSourceView> {
        let doc = self.archive.load(regulation, None)?.document;
        let id = UnitId(article_id);
        let number = ordinal(&doc.numbering(), id);
        let (Some(link), Some(article)) = (doc.sources.get(&id), doc.find(id)) else {
            return Err(ApiError::not_found(match doc.find(id) {
                Some(_) => format!("Điều {number} không lấy từ tài liệu nguồn nào"),
                None => "không tìm thấy điều cần so sánh".to_string(),
            }));
        };
        let (record, source_doc) = self.load_source(&link.source)?;
        let source_article = source_doc.find(link.article).ok_or_else(|| {
            ApiError::not_found(format!("Tài liệu nguồn không còn điều đã lấy làm Điều {number}"))
        })?;
        let source_label = format!("Điều {}", ordinal(&source_doc.numbering(), link.article));
        // One article each side, paired by id: the drafter's edits, however large, are
        // shown against the article they came from, never against another.
        let old = alone(source_article.clone());
        let mut draft_article = article.clone();
        draft_article.id = link.article;
        let new = alone(draft_article);
        let r = quyche_diff::redline(&old, &new, Alignment::ById, &Options::default());
        let unchanged = quyche_text::render_article_body(source_article)
            == quyche_text::render_article_body(article);
        let mut redline = RedlineView::new(
            r,
            RedlineSide {
                label: format!("{source_label} · {}", record.title),
                revision: None,
                hash: None,
                title: record.title.clone(),
            },
            RedlineSide {
                label: format!("Điều {number} · dự thảo"),
                revision: None,
                hash: None,
                title: doc.display_title(),
            },
            RedlineAlignment::ById,
        );
        for a in &mut redline.articles {
            a.old_label = Some(source_label.clone());
            a.new_label = Some(format!("Điều {number}"));
            a.renumbered = false;
        }
        Ok(CompareSourceView {
            source_title: record.title,
            source_article: source_label,
            article: format!("Điều {number}"),
            unchanged,
            verdict: if unchanged { UNCHANGED.to_string() } else { "đã sửa".to_string() },
            redline,
        })
    }

    fn load_source(&self, id: &str) -> Result<(SourceRecord, Document)> {
        self.archive.source(id).map_err(|e| match ApiError::from(e) {
            e if e.code == ErrorCode::NotFound => {
                ApiError::not_found("Không có tài liệu nguồn này: hãy nhập lại tài liệu nguồn")
            }
            e => e,
        })
    }
}

/// The article to take, and what its references name in the source.
struct Taken {
    article: Unit,
    label: String,
    /// Every unit of the article, by id in the source.
    ids: HashSet<UnitId>,
    /// The source's internal references that stand in the article.
    references: Vec<Reference>,
}

impl Taken {
    fn of(source: &Document, id: UnitId) -> Result<Taken> {
        let article = match source.find(id) {
            Some(u) if u.kind == Kind::Article => u.clone(),
            _ => return Err(ApiError::not_found("Tài liệu nguồn không có điều này")),
        };
        let ids: HashSet<UnitId> = article.walk().map(|u| u.id).collect();
        let references = find_references(source)
            .internal
            .into_iter()
            .filter(|r| ids.contains(&r.unit))
            .collect();
        let label = format!("Điều {}", ordinal(&source.numbering(), id));
        Ok(Taken { article, label, ids, references })
    }

    /// Writes the references of the copy (article `at` of `doc`) for the draft: those
    /// naming only the taken article follow its new number; the others name the source
    /// in words and are listed.
    fn adapt(&self, doc: &mut Document, at: UnitId, source_name: &str) -> Vec<String> {
        let Some(copy) = doc.find(at) else { return Vec::new() };
        // The insertion gives fresh ids in the order of a walk: pair them.
        let fresh: HashMap<UnitId, UnitId> =
            self.article.walk().map(|u| u.id).zip(copy.walk().map(|u| u.id)).collect();
        let numbering = doc.numbering();
        let mut diagnostics = Vec::new();
        let mut fields: Vec<((UnitId, Field), Vec<&Reference>)> = Vec::new();
        for r in &self.references {
            match fields.iter_mut().find(|(k, _)| *k == (r.unit, r.field)) {
                Some((_, rs)) => rs.push(r),
                None => fields.push(((r.unit, r.field), vec![r])),
            }
        }
        for ((unit, field), mut refs) in fields {
            refs.sort_by_key(|r| r.span.start);
            let Some(target) = fresh.get(&unit).and_then(|id| doc.find_mut(*id)) else {
                continue;
            };
            let text = match field {
                Field::Title => &mut target.title,
                Field::Paragraph(i) => match target.paragraphs.get_mut(i) {
                    Some(p) => p,
                    None => continue,
                },
            };
            *text = self.rewrite(text, &refs, &fresh, &numbering, source_name, &mut diagnostics);
        }
        diagnostics
    }

    fn rewrite(
        &self,
        text: &str,
        refs: &[&Reference],
        fresh: &HashMap<UnitId, UnitId>,
        numbering: &Numbering,
        source_name: &str,
        diagnostics: &mut Vec<String>,
    ) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let mut at = 0;
        for r in refs {
            if r.span.start < at || text.get(r.span.clone()) != Some(r.written.as_str()) {
                continue;
            }
            out.push_str(&text[at..r.span.start]);
            let inside = r.is_linked()
                && r.targets.iter().all(|t| self.ids.contains(t))
                && r.numerals.iter().filter_map(|n| n.target).all(|t| self.ids.contains(&t));
            if inside {
                out.push_str(&follow(r, fresh, numbering));
            } else if r.relative {
                // “Chương này”: the draft's own chapter now; said, not rewritten.
                out.push_str(&r.written);
                diagnostics.push(format!(
                    "{} — nay chỉ {} của dự thảo chứa điều này",
                    r.written,
                    relative_word(&r.written)
                ));
            } else {
                let bare = bare(r);
                out.push_str(&format!("{bare} của {source_name}"));
                diagnostics.push(format!("{bare} (của văn bản nguồn) — {NOT_IN_DRAFT}"));
            }
            at = r.span.end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// A reference naming only units of the taken article, written with their numbers in
/// the draft (a relative one stays relative).
fn follow(r: &Reference, fresh: &HashMap<UnitId, UnitId>, numbering: &Numbering) -> String {
    let mut moved = r.clone();
    let start = r.span.start;
    moved.span = 0..r.written.len();
    for n in &mut moved.numerals {
        n.span = n.span.start - start..n.span.end - start;
        n.target = n.target.and_then(|t| fresh.get(&t).copied());
    }
    render_field(&r.written, &[&moved], numbering)
}

/// The unit a relative reference names, lower-case: `chương` for “Chương này”.
fn relative_word(written: &str) -> String {
    let before = written.split(" này").next().unwrap_or(written);
    before.rsplit(' ').next().unwrap_or("đơn vị").to_lowercase()
}

/// The reference without its “của Luật này”: up to its last number.
fn bare(r: &Reference) -> String {
    match r.numerals.iter().map(|n| n.span.end).max() {
        Some(end) if end > r.span.start => r.written[..end - r.span.start].to_string(),
        _ => r.written.clone(),
    }
}

/// How the draft names the source in a reference to it: `Luật Hợp tác xã`, `Điều lệ
/// Liên minh …`, `Quy chế làm việc của …`; `Văn bản nguồn` when it has no type.
fn source_name(doc: &Document) -> String {
    let Some(doc_type) = doc.header.doc_type.as_deref().filter(|t| !t.trim().is_empty()) else {
        return "Văn bản nguồn".to_string();
    };
    let title: Vec<&str> = doc
        .header
        .title
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with('('))
        .collect();
    let shouted =
        |s: &str| s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase);
    let title = title.join(" ");
    if shouted(&title) {
        // `LUẬT` / `HỢP TÁC XÃ` → `Luật Hợp tác xã`.
        format!("{} {}", sentence_case(doc_type), sentence_case(&title)).trim().to_string()
    } else {
        doc.display_title()
    }
}

fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// SHA-256 of an article's canonical text, without its number.
fn article_hash(article: &Unit) -> String {
    quyche_text::text_hash(&quyche_text::render_article_text(article))
}

/// A document holding only `article`.
fn alone(article: Unit) -> Document {
    Document { body: vec![article], ..Document::default() }
}

fn summary(record: &SourceRecord, doc: &Document) -> SourceSummary {
    SourceSummary {
        id: record.id.clone(),
        title: record.title.clone(),
        file_name: record.file_name.clone(),
        imported_at: iso8601(record.imported_ms),
        imported_by: record.imported_by.clone(),
        articles: doc.stats().articles,
    }
}

fn ordinal(numbering: &Numbering, id: UnitId) -> u32 {
    numbering.label(id).map_or(0, |l| l.ordinal)
}

fn heading(numbering: &Numbering, unit: &Unit) -> String {
    let marker = numbering.label(unit.id).map(|l| l.marker().to_string()).unwrap_or_default();
    if unit.title.is_empty() {
        marker
    } else {
        format!("{marker}. {}", unit.title)
    }
}

/// The draft's article `Điều N` as a place (structure.rs names places the same way).
fn article_place(doc: &Document, place: ArticlePlace) -> Result<Place> {
    let id = |n: u32| {
        (n as usize)
            .checked_sub(1)
            .and_then(|i| doc.articles().nth(i))
            .map(|a| a.id)
            .ok_or_else(|| ApiError::not_found(format!("Không có Điều {n}")))
    };
    Ok(match place {
        ArticlePlace::After(n) => Place::After(id(n)?),
        ArticlePlace::Before(n) => Place::Before(id(n)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "QUY CHẾ\nLàm việc của Ban Chấp hành\nChương I\nQUY ĐỊNH CHUNG\n\
Điều 1. Phạm vi\n1. Quy chế này quy định nguyên tắc làm việc.\n\
Điều 2. Nguyên tắc\n1. Theo khoản 2 Điều 2; xem khoản 1 Điều 1 của Quy chế này.\n\
2. Các quy định tại Chương này áp dụng; xem điểm a khoản 3 Điều này.\n\
3. Khoản ba, như Điều 1 và Điều 2:\na) Nội dung thứ nhất.\n";

    const DRAFT: &str = "QUY CHẾ\nLàm việc của Ban Thường vụ\nĐiều 1. Một\nNội dung một.\n\
Điều 2. Hai\nNhư quy định tại Điều 1.\n";

    /// Takes the source's Điều 2 before the draft's Điều 1 and returns the copy's text.
    fn take() -> (Document, UnitId, Vec<String>) {
        let source = quyche_text::parse(SOURCE).document;
        let draft = quyche_text::parse(DRAFT).document;
        let id = source.articles().nth(1).map(|a| a.id).expect("Điều 2");
        let taken = Taken::of(&source, id).expect("an article");
        let first = draft.articles().next().map(|a| a.id).expect("Điều 1");
        let out = quyche_text::insert_article(&draft, Place::Before(first), taken.article.clone())
            .expect("inserted");
        let mut doc = out.document;
        let diagnostics = taken.adapt(&mut doc, out.article, &source_name(&source));
        (doc, out.article, diagnostics)
    }

    #[test]
    fn references_inside_follow_the_copy_and_the_others_name_the_source() {
        let (doc, at, diagnostics) = take();
        let copy = doc.find(at).expect("the copy");
        let text = quyche_text::render_article_body(copy);
        assert!(
            text.contains(
                "1. Theo khoản 2 Điều 1; xem khoản 1 Điều 1 của Quy chế làm việc của Ban Chấp hành.\n"
            ),
            "{text}"
        );
        // One reference naming the source's other article too names the source whole.
        assert!(
            text.contains(
                "3. Khoản ba, như Điều 1 và Điều 2 của Quy chế làm việc của Ban Chấp hành:"
            ),
            "{text}"
        );
        assert!(text.contains("xem điểm a khoản 3 Điều này."), "{text}");
        assert!(text.contains("Các quy định tại Chương này áp dụng"), "{text}");
        assert_eq!(
            diagnostics,
            [
                format!("khoản 1 Điều 1 (của văn bản nguồn) — {NOT_IN_DRAFT}"),
                "Chương này — nay chỉ chương của dự thảo chứa điều này".to_string(),
                format!("Điều 1 và Điều 2 (của văn bản nguồn) — {NOT_IN_DRAFT}"),
            ]
        );
        // Read again as the draft: what stayed a link names the copy, the rest is another
        // text's and linked to nothing, and the draft's own “Điều 1” now reads “Điều 2”.
        let refs = find_references(&doc);
        let ids: HashSet<UnitId> = copy.walk().map(|u| u.id).collect();
        for r in refs.linked().filter(|r| ids.contains(&r.unit)) {
            assert!(r.targets.iter().all(|t| ids.contains(t)), "{r:?}");
        }
        let external: Vec<&str> = refs.external.iter().map(|e| e.written.as_str()).collect();
        assert_eq!(external, ["khoản 1 Điều 1", "Điều 1 và Điều 2"]);
        assert_eq!(refs.linked().filter(|r| ids.contains(&r.unit)).count(), 2);
    }

    #[test]
    fn a_source_is_named_as_a_text_the_reference_engine_knows() {
        let name = |text: &str| source_name(&quyche_text::parse(text).document);
        assert_eq!(name("LUẬT\nHỢP TÁC XÃ\nĐiều 1. Một\nMột.\n"), "Luật Hợp tác xã");
        assert_eq!(name(SOURCE), "Quy chế làm việc của Ban Chấp hành");
        assert_eq!(name("Điều 1. Một\nMột.\n"), "Văn bản nguồn");
    }
}

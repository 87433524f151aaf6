//! One search for the library, a regulation and its comments (`quyche search`, the
//! window's Ctrl+K and Ctrl+F): `quyche_search` decides what matches; this file decides
//! what is searched and keeps each revision's index, since a revision never changes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use quyche_model::UnitId;
use quyche_search::{Area, DocumentIndex, Place, Query, Snippet};
use serde::Serialize;
use specta::Type;

use crate::{safe_field, ApiError, Quyche, Result};

/// How many characters of context a snippet shows each side of the match.
const CONTEXT: usize = 60;
/// A search answers at most this many hits; `total` still counts them all.
pub const MAX_HITS: usize = 500;
/// Revisions whose index is kept (the latest of each regulation, mostly). An index is
/// about five times its text (the folded words, and where each folded byte came from):
/// 32 law-sized regulations of 300 KB keep about 50 MB.
const KEPT: usize = 32;

/// Each searched revision's index, by regulation and revision number.
#[derive(Default)]
pub(crate) struct Indexes(Mutex<HashMap<(String, u32), Arc<DocumentIndex>>>);

impl std::fmt::Debug for Indexes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Indexes")
    }
}

/// What a search looks in: the whole library, or one regulation; its latest revision, or
/// `revision` (the one the window shows).
#[derive(Clone, Copy, Debug, Default)]
pub struct SearchScope<'a> {
    pub regulation: Option<&'a str>,
    /// Needs `regulation`.
    pub revision: Option<u32>,
}

/// One match.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SearchHit {
    pub regulation: String,
    /// The regulation's title, as the library lists it.
    pub title: String,
    /// The revision searched (the latest), or the one a comment was made on.
    pub revision: u32,
    /// `header`, `preamble`, `body`, `closing`, or `comment`.
    pub area: String,
    /// `Chương II`, when the match is in a chapter.
    pub chapter: Option<String>,
    /// `Điều 7`, `khoản 2`, `điểm đ`, from the current numbering (a comment's: from the
    /// revision it was made on).
    pub article: Option<String>,
    pub clause: Option<String>,
    pub point: Option<String>,
    /// The unit whose text matched, to go to it.
    pub unit: Option<u32>,
    /// The comment that matched (its text or its proposal).
    pub comment: Option<String>,
    /// The match in its words, on one line.
    pub snippet: String,
    /// The same, in three pieces, for highlighting.
    pub before: String,
    pub matched: String,
    pub after: String,
}

/// Where a match was found, besides its place: the revision searched, the area and the
/// comment, if it was in one.
struct Found<'c> {
    revision: u32,
    area: &'static str,
    comment: Option<&'c str>,
}

impl SearchHit {
    fn new(
        reg: &quyche_archive::RegulationRecord,
        found: Found,
        place: Place,
        unit: Option<u32>,
        s: Snippet,
    ) -> SearchHit {
        SearchHit {
            regulation: reg.id.clone(),
            title: reg.title.clone(),
            revision: found.revision,
            area: found.area.into(),
            chapter: place.chapter,
            article: place.article,
            clause: place.clause,
            point: place.point,
            unit,
            comment: found.comment.map(str::to_owned),
            snippet: s.line(),
            before: s.before,
            matched: s.matched,
            after: s.after,
        }
    }
}

/// The hits, in library order (regulations by title), then in document order, the
/// comments after the text; `total` counts every match, `hits` holds at most
/// [`MAX_HITS`].
#[derive(Debug, Clone, Serialize, Type)]
pub struct SearchView {
    pub query: String,
    /// Whether the query compared marks (it had one): then only tone placement is free.
    pub marked: bool,
    pub hits: Vec<SearchHit>,
    pub total: u32,
}

impl Quyche {
    /// Searches the latest revision of every regulation (or `scope`'s regulation and
    /// revision) and its comments for `query`.
    pub fn search(&self, query: &str, scope: SearchScope<'_>) -> Result<SearchView> {
        safe_field("Từ cần tìm", query)?;
        let query_text = quyche_text::nfc(query.trim());
        let Some(q) = Query::new(&query_text) else {
            return Err(ApiError::bad_input("Hãy gõ từ cần tìm."));
        };
        let mut regulations = self.archive.regulations()?;
        if let Some(id) = scope.regulation {
            regulations.retain(|r| r.id == id);
            if regulations.is_empty() {
                // The archive's own not-found, with its message.
                self.archive.regulation(id)?;
            }
        }
        regulations.sort_by(|a, b| a.title.cmp(&b.title).then_with(|| a.id.cmp(&b.id)));
        if let Some(n) = scope.revision {
            if scope.regulation.is_none() {
                return Err(ApiError::bad_input("Tìm theo phiên bản cần chỉ rõ quy chế."));
            }
            for reg in &mut regulations {
                // The archive's own not-found when there is no such revision.
                self.archive.store().revision(&reg.id, n)?;
                reg.head = n;
            }
        }
        let mut view = SearchView {
            query: query_text.clone(),
            marked: q.is_marked(),
            hits: Vec::new(),
            total: 0,
        };
        let push = |view: &mut SearchView, hit: SearchHit| {
            view.total += 1;
            if view.hits.len() < MAX_HITS {
                view.hits.push(hit);
            }
        };
        // The comments' words as recorded; a matching one is placed by the numbering of the
        // revision it was made on, read once per revision.
        let comments = self.review().comment_records()?;
        let mut numberings: HashMap<(String, u32), quyche_model::Numbering> = HashMap::new();
        for reg in &regulations {
            let index = self.index(&reg.id, reg.head)?;
            // Past the cap, hits are only counted.
            let (hits, total) = index.find_first(&q, MAX_HITS.saturating_sub(view.hits.len()));
            view.total += (total - hits.len()) as u32;
            for h in hits {
                let s = Snippet::new(h.text, h.range.clone(), CONTEXT);
                let found = Found { revision: reg.head, area: area_name(h.area), comment: None };
                let hit = SearchHit::new(reg, found, h.place.clone(), h.unit.map(|u| u.0), s);
                push(&mut view, hit);
            }
            for c in comments.iter().filter(|c| c.regulation == reg.id) {
                let texts = std::iter::once(&c.text).chain(c.proposal.as_ref());
                for text in texts {
                    for range in quyche_search::find_in(text, &q) {
                        let s = Snippet::new(text, range, CONTEXT);
                        let place = self.comment_place(c, &mut numberings)?;
                        let found =
                            Found { revision: c.revision, area: "comment", comment: Some(&c.id) };
                        let hit = SearchHit::new(reg, found, place, Some(c.anchor.unit), s);
                        push(&mut view, hit);
                    }
                }
            }
        }
        Ok(view)
    }

    /// The index of `regulation`'s revision `revision`, built once.
    fn index(&self, regulation: &str, revision: u32) -> Result<Arc<DocumentIndex>> {
        let key = (regulation.to_string(), revision);
        if let Some(i) = self.indexes.0.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(i.clone());
        }
        let doc = self.archive.load(regulation, Some(revision))?.document;
        let index = Arc::new(DocumentIndex::new(&doc));
        let mut kept = self.indexes.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= KEPT {
            // Older revisions of a regulation are rarely searched again; start afresh
            // rather than track use.
            kept.clear();
        }
        kept.insert(key, index.clone());
        Ok(index)
    }
}

impl Quyche {
    /// Where comment `c` stands, as numbered in the revision it was made on.
    fn comment_place(
        &self,
        c: &quyche_review::Comment,
        numberings: &mut HashMap<(String, u32), quyche_model::Numbering>,
    ) -> Result<Place> {
        let key = (c.regulation.clone(), c.revision);
        if !numberings.contains_key(&key) {
            let doc = self.archive.load(&c.regulation, Some(c.revision))?.document;
            numberings.insert(key.clone(), doc.numbering());
        }
        // Named by article, clause and point, as the table of comments names them.
        Ok(Place { chapter: None, ..Place::of(&numberings[&key], UnitId(c.anchor.unit)) })
    }
}

fn area_name(area: Area) -> &'static str {
    match area {
        Area::Header => "header",
        Area::Preamble => "preamble",
        Area::Body => "body",
        Area::Closing => "closing",
    }
}

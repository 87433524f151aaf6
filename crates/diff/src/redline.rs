//! The structure-aware redline: articles, then clauses, then words.

use std::ops::Range;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use std::collections::HashMap;

use quyche_model::{Document, Kind, Numbering, Unit, UnitId};
use serde::Serialize;

use crate::align::{
    align_articles as align_arts, align_headings, Alignment, ArticleMap, Corpus, Heading, Side,
};
use crate::lineage::lineage;
use crate::measure::{inverted, jaccard_counts, monotonic, written_zeros, Numbers};
use crate::parallel::{both, both_if, drop_aside, halves, in_runs, SPLIT_BYTES};
use crate::renumber::{as_numbered_before, numerals_changed, restore, Subs};
use crate::text::{self, diff_views, replace_block, Flags, Options, Out, Span, View};
use crate::token::{for_each_shingle, Lexicon, Tokens};

/// What happened to an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), serde(rename = "ArticleStatus"))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Unchanged,
    Modified,
    Added,
    Removed,
}

/// One article of the redline.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleChange {
    /// The label in the old version, `Điều 5`; `None` for an added article.
    pub old: Option<String>,
    /// The label in the new version, `Điều 6`; `None` for a removed article.
    pub new: Option<String>,
    pub status: Status,
    /// Order changed relative to the other matched articles, or the chapter changed.
    pub moved: bool,
    /// The derived label changed.
    pub renumbered: bool,
    /// Rebuilds [`quyche_text::render_article_text`] of both sides.
    pub ops: Vec<Span>,
    pub old_id: Option<u32>,
    pub new_id: Option<u32>,
    pub old_title: Option<String>,
    pub new_title: Option<String>,
    /// `Chương II`: the chapter holding the article on each side.
    pub old_chapter: Option<String>,
    pub new_chapter: Option<String>,
    /// The deadline passed before this article was diffed finely.
    pub coarse: bool,
    /// An article created by a split: the old label of the article it was part of,
    /// `Điều 7` (“Tách từ Điều 7”). `None` otherwise.
    pub split_from: Option<String>,
    /// An old article absorbed by a merge: the new label of the article it went into,
    /// `Điều 9` (“Nhập vào Điều 9”). `None` otherwise.
    pub merged_into: Option<String>,
}

/// Counts of a redline. Every article is counted once in unchanged / modified / added /
/// removed; moved and renumbered count matched articles on top. An article whose only
/// change is consequential (a reference's number written again after a renumbering) is
/// unchanged; `consequential` counts those changes, one per number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub unchanged: u32,
    pub modified: u32,
    pub added: u32,
    pub removed: u32,
    pub moved: u32,
    pub renumbered: u32,
    /// Reference numbers that changed only because their targets were renumbered.
    pub consequential: u32,
    pub chapters: HeadingSummary,
    pub sections: HeadingSummary,
}

/// Changes of chapters or sections.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HeadingSummary {
    pub added: u32,
    pub removed: u32,
    pub retitled: u32,
    pub renumbered: u32,
}

/// A whole redline: `articles` in new-text order, each removed article right after the
/// nearest preceding old article that kept its place (or first, if none).
#[derive(Clone, Debug, Serialize)]
pub struct Redline {
    pub summary: Summary,
    pub articles: Vec<ArticleChange>,
}

/// One output row: an index into the new side, or a removed old article.
enum Row {
    New(usize),
    Removed(usize),
}

/// New order, each removed article right after the new-order row of the nearest
/// preceding old article that kept its place (on the chain); removed articles with no such
/// anchor come first.
fn rows(map: &ArticleMap) -> Vec<Row> {
    let n = map.old_to_new.len();
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut head = Vec::new();
    let mut anchor: Option<usize> = None;
    for i in 0..n {
        match map.old_to_new[i] {
            Some(j) if map.on_chain[j] => anchor = Some(i),
            Some(_) => {}
            None => match anchor {
                Some(a) => after[a].push(i),
                None => head.push(i),
            },
        }
    }
    let mut out: Vec<Row> = head.into_iter().map(Row::Removed).collect();
    for j in 0..map.new_to_old.len() {
        out.push(Row::New(j));
        if let Some(i) = map.new_to_old[j] {
            out.extend(after[i].iter().map(|&r| Row::Removed(r)));
        }
    }
    out
}

/// The article alignment alone, in the order of [`Redline::articles`]: `(old, new)` ids,
/// `(Some, None)` for a removed article and `(None, Some)` for an added one. Lets the
/// archive carry stable ids across an import of a new text version.
pub fn align_articles(
    old: &Document,
    new: &Document,
    by: Alignment,
) -> Vec<(Option<UnitId>, Option<UnitId>)> {
    let (o, n) = (Side::of(old), Side::of(new));
    let mut corpus = Corpus::new(&o, &n);
    let map = align_arts(&o, &n, by, &mut corpus);
    rows(&map)
        .into_iter()
        .map(|r| match r {
            Row::New(j) => (map.new_to_old[j].map(|i| o.arts[i].unit.id), Some(n.arts[j].unit.id)),
            Row::Removed(i) => (Some(o.arts[i].unit.id), None),
        })
        .collect()
}

/// The structure-aware redline of two documents. See the crate docs.
pub fn redline(old: &Document, new: &Document, by: Alignment, opts: &Options) -> Redline {
    let deadline = Instant::now() + opts.deadline;
    // Each numbering is made once: the sides' labels and the old labels of references.
    // The two sides are independent, so each is made on its own core.
    let ((was, o), (now, n)) = both(
        || {
            let was = old.numbering();
            let o = Side::numbered(old, &was);
            (was, o)
        },
        || {
            let now = new.numbering();
            let n = Side::numbered(new, &now);
            (now, n)
        },
    );
    // Declared before the corpus that borrows it.
    let mut before: Option<Side> = None;
    let mut corpus = Corpus::new(&o, &n);
    let map = align_arts(&o, &n, by, &mut corpus);
    // Tracing splits and merges reads only the article alignment: it runs beside the
    // pairing of chapters and sections and the writing of the new text in the old
    // numbering (which needs those pairs).
    let headings_and_old_numbering = || {
        let chapter_map = align_headings(&o.chapters, &n.chapters, by, &map);
        let section_map = align_headings(&o.sections, &n.sections, by, &map);
        // The new text written in the old numbering: diffed against the old text, a
        // renumbering is no edit; the numbers that differ are put back as consequential. Only
        // matched articles whose words changed can hold one (the same words are no change at
        // all, whatever their numbers name now), and only when something was renumbered.
        let changed: Vec<usize> = (0..n.arts.len())
            .filter(|&j| map.new_to_old[j].is_some_and(|i| o.arts[i].text != n.arts[j].text))
            .collect();
        let moved = |a: &[Heading], b: &[Heading], m: &[Option<usize>]| {
            m.iter().enumerate().any(|(i, j)| j.is_some_and(|j| a[i].label != b[j].label))
        };
        // Clauses and points are numbered inside their article, so only an article whose
        // words changed can have renumbered them (by id; by content they keep their numbers).
        let inside = |j: usize| {
            map.new_to_old[j].is_some_and(|i| {
                !o.arts[i].unit.walk().map(|u| u.id).eq(n.arts[j].unit.walk().map(|u| u.id))
            })
        };
        let renumbered = !changed.is_empty()
            && ((0..n.arts.len())
                .any(|j| map.new_to_old[j].is_some_and(|i| o.arts[i].label != n.arts[j].label))
                || moved(&o.chapters, &n.chapters, &chapter_map)
                || moved(&o.sections, &n.sections, &section_map)
                || (by == Alignment::ById && changed.iter().any(|&j| inside(j))));
        let mut subs: Vec<Subs> = vec![Vec::new(); n.arts.len()];
        if !renumbered {
            return (chapter_map, section_map, None, subs);
        }
        let units: Vec<&Unit> = changed.iter().map(|&j| n.arts[j].unit).collect();
        let texts = match by {
            Alignment::ById => as_numbered_before((new, &now), &units, |id| {
                was.label(id).map(|l| (l.kind, l.ordinal))
            }),
            Alignment::ByContent => {
                let labels = aligned_labels((&was, &now), &o, &n, &map, &chapter_map, &section_map);
                as_numbered_before((new, &now), &units, labels)
            }
        };
        // The texts written otherwise, by new article (the others are the new text's own).
        let mut all: Option<Vec<Option<String>>> = None;
        for (&j, text) in changed.iter().zip(texts) {
            let Some(text) = text else { continue };
            if let Some(list) = numerals_changed(&text, &n.arts[j].text) {
                if !list.is_empty() {
                    subs[j] = list;
                    all.get_or_insert_with(|| vec![None; n.arts.len()])[j] = Some(text);
                }
            }
        }
        (chapter_map, section_map, all, subs)
    };
    let trace = || lineage(&o, &n, &map, by, CLAUSE_MIN);
    let ((chapter_map, section_map, all, subs), lin) = both(headings_and_old_numbering, trace);
    if let Some(all) = all {
        corpus.retarget_new(before.insert(n.with_texts(all)), &subs);
    }

    let mut summary = Summary {
        chapters: heading_summary(&o.chapters, &n.chapters, &chapter_map),
        sections: heading_summary(&o.sections, &n.sections, &section_map),
        ..Summary::default()
    };
    let mut diffs = article_diffs(&mut corpus, &map, opts, deadline);
    let chapter_label = |hs: &[Heading], c: Option<usize>| c.map(|c| hs[c].label.clone());
    // Each row with its word diff (a matched article's), then made in two halves of about
    // equal text, one on each core: a row is the labels and titles copied and, for an
    // article renumbered around, its numbers put back; with the counts after.
    let list: Vec<(Row, (Vec<Span>, Flags))> = rows(&map)
        .into_iter()
        .map(|row| match row {
            Row::New(j) if map.new_to_old[j].is_some() => (row, std::mem::take(&mut diffs[j])),
            _ => (row, Default::default()),
        })
        .collect();
    // The row and the reference numbers it put back.
    let change = |(row, (mut spans, flags)): (Row, (Vec<Span>, Flags))| -> (ArticleChange, u32) {
        match row {
            Row::Removed(i) => {
                let a = &o.arts[i];
                let change = ArticleChange {
                    old: Some(a.label.clone()),
                    new: None,
                    status: Status::Removed,
                    moved: false,
                    renumbered: false,
                    ops: block(&a.text, ""),
                    old_id: Some(a.unit.id.0),
                    new_id: None,
                    old_title: Some(a.unit.title.trim().to_owned()),
                    new_title: None,
                    old_chapter: chapter_label(&o.chapters, a.chapter),
                    new_chapter: None,
                    coarse: false,
                    split_from: None,
                    merged_into: lin.merged_into[i].map(|j| n.arts[j].label.clone()),
                };
                (change, 0)
            }
            Row::New(j) => {
                let b = &n.arts[j];
                match map.new_to_old[j] {
                    None => {
                        let change = ArticleChange {
                            old: None,
                            new: Some(b.label.clone()),
                            status: Status::Added,
                            moved: false,
                            renumbered: false,
                            ops: block("", &b.text),
                            old_id: None,
                            new_id: Some(b.unit.id.0),
                            old_title: None,
                            new_title: Some(b.unit.title.trim().to_owned()),
                            old_chapter: None,
                            new_chapter: chapter_label(&n.chapters, b.chapter),
                            coarse: false,
                            split_from: lin.split_from[j].map(|i| o.arts[i].label.clone()),
                            merged_into: None,
                        };
                        (change, 0)
                    }
                    Some(i) => {
                        let a = &o.arts[i];
                        let chapter_changed = match (a.chapter, b.chapter) {
                            (None, None) => false,
                            (Some(oc), Some(nc)) => chapter_map[oc] != Some(nc),
                            _ => true,
                        };
                        let moved = !map.on_chain[j] || chapter_changed;
                        let renumbered = a.label != b.label;
                        let mut consequential = 0;
                        if !subs[j].is_empty() {
                            match restore(std::mem::take(&mut spans), &subs[j]) {
                                Some((back, count)) => {
                                    spans = back;
                                    consequential = count;
                                }
                                // Cannot happen (spans end on word boundaries); the
                                // article is then shown as a whole replacement.
                                None => spans = block(&a.text, &b.text),
                            }
                        }
                        // Only real edits make it modified, not the consequential ones.
                        let edited =
                            spans.iter().any(|s| s.op != text::Op::Equal && !s.consequential);
                        let status = if edited { Status::Modified } else { Status::Unchanged };
                        let change = ArticleChange {
                            old: Some(a.label.clone()),
                            new: Some(b.label.clone()),
                            status,
                            moved,
                            renumbered,
                            ops: spans,
                            old_id: Some(a.unit.id.0),
                            new_id: Some(b.unit.id.0),
                            old_title: Some(a.unit.title.trim().to_owned()),
                            new_title: Some(b.unit.title.trim().to_owned()),
                            old_chapter: chapter_label(&o.chapters, a.chapter),
                            new_chapter: chapter_label(&n.chapters, b.chapter),
                            coarse: flags.coarse,
                            split_from: lin.split_from[j].map(|i| o.arts[i].label.clone()),
                            merged_into: lin.merged_into[i].map(|j| n.arts[j].label.clone()),
                        };
                        (change, consequential)
                    }
                }
            }
        }
    };
    let text_of = |row: &Row| match *row {
        Row::Removed(i) => o.arts[i].text.len(),
        Row::New(j) => n.arts[j].text.len(),
    };
    let split = halves(list.iter().map(|(row, _)| text_of(row)), 2 * SPLIT_BYTES);
    let mut first = list;
    let second = first.split_off(split);
    let (mut made, rest) = both_if(
        !second.is_empty(),
        || first.into_iter().map(change).collect::<Vec<_>>(),
        || second.into_iter().map(change).collect::<Vec<_>>(),
    );
    made.extend(rest);
    for (c, consequential) in &made {
        match c.status {
            Status::Removed => summary.removed += 1,
            Status::Added => summary.added += 1,
            Status::Unchanged => summary.unchanged += 1,
            Status::Modified => summary.modified += 1,
        }
        // Never set for an added or removed article.
        summary.moved += c.moved as u32;
        summary.renumbered += c.renumbered as u32;
        summary.consequential += consequential;
    }
    let articles = made.into_iter().map(|(c, _)| c).collect();
    // What the redline was made with is freed out of its way (`drop_aside`): tens of
    // thousands of labels, tokens and texts were a seventh of a millisecond of a long
    // law's redline. The parts that borrow the documents are small; freed here.
    let Corpus { old: old_tokens, new: new_tokens, .. } = corpus;
    drop(before);
    drop_aside((was, now, old_tokens, new_tokens, o.into_owned(), n.into_owned()));
    Redline { summary, articles }
}

/// The word diff of every matched article, by new index (empty for the others).
///
/// Every article the diffs need is tokenised first; the diffs then only read the shared
/// tokens, so they run in runs of about equal text that either core takes
/// (`parallel::in_runs`), each with scratch tables of its own. Each diff depends only on
/// its own pair, so the result is the same as one after the other.
fn article_diffs(
    corpus: &mut Corpus,
    map: &ArticleMap,
    opts: &Options,
    deadline: Instant,
) -> Vec<(Vec<Span>, Flags)> {
    let pairs: Vec<(usize, usize)> =
        map.new_to_old.iter().enumerate().filter_map(|(j, i)| Some(((*i)?, j))).collect();
    let (old_side, new_side) = (corpus.old_side(), corpus.new_side());
    let mut weight = Vec::with_capacity(pairs.len());
    for &(i, j) in &pairs {
        let (a, b) = (&old_side.arts[i].text, &new_side.arts[j].text);
        if a != b {
            corpus.ensure(Some(i), Some(j));
            weight.push(a.len() + b.len());
        } else {
            weight.push(0);
        }
    }
    let corpus = &*corpus;
    // In runs either core takes. A run borrows scratch tables from the shelf (one set
    // per thread at work, each sized by the first articles it diffed) and puts them back.
    let shelf: Mutex<Vec<Scratch>> = Mutex::new(Vec::new());
    let run = |run: Range<usize>| {
        let mut sc = shelf.lock().unwrap_or_else(PoisonError::into_inner).pop().unwrap_or_default();
        let diffs: Vec<_> = pairs[run]
            .iter()
            .map(|&(i, j)| article_diff(corpus, i, j, opts, deadline, &mut sc))
            .collect();
        shelf.lock().unwrap_or_else(PoisonError::into_inner).push(sc);
        diffs
    };
    let a = in_runs(&weight, SPLIT_BYTES, &run);
    drop_aside(shelf.into_inner().unwrap_or_else(PoisonError::into_inner));
    let mut out: Vec<(Vec<Span>, Flags)> = Vec::new();
    out.resize_with(new_side.arts.len(), Default::default);
    for (&(_, j), d) in pairs.iter().zip(a) {
        out[j] = d;
    }
    out
}

/// For independent texts: the old kind and ordinal of a new unit, through the alignment.
/// Articles, chapters and sections take the number of their aligned old unit; a clause,
/// point or sub-point keeps its own number when its article is aligned (the words inside
/// an article are compared as they are); anything else has none.
fn aligned_labels<'n>(
    (was, now): (&Numbering, &'n Numbering),
    o: &Side,
    n: &Side,
    map: &ArticleMap,
    chapter_map: &[Option<usize>],
    section_map: &[Option<usize>],
) -> impl Fn(UnitId) -> Option<(Kind, u32)> + 'n {
    let mut direct: HashMap<UnitId, (Kind, u32)> = HashMap::new();
    let mut put = |new_id: UnitId, old_id: UnitId| {
        if let Some(l) = was.label(old_id) {
            direct.insert(new_id, (l.kind, l.ordinal));
        }
    };
    for (j, i) in map.new_to_old.iter().enumerate() {
        if let Some(i) = i {
            put(n.arts[j].unit.id, o.arts[*i].unit.id);
        }
    }
    for (hs_old, hs_new, m) in
        [(&o.chapters, &n.chapters, chapter_map), (&o.sections, &n.sections, section_map)]
    {
        for (i, j) in m.iter().enumerate() {
            if let Some(j) = j {
                put(hs_new[*j].id, hs_old[i].id);
            }
        }
    }
    move |id| {
        if let Some(v) = direct.get(&id) {
            return Some(*v);
        }
        let l = now.label(id)?;
        if !matches!(l.kind, Kind::Clause | Kind::Point | Kind::SubPoint) {
            return None;
        }
        let mut up = now.parent(id);
        while let Some(p) = up {
            match now.label(p).map(|l| l.kind) {
                Some(Kind::Article) => {
                    // Aligned articles are in `direct`, with their old number.
                    return direct.get(&p).map(|_| (l.kind, l.ordinal));
                }
                Some(_) => up = now.parent(p),
                None => return None,
            }
        }
        None
    }
}

fn heading_summary(old: &[Heading], new: &[Heading], map: &[Option<usize>]) -> HeadingSummary {
    let mut s = HeadingSummary::default();
    let mut hit = vec![false; new.len()];
    for (i, m) in map.iter().enumerate() {
        match m {
            Some(j) => {
                hit[*j] = true;
                s.retitled += (old[i].title != new[*j].title) as u32;
                s.renumbered += (old[i].label != new[*j].label) as u32;
            }
            None => s.removed += 1,
        }
    }
    s.added = hit.iter().filter(|h| !**h).count() as u32;
    s
}

/// The article's text cut into blocks: the title line, the lead paragraphs, then one block per
/// child (a clause with its points). `None` when the line accounting does not add up,
/// which only a hand-built tree with headings inside an article could cause.
fn blocks(unit: &Unit, text: &str) -> Option<Vec<Range<usize>>> {
    fn nonblank(ps: &[String]) -> usize {
        ps.iter().filter(|p| !p.trim().is_empty()).count()
    }
    fn lines(u: &Unit) -> Option<usize> {
        let mut total = 0usize;
        let mut stack = vec![u];
        while let Some(u) = stack.pop() {
            total += match u.kind {
                Kind::Clause | Kind::Point | Kind::SubPoint => {
                    1 + nonblank(u.paragraphs.get(1..).unwrap_or(&[]))
                }
                Kind::Article | Kind::Section => 1 + nonblank(&u.paragraphs),
                Kind::Part | Kind::Chapter => return None,
            };
            stack.extend(u.children.iter());
        }
        Some(total)
    }
    // The title line stands alone so that a retitle or a rewritten lead never drags
    // an unchanged title (or body) into one replaced block.
    let mut counts = vec![1, nonblank(&unit.paragraphs)];
    for c in &unit.children {
        counts.push(lines(c)?);
    }
    // Byte offsets of line starts.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| i < text.len())
        .collect();
    if counts.iter().sum::<usize>() != starts.len() {
        return None;
    }
    let mut out = Vec::with_capacity(counts.len());
    let mut line = 0;
    for c in counts {
        // A block of no lines (an article with a title only has no lead) is empty.
        let start = starts.get(line).copied().unwrap_or(text.len());
        line += c;
        let end = starts.get(line).copied().unwrap_or(text.len());
        out.push(start..end);
    }
    Some(out)
}

/// One side's blocks: tokens of the article, `(byte start, text)` of each block's key,
/// and the byte range of each block.
type BlockSide<'s> = (&'s Tokens, &'s [(usize, &'s str)], &'s [Range<usize>]);

/// Word-bigram Jaccard of every old block with every new block (the blocks' words
/// without their clause numbers, see [`block_key`]), `old × new` row-major. Counted
/// through an inverted index of the new blocks, so the cost follows the shared bigrams.
fn block_similarity(
    lex: &Lexicon,
    (ta, ok, ob): BlockSide,
    (tb, nk, nb): BlockSide,
    bs: &mut BlockScratch,
) -> Vec<f32> {
    let BlockScratch { gids, stamp, sets, sizes } = bs;
    gids.clear();
    stamp.clear();
    sets.clear();
    sizes.clear();
    // Dense numbers for the distinct bigrams, then each block's set of them, deduplicated
    // with a per-bigram stamp. Old blocks are stamped 1.., new blocks 1 + old count...
    // A new block whose key is an old block's (a clause kept as it was: most of a
    // modified article) has that block's set, copied rather than made again.
    let mut sets_of = |toks: &Tokens, keys: &[(usize, &str)], rs: &[Range<usize>], first: u32| {
        for (k, ((from, key), r)) in keys.iter().zip(rs).enumerate() {
            let who = first + k as u32;
            let start = sets.len();
            if first > 1 {
                if let Some(i) = ok.iter().position(|(_, old)| old == key) {
                    let (a, b) = sizes[i];
                    sets.extend_from_within(a..b);
                    sizes.push((start, sets.len()));
                    continue;
                }
            }
            for_each_shingle(lex, toks, *from, r.end, |h| {
                let g = gids.number(h) as usize;
                if g == stamp.len() {
                    stamp.push(0);
                }
                if stamp[g] != who {
                    stamp[g] = who;
                    sets.push(g as u32);
                }
            });
            sizes.push((start, sets.len()));
        }
    };
    sets_of(ta, ok, ob, 1);
    sets_of(tb, nk, nb, 1 + ob.len() as u32);
    let (no, nn) = (ob.len(), nb.len());
    // Inverted index of the new blocks.
    let (offsets, postings) = inverted(sizes[no..].iter().map(|&(a, b)| &sets[a..b]), stamp.len());
    let mut inter = written_zeros::<u32>(no * nn);
    for (i, &(a, b)) in sizes[..no].iter().enumerate() {
        for &g in &sets[a..b] {
            for &j in &postings[offsets[g as usize] as usize..offsets[g as usize + 1] as usize] {
                inter[i * nn + j as usize] += 1;
            }
        }
    }
    let len = |k: usize| sizes[k].1 - sizes[k].0;
    let mut sim = vec![0f32; no * nn];
    for i in 0..no {
        for j in 0..nn {
            let (x, la, lb) = (inter[i * nn + j] as usize, len(i), len(no + j));
            sim[i * nn + j] = jaccard_counts(x, la, lb);
        }
    }
    sim
}

/// Buffers reused across the articles of one redline.
#[derive(Default)]
struct Scratch {
    /// The word diff's own tables.
    diff: text::Scratch,
    /// The tables of [`block_similarity`].
    blocks: BlockScratch,
}

/// Tables of [`block_similarity`], reused across articles.
#[derive(Default)]
struct BlockScratch {
    gids: Numbers,
    stamp: Vec<u32>,
    sets: Vec<u32>,
    sizes: Vec<(usize, usize)>,
}

/// A clause's words without its number, so a clause that only moved up or down matches.
fn block_key(s: &str) -> &str {
    let t = s.trim_start_matches(|c: char| c.is_ascii_digit());
    match t.strip_prefix(". ") {
        Some(rest) if t.len() < s.len() => rest,
        _ => s,
    }
}

/// Similarity (word-bigram Jaccard, clause numbers left out) from which two blocks of a
/// matched article are paired and word-diffed with each other; below it they fall in the
/// gap between two paired blocks and are diffed as part of that gap.
///
/// The value of the first cut; its history records no tuning. On the Law on Cooperatives
/// 2012 → 2023 the clause similarities are dense around it, and it sits on the edge. The
/// weakest pair it keeps scores exactly 0.25 (Điều 32 → Điều 64, blocks 2 ↔ 2: *Thông qua
/// báo cáo kết quả hoạt động…* ↔ *Thông qua định hướng phát triển…*, two different items
/// of the general meeting's list). The closest pairs it refuses score 0.2453 (Điều 4,
/// blocks 6 ↔ 19: the definitions of *hợp đồng dịch vụ* and *thành viên liên kết góp
/// vốn*, different terms) and 0.2439 (Điều 25 → Điều 15, blocks 1 ↔ 3: *phải lập sổ đăng
/// ký thành viên…* ↔ *quyết định về việc lập sổ đăng ký thành viên liên kết không góp
/// vốn*, related but not the same duty). So any move changes the law pair's redline: at 0.24 Điều 4 and Điều 25 → 15
/// read differently, at 0.26 Điều 32 → 64 does. None of those articles is snapshotted;
/// `clause_threshold_sits_on_the_law_pair_edge` pins the edge. No constructed case of
/// `tests/cases.rs` depends on it.
const CLAUSE_MIN: f32 = 0.25;

fn block(old: &str, new: &str) -> Vec<Span> {
    let mut out = Out::new(false);
    replace_block(&mut out, old, new, false);
    out.finish()
}

/// `(byte start, text)` of each block's key (see [`block_key`]).
fn block_keys<'t>(text: &'t str, rs: &[Range<usize>]) -> Vec<(usize, &'t str)> {
    rs.iter()
        .map(|r| {
            let key = block_key(&text[r.clone()]);
            (r.end - key.len(), key)
        })
        .collect()
}

/// One side's article for [`pair_blocks`]: its text, its tokens and its blocks.
type Blocks<'s> = (&'s str, &'s Tokens, &'s [Range<usize>]);

/// The blocks of two versions of an article paired in order: the title block with the
/// title block, identical clause text (ignoring the clause number) before anything else,
/// then clauses at least [`CLAUSE_MIN`] similar, the heaviest chain winning.
fn pair_blocks(
    lex: &Lexicon,
    (old, ta, ob): Blocks,
    (new, tb, nb): Blocks,
    bs: &mut BlockScratch,
) -> Vec<(usize, usize)> {
    let (ok, nk) = (block_keys(old, ob), block_keys(new, nb));
    let sim = block_similarity(lex, (ta, &ok, ob), (tb, &nk, nb), bs);
    monotonic(ob.len(), nb.len(), |i, j| {
        // The title block always pairs with the title block.
        if i == 0 || j == 0 {
            return (i == 0 && j == 0).then_some(1.0);
        }
        if ok[i].1 == nk[j].1 {
            return Some(2.0);
        }
        let s = sim[i * nb.len() + j];
        (s >= CLAUSE_MIN).then_some(s)
    })
}

/// Aligns the blocks of old article `i` and new article `j` monotonically (identical
/// first, then by similarity), diffs each pair, and diffs what lies between two aligned
/// pairs as one piece.
fn article_diff<'a>(
    corpus: &Corpus<'a>,
    i: usize,
    j: usize,
    opts: &Options,
    deadline: Instant,
    sc: &mut Scratch,
) -> (Vec<Span>, Flags) {
    let (a, b) = (&corpus.old_side().arts[i], &corpus.new_side().arts[j]);
    let (old, new) = (&*a.text, &*b.text);
    if old == new {
        return (block(old, new), Flags::default());
    }
    if Instant::now() >= deadline {
        let mut out = Out::new(false);
        let f = replace_block(&mut out, old, new, true);
        return (out.finish(), f);
    }
    let lex = &corpus.lex;
    // Both were tokenised by `article_diffs`.
    let (Some(ta), Some(tb)) = (&corpus.old[i], &corpus.new[j]) else {
        return (block(old, new), Flags::default());
    };
    let (ob, nb) = match (blocks(a.unit, old), blocks(b.unit, new)) {
        (Some(ob), Some(nb)) if ob.len() > 1 || nb.len() > 1 => (ob, nb),
        _ => {
            let mut out = Out::new(false);
            let f = diff_views(
                lex,
                View::whole(old, ta),
                View::whole(new, tb),
                opts,
                deadline,
                &mut sc.diff,
                &mut out,
            );
            return (out.finish(), f);
        }
    };
    let chain = pair_blocks(lex, (old, ta, &ob), (new, tb, &nb), &mut sc.blocks);

    // The replaced-block rule applies to each block; applying it again to the whole
    // article would swallow an unchanged title or unchanged clauses.
    let mut out = Out::new(true);
    let mut coarse = false;
    let mut diff = |ro: Range<usize>, rn: Range<usize>, out: &mut Out| {
        coarse |= diff_views(
            lex,
            View::bytes(old, ta, ro),
            View::bytes(new, tb, rn),
            opts,
            deadline,
            &mut sc.diff,
            out,
        )
        .coarse;
    };
    let (mut pi, mut pj) = (0usize, 0usize);
    let span_of = |rs: &[Range<usize>], from: usize, to: usize| -> Range<usize> {
        if from >= to {
            let at = rs.get(from).map_or(rs.last().map_or(0, |r| r.end), |r| r.start);
            at..at
        } else {
            rs[from].start..rs[to - 1].end
        }
    };
    for &(i, j) in chain.iter().chain(std::iter::once(&(ob.len(), nb.len()))) {
        let gap_o = span_of(&ob, pi, i);
        let gap_n = span_of(&nb, pj, j);
        if !gap_o.is_empty() || !gap_n.is_empty() {
            diff(gap_o, gap_n, &mut out);
        }
        if i < ob.len() && j < nb.len() {
            diff(ob[i].clone(), nb[j].clone(), &mut out);
        }
        pi = i + 1;
        pj = j + 1;
    }
    (out.finish(), Flags { coarse, replaced: false })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quyche_fixtures::{COOP_2012, COOP_2023};

    /// The edge [`CLAUSE_MIN`]'s doc comment quotes, on the law pair. A retune past one
    /// of the pairs, or a change of the block similarity that moves one, fails here.
    #[test]
    fn clause_threshold_sits_on_the_law_pair_edge() {
        let law = |name: &str| quyche_text::parse(&quyche_fixtures::law(name)).document;
        let (old, new) = (law(COOP_2012), law(COOP_2023));
        let (o, n) = (Side::of(&old), Side::of(&new));
        let mut corpus = Corpus::new(&o, &n);
        let mut bs = BlockScratch::default();
        // (old article, new article, old block, new block, similarity, paired)
        let cases = [
            ("Điều 32", "Điều 64", 2, 2, 0.25, true),
            ("Điều 4", "Điều 4", 6, 19, 0.2453, false),
            ("Điều 25", "Điều 15", 1, 3, 0.2439, false),
        ];
        let (mut kept, mut refused) = (f32::INFINITY, 0f32);
        for (ol, nl, x, y, want, paired) in cases {
            let i = o.arts.iter().position(|a| a.label == ol).unwrap();
            let j = n.arts.iter().position(|a| a.label == nl).unwrap();
            corpus.ensure(Some(i), Some(j));
            let (a, b) = (&o.arts[i], &n.arts[j]);
            let (Some(ta), Some(tb)) = (&corpus.old[i], &corpus.new[j]) else { unreachable!() };
            let (ob, nb) = (blocks(a.unit, &a.text).unwrap(), blocks(b.unit, &b.text).unwrap());
            let (ok, nk) = (block_keys(&a.text, &ob), block_keys(&b.text, &nb));
            let sim = block_similarity(&corpus.lex, (ta, &ok, &ob), (tb, &nk, &nb), &mut bs);
            let s = sim[x * nb.len() + y];
            assert!((s - want).abs() < 5e-4, "{ol} → {nl}, blocks {x} ↔ {y}: {s}");
            let chain = pair_blocks(&corpus.lex, (&a.text, ta, &ob), (&b.text, tb, &nb), &mut bs);
            assert_eq!(chain.contains(&(x, y)), paired, "{ol} → {nl}, blocks {x} ↔ {y}");
            if paired {
                kept = kept.min(s);
            } else {
                refused = refused.max(s);
            }
        }
        assert!(refused < CLAUSE_MIN && CLAUSE_MIN <= kept, "({refused}, {kept}]");
    }
}

//! The structure-aware redline: articles, then clauses, then words.

use std::ops::Range;
use std::time::Instant;

use quyche_model::{Document, Kind, Unit, UnitId};

use crate::align::{align_articles as align_arts, align_headings, jaccard, monotonic, shingles, ArticleMap, Heading, Side};
use crate::text::{diff_until, normalize_spans, push_span, replace_block, Diffed};
use crate::{Alignment, ArticleChange, HeadingSummary, Options, Redline, Status, Summary};

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

pub(crate) fn align_articles(old: &Document, new: &Document, by: Alignment) -> Vec<(Option<UnitId>, Option<UnitId>)> {
    let (o, n) = (Side::of(old), Side::of(new));
    let map = align_arts(&o, &n, by);
    rows(&map)
        .into_iter()
        .map(|r| match r {
            Row::New(j) => (map.new_to_old[j].map(|i| o.arts[i].unit.id), Some(n.arts[j].unit.id)),
            Row::Removed(i) => (Some(o.arts[i].unit.id), None),
        })
        .collect()
}

pub(crate) fn redline(old: &Document, new: &Document, by: Alignment, opts: &Options) -> Redline {
    let deadline = Instant::now() + opts.deadline;
    let (o, n) = (Side::of(old), Side::of(new));
    let map = align_arts(&o, &n, by);
    let chapter_map = align_headings(&o.chapters, &n.chapters, by, &map);
    let section_map = align_headings(&o.sections, &n.sections, by, &map);

    let mut summary = Summary {
        chapters: heading_summary(&o.chapters, &n.chapters, &chapter_map),
        sections: heading_summary(&o.sections, &n.sections, &section_map),
        ..Summary::default()
    };
    let chapter_label = |hs: &[Heading], c: Option<usize>| c.map(|c| hs[c].label.clone());
    let mut articles = Vec::with_capacity(n.arts.len() + o.arts.len());
    for row in rows(&map) {
        let change = match row {
            Row::Removed(i) => {
                let a = &o.arts[i];
                summary.removed += 1;
                ArticleChange {
                    old: Some(a.label.clone()),
                    new: None,
                    status: Status::Removed,
                    moved: false,
                    renumbered: false,
                    ops: replace_block(&a.text, "", false).spans,
                    old_id: Some(a.unit.id.0),
                    new_id: None,
                    old_title: Some(a.unit.title.trim().to_owned()),
                    new_title: None,
                    old_chapter: chapter_label(&o.chapters, a.chapter),
                    new_chapter: None,
                    coarse: false,
                }
            }
            Row::New(j) => {
                let b = &n.arts[j];
                match map.new_to_old[j] {
                    None => {
                        summary.added += 1;
                        ArticleChange {
                            old: None,
                            new: Some(b.label.clone()),
                            status: Status::Added,
                            moved: false,
                            renumbered: false,
                            ops: replace_block("", &b.text, false).spans,
                            old_id: None,
                            new_id: Some(b.unit.id.0),
                            old_title: None,
                            new_title: Some(b.unit.title.trim().to_owned()),
                            old_chapter: None,
                            new_chapter: chapter_label(&n.chapters, b.chapter),
                            coarse: false,
                        }
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
                        let d = article_diff(a.unit, b.unit, &a.text, &b.text, opts, deadline);
                        let status = if a.text == b.text { Status::Unchanged } else { Status::Modified };
                        match status {
                            Status::Unchanged => summary.unchanged += 1,
                            _ => summary.modified += 1,
                        }
                        summary.moved += moved as u32;
                        summary.renumbered += renumbered as u32;
                        ArticleChange {
                            old: Some(a.label.clone()),
                            new: Some(b.label.clone()),
                            status,
                            moved,
                            renumbered,
                            ops: d.spans,
                            old_id: Some(a.unit.id.0),
                            new_id: Some(b.unit.id.0),
                            old_title: Some(a.unit.title.trim().to_owned()),
                            new_title: Some(b.unit.title.trim().to_owned()),
                            old_chapter: chapter_label(&o.chapters, a.chapter),
                            new_chapter: chapter_label(&n.chapters, b.chapter),
                            coarse: d.coarse,
                        }
                    }
                }
            }
        };
        articles.push(change);
    }
    Redline { summary, articles }
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
                Kind::Clause | Kind::Point | Kind::SubPoint => 1 + nonblank(u.paragraphs.get(1..).unwrap_or(&[])),
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
    let starts: Vec<usize> =
        std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).filter(|&i| i < text.len()).collect();
    if counts.iter().sum::<usize>() != starts.len() {
        return None;
    }
    let mut out = Vec::with_capacity(counts.len());
    let mut line = 0;
    for c in counts {
        let start = starts[line];
        line += c;
        let end = starts.get(line).copied().unwrap_or(text.len());
        out.push(start..end);
    }
    Some(out)
}

/// A clause's words without its number, so a clause that only moved up or down matches.
fn block_key(s: &str) -> &str {
    let t = s.trim_start_matches(|c: char| c.is_ascii_digit());
    match t.strip_prefix(". ") {
        Some(rest) if t.len() < s.len() => rest,
        _ => s,
    }
}

const CLAUSE_MIN: f32 = 0.25;

/// Aligns the blocks monotonically (identical first, then by similarity), diffs each
/// pair, and diffs what lies between two aligned pairs as one piece.
fn article_diff(a: &Unit, b: &Unit, old: &str, new: &str, opts: &Options, deadline: Instant) -> Diffed {
    if old == new {
        return replace_block(old, new, false);
    }
    if Instant::now() >= deadline {
        return replace_block(old, new, true);
    }
    let (Some(ob), Some(nb)) = (blocks(a, old), blocks(b, new)) else {
        return diff_until(old, new, opts, deadline);
    };
    if ob.len() <= 1 && nb.len() <= 1 {
        return diff_until(old, new, opts, deadline);
    }
    let os: Vec<Vec<u64>> = ob.iter().map(|r| shingles(block_key(&old[r.clone()]))).collect();
    let ns: Vec<Vec<u64>> = nb.iter().map(|r| shingles(block_key(&new[r.clone()]))).collect();
    let chain = monotonic(ob.len(), nb.len(), |i, j| {
        // The title block always pairs with the title block.
        if i == 0 || j == 0 {
            return (i == 0 && j == 0).then_some(1.0);
        }
        if block_key(&old[ob[i].clone()]) == block_key(&new[nb[j].clone()]) {
            return Some(2.0);
        }
        let s = jaccard(&os[i], &ns[j]);
        (s >= CLAUSE_MIN).then_some(s)
    });

    let mut spans = Vec::new();
    let (mut coarse, mut changed, mut total) = (false, 0usize, 0usize);
    let mut add = |d: Diffed, spans: &mut Vec<crate::Span>| {
        coarse |= d.coarse;
        changed += d.changed_words;
        total += d.total_words;
        for s in d.spans {
            push_span(spans, s.op, &s.text);
        }
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
            add(diff_until(&old[gap_o], &new[gap_n], opts, deadline), &mut spans);
        }
        if i < ob.len() && j < nb.len() {
            add(diff_until(&old[ob[i].clone()], &new[nb[j].clone()], opts, deadline), &mut spans);
        }
        pi = i + 1;
        pj = j + 1;
    }
    // The replaced-block rule has already applied to each block; applying it again to
    // the whole article would swallow an unchanged title or unchanged clauses.
    Diffed { spans: normalize_spans(spans), coarse, replaced: false, changed_words: changed, total_words: total }
}

//! The redline and structure edits: consequential changes (a reference's number written
//! again because its target was renumbered) shown and counted apart from edits, and the
//! articles a split created or a merge absorbed, by id and by content.
mod common;

use std::time::Duration;

use common::{law, rebuild};
use quyche_diff::{
    redline, render_html, render_text, Alignment, ArticleChange, Op, Options, Redline, Status,
};
use quyche_fixtures::{COOP_2012, COOP_2023};
use quyche_model::{Document, Kind, Unit, UnitId};
use quyche_text::{find_references, insert_article, render_references, Place};

fn opts() -> Options {
    // Debug builds are slow: a generous budget keeps the result independent of the clock.
    Options { deadline: Duration::from_secs(30), ..Options::default() }
}

/// The same text with other ids: what an independent copy of it is.
fn reparsed(doc: &Document) -> Document {
    quyche_text::parse(&quyche_text::render(doc)).document
}

/// Every article rebuilds both its texts.
fn assert_rebuilds(old: &Document, new: &Document, r: &Redline) {
    for a in &r.articles {
        let (o, n) = rebuild(&a.ops);
        let text = |d: &Document, id: Option<u32>| {
            id.map_or(String::new(), |id| {
                quyche_text::render_article_text(d.find(UnitId(id)).unwrap())
            })
        };
        assert_eq!(o, text(old, a.old_id), "old text of {:?}", a.old);
        assert_eq!(n, text(new, a.new_id), "new text of {:?}", a.new);
    }
}

fn by_new<'r>(r: &'r Redline, label: &str) -> &'r ArticleChange {
    r.articles
        .iter()
        .find(|a| a.new.as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no new {label}"))
}

fn by_old<'r>(r: &'r Redline, label: &str) -> &'r ArticleChange {
    r.articles
        .iter()
        .find(|a| a.old.as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no old {label}"))
}

type Label = Option<String>;

/// `(old, new, split_from, merged_into)` of every article a split created or a merge absorbed.
fn lineage(r: &Redline) -> Vec<(Label, Label, Label, Label)> {
    r.articles
        .iter()
        .filter(|a| a.split_from.is_some() || a.merged_into.is_some())
        .map(|a| (a.old.clone(), a.new.clone(), a.split_from.clone(), a.merged_into.clone()))
        .collect()
}

/// The consequential pairs of an article as `(was, is)`.
fn consequential(a: &ArticleChange) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut was = None;
    for s in a.ops.iter().filter(|s| s.consequential) {
        match s.op {
            Op::Delete => was = Some(s.text.clone()),
            _ => out.push((was.take().expect("a delete before the insert"), s.text.clone())),
        }
    }
    out
}

fn real_edits(a: &ArticleChange) -> usize {
    a.ops.iter().filter(|s| s.op != Op::Equal && !s.consequential).count()
}

fn article_id(doc: &Document, number: usize) -> UnitId {
    doc.articles().nth(number - 1).unwrap().id
}

/// `doc` with the units of `edit` changed and every reference written again from the new
/// numbering, as the structure edits of the app do.
fn edited(doc: &Document, edit: impl FnOnce(&mut Document)) -> Document {
    let refs = find_references(doc);
    let mut out = doc.clone();
    edit(&mut out);
    render_references(&out, &refs)
}

/// The list of units holding article `id`, and its index there.
fn siblings(doc: &mut Document, id: UnitId) -> (&mut Vec<Unit>, usize) {
    fn find(units: &mut Vec<Unit>, id: UnitId) -> Option<(&mut Vec<Unit>, usize)> {
        if let Some(i) = units.iter().position(|u| u.id == id) {
            return Some((units, i));
        }
        units.iter_mut().find_map(|u| find(&mut u.children, id))
    }
    find(&mut doc.body, id).expect("the article is in the tree")
}

/// Article `number` split after its clause `keep`: the first part keeps the id, the
/// second takes a fresh one and the clauses that go to it keep theirs, as the app splits.
fn split(doc: &Document, number: usize, keep: usize, title: &str) -> Document {
    let id = article_id(doc, number);
    edited(doc, |d| {
        let fresh = d.alloc_id();
        let (list, i) = siblings(d, id);
        let tail = list[i].children.split_off(keep);
        let mut second = Unit::new(fresh, Kind::Article);
        second.title = title.to_owned();
        second.children = tail;
        list.insert(i + 1, second);
    })
}

/// Article `number` absorbing the next one: its clauses keep their ids, its own id goes.
fn merge(doc: &Document, number: usize) -> Document {
    let id = article_id(doc, number);
    edited(doc, |d| {
        let (list, i) = siblings(d, id);
        let next = list.remove(i + 1);
        list[i].children.extend(next.children);
    })
}

#[test]
fn the_law_pair_reports_the_split_it_holds() {
    let (old, new) = (law(COOP_2012), law(COOP_2023));
    let r = redline(&old, &new, Alignment::ByContent, &opts());
    assert_rebuilds(&old, &new, &r);
    // Read in both texts: 2012 Điều 30 (Đại hội thành viên) clauses 3–5 (the delegates'
    // standards and election, their number, their duty to report back) are 2023 Điều 58
    // (Đại biểu tham dự đại hội đại biểu) clauses 1–3, while its clauses 1–2 stay in
    // 2023 Điều 57 (Đại hội thành viên).
    let d58 = by_new(&r, "Điều 58");
    assert_eq!((d58.status, d58.split_from.as_deref()), (Status::Added, Some("Điều 30")));
    assert_eq!(by_old(&r, "Điều 30").new.as_deref(), Some("Điều 57"));
    let lines: Vec<String> = r
        .articles
        .iter()
        .filter_map(|a| {
            quyche_diff::lineage_note(a)
                .map(|n| format!("{}: {n}", a.new.as_ref().or(a.old.as_ref()).unwrap()))
        })
        .collect();
    insta::assert_yaml_snapshot!("coop_2012_2023_lineage", lines);
    assert!(render_text(&r).contains("Điều 58 [mới] — Tách từ Điều 30\n"));
}

#[test]
fn a_split_is_reported_by_id_and_by_content() {
    let old = law(COOP_2023);
    // Điều 9 (Quyền của hợp tác xã…) after its clause 5: the rest becomes Điều 10.
    let clauses = old.articles().nth(8).unwrap().children.len();
    assert!(clauses > 7, "Điều 9 has {clauses} clauses");
    let new = split(&old, 9, 5, "Quyền khác của hợp tác xã, liên hiệp hợp tác xã");
    assert_eq!(new.articles().count(), old.articles().count() + 1);

    let r = redline(&old, &new, Alignment::ById, &opts());
    assert_rebuilds(&old, &new, &r);
    assert_eq!(lineage(&r), [(None, Some("Điều 10".into()), Some("Điều 9".into()), None)]);
    let head = by_new(&r, "Điều 9");
    assert_eq!((head.status, head.split_from.as_deref()), (Status::Modified, None));
    assert_eq!(r.summary.added, 1);

    // The same two texts read independently: no id in common, the clauses say it. The
    // second part holds 13 of the 18 clauses under a title close to the first's, so the
    // alignment pairs old Điều 9 with it, and the first part (clauses 1–5) stands alone:
    // it is the one split from Điều 9.
    let (old, new) = (reparsed(&old), reparsed(&new));
    let r = redline(&old, &new, Alignment::ByContent, &opts());
    assert_rebuilds(&old, &new, &r);
    assert_eq!(by_old(&r, "Điều 9").new.as_deref(), Some("Điều 10"));
    assert_eq!(lineage(&r), [(None, Some("Điều 9".into()), Some("Điều 9".into()), None)]);
    let json = serde_json::to_value(&r).unwrap();
    let added = json["articles"].as_array().unwrap().iter().find(|a| a["new"] == "Điều 9").unwrap();
    assert_eq!(added["split_from"], "Điều 9");
    assert!(added["merged_into"].is_null());
    assert!(render_html(&r, "cũ", "mới").contains("<p class=\"meta\">Tách từ Điều 9</p>"));

    // A title of its own keeps old Điều 9 with the first part: the second is the split.
    let new = split(&law(COOP_2023), 9, 5, "Hoạt động khác");
    let (old, new) = (reparsed(&law(COOP_2023)), reparsed(&new));
    let r = redline(&old, &new, Alignment::ByContent, &opts());
    assert_eq!(lineage(&r), [(None, Some("Điều 10".into()), Some("Điều 9".into()), None)]);
}

#[test]
fn a_merge_is_reported_by_id_and_by_content() {
    let old = law(COOP_2023);
    // Điều 31 (Quyền của thành viên) absorbs Điều 32 (Nghĩa vụ của thành viên).
    let new = merge(&old, 31);
    let r = redline(&old, &new, Alignment::ById, &opts());
    assert_rebuilds(&old, &new, &r);
    assert_eq!(lineage(&r), [(Some("Điều 32".into()), None, None, Some("Điều 31".into()))]);
    let gone = by_old(&r, "Điều 32");
    assert_eq!(gone.status, Status::Removed);
    assert!(render_text(&r).contains("Điều 32 [bị bỏ] — Nhập vào Điều 31\n"));

    let (old, new) = (reparsed(&old), reparsed(&new));
    let r = redline(&old, &new, Alignment::ByContent, &opts());
    assert_rebuilds(&old, &new, &r);
    assert_eq!(lineage(&r), [(Some("Điều 32".into()), None, None, Some("Điều 31".into()))]);
    let json = serde_json::to_value(&r).unwrap();
    let gone = json["articles"].as_array().unwrap().iter().find(|a| a["old"] == "Điều 32").unwrap();
    assert_eq!(gone["merged_into"], "Điều 31");
    assert!(gone["split_from"].is_null());
}

#[test]
fn an_edit_with_no_split_or_merge_reports_none() {
    let old = law(COOP_2023);
    let new = reparsed(&old);
    for r in [
        redline(&old, &old, Alignment::ById, &opts()),
        redline(&old, &new, Alignment::ByContent, &opts()),
    ] {
        assert!(lineage(&r).is_empty());
        assert_eq!(r.summary.consequential, 0);
        assert!(r.articles.iter().all(|a| a.ops.iter().all(|s| !s.consequential)));
    }
}

/// The 2023 law with an article inserted after Điều 1, references written again.
fn inserted_after_first(old: &Document) -> (Document, usize) {
    let mut unit = Unit::new(UnitId(0), Kind::Article);
    unit.title = "Nguyên tắc áp dụng".to_owned();
    unit.paragraphs.push("Quy chế này được áp dụng thống nhất.".to_owned());
    let out = insert_article(old, Place::After(article_id(old, 1)), unit).unwrap();
    let numerals = out.relabelled.len();
    (out.document, numerals)
}

/// Every pair is `k → k+1` for an article number, or the same for anything else.
fn assert_shifted_by_one(pairs: &[(String, String)], r: &Redline) {
    for (was, is) in pairs {
        let (w, i): (u32, u32) = (was.parse().unwrap(), is.parse().unwrap());
        assert_eq!(i, w + 1, "{was} → {is} ({} pairs, {})", pairs.len(), r.summary.consequential);
        assert!(w >= 2, "Điều {w} did not move");
    }
}

#[test]
fn an_insert_after_the_first_article_gives_only_consequential_changes() {
    let old = law(COOP_2023);
    let (new, relabelled) = inserted_after_first(&old);
    assert!(relabelled > 20, "{relabelled} references relabelled");
    for (by, old, new) in [
        (Alignment::ById, old.clone(), new.clone()),
        (Alignment::ByContent, reparsed(&old), reparsed(&new)),
    ] {
        let r = redline(&old, &new, by, &opts());
        assert_rebuilds(&old, &new, &r);
        let s = &r.summary;
        // One new article, every other one the same words: none is modified.
        assert_eq!((s.added, s.removed, s.modified), (1, 0, 0), "{by:?}");
        assert_eq!(s.unchanged as usize, old.articles().count(), "{by:?}");
        assert_eq!(s.renumbered as usize, old.articles().count() - 1, "{by:?}");
        let mut pairs = Vec::new();
        for a in r.articles.iter().filter(|a| a.status != Status::Added) {
            assert_eq!(real_edits(a), 0, "{by:?}: {:?} has a real edit", a.new);
            pairs.extend(consequential(a));
        }
        assert_eq!(pairs.len(), s.consequential as usize, "{by:?}");
        // Each relabelled reference changed at least one number.
        assert!(pairs.len() >= relabelled, "{by:?}: {} < {relabelled}", pairs.len());
        assert_shifted_by_one(&pairs, &r);
        let text = render_text(&r);
        assert!(text.contains(&format!("Tham chiếu: đổi số do đánh số lại {}\n", s.consequential)));
        assert!(text.contains("số hiệu tham chiếu thay đổi do đánh số lại"));
    }
}

#[test]
fn a_real_edit_next_to_a_consequential_one_is_still_an_edit() {
    let old = law(COOP_2023);
    let (mut new, _) = inserted_after_first(&old);
    // The first paragraph of a clause that names an article by number: a word just before
    // the reference is changed too.
    let refs = find_references(&new);
    let r0 = refs
        .linked()
        .find(|r| {
            r.written.starts_with("Điều ")
                && r.span.start > 4
                && matches!(r.field, quyche_text::references::Field::Paragraph(0))
                && new.find(r.unit).is_some_and(|u| u.kind == Kind::Clause)
        })
        .expect("a clause naming an article")
        .clone();
    let unit = new.find_mut(r0.unit).unwrap();
    let text = &mut unit.paragraphs[0];
    let before = text[..r0.span.start].trim_end().to_owned();
    let (head, _) = before.rsplit_once(' ').unwrap();
    *text = format!("{head} SỬA {}", &text[r0.span.start..]);

    let r = redline(&old, &new, Alignment::ById, &opts());
    assert_rebuilds(&old, &new, &r);
    assert_eq!((r.summary.modified, r.summary.added), (1, 1));
    let a = r.articles.iter().find(|a| a.status == Status::Modified).unwrap();
    assert!(real_edits(a) > 0);
    let inserted: String = a
        .ops
        .iter()
        .filter(|s| s.op == Op::Insert && !s.consequential)
        .map(|s| s.text.as_str())
        .collect();
    assert!(inserted.contains("SỬA"), "{inserted:?}");
    assert!(!consequential(a).is_empty(), "the reference itself is still consequential");
}

#[test]
fn the_structure_edits_split_and_merge_are_reported_by_id() {
    let old = law(COOP_2023);
    // quyche_text's own split (the editor's): Điều 9 before its sixth clause.
    let new = quyche_text::structure::split(&old, article_id(&old, 9), 5).unwrap().document;
    let r = redline(&old, &new, Alignment::ById, &opts());
    assert_rebuilds(&old, &new, &r);
    assert_eq!(lineage(&r), [(None, Some("Điều 10".into()), Some("Điều 9".into()), None)]);
    // Every later article is renumbered, references with them: not one is an edit.
    assert_eq!((r.summary.added, r.summary.modified), (1, 1));
    assert!(r.summary.consequential > 0);

    // And its merge back: old Điều 10 (the second part) goes into Điều 9.
    let back = quyche_text::structure::merge(&new, article_id(&new, 9)).unwrap().document;
    let r = redline(&new, &back, Alignment::ById, &opts());
    assert_rebuilds(&new, &back, &r);
    assert_eq!(lineage(&r), [(Some("Điều 10".into()), None, None, Some("Điều 9".into()))]);
    assert_eq!((r.summary.removed, r.summary.modified), (1, 1));
}

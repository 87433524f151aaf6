//! Structure edits (insert, move, delete, split, merge, promote, demote, retitle, on every
//! level) keep every reference naming the unit it named: on the 2023 cooperative law, and
//! on random sequences of edits.

use std::collections::HashSet;

use proptest::prelude::*;
use quyche_fixtures::{law, COOP_2023};
use quyche_model::{Document, Kind, Unit, UnitId};
use quyche_text::references::Field;
use quyche_text::structure::{self as edit};
use quyche_text::{
    delete_article, find_references, insert_article, move_article, parse, render, Outcome, Place,
    Reference, StructureError, BROKEN_REFERENCE,
};

fn coop() -> Document {
    parse(&law(COOP_2023)).document
}

/// The article shown as `Điều n`.
fn article(doc: &Document, n: usize) -> UnitId {
    doc.articles().nth(n - 1).unwrap().id
}

fn new_article(title: &str) -> Unit {
    let mut a = Unit::new(UnitId(0), Kind::Article);
    a.title = title.into();
    let mut clause = Unit::new(UnitId(0), Kind::Clause);
    clause.paragraphs.push("Nội dung mới.".into());
    a.children.push(clause);
    a
}

/// The tree without ids: what `parse(render(doc))` must give back.
fn shape(doc: &Document) -> String {
    fn go(u: &Unit, depth: usize, out: &mut String) {
        out.push_str(&format!("{depth} {:?} {:?} {:?}\n", u.kind, u.title, u.paragraphs));
        for c in &u.children {
            go(c, depth + 1, out);
        }
    }
    let mut out = format!("{:?}{:?}{:?}\n", doc.header, doc.preamble, doc.closing);
    for u in &doc.body {
        go(u, 0, &mut out);
    }
    out
}

fn assert_round_trip(doc: &Document) {
    let back = parse(&render(doc)).document;
    assert!(shape(&back) == shape(doc), "parse(render(doc)) is the document");
}

/// Each unit's fields, for comparing renders field by field.
fn fields(u: &Unit) -> Vec<(Field, &str)> {
    let mut v = vec![(Field::Title, u.title.as_str())];
    v.extend(u.paragraphs.iter().enumerate().map(|(i, p)| (Field::Paragraph(i), p.as_str())));
    v
}

#[test]
fn inserting_after_the_first_article_adds_one_to_every_later_article_number() {
    let before = coop();
    let refs = find_references(&before);
    let out = insert_article(&before, Place::After(article(&before, 1)), new_article("Điều mới"))
        .unwrap();
    let after = &out.document;
    assert_eq!(article(after, 2), out.article);
    assert!(before.find(out.article).is_none(), "a fresh id");
    assert_round_trip(after);

    // What every field must read: each linked article numeral k ≥ 2 written k+1.
    let mut expected_changes = 0;
    for u in before.walk() {
        let got = after.find(u.id).unwrap();
        for ((field, text), (_, got)) in fields(u).into_iter().zip(fields(got)) {
            let mut want = text.to_owned();
            let mut numerals: Vec<_> = refs
                .internal
                .iter()
                .filter(|r| r.unit == u.id && r.field == field)
                .flat_map(|r| r.numerals.iter())
                .filter(|x| x.kind == Kind::Article && x.target.is_some())
                .collect();
            numerals.sort_by_key(|x| std::cmp::Reverse(x.span.start));
            for x in numerals {
                let k: u32 = x.written.parse().unwrap();
                if k >= 2 {
                    want.replace_range(x.span.clone(), &(k + 1).to_string());
                    expected_changes += 1;
                }
            }
            assert_eq!(got, want);
        }
    }
    assert!(expected_changes > 50, "{expected_changes}");
    assert!(!out.relabelled.is_empty() && out.broken.is_empty());
    let r = out
        .relabelled
        .iter()
        .find(|r| r.before == "khoản 2 Điều 7 của Luật này")
        .expect("Điều 18's condition is relabelled");
    assert_eq!(r.after, "khoản 2 Điều 8 của Luật này");
    assert!(r.place.ends_with("Điều 19"), "{}", r.place);
    // Everything else is unchanged: the render differs only in the relabelled numbers
    // and the new article.
    let text = render(after);
    assert!(text.contains("Điều 2. Điều mới\n1. Nội dung mới.\n"));
    assert!(text.contains("Điều 3. Đối tượng áp dụng"));
    assert_eq!(text.lines().count(), render(&before).lines().count() + 2);
}

#[test]
fn moving_an_article_above_its_target_relabels_the_reference() {
    let before = coop();
    // Điều 18 names khoản 2 Điều 7; Điều 7 goes before Điều 3.
    let out =
        move_article(&before, article(&before, 7), Place::Before(article(&before, 3))).unwrap();
    let text = render(&out.document);
    assert!(text.contains("Điều 3. Hành vi bị nghiêm cấm liên quan đến tổ hợp tác"));
    assert!(text.contains("Điều 4. Áp dụng Luật Hợp tác xã và luật khác"));
    assert!(text.contains("hành vi bị nghiêm cấm quy định tại khoản 2 Điều 3 của Luật này"));
    assert!(!text.contains("hành vi bị nghiêm cấm quy định tại khoản 2 Điều 7 của Luật này"));
    assert!(out
        .relabelled
        .iter()
        .any(|r| r.before == "khoản 2 Điều 7 của Luật này"
            && r.after == "khoản 2 Điều 3 của Luật này"));
    assert!(out.broken.is_empty());
    assert_eq!(before.stats(), out.document.stats());
    assert_round_trip(&out.document);
    // Moved back, the text is the law again, word for word.
    let back =
        move_article(&out.document, out.article, Place::After(article(&out.document, 7))).unwrap();
    assert!(render(&back.document) == render(&before), "moved back, the law reads as before");
}

#[test]
fn deleting_a_referenced_article_is_refused_then_forced_with_every_broken_reference_listed() {
    let before = coop();
    let seven = article(&before, 7);
    let err = delete_article(&before, seven, false).unwrap_err();
    let StructureError::Referenced { unit: label, places, count } = &err else { panic!("{err:?}") };
    assert_eq!(label, "Điều 7");
    assert!(places.iter().any(|p| p.ends_with("Điều 18")), "{places:?}");
    assert!(*count >= 2);
    let message = err.to_string();
    assert!(message.starts_with("Điều 7 được tham chiếu tại "), "{message}");
    assert!(!message.contains("c0") && !message.contains("UnitId"), "{message}");

    let out = delete_article(&before, seven, true).unwrap();
    let text = render(&out.document);
    assert_eq!(out.broken.len(), *count);
    assert_eq!(text.matches(BROKEN_REFERENCE).count(), out.broken.len());
    assert!(out.broken.iter().all(|b| b.written.contains("Điều 7")));
    assert!(text.contains("hành vi bị nghiêm cấm quy định tại [tham chiếu không còn];"));
    assert_eq!(out.document.stats().articles + 1, before.stats().articles);
    // Nothing else is broken: what was linked is still linked.
    let linked = |d: &Document| find_references(d).linked().count();
    assert_eq!(linked(&out.document) + out.broken.len(), linked(&before));
    assert_eq!(
        find_references(&out.document).unresolved().count(),
        find_references(&before).unresolved().count()
    );
    assert_round_trip(&out.document);
}

#[test]
fn an_unreferenced_article_deletes_without_force_and_the_last_never() {
    let before = coop();
    let refs = find_references(&before);
    let named: HashSet<UnitId> = refs.internal.iter().flat_map(|r| r.targets.clone()).collect();
    let free = before
        .articles()
        .find(|a| a.walk().all(|u| !named.contains(&u.id)))
        .expect("an article no one names")
        .id;
    let out = delete_article(&before, free, false).unwrap();
    assert!(out.broken.is_empty());

    let one = parse("QUY CHẾ\nLàm việc\nĐiều 1. Một\nNội dung.\n").document;
    assert_eq!(
        delete_article(&one, article(&one, 1), true).unwrap_err(),
        StructureError::LastArticle
    );
    assert!(matches!(
        move_article(&before, free, Place::After(free)),
        Err(StructureError::SelfPlace)
    ));
    let clause = before.walk().find(|u| u.kind == Kind::Clause).unwrap().id;
    assert!(matches!(delete_article(&before, clause, true), Err(StructureError::NoSuchArticle(_))));
}

/// A regulation of `n` articles in two chapters, each naming two others.
fn small(n: usize) -> Document {
    let mut t = String::from("QUY CHẾ\nLàm việc\nChương I\nCHUNG\n");
    for k in 1..=n {
        if k == n / 2 + 1 {
            t.push_str("Chương II\nRIÊNG\n");
        }
        let (a, b) = ((k * 7) % n + 1, (k * 3) % n + 1);
        t.push_str(&format!(
            "Điều {k}. Tiêu đề {k}\n1. Theo khoản 2 Điều {a} của Quy chế này.\n\
             2. Như Điều {b} và điểm a khoản 2 Điều này:\na) Điểm a.\nb) Điểm b.\n"
        ));
    }
    parse(&t).document
}

#[derive(Clone, Debug)]
enum Op {
    Insert(usize, bool),
    Move(usize, usize, bool),
    Delete(usize, bool),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..50usize, any::<bool>()).prop_map(|(a, after)| Op::Insert(a, after)),
        (0..50usize, 0..50usize, any::<bool>()).prop_map(|(a, b, after)| Op::Move(a, b, after)),
        (0..50usize, any::<bool>()).prop_map(|(a, force)| Op::Delete(a, force)),
    ]
}

/// What each reference outside `skip` names, by unit ids.
fn named(doc: &Document, skip: &HashSet<UnitId>) -> Vec<(UnitId, Field, Vec<UnitId>)> {
    let mut v: Vec<_> = find_references(doc)
        .internal
        .into_iter()
        .filter(|r| !skip.contains(&r.unit))
        .map(|r| (r.unit, r.field, r.targets))
        .collect();
    v.sort_by_key(|(u, f, _)| (*u, format!("{f:?}")));
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_edits_keep_ids_numbers_and_references(ops in proptest::collection::vec(op(), 1..8)) {
        let mut doc = small(12);
        let mut inserted: HashSet<UnitId> = HashSet::new();
        let mut broken_total = 0;
        for op in ops {
            let ids: Vec<UnitId> = doc.articles().map(|a| a.id).collect();
            let pick = |i: usize| ids[i % ids.len()];
            let place = |i: usize, after: bool| {
                if after { Place::After(pick(i)) } else { Place::Before(pick(i)) }
            };
            let before_refs = find_references(&doc);
            let result: Result<Outcome, StructureError> = match op {
                Op::Insert(a, after) => insert_article(&doc, place(a, after), new_article("Mới")),
                Op::Move(a, b, after) => move_article(&doc, pick(a), place(b, after)),
                Op::Delete(a, force) => delete_article(&doc, pick(a), force),
            };
            let out = match result {
                Ok(out) => out,
                Err(StructureError::Referenced { .. } | StructureError::SelfPlace) => continue,
                Err(StructureError::LastArticle) => { prop_assert_eq!(ids.len(), 1); continue }
                Err(e) => return Err(TestCaseError::fail(format!("{e:?}"))),
            };
            let gone: HashSet<UnitId> = doc
                .find(out.article)
                .filter(|_| matches!(op, Op::Delete(..)))
                .map(|a| a.walk().map(|u| u.id).collect())
                .unwrap_or_default();
            if matches!(op, Op::Insert(..)) {
                inserted.extend(out.document.find(out.article).unwrap().walk().map(|u| u.id));
            }
            // Every reference still standing names what it named, or is listed as broken.
            let broken_here: Vec<_> = before_refs
                .internal
                .iter()
                .filter(|r| !gone.contains(&r.unit)
                    && r.targets.iter().any(|t| gone.contains(t)))
                .collect();
            prop_assert_eq!(out.broken.len(), broken_here.len());
            // A broken mark inside a deleted article goes with it.
            let marks_gone = doc
                .find(out.article)
                .filter(|_| matches!(op, Op::Delete(..)))
                .map_or(0, |a| quyche_text::render_article_text(a).matches(BROKEN_REFERENCE).count());
            broken_total = broken_total + out.broken.len() - marks_gone;
            let mut skip = inserted.clone();
            skip.extend(gone.iter().copied());
            let mut was = named(&doc, &skip);
            let broken_keys: Vec<_> = broken_here.iter().map(|r| (r.unit, r.field)).collect();
            was.retain(|(u, f, _)| !broken_keys.contains(&(*u, *f)));
            let mut now = named(&out.document, &skip);
            now.retain(|(u, f, _)| !broken_keys.contains(&(*u, *f)));
            prop_assert_eq!(now, was);
            prop_assert_eq!(find_references(&out.document).unresolved().count(), 0);
            prop_assert_eq!(render(&out.document).matches(BROKEN_REFERENCE).count(), broken_total);

            doc = out.document;
            // Ids unique and below next_id; articles numbered 1, 2, 3… in order.
            let all: Vec<UnitId> = doc.walk().map(|u| u.id).collect();
            let unique: HashSet<UnitId> = all.iter().copied().collect();
            prop_assert_eq!(unique.len(), all.len());
            prop_assert!(all.iter().all(|id| id.0 < doc.next_id));
            let numbering = doc.numbering();
            let ordinals: Vec<u32> =
                doc.articles().map(|a| numbering.label(a.id).unwrap().ordinal).collect();
            prop_assert_eq!(ordinals, (1..=all_articles(&doc)).collect::<Vec<u32>>());
            assert_round_trip(&doc);
        }
    }
}

fn all_articles(doc: &Document) -> u32 {
    doc.stats().articles
}

// ---------------------------------------------------------------------------------------
// Every level: split, merge, move a clause, promote, demote, delete a chapter, retitle.

/// The article that is or holds `id`.
fn article_of(doc: &Document, id: UnitId) -> UnitId {
    let n = doc.numbering();
    let mut cur = id;
    while n.label(cur).unwrap().kind != Kind::Article {
        cur = n.parent(cur).unwrap();
    }
    cur
}

fn ordinal(doc: &Document, id: UnitId) -> u32 {
    doc.numbering().label(id).unwrap().ordinal
}

/// Linked references naming one unit of `kind`, written outside its article (so they
/// name the article), with that unit.
fn named_from_outside(doc: &Document, kind: Kind) -> Vec<(Reference, UnitId)> {
    find_references(doc)
        .internal
        .into_iter()
        .filter(|r| r.is_linked() && r.targets.len() == 1 && !r.relative)
        .filter(|r| doc.find(r.targets[0]).unwrap().kind == kind)
        .filter(|r| {
            doc.find(r.unit).unwrap().kind != Kind::Chapter
                && article_of(doc, r.unit) != article_of(doc, r.targets[0])
        })
        .map(|r| {
            let t = r.targets[0];
            (r, t)
        })
        .collect()
}

/// What every reference names, as a multiset, with `remap` applied (a merged-away unit
/// names its survivor); references standing inside `gone` are left out.
fn targets(doc: &Document, gone: &HashSet<UnitId>, remap: &[(UnitId, UnitId)]) -> Vec<Vec<UnitId>> {
    let map = |t: UnitId| remap.iter().find(|(a, _)| *a == t).map_or(t, |(_, b)| *b);
    let mut v: Vec<Vec<UnitId>> = find_references(doc)
        .internal
        .into_iter()
        .filter(|r| !gone.contains(&r.unit))
        .map(|r| r.targets.into_iter().map(map).collect())
        .collect();
    v.sort();
    v
}

/// What must hold after every edit: the text reads back as the tree, ids unique and below
/// `next_id`, articles numbered 1, 2, 3… in order, and no reference left unresolved that
/// was not before.
fn assert_sound(doc: &Document, before: &Document) {
    assert_round_trip(doc);
    let all: Vec<UnitId> = doc.walk().map(|u| u.id).collect();
    let unique: HashSet<UnitId> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len(), "ids unique");
    assert!(all.iter().all(|id| id.0 < doc.next_id));
    let n = doc.numbering();
    let ordinals: Vec<u32> = doc.articles().map(|a| n.label(a.id).unwrap().ordinal).collect();
    assert_eq!(ordinals, (1..=doc.stats().articles).collect::<Vec<u32>>());
    let unresolved = |d: &Document| find_references(d).unresolved().count();
    assert!(unresolved(doc) <= unresolved(before), "no reference lost its target");
    let gaps = |d: &Document| {
        parse(&render(d)).diagnostics.iter().filter(|x| x.code.starts_with("numbering")).count()
    };
    assert!(gaps(doc) <= gaps(before), "numbering gapless");
}

fn relabelled_to<'a>(out: &'a Outcome, before: &str) -> &'a str {
    &out.relabelled.iter().find(|r| r.before == before).unwrap_or_else(|| panic!("{before}")).after
}

#[test]
fn splitting_an_article_makes_its_later_clauses_a_new_article_and_references_follow() {
    let doc = coop();
    let (r, clause) = named_from_outside(&doc, Kind::Clause)
        .into_iter()
        .find(|(_, c)| ordinal(&doc, *c) >= 2)
        .expect("a reference to a later clause");
    let a = article_of(&doc, clause);
    let (k, n) = (ordinal(&doc, clause), ordinal(&doc, a));
    let out = edit::split(&doc, a, k as usize - 1).unwrap();
    let after = &out.document;
    assert_eq!(ordinal(after, out.article), n + 1, "the second part follows");
    assert_eq!(article_of(after, clause), out.article, "the clause went with it, id kept");
    assert_eq!(ordinal(after, clause), 1);
    let ids = |d: &Document| d.walk().map(|u| u.id).collect::<HashSet<_>>();
    let mut want = ids(&doc);
    want.insert(out.article);
    assert_eq!(ids(after), want, "child ids kept, one fresh id");
    let expected =
        r.written.replacen(&format!("khoản {k} Điều {n}"), &format!("khoản 1 Điều {}", n + 1), 1);
    assert_ne!(expected, r.written);
    assert_eq!(relabelled_to(&out, &r.written), expected);
    assert!(out.broken.is_empty());
    assert_eq!(targets(after, &HashSet::new(), &[]), targets(&doc, &HashSet::new(), &[]));
    assert_sound(after, &doc);
    // The reading order of the words is the law's: only numbers moved.
    assert_eq!(after.stats().articles, doc.stats().articles + 1);
}

#[test]
fn merging_two_articles_keeps_the_clauses_and_points_a_reference_to_the_absorbed_one_at_the_survivor(
) {
    let doc = coop();
    // Điều B's clause is named from outside; Điều B-1 absorbs Điều B.
    let (r, clause, first, second) = named_from_outside(&doc, Kind::Clause)
        .into_iter()
        .find_map(|(r, c)| {
            let b = article_of(&doc, c);
            let prev = doc.articles().take_while(|x| x.id != b).last()?;
            let bu = doc.find(b).unwrap();
            let same_parent = doc.numbering().parent(prev.id) == doc.numbering().parent(b);
            (same_parent && !prev.children.is_empty() && bu.paragraphs.is_empty())
                .then_some((r, c, prev.id, b))
        })
        .expect("two articles to merge");
    let clauses_before = doc.find(first).unwrap().children.len() as u32;
    let (k, b) = (ordinal(&doc, clause), ordinal(&doc, second));
    let out = edit::merge(&doc, first).unwrap();
    let after = &out.document;
    assert_eq!(out.article, first);
    assert!(after.find(second).is_none(), "the absorbed article's id is gone");
    assert_eq!(article_of(after, clause), first);
    assert_eq!(ordinal(after, clause), clauses_before + k);
    let expected = r.written.replacen(
        &format!("khoản {k} Điều {b}"),
        &format!("khoản {} Điều {}", clauses_before + k, b - 1),
        1,
    );
    assert_eq!(relabelled_to(&out, &r.written), expected);
    // Every reference names what it named; one to the absorbed article names the survivor.
    assert_eq!(
        targets(after, &HashSet::new(), &[]),
        targets(&doc, &HashSet::new(), &[(second, first)])
    );
    assert!(out.broken.is_empty());
    assert_sound(after, &doc);

    // The last article has nothing after it: refused, named by number.
    let last = doc.articles().last().unwrap().id;
    let e = edit::merge(&doc, last).unwrap_err();
    assert!(matches!(e, StructureError::CannotMerge(_)));
    let n = doc.stats().articles;
    assert!(e.to_string().starts_with(&format!("Điều {n} không có")), "{e}");
}

#[test]
fn moving_a_clause_another_article_names_keeps_the_reference_on_it() {
    let doc = coop();
    // Điều 18 names khoản 2 Điều 7.
    let seven = article(&doc, 7);
    let clause = doc.find(seven).unwrap().children[1].id;
    let written = "khoản 2 Điều 7 của Luật này";
    // First in its own article.
    let first = doc.find(seven).unwrap().children[0].id;
    let out = edit::move_unit(&doc, clause, Place::Before(first)).unwrap();
    assert_eq!(relabelled_to(&out, written), "khoản 1 Điều 7 của Luật này");
    assert!(render(&out.document).contains("quy định tại khoản 1 Điều 7 của Luật này"));
    assert_sound(&out.document, &doc);
    // Into another article, last.
    let eight = article(&doc, 8);
    let last = doc.find(eight).unwrap().children.len() + 1;
    let out = edit::move_unit(&doc, clause, Place::Into(eight)).unwrap();
    assert_eq!(relabelled_to(&out, written), format!("khoản {last} Điều 8 của Luật này"));
    assert_eq!(targets(&out.document, &HashSet::new(), &[]), targets(&doc, &HashSet::new(), &[]));
    assert_sound(&out.document, &doc);
    // A clause never stands in a chapter, nor next to an article.
    let chapter = doc.body[0].id;
    let e = edit::move_unit(&doc, clause, Place::Into(chapter)).unwrap_err();
    assert_eq!(e.to_string(), "không thể đặt khoản 2 Điều 7 vào Chương I");
    let e = edit::move_unit(&doc, clause, Place::After(eight)).unwrap_err();
    assert_eq!(e.to_string(), "không thể đặt khoản 2 Điều 7 sau Điều 8");
    assert_eq!(
        edit::move_unit(&doc, seven, Place::Into(clause)).unwrap_err(),
        StructureError::SelfPlace
    );

    // An article into another chapter, last: Điều 18's reference follows it there.
    let chapter_two = doc.body[1].id;
    let last_of_two =
        doc.find(chapter_two).unwrap().walk().filter(|u| u.kind == Kind::Article).count();
    let out = edit::move_unit(&doc, seven, Place::Into(chapter_two)).unwrap();
    let n = 16 + last_of_two; // Chương I holds Điều 1–16; Điều 7 leaves it.
    assert_eq!(ordinal(&out.document, seven), n as u32);
    assert_eq!(relabelled_to(&out, written), format!("khoản 2 Điều {n} của Luật này"));
    assert_eq!(targets(&out.document, &HashSet::new(), &[]), targets(&doc, &HashSet::new(), &[]));
    assert_sound(&out.document, &doc);
}

#[test]
fn promoting_a_point_makes_it_the_next_clause_and_demoting_it_gives_the_law_back() {
    let doc = coop();
    let (r, point) = named_from_outside(&doc, Kind::Point)
        .into_iter()
        .find(|(_, p)| {
            let n = doc.numbering();
            ordinal(&doc, *p) >= 2 && n.label(n.parent(*p).unwrap()).unwrap().kind == Kind::Clause
        })
        .expect("a reference to a later point of a clause");
    let n = doc.numbering();
    let clause = n.parent(point).unwrap();
    let a = article_of(&doc, point);
    let (p, c, an) = (ordinal(&doc, point), ordinal(&doc, clause), ordinal(&doc, a));
    let following = doc.find(clause).unwrap().children.len() as u32 - p;
    let out = edit::promote(&doc, point).unwrap();
    let after = &out.document;
    let promoted = after.find(point).unwrap();
    assert_eq!(promoted.kind, Kind::Clause, "the point is the clause: same id");
    assert_eq!(ordinal(after, point), c + 1);
    assert_eq!(promoted.children.len() as u32, following, "the points after it are its points");
    let letter = quyche_model::point_letter(p);
    let expected = r.written.replacen(
        &format!("điểm {letter} khoản {c} Điều {an}"),
        &format!("khoản {} Điều {an}", c + 1),
        1,
    );
    assert_ne!(expected, r.written);
    assert_eq!(relabelled_to(&out, &r.written), expected);
    assert_eq!(targets(after, &HashSet::new(), &[]), targets(&doc, &HashSet::new(), &[]));
    assert_sound(after, &doc);

    let back = edit::demote(after, point).unwrap();
    assert!(render(&back.document) == render(&doc), "demoted, the law reads as before");
    assert!(back.document.walk().map(|u| (u.id, u.kind)).eq(doc.walk().map(|u| (u.id, u.kind))));

    // A clause is not promoted; the first clause has no clause to join.
    assert!(matches!(edit::promote(&doc, clause), Err(StructureError::CannotPromote(_))));
    let first = doc.find(a).unwrap().children[0].id;
    let e = edit::demote(&doc, first).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("khoản 1 Điều {an} không có khoản đứng trước để làm điểm của khoản đó")
    );
}

#[test]
fn deleting_a_referenced_chapter_is_refused_then_forced_with_every_broken_reference_listed() {
    let doc = coop();
    let refs = find_references(&doc);
    let (chapter, count) = doc
        .body
        .iter()
        .filter(|c| c.kind == Kind::Chapter)
        .map(|c| {
            let inside: HashSet<UnitId> = c.walk().map(|u| u.id).collect();
            let count = refs
                .internal
                .iter()
                .filter(|r| !inside.contains(&r.unit))
                .filter(|r| {
                    r.targets
                        .iter()
                        .chain(r.numerals.iter().filter_map(|n| n.target.as_ref()))
                        .any(|t| inside.contains(t))
                })
                .count();
            (c, count)
        })
        .find(|(_, count)| *count > 0)
        .expect("a chapter named from outside");
    let name = format!("Chương {}", quyche_model::roman(ordinal(&doc, chapter.id)));
    let e = edit::delete(&doc, chapter.id, false).unwrap_err();
    assert!(matches!(e, StructureError::Referenced { count: c, .. } if c == count), "{e:?}");
    assert!(e.to_string().starts_with(&format!("{name} được tham chiếu tại ")), "{e}");

    let out = edit::delete(&doc, chapter.id, true).unwrap();
    let after = &out.document;
    assert_eq!(out.broken.len(), count);
    assert_eq!(render(after).matches(BROKEN_REFERENCE).count(), count);
    let articles = chapter.walk().filter(|u| u.kind == Kind::Article).count() as u32;
    assert_eq!(after.stats().articles + articles, doc.stats().articles);
    assert_eq!(after.stats().chapters + 1, doc.stats().chapters);
    assert_sound(after, &doc);
}

#[test]
fn retitling_checks_the_text_and_keeps_every_id() {
    let doc = coop();
    let chapter = doc.body[0].id;
    let nfd = "Quy đi\u{0323}nh chung"; // “định” written with a combining dot below
    let out = edit::retitle(&doc, chapter, nfd).unwrap();
    assert_eq!(out.document.find(chapter).unwrap().title, "Quy định chung");
    assert!(out.relabelled.is_empty() && out.broken.is_empty());
    assert_sound(&out.document, &doc);
    for (bad, kind) in [("Tên\u{202E}lạ", "có"), ("", "cần có tên"), ("Hai\ndòng", "một dòng")]
    {
        let e = edit::retitle(&doc, chapter, bad).unwrap_err();
        assert!(matches!(e, StructureError::BadTitle(_)), "{e:?}");
        assert!(e.to_string().contains("Chương I") && e.to_string().contains(kind), "{e}");
    }
    // An article may be untitled; a clause has no title.
    let a = article(&doc, 7);
    let out = edit::retitle(&doc, a, "").unwrap();
    assert_sound(&out.document, &doc);
    let clause = doc.find(a).unwrap().children[0].id;
    assert!(matches!(edit::retitle(&doc, clause, "x"), Err(StructureError::BadTitle(_))));
}

#[test]
fn inserting_on_every_level() {
    let doc = coop();
    let seven = article(&doc, 7);
    let c2 = doc.find(seven).unwrap().children[1].id;
    let mut clause = Unit::new(UnitId(0), Kind::Clause);
    clause.paragraphs.push("Khoản mới.".into());
    let out = edit::insert(&doc, Place::Before(c2), clause).unwrap();
    assert_eq!(relabelled_to(&out, "khoản 2 Điều 7 của Luật này"), "khoản 3 Điều 7 của Luật này");
    assert_sound(&out.document, &doc);

    let mut chapter = Unit::new(UnitId(0), Kind::Chapter);
    chapter.title = "CHƯƠNG MỚI".into();
    chapter.children.push(new_article("Điều trong chương mới"));
    let out = edit::insert(&doc, Place::After(doc.body[0].id), chapter).unwrap();
    assert_eq!(out.document.stats().chapters, doc.stats().chapters + 1);
    assert!(
        render(&out.document).contains("Chương II\nCHƯƠNG MỚI\nĐiều 17. Điều trong chương mới\n")
    );
    assert_sound(&out.document, &doc);

    let mut point = Unit::new(UnitId(0), Kind::Point);
    point.paragraphs.push("Điểm mới;".into());
    let e = edit::insert(&doc, Place::Into(doc.body[0].id), point).unwrap_err();
    assert_eq!(e.to_string(), "không thể đặt một điểm vào Chương I");
}

// ---------------------------------------------------------------------------------------
// Random sequences of every operation.

#[derive(Clone, Debug)]
enum AnyOp {
    Insert(Kind, usize, u8),
    Move(usize, usize, u8),
    Delete(usize, bool),
    Split(usize, usize),
    Merge(usize),
    Promote(usize),
    Demote(usize),
    Retitle(usize),
}

fn any_op() -> impl Strategy<Value = AnyOp> {
    let kind = prop_oneof![
        Just(Kind::Chapter),
        Just(Kind::Section),
        Just(Kind::Article),
        Just(Kind::Clause),
        Just(Kind::Point)
    ];
    prop_oneof![
        (kind, 0..200usize, 0..3u8).prop_map(|(k, a, m)| AnyOp::Insert(k, a, m)),
        (0..200usize, 0..200usize, 0..3u8).prop_map(|(a, b, m)| AnyOp::Move(a, b, m)),
        (0..200usize, any::<bool>()).prop_map(|(a, f)| AnyOp::Delete(a, f)),
        (0..200usize, 1..4usize).prop_map(|(a, at)| AnyOp::Split(a, at)),
        (0..200usize).prop_map(AnyOp::Merge),
        (0..200usize).prop_map(AnyOp::Promote),
        (0..200usize).prop_map(AnyOp::Demote),
        (0..200usize).prop_map(AnyOp::Retitle),
    ]
}

/// A regulation with every shape the edits meet: chapters with and without sections,
/// articles with a lead paragraph, clauses and points, articles of paragraphs only, and
/// references of every form (qualified, unqualified, relative, to chapters and sections).
fn varied(n: usize) -> Document {
    let mut t = String::from("QUY CHẾ\nLàm việc\nChương I\nCHUNG\n");
    for k in 1..=n {
        if k == n / 3 + 1 {
            t.push_str("Chương II\nRIÊNG\nMục 1. Phần đầu\n");
        }
        if k == n / 2 + 1 {
            t.push_str("Mục 2. Phần sau\n");
        }
        if k == 2 * n / 3 + 1 {
            t.push_str("Chương III\nCUỐI\n");
        }
        // Điều a has points in its clause 1; Điều b has clauses.
        let (a, b) = (3 * ((k * 7) % (n / 3)) + 1, 3 * ((k * 5) % (n / 3)) + 2);
        t.push_str(&format!("Điều {k}. Tiêu đề {k}\n"));
        match k % 3 {
            0 => t.push_str(&format!(
                "Đoạn một theo Điều {a} và Chương này.\nĐoạn hai theo khoản 1 Điều {b}.\n"
            )),
            1 => t.push_str(&format!(
                "Điều này gồm:\n1. Các việc sau:\na) Theo điểm c khoản 1;\nb) Như khoản 2 Điều này;\n\
                 c) Xem Mục 1 Chương II.\n2. Theo khoản 1 và điểm b khoản 1 Điều {a}.\n"
            )),
            _ => t.push_str(&format!("1. Theo Điều {a}, Điều {b}.\n2. Theo khoản 1.\n")),
        }
    }
    let doc = parse(&t).document;
    assert_eq!(find_references(&doc).unresolved().count(), 0);
    doc
}

fn fresh(kind: Kind) -> Unit {
    let mut u = Unit::new(UnitId(0), kind);
    match kind {
        Kind::Chapter | Kind::Section => {
            u.title = "MỚI".into();
            u.children.push(new_article("Trong chương hay mục mới"));
        }
        Kind::Article => return new_article("Mới"),
        _ => u.paragraphs.push("Nội dung mới.".into()),
    }
    u
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_edits_on_every_level_keep_ids_numbers_and_references(
        ops in proptest::collection::vec(any_op(), 1..10),
        shaped in any::<bool>(),
    ) {
        let mut doc = if shaped { varied(12) } else { small(10) };
        let mut broken_total = 0;
        for op in ops {
            let units: Vec<(UnitId, Kind)> = doc.walk().map(|u| (u.id, u.kind)).collect();
            // Mostly units an operation applies to, so that most edits are made.
            let of = |kinds: &[Kind], i: usize| {
                let v: Vec<UnitId> =
                    units.iter().filter(|(_, k)| kinds.contains(k)).map(|(id, _)| *id).collect();
                if v.is_empty() { units[i % units.len()].0 } else { v[i % v.len()] }
            };
            let pick = |i: usize| units[i % units.len()].0;
            let kind_of = |id: UnitId| doc.find(id).unwrap().kind;
            let place = |kind: Kind, i: usize, m: u8| match m {
                0 => Place::After(of(&[kind], i)),
                1 => Place::Before(of(&[kind], i)),
                _ => Place::Into(pick(i)),
            };
            let mut gone: HashSet<UnitId> = HashSet::new();
            let mut remap = Vec::new();
            let result = match op {
                AnyOp::Insert(kind, a, m) => edit::insert(&doc, place(kind, a, m), fresh(kind)),
                AnyOp::Move(a, b, m) => edit::move_unit(&doc, pick(a), place(kind_of(pick(a)), b, m)),
                AnyOp::Delete(a, force) => {
                    gone = doc.find(pick(a)).unwrap().walk().map(|u| u.id).collect();
                    edit::delete(&doc, pick(a), force)
                }
                AnyOp::Split(a, at) => {
                    edit::split(&doc, of(&[Kind::Chapter, Kind::Section, Kind::Article], a), at)
                }
                AnyOp::Merge(a) => {
                    let n = doc.numbering();
                    let id = pick(a);
                    let next = doc
                        .walk()
                        .find(|u| n.parent(u.id) == n.parent(id)
                            && doc.find(id).unwrap().kind == u.kind
                            && n.label(u.id).unwrap().ordinal == n.label(id).unwrap().ordinal + 1);
                    if let Some(next) = next { remap.push((next.id, id)); }
                    edit::merge(&doc, id)
                }
                AnyOp::Promote(a) => edit::promote(&doc, of(&[Kind::Point], a)),
                AnyOp::Demote(a) => edit::demote(&doc, of(&[Kind::Clause], a)),
                AnyOp::Retitle(a) => {
                    edit::retitle(&doc, of(&[Kind::Chapter, Kind::Article], a), "Tiêu đề mới")
                }
            };
            let out = match result {
                Ok(out) => out,
                Err(StructureError::NoSuchUnit(_) | StructureError::NoSuchArticle(_)) => {
                    return Err(TestCaseError::fail(format!("{op:?}: an id of the document")))
                }
                Err(e) => {
                    // A refusal is typed and named by number, never by id.
                    prop_assert!(!e.to_string().is_empty() && !e.to_string().contains("UnitId"));
                    continue
                }
            };
            // Every reference standing outside what was deleted names what it named (a
            // merged-away unit: its survivor), or is listed as broken.
            let before_refs = find_references(&doc);
            let broken_here = before_refs
                .internal
                .iter()
                .filter(|r| !gone.contains(&r.unit)
                    && r.targets.iter().chain(r.numerals.iter().filter_map(|n| n.target.as_ref()))
                        .any(|t| gone.contains(t)))
                .count();
            prop_assert_eq!(out.broken.len(), broken_here, "{:?}", op);
            let mut want = targets(&doc, &gone, &remap);
            let broken_targets: Vec<Vec<UnitId>> = before_refs
                .internal
                .iter()
                .filter(|r| !gone.contains(&r.unit) && r.targets.iter().any(|t| gone.contains(t)))
                .map(|r| r.targets.clone())
                .collect();
            for b in broken_targets {
                if let Some(i) = want.iter().position(|w| *w == b) { want.remove(i); }
            }
            prop_assert_eq!(targets(&out.document, &HashSet::new(), &[]), want, "{:?}", op);
            let marks_gone = gone.iter().filter_map(|id| doc.find(*id)).map(|u| {
                u.title.matches(BROKEN_REFERENCE).count()
                    + u.paragraphs.iter().map(|p| p.matches(BROKEN_REFERENCE).count()).sum::<usize>()
            }).sum::<usize>();
            broken_total = broken_total + out.broken.len() - marks_gone;
            prop_assert_eq!(render(&out.document).matches(BROKEN_REFERENCE).count(), broken_total);
            prop_assert_eq!(find_references(&out.document).unresolved().count(), 0, "{:?}", op);
            assert_sound(&out.document, &doc);
            doc = out.document;
        }
    }
}

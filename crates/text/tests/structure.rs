//! Structure edits (insert, move, delete an article) keep every reference naming the unit
//! it named: on the 2023 cooperative law, and on random sequences of edits.

use std::collections::HashSet;

use proptest::prelude::*;
use quyche_fixtures::{law, COOP_2023};
use quyche_model::{Document, Kind, Unit, UnitId};
use quyche_text::references::Field;
use quyche_text::{
    delete_article, find_references, insert_article, move_article, parse, render, Outcome, Place,
    StructureError, BROKEN_REFERENCE,
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
    let StructureError::Referenced { article: label, places, count } = &err else {
        panic!("{err:?}")
    };
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

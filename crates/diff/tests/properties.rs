//! Random edits of real articles: the ops always rebuild both texts, identical inputs
//! give no change, and the output is deterministic.
mod common;

use common::{law, rebuild};
use proptest::prelude::*;
use quyche_diff::{diff_text, redline, Alignment, Op, Options, Status};
use quyche_model::{Document, Kind};

fn article_texts() -> Vec<String> {
    let mut out = Vec::new();
    for name in [quyche_fixtures::COOP_2012, quyche_fixtures::COOP_2023] {
        out.extend(law(name).articles().map(quyche_text::render_article_text));
    }
    out
}

#[derive(Clone, Debug)]
enum Edit {
    InsertWord(usize, String),
    DeleteWord(usize),
    ReplaceWord(usize, String),
    InsertPunct(usize, char),
    InsertSpace(usize, String),
    DropLine(usize),
    DuplicateLine(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let word = prop::sample::select(vec![
        "hợp",
        "tác",
        "xã",
        "Điều",
        "thành viên",
        "và",
        "quyền",
        "nghĩa vụ",
        "<b>",
        "đ",
    ]);
    prop_oneof![
        (any::<usize>(), word.clone()).prop_map(|(i, w)| Edit::InsertWord(i, w.to_owned())),
        any::<usize>().prop_map(Edit::DeleteWord),
        (any::<usize>(), word).prop_map(|(i, w)| Edit::ReplaceWord(i, w.to_owned())),
        (any::<usize>(), prop::sample::select(vec![',', '.', ';', ':', '(', ')', '“', '-']))
            .prop_map(|(i, c)| Edit::InsertPunct(i, c)),
        (any::<usize>(), prop::sample::select(vec![" ", "  ", "\n", "\t"]))
            .prop_map(|(i, s)| Edit::InsertSpace(i, s.to_owned())),
        any::<usize>().prop_map(Edit::DropLine),
        any::<usize>().prop_map(Edit::DuplicateLine),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut words: Vec<String> = text.split(' ').map(str::to_owned).collect();
    for e in edits {
        let n = words.len().max(1);
        match e {
            Edit::InsertWord(i, w) => words.insert(i % (n + 1).min(words.len() + 1), w.clone()),
            Edit::DeleteWord(i) if !words.is_empty() => {
                words.remove(i % words.len());
            }
            Edit::ReplaceWord(i, w) if !words.is_empty() => {
                let k = i % words.len();
                words[k] = w.clone();
            }
            Edit::InsertPunct(i, c) if !words.is_empty() => {
                let k = i % words.len();
                words[k].push(*c);
            }
            Edit::InsertSpace(i, s) if !words.is_empty() => {
                let k = i % words.len();
                words[k].push_str(s);
            }
            Edit::DropLine(i) | Edit::DuplicateLine(i) => {
                let joined = words.join(" ");
                let mut lines: Vec<&str> = joined.split('\n').collect();
                let k = i % lines.len();
                if matches!(e, Edit::DropLine(_)) {
                    if lines.len() > 1 {
                        lines.remove(k);
                    }
                } else {
                    lines.insert(k, lines[k]);
                }
                let rejoined = lines.join("\n");
                words = rejoined.split(' ').map(str::to_owned).collect();
            }
            _ => {}
        }
    }
    words.join(" ")
}

/// The default options with a deadline no test run reaches: the properties are about the
/// diff, not the clock, and a machine busy enough to stall a test for the default 200 ms
/// would make a coarse diff of one call and a fine one of the next (a seen failure of
/// "deterministic", under two parallel builds).
fn unhurried() -> Options {
    Options { deadline: std::time::Duration::from_secs(600), ..Options::default() }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn diff_rebuilds_both_texts(pick in any::<usize>(), edits in prop::collection::vec(edit(), 0..12)) {
        let texts = article_texts();
        let old = &texts[pick % texts.len()];
        let new = apply(old, &edits);
        let opts = unhurried();
        let d = diff_text(old, &new, &opts);
        let (o, n) = rebuild(&d.spans);
        prop_assert_eq!(&o, old);
        prop_assert_eq!(&n, &new);
        prop_assert!(d.spans.iter().all(|s| !s.text.is_empty()));
        // Deterministic.
        prop_assert_eq!(d, diff_text(old, &new, &opts));
    }

    #[test]
    fn identical_texts_have_no_change(pick in any::<usize>()) {
        let texts = article_texts();
        let t = &texts[pick % texts.len()];
        let d = diff_text(t, t, &unhurried());
        prop_assert!(d.spans.iter().all(|s| s.op == Op::Equal));
        prop_assert!(!d.replaced && !d.coarse);
    }

    #[test]
    fn arbitrary_strings_rebuild(a in "\\PC{0,60}", b in "\\PC{0,60}") {
        let d = diff_text(&a, &b, &unhurried());
        let (o, n) = rebuild(&d.spans);
        prop_assert_eq!(o, a);
        prop_assert_eq!(n, b);
    }
}

#[derive(Clone, Debug)]
enum Structural {
    RemoveArticle(usize),
    DuplicateArticle(usize),
    SwapArticles(usize, usize),
    EditArticle(usize, Vec<Edit>),
    RemoveClause(usize, usize),
}

fn structural() -> impl Strategy<Value = Structural> {
    prop_oneof![
        any::<usize>().prop_map(Structural::RemoveArticle),
        any::<usize>().prop_map(Structural::DuplicateArticle),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Structural::SwapArticles(a, b)),
        (any::<usize>(), prop::collection::vec(edit(), 1..5))
            .prop_map(|(a, e)| Structural::EditArticle(a, e)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Structural::RemoveClause(a, b)),
    ]
}

/// Paths (chapter index, article index) of every article.
fn article_slots(doc: &Document) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (c, ch) in doc.body.iter().enumerate() {
        for (a, u) in ch.children.iter().enumerate() {
            if u.kind == Kind::Article {
                out.push((c, a));
            }
        }
    }
    out
}

fn apply_structural(doc: &mut Document, e: &Structural) {
    let slots = article_slots(doc);
    if slots.is_empty() {
        return;
    }
    let pick = |i: usize| slots[i % slots.len()];
    match e {
        Structural::RemoveArticle(i) => {
            let (c, a) = pick(*i);
            doc.body[c].children.remove(a);
        }
        Structural::DuplicateArticle(i) => {
            let (c, a) = pick(*i);
            let mut copy = doc.body[c].children[a].clone();
            copy.id = doc.alloc_id();
            doc.body[c].children.insert(a + 1, copy);
        }
        Structural::SwapArticles(i, j) => {
            let ((c1, a1), (c2, a2)) = (pick(*i), pick(*j));
            let x = doc.body[c1].children[a1].clone();
            let y = std::mem::replace(&mut doc.body[c2].children[a2], x);
            doc.body[c1].children[a1] = y;
        }
        Structural::EditArticle(i, edits) => {
            let (c, a) = pick(*i);
            let u = &doc.body[c].children[a];
            let text = apply(&quyche_text::render_article_text(u), edits);
            let prev = u.clone();
            if let Ok(new) = quyche_text::parse_article_body(&text, &prev, doc) {
                doc.body[c].children[a] = new;
            }
        }
        Structural::RemoveClause(i, k) => {
            let (c, a) = pick(*i);
            let kids = &mut doc.body[c].children[a].children;
            if !kids.is_empty() {
                let n = kids.len();
                kids.remove(k % n);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn redline_ops_rebuild_every_article(edits in prop::collection::vec(structural(), 0..8), by_id in any::<bool>()) {
        let old = law(quyche_fixtures::COOP_2012);
        let mut new = old.clone();
        for e in &edits {
            apply_structural(&mut new, e);
        }
        let by = if by_id { Alignment::ById } else { Alignment::ByContent };
        let r = redline(&old, &new, by, &unhurried());
        let old_texts: std::collections::HashMap<u32, String> =
            old.articles().map(|u| (u.id.0, quyche_text::render_article_text(u))).collect();
        let new_texts: std::collections::HashMap<u32, String> =
            new.articles().map(|u| (u.id.0, quyche_text::render_article_text(u))).collect();
        prop_assert_eq!(r.articles.iter().filter(|a| a.new_id.is_some()).count(), new_texts.len());
        prop_assert_eq!(r.articles.iter().filter(|a| a.old_id.is_some()).count(), old_texts.len());
        for a in &r.articles {
            let (o, n) = rebuild(&a.ops);
            prop_assert_eq!(&o, a.old_id.map_or("", |id| old_texts[&id].as_str()));
            prop_assert_eq!(&n, a.new_id.map_or("", |id| new_texts[&id].as_str()));
            if a.status == Status::Unchanged {
                prop_assert!(a.ops.iter().all(|s| s.op == Op::Equal));
            }
        }
        let s = &r.summary;
        prop_assert_eq!((s.unchanged + s.modified + s.added) as usize, new_texts.len());
        prop_assert_eq!((s.unchanged + s.modified + s.removed) as usize, old_texts.len());
    }
}

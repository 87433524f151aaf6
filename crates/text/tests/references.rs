//! Cross-references: every form the issue names, the fixture laws (linked, never an
//! external one, round trip word for word), and labels that follow a renumbering.

use quyche_fixtures::{law, ALL, COOP_2012, COOP_2023, DRAFT_AIR_DEFENCE};
use quyche_model::{Document, Kind, Numbering, Unit, UnitId};
use quyche_text::references::{render_field, Field};
use quyche_text::{
    find_references, find_references_within, parse, render, render_references, Reference,
    ReferenceScan, References,
};

/// A regulation of 90 articles, 4 clauses each, clause 2 with points a–đ; Chương I (1–30),
/// Chương II (31–60), Chương III with Mục 1 (61–75) and Mục 2 (76–90). `sentence` is the
/// lead text of clause 2 of Điều 1, so “khoản này” is that clause.
fn regulation(sentence: &str) -> Document {
    let mut t = String::from("QUY CHẾ\nLàm việc\n");
    for n in 1..=90 {
        match n {
            1 => t.push_str("Chương I\nNHỮNG QUY ĐỊNH CHUNG\n"),
            31 => t.push_str("Chương II\nNHIỆM VỤ\n"),
            61 => t.push_str("Chương III\nCHẾ ĐỘ LÀM VIỆC\nMục 1. HỌP\n"),
            76 => t.push_str("Mục 2. THÔNG TIN\n"),
            _ => {}
        }
        t.push_str(&format!("Điều {n}. Tiêu đề {n}\n1. Khoản một.\n"));
        if n == 1 {
            t.push_str(&format!("2. {sentence}\n"));
        } else {
            t.push_str("2. Khoản hai gồm:\n");
        }
        for p in ["a", "b", "c", "d", "đ"] {
            t.push_str(&format!("{p}) Điểm {p}.\n"));
        }
        t.push_str("3. Khoản ba.\n4. Khoản bốn.\n");
    }
    parse(&t).document
}

/// Where a reference stands and what it names, as one line.
fn line(r: &Reference, n: &Numbering) -> String {
    let here = n.reference(r.unit).unwrap_or_default();
    let to: Vec<String> = r.targets.iter().filter_map(|t| n.reference(*t)).collect();
    if r.is_linked() {
        format!("{here}: {} → {}", r.written, to.join("; "))
    } else {
        format!("{here}: {} → không có {}", r.written, r.missing.join(", "))
    }
}

/// (sentence, the internal references as (written, what they name)).
type Case = (&'static str, &'static [(&'static str, &'static str)]);

const FORMS: &[Case] = &[
    ("theo quy định tại khoản 2 Điều 7.", &[("khoản 2 Điều 7", "khoản 2 Điều 7")]),
    (
        "tại điểm a, b, d và đ khoản 2 Điều 42;",
        &[(
            "điểm a, b, d và đ khoản 2 Điều 42",
            "điểm a khoản 2 Điều 42; điểm b khoản 2 Điều 42; điểm d khoản 2 Điều 42; \
             điểm đ khoản 2 Điều 42",
        )],
    ),
    ("Điều 41 và Điều 42 của Luật này", &[("Điều 41 và Điều 42 của Luật này", "Điều 41; Điều 42")]),
    (
        "Điều 79 và điểm c khoản 2 Điều 88",
        &[("Điều 79 và điểm c khoản 2 Điều 88", "Điều 79; điểm c khoản 2 Điều 88")],
    ),
    ("tại khoản 1 Điều này", &[("khoản 1 Điều này", "khoản 1 Điều 1")]),
    ("quy định tại Chương II.", &[("Chương II", "Chương II")]),
    (
        "các khoản 1, 2 và 3 Điều 5",
        &[("khoản 1, 2 và 3 Điều 5", "khoản 1 Điều 5; khoản 2 Điều 5; khoản 3 Điều 5")],
    ),
    (
        "khoản 3 và khoản 4 Điều 9",
        &[("khoản 3 và khoản 4 Điều 9", "khoản 3 Điều 9; khoản 4 Điều 9")],
    ),
    ("Mục 2 Chương III", &[("Mục 2 Chương III", "Mục 2")]),
    ("trừ điểm a khoản này", &[("điểm a khoản này", "điểm a khoản 2 Điều 1")]),
    ("Chính phủ quy định chi tiết Điều này.", &[("Điều này", "Điều 1")]),
    ("khoản 2 Điều 7 của Luật này;", &[("khoản 2 Điều 7 của Luật này", "khoản 2 Điều 7")]),
    ("Điều 5 của Quy chế này", &[("Điều 5 của Quy chế này", "Điều 5")]),
    ("Điều 5 của Điều lệ này", &[("Điều 5 của Điều lệ này", "Điều 5")]),
    ("Điều 3 Luật này", &[("Điều 3 Luật này", "Điều 3")]),
    (
        "tại điểm b khoản 2 Điều 41 và điểm c khoản 2 Điều 42",
        &[(
            "điểm b khoản 2 Điều 41 và điểm c khoản 2 Điều 42",
            "điểm b khoản 2 Điều 41; điểm c khoản 2 Điều 42",
        )],
    ),
    (
        "tại khoản 1 và điểm a khoản 2 Điều này thì",
        &[("khoản 1 và điểm a khoản 2 Điều này", "khoản 1 Điều 1; điểm a khoản 2 Điều 1")],
    ),
    (
        "tại khoản 1, khoản 2 của Điều này,",
        &[("khoản 1, khoản 2 của Điều này", "khoản 1 Điều 1; khoản 2 Điều 1")],
    ),
    (
        "khoản 1 Điều này và Điều 5 của Luật này",
        &[("khoản 1 Điều này", "khoản 1 Điều 1"), ("Điều 5 của Luật này", "Điều 5")],
    ),
    ("Khoản 3 Điều 10 được áp dụng", &[("Khoản 3 Điều 10", "khoản 3 Điều 10")]),
    (
        "Chính phủ quy định chi tiết điểm b và điểm c khoản này.",
        &[("điểm b và điểm c khoản này", "điểm b khoản 2 Điều 1; điểm c khoản 2 Điều 1")],
    ),
    (
        "theo điều 20, 21 và 27 của Luật này",
        &[("điều 20, 21 và 27 của Luật này", "Điều 20; Điều 21; Điều 27")],
    ),
    // Other texts, and words that only look like references.
    ("Điều 46 của Luật Xử lý vi phạm hành chính số 15/2012/QH13", &[]),
    ("Điều 5 Luật Doanh nghiệp", &[]),
    ("khoản 2 Điều 10 của Nghị định số 45/2021/NĐ-CP", &[]),
    ("Điều 12 Điều lệ Liên minh hợp tác xã Việt Nam", &[]),
    ("theo quy định của Điều lệ và quy chế nội bộ", &[]),
    ("tại thời điểm a và địa điểm kinh doanh; các khoản nợ", &[]),
    ("Chương trình mục tiêu quốc gia; Mục tiêu", &[]),
    ("Quyết định số 12/QĐ-LMHTX ngày 5/2020", &[]),
];

#[test]
fn every_form_is_read_and_named() {
    for (sentence, expected) in FORMS {
        let doc = regulation(sentence);
        let n = doc.numbering();
        let refs = find_references(&doc);
        let here: Vec<&Reference> = refs
            .internal
            .iter()
            .filter(|r| r.field == Field::Paragraph(0))
            .filter(|r| doc.find(r.unit).is_some_and(|u| u.paragraphs[0] == *sentence))
            .collect();
        let got: Vec<(String, String)> = here
            .iter()
            .map(|r| {
                assert!(r.is_linked(), "{sentence}: {}", line(r, &n));
                let to: Vec<String> = r.targets.iter().filter_map(|t| n.reference(*t)).collect();
                (r.written.clone(), to.join("; "))
            })
            .collect();
        let want: Vec<(String, String)> =
            expected.iter().map(|(w, t)| (w.to_string(), t.to_string())).collect();
        assert_eq!(got, want, "{sentence}");
        for r in &here {
            let relative =
                ["Điều này", "khoản này", "điểm này"].iter().any(|w| r.written.contains(w));
            assert_eq!(r.relative, relative, "{sentence}");
        }
    }
}

#[test]
fn other_texts_are_external_and_never_linked() {
    let cases = [
        ("Điều 46 của Luật Xử lý vi phạm hành chính số 15/2012/QH13", "Điều 46"),
        ("Điều 5 Luật Doanh nghiệp", "Điều 5"),
        ("khoản 2 Điều 10 của Nghị định số 45/2021/NĐ-CP", "khoản 2 Điều 10"),
        ("Điều 41 và Điều 42 của Bộ luật Dân sự", "Điều 41 và Điều 42"),
        ("Chương II của Hiến pháp năm 2013", "Chương II"),
    ];
    for (sentence, written) in cases {
        let doc = regulation(sentence);
        let refs = find_references(&doc);
        assert!(refs.internal.iter().all(|r| !sentence.contains(&r.written)), "{sentence}");
        let external: Vec<&str> = refs.external.iter().map(|e| e.written.as_str()).collect();
        assert_eq!(external, [written], "{sentence}");
    }
}

#[test]
fn a_reference_to_a_missing_unit_stays_text_with_a_diagnostic() {
    let cases = [
        ("theo Điều 200 của Luật này", "Điều 200"),
        ("khoản 9 Điều 7", "khoản 9 Điều 7"),
        ("điểm g khoản 2 Điều 7", "điểm g khoản 2 Điều 7"),
        ("Chương IX", "Chương IX"),
        ("Mục 3 Chương III", "Mục 3 Chương III"),
    ];
    for (sentence, missing) in cases {
        let doc = regulation(sentence);
        let refs = find_references(&doc);
        let bad: Vec<&Reference> = refs.unresolved().collect();
        assert_eq!(bad.len(), 1, "{sentence}");
        assert_eq!(bad[0].missing, [missing], "{sentence}");
        assert!(bad[0].targets.is_empty());
        // Kept as written, whatever the numbering.
        let again = render_references(&doc, &refs);
        assert_eq!(render(&again), render(&doc), "{sentence}");
    }
}

fn fields(u: &Unit) -> impl Iterator<Item = (Field, &str)> {
    let title = (!u.title.is_empty()).then_some((Field::Title, u.title.as_str()));
    title
        .into_iter()
        .chain(u.paragraphs.iter().enumerate().map(|(i, p)| (Field::Paragraph(i), p.as_str())))
}

fn refs_of(refs: &References, unit: UnitId, field: Field) -> Vec<&Reference> {
    refs.internal.iter().filter(|r| r.unit == unit && r.field == field).collect()
}

#[test]
fn with_no_renumbering_every_fixture_law_renders_word_for_word() {
    for name in ALL {
        let doc = parse(&law(name)).document;
        let n = doc.numbering();
        let refs = find_references(&doc);
        assert!(refs.linked().count() >= if name == DRAFT_AIR_DEFENCE { 3 } else { 40 }, "{name}");
        for u in doc.walk() {
            for (field, text) in fields(u) {
                assert_eq!(render_field(text, &refs_of(&refs, u.id, field), &n), text, "{name}");
            }
        }
        assert_eq!(render_references(&doc, &refs), doc, "{name}");
    }
}

/// Every “<number> của Luật này” of the cooperative laws is inside a linked reference that
/// ends with it.
#[test]
fn every_reference_to_this_law_in_the_cooperative_laws_is_linked() {
    const THIS: &str = " của Luật này";
    // As many as `grep -o "[0-9] của Luật này"` counts.
    for (name, count) in [(COOP_2012, 23), (COOP_2023, 39)] {
        let doc = parse(&law(name)).document;
        let refs = find_references(&doc);
        let mut seen = 0;
        for u in doc.walk() {
            for (field, text) in fields(u) {
                for (at, _) in text.match_indices(THIS) {
                    let before = text[..at].rsplit(' ').next().unwrap_or("");
                    if !before.chars().all(|c| c.is_ascii_digit() || c.is_lowercase()) {
                        continue;
                    }
                    let word_before = text[..at].rsplit(' ').nth(1).unwrap_or("");
                    let numbered = before.chars().next().is_some_and(|c| c.is_ascii_digit())
                        || matches!(word_before, "điểm" | "khoản" | "Điều" | "và" | "Chương");
                    if !numbered || before.is_empty() {
                        continue;
                    }
                    seen += 1;
                    let end = at + THIS.len();
                    let r = refs_of(&refs, u.id, field).into_iter().find(|r| r.span.end == end);
                    let r = r.unwrap_or_else(|| panic!("{name}: not linked: …{}", &text[..end]));
                    assert!(r.is_linked(), "{name}: {} {:?}", r.written, r.missing);
                }
            }
        }
        assert_eq!(seen, count, "{name}");
    }
}

/// The texts the cooperative laws name (other laws) are never linked, and no linked
/// reference of a fixture is followed by a text's name.
#[test]
fn no_reference_to_another_text_is_linked_in_the_fixtures() {
    for name in ALL {
        let doc = parse(&law(name)).document;
        let refs = find_references(&doc);
        for r in &refs.internal {
            let u = doc.find(r.unit).unwrap();
            let text = match r.field {
                Field::Title => &u.title,
                Field::Paragraph(i) => &u.paragraphs[i],
            };
            let after = text[r.span.end..].trim_start().trim_start_matches("của ").to_owned();
            for other in ["Luật ", "Bộ luật", "Nghị định", "Thông tư", "Hiến pháp", "Điều lệ "]
            {
                assert!(!after.starts_with(other), "{name}: {} {after}", r.written);
            }
        }
    }
}

/// A scan within some units finds exactly what a scan of the whole text finds in them
/// and under them: on every fixture law, within every other article, within one chapter
/// (everything under it), within nothing, and within everything.
#[test]
fn a_scan_within_units_finds_what_the_whole_scan_finds_there() {
    let mut found_in_half = 0;
    for name in ALL {
        let doc = parse(&law(name)).document;
        let numbering = doc.numbering();
        let whole = find_references(&doc);
        let articles: Vec<&Unit> = doc.walk().filter(|u| u.kind == Kind::Article).collect();
        let chapter = doc.walk().find(|u| u.kind == Kind::Chapter);
        let picks: Vec<Vec<UnitId>> = vec![
            articles.iter().step_by(2).map(|a| a.id).collect(),
            chapter.map(|c| vec![c.id]).unwrap_or_default(),
            Vec::new(),
            doc.body.iter().map(|u| u.id).collect(),
        ];
        for pick in picks {
            // Every unit in or under a picked one.
            let mut under = std::collections::HashSet::new();
            for u in doc.walk().filter(|u| pick.contains(&u.id)) {
                under.extend(u.walk().map(|d| d.id));
            }
            let read = find_references_within(&doc, &numbering, |id| pick.contains(&id));
            let expected: Vec<&Reference> =
                whole.internal.iter().filter(|r| under.contains(&r.unit)).collect();
            assert!(read.internal.iter().eq(expected.iter().copied()), "{name}: {pick:?}");
            if pick.len() > 10 {
                found_in_half += read.internal.len();
            }
            let external = whole.external.iter().filter(|r| under.contains(&r.unit));
            assert!(read.external.iter().eq(external), "{name}");
        }
        let all = find_references_within(&doc, &numbering, |_| true);
        assert_eq!(all.internal.len(), whole.internal.len(), "{name}");
    }
    assert!(found_in_half > 100, "only {found_in_half} references in every other article");
}

/// A scan in parts ([`ReferenceScan`]): its parts are the picked units not under another
/// picked one, in document order, and the references of runs of parts, put end to end,
/// are the whole scan's, however the parts are cut into runs.
#[test]
fn runs_of_a_scan_in_parts_add_up_to_the_whole_scan() {
    for name in ALL {
        let doc = parse(&law(name)).document;
        let numbering = doc.numbering();
        let articles: Vec<UnitId> =
            doc.walk().filter(|u| u.kind == Kind::Article).map(|u| u.id).collect();
        // Every third article, and a chapter with one of its own articles (not a part).
        let mut pick: Vec<UnitId> = articles.iter().step_by(3).copied().collect();
        if let Some(c) = doc.walk().find(|u| u.kind == Kind::Chapter) {
            pick.push(c.id);
            pick.extend(c.walk().find(|u| u.kind == Kind::Article).map(|a| a.id));
        }
        let whole = find_references_within(&doc, &numbering, |id| pick.contains(&id));
        let scan = ReferenceScan::within(&doc, &numbering, |id| pick.contains(&id));
        let top: Vec<UnitId> = doc
            .walk()
            .filter(|u| pick.contains(&u.id))
            .filter(|u| {
                !doc.walk()
                    .any(|p| p.id != u.id && pick.contains(&p.id) && p.walk().any(|d| d.id == u.id))
            })
            .map(|u| u.id)
            .collect();
        let parts: Vec<UnitId> = (0..scan.parts()).map(|k| scan.part(k).id).collect();
        assert_eq!(parts, top, "{name}: the parts");
        let n = scan.parts();
        for step in [1, 2, 5, n.max(1)] {
            let mut internal = Vec::new();
            let mut external = Vec::new();
            for start in (0..n).step_by(step) {
                let run = scan.find(start..(start + step).min(n));
                internal.extend(run.internal);
                external.extend(run.external);
            }
            assert!(internal == whole.internal, "{name}: runs of {step}");
            assert!(external == whole.external, "{name}: runs of {step}");
        }
        assert!(!whole.internal.is_empty(), "{name}: no reference in the picked units");
    }
}

#[test]
fn the_2012_law_references_snapshot() {
    let doc = parse(&law(COOP_2012)).document;
    let n = doc.numbering();
    let refs = find_references(&doc);
    let lines: Vec<String> = refs.internal.iter().map(|r| line(r, &n)).collect();
    insta::assert_snapshot!(lines.join("\n"));
}

/// Inserts a new article after Điều 1 (in Điều 1's parent), as a structure edit would.
fn insert_after_first_article(doc: &mut Document) {
    let first = doc.articles().next().unwrap().id;
    let n = doc.numbering();
    let parent = n.parent(first);
    let mut article = Unit::new(doc.alloc_id(), Kind::Article);
    article.title = "Điều mới".into();
    article.paragraphs.push("Nội dung của điều mới.".into());
    let siblings = match parent {
        Some(p) => &mut doc.find_mut(p).unwrap().children,
        None => &mut doc.body,
    };
    let at = siblings.iter().position(|u| u.id == first).unwrap();
    siblings.insert(at + 1, article);
}

#[test]
fn inserting_an_article_after_the_first_relabels_every_linked_article_number() {
    let before = parse(&law(COOP_2023)).document;
    let refs = find_references(&before);
    let mut after = before.clone();
    insert_after_first_article(&mut after);
    let rendered = render_references(&after, &refs);

    // What it must read: each linked article numeral k ≥ 2 written k+1, nothing else.
    let mut changed = 0;
    for u in before.walk() {
        let got = rendered.find(u.id).unwrap();
        for (field, text) in fields(u) {
            let mut want = text.to_owned();
            let mut numerals: Vec<_> = refs_of(&refs, u.id, field)
                .into_iter()
                .flat_map(|r| r.numerals.iter())
                .filter(|x| x.kind == Kind::Article && x.target.is_some())
                .collect();
            numerals.sort_by_key(|x| std::cmp::Reverse(x.span.start));
            for x in numerals {
                let k: u32 = x.written.parse().unwrap();
                if k >= 2 {
                    want.replace_range(x.span.clone(), &(k + 1).to_string());
                    changed += 1;
                }
            }
            let got = match field {
                Field::Title => &got.title,
                Field::Paragraph(i) => &got.paragraphs[i],
            };
            assert_eq!(*got, want);
        }
    }
    assert!(changed > 50, "{changed}");
    // And read as a person would: Điều 18's first condition, now Điều 19's.
    let text = render(&rendered);
    assert!(text.contains("Điều 19. "), "Điều 18 is now Điều 19");
    assert!(text.contains("hành vi bị nghiêm cấm quy định tại khoản 2 Điều 8 của Luật này"));
    assert!(!text.contains("hành vi bị nghiêm cấm quy định tại khoản 2 Điều 7 của Luật này"));
    // Relative forms stay relative.
    assert_eq!(
        text.matches("Chính phủ quy định chi tiết Điều này.").count(),
        render(&before).matches("Chính phủ quy định chi tiết Điều này.").count()
    );
}

/// Moves inside the tree: each numeral follows its unit, whatever its kind and style.
#[test]
fn labels_follow_clauses_points_and_chapters() {
    type Edit = fn(&mut Document);
    fn article(doc: &mut Document, n: usize) -> &mut Unit {
        let id = doc.articles().nth(n - 1).unwrap().id;
        doc.find_mut(id).unwrap()
    }
    let cases: [(&str, Edit, &str); 4] = [
        // Clauses 1 and 3 of Điều 7 change places.
        (
            "theo khoản 1 và khoản 3 Điều 7",
            |d| article(d, 7).children.swap(0, 2),
            "theo khoản 3 và khoản 1 Điều 7",
        ),
        // The points of Điều 42 khoản 2 in reverse order.
        (
            "tại điểm a, b, d và đ khoản 2 Điều 42",
            |d| article(d, 42).children[1].children.reverse(),
            "tại điểm đ, d, b và a khoản 2 Điều 42",
        ),
        // A chapter inserted before Chương II: Roman numerals move on.
        (
            "Chương II và Mục 2 Chương III",
            |d| {
                let chapter = Unit {
                    title: "CHƯƠNG MỚI".into(),
                    ..Unit::new(d.alloc_id(), Kind::Chapter)
                };
                d.body.insert(1, chapter);
            },
            "Chương III và Mục 2 Chương IV",
        ),
        // Điều 1 moved to the end: every other article number drops by one, “này” stays.
        (
            "khoản 1 Điều này, Điều 2 và Điều 90 của Luật này",
            |d| {
                let first = d.body[0].children.remove(0);
                d.body[2].children[1].children.push(first);
            },
            "khoản 1 Điều này, Điều 1 và Điều 89 của Luật này",
        ),
    ];
    for (sentence, edit, want) in cases {
        let before = regulation(sentence);
        let refs = find_references(&before);
        let mut after = before.clone();
        edit(&mut after);
        let rendered = render_references(&after, &refs);
        let holder = before.walk().find(|u| u.paragraphs.first().is_some_and(|p| p == sentence));
        let got = &rendered.find(holder.unwrap().id).unwrap().paragraphs[0];
        assert_eq!(got, want, "{sentence}");
    }
}

proptest::proptest! {
    /// Any run of reference words: never a panic, every span on character boundaries,
    /// and the round trip word for word.
    #[test]
    fn any_words_read_and_render_back(words in proptest::collection::vec(proptest::sample::select(vec![
        "Điều", "điều", "khoản", "Khoản", "điểm", "Chương", "Mục", "Phần", "này", "của", "Luật",
        "Quy chế", "các", "và", "hoặc", ",", ", ", " ", "1", "2", "7", "42", "90", "0", "07", "a",
        "b", "đ", "aa", "II", "III", "IIII", "iv", "thời", "/", ".", "5/2020", "ờ", "“", "\u{301}",
    ]), 0..24)) {
        let sentence: String = words.concat();
        let doc = regulation(&sentence);
        let refs = find_references(&doc);
        for r in &refs.internal {
            let u = doc.find(r.unit).unwrap();
            let text = match r.field { Field::Title => &u.title, Field::Paragraph(i) => &u.paragraphs[i] };
            proptest::prop_assert_eq!(&text[r.span.clone()], r.written.as_str());
        }
        proptest::prop_assert_eq!(render_references(&doc, &refs), doc);
    }
}

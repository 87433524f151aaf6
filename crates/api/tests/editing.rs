//! The structured article editor's back end: an article as runs and back, references
//! written from their targets, and the save's rules (one revision, conflict, safe text).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use quyche_api::{
    Actor, Clock, EditableArticle, EditedArticle, EditedClause, EditedPoint, ErrorCode, Quyche, Run,
};

fn test_clock() -> Clock {
    let t = Arc::new(AtomicI64::new(1_795_832_400_000));
    Arc::new(move || t.fetch_add(1000, Ordering::SeqCst))
}

fn coop(q: &Quyche) -> String {
    let law = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    q.import_bytes("luat.txt", law.as_bytes(), None, Actor::Current).unwrap().regulation_id
}

fn text(q: &Quyche, id: &str) -> String {
    quyche_api::render_document(&q.document(id, None).unwrap())
}

/// The id of the article shown as `Điều n`.
fn article(q: &Quyche, id: &str, n: usize) -> u32 {
    q.document(id, None).unwrap().articles().nth(n - 1).unwrap().id.0
}

/// What the editor sends back when nothing was touched.
fn as_edited(a: &EditableArticle) -> EditedArticle {
    EditedArticle {
        id: a.id,
        title: a.title.clone(),
        paragraphs: a.paragraphs.clone(),
        clauses: a
            .clauses
            .iter()
            .map(|c| EditedClause {
                id: Some(c.id),
                paragraphs: c.paragraphs.clone(),
                points: c
                    .points
                    .iter()
                    .map(|p| EditedPoint { id: Some(p.id), paragraphs: p.paragraphs.clone() })
                    .collect(),
            })
            .collect(),
    }
}

fn references(runs: &[Vec<Run>]) -> Vec<(String, Vec<u32>, String, bool)> {
    runs.iter()
        .flatten()
        .filter_map(|r| match r {
            Run::Reference { written, targets, label, broken } => {
                Some((written.clone(), targets.clone(), label.clone(), *broken))
            }
            Run::Text { .. } => None,
        })
        .collect()
}

/// The paragraph's text as the runs spell it (references as written).
fn spelled(runs: &[Run]) -> String {
    runs.iter()
        .map(|r| match r {
            Run::Text { text } => text.as_str(),
            Run::Reference { written, .. } => written.as_str(),
        })
        .collect()
}

#[test]
fn every_article_of_the_2023_law_comes_back_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    let doc = q.document(&id, None).unwrap();
    let mut linked = 0;
    for (n, a) in doc.articles().enumerate() {
        let e = q.article_for_editing(&id, a.id.0).unwrap();
        assert_eq!(e.label, format!("Điều {}", n + 1));
        assert_eq!(e.title, a.title);
        // The runs spell the stored text exactly.
        let stored: Vec<&String> = a.walk().flat_map(|u| u.paragraphs.iter()).collect();
        let mut runs: Vec<&Vec<Run>> = e.paragraphs.iter().collect();
        for c in &e.clauses {
            runs.extend(c.paragraphs.iter());
            for p in &c.points {
                runs.extend(p.paragraphs.iter());
            }
        }
        let spelled: Vec<String> = runs.iter().map(|r| spelled(r)).collect();
        assert_eq!(spelled.iter().collect::<Vec<_>>(), stored, "Điều {}", n + 1);
        for r in runs.iter().copied().flatten() {
            if let Run::Reference { written, label, broken: false, .. } = r {
                assert_eq!(written, label, "nothing was renumbered: the label is as written");
                linked += 1;
            }
        }
        let err = q.save_article_runs(&id, 1, as_edited(&e), Actor::Current).unwrap_err();
        assert_eq!(err.code, ErrorCode::BadInput, "Điều {}: {}", n + 1, err.message);
        assert!(
            err.message.ends_with("không thay đổi; không tạo phiên bản mới."),
            "{}",
            err.message
        );
    }
    assert!(linked > 50, "the 2023 law links its references: {linked}");
    assert_eq!(q.history(&id).unwrap().len(), 1, "an unchanged article writes nothing");
}

#[test]
fn the_editor_gets_the_point_letters_from_rust() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    let e = q.article_for_editing(&id, article(&q, &id, 7)).unwrap();
    assert_eq!(e.point_letters[..8], ["a", "b", "c", "d", "đ", "e", "g", "h"]);
    assert_eq!(e.clauses[0].points.len(), 6);
}

/// Where a run is: clause, point (if in one), paragraph, run.
type At = (usize, Option<usize>, usize, usize);

/// The first reference written so in the article.
fn reference_in(e: &EditableArticle, written: &str) -> At {
    let is = |r: &Run| matches!(r, Run::Reference { written: w, .. } if w == written);
    for (ci, c) in e.clauses.iter().enumerate() {
        for (pi, p) in c.paragraphs.iter().enumerate() {
            if let Some(ri) = p.iter().position(is) {
                return (ci, None, pi, ri);
            }
        }
        for (ki, k) in c.points.iter().enumerate() {
            for (pi, p) in k.paragraphs.iter().enumerate() {
                if let Some(ri) = p.iter().position(is) {
                    return (ci, Some(ki), pi, ri);
                }
            }
        }
    }
    panic!("{written} not in {}", e.label);
}

fn run_at(a: &mut EditedArticle, (ci, ki, pi, ri): At) -> &mut Run {
    let c = &mut a.clauses[ci];
    match ki {
        Some(k) => &mut c.points[k].paragraphs[pi][ri],
        None => &mut c.paragraphs[pi][ri],
    }
}

#[test]
fn a_reference_pointed_elsewhere_saves_with_the_new_label_and_keeps_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    let before = text(&q, &id);
    assert!(before.contains("quy định tại khoản 2 Điều 7 của Luật này"));
    // Điều 18, điểm a khoản 1: “… quy định tại khoản 2 Điều 7 của Luật này; …”.
    let a18 = article(&q, &id, 18);
    let e = q.article_for_editing(&id, a18).unwrap();
    let at = reference_in(&e, "khoản 2 Điều 7 của Luật này");
    assert_eq!((at.0, at.1), (0, Some(0)));
    let mut edited = as_edited(&e);
    let Run::Reference { targets, broken, .. } = run_at(&mut edited, at).clone() else {
        unreachable!()
    };
    assert!(!broken);
    let d = q.document(&id, None).unwrap();
    let a7 = d.articles().nth(6).unwrap();
    assert_eq!(targets, vec![a7.children[1].id.0]);

    // Pointed at khoản 3 Điều 8: the words stay, the numbers come from the target.
    let a8 = d.articles().nth(7).unwrap();
    *run_at(&mut edited, at) = Run::Reference {
        written: "khoản 2 Điều 7 của Luật này".into(),
        targets: vec![a8.children[2].id.0],
        label: String::new(),
        broken: false,
    };
    let saved = q.save_article_runs(&id, 1, edited, Actor::Current).unwrap();
    assert_eq!(saved.revision.number, 2);
    assert_eq!(saved.revision.message, "Sửa Điều 18");
    assert!(saved.broken.is_empty());
    let after = text(&q, &id);
    assert_eq!(after.matches("quy định tại khoản 3 Điều 8 của Luật này; không trong").count(), 1);
    assert_eq!(
        after.matches("quy định tại khoản 2 Điều 7 của Luật này;").count(),
        1,
        "the other one stays"
    );
    let e = q.article_for_editing(&id, a18).unwrap();
    let refs = references(&e.clauses[0].points[0].paragraphs);
    assert!(refs.iter().any(|(w, t, l, b)| w == "khoản 3 Điều 8 của Luật này"
        && t == &vec![a8.children[2].id.0]
        && l == w
        && !b));
}

#[test]
fn a_reference_follows_its_target_when_the_editor_moves_it() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    // Điều 6: “… các tổ chức quy định tại khoản 1 Điều này.” in khoản 2. Swap the two
    // clauses: the reference, now in khoản 1, names khoản 2 Điều này.
    let a6 = article(&q, &id, 6);
    let e = q.article_for_editing(&id, a6).unwrap();
    assert!(references(&e.clauses[1].paragraphs).iter().any(|r| r.0 == "khoản 1 Điều này"));
    let mut edited = as_edited(&e);
    edited.clauses.swap(0, 1);
    q.save_article_runs(&id, 1, edited, Actor::Current).unwrap();
    let t = text(&q, &id);
    assert!(t.contains("1. Tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã có trách nhiệm tạo điều kiện thuận lợi để thành viên, người lao động thành lập và tham gia các tổ chức quy định tại khoản 2 Điều này.\n2. Tổ chức chính trị"), "{}", &t[t.find("Điều 6.").unwrap()..][..600]);

    // A new first clause in Điều 7: Điều 18's “khoản 2 Điều 7” now reads khoản 3, and the
    // move is one revision.
    let a7 = article(&q, &id, 7);
    let e = q.article_for_editing(&id, a7).unwrap();
    let mut edited = as_edited(&e);
    edited.clauses.insert(
        0,
        EditedClause {
            id: None,
            paragraphs: vec![vec![Run::Text { text: "Khoản mới đứng đầu.".into() }]],
            points: vec![],
        },
    );
    let saved = q.save_article_runs(&id, 2, edited, Actor::Current).unwrap();
    assert_eq!(saved.revision.number, 3);
    let t = text(&q, &id);
    assert!(t.contains("quy định tại khoản 3 Điều 7 của Luật này"));
    assert!(!t.contains("quy định tại khoản 2 Điều 7 của Luật này"));
}

#[test]
fn a_target_that_is_gone_is_written_broken_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    let a5 = article(&q, &id, 5);
    let e = q.article_for_editing(&id, a5).unwrap();
    let mut edited = as_edited(&e);
    edited.clauses[0].paragraphs[0].push(Run::Text { text: " Xem ".into() });
    edited.clauses[0].paragraphs[0].push(Run::Reference {
        written: "Điều 3".into(),
        targets: vec![999_999],
        label: "Điều 3".into(),
        broken: false,
    });
    edited.clauses[0].paragraphs[0].push(Run::Text { text: ".".into() });
    let saved = q.save_article_runs(&id, 1, edited, Actor::Current).unwrap();
    assert_eq!(saved.broken.len(), 1);
    assert_eq!(saved.broken[0].place, "khoản 1 Điều 5");
    assert_eq!(saved.broken[0].written, "Điều 3");
    assert!(text(&q, &id)
        .contains("của pháp luật về trưng mua, trưng dụng tài sản. Xem [tham chiếu không còn]."));
    // Read again, it shows as a broken reference.
    let e = q.article_for_editing(&id, a5).unwrap();
    assert!(references(&e.clauses[0].paragraphs)
        .iter()
        .any(|(w, t, _, b)| w == "[tham chiếu không còn]" && t.is_empty() && *b));

    // Removing khoản 2 of Điều 7 in the editor breaks Điều 18's references to it: listed,
    // never silently stale.
    let a7 = article(&q, &id, 7);
    let e = q.article_for_editing(&id, a7).unwrap();
    let mut edited = as_edited(&e);
    edited.clauses.remove(1);
    let saved = q.save_article_runs(&id, 2, edited, Actor::Current).unwrap();
    let places: Vec<&str> = saved.broken.iter().map(|b| b.place.as_str()).collect();
    assert_eq!(places, ["điểm a khoản 1 Điều 18", "điểm b khoản 2 Điều 18"], "{saved:?}");
    assert!(saved.broken.iter().all(|b| b.written == "khoản 2 Điều 7 của Luật này"));
    assert!(text(&q, &id).contains("quy định tại [tham chiếu không còn]"));
}

#[test]
fn a_stale_base_is_a_conflict_and_unsafe_text_is_refused_by_place() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    let a5 = article(&q, &id, 5);
    let e = q.article_for_editing(&id, a5).unwrap();
    let mut edited = as_edited(&e);
    edited.clauses[1].paragraphs[0].push(Run::Text { text: " Thêm\u{202e}.".into() });
    let err = q.save_article_runs(&id, 1, edited, Actor::Current).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput);
    assert!(err.message.starts_with("khoản 2 Điều 5: "), "{}", err.message);

    let mut edited = as_edited(&e);
    edited.title = "Bảo đảm của Nhà nước".into();
    q.save_article_runs(&id, 1, edited.clone(), Actor::Current).unwrap();
    let err = q.save_article_runs(&id, 1, edited, Actor::Current).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(q.history(&id).unwrap().len(), 2);

    // A paragraph that would read back as a clause is refused, naming the place.
    let e = q.article_for_editing(&id, a5).unwrap();
    let mut edited = as_edited(&e);
    edited.clauses[0]
        .paragraphs
        .push(vec![Run::Text { text: "a) Không phải một điểm.".into() }]);
    let err = q.save_article_runs(&id, 2, edited, Actor::Current).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput);
    assert!(
        err.message.starts_with("khoản 1 Điều 5: đoạn “a) Không phải một điểm.”"),
        "{}",
        err.message
    );

    // Text in NFD is stored NFC; new clauses and points get fresh ids; empty ones go.
    let mut edited = as_edited(&e);
    edited.clauses.push(EditedClause {
        id: None,
        paragraphs: vec![vec![Run::Text { text: "Khoa\u{309}n mo\u{31b}\u{301}i:".into() }]],
        points: vec![
            EditedPoint {
                id: None,
                paragraphs: vec![vec![Run::Text { text: "Điểm mới;".into() }]],
            },
            EditedPoint { id: None, paragraphs: vec![vec![]] },
        ],
    });
    edited.clauses.push(EditedClause { id: None, paragraphs: vec![vec![]], points: vec![] });
    q.save_article_runs(&id, 2, edited, Actor::Current).unwrap();
    assert!(text(&q, &id).contains("4. Khoản mới:\na) Điểm mới;\nĐiều 6."));
}

#[test]
fn picker_targets_and_pasted_links() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    let targets = q.reference_targets(&id).unwrap();
    let d = q.document(&id, None).unwrap();
    let a7 = d.articles().nth(6).unwrap();
    let t = targets.iter().find(|t| t.label == "điểm a khoản 1 Điều 7").unwrap();
    assert_eq!(t.id, a7.children[0].children[0].id.0);
    assert!(t.excerpt.starts_with("Cấp Giấy chứng nhận đăng ký hợp tác xã"));
    assert!(t.excerpt.ends_with('…'));
    assert!(targets.iter().any(|t| t.label == "Chương II"));
    assert!(targets.iter().any(|t| t.label == "Điều 3"));

    let runs = q
        .links_in(
            &id,
            "Theo khoản 2 Điều 7 của Luật này và Điều 5 Luật Doanh nghiệp;\nxem Điều này.",
        )
        .unwrap();
    let refs: Vec<_> = runs
        .iter()
        .filter_map(|r| match r {
            Run::Reference { written, targets, .. } => Some((written.as_str(), targets.clone())),
            Run::Text { .. } => None,
        })
        .collect();
    assert_eq!(refs, vec![("khoản 2 Điều 7 của Luật này", vec![a7.children[1].id.0])]);
    assert_eq!(
        spelled(&runs),
        "Theo khoản 2 Điều 7 của Luật này và Điều 5 Luật Doanh nghiệp;\nxem Điều này."
    );
}

/// An article the structured editor cannot hold (points directly under the article, or
/// sub-points “- …”) is offered as text, the text `save_article` takes; saving that text
/// round-trips.
#[test]
fn an_article_with_loose_points_or_sub_points_is_edited_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    let cases = [
        (1, "Phạm vi điều chỉnh\nLuật này quy định:\na) Việc thành lập;\nb) Việc giải thể."),
        (
            2,
            "Giải thích từ ngữ\n1. Trong Luật này:\na) Thành viên gồm:\n- Cá nhân;\n- Hộ gia đình.",
        ),
    ];
    for (n, written) in cases {
        let a = article(&q, &id, n);
        let base = q.history(&id).unwrap().len() as u32;
        q.save_article(&id, base, a, written, Actor::Current).unwrap();
        let e = q.article_for_editing(&id, a).unwrap();
        let plain = e.plain.as_ref().unwrap_or_else(|| panic!("Điều {n} is edited as text"));
        assert_eq!(plain.text, written, "Điều {n}: the text the article view offers");
        assert_eq!(
            plain.reason,
            "Điều này có điểm không thuộc khoản hoặc có tiết, nên được sửa dưới dạng văn bản."
        );
        assert!(e.clauses.is_empty() && e.paragraphs.is_empty());
        assert_eq!(e.revision, base + 1);
        // Unchanged, it writes nothing; edited, it saves and reads back as written.
        let err = q.save_article(&id, e.revision, a, &plain.text, Actor::Current).unwrap_err();
        assert_eq!(err.code, ErrorCode::BadInput, "{}", err.message);
        let edited = plain
            .text
            .replace("gồm:", "gồm các đối tượng sau:")
            .replace("quy định:", "quy định về:");
        let saved = q.save_article(&id, e.revision, a, &edited, Actor::Current).unwrap();
        let again = q.article_for_editing(&id, a).unwrap();
        assert_eq!(again.revision, saved.number);
        assert_eq!(again.plain.unwrap().text, edited);
    }
    // A structured article is not offered as text.
    assert!(q.article_for_editing(&id, article(&q, &id, 3)).unwrap().plain.is_none());
}

/// A line as Word's numbered list pastes it: the space after “1.” or “a)” a tab.
fn as_word_list(line: &str) -> String {
    match line.split_once(' ') {
        Some((marker, rest))
            if marker.chars().count() <= 4 && (marker.ends_with('.') || marker.ends_with(')')) =>
        {
            format!("{marker}\t{rest}")
        }
        _ => line.to_owned(),
    }
}

/// A paste from Word reads as the text form's typed numbers: every article of the 2023 law
/// the structured editor holds, its body pasted as Word's list gives it (“1.<tab>”,
/// “a)<tab>”, CRLF), comes back as the editor's own clauses and points, word for word; with
/// its “Điều N.<tab>” line, with its title too. A tiết and a chapter heading are refused,
/// naming what and where.
#[test]
fn a_list_pasted_from_word_reads_as_clauses_and_points() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let id = coop(&q);
    let doc = q.document(&id, None).unwrap();
    let spell = |paras: &[Vec<Run>]| -> Vec<String> { paras.iter().map(|p| spelled(p)).collect() };
    let mut checked = 0;
    for (n, art) in doc.articles().enumerate() {
        let editable = q.article_for_editing(&id, art.id.0).unwrap();
        if editable.plain.is_some() {
            continue;
        }
        let text = quyche_text::render_article_text(art);
        let mut lines = text.lines().map(as_word_list);
        let title = lines.next().unwrap();
        let body: Vec<String> = lines.collect();
        let pasted = q.pasted_text(&body.join("\r\n")).unwrap();
        assert_eq!(pasted.title, None);
        assert_eq!(spell(&pasted.paragraphs), spell(&editable.paragraphs), "Điều {}", n + 1);
        assert!(pasted.points.is_empty());
        assert_eq!(pasted.clauses.len(), editable.clauses.len(), "Điều {}", n + 1);
        for (p, e) in pasted.clauses.iter().zip(&editable.clauses) {
            assert_eq!(p.id, None);
            assert_eq!(spell(&p.paragraphs), spell(&e.paragraphs), "Điều {}", n + 1);
            assert_eq!(
                p.points.iter().map(|x| spell(&x.paragraphs)).collect::<Vec<_>>(),
                e.points.iter().map(|x| spell(&x.paragraphs)).collect::<Vec<_>>(),
                "Điều {}",
                n + 1
            );
        }
        let whole = format!("Điều {}.\t{title}\n{}", n + 1, body.join("\n"));
        let pasted = q.pasted_text(&whole).unwrap();
        assert_eq!(pasted.title.as_deref(), Some(art.title.as_str()), "Điều {}", n + 1);
        assert_eq!(pasted.clauses.len(), editable.clauses.len());
        checked += 1;
    }
    assert!(checked > 50, "{checked}");

    // Points alone (pasted into a clause), with no-break spaces.
    let p = q.pasted_text("a)\u{a0}Kiểm tra;\nb)\u{a0}Giám sát.").unwrap();
    let points: Vec<_> = p.points.iter().map(|x| spell(&x.paragraphs)).collect();
    assert_eq!(points, [vec!["Kiểm tra;".to_owned()], vec!["Giám sát.".to_owned()]]);
    assert!(p.clauses.is_empty() && p.paragraphs.is_empty());

    let refused = |text: &str| q.pasted_text(text).unwrap_err();
    let e = refused("1.\tCác thành viên:\n-\tdự họp;");
    assert_eq!(e.code, ErrorCode::BadInput);
    assert!(e.message.contains("tiết “- dự họp;”"), "{}", e.message);
    let e = refused("1.\tMột.\nChương II\n2.\tHai.");
    assert_eq!(e.message, "Đoạn dán, dòng 2: một điều không thể chứa tiêu đề “Chương II”.");
    let e = refused("Điều 1.\tMột\nĐiều 2.\tHai");
    assert!(e.message.contains("hãy dán từng điều một"), "{}", e.message);
    assert!(q.pasted_text("\n\n").unwrap().clauses.is_empty());
}

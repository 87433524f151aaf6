//! A member's review in Word, end to end on the 2023 cooperative law: the review copy of
//! the open round → Word comments and tracked changes added to its XML as Word writes
//! them → import → comments anchored on the right units, with the right quotes and
//! proposals, under the right people; what cannot be attributed is listed. Then the same
//! file again adds nothing, and copies of another regulation, of a closed round or
//! without the mark are refused with the right code.

#[path = "support/word_edit.rs"]
mod word_edit;

use std::path::Path;

use crate::test_clock;
use quyche_api::{Actor, ErrorCode, Quyche, WordItemKind, WordReviewImport};
use quyche_model::{Kind, UnitId};
use quyche_review::Role;
use word_edit::{edit_review, without_parts, By, Edit};

/// The chairman's database: the 2023 law, a roster of three, a round open on it.
struct Committee {
    q: Quyche,
    reg: String,
    chairman: String,
    cuong: String,
    dung: String,
}

fn committee(dir: &Path) -> Committee {
    let q = Quyche::open(dir, test_clock()).unwrap();
    let law = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    let reg = q
        .import_bytes("luat-htx-2023.txt", law.as_bytes(), None, Actor::Named("Văn phòng"))
        .unwrap()
        .regulation_id;
    let chairman =
        q.add_person(Actor::Current, "Nguyễn Văn An", Role::Chairman, "Chủ tịch").unwrap().id;
    let by = Actor::Person(&chairman);
    let cuong = q.add_person(by, "Lê Văn Cường", Role::Member, "Phó Chủ tịch").unwrap().id;
    let dung = q.add_person(by, "Phạm Thị Dung", Role::Member, "Ủy viên").unwrap().id;
    q.open_round(&reg, by, None).unwrap();
    Committee { q, reg, chairman, cuong, dung }
}

/// The stable id of Điều `article` [khoản `clause` [điểm `point`]] in the head revision.
fn unit(q: &Quyche, reg: &str, article: usize, clause: Option<usize>, point: Option<usize>) -> u32 {
    let doc = q.document(reg, None).unwrap();
    let a = doc.articles().nth(article - 1).unwrap();
    let Some(k) = clause else { return a.id.0 };
    let c = a.children.iter().filter(|u| u.kind == Kind::Clause).nth(k - 1).unwrap();
    let Some(p) = point else { return c.id.0 };
    c.children.iter().filter(|u| u.kind == Kind::Point).nth(p - 1).unwrap().id.0
}

fn provision(q: &Quyche, reg: &str, id: u32) -> String {
    q.document(reg, None).unwrap().numbering().reference(UnitId(id)).unwrap()
}

/// A line of the law as written, without its label.
fn law_line(starts: &str) -> String {
    let law = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    let line = law.lines().find(|l| l.starts_with(starts)).unwrap_or_else(|| panic!("{starts}"));
    line.split_once(' ').unwrap().1.to_string()
}

const D5K2: &str = "2. Bảo đảm môi trường đầu tư kinh doanh bình đẳng";
const D5K3: &str = "3. Bảo đảm quyền tự chủ, tự chịu trách nhiệm";
const D6K1: &str = "1. Tổ chức chính trị, tổ chức chính trị - xã hội trong tổ hợp tác";
const D7K3A: &str = "a) Lợi dụng chức vụ, quyền hạn vì lợi ích cá nhân";

/// What a member did in Word on the chairman's copy: a comment (author typed in lower
/// case, with a double space), a comment by "Admin" (Word's default user), and a tracked
/// insertion, deletion and replacement by the other member.
fn reviewed(c: &Committee, copy: &[u8]) -> Vec<u8> {
    let (q, reg) = (&c.q, &c.reg);
    let cuong = By::new("lê văn  cường", "2026-12-01T09:00:00Z");
    let admin = By::new("Admin", "2026-12-01T09:05:00Z");
    let dung = By::new("Phạm Thị Dung", "2026-12-02T14:00:00Z");
    let edits = [
        (
            cuong.clone(),
            Edit::Comment {
                unit: unit(q, reg, 5, Some(2), None),
                quote: "môi trường đầu tư kinh doanh bình đẳng".into(),
                text: "Nên nói rõ bình đẳng cả về tiếp cận đất đai và tín dụng.".into(),
            },
        ),
        (
            admin,
            Edit::Comment {
                unit: unit(q, reg, 7, Some(1), Some(1)),
                quote: "trong trường hợp không đủ điều kiện".into(),
                text: "Thêm thời hạn trả lời.".into(),
            },
        ),
        (
            dung.clone(),
            Edit::Insert {
                unit: unit(q, reg, 6, Some(1), None),
                after: "Hiến pháp, pháp luật".into(),
                text: " của nước Cộng hòa xã hội chủ nghĩa Việt Nam".into(),
            },
        ),
        (
            dung.clone(),
            Edit::Delete {
                unit: unit(q, reg, 7, Some(3), Some(1)),
                quote: " hoặc của một nhóm thành viên".into(),
            },
        ),
        (
            dung,
            Edit::Replace {
                unit: unit(q, reg, 5, Some(3), None),
                quote: "không can thiệp".into(),
                with: "không cản trở".into(),
            },
        ),
    ];
    edit_review(copy, &edits)
}

fn import(c: &Committee, file: &[u8], reviewer: Option<&str>) -> WordReviewImport {
    c.q.import_word_review_bytes(&c.reg, "gop-y.docx", file, reviewer, Actor::Person(&c.chairman))
        .unwrap()
}

#[test]
fn a_word_review_comes_back_as_comments_on_the_right_units() {
    let dir = tempfile::tempdir().unwrap();
    let c = committee(dir.path());
    let (q, reg) = (&c.q, &c.reg);
    let (name, copy) = q.review_copy_bytes(reg, Actor::Person(&c.chairman)).unwrap();
    assert!(name.ends_with("-lay-y-kien-dot-1-nguyen-van-an.docx"), "{name}");
    let returned = reviewed(&c, &copy);

    let done = import(&c, &returned, None);
    assert_eq!((done.added, done.already), (4, 0), "{done:#?}");
    // The one item with no roster name comes first, listed with why.
    let admin = &done.items[0];
    assert_eq!((admin.anchored, admin.kind, admin.new), (true, WordItemKind::Comment, false));
    assert_eq!(admin.word_author, "Admin");
    assert_eq!(admin.person, None);
    assert_eq!(admin.comment_id, None);
    assert!(admin
        .reason
        .as_deref()
        .unwrap()
        .contains("không rõ người góp ý \u{201c}Admin\u{201d}"));
    assert_eq!(admin.provision.as_deref(), Some("điểm a khoản 1 Điều 7"));

    // The rest in document order, each stored as a comment of the right person.
    let comments = q.comments(reg).unwrap();
    let stored = |id: &Option<String>| {
        comments.iter().find(|x| Some(&x.id) == id.as_ref()).expect("stored").clone()
    };
    let rows: Vec<_> = done.items[1..].iter().map(|i| (i, stored(&i.comment_id))).collect();
    assert_eq!(rows.len(), 4);
    let (item, comment) = &rows[0];
    assert_eq!(item.person.as_deref(), Some("Lê Văn Cường"));
    assert_eq!(comment.author, c.cuong);
    assert_eq!(comment.unit_id, unit(q, reg, 5, Some(2), None));
    assert_eq!(comment.provision, "khoản 2 Điều 5");
    assert_eq!(comment.quote, "môi trường đầu tư kinh doanh bình đẳng");
    assert_eq!(comment.text, "Nên nói rõ bình đẳng cả về tiếp cận đất đai và tín dụng.");
    assert_eq!(comment.proposal, None);

    // Each tracked change: the paragraph quoted whole, the paragraph with the change
    // proposed, by the member who made it.
    let d5k3 = law_line(D5K3);
    let d6k1 = law_line(D6K1);
    let d7k3a = law_line(D7K3A);
    let want = [
        (
            unit(q, reg, 5, Some(3), None),
            &d5k3,
            d5k3.replace("không can thiệp", "không cản trở"),
            "Đề nghị sửa \u{201c}can thiệp\u{201d} thành \u{201c}cản trở\u{201d}",
        ),
        (
            unit(q, reg, 6, Some(1), None),
            &d6k1,
            d6k1.replace(
                "Hiến pháp, pháp luật",
                "Hiến pháp, pháp luật của nước Cộng hòa xã hội chủ nghĩa Việt Nam",
            ),
            "Đề nghị thêm \u{201c}của nước Cộng hòa xã hội chủ nghĩa Việt Nam\u{201d}",
        ),
        (
            unit(q, reg, 7, Some(3), Some(1)),
            &d7k3a,
            d7k3a.replace(" hoặc của một nhóm thành viên", ""),
            "Đề nghị bỏ \u{201c}hoặc của một nhóm thành viên\u{201d}",
        ),
    ];
    for (i, (unit_id, quote, proposal, said)) in want.iter().enumerate() {
        let (item, comment) = &rows[i + 1];
        assert_eq!(item.kind, WordItemKind::Change);
        assert_eq!(comment.author, c.dung, "{item:?}");
        assert_eq!(comment.unit_id, *unit_id, "{item:?}");
        assert_eq!(&comment.quote, *quote);
        assert_eq!(comment.proposal.as_deref(), Some(proposal.as_str()));
        assert!(comment.text.starts_with(said), "{} / {said}", comment.text);
        assert_eq!(item.provision.as_deref(), Some(provision(q, reg, *unit_id).as_str()));
    }

    // They live as any comment: in the response report, and in the per-comment redline.
    let report = q.response_report(reg, Actor::Person(&c.chairman)).unwrap();
    let row = report
        .groups
        .iter()
        .flat_map(|g| &g.rows)
        .find(|r| r.commenter.starts_with("Lê Văn Cường"));
    assert!(row.unwrap().comment.contains("Nên nói rõ bình đẳng"), "{row:?}");
    let redline = q.comment_redline(&rows[2].1.id).unwrap();
    assert!(redline.proposal.unwrap().iter().any(|s| s.text.contains("của nước Cộng hòa")));

    // The audit names the file and the chairman who took it in.
    let audit = q.audit().unwrap();
    let entry = audit.iter().rev().find(|e| e.action == "word-review-in").unwrap();
    assert!(
        entry.detail.contains("gop-y.docx") && entry.detail.contains("4 ý kiến mới"),
        "{}",
        entry.detail
    );
    assert_eq!(entry.actor, "Nguyễn Văn An");

    // The same file again adds nothing, and says the four are there already.
    let again = import(&c, &returned, None);
    assert_eq!((again.added, again.already), (0, 4));
    assert!(again.items.iter().all(|i| !i.new));
    assert_eq!(q.comments(reg).unwrap().len(), 4);

    // Named for the file, the unknown author's comment goes in; the rest are there.
    let named = import(&c, &returned, Some("Lê Văn Cường"));
    assert_eq!((named.added, named.already), (1, 4));
    let admin = named.items.iter().find(|i| i.word_author == "Admin").unwrap();
    assert_eq!(admin.person.as_deref(), Some("Lê Văn Cường"));
}

#[test]
fn a_copy_made_for_a_member_records_an_unknown_author_as_that_member() {
    let dir = tempfile::tempdir().unwrap();
    let c = committee(dir.path());
    let (_, copy) = c.q.review_copy_bytes(&c.reg, Actor::Person(&c.dung)).unwrap();
    let returned = edit_review(
        &copy,
        &[(
            By::new("Admin", "2026-12-03T08:00:00Z"),
            Edit::Comment {
                unit: unit(&c.q, &c.reg, 5, Some(2), None),
                quote: String::new(),
                text: "Khoản này nên tách hai ý.".into(),
            },
        )],
    );
    let done = import(&c, &returned, None);
    assert_eq!(done.added, 1, "{done:#?}");
    assert_eq!(done.items[0].person.as_deref(), Some("Phạm Thị Dung"));
    // A point comment (no words selected) quotes its paragraph.
    assert_eq!(done.items[0].quote, law_line(D5K2));
}

#[test]
fn a_copy_of_another_regulation_a_closed_round_or_no_copy_at_all_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let c = committee(dir.path());
    let (q, reg) = (&c.q, &c.reg);
    let chair = Actor::Person(&c.chairman);
    let (_, copy) = q.review_copy_bytes(reg, chair).unwrap();

    // Another regulation of the same database, its own round open.
    let law = quyche_fixtures::law(quyche_fixtures::COOP_2023);
    let other = q.import_bytes("khac.txt", law.as_bytes(), None, chair).unwrap().regulation_id;
    q.open_round(&other, chair, None).unwrap();
    let (_, other_copy) = q.review_copy_bytes(&other, chair).unwrap();
    let err = q.import_word_review_bytes(reg, "khac.docx", &other_copy, None, chair).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput, "{err:?}");
    assert!(
        err.message.contains(&format!("của quy chế {other}, không phải của quy chế {reg}")),
        "{}",
        err.message
    );

    // A DOCX without the mark is no review copy.
    let plain = without_parts(&copy, &["customXml/", "docProps/custom.xml"]);
    let err = q.import_word_review_bytes(reg, "tu-soan.docx", &plain, None, chair).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadInput, "{err:?}");
    assert!(err.message.contains("không phải bản lấy ý kiến do Quyche xuất"), "{}", err.message);

    // Only the chairman or the secretary takes a review in.
    let err = q
        .import_word_review_bytes(reg, "gop-y.docx", &copy, None, Actor::Person(&c.cuong))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err:?}");

    // Once the round is closed, its copies are a workflow refusal, not a wrong file.
    q.close_round(reg, chair).unwrap();
    let err = q.import_word_review_bytes(reg, "gop-y.docx", &copy, None, chair).unwrap_err();
    assert_eq!(err.code, ErrorCode::Refused, "{err:?}");
    assert!(err.message.contains("đã đóng"), "{}", err.message);
    assert!(q.comments(reg).unwrap().is_empty());
}

#[test]
fn words_edited_without_tracking_are_anchored_when_found_and_listed_when_not() {
    let dir = tempfile::tempdir().unwrap();
    let c = committee(dir.path());
    let (q, reg) = (&c.q, &c.reg);
    let (_, copy) = q.review_copy_bytes(reg, Actor::Person(&c.chairman)).unwrap();
    // The member typed over khoản 2 Điều 5 with Track Changes off.
    let edited = word_edit::replace_part(&copy, "word/document.xml", |xml| {
        assert_eq!(xml.matches("đầu tư kinh doanh bình đẳng").count(), 1);
        xml.replace("đầu tư kinh doanh bình đẳng", "đầu tư kinh doanh công bằng")
    });
    let k2 = unit(q, reg, 5, Some(2), None);
    let by = By::new("Lê Văn Cường", "2026-12-04T10:00:00Z");
    let returned = edit_review(
        &edited,
        &[
            (
                by.clone(),
                Edit::Comment { unit: k2, quote: "công bằng".into(), text: "Rõ hơn.".into() },
            ),
            (
                by.clone(),
                Edit::Comment {
                    unit: k2,
                    quote: "môi trường đầu tư".into(),
                    text: "Thêm đất đai.".into(),
                },
            ),
            (
                by,
                Edit::Insert {
                    unit: k2, after: "Bảo đảm".into(), text: " và duy trì".into()
                },
            ),
        ],
    );
    let done = import(&c, &returned, None);
    assert_eq!((done.added, done.items.len()), (1, 3), "{done:#?}");
    // Not anchored first, each with why, naming the provision.
    let [typed_over, change, found] = &done.items[..] else { unreachable!() };
    assert!(!typed_over.anchored && typed_over.comment_id.is_none());
    assert_eq!(
        typed_over.reason.as_deref(),
        Some("không tìm thấy đoạn trích \u{201c}công bằng\u{201d} trong khoản 2 Điều 5")
    );
    assert!(!change.anchored && change.kind == WordItemKind::Change);
    assert!(
        change.reason.as_deref().unwrap().contains("sửa mà không theo dõi thay đổi"),
        "{change:?}"
    );
    // The quote alone is still in the unit: anchored there.
    assert!(found.anchored && found.new);
    assert_eq!(found.quote, "môi trường đầu tư");
    assert_eq!(found.provision.as_deref(), Some("khoản 2 Điều 5"));
}

//! Issue 9 through the facade: control characters and bidi overrides are refused at
//! every text entry, as bad input naming the file and line or the field, and nothing is
//! stored; the real laws still import unchanged.

use std::path::{Path, PathBuf};

use crate::test_clock;
use quyche_api::{Actor, ApiError, ErrorCode, Quyche, Target, UnitKind, UnitView};
use quyche_fixtures::{law, COOP_2012, COOP_2023, DRAFT_AIR_DEFENCE};
use quyche_review::{Decision, Role};

fn demo_text() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/quy-che-lam-viec-v2.txt")
}

/// The four characters of the issue, each with how the messages name it.
const BAD: [(char, &str); 4] = [
    ('\u{1}', "ký tự điều khiển U+0001"),
    ('\u{202E}', "ký tự điều khiển hướng chữ U+202E"),
    ('\u{85}', "ký tự điều khiển U+0085"),
    ('\u{2066}', "ký tự điều khiển hướng chữ U+2066"),
];

fn refused(result: Result<impl std::fmt::Debug, ApiError>, expected: &str) {
    let err = result.expect_err(expected);
    assert_eq!(err.code, ErrorCode::BadInput, "{}", err.message);
    assert_eq!(err.message, expected);
}

/// A database with the demo text, a chairman and a member, a round open and one
/// comment by the member.
struct Setup {
    q: Quyche,
    reg: String,
    /// A second regulation, in draft, so it can be edited.
    draft: String,
    chairman: String,
    member: String,
    comment: String,
    _dir: tempfile::TempDir,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    let reg = q.import_file(&demo_text(), Actor::Named("Văn phòng")).unwrap().regulation_id;
    let draft = q.import_file(&demo_text(), Actor::Named("Văn phòng")).unwrap().regulation_id;
    let chairman = q.add_person(Actor::Current, "Nguyễn Văn An", Role::Chairman, "").unwrap().id;
    let by = Actor::Person(&chairman);
    let member = q.add_person(by, "Lê Văn Cường", Role::Member, "Ủy viên").unwrap().id;
    q.open_round(&reg, by, None).unwrap();
    let comment = q
        .add_comment(&reg, Actor::Person(&member), article(1), "Quy chế này", None, "Rõ hơn.", None)
        .unwrap()
        .id;
    Setup { q, reg, draft, chairman, member, comment, _dir: dir }
}

fn first_article(units: &[UnitView]) -> Option<&UnitView> {
    units.iter().find_map(|u| match u.kind {
        UnitKind::Article => Some(u),
        _ => first_article(&u.children),
    })
}

fn article(n: u32) -> Target {
    Target::Numbered { article: n, clause: None, point: None }
}

#[test]
fn every_entry_refuses_the_four_characters_naming_the_place() {
    let s = setup();
    let (q, reg, draft) = (&s.q, s.reg.as_str(), s.draft.as_str());
    let chair = Actor::Person(&s.chairman);
    let member = Actor::Person(&s.member);
    let revisions = q.history(draft).unwrap().len();
    for (c, what) in BAD {
        let bad = format!("Có {c}lỗi");
        let file = format!("Điều 1. Phạm vi\n1. Khoản một.\n2. {bad}\n");
        refused(
            q.import_bytes("sai.txt", file.as_bytes(), None, chair),
            &format!("sai.txt: dòng 3, cột 7: có {what} (không được phép)"),
        );
        refused(
            q.import_bytes("sai.txt", file.as_bytes(), Some(draft), chair),
            &format!("sai.txt: dòng 3, cột 7: có {what} (không được phép)"),
        );
        let view = q.open_regulation(draft, None).unwrap();
        let first = first_article(&view.units).expect("an article");
        refused(
            q.save_article(
                draft,
                view.revision.number,
                first.id,
                &format!("Tiêu đề\n{bad}"),
                chair,
            ),
            &format!("Điều 1: dòng 2, cột 4: có {what} (không được phép)"),
        );
        let field = |name: &str| format!("{name}: có {what} ở ký tự thứ 4 (không được phép)");
        refused(q.add_person(chair, &bad, Role::Member, ""), &field("tên người"));
        refused(q.add_person(chair, "Phạm Thị Dung", Role::Member, &bad), &field("chức vụ"));
        let comment = |text: &str, proposal: Option<&str>| {
            q.add_comment(reg, member, article(1), "Quy chế này", None, text, proposal)
        };
        refused(comment(&bad, None), &field("nội dung góp ý"));
        refused(comment("Rõ hơn.", Some(&bad)), &field("đề xuất sửa"));
        refused(q.resolve_comment(&s.comment, chair, Decision::Explained, &bad), &field("lý do"));
        refused(
            q.create_identity(&bad, ""),
            &format!("Tên: có {what} ở ký tự thứ 4 (không được phép)"),
        );
    }
    // Nothing was stored: two regulations, its revisions, two people, one comment.
    assert_eq!(q.list_regulations().unwrap().len(), 2);
    assert_eq!(q.history(draft).unwrap().len(), revisions);
    assert_eq!(q.people().unwrap().len(), 2);
    let comments = q.comments(reg).unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].decision, None);
    assert!(q.identity().unwrap().is_none());
}

#[test]
fn the_real_laws_import_unchanged_tabs_and_vietnamese_included() {
    let dir = tempfile::tempdir().unwrap();
    let q = Quyche::open(dir.path(), test_clock()).unwrap();
    for name in [COOP_2012, COOP_2023, DRAFT_AIR_DEFENCE] {
        let text = law(name);
        let with_tabs = text.replace(". ", ".\t");
        for input in [&text, &with_tabs] {
            let imported = q.import_bytes(name, input.as_bytes(), None, Actor::Named("Văn phòng"));
            let id = imported.unwrap_or_else(|e| panic!("{name}: {}", e.message)).regulation_id;
            let stored = quyche_api::render_document(&q.document(&id, None).unwrap());
            let expected = quyche_text::render(&quyche_text::parse(&text).document);
            assert_eq!(stored, expected, "{name}");
        }
    }
}

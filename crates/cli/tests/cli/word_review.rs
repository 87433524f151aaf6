//! `review-copy` and `import-word-review`: a member's review in Word, through the real
//! binary. The first line says how many comments are new; what could not be taken in
//! follows, one line each; the same file again adds nothing; a wrong file exits 2, a
//! closed round 3.

#[path = "../../../api/tests/support/word_edit.rs"]
mod word_edit;

use quyche_fixtures::COOP_2023;
use word_edit::{edit_review, By, Edit};

use crate::harness::{law, s as p, TestDir};

#[test]
fn a_word_review_in_through_the_command_line() {
    let dir = TestDir::new();
    let db = dir.database("chair");
    let file = |n: &str| dir.path(n);
    let reg = db.ok(None, &["import", p(&law(COOP_2023))]);
    let chair = db.ok(None, &["person", "add", "--name", "Nguyễn Văn An", "--role", "chairman"]);
    let c = Some(chair.as_str());
    let member = db.ok(c, &["person", "add", "--name", "Lê Văn Cường", "--role", "member"]);
    db.ok(c, &["round", "open", &reg]);

    let copy = file("ban-lay-y-kien.docx");
    assert_eq!(db.ok(c, &["review-copy", &reg, "-o", p(&copy)]), p(&copy));
    // Điều 5's id, as the copy's bookmarks carry it.
    let article = {
        let q = quyche_api::Quyche::open(&db.path, quyche_api::system_clock()).unwrap();
        q.document(&reg, None).unwrap().articles().nth(4).unwrap().id.0
    };
    let comment = |who: &str, text: &str| {
        (
            By::new(who, "2026-12-01T09:00:00Z"),
            Edit::Comment {
                unit: article,
                quote: "Bảo đảm của Nhà nước".into(),
                text: text.into(),
            },
        )
    };
    let returned = file("gop-y-cuong.docx");
    let bytes = std::fs::read(&copy).unwrap();
    let edited = edit_review(
        &bytes,
        &[comment("Lê Văn Cường", "Nên nói rõ cơ quan nào."), comment("Admin", "Đồng ý.")],
    );
    std::fs::write(&returned, edited).unwrap();

    let args = ["import-word-review", &reg, p(&returned)];
    let out = db.ok(c, &args);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Đã thêm 1 góp ý mới từ \u{201c}gop-y-cuong.docx\u{201d} (0 đã có từ trước)."
    );
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[1].starts_with(
            "Không nhập lời bình của \u{201c}Admin\u{201d} (Điều 5): không rõ người góp ý"
        ),
        "{}",
        lines[1]
    );
    let comments = db.comments(&reg);
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0]["author"], "Lê Văn Cường");
    assert_eq!(comments[0]["quote"], "Bảo đảm của Nhà nước");

    // Again: nothing new. As JSON, the report the window lists.
    let json = db.run(c, &[&args[..], &["--format", "json"]].concat()).success().json();
    assert_eq!((json["added"].as_u64(), json["already"].as_u64()), (Some(0), Some(1)));
    assert_eq!(json["items"][0]["kind"], "comment");
    assert_eq!(json["items"][0]["reason"].as_str().map(|r| r.contains("Admin")), Some(true));

    // --reviewer names the person for the whole file: the unknown author's comment goes in.
    let out = db.ok(c, &[&args[..], &["--reviewer", "Lê Văn Cường"]].concat());
    assert_eq!(out, "Đã thêm 1 góp ý mới từ \u{201c}gop-y-cuong.docx\u{201d} (1 đã có từ trước).");

    // A file that is no review copy: exit 2, naming it.
    let err = db.fails(c, &["import-word-review", &reg, p(&law(COOP_2023))], 2);
    assert!(err.contains("luat_hop_tac_xa_2023"), "{err}");
    // A member may not take a review in: exit 3.
    db.fails(Some(&member), &args, 3);
    // The round closed: exit 3.
    db.ok(c, &["round", "close", &reg]);
    let err = db.fails(c, &args, 3);
    assert!(err.contains("đã đóng"), "{err}");
    assert_eq!(db.comments(&reg).len(), 2);
}

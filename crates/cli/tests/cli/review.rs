//! A scripted CLI journey through the whole process: people, a round, comments,
//! resolutions, submission, the vote, the seal, exports that verify, and the refusals.

use crate::harness::{demo, TestDir};

#[test]
fn the_whole_process_on_the_command_line() {
    let dir = TestDir::new();
    let d = dir.database("db");
    std::fs::create_dir_all(dir.path("out")).unwrap();
    let path = |name: &str| dir.path("out").join(name).to_str().unwrap().to_string();
    // Approving signs the seal with this installation's key (issue 9).
    d.ok(None, &["identity", "create", "--name", "Trần Thị Bình", "--position", "Thư ký"]);
    let reg = d.ok(None, &["import", demo().to_str().unwrap()]);
    let chair = d.ok(
        None,
        &[
            "person",
            "add",
            "--name",
            "Nguyễn Văn An",
            "--role",
            "chairman",
            "--position",
            "Chủ tịch",
        ],
    );
    let member =
        d.ok(Some(&chair), &["person", "add", "--name", "Lê Văn Cường", "--role", "member"]);
    let secretary =
        d.ok(Some(&chair), &["person", "add", "--name", "Trần Thị Bình", "--role", "secretary"]);
    let (c, m, s) = (Some(chair.as_str()), Some(member.as_str()), Some(secretary.as_str()));

    // A member cannot open a round; nobody comments before one is open.
    d.fails(m, &["round", "open", &reg], 3);
    d.fails(
        m,
        &["comment", "add", &reg, "--article", "14", "--quote", "03 ngày", "--text", "x"],
        3,
    );
    let round = d.ok(c, &["round", "open", &reg, "--deadline", "2026-12-15"]);
    assert!(!round.is_empty());

    // Điều 14 khoản 2: "… chậm nhất 03 ngày làm việc trước ngày khai mạc …"
    let c1 = d.ok(
        m,
        &[
            "comment",
            "add",
            &reg,
            "--article",
            "14",
            "--clause",
            "2",
            "--quote",
            "03 ngày làm việc",
            "--text",
            "Đề nghị giữ 05 ngày để ủy viên kịp nghiên cứu.",
            "--propose",
            "05 ngày làm việc",
        ],
    );
    let c2 = d.ok(
        m,
        &[
            "comment",
            "add",
            &reg,
            "--article",
            "1",
            "--quote",
            "Phạm vi điều chỉnh",
            "--text",
            "<img src=x onerror=alert(1)>",
        ],
    );
    // A quote not found in that unit is bad input.
    d.fails(
        m,
        &[
            "comment",
            "add",
            &reg,
            "--article",
            "14",
            "--clause",
            "2",
            "--quote",
            "không có",
            "--text",
            "x",
        ],
        2,
    );
    d.fails(m, &["comment", "add", &reg, "--article", "999", "--quote", "x", "--text", "x"], 2);

    let comments: serde_json::Value =
        serde_json::from_str(&d.ok(None, &["comments", &reg, "--format", "json"])).unwrap();
    let list = comments.as_array().unwrap();
    assert_eq!(list.len(), 2);
    for key in ["id", "author", "article", "anchor", "decision", "reason"] {
        assert!(list[0].get(key).is_some(), "{key} missing");
    }
    assert_eq!(list[0]["id"], c1.as_str());
    assert_eq!(list[0]["article"], "Điều 14");
    assert_eq!(list[0]["anchor"], "current");
    assert!(list[0]["decision"].is_null());
    assert_eq!(list[1]["text"], "<img src=x onerror=alert(1)>");

    d.ok(c, &["round", "close", &reg]);
    // Members cannot resolve, submit or approve.
    d.fails(m, &["comment", "resolve", &c1, "--decision", "accepted", "--reason", "ok"], 3);
    d.fails(m, &["submit", &reg], 3);
    // Unresolved comments block the submission.
    let err = d.fails(c, &["submit", &reg], 3);
    assert!(err.contains("chưa tiếp thu"), "{err}");
    d.ok(
        c,
        &[
            "comment",
            "resolve",
            &c1,
            "--decision",
            "accepted",
            "--reason",
            "Tiếp thu, giữ 05 ngày.",
        ],
    );
    d.ok(
        c,
        &[
            "comment",
            "resolve",
            &c2,
            "--decision",
            "explained",
            "--reason",
            "Không liên quan đến nội dung.",
        ],
    );
    d.fails(c, &["comment", "resolve", &c2, "--decision", "maybe", "--reason", "x"], 2);
    d.ok(c, &["submit", &reg]);

    let vote = |who, members: &str, votes_for: &str| {
        d.run(
            who,
            &[
                "approve",
                &reg,
                "--form",
                "meeting",
                "--members",
                members,
                "--for",
                votes_for,
                "--against",
                "2",
                "--abstain",
                "1",
                "--decision-no",
                "12/QĐ-LMHTX",
                "--date",
                "2026-11-28",
            ],
        )
    };
    // 13 of 27 is not more than half of all members.
    assert!(vote(s, "27", "13").exit(3).stderr().contains("quá một nửa"));
    vote(m, "27", "20").exit(3);
    let seal = vote(s, "27", "20").success().stdout().trim().to_string();
    assert_eq!(seal.len(), 64);

    // Exports in every format verify; the report is written.
    for fmt in ["docx", "html", "md", "txt"] {
        let file = path(&format!("quy-che.{fmt}"));
        d.ok(s, &["export", &reg, "--format", fmt, "-o", &file]);
        let v = d.ok(None, &["verify", &file]);
        assert!(v.contains(&seal), "{fmt}: {v}");
    }
    for fmt in ["html", "docx"] {
        let file = path(&format!("bang-tong-hop.{fmt}"));
        d.ok(s, &["report", &reg, "--format", fmt, "-o", &file]);
        assert!(std::fs::metadata(&file).unwrap().len() > 500);
    }
    let report = std::fs::read_to_string(path("bang-tong-hop.html")).unwrap();
    assert!(report.contains("khoản 2 Điều 14") && report.contains("Tiếp thu"));
    assert!(report.contains("&lt;img src=x onerror=alert(1)&gt;") && !report.contains("<img"));

    // A tampered export is caught, and says where.
    let txt = path("quy-che.txt");
    let tampered =
        std::fs::read_to_string(&txt).unwrap().replace("03 ngày làm việc", "10 ngày làm việc");
    assert!(tampered.contains("10 ngày làm việc"), "the export carries the text");
    let bad = path("sua.txt");
    std::fs::write(&bad, tampered).unwrap();
    let out = d.run(None, &["verify", &bad]).exit(1).stdout();
    assert!(out.contains("Điều 14"), "{out}");

    // The store, the audit chain and the seal all verify.
    assert!(d.ok(None, &["verify"]).contains("toàn vẹn"));
}

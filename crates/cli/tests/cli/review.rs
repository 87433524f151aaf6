//! A scripted CLI journey through the whole process: people, a round, comments,
//! resolutions, submission, the vote, the seal, exports that verify, and the refusals.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Db {
    _dir: tempfile::TempDir,
    db: PathBuf,
    out: PathBuf,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        Db { _dir: dir, db, out }
    }

    fn run(&self, who: Option<&str>, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_quyche"));
        cmd.arg("--db").arg(&self.db);
        if let Some(w) = who {
            cmd.args(["--as", w]);
        }
        cmd.args(args).output().expect("run quyche")
    }

    /// Runs and returns stdout, failing the test on a non-zero exit.
    fn ok(&self, who: Option<&str>, args: &[&str]) -> String {
        let o = self.run(who, args);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    }

    /// Runs and expects exit `code` with a one-line reason on stderr.
    fn refused(&self, who: Option<&str>, args: &[&str], code: i32) -> String {
        let o = self.run(who, args);
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        err
    }

    fn path(&self, name: &str) -> String {
        self.out.join(name).to_str().unwrap().to_string()
    }
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/demo/quy-che-lam-viec-v2.txt")
}

#[test]
fn the_whole_process_on_the_command_line() {
    let d = Db::new();
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
    d.refused(m, &["round", "open", &reg], 3);
    d.refused(
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
    d.refused(
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
    d.refused(m, &["comment", "add", &reg, "--article", "999", "--quote", "x", "--text", "x"], 2);

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
    d.refused(m, &["comment", "resolve", &c1, "--decision", "accepted", "--reason", "ok"], 3);
    d.refused(m, &["submit", &reg], 3);
    // Unresolved comments block the submission.
    let err = d.refused(c, &["submit", &reg], 3);
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
    d.refused(c, &["comment", "resolve", &c2, "--decision", "maybe", "--reason", "x"], 2);
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
    let o = vote(s, "27", "13");
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("quá một nửa"));
    assert_eq!(vote(m, "27", "20").status.code(), Some(3));
    let o = vote(s, "27", "20");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let seal = String::from_utf8(o.stdout).unwrap().trim().to_string();
    assert_eq!(seal.len(), 64);

    // Exports in every format verify; the report is written.
    for fmt in ["docx", "html", "md", "txt"] {
        let file = d.path(&format!("quy-che.{fmt}"));
        d.ok(s, &["export", &reg, "--format", fmt, "-o", &file]);
        let v = d.ok(None, &["verify", &file]);
        assert!(v.contains(&seal), "{fmt}: {v}");
    }
    for fmt in ["html", "docx"] {
        let file = d.path(&format!("bang-tong-hop.{fmt}"));
        d.ok(s, &["report", &reg, "--format", fmt, "-o", &file]);
        assert!(std::fs::metadata(&file).unwrap().len() > 500);
    }
    let report = std::fs::read_to_string(d.path("bang-tong-hop.html")).unwrap();
    assert!(report.contains("khoản 2 Điều 14") && report.contains("Tiếp thu"));
    assert!(report.contains("&lt;img src=x onerror=alert(1)&gt;") && !report.contains("<img"));

    // A tampered export is caught, and says where.
    let txt = d.path("quy-che.txt");
    let tampered =
        std::fs::read_to_string(&txt).unwrap().replace("03 ngày làm việc", "10 ngày làm việc");
    assert!(tampered.contains("10 ngày làm việc"), "the export carries the text");
    let bad = d.path("sua.txt");
    std::fs::write(&bad, tampered).unwrap();
    let o = d.run(None, &["verify", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("Điều 14"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );

    // The store, the audit chain and the seal all verify.
    assert!(d.ok(None, &["verify"]).contains("toàn vẹn"));
}

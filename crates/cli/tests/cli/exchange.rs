//! Two databases, two identities: a review package out, a signed comment bundle back,
//! and every refusal leaving the chairman's database as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Machine {
    db: PathBuf,
}

impl Machine {
    fn run(&self, who: Option<&str>, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_quyche"));
        cmd.arg("--db").arg(&self.db).env_remove("QUYCHE_PASSPHRASE");
        if let Some(w) = who {
            cmd.args(["--as", w]);
        }
        cmd.args(args).output().expect("run quyche")
    }

    fn ok(&self, who: Option<&str>, args: &[&str]) -> String {
        let o = self.run(who, args);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    }

    fn code(&self, args: &[&str]) -> (Option<i32>, String) {
        let o = self.run(None, args);
        (o.status.code(), String::from_utf8_lossy(&o.stderr).into_owned())
    }

    fn comments(&self, reg: &str) -> Vec<serde_json::Value> {
        serde_json::from_str::<serde_json::Value>(
            &self.ok(None, &["comments", reg, "--format", "json"]),
        )
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
    }
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn package_out_bundle_back_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let chair = Machine { db: dir.path().join("chair") };
    let member = Machine { db: dir.path().join("member") };
    let stranger = Machine { db: dir.path().join("stranger") };
    let file = |n: &str| dir.path().join(n);

    // Identities and cards.
    let fp = chair
        .ok(None, &["identity", "create", "--name", "Nguyễn Văn An", "--position", "Chủ tịch"]);
    assert_eq!(fp.split(' ').count(), 8, "fingerprint: {fp}");
    member
        .ok(None, &["identity", "create", "--name", "Lê Văn Cường", "--position", "Phó Chủ tịch"]);
    stranger.ok(None, &["identity", "create", "--name", "Lê Văn Cường", "--position", "Giả mạo"]);
    chair.ok(None, &["identity", "export", "-o", p(&file("chair.quyche-id"))]);
    member.ok(None, &["identity", "export", "-o", p(&file("member.quyche-id"))]);
    stranger.ok(None, &["identity", "export", "-o", p(&file("stranger.quyche-id"))]);

    // The chairman's roster and round.
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/demo/quy-che-lam-viec-v2.txt");
    let reg = chair.ok(None, &["import", p(&demo)]);
    let c = chair
        .ok(None, &["person", "add", "--card", p(&file("chair.quyche-id")), "--role", "chairman"]);
    let m = chair.ok(
        Some(&c),
        &["person", "add", "--card", p(&file("member.quyche-id")), "--role", "member"],
    );
    // A changed key for a known person is refused until confirmed.
    let o = chair.run(
        Some(&c),
        &["person", "add", "--card", p(&file("stranger.quyche-id")), "--role", "member"],
    );
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("CẢNH BÁO"));
    chair.ok(Some(&c), &["round", "open", &reg, "--deadline", "2026-12-15"]);
    chair.ok(None, &["package", &reg, "-o", p(&file("goi.quyche"))]);

    // The member opens it (twice: nothing changes) and comments offline.
    assert_eq!(member.ok(None, &["open", p(&file("goi.quyche"))]), reg);
    assert_eq!(member.ok(None, &["open", p(&file("goi.quyche"))]), reg);
    assert_eq!(member.ok(None, &["log", &reg]).lines().count(), 1);
    let (code, err) = member.code(&["import", p(&demo), "--into", &reg]);
    assert_eq!(code, Some(3), "the copy is read-only: {err}");
    member.ok(
        None,
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
            "Đề nghị giữ 05 ngày.",
            "--propose",
            "05 ngày làm việc",
        ],
    );
    member.ok(
        None,
        &[
            "comment",
            "add",
            &reg,
            "--article",
            "1",
            "--quote",
            "Phạm vi điều chỉnh",
            "--text",
            "Nên tách hai khoản.",
        ],
    );
    member.ok(None, &["bundle", &reg, "-o", p(&file("bo-1.zip"))]);
    assert_eq!(
        member.code(&["bundle", &reg, "-o", p(&file("bo-2.zip"))]).0,
        Some(3),
        "nothing new to send"
    );

    // Refusals first: each leaves the chairman's comments untouched.
    let bundle = std::fs::read(file("bo-1.zip")).unwrap();
    let mut flipped = bundle.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x01;
    std::fs::write(file("flipped.zip"), &flipped).unwrap();
    std::fs::write(file("truncated.zip"), &bundle[..bundle.len() / 3]).unwrap();
    std::fs::write(file("garbage.zip"), b"PK\x03\x04 not really").unwrap();
    // A bundle from an identity the chairman does not know.
    stranger.ok(None, &["open", p(&file("goi.quyche"))]);
    let (code, _) = stranger.code(&[
        "comment",
        "add",
        &reg,
        "--article",
        "1",
        "--quote",
        "Phạm vi điều chỉnh",
        "--text",
        "x",
    ]);
    assert_eq!(code, Some(3), "a stranger is not on the roster, so cannot comment");
    for (name, want) in [("flipped.zip", 2), ("truncated.zip", 2), ("garbage.zip", 2)] {
        let (code, err) = chair.code(&["--as", &c, "import-bundle", p(&file(name))]);
        assert_eq!(code, Some(want), "{name}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: one line: {err}");
        assert!(err.contains(name), "{name}: the message names the file: {err}");
        assert!(chair.comments(&reg).is_empty(), "{name} changed the database");
    }

    // The real bundle: two comments, the right author and anchors; a re-import adds none.
    assert_eq!(chair.ok(Some(&c), &["import-bundle", p(&file("bo-1.zip"))]), "2");
    let got = chair.comments(&reg);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["author_id"], m.as_str());
    assert_eq!(got[0]["author"], "Lê Văn Cường");
    assert_eq!(got[0]["provision"], "khoản 2 Điều 14");
    assert_eq!(got[0]["quote"], "03 ngày làm việc");
    assert_eq!(got[0]["anchor"], "current");
    assert_eq!(got[1]["article"], "Điều 1");
    assert_eq!(chair.ok(Some(&c), &["import-bundle", p(&file("bo-1.zip"))]), "0");
    assert!(chair.ok(None, &["verify"]).contains("toàn vẹn"));

    // minisign can check the bundle's signature outside the app.
    if Command::new("minisign").arg("-v").output().is_ok() {
        let unz = dir.path().join("unz");
        std::fs::create_dir_all(&unz).unwrap();
        let ok = Command::new("python3")
            .args([
                "-c",
                "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
                p(&file("bo-1.zip")),
                p(&unz),
            ])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if ok {
            let card: serde_json::Value =
                serde_json::from_slice(&std::fs::read(file("member.quyche-id")).unwrap()).unwrap();
            let key = card["public_key"].as_str().unwrap();
            let v = Command::new("minisign")
                .args(["-Vm", p(&unz.join("manifest.json")), "-P", key])
                .output()
                .unwrap();
            assert!(v.status.success(), "minisign -Vm: {}", String::from_utf8_lossy(&v.stderr));
        }
    } else {
        println!("skipped: minisign not installed");
    }
}

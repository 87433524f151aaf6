//! Two databases, two identities: a review package out, a signed comment bundle back,
//! and every refusal leaving the chairman's database as it was.

use std::process::Command;

use crate::harness::{demo, s as p, TestDir};

#[test]
fn package_out_bundle_back_and_refusals() {
    let dir = TestDir::new();
    let chair = dir.database("chair");
    let member = dir.database("member");
    let stranger = dir.database("stranger");
    let file = |n: &str| dir.path(n);

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
    let demo = demo();
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
    assert!(o.exit(3).stderr().contains("CẢNH BÁO"));
    chair.ok(Some(&c), &["round", "open", &reg, "--deadline", "2026-12-15"]);
    chair.ok(None, &["package", &reg, "-o", p(&file("goi.quyche"))]);

    // The member opens it: the chairman's key is new here, so the first open prints the
    // chairman and the fingerprint and stops (exit 3) until the fingerprint, checked by
    // phone, is passed with --trust; a wrong one is refused. Nothing is written before.
    let o = member.run(None, &["open", p(&file("goi.quyche"))]);
    let err = o.exit(3).stderr();
    assert!(err.contains(&fp) && err.contains("--trust"), "{err}");
    assert_eq!(o.stdout().trim(), format!("Nguyễn Văn An\tChủ tịch\t{fp}"));
    assert_eq!(member.ok(None, &["list"]), "", "nothing opened");
    let wrong = fp.replace(&fp[..4], "0000");
    let err = member.fails(None, &["open", p(&file("goi.quyche")), "--trust", &wrong], 3);
    assert!(err.contains("không khớp") && err.contains(&fp), "{err}");
    // As read over the phone: spaces and case do not matter. Then (twice: nothing
    // changes) the pinned key needs no --trust.
    let heard = fp.replace(' ', "").to_uppercase();
    assert_eq!(member.ok(None, &["open", p(&file("goi.quyche")), "--trust", &heard]), reg);
    assert_eq!(member.ok(None, &["open", p(&file("goi.quyche"))]), reg);
    // Opening changed none of the member's own people, nor who uses the machine.
    assert_eq!(member.ok(None, &["person", "list"]), "");
    assert_eq!(member.ok(None, &["log", &reg]).lines().count(), 1);
    let o = member.run(None, &["import", p(&demo), "--into", &reg]);
    assert_eq!(o.code(), Some(3), "the copy is read-only: {}", o.stderr());
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
    // Nothing sent yet: nothing to write again.
    let err = member.fails(None, &["bundle", &reg, "-o", p(&file("lai.zip")), "--again"], 3);
    assert!(err.contains("Chưa gửi tệp góp ý nào"), "{err}");
    // A bundle that cannot be written sends nothing: the next one still carries both.
    let err = member.fails(None, &["bundle", &reg, "-o", p(&file("khong-co/bo-1.zip"))], 1);
    assert!(err.contains("bo-1.zip"), "the message names the file: {err}");
    assert!(!file("khong-co").exists());
    member.ok(None, &["bundle", &reg, "-o", p(&file("bo-1.zip"))]);
    assert_eq!(
        member.run(None, &["bundle", &reg, "-o", p(&file("bo-2.zip"))]).code(),
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
    stranger.ok(None, &["open", p(&file("goi.quyche")), "--trust", &fp]);
    let o = stranger.run(
        None,
        &["comment", "add", &reg, "--article", "1", "--quote", "Phạm vi điều chỉnh", "--text", "x"],
    );
    assert_eq!(o.code(), Some(3), "a stranger is not on the roster, so cannot comment");
    for (name, want) in [("flipped.zip", 2), ("truncated.zip", 2), ("garbage.zip", 2)] {
        let err = chair.fails(None, &["--as", &c, "import-bundle", p(&file(name))], want);
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
    // The member's last bundle written again (the first file lost) is the same bundle.
    let again = member.ok(None, &["bundle", &reg, "-o", p(&file("bo-1-lai.zip")), "--again"]);
    assert_eq!(again, p(&file("bo-1-lai.zip")));
    assert_eq!(chair.ok(Some(&c), &["import-bundle", p(&file("bo-1-lai.zip"))]), "0");
    assert_eq!(chair.comments(&reg).len(), 2);
    assert!(chair.ok(None, &["verify"]).contains("toàn vẹn"));

    // A bundle that comes after the round closed is late: refused with the reason, and
    // taken in only when the chairman accepts it as late (--late).
    chair.ok(Some(&c), &["round", "close", &reg]);
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
            "Muộn.",
        ],
    );
    member.ok(None, &["bundle", &reg, "-o", p(&file("bo-muon.zip"))]);
    let err = chair.fails(Some(&c), &["import-bundle", p(&file("bo-muon.zip"))], 3);
    assert!(err.contains("đã đóng") && err.contains("nộp muộn"), "{err}");
    assert_eq!(chair.comments(&reg).len(), 2);
    assert_eq!(chair.ok(Some(&c), &["import-bundle", p(&file("bo-muon.zip")), "--late"]), "1");
    assert_eq!(chair.comments(&reg).len(), 3);

    // minisign can check the bundle's signature outside the app.
    if Command::new("minisign").arg("-v").output().is_ok() {
        let unz = dir.path("unz");
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

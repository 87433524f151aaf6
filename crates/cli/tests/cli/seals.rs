//! Signed seals (issue 9): a forged regulation approved in a throwaway database does not
//! verify; the genuine export verifies with the signer's card or the real database; a
//! changed word, a swapped card and an unsigned (older) seal never exit 0.
//!
//! Exit codes of `verify FILE`: 0 intact, validly signed, by a trusted key (and held by the
//! database with `--db`); 3 intact and validly signed but not trusted; 1 altered, badly
//! signed, or not signed at all.

use crate::approval::{approve_words, approved, submitted, DECISION_NO};
use crate::harness::{demo, s, Database, TestDir};

struct World {
    dir: TestDir,
    real: Database,
    genuine: String,
    forged: String,
    card: String,
}

fn world() -> World {
    let dir = TestDir::new();
    let real = dir.database("real");
    let (reg, chair) = approved(&real, "Nguyễn Văn An", &demo(), DECISION_NO);
    let genuine = s(&dir.path("genuine.txt")).to_owned();
    real.ok(Some(&chair), &["export", &reg, "--format", "txt", "-o", &genuine]);
    let card = s(&dir.path("an.quyche-id")).to_owned();
    real.ok(None, &["identity", "export", "-o", &card]);

    // The forger: the demo with one word changed, approved in a throwaway database.
    let text = std::fs::read_to_string(demo()).unwrap().replace("2020 - 2025", "2020 - 2030");
    let forged_text = dir.path("forged-source.txt");
    std::fs::write(&forged_text, text).unwrap();
    let throwaway = dir.database("throwaway");
    let (freg, fchair) = approved(&throwaway, "Nguyễn Văn An", &forged_text, "1/QĐ");
    let forged = s(&dir.path("forged.txt")).to_owned();
    throwaway.ok(Some(&fchair), &["export", &freg, "--format", "txt", "-o", &forged]);
    World { dir, real, genuine, forged, card }
}

fn no_db(args: &[&str]) -> crate::harness::Run {
    crate::harness::quyche(args)
}

#[test]
fn the_forged_export_fails_and_the_genuine_one_verifies_with_the_card_or_the_database() {
    let w = world();
    // The forgery: intact and validly signed, but by a key nobody trusts.
    let err = no_db(&["verify", &w.forged]).exit(3).stderr();
    assert!(err.contains("chưa được tin cậy"), "{err}");
    let err = no_db(&["verify", &w.forged, "--card", &w.card]).exit(3).stderr();
    assert!(err.contains("chưa được tin cậy"), "{err}");
    // The real database neither knows the key nor holds decision 1/QĐ for that text.
    let run = w.real.run(None, &["verify", &w.forged]);
    assert_ne!(run.code(), Some(0));
    let err = run.exit(3).stderr();
    assert!(err.contains("không có quyết định 1/QĐ"), "{err}");

    // The genuine export: with the signer's card, and with the real database.
    let out = no_db(&["verify", &w.genuine, "--card", &w.card]).success().stdout();
    assert!(out.contains("khớp niêm phong"), "{out}");
    assert!(out.contains("Chữ ký: hợp lệ, của Nguyễn Văn An, Chủ tịch"), "{out}");
    assert!(out.contains("thẻ an.quyche-id"), "{out}");
    let out = w.real.ok(None, &["verify", &w.genuine]);
    assert!(out.contains("Cơ sở dữ liệu: có quyết định thông qua này"), "{out}");
    // Without anything to trust, a genuine file is not trusted either.
    no_db(&["verify", &w.genuine]).exit(3);

    // A genuine card of the right name on another key is not the signer's.
    let other = w.dir.database("other");
    other.ok(None, &["identity", "create", "--name", "Nguyễn Văn An", "--position", "Chủ tịch"]);
    let other_card = s(&w.dir.path("other.quyche-id")).to_owned();
    other.ok(None, &["identity", "export", "-o", &other_card]);
    no_db(&["verify", &w.genuine, "--card", &other_card]).exit(3);
}

#[test]
fn the_json_answer_has_the_shape_the_issue_names() {
    let w = world();
    let run = no_db(&["verify", &w.genuine, "--card", &w.card, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(run.success().stdout().trim()).unwrap();
    assert_eq!(v["intact"], true);
    assert_eq!(v["signature"], "valid");
    assert_eq!(v["signer"]["name"], "Nguyễn Văn An");
    let fingerprint = v["signer"]["fingerprint"].as_str().unwrap();
    assert_eq!(fingerprint.len(), 39, "8 groups of 4 hex digits: {fingerprint}");
    assert_eq!(v["trusted"], true);
    assert_eq!(v["decision_no"], "12/QĐ-LMHTX");
    assert_eq!(v["approved_on"], "2026-11-28");
    assert_eq!(v["changed_articles"], serde_json::json!([]));
    assert!(v["in_database"].is_null(), "no database was asked");

    let run = w.real.run(None, &["verify", &w.forged, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(run.exit(3).stdout().trim()).unwrap();
    assert_eq!((v["intact"].clone(), v["signature"].clone()), (true.into(), "valid".into()));
    assert_eq!((v["trusted"].clone(), v["in_database"].clone()), (false.into(), false.into()));
    assert_eq!(v["decision_no"], "1/QĐ");
}

#[test]
fn a_changed_word_or_a_swapped_card_exits_1() {
    let w = world();
    let genuine = std::fs::read_to_string(&w.genuine).unwrap();

    // One word of Điều 14 changed: not intact.
    let altered = genuine.replacen("03 ngày làm việc", "10 ngày làm việc", 1);
    assert_ne!(altered, genuine);
    let file = s(&w.dir.path("altered.txt")).to_owned();
    std::fs::write(&file, &altered).unwrap();
    let out = no_db(&["verify", &file, "--card", &w.card]).exit(1).stdout();
    assert!(out.contains("KHÁC: Điều 14"), "{out}");
    let run = no_db(&["verify", &file, "--card", &w.card, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(run.exit(1).stdout().trim()).unwrap();
    assert_eq!(v["intact"], false);
    assert_eq!(v["changed_articles"], serde_json::json!(["Điều 14"]));

    // The manifest's card swapped for another key's card: the signature is invalid.
    let other = w.dir.database("other");
    other.ok(None, &["identity", "create", "--name", "Nguyễn Văn An", "--position", "Chủ tịch"]);
    let other_card = w.dir.path("other.quyche-id");
    other.ok(None, &["identity", "export", "-o", s(&other_card)]);
    let swapped = swap_card(&genuine, &std::fs::read_to_string(&other_card).unwrap());
    let file = s(&w.dir.path("swapped.txt")).to_owned();
    std::fs::write(&file, swapped).unwrap();
    let run = no_db(&["verify", &file, "--card", s(&other_card), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(run.exit(1).stdout().trim()).unwrap();
    assert_eq!(v["intact"], true);
    assert_eq!(v["signature"], "invalid");
    assert_eq!(v["trusted"], false);
    let err = no_db(&["verify", &file, "--card", s(&other_card)]).exit(1).stderr();
    assert!(err.contains("không hợp lệ"), "{err}");
}

#[test]
fn an_old_unsigned_manifest_is_missing_and_never_exits_0() {
    let w = world();
    let genuine = std::fs::read_to_string(&w.genuine).unwrap();
    // As Quyche wrote seals before they were signed: manifest version 1, no signature.
    let old = edit_manifest(&genuine, |m| {
        m["version"] = 1.into();
        let seal = m["seal"].as_object_mut().unwrap();
        seal.remove("signature");
        seal.remove("vote");
    });
    let file = s(&w.dir.path("old.txt")).to_owned();
    std::fs::write(&file, old).unwrap();
    for args in [vec!["--card", w.card.as_str()], vec![]] {
        let mut words = vec!["verify", file.as_str(), "--format", "json"];
        words.extend(args);
        let run = no_db(&words);
        let v: serde_json::Value = serde_json::from_str(run.exit(1).stdout().trim()).unwrap();
        assert_eq!(v["intact"], true);
        assert_eq!(v["signature"], "missing");
        assert!(v["signer"].is_null());
        assert_eq!(v["trusted"], false);
    }
    let err = w.real.run(None, &["verify", &file]).exit(1).stderr();
    assert!(err.contains("Niêm phong chưa ký"), "{err}");
}

/// The text export with its manifest edited.
fn edit_manifest(text: &str, edit: impl Fn(&mut serde_json::Value)) -> String {
    let begin = "-----BEGIN QUYCHE SEAL-----\n";
    let at = text.rfind(begin).unwrap() + begin.len();
    let end = at + text[at..].find("\n-----END").unwrap();
    let mut m: serde_json::Value = serde_json::from_str(&text[at..end]).unwrap();
    edit(&mut m);
    format!("{}{}{}", &text[..at], serde_json::to_string(&m).unwrap(), &text[end..])
}

fn swap_card(text: &str, card_json: &str) -> String {
    let card: serde_json::Value = serde_json::from_str(card_json).unwrap();
    edit_manifest(text, |m| m["seal"]["signature"]["signer"] = card.clone())
}

#[test]
fn approving_without_an_identity_is_refused_with_the_reason() {
    let dir = TestDir::new();
    let d = dir.database("db");
    let reg = d.ok(None, &["import", s(&demo())]);
    let chair = d.ok(None, &["person", "add", "--name", "Nguyễn Văn An", "--role", "chairman"]);
    submitted(&d, &reg, &chair);
    let c = Some(chair.as_str());
    // The meeting's record is complete; only the signing identity is missing.
    let words = approve_words(&reg, "12/QĐ");
    let err = d.fails(c, &words, 3);
    assert!(err.contains("chưa có chữ ký số để ký niêm phong"), "{err}");
    // Once the identity exists, the same approval goes through, signed.
    d.ok(None, &["identity", "create", "--name", "Nguyễn Văn An"]);
    d.ok(c, &words);
}

//! `backup` and `restore`: a round trip of the 2023 law with its history and comments,
//! and the exit codes of a refused restore (3, a folder that holds something) and a
//! damaged backup file (2).

use crate::harness::{law, s, TestDir};

#[test]
fn backup_and_restore_round_trip_with_their_exit_codes() {
    let dir = TestDir::new();
    let d = dir.database("db");
    let law_2023 = law(quyche_fixtures::COOP_2023);
    let reg = d.ok(Some("Văn phòng"), &["import", s(&law_2023)]);
    d.ok(Some("Văn phòng"), &["import", s(&law(quyche_fixtures::COOP_2012)), "--into", &reg]);
    let chair = d.ok(None, &["person", "add", "--name", "Nguyễn Văn An", "--role", "chairman"]);
    let member =
        d.ok(Some(&chair), &["person", "add", "--name", "Lê Văn Cường", "--role", "member"]);
    d.ok(Some(&chair), &["round", "open", &reg]);
    let quote = ["--article", "1", "--quote", "Phạm vi điều chỉnh", "--text", "Nêu rõ hơn."];
    d.ok(Some(&member), &[&["comment", "add", &reg][..], &quote[..]].concat());

    let file = dir.path("all.qcbak");
    let said = d.ok(None, &["backup", "-o", s(&file)]);
    assert!(said.contains("all.qcbak"), "{said}");

    let new = dir.database("new");
    let said = new.ok(None, &["restore", s(&file)]);
    assert!(said.ends_with("toàn vẹn"), "{said}");
    new.ok(None, &["verify"]);
    for words in [&["list"][..], &["log", &reg], &["show", &reg, "--rev", "1"], &["person", "list"]]
    {
        assert_eq!(new.ok(None, words), d.ok(None, words), "{words:?}");
    }
    assert_eq!(new.comments(&reg), d.comments(&reg));

    // A database that exists already: refused, naming the folder, nothing changed.
    let err = d.fails(None, &["restore", s(&file)], 3);
    assert!(err.contains(s(&d.path)), "{err}");
    assert_eq!(d.ok(None, &["list"]), new.ok(None, &["list"]));

    // One flipped byte in the backup: bad input naming the file; no folder is made.
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x01;
    let damaged = dir.path("damaged.qcbak");
    std::fs::write(&damaged, &bytes).unwrap();
    let other = dir.database("other");
    let err = other.fails(None, &["restore", s(&damaged)], 2);
    assert!(err.contains("damaged.qcbak"), "{err}");
    assert!(!other.path.exists());
}

/// `log --audit`: the audit entries of one regulation, with the installation's
/// fingerprint, and "X thay mặt Y" for an action the identity's owner took `--as`
/// someone else; `log` without it is unchanged.
#[test]
fn log_audit_names_the_installation_and_who_acted_on_whose_behalf() {
    let dir = TestDir::new();
    let d = dir.database("db");
    let reg = d.ok(Some("Văn phòng"), &["import", s(&law(quyche_fixtures::COOP_2023))]);
    let chair = d.ok(None, &["person", "add", "--name", "Nguyễn Văn An", "--role", "chairman"]);
    let member =
        d.ok(Some(&chair), &["person", "add", "--name", "Lê Văn Cường", "--role", "member"]);
    d.ok(None, &["identity", "create", "--name", "Nguyễn Văn An", "--position", "Chủ tịch"]);
    let shown = d.ok(None, &["identity", "show"]);
    d.ok(Some(&chair), &["round", "open", &reg]);
    let quote = ["--article", "1", "--quote", "Phạm vi điều chỉnh", "--text", "Nêu rõ hơn."];
    d.ok(Some(&member), &[&["comment", "add", &reg][..], &quote[..]].concat());

    let log = d.ok(None, &["log", &reg, "--audit"]);
    let rows: Vec<Vec<&str>> = log.lines().map(|l| l.split('\t').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 7), "{log}");
    let who: Vec<(&str, &str)> = rows.iter().map(|r| (r[3], r[2])).collect();
    assert_eq!(
        who,
        [
            ("create", "Văn phòng"),
            ("round-open", "Nguyễn Văn An"),
            ("comment", "Nguyễn Văn An thay mặt Lê Văn Cường"),
        ],
        "{log}"
    );
    let fingerprint = rows[2][6];
    assert!(!fingerprint.is_empty() && shown.contains(fingerprint), "{shown}\n{log}");
    assert_eq!(rows[0][6], "", "written before the identity existed");
    // The history keeps its four columns.
    assert!(d.ok(None, &["log", &reg]).lines().all(|l| l.split('\t').count() == 4));
}

//! The CLI contract, run against the real binary and the real laws.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use unicode_normalization::UnicodeNormalization;

fn quyche(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quyche")).args(args).output().expect("run quyche")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn law(name: &str) -> PathBuf {
    quyche_fixtures::laws_dir().join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn stats_gives_the_counts_of_both_cooperative_laws() {
    let cases = [
        (quyche_fixtures::COOP_2012, 9, 0, 64),
        (quyche_fixtures::COOP_2023, 12, 5, 115),
        (quyche_fixtures::DRAFT_AIR_DEFENCE, 8, 2, 40),
    ];
    for (file, chapters, sections, articles) in cases {
        let o = quyche(&["stats", s(&law(file))]);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("one JSON object");
        assert_eq!(v["chapters"], chapters, "{file}");
        assert_eq!(v["sections"], sections, "{file}");
        assert_eq!(v["articles"], articles, "{file}");
        for key in ["clauses", "points"] {
            assert!(v[key].is_u64(), "{file}: {key} missing");
        }
    }
}

#[test]
fn nfd_input_gives_the_same_output_as_nfc_input() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(law(quyche_fixtures::COOP_2023)).unwrap();
    let nfd: String = text.nfd().collect();
    assert_ne!(nfd, text, "the fixture has precomposed letters");
    let nfd_path = dir.path().join("nfd.txt");
    std::fs::write(&nfd_path, nfd).unwrap();
    for cmd in ["stats", "render"] {
        let a = quyche(&[cmd, s(&law(quyche_fixtures::COOP_2023))]);
        let b = quyche(&[cmd, s(&nfd_path)]);
        assert!(a.status.success() && b.status.success());
        assert_eq!(stdout(&a), stdout(&b), "{cmd}");
    }
}

#[test]
fn render_is_canonical_and_stable() {
    let dir = tempfile::tempdir().unwrap();
    for file in [quyche_fixtures::COOP_2012, quyche_fixtures::COOP_2023] {
        let once = stdout(&quyche(&["render", s(&law(file))]));
        let path = dir.path().join("once.txt");
        std::fs::write(&path, &once).unwrap();
        let twice = stdout(&quyche(&["render", s(&path)]));
        assert_eq!(once, twice, "{file}");
        assert!(once.contains("\nĐiều 1. Phạm vi điều chỉnh\n"), "{file}");
    }
}

#[test]
fn import_log_verify_journey() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let o = quyche(&["--db", s(&db), "import", s(&law(quyche_fixtures::COOP_2012))]);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = stdout(&o).trim().to_string();
    assert!(!id.is_empty() && !id.contains(char::is_whitespace), "id alone: {id:?}");

    let o = quyche(&["--db", s(&db), "import", s(&law(quyche_fixtures::COOP_2023)), "--into", &id]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "2");

    let o = quyche(&["--db", s(&db), "--as", "Chánh Văn phòng", "log", &id]);
    assert!(o.status.success(), "{}", stderr(&o));
    let log = stdout(&o);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    for (i, line) in lines.iter().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "{line}");
        assert_eq!(fields[0], (i + 1).to_string());
        assert!(fields[1].ends_with('Z') && fields[1].contains('T'), "{line}");
        assert_eq!(fields[3].len(), 64, "{line}");
    }

    let o = quyche(&["--db", s(&db), "verify"]);
    assert!(o.status.success(), "{} {}", stdout(&o), stderr(&o));

    let o = quyche(&["--db", s(&db), "show", &id, "--rev", "1"]);
    assert_eq!(stdout(&o), stdout(&quyche(&["render", s(&law(quyche_fixtures::COOP_2012))])));
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad_utf8 = dir.path().join("latin1.txt");
    std::fs::write(&bad_utf8, b"Chuong I\n\xD0i\xEAu 1. Ph\xA1m vi\n").unwrap();
    let not_reg = dir.path().join("thu-moi.txt");
    std::fs::write(&not_reg, "Kính mời đồng chí dự họp.\n").unwrap();
    let huge = dir.path().join("huge.txt");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(51 * 1024 * 1024).unwrap();
    let missing = dir.path().join("khong-co.txt");

    let cases: [(&Path, &str); 4] =
        [(&bad_utf8, "byte 9"), (&not_reg, "dòng 1"), (&huge, "byte"), (&missing, "khong-co.txt")];
    for (path, needle) in cases {
        for cmd in
            [vec!["stats"], vec!["render"], vec!["--db", s(&dir.path().join("db")), "import"]]
        {
            let mut args = cmd.clone();
            args.push(s(path));
            let o = quyche(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            let err = stderr(&o);
            assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
            let name = path.file_name().unwrap().to_str().unwrap();
            assert!(err.contains(name) && err.contains(needle), "{args:?}: {err}");
        }
    }
}

#[test]
fn other_failures_exit_1_and_the_database_in_use_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let o = quyche(&["--db", s(&db), "log", "khong-ton-tai"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));

    // Hold the database from this process, the way the running app would.
    let _held = quyche_api::Quyche::open(&db, quyche_api::system_clock()).unwrap();
    let o = quyche(&["--db", s(&db), "verify"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("đang được dùng"), "{}", stderr(&o));
}

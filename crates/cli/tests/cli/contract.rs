//! The CLI contract, run against the real binary and the real laws.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::harness::{law, quyche, s, TestDir};

#[test]
fn stats_gives_the_counts_of_both_cooperative_laws() {
    let cases = [
        (quyche_fixtures::COOP_2012, 9, 0, 64),
        (quyche_fixtures::COOP_2023, 12, 5, 115),
        (quyche_fixtures::DRAFT_AIR_DEFENCE, 8, 2, 40),
    ];
    for (file, chapters, sections, articles) in cases {
        let v = quyche(&["stats", s(&law(file))]).json();
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
    let dir = TestDir::new();
    let text = std::fs::read_to_string(law(quyche_fixtures::COOP_2023)).unwrap();
    let nfd: String = text.nfd().collect();
    assert_ne!(nfd, text, "the fixture has precomposed letters");
    let nfd_path = dir.path("nfd.txt");
    std::fs::write(&nfd_path, nfd).unwrap();
    for cmd in ["stats", "render"] {
        let a = quyche(&[cmd, s(&law(quyche_fixtures::COOP_2023))]);
        let b = quyche(&[cmd, s(&nfd_path)]);
        assert!(a.is_success() && b.is_success());
        assert_eq!(a.stdout(), b.stdout(), "{cmd}");
    }
}

#[test]
fn render_is_canonical_and_stable() {
    let dir = TestDir::new();
    for file in [quyche_fixtures::COOP_2012, quyche_fixtures::COOP_2023] {
        let once = quyche(&["render", s(&law(file))]).stdout();
        let path = dir.path("once.txt");
        std::fs::write(&path, &once).unwrap();
        let twice = quyche(&["render", s(&path)]).stdout();
        assert_eq!(once, twice, "{file}");
        assert!(once.contains("\nĐiều 1. Phạm vi điều chỉnh\n"), "{file}");
    }
}

#[test]
fn import_log_verify_journey() {
    let dir = TestDir::new();
    let db = dir.database("db");
    let id = db.ok(None, &["import", s(&law(quyche_fixtures::COOP_2012))]);
    assert!(!id.is_empty() && !id.contains(char::is_whitespace), "id alone: {id:?}");

    let o = db.run(None, &["import", s(&law(quyche_fixtures::COOP_2023)), "--into", &id]);
    assert_eq!(o.success().stdout().trim(), "2");

    let log = db.run(Some("Chánh Văn phòng"), &["log", &id]).success().stdout();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    for (i, line) in lines.iter().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "{line}");
        assert_eq!(fields[0], (i + 1).to_string());
        assert!(fields[1].ends_with('Z') && fields[1].contains('T'), "{line}");
        assert_eq!(fields[3].len(), 64, "{line}");
    }

    db.run(None, &["verify"]).success();

    let o = db.run(None, &["show", &id, "--rev", "1"]);
    assert_eq!(o.stdout(), quyche(&["render", s(&law(quyche_fixtures::COOP_2012))]).stdout());
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_file() {
    let dir = TestDir::new();
    let bad_utf8 = dir.path("latin1.txt");
    std::fs::write(&bad_utf8, b"Chuong I\n\xD0i\xEAu 1. Ph\xA1m vi\n").unwrap();
    let not_reg = dir.path("thu-moi.txt");
    std::fs::write(&not_reg, "Kính mời đồng chí dự họp.\n").unwrap();
    let huge = dir.path("huge.txt");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(51 * 1024 * 1024).unwrap();
    let missing = dir.path("khong-co.txt");

    let db = dir.path("db");
    let cases: [(&Path, &str); 4] =
        [(&bad_utf8, "byte 9"), (&not_reg, "dòng 1"), (&huge, "byte"), (&missing, "khong-co.txt")];
    for (path, needle) in cases {
        for cmd in [vec!["stats"], vec!["render"], vec!["--db", s(&db), "import"]] {
            let mut args = cmd.clone();
            args.push(s(path));
            let err = quyche(&args).exit(2).one_line_error().stderr();
            let name = path.file_name().unwrap().to_str().unwrap();
            assert!(err.contains(name) && err.contains(needle), "{args:?}: {err}");
        }
    }
}

/// Issue 9: a control character or a bidi override in a text file, a name or a comment
/// is bad input (exit 2), one line naming the file and line, or the field, and the
/// character; the database stays as it was.
#[test]
fn unsafe_characters_exit_2_naming_the_file_and_line_or_the_field() {
    let dir = TestDir::new();
    let db = dir.database("db");
    let reg = db.ok(None, &["import", s(&law(quyche_fixtures::COOP_2012))]);
    let person = |name: &str| {
        let args = ["person", "add", "--name", name, "--role", "chairman"];
        db.run(None, &args)
    };
    for (c, code) in
        [('\u{1}', "U+0001"), ('\u{202E}', "U+202E"), ('\u{85}', "U+0085"), ('\u{2066}', "U+2066")]
    {
        let file = dir.path("an-ky-tu.txt");
        std::fs::write(&file, format!("Điều 1. Phạm vi\r\n1. Khoản một.\r\n2. Có {c}lỗi\r\n"))
            .unwrap();
        for cmd in [vec!["stats"], vec!["render"], vec!["--db", s(&db.path), "import"]] {
            let mut args = cmd.clone();
            args.push(s(&file));
            let err = quyche(&args).exit(2).one_line_error().stderr();
            assert!(
                err.contains("an-ky-tu.txt") && err.contains("dòng 3, cột 7") && err.contains(code),
                "{args:?}: {err}"
            );
        }
        let err = person(&format!("Nguyễn{c} Văn An")).exit(2).one_line_error().stderr();
        assert!(err.contains("tên người") && err.contains(code), "{err}");
    }
    let chair = person("Nguyễn Văn An").success().stdout().trim().to_string();
    db.ok(Some(&chair), &["round", "open", &reg]);
    let comment = |text: &str| {
        let args =
            ["comment", "add", &reg, "--article", "1", "--quote", "Luật này", "--text", text];
        db.run(Some(&chair), &args)
    };
    let err = comment("Sửa\u{202E} lại").exit(2).one_line_error().stderr();
    assert!(err.contains("nội dung góp ý") && err.contains("U+202E"), "{err}");
    comment("Sửa lại\tcho rõ.").success();
    assert_eq!(db.comments(&reg).len(), 1);
    assert_eq!(db.ok(None, &["list"]).lines().count(), 1);
}

#[test]
fn other_failures_exit_1_and_the_database_in_use_is_named() {
    let dir = TestDir::new();
    let db = dir.database("db");
    db.run(None, &["log", "khong-ton-tai"]).exit(1);

    // Hold the database from this process, the way the running app would.
    let _held = quyche_api::Quyche::open(&db.path, quyche_api::system_clock()).unwrap();
    let err = db.run(None, &["verify"]).exit(1).stderr();
    assert!(err.contains("đang được dùng"), "{err}");
}

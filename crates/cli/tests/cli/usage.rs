//! The usage contract: every command's usage text comes from the one clap definition
//! (`quyche_cli::args`) and `--help` exits 0; a usage error exits 2 with clap's message on
//! stderr; the global flags stand before or after the command, as they always have.

use clap::CommandFactory;
use quyche_cli::args::Cli;

use crate::harness::{demo, law, quyche, s, Quyche, TestDir};

/// Every command with the words that reach it: `["stats"]`, `["person", "add"]`, ….
fn commands() -> Vec<(Vec<String>, clap::Command)> {
    fn walk(cmd: &clap::Command, path: &[String], all: &mut Vec<(Vec<String>, clap::Command)>) {
        // clap's own `help` command is not ours to document.
        for sub in cmd.get_subcommands().filter(|sub| sub.get_name() != "help") {
            let mut words = path.to_vec();
            words.push(sub.get_name().to_string());
            all.push((words.clone(), sub.clone()));
            walk(sub, &words, all);
        }
    }
    let mut root = Cli::command();
    root.build();
    let mut all = vec![(Vec::new(), root.clone())];
    walk(&root, &[], &mut all);
    all
}

#[test]
fn the_definition_passes_clap_s_own_checks() {
    Cli::command().debug_assert();
}

#[test]
fn every_command_of_the_readme_is_defined() {
    let names: Vec<String> = commands().into_iter().map(|(words, _)| words.join(" ")).collect();
    let readme = [
        "stats",
        "render",
        "import",
        "log",
        "list",
        "show",
        "diff",
        "verify",
        "person add",
        "person list",
        "round open",
        "round close",
        "comment add",
        "comment resolve",
        "comments",
        "submit",
        "return",
        "approve",
        "report",
        "export",
        "identity create",
        "identity export",
        "identity show",
        "package",
        "open",
        "bundle",
        "import-bundle",
    ];
    for name in readme {
        assert!(names.iter().any(|n| n == name), "{name} missing from {names:?}");
    }
}

#[test]
fn help_of_every_command_exits_0_and_names_its_flags() {
    let all = commands();
    assert!(all.len() > 27, "{} commands", all.len());
    for (words, cmd) in all {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let o = quyche(&args);
        let help = o.success().stdout();
        assert!(o.stderr().is_empty(), "{args:?}: {}", o.stderr());
        if let Some(about) = cmd.get_about() {
            assert!(help.contains(&about.to_string()), "{args:?} lacks its about: {help}");
        }
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let shown = match (arg.get_long(), arg.get_value_names()) {
                (Some(long), _) => format!("--{long}"),
                (None, Some(names)) => names[0].to_string(),
                (None, None) => arg.get_id().to_string(),
            };
            assert!(help.contains(&shown), "{args:?} lacks {shown}: {help}");
            if let Some(doc) = arg.get_help() {
                assert!(help.contains(&doc.to_string()), "{args:?} lacks {doc}: {help}");
            }
        }
        for sub in cmd.get_subcommands() {
            assert!(help.contains(sub.get_name()), "{args:?} lacks {}: {help}", sub.get_name());
        }
    }
    // `-h` anywhere is help too, and `help COMMAND` as well.
    let short = quyche(&["diff", "-h"]).success().stdout();
    assert!(short.contains("--format"), "{short}");
    assert!(quyche(&["help", "approve"]).success().stdout().contains("--decision-no"));
}

/// A command's arguments are defined only when clap enters it (`args::Lazy`); its help
/// line, listed by its parent before that, must be the line its own `--help` shows after.
#[test]
fn a_deferred_command_keeps_the_help_line_its_parent_lists() {
    fn lines(cmd: &clap::Command) -> Vec<(String, Option<String>, Option<String>)> {
        cmd.get_subcommands()
            .map(|sub| {
                let text = |s: Option<&clap::builder::StyledStr>| s.map(|s| s.to_string());
                (sub.get_name().to_string(), text(sub.get_about()), text(sub.get_long_about()))
            })
            .collect()
    }
    let unbuilt = Cli::command();
    let listed = lines(&unbuilt);
    assert!(listed.len() > 30 && listed.iter().all(|(_, about, _)| about.is_some()), "{listed:?}");
    let mut built = unbuilt.clone();
    built.build();
    let shown: Vec<_> = lines(&built).into_iter().filter(|(name, ..)| name != "help").collect();
    assert_eq!(listed, shown);
    // And one level down: `person`'s commands, listed before `person` is entered.
    let person = |root: &clap::Command| lines(root.find_subcommand("person").unwrap());
    assert_eq!(person(&unbuilt).len(), 0, "person's commands are deferred");
    assert!(person(&built).iter().any(|(name, about, _)| name == "add" && about.is_some()));
}

#[test]
fn version_exits_0() {
    let v = quyche(&["--version"]).success().stdout();
    assert_eq!(v.trim(), format!("quyche {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2_with_clap_s_message() {
    let dir = TestDir::new();
    let file = s(&law(quyche_fixtures::COOP_2012)).to_string();
    #[rustfmt::skip]
    let cases: Vec<(&str, Vec<&str>, &str)> = vec![
        ("no command", vec![], "Usage"),
        ("unknown command", vec!["frobnicate"], "frobnicate"),
        ("unknown nested command", vec!["person", "frobnicate"], "frobnicate"),
        ("unknown flag", vec!["stats", &file, "--bogus"], "--bogus"),
        ("unknown flag before the command", vec!["--bogus", "list"], "--bogus"),
        ("unknown nested flag", vec!["round", "open", "R", "--until", "2026-12-15"], "--until"),
        ("missing file", vec!["stats"], "<TỆP>"),
        ("missing regulation", vec!["log"], "<MÃ>"),
        ("missing --role", vec!["person", "add", "--name", "An"], "--role"),
        ("missing --name or --card", vec!["person", "add", "--role", "member"], "--name"),
        ("missing --article", vec!["comment", "add", "R", "--quote", "q", "--text", "t"], "--article"),
        ("missing -o", vec!["export", "R", "--format", "docx"], "--output"),
        ("missing a flag's value", vec!["--db"], "--db"),
        ("a count that is not a number", vec!["show", "R", "--rev", "một"], "cần một số"),
        ("one file to compare", vec!["diff", &file], "<MỚI|SỐ_A>"),
        ("four words to compare", vec!["diff", "R", "1", "2", "3"], "3"),
        ("a redline format that does not exist", vec!["diff", &file, &file, "--format", "pdf"], "pdf"),
        ("comments are JSON only", vec!["comments", "R", "--format", "html"], "html"),
        ("too many files", vec!["render", &file, &file], "render"),
    ];
    for (what, args, needle) in cases {
        // A parse that wrongly succeeded must not touch anyone's real database.
        let o = Quyche::new().env("QUYCHE_DATA_DIR", dir.path("data")).args(&args).run();
        let err = o.stderr();
        assert_eq!(o.code(), Some(2), "{what}: {args:?}: {err}");
        assert!(err.contains(needle), "{what}: {args:?} should name {needle}: {err}");
        assert!(o.stdout().is_empty(), "{what}: {args:?}: {}", o.stdout());
    }
    assert!(!dir.path("data").exists(), "no usage error opened a database");
}

#[test]
fn global_flags_stand_before_or_after_the_command_and_the_last_one_counts() {
    let dir = TestDir::new();
    let db = dir.path("db");
    let law_2012 = s(&law(quyche_fixtures::COOP_2012)).to_string();
    let id = quyche(&["import", s(&demo()), "--db", s(&db), "--as", "Văn phòng"]);
    let id = id.success().stdout().trim().to_string();
    let log = quyche(&["log", &id, "--db", s(&db)]).success().stdout();
    assert!(log.contains("\tVăn phòng\t"), "{log}");
    // `--author` is the older name of `--as`.
    let n = quyche(&["--author", "Thư ký", "--db", s(&db), "import", &law_2012, "--into", &id]);
    assert_eq!(n.success().stdout().trim(), "2");
    assert!(quyche(&["--db", s(&db), "log", &id]).stdout().contains("\tThư ký\t"));
    let first = quyche(&["--db", s(&db), "show", &id, "--rev", "2", "--rev", "1"]).stdout();
    assert_eq!(first, quyche(&["render", s(&demo())]).stdout());
    let elsewhere = dir.path("elsewhere");
    let list = quyche(&["--db", s(&elsewhere), "list", "--db", s(&db)]).success().stdout();
    assert!(list.starts_with(&format!("{id}\t2\t")), "{list}");
}

#[test]
fn without_db_the_data_dir_comes_from_quyche_data_dir() {
    let dir = TestDir::new();
    let data = dir.path("data");
    let run = |args: &[&str]| Quyche::new().env("QUYCHE_DATA_DIR", &data).args(args).run();
    let id = run(&["import", s(&demo())]).success().stdout().trim().to_string();
    let list = run(&["list"]).success().stdout();
    assert!(list.starts_with(&format!("{id}\t1\t")), "{list}");
    assert!(data.exists());
}

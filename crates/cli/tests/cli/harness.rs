//! How the tests run `quyche`: the real binary (`CARGO_BIN_EXE_quyche`) in a temporary
//! folder, with a database of its own, and the checks every test makes on the exit code,
//! stdout and stderr.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `quyche ARGS…` without a database (`stats`, `render`, `diff` of files, usage).
pub fn quyche(args: &[&str]) -> Run {
    Quyche::new().args(args).run()
}

/// A real law from the vendored fixtures.
pub fn law(name: &str) -> PathBuf {
    quyche_fixtures::laws_dir().join(name)
}

/// The demo regulation that ships with the app.
pub fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../api/demo/quy-che-lam-viec-v2.txt")
}

/// A path as a command-line word.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

/// A temporary folder, removed when dropped: databases and files live inside.
pub struct TestDir {
    dir: tempfile::TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir { dir: tempfile::tempdir().expect("a temporary folder") }
    }

    /// A file (or folder) inside, not yet created.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A database folder inside, created by the first command that opens it.
    pub fn database(&self, name: &str) -> Database {
        Database { path: self.path(name) }
    }
}

/// One database: every command runs with `--db` pointing at it.
pub struct Database {
    pub path: PathBuf,
}

impl Database {
    /// `quyche --db DB [--as WHO]`, ready for the command's words.
    pub fn quyche(&self, who: Option<&str>) -> Quyche {
        let q = Quyche::new().arg("--db").arg(&self.path);
        match who {
            Some(w) => q.args(&["--as", w]),
            None => q,
        }
    }

    pub fn run(&self, who: Option<&str>, args: &[&str]) -> Run {
        self.quyche(who).args(args).run()
    }

    /// Runs and returns stdout, trimmed, failing the test on a non-zero exit.
    pub fn ok(&self, who: Option<&str>, args: &[&str]) -> String {
        self.run(who, args).success().stdout().trim().to_string()
    }

    /// Runs, expects exit `code` with a one-line reason on stderr, and returns stderr.
    pub fn fails(&self, who: Option<&str>, args: &[&str], code: i32) -> String {
        self.run(who, args).exit(code).one_line_error().stderr()
    }

    /// `quyche comments REG --format json`, parsed.
    pub fn comments(&self, regulation: &str) -> Vec<serde_json::Value> {
        let json = self.ok(None, &["comments", regulation, "--format", "json"]);
        match serde_json::from_str(&json).expect("comments are JSON") {
            serde_json::Value::Array(list) => list,
            other => panic!("comments are a JSON array: {other}"),
        }
    }
}

/// A `quyche` command being built. The environment is the test's own, except that no
/// passphrase leaks in from the shell that runs the tests.
pub struct Quyche {
    cmd: Command,
    words: Vec<String>,
}

impl Quyche {
    pub fn new() -> Quyche {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_quyche"));
        cmd.env_remove("QUYCHE_PASSPHRASE");
        Quyche { cmd, words: Vec::new() }
    }

    pub fn arg(mut self, word: impl AsRef<OsStr>) -> Quyche {
        self.words.push(word.as_ref().to_string_lossy().into_owned());
        self.cmd.arg(word);
        self
    }

    pub fn args(self, words: &[&str]) -> Quyche {
        words.iter().fold(self, |q, w| q.arg(w))
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Quyche {
        self.cmd.env(key, value);
        self
    }

    pub fn run(mut self) -> Run {
        let output = self.cmd.output().expect("run quyche");
        Run { words: self.words, output }
    }
}

/// A finished run: its exit code and output, with the command line for failure messages.
pub struct Run {
    words: Vec<String>,
    output: std::process::Output,
}

impl Run {
    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    pub fn is_success(&self) -> bool {
        self.output.status.success()
    }

    /// Stdout, which must be UTF-8.
    pub fn stdout(&self) -> String {
        String::from_utf8(self.output.stdout.clone()).expect("stdout is UTF-8")
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Asserts exit 0.
    #[track_caller]
    pub fn success(&self) -> &Run {
        assert!(self.is_success(), "{:?}: {}", self.words, self.stderr());
        self
    }

    /// Asserts the exit code.
    #[track_caller]
    pub fn exit(&self, code: i32) -> &Run {
        assert_eq!(self.code(), Some(code), "{:?}: {}", self.words, self.stderr());
        self
    }

    /// Asserts that stderr is one line, as every refusal and bad input is.
    #[track_caller]
    pub fn one_line_error(&self) -> &Run {
        let err = self.stderr();
        assert_eq!(err.trim_end().lines().count(), 1, "{:?}: one line: {err}", self.words);
        self
    }

    /// Asserts exit 0 and parses stdout as one JSON value.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        self.success();
        serde_json::from_str(&self.stdout()).expect("one JSON object")
    }
}

//! `quyche`: the app's actions on the command line.
//!
//! The contract (scripts and checks rely on it; extend it, never change it):
//!
//! ```text
//! quyche stats FILE                      one JSON object: chapters, sections, articles, clauses, points…
//! quyche render FILE                     the canonical text
//! quyche --db DIR import FILE            prints the new regulation's id
//! quyche --db DIR import FILE --into ID  prints the new revision's number
//! quyche --db DIR log ID                 one line per revision: id, time, author, hash
//! quyche --db DIR verify                 re-hashes everything; exit 0 when intact
//! quyche --db DIR backup -o FILE         the whole database in one self-checking file
//! quyche --db NEWDIR restore FILE        a backup into a new (absent or empty) folder; 3 when not empty
//! quyche --db DIR list                   one line per regulation: id, revisions, title
//! quyche --db DIR show ID [--rev N]      the canonical text of a stored revision
//! quyche diff OLD NEW [--format json|text|html]          redline of two files (articles paired by content)
//! quyche --db DIR diff ID REV_A REV_B [--format …]       redline of two stored revisions (paired by id)
//! quyche … diff … --format docx -o FILE                   the redline as Word tracked changes
//! quyche refs FILE [--format json]                       cross-references, each → the units it names
//! quyche --db DIR refs ID [--rev N] [--format json]      the same for a stored revision
//! quyche --db DIR article insert ID (--after N | --before N) --file ARTICLE.txt   prints the new revision's number
//! quyche --db DIR article move ID N (--after M | --before M)                     prints the new revision's number
//! quyche --db DIR article delete ID N [--force]          3 when Điều N is referenced and --force is absent
//! quyche --db DIR article split ID N --at K               clause K starts Điều N+1; prints the new revision's number
//! quyche --db DIR article merge ID N                      Điều N absorbs Điều N+1; prints the new revision's number
//! quyche --db DIR article retitle ID N --title T          prints the new revision's number
//! quyche --db DIR clause insert|move|delete|promote|demote ID N K ...   clauses of Điều N (see --help); prints the new revision's number
//! quyche --db DIR chapter insert|move|delete|retitle ID C ...           Chương C (1, 2, …); prints the new revision's number
//! quyche --db DIR source import FILE                     prints the source text's id (same file: same id)
//! quyche --db DIR sources                                one line per source text: id, articles, title
//! quyche --db DIR take ID --from SOURCE N (--after M | --before M)   Điều N of the source into the draft; prints the new revision's number
//! quyche --db DIR compare-source ID N [--format json]    the source article against the draft's Điều N; "chưa sửa" when identical
//! quyche --db DIR new --template bch|btv|ubkt|blank [--title T]   prints the new regulation's id
//! ```
//!
//! Review and approval (`--as PERSON_ID` acts as that person; without it, as the
//! database's current user):
//!
//! ```text
//! quyche person add --name NAME --role chairman|member|secretary [--position TEXT]   prints the person id
//! quyche round open REG [--deadline YYYY-MM-DD]                                    prints the round id
//! quyche round close REG
//! quyche comment add REG --article N [--clause N] [--point a] --quote TEXT --text TEXT [--propose TEXT]
//! quyche comment resolve CID --decision accepted|partly|explained|rejected --reason TEXT
//! quyche comments REG --format json
//! quyche submit REG
//! quyche approve REG --form meeting|written --members N --for N --against N --abstain N --decision-no TEXT --date YYYY-MM-DD
//! quyche report REG --format html|docx -o FILE
//! quyche export REG --format docx|html|md|txt|pdf -o FILE
//! quyche [--db DIR] verify FILE [--card CARD]... [--format text|json]          an exported file against its signed seal:
//!                                                                                  0 trusted, 3 signer not trusted, 1 altered/invalid/unsigned
//! ```
//!
//! Offline exchange (the secret key stays in the database folder; `QUYCHE_PASSPHRASE`
//! unlocks it when it has a passphrase):
//!
//! ```text
//! quyche identity create --name NAME [--position TEXT]     prints the key's fingerprint
//! quyche identity export -o CARD
//! quyche person add --card CARD --role chairman|member|secretary [--confirm-key-change]
//! quyche package REG -o FILE                              the open round's review package, signed
//! quyche open FILE [--trust FINGERPRINT]                  prints the regulation id
//! quyche bundle REG -o FILE                               this owner's unsent comments, signed
//! quyche bundle REG -o FILE --again                       the last bundle sent, written again
//! quyche import-bundle FILE [--late]                      prints the number of new comments
//! ```
//!
//! A member's review in Word:
//!
//! ```text
//! quyche --as P review-copy REG -o FILE.docx               the open round's text for P to review in Word
//! quyche import-word-review REG FILE.docx [--reviewer P] [--format text|json]
//!        "Đã thêm N góp ý mới từ “FILE.docx” (M đã có từ trước)." then each item not taken in, with why
//! ```
//!
//! Every command, flag and usage text comes from one definition, `args.rs` (clap):
//! `quyche --help` and `quyche COMMAND --help` print it. `--db` and `--as` are global and may
//! stand before or after the command; a flag given twice keeps its last value.
//!
//! Exit codes: 0 success (and `--help`, `--version`); 2 bad input (one line on stderr naming
//! the file and the line or byte offset) or a usage error (clap's message); 3 refused by the rules (wrong role, wrong stage, failed approval rule),
//! with the reason; 1 any other failure. The CLI never panics: a bug is reported as exit 1.
//!
//! Without `--db`, the database is the app's own: `$QUYCHE_DATA_DIR/db`, or
//! `$XDG_DATA_HOME/vn.quyche.app/db`, or `~/.local/share/vn.quyche.app/db`.

mod drafting;
mod exchange;
mod library;
mod new;
mod review;
mod sources;
mod word_review;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use quyche_api::{Actor, ApiError, ErrorCode, Quyche};
use quyche_cli::args::{
    Article, Cli, Command, Comment, Identity, Lazy, Person, Round, Source, Verify,
};

/// Why a command failed: the exit code and the one line printed after `quyche: `.
struct Failure {
    code: u8,
    message: String,
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        let code = match e.code {
            ErrorCode::BadInput => 2,
            ErrorCode::Refused => 3,
            _ => 1,
        };
        Failure { code, message: e.message }
    }
}

impl Failure {
    fn bad_input(message: String) -> Failure {
        Failure { code: 2, message }
    }

    fn other(message: impl Into<String>) -> Failure {
        Failure { code: 1, message: message.into() }
    }
}

/// A command is one short process: a redline's tens of thousands of small allocations and
/// the kernel's first touch of each page of memory are a fifth of `quyche diff`'s time
/// with the system allocator, which mimalloc's free lists and larger, fewer mappings cut
/// (docs/benchmarks.md). The app, a long process, keeps the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // `quyche diff` makes its redline on a pool of this thread and one other, which takes
    // 0.1 to 0.3 ms to start and come up. Started after the command line is parsed
    // (0.15 ms), it came up after the files were handed out; started first, it is up by
    // then (0.15 ms after `main` starts, undisturbed timers), and each thread parses a
    // file from 0.29 ms. The command is not parsed yet: the word `diff` on the command
    // line is a sign, not the parse, which `library::diff` still follows (starting the
    // pool there when it was not); a wrong guess costs one thread that waits. 0.2 ms of
    // the revised pair's 6.7 (docs/benchmarks.md, eighth pass).
    if std::env::args_os().skip(1).any(|a| a == "diff") {
        quyche_api::pool_on_this_thread();
    }
    // A bug must still end as "exit 1 with a message", never as a panic trace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("quyche: lỗi nội bộ: {info}");
    }));
    match std::panic::catch_unwind(|| Cli::try_parse().map(run)) {
        Ok(Ok(Ok(()))) => ExitCode::SUCCESS,
        Ok(Ok(Err(f))) => {
            if !f.message.is_empty() {
                eprintln!("quyche: {}", f.message);
            }
            ExitCode::from(f.code)
        }
        // A usage error (exit 2, on stderr), or `--help` / `--version` (exit 0, on stdout).
        Ok(Err(usage)) => {
            let _ = usage.print();
            ExitCode::from(u8::try_from(usage.exit_code()).unwrap_or(2))
        }
        Err(_) => ExitCode::from(1),
    }
}

/// Standard output, as the commands write to it: std's for what is written a line or a
/// few at a time, and, on Unix, the file itself for a long write. Std's stdout is
/// line-buffered, and looks each write over for its last line break: for the half
/// megabyte of a long redline's JSON, in one write, a scan of all of it (0.64 M
/// instructions) to find none.
struct Out {
    lock: std::io::StdoutLock<'static>,
    /// Standard output's file, opened again (`dup`) on the first long write.
    #[cfg_attr(not(unix), allow(dead_code))]
    file: Option<std::fs::File>,
}

impl Out {
    /// What a write this long or longer goes straight to the file.
    #[cfg_attr(not(unix), allow(dead_code))]
    const LONG: usize = 1 << 16;

    /// Where a write of `len` bytes goes: for a long one, standard output's file, std's
    /// buffer written out first so the order holds.
    fn sink(&mut self, len: usize) -> std::io::Result<&mut dyn Write> {
        #[cfg(unix)]
        if len >= Self::LONG {
            use std::os::fd::AsFd;
            self.lock.flush()?;
            if self.file.is_none() {
                self.file = Some(self.lock.as_fd().try_clone_to_owned()?.into());
            }
            return Ok(self.file.as_mut().expect("opened above"));
        }
        let _ = len;
        Ok(&mut self.lock)
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.sink(buf.len())?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.sink(buf.len())?.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.lock.flush()
    }
}

/// One call into `quyche-api` per command; the modules print the answers.
fn run(cli: Cli) -> Result<(), Failure> {
    let session = Session { db: cli.db, actor: cli.actor };
    let out = &mut Out { lock: std::io::stdout().lock(), file: None };
    match cli.command {
        Command::Stats(Lazy(a)) => library::stats(out, &a.file),
        Command::Render(Lazy(a)) => library::render(out, &a.file),
        Command::Import(Lazy(a)) => library::import(&session, out, a),
        Command::Log(Lazy(a)) => library::log(&session, out, a),
        Command::List => library::list(&session, out),
        Command::Search(Lazy(a)) => library::search(&session, out, a),
        Command::Show(Lazy(a)) => library::show(&session, out, a),
        Command::Diff(Lazy(a)) => library::diff(&session, out, a),
        Command::Verify(Lazy(Verify { file: None, .. })) => library::verify(&session, out),
        Command::Verify(Lazy(a)) => review::verify_file(&session, out, a),
        Command::Backup(Lazy(a)) => library::backup(&session, out, &a.output),
        Command::Restore(Lazy(a)) => library::restore(&session, out, &a.backup),
        Command::Person(Lazy(Person::Add(a))) => review::add_person(&session, out, a),
        Command::Person(Lazy(Person::List)) => review::people(&session, out),
        Command::Round(Lazy(Round::Open(a))) => review::open_round(&session, out, a),
        Command::Round(Lazy(Round::Close(a))) => review::close_round(&session, &a.regulation),
        Command::Comment(Lazy(Comment::Add(a))) => review::add_comment(&session, out, a),
        Command::Comment(Lazy(Comment::Resolve(a))) => review::resolve_comment(&session, a),
        Command::Comments(Lazy(a)) => review::comments(&session, out, a),
        Command::Submit(Lazy(a)) => review::submit(&session, &a.regulation),
        Command::Return(Lazy(a)) => review::return_draft(&session, a),
        Command::Approve(Lazy(a)) => review::approve(&session, out, a),
        Command::Report(Lazy(a)) => review::report(&session, out, a),
        Command::Export(Lazy(a)) => review::export(&session, out, a),
        Command::Identity(Lazy(Identity::Create(a))) => exchange::create_identity(&session, out, a),
        Command::Identity(Lazy(Identity::Export(a))) => exchange::export_identity(&session, out, a),
        Command::Identity(Lazy(Identity::Show)) => exchange::show_identity(&session, out),
        Command::Package(Lazy(a)) => exchange::package(&session, out, a),
        Command::Open(Lazy(a)) => exchange::open_package(&session, out, a),
        Command::Bundle(Lazy(a)) => exchange::bundle(&session, out, a),
        Command::ImportBundle(Lazy(a)) => exchange::import_bundle(&session, out, a),
        Command::ReviewCopy(Lazy(a)) => word_review::review_copy(&session, out, a),
        Command::ImportWordReview(Lazy(a)) => word_review::import(&session, out, a),
        Command::Refs(Lazy(a)) => library::refs(&session, out, a),
        Command::Article(Lazy(Article::Insert(a))) => drafting::insert(&session, out, a),
        Command::Article(Lazy(Article::Move(a))) => drafting::move_(&session, out, a),
        Command::Article(Lazy(Article::Delete(a))) => drafting::delete(&session, out, a),
        Command::Article(Lazy(Article::Split(a))) => drafting::split(&session, out, a),
        Command::Article(Lazy(Article::Merge(a))) => drafting::merge(&session, out, a),
        Command::Article(Lazy(Article::Retitle(a))) => drafting::retitle(&session, out, a),
        Command::Clause(Lazy(c)) => drafting::clause(&session, out, c),
        Command::Chapter(Lazy(c)) => drafting::chapter(&session, out, c),
        Command::Source(Lazy(Source::Import(a))) => sources::import(&session, out, &a.file),
        Command::Sources => sources::list(&session, out),
        Command::Take(Lazy(a)) => sources::take(&session, out, a),
        Command::CompareSource(Lazy(a)) => sources::compare(&session, out, a),
        Command::New(Lazy(a)) => new::new(&session, out, a),
    }
}

/// The global options: which database, and who acts.
struct Session {
    db: Option<PathBuf>,
    /// `--as`: a person id, or (in a database without people) an author name.
    actor: Option<String>,
}

impl Session {
    fn open(&self) -> Result<Quyche, Failure> {
        Ok(Quyche::open(&self.dir()?, quyche_api::system_clock())?)
    }

    /// The database folder: `--db`, or the app's own.
    fn dir(&self) -> Result<PathBuf, Failure> {
        match &self.db {
            Some(d) => Ok(d.clone()),
            None => default_db()
                .ok_or_else(|| Failure::other("không xác định được thư mục dữ liệu; dùng --db")),
        }
    }

    fn actor<'a>(&'a self, q: &Quyche) -> Actor<'a> {
        match self.actor.as_deref() {
            None => Actor::Current,
            Some(a) if q.person_role(a).is_ok() => Actor::Person(a),
            Some(a) => Actor::Named(a),
        }
    }
}

fn default_db() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("QUYCHE_DATA_DIR") {
        return Some(quyche_api::db_dir(Path::new(&d)));
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(quyche_api::db_dir(&base.join("vn.quyche.app")))
}

fn print(out: &mut impl Write, line: &str) -> Result<(), Failure> {
    writeln!(out, "{line}").map_err(io)
}

fn io(e: std::io::Error) -> Failure {
    // A closed pipe (`quyche render X | head`) ends the output quietly, as SIGPIPE would.
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Failure::other("");
    }
    Failure::other(format!("không ghi được ra stdout: {e}"))
}

fn internal(e: serde_json::Error) -> Failure {
    Failure::other(format!("lỗi nội bộ: {e}"))
}

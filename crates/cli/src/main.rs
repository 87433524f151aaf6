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
//! quyche --db DIR list                   one line per regulation: id, revisions, title
//! quyche --db DIR show ID [--rev N]      the canonical text of a stored revision
//! ```
//!
//! Exit codes: 0 success; 2 bad input (one line on stderr naming the file and the line or
//! byte offset); 1 any other failure. The CLI never panics: a bug is reported as exit 1.
//!
//! Without `--db`, the database is the app's own: `$QUYCHE_DATA_DIR/db`, or
//! `$XDG_DATA_HOME/vn.quyche.app/db`, or `~/.local/share/vn.quyche.app/db`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use quyche_api::{ApiError, ErrorCode, Quyche};

const USAGE: &str = "cách dùng: quyche [--db THƯ_MỤC] [--as NGƯỜI] <lệnh>
  stats TỆP                 đếm chương, mục, điều, khoản, điểm (JSON)
  render TỆP                in văn bản chuẩn
  import TỆP [--into MÃ]    lưu văn bản thành quy chế mới, hoặc phiên bản mới của quy chế MÃ
  log MÃ                    lịch sử phiên bản: số, thời gian, người lưu, mã băm
  list                      danh sách quy chế
  show MÃ [--rev SỐ]        in văn bản của một phiên bản đã lưu
  verify                    kiểm tra toàn vẹn cơ sở dữ liệu";

struct Failure {
    code: u8,
    message: String,
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        let code = if e.code == ErrorCode::BadInput { 2 } else { 1 };
        Failure { code, message: e.message }
    }
}

fn usage(msg: &str) -> Failure {
    Failure { code: 2, message: format!("{msg}\n{USAGE}") }
}

fn main() -> ExitCode {
    // A bug must still end as "exit 1 with a message", never as a panic trace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("quyche: lỗi nội bộ: {info}");
    }));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = std::panic::catch_unwind(|| run(args));
    match result {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(f)) => {
            if !f.message.is_empty() {
                eprintln!("quyche: {}", f.message);
            }
            ExitCode::from(f.code)
        }
        Err(_) => ExitCode::from(1),
    }
}

struct Globals {
    db: Option<PathBuf>,
    author: String,
}

fn run(args: Vec<String>) -> Result<(), Failure> {
    let mut globals = Globals { db: None, author: quyche_api::DEFAULT_AUTHOR.to_string() };
    let mut rest = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--db" => globals.db = Some(it.next().ok_or_else(|| usage("--db cần một thư mục"))?.into()),
            "--as" | "--author" => globals.author = it.next().ok_or_else(|| usage("--as cần tên người"))?,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => rest.push(a),
        }
    }
    let Some((command, rest)) = rest.split_first() else {
        return Err(usage("thiếu lệnh"));
    };
    let out = &mut std::io::stdout().lock();
    match command.as_str() {
        "stats" => {
            let [file] = rest else { return Err(usage("stats cần đúng một tệp")) };
            let stats = quyche_api::stats_file(Path::new(file))?;
            let json = serde_json::to_string(&stats).map_err(internal)?;
            print(out, &json)
        }
        "render" => {
            let [file] = rest else { return Err(usage("render cần đúng một tệp")) };
            let text = quyche_api::render_file(Path::new(file))?;
            write!(out, "{text}").map_err(io)
        }
        "import" => {
            let (file, into) = match rest {
                [file] => (file, None),
                [file, flag, id] if flag == "--into" => (file, Some(id.as_str())),
                _ => return Err(usage("import cần một tệp, có thể kèm --into MÃ")),
            };
            let q = open(&globals)?;
            let (name, bytes) = quyche_api::read_input(Path::new(file))?;
            let r = q.import_bytes(&name, &bytes, into, &globals.author)?;
            for d in &r.diagnostics {
                eprintln!("{file}:{}: cảnh báo: {}", d.line, d.message);
            }
            match into {
                None => print(out, &r.regulation_id),
                Some(_) => print(out, &r.revision.number.to_string()),
            }
        }
        "log" => {
            let [id] = rest else { return Err(usage("log cần mã quy chế")) };
            let q = open(&globals)?;
            for r in q.history(id)? {
                print(out, &format!("{}\t{}\t{}\t{}", r.number, r.time, r.author, r.hash))?;
            }
            Ok(())
        }
        "list" => {
            let q = open(&globals)?;
            for r in q.list_regulations()? {
                print(out, &format!("{}\t{}\t{}", r.id, r.revisions, r.title))?;
            }
            Ok(())
        }
        "show" => {
            let (id, rev) = match rest {
                [id] => (id, None),
                [id, flag, n] if flag == "--rev" => {
                    (id, Some(n.parse::<u32>().map_err(|_| usage("--rev cần một số"))?))
                }
                _ => return Err(usage("show cần mã quy chế, có thể kèm --rev SỐ")),
            };
            let q = open(&globals)?;
            let doc = q.document(id, rev)?;
            write!(out, "{}", quyche_api::render_document(&doc)).map_err(io)
        }
        "verify" => {
            let q = open(&globals)?;
            let report = q.verify()?;
            for p in &report.problems {
                print(out, &format!("LỖI: {p}"))?;
            }
            print(
                out,
                &format!(
                    "{} quy chế, {} phiên bản, {} đối tượng, {} mục nhật ký: {}",
                    report.regulations,
                    report.revisions,
                    report.objects,
                    report.audit_entries,
                    if report.problems.is_empty() { "toàn vẹn" } else { "CÓ LỖI" }
                ),
            )?;
            if report.problems.is_empty() {
                Ok(())
            } else {
                Err(Failure { code: 1, message: format!("{} lỗi toàn vẹn", report.problems.len()) })
            }
        }
        other => Err(usage(&format!("lệnh không rõ: {other}"))),
    }
}

fn open(globals: &Globals) -> Result<Quyche, Failure> {
    let dir = match &globals.db {
        Some(d) => d.clone(),
        None => default_db().ok_or_else(|| Failure { code: 1, message: "không xác định được thư mục dữ liệu; dùng --db".into() })?,
    };
    Ok(Quyche::open(&dir, quyche_api::system_clock())?)
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
    let message = if e.kind() == std::io::ErrorKind::BrokenPipe {
        String::new()
    } else {
        format!("không ghi được ra stdout: {e}")
    };
    Failure { code: 1, message }
}

fn internal(e: serde_json::Error) -> Failure {
    Failure { code: 1, message: format!("lỗi nội bộ: {e}") }
}

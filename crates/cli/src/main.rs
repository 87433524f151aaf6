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
//! quyche diff OLD NEW [--format json|text|html]          redline of two files (articles paired by content)
//! quyche --db DIR diff ID REV_A REV_B [--format …]       redline of two stored revisions (paired by id)
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
//! quyche export REG --format docx|html|md|txt -o FILE
//! quyche verify FILE                                                               an exported file against its seal
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
//! quyche open FILE                                        prints the regulation id
//! quyche bundle REG -o FILE                               this owner's unsent comments, signed
//! quyche import-bundle FILE                               prints the number of new comments
//! ```
//!
//! Exit codes: 0 success; 2 bad input (one line on stderr naming the file and the line or
//! byte offset); 3 refused by the rules (wrong role, wrong stage, failed approval rule),
//! with the reason; 1 any other failure. The CLI never panics: a bug is reported as exit 1.
//!
//! Without `--db`, the database is the app's own: `$QUYCHE_DATA_DIR/db`, or
//! `$XDG_DATA_HOME/vn.quyche.app/db`, or `~/.local/share/vn.quyche.app/db`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use quyche_api::{Actor, ApiError, ErrorCode, Quyche};

const USAGE: &str = "cách dùng: quyche [--db THƯ_MỤC] [--as MÃ_NGƯỜI] <lệnh>
  stats TỆP                 đếm chương, mục, điều, khoản, điểm (JSON)
  render TỆP                in văn bản chuẩn
  import TỆP [--into MÃ]    lưu văn bản thành quy chế mới, hoặc phiên bản mới của quy chế MÃ
  log MÃ                    lịch sử phiên bản: số, thời gian, người lưu, mã băm
  list                      danh sách quy chế
  show MÃ [--rev SỐ]        in văn bản của một phiên bản đã lưu
  diff CŨ MỚI [--format json|text|html]     so sánh hai tệp
  diff MÃ SỐ_A SỐ_B [--format json|text|html] so sánh hai phiên bản đã lưu
  verify                    kiểm tra toàn vẹn cơ sở dữ liệu
  verify TỆP                kiểm tra tệp đã xuất với niêm phong của nó
  person add --name TÊN --role chairman|member|secretary [--position CHỨC_VỤ]
  person list
  round open MÃ [--deadline YYYY-MM-DD] | round close MÃ
  comment add MÃ --article N [--clause N] [--point a] --quote ĐOẠN --text Ý_KIẾN [--propose ĐỀ_XUẤT]
  comment resolve MÃ_Ý_KIẾN --decision accepted|partly|explained|rejected --reason LÝ_DO
  comments MÃ --format json
  submit MÃ | return MÃ [--reason LÝ_DO]
  approve MÃ --form meeting|written --members N --for N --against N --abstain N --decision-no SỐ --date YYYY-MM-DD
  report MÃ --format html|docx -o TỆP
  export MÃ --format docx|html|md|txt -o TỆP
  identity create --name TÊN [--position CHỨC_VỤ] | identity export -o THẺ | identity show
  person add --card THẺ --role chairman|member|secretary [--confirm-key-change]
  package MÃ -o GÓI          gói lấy ý kiến của đợt đang mở, ký bằng khóa của máy này
  open GÓI                   mở gói lấy ý kiến (in mã quy chế)
  bundle MÃ -o BÓ            bó các góp ý chưa gửi, ký bằng khóa của máy này
  import-bundle BÓ           nhập bó góp ý (in số góp ý mới)";

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
    /// `--as`: a person id, or (in a database without people) an author name.
    actor: Option<String>,
}

impl Globals {
    fn actor<'a>(&'a self, q: &Quyche) -> Actor<'a> {
        match self.actor.as_deref() {
            None => Actor::Current,
            Some(a) if q.person_role(a).is_ok() => Actor::Person(a),
            Some(a) => Actor::Named(a),
        }
    }
}

fn run(args: Vec<String>) -> Result<(), Failure> {
    let mut globals = Globals { db: None, actor: None };
    let mut rest = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--db" => {
                globals.db = Some(it.next().ok_or_else(|| usage("--db cần một thư mục"))?.into())
            }
            "--as" | "--author" => {
                globals.actor = Some(it.next().ok_or_else(|| usage("--as cần mã người"))?)
            }
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
            let a = Args::parse(rest, &["--into"])?;
            let [file] = a.positional[..] else {
                return Err(usage("import cần một tệp, có thể kèm --into MÃ"));
            };
            let into = a.get("--into");
            let q = open(&globals)?;
            let (name, bytes) = quyche_api::read_input(Path::new(file))?;
            let r = q.import_bytes(&name, &bytes, into, globals.actor(&q))?;
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
            let a = Args::parse(rest, &["--rev"])?;
            let [id] = a.positional[..] else {
                return Err(usage("show cần mã quy chế, có thể kèm --rev SỐ"));
            };
            let rev = a.get("--rev").map(|n| number("--rev", n)).transpose()?;
            let q = open(&globals)?;
            let doc = q.document(id, rev)?;
            write!(out, "{}", quyche_api::render_document(&doc)).map_err(io)
        }
        "diff" => {
            let a = Args::parse(rest, &["--format"])?;
            let format = a.get("--format").unwrap_or("text");
            if !matches!(format, "json" | "text" | "html") {
                return Err(usage("--format nhận json, text hoặc html"));
            }
            let (redline, old_name, new_name) = match a.positional[..] {
                [old, new] => (
                    quyche_api::diff_files(Path::new(old), Path::new(new))?,
                    old.to_string(),
                    new.to_string(),
                ),
                [id, x, y] => {
                    let (x, y) = (number("phiên bản", x)?, number("phiên bản", y)?);
                    let q = open(&globals)?;
                    (
                        q.diff_revisions(id, x, y)?,
                        format!("Phiên bản {x}"),
                        format!("Phiên bản {y}"),
                    )
                }
                _ => return Err(usage("diff cần hai tệp, hoặc mã quy chế và hai số phiên bản")),
            };
            match format {
                "json" => print(out, &serde_json::to_string(&redline).map_err(internal)?),
                "html" => {
                    write!(out, "{}", quyche_api::redline_html(&redline, &old_name, &new_name))
                        .map_err(io)
                }
                _ => write!(out, "{}", quyche_api::redline_text(&redline)).map_err(io),
            }
        }
        "person" => {
            let Some((sub, rest)) = rest.split_first() else {
                return Err(usage("person add | person list"));
            };
            let q = open(&globals)?;
            match sub.as_str() {
                "add" => {
                    let words: Vec<String> =
                        rest.iter().filter(|w| *w != "--confirm-key-change").cloned().collect();
                    let confirm = words.len() != rest.len();
                    let a = Args::parse(&words, &["--name", "--role", "--position", "--card"])?;
                    let role = Quyche::parse_role(a.need("--role")?)?;
                    let p = match a.get("--card") {
                        Some(card) => q.add_person_from_card(
                            globals.actor(&q),
                            Path::new(card),
                            role,
                            confirm,
                        )?,
                        None => q.add_person(
                            globals.actor(&q),
                            a.need("--name")?,
                            role,
                            a.get("--position").unwrap_or(""),
                        )?,
                    };
                    print(out, &p.id)
                }
                "list" => {
                    for p in q.people()? {
                        print(
                            out,
                            &format!(
                                "{}\t{}\t{}\t{}",
                                p.id,
                                serde_plain(&p.role),
                                p.name,
                                p.position
                            ),
                        )?;
                    }
                    Ok(())
                }
                other => Err(usage(&format!("person {other}: không rõ"))),
            }
        }
        "round" => {
            let a = Args::parse(rest.get(1..).unwrap_or(&[]), &["--deadline"])?;
            let q = open(&globals)?;
            match (rest.first().map(String::as_str), &a.positional[..]) {
                (Some("open"), [reg]) => {
                    let r = q.open_round(reg, globals.actor(&q), a.get("--deadline"))?;
                    print(out, &r.id)
                }
                (Some("close"), [reg]) => {
                    q.close_round(reg, globals.actor(&q))?;
                    Ok(())
                }
                _ => Err(usage("round open MÃ [--deadline YYYY-MM-DD] | round close MÃ")),
            }
        }
        "comment" => {
            let Some((sub, rest)) = rest.split_first() else {
                return Err(usage("comment add | comment resolve"));
            };
            let q = open(&globals)?;
            match sub.as_str() {
                "add" => {
                    let a = Args::parse(
                        rest,
                        &["--article", "--clause", "--point", "--quote", "--text", "--propose"],
                    )?;
                    let [reg] = a.positional[..] else {
                        return Err(usage("comment add cần mã quy chế"));
                    };
                    let target = quyche_api::Target::Numbered {
                        article: number("--article", a.need("--article")?)?,
                        clause: a.get("--clause").map(|c| number("--clause", c)).transpose()?,
                        point: a.get("--point").map(str::to_string),
                    };
                    let c = q.add_comment(
                        reg,
                        globals.actor(&q),
                        target,
                        a.need("--quote")?,
                        None,
                        a.need("--text")?,
                        a.get("--propose"),
                    )?;
                    print(out, &c.id)
                }
                "resolve" => {
                    let a = Args::parse(rest, &["--decision", "--reason"])?;
                    let [cid] = a.positional[..] else {
                        return Err(usage("comment resolve cần mã ý kiến"));
                    };
                    let decision = Quyche::parse_decision(a.need("--decision")?)?;
                    q.resolve_comment(
                        cid,
                        globals.actor(&q),
                        decision,
                        a.get("--reason").unwrap_or(""),
                    )?;
                    Ok(())
                }
                other => Err(usage(&format!("comment {other}: không rõ"))),
            }
        }
        "comments" => {
            let a = Args::parse(rest, &["--format"])?;
            let [reg] = a.positional[..] else { return Err(usage("comments cần mã quy chế")) };
            let q = open(&globals)?;
            let comments = q.comments(reg)?;
            match a.get("--format").unwrap_or("json") {
                "json" => {
                    let rows: Vec<serde_json::Value> = comments
                        .iter()
                        .map(|c| {
                            serde_json::json!({
                                "id": c.id, "author": c.author_name, "author_id": c.author,
                                "article": c.article, "provision": c.provision, "quote": c.quote,
                                "text": c.text, "proposal": c.proposal, "revision": c.revision,
                                "anchor": c.anchor, "decision": c.decision, "reason": c.reason,
                            })
                        })
                        .collect();
                    print(out, &serde_json::to_string(&rows).map_err(internal)?)
                }
                other => Err(usage(&format!("comments --format {other}: chỉ có json"))),
            }
        }
        "submit" => {
            let [reg] = rest else { return Err(usage("submit cần mã quy chế")) };
            let q = open(&globals)?;
            q.submit(reg, globals.actor(&q))?;
            Ok(())
        }
        "return" => {
            let a = Args::parse(rest, &["--reason"])?;
            let [reg] = a.positional[..] else { return Err(usage("return cần mã quy chế")) };
            let q = open(&globals)?;
            q.return_draft(reg, globals.actor(&q), a.get("--reason").unwrap_or(""))?;
            Ok(())
        }
        "approve" => {
            let a = Args::parse(
                rest,
                &[
                    "--form",
                    "--members",
                    "--for",
                    "--against",
                    "--abstain",
                    "--decision-no",
                    "--date",
                ],
            )?;
            let [reg] = a.positional[..] else { return Err(usage("approve cần mã quy chế")) };
            let q = open(&globals)?;
            let approval = q.approve(
                reg,
                globals.actor(&q),
                Quyche::parse_form(a.need("--form")?)?,
                a.need("--date")?,
                number("--members", a.need("--members")?)?,
                number("--for", a.need("--for")?)?,
                number("--against", a.get("--against").unwrap_or("0"))?,
                number("--abstain", a.get("--abstain").unwrap_or("0"))?,
                a.need("--decision-no")?,
            )?;
            print(out, &approval.seal)
        }
        "verify" => match rest {
            [] => {
                let q = open(&globals)?;
                let report = q.verify()?;
                for p in &report.problems {
                    print(out, &format!("LỖI: {p}"))?;
                }
                print(
                    out,
                    &format!(
                        "{} quy chế, {} phiên bản, {} đối tượng, {} bản ghi, {} mục nhật ký: {}",
                        report.regulations,
                        report.revisions,
                        report.objects,
                        report.records,
                        report.audit_entries,
                        if report.problems.is_empty() { "toàn vẹn" } else { "CÓ LỖI" }
                    ),
                )?;
                if report.problems.is_empty() {
                    Ok(())
                } else {
                    Err(Failure {
                        code: 1,
                        message: format!("{} lỗi toàn vẹn", report.problems.len()),
                    })
                }
            }
            [file] => verify_file(out, Path::new(file)),
            _ => Err(usage("verify [TỆP]")),
        },
        other => extra_command(other, rest, &globals, out),
    }
}

/// `--flag value` options and positional words.
struct Args<'a> {
    positional: Vec<&'a str>,
    values: Vec<(&'static str, &'a str)>,
}

impl<'a> Args<'a> {
    fn parse(words: &'a [String], with_value: &[&'static str]) -> Result<Args<'a>, Failure> {
        let mut a = Args { positional: Vec::new(), values: Vec::new() };
        let mut it = words.iter();
        while let Some(w) = it.next() {
            if let Some(flag) = with_value.iter().find(|f| **f == w.as_str()) {
                let v = it.next().ok_or_else(|| usage(&format!("{flag} cần một giá trị")))?;
                a.values.push((flag, v.as_str()));
            } else if w.starts_with("--") {
                return Err(usage(&format!("tùy chọn không rõ: {w}")));
            } else {
                a.positional.push(w.as_str());
            }
        }
        Ok(a)
    }

    fn get(&self, flag: &str) -> Option<&'a str> {
        self.values.iter().rev().find(|(f, _)| *f == flag).map(|(_, v)| *v)
    }

    fn need(&self, flag: &str) -> Result<&'a str, Failure> {
        self.get(flag).ok_or_else(|| usage(&format!("thiếu {flag}")))
    }
}

fn number(what: &str, s: &str) -> Result<u32, Failure> {
    s.trim()
        .parse::<u32>()
        .map_err(|_| usage(&format!("{what}: cần một số, không phải \u{201c}{s}\u{201d}")))
}

fn serde_plain<T: serde::Serialize>(t: &T) -> String {
    serde_json::to_value(t).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn open(globals: &Globals) -> Result<Quyche, Failure> {
    let dir = match &globals.db {
        Some(d) => d.clone(),
        None => default_db().ok_or_else(|| Failure {
            code: 1,
            message: "không xác định được thư mục dữ liệu; dùng --db".into(),
        })?,
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

/// `verify FILE`: an exported file against its seal.
fn verify_file(out: &mut impl Write, path: &Path) -> Result<(), Failure> {
    let v = quyche_api::verify_export_file(path)?;
    if v.matches {
        print(
            out,
            &format!(
                "{}: khớp niêm phong {} (quy chế {}, phiên bản {}{})",
                v.file,
                v.seal,
                v.regulation_id,
                v.revision,
                v.decision_no.as_deref().map(|d| format!(", quyết định {d}")).unwrap_or_default()
            ),
        )
    } else {
        for d in &v.differences {
            print(out, &format!("KHÁC: {d}"))?;
        }
        Err(Failure {
            code: 1,
            message: format!(
                "{}: không khớp niêm phong {}: {}",
                v.file,
                v.seal,
                v.differences.join("; ")
            ),
        })
    }
}

/// Commands that write files: `export` and `report`.
fn extra_command(
    command: &str,
    rest: &[String],
    globals: &Globals,
    out: &mut impl Write,
) -> Result<(), Failure> {
    match command {
        "identity" => {
            let Some((sub, rest)) = rest.split_first() else {
                return Err(usage("identity create | identity export | identity show"));
            };
            let q = open(globals)?;
            match sub.as_str() {
                "create" => {
                    let a = Args::parse(rest, &["--name", "--position"])?;
                    let id =
                        q.create_identity(a.need("--name")?, a.get("--position").unwrap_or(""))?;
                    print(out, &id.fingerprint)
                }
                "export" => {
                    let a = Args::parse(rest, &["-o", "--output"])?;
                    let file =
                        a.get("-o").or(a.get("--output")).ok_or_else(|| usage("thiếu -o TỆP"))?;
                    q.export_identity_card(Path::new(file))?;
                    print(out, file)
                }
                "show" => match q.identity()? {
                    Some(i) => print(
                        out,
                        &format!("{}\t{}\t{}\t{}", i.name, i.position, i.key_id, i.fingerprint),
                    ),
                    None => {
                        Err(Failure { code: 1, message: "máy này chưa có định danh".into() })
                    }
                },
                other => Err(usage(&format!("identity {other}: không rõ"))),
            }
        }
        "package" => {
            let a = Args::parse(rest, &["-o", "--output"])?;
            let [reg] = a.positional[..] else { return Err(usage("package cần mã quy chế")) };
            let file = a.get("-o").or(a.get("--output")).ok_or_else(|| usage("thiếu -o TỆP"))?;
            let q = open(globals)?;
            print(out, &q.package_to_file(reg, globals.actor(&q), Path::new(file))?)
        }
        "open" => {
            let [file] = rest else {
                return Err(usage("open cần một tệp gói lấy ý kiến"));
            };
            let q = open(globals)?;
            print(out, &q.open_package_file(Path::new(file))?)
        }
        "bundle" => {
            let a = Args::parse(rest, &["-o", "--output"])?;
            let [reg] = a.positional[..] else { return Err(usage("bundle cần mã quy chế")) };
            let file = a.get("-o").or(a.get("--output")).ok_or_else(|| usage("thiếu -o TỆP"))?;
            let q = open(globals)?;
            let n = q.bundle_to_file(reg, Path::new(file))?;
            eprintln!("{n} ý kiến trong bó {file}");
            print(out, file)
        }
        "import-bundle" => {
            let [file] = rest else {
                return Err(usage("import-bundle cần một tệp bó góp ý"));
            };
            let q = open(globals)?;
            print(out, &q.import_bundle_file(Path::new(file), globals.actor(&q))?.to_string())
        }
        "export" => {
            let a = Args::parse(rest, &["--format", "-o", "--output"])?;
            let [reg] = a.positional[..] else { return Err(usage("export cần mã quy chế")) };
            let format = quyche_api::parse_format(a.need("--format")?)?;
            let file = a.get("-o").or(a.get("--output")).ok_or_else(|| usage("thiếu -o TỆP"))?;
            let q = open(globals)?;
            let v = q.export_to_file(reg, globals.actor(&q), format, Path::new(file))?;
            print(out, &v.path)
        }
        "report" => {
            let a = Args::parse(rest, &["--format", "-o", "--output"])?;
            let [reg] = a.positional[..] else { return Err(usage("report cần mã quy chế")) };
            let format = a.need("--format")?;
            let file = a.get("-o").or(a.get("--output")).ok_or_else(|| usage("thiếu -o TỆP"))?;
            let q = open(globals)?;
            let v = q.report_to_file(reg, globals.actor(&q), format, Path::new(file))?;
            print(out, &v)
        }
        other => Err(usage(&format!("lệnh không rõ: {other}"))),
    }
}

//! Texts and the regulations stored from them: `stats`, `render`, `import`, `log`, `list`,
//! `show`, `diff`, `verify` (the database), `backup` and `restore`.

use std::io::Write;
use std::path::Path;

use quyche_cli::args::{self, Diff, DiffFormat, Import, Log, Refs, Search, Show, VerifyFormat};

use crate::{internal, io, print, Failure, Session};

pub(crate) fn stats(out: &mut impl Write, file: &Path) -> Result<(), Failure> {
    let stats = quyche_api::stats_file(file)?;
    print(out, &serde_json::to_string(&stats).map_err(internal)?)
}

pub(crate) fn render(out: &mut impl Write, file: &Path) -> Result<(), Failure> {
    let text = quyche_api::render_file(file)?;
    write!(out, "{text}").map_err(io)
}

pub(crate) fn import(s: &Session, out: &mut impl Write, a: Import) -> Result<(), Failure> {
    let q = s.open()?;
    let (name, bytes) = quyche_api::read_input(&a.file)?;
    let r = q.import_bytes(&name, &bytes, a.into.as_deref(), s.actor(&q))?;
    if let Some(note) = &r.encoding_note {
        eprintln!("{}: {note}", a.file.display());
    }
    for d in &r.diagnostics {
        eprintln!("{}:{}: cảnh báo: {}", a.file.display(), d.line, d.message);
    }
    match a.into {
        None => print(out, &r.regulation_id),
        Some(_) => print(out, &r.revision.number.to_string()),
    }
}

pub(crate) fn log(s: &Session, out: &mut impl Write, a: Log) -> Result<(), Failure> {
    let q = s.open()?;
    // Both forms name an unknown regulation the same way (exit 1).
    let history = q.history(&a.regulation)?;
    if !a.audit {
        for r in history {
            print(out, &format!("{}\t{}\t{}\t{}", r.number, r.time, r.author, r.hash))?;
        }
        return Ok(());
    }
    for e in q.audit()?.iter().filter(|e| e.regulation.as_deref() == Some(&a.regulation)) {
        let revision = e.revision.map(|n| n.to_string()).unwrap_or_default();
        print(
            out,
            &format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                e.seq,
                quyche_api::iso8601(e.time_ms),
                quyche_api::audit_actor_label(e),
                e.action,
                revision,
                e.detail.replace(['\t', '\n', '\r'], " "),
                e.installation.as_deref().unwrap_or(""),
            ),
        )?;
    }
    Ok(())
}

pub(crate) fn list(s: &Session, out: &mut impl Write) -> Result<(), Failure> {
    let q = s.open()?;
    for r in q.list_regulations()? {
        print(out, &format!("{}\t{}\t{}", r.id, r.revisions, r.title))?;
    }
    Ok(())
}

/// `quyche search`: the hits, one line each, then their number; or the view as JSON.
pub(crate) fn search(s: &Session, out: &mut impl Write, a: Search) -> Result<(), Failure> {
    let q = s.open()?;
    let scope = quyche_api::SearchScope { regulation: a.regulation.as_deref(), revision: a.rev };
    let view = q.search(&a.query, scope)?;
    if a.format == VerifyFormat::Json {
        return print(out, &serde_json::to_string(&view).map_err(internal)?);
    }
    for h in &view.hits {
        let place = [&h.point, &h.clause, &h.article]
            .iter()
            .filter_map(|p| p.as_deref())
            .collect::<Vec<_>>()
            .join(" ");
        let place = match (&h.comment, place.is_empty()) {
            (Some(c), true) => format!("ý kiến {c}"),
            (Some(c), false) => format!("ý kiến {c} ({place})"),
            (None, true) => h.chapter.clone().unwrap_or_else(|| area_name(&h.area).to_string()),
            (None, false) => place,
        };
        print(
            out,
            &format!(
                "{}\tphiên bản {}\t{}\t{}«{}»{}",
                h.regulation, h.revision, place, h.before, h.matched, h.after
            ),
        )?;
    }
    let shown = if view.hits.len() < view.total as usize {
        format!(" (in {} kết quả đầu)", view.hits.len())
    } else {
        String::new()
    };
    print(out, &format!("{} kết quả{shown}", view.total))
}

/// A hit outside the body, named as a reader would.
fn area_name(area: &str) -> &'static str {
    match area {
        "header" => "phần đầu văn bản",
        "preamble" => "căn cứ ban hành",
        "closing" => "phần cuối văn bản",
        _ => "văn bản",
    }
}

pub(crate) fn show(s: &Session, out: &mut impl Write, a: Show) -> Result<(), Failure> {
    let q = s.open()?;
    let doc = q.document(&a.regulation, a.rev)?;
    write!(out, "{}", quyche_api::render_document(&doc)).map_err(io)
}

/// Writes a redline's JSON straight to the output through one buffer: a law pair's
/// redline is about 0.5 MB of JSON, which a String would hold whole and stdout's line
/// buffer would write in 1 KB pieces. `made` is what the JSON is made from: the process
/// ends after this, and freeing its thousands of strings one by one is work nobody waits
/// for.
fn write_json<T>(
    out: &mut impl Write,
    made: T,
    write: impl FnOnce(&T, &mut dyn Write) -> quyche_api::Result<()>,
) -> Result<(), Failure> {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, out);
    write(&made, &mut w)?;
    std::mem::forget(made);
    writeln!(w).and_then(|()| w.flush()).map_err(io)
}

/// A file's references; with `--db` or `--rev`, a stored revision's (through the API, so
/// the window and the tests read the same view).
pub(crate) fn refs(s: &Session, out: &mut impl Write, a: Refs) -> Result<(), Failure> {
    let view = if s.db.is_none() && a.rev.is_none() {
        quyche_api::references_file(Path::new(&a.source))?
    } else {
        s.open()?.references(&a.source, a.rev)?
    };
    match a.format {
        VerifyFormat::Json => print(out, &serde_json::to_string(&view).map_err(internal)?),
        VerifyFormat::Text => write!(out, "{}", view.lines()).map_err(io),
    }
}

/// Two files are paired by content; two stored revisions by stable id.
pub(crate) fn diff(s: &Session, out: &mut impl Write, a: Diff) -> Result<(), Failure> {
    // This thread only waits for the redline: it makes it, as one of the pool's threads
    // (already, when `main` saw the word `diff` and started the pool first).
    quyche_api::pool_on_this_thread();
    match (a.format, &a.output) {
        (DiffFormat::Docx | DiffFormat::Pdf, Some(path)) => return diff_file(s, out, &a, path),
        (DiffFormat::Docx, None) => {
            return Err(Failure::bad_input(
                "--format docx cần -o TỆP: bản so sánh Word được ghi ra tệp".into(),
            ))
        }
        (DiffFormat::Pdf, None) => {
            return Err(Failure::bad_input(
                "--format pdf cần -o TỆP: bản so sánh PDF được ghi ra tệp".into(),
            ))
        }
        (_, Some(_)) => {
            return Err(Failure::bad_input("-o chỉ dùng với --format docx hoặc pdf".into()))
        }
        (_, None) => {}
    }
    if let (DiffFormat::Json, None) = (a.format, &a.third) {
        let json = quyche_api::diff_files_json(Path::new(&a.first), Path::new(&a.second))?;
        return write_json(out, json, |json, w| json.write_to(w));
    }
    let (redline, old_name, new_name) = match a.third {
        None => {
            (quyche_api::diff_files(Path::new(&a.first), Path::new(&a.second))?, a.first, a.second)
        }
        Some(y) => {
            let (x, y) = (revision(&a.second)?, revision(&y)?);
            let q = s.open()?;
            (q.diff_revisions(&a.first, x, y)?, format!("Phiên bản {x}"), format!("Phiên bản {y}"))
        }
    };
    match a.format {
        DiffFormat::Json => {
            write_json(out, redline, |redline, w| quyche_api::write_redline_json(w, redline))
        }
        DiffFormat::Html => {
            write!(out, "{}", quyche_api::redline_html(&redline, &old_name, &new_name)).map_err(io)
        }
        DiffFormat::Text => write!(out, "{}", quyche_api::redline_text(&redline)).map_err(io),
        DiffFormat::Docx | DiffFormat::Pdf => {
            Err(Failure::bad_input("--format docx và pdf cần -o TỆP".into()))
        }
    }
}

/// The redline as a Word file with tracked changes, or as a PDF, written to `path`;
/// prints the path.
fn diff_file(s: &Session, out: &mut impl Write, a: &Diff, path: &Path) -> Result<(), Failure> {
    let pdf = matches!(a.format, DiffFormat::Pdf);
    let (first, second) = (Path::new(&a.first), Path::new(&a.second));
    match &a.third {
        None if pdf => quyche_api::diff_files_pdf_to(first, second, path)?,
        None => quyche_api::diff_files_docx_to(first, second, path)?,
        Some(y) => {
            let (x, y) = (revision(&a.second)?, revision(y)?);
            let q = s.open()?;
            if pdf {
                q.redline_pdf_to(&a.first, x, y, path)?;
            } else {
                q.redline_docx_to(&a.first, x, y, path)?;
            }
        }
    }
    print(out, &path.display().to_string())
}

fn revision(s: &str) -> Result<u32, Failure> {
    args::number(s).map_err(|e| Failure::bad_input(format!("phiên bản: {e}")))
}

/// Re-hashes everything stored; exit 1 when anything is wrong.
pub(crate) fn verify(s: &Session, out: &mut impl Write) -> Result<(), Failure> {
    let q = s.open()?;
    let report = q.verify()?;
    integrity(out, "", &report)
}

/// Prints each problem, then the one summary line (after `prefix`); exit 1 when anything
/// is wrong. `verify` and `restore` report the same way.
fn integrity(
    out: &mut impl Write,
    prefix: &str,
    report: &quyche_api::VerifyReport,
) -> Result<(), Failure> {
    for p in &report.problems {
        print(out, &format!("LỖI: {p}"))?;
    }
    print(
        out,
        &format!(
            "{prefix}{} quy chế, {} phiên bản, {} đối tượng, {} bản ghi, {} mục nhật ký: {}",
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
        Err(Failure::other(format!("{} lỗi toàn vẹn", report.problems.len())))
    }
}

/// Prints what the backup holds: entries and bytes.
pub(crate) fn backup(s: &Session, out: &mut impl Write, file: &Path) -> Result<(), Failure> {
    let q = s.open()?;
    let summary = q.backup(file)?;
    print(out, &format!("{}: {} mục, {} byte", file.display(), summary.entries, summary.bytes))
}

/// Restores into the database folder (`--db`, or the app's own), which must be absent
/// or empty, then reports the verification as `verify` does.
pub(crate) fn restore(s: &Session, out: &mut impl Write, file: &Path) -> Result<(), Failure> {
    let dir = s.dir()?;
    let (summary, report) = quyche_api::restore(file, &dir)?;
    integrity(out, &format!("{}: {} mục; ", dir.display(), summary.entries), &report)
}

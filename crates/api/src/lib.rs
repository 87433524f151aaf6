//! The facade of Quyche: every action a user can take, as one call.
//!
//! The desktop app's Tauri commands, the `quyche` CLI and the tests all call this crate,
//! so the rules live in one place and are never only in the UI. It knows no Tauri.
//!
//! * Input enters here: file bytes are decoded (UTF-8 checked, size-limited, NFC),
//!   edited text is normalised, and every failure becomes an [`ApiError`] with a
//!   [`ErrorCode`] the UI can act on and a one-line Vietnamese message.
//! * Time enters here too, from the clock given to [`Quyche::open`], and is passed down
//!   as `now` so the domain stays deterministic.

mod approved;
mod audit;
mod backup;
mod demo;
mod drafting;
mod dto;
mod editing;
mod error;
mod exchange;
mod export;
mod first_start;
mod json;
mod labels;
mod picked;
mod publication;
mod redline_docx;
mod redline_json;
mod references;
mod review;
mod search;
mod sources;
mod structure;
mod templates;
mod time;
mod undo;
mod word_draft;
mod word_review;
mod work;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use audit::{action_sentence, audit_actor_label, AuditLogEntry, ACTION_SENTENCES};
pub use backup::{
    backups_dir, recover_from_latest_backup, restore, rotating_backups, BackupKind, BackupSummary,
    RecoveryReport, RotatingBackup, BACKUPS_DIR, KEEP_BEFORE_APPROVAL, KEEP_DAILY,
};
pub use dto::*;
pub use editing::{
    ArticleSaved, BrokenReference, EditableArticle, EditableClause, EditablePoint, EditedArticle,
    EditedClause, EditedPoint, PastedText, PlainArticle, ReferenceTarget, Run,
};
pub use error::{file_error, ApiError, ErrorCode, FileAct};
pub use exchange::{
    BundleImportView, IdentityView, PackagePreview, ReviewerStatus, RoundDashboard,
};
pub use export::{
    parse_format, verify_export_file, verify_export_with_cards, ExportView, SealVerdict,
    VerificationView,
};
pub use first_start::{FirstStartView, LibraryLead, ReceivedCopyView, RoleOption, RECEIVED_TODO};
pub use labels::ui_labels_module;
pub use picked::{file_stem, Picked, PickedFile};
pub use quyche_archive::{AuditEntry, OpenReport, VerifyReport};
pub use quyche_diff::{
    pool_on_this_thread, render_html as redline_html, render_text as redline_text, Redline,
};
pub use quyche_export::Format;
pub use quyche_review::Target;
pub use redline_docx::{diff_files_docx, diff_files_docx_to, diff_files_pdf, diff_files_pdf_to};
pub use redline_json::write_redline_json;
pub use references::{references_file, PlaceView, ReferenceView, ReferencesView};
pub use search::{SearchHit, SearchScope, SearchView, MAX_HITS};
pub use sources::{
    CompareSourceView, SourceArticleView, SourceImportView, SourceSummary, SourceView, TakeView,
    TakenArticleView, NOT_IN_DRAFT, UNCHANGED,
};
pub use structure::{
    ArticlePlace, BrokenView, RelabelledView, StructureEdit, StructureView, UnitPlace,
    BROKEN_REFERENCE,
};
pub use templates::{HeaderFields, RegulationTemplate, TemplateOption};
pub use time::iso8601;
pub use undo::Restore;
pub use work::{WorkHook, WorkProgress, EXPORT_STOPPED, IMPORT_STOPPED};

use quyche_archive::Archive;
use quyche_diff::{Alignment, Options};
use quyche_model::{Document, Kind, UnitId};
use quyche_text::{InputError, Parsed};

pub type Result<T> = std::result::Result<T, ApiError>;

/// Unix milliseconds. The app and the CLI pass the system clock; tests pass a fixed one.
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    })
}

/// Who acts, until people and roles exist: the Standing Office drafts.
pub const DEFAULT_AUTHOR: &str = "Văn phòng";

/// Who an action is taken as.
#[derive(Clone, Copy, Debug)]
pub enum Actor<'a> {
    /// The installation's current user (the app).
    Current,
    /// A person by id (`quyche --as ID`).
    Person(&'a str),
    /// A name that is not a person: only for saving text in a database without
    /// people (the CLI's `--as NAME` before any person exists).
    Named(&'a str),
}

/// One open database and the clock.
pub struct Quyche {
    pub(crate) archive: Archive,
    /// The database folder; the owner's identity lives in `identity/` inside it.
    pub(crate) dir: PathBuf,
    clock: Clock,
    open_report: OpenReport,
    /// Files the window picked and uses again, by handle (`picked.rs`).
    held: picked::Held,
    /// Long work the window watches and can stop (`work.rs`).
    works: work::Works,
    /// The redline's budget in the window ([`Options::default`]: 200 ms, then the rest is
    /// compared coarsely). [`Quyche::with_redline_budget`] widens it where the answer must
    /// not depend on the machine's load (the recorded UI tapes).
    window_diff: Options,
    /// Each searched revision's index (`search.rs`).
    indexes: search::Indexes,
}

/// The redline's options where output must be the same every time (a file written, a
/// command-line answer a script reads): a budget no real redline reaches (the law pair takes
/// about 12 ms in release and 100 ms in a debug build), so the deadline, the only timing
/// that can reach a redline, never does. A pathological input still ends.
pub(crate) fn reproducible_diff() -> Options {
    Options { deadline: std::time::Duration::from_secs(30), ..Options::default() }
}

impl Quyche {
    /// Opens the database in `dir` (created if missing). Another running Quyche
    /// process holding it gives [`ErrorCode::DatabaseInUse`].
    pub fn open(dir: &Path, clock: Clock) -> Result<Quyche> {
        let (archive, open_report) = Archive::open(dir)?;
        let q = Quyche {
            archive,
            clock,
            open_report,
            dir: dir.to_path_buf(),
            held: Default::default(),
            works: Default::default(),
            window_diff: Options::default(),
            indexes: Default::default(),
        };
        q.refresh_audit_stamp();
        Ok(q)
    }

    /// What the hardened open did (quarantined files, records checked).
    /// The window's redlines ([`Quyche::redline`], [`Quyche::redline_with_file`]) get
    /// `budget` instead of the interactive 200 ms. Output cut short by the deadline is
    /// flagged `coarse` and depends on timing; a recording that must be the same on a
    /// loaded machine widens the budget rather than hoping.
    pub fn with_redline_budget(mut self, budget: std::time::Duration) -> Quyche {
        self.window_diff.deadline = budget;
        self
    }

    pub fn open_report(&self) -> &OpenReport {
        &self.open_report
    }

    pub(crate) fn now(&self) -> i64 {
        (self.clock)()
    }

    /// On first start with an empty store, stores the demo regulation with its two
    /// revisions as the removable sample ("Bản mẫu"), so a newcomer sees something real
    /// at once. No person: the first-start dialog asks who uses this machine. Never again
    /// once the user removed the sample. Returns its id if seeded.
    pub fn seed_demo_if_empty(&self) -> Result<Option<String>> {
        if !self.archive.regulations()?.is_empty() || self.review().sample_removed()? {
            return Ok(None);
        }
        Ok(Some(demo::seed(self)?))
    }

    pub fn list_regulations(&self) -> Result<Vec<RegulationSummary>> {
        let mut out = Vec::new();
        for reg in self.archive.regulations()? {
            let head = self.archive.store().revision(&reg.id, reg.head)?;
            let received = self.review().origin(&reg.id)? == quyche_review::Origin::Received;
            let mut summary = RegulationSummary::new(&reg, &head, received);
            summary.sample = self.review().is_sample(&reg.id)?;
            out.push(summary);
        }
        out.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then_with(|| a.title.cmp(&b.title)));
        Ok(out)
    }

    /// The regulation as of `revision`, or its latest revision.
    pub fn open_regulation(&self, id: &str, revision: Option<u32>) -> Result<RegulationView> {
        let reg = self.archive.regulation(id)?;
        let rev = self.archive.load(id, revision)?;
        let mut view = RegulationView::new(&reg, &rev.record, &rev.document);
        self.mark_approved(&mut view)?; // approved.rs: seal, draft mark, edit warning
        Ok(view)
    }

    /// The document of a revision, for the CLI and tests.
    pub fn document(&self, id: &str, revision: Option<u32>) -> Result<Document> {
        Ok(self.archive.load(id, revision)?.document)
    }

    /// Revisions, oldest first.
    pub fn history(&self, id: &str) -> Result<Vec<RevisionInfo>> {
        let mut revisions: Vec<RevisionInfo> =
            self.archive.revisions(id)?.iter().map(RevisionInfo::from).collect();
        self.mark_approved_revisions(id, &mut revisions)?; // approved.rs
        Ok(revisions)
    }

    /// Replaces one article's text and saves the result as a new revision.
    ///
    /// `base_revision` is the revision the user was editing; if someone saved since, the
    /// save is refused with [`ErrorCode::Conflict`] and nothing is written, so the
    /// caller keeps the user's text.
    pub fn save_article(
        &self,
        regulation_id: &str,
        base_revision: u32,
        article_id: u32,
        text: &str,
        actor: Actor<'_>,
    ) -> Result<RevisionInfo> {
        let (edit, head) =
            self.begin_edit(regulation_id, Some((base_revision, drafting::UNSAVED)), actor)?;
        let mut doc = head.document;
        let id = UnitId(article_id);
        let previous = match doc.find(id) {
            Some(u) if u.kind == Kind::Article => u.clone(),
            _ => {
                return Err(ApiError::not_found(format!("không tìm thấy điều có mã {article_id}")))
            }
        };
        let label = doc.numbering().label(id).map(|l| l.marker().to_string()).unwrap_or_default();
        let edited = quyche_text::parse_article_body(text, &previous, &mut doc)
            .map_err(|e| ApiError::bad_input(format!("{label}: {e}")))?;
        if edited == previous {
            return Err(ApiError::bad_input(format!(
                "{label} không thay đổi; không tạo phiên bản mới."
            )));
        }
        if let Some(slot) = doc.find_mut(id) {
            *slot = edited;
        }
        let record = self.finish_edit(regulation_id, &edit, &doc, &format!("Sửa {label}"))?;
        Ok((&record).into())
    }

    /// The author name for a revision and the acting person, if any. Without any people
    /// in the database, saving needs no person (the foundation's single-user use).
    fn author_of(&self, actor: Actor<'_>) -> Result<(String, Option<String>)> {
        let review = self.review();
        let has_people = !review.people()?.is_empty();
        match actor {
            Actor::Named(name) if !has_people => {
                safe_field("tên người", name)?;
                Ok((name.to_string(), None))
            }
            Actor::Current if !has_people => Ok((DEFAULT_AUTHOR.to_string(), None)),
            other => {
                let id = self.actor_id(other)?;
                Ok((review.person(&id)?.name, Some(id)))
            }
        }
    }

    /// Reads a `.txt` file and stores it as a new regulation. File I/O stays here, in
    /// Rust: the webview only passes the path the native dialog returned.
    pub fn import_file(&self, path: &Path, actor: Actor<'_>) -> Result<ImportResult> {
        let (name, bytes) = read_input(path)?;
        self.import_bytes(&name, &bytes, None, actor)
    }

    /// Reads a `.txt` file and stores it as the next revision of `regulation`: a revised
    /// text that came back by e-mail, or a new version drafted elsewhere. Units it
    /// continues keep their stable ids.
    pub fn import_revision(
        &self,
        regulation: &str,
        path: &Path,
        actor: Actor<'_>,
    ) -> Result<ImportResult> {
        let (name, bytes) = read_input(path)?;
        self.import_bytes(&name, &bytes, Some(regulation), actor)
    }

    /// Stores `bytes` (a text file called `name`) as a new regulation, or as the next
    /// revision of `into`, carrying over the stable ids of units it continues.
    pub fn import_bytes(
        &self,
        name: &str,
        bytes: &[u8],
        into: Option<&str>,
        actor: Actor<'_>,
    ) -> Result<ImportResult> {
        self.import_staged(name, bytes, into, actor, work::Watch::NONE)
    }

    /// Reads `path` and imports it ([`Quyche::import_bytes`]) as the stages of `watch`
    /// ([`IMPORT_STAGES`]): reading, decoding, parsing, storing. A stop asked for before
    /// storing stores nothing; the store write is one transaction and is not stopped.
    pub(crate) fn import_path_staged(
        &self,
        path: &Path,
        into: Option<&str>,
        actor: Actor<'_>,
        watch: work::Watch<'_>,
    ) -> Result<ImportResult> {
        watch.stage(0, "Đang đọc tệp…")?;
        let (name, bytes) = read_input(path)?;
        self.import_staged(&name, &bytes, into, actor, watch)
    }

    fn import_staged(
        &self,
        name: &str,
        bytes: &[u8],
        into: Option<&str>,
        actor: Actor<'_>,
        watch: work::Watch<'_>,
    ) -> Result<ImportResult> {
        let (author, actor_id) = self.author_of(actor)?;
        let author = author.as_str();
        let redraft = match into {
            Some(reg) => self.review().before_edit(reg, actor_id.as_deref())?,
            None => None,
        };
        let (parsed, encoding_note) = parse_input_staged(name, bytes, watch)?;
        let diagnostics = diagnostic_views(&parsed);
        let doc = parsed.document;
        let message = format!("Nhập từ tệp {name}");
        watch.stage_with(3, || format!("Đang lưu {} điều vào thư viện…", doc.stats().articles))?;
        let (id, record) = match into {
            None => {
                let (reg, rev) = self.archive.create(&doc, author, self.now(), &message)?;
                (reg.id, rev)
            }
            Some(id) => {
                let rev = self.archive.commit_import(id, doc, author, self.now(), &message)?;
                if redraft.is_some() {
                    self.review().after_edit(id, author, rev.number, self.now())?;
                }
                (id.to_string(), rev)
            }
        };
        watch.done("Đã nhập xong.");
        let title = self.archive.regulation(&id)?.title;
        Ok(ImportResult {
            regulation_id: id,
            revision: (&record).into(),
            title,
            diagnostics,
            encoding_note,
        })
    }

    /// The redline between two revisions of one regulation, articles paired by stable
    /// id: renumbering, moves and retitles are exact.
    pub fn redline(&self, id: &str, from: u32, to: u32) -> Result<RedlineView> {
        let reg = self.archive.regulation(id)?;
        let old = self.archive.load(id, Some(from))?;
        let new = self.archive.load(id, Some(to))?;
        let r =
            quyche_diff::redline(&old.document, &new.document, Alignment::ById, &self.window_diff);
        Ok(RedlineView::new(
            r,
            revision_side(&reg.title, &old),
            revision_side(&reg.title, &new),
            RedlineAlignment::ById,
        ))
    }

    /// The redline from a stored revision to a text file (for example the text someone
    /// sent back by e-mail), articles paired by content.
    pub fn redline_with_file(&self, id: &str, revision: u32, path: &Path) -> Result<RedlineView> {
        let reg = self.archive.regulation(id)?;
        let old = self.archive.load(id, Some(revision))?;
        let (name, bytes) = read_input(path)?;
        let new = parse_input(&name, &bytes)?.document;
        let r = quyche_diff::redline(&old.document, &new, Alignment::ByContent, &self.window_diff);
        let new_side =
            RedlineSide { label: name, revision: None, hash: None, title: new.display_title() };
        Ok(RedlineView::new(
            r,
            revision_side(&reg.title, &old),
            new_side,
            RedlineAlignment::ByContent,
        ))
    }

    /// `quyche diff ID REV_A REV_B`: the engine's redline, for the CLI's formats.
    pub fn diff_revisions(&self, id: &str, from: u32, to: u32) -> Result<Redline> {
        let old = self.archive.load(id, Some(from))?;
        let new = self.archive.load(id, Some(to))?;
        Ok(quyche_diff::redline(
            &old.document,
            &new.document,
            Alignment::ById,
            &reproducible_diff(),
        ))
    }

    /// Re-hashes everything stored, checks the audit chain, and checks every approved
    /// revision against its seal.
    pub fn verify(&self) -> Result<VerifyReport> {
        let mut report = self.archive.verify()?;
        report.problems.extend(self.review().verify_seals()?);
        Ok(report)
    }

    pub fn audit(&self) -> Result<Vec<AuditEntry>> {
        Ok(self.archive.store().audit()?)
    }

    pub fn size_on_disk(&self) -> Result<u64> {
        Ok(self.archive.store().size_on_disk()?)
    }
}

/// Reads a file for import, with the size limit checked before reading it whole.
pub fn read_input(path: &Path) -> Result<(String, Vec<u8>)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let meta = std::fs::metadata(path).map_err(|e| file_error(path, FileAct::Read, &e))?;
    if !meta.is_file() {
        return Err(ApiError::bad_input(format!("“{name}”: không phải tệp")));
    }
    let size = meta.len();
    if size > quyche_text::MAX_INPUT_BYTES as u64 {
        let e = InputError::TooLarge { size: size as usize, limit: quyche_text::MAX_INPUT_BYTES };
        return Err(ApiError::bad_input(format!(
            "{}: byte {}: {e}",
            path.display(),
            quyche_text::MAX_INPUT_BYTES
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| file_error(path, FileAct::Read, &e))?;
    Ok((name, bytes))
}

/// Refuses a field holding a character `quyche_text` refuses at every entry (control
/// characters, bidi overrides), naming the field: the entries the domain does not check.
pub(crate) fn safe_field(field: &str, text: &str) -> Result<()> {
    quyche_text::check_safe_field(field, text).map_err(|e| ApiError::bad_input(e.to_string()))
}

/// Decodes and parses an input file. A file with no article at all is not a regulation.
pub fn parse_input(name: &str, bytes: &[u8]) -> Result<Parsed> {
    parse_input_noted(name, bytes).map(|(parsed, _)| parsed)
}

/// [`parse_input`], with the sentence saying the file was converted from UTF-16 or
/// Windows-1258 (`None` for UTF-8), for the import report. A Word file (`.docx`, told by
/// its content) is read as a draft (`word_draft`); its sentence says which tracked
/// changes were accepted and which legacy fonts converted.
pub fn parse_input_noted(name: &str, bytes: &[u8]) -> Result<(Parsed, Option<String>)> {
    parse_input_staged(name, bytes, work::Watch::NONE)
}

/// The stages of an import as the window watches it: read, decode, parse, store.
pub const IMPORT_STAGES: u32 = 4;

/// [`parse_input_noted`] as stages 1 (decoding; a Word file is read whole here) and 2
/// (finding the chapters and articles) of `watch`.
fn parse_input_staged(
    name: &str,
    bytes: &[u8],
    watch: work::Watch<'_>,
) -> Result<(Parsed, Option<String>)> {
    let size = || work::size_label(bytes.len());
    if word_draft::is_word_file(bytes) {
        watch.stage_with(1, || format!("Đang đọc tệp Word ({})…", size()))?;
        return word_draft::parse_word(name, bytes);
    }
    watch.stage_with(1, || format!("Đang giải mã và chuẩn hoá văn bản ({})…", size()))?;
    let (text, encoding) = quyche_text::decode_borrowed(bytes)
        .map_err(|e| ApiError::bad_input(format!("{name}: {e}")))?;
    watch
        .stage_with(2, || format!("Đang tìm chương, điều trong {} dòng…", text.lines().count()))?;
    let parsed = quyche_text::parse_decoded(&text);
    // The first article ends the search: counting every unit cost a law's walk.
    if parsed.document.articles().next().is_none() {
        let line = text.lines().position(|l| !l.trim().is_empty()).map(|i| i + 1).unwrap_or(1);
        return Err(ApiError::bad_input(format!(
            "{name}: dòng {line}: không tìm thấy Điều nào, đây không phải văn bản quy chế"
        )));
    }
    Ok((parsed, encoding.note().map(str::to_owned)))
}

fn diagnostic_views(parsed: &Parsed) -> Vec<DiagnosticView> {
    parsed
        .diagnostics
        .iter()
        .map(|d| DiagnosticView { line: d.line, message: d.message.clone() })
        .collect()
}

fn revision_side(title: &str, rev: &quyche_archive::Revision) -> RedlineSide {
    RedlineSide {
        label: format!("Phiên bản {}", rev.record.number),
        revision: Some(rev.record.number),
        hash: Some(rev.record.root.clone()),
        title: title.to_string(),
    }
}

/// `quyche diff OLD NEW`: two independent texts, articles paired by content.
pub fn diff_files(old: &Path, new: &Path) -> Result<Redline> {
    let (redline, sources) = quyche_diff::on_pool(|| diff_sources(old, new))?;
    drop_aside(sources);
    Ok(redline)
}

/// `quyche diff OLD NEW --format json`: [`diff_files`] and its JSON
/// ([`write_redline_json`]'s two halves) in one job on the pool, whose threads are still
/// awake from the redline when the JSON starts. The caller writes it
/// ([`RedlineJson::write_to`]).
pub fn diff_files_json(old: &Path, new: &Path) -> Result<RedlineJson> {
    quyche_diff::on_pool(|| {
        let (redline, sources) = diff_sources(old, new)?;
        let halves = redline_json::halves(&redline).map_err(redline_json::io)?;
        Ok(RedlineJson { halves, redline, _sources: sources })
    })
}

/// A redline and its JSON, made by [`diff_files_json`].
pub struct RedlineJson {
    halves: (Vec<u8>, Vec<u8>),
    /// The redline the JSON is of.
    pub redline: Redline,
    /// The two documents it was made from, freed with it: a command line that prints the
    /// JSON and ends need not free them at all (`std::mem::forget`), where
    /// [`diff_files`] hands them to a thread of their own, a tenth of a millisecond of
    /// this thread's time to make.
    _sources: (Document, Document),
}

impl RedlineJson {
    /// Writes the JSON, byte for byte what [`write_redline_json`] writes of the redline.
    pub fn write_to(&self, w: &mut dyn std::io::Write) -> Result<()> {
        redline_json::write_halves(w, &self.halves)
    }
}

/// The redline of two files, and the two documents it was made from. Run on the pool.
fn diff_sources(old: &Path, new: &Path) -> Result<(Redline, (Document, Document))> {
    // Each file is read and parsed on a core of its own; the old file's error is still
    // the one reported when both are bad.
    let side = |path: &Path| {
        let (name, bytes) = read_input(path)?;
        let document = parse_input(&name, &bytes)?.document;
        Ok::<_, ApiError>((bytes, document))
    };
    // This thread starts at once and the other once it has picked the job up, so this
    // one takes the longer file.
    let size = |path: &Path| std::fs::metadata(path).map_or(0, |m| m.len());
    let (old, new) = if size(new) > size(old) {
        let (new, old) = quyche_diff::both(|| side(new), || side(old));
        (old, new)
    } else {
        quyche_diff::both(|| side(old), || side(new))
    };
    let ((old_bytes, old), (new_bytes, new)) = (old?, new?);
    // The same bytes are the same document, compared as one, as git compares equal blobs
    // by their hash alone (`quyche diff a.txt a.txt`, or a file against its copy):
    // pairing a document with itself skips scoring its articles.
    let same = old_bytes == new_bytes;
    // Not needed past this point: freed now, their pages hold what the redline makes next
    // instead of fresh ones (60 fewer first touches on a pair of long laws).
    drop((old_bytes, new_bytes));
    let redline = quyche_diff::redline(
        &old,
        if same { &old } else { &new },
        Alignment::ByContent,
        &reproducible_diff(),
    );
    Ok((redline, (old, new)))
}

/// Freeing two documents of thousands of units is work nobody waits for: a command line
/// prints the redline and ends, so it is done on a thread of its own (or here, when no
/// thread can be made: the closure is then dropped with them).
fn drop_aside(sources: (Document, Document)) {
    let _ = std::thread::Builder::new().spawn(move || drop(sources));
}

/// `quyche stats FILE`.
pub fn stats_file(path: &Path) -> Result<StatsView> {
    let (name, bytes) = read_input(path)?;
    let parsed = parse_input(&name, &bytes)?;
    let s = parsed.document.stats();
    Ok(StatsView {
        parts: s.parts,
        chapters: s.chapters,
        sections: s.sections,
        articles: s.articles,
        clauses: s.clauses,
        points: s.points,
        sub_points: s.sub_points,
        diagnostics: diagnostic_views(&parsed),
    })
}

/// `quyche render FILE`: the canonical text.
pub fn render_file(path: &Path) -> Result<String> {
    let (name, bytes) = read_input(path)?;
    Ok(quyche_text::render(&parse_input(&name, &bytes)?.document))
}

/// Where the database lives inside a data folder.
pub fn db_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("db")
}

/// The canonical text of a document.
pub fn render_document(doc: &Document) -> String {
    quyche_text::render(doc)
}

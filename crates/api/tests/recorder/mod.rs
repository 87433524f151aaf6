//! The recorder behind `recorded_ipc.rs`: drives the real facade as the webview does and
//! writes down every call as the webview sees it.
//!
//! * [`dispatch`] is the one table from IPC command names (as in `src-tauri/src/lib.rs` and
//!   `ui/src/lib/ipc/bindings.ts`) to calls on [`Quyche`], made exactly as the Tauri
//!   commands make them (`Actor::Current`; a command that opens a file dialog gets the
//!   answer the test gives in `"@dialog"`, recorded as the entry's `dialog`). Every
//!   recorded call is checked against the bindings: the command exists, with exactly
//!   those argument names.
//! * After every mutating call the recorder records the reads the UI makes (the library,
//!   the people, the current user, the identity, and for each regulation in play its view,
//!   history, workflow, comments, changes without a comment and round dashboard), each
//!   only when its answer changed, so the replay can answer a read with the latest answer
//!   recorded before the next mutation.
//! * Values that differ from run to run (regulation ids, which hash the process id;
//!   comment ids derived from them; signing keys and fingerprints; the temp folder) are
//!   replaced by stable placeholders through the whole tape, so the files are deterministic.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};

use quyche_api::{Actor, ApiError, Clock, Quyche, Target};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// Where the UI keeps the tapes.
pub fn tapes_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/ipc/recorded")
}

/// The folder the recorded file dialogs answer with: the temp folder's stand-in.
pub const FILES: &str = "/home/vanphong/Tài liệu";

/// A clock that ticks one second per reading, from 2026-11-28T02:20:00Z.
pub fn clock() -> Clock {
    let t = Arc::new(AtomicI64::new(1_795_832_400_000));
    Arc::new(move || t.fetch_add(1000, Ordering::SeqCst))
}

/// Commands that change nothing: the replay answers them from the latest recording.
const READS: &[&str] = &[
    "list_regulations",
    "open_regulation",
    "history",
    "audit_log",
    // The structured editor's reads: the article as runs, the picker, a paste's links.
    "article_for_editing",
    "reference_targets",
    "links_in",
    "pasted_text",
    "redline",
    "pick_compared_text",
    "redline_with_file",
    "search",
    "people",
    "current_user",
    // The first start's state (it links an old database's owner, once; no step).
    "first_start",
    "workflow",
    "comments",
    "comment_redline",
    "changes_without_comment",
    "verify_export",
    "identity",
    "pick_identity_card",
    "preview_package",
    "round_dashboard",
    // Drafting from a source text: the sources, one with its articles, what a draft took.
    "sources",
    "source",
    "taken_articles",
    "compare_with_source",
    // Long work's progress and stop change nothing stored: answers, not steps.
    "work_progress",
    "cancel_work",
    // The templates a new regulation starts from, and a header as the form reads it.
    "regulation_templates",
    "regulation_header",
];

fn to_value<T: Serialize>(r: Result<T, ApiError>) -> Result<Value, ApiError> {
    r.map(|v| serde_json::to_value(v).expect("IPC types serialise"))
}

/// One argument of a call, read by its IPC name.
struct Args<'a>(&'a Map<String, Value>);

impl Args<'_> {
    fn get(&self, name: &str) -> &Value {
        self.0.get(name).unwrap_or_else(|| panic!("argument {name} missing"))
    }
    fn s(&self, name: &str) -> String {
        self.get(name).as_str().unwrap_or_else(|| panic!("{name} is not a string")).to_string()
    }
    fn u(&self, name: &str) -> u32 {
        self.get(name).as_u64().unwrap_or_else(|| panic!("{name} is not a number")) as u32
    }
    fn opt_u(&self, name: &str) -> Option<u32> {
        self.get(name).as_u64().map(|n| n as u32)
    }
    fn opt_s(&self, name: &str) -> Option<String> {
        self.get(name).as_str().map(str::to_string)
    }
    fn b(&self, name: &str) -> bool {
        self.get(name).as_bool().unwrap_or_else(|| panic!("{name} is not a bool"))
    }
    fn de<T: serde::de::DeserializeOwned>(&self, name: &str) -> T {
        serde_json::from_value(self.get(name).clone()).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

/// What a file dialog answers: a path, several, or null (closed).
fn picked_many(dialog: Option<&Value>) -> Option<Vec<PathBuf>> {
    match dialog {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(vec![PathBuf::from(p)]),
        Some(Value::Array(ps)) => {
            Some(ps.iter().map(|p| PathBuf::from(p.as_str().expect("a path"))).collect())
        }
        Some(other) => panic!("a dialog answers a path, paths or null, not {other}"),
    }
}

/// The IPC command `cmd` with `args`, as `src-tauri/src/lib.rs` runs it; `dialog` is what
/// the file dialog it opens answers.
pub fn dispatch(
    q: &Quyche,
    cmd: &str,
    args: &Map<String, Value>,
    dialog: Option<&Value>,
) -> Result<Value, ApiError> {
    let a = Args(args);
    let id = || a.s("regulationId");
    let picked = || picked_many(dialog).and_then(|ps| ps.into_iter().next());
    let save = |_suggested: &str| Ok(picked());
    match cmd {
        "list_regulations" => to_value(q.list_regulations()),
        "open_regulation" => to_value(q.open_regulation(&id(), a.opt_u("revision"))),
        "history" => to_value(q.history(&id())),
        "audit_log" => to_value(q.audit_log(&id())),
        "save_article" => to_value(q.save_article(
            &id(),
            a.u("baseRevision"),
            a.u("articleId"),
            &a.s("text"),
            Actor::Current,
        )),
        "edit_structure" => {
            to_value(q.edit_structure(&id(), a.u("baseRevision"), a.de("edit"), Actor::Current))
        }
        "restore_revision" => to_value(q.restore_revision(
            &id(),
            a.u("baseRevision"),
            a.u("toRevision"),
            a.de("direction"),
            Actor::Current,
        )),
        "article_for_editing" => to_value(q.article_for_editing(&id(), a.u("articleId"))),
        "save_article_runs" => to_value(q.save_article_runs(
            &id(),
            a.u("baseRevision"),
            a.de("article"),
            Actor::Current,
        )),
        "reference_targets" => to_value(q.reference_targets(&id())),
        "links_in" => to_value(q.links_in(&id(), &a.s("text"))),
        "pasted_text" => to_value(q.pasted_text(&a.s("text"))),
        "regulation_templates" => to_value(q.regulation_templates()),
        "new_regulation" => to_value(q.new_regulation(
            a.de("template"),
            a.opt_s("title").as_deref(),
            Actor::Current,
        )),
        "regulation_header" => to_value(q.header(&id())),
        "save_header" => {
            to_value(q.save_header(&id(), a.u("baseRevision"), &a.de("fields"), Actor::Current))
        }
        "import_file" => to_value(q.import_picked(picked(), Actor::Current, Some(a.u("work")))),
        "import_revision" => {
            to_value(q.import_revision_picked(&id(), picked(), Actor::Current, Some(a.u("work"))))
        }
        "redline" => to_value(q.redline(&id(), a.u("fromRevision"), a.u("toRevision"))),
        "pick_compared_text" => to_value(q.hold_picked(picked())),
        "redline_with_file" => to_value(q.redline_with_held(&id(), a.u("revision"), a.u("file"))),
        "people" => to_value(q.people()),
        "add_person" => {
            to_value(q.add_person(Actor::Current, &a.s("name"), a.de("role"), &a.s("position")))
        }
        "current_user" => to_value(q.current_user()),
        "set_current_user" => to_value(q.set_current_user(&a.s("personId"))),
        "first_start" => to_value(q.first_start()),
        "start_here" => to_value(q.start_here(&a.s("name"), &a.s("position"), a.de("role"))),
        "remove_sample" => to_value(q.remove_sample(&id())),
        "workflow" => to_value(q.workflow(&id(), Actor::Current)),
        "open_round" => {
            to_value(q.open_round(&id(), Actor::Current, a.opt_s("deadline").as_deref()))
        }
        "close_round" => to_value(q.close_round(&id(), Actor::Current)),
        "comments" => to_value(q.comments(&id())),
        "add_comment" => to_value(q.add_comment(
            &id(),
            Actor::Current,
            Target::Unit(a.u("unitId")),
            &a.s("quote"),
            a.opt_u("position"),
            &a.s("text"),
            a.opt_s("proposal").as_deref(),
        )),
        "resolve_comment" => to_value(q.resolve_comment(
            &a.s("commentId"),
            Actor::Current,
            a.de("decision"),
            &a.s("reason"),
        )),
        "edit_comment" => to_value(q.edit_comment(
            &a.s("commentId"),
            Actor::Current,
            &a.s("text"),
            a.opt_s("proposal").as_deref(),
        )),
        "delete_comment" => to_value(q.delete_comment(&a.s("commentId"), Actor::Current)),
        "adopt_proposal" => to_value(q.adopt_proposal(&a.s("commentId"), Actor::Current)),
        "record_no_comments" => {
            to_value(q.record_no_comments(&id(), &a.s("personId"), Actor::Current))
        }
        "comment_redline" => to_value(q.comment_redline(&a.s("commentId"))),
        "changes_without_comment" => to_value(q.changes_without_comment(&id())),
        "submit" => to_value(q.submit(&id(), Actor::Current)),
        "return_draft" => to_value(q.return_draft(&id(), Actor::Current, &a.s("reason"))),
        "approve" => to_value(q.approve(
            &id(),
            Actor::Current,
            a.de("form"),
            &a.s("date"),
            a.u("members"),
            a.u("votesFor"),
            a.u("against"),
            a.u("abstain"),
            &a.s("decisionNo"),
        )),
        "record_vote" => to_value(q.record_vote(&id(), Actor::Current, a.de("vote"))),
        "export_regulation" => to_value(q.export_picked(
            &id(),
            Actor::Current,
            &a.s("format"),
            save,
            Some(a.u("work")),
        )),
        "export_promulgation" => to_value(q.promulgation_picked(
            &id(),
            Actor::Current,
            &a.s("format"),
            save,
            Some(a.u("work")),
        )),
        "export_redline" => to_value(q.redline_picked(
            &id(),
            a.u("fromRevision"),
            a.u("toRevision"),
            &a.s("format"),
            save,
            Some(a.u("work")),
        )),
        "search" => to_value(q.search(
            &a.s("query"),
            quyche_api::SearchScope {
                regulation: a.opt_s("regulationId").as_deref(),
                revision: a.opt_u("revision"),
            },
        )),
        "export_redline_with_file" => to_value(q.redline_with_held_picked(
            &id(),
            a.u("revision"),
            a.u("file"),
            &a.s("format"),
            save,
            Some(a.u("work")),
        )),
        "export_report" => to_value(q.report_picked(
            &id(),
            Actor::Current,
            &a.s("format"),
            save,
            Some(a.u("work")),
        )),
        "verify_export" => to_value(q.verify_picked(picked())),
        "identity" => to_value(q.identity()),
        "create_identity" => to_value(q.create_identity(&a.s("name"), &a.s("position"))),
        "export_identity_card" => to_value(q.identity_card_picked(save)),
        "pick_identity_card" => to_value(q.hold_picked(picked())),
        "add_person_from_card" => to_value(q.add_person_from_held_card(
            Actor::Current,
            a.u("card"),
            a.de("role"),
            a.b("confirmKeyChange"),
        )),
        "export_package" => to_value(q.package_picked(&id(), Actor::Current, save)),
        "preview_package" => to_value(q.preview_picked_package(picked())),
        "open_previewed_package" => {
            to_value(q.open_previewed_package(a.u("handle"), a.opt_s("trust")))
        }
        "export_bundle" => to_value(q.bundle_picked(&id(), save)),
        "export_bundle_again" => to_value(q.bundle_again_picked(&id(), save)),
        "import_held_bundle" => to_value(q.import_held_bundle(a.u("handle"), Actor::Current, true)),
        "import_bundles" => {
            to_value(q.import_picked_bundles(picked_many(dialog), Actor::Current, a.u("work")))
        }
        "export_review_copy" => to_value(q.review_copy_picked(&id(), Actor::Current, save)),
        "import_word_review" => {
            to_value(q.import_word_review_picked(&id(), picked(), Actor::Current))
        }
        "work_progress" => to_value(q.work_progress(a.u("work"))),
        "cancel_work" => to_value(q.cancel_work(a.u("work"))),
        "round_dashboard" => to_value(q.round_dashboard(&id())),
        "sources" => to_value(q.sources()),
        "source" => to_value(q.source(&a.s("sourceId"))),
        "import_source" => to_value(q.import_source_picked(picked(), Actor::Current)),
        "take_article" => to_value(q.take_article_at(
            &id(),
            a.u("baseRevision"),
            &a.s("sourceId"),
            a.u("sourceArticleId"),
            a.opt_u("after"),
            a.opt_u("before"),
            Actor::Current,
        )),
        "taken_articles" => to_value(q.taken_articles(&id(), a.opt_u("revision"))),
        "compare_with_source" => to_value(q.compare_with_source(&id(), a.u("articleId"))),
        other => panic!("no recorder row for the IPC command {other}: add it to dispatch()"),
    }
}

/// Every command of the generated bindings with its argument names, in order.
pub fn bindings() -> &'static BTreeMap<String, Vec<String>> {
    static B: OnceLock<BTreeMap<String, Vec<String>>> = OnceLock::new();
    B.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/ipc/bindings.ts");
        let text = std::fs::read_to_string(&path).expect("read bindings.ts");
        let mut out = BTreeMap::new();
        for line in text.lines() {
            let Some(at) = line.find("__TAURI_INVOKE(\"") else { continue };
            let rest = &line[at + "__TAURI_INVOKE(\"".len()..];
            let end = rest.find('"').expect("command name ends");
            let name = rest[..end].to_string();
            let args = match rest[end..].find('{') {
                Some(open) => {
                    let inner = &rest[end + open + 1..];
                    let close = inner.find('}').expect("argument list ends");
                    inner[..close]
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                }
                None => Vec::new(),
            };
            out.insert(name, args);
        }
        assert!(!out.is_empty(), "no commands found in {}", path.display());
        out
    })
}

/// A PDF written with a signed seal changes size from run to run (the signature, made
/// with this run's new key, is compressed with the text), so the tape records a written
/// PDF's `bytes` as 0; every other field, and every other format's size, stays as given.
fn steady_pdf_size(res: &mut Value) {
    let Some(data) = res.get_mut("data").and_then(Value::as_object_mut) else { return };
    if data.get("format") == Some(&json!("pdf")) && data.get("bytes").is_some_and(Value::is_number)
    {
        data.insert("bytes".into(), json!(0));
    }
}

/// The response as tauri-specta hands it to the webview.
fn response(r: Result<Value, ApiError>) -> Value {
    match r {
        Ok(data) => json!({ "status": "ok", "data": data }),
        Err(e) => json!({ "status": "error", "error": e }),
    }
}

/// One installation being recorded: its database, its files folder and its tape.
pub struct Recorder {
    pub q: Quyche,
    _dir: tempfile::TempDir,
    /// The folder that stands for [`FILES`].
    pub files: PathBuf,
    entries: Vec<Value>,
    /// Regulations whose reads are recorded after each mutation.
    watched: Vec<String>,
    latest: HashMap<String, Value>,
    /// Values that differ between runs, with their placeholders.
    volatile: Vec<(String, String)>,
    counts: HashMap<&'static str, usize>,
}

impl Recorder {
    /// A fresh database with nothing in it.
    pub fn empty() -> Recorder {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = dir.path().join("files");
        std::fs::create_dir_all(&files).expect("files folder");
        // The law pair's redline takes about 100 ms in a debug build, half the window's
        // 200 ms budget: on a loaded CI machine it was cut short and compared coarsely,
        // and the tape went stale. A tape must not depend on load.
        let q = Quyche::open(&dir.path().join("db"), clock())
            .expect("open")
            .with_redline_budget(std::time::Duration::from_secs(60));
        let mut r = Recorder {
            q,
            files,
            _dir: dir,
            entries: Vec::new(),
            watched: Vec::new(),
            latest: HashMap::new(),
            volatile: Vec::new(),
            counts: HashMap::new(),
        };
        let files = r.files.display().to_string();
        r.volatile.push((files, FILES.to_string()));
        let db = r._dir.path().join("db").display().to_string();
        r.volatile.push((db, "/home/vanphong/.local/share/quyche".to_string()));
        r
    }

    /// The sample as the app seeds it on first start, and the demo committee added
    /// explicitly (its Chief of Office is the current user); the regulation is watched.
    pub fn demo() -> Recorder {
        let mut r = Recorder::empty();
        let id = r.q.seed_demo_if_empty().expect("seed").expect("seeded");
        r.q.add_demo_committee().expect("committee");
        r.watch(&id);
        r
    }

    /// The database folder.
    pub fn db_dir(&self) -> PathBuf {
        self._dir.path().join("db")
    }

    /// A path in the files folder, as the recorder's file system sees it.
    pub fn file(&self, name: &str) -> PathBuf {
        self.files.join(name)
    }

    /// The same path as the tape (and so the UI's dialogs) give it.
    pub fn path(&self, name: &str) -> String {
        self.file(name).display().to_string()
    }

    pub fn watch(&mut self, id: &str) {
        if !self.watched.iter().any(|w| w == id) {
            self.watched.push(id.to_string());
            self.placeholder("qc", id);
        }
    }

    /// Registers a value that differs between runs.
    pub fn placeholder(&mut self, kind: &'static str, value: &str) {
        if value.is_empty() || self.volatile.iter().any(|(v, _)| v == value) {
            return;
        }
        let n = self.counts.entry(kind).or_insert(0);
        *n += 1;
        let stand_in = match kind {
            "qc" => format!("qc-{n}"),
            "c" => format!("c{n:04}"),
            "key" => format!("{n:016X}"),
            "fingerprint" => {
                let hex = format!("{n:032X}");
                (0..8).map(|i| &hex[i * 4..i * 4 + 4]).collect::<Vec<_>>().join(" ")
            }
            other => format!("{other}-{n}"),
        };
        self.volatile.push((value.to_string(), stand_in));
    }

    /// Puts a named point in the tape: a test may start its replay there.
    pub fn mark(&mut self, name: &str) {
        self.entries.push(json!({ "mark": name }));
    }

    /// Calls `cmd` as the webview would, records it, and returns the response. A command
    /// that opens a file dialog takes the dialog's answer as `"@dialog"` (a path, paths, or
    /// null for a closed dialog): not an argument, it is recorded as the entry's `dialog`.
    pub fn call(&mut self, cmd: &str, args: Value) -> Value {
        let mut args = match args {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            other => panic!("arguments of {cmd} are not an object: {other}"),
        };
        let expected = bindings().get(cmd).unwrap_or_else(|| {
            panic!(
                "{cmd} is not a command of ui/src/lib/ipc/bindings.ts (regenerate the bindings?)"
            )
        });
        let dialog = args.remove("@dialog");
        let mut want: Vec<&String> = expected.iter().collect();
        want.sort();
        let mut given: Vec<&String> = args.keys().collect();
        given.sort();
        assert_eq!(given, want, "{cmd}: argument names differ from bindings.ts");
        let mut res = response(dispatch(&self.q, cmd, &args, dialog.as_ref()));
        steady_pdf_size(&mut res);
        self.learn(cmd, &res);
        let mutates = !READS.contains(&cmd);
        let mut entry = json!({ "cmd": cmd, "args": args, "mutates": mutates, "response": res });
        if let Some(answer) = dialog {
            entry["dialog"] = answer;
        }
        if mutates {
            self.entries.push(entry);
            self.snapshot();
        } else {
            self.push_read(entry);
        }
        res
    }

    /// Records `data` as what the read `cmd` answered with `args` while a call ran: long
    /// work's progress, which the work hook sees as `work_progress` answers it at that
    /// moment (the recorder cannot call while a call runs).
    pub fn seen_while_running(&mut self, cmd: &str, args: Value, data: Value) {
        assert!(READS.contains(&cmd), "{cmd} is not a read");
        let res = json!({ "status": "ok", "data": data });
        self.push_read(json!({ "cmd": cmd, "args": args, "mutates": false, "response": res }));
    }

    /// Calls `cmd` and returns its data; panics on an error.
    pub fn ok(&mut self, cmd: &str, args: Value) -> Value {
        let res = self.call(cmd, args);
        assert_eq!(res["status"], "ok", "{cmd}: {res}");
        res["data"].clone()
    }

    /// Calls `cmd` and returns its error; panics when it succeeds.
    pub fn refused(&mut self, cmd: &str, args: Value) -> Value {
        let res = self.call(cmd, args);
        assert_eq!(res["status"], "error", "{cmd} succeeded: {res}");
        res["error"].clone()
    }

    fn push_read(&mut self, entry: Value) {
        let key = format!("{}{}", entry["cmd"], entry["args"]);
        if self.latest.get(&key) != Some(&entry["response"]) {
            self.latest.insert(key, entry["response"].clone());
            self.entries.push(entry);
        }
    }

    /// Records what the UI reads, where it changed.
    pub fn snapshot(&mut self) {
        let mut calls = vec![
            ("list_regulations", json!({})),
            ("people", json!({})),
            ("current_user", json!({})),
            ("identity", json!({})),
            ("first_start", json!({})),
        ];
        for id in self.watched.clone() {
            calls.push(("open_regulation", json!({ "regulationId": id, "revision": null })));
            for cmd in [
                "history",
                "workflow",
                "comments",
                "changes_without_comment",
                "round_dashboard",
                "audit_log",
            ] {
                calls.push((cmd, json!({ "regulationId": id })));
            }
        }
        for (cmd, args) in calls {
            let res = response(dispatch(&self.q, cmd, args.as_object().expect("object"), None));
            self.learn(cmd, &res);
            self.push_read(json!({ "cmd": cmd, "args": args, "mutates": false, "response": res }));
        }
    }

    /// Finds the run-to-run values in a response.
    fn learn(&mut self, cmd: &str, res: &Value) {
        let data = &res["data"];
        match cmd {
            "list_regulations" => {
                for r in data.as_array().into_iter().flatten() {
                    self.placeholder("qc", r["id"].as_str().unwrap_or_default());
                }
            }
            "import_file" => {
                let id = data["regulation_id"].as_str().unwrap_or_default().to_string();
                if !id.is_empty() {
                    self.watch(&id);
                }
            }
            "open_previewed_package" | "new_regulation" => {
                if let Some(id) = data.as_str() {
                    self.watch(id);
                }
            }
            "comments" => {
                for c in data.as_array().into_iter().flatten() {
                    self.placeholder("c", c["id"].as_str().unwrap_or_default());
                }
            }
            "add_comment" | "resolve_comment" | "edit_comment" | "adopt_proposal" => {
                self.placeholder("c", data["id"].as_str().unwrap_or_default());
            }
            "identity" | "create_identity" | "export_identity_card" => self.learn_identity(data),
            _ => {}
        }
    }

    pub fn learn_identity(&mut self, data: &Value) {
        if data.is_object() {
            self.placeholder("key", data["key_id"].as_str().unwrap_or_default());
            self.placeholder("fingerprint", data["fingerprint"].as_str().unwrap_or_default());
        }
    }

    /// The tape, with the run-to-run values replaced.
    pub fn tape(&mut self, about: &str) -> String {
        self.snapshot();
        // One call a line: a tape reads (and diffs) as the list of calls it is.
        let mut text = format!("{{\n  \"about\": {},\n  \"tape\": [\n", json!(about));
        for (i, e) in self.entries.iter().enumerate() {
            let sep = if i + 1 < self.entries.len() { "," } else { "" };
            text.push_str(&format!("    {e}{sep}\n"));
        }
        text.push_str("  ]\n}");
        let mut volatile = self.volatile.clone();
        volatile.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
        for (value, stand_in) in volatile {
            text = text.replace(&value, &stand_in);
        }
        text.push('\n');
        text
    }
}

/// The id of the person called `name` in a `people` answer.
pub fn person(r: &mut Recorder, name: &str) -> String {
    let people = dispatch(&r.q, "people", &Map::new(), None).expect("people");
    people
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == name))
        .and_then(|p| p["id"].as_str())
        .unwrap_or_else(|| panic!("no person {name}"))
        .to_string()
}

/// The id and edit text of the article printed as `marker` (`Điều 4`) in `view`.
pub fn article(view: &Value, marker: &str) -> (u32, String) {
    fn find<'a>(units: &'a Value, marker: &str) -> Option<&'a Value> {
        for u in units.as_array()? {
            if u["kind"] == "article" && u["marker"] == marker {
                return Some(u);
            }
            if let Some(found) = find(&u["children"], marker) {
                return Some(found);
            }
        }
        None
    }
    let a = find(&view["units"], marker).unwrap_or_else(|| panic!("no {marker}"));
    (a["id"].as_u64().expect("id") as u32, a["edit_text"].as_str().unwrap_or_default().to_string())
}

/// The first unit (clause, point) under `article` whose own text contains `needle`.
pub fn unit_with(view: &Value, marker: &str, needle: &str) -> u32 {
    fn walk(u: &Value, needle: &str) -> Option<u32> {
        for c in u["children"].as_array()? {
            let own = c["paragraphs"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p.as_str().is_some_and(|p| p.contains(needle)));
            if own {
                return c["id"].as_u64().map(|n| n as u32);
            }
            if let Some(id) = walk(c, needle) {
                return Some(id);
            }
        }
        None
    }
    fn find<'a>(units: &'a Value, marker: &str) -> Option<&'a Value> {
        for u in units.as_array()? {
            if u["kind"] == "article" && u["marker"] == marker {
                return Some(u);
            }
            if let Some(found) = find(&u["children"], marker) {
                return Some(found);
            }
        }
        None
    }
    let a = find(&view["units"], marker).unwrap_or_else(|| panic!("no {marker}"));
    walk(a, needle).unwrap_or_else(|| panic!("no unit of {marker} with {needle}"))
}

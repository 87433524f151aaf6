//! The desktop shell: setup, state and one-line commands into `quyche-api`.
//!
//! Nothing here decides anything. Every command forwards to [`Quyche`], which the CLI
//! and the tests call too; keep it that way, so no rule lives only behind the window.

use std::path::{Path, PathBuf};

use quyche_api::{
    Actor, ApiError, ApprovalForm, ApprovalView, BundleImportView, CommentRedline, CommentView,
    Decision, ExportView, IdentityView, ImportResult, PersonView, Quyche, RedlineView,
    RegulationSummary, RegulationView, RevisionInfo, Role, RoundDashboard, RoundView, Target,
    VerificationView, WorkflowView,
};
use tauri::{Manager, State};

type Result<T> = std::result::Result<T, ApiError>;

#[tauri::command(async)]
#[specta::specta]
fn list_regulations(q: State<'_, Quyche>) -> Result<Vec<RegulationSummary>> {
    q.list_regulations()
}

#[tauri::command(async)]
#[specta::specta]
fn open_regulation(
    q: State<'_, Quyche>,
    regulation_id: String,
    revision: Option<u32>,
) -> Result<RegulationView> {
    q.open_regulation(&regulation_id, revision)
}

#[tauri::command(async)]
#[specta::specta]
fn history(q: State<'_, Quyche>, regulation_id: String) -> Result<Vec<RevisionInfo>> {
    q.history(&regulation_id)
}

#[tauri::command(async)]
#[specta::specta]
fn save_article(
    q: State<'_, Quyche>,
    regulation_id: String,
    base_revision: u32,
    article_id: u32,
    text: String,
) -> Result<RevisionInfo> {
    q.save_article(&regulation_id, base_revision, article_id, &text, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn import_file(q: State<'_, Quyche>, path: String) -> Result<ImportResult> {
    q.import_file(Path::new(&path), Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn import_revision(
    q: State<'_, Quyche>,
    regulation_id: String,
    path: String,
) -> Result<ImportResult> {
    q.import_revision(&regulation_id, Path::new(&path), Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn redline(
    q: State<'_, Quyche>,
    regulation_id: String,
    from_revision: u32,
    to_revision: u32,
) -> Result<RedlineView> {
    q.redline(&regulation_id, from_revision, to_revision)
}

#[tauri::command(async)]
#[specta::specta]
fn redline_with_file(
    q: State<'_, Quyche>,
    regulation_id: String,
    revision: u32,
    path: String,
) -> Result<RedlineView> {
    q.redline_with_file(&regulation_id, revision, Path::new(&path))
}

#[tauri::command(async)]
#[specta::specta]
fn people(q: State<'_, Quyche>) -> Result<Vec<PersonView>> {
    q.people()
}

#[tauri::command(async)]
#[specta::specta]
fn add_person(
    q: State<'_, Quyche>,
    name: String,
    role: Role,
    position: String,
) -> Result<PersonView> {
    q.add_person(Actor::Current, &name, role, &position)
}

#[tauri::command(async)]
#[specta::specta]
fn current_user(q: State<'_, Quyche>) -> Result<Option<PersonView>> {
    q.current_user()
}

#[tauri::command(async)]
#[specta::specta]
fn set_current_user(q: State<'_, Quyche>, person_id: String) -> Result<PersonView> {
    q.set_current_user(&person_id)
}

#[tauri::command(async)]
#[specta::specta]
fn workflow(q: State<'_, Quyche>, regulation_id: String) -> Result<WorkflowView> {
    q.workflow(&regulation_id, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn open_round(
    q: State<'_, Quyche>,
    regulation_id: String,
    deadline: Option<String>,
) -> Result<RoundView> {
    q.open_round(&regulation_id, Actor::Current, deadline.as_deref())
}

#[tauri::command(async)]
#[specta::specta]
fn close_round(q: State<'_, Quyche>, regulation_id: String) -> Result<RoundView> {
    q.close_round(&regulation_id, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn comments(q: State<'_, Quyche>, regulation_id: String) -> Result<Vec<CommentView>> {
    q.comments(&regulation_id)
}

#[tauri::command(async)]
#[specta::specta]
fn add_comment(
    q: State<'_, Quyche>,
    regulation_id: String,
    unit_id: u32,
    quote: String,
    position: Option<u32>,
    text: String,
    proposal: Option<String>,
) -> Result<CommentView> {
    q.add_comment(
        &regulation_id,
        Actor::Current,
        Target::Unit(unit_id),
        &quote,
        position,
        &text,
        proposal.as_deref(),
    )
}

#[tauri::command(async)]
#[specta::specta]
fn resolve_comment(
    q: State<'_, Quyche>,
    comment_id: String,
    decision: Decision,
    reason: String,
) -> Result<CommentView> {
    q.resolve_comment(&comment_id, Actor::Current, decision, &reason)
}

#[tauri::command(async)]
#[specta::specta]
fn comment_redline(q: State<'_, Quyche>, comment_id: String) -> Result<CommentRedline> {
    q.comment_redline(&comment_id)
}

#[tauri::command(async)]
#[specta::specta]
fn changes_without_comment(q: State<'_, Quyche>, regulation_id: String) -> Result<Vec<String>> {
    q.changes_without_comment(&regulation_id)
}

#[tauri::command(async)]
#[specta::specta]
fn submit(q: State<'_, Quyche>, regulation_id: String) -> Result<WorkflowView> {
    q.submit(&regulation_id, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn return_draft(
    q: State<'_, Quyche>,
    regulation_id: String,
    reason: String,
) -> Result<WorkflowView> {
    q.return_draft(&regulation_id, Actor::Current, &reason)
}

#[tauri::command(async)]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
fn approve(
    q: State<'_, Quyche>,
    regulation_id: String,
    form: ApprovalForm,
    date: String,
    members: u32,
    votes_for: u32,
    against: u32,
    abstain: u32,
    decision_no: String,
) -> Result<ApprovalView> {
    q.approve(
        &regulation_id,
        Actor::Current,
        form,
        &date,
        members,
        votes_for,
        against,
        abstain,
        &decision_no,
    )
}

#[tauri::command(async)]
#[specta::specta]
fn export_regulation(
    q: State<'_, Quyche>,
    regulation_id: String,
    format: String,
    path: String,
) -> Result<ExportView> {
    q.export_to_file(
        &regulation_id,
        Actor::Current,
        quyche_api::parse_format(&format)?,
        Path::new(&path),
    )
}

#[tauri::command(async)]
#[specta::specta]
fn export_report(
    q: State<'_, Quyche>,
    regulation_id: String,
    format: String,
    path: String,
) -> Result<String> {
    q.report_to_file(&regulation_id, Actor::Current, &format, Path::new(&path))
}

#[tauri::command(async)]
#[specta::specta]
fn verify_export(path: String) -> Result<VerificationView> {
    quyche_api::verify_export_file(Path::new(&path))
}

#[tauri::command(async)]
#[specta::specta]
fn identity(q: State<'_, Quyche>) -> Result<Option<IdentityView>> {
    q.identity()
}

#[tauri::command(async)]
#[specta::specta]
fn create_identity(q: State<'_, Quyche>, name: String, position: String) -> Result<IdentityView> {
    q.create_identity(&name, &position)
}

#[tauri::command(async)]
#[specta::specta]
fn export_identity_card(q: State<'_, Quyche>, path: String) -> Result<IdentityView> {
    q.export_identity_card(Path::new(&path))
}

#[tauri::command(async)]
#[specta::specta]
fn add_person_from_card(
    q: State<'_, Quyche>,
    path: String,
    role: Role,
    confirm_key_change: bool,
) -> Result<PersonView> {
    q.add_person_from_card(Actor::Current, Path::new(&path), role, confirm_key_change)
}

#[tauri::command(async)]
#[specta::specta]
fn export_package(q: State<'_, Quyche>, regulation_id: String, path: String) -> Result<String> {
    q.package_to_file(&regulation_id, Actor::Current, Path::new(&path))
}

#[tauri::command(async)]
#[specta::specta]
fn open_package(q: State<'_, Quyche>, path: String) -> Result<String> {
    q.open_package_file(Path::new(&path))
}

#[tauri::command(async)]
#[specta::specta]
fn export_bundle(q: State<'_, Quyche>, regulation_id: String, path: String) -> Result<u32> {
    q.bundle_to_file(&regulation_id, Path::new(&path))
}

#[tauri::command(async)]
#[specta::specta]
fn import_bundles(q: State<'_, Quyche>, paths: Vec<String>) -> Result<Vec<BundleImportView>> {
    q.import_bundle_files(&paths, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn round_dashboard(q: State<'_, Quyche>, regulation_id: String) -> Result<RoundDashboard> {
    q.round_dashboard(&regulation_id)
}

/// The typed command set; also what generates `ui/src/lib/ipc/bindings.ts`.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new().commands(tauri_specta::collect_commands![
        list_regulations,
        open_regulation,
        history,
        save_article,
        import_file,
        import_revision,
        redline,
        redline_with_file,
        people,
        add_person,
        current_user,
        set_current_user,
        workflow,
        open_round,
        close_round,
        comments,
        add_comment,
        resolve_comment,
        comment_redline,
        changes_without_comment,
        submit,
        return_draft,
        approve,
        export_regulation,
        export_report,
        verify_export,
        identity,
        create_identity,
        export_identity_card,
        add_person_from_card,
        export_package,
        open_package,
        export_bundle,
        import_bundles,
        round_dashboard,
    ])
}

/// The generated TypeScript bindings, as committed in the UI.
pub fn typescript_bindings() -> std::result::Result<String, String> {
    let dir = std::env::temp_dir().join(format!("quyche-bindings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join("bindings.ts");
    specta_builder()
        .export(specta_typescript::Typescript::default(), &file)
        .map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(text)
}

/// The data folder: `QUYCHE_DATA_DIR` when set (tests run several apps side by side),
/// else the OS app-data folder.
fn data_dir(app: &tauri::App) -> std::result::Result<PathBuf, String> {
    if let Some(d) = std::env::var_os("QUYCHE_DATA_DIR") {
        return Ok(PathBuf::from(d));
    }
    app.path().app_data_dir().map_err(|e| e.to_string())
}

pub fn run() {
    let builder = specta_builder();
    tauri::Builder::default()
        // A second start focuses the running window instead of failing on the db lock.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let dir = quyche_api::db_dir(&data_dir(app)?);
            let q = Quyche::open(&dir, quyche_api::system_clock()).map_err(|e| e.message)?;
            q.seed_demo_if_empty().map_err(|e| e.message)?;
            app.manage(q);
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Quyche không khởi động được: {e}");
            std::process::exit(1);
        });
}

#[cfg(test)]
mod tests {
    /// The committed bindings must be what the Rust types generate today.
    #[test]
    fn committed_bindings_are_fresh() {
        let generated = super::typescript_bindings().expect("bindings generate");
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/lib/ipc/bindings.ts");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        if generated != committed {
            if std::env::var_os("QUYCHE_BLESS").is_some() {
                std::fs::write(path, &generated).expect("write bindings");
                return;
            }
            panic!(
                "ui/src/lib/ipc/bindings.ts is stale: run `QUYCHE_BLESS=1 cargo test -p quyche-app committed_bindings_are_fresh`, then `node ui/scripts/gen-types.mjs`, and commit both"
            );
        }
    }
}

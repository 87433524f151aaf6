//! The desktop shell: setup, state and one-line commands into `quyche-api`.
//!
//! Nothing here decides anything. Every command forwards to [`Quyche`], which the CLI
//! and the tests call too; keep it that way, so no rule lives only behind the window.

use std::path::{Path, PathBuf};

use quyche_api::{
    ApiError, ImportResult, Quyche, RegulationSummary, RegulationView, RevisionInfo,
    DEFAULT_AUTHOR,
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
fn open_regulation(q: State<'_, Quyche>, regulation_id: String, revision: Option<u32>) -> Result<RegulationView> {
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
    q.save_article(&regulation_id, base_revision, article_id, &text, DEFAULT_AUTHOR)
}

#[tauri::command(async)]
#[specta::specta]
fn import_file(q: State<'_, Quyche>, path: String) -> Result<ImportResult> {
    q.import_file(Path::new(&path), DEFAULT_AUTHOR)
}

/// The typed command set; also what generates `ui/src/lib/ipc/bindings.ts`.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new().commands(tauri_specta::collect_commands![
        list_regulations,
        open_regulation,
        history,
        save_article,
        import_file,
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
            if std::env::var_os("QUYCHE_UPDATE_BINDINGS").is_some() {
                std::fs::write(path, &generated).expect("write bindings");
                return;
            }
            panic!(
                "ui/src/lib/ipc/bindings.ts is stale: run `QUYCHE_UPDATE_BINDINGS=1 cargo test -p quyche-app committed_bindings_are_fresh` and commit it"
            );
        }
    }
}

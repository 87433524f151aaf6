//! Opening the data folder at start, and what the user sees when that fails.
//!
//! A database that fails its checks is never a silent exit (a console line is invisible
//! on Windows): a native dialog names the folder and the fault and offers the two
//! choices, restoring the newest rotating backup (`quyche_api::recover_from_latest_backup`:
//! the damaged folder is moved aside, never deleted) or quitting. The main window is
//! hidden until the database is open, so nothing reaches a command without it. Any other
//! failure (the folder in use, a disk error) gets a dialog too, with quitting only.
//!
//! The dialog blocks a thread of its own: tauri-plugin-dialog shows it through the event
//! loop, which only runs once setup has returned.

use std::path::{Path, PathBuf};
use std::time::Duration;

use quyche_api::{ApiError, ErrorCode, Quyche};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

/// How often the app checks whether today's backup is written.
const BACKUP_CHECK: Duration = Duration::from_secs(3600);

/// Opens the database in `dir` and serves it, or hides the window and asks the user.
pub(crate) fn open_database(app: &tauri::App, dir: &Path) -> Result<(), String> {
    match open_and_seed(dir) {
        Ok(q) => {
            serve(app.handle(), q);
            Ok(())
        }
        Err(e) => {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.hide();
            }
            let handle = app.handle().clone();
            let dir = dir.to_path_buf();
            std::thread::spawn(move || ask(&handle, &dir, &e));
            Ok(())
        }
    }
}

fn open_and_seed(dir: &Path) -> Result<Quyche, ApiError> {
    let q = Quyche::open(dir, quyche_api::system_clock())?;
    q.seed_demo_if_empty()?;
    Ok(q)
}

/// Manages the open database and starts the daily backups: one now if due, then a
/// check every hour (a day's backup is written once, on the first check of that day).
fn serve(app: &AppHandle, q: Quyche) {
    app.manage(q);
    let handle = app.clone();
    // A tokio task on the shell's runtime: it waits on a timer, not on a thread of its
    // own, and hands each check (file I/O and fsync) to the blocking pool.
    tauri::async_runtime::spawn(async move {
        let mut hourly = tokio::time::interval(BACKUP_CHECK);
        loop {
            hourly.tick().await;
            let h = handle.clone();
            let check = tokio::task::spawn_blocking(move || h.state::<Quyche>().backup_if_due());
            match check.await {
                Ok(Err(e)) => eprintln!("Quyche: không ghi được bản sao lưu hằng ngày: {e}"),
                Err(e) => eprintln!("Quyche: việc sao lưu hằng ngày dừng bất thường: {e}"),
                Ok(Ok(_)) => {}
            }
        }
    });
}

/// The dialog for a database that did not open (on a thread of its own).
fn ask(app: &AppHandle, dir: &Path, e: &ApiError) {
    if e.code != ErrorCode::Corrupt {
        fail(app, &format!("Không mở được cơ sở dữ liệu {}:\n{}", dir.display(), e.message));
        return;
    }
    let restore = "Khôi phục bản sao lưu mới nhất";
    let chose_restore = app
        .dialog()
        .message(format!(
            "Cơ sở dữ liệu {} không qua được bước kiểm tra:\n{}\n\n\
             Khôi phục bản sao lưu mới nhất (thư mục hỏng được giữ lại bên cạnh, không bị xoá), \
             hay thoát?",
            dir.display(),
            e.message
        ))
        .title("Quyche: dữ liệu bị hỏng")
        .kind(MessageDialogKind::Error)
        .buttons(MessageDialogButtons::OkCancelCustom(restore.into(), "Thoát".into()))
        .blocking_show();
    if !chose_restore {
        app.exit(1);
        return;
    }
    match recover(dir) {
        Ok((q, damaged, backup)) => {
            app.dialog()
                .message(format!(
                    "Đã khôi phục từ {}.\nThư mục hỏng được giữ ở {}.",
                    backup.display(),
                    damaged.display()
                ))
                .title("Quyche: đã khôi phục")
                .kind(MessageDialogKind::Info)
                .blocking_show();
            serve(app, q);
            if let Some(w) = app.get_webview_window("main") {
                // The page loaded without a database: start it again with one.
                let _ = w.reload();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }
        Err(e) => fail(app, &format!("Không khôi phục được {}:\n{}", dir.display(), e.message)),
    }
}

fn recover(dir: &Path) -> Result<(Quyche, PathBuf, PathBuf), ApiError> {
    let now = (quyche_api::system_clock())();
    let report = quyche_api::recover_from_latest_backup(dir, now)?;
    Ok((open_and_seed(dir)?, report.damaged, report.backup))
}

/// Says why, then quits: never a silent exit.
fn fail(app: &AppHandle, message: &str) {
    app.dialog()
        .message(message)
        .title("Quyche không khởi động được")
        .kind(MessageDialogKind::Error)
        .blocking_show();
    app.exit(1);
}

use std::path::Path;

use quyche_archive::{ArchiveError, StoreError};
use serde::Serialize;
use specta::Type;

/// The one error that crosses IPC and the CLI boundary. The UI acts on `code`; `message`
/// is Vietnamese, one line, and names the file and line where the input was at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input is at fault: not UTF-8, too large, not a regulation, an edit that does
    /// not parse. The CLI exits 2.
    BadInput,
    NotFound,
    /// Someone saved a newer revision since this edit began.
    Conflict,
    /// The rules refuse the action: wrong role, wrong stage, failed approval rule. The
    /// message says why. The CLI exits 3.
    Refused,
    /// Another Quyche process holds the database.
    DatabaseInUse,
    /// Stored data failed its hash check.
    Corrupt,
    Io,
    Internal,
    /// Long work the window watched was stopped at the person's request before it wrote
    /// anything ([`crate::Quyche::cancel_work`]): not a failure, nothing happened.
    Stopped,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into() }
    }

    pub fn bad_input(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::BadInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::NotFound, message)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let code = match &e {
            StoreError::InUse(_) => ErrorCode::DatabaseInUse,
            StoreError::Corrupt(_) | StoreError::UnsupportedFormat { .. } => ErrorCode::Corrupt,
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::Conflict(_) => ErrorCode::Conflict,
            StoreError::Io(_) => ErrorCode::Io,
            _ => ErrorCode::Internal,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<ArchiveError> for ApiError {
    fn from(e: ArchiveError) -> ApiError {
        match e {
            ArchiveError::Store(s) => s.into(),
            ArchiveError::Corrupt(m) => {
                ApiError::new(ErrorCode::Corrupt, format!("dữ liệu hỏng: {m}"))
            }
        }
    }
}

/// What was being done to a file when the system refused: the start of the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAct {
    Read,
    Write,
    CreateDir,
    ReadDir,
    Remove,
    Move,
}

/// The one translation of an operating-system error into a Vietnamese sentence naming
/// the file: "Không mở được tệp “x.txt”: không có quyền đọc." The OS's own text (English
/// or the system's language, with paths and error numbers) never reaches `message`; it
/// goes to the log (stderr) for whoever supports the installation.
pub fn file_error(path: &Path, act: FileAct, e: &std::io::Error) -> ApiError {
    let what = match act {
        FileAct::Read => "Không mở được tệp",
        FileAct::Write => "Không ghi được tệp",
        FileAct::CreateDir => "Không tạo được thư mục",
        FileAct::ReadDir => "Không đọc được thư mục",
        FileAct::Remove => "Không xoá được tệp",
        FileAct::Move => "Không dời được",
    };
    let writing = !matches!(act, FileAct::Read | FileAct::ReadDir);
    // Codes as before this mapping: a file that cannot be read is the input's fault (the
    // CLI exits 2), anything else the system's.
    let code = if act == FileAct::Read { ErrorCode::BadInput } else { ErrorCode::Io };
    ApiError::new(code, file_error_message(path, what, writing, e))
}

/// [`file_error`]'s sentence for a caller with its own phrase for what failed
/// ("không xoá được bản sao lưu cũ"): `What “name”: why.`
pub fn file_error_message(path: &Path, what: &str, writing: bool, e: &std::io::Error) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let why = quyche_text::file_problem(e.kind(), writing);
    // The only place the OS text is kept: the log, never the message the user reads.
    quyche_text::log_os_error(what, path, e);
    let mut chars = what.chars();
    let what: String =
        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    format!("{what} “{name}”: {why}.")
}

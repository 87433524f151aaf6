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

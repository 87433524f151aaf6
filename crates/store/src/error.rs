//! The one error type of the store.

use std::path::PathBuf;

/// Errors. Messages are Vietnamese because they reach the user unchanged.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cơ sở dữ liệu đang được dùng bởi một tiến trình khác: {0}")]
    InUse(PathBuf),
    #[error("dữ liệu hỏng: {0}")]
    Corrupt(String),
    #[error("không tìm thấy {0}")]
    NotFound(String),
    #[error("phiên bản định dạng {found} không được hỗ trợ (hỗ trợ {supported})")]
    UnsupportedFormat { found: u32, supported: u32 },
    #[error("xung đột: {0}")]
    Conflict(String),
    #[error("lỗi ghi đọc: {0}")]
    Io(#[from] std::io::Error),
    #[error("lỗi sled: {0}")]
    Sled(String),
    /// A backup file that is not a whole, unchanged Quyche backup.
    #[error("tệp sao lưu {} không dùng được: {reason}", file.display())]
    BadBackup { file: PathBuf, reason: String },
    /// A restore never writes into a folder that already holds something.
    #[error("thư mục {} không trống: chỉ khôi phục vào một thư mục mới hoặc trống", .0.display())]
    TargetNotEmpty(PathBuf),
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        match e {
            sled::Error::Io(io) => StoreError::Io(io),
            sled::Error::Corruption { at, .. } => {
                StoreError::Corrupt(format!("sled phát hiện tệp dữ liệu hỏng (vị trí {at:?})"))
            }
            other => StoreError::Sled(other.to_string()),
        }
    }
}

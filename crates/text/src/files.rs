//! What an operating-system file error means, in Vietnamese: the one table every crate
//! uses (the facade's `file_error`, the exchange crate's atomic writes and identity
//! files), so the OS's own text (English or the system's language, paths, error numbers)
//! never reaches a message. It lives here because every crate that touches files already
//! depends on this one.

use std::io::ErrorKind as K;

/// Why a file could not be read (`writing` false) or written, as the end of a sentence:
/// "Không mở được tệp “x.txt”: **không có quyền đọc**."
pub fn file_problem(kind: K, writing: bool) -> &'static str {
    match kind {
        K::NotFound => "tệp không còn ở đó",
        K::PermissionDenied if writing => "không có quyền ghi",
        K::PermissionDenied => "không có quyền đọc",
        K::StorageFull | K::QuotaExceeded => "ổ đĩa đầy",
        K::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc",
        K::AlreadyExists => "đã có tệp trùng tên",
        K::IsADirectory => "đây là thư mục, không phải tệp",
        K::NotADirectory => "đường dẫn không phải thư mục",
        K::ResourceBusy | K::ExecutableFileBusy => "tệp đang được chương trình khác dùng",
        K::FileTooLarge => "tệp quá lớn",
        K::InvalidData | K::UnexpectedEof => "nội dung tệp bị hỏng",
        K::Interrupted | K::TimedOut => "thao tác bị gián đoạn, hãy thử lại",
        _ => "hệ thống báo lỗi (chi tiết ghi trong nhật ký ứng dụng)",
    }
}

/// Keeps the OS's own text of a file error for whoever investigates, never for the
/// message the user reads: written to standard error only when `QUYCHE_LOG` is set.
///
/// Why not always: the CLI's contract is one line on standard error for a refusal, and
/// that line already says what failed in Vietnamese ([`file_problem`]). A second,
/// English line ("No such file or directory (os error 2)") broke the contract and said
/// nothing the user could act on.
pub fn log_os_error(what: &str, path: &std::path::Path, e: &std::io::Error) {
    if std::env::var_os("QUYCHE_LOG").is_some() {
        eprintln!("quyche: {what} {}: {e}", path.display());
    }
}

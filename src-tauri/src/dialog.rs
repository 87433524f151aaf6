//! The native file dialogs, opened from Rust inside the commands: the webview never
//! names a file, so a script in it cannot reach the disk on its own.
//!
//! A closed dialog is `None` ([`quyche_api::Picked`]), which the API answers with `None`
//! (`null` in the window): nothing happened. Every dialog is one [`FileKind`], which
//! carries its Vietnamese title and filter.
//!
//! The real-window tests cannot click a native dialog. Built with the cargo feature
//! `e2e-dialogs` (scripts/test.sh does, for those tests only; the release build and
//! scripts/package.sh never do), the dialogs answer from a queue instead: see
//! [`queue`]. The test command checks that the packaged binary lacks [`queue::MARKER`].

use std::path::PathBuf;

use quyche_api::{ApiError, Picked};
use tauri::AppHandle;

type Result<T> = std::result::Result<T, ApiError>;

/// What a dialog asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind<'a> {
    /// A regulation's text (.txt, or a Word draft .docx) to import as a new regulation.
    Regulation,
    /// A regulation's revised text (.txt or .docx), imported as its next revision.
    RevisedText,
    /// A text (.txt or .docx) to compare a revision with.
    ComparedText,
    /// An exported file (.docx, .html, .md, .txt, .pdf) to check against its seal. Not
    /// Akoma Ntoso: it carries the seal as metadata, which `verify` does not read.
    ExportedText,
    /// An identity card (.quyche-id) to add to the roster.
    IdentityCard,
    /// A review package (.quyche) received from the chairman.
    Package,
    /// Comment bundles (.zip, .quyche) received from members; several at once.
    Bundles,
    /// Where to write the approved text in `format` (docx, html, md, txt, pdf, akn).
    Export { format: &'a str, name: &'a str },
    /// Where to write the promulgation set (the decision and the regulation) in `format`
    /// (docx, pdf).
    Promulgation { format: &'a str, name: &'a str },
    /// Where to write the redline of two revisions in `format` (docx with tracked
    /// changes, or pdf).
    Redline { format: &'a str, name: &'a str },
    /// Where to write the response report in `format` (html, docx, pdf).
    Report { format: &'a str, name: &'a str },
    /// Where to write this installation's identity card.
    OwnCard { name: &'a str },
    /// Where to write the review package to send.
    OutgoingPackage { name: &'a str },
    /// Where to write my comments as a bundle.
    OutgoingBundle { name: &'a str },
    /// Where to write a review copy (.docx) for a member who reviews in Word.
    ReviewCopy { name: &'a str },
    /// A review copy returned with Word comments and tracked changes (.docx).
    WordReview,
}

/// What a dialog shows: its title, its filter's name and extensions, and the file name
/// it suggests (save dialogs only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Look<'a> {
    pub title: &'static str,
    pub filter: &'static str,
    pub extensions: Vec<&'a str>,
    pub file_name: Option<&'a str>,
}

/// The filter's name for an export format.
fn format_filter(format: &str) -> &'static str {
    match format {
        "docx" => "Tài liệu Word",
        "html" => "Trang HTML",
        "md" => "Markdown",
        "pdf" => "Tài liệu PDF",
        "akn" => "Akoma Ntoso (XML)",
        _ => "Văn bản",
    }
}

impl<'a> FileKind<'a> {
    pub fn look(&self) -> Look<'a> {
        let open = |title, filter, extensions: &[&'a str]| Look {
            title,
            filter,
            extensions: extensions.to_vec(),
            file_name: None,
        };
        let save = |title, filter, extension: &'a str, name: &'a str| Look {
            title,
            filter,
            extensions: vec![extension],
            file_name: Some(name),
        };
        match *self {
            FileKind::Regulation => {
                open("Chọn văn bản quy chế để nhập", "Văn bản", &["txt", "docx"])
            }
            FileKind::RevisedText => open(
                "Chọn văn bản sửa đổi để nhập thành phiên bản mới",
                "Văn bản",
                &["txt", "docx"],
            ),
            FileKind::ComparedText => {
                open("Chọn tệp văn bản để so sánh", "Văn bản", &["txt", "docx"])
            }
            FileKind::ExportedText => open(
                "Chọn tệp đã xuất để kiểm tra",
                "Văn bản đã xuất",
                &["docx", "html", "md", "txt", "pdf"],
            ),
            FileKind::IdentityCard => open("Chọn thẻ chữ ký số", "Thẻ chữ ký số", &["quyche-id"]),
            FileKind::Package => open("Mở gói lấy ý kiến", "Gói lấy ý kiến", &["quyche"]),
            FileKind::Bundles => {
                open("Chọn các tệp góp ý nhận được", "Tệp góp ý", &["zip", "quyche"])
            }
            FileKind::Export { format, name } => {
                save("Xuất văn bản", format_filter(format), format, name)
            }
            FileKind::Promulgation { format, name } => {
                save("Xuất bộ ban hành", format_filter(format), format, name)
            }
            FileKind::Redline { format, name } => {
                save("Xuất bản so sánh", format_filter(format), format, name)
            }
            FileKind::Report { format, name } => {
                save("Xuất bảng tổng hợp ý kiến", format_filter(format), format, name)
            }
            FileKind::OwnCard { name } => {
                save("Xuất thẻ chữ ký số", "Thẻ chữ ký số", "quyche-id", name)
            }
            FileKind::OutgoingPackage { name } => {
                save("Gửi lấy ý kiến", "Gói lấy ý kiến", "quyche", name)
            }
            FileKind::OutgoingBundle { name } => {
                save("Gửi góp ý của tôi", "Tệp góp ý", "zip", name)
            }
            FileKind::ReviewCopy { name } => {
                save("Xuất bản lấy ý kiến bằng Word", "Tài liệu Word", "docx", name)
            }
            FileKind::WordReview => {
                open("Chọn bản lấy ý kiến Word có góp ý trả về", "Tài liệu Word", &["docx"])
            }
        }
    }

    /// A machine name for the kind (the test queue's log).
    #[cfg(any(test, feature = "e2e-dialogs"))]
    pub fn id(&self) -> &'static str {
        match self {
            FileKind::Regulation => "regulation",
            FileKind::RevisedText => "revised_text",
            FileKind::ComparedText => "compared_text",
            FileKind::ExportedText => "exported_text",
            FileKind::IdentityCard => "identity_card",
            FileKind::Package => "package",
            FileKind::Bundles => "bundles",
            FileKind::Export { .. } => "export",
            FileKind::Promulgation { .. } => "promulgation",
            FileKind::Redline { .. } => "redline",
            FileKind::Report { .. } => "report",
            FileKind::OwnCard { .. } => "own_card",
            FileKind::OutgoingPackage { .. } => "outgoing_package",
            FileKind::OutgoingBundle { .. } => "outgoing_bundle",
            FileKind::ReviewCopy { .. } => "review_copy",
            FileKind::WordReview => "word_review",
        }
    }
}

/// Asks for one existing file of `kind`.
pub fn pick(app: &AppHandle, kind: FileKind<'_>) -> Result<Picked> {
    Ok(one(ask(app, kind, Mode::Pick)?))
}

/// Asks for one or more existing files of `kind`; `None` when cancelled.
pub fn pick_many(app: &AppHandle, kind: FileKind<'_>) -> Result<Option<Vec<PathBuf>>> {
    ask(app, kind, Mode::PickMany)
}

/// Asks where to write a file of `kind`.
pub fn save(app: &AppHandle, kind: FileKind<'_>) -> Result<Picked> {
    Ok(one(ask(app, kind, Mode::Save)?))
}

fn one(paths: Option<Vec<PathBuf>>) -> Picked {
    paths.and_then(|p| p.into_iter().next())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Pick,
    PickMany,
    Save,
}

#[cfg(not(feature = "e2e-dialogs"))]
fn ask(app: &AppHandle, kind: FileKind<'_>, mode: Mode) -> Result<Option<Vec<PathBuf>>> {
    use tauri_plugin_dialog::{DialogExt, FilePath};

    let look = kind.look();
    let mut dialog =
        app.dialog().file().set_title(look.title).add_filter(look.filter, &look.extensions);
    if let Some(name) = look.file_name {
        dialog = dialog.set_file_name(name);
    }
    // The commands run off the main thread (`#[tauri::command(async)]`): blocking is allowed.
    let answer = match mode {
        Mode::Pick => dialog.blocking_pick_file().map(|p| vec![p]),
        Mode::PickMany => dialog.blocking_pick_files(),
        Mode::Save => dialog.blocking_save_file().map(|p| vec![p]),
    };
    let path = |p: FilePath| {
        p.into_path().map_err(|e| {
            ApiError::new(
                quyche_api::ErrorCode::Io,
                format!("hộp thoại trả về một tệp không dùng được: {e}"),
            )
        })
    };
    answer.map(|ps| ps.into_iter().map(path).collect()).transpose()
}

#[cfg(feature = "e2e-dialogs")]
fn ask(_app: &AppHandle, kind: FileKind<'_>, mode: Mode) -> Result<Option<Vec<PathBuf>>> {
    queue::answer(&kind, mode)
}

/// The real-window tests' dialogs (feature `e2e-dialogs` only).
///
/// The test writes the answers to `e2e-dialogs.json` in the data folder
/// (`QUYCHE_DATA_DIR`): a JSON array, one element a dialog, in order; `null` is a
/// cancelled dialog, a string one path, an array several. Each dialog takes the first
/// answer and writes the rest back, and appends what it asked
/// (`{"kind", "title", "file_name", "mode"}`) to `e2e-dialogs-asked.jsonl`, so a test
/// can check the suggested file name. An empty or missing queue is an error, so a test
/// that forgot an answer fails at once instead of waiting for a dialog nobody sees.
#[cfg(feature = "e2e-dialogs")]
pub mod queue {
    use std::io::Write;
    use std::path::PathBuf;

    use quyche_api::{ApiError, ErrorCode};
    use serde_json::{json, Value};

    use super::{FileKind, Mode, Result};

    /// In every message of the seam: the test command looks for it in the packaged
    /// binary, which must not have it.
    pub const MARKER: &str = "quyche-e2e-dialog-seam";

    fn fail(what: String) -> ApiError {
        ApiError::new(ErrorCode::Internal, format!("{MARKER}: {what}"))
    }

    pub(super) fn answer(kind: &FileKind<'_>, mode: Mode) -> Result<Option<Vec<PathBuf>>> {
        let dir = std::env::var_os("QUYCHE_DATA_DIR")
            .map(PathBuf::from)
            .ok_or_else(|| fail("QUYCHE_DATA_DIR is not set".into()))?;
        let file = dir.join("e2e-dialogs.json");
        let look = kind.look();
        let asked = json!({
            "kind": kind.id(),
            "title": look.title,
            "file_name": look.file_name,
            "mode": format!("{mode:?}"),
        });
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("e2e-dialogs-asked.jsonl"))
            .and_then(|mut f| writeln!(f, "{asked}"));
        log.map_err(|e| fail(format!("cannot log the dialog: {e}")))?;
        let text = std::fs::read_to_string(&file)
            .map_err(|e| fail(format!("no answer queued for a {} dialog: {e}", kind.id())))?;
        let mut queue: Vec<Value> = serde_json::from_str(&text)
            .map_err(|e| fail(format!("{}: not a JSON array: {e}", file.display())))?;
        if queue.is_empty() {
            return Err(fail(format!("no answer queued for a {} dialog", kind.id())));
        }
        let first = queue.remove(0);
        std::fs::write(&file, Value::Array(queue).to_string())
            .map_err(|e| fail(format!("cannot write {}: {e}", file.display())))?;
        let paths = match first {
            Value::Null => return Ok(None),
            Value::String(p) => vec![PathBuf::from(p)],
            Value::Array(ps) => ps
                .into_iter()
                .map(|p| p.as_str().map(PathBuf::from))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| fail("an answer's array holds a non-string".into()))?,
            other => return Err(fail(format!("an answer is null, a path or paths: {other}"))),
        };
        if paths.is_empty() || (mode != Mode::PickMany && paths.len() > 1) {
            return Err(fail(format!("{} paths for a {mode:?} dialog", paths.len())));
        }
        Ok(Some(paths))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_vietnamese_title_a_filter_and_extensions() {
        let kinds = [
            FileKind::Regulation,
            FileKind::RevisedText,
            FileKind::ComparedText,
            FileKind::ExportedText,
            FileKind::IdentityCard,
            FileKind::Package,
            FileKind::Bundles,
            FileKind::Export { format: "docx", name: "quy-che.docx" },
            FileKind::Promulgation { format: "pdf", name: "quy-che-bo-ban-hanh.pdf" },
            FileKind::Redline { format: "docx", name: "quy-che-so-sanh-phien-ban-1-2.docx" },
            FileKind::Report { format: "html", name: "quy-che-bang-tong-hop-y-kien.html" },
            FileKind::OwnCard { name: "the-dinh-danh-an.quyche-id" },
            FileKind::OutgoingPackage { name: "quy-che-lay-y-kien.quyche" },
            FileKind::OutgoingBundle { name: "gop-y-an-quy-che.zip" },
            FileKind::ReviewCopy { name: "quy-che-lay-y-kien-dot-1-an.docx" },
            FileKind::WordReview,
        ];
        let mut ids = std::collections::BTreeSet::new();
        for kind in kinds {
            let look = kind.look();
            assert!(ids.insert(kind.id()), "{} twice", kind.id());
            assert!(!look.title.is_empty() && !look.filter.is_empty(), "{kind:?}");
            assert!(!look.extensions.is_empty(), "{kind:?}");
            // A save dialog suggests a name with its filter's extension; an open one none.
            if let Some(name) = look.file_name {
                assert!(name.ends_with(&format!(".{}", look.extensions[0])), "{kind:?}");
            }
        }
    }

    #[test]
    fn the_export_filter_is_named_for_its_format() {
        for (format, filter) in [
            ("docx", "Tài liệu Word"),
            ("html", "Trang HTML"),
            ("md", "Markdown"),
            ("txt", "Văn bản"),
            ("pdf", "Tài liệu PDF"),
            ("akn", "Akoma Ntoso (XML)"),
        ] {
            let look = FileKind::Export { format, name: "x" }.look();
            assert_eq!((look.filter, look.extensions), (filter, vec![format]));
        }
    }

    #[test]
    fn the_verify_dialog_takes_every_sealed_format_but_not_akoma_ntoso() {
        let look = FileKind::ExportedText.look();
        assert!(look.extensions.contains(&"pdf"), "{look:?}");
        assert!(!look.extensions.contains(&"akn") && !look.extensions.contains(&"xml"));
    }

    #[test]
    fn the_redline_dialog_is_named_for_its_format() {
        for (format, filter) in [("docx", "Tài liệu Word"), ("pdf", "Tài liệu PDF")] {
            let name = format!("quy-che-so-sanh-phien-ban-1-2.{format}");
            let look = FileKind::Redline { format, name: &name }.look();
            assert_eq!((look.filter, look.extensions), (filter, vec![format]));
        }
    }
}

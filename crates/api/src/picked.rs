//! The window's file actions: the same methods the CLI calls with a path, for a file the
//! user picked in a native dialog.
//!
//! The webview never names a file: the shell opens the dialog in Rust and hands the
//! answer here. One rule for a dialog the user closed: the picked path is `None`, and so
//! is the answer (`null` in the window), and nothing happened. A save dialog is a
//! closure (`save`), called with the file name to suggest, after the request has been
//! checked, so a refused request never opens a dialog.
//!
//! A file the window uses more than once (the compared text when the revision changes,
//! an identity card confirmed after a key-change warning) is *held*: the window gets a
//! [`PickedFile`] handle and its file name, the path stays here.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use specta::Type;

use crate::export::{write_atomically, write_export};
use crate::work::{EXPORT_STOPPED, IMPORT_STOPPED};
use crate::{
    parse_format, Actor, ApiError, BundleImportView, ErrorCode, ExportView, IdentityView,
    ImportResult, PersonView, Quyche, RedlineView, Result, Role, VerificationView,
};

/// What a dialog answered: a path, or `None` when the user cancelled.
pub type Picked = Option<PathBuf>;

/// A file picked in a dialog and held for later calls: the window sees its handle and
/// its name, never its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PickedFile {
    pub handle: u32,
    /// The file name, for the window to show.
    pub name: String,
}

/// The files held for the window, by handle (the position in the list). A session picks
/// a handful; none is dropped, so a handle never changes meaning.
#[derive(Debug, Default)]
pub(crate) struct Held(Mutex<Vec<PathBuf>>);

impl Held {
    fn hold(&self, path: PathBuf) -> PickedFile {
        let name = file_name(&path);
        let mut files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.push(path);
        PickedFile { handle: (files.len() - 1) as u32, name }
    }

    pub(crate) fn path(&self, handle: u32) -> Result<PathBuf> {
        let files = self.0.lock().unwrap_or_else(|e| e.into_inner());
        files.get(handle as usize).cloned().ok_or_else(|| {
            ApiError::bad_input(format!("không có tệp đã chọn số {handle}: hãy chọn lại tệp"))
        })
    }
}

/// Writes `bytes` to `path` atomically (temp file, then rename: never half a file at the
/// user's path) and answers the path written.
fn write_path(path: &Path, bytes: &[u8]) -> Result<String> {
    write_atomically(path, bytes)?;
    Ok(path.display().to_string())
}

/// The stages of an export as the window watches it: making the document, writing it.
const EXPORT_STAGES: u32 = 2;
const MAKING: &str = "Đang dựng văn bản…";
const WRITTEN: &str = "Đã ghi xong.";

fn writing(bytes: usize) -> String {
    format!("Đang ghi tệp ({})…", crate::work::size_label(bytes))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A file name made from a title or a name: Vietnamese letters without their marks,
/// lower case, words joined by `-`, at most 60 characters, cut at a word.
/// "Quy chế làm việc" → "quy-che-lam-viec".
pub fn file_stem(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        match base_letter(c) {
            Some(b) => out.push(b),
            None if !out.is_empty() && !out.ends_with('-') => out.push('-'),
            None => {}
        }
    }
    let mut stem = out.trim_end_matches('-').to_string();
    if stem.len() > 60 {
        let cut = stem[..60].rfind('-').unwrap_or(60);
        stem.truncate(cut);
    }
    stem
}

/// The ASCII letter or digit under a lower-case Vietnamese letter, if it is one.
fn base_letter(c: char) -> Option<char> {
    const FOLD: [(&str, char); 7] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        return Some(c);
    }
    FOLD.iter().find(|(marked, _)| marked.contains(c)).map(|&(_, b)| b)
}

impl Quyche {
    pub(crate) fn title_stem(&self, regulation: &str) -> Result<String> {
        let stem = file_stem(&self.archive.regulation(regulation)?.title);
        Ok(if stem.is_empty() { regulation.to_string() } else { stem })
    }

    /// Keeps a picked file for later calls ([`PickedFile`]); `None` when cancelled.
    pub fn hold_picked(&self, picked: Picked) -> Result<Option<PickedFile>> {
        Ok(picked.map(|p| self.held.hold(p)))
    }

    /// Imports the picked `.txt` as a new regulation ([`Quyche::import_file`]). With
    /// `work`, as the window's long work: its stages (reading, decoding, parsing, storing)
    /// answer [`Quyche::work_progress`], and a stop asked for ([`Quyche::cancel_work`])
    /// before storing stores nothing and answers [`ErrorCode::Stopped`].
    pub fn import_picked(
        &self,
        picked: Picked,
        actor: Actor<'_>,
        work: Option<u32>,
    ) -> Result<Option<ImportResult>> {
        picked.map(|p| self.import_watched(&p, None, actor, work)).transpose()
    }

    /// Imports the picked `.txt` as the next revision ([`Quyche::import_revision`]), as
    /// [`Quyche::import_picked`].
    pub fn import_revision_picked(
        &self,
        regulation: &str,
        picked: Picked,
        actor: Actor<'_>,
        work: Option<u32>,
    ) -> Result<Option<ImportResult>> {
        picked.map(|p| self.import_watched(&p, Some(regulation), actor, work)).transpose()
    }

    fn import_watched(
        &self,
        path: &Path,
        into: Option<&str>,
        actor: Actor<'_>,
        work: Option<u32>,
    ) -> Result<ImportResult> {
        self.watched(work, crate::IMPORT_STAGES, IMPORT_STOPPED, |w| {
            self.import_path_staged(path, into, actor, w)
        })
    }

    /// Compares revision `revision` with a held text file ([`Quyche::redline_with_file`]).
    pub fn redline_with_held(&self, id: &str, revision: u32, file: u32) -> Result<RedlineView> {
        self.redline_with_file(id, revision, &self.held.path(file)?)
    }

    /// Exports the approved text as `format`, where the save dialog says
    /// ([`Quyche::export_to_file`]); the dialog suggests the title's file name. With `work`,
    /// as the window's long work once the dialog has answered: making the document, then
    /// writing it; a stop asked for ([`Quyche::cancel_work`]) before the write writes
    /// nothing and answers [`ErrorCode::Stopped`].
    pub fn export_picked(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        format: &str,
        save: impl FnOnce(&str) -> Result<Picked>,
        work: Option<u32>,
    ) -> Result<Option<ExportView>> {
        let format = parse_format(format)?;
        let name = format!("{}.{}", self.title_stem(regulation)?, format.extension());
        let Some(path) = save(&name)? else { return Ok(None) };
        self.watched(work, EXPORT_STAGES, EXPORT_STOPPED, |w| {
            w.stage(0, MAKING)?;
            let (bytes, revision, seal) = self.export_bytes(regulation, actor, format)?;
            w.stage_with(1, || writing(bytes.len()))?;
            let view = write_export(&path, format, &bytes, revision, seal)?;
            w.done(WRITTEN);
            Ok(Some(view))
        })
    }

    /// Makes an export's bytes (and what else its answer needs, `B`) with `make` as the
    /// first stage of the window's work `work`, then asks where to save (suggesting `name`;
    /// the work is not registered while the dialog is open) and writes them with `write`
    /// as the second; a stop asked for before the write writes nothing. Without `work`,
    /// exactly make, ask, write.
    fn make_then_save<B, T>(
        &self,
        work: Option<u32>,
        make: impl FnOnce() -> Result<(Vec<u8>, B)>,
        name: impl FnOnce() -> Result<String>,
        save: impl FnOnce(&str) -> Result<Picked>,
        write: impl FnOnce(&Path, &[u8], B) -> Result<T>,
    ) -> Result<Option<T>> {
        let (bytes, more) = self.watched(work, EXPORT_STAGES, EXPORT_STOPPED, |w| {
            w.stage(0, MAKING)?;
            let made = make()?;
            // Looked at once more before the dialog: a stop while making asks nothing.
            w.stage_with(1, || writing(made.0.len()))?;
            Ok(made)
        })?;
        let Some(path) = save(&name()?)? else { return Ok(None) };
        self.watched(work, EXPORT_STAGES, EXPORT_STOPPED, |w| {
            w.stage_with(1, || writing(bytes.len()))?;
            let out = write(&path, &bytes, more)?;
            w.done(WRITTEN);
            Ok(Some(out))
        })
    }

    /// Writes the promulgation set (the decision, then the sealed regulation) as `format`
    /// where the save dialog says ([`Quyche::export_promulgation_bytes`]); the dialog
    /// suggests `<title>-bo-ban-hanh.<format>`.
    ///
    /// The set is made before the dialog opens: the workflow lets the chairman and the
    /// secretary export at any stage, so a draft (no decision yet) is refused here, with
    /// the back end's reason, instead of after the user picked where to save. With `work`,
    /// as the window's long work, as [`Quyche::export_picked`] (see `make_then_save`).
    pub fn promulgation_picked(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        format: &str,
        save: impl FnOnce(&str) -> Result<Picked>,
        work: Option<u32>,
    ) -> Result<Option<ExportView>> {
        let format = parse_format(format)?;
        self.make_then_save(
            work,
            || {
                let (bytes, revision, seal) =
                    self.export_promulgation_bytes(regulation, actor, format)?;
                Ok((bytes, (revision, seal)))
            },
            || Ok(format!("{}-bo-ban-hanh.{}", self.title_stem(regulation)?, format.extension())),
            save,
            |p, bytes, (revision, seal)| write_export(p, format, bytes, revision, seal),
        )
    }

    /// Writes the redline of revisions `from` → `to` where the save dialog says: as Word
    /// with tracked changes (`docx`, [`Quyche::redline_docx`]) or as a PDF (`pdf`,
    /// [`Quyche::redline_pdf`]); the dialog suggests
    /// `<title>-so-sanh-phien-ban-<from>-<to>.<format>`. Returns the path written.
    ///
    /// The redline is made before the dialog opens, so a missing revision is refused
    /// without asking where to save. With `work`, as the window's long work, as
    /// [`Quyche::promulgation_picked`].
    pub fn redline_picked(
        &self,
        regulation: &str,
        from: u32,
        to: u32,
        format: &str,
        save: impl FnOnce(&str) -> Result<Picked>,
        work: Option<u32>,
    ) -> Result<Option<String>> {
        self.make_then_save(
            work,
            || Ok((self.redline_as_format(regulation, from, to, format)?, ())),
            || {
                let stem = self.title_stem(regulation)?;
                Ok(format!("{stem}-so-sanh-phien-ban-{from}-{to}.{format}"))
            },
            save,
            |p, bytes, ()| write_path(p, bytes),
        )
    }

    /// Writes the redline of revision `revision` against the held text file `file` (the
    /// redline view's "So sánh với tệp…") where the save dialog says, as `docx` or `pdf`;
    /// the dialog suggests `<title>-so-sanh-phien-ban-<revision>-voi-<file stem>.<format>`.
    /// Returns the path written. Made before the dialog opens, and watched with `work`, as
    /// [`Quyche::redline_picked`].
    pub fn redline_with_held_picked(
        &self,
        regulation: &str,
        revision: u32,
        file: u32,
        format: &str,
        save: impl FnOnce(&str) -> Result<Picked>,
        work: Option<u32>,
    ) -> Result<Option<String>> {
        let held = self.held.path(file)?;
        self.make_then_save(
            work,
            || Ok((self.redline_with_file_as_format(regulation, revision, &held, format)?, ())),
            || {
                let stem = self.title_stem(regulation)?;
                let theirs =
                    held.file_stem().map(|s| file_stem(&s.to_string_lossy())).unwrap_or_default();
                let theirs = if theirs.is_empty() { "tep".to_string() } else { theirs };
                Ok(format!("{stem}-so-sanh-phien-ban-{revision}-voi-{theirs}.{format}"))
            },
            save,
            |p, bytes, ()| write_path(p, bytes),
        )
    }

    /// Writes the response report where the save dialog says ([`Quyche::report_to_file`]);
    /// with `work`, as the window's long work once the dialog has answered, as
    /// [`Quyche::export_picked`].
    pub fn report_picked(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        format: &str,
        save: impl FnOnce(&str) -> Result<Picked>,
        work: Option<u32>,
    ) -> Result<Option<String>> {
        // Refused before the dialog opens; the formats are `report_to_file`'s.
        if !matches!(format, "html" | "docx" | "pdf") {
            return Err(ApiError::bad_input(format!(
                "định dạng bảng tổng hợp không hợp lệ: {format} (html|docx|pdf)"
            )));
        }
        let name = format!("{}-bang-tong-hop-y-kien.{format}", self.title_stem(regulation)?);
        let Some(path) = save(&name)? else { return Ok(None) };
        self.watched(work, EXPORT_STAGES, EXPORT_STOPPED, |w| {
            w.stage(0, MAKING)?;
            let bytes = self.report_bytes(regulation, actor, format)?;
            w.stage_with(1, || writing(bytes.len()))?;
            let out = write_path(&path, &bytes)?;
            w.done(WRITTEN);
            Ok(Some(out))
        })
    }

    /// Checks the picked exported file against its seal and this installation's trust
    /// ([`Quyche::verify_export_file`], no extra cards).
    pub fn verify_picked(&self, picked: Picked) -> Result<Option<VerificationView>> {
        picked.map(|p| self.verify_export_file(&p, &[])).transpose()
    }

    /// Writes this installation's identity card where the save dialog says
    /// ([`Quyche::export_identity_card`]).
    pub fn identity_card_picked(
        &self,
        save: impl FnOnce(&str) -> Result<Picked>,
    ) -> Result<Option<IdentityView>> {
        // Without an identity there is no card: the refusal `export_identity_card` gives.
        let me = self.identity()?.ok_or_else(|| {
            ApiError::new(ErrorCode::Refused, quyche_review::exchange::NO_IDENTITY)
        })?;
        let stem = file_stem(&me.name);
        let name =
            format!("the-dinh-danh-{}.quyche-id", if stem.is_empty() { "may-nay" } else { &stem });
        save(&name)?.map(|p| self.export_identity_card(&p)).transpose()
    }

    /// Adds a roster person from a held identity card ([`Quyche::add_person_from_card`]).
    pub fn add_person_from_held_card(
        &self,
        actor: Actor<'_>,
        card: u32,
        role: Role,
        confirm_key_change: bool,
    ) -> Result<PersonView> {
        self.add_person_from_card(actor, &self.held.path(card)?, role, confirm_key_change)
    }

    /// Writes the review package where the save dialog says ([`Quyche::package_to_file`]).
    pub fn package_picked(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        save: impl FnOnce(&str) -> Result<Picked>,
    ) -> Result<Option<String>> {
        let name = format!("{}-lay-y-kien.quyche", self.title_stem(regulation)?);
        save(&name)?.map(|p| self.package_to_file(regulation, actor, &p)).transpose()
    }

    /// Writes my comments as a signed bundle where the save dialog says
    /// ([`Quyche::bundle_to_file`]).
    pub fn bundle_picked(
        &self,
        regulation: &str,
        save: impl FnOnce(&str) -> Result<Picked>,
    ) -> Result<Option<u32>> {
        save(&self.bundle_file_name(regulation)?)?
            .map(|p| self.bundle_to_file(regulation, &p))
            .transpose()
    }

    /// Writes the last bundle sent for `regulation` again to a file the user picks (the
    /// first file was lost, or the e-mail bounced): the same bundle, number and comments
    /// ([`Quyche::bundle_again_to_file`]); the dialog suggests the same name.
    pub fn bundle_again_picked(
        &self,
        regulation: &str,
        save: impl FnOnce(&str) -> Result<Picked>,
    ) -> Result<Option<u32>> {
        save(&self.bundle_file_name(regulation)?)?
            .map(|p| self.bundle_again_to_file(regulation, &p))
            .transpose()
    }

    /// `gop-y-<owner>-<title>.zip`: the name the save dialog suggests for a bundle.
    fn bundle_file_name(&self, regulation: &str) -> Result<String> {
        let who = self.identity()?.map(|me| file_stem(&me.name)).unwrap_or_default();
        let who = if who.is_empty() { "cua-toi".to_string() } else { who };
        Ok(format!("gop-y-{who}-{}.zip", self.title_stem(regulation)?))
    }

    /// Imports the picked bundles, each on its own ([`Quyche::import_bundle_files`]).
    /// The window's work id `work` lets it watch the import and stop it between files.
    pub fn import_picked_bundles(
        &self,
        picked: Option<Vec<PathBuf>>,
        actor: Actor<'_>,
        work: u32,
    ) -> Result<Option<Vec<BundleImportView>>> {
        picked
            .map(|ps| {
                let paths: Vec<String> = ps.iter().map(|p| p.display().to_string()).collect();
                self.import_bundle_files(&paths, actor, false, Some(work))
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_fold_vietnamese_letters() {
        for (text, stem) in [
            ("Quy chế làm việc", "quy-che-lam-viec"),
            ("Nguyễn Văn An", "nguyen-van-an"),
            ("ĐẢNG ỦY — nhiệm kỳ 2020-2025!", "dang-uy-nhiem-ky-2020-2025"),
            ("  ", ""),
            ("Phạm Thị Dung", "pham-thi-dung"),
        ] {
            assert_eq!(file_stem(text), stem, "{text}");
        }
        let long = file_stem(&"chương trình công tác ".repeat(10));
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
        assert!(long.starts_with("chuong-trinh-cong-tac-"), "{long}");
    }

    #[test]
    fn held_files_answer_by_handle_and_refuse_unknown_ones() {
        let held = Held::default();
        let a = held.hold(PathBuf::from("/tmp/a/the-an.quyche-id"));
        let b = held.hold(PathBuf::from("/tmp/b/van-ban.txt"));
        assert_eq!((a.handle, a.name.as_str()), (0, "the-an.quyche-id"));
        assert_eq!(b.handle, 1);
        assert_eq!(held.path(1).unwrap(), PathBuf::from("/tmp/b/van-ban.txt"));
        let e = held.path(7).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadInput);
    }
}

//! Offline exchange: this installation's identity, identity cards, review packages and
//! comment bundles, as files. The secret key lives in the database folder and never
//! leaves it.

use std::path::{Path, PathBuf};

use quyche_exchange::{Identity, IdentityCard};
use quyche_review::Role;
use serde::Serialize;
use specta::Type;

use crate::export::write_atomically;
use crate::{Actor, ApiError, ErrorCode, PersonView, Quyche, Result};

/// This installation's owner, as others see them.
#[derive(Debug, Clone, Serialize, Type)]
pub struct IdentityView {
    pub name: String,
    pub position: String,
    pub key_id: String,
    /// Read it aloud to compare over the phone: 8 groups of 4 hex digits.
    pub fingerprint: String,
}

/// One file of a multi-file bundle import: what it added, or why it was refused.
#[derive(Debug, Clone, Serialize, Type)]
pub struct BundleImportView {
    pub file: String,
    pub ok: bool,
    pub new_comments: u32,
    /// The reason, when refused; the database is unchanged by a refused file.
    pub error: Option<String>,
    /// Refused only for coming late (its round closed, or the text submitted or
    /// approved): the chairman may take it in as late ("Nhận là nộp muộn") with
    /// [`Quyche::import_held_bundle`] and `handle`.
    pub late: bool,
    /// The refused late file, held for [`Quyche::import_held_bundle`].
    pub handle: Option<u32>,
}

/// A review package as it would open, before anything is written: what the window shows
/// so the person opening it can check the chairman's fingerprint (by phone) and confirm.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PackagePreview {
    /// The picked file, held for [`Quyche::open_previewed_package`]; 0 from
    /// [`Quyche::inspect_package_file`], which holds nothing.
    pub handle: u32,
    /// The file name.
    pub file: String,
    pub regulation_id: String,
    pub title: String,
    pub round: u32,
    pub deadline: Option<String>,
    pub chairman_name: String,
    pub chairman_position: String,
    pub key_id: String,
    /// 8 groups of 4 hex digits, as the chairman reads them aloud.
    pub fingerprint: String,
    /// The key is trusted already: pinned for this copy, on this installation's roster,
    /// or this installation's own. Otherwise opening needs the fingerprint confirmed.
    pub trusted: bool,
    /// Why it is trusted, in words, when it is.
    pub trusted_because: Option<String>,
    /// This very package was opened before: opening it again changes nothing.
    pub opened_before: bool,
}

impl PackagePreview {
    fn new(
        file: String,
        handle: u32,
        p: quyche_review::exchange::PackagePreview,
    ) -> PackagePreview {
        use quyche_review::exchange::KeyTrust;
        PackagePreview {
            handle,
            file,
            regulation_id: p.regulation,
            title: p.title,
            round: p.round,
            deadline: p.deadline,
            chairman_name: p.chairman_name,
            chairman_position: p.chairman_position,
            key_id: p.key_id,
            fingerprint: p.fingerprint,
            trusted: p.trusted.is_some(),
            trusted_because: p.trusted.map(|t| {
                match t {
                    KeyTrust::Pinned => "khóa đã ghim cho bản sao này khi mở gói đầu tiên",
                    KeyTrust::Roster => "khóa có trong danh sách của máy này",
                    KeyTrust::Owner => "khóa của chính máy này",
                }
                .to_string()
            }),
            opened_before: p.opened_before,
        }
    }
}

/// Who has returned comments in the latest round, who has not, and the deadline.
#[derive(Debug, Clone, Serialize, Type)]
pub struct RoundDashboard {
    pub round: Option<u32>,
    pub deadline: Option<String>,
    pub reviewers: Vec<ReviewerStatus>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct ReviewerStatus {
    pub person: PersonView,
    /// Comments from them in this database for the round (received or recorded here).
    pub comments: u32,
    pub has_key: bool,
    /// Bundles imported that carried their comments.
    pub bundles: u32,
    /// The chairman recorded "không có ý kiến" for them.
    pub no_comments: bool,
    /// Comments received, or "không có ý kiến" recorded.
    pub answered: bool,
    /// "Đã nhận 3 góp ý (1 tệp)", "Không có ý kiến", "Chưa nhận".
    pub state_label: String,
}

impl From<&Identity> for IdentityView {
    fn from(i: &Identity) -> IdentityView {
        IdentityView {
            name: i.name().to_string(),
            position: i.position().to_string(),
            key_id: i.key_id(),
            fingerprint: i.fingerprint(),
        }
    }
}

impl From<quyche_exchange::ExchangeError> for ApiError {
    fn from(e: quyche_exchange::ExchangeError) -> ApiError {
        use quyche_exchange::ExchangeError::*;
        let code = match e {
            BadFile(_) => ErrorCode::BadInput,
            NotAllowed(_) => ErrorCode::Refused,
            _ => ErrorCode::Io,
        };
        ApiError::new(code, e.to_string())
    }
}

/// The passphrase of the secret key, when the owner set one: from the environment, so
/// it never lands in a shell history or a process list.
fn passphrase() -> Option<String> {
    std::env::var("QUYCHE_PASSPHRASE").ok().filter(|p| !p.is_empty())
}

pub(crate) fn read_file(path: &Path, limit: u64) -> Result<(String, Vec<u8>)> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let meta =
        std::fs::metadata(path).map_err(|e| crate::file_error(path, crate::FileAct::Read, &e))?;
    if meta.len() > limit {
        return Err(ApiError::bad_input(format!(
            "{name}: tệp quá lớn ({} byte, giới hạn {limit})",
            meta.len()
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| crate::file_error(path, crate::FileAct::Read, &e))?;
    Ok((name, bytes))
}

fn named(name: &str, e: impl Into<ApiError>) -> ApiError {
    let e = e.into();
    ApiError::new(e.code, format!("{name}: {}", e.message))
}

impl Quyche {
    fn identity_dir(&self) -> PathBuf {
        self.dir.join("identity")
    }

    /// The owner's identity, if one was created.
    pub fn owner(&self) -> Result<Option<Identity>> {
        let dir = self.identity_dir();
        if !dir.join(quyche_exchange::SECRET_KEY_FILE).exists() {
            return Ok(None);
        }
        Ok(Some(Identity::load(&dir, passphrase().as_deref())?))
    }

    fn need_owner(&self) -> Result<Identity> {
        self.owner()?
            .ok_or_else(|| ApiError::new(ErrorCode::Refused, quyche_review::exchange::NO_IDENTITY))
    }

    /// The owner's public key (base64), read from the identity card next to the secret
    /// key: what the workflow's exchange answers need, without the passphrase.
    pub(crate) fn owner_public_key(&self) -> Option<String> {
        let dir = self.identity_dir();
        if !dir.join(quyche_exchange::SECRET_KEY_FILE).exists() {
            return None;
        }
        let bytes = std::fs::read(dir.join(quyche_exchange::CARD_FILE)).ok()?;
        IdentityCard::read(&bytes).ok().map(|c| c.public_key)
    }

    pub fn identity(&self) -> Result<Option<IdentityView>> {
        Ok(self.owner()?.as_ref().map(IdentityView::from))
    }

    /// Creates this installation's signing key (Ed25519, minisign format), protected by
    /// `QUYCHE_PASSPHRASE` when set. Refused when one exists: a lost key cannot be
    /// replaced silently.
    pub fn create_identity(&self, name: &str, position: &str) -> Result<IdentityView> {
        if self.owner()?.is_some() {
            return Err(ApiError::new(
                ErrorCode::Refused,
                "Máy này đã có chữ ký số; không tạo đè.",
            ));
        }
        let identity = Identity::create(name, position, passphrase().as_deref())?;
        let dir = self.identity_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| crate::file_error(&dir, crate::FileAct::CreateDir, &e))?;
        identity.save(&dir)?;
        self.refresh_audit_stamp(); // audit entries name the new identity from now on
        Ok((&identity).into())
    }

    pub fn export_identity_card(&self, path: &Path) -> Result<IdentityView> {
        let owner = self.need_owner()?;
        write_atomically(path, &owner.card().to_json())?;
        Ok((&owner).into())
    }

    /// Adds a roster person from an identity card.
    pub fn add_person_from_card(
        &self,
        actor: Actor<'_>,
        card: &Path,
        role: Role,
        confirm_key_change: bool,
    ) -> Result<PersonView> {
        let (name, bytes) = read_file(card, quyche_exchange::MAX_CARD_BYTES)?;
        let card = IdentityCard::read(&bytes).map_err(|e| named(&name, e))?;
        let actor = self.actor_id(actor).ok();
        let p = self.review().add_person_with_key(
            actor.as_deref(),
            &card.name,
            role,
            &card.position,
            &card.public_key,
            confirm_key_change,
            self.now(),
        )?;
        Ok((&p).into())
    }

    /// Writes the review package of the open round, signed with this installation's key.
    pub fn package_to_file(
        &self,
        regulation: &str,
        actor: Actor<'_>,
        path: &Path,
    ) -> Result<String> {
        let owner = self.need_owner()?;
        let actor = match actor {
            Actor::Current => self.owner_person(&owner)?,
            other => self.actor_id(other)?,
        };
        let bytes = self.review().package(regulation, &actor, &owner, self.now())?;
        write_atomically(path, &bytes)?;
        Ok(path.display().to_string())
    }

    /// What opening the package at `path` would open, and whether its chairman's key is
    /// trusted already. Writes nothing; refused as opening would be (a key other than
    /// the one pinned for the copy, a text drafted here under the same id).
    pub fn inspect_package_file(&self, path: &Path) -> Result<PackagePreview> {
        let (name, bytes) = read_file(path, quyche_exchange::MAX_FILE_BYTES)?;
        let preview = self
            .review()
            .inspect_package(&bytes, self.owner_public_key().as_deref())
            .map_err(|e| named(&name, e))?;
        Ok(PackagePreview::new(name, 0, preview))
    }

    /// Opens a review package; returns the regulation id. `trust` is the chairman's
    /// fingerprint as the person opening confirmed it (spaces and case ignored): needed
    /// for the first package of a copy whose chairman's key is not trusted already.
    pub fn open_package_file(&self, path: &Path, trust: Option<&str>) -> Result<String> {
        let (name, bytes) = read_file(path, quyche_exchange::MAX_FILE_BYTES)?;
        let owner = self.owner()?;
        let opened = self
            .review()
            .open_package(&bytes, owner.as_ref(), trust, self.now())
            .map_err(|e| named(&name, e))?;
        Ok(opened.regulation)
    }

    /// The window's first step: the preview of the package the user picked, the file
    /// held under the preview's `handle` so the webview never hands a path back.
    pub fn preview_package(&self, path: &Path) -> Result<PackagePreview> {
        let preview = self.inspect_package_file(path)?;
        let held = self.hold_picked(Some(path.to_path_buf()))?;
        let handle = held.map(|h| h.handle).unwrap_or_default();
        Ok(PackagePreview { handle, ..preview })
    }

    /// [`Quyche::preview_package`] for the file a dialog picked; `None` when the user
    /// closed the dialog.
    pub fn preview_picked_package(&self, picked: crate::Picked) -> Result<Option<PackagePreview>> {
        picked.map(|p| self.preview_package(&p)).transpose()
    }

    /// The window's second step, once the user confirmed the preview: opens the held
    /// package, with the fingerprint confirmed when the key was not trusted already.
    pub fn open_previewed_package(&self, handle: u32, trust: Option<String>) -> Result<String> {
        self.open_package_file(&self.held.path(handle)?, trust.as_deref())
    }

    /// Who acts on `regulation` for `actor`: on a received copy, a person of the copy's
    /// roster (the one named, else this installation's owner there); on a text drafted
    /// here, [`Quyche::actor_id`]'s answer.
    pub(crate) fn actor_on(&self, regulation: &str, actor: Actor<'_>) -> Result<String> {
        let named = match actor {
            Actor::Person(id) => Some(id),
            _ => None,
        };
        let review = self.review();
        match review.acting_on(regulation, named, self.owner_public_key().as_deref())? {
            Some(p) => Ok(p.id),
            None => self.actor_id(actor),
        }
    }

    /// Writes this owner's comments on `regulation` not yet sent, as a signed bundle;
    /// returns how many it carries. The comments count as sent only once the file is
    /// written and fsynced: a failed write leaves them for the next bundle.
    pub fn bundle_to_file(&self, regulation: &str, path: &Path) -> Result<u32> {
        let owner = self.need_owner()?;
        let sent = self
            .review()
            .bundle_with(regulation, &owner, self.now(), |bytes| write_atomically(path, bytes))?;
        Ok(sent.comments)
    }

    /// Writes the last bundle sent for `regulation` again (same id, number and
    /// comments), e.g. when the first file was lost; the importer takes it as a replay.
    /// Refused when no bundle was sent.
    pub fn bundle_again_to_file(&self, regulation: &str, path: &Path) -> Result<u32> {
        let owner = self.need_owner()?;
        let sent = self.review().bundle_again_with(regulation, &owner, self.now(), |bytes| {
            write_atomically(path, bytes)
        })?;
        Ok(sent.comments)
    }

    /// Imports a comment bundle; returns the number of new comments. A late bundle (its
    /// round closed, or the text submitted or approved) is refused unless the chairman
    /// imports it with `accept_late` ("nộp muộn", recorded on its comments).
    pub fn import_bundle_file(
        &self,
        path: &Path,
        actor: Actor<'_>,
        accept_late: bool,
    ) -> Result<u32> {
        let (name, bytes) = read_file(path, quyche_exchange::MAX_FILE_BYTES)?;
        let actor = match actor {
            Actor::Current => match self.owner()? {
                Some(owner) => {
                    self.owner_person(&owner).or_else(|_| self.actor_id(Actor::Current))?
                }
                None => self.actor_id(Actor::Current)?,
            },
            other => self.actor_id(other)?,
        };
        self.review()
            .import_bundle(&bytes, &actor, accept_late, self.now())
            .map_err(|e| named(&name, e))
    }

    /// Imports a bundle file held after it was refused as late, now accepted as late by
    /// the chairman (or refused again, with the reason, for anyone else).
    pub fn import_held_bundle(
        &self,
        handle: u32,
        actor: Actor<'_>,
        accept_late: bool,
    ) -> Result<u32> {
        self.import_bundle_file(&self.held.path(handle)?, actor, accept_late)
    }

    /// Imports several bundles, each on its own: one bad file refuses only itself.
    ///
    /// With `work`, the window's id for it, the import is long work the window watches
    /// ([`Quyche::work_progress`]) and can stop between files ([`Quyche::cancel_work`]):
    /// the files after a stop are reported as not imported, and nothing of them is written.
    pub fn import_bundle_files(
        &self,
        paths: &[String],
        actor: Actor<'_>,
        accept_late: bool,
        work: Option<u32>,
    ) -> Result<Vec<BundleImportView>> {
        self.watched(work, paths.len() as u32, crate::work::STOPPED, |w| {
            Ok(self.import_bundles_each(paths, actor, accept_late, &w))
        })
    }

    fn import_bundles_each(
        &self,
        paths: &[String],
        actor: Actor<'_>,
        accept_late: bool,
        watch: &crate::work::Watch<'_>,
    ) -> Vec<BundleImportView> {
        let mut stopped = false;
        paths
            .iter()
            .enumerate()
            .map(|(done, p)| {
                let path = Path::new(p);
                let file = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| p.clone());
                stopped = stopped || !watch.item(done as u32, &file);
                if stopped {
                    return BundleImportView {
                        file,
                        ok: false,
                        new_comments: 0,
                        error: Some(crate::work::STOPPED.to_string()),
                        late: false,
                        handle: None,
                    };
                }
                match self.import_bundle_file(path, actor, accept_late) {
                    Ok(n) => BundleImportView {
                        file,
                        ok: true,
                        new_comments: n,
                        error: None,
                        late: false,
                        handle: None,
                    },
                    Err(e) => {
                        let late = e.code == ErrorCode::Refused
                            && e.message.contains(quyche_review::rules::LATE_BUNDLE);
                        let handle = late
                            .then(|| self.hold_picked(Some(path.to_path_buf())).ok().flatten())
                            .flatten()
                            .map(|h| h.handle);
                        BundleImportView {
                            file,
                            ok: false,
                            new_comments: 0,
                            error: Some(e.message),
                            late,
                            handle,
                        }
                    }
                }
            })
            .collect()
    }

    /// The round dashboard: every reviewer of the latest round and what has been
    /// RECEIVED from them here (bundles imported, comments they brought, comments
    /// recorded here directly), or the chairman's record that they have no comments.
    pub fn round_dashboard(&self, regulation: &str) -> Result<RoundDashboard> {
        let review = self.review();
        let Some(round) = review.rounds(regulation)?.pop() else {
            return Ok(RoundDashboard { round: None, deadline: None, reviewers: vec![] });
        };
        let comments = review.comments(regulation)?;
        let received = review.received(regulation, &round.id)?;
        let mut reviewers = Vec::new();
        for id in &round.reviewers {
            if let Ok(p) = review.person_on(regulation, id) {
                let n = comments
                    .iter()
                    .filter(|c| c.comment.round == round.id && c.comment.author == p.id)
                    .count() as u32;
                let r = received.iter().find(|r| r.person == p.id).cloned().unwrap_or_default();
                let state_label = if r.bundles > 0 {
                    format!("Đã nhận {} góp ý ({} tệp)", r.comments, r.bundles)
                } else if n > 0 {
                    format!("Đã ghi nhận {n} góp ý")
                } else if r.no_comments {
                    "Không có ý kiến".to_string()
                } else {
                    "Chưa nhận".to_string()
                };
                reviewers.push(ReviewerStatus {
                    has_key: p.public_key.is_some(),
                    person: (&p).into(),
                    comments: n,
                    bundles: r.bundles,
                    no_comments: r.no_comments,
                    answered: n > 0 || r.no_comments,
                    state_label,
                });
            }
        }
        Ok(RoundDashboard { round: Some(round.number), deadline: round.deadline, reviewers })
    }

    /// The chairman records that `person` has no comments in the latest round ("không
    /// có ý kiến"): they then count as answered.
    pub fn record_no_comments(
        &self,
        regulation: &str,
        person: &str,
        actor: Actor<'_>,
    ) -> Result<RoundDashboard> {
        let actor = &self.actor_id(actor)?;
        self.review().record_no_comments(regulation, actor, person, self.now())?;
        self.round_dashboard(regulation)
    }

    /// The roster person whose key is this installation's.
    fn owner_person(&self, owner: &Identity) -> Result<String> {
        let key = owner.public_key().to_base64();
        self.review()
            .people()?
            .into_iter()
            .find(|p| p.public_key.as_deref() == Some(key.as_str()))
            .map(|p| p.id)
            .ok_or_else(|| {
                ApiError::new(ErrorCode::Refused, "Chủ máy chưa có trong danh sách: thêm thẻ chữ ký số của mình (person add --card).")
            })
    }
}

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
    pub comments: u32,
    pub has_key: bool,
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
    let meta = std::fs::metadata(path)
        .map_err(|e| ApiError::bad_input(format!("{}: không đọc được tệp: {e}", path.display())))?;
    if meta.len() > limit {
        return Err(ApiError::bad_input(format!(
            "{name}: tệp quá lớn ({} byte, giới hạn {limit})",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ApiError::bad_input(format!("{}: không đọc được tệp: {e}", path.display())))?;
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
                "Máy này đã có định danh; không tạo đè.",
            ));
        }
        let identity = Identity::create(name, position, passphrase().as_deref())?;
        let dir = self.identity_dir();
        std::fs::create_dir_all(&dir).map_err(|e| {
            ApiError::new(ErrorCode::Io, format!("{}: không tạo được thư mục: {e}", dir.display()))
        })?;
        identity.save(&dir)?;
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

    /// Opens a review package; prints (returns) the regulation id.
    pub fn open_package_file(&self, path: &Path) -> Result<String> {
        let (name, bytes) = read_file(path, quyche_exchange::MAX_FILE_BYTES)?;
        let owner = self.owner()?;
        let opened = self
            .review()
            .open_package(&bytes, owner.as_ref(), self.now())
            .map_err(|e| named(&name, e))?;
        Ok(opened.regulation)
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

    /// Imports a comment bundle; returns the number of new comments.
    pub fn import_bundle_file(&self, path: &Path, actor: Actor<'_>) -> Result<u32> {
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
        self.review().import_bundle(&bytes, &actor, self.now()).map_err(|e| named(&name, e))
    }

    /// Imports several bundles, each on its own: one bad file refuses only itself.
    pub fn import_bundle_files(
        &self,
        paths: &[String],
        actor: Actor<'_>,
    ) -> Result<Vec<BundleImportView>> {
        Ok(paths
            .iter()
            .map(|p| {
                let path = Path::new(p);
                let file = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| p.clone());
                match self.import_bundle_file(path, actor) {
                    Ok(n) => BundleImportView { file, ok: true, new_comments: n, error: None },
                    Err(e) => BundleImportView {
                        file,
                        ok: false,
                        new_comments: 0,
                        error: Some(e.message),
                    },
                }
            })
            .collect())
    }

    /// The round dashboard: every reviewer of the latest round and how many comments
    /// they have returned.
    pub fn round_dashboard(&self, regulation: &str) -> Result<RoundDashboard> {
        let review = self.review();
        let Some(round) = review.rounds(regulation)?.pop() else {
            return Ok(RoundDashboard { round: None, deadline: None, reviewers: vec![] });
        };
        let comments = review.comments(regulation)?;
        let mut reviewers = Vec::new();
        for id in &round.reviewers {
            if let Ok(p) = review.person(id) {
                let n = comments
                    .iter()
                    .filter(|c| c.comment.round == round.id && c.comment.author == p.id)
                    .count();
                reviewers.push(ReviewerStatus {
                    has_key: p.public_key.is_some(),
                    person: (&p).into(),
                    comments: n as u32,
                });
            }
        }
        Ok(RoundDashboard { round: Some(round.number), deadline: round.deadline, reviewers })
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
                ApiError::new(ErrorCode::Refused, "Chủ máy chưa có trong danh sách: thêm thẻ định danh của mình (person add --card).")
            })
    }
}

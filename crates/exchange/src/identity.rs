//! Identities (a person's minisign key pair) and identity cards (their public part).

use std::fmt;
use std::io::{Cursor, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::atomic::{atomic_create_private, atomic_write};
use crate::error::{bad, ExchangeError};
use crate::records::line;
use crate::signing::PublicKey;
use crate::{json, MAX_CARD_BYTES};

/// The secret key file in an identity folder, in minisign's secret key format.
pub const SECRET_KEY_FILE: &str = "identity.key";
/// The identity card file in an identity folder: what is handed to others.
pub const CARD_FILE: &str = "identity.quyche-id";
/// The public key in minisign's own file format, for `minisign -V -p identity.pub`.
pub const PUBLIC_KEY_FILE: &str = "identity.pub";

const MAX_SECRET_KEY_BYTES: u64 = 4096;
// minisign refuses longer ones.
const MAX_PASSPHRASE_BYTES: usize = 1024;

/// A person's signing identity: a name, a position and an Ed25519 key pair.
///
/// The passphrase is never kept: the secret key is held decrypted in memory, and the
/// encrypted form is computed once, at creation, for [`Identity::save`].
pub struct Identity {
    name: String,
    position: String,
    public: PublicKey,
    secret: minisign::SecretKey,
    secret_file: String,
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity")
            .field("name", &self.name)
            .field("position", &self.position)
            .field("key_id", &self.public.key_id())
            .finish_non_exhaustive()
    }
}

fn check_passphrase(p: &str) -> Result<(), ExchangeError> {
    if p.is_empty() {
        return Err(ExchangeError::Passphrase("mật khẩu không được để trống".into()));
    }
    if p.len() > MAX_PASSPHRASE_BYTES {
        return Err(ExchangeError::Passphrase(format!(
            "mật khẩu dài quá {MAX_PASSPHRASE_BYTES} byte"
        )));
    }
    Ok(())
}

fn key_error(e: minisign::PError) -> ExchangeError {
    ExchangeError::Io(format!("không tạo được khóa: {e}"))
}

impl Identity {
    /// Makes a new key pair. With a passphrase, the saved secret key is encrypted with it
    /// (minisign's scrypt); without one, it is saved in clear and protected only by the
    /// file's permissions.
    pub fn create(
        name: &str,
        position: &str,
        passphrase: Option<&str>,
    ) -> Result<Identity, ExchangeError> {
        let name = line("Tên", name, false)?;
        let position = line("Chức vụ", position, true)?;
        let (secret, secret_file) = match passphrase {
            None => {
                let pair = minisign::KeyPair::generate_unencrypted_keypair().map_err(key_error)?;
                let file =
                    pair.sk.to_box(Some("quyche secret key")).map_err(key_error)?.into_string();
                (pair.sk, file)
            }
            Some(p) => {
                check_passphrase(p)?;
                // Always Some: minisign prompts on the terminal when given None.
                let pair = minisign::KeyPair::generate_encrypted_keypair(Some(p.to_owned()))
                    .map_err(key_error)?;
                let file = pair
                    .sk
                    .to_box(Some("quyche encrypted secret key"))
                    .map_err(key_error)?
                    .into_string();
                let secret = minisign::SecretKeyBox::from_string(&file)
                    .and_then(|b| b.into_secret_key(Some(p.to_owned())))
                    .map_err(key_error)?;
                (secret, file)
            }
        };
        let public = PublicKey::from_minisign(
            minisign::PublicKey::from_secret_key(&secret).map_err(key_error)?,
        )?;
        Ok(Identity { name, position, public, secret, secret_file })
    }

    /// Writes [`SECRET_KEY_FILE`] (mode 0600 on Unix), [`CARD_FILE`] and
    /// [`PUBLIC_KEY_FILE`] into `dir`, which must exist. An existing secret key is never
    /// overwritten: losing one means losing the identity.
    pub fn save(&self, dir: &Path) -> Result<(), ExchangeError> {
        let io = |what: &str, e: std::io::Error| {
            quyche_text::log_os_error(&format!("ghi {what} vào"), dir, &e);
            ExchangeError::Io(format!(
                "không ghi được {what}: {}.",
                quyche_text::file_problem(e.kind(), true)
            ))
        };
        let key_path = dir.join(SECRET_KEY_FILE);
        // Each file whole or not at all: a crash never leaves half a key or half a card.
        atomic_create_private(&key_path, self.secret_file.as_bytes()).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                ExchangeError::Io(format!("đã có khóa bí mật {}; không ghi đè", key_path.display()))
            } else {
                io(SECRET_KEY_FILE, e)
            }
        })?;
        atomic_write(&dir.join(CARD_FILE), &self.card().to_json())?;
        atomic_write(&dir.join(PUBLIC_KEY_FILE), self.public.to_minisign_file().as_bytes())?;
        Ok(())
    }

    /// Reads an identity folder written by [`Identity::save`]. The card must be the card
    /// of this very key.
    pub fn load(dir: &Path, passphrase: Option<&str>) -> Result<Identity, ExchangeError> {
        let read = |name: &str, max: u64| -> Result<Vec<u8>, ExchangeError> {
            let path = dir.join(name);
            // The OS's text to the log, the reason in Vietnamese to the message.
            let failed = |e: std::io::Error| {
                quyche_text::log_os_error("đọc", &path, &e);
                ExchangeError::Io(format!(
                    "không đọc được {name}: {}.",
                    quyche_text::file_problem(e.kind(), false)
                ))
            };
            let file = std::fs::File::open(&path).map_err(failed)?;
            let mut data = Vec::new();
            file.take(max + 1).read_to_end(&mut data).map_err(failed)?;
            if data.len() as u64 > max {
                return Err(bad(format!("{} quá lớn (tối đa {max} byte)", path.display())));
            }
            Ok(data)
        };
        let key_bytes = read(SECRET_KEY_FILE, MAX_SECRET_KEY_BYTES)?;
        let card = IdentityCard::read(&read(CARD_FILE, MAX_CARD_BYTES)?)?;

        let text = String::from_utf8(key_bytes)
            .map_err(|_| bad(format!("{SECRET_KEY_FILE} không phải văn bản")))?;
        let broken = || bad(format!("{SECRET_KEY_FILE} không phải khóa bí mật minisign hợp lệ"));
        let encoded = text.lines().nth(1).ok_or_else(broken)?;
        let raw = ct_codecs_decode(encoded).ok_or_else(broken)?;
        // Bytes 2..4 are the KDF: "Sc" (scrypt) when encrypted, zeros when not.
        let encrypted = match raw.get(2..4) {
            Some(b"Sc") => true,
            Some([0, 0]) => false,
            _ => return Err(broken()),
        };
        let boxed = minisign::SecretKeyBox::from_string(&text).map_err(|_| broken())?;
        let secret = if encrypted {
            let p = passphrase.ok_or_else(|| {
                ExchangeError::Passphrase(
                    "khóa bí mật được bảo vệ bằng mật khẩu; hãy nhập mật khẩu".into(),
                )
            })?;
            check_passphrase(p)?;
            boxed
                .into_secret_key(Some(p.to_owned()))
                .map_err(|_| ExchangeError::Passphrase("mật khẩu không đúng".into()))?
        } else {
            boxed.into_unencrypted_secret_key().map_err(|_| broken())?
        };
        let public = PublicKey::from_minisign(
            minisign::PublicKey::from_secret_key(&secret).map_err(|_| broken())?,
        )?;
        if card.key()? != public {
            return Err(bad(format!("{CARD_FILE} không khớp với khóa bí mật {SECRET_KEY_FILE}")));
        }
        Ok(Identity { name: card.name, position: card.position, public, secret, secret_file: text })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn position(&self) -> &str {
        &self.position
    }

    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The minisign key id: 16 uppercase hex digits.
    pub fn key_id(&self) -> String {
        self.public.key_id()
    }

    /// See [`PublicKey::fingerprint`].
    pub fn fingerprint(&self) -> String {
        self.public.fingerprint()
    }

    /// The card to hand to others.
    pub fn card(&self) -> IdentityCard {
        IdentityCard {
            format: IdentityCard::FORMAT.into(),
            version: IdentityCard::VERSION,
            name: self.name.clone(),
            position: self.position.clone(),
            public_key: self.public.to_base64(),
            key_id: self.public.key_id(),
            fingerprint: self.public.fingerprint(),
        }
    }

    /// Signs `data` as minisign does (pre-hashed Ed25519, with a signed trusted comment)
    /// and returns the text of the `.minisig` file.
    pub fn sign(&self, data: &[u8], trusted_comment: &str) -> Result<String, ExchangeError> {
        if trusted_comment.chars().any(char::is_control)
            || trusted_comment.trim() != trusted_comment
        {
            return Err(bad("trusted comment phải là một dòng, không có khoảng trắng ở hai đầu"));
        }
        let untrusted = format!("signature from quyche key {}", self.key_id());
        minisign::sign(
            Some(self.public.inner()),
            &self.secret,
            Cursor::new(data),
            Some(trusted_comment),
            Some(&untrusted),
        )
        .map(|b| b.into_string())
        .map_err(|e| ExchangeError::Io(format!("không ký được: {e}")))
    }
}

fn ct_codecs_decode(s: &str) -> Option<Vec<u8>> {
    use ct_codecs::{Base64, Decoder};
    Base64::decode_to_vec(s.trim(), None).ok()
}

/// The public part of an identity, as a small JSON file (`.quyche-id`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityCard {
    /// Always [`IdentityCard::FORMAT`].
    pub format: String,
    pub version: u32,
    pub name: String,
    pub position: String,
    /// The minisign public key line (`RW…`).
    pub public_key: String,
    /// See [`PublicKey::key_id`].
    pub key_id: String,
    /// See [`PublicKey::fingerprint`].
    pub fingerprint: String,
}

impl IdentityCard {
    pub const FORMAT: &'static str = "quyche-identity";
    pub const VERSION: u32 = 1;

    /// Reads and checks a card: its size, format and version, the names (NFC-normalised,
    /// one line, bounded), the key, and that the key id and fingerprint are the key's.
    pub fn read(bytes: &[u8]) -> Result<IdentityCard, ExchangeError> {
        const ENTRY: &str = "thẻ chữ ký số";
        if bytes.len() as u64 > MAX_CARD_BYTES {
            return Err(bad(format!(
                "{ENTRY} quá lớn ({} byte, tối đa {MAX_CARD_BYTES} byte)",
                bytes.len()
            )));
        }
        json::check_header(bytes, ENTRY, Self::FORMAT, Self::VERSION)?;
        let card: IdentityCard = json::parse(bytes, ENTRY)?;
        let key = card.key()?;
        if card.key_id != key.key_id() {
            return Err(bad(format!(
                "{ENTRY}: mã khóa {} không phải mã của khóa công khai ({})",
                crate::error::shown(&card.key_id),
                key.key_id()
            )));
        }
        if card.fingerprint != key.fingerprint() {
            return Err(bad(format!("{ENTRY}: mã nhận dạng không khớp với khóa công khai")));
        }
        Ok(IdentityCard {
            name: line(&format!("{ENTRY}: tên"), &card.name, false)?,
            position: line(&format!("{ENTRY}: chức vụ"), &card.position, true)?,
            ..card
        })
    }

    pub fn to_json(&self) -> Vec<u8> {
        json::to_bytes(self)
    }

    pub fn key(&self) -> Result<PublicKey, ExchangeError> {
        PublicKey::from_base64(&self.public_key)
    }
}

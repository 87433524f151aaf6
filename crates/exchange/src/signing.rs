//! Public keys, and minisign signatures parsed strictly before minisign sees them.

use std::fmt;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use ct_codecs::{Base64, Decoder};
use sha2::{Digest, Sha256};

use crate::error::{bad, shown, ExchangeError};

const KEY_LEN: usize = 42; // "Ed" + key id (8) + Ed25519 key (32)
const SIG_LEN: usize = 74; // "ED" + key id (8) + signature (64)
const GLOBAL_SIG_LEN: usize = 64;
const UNTRUSTED: &str = "untrusted comment: ";
const TRUSTED: &str = "trusted comment: ";

/// A minisign Ed25519 public key: what an identity card carries, and what a signature is
/// checked against.
#[derive(Clone)]
pub struct PublicKey {
    inner: minisign::PublicKey,
    bytes: [u8; KEY_LEN],
}

impl PublicKey {
    /// Reads the base64 line of a minisign public key (`RW…`, 56 characters), the second
    /// line of a `minisign.pub` file.
    pub fn from_base64(line: &str) -> Result<PublicKey, ExchangeError> {
        let line = line.trim();
        let refuse = || bad(format!("khóa công khai không hợp lệ: \"{}\"", shown(line)));
        if line.len() != 56 {
            return Err(refuse());
        }
        let decoded = Base64::decode_to_vec(line, None).map_err(|_| refuse())?;
        let bytes: [u8; KEY_LEN] = decoded.as_slice().try_into().map_err(|_| refuse())?;
        // minisign's own parser takes any two algorithm bytes; only Ed25519 exists.
        if &bytes[..2] != b"Ed" {
            return Err(refuse());
        }
        let inner = minisign::PublicKey::from_bytes(&bytes).map_err(|_| refuse())?;
        Ok(PublicKey { inner, bytes })
    }

    pub(crate) fn from_minisign(inner: minisign::PublicKey) -> Result<PublicKey, ExchangeError> {
        PublicKey::from_base64(&inner.to_base64())
    }

    /// The base64 line, as in a `minisign.pub` file and in identity cards.
    pub fn to_base64(&self) -> String {
        self.inner.to_base64()
    }

    /// The key id as minisign prints it: 16 uppercase hex digits
    /// (`minisign public key: 0123456789ABCDEF`).
    pub fn key_id(&self) -> String {
        key_id_of(&self.bytes[2..10])
    }

    /// A form two people can compare over the phone: the first 128 bits of the SHA-256 of
    /// the 42 bytes the base64 line decodes to, as 8 groups of 4 uppercase hex digits.
    /// By hand: `echo RW… | base64 -d | sha256sum`, then read the first 32 digits.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.bytes);
        let hex: Vec<String> =
            digest[..16].chunks(2).map(|c| format!("{:02X}{:02X}", c[0], c[1])).collect();
        hex.join(" ")
    }

    /// The text of a `minisign.pub` file, for `minisign -V -p FILE`.
    pub fn to_minisign_file(&self) -> String {
        format!("untrusted comment: minisign public key {}\n{}\n", self.key_id(), self.to_base64())
    }

    pub(crate) fn inner(&self) -> &minisign::PublicKey {
        &self.inner
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &PublicKey) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.key_id())
    }
}

pub(crate) fn key_id_of(keynum: &[u8]) -> String {
    let mut le = [0u8; 8];
    le.copy_from_slice(&keynum[..8]);
    format!("{:016X}", u64::from_le_bytes(le))
}

/// A `.minisig` file that has the exact shape minisign writes.
pub(crate) struct Signature {
    boxed: minisign::SignatureBox,
    pub key_id: String,
    pub trusted_comment: String,
}

/// Parses a `.minisig` entry. minisign's parser trusts the lengths it decodes (a short
/// global signature makes it panic), so the shape is checked here first: four lines, each
/// ending in a newline, a pre-hashed Ed25519 signature (legacy ones are refused) and a
/// 64-byte global signature.
pub(crate) fn parse_signature(bytes: &[u8], entry: &str) -> Result<Signature, ExchangeError> {
    let refuse = |why: &str| bad(format!("chữ ký {entry} không hợp lệ: {why}"));
    let text = std::str::from_utf8(bytes).map_err(|_| refuse("không phải văn bản UTF-8"))?;
    let body = text.strip_suffix('\n').ok_or_else(|| refuse("bị cắt cụt"))?;
    let lines: Vec<&str> = body.split('\n').collect();
    if lines.len() != 4 {
        return Err(refuse("phải có đúng 4 dòng"));
    }
    if lines.iter().any(|l| l.contains('\r')) {
        return Err(refuse("có ký tự CR"));
    }
    if !lines[0].starts_with(UNTRUSTED) {
        return Err(refuse("thiếu dòng untrusted comment"));
    }
    let sig = Base64::decode_to_vec(lines[1], None)
        .map_err(|_| refuse("dòng chữ ký không phải base64"))?;
    if sig.len() != SIG_LEN {
        return Err(refuse("dòng chữ ký sai độ dài"));
    }
    if &sig[..2] != b"ED" {
        return Err(refuse("không phải chữ ký Ed25519 băm trước (minisign 0.8 trở lên)"));
    }
    let trusted =
        lines[2].strip_prefix(TRUSTED).ok_or_else(|| refuse("thiếu dòng trusted comment"))?;
    if trusted.trim() != trusted || trusted.chars().any(char::is_control) {
        return Err(refuse("trusted comment có khoảng trắng thừa hoặc ký tự điều khiển"));
    }
    let global = Base64::decode_to_vec(lines[3], None)
        .map_err(|_| refuse("dòng chữ ký toàn cục không phải base64"))?;
    if global.len() != GLOBAL_SIG_LEN {
        return Err(refuse("dòng chữ ký toàn cục sai độ dài"));
    }
    let boxed = catch_unwind(|| minisign::SignatureBox::from_string(text))
        .map_err(|_| refuse("không đọc được"))?
        .map_err(|_| refuse("không đọc được"))?;
    Ok(Signature { boxed, key_id: key_id_of(&sig[2..10]), trusted_comment: trusted.to_owned() })
}

/// Checks `sig` over `data` with `key`: the signature of the data, and the global
/// signature that binds the trusted comment to it.
pub(crate) fn verify(
    key: &PublicKey,
    sig: &Signature,
    data: &[u8],
    entry: &str,
) -> Result<(), ExchangeError> {
    let ok = catch_unwind(AssertUnwindSafe(|| {
        minisign::verify(key.inner(), &sig.boxed, Cursor::new(data), true, false, false).is_ok()
    }))
    .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(bad(format!(
            "chữ ký của {entry} không đúng: tệp đã bị sửa sau khi ký, hoặc chữ ký bị hỏng"
        )))
    }
}

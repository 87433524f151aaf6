//! The records the formats carry. They mirror `quyche-review`'s shapes field for field
//! (same names, same serde form), so the API layer converts with a plain field copy and
//! this crate stays free of the store.

use serde::{Deserialize, Serialize};

use crate::error::{bad, shown, ExchangeError};
use crate::{MAX_COMMENT_CHARS, MAX_NAME_CHARS};

/// What a person may do, as in `quyche_review::Role`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Chairman,
    Member,
    Secretary,
}

/// The public part of a committee member, as a review package lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterEntry {
    /// The person id in the chairman's database.
    pub id: String,
    pub name: String,
    pub position: String,
    pub role: Role,
    /// The minisign public key line (`RW…`), when the person has an identity.
    pub public_key: Option<String>,
}

/// The quoted text a comment is anchored to, as in `quyche_review::Quote`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// Where a comment points, as in `quyche_review::Anchor`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// The stable id of the unit.
    pub unit: u32,
    /// The article containing the unit (the unit itself for an article).
    pub article: u32,
    pub quote: Quote,
    /// Character offset of `quote.exact` in the unit's text at the base revision.
    pub position: u32,
}

/// A comment already recorded in the chairman's database, as `quyche_review::Comment`;
/// review packages carry the earlier ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedComment {
    pub id: String,
    pub regulation: String,
    pub round: String,
    pub revision: u32,
    /// Person id.
    pub author: String,
    pub anchor: Anchor,
    pub text: String,
    pub proposal: Option<String>,
    pub created_ms: i64,
    pub seq: u32,
}

/// A new comment in a member's bundle. `local_id` is the member's own id for it, unique
/// in the bundle; the importer gives it a database id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleComment {
    pub local_id: String,
    pub anchor: Anchor,
    pub text: String,
    /// Proposed wording for the quoted text.
    pub proposal: Option<String>,
}

/// A short free text (a name, a position, a title): NFC, trimmed, one line, bounded.
pub(crate) fn line(label: &str, s: &str, allow_empty: bool) -> Result<String, ExchangeError> {
    safe(label, s)?;
    let s = quyche_text::nfc(s.trim());
    if s.is_empty() && !allow_empty {
        return Err(bad(format!("{label} không được để trống")));
    }
    if s.chars().count() > MAX_NAME_CHARS {
        return Err(bad(format!("{label} dài quá {MAX_NAME_CHARS} ký tự")));
    }
    if s.chars().any(char::is_control) {
        return Err(bad(format!("{label} \"{}\" có ký tự điều khiển", shown(&s))));
    }
    Ok(s)
}

/// Refuses text holding a character every entry refuses (`quyche_text::is_unsafe_char`:
/// control characters, bidi overrides), naming the entry, the field and the place.
pub(crate) fn safe(label: &str, s: &str) -> Result<(), ExchangeError> {
    quyche_text::check_safe_field(label, s).map_err(|e| bad(e.to_string()))
}

/// An id from another database: printable ASCII without spaces, 1 to 128 characters.
pub(crate) fn id(label: &str, s: &str) -> Result<(), ExchangeError> {
    if s.is_empty() || s.len() > 128 || !s.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad(format!("{label} \"{}\" không hợp lệ", shown(s))));
    }
    Ok(())
}

/// A lowercase hex SHA-256.
pub(crate) fn hash(label: &str, s: &str) -> Result<(), ExchangeError> {
    if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(bad(format!(
            "{label} \"{}\" không phải mã SHA-256 (64 chữ số hex thường)",
            shown(s)
        )));
    }
    Ok(())
}

/// A long text (a comment, a proposal, a quote): NFC, bounded in characters. The bound is
/// checked before normalising, which never shortens a string by much and could lengthen
/// a hostile one.
pub(crate) fn long(label: &str, s: &str) -> Result<String, ExchangeError> {
    let n = s.chars().count();
    if n > MAX_COMMENT_CHARS {
        return Err(bad(format!("{label} dài {n} ký tự, vượt giới hạn {MAX_COMMENT_CHARS} ký tự")));
    }
    safe(label, s)?;
    let s = quyche_text::nfc(s);
    if s.chars().count() > MAX_COMMENT_CHARS {
        return Err(bad(format!("{label} vượt giới hạn {MAX_COMMENT_CHARS} ký tự")));
    }
    Ok(s)
}

pub(crate) fn anchor(label: &str, a: &Anchor) -> Result<Anchor, ExchangeError> {
    Ok(Anchor {
        unit: a.unit,
        article: a.article,
        quote: Quote {
            exact: long(&format!("{label}: đoạn trích"), &a.quote.exact)?,
            prefix: long(&format!("{label}: phần trước đoạn trích"), &a.quote.prefix)?,
            suffix: long(&format!("{label}: phần sau đoạn trích"), &a.quote.suffix)?,
        },
        position: a.position,
    })
}

/// The text of a comment: not empty once trimmed.
pub(crate) fn comment_text(label: &str, s: &str) -> Result<String, ExchangeError> {
    safe(&format!("{label}: nội dung góp ý"), s)?;
    let s = long(label, s)?;
    if s.trim().is_empty() {
        return Err(bad(format!("{label}: nội dung góp ý trống")));
    }
    Ok(s)
}

pub(crate) fn proposal(label: &str, p: &Option<String>) -> Result<Option<String>, ExchangeError> {
    p.as_deref().map(|p| long(&format!("{label}: đề xuất sửa"), p)).transpose()
}

//! Comment bundles: what a member sends back.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::container::{self, Expected};
use crate::error::{bad, not_allowed, shown, ExchangeError};
use crate::records::{self, BundleComment};
use crate::signing::{self, PublicKey};
use crate::{
    json, sha256_hex, Identity, MAX_COMMENTS, MAX_MANIFEST_BYTES, MAX_SIGNATURE_BYTES,
    MAX_TOTAL_BYTES,
};

const WHAT: &str = "gói ý kiến";
pub(crate) const MANIFEST: &str = "manifest.json";
pub(crate) const COMMENTS: &str = "comments.json";
pub(crate) const SIGNATURE: &str = "manifest.json.minisig";

const ENTRIES: [Expected; 3] = [
    Expected { name: MANIFEST, max_bytes: MAX_MANIFEST_BYTES },
    Expected { name: COMMENTS, max_bytes: MAX_TOTAL_BYTES },
    Expected { name: SIGNATURE, max_bytes: MAX_SIGNATURE_BYTES },
];

/// `manifest.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleManifest {
    /// Always [`CommentBundle::FORMAT`].
    pub format: String,
    pub version: u32,
    /// See [`CommentBundle::bundle_id`].
    pub bundle_id: String,
    /// The signer's minisign key id (16 uppercase hex digits).
    pub author_key_id: String,
    pub author_name: String,
    pub regulation_id: String,
    pub round_id: String,
    /// The revision the comments were made on…
    pub base_revision: u32,
    /// …and its content hash, as the review package gave it (`revision.content_hash`).
    pub base_revision_hash: String,
    /// The author's own counter, one more for each bundle they make: with the key id, it
    /// names the bundle without any clock.
    pub seq: u32,
    /// When the author made the bundle, by their clock: shown, never used for ordering.
    pub created_ms: i64,
    pub comment_count: u32,
    /// SHA-256 (lowercase hex) of the exact bytes of `comments.json`.
    pub comments_sha256: String,
}

/// What [`CommentBundle::build`] packs.
#[derive(Clone, Debug)]
pub struct BundleInput<'a> {
    pub regulation_id: &'a str,
    pub round_id: &'a str,
    pub base_revision: u32,
    pub base_revision_hash: &'a str,
    pub seq: u32,
    pub created_ms: i64,
    pub comments: &'a [BundleComment],
}

/// A bundle that was opened and checked.
#[derive(Clone, Debug)]
pub struct OpenedBundle {
    pub manifest: BundleManifest,
    pub comments: Vec<BundleComment>,
    /// The key that signed, one of those passed to [`CommentBundle::open`].
    pub author: PublicKey,
}

/// The comment bundle format. See the crate documentation.
pub struct CommentBundle;

impl CommentBundle {
    pub const FORMAT: &'static str = "quyche-comment-bundle";
    pub const VERSION: u32 = 1;

    /// The bundle id: the first 32 hex digits of the SHA-256 of these fields, one per
    /// line. The same bundle sent twice has the same id.
    #[allow(clippy::too_many_arguments)]
    pub fn bundle_id(
        author_key_id: &str,
        regulation_id: &str,
        round_id: &str,
        base_revision: u32,
        base_revision_hash: &str,
        seq: u32,
        created_ms: i64,
        comments_sha256: &str,
    ) -> String {
        let text = format!(
            "{}\n{author_key_id}\n{regulation_id}\n{round_id}\n{base_revision}\n{base_revision_hash}\n{seq}\n{created_ms}\n{comments_sha256}\n",
            Self::FORMAT
        );
        sha256_hex(text.as_bytes())[..32].to_owned()
    }

    fn trusted_comment(m: &BundleManifest) -> String {
        format!("{} {} author:{} seq:{}", Self::FORMAT, m.bundle_id, m.author_key_id, m.seq)
    }

    /// Packs a member's comments, signed with their key.
    pub fn build(input: &BundleInput<'_>, author: &Identity) -> Result<Vec<u8>, ExchangeError> {
        let comments = check_comments(input.comments)?;
        let comments_bytes = json::to_bytes(&comments);
        let comments_sha256 = sha256_hex(&comments_bytes);
        let author_key_id = author.key_id();
        let manifest = BundleManifest {
            format: Self::FORMAT.into(),
            version: Self::VERSION,
            bundle_id: Self::bundle_id(
                &author_key_id,
                input.regulation_id,
                input.round_id,
                input.base_revision,
                input.base_revision_hash,
                input.seq,
                input.created_ms,
                &comments_sha256,
            ),
            author_key_id,
            author_name: author.name().into(),
            regulation_id: input.regulation_id.into(),
            round_id: input.round_id.into(),
            base_revision: input.base_revision,
            base_revision_hash: input.base_revision_hash.into(),
            seq: input.seq,
            created_ms: input.created_ms,
            comment_count: comments.len() as u32,
            comments_sha256,
        };
        let manifest = check_manifest(manifest)?;
        let manifest_bytes = json::to_bytes(&manifest);
        let signature = author.sign(&manifest_bytes, &Self::trusted_comment(&manifest))?;
        container::write_container(&[
            (MANIFEST, &manifest_bytes),
            (COMMENTS, &comments_bytes),
            (SIGNATURE, signature.as_bytes()),
        ])
    }

    /// Opens and checks a bundle. `trusted` are the keys whose bundles are accepted (the
    /// roster's members, or just the one expected); a bundle signed by any other key is
    /// [`ExchangeError::NotAllowed`].
    pub fn open(bytes: &[u8], trusted: &[PublicKey]) -> Result<OpenedBundle, ExchangeError> {
        let mut parts = container::read(bytes, WHAT, &ENTRIES)?.into_iter();
        let (manifest_bytes, comments_bytes, signature_bytes) =
            match (parts.next(), parts.next(), parts.next()) {
                (Some(a), Some(b), Some(c)) => (a, b, c),
                _ => return Err(bad(format!("{WHAT} thiếu mục"))),
            };

        json::check_header(&manifest_bytes, MANIFEST, Self::FORMAT, Self::VERSION)?;
        let manifest: BundleManifest = json::parse(&manifest_bytes, MANIFEST)?;
        let manifest = check_manifest(manifest)?;

        let signature = signing::parse_signature(&signature_bytes, MANIFEST)?;
        if signature.key_id != manifest.author_key_id {
            return Err(bad(format!(
                "chữ ký do khóa {} tạo, nhưng {MANIFEST} ghi tác giả là khóa {}",
                signature.key_id, manifest.author_key_id
            )));
        }
        let author = trusted.iter().find(|k| k.key_id() == signature.key_id).ok_or_else(|| {
            not_allowed(format!(
                "{WHAT} của {} được ký bởi khóa {} không có trong danh sách thành viên đã biết",
                manifest.author_name, signature.key_id
            ))
        })?;
        signing::verify(author, &signature, &manifest_bytes, MANIFEST)?;
        if signature.trusted_comment != Self::trusted_comment(&manifest) {
            return Err(bad(format!(
                "chữ ký của {MANIFEST} mang trusted comment không khớp với mã gói"
            )));
        }

        if sha256_hex(&comments_bytes) != manifest.comments_sha256 {
            return Err(bad(format!(
                "{COMMENTS} không khớp với mã kiểm tra trong {MANIFEST}: tệp đã bị sửa"
            )));
        }
        let comments: Vec<BundleComment> = json::parse(&comments_bytes, COMMENTS)?;
        let comments = check_comments(&comments)?;
        if comments.len() != manifest.comment_count as usize {
            return Err(bad(format!(
                "{MANIFEST} ghi {} ý kiến nhưng {COMMENTS} có {}",
                manifest.comment_count,
                comments.len()
            )));
        }
        let expected_id = Self::bundle_id(
            &manifest.author_key_id,
            &manifest.regulation_id,
            &manifest.round_id,
            manifest.base_revision,
            &manifest.base_revision_hash,
            manifest.seq,
            manifest.created_ms,
            &manifest.comments_sha256,
        );
        if manifest.bundle_id != expected_id {
            return Err(bad(format!(
                "mã gói ý kiến {} không khớp với nội dung",
                shown(&manifest.bundle_id)
            )));
        }
        Ok(OpenedBundle { manifest, comments, author: author.clone() })
    }
}

fn check_manifest(m: BundleManifest) -> Result<BundleManifest, ExchangeError> {
    records::id("mã văn bản", &m.regulation_id)?;
    records::id("mã đợt lấy ý kiến", &m.round_id)?;
    records::hash("mã kiểm tra bản gốc", &m.base_revision_hash)?;
    records::hash("mã kiểm tra comments.json", &m.comments_sha256)?;
    if m.author_key_id.len() != 16
        || !m.author_key_id.bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
    {
        return Err(bad(format!("mã khóa tác giả \"{}\" không hợp lệ", shown(&m.author_key_id))));
    }
    if m.comment_count as usize > MAX_COMMENTS {
        return Err(bad(format!(
            "{MANIFEST} ghi {} ý kiến, vượt giới hạn {MAX_COMMENTS}",
            m.comment_count
        )));
    }
    Ok(BundleManifest {
        author_name: records::line("tên tác giả", &m.author_name, false)?, ..m
    })
}

fn check_comments(comments: &[BundleComment]) -> Result<Vec<BundleComment>, ExchangeError> {
    if comments.len() > MAX_COMMENTS {
        return Err(bad(format!(
            "{COMMENTS} có {} ý kiến, vượt giới hạn {MAX_COMMENTS}",
            comments.len()
        )));
    }
    let mut ids = HashSet::new();
    comments
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let label = format!("{COMMENTS}: ý kiến thứ {}", i + 1);
            records::id(&format!("{label}: mã"), &c.local_id)?;
            if !ids.insert(c.local_id.as_str()) {
                return Err(bad(format!("{label}: mã {} bị trùng", shown(&c.local_id))));
            }
            Ok(BundleComment {
                local_id: c.local_id.clone(),
                anchor: records::anchor(&label, &c.anchor)?,
                text: records::comment_text(&label, &c.text)?,
                proposal: records::proposal(&label, &c.proposal)?,
            })
        })
        .collect()
}

//! Review packages: what the chairman sends out for a consultation round.

use std::collections::{BTreeMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use quyche_model::Document;
use serde::{Deserialize, Serialize};

use crate::container::{self, Expected};
use crate::error::{bad, not_allowed, shown, ExchangeError};
use crate::records::{self, RecordedComment, Role, RosterEntry};
use crate::signing::{self, PublicKey};
use crate::{
    json, sha256_hex, Identity, MAX_COMMENTS, MAX_MANIFEST_BYTES, MAX_SIGNATURE_BYTES,
    MAX_TOTAL_BYTES,
};

const WHAT: &str = "gói hồ sơ lấy ý kiến";
pub(crate) const MANIFEST: &str = "package.json";
pub(crate) const DOCUMENT: &str = "document.json";
pub(crate) const COMMENTS: &str = "comments.json";
pub(crate) const SIGNATURE: &str = "package.json.minisig";

const ENTRIES: [Expected; 4] = [
    Expected { name: MANIFEST, max_bytes: MAX_MANIFEST_BYTES },
    Expected { name: DOCUMENT, max_bytes: MAX_TOTAL_BYTES },
    Expected { name: COMMENTS, max_bytes: MAX_TOTAL_BYTES },
    Expected { name: SIGNATURE, max_bytes: MAX_SIGNATURE_BYTES },
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegulationRef {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionRef {
    pub number: u32,
    /// The revision's content hash in the chairman's archive (the root of its Merkle
    /// tree), as given by the caller; comment bundles name their base revision by it.
    pub content_hash: String,
    /// SHA-256 of `quyche_text::render(document)`: checked here on open.
    pub text_sha256: String,
}

/// The round a package opens for comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundInfo {
    pub id: String,
    pub number: u32,
    /// `YYYY-MM-DD`.
    pub deadline: Option<String>,
    /// Person ids, all in the roster.
    pub reviewers: Vec<String>,
}

/// `package.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageManifest {
    /// Always [`ReviewPackage::FORMAT`].
    pub format: String,
    pub version: u32,
    /// See [`ReviewPackage::package_id`].
    pub package_id: String,
    pub regulation: RegulationRef,
    pub revision: RevisionRef,
    pub round: RoundInfo,
    pub roster: Vec<RosterEntry>,
    pub created_ms: i64,
    /// The SHA-256 (lowercase hex) of every other entry but the signature, by name.
    pub entries: BTreeMap<String, String>,
}

/// What [`ReviewPackage::build`] packs.
#[derive(Clone, Debug)]
pub struct PackageInput<'a> {
    pub regulation_id: &'a str,
    pub regulation_title: &'a str,
    pub revision: u32,
    /// The revision's content hash in the archive.
    pub revision_hash: &'a str,
    pub round: RoundInfo,
    pub roster: Vec<RosterEntry>,
    pub document: &'a Document,
    /// Earlier comments, may be empty.
    pub comments: &'a [RecordedComment],
    pub created_ms: i64,
}

/// A package that was opened and checked.
#[derive(Clone, Debug)]
pub struct OpenedPackage {
    pub manifest: PackageManifest,
    pub document: Document,
    pub comments: Vec<RecordedComment>,
    /// The roster entry of the chairman who signed.
    pub chairman: RosterEntry,
    /// The chairman's key, as the roster gives it.
    pub signer: PublicKey,
}

/// The review package format. See the crate documentation.
pub struct ReviewPackage;

impl ReviewPackage {
    pub const FORMAT: &'static str = "quyche-review-package";
    pub const VERSION: u32 = 1;

    /// The package id: the first 32 hex digits of the SHA-256 of these fields, one per
    /// line. The same content built twice is the same package.
    pub fn package_id(
        regulation_id: &str,
        revision: u32,
        round_id: &str,
        created_ms: i64,
        document_sha256: &str,
        comments_sha256: &str,
    ) -> String {
        let text = format!(
            "{}\n{regulation_id}\n{revision}\n{round_id}\n{created_ms}\n{document_sha256}\n{comments_sha256}\n",
            Self::FORMAT
        );
        sha256_hex(text.as_bytes())[..32].to_owned()
    }

    fn trusted_comment(package_id: &str) -> String {
        format!("{} {package_id}", Self::FORMAT)
    }

    /// Packs a revision for a round, signed by the chairman, whose key must be the one
    /// the roster gives its chairman.
    pub fn build(input: &PackageInput<'_>, chairman: &Identity) -> Result<Vec<u8>, ExchangeError> {
        let document = serde_json::to_vec(input.document)
            .map_err(|e| bad(format!("không ghi được văn bản: {e}")))?;
        // What open() would refuse is refused here, before anything is signed.
        let comments = json::to_bytes(&check_comments(input.comments)?);
        let mut entries = BTreeMap::new();
        entries.insert(DOCUMENT.to_owned(), sha256_hex(&document));
        entries.insert(COMMENTS.to_owned(), sha256_hex(&comments));
        let manifest = PackageManifest {
            format: Self::FORMAT.into(),
            version: Self::VERSION,
            package_id: Self::package_id(
                input.regulation_id,
                input.revision,
                &input.round.id,
                input.created_ms,
                &entries[DOCUMENT],
                &entries[COMMENTS],
            ),
            regulation: RegulationRef {
                id: input.regulation_id.into(),
                title: input.regulation_title.into(),
            },
            revision: RevisionRef {
                number: input.revision,
                content_hash: input.revision_hash.into(),
                text_sha256: text_sha256(input.document)?,
            },
            round: input.round.clone(),
            roster: input.roster.clone(),
            created_ms: input.created_ms,
            entries,
        };
        let manifest = check_manifest(manifest)?;
        let (chairman_entry, key) = chairman_of(&manifest)?;
        if &key != chairman.public_key() {
            return Err(not_allowed(format!(
                "khóa {} không phải khóa của chủ tịch {} trong danh sách",
                chairman.key_id(),
                chairman_entry.name
            )));
        }
        let manifest_bytes = json::to_bytes(&manifest);
        let signature =
            chairman.sign(&manifest_bytes, &Self::trusted_comment(&manifest.package_id))?;
        container::write_container(&[
            (MANIFEST, &manifest_bytes),
            (DOCUMENT, &document),
            (COMMENTS, &comments),
            (SIGNATURE, signature.as_bytes()),
        ])
    }

    /// Opens and checks a package: the container, the signature (by the roster's
    /// chairman, and by `trusted_key` when given), every entry's hash, the package id
    /// and the text hash of the document.
    ///
    /// Without `trusted_key`, a package only proves that it is whole: anyone can write a
    /// roster naming themselves chairman. Members should pass the chairman's key from the
    /// card they were given, its fingerprint checked with the chairman in person.
    pub fn open(
        bytes: &[u8],
        trusted_key: Option<&PublicKey>,
    ) -> Result<OpenedPackage, ExchangeError> {
        let mut parts = container::read(bytes, WHAT, &ENTRIES)?.into_iter();
        let (manifest_bytes, document_bytes, comments_bytes, signature_bytes) =
            match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(a), Some(b), Some(c), Some(d)) => (a, b, c, d),
                _ => return Err(bad(format!("{WHAT} thiếu mục"))),
            };

        json::check_header(&manifest_bytes, MANIFEST, Self::FORMAT, Self::VERSION)?;
        let manifest: PackageManifest = json::parse(&manifest_bytes, MANIFEST)?;
        let manifest = check_manifest(manifest)?;

        let signature = signing::parse_signature(&signature_bytes, MANIFEST)?;
        let (chairman, key) = chairman_of(&manifest)?;
        if signature.key_id != key.key_id() {
            return Err(match signer_in_roster(&manifest, &signature.key_id) {
                Some(p) => not_allowed(format!(
                    "{WHAT} được ký bởi {} ({}), không phải chủ tịch",
                    p.name,
                    role_label(p.role)
                )),
                None => not_allowed(format!(
                    "{WHAT} được ký bởi khóa {} không phải khóa của chủ tịch trong danh sách",
                    signature.key_id
                )),
            });
        }
        signing::verify(&key, &signature, &manifest_bytes, MANIFEST)?;
        if signature.trusted_comment != Self::trusted_comment(&manifest.package_id) {
            return Err(bad(format!(
                "chữ ký của {MANIFEST} mang trusted comment không khớp với mã gói"
            )));
        }
        if let Some(trusted) = trusted_key {
            if trusted != &key {
                return Err(not_allowed(format!(
                    "{WHAT} được ký bởi khóa {}, không phải khóa chủ tịch đã tin cậy {}",
                    key.key_id(),
                    trusted.key_id()
                )));
            }
        }

        for (name, data) in [(DOCUMENT, &document_bytes), (COMMENTS, &comments_bytes)] {
            if manifest.entries.get(name).map(String::as_str) != Some(sha256_hex(data).as_str()) {
                return Err(bad(format!(
                    "{name} không khớp với mã kiểm tra trong {MANIFEST}: tệp đã bị sửa"
                )));
            }
        }
        let expected_id = Self::package_id(
            &manifest.regulation.id,
            manifest.revision.number,
            &manifest.round.id,
            manifest.created_ms,
            &manifest.entries[DOCUMENT],
            &manifest.entries[COMMENTS],
        );
        if manifest.package_id != expected_id {
            return Err(bad(format!(
                "mã gói {} không khớp với nội dung",
                shown(&manifest.package_id)
            )));
        }

        let document: Document = json::parse(&document_bytes, DOCUMENT)?;
        if text_sha256(&document)? != manifest.revision.text_sha256 {
            return Err(bad(format!(
                "văn bản trong {DOCUMENT} không khớp với mã kiểm tra của bản sửa đổi"
            )));
        }
        check_document_text(&document)?;
        let comments: Vec<RecordedComment> = json::parse(&comments_bytes, COMMENTS)?;
        let comments = check_comments(&comments)?;
        Ok(OpenedPackage { manifest, document, comments, chairman, signer: key })
    }
}

/// Refuses a document whose text holds a character every entry refuses (control
/// characters, bidi overrides), naming the unit: a text the chairman could not have
/// imported must not arrive through a package either.
fn check_document_text(doc: &Document) -> Result<(), ExchangeError> {
    let h = &doc.header;
    let lines = doc
        .notes
        .iter()
        .chain(&h.issuing_body)
        .chain(&h.motto)
        .chain(&h.marks)
        .chain(&h.place_date)
        .chain(&h.doc_type)
        .chain(&h.title)
        .chain(&doc.preamble)
        .chain(&doc.closing);
    for s in lines {
        records::safe(&format!("{DOCUMENT}: phần đầu hoặc phần cuối văn bản"), s)?;
    }
    if let Some(n) = &h.number {
        records::safe(&format!("{DOCUMENT}: số văn bản"), &n.label)?;
        records::safe(&format!("{DOCUMENT}: số văn bản"), &n.value)?;
    }
    let numbering = doc.numbering();
    for unit in doc.walk() {
        if let Some(at) = std::iter::once(&unit.title)
            .chain(&unit.paragraphs)
            .find_map(|s| quyche_text::find_unsafe_char(s))
        {
            let place =
                numbering.reference(unit.id).unwrap_or_else(|| format!("đơn vị mã {}", unit.id.0));
            return Err(bad(format!(
                "{DOCUMENT}: {place}: có {} (không được phép)",
                at.describe()
            )));
        }
    }
    Ok(())
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Chairman => "Chủ tịch",
        Role::Member => "Ủy viên",
        Role::Secretary => "Chánh Văn phòng",
    }
}

/// `quyche_text::canonical_hash`, the same hash as a seal. The renderer is not built for
/// hostile trees, so a panic there is a refusal, not a crash.
fn text_sha256(doc: &Document) -> Result<String, ExchangeError> {
    catch_unwind(AssertUnwindSafe(|| quyche_text::canonical_hash(doc)))
        .map_err(|_| bad(format!("{DOCUMENT} có cấu trúc văn bản không hợp lệ")))
}

fn check_manifest(m: PackageManifest) -> Result<PackageManifest, ExchangeError> {
    records::id("mã văn bản", &m.regulation.id)?;
    records::id("mã đợt lấy ý kiến", &m.round.id)?;
    records::hash("mã kiểm tra bản sửa đổi", &m.revision.content_hash)?;
    records::hash("mã kiểm tra văn bản", &m.revision.text_sha256)?;
    if let Some(d) = &m.round.deadline {
        let b = d.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(bad(format!("hạn góp ý \"{}\" không theo dạng YYYY-MM-DD", shown(d))));
        }
    }
    let names: Vec<&str> = m.entries.keys().map(String::as_str).collect();
    if names != [COMMENTS, DOCUMENT] {
        return Err(bad(format!(
            "{MANIFEST}: danh sách mã kiểm tra phải có đúng {DOCUMENT} và {COMMENTS}"
        )));
    }
    for (name, h) in &m.entries {
        records::hash(&format!("mã kiểm tra của {name}"), h)?;
    }
    if m.roster.len() > 1000 {
        return Err(bad(format!("{MANIFEST}: danh sách thành viên quá dài")));
    }
    let mut roster = Vec::with_capacity(m.roster.len());
    let mut ids = HashSet::new();
    for p in &m.roster {
        records::id("mã thành viên", &p.id)?;
        if !ids.insert(p.id.as_str()) {
            return Err(bad(format!("{MANIFEST}: thành viên {} xuất hiện hai lần", shown(&p.id))));
        }
        if let Some(k) = &p.public_key {
            PublicKey::from_base64(k)?;
        }
        roster.push(RosterEntry {
            id: p.id.clone(),
            name: records::line("tên thành viên", &p.name, false)?,
            position: records::line("chức vụ", &p.position, true)?,
            role: p.role,
            public_key: p.public_key.clone(),
        });
    }
    if m.round.reviewers.len() > 1000 {
        return Err(bad(format!("{MANIFEST}: danh sách người góp ý quá dài")));
    }
    for r in &m.round.reviewers {
        if !ids.contains(r.as_str()) {
            return Err(bad(format!(
                "người góp ý {} không có trong danh sách thành viên",
                shown(r)
            )));
        }
    }
    Ok(PackageManifest {
        regulation: RegulationRef {
            id: m.regulation.id.clone(),
            title: records::line("tên văn bản", &m.regulation.title, false)?,
        },
        roster,
        ..m
    })
}

fn chairman_of(m: &PackageManifest) -> Result<(RosterEntry, PublicKey), ExchangeError> {
    let chairs: Vec<&RosterEntry> = m.roster.iter().filter(|p| p.role == Role::Chairman).collect();
    let [chair] = chairs.as_slice() else {
        return Err(bad(format!(
            "{MANIFEST}: danh sách phải có đúng một chủ tịch (có {})",
            chairs.len()
        )));
    };
    let key = chair.public_key.as_deref().ok_or_else(|| {
        bad(format!("{MANIFEST}: chủ tịch {} chưa có khóa công khai", chair.name))
    })?;
    Ok(((*chair).clone(), PublicKey::from_base64(key)?))
}

fn signer_in_roster<'a>(m: &'a PackageManifest, key_id: &str) -> Option<&'a RosterEntry> {
    m.roster.iter().find(|p| {
        p.public_key
            .as_deref()
            .and_then(|k| PublicKey::from_base64(k).ok())
            .is_some_and(|k| k.key_id() == key_id)
    })
}

fn check_comments(comments: &[RecordedComment]) -> Result<Vec<RecordedComment>, ExchangeError> {
    if comments.len() > MAX_COMMENTS {
        return Err(bad(format!(
            "{COMMENTS} có {} ý kiến, vượt giới hạn {MAX_COMMENTS}",
            comments.len()
        )));
    }
    comments
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let label = format!("{COMMENTS}: ý kiến thứ {}", i + 1);
            Ok(RecordedComment {
                anchor: records::anchor(&label, &c.anchor)?,
                text: records::comment_text(&label, &c.text)?,
                proposal: records::proposal(&label, &c.proposal)?,
                ..c.clone()
            })
        })
        .collect()
}

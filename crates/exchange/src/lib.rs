//! Offline exchange: review packages out, signed comment bundles back, with no server.
//!
//! The chairman sends each member a **review package** (the revision under review, the
//! round, the roster, the earlier comments), signed with the chairman's key. A member
//! reads it in their own copy of Quyche, comments, and sends back a **comment bundle**
//! signed with their own key. Files travel by USB stick or e-mail; nothing here needs a
//! network, a database or a clock. This crate is bytes in, bytes out: the importer in
//! `quyche-api` decides what a checked file changes.
//!
//! # Identities
//!
//! An [`Identity`] is a name, a position and a minisign Ed25519 key pair.
//! [`Identity::save`] writes three files into a folder the caller gives:
//!
//! | file | what |
//! |---|---|
//! | `identity.key` | the secret key, in minisign's format; encrypted with scrypt when a passphrase is given; mode 0600; never overwritten |
//! | `identity.quyche-id` | the identity card, to hand to others |
//! | `identity.pub` | the public key in minisign's format, for `minisign -V -p identity.pub` |
//!
//! The **identity card** is a small JSON file:
//!
//! ```json
//! {
//!   "format": "quyche-identity",
//!   "version": 1,
//!   "name": "Nguyễn Văn An",
//!   "position": "Chủ tịch",
//!   "public_key": "RWQ…(56 characters, the second line of a minisign .pub file)",
//!   "key_id": "0123456789ABCDEF",
//!   "fingerprint": "1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7 F809"
//! }
//! ```
//!
//! `key_id` is the id minisign prints. The **fingerprint** is the first 128 bits of the
//! SHA-256 of the 42 bytes the public key line decodes to, in 8 groups of 4 uppercase hex
//! digits, so that two people can read it to each other over the phone:
//! `echo RWQ… | base64 -d | sha256sum` gives the same digits. Check it before trusting a
//! card: the card itself proves nothing about who made it. [`IdentityCard::read`] refuses
//! a card over 16 KB, of another format or a newer version, with a key id or fingerprint
//! that is not the key's, or with empty or multi-line names; names are NFC-normalised.
//!
//! # Review package (`.zip`)
//!
//! | entry | content |
//! |---|---|
//! | `package.json` | the manifest ([`PackageManifest`]) |
//! | `document.json` | the revision as a `quyche_model::Document`, with its stable ids |
//! | `comments.json` | earlier comments ([`RecordedComment`]), may be `[]` |
//! | `package.json.minisig` | the chairman's minisign signature of the exact bytes of `package.json` |
//!
//! `package.json` holds `format: "quyche-review-package"`, `version: 1`, `package_id`,
//! `regulation {id, title}`, `revision {number, content_hash, text_sha256}`,
//! `round {id, number, deadline, reviewers}`, `roster [{id, name, position, role,
//! public_key}]`, `created_ms`, and `entries`, the SHA-256 of `document.json` and
//! `comments.json`. `text_sha256` is the SHA-256 of `quyche_text::render(document)`: the
//! document is checked against it on open. `content_hash` is the archive's hash of the
//! revision, carried as given; the importer can recompute it with `quyche-archive`.
//! The signature's trusted comment is `quyche-review-package <package_id>`.
//!
//! [`ReviewPackage::open`] requires the signer to be the roster's one chairman, and, when
//! a trusted key is given, that key. A member should always pass the chairman's key from
//! the card received in person: without it, a package only proves it is whole.
//!
//! # Comment bundle (`.zip`)
//!
//! | entry | content |
//! |---|---|
//! | `manifest.json` | the manifest ([`BundleManifest`]) |
//! | `comments.json` | the comments ([`BundleComment`]): `local_id`, `anchor {unit, article, quote {exact, prefix, suffix}, position}`, `text`, `proposal` |
//! | `manifest.json.minisig` | the member's minisign signature of the exact bytes of `manifest.json` |
//!
//! `manifest.json` holds `format: "quyche-comment-bundle"`, `version: 1`, `bundle_id`,
//! `author_key_id`, `author_name`, `regulation_id`, `round_id`, `base_revision`,
//! `base_revision_hash` (the package's `revision.content_hash`), `seq`, `created_ms`,
//! `comment_count` and `comments_sha256`. The trusted comment is
//! `quyche-comment-bundle <bundle_id> author:<key_id> seq:<seq>`.
//!
//! **Ordering never depends on clocks.** `seq` is the author's own counter, one more per
//! bundle; `bundle_id` is derived from the content ([`CommentBundle::bundle_id`]), so the
//! same file imported twice has the same id. The importer de-duplicates: a `bundle_id`
//! already seen brings nothing new, and an `(author_key_id, regulation_id, seq)` already
//! seen with a different `bundle_id` is a conflict worth reporting (`seq` counts one
//! author's bundles on one regulation). `created_ms` is
//! only shown.
//!
//! # What is signed, and checking it by hand
//!
//! The signature covers the manifest's exact bytes; the manifest holds the SHA-256 of
//! every other entry; so one signature covers the whole file. Everything else in the ZIP
//! (timestamps, attributes, entry order, header copies) has one canonical form, checked
//! on open, so a byte changed anywhere is refused. Entries are stored uncompressed for
//! that reason (a deflate stream has padding bits that change nothing when flipped); the
//! reader still inflates deflated entries under its caps, to name a zip bomb as one. By hand, with Debian's `minisign`:
//!
//! ```text
//! unzip bundle.zip -d bundle && cd bundle
//! minisign -Vm manifest.json -P RWQ…        # the key line from the member's card
//! sha256sum comments.json                   # = comments_sha256 in manifest.json
//! ```
//!
//! For a package, the same with `package.json` and the chairman's key, then
//! `sha256sum document.json comments.json` against `entries`.
//!
//! # Limits, and what the reader refuses
//!
//! The reader works from memory and never writes anything. It refuses, each time with an
//! [`ExchangeError`] carrying one Vietnamese line that names what is wrong:
//!
//! - a file over [`MAX_FILE_BYTES`] (64 MB); more than [`MAX_ENTRIES`] entries; entries
//!   that decompress past their cap (manifests [`MAX_MANIFEST_BYTES`], signatures
//!   [`MAX_SIGNATURE_BYTES`]) or past [`MAX_TOTAL_BYTES`] (64 MB) together, however small
//!   their declared sizes: a zip bomb stops at the cap;
//! - entry names with `..`, absolute paths (`/etc/passwd`, `C:`), backslashes, control
//!   characters, names outside the format's set, duplicates, missing entries;
//! - truncated files, CRC or deflate errors, encrypted entries, any ZIP that is not in
//!   the canonical form;
//! - malformed JSON (with line and column), unknown fields, an unknown `format`, a newer
//!   `version` ("hãy cập nhật Quyche");
//! - a bad signature, a signature by another key than the manifest names, a hash or id
//!   that does not match;
//! - a comment, proposal or quote longer than [`MAX_COMMENT_CHARS`] (20,000 characters),
//!   more than [`MAX_COMMENTS`] (10,000) comments, empty comments, duplicate local ids;
//! - as [`ExchangeError::NotAllowed`]: a bundle signed by a key not among those given, a
//!   package not signed by the roster's chairman or not by the trusted key.
//!
//! Third-party parsers (zip, minisign, the renderer) run under `catch_unwind`, and the
//! signature file is checked for shape before minisign sees it (minisign 0.10 panics on a
//! short global signature): a hostile file is a refusal, never a crash. A fuzz target for
//! the bundle reader lives in `fuzz/` (see its README); a deterministic mutation test runs
//! with the ordinary tests.
//!
//! Text is NFC-normalised on the way in (names, comments, quotes), after the signature
//! and hashes are checked over the bytes as sent.

mod atomic;
mod bundle;
mod container;
mod error;
mod identity;
mod json;
mod package;
mod records;
mod seal;
mod signing;

pub use atomic::atomic_write;
pub use bundle::{BundleInput, BundleManifest, CommentBundle, OpenedBundle};
pub use container::write_container;
pub use error::ExchangeError;
pub use identity::{Identity, IdentityCard, CARD_FILE, PUBLIC_KEY_FILE, SECRET_KEY_FILE};
pub use package::{
    OpenedPackage, PackageInput, PackageManifest, RegulationRef, ReviewPackage, RevisionRef,
    RoundInfo,
};
pub use records::{Anchor, BundleComment, Quote, RecordedComment, Role, RosterEntry};
pub use seal::{SealSignature, SealStatement, SealVote, SEAL_PAYLOAD_VERSION};
pub use signing::PublicKey;

/// The largest file the reader accepts, compressed.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most all entries of one file may decompress to, together.
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// The most a manifest may decompress to.
pub const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;
/// The most a signature may decompress to.
pub const MAX_SIGNATURE_BYTES: u64 = 4096;
/// The most entries a file may list (the formats have 3 or 4).
pub const MAX_ENTRIES: usize = 16;
/// The largest identity card.
pub const MAX_CARD_BYTES: u64 = 16 * 1024;
/// The longest comment, proposal or quote, in characters.
pub const MAX_COMMENT_CHARS: usize = 20_000;
/// The most comments in one file.
pub const MAX_COMMENTS: usize = 10_000;
/// The longest name, position or title, in characters.
pub const MAX_NAME_CHARS: usize = 300;

pub(crate) fn sha256_hex(data: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

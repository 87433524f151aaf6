//! Offline exchange on top of the review records: review packages out, signed comment
//! bundles back. The formats and their checks are `quyche-exchange`'s; this module
//! decides what they may change in the database.
//!
//! * Who may package, bundle, import a bundle or open a package, at which stage and on
//!   which copy of the text, is [`rules::permit`]'s (`Act::Package`, `Act::Bundle`,
//!   `Act::ImportBundle`, `Act::OpenPackage`). What each needs beyond the rules (this
//!   machine's key, an open round, unsent comments) is checked by one function each,
//!   which [`Review::allowed`] asks too, so the workflow's answer is the action's.
//! * A package opened on a member's machine creates (or updates) only that package's
//!   regulation copy: a read-only copy of the text under the sender's id, its round, its
//!   comments, and a roster kept for that copy alone (`people::CopyRoster`), under the
//!   sender's person ids: comments made on it then name the same units, people and
//!   round as in the chairman's database. It never writes this installation's people,
//!   roles, identity or current user, nor any other regulation: a package may not name
//!   a round or comment of another regulation. Opening the same package twice changes
//!   nothing.
//! * The chairman's key is pinned for the copy at its first open. The first open needs
//!   that key to be trusted already (on this installation's roster, or its own) or the
//!   fingerprint confirmed by the person opening ([`Review::inspect_package`] shows it);
//!   a later package for the copy signed by another key is refused, never re-pinned.
//! * Opening is all or nothing: everything a package could be refused for is checked
//!   before anything is written (the text's content hash included), then the text is
//!   stored and every record is written in one transaction. A refused package leaves
//!   nothing behind and can be opened once fixed.
//! * A bundle is imported only if it is signed by a roster member with a key, who is a
//!   reviewer of the round, on a revision this database has. All of its new comments
//!   and the record of the bundle are written in one transaction, or nothing is. A
//!   bundle for a closed round or a submitted or approved text is late: refused, unless
//!   the chairman accepts it as late ([`rules::permit_bundle_import`]); its comments and
//!   the audit entry then say "nộp muộn".
//! * Replays add nothing: a bundle id already seen gives 0 new comments. A sender numbers
//!   its bundles per regulation, so the replay key is (author, regulation, sequence
//!   number): the same key with different content is refused, and the same number for
//!   another regulation is another bundle. Order never depends on anyone's clock.
//! * Comments count as sent only once the bundle has been delivered (written to its
//!   file): [`Review::bundle_with`] records the bundle after the delivery succeeds, so a
//!   failed write leaves them unsent. The last bundle can be written again, the same
//!   bundle, with [`Review::bundle_again_with`].

use std::collections::HashSet;

use quyche_exchange::{
    Anchor as XAnchor, BundleComment, BundleInput, CommentBundle, ExchangeError, Identity,
    OpenedPackage, PackageInput, PublicKey, Quote as XQuote, RecordedComment, ReviewPackage,
    Role as XRole, RosterEntry, RoundInfo,
};
use quyche_model::UnitId;
use quyche_store::{Action, RecordWrite, StatusChange};
use serde::{Deserialize, Serialize};

use crate::model::{Anchor, Comment, Person, Quote, Role, Round, Stage};
use crate::people::CopyRoster;
use crate::records::{
    decode, encode, short_id, BUNDLES_IN, BUNDLES_OUT, COMMENTS, MIRRORS, ROSTERS, ROUNDS,
};
use crate::rules::{self, Origin};
use crate::{anchor, Act, Result, Review, ReviewError};

/// Why an exchange action cannot sign: this installation has no identity yet.
pub const NO_IDENTITY: &str =
    "Máy này chưa có chữ ký số: tạo bằng \u{201c}identity create\u{201d}.";

impl From<ExchangeError> for ReviewError {
    fn from(e: ExchangeError) -> ReviewError {
        match e {
            ExchangeError::NotAllowed(m) => ReviewError::Refused(m),
            ExchangeError::BadFile(m) => ReviewError::BadInput(m),
            other => ReviewError::BadInput(other.to_string()),
        }
    }
}

/// What this database knows of a regulation it received in a package.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Mirror {
    regulation: String,
    /// The chairman's key: later packages for this regulation must be signed with it.
    chairman_key: String,
    packages: Vec<String>,
}

/// A bundle this database sent.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct BundleOut {
    regulation: String,
    seq: u32,
    bundle_id: String,
    comments: Vec<String>,
    /// The bundle's `created_ms`, part of its id: what writing the same bundle again
    /// needs. Absent from records written before it was kept.
    #[serde(default)]
    created_ms: Option<i64>,
}

/// What reached the chairman from one reviewer in a round.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Received {
    /// Person id.
    pub person: String,
    /// Bundles imported that carried their comments.
    pub bundles: u32,
    /// Comments those bundles brought.
    pub comments: u32,
    /// The chairman recorded "không có ý kiến" for them.
    pub no_comments: bool,
}

/// Records "không có ý kiến" per (round, person).
const NO_COMMENTS: &str = "no_comments";

/// The chairman's record that a reviewer has no comments in a round.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct NoComments {
    regulation: String,
    round: String,
    person: String,
    by: String,
    time_ms: i64,
}

/// A bundle this database imported.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct BundleIn {
    bundle_id: String,
    author_key_id: String,
    seq: u32,
    regulation: String,
    comments: Vec<String>,
    /// Taken in as late ("nộp muộn") by the chairman. Absent from earlier records.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    late: bool,
}

/// Why a package's chairman key is trusted before its fingerprint is confirmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyTrust {
    /// Pinned for this copy when its first package was opened.
    Pinned,
    /// The key of a person on this installation's roster (their card was added).
    Roster,
    /// This installation's own key.
    Owner,
}

/// A package as it would open, before anything is written: what the person opening it
/// checks, the fingerprint first.
#[derive(Clone, Debug)]
pub struct PackagePreview {
    pub regulation: String,
    pub title: String,
    pub round: u32,
    pub deadline: Option<String>,
    pub chairman_name: String,
    pub chairman_position: String,
    pub key_id: String,
    /// 8 groups of 4 hex digits, to compare over the phone.
    pub fingerprint: String,
    /// `None`: the key is unknown here, and opening needs its fingerprint confirmed.
    pub trusted: Option<KeyTrust>,
    /// This very package was opened before: opening it again changes nothing.
    pub opened_before: bool,
}

/// Two fingerprints are the same when they differ only in spaces and case (people type
/// them as they hear them).
pub fn same_fingerprint(a: &str, b: &str) -> bool {
    let plain = |s: &str| -> String {
        s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
    };
    !plain(a).is_empty() && plain(a) == plain(b)
}

fn to_x_role(r: Role) -> XRole {
    match r {
        Role::Chairman => XRole::Chairman,
        Role::Member => XRole::Member,
        Role::Secretary => XRole::Secretary,
    }
}

fn from_x_role(r: XRole) -> Role {
    match r {
        XRole::Chairman => Role::Chairman,
        XRole::Member => Role::Member,
        XRole::Secretary => Role::Secretary,
    }
}

fn to_x_anchor(a: &Anchor) -> XAnchor {
    XAnchor {
        unit: a.unit,
        article: a.article,
        quote: XQuote {
            exact: a.quote.exact.clone(),
            prefix: a.quote.prefix.clone(),
            suffix: a.quote.suffix.clone(),
        },
        position: a.position,
    }
}

fn from_x_anchor(a: &XAnchor) -> Anchor {
    Anchor {
        unit: a.unit,
        article: a.article,
        quote: Quote {
            exact: a.quote.exact.clone(),
            prefix: a.quote.prefix.clone(),
            suffix: a.quote.suffix.clone(),
        },
        position: a.position,
    }
}

/// A roster entry of a package as a person of the copy's roster, under the sender's id.
/// `at` is the package's time, so the roster keeps the package's order.
fn roster_person(p: &RosterEntry, at: i64) -> Person {
    Person {
        id: p.id.clone(),
        name: p.name.clone(),
        position: p.position.clone(),
        role: from_x_role(p.role),
        created_ms: at,
        public_key: p.public_key.clone(),
    }
}

/// Why a first package is not opened until its chairman's key is confirmed.
fn needs_trust(p: &PackagePreview) -> String {
    format!(
        "Gói lấy ý kiến quy chế {} do {} ({}) ký bằng khóa máy này chưa tin cậy, mã nhận dạng {}: hãy gọi điện cho người đó để đối chiếu mã nhận dạng, rồi xác nhận đúng mã nhận dạng ấy khi mở gói (dòng lệnh: --trust).",
        p.regulation, p.chairman_name, p.chairman_position, p.fingerprint
    )
}

/// What opening a package did.
#[derive(Clone, Debug)]
pub struct Opened {
    pub regulation: String,
    /// False when the package had been opened before: nothing changed.
    pub changed: bool,
    /// The roster person this database's owner is, if the owner is on the roster.
    pub owner: Option<String>,
}

/// A signed bundle, as delivered.
#[derive(Clone, Debug)]
pub struct SignedBundle {
    pub bytes: Vec<u8>,
    pub bundle_id: String,
    pub seq: u32,
    /// How many comments it carries.
    pub comments: u32,
}

/// A bundle about to be made: for which round, what it carries, its number.
pub(crate) struct Unsent {
    pub(crate) round: Round,
    pub(crate) mine: Vec<Comment>,
    pub(crate) seq: u32,
}

impl Review<'_> {
    /// What a package needs beyond the rules: this machine's key is the sender's, and a
    /// round is open. Returns that round.
    pub(crate) fn package_needs(
        &self,
        regulation: &str,
        person: &Person,
        owner_key: Option<&str>,
    ) -> Result<Round> {
        let owner_key = owner_key.ok_or_else(|| ReviewError::Refused(NO_IDENTITY.into()))?;
        if person.public_key.as_deref() != Some(owner_key) {
            return Err(ReviewError::Refused(format!(
                "Khóa của máy này không phải khóa của {} trong danh sách: hãy thêm thẻ chữ ký số của mình (person add --card).",
                person.name
            )));
        }
        self.open_round_of(regulation)?
            .ok_or_else(|| ReviewError::Refused("Không có đợt lấy ý kiến nào đang mở.".into()))
    }

    /// The person of `regulation`'s roster whose key is this machine's: who a bundle is
    /// from.
    pub(crate) fn key_owner(&self, regulation: &str, owner_key: Option<&str>) -> Result<Person> {
        let key = owner_key.ok_or_else(|| ReviewError::Refused(NO_IDENTITY.into()))?;
        let people = self.people_on(regulation)?;
        people.into_iter().find(|p| p.public_key.as_deref() == Some(key)).ok_or_else(|| {
            ReviewError::Refused(
                "Khóa của máy này không có trong danh sách của gói lấy ý kiến.".into(),
            )
        })
    }

    /// What a bundle from `me` would carry: the latest round, and my comments on it not
    /// sent yet (refused when there are none), and the bundle's number.
    pub(crate) fn unsent(&self, regulation: &str, me: &Person) -> Result<Unsent> {
        let round = self
            .rounds(regulation)?
            .pop()
            .ok_or_else(|| ReviewError::Refused("Chưa có đợt lấy ý kiến nào.".into()))?;
        let sent: Vec<BundleOut> = self
            .all::<BundleOut>(BUNDLES_OUT)?
            .into_iter()
            .filter(|b| b.regulation == regulation)
            .collect();
        let already: HashSet<&String> = sent.iter().flat_map(|b| b.comments.iter()).collect();
        let deleted = self.deleted_comments()?;
        let mut mine: Vec<Comment> = self
            .all::<Comment>(COMMENTS)?
            .into_iter()
            .filter(|c| {
                c.regulation == regulation
                    && !deleted.contains(&c.id)
                    && c.author == me.id
                    && c.round == round.id
                    && !already.contains(&c.id)
            })
            .collect();
        // Records come back ordered by id (a hash): send them in the order they were made.
        mine.sort_by_key(|c| (c.created_ms, c.seq));
        if mine.is_empty() {
            return Err(ReviewError::Refused("Không có góp ý mới nào để gửi.".into()));
        }
        let seq = sent.iter().map(|b| b.seq).max().unwrap_or(0) + 1;
        Ok(Unsent { round, mine, seq })
    }

    /// When each comment on `regulation` left this machine: the time of the bundle that
    /// carried it, recorded only after its file was written and fsynced
    /// ([`Review::bundle_with`]). `None` for bundles recorded before the time was kept.
    pub(crate) fn sent_times(
        &self,
        regulation: &str,
    ) -> Result<std::collections::HashMap<String, Option<i64>>> {
        let mut out = std::collections::HashMap::new();
        for b in self.all::<BundleOut>(BUNDLES_OUT)? {
            if b.regulation == regulation {
                for c in b.comments {
                    // The first bundle that carried a comment is when it was sent.
                    out.entry(c).or_insert(b.created_ms);
                }
            }
        }
        Ok(out)
    }

    /// What reached this database from each reviewer of `round` on `regulation`: the
    /// bundles imported and the comments they brought, by person id.
    pub fn received(&self, regulation: &str, round: &str) -> Result<Vec<Received>> {
        let comments: std::collections::HashMap<String, Comment> = self
            .all::<Comment>(COMMENTS)?
            .into_iter()
            .filter(|c| c.regulation == regulation && c.round == round)
            .map(|c| (c.id.clone(), c))
            .collect();
        let mut by: std::collections::BTreeMap<String, Received> = Default::default();
        for b in self.all::<BundleIn>(BUNDLES_IN)? {
            if b.regulation != regulation {
                continue;
            }
            let mut authors: Vec<&str> = b
                .comments
                .iter()
                .filter_map(|id| comments.get(id))
                .map(|c| c.author.as_str())
                .collect();
            authors.dedup();
            for a in authors {
                let r = by
                    .entry(a.to_string())
                    .or_insert_with(|| Received { person: a.to_string(), ..Default::default() });
                r.bundles += 1;
                r.comments += b
                    .comments
                    .iter()
                    .filter(|id| comments.get(*id).is_some_and(|c| c.author == a))
                    .count() as u32;
            }
        }
        for n in self.all::<NoComments>(NO_COMMENTS)? {
            if n.regulation == regulation && n.round == round {
                by.entry(n.person.clone())
                    .or_insert_with(|| Received { person: n.person.clone(), ..Default::default() })
                    .no_comments = true;
            }
        }
        Ok(by.into_values().collect())
    }

    /// The chairman records that `person` has no comments ("không có ý kiến") in the
    /// latest round: the member then counts as answered.
    pub fn record_no_comments(
        &self,
        regulation: &str,
        actor: &str,
        person: &str,
        now: i64,
    ) -> Result<()> {
        let chairman = self.person(actor)?;
        rules::permit_role(&chairman, Act::ImportBundle)?;
        if chairman.role != Role::Chairman {
            return Err(ReviewError::Refused(
                "Chỉ Chủ tịch ghi nhận một ủy viên không có ý kiến.".into(),
            ));
        }
        if self.origin(regulation)? == Origin::Received {
            return Err(ReviewError::Refused(
                "Đây là bản sao nhận từ gói lấy ý kiến: việc ghi nhận ý kiến làm trên bản gốc của Chủ tịch.".into(),
            ));
        }
        let round = self
            .rounds(regulation)?
            .pop()
            .ok_or_else(|| ReviewError::Refused("Chưa có đợt lấy ý kiến nào.".into()))?;
        let member = self.person_on(regulation, person)?;
        if !round.reviewers.contains(&member.id) {
            return Err(ReviewError::Refused(format!(
                "{} không có tên trong danh sách góp ý của đợt {}.",
                member.name, round.number
            )));
        }
        let key = format!("{}#{}", round.id, member.id);
        if self.archive.store().record(NO_COMMENTS, &key)?.is_some() {
            return Err(ReviewError::Refused(format!(
                "Đã ghi nhận {} không có ý kiến trong đợt {}.",
                member.name, round.number
            )));
        }
        let record = NoComments {
            regulation: regulation.to_string(),
            round: round.id.clone(),
            person: member.id.clone(),
            by: chairman.id.clone(),
            time_ms: now,
        };
        let body = encode(&record);
        self.write(
            &[RecordWrite { collection: NO_COMMENTS, key: &key, body: &body, create_only: true }],
            None,
            Action {
                time_ms: now,
                actor: &chairman.name,
                action: "no-comments",
                regulation: Some(regulation),
                revision: Some(round.revision),
                detail: &format!(
                    "{} không có ý kiến trong đợt lấy ý kiến {}",
                    member.name, round.number
                ),
            },
        )?;
        Ok(())
    }

    /// What importing bundles into `regulation` needs beyond the rules: a round they can
    /// belong to.
    pub(crate) fn import_needs(&self, regulation: &str) -> Result<()> {
        if self.rounds(regulation)?.is_empty() {
            return Err(ReviewError::Refused("Chưa có đợt lấy ý kiến nào.".into()));
        }
        Ok(())
    }

    /// The review package of the open round, signed by `owner` (the chairman's identity).
    pub fn package(
        &self,
        regulation: &str,
        actor: &str,
        owner: &Identity,
        now: i64,
    ) -> Result<Vec<u8>> {
        let (person, _) = self.permit(regulation, actor, Act::Package)?;
        let owner_key = owner.public_key().to_base64();
        let round = self.package_needs(regulation, &person, Some(&owner_key))?;
        let reg = self.archive.regulation(regulation)?;
        let rev = self.archive.load(regulation, Some(round.revision))?;
        let roster: Vec<RosterEntry> = self
            .people()?
            .into_iter()
            .map(|p| RosterEntry {
                id: p.id,
                name: p.name,
                position: p.position,
                role: to_x_role(p.role),
                public_key: p.public_key,
            })
            .collect();
        let deleted = self.deleted_comments()?;
        let earlier: Vec<RecordedComment> = self
            .all::<Comment>(COMMENTS)?
            .into_iter()
            .filter(|c| c.regulation == regulation && !deleted.contains(&c.id))
            .map(|c| RecordedComment {
                id: c.id,
                regulation: c.regulation,
                round: c.round,
                revision: c.revision,
                author: c.author,
                anchor: to_x_anchor(&c.anchor),
                text: c.text,
                proposal: c.proposal,
                created_ms: c.created_ms,
                seq: c.seq,
            })
            .collect();
        let input = PackageInput {
            regulation_id: regulation,
            regulation_title: &reg.title,
            revision: round.revision,
            revision_hash: &rev.record.root,
            round: RoundInfo {
                id: round.id.clone(),
                number: round.number,
                deadline: round.deadline.clone(),
                reviewers: round.reviewers.clone(),
            },
            roster,
            document: &rev.document,
            comments: &earlier,
            created_ms: now,
        };
        Ok(ReviewPackage::build(&input, owner)?)
    }

    /// The package checked as [`Review::open_package`] checks it, without writing:
    /// the signature, the pinned key of the copy, a text drafted here under the same
    /// id, and whether the chairman's key is trusted already.
    fn checked_package(
        &self,
        bytes: &[u8],
        owner_key: Option<&str>,
    ) -> Result<(OpenedPackage, Option<Mirror>, PackagePreview)> {
        let opened = ReviewPackage::open(bytes, None)?;
        let m = &opened.manifest;
        let reg_id = m.regulation.id.clone();
        let mirror: Option<Mirror> = match self.archive.store().record(MIRRORS, &reg_id)? {
            Some(r) => Some(decode(&r)?),
            None => None,
        };
        let signer = opened.signer.to_base64();
        let trusted = match &mirror {
            Some(mi) => {
                let pinned = PublicKey::from_base64(&mi.chairman_key)?;
                if pinned != opened.signer {
                    return Err(ReviewError::Refused(format!(
                        "Gói lấy ý kiến quy chế {reg_id} được ký bằng khóa có mã nhận dạng {}, không phải khóa của Chủ tịch đã ghim cho bản sao này khi mở lần đầu (mã nhận dạng {}): không nhận. Hãy gọi điện hỏi lại Chủ tịch.",
                        opened.signer.fingerprint(),
                        pinned.fingerprint()
                    )));
                }
                Some(KeyTrust::Pinned)
            }
            None => {
                if self.archive.regulation(&reg_id).is_ok() {
                    return Err(ReviewError::Refused(format!(
                        "Máy này đã có quy chế {reg_id} do chính mình soạn: không nhận gói của người khác đè lên."
                    )));
                }
                if owner_key == Some(signer.as_str()) {
                    Some(KeyTrust::Owner)
                } else if self.people()?.iter().any(|p| p.public_key.as_deref() == Some(&signer)) {
                    Some(KeyTrust::Roster)
                } else {
                    None
                }
            }
        };
        let preview = PackagePreview {
            regulation: reg_id,
            title: m.regulation.title.clone(),
            round: m.round.number,
            deadline: m.round.deadline.clone(),
            chairman_name: opened.chairman.name.clone(),
            chairman_position: opened.chairman.position.clone(),
            key_id: opened.signer.key_id(),
            fingerprint: opened.signer.fingerprint(),
            trusted,
            opened_before: mirror.as_ref().is_some_and(|mi| mi.packages.contains(&m.package_id)),
        };
        Ok((opened, mirror, preview))
    }

    /// What opening this package would open, and whether its chairman's key is trusted
    /// already; refused as opening it would be, for the pinned key or a text drafted
    /// here. Writes nothing. `owner_key` is this installation's public key (base64).
    pub fn inspect_package(&self, bytes: &[u8], owner_key: Option<&str>) -> Result<PackagePreview> {
        Ok(self.checked_package(bytes, owner_key)?.2)
    }

    /// Opens a review package on a member's machine. See the module docs. `trust` is the
    /// fingerprint the person opening confirmed: a first package whose chairman's key is
    /// not trusted already opens only when it is that key's fingerprint.
    pub fn open_package(
        &self,
        bytes: &[u8],
        owner: Option<&Identity>,
        trust: Option<&str>,
        now: i64,
    ) -> Result<Opened> {
        let owner_key = owner.map(|o| o.public_key().to_base64());
        let (opened, mirror, preview) = self.checked_package(bytes, owner_key.as_deref())?;
        if preview.trusted.is_none() {
            match trust {
                Some(t) if same_fingerprint(t, &preview.fingerprint) => {}
                Some(t) => {
                    return Err(ReviewError::Refused(format!(
                        "Mã nhận dạng đã xác nhận ({}) không khớp với khóa của {} trong gói (mã nhận dạng {}): không mở.",
                        t.trim(),
                        preview.chairman_name,
                        preview.fingerprint
                    )))
                }
                None => return Err(ReviewError::Refused(needs_trust(&preview))),
            }
        }
        let m = &opened.manifest;
        let reg_id = preview.regulation.clone();
        let owner_entry =
            m.roster.iter().find(|p| p.public_key.is_some() && p.public_key == owner_key);
        // The owner on the roster opens it as that person, under the rules. Someone not on
        // the roster may read the copy, but has no person to comment as.
        if let Some(p) = owner_entry {
            let stage = match &mirror {
                Some(_) => self.stage(&reg_id)?,
                None => Stage::Consultation,
            };
            rules::permit(
                &roster_person(p, m.created_ms),
                Act::OpenPackage,
                stage,
                Origin::Received,
            )?;
        }
        let owner_person = owner_entry.map(|p| p.id.clone());
        if preview.opened_before {
            return Ok(Opened { regulation: reg_id, changed: false, owner: owner_person });
        }
        let chairman_name = opened.chairman.name.clone();
        // Everything a package can be refused for is checked before the first write.
        let known_revision = match &mirror {
            Some(_) => self.archive.revision_with_hash(&reg_id, &m.revision.content_hash)?,
            None => None,
        };
        if known_revision.is_none() {
            let root = quyche_archive::to_hex(&quyche_archive::encode(&opened.document).root);
            if root != m.revision.content_hash {
                return Err(ReviewError::BadInput(format!(
                    "Gói ghi mã kiểm tra phiên bản {} nhưng nội dung cho {root}",
                    m.revision.content_hash
                )));
            }
        }
        self.not_of_another_regulation(ROUNDS, &m.round.id, &reg_id, "đợt lấy ý kiến")?;
        for c in &opened.comments {
            if c.regulation != reg_id {
                return Err(ReviewError::BadInput(format!(
                    "Gói quy chế {reg_id} mang ý kiến {} của quy chế khác ({}).",
                    c.id, c.regulation
                )));
            }
            self.not_of_another_regulation(COMMENTS, &c.id, &reg_id, "ý kiến")?;
        }
        // The text: create the copy, or add the new revision, keeping the sender's ids.
        let local_revision = match known_revision {
            Some(n) => n,
            None => {
                let message = format!(
                    "Nhận từ gói lấy ý kiến của {chairman_name} (phiên bản {})",
                    m.revision.number
                );
                let record = if mirror.is_none() {
                    self.archive
                        .create_with_id(&reg_id, &opened.document, &chairman_name, now, &message)?
                        .1
                } else {
                    self.archive.commit(
                        &reg_id,
                        None,
                        &opened.document,
                        &chairman_name,
                        now,
                        &message,
                    )?
                };
                record.number
            }
        };
        // The copy's roster, round, earlier comments and mirror record, with one audit
        // entry, in one transaction.
        let mut bodies: Vec<(&str, String, String)> = Vec::new();
        let roster = CopyRoster {
            regulation: reg_id.clone(),
            people: m.roster.iter().map(|p| roster_person(p, m.created_ms)).collect(),
        };
        bodies.push((ROSTERS, reg_id.clone(), encode(&roster)));
        let round = Round {
            id: m.round.id.clone(),
            regulation: reg_id.clone(),
            number: m.round.number,
            revision: local_revision,
            deadline: m.round.deadline.clone(),
            reviewers: m.round.reviewers.clone(),
            opened_by: opened.chairman.id.clone(),
            opened_ms: m.created_ms,
            closed_ms: None,
        };
        bodies.push((ROUNDS, round.id.clone(), encode(&round)));
        for c in &opened.comments {
            let comment = Comment {
                id: c.id.clone(),
                regulation: reg_id.clone(),
                round: c.round.clone(),
                revision: local_revision,
                author: c.author.clone(),
                anchor: from_x_anchor(&c.anchor),
                text: c.text.clone(),
                proposal: c.proposal.clone(),
                created_ms: c.created_ms,
                seq: c.seq,
                late: false,
            };
            bodies.push((COMMENTS, c.id.clone(), encode(&comment)));
        }
        let mut packages = mirror.map(|mi| mi.packages).unwrap_or_default();
        packages.push(m.package_id.clone());
        let mirror = Mirror {
            regulation: reg_id.clone(),
            chairman_key: opened.signer.to_base64(),
            packages,
        };
        bodies.push((MIRRORS, reg_id.clone(), encode(&mirror)));
        let writes: Vec<RecordWrite> = bodies
            .iter()
            .map(|(c, k, b)| RecordWrite { collection: c, key: k, body: b, create_only: false })
            .collect();
        let trust = match preview.trusted {
            Some(KeyTrust::Pinned) => "đã ghim",
            Some(KeyTrust::Roster) => "có trong danh sách của máy này",
            Some(KeyTrust::Owner) => "khóa của chính máy này",
            None => "mã nhận dạng đã được xác nhận",
        };
        self.write(
            &writes,
            Some(StatusChange {
                regulation: &reg_id,
                status: Stage::Consultation.as_str(),
                expected: None,
            }),
            Action {
                time_ms: now,
                actor: &chairman_name,
                action: "package-open",
                regulation: Some(&reg_id),
                revision: Some(local_revision),
                detail: &format!(
                    "Gói {} ký bởi khóa {} ({}, {trust})",
                    m.package_id,
                    opened.signer.key_id(),
                    opened.signer.fingerprint()
                ),
            },
        )?;
        Ok(Opened { regulation: reg_id, changed: true, owner: owner_person })
    }

    /// Refuses a package record (a round, a comment) whose id is taken in this database
    /// by a record of another regulation: opening a package changes only its own copy.
    fn not_of_another_regulation(
        &self,
        collection: &str,
        id: &str,
        regulation: &str,
        what: &str,
    ) -> Result<()> {
        #[derive(Deserialize)]
        struct OfRegulation {
            regulation: String,
        }
        if let Some(r) = self.archive.store().record(collection, id)? {
            let other: OfRegulation = decode(&r)?;
            if other.regulation != regulation {
                return Err(ReviewError::BadInput(format!(
                    "Gói quy chế {regulation} ghi {what} mã {id}, trùng với {what} của quy chế {} trên máy này: không nhận.",
                    other.regulation
                )));
            }
        }
        Ok(())
    }

    /// This owner's comments on `regulation` not yet sent, as a signed bundle, recorded
    /// as sent. The bytes are not delivered anywhere: see [`Review::bundle_with`].
    pub fn bundle(&self, regulation: &str, owner: &Identity, now: i64) -> Result<Vec<u8>> {
        self.bundle_with(regulation, owner, now, |_| Ok::<(), ReviewError>(())).map(|b| b.bytes)
    }

    /// Signs this owner's comments on `regulation` not yet sent as a bundle, hands it to
    /// `deliver` (which writes the file), and only when that succeeds records it as sent.
    ///
    /// Why this order: the opposite one (record, then write) loses comments when the
    /// write fails or the machine stops in between, which is the failure this guards
    /// against, and undoing a record would need a delete the store does not offer. A
    /// stop after the write but before the record leaves a file the user was told had
    /// failed, and the comments unsent: the next bundle carries them again.
    pub fn bundle_with<E: From<ReviewError>>(
        &self,
        regulation: &str,
        owner: &Identity,
        now: i64,
        deliver: impl FnOnce(&[u8]) -> std::result::Result<(), E>,
    ) -> std::result::Result<SignedBundle, E> {
        let key = owner.public_key().to_base64();
        let me = self.key_owner(regulation, Some(&key))?;
        rules::permit(&me, Act::Bundle, self.stage(regulation)?, self.origin(regulation)?)
            .map_err(ReviewError::from)?;
        let Unsent { round, mine, seq } = self.unsent(regulation, &me)?;
        let signed = self.sign_bundle(regulation, &round, &mine, seq, now, owner)?;
        deliver(&signed.bytes)?;
        let out = BundleOut {
            regulation: regulation.to_string(),
            seq,
            bundle_id: signed.bundle_id.clone(),
            comments: mine.iter().map(|c| c.id.clone()).collect(),
            created_ms: Some(now),
        };
        let key = format!("{regulation}#{seq:08}");
        let body = encode(&out);
        self.write(
            &[RecordWrite { collection: BUNDLES_OUT, key: &key, body: &body, create_only: true }],
            None,
            Action {
                time_ms: now,
                actor: &me.name,
                action: "bundle-out",
                regulation: Some(regulation),
                revision: Some(round.revision),
                detail: &format!("Tệp góp ý {} số {seq}: {} ý kiến", signed.bundle_id, mine.len()),
            },
        )?;
        Ok(signed)
    }

    /// Signs the last bundle sent for `regulation` again (same id, number and comments:
    /// only minisign's random signature differs), hands it to `deliver`, and audits it.
    /// The importer takes it as a replay. Refused when no bundle was sent.
    pub fn bundle_again_with<E: From<ReviewError>>(
        &self,
        regulation: &str,
        owner: &Identity,
        now: i64,
        deliver: impl FnOnce(&[u8]) -> std::result::Result<(), E>,
    ) -> std::result::Result<SignedBundle, E> {
        let key = owner.public_key().to_base64();
        let me = self.key_owner(regulation, Some(&key))?;
        rules::permit(&me, Act::Bundle, self.stage(regulation)?, self.origin(regulation)?)
            .map_err(ReviewError::from)?;
        let last = self
            .all::<BundleOut>(BUNDLES_OUT)?
            .into_iter()
            .filter(|b| b.regulation == regulation)
            .max_by_key(|b| b.seq)
            .ok_or_else(|| {
                ReviewError::Refused(format!(
                    "Chưa gửi tệp góp ý nào cho quy chế {regulation}: không có tệp nào để ghi lại."
                ))
            })?;
        let cannot = || {
            ReviewError::Refused(format!(
                "Tệp góp ý số {} ({}) được tạo bởi phiên bản Quyche cũ hơn: không dựng lại đúng tệp đó được.",
                last.seq, last.bundle_id
            ))
        };
        let created_ms = last.created_ms.ok_or_else(cannot)?;
        let mut mine =
            last.comments.iter().map(|id| self.comment(id)).collect::<Result<Vec<Comment>>>()?;
        // The order `unsent` sent them in.
        mine.sort_by_key(|c| (c.created_ms, c.seq));
        let round_id = mine.first().map(|c| c.round.clone()).ok_or_else(cannot)?;
        let round =
            self.rounds(regulation)?.into_iter().find(|r| r.id == round_id).ok_or_else(cannot)?;
        let signed = self.sign_bundle(regulation, &round, &mine, last.seq, created_ms, owner)?;
        // The id covers every field: a different one means this is not the bundle sent.
        if signed.bundle_id != last.bundle_id {
            return Err(cannot().into());
        }
        deliver(&signed.bytes)?;
        self.write(
            &[],
            None,
            Action {
                time_ms: now,
                actor: &me.name,
                action: "bundle-again",
                regulation: Some(regulation),
                revision: Some(round.revision),
                detail: &format!(
                    "Ghi lại tệp góp ý {} số {}: {} ý kiến",
                    signed.bundle_id,
                    signed.seq,
                    mine.len()
                ),
            },
        )?;
        Ok(signed)
    }

    /// `mine` on `round`'s revision as bundle number `seq`, signed by `owner`.
    fn sign_bundle(
        &self,
        regulation: &str,
        round: &Round,
        mine: &[Comment],
        seq: u32,
        created_ms: i64,
        owner: &Identity,
    ) -> Result<SignedBundle> {
        let rev = self.archive.store().revision(regulation, round.revision)?;
        let comments: Vec<BundleComment> = mine
            .iter()
            .map(|c| BundleComment {
                local_id: c.id.clone(),
                anchor: to_x_anchor(&c.anchor),
                text: c.text.clone(),
                proposal: c.proposal.clone(),
            })
            .collect();
        let input = BundleInput {
            regulation_id: regulation,
            round_id: &round.id,
            base_revision: round.revision,
            base_revision_hash: &rev.root,
            seq,
            created_ms,
            comments: &comments,
        };
        let bytes = CommentBundle::build(&input, owner)?;
        let opened = CommentBundle::open(&bytes, &[owner.public_key().clone()])?;
        Ok(SignedBundle {
            bundle_id: opened.manifest.bundle_id.clone(),
            seq,
            comments: opened.manifest.comment_count,
            bytes,
        })
    }

    /// Imports a comment bundle (chairman or secretary). Returns the number of new
    /// comments: 0 for a bundle seen before. All or nothing. A late bundle (its round
    /// closed, or the text submitted or approved) is refused unless `accept_late` and
    /// the importer is the chairman: its comments are then marked late.
    pub fn import_bundle(
        &self,
        bytes: &[u8],
        actor: &str,
        accept_late: bool,
        now: i64,
    ) -> Result<u32> {
        let importer = self.person(actor)?;
        // The role before the file: a person who may not import learns that first.
        rules::permit_role(&importer, Act::ImportBundle)?;
        let people = self.people()?;
        let keys: Vec<PublicKey> = people
            .iter()
            .filter_map(|p| p.public_key.as_deref())
            .filter_map(|k| PublicKey::from_base64(k).ok())
            .collect();
        let opened = CommentBundle::open(bytes, &keys)?;
        let m = &opened.manifest;
        let author_key = opened.author.to_base64();
        let author = people
            .iter()
            .find(|p| p.public_key.as_deref() == Some(author_key.as_str()))
            .ok_or_else(|| {
            ReviewError::Refused("Người ký tệp góp ý không có trong danh sách.".into())
        })?;
        let reg = m.regulation_id.as_str();
        self.archive.regulation(reg).map_err(|_| {
            ReviewError::BadInput(format!(
                "Tệp góp ý cho quy chế {reg}, máy này không có quy chế đó."
            ))
        })?;
        let (stage, origin) = (self.stage(reg)?, self.origin(reg)?);
        if origin == Origin::Received {
            rules::permit(&importer, Act::ImportBundle, stage, origin)?;
        }
        let round =
            self.rounds(reg)?.into_iter().find(|r| r.id == m.round_id).ok_or_else(|| {
                ReviewError::BadInput(format!("Không có đợt lấy ý kiến {}.", m.round_id))
            })?;
        // A bundle taken in before is a replay, late or not: it adds nothing.
        let seen: Vec<BundleIn> = self.all(BUNDLES_IN)?;
        if seen.iter().any(|b| b.bundle_id == m.bundle_id) {
            return Ok(0);
        }
        let late = rules::permit_bundle_import(
            &importer,
            stage,
            origin,
            round.number,
            round.closed_ms.is_none(),
            accept_late,
        )?;
        if !round.reviewers.contains(&author.id) {
            return Err(ReviewError::Refused(format!(
                "{} không có tên trong danh sách góp ý của đợt {}.",
                author.name, round.number
            )));
        }
        let base =
            self.archive.revision_with_hash(reg, &m.base_revision_hash)?.ok_or_else(|| {
                ReviewError::BadInput(format!(
                    "Máy này không có phiên bản {} mà tệp góp ý dựa trên.",
                    m.base_revision_hash
                ))
            })?;
        // Replays add nothing; a reused sequence number with other content is refused.
        // Senders number bundles per regulation, so the number is only unique for one
        // author on one regulation. Every stored BundleIn has carried its regulation.
        if let Some(b) = seen
            .iter()
            .find(|b| b.author_key_id == m.author_key_id && b.regulation == reg && b.seq == m.seq)
        {
            return Err(ReviewError::BadInput(format!(
                "{} đã gửi tệp góp ý số {} ({}), tệp này cùng số nhưng khác nội dung.",
                author.name, m.seq, b.bundle_id
            )));
        }
        let doc = self.archive.load(reg, Some(base))?.document;
        let units = anchor::Units::of(&doc);
        let existing: HashSet<String> =
            self.all::<Comment>(COMMENTS)?.into_iter().map(|c| c.id).collect();
        let count = existing.len();
        let mut new_comments = Vec::new();
        for (i, c) in opened.comments.iter().enumerate() {
            let id = short_id("c", &[&m.bundle_id, &c.local_id]);
            if existing.contains(&id) {
                continue;
            }
            let anchor = from_x_anchor(&c.anchor);
            // The anchor must hold on the revision it names, or it points at nothing.
            if anchor::state(&units, &anchor) != anchor::AnchorState::Current
                || units.article_of(UnitId(anchor.unit)).map(|a| a.0) != Some(anchor.article)
            {
                return Err(ReviewError::BadInput(format!(
                    "Góp ý {} trỏ tới đoạn \u{201c}{}\u{201d} không có trong phiên bản {base}.",
                    c.local_id, anchor.quote.exact
                )));
            }
            new_comments.push(Comment {
                id,
                regulation: reg.to_string(),
                round: round.id.clone(),
                revision: base,
                author: author.id.clone(),
                anchor,
                text: c.text.clone(),
                proposal: c.proposal.clone(),
                created_ms: now,
                seq: (count + i + 1) as u32,
                late,
            });
        }
        let record = BundleIn {
            bundle_id: m.bundle_id.clone(),
            author_key_id: m.author_key_id.clone(),
            seq: m.seq,
            regulation: reg.to_string(),
            comments: new_comments.iter().map(|c| c.id.clone()).collect(),
            late,
        };
        let mut bodies: Vec<(String, String)> =
            new_comments.iter().map(|c| (c.id.clone(), encode(c))).collect();
        let in_body = encode(&record);
        let mut writes: Vec<RecordWrite> = bodies
            .iter_mut()
            .map(|(k, b)| RecordWrite { collection: COMMENTS, key: k, body: b, create_only: true })
            .collect();
        writes.push(RecordWrite {
            collection: BUNDLES_IN,
            key: &m.bundle_id,
            body: &in_body,
            create_only: true,
        });
        self.write(
            &writes,
            None,
            Action {
                time_ms: now,
                actor: &importer.name,
                action: "bundle-in",
                regulation: Some(reg),
                revision: Some(base),
                detail: &format!(
                    "Tệp góp ý {} của {} (số {}): {} ý kiến mới{}",
                    m.bundle_id,
                    author.name,
                    m.seq,
                    new_comments.len(),
                    if late { ", nộp muộn, Chủ tịch nhận" } else { "" }
                ),
            },
        )?;
        Ok(new_comments.len() as u32)
    }
}

//! Signed seals: what an approval's signature covers, and checking it.
//!
//! A seal alone (SHA-256 of the canonical text) only says which words a file claims; whoever
//! can edit the file can rewrite the hash too. The installation that records an approval
//! therefore signs a [`SealStatement`] with its Ed25519 key, and every export carries the
//! [`SealSignature`]: the minisign signature and the signer's identity card. Anyone holding
//! a card they trust can then check that *this* key vouched for *this* decision over *these*
//! words.
//!
//! The signed bytes are [`SealStatement::payload`], defined here once: the recorder
//! (`quyche-review`) and every verifier (`quyche-export`) call it. Its first two lines name
//! the layout and its version, so a later layout can never be mistaken for this one:
//!
//! ```text
//! quyche-seal-signature
//! version 1
//! regulation "quy-che-lam-viec"
//! revision 3
//! text-sha256 "3f1c…"
//! decision "12/QĐ-LMHTX"
//! date "2026-11-28"
//! vote members=27 for=20 against=4 abstain=3
//! body "Ban Chấp hành …"
//! ```
//!
//! Strings are JSON strings (quotes, `\n` and `\"` escaped), so no value can forge a line;
//! a missing body is `null`. By hand: write the payload to a file and run
//! `minisign -Vm payload -P RW…` with the `.minisig` text from the manifest.

use serde::{Deserialize, Serialize};

use crate::error::{bad, ExchangeError};
use crate::signing::{parse_signature, verify};
use crate::{Identity, IdentityCard};

/// The layout version of [`SealStatement::payload`].
pub const SEAL_PAYLOAD_VERSION: u32 = 1;

/// The trusted comment of every seal signature (minisign signs it too).
const TRUSTED_COMMENT: &str = "quyche-seal-signature 1";

/// What the entry is called in messages.
const ENTRY: &str = "niêm phong";

/// The vote as recorded: every member of the body, and how they voted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealVote {
    pub members: u32,
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
}

/// The facts an approval's signature vouches for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealStatement {
    pub regulation_id: String,
    pub revision: u32,
    /// Hex SHA-256 of the canonical text (`quyche_text::canonical_hash`), lowercase.
    pub text_hash: String,
    /// `12/QĐ-LMHTX`.
    pub decision_no: String,
    /// ISO date, `2026-11-28`.
    pub approved_on: String,
    pub vote: SealVote,
    /// The approving body, as the export shows it.
    pub approved_by: Option<String>,
}

impl SealStatement {
    /// The exact bytes the signature covers (see the module docs).
    pub fn payload(&self) -> Vec<u8> {
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let v = &self.vote;
        format!(
            "quyche-seal-signature\nversion {SEAL_PAYLOAD_VERSION}\nregulation {}\nrevision {}\n\
             text-sha256 {}\ndecision {}\ndate {}\n\
             vote members={} for={} against={} abstain={}\nbody {}\n",
            q(&self.regulation_id),
            self.revision,
            q(&self.text_hash),
            q(&self.decision_no),
            q(&self.approved_on),
            v.members,
            v.votes_for,
            v.against,
            v.abstain,
            self.approved_by.as_deref().map(q).unwrap_or_else(|| "null".into()),
        )
        .into_bytes()
    }
}

/// A seal's signature as stored with the approval and carried by every export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealSignature {
    /// The text of a minisign `.minisig` file over [`SealStatement::payload`].
    pub minisig: String,
    /// The card of the key that signed: name, position, public key, fingerprint.
    pub signer: IdentityCard,
}

impl SealSignature {
    /// Signs `statement` with `identity`'s key.
    pub fn sign(
        identity: &Identity,
        statement: &SealStatement,
    ) -> Result<SealSignature, ExchangeError> {
        let minisig = identity.sign(&statement.payload(), TRUSTED_COMMENT)?;
        Ok(SealSignature { minisig, signer: identity.card() })
    }

    /// Checks that the card is whole (its key id and fingerprint are its key's), that the
    /// signature was made by the card's key, and that it covers `statement`. Says nothing
    /// about whether the card deserves trust: that is the verifier's to decide.
    pub fn check(&self, statement: &SealStatement) -> Result<(), ExchangeError> {
        let card = IdentityCard::read(&self.signer.to_json())?;
        let key = card.key()?;
        let sig = parse_signature(self.minisig.as_bytes(), ENTRY)?;
        if sig.key_id != key.key_id() {
            return Err(bad(format!(
                "chữ ký {ENTRY} do khóa {} ký, không phải khóa trên thẻ của {} ({})",
                sig.key_id,
                card.name,
                key.key_id()
            )));
        }
        if sig.trusted_comment != TRUSTED_COMMENT {
            return Err(bad(format!("chữ ký {ENTRY}: trusted comment không đúng")));
        }
        verify(&key, &sig, &statement.payload(), ENTRY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement() -> SealStatement {
        SealStatement {
            regulation_id: "quy-che".into(),
            revision: 3,
            text_hash: "ab".repeat(32),
            decision_no: "12/QĐ-LMHTX".into(),
            approved_on: "2026-11-28".into(),
            vote: SealVote { members: 27, votes_for: 20, against: 4, abstain: 3 },
            approved_by: Some("Ban Chấp hành".into()),
        }
    }

    #[test]
    fn the_payload_is_versioned_and_one_value_per_line() {
        let mut s = statement();
        s.decision_no = "1/QĐ\nrevision 9".into();
        let text = String::from_utf8(s.payload()).unwrap();
        assert!(text.starts_with("quyche-seal-signature\nversion 1\n"), "{text}");
        assert_eq!(text.lines().count(), 9, "{text}");
        assert!(text.contains("decision \"1/QĐ\\nrevision 9\""), "{text}");
        s.approved_by = None;
        assert!(String::from_utf8(s.payload()).unwrap().ends_with("body null\n"));
    }

    #[test]
    fn a_signature_checks_only_for_the_facts_it_was_made_over() {
        let id = Identity::create("Nguyễn Văn An", "Chủ tịch", None).unwrap();
        let sig = SealSignature::sign(&id, &statement()).unwrap();
        sig.check(&statement()).unwrap();
        let changes: Vec<fn(&mut SealStatement)> = vec![
            |s| s.regulation_id.push('x'),
            |s| s.revision += 1,
            |s| s.text_hash = "cd".repeat(32),
            |s| s.decision_no = "1/QĐ".into(),
            |s| s.approved_on = "2026-11-29".into(),
            |s| s.vote.votes_for -= 1,
            |s| s.vote.against += 1,
            |s| s.vote.abstain += 1,
            |s| s.vote.members += 1,
            |s| s.approved_by = None,
        ];
        for (i, change) in changes.into_iter().enumerate() {
            let mut s = statement();
            change(&mut s);
            assert!(sig.check(&s).is_err(), "change {i} still verifies");
        }
    }

    #[test]
    fn another_card_or_a_doctored_card_is_refused() {
        let a = Identity::create("Nguyễn Văn An", "Chủ tịch", None).unwrap();
        let b = Identity::create("Nguyễn Văn An", "Chủ tịch", None).unwrap();
        let mut sig = SealSignature::sign(&a, &statement()).unwrap();
        sig.signer = b.card();
        let err = sig.check(&statement()).unwrap_err().to_string();
        assert!(err.contains("không phải khóa trên thẻ"), "{err}");
        let mut sig = SealSignature::sign(&a, &statement()).unwrap();
        sig.signer.fingerprint = b.fingerprint();
        assert!(sig.check(&statement()).is_err());
    }
}

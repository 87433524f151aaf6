//! Signed seals: every format carries the signature and the signer's card, the footer names
//! the signer and the key's fingerprint, and `verify` tells a valid, an invalid and a
//! missing signature apart. Older (version 1) manifests still read, as unsigned.

use crate::common;

use common::*;
use quyche_exchange::Identity;
use quyche_export::SignatureCheck;
use quyche_export::{export, verify, ExportError, Format, Seal, SealSignature, SealVote};

fn signed_seal(doc: &quyche_model::Document, who: &Identity) -> Seal {
    let mut seal = seal_for(doc);
    seal.vote = Some(SealVote { members: 27, votes_for: 20, against: 4, abstain: 3 });
    let statement = seal.statement().expect("a complete seal");
    seal.signature = Some(SealSignature::sign(who, &statement).unwrap());
    seal
}

fn chairman() -> Identity {
    Identity::create("Nguyễn Văn An", "Chủ tịch", None).unwrap()
}

fn name(f: Format) -> String {
    format!("quy-che.{}", f.extension())
}

#[test]
fn every_format_carries_a_signature_that_verifies_and_a_footer_naming_the_signer() {
    let who = chairman();
    let doc = demo_approved();
    let seal = signed_seal(&doc, &who);
    for f in Format::ALL {
        let bytes = export(&doc, &seal, f).unwrap();
        let v = verify(&bytes, &name(f)).unwrap();
        assert!(v.matches, "{f:?}: {:?}", v.differences);
        assert_eq!(v.signature, SignatureCheck::Valid, "{f:?}");
        assert_eq!(v.seal.signature.as_ref().unwrap().signer, who.card(), "{f:?}");
        if f != Format::Docx {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains(&who.fingerprint()), "{f:?}: the footer names the key");
            assert!(text.contains("Ký bởi Nguyễn Văn An, Chủ tịch"), "{f:?}");
        }
    }
}

/// The text export's manifest, edited as `edit` says and written back.
fn with_manifest(bytes: &[u8], edit: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let begin = "-----BEGIN QUYCHE SEAL-----\n";
    let at = text.rfind(begin).unwrap() + begin.len();
    let end = at + text[at..].find("\n-----END").unwrap();
    let mut m: serde_json::Value = serde_json::from_str(&text[at..end]).unwrap();
    edit(&mut m);
    format!("{}{}{}", &text[..at], serde_json::to_string(&m).unwrap(), &text[end..]).into_bytes()
}

/// One change to a manifest.
type Edit = Box<dyn Fn(&mut serde_json::Value)>;

#[test]
fn a_changed_fact_or_a_swapped_card_makes_the_signature_invalid() {
    let who = chairman();
    let doc = demo_approved();
    let bytes = export(&doc, &signed_seal(&doc, &who), Format::Text).unwrap();
    let other = Identity::create("Nguyễn Văn An", "Chủ tịch", None).unwrap();
    let other_card = serde_json::to_value(other.card()).unwrap();
    let edits: Vec<(&str, Edit)> = vec![
        ("decision", Box::new(|m| m["seal"]["decision_no"] = "1/QĐ".into())),
        ("date", Box::new(|m| m["seal"]["approved_on"] = "2026-01-01".into())),
        ("revision", Box::new(|m| m["seal"]["revision"] = 4.into())),
        ("vote", Box::new(|m| m["seal"]["vote"]["votes_for"] = 27.into())),
        ("body", Box::new(|m| m["seal"]["approved_by"] = "Ban Kiểm tra".into())),
        ("card", Box::new(move |m| m["seal"]["signature"]["signer"] = other_card.clone())),
    ];
    for (what, edit) in edits {
        let v = verify(&with_manifest(&bytes, edit), "x.txt").unwrap();
        assert!(matches!(v.signature, SignatureCheck::Invalid(_)), "{what}: {:?}", v.signature);
    }
}

#[test]
fn a_changed_word_is_not_intact_though_the_manifest_still_carries_its_signature() {
    let doc = demo_approved();
    let bytes = export(&doc, &signed_seal(&doc, &chairman()), Format::Text).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let forged = text.replacen("nhiệm kỳ", "nhiệm  kỳ X", 1);
    assert_ne!(forged, text, "the demo has the words");
    let v = verify(forged.as_bytes(), "x.txt").unwrap();
    assert!(!v.matches);
    assert_eq!(v.signature, SignatureCheck::Valid, "the signature covers the recorded hash");
}

#[test]
fn a_version_1_manifest_reads_as_an_unsigned_seal_and_cannot_claim_a_signature() {
    let doc = demo_approved();
    let unsigned = export(&doc, &seal_for(&doc), Format::Text).unwrap();
    let old = with_manifest(&unsigned, |m| m["version"] = 1.into());
    let v = verify(&old, "x.txt").unwrap();
    assert!(v.matches);
    assert_eq!(v.signature, SignatureCheck::Missing);

    let signed = export(&doc, &signed_seal(&doc, &chairman()), Format::Text).unwrap();
    let forged = with_manifest(&signed, |m| m["version"] = 1.into());
    assert!(matches!(verify(&forged, "x.txt"), Err(ExportError::Malformed(_))));
    let newer = with_manifest(&signed, |m| m["version"] = 3.into());
    let err = verify(&newer, "x.txt").unwrap_err().to_string();
    assert!(err.contains("cập nhật"), "{err}");
}

#[test]
fn an_unsigned_seal_is_written_as_version_2_with_a_missing_signature() {
    let doc = demo();
    let bytes = export(&doc, &seal_for(&doc), Format::Markdown).unwrap();
    let v = verify(&bytes, "x.md").unwrap();
    assert!(v.matches);
    assert_eq!(v.signature, SignatureCheck::Missing);
    assert_eq!(v.signature.as_str(), "missing");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\"version\":2"), "{text}");
}

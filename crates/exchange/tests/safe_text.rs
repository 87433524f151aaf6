//! Issue 9 at the reader: text arriving in a comment bundle or a review package that
//! holds a control character or a bidi override is refused as a bad file, naming the
//! entry (`comments.json`, `document.json`), the comment or unit, and the character.

mod common;

use common::*;
use quyche_exchange::*;

/// The four characters of the issue, with how the messages name them.
const BAD: [(char, &str); 4] = [
    ('\u{1}', "ký tự điều khiển U+0001"),
    ('\u{202E}', "ký tự điều khiển hướng chữ U+202E"),
    ('\u{85}', "ký tự điều khiển U+0085"),
    ('\u{2066}', "ký tự điều khiển hướng chữ U+2066"),
];

type Mutation = fn(&mut BundleComment, String);

#[test]
fn a_bundle_with_an_unsafe_character_is_refused_naming_entry_comment_and_field() {
    let mem = member();
    let rows: [(&str, Mutation, &str); 4] = [
        ("text", |c, s| c.text = s, "comments.json: ý kiến thứ 2: nội dung góp ý"),
        ("proposal", |c, s| c.proposal = Some(s), "comments.json: ý kiến thứ 2: đề xuất sửa"),
        ("quote", |c, s| c.anchor.quote.exact = s, "comments.json: ý kiến thứ 2: đoạn trích"),
        (
            "prefix",
            |c, s| c.anchor.quote.prefix = s,
            "comments.json: ý kiến thứ 2: phần trước đoạn trích",
        ),
    ];
    for (ch, what) in BAD {
        for (field, mutate, label) in rows {
            let mut comments = new_comments();
            mutate(&mut comments[1], format!("Ý{ch}"));
            let bytes =
                forge_bundle(&mem, manifest_value(&mem), &serde_json::to_vec(&comments).unwrap());
            let msg = bad_file(CommentBundle::open(&bytes, &[mem.public_key().clone()]));
            assert_eq!(
                msg,
                format!("{label}: có {what} ở ký tự thứ 2 (không được phép)"),
                "{field}"
            );
        }
    }
    // The untouched comments open: the refusal is the character's, not the forging's.
    let bytes =
        forge_bundle(&mem, manifest_value(&mem), &serde_json::to_vec(&new_comments()).unwrap());
    assert!(CommentBundle::open(&bytes, &[mem.public_key().clone()]).is_ok());
}

#[test]
fn a_package_whose_document_holds_an_unsafe_character_is_refused_naming_the_unit() {
    let (chair, mem) = (chairman(), member());
    for (ch, what) in BAD {
        // Built programmatically, past every entry check, and signed by the chairman.
        let mut doc = document();
        let clause = doc.articles().nth(1).unwrap().children[1].id;
        doc.find_mut(clause).unwrap().paragraphs[0].push(ch);
        let comments = earlier_comments();
        let input = PackageInput {
            regulation_id: REGULATION,
            regulation_title: "Quy chế làm việc của Ban Chấp hành",
            revision: 2,
            revision_hash: REVISION_HASH,
            round: RoundInfo {
                id: ROUND.into(),
                number: 1,
                deadline: None,
                reviewers: vec!["p-member".into()],
            },
            roster: roster(&chair, &mem),
            document: &doc,
            comments: &comments,
            created_ms: 1_717_000_000_000,
        };
        let bytes = ReviewPackage::build(&input, &chair).unwrap();
        let msg = bad_file(ReviewPackage::open(&bytes, Some(chair.public_key())));
        assert_eq!(msg, format!("document.json: khoản 2 Điều 2: có {what} (không được phép)"));
    }
    assert!(ReviewPackage::open(&package(&chair, &mem), Some(chair.public_key())).is_ok());
}

#[test]
fn an_identity_card_or_a_roster_name_with_a_bidi_override_is_refused() {
    let err = Identity::create("Trần\u{202E} Thị Bình", "", None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Tên: có ký tự điều khiển hướng chữ U+202E ở ký tự thứ 5 (không được phép)"
    );
    let mut card: serde_json::Value = serde_json::from_slice(&member().card().to_json()).unwrap();
    card["position"] = "Ủy viên\u{2066}".into();
    let msg = bad_file(IdentityCard::read(&serde_json::to_vec(&card).unwrap()));
    assert_eq!(
        msg,
        "thẻ chữ ký số: chức vụ: có ký tự điều khiển hướng chữ U+2066 ở ký tự thứ 8 (không được phép)"
    );
}

//! Shared fixtures: two identities, a small regulation, a package and a bundle.
#![allow(dead_code)]

use quyche_exchange::*;
use quyche_model::Document;

pub const REGULATION: &str = "reg-1";
pub const ROUND: &str = "round-1";
pub const REVISION_HASH: &str = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b";

pub const TEXT: &str = "QUY CHẾ LÀM VIỆC\n\nChương I\nQUY ĐỊNH CHUNG\n\nĐiều 1. Phạm vi điều chỉnh\nQuy chế này quy định về chế độ làm việc của Ban Chấp hành.\n\nĐiều 2. Nguyên tắc làm việc\n1. Làm việc theo nguyên tắc tập trung dân chủ.\n2. Cá nhân phụ trách có trách nhiệm báo cáo kết quả.\n";

pub fn document() -> Document {
    quyche_text::parse(TEXT).document
}

pub fn chairman() -> Identity {
    Identity::create("Nguyễn Văn An", "Chủ tịch", None).unwrap()
}

pub fn member() -> Identity {
    Identity::create("Trần Thị Bình", "Ủy viên Ban Thường vụ", None).unwrap()
}

pub fn roster(chairman: &Identity, member: &Identity) -> Vec<RosterEntry> {
    vec![
        RosterEntry {
            id: "p-chair".into(),
            name: chairman.name().into(),
            position: chairman.position().into(),
            role: Role::Chairman,
            public_key: Some(chairman.public_key().to_base64()),
        },
        RosterEntry {
            id: "p-member".into(),
            name: member.name().into(),
            position: member.position().into(),
            role: Role::Member,
            public_key: Some(member.public_key().to_base64()),
        },
        RosterEntry {
            id: "p-secretary".into(),
            name: "Lê Văn Cường".into(),
            position: "Chánh Văn phòng".into(),
            role: Role::Secretary,
            public_key: None,
        },
    ]
}

pub fn anchor(exact: &str) -> Anchor {
    Anchor {
        unit: 3,
        article: 3,
        quote: Quote {
            exact: exact.into(),
            prefix: "Quy chế này quy định về ".into(),
            suffix: " của Ban".into(),
        },
        position: 24,
    }
}

pub fn earlier_comments() -> Vec<RecordedComment> {
    vec![RecordedComment {
        id: "c-1".into(),
        regulation: REGULATION.into(),
        round: "round-0".into(),
        revision: 1,
        author: "p-member".into(),
        anchor: anchor("chế độ làm việc"),
        text: "Nên nói rõ phạm vi.".into(),
        proposal: None,
        created_ms: 1_700_000_000_000,
        seq: 1,
    }]
}

pub fn package(chairman: &Identity, member: &Identity) -> Vec<u8> {
    let doc = document();
    let comments = earlier_comments();
    let input = PackageInput {
        regulation_id: REGULATION,
        regulation_title: "Quy chế làm việc của Ban Chấp hành",
        revision: 2,
        revision_hash: REVISION_HASH,
        round: RoundInfo {
            id: ROUND.into(),
            number: 1,
            deadline: Some("2025-06-30".into()),
            reviewers: vec!["p-member".into()],
        },
        roster: roster(chairman, member),
        document: &doc,
        comments: &comments,
        created_ms: 1_717_000_000_000,
    };
    ReviewPackage::build(&input, chairman).unwrap()
}

pub fn new_comments() -> Vec<BundleComment> {
    vec![
        BundleComment {
            local_id: "1".into(),
            anchor: anchor("chế độ làm việc"),
            text: "Đề nghị bổ sung \"và quan hệ công tác\".".into(),
            proposal: Some("chế độ làm việc và quan hệ công tác".into()),
        },
        BundleComment {
            local_id: "2".into(),
            anchor: Anchor {
                unit: 5,
                article: 4,
                quote: Quote {
                    exact: "tập trung dân chủ".into(),
                    prefix: "nguyên tắc ".into(),
                    suffix: ".".into(),
                },
                position: 21,
            },
            text: "Đồng ý.".into(),
            proposal: None,
        },
    ]
}

pub fn bundle_with(member: &Identity, seq: u32, comments: &[BundleComment]) -> Vec<u8> {
    let input = BundleInput {
        regulation_id: REGULATION,
        round_id: ROUND,
        base_revision: 2,
        base_revision_hash: REVISION_HASH,
        seq,
        created_ms: 1_717_100_000_000,
        comments,
    };
    CommentBundle::build(&input, member).unwrap()
}

pub fn bundle(member: &Identity) -> Vec<u8> {
    bundle_with(member, 1, &new_comments())
}

/// Signs and packs a bundle from a manifest and comments written by hand, fixing up the
/// hash, count and id, so a test can put exactly one wrong thing in an otherwise valid,
/// correctly signed bundle.
pub fn forge_bundle(
    author: &Identity,
    mut manifest: serde_json::Value,
    comments_json: &[u8],
) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let hash: String = Sha256::digest(comments_json).iter().map(|b| format!("{b:02x}")).collect();
    manifest["comments_sha256"] = hash.clone().into();
    if let Ok(serde_json::Value::Array(a)) =
        serde_json::from_slice::<serde_json::Value>(comments_json)
    {
        manifest["comment_count"] = (a.len() as u64).into();
    }
    let m = &manifest;
    let id = CommentBundle::bundle_id(
        m["author_key_id"].as_str().unwrap(),
        m["regulation_id"].as_str().unwrap(),
        m["round_id"].as_str().unwrap(),
        m["base_revision"].as_u64().unwrap() as u32,
        m["base_revision_hash"].as_str().unwrap(),
        m["seq"].as_u64().unwrap() as u32,
        m["created_ms"].as_i64().unwrap(),
        &hash,
    );
    manifest["bundle_id"] = id.clone().into();
    let mut bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    bytes.push(b'\n');
    let trusted = format!(
        "quyche-comment-bundle {id} author:{} seq:{}",
        author.key_id(),
        manifest["seq"].as_u64().unwrap()
    );
    let sig = author.sign(&bytes, &trusted).unwrap();
    write_container(&[
        ("manifest.json", &bytes),
        ("comments.json", comments_json),
        ("manifest.json.minisig", sig.as_bytes()),
    ])
    .unwrap()
}

/// The manifest of a valid bundle, as JSON, to edit.
pub fn manifest_value(author: &Identity) -> serde_json::Value {
    let opened = CommentBundle::open(&bundle(author), &[author.public_key().clone()]).unwrap();
    serde_json::to_value(&opened.manifest).unwrap()
}

/// The entries of a container made by this crate, uncompressed, via the zip crate.
pub fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_owned(), data)
        })
        .collect()
}

pub fn repack(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> =
        entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    write_container(&refs).unwrap()
}

pub fn bad_file(r: Result<impl std::fmt::Debug, ExchangeError>) -> String {
    match r {
        Err(ExchangeError::BadFile(m)) => m,
        other => panic!("expected BadFile, got {other:?}"),
    }
}

pub fn not_allowed(r: Result<impl std::fmt::Debug, ExchangeError>) -> String {
    match r {
        Err(ExchangeError::NotAllowed(m)) => m,
        other => panic!("expected NotAllowed, got {other:?}"),
    }
}

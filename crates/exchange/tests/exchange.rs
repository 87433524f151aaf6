//! Round trips and refusals of identities, cards, review packages and comment bundles.

mod common;

use std::io::Write;

use common::*;
use quyche_exchange::*;

// ---------------------------------------------------------------------------------------
// Identities and cards

#[test]
fn identity_saves_and_loads_with_a_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let id = Identity::create("Nguyễn Văn An", "Chủ tịch", Some("mật khẩu dài")).unwrap();
    id.save(dir.path()).unwrap();

    let key = std::fs::read_to_string(dir.path().join(SECRET_KEY_FILE)).unwrap();
    assert!(key.starts_with("untrusted comment: "), "{key}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            std::fs::metadata(dir.path().join(SECRET_KEY_FILE)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let loaded = Identity::load(dir.path(), Some("mật khẩu dài")).unwrap();
    assert_eq!(loaded.public_key(), id.public_key());
    assert_eq!(loaded.name(), "Nguyễn Văn An");
    assert_eq!(loaded.fingerprint(), id.fingerprint());

    // The loaded key signs: a bundle from it opens with the original public key.
    let opened = CommentBundle::open(&bundle(&loaded), &[id.public_key().clone()]).unwrap();
    assert_eq!(opened.manifest.author_key_id, id.key_id());

    assert!(
        matches!(Identity::load(dir.path(), Some("sai")), Err(ExchangeError::Passphrase(m)) if m.contains("không đúng"))
    );
    assert!(
        matches!(Identity::load(dir.path(), None), Err(ExchangeError::Passphrase(m)) if m.contains("mật khẩu"))
    );
    // Saving again never overwrites the secret key.
    let err = id.save(dir.path()).unwrap_err();
    assert!(matches!(&err, ExchangeError::Io(m) if m.contains("không ghi đè")), "{err}");
}

#[test]
fn identity_without_passphrase_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let id = member();
    id.save(dir.path()).unwrap();
    let loaded = Identity::load(dir.path(), None).unwrap();
    assert_eq!(loaded.key_id(), id.key_id());
    // The minisign .pub file is what `minisign -p` reads.
    let pubfile = std::fs::read_to_string(dir.path().join(PUBLIC_KEY_FILE)).unwrap();
    assert_eq!(pubfile.lines().nth(1), Some(id.public_key().to_base64().as_str()));
    assert!(pubfile.contains(&id.key_id()));
}

#[test]
fn identity_load_refuses_a_card_of_another_key() {
    let dir = tempfile::tempdir().unwrap();
    member().save(dir.path()).unwrap();
    std::fs::write(dir.path().join(CARD_FILE), chairman().card().to_json()).unwrap();
    let msg = bad_file(Identity::load(dir.path(), None));
    assert!(msg.contains("không khớp"), "{msg}");
}

#[test]
fn fingerprint_is_eight_groups_of_four_hex_digits_of_the_key_hash() {
    use sha2::{Digest, Sha256};
    let id = member();
    let fp = id.fingerprint();
    let groups: Vec<&str> = fp.split(' ').collect();
    assert_eq!(groups.len(), 8, "{fp}");
    assert!(groups
        .iter()
        .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())));
    // What `echo RW… | base64 -d | sha256sum` shows.
    use ct_codecs_shim::decode;
    let raw = decode(&id.public_key().to_base64());
    let hex: String = Sha256::digest(&raw).iter().map(|b| format!("{b:02X}")).collect();
    assert_eq!(fp.replace(' ', ""), hex[..32]);
    assert_eq!(id.key_id().len(), 16);
}

/// A base64 decoder for the test only, so the test does not share the code under test.
mod ct_codecs_shim {
    pub fn decode(s: &str) -> Vec<u8> {
        let val = |c: u8| match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64"),
        };
        let clean: Vec<u8> = s.bytes().filter(|&b| b != b'=').collect();
        let mut out = Vec::new();
        let mut acc = 0u32;
        let mut bits = 0;
        for c in clean {
            acc = (acc << 6) | val(c) as u32;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
            }
        }
        out
    }
}

#[test]
fn card_round_trips_and_normalises_names() {
    let id = chairman();
    let card = IdentityCard::read(&id.card().to_json()).unwrap();
    assert_eq!(card, id.card());
    assert_eq!(card.key().unwrap(), *id.public_key());

    // A card written with decomposed letters reads as NFC.
    let mut v: serde_json::Value = serde_json::from_slice(&id.card().to_json()).unwrap();
    v["name"] = "Nguye\u{302}\u{303}n Va\u{306}n An".into();
    let card = IdentityCard::read(&serde_json::to_vec(&v).unwrap()).unwrap();
    assert_eq!(card.name, "Nguyễn Văn An");
}

#[test]
fn card_refusals_name_the_problem() {
    let id = chairman();
    let base: serde_json::Value = serde_json::from_slice(&id.card().to_json()).unwrap();
    let with = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = base.clone();
        f(&mut v);
        IdentityCard::read(&serde_json::to_vec(&v).unwrap())
    };
    let other = member();
    let msg = bad_file(with(&|v| v["fingerprint"] = other.fingerprint().into()));
    assert!(msg.contains("mã nhận dạng"), "{msg}");
    let msg = bad_file(with(&|v| v["key_id"] = other.key_id().into()));
    assert!(msg.contains("mã khóa"), "{msg}");
    let msg = bad_file(with(&|v| v["public_key"] = "RWQ-not-a-key".into()));
    assert!(msg.contains("khóa công khai"), "{msg}");
    let msg = bad_file(with(&|v| v["version"] = 2.into()));
    assert!(msg.contains("phiên bản 2") && msg.contains("cập nhật"), "{msg}");
    let msg = bad_file(with(&|v| v["format"] = "something-else".into()));
    assert!(msg.contains("định dạng"), "{msg}");
    let msg = bad_file(with(&|v| v["name"] = "An\nB".into()));
    assert!(msg.contains("ký tự điều khiển"), "{msg}");
    let msg = bad_file(with(&|v| v["name"] = "  ".into()));
    assert!(msg.contains("để trống"), "{msg}");
    let msg = bad_file(with(&|v| v["extra"] = "x".into()));
    assert!(msg.contains("extra"), "{msg}");
    let big = vec![b' '; 17 * 1024];
    let msg = bad_file(IdentityCard::read(&big));
    assert!(msg.contains("quá lớn"), "{msg}");
    let msg = bad_file(IdentityCard::read(b"{\"format\": \"quyche-identity\", "));
    assert!(msg.contains("cắt cụt"), "{msg}");
}

#[test]
fn identity_refuses_empty_names_and_passphrases() {
    assert!(matches!(Identity::create(" ", "x", None), Err(ExchangeError::BadFile(_))));
    assert!(matches!(Identity::create("An", "x", Some("")), Err(ExchangeError::Passphrase(_))));
}

// ---------------------------------------------------------------------------------------
// Review packages

#[test]
fn package_round_trip() {
    let (chair, mem) = (chairman(), member());
    let bytes = package(&chair, &mem);
    let opened = ReviewPackage::open(&bytes, Some(chair.public_key())).unwrap();
    assert_eq!(opened.document, document());
    assert_eq!(opened.comments, earlier_comments());
    assert_eq!(opened.chairman.id, "p-chair");
    assert_eq!(opened.signer, *chair.public_key());
    let m = &opened.manifest;
    assert_eq!(m.format, "quyche-review-package");
    assert_eq!(m.regulation.id, REGULATION);
    assert_eq!(m.revision.number, 2);
    assert_eq!(m.revision.content_hash, REVISION_HASH);
    assert_eq!(m.round.reviewers, ["p-member"]);
    assert_eq!(m.roster.len(), 3);
    assert_eq!(m.package_id.len(), 32);
    // Without a trusted key the package still opens (it is whole), naming its signer.
    assert_eq!(ReviewPackage::open(&bytes, None).unwrap().manifest, opened.manifest);
    // Two builds of the same content have the same id, though not the same bytes
    // (minisign signs with fresh randomness).
    let again = package(&chair, &mem);
    assert_ne!(again, bytes);
    assert_eq!(ReviewPackage::open(&again, None).unwrap().manifest.package_id, m.package_id);
}

#[test]
fn package_refuses_an_untrusted_chairman_key() {
    let (chair, mem) = (chairman(), member());
    let bytes = package(&chair, &mem);
    let stranger = Identity::create("Kẻ Lạ", "", None).unwrap();
    let msg = not_allowed(ReviewPackage::open(&bytes, Some(stranger.public_key())));
    assert!(msg.contains("tin cậy"), "{msg}");
}

#[test]
fn package_must_be_signed_by_the_rosters_chairman() {
    let (chair, mem) = (chairman(), member());
    let doc = document();
    let input = PackageInput {
        regulation_id: REGULATION,
        regulation_title: "Quy chế",
        revision: 2,
        revision_hash: REVISION_HASH,
        round: RoundInfo { id: ROUND.into(), number: 1, deadline: None, reviewers: vec![] },
        roster: roster(&chair, &mem),
        document: &doc,
        comments: &[],
        created_ms: 0,
    };
    let msg = not_allowed(ReviewPackage::build(&input, &mem));
    assert!(msg.contains("chủ tịch"), "{msg}");

    // A member who forges a package (signing package.json themselves) is named.
    let good = entries(&package(&chair, &mem));
    let mut forged = good.clone();
    forged[3].1 = mem.sign(&good[0].1, "quyche-review-package x").unwrap().into_bytes();
    let msg = not_allowed(ReviewPackage::open(&repack(&forged), None));
    assert!(msg.contains("Trần Thị Bình") && msg.contains("không phải chủ tịch"), "{msg}");
}

#[test]
fn package_refuses_a_changed_document() {
    let (chair, mem) = (chairman(), member());
    let mut e = entries(&package(&chair, &mem));
    let text = String::from_utf8(e[1].1.clone())
        .unwrap()
        .replace("tập trung dân chủ", "tập trung quan liêu");
    e[1].1 = text.into_bytes();
    let msg = bad_file(ReviewPackage::open(&repack(&e), Some(chair.public_key())));
    assert!(msg.contains("document.json") && msg.contains("mã kiểm tra"), "{msg}");
}

#[test]
fn package_with_a_document_that_does_not_match_its_text_hash_is_refused() {
    // Signed correctly, entry hashes right, but the text hash is of another document:
    // only the recomputation catches it.
    let (chair, mem) = (chairman(), member());
    let e = entries(&package(&chair, &mem));
    let mut manifest: serde_json::Value = serde_json::from_slice(&e[0].1).unwrap();
    manifest["revision"]["text_sha256"] = "0".repeat(64).into();
    let mut m = serde_json::to_vec_pretty(&manifest).unwrap();
    m.push(b'\n');
    let sig = chair
        .sign(&m, &format!("quyche-review-package {}", manifest["package_id"].as_str().unwrap()))
        .unwrap();
    let bytes = write_container(&[
        ("package.json", &m),
        ("document.json", &e[1].1),
        ("comments.json", &e[2].1),
        ("package.json.minisig", sig.as_bytes()),
    ])
    .unwrap();
    let msg = bad_file(ReviewPackage::open(&bytes, Some(chair.public_key())));
    assert!(msg.contains("không khớp với mã kiểm tra của bản sửa đổi"), "{msg}");
}

#[test]
fn package_flipped_bytes_are_all_refused() {
    let (chair, mem) = (chairman(), member());
    let bytes = package(&chair, &mem);
    let mut step = 1;
    if bytes.len() > 6000 {
        step = bytes.len() / 3000;
    }
    for i in (0..bytes.len()).step_by(step) {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        assert!(
            ReviewPackage::open(&b, Some(chair.public_key())).is_err(),
            "byte {i} of {} flipped was accepted",
            bytes.len()
        );
    }
}

// ---------------------------------------------------------------------------------------
// Comment bundles

#[test]
fn bundle_round_trip() {
    let mem = member();
    let bytes = bundle(&mem);
    let opened =
        CommentBundle::open(&bytes, &[chairman().public_key().clone(), mem.public_key().clone()])
            .unwrap();
    assert_eq!(opened.comments, new_comments());
    assert_eq!(opened.author, *mem.public_key());
    let m = &opened.manifest;
    assert_eq!(m.format, "quyche-comment-bundle");
    assert_eq!(m.version, 1);
    assert_eq!(m.author_key_id, mem.key_id());
    assert_eq!(m.author_name, "Trần Thị Bình");
    assert_eq!(m.seq, 1);
    assert_eq!(m.base_revision, 2);
    assert_eq!(m.base_revision_hash, REVISION_HASH);
    assert_eq!(m.comment_count, 2);

    // The id depends on the content, not on the signature's randomness: the importer can
    // recognise a bundle it has seen, and a new seq makes a new bundle.
    let again = CommentBundle::open(&bundle(&mem), &[mem.public_key().clone()]).unwrap();
    assert_eq!(again.manifest.bundle_id, m.bundle_id);
    let next =
        CommentBundle::open(&bundle_with(&mem, 2, &new_comments()), &[mem.public_key().clone()])
            .unwrap();
    assert_ne!(next.manifest.bundle_id, m.bundle_id);
    assert_eq!(next.manifest.seq, 2);
}

#[test]
fn bundle_with_no_comments_opens() {
    let mem = member();
    let opened =
        CommentBundle::open(&bundle_with(&mem, 3, &[]), &[mem.public_key().clone()]).unwrap();
    assert!(opened.comments.is_empty());
}

#[test]
fn bundle_signed_by_an_unknown_identity_is_not_allowed() {
    let mem = member();
    let stranger = Identity::create("Người Lạ", "", None).unwrap();
    let msg = not_allowed(CommentBundle::open(&bundle(&stranger), &[mem.public_key().clone()]));
    assert!(msg.contains(&stranger.key_id()) && msg.contains("không có trong danh sách"), "{msg}");
    let msg = not_allowed(CommentBundle::open(&bundle(&mem), &[]));
    assert!(msg.contains("không có trong danh sách"), "{msg}");
}

#[test]
fn flipped_byte_in_the_manifest_is_refused() {
    let mem = member();
    let mut e = entries(&bundle(&mem));
    let m = String::from_utf8(e[0].1.clone()).unwrap().replace("\"seq\": 1", "\"seq\": 7");
    e[0].1 = m.into_bytes();
    let msg = bad_file(CommentBundle::open(&repack(&e), &[mem.public_key().clone()]));
    assert!(msg.contains("chữ ký của manifest.json không đúng"), "{msg}");
}

#[test]
fn flipped_byte_in_the_comments_is_refused() {
    let mem = member();
    let mut e = entries(&bundle(&mem));
    let pos = e[1].1.windows(4).position(|w| w == b"sung").unwrap();
    e[1].1[pos] = b'S';
    let msg = bad_file(CommentBundle::open(&repack(&e), &[mem.public_key().clone()]));
    assert!(msg.contains("comments.json không khớp với mã kiểm tra"), "{msg}");
}

#[test]
fn flipped_byte_in_the_signature_is_refused() {
    let mem = member();
    let good = entries(&bundle(&mem));
    let sig = String::from_utf8(good[2].1.clone()).unwrap();
    let lines: Vec<&str> = sig.lines().collect();
    // A byte of the signature proper, of the trusted comment, of the global signature.
    for (line, col) in [(1, 40), (2, 20), (3, 10)] {
        let mut e = good.clone();
        let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        let mut bytes = l[line].clone().into_bytes();
        bytes[col] = if bytes[col] == b'A' { b'B' } else { b'A' };
        l[line] = String::from_utf8(bytes).unwrap();
        e[2].1 = (l.join("\n") + "\n").into_bytes();
        let msg = bad_file(CommentBundle::open(&repack(&e), &[mem.public_key().clone()]));
        assert!(msg.contains("chữ ký"), "line {line}: {msg}");
    }
    // A short global signature (minisign 0.10 would panic on it).
    let mut e = good.clone();
    let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    l[3] = l[3][..40].to_string();
    e[2].1 = (l.join("\n") + "\n").into_bytes();
    let msg = bad_file(CommentBundle::open(&repack(&e), &[mem.public_key().clone()]));
    assert!(msg.contains("chữ ký toàn cục"), "{msg}");
}

#[test]
fn flipped_byte_in_the_zip_structure_is_refused() {
    let mem = member();
    let bytes = bundle(&mem);
    let keys = [mem.public_key().clone()];
    // The central directory's first entry: its DOS date (not covered by any hash).
    let cd = bytes.windows(4).position(|w| w == [0x50, 0x4b, 0x01, 0x02]).unwrap();
    let mut b = bytes.clone();
    b[cd + 14] ^= 0x01;
    let msg = bad_file(CommentBundle::open(&b, &keys));
    assert!(msg.contains("cấu trúc ZIP"), "{msg}");
    // The local header's copy of the name.
    let mut b = bytes.clone();
    b[30] ^= 0x20;
    assert!(CommentBundle::open(&b, &keys).is_err());
}

#[test]
fn every_single_byte_flip_of_a_bundle_is_refused() {
    let mem = member();
    let bytes = bundle(&mem);
    let keys = [mem.public_key().clone()];
    for i in 0..bytes.len() {
        for bit in [0x01u8, 0x80] {
            let mut b = bytes.clone();
            b[i] ^= bit;
            assert!(
                CommentBundle::open(&b, &keys).is_err(),
                "byte {i} ^ {bit:#x} of {} was accepted",
                bytes.len()
            );
        }
    }
}

#[test]
fn truncated_files_are_refused() {
    let mem = member();
    let bytes = bundle(&mem);
    for len in [0, 1, 21, 22, bytes.len() / 2, bytes.len() - 23, bytes.len() - 1] {
        let msg = bad_file(CommentBundle::open(&bytes[..len], &[mem.public_key().clone()]));
        assert!(msg.contains("cắt cụt") || msg.contains("hỏng"), "{len}: {msg}");
    }
    let msg = bad_file(CommentBundle::open(&bytes[..bytes.len() - 1], &[mem.public_key().clone()]));
    assert!(msg.contains("bị cắt cụt hoặc không phải tệp ZIP"), "{msg}");
}

#[test]
fn malformed_json_is_refused_with_its_position() {
    let mem = member();
    let mut e = entries(&bundle(&mem));
    e[0].1 = b"{\n  \"format\": \"quyche-comment-bundle\",\n  \"version\": 1,,\n}\n".to_vec();
    let sig = mem.sign(&e[0].1, "x").unwrap();
    e[2].1 = sig.into_bytes();
    let msg = bad_file(CommentBundle::open(&repack(&e), &[mem.public_key().clone()]));
    assert!(msg.contains("manifest.json không phải JSON hợp lệ (dòng 3"), "{msg}");

    // Signed, hashed, but comments.json is not JSON.
    let m = manifest_value(&mem);
    let msg = bad_file(CommentBundle::open(
        &forge_bundle(&mem, m, b"[{\"local_id\": "),
        &[mem.public_key().clone()],
    ));
    assert!(msg.contains("comments.json bị cắt cụt"), "{msg}");
}

#[test]
fn newer_version_is_refused_with_a_hint() {
    let mem = member();
    let mut m = manifest_value(&mem);
    m["version"] = 2.into();
    let bytes = forge_bundle(&mem, m, &serde_json::to_vec(&new_comments()).unwrap());
    let msg = bad_file(CommentBundle::open(&bytes, &[mem.public_key().clone()]));
    assert!(
        msg.contains("phiên bản 2, mới hơn phiên bản 1") && msg.contains("cập nhật Quyche"),
        "{msg}"
    );
}

#[test]
fn unknown_format_tag_is_refused() {
    let mem = member();
    let mut m = manifest_value(&mem);
    m["format"] = "quyche-review-package".into();
    let bytes = forge_bundle(&mem, m, b"[]");
    let msg = bad_file(CommentBundle::open(&bytes, &[mem.public_key().clone()]));
    assert!(msg.contains("định dạng \"quyche-review-package\""), "{msg}");
}

#[test]
fn huge_comment_is_refused() {
    let mem = member();
    let mut c = new_comments();
    c[0].text = "ý".repeat(MAX_COMMENT_CHARS + 1);
    let bytes = forge_bundle(&mem, manifest_value(&mem), &serde_json::to_vec(&c).unwrap());
    let msg = bad_file(CommentBundle::open(&bytes, &[mem.public_key().clone()]));
    assert!(
        msg.contains("ý kiến thứ 1") && msg.contains("20001 ký tự") && msg.contains("20000"),
        "{msg}"
    );
    // The builder refuses it too, before signing.
    let input = BundleInput {
        regulation_id: REGULATION,
        round_id: ROUND,
        base_revision: 2,
        base_revision_hash: REVISION_HASH,
        seq: 1,
        created_ms: 0,
        comments: &c,
    };
    assert!(CommentBundle::build(&input, &mem).is_err());
    // Exactly at the limit is fine.
    c[0].text = "ý".repeat(MAX_COMMENT_CHARS);
    assert!(CommentBundle::open(&bundle_with(&mem, 1, &c), &[mem.public_key().clone()]).is_ok());
}

#[test]
fn too_many_comments_are_refused() {
    let mem = member();
    let one = &new_comments()[1];
    let many: Vec<BundleComment> = (0..=MAX_COMMENTS)
        .map(|i| BundleComment { local_id: i.to_string(), ..one.clone() })
        .collect();
    let bytes = forge_bundle(&mem, manifest_value(&mem), &serde_json::to_vec(&many).unwrap());
    let msg = bad_file(CommentBundle::open(&bytes, &[mem.public_key().clone()]));
    assert!(msg.contains("10000"), "{msg}");
}

#[test]
fn duplicate_local_ids_and_empty_comments_are_refused() {
    let mem = member();
    let mut c = new_comments();
    c[1].local_id = "1".into();
    let bytes = forge_bundle(&mem, manifest_value(&mem), &serde_json::to_vec(&c).unwrap());
    let msg = bad_file(CommentBundle::open(&bytes, &[mem.public_key().clone()]));
    assert!(msg.contains("bị trùng"), "{msg}");
    let mut c = new_comments();
    c[0].text = "   ".into();
    let bytes = forge_bundle(&mem, manifest_value(&mem), &serde_json::to_vec(&c).unwrap());
    let msg = bad_file(CommentBundle::open(&bytes, &[mem.public_key().clone()]));
    assert!(msg.contains("trống"), "{msg}");
}

#[test]
fn signature_by_another_key_than_the_manifest_names_is_refused() {
    let (mem, other) = (member(), chairman());
    let mut e = entries(&bundle(&mem));
    e[2].1 = other.sign(&e[0].1, "x").unwrap().into_bytes();
    let msg = bad_file(CommentBundle::open(
        &repack(&e),
        &[mem.public_key().clone(), other.public_key().clone()],
    ));
    assert!(msg.contains("ghi tác giả"), "{msg}");
}

// ---------------------------------------------------------------------------------------
// The hardened reader, with containers made by the zip crate

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn zip_bomb_stops_at_the_cap() {
    let mem = member();
    let e = entries(&bundle(&mem));
    // 80 MB of zeros deflate to about 80 KB.
    let zeros = vec![0u8; 80 * 1024 * 1024];
    let bomb = zip_of(&[
        ("manifest.json", &e[0].1),
        ("comments.json", &zeros),
        ("manifest.json.minisig", &e[2].1),
    ]);
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    drop(zeros);
    let msg = bad_file(CommentBundle::open(&bomb, &[mem.public_key().clone()]));
    assert!(msg.contains("comments.json") && msg.contains("bom nén"), "{msg}");

    // A manifest entry has a much smaller cap.
    let big = vec![b' '; 2 * 1024 * 1024];
    let bomb = zip_of(&[
        ("manifest.json", &big),
        ("comments.json", &e[1].1),
        ("manifest.json.minisig", &e[2].1),
    ]);
    let msg = bad_file(CommentBundle::open(&bomb, &[mem.public_key().clone()]));
    assert!(msg.contains("manifest.json") && msg.contains("vượt quá giới hạn"), "{msg}");
}

#[test]
fn zip_bomb_with_a_lying_size_stops_at_the_cap() {
    // The declared size says 1 KB; the data inflates to 70 MB.
    let mem = member();
    let e = entries(&bundle(&mem));
    let zeros = vec![0u8; 70 * 1024 * 1024];
    let mut bomb = zip_of(&[
        ("manifest.json", &e[0].1),
        ("comments.json", &zeros),
        ("manifest.json.minisig", &e[2].1),
    ]);
    drop(zeros);
    let declared = (70u32 * 1024 * 1024).to_le_bytes();
    let small = 1024u32.to_le_bytes();
    let mut patched = 0;
    for i in 0..bomb.len() - 4 {
        if bomb[i..i + 4] == declared {
            bomb[i..i + 4].copy_from_slice(&small);
            patched += 1;
        }
    }
    assert!(patched >= 2, "{patched}");
    let msg = bad_file(CommentBundle::open(&bomb, &[mem.public_key().clone()]));
    assert!(msg.contains("comments.json"), "{msg}");
}

#[test]
fn path_traversal_entry_is_refused() {
    let mem = member();
    let e = entries(&bundle(&mem));
    let z = zip_of(&[
        ("manifest.json", &e[0].1),
        ("../evil", b"x"),
        ("comments.json", &e[1].1),
        ("manifest.json.minisig", &e[2].1),
    ]);
    let msg = bad_file(CommentBundle::open(&z, &[mem.public_key().clone()]));
    assert!(msg.contains("\"../evil\"") && msg.contains("(..)"), "{msg}");
}

#[test]
fn absolute_entry_name_is_refused() {
    let mem = member();
    let e = entries(&bundle(&mem));
    let z = zip_of(&[
        ("/etc/passwd", b"root:x:0:0"),
        ("manifest.json", &e[0].1),
        ("comments.json", &e[1].1),
        ("manifest.json.minisig", &e[2].1),
    ]);
    let msg = bad_file(CommentBundle::open(&z, &[mem.public_key().clone()]));
    assert!(msg.contains("\"/etc/passwd\"") && msg.contains("tuyệt đối"), "{msg}");
}

#[test]
fn backslash_and_unexpected_entry_names_are_refused() {
    let mem = member();
    let e = entries(&bundle(&mem));
    let z = zip_of(&[
        ("manifest.json", &e[0].1),
        ("a\\b", b"x"),
        ("comments.json", &e[1].1),
        ("manifest.json.minisig", &e[2].1),
    ]);
    let msg = bad_file(CommentBundle::open(&z, &[mem.public_key().clone()]));
    assert!(msg.contains("gạch chéo ngược"), "{msg}");
    let z = zip_of(&[
        ("manifest.json", &e[0].1),
        ("extra.txt", b"x"),
        ("comments.json", &e[1].1),
        ("manifest.json.minisig", &e[2].1),
    ]);
    let msg = bad_file(CommentBundle::open(&z, &[mem.public_key().clone()]));
    assert!(msg.contains("mục lạ \"extra.txt\""), "{msg}");
    let z = zip_of(&[("manifest.json", &e[0].1), ("manifest.json.minisig", &e[2].1)]);
    let msg = bad_file(CommentBundle::open(&z, &[mem.public_key().clone()]));
    assert!(msg.contains("thiếu mục comments.json"), "{msg}");
}

#[test]
fn duplicate_entries_are_refused() {
    // The zip crate keeps one entry per name, so a second comments.json would silently
    // replace the first there; the reader lists names from the file itself.
    let mem = member();
    let e = entries(&bundle(&mem));
    let dup = write_container(&[
        ("manifest.json", &e[0].1),
        ("comments.json", &e[1].1),
        ("comments.json", b"[]\n"),
        ("manifest.json.minisig", &e[2].1),
    ])
    .unwrap();
    let msg = bad_file(CommentBundle::open(&dup, &[mem.public_key().clone()]));
    assert!(msg.contains("\"comments.json\" xuất hiện hai lần"), "{msg}");
}

#[test]
fn a_valid_bundle_rezipped_by_another_tool_is_refused() {
    let mem = member();
    let e = entries(&bundle(&mem));
    let z = zip_of(&[
        ("manifest.json", &e[0].1),
        ("comments.json", &e[1].1),
        ("manifest.json.minisig", &e[2].1),
    ]);
    let msg = bad_file(CommentBundle::open(&z, &[mem.public_key().clone()]));
    assert!(msg.contains("dạng chuẩn"), "{msg}");
}

#[test]
fn a_package_is_not_a_bundle_and_back() {
    let (chair, mem) = (chairman(), member());
    let msg = bad_file(CommentBundle::open(&package(&chair, &mem), &[chair.public_key().clone()]));
    assert!(msg.contains("mục lạ"), "{msg}");
    let msg = bad_file(ReviewPackage::open(&bundle(&mem), None));
    assert!(msg.contains("mục lạ"), "{msg}");
}

// ---------------------------------------------------------------------------------------
// Checking by hand with minisign

#[test]
fn minisign_cli_verifies_the_unzipped_manifest() {
    let found = std::process::Command::new("minisign").arg("-v").output().is_ok();
    if !found {
        println!("skipped: minisign not installed");
        return;
    }
    let mem = member();
    let bytes = bundle(&mem);
    let dir = tempfile::tempdir().unwrap();
    for (name, data) in entries(&bytes) {
        std::fs::write(dir.path().join(name), data).unwrap();
    }
    let key = mem.public_key().to_base64();
    let run = |dir: &std::path::Path| {
        std::process::Command::new("minisign")
            .current_dir(dir)
            .args(["-Vm", "manifest.json", "-P", &key])
            .output()
            .unwrap()
    };
    let out = run(dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "minisign refused: {stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("quyche-comment-bundle"), "{stdout}");

    // And the same file with a single byte changed is refused.
    let mut m = std::fs::read(dir.path().join("manifest.json")).unwrap();
    let i = m.iter().position(|&b| b == b'1').unwrap();
    m[i] = b'2';
    std::fs::write(dir.path().join("manifest.json"), m).unwrap();
    assert!(!run(dir.path()).status.success());

    // The identity's own .pub file works with -p.
    let kd = tempfile::tempdir().unwrap();
    mem.save(kd.path()).unwrap();
    let dir2 = tempfile::tempdir().unwrap();
    for (name, data) in entries(&bytes) {
        std::fs::write(dir2.path().join(name), data).unwrap();
    }
    let out = std::process::Command::new("minisign")
        .current_dir(dir2.path())
        .args(["-Vm", "manifest.json", "-p"])
        .arg(kd.path().join(PUBLIC_KEY_FILE))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

//! A cheap deterministic fuzz of the bundle reader that always runs: every file of the
//! cargo-fuzz corpus, and 2,000 mutations of a valid bundle. Each result must be a
//! bundle or a one-line refusal; a panic fails the test.
//!
//! `QUYCHE_WRITE_CORPUS=1 cargo test -p quyche-exchange --test fuzz_corpus` rewrites the
//! corpus, signed by the test identity in `fuzz/identity/` (a key for fuzzing only).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::*;
use quyche_exchange::*;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// Made once by `write_corpus_when_asked`, and committed: the fuzz target trusts it.
fn fuzz_identity() -> Identity {
    Identity::load(&fuzz_dir().join("identity"), None).unwrap()
}

fn check(result: Result<OpenedBundle, ExchangeError>, what: &str) -> bool {
    check_kind(result, what).0
}

/// Whether it opened, and the reason's first words (to see how deep the cases reach).
fn check_kind(result: Result<OpenedBundle, ExchangeError>, what: &str) -> (bool, String) {
    let kind = |m: &str| m.split_whitespace().take(5).collect::<Vec<_>>().join(" ");
    let opened = match &result {
        Ok(_) => (true, "opened".to_owned()),
        Err(ExchangeError::BadFile(m) | ExchangeError::NotAllowed(m)) => (false, kind(m)),
        Err(_) => (false, String::new()),
    };
    check_result(result, what);
    opened
}

fn check_result(result: Result<OpenedBundle, ExchangeError>, what: &str) -> bool {
    match result {
        Ok(b) => {
            assert!(b.comments.len() <= MAX_COMMENTS);
            true
        }
        Err(ExchangeError::BadFile(m) | ExchangeError::NotAllowed(m)) => {
            assert!(!m.is_empty() && !m.contains('\n'), "{what}: message not one line: {m:?}");
            false
        }
        Err(e) => panic!("{what}: unexpected error kind {e:?}"),
    }
}

/// xorshift64*: deterministic, so a failure names a reproducible case.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    const INTERESTING: [u8; 10] = [0, 1, 0x7f, 0x80, 0xff, b'"', b'{', b'[', b'\\', b'\n'];
    let steps = 1 + rng.below(4);
    for _ in 0..steps {
        let len = data.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 => {
                let i = rng.below(len + 1);
                let n = 1 + rng.below(16);
                for _ in 0..n {
                    data.insert(i, rng.next() as u8);
                }
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = (1 + rng.below(32)).min(len - i);
                data.drain(i..i + n);
            }
            4 => data.truncate(rng.below(len + 1)),
            5 if len > 4 => {
                // A 32-bit field set to an extreme: sizes, offsets, counts.
                let i = rng.below(len - 3);
                let v: u32 = [0, 1, 0x7fff_ffff, 0xffff_ffff, len as u32][rng.below(5)];
                data[i..i + 4].copy_from_slice(&v.to_le_bytes());
            }
            6 if len > 0 => {
                let i = rng.below(len);
                let n = (1 + rng.below(64)).min(len - i);
                let chunk = data[i..i + n].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, chunk);
            }
            _ => {
                if len > 1 {
                    let i = rng.below(len - 1);
                    data.swap(i, i + 1);
                }
            }
        }
    }
}

#[test]
fn every_corpus_file_reads_without_panic() {
    let id = fuzz_identity();
    let keys = [id.public_key().clone()];
    let dir = fuzz_dir().join("corpus").join("bundle");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 5, "the corpus in {} is missing", dir.display());
    let mut opened = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let ok = check(CommentBundle::open(&bytes, &keys), &name);
        // The corpus names say which files are meant to open.
        assert_eq!(ok, name.starts_with("valid"), "{name}");
        opened += ok as usize;
    }
    assert!(opened >= 2);
}

#[test]
fn two_thousand_mutations_of_a_valid_bundle_never_panic() {
    let id = fuzz_identity();
    let keys = [id.public_key().clone()];
    let base = bundle(&id);
    let parts = entries(&base);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut accepted = 0;
    let mut kinds = std::collections::BTreeMap::new();
    for case in 0..2000 {
        let bytes = match case % 4 {
            // The whole file: mostly stops at the container checks.
            0 | 1 => {
                let mut b = base.clone();
                mutate(&mut rng, &mut b);
                b
            }
            // One entry's content, repacked canonically: reaches the JSON and the
            // signature checks.
            2 => {
                let mut p = parts.clone();
                let k = rng.below(p.len());
                mutate(&mut rng, &mut p[k].1);
                repack(&p)
            }
            // comments.json mutated and the bundle re-signed: reaches the comment checks.
            _ => {
                let mut c = parts[1].1.clone();
                mutate(&mut rng, &mut c);
                forge_bundle(&id, manifest_value(&id), &c)
            }
        };
        let (ok, kind) = check_kind(CommentBundle::open(&bytes, &keys), &format!("case {case}"));
        accepted += ok as usize;
        *kinds.entry(kind).or_insert(0) += 1;
    }
    // `cargo test … -- --nocapture` shows how far the cases got.
    for (kind, n) in &kinds {
        println!("{n:5}  {kind}");
    }
    // Re-signed mutations that stay valid JSON are rightly accepted; byte-level ones
    // never are.
    assert!(accepted < 500, "{accepted}");
}

#[test]
fn write_corpus_when_asked() {
    if std::env::var_os("QUYCHE_WRITE_CORPUS").is_none() {
        return;
    }
    let id_dir = fuzz_dir().join("identity");
    if !id_dir.join(SECRET_KEY_FILE).exists() {
        std::fs::create_dir_all(&id_dir).unwrap();
        Identity::create("Người Thử Nghiệm", "Khóa chỉ dùng để fuzz", None)
            .unwrap()
            .save(&id_dir)
            .unwrap();
    }
    let id = fuzz_identity();
    let dir = fuzz_dir().join("corpus").join("bundle");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, data: &[u8]| std::fs::write(dir.join(name), data).unwrap();

    let good = bundle(&id);
    write("valid-two-comments.zip", &good);
    write("valid-empty.zip", &bundle_with(&id, 2, &[]));
    let mut c = new_comments();
    c[0].text = "Điều này cần sửa: \"quy định\" — ý kiến dài. ".repeat(40);
    c[0].proposal = Some("đề xuất".into());
    write("valid-long-comment.zip", &bundle_with(&id, 3, &c));

    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x01;
    write("invalid-flipped.zip", &flipped);
    write("invalid-truncated.zip", &good[..good.len() - 30]);
    let mut m = manifest_value(&id);
    m["version"] = 2.into();
    write("invalid-newer-version.zip", &forge_bundle(&id, m, b"[]\n"));
    let mut c = new_comments();
    c[0].text = "x".repeat(MAX_COMMENT_CHARS + 1);
    write(
        "invalid-huge-comment.zip",
        &forge_bundle(&id, manifest_value(&id), &serde_json::to_vec(&c).unwrap()),
    );
    write(
        "invalid-bad-json.zip",
        &forge_bundle(&id, manifest_value(&id), b"[{\"local_id\": \"1\", "),
    );
    let e = entries(&good);
    write(
        "invalid-duplicate.zip",
        &write_container(&[
            ("manifest.json", &e[0].1),
            ("comments.json", &e[1].1),
            ("comments.json", b"[]\n"),
            ("manifest.json.minisig", &e[2].1),
        ])
        .unwrap(),
    );
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in [
        ("manifest.json", &e[0].1[..]),
        ("../evil", b"x"),
        ("comments.json", &e[1].1),
        ("manifest.json.minisig", &e[2].1),
    ] {
        w.start_file(name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    write("invalid-traversal.zip", &w.finish().unwrap().into_inner());
    // A small bomb: 2 MB of zeros in the manifest, whose cap is 1 MB.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in [
        ("manifest.json", &vec![0u8; 2 << 20][..]),
        ("comments.json", &e[1].1),
        ("manifest.json.minisig", &e[2].1),
    ] {
        w.start_file(name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    write("invalid-bomb.zip", &w.finish().unwrap().into_inner());
}

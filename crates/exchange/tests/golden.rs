//! The exchange formats pinned by golden files: an identity card (`.quyche-id`), a signed
//! review package (`.quyche`) and a signed comment bundle (`.zip`), committed in
//! `tests/golden/` next to the JSON of what the reader makes of each.
//!
//! Two checks per file:
//!
//! 1. **Backward compatibility**: the committed file still opens with today's reader and
//!    gives exactly the committed JSON. A file a member made with an earlier Quyche must
//!    open in every later one, so this never needs regenerating unless the format's
//!    version changes.
//! 2. **The writer is pinned**: today's writer, from the fixed inputs below, produces the
//!    committed file byte for byte, except for the bytes that cannot be reproduced:
//!    minisign 0.10's `sign` mixes 64 fresh random bytes (`getrandom`) into the nonce of
//!    each of its two Ed25519 signatures (a hedged signature), so the signature line and
//!    the global signature line of the `.minisig` entry differ from one build to the next,
//!    and with them that entry's CRC-32 (in its local header and in the central
//!    directory). Their lengths and positions do not vary; [`Varying`] names those bytes
//!    and every other byte is compared.
//!
//! The inputs are fixed: the test identities' key files in `tests/golden/keys/` (test keys,
//! see the README there; `Identity` cannot be built from key bytes), a short regulation
//! text, fixed ids and times. Nothing here depends on `tests/common`, so a change to the
//! other tests' fixtures cannot move the golden files.
//!
//! `QUYCHE_BLESS=1 cargo test -p quyche-exchange --test golden` rewrites the golden files
//! that differ (and creates the test keys if they are missing; it never replaces them).
//! A file that differs only in its varying bytes is left as committed.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use quyche_exchange::*;
use quyche_model::Document;
use serde::Serialize;

const BLESS: &str = "QUYCHE_BLESS=1 cargo test -p quyche-exchange --test golden";

// ---------------------------------------------------------------------------------------
// The fixed inputs

const CHAIRMAN: (&str, &str) = ("Nguyễn Văn An", "Chủ tịch");
const MEMBER: (&str, &str) = ("Trần Thị Bình", "Ủy viên Ban Thường vụ");

const REGULATION: &str = "reg-golden";
const REGULATION_TITLE: &str = "Quy chế làm việc của Ban Chấp hành";
const ROUND: &str = "round-1";
const REVISION: u32 = 2;
// The archive's hash of the revision: carried as given, so any fixed value serves.
const REVISION_HASH: &str = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b";
const PACKAGE_CREATED_MS: i64 = 1_717_000_000_000;
const BUNDLE_CREATED_MS: i64 = 1_717_100_000_000;
const BUNDLE_SEQ: u32 = 1;

// Both tone placements on purpose ("hoà", "hòa"): they must travel as written.
const TEXT: &str = "\
QUY CHẾ LÀM VIỆC

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định về chế độ làm việc của Ban Chấp hành.

Điều 2. Nguyên tắc làm việc
1. Làm việc theo nguyên tắc tập trung dân chủ, hoà hợp.
2. Cá nhân phụ trách có trách nhiệm:
a) Báo cáo kết quả;
b) Giữ hòa khí trong tập thể.
";

fn document() -> Document {
    quyche_text::parse(TEXT).document
}

fn roster(chairman: &Identity, member: &Identity) -> Vec<RosterEntry> {
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

fn scope_anchor(exact: &str) -> Anchor {
    Anchor {
        unit: 1,
        article: 1,
        quote: Quote {
            exact: exact.into(),
            prefix: "Quy chế này quy định về ".into(),
            suffix: " của Ban".into(),
        },
        position: 24,
    }
}

fn earlier_comments() -> Vec<RecordedComment> {
    vec![RecordedComment {
        id: "c-1".into(),
        regulation: REGULATION.into(),
        round: "round-0".into(),
        revision: 1,
        author: "p-member".into(),
        anchor: scope_anchor("chế độ làm việc"),
        text: "Nên nói rõ phạm vi.".into(),
        proposal: None,
        created_ms: 1_700_000_000_000,
        seq: 1,
    }]
}

fn new_comments() -> Vec<BundleComment> {
    vec![
        BundleComment {
            local_id: "1".into(),
            anchor: scope_anchor("chế độ làm việc"),
            text: "Đề nghị bổ sung \"và quan hệ công tác\".".into(),
            proposal: Some("chế độ làm việc và quan hệ công tác".into()),
        },
        BundleComment {
            local_id: "2".into(),
            anchor: Anchor {
                unit: 3,
                article: 2,
                quote: Quote {
                    exact: "tập trung dân chủ".into(),
                    prefix: "nguyên tắc ".into(),
                    suffix: ", hoà hợp".into(),
                },
                position: 25,
            },
            text: "Đồng ý.".into(),
            proposal: None,
        },
    ]
}

fn build_package(chairman: &Identity, member: &Identity) -> Vec<u8> {
    let doc = document();
    let comments = earlier_comments();
    let input = PackageInput {
        regulation_id: REGULATION,
        regulation_title: REGULATION_TITLE,
        revision: REVISION,
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
        created_ms: PACKAGE_CREATED_MS,
    };
    ReviewPackage::build(&input, chairman).expect("the fixed package builds")
}

fn build_bundle(member: &Identity) -> Vec<u8> {
    let comments = new_comments();
    let input = BundleInput {
        regulation_id: REGULATION,
        round_id: ROUND,
        base_revision: REVISION,
        base_revision_hash: REVISION_HASH,
        seq: BUNDLE_SEQ,
        created_ms: BUNDLE_CREATED_MS,
        comments: &comments,
    };
    CommentBundle::build(&input, member).expect("the fixed bundle builds")
}

// ---------------------------------------------------------------------------------------
// The golden files

const CHAIRMAN_CARD: &str = "chairman.quyche-id";
const MEMBER_CARD: &str = "member.quyche-id";
const PACKAGE: &str = "package.quyche";
const BUNDLE: &str = "bundle.zip";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("golden")
}

/// What the reader makes of a file is committed next to it, as `<file>.json`.
fn reading_path(file: &str) -> PathBuf {
    golden_dir().join(format!("{file}.json"))
}

fn read_golden(file: &str) -> Vec<u8> {
    let path = golden_dir().join(file);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!("golden file {} is missing ({e}); to create it: {BLESS}", path.display())
    })
}

/// A test identity, loaded from its committed key files.
fn identity(who: &str, (name, position): (&str, &str)) -> Identity {
    golden();
    load_identity(who, (name, position))
}

fn key_dir(who: &str) -> PathBuf {
    golden_dir().join("keys").join(who)
}

fn load_identity(who: &str, (name, position): (&str, &str)) -> Identity {
    let dir = key_dir(who);
    let id = Identity::load(&dir, None)
        .unwrap_or_else(|e| panic!("the test identity in {} does not load: {e}", dir.display()));
    assert_eq!((id.name(), id.position()), (name, position), "{}", dir.display());
    id
}

/// Under `QUYCHE_BLESS`, a missing test identity is created; an existing one is never
/// replaced, since every golden file is signed by it.
fn create_identity_if_missing(who: &str, (name, position): (&str, &str)) -> Identity {
    let dir = key_dir(who);
    if !dir.join(SECRET_KEY_FILE).exists() {
        std::fs::create_dir_all(&dir).unwrap();
        Identity::create(name, position, None).unwrap().save(&dir).unwrap();
        eprintln!("created the test identity {}", dir.display());
    }
    load_identity(who, (name, position))
}

fn chairman() -> Identity {
    identity("chairman", CHAIRMAN)
}

fn member() -> Identity {
    identity("member", MEMBER)
}

fn blessing() -> bool {
    std::env::var_os("QUYCHE_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Under `QUYCHE_BLESS`, rewrites what differs, once, before any test reads a golden file
/// (the tests run in parallel).
fn golden() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        if blessing() {
            bless();
        }
    });
}

fn bless() {
    let chair = create_identity_if_missing("chairman", CHAIRMAN);
    let mem = create_identity_if_missing("member", MEMBER);
    let dir = golden_dir();
    let write_if_changed = |file: &str, bytes: &[u8], same: &dyn Fn(&[u8]) -> bool| {
        let path = dir.join(file);
        if std::fs::read(&path).is_ok_and(|old| same(&old)) {
            return;
        }
        std::fs::write(&path, bytes).unwrap();
        eprintln!("blessed {}", path.display());
    };
    let cards = [(CHAIRMAN_CARD, chair.card().to_json()), (MEMBER_CARD, mem.card().to_json())];
    for (file, bytes) in &cards {
        write_if_changed(file, bytes, &|old| old == bytes.as_slice());
    }
    // A committed file that is not even a container (the walk panics) is replaced too.
    let same = |old: &[u8], new: &[u8]| {
        std::panic::catch_unwind(|| same_but_signature(old, new).is_ok()).unwrap_or(false)
    };
    let package = build_package(&chair, &mem);
    write_if_changed(PACKAGE, &package, &|old| same(old, &package));
    let bundle = build_bundle(&mem);
    write_if_changed(BUNDLE, &bundle, &|old| same(old, &bundle));

    // What the reader makes of the files as they now are.
    let card = |file: &str| read_card(&read_golden(file)).unwrap();
    let readings = [
        (CHAIRMAN_CARD, card(CHAIRMAN_CARD)),
        (MEMBER_CARD, card(MEMBER_CARD)),
        (PACKAGE, read_package(&read_golden(PACKAGE)).unwrap()),
        (BUNDLE, read_bundle(&read_golden(BUNDLE)).unwrap()),
    ];
    for (file, json) in &readings {
        let name = format!("{file}.json");
        write_if_changed(&name, json.as_bytes(), &|old| old == json.as_bytes());
    }
}

// ---------------------------------------------------------------------------------------
// What the reader makes of a file, as readable JSON

/// A key as the reader shows it.
#[derive(Serialize)]
struct Key {
    public_key: String,
    key_id: String,
    fingerprint: String,
}

impl Key {
    fn of(key: &PublicKey) -> Key {
        Key { public_key: key.to_base64(), key_id: key.key_id(), fingerprint: key.fingerprint() }
    }
}

#[derive(Serialize)]
struct CardReading<'a> {
    card: &'a IdentityCard,
    /// Recomputed from `card.public_key`.
    key: Key,
}

#[derive(Serialize)]
struct PackageReading<'a> {
    manifest: &'a PackageManifest,
    chairman: &'a RosterEntry,
    signer: Key,
    comments: &'a [RecordedComment],
    document: &'a Document,
}

#[derive(Serialize)]
struct BundleReading<'a> {
    manifest: &'a BundleManifest,
    author: Key,
    comments: &'a [BundleComment],
}

fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

fn read_card(bytes: &[u8]) -> Result<String, ExchangeError> {
    let card = IdentityCard::read(bytes)?;
    Ok(pretty(&CardReading { key: Key::of(&card.key()?), card: &card }))
}

/// A package opens with the chairman's key from the committed card as the trusted key,
/// as a member opens one.
fn read_package(bytes: &[u8]) -> Result<String, ExchangeError> {
    let chairman = IdentityCard::read(&read_golden(CHAIRMAN_CARD))?.key()?;
    let p = ReviewPackage::open(bytes, Some(&chairman))?;
    Ok(pretty(&PackageReading {
        manifest: &p.manifest,
        chairman: &p.chairman,
        signer: Key::of(&p.signer),
        comments: &p.comments,
        document: &p.document,
    }))
}

/// A bundle opens with the chairman's and the member's keys from the committed cards, as
/// the chairman imports one.
fn read_bundle(bytes: &[u8]) -> Result<String, ExchangeError> {
    let keys = [
        IdentityCard::read(&read_golden(CHAIRMAN_CARD))?.key()?,
        IdentityCard::read(&read_golden(MEMBER_CARD))?.key()?,
    ];
    let b = CommentBundle::open(bytes, &keys)?;
    Ok(pretty(&BundleReading {
        manifest: &b.manifest,
        author: Key::of(&b.author),
        comments: &b.comments,
    }))
}

// ---------------------------------------------------------------------------------------
// The container, walked by hand (the canonical layout: local headers, central directory,
// end record; no extra fields, no comments), to find the bytes that vary

/// An entry of a container: its name, where its local header starts, where its data is.
struct Entry {
    name: String,
    local: usize,
    central: usize,
    data: std::ops::Range<usize>,
}

fn u16_at(b: &[u8], at: usize) -> usize {
    u16::from_le_bytes([b[at], b[at + 1]]) as usize
}

fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize
}

/// The entries of a container, from its central directory. Panics on a file that is not
/// a well-formed container: only files the reader already accepted are walked.
fn walk(b: &[u8]) -> Vec<Entry> {
    let end = b.len() - 22;
    assert_eq!(u32_at(b, end), 0x0605_4b50, "no end record");
    let count = u16_at(b, end + 10);
    let mut pos = u32_at(b, end + 16);
    (0..count)
        .map(|_| {
            assert_eq!(u32_at(b, pos), 0x0201_4b50, "not a central directory entry at {pos}");
            let name_len = u16_at(b, pos + 28);
            let name = String::from_utf8(b[pos + 46..pos + 46 + name_len].to_vec()).unwrap();
            let local = u32_at(b, pos + 42);
            let start = local + 30 + u16_at(b, local + 26) + u16_at(b, local + 28);
            let entry =
                Entry { name, local, central: pos, data: start..start + u32_at(b, pos + 20) };
            pos += 46 + name_len + u16_at(b, pos + 30) + u16_at(b, pos + 32);
            entry
        })
        .collect()
}

/// The bytes of a package or bundle that differ from one build to the next, all in the
/// `.minisig` entry and its CRC. A minisign signature file is four lines:
///
/// ```text
/// untrusted comment: signature from quyche key <key id>          fixed
/// <base64 of "ED", the key id (8 bytes), the Ed25519 signature>   first 13 and the final "=" fixed
/// trusted comment: <format> <id> …                                fixed
/// <base64 of the 64-byte global signature>                        all but the final "==" vary
/// ```
///
/// The first 13 base64 characters of the signature line encode "ED" and the first 7.75
/// bytes of the key id (the 14th mixes the key id's last 2 bits with the signature's
/// first 4).
struct Varying {
    ranges: Vec<(std::ops::Range<usize>, &'static str)>,
}

impl Varying {
    fn of(b: &[u8]) -> Varying {
        let entries = walk(b);
        let sig = entries.iter().find(|e| e.name.ends_with(".minisig")).expect("a signature entry");
        let text = &b[sig.data.clone()];
        let mut line_starts = vec![0];
        line_starts
            .extend(text.iter().enumerate().filter(|(_, &c)| c == b'\n').map(|(i, _)| i + 1));
        assert_eq!(line_starts.len(), 5, "a .minisig entry has four lines");
        let line =
            |n: usize| sig.data.start + line_starts[n]..sig.data.start + line_starts[n + 1] - 1;
        let (signature, global) = (line(1), line(3));
        assert_eq!((signature.len(), global.len()), (100, 88), "base64 of 74 and of 64 bytes");
        assert!(b[signature.clone()].ends_with(b"=") && b[global.clone()].ends_with(b"=="));
        Varying {
            ranges: vec![
                (sig.local + 14..sig.local + 18, "the CRC-32 of the signature, local header"),
                (signature.start + 13..signature.end - 1, "the Ed25519 signature"),
                (global.start..global.end - 2, "the global signature"),
                (
                    sig.central + 16..sig.central + 20,
                    "the CRC-32 of the signature, central directory",
                ),
            ],
        }
    }

    fn contains(&self, at: usize) -> bool {
        self.ranges.iter().any(|(r, _)| r.contains(&at))
    }

    fn len(&self) -> usize {
        self.ranges.iter().map(|(r, _)| r.len()).sum()
    }
}

/// Whether `new` is `old` byte for byte outside the signature's varying bytes; if not,
/// where they first differ, said so a person can see what changed.
fn same_but_signature(old: &[u8], new: &[u8]) -> Result<(), String> {
    let varying = Varying::of(old);
    let first =
        (0..old.len().max(new.len())).find(|&i| !varying.contains(i) && old.get(i) != new.get(i));
    let Some(at) = first else { return Ok(()) };
    let mut why =
        format!("{} bytes now, {} committed; first difference at byte {at}", new.len(), old.len());
    // Name the entry the difference falls in, and the first line of it that differs.
    let (old_entries, new_entries) = (walk(old), walk(new));
    let names = |e: &[Entry]| e.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    if names(&old_entries) != names(&new_entries) {
        why += &format!(
            "; entries now {:?}, committed {:?}",
            names(&new_entries),
            names(&old_entries)
        );
    } else if let Some(e) = old_entries.iter().find(|e| e.data.contains(&at)) {
        why += &format!(", in the data of {}", e.name);
        let n = new_entries.iter().find(|n| n.name == e.name).unwrap();
        let (o, n) = (
            String::from_utf8_lossy(&old[e.data.clone()]),
            String::from_utf8_lossy(&new[n.data.clone()]),
        );
        if let Some((i, (lo, ln))) = o.lines().zip(n.lines()).enumerate().find(|(_, (a, b))| a != b)
        {
            why += &format!(", line {}:\n  committed: {lo}\n  now:       {ln}", i + 1);
        }
    } else {
        why += ", in the ZIP structure (headers, central directory or end record)";
    }
    Err(why)
}

// ---------------------------------------------------------------------------------------
// The checks

const BREAKS_FILES: &str = "changing a committed golden file breaks the files members \
    already sent and keep: a file made by today's Quyche must open in every later version";

/// Check 1: the committed file opens with today's reader and gives the committed JSON.
fn opens_as_committed(file: &str, read: fn(&[u8]) -> Result<String, ExchangeError>) {
    golden();
    let reading = read(&read_golden(file)).unwrap_or_else(|e| {
        panic!(
            "today's reader refuses the committed golden file tests/golden/{file}: {e}\n\
             This is the backward-compatibility check: {BREAKS_FILES}. Fix the reader, not \
             the file; regenerate ({BLESS}) only with a new format version."
        )
    });
    let expected_path = reading_path(file);
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|e| {
        panic!("{} is missing ({e}); to create it: {BLESS}", expected_path.display())
    });
    if reading != expected {
        let (i, (old, new)) = expected
            .lines()
            .zip(reading.lines())
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .unwrap_or((expected.lines().count().min(reading.lines().count()), ("", "")));
        panic!(
            "today's reader makes something else of tests/golden/{file} than \
             tests/golden/{file}.json records; first difference at line {}:\n  \
             committed: {old}\n  now:       {new}\n\
             This is the backward-compatibility check: {BREAKS_FILES}. Regenerate ({BLESS}) \
             only with a new format version, or when the reader deliberately shows more.",
            i + 1
        );
    }
}

/// Check 2: today's writer makes the committed file from the fixed inputs.
fn writer_reproduces(file: &str, built: &[u8]) {
    golden();
    if let Err(why) = same_but_signature(&read_golden(file), built) {
        panic!(
            "today's writer no longer makes tests/golden/{file} from the fixed inputs \
             (outside the signature's random bytes): {why}\n\
             Warning: {BREAKS_FILES}. If the change to the format is deliberate, raise its \
             version, make sure files of the old one still open, then regenerate with \
             `{BLESS}` and commit the result."
        );
    }
}

#[test]
fn golden_cards_open_as_committed() {
    opens_as_committed(CHAIRMAN_CARD, read_card);
    opens_as_committed(MEMBER_CARD, read_card);
}

#[test]
fn golden_package_opens_as_committed() {
    opens_as_committed(PACKAGE, read_package);
}

#[test]
fn golden_bundle_opens_as_committed() {
    opens_as_committed(BUNDLE, read_bundle);
}

#[test]
fn writer_reproduces_the_golden_cards_byte_for_byte() {
    golden();
    for (file, id) in [(CHAIRMAN_CARD, chairman()), (MEMBER_CARD, member())] {
        if read_golden(file) != id.card().to_json() {
            panic!(
                "today's writer no longer makes tests/golden/{file} from the test identity: \
                 got\n{}\nWarning: {BREAKS_FILES}. If the change is deliberate, raise the \
                 card's version, then regenerate with `{BLESS}`.",
                String::from_utf8_lossy(&id.card().to_json())
            );
        }
        // The minisign .pub file, for `minisign -V -p identity.pub`, written with the key.
        let pubfile = key_dir(file.trim_end_matches(".quyche-id")).join(PUBLIC_KEY_FILE);
        assert_eq!(
            std::fs::read_to_string(&pubfile).unwrap(),
            id.public_key().to_minisign_file(),
            "{}: {BREAKS_FILES}",
            pubfile.display()
        );
    }
}

#[test]
fn writer_reproduces_the_golden_package_but_for_its_signature() {
    let (chair, mem) = (chairman(), member());
    let built = build_package(&chair, &mem);
    writer_reproduces(PACKAGE, &built);
    // The varying bytes are a valid signature all the same, and the new file reads as the
    // committed one does.
    assert_eq!(read_package(&built).unwrap(), read_package(&read_golden(PACKAGE)).unwrap());
}

#[test]
fn writer_reproduces_the_golden_bundle_but_for_its_signature() {
    let mem = member();
    let built = build_bundle(&mem);
    writer_reproduces(BUNDLE, &built);
    assert_eq!(read_bundle(&built).unwrap(), read_bundle(&read_golden(BUNDLE)).unwrap());
}

/// The exemption is exactly the signature: two builds differ in those bytes and no others,
/// and a byte changed outside them is caught.
#[test]
fn only_the_signature_varies_between_builds() {
    golden();
    let (chair, mem) = (chairman(), member());
    for (file, a, b) in [
        (PACKAGE, build_package(&chair, &mem), build_package(&chair, &mem)),
        (BUNDLE, build_bundle(&mem), build_bundle(&mem)),
    ] {
        let varying = Varying::of(&a);
        assert_eq!(varying.len(), 4 + 86 + 86 + 4, "{file}");
        assert_ne!(a, b, "{file}: minisign's signatures are randomised");
        assert!(same_but_signature(&a, &b).is_ok(), "{file}");
        // Almost every varying byte differs between two builds: they are the random ones.
        let differing = (0..a.len()).filter(|&i| a[i] != b[i]).count();
        assert!(differing > varying.len() * 9 / 10, "{file}: only {differing} bytes differ");
        // One byte outside them (the last of the key id in the signature line's fixed
        // prefix, then the end record) is a difference.
        let golden = read_golden(file);
        for at in [varying.ranges[1].0.start - 1, golden.len() - 1] {
            let mut changed = golden.clone();
            changed[at] ^= 0x01;
            assert!(same_but_signature(&golden, &changed).is_err(), "{file}: byte {at}");
        }
    }
}

//! The stored format, pinned byte for byte: a small store of known content is
//! written and every key and value of every sled tree is compared with
//! `tests/golden/store-v2.txt` (the current format). A stored record must stay
//! readable by every later version of this crate (see the crate docs, "Record
//! format"), so every committed file, `store-v1.txt` (written by format 1 and never
//! regenerated) included, is also loaded back into a fresh database and opened.
//!
//! A difference means the bytes on disk changed. That is a new format
//! version, never a refactor: regenerate the file only for a deliberate
//! format change, with `QUYCHE_BLESS=1 cargo test -p quyche-store --test golden`.

mod common;
use common::raw_sled;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quyche_store::{
    hash_bytes, sled_dir, to_hex, Action, AuditStamp, NewRevision, RecordWrite, StatusChange,
    Store, FORMAT_VERSION,
};

const BLESS_VAR: &str = "QUYCHE_BLESS";

fn blessing() -> bool {
    std::env::var_os(BLESS_VAR).is_some_and(|v| v == "1")
}

/// The golden file of format `version`.
fn golden_path(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/golden/store-v{version}.txt"))
}

/// The fingerprint stamped from the status change on (any text: the store keeps it).
const INSTALLATION: &str = "8F3A 91C2 0B7D E645";

/// Every public write, each once, with fixed times: objects (one of them not
/// UTF-8), a regulation with two revisions, a status change, records with and
/// without a status change. The text is Vietnamese in NFC, as callers give it.
fn write_known_content(dir: &Path) {
    let (store, _) = Store::open(dir).expect("open a new store");
    store.put_objects(&[b"\xff\xfe not UTF-8 \x00\x01".to_vec()]).expect("put_objects");

    let v1 = vec![b"root v1".to_vec(), "Điều 1. Phạm vi điều chỉnh".as_bytes().to_vec()];
    let rev = NewRevision {
        root: hash_bytes(&v1[0]),
        author: "Văn phòng",
        time_ms: 1_700_000_000_000,
        message: "tạo mới",
        title: "Quy chế làm việc",
        objects: &v1,
    };
    store.create_regulation("qc-1", "draft", rev).expect("create_regulation");
    let v2 = vec![b"root v2".to_vec(), "Điều 1. Phạm vi điều chỉnh".as_bytes().to_vec()];
    let rev = NewRevision {
        root: hash_bytes(&v2[0]),
        time_ms: 1_700_000_001_000,
        message: "sửa Điều 1",
        title: "Quy chế làm việc của Ủy ban",
        objects: &v2,
        ..rev
    };
    store.commit_revision("qc-1", Some(1), rev).expect("commit_revision");
    // From here on the installation has an identity and a current user: the chairman's
    // own actions name no one else, the member's comment names the chairman as the one
    // who recorded it on the member's behalf.
    store.set_audit_stamp(AuditStamp {
        installation: Some(INSTALLATION.into()),
        operator: Some("Chủ tịch".into()),
    });
    store.set_status("qc-1", "consultation", "Chủ tịch", 1_700_000_002_000).expect("set_status");

    let comment = RecordWrite {
        collection: "comments",
        key: "c1",
        body: r#"{"text":"Đề nghị bổ sung khoản 3"}"#,
        create_only: true,
    };
    let action = Action {
        time_ms: 1_700_000_003_000,
        actor: "Thành viên",
        action: "comment",
        regulation: Some("qc-1"),
        revision: Some(2),
        detail: "c1",
    };
    store.write_records(&[comment], None, action).expect("write_records");
    let seal = RecordWrite {
        collection: "seals",
        key: "qc-1#2",
        body: r#"{"hash":"ab"}"#,
        create_only: true,
    };
    let change =
        StatusChange { regulation: "qc-1", status: "approved", expected: Some("consultation") };
    let action = Action {
        time_ms: 1_700_000_004_000,
        actor: "Chủ tịch",
        action: "approve",
        revision: Some(2),
        detail: "",
        ..action
    };
    store.write_records(&[seal], Some(change), action).expect("write_records with status");
}

/// Every tree of the raw database (sorted by name, sled's default tree
/// included), one `key<TAB>value` line per entry in key order.
fn dump(dir: &Path) -> String {
    let db = raw_sled(&sled_dir(dir));
    let mut names = db.tree_names();
    names.sort();
    let mut out = String::from(concat!(
        "# The raw key/value bytes of a small quyche-store database (tests/golden.rs).\n",
        "# A difference is a change of the stored format: that needs a new format version.\n",
        "# Regenerate only then: QUYCHE_BLESS=1 cargo test -p quyche-store --test golden\n",
        "# Each field is UTF-8 text with `\\\\` and `\\xNN` escapes, or `hex:` and the bytes.\n",
    ));
    for name in names {
        let tree = db.open_tree(&name).expect("open tree");
        writeln!(out, "\n[{}]", field(&name)).unwrap();
        for item in tree.iter() {
            let (k, v) = item.expect("read entry");
            writeln!(out, "{}\t{}", field(&k), field(&v)).unwrap();
        }
    }
    out
}

/// Text when the bytes are UTF-8 (control characters and `\` escaped, so a
/// line never breaks), otherwise `hex:` and every byte.
fn field(bytes: &[u8]) -> String {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return format!("hex:{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>());
    };
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '\\' => out.push_str("\\\\"),
            // Keeps a text field that starts like a hex one unambiguous.
            'h' if i == 0 && text.starts_with("hex:") => out.push_str("\\x68"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    write!(out, "\\x{b:02x}").unwrap();
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The inverse of [`field`].
fn unfield(s: &str) -> Vec<u8> {
    if let Some(hex) = s.strip_prefix("hex:") {
        return (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex byte"))
            .collect();
    }
    let mut out = Vec::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'\\', Some(b'\\')) => {
                out.push(b'\\');
                i += 2;
            }
            (b'\\', Some(b'x')) => {
                let hex = std::str::from_utf8(&bytes[i + 2..i + 4]).expect("escape");
                out.push(u8::from_str_radix(hex, 16).expect("escaped byte"));
                i += 4;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The golden file as (tree, key, value) triples.
fn parse(golden: &str) -> Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let mut tree = None;
    let mut out = Vec::new();
    for line in golden.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            tree = Some(unfield(name));
            continue;
        }
        let (k, v) = line.split_once('\t').unwrap_or_else(|| panic!("not key<TAB>value: {line}"));
        let tree = tree.clone().unwrap_or_else(|| panic!("entry before any [tree]: {line}"));
        out.push((tree, unfield(k), unfield(v)));
    }
    out
}

#[test]
fn field_round_trips() {
    for bytes in [
        &b"qc-1\x00\x00\x00\x00\x02"[..],
        "Điều 1 \\ tab\there".as_bytes(),
        b"hex:looks like hex",
        b"\xff\xfe\x00",
        b"",
    ] {
        assert_eq!(unfield(&field(bytes)), bytes, "{}", field(bytes));
        assert!(!field(bytes).contains(['\t', '\n']));
    }
}

#[test]
fn stored_bytes_match_the_golden_file() {
    let dir = tempfile::tempdir().unwrap();
    write_known_content(dir.path());
    let actual = dump(dir.path());
    let path = golden_path(FORMAT_VERSION);
    if blessing() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
        println!("wrote {}", path.display());
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. Create it with {BLESS_VAR}=1 cargo test -p quyche-store --test golden",
            path.display()
        )
    });
    if actual != expected {
        let first = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .unwrap_or(actual.lines().count().min(expected.lines().count()));
        panic!(
            "the stored format changed: {} differs from what this build writes, first at line {}\n\
             expected: {}\n  actual: {}\n\
             Stored records must stay readable by later versions: a change of the bytes on disk \
             needs a new FORMAT_VERSION, not a new golden file. Only for a deliberate format \
             change, regenerate it with {BLESS_VAR}=1 cargo test -p quyche-store --test golden",
            path.display(),
            first + 1,
            expected.lines().nth(first).unwrap_or("<end of file>"),
            actual.lines().nth(first).unwrap_or("<end of file>"),
        );
    }
}

/// The reading half of the contract: the committed bytes of every format, loaded into
/// a fresh database, open, verify and read back as what was written.
#[test]
fn the_golden_bytes_open_and_verify() {
    if blessing() {
        // The file is being rewritten by the other test right now.
        return;
    }
    for version in 1..=FORMAT_VERSION {
        let entries = golden_entries(version);
        let audit = open_and_check(&entries, version);
        let stamps: Vec<_> = audit
            .iter()
            .map(|e| (e.v, e.installation.as_deref(), e.recorded_by.as_deref()))
            .collect();
        let expected = match version {
            1 => vec![(1, None, None); 5],
            _ => vec![
                (2, None, None),
                (2, None, None),
                (2, Some(INSTALLATION), None),
                (2, Some(INSTALLATION), Some("Chủ tịch")),
                (2, Some(INSTALLATION), None),
            ],
        };
        assert_eq!(stamps, expected, "store-v{version}.txt");
    }
}

/// A format-1 entry changed by one byte in a field that format 2 added is refused:
/// the hash covers the new fields.
#[test]
fn the_new_audit_fields_are_inside_the_hash() {
    if blessing() {
        return;
    }
    let mut entries = golden_entries(FORMAT_VERSION);
    let forged = entries
        .iter_mut()
        .find(|(tree, _, v)| tree == b"audit" && v.windows(11).any(|w| w == b"recorded_by"))
        .expect("an entry recorded on someone's behalf");
    let text = String::from_utf8(forged.2.clone()).unwrap();
    forged.2 = text.replace("\"recorded_by\":\"Chủ tịch\",", "").into_bytes();
    assert_ne!(forged.2, text.as_bytes(), "the field was removed");
    let dir = tempfile::tempdir().unwrap();
    load(&entries, dir.path());
    let err = Store::open(dir.path()).err().expect("a forged entry fails the open");
    assert!(err.to_string().contains("mã băm mục nhật ký không khớp"), "{err}");
}

fn golden_entries(version: u32) -> Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let golden = std::fs::read_to_string(golden_path(version))
        .unwrap_or_else(|e| panic!("golden file of format {version} (see the other test): {e}"));
    let entries = parse(&golden);
    assert!(entries.len() > 10, "too few entries in the golden file: {}", entries.len());
    entries
}

fn load(entries: &[(Vec<u8>, Vec<u8>, Vec<u8>)], dir: &Path) {
    let db = sled::open(sled_dir(dir)).unwrap();
    for (tree, k, v) in entries {
        db.open_tree(tree).unwrap().insert(k.as_slice(), v.as_slice()).unwrap();
    }
    db.flush().unwrap();
}

/// Opens and verifies the golden store of `version`, checks what it holds, and returns
/// its audit log.
fn open_and_check(
    entries: &[(Vec<u8>, Vec<u8>, Vec<u8>)],
    version: u32,
) -> Vec<quyche_store::AuditEntry> {
    let dir = tempfile::tempdir().unwrap();
    load(entries, dir.path());
    let (store, report) = Store::open(dir.path())
        .unwrap_or_else(|e| panic!("the golden store of format {version} opens: {e}"));
    assert_eq!(report.revisions_checked, 2);
    let verify = store.verify().unwrap();
    assert!(verify.is_intact(), "{:?}", verify.problems);
    assert_eq!(
        (
            verify.objects,
            verify.revisions,
            verify.regulations,
            verify.audit_entries,
            verify.records
        ),
        (4, 2, 1, 5, 2)
    );
    let reg = store.regulation("qc-1").unwrap();
    assert_eq!(
        (reg.title.as_str(), reg.status.as_str(), reg.head, reg.updated_ms),
        ("Quy chế làm việc của Ủy ban", "approved", 2, 1_700_000_004_000)
    );
    let r2 = store.revision("qc-1", 2).unwrap();
    assert_eq!((r2.parent, r2.message.as_str()), (Some(1), "sửa Điều 1"));
    assert_eq!(r2.root, to_hex(&hash_bytes(b"root v2")));
    assert_eq!(store.object(&hash_bytes(b"root v2")).unwrap(), b"root v2");
    let audit = store.audit().unwrap();
    let actions: Vec<_> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "save", "status", "comment", "approve"]);
    let seal = store.record("seals", "qc-1#2").unwrap().expect("seal record");
    assert_eq!(seal.body, r#"{"hash":"ab"}"#);
    audit
}

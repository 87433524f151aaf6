//! Byte flips in the sled files: a store of known content is closed, then copied
//! and damaged at random again and again; each damaged copy must either report an
//! error (the open fails, `verify` names a problem, a read returns `Err`) or read back
//! exactly the known content. Never a panic, never different data without an error.
//!
//! Each trial runs in a child process (this test binary re-executed with
//! `byte_flip_child` selected and `QUYCHE_FLIP_DIR` set), so a panic, an abort or a
//! hang inside sled is counted as a failure of the trial instead of taking the test
//! down. `QUYCHE_FLIP_TRIALS` (default 200) and `QUYCHE_FLIP_SEED` reproduce a run.
#![cfg(unix)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quyche_store::{hash_bytes, sled_dir, Action, NewRevision, RecordWrite, Store};

const REG: &str = "qc-flip";

/// A few revisions (one with an object big enough for a sled blob file), a status
/// change and records, with fixed times.
fn write_known_content(dir: &Path) {
    let (store, _) = Store::open(dir).expect("open a new store");
    for n in 1..=4u32 {
        let mut objects = vec![format!("gốc của phiên bản {n}").into_bytes()];
        for k in 0..6 {
            objects.push(
                format!("Điều {k}. Nội dung thế hệ {} {}", (n + k) / 3, "ơ".repeat(300)).into(),
            );
        }
        if n == 3 {
            objects.push(
                (0..150_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect(),
            );
        }
        let rev = NewRevision {
            root: hash_bytes(&objects[0]),
            author: "Văn phòng",
            time_ms: 1_700_000_000_000 + i64::from(n) * 1000,
            message: "lưu",
            title: "Quy chế làm việc",
            objects: &objects,
        };
        if n == 1 {
            store.create_regulation(REG, "draft", rev).expect("create");
        } else {
            store.commit_revision(REG, Some(n - 1), rev).expect("commit");
        }
    }
    store.set_status(REG, "consultation", "Chủ tịch", 1_700_000_010_000).expect("status");
    for c in 0..5 {
        let key = format!("c{c}");
        let body = format!(r#"{{"text":"Góp ý số {c} về khoản 2"}}"#);
        let write =
            RecordWrite { collection: "comments", key: &key, body: &body, create_only: true };
        let action = Action {
            time_ms: 1_700_000_020_000 + c,
            actor: "Thành viên",
            action: "comment",
            regulation: Some(REG),
            revision: Some(4),
            detail: &key,
        };
        store.write_records(&[write], None, action).expect("write_records");
    }
}

/// Everything the store's reads return, as text: the regulation, every revision and
/// its root object, every record and the audit log.
fn read_everything(store: &Store) -> Result<String, String> {
    let e = |e: quyche_store::StoreError| e.to_string();
    let mut out = String::new();
    for reg in store.regulations().map_err(e)? {
        writeln!(out, "{reg:?}").unwrap();
        for rev in store.revisions(&reg.id).map_err(e)? {
            writeln!(out, "{rev:?}").unwrap();
            let root = quyche_store::from_hex(&rev.root).ok_or("root is not hex")?;
            let bytes = store.object(&root).map_err(e)?;
            writeln!(out, "root {}", String::from_utf8_lossy(&bytes)).unwrap();
        }
    }
    for r in store.records("comments").map_err(e)? {
        writeln!(out, "{r:?}").unwrap();
    }
    for a in store.audit().map_err(e)? {
        writeln!(out, "{a:?}").unwrap();
    }
    Ok(out)
}

/// The child: opens one damaged copy, reads everything and verifies; prints one line.
#[test]
fn byte_flip_child() {
    let Some(dir) = std::env::var_os("QUYCHE_FLIP_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let expected = fs::read_to_string(dir.join("expected.txt")).expect("expected content");
    let store_dir = dir.join("store");
    let line = match Store::open(&store_dir) {
        Err(e) => format!("error open: {e}"),
        Ok((store, _)) => match (read_everything(&store), store.verify()) {
            (Err(e), _) => format!("error read: {e}"),
            (_, Err(e)) => format!("error verify: {e}"),
            (Ok(_), Ok(report)) if !report.is_intact() => {
                format!("error verify: {}", report.problems.join("; "))
            }
            (Ok(got), Ok(_)) if got == expected => "intact".to_string(),
            (Ok(got), Ok(_)) => {
                // The first line that differs is enough to find the trial again.
                let n = got.lines().zip(expected.lines()).take_while(|(a, b)| a == b).count();
                let line = |t: &str| t.lines().nth(n).unwrap_or("(hết)").to_string();
                format!("DIFFERENT at line {n}: read {:?}, wrote {:?}", line(&got), line(&expected))
            }
        },
    };
    println!("FLIP-RESULT {line}");
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            files(&entry.path(), out);
        } else if entry.metadata().unwrap().len() > 0 {
            out.push(entry.path());
        }
    }
    out.sort();
}

fn xorshift(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

#[derive(Default, Debug)]
struct Tally {
    errors: u32,
    intact: u32,
    different: Vec<String>,
    crashed: Vec<String>,
}

#[test]
fn flipped_bytes_are_reported_or_harmless() {
    let trials: u32 =
        std::env::var("QUYCHE_FLIP_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let seed: u64 = std::env::var("QUYCHE_FLIP_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_f11b_0000_0009);
    println!("byte flips: {trials} trials, QUYCHE_FLIP_SEED={seed}");

    let work = tempfile::tempdir().unwrap();
    let pristine = work.path().join("pristine");
    write_known_content(&pristine);
    let expected = {
        let (store, _) = Store::open(&pristine).unwrap();
        assert!(store.verify().unwrap().is_intact());
        read_everything(&store).unwrap()
    };
    // The reopen above may have written sled's recovery snapshot; the copies start
    // from the files as a closed store leaves them.
    let mut sled_files = Vec::new();
    files(&sled_dir(&pristine), &mut sled_files);
    let relative: Vec<PathBuf> =
        sled_files.iter().map(|p| p.strip_prefix(&pristine).unwrap().to_path_buf()).collect();
    assert!(!relative.is_empty());

    let exe = std::env::current_exe().unwrap();
    let mut x = seed | 1;
    let mut tally = Tally::default();
    for trial in 0..trials {
        let trial_dir = work.path().join(format!("trial-{trial}"));
        let store_dir = trial_dir.join("store");
        copy_dir(&pristine, &store_dir);
        fs::write(trial_dir.join("expected.txt"), &expected).unwrap();
        // One to four bytes, each in a random file at a random offset.
        x = xorshift(x);
        let flips = 1 + (x % 4);
        let mut what = String::new();
        for _ in 0..flips {
            x = xorshift(x);
            let file = store_dir.join(&relative[(x as usize) % relative.len()]);
            let mut bytes = fs::read(&file).unwrap();
            x = xorshift(x);
            let at = (x >> 8) as usize % bytes.len();
            let mask = ((x & 0xff) as u8).max(1);
            bytes[at] ^= mask;
            fs::write(&file, &bytes).unwrap();
            write!(what, " {}@{at}^{mask:02x}", file.file_name().unwrap().to_string_lossy())
                .unwrap();
        }
        let outcome = run_child(&exe, &trial_dir);
        match outcome {
            Ok(line) if line.starts_with("error") => tally.errors += 1,
            Ok(line) if line == "intact" => tally.intact += 1,
            Ok(line) => tally.different.push(format!("trial {trial}:{what}: {line}")),
            Err(e) => tally.crashed.push(format!("trial {trial}:{what}: {e}")),
        }
        let _ = fs::remove_dir_all(&trial_dir);
    }
    println!(
        "byte flips: {} errors reported, {} intact, {} different data, {} crashed",
        tally.errors,
        tally.intact,
        tally.different.len(),
        tally.crashed.len()
    );
    assert!(tally.different.is_empty() && tally.crashed.is_empty(), "seed {seed}: {:#?}", tally);
    assert_eq!(tally.errors + tally.intact, trials);
}

/// Runs one trial in a child; `Err` for a panic, a signal, a hang or no answer.
fn run_child(exe: &Path, trial_dir: &Path) -> Result<String, String> {
    let mut child = Command::new(exe)
        .args(["--exact", "byte_flip_child", "--nocapture", "--test-threads=1"])
        .env("QUYCHE_FLIP_DIR", trial_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawn: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(_status) = child.try_wait().map_err(|e| e.to_string())? {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err("hung for 30 s".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    match stdout.find("FLIP-RESULT ") {
        Some(i) if out.status.success() => {
            let rest = &stdout[i + "FLIP-RESULT ".len()..];
            Ok(rest.lines().next().unwrap_or("").to_string())
        }
        _ => Err(format!("{}: {}{}", out.status, stdout.trim(), stderr.trim())),
    }
}

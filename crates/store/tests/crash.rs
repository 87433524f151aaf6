//! kill -9 test: a child process saves revisions in a loop and is killed at
//! random moments; every save it acknowledged must survive and verify.
//!
//! The child is this test binary re-executed with `crash_child` selected and
//! `QUYCHE_CRASH_DIR` set. `QUYCHE_CRASH_KILLS` (default 60) and
//! `QUYCHE_CRASH_SEED` make a failing run reproducible.
#![cfg(unix)]

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quyche_store::{hash_bytes, to_hex, Hash, NewRevision, Store, StoreError};

const REG: &str = "qc-crash";
const SHARED: u32 = 12;

/// Deterministic content of revision `n`, so the parent can check what the
/// child saved without talking to it.
fn revision_objects(n: u32) -> (Hash, Vec<Vec<u8>>) {
    let mut objects = Vec::new();
    // Shared objects: one of them changes per revision, the rest are reused.
    for k in 0..SHARED {
        let generation = (n + SHARED - k) / SHARED;
        objects
            .push(format!("object {k} generation {generation} {}", "đ".repeat(400)).into_bytes());
    }
    // Now and then a blob big enough for sled to put it in a separate file.
    if n & 15 == 0 {
        let mut big = Vec::with_capacity(200 * 1024);
        let mut x = u64::from(n) | 1;
        while big.len() < 200 * 1024 {
            x = xorshift(x);
            big.extend_from_slice(&x.to_le_bytes());
        }
        objects.push(big);
    }
    let mut root = format!("root of revision {n}\n").into_bytes();
    for o in &objects {
        root.extend_from_slice(to_hex(&hash_bytes(o)).as_bytes());
        root.push(b'\n');
    }
    root.resize(root.len() + 1024, b' ');
    let h = hash_bytes(&root);
    objects.insert(0, root);
    (h, objects)
}

fn unix_ms() -> u64 {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    t.as_millis() as u64
}

fn xorshift(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

/// The child: opens the store and saves revisions until killed.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os("QUYCHE_CRASH_DIR") else {
        return;
    };
    let out = std::io::stdout();
    let say = |line: String| {
        let mut out = out.lock();
        // The parent counts only what reached the pipe.
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    };
    let t0 = Instant::now();
    let (store, report) = match Store::open(Path::new(&dir)) {
        Ok(s) => s,
        Err(e) => {
            say(format!("error open: {e}"));
            std::process::exit(3);
        }
    };
    // "opened <unix ms> <ms taken> <files quarantined>"
    say(format!("opened {} {} {}", unix_ms(), t0.elapsed().as_millis(), report.quarantined.len()));
    let mut head = match store.regulation(REG) {
        Ok(r) => r.head,
        Err(StoreError::NotFound(_)) => {
            let (root, objects) = revision_objects(1);
            let rev = NewRevision {
                root,
                author: "child",
                time_ms: 1,
                message: "rev 1",
                title: "crash",
                objects: &objects,
            };
            if let Err(e) = store.create_regulation(REG, "draft", rev) {
                say(format!("error create: {e}"));
                std::process::exit(3);
            }
            say("ack 1".into());
            1
        }
        Err(e) => {
            say(format!("error read: {e}"));
            std::process::exit(3);
        }
    };
    // Bounded so that an orphaned child cannot run forever.
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let n = head + 1;
        let (root, objects) = revision_objects(n);
        let message = format!("rev {n}");
        let rev = NewRevision {
            root,
            author: "child",
            time_ms: i64::from(n),
            message: &message,
            title: "crash",
            objects: &objects,
        };
        match store.commit_revision(REG, Some(head), rev) {
            Ok(r) => {
                say(format!("ack {}", r.number));
                head = r.number;
            }
            Err(e) => {
                say(format!("error commit {n}: {e}"));
                std::process::exit(3);
            }
        }
    }
}

#[test]
fn kill_nine_loses_nothing_acknowledged() {
    let kills: u32 =
        std::env::var("QUYCHE_CRASH_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 =
        std::env::var("QUYCHE_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            (t.as_nanos() as u64) | 1
        });
    println!("crash test seed {seed} (rerun with QUYCHE_CRASH_SEED={seed}), {kills} kills");
    let mut rng = seed;
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();

    let mut acked: BTreeSet<u32> = BTreeSet::new();
    let mut before_open = 0u32;
    let mut quarantined = 0usize;
    let mut sizes = 0u64;
    let mut open_ms: Vec<u64> = Vec::new();
    let mut aim_ms = 0u64;
    for round in 0..kills {
        rng = xorshift(rng);
        // Mostly short delays, spread over start-up, sled's recovery (which
        // ends by writing a snapshot) and the first commits; a debug child
        // needs tens of ms to open. Every fourth round runs longer so that
        // the store grows.
        // Every fourth round aims just before the moment the last child
        // finished opening, where sled writes its recovery snapshot: a kill
        // there is what leaves `snap.*.generating` behind.
        let delay_ms = match round % 4 {
            3 => 150 + rng % 350,
            1 if aim_ms > 0 => aim_ms.saturating_sub(rng % 24).max(2),
            _ => 2 + rng % 149,
        };
        let spawned_at = unix_ms();
        let mut child = Command::new(&exe)
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env("QUYCHE_CRASH_DIR", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let exited_early = child.try_wait().unwrap();
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
        let mut stdout = String::new();
        let mut stderr = String::new();
        child.stdout.take().unwrap().read_to_string(&mut stdout).unwrap();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        assert!(
            exited_early.is_none() && !stdout.contains("error"),
            "round {round} (seed {seed}): child stopped on its own: {exited_early:?}\n{stdout}\n{stderr}"
        );
        match stdout.lines().find_map(|l| l.split("opened ").nth(1)) {
            None => before_open += 1,
            Some(rest) => {
                let nums: Vec<u64> = rest.split(' ').filter_map(|w| w.parse().ok()).collect();
                if let [at, took, ..] = nums[..] {
                    open_ms.push(took);
                    aim_ms = at.saturating_sub(spawned_at);
                }
            }
        }
        for line in stdout.lines() {
            if let Some(n) = line.strip_prefix("ack ") {
                acked.insert(n.trim().parse().unwrap());
            }
        }

        let (store, report) = Store::open(dir.path()).unwrap_or_else(|e| {
            panic!("round {round} (seed {seed}, delay {delay_ms} ms): reopen failed: {e}")
        });
        quarantined += report.quarantined.len();
        let verify = store.verify().unwrap();
        assert!(verify.is_intact(), "round {round} (seed {seed}): {:?}", verify.problems);
        if let Some(&max) = acked.last() {
            let head = store.regulation(REG).unwrap().head;
            assert!(head >= max, "round {round} (seed {seed}): head {head} < acknowledged {max}");
            let revisions = store.revisions(REG).unwrap();
            for &n in &acked {
                let r = &revisions[(n - 1) as usize];
                let (root, objects) = revision_objects(n);
                assert_eq!((r.number, r.root.as_str()), (n, to_hex(&root).as_str()), "seed {seed}");
                assert_eq!(store.object(&root).unwrap(), objects[0], "seed {seed}");
            }
        }
        sizes = store.size_on_disk().unwrap();
    }
    let elapsed = started.elapsed();
    open_ms.sort_unstable();
    let median_open = open_ms.get(open_ms.len() / 2).copied().unwrap_or(0);
    println!(
        "crash test: {kills} kills ({before_open} before the child finished opening; median child open {median_open} ms), {} acknowledged revisions all present and verified, {quarantined} interrupted snapshots quarantined, store {:.1} MB, {:.1} s",
        acked.len(),
        sizes as f64 / 1e6,
        elapsed.as_secs_f64()
    );
    assert!(!acked.is_empty(), "seed {seed}: the child never acknowledged a save");
}

//! What the store's integration tests share.

use std::path::Path;
use std::time::{Duration, Instant};

/// sled itself, under the store, for a test that reads or damages it directly. A store
/// just dropped can hold sled's file lock a moment longer (its flusher thread lets go
/// of the database last), so wait for it as `Store::open` does.
pub fn raw_sled(path: &Path) -> sled::Db {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match sled::open(path) {
            Ok(db) => return db,
            Err(e) if Instant::now() < deadline && e.to_string().contains("lock") => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("open the raw sled database: {e}"),
        }
    }
}

//! The API's tests, one binary (see `autotests` in Cargo.toml). The recorder of the UI's
//! tapes is its own binary, `recorded_ipc`.

mod approved_text;
mod backup;
mod bundles;
mod comments_sent;
mod editing;
mod encodings_and_file_errors;
mod exchange;
mod first_start;
mod invariants;
mod journey;
mod long_work;
mod redline_files;
mod rotating_backup;
mod safe_text;
mod search;
mod structure;
mod ui_labels;
mod undo;
mod word_review;
mod word_round_trip;
mod workflow_guide;

/// The tests' clock: it ticks one second per reading, from 2026-11-28T02:20:00Z, so that
/// every record has a time of its own and every run the same times.
pub fn test_clock() -> quyche_api::Clock {
    let t = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(1_795_832_400_000));
    std::sync::Arc::new(move || t.fetch_add(1000, std::sync::atomic::Ordering::SeqCst))
}

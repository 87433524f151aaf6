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

//! The export crate's tests, one binary (see `autotests` in Cargo.toml).

mod akn;
mod common;
mod docx;
mod export;
mod honest;
mod pdf;
mod promulgation;
mod promulgation_pdf;
mod redline_docx;
mod redline_pdf;
mod report_pdf;
mod review_copy;
mod safe_text;
mod schema_order;
mod signed;
mod snapshots;

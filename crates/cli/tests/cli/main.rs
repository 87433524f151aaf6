//! The `quyche` command line, run as a real process: one test binary, one harness.

mod approval;
mod harness;

mod backup;
mod contract;
mod documents_out;
mod drafting;
mod exchange;
mod new;
mod pdf;
mod redline;
mod redline_structure;
mod references;
mod review;
mod seals;
mod search;
mod sources;
mod usage;
mod word_import;
mod word_review;

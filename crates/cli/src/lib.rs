//! The definition of the `quyche` command line, shared by the binary (`src/main.rs`) and
//! its tests, which walk it so that every command's `--help` is checked.

pub mod args;

//! Links `quyche` as a position-dependent executable on Linux. A PIE of this size (every
//! domain crate, the PDF and Word writers) starts by applying about 108,000 relative
//! relocations and so writing to 1.8 MB of `.data.rel.ro`: a page fault per page on every
//! run, about a third of the start of a short command like `quyche stats`. Linked at a
//! fixed address, those pointers are final in the file and the pages are shared and
//! read-only. The code is still compiled position-independent; only the link changes.
//! (Address-space randomisation of the executable itself is lost; libraries, stack and
//! heap keep theirs. A command-line tool that reads local files is not a network-facing
//! target.)
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bin=quyche=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}

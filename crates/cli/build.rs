//! How `quyche` is linked on Linux (glibc). Two changes to the default link, each for the
//! start of every command, a short process (docs/benchmarks.md):
//!
//! * **A position-dependent executable.** A PIE of this size (every domain crate, the PDF
//!   and Word writers) starts by applying about 108,000 relative relocations and so
//!   writing to 1.8 MB of `.data.rel.ro`: a page fault per page on every run, about a
//!   third of the start of a short command like `quyche stats`. Linked at a fixed address,
//!   those pointers are final in the file and the pages are shared and read-only. The
//!   code is still compiled position-independent; only the link changes.
//!   (Address-space randomisation of the executable itself is lost; libraries, stack and
//!   heap keep theirs. A command-line tool that reads local files is not a network-facing
//!   target.)
//! * **The unwinder linked in** (what `gcc -static-libgcc` does), not loaded from
//!   `libgcc_s.so.1`: one library fewer for the loader to open, map and relocate, and its
//!   constructor's CPU probes (`cpuid`, each a trap to the hypervisor on a virtual
//!   machine) no longer run. 0.05 ms of every command. rustc names `-lgcc_s` itself, so an
//!   empty archive of that name, found first, stands in for it, and `libgcc_eh.a` (the
//!   same unwinder, as a static archive: gcc ships it) gives the symbols. Only when the C
//!   compiler knows where `libgcc_eh.a` is; else the default link. Panics still unwind
//!   (`main` catches them): the CLI's tests and a check of `catch_unwind` across a rayon
//!   join were run on this link.
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bin=quyche=-no-pie");
        if let (Some(unwinder), Some(out)) = (static_unwinder(), std::env::var_os("OUT_DIR")) {
            let out = PathBuf::from(out);
            // An empty `ar` archive: eight bytes of magic, no members.
            if std::fs::write(out.join("libgcc_s.a"), b"!<arch>\n").is_ok() {
                // For this binary only: the tests' binaries keep the default link.
                println!("cargo:rustc-link-arg-bin=quyche=-L{}", out.display());
                println!("cargo:rustc-link-arg-bin=quyche={}", unwinder.display());
            }
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CC");
}

/// `libgcc_eh.a`'s path, as the C compiler that links reports it (`-print-file-name`
/// prints the bare name when it has no such file).
fn static_unwinder() -> Option<PathBuf> {
    let cc = std::env::var_os("CC").unwrap_or_else(|| "cc".into());
    let out = Command::new(cc).arg("-print-file-name=libgcc_eh.a").output().ok()?;
    let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    (path.is_absolute() && Path::new(&path).is_file()).then_some(path)
}

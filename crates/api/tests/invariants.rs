//! The architecture's invariants (ARCHITECTURE.md), checked on the manifests so that a
//! change breaking one fails the build instead of a review.

use std::path::Path;

fn manifests() -> Vec<(String, String)> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&crates).unwrap() {
        let dir = entry.unwrap().path();
        let manifest = dir.join("Cargo.toml");
        if manifest.exists() {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(manifest).unwrap()));
        }
    }
    out
}

/// Whether a manifest depends on `dep` (in any dependency table).
fn depends_on(manifest: &str, dep: &str) -> bool {
    manifest.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with(&format!("{dep} "))
            || l.starts_with(&format!("{dep}="))
            || l.starts_with(&format!("{dep}."))
    })
}

#[test]
fn only_the_store_uses_sled_only_the_diff_uses_similar_and_no_crate_uses_tauri() {
    for (name, manifest) in manifests() {
        assert_eq!(depends_on(&manifest, "sled"), name == "store", "crates/{name} and sled");
        assert_eq!(depends_on(&manifest, "similar"), name == "diff", "crates/{name} and similar");
        for tauri in ["tauri", "tauri-build", "tauri-specta", "tauri-plugin-dialog"] {
            assert!(!depends_on(&manifest, tauri), "crates/{name} must not know {tauri}");
        }
    }
}

#[test]
fn arrows_point_one_way() {
    // Domain crates never depend on the facade or the CLI; the store depends on no
    // domain crate.
    for (name, manifest) in manifests() {
        if name != "cli" {
            assert!(
                !depends_on(&manifest, "quyche-api") || name == "api",
                "crates/{name} depends on the API"
            );
        }
        assert!(!depends_on(&manifest, "quyche-cli"), "crates/{name} depends on the CLI");
        if name == "store" {
            for domain in [
                "quyche-model",
                "quyche-text",
                "quyche-archive",
                "quyche-review",
                "quyche-diff",
                "quyche-export",
            ] {
                assert!(!depends_on(&manifest, domain), "the store depends on {domain}");
            }
        }
        if name == "model" {
            let ours = manifest.lines().any(|l| l.trim_start().starts_with("quyche-"));
            assert!(!ours, "the model depends on nothing of ours");
        }
    }
}

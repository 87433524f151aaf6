//! `ui/src/lib/ipc/labels.ts` is generated from the domain's labels
//! (`quyche_api::ui_labels_module`); this fails when the committed file is stale, so the
//! UI never shows a word the back end spells differently.

use std::path::Path;

#[test]
fn committed_ui_labels_are_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/ipc/labels.ts");
    let want = quyche_api::ui_labels_module();
    if std::env::var_os("QUYCHE_BLESS").is_some() {
        std::fs::write(&path, &want).expect("write labels.ts");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/lib/ipc/labels.ts is stale: run `QUYCHE_BLESS=1 cargo test -p quyche-api --test \
         ui_labels` and commit it"
    );
}

#[test]
fn every_label_is_vietnamese_words_not_a_code() {
    let module = quyche_api::ui_labels_module();
    for line in module.lines().filter(|l| l.starts_with("  ")) {
        let (key, label) = line.trim().split_once(": ").expect("key: label");
        let label = label.trim_end_matches(',').trim_matches('"');
        assert!(!label.is_empty() && label != key, "{key} has no label");
        assert!(label.contains(' ') || !label.is_ascii(), "{key}: {label}");
    }
}

/// The words docs/glossary-ui.md retired, with the plain word now used (the UI's list is
/// `RETIRED_TERMS` in ui/src/lib/shared/glossary.ts; this test reads it from there).
fn retired_terms() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let glossary = std::fs::read_to_string(root.join("ui/src/lib/shared/glossary.ts")).unwrap();
    let plain = |key: &str| -> String {
        let line =
            glossary.lines().find(|l| l.trim_start().starts_with(&format!("{key}: \""))).unwrap();
        line.split('"').nth(1).unwrap().to_string()
    };
    let mut terms = Vec::new();
    for line in glossary.lines().filter(|l| l.trim_start().starts_with("[\"")) {
        let old = line.split('"').nth(1).unwrap().to_string();
        let key = line.split("GLOSSARY.").nth(1).unwrap().trim_end_matches([']', ',']);
        terms.push((old, plain(key)));
    }
    terms
}

fn files_under(dir: &Path, exts: &[&str], out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, exts, out);
        } else if exts.iter().any(|e| path.to_string_lossy().ends_with(e)) {
            out.push(path);
        }
    }
}

#[test]
fn retired_jargon_does_not_come_back() {
    let terms = retired_terms();
    let olds: Vec<&str> = terms.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(olds, ["bó góp ý", "dấu vân tay", "mã băm", "định danh"]);
    assert_eq!(terms[0].1, "tệp góp ý");
    assert_eq!(terms[1].1, "mã nhận dạng");
    assert_eq!(terms[3].1, "chữ ký số");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    // What the window shows: its components and their own strings (not the generated
    // tapes, which carry the back end's answers, nor tests, which mock them).
    files_under(&root.join("ui/src/lib"), &[".svelte", ".ts"], &mut files);
    // The back end's words the window shows: the facade's messages and the shell's
    // dialog titles.
    files_under(&root.join("crates/api/src"), &[".rs"], &mut files);
    files_under(&root.join("src-tauri/src"), &[".rs"], &mut files);
    // The rules' refusals and the exchange's messages the window shows as they are.
    files_under(&root.join("crates/review/src"), &[".rs"], &mut files);
    // The exchange crate's refusals (a card, a package) reach the window as they are.
    files_under(&root.join("crates/exchange/src"), &[".rs"], &mut files);
    // The CLI's help and messages: the same people read them.
    files_under(&root.join("crates/cli/src"), &[".rs"], &mut files);
    files.retain(|p| {
        let s = p.to_string_lossy();
        !s.contains("/recorded/")
            && !s.ends_with("bindings.ts")
            && !s.ends_with("glossary.ts")
            && !s.contains(".test.")
    });
    assert!(files.len() > 40, "{} files", files.len());
    let mut found = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap().to_lowercase();
        for (old, plain) in &terms {
            if text.contains(old.as_str()) {
                found.push(format!("{}: “{old}” → “{plain}”", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "retired words (docs/glossary-ui.md):\n{}", found.join("\n"));
}

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

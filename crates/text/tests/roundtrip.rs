//! Inputs on which the round trip once failed (most found by the parse fuzz target), one
//! file each in `tests/roundtrip/`: each must now hold every invariant of
//! `common::check_invariants`. A new finding is added by dropping its minimized input
//! there (and into `fuzz/corpus/parse/`), with a name that says what it is.

mod common;

use std::path::Path;

#[test]
fn every_recorded_input_round_trips() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/roundtrip");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no recorded inputs", dir.display());
    for path in files {
        let bytes = std::fs::read(&path).expect("read");
        // The fuzz target's path: what `decode` accepts goes to `parse`.
        let text = quyche_text::decode(&bytes)
            .unwrap_or_else(|e| panic!("{}: decode refused it: {e}", path.display()));
        // Printed first, so a failure's output names the file.
        eprintln!("{}", path.display());
        common::check_invariants(&text);
    }
}

/// The seal is `canonical_hash`: a change to the canonical text of a real document would
/// break every seal made on it. These are the hashes of the vendored laws and of the demo
/// regulation as they were before the renderer learnt to protect body lines; they must
/// never change.
const SEALED: [(&str, &str); 5] = [
    (
        "laws/luat_hop_tac_xa_2012_23-2012-QH13.txt",
        "4f7b96a11512d76b8e0da286f2167b4d852294fa7355c2a60c8bd09086566f9a",
    ),
    (
        "laws/luat_hop_tac_xa_2023_17-2023-QH15.txt",
        "f9b171fbc9bc00ac6ddc7f3ed9304178f8783de24609a4f4ca267a0d4dcd833c",
    ),
    (
        "laws/du_thao_de_cuong_luat_phong_khong_nhan_dan.txt",
        "aa3705d837acdea6afc69f8f503d33a83084b0c648e57f217f134bb62d58d9e9",
    ),
    (
        "demo/quy-che-lam-viec-v1.txt",
        "9a277e1acf5f97fe21b20c695526e7533108f1ebcbcff0509fae232297abec81",
    ),
    (
        "demo/quy-che-lam-viec-v2.txt",
        "5f78e61804ad1aa9fd73ff0aa45ce68dc988d3249d1d0b3b37ec5acc920f36b5",
    ),
];

#[test]
fn real_documents_keep_their_canonical_hash() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let got: Vec<(&str, String)> = SEALED
        .iter()
        .map(|(name, _)| {
            let text = match name.strip_prefix("laws/") {
                Some(law) => quyche_fixtures::law(law),
                None => std::fs::read_to_string(root.join("../api").join(name)).expect("demo"),
            };
            (*name, quyche_text::canonical_hash(&quyche_text::parse(&text).document))
        })
        .collect();
    let want: Vec<(&str, String)> = SEALED.iter().map(|(n, h)| (*n, (*h).to_owned())).collect();
    assert_eq!(got, want, "the canonical text of a real document changed");
}

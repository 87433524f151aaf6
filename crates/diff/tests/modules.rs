//! The module graph drawn in the crate docs is the real one, and it has no cycle: every
//! module's `crate::…` paths name exactly the modules listed after its arrow in the
//! `# Modules` list of `src/lib.rs`, and those all come further down the list.

use std::collections::BTreeSet;
use std::path::Path;

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `(module, the modules it uses)` from the `# Modules` block of the crate docs, in order.
fn documented(lib: &str) -> Vec<(String, BTreeSet<String>)> {
    let after = &lib[lib.find("//! # Modules").expect("a # Modules section")..];
    let block = after.split("//! ```").nth(1).expect("a code block in # Modules");
    block
        .lines()
        .filter_map(|l| l.trim().strip_prefix("//!"))
        .map(str::trim)
        .filter(|l| l.contains('→'))
        .map(|l| {
            let (module, rest) = l.split_once('→').unwrap();
            // The uses end where the description starts (two spaces or more).
            let uses = rest.trim_start().split("  ").next().unwrap();
            let uses = if uses.starts_with('(') {
                BTreeSet::new()
            } else {
                uses.split(',').map(|u| u.trim().to_owned()).collect()
            };
            (module.trim().to_owned(), uses)
        })
        .collect()
}

/// The sibling modules a source file names through `crate::` (outside comments), and
/// its `super::` paths other than a test module's `use super::*;`.
fn used(source: &str) -> (BTreeSet<String>, Vec<String>) {
    let mut uses = BTreeSet::new();
    let mut supers = Vec::new();
    for line in source.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
        for (at, _) in line.match_indices("crate::") {
            let name: String = line[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            uses.insert(name);
        }
        if line.contains("super::") && line != "use super::*;" {
            supers.push(line.to_owned());
        }
    }
    (uses, supers)
}

/// Checks each module of `graph` against its source: it names exactly its documented
/// uses, only sibling modules, never its parent, and only modules further down the list.
fn check(
    graph: &[(String, BTreeSet<String>)],
    source: impl Fn(&str) -> String,
) -> Result<(), String> {
    let listed: Vec<&str> = graph.iter().map(|(m, _)| m.as_str()).collect();
    for (k, (module, documented_uses)) in graph.iter().enumerate() {
        let (uses, supers) = used(&source(module));
        // Only sibling modules, never the crate root (which only re-exports).
        if let Some(u) = uses.iter().find(|u| !listed.contains(&u.as_str())) {
            return Err(format!("{module} uses crate::{u}, not a module"));
        }
        if &uses != documented_uses {
            return Err(format!("{module} uses {uses:?}, documented {documented_uses:?}"));
        }
        if !supers.is_empty() {
            return Err(format!("{module} reaches its parent: {supers:?}"));
        }
        // Further down the list only: the graph has one direction.
        if let Some(u) = documented_uses.iter().find(|u| !listed[k + 1..].contains(&u.as_str())) {
            return Err(format!("{module} → {u}, which is not below it"));
        }
    }
    Ok(())
}

#[test]
fn module_graph_is_the_documented_one_and_acyclic() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let graph = documented(&lib);
    let listed: Vec<&str> = graph.iter().map(|(m, _)| m.as_str()).collect();
    assert!(listed.len() >= 7, "the # Modules list was not found or is short: {listed:?}");

    // Every source file is a listed module, and lib.rs declares each of them.
    let mut files: Vec<String> = std::fs::read_dir(src())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|f| f.strip_suffix(".rs").map(str::to_owned))
        .filter(|f| f != "lib")
        .collect();
    files.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(files, sorted, "source files and the documented modules differ");
    for m in &listed {
        assert!(lib.contains(&format!("\nmod {m};")), "lib.rs does not declare `mod {m};`");
    }
    let read = |m: &str| std::fs::read_to_string(src().join(format!("{m}.rs"))).unwrap();
    check(&graph, read).unwrap();
}

#[test]
fn the_check_fails_where_it_should() {
    let doc = |list: &str| format!("//! # Modules\n//!\n//! ```text\n{list}//! ```\n");
    let sources = |m: &str| match m {
        "a" => "use crate::b::X;\n".to_owned(),
        "b" => "use crate::a::Y;\n".to_owned(),
        _ => String::new(),
    };
    // A cycle: b points back up the list.
    let cyclic = documented(&doc("//! a → b  first\n//! b → a  second\n"));
    assert_eq!(cyclic.len(), 2);
    assert_eq!(check(&cyclic, sources).unwrap_err(), "b → a, which is not below it");
    // A use the list does not show.
    let hidden = documented(&doc("//! a → (none)  first\n//! b → (none)  second\n"));
    assert!(check(&hidden, sources).unwrap_err().starts_with("a uses"));
    // The crate root, and a parent reached through `super::`.
    let one = documented(&doc("//! a → (none)  only\n"));
    let root = |_: &str| "use crate::Op;\n".to_owned();
    assert_eq!(check(&one, root).unwrap_err(), "a uses crate::Op, not a module");
    let parent =
        |_: &str| "use super::Thing;\n    use super::*;\n// crate::b in a comment\n".to_owned();
    assert!(check(&one, parent).unwrap_err().starts_with("a reaches its parent"));
    // And a clean graph passes.
    let clean = documented(&doc("//! b → a  second\n//! a → (none)  first\n"));
    let fine = |m: &str| if m == "b" { "use crate::a::Y;\n".to_owned() } else { String::new() };
    assert_eq!(check(&clean, fine), Ok(()));
}

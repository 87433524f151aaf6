//! The architecture's invariants (ARCHITECTURE.md), checked on the real crate graph so
//! that a change breaking one fails the tests instead of waiting for a review.
//!
//! The graph comes from `cargo metadata` (every workspace package, its declared
//! dependencies and their kinds). The allow-list is the "Crate graph" block of
//! ARCHITECTURE.md itself: one home for the picture a reader trusts and the rule the
//! tests enforce, so the document cannot drift from the code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// A package's workspace-internal dependencies, split by kind.
#[derive(Debug, Default, PartialEq, Eq)]
struct Edges {
    normal: BTreeSet<String>,
    dev: BTreeSet<String>,
}

struct Package {
    name: String,
    /// Every dependency name, ours or third-party, of any kind.
    all_deps: BTreeSet<String>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

/// The workspace as `cargo metadata --no-deps` sees it (no network, no lock changes).
fn metadata() -> (Vec<Package>, BTreeMap<String, Edges>) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata gives JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let ours: BTreeSet<String> =
        packages.iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect();
    let mut list = Vec::new();
    let mut graph = BTreeMap::new();
    for p in packages {
        let name = p["name"].as_str().unwrap().to_owned();
        let mut edges = Edges::default();
        let mut all_deps = BTreeSet::new();
        for d in p["dependencies"].as_array().unwrap() {
            let dep = d["name"].as_str().unwrap().to_owned();
            all_deps.insert(dep.clone());
            if !ours.contains(&dep) {
                continue;
            }
            match d["kind"].as_str() {
                Some("dev") => edges.dev.insert(dep),
                // Normal and build dependencies are both part of what ships.
                _ => edges.normal.insert(dep),
            };
        }
        // A dev edge already implied by a normal one says nothing new.
        let normal = edges.normal.clone();
        edges.dev.retain(|d| !normal.contains(d));
        graph.insert(name.clone(), edges);
        list.push(Package { name, all_deps });
    }
    (list, graph)
}

/// The "Crate graph" block of ARCHITECTURE.md: `a → b c` for normal edges, `a ⇢ b c`
/// for dev-only edges, `a → (none)` for a crate with no internal dependency.
fn documented_graph() -> BTreeMap<String, Edges> {
    let path = root().join("ARCHITECTURE.md");
    let doc = std::fs::read_to_string(&path).expect("ARCHITECTURE.md");
    let start = doc
        .find("<!-- crate-graph -->")
        .expect("ARCHITECTURE.md has a `<!-- crate-graph -->` block before the crate graph");
    let block = &doc[start..];
    let open = block.find("```text\n").expect("the crate graph is a ```text block") + 8;
    let close = block[open..].find("```").expect("the crate graph block is closed") + open;
    let mut graph: BTreeMap<String, Edges> = BTreeMap::new();
    for (i, line) in block[open..close].lines().enumerate() {
        let line = line.split('#').next().unwrap().trim();
        if line.is_empty() {
            continue;
        }
        let (from, to, dev) = if let Some((a, b)) = line.split_once('→') {
            (a, b, false)
        } else if let Some((a, b)) = line.split_once('⇢') {
            (a, b, true)
        } else {
            panic!("ARCHITECTURE.md crate graph, line {}: no arrow in {line:?}", i + 1);
        };
        let entry = graph.entry(from.trim().to_owned()).or_default();
        for dep in to.split_whitespace().filter(|d| *d != "(none)") {
            let set = if dev { &mut entry.dev } else { &mut entry.normal };
            assert!(set.insert(dep.to_owned()), "ARCHITECTURE.md lists {from}→{dep} twice");
        }
    }
    graph
}

#[test]
fn the_crate_graph_is_the_one_architecture_md_draws() {
    let (_, actual) = metadata();
    let documented = documented_graph();
    let names: BTreeSet<&String> = actual.keys().chain(documented.keys()).collect();
    let mut wrong = Vec::new();
    for name in names {
        match (actual.get(name), documented.get(name)) {
            (Some(a), Some(d)) if a == d => {}
            (Some(a), Some(d)) => wrong.push(format!(
                "{name}: Cargo.toml has {:?} (dev {:?}), ARCHITECTURE.md draws {:?} (dev {:?})",
                a.normal, a.dev, d.normal, d.dev
            )),
            (Some(_), None) => {
                wrong.push(format!("{name} is a crate ARCHITECTURE.md does not draw"))
            }
            (None, Some(_)) => wrong.push(format!("ARCHITECTURE.md draws {name}, no such crate")),
            (None, None) => unreachable!(),
        }
    }
    assert!(wrong.is_empty(), "update the crate graph in ARCHITECTURE.md:\n{}", wrong.join("\n"));
}

/// The layer of each crate: arrows only point to the same layer or a lower one
/// (ui → api → domain → store).
fn layer(name: &str) -> u8 {
    match name {
        // Shells: the window and the command line.
        "quyche-app" | "quyche-cli" => 3,
        "quyche-api" => 2,
        "quyche-store" => 0,
        // Dev-only support for tests and benchmarks.
        "quyche-fixtures" => 0,
        // The domain: model, text, diff, archive, review, export, exchange.
        _ => 1,
    }
}

#[test]
fn arrows_point_one_way() {
    let (_, graph) = metadata();
    for (from, edges) in &graph {
        for to in &edges.normal {
            assert!(
                layer(to) < layer(from) || (layer(to) == layer(from) && layer(from) == 1),
                "{from} → {to} points up or sideways (layers {} → {})",
                layer(from),
                layer(to)
            );
            assert_ne!(to, "quyche-fixtures", "{from} ships with the dev-only fixtures");
        }
    }
    // The store knows no domain type; the model does no I/O and depends on nothing of ours.
    assert!(graph["quyche-store"].normal.is_empty(), "the store depends on nothing of ours");
    assert!(graph["quyche-model"].normal.is_empty(), "the model depends on nothing of ours");
}

#[test]
fn one_crate_knows_typst() {
    // typst is by far the largest dependency (about 20 MB of the release binary): keeping it
    // and the PDF parser behind quyche-pdf's small API (`typeset`, `read`) means the engine
    // can be swapped, or feature-gated, by changing one crate.
    let (packages, _) = metadata();
    let engines = ["typst", "hayro", "lopdf", "pdf-writer"];
    let knowing: Vec<&String> = packages
        .iter()
        .filter(|p| p.all_deps.iter().any(|d| engines.iter().any(|e| d.starts_with(e))))
        .map(|p| &p.name)
        .collect();
    assert_eq!(knowing, ["quyche-pdf"], "only quyche-pdf may depend on {engines:?}*");
}

#[test]
fn one_crate_knows_sled_one_knows_similar_one_knows_tauri() {
    let (packages, _) = metadata();
    for p in &packages {
        let knows = |prefix: &str| p.all_deps.iter().any(|d| d == prefix);
        assert_eq!(knows("sled"), p.name == "quyche-store", "{} and sled", p.name);
        assert_eq!(knows("similar"), p.name == "quyche-diff", "{} and similar", p.name);
        let tauri: Vec<&String> = p.all_deps.iter().filter(|d| d.starts_with("tauri")).collect();
        assert_eq!(
            !tauri.is_empty(),
            p.name == "quyche-app",
            "{} and tauri ({tauri:?}): only the app package knows tauri",
            p.name
        );
    }
}

/// The Tauri commands of the shell: each one's signature (up to its body) and body.
fn tauri_commands() -> Vec<(String, String)> {
    let src = std::fs::read_to_string(root().join("src-tauri").join("src").join("lib.rs"))
        .expect("src-tauri/src/lib.rs");
    let mut commands = Vec::new();
    let mut rest = src.as_str();
    while let Some(at) = rest.find("#[tauri::command") {
        rest = &rest[at..];
        let open = rest.find('{').expect("a command has a body");
        let mut depth = 0usize;
        let mut end = open;
        for (i, c) in rest[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        // rustfmt may spread the one call over several lines: judge the expression.
        let body = rest[open + 1..end].split_whitespace().collect::<Vec<_>>().join(" ");
        let signature = rest[..open].split_whitespace().collect::<Vec<_>>().join(" ");
        commands.push((signature, body));
        rest = &rest[end..];
    }
    commands
}

#[test]
fn tauri_commands_are_one_line_calls_into_the_api() {
    // Every `#[tauri::command]` body is a single expression that goes through the API
    // state (no rule, no I/O of its own behind the window).
    let commands = tauri_commands();
    for (signature, body) in &commands {
        let signature = &signature[signature.find("fn ").unwrap_or(0)..];
        let one_call = (body.starts_with("q.") || body.starts_with("quyche_api::"))
            && !body.trim_end_matches(';').contains(';')
            && ["let ", "if ", "match ", "for ", "while ", "loop ", "std::fs", "tauri::"]
                .iter()
                .all(|k| !body.contains(k));
        assert!(
            one_call,
            "{signature}: a Tauri command is one call into quyche-api, found: {body}"
        );
    }
    assert!(
        commands.len() > 10,
        "found only {} Tauri commands: has the shell moved?",
        commands.len()
    );
}

/// The parameters of a command's signature that could name a file: any `Path`/`PathBuf`,
/// or a string (or strings) called like a path. The webview never names a file: the
/// shell opens the dialog in Rust (`src-tauri/src/dialog.rs`).
fn path_parameters(signature: &str) -> Vec<String> {
    let Some(start) = signature.find("fn ").and_then(|f| signature[f..].find('(').map(|p| f + p))
    else {
        return Vec::new();
    };
    // The parameter list: up to the `)` that closes it, split at top-level commas.
    let (mut depth, mut params, mut current) = (0i32, Vec::new(), String::new());
    for c in signature[start + 1..].chars() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' if depth == 0 => break,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                params.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    params.push(current);
    let path_like = |name: &str| {
        name.split('_')
            .any(|w| ["path", "paths", "file", "files", "filename", "dir", "folder"].contains(&w))
    };
    params
        .iter()
        .filter_map(|p| p.split_once(':'))
        .map(|(name, ty)| (name.trim(), ty.replace(' ', "")))
        .filter(|(name, ty)| {
            let stringy = ["String", "&str", "Vec<String>", "Option<String>", "OsString"]
                .contains(&ty.as_str());
            ty.contains("Path") || (stringy && path_like(name))
        })
        .map(|(name, ty)| format!("{name}: {ty}"))
        .collect()
}

#[test]
fn no_tauri_command_takes_a_path() {
    // The rule, on the shapes it must catch and let through (the shell before issue 9
    // had the first four).
    for (signature, found) in [
        ("fn import_file(q: State<'_, Quyche>, path: String)", vec!["path: String"]),
        ("fn import_bundles(q: State<'_, Quyche>, paths: Vec<String>)", vec!["paths: Vec<String>"]),
        ("fn f(regulation_id: String, out_file: String, x: u32)", vec!["out_file: String"]),
        ("fn f(q: State<'_, Quyche>, to: PathBuf)", vec!["to: PathBuf"]),
        ("fn f(where_to: Option<&Path>)", vec!["where_to: Option<&Path>"]),
        ("fn f(app: AppHandle, q: State<'_, Quyche>, file: u32)", vec![]),
        ("fn f(q: State<'_, Quyche>, regulation_id: String, format: String)", vec![]),
        ("fn f(profile: String, text: String)", vec![]),
    ] {
        assert_eq!(path_parameters(signature), found, "{signature}");
    }
    let commands = tauri_commands();
    assert!(
        commands.len() > 10,
        "found only {} Tauri commands: has the shell moved?",
        commands.len()
    );
    for (signature, _) in commands {
        let found = path_parameters(&signature);
        assert!(
            found.is_empty(),
            "{signature}: a Tauri command takes no path from the webview ({}); open the dialog \
             in Rust (src-tauri/src/dialog.rs) and call a `*_picked` method (crates/api/src/picked.rs)",
            found.join(", ")
        );
    }
}

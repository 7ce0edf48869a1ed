//! The layer rule of `src/lib.rs`, read from the source: every `crate::x` a module names is
//! in its own layer or one below, no two top-level modules use each other (directly or
//! round a longer cycle), and only `main` uses `cli`. Test modules are left out: they may
//! reach up to build what they test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module and its layer, lowest first.
const LAYERS: &[(&str, u8)] = &[
    ("model", 0),
    ("store", 1),
    ("import", 1),
    ("export", 1),
    ("demo", 1),
    ("document", 2),
    ("action", 3),
    ("keymap", 3),
    ("config", 3),
    ("effect", 3),
    ("ui", 4),
    ("widgets", 4),
    ("screen", 5),
    ("app", 6),
    ("cli", 7),
    ("host", 7),
    ("testing", 8),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/screen/review/forms.rs` is `screen`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a path").as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// The `crate::x` names in a file's code, leaving out comments and test modules.
fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let code = code.split(" //").next().unwrap_or(code);
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + 7..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        if module == "lib" || module == "main" || file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read a source file");
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(uses(&text).into_iter().filter(|u| *u != module));
    }
    graph
}

#[test]
fn every_module_uses_only_its_own_layer_and_those_below() {
    let mut wrong = Vec::new();
    for (module, used) in graph() {
        let Some(mine) = layer(&module) else {
            wrong.push(format!("{module} has no layer in tests/layers.rs (and src/lib.rs's picture)"));
            continue;
        };
        for u in used {
            match layer(&u) {
                Some(theirs) if theirs <= mine => {}
                Some(_) => wrong.push(format!("{module} uses {u}, a layer above it")),
                None => wrong.push(format!("{module} uses {u}, which has no layer")),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_two_modules_use_each_other() {
    let graph = graph();
    // A depth-first walk from each module; reaching it again is a cycle.
    for start in graph.keys() {
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, path)) = stack.pop() {
            for next in graph.get(&at).into_iter().flatten() {
                assert!(next != start, "a cycle: {} -> {next}", path.join(" -> "));
                if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
}

#[test]
fn only_main_uses_the_command_line() {
    for (module, used) in graph() {
        assert!(!used.contains("cli"), "{module} uses cli; only main may");
    }
    let main = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/main.rs")).expect("main.rs");
    assert!(main.contains("quarterdeck::cli::"), "main runs the command line");
}

#[test]
fn the_reader_sees_through_comments_and_tests() {
    let text = "use crate::model::Step;\n// crate::app is named in a comment\nlet x = crate::ui::text::fit(a, 1); // crate::cli\n#[cfg(test)]\nmod tests { use crate::app::App; }\n";
    assert_eq!(uses(text), BTreeSet::from(["model".to_string(), "ui".to_string()]));
}

/// Files a newcomer can read whole: no production file over 500 lines (its test module,
/// at the end, does not count).
#[test]
fn no_production_file_is_over_500_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut long = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read a source file");
        let lines = text.lines().take_while(|l| !l.starts_with("#[cfg(test)]")).count();
        let name = file.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
        if lines > 500 {
            long.push(format!("src/{name}: {lines} lines"));
        }
    }
    assert!(long.is_empty(), "split these:\n{}", long.join("\n"));
}

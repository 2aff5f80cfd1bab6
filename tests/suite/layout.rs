//! Imports point down: DESIGN.md lists Maya's modules from the foundations up, and a module may
//! use only the ones listed before it. This test holds that order and the few exceptions left,
//! so a new import that points up (or a new module nobody placed) fails here, not in review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The order of DESIGN.md's layout: leaves, the domain, settings and safety, the outside world,
/// the actor, the faces.
const ORDER: &[&str] = &[
    "allocator",
    "assets",
    "money",
    "next_step",
    "durable",
    "read_limit",
    "terminal",
    "net",
    "toml_plain",
    "bar",
    "transcript",
    "config",
    "security",
    "secrets",
    "logging",
    "llm",
    "payments",
    "session",
    "voice",
    "tools",
    "agent",
    "ui",
    "startup",
    "cli",
    "commands",
];

/// Known and left, each with its reason in DESIGN.md ("Imports that still point sideways").
const EXCEPTIONS: &[(&str, &str)] = &[("config", "llm"), ("llm", "tools"), ("voice", "agent")];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every production source file (unit tests may reach anywhere: they are not the layering).
fn production_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "tests" && !name.ends_with("_tests") {
                production_files(&path, out);
            }
        } else if name.ends_with(".rs") && !name.ends_with("_tests.rs") && name != "tests.rs" {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/bar/menu.rs` → `bar`; `None` for lib.rs and
/// main.rs, which sit above everything.
fn owner(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The top-level modules a file names as `crate::x`, outside comments.
fn uses(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `maya_crate::` or similar, not ours
            }
            let name: String = code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.insert(name);
            }
        }
    }
    found
}

fn upward_imports() -> BTreeMap<(String, String), Vec<String>> {
    let rank = |m: &str| ORDER.iter().position(|o| *o == m);
    let mut files = Vec::new();
    production_files(&src(), &mut files);
    let mut up: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for file in files {
        let Some(from) = owner(&file) else { continue };
        let from_rank = rank(&from).unwrap_or_else(|| panic!("{from} is not placed in ORDER"));
        let text = std::fs::read_to_string(&file).expect("a source file is UTF-8");
        for to in uses(&text) {
            let Some(to_rank) = rank(&to) else { continue };
            if to_rank > from_rank {
                let shown = file.strip_prefix(src()).unwrap_or(&file).display();
                up.entry((from.clone(), to))
                    .or_default()
                    .push(shown.to_string());
            }
        }
    }
    up
}

#[test]
fn every_module_is_placed_in_the_order() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    let placed: BTreeSet<&str> = ORDER.iter().copied().collect();
    assert_eq!(
        declared, placed,
        "lib.rs modules vs the layout order here and in DESIGN.md"
    );
}

#[test]
fn imports_point_down_but_for_the_known_exceptions() {
    let up = upward_imports();
    let unknown: Vec<_> = up
        .iter()
        .filter(|((from, to), _)| !EXCEPTIONS.contains(&(from.as_str(), to.as_str())))
        .collect();
    assert!(
        unknown.is_empty(),
        "imports that point up the layout (move the code down, or name the exception in \
         DESIGN.md and here): {unknown:#?}"
    );
    for (from, to) in EXCEPTIONS {
        assert!(
            up.contains_key(&(from.to_string(), to.to_string())),
            "{from} → {to} no longer points up: remove it from the exceptions and DESIGN.md"
        );
    }
}

#[test]
fn the_scan_sees_an_upward_import() {
    // The checker itself can fail: a `crate::` path is found, one in a comment is not.
    let found = uses("use crate::agent::Event; // see crate::ui\nlet x = maya_crate::y;");
    assert_eq!(found, BTreeSet::from(["agent".to_string()]));
}

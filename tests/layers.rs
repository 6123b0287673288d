//! The layers of the code (README, Architecture): every top-level module of `src/` may
//! use only modules of the layers below its own. An import that points sideways or up
//! fails here, naming the file and the module it reaches for.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// From the bottom up. Modules in one layer do not use each other.
const LAYERS: &[&[&str]] = &[
    &["error", "vocabulary", "audio"],
    &["text"],
    &["ui"],
    &["platform"],
    &["auth"],
    &["notifications"],
    &["tracks", "support"],
    &["invitations", "reminders", "announcements"],
    &["account", "media", "feed", "dashboard"],
    &["settings"],
    &["app"],
    &["server"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file names through `crate::`, comments left out.
fn modules_used(source: &str) -> Vec<String> {
    let mut used = Vec::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `crate::{a::b, c}`: the first name of each item.
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let name = item.trim().split("::").next().unwrap_or("").trim();
                    if !name.is_empty() {
                        used.push(name.to_string());
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    used.push(name);
                }
            }
        }
    }
    used
}

#[test]
fn every_import_points_down() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src/");
        let first = rel.components().next().expect("a path");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            panic!(
                "src/{} belongs to no layer: add `{module}` to LAYERS",
                rel.display()
            );
        };
        checked += 1;
        let source = std::fs::read_to_string(file).expect("a readable source file");
        for used in modules_used(&source) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(l) if l < own => {}
                _ => wrong
                    .entry(format!("src/{}", rel.display()))
                    .or_default()
                    .push(used),
            }
        }
    }
    assert!(checked > 50, "only {checked} files were checked");
    assert!(
        wrong.is_empty(),
        "imports that do not point down a layer: {wrong:#?}"
    );
}

#[test]
fn the_reader_sees_grouped_imports_and_skips_comments() {
    let used = modules_used(
        "use crate::{auth::User, text};\n// crate::server in a comment\nlet x = crate::ui::browser::focus;",
    );
    assert_eq!(used, ["auth", "text", "ui"]);
}

//! Names every file of the bundle by its contents, so the server can let browsers keep
//! them for a year: a file's name changes whenever what it serves changes.
//!
//! The JavaScript, the loader, the manifest and the wasm modules name one another (the
//! main module imports the loader, the loader imports the main module and fetches the
//! chunks, the chunks import the loader), so what one serves depends on the others'
//! names. Each of them is therefore named by its own contents together with a digest of
//! all of them; the stylesheet names nothing and is named by its contents alone.

use crate::bundle::LOADER;
use anyhow::{Context, Result};
use base64ct::{Base64UrlUnpadded, Encoding};
use md5::{Digest, Md5};
use std::collections::BTreeMap;
use std::path::Path;

const PLACEHOLDER: &str = "______________________";

pub fn encode(digest: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(digest)
}

/// Renames the files of `pkg` (not its folders) to `stem.HASH.ext`, the loader to
/// `__wasm_split.HASH.js`, rewrites the names inside them, and returns the hash file
/// the server reads to name them in its pages.
pub fn name_files(pkg: &Path, output_name: &str) -> Result<String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(pkg)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            let name = entry
                .file_name()
                .into_string()
                .ok()
                .context("a file name")?;
            files.insert(name, std::fs::read(entry.path())?);
        }
    }
    let css = format!("{output_name}.css");
    let mut all = Md5::new();
    for (name, bytes) in files.iter().filter(|(name, _)| **name != css) {
        all.update((name.len() as u64).to_le_bytes());
        all.update(name);
        all.update((bytes.len() as u64).to_le_bytes());
        all.update(bytes);
    }
    let all = all.finalize();

    let mut hashes = BTreeMap::new();
    let mut renamed = BTreeMap::new();
    for (name, bytes) in &files {
        let mut md5 = Md5::new();
        if *name != css {
            md5.update(all);
        }
        md5.update(bytes);
        let hash = encode(&md5.finalize());
        let new = if name.contains(PLACEHOLDER) {
            name.replace(PLACEHOLDER, &hash)
        } else {
            let (stem, ext) = name.rsplit_once('.').context("a file without extension")?;
            format!("{stem}.{hash}.{ext}")
        };
        hashes.insert(name.clone(), hash);
        renamed.insert(name.clone(), new);
    }

    // Longest names first, so no name is replaced inside a longer one.
    let mut by_length: Vec<(&String, &String)> = renamed.iter().collect();
    by_length.sort_by_key(|(old, _)| std::cmp::Reverse(old.len()));
    let loader = &renamed[LOADER];
    for (name, bytes) in files {
        let contents = if name.ends_with(".js") {
            let mut text = String::from_utf8(bytes).context("JavaScript that is not UTF-8")?;
            for (old, new) in &by_length {
                text = text.replace(old.as_str(), new);
            }
            text.into_bytes()
        } else if name.ends_with(".wasm") {
            replace_bytes(bytes, LOADER.as_bytes(), loader.as_bytes())
        } else if name.starts_with("__wasm_split_manifest") {
            manifest(&bytes, &renamed)?
        } else {
            bytes
        };
        std::fs::write(pkg.join(&renamed[&name]), contents)?;
        std::fs::remove_file(pkg.join(&name))?;
    }

    let of = |name: &str| hashes.get(name).cloned().context(format!("no {name}"));
    Ok(format!(
        "js: {}\nwasm: {}\ncss: {}\nmanifest: {}\nsplit: {}\n",
        of(&format!("{output_name}.js"))?,
        of(&format!("{output_name}.wasm"))?,
        of(&css)?,
        of("__wasm_split_manifest.json")?,
        of(LOADER)?,
    ))
}

/// The manifest names chunks without their extension: `chunk_3` → `chunk_3.HASH`.
fn manifest(bytes: &[u8], renamed: &BTreeMap<String, String>) -> Result<Vec<u8>> {
    let map: BTreeMap<String, Vec<String>> = serde_json::from_slice(bytes)?;
    let stem = |s: &str| s.strip_suffix(".wasm").map(str::to_string);
    let map: BTreeMap<String, Vec<String>> = map
        .into_iter()
        .map(|(k, chunks)| {
            let chunks = chunks
                .into_iter()
                .map(|c| {
                    renamed
                        .get(&format!("{c}.wasm"))
                        .and_then(|n| stem(n))
                        .unwrap_or(c)
                })
                .collect();
            (k, chunks)
        })
        .collect();
    Ok(serde_json::to_vec(&map)?)
}

/// Replaces `from` with `to`, of the same length, wherever it occurs.
fn replace_bytes(mut bytes: Vec<u8>, from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len(), "a name inside wasm keeps its length");
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(dir: &Path, main_js: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(
            dir.join("app.js"),
            format!("import * as s from \"./{LOADER}\";{main_js}"),
        )
        .unwrap();
        std::fs::write(
            dir.join(LOADER),
            "import { initSync } from \"./app.js\"; fetch(\"./chunk_1.wasm\"); fetch(\"./chunk_11.wasm\");",
        )
        .unwrap();
        std::fs::write(dir.join("app.wasm"), b"\0asm main").unwrap();
        std::fs::write(dir.join("chunk_1.wasm"), format!("\0asm ./{LOADER}")).unwrap();
        std::fs::write(dir.join("chunk_11.wasm"), b"\0asm eleven").unwrap();
        std::fs::write(
            dir.join("__wasm_split_manifest.json"),
            r#"{"load":["chunk_1","chunk_11"]}"#,
        )
        .unwrap();
        std::fs::write(dir.join("app.css"), "a{color:red}").unwrap();
    }

    fn listing(dir: &Path) -> BTreeMap<String, String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().into_string().unwrap(),
                    String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn every_name_and_every_reference_follows_the_contents() {
        let dir = std::env::temp_dir().join(format!("site-hash-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        bundle(&dir.join("a"), "one");
        bundle(&dir.join("b"), "two");
        let hashes_a = name_files(&dir.join("a"), "app").unwrap();
        let hashes_b = name_files(&dir.join("b"), "app").unwrap();
        let (a, b) = (listing(&dir.join("a")), listing(&dir.join("b")));

        let line = |h: &str, k: &str| {
            h.lines()
                .find_map(|l| l.strip_prefix(&format!("{k}: ")))
                .unwrap()
                .to_string()
        };
        let loader = format!("__wasm_split.{}.js", line(&hashes_a, "split"));
        let js = format!("app.{}.js", line(&hashes_a, "js"));
        assert!(a[&js].contains(&format!("\"./{loader}\"")));
        assert!(a[&loader].contains(&format!("\"./{js}\"")));
        let chunk_1 = a.keys().find(|n| n.starts_with("chunk_1.")).unwrap();
        let chunk_11 = a.keys().find(|n| n.starts_with("chunk_11.")).unwrap();
        assert!(a[&loader].contains(&format!("\"./{chunk_1}\"")));
        assert!(a[&loader].contains(&format!("\"./{chunk_11}\"")));
        assert_eq!(a[chunk_1], format!("\0asm ./{loader}"));
        let manifest = format!("__wasm_split_manifest.{}.json", line(&hashes_a, "manifest"));
        assert_eq!(
            a[&manifest],
            format!(
                r#"{{"load":["{}","{}"]}}"#,
                chunk_1.trim_end_matches(".wasm"),
                chunk_11.trim_end_matches(".wasm")
            )
        );
        assert!(!a.keys().any(|n| n.contains(PLACEHOLDER)));
        assert_eq!(a.len(), 7);
        assert_eq!(line(&hashes_a, "css"), line(&hashes_b, "css"));
        assert_ne!(line(&hashes_a, "wasm"), line(&hashes_b, "wasm"));

        // One change in the main module: every file that names another changes its
        // name; the stylesheet, which names none and did not change, keeps its own.
        for (name, contents) in &a {
            if name.ends_with(".css") {
                assert_eq!(b.get(name), Some(contents));
            } else {
                assert!(!b.contains_key(name), "{name} kept its name");
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

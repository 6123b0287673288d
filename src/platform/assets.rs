//! Serves `/pkg` (the WASM, JS and CSS bundle) precompressed and cached.
//!
//! Right after start-up (in the background; until then files go out uncompressed) every bundle file gets a `.br` (quality 11) and `.gz` sibling unless an
//! up-to-date one exists; `ServeDir` then picks one by `Accept-Encoding`. With
//! `hash-files` the names carry a content hash, so they are cached for a year.

use axum::http::{header, HeaderValue};
use std::io::Write;
use std::path::{Path, PathBuf};
use tower::Layer;
use tower_http::services::ServeDir;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

const COMPRESSIBLE: [&str; 4] = ["wasm", "js", "css", "svg"];

fn needs(out: &Path, src_modified: std::time::SystemTime) -> bool {
    match out.metadata().and_then(|m| m.modified()) {
        Ok(t) => t < src_modified,
        Err(_) => true,
    }
}

fn compress_file(path: &Path) -> std::io::Result<()> {
    let modified = path.metadata()?.modified()?;
    let br = PathBuf::from(format!("{}.br", path.display()));
    let gz = PathBuf::from(format!("{}.gz", path.display()));
    if !needs(&br, modified) && !needs(&gz, modified) {
        return Ok(());
    }
    let data = std::fs::read(path)?;
    let mut out = Vec::with_capacity(data.len() / 3);
    {
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    }
    write_atomically(&br, &out)?;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&data)?;
    write_atomically(&gz, &enc.finish()?)?;
    Ok(())
}

/// Writes beside `path` and renames, so a half-written file is never served.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = PathBuf::from(format!("{}.tmp", path.display()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Compresses the bundle in `pkg_dir`; returns how many files it looked at.
pub fn precompress(pkg_dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(pkg_dir) else {
        return 0;
    };
    let mut n = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if COMPRESSIBLE.contains(&ext) {
            n += 1;
            if let Err(e) = compress_file(&path) {
                tracing::warn!("could not precompress {}: {e}", path.display());
            }
        }
    }
    n
}

/// The `/pkg` service: precompressed files, long-cached when their names are hashed.
pub fn pkg_service(pkg_dir: PathBuf, hashed: bool) -> SetResponseHeader<ServeDir, HeaderValue> {
    let cache = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(cache))
        .layer(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
}

/// The names of the bundle's files in `/pkg`.
#[derive(Debug)]
pub struct Bundle {
    pub js: String,
    pub wasm: String,
    pub css: String,
    /// The loader of the code's chunks (`--split`), which the app's JS imports: named in
    /// the page so it is fetched beside the JS rather than after it.
    pub split: Option<String>,
}

/// The bundle's file names, read once: with `hash-files` from the hash file cargo-leptos
/// writes beside the server binary (read on every page before, which cost each render a
/// file read).
pub fn bundle(options: &leptos::config::LeptosOptions) -> &'static Bundle {
    static NAMES: std::sync::OnceLock<Bundle> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let name = options.output_name.to_string();
        let pkg =
            std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
        let files: Vec<String> = std::fs::read_dir(&pkg)
            .map(|dir| {
                dir.flatten()
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        let mut names = Bundle {
            js: format!("{name}.js"),
            // wasm-bindgen's own name, unless cargo-leptos named the output.
            wasm: if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
                format!("{name}_bg.wasm")
            } else {
                format!("{name}.wasm")
            },
            css: format!("{name}.css"),
            split: files
                .iter()
                .find(|f| f.starts_with("__wasm_split") && f.ends_with(".js"))
                .cloned(),
        };
        if options.hash_files {
            let file = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|p| p.join(options.hash_file.as_ref())));
            match file.map(std::fs::read_to_string) {
                Some(Ok(hashes)) => {
                    for (kind, hash) in hashes
                        .lines()
                        .filter_map(|l| l.trim().split_once(':'))
                        .map(|(k, h)| (k.trim(), h.trim()))
                    {
                        match kind {
                            "js" => names.js = format!("{name}.{hash}.js"),
                            "wasm" => names.wasm = format!("{name}.{hash}.wasm"),
                            "css" => names.css = format!("{name}.{hash}.css"),
                            _ => {}
                        }
                    }
                }
                _ => tracing::error!("hash-files is on but the hash file could not be read"),
            }
        }
        names
    })
}

//! What to build, read from the app's `[package.metadata.leptos]` in `Cargo.toml`: the
//! same table `cargo leptos` reads, so the two build the same site.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Metadata {
    output_name: String,
    site_root: String,
    site_pkg_dir: String,
    style_file: String,
    assets_dir: String,
    site_addr: String,
    reload_port: u16,
    #[serde(default)]
    bin_features: Vec<String>,
    #[serde(default)]
    lib_features: Vec<String>,
    lib_profile_release: String,
    #[serde(default)]
    hash_files: bool,
    #[serde(default = "defaults")]
    browserquery: String,
}

fn defaults() -> String {
    "defaults".into()
}

#[derive(Deserialize)]
struct Manifest {
    package: Package,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    metadata: PackageMetadata,
}

#[derive(Deserialize)]
struct PackageMetadata {
    leptos: Metadata,
}

/// The app's build settings, with paths made absolute.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub package: String,
    pub output_name: String,
    pub site_root: PathBuf,
    pub pkg_dir: String,
    pub style_file: PathBuf,
    pub assets_dir: PathBuf,
    pub bin_features: Vec<String>,
    pub lib_features: Vec<String>,
    pub lib_profile: String,
    pub browserquery: String,
    /// The environment `cargo leptos` gives both compilations; the same here, so that
    /// either tool reuses what the other compiled.
    pub env: Vec<(&'static str, String)>,
}

impl Site {
    pub fn read(root: &Path) -> Result<Site> {
        let text =
            std::fs::read_to_string(root.join("Cargo.toml")).context("reading Cargo.toml")?;
        let manifest: Manifest =
            toml::from_str(&text).context("reading [package.metadata.leptos] in Cargo.toml")?;
        let m = manifest.package.metadata.leptos;
        if !m.hash_files {
            bail!("the site is served with hashed file names: set hash-files = true");
        }
        let env = vec![
            ("LEPTOS_OUTPUT_NAME", m.output_name.clone()),
            ("LEPTOS_SITE_ROOT", m.site_root.clone()),
            ("LEPTOS_SITE_PKG_DIR", m.site_pkg_dir.clone()),
            ("LEPTOS_SITE_ADDR", m.site_addr.clone()),
            ("LEPTOS_RELOAD_PORT", m.reload_port.to_string()),
            ("LEPTOS_LIB_DIR", ".".into()),
            ("LEPTOS_BIN_DIR", ".".into()),
            ("LEPTOS_JS_MINIFY", "true".into()),
            ("LEPTOS_HASH_FILES", "true".into()),
            ("LEPTOS_HASH_FILE_NAME", "hash.txt".into()),
        ];
        Ok(Site {
            root: root.to_path_buf(),
            package: manifest.package.name,
            site_root: root.join(&m.site_root),
            pkg_dir: m.site_pkg_dir,
            style_file: root.join(&m.style_file),
            assets_dir: root.join(&m.assets_dir),
            output_name: m.output_name,
            bin_features: m.bin_features,
            lib_features: m.lib_features,
            lib_profile: m.lib_profile_release,
            browserquery: m.browserquery,
            env,
        })
    }

    /// The wasm the browser compilation links.
    pub fn linked_wasm(&self) -> PathBuf {
        self.root
            .join("target/front/wasm32-unknown-unknown")
            .join(&self.lib_profile)
            .join(format!("{}.wasm", self.package.replace('-', "_")))
    }

    /// The server binary; the hash file the server reads sits beside it.
    pub fn server_dir(&self) -> PathBuf {
        self.root.join("target/release")
    }

    /// A prebuilt tool from `scripts/site/node_modules` (installed by the bootstrap).
    pub fn tool(&self, name: &str) -> PathBuf {
        self.root.join("scripts/site/node_modules/.bin").join(name)
    }
}

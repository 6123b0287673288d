//! The browser bundle: from the linked wasm and the stylesheet to the files in
//! `target/site`, built in a folder of its own and put in place whole.

use crate::{config::Site, hash, sibling};
use anyhow::{bail, Context, Result};
use md5::{Digest, Md5};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use wasm_bindgen_cli_support::Bindgen;

/// The loader of the split chunks, named with the placeholder its hash replaces.
pub const LOADER: &str = "__wasm_split.______________________.js";

/// A bundle ready to replace the served one, or the served one still current.
pub enum Bundle {
    Made {
        dir: PathBuf,
        hashes: String,
        stamp: String,
    },
    Unchanged,
}

/// Makes the bundle, unless what it is made from is what the served one was made from.
pub fn make(site: &Site, start: Instant) -> Result<Bundle> {
    let wasm = std::fs::read(site.linked_wasm())
        .with_context(|| format!("reading {}", site.linked_wasm().display()))?;
    let stamp = stamp(site, &wasm)?;
    let served = site.site_root.join(&site.pkg_dir).is_dir()
        && site.server_dir().join("hash.txt").is_file()
        && std::fs::read_to_string(stamp_file(site)).ok().as_deref() == Some(stamp.as_str());
    if served {
        println!("site: browser bundle unchanged");
        return Ok(Bundle::Unchanged);
    }
    let dir = sibling(&site.site_root, ".next");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    copy_dir(&site.assets_dir, &dir).context("copying the assets")?;
    let pkg = dir.join(&site.pkg_dir);
    std::fs::create_dir_all(&pkg)?;

    let mut modules = split(site, &wasm, &pkg)?;
    drop(wasm);
    modules.insert(0, bind(site, &pkg)?);
    step("split and bound", start);
    optimise(site, &modules)?;
    step("optimised", start);
    minify(site, &pkg)?;
    let hashes = hash::name_files(&pkg, &site.output_name)?;
    step("minified and named", start);
    Ok(Bundle::Made { dir, hashes, stamp })
}

impl Bundle {
    /// Puts the bundle in place of the served one and its hash file beside the server.
    pub fn install(self, site: &Site) -> Result<()> {
        let Bundle::Made { dir, hashes, stamp } = self else {
            return Ok(());
        };
        let old = sibling(&site.site_root, ".old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        if site.site_root.exists() {
            std::fs::rename(&site.site_root, &old)?;
        }
        std::fs::rename(&dir, &site.site_root)?;
        std::fs::write(site.server_dir().join("hash.txt"), hashes)?;
        std::fs::write(stamp_file(site), stamp)?;
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

fn step(what: &str, start: Instant) {
    println!(
        "site: browser bundle {what} at {:.1} s",
        start.elapsed().as_secs_f64()
    );
}

/// Splits the code each `#[lazy]` function needs into chunks loaded on demand, writes
/// them and their loader to `pkg` and the main module beside the linked wasm; returns
/// the chunks.
fn split(site: &Site, wasm: &[u8], pkg: &Path) -> Result<Vec<PathBuf>> {
    let main_module = format!("./{}.js", site.output_name);
    let link_name = format!("./{LOADER}");
    let main_out = sibling(&site.linked_wasm(), ".split");
    let mut opts = wasm_split_cli_support::Options::new(wasm);
    opts.output_dir = pkg;
    opts.main_out_path = &main_out;
    opts.main_module = &main_module;
    opts.link_name = &link_name;
    let split = wasm_split_cli_support::transform(opts)
        .map_err(|e| anyhow::anyhow!("splitting the wasm: {e:#}"))?;
    std::fs::write(
        pkg.join("__wasm_split_manifest.json"),
        serde_json::to_string(&split.prefetch_map)?,
    )?;
    Ok(split.split_modules)
}

/// Binds the main module to JavaScript (ES module for the web); returns its wasm.
fn bind(site: &Site, pkg: &Path) -> Result<PathBuf> {
    let main = sibling(&site.linked_wasm(), ".split");
    Bindgen::new()
        .input_path(&main)
        .web(true)?
        .keep_lld_exports(true)
        .demangle(false)
        .typescript(false)
        .out_name(&site.output_name)
        .generate(pkg)
        .context("binding the wasm to JavaScript")?;
    let wasm = pkg.join(format!("{}.wasm", site.output_name));
    std::fs::rename(pkg.join(format!("{}_bg.wasm", site.output_name)), &wasm)?;
    Ok(wasm)
}

/// `wasm-opt -Oz` on every module, through Binaryen's library in Node
/// (`wasm-opt.mjs`): the main module in one process, the chunks in another, at once.
fn optimise(site: &Site, modules: &[PathBuf]) -> Result<()> {
    let script = site.root.join("scripts/site/wasm-opt.mjs");
    let (main, chunks) = modules.split_first().context("no wasm to optimise")?;
    let start = |files: &[PathBuf]| {
        Command::new("node")
            .arg(&script)
            .args(files)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .context("running node (scripts/bootstrap.sh installs it)")
    };
    let running = [start(std::slice::from_ref(main))?, start(chunks)?];
    for child in running {
        let out = child.wait_with_output()?;
        if !out.status.success() {
            bail!("wasm-opt failed: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    Ok(())
}

/// Minifies the JavaScript (esbuild) and the stylesheet, for the browsers of
/// `browserquery` (lightningcss).
fn minify(site: &Site, pkg: &Path) -> Result<()> {
    for js in [format!("{}.js", site.output_name), LOADER.to_string()] {
        let file = pkg.join(js);
        let mut cmd = Command::new(site.tool("esbuild"));
        cmd.arg(&file)
            .arg("--minify")
            .arg("--legal-comments=none")
            .arg("--log-level=warning")
            .arg("--allow-overwrite")
            .arg(format!("--outfile={}", file.display()));
        tool(cmd, "esbuild")?;
    }
    let mut cmd = Command::new(site.tool("lightningcss"));
    cmd.arg("--minify")
        .arg("--targets")
        .arg(&site.browserquery)
        .arg(&site.style_file)
        .arg("-o")
        .arg(pkg.join(format!("{}.css", site.output_name)));
    tool(cmd, "lightningcss")
}

fn tool(mut cmd: Command, name: &str) -> Result<()> {
    let out = cmd
        .output()
        .with_context(|| format!("running {name} (scripts/bootstrap.sh installs it)"))?;
    if !out.status.success() {
        bail!("{name} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

/// What the bundle is made from: the linked wasm, the stylesheet, the assets and this
/// tool itself.
fn stamp(site: &Site, wasm: &[u8]) -> Result<String> {
    let mut md5 = Md5::new();
    md5.update(wasm);
    md5.update(std::fs::read(&site.style_file).context("reading the stylesheet")?);
    let mut assets = Vec::new();
    files(&site.assets_dir, &mut assets)?;
    assets.sort();
    for file in assets {
        md5.update(file.to_string_lossy().as_bytes());
        md5.update(std::fs::read(&file)?);
    }
    md5.update(std::fs::read(std::env::current_exe()?)?);
    Ok(hash::encode(&md5.finalize()))
}

fn stamp_file(site: &Site) -> PathBuf {
    site.root.join("target/front/site.stamp")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let dest = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest)?;
        }
    }
    Ok(())
}

//! `site`: builds Producer Dashboard's release, what `make run` serves and the tests
//! measure.
//!
//! It compiles the server and the browser code side by side (two compilations, one per
//! core's worth of work), then makes the browser bundle while the server still
//! compiles: splits the code into the chunks pages load on demand, binds it to
//! JavaScript, optimises every module, minifies the JavaScript and the styles, names
//! each file by its contents and writes the hash file the server reads. The site
//! replaces the old one only once it is complete.
//!
//! It reads the same `[package.metadata.leptos]` as `cargo leptos`, passes the
//! compilations the same flags and environment, and uses the libraries that tool uses
//! for splitting and binding; the prebuilt wasm-opt, esbuild and lightningcss come from
//! npm (`scripts/site/package.json`).
//!
//! Usage: `cargo run --release -p site` (what `make run` does).

mod bundle;
mod config;
mod hash;

use anyhow::{bail, Context, Result};
use config::Site;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("site: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    if let Some(arg) = std::env::args().nth(1) {
        if arg != "build" {
            bail!("usage: site [build]  (builds the release: server and browser bundle)");
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .context("finding the app")?;
    let site = Site::read(&root)?;
    let start = Instant::now();
    let mut server = Compilation::start("server", server_command(&site))?;
    let front = Compilation::start("browser code", front_command(&site));
    let built = front.and_then(|front| {
        front.finish(start)?;
        bundle::make(&site, start)
    });
    let bundle = match built {
        Ok(bundle) => bundle,
        Err(e) => {
            server.stop();
            return Err(e);
        }
    };
    server.finish(start)?;
    bundle.install(&site)?;
    println!(
        "site: release built in {:.1} s: {} and {}",
        start.elapsed().as_secs_f64(),
        site.server_dir().join(&site.package).display(),
        site.site_root.display()
    );
    Ok(())
}

/// The server: the binary target with the server features, full release.
fn server_command(site: &Site) -> Command {
    let mut cmd = cargo(site);
    cmd.args([
        "build",
        &format!("--package={}", site.package),
        &format!("--bin={}", site.package),
        "--no-default-features",
        &format!("--features={}", site.bin_features.join(",")),
        "--release",
    ]);
    cmd
}

/// The browser code: the library for wasm32 with the browser features, in its own
/// target folder and size-optimised profile, linked with relocations kept for splitting.
fn front_command(site: &Site) -> Command {
    let mut cmd = cargo(site);
    cmd.args([
        "build",
        &format!("--package={}", site.package),
        "--lib",
        "--target-dir=target/front",
        "--target=wasm32-unknown-unknown",
        "--no-default-features",
        &format!("--features={}", site.lib_features.join(",")),
        &format!("--profile={}", site.lib_profile),
    ]);
    let flags = match std::env::var("RUSTFLAGS") {
        Ok(own) if !own.trim().is_empty() => format!("{own} -Clink-args=--emit-relocs"),
        _ => "-Clink-args=--emit-relocs".to_string(),
    };
    cmd.env("RUSTFLAGS", flags);
    cmd
}

fn cargo(site: &Site) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(&site.root)
        .envs(site.env.iter().map(|(k, v)| (*k, v.as_str())))
        // two compilations print at once: lines, not two progress bars on one line
        .env("CARGO_TERM_PROGRESS_WHEN", "never");
    cmd
}

/// One running `cargo build`.
struct Compilation {
    what: &'static str,
    child: Child,
}

impl Compilation {
    fn start(what: &'static str, mut cmd: Command) -> Result<Compilation> {
        let child = cmd
            .spawn()
            .with_context(|| format!("starting cargo for the {what}"))?;
        Ok(Compilation { what, child })
    }

    fn finish(mut self, start: Instant) -> Result<()> {
        let status = self.child.wait()?;
        if !status.success() {
            bail!("the {} did not compile", self.what);
        }
        println!(
            "site: {} compiled at {:.1} s",
            self.what,
            start.elapsed().as_secs_f64()
        );
        Ok(())
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `path` with `suffix` added to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

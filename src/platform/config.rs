//! Configuration from the environment (a `.env` file is read too), with working defaults.

use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`, default `sqlite://data/producer-dashboard.db`.
    pub database_url: String,
    /// `DATA_DIR`: uploads live here, default `data`.
    pub data_dir: PathBuf,
    /// `DEMO_SEED`: seed the demo workspace into an empty database (default on; `0`, `false`, `off` disable).
    pub demo_seed: bool,
    /// `PUBLIC_URL`: the address people use; `https://` makes cookies `Secure`.
    pub public_url: String,
    /// `MAX_UPLOAD_MB`: largest file accepted on a track (default 200).
    pub max_upload_bytes: u64,
    /// `MAX_ARTWORK_MB`: largest artwork image accepted (default 5).
    pub max_artwork_bytes: u64,
    /// `SMTP_URL`: the mail server, e.g. `smtp://127.0.0.1:2525`, `smtp://user:pass@host:587?tls=required`
    /// or `smtps://user:pass@host`. Unset: email stays in the outbox and goes to the log.
    pub smtp_url: Option<String>,
    /// `MAIL_FROM`: the sender of every email.
    pub mail_from: String,
    /// `SYNC_KB_PER_SEC`: how fast a track's files copy to a new collaborator (default 8192).
    pub sync_bytes_per_sec: u64,
    /// `STORAGE_QUOTA_MB`: what one account may hold, its uploads and the copies synced
    /// to it (default 10240, 10 GiB).
    pub storage_quota_bytes: u64,
    /// `TRUST_PROXY`: the server sits behind a reverse proxy, so a client's address is
    /// the last one in `X-Forwarded-For` (default off: the connection's peer).
    pub trust_proxy: bool,
}

fn flag(name: &str, default: bool) -> bool {
    match std::env::var(name) {
        Ok(v) => !matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "0" | "false" | "off" | "no"
        ),
        Err(_) => default,
    }
}

fn megabytes(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(default)
        * 1024
        * 1024
}

impl Config {
    pub fn from_env(site_addr: std::net::SocketAddr) -> Self {
        let _ = dotenvy::dotenv();
        let data_dir = PathBuf::from(std::env::var("DATA_DIR").unwrap_or_else(|_| "data".into()));
        let database_url = std::env::var("DATABASE_URL")
            .unwrap_or_else(|_| format!("sqlite://{}/producer-dashboard.db", data_dir.display()));
        Config {
            database_url,
            data_dir,
            demo_seed: flag("DEMO_SEED", true),
            public_url: std::env::var("PUBLIC_URL")
                .unwrap_or_else(|_| format!("http://{site_addr}")),
            max_upload_bytes: megabytes("MAX_UPLOAD_MB", 200),
            max_artwork_bytes: megabytes("MAX_ARTWORK_MB", 5),
            smtp_url: std::env::var("SMTP_URL")
                .ok()
                .filter(|v| !v.trim().is_empty()),
            mail_from: std::env::var("MAIL_FROM")
                .ok()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| "Producer Dashboard <no-reply@producer-dashboard.local>".into()),
            sync_bytes_per_sec: std::env::var("SYNC_KB_PER_SEC")
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|v| *v > 0)
                .unwrap_or(8192)
                * 1024,
            trust_proxy: flag("TRUST_PROXY", false),
            storage_quota_bytes: megabytes("STORAGE_QUOTA_MB", 10 * 1024),
        }
    }

    /// A configuration for tests: uploads go to `dir`.
    pub fn for_tests(dir: PathBuf) -> Self {
        Config {
            database_url: String::new(),
            data_dir: dir,
            demo_seed: false,
            public_url: "http://127.0.0.1:3000".into(),
            max_upload_bytes: 1024 * 1024,
            max_artwork_bytes: 256 * 1024,
            sync_bytes_per_sec: 1024 * 1024 * 1024,
            smtp_url: None,
            mail_from: "Producer Dashboard <no-reply@producer-dashboard.local>".into(),
            trust_proxy: false,
            storage_quota_bytes: 10 * 1024 * 1024 * 1024,
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// `https` or `http`: the scheme people reach the site by (the cross-site guard
    /// compares it with a request's `Origin`).
    pub fn public_scheme(&self) -> &'static str {
        if self.secure_cookies() {
            "https"
        } else {
            "http"
        }
    }

    pub fn uploads_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }
}

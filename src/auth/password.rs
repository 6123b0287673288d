//! Password hashing (argon2id) off the async threads, on a fixed pair of hashing
//! threads. Each hash holds about 19 MiB while it runs: without a bound, a burst of
//! sign-ins (or guesses) would hold that much per request in flight.
//!
//! Memory (measured with `make bench-auth`): glibc's malloc serves a block that large
//! with mmap until the first one is freed, then raises its mmap threshold and keeps
//! such blocks in its heaps, where they stayed: +19 MB per hash, 519 MB after 64
//! parallel wrong sign-ins. Fixing the threshold keeps every hash's block mmapped and
//! returned when the hash ends (the server stays near its resting size).

use crate::error::{AppError, AppResult};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::{mpsc, Mutex, OnceLock};

/// Hashes running at once, each on its own thread: one per core of a small server.
pub const CONCURRENT_HASHES: usize = 2;

type Job = Box<dyn FnOnce() + Send>;

/// The queue of the hashing threads (started on first use).
fn queue() -> &'static mpsc::Sender<Job> {
    static QUEUE: OnceLock<mpsc::Sender<Job>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        keep_large_blocks_mapped();
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(Mutex::new(rx));
        for i in 0..CONCURRENT_HASHES {
            let rx = rx.clone();
            let _ = std::thread::Builder::new()
                .name(format!("password-hash-{i}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                });
        }
        tx
    })
}

/// Sets glibc's mmap threshold (which also ends its dynamic raising), so a hash's
/// 19 MiB block goes back to the system when the hash ends.
fn keep_large_blocks_mapped() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes an allocator setting; it is called once, before the
    // hashing threads start.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
    }
}

/// Runs `work` on a hashing thread and waits for it without blocking the caller's thread.
async fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    queue()
        .send(job)
        .map_err(|e| AppError::internal("hash queue", e))?;
    result
        .await
        .map_err(|e| AppError::internal("hash thread", e))
}

/// The argon2id hash of `password`, with a fresh salt.
pub async fn hash(password: &str) -> AppResult<String> {
    let password = password.to_owned();
    bounded(move || hash_now(&password)).await?
}

/// `true` when `password` matches `stored`. With no stored hash it does the same work,
/// so the time taken does not tell whether an account exists.
pub async fn verify(password: &str, stored: Option<&str>) -> AppResult<bool> {
    let (password, stored) = (password.to_owned(), stored.map(str::to_owned));
    bounded(move || verify_now(&password, stored.as_deref())).await
}

fn hash_now(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal("argon2", e))
}

fn verify_now(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_now("not a real password").unwrap_or_default());
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (dummy.as_str(), false),
    };
    let ok = PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false);
    ok && real
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn hashes_verify_and_unknown_accounts_never_match() {
        let h = super::hash("password1").await.unwrap();
        assert!(super::verify("password1", Some(&h)).await.unwrap());
        assert!(!super::verify("password2", Some(&h)).await.unwrap());
        assert!(!super::verify("password1", None).await.unwrap());
        assert!(!super::verify("password1", Some("not a hash"))
            .await
            .unwrap());
    }
}

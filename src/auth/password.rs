//! Password hashing (argon2id) off the async threads, a few at a time. Each hash holds
//! about 19 MiB while it runs; without a bound, a burst of sign-ins (or guesses) would
//! hold that much per request in flight.

use crate::error::{AppError, AppResult};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// Hashes running at once: one per core of a small server.
pub const CONCURRENT_HASHES: usize = 2;

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(CONCURRENT_HASHES))
}

/// Runs `work` on a blocking thread once a hashing permit is free.
async fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let _permit = permits()
        .acquire()
        .await
        .map_err(|e| AppError::internal("hash permits", e))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::internal("hash task", e))
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

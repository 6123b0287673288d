//! Email verification links (only their SHA-256 is kept) and the browsers each account
//! has signed in from, in the database.

use crate::error::AppResult;
use crate::platform::db::DbConn;

/// When the newest unused link of `user_id` was made, if any.
pub async fn newest_unused(db: &mut DbConn, user_id: i64) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT MAX(created_at) FROM email_verifications WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(&mut *db)
    .await?)
}

/// Replaces the unused links of `user_id` with one for `email`.
pub async fn replace(
    db: &mut DbConn,
    user_id: i64,
    email: &str,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> AppResult<()> {
    sqlx::query("DELETE FROM email_verifications WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .execute(&mut *db)
        .await?;
    sqlx::query(
        "INSERT INTO email_verifications (token_hash, user_id, email, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(email)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Uses the link with `token_hash` if it is unused and unexpired: (account, address).
pub async fn use_link(
    db: &mut DbConn,
    token_hash: &str,
    now: i64,
) -> AppResult<Option<(i64, String)>> {
    Ok(sqlx::query_as(
        "UPDATE email_verifications SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id, email",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(&mut *db)
    .await?)
}

/// Makes `email` the account's verified address.
pub async fn set_verified_email(
    db: &mut DbConn,
    user_id: i64,
    email: &str,
    now: i64,
) -> AppResult<()> {
    sqlx::query(
        "UPDATE users SET email = $1, email_verified_at = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(email)
    .bind(now)
    .bind(now)
    .bind(user_id)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// A new address of `user_id` waiting for its link to be opened, if any.
pub async fn pending_change(
    db: &mut DbConn,
    user_id: i64,
    current: &str,
    now: i64,
) -> AppResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT email FROM email_verifications
         WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2 AND email <> $3
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(now)
    .bind(current)
    .fetch_optional(&mut *db)
    .await?)
}

/// Remembers that `user_id` signed in from the browser with `device_hash`; returns
/// whether it was new to the account.
pub async fn remember_device(
    db: &mut DbConn,
    user_id: i64,
    device_hash: &str,
    now: i64,
) -> AppResult<bool> {
    let known: i64 = sqlx::query_scalar(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM known_devices WHERE user_id = $1 AND device_hash = $2)
                THEN 1 ELSE 0 END",
    )
    .bind(user_id)
    .bind(device_hash)
    .fetch_one(&mut *db)
    .await?;
    sqlx::query(
        "INSERT INTO known_devices (user_id, device_hash, first_seen, last_seen) VALUES ($1, $2, $3, $3)
         ON CONFLICT (user_id, device_hash) DO UPDATE SET last_seen = excluded.last_seen",
    )
    .bind(user_id)
    .bind(device_hash)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(known == 0)
}

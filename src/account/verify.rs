//! Email verification: a one-time link sent to the address, proving the account holder
//! reads it. Emails go only to verified addresses.

use crate::error::{AppError, AppResult};
use crate::notifications::{kinds::Kind, pipeline};
use crate::platform::db::Work;
use crate::platform::mail;
use sqlx::SqliteConnection;

/// Links are good for two days.
pub const TTL_MS: i64 = 48 * 3600 * 1000;
/// A new link at most once a minute.
pub const RESEND_AFTER_MS: i64 = 60 * 1000;

/// Sends a verification link for `email` to `user_id`, replacing any unused one. Runs
/// inside the caller's transaction. (The in-app notice comes when the link is used.)
pub async fn start(
    db: &mut SqliteConnection,
    user_id: i64,
    email: &str,
    now: i64,
    public_url: &str,
) -> AppResult<()> {
    let recent: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(created_at) FROM email_verifications WHERE user_id = ? AND used_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(&mut *db)
    .await?;
    if recent.is_some_and(|at| now - at < RESEND_AFTER_MS) {
        return Err(AppError::invalid(
            "A verification link was sent less than a minute ago. Check your inbox.",
        ));
    }
    sqlx::query("DELETE FROM email_verifications WHERE user_id = ? AND used_at IS NULL")
        .bind(user_id)
        .execute(&mut *db)
        .await?;
    let token = crate::platform::tokens::new_token();
    sqlx::query(
        "INSERT INTO email_verifications (token_hash, user_id, email, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(crate::auth::session::digest(&token))
    .bind(user_id)
    .bind(email)
    .bind(now)
    .bind(now + TTL_MS)
    .execute(&mut *db)
    .await?;
    let link = format!(
        "{}/verify-email?token={token}",
        public_url.trim_end_matches('/')
    );
    mail::enqueue(
        db,
        mail::Mail {
            user_id: Some(user_id),
            to: email,
            subject: "Verify your email address",
            body: format!(
                "Open this link to confirm that {} is your address on Producer Dashboard:\n\n{}\n\nThe link works once, for 48 hours. If you did not ask for it, ignore this email.",
                mail::literal(email),
                mail::literal(&link),
            ),
            notification_id: None,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Uses a verification link: the address it was sent to becomes the account's verified
/// email. A wrong, used or expired token changes nothing.
pub async fn confirm(work: &mut Work, token: &str) -> AppResult<String> {
    let now = work.now;
    let bad = || {
        AppError::invalid(
            "This verification link is not valid: it may have expired or been used already.",
        )
    };
    let token = token.trim();
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let row: Option<(i64, String)> = sqlx::query_as(
        "UPDATE email_verifications SET used_at = ?1
         WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1
         RETURNING user_id, email",
    )
    .bind(now)
    .bind(crate::auth::session::digest(token))
    .fetch_optional(work.db())
    .await?;
    let (user_id, email) = row.ok_or_else(bad)?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = ? AND id <> ?")
        .bind(&email)
        .bind(user_id)
        .fetch_optional(work.db())
        .await?;
    if taken.is_some() {
        return Err(AppError::conflict(format!(
            "{email} is now used by another account."
        )));
    }
    sqlx::query("UPDATE users SET email = ?, email_verified_at = ?, updated_at = ? WHERE id = ?")
        .bind(&email)
        .bind(now)
        .bind(now)
        .bind(user_id)
        .execute(work.db())
        .await?;
    let note = pipeline::Note::new(
        Kind::AccountVerification,
        "Email address verified",
        format!("{email} is confirmed. Email notifications can reach you there."),
    );
    pipeline::emit(work, &[user_id], &note).await?;
    // Invitations waiting for this address are theirs now.
    crate::invitations::store::address_verified(work, user_id).await?;
    Ok(email)
}

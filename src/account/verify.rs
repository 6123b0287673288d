//! Email verification: a one-time link sent to the address, proving the account holder
//! reads it. Emails go only to verified addresses.

use crate::error::{AppError, AppResult};
use crate::notifications::{kinds::Kind, pipeline};
use crate::platform::db::DbConn;
use crate::platform::db::Work;
use crate::platform::mail;

/// Links are good for two days.
pub const TTL_MS: i64 = 48 * 3600 * 1000;
/// A new link at most once a minute.
pub const RESEND_AFTER_MS: i64 = 60 * 1000;

/// Sends a verification link for `email` to `user_id`, replacing any unused one. Runs
/// inside the caller's transaction. (The in-app notice comes when the link is used.)
pub async fn start(
    db: &mut DbConn,
    user_id: i64,
    email: &str,
    now: i64,
    public_url: &str,
) -> AppResult<()> {
    let recent = super::store::newest_unused(db, user_id).await?;
    if recent.is_some_and(|at| now - at < RESEND_AFTER_MS) {
        return Err(AppError::invalid(
            "A verification link was sent less than a minute ago. Check your inbox.",
        ));
    }
    let token = crate::platform::tokens::new_token();
    let hash = crate::auth::session::digest(&token);
    super::store::replace(db, user_id, email, &hash, now, now + TTL_MS).await?;
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
    let hash = crate::auth::session::digest(token);
    let (user_id, email) = super::store::use_link(work.db(), &hash, now)
        .await?
        .ok_or_else(bad)?;
    if crate::auth::store::email_used_by_other(work.db(), &email, user_id).await? {
        return Err(AppError::conflict(format!(
            "{email} is now used by another account."
        )));
    }
    super::store::set_verified_email(work.db(), user_id, &email, now).await?;
    let note = pipeline::Note::new(
        Kind::AccountVerification,
        "Email address verified",
        format!("{email} is confirmed. Email notifications can reach you there."),
    );
    pipeline::emit(work, &[user_id], &note).await?;
    // Invitations waiting for this address are theirs now.
    crate::invitations::flow::address_verified(work, user_id).await?;
    Ok(email)
}

//! Outgoing email: a transactional outbox. A message is written in the same
//! transaction as what caused it and delivered afterwards by the background task, so
//! nothing is sent for a change that rolled back and nothing is lost on a crash. Each
//! message has a stable Message-ID, so a retried delivery is recognisable.

use crate::error::AppResult;
use sqlx::{SqliteConnection, SqlitePool};

/// A message to queue.
pub struct Mail<'a> {
    pub user_id: Option<i64>,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: String,
    pub notification_id: Option<i64>,
}

/// The right-hand side of every Message-ID this app writes.
const MESSAGE_ID_DOMAIN: &str = "producer-dashboard";

/// Written into a message body where the app's public address goes; the sender fills
/// it in (the pipeline that writes messages does not know the address).
pub const APP_URL: &str = "{app}";

/// Queues `mail` inside the caller's transaction; returns the outbox id.
pub async fn enqueue(db: &mut SqliteConnection, mail: Mail<'_>, now: i64) -> AppResult<i64> {
    let message_id = format!(
        "<{now}.{}@{MESSAGE_ID_DOMAIN}>",
        &crate::auth::session::new_token()[..24]
    );
    Ok(sqlx::query(
        "INSERT INTO email_outbox (notification_id, user_id, to_address, subject, body, message_id,
                                   status, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
    )
    .bind(mail.notification_id)
    .bind(mail.user_id)
    .bind(mail.to)
    .bind(mail.subject)
    .bind(&mail.body)
    .bind(&message_id)
    .bind(now)
    .bind(now)
    .execute(&mut *db)
    .await?
    .last_insert_rowid())
}

/// Without a mail server configured, due messages are kept in the outbox (status
/// `held`) and printed to the log, so none is silently dropped. Returns how many.
pub async fn hold_due(pool: &SqlitePool, now: i64, public_url: &str) -> AppResult<usize> {
    let held: Vec<(String, String, String, String)> = sqlx::query_as(
        "UPDATE email_outbox SET status = 'held', attempts = attempts + 1
         WHERE status = 'pending' AND next_attempt_at <= ?
         RETURNING to_address, subject, message_id, body",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    for (to, subject, message_id, body) in &held {
        let body = body.replace(APP_URL, public_url.trim_end_matches('/'));
        tracing::info!(
            "email kept in the outbox (no SMTP server configured)\nTo: {to}\nSubject: {subject}\nMessage-ID: {message_id}\n\n{body}"
        );
    }
    Ok(held.len())
}

//! Outgoing email: a transactional outbox. A message is written in the same
//! transaction as what caused it and delivered afterwards by the background task, so
//! nothing is sent for a change that rolled back and nothing is lost on a crash. Each
//! message has a stable Message-ID, so a retried delivery is recognisable.

use crate::error::AppResult;
use crate::platform::db::{DbConn, DbPool};

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
/// it in (the pipeline that writes messages does not know the address). User text in a
/// body goes through [`literal`], so it can never make a placeholder of its own.
pub const APP_URL: &str = "{app}";

/// User text for a message body: braces doubled, so [`render`] shows them as typed and
/// never reads a placeholder inside them.
pub fn literal(text: &str) -> String {
    text.replace('{', "{{")
}

/// The body as sent: one pass from left to right, `{app}` becomes `app_url` and `{{`
/// becomes `{`. Text that came through [`literal`] is never substituted.
pub fn render(body: &str, app_url: &str) -> String {
    let app_url = app_url.trim_end_matches('/');
    let mut out = String::with_capacity(body.len() + app_url.len());
    let mut rest = body;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = rest.strip_prefix(APP_URL) {
            out.push_str(app_url);
            rest = after;
        } else {
            out.push('{');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Queues `mail` inside the caller's transaction; returns the outbox id.
pub async fn enqueue(db: &mut DbConn, mail: Mail<'_>, now: i64) -> AppResult<i64> {
    enqueue_at(db, mail, now, now).await
}

/// Queues `mail` at `now` to be sent from `send_at` on (later: the recipient's quiet
/// hours end then).
pub async fn enqueue_at(db: &mut DbConn, mail: Mail<'_>, now: i64, send_at: i64) -> AppResult<i64> {
    let message_id = format!(
        "<{now}.{}@{MESSAGE_ID_DOMAIN}>",
        &crate::platform::tokens::new_token()[..24]
    );
    enqueue_as(db, mail, &message_id, now, send_at).await
}

/// Queues `mail` under a Message-ID the caller derives (the same one whichever instance
/// writes it: a second copy is refused by the outbox).
pub async fn enqueue_as(
    db: &mut DbConn,
    mail: Mail<'_>,
    message_id: &str,
    now: i64,
    send_at: i64,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO email_outbox (notification_id, user_id, to_address, subject, body, message_id,
                                   status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8) RETURNING id",
    )
    .bind(mail.notification_id)
    .bind(mail.user_id)
    .bind(mail.to)
    .bind(mail.subject)
    .bind(&mail.body)
    .bind(message_id)
    .bind(send_at.max(now))
    .bind(now)
    .fetch_one(&mut *db)
    .await?)
}

/// One message of a batch: for `user_id` at `to`, under its own `message_id`.
pub struct Queued {
    pub user_id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub message_id: String,
}

/// Queues `batch` inside the caller's transaction in one statement, to go now; returns
/// (user, outbox id) of each.
pub async fn enqueue_many(
    db: &mut DbConn,
    batch: &[Queued],
    now: i64,
) -> AppResult<Vec<(i64, i64)>> {
    use crate::platform::db::{Engine, Sql};
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        Engine::of_conn(db),
        "INSERT INTO email_outbox (user_id, to_address, subject, body, message_id, status,
                                   next_attempt_at, created_at) VALUES ",
    );
    q.values(batch, |row, m| {
        row.bind(m.user_id)
            .bind(m.to.as_str())
            .bind(m.subject.as_str())
            .bind(m.body.as_str())
            .bind(m.message_id.as_str())
            .bind("pending")
            .bind(now)
            .bind(now);
    })
    .push(" RETURNING user_id, id");
    Ok(q.query_as::<(i64, i64)>().fetch_all(&mut *db).await?)
}

/// Without a mail server configured, due messages are kept in the outbox (status
/// `held`) and printed to the log, so none is silently dropped. Returns how many.
pub async fn hold_due(pool: &DbPool, now: i64, public_url: &str) -> AppResult<usize> {
    let held: Vec<(String, String, String, String)> = sqlx::query_as(
        "UPDATE email_outbox SET status = 'held', attempts = attempts + 1
         WHERE status = 'pending' AND next_attempt_at <= $1
         RETURNING to_address, subject, message_id, body",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    for (to, subject, message_id, body) in &held {
        let body = render(body, public_url);
        tracing::info!(
            "email kept in the outbox (no SMTP server configured)\nTo: {to}\nSubject: {subject}\nMessage-ID: {message_id}\n\n{body}"
        );
    }
    Ok(held.len())
}

/// Attempts before a message is given up (marked `failed`, kept in the outbox).
pub const MAX_ATTEMPTS: i64 = 8;

/// Wait before attempt `n + 1` after `n` failed ones: 30 s, 1 min, 2 min, … up to 1 h.
pub fn backoff_ms(attempts: i64) -> i64 {
    (30_000i64 << attempts.clamp(0, 10)).min(3_600_000)
}

/// While one worker sends a message, others leave it alone for this long.
const LEASE_MS: i64 = 60_000;

/// Sends what is due through `SMTP_URL`, or without one keeps it (`hold_due`). Each
/// message is claimed first, so two instances never send it twice; a failure is
/// retried with backoff; the Message-ID stays the same across attempts.
pub async fn deliver_due(state: &super::AppState) -> AppResult<usize> {
    let now = state.clock.now_ms();
    let Some(url) = state.config.smtp_url.as_deref() else {
        return hold_due(&state.pool, now, &state.config.public_url).await;
    };
    use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
    let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(url) {
        Ok(t) => t.timeout(Some(std::time::Duration::from_secs(15))).build(),
        Err(e) => {
            tracing::error!("SMTP_URL is not usable: {e}");
            return Ok(0);
        }
    };
    let due: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, to_address, subject, body, message_id, attempts FROM email_outbox
         WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT 50",
    )
    .bind(now)
    .fetch_all(&state.pool)
    .await?;
    let mut sent = 0;
    for (id, to, subject, body, message_id, attempts) in due {
        let claimed = sqlx::query(
            "UPDATE email_outbox SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending' AND next_attempt_at <= $3",
        )
        .bind(now + LEASE_MS)
        .bind(id)
        .bind(now)
        .execute(&state.pool)
        .await?
        .rows_affected()
            == 1;
        if !claimed {
            continue;
        }
        let body = render(&body, &state.config.public_url);
        let outcome = match build(&state.config.mail_from, &to, &subject, &message_id, body) {
            Ok(message) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| (e.to_string(), e.is_permanent())),
            Err(e) => Err((e, true)),
        };
        let attempts = attempts + 1;
        match outcome {
            Ok(()) => {
                sent += 1;
                sqlx::query(
                    "UPDATE email_outbox SET status = 'sent', attempts = $1, sent_at = $2, last_error = NULL WHERE id = $3",
                )
                .bind(attempts)
                .bind(now)
                .bind(id)
                .execute(&state.pool)
                .await?;
            }
            Err((error, permanent)) => {
                let give_up = permanent || attempts >= MAX_ATTEMPTS;
                tracing::warn!("email {message_id} to {to}, attempt {attempts}: {error}");
                sqlx::query(
                    "UPDATE email_outbox SET status = $1, attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $5",
                )
                .bind(if give_up { "failed" } else { "pending" })
                .bind(attempts)
                .bind(now + backoff_ms(attempts - 1))
                .bind(error.chars().take(500).collect::<String>())
                .bind(id)
                .execute(&state.pool)
                .await?;
            }
        }
    }
    Ok(sent)
}

fn build(
    from: &str,
    to: &str,
    subject: &str,
    message_id: &str,
    body: String,
) -> Result<lettre::Message, String> {
    lettre::Message::builder()
        .from(from.parse().map_err(|e| format!("MAIL_FROM: {e}"))?)
        .to(to.parse().map_err(|e| format!("recipient {to}: {e}"))?)
        .subject(subject)
        .message_id(Some(message_id.to_string()))
        .header(lettre::message::header::ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_text_never_becomes_a_link() {
        let name = "Eve {app}@evil.example/login {{app}";
        let body = format!("{} commented. See {{app}}/tracks/1", super::literal(name));
        assert_eq!(
            super::render(&body, "https://dash.example.com/"),
            "Eve {app}@evil.example/login {{app} commented. See https://dash.example.com/tracks/1"
        );
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(super::backoff_ms(0), 30_000);
        assert_eq!(super::backoff_ms(1), 60_000);
        assert_eq!(super::backoff_ms(3), 240_000);
        assert_eq!(super::backoff_ms(9), 3_600_000);
    }
}

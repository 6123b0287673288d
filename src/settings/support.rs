//! Support tickets: a person submits one; an administrator answers through an admin-only
//! path; the reply reaches the person's activity feed, where they say whether it is
//! resolved, still open, or no longer needs attention.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: i64,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub created_at: i64,
    pub author: String,
    pub replies: Vec<(String, i64)>,
}

/// The person's own answer to a reply: the three quick actions of the feed.
pub const RESOLUTIONS: [(&str, &str); 3] = [
    ("resolved", "Resolved"),
    ("still_open", "Still open"),
    ("no_longer_needed", "No longer needs attention"),
];

pub fn status_label(status: &str) -> &'static str {
    match status {
        "open" => "Waiting for an answer",
        "answered" => "Answered",
        "resolved" => "Resolved",
        "still_open" => "Still open",
        "no_longer_needed" => "No longer needs attention",
        _ => "Unknown",
    }
}

#[cfg(feature = "ssr")]
async fn tickets_where(
    db: &mut sqlx::SqliteConnection,
    filter: &str,
    bind: Option<i64>,
) -> crate::error::AppResult<Vec<Ticket>> {
    let sql = format!(
        "SELECT t.id, t.subject, t.body, t.status, t.created_at, u.display_name
         FROM support_tickets t JOIN users u ON u.id = t.user_id {filter} ORDER BY t.id DESC LIMIT 100"
    );
    let mut q = sqlx::query_as::<_, (i64, String, String, String, i64, String)>(&sql);
    if let Some(b) = bind {
        q = q.bind(b);
    }
    let rows = q.fetch_all(&mut *db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, subject, body, status, created_at, author) in rows {
        let replies: Vec<(String, i64)> = sqlx::query_as(
            "SELECT body, created_at FROM support_replies WHERE ticket_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *db)
        .await?;
        out.push(Ticket {
            id,
            subject,
            body,
            status,
            created_at,
            author,
            replies,
        });
    }
    Ok(out)
}

/// The signed-in user's tickets, newest first.
#[server(endpoint = "support/mine")]
pub async fn my_tickets() -> Result<Vec<Ticket>, AppError> {
    // A read: a plain connection, never the write lock.
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut conn = state.pool.acquire().await?;
    tickets_where(&mut conn, "WHERE t.user_id = ?", Some(user.id)).await
}

#[server(endpoint = "support/submit")]
pub async fn submit_ticket(subject: String, body: String) -> Result<i64, AppError> {
    let (empty, long) = (
        "Describe the problem: a subject and a message.",
        "Keep the subject under 120 and the message under 4000 characters.",
    );
    let subject =
        crate::text::line(&subject, 120).map_err(|p| p.error("The subject", empty, long))?;
    let body =
        crate::text::multiline(&body, 4000).map_err(|p| p.error("The message", empty, long))?;
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        Ok(sqlx::query("INSERT INTO support_tickets (user_id, subject, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
            .bind(user.id)
            .bind(&subject)
            .bind(&body)
            .bind(now)
            .bind(now)
            .execute(work.db())
            .await?
            .last_insert_rowid())
    })
    .await
}

/// Every ticket, for administrators (the support inbox).
#[server(endpoint = "support/inbox")]
pub async fn support_inbox() -> Result<Vec<Ticket>, AppError> {
    // A read: a plain connection, never the write lock.
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    if !user.is_admin {
        return Err(AppError::forbidden(
            "Only administrators can read the support inbox.",
        ));
    }
    let mut conn = state.pool.acquire().await?;
    tickets_where(&mut conn, "", None).await
}

/// An administrator's reply; it reaches the ticket's author in the activity feed.
#[server(endpoint = "support/reply")]
pub async fn reply_to_ticket(ticket_id: i64, body: String) -> Result<(), AppError> {
    use crate::notifications::{kinds::Kind, pipeline};
    let body = crate::text::multiline(&body, 4000).map_err(|p| {
        let msg = "Write a reply of at most 4000 characters.";
        p.error("A reply", msg, msg)
    })?;
    crate::auth::session::in_work(async |work, user, _| {
        if !user.is_admin {
            return Err(AppError::forbidden(
                "Only administrators can answer support tickets.",
            ));
        }
        let ticket: Option<(i64, String)> =
            sqlx::query_as("SELECT user_id, subject FROM support_tickets WHERE id = ?")
                .bind(ticket_id)
                .fetch_optional(work.db())
                .await?;
        let (author, subject) =
            ticket.ok_or_else(|| AppError::not_found("No such support ticket."))?;
        let now = work.now;
        sqlx::query(
            "INSERT INTO support_replies (ticket_id, author, body, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(ticket_id)
        .bind(&user.display_name)
        .bind(&body)
        .bind(now)
        .execute(work.db())
        .await?;
        sqlx::query("UPDATE support_tickets SET status = 'answered', updated_at = ? WHERE id = ?")
            .bind(now)
            .bind(ticket_id)
            .execute(work.db())
            .await?;
        let note = pipeline::Note::new(
            Kind::SupportReply,
            format!("Reply to your ticket: {subject}"),
            crate::text::excerpt(&body, 160),
        )
        .ticket(ticket_id)
        .by(user.id);
        pipeline::emit(work, &[author], &note).await
    })
    .await?;
    Ok(())
}

/// The author says how things stand (404 for a ticket that is not theirs).
#[server(endpoint = "support/resolution")]
pub async fn set_ticket_resolution(ticket_id: i64, resolution: String) -> Result<(), AppError> {
    if !RESOLUTIONS.iter().any(|(k, _)| *k == resolution) {
        return Err(AppError::invalid(
            "Choose resolved, still open or no longer needs attention.",
        ));
    }
    crate::auth::session::in_work(async |work, user, state| {
        let n = sqlx::query(
            "UPDATE support_tickets SET status = ?, updated_at = ? WHERE id = ? AND user_id = ?",
        )
        .bind(&resolution)
        .bind(state.clock.now_ms())
        .bind(ticket_id)
        .bind(user.id)
        .execute(work.db())
        .await?
        .rows_affected();
        if n == 0 {
            return Err(AppError::not_found("No such support ticket."));
        }
        Ok(())
    })
    .await
}

//! Support tickets and replies in the database.

use super::{Ticket, TicketStatus};
use crate::error::{AppError, AppResult};
use crate::platform::db::DbConn;

async fn tickets_where(db: &mut DbConn, filter: &str, bind: Option<i64>) -> AppResult<Vec<Ticket>> {
    let sql = format!(
        "SELECT t.id, t.subject, t.body, t.status, t.created_at, u.display_name
         FROM support_tickets t JOIN users u ON u.id = t.user_id {filter} ORDER BY t.id DESC LIMIT 100"
    );
    let mut q = sqlx::query_as::<_, (i64, String, String, TicketStatus, i64, String)>(&sql);
    if let Some(b) = bind {
        q = q.bind(b);
    }
    let rows = q.fetch_all(&mut *db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, subject, body, status, created_at, author) in rows {
        let replies: Vec<(String, i64)> = sqlx::query_as(
            "SELECT body, created_at FROM support_replies WHERE ticket_id = $1 ORDER BY id",
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

/// The tickets of one person, newest first (at most 100).
pub async fn of_user(db: &mut DbConn, user_id: i64) -> AppResult<Vec<Ticket>> {
    tickets_where(db, "WHERE t.user_id = $1", Some(user_id)).await
}

/// Every ticket, newest first (at most 100): the administrators' inbox.
pub async fn all(db: &mut DbConn) -> AppResult<Vec<Ticket>> {
    tickets_where(db, "", None).await
}

pub async fn create(
    db: &mut DbConn,
    user_id: i64,
    subject: &str,
    body: &str,
    now: i64,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO support_tickets (user_id, subject, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(subject)
    .bind(body)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *db)
    .await?)
}

/// Records an administrator's reply and marks the ticket answered; returns the ticket's
/// author and subject. No such ticket is 404.
pub async fn reply(
    db: &mut DbConn,
    ticket_id: i64,
    author: &str,
    body: &str,
    now: i64,
) -> AppResult<(i64, String)> {
    let ticket: Option<(i64, String)> =
        sqlx::query_as("SELECT user_id, subject FROM support_tickets WHERE id = $1")
            .bind(ticket_id)
            .fetch_optional(&mut *db)
            .await?;
    let ticket = ticket.ok_or_else(|| AppError::not_found("No such support ticket."))?;
    sqlx::query(
        "INSERT INTO support_replies (ticket_id, author, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(ticket_id)
    .bind(author)
    .bind(body)
    .bind(now)
    .execute(&mut *db)
    .await?;
    sqlx::query("UPDATE support_tickets SET status = 'answered', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(ticket_id)
        .execute(&mut *db)
        .await?;
    Ok(ticket)
}

/// The author's own answer to a reply. A ticket that is not theirs is 404.
pub async fn set_resolution(
    db: &mut DbConn,
    user_id: i64,
    ticket_id: i64,
    resolution: TicketStatus,
    now: i64,
) -> AppResult<()> {
    let n = sqlx::query(
        "UPDATE support_tickets SET status = $1, updated_at = $2 WHERE id = $3 AND user_id = $4",
    )
    .bind(resolution)
    .bind(now)
    .bind(ticket_id)
    .bind(user_id)
    .execute(&mut *db)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(AppError::not_found("No such support ticket."));
    }
    Ok(())
}

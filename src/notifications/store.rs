//! SQL for notifications.

use super::{Category, FeedPage, Notification};
use crate::error::AppResult;
use sqlx::SqlitePool;

pub async fn unread_count(pool: &SqlitePool, user_id: i64) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT unread FROM notification_counters WHERE user_id = ?")
            .bind(user_id)
            .fetch_optional(pool)
            .await?
            .unwrap_or(0),
    )
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    category: String,
    kind: String,
    priority: String,
    title: String,
    message: String,
    track_id: Option<i64>,
    widget: Option<String>,
    invitation_id: Option<i64>,
    ticket_id: Option<i64>,
    created_at: i64,
    read_at: Option<i64>,
}

impl From<Row> for Notification {
    fn from(r: Row) -> Self {
        Notification {
            id: r.id,
            category: Category::parse(&r.category).unwrap_or(Category::System),
            kind: r.kind,
            high_priority: r.priority == "high",
            title: r.title,
            message: r.message,
            track_id: r.track_id,
            widget: r.widget,
            invitation_id: r.invitation_id,
            ticket_id: r.ticket_id,
            created_at: r.created_at,
            read: r.read_at.is_some(),
        }
    }
}

/// Newest first, `before` an id (keyset pagination), dismissed rows skipped.
pub async fn page(
    pool: &SqlitePool,
    user_id: i64,
    before: Option<i64>,
    limit: i64,
) -> AppResult<FeedPage> {
    let limit = limit.clamp(1, 100);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, category, kind, priority, title, message, track_id, widget, invitation_id, ticket_id,
                created_at, read_at
         FROM notifications
         WHERE recipient_id = ? AND dismissed_at IS NULL AND id < ?
         ORDER BY id DESC LIMIT ?",
    )
    .bind(user_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit + 1)
    .fetch_all(pool)
    .await?;
    let more = rows.len() as i64 > limit;
    let items: Vec<Notification> = rows
        .into_iter()
        .take(limit as usize)
        .map(Notification::from)
        .collect();
    let next = if more {
        items.last().map(|n| n.id)
    } else {
        None
    };
    Ok(FeedPage { items, next })
}

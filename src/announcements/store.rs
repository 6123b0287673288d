//! Announcements in the database.

use crate::error::AppResult;
use sqlx::SqliteConnection;

/// Keeps the announcement itself (`project_id` None: a service announcement).
pub async fn record(
    db: &mut SqliteConnection,
    project_id: Option<i64>,
    author_id: i64,
    title: &str,
    body: &str,
    now: i64,
) -> AppResult<()> {
    sqlx::query("INSERT INTO announcements (project_id, author_id, title, body, created_at) VALUES (?, ?, ?, ?, ?)")
        .bind(project_id)
        .bind(author_id)
        .bind(title)
        .bind(body)
        .bind(now)
        .execute(&mut *db)
        .await?;
    Ok(())
}

//! Announcements in the database.

use crate::error::AppResult;
use crate::platform::db::DbConn;

/// Keeps the announcement itself (`project_id` None: a service announcement).
pub async fn record(
    db: &mut DbConn,
    project_id: Option<i64>,
    author_id: i64,
    title: &str,
    body: &str,
    now: i64,
) -> AppResult<()> {
    sqlx::query("INSERT INTO announcements (project_id, author_id, title, body, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(project_id)
        .bind(author_id)
        .bind(title)
        .bind(body)
        .bind(now)
        .execute(&mut *db)
        .await?;
    Ok(())
}

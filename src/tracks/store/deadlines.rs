//! SQL for due-date reminders (`tracks/deadlines.rs` says who is told what, when).

use crate::error::AppResult;
use crate::notifications::kinds::Kind;
use crate::platform::db::DbConn;

/// Someone on a track with a due date.
#[derive(sqlx::FromRow)]
pub struct Due {
    pub track_id: i64,
    pub title: String,
    pub due_date: String,
    pub user_id: i64,
}

/// Records a notice; `false` if it was sent before.
pub async fn first_time(
    db: &mut DbConn,
    due: &Due,
    kind: Kind,
    occurrence: &str,
    now: i64,
) -> AppResult<bool> {
    Ok(sqlx::query(
        "INSERT INTO deadline_notices (track_id, user_id, kind, due_date, occurrence, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(due.track_id)
    .bind(due.user_id)
    .bind(kind.as_str())
    .bind(&due.due_date)
    .bind(occurrence)
    .bind(now)
    .execute(&mut *db)
    .await?
    .rows_affected()
        == 1)
}

/// Everyone on every unfinished track due by `horizon`, or already past due, but for
/// whom today's notice is already on record (most of them, most of the time). Dates are
/// `YYYY-MM-DD`.
pub async fn waiting(
    db: &mut DbConn,
    horizon: &str,
    today: &str,
    yesterday: &str,
) -> AppResult<Vec<Due>> {
    Ok(sqlx::query_as(
        "WITH due AS (
             SELECT t.id AS track_id, t.title, t.due_date, t.owner_id AS user_id
             FROM tracks t WHERE t.due_date IS NOT NULL AND t.due_date <= $1
               AND t.stage NOT IN ('published', 'archived')
             UNION ALL
             SELECT t.id, t.title, t.due_date, m.user_id
             FROM tracks t JOIN track_members m ON m.track_id = t.id
             WHERE t.due_date IS NOT NULL AND t.due_date <= $1
               AND t.stage NOT IN ('published', 'archived'))
         SELECT * FROM due d WHERE NOT EXISTS (
             SELECT 1 FROM deadline_notices n
             WHERE n.track_id = d.track_id AND n.user_id = d.user_id AND n.due_date = d.due_date
               AND ((d.due_date >= $2 AND n.kind = 'due_soon')
                 OR (d.due_date = $3 AND n.kind = 'due_passed')
                 OR (d.due_date < $3 AND n.kind = 'overdue' AND n.occurrence = $2)))
         ORDER BY d.track_id, d.user_id",
    )
    .bind(horizon)
    .bind(today)
    .bind(yesterday)
    .fetch_all(&mut *db)
    .await?)
}

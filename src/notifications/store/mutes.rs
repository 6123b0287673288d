//! SQL for muted tracks: per person, read by the pipeline once per event.

use crate::error::AppResult;
use crate::notifications::TrackChoice;
use crate::platform::db::DbConn;

/// Mutes `track` for `user` (muting it again changes nothing).
pub async fn mute(db: &mut DbConn, user_id: i64, track_id: i64, now: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO track_mutes (user_id, track_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, track_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(track_id)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// Unmutes `track` for `user`; whether it was muted.
pub async fn unmute(db: &mut DbConn, user_id: i64, track_id: i64) -> AppResult<bool> {
    Ok(
        sqlx::query("DELETE FROM track_mutes WHERE user_id = $1 AND track_id = $2")
            .bind(user_id)
            .bind(track_id)
            .execute(&mut *db)
            .await?
            .rows_affected()
            > 0,
    )
}

pub async fn is_muted(db: &mut DbConn, user_id: i64, track_id: i64) -> AppResult<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM track_mutes WHERE user_id = $1 AND track_id = $2")
            .bind(user_id)
            .bind(track_id)
            .fetch_optional(&mut *db)
            .await?;
    Ok(found.is_some())
}

/// The tracks `user` muted, by title.
pub async fn muted_tracks(db: &mut DbConn, user_id: i64) -> AppResult<Vec<TrackChoice>> {
    Ok(sqlx::query_as(
        "SELECT t.id, t.title FROM track_mutes m JOIN tracks t ON t.id = m.track_id
         WHERE m.user_id = $1 ORDER BY LOWER(t.title), t.id",
    )
    .bind(user_id)
    .fetch_all(&mut *db)
    .await?)
}

/// Who muted `track`, in id order.
pub async fn muted_by(db: &mut DbConn, track_id: i64) -> AppResult<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT user_id FROM track_mutes WHERE track_id = $1 ORDER BY user_id")
            .bind(track_id)
            .fetch_all(&mut *db)
            .await?,
    )
}

//! SQL for storage per account (`tracks/storage.rs` says what fits).

use crate::error::AppResult;
use crate::platform::db::DbConn;

/// The SQL for the bytes the user `user` (a column or a parameter) holds: their uploads
/// and the copies synced (or queued) to them.
fn usage_of(user: &str) -> String {
    format!(
        "CAST(COALESCE((SELECT SUM(size_bytes) FROM files WHERE uploader_id = {user}), 0)
          + COALESCE((SELECT SUM(f.size_bytes) FROM file_syncs s JOIN files f ON f.id = s.file_id
                      WHERE s.user_id = {user}), 0) AS BIGINT)"
    )
}

/// Bytes `user_id` holds: their uploads and the copies synced (or queued) to them.
pub async fn used(db: &mut DbConn, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(&format!("SELECT {}", usage_of("$1")))
        .bind(user_id)
        .fetch_one(&mut *db)
        .await?)
}

/// The first collaborator on `track_id` but `uploader_id` whose copy of `bytes` more
/// would pass `quota`, with the bytes they hold (one query).
pub async fn first_without_room(
    db: &mut DbConn,
    track_id: i64,
    uploader_id: i64,
    bytes: u64,
    quota: u64,
) -> AppResult<Option<(String, i64)>> {
    Ok(sqlx::query_as(&format!(
        "SELECT u.display_name, {used} AS used FROM track_members m JOIN users u ON u.id = m.user_id
         WHERE m.track_id = $1 AND m.user_id <> $2 AND {used} + $3 > $4
         ORDER BY u.id LIMIT 1",
        used = usage_of("u.id")
    ))
    .bind(track_id)
    .bind(uploader_id)
    .bind(bytes as i64)
    .bind(quota as i64)
    .fetch_optional(&mut *db)
    .await?)
}

/// Bytes all of `track_id`'s files take.
pub async fn track_bytes(db: &mut DbConn, track_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT) FROM files WHERE track_id = $1",
    )
    .bind(track_id)
    .fetch_one(&mut *db)
    .await?)
}

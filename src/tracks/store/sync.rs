//! SQL for file sync (`tracks/sync.rs` copies the files).

use crate::error::AppResult;
use crate::platform::db::{DbConn, DbPool, Engine};

/// Queues every file of `track_id` for `user_id` (inside the caller's transaction).
pub async fn queue_track(db: &mut DbConn, track_id: i64, user_id: i64, now: i64) -> AppResult<u64> {
    Ok(sqlx::query(
        "INSERT INTO file_syncs (file_id, user_id, status, bytes_done, updated_at)
         SELECT id, $1, 'pending', 0, $2 FROM files WHERE track_id = $3
         ON CONFLICT (file_id, user_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(now)
    .bind(track_id)
    .execute(&mut *db)
    .await?
    .rows_affected())
}

/// Queues a new file for every collaborator of its track but `except` (the uploader).
pub async fn queue_file(
    db: &mut DbConn,
    file_id: i64,
    track_id: i64,
    except: i64,
    now: i64,
) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO file_syncs (file_id, user_id, status, bytes_done, updated_at)
         SELECT $1, user_id, 'pending', 0, $2 FROM track_members WHERE track_id = $3 AND user_id <> $4
         ON CONFLICT (file_id, user_id) DO NOTHING
         RETURNING user_id",
    )
    .bind(file_id)
    .bind(now)
    .bind(track_id)
    .bind(except)
    .fetch_all(&mut *db)
    .await?)
}

/// A user's progress on one track: (bytes done, bytes in all, files still syncing).
pub async fn track_progress(
    db: &mut DbConn,
    user_id: i64,
    track_id: i64,
) -> AppResult<(i64, i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN s.status = 'done' THEN f.size_bytes ELSE s.bytes_done END), 0) AS BIGINT),
                CAST(COALESCE(SUM(f.size_bytes), 0) AS BIGINT),
                COUNT(CASE WHEN s.status <> 'done' THEN 1 END)
         FROM file_syncs s JOIN files f ON f.id = s.file_id
         WHERE s.user_id = $1 AND f.track_id = $2",
    )
    .bind(user_id)
    .bind(track_id)
    .fetch_one(&mut *db)
    .await?)
}

/// How far `file_id` synced to `user_id`: `None` when they keep no copy of it (their own
/// upload, or a track they own), else `pending`, `syncing` or `done`.
pub async fn copy_status(db: &mut DbConn, file_id: i64, user_id: i64) -> AppResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT status FROM file_syncs WHERE file_id = $1 AND user_id = $2")
            .bind(file_id)
            .bind(user_id)
            .fetch_optional(&mut *db)
            .await?,
    )
}

/// A copy a worker claimed.
pub struct Claimed {
    pub file_id: i64,
    pub user_id: i64,
    pub track_id: i64,
    pub size: i64,
    pub bytes_done: i64,
    pub storage_path: String,
}

/// Claims the oldest waiting copy (or one not reported on since `stale_before`), if any. Many
/// workers on many instances claim from one table: each copy goes to one of them (the
/// claim re-checks the row it updates; PostgreSQL also skips rows another is claiming).
pub async fn claim(pool: &DbPool, now: i64, stale_before: i64) -> AppResult<Option<Claimed>> {
    let skip_locked = match Engine::of(pool) {
        Engine::Postgres => " FOR UPDATE SKIP LOCKED",
        Engine::Sqlite => "",
    };
    let row: Option<(i64, i64, i64)> = sqlx::query_as(&format!(
        "UPDATE file_syncs SET status = 'syncing', updated_at = $1
         WHERE (file_id, user_id) = (SELECT file_id, user_id FROM file_syncs
                                     WHERE status = 'pending' OR (status = 'syncing' AND updated_at < $2)
                                     ORDER BY updated_at, file_id LIMIT 1{skip_locked})
           AND (status = 'pending' OR updated_at < $2)
         RETURNING file_id, user_id, bytes_done"
    ))
    .bind(now)
    .bind(stale_before)
    .fetch_optional(pool)
    .await?;
    let Some((file_id, user_id, bytes_done)) = row else {
        return Ok(None);
    };
    let (track_id, size, storage_path): (i64, i64, String) =
        sqlx::query_as("SELECT track_id, size_bytes, storage_path FROM files WHERE id = $1")
            .bind(file_id)
            .fetch_one(pool)
            .await?;
    Ok(Some(Claimed {
        file_id,
        user_id,
        track_id,
        size,
        bytes_done,
        storage_path,
    }))
}

/// Records a copy's progress; `false` when it is no longer wanted (access ended).
pub async fn set_progress(
    db: &mut DbConn,
    file_id: i64,
    user_id: i64,
    done: i64,
    status: &str,
    now: i64,
) -> AppResult<bool> {
    Ok(sqlx::query(
        "UPDATE file_syncs SET bytes_done = $1, status = $2, updated_at = $3 WHERE file_id = $4 AND user_id = $5",
    )
    .bind(done)
    .bind(status)
    .bind(now)
    .bind(file_id)
    .bind(user_id)
    .execute(&mut *db)
    .await?
    .rows_affected()
        == 1)
}

/// Puts a failed copy back in the queue, due at `at`.
pub async fn requeue(pool: &DbPool, file_id: i64, user_id: i64, at: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE file_syncs SET status = 'pending', updated_at = $1 WHERE file_id = $2 AND user_id = $3",
    )
    .bind(at)
    .bind(file_id)
    .bind(user_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Queues again every copy a stop interrupted (one instance only: no one else copies).
pub async fn requeue_interrupted(pool: &DbPool) -> AppResult<()> {
    sqlx::query("UPDATE file_syncs SET status = 'pending' WHERE status = 'syncing'")
        .execute(pool)
        .await?;
    Ok(())
}

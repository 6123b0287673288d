//! File sync: when someone joins a track (or a file is added to a shared track), each of
//! the track's files is copied to that collaborator's own storage, one file at a time
//! per worker, in chunks and at a bounded rate, with progress pushed live to their tabs.
//! A collaborator downloads their synced copy; until it is complete, the file shows its
//! progress instead. Work survives a restart: rows still `syncing` resume where their
//! byte count says.

use crate::error::{AppError, AppResult};
use crate::notifications::live::Change;
use crate::platform::{db::Work, AppState};
use sqlx::{SqliteConnection, SqlitePool};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

/// How many files are copied at the same time.
const WORKERS: usize = 2;
const CHUNK: usize = 64 * 1024;
/// How often progress is written and pushed.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// Where `user_id`'s copy of `file_id` lives.
pub fn replica_path(state: &AppState, user_id: i64, file_id: i64) -> PathBuf {
    state
        .config
        .data_dir
        .join("synced")
        .join(user_id.to_string())
        .join(file_id.to_string())
}

/// Queues every file of `track_id` for `user_id` (inside the caller's transaction).
pub async fn queue_track(
    db: &mut SqliteConnection,
    track_id: i64,
    user_id: i64,
    now: i64,
) -> AppResult<u64> {
    Ok(sqlx::query(
        "INSERT INTO file_syncs (file_id, user_id, status, bytes_done, updated_at)
         SELECT id, ?1, 'pending', 0, ?2 FROM files WHERE track_id = ?3
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
    db: &mut SqliteConnection,
    file_id: i64,
    track_id: i64,
    except: i64,
    now: i64,
) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO file_syncs (file_id, user_id, status, bytes_done, updated_at)
         SELECT ?1, user_id, 'pending', 0, ?2 FROM track_members WHERE track_id = ?3 AND user_id <> ?4
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
    db: &mut SqliteConnection,
    user_id: i64,
    track_id: i64,
) -> AppResult<(i64, i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN s.status = 'done' THEN f.size_bytes ELSE s.bytes_done END), 0),
                COALESCE(SUM(f.size_bytes), 0),
                COALESCE(SUM(s.status <> 'done'), 0)
         FROM file_syncs s JOIN files f ON f.id = s.file_id
         WHERE s.user_id = ? AND f.track_id = ?",
    )
    .bind(user_id)
    .bind(track_id)
    .fetch_one(&mut *db)
    .await?)
}

/// Removes `user_id`'s copies of a track's files (after they left or were removed).
pub async fn forget(state: &AppState, user_id: i64, file_ids: &[i64]) {
    for id in file_ids {
        let path = replica_path(state, user_id, *id);
        let _ = tokio::fs::remove_file(&path).await;
        let _ = tokio::fs::remove_file(path.with_extension("part")).await;
    }
}

struct Job {
    file_id: i64,
    user_id: i64,
    track_id: i64,
    size: i64,
    bytes_done: i64,
    storage_path: String,
}

/// Claims the oldest waiting copy, if any.
async fn claim(pool: &SqlitePool, now: i64) -> AppResult<Option<Job>> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "UPDATE file_syncs SET status = 'syncing', updated_at = ?1
         WHERE (file_id, user_id) = (SELECT file_id, user_id FROM file_syncs WHERE status = 'pending'
                                     ORDER BY updated_at, file_id LIMIT 1)
         RETURNING file_id, user_id, bytes_done",
    )
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some((file_id, user_id, bytes_done)) = row else {
        return Ok(None);
    };
    let (track_id, size, storage_path): (i64, i64, String) =
        sqlx::query_as("SELECT track_id, size_bytes, storage_path FROM files WHERE id = ?")
            .bind(file_id)
            .fetch_one(pool)
            .await?;
    Ok(Some(Job {
        file_id,
        user_id,
        track_id,
        size,
        bytes_done,
        storage_path,
    }))
}

/// Records progress; `false` when the copy is no longer wanted (access ended).
async fn record(state: &AppState, job: &Job, done: i64, finished: bool) -> AppResult<bool> {
    let status = if finished { "done" } else { "syncing" };
    let mut work = Work::begin(state).await?;
    let still = sqlx::query(
        "UPDATE file_syncs SET bytes_done = ?, status = ?, updated_at = ? WHERE file_id = ? AND user_id = ?",
    )
    .bind(done)
    .bind(status)
    .bind(work.now)
    .bind(job.file_id)
    .bind(job.user_id)
    .execute(work.db())
    .await?
    .rows_affected()
        == 1;
    if still {
        let (done, total, left) = track_progress(work.db(), job.user_id, job.track_id).await?;
        work.push(
            job.user_id,
            &Change::Sync {
                track_id: job.track_id,
                file_id: job.file_id,
                file_done: finished,
                bytes_done: done,
                bytes_total: total,
                files_left: left,
            },
        );
    }
    work.commit().await?;
    Ok(still)
}

/// Copies one file to its collaborator, resuming at `bytes_done`, at most
/// `config.sync_bytes_per_sec`.
async fn run(state: &AppState, job: Job) -> AppResult<()> {
    let source = state.config.uploads_dir().join(&job.storage_path);
    let target = replica_path(state, job.user_id, job.file_id);
    let part = target.with_extension("part");
    if let Some(dir) = target.parent() {
        tokio::fs::create_dir_all(dir).await?;
    }
    let mut input = tokio::fs::File::open(&source)
        .await
        .map_err(|e| AppError::internal("open file to sync", e))?;
    let mut output = tokio::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(&part)
        .await?;
    // Resume only as far as the partial copy really got.
    let have = output.metadata().await?.len() as i64;
    let mut done = job.bytes_done.min(have).max(0);
    input.seek(std::io::SeekFrom::Start(done as u64)).await?;
    output.set_len(done as u64).await?;
    output.seek(std::io::SeekFrom::Start(done as u64)).await?;
    let rate = state.config.sync_bytes_per_sec.max(1) as f64;
    let started = Instant::now();
    let from = done;
    let mut last_report = Instant::now();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = input.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        output.write_all(&buf[..n]).await?;
        done += n as i64;
        // Keep to the rate: the bytes so far should have taken this long.
        let due = Duration::from_secs_f64((done - from) as f64 / rate);
        if let Some(wait) = due.checked_sub(started.elapsed()) {
            tokio::time::sleep(wait).await;
        }
        if last_report.elapsed() >= PROGRESS_EVERY {
            last_report = Instant::now();
            output.flush().await?;
            if !record(state, &job, done, false).await? {
                drop(output);
                let _ = tokio::fs::remove_file(&part).await;
                return Ok(());
            }
        }
    }
    output.sync_all().await?;
    drop(output);
    if done != job.size {
        return Err(AppError::internal(
            "sync",
            format!("file {} copied {done} of {} bytes", job.file_id, job.size),
        ));
    }
    tokio::fs::rename(&part, &target).await?;
    if !record(state, &job, done, true).await? {
        let _ = tokio::fs::remove_file(&target).await;
    }
    Ok(())
}

/// Does every waiting copy now (tests and the workers).
pub async fn drain(state: &AppState) -> AppResult<usize> {
    let mut n = 0;
    while let Some(job) = claim(&state.pool, state.clock.now_ms()).await? {
        let (file_id, user_id) = (job.file_id, job.user_id);
        if let Err(e) = run(state, job).await {
            tracing::warn!("sync of file {file_id} to user {user_id} failed: {e}");
            // Back in the queue, behind the others.
            sqlx::query(
                "UPDATE file_syncs SET status = 'pending', updated_at = ? WHERE file_id = ? AND user_id = ?",
            )
            .bind(state.clock.now_ms() + 5_000)
            .bind(file_id)
            .bind(user_id)
            .execute(&state.pool)
            .await?;
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        n += 1;
    }
    Ok(n)
}

/// Starts the workers; copies interrupted by a restart are queued again first.
pub async fn spawn(state: AppState) -> AppResult<()> {
    sqlx::query("UPDATE file_syncs SET status = 'pending' WHERE status = 'syncing'")
        .execute(&state.pool)
        .await?;
    for _ in 0..WORKERS {
        let state = state.clone();
        tokio::spawn(async move {
            loop {
                let woken = state.sync.notified();
                tokio::pin!(woken);
                woken.as_mut().enable();
                if let Err(e) = drain(&state).await {
                    tracing::warn!("file sync: {e}");
                }
                // New work wakes us; a periodic look covers anything else.
                let _ = tokio::time::timeout(Duration::from_secs(5), woken).await;
            }
        });
    }
    Ok(())
}

//! File sync: when someone joins a track (or a file is added to a shared track), each of
//! the track's files is copied to that collaborator's own storage, one file at a time
//! per worker, in chunks and at a bounded rate, with progress pushed live to their tabs.
//! A collaborator downloads their synced copy; until it is complete, the file shows its
//! progress instead. Work survives a restart, and an instance that stops mid-copy: rows
//! still `syncing` resume where their byte count says. Its SQL is in `store/sync.rs`.

use super::store::sync as store;
use crate::error::{AppError, AppResult};
use crate::notifications::live::Change;
use crate::platform::db::{DbPool, Engine};
use crate::platform::{db::Work, AppState};
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

/// Removes `user_id`'s copies of a track's files (after they left or were removed).
pub async fn forget(state: &AppState, user_id: i64, file_ids: &[i64]) {
    for id in file_ids {
        let path = replica_path(state, user_id, *id);
        let _ = tokio::fs::remove_file(&path).await;
        let _ = tokio::fs::remove_file(path.with_extension("part")).await;
    }
}

/// A copy whose worker has not reported for this long is taken over by another worker
/// (its instance stopped mid-copy); a working copy reports every `PROGRESS_EVERY`.
const LEASE_MS: i64 = 30_000;

/// A copy to make.
type Job = store::Claimed;

/// Claims the oldest waiting copy, or one whose worker stopped reporting for `LEASE_MS`.
async fn claim(pool: &DbPool, now: i64) -> AppResult<Option<Job>> {
    store::claim(pool, now, now - LEASE_MS).await
}

/// Records progress; `false` when the copy is no longer wanted (access ended).
async fn record(state: &AppState, job: &Job, done: i64, finished: bool) -> AppResult<bool> {
    let status = if finished { "done" } else { "syncing" };
    let mut work = Work::begin(state).await?;
    let now = work.now;
    let still = store::set_progress(work.db(), job.file_id, job.user_id, done, status, now).await?;
    if still {
        let (done, total, left) =
            store::track_progress(work.db(), job.user_id, job.track_id).await?;
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
            store::requeue(&state.pool, file_id, user_id, state.clock.now_ms() + 5_000).await?;
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        n += 1;
    }
    Ok(n)
}

/// Starts the workers. On SQLite (one instance) copies a restart interrupted are queued
/// again at once; on PostgreSQL other instances may be copying, so an interrupted copy is
/// taken over once its lease runs out.
pub async fn spawn(state: AppState) -> AppResult<()> {
    if Engine::of(&state.pool) == Engine::Sqlite {
        store::requeue_interrupted(&state.pool).await?;
    }
    for _ in 0..WORKERS {
        // New work wakes them; a periodic look covers anything else.
        let state = state.clone();
        state
            .sync
            .clone()
            .spawn_worker("file sync", Duration::from_secs(5), move || {
                let state = state.clone();
                async move { drain(&state).await }
            });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::db::DbPool;

    const NOW: i64 = 1_795_000_000_000;

    /// A track with one file, queued for copying to a collaborator; returns its ids.
    async fn queued_copy(pool: &DbPool) -> (i64, i64) {
        let owner = crate::auth::store::test_user(pool, "owner@example.com", true, NOW).await;
        let guest = crate::auth::store::test_user(pool, "guest@example.com", true, NOW).await;
        let track: i64 = sqlx::query_scalar(
            "INSERT INTO tracks (owner_id, title, created_at, updated_at) VALUES ($1, 'Song', $2, $2) RETURNING id",
        )
        .bind(owner)
        .bind(NOW)
        .fetch_one(pool)
        .await
        .unwrap();
        let file: i64 = sqlx::query_scalar(
            "INSERT INTO files (track_id, uploader_id, name, mime, size_bytes, storage_path, created_at)
             VALUES ($1, $2, 'mix.wav', 'audio/wav', 10, 'x', $3) RETURNING id",
        )
        .bind(track)
        .bind(owner)
        .bind(NOW)
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO file_syncs (file_id, user_id, updated_at) VALUES ($1, $2, $3)")
            .bind(file)
            .bind(guest)
            .bind(NOW)
            .execute(pool)
            .await
            .unwrap();
        (file, guest)
    }

    crate::platform::testdb::db_test! {
        /// A copy goes to one worker; it is taken over only once its worker has stopped
        /// reporting for the length of the lease (its instance was killed mid-copy).
        async fn a_copy_is_claimed_once_and_taken_over_after_its_lease(pool: DbPool) {
            let (file, guest) = queued_copy(&pool).await;
            let first = claim(&pool, NOW).await.unwrap().expect("the waiting copy");
            assert_eq!((first.file_id, first.user_id), (file, guest));
            assert!(claim(&pool, NOW + 1).await.unwrap().is_none(), "claimed once");
            assert!(claim(&pool, NOW + LEASE_MS - 1).await.unwrap().is_none(), "lease still running");
            let taken = claim(&pool, NOW + LEASE_MS + 1).await.unwrap().expect("taken over");
            assert_eq!((taken.file_id, taken.user_id), (file, guest));
            assert!(claim(&pool, NOW + LEASE_MS + 2).await.unwrap().is_none());
        }
    }

    crate::platform::testdb::db_test! {
        /// Workers claiming at the same moment (on any instance) never get the same copy.
        async fn workers_claiming_at_once_share_nothing(pool: DbPool) {
            queued_copy(&pool).await;
            let claims = futures::future::join_all((0..8).map(|_| claim(&pool, NOW))).await;
            let won = claims.into_iter().map(Result::unwrap).filter(Option::is_some).count();
            assert_eq!(won, 1);
        }
    }
}

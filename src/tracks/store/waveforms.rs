//! SQL for waveforms (`tracks/waveforms.rs` analyses the files): which audio file waits
//! for its analysis, the claim that gives it to one worker, and what the analysis found.

use crate::error::AppResult;
use crate::platform::db::{DbConn, DbPool, Engine};

/// A file a worker claimed for analysis.
#[derive(Debug)]
pub struct Claimed {
    pub file_id: i64,
    pub track_id: i64,
    pub name: String,
    pub storage_path: String,
    /// The claim's stamp: only this claim may record the outcome.
    pub claimed_at: i64,
}

/// Claims the oldest file waiting for analysis whose claim (if any) is older than
/// `stale_before`. Workers on many instances claim from one table: each file goes to one
/// of them (the claim re-checks the row it updates; PostgreSQL also skips rows another
/// is claiming).
pub async fn claim(pool: &DbPool, now: i64, stale_before: i64) -> AppResult<Option<Claimed>> {
    let skip_locked = match Engine::of(pool) {
        Engine::Postgres => " FOR UPDATE SKIP LOCKED",
        Engine::Sqlite => "",
    };
    let row: Option<(i64, i64, String, String)> = sqlx::query_as(&format!(
        "UPDATE files SET analysis_claimed_at = $1
         WHERE id = (SELECT id FROM files
                     WHERE analysis = 'pending' AND (analysis_claimed_at IS NULL OR analysis_claimed_at < $2)
                     ORDER BY id LIMIT 1{skip_locked})
           AND analysis = 'pending' AND (analysis_claimed_at IS NULL OR analysis_claimed_at < $2)
         RETURNING id, track_id, name, storage_path"
    ))
    .bind(now)
    .bind(stale_before)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(file_id, track_id, name, storage_path)| Claimed {
        file_id,
        track_id,
        name,
        storage_path,
        claimed_at: now,
    }))
}

/// What an analysis found: the length and peaks, or why there are none.
pub enum Outcome<'a> {
    Done { duration_ms: i64, peaks: &'a [u8] },
    Failed(&'a str),
}

/// Records the outcome of `claim`; `false` when the claim was no longer the file's (it
/// was taken over, or the file removed), and nothing changed.
pub async fn finish(db: &mut DbConn, claim: &Claimed, outcome: Outcome<'_>) -> AppResult<bool> {
    let (status, duration, peaks, note) = match outcome {
        Outcome::Done { duration_ms, peaks } => ("done", Some(duration_ms), Some(peaks), None),
        Outcome::Failed(why) => ("failed", None, None, Some(why)),
    };
    Ok(sqlx::query(
        "UPDATE files SET analysis = $1, duration_ms = $2, peaks = $3, analysis_note = $4
         WHERE id = $5 AND analysis = 'pending' AND analysis_claimed_at = $6",
    )
    .bind(status)
    .bind(duration)
    .bind(peaks)
    .bind(note)
    .bind(claim.file_id)
    .bind(claim.claimed_at)
    .execute(&mut *db)
    .await?
    .rows_affected()
        == 1)
}

/// Frees every claim (at start on SQLite, where no other instance can hold one).
pub async fn release_claims(pool: &DbPool) -> AppResult<()> {
    sqlx::query(
        "UPDATE files SET analysis_claimed_at = NULL WHERE analysis = 'pending' AND analysis_claimed_at IS NOT NULL",
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A file's length, when its analysis found one.
pub async fn duration(db: &mut DbConn, file_id: i64) -> AppResult<Option<i64>> {
    Ok(
        sqlx::query_scalar::<_, Option<i64>>("SELECT duration_ms FROM files WHERE id = $1")
            .bind(file_id)
            .fetch_optional(&mut *db)
            .await?
            .flatten(),
    )
}

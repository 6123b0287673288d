//! SQLite: WAL, busy timeout, foreign keys; migrations at start-up.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let opts = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(10))
        .foreign_keys(true)
        // Checkpoints run in the background (`spawn_checkpointer`), not inside the
        // commit of whichever request happens to cross the threshold.
        .pragma("wal_autocheckpoint", "0");
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(opts)
        .await?;
    MIGRATOR.run(&pool).await?;
    spawn_checkpointer(pool.clone());
    Ok(pool)
}

/// Copies the write-ahead log back into the database every second, off the request
/// path. PASSIVE never waits for readers or writers; what it cannot copy now, it copies
/// next time.
fn spawn_checkpointer(pool: SqlitePool) {
    tokio::spawn(async move {
        let mut timer = tokio::time::interval(Duration::from_secs(1));
        timer.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            timer.tick().await;
            if pool.is_closed() {
                break;
            }
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                tracing::warn!("WAL checkpoint failed: {e}");
            }
        }
    });
}

/// Appends `(?, ?, …)` bound to `ids`, for an `IN` list.
pub fn push_id_list(q: &mut sqlx::QueryBuilder<'_, Sqlite>, ids: &[i64]) {
    q.push("(");
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    q.push(")");
}

/// A write transaction that takes SQLite's write lock up front, so a transaction that
/// reads before it writes never fails with "database is locked" on upgrade.
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Runs `f` for the signed-in user (from the session) inside one write transaction, and
/// commits it when `f` succeeds.
pub async fn in_write_tx<T>(
    f: impl AsyncFnOnce(
        &mut sqlx::SqliteConnection,
        &crate::auth::User,
        &super::AppState,
    ) -> crate::error::AppResult<T>,
) -> crate::error::AppResult<T> {
    // Context first: it is read before the first await.
    let state = super::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut tx = begin_write(&state.pool).await?;
    let out = f(&mut tx, &user, &state).await?;
    tx.commit().await?;
    Ok(out)
}

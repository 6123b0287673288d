//! SQLite: WAL, busy timeout, foreign keys; migrations at start-up.

use super::hub::{Hub, Live, Signal};
use super::AppState;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
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
        .pragma("wal_autocheckpoint", "0")
        // 16 MiB of page cache per connection (SQLite's default is 2 MiB): a write that
        // touches many people's rows (one event to thousands) finds their index pages
        // in memory instead of reading them again.
        .pragma("cache_size", "-16384");
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
/// reads before it writes never fails with "database is locked" on upgrade. Prefer
/// [`Work`], which also carries what the transaction tells people.
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// One unit of work: a write transaction, the time it happens at, and what it will tell
/// people once it is committed (whose streams to wake for new notifications, which live
/// changes to push, which background workers to wake). `commit` commits and then
/// publishes, so nothing is pushed that was not committed and nothing committed goes
/// unannounced; dropping it uncommitted rolls back and publishes nothing.
#[must_use = "commit() the unit of work, or it rolls back"]
pub struct Work {
    tx: Transaction<'static, Sqlite>,
    /// The time of this unit of work (the app's clock when it began).
    pub now: i64,
    hub: Hub,
    woken: Vec<i64>,
    changes: Vec<(i64, Live)>,
    signals: Vec<Signal>,
}

impl Work {
    pub async fn begin(state: &AppState) -> Result<Work, sqlx::Error> {
        Ok(Work {
            tx: begin_write(&state.pool).await?,
            now: state.clock.now_ms(),
            hub: state.hub.clone(),
            woken: Vec::new(),
            changes: Vec::new(),
            signals: Vec::new(),
        })
    }

    /// The transaction's connection, for the stores.
    pub fn db(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }

    /// These people got new notifications: their open streams read them after commit.
    pub fn wake(&mut self, users: &[i64]) {
        self.woken.extend_from_slice(users);
    }

    /// Pushes `change` to every open tab of `user` after commit.
    pub fn push(&mut self, user: i64, change: &impl serde::Serialize) {
        self.changes.push((user, Live::new(change)));
    }

    /// Wakes the workers waiting on `signal` after commit (new background work).
    pub fn signal(&mut self, signal: &Signal) {
        self.signals.push(signal.clone());
    }

    /// Commits, then wakes and pushes what the work collected.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        let Work {
            tx,
            hub,
            mut woken,
            changes,
            signals,
            ..
        } = self;
        tx.commit().await?;
        woken.sort_unstable();
        woken.dedup();
        hub.wake(&woken);
        for (user, change) in changes {
            hub.send_live(user, change);
        }
        for s in signals {
            s.notify();
        }
        Ok(())
    }
}

//! The database: SQLite (the default, embedded) or PostgreSQL (`postgres://…`, for several
//! instances), opened and migrated at start-up (a migration folder per engine); write
//! transactions; and the unit of work, which commits and then tells people. The types
//! the stores use come from `sql.rs` (re-exported here).

use super::hub::{Hub, Live, Signal};
pub use super::sql::{Db, DbConn, DbPool, Engine, Row, Sql};
use super::AppState;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Executor, Transaction};
use std::str::FromStr;
use std::time::Duration;

pub static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
pub static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// The migrations of `engine`.
pub fn migrator(engine: Engine) -> &'static Migrator {
    match engine {
        Engine::Sqlite => &SQLITE_MIGRATIONS,
        Engine::Postgres => &POSTGRES_MIGRATIONS,
    }
}

/// Every SQLite connection: WAL, a 10 s busy timeout, foreign keys, checkpoints in the
/// background (`spawn_checkpointer`) rather than inside the commit of whichever request
/// crosses the threshold, 16 MiB of page cache (SQLite's default is 2 MiB: a write
/// that touches many people's rows finds their index pages in memory), a statement's undo
/// journal in memory rather than a temporary file, and the file mapped into memory (up to
/// 256 MiB: pages are read without a system call and a copy each; they are the system's
/// file cache, shared, not the process's own memory).
const SQLITE_SETUP: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
    PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0;
    PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 268435456;";

/// Opens the pool for `url` and migrates the database. A SQLite file is created when
/// missing; a PostgreSQL database must exist (its tables are created here).
pub async fn connect(url: &str) -> Result<DbPool, sqlx::Error> {
    let pool = open(url, 8).await?;
    let engine = Engine::of(&pool);
    migrator(engine).run(&pool).await?;
    if engine == Engine::Sqlite {
        spawn_checkpointer(pool.clone());
    }
    Ok(pool)
}

/// Opens a pool of at most `connections` for `url`, without migrating.
pub async fn open(url: &str, connections: u32) -> Result<DbPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let engine = Engine::of_url(url).ok_or_else(|| {
        sqlx::Error::Configuration(
            format!("DATABASE_URL must start with sqlite: or postgres://, not {url:?}").into(),
        )
    })?;
    let url = match engine {
        // Created when missing, as the app's own file.
        Engine::Sqlite if !url.contains("mode=") => {
            format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
        }
        _ => url.to_string(),
    };
    let opts = AnyConnectOptions::from_str(&url)?;
    AnyPoolOptions::new()
        .max_connections(connections)
        // An embedded SQLite connection cannot drop away; pinging it before every
        // checkout cost a hand-over to its thread each time (a page makes several).
        // A PostgreSQL connection can, so it is checked.
        .test_before_acquire(engine == Engine::Postgres)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if engine == Engine::Sqlite {
                    conn.execute(SQLITE_SETUP).await?;
                }
                Ok(())
            })
        })
        .connect_with(opts)
        .await
}

/// Copies SQLite's write-ahead log back into the database every second, off the request
/// path. PASSIVE never waits for readers or writers; what it cannot copy now, it copies
/// next time.
fn spawn_checkpointer(pool: DbPool) {
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

/// A write transaction: writers take turns, readers never wait for them. On SQLite it
/// takes the write lock up front (`BEGIN IMMEDIATE`), so a transaction that reads before
/// it writes never fails with "database is locked" on upgrade. On PostgreSQL it takes the
/// app's write lock (an advisory lock held to commit), for the same reason on a larger
/// scale: every writer of every instance takes the same lock first, so two never wait for
/// each other's rows in opposite orders, and notification ids become visible in the order
/// they are drawn (a stream that has read up to an id never later finds a smaller one).
/// Prefer [`Work`], which also carries what the transaction tells people.
pub async fn begin_write(pool: &DbPool) -> Result<Transaction<'static, Db>, sqlx::Error> {
    match Engine::of(pool) {
        Engine::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
        Engine::Postgres => {
            let mut tx = pool.begin().await?;
            take_write_lock(&mut tx).await?;
            Ok(tx)
        }
    }
}

/// PostgreSQL: takes the app's write lock for the rest of the transaction (again is
/// harmless: the lock counts).
pub async fn take_write_lock(db: &mut DbConn) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(WRITE_LOCK)
        .execute(db)
        .await
        .map(|_| ())
}

/// The key of the app's PostgreSQL write lock ("pdwrites").
const WRITE_LOCK: i64 = 0x7064_7772_6974_6573;

/// One unit of work: a write transaction, the time it happens at, and what it will tell
/// people once it is committed (whose streams to wake for new notifications, which live
/// changes to push, which background workers to wake). `commit` commits and then
/// publishes, so nothing is pushed that was not committed and nothing committed goes
/// unannounced; dropping it uncommitted rolls back and publishes nothing.
#[must_use = "commit() the unit of work, or it rolls back"]
pub struct Work {
    tx: Transaction<'static, Db>,
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
    pub fn db(&mut self) -> &mut DbConn {
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

    /// Commits, then wakes and pushes what the work collected: in this process directly,
    /// and on PostgreSQL in every other instance too (through the bus, as part of the
    /// commit).
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        let Work {
            mut tx,
            now,
            hub,
            mut woken,
            changes,
            signals,
        } = self;
        woken.sort_unstable();
        woken.dedup();
        let anything = !(woken.is_empty() && changes.is_empty() && signals.is_empty());
        if anything && Engine::of_conn(&tx) == Engine::Postgres {
            super::bus::publish(&mut tx, &hub, &woken, &changes, !signals.is_empty(), now).await?;
        }
        tx.commit().await?;
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

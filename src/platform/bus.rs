//! The wake-up bus between instances sharing a PostgreSQL database. A unit of work that
//! commits tells its own process's hub directly (as on SQLite) and, inside its
//! transaction, every other instance through `NOTIFY` (delivered only if it commits):
//! whom to wake, which live changes to push, whether background work is waiting. The
//! message carries ids only (PostgreSQL caps a payload at 8,000 bytes); a live change
//! itself is a row of `live_changes`, read by the instances that deliver it. The database
//! stays the source of truth: an instance whose listening connection drops tells its
//! streams to resync once it listens again (they re-read from their cursor, as after a
//! lag), so a missed message costs latency, never an event.

use super::hub::{Hub, Live, Signal};
use super::sql::{DbConn, DbPool, Engine, Sql};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The channel every instance listens on.
const CHANNEL: &str = "pd_bus";
/// Bytes of ids per message, under PostgreSQL's 8,000-byte payload limit.
const PAYLOAD_MAX: usize = 7_000;
/// How long a live change is kept for the instances to read (they read it within
/// milliseconds; housekeeping removes older ones).
pub const LIVE_CHANGE_TTL_MS: i64 = 10 * 60_000;

#[derive(Serialize, Deserialize, Default, Debug, PartialEq)]
struct Message {
    /// The sending instance (it has told its own streams already).
    i: String,
    /// Users whose streams read what is new.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    w: Vec<i64>,
    /// Live changes (`live_changes` ids) to push.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    c: Vec<i64>,
    /// Background work is waiting (file copies).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    s: bool,
}

/// The messages for one unit of work, each under the payload limit.
fn messages(instance: &str, woken: &[i64], changes: &[i64], signal: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = Message {
        i: instance.to_string(),
        s: signal,
        ..Default::default()
    };
    let mut size = 0;
    let ids = woken
        .iter()
        .map(|id| (true, *id))
        .chain(changes.iter().map(|id| (false, *id)));
    for (wake, id) in ids {
        if size > PAYLOAD_MAX {
            out.push(serde_json::to_string(&current).unwrap_or_default());
            current = Message {
                i: instance.to_string(),
                ..Default::default()
            };
            size = 0;
        }
        // The id's digits (and sign), and its comma.
        size += id.unsigned_abs().checked_ilog10().unwrap_or(0) as usize + 3;
        if wake {
            current.w.push(id);
        } else {
            current.c.push(id);
        }
    }
    out.push(serde_json::to_string(&current).unwrap_or_default());
    out
}

/// Inside the committing transaction: stores the live changes and notifies the other
/// instances (PostgreSQL delivers the notifications when, and only if, it commits).
pub(super) async fn publish(
    db: &mut DbConn,
    hub: &Hub,
    woken: &[i64],
    changes: &[(i64, Live)],
    signal: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut change_ids = Vec::new();
    if !changes.is_empty() {
        let mut q = Sql::new(
            Engine::Postgres,
            "INSERT INTO live_changes (user_id, change, created_at) VALUES ",
        );
        q.values(changes, |row, (user, change)| {
            row.bind(*user).bind(change.0.to_string()).bind(now);
        });
        q.push(" RETURNING id");
        change_ids = q.query_scalar::<i64>().fetch_all(&mut *db).await?;
    }
    let mut q = Sql::new(Engine::Postgres, "SELECT 1");
    for message in messages(hub.instance(), woken, &change_ids, signal) {
        q.push(", pg_notify('")
            .push(CHANNEL)
            .push("', ")
            .bind(message)
            .push(")");
    }
    q.query().execute(&mut *db).await?;
    Ok(())
}

/// Forgets live changes older than their time to live (housekeeping, PostgreSQL only).
pub async fn purge(pool: &DbPool, now: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM live_changes WHERE created_at < $1")
            .bind(now - LIVE_CHANGE_TTL_MS)
            .execute(pool)
            .await?
            .rows_affected(),
    )
}

/// Listens for the other instances' messages for the life of the server, and hands them
/// to this process's hub and workers. `url` is the PostgreSQL database's. Returns once it
/// listens (an error if it cannot: the instance would otherwise miss everyone else).
pub async fn spawn_listener(
    url: String,
    pool: DbPool,
    hub: Hub,
    workers: Signal,
) -> Result<(), sqlx::Error> {
    let first = connect(&url).await?;
    tokio::spawn(async move {
        let mut listener = Some(first);
        loop {
            let current = match listener.take() {
                Some(l) => l,
                None => match connect(&url).await {
                    Ok(l) => {
                        // Messages sent while this instance was not listening are lost:
                        // its streams re-read, its workers look for work.
                        hub.resync_all();
                        workers.notify();
                        l
                    }
                    Err(e) => {
                        tracing::warn!("bus between instances: {e}; trying again in 1 s");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                },
            };
            if let Err(e) = listen(current, &pool, &hub, &workers).await {
                tracing::warn!("bus between instances: {e}; listening again");
            }
        }
    });
    Ok(())
}

async fn connect(url: &str) -> Result<sqlx::postgres::PgListener, sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Hands on messages until the connection drops.
async fn listen(
    mut listener: sqlx::postgres::PgListener,
    pool: &DbPool,
    hub: &Hub,
    workers: &Signal,
) -> Result<(), sqlx::Error> {
    loop {
        // `None`: the connection dropped.
        let Some(note) = listener.try_recv().await? else {
            return Err(sqlx::Error::Protocol(
                "the listening connection dropped".into(),
            ));
        };
        let message: Message = match serde_json::from_str(note.payload()) {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!("bus between instances: unreadable message ({e})");
                continue;
            }
        };
        if message.i == hub.instance() {
            continue;
        }
        deliver(pool, hub, workers, message).await;
    }
}

async fn deliver(pool: &DbPool, hub: &Hub, workers: &Signal, message: Message) {
    hub.wake(&message.w);
    if !message.c.is_empty() {
        let mut q = Sql::new(
            Engine::Postgres,
            "SELECT user_id, change FROM live_changes WHERE id",
        );
        q.is_in(&message.c).push(" ORDER BY id");
        match q.query_as::<(i64, String)>().fetch_all(pool).await {
            Ok(rows) => {
                for (user, change) in rows {
                    hub.send_live(user, Live(change.into()));
                }
            }
            Err(e) => {
                // Those users' tabs reload instead.
                tracing::warn!("bus between instances: reading live changes: {e}");
                hub.resync_all();
            }
        }
    }
    if message.s {
        workers.notify();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_stay_under_the_payload_limit_and_carry_every_id() {
        let woken: Vec<i64> = (1..=5_000).map(|i| i * 1_000_003).collect();
        let changes: Vec<i64> = (1..=300).collect();
        let all = messages("abc", &woken, &changes, true);
        assert!(all.len() > 1);
        let mut w = Vec::new();
        let mut c = Vec::new();
        for (i, m) in all.iter().enumerate() {
            assert!(m.len() < 8_000, "message {i} is {} bytes", m.len());
            let m: Message = serde_json::from_str(m).unwrap();
            assert_eq!(m.i, "abc");
            assert_eq!(m.s, i == 0, "the signal travels once");
            w.extend(m.w);
            c.extend(m.c);
        }
        assert_eq!(w, woken);
        assert_eq!(c, changes);
        // Nothing to say but a signal is still one message.
        assert_eq!(messages("abc", &[], &[], true), [r#"{"i":"abc","s":true}"#]);
    }
}

//! SQL for email digests: the items waiting for one, and the digests built (one per
//! person and period).

use crate::error::AppResult;
use crate::notifications::kinds::Kind;
use crate::notifications::note::Note;
use crate::platform::db::{DbConn, Engine, Sql};

/// Queues `note` for the digests of `waiting`: [recipient, its notification id or 0,
/// when their digest is due].
pub async fn queue(db: &mut DbConn, waiting: &[[i64; 3]], note: &Note, now: i64) -> AppResult<()> {
    if waiting.is_empty() {
        return Ok(());
    }
    let mut q = Sql::new(
        Engine::of_conn(db),
        "INSERT INTO email_digest_items (user_id, notification_id, due_at, kind, track_id, actor_id,
                                         title, detail, created_at)
         SELECT w.u, NULLIF(w.n, 0), w.due, ",
    );
    q.bind(note.kind)
        .push(", ")
        .bind(note.track_id)
        .push(", ")
        .bind(note.actor_id)
        .push(", ")
        .bind(note.title.as_str())
        .push(", ")
        .bind(note.detail.as_deref())
        .push(", ")
        .bind(now)
        .push(" FROM ")
        .int_rows("w", ["u", "n", "due"], waiting);
    q.query().execute(&mut *db).await?;
    Ok(())
}

/// One waiting item as its digest tells it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Item {
    pub id: i64,
    pub user_id: i64,
    pub kind: Kind,
    pub track_id: Option<i64>,
    pub track_title: Option<String>,
    pub due_date: Option<String>,
    pub actor: Option<String>,
    pub title: String,
    pub detail: Option<String>,
    pub due_at: i64,
    /// 1: read or dismissed in the app since it arrived.
    pub read: i64,
}

impl Item {
    pub fn read(&self) -> bool {
        self.read != 0
    }
}

/// Whether anything is due by `now` (one probe of an index).
pub async fn any_due(db: &mut DbConn, now: i64) -> AppResult<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT user_id FROM email_digest_items WHERE due_at <= $1 LIMIT 1",
    )
    .bind(now)
    .fetch_optional(&mut *db)
    .await?
    .is_some())
}

/// Up to `limit` people after `after` (by id) with items due by `now`.
pub async fn due_people(db: &mut DbConn, now: i64, after: i64, limit: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT user_id FROM email_digest_items
         WHERE user_id > $1 AND due_at <= $2 ORDER BY user_id LIMIT $3",
    )
    .bind(after)
    .bind(now)
    .bind(limit)
    .fetch_all(&mut *db)
    .await?)
}

/// The items of `users` due by `due_by` (each person's in the order they came).
pub async fn items(db: &mut DbConn, users: &[i64], due_by: i64) -> AppResult<Vec<Item>> {
    let mut q = Sql::new(
        Engine::of_conn(db),
        "SELECT i.id, i.user_id, i.kind, i.track_id, t.title AS track_title, t.due_date,
                a.display_name AS actor, i.title, i.detail, i.due_at,
                CAST(CASE WHEN n.read_at IS NOT NULL OR n.dismissed_at IS NOT NULL THEN 1 ELSE 0 END
                     AS BIGINT) AS read
         FROM email_digest_items i
         LEFT JOIN tracks t ON t.id = i.track_id
         LEFT JOIN users a ON a.id = i.actor_id
         LEFT JOIN notifications n ON n.id = i.notification_id
         WHERE i.due_at <= ",
    );
    q.bind(due_by)
        .push(" AND i.user_id")
        .is_in(users)
        .push(" ORDER BY i.user_id, i.id");
    Ok(q.query_as::<Item>().fetch_all(&mut *db).await?)
}

/// How many items wait for `user`'s next digest.
pub async fn waiting(db: &mut DbConn, user: i64) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM email_digest_items WHERE user_id = $1")
            .bind(user)
            .fetch_one(&mut *db)
            .await?,
    )
}

/// Takes the items of `users` due by `due_by` up to id `last` off the queue; returns how
/// many went. Fewer than were read: another instance took some first.
pub async fn take(db: &mut DbConn, users: &[i64], due_by: i64, last: i64) -> AppResult<u64> {
    let mut q = Sql::new(
        Engine::of_conn(db),
        "DELETE FROM email_digest_items WHERE due_at <= ",
    );
    q.bind(due_by)
        .push(" AND id <= ")
        .bind(last)
        .push(" AND user_id")
        .is_in(users);
    Ok(q.query().execute(&mut *db).await?.rows_affected())
}

/// Everything waiting for `user`'s digests goes (they unsubscribed).
pub async fn drop_waiting(db: &mut DbConn, user: i64) -> AppResult<u64> {
    Ok(
        sqlx::query("DELETE FROM email_digest_items WHERE user_id = $1")
            .bind(user)
            .execute(&mut *db)
            .await?
            .rows_affected(),
    )
}

/// A digest built for `user` and the period ending `period_at`.
pub struct Built {
    pub user_id: i64,
    pub period_at: i64,
    pub outbox_id: Option<i64>,
    pub items: i64,
    pub read_items: i64,
    pub token_hash: Option<String>,
}

/// Records `built` in one statement; `false` when one of these people's digest for
/// that period exists already (another instance built it: nothing may be kept).
pub async fn record(db: &mut DbConn, built: &[Built], now: i64) -> AppResult<bool> {
    if built.is_empty() {
        return Ok(true);
    }
    let mut q = Sql::new(
        Engine::of_conn(db),
        "INSERT INTO email_digests (user_id, period_at, outbox_id, items, read_items, token_hash, created_at) VALUES ",
    );
    q.values(built, |row, b| {
        row.bind(b.user_id)
            .bind(b.period_at)
            .bind(b.outbox_id)
            .bind(b.items)
            .bind(b.read_items)
            .bind(b.token_hash.as_deref())
            .bind(now);
    })
    .push(" ON CONFLICT (user_id, period_at) DO NOTHING");
    Ok(q.query().execute(&mut *db).await?.rows_affected() == built.len() as u64)
}

/// Whose digest the unsubscribe link with this token hash came in.
pub async fn owner_of_token(db: &mut DbConn, token_hash: &str) -> AppResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT user_id FROM email_digests WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&mut *db)
            .await?,
    )
}

//! SQL for notifications.

use super::kinds::Kind;
use super::{Category, FeedPage, InvitationStatus, Notification, TicketStatus, Widget};
use crate::error::{AppError, AppResult};
use sqlx::{SqliteConnection, SqlitePool};

pub async fn unread_count(pool: &SqlitePool, user_id: i64) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT unread FROM notification_counters WHERE user_id = ?")
            .bind(user_id)
            .fetch_optional(pool)
            .await?
            .unwrap_or(0),
    )
}

const SELECT: &str =
    "SELECT n.id, n.category, n.kind, n.priority, n.title, n.message, n.track_id, n.widget,
        n.invitation_id, n.ticket_id, n.created_at, n.read_at, st.status AS ticket_status,
        inv.status AS invitation_status
     FROM notifications n LEFT JOIN support_tickets st ON st.id = n.ticket_id
     LEFT JOIN invitations inv ON inv.id = n.invitation_id";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    category: Category,
    kind: Kind,
    priority: String,
    title: String,
    message: String,
    track_id: Option<i64>,
    widget: Option<Widget>,
    invitation_id: Option<i64>,
    ticket_id: Option<i64>,
    created_at: i64,
    read_at: Option<i64>,
    ticket_status: Option<TicketStatus>,
    invitation_status: Option<InvitationStatus>,
}

impl From<Row> for Notification {
    fn from(r: Row) -> Self {
        Notification {
            id: r.id,
            category: r.category,
            kind: r.kind,
            high_priority: r.priority == "high",
            title: r.title,
            message: r.message,
            track_id: r.track_id,
            widget: r.widget,
            invitation_id: r.invitation_id,
            ticket_id: r.ticket_id,
            created_at: r.created_at,
            read: r.read_at.is_some(),
            ticket_status: r.ticket_status,
            invitation_status: r.invitation_status,
        }
    }
}

/// Newest first, `before` an id (keyset pagination), dismissed rows skipped.
pub async fn page(
    pool: &SqlitePool,
    user_id: i64,
    before: Option<i64>,
    limit: i64,
) -> AppResult<FeedPage> {
    let limit = limit.clamp(1, 100);
    let rows: Vec<Row> = sqlx::query_as(
        &format!("{SELECT} WHERE n.recipient_id = ? AND n.dismissed_at IS NULL AND n.id < ? ORDER BY n.id DESC LIMIT ?"),
    )
    .bind(user_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit + 1)
    .fetch_all(pool)
    .await?;
    let more = rows.len() as i64 > limit;
    let items: Vec<Notification> = rows
        .into_iter()
        .take(limit as usize)
        .map(Notification::from)
        .collect();
    let next = if more {
        items.last().map(|n| n.id)
    } else {
        None
    };
    Ok(FeedPage { items, next })
}

/// Whether one of the user's notifications is unread. Someone else's, a missing or a
/// dismissed one is 404.
async fn is_unread(db: &mut SqliteConnection, user_id: i64, id: i64) -> AppResult<bool> {
    let row: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT read_at FROM notifications WHERE id = ? AND recipient_id = ? AND dismissed_at IS NULL",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(&mut *db)
    .await?;
    row.map(|read_at| read_at.is_none())
        .ok_or_else(|| AppError::not_found("This notification does not exist or was dismissed."))
}

/// Marks one of the user's notifications read. Someone else's, a missing or a dismissed
/// one is 404 and changes nothing; marking a read one again changes nothing.
/// Returns whether it was unread.
pub async fn mark_read(
    db: &mut SqliteConnection,
    user_id: i64,
    id: i64,
    now: i64,
) -> AppResult<bool> {
    let was_unread = is_unread(db, user_id, id).await?;
    if was_unread {
        sqlx::query("UPDATE notifications SET read_at = ? WHERE id = ?")
            .bind(now)
            .bind(id)
            .execute(&mut *db)
            .await?;
        decrement(db, user_id, 1).await?;
    }
    Ok(was_unread)
}

/// Marks every unread notification of the user read; returns how many changed.
pub async fn mark_all_read(db: &mut SqliteConnection, user_id: i64, now: i64) -> AppResult<u64> {
    let n = sqlx::query(
        "UPDATE notifications SET read_at = ? WHERE recipient_id = ? AND read_at IS NULL AND dismissed_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut *db)
    .await?
    .rows_affected();
    sqlx::query("UPDATE notification_counters SET unread = 0 WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *db)
        .await?;
    Ok(n)
}

/// Marks read the user's unread notifications about one invitation (it was answered, so
/// there is nothing left to look at); returns their ids.
pub async fn read_for_invitation(
    db: &mut SqliteConnection,
    user_id: i64,
    invitation_id: i64,
    now: i64,
) -> AppResult<Vec<i64>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "UPDATE notifications SET read_at = ?
         WHERE recipient_id = ? AND invitation_id = ? AND read_at IS NULL AND dismissed_at IS NULL
         RETURNING id",
    )
    .bind(now)
    .bind(user_id)
    .bind(invitation_id)
    .fetch_all(&mut *db)
    .await?;
    if !ids.is_empty() {
        decrement(db, user_id, ids.len() as i64).await?;
    }
    Ok(ids)
}

/// Dismisses one of the user's notifications (404 when not theirs, missing or already dismissed).
pub async fn dismiss(db: &mut SqliteConnection, user_id: i64, id: i64, now: i64) -> AppResult<()> {
    let was_unread = is_unread(db, user_id, id).await?;
    sqlx::query("UPDATE notifications SET dismissed_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(&mut *db)
        .await?;
    if was_unread {
        decrement(db, user_id, 1).await?;
    }
    Ok(())
}

async fn decrement(db: &mut SqliteConnection, user_id: i64, by: i64) -> AppResult<()> {
    sqlx::query("UPDATE notification_counters SET unread = MAX(unread - ?, 0) WHERE user_id = ?")
        .bind(by)
        .bind(user_id)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// The user's notifications with id greater than `after`, oldest first (stream replay).
pub async fn since(
    pool: &SqlitePool,
    user_id: i64,
    after: i64,
    limit: i64,
) -> AppResult<Vec<Notification>> {
    let rows: Vec<Row> = sqlx::query_as(
        &format!("{SELECT} WHERE n.recipient_id = ? AND n.id > ? AND n.dismissed_at IS NULL ORDER BY n.id LIMIT ?"),
    )
    .bind(user_id)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Notification::from).collect())
}

/// The newest notification id of the user (0 when none): where a fresh stream starts.
pub async fn latest_id(pool: &SqlitePool, user_id: i64) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM notifications WHERE recipient_id = ?")
            .bind(user_id)
            .fetch_one(pool)
            .await?,
    )
}

/// Rows per multi-row INSERT (SQLite allows 32766 bound parameters).
const CHUNK: usize = 400;

/// Writes `note` for each of `recipients` and counts it unread for them. With
/// `read_back`, returns (recipient, notification id) in recipient order.
pub async fn insert(
    db: &mut SqliteConnection,
    recipients: &[i64],
    note: &super::note::Note,
    now: i64,
    read_back: bool,
) -> AppResult<Vec<(i64, i64)>> {
    let mut written: Vec<(i64, i64)> = Vec::new();
    for chunk in recipients.chunks(CHUNK) {
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO notifications (recipient_id, category, kind, priority, title, message, track_id, widget,
                                        actor_id, invitation_id, ticket_id, created_at) ",
        );
        q.push_values(chunk, |mut b, user| {
            b.push_bind(*user)
                .push_bind(note.kind.category())
                .push_bind(note.kind)
                .push_bind(if note.high_priority { "high" } else { "normal" })
                .push_bind(&note.title)
                .push_bind(&note.message)
                .push_bind(note.track_id)
                .push_bind(note.widget)
                .push_bind(note.actor_id)
                .push_bind(note.invitation_id)
                .push_bind(note.ticket_id)
                .push_bind(now);
        });
        if read_back {
            q.push(" RETURNING recipient_id, id");
            written.extend(q.build_query_as::<(i64, i64)>().fetch_all(&mut *db).await?);
        } else {
            q.build().execute(&mut *db).await?;
        }
        let mut c = sqlx::QueryBuilder::new("INSERT INTO notification_counters (user_id, unread) ");
        c.push_values(chunk, |mut b, user| {
            b.push_bind(*user).push("1");
        });
        c.push(" ON CONFLICT (user_id) DO UPDATE SET unread = unread + 1");
        c.build().execute(&mut *db).await?;
    }
    written.sort_unstable();
    Ok(written)
}

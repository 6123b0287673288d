//! SQL for notifications (and, in `groups`, for the runs the feed shows as one row).

use super::kinds::Kind;
use super::{Category, FeedPage, Group, InvitationStatus, Notification, TicketStatus, Widget};
use crate::error::{AppError, AppResult};
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::HashMap;

pub async fn unread_count(pool: &SqlitePool, user_id: i64) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT unread FROM notification_counters WHERE user_id = ?")
            .bind(user_id)
            .fetch_optional(pool)
            .await?
            .unwrap_or(0),
    )
}

mod groups;
pub use groups::{
    dismiss_group, group_row, read_group, regroup, regroup_if_needed, snooze, wake_snoozed,
};

const SELECT: &str =
    "SELECT n.id, n.category, n.kind, n.priority, n.title, n.message, n.track_id, n.widget,
        n.invitation_id, n.ticket_id, n.created_at, n.read_at, n.quiet, st.status AS ticket_status,
        inv.status AS invitation_status, COALESCE(g.id, n.id) AS group_id,
        COALESCE(g.position, n.id) AS group_position,
        COALESCE(g.size, 1) AS group_size, COALESCE(g.unread, 0) AS group_unread,
        gt.title AS group_track, ua.display_name AS actor_a, ub.display_name AS actor_b,
        COALESCE(g.more_actors, 0) AS more_actors
     FROM notifications n LEFT JOIN support_tickets st ON st.id = n.ticket_id
     LEFT JOIN invitations inv ON inv.id = n.invitation_id
     LEFT JOIN notification_groups g ON g.id = n.group_id
     LEFT JOIN tracks gt ON gt.id = g.track_id
     LEFT JOIN users ua ON ua.id = g.actor_a
     LEFT JOIN users ub ON ub.id = g.actor_b";

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
    quiet: bool,
    ticket_status: Option<TicketStatus>,
    invitation_status: Option<InvitationStatus>,
    group_id: i64,
    group_position: i64,
    group_size: i64,
    group_unread: i64,
    group_track: Option<String>,
    actor_a: Option<String>,
    actor_b: Option<String>,
    more_actors: bool,
}

impl From<Row> for Notification {
    fn from(r: Row) -> Self {
        let title = (r.group_size > 1)
            .then(|| {
                let who =
                    super::kinds::people(r.actor_a.as_deref(), r.actor_b.as_deref(), r.more_actors);
                let track = r.group_track.as_deref().unwrap_or("a track");
                r.kind.group_title(&who, r.group_size, track)
            })
            .flatten();
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
            quiet: r.quiet,
            ticket_status: r.ticket_status,
            invitation_status: r.invitation_status,
            group: Group {
                id: r.group_id,
                position: r.group_position,
                size: r.group_size,
                unread: r.group_unread,
                title,
            },
        }
    }
}

/// The grouped feed: one row per run (its newest notification), newest first, `before`
/// a group position (keyset pagination), dismissed notifications and snoozed groups
/// left out. Reads only the page's groups, whatever their size.
pub async fn page(
    pool: &SqlitePool,
    user_id: i64,
    before: Option<i64>,
    limit: i64,
) -> AppResult<FeedPage> {
    let limit = limit.clamp(1, 100);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE n.id IN (SELECT latest_id FROM notification_groups
                                 WHERE recipient_id = ? AND snoozed_until IS NULL AND position < ?
                                 ORDER BY position DESC LIMIT ?)
         ORDER BY g.position DESC"
    ))
    .bind(user_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit + 1)
    .fetch_all(pool)
    .await?;
    Ok(paged(rows, limit, |n| n.group.position))
}

/// The notifications of one of the user's groups, newest first, `before` a notification
/// id. Someone else's or a missing group is simply empty.
pub async fn group_items(
    pool: &SqlitePool,
    user_id: i64,
    group_id: i64,
    before: Option<i64>,
    limit: i64,
) -> AppResult<FeedPage> {
    let limit = limit.clamp(1, 100);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE n.group_id = ? AND n.recipient_id = ? AND n.dismissed_at IS NULL AND n.id < ?
         ORDER BY n.id DESC LIMIT ?"
    ))
    .bind(group_id)
    .bind(user_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit + 1)
    .fetch_all(pool)
    .await?;
    Ok(paged(rows, limit, |n| n.id))
}

/// A page of at most `limit` from `limit + 1` rows; the cursor is `key` of its last.
fn paged(rows: Vec<Row>, limit: i64, key: impl Fn(&Notification) -> i64) -> FeedPage {
    let more = rows.len() as i64 > limit;
    let items: Vec<Notification> = rows
        .into_iter()
        .take(limit as usize)
        .map(Notification::from)
        .collect();
    let next = if more { items.last().map(key) } else { None };
    FeedPage { items, next }
}

/// Whether one of the user's notifications is unread, and its group. Someone else's, a
/// missing or a dismissed one is 404.
async fn state_of(db: &mut SqliteConnection, user_id: i64, id: i64) -> AppResult<(bool, i64)> {
    let row: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT read_at, group_id FROM notifications WHERE id = ? AND recipient_id = ? AND dismissed_at IS NULL",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(&mut *db)
    .await?;
    row.map(|(read_at, group)| (read_at.is_none(), group.unwrap_or(id)))
        .ok_or_else(|| AppError::not_found("This notification does not exist or was dismissed."))
}

/// Marks one of the user's notifications read. Someone else's, a missing or a dismissed
/// one is 404 and changes nothing; marking a read one again changes nothing.
/// Returns its group when it was unread.
pub async fn mark_read(
    db: &mut SqliteConnection,
    user_id: i64,
    id: i64,
    now: i64,
) -> AppResult<Option<i64>> {
    let (unread, group) = state_of(db, user_id, id).await?;
    if !unread {
        return Ok(None);
    }
    sqlx::query("UPDATE notifications SET read_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(&mut *db)
        .await?;
    groups::one_read(db, user_id, group).await?;
    Ok(Some(group))
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
    sqlx::query("UPDATE notification_groups SET unread = 0 WHERE recipient_id = ? AND unread > 0")
        .bind(user_id)
        .execute(&mut *db)
        .await?;
    sqlx::query("UPDATE notification_counters SET unread = 0 WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *db)
        .await?;
    Ok(n)
}

/// Marks read the user's unread notifications about one invitation (it was answered, so
/// there is nothing left to look at); returns their ids and groups.
pub async fn read_for_invitation(
    db: &mut SqliteConnection,
    user_id: i64,
    invitation_id: i64,
    now: i64,
) -> AppResult<Vec<(i64, i64)>> {
    let read: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE notifications SET read_at = ?
         WHERE recipient_id = ? AND invitation_id = ? AND read_at IS NULL AND dismissed_at IS NULL
         RETURNING id, COALESCE(group_id, id)",
    )
    .bind(now)
    .bind(user_id)
    .bind(invitation_id)
    .fetch_all(&mut *db)
    .await?;
    for (_, group) in &read {
        groups::one_read(db, user_id, *group).await?;
    }
    Ok(read)
}

/// Dismisses one of the user's notifications (404 when not theirs, missing or already
/// dismissed); returns its group.
pub async fn dismiss(db: &mut SqliteConnection, user_id: i64, id: i64, now: i64) -> AppResult<i64> {
    let (unread, group) = state_of(db, user_id, id).await?;
    sqlx::query("UPDATE notifications SET dismissed_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(&mut *db)
        .await?;
    groups::one_dismissed(db, user_id, group, unread).await?;
    Ok(group)
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

/// The unread count and the newest notification id in one read (what a page's header
/// and its live stream start from).
pub async fn unread_and_latest(pool: &SqlitePool, user_id: i64) -> AppResult<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT COALESCE((SELECT unread FROM notification_counters WHERE user_id = ?1), 0),
                COALESCE((SELECT MAX(id) FROM notifications WHERE recipient_id = ?1), 0)",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?)
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

/// The id the next notification gets: past every id ever used (the table is
/// AUTOINCREMENT, so ids are never reused, even after a delete).
async fn next_id(db: &mut SqliteConnection) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'notifications'), 0),
                    COALESCE((SELECT MAX(id) FROM notifications), 0)) + 1",
    )
    .fetch_one(&mut *db)
    .await?)
}

/// Rows per multi-row INSERT (SQLite allows 32766 bound parameters).
const CHUNK: usize = 400;

/// Writes `note` for each of `recipients` and counts it unread for them: where it
/// continues the recipient's newest run (same kind, same track) it joins that group,
/// otherwise it starts one; the badge rises only for a group that had nothing unread.
/// Those in `quiet` are in their quiet hours: the row says so. With `read_back`, returns
/// (recipient, notification id) in recipient order.
pub async fn insert(
    db: &mut SqliteConnection,
    recipients: &[i64],
    note: &super::note::Note,
    now: i64,
    read_back: bool,
    quiet: &HashMap<i64, i64>,
) -> AppResult<Vec<(i64, i64)>> {
    let mut written: Vec<(i64, i64)> = Vec::new();
    for chunk in recipients.chunks(CHUNK) {
        // (recipient, group, unread in it) for those whose newest run this continues.
        let continued = groups::continued_by(db, chunk, note).await?;
        // The ids these rows get, known up front (this transaction holds the write lock,
        // and ids only grow), so each row names its group as it is written: its own id
        // when it starts one.
        let first = next_id(db).await?;
        let ids: Vec<(i64, i64, i64)> = chunk
            .iter()
            .enumerate()
            .map(|(i, user)| {
                let id = first + i as i64;
                (*user, id, continued.get(user).map_or(id, |c| c.0))
            })
            .collect();
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO notifications (id, recipient_id, category, kind, priority, title, message, track_id,
                                        widget, actor_id, invitation_id, ticket_id, created_at, group_id, quiet) ",
        );
        q.push_values(&ids, |mut b, (user, id, group)| {
            b.push_bind(*id)
                .push_bind(*user)
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
                .push_bind(now)
                .push_bind(*group)
                .push_bind(quiet.contains_key(user));
        });
        q.build().execute(&mut *db).await?;
        let started: Vec<(i64, i64)> = ids
            .iter()
            .filter(|(_, id, group)| id == group)
            .map(|(user, id, _)| (*user, *id))
            .collect();
        groups::start(db, &started, note).await?;
        groups::grow(db, &continued, note.actor_id).await?;
        // The badge counts groups with something unread.
        let rising: Vec<i64> = chunk
            .iter()
            .copied()
            .filter(|u| continued.get(u).is_none_or(|c| c.1 == 0))
            .collect();
        if !rising.is_empty() {
            let mut c =
                sqlx::QueryBuilder::new("INSERT INTO notification_counters (user_id, unread) ");
            c.push_values(&rising, |mut b, user| {
                b.push_bind(*user).push("1");
            });
            c.push(" ON CONFLICT (user_id) DO UPDATE SET unread = unread + 1");
            c.build().execute(&mut *db).await?;
        }
        if read_back {
            written.extend(ids.iter().map(|(user, id, _)| (*user, *id)));
        }
    }
    written.sort_unstable();
    Ok(written)
}

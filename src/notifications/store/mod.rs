//! SQL for notifications (and, in `groups`, for the runs the feed shows as one row).

use super::kinds::Kind;
use super::{
    Category, FeedPage, Filter, Group, InvitationStatus, Notification, TicketStatus, TrackChoice,
    Widget,
};
use crate::error::{AppError, AppResult};
use crate::platform::db::{DbConn, DbPool, Engine, Sql};
use std::collections::HashMap;

/// The badge: how many of the user's groups hold something unread (snoozed ones wait
/// off it), the sum of the per-category counters.
pub async fn unread_count(db: &mut DbConn, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(unread), 0) AS BIGINT) FROM notification_unread WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_one(&mut *db)
    .await?)
}

pub mod digests;
mod groups;
pub mod mutes;
pub mod undo;
pub use groups::{
    dismiss_group, group_row, read_group, regroup, regroup_if_needed, snooze, wake_snoozed,
};

const SELECT: &str =
    "SELECT n.id, n.category, n.kind, n.priority, n.title, n.message, n.track_id, n.widget,
        n.file_id AS cue_file, n.at_ms AS cue_at,
        n.invitation_id, n.ticket_id, n.created_at, n.read_at, n.quiet, st.status AS ticket_status,
        inv.status AS invitation_status, COALESCE(g.id, n.id) AS group_id,
        COALESCE(g.position, n.id) AS group_position,
        COALESCE(g.size, 1) AS group_size, COALESCE(g.unread, 0) AS group_unread,
        gt.title AS track_title, ua.display_name AS actor_a, ub.display_name AS actor_b,
        COALESCE(g.more_actors, 0) AS more_actors
     FROM notifications n LEFT JOIN support_tickets st ON st.id = n.ticket_id
     LEFT JOIN invitations inv ON inv.id = n.invitation_id
     LEFT JOIN notification_groups g ON g.id = n.group_id
     LEFT JOIN tracks gt ON gt.id = n.track_id
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
    cue_file: Option<i64>,
    cue_at: Option<i64>,
    invitation_id: Option<i64>,
    ticket_id: Option<i64>,
    created_at: i64,
    read_at: Option<i64>,
    quiet: i64,
    ticket_status: Option<TicketStatus>,
    invitation_status: Option<InvitationStatus>,
    group_id: i64,
    group_position: i64,
    group_size: i64,
    group_unread: i64,
    track_title: Option<String>,
    actor_a: Option<String>,
    actor_b: Option<String>,
    more_actors: i64,
}

impl From<Row> for Notification {
    fn from(r: Row) -> Self {
        let title = (r.group_size > 1)
            .then(|| {
                let who = super::kinds::people(
                    r.actor_a.as_deref(),
                    r.actor_b.as_deref(),
                    r.more_actors != 0,
                );
                let track = r.track_title.as_deref().unwrap_or("a track");
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
            track_title: r.track_title,
            widget: r.widget,
            cue: r
                .cue_file
                .zip(r.cue_at)
                .map(|(file_id, at_ms)| super::Cue { file_id, at_ms }),
            invitation_id: r.invitation_id,
            ticket_id: r.ticket_id,
            created_at: r.created_at,
            read: r.read_at.is_some(),
            quiet: r.quiet != 0,
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
/// left out, and only the rows `filter` lets through. Reads only the page's groups,
/// whatever their size, from the index of the filter's most telling part.
pub async fn page(
    pool: &DbPool,
    user_id: i64,
    before: Option<i64>,
    limit: i64,
    filter: &Filter,
) -> AppResult<FeedPage> {
    let limit = limit.clamp(1, 100);
    let mut q = Sql::new(
        Engine::of(pool),
        format!(
            "{SELECT} WHERE n.id IN (SELECT latest_id FROM notification_groups
                                     WHERE recipient_id = "
        ),
    );
    q.bind(user_id)
        .push(" AND snoozed_until IS NULL AND position < ")
        .bind(before.unwrap_or(i64::MAX));
    if filter.unread {
        q.push(" AND unread > 0");
    }
    if let Some(c) = filter.category {
        q.push(" AND category = ").bind(c);
    }
    if let Some(t) = filter.track {
        q.push(" AND track_id = ").bind(t);
    }
    q.push(" ORDER BY position DESC LIMIT ")
        .bind(limit + 1)
        .push(") ORDER BY g.position DESC");
    let rows: Vec<Row> = q.query_as().fetch_all(pool).await?;
    Ok(paged(rows, limit, |n| n.group.position))
}

/// How many groups of each category hold something unread (snoozed ones wait off the
/// count), in `Category::ALL`'s order, every category listed.
pub async fn unread_by_category(db: &mut DbConn, user_id: i64) -> AppResult<Vec<(Category, i64)>> {
    let rows: Vec<(Option<Category>, i64)> =
        sqlx::query_as("SELECT category, unread FROM notification_unread WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&mut *db)
            .await?;
    Ok(Category::ALL
        .into_iter()
        .map(|c| {
            let n = rows
                .iter()
                .filter(|(k, _)| *k == Some(c))
                .map(|(_, n)| *n)
                .sum();
            (c, n)
        })
        .collect())
}

/// The tracks the user's feed has notifications about (not counting snoozed ones), by
/// title; at most `limit`.
pub async fn tracks_in_feed(
    db: &mut DbConn,
    user_id: i64,
    limit: i64,
) -> AppResult<Vec<TrackChoice>> {
    Ok(sqlx::query_as(
        "SELECT t.id, t.title FROM tracks t
         WHERE t.id IN (SELECT DISTINCT track_id FROM notification_groups
                        WHERE recipient_id = $1 AND snoozed_until IS NULL AND track_id IS NOT NULL)
         ORDER BY LOWER(t.title), t.id LIMIT $2",
    )
    .bind(user_id)
    .bind(limit.clamp(1, 1_000))
    .fetch_all(&mut *db)
    .await?)
}

/// Whether the user has notifications about `track` (what filtering by it needs).
pub async fn has_track(db: &mut DbConn, user_id: i64, track: i64) -> AppResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM notification_groups WHERE recipient_id = $1 AND track_id = $2 LIMIT 1",
    )
    .bind(user_id)
    .bind(track)
    .fetch_optional(&mut *db)
    .await?;
    Ok(found.is_some())
}

/// The notifications of one of the user's groups, newest first, `before` a notification
/// id. Someone else's or a missing group is simply empty.
pub async fn group_items(
    pool: &DbPool,
    user_id: i64,
    group_id: i64,
    before: Option<i64>,
    limit: i64,
) -> AppResult<FeedPage> {
    let limit = limit.clamp(1, 100);
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE n.group_id = $1 AND n.recipient_id = $2 AND n.dismissed_at IS NULL AND n.id < $3
         ORDER BY n.id DESC LIMIT $4"
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
async fn state_of(db: &mut DbConn, user_id: i64, id: i64) -> AppResult<(bool, i64)> {
    let row: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT read_at, group_id FROM notifications WHERE id = $1 AND recipient_id = $2 AND dismissed_at IS NULL",
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
pub async fn mark_read(db: &mut DbConn, user_id: i64, id: i64, now: i64) -> AppResult<Option<i64>> {
    let (unread, group) = state_of(db, user_id, id).await?;
    if !unread {
        return Ok(None);
    }
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *db)
        .await?;
    groups::one_read(db, user_id, group).await?;
    Ok(Some(group))
}

/// Marks every unread notification of the user read; returns how many changed. On
/// SQLite they are found through the groups that hold something unread (each group keeps
/// its count), so it keeps no index of unread rows per person, which every fan-out paid
/// for with a page written per recipient; PostgreSQL reads its index of them (measured:
/// its fan-outs did not gain from dropping it, and this read took longer without it).
pub async fn mark_all_read(db: &mut DbConn, user_id: i64, now: i64) -> AppResult<u64> {
    let unread = match Engine::of_conn(db) {
        Engine::Sqlite => {
            "group_id IN (SELECT id FROM notification_groups WHERE recipient_id = $2 AND unread > 0)
             AND recipient_id = $2"
        }
        Engine::Postgres => "recipient_id = $2",
    };
    let n = sqlx::query(&format!(
        "UPDATE notifications SET read_at = $1
         WHERE {unread} AND read_at IS NULL AND dismissed_at IS NULL"
    ))
    .bind(now)
    .bind(user_id)
    .execute(&mut *db)
    .await?
    .rows_affected();
    sqlx::query("UPDATE notification_groups SET unread = 0 WHERE recipient_id = $1 AND unread > 0")
        .bind(user_id)
        .execute(&mut *db)
        .await?;
    sqlx::query("UPDATE notification_unread SET unread = 0 WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *db)
        .await?;
    Ok(n)
}

/// Marks read the user's unread notifications about one invitation (it was answered, so
/// there is nothing left to look at); returns their ids and groups.
pub async fn read_for_invitation(
    db: &mut DbConn,
    user_id: i64,
    invitation_id: i64,
    now: i64,
) -> AppResult<Vec<(i64, i64)>> {
    let read: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE notifications SET read_at = $1
         WHERE recipient_id = $2 AND invitation_id = $3 AND read_at IS NULL AND dismissed_at IS NULL
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
pub async fn dismiss(db: &mut DbConn, user_id: i64, id: i64, now: i64) -> AppResult<i64> {
    let (unread, group) = state_of(db, user_id, id).await?;
    sqlx::query("UPDATE notifications SET dismissed_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *db)
        .await?;
    groups::one_dismissed(db, user_id, group, unread).await?;
    Ok(group)
}

/// One group of `category` has nothing unread left on the badge.
async fn decrement(db: &mut DbConn, user_id: i64, category: Category) -> AppResult<()> {
    adjust(db, user_id, category, -1).await
}

/// One group of `category` holds something unread again.
async fn increment(db: &mut DbConn, user_id: i64, category: Category) -> AppResult<()> {
    adjust(db, user_id, category, 1).await
}

/// `by` more (or fewer) groups of `category` hold something unread; never below zero.
async fn adjust(db: &mut DbConn, user_id: i64, category: Category, by: i64) -> AppResult<()> {
    let q = if by >= 0 {
        "INSERT INTO notification_unread (user_id, category, unread) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, category) DO UPDATE SET unread = notification_unread.unread + $3"
    } else {
        "UPDATE notification_unread SET unread = CASE WHEN unread > -$3 THEN unread + $3 ELSE 0 END
         WHERE user_id = $1 AND category = $2"
    };
    sqlx::query(q)
        .bind(user_id)
        .bind(category)
        .bind(by)
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// The user's notifications with id greater than `after`, oldest first (stream replay).
pub async fn since(
    pool: &DbPool,
    user_id: i64,
    after: i64,
    limit: i64,
) -> AppResult<Vec<Notification>> {
    let rows: Vec<Row> = sqlx::query_as(
        &format!("{SELECT} WHERE n.recipient_id = $1 AND n.id > $2 AND n.dismissed_at IS NULL ORDER BY n.id LIMIT $3"),
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
pub async fn unread_and_latest(db: &mut DbConn, user_id: i64) -> AppResult<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT CAST(COALESCE((SELECT SUM(unread) FROM notification_unread WHERE user_id = $1), 0) AS BIGINT),
                COALESCE((SELECT MAX(id) FROM notifications WHERE recipient_id = $1), 0)",
    )
    .bind(user_id)
    .fetch_one(&mut *db)
    .await?)
}

/// The newest notification id of the user (0 when none): where a fresh stream starts.
pub async fn latest_id(pool: &DbPool, user_id: i64) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar(
            "SELECT COALESCE(MAX(id), 0) FROM notifications WHERE recipient_id = $1",
        )
        .bind(user_id)
        .fetch_one(pool)
        .await?,
    )
}

/// Draws `count` consecutive notification ids, past every id ever used, and returns the
/// first. Ids are stream positions (Last-Event-ID), so they must become visible in the
/// order they are drawn: the transaction holds the write lock (`db::begin_write`) until it
/// commits, so a stream that has read up to an id never later finds a smaller one.
pub(super) async fn draw_ids(db: &mut DbConn, count: i64) -> AppResult<i64> {
    match Engine::of_conn(db) {
        Engine::Sqlite => {
            // AUTOINCREMENT keeps the highest id ever used in sqlite_sequence (its row
            // appears with the first notification ever written).
            let last: Option<i64> = sqlx::query_scalar(
                "UPDATE sqlite_sequence
                 SET seq = MAX(seq, (SELECT COALESCE(MAX(id), 0) FROM notifications)) + $1
                 WHERE name = 'notifications' RETURNING seq",
            )
            .bind(count)
            .fetch_optional(&mut *db)
            .await?;
            match last {
                Some(last) => Ok(last - count + 1),
                None => Ok(sqlx::query_scalar::<_, i64>(
                    "SELECT COALESCE(MAX(id), 0) + 1 FROM notifications",
                )
                .fetch_one(&mut *db)
                .await?),
            }
        }
        Engine::Postgres => {
            // Write transactions hold it already (`db::begin_write`); taken again here
            // in case one did not, so ids are never drawn outside it.
            crate::platform::db::take_write_lock(db).await?;
            let last: i64 = sqlx::query_scalar(
                "SELECT setval(pg_get_serial_sequence('notifications', 'id'),
                               nextval(pg_get_serial_sequence('notifications', 'id')) + $1 - 1)",
            )
            .bind(count)
            .fetch_one(&mut *db)
            .await?;
            Ok(last - count + 1)
        }
    }
}

/// Writes `note` for each of `recipients` and counts it unread for them: where it
/// continues the recipient's newest run (same kind, same track) it joins that group,
/// otherwise it starts one; the badge rises only for a group that had nothing unread.
/// Those in `quiet` are in their quiet hours: the row says so. With `read_back`, returns
/// (recipient, notification id) in recipient order.
pub async fn insert(
    db: &mut DbConn,
    recipients: &[i64],
    note: &super::note::Note,
    now: i64,
    read_back: bool,
    quiet: &HashMap<i64, i64>,
) -> AppResult<Vec<(i64, i64)>> {
    if recipients.is_empty() {
        return Ok(Vec::new());
    }
    // (recipient, group, unread in it) for those whose newest run this continues.
    let continued = groups::continued_by(db, recipients, note).await?;
    // The ids these rows get, known up front (this transaction holds the write lock, and
    // ids only grow), so each row names its group as it is written: its own id when it
    // starts one.
    let first = draw_ids(db, recipients.len() as i64).await?;
    // [id, recipient, group, quiet]
    let rows: Vec<[i64; 4]> = recipients
        .iter()
        .enumerate()
        .map(|(i, user)| {
            let id = first + i as i64;
            let group = continued.get(user).map_or(id, |c| c.0);
            [id, *user, group, i64::from(quiet.contains_key(user))]
        })
        .collect();
    let mut q = Sql::new(
        Engine::of_conn(db),
        "INSERT INTO notifications (id, recipient_id, category, kind, priority, title, message, track_id,
                                    widget, actor_id, invitation_id, ticket_id, created_at, group_id, quiet,
                                    file_id, at_ms)
         SELECT r.id, r.recipient, ",
    );
    q.bind(note.kind.category())
        .push(", ")
        .bind(note.kind)
        .push(", ")
        .bind(if note.high_priority { "high" } else { "normal" })
        .push(", ")
        .bind(note.title.as_str())
        .push(", ")
        .bind(note.message.as_str())
        .push(", ")
        .bind(note.track_id)
        .push(", ")
        .bind(note.widget)
        .push(", ")
        .bind(note.actor_id)
        .push(", ")
        .bind(note.invitation_id)
        .push(", ")
        .bind(note.ticket_id)
        .push(", ")
        .bind(now)
        .push(", r.grp, r.quiet, ")
        .bind(note.cue.map(|c| c.file_id))
        .push(", ")
        .bind(note.cue.map(|c| c.at_ms))
        .push(" FROM ")
        .int_rows("r", ["id", "recipient", "grp", "quiet"], &rows);
    q.query().execute(&mut *db).await?;
    let started: Vec<[i64; 2]> = rows
        .iter()
        .filter(|[id, _, group, _]| id == group)
        .map(|[id, user, _, _]| [*user, *id])
        .collect();
    groups::start(db, &started, note).await?;
    let grown: Vec<[i64; 2]> = rows
        .iter()
        .filter(|[id, _, group, _]| id != group)
        .map(|[id, _, group, _]| [*group, *id])
        .collect();
    groups::grow(db, &grown, note.actor_id).await?;
    // The badge counts groups with something unread.
    let rising: Vec<[i64; 1]> = recipients
        .iter()
        .filter(|u| continued.get(u).is_none_or(|c| c.1 == 0))
        .map(|u| [*u])
        .collect();
    if !rising.is_empty() {
        let mut c = Sql::new(
            Engine::of_conn(db),
            "INSERT INTO notification_unread (user_id, category, unread) SELECT r.u, ",
        );
        // (`WHERE true`: SQLite reads an upsert after a SELECT only with a WHERE.)
        c.bind(note.kind.category()).push(", 1 FROM ").int_rows("r", ["u"], &rising).push(
            " WHERE true ON CONFLICT (user_id, category) DO UPDATE SET unread = notification_unread.unread + 1",
        );
        c.query().execute(&mut *db).await?;
    }
    let mut written: Vec<(i64, i64)> = if read_back {
        rows.iter().map(|[id, user, _, _]| (*user, *id)).collect()
    } else {
        Vec::new()
    };
    written.sort_unstable();
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notifications::note::Note;

    const NOW: i64 = 1_795_000_000_000;

    /// The per-category counters against what the groups hold, and the badge as their sum.
    async fn counters_hold(pool: &DbPool, user: i64) -> Vec<(Category, i64)> {
        let mut db = pool.acquire().await.unwrap();
        let kept = unread_by_category(&mut db, user).await.unwrap();
        let truth: Vec<(Category, i64)> = sqlx::query_as(
            "SELECT category, COUNT(*) FROM notification_groups
             WHERE recipient_id = $1 AND unread > 0 AND snoozed_until IS NULL GROUP BY category",
        )
        .bind(user)
        .fetch_all(&mut *db)
        .await
        .unwrap();
        for (c, n) in &kept {
            let t = truth.iter().find(|(k, _)| k == c).map_or(0, |(_, n)| *n);
            assert_eq!(*n, t, "{c:?}");
        }
        let sum: i64 = kept.iter().map(|(_, n)| n).sum();
        assert_eq!(unread_count(&mut db, user).await.unwrap(), sum);
        kept.into_iter().filter(|(_, n)| *n > 0).collect()
    }

    async fn write(pool: &DbPool, user: i64, kind: Kind) -> i64 {
        let mut db = pool.acquire().await.unwrap();
        let note = Note::new(kind, "t", "m");
        insert(&mut db, &[user], &note, NOW, true, &HashMap::new())
            .await
            .unwrap()[0]
            .1
    }

    crate::platform::testdb::db_test! {
        async fn per_category_counters_follow_every_write_that_moves_the_badge(pool: DbPool) {
            let user = crate::auth::store::test_user(&pool, "c@example.com", true, NOW).await;
            let comment = write(&pool, user, Kind::CommentAdded).await;
            let comment2 = write(&pool, user, Kind::CommentAdded).await;
            let due = write(&pool, user, Kind::DueSoon).await;
            let invite = write(&pool, user, Kind::InvitationReceived).await;
            let reply = write(&pool, user, Kind::SupportReply).await;
            let alert = write(&pool, user, Kind::PasswordChanged).await;
            let c = |k: Kind| k.category();
            let total = |held: &[(Category, i64)]| held.iter().map(|(_, n)| n).sum::<i64>();
            assert_eq!(total(&counters_hold(&pool, user).await), 6);
            let mut db = pool.acquire().await.unwrap();
            mark_read(&mut db, user, comment, NOW).await.unwrap();
            counters_hold(&pool, user).await;
            dismiss_group(&mut db, user, invite, NOW).await.unwrap();
            counters_hold(&pool, user).await;
            dismiss(&mut db, user, alert, NOW).await.unwrap();
            counters_hold(&pool, user).await;
            snooze(&mut db, user, due, NOW + 60_000).await.unwrap();
            let held = counters_hold(&pool, user).await;
            assert!(held.iter().all(|(k, _)| *k != c(Kind::DueSoon)), "{held:?}");
            wake_snoozed(&mut db, NOW + 60_000).await.unwrap();
            assert_eq!(total(&counters_hold(&pool, user).await), 3);
            read_group(&mut db, user, comment2, NOW).await.unwrap();
            counters_hold(&pool, user).await;
            read_group(&mut db, user, reply, NOW).await.unwrap();
            counters_hold(&pool, user).await;
            mark_all_read(&mut db, user, NOW).await.unwrap();
            assert!(counters_hold(&pool, user).await.is_empty());
            drop(db);
            write(&pool, user, Kind::StageChanged).await;
            assert_eq!(counters_hold(&pool, user).await, [(c(Kind::StageChanged), 1)]);
            let mut db = pool.acquire().await.unwrap();
            regroup(&mut db).await.unwrap();
            assert_eq!(counters_hold(&pool, user).await, [(c(Kind::StageChanged), 1)]);
        }
    }
    crate::platform::testdb::db_test! {
        /// Mark all as read finds the unread rows through the groups that hold them: a
        /// group partly read, a snoozed one; not a dismissed row, not someone else's.
        async fn mark_all_read_marks_exactly_the_persons_unread_rows(pool: DbPool) {
            let user = crate::auth::store::test_user(&pool, "m@example.com", true, NOW).await;
            let other = crate::auth::store::test_user(&pool, "o@example.com", true, NOW).await;
            let first = write(&pool, user, Kind::CommentAdded).await;
            write(&pool, user, Kind::CommentAdded).await;
            let due = write(&pool, user, Kind::DueSoon).await;
            write(&pool, user, Kind::SupportReply).await;
            let alert = write(&pool, user, Kind::PasswordChanged).await;
            let theirs = write(&pool, other, Kind::CommentAdded).await;
            let mut db = pool.acquire().await.unwrap();
            mark_read(&mut db, user, first, NOW).await.unwrap();
            snooze(&mut db, user, due, NOW + 60_000).await.unwrap();
            dismiss(&mut db, user, alert, NOW).await.unwrap();
            assert_eq!(mark_all_read(&mut db, user, NOW + 1).await.unwrap(), 3);
            let unread: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM notifications WHERE read_at IS NULL ORDER BY id",
            )
            .fetch_all(&mut *db)
            .await
            .unwrap();
            assert_eq!(unread, [alert, theirs]);
            assert_eq!(mark_all_read(&mut db, user, NOW + 2).await.unwrap(), 0);
            drop(db);
            assert!(counters_hold(&pool, user).await.is_empty());
            assert_eq!(counters_hold(&pool, other).await.len(), 1);
        }
    }

    crate::platform::testdb::db_test! {
        async fn fan_outs_group_as_regrouping_from_the_data_would(pool: DbPool) {
            let mut people = Vec::new();
            for name in ["a", "b", "c", "x", "y", "z"] {
                people.push(
                    crate::auth::store::test_user(&pool, &format!("{name}@example.com"), true, NOW).await,
                );
            }
            let [a, b, c, x, y, z] = people[..] else { unreachable!() };
            let mut db = pool.acquire().await.unwrap();
            let mut tracks = Vec::new();
            for _ in 0..2 {
                tracks.push(
                    sqlx::query_scalar::<_, i64>(
                        "INSERT INTO tracks (owner_id, title, created_at, updated_at) VALUES ($1, 'T', $2, $2) RETURNING id",
                    )
                    .bind(a)
                    .bind(NOW)
                    .fetch_one(&mut *db)
                    .await
                    .unwrap(),
                );
            }
            let comment = |track: i64, actor: i64| {
                Note::new(Kind::CommentAdded, "t", "m").on_track(track).by(actor)
            };
            let none = HashMap::new();
            // Runs that grow by several people, one broken by another track, one by
            // another kind; a read in the middle of a run.
            let writes: Vec<(Vec<i64>, Note)> = vec![
                (vec![a, b, c], comment(tracks[0], x)),
                (vec![a, b], comment(tracks[0], y)),
                (vec![b], comment(tracks[1], x)),
                (vec![a, b, c], comment(tracks[0], x)),
                (vec![a, c], comment(tracks[0], z)),
                (vec![c], Note::new(Kind::DueSoon, "t", "m").on_track(tracks[0])),
                (vec![a, b, c], comment(tracks[0], y)),
                (vec![a], comment(tracks[0], x)),
            ];
            for (i, (to, note)) in writes.iter().enumerate() {
                let written = insert(&mut db, to, note, NOW + i as i64, true, &none).await.unwrap();
                if i == 3 {
                    mark_read(&mut db, a, written[0].1, NOW + 10).await.unwrap();
                }
            }
            let groups = "SELECT id, recipient_id, kind, track_id, latest_id, size, unread, actor_a,
                                 actor_b, more_actors FROM notification_groups ORDER BY id";
            type Group = (i64, i64, String, Option<i64>, i64, i64, i64, Option<i64>, Option<i64>, i64);
            let written: Vec<Group> = sqlx::query_as(groups).fetch_all(&mut *db).await.unwrap();
            assert_eq!(written.len(), 7, "{written:?}");
            type Counts = (i64, i64, Option<i64>, Option<i64>, i64);
            let of_a: Vec<Counts> = written
                .iter()
                .filter(|g| g.1 == a)
                .map(|g| (g.5, g.6, g.7, g.8, g.9))
                .collect();
            assert_eq!(of_a, [(6, 5, Some(x), Some(y), 1)], "size, unread, actors");
            regroup(&mut db).await.unwrap();
            let regrouped: Vec<Group> = sqlx::query_as(groups).fetch_all(&mut *db).await.unwrap();
            assert_eq!(written, regrouped);
            drop(db);
            for person in [a, b, c] {
                counters_hold(&pool, person).await;
            }
        }
    }
}

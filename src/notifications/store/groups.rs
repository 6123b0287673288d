//! SQL for the runs of notifications the feed shows as one row: consecutive
//! notifications of the same kind on the same track, per recipient. A group keeps its
//! size, unread count, newest notification and two of its people, so the feed and the
//! badge (which counts groups with something unread) never count rows.

use super::{decrement, increment, Row, SELECT};
use crate::error::{AppError, AppResult};
use crate::notifications::kinds::Kind;
use crate::notifications::note::Note;
use crate::notifications::{Category, Notification};
use crate::platform::db::{DbConn, DbPool, Engine, Sql};
use std::collections::HashMap;

/// For the `recipients` whose newest group `note` continues (same groupable kind, same
/// track): recipient → (group, unread in it).
pub(super) async fn continued_by(
    db: &mut DbConn,
    recipients: &[i64],
    note: &Note,
) -> AppResult<HashMap<i64, (i64, i64)>> {
    let Some(track) = note.track_id.filter(|_| Kind::GROUPED.contains(&note.kind)) else {
        return Ok(HashMap::new());
    };
    let recipients: Vec<[i64; 1]> = recipients.iter().map(|u| [*u]).collect();
    let engine = Engine::of_conn(db);
    let mut q = Sql::new(engine, "SELECT r.u, g.id, g.unread FROM ");
    q.int_rows("r", ["u"], &recipients);
    // Each recipient's newest group, found through their place in the feed's index.
    // PostgreSQL is told so (LATERAL): given the join, its planner scanned every group of
    // the kind and track instead (117 ms for 9,000 people in the benchmark).
    q.push(match engine {
        Engine::Postgres => {
            " CROSS JOIN LATERAL (SELECT id, unread, kind, track_id FROM notification_groups
                                   WHERE recipient_id = r.u AND snoozed_until IS NULL
                                   ORDER BY position DESC LIMIT 1) g"
        }
        Engine::Sqlite => {
            " JOIN notification_groups g
                 ON g.id = (SELECT id FROM notification_groups WHERE recipient_id = r.u AND snoozed_until IS NULL
                            ORDER BY position DESC LIMIT 1)"
        }
    });
    q.push(" WHERE g.kind = ")
        .bind(note.kind)
        .push(" AND g.track_id = ")
        .bind(track);
    let rows: Vec<(i64, i64, i64)> = q.query_as().fetch_all(&mut *db).await?;
    Ok(rows
        .into_iter()
        .map(|(u, g, unread)| (u, (g, unread)))
        .collect())
}

/// The notifications in `started` ([recipient, id] of each, of `note`) start a group each.
pub(super) async fn start(db: &mut DbConn, started: &[[i64; 2]], note: &Note) -> AppResult<()> {
    if started.is_empty() {
        return Ok(());
    }
    let mut q = Sql::new(
        Engine::of_conn(db),
        "INSERT INTO notification_groups (id, recipient_id, kind, category, track_id, latest_id, size, unread, actor_a, position)
         SELECT r.id, r.u, ",
    );
    q.bind(note.kind)
        .push(", ")
        .bind(note.kind.category())
        .push(", ")
        .bind(note.track_id)
        .push(", r.id, 1, 1, ")
        .bind(note.actor_id)
        .push(", r.id FROM ")
        .int_rows("r", ["u", "id"], started);
    q.query().execute(&mut *db).await?;
    Ok(())
}

/// The groups in `grown` ([group, id] of each: the notification of `actor` it just got,
/// the newest it holds, as ids only grow) each got one more unread notification.
pub(super) async fn grow(db: &mut DbConn, grown: &[[i64; 2]], actor: Option<i64>) -> AppResult<()> {
    if grown.is_empty() {
        return Ok(());
    }
    let mut q = Sql::new(
        Engine::of_conn(db),
        "UPDATE notification_groups SET size = size + 1, unread = unread + 1, latest_id = r.n,
             actor_a = COALESCE(actor_a, ",
    );
    // The actor, once per use (a builder's parameters are positional).
    q.bind(actor)
        .push("), actor_b = CASE WHEN actor_a IS NOT NULL AND actor_a IS DISTINCT FROM ")
        .bind(actor)
        .push(" AND actor_b IS NULL THEN ")
        .bind(actor)
        .push(" ELSE actor_b END, more_actors = CASE WHEN ")
        .bind(actor)
        .push(" IS NOT NULL AND actor_a IS NOT NULL AND actor_a IS DISTINCT FROM ")
        .bind(actor)
        .push(" AND actor_b IS NOT NULL AND actor_b IS DISTINCT FROM ")
        .bind(actor)
        .push(" THEN 1 ELSE more_actors END FROM ")
        .int_rows("r", ["g", "n"], grown)
        .push(" WHERE notification_groups.id = r.g");
    q.query().execute(&mut *db).await?;
    Ok(())
}

/// One notification of `group` was read: the badge drops when the group has none left
/// (a snoozed group is not on the badge: nothing to take off it).
pub(super) async fn one_read(db: &mut DbConn, user_id: i64, group: i64) -> AppResult<()> {
    let left: Option<(Option<i64>, Category)> = sqlx::query_as(
        "UPDATE notification_groups SET unread = unread - 1 WHERE id = $1 AND unread > 0
         RETURNING CASE WHEN snoozed_until IS NULL THEN unread END, category",
    )
    .bind(group)
    .fetch_optional(&mut *db)
    .await?;
    if let Some((Some(0), category)) = left {
        decrement(db, user_id, category).await?;
    }
    Ok(())
}

/// One notification of `group` was dismissed (`unread`: it was unread): the group
/// shrinks (or goes), its newest is the newest left, and the badge follows.
pub(super) async fn one_dismissed(
    db: &mut DbConn,
    user_id: i64,
    group: i64,
    unread: bool,
) -> AppResult<()> {
    let latest: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM notifications WHERE group_id = $1 AND dismissed_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(group)
    .fetch_optional(&mut *db)
    .await?;
    // What the group still holds unread, if it is on the badge (not snoozed).
    let left: Option<(Option<i64>, Category)> = match latest {
        None => {
            sqlx::query_as(
                "DELETE FROM notification_groups WHERE id = $1
             RETURNING CASE WHEN snoozed_until IS NULL THEN 0 END, category",
            )
            .bind(group)
            .fetch_optional(&mut *db)
            .await?
        }
        Some(latest) => sqlx::query_as(
            "UPDATE notification_groups SET size = size - 1, latest_id = $1, unread = unread - $2
             WHERE id = $3 RETURNING CASE WHEN snoozed_until IS NULL THEN unread END, category",
        )
        .bind(latest)
        .bind(unread as i64)
        .bind(group)
        .fetch_optional(&mut *db)
        .await?,
    };
    if let (true, Some((Some(0), category))) = (unread, left) {
        decrement(db, user_id, category).await?;
    }
    Ok(())
}

/// The group as one row of the feed (its newest notification), if it is the user's and
/// still has one.
pub async fn group_row(
    db: &mut DbConn,
    user_id: i64,
    group: i64,
) -> AppResult<Option<Notification>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE n.id = (SELECT latest_id FROM notification_groups WHERE id = $1 AND recipient_id = $2)"
    ))
    .bind(group)
    .bind(user_id)
    .fetch_optional(&mut *db)
    .await?;
    Ok(row.map(Notification::from))
}

fn not_found() -> AppError {
    AppError::not_found("This notification does not exist or was dismissed.")
}

/// The unread count the badge holds for one of the user's groups (0 while snoozed), and
/// its category; 404 when the group is not theirs or gone.
async fn owned(db: &mut DbConn, user_id: i64, group: i64) -> AppResult<(i64, Category)> {
    sqlx::query_as(
        "SELECT CASE WHEN snoozed_until IS NULL THEN unread ELSE 0 END, category FROM notification_groups
         WHERE id = $1 AND recipient_id = $2",
    )
    .bind(group)
    .bind(user_id)
    .fetch_optional(&mut *db)
    .await?
    .ok_or_else(not_found)
}

/// Marks every notification of one of the user's groups read; returns their ids.
pub async fn read_group(
    db: &mut DbConn,
    user_id: i64,
    group: i64,
    now: i64,
) -> AppResult<Vec<i64>> {
    let (unread, category) = owned(db, user_id, group).await?;
    if unread == 0 {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = sqlx::query_scalar(
        "UPDATE notifications SET read_at = $1
         WHERE group_id = $2 AND recipient_id = $3 AND read_at IS NULL AND dismissed_at IS NULL RETURNING id",
    )
    .bind(now)
    .bind(group)
    .bind(user_id)
    .fetch_all(&mut *db)
    .await?;
    sqlx::query("UPDATE notification_groups SET unread = 0 WHERE id = $1")
        .bind(group)
        .execute(&mut *db)
        .await?;
    decrement(db, user_id, category).await?;
    Ok(ids)
}

/// Dismisses every notification of one of the user's groups (404 when not theirs).
pub async fn dismiss_group(db: &mut DbConn, user_id: i64, group: i64, now: i64) -> AppResult<()> {
    let (unread, category) = owned(db, user_id, group).await?;
    sqlx::query(
        "UPDATE notifications SET dismissed_at = $1 WHERE group_id = $2 AND recipient_id = $3 AND dismissed_at IS NULL",
    )
    .bind(now)
    .bind(group)
    .bind(user_id)
    .execute(&mut *db)
    .await?;
    sqlx::query("DELETE FROM notification_groups WHERE id = $1")
        .bind(group)
        .execute(&mut *db)
        .await?;
    if unread > 0 {
        decrement(db, user_id, category).await?;
    }
    Ok(())
}

/// Whether some notifications have no group yet (written before groups existed).
async fn needs_regroup(pool: &DbPool) -> AppResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM notifications WHERE group_id IS NULL AND dismissed_at IS NULL LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// Groups notifications written before groups existed (once, at start-up).
pub async fn regroup_if_needed(pool: &DbPool) -> AppResult<bool> {
    if !needs_regroup(pool).await? {
        return Ok(false);
    }
    let mut tx = crate::platform::db::begin_write(pool).await?;
    regroup(&mut tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Groups every notification from scratch, from the data alone (the same runs the
/// writes make one by one), and sets every badge to the groups with something unread.
pub async fn regroup(db: &mut DbConn) -> AppResult<()> {
    let grouped = Kind::GROUPED
        .iter()
        .map(|k| format!("'{}'", k.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::query(&format!(
        "WITH marked AS (
             SELECT id, recipient_id,
                    CASE WHEN track_id IS NOT NULL AND kind IN ({grouped})
                              AND kind = LAG(kind) OVER w AND track_id = LAG(track_id) OVER w
                         THEN 0 ELSE 1 END AS starts
             FROM notifications WHERE dismissed_at IS NULL
             WINDOW w AS (PARTITION BY recipient_id ORDER BY id)
         ), runs AS (
             SELECT id, recipient_id,
                    SUM(starts) OVER (PARTITION BY recipient_id ORDER BY id ROWS UNBOUNDED PRECEDING) AS run
             FROM marked
         ), firsts AS (
             SELECT id, MIN(id) OVER (PARTITION BY recipient_id, run) AS first FROM runs
         )
         UPDATE notifications SET group_id = firsts.first FROM firsts WHERE notifications.id = firsts.id"
    ))
    .execute(&mut *db)
    .await?;
    for sql in [
        "UPDATE notifications SET group_id = id WHERE group_id IS NULL",
        "DELETE FROM notification_groups",
        "INSERT INTO notification_groups (id, recipient_id, kind, category, track_id, latest_id, size, unread, more_actors, position)
         SELECT group_id, MIN(recipient_id), MIN(kind), MIN(category), MIN(track_id), MAX(id), COUNT(*), COUNT(CASE WHEN read_at IS NULL THEN 1 END),
                CASE WHEN COUNT(DISTINCT actor_id) > 2 THEN 1 ELSE 0 END, group_id
         FROM notifications WHERE dismissed_at IS NULL GROUP BY group_id",
        // Its people as the writes name them: whoever came first, then the next other one.
        "UPDATE notification_groups SET actor_a = (SELECT actor_id FROM notifications WHERE id = notification_groups.id)",
        "UPDATE notification_groups SET actor_b = (
             SELECT n.actor_id FROM notifications n
             WHERE n.group_id = notification_groups.id AND n.dismissed_at IS NULL
               AND n.actor_id IS NOT NULL AND n.actor_id IS DISTINCT FROM notification_groups.actor_a
             ORDER BY n.id LIMIT 1)
         WHERE size > 1",
        "DELETE FROM notification_unread",
        "INSERT INTO notification_unread (user_id, category, unread)
         SELECT recipient_id, category, COUNT(*) FROM notification_groups
         WHERE unread > 0 AND snoozed_until IS NULL AND category IS NOT NULL
         GROUP BY recipient_id, category",
    ] {
        sqlx::query(sql).execute(&mut *db).await?;
    }
    Ok(())
}

/// Takes one of the user's groups out of the feed and off the badge until `until`
/// (404 when not theirs). Snoozing a snoozed group moves its time.
pub async fn snooze(db: &mut DbConn, user_id: i64, group: i64, until: i64) -> AppResult<()> {
    let (counted, category) = owned(db, user_id, group).await?;
    sqlx::query("UPDATE notification_groups SET snoozed_until = $1 WHERE id = $2")
        .bind(until)
        .bind(group)
        .execute(&mut *db)
        .await?;
    if counted > 0 {
        decrement(db, user_id, category).await?;
    }
    Ok(())
}

/// Brings back every group whose snooze ended by `now`: unread (all of it), at the top
/// of its owner's feed, on the badge. Each comes back once: the same transaction clears
/// its snooze. Returns (group, owner) of each.
pub async fn wake_snoozed(db: &mut DbConn, now: i64) -> AppResult<Vec<(i64, i64)>> {
    let due: Vec<(i64, i64, Category)> = sqlx::query_as(
        "SELECT id, recipient_id, category FROM notification_groups
         WHERE snoozed_until IS NOT NULL AND snoozed_until <= $1 ORDER BY snoozed_until, id",
    )
    .bind(now)
    .fetch_all(&mut *db)
    .await?;
    for (group, user, category) in &due {
        // A place after everything so far, from the notifications' own id sequence.
        let position = super::draw_ids(db, 1).await?;
        sqlx::query(
            "UPDATE notifications SET read_at = NULL WHERE group_id = $1 AND dismissed_at IS NULL",
        )
        .bind(group)
        .execute(&mut *db)
        .await?;
        sqlx::query(
            "UPDATE notification_groups SET snoozed_until = NULL, position = $1, unread = size WHERE id = $2",
        )
        .bind(position)
        .bind(group)
        .execute(&mut *db)
        .await?;
        increment(db, *user, *category).await?;
    }
    Ok(due
        .into_iter()
        .map(|(group, user, _)| (group, user))
        .collect())
}

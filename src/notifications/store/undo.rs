//! SQL for taking triage back: restoring what was dismissed (an Undo, or the Dismissed
//! view's Restore), marking unread again what Mark all as read changed, ending a snooze
//! early; the Dismissed view itself, and the purge of what was dismissed 30 days ago.
//! Each changes exactly what its action changed, and says so (409) when that was changed
//! again elsewhere.

use super::{adjust, increment, Row, SELECT};
use crate::error::{AppError, AppResult};
use crate::notifications::{Category, Notification};
use crate::platform::db::{DbConn, DbPool, Engine, Sql};

/// How long dismissed notifications are kept (listed in the Dismissed view) before the
/// purge removes them.
pub const KEPT_DISMISSED_MS: i64 = 30 * 24 * 3_600_000;

fn gone() -> AppError {
    AppError::not_found("This notification does not exist or is no longer kept.")
}

fn changed_since() -> AppError {
    AppError::conflict("Nothing to undo: this was changed since, here or in another window.")
}

/// Brings back one of the user's dismissed notifications into its group (the group comes
/// back where it was if it had gone). 404 when not theirs or purged; 409 when it is not
/// dismissed. Returns its group.
pub async fn restore(db: &mut DbConn, user_id: i64, id: i64) -> AppResult<i64> {
    let group: Option<i64> = sqlx::query_scalar(
        "UPDATE notifications SET dismissed_at = NULL
         WHERE id = $1 AND recipient_id = $2 AND dismissed_at IS NOT NULL
         RETURNING COALESCE(group_id, id)",
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(&mut *db)
    .await?;
    match group {
        Some(group) => {
            revive(db, user_id, group).await?;
            Ok(group)
        }
        None if owns(db, user_id, "id", id).await? => Err(AppError::conflict(
            "This notification is in your activity already.",
        )),
        None => Err(gone()),
    }
}

/// Undoes dismissing a group at `at`: brings back what that dismissal took (not what was
/// dismissed before it). 404 when not theirs; 409 when nothing of it is dismissed any
/// more. Returns how many came back.
pub async fn restore_group(db: &mut DbConn, user_id: i64, group: i64, at: i64) -> AppResult<u64> {
    let back = sqlx::query(
        "UPDATE notifications SET dismissed_at = NULL
         WHERE recipient_id = $1 AND group_id = $2 AND dismissed_at = $3",
    )
    .bind(user_id)
    .bind(group)
    .bind(at)
    .execute(&mut *db)
    .await?
    .rows_affected();
    if back == 0 {
        return Err(if owns(db, user_id, "group_id", group).await? {
            changed_since()
        } else {
            gone()
        });
    }
    revive(db, user_id, group).await?;
    Ok(back)
}

/// Undoes Mark all as read (`at`: the time it answered with): what it marked read and is
/// still read from then, and not dismissed since, is unread again. 409 when nothing is.
/// Returns how many.
pub async fn unread_again(db: &mut DbConn, user_id: i64, at: i64) -> AppResult<u64> {
    let groups: Vec<i64> = sqlx::query_scalar(
        "UPDATE notifications SET read_at = NULL
         WHERE recipient_id = $1 AND read_at = $2 AND dismissed_at IS NULL
         RETURNING COALESCE(group_id, id)",
    )
    .bind(user_id)
    .bind(at)
    .fetch_all(&mut *db)
    .await?;
    if groups.is_empty() {
        return Err(changed_since());
    }
    let n = groups.len() as u64;
    let mut groups = groups;
    groups.sort_unstable();
    groups.dedup();
    recount(db, user_id, &groups).await?;
    Ok(n)
}

/// Undoes a snooze (`until`: the time it was snoozed until): the group is back where it
/// was, on the badge if it holds something unread. 404 when not theirs; 409 when it is
/// not snoozed until then any more (it came back, or was snoozed again).
pub async fn unsnooze(db: &mut DbConn, user_id: i64, group: i64, until: i64) -> AppResult<()> {
    let back: Option<(i64, Category)> = sqlx::query_as(
        "UPDATE notification_groups SET snoozed_until = NULL
         WHERE id = $1 AND recipient_id = $2 AND snoozed_until = $3 RETURNING unread, category",
    )
    .bind(group)
    .bind(user_id)
    .bind(until)
    .fetch_optional(&mut *db)
    .await?;
    match back {
        Some((unread, category)) => {
            if unread > 0 {
                increment(db, user_id, category).await?;
            }
            Ok(())
        }
        None => {
            let theirs: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM notification_groups WHERE id = $1 AND recipient_id = $2",
            )
            .bind(group)
            .bind(user_id)
            .fetch_optional(&mut *db)
            .await?;
            Err(if theirs.is_some() {
                changed_since()
            } else {
                gone()
            })
        }
    }
}

/// The user's notifications dismissed since `since`, newest first, `before` a
/// notification id (keyset pagination); one more than `limit` tells there are more.
pub async fn dismissed(
    pool: &DbPool,
    user_id: i64,
    since: i64,
    before: Option<i64>,
    limit: i64,
) -> AppResult<Vec<Notification>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE n.recipient_id = $1 AND n.dismissed_at IS NOT NULL AND n.dismissed_at >= $2
                    AND n.id < $3
         ORDER BY n.id DESC LIMIT $4"
    ))
    .bind(user_id)
    .bind(since)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    // A dismissed row speaks for itself, not for the group it was in.
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut n = Notification::from(r);
            n.group.title = None;
            n.group.size = 1;
            n
        })
        .collect())
}

/// Removes notifications dismissed before `before`, at most `batch` at a time; returns
/// how many went.
pub async fn purge_dismissed(pool: &DbPool, before: i64, batch: i64) -> AppResult<u64> {
    Ok(sqlx::query(
        "DELETE FROM notifications WHERE id IN (
             SELECT id FROM notifications WHERE dismissed_at IS NOT NULL AND dismissed_at < $1
             ORDER BY dismissed_at LIMIT $2)",
    )
    .bind(before)
    .bind(batch)
    .execute(pool)
    .await?
    .rows_affected())
}

/// Whether the user has a notification whose `column` is `value`.
async fn owns(db: &mut DbConn, user_id: i64, column: &str, value: i64) -> AppResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT 1 FROM notifications WHERE {column} = $1 AND recipient_id = $2 LIMIT 1"
    ))
    .bind(value)
    .bind(user_id)
    .fetch_optional(&mut *db)
    .await?;
    Ok(found.is_some())
}

/// Makes the group's row what its notifications now say (written anew, at its first
/// notification's place, if it had gone), and the badge with it.
async fn revive(db: &mut DbConn, user_id: i64, group: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO notification_groups (id, recipient_id, kind, category, track_id, latest_id, size, unread,
                                          actor_a, more_actors, position)
         SELECT $1, MIN(recipient_id), MIN(kind), MIN(category), MIN(track_id), MAX(id), COUNT(*), 0,
                (SELECT actor_id FROM notifications WHERE id = $1),
                CASE WHEN COUNT(DISTINCT actor_id) > 2 THEN 1 ELSE 0 END, $1
         FROM notifications WHERE group_id = $1 AND dismissed_at IS NULL
         GROUP BY group_id
         ON CONFLICT (id) DO UPDATE SET latest_id = excluded.latest_id, size = excluded.size,
                                        more_actors = excluded.more_actors",
    )
    .bind(group)
    .execute(&mut *db)
    .await?;
    sqlx::query(
        "UPDATE notification_groups SET actor_b = (
             SELECT n.actor_id FROM notifications n
             WHERE n.group_id = notification_groups.id AND n.dismissed_at IS NULL
               AND n.actor_id IS NOT NULL AND n.actor_id IS DISTINCT FROM notification_groups.actor_a
             ORDER BY n.id LIMIT 1)
         WHERE id = $1",
    )
    .bind(group)
    .execute(&mut *db)
    .await?;
    recount(db, user_id, &[group]).await
}

/// Counts again what each of the user's `groups` holds unread, and moves the badge's
/// counters by what changed (a snoozed group stays off them).
async fn recount(db: &mut DbConn, user_id: i64, groups: &[i64]) -> AppResult<()> {
    let engine = Engine::of_conn(db);
    let on_badge = async |db: &mut DbConn| -> AppResult<Vec<(Category, i64)>> {
        let mut q = Sql::new(
            engine,
            "SELECT category, COUNT(*) FROM notification_groups
             WHERE unread > 0 AND snoozed_until IS NULL AND recipient_id = ",
        );
        q.bind(user_id)
            .push(" AND id")
            .is_in(groups)
            .push(" GROUP BY category");
        Ok(q.query_as().fetch_all(&mut *db).await?)
    };
    let before = on_badge(db).await?;
    let mut q = Sql::new(
        engine,
        "UPDATE notification_groups SET unread = (
             SELECT COUNT(*) FROM notifications n
             WHERE n.group_id = notification_groups.id AND n.read_at IS NULL AND n.dismissed_at IS NULL)
         WHERE recipient_id = ",
    );
    q.bind(user_id).push(" AND id").is_in(groups);
    q.query().execute(&mut *db).await?;
    let after = on_badge(db).await?;
    for category in Category::ALL {
        let of = |counts: &[(Category, i64)]| {
            counts
                .iter()
                .find(|(c, _)| *c == category)
                .map_or(0, |(_, n)| *n)
        };
        let moved = of(&after) - of(&before);
        if moved != 0 {
            adjust(db, user_id, category, moved).await?;
        }
    }
    Ok(())
}

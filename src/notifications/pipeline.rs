//! The notification pipeline. A domain action calls `emit` inside the unit of work that
//! changes the data; `emit` leaves out the actor and whoever muted the track (for what
//! muting holds back), asks each recipient's preferences, writes the notification rows
//! and unread counters and queues the emails (holding them, and any pop-up, while a
//! recipient is in quiet hours; gathering them for whoever asked for a digest), and tells the unit of work whose streams to wake:
//! nothing is pushed before commit.

pub use super::note::Note;
use crate::error::AppResult;
use crate::platform::db::Work;

/// Writes `note` for every recipient except the actor whose preferences let it through;
/// returns how many got it.
pub async fn emit(work: &mut Work, recipients: &[i64], note: &Note) -> AppResult<usize> {
    let now = work.now;
    let db = work.db();
    let mut ids: Vec<i64> = recipients
        .iter()
        .copied()
        .filter(|id| Some(*id) != note.actor_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    // Those who muted its track do not hear of it (from this event on).
    if let Some(track) = note.track_id.filter(|_| note.mutable()) {
        let muted = super::store::mutes::muted_by(db, track).await?;
        if !muted.is_empty() {
            ids.retain(|u| muted.binary_search(u).is_err());
        }
    }
    let delivery = super::preferences::decide(db, &ids, note.kind, note.high_priority, now).await?;
    let allowed = delivery.in_app;
    // In quiet hours nothing pops up but high-priority items: the row is marked quiet
    // (no desktop notification) and its email waits until the quiet hours end.
    let quiet = if note.high_priority {
        Default::default()
    } else {
        delivery.quiet
    };
    // (recipient, notification id), read back only when emails will point at them.
    let emailed = !delivery.email.is_empty() || !delivery.digest.is_empty();
    let written = super::store::insert(db, &allowed, note, now, emailed, &quiet).await?;
    let notification_of = |user: &i64| {
        written
            .binary_search_by_key(user, |(u, _)| *u)
            .ok()
            .map(|i| written[i].1)
    };
    // Email that waits for a digest: queued with its row in the feed (read there, it is
    // left out of the digest).
    let waiting: Vec<[i64; 3]> = delivery
        .digest
        .iter()
        .map(|(user, due)| [*user, notification_of(user).unwrap_or(0), *due])
        .collect();
    super::store::digests::queue(db, &waiting, note, now).await?;
    // Email, through the outbox, in this same transaction.
    let body = super::email::body(&note.message, note.track_id, note.widget, note.cue);
    for (user, to) in &delivery.email {
        let notification_id = notification_of(user);
        crate::platform::mail::enqueue_at(
            db,
            crate::platform::mail::Mail {
                user_id: Some(*user),
                to,
                subject: &note.title,
                body: body.clone(),
                notification_id,
            },
            now,
            quiet.get(user).copied().unwrap_or(now),
        )
        .await?;
    }
    work.wake(&allowed);
    Ok(allowed.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notifications::kinds::Kind;
    use crate::platform::db::DbPool;
    use crate::platform::hub::Push;
    use crate::platform::AppState;

    const NOW: i64 = 1_795_000_000_000;

    async fn user(pool: &DbPool, email: &str, verified: bool) -> i64 {
        crate::auth::store::test_user(pool, email, verified, NOW).await
    }

    async fn count(pool: &DbPool, sql: &str, user: i64) -> i64 {
        sqlx::query_scalar(sql)
            .bind(user)
            .fetch_one(pool)
            .await
            .unwrap()
    }

    crate::platform::testdb::db_test! {
        async fn emit_leaves_out_the_actor_follows_preferences_and_publishes_only_on_commit(
            pool: DbPool,
        ) {
            let state = AppState::for_tests(pool.clone(), NOW);
            let actor = user(&pool, "actor@example.com", true).await;
            let wants_all = user(&pool, "all@example.com", true).await;
            let unverified = user(&pool, "new@example.com", false).await;
            let quiet = user(&pool, "quiet@example.com", true).await;
            // `quiet` turned comments off in the app.
            let mut prefs = crate::notifications::preferences::Preferences::default();
            prefs.track.set_option("comments", false);
            let mut conn = pool.acquire().await.unwrap();
            crate::notifications::preferences::store::save(&mut conn, quiet, &prefs, NOW)
                .await
                .unwrap();
            // The other two asked for track activity by email too.
            let mut by_email = crate::notifications::preferences::Preferences::default();
            by_email.track.email = true;
            for u in [wants_all, unverified] {
                crate::notifications::preferences::store::save(&mut conn, u, &by_email, NOW)
                    .await
                    .unwrap();
            }
            drop(conn);
            let mut streams = [wants_all, unverified, quiet, actor].map(|u| state.hub.subscribe(u));
            let note = Note::new(Kind::CommentAdded, "New comment", "Hi").by(actor);
            let everyone = [actor, wants_all, unverified, quiet, wants_all];

            // Rolled back: nothing written, nobody woken.
            let mut work = Work::begin(&state).await.unwrap();
            assert_eq!(emit(&mut work, &everyone, &note).await.unwrap(), 2);
            drop(work);
            assert!(streams.iter_mut().all(|s| s.try_recv().is_err()));
            let unread = "SELECT COUNT(*) FROM notifications WHERE recipient_id = $1";
            assert_eq!(count(&pool, unread, wants_all).await, 0);

            // Committed: the two who want it get one row each, the counter, a wake-up.
            let mut work = Work::begin(&state).await.unwrap();
            assert_eq!(emit(&mut work, &everyone, &note).await.unwrap(), 2);
            work.commit().await.unwrap();
            for (i, got) in [true, true, false, false].into_iter().enumerate() {
                assert_eq!(
                    streams[i].try_recv().ok() == Some(Push::Wake),
                    got,
                    "stream {i}"
                );
            }
            assert_eq!(count(&pool, unread, wants_all).await, 1);
            assert_eq!(count(&pool, unread, unverified).await, 1);
            assert_eq!(count(&pool, unread, quiet).await, 0);
            assert_eq!(count(&pool, unread, actor).await, 0);
            let counter = "SELECT CAST(SUM(unread) AS BIGINT) FROM notification_unread WHERE user_id = $1";
            assert_eq!(count(&pool, counter, wants_all).await, 1);
            // Email only to a verified address.
            let mails = "SELECT COUNT(*) FROM email_outbox WHERE user_id = $1";
            assert_eq!(count(&pool, mails, wants_all).await, 1);
            assert_eq!(count(&pool, mails, unverified).await, 0);
            assert_eq!(count(&pool, mails, quiet).await, 0);
        }
    }
    crate::platform::testdb::db_test! {
        async fn quiet_hours_hold_pop_ups_and_email_but_not_high_priority(pool: DbPool) {
            // NOW is 11:06:40 UTC; 12:06:40 in Berlin (winter time).
            let state = AppState::for_tests(pool.clone(), NOW);
            let resting = user(&pool, "resting@example.com", true).await;
            let awake = user(&pool, "awake@example.com", true).await;
            let mut prefs = crate::notifications::preferences::Preferences::default();
            prefs.track.email = true;
            let mut conn = pool.acquire().await.unwrap();
            crate::notifications::preferences::store::save(&mut conn, awake, &prefs, NOW)
                .await
                .unwrap();
            prefs.quiet_hours = Some(crate::notifications::preferences::QuietHours {
                start: "12:00".into(),
                end: "13:30".into(),
                zone: "Europe/Berlin".into(),
            });
            crate::notifications::preferences::store::save(&mut conn, resting, &prefs, NOW)
                .await
                .unwrap();
            drop(conn);
            let mut work = Work::begin(&state).await.unwrap();
            let note = Note::new(Kind::StageChanged, "Moved", "To editing");
            emit(&mut work, &[resting, awake], &note).await.unwrap();
            let urgent = Note::new(Kind::Overdue, "Overdue", "Past its date");
            emit(&mut work, &[resting], &urgent).await.unwrap();
            work.commit().await.unwrap();
            let rows: Vec<(i64, String, i64)> =
                sqlx::query_as("SELECT recipient_id, kind, quiet FROM notifications ORDER BY id")
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            assert_eq!(
                rows,
                [
                    (resting, "stage_changed".to_string(), 1),
                    (awake, "stage_changed".to_string(), 0),
                    (resting, "overdue".to_string(), 0)
                ]
            );
            // The quiet one's email waits for 13:30 Berlin (12:30 UTC); the others go now.
            let mails: Vec<(i64, String, i64)> = sqlx::query_as(
                "SELECT user_id, subject, next_attempt_at FROM email_outbox ORDER BY id",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            let half_past_twelve_utc = NOW - (6 * 60 + 40) * 1000 + 90 * 60_000;
            assert_eq!(
                mails,
                [
                    (resting, "Moved".to_string(), half_past_twelve_utc),
                    (awake, "Moved".to_string(), NOW),
                    (resting, "Overdue".to_string(), NOW)
                ]
            );
        }
    }
    crate::platform::testdb::db_test! {
        /// Fan-outs larger than any statement's parameter list: each recipient gets one
        /// row, joins their own group or starts one, and the badge rises only where the
        /// group had nothing unread; preferences and email addresses of everyone count.
        async fn a_large_fan_out_writes_each_recipient_once_and_keeps_groups_and_badges(
            pool: DbPool,
        ) {
            const PEOPLE: i64 = 1_500;
            let state = AppState::for_tests(pool.clone(), NOW);
            sqlx::query(
                "WITH RECURSIVE seq(n) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT n + 1 FROM seq WHERE n < $1)
                 INSERT INTO users (email, display_name, password_hash, email_verified_at, created_at, updated_at)
                 SELECT 'p' || n || '@example.com', 'P' || n, 'x', $2, $2, $2 FROM seq",
            )
            .bind(PEOPLE)
            .bind(NOW)
            .execute(&pool)
            .await
            .unwrap();
            let people: Vec<i64> = sqlx::query_scalar("SELECT id FROM users ORDER BY id")
                .fetch_all(&pool)
                .await
                .unwrap();
            let actor = people[0];
            let track: i64 = sqlx::query_scalar(
                "INSERT INTO tracks (owner_id, title, created_at, updated_at) VALUES ($1, 'T', $2, $2) RETURNING id",
            )
            .bind(actor)
            .bind(NOW)
            .fetch_one(&pool)
            .await
            .unwrap();
            // One turned comments off, one wants them by email.
            let (silent, mailed) = (people[1_200], people[1_300]);
            let mut conn = pool.acquire().await.unwrap();
            let mut prefs = crate::notifications::preferences::Preferences::default();
            prefs.track.set_option("comments", false);
            crate::notifications::preferences::store::save(&mut conn, silent, &prefs, NOW)
                .await
                .unwrap();
            let mut prefs = crate::notifications::preferences::Preferences::default();
            prefs.track.email = true;
            crate::notifications::preferences::store::save(&mut conn, mailed, &prefs, NOW)
                .await
                .unwrap();
            drop(conn);
            let note = Note::new(Kind::CommentAdded, "New comment", "Hi")
                .on_track(track)
                .by(actor);

            // The first thousand hear of a first comment; half of them read it.
            let mut work = Work::begin(&state).await.unwrap();
            assert_eq!(emit(&mut work, &people[..1_000], &note).await.unwrap(), 999);
            work.commit().await.unwrap();
            let read = people[500];
            sqlx::query("UPDATE notifications SET read_at = $1 WHERE recipient_id <= $2")
                .bind(NOW)
                .bind(read)
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query("UPDATE notification_groups SET unread = 0 WHERE recipient_id <= $1")
                .bind(read)
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query("UPDATE notification_unread SET unread = 0 WHERE user_id <= $1")
                .bind(read)
                .execute(&pool)
                .await
                .unwrap();

            // A second comment to everyone.
            let mut work = Work::begin(&state).await.unwrap();
            assert_eq!(
                emit(&mut work, &people, &note).await.unwrap(),
                PEOPLE as usize - 2
            );
            work.commit().await.unwrap();

            // Per person: rows, distinct groups, the group's size and unread, the badge.
            let per: Vec<(i64, i64, i64, i64, i64, i64)> = sqlx::query_as(
                "SELECT n.recipient_id, COUNT(*), COUNT(DISTINCT n.group_id), MAX(g.size), MAX(g.unread),
                        MAX(c.unread)
                 FROM notifications n JOIN notification_groups g ON g.id = n.group_id
                 LEFT JOIN notification_unread c ON c.user_id = n.recipient_id
                 GROUP BY n.recipient_id ORDER BY n.recipient_id",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            assert_eq!(per.len(), PEOPLE as usize - 2);
            for (user, rows, groups, size, unread, badge) in per {
                assert!(user != actor && user != silent, "{user}");
                let expected = if user < people[1_000] {
                    (2, 1, 2, if user <= read { 1 } else { 2 }, 1)
                } else {
                    (1, 1, 1, 1, 1)
                };
                assert_eq!((rows, groups, size, unread, badge), expected, "person {user}");
            }
            // The second fan-out's ids are consecutive, one per recipient.
            let (low, high, n): (i64, i64, i64) = sqlx::query_as(
                "SELECT MIN(id), MAX(id), COUNT(*) FROM notifications WHERE id > (SELECT MAX(id) - $1 FROM notifications)",
            )
            .bind(PEOPLE - 2)
            .fetch_one(&pool)
            .await
            .unwrap();
            assert_eq!((high - low + 1, n), (PEOPLE - 2, PEOPLE - 2));
            let mails: Vec<(i64, Option<i64>)> =
                sqlx::query_as("SELECT user_id, notification_id FROM email_outbox ORDER BY id")
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            let newest: i64 = sqlx::query_scalar(
                "SELECT MAX(id) FROM notifications WHERE recipient_id = $1",
            )
            .bind(mailed)
            .fetch_one(&pool)
            .await
            .unwrap();
            assert_eq!(mails, [(mailed, Some(newest))]);
        }
    }
}

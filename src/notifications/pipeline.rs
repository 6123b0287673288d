//! The notification pipeline. A domain action calls `emit` inside the unit of work that
//! changes the data; `emit` leaves out the actor, asks each recipient's preferences,
//! writes the notification rows and unread counters and queues the emails, and tells
//! the unit of work whose streams to wake: nothing is pushed before commit.

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
    let delivery = super::preferences::decide(db, &ids, note.kind).await?;
    let allowed = delivery.in_app;
    // (recipient, notification id), read back only when emails will point at them.
    let written = super::store::insert(db, &allowed, note, now, !delivery.email.is_empty()).await?;
    // Email, through the outbox, in this same transaction.
    let body = super::email::body(&note.message, note.track_id, note.widget);
    for (user, to) in &delivery.email {
        let notification_id = written
            .binary_search_by_key(user, |(u, _)| *u)
            .ok()
            .map(|i| written[i].1);
        crate::platform::mail::enqueue(
            db,
            crate::platform::mail::Mail {
                user_id: Some(*user),
                to,
                subject: &note.title,
                body: body.clone(),
                notification_id,
            },
            now,
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
    use crate::platform::hub::Push;
    use crate::platform::AppState;
    use sqlx::SqlitePool;

    const NOW: i64 = 1_795_000_000_000;

    async fn user(pool: &SqlitePool, email: &str, verified: bool) -> i64 {
        crate::auth::store::test_user(pool, email, verified, NOW).await
    }

    async fn count(pool: &SqlitePool, sql: &str, user: i64) -> i64 {
        sqlx::query_scalar(sql)
            .bind(user)
            .fetch_one(pool)
            .await
            .unwrap()
    }

    #[sqlx::test(migrator = "crate::platform::db::MIGRATOR")]
    async fn emit_leaves_out_the_actor_follows_preferences_and_publishes_only_on_commit(
        pool: SqlitePool,
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
        let unread = "SELECT COUNT(*) FROM notifications WHERE recipient_id = ?";
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
        let counter = "SELECT unread FROM notification_counters WHERE user_id = ?";
        assert_eq!(count(&pool, counter, wants_all).await, 1);
        // Email only to a verified address.
        let mails = "SELECT COUNT(*) FROM email_outbox WHERE user_id = ?";
        assert_eq!(count(&pool, mails, wants_all).await, 1);
        assert_eq!(count(&pool, mails, unverified).await, 0);
        assert_eq!(count(&pool, mails, quiet).await, 0);
    }
}

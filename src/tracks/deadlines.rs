//! Due-date reminders, run by the background task. For everyone on a track with a due
//! date that is not yet published (or archived):
//! - a reminder the chosen number of days before (1, 3 or 7, from each person's
//!   preferences), high priority once the track is due within 24 hours;
//! - an alert the day after the due date passes;
//! - from the day after that, one overdue notice a day.
//!
//! Each is recorded in `deadline_notices` under (track, user, kind, due date,
//! occurrence) before it is sent, inside the same transaction: a second run, a restart
//! or a second instance sends nothing twice, and moving the due date re-arms them.
//! Its SQL is in `store/deadlines.rs`.

use super::days_until;
use super::store::deadlines as store;
use crate::error::AppResult;
use crate::notifications::kinds::Kind;
use crate::notifications::pipeline::{self, Note};
use crate::notifications::preferences::store as prefs;
use crate::platform::db::Work;

const DAY_MS: i64 = 24 * 3600 * 1000;

/// Milliseconds from `now` to the end (UTC) of `due` (`YYYY-MM-DD`).
fn until_end_of(due: &str, now: i64) -> Option<i64> {
    let date = chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").ok()?;
    let end = date.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis() + DAY_MS;
    Some(end - now)
}

fn due_phrase(days: i64) -> String {
    match days {
        0 => "is due today".into(),
        1 => "is due tomorrow".into(),
        n => format!("is due in {n} days"),
    }
}

/// One pass at the unit of work's time; returns how many were notified.
pub async fn run(work: &mut Work) -> AppResult<usize> {
    let now = work.now;
    let day = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap_or_default()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string()
    };
    let (today, yesterday, horizon) = (day(now), day(now - DAY_MS), day(now + 7 * DAY_MS));
    let rows = store::waiting(work.db(), &horizon, &today, &yesterday).await?;
    let mut users: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    users.sort_unstable();
    users.dedup();
    let prefs = prefs::of(work.db(), &users).await?;
    let mut told = 0;
    for due in &rows {
        let Some(days) = days_until(&today, &due.due_date) else {
            continue;
        };
        let p = prefs.of(due.user_id);
        let note = if days >= 0 {
            if days > i64::from(p.reminder_days)
                || !store::first_time(work.db(), due, Kind::DueSoon, "", now).await?
            {
                continue;
            }
            let within_a_day = until_end_of(&due.due_date, now).is_some_and(|ms| ms <= DAY_MS);
            Note::new(
                Kind::DueSoon,
                format!("{} {}", due.title, due_phrase(days)),
                format!("Due {}.", due.due_date),
            )
            .high(within_a_day)
        } else if days == -1 {
            if !store::first_time(work.db(), due, Kind::DuePassed, "", now).await? {
                continue;
            }
            Note::new(
                Kind::DuePassed,
                format!("{} is past its due date", due.title),
                format!("It was due {} and is not published yet.", due.due_date),
            )
        } else {
            if !store::first_time(work.db(), due, Kind::Overdue, &today, now).await? {
                continue;
            }
            Note::new(
                Kind::Overdue,
                format!("{} is overdue", due.title),
                format!(
                    "Overdue by {} days (due {}). It needs attention.",
                    -days, due.due_date
                ),
            )
        };
        told += pipeline::emit(work, &[due.user_id], &note.on_track(due.track_id)).await?;
    }
    Ok(told)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::db::DbPool;
    use crate::platform::AppState;

    const NOW: i64 = 1_795_000_000_000;

    fn day(ms: i64) -> String {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string()
    }

    async fn pass(state: &AppState) -> usize {
        let mut work = Work::begin(state).await.unwrap();
        let told = run(&mut work).await.unwrap();
        work.commit().await.unwrap();
        told
    }

    crate::platform::testdb::db_test! {
        /// Everyone on the track hears "due soon" once, then "past its due date" once.
        async fn each_deadline_notice_comes_once_to_everyone_on_the_track(pool: DbPool) {
            let state = AppState::for_tests(pool.clone(), NOW);
            let mut ids = Vec::new();
            for email in ["owner@example.com", "member@example.com"] {
                ids.push(crate::auth::store::test_user(&pool, email, false, NOW).await);
            }
            let mut work = Work::begin(&state).await.unwrap();
            let new = crate::tracks::store::NewTrack {
                title: "Night Drive".into(),
                project_id: None,
                due_date: Some(day(NOW + 2 * DAY_MS)),
            };
            let track = crate::tracks::store::create_track(work.db(), ids[0], &new, NOW)
                .await
                .unwrap();
            sqlx::query("INSERT INTO track_members (track_id, user_id, permission, created_at) VALUES ($1, $2, 'view', $3)")
                .bind(track)
                .bind(ids[1])
                .bind(NOW)
                .execute(work.db())
                .await
                .unwrap();
            work.commit().await.unwrap();

            assert_eq!(pass(&state).await, 2, "due in two days: both hear of it");
            assert_eq!(pass(&state).await, 0, "and only once");
            state.clock.advance(3 * DAY_MS);
            assert_eq!(
                pass(&state).await,
                2,
                "a day past: both hear that it passed"
            );
            assert_eq!(pass(&state).await, 0);
            let kinds: Vec<String> =
                sqlx::query_scalar("SELECT kind FROM notifications WHERE recipient_id = $1 ORDER BY id")
                    .bind(ids[1])
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            assert_eq!(kinds, ["due_soon", "due_passed"]);
        }
    }
}

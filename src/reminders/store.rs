//! Reminders in the database.

use super::{Reminder, NOTE_MAX};
use crate::error::{AppError, AppResult};
use crate::platform::db::{DbConn, DbPool};

const YEAR_MS: i64 = 366 * 24 * 3600 * 1000;

pub fn validate(remind_at: i64, note: &str, now: i64) -> AppResult<String> {
    if remind_at <= now {
        return Err(AppError::invalid(
            "Choose a time in the future for the reminder.",
        ));
    }
    if remind_at > now + 2 * YEAR_MS {
        return Err(AppError::invalid(
            "A reminder can be at most two years ahead.",
        ));
    }
    crate::text::optional(note, NOTE_MAX, crate::text::multiline)
        .map(Option::unwrap_or_default)
        .map_err(|p| {
            p.error(
                "A reminder note",
                "",
                &format!("A reminder note has at most {NOTE_MAX} characters."),
            )
        })
}

/// The user's reminders on a track that have not fired yet, soonest first.
pub async fn pending(pool: &DbPool, user_id: i64, track_id: i64) -> AppResult<Vec<Reminder>> {
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT id, track_id, remind_at, note FROM reminders
         WHERE user_id = $1 AND track_id = $2 AND fired_at IS NULL ORDER BY remind_at, id",
    )
    .bind(user_id)
    .bind(track_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, track_id, remind_at, note)| Reminder {
            id,
            track_id,
            remind_at,
            note,
        })
        .collect())
}

pub async fn create(
    db: &mut DbConn,
    user_id: i64,
    track_id: i64,
    remind_at: i64,
    note: &str,
    now: i64,
) -> AppResult<i64> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM reminders WHERE user_id = $1 AND track_id = $2 AND fired_at IS NULL",
    )
    .bind(user_id)
    .bind(track_id)
    .fetch_one(&mut *db)
    .await?;
    if n >= 20 {
        return Err(AppError::conflict(
            "You already have 20 reminders on this track. Delete one first.",
        ));
    }
    Ok(sqlx::query_scalar("INSERT INTO reminders (user_id, track_id, remind_at, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(user_id)
        .bind(track_id)
        .bind(remind_at)
        .bind(note)
        .bind(now)
        .fetch_one(&mut *db)
        .await?)
}

fn gone() -> AppError {
    AppError::not_found("This reminder does not exist or has already gone off.")
}

/// Changes one of the user's reminders that has not fired (404 otherwise).
pub async fn update(
    db: &mut DbConn,
    user_id: i64,
    id: i64,
    remind_at: i64,
    note: &str,
) -> AppResult<()> {
    let n = sqlx::query("UPDATE reminders SET remind_at = $1, note = $2 WHERE id = $3 AND user_id = $4 AND fired_at IS NULL")
        .bind(remind_at)
        .bind(note)
        .bind(id)
        .bind(user_id)
        .execute(&mut *db)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(gone());
    }
    Ok(())
}

pub async fn delete(db: &mut DbConn, user_id: i64, id: i64) -> AppResult<()> {
    let n =
        sqlx::query("DELETE FROM reminders WHERE id = $1 AND user_id = $2 AND fired_at IS NULL")
            .bind(id)
            .bind(user_id)
            .execute(&mut *db)
            .await?
            .rows_affected();
    if n == 0 {
        return Err(gone());
    }
    Ok(())
}

/// A reminder that came due, claimed for firing.
pub struct Due {
    pub user_id: i64,
    pub track_id: i64,
    pub note: String,
    pub track_title: String,
}

/// Claims every reminder due at `now`, each exactly once (the `fired_at IS NULL` claim
/// makes a second run, or a second instance, a no-op).
pub async fn claim_due(db: &mut DbConn, now: i64) -> AppResult<Vec<Due>> {
    let due: Vec<(i64, i64, i64, String, String)> = sqlx::query_as(
        "UPDATE reminders SET fired_at = $1 WHERE fired_at IS NULL AND remind_at <= $1
         RETURNING id, user_id, track_id, note,
                   (SELECT title FROM tracks WHERE tracks.id = reminders.track_id)",
    )
    .bind(now)
    .fetch_all(&mut *db)
    .await?;
    Ok(due
        .into_iter()
        .map(|(_, user_id, track_id, note, track_title)| Due {
            user_id,
            track_id,
            note,
            track_title,
        })
        .collect())
}

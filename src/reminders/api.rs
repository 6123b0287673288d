//! Server functions for a person's own reminders.

#[cfg(feature = "ssr")]
use super::store;
use super::Reminder;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user's pending reminders on a track.
#[server(endpoint = "reminders/list")]
pub async fn list_reminders(track_id: i64) -> Result<Vec<Reminder>, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut conn = state.pool.acquire().await?;
    crate::tracks::store::require(
        &mut conn,
        user.id,
        track_id,
        crate::tracks::store::Need::Read,
    )
    .await?;
    store::pending(&state.pool, user.id, track_id).await
}

/// Sets a reminder on a track (any member may remind themselves, viewers included).
#[server(endpoint = "reminders/create")]
pub async fn create_reminder(track_id: i64, remind_at: i64, note: String) -> Result<i64, AppError> {
    use crate::tracks::store::{require, Need};
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        let note = store::validate(remind_at, &note, now)?;
        require(work.db(), user.id, track_id, Need::Read).await?;
        store::create(work.db(), user.id, track_id, remind_at, &note, now).await
    })
    .await
}

#[server(endpoint = "reminders/update")]
pub async fn update_reminder(id: i64, remind_at: i64, note: String) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let note = store::validate(remind_at, &note, work.now)?;
        store::update(work.db(), user.id, id, remind_at, &note).await
    })
    .await
}

#[server(endpoint = "reminders/delete")]
pub async fn delete_reminder(id: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| store::delete(work.db(), user.id, id).await)
        .await
}

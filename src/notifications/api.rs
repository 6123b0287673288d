//! Server functions for the feed and the header badges.

use super::FeedPage;
use crate::error::AppError;
use leptos::prelude::*;

/// A page of the feed, newest first, before the notification id `before`.
#[server(endpoint = "notifications/feed")]
pub async fn get_feed(before: Option<i64>) -> Result<FeedPage, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    super::store::page(&state.pool, user.id, before, super::PAGE_SIZE).await
}

#[cfg(feature = "ssr")]
async fn change(
    f: impl AsyncFnOnce(
        &mut sqlx::SqliteConnection,
        i64,
        i64,
    ) -> Result<Option<crate::notifications::live::Change>, AppError>,
) -> Result<(), AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut tx = crate::platform::db::begin_write(&state.pool).await?;
    let pushed = f(&mut tx, user.id, state.clock.now_ms()).await?;
    tx.commit().await?;
    if let Some(c) = pushed {
        state.hub.change(user.id, c);
    }
    Ok(())
}

/// Marks one notification read (404 when it is not the user's, missing or dismissed).
#[server(endpoint = "notifications/read")]
pub async fn mark_read(id: i64) -> Result<(), AppError> {
    use crate::notifications::live::Change;
    change(async move |db, user, now| {
        let was_unread = super::store::mark_read(db, user, id, now).await?;
        Ok(was_unread.then(|| Change::Read(vec![id])))
    })
    .await
}

/// Marks every notification read.
#[server(endpoint = "notifications/read_all")]
pub async fn mark_all_read() -> Result<(), AppError> {
    change(async move |db, user, now| {
        super::store::mark_all_read(db, user, now).await?;
        Ok(Some(crate::notifications::live::Change::AllRead))
    })
    .await
}

/// Dismisses one notification without opening it.
#[server(endpoint = "notifications/dismiss")]
pub async fn dismiss(id: i64) -> Result<(), AppError> {
    change(async move |db, user, now| {
        super::store::dismiss(db, user, id, now).await?;
        Ok(Some(crate::notifications::live::Change::Dismissed(id)))
    })
    .await
}

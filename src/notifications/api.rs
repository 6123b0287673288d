//! Server functions for the feed: a page of it, mark read, mark all read, dismiss.

#[cfg(feature = "ssr")]
use super::live::Change;
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

/// Marks one notification read (404 when it is not the user's, missing or dismissed).
#[server(endpoint = "notifications/read")]
pub async fn mark_read(id: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        if super::store::mark_read(work.db(), user.id, id, now).await? {
            work.push(user.id, &Change::Read(vec![id]));
        }
        Ok(())
    })
    .await
}

/// Marks every notification read.
#[server(endpoint = "notifications/read_all")]
pub async fn mark_all_read() -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        super::store::mark_all_read(work.db(), user.id, now).await?;
        work.push(user.id, &Change::AllRead);
        Ok(())
    })
    .await
}

/// Dismisses one notification without opening it.
#[server(endpoint = "notifications/dismiss")]
pub async fn dismiss(id: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        super::store::dismiss(work.db(), user.id, id, now).await?;
        work.push(user.id, &Change::Dismissed(id));
        Ok(())
    })
    .await
}

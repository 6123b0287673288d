//! Server functions for the feed and the header badges.

use super::{Badges, FeedPage};
use crate::error::AppError;
use leptos::prelude::*;

/// Both header badges in one request: unread notifications and pending invitations.
#[server(endpoint = "notifications/badges")]
pub async fn get_badges() -> Result<Badges, AppError> {
    let user = crate::auth::session::require_user().await?;
    let state = crate::server::AppState::get()?;
    Ok(Badges {
        unread: super::store::unread_count(&state.pool, user.id).await?,
        invites: crate::invitations::store::pending_count(&state.pool, user.id).await?,
    })
}

/// A page of the feed, newest first, before the notification id `before`.
#[server(endpoint = "notifications/feed")]
pub async fn get_feed(before: Option<i64>) -> Result<FeedPage, AppError> {
    let user = crate::auth::session::require_user().await?;
    let state = crate::server::AppState::get()?;
    super::store::page(&state.pool, user.id, before, super::PAGE_SIZE).await
}

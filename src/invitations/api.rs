//! Server functions for invitations.

use super::Invite;
use crate::error::AppError;
use crate::tracks::SentInvite;
use leptos::prelude::*;

/// Invites the account with `email` to a track with a permission level.
#[server(endpoint = "invitations/create")]
pub async fn invite_collaborator(
    track_id: i64,
    email: String,
    permission: String,
) -> Result<SentInvite, AppError> {
    use crate::auth::session::require_user;
    use crate::server::{db::begin_write, AppState};
    use crate::tracks::{store as tracks, store::Need, Permission};
    let user = require_user().await?;
    let state = AppState::get()?;
    let email = crate::auth::validate_email(&email)?;
    let permission = Permission::parse(&permission).ok_or_else(|| {
        AppError::invalid("Choose a permission: view only, edit or full control.")
    })?;
    let mut tx = begin_write(&state.pool).await?;
    tracks::require(&mut tx, user.id, track_id, Need::Manage).await?;
    let now = state.clock.now_ms();
    let sent = super::store::create(&mut tx, track_id, user.id, &email, permission, now).await?;
    let told = super::store::notify_invitee(&mut tx, now, sent.id).await?;
    tx.commit().await?;
    told.publish(&state.hub);
    Ok(sent)
}

/// The signed-in user's pending invitations, most recent first.
#[server(endpoint = "invitations/pending")]
pub async fn get_pending_invites() -> Result<Vec<Invite>, AppError> {
    let user = crate::auth::session::require_user().await?;
    let state = crate::server::AppState::get()?;
    super::store::pending(&state.pool, user.id).await
}

/// Accepts one of the signed-in user's pending invitations; returns the track id.
#[server(endpoint = "invitations/accept")]
pub async fn accept_invitation(id: i64) -> Result<i64, AppError> {
    let user = crate::auth::session::require_user().await?;
    let state = crate::server::AppState::get()?;
    let mut tx = crate::server::db::begin_write(&state.pool).await?;
    let (track_id, told) = super::store::accept(&mut tx, user.id, id, state.clock.now_ms()).await?;
    tx.commit().await?;
    told.publish(&state.hub);
    // The invitee's own tabs: the invitations badge changed.
    state.hub.wake(&[user.id]);
    Ok(track_id)
}

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
    let sent = super::store::create(
        &mut tx,
        track_id,
        user.id,
        &email,
        permission,
        state.clock.now_ms(),
    )
    .await?;
    tx.commit().await?;
    Ok(sent)
}

/// The signed-in user's pending invitations, most recent first.
#[server(endpoint = "invitations/pending")]
pub async fn get_pending_invites() -> Result<Vec<Invite>, AppError> {
    let user = crate::auth::session::require_user().await?;
    let state = crate::server::AppState::get()?;
    super::store::pending(&state.pool, user.id).await
}

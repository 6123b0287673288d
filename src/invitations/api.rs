//! Server functions for invitations.

use super::Invite;
use crate::error::AppError;
use crate::tracks::SentInvite;
use leptos::prelude::*;

/// Invites `email` to a track with a permission level. The invitation belongs to the
/// account that has verified that address, now or once someone signs up and verifies it.
#[server(endpoint = "invitations/create")]
pub async fn invite_collaborator(
    track_id: i64,
    email: String,
    permission: String,
) -> Result<SentInvite, AppError> {
    use crate::auth::session::require_user;
    use crate::platform::{db::begin_write, AppState};
    use crate::tracks::{store as tracks, store::Need, Permission};
    let state = AppState::get()?;
    let user = require_user().await?;
    let email = crate::auth::validate_email(&email)?;
    let permission = Permission::parse(&permission).ok_or_else(|| {
        AppError::invalid("Choose a permission: view only, edit or full control.")
    })?;
    let mut tx = begin_write(&state.pool).await?;
    tracks::require(&mut tx, user.id, track_id, Need::Manage).await?;
    let now = state.clock.now_ms();
    let sent = super::store::create(&mut tx, track_id, user.id, &email, permission, now).await?;
    let (invitee, told) = super::store::announce(&mut tx, now, sent.id).await?;
    tx.commit().await?;
    told.publish(&state.hub);
    if let Some(invitee) = invitee {
        state.hub.change(invitee, invitation(sent.id, "pending"));
    }
    Ok(sent)
}

/// The signed-in user's pending invitations, most recent first.
#[server(endpoint = "invitations/pending")]
pub async fn get_pending_invites() -> Result<Vec<Invite>, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    super::store::pending(&state.pool, user.id).await
}

/// Accepts one of the signed-in user's pending invitations; returns the track id.
#[server(endpoint = "invitations/accept")]
pub async fn accept_invitation(id: i64) -> Result<i64, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut tx = crate::platform::db::begin_write(&state.pool).await?;
    let (track_id, told) = super::store::accept(
        &mut tx,
        user.id,
        id,
        state.clock.now_ms(),
        state.config.storage_quota_bytes,
    )
    .await?;
    tx.commit().await?;
    told.publish(&state.hub);
    state.sync.kick();
    // The invitee's own tabs: the invitations and the grid changed.
    state.hub.change(user.id, invitation(id, "accepted"));
    state
        .hub
        .change(user.id, crate::notifications::live::Change::Tracks);
    Ok(track_id)
}

/// Declines one of the signed-in user's pending invitations.
#[server(endpoint = "invitations/dismiss")]
pub async fn dismiss_invitation(id: i64) -> Result<(), AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::platform::db::in_write_tx(async |tx, user, state| {
        super::store::dismiss(tx, user.id, id, state.clock.now_ms()).await?;
        Ok(user.clone())
    })
    .await?;
    state.hub.change(user.id, invitation(id, "dismissed"));
    Ok(())
}

/// Withdraws a pending invitation to a track the signed-in user manages.
#[server(endpoint = "invitations/revoke")]
pub async fn revoke_invitation(id: i64) -> Result<(), AppError> {
    let state = crate::platform::AppState::get()?;
    let invitee = crate::platform::db::in_write_tx(async |tx, user, state| {
        super::store::revoke(tx, user.id, id, state.clock.now_ms()).await
    })
    .await?;
    // It disappears from the invitee's modal and badge, live.
    if let Some(invitee) = invitee {
        state.hub.change(invitee, invitation(id, "revoked"));
    }
    Ok(())
}

/// Removes a collaborator from a track (owner or full control).
#[server(endpoint = "collaborators/remove")]
pub async fn remove_collaborator(track_id: i64, user_id: i64) -> Result<(), AppError> {
    end_collaboration(track_id, Some(user_id)).await
}

/// The signed-in collaborator leaves a track shared with them.
#[server(endpoint = "collaborators/leave")]
pub async fn leave_track(track_id: i64) -> Result<(), AppError> {
    end_collaboration(track_id, None).await
}

#[cfg(feature = "ssr")]
async fn end_collaboration(track_id: i64, member: Option<i64>) -> Result<(), AppError> {
    use crate::notifications::live::Change;
    let state = crate::platform::AppState::get()?;
    let ((told, withdrawn), member, files) =
        crate::platform::db::in_write_tx(async |tx, user, state| {
            let member = member.unwrap_or(user.id);
            let files: Vec<i64> = sqlx::query_scalar("SELECT id FROM files WHERE track_id = ?")
                .bind(track_id)
                .fetch_all(&mut *tx)
                .await?;
            let now = state.clock.now_ms();
            let told = super::store::remove_member(tx, user.id, track_id, member, now).await?;
            Ok((told, member, files))
        })
        .await?;
    told.publish(&state.hub);
    // Their copies of the track's files go too.
    crate::tracks::sync::forget(&state, member, &files).await;
    // The former collaborator's grid loses the track in every tab.
    state.hub.change(member, Change::Tracks);
    // Invitations they sent are no longer acceptable: gone from their invitees' modals.
    for (id, invitee) in withdrawn {
        if let Some(invitee) = invitee {
            state.hub.change(invitee, invitation(id, "revoked"));
        }
    }
    Ok(())
}

#[cfg(feature = "ssr")]
fn invitation(id: i64, status: &str) -> crate::notifications::live::Change {
    crate::notifications::live::Change::Invitation {
        id,
        status: status.into(),
    }
}

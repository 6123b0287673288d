//! Server functions for invitations.

use super::Invite;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::notifications::InvitationStatus;
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
    use crate::tracks::{store as tracks, store::Need, Permission};
    let email = crate::auth::validate_email(&email)?;
    let permission = Permission::parse(&permission).ok_or_else(|| {
        AppError::invalid("Choose a permission: view only, edit or full control.")
    })?;
    crate::auth::session::in_work(async |work, user, _| {
        tracks::require(work.db(), user.id, track_id, Need::Manage).await?;
        let now = work.now;
        let sent =
            super::store::create(work.db(), track_id, user.id, &email, permission, now).await?;
        if let Some(invitee) = super::flow::announce(work, sent.id).await? {
            work.push(invitee, &invitation(sent.id, InvitationStatus::Pending));
        }
        Ok(sent)
    })
    .await
}

/// The signed-in user's pending invitations, most recent first.
#[server(endpoint = "invitations/pending")]
pub async fn get_pending_invites() -> Result<Vec<Invite>, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut db = state.pool.acquire().await?;
    super::store::pending(&mut db, user.id).await
}

/// Accepts one of the signed-in user's pending invitations; returns the track id.
#[server(endpoint = "invitations/accept")]
pub async fn accept_invitation(id: i64) -> Result<i64, AppError> {
    crate::auth::session::in_work(async |work, user, state| {
        let track_id =
            super::flow::accept(work, user.id, id, state.config.storage_quota_bytes).await?;
        super::flow::settle_notice(work, user.id, id).await?;
        // The new collaborator's copies of the track's files start syncing.
        work.signal(&state.sync);
        // The invitee's own tabs: the invitations and the grid changed.
        work.push(user.id, &invitation(id, InvitationStatus::Accepted));
        work.push(user.id, &crate::notifications::live::Change::Tracks);
        Ok(track_id)
    })
    .await
}

/// Declines one of the signed-in user's pending invitations.
#[server(endpoint = "invitations/dismiss")]
pub async fn dismiss_invitation(id: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        super::store::dismiss(work.db(), user.id, id, now).await?;
        super::flow::settle_notice(work, user.id, id).await?;
        work.push(user.id, &invitation(id, InvitationStatus::Dismissed));
        Ok(())
    })
    .await
}

/// Withdraws a pending invitation to a track the signed-in user manages.
#[server(endpoint = "invitations/revoke")]
pub async fn revoke_invitation(id: i64) -> Result<(), AppError> {
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        let invitee = super::store::revoke(work.db(), user.id, id, now).await?;
        // It disappears from the invitee's modal and badge, live.
        if let Some(invitee) = invitee {
            work.push(invitee, &invitation(id, InvitationStatus::Revoked));
        }
        Ok(())
    })
    .await
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
    let (member, files) = crate::auth::session::in_work(async |work, user, _| {
        let member = member.unwrap_or(user.id);
        let files = crate::tracks::store::files::ids(work.db(), track_id).await?;
        let withdrawn = super::flow::remove_member(work, user.id, track_id, member).await?;
        // The former collaborator's grid loses the track in every tab.
        work.push(member, &Change::Tracks);
        // Invitations they sent are no longer acceptable: gone from their invitees' modals.
        for (id, invitee) in withdrawn {
            if let Some(invitee) = invitee {
                work.push(invitee, &invitation(id, InvitationStatus::Revoked));
            }
        }
        Ok((member, files))
    })
    .await?;
    // Their copies of the track's files go too (after commit: files, not rows).
    crate::tracks::sync::forget(&state, member, &files).await;
    Ok(())
}

#[cfg(feature = "ssr")]
fn invitation(id: i64, status: InvitationStatus) -> crate::notifications::live::Change {
    crate::notifications::live::Change::Invitation { id, status }
}

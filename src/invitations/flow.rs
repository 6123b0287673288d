//! What sending, answering and ending a collaboration do: the change through the stores,
//! who hears of it and what they are told.

use super::store;
use crate::error::{AppError, AppResult};
use crate::notifications::kinds::Kind;
use crate::notifications::pipeline::{self, Note};
use crate::platform::db::Work;
use crate::platform::mail;
use crate::tracks::store as tracks;

/// Tells whoever should hear of a new invitation: the account that has verified the
/// address, in its feed (and by email as its preferences say); with no such account, the
/// address itself by email, so its owner can sign up and verify it. Returns who was
/// told in the app, if anyone.
pub async fn announce(work: &mut Work, invitation_id: i64) -> AppResult<Option<i64>> {
    let now = work.now;
    let n = store::notice(work.db(), invitation_id).await?;
    let access = n.permission.label().to_lowercase();
    let Some(invitee) = store::verified_owner(work.db(), &n.email).await? else {
        mail::enqueue(
            work.db(),
            mail::Mail {
                user_id: None,
                to: &n.email,
                subject: &format!("{} invited you to {}", n.inviter, n.title),
                body: format!(
                    "{} invited you to collaborate on {} on Producer Dashboard ({access}).\n\n\
                     To answer, create an account with this email address (or sign in, if you have one) and verify the address: {}/signup\n\n\
                     If you were not expecting this, you can ignore this email.\n",
                    mail::literal(&n.inviter),
                    mail::literal(&n.title),
                    mail::APP_URL,
                ),
                notification_id: None,
            },
            now,
        )
        .await?;
        return Ok(None);
    };
    let note = Note::new(
        Kind::InvitationReceived,
        format!("{} invited you to {}", n.inviter, n.title),
        format!("Join as a collaborator ({access})."),
    )
    .on_track(n.track_id)
    .by(n.inviter_id)
    .invitation(invitation_id);
    pipeline::emit(work, &[invitee], &note).await?;
    Ok(Some(invitee))
}

/// An address was just verified by `user_id`: the invitations waiting for it are theirs
/// now, and they hear of each.
pub async fn address_verified(work: &mut Work, user_id: i64) -> AppResult<()> {
    for id in store::waiting_for(work.db(), user_id).await? {
        announce(work, id).await?;
    }
    Ok(())
}

/// Accepts a pending invitation for the verified owner of its address: membership with
/// the permission the invitation offered (never one from the request), the track's files
/// queued for them (they must fit their storage, else the whole answer rolls back), and
/// an "accepted" notification to the inviter. A missing, foreign, no longer pending or
/// no longer valid (its sender lost the right to invite) invitation is 404.
pub async fn accept(
    work: &mut Work,
    user_id: i64,
    invitation_id: i64,
    quota: u64,
) -> AppResult<i64> {
    let now = work.now;
    let (track_id, inviter_id, permission) =
        store::mark_accepted(work.db(), user_id, invitation_id, now)
            .await?
            .ok_or_else(|| {
                AppError::not_found("This invitation does not exist or is no longer pending.")
            })?;
    crate::tracks::storage::ensure_track_fits(work.db(), user_id, track_id, quota).await?;
    tracks::add_member(work.db(), track_id, user_id, permission, now).await?;
    crate::tracks::store::sync::queue_track(work.db(), track_id, user_id, now).await?;
    let name = crate::auth::store::display_name(work.db(), user_id).await?;
    let title = tracks::title(work.db(), track_id).await?;
    let note = Note::new(
        Kind::InvitationAccepted,
        format!("{name} accepted your invitation"),
        format!("{name} is now collaborating on {title}."),
    )
    .on_track(track_id)
    .by(user_id)
    .invitation(invitation_id);
    pipeline::emit(work, &[inviter_id], &note).await?;
    Ok(track_id)
}

/// The invitee answered the invitation (accepted or declined, from the modal, the feed
/// or the grid): its notification has nothing left to ask, so it is read in every tab.
pub async fn settle_notice(work: &mut Work, user_id: i64, invitation_id: i64) -> AppResult<()> {
    let now = work.now;
    let ids =
        crate::notifications::store::read_for_invitation(work.db(), user_id, invitation_id, now)
            .await?;
    if !ids.is_empty() {
        let read = ids.iter().map(|(id, _)| *id).collect();
        work.push(user_id, &crate::notifications::live::Change::Read(read));
    }
    for (_, group) in ids {
        crate::notifications::api::tell_group(work, user_id, group).await?;
    }
    Ok(())
}

/// Ends `member_id`'s collaboration on a track. `actor_id == member_id` is leaving (any
/// collaborator may; the owner cannot); otherwise the actor must manage collaborators
/// and the member must be a collaborator (the owner cannot be removed). The removed
/// person and the owner hear of it (never the actor); the removed person's copies of
/// the track's files are dropped, and invitations they sent to it are withdrawn.
/// Returns the withdrawn invitations (with the account each belonged to).
pub async fn remove_member(
    work: &mut Work,
    actor_id: i64,
    track_id: i64,
    member_id: i64,
) -> AppResult<Vec<(i64, Option<i64>)>> {
    use crate::tracks::{store::Need, Role};
    let now = work.now;
    let leaving = actor_id == member_id;
    let need = if leaving { Need::Read } else { Need::Manage };
    let role = tracks::require(work.db(), actor_id, track_id, need).await?;
    if leaving && role == Role::Owner {
        return Err(AppError::invalid(
            "You own this track, so you cannot leave it.",
        ));
    }
    let owner_id = tracks::owner_of(work.db(), track_id).await?;
    if member_id == owner_id {
        return Err(AppError::forbidden("The track's owner cannot be removed."));
    }
    if !tracks::remove_member(work.db(), track_id, member_id).await? {
        return Err(AppError::not_found(
            "That person is not a collaborator on this track.",
        ));
    }
    let member = crate::auth::store::display_name(work.db(), member_id).await?;
    let actor = crate::auth::store::display_name(work.db(), actor_id).await?;
    let title = tracks::title(work.db(), track_id).await?;
    if !leaving {
        // The removed person can no longer open the track: the notice points nowhere.
        let note = Note::new(
            Kind::CollaboratorRemoved,
            format!("You were removed from {title}"),
            format!("{actor} removed you as a collaborator."),
        )
        .by(actor_id);
        pipeline::emit(work, &[member_id], &note).await?;
    }
    let head = if leaving {
        format!("{member} left {title}")
    } else {
        format!("{actor} removed {member} from {title}")
    };
    let body = format!("{member} is no longer collaborating on {title}.");
    let note = Note::new(Kind::CollaboratorRemoved, head, body)
        .on_track(track_id)
        .by(actor_id);
    pipeline::emit(work, &[owner_id], &note).await?;
    store::withdraw_sent_by(work.db(), member_id, track_id, now).await
}

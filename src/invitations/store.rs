//! SQL for invitations.

use super::Invite;
use crate::error::{AppError, AppResult};
use crate::tracks::{Permission, SentInvite};
use sqlx::{SqliteConnection, SqlitePool};

/// Creates a pending invitation from `inviter_id` to the account with `email`.
/// The caller has checked that the inviter may manage the track's collaborators.
pub async fn create(
    db: &mut SqliteConnection,
    track_id: i64,
    inviter_id: i64,
    email: &str,
    permission: Permission,
    now: i64,
) -> AppResult<SentInvite> {
    let invitee: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, display_name, email FROM users WHERE email = ?")
            .bind(email)
            .fetch_optional(&mut *db)
            .await?;
    let Some((invitee_id, invitee_name, invitee_email)) = invitee else {
        return Err(AppError::not_found(format!(
            "No Producer Dashboard account uses {email}. Ask them to sign up first, then invite them."
        )));
    };
    if invitee_id == inviter_id {
        return Err(AppError::invalid("You cannot invite yourself."));
    }
    let state: Option<&str> = sqlx::query_scalar::<_, String>(
        "SELECT 'owner' FROM tracks WHERE id = ?1 AND owner_id = ?2
         UNION ALL SELECT 'member' FROM track_members WHERE track_id = ?1 AND user_id = ?2
         UNION ALL SELECT 'invited' FROM invitations WHERE track_id = ?1 AND invitee_id = ?2 AND status = 'pending'",
    )
    .bind(track_id)
    .bind(invitee_id)
    .fetch_optional(&mut *db)
    .await?
    .map(|s| match s.as_str() {
        "owner" => "owner",
        "member" => "member",
        _ => "invited",
    });
    match state {
        Some("owner") => {
            return Err(AppError::conflict(format!(
                "{invitee_name} owns this track."
            )))
        }
        Some("member") => {
            return Err(AppError::conflict(format!(
                "{invitee_name} is already a collaborator on this track."
            )))
        }
        Some(_) => {
            return Err(AppError::conflict(format!(
                "{invitee_name} has already been invited to this track."
            )))
        }
        None => {}
    }
    let id = sqlx::query(
        "INSERT INTO invitations (track_id, inviter_id, invitee_id, permission, status, created_at)
         VALUES (?, ?, ?, ?, 'pending', ?)",
    )
    .bind(track_id)
    .bind(inviter_id)
    .bind(invitee_id)
    .bind(permission.as_str())
    .bind(now)
    .execute(&mut *db)
    .await?
    .last_insert_rowid();
    Ok(SentInvite {
        id,
        invitee_id,
        invitee_name,
        invitee_email,
        permission,
        created_at: now,
    })
}

pub async fn sent_for_track(
    db: &mut SqliteConnection,
    track_id: i64,
) -> AppResult<Vec<SentInvite>> {
    let rows: Vec<(i64, i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT i.id, u.id, u.display_name, u.email, i.permission, i.created_at
         FROM invitations i JOIN users u ON u.id = i.invitee_id
         WHERE i.track_id = ? AND i.status = 'pending' ORDER BY i.created_at DESC, i.id DESC",
    )
    .bind(track_id)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, invitee_id, invitee_name, invitee_email, p, created_at)| SentInvite {
                id,
                invitee_id,
                invitee_name,
                invitee_email,
                permission: Permission::parse(&p).unwrap_or(Permission::View),
                created_at,
            },
        )
        .collect())
}

pub async fn pending_count(pool: &SqlitePool, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM invitations WHERE invitee_id = ? AND status = 'pending'",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await?)
}

/// The user's pending invitations, most recent first.
pub async fn pending(pool: &SqlitePool, user_id: i64) -> AppResult<Vec<Invite>> {
    let rows: Vec<InviteRow> = sqlx::query_as(
        "SELECT i.id, t.id AS track_id, t.title, t.artwork_path, t.updated_at, u.display_name AS inviter_name,
                i.permission, i.created_at
         FROM invitations i
         JOIN tracks t ON t.id = i.track_id
         JOIN users u ON u.id = i.inviter_id
         WHERE i.invitee_id = ? AND i.status = 'pending'
         ORDER BY i.created_at DESC, i.id DESC",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Invite::from).collect())
}

#[derive(sqlx::FromRow)]
struct InviteRow {
    id: i64,
    track_id: i64,
    title: String,
    artwork_path: Option<String>,
    updated_at: i64,
    inviter_name: String,
    permission: String,
    created_at: i64,
}

impl From<InviteRow> for Invite {
    fn from(r: InviteRow) -> Self {
        Invite {
            id: r.id,
            track_id: r.track_id,
            track_title: r.title,
            artwork_version: r.artwork_path.map(|_| r.updated_at),
            inviter_name: r.inviter_name,
            permission: Permission::parse(&r.permission).unwrap_or(Permission::View),
            created_at: r.created_at,
        }
    }
}

/// Tells the invitee of a new invitation (through the pipeline, inside the transaction).
pub async fn notify_invitee(
    db: &mut SqliteConnection,
    now: i64,
    invitation_id: i64,
) -> AppResult<crate::notifications::pipeline::Delivered> {
    use crate::notifications::{kinds::Kind, pipeline};
    let row: InviteNoticeRow = sqlx::query_as(
        "SELECT i.track_id, i.inviter_id, i.invitee_id, i.permission, u.display_name AS inviter, t.title
         FROM invitations i JOIN users u ON u.id = i.inviter_id JOIN tracks t ON t.id = i.track_id
         WHERE i.id = ?",
    )
    .bind(invitation_id)
    .fetch_one(&mut *db)
    .await?;
    let access = Permission::parse(&row.permission)
        .unwrap_or(Permission::View)
        .label()
        .to_lowercase();
    let note = pipeline::Note::new(
        Kind::InvitationReceived,
        format!("{} invited you to {}", row.inviter, row.title),
        format!("Join as a collaborator ({access})."),
    )
    .on_track(row.track_id)
    .by(row.inviter_id)
    .invitation(invitation_id);
    pipeline::emit(db, now, &[row.invitee_id], &note).await
}

#[derive(sqlx::FromRow)]
struct InviteNoticeRow {
    track_id: i64,
    inviter_id: i64,
    invitee_id: i64,
    permission: String,
    inviter: String,
    title: String,
}

/// Accepts a pending invitation for its invitee: membership with the permission the
/// invitation offered (never one from the request), and an "accepted" notification to
/// the inviter. A missing, foreign, or no longer pending invitation is 404. Run inside a
/// `BEGIN IMMEDIATE` transaction, two concurrent accepts produce one membership.
pub async fn accept(
    db: &mut SqliteConnection,
    user_id: i64,
    invitation_id: i64,
    now: i64,
) -> AppResult<(i64, crate::notifications::pipeline::Delivered)> {
    use crate::notifications::{kinds::Kind, pipeline};
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "UPDATE invitations SET status = 'accepted', responded_at = ?
         WHERE id = ? AND invitee_id = ? AND status = 'pending'
         RETURNING track_id, inviter_id, permission",
    )
    .bind(now)
    .bind(invitation_id)
    .bind(user_id)
    .fetch_optional(&mut *db)
    .await?;
    let (track_id, inviter_id, permission) = row.ok_or_else(|| {
        AppError::not_found("This invitation does not exist or is no longer pending.")
    })?;
    sqlx::query(
        "INSERT INTO track_members (track_id, user_id, permission, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (track_id, user_id) DO NOTHING",
    )
    .bind(track_id)
    .bind(user_id)
    .bind(&permission)
    .bind(now)
    .execute(&mut *db)
    .await?;
    crate::tracks::sync::queue_track(db, track_id, user_id, now).await?;
    let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = ?")
        .bind(user_id)
        .fetch_one(&mut *db)
        .await?;
    let title = pipeline::track_title(db, track_id).await?;
    let note = pipeline::Note::new(
        Kind::InvitationAccepted,
        format!("{name} accepted your invitation"),
        format!("{name} is now collaborating on {title}."),
    )
    .on_track(track_id)
    .by(user_id)
    .invitation(invitation_id);
    let delivered = pipeline::emit(db, now, &[inviter_id], &note).await?;
    Ok((track_id, delivered))
}

/// Ends `member_id`'s collaboration on a track. `actor_id == member_id` is leaving (any
/// collaborator may; the owner cannot); otherwise the actor must manage collaborators
/// and the member must be a collaborator (the owner cannot be removed). The removed
/// person and the owner hear of it (never the actor); the removed person's copies of
/// the track's files are forgotten. Returns the notified users.
pub async fn remove_member(
    db: &mut SqliteConnection,
    actor_id: i64,
    track_id: i64,
    member_id: i64,
    now: i64,
) -> AppResult<crate::notifications::pipeline::Delivered> {
    use crate::notifications::{kinds::Kind, pipeline};
    use crate::tracks::{store as tracks, Role};
    let leaving = actor_id == member_id;
    let role = tracks::require(
        db,
        actor_id,
        track_id,
        if leaving {
            tracks::Need::Read
        } else {
            tracks::Need::Manage
        },
    )
    .await?;
    if leaving && role == Role::Owner {
        return Err(AppError::invalid(
            "You own this track, so you cannot leave it.",
        ));
    }
    let owner_id: i64 = sqlx::query_scalar("SELECT owner_id FROM tracks WHERE id = ?")
        .bind(track_id)
        .fetch_one(&mut *db)
        .await?;
    if member_id == owner_id {
        return Err(AppError::forbidden("The track's owner cannot be removed."));
    }
    let removed = sqlx::query("DELETE FROM track_members WHERE track_id = ? AND user_id = ?")
        .bind(track_id)
        .bind(member_id)
        .execute(&mut *db)
        .await?
        .rows_affected();
    if removed == 0 {
        return Err(AppError::not_found(
            "That person is not a collaborator on this track.",
        ));
    }
    sqlx::query(
        "DELETE FROM file_syncs WHERE user_id = ? AND file_id IN (SELECT id FROM files WHERE track_id = ?)",
    )
    .bind(member_id)
    .bind(track_id)
    .execute(&mut *db)
    .await?;
    let name = |id: i64| {
        sqlx::query_scalar::<_, String>("SELECT display_name FROM users WHERE id = ?").bind(id)
    };
    let member = name(member_id).fetch_one(&mut *db).await?;
    let actor = name(actor_id).fetch_one(&mut *db).await?;
    let title = pipeline::track_title(db, track_id).await?;
    let mut told = pipeline::Delivered::default();
    if !leaving {
        // The removed person can no longer open the track: the notice points nowhere.
        let note = pipeline::Note::new(
            Kind::CollaboratorRemoved,
            format!("You were removed from {title}"),
            format!("{actor} removed you as a collaborator."),
        )
        .by(actor_id);
        told.extend(pipeline::emit(db, now, &[member_id], &note).await?);
    }
    let (head, body) = if leaving {
        (
            format!("{member} left {title}"),
            format!("{member} is no longer collaborating on {title}."),
        )
    } else {
        (
            format!("{actor} removed {member} from {title}"),
            format!("{member} is no longer collaborating on {title}."),
        )
    };
    let note = pipeline::Note::new(Kind::CollaboratorRemoved, head, body)
        .on_track(track_id)
        .by(actor_id);
    told.extend(pipeline::emit(db, now, &[owner_id], &note).await?);
    Ok(told)
}

fn gone() -> AppError {
    AppError::not_found("This invitation does not exist or is no longer pending.")
}

/// The invitee declines a pending invitation. Anything else is 404.
pub async fn dismiss(
    db: &mut SqliteConnection,
    user_id: i64,
    invitation_id: i64,
    now: i64,
) -> AppResult<()> {
    let done = sqlx::query(
        "UPDATE invitations SET status = 'dismissed', responded_at = ?
         WHERE id = ? AND invitee_id = ? AND status = 'pending'",
    )
    .bind(now)
    .bind(invitation_id)
    .bind(user_id)
    .execute(&mut *db)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(gone());
    }
    Ok(())
}

/// Someone who manages the track's collaborators withdraws a pending invitation;
/// returns the invitee. An invitation the caller cannot manage is 404 (not 403), so
/// its existence is not revealed.
pub async fn revoke(
    db: &mut SqliteConnection,
    user_id: i64,
    invitation_id: i64,
    now: i64,
) -> AppResult<i64> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT track_id, invitee_id FROM invitations WHERE id = ? AND status = 'pending'",
    )
    .bind(invitation_id)
    .fetch_optional(&mut *db)
    .await?;
    let (track_id, invitee_id) = row.ok_or_else(gone)?;
    let may = crate::tracks::store::role(db, user_id, track_id)
        .await?
        .is_some_and(|r| r.can_manage());
    if !may {
        return Err(gone());
    }
    sqlx::query("UPDATE invitations SET status = 'revoked', responded_at = ? WHERE id = ?")
        .bind(now)
        .bind(invitation_id)
        .execute(&mut *db)
        .await?;
    Ok(invitee_id)
}

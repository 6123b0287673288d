//! SQL for invitations. An invitation is addressed to an email address and belongs to
//! the account that has verified that address, whenever that happens: registering an
//! address first gives no claim to it. Nothing here tells an inviter whether an account
//! uses an address.

use super::Invite;
use crate::error::{AppError, AppResult};
use crate::platform::db::DbConn;
use crate::tracks::{Permission, SentInvite};

/// The invitation (`invitations` in the query, unaliased) is still acceptable: its
/// sender may still invite people to the track (owns it, or has full control).
const SENDER_MAY_INVITE: &str = "(EXISTS (SELECT 1 FROM tracks st WHERE st.id = invitations.track_id AND st.owner_id = invitations.inviter_id)
     OR EXISTS (SELECT 1 FROM track_members sm WHERE sm.track_id = invitations.track_id
                AND sm.user_id = invitations.inviter_id AND sm.permission = 'full'))";

/// The invitation is addressed to the verified address of user `$1`.
const ADDRESSED_TO_USER: &str =
    "invitations.email = (SELECT email FROM users WHERE id = $1 AND email_verified_at IS NOT NULL)";

/// The account that has verified `email`, if any.
pub async fn verified_owner(db: &mut DbConn, email: &str) -> AppResult<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM users WHERE email = $1 AND email_verified_at IS NOT NULL",
    )
    .bind(email)
    .fetch_optional(&mut *db)
    .await?)
}

/// Creates a pending invitation from `inviter_id` to `email`. The caller has checked
/// that the inviter may manage the track's collaborators. The answer is the same
/// whether or not an account uses the address; only what the inviter can see already
/// (their own address, the owner's, a collaborator's, a pending invitation) is refused.
pub async fn create(
    db: &mut DbConn,
    track_id: i64,
    inviter_id: i64,
    email: &str,
    permission: Permission,
    now: i64,
) -> AppResult<SentInvite> {
    let known: Option<String> = sqlx::query_scalar(
        "SELECT 'self' FROM users WHERE id = $2 AND email = $3
         UNION ALL SELECT 'owner' FROM tracks t JOIN users u ON u.id = t.owner_id WHERE t.id = $1 AND u.email = $3
         UNION ALL SELECT 'member' FROM track_members m JOIN users u ON u.id = m.user_id
                   WHERE m.track_id = $1 AND u.email = $3
         UNION ALL SELECT 'invited' FROM invitations WHERE track_id = $1 AND email = $3 AND status = 'pending'
         LIMIT 1",
    )
    .bind(track_id)
    .bind(inviter_id)
    .bind(email)
    .fetch_optional(&mut *db)
    .await?;
    match known.as_deref() {
        Some("self") => return Err(AppError::invalid("You cannot invite yourself.")),
        Some("owner") => return Err(AppError::conflict(format!("{email} owns this track."))),
        Some("member") => {
            return Err(AppError::conflict(format!(
                "{email} is already a collaborator on this track."
            )))
        }
        Some(_) => {
            return Err(AppError::conflict(format!(
                "{email} has already been invited to this track."
            )))
        }
        None => {}
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO invitations (track_id, inviter_id, email, permission, status, created_at)
         VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id",
    )
    .bind(track_id)
    .bind(inviter_id)
    .bind(email)
    .bind(permission.as_str())
    .bind(now)
    .fetch_one(&mut *db)
    .await?;
    Ok(SentInvite {
        id,
        email: email.to_string(),
        permission,
        created_at: now,
    })
}

pub async fn sent_for_track(db: &mut DbConn, track_id: i64) -> AppResult<Vec<SentInvite>> {
    let rows: Vec<(i64, String, Permission, i64)> = sqlx::query_as(
        "SELECT id, email, permission, created_at FROM invitations
         WHERE track_id = $1 AND status = 'pending' ORDER BY created_at DESC, id DESC",
    )
    .bind(track_id)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, email, p, created_at)| SentInvite {
            id,
            email,
            permission: p,
            created_at,
        })
        .collect())
}

/// `true` when `user_id` has a pending invitation to `track_id` (they may see its artwork).
pub async fn is_invited(db: &mut DbConn, user_id: i64, track_id: i64) -> AppResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT 1 FROM invitations WHERE {ADDRESSED_TO_USER} AND track_id = $2
         AND status = 'pending' AND {SENDER_MAY_INVITE}"
    ))
    .bind(user_id)
    .bind(track_id)
    .fetch_optional(&mut *db)
    .await?;
    Ok(found.is_some())
}

pub async fn pending_count(db: &mut DbConn, user_id: i64) -> AppResult<i64> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM invitations
         WHERE {ADDRESSED_TO_USER} AND status = 'pending' AND {SENDER_MAY_INVITE}"
    ))
    .bind(user_id)
    .fetch_one(&mut *db)
    .await?)
}

/// The user's pending invitations, most recent first.
pub async fn pending(db: &mut DbConn, user_id: i64) -> AppResult<Vec<Invite>> {
    let rows: Vec<InviteRow> = sqlx::query_as(&format!(
        "SELECT invitations.id, t.id AS track_id, t.title, t.artwork_path, t.updated_at,
                u.display_name AS inviter_name, invitations.permission, invitations.created_at
         FROM invitations
         JOIN tracks t ON t.id = invitations.track_id
         JOIN users u ON u.id = invitations.inviter_id
         WHERE {ADDRESSED_TO_USER} AND invitations.status = 'pending' AND {SENDER_MAY_INVITE}
         ORDER BY invitations.created_at DESC, invitations.id DESC"
    ))
    .bind(user_id)
    .fetch_all(&mut *db)
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
    permission: Permission,
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
            permission: r.permission,
            created_at: r.created_at,
        }
    }
}

/// What a new invitation's notice says: where to, from whom, with what access.
#[derive(sqlx::FromRow)]
pub struct Notice {
    pub track_id: i64,
    pub inviter_id: i64,
    pub email: String,
    pub permission: Permission,
    pub inviter: String,
    pub title: String,
}

pub async fn notice(db: &mut DbConn, invitation_id: i64) -> AppResult<Notice> {
    Ok(sqlx::query_as(
        "SELECT i.track_id, i.inviter_id, i.email, i.permission, u.display_name AS inviter, t.title
         FROM invitations i JOIN users u ON u.id = i.inviter_id JOIN tracks t ON t.id = i.track_id
         WHERE i.id = $1",
    )
    .bind(invitation_id)
    .fetch_one(&mut *db)
    .await?)
}

/// The pending, still valid invitations addressed to `user_id`'s verified address.
pub async fn waiting_for(db: &mut DbConn, user_id: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT id FROM invitations WHERE {ADDRESSED_TO_USER} AND status = 'pending' AND {SENDER_MAY_INVITE}
         ORDER BY id"
    ))
    .bind(user_id)
    .fetch_all(&mut *db)
    .await?)
}

/// Marks a pending invitation accepted by the verified owner of its address, while its
/// sender may still invite and never for the track's owner; returns (track, inviter,
/// permission offered), or `None` when there is no such invitation. Inside a
/// `BEGIN IMMEDIATE` transaction, two concurrent answers make one acceptance.
pub async fn mark_accepted(
    db: &mut DbConn,
    user_id: i64,
    invitation_id: i64,
    now: i64,
) -> AppResult<Option<(i64, i64, Permission)>> {
    Ok(sqlx::query_as(&format!(
        "UPDATE invitations SET status = 'accepted', responded_at = $3, answered_by = $1
         WHERE id = $2 AND status = 'pending' AND {ADDRESSED_TO_USER} AND {SENDER_MAY_INVITE}
           AND NOT EXISTS (SELECT 1 FROM tracks o WHERE o.id = invitations.track_id AND o.owner_id = $1)
         RETURNING track_id, inviter_id, permission"
    ))
    .bind(user_id)
    .bind(invitation_id)
    .bind(now)
    .fetch_optional(&mut *db)
    .await?)
}

fn gone() -> AppError {
    AppError::not_found("This invitation does not exist or is no longer pending.")
}

/// The verified owner of the address declines a pending invitation. Anything else is 404.
pub async fn dismiss(db: &mut DbConn, user_id: i64, invitation_id: i64, now: i64) -> AppResult<()> {
    let done = sqlx::query(&format!(
        "UPDATE invitations SET status = 'dismissed', responded_at = $3, answered_by = $1
         WHERE id = $2 AND status = 'pending' AND {ADDRESSED_TO_USER} AND {SENDER_MAY_INVITE}"
    ))
    .bind(user_id)
    .bind(invitation_id)
    .bind(now)
    .execute(&mut *db)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(gone());
    }
    Ok(())
}

/// Someone who manages the track's collaborators withdraws a pending invitation;
/// returns the account the invitation belonged to, if any. An invitation the caller
/// cannot manage is 404 (not 403), so its existence is not revealed.
pub async fn revoke(
    db: &mut DbConn,
    user_id: i64,
    invitation_id: i64,
    now: i64,
) -> AppResult<Option<i64>> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT track_id, email FROM invitations WHERE id = $1 AND status = 'pending'",
    )
    .bind(invitation_id)
    .fetch_optional(&mut *db)
    .await?;
    let (track_id, email) = row.ok_or_else(gone)?;
    let may = crate::tracks::store::role(db, user_id, track_id)
        .await?
        .is_some_and(|r| r.can_manage());
    if !may {
        return Err(gone());
    }
    sqlx::query("UPDATE invitations SET status = 'revoked', responded_at = $1 WHERE id = $2")
        .bind(now)
        .bind(invitation_id)
        .execute(&mut *db)
        .await?;
    verified_owner(db, &email).await
}

/// Withdraws the pending invitations `inviter_id` sent to `track_id` (they no longer
/// may invite); returns each with the account it belonged to, if any.
pub async fn withdraw_sent_by(
    db: &mut DbConn,
    inviter_id: i64,
    track_id: i64,
    now: i64,
) -> AppResult<Vec<(i64, Option<i64>)>> {
    let withdrawn: Vec<(i64, String)> = sqlx::query_as(
        "UPDATE invitations SET status = 'revoked', responded_at = $1
         WHERE inviter_id = $2 AND track_id = $3 AND status = 'pending' RETURNING id, email",
    )
    .bind(now)
    .bind(inviter_id)
    .bind(track_id)
    .fetch_all(&mut *db)
    .await?;
    let mut out = Vec::with_capacity(withdrawn.len());
    for (id, email) in withdrawn {
        out.push((id, verified_owner(db, &email).await?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::platform::db::{DbPool, Engine};
    use crate::platform::{db::Work, AppState};
    use crate::tracks::Permission;
    use sqlx::migrate::Migrator;
    use std::borrow::Cow;

    const NOW: i64 = 1_795_000_000_000;

    async fn user(pool: &DbPool, email: &str) -> i64 {
        crate::auth::store::test_user(pool, email, true, NOW).await
    }

    crate::platform::testdb::db_test! {
        /// Accepting makes the invitee a member with the permission offered, queues the
        /// track's files for them, tells the inviter, and works once.
        async fn accept_makes_a_member_once_and_tells_the_inviter(pool: DbPool) {
            let state = AppState::for_tests(pool.clone(), NOW);
            let owner = user(&pool, "owner@example.com").await;
            let invitee = user(&pool, "bea@example.com").await;
            let mut work = Work::begin(&state).await.unwrap();
            let new = crate::tracks::store::NewTrack {
                title: "Night Drive".into(),
                project_id: None,
                due_date: None,
            };
            let track = crate::tracks::store::create_track(work.db(), owner, &new, NOW)
                .await
                .unwrap();
            let sent = crate::invitations::store::create(
                work.db(),
                track,
                owner,
                "bea@example.com",
                Permission::Edit,
                NOW,
            )
            .await
            .unwrap();
            assert_eq!(
                crate::invitations::flow::announce(&mut work, sent.id)
                    .await
                    .unwrap(),
                Some(invitee)
            );
            work.commit().await.unwrap();

            let mut inviter_stream = state.hub.subscribe(owner);
            let mut work = Work::begin(&state).await.unwrap();
            let quota = state.config.storage_quota_bytes;
            assert_eq!(
                crate::invitations::flow::accept(&mut work, invitee, sent.id, quota)
                    .await
                    .unwrap(),
                track
            );
            work.commit().await.unwrap();
            assert!(
                inviter_stream.try_recv().is_ok(),
                "the inviter's stream is woken"
            );
            let role = crate::tracks::store::role(&mut pool.acquire().await.unwrap(), invitee, track)
                .await
                .unwrap();
            assert_eq!(role, Some(crate::tracks::Role::Member(Permission::Edit)));
            let told: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM notifications WHERE recipient_id = $1 AND kind = 'invitation_accepted'",
            )
            .bind(owner)
            .fetch_one(&pool)
            .await
            .unwrap();
            assert_eq!(told, 1);

            // A second answer finds nothing pending.
            let mut work = Work::begin(&state).await.unwrap();
            let again = crate::invitations::flow::accept(&mut work, invitee, sent.id, quota).await;
            assert!(
                matches!(again, Err(crate::error::AppError::NotFound(_))),
                "{again:?}"
            );
        }
    }

    /// The move from invitations to accounts to invitations to addresses keeps every
    /// invitation, its answer, and the notifications that point at it.
    /// (SQLite only: PostgreSQL databases start from the schema these migrations reach.)
    #[tokio::test]
    async fn moving_to_addresses_keeps_invitations_and_their_notifications() {
        let db = crate::platform::testdb::unmigrated(Engine::Sqlite).await;
        let pool = db.pool.clone();
        let all = &crate::platform::db::SQLITE_MIGRATIONS.migrations;
        let before = Migrator {
            migrations: Cow::Owned(all[..2].to_vec()),
            ..Migrator::DEFAULT
        };
        before.run(&pool).await.unwrap();
        sqlx::raw_sql(
            "INSERT INTO users (id, email, display_name, password_hash, created_at, updated_at)
                 VALUES (1, 'olive@example.com', 'Olive', 'x', 0, 0), (2, 'bea@example.com', 'Bea', 'x', 0, 0);
             INSERT INTO tracks (id, owner_id, title, created_at, updated_at) VALUES (7, 1, 'Song', 0, 0);
             INSERT INTO invitations (id, track_id, inviter_id, invitee_id, permission, status, created_at, responded_at)
                 VALUES (10, 7, 1, 2, 'edit', 'pending', 1, NULL), (11, 7, 1, 2, 'view', 'dismissed', 1, 2);
             INSERT INTO notifications (id, recipient_id, category, kind, title, message, invitation_id, created_at)
                 VALUES (100, 2, 'collaboration', 'invitation_received', 'Olive invited you', 'Join', 10, 1),
                        (101, 2, 'collaboration', 'invitation_received', 'Olive invited you', 'Join', 11, 1);
             INSERT INTO projects (id, owner_id, name, created_at, updated_at) VALUES (3, 1, 'EP', 0, 0);
             INSERT INTO project_collaborators (project_id, user_id, permission, created_at) VALUES (3, 2, 'view', 0);",
        )
        .execute(&pool)
        .await
        .unwrap();
        crate::platform::db::SQLITE_MIGRATIONS
            .run(&pool)
            .await
            .unwrap();
        let rows: Vec<(i64, String, Option<i64>, String)> =
            sqlx::query_as("SELECT id, email, answered_by, status FROM invitations ORDER BY id")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(
            rows,
            [
                (10, "bea@example.com".into(), None, "pending".into()),
                (11, "bea@example.com".into(), Some(2), "dismissed".into())
            ]
        );
        let links: Vec<Option<i64>> =
            sqlx::query_scalar("SELECT invitation_id FROM notifications ORDER BY id")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(links, [Some(10), Some(11)]);
        let defaults: Vec<(String, String)> =
            sqlx::query_as("SELECT email, permission FROM project_collaborators")
                .fetch_all(&pool)
                .await
                .unwrap();
        assert_eq!(defaults, [("bea@example.com".into(), "view".into())]);
        let broken: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert!(broken.is_empty(), "{broken:?}");
    }
}

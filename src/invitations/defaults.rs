//! Default project collaborators: people a project's owner lists once, who are then
//! invited automatically to every new track added to the project.

use super::DefaultCollaborator;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod store {
    use super::DefaultCollaborator;
    use crate::error::{AppError, AppResult};
    use crate::notifications::pipeline::Delivered;
    use crate::tracks::Permission;
    use sqlx::SqliteConnection;

    /// The project's name if `user_id` owns it; anything else is "not found".
    pub async fn owned_project(
        db: &mut SqliteConnection,
        user_id: i64,
        project_id: i64,
    ) -> AppResult<String> {
        sqlx::query_scalar("SELECT name FROM projects WHERE id = ? AND owner_id = ?")
            .bind(project_id)
            .bind(user_id)
            .fetch_optional(&mut *db)
            .await?
            .ok_or_else(|| AppError::not_found("That project does not exist or is not yours."))
    }

    pub async fn list(
        db: &mut SqliteConnection,
        project_id: i64,
    ) -> AppResult<Vec<DefaultCollaborator>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT email, permission FROM project_collaborators WHERE project_id = ? ORDER BY email",
        )
        .bind(project_id)
        .fetch_all(&mut *db)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(email, p)| DefaultCollaborator {
                email,
                permission: Permission::parse(&p).unwrap_or(Permission::View),
            })
            .collect())
    }

    /// Lists `email` for the project's new tracks. The answer is the same whether or not
    /// an account uses the address.
    pub async fn add(
        db: &mut SqliteConnection,
        owner_id: i64,
        project_id: i64,
        email: &str,
        permission: Permission,
        now: i64,
    ) -> AppResult<()> {
        let own: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE id = ? AND email = ?")
            .bind(owner_id)
            .bind(email)
            .fetch_optional(&mut *db)
            .await?;
        if own.is_some() {
            return Err(AppError::invalid(
                "You own this project, so you are on every track in it already.",
            ));
        }
        let added = sqlx::query(
            "INSERT INTO project_collaborators (project_id, email, permission, created_at)
             VALUES (?, ?, ?, ?) ON CONFLICT (project_id, email) DO NOTHING",
        )
        .bind(project_id)
        .bind(email)
        .bind(permission.as_str())
        .bind(now)
        .execute(&mut *db)
        .await?
        .rows_affected();
        if added == 0 {
            return Err(AppError::conflict(format!(
                "{email} is already a default collaborator of this project."
            )));
        }
        Ok(())
    }

    pub async fn remove(db: &mut SqliteConnection, project_id: i64, email: &str) -> AppResult<()> {
        let gone =
            sqlx::query("DELETE FROM project_collaborators WHERE project_id = ? AND email = ?")
                .bind(project_id)
                .bind(email)
                .execute(&mut *db)
                .await?
                .rows_affected();
        if gone == 0 {
            return Err(AppError::not_found(
                "That address is not a default collaborator of this project.",
            ));
        }
        Ok(())
    }

    /// Invites the project's default collaborators to its new track `track_id` (inside
    /// the transaction that created it). Returns (invitation id, account told) pairs
    /// and who was notified.
    pub async fn invite_to_new_track(
        db: &mut SqliteConnection,
        project_id: i64,
        track_id: i64,
        owner_id: i64,
        now: i64,
    ) -> AppResult<(Vec<(i64, i64)>, Delivered)> {
        let mut sent = Vec::new();
        let mut told = Delivered::default();
        for c in list(db, project_id).await? {
            let invite = match crate::invitations::store::create(
                db,
                track_id,
                owner_id,
                &c.email,
                c.permission,
                now,
            )
            .await
            {
                Ok(invite) => invite,
                // The owner's own address (changed since it was listed): nobody to invite.
                Err(AppError::Invalid(_)) => continue,
                Err(e) => return Err(e),
            };
            let (invitee, delivered) =
                crate::invitations::store::announce(db, now, invite.id).await?;
            told.extend(delivered);
            if let Some(invitee) = invitee {
                sent.push((invite.id, invitee));
            }
        }
        Ok((sent, told))
    }
}

/// The default collaborators of a project the signed-in user owns.
#[server(endpoint = "projects/collaborators")]
pub async fn get_default_collaborators(
    project_id: i64,
) -> Result<Vec<DefaultCollaborator>, AppError> {
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut conn = state.pool.acquire().await?;
    store::owned_project(&mut conn, user.id, project_id).await?;
    store::list(&mut conn, project_id).await
}

/// Adds someone, by email, to be invited to every new track of the project.
#[server(endpoint = "projects/collaborators/add")]
pub async fn add_default_collaborator(
    project_id: i64,
    email: String,
    permission: String,
) -> Result<(), AppError> {
    let email = crate::auth::validate_email(&email)?;
    let permission = crate::tracks::Permission::parse(&permission).ok_or_else(|| {
        AppError::invalid("Choose a permission: view only, edit or full control.")
    })?;
    crate::platform::db::in_write_tx(async |tx, user, state| {
        store::owned_project(tx, user.id, project_id).await?;
        let now = state.clock.now_ms();
        store::add(tx, user.id, project_id, &email, permission, now).await
    })
    .await
}

/// Stops inviting an address to the project's new tracks (existing tracks are unchanged).
#[server(endpoint = "projects/collaborators/remove")]
pub async fn remove_default_collaborator(project_id: i64, email: String) -> Result<(), AppError> {
    let email = email.trim().to_lowercase();
    crate::platform::db::in_write_tx(async |tx, user, _| {
        store::owned_project(tx, user.id, project_id).await?;
        store::remove(tx, project_id, &email).await
    })
    .await
}

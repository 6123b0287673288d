//! Default project collaborators: people a project's owner lists once, who are then
//! invited automatically to every new track added to the project.

use super::DefaultCollaborator;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod store {
    use super::DefaultCollaborator;
    use crate::error::{AppError, AppResult};
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
}

/// Invites the project's default collaborators to its new track `track_id` (inside the
/// unit of work that created it); each account told hears of it live too. Returns the
/// accounts told.
#[cfg(feature = "ssr")]
pub async fn invite_to_new_track(
    work: &mut crate::platform::db::Work,
    project_id: i64,
    track_id: i64,
    owner_id: i64,
) -> crate::error::AppResult<Vec<i64>> {
    let mut told = Vec::new();
    for c in store::list(work.db(), project_id).await? {
        let now = work.now;
        let invite =
            match super::store::create(work.db(), track_id, owner_id, &c.email, c.permission, now)
                .await
            {
                Ok(invite) => invite,
                // The owner's own address (changed since it was listed): nobody to invite.
                Err(AppError::Invalid(_)) => continue,
                Err(e) => return Err(e),
            };
        if let Some(invitee) = super::store::announce(work, invite.id).await? {
            work.push(
                invitee,
                &crate::notifications::live::Change::Invitation {
                    id: invite.id,
                    status: crate::notifications::InvitationStatus::Pending,
                },
            );
            told.push(invitee);
        }
    }
    Ok(told)
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
    crate::auth::session::in_work(async |work, user, _| {
        store::owned_project(work.db(), user.id, project_id).await?;
        let now = work.now;
        store::add(work.db(), user.id, project_id, &email, permission, now).await
    })
    .await
}

/// Stops inviting an address to the project's new tracks (existing tracks are unchanged).
#[server(endpoint = "projects/collaborators/remove")]
pub async fn remove_default_collaborator(project_id: i64, email: String) -> Result<(), AppError> {
    let email = email.trim().to_lowercase();
    crate::auth::session::in_work(async |work, user, _| {
        store::owned_project(work.db(), user.id, project_id).await?;
        store::remove(work.db(), project_id, &email).await
    })
    .await
}

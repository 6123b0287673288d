//! Default project collaborators: people a project's owner lists once, who are then
//! invited automatically to every new track added to the project.

use super::DefaultCollaborator;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod store;

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
        if let Some(invitee) = super::flow::announce(work, invite.id).await? {
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

//! Default collaborators of projects in the database.

use super::super::DefaultCollaborator;
use crate::error::{AppError, AppResult};
use crate::platform::db::DbConn;
use crate::tracks::Permission;

/// The project's name if `user_id` owns it; anything else is "not found".
pub async fn owned_project(db: &mut DbConn, user_id: i64, project_id: i64) -> AppResult<String> {
    sqlx::query_scalar("SELECT name FROM projects WHERE id = $1 AND owner_id = $2")
        .bind(project_id)
        .bind(user_id)
        .fetch_optional(&mut *db)
        .await?
        .ok_or_else(|| AppError::not_found("That project does not exist or is not yours."))
}

pub async fn list(db: &mut DbConn, project_id: i64) -> AppResult<Vec<DefaultCollaborator>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT email, permission FROM project_collaborators WHERE project_id = $1 ORDER BY email",
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

/// The default collaborators of every project `owner_id` owns, as (project, person).
pub async fn of_owner(
    db: &mut DbConn,
    owner_id: i64,
) -> AppResult<Vec<(i64, DefaultCollaborator)>> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT c.project_id, c.email, c.permission
         FROM project_collaborators c JOIN projects p ON p.id = c.project_id
         WHERE p.owner_id = $1 ORDER BY c.project_id, c.email",
    )
    .bind(owner_id)
    .fetch_all(&mut *db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(project, email, p)| {
            (
                project,
                DefaultCollaborator {
                    email,
                    permission: Permission::parse(&p).unwrap_or(Permission::View),
                },
            )
        })
        .collect())
}

/// Lists `email` for the project's new tracks. The answer is the same whether or not
/// an account uses the address.
pub async fn add(
    db: &mut DbConn,
    owner_id: i64,
    project_id: i64,
    email: &str,
    permission: Permission,
    now: i64,
) -> AppResult<()> {
    let own: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE id = $1 AND email = $2")
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
         VALUES ($1, $2, $3, $4) ON CONFLICT (project_id, email) DO NOTHING",
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

pub async fn remove(db: &mut DbConn, project_id: i64, email: &str) -> AppResult<()> {
    let gone =
        sqlx::query("DELETE FROM project_collaborators WHERE project_id = $1 AND email = $2")
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

//! Announcements: service announcements from an administrator to everyone, and project
//! announcements from a project's owner to the people in the project.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn validate(title: &str, body: &str) -> Result<(String, String), AppError> {
    let (empty, long) = (
        "An announcement needs a title and a message.",
        "Keep the title under 120 and the message under 1000 characters.",
    );
    Ok((
        crate::text::line(title, 120).map_err(|p| p.error("The title", empty, long))?,
        crate::text::multiline(body, 1000).map_err(|p| p.error("The message", empty, long))?,
    ))
}

/// Keeps the announcement itself (`project_id` None: a service announcement).
#[cfg(feature = "ssr")]
async fn record(
    tx: &mut sqlx::SqliteConnection,
    project_id: Option<i64>,
    author_id: i64,
    title: &str,
    body: &str,
    now: i64,
) -> crate::error::AppResult<()> {
    sqlx::query("INSERT INTO announcements (project_id, author_id, title, body, created_at) VALUES (?, ?, ?, ?, ?)")
        .bind(project_id)
        .bind(author_id)
        .bind(title)
        .bind(body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Posts a service announcement to every account (administrators only); returns how
/// many people it reached.
#[server(endpoint = "announcements/service")]
pub async fn post_service_announcement(title: String, body: String) -> Result<usize, AppError> {
    use crate::notifications::{kinds::Kind, pipeline};
    let (title, body) = validate(&title, &body)?;
    let state = crate::platform::AppState::get()?;
    let told = crate::platform::db::in_write_tx(async |tx, user, state| {
        if !user.is_admin {
            return Err(AppError::forbidden(
                "Only administrators can post service announcements.",
            ));
        }
        let now = state.clock.now_ms();
        record(tx, None, user.id, &title, &body, now).await?;
        let everyone: Vec<i64> = sqlx::query_scalar("SELECT id FROM users")
            .fetch_all(&mut *tx)
            .await?;
        pipeline::emit(
            tx,
            now,
            &everyone,
            &pipeline::Note::new(Kind::ServiceAnnouncement, title, body).by(user.id),
        )
        .await
    })
    .await?;
    let n = told.0.len();
    told.publish(&state.hub);
    Ok(n)
}

/// Posts an announcement to everyone in a project (its owner only).
#[server(endpoint = "announcements/project")]
pub async fn post_project_announcement(
    project_id: i64,
    title: String,
    body: String,
) -> Result<usize, AppError> {
    use crate::notifications::{kinds::Kind, pipeline};
    let (title, body) = validate(&title, &body)?;
    let state = crate::platform::AppState::get()?;
    let told = crate::platform::db::in_write_tx(async |tx, user, state| {
        let project: Option<(String, i64)> =
            sqlx::query_as("SELECT name, owner_id FROM projects WHERE id = ?")
                .bind(project_id)
                .fetch_optional(&mut *tx)
                .await?;
        let name = match project {
            Some((name, owner)) if owner == user.id => name,
            _ => {
                return Err(AppError::not_found(
                    "This project does not exist or is not yours.",
                ))
            }
        };
        let now = state.clock.now_ms();
        record(tx, Some(project_id), user.id, &title, &body, now).await?;
        let people = pipeline::project_audience(tx, project_id).await?;
        let note = pipeline::Note::new(Kind::ProjectAnnouncement, format!("{name}: {title}"), body)
            .by(user.id);
        pipeline::emit(tx, now, &people, &note).await
    })
    .await?;
    let n = told.0.len();
    told.publish(&state.hub);
    Ok(n)
}

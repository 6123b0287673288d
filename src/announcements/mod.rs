//! Announcements: service announcements from an administrator to everyone, and project
//! announcements from a project's owner to the people in the project.

#[cfg(feature = "ssr")]
pub mod store;

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

/// Posts a service announcement to every account (administrators only); returns how
/// many people it reached.
#[server(endpoint = "announcements/service")]
pub async fn post_service_announcement(title: String, body: String) -> Result<usize, AppError> {
    use crate::notifications::{kinds::Kind, pipeline};
    let (title, body) = validate(&title, &body)?;
    crate::auth::session::in_work(async |work, user, _| {
        if !user.is_admin {
            return Err(AppError::forbidden(
                "Only administrators can post service announcements.",
            ));
        }
        let now = work.now;
        store::record(work.db(), None, user.id, &title, &body, now).await?;
        let everyone = crate::auth::store::all_ids(work.db()).await?;
        pipeline::emit(
            work,
            &everyone,
            &pipeline::Note::new(Kind::ServiceAnnouncement, title, body).by(user.id),
        )
        .await
    })
    .await
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
    crate::auth::session::in_work(async |work, user, _| {
        let project = crate::tracks::store::project_and_owner(work.db(), project_id).await?;
        let name = match project {
            Some((name, owner)) if owner == user.id => name,
            _ => {
                return Err(AppError::not_found(
                    "This project does not exist or is not yours.",
                ))
            }
        };
        let now = work.now;
        store::record(work.db(), Some(project_id), user.id, &title, &body, now).await?;
        let people = crate::tracks::store::project_audience(work.db(), project_id).await?;
        let note = pipeline::Note::new(Kind::ProjectAnnouncement, format!("{name}: {title}"), body)
            .by(user.id);
        pipeline::emit(work, &people, &note).await
    })
    .await
}

//! The dashboard's server functions: the grid's data (tracks, projects and the
//! invitations waiting for an answer), creating a track (which invites the project's
//! default collaborators), and a track's page with its pending invitations.

use super::Dashboard;
use crate::error::AppError;
use crate::tracks::TrackDetail;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

#[server(endpoint = "tracks/dashboard")]
pub async fn get_dashboard() -> Result<Dashboard, AppError> {
    use crate::tracks::api::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    // Every read on one connection: each checkout costs a hand-over to the database.
    let mut db = state.pool.acquire().await?;
    Ok(Dashboard {
        tracks: store::cards(&mut db, user.id).await?,
        projects: store::projects(&mut db, user.id).await?,
        invites: crate::invitations::store::pending(&mut db, user.id).await?,
        defaults: crate::invitations::defaults::store::of_owner(&mut db, user.id).await?,
        today: today(&state),
    })
}

/// Creates a track from a form: `title`, optional `project_id`, `due_date`, `artwork`.
#[server(input = MultipartFormData, endpoint = "tracks/create")]
pub async fn create_track(data: MultipartData) -> Result<i64, AppError> {
    use crate::tracks::api::ssr::*;
    use crate::tracks::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let uploads = state.config.uploads_dir();
    let form = upload::read_form(
        &state.config,
        data,
        "artwork",
        state.config.max_artwork_bytes,
    )
    .await?;
    let title = validate_title(form.text("title"))?;
    let project_id = match form.text("project_id").trim() {
        "" => None,
        raw => Some(parse_id(raw, "The project")?),
    };
    let due_date = parse_due_date(form.text("due_date"))?;
    let artwork = match form.file {
        Some(f) => {
            let mime = upload::sniff_image(f.temp.path()).await?.ok_or_else(|| {
                AppError::invalid("Artwork must be a PNG, JPEG, GIF or WebP image.")
            })?;
            Some((f, mime))
        }
        None => None,
    };
    let mut work = Work::begin(&state).await?;
    let now = work.now;
    let id = store::create_track(
        work.db(),
        user.id,
        &store::NewTrack {
            title: title.clone(),
            project_id,
            due_date,
        },
        now,
    )
    .await?;
    let mut stored = None;
    if let Some((file, mime)) = artwork {
        let rel = format!("artwork/{id}-{}", crate::platform::tokens::new_token());
        stored = Some(file.temp.persist(&uploads.join(&rel)).await?);
        store::set_artwork(work.db(), id, &rel, mime, now).await?;
    }
    if let Some(project_id) = project_id {
        use crate::notifications::pipeline;
        let (project, _) = store::project_and_owner(work.db(), project_id)
            .await?
            .ok_or_else(|| AppError::internal("new track", "its project is gone"))?;
        // The project's default collaborators are invited to it; their invitation says
        // it all, so they are not told twice.
        let invited =
            crate::invitations::defaults::invite_to_new_track(&mut work, project_id, id, user.id)
                .await?;
        let mut people = store::project_audience(work.db(), project_id).await?;
        people.retain(|p| !invited.contains(p));
        let note = Note::new(
            Kind::ProjectTrackAdded,
            format!("New track in {project}"),
            format!("{} added {title}.", user.display_name),
        )
        .on_track(id)
        .by(user.id);
        pipeline::emit(&mut work, &people, &note).await?;
    }
    work.commit().await?;
    if let Some(stored) = stored {
        stored.keep();
    }
    Ok(id)
}

#[server(endpoint = "tracks/get")]
pub async fn get_track(track_id: i64) -> Result<TrackDetail, AppError> {
    use crate::tracks::api::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let mut detail = store::detail(&state.pool, user.id, track_id, today(&state)).await?;
    if detail.card.role.can_manage() {
        let mut conn = state.pool.acquire().await?;
        detail.invites = crate::invitations::store::sent_for_track(&mut conn, track_id).await?;
    }
    Ok(detail)
}

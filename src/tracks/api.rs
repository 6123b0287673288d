//! Server functions for tracks: thin (authenticate, validate, call the store).

use super::*;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    pub use crate::auth::session::require_user;
    pub use crate::notifications::kinds::Kind;
    pub use crate::notifications::pipeline::Note;
    pub use crate::platform::{db::Work, upload, AppState};
    pub use crate::tracks::notes::{tell, News};
    pub use crate::tracks::store::{self, Need};

    pub fn today(state: &AppState) -> String {
        state.clock.today().format("%Y-%m-%d").to_string()
    }

    /// Reads an upload form for an existing track: who is asking, the state, the track id
    /// (checked for edit rights inside `tx`) and the file. `field` names the file input.
    /// With `counted`, the file counts against the uploader's storage: a request larger
    /// than the room left is refused before it is read.
    pub async fn track_upload(
        data: leptos::server_fn::codec::MultipartData,
        field: &str,
        limit: u64,
        missing: &str,
        counted: bool,
    ) -> Result<(AppState, crate::auth::User, i64, upload::Upload), crate::error::AppError> {
        let state = AppState::get()?;
        let parts = crate::auth::session::request_parts()?;
        let user = require_user().await?;
        if counted {
            let quota = state.config.storage_quota_bytes;
            let mut conn = state.pool.acquire().await?;
            let declared = parts
                .headers
                .get(axum::http::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            let room = crate::tracks::storage::room(&mut conn, user.id, quota).await?;
            // The body holds the file and a little more: its length bounds the file.
            if let Some(declared) = declared.filter(|d| *d > room + 64 * 1024) {
                return Err(crate::tracks::storage::no_room(declared, room, quota));
            }
        }
        let form = upload::read_form(&state.config, data, field, limit).await?;
        let track_id = parse_id(form.text("track_id"), "The track")?;
        let file = form
            .file
            .ok_or_else(|| crate::error::AppError::invalid(missing))?;
        Ok((state, user, track_id, file))
    }

    pub fn parse_id(raw: &str, what: &str) -> Result<i64, crate::error::AppError> {
        raw.trim()
            .parse::<i64>()
            .map_err(|_| crate::error::AppError::invalid(format!("{what} is not a valid id.")))
    }
}

#[server(endpoint = "projects/create")]
pub async fn create_project(name: String) -> Result<Project, AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let name = store::validate_project_name(&name)?;
    let mut work = Work::begin(&state).await?;
    let now = work.now;
    let id = store::create_project(work.db(), user.id, &name, now).await?;
    work.commit().await?;
    Ok(Project {
        id,
        name,
        owned: true,
    })
}

#[server(endpoint = "projects/rename")]
pub async fn rename_project(project_id: i64, name: String) -> Result<(), AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let name = store::validate_project_name(&name)?;
    let mut work = Work::begin(&state).await?;
    let now = work.now;
    let old = store::rename_project(work.db(), user.id, project_id, &name, now).await?;
    if old != name {
        use crate::notifications::pipeline;
        let people = store::project_audience(work.db(), project_id).await?;
        let note = Note::new(
            Kind::ProjectRenamed,
            format!("Bucket renamed: {name}"),
            format!("{} renamed {old} to {name}.", user.display_name),
        )
        .by(user.id);
        pipeline::emit(&mut work, &people, &note).await?;
    }
    work.commit().await?;
    Ok(())
}

#[server(endpoint = "tracks/comment")]
pub async fn add_comment(track_id: i64, body: String) -> Result<Comment, AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let body = store::validate_comment(&body)?;
    let mut work = Work::begin(&state).await?;
    store::require(work.db(), user.id, track_id, Need::Edit).await?;
    let now = work.now;
    let comment = store::add_comment(work.db(), track_id, user.id, &body, now).await?;
    tell(
        &mut work,
        track_id,
        &user,
        News::CommentAdded { body: &body },
    )
    .await?;
    work.commit().await?;
    Ok(comment)
}

#[server(endpoint = "tracks/comment_edit")]
pub async fn edit_comment(comment_id: i64, body: String) -> Result<Comment, AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let body = store::validate_comment(&body)?;
    let mut work = Work::begin(&state).await?;
    let not_found = || AppError::not_found("This comment does not exist or is not visible to you.");
    let (track_id, author_id) = store::comment_owner(work.db(), comment_id)
        .await?
        .ok_or_else(not_found)?;
    store::require(work.db(), user.id, track_id, Need::Read)
        .await
        .map_err(|_| not_found())?;
    if author_id != user.id {
        return Err(AppError::forbidden("You can only edit your own comments."));
    }
    store::require(work.db(), user.id, track_id, Need::Edit).await?;
    let now = work.now;
    let comment = store::edit_comment(work.db(), comment_id, &body, now).await?;
    tell(
        &mut work,
        track_id,
        &user,
        News::CommentEdited { body: &body },
    )
    .await?;
    work.commit().await?;
    Ok(comment)
}

#[server(endpoint = "tracks/stage")]
pub async fn set_stage(track_id: i64, stage: String) -> Result<(), AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let stage = Stage::parse(&stage).ok_or_else(|| {
        AppError::invalid(
            "Unknown stage. Choose Idea, Editing, Ready to Post, Published or Archived.",
        )
    })?;
    let mut work = Work::begin(&state).await?;
    store::require(work.db(), user.id, track_id, Need::Edit).await?;
    let now = work.now;
    if let Some(from) = store::set_stage(work.db(), track_id, stage, now).await? {
        tell(
            &mut work,
            track_id,
            &user,
            News::StageChanged { from, to: stage },
        )
        .await?;
    }
    work.commit().await?;
    Ok(())
}

#[server(endpoint = "tracks/metadata")]
pub async fn update_metadata(
    track_id: i64,
    title: String,
    bpm: String,
    musical_key: String,
    genre: String,
    description: String,
) -> Result<(), AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let bpm = match bpm.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(n) if (20..=400).contains(&n) => Some(n),
            _ => {
                return Err(AppError::invalid(
                    "BPM must be a whole number from 20 to 400.",
                ))
            }
        },
    };
    let short = |raw: &str, what: &str| -> Result<Option<String>, AppError> {
        crate::text::optional(raw, 40, crate::text::line)
            .map_err(|p| p.error(what, "", &format!("{what} has at most 40 characters.")))
    };
    let meta = store::Metadata {
        title: validate_title(&title)?,
        bpm,
        musical_key: short(&musical_key, "The key")?,
        genre: short(&genre, "The genre")?,
        description: crate::text::optional(&description, 2000, crate::text::multiline)
            .map_err(|p| {
                p.error(
                    "The description",
                    "",
                    "The description has at most 2000 characters.",
                )
            })?
            .unwrap_or_default(),
    };
    let mut work = Work::begin(&state).await?;
    store::require(work.db(), user.id, track_id, Need::Edit).await?;
    let now = work.now;
    store::update_metadata(work.db(), track_id, &meta, now).await?;
    tell(&mut work, track_id, &user, News::MetadataUpdated).await?;
    work.commit().await?;
    Ok(())
}

/// Replaces a track's artwork from a form with `track_id` and `artwork`.
#[server(input = MultipartFormData, endpoint = "tracks/artwork")]
pub async fn set_artwork(data: MultipartData) -> Result<(), AppError> {
    use self::ssr::*;
    let limit = AppState::get()?.config.max_artwork_bytes;
    let (state, user, track_id, file) =
        track_upload(data, "artwork", limit, "Choose an image to upload.", false).await?;
    let uploads = state.config.uploads_dir();
    let mime = upload::sniff_image(file.temp.path())
        .await?
        .ok_or_else(|| AppError::invalid("Artwork must be a PNG, JPEG, GIF or WebP image."))?;
    let mut work = Work::begin(&state).await?;
    store::require(work.db(), user.id, track_id, Need::Edit).await?;
    let rel = format!(
        "artwork/{track_id}-{}",
        crate::platform::tokens::new_token()
    );
    let stored = file.temp.persist(&uploads.join(&rel)).await?;
    let now = work.now;
    let old = store::set_artwork(work.db(), track_id, &rel, mime, now).await?;
    tell(&mut work, track_id, &user, News::ArtworkUpdated).await?;
    work.commit().await?;
    stored.keep();
    if let Some(old) = old {
        let _ = tokio::fs::remove_file(uploads.join(old)).await;
    }
    Ok(())
}

#[server(endpoint = "tracks/due_date")]
pub async fn set_due_date(track_id: i64, due_date: String) -> Result<(), AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let due = parse_due_date(&due_date)?;
    let mut work = Work::begin(&state).await?;
    store::require(work.db(), user.id, track_id, Need::Edit).await?;
    let now = work.now;
    store::set_due_date(work.db(), track_id, due.as_deref(), now).await?;
    work.commit().await?;
    Ok(())
}

/// Adds a file to a track from a form with `track_id` and `file`.
#[server(input = MultipartFormData, endpoint = "tracks/files")]
pub async fn upload_file(data: MultipartData) -> Result<FileInfo, AppError> {
    use self::ssr::*;
    let limit = AppState::get()?.config.max_upload_bytes;
    let (state, user, track_id, file) =
        track_upload(data, "file", limit, "Choose a file to upload.", true).await?;
    let uploads = state.config.uploads_dir();
    let quota = state.config.storage_quota_bytes;
    let mut work = Work::begin(&state).await?;
    store::require(work.db(), user.id, track_id, Need::Edit).await?;
    // It must fit the uploader's storage, and every collaborator's, who keeps a copy.
    crate::tracks::storage::ensure_upload_fits(work.db(), user.id, file.size, quota).await?;
    crate::tracks::storage::ensure_copies_fit(work.db(), track_id, user.id, file.size, quota)
        .await?;
    let rel = format!("tracks/{track_id}/{}", crate::platform::tokens::new_token());
    let mime = if file.declared_mime.is_empty() || file.declared_mime.len() > 100 {
        "application/octet-stream".to_string()
    } else {
        file.declared_mime.clone()
    };
    let now = work.now;
    let id = store::add_file(
        work.db(),
        &store::NewFile {
            track_id,
            uploader_id: user.id,
            name: &file.file_name,
            mime: &mime,
            size_bytes: file.size as i64,
            storage_path: &rel,
        },
        now,
    )
    .await?;
    let info = FileInfo {
        id,
        name: file.file_name.clone(),
        mime,
        size_bytes: file.size as i64,
        uploader_name: user.display_name.clone(),
        created_at: now,
        syncing: None,
    };
    // Every other collaborator gets a copy, in the background.
    let copies =
        crate::tracks::store::sync::queue_file(work.db(), id, track_id, user.id, now).await?;
    if !copies.is_empty() {
        work.signal(&state.sync);
    }
    let stored = file.temp.persist(&uploads.join(&rel)).await?;
    work.commit().await?;
    stored.keep();
    Ok(info)
}

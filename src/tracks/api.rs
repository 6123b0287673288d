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
    ) -> Result<
        (
            AppState,
            crate::auth::User,
            i64,
            upload::Upload,
            std::collections::HashMap<String, String>,
        ),
        crate::error::AppError,
    > {
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
        Ok((state, user, track_id, file, form.fields))
    }

    /// Where a comment's moment points, from the form: `None` without `at`.
    pub fn moment(
        file_id: Option<&str>,
        at: Option<&str>,
        until: Option<&str>,
    ) -> Result<Option<store::At>, crate::error::AppError> {
        use crate::error::AppError;
        use crate::ui::format::parse_clock;
        fn given(v: Option<&str>) -> Option<&str> {
            v.map(str::trim).filter(|v| !v.is_empty())
        }
        let Some(at) = given(at) else {
            if given(until).is_some() {
                return Err(AppError::invalid(
                    "Give the start of the range as well as its end.",
                ));
            }
            return Ok(None);
        };
        let clock = |v: &str| {
            parse_clock(v).ok_or_else(|| {
                AppError::invalid("Write the moment as minutes and seconds, like 1:32.")
            })
        };
        let from = clock(at)?;
        let to = given(until).map(clock).transpose()?;
        if to.is_some_and(|to| to <= from) {
            return Err(AppError::invalid(
                "The end of the range must come after its start.",
            ));
        }
        let file =
            given(file_id).ok_or_else(|| AppError::invalid("Choose the file the moment is in."))?;
        Ok(Some((parse_id(file, "The file")?, from, to)))
    }

    /// The moment a comment's notification cues.
    pub fn cue(c: &crate::tracks::Comment) -> Option<crate::notifications::Cue> {
        c.moment.map(|m| crate::notifications::Cue {
            file_id: m.file_id,
            at_ms: m.at_ms,
        })
    }

    /// Stores an uploaded file on `track_id` inside `work` (a new file, or with `line_id`
    /// a new version of one): it must fit the uploader's storage and every collaborator's
    /// (who each keep a copy), audio is queued for its waveform, and copies for the
    /// others are queued. The stored bytes are removed unless the caller keeps them.
    pub async fn store_file(
        state: &AppState,
        work: &mut Work,
        user: &crate::auth::User,
        track_id: i64,
        file: upload::Upload,
        line_id: Option<i64>,
    ) -> Result<(crate::tracks::FileInfo, upload::Stored), crate::error::AppError> {
        use crate::tracks::{FileInfo, Sound};
        let quota = state.config.storage_quota_bytes;
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
        let audio = crate::audio::is_audio(&file.file_name, &mime);
        let (id, version) = store::files::add(
            work.db(),
            &store::files::NewFile {
                track_id,
                uploader_id: user.id,
                name: &file.file_name,
                mime: &mime,
                size_bytes: file.size as i64,
                storage_path: &rel,
                audio,
                line_id,
            },
            now,
        )
        .await?;
        if audio {
            work.signal(&state.analysis);
        }
        // Every other collaborator gets a copy, in the background.
        let copies =
            crate::tracks::store::sync::queue_file(work.db(), id, track_id, user.id, now).await?;
        if !copies.is_empty() {
            work.signal(&state.sync);
        }
        let info = FileInfo {
            id,
            name: file.file_name.clone(),
            mime,
            size_bytes: file.size as i64,
            uploader_id: user.id,
            uploader_name: user.display_name.clone(),
            created_at: now,
            syncing: None,
            line_id: line_id.unwrap_or(id),
            version,
            sound: if audio {
                Sound::Analysing
            } else {
                Sound::NotAudio
            },
        };
        let stored = file
            .temp
            .persist(&state.config.uploads_dir().join(&rel))
            .await?;
        Ok((info, stored))
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

/// Adds a comment to a track; with `at` (and `file_id`, the version listened to) it is
/// pinned to that moment, with `until` to a range.
#[server(endpoint = "tracks/comment")]
pub async fn add_comment(
    track_id: i64,
    body: String,
    file_id: Option<String>,
    at: Option<String>,
    until: Option<String>,
) -> Result<Comment, AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let body = store::validate_comment(&body)?;
    let at = moment(file_id.as_deref(), at.as_deref(), until.as_deref())?;
    let mut work = Work::begin(&state).await?;
    store::require(work.db(), user.id, track_id, Need::Edit).await?;
    if let Some((file, from, to)) = at {
        store::files::check_moment(work.db(), track_id, file, from, to).await?;
    }
    let now = work.now;
    let comment = store::add_comment(work.db(), track_id, user.id, &body, at, now).await?;
    tell(
        &mut work,
        track_id,
        &user,
        News::CommentAdded {
            body: &body,
            at: cue(&comment),
        },
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
        News::CommentEdited {
            body: &body,
            at: cue(&comment),
        },
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
    let (state, user, track_id, file, _) =
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
    let (state, user, track_id, file, _) =
        track_upload(data, "file", limit, "Choose a file to upload.", true).await?;
    let mut work = Work::begin(&state).await?;
    store::require(work.db(), user.id, track_id, Need::Edit).await?;
    let (info, stored) = store_file(&state, &mut work, &user, track_id, file, None).await?;
    work.commit().await?;
    stored.keep();
    Ok(info)
}

/// Adds a new version of a file, from a form with `track_id`, `file_id` (any version of
/// the file) and `file`. Its people hear of it.
#[server(input = MultipartFormData, endpoint = "tracks/files/version")]
pub async fn upload_version(data: MultipartData) -> Result<FileInfo, AppError> {
    use self::ssr::*;
    let limit = AppState::get()?.config.max_upload_bytes;
    let (state, user, track_id, file, fields) =
        track_upload(data, "file", limit, "Choose the new version's file.", true).await?;
    let of = parse_id(
        fields.get("file_id").map(String::as_str).unwrap_or(""),
        "The file",
    )?;
    let mut work = Work::begin(&state).await?;
    store::require(work.db(), user.id, track_id, Need::Edit).await?;
    let line = store::files::line_of(work.db(), of)
        .await?
        .filter(|l| l.track_id == track_id)
        .ok_or_else(|| AppError::not_found("That file is not on this track any more."))?;
    let (info, stored) =
        store_file(&state, &mut work, &user, track_id, file, Some(line.line_id)).await?;
    tell(
        &mut work,
        track_id,
        &user,
        News::VersionAdded {
            name: &line.name,
            version: info.version,
            file_id: info.id,
        },
    )
    .await?;
    work.commit().await?;
    stored.keep();
    Ok(info)
}

/// Removes one version of a file (the file itself when it has no other): its uploader,
/// or someone who manages the track, may. Its space is freed, and the copies synced to
/// collaborators are deleted.
#[server(endpoint = "tracks/files/remove")]
pub async fn remove_file(file_id: i64) -> Result<(), AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let not_found = || AppError::not_found("This file does not exist or is not shared with you.");
    let mut work = Work::begin(&state).await?;
    let (track_id, uploader) = store::files::owner(work.db(), file_id)
        .await?
        .ok_or_else(not_found)?;
    let role = store::require(work.db(), user.id, track_id, Need::Read)
        .await
        .map_err(|_| not_found())?;
    if !(role.can_manage() || (uploader == user.id && role.can_edit())) {
        return Err(AppError::forbidden(
            "Only the file's uploader, the owner or a collaborator with full control can remove it.",
        ));
    }
    let now = work.now;
    let removed = store::files::remove(work.db(), file_id, now)
        .await?
        .ok_or_else(not_found)?;
    for person in store::audience(work.db(), track_id).await? {
        work.push(person, &crate::notifications::live::Change::Tracks);
    }
    work.commit().await?;
    let _ = tokio::fs::remove_file(state.config.uploads_dir().join(&removed.storage_path)).await;
    for person in removed.copies {
        crate::tracks::sync::forget(&state, person, &[file_id]).await;
    }
    Ok(())
}

/// Mutes a track for the caller: none of its track activity or project news reaches
/// them, in the app or by email, from the next event on (invitations, deadlines,
/// high-priority items and what is theirs alone still come). Anyone who can see the
/// track may; a track they cannot see is 404.
#[server(endpoint = "tracks/mute")]
pub async fn mute_track(track_id: i64) -> Result<(), AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let mut work = Work::begin(&state).await?;
    store::require(work.db(), user.id, track_id, Need::Read).await?;
    let now = work.now;
    crate::notifications::store::mutes::mute(work.db(), user.id, track_id, now).await?;
    work.push(user.id, &crate::notifications::live::Change::Muted);
    work.commit().await?;
    Ok(())
}

/// Unmutes a track the caller muted (404 when it is not muted, whether or not they
/// still see it).
#[server(endpoint = "tracks/unmute")]
pub async fn unmute_track(track_id: i64) -> Result<(), AppError> {
    use self::ssr::*;
    let state = AppState::get()?;
    let user = require_user().await?;
    let mut work = Work::begin(&state).await?;
    if !crate::notifications::store::mutes::unmute(work.db(), user.id, track_id).await? {
        return Err(AppError::not_found("This track is not muted."));
    }
    work.push(user.id, &crate::notifications::live::Change::Muted);
    work.commit().await?;
    Ok(())
}

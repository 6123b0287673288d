//! Serves artwork, track files and avatars to those allowed to see them (an invitee sees
//! the artwork of the track they are invited to).

use crate::auth::session::CurrentUser;
use crate::error::AppError;
use crate::platform::AppState;
use crate::tracks::store::{self, Need};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

async fn serve(
    path: std::path::PathBuf,
    mime: &str,
    req: Request,
    download_name: Option<&str>,
) -> Response {
    let mime =
        HeaderValue::from_str(mime).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let mut res = match ServeFile::new(&path).oneshot(req).await {
        Ok(res) => res.into_response(),
        Err(e) => return AppError::internal("serve file", e).into_response(),
    };
    let found =
        res.status().is_success() || res.status() == axum::http::StatusCode::PARTIAL_CONTENT;
    let h = res.headers_mut();
    if found {
        h.insert(header::CONTENT_TYPE, mime);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if let Some(name) = download_name {
        let safe: String = name
            .chars()
            .map(|c| {
                if c == '"' || c == '\\' || !c.is_ascii() || c.is_ascii_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    res
}

/// `/media/artwork/{track_id}`: members, and people invited to the track, see its artwork.
pub async fn artwork(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(track_id): Path<i64>,
    req: Request,
) -> Result<Response, AppError> {
    let mut conn = state.pool.acquire().await?;
    let member = store::require(&mut conn, user.id, track_id, Need::Read)
        .await
        .is_ok();
    if !member && !crate::invitations::store::is_invited(&mut conn, user.id, track_id).await? {
        return Err(AppError::not_found("No such artwork."));
    }
    let (rel, mime) = store::artwork_location(&mut conn, track_id)
        .await?
        .ok_or_else(|| AppError::not_found("This track has no artwork."))?;
    Ok(serve(state.config.uploads_dir().join(rel), &mime, req, None).await)
}

/// `/media/files/{file_id}`: a track's file, for its members.
pub async fn file(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(file_id): Path<i64>,
    req: Request,
) -> Result<Response, AppError> {
    let mut conn = state.pool.acquire().await?;
    let (track_id, name, mime, rel) = store::files::location(&mut conn, file_id)
        .await?
        .ok_or_else(|| AppError::not_found("No such file."))?;
    store::require(&mut conn, user.id, track_id, Need::Read)
        .await
        .map_err(|_| AppError::not_found("No such file."))?;
    // A collaborator the file synced to downloads their own copy.
    let synced = store::sync::copy_status(&mut conn, file_id, user.id).await?;
    let path = match synced.as_deref() {
        None => state.config.uploads_dir().join(rel),
        Some("done") => crate::tracks::sync::replica_path(&state, user.id, file_id),
        Some(_) => {
            return Err(AppError::conflict(
                "This file is still syncing to you. It can be downloaded once it is complete.",
            ))
        }
    };
    Ok(serve(path, &mime, req, Some(&name)).await)
}

/// `/media/avatars/{user_id}`: a person's avatar, for anyone signed in.
pub async fn avatar(
    State(state): State<AppState>,
    CurrentUser(_): CurrentUser,
    Path(user_id): Path<i64>,
    req: Request,
) -> Result<Response, AppError> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT avatar_path, avatar_mime FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&state.pool)
            .await?;
    let Some((Some(rel), mime)) = row else {
        return Err(AppError::not_found("No such avatar."));
    };
    let mime = mime.unwrap_or_else(|| "image/png".into());
    Ok(serve(state.config.uploads_dir().join(rel), &mime, req, None).await)
}

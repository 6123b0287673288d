//! Sessions: a random token in an HttpOnly cookie, its SHA-256 in the database.
//! `current_user*` are the one way server code learns who is asking.

use super::User;
use crate::error::{AppError, AppResult};
use crate::platform::db::{DbConn, DbPool};
use crate::platform::{db::Work, AppState};
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "pd_session";
/// A session ends after 14 days unused; each use moves its end forward.
pub const IDLE_MS: i64 = 14 * 24 * 3600 * 1000;
/// How stale a session's end may get before a use writes the new one (so that most
/// requests only read).
const REFRESH_MS: i64 = 3600 * 1000;
/// The cookie outlives the server's idle limit (browsers cap cookies at 400 days);
/// the server decides when a session is over.
const COOKIE_MAX_AGE_SECS: i64 = 400 * 24 * 3600;

pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub use crate::platform::tokens::new_token;

/// The session token from a `Cookie` header, if any.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    token_cookie(headers, COOKIE)
}

/// A token (64 hex digits) kept in the cookie `name`, if the request has one.
pub fn token_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub async fn create(
    pool: &DbPool,
    user_id: i64,
    user_agent: Option<&str>,
    now: i64,
) -> AppResult<String> {
    let token = new_token();
    sqlx::query("INSERT INTO sessions (id, user_id, user_agent, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(digest(&token))
        .bind(user_id)
        .bind(user_agent.map(|ua| ua.chars().take(300).collect::<String>()))
        .bind(now)
        .bind(now + IDLE_MS)
        .execute(pool)
        .await?;
    Ok(token)
}

pub async fn destroy(pool: &DbPool, token: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(digest(token))
        .execute(pool)
        .await?;
    Ok(())
}

/// The user of a live session; using it moves its end 14 days ahead (written at most
/// once an hour).
pub async fn lookup(db: &mut DbConn, token: &str, now: i64) -> AppResult<Option<User>> {
    let id = digest(token);
    let Some((user, expires_at)) = super::store::of_session(&mut *db, &id, now).await? else {
        return Ok(None);
    };
    if expires_at < now + IDLE_MS - REFRESH_MS {
        // Best effort: a busy database never fails the request it serves (the next
        // use tries again; the session has an hour's margin).
        if let Err(e) = sqlx::query("UPDATE sessions SET expires_at = $1 WHERE id = $2")
            .bind(now + IDLE_MS)
            .bind(&id)
            .execute(&mut *db)
            .await
        {
            tracing::debug!("session expiry not moved: {e}");
        }
    }
    Ok(Some(user))
}

/// Deletes sessions that ended.
pub async fn purge_expired(pool: &DbPool, now: i64) -> AppResult<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected())
}

pub fn set_cookie(token: &str, secure: bool) -> HeaderValue {
    set_token_cookie(COOKIE, token, secure)
}

/// Keeps `token` in the cookie `name` (HTTP only, same site, 400 days).
pub fn set_token_cookie(name: &str, token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!(
        "{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        COOKIE_MAX_AGE_SECS
    );
    HeaderValue::from_str(&v).expect("cookie is ASCII")
}

pub fn clear_cookie(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ))
    .expect("cookie is ASCII")
}

/// The user behind a request's headers.
pub async fn user_from_headers(state: &AppState, headers: &HeaderMap) -> AppResult<Option<User>> {
    match token_from(headers) {
        Some(token) => {
            let mut conn = state.pool.acquire().await?;
            lookup(&mut conn, &token, state.clock.now_ms()).await
        }
        None => Ok(None),
    }
}

/// The request being answered (server function or server-rendered page).
pub fn request_parts() -> AppResult<Parts> {
    leptos::prelude::use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request Parts missing from the Leptos context");
        AppError::Internal
    })
}

/// The signed-in user of the current server function or page, if any.
pub async fn current_user() -> AppResult<Option<User>> {
    let state = AppState::get()?;
    let parts = request_parts()?;
    match leptos::prelude::use_context::<RequestUser>() {
        Some(once) => once
            .0
            .get_or_try_init(|| user_from_headers(&state, &parts.headers))
            .await
            .cloned(),
        None => user_from_headers(&state, &parts.headers).await,
    }
}

/// Who is signed in, looked up once per request: a page's render asks from several
/// places (the frame, the page's own data). Provided by the server for each request.
#[derive(Clone, Default)]
pub struct RequestUser(std::sync::Arc<tokio::sync::OnceCell<Option<User>>>);

/// The signed-in user, or 401.
pub async fn require_user() -> AppResult<User> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

/// The same for plain axum handlers: `CurrentUser(user)` or a 401 response.
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        user_from_headers(state, &parts.headers)
            .await?
            .map(CurrentUser)
            .ok_or(AppError::Unauthorized)
    }
}

impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status_code())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            self.to_string(),
        )
            .into_response();
        if let AppError::TooManyRequests {
            retry_after_secs, ..
        } = self
        {
            res.headers_mut()
                .insert(header::RETRY_AFTER, retry_after_secs.into());
        }
        res
    }
}

/// Signs the user out everywhere but the session holding `keep_token`.
pub async fn destroy_others(
    db: &mut crate::platform::db::DbConn,
    user_id: i64,
    keep_token: &str,
) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id != $2")
        .bind(user_id)
        .bind(digest(keep_token))
        .execute(&mut *db)
        .await?;
    Ok(())
}

/// Runs `f` for the signed-in user (from the session) in one unit of work, and commits
/// it (which publishes what it collected) when `f` succeeds.
pub async fn in_work<T>(
    f: impl AsyncFnOnce(&mut Work, &User, &AppState) -> AppResult<T>,
) -> AppResult<T> {
    // Context first: it is read before the first await.
    let state = AppState::get()?;
    let user = require_user().await?;
    let mut work = Work::begin(&state).await?;
    let out = f(&mut work, &user, &state).await?;
    work.commit().await?;
    Ok(out)
}

//! Sessions: a random token in an HttpOnly cookie, its SHA-256 in the database.
//! `current_user*` are the one way server code learns who is asking.

use super::User;
use crate::error::{AppError, AppResult};
use crate::server::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap, HeaderValue};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

pub const COOKIE: &str = "pd_session";
/// Sessions last 30 days.
pub const TTL_MS: i64 = 30 * 24 * 3600 * 1000;

pub fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The session token from a `Cookie` header, if any.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub async fn create(
    pool: &SqlitePool,
    user_id: i64,
    user_agent: Option<&str>,
    now: i64,
) -> AppResult<String> {
    let token = new_token();
    sqlx::query("INSERT INTO sessions (id, user_id, user_agent, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
        .bind(digest(&token))
        .bind(user_id)
        .bind(user_agent.map(|ua| ua.chars().take(300).collect::<String>()))
        .bind(now)
        .bind(now + TTL_MS)
        .execute(pool)
        .await?;
    Ok(token)
}

pub async fn destroy(pool: &SqlitePool, token: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE id = ?")
        .bind(digest(token))
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn lookup(pool: &SqlitePool, token: &str, now: i64) -> AppResult<Option<User>> {
    let id: Option<i64> =
        sqlx::query_scalar("SELECT user_id FROM sessions WHERE id = ? AND expires_at > ?")
            .bind(digest(token))
            .bind(now)
            .fetch_optional(pool)
            .await?;
    match id {
        Some(id) => super::store::get(pool, id).await,
        None => Ok(None),
    }
}

pub fn set_cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        TTL_MS / 1000
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
        Some(token) => lookup(&state.pool, &token, state.clock.now_ms()).await,
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
    user_from_headers(&state, &parts.headers).await
}

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
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            self.to_string(),
        )
            .into_response()
    }
}

/// Signs the user out everywhere but the session holding `keep_token`.
pub async fn destroy_others(
    db: &mut sqlx::SqliteConnection,
    user_id: i64,
    keep_token: &str,
) -> AppResult<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = ? AND id != ?")
        .bind(user_id)
        .bind(digest(keep_token))
        .execute(&mut *db)
        .await?;
    Ok(())
}

//! One application error type for server functions, HTTP handlers and the UI.
//!
//! Every variant carries a message that is safe to show to a person; internal
//! details (SQL errors, I/O errors) are logged on the server and never serialized.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// 400: the request is malformed or a field is invalid.
    #[error("{0}")]
    Invalid(String),
    /// 401: no session.
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// 403: signed in, but not allowed to do this.
    #[error("{0}")]
    Forbidden(String),
    /// 404: does not exist, or is not visible to this user.
    #[error("{0}")]
    NotFound(String),
    /// 409: conflicts with the current state (duplicate, already done).
    #[error("{0}")]
    Conflict(String),
    /// 413: an upload is larger than allowed.
    #[error("{0}")]
    TooLarge(String),
    /// 429: too many attempts; the answer carries `Retry-After`.
    #[error("{message}")]
    TooManyRequests {
        message: String,
        retry_after_secs: u64,
    },
    /// 500: something failed on the server; details are in the server log.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// The browser could not reach the server (never produced by the server).
    #[error("Could not reach the server. Check your connection and try again.")]
    Network,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn invalid(msg: impl Into<String>) -> Self {
        AppError::Invalid(msg.into())
    }
    pub fn not_found(msg: impl Into<String>) -> Self {
        AppError::NotFound(msg.into())
    }
    pub fn forbidden(msg: impl Into<String>) -> Self {
        AppError::Forbidden(msg.into())
    }
    pub fn conflict(msg: impl Into<String>) -> Self {
        AppError::Conflict(msg.into())
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 400,
            AppError::Unauthorized => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Conflict(_) => 409,
            AppError::TooLarge(_) => 413,
            AppError::TooManyRequests { .. } => 429,
            AppError::Internal => 500,
            AppError::Network => 503,
        }
    }

    /// Logs an internal error and returns the opaque variant.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!("{context}: {err}");
        AppError::Internal
    }
}

/// What a request whose text holds the NUL character is told.
#[cfg(feature = "ssr")]
pub const NUL_IN_TEXT: &str = "Text cannot contain the NUL character (U+0000).";

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        // PostgreSQL refuses text holding the NUL character (SQLSTATE 22021), which no
        // keyboard types: the request's mistake, said as such.
        if err.as_database_error().and_then(|e| e.code()).as_deref() == Some("22021") {
            return AppError::invalid(NUL_IN_TEXT);
        }
        // A row that must exist and does not is a broken invariant, not a "not found"
        // for the person: what may be missing is read with `fetch_optional` and
        // answered with its own message.
        AppError::internal("database", err)
    }
}

#[cfg(feature = "ssr")]
impl From<std::io::Error> for AppError {
    fn from(err: std::io::Error) -> Self {
        AppError::internal("io", err)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(msg) | ServerFnErrorErr::MissingArg(msg) => {
                #[cfg(feature = "ssr")]
                tracing::debug!("rejected server function arguments: {msg}");
                let _ = msg;
                AppError::invalid(
                    "The request was not understood: a field is missing or has the wrong form.",
                )
            }
            // On the server, a body that does not decode is the client's mistake.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(msg) => {
                tracing::debug!("undecodable server function request: {msg}");
                AppError::invalid(
                    "The request was not understood: a field is missing or has the wrong form.",
                )
            }
            ServerFnErrorErr::Request(_) => AppError::Network,
            ServerFnErrorErr::UnsupportedRequestMethod(_) => {
                AppError::invalid("This request method is not supported here.")
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!("server function failure: {other}");
                let _ = other;
                AppError::Internal
            }
        }
    }

    fn ser(&self) -> leptos::server_fn::Bytes {
        // Runs on the server while the response is built: give it the right status,
        // unless it answers a plain form post (no JavaScript), which is redirected back
        // to its page with the error in the URL.
        #[cfg(feature = "ssr")]
        if let Some(opts) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            let form_post =
                leptos::prelude::use_context::<http::request::Parts>().is_some_and(|p| {
                    p.headers
                        .get(http::header::ACCEPT)
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|a| a.contains("text/html"))
                });
            if let Ok(code) = http::StatusCode::from_u16(self.status_code()) {
                if !form_post {
                    opts.set_status(code);
                }
            }
            if let AppError::TooManyRequests {
                retry_after_secs, ..
            } = self
            {
                opts.insert_header(http::header::RETRY_AFTER, (*retry_after_secs).into());
            }
        }
        leptos::server_fn::Bytes::from(
            serde_json::to_vec(self).unwrap_or_else(|_| b"\"Internal\"".to_vec()),
        )
    }
}

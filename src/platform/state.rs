use super::{Clock, Config};
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sqlx::SqlitePool;
use std::sync::Arc;

/// Everything a request handler or server function needs. Provided as axum state and as
/// Leptos context (`use_context::<AppState>()`).
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: SqlitePool,
    pub clock: Clock,
    pub config: Arc<Config>,
    pub hub: super::hub::Hub,
    /// Wakes the file-sync workers when a unit of work queued files.
    pub sync: super::hub::Signal,
}

impl AppState {
    /// The state inside a server function or a server-rendered component.
    pub fn get() -> Result<AppState, crate::error::AppError> {
        leptos::prelude::use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            crate::error::AppError::Internal
        })
    }
}

use super::{Clock, Config};
use crate::platform::db::DbPool;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// Everything a request handler or server function needs. Provided as axum state and as
/// Leptos context (`use_context::<AppState>()`).
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: DbPool,
    pub clock: Clock,
    pub config: Arc<Config>,
    pub hub: super::hub::Hub,
    /// Wakes the file-sync workers when a unit of work queued files.
    pub sync: super::hub::Signal,
    /// Wakes the waveform workers when a unit of work stored an audio file.
    #[from_ref(skip)]
    pub analysis: super::hub::Signal,
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

#[cfg(test)]
impl AppState {
    /// State for store and pipeline tests: `pool`, a fixed clock at `now`, files in a
    /// fresh temporary folder.
    pub fn for_tests(pool: crate::platform::db::DbPool, now: i64) -> AppState {
        let dir = std::env::temp_dir().join(format!("pd-unit-{}", super::tokens::new_token()));
        AppState {
            leptos_options: LeptosOptions::builder().output_name("pd").build(),
            pool,
            clock: Clock::fixed(now),
            config: Arc::new(Config::for_tests(dir)),
            hub: Default::default(),
            sync: Default::default(),
            analysis: Default::default(),
        }
    }
}

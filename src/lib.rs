//! Producer Dashboard: share tracks with collaborators and never miss what matters.
#![recursion_limit = "256"]

pub mod account;
pub mod announcements;
pub mod app;
#[cfg(feature = "ssr")]
pub mod audio;
pub mod auth;
pub mod dashboard;
pub mod error;
pub mod feed;
pub mod invitations;
#[cfg(feature = "ssr")]
pub mod media;
pub mod notifications;
#[cfg(feature = "ssr")]
pub mod platform;
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod server;
pub mod settings;
pub mod support;
pub mod text;
pub mod tracks;
pub mod ui;
mod vocabulary;

/// Called by the page's loader before it hydrates the page's islands.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn hydrate() {
    console_error_panic_hook::set_once();
    app::hydrate().await;
}

/// Called by the page's loader once its islands are interactive.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrated() {
    app::hydrated();
}

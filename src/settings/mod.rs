//! Settings: profile (and, with notifications, their preferences).

pub mod api;
pub mod notifications_ui;
pub mod prefs;
pub mod support;
pub mod ui;

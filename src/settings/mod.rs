//! Settings: profile (and, with notifications, their preferences).

pub mod api;
pub mod support;
pub mod ui;

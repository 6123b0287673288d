//! Settings: profile (and, with notifications, their preferences).

pub mod api;
pub mod notifications_ui;
pub mod ui;
pub mod unsubscribe_ui;

use serde::{Deserialize, Serialize};

/// What an account's files take, against its quota (bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Storage {
    pub used: u64,
    pub quota: u64,
}

//! Personal reminders: on a track, a person sets a date and time (and a note); at that
//! time a Reminder notification reaches only them, once. They can edit or delete it
//! until it fires.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub id: i64,
    pub track_id: i64,
    pub remind_at: i64,
    pub note: String,
}

pub const NOTE_MAX: usize = 200;

pub mod api;
#[cfg(feature = "ssr")]
pub mod due;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;

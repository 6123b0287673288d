//! Real time: on the server a hub that wakes each user's open streams and the
//! `GET /api/events` stream (server-sent events); in the browser one EventSource per
//! tab that feeds the reactive stores.

#[cfg(feature = "hydrate")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod hub;
#[cfg(feature = "ssr")]
pub mod sse;

use serde::{Deserialize, Serialize};

/// Changes pushed to every open tab of a user (no event id: the database, re-read on
/// reconnect, is the truth for them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// Notifications were read elsewhere.
    Read(Vec<i64>),
    AllRead,
    Dismissed(i64),
    /// The tracks the user can open changed (access granted or ended).
    Tracks,
    /// One of the user's invitations arrived or was answered: its status is now
    /// `pending`, `accepted`, `dismissed` or `revoked`.
    Invitation {
        id: i64,
        status: String,
    },
    /// The notification preferences were saved (in another tab, perhaps).
    Preferences(Box<crate::settings::prefs::Preferences>),
    /// A file of a track synced further to the user: totals for the whole track.
    Sync {
        track_id: i64,
        file_id: i64,
        file_done: bool,
        bytes_done: i64,
        bytes_total: i64,
        files_left: i64,
    },
}

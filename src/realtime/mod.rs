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

/// Read-state changes pushed to every open tab of a user (no event id: the database,
/// re-read on reconnect, is the truth for them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Read(Vec<i64>),
    AllRead,
    Dismissed(i64),
}

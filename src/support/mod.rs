//! Support tickets: a person submits one; an administrator answers through an admin-only
//! path; the reply reaches the person's activity feed, where they say whether it is
//! resolved, still open, or no longer needs attention.

pub mod api;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: i64,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub created_at: i64,
    pub author: String,
    pub replies: Vec<(String, i64)>,
}

/// The person's own answer to a reply: the three quick actions of the feed.
pub const RESOLUTIONS: [(&str, &str); 3] = [
    ("resolved", "Resolved"),
    ("still_open", "Still open"),
    ("no_longer_needed", "No longer needs attention"),
];

pub fn status_label(status: &str) -> &'static str {
    match status {
        "open" => "Waiting for an answer",
        "answered" => "Answered",
        "resolved" => "Resolved",
        "still_open" => "Still open",
        "no_longer_needed" => "No longer needs attention",
        _ => "Unknown",
    }
}

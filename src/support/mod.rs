//! Support tickets: a person submits one; an administrator answers through an admin-only
//! path; the reply reaches the person's activity feed, where they say whether it is
//! resolved, still open, or no longer needs attention.

pub mod api;
#[cfg(feature = "ssr")]
pub mod store;

pub use crate::notifications::TicketStatus;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: i64,
    pub subject: String,
    pub body: String,
    pub status: TicketStatus,
    pub created_at: i64,
    pub author: String,
    pub replies: Vec<(String, i64)>,
}

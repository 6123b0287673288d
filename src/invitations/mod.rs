//! Collaboration invitations: the sender's side on a track, the invitee's modal.

pub mod api;
pub mod defaults;
#[cfg(feature = "ssr")]
pub mod flow;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;

use crate::tracks::Permission;
use serde::{Deserialize, Serialize};

/// A pending invitation as its invitee sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    pub id: i64,
    pub track_id: i64,
    pub track_title: String,
    pub artwork_version: Option<i64>,
    pub inviter_name: String,
    pub permission: Permission,
    pub created_at: i64,
}

/// An address invited automatically to every new track of a project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefaultCollaborator {
    pub email: String,
    pub permission: Permission,
}

//! The two pages where producers work: the dashboard (the grid of tracks, pending
//! invitations, projects) and a track's page. They bring tracks, invitations,
//! reminders and announcements together.

pub mod api;
mod grid;
mod track_page;

pub use grid::DashboardPage;
pub use track_page::TrackPage;

use crate::tracks::{Project, TrackCard};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub tracks: Vec<TrackCard>,
    pub projects: Vec<Project>,
    /// Tracks I am invited to and have not answered yet (shown as pending tiles).
    pub invites: Vec<crate::invitations::Invite>,
    /// The default collaborators of the projects I own, as (project, person).
    pub defaults: Vec<(i64, crate::invitations::DefaultCollaborator)>,
    /// Today's date on the server (`YYYY-MM-DD`), for due-date labels.
    pub today: String,
}

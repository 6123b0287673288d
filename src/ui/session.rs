//! What the islands of a signed-in page share in the browser besides the live state of
//! each feature: which track is selected in the grid and which panels are open.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Session {
    /// The track selected in the grid.
    pub selected_track: RwSignal<Option<i64>>,
    pub invites_open: RwSignal<bool>,
    /// The track the open invitations list is narrowed to (it says so, and "Show all"
    /// clears it); set only by whatever opened the list, so it never lingers.
    pub invites_filter: RwSignal<Option<i64>>,
    pub feed_open: RwSignal<bool>,
    /// Bumped when the pending invitations changed (the open list reloads).
    pub invites_version: RwSignal<u64>,
}

impl Session {
    /// A fresh session for a page, provided to every island on it.
    pub fn provide() -> Session {
        let session = Session {
            selected_track: RwSignal::new(None),
            invites_open: RwSignal::new(false),
            invites_filter: RwSignal::new(None),
            feed_open: RwSignal::new(false),
            invites_version: RwSignal::new(0),
        };
        provide_context(session);
        session
    }

    /// Opens the invitations list: every pending invite, or those for one track.
    pub fn open_invites(&self, track: Option<i64>) {
        self.invites_filter.set(track);
        self.invites_open.set(true);
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

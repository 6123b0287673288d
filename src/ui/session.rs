//! What the header, the grid and the dialogs of a signed-in page share in the browser:
//! which track is selected, which panels are open, and version counters that tell views
//! to reload. The live dispatcher bumps the counters when the server says something
//! changed. (Who is signed in is `auth::ui::Viewer`; the badges live with the feed.)

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
    /// Bumped when something changed that the grid shows.
    pub tracks_version: RwSignal<u64>,
    /// Bumped when the pending invitations changed.
    pub invites_version: RwSignal<u64>,
    /// Bumped when the tracks I may open changed (a track page re-checks its access).
    pub access_version: RwSignal<u64>,
}

impl Session {
    /// A fresh session for a signed-in frame, provided to everything inside it.
    pub fn provide() -> Session {
        let session = Session {
            selected_track: RwSignal::new(None),
            invites_open: RwSignal::new(false),
            invites_filter: RwSignal::new(None),
            feed_open: RwSignal::new(false),
            tracks_version: RwSignal::new(0),
            invites_version: RwSignal::new(0),
            access_version: RwSignal::new(0),
        };
        provide_context(session);
        session
    }

    /// Opens the invitations list: every pending invite, or those for one track.
    pub fn open_invites(&self, track: Option<i64>) {
        self.invites_filter.set(track);
        self.invites_open.set(true);
    }

    /// Everything that follows the server changed (the stream fell behind): reload it.
    pub fn reload_all(&self) {
        for v in [
            self.tracks_version,
            self.invites_version,
            self.access_version,
        ] {
            v.update(|v| *v += 1);
        }
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

//! The changes pushed live to every open tab of a user. Features make them inside a
//! unit of work; the platform hub carries them (as JSON) to the user's streams; the
//! browser's live dispatcher applies them.

use serde::{Deserialize, Serialize};

/// Changes pushed to every open tab of a user (no event id: the database, re-read on
/// reconnect, is the truth for them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// Notifications were read elsewhere.
    Read(Vec<i64>),
    AllRead,
    Dismissed(i64),
    /// A group changed (read, shrank): its row as it stands now.
    Group(Box<super::Notification>),
    /// A group has nothing left in it (dismissed).
    GroupGone(i64),
    /// Many rows changed at once (Mark all as read was undone): the feed loads again.
    Reload,
    /// The tracks the user can open changed (access granted or ended).
    Tracks,
    /// The user muted or unmuted a track (its page and the settings show it).
    Muted,
    /// One of the user's invitations arrived or was answered: its status is now
    /// `pending`, `accepted`, `dismissed` or `revoked`.
    Invitation {
        id: i64,
        status: super::InvitationStatus,
    },
    /// The notification preferences were saved (in another tab, perhaps).
    Preferences(Box<crate::notifications::preferences::Preferences>),
    /// The person's own profile changed (name, avatar, theme, verified address), in
    /// this tab or another: as it stands now.
    Me(Box<crate::auth::User>),
    /// A file of a track synced further to the user: totals for the whole track.
    Sync {
        track_id: i64,
        file_id: i64,
        file_done: bool,
        bytes_done: i64,
        bytes_total: i64,
        files_left: i64,
    },
    /// A file of a track was analysed: its waveform (or why it has none) is ready.
    Analysed {
        track_id: i64,
        file_id: i64,
    },
}

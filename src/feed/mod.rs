//! The bell in the header and its activity panel; the activity page. One part per
//! file: what the tab knows of the feed (`state`), the bell (`bell`), the panel
//! (`panel`), one row (`row`), a row's snooze menu (`snooze`) and More actions (`more`),
//! the filters (`filters`), selecting rows (`select`), keyboard triage (`keys`), the
//! page (`page`).

mod bell;
mod page;
mod state;
// The panel exists only in the browser (the server renders the bell as a link).
#[cfg(feature = "hydrate")]
mod filters;
#[cfg(feature = "hydrate")]
mod keys;
#[cfg(feature = "hydrate")]
mod menu;
#[cfg(feature = "hydrate")]
mod more;
#[cfg(feature = "hydrate")]
mod panel;
#[cfg(feature = "hydrate")]
mod row;
#[cfg(feature = "hydrate")]
mod select;
#[cfg(feature = "hydrate")]
mod snooze;

pub use bell::Bell;
#[cfg(feature = "hydrate")]
pub use bell::{follow, prefetch};
pub use page::ActivityPage;
pub use state::Feed;

use crate::notifications::{Category, Notification};
use crate::ui::icons::IconKind;

pub fn category_icon(c: Category) -> IconKind {
    match c {
        Category::Collaboration => IconKind::People,
        Category::Deadline => IconKind::Calendar,
        Category::Workflow => IconKind::Checklist,
        Category::Reminder => IconKind::Clock,
        Category::System => IconKind::Info,
        Category::Support => IconKind::LifeBuoy,
    }
}

/// The page a notification is about: its track, at the part it concerns.
pub(crate) fn track_link(n: &Notification) -> Option<String> {
    n.track_id
        .map(|t| crate::notifications::track_path(t, n.widget, n.cue))
}

/// Whether a row still asks to be looked at: a group while any of it is unread.
pub(crate) fn unread(n: &Notification) -> bool {
    n.row_unread()
}

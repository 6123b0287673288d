//! What a notification says by email.

use super::{Cue, Widget};

/// The text of a notification's email: the message, where to see it, and where to
/// change what arrives by email.
pub fn body(
    message: &str,
    track_id: Option<i64>,
    widget: Option<Widget>,
    cue: Option<Cue>,
) -> String {
    use crate::platform::mail::{literal, APP_URL};
    let link = match track_id {
        Some(t) => format!("{APP_URL}{}", super::track_path(t, widget, cue)),
        None => format!("{APP_URL}/"),
    };
    format!(
        "{}\n\nSee it in Producer Dashboard: {link}\n\nTo choose what reaches you by email, open Settings → Notifications: {APP_URL}/settings/notifications\n",
        literal(message)
    )
}

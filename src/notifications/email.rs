//! What a notification says by email.

use super::Widget;

/// The text of a notification's email: the message, where to see it, and where to
/// change what arrives by email.
pub fn body(message: &str, track_id: Option<i64>, widget: Option<Widget>) -> String {
    use crate::platform::mail::{literal, APP_URL};
    let link = match (track_id, widget) {
        (Some(t), Some(w)) => format!("{APP_URL}/tracks/{t}?widget={}", w.as_str()),
        (Some(t), None) => format!("{APP_URL}/tracks/{t}"),
        _ => format!("{APP_URL}/"),
    };
    format!(
        "{}\n\nSee it in Producer Dashboard: {link}\n\nTo choose what reaches you by email, open Settings → Notifications: {APP_URL}/settings/notifications\n",
        literal(message)
    )
}

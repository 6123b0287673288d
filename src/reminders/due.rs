//! The background pass that fires due reminders.

use super::store;
use crate::error::AppResult;
use crate::notifications::kinds::Kind;
use crate::notifications::pipeline::{self, Note};
use crate::platform::db::Work;

/// Fires every reminder due at the unit of work's time, each exactly once. A reminder
/// whose person is no longer on the track fires nothing. Returns how many were notified.
pub async fn fire_due(work: &mut Work) -> AppResult<usize> {
    let now = work.now;
    let due = store::claim_due(work.db(), now).await?;
    let mut delivered = 0;
    for d in due {
        if crate::tracks::store::role(work.db(), d.user_id, d.track_id)
            .await?
            .is_none()
        {
            continue;
        }
        let message = if d.note.is_empty() {
            format!("You asked to be reminded about {}.", d.track_title)
        } else {
            d.note
        };
        let n = Note::new(
            Kind::PersonalReminder,
            format!("Reminder: {}", d.track_title),
            message,
        )
        .on_track(d.track_id);
        delivered += pipeline::emit(work, &[d.user_id], &n).await?;
    }
    Ok(delivered)
}

//! What a track's activity tells its people: the notification builder between a track
//! action and the pipeline.

use crate::auth::User;
use crate::error::AppResult;
use crate::notifications::kinds::Kind;
use crate::notifications::pipeline::{self, Note};
use crate::platform::db::Work;

/// Tells everyone on the track but `actor` about a change, inside the unit of work.
/// `title` and `message` get the track's title as `{track}`.
pub async fn tell(
    work: &mut Work,
    track_id: i64,
    actor: &User,
    kind: Kind,
    title: &str,
    message: String,
) -> AppResult<usize> {
    let track = super::store::title(work.db(), track_id).await?;
    let note = Note::new(
        kind,
        title.replace("{track}", &track),
        message.replace("{track}", &track),
    )
    .on_track(track_id)
    .by(actor.id);
    let audience = super::store::audience(work.db(), track_id).await?;
    pipeline::emit(work, &audience, &note).await
}

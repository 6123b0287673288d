//! What a track's activity tells its people: the notification builder between a track
//! action and the pipeline. Each piece of news says, in one place, its kind, its title
//! and its message.

use super::Stage;
use crate::auth::User;
use crate::error::AppResult;
use crate::notifications::kinds::Kind;
use crate::notifications::pipeline::{self, Note};
use crate::platform::db::Work;
use crate::text::excerpt;

/// Something that happened on a track, as its people hear of it.
pub enum News<'a> {
    CommentAdded {
        body: &'a str,
    },
    CommentEdited {
        body: &'a str,
    },
    /// The stage changed (to Published: the track is published).
    StageChanged {
        from: Stage,
        to: Stage,
    },
    MetadataUpdated,
    ArtworkUpdated,
}

impl News<'_> {
    /// The notification for the track titled `track`, by `actor`.
    pub fn note(&self, track: &str, actor: &User) -> Note {
        let who = &actor.display_name;
        let (kind, title, message) = match self {
            News::CommentAdded { body } => (
                Kind::CommentAdded,
                format!("New comment on {track}"),
                format!("{who}: {}", excerpt(body, 140)),
            ),
            News::CommentEdited { body } => (
                Kind::CommentEdited,
                format!("Comment edited on {track}"),
                format!("{who} edited a comment: {}", excerpt(body, 140)),
            ),
            News::StageChanged { from, to } => (
                if *to == Stage::Published {
                    Kind::TrackPublished
                } else {
                    Kind::StageChanged
                },
                if *to == Stage::Published {
                    format!("{track} is published")
                } else {
                    format!("{track} moved to {}", to.label())
                },
                format!(
                    "{who} moved {track} from {} to {}.",
                    from.label(),
                    to.label()
                ),
            ),
            News::MetadataUpdated => (
                Kind::MetadataUpdated,
                format!("{track}: details updated"),
                format!("{who} updated the title, tempo, key, genre or description."),
            ),
            News::ArtworkUpdated => (
                Kind::ArtworkUpdated,
                format!("New artwork for {track}"),
                format!("{who} uploaded new artwork for {track}."),
            ),
        };
        Note::new(kind, title, message).by(actor.id)
    }
}

/// Tells everyone on the track but `actor` the news, inside the unit of work.
pub async fn tell(
    work: &mut Work,
    track_id: i64,
    actor: &User,
    news: News<'_>,
) -> AppResult<usize> {
    let track = super::store::title(work.db(), track_id).await?;
    let note = news.note(&track, actor).on_track(track_id);
    let audience = super::store::audience(work.db(), track_id).await?;
    pipeline::emit(work, &audience, &note).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_reads_naturally() {
        let maya = User {
            id: 1,
            email: "maya@example.com".into(),
            display_name: "Maya".into(),
            email_verified: true,
            theme: Default::default(),
            is_admin: false,
            avatar_version: None,
        };
        let n = News::StageChanged {
            from: Stage::Editing,
            to: Stage::Published,
        }
        .note("Night Drive", &maya);
        assert_eq!(n.kind, Kind::TrackPublished);
        assert_eq!(n.title, "Night Drive is published");
        assert_eq!(
            n.message,
            "Maya moved Night Drive from Editing to Published."
        );
        let n = News::CommentAdded {
            body: "  tighten\nthe  kick ",
        }
        .note("Night Drive", &maya);
        assert_eq!(
            (n.title.as_str(), n.message.as_str()),
            ("New comment on Night Drive", "Maya: tighten the kick")
        );
        assert_eq!(n.actor_id, Some(1));
    }
}

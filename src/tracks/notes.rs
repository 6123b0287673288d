//! What a track's activity tells its people: the notification builder between a track
//! action and the pipeline. Each piece of news says, in one place, its kind, its title
//! and its message.

use super::Stage;
use crate::auth::User;
use crate::error::AppResult;
use crate::notifications::kinds::Kind;
use crate::notifications::pipeline::{self, Note};
use crate::notifications::Cue;
use crate::platform::db::Work;
use crate::text::excerpt;
use crate::ui::format::clock;

/// Something that happened on a track, as its people hear of it.
pub enum News<'a> {
    /// A comment, perhaps at a moment of one of the track's files.
    CommentAdded {
        body: &'a str,
        at: Option<Cue>,
    },
    CommentEdited {
        body: &'a str,
        at: Option<Cue>,
    },
    /// A new version of a file (`name`: the file's, as its first version named it).
    VersionAdded {
        name: &'a str,
        version: i64,
        file_id: i64,
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
        let cue = match self {
            News::CommentAdded { at, .. } | News::CommentEdited { at, .. } => *at,
            News::VersionAdded { file_id, .. } => Some(Cue {
                file_id: *file_id,
                at_ms: 0,
            }),
            _ => None,
        };
        let (kind, title, message) = match self {
            News::CommentAdded { body, at: None } => (
                Kind::CommentAdded,
                format!("New comment on {track}"),
                format!("{who}: {}", excerpt(body, 140)),
            ),
            News::CommentAdded { body, at: Some(c) } => (
                Kind::CommentAdded,
                format!("{who} commented at {} on {track}", clock(c.at_ms)),
                format!("{who} at {}: {}", clock(c.at_ms), excerpt(body, 140)),
            ),
            News::CommentEdited { body, at } => (
                Kind::CommentEdited,
                format!("Comment edited on {track}"),
                match at {
                    Some(c) => format!(
                        "{who} edited a comment at {}: {}",
                        clock(c.at_ms),
                        excerpt(body, 140)
                    ),
                    None => format!("{who} edited a comment: {}", excerpt(body, 140)),
                },
            ),
            News::VersionAdded { name, version, .. } => (
                Kind::VersionAdded,
                format!("{who} uploaded v{version} of {name} on {track}"),
                format!("{who} uploaded v{version} of {name}. Listen to it on the track's page."),
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
        let note = Note::new(kind, title, message).by(actor.id).at(cue);
        match self {
            News::StageChanged { to, .. } => note.detail(to.label()),
            _ => note,
        }
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
            at: None,
        }
        .note("Night Drive", &maya);
        assert_eq!(
            (n.title.as_str(), n.message.as_str()),
            ("New comment on Night Drive", "Maya: tighten the kick")
        );
        assert_eq!(n.actor_id, Some(1));
        let cue = Cue {
            file_id: 4,
            at_ms: 92_400,
        };
        let n = News::CommentAdded {
            body: "vocal too loud",
            at: Some(cue),
        }
        .note("Night Drive", &maya);
        assert_eq!(n.title, "Maya commented at 1:32 on Night Drive");
        assert_eq!(n.message, "Maya at 1:32: vocal too loud");
        assert_eq!(n.cue, Some(cue));
        let n = News::VersionAdded {
            name: "mix.wav",
            version: 3,
            file_id: 9,
        }
        .note("Night Drive", &maya);
        assert_eq!(n.kind, Kind::VersionAdded);
        assert_eq!(n.title, "Maya uploaded v3 of mix.wav on Night Drive");
    }
}

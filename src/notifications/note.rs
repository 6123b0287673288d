//! What a notification says and points to, built by the feature whose action causes it
//! and handed to the pipeline.

use super::kinds::Kind;
use super::{Cue, Widget};

/// What a notification says and points to.
#[derive(Clone, Debug)]
pub struct Note {
    pub kind: Kind,
    pub title: String,
    pub message: String,
    pub track_id: Option<i64>,
    pub widget: Option<Widget>,
    pub cue: Option<Cue>,
    pub actor_id: Option<i64>,
    pub invitation_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub high_priority: bool,
    /// What a digest adds to its track's line: the stage it moved to.
    pub detail: Option<String>,
}

impl Note {
    pub fn new(kind: Kind, title: impl Into<String>, message: impl Into<String>) -> Note {
        Note {
            kind,
            title: title.into(),
            message: message.into(),
            track_id: None,
            widget: kind.widget(),
            cue: None,
            actor_id: None,
            invitation_id: None,
            ticket_id: None,
            high_priority: kind.high_priority(),
            detail: None,
        }
    }

    /// Whether muting its track holds it back: track activity and project news that is
    /// not high priority. Invitations, deadlines, reminders, support replies and
    /// security alerts always come.
    pub fn mutable(&self) -> bool {
        use super::kinds::Section;
        !self.high_priority
            && matches!(
                self.kind.spec().preference,
                Some((Section::Track | Section::Projects, _))
            )
    }

    pub fn on_track(mut self, track_id: i64) -> Note {
        self.track_id = Some(track_id);
        self
    }

    /// It is about a moment in one of the track's files.
    pub fn at(mut self, cue: Option<Cue>) -> Note {
        self.cue = cue;
        self
    }

    pub fn by(mut self, actor_id: i64) -> Note {
        self.actor_id = Some(actor_id);
        self
    }

    pub fn invitation(mut self, id: i64) -> Note {
        self.invitation_id = Some(id);
        self
    }

    pub fn ticket(mut self, id: i64) -> Note {
        self.ticket_id = Some(id);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Note {
        self.detail = Some(detail.into());
        self
    }

    pub fn high(mut self, high: bool) -> Note {
        self.high_priority = high;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn muting_holds_back_track_activity_and_project_news_only() {
        use Kind::*;
        let held = [
            CommentAdded,
            CommentEdited,
            StageChanged,
            ArtworkUpdated,
            MetadataUpdated,
            TrackPublished,
            VersionAdded,
            ProjectTrackAdded,
            ProjectRenamed,
            ProjectAnnouncement,
        ];
        for kind in Kind::ALL {
            let note = Note::new(kind, "t", "m").on_track(1);
            assert_eq!(note.mutable(), held.contains(&kind), "{kind:?}");
        }
        let mut urgent = Note::new(CommentAdded, "t", "m").on_track(1);
        urgent.high_priority = true;
        assert!(!urgent.mutable(), "high priority always comes");
    }
}

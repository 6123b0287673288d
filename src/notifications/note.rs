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
        }
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

    pub fn high(mut self, high: bool) -> Note {
        self.high_priority = high;
        self
    }
}

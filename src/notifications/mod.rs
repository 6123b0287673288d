//! Notifications: the feed behind the bell.

pub mod api;
#[cfg(feature = "ssr")]
pub mod digest;
#[cfg(feature = "ssr")]
pub mod email;
pub mod kinds;
pub mod live;
#[cfg(feature = "ssr")]
pub mod note;
#[cfg(feature = "ssr")]
pub mod pipeline;
pub mod preferences;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    Collaboration,
    Deadline,
    Workflow,
    Reminder,
    System,
    Support,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Collaboration,
        Category::Deadline,
        Category::Workflow,
        Category::Reminder,
        Category::System,
        Category::Support,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Collaboration => "collaboration",
            Category::Deadline => "deadline",
            Category::Workflow => "workflow",
            Category::Reminder => "reminder",
            Category::System => "system",
            Category::Support => "support",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Collaboration => "Collaboration",
            Category::Deadline => "Deadline",
            Category::Workflow => "Workflow",
            Category::Reminder => "Reminder",
            Category::System => "System",
            Category::Support => "Support feedback",
        }
    }
}

/// The widgets of a track's page a notification can point to; a URL can address one
/// (`?widget=comments`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Widget {
    Comments,
    Stage,
    Artwork,
    DueDate,
    Files,
    Collaborators,
}

impl Widget {
    pub const ALL: [Widget; 6] = [
        Widget::Stage,
        Widget::DueDate,
        Widget::Artwork,
        Widget::Comments,
        Widget::Files,
        Widget::Collaborators,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Widget::Comments => "comments",
            Widget::Stage => "stage",
            Widget::Artwork => "artwork",
            Widget::DueDate => "due-date",
            Widget::Files => "files",
            Widget::Collaborators => "collaborators",
        }
    }
}

/// A moment in one of a track's files that a notification points to: its track page
/// opens with the player cued there (paused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cue {
    pub file_id: i64,
    pub at_ms: i64,
}

/// The address of a track's page at the part (`widget`) and moment (`cue`) a
/// notification concerns: `/tracks/7?widget=comments&file=12&t=92.5`.
pub fn track_path(track_id: i64, widget: Option<Widget>, cue: Option<Cue>) -> String {
    let mut path = format!("/tracks/{track_id}");
    if let Some(w) = widget {
        path.push_str(&format!("?widget={}", w.as_str()));
    }
    if let Some(c) = cue {
        let sep = if widget.is_some() { '&' } else { '?' };
        let (s, ms) = (c.at_ms.max(0) / 1000, c.at_ms.max(0) % 1000);
        let t = if ms == 0 {
            s.to_string()
        } else {
            format!("{s}.{ms:03}").trim_end_matches('0').to_string()
        };
        path.push_str(&format!("{sep}file={}&t={t}", c.file_id));
    }
    path
}

/// One row of the activity feed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub category: Category,
    pub kind: kinds::Kind,
    pub high_priority: bool,
    pub title: String,
    pub message: String,
    pub track_id: Option<i64>,
    /// Its track's title as it is now.
    pub track_title: Option<String>,
    pub widget: Option<Widget>,
    /// The moment it is about, in one of the track's files.
    pub cue: Option<Cue>,
    pub invitation_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub created_at: i64,
    pub read: bool,
    /// It arrived during the recipient's quiet hours (and was not high priority), so
    /// nothing popped up for it.
    pub quiet: bool,
    /// For a support reply: where the ticket stands now.
    pub ticket_status: Option<TicketStatus>,
    /// For an invitation: where it stands now.
    pub invitation_status: Option<InvitationStatus>,
    /// The run of notifications this one belongs to, as it stands now.
    pub group: Group,
}

impl Notification {
    /// Whether its row still asks to be looked at: a group's while any of it is unread.
    pub fn row_unread(&self) -> bool {
        if self.group.size > 1 {
            self.group.unread > 0
        } else {
            !self.read
        }
    }
}

/// A run of consecutive notifications of the same kind on the same track: one row of
/// the feed, shown as its newest notification with the run's own title.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: i64,
    /// Its place in the feed (newest first): where it arrived, or came back from a snooze.
    pub position: i64,
    /// How many notifications it holds (1: a notification on its own).
    pub size: i64,
    /// How many of them are unread.
    pub unread: i64,
    /// "Jordan and Priya left 14 comments on Night Drive" (for a run of more than one).
    pub title: Option<String>,
}

/// Where an invitation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Dismissed,
    Revoked,
}

impl InvitationStatus {
    pub const ALL: [InvitationStatus; 4] = [
        InvitationStatus::Pending,
        InvitationStatus::Accepted,
        InvitationStatus::Dismissed,
        InvitationStatus::Revoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "pending",
            InvitationStatus::Accepted => "accepted",
            InvitationStatus::Dismissed => "dismissed",
            InvitationStatus::Revoked => "revoked",
        }
    }
}

crate::vocabulary::stored_as_text!(InvitationStatus);

/// Where a support ticket stands: waiting, answered, or the author's own answer to a
/// reply (the last three, offered as quick actions in the feed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    Open,
    Answered,
    Resolved,
    StillOpen,
    NoLongerNeeded,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 5] = [
        TicketStatus::Open,
        TicketStatus::Answered,
        TicketStatus::Resolved,
        TicketStatus::StillOpen,
        TicketStatus::NoLongerNeeded,
    ];

    /// What the author may answer to a reply, in the feed's order.
    pub const RESOLUTIONS: [TicketStatus; 3] = [
        TicketStatus::Resolved,
        TicketStatus::StillOpen,
        TicketStatus::NoLongerNeeded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::Answered => "answered",
            TicketStatus::Resolved => "resolved",
            TicketStatus::StillOpen => "still_open",
            TicketStatus::NoLongerNeeded => "no_longer_needed",
        }
    }

    /// How the ticket list shows it.
    pub fn label(self) -> &'static str {
        match self {
            TicketStatus::Open => "Waiting for an answer",
            TicketStatus::Answered => "Answered",
            TicketStatus::Resolved => "Resolved",
            TicketStatus::StillOpen => "Still open",
            TicketStatus::NoLongerNeeded => "No longer needs attention",
        }
    }

    /// The quick action's words in the feed.
    pub fn action(self) -> &'static str {
        match self {
            TicketStatus::Resolved => "Resolved",
            TicketStatus::StillOpen => "Still open",
            TicketStatus::NoLongerNeeded => "No longer needs attention",
            TicketStatus::Open | TicketStatus::Answered => self.label(),
        }
    }
}

crate::vocabulary::stored_as_text!(TicketStatus);
crate::vocabulary::stored_as_text!(Category);
crate::vocabulary::stored_as_text!(Widget);

#[cfg(test)]
mod vocabulary_tests {
    use super::*;

    fn wire<T: Serialize>(v: T) -> String {
        serde_json::to_string(&v).unwrap()
    }

    /// The JSON the browser gets is the text the database holds.
    #[test]
    fn wire_names_are_the_stored_names() {
        let quoted = |s: &str| format!("\"{s}\"");
        for w in Widget::ALL {
            assert_eq!(wire(w), quoted(w.as_str()));
        }
        for s in TicketStatus::ALL {
            assert_eq!(wire(s), quoted(s.as_str()));
        }
        for s in InvitationStatus::ALL {
            assert_eq!(wire(s), quoted(s.as_str()));
        }
        for k in kinds::Kind::ALL {
            assert_eq!(wire(k), quoted(k.as_str()));
        }
    }
}

/// Which rows of the feed to show: unread only, of one category, about one track. In a
/// URL: `?unread=1&category=deadline&track=7` (the activity page's, and what the panel
/// remembers).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub unread: bool,
    pub category: Option<Category>,
    pub track: Option<i64>,
}

impl Filter {
    /// Reads the three values as a URL carries them; absent or empty means "any". An
    /// unknown value is refused with a sentence saying which.
    pub fn parse(
        unread: Option<&str>,
        category: Option<&str>,
        track: Option<&str>,
    ) -> Result<Filter, String> {
        let unread = match unread.unwrap_or("") {
            "" | "0" | "false" => false,
            "1" | "true" | "on" => true,
            _ => return Err("\u{201c}Unread only\u{201d} is either on (1) or off (0).".into()),
        };
        let category = match category.unwrap_or("") {
            "" | "all" => None,
            c => Some(Category::parse(c).ok_or_else(|| {
                let known: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                let shown: String = c.chars().take(40).collect();
                format!(
                    "There is no category \u{201c}{shown}\u{201d}. Choose one of: {}.",
                    known.join(", ")
                )
            })?),
        };
        let track = match track.unwrap_or("") {
            "" | "all" => None,
            t => Some(
                t.parse::<i64>()
                    .ok()
                    .filter(|t| *t > 0)
                    .ok_or_else(|| "Choose a track from the list to filter by.".to_string())?,
            ),
        };
        Ok(Filter {
            unread,
            category,
            track,
        })
    }

    /// Whether any filter is on.
    pub fn is_on(&self) -> bool {
        *self != Filter::default()
    }

    /// Whether a row belongs in this view.
    pub fn shows(&self, n: &Notification) -> bool {
        (!self.unread || n.row_unread()) && self.holds(n)
    }

    /// Whether a row's category and track are this view's (what a row keeps whatever
    /// happens to it, unlike being unread).
    pub fn holds(&self, n: &Notification) -> bool {
        self.category.is_none_or(|c| c == n.category)
            && self.track.is_none_or(|t| n.track_id == Some(t))
    }

    /// As a URL's query, without the `?` (empty with no filter on); `extra` pairs follow.
    pub fn query(&self, extra: &[(&str, String)]) -> String {
        let mut parts = Vec::new();
        if self.unread {
            parts.push("unread=1".to_string());
        }
        if let Some(c) = self.category {
            parts.push(format!("category={}", c.as_str()));
        }
        if let Some(t) = self.track {
            parts.push(format!("track={t}"));
        }
        parts.extend(extra.iter().map(|(k, v)| format!("{k}={v}")));
        parts.join("&")
    }

    /// In words: "Unread only · Deadline · Night Drive" (`track` the track's title).
    pub fn describe(&self, track: Option<&str>) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.unread {
            parts.push("Unread only".into());
        }
        if let Some(c) = self.category {
            parts.push(c.label().into());
        }
        if self.track.is_some() {
            parts.push(track.unwrap_or("One track").into());
        }
        parts.join(" \u{b7} ")
    }
}

/// What the filters offer: the unread count of each category (in `Category::ALL`'s
/// order) and the tracks the feed has notifications about, by title.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterChoices {
    pub unread: Vec<(Category, i64)>,
    pub tracks: Vec<TrackChoice>,
}

impl FilterChoices {
    pub fn unread_in(&self, c: Category) -> i64 {
        self.unread
            .iter()
            .find(|(k, _)| *k == c)
            .map_or(0, |(_, n)| *n)
    }

    pub fn track_title(&self, id: i64) -> Option<&str> {
        self.tracks
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.title.as_str())
    }
}

/// A track the feed has notifications about (or one muted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct TrackChoice {
    pub id: i64,
    pub title: String,
}

/// A page of the feed; `next` is the id to continue before (keyset), if there is more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedPage {
    pub items: Vec<Notification>,
    pub next: Option<i64>,
}

/// The two header badges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badges {
    pub unread: i64,
    pub invites: i64,
}

pub use crate::ui::format::badge_text;

pub const PAGE_SIZE: i64 = 20;

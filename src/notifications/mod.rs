//! Notifications: the feed behind the bell.

pub mod api;
#[cfg(feature = "ssr")]
pub mod email;
pub mod kinds;
pub mod live;
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

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
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

    pub fn parse(s: &str) -> Option<Widget> {
        Widget::ALL.into_iter().find(|w| w.as_str() == s)
    }
}

/// One row of the activity feed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub category: Category,
    pub kind: String,
    pub high_priority: bool,
    pub title: String,
    pub message: String,
    pub track_id: Option<i64>,
    pub widget: Option<String>,
    pub invitation_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub created_at: i64,
    pub read: bool,
    /// For a support reply: where the ticket stands now.
    pub ticket_status: Option<String>,
    /// For an invitation: pending, accepted, dismissed or revoked.
    pub invitation_status: Option<String>,
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

/// "99+" past 99.
pub fn badge_text(n: i64) -> String {
    if n > 99 {
        "99+".into()
    } else {
        n.to_string()
    }
}

pub const PAGE_SIZE: i64 = 20;

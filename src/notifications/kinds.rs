//! Every kind of notification in one table (its stored name, category, default priority,
//! the widget it points to, the preference that lets it through), and the sections of
//! the notification preferences.

use super::Category;
use crate::notifications::Widget;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    // track activity
    CommentAdded,
    CommentEdited,
    StageChanged,
    ArtworkUpdated,
    MetadataUpdated,
    TrackPublished,
    VersionAdded,
    // collaborator updates
    InvitationReceived,
    InvitationAccepted,
    CollaboratorRemoved,
    ProfileChanged,
    // deadlines
    DueSoon,
    DuePassed,
    Overdue,
    // projects and buckets
    ProjectTrackAdded,
    ProjectRenamed,
    ProjectAnnouncement,
    // system
    NewSignIn,
    SignInFailures,
    PasswordChanged,
    AccountVerification,
    ServiceAnnouncement,
    // support and reminders
    SupportReply,
    PersonalReminder,
}

impl Kind {
    pub const ALL: [Kind; 24] = [
        Kind::CommentAdded,
        Kind::CommentEdited,
        Kind::StageChanged,
        Kind::ArtworkUpdated,
        Kind::MetadataUpdated,
        Kind::TrackPublished,
        Kind::VersionAdded,
        Kind::InvitationReceived,
        Kind::InvitationAccepted,
        Kind::CollaboratorRemoved,
        Kind::ProfileChanged,
        Kind::DueSoon,
        Kind::DuePassed,
        Kind::Overdue,
        Kind::ProjectTrackAdded,
        Kind::ProjectRenamed,
        Kind::ProjectAnnouncement,
        Kind::NewSignIn,
        Kind::SignInFailures,
        Kind::PasswordChanged,
        Kind::AccountVerification,
        Kind::ServiceAnnouncement,
        Kind::SupportReply,
        Kind::PersonalReminder,
    ];

    /// Everything about a kind, in one table: adding a kind adds one arm here (and its
    /// variant above). The feed's icon and the default email choice follow from the
    /// category and the preference section.
    #[rustfmt::skip]
    pub const fn spec(self) -> Spec {
        use Category as C;
        use Kind::*;
        use Section as S;
        use Widget as W;
        const fn spec(
            name: &'static str,
            category: Category,
            high_priority: bool,
            widget: Option<Widget>,
            preference: Option<(Section, &'static str)>,
        ) -> Spec {
            Spec {
                name,
                category,
                high_priority,
                widget,
                preference,
            }
        }
        match self {
            // kind => spec(stored name, category, high priority, widget, preference option)
            CommentAdded => spec("comment_added", C::Workflow, false, Some(W::Comments), Some((S::Track, "comments"))),
            CommentEdited => spec("comment_edited", C::Workflow, false, Some(W::Comments), Some((S::Track, "comments"))),
            StageChanged => spec("stage_changed", C::Workflow, false, Some(W::Stage), Some((S::Track, "stage"))),
            ArtworkUpdated => spec("artwork_updated", C::Workflow, false, Some(W::Artwork), Some((S::Track, "artwork"))),
            MetadataUpdated => spec("metadata_updated", C::Workflow, false, Some(W::Artwork), Some((S::Track, "artwork"))),
            TrackPublished => spec("track_published", C::Workflow, false, Some(W::Stage), Some((S::Track, "published"))),
            VersionAdded => spec("version_added", C::Workflow, false, Some(W::Files), Some((S::Track, "versions"))),
            InvitationReceived => spec("invitation_received", C::Collaboration, false, Some(W::Collaborators), Some((S::Collaborators, "invitations"))),
            InvitationAccepted => spec("invitation_accepted", C::Collaboration, false, Some(W::Collaborators), Some((S::Collaborators, "membership"))),
            CollaboratorRemoved => spec("collaborator_removed", C::Collaboration, false, Some(W::Collaborators), Some((S::Collaborators, "membership"))),
            ProfileChanged => spec("profile_changed", C::Collaboration, false, None, Some((S::Collaborators, "profiles"))),
            // Due-soon within 24 hours is made high priority when it is produced.
            DueSoon => spec("due_soon", C::Deadline, false, Some(W::DueDate), Some((S::Deadlines, "before"))),
            DuePassed => spec("due_passed", C::Deadline, true, Some(W::DueDate), Some((S::Deadlines, "passed"))),
            Overdue => spec("overdue", C::Deadline, true, Some(W::DueDate), Some((S::Deadlines, "overdue"))),
            ProjectTrackAdded => spec("project_track_added", C::Workflow, false, None, Some((S::Projects, "new_tracks"))),
            ProjectRenamed => spec("project_renamed", C::Workflow, false, None, Some((S::Projects, "renamed"))),
            ProjectAnnouncement => spec("project_announcement", C::Workflow, false, None, Some((S::Projects, "announcements"))),
            NewSignIn => spec("new_sign_in", C::System, false, None, Some((S::System, "security"))),
            SignInFailures => spec("sign_in_failures", C::System, true, None, Some((S::System, "security"))),
            PasswordChanged => spec("password_changed", C::System, true, None, Some((S::System, "security"))),
            AccountVerification => spec("account_verification", C::System, false, None, Some((S::System, "verification"))),
            ServiceAnnouncement => spec("service_announcement", C::System, false, None, Some((S::System, "service"))),
            // Replies to my own tickets and reminders I set myself always arrive.
            SupportReply => spec("support_reply", C::Support, false, None, None),
            PersonalReminder => spec("personal_reminder", C::Reminder, false, Some(W::DueDate), None),
        }
    }

    pub fn as_str(self) -> &'static str {
        self.spec().name
    }

    pub fn category(self) -> Category {
        self.spec().category
    }

    /// High priority by default: passed deadlines and security alerts.
    pub fn high_priority(self) -> bool {
        self.spec().high_priority
    }

    /// The widget of the track page a notification of this kind highlights.
    pub fn widget(self) -> Option<Widget> {
        self.spec().widget
    }

    /// The kinds whose consecutive notifications on one track collapse into one row of
    /// the feed (everything else always stands alone).
    pub const GROUPED: [Kind; 5] = [
        Kind::CommentAdded,
        Kind::CommentEdited,
        Kind::StageChanged,
        Kind::ArtworkUpdated,
        Kind::MetadataUpdated,
    ];

    /// How a run of `n` notifications of this kind on `track`, caused by `who`, reads
    /// as one row; `None` for a kind that is never grouped.
    pub fn group_title(self, who: &str, n: i64, track: &str) -> Option<String> {
        Some(match self {
            Kind::CommentAdded => format!("{who} left {n} comments on {track}"),
            Kind::CommentEdited => format!("{who} edited {n} comments on {track}"),
            Kind::StageChanged => format!("{who} changed the stage of {track} {n} times"),
            Kind::ArtworkUpdated => format!("{who} updated the artwork of {track} {n} times"),
            Kind::MetadataUpdated => format!("{who} updated the details of {track} {n} times"),
            _ => return None,
        })
    }
}

/// "Jordan", "Jordan and Priya", "Jordan, Priya and others" (or "Someone").
pub fn people(a: Option<&str>, b: Option<&str>, more: bool) -> String {
    match (a, b, more) {
        (Some(a), Some(b), true) => format!("{a}, {b} and others"),
        (Some(a), Some(b), false) => format!("{a} and {b}"),
        (Some(a), None, true) | (None, Some(a), true) => format!("{a} and others"),
        (Some(a), None, false) | (None, Some(a), false) => a.to_string(),
        (None, None, _) => "Someone".to_string(),
    }
}

/// What the table says of one kind.
pub struct Spec {
    /// Its name in the database and on the wire.
    pub name: &'static str,
    pub category: Category,
    pub high_priority: bool,
    pub widget: Option<Widget>,
    /// The preference (section, option) that lets it through; `None`: always delivered.
    pub preference: Option<(Section, &'static str)>,
}

/// The five sections of the panel, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Track,
    Collaborators,
    Deadlines,
    Projects,
    System,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Track,
        Section::Collaborators,
        Section::Deadlines,
        Section::Projects,
        Section::System,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Section::Track => "track",
            Section::Collaborators => "collaborators",
            Section::Deadlines => "deadlines",
            Section::Projects => "projects",
            Section::System => "system",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Section::Track => "Track activity",
            Section::Collaborators => "Collaborator updates",
            Section::Deadlines => "Due dates and reminders",
            Section::Projects => "Project and bucket updates",
            Section::System => "System notifications",
        }
    }

    pub fn blurb(self) -> &'static str {
        match self {
            Section::Track => "Changes to your tracks.",
            Section::Collaborators => "The people working with you.",
            Section::Deadlines => "Never miss a deadline.",
            Section::Projects => "When projects or buckets change.",
            Section::System => "Keep your account secure and up to date.",
        }
    }

    /// The granular options: (key, label).
    pub fn options(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Section::Track => &[
                ("comments", "A collaborator adds or edits a comment"),
                ("stage", "A track's stage changes"),
                ("artwork", "Artwork or metadata gets updated"),
                ("published", "A track is marked as published"),
                ("versions", "A new version of a file is uploaded"),
            ],
            Section::Collaborators => &[
                ("invitations", "New collaborator requests or invitations"),
                (
                    "membership",
                    "Collaborator acceptance or removal from a track",
                ),
                ("profiles", "Profile changes from your collaborators"),
            ],
            Section::Deadlines => &[
                ("before", "Reminders before a track's due date"),
                ("passed", "Alerts when a track's due date passes"),
                (
                    "overdue",
                    "Overdue notifications for tracks that need attention",
                ),
            ],
            Section::Projects => &[
                ("new_tracks", "New tracks added to your projects"),
                ("renamed", "Buckets renamed or reorganized"),
                ("announcements", "Project-level announcements"),
            ],
            Section::System => &[
                (
                    "security",
                    "Security alerts (new sign-ins, password changes)",
                ),
                ("verification", "Account verification messages"),
                ("service", "Service announcements and maintenance notices"),
            ],
        }
    }
}

crate::vocabulary::stored_as_text!(Kind);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_reads_as_one_sentence() {
        assert_eq!(
            Kind::CommentAdded.group_title(
                &people(Some("Jordan"), Some("Priya"), false),
                14,
                "Night Drive"
            ),
            Some("Jordan and Priya left 14 comments on Night Drive".to_string())
        );
        assert_eq!(
            people(Some("Jordan"), Some("Priya"), true),
            "Jordan, Priya and others"
        );
        assert_eq!(people(None, None, false), "Someone");
        for k in Kind::ALL {
            assert_eq!(
                k.group_title("A", 2, "T").is_some(),
                Kind::GROUPED.contains(&k),
                "{k:?}"
            );
        }
    }

    #[test]
    fn kinds_round_trip_and_map() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::CommentAdded.widget(), Some(Widget::Comments));
        assert_eq!(Kind::StageChanged.widget(), Some(Widget::Stage));
        assert_eq!(Kind::Overdue.category(), Category::Deadline);
        assert!(Kind::SignInFailures.high_priority());
        assert!(
            !Kind::NewSignIn.high_priority(),
            "a new browser is news, not an alarm"
        );
        assert!(!Kind::CommentAdded.high_priority());
    }
}

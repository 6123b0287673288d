//! Every kind of notification: its category, its default priority and the widget it points to.

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
    pub const ALL: [Kind; 23] = [
        Kind::CommentAdded,
        Kind::CommentEdited,
        Kind::StageChanged,
        Kind::ArtworkUpdated,
        Kind::MetadataUpdated,
        Kind::TrackPublished,
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

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::CommentAdded => "comment_added",
            Kind::CommentEdited => "comment_edited",
            Kind::StageChanged => "stage_changed",
            Kind::ArtworkUpdated => "artwork_updated",
            Kind::MetadataUpdated => "metadata_updated",
            Kind::TrackPublished => "track_published",
            Kind::InvitationReceived => "invitation_received",
            Kind::InvitationAccepted => "invitation_accepted",
            Kind::CollaboratorRemoved => "collaborator_removed",
            Kind::ProfileChanged => "profile_changed",
            Kind::DueSoon => "due_soon",
            Kind::DuePassed => "due_passed",
            Kind::Overdue => "overdue",
            Kind::ProjectTrackAdded => "project_track_added",
            Kind::ProjectRenamed => "project_renamed",
            Kind::ProjectAnnouncement => "project_announcement",
            Kind::NewSignIn => "new_sign_in",
            Kind::SignInFailures => "sign_in_failures",
            Kind::PasswordChanged => "password_changed",
            Kind::AccountVerification => "account_verification",
            Kind::ServiceAnnouncement => "service_announcement",
            Kind::SupportReply => "support_reply",
            Kind::PersonalReminder => "personal_reminder",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn category(self) -> Category {
        use Kind::*;
        match self {
            InvitationReceived | InvitationAccepted | CollaboratorRemoved | ProfileChanged => {
                Category::Collaboration
            }
            DueSoon | DuePassed | Overdue => Category::Deadline,
            CommentAdded | CommentEdited | StageChanged | ArtworkUpdated | MetadataUpdated
            | TrackPublished | ProjectTrackAdded | ProjectRenamed | ProjectAnnouncement => {
                Category::Workflow
            }
            NewSignIn | SignInFailures | PasswordChanged | AccountVerification
            | ServiceAnnouncement => Category::System,
            SupportReply => Category::Support,
            PersonalReminder => Category::Reminder,
        }
    }

    /// High priority: overdue and passed deadlines and security alerts (due-soon within
    /// 24 hours is decided when it is produced).
    pub fn high_priority(self) -> bool {
        matches!(
            self,
            Kind::DuePassed
                | Kind::Overdue
                | Kind::NewSignIn
                | Kind::SignInFailures
                | Kind::PasswordChanged
        )
    }

    /// The widget of the track page a notification of this kind highlights.
    pub fn widget(self) -> Option<Widget> {
        use Kind::*;
        match self {
            CommentAdded | CommentEdited => Some(Widget::Comments),
            StageChanged | TrackPublished => Some(Widget::Stage),
            ArtworkUpdated | MetadataUpdated => Some(Widget::Artwork),
            InvitationReceived | InvitationAccepted | CollaboratorRemoved => {
                Some(Widget::Collaborators)
            }
            DueSoon | DuePassed | Overdue | PersonalReminder => Some(Widget::DueDate),
            _ => None,
        }
    }
}

crate::vocabulary::stored_as_text!(Kind);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_map() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Kind::CommentAdded.widget(), Some(Widget::Comments));
        assert_eq!(Kind::StageChanged.widget(), Some(Widget::Stage));
        assert_eq!(Kind::Overdue.category(), Category::Deadline);
        assert!(Kind::NewSignIn.high_priority());
        assert!(!Kind::CommentAdded.high_priority());
    }
}

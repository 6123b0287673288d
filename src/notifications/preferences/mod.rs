//! Notification preferences: five categories, each with a main switch, its channels
//! (in-app, email) and granular options. Stored per user as JSON; a user who never
//! saved any has the defaults (everything on, reminders three days ahead).

use super::kinds::Kind;
pub use super::kinds::Section;
use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// One category: its main switch, its channels and its options (by key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub enabled: bool,
    pub in_app: bool,
    pub email: bool,
    /// (option key, on) in the order of `Section::options`.
    pub options: Vec<(String, bool)>,
}

impl Group {
    pub fn option(&self, key: &str) -> bool {
        self.options
            .iter()
            .find(|(k, _)| k == key)
            .is_none_or(|(_, on)| *on)
    }

    pub fn set_option(&mut self, key: &str, on: bool) {
        match self.options.iter_mut().find(|(k, _)| k == key) {
            Some(o) => o.1 = on,
            None => self.options.push((key.to_string(), on)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    pub track: Group,
    pub collaborators: Group,
    pub deadlines: Group,
    pub projects: Group,
    pub system: Group,
    /// How many days before a due date the reminder comes: 1, 3 or 7.
    pub reminder_days: u8,
}

impl Default for Preferences {
    fn default() -> Self {
        // Email is on for what needs acting on: people, deadlines, the account.
        let group = |s: Section| Group {
            enabled: true,
            in_app: true,
            email: matches!(
                s,
                Section::Collaborators | Section::Deadlines | Section::System
            ),
            options: s
                .options()
                .iter()
                .map(|(k, _)| (k.to_string(), true))
                .collect(),
        };
        Preferences {
            track: group(Section::Track),
            collaborators: group(Section::Collaborators),
            deadlines: group(Section::Deadlines),
            projects: group(Section::Projects),
            system: group(Section::System),
            reminder_days: 3,
        }
    }
}

/// Where a kind of notification sits in the preferences: (section, option); `None` for
/// kinds that are always delivered in the app. (The table is `kinds::Kind::spec`.)
pub fn place(kind: Kind) -> Option<(Section, &'static str)> {
    kind.spec().preference
}

impl Preferences {
    pub fn group(&self, s: Section) -> &Group {
        match s {
            Section::Track => &self.track,
            Section::Collaborators => &self.collaborators,
            Section::Deadlines => &self.deadlines,
            Section::Projects => &self.projects,
            Section::System => &self.system,
        }
    }

    pub fn group_mut(&mut self, s: Section) -> &mut Group {
        match s {
            Section::Track => &mut self.track,
            Section::Collaborators => &mut self.collaborators,
            Section::Deadlines => &mut self.deadlines,
            Section::Projects => &mut self.projects,
            Section::System => &mut self.system,
        }
    }

    /// Whether `kind` reaches this person in the app.
    pub fn in_app(&self, kind: Kind) -> bool {
        match place(kind) {
            None => true,
            Some((s, option)) => {
                let g = self.group(s);
                g.enabled && g.in_app && g.option(option)
            }
        }
    }

    /// Whether `kind` reaches this person by email.
    pub fn email(&self, kind: Kind) -> bool {
        match place(kind) {
            None => false,
            Some((s, option)) => {
                let g = self.group(s);
                g.enabled && g.email && g.option(option)
            }
        }
    }

    /// Security alerts are on (the panel asks before turning them off).
    pub fn security_alerts(&self) -> bool {
        self.system.enabled && self.system.option("security")
    }

    /// Checks what the browser sent: every section's options known, reminder days 1, 3 or 7.
    pub fn validate(mut self) -> Result<Preferences, AppError> {
        if ![1, 3, 7].contains(&self.reminder_days) {
            return Err(AppError::invalid(
                "Choose a reminder 1, 3 or 7 days before the due date.",
            ));
        }
        for s in Section::ALL {
            let g = self.group_mut(s);
            if let Some((k, _)) = g
                .options
                .iter()
                .find(|(k, _)| !s.options().iter().any(|(known, _)| known == k))
            {
                return Err(AppError::invalid(format!("Unknown option: {k}.")));
            }
            // Complete and in the panel's order.
            g.options = s
                .options()
                .iter()
                .map(|(k, _)| (k.to_string(), g.option(k)))
                .collect();
        }
        Ok(self)
    }
}

#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
pub use delivery::{decide, Delivery};

/// The one place the pipeline asks whether a recipient wants a notification, and by
/// which channels: their saved preferences, or the defaults if they never saved any.
/// Email goes only to verified addresses.
#[cfg(feature = "ssr")]
mod delivery {
    use super::store;
    use crate::error::AppResult;
    use crate::notifications::kinds::Kind;
    use sqlx::SqliteConnection;

    /// Who gets `kind`: in the app, and by email (with the address).
    pub struct Delivery {
        pub in_app: Vec<i64>,
        pub email: Vec<(i64, String)>,
    }

    pub async fn decide(
        db: &mut SqliteConnection,
        users: &[i64],
        kind: Kind,
    ) -> AppResult<Delivery> {
        let prefs = store::of(db, users).await?;
        let in_app = users
            .iter()
            .copied()
            .filter(|u| prefs.of(*u).in_app(kind))
            .collect();
        let wants_email: Vec<i64> = users
            .iter()
            .copied()
            .filter(|u| prefs.of(*u).email(kind))
            .collect();
        let email = crate::auth::store::verified_emails(db, &wants_email).await?;
        Ok(Delivery { in_app, email })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_validation_and_gating() {
        let mut p = Preferences::default();
        assert!(Kind::ALL.into_iter().all(|k| p.in_app(k)));
        p.track.set_option("comments", false);
        assert!(!p.in_app(Kind::CommentAdded) && !p.in_app(Kind::CommentEdited));
        assert!(p.in_app(Kind::StageChanged));
        // A main switch turns the whole category off and keeps the options.
        p.track.enabled = false;
        assert!(!p.in_app(Kind::StageChanged));
        p.track.enabled = true;
        assert!(!p.in_app(Kind::CommentAdded) && p.in_app(Kind::StageChanged));
        // Channels are separate.
        p.projects.in_app = false;
        p.projects.email = true;
        assert!(!p.in_app(Kind::ProjectRenamed) && p.email(Kind::ProjectRenamed));
        // Always delivered: my own support tickets and reminders.
        p.system.enabled = false;
        assert!(p.in_app(Kind::SupportReply) && p.in_app(Kind::PersonalReminder));
        assert!(!p.security_alerts());
        let bad = Preferences {
            reminder_days: 5,
            ..Default::default()
        };
        assert!(bad.validate().is_err());
        let mut bad = Preferences::default();
        bad.track.options.push(("sneaky".into(), true));
        assert!(bad.validate().is_err());
        let mut partial = Preferences::default();
        partial.system.options.retain(|(k, _)| k != "service");
        assert_eq!(partial.validate().unwrap(), Preferences::default());
    }
}

//! Identity: users, their passwords, sessions and the current-user extractor, the
//! sign-in throttle. The flows that use them (sign-up, sign-in, verification) are in
//! `account`.

#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;

use serde::{Deserialize, Serialize};

/// The colour theme a person chose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 2] = [Theme::Light, Theme::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }
}

crate::vocabulary::stored_as_text!(Theme);

/// One or two letters for the avatar of someone called `name`.
pub fn initials(name: &str) -> String {
    let mut it = name.split_whitespace().filter_map(|w| w.chars().next());
    let mut s: String = it.next().into_iter().chain(it.next()).collect();
    if s.is_empty() {
        s.push('?');
    }
    s.to_uppercase()
}

/// The signed-in person, as the browser sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub email_verified: bool,
    pub theme: Theme,
    pub is_admin: bool,
    /// Cache-busting version of the avatar image (`None`: initials instead).
    pub avatar_version: Option<i64>,
}

impl User {
    /// Where the avatar image is served, if there is one.
    pub fn avatar_url(&self) -> Option<String> {
        self.avatar_version
            .map(|v| format!("/media/avatars/{}?v={v}", self.id))
    }
}

impl User {
    /// One or two letters for the avatar.
    pub fn initials(&self) -> String {
        initials(&self.display_name)
    }
}

/// Trims and checks an email address; returns it lower-cased.
pub fn validate_email(raw: &str) -> Result<String, crate::error::AppError> {
    let email = raw.trim().to_lowercase();
    let ok = email.len() <= 254
        && email.split('@').count() == 2
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        });
    if ok {
        Ok(email)
    } else {
        Err(crate::error::AppError::invalid(
            "Enter a valid email address, like name@example.com.",
        ))
    }
}

pub fn validate_display_name(raw: &str) -> Result<String, crate::error::AppError> {
    crate::text::line(raw, 60).map_err(|p| {
        p.error(
            "A display name",
            "Enter a display name.",
            "A display name has at most 60 characters.",
        )
    })
}

pub fn validate_password(raw: &str) -> Result<(), crate::error::AppError> {
    let n = raw.chars().count();
    if !(8..=256).contains(&n) {
        return Err(crate::error::AppError::invalid(
            "A password needs at least 8 characters (and at most 256).",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            validate_email(" Ana@Example.com ").unwrap(),
            "ana@example.com"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.com",
            "a@b",
            "a b@c.com",
            "a@@b.com",
            "a@.com",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_and_passwords() {
        assert_eq!(validate_display_name("  Mo Beats ").unwrap(), "Mo Beats");
        assert!(validate_display_name("   ").is_err());
        assert!(validate_display_name(&"x".repeat(61)).is_err());
        assert!(validate_password("short").is_err());
        assert!(validate_password("long enough").is_ok());
    }
}

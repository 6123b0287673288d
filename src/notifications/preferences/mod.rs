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
    /// When its email goes: at once, or gathered into a digest.
    #[serde(default)]
    pub email_when: Cadence,
    /// (option key, on) in the order of `Section::options`.
    pub options: Vec<(String, bool)>,
}

/// When a category's email goes: each at once, or gathered into one email an hour or
/// a day (high-priority items never wait).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    #[default]
    Immediately,
    Hourly,
    Daily,
}

impl Cadence {
    pub const ALL: [Cadence; 3] = [Cadence::Immediately, Cadence::Hourly, Cadence::Daily];

    pub fn key(self) -> &'static str {
        match self {
            Cadence::Immediately => "immediately",
            Cadence::Hourly => "hourly",
            Cadence::Daily => "daily",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Cadence::Immediately => "Immediately",
            Cadence::Hourly => "Hourly digest",
            Cadence::Daily => "Daily digest",
        }
    }

    pub fn from_key(key: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// When the daily digest goes: at `hour` o'clock (0–23) in the time zone `zone` (an
/// IANA name; empty until chosen, read as UTC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestTime {
    pub hour: u8,
    pub zone: String,
}

impl Default for DigestTime {
    fn default() -> Self {
        DigestTime {
            hour: 8,
            zone: String::new(),
        }
    }
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
    /// When nothing but high-priority items may pop up (no desktop notification, no
    /// email until they end); `None`: off.
    #[serde(default)]
    pub quiet_hours: Option<QuietHours>,
    /// When the daily digest goes, for the categories that asked for one.
    #[serde(default)]
    pub digest: DigestTime,
}

/// What the notifications form sends without JavaScript (`Preferences::from_form`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlainForm {
    #[serde(default)]
    pub on: Vec<String>,
    pub reminder_days: Option<u8>,
    pub quiet_start: Option<String>,
    pub quiet_end: Option<String>,
    pub quiet_zone: Option<String>,
    /// `section:cadence` for each category's email ("track:hourly").
    #[serde(default)]
    pub when: Vec<String>,
    /// The daily digest's hour, as sent (checked by `validate`).
    pub digest_hour: Option<String>,
    pub digest_zone: Option<String>,
    /// Every box of a category that is on was sent (the interactive page sends them
    /// all); otherwise a category that was off keeps its channels and options.
    #[serde(default)]
    pub complete: bool,
}

/// Quiet hours: from `start` to `end` ("22:00" to "07:00", across midnight when the end
/// comes first) every day, in the time zone `zone` (an IANA name, "Europe/Berlin").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    pub start: String,
    pub end: String,
    pub zone: String,
}

impl QuietHours {
    /// Minutes after midnight of "HH:MM", if it is a time of day.
    pub fn minutes(hhmm: &str) -> Option<u32> {
        let (h, m) = hhmm.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60).then_some(h * 60 + m)
    }

    /// Whether the minute of the day `at` falls in these quiet hours.
    pub fn covers(&self, at: u32) -> bool {
        match (Self::minutes(&self.start), Self::minutes(&self.end)) {
            (Some(s), Some(e)) if s < e => s <= at && at < e,
            (Some(s), Some(e)) => at >= s || at < e,
            _ => false,
        }
    }
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
            email_when: Cadence::Immediately,
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
            quiet_hours: None,
            digest: DigestTime::default(),
        }
    }
}

const DIGEST_HOUR: &str = "Choose the hour of your daily digest, from 0 to 23.";

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

    /// When `kind`'s email goes (for a kind that is emailed at all).
    pub fn email_when(&self, kind: Kind) -> Cadence {
        place(kind).map_or(Cadence::Immediately, |(s, _)| self.group(s).email_when)
    }

    /// Whether any category's email waits for a digest.
    pub fn has_digest(&self) -> bool {
        Section::ALL.into_iter().any(|s| {
            let g = self.group(s);
            g.enabled && g.email && g.email_when != Cadence::Immediately
        })
    }

    /// Turns every digest off: the categories emailed as a digest are emailed no more
    /// (what the digest's unsubscribe link does).
    pub fn without_digests(mut self) -> Preferences {
        for s in Section::ALL {
            let g = self.group_mut(s);
            if g.email_when != Cadence::Immediately {
                g.email = false;
                g.email_when = Cadence::Immediately;
            }
        }
        self
    }

    /// The preferences a plain form (no JavaScript) asks for, starting from `self` (as
    /// saved). `on`: the names of the ticked boxes: a section's key (its main switch),
    /// `key.in_app`, `key.email`, `key.opt.OPTION`, and `quiet`. A section that was off
    /// when the page was drawn had its boxes disabled (not sent): it keeps its channels
    /// and options, unless the form is `complete`. Reminder days and quiet-hour times keep their saved values when absent
    /// (and are checked by `validate` when sent).
    pub fn from_form(&self, form: &PlainForm) -> Result<Preferences, AppError> {
        let on = |name: &str| form.on.iter().any(|n| n == name);
        let mut next = self.clone();
        for s in Section::ALL {
            let key = s.key();
            let was_on = self.group(s).enabled;
            let g = next.group_mut(s);
            g.enabled = on(key);
            if g.enabled && (was_on || form.complete) {
                g.in_app = on(&format!("{key}.in_app"));
                g.email = on(&format!("{key}.email"));
                if let Some(when) = form
                    .when
                    .iter()
                    .find_map(|w| w.strip_prefix(key)?.strip_prefix(':'))
                {
                    g.email_when = Cadence::from_key(when).ok_or_else(|| {
                        AppError::invalid(
                            "Choose Immediately, Hourly digest or Daily digest for each category's email.",
                        )
                    })?;
                }
                for (option, _) in s.options() {
                    g.set_option(option, on(&format!("{key}.opt.{option}")));
                }
            }
        }
        if let Some(days) = form.reminder_days {
            next.reminder_days = days;
        }
        next.quiet_hours = on("quiet").then(|| {
            let saved = self.quiet_hours.clone().unwrap_or(QuietHours {
                start: "22:00".into(),
                end: "07:00".into(),
                zone: "UTC".into(),
            });
            QuietHours {
                start: form.quiet_start.clone().unwrap_or(saved.start),
                end: form.quiet_end.clone().unwrap_or(saved.end),
                zone: form.quiet_zone.clone().unwrap_or(saved.zone),
            }
        });
        if let Some(hour) = &form.digest_hour {
            next.digest.hour = hour
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|h| *h < 24)
                .ok_or_else(|| AppError::invalid(DIGEST_HOUR))?;
        }
        if let Some(zone) = &form.digest_zone {
            next.digest.zone = zone.clone();
        }
        Ok(next)
    }

    /// Security alerts are on (the panel asks before turning them off).
    pub fn security_alerts(&self) -> bool {
        self.system.enabled && self.system.option("security")
    }

    /// Checks what the browser sent: every section's options known, reminder days 1, 3 or
    /// 7, quiet hours two different times of day in a known time zone.
    pub fn validate(mut self) -> Result<Preferences, AppError> {
        if ![1, 3, 7].contains(&self.reminder_days) {
            return Err(AppError::invalid(
                "Choose a reminder 1, 3 or 7 days before the due date.",
            ));
        }
        if let Some(q) = &self.quiet_hours {
            match (QuietHours::minutes(&q.start), QuietHours::minutes(&q.end)) {
                (Some(s), Some(e)) if s != e => {}
                (Some(_), Some(_)) => {
                    return Err(AppError::invalid(
                        "Quiet hours need to end at another time than they start.",
                    ))
                }
                _ => {
                    return Err(AppError::invalid(
                        "Give quiet hours as times of day, such as 22:00 and 07:00.",
                    ))
                }
            }
            #[cfg(feature = "ssr")]
            if q.zone.parse::<chrono_tz::Tz>().is_err() {
                return Err(AppError::invalid(
                    "Choose the time zone of your quiet hours from the list.",
                ));
            }
        }
        if self.digest.hour > 23 {
            return Err(AppError::invalid(DIGEST_HOUR));
        }
        #[cfg(feature = "ssr")]
        if !self.digest.zone.is_empty() && self.digest.zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(AppError::invalid(
                "Choose the time zone of your daily digest from the list.",
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
pub use delivery::{decide, digest_due, quiet_until, Delivery};

/// The one place the pipeline asks whether a recipient wants a notification, and by
/// which channels: their saved preferences, or the defaults if they never saved any.
/// Email goes only to verified addresses.
#[cfg(feature = "ssr")]
mod delivery {
    use super::{store, Cadence, DigestTime, QuietHours};
    use crate::error::AppResult;
    use crate::notifications::kinds::Kind;
    use crate::platform::db::DbConn;
    use std::collections::HashMap;

    /// Who gets `kind`: in the app, by email now (with the address), by email in a
    /// digest (with when that digest is due); and who is in their quiet hours now,
    /// with when those end.
    pub struct Delivery {
        pub in_app: Vec<i64>,
        pub email: Vec<(i64, String)>,
        pub digest: Vec<(i64, i64)>,
        pub quiet: HashMap<i64, i64>,
    }

    const HOUR_MS: i64 = 3_600_000;

    /// When the digest that gathers what arrives at `now` is due: the next full hour
    /// (hourly), or the next `digest.hour` o'clock in its time zone (daily; an hour
    /// a clock change skips is the first hour after it).
    pub fn digest_due(cadence: Cadence, digest: &DigestTime, now: i64) -> i64 {
        use chrono::{Days, NaiveTime, TimeZone};
        let next_hour = (now.div_euclid(HOUR_MS) + 1) * HOUR_MS;
        if cadence != Cadence::Daily {
            return next_hour;
        }
        let zone: chrono_tz::Tz = digest.zone.parse().unwrap_or(chrono_tz::UTC);
        let Some(local) = zone.timestamp_millis_opt(now).single() else {
            return next_hour;
        };
        let at = NaiveTime::from_hms_opt(u32::from(digest.hour.min(23)), 0, 0).unwrap_or_default();
        let today = local.date_naive();
        [Some(today), today.checked_add_days(Days::new(1))]
            .into_iter()
            .flatten()
            .filter_map(|day| {
                let wall = day.and_time(at);
                // In a skipped hour the wall time does not exist: the hour after it.
                zone.from_local_datetime(&wall).earliest().or_else(|| {
                    zone.from_local_datetime(&(wall + chrono::Duration::hours(1)))
                        .earliest()
                })
            })
            .map(|t| t.timestamp_millis())
            .find(|t| *t > now)
            .unwrap_or(now + 24 * HOUR_MS)
    }

    /// When the quiet hours that cover `now` end (ms), if they cover it.
    pub fn quiet_until(q: &QuietHours, now: i64) -> Option<i64> {
        use chrono::{TimeZone, Timelike};
        let zone: chrono_tz::Tz = q.zone.parse().ok()?;
        let local = zone.timestamp_millis_opt(now).single()?;
        let minute = local.hour() * 60 + local.minute();
        if !q.covers(minute) {
            return None;
        }
        let end = QuietHours::minutes(&q.end)?;
        // Minutes from now to the end, within the next day; seconds of this minute gone.
        let ahead = (end + 24 * 60 - minute) % (24 * 60);
        let ahead = if ahead == 0 { 24 * 60 } else { ahead };
        Some(now - (local.second() as i64 * 1000 + (now % 1000)) + ahead as i64 * 60_000)
    }

    /// `urgent`: high priority, so its email never waits for a digest.
    pub async fn decide(
        db: &mut DbConn,
        users: &[i64],
        kind: Kind,
        urgent: bool,
        now: i64,
    ) -> AppResult<Delivery> {
        let prefs = store::of(db, users).await?;
        let quiet = users
            .iter()
            .filter_map(|u| {
                let q = prefs.of(*u).quiet_hours.as_ref()?;
                Some((*u, quiet_until(q, now)?))
            })
            .collect();
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
        let mut email = crate::auth::store::verified_emails(db, &wants_email).await?;
        let mut digest = Vec::new();
        if !urgent {
            email.retain(|(u, _)| {
                let p = prefs.of(*u);
                match p.email_when(kind) {
                    Cadence::Immediately => true,
                    later => {
                        digest.push((*u, digest_due(later, &p.digest, now)));
                        false
                    }
                }
            });
        }
        Ok(Delivery {
            in_app,
            email,
            digest,
            quiet,
        })
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
        let quiet = |start: &str, end: &str, zone: &str| Preferences {
            quiet_hours: Some(QuietHours {
                start: start.into(),
                end: end.into(),
                zone: zone.into(),
            }),
            ..Default::default()
        };
        assert!(quiet("22:00", "07:00", "Europe/Berlin").validate().is_ok());
        for (s, e) in [
            ("22:00", "22:00"),
            ("25:00", "07:00"),
            ("10pm", "07:00"),
            ("", ""),
        ] {
            assert!(quiet(s, e, "UTC").validate().is_err(), "{s}–{e}");
        }
        #[cfg(feature = "ssr")]
        assert!(quiet("22:00", "07:00", "Mars/Olympus").validate().is_err());
        let night = QuietHours {
            start: "22:00".into(),
            end: "07:00".into(),
            zone: "UTC".into(),
        };
        assert!(night.covers(23 * 60) && night.covers(0) && night.covers(6 * 60 + 59));
        assert!(!night.covers(7 * 60) && !night.covers(12 * 60) && !night.covers(21 * 60 + 59));
        let lunch = QuietHours {
            start: "12:00".into(),
            end: "13:30".into(),
            zone: "UTC".into(),
        };
        assert!(lunch.covers(12 * 60 + 45) && !night.covers(13 * 60 + 30));
        let mut partial = Preferences::default();
        partial.system.options.retain(|(k, _)| k != "service");
        assert_eq!(partial.validate().unwrap(), Preferences::default());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_digest_falls_due_when_its_hour_ends_or_at_the_chosen_hour_in_its_zone() {
        let at = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .timestamp_millis()
        };
        let berlin = |hour| DigestTime {
            hour,
            zone: "Europe/Berlin".into(),
        };
        let due = |c, d: &DigestTime, now: &str| digest_due(c, d, at(now));
        assert_eq!(
            due(Cadence::Hourly, &berlin(8), "2026-12-04T16:30:00Z"),
            at("2026-12-04T17:00:00Z")
        );
        assert_eq!(
            due(Cadence::Hourly, &berlin(8), "2026-12-04T17:00:00Z"),
            at("2026-12-04T18:00:00Z")
        );
        // 08:00 in Berlin's winter is 07:00 UTC; at that moment, the next day's.
        assert_eq!(
            due(Cadence::Daily, &berlin(8), "2026-12-04T06:59:00Z"),
            at("2026-12-04T07:00:00Z")
        );
        assert_eq!(
            due(Cadence::Daily, &berlin(8), "2026-12-04T07:00:00Z"),
            at("2026-12-05T07:00:00Z")
        );
        // 02:00 does not exist on the night the clocks go forward: 03:00 (CEST) instead.
        assert_eq!(
            due(Cadence::Daily, &berlin(2), "2027-03-27T12:00:00Z"),
            at("2027-03-28T01:00:00Z")
        );
        // Unset zone: UTC.
        assert_eq!(
            due(
                Cadence::Daily,
                &DigestTime::default(),
                "2026-12-04T09:00:00Z"
            ),
            at("2026-12-05T08:00:00Z")
        );
    }

    #[test]
    fn the_plain_form_sets_each_categorys_digest_and_refuses_what_is_not_one() {
        let saved = Preferences::default();
        let form = |when: &[&str], hour: Option<&str>| PlainForm {
            on: Section::ALL
                .iter()
                .flat_map(|s| {
                    let key = s.key();
                    let mut on = vec![
                        key.to_string(),
                        format!("{key}.in_app"),
                        format!("{key}.email"),
                    ];
                    on.extend(s.options().iter().map(|(o, _)| format!("{key}.opt.{o}")));
                    on
                })
                .collect(),
            when: when.iter().map(|w| w.to_string()).collect(),
            digest_hour: hour.map(str::to_string),
            digest_zone: Some("Asia/Tokyo".into()),
            ..Default::default()
        };
        let next = saved
            .from_form(&form(&["track:hourly", "projects:daily"], Some("18")))
            .unwrap();
        assert_eq!(next.track.email_when, Cadence::Hourly);
        assert_eq!(next.projects.email_when, Cadence::Daily);
        assert_eq!(next.deadlines.email_when, Cadence::Immediately);
        assert_eq!(
            next.digest,
            DigestTime {
                hour: 18,
                zone: "Asia/Tokyo".into()
            }
        );
        assert!(next.has_digest());
        let off = next.clone().without_digests();
        assert!(
            !off.has_digest() && !off.track.email && !off.projects.email && off.deadlines.email
        );
        for (when, hour) in [
            (&["track:weekly"][..], None),
            (&[], Some("24")),
            (&[], Some("x")),
        ] {
            assert!(
                saved.from_form(&form(when, hour)).is_err(),
                "{when:?} {hour:?}"
            );
        }
    }
}

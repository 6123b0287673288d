//! Tracks, projects, members, comments, stages, due dates and files.

pub mod api;
#[cfg(feature = "ssr")]
pub mod deadlines;
#[cfg(feature = "ssr")]
pub mod notes;
pub mod player;
#[cfg(feature = "ssr")]
pub mod storage;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod sync;
pub mod ui;
#[cfg(feature = "ssr")]
pub mod waveforms;

use serde::{Deserialize, Serialize};

/// Where a track is in its life. Idea → Editing → Ready to Post → Published, plus Archived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    Idea,
    Editing,
    Ready,
    Published,
    Archived,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Idea,
        Stage::Editing,
        Stage::Ready,
        Stage::Published,
        Stage::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Idea => "idea",
            Stage::Editing => "editing",
            Stage::Ready => "ready",
            Stage::Published => "published",
            Stage::Archived => "archived",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Idea => "Idea",
            Stage::Editing => "Editing",
            Stage::Ready => "Ready to Post",
            Stage::Published => "Published",
            Stage::Archived => "Archived",
        }
    }
}

/// What a collaborator may do on a track.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Permission {
    View,
    Edit,
    Full,
}

impl Permission {
    pub const ALL: [Permission; 3] = [Permission::View, Permission::Edit, Permission::Full];

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::View => "view",
            Permission::Edit => "edit",
            Permission::Full => "full",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Permission::View => "View only",
            Permission::Edit => "Can edit",
            Permission::Full => "Full control",
        }
    }
}

crate::vocabulary::stored_as_text!(Stage);
crate::vocabulary::stored_as_text!(Permission);

/// The signed-in user's relation to a track.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Owner,
    Member(Permission),
}

impl Role {
    pub fn can_edit(self) -> bool {
        matches!(
            self,
            Role::Owner | Role::Member(Permission::Edit | Permission::Full)
        )
    }

    pub fn can_manage(self) -> bool {
        matches!(self, Role::Owner | Role::Member(Permission::Full))
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Member(p) => p.label(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: i64,
    pub name: String,
    pub owned: bool,
}

/// A tile of the tracks grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackCard {
    pub id: i64,
    pub title: String,
    pub project_id: Option<i64>,
    pub project_name: Option<String>,
    pub stage: Stage,
    pub due_date: Option<String>,
    /// Cache-busting version of the artwork (`None`: no artwork).
    pub artwork_version: Option<i64>,
    pub role: Role,
    pub owner_name: String,
    /// Files still copying to me, if any.
    pub sync: Option<SyncProgress>,
}

/// How far a track's files have synced to me.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgress {
    pub bytes_done: i64,
    pub bytes_total: i64,
    pub files_left: i64,
}

impl SyncProgress {
    pub fn percent(&self) -> i64 {
        if self.bytes_total <= 0 {
            0
        } else {
            (self.bytes_done * 100 / self.bytes_total).clamp(0, 100)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    /// Where in which version it was made, for a comment pinned to a moment.
    pub moment: Option<Moment>,
}

/// A moment (or a range) in one version of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Moment {
    pub file_id: i64,
    pub line_id: i64,
    pub version: i64,
    pub at_ms: i64,
    pub until_ms: Option<i64>,
}

/// A file's version: each is a file of its own, in a line that starts with the first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    pub id: i64,
    pub name: String,
    pub mime: String,
    pub size_bytes: i64,
    pub uploader_id: i64,
    pub uploader_name: String,
    pub created_at: i64,
    /// While the file is still copying to me: percent done. `None`: it is available.
    pub syncing: Option<i64>,
    /// The first version's id (the line's), and this version's number from 1.
    pub line_id: i64,
    pub version: i64,
    pub sound: Sound,
}

/// What can be heard of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sound {
    /// Not audio: it downloads, it does not play.
    NotAudio,
    /// Audio whose waveform is being computed.
    Analysing,
    /// Audio that could not be read: why (a sentence).
    NoWaveform(String),
    /// Its length and its waveform: (min, max) pairs scaled to -127..=127.
    Ready {
        duration_ms: i64,
        peaks: Vec<(i8, i8)>,
    },
}

impl Sound {
    pub fn duration_ms(&self) -> Option<i64> {
        match self {
            Sound::Ready { duration_ms, .. } => Some(*duration_ms),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: i64,
    pub display_name: String,
    /// Shown to those who may change the track; a view-only member sees names only.
    pub email: Option<String>,
    pub role: Role,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentInvite {
    pub id: i64,
    /// The address invited (whether an account uses it is not told).
    pub email: String,
    pub permission: Permission,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackDetail {
    pub card: TrackCard,
    pub bpm: Option<i64>,
    pub musical_key: Option<String>,
    pub genre: Option<String>,
    pub description: String,
    pub comments: Vec<Comment>,
    pub files: Vec<FileInfo>,
    pub members: Vec<Member>,
    /// Pending invitations, shown to those who can manage collaborators.
    pub invites: Vec<SentInvite>,
    pub viewer_id: i64,
    pub today: String,
    /// The viewer muted it: its activity does not notify them.
    pub muted: bool,
}

/// Checks a due date in `YYYY-MM-DD` form; empty means none.
pub fn parse_due_date(raw: &str) -> Result<Option<String>, crate::error::AppError> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || {
        crate::error::AppError::invalid("Enter the due date as YYYY-MM-DD, for example 2026-12-31.")
    };
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    // Digits only: `parse` alone would take a sign (`+1`).
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(bad());
    }
    let (y, m, d): (i32, u32, u32) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if !(1..=days).contains(&d) || !(2000..=2100).contains(&y) {
        return Err(bad());
    }
    Ok(Some(s.to_string()))
}

/// Days from `today` to `due` (both `YYYY-MM-DD`); negative when past.
pub fn days_until(today: &str, due: &str) -> Option<i64> {
    fn day_number(s: &str) -> Option<i64> {
        let mut it = s.split('-').map(|p| p.parse::<i64>().ok());
        let (y, m, d) = (it.next()??, it.next()??, it.next()??);
        // days from civil (Howard Hinnant's algorithm)
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(era * 146097 + doe)
    }
    Some(day_number(due)? - day_number(today)?)
}

/// "Due today", "Due in 3 days", "Overdue by 2 days".
pub fn due_label(today: &str, due: &str) -> String {
    match days_until(today, due) {
        Some(0) => "Due today".into(),
        Some(1) => "Due tomorrow".into(),
        Some(n) if n > 1 => format!("Due in {n} days"),
        Some(-1) => "Overdue by 1 day".into(),
        Some(n) => format!("Overdue by {} days", -n),
        None => format!("Due {due}"),
    }
}

pub const TITLE_MAX: usize = 120;
pub const COMMENT_MAX: usize = 5000;

pub fn validate_title(raw: &str) -> Result<String, crate::error::AppError> {
    crate::text::line(raw, TITLE_MAX).map_err(|p| {
        p.error(
            "A title",
            "Give the track a title.",
            &format!("A title has at most {TITLE_MAX} characters."),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates() {
        assert_eq!(parse_due_date("").unwrap(), None);
        assert_eq!(
            parse_due_date("2026-02-28").unwrap().as_deref(),
            Some("2026-02-28")
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "26-01-01",
            "2026/01/01",
            "tomorrow",
            "2026-1-1",
            "2026-+1-01",
            "+026-01-01",
            "2026-01-+1",
            "2026-00-10",
            "2026-01-00",
        ] {
            assert!(parse_due_date(bad).is_err(), "{bad}");
        }
        assert_eq!(days_until("2026-11-22", "2026-12-01"), Some(9));
        assert_eq!(days_until("2026-12-31", "2027-01-01"), Some(1));
        assert_eq!(due_label("2026-11-22", "2026-11-20"), "Overdue by 2 days");
        assert_eq!(due_label("2026-11-22", "2026-11-22"), "Due today");
    }

    #[test]
    fn stages_and_roles() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
        assert_eq!(Stage::parse("done"), None);
        assert!(!Role::Member(Permission::View).can_edit());
        assert!(Role::Member(Permission::Edit).can_edit());
        assert!(!Role::Member(Permission::Edit).can_manage());
        assert!(Role::Member(Permission::Full).can_manage());
        assert!(Role::Owner.can_manage());
    }
}

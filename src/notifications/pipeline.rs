//! The notification pipeline. A domain action calls `emit` inside the transaction that
//! changes the data; `emit` resolves who hears of it (never the actor), asks each
//! recipient's preferences, and writes the notification rows and unread counters.
//! Nothing is pushed before commit: `Delivered::publish` wakes the recipients' open
//! streams after the caller has committed.

use super::kinds::Kind;
use crate::error::AppResult;
use crate::platform::hub::Hub;
use crate::tracks::Widget;
use sqlx::SqliteConnection;

/// What a notification says and points to.
#[derive(Clone, Debug)]
pub struct Note {
    pub kind: Kind,
    pub title: String,
    pub message: String,
    pub track_id: Option<i64>,
    pub widget: Option<Widget>,
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

/// Who received notifications in a transaction; publish after commit.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
#[must_use = "call publish() after commit so open streams hear of it"]
pub struct Delivered(pub Vec<i64>);

impl Delivered {
    pub fn extend(&mut self, other: Delivered) {
        self.0.extend(other.0);
    }

    /// Wakes the recipients' open streams (call after commit).
    pub fn publish(self, hub: &Hub) {
        hub.wake(&self.0);
    }
}

/// Rows per multi-row INSERT (SQLite allows 32766 bound parameters).
const CHUNK: usize = 400;

/// Writes `note` for every recipient except the actor whose preferences let it through.
pub async fn emit(
    db: &mut SqliteConnection,
    now: i64,
    recipients: &[i64],
    note: &Note,
) -> AppResult<Delivered> {
    let mut ids: Vec<i64> = recipients
        .iter()
        .copied()
        .filter(|id| Some(*id) != note.actor_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let delivery = super::preferences::decide(db, &ids, note.kind).await?;
    let allowed = delivery.in_app;
    let widget = note.widget.map(|w| w.as_str());
    // (recipient, notification id), read back only when emails will point at them.
    let mut written: Vec<(i64, i64)> = Vec::new();
    for chunk in allowed.chunks(CHUNK) {
        let mut q = sqlx::QueryBuilder::new(
            "INSERT INTO notifications (recipient_id, category, kind, priority, title, message, track_id, widget,
                                        actor_id, invitation_id, ticket_id, created_at) ",
        );
        q.push_values(chunk, |mut b, user| {
            b.push_bind(*user)
                .push_bind(note.kind.category().as_str())
                .push_bind(note.kind.as_str())
                .push_bind(if note.high_priority { "high" } else { "normal" })
                .push_bind(&note.title)
                .push_bind(&note.message)
                .push_bind(note.track_id)
                .push_bind(widget)
                .push_bind(note.actor_id)
                .push_bind(note.invitation_id)
                .push_bind(note.ticket_id)
                .push_bind(now);
        });
        if delivery.email.is_empty() {
            q.build().execute(&mut *db).await?;
        } else {
            q.push(" RETURNING recipient_id, id");
            written.extend(q.build_query_as::<(i64, i64)>().fetch_all(&mut *db).await?);
        }
        let mut c = sqlx::QueryBuilder::new("INSERT INTO notification_counters (user_id, unread) ");
        c.push_values(chunk, |mut b, user| {
            b.push_bind(*user).push("1");
        });
        c.push(" ON CONFLICT (user_id) DO UPDATE SET unread = unread + 1");
        c.build().execute(&mut *db).await?;
    }
    // Email, through the outbox, in this same transaction.
    written.sort_unstable();
    let body = email_body(note);
    for (user, to) in &delivery.email {
        let notification_id = written
            .binary_search_by_key(user, |(u, _)| *u)
            .ok()
            .map(|i| written[i].1);
        crate::platform::mail::enqueue(
            db,
            crate::platform::mail::Mail {
                user_id: Some(*user),
                to,
                subject: &note.title,
                body: body.clone(),
                notification_id,
            },
            now,
        )
        .await?;
    }
    Ok(Delivered(allowed))
}

/// The text of a notification's email: the message, where to see it, and where to
/// change what arrives by email.
fn email_body(note: &Note) -> String {
    use crate::platform::mail::{literal, APP_URL};
    let link = match (note.track_id, note.widget) {
        (Some(t), Some(w)) => format!("{APP_URL}/tracks/{t}?widget={}", w.as_str()),
        (Some(t), None) => format!("{APP_URL}/tracks/{t}"),
        _ => format!("{APP_URL}/"),
    };
    format!(
        "{}\n\nSee it in Producer Dashboard: {link}\n\nTo choose what reaches you by email, open Settings → Notifications: {APP_URL}/settings/notifications\n",
        literal(&note.message)
    )
}

/// A short excerpt of user text for a notification message.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A track's title, for messages.
pub async fn track_title(db: &mut SqliteConnection, track_id: i64) -> AppResult<String> {
    Ok(sqlx::query_scalar("SELECT title FROM tracks WHERE id = ?")
        .bind(track_id)
        .fetch_one(&mut *db)
        .await?)
}

/// Everyone on the track hears of activity on it (the actor excepted, by `emit`).
pub async fn track_activity(
    db: &mut SqliteConnection,
    now: i64,
    track_id: i64,
    note: Note,
) -> AppResult<Delivered> {
    let audience = crate::tracks::store::audience(db, track_id).await?;
    emit(db, now, &audience, &note.on_track(track_id)).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn excerpts() {
        assert_eq!(super::excerpt("  a   b\nc ", 10), "a b c");
        assert_eq!(super::excerpt("abcdefghijkl", 6), "abcde…");
    }
}

/// People in a project: its owner, its default collaborators and everyone on its tracks.
pub async fn project_audience(db: &mut SqliteConnection, project_id: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT owner_id FROM projects WHERE id = ?1
         UNION SELECT u.id FROM project_collaborators pc
               JOIN users u ON u.email = pc.email AND u.email_verified_at IS NOT NULL
               WHERE pc.project_id = ?1
         UNION SELECT t.owner_id FROM tracks t WHERE t.project_id = ?1
         UNION SELECT m.user_id FROM track_members m JOIN tracks t ON t.id = m.track_id WHERE t.project_id = ?1",
    )
    .bind(project_id)
    .fetch_all(&mut *db)
    .await?)
}

/// Everyone who shares a track with `user_id` (either way round).
pub async fn collaborators_of(db: &mut SqliteConnection, user_id: i64) -> AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT t.owner_id FROM track_members m JOIN tracks t ON t.id = m.track_id WHERE m.user_id = ?1
         UNION SELECT m.user_id FROM tracks t JOIN track_members m ON m.track_id = t.id WHERE t.owner_id = ?1
         UNION SELECT m2.user_id FROM track_members m1 JOIN track_members m2 ON m2.track_id = m1.track_id
               WHERE m1.user_id = ?1",
    )
    .bind(user_id)
    .fetch_all(&mut *db)
    .await?)
}

/// "Chrome on Linux" from a User-Agent header.
pub fn browser_name(user_agent: &str) -> String {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("OPR/") {
        "Opera"
    } else if ua.contains("Firefox/") {
        "Firefox"
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("HeadlessChrome") {
        "Chrome"
    } else if ua.contains("Safari/") {
        "Safari"
    } else {
        "an unknown browser"
    };
    let os = if ua.contains("Android") {
        Some("Android")
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        Some("iOS")
    } else if ua.contains("Windows") {
        Some("Windows")
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        Some("macOS")
    } else if ua.contains("Linux") {
        Some("Linux")
    } else {
        None
    };
    match os {
        Some(os) => format!("{browser} on {os}"),
        None => browser.to_string(),
    }
}

#[cfg(test)]
mod browser_tests {
    #[test]
    fn browsers() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        assert_eq!(super::browser_name(chrome), "Chrome on Linux");
        let ff = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";
        assert_eq!(super::browser_name(ff), "Firefox on Windows");
        assert_eq!(super::browser_name("curl/8.0"), "an unknown browser");
    }
}

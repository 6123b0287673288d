//! The notification pipeline. A domain action calls `emit` inside the transaction that
//! changes the data; `emit` resolves who hears of it (never the actor), asks each
//! recipient's preferences, and writes the notification rows and unread counters.
//! Nothing is pushed before commit: `Delivered::publish` wakes the recipients' open
//! streams after the caller has committed.

use super::kinds::Kind;
use crate::error::AppResult;
use crate::realtime::hub::Hub;
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
    let allowed = super::prefs::in_app_recipients(db, &ids, note.kind).await?;
    let widget = note.widget.map(|w| w.as_str());
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
        q.build().execute(&mut *db).await?;
        let mut c = sqlx::QueryBuilder::new("INSERT INTO notification_counters (user_id, unread) ");
        c.push_values(chunk, |mut b, user| {
            b.push_bind(*user).push("1");
        });
        c.push(" ON CONFLICT (user_id) DO UPDATE SET unread = unread + 1");
        c.build().execute(&mut *db).await?;
    }
    Ok(Delivered(allowed))
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

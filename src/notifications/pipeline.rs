//! The notification pipeline. A domain action calls `emit` inside the unit of work that
//! changes the data; `emit` leaves out the actor, asks each recipient's preferences,
//! writes the notification rows and unread counters and queues the emails, and tells
//! the unit of work whose streams to wake: nothing is pushed before commit.

use super::kinds::Kind;
use super::Widget;
use crate::error::AppResult;
use crate::platform::db::Work;

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

/// Rows per multi-row INSERT (SQLite allows 32766 bound parameters).
const CHUNK: usize = 400;

/// Writes `note` for every recipient except the actor whose preferences let it through;
/// returns how many got it.
pub async fn emit(work: &mut Work, recipients: &[i64], note: &Note) -> AppResult<usize> {
    let now = work.now;
    let db = work.db();
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
    let body = super::email::body(&note.message, note.track_id, note.widget);
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
    work.wake(&allowed);
    Ok(allowed.len())
}

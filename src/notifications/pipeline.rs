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
    // (recipient, notification id), read back only when emails will point at them.
    let written = super::store::insert(db, &allowed, note, now, !delivery.email.is_empty()).await?;
    // Email, through the outbox, in this same transaction.
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

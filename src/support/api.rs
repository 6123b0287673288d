//! Server functions for support tickets: submit and list one's own, answer them as an
//! administrator (the answer reaches the author's feed), say how things stand.

use super::Ticket;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in user's tickets, newest first.
#[server(endpoint = "support/mine")]
pub async fn my_tickets() -> Result<Vec<Ticket>, AppError> {
    // A read: a plain connection, never the write lock.
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    let mut conn = state.pool.acquire().await?;
    super::store::of_user(&mut conn, user.id).await
}

#[server(endpoint = "support/submit")]
pub async fn submit_ticket(subject: String, body: String) -> Result<i64, AppError> {
    let (empty, long) = (
        "Describe the problem: a subject and a message.",
        "Keep the subject under 120 and the message under 4000 characters.",
    );
    let subject =
        crate::text::line(&subject, 120).map_err(|p| p.error("The subject", empty, long))?;
    let body =
        crate::text::multiline(&body, 4000).map_err(|p| p.error("The message", empty, long))?;
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        super::store::create(work.db(), user.id, &subject, &body, now).await
    })
    .await
}

/// Every ticket, for administrators (the support inbox).
#[server(endpoint = "support/inbox")]
pub async fn support_inbox() -> Result<Vec<Ticket>, AppError> {
    // A read: a plain connection, never the write lock.
    let state = crate::platform::AppState::get()?;
    let user = crate::auth::session::require_user().await?;
    if !user.is_admin {
        return Err(AppError::forbidden(
            "Only administrators can read the support inbox.",
        ));
    }
    let mut conn = state.pool.acquire().await?;
    super::store::all(&mut conn).await
}

/// An administrator's reply; it reaches the ticket's author in the activity feed.
#[server(endpoint = "support/reply")]
pub async fn reply_to_ticket(ticket_id: i64, body: String) -> Result<(), AppError> {
    use crate::notifications::{kinds::Kind, pipeline};
    let body = crate::text::multiline(&body, 4000).map_err(|p| {
        let msg = "Write a reply of at most 4000 characters.";
        p.error("A reply", msg, msg)
    })?;
    crate::auth::session::in_work(async |work, user, _| {
        if !user.is_admin {
            return Err(AppError::forbidden(
                "Only administrators can answer support tickets.",
            ));
        }
        let now = work.now;
        let (author, subject) =
            super::store::reply(work.db(), ticket_id, &user.display_name, &body, now).await?;
        let note = pipeline::Note::new(
            Kind::SupportReply,
            format!("Reply to your ticket: {subject}"),
            crate::text::excerpt(&body, 160),
        )
        .ticket(ticket_id)
        .by(user.id);
        pipeline::emit(work, &[author], &note).await?;
        Ok(())
    })
    .await
}

/// The author says how things stand (404 for a ticket that is not theirs).
#[server(endpoint = "support/resolution")]
pub async fn set_ticket_resolution(ticket_id: i64, resolution: String) -> Result<(), AppError> {
    let resolution = super::TicketStatus::parse(&resolution)
        .filter(|r| super::TicketStatus::RESOLUTIONS.contains(r))
        .ok_or_else(|| {
            AppError::invalid("Choose resolved, still open or no longer needs attention.")
        })?;
    crate::auth::session::in_work(async |work, user, _| {
        let now = work.now;
        super::store::set_resolution(work.db(), user.id, ticket_id, resolution, now).await
    })
    .await
}

//! `GET /api/events`: the signed-in user's live stream.
//!
//! Events: `notification` (id: = the notification id; data: the notification),
//! `badges` (unread and pending-invite counts), `change` (read state changed in another
//! tab), `resync` (the client should reload what it shows). On connect the stream
//! replays every notification newer than `Last-Event-ID` (or `?after=`), oldest first,
//! then waits for the hub.

use crate::auth::session::CurrentUser;
use crate::error::AppError;
use crate::notifications::store;
use crate::platform::hub::Push;
use crate::platform::AppState;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::stream::{self, Stream, StreamExt};
use serde::Deserialize;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

#[derive(Deserialize)]
pub struct After {
    after: Option<String>,
}

/// Where the stream starts: `Last-Event-ID` (a reconnect) wins over `?after=` (a page
/// that knows the newest id it rendered). Anything else that is not a number is a 400.
fn cursor(headers: &HeaderMap, query: &After) -> Result<Option<i64>, AppError> {
    let raw = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| query.after.clone());
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or_else(|| AppError::invalid("Last-Event-ID must be a notification id.")),
    }
}

fn json_event(name: &str, data: &impl serde::Serialize) -> Event {
    Event::default()
        .event(name)
        .data(serde_json::to_string(data).unwrap_or_else(|_| "null".into()))
}

/// Everything newer than `cursor`, then the badges; moves the cursor.
async fn catch_up(
    state: &AppState,
    user_id: i64,
    cursor: &mut i64,
) -> Result<Vec<Event>, AppError> {
    let mut events = Vec::new();
    loop {
        let batch = store::since(&state.pool, user_id, *cursor, 200).await?;
        let done = batch.len() < 200;
        for n in batch {
            *cursor = n.id;
            events.push(json_event("notification", &n).id(n.id.to_string()));
        }
        if done {
            break;
        }
    }
    events.push(json_event(
        "badges",
        &crate::app::shell::badges(&state.pool, user_id).await?,
    ));
    Ok(events)
}

struct Conn {
    state: AppState,
    user_id: i64,
    cursor: i64,
    rx: tokio::sync::broadcast::Receiver<Push>,
    first: bool,
}

pub async fn events(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    Query(query): Query<After>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    // Subscribe before reading the cursor's rows, so nothing committed in between is missed.
    let rx = state.hub.subscribe(user.id);
    let given = cursor(&headers, &query)?;
    let latest = store::latest_id(&state.pool, user.id).await?;
    // A cursor beyond the newest notification (a forged or stale id) starts from the
    // newest: otherwise everything until the ids caught up with it would be skipped.
    let cursor = given.map_or(latest, |c| c.min(latest));
    let conn = Conn {
        state,
        user_id: user.id,
        cursor,
        rx,
        first: true,
    };
    let stream = stream::unfold(conn, |mut c| async move {
        let events = if c.first {
            c.first = false;
            catch_up(&c.state, c.user_id, &mut c.cursor).await
        } else {
            match c.rx.recv().await {
                Ok(Push::Wake) => catch_up(&c.state, c.user_id, &mut c.cursor).await,
                Ok(Push::Change(change)) => crate::app::shell::badges(&c.state.pool, c.user_id)
                    .await
                    .map(|b| {
                        vec![
                            Event::default().event("change").data(&*change.0),
                            json_event("badges", &b),
                        ]
                    }),
                Ok(Push::Resync) | Err(RecvError::Lagged(_)) => {
                    catch_up(&c.state, c.user_id, &mut c.cursor)
                        .await
                        .map(|mut e| {
                            e.insert(0, Event::default().event("resync").data("{}"));
                            e
                        })
                }
                Err(RecvError::Closed) => return None,
            }
        };
        let events = events.unwrap_or_else(|e| {
            tracing::warn!("event stream for user {}: {e}", c.user_id);
            vec![Event::default().event("resync").data("{}")]
        });
        Some((stream::iter(events.into_iter().map(Ok)), c))
    })
    .flatten();
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(20))))
}

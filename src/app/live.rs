//! The live-stream dispatcher: one EventSource per tab, whose events it hands to the
//! features' reactive state.

use crate::feed::Feed;
use crate::notifications::live::Change;
use crate::notifications::{Badges, Notification};
use crate::settings::notifications_ui::PushedPreferences;
use crate::tracks::ui::LiveSync;
use crate::ui::session::Session;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

fn listen(es: &EventSource, name: &str, f: impl Fn(String) + 'static) {
    let cb = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        if let Some(text) = ev.data().as_string() {
            f(text);
        }
    });
    let _ = es.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
    // Lives as long as the page's stream.
    cb.forget();
}

/// The browser state each kind of event updates.
pub struct Targets {
    pub session: Session,
    pub feed: Feed,
    pub sync: LiveSync,
    pub preferences: PushedPreferences,
}

/// Opens the stream, starting after notification `after` (the newest the page rendered).
/// The browser reconnects by itself and sends `Last-Event-ID`, so nothing is missed or
/// repeated across a dropped connection.
pub fn connect(to: Targets, after: i64) {
    let Targets {
        session,
        feed,
        sync,
        preferences,
    } = to;
    let Ok(es) = EventSource::new(&format!("/api/events?after={after}")) else {
        return;
    };
    listen(&es, "notification", move |data| {
        if let Ok(n) = serde_json::from_str::<Notification>(&data) {
            feed.arrive(n);
        }
    });
    listen(&es, "badges", move |data| {
        if let Ok(b) = serde_json::from_str::<Badges>(&data) {
            feed.badges.set(b);
        }
    });
    listen(&es, "change", move |data| {
        match serde_json::from_str::<Change>(&data) {
            Ok(Change::Preferences(p)) => preferences.0.set(Some(*p)),
            Ok(Change::Tracks) => {
                session.tracks_version.update(|v| *v += 1);
                session.access_version.update(|v| *v += 1);
            }
            Ok(Change::Sync {
                track_id,
                file_id,
                file_done,
                bytes_done,
                bytes_total,
                files_left,
            }) => {
                let progress = crate::tracks::SyncProgress {
                    bytes_done,
                    bytes_total,
                    files_left,
                };
                sync.arrive(track_id, file_id, file_done, progress);
            }
            Ok(c @ Change::Invitation { .. }) => {
                session.invites_version.update(|v| *v += 1);
                feed.apply(c);
            }
            Ok(c) => feed.apply(c),
            Err(_) => {}
        }
    });
    // Fell behind: reload everything that follows the stream.
    listen(&es, "resync", move |_| {
        feed.reload();
        session.reload_all();
    });
    on_cleanup(move || es.close());
}

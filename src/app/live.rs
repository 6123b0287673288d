//! The live-stream dispatcher: one EventSource per signed-in page, which hands each
//! event to the state of the feature it concerns; what the server rendered and a change
//! makes stale is refreshed in place.

use leptos::prelude::*;

/// Where the page's live region is (what arrives is read out there), with the newest
/// notification id when the page was rendered: the stream starts after it.
#[component]
pub fn LiveRegion(after: i64, badges: crate::notifications::Badges) -> impl IntoView {
    view! {
        <div id="live-region" class="sr-only" aria-live="polite" aria-atomic="true" data-after=after.to_string()
            data-unread=badges.unread.to_string() data-invites=badges.invites.to_string()></div>
    }
}

/// Starts the page's live stream once its islands are interactive, if it is a
/// signed-in page, and reads out what arrives in its live region.
#[cfg(feature = "hydrate")]
pub fn start() {
    let Some(region) = document().get_element_by_id("live-region") else {
        return;
    };
    let Some(after) = region
        .get_attribute("data-after")
        .and_then(|a| a.parse::<i64>().ok())
    else {
        return;
    };
    let feed = expect_context::<crate::feed::Feed>();
    let count = |name: &str| {
        region
            .get_attribute(name)
            .and_then(|n| n.parse::<i64>().ok())
            .unwrap_or_default()
    };
    feed.badges.set(crate::notifications::Badges {
        unread: count("data-unread"),
        invites: count("data-invites"),
    });
    Effect::new(move |_| region.set_text_content(Some(&feed.announcement.get())));
    let to = stream::Targets {
        feed,
        sync: expect_context(),
        preferences: expect_context(),
        session: expect_context(),
    };
    // The dispatcher's code is a chunk of its own, fetched once the page is interactive:
    // what it handles only arrives once the stream is open.
    crate::ui::browser::after_hydration(move || {
        leptos::task::spawn_local(async move { stream::connect(to, after).await })
    });
}

#[cfg(feature = "hydrate")]
mod stream {
    use crate::feed::Feed;
    use crate::notifications::live::Change;
    use crate::notifications::Badges;
    use crate::notifications::Notification;
    use crate::settings::notifications_ui::PushedPreferences;
    use crate::tracks::ui::LiveSync;
    use crate::ui::refresh::refresh;
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
        pub feed: Feed,
        pub sync: LiveSync,
        pub preferences: PushedPreferences,
        pub session: crate::ui::session::Session,
    }

    /// Opens the stream, starting after notification `after` (the newest the page
    /// rendered). The browser reconnects by itself and sends `Last-Event-ID`, so nothing
    /// is missed or repeated across a dropped connection.
    #[leptos::lazy]
    pub fn connect(to: Targets, after: i64) {
        let Targets {
            feed,
            sync,
            preferences,
            session,
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
                Ok(Change::Preferences(p)) => preferences.0.set(Some(crate::ui::refresh::rev(&*p))),
                Ok(Change::Tracks | Change::Analysed { .. } | Change::Muted) => refresh(),
                Ok(Change::Me(user)) => {
                    crate::ui::browser::set_theme(user.theme.as_str());
                    refresh();
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
                    if file_done {
                        refresh();
                    }
                }
                Ok(c @ Change::Invitation { .. }) => {
                    session.invites_version.update(|v| *v += 1);
                    feed.apply(c);
                    refresh();
                }
                Ok(c) => feed.apply(c),
                Err(_) => {}
            }
        });
        // What the page showed as waiting for a pushed change (a file syncing, a waveform
        // being analysed) may have changed between the page's rendering and the stream's
        // start, unannounced: once connected, such a page is refreshed (once).
        let opened = Closure::<dyn FnMut()>::new(move || {
            let waiting = document()
                .query_selector("[data-awaits-live]")
                .ok()
                .flatten()
                .is_some();
            if waiting {
                refresh();
            }
        });
        let once = web_sys::AddEventListenerOptions::new();
        once.set_once(true);
        let _ = es.add_event_listener_with_callback_and_add_event_listener_options(
            "open",
            opened.as_ref().unchecked_ref(),
            &once,
        );
        opened.forget();
        // Fell behind: reload everything that follows the stream.
        listen(&es, "resync", move |_| {
            feed.reload();
            session.invites_version.update(|v| *v += 1);
            refresh();
        });
        // The stream lives as long as the page.
        std::mem::forget(es);
    }
}

//! The bell in the header: a link to the activity page on the server, the panel's
//! opener in the browser.

#[cfg(feature = "hydrate")]
use super::panel::FeedPanel;
#[cfg(feature = "hydrate")]
use super::state::Feed;
use crate::notifications::badge_text;
use crate::ui::icons::{Icon, IconKind};
#[cfg(feature = "hydrate")]
use crate::ui::session::use_session;
use leptos::prelude::*;

/// The bell in the header, rendered on the server: before the page is interactive (or
/// without JavaScript) it opens the activity page; after, the panel in place (`follow`).
#[component]
pub fn Bell(unread: i64) -> impl IntoView {
    view! {
        <div class="bell">
            <form class="plain" method="get" action="/activity">
                <button type="submit" id="bell-button" class="icon-button badge-button"
                    aria-label=format!("Notifications, {} unread", badge_text(unread)) aria-haspopup="dialog" aria-expanded="false">
                    <Icon kind=IconKind::Bell/>
                    <span class="badge" aria-hidden="true" data-badge="unread" hidden=unread == 0>{badge_text(unread)}</span>
                </button>
            </form>
            <div id="feed-mount"></div>
        </div>
    }
}

/// Makes the bell work in the browser: its badge follows the live count, a click opens
/// and closes the panel, whose code (a chunk of its own, usually fetched already by
/// `prefetch`) is put in place the first time it opens. Browser only.
#[cfg(feature = "hydrate")]
pub fn follow(session: crate::ui::session::Session, feed: Feed) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let (Some(bell), Some(place), Some(owner)) = (
        document().get_element_by_id("bell-button"),
        document().get_element_by_id("feed-mount"),
        Owner::current(),
    ) else {
        return;
    };
    let open = session.feed_open;
    let click = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        ev.prevent_default();
        open.update(|o| *o = !*o);
    });
    let _ = bell.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
    // Lives as long as the page.
    click.forget();
    let mounted = StoredValue::new(false);
    let b = bell.clone();
    Effect::new(move |_| {
        let now = open.get();
        let _ = b.set_attribute("aria-expanded", if now { "true" } else { "false" });
        if now && !mounted.get_value() {
            mounted.set_value(true);
            let (place, owner) = (place.clone(), owner.clone());
            leptos::task::spawn_local(async move {
                if let Ok(place) = place.dyn_into::<web_sys::HtmlElement>() {
                    mount_panel(place, owner).await;
                }
            });
        }
    });
    Effect::new(move |_| {
        let unread = feed.badges.get().unread;
        // The name holds what the badge shows ("99+"), as a person reading it sees it.
        let label = format!("Notifications, {} unread", badge_text(unread));
        let _ = bell.set_attribute("aria-label", &label);
        crate::ui::browser::show_badge(&bell, unread);
    });
}

/// Puts the activity panel in `place` (drawn once, then kept: hidden while closed, so
/// opening it again costs nothing however many rows are loaded).
#[cfg(feature = "hydrate")]
#[leptos::lazy]
fn mount_panel(place: web_sys::HtmlElement, owner: Owner) {
    owner.with(|| {
        let open = use_session().feed_open;
        leptos::mount::mount_to(place, move || {
            view! {
                <div class="panel-backdrop" hidden=move || !open.get() on:click=move |_| open.set(false)></div>
                <FeedPanel/>
            }
        })
        .forget();
    });
}

/// Fetches the panel's code without opening it.
#[cfg(feature = "hydrate")]
pub async fn prefetch() {
    __preload_mount_panel().await;
}

//! The signed-in header: main menu (a menu button on phones), the invitations badge,
//! the bell, the account menu. Rendered on the server; each of its buttons sits in a
//! plain form, so before the page is interactive (or without JavaScript) it opens a
//! page: the invitations page, the activity page, Settings. Once interactive (`start`),
//! the same buttons open the modal, the panel and the menus in place, and the badges
//! follow the live stream. The account menu is a region: a change of name or picture
//! (in any tab) refreshes it.

use crate::account::ui::SignOutButton;
use crate::auth::User;
use crate::notifications::{badge_text, Badges};
use crate::ui::icons::{Icon, IconKind};
use crate::ui::refresh::{rev, Region};
use leptos::prelude::*;

/// `path`: the page's path (its link in the main menu is marked current).
#[component]
pub fn Header(user: User, badges: Badges, path: String) -> impl IntoView {
    let current = |on: bool| on.then_some("page");
    let (tracks_here, settings_here) = (path == "/", path.starts_with("/settings"));
    let invites = badges.invites;
    let who = rev(&(&user.display_name, &user.email, user.avatar_version));
    let avatar = match user.avatar_url() {
        Some(src) => view! { <img class="avatar" src=src alt="" aria-hidden="true"/> }.into_any(),
        None => {
            view! { <span class="avatar" aria-hidden="true" data-initials=user.initials()></span> }
                .into_any()
        }
    };
    view! {
        <header class="app-header">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <div class="menu-backdrop" data-menu-backdrop="" hidden></div>
            <button id="menu-button" class="icon-button menu-button" aria-label="Menu" aria-controls="primary-nav"
                aria-expanded="false" data-menu="">
                <Icon kind=IconKind::Menu/>
            </button>
            <a class="brand" href="/"><Icon kind=IconKind::Music/><span class="brand-name">"Producer Dashboard"</span></a>
            <nav id="primary-nav" class="primary-nav" aria-label="Main">
                <a href="/" aria-current=current(tracks_here)>"Tracks"</a>
                <a href="/settings" aria-current=current(settings_here)>"Settings"</a>
                <SignOutButton class="link-button nav-sign-out"/>
            </nav>
            <div class="header-actions">
                <form class="plain" method="get" action="/invitations">
                    <button type="submit" id="invites-button" class="icon-button badge-button"
                        aria-label=format!("Invitations, {} pending", badge_text(invites)) aria-haspopup="dialog" data-open-invites="">
                        <Icon kind=IconKind::Inbox/>
                        <span class="badge" aria-hidden="true" hidden=invites == 0>{badge_text(invites)}</span>
                    </button>
                </form>
                <crate::feed::Bell unread=badges.unread/>
                <Region name="account" rev=who>
                    <div class="user-menu">
                        <form class="plain" method="get" action="/settings">
                            <button type="submit" id="account-button" class="avatar-button"
                                aria-label=format!("Account menu for {}", user.display_name) aria-haspopup="menu"
                                aria-controls="account-menu" aria-expanded="false" data-menu="">
                                {avatar}
                            </button>
                        </form>
                        // On the page from the first time it opens.
                        <div class="menu" id="account-menu" role="menu">
                            <template data-part="account-menu">
                                <p class="menu-caption">{user.display_name.clone()}<br/><small>{user.email.clone()}</small></p>
                                <a role="menuitem" href="/settings">"Settings"</a>
                                <SignOutButton class="link-button" role="menuitem"/>
                            </template>
                        </div>
                    </div>
                </Region>
            </div>
        </header>
    }
}

/// The header's menus and invitations badge in the browser (the bell: `feed::follow`).
/// A `[data-menu]` button opens and closes the element its `aria-controls` names
/// (`data-open`): Escape, a click outside or following a link closes it, and Escape
/// hands focus back to the button.
#[cfg(feature = "hydrate")]
pub fn start(feed: crate::feed::Feed) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::Element;

    fn menus() -> Vec<(Element, Element)> {
        let mut out = Vec::new();
        if let Ok(list) = document().query_selector_all("[data-menu]") {
            for i in 0..list.length() {
                let Some(button) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                    continue;
                };
                if let Some(menu) = button
                    .get_attribute("aria-controls")
                    .and_then(|id| document().get_element_by_id(&id))
                {
                    out.push((button, menu));
                }
            }
        }
        out
    }
    fn set(button: &Element, menu: &Element, open: bool) {
        if open {
            crate::ui::behaviour::materialize(menu);
        }
        let v = if open { "true" } else { "false" };
        let _ = button.set_attribute("aria-expanded", v);
        let _ = menu.set_attribute("data-open", v);
    }
    fn backdrop() {
        let any = menus()
            .iter()
            .any(|(b, _)| b.get_attribute("aria-expanded").as_deref() == Some("true"));
        if let Ok(Some(b)) = document().query_selector("[data-menu-backdrop]") {
            if any {
                let _ = b.remove_attribute("hidden");
            } else {
                let _ = b.set_attribute("hidden", "");
            }
        }
    }
    fn close_all(refocus: bool) {
        for (button, menu) in menus() {
            if button.get_attribute("aria-expanded").as_deref() == Some("true") {
                set(&button, &menu, false);
                if refocus {
                    if let Some(b) = button.dyn_ref::<web_sys::HtmlElement>() {
                        let _ = b.focus();
                    }
                }
            }
        }
        backdrop();
    }

    let click = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        let Some(target) = target else {
            return;
        };
        if let Some(button) = target.closest("[data-menu]").ok().flatten() {
            ev.prevent_default();
            let open = button.get_attribute("aria-expanded").as_deref() != Some("true");
            for (b, m) in menus() {
                set(&b, &m, open && b.is_same_node(Some(&button)));
            }
            backdrop();
        } else if target.has_attribute("data-menu-backdrop") {
            close_all(false);
        }
    });
    let _ = document().add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
    click.forget();
    let keys = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(|ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            close_all(true);
        }
    });
    let _ = document().add_event_listener_with_callback("keydown", keys.as_ref().unchecked_ref());
    keys.forget();

    if let Some(invites) = document().get_element_by_id("invites-button") {
        Effect::new(move |_| {
            let n = feed.badges.get().invites;
            let label = format!("Invitations, {} pending", badge_text(n));
            let _ = invites.set_attribute("aria-label", &label);
            crate::ui::browser::show_badge(&invites, n);
        });
    }
}

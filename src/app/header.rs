//! The signed-in header: main menu, the invitations badge, the bell, the account menu.

use crate::account::ui::SignOutButton;
use crate::auth::ui::{use_viewer, Avatar};
use crate::feed::Feed;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let viewer = use_viewer();
    let feed = expect_context::<Feed>();
    let nav_open = RwSignal::new(false);
    let user_menu = RwSignal::new(false);
    let invites = move || feed.badges.get().invites;
    // Escape closes an open menu and hands focus back to the button that opened it; a
    // click or tap outside closes it too (the backdrop below).
    crate::ui::browser::on_key(move |ev| {
        if ev.key() != "Escape" {
            return;
        }
        if nav_open.get_untracked() {
            nav_open.set(false);
            crate::ui::browser::focus("menu-button");
        }
        if user_menu.get_untracked() {
            user_menu.set(false);
            crate::ui::browser::focus("account-button");
        }
    });
    let any_menu = move || nav_open.get() || user_menu.get();
    view! {
        <header class="app-header">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Show when=any_menu>
                <div class="menu-backdrop" on:click=move |_| { nav_open.set(false); user_menu.set(false); }></div>
            </Show>
            <button
                id="menu-button"
                class="icon-button menu-button"
                aria-label="Menu"
                aria-controls="primary-nav"
                aria-expanded=move || nav_open.get().to_string()
                on:click=move |_| nav_open.update(|o| *o = !*o)
            >
                <Icon kind=IconKind::Menu/>
            </button>
            <a class="brand" href="/"><Icon kind=IconKind::Music/><span class="brand-name">"Producer Dashboard"</span></a>
            <nav id="primary-nav" class="primary-nav" class:open=move || nav_open.get() aria-label="Main"
                on:click=move |_| nav_open.set(false)>
                <A href="/" exact=true>"Tracks"</A>
                <A href="/settings">"Settings"</A>
                <SignOutButton class="link-button nav-sign-out"/>
            </nav>
            <div class="header-actions">
                // Before the page is interactive (or without JavaScript) it opens the
                // invitations page; after, the modal in place.
                <form class="plain" method="get" action="/invitations">
                    <button
                        type="submit"
                        id="invites-button"
                        class="icon-button badge-button"
                        aria-label=move || format!("Invitations, {} pending", invites())
                        aria-haspopup="dialog"
                        on:click=move |ev| { ev.prevent_default(); session.open_invites(None) }
                    >
                        <Icon kind=IconKind::Inbox/>
                        <Show when=move || { invites() > 0 }>
                            <span class="badge" aria-hidden="true">{move || crate::notifications::badge_text(invites())}</span>
                        </Show>
                    </button>
                </form>
                <crate::feed::Bell/>
                <div class="user-menu">
                    // Without JavaScript (or before the page is interactive) it opens
                    // Settings, where Sign out is too.
                    <form class="plain" method="get" action="/settings">
                        <button
                            type="submit"
                            id="account-button"
                            class="avatar-button"
                            aria-label=move || format!("Account menu for {}", viewer.who().0)
                            aria-haspopup="menu"
                            aria-expanded=move || user_menu.get().to_string()
                            on:click=move |ev| { ev.prevent_default(); user_menu.update(|o| *o = !*o) }
                        >
                            <Avatar/>
                        </button>
                    </form>
                    <Show when=move || user_menu.get()>
                        <div class="menu" role="menu"
                            on:click=move |_| user_menu.set(false)>
                            <p class="menu-caption">{move || viewer.who().0}<br/><small>{move || viewer.who().1}</small></p>
                            <a role="menuitem" href="/settings">"Settings"</a>
                            <SignOutButton class="link-button" role="menuitem"/>
                        </div>
                    </Show>
                </div>
            </div>
        </header>
    }
}

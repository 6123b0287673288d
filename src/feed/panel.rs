//! The activity panel under the bell: its head, its body (loading, failed, empty, the
//! list) and its keys.

use super::filters::{FilterBar, NoMatch};
use super::keys::{focus_row, triage, ShortcutsHelp};
use super::row::FeedItem;
use super::select::SelectionBar;
use super::state::{use_feed, PANEL_ID};
use super::unread;
use crate::notifications::api::{mark_all_read, unread_again};
use crate::notifications::live::Change;
use crate::notifications::Filter;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::session::use_session;
use crate::ui::toast::use_toasts;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn close_panel(session: crate::ui::session::Session) {
    session.feed_open.set(false);
    crate::ui::browser::focus("bell-button");
}

#[component]
pub(super) fn FeedPanel() -> impl IntoView {
    let session = use_session();
    let feed = use_feed();
    let toasts = use_toasts();
    let open = session.feed_open;
    // Loads the first page when opened with nothing loaded (the first time, or after the
    // stream fell behind); a failed load waits for "Try again".
    Effect::new(move |_| {
        if open.get()
            && !feed.loaded.get()
            && !feed.loading.get_untracked()
            && !feed.failed.get_untracked()
        {
            feed.load_more(true);
        }
    });
    // What the filters offer, when the panel opens and whenever the badge moves (the
    // categories' unread counts add up to it).
    Effect::new(move |_| {
        let _ = feed.badges.with(|b| b.unread);
        if open.get() {
            feed.load_choices();
        }
    });
    let help = RwSignal::new(false);
    // Keys work wherever focus is while the panel is open (it opens with focus on the bell).
    crate::ui::browser::on_key(move |ev| match ev.key().as_str() {
        _ if !open.get_untracked() => {}
        "Escape" if help.get_untracked() => help.set(false),
        "Escape" => close_panel(session),
        // In the track field the arrows pick a suggestion.
        _ if crate::ui::browser::typing(&ev) => {}
        "ArrowDown" => {
            ev.prevent_default();
            focus_row(1)
        }
        "ArrowUp" => {
            ev.prevent_default();
            focus_row(-1)
        }
        _ => {
            triage(&ev, feed, help);
        }
    });
    let all_read = move |_| {
        spawn_local(async move {
            match mark_all_read().await {
                Ok(at) => {
                    feed.apply(Change::AllRead);
                    // The button is disabled now: keep focus in the panel.
                    crate::ui::browser::focus(PANEL_ID);
                    toasts.undoable("Marked all as read.", move || {
                        spawn_local(async move {
                            if let Err(e) = unread_again(at).await {
                                toasts.error(e.to_string());
                            }
                        });
                    });
                }
                Err(e) => toasts.error(e.to_string()),
            }
        });
    };
    let on_scroll = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        if let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            if el.scroll_top() + el.client_height() >= el.scroll_height() - 40 {
                feed.load_more(false);
            }
        }
    };
    let any_unread =
        move || feed.items.with(|i| i.iter().any(unread)) || feed.badges.get().unread > 0;
    // What the panel's body is changes rarely: the list under it is drawn once and kept
    // current row by row, not drawn again with every page loaded or load begun.
    let body = Memo::new(move |_| {
        if !feed.loaded.get() {
            if feed.failed.get() {
                PanelBody::Failed
            } else {
                PanelBody::Loading
            }
        } else if feed.items.with(Vec::is_empty) {
            if feed.filter.with(Filter::is_on) {
                PanelBody::NoMatch
            } else {
                PanelBody::Empty
            }
        } else {
            PanelBody::List
        }
    });
    view! {
        // Closed, it is invisible rather than taken out of the layout, so opening it again
        // repaints what was laid out before instead of styling and laying out every row.
        <div class="feed-panel" class:closed=move || !open.get() id=PANEL_ID tabindex="-1" role="dialog" aria-label="Activity" on:scroll=on_scroll>
            <div class="panel-head">
                <h2>"Activity"</h2>
                <button class="icon-button" aria-label="Mark all as read" title="Mark all as read"
                    disabled=move || !any_unread() on:click=all_read>
                    <Icon kind=IconKind::Check/>
                </button>
                <a class="panel-link" href="/activity?view=dismissed">"Dismissed"</a>
                <FilterBar/>
            </div>
            <ShortcutsHelp open=help/>
            {move || match body.get() {
                PanelBody::Failed => {
                    view! {
                        <div class="feed-error">
                            <p class="form-error" role="alert">"Your activity could not be loaded. Check your connection and try again."</p>
                            <button type="button" on:click=move |_| feed.load_more(true)>"Try again"</button>
                        </div>
                    }.into_any()
                }
                PanelBody::Loading => view! { <p class="loading">"Loading…"</p> }.into_any(),
                PanelBody::NoMatch => view! { <NoMatch/> }.into_any(),
                PanelBody::Empty => {
                    view! {
                        <div class="empty-state feed-empty">
                            <svg class="illustration" viewBox="0 0 120 90" aria-hidden="true" focusable="false">
                                <rect x="18" y="20" width="84" height="56" rx="10" fill="var(--accent-soft)"/>
                                <path d="M40 48l12 12 28-28" fill="none" stroke="var(--accent)" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"/>
                                <circle cx="98" cy="18" r="6" fill="var(--accent)"/><circle cx="16" cy="70" r="4" fill="var(--accent)"/>
                            </svg>
                            <p>"No new notifications."</p>
                        </div>
                    }.into_any()
                }
                PanelBody::List => {
                    view! {
                        <ul class="feed-list" aria-label="Notifications">
                            <For each=move || feed.items.get() key=|n| (n.id, n.read, n.group.size, n.group.unread, n.invitation_status) let:n>
                                <FeedItem n inner=false/>
                            </For>
                        </ul>
                        <Show when=move || feed.next.get().is_some()>
                            <button class="load-more" disabled=move || feed.loading.get() on:click=move |_| feed.load_more(false)>
                                {move || if feed.loading.get() { "Loading…" } else { "Load more" }}
                            </button>
                        </Show>
                        {move || feed.failed.get().then(|| view! {
                            <p class="form-error feed-error" role="alert">"More activity could not be loaded. Check your connection and try again."</p>
                        })}
                    }.into_any()
                }
            }}
            // After the list, held at the panel's bottom edge however far it is scrolled.
            <SelectionBar/>
        </div>
    }
}

/// What the activity panel's body shows.
#[derive(Clone, Copy, PartialEq)]
enum PanelBody {
    /// The first page could not be loaded, even after retrying.
    Failed,
    Loading,
    Empty,
    /// Nothing the filters let through.
    NoMatch,
    List,
}

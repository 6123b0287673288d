//! The bell in the header and its activity panel.

use super::api::get_feed;
use super::{badge_text, Category, Notification};
use crate::app::use_session;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::time::RelativeTime;
use leptos::prelude::*;

pub fn category_icon(c: Category) -> IconKind {
    match c {
        Category::Collaboration => IconKind::People,
        Category::Deadline => IconKind::Calendar,
        Category::Workflow => IconKind::Checklist,
        Category::Reminder => IconKind::Clock,
        Category::System => IconKind::Info,
        Category::Support => IconKind::LifeBuoy,
    }
}

#[component]
pub fn Bell() -> impl IntoView {
    let session = use_session();
    let open = session.feed_open;
    let unread = move || session.badges.get().unread;
    view! {
        <div class="bell">
            <button
                class="icon-button badge-button"
                aria-label=move || format!("Notifications, {} unread", unread())
                aria-haspopup="dialog"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <Icon kind=IconKind::Bell/>
                <Show when=move || { unread() > 0 }>
                    <span class="badge" aria-hidden="true">{move || badge_text(unread())}</span>
                </Show>
            </button>
            <Show when=move || open.get()>
                <FeedPanel/>
            </Show>
        </div>
    }
}

#[component]
fn FeedPanel() -> impl IntoView {
    let session = use_session();
    let feed = Resource::new(|| (), |_| get_feed(None));
    view! {
        <div class="feed-panel" role="dialog" aria-label="Activity"
            on:keydown=move |ev| if ev.key() == "Escape" { session.feed_open.set(false) }>
            <div class="panel-head"><h2>"Activity"</h2></div>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match feed.await {
                        Ok(page) if page.items.is_empty() => view! {
                            <div class="empty-state"><Icon kind=IconKind::CheckCircle/><p>"No new notifications."</p></div>
                        }.into_any(),
                        Ok(page) => view! {
                            <ul class="feed-list">
                                {page.items.into_iter().map(|n| view! { <FeedItem n/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn FeedItem(n: Notification) -> impl IntoView {
    view! {
        <li class="feed-item" class:unread=!n.read class:high=n.high_priority>
            <span class=format!("feed-icon cat-{}", n.category.as_str())><Icon kind=category_icon(n.category)/></span>
            <div class="feed-text">
                <p class="feed-title">{n.title.clone()}</p>
                <p class="feed-message">{n.message.clone()}</p>
                <RelativeTime at=n.created_at/>
            </div>
        </li>
    }
}

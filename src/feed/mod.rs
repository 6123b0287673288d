//! The bell in the header and its activity panel; the activity page.

mod page;
pub use page::ActivityPage;

use crate::notifications::api::{
    dismiss, dismiss_group, get_feed, get_group, mark_all_read, mark_group_read, mark_read, snooze,
};
use crate::notifications::kinds::Kind;
use crate::notifications::live::Change;
use crate::notifications::{
    badge_text, Badges, Category, InvitationStatus, Notification, TicketStatus,
};
use crate::ui::icons::{Icon, IconKind};
use crate::ui::session::use_session;
use crate::ui::time::RelativeTime;
use crate::ui::toast::use_toasts;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

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

/// The feed as this tab knows it: filled from the server when the panel first opens,
/// then kept current by the live stream.
#[derive(Clone, Copy)]
pub struct Feed {
    pub items: RwSignal<Vec<Notification>>,
    /// Keyset cursor of the next page (`None`: no more).
    pub next: RwSignal<Option<i64>>,
    pub loaded: RwSignal<bool>,
    pub loading: RwSignal<bool>,
    /// The last load failed even after retrying (the panel says so and offers to retry).
    pub failed: RwSignal<bool>,
    /// Read out by the polite live region when something new arrives.
    pub announcement: RwSignal<String>,
    /// The header badges: unread notifications and pending invitations.
    pub badges: RwSignal<Badges>,
    /// The groups opened in place: their notifications, newest first.
    pub expanded: RwSignal<HashMap<i64, Vec<Notification>>>,
}

impl Feed {
    pub fn provide() -> Feed {
        let feed = Feed {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            loaded: RwSignal::new(false),
            loading: RwSignal::new(false),
            failed: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            badges: RwSignal::new(Badges::default()),
            expanded: RwSignal::new(HashMap::new()),
        };
        provide_context(feed);
        feed
    }

    /// A notification pushed by the stream. It joins its group's row (the newest row,
    /// so nothing moves down) or starts a new row at the top; never twice.
    pub fn arrive(&self, n: Notification) {
        // In quiet hours nothing pops up (it waits in the feed, marked).
        if !n.quiet {
            if n.high_priority {
                crate::ui::browser::desktop::show(&n.title, &n.message, &format!("pd-{}", n.id));
            }
            self.announcement
                .set(format!("New notification: {}. {}", n.title, n.message));
        }
        if !self.loaded.get_untracked() {
            return;
        }
        self.expanded.update(|open| {
            if let Some(items) = open.get_mut(&n.group.id) {
                if !items.iter().any(|i| i.id == n.id) {
                    items.insert(0, n.clone());
                }
            }
        });
        self.items.update(
            |items| match items.iter().position(|i| i.group.id == n.group.id) {
                Some(at) if items[at].id < n.id => items[at] = n,
                Some(_) => {}
                None => items.insert(0, n),
            },
        );
    }

    pub fn apply(&self, change: Change) {
        let read = |n: &mut Notification| {
            n.read = true;
            n.group.unread = 0;
        };
        match &change {
            Change::Read(ids) => self.each_single(|n| {
                if ids.contains(&n.id) {
                    n.read = true
                }
            }),
            Change::AllRead => self.each_single(read),
            Change::Invitation { id, status } => self.each_single(|n| {
                if n.invitation_id == Some(*id) {
                    n.invitation_status = Some(*status)
                }
            }),
            Change::Dismissed(id) => self.expanded.update(|open| {
                open.values_mut()
                    .for_each(|items| items.retain(|n| n.id != *id))
            }),
            Change::GroupGone(group) => self.expanded.update(|open| {
                open.remove(group);
            }),
            _ => {}
        }
        self.items.update(|items| match change {
            Change::Read(ids) => items
                .iter_mut()
                .filter(|n| ids.contains(&n.id))
                .for_each(|n| {
                    n.read = true;
                    if n.group.size == 1 {
                        n.group.unread = 0;
                    }
                }),
            Change::AllRead => items.iter_mut().for_each(read),
            Change::Dismissed(id) => items.retain(|n| n.id != id || n.group.size > 1),
            Change::GroupGone(group) => items.retain(|n| n.group.id != group),
            Change::Group(row) => match items.iter().position(|n| n.group.id == row.group.id) {
                Some(at) if items[at].group.position == row.group.position => items[at] = *row,
                // Back from a snooze (at the top), or back in view: where it belongs.
                found => {
                    if let Some(at) = found {
                        items.remove(at);
                    }
                    let at = items
                        .iter()
                        .position(|n| n.group.position < row.group.position)
                        .unwrap_or(items.len());
                    if at == 0 && found.is_none() {
                        let title = row.group.title.as_deref().unwrap_or(&row.title);
                        self.announcement.set(format!("Back from snooze: {title}."));
                    }
                    if at < items.len() || self.next.get_untracked().is_none() {
                        items.insert(at, *row);
                    }
                }
            },
            Change::Invitation { id, status } => items
                .iter_mut()
                .filter(|n| n.invitation_id == Some(id))
                .for_each(|n| n.invitation_status = Some(status)),
            Change::Tracks
            | Change::Sync { .. }
            | Change::Analysed { .. }
            | Change::Preferences(_)
            | Change::Me(_) => {}
        });
    }

    /// Applies `f` to every notification shown inside an opened group.
    fn each_single(&self, f: impl Fn(&mut Notification)) {
        self.expanded
            .update(|open| open.values_mut().flatten().for_each(&f));
    }

    /// Opens a group in place (loading its notifications), or closes it.
    pub fn toggle_group(&self, group: i64) {
        if self
            .expanded
            .with_untracked(|open| open.contains_key(&group))
        {
            self.expanded.update(|open| {
                open.remove(&group);
            });
            return;
        }
        let feed = *self;
        spawn_local(async move {
            if let Ok(page) = get_group(group, None).await {
                feed.expanded.update(|open| {
                    open.insert(group, page.items);
                });
            }
        });
    }

    /// Forgets what it shows; the panel loads it again (at once if it is open).
    pub fn reload(&self) {
        self.expanded.set(HashMap::new());
        self.failed.set(false);
        self.loaded.set(false);
    }

    /// Loads the first page (`fresh`) or the next one.
    pub fn load_more(&self, fresh: bool) {
        if self.loading.get_untracked() || (!fresh && self.next.get_untracked().is_none()) {
            return;
        }
        let feed = *self;
        let before = if fresh {
            None
        } else {
            self.next.get_untracked()
        };
        feed.loading.set(true);
        feed.failed.set(false);
        spawn_local(async move {
            // A request that fails (a dropped connection, a server restarting) is tried
            // twice more before the panel says so.
            let mut result = get_feed(before).await;
            for wait in [500, 1_500] {
                if result.is_ok() {
                    break;
                }
                gloo_timers::future::TimeoutFuture::new(wait).await;
                result = get_feed(before).await;
            }
            if let Ok(page) = result {
                feed.items.update(|items| {
                    if fresh {
                        items.clear();
                    }
                    for n in page.items {
                        if !items.iter().any(|i| i.id == n.id) {
                            items.push(n);
                        }
                    }
                });
                feed.next.set(page.next);
                feed.loaded.set(true);
            } else {
                feed.failed.set(true);
            }
            feed.loading.set(false);
        });
    }
}

fn use_feed() -> Feed {
    expect_context::<Feed>()
}

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

/// Moves focus between the rows' main buttons with the arrow keys.
fn focus_row(delta: i32) {
    crate::ui::browser::focus_step(".feed-panel .feed-open", delta);
}

fn close_panel(session: crate::ui::session::Session) {
    session.feed_open.set(false);
    crate::ui::browser::focus("bell-button");
}

/// The panel's element id (focus returns to it when the control that had it goes away).
const PANEL_ID: &str = "feed-panel";

#[component]
fn FeedPanel() -> impl IntoView {
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
    // Keys work wherever focus is while the panel is open (it opens with focus on the bell).
    crate::ui::browser::on_key(move |ev| match ev.key().as_str() {
        _ if !open.get_untracked() => {}
        "Escape" => close_panel(session),
        "ArrowDown" => {
            ev.prevent_default();
            focus_row(1)
        }
        "ArrowUp" => {
            ev.prevent_default();
            focus_row(-1)
        }
        _ => {}
    });
    let all_read = move |_| {
        spawn_local(async move {
            match mark_all_read().await {
                Ok(()) => {
                    feed.apply(Change::AllRead);
                    // The button is disabled now: keep focus in the panel.
                    crate::ui::browser::focus(PANEL_ID);
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
            PanelBody::Empty
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
            </div>
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
    List,
}

/// The page a notification is about: its track, at the part it concerns.
fn track_link(n: &Notification) -> Option<String> {
    n.track_id
        .map(|t| crate::notifications::track_path(t, n.widget, n.cue))
}

/// Whether a row still asks to be looked at: a group while any of it is unread.
fn unread(n: &Notification) -> bool {
    if n.group.size > 1 {
        n.group.unread > 0
    } else {
        !n.read
    }
}

/// One row of the feed: a notification, or a group shown as its newest (with the
/// group's title and count, openable in place). `inner`: a notification inside an
/// opened group.
#[component]
fn FeedItem(n: Notification, inner: bool) -> AnyView {
    let session = use_session();
    let feed = use_feed();
    let toasts = use_toasts();
    let id = n.id;
    let group = (!inner && n.group.size > 1).then_some(n.group.id);
    let is_unread = if inner { !n.read } else { unread(&n) };
    let target = track_link(&n);
    let invitation = n
        .invitation_id
        .filter(|_| n.kind == Kind::InvitationReceived);
    let track_id = n.track_id;
    let open = move |()| {
        // The page it leads to opens once the server has it read (leaving the page
        // would cut the request short).
        let go = if invitation.is_some() {
            // The invite card, with its Accept button, is in the invitations modal.
            session.feed_open.set(false);
            session.open_invites(track_id);
            None
        } else {
            target.clone()
        };
        if is_unread {
            feed.apply(Change::Read(vec![id]));
        }
        if !is_unread && go.is_none() {
            return;
        }
        spawn_local(async move {
            if is_unread {
                // A group's row reads all of it.
                let done = match group {
                    Some(g) => mark_group_read(g).await,
                    None => mark_read(id).await,
                };
                if let Err(e) = done {
                    toasts.error(e.to_string());
                }
            }
            if let Some(url) = go {
                crate::ui::browser::navigate_hard(&url);
            }
        });
    };
    let remove = move |_| {
        spawn_local(async move {
            let done = match group {
                Some(g) => dismiss_group(g).await.map(|()| Change::GroupGone(g)),
                None => dismiss(id).await.map(|()| Change::Dismissed(id)),
            };
            match done {
                Ok(change) => {
                    // Focus moves to the row that takes its place (or the panel).
                    let next = feed.items.with_untracked(|items| {
                        let at = items.iter().position(|n| n.id == id)?;
                        items
                            .get(at + 1)
                            .or(at.checked_sub(1).and_then(|p| items.get(p)))
                            .map(|n| n.id)
                    });
                    // Moved before the row goes, so focus never falls to the page between.
                    match next {
                        Some(n) if !inner => crate::ui::browser::focus(&format!("feed-open-{n}")),
                        _ => crate::ui::browser::focus(PANEL_ID),
                    }
                    feed.apply(change);
                }
                Err(e) => toasts.error(e.to_string()),
            }
        });
    };
    let accepting = RwSignal::new(false);
    let invitation_status = n.invitation_status;
    let accept = move |_| {
        let Some(inv) = invitation else { return };
        accepting.set(true);
        spawn_local(async move {
            match crate::invitations::api::accept_invitation(inv).await {
                Ok(_) => {
                    toasts.success("Collaboration accepted — files are syncing.");
                    feed.apply(Change::Invitation {
                        id: inv,
                        status: InvitationStatus::Accepted,
                    });
                    crate::ui::refresh::refresh();
                    // Answered: the server marked it read everywhere.
                    feed.apply(Change::Read(vec![id]));
                }
                Err(e) => toasts.error(e.to_string()),
            }
            // The row is drawn anew once its invitation is answered.
            accepting.try_set(false);
        });
    };
    // A group's row speaks for the run; a notification inside it for itself.
    let title = match (&n.group.title, inner) {
        (Some(run), false) => run.clone(),
        _ => n.title.clone(),
    };
    // Ids unique on the page: a group's newest is also listed inside it when opened.
    let dom = if inner {
        format!("{id}-in")
    } else {
        id.to_string()
    };
    let ticket = n.ticket_id;
    let ticket_status = RwSignal::new(n.ticket_status);
    let choose = move |choice: TicketStatus| {
        let Some(ticket) = ticket else { return };
        spawn_local(async move {
            match crate::support::api::set_ticket_resolution(ticket, choice.as_str().to_string())
                .await
            {
                Ok(()) => {
                    ticket_status.set(Some(choice));
                    toasts.success("Thanks, the support team will see your answer.");
                }
                Err(e) => toasts.error(e.to_string()),
            }
        });
    };
    let size = n.group.size;
    let list_id = format!("feed-group-{}", n.group.id);
    let expanded = move || group.is_some_and(|g| feed.expanded.with(|o| o.contains_key(&g)));
    view! {
        <li class="feed-item" class:unread=is_unread class:high=n.high_priority class:inner=inner
            data-priority=if n.high_priority { "high" } else { "normal" }
            on:click=move |ev| {
                // A row inside an opened group answers for itself, not for its group.
                if inner {
                    ev.stop_propagation();
                }
                if !crate::ui::browser::on_inner_control(&ev, "feed-open") { open(()) }
            }>
            <span class=format!("feed-icon cat-{}", n.category.as_str()) role="img" aria-label=n.category.label() title=n.category.label()>
                <Icon kind=category_icon(n.category)/>
            </span>
            <div class="feed-text">
                // The row's one control for the keyboard and assistive technology; a
                // click anywhere on the row (outside its own buttons) does the same.
                <button class="feed-open" id=format!("feed-open-{dom}") aria-describedby=format!("feed-msg-{dom}")>
                    <span class="feed-title">{title.clone()}</span>
                    {is_unread.then(|| view! { <span class="sr-only">" (unread)"</span> })}
                </button>
                <p class="feed-message" id=format!("feed-msg-{dom}")>
                    {group.map(|_| view! { <span class="feed-latest">"Latest: "</span> })}
                    {n.message.clone()}
                </p>
                <RelativeTime at=n.created_at/>
                {n.quiet.then(|| view! { <span class="pill quiet">"Arrived in quiet hours"</span> })}
                {ticket.map(|_| view! {
                    <div class="feed-actions" role="group" aria-label="How is your issue now?">
                        {TicketStatus::RESOLUTIONS.into_iter().map(|choice| view! {
                            <button class="small" aria-pressed=move || (ticket_status.get() == Some(choice)).to_string()
                                on:click=move |_| choose(choice)>{choice.action()}</button>
                        }).collect_view()}
                    </div>
                })}
                {invitation.map(|_| view! {
                    <div class="feed-actions">
                        {match invitation_status {
                            Some(InvitationStatus::Accepted) => view! { <span class="pill ok">"Accepted"</span> }.into_any(),
                            Some(InvitationStatus::Dismissed) => view! { <span class="pill">"Declined"</span> }.into_any(),
                            Some(InvitationStatus::Revoked) => view! { <span class="pill">"Withdrawn by the sender"</span> }.into_any(),
                            _ => view! {
                                <button class="primary small" disabled=move || accepting.get() on:click=accept>
                                    {move || if accepting.get() { "Accepting…" } else { "Accept Invite" }}
                                </button>
                            }.into_any(),
                        }}
                    </div>
                })}
                {group.map(|g| view! {
                    <div class="feed-actions">
                        <button class="small group-toggle" aria-expanded=move || expanded().to_string() aria-controls=list_id.clone()
                            on:click=move |_| feed.toggle_group(g)>
                            {move || if expanded() { "Show less".to_string() } else { format!("Show all {size}") }}
                        </button>
                    </div>
                    <Show when=expanded>
                        <ul class="feed-list feed-group" id=format!("feed-group-{g}") aria-label=format!("The {size} notifications")>
                            <For each=move || feed.expanded.with(|o| o.get(&g).cloned().unwrap_or_default())
                                key=|n| (n.id, n.read) let:n>
                                <FeedItem n inner=true/>
                            </For>
                        </ul>
                    </Show>
                })}
            </div>
            {(!inner).then(|| view! { <SnoozeMenu group=n.group.id title=title.clone()/> })}
            <button class="icon-button dismiss" aria-label=format!("Dismiss: {title}") on:click=remove>
                <Icon kind=IconKind::Close/>
            </button>
        </li>
    }
    .into_any()
}

/// "Snooze" on a row: for an hour, tonight, tomorrow or next week (in the browser's own
/// time zone). The row leaves the feed and the badge, and comes back unread at the top.
#[component]
fn SnoozeMenu(group: i64, title: String) -> impl IntoView {
    let feed = use_feed();
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let menu_id = format!("snooze-{group}");
    let choose = move |phrase: String, until: i64| {
        open.set(false);
        spawn_local(async move {
            match snooze(group, until).await {
                Ok(()) => {
                    feed.apply(Change::GroupGone(group));
                    crate::ui::browser::focus(PANEL_ID);
                    toasts.success(format!("Snoozed {phrase}."));
                }
                Err(e) => toasts.error(e.to_string()),
            }
        });
    };
    view! {
        <div class="snooze">
            <button class="icon-button" aria-label=format!("Snooze: {title}") aria-haspopup="menu"
                aria-expanded=move || open.get().to_string() aria-controls=menu_id.clone()
                on:click=move |_| open.update(|o| *o = !*o)>
                <Icon kind=IconKind::Clock/>
            </button>
            <Show when=move || open.get()>
                <div class="menu snooze-menu" role="menu" id=format!("snooze-{group}") aria-label="Snooze until">
                    {crate::ui::browser::snooze_choices().into_iter().map(|c| {
                        let phrase = c.phrase.clone();
                        view! {
                            <button role="menuitem" on:click=move |_| choose(phrase.clone(), c.until)>{c.label}</button>
                        }
                    }).collect_view()}
                </div>
            </Show>
        </div>
    }
}

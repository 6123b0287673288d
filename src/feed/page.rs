//! The activity page (`/activity`): the whole feed as a page of its own, where every
//! action is a real form. It is where the bell leads before the app is interactive or
//! with JavaScript turned off; once interactive, the same forms answer in place.

use super::{category_icon, track_link, unread};
#[cfg(feature = "ssr")]
use crate::error::AppError;
use crate::invitations::api::{AcceptInvitation, DismissInvitation};
use crate::notifications::api::{
    get_dismissed, get_feed, get_filter_choices, ActOnSelection, DismissGroup, MarkAllRead,
    MarkGroupRead, Restore, RestoreGroup, SnoozeFor, UndoSelection, UnreadAgain, Unsnooze,
};
use crate::notifications::kinds::Kind;
use crate::notifications::{
    Category, Filter, FilterChoices, InvitationStatus, Notification, TicketStatus,
};
use crate::support::api::SetTicketResolution;
use crate::tracks::api::MuteTrack;
use crate::ui::form::{Form, PlainErrors};
use crate::ui::icons::Icon;
use crate::ui::markup::PageTitle;
use crate::ui::refresh::{rev, Region};
use crate::ui::time::RelativeTime;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let query = use_query_map();
    let arg = |name: &str| query.with_untracked(|q| q.get_str(name).map(str::to_string));
    let before = arg("before").and_then(|b| b.parse::<i64>().ok());
    match arg("view").as_deref() {
        None | Some("") => {}
        Some("dismissed") => return view! { <DismissedPage before/> }.into_any(),
        Some(_) => return view! { <UnknownView/> }.into_any(),
    }
    let (unread, category, track) = (arg("unread"), arg("category"), arg("track"));
    // An unknown value is answered by get_feed (400) and shown; the filters then show none.
    let filter =
        Filter::parse(unread.as_deref(), category.as_deref(), track.as_deref()).unwrap_or_default();
    let page = Resource::new(
        || (),
        move |_| get_feed(before, unread.clone(), category.clone(), track.clone()),
    );
    let choices = Resource::new(|| (), |_| get_filter_choices());
    view! {
        <PageTitle text="Activity"/>
        <section class="activity-page" aria-labelledby="activity-heading">
            <div class="section-head">
                <h1 id="activity-heading">"Activity"</h1>
                <a href="/activity?view=dismissed">"Dismissed"</a>
                <Form action=MarkAllRead::PATH class="plain" keep=true error_above=true
                    done="Marked all as read." undo=UnreadAgain::PATH>
                    <button type="submit">"Mark all as read"</button>
                </Form>
            </div>
            <PlainErrors actions=vec![
                MarkAllRead::PATH, MarkGroupRead::PATH, DismissGroup::PATH, AcceptInvitation::PATH,
                DismissInvitation::PATH, SetTicketResolution::PATH, ActOnSelection::PATH,
                SnoozeFor::PATH, MuteTrack::PATH,
            ]/>
            <div class="shortcuts" role="region" aria-label="Keyboard shortcuts" data-shortcuts hidden>
                <h2>"Keyboard shortcuts"</h2>
                <dl>
                    {PAGE_SHORTCUTS.into_iter().map(|(key, what)| view! {
                        <div><dt><kbd>{key}</kbd></dt><dd>{what}</dd></div>
                    }).collect_view()}
                </dl>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let choices = choices.await.unwrap_or_default();
                    view! { <PageFilters filter choices/> }
                })}
            </Suspense>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let _ = choices.await;
                    match page.await {
                        Ok(p) => view! {
                            <Region name="activity" rev=rev(&p)>
                                {if p.items.is_empty() && before.is_none() {
                                    if filter.is_on() {
                                        let title = filter.track.and_then(|t| {
                                            choices.get().and_then(|c| c.ok()).and_then(|c| c.track_title(t).map(str::to_string))
                                        });
                                        view! { <PageNoMatch filter title/> }.into_any()
                                    } else {
                                        view! { <p class="empty-state">"No new notifications."</p> }.into_any()
                                    }
                                } else {
                                    let newest = filter.query(&[]);
                                    view! {
                                        <SelectionForm/>
                                        <ul class="feed-list activity-list" aria-label="Notifications" data-row-keys
                                            data-row-keys-u=activity_href(&Filter { unread: !filter.unread, ..filter }.query(&[]))>
                                            {p.items.into_iter().map(|n| view! { <ActivityRow n/> }).collect_view()}
                                        </ul>
                                        <nav class="activity-pages" aria-label="More activity">
                                            {before.map(|_| view! { <a href=activity_href(&newest)>"Newest"</a> })}
                                            {p.next.map(|next| view! {
                                                <a href=activity_href(&filter.query(&[("before", next.to_string())]))>"Older notifications"</a>
                                            })}
                                        </nav>
                                    }.into_any()
                                }}
                            </Region>
                        }.into_any(),
                        Err(e) => {
                            // A filter the address got wrong answers with its status (signed
                            // out, the page redirects to sign-in instead).
                            #[cfg(feature = "ssr")]
                            if let (Some(res), AppError::Invalid(_) | AppError::NotFound(_)) =
                                (use_context::<leptos_axum::ResponseOptions>(), &e)
                            {
                                res.set_status(
                                    http::StatusCode::from_u16(e.status_code())
                                        .unwrap_or(http::StatusCode::BAD_REQUEST),
                                );
                            }
                            view! {
                                <p class="form-error" role="alert">{e.to_string()}</p>
                                <p><a href="/activity">"Show all activity"</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// An address asking for a view there is not: 400, with the way back.
#[component]
fn UnknownView() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::BAD_REQUEST);
    }
    view! {
        <PageTitle text="Activity"/>
        <section class="activity-page" aria-labelledby="activity-heading">
            <h1 id="activity-heading">"Activity"</h1>
            <p class="form-error" role="alert">"There is no such view of your activity."</p>
            <p><a href="/activity">"Show all activity"</a></p>
        </section>
    }
}

/// The Dismissed view (`/activity?view=dismissed`): what was dismissed in the last 30
/// days, newest first, each with Restore (a real form, so it works without JavaScript).
#[component]
fn DismissedPage(before: Option<i64>) -> impl IntoView {
    let page = Resource::new(|| (), move |_| get_dismissed(before));
    view! {
        <PageTitle text="Dismissed"/>
        <section class="activity-page" aria-labelledby="activity-heading">
            <div class="section-head">
                <h1 id="activity-heading">"Dismissed"</h1>
                <a href="/activity">"Back to activity"</a>
            </div>
            <p class="hint">"Dismissed notifications are kept for 30 days, then deleted."</p>
            <PlainErrors actions=vec![Restore::PATH]/>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) if p.items.is_empty() && before.is_none() => view! {
                            <Region name="dismissed" rev=rev(&p)>
                                <p class="empty-state">"Nothing dismissed in the last 30 days."</p>
                            </Region>
                        }.into_any(),
                        Ok(p) => view! {
                            <Region name="dismissed" rev=rev(&p)>
                                <ul class="feed-list activity-list" aria-label="Dismissed notifications">
                                    {p.items.into_iter().map(|n| view! { <DismissedRow n/> }).collect_view()}
                                </ul>
                                <nav class="activity-pages" aria-label="More dismissed">
                                    {before.map(|_| view! { <a href="/activity?view=dismissed">"Newest"</a> })}
                                    {p.next.map(|next| view! {
                                        <a href=format!("/activity?view=dismissed&before={next}")>"Older"</a>
                                    })}
                                </nav>
                            </Region>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// One dismissed notification, with Restore.
#[component]
fn DismissedRow(n: Notification) -> impl IntoView {
    let label = format!("Restore: {}", n.title);
    view! {
        <li class="feed-item">
            <span class=format!("feed-icon cat-{}", n.category.as_str()) role="img" aria-label=n.category.label() title=n.category.label()>
                <Icon kind=category_icon(n.category)/>
            </span>
            <div class="feed-text">
                <p class="feed-title">{n.title.clone()}</p>
                <p class="feed-message">{n.message.clone()}</p>
                <RelativeTime at=n.created_at/>
                <div class="feed-actions">
                    <Form action=Restore::PATH class="plain" keep=true error_above=true done="Restored to your activity.">
                        <input type="hidden" name="id" value=n.id.to_string()/>
                        <button type="submit" class="small" aria-label=label>"Restore"</button>
                    </Form>
                </div>
            </div>
        </li>
    }
}

/// The activity page's shortcuts, as `?` lists them. The page's list answers them
/// (`data-row-keys`, `ui/behaviour.rs`).
const PAGE_SHORTCUTS: [(&str, &str); 8] = [
    ("j / k", "Next / previous notification"),
    ("Enter", "Open it"),
    ("e", "Dismiss it"),
    ("s", "Snooze it (choose for how long)"),
    ("m", "Mute its track"),
    ("x", "Select it"),
    ("u", "Unread only, on or off"),
    ("?", "Show these shortcuts"),
];

/// How long the page's snoozes last: (hours, choice, what the toast says).
const SNOOZES: [(i64, &str, &str); 4] = [
    (1, "For 1 hour", "for 1 hour"),
    (3, "For 3 hours", "for 3 hours"),
    (24, "Until tomorrow", "until tomorrow"),
    (168, "For a week", "for a week"),
];

/// What to do with the ticked rows: a form the rows' boxes join (`form="activity-selection"`),
/// so it works without JavaScript; dismissing and snoozing offer Undo.
#[component]
fn SelectionForm() -> impl IntoView {
    view! {
        <Form action=ActOnSelection::PATH id="activity-selection" class="plain selection-form"
            label="Selected notifications" error_above=true>
            <span class="hint">"Tick notifications, then:"</span>
            <button type="submit" class="small" name="action" value="read"
                data-done="Marked the selected notifications as read.">"Mark selected as read"</button>
            <button type="submit" class="small" name="action" value="dismiss"
                data-done="Dismissed the selected notifications." data-undo=UndoSelection::PATH>"Dismiss selected"</button>
            <label>"Snooze for"
                <select name="hours">
                    {SNOOZES.map(|(h, choice, _)| view! { <option value=h.to_string()>{choice}</option> })}
                </select>
            </label>
            <button type="submit" class="small" name="action" value="snooze"
                data-done="Snoozed the selected notifications." data-undo=UndoSelection::PATH>"Snooze selected"</button>
        </Form>
    }
}

/// `/activity` with `query` (none when empty).
fn activity_href(query: &str) -> String {
    if query.is_empty() {
        "/activity".to_string()
    } else {
        format!("/activity?{query}")
    }
}

/// The page's filters, as links and a form (so they work without JavaScript and a view
/// can be bookmarked): the categories with their unread counts, Unread only and a track.
#[component]
fn PageFilters(filter: Filter, choices: FilterChoices) -> impl IntoView {
    let link = |f: Filter| activity_href(&f.query(&[]));
    let current = |on: bool| on.then_some("page");
    let all = Filter {
        category: None,
        ..filter
    };
    view! {
        <div class="feed-filters page-filters">
            <nav aria-label="Categories">
                <ul class="filter-links">
                    <li><a class="filter-chip" href=link(all) aria-current=current(filter.category.is_none())>"All"</a></li>
                    {Category::ALL.into_iter().map(|c| {
                        let n = choices.unread_in(c);
                        view! {
                            <li>
                                <a class="filter-chip" href=link(Filter { category: Some(c), ..filter })
                                    aria-current=current(filter.category == Some(c))>
                                    {c.label()}
                                    {(n > 0).then(|| view! {
                                        <span class="count" aria-hidden="true">{n}</span>
                                        <span class="sr-only">{format!(" {n} unread")}</span>
                                    })}
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
            <form method="get" action="/activity" class="filter-form" aria-label="Filter activity">
                {filter.category.map(|c| view! { <input type="hidden" name="category" value=c.as_str()/> })}
                <label class="check">
                    <input type="checkbox" name="unread" value="1" checked=filter.unread/>
                    "Unread only"
                </label>
                <label>
                    <span>"Track"</span>
                    <select name="track">
                        <option value="" selected=filter.track.is_none()>"All tracks"</option>
                        {choices.tracks.iter().map(|t| view! {
                            <option value=t.id.to_string() selected=filter.track == Some(t.id)>{t.title.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit" class="small">"Apply"</button>
                {filter.is_on().then(|| view! { <a class="small" href="/activity">"Clear filters"</a> })}
            </form>
        </div>
    }
}

/// What an empty filtered view says (`title`: the filtered track's), with its way out.
#[component]
fn PageNoMatch(filter: Filter, title: Option<String>) -> impl IntoView {
    view! {
        <div class="empty-state">
            <p>{format!("Nothing here with these filters: {}.", filter.describe(title.as_deref()))}</p>
            <p><a href="/activity">"Clear filters"</a></p>
        </div>
    }
}

/// One row: what happened, when, where it leads, and its actions as forms.
#[component]
fn ActivityRow(n: Notification) -> impl IntoView {
    let grouped = n.group.size > 1;
    let is_unread = unread(&n);
    let title = n
        .group
        .title
        .clone()
        .filter(|_| grouped)
        .unwrap_or_else(|| n.title.clone());
    let target = if n.kind == Kind::InvitationReceived {
        Some("/invitations".to_string())
    } else {
        track_link(&n)
    };
    let group = n.group.id;
    let (read_label, dismiss_label) = (format!("Mark read: {title}"), format!("Dismiss: {title}"));
    let read_form = is_unread.then(|| {
        view! {
            <Form action=MarkGroupRead::PATH class="plain" keep=true error_above=true>
                <input type="hidden" name="group" value=group.to_string()/>
                <button type="submit" class="small" aria-label=read_label>"Mark read"</button>
            </Form>
        }
    });
    let dismiss_form = view! {
        <Form action=DismissGroup::PATH class="plain" keep=true error_above=true
            done="Dismissed." undo=RestoreGroup::PATH>
            <input type="hidden" name="group" value=group.to_string()/>
            <button type="submit" class="small" aria-label=dismiss_label data-row-dismiss>"Dismiss"</button>
        </Form>
    };
    // Snooze and mute, behind "More" (a native disclosure: it opens without JavaScript).
    let mute = n.track_id.zip(n.track_title.clone()).map(|(track, name)| {
        view! {
            <Form action=MuteTrack::PATH class="plain" keep=true error_above=true
                done=format!("{name} is muted: its activity will not notify you.")>
                <input type="hidden" name="track_id" value=track.to_string()/>
                <button type="submit" class="small" data-row-mute>{format!("Mute {name}")}</button>
            </Form>
        }
    });
    let more = view! {
        <details class="row-more" data-row-more>
            <summary aria-label=format!("More actions: {title}")>"More"</summary>
            <div class="row-more-actions" role="group" aria-label="Snooze">
                {SNOOZES.map(|(hours, choice, phrase)| view! {
                    <Form action=SnoozeFor::PATH class="plain" keep=true error_above=true
                        done=format!("Snoozed {phrase}.") undo=Unsnooze::PATH undo_answer="until">
                        <input type="hidden" name="group" value=group.to_string()/>
                        <input type="hidden" name="hours" value=hours.to_string()/>
                        <button type="submit" class="small" data-row-snooze>{choice}</button>
                    </Form>
                })}
            </div>
            {mute}
        </details>
    };
    let invitation = n
        .invitation_id
        .filter(|_| n.kind == Kind::InvitationReceived)
        .map(|inv| match n.invitation_status {
            Some(InvitationStatus::Accepted) => {
                view! { <span class="pill ok">"Accepted"</span> }.into_any()
            }
            Some(InvitationStatus::Dismissed) => {
                view! { <span class="pill">"Declined"</span> }.into_any()
            }
            Some(InvitationStatus::Revoked) => {
                view! { <span class="pill">"Withdrawn by the sender"</span> }.into_any()
            }
            _ => view! {
                <Form action=AcceptInvitation::PATH class="plain" keep=true error_above=true done="Collaboration accepted — files are syncing.">
                    <input type="hidden" name="id" value=inv.to_string()/>
                    <button type="submit" class="primary small" data-pending="Accepting…">"Accept Invite"</button>
                </Form>
                <Form action=DismissInvitation::PATH class="plain" keep=true error_above=true done="Invitation declined.">
                    <input type="hidden" name="id" value=inv.to_string()/>
                    <button type="submit" class="small">"Decline"</button>
                </Form>
            }
            .into_any(),
        });
    let ticket = n.ticket_id.map(|ticket| {
        view! {
            <div class="feed-actions" role="group" aria-label="How is your issue now?">
                {TicketStatus::RESOLUTIONS.into_iter().map(|choice| view! {
                    <Form action=SetTicketResolution::PATH class="plain" keep=true error_above=true done="Thanks, the support team will see your answer.">
                        <input type="hidden" name="ticket_id" value=ticket.to_string()/>
                        <input type="hidden" name="resolution" value=choice.as_str()/>
                        <button type="submit" class="small" aria-pressed=(n.ticket_status == Some(choice)).to_string()>{choice.action()}</button>
                    </Form>
                }).collect_view()}
            </div>
        }
    });
    view! {
        <li class="feed-item" class:unread=is_unread class:high=n.high_priority data-row>
            <input type="checkbox" class="row-select" form="activity-selection" name="groups[]"
                value=group.to_string() aria-label=format!("Select: {title}") data-row-select/>
            <span class=format!("feed-icon cat-{}", n.category.as_str()) role="img" aria-label=n.category.label() title=n.category.label()>
                <Icon kind=category_icon(n.category)/>
            </span>
            <div class="feed-text">
                <p class="feed-title">
                    {match target {
                        Some(href) => view! { <a href=href data-row-title>{title.clone()}</a> }.into_any(),
                        // Focusable by `j`/`k` like the rows that are links.
                        None => view! { <span tabindex="-1" data-row-title>{title.clone()}</span> }.into_any(),
                    }}
                    {is_unread.then(|| view! { <span class="sr-only">" (unread)"</span> })}
                </p>
                <p class="feed-message">
                    {grouped.then(|| view! { <span class="feed-latest">{format!("{} in all. Latest: ", n.group.size)}</span> })}
                    {n.message.clone()}
                </p>
                <RelativeTime at=n.created_at/>
                {n.quiet.then(|| view! { <span class="pill quiet">"Arrived in quiet hours"</span> })}
                {ticket}
                <div class="feed-actions">
                    {invitation}
                    {read_form}
                    {dismiss_form}
                    {more}
                </div>
            </div>
        </li>
    }
}

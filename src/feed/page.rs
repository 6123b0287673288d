//! The activity page (`/activity`): the whole feed as a page of its own, where every
//! action is a real form. It is where the bell leads before the app is interactive or
//! with JavaScript turned off; once interactive, the same forms answer in place.

use super::{category_icon, track_link, unread};
use crate::invitations::api::{AcceptInvitation, DismissInvitation};
use crate::notifications::api::{get_feed, DismissGroup, MarkAllRead, MarkGroupRead};
use crate::notifications::kinds::Kind;
use crate::notifications::{InvitationStatus, Notification, TicketStatus};
use crate::support::api::SetTicketResolution;
use crate::ui::icons::Icon;
use crate::ui::markup::PageTitle;
use crate::ui::time::RelativeTime;
use crate::ui::FormError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Every action the page offers; each reloads the page's list when it is done. A row is
/// a group (a notification on its own is a group of one), so reading and dismissing go
/// through the group.
#[derive(Clone, Copy)]
struct Actions {
    read: ServerAction<MarkGroupRead>,
    dismiss: ServerAction<DismissGroup>,
    accept: ServerAction<AcceptInvitation>,
    decline: ServerAction<DismissInvitation>,
    resolve: ServerAction<SetTicketResolution>,
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let query = use_query_map();
    let before = move || query.with(|q| q.get_str("before").and_then(|b| b.parse::<i64>().ok()));
    let all_read = ServerAction::<MarkAllRead>::new();
    let act = Actions {
        read: ServerAction::new(),
        dismiss: ServerAction::new(),
        accept: ServerAction::new(),
        decline: ServerAction::new(),
        resolve: ServerAction::new(),
    };
    let done = move || {
        (
            all_read.version().get(),
            act.read.version().get(),
            act.dismiss.version().get(),
            act.accept.version().get(),
            act.decline.version().get(),
            act.resolve.version().get(),
        )
    };
    let page = Resource::new(move || (before(), done()), |(before, _)| get_feed(before));
    view! {
        <PageTitle text="Activity"/>
        <section class="activity-page" aria-labelledby="activity-heading">
            <div class="section-head">
                <h1 id="activity-heading">"Activity"</h1>
                <ActionForm action=all_read attr:class="plain">
                    <button type="submit">"Mark all as read"</button>
                </ActionForm>
            </div>
            <FormError value=all_read.value()/>
            <Errors act/>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) if p.items.is_empty() && before().is_none() => view! {
                            <p class="empty-state">"No new notifications."</p>
                        }.into_any(),
                        Ok(p) => view! {
                            <ul class="feed-list activity-list" aria-label="Notifications">
                                {p.items.into_iter().map(|n| view! { <ActivityRow n act/> }).collect_view()}
                            </ul>
                            <nav class="activity-pages" aria-label="More activity">
                                {before().map(|_| view! { <a href="/activity">"Newest"</a> })}
                                {p.next.map(|next| view! { <a href=format!("/activity?before={next}")>"Older notifications"</a> })}
                            </nav>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// What went wrong with the last action, whichever row it was on.
#[component]
fn Errors(act: Actions) -> impl IntoView {
    view! {
        <FormError value=act.read.value()/>
        <FormError value=act.dismiss.value()/>
        <FormError value=act.accept.value()/>
        <FormError value=act.decline.value()/>
        <FormError value=act.resolve.value()/>
    }
}

/// One row: what happened, when, where it leads, and its actions as forms.
#[component]
fn ActivityRow(n: Notification, act: Actions) -> impl IntoView {
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
            <ActionForm action=act.read attr:class="plain">
                <input type="hidden" name="group" value=group.to_string()/>
                <button type="submit" class="small" aria-label=read_label>"Mark read"</button>
            </ActionForm>
        }
    });
    let dismiss_form = view! {
        <ActionForm action=act.dismiss attr:class="plain">
            <input type="hidden" name="group" value=group.to_string()/>
            <button type="submit" class="small" aria-label=dismiss_label>"Dismiss"</button>
        </ActionForm>
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
                <ActionForm action=act.accept attr:class="plain">
                    <input type="hidden" name="id" value=inv.to_string()/>
                    <button type="submit" class="primary small">"Accept Invite"</button>
                </ActionForm>
                <ActionForm action=act.decline attr:class="plain">
                    <input type="hidden" name="id" value=inv.to_string()/>
                    <button type="submit" class="small">"Decline"</button>
                </ActionForm>
            }
            .into_any(),
        });
    let ticket = n.ticket_id.map(|ticket| {
        view! {
            <div class="feed-actions" role="group" aria-label="How is your issue now?">
                {TicketStatus::RESOLUTIONS.into_iter().map(|choice| view! {
                    <ActionForm action=act.resolve attr:class="plain">
                        <input type="hidden" name="ticket_id" value=ticket.to_string()/>
                        <input type="hidden" name="resolution" value=choice.as_str()/>
                        <button type="submit" class="small" aria-pressed=(n.ticket_status == Some(choice)).to_string()>{choice.action()}</button>
                    </ActionForm>
                }).collect_view()}
            </div>
        }
    });
    view! {
        <li class="feed-item" class:unread=is_unread class:high=n.high_priority>
            <span class=format!("feed-icon cat-{}", n.category.as_str()) role="img" aria-label=n.category.label() title=n.category.label()>
                <Icon kind=category_icon(n.category)/>
            </span>
            <div class="feed-text">
                <p class="feed-title">
                    {match target {
                        Some(href) => view! { <a href=href>{title.clone()}</a> }.into_any(),
                        None => view! { <span>{title.clone()}</span> }.into_any(),
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
                </div>
            </div>
        </li>
    }
}

//! One row of the activity panel: a notification or a group, with its actions.

use super::more::MoreMenu;
use super::select::SelectBox;
use super::snooze::SnoozeMenu;
use super::state::{use_feed, PANEL_ID};
use super::{category_icon, track_link, unread};
use crate::notifications::api::{
    dismiss, dismiss_group, mark_group_read, mark_read, restore, restore_group,
};
use crate::notifications::kinds::Kind;
use crate::notifications::live::Change;
use crate::notifications::{InvitationStatus, Notification, TicketStatus};
use crate::ui::icons::{Icon, IconKind};
use crate::ui::session::use_session;
use crate::ui::time::RelativeTime;
use crate::ui::toast::use_toasts;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One row of the feed: a notification, or a group shown as its newest (with the
/// group's title and count, openable in place). `inner`: a notification inside an
/// opened group.
#[component]
pub(super) fn FeedItem(n: Notification, inner: bool) -> AnyView {
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
    let dismissed_title = n
        .group
        .title
        .clone()
        .filter(|_| !inner)
        .unwrap_or_else(|| n.title.clone());
    let remove = move |_| {
        let dismissed_title = dismissed_title.clone();
        // Focus moves to the row that takes its place (or the panel): the neighbour as it
        // is now, since the live stream may take the row away before the answer comes.
        let next = feed.items.with_untracked(|items| {
            let at = items.iter().position(|n| n.id == id)?;
            items
                .get(at + 1)
                .or(at.checked_sub(1).and_then(|p| items.get(p)))
                .map(|n| n.id)
        });
        spawn_local(async move {
            let done = match group {
                Some(g) => dismiss_group(g).await.map(|at| (Change::GroupGone(g), at)),
                None => dismiss(id).await.map(|()| (Change::Dismissed(id), 0)),
            };
            match done {
                Ok((change, at)) => {
                    // Moved before the row goes, so focus never falls to the page between.
                    match next {
                        Some(n) if !inner => crate::ui::browser::focus(&format!("feed-open-{n}")),
                        _ => crate::ui::browser::focus(PANEL_ID),
                    }
                    feed.apply(change);
                    // Undo brings back exactly what went; the row returns live.
                    toasts.undoable(format!("Dismissed: {dismissed_title}"), move || {
                        spawn_local(async move {
                            let back = match group {
                                Some(g) => restore_group(g, at).await,
                                None => restore(id).await,
                            };
                            if let Err(e) = back {
                                toasts.error(e.to_string());
                            }
                        });
                    });
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
            {(!inner).then(|| view! { <SelectBox group=n.group.id title=title.clone()/> })}
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
            {n.track_id.zip(n.track_title.clone()).filter(|_| !inner).map(|(track_id, track)| view! {
                <MoreMenu group=n.group.id track_id track title=title.clone()/>
            })}
            <button class="icon-button dismiss" aria-label=format!("Dismiss: {title}") on:click=remove>
                <Icon kind=IconKind::Close/>
            </button>
        </li>
    }
    .into_any()
}

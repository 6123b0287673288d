//! The invitations modal opened from the header (an island), the invitations page that
//! works without JavaScript, and a project's default collaborators.

use super::api::{accept_invitation, dismiss_invitation, get_pending_invites};
use super::Invite;
use crate::tracks::ui::Artwork;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::session::use_session;
use crate::ui::time::RelativeTime;
use crate::ui::toast::use_toasts;
use crate::ui::{after_success, toast_failures};
use leptos::prelude::*;

/// Where the invitations modal opens (drawn in the browser only): opened by the header's
/// invitations button, an invitation in the feed, a pending tile's "Review invite" or
/// the grid's selection.
#[component]
pub fn InvitationsModal() -> impl IntoView {
    view! { <div id="invitations-modal"></div> }
}

/// Opens the modal whenever the session asks: the first time, its code (a chunk of its
/// own, usually fetched already by `prefetch`) is put in place; then it shows and hides
/// itself. Browser only.
#[cfg(feature = "hydrate")]
pub fn follow(session: crate::ui::session::Session) {
    let Some(place) = document().get_element_by_id("invitations-modal") else {
        return;
    };
    let Some(owner) = Owner::current() else {
        return;
    };
    let mounted = StoredValue::new(false);
    Effect::new(move |_| {
        if session.invites_open.get() && !mounted.get_value() {
            mounted.set_value(true);
            let (place, owner) = (place.clone(), owner.clone());
            leptos::task::spawn_local(async move {
                use wasm_bindgen::JsCast;
                if let Ok(place) = place.dyn_into::<web_sys::HtmlElement>() {
                    mount_dialog(place, owner).await;
                }
            });
        }
    });
}

/// Puts the modal in `place`, shown while the session asks for it.
#[cfg(feature = "hydrate")]
#[leptos::lazy]
fn mount_dialog(place: web_sys::HtmlElement, owner: Owner) {
    owner.with(|| {
        let session = use_session();
        leptos::mount::mount_to(place, move || {
            view! {
                <Show when=move || session.invites_open.get()>
                    <InvitationsDialog/>
                </Show>
            }
        })
        .forget();
    });
}

/// Fetches the modal's code without opening it.
#[cfg(feature = "hydrate")]
pub async fn prefetch() {
    __preload_mount_dialog().await;
}

#[component]
fn InvitationsDialog() -> impl IntoView {
    let session = use_session();
    // Reloaded whenever an invitation arrives, is answered or withdrawn (in any tab).
    let invites = Resource::new(
        move || session.invites_version.get(),
        |_| get_pending_invites(),
    );
    // Closing hands focus back to the button that opened the modal.
    let close = move || {
        session.invites_open.set(false);
        crate::ui::browser::focus("invites-button");
    };
    // Focus moves into the modal when it opens; Escape closes it wherever focus is, and
    // Tab and Shift+Tab stay inside while it is open.
    crate::ui::browser::next_frame(|| crate::ui::browser::focus("invites-close"));
    crate::ui::browser::on_key(move |ev| match ev.key().as_str() {
        "Escape" => close(),
        "Tab" => crate::ui::browser::trap_tab(&ev, "invites-dialog"),
        _ => {}
    });
    view! {
        <div class="modal-backdrop" on:click=move |_| close()>
            <div class="modal" id="invites-dialog" role="dialog" aria-modal="true" aria-labelledby="invites-title"
                on:click=|ev| ev.stop_propagation()>
                <div class="panel-head">
                    <h2 id="invites-title">"Invitations"</h2>
                    <button id="invites-close" class="icon-button" aria-label="Close invitations" on:click=move |_| close()>
                        <Icon kind=IconKind::Close/>
                    </button>
                </div>
                <InviteList invites/>
            </div>
        </div>
    }
}

/// How long an answered card takes to fade out (matches the stylesheet).
const FADE_MS: u64 = 350;

/// The invites, newest first, filtered by the track selected in the grid. A card that
/// was just answered stays (fading) for a moment even if the list reloads meanwhile.
#[component]
fn InviteList(invites: Resource<Result<Vec<Invite>, crate::error::AppError>>) -> impl IntoView {
    let session = use_session();
    // Answered here: hidden from the list; the fading ones are still drawn.
    let answered = RwSignal::new(Vec::<i64>::new());
    let fading = RwSignal::new(Vec::<Invite>::new());
    // Every invite still to show (answered ones fade out), newest first.
    let all = Memo::new(move |_| {
        let fresh = invites.get().and_then(Result::ok).unwrap_or_default();
        let answered = answered.get();
        let mut all: Vec<Invite> = fresh
            .into_iter()
            .filter(|i| !answered.contains(&i.id))
            .chain(fading.get())
            .collect();
        all.sort_by_key(|i| std::cmp::Reverse((i.created_at, i.id)));
        all
    });
    let filter = session.invites_filter;
    let shown = move || {
        let only = filter.get();
        all.with(|all| {
            all.iter()
                .filter(|i| only.is_none_or(|t| t == i.track_id))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    // A narrowed list always says what it hides, and how to see it.
    let narrowed = move || {
        filter.get()?;
        let total = all.with(Vec::len);
        let n = shown().len();
        Some(view! {
            <p class="filter-note" role="status">
                {format!("Showing {n} of {total} {} — ", if total == 1 { "invite" } else { "invites" })}
                <button type="button" class="link-button" on:click=move |_| filter.set(None)>"Show all"</button>
            </p>
        })
    };
    let done = Callback::new(move |invite: Invite| {
        let id = invite.id;
        answered.update(|a| a.push(id));
        fading.update(|f| f.push(invite));
        set_timeout(
            move || {
                fading.try_update(|f| f.retain(|i| i.id != id));
            },
            std::time::Duration::from_millis(FADE_MS),
        );
    });
    let state = move || match invites.get() {
        None => Err(None),
        Some(Err(e)) => Err(Some(e.to_string())),
        Some(Ok(_)) => Ok(()),
    };
    view! {
        {narrowed}
        {move || match state() {
            Err(None) if fading.with(Vec::is_empty) => Some(view! { <p class="loading">"Loading…"</p> }.into_any()),
            Err(Some(e)) => Some(view! { <p class="form-error" role="alert">{e}</p> }.into_any()),
            _ => None,
        }}
        <Show when=move || !shown().is_empty() || state().is_err()
            fallback=move || all.with(Vec::is_empty).then(|| view! { <div class="empty-state"><Icon kind=IconKind::CheckCircle/><p>"No pending invites."</p></div> })>
            <ul class="invite-list" aria-label="Pending invites">
                <For each=shown key=|i| i.id let:invite>
                    <InviteCard leaving=Signal::derive(move || fading.with(|f| f.iter().any(|i| i.id == invite.id))) invite=invite.clone() done/>
                </For>
            </ul>
        </Show>
    }
}

#[component]
fn InviteCard(invite: Invite, leaving: Signal<bool>, done: Callback<Invite>) -> impl IntoView {
    let toasts = use_toasts();
    let id = invite.id;
    let accept = Action::new(move |_: &()| accept_invitation(id));
    let decline = Action::new(move |_: &()| dismiss_invitation(id));
    let busy = move || accept.pending().get() || decline.pending().get() || leaving.get();
    let card = StoredValue::new(invite.clone());
    after_success(accept.value(), move |_| {
        toasts.success("Collaboration accepted — files are syncing.");
        crate::ui::refresh::refresh();
        done.run(card.get_value());
    });
    after_success(decline.value(), move |()| {
        toasts.success("Invitation dismissed.");
        done.run(card.get_value());
    });
    toast_failures(accept.value());
    toast_failures(decline.value());
    let i = invite;
    view! {
        <li class="invite-card" class:leaving=leaving aria-label=format!("{} from {}", i.track_title, i.inviter_name)>
            <InviteSummary i=i.clone()/>
            <div class="invite-actions">
                <button class="primary small" disabled=busy on:click=move |_| { accept.dispatch(()); }>
                    {move || if accept.pending().get() { "Accepting…" } else { "Accept" }}
                </button>
                <button class="small" disabled=busy on:click=move |_| { decline.dispatch(()); }>
                    {move || if decline.pending().get() { "Dismissing…" } else { "Dismiss" }}
                </button>
            </div>
        </li>
    }
}

/// What an invite is: the track's artwork and title, who sent it, when, and the access
/// it gives (on the modal's card and the invitations page).
#[component]
fn InviteSummary(i: Invite) -> impl IntoView {
    view! {
        <Artwork track_id=i.track_id version=i.artwork_version title=i.track_title.clone()/>
        <div class="invite-text">
            <p class="invite-track">{i.track_title.clone()}</p>
            <p>"Sent by "{i.inviter_name}</p>
            <p class="muted"><RelativeTime at=i.created_at/>" · "{i.permission.label()}</p>
        </div>
    }
}

/// The invitations page (`/invitations`): every pending invite, each answered with a
/// real form. The header's invitations button leads here before the app is interactive
/// or with JavaScript turned off; once interactive, it opens the modal instead.
#[component]
pub fn InvitationsPage() -> impl IntoView {
    use super::api::{AcceptInvitation, DismissInvitation};
    use crate::ui::form::Form;
    use crate::ui::markup::PageTitle;
    use crate::ui::refresh::{rev, Region};
    use leptos::server_fn::ServerFn;
    let invites = Resource::new(|| (), |_| get_pending_invites());
    view! {
        <PageTitle text="Invitations"/>
        <section class="invitations-page" aria-labelledby="invitations-heading">
            <h1 id="invitations-heading">"Invitations"</h1>
            <crate::ui::form::PlainErrors actions=vec![AcceptInvitation::PATH, DismissInvitation::PATH]/>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match invites.await {
                        Ok(list) => view! {
                            <Region name="invitations" rev=rev(&list)>
                                {if list.is_empty() {
                                    view! {
                                        <div class="empty-state"><Icon kind=IconKind::CheckCircle/><p>"No pending invites."</p></div>
                                    }.into_any()
                                } else {
                                    view! {
                                        <ul class="invite-list" aria-label="Pending invites">
                                            {list.into_iter().map(|i| view! {
                                                <li class="invite-card" aria-label=format!("{} from {}", i.track_title, i.inviter_name)>
                                                    <InviteSummary i=i.clone()/>
                                                    <div class="invite-actions">
                                                        <Form action=AcceptInvitation::PATH class="plain" keep=true error_above=true done="Collaboration accepted — files are syncing.">
                                                            <input type="hidden" name="id" value=i.id.to_string()/>
                                                            <button type="submit" class="primary small" data-pending="Accepting…">"Accept"</button>
                                                        </Form>
                                                        <Form action=DismissInvitation::PATH class="plain" keep=true error_above=true done="Invitation dismissed.">
                                                            <input type="hidden" name="id" value=i.id.to_string()/>
                                                            <button type="submit" class="small">"Dismiss"</button>
                                                        </Form>
                                                    </div>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </Region>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// "Collaborators" on a project the person owns: opens its default collaborators, where
/// one is added by email or removed.
#[component]
pub fn ProjectDefaults(
    project_id: i64,
    project_name: String,
    people: Vec<super::DefaultCollaborator>,
) -> impl IntoView {
    use super::defaults::{AddDefaultCollaborator, RemoveDefaultCollaborator};
    use crate::ui::disclosure::Reveal;
    use crate::ui::form::Form;
    use leptos::server_fn::ServerFn;
    let name = format!("Default collaborators of {project_name}");
    view! {
        <Reveal id=format!("defaults-{project_id}") label="Collaborators" name=name.clone() class="link-button" wrap="chip-reveal" stay=true>
            <div class="card defaults" role="region" aria-label=name>
                <h3>"Default collaborators"</h3>
                <p class="muted">"Invited automatically to every new track added to "{project_name.clone()}"."</p>
                {if people.is_empty() {
                    view! { <p class="muted">"Nobody yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="members" aria-label="Default collaborators">
                            {people.into_iter().map(|c| view! {
                                <li>
                                    <span>{c.email.clone()}</span>
                                    <span class="permission">{c.permission.label()}</span>
                                    <Form action=RemoveDefaultCollaborator::PATH class="plain" keep=true done="Removed from the project's defaults.">
                                        <input type="hidden" name="project_id" value=project_id.to_string()/>
                                        <input type="hidden" name="email" value=c.email.clone()/>
                                        <button type="submit" class="link-button danger" aria-label=format!("Remove {} from the defaults", c.email)>"Remove"</button>
                                    </Form>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <Form action=AddDefaultCollaborator::PATH label="Add a default collaborator" class="form"
                    done="Added. They will be invited to every new track in this project.">
                    <input type="hidden" name="project_id" value=project_id.to_string()/>
                    <crate::tracks::ui::PersonFields/>
                    <button class="primary" type="submit">"Add"</button>
                </Form>
            </div>
        </Reveal>
    }
}

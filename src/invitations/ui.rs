//! The invitations modal opened from the header.

use super::api::get_pending_invites;
use super::Invite;
use crate::app::use_session;
use crate::tracks::ui::Artwork;
use crate::ui::icons::{Icon, IconKind};
use crate::ui::time::RelativeTime;
use leptos::prelude::*;

#[component]
pub fn InvitationsModal() -> impl IntoView {
    let session = use_session();
    view! {
        <Show when=move || session.invites_open.get()>
            <InvitationsDialog/>
        </Show>
    }
}

#[component]
fn InvitationsDialog() -> impl IntoView {
    let session = use_session();
    let invites = Resource::new(|| (), |_| get_pending_invites());
    let close = move || session.invites_open.set(false);
    view! {
        <div class="modal-backdrop" on:click=move |_| close()>
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="invites-title"
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                <div class="panel-head">
                    <h2 id="invites-title">"Invitations"</h2>
                    <button class="icon-button" aria-label="Close invitations" autofocus on:click=move |_| close()>
                        <Icon kind=IconKind::Close/>
                    </button>
                </div>
                <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match invites.await {
                            Ok(list) => view! { <InviteList list/> }.into_any(),
                            Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </div>
    }
}

#[component]
fn InviteList(list: Vec<Invite>) -> impl IntoView {
    let session = use_session();
    let shown = move || {
        let selected = session.selected_track.get();
        list.iter()
            .filter(|i| selected.is_none_or(|t| t == i.track_id))
            .cloned()
            .collect::<Vec<_>>()
    };
    view! {
        {move || {
            let items = shown();
            if items.is_empty() {
                view! { <div class="empty-state"><Icon kind=IconKind::CheckCircle/><p>"No pending invites."</p></div> }.into_any()
            } else {
                view! {
                    <ul class="invite-list">
                        {items.into_iter().map(|i| view! {
                            <li class="invite-card">
                                <Artwork track_id=i.track_id version=i.artwork_version title=i.track_title.clone()/>
                                <div>
                                    <p class="invite-track">{i.track_title.clone()}</p>
                                    <p>"Sent by "{i.inviter_name.clone()}</p>
                                    <p class="muted"><RelativeTime at=i.created_at/>" · "{i.permission.label()}</p>
                                </div>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
}

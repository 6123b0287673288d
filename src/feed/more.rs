//! A row's "More actions" menu: mute the row's track.

use super::menu::RowMenu;
use crate::ui::icons::IconKind;
use crate::ui::toast::use_toasts;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// "More actions" on a row about a track: "Mute Night Drive" (none of its track activity
/// or project news notifies the person from the next event on; Settings → Notifications
/// and the track's page unmute it).
#[component]
pub(super) fn MoreMenu(group: i64, track_id: i64, track: String, title: String) -> impl IntoView {
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let mute_label = format!("Mute {track}");
    let mute = move |_| {
        open.set(false);
        let track = track.clone();
        spawn_local(async move {
            match crate::tracks::api::mute_track(track_id).await {
                Ok(()) => toasts.success(format!(
                    "{track} is muted: its activity will not notify you."
                )),
                Err(e) => toasts.error(e.to_string()),
            }
        });
    };
    view! {
        <RowMenu label=format!("More actions: {title}") icon=IconKind::More id=format!("more-{group}")
            name="More actions" open>
            <button role="menuitem" on:click=mute.clone()>{mute_label.clone()}</button>
        </RowMenu>
    }
}

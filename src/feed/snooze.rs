//! A row's snooze menu.

use super::menu::RowMenu;
use super::state::{use_feed, PANEL_ID};
use crate::notifications::api::{snooze, unsnooze};
use crate::notifications::live::Change;
use crate::ui::icons::IconKind;
use crate::ui::toast::use_toasts;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// "Snooze" on a row: for an hour, tonight, tomorrow or next week (in the browser's own
/// time zone). The row leaves the feed and the badge, and comes back unread at the top.
#[component]
pub(super) fn SnoozeMenu(group: i64, title: String) -> impl IntoView {
    let feed = use_feed();
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let choose = move |phrase: String, until: i64| {
        open.set(false);
        spawn_local(async move {
            match snooze(group, until).await {
                Ok(()) => {
                    feed.apply(Change::GroupGone(group));
                    crate::ui::browser::focus(PANEL_ID);
                    toasts.undoable(format!("Snoozed {phrase}."), move || {
                        spawn_local(async move {
                            if let Err(e) = unsnooze(group, until).await {
                                toasts.error(e.to_string());
                            }
                        });
                    });
                }
                Err(e) => toasts.error(e.to_string()),
            }
        });
    };
    view! {
        <RowMenu label=format!("Snooze: {title}") icon=IconKind::Clock id=format!("snooze-{group}")
            name="Snooze until" open>
            {crate::ui::browser::snooze_choices().into_iter().map(|c| {
                let phrase = c.phrase.clone();
                view! {
                    <button role="menuitem" on:click=move |_| choose(phrase.clone(), c.until)>{c.label}</button>
                }
            }).collect_view()}
        </RowMenu>
    }
}

//! Acting on several rows at once: a checkbox on each row (Shift-click ticks a range,
//! `x` the focused row) and, while any is ticked, a bar to mark them read, dismiss or
//! snooze them together (dismiss and snooze with Undo).

use super::menu::RowMenu;
use super::state::{use_feed, PANEL_ID};
use crate::notifications::api::{act_on_selection, undo_selection};
use crate::notifications::live::Change;
use crate::ui::icons::IconKind;
use crate::ui::toast::use_toasts;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The row's checkbox (`title`: the row's, for its name).
#[component]
pub(super) fn SelectBox(group: i64, title: String) -> impl IntoView {
    let feed = use_feed();
    view! {
        <input type="checkbox" class="row-select" aria-label=format!("Select: {title}")
            prop:checked=move || feed.selected.with(|s| s.contains(&group))
            on:click=move |ev| {
                ev.stop_propagation();
                feed.toggle_selected(group, ev.shift_key());
            }/>
    }
}

/// "3 selected" with Mark read, Dismiss, Snooze and Clear selection; shown while any row
/// is ticked.
#[component]
pub(super) fn SelectionBar() -> impl IntoView {
    let feed = use_feed();
    let toasts = use_toasts();
    let snoozing = RwSignal::new(false);
    let count = move || feed.selected.with(Vec::len);
    let act = move |action: &'static str, until: Option<i64>, phrase: String| {
        let groups = feed.selected.get_untracked();
        let n = groups.len();
        snoozing.set(false);
        spawn_local(async move {
            match act_on_selection(groups.clone(), action.to_string(), until, None).await {
                Ok(at) => {
                    feed.clear_selection();
                    crate::ui::browser::focus(PANEL_ID);
                    let rows = if n == 1 {
                        "1 notification".to_string()
                    } else {
                        format!("{n} notifications")
                    };
                    let (text, undo_at) = match action {
                        "read" => {
                            toasts.success(format!("Marked {rows} as read."));
                            return;
                        }
                        "dismiss" => (format!("Dismissed {rows}."), at),
                        _ => (format!("Snoozed {rows} {phrase}."), until.unwrap_or(0)),
                    };
                    for g in &groups {
                        feed.apply(Change::GroupGone(*g));
                    }
                    toasts.undoable(text, move || {
                        let groups = groups.clone();
                        spawn_local(async move {
                            if let Err(e) =
                                undo_selection(groups, action.to_string(), undo_at).await
                            {
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
        <Show when=move || { count() > 0 }>
            <div class="feed-selection" role="toolbar" aria-label="Selected notifications">
                <span class="selection-count">{move || format!("{} selected", count())}</span>
                <button class="small" on:click=move |_| act("read", None, String::new())>"Mark read"</button>
                <button class="small" on:click=move |_| act("dismiss", None, String::new())>"Dismiss"</button>
                <RowMenu label="Snooze selected".to_string() icon=IconKind::Clock id="snooze-selection".to_string()
                    name="Snooze until" open=snoozing>
                    {crate::ui::browser::snooze_choices().into_iter().map(|c| {
                        let phrase = c.phrase.clone();
                        view! {
                            <button role="menuitem" on:click=move |_| act("snooze", Some(c.until), phrase.clone())>{c.label}</button>
                        }
                    }).collect_view()}
                </RowMenu>
                <button class="small" on:click=move |_| {
                    feed.clear_selection();
                    crate::ui::browser::focus(PANEL_ID);
                }>"Clear selection"</button>
            </div>
        </Show>
    }
}

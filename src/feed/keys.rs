//! Keyboard triage in the panel: `j`/`k` move, Enter opens, `e` dismisses, `s` snoozes,
//! `m` mutes the row's track, `x` selects, `u` toggles Unread only, `?` lists them. Never
//! while typing in a field; what happened is said in the polite live region.

use super::state::Feed;
use crate::notifications::Filter;
use leptos::prelude::*;

/// The shortcuts, as `?` lists them.
pub(super) const SHORTCUTS: [(&str, &str); 8] = [
    ("j / k", "Next / previous notification"),
    ("Enter", "Open it"),
    ("e", "Dismiss it"),
    ("s", "Snooze it"),
    ("m", "Mute its track"),
    ("x", "Select it"),
    ("u", "Unread only, on or off"),
    ("?", "Show these shortcuts"),
];

/// A row of the panel (or, inside an opened group, one of its notifications).
const ROW: &str = ".feed-panel .feed-item";

/// Moves focus between the rows' main buttons (the arrow keys, `j` and `k`).
pub(super) fn focus_row(delta: i32) {
    crate::ui::browser::focus_step(".feed-panel .feed-open", delta);
}

/// Answers one key pressed while the panel is open; whether it was a shortcut.
pub(super) fn triage(ev: &web_sys::KeyboardEvent, feed: Feed, help: RwSignal<bool>) -> bool {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || crate::ui::browser::typing(ev) {
        return false;
    }
    let say = |text: String| feed.announcement.set(text);
    let on_row = |control: &str| crate::ui::browser::click_in_focused(ROW, control);
    match ev.key().as_str() {
        "j" => focus_row(1),
        "k" => focus_row(-1),
        "e" => {
            if !on_row(".dismiss") {
                say(first_move());
            }
        }
        "s" => {
            if on_row("[aria-label^='Snooze:']") {
                focus_first_item("[aria-label^='Snooze:']");
            } else {
                say(first_move());
            }
        }
        "m" => {
            // The More actions menu's first item mutes the row's track.
            if on_row("[aria-label^='More actions:']") {
                crate::ui::browser::next_frame(|| {
                    crate::ui::browser::click_in_focused(
                        ROW,
                        "[aria-label^='More actions:'] + [role=menu] [role=menuitem]",
                    );
                });
            } else {
                say("Only a notification about a track can mute it.".to_string());
            }
        }
        "x" => {
            if on_row(".row-select") {
                let n = feed.selected.with_untracked(Vec::len);
                say(format!("{n} selected."));
            } else {
                say(first_move());
            }
        }
        "u" => {
            let f = feed.filter.get_untracked();
            feed.set_filter(Filter {
                unread: !f.unread,
                ..f
            });
            say(if f.unread {
                "Unread only is off.".to_string()
            } else {
                "Unread only is on.".to_string()
            });
        }
        "?" => help.update(|h| *h = !*h),
        _ => return false,
    }
    ev.prevent_default();
    true
}

fn first_move() -> String {
    "Move to a notification first with j or k.".to_string()
}

/// Focuses the first item of the menu the focused row's `button` just opened.
fn focus_first_item(button: &'static str) {
    crate::ui::browser::next_frame(move || {
        crate::ui::browser::focus_in_focused(
            ROW,
            &format!("{button} + [role=menu] [role=menuitem]"),
        );
    });
}

/// The list of shortcuts `?` opens, with its Close button.
#[component]
pub(super) fn ShortcutsHelp(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <div class="shortcuts" role="region" aria-label="Keyboard shortcuts">
                <h3>"Keyboard shortcuts"</h3>
                <dl>
                    {SHORTCUTS.into_iter().map(|(key, what)| view! {
                        <div><dt><kbd>{key}</kbd></dt><dd>{what}</dd></div>
                    }).collect_view()}
                </dl>
                <button class="small" on:click=move |_| open.set(false)>"Close shortcuts"</button>
            </div>
        </Show>
    }
}

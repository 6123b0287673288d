//! A row's menu: an icon button that opens a menu of actions under it.

use crate::ui::icons::{Icon, IconKind};
use leptos::prelude::*;

/// The button (named `label`, drawn as `icon`) and, while `open`, the menu `id` (named
/// `name`) holding `children`, its items.
#[component]
pub(super) fn RowMenu(
    label: String,
    icon: IconKind,
    id: String,
    name: &'static str,
    open: RwSignal<bool>,
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <div class="snooze">
            <button class="icon-button" aria-label=label aria-haspopup="menu"
                aria-expanded=move || open.get().to_string() aria-controls=id.clone()
                on:click=move |_| open.update(|o| *o = !*o)>
                <Icon kind=icon/>
            </button>
            <Show when=move || open.get()>
                <div class="menu snooze-menu" role="menu" id=id.clone() aria-label=name>
                    {children()}
                </div>
            </Show>
        </div>
    }
}

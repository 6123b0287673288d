//! A button that shows and hides a server-rendered part of the page (a form to fill,
//! a question to confirm, a menu on phones). Inside the part, a button with
//! `data-close` closes it, and so does a form in it that succeeded; focus then returns
//! to the button. Escape closes it too. Its state is `data-open` on its element, for
//! the stylesheet (which may hide what the open part replaces). Rendered on the server
//! only; `behaviour.rs` opens and closes it. The part is a `<template>` until it is
//! first opened (it is not on the page, its fields are not among the page's fields),
//! unless it is `eager` (on the page, shown and hidden by the stylesheet from
//! `data-open`: a menu that wide screens always show).

use super::icons::{Icon, IconKind};
use leptos::prelude::*;

#[component]
pub fn Reveal(
    /// The id of the part shown and hidden.
    id: impl Into<String>,
    /// The button's text.
    label: impl Into<String>,
    /// The button's accessible name, when its text is not enough.
    #[prop(optional, into)]
    name: Option<String>,
    /// The button's class.
    #[prop(optional)]
    class: &'static str,
    /// The element's class.
    #[prop(optional)]
    wrap: &'static str,
    /// An icon before the button's text.
    #[prop(optional)]
    icon: Option<IconKind>,
    #[prop(optional)] eager: bool,
    /// It stays open when a form in it succeeds (a list edited in place).
    #[prop(optional)]
    stay: bool,
    children: Children,
) -> impl IntoView {
    let id = id.into();
    let part = if eager {
        // Shown and hidden by the stylesheet, from `data-open`.
        view! { <div id=id.clone() class="disclosed">{children()}</div> }.into_any()
    } else {
        view! {
            <div id=id.clone() class="disclosed" hidden></div>
            <template data-part=id.clone()>{children()}</template>
        }
        .into_any()
    };
    view! {
        <div class=wrap data-disclosure="" data-open="false" data-eager=eager.then_some("") data-stay=stay.then_some("")>
            <button type="button" id=format!("{id}-button") class=class aria-label=name
                aria-expanded="false" aria-controls=id.clone() data-toggle="">
                {icon.map(|kind| view! { <Icon kind/> })}
                {label.into()}
            </button>
            {part}
        </div>
    }
}

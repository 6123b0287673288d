//! Small shared widgets: icons, formatting, the ticking clock, toasts, dialogs.

pub mod desktop;
pub mod format;
pub mod icons;
pub mod markup;
pub mod time;
pub mod toast;

/// Full page load of `url` (used after sign-in / sign-out so every part of the page
/// is rendered again for the new session).
pub fn hard_navigate(url: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// Moves keyboard focus to the element with `id`, if it is on the page.
pub fn focus_id(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = leptos::prelude::document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Sets a checkbox (the target of `ev`) to `on`: for a change the app refused or
/// postponed, so the box shows the value that holds.
pub fn set_checked(ev: &leptos::ev::Event, on: bool) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.set_checked(on);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, on);
}

use crate::error::AppError;
use leptos::prelude::*;

/// The error of the last attempt, announced to screen readers.
#[component]
pub fn FormError<T, S>(value: S) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    move || match value.get() {
        Some(Err(e)) => Some(view! { <p class="form-error" role="alert">{e.to_string()}</p> }),
        _ => None,
    }
}

/// Runs `f` each time an action's value becomes a success.
pub fn after_success<T, S>(value: S, f: impl Fn(T) + 'static)
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(v)) = value.get() {
            f(v);
        }
    });
}

/// Shows each failure of an action as an error toast (for actions that have no form to
/// show it in).
pub fn toast_failures<T, S>(value: S)
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + 'static,
{
    let toasts = toast::use_toasts();
    Effect::new(move |_| {
        if let Some(Err(e)) = value.get() {
            toasts.error(e.to_string());
        }
    });
}

/// A submit handler that sends the submitted form as multipart data through `action`
/// (used for forms with file inputs).
pub fn submit_multipart<O: 'static>(
    action: Action<web_sys::FormData, O>,
) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
    move |ev| {
        ev.prevent_default();
        use wasm_bindgen::JsCast;
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        if let Ok(data) = web_sys::FormData::new_with_form(&form) {
            action.dispatch_local(data);
        }
    }
}

/// The signed-in person's avatar: their picture, or their initials.
#[component]
pub fn Avatar() -> impl IntoView {
    let session = crate::app::use_session();
    move || {
        let (url, initials) = session
            .user
            .with(|u| u.as_ref().map(|u| (u.avatar_url(), u.initials())))
            .unwrap_or_default();
        match url {
            Some(src) => {
                view! { <img class="avatar" src=src alt="" aria-hidden="true"/> }.into_any()
            }
            None => view! { <span class="avatar" aria-hidden="true">{initials}</span> }.into_any(),
        }
    }
}

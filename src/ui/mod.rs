//! Small shared widgets: icons, formatting, the ticking clock, toasts, dialogs.

pub mod browser;
pub mod format;
pub mod icons;
pub mod markup;
pub mod session;
pub mod time;
pub mod toast;

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

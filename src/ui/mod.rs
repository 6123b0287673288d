//! Small shared widgets and the browser's plumbing: icons, formatting, relative times,
//! toasts, forms that answer in place, disclosures, and the refresh of the
//! server-rendered parts of a page.

pub mod behaviour;
pub mod browser;
pub mod disclosure;
pub mod form;
pub mod format;
pub mod icons;
pub mod markup;
pub mod refresh;
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

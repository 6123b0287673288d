//! A clock signal for relative times ("5m ago") that keeps ticking in the browser.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Now(pub RwSignal<i64>);

/// Provides `Now`: the server's time while rendering, then the browser's, every 15 s.
pub fn provide_now(server_now: i64) {
    let now = RwSignal::new(server_now);
    #[cfg(feature = "hydrate")]
    {
        now.set(js_sys::Date::now() as i64);
        let handle = set_interval_with_handle(
            move || now.set(js_sys::Date::now() as i64),
            std::time::Duration::from_secs(15),
        );
        if let Ok(h) = handle {
            on_cleanup(move || h.clear());
        }
    }
    provide_context(Now(now));
}

/// "just now", "5m ago", … that updates as time passes.
#[component]
pub fn RelativeTime(at: i64) -> impl IntoView {
    let now = use_context::<Now>().map(|n| n.0);
    let text = move || {
        let current = now.map(|n| n.get()).unwrap_or(at);
        crate::ui::format::relative_time(current, at)
    };
    view! { <time data-ts=at.to_string()>{text}</time> }
}

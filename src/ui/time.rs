//! A clock signal for relative times ("5m ago") that keeps ticking in the browser.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Now(pub RwSignal<i64>);

/// The time now: the server's clock while rendering there, the browser's in the browser.
pub fn current_time_ms() -> i64 {
    #[cfg(feature = "ssr")]
    {
        crate::server::AppState::get()
            .map(|s| s.clock.now_ms())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        js_sys::Date::now() as i64
    }
}

/// Provides `Now`, which ticks every 15 s in the browser.
pub fn provide_now(start: i64) {
    let now = RwSignal::new(start);
    #[cfg(feature = "hydrate")]
    {
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

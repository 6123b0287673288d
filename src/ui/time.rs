//! A clock signal for relative times ("5m ago") that keeps ticking in the browser.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Now(pub RwSignal<i64>);

/// When a server render happens, by the server's clock (provided with each render).
#[derive(Clone, Copy)]
pub struct RenderedAt(pub i64);

/// The time now: the browser's clock in the browser, the render's time on the server.
pub fn current_time_ms() -> i64 {
    super::browser::now_ms()
        .or_else(|| use_context::<RenderedAt>().map(|r| r.0))
        .unwrap_or_default()
}

/// Provides `Now`, which ticks every 15 s in the browser.
pub fn provide_now(start: i64) {
    let now = RwSignal::new(start);
    super::browser::every(std::time::Duration::from_secs(15), move || {
        if let Some(t) = super::browser::now_ms() {
            now.set(t)
        }
    });
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

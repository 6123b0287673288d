//! Relative times ("5m ago", "in 2h"): written when rendered, on the server or in an
//! island, and kept current in the browser by one ticker for the whole page.

use leptos::prelude::*;

/// When a server render happens, by the server's clock (provided with each render).
#[derive(Clone, Copy)]
pub struct RenderedAt(pub i64);

/// The time now: the browser's clock in the browser, the render's time on the server.
pub fn current_time_ms() -> i64 {
    super::browser::now_ms()
        .or_else(|| use_context::<RenderedAt>().map(|r| r.0))
        .unwrap_or_default()
}

/// "just now", "5m ago", … (kept current by `tick`).
#[component]
pub fn RelativeTime(at: i64) -> impl IntoView {
    let text = crate::ui::format::relative_time(current_time_ms(), at);
    view! { <time data-ts=at.to_string()>{text}</time> }
}

/// "in 5m", "in 2h", … "due now" (kept current by `tick`).
#[component]
pub fn TimeUntil(at: i64) -> impl IntoView {
    let text = crate::ui::format::relative_future(current_time_ms(), at);
    view! { <time data-until=at.to_string()>{text}</time> }
}

/// Every 15 s, rewrites every relative time on the page from the browser's clock.
/// Server: nothing.
pub fn tick() {
    #[cfg(feature = "hydrate")]
    {
        fn rewrite() {
            let Some(now) = super::browser::now_ms() else {
                return;
            };
            let doc = document();
            for (selector, key, text) in [
                (
                    "time[data-ts]",
                    "data-ts",
                    crate::ui::format::relative_time as fn(i64, i64) -> String,
                ),
                ("time[data-until]", "data-until", |now, at| {
                    crate::ui::format::relative_future(now, at)
                }),
            ] {
                let Ok(list) = doc.query_selector_all(selector) else {
                    continue;
                };
                for i in 0..list.length() {
                    use wasm_bindgen::JsCast;
                    let Some(el) = list
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    else {
                        continue;
                    };
                    if let Some(at) = el.get_attribute(key).and_then(|v| v.parse::<i64>().ok()) {
                        let fresh = text(now, at);
                        if el.text_content().as_deref() != Some(fresh.as_str()) {
                            el.set_text_content(Some(&fresh));
                        }
                    }
                }
            }
        }
        rewrite();
        let _ = set_interval_with_handle(rewrite, std::time::Duration::from_secs(15));
    }
}

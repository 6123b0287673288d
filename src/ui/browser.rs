//! Everything that touches the browser (window, document, storage, timers, the
//! Notification API) goes through these small functions, so the rest of the app is the
//! same code on the server and in the browser. Each says what it does while the server
//! renders a page: almost always nothing, because there is no browser there.

#[cfg(feature = "hydrate")]
use leptos::prelude::*;
use std::time::Duration;

/// Full page load of `url` (after sign-in / sign-out, so every part of the page is
/// rendered again for the new session). Server: nothing.
pub fn navigate_hard(url: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// What this browser keeps under `key` (localStorage), if anything. Server: nothing.
pub fn stored(key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    return window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(key).ok().flatten());
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

/// Keeps `value` under `key` in this browser (localStorage; a private window may refuse,
/// which changes nothing else). Server: nothing.
pub fn store(key: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = window().local_storage().ok().flatten() {
        let _ = s.set_item(key, value);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, value);
}

/// Moves keyboard focus to the element with `id`, if it is on the page. Server: nothing.
pub fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Moves focus `delta` places through the elements matching `selector` (wrapping round),
/// starting from the focused one, or from either end. Server: nothing.
pub fn focus_step(selector: &str, delta: i32) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let doc = document();
        let Ok(items) = doc.query_selector_all(selector) else {
            return;
        };
        let n = items.length() as i32;
        if n == 0 {
            return;
        }
        let active = doc.active_element();
        let at = (0..n).find(|i| {
            matches!((items.item(*i as u32), active.as_ref()), (Some(node), Some(a)) if node.is_same_node(Some(a)))
        });
        let next = match at {
            Some(at) => (at + delta).rem_euclid(n),
            None if delta > 0 => 0,
            None => n - 1,
        };
        if let Some(el) = items
            .item(next as u32)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (selector, delta);
}

/// The element matching `control` inside the element matching `container` that holds
/// focus.
#[cfg(feature = "hydrate")]
fn in_focused(container: &str, control: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    document()
        .active_element()
        .and_then(|a| a.closest(container).ok().flatten())
        .and_then(|c| c.query_selector(control).ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Clicks the control matching `control` inside the element matching `container` that
/// holds focus; whether there was one to click. Server: never.
pub fn click_in_focused(container: &str, control: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        in_focused(container, control)
            .map(|el| el.click())
            .is_some()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (container, control);
        false
    }
}

/// Focuses the control matching `control` inside the element matching `container` that
/// holds focus. Server: nothing.
pub fn focus_in_focused(container: &str, control: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = in_focused(container, control) {
        let _ = el.focus();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (container, control);
}

/// Whether a click landed on one of the controls inside the clicked element (a button,
/// link or form field, other than the one with class `except`), which then keeps its own
/// action. Server: never.
pub fn on_inner_control(ev: &leptos::ev::MouseEvent, except: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| {
                el.closest("button, a, input, select, textarea, label")
                    .ok()
                    .flatten()
            })
            .is_some_and(|control| !control.class_list().contains(except))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ev, except);
        false
    }
}

/// Keeps Tab and Shift+Tab inside the element with `id` (a modal dialog): from its last
/// control to its first and back, and back inside if focus has left it. Server: nothing.
pub fn trap_tab(ev: &web_sys::KeyboardEvent, id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if ev.key() != "Tab" {
            return;
        }
        let doc = document();
        let Some(root) = doc.get_element_by_id(id) else {
            return;
        };
        let Ok(list) = root.query_selector_all(
            "button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])",
        ) else {
            return;
        };
        let controls: Vec<web_sys::HtmlElement> = (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
            .collect();
        let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
            return;
        };
        let active = doc.active_element();
        let inside = active.as_ref().is_some_and(|a| root.contains(Some(a)));
        let at = |el: &web_sys::HtmlElement| {
            active
                .as_ref()
                .is_some_and(|a| a.is_same_node(Some(el.unchecked_ref())))
        };
        let to = if !inside {
            Some(if ev.shift_key() { last } else { first })
        } else if ev.shift_key() && at(first) {
            Some(last)
        } else if !ev.shift_key() && at(last) {
            Some(first)
        } else {
            None
        };
        if let Some(el) = to {
            ev.prevent_default();
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, id);
}

/// Runs `f` on the next animation frame. Server: nothing.
pub fn next_frame(f: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(f);
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}

/// Runs `f` once after `delay`. Server: nothing.
pub fn after(delay: Duration, f: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    set_timeout(f, delay);
    #[cfg(not(feature = "hydrate"))]
    let _ = (delay, f);
}

/// Calls `f` with every key pressed anywhere in the window, for as long as the calling
/// component lives. Server: nothing.
pub fn on_key(f: impl Fn(web_sys::KeyboardEvent) + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let keys = window_event_listener(leptos::ev::keydown, f);
        on_cleanup(move || keys.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}

/// Whether a key went to a field being typed in (a text box, a list, a text area), where
/// keys mean typing, not shortcuts. Server: never.
pub fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return false;
        };
        match el.tag_name().as_str() {
            "TEXTAREA" | "SELECT" => true,
            "INPUT" => !matches!(
                el.get_attribute("type").as_deref(),
                Some("checkbox" | "radio" | "button" | "submit" | "reset")
            ),
            _ => el.get_attribute("contenteditable").is_some(),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// A `datetime-local` value ("2026-11-24T09:30", the browser's own time zone) as a
/// timestamp in ms. Server: `None` (the server does not know the person's time zone).
pub fn local_datetime_ms(value: &str) -> Option<i64> {
    #[cfg(feature = "hydrate")]
    {
        let t = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
        (!t.is_nan()).then_some(t as i64)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = value;
        None
    }
}

/// A way to snooze: what the menu says, how the confirmation says it, when it ends.
#[derive(Clone, Debug)]
pub struct SnoozeChoice {
    pub label: String,
    pub phrase: String,
    pub until: i64,
}

/// The four snooze choices from now, in the browser's own time zone, each with what it
/// is called and when it ends: an hour from now; tonight (20:00, or the next full hour
/// if that is sooner than an hour away); tomorrow at 09:00; next Monday at 09:00.
/// Server: none (the server does not know the person's time zone).
pub fn snooze_choices() -> Vec<SnoozeChoice> {
    #[cfg(feature = "hydrate")]
    {
        use js_sys::Date;
        let now = Date::now();
        let at = |days: f64, hour: u32| {
            let d = Date::new(&wasm_bindgen::JsValue::from_f64(now));
            d.set_hours(hour);
            d.set_minutes(0);
            d.set_seconds(0);
            d.set_milliseconds(0);
            // Calendar days (daylight saving changes keep 09:00 at 09:00).
            d.set_date(d.get_date() + days as u32);
            d
        };
        let clock = |d: &Date| format!("{:02}:{:02}", d.get_hours(), d.get_minutes());
        let mut tonight = at(0.0, 20);
        if tonight.get_time() < now + 3_600_000.0 {
            let next = Date::new(&wasm_bindgen::JsValue::from_f64(now + 7_200_000.0));
            next.set_minutes(0);
            next.set_seconds(0);
            next.set_milliseconds(0);
            tonight = next;
        }
        let tomorrow = at(1.0, 9);
        // Monday is day 1; from a Monday, the next one is a week away.
        let to_monday = (8 - Date::new(&wasm_bindgen::JsValue::from_f64(now)).get_day()) % 7;
        let monday = at(
            if to_monday == 0 {
                7.0
            } else {
                to_monday as f64
            },
            9,
        );
        vec![
            SnoozeChoice {
                label: "For 1 hour".into(),
                phrase: "for 1 hour".into(),
                until: (now + 3_600_000.0) as i64,
            },
            SnoozeChoice {
                label: format!("Tonight, {}", clock(&tonight)),
                phrase: format!("until tonight, {}", clock(&tonight)),
                until: tonight.get_time() as i64,
            },
            SnoozeChoice {
                label: format!("Tomorrow, {}", clock(&tomorrow)),
                phrase: format!("until tomorrow, {}", clock(&tomorrow)),
                until: tomorrow.get_time() as i64,
            },
            SnoozeChoice {
                label: format!("Next week, Monday {}", clock(&monday)),
                phrase: format!("until Monday, {}", clock(&monday)),
                until: monday.get_time() as i64,
            },
        ]
    }
    #[cfg(not(feature = "hydrate"))]
    Vec::new()
}

/// The browser's time zone (an IANA name, "Europe/Berlin"). Server: `None`.
pub fn time_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                .resolved_options();
        js_sys::Reflect::get(&options, &wasm_bindgen::JsValue::from_str("timeZone"))
            .ok()?
            .as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// The time now in ms: the browser's clock. Server: `None` (use the server's clock).
pub fn now_ms() -> Option<i64> {
    #[cfg(feature = "hydrate")]
    {
        Some(js_sys::Date::now() as i64)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// While `dirty()` holds, leaving the page asks `question` first: following a link on
/// the page (our own question), and closing or reloading the tab (the browser's own
/// prompt, not asked again after a yes to ours). The guard lives as long as the calling
/// component. Server: nothing.
pub fn confirm_leaving(
    dirty: impl Fn() -> bool + Clone + Send + Sync + 'static,
    question: &'static str,
) {
    #[cfg(feature = "hydrate")]
    {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        use wasm_bindgen::prelude::*;
        use wasm_bindgen::JsCast;
        let agreed = Arc::new(AtomicBool::new(false));
        let unload_dirty = dirty.clone();
        let unload_agreed = agreed.clone();
        let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if unload_dirty() && !unload_agreed.load(Ordering::Relaxed) {
                ev.prevent_default();
                ev.set_return_value("");
            }
        });
        // Capture phase, before anything else sees the click.
        let on_click =
            Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
                if !dirty() {
                    return;
                }
                let link = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("a[href]").ok().flatten());
                if link.is_none() {
                    return;
                }
                if window().confirm_with_message(question).unwrap_or(true) {
                    agreed.store(true, Ordering::Relaxed);
                } else {
                    ev.prevent_default();
                    ev.stop_immediate_propagation();
                }
            });
        let _ = window().add_event_listener_with_callback_and_bool(
            "click",
            on_click.as_ref().unchecked_ref(),
            true,
        );
        let on_click = send_wrapper::SendWrapper::new(on_click);
        on_cleanup(move || {
            unload.remove();
            let _ = window().remove_event_listener_with_callback_and_bool(
                "click",
                on_click.as_ref().unchecked_ref(),
                true,
            );
            drop(on_click);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (dirty, question);
}

/// Desktop (operating-system) notifications, opt-in per browser: the choice is kept in
/// this browser's local storage, the permission is the browser's.
pub mod desktop {
    #[cfg(feature = "hydrate")]
    use leptos::prelude::*;

    #[cfg(feature = "hydrate")]
    const KEY: &str = "pd-desktop-notifications";

    /// Where this browser stands.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Desktop {
        /// The browser has no notifications API.
        Unsupported,
        /// The browser blocks notifications from this site.
        Denied,
        /// Allowed by the browser and turned on here.
        On,
        /// Not turned on (the browser may not have been asked yet).
        Off,
    }

    #[cfg(feature = "hydrate")]
    fn storage() -> Option<web_sys::Storage> {
        window().local_storage().ok().flatten()
    }

    /// Where this browser stands. Server: `Off`.
    pub fn state() -> Desktop {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsValue;
            let supported = js_sys::Reflect::has(&window(), &JsValue::from_str("Notification"))
                .unwrap_or(false);
            if !supported {
                return Desktop::Unsupported;
            }
            match web_sys::Notification::permission() {
                web_sys::NotificationPermission::Denied => Desktop::Denied,
                web_sys::NotificationPermission::Granted
                    if storage()
                        .and_then(|s| s.get_item(KEY).ok().flatten())
                        .as_deref()
                        == Some("on") =>
                {
                    Desktop::On
                }
                _ => Desktop::Off,
            }
        }
        #[cfg(not(feature = "hydrate"))]
        Desktop::Off
    }

    /// Asks the browser for permission (if needed) and turns desktop notifications on;
    /// returns where things stand afterwards. Server: `Off`.
    pub async fn turn_on() -> Desktop {
        #[cfg(feature = "hydrate")]
        {
            if state() == Desktop::Unsupported {
                return Desktop::Unsupported;
            }
            if let Ok(promise) = web_sys::Notification::request_permission() {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            }
            if web_sys::Notification::permission() == web_sys::NotificationPermission::Granted {
                if let Some(s) = storage() {
                    let _ = s.set_item(KEY, "on");
                }
            }
        }
        state()
    }

    /// Turns them off in this browser. Server: nothing.
    pub fn turn_off() {
        #[cfg(feature = "hydrate")]
        if let Some(s) = storage() {
            let _ = s.remove_item(KEY);
        }
    }

    /// Shows a desktop notification, if turned on. Notifications with the same `tag`
    /// replace each other, so tabs of one browser show an item once. Server: nothing.
    pub fn show(title: &str, body: &str, tag: &str) {
        #[cfg(feature = "hydrate")]
        if state() == Desktop::On {
            let options = web_sys::NotificationOptions::new();
            options.set_body(body);
            options.set_tag(tag);
            let _ = web_sys::Notification::new_with_options(title, &options);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (title, body, tag);
    }
}

/// Makes the islands inside `root` interactive (after it was put on the page by a
/// refresh): the page's loader does it, as for the first load.
#[cfg(feature = "hydrate")]
pub fn hydrate_islands_in(root: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    let hydrate = js_sys::Reflect::get(&window(), &"__pdHydrate".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(f) = hydrate {
        let _ = f.call1(&wasm_bindgen::JsValue::NULL, root);
    }
}

/// Shows the page in `theme` ("light" or "dark") at once. Server: nothing.
pub fn set_theme(theme: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-theme", theme);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = theme;
}

/// Work waiting for the page to be interactive (`None` once it is).
#[cfg(feature = "hydrate")]
type Waiting = Option<Vec<Box<dyn FnOnce()>>>;

#[cfg(feature = "hydrate")]
thread_local! {
    static AFTER_HYDRATION: std::cell::RefCell<Waiting> = std::cell::RefCell::new(Some(Vec::new()));
}

/// Runs `f` once every island of the page is interactive (at once if they already are):
/// for code fetched in the background, after what the page needs first. Server: nothing.
pub fn after_hydration(f: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let mut f = Some(Box::new(f) as Box<dyn FnOnce()>);
        AFTER_HYDRATION.with(|queue| {
            if let Some(q) = queue.borrow_mut().as_mut() {
                q.extend(f.take());
            }
        });
        if let Some(f) = f {
            f();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}

/// Runs what waited for the page's islands to be interactive (the page's loader calls
/// it once they are).
#[cfg(feature = "hydrate")]
pub fn hydration_done() {
    let waiting = AFTER_HYDRATION.with(|queue| queue.borrow_mut().take());
    for f in waiting.into_iter().flatten() {
        f();
    }
}

/// Shows `n` in the badge inside `button` ("99+" past 99; hidden at 0).
#[cfg(feature = "hydrate")]
pub fn show_badge(button: &web_sys::Element, n: i64) {
    if let Ok(Some(badge)) = button.query_selector(".badge") {
        badge.set_text_content(Some(&crate::ui::format::badge_text(n)));
        if n > 0 {
            let _ = badge.remove_attribute("hidden");
        } else {
            let _ = badge.set_attribute("hidden", "");
        }
    }
}

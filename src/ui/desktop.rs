//! Desktop (browser) notifications for new high-priority items, opt-in per browser:
//! the choice is kept in this browser's local storage, the permission is the browser's.

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

pub fn state() -> Desktop {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsValue;
        let supported =
            js_sys::Reflect::has(&window(), &JsValue::from_str("Notification")).unwrap_or(false);
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
/// returns where things stand afterwards.
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

pub fn turn_off() {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}

/// Shows a desktop notification for a new high-priority item, if turned on. Tabs of the
/// same browser share the tag, so one item shows once.
pub fn show(n: &crate::notifications::Notification) {
    #[cfg(feature = "hydrate")]
    if n.high_priority && state() == Desktop::On {
        let options = web_sys::NotificationOptions::new();
        options.set_body(&n.message);
        options.set_tag(&format!("pd-{}", n.id));
        let _ = web_sys::Notification::new_with_options(&n.title, &options);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = n;
}

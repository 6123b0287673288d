//! Toasts: short messages in a polite live region. Every part of a page says them
//! through one `Toasts`; a message said just before the browser goes to another page
//! (`carry`) is shown there.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

/// Where a message waits for the next page of this tab.
#[cfg(feature = "hydrate")]
const CARRIED: &str = "pd-toast";

impl Toasts {
    pub fn provide() -> Toasts {
        let t = Toasts {
            items: RwSignal::new(Vec::new()),
            next: StoredValue::new(1),
        };
        provide_context(t);
        t
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(text.into(), false);
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(text.into(), true);
    }

    /// Shows `text` on the next page this tab opens (it is about to leave this one).
    pub fn carry(&self, text: impl Into<String>) {
        #[cfg(feature = "hydrate")]
        if let Ok(Some(s)) = window().session_storage() {
            let _ = s.set_item(CARRIED, &text.into());
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = text;
    }

    /// Shows what the previous page carried here, if anything.
    pub fn take_carried(&self) {
        #[cfg(feature = "hydrate")]
        if let Ok(Some(s)) = window().session_storage() {
            if let Ok(Some(text)) = s.get_item(CARRIED) {
                let _ = s.remove_item(CARRIED);
                self.success(text);
            }
        }
    }

    fn push(&self, text: String, error: bool) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|v| v.push(Toast { id, text, error }));
        let items = self.items;
        super::browser::after(std::time::Duration::from_secs(6), move || {
            items.update(|v| v.retain(|t| t.id != id))
        });
    }

    pub fn dismiss(&self, id: u64) {
        self.items.update(|v| v.retain(|t| t.id != id));
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Where toasts show: rendered empty on the server, filled by `show` in the browser.
#[component]
pub fn ToastRegion() -> impl IntoView {
    view! { <div class="toasts" id="toasts" role="status" aria-live="polite"></div> }
}

/// Shows the toasts of `toasts` in the page's region as they come and go, each with a
/// Close button; and what the previous page carried here. Browser only.
#[cfg(feature = "hydrate")]
pub fn show(toasts: Toasts) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let Some(region) = document().get_element_by_id("toasts") else {
        return;
    };
    let close = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let id = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("[data-toast]").ok().flatten())
            .and_then(|el| el.get_attribute("data-toast"))
            .and_then(|id| id.parse::<u64>().ok());
        let on_button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("button").ok().flatten())
            .is_some();
        if let (Some(id), true) = (id, on_button) {
            toasts.dismiss(id);
        }
    });
    let _ = region.add_event_listener_with_callback("click", close.as_ref().unchecked_ref());
    // Lives as long as the page.
    close.forget();
    Effect::new(move |_| {
        let items = toasts.items.get();
        let doc = document();
        // Gone ones leave; new ones are added after the others (the ones shown stay).
        let shown = region.children();
        for i in (0..shown.length()).rev() {
            if let Some(el) = shown.item(i) {
                let id = el
                    .get_attribute("data-toast")
                    .and_then(|v| v.parse::<u64>().ok());
                if !items.iter().any(|t| Some(t.id) == id) {
                    el.remove();
                }
            }
        }
        for t in &items {
            if region
                .query_selector(&format!("[data-toast=\"{}\"]", t.id))
                .ok()
                .flatten()
                .is_some()
            {
                continue;
            }
            let (Ok(el), Ok(text), Ok(button)) = (
                doc.create_element("div"),
                doc.create_element("span"),
                doc.create_element("button"),
            ) else {
                continue;
            };
            let _ = el.set_attribute(
                "class",
                if t.error {
                    "toast toast-error"
                } else {
                    "toast"
                },
            );
            let _ = el.set_attribute("data-toast", &t.id.to_string());
            text.set_text_content(Some(&t.text));
            let _ = button.set_attribute("class", "icon-button");
            let _ = button.set_attribute("aria-label", "Close message");
            // A fixed icon of this app's own markup (no text of anyone's in it).
            button.set_inner_html(crate::ui::icons::CLOSE_SVG);
            let _ = el.append_child(&text);
            let _ = el.append_child(&button);
            let _ = region.append_child(&el);
        }
    });
    toasts.take_carried();
}
